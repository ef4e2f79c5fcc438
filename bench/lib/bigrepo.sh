# make_big_repo DIR writes a Go repository of 601 files into DIR: 60 packages of 10 files
# each, and one main package (cmd/api) importing them all and serving HTTP.
make_big_repo() {
  local repo=$1
  mkdir -p "$repo/cmd/api"
  printf 'module example.test/big\n\ngo 1.26.0\n' > "$repo/go.mod"
  local imports=""
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
}

# median_ms prints the median and max of its arguments (milliseconds).
median_ms() {
  local sorted=($(printf '%s\n' "$@" | sort -n))
  echo "median ${sorted[$(( ${#sorted[@]} / 2 ))]} ms, max ${sorted[$(( ${#sorted[@]} - 1 ))]} ms (${#sorted[@]} runs)"
}
