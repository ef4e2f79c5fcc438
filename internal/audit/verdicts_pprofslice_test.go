package audit

import (
	"strings"
	"testing"
)

// TestPprofSliceRouteTable audits profiles mounted from a route table that is a slice
// of structs, ranged over with a field of the loop's value in route and handler
// position (for _, r := range routes { mux.HandleFunc(r.path, r.h) }), as the map form
// is read: on the public mux FAIL, on a loopback mux the separate-listener WARN.
func TestPprofSliceRouteTable(t *testing.T) {
	main := func(table, mux, serve string) map[string]string {
		return mainFiles("example.test/p", strings.NewReplacer("TABLE", table, "MUX", mux, "SERVE", serve).Replace(`package main

import (
	"net/http"
	"net/http/pprof"
	"time"
)

type route struct {
	path string
	h    http.HandlerFunc
}

func main() {
	api := http.NewServeMux()
	api.HandleFunc("/v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	debug := http.NewServeMux()
	TABLE
		MUX.HandleFunc(r.path, r.h)
	}
	SERVE
	srv := &http.Server{Addr: ":8080", Handler: api, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`))
	}
	const (
		literal  = "for _, r := range []route{{\"/debug/pprof/\", pprof.Index}, {\"/debug/pprof/profile\", pprof.Profile}} {"
		variable = "routes := []route{\n\t\t{path: \"/debug/pprof/\", h: pprof.Index},\n\t\t{path: \"/debug/pprof/profile\", h: pprof.Profile},\n\t}\n\tfor _, r := range routes {"
		loopback = "go http.ListenAndServe(\"127.0.0.1:6060\", debug)"
	)
	runCheckCases(t, []checkCase{
		{name: "slice literal ranged over onto the public mux", files: main(literal, "api", ""), check: "pprof", want: Fail, message: "pprof is served on the public listener"},
		{name: "slice variable ranged over onto the public mux", files: main(variable, "api", ""), check: "pprof", want: Fail, message: "pprof is served on the public listener"},
		{name: "slice variable ranged over onto a loopback mux", files: main(variable, "debug", loopback), check: "pprof", want: Warn, message: "pprof is served on a separate loopback listener without authentication"},
	})
}
