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

# make_mains_repo DIR writes a Go repository of 360 files into DIR where 40 main
# packages share one program: 80 packages of 4 files in an import chain (each imports
# the one before it), methods calling methods, and cmd/svcN (N = 1..40) each serving a
# mux with the last package's handler.
make_mains_repo() {
  local repo=$1
  mkdir -p "$repo"
  printf 'module example.test/mains\n\ngo 1.26.0\n' > "$repo/go.mod"
  for p in $(seq 1 80); do
    mkdir -p "$repo/internal/p$p"
    for f in $(seq 1 4); do
      {
        printf 'package p%s\n\nimport (\n\t"fmt"\n\t"net/http"\n' "$p"
        if [ "$f" = 1 ] && [ "$p" -gt 1 ]; then
          printf '\n\t"example.test/mains/internal/p%s"\n' $((p - 1))
        fi
        printf ')\n\n'
        if [ "$f" = 1 ]; then
          printf '// Svc serves requests.\ntype Svc struct{ cache map[string]string }\n\n'
          printf '// New returns a Svc.\nfunc New() *Svc {\n'
          [ "$p" -gt 1 ] && printf '\t_ = p%s.New()\n' $((p - 1))
          printf '\treturn &Svc{cache: map[string]string{}}\n}\n\n'
          printf 'func (s *Svc) load(k string) string { return s.cache[k] }\n\n'
        fi
        for k in $(seq 1 10); do
          printf '// Handle%s_%s serves a request.\nfunc (s *Svc) Handle%s_%s(w http.ResponseWriter, r *http.Request) {\n\tif r.URL.Path == "/v1/items/%s" {\n\t\tw.Header().Set("Content-Type", "text/plain")\n\t}\n\tfmt.Fprint(w, s.load("%s"))\n}\n\n' "$f" "$k" "$f" "$k" "$k" "$k"
        done
      } > "$repo/internal/p$p/f$f.go"
    done
  done
  for m in $(seq 1 40); do
    mkdir -p "$repo/cmd/svc$m"
    cat > "$repo/cmd/svc$m/main.go" <<GO
package main

import (
	"net/http"
	"time"

	"example.test/mains/internal/p80"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/items", p80.New().Handle1_1)
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	_ = srv.ListenAndServe()
}
GO
  done
}

# median_ms prints the median and max of its arguments (milliseconds).
median_ms() {
  local sorted=($(printf '%s\n' "$@" | sort -n))
  echo "median ${sorted[$(( ${#sorted[@]} / 2 ))]} ms, max ${sorted[$(( ${#sorted[@]} - 1 ))]} ms (${#sorted[@]} runs)"
}
