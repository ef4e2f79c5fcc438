package audit

import "testing"

// TestMTLSVerdicts audits services whose client certificates depend on which
// server a TLS configuration belongs to and how that server is started, and on the
// TLS versions a served configuration accepts.
func TestMTLSVerdicts(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name: "a server given an mTLS TLSConfig but started with ListenAndServe speaks plain HTTP",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: r.get}}
	_ = srv.ListenAndServe()`),
			check:   "mtls",
			want:    Warn,
			message: "the server speaks plain HTTP: no client certificate is required (fine only behind a mesh that does mTLS); srv.ListenAndServe on :8443 does not use the TLSConfig of its server",
		},
		{
			name: "a server given an mTLS TLSConfig but served on a plain listener speaks plain HTTP",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: r.get}}
	ln, _ := net.Listen("tcp", ":8443")
	_ = srv.Serve(ln)`),
			check:   "mtls",
			want:    Warn,
			message: "the server speaks plain HTTP",
		},
		{
			name: "the public server serves TLS without client certificates while the ops server requires them",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `public := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12}}
	ops := &http.Server{Addr: ":9443", Handler: http.NotFoundHandler(), ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: r.get}}
	go ops.ListenAndServeTLS("tls.crt", "tls.key")
	_ = public.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates: any client that reaches the port is accepted (public.ListenAndServeTLS on :8443)",
		},
		{
			name: "ClientAuth set through another server's TLSConfig does not protect the public server",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `public := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{}}
	ops := &http.Server{Addr: ":9443", Handler: http.NotFoundHandler(), ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{}}
	ops.TLSConfig.ClientAuth = tls.RequireAndVerifyClientCert
	ops.TLSConfig.ClientCAs = x509.NewCertPool()
	go ops.ListenAndServeTLS("tls.crt", "tls.key")
	_ = public.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates: any client that reaches the port is accepted (public.ListenAndServeTLS on :8443)",
		},
		{
			name: "net/http's ListenAndServeTLS takes no configuration: another server's mTLS does not count",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `ops := &http.Server{Addr: ":9443", Handler: http.NotFoundHandler(), ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: r.get}}
	go ops.ListenAndServeTLS("tls.crt", "tls.key")
	_ = http.ListenAndServeTLS(":8443", "tls.crt", "tls.key", mux)`),
			check:   "mtls",
			want:    Warn,
			message: "(http.ListenAndServeTLS on :8443)",
		},
		{
			name: "Echo v4's StartTLS replaces the TLSConfig of e.TLSServer",
			files: mainFiles("example.test/e", `package main

import (
	"crypto/tls"
	"crypto/x509"

	"github.com/labstack/echo/v4"
)

func main() {
	e := echo.New()
	e.TLSServer.TLSConfig = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: x509.NewCertPool()}
	_ = e.StartTLS(":8443", "tls.crt", "tls.key")
}
`),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates: any client that reaches the port is accepted (e.StartTLS on :8443)",
		},
		{
			name:    "Echo v4's StartAutoTLS serves Let's Encrypt certificates without client certificates",
			files:   mainFiles("example.test/e", startAutoTLSMain),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates: any client that reaches the port is accepted (e.StartAutoTLS on :443)",
		},
		{
			name:    "go-spiffe's MTLS server configuration from the Workload API",
			files:   mainFiles("example.test/s", spiffeMain("tlsconfig.MTLSServerConfig(source, source, tlsconfig.AuthorizeAny())")),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified, the CA pool is chosen per handshake, expiry is watched",
		},
		{
			name:    "go-spiffe's TLS server configuration asks no SVID of the client",
			files:   mainFiles("example.test/s", spiffeMain("tlsconfig.TLSServerConfig(source)")),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates: any client that reaches the port is accepted (srv.ListenAndServeTLS on :8443)",
		},
		{
			name: "MinVersion TLS 1.0 on the outer configuration",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: r.get, MinVersion: tls.VersionTLS10}}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Fail,
			message: "MinVersion is tls.VersionTLS10 in a served TLS configuration: TLS 1.0/1.1 accepted",
		},
		{
			name: "MinVersion TLS 1.1 on the configuration GetConfigForClient returns",
			files: tlsFiles("MinVersion: tls.VersionTLS11", `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: r.get}}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Fail,
			message: "MinVersion is tls.VersionTLS11",
		},
		{
			name: "MinVersion written as a number on a tls.NewListener's configuration",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Handler: mux, ReadHeaderTimeout: time.Second}
	ln, _ := net.Listen("tcp", ":8443")
	_ = srv.Serve(tls.NewListener(ln, &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: x509.NewCertPool(), MinVersion: 0x0301}))`),
			check:   "mtls",
			want:    Fail,
			message: "MinVersion is 0x0301",
		},
		{
			name: "ServeTLS without files, whose per-handshake configuration requires client certificates",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: r.get}}
	ln, _ := net.Listen("tcp", ":8443")
	_ = srv.ServeTLS(ln, "", "")`),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified, the CA pool is chosen per handshake, expiry is watched",
		},
		{
			name: "a server held in a struct field is judged by the configurations of the servers no serve call is tied to",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `run := &runner{srv: &http.Server{Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: r.get}}}
	debug := &http.Server{Addr: "127.0.0.1:6060", Handler: http.NotFoundHandler(), ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) { return &tls.Config{}, nil },
	}}
	go debug.ListenAndServe()
	_ = run.serve()`),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified, the CA pool is chosen per handshake, expiry is watched",
		},
		{
			name: "the TLSConfig of a server started with ListenAndServe is not judged",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: r.get}}
	debug := &http.Server{Addr: "127.0.0.1:6060", Handler: http.NotFoundHandler(), ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) { return &tls.Config{MinVersion: tls.VersionTLS10}, nil },
	}}
	go debug.ListenAndServe()
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified, the CA pool is chosen per handshake, expiry is watched",
		},
		{
			name: "ListenAndServeTLS with ClientAuth in the literal",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: x509.NewCertPool()}}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Warn,
			message: "client certificates are required and verified, but the client CA pool is fixed at start",
		},
		{
			name: "the mTLS server is also served on a plain listener",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: r.get}}
	tl, _ := net.Listen("tcp", ":8443")
	go srv.ServeTLS(tl, "", "")
	pl, _ := net.Listen("tcp", ":8080")
	_ = srv.Serve(pl)`),
			check:   "mtls",
			want:    Warn,
			message: "the handler served over TLS is also served in plain HTTP, where no client certificate is asked: any client that reaches that port gets the API (srv.Serve on :8080)",
		},
		{
			name: "a second, plain server serves the mux of the mTLS server",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: r.get}}
	plain := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	go plain.ListenAndServe()
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Warn,
			message: "(plain.ListenAndServe on :8080)",
		},
		{
			name: "a plain server with a handler of its own beside the mTLS server",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: r.get}}
	probes := &http.Server{Addr: ":8080", Handler: http.NotFoundHandler(), ReadHeaderTimeout: time.Second}
	go probes.ListenAndServe()
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name: "RequireAndVerifyClientCert without ClientCAs verifies client certificates against the system roots",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) { return nil, nil }}}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Fail,
			message: "ClientAuth is tls.RequireAndVerifyClientCert but ClientCAs is not set: client certificates are verified against the host's system roots",
		},
		{
			name: "RequireAnyClientCert with a VerifyPeerCertificate callback is custom verification to check",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `verify := func([][]byte, [][]*x509.Certificate) error { return nil }
	srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{ClientAuth: tls.RequireAnyClientCert, VerifyPeerCertificate: verify}}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Unknown,
			message: "client certificates are required and checked by a custom callback (VerifyPeerCertificate or VerifyConnection) instead of ClientCAs",
		},
		{
			name: "RequireAnyClientCert with a nil VerifyConnection verifies nothing",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{ClientAuth: tls.RequireAnyClientCert, VerifyConnection: nil}}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Fail,
			message: "ClientAuth is tls.RequireAnyClientCert: client certificates are not both required and verified",
		},
		{
			name: "GetConfigForClient returns a copy whose ClientAuth is turned off",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
		c := r.cur.Load().Clone()
		c.ClientAuth = tls.NoClientCert
		return c, nil
	}}}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates: any client that reaches the port is accepted (srv.ListenAndServeTLS on :8443)",
		},
		{
			name: "the served copy has GetConfigForClient cleared",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `cfg := &tls.Config{GetConfigForClient: r.get}
	pub := cfg.Clone()
	pub.GetConfigForClient = nil
	srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: pub}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates: any client that reaches the port is accepted (srv.ListenAndServeTLS on :8443)",
		},
		{
			name: "a copy given to tls.NewListener has ClientAuth turned off",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `cfg := &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: x509.NewCertPool()}
	cfg2 := cfg.Clone()
	cfg2.ClientAuth = tls.NoClientCert
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: time.Second}
	ln, _ := net.Listen("tcp", ":8443")
	_ = srv.Serve(tls.NewListener(ln, cfg2))`),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates: any client that reaches the port is accepted (srv.Serve on :8443)",
		},
		{
			name: "Serve(ln) names the listener's address, not srv.Addr, which Serve never reads",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	ln, _ := tls.Listen("tcp", ":8443", &tls.Config{MinVersion: tls.VersionTLS12})
	_ = srv.Serve(ln)`),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates: any client that reaches the port is accepted (srv.Serve on :8443)",
		},
		{
			name: "TLSConfig set to nil after the mTLS configuration",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second}
	srv.TLSConfig = &tls.Config{GetConfigForClient: r.get}
	srv.TLSConfig = nil
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates: any client that reaches the port is accepted (srv.ListenAndServeTLS on :8443)",
		},
		{
			name: "the stored configuration weakened through a local variable",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `if c := r.cur.Load(); c != nil {
		c.ClientAuth = tls.RequestClientCert
	}
	srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: r.get}}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Fail,
			message: "ClientAuth is tls.RequestClientCert",
		},
		{
			name: "the stored configuration weakened through a function's parameter",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `relax(r.cur.Load())
	srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: r.get}}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")
}

func relax(c *tls.Config) {
	c.ClientAuth = tls.NoClientCert`),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates: any client that reaches the port is accepted (srv.ListenAndServeTLS on :8443)",
		},
		{
			name: "GetConfigForClient returns nil, nil for some handshakes: the outer configuration serves them",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
		if h.ServerName == "" {
			return nil, nil
		}
		return r.cur.Load(), nil
	}}}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates: any client that reaches the port is accepted (srv.ListenAndServeTLS on :8443)",
		},
		{
			name: "GetConfigForClient fails the handshakes it has no configuration for",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
		if h.ServerName == "" {
			return nil, net.ErrClosed
		}
		return r.cur.Load(), nil
	}}}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified, the CA pool is chosen per handshake, expiry is watched",
		},
		{
			name:    "a configuration built by a method main's flow never calls is no server's",
			files:   promotedFiles("base", "_ = global"),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates: any client that reaches the port is accepted (srv.ListenAndServeTLS on :8443)",
		},
	})
}

