#!/usr/bin/env bash
# Whole-process time of `gonew-prod audit` on a generated repository of 600 Go files
# (60 packages of 10 files, one main package importing them all), median and max of
# 10 runs. Prints figures; asserts nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/gonew-prod" "$root/cmd/gonew-prod"
repo="$work/repo"
mkdir -p "$repo/cmd/api"
printf 'module example.test/big\n\ngo 1.26\n' > "$repo/go.mod"
imports=""
for p in $(seq -w 1 60); do
  mkdir -p "$repo/internal/p$p"
  imports="$imports	_ \"example.test/big/internal/p$p\"
"
  for f in $(seq 1 10); do
    {
      printf 'package p%s\n\nimport (\n\t"context"\n\t"fmt"\n\t"net/http"\n\t"time"\n)\n\n' "$p"
      for fn in $(seq 1 8); do
        printf '// F%s_%s handles a request.\nfunc F%s_%s(ctx context.Context, w http.ResponseWriter, r *http.Request) error {\n\tctx, cancel := context.WithTimeout(ctx, %s*time.Second)\n\tdefer cancel()\n\tif r.URL.Path == "/v1/item/%s" {\n\t\tfmt.Fprintf(w, "%%v", ctx.Err())\n\t}\n\treturn nil\n}\n\n' "$f" "$fn" "$f" "$fn" "$fn" "$fn"
      done
    } > "$repo/internal/p$p/f$f.go"
  done
done
cat > "$repo/cmd/api/main.go" <<GO
package main

import (
	"net/http"
	"time"
$imports)

func main() {
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: time.Second}
	_ = srv.ListenAndServe()
}
GO
files=$(find "$repo" -name '*.go' | wc -l)
times=()
for _ in $(seq 1 10); do
  start=$(date +%s%N)
  "$work/gonew-prod" audit --fail-on never --format json "$repo" > /dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "gonew-prod audit, $files Go files, whole process: median ${sorted[4]} ms, max ${sorted[9]} ms (10 runs)"
