#!/usr/bin/env bash
# Whole-process time of `gonew-prod new` next to its physical limit, from a binary built
# like a release (make build). On each filesystem of NEW_BENCH_DIRS (default: the temporary
# directory and /dev/shm, a tmpfs, when writable), RUNS rounds (default 21) run one after
# the other:
#   new --yes --no-tidy --no-git   gin-default: the default preset, every feature
#   new --yes --no-git             the default `new` of the built-in preset (it tidies only
#                                  when a pack changes the imports)
#   cp -r                          a copy of the tree `new` writes, on the same filesystem
# and the median and max of each are printed, with the ratio of the medians of
# `new --no-tidy` and `cp -r`. Figures only: no threshold is asserted. The machine's load
# is printed before and after, since other work on it shows in every figure.
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build >/dev/null
runs=${RUNS:-21}
dirs=${NEW_BENCH_DIRS:-"${TMPDIR:-/tmp} /dev/shm"}
module=example.com/acme/orders

work=""
trap 'if [ -n "$work" ]; then rm -rf "$work"; fi' EXIT

# elapsed CMD... prints the wall time of CMD in microseconds; its output is dropped.
elapsed() {
	local start end
	start=$(date +%s%N)
	"$@" >/dev/null 2>&1
	end=$(date +%s%N)
	echo $(((end - start) / 1000))
}

# summary NAME US... prints the median and max of the times (microseconds) and sets
# median_us.
summary() {
	local name=$1
	shift
	local sorted n
	sorted=($(printf '%s\n' "$@" | sort -n))
	n=${#sorted[@]}
	median_us=${sorted[$((n / 2))]}
	printf '  %-28s median %6.1f ms, max %6.1f ms\n' "$name" \
		"$(awk -v us="$median_us" 'BEGIN { print us / 1000 }')" \
		"$(awk -v us="${sorted[$((n - 1))]}" 'BEGIN { print us / 1000 }')"
}

echo "gonew-prod new, $runs rounds per filesystem; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) before"
for base in $dirs; do
	if [ ! -d "$base" ] || [ ! -w "$base" ]; then
		echo "$base: not a writable directory, skipped"
		continue
	fi
	work=$(mktemp -d -p "$base" gonew-prod-bench.XXXXXX)
	bin/gonew-prod new --yes --no-tidy --no-git --module "$module" "$work/reference" >/dev/null 2>&1
	files=$(find "$work/reference" -type f | wc -l)
	bytes=$(du -sk "$work/reference" | cut -f1)
	new_times=()
	default_times=()
	cp_times=()
	for i in $(seq "$runs"); do
		new_times+=($(elapsed bin/gonew-prod new --yes --no-tidy --no-git --module "$module" "$work/new$i"))
		default_times+=($(elapsed bin/gonew-prod new --yes --no-git --module "$module" "$work/default$i"))
		cp_times+=($(elapsed cp -r "$work/reference" "$work/copy$i"))
	done
	for i in $(seq "$runs"); do
		if ! diff -r "$work/reference" "$work/new$i" >/dev/null; then
			echo "$work/new$i differs from the reference tree" >&2
			exit 1
		fi
	done
	echo "$base ($(df --output=fstype "$work" | tail -n 1), $files files, $bytes KiB):"
	summary "new --no-tidy --no-git" "${new_times[@]}"
	new_median=$median_us
	summary "new --no-git (default)" "${default_times[@]}"
	summary "cp -r of the same tree" "${cp_times[@]}"
	awk -v n="$new_median" -v c="$median_us" 'BEGIN { printf "  new --no-tidy / cp -r: %.2f (medians)\n", n / c }'
	rm -rf "$work"
	work=""
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
