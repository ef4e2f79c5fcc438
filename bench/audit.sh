#!/usr/bin/env bash
# Whole-process time of `gonew-prod audit`, median and max of 10 runs, on two generated
# repositories: 601 Go files (60 packages of 10 files, one main package importing them
# all), and 360 Go files where 40 main packages share a chain of 80 packages. Prints
# figures; asserts nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib/bigrepo.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/gonew-prod" "$root/cmd/gonew-prod"
make_big_repo "$work/big"
make_mains_repo "$work/mains"
for repo in big mains; do
  files=$(find "$work/$repo" -name '*.go' | wc -l)
  mains=$(grep -rl '^func main()' "$work/$repo" | wc -l)
  times=()
  for _ in $(seq 1 10); do
    start=$(date +%s%N)
    "$work/gonew-prod" audit --fail-on never --format json "$work/$repo" > /dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  echo "gonew-prod audit, $files Go files, $mains main packages, whole process: $(median_ms "${times[@]}")"
done
