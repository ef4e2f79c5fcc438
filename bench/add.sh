#!/usr/bin/env bash
# Whole-process time of `gonew-prod add --dry-run all` on a generated repository of 600
# Go files (bench/lib/bigrepo.sh), median and max of 5 runs. The dry run plans
# everything add would write, go mod tidy of a scratch copy included (with a warm module
# cache); only the build check of a real run is left out. Prints figures; asserts nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib/bigrepo.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/gonew-prod" "$root/cmd/gonew-prod"
make_big_repo "$work/repo"
(cd "$work/repo" && git init -q && git add -A && git -c user.name=bench -c user.email=bench@example.invalid commit -qm repo)
files=$(find "$work/repo" -name '*.go' | wc -l)
"$work/gonew-prod" add --dry-run --dir "$work/repo" all > /dev/null 2>&1 # warm the module cache
times=()
for _ in $(seq 1 5); do
  start=$(date +%s%N)
  "$work/gonew-prod" add --dry-run --dir "$work/repo" all > /dev/null 2>&1
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
echo "gonew-prod add --dry-run all, $files Go files, whole process: $(median_ms "${times[@]}")"
