package audit

import (
	"strings"
	"testing"
)

// TestPprofPerRouteChecks audits admin listeners whose token check wraps single
// profile routes rather than the whole handler: every route that serves profiles
// must then be behind a check of its own, since pprof.Index alone serves every named
// profile (heap, goroutine stacks, allocs, ...).
func TestPprofPerRouteChecks(t *testing.T) {
	const (
		unguarded = "pprof is served on a separate listener without authentication on some profile routes"
		loopback  = "pprof is served on a separate loopback listener without authentication on some profile routes"
		guarded   = "pprof is served on a separate listener that checks a token"
	)
	const indexBare = "admin.HandleFunc(\"/debug/pprof/\", pprof.Index)\n\tadmin.HandleFunc(\"/debug/pprof/profile\", authed(pprof.Profile))"
	const bothWrapped = "admin.HandleFunc(\"/debug/pprof/\", authed(pprof.Index))\n\tadmin.HandleFunc(\"/debug/pprof/profile\", authed(pprof.Profile))"
	runCheckCases(t, []checkCase{
		{name: "pprof.Index mounted bare beside a guarded pprof.Profile", files: mainFiles("example.test/pr", perRouteAdmin(indexBare, ":6060", "admin", false)), check: "pprof", want: Fail, message: unguarded},
		{name: "the same on a loopback listener", files: mainFiles("example.test/pr", perRouteAdmin(indexBare, "127.0.0.1:6060", "admin", false)), check: "pprof", want: Warn, message: loopback},
		{name: "the same, the mux built by a function the server's handler calls", files: mainFiles("example.test/pr", perRouteAdmin(indexBare, ":6060", "adminMux()", true)), check: "pprof", want: Fail, message: unguarded},
		{name: "pprof.Index wrapped in http.HandlerFunc without the check", files: mainFiles("example.test/pr", perRouteAdmin(strings.Replace(indexBare, "pprof.Index)", "http.HandlerFunc(pprof.Index))", 1), ":6060", "admin", false)), check: "pprof", want: Fail, message: unguarded},
		{name: "every profile route wrapped in the check", files: mainFiles("example.test/pr", perRouteAdmin(bothWrapped, ":6060", "admin", false)), check: "pprof", want: Pass, message: guarded},
		{name: "every profile route wrapped, the mux built by a function", files: mainFiles("example.test/pr", perRouteAdmin(bothWrapped, ":6060", "adminMux()", true)), check: "pprof", want: Pass, message: guarded},
		{name: "a middleware wrapping the whole admin mux beside one wrapped route", files: mainFiles("example.test/pr", perRouteAdmin(indexBare, ":6060", "guard(admin)", false)), check: "pprof", want: Pass, message: guarded},
		{name: "a middleware wrapping the whole mux a function builds", files: mainFiles("example.test/pr", perRouteAdmin(indexBare, ":6060", "guard(adminMux())", true)), check: "pprof", want: Pass, message: guarded},
		{name: "a handler function of the route that checks the token before serving the index", files: mainFiles("example.test/pr", perRouteAdmin("admin.HandleFunc(\"/debug/pprof/\", func(w http.ResponseWriter, r *http.Request) {\n\t\tif !ok(r) {\n\t\t\thttp.Error(w, \"no\", http.StatusUnauthorized)\n\t\t\treturn\n\t\t}\n\t\tpprof.Index(w, r)\n\t})\n\tadmin.HandleFunc(\"/debug/pprof/profile\", authed(pprof.Profile))", ":6060", "admin", false)), check: "pprof", want: Pass, message: guarded},
	})
}

// perRouteAdmin returns a main that registers regs on the mux admin (in main, or
// in adminMux when builder is set), serves handler on addr and an API mux on :8080.
// authed and guard check a bearer token in constant time, refusing an empty one;
// ok is the same check as a function.
func perRouteAdmin(regs, addr, handler string, builder bool) string {
	build := "\tadmin := http.NewServeMux()\n\t" + regs + "\n"
	var fn string
	if builder {
		fn = "func adminMux() *http.ServeMux {\n" + build + "\treturn admin\n}\n"
		build = ""
	}
	return `package main

import (
	"crypto/subtle"
	"net/http"
	"net/http/pprof"
	"os"
	"time"
)

var token = os.Getenv("PPROF_TOKEN")

func ok(r *http.Request) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+token)) == 1
}

func authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if token == "" || subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+token)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		h(w, r)
	}
}

func guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token == "" || subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+token)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

` + fn + `
func main() {
` + build + `	go (&http.Server{Addr: "` + addr + `", Handler: ` + handler + `, ReadHeaderTimeout: time.Second}).ListenAndServe()
	api := http.NewServeMux()
	api.HandleFunc("GET /v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	(&http.Server{Addr: ":8080", Handler: api, ReadHeaderTimeout: time.Second}).ListenAndServe()
}
`
}