// tlsFiles returns a service whose reloader keeps a configuration requiring client
// certificates, with the fields loaded besides (a MinVersion), and hands it to
// each handshake through its get method; func main builds a mux and runs serve.
func tlsFiles(loaded, serve string) map[string]string {
	return mainFiles("example.test/t", `package main

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// reloader hands each handshake the client-CA configuration loaded last.
type reloader struct{ cur atomic.Pointer[tls.Config] }

func (r *reloader) load() {
	r.cur.Store(&tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: x509.NewCertPool(), `+loaded+`})
}

func (r *reloader) get(*tls.ClientHelloInfo) (*tls.Config, error) { return r.cur.Load(), nil }

// runner serves the server it holds on :8443.
type runner struct{ srv *http.Server }

// holder keeps a configuration in a field.
type holder struct{ cfg *tls.Config }

// strictMode says whether client certificates are required.
var strictMode = true

func (r *runner) serve() error {
	ln, err := net.Listen("tcp", ":8443")
	if err != nil {
		return err
	}
	return r.srv.ServeTLS(ln, "", "")
}

func expiring(c *x509.Certificate) bool { return time.Until(c.NotAfter) < 72*time.Hour }

func main() {
	r := &reloader{}
	r.load()
	_ = expiring
	mux := http.NewServeMux()
	`+serve+`
}
`)
}

// spiffeMain returns a service that serves TLS with the tls.Config cfg builds from a
// SPIFFE Workload API source (go-spiffe's tlsconfig).
func spiffeMain(cfg string) string {
	return `package main

import (
	"context"
	"log"
	"net/http"
	"time"

	"github.com/spiffe/go-spiffe/v2/spiffetls/tlsconfig"
	"github.com/spiffe/go-spiffe/v2/workloadapi"
)

func main() {
	ctx := context.Background()
	source, err := workloadapi.NewX509Source(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer source.Close()
	cfg := ` + cfg + `
	srv := &http.Server{Addr: ":8443", Handler: http.NotFoundHandler(), ReadHeaderTimeout: time.Second, TLSConfig: cfg}
	log.Fatal(srv.ListenAndServeTLS("", ""))
}
`
}
