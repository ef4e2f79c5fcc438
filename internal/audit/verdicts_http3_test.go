package audit

import (
	"strings"
	"testing"
)

// TestHTTP3Verdicts audits services that serve through quic-go's HTTP/3 server (and a
// fasthttp.Server literal), which this audit does not read: alone, and beside the
// net/http server that drains.
func TestHTTP3Verdicts(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:    "shutdown: an HTTP/3 server alone, shut down on SIGTERM",
			files:   besideFiles(`"github.com/quic-go/quic-go/http3"`, strings.ReplaceAll("h3 := &http3.Server{Addr: \":8443\", Handler: mux}\n\t"+afterSignal(timedDrain), "srv.", "h3.")),
			check:   "shutdown",
			want:    Unknown,
			message: "the program serves through HTTP/3 (github.com/quic-go/quic-go/http3), which this audit does not read",
		},
		{
			name:    "shutdown: an HTTP/3 server beside the net/http server that drains",
			files:   besideFiles(`"github.com/quic-go/quic-go/http3"`, srvLine+"h3 := &http3.Server{Addr: \":8443\", Handler: mux}\n\tgo h3.ListenAndServeTLS(\"cert.pem\", \"key.pem\")\n\t"+afterSignal(timedDrain)),
			check:   "shutdown",
			want:    Unknown,
			message: "but the program also serves through HTTP/3 (github.com/quic-go/quic-go/http3)",
		},
		{
			name:    "shutdown: http3.ListenAndServeTLS beside the net/http server that drains",
			files:   besideFiles(`"github.com/quic-go/quic-go/http3"`, srvLine+"go http3.ListenAndServeTLS(\":8443\", \"cert.pem\", \"key.pem\", mux)\n\t"+afterSignal(timedDrain)),
			check:   "shutdown",
			want:    Unknown,
			message: "but the program also serves through HTTP/3",
		},
		{
			name:    "shutdown: a fasthttp.Server literal beside the net/http server that drains",
			files:   besideFiles(`"github.com/valyala/fasthttp"`, srvLine+"fs := &fasthttp.Server{Handler: func(*fasthttp.RequestCtx) {}}\n\tgo fs.ListenAndServe(\":9090\")\n\t"+afterSignal(timedDrain)),
			check:   "shutdown",
			want:    Unknown,
			message: "but the program also serves through fasthttp (github.com/valyala/fasthttp)",
		},
	})
}

// besideFiles returns a service (see earlyFiles) that imports imp and whose main,
// after building mux, runs body.
func besideFiles(imp, body string) map[string]string {
	return mainFiles("example.test/e", readyMain("\t"+imp, `mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", readyz)
	`+body))
}

// srvLine builds srv, the net/http server of mux.
const srvLine = "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: time.Second}\n\t"
