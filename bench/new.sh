#!/usr/bin/env bash
# Whole-process time of `gonew-prod new --yes --no-tidy --no-git` (render + write), median
# and max of 20 runs, from a binary built like a release (make build). Figures only: no
# threshold is asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
runs=20
times=()
for i in $(seq "$runs"); do
	start=$(date +%s%N)
	bin/gonew-prod new --yes --no-tidy --no-git --module example.com/acme/orders "$work/o$i" 2>/dev/null
	end=$(date +%s%N)
	times+=($(((end - start) / 1000)))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
echo "gonew-prod new (default preset, $(find "$work/o1" -type f | wc -l) files):" \
	"median $(ms "${sorted[$((runs / 2))]}") ms, max $(ms "${sorted[$((runs - 1))]}") ms over $runs runs"
