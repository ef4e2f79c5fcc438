package audit

import (
	"strings"
	"testing"
)

// TestMTLSCloneVerdicts audits services whose GetConfigForClient, or whose server,
// uses a copy (Clone) of a tls.Config with fields set on the copy: those fields
// decide for the copy, and do not change the original.
func TestMTLSCloneVerdicts(t *testing.T) {
	// perHandshake serves base, whose GetConfigForClient returns a copy of it made
	// by the code copy (which returns c).
	perHandshake := func(base, copy string) map[string]string {
		return tlsFiles("MinVersion: tls.VersionTLS12", `base := &tls.Config{MinVersion: tls.VersionTLS12`+base+`}
	base.GetConfigForClient = func(*tls.ClientHelloInfo) (*tls.Config, error) {
		`+strings.ReplaceAll(copy, "\n", "\n\t\t")+`
	}
	srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: base}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`)
	}
	const require = `c := base.Clone()
c.ClientCAs = x509.NewCertPool()
c.ClientAuth = tls.RequireAndVerifyClientCert
return c, nil`
	runCheckCases(t, []checkCase{
		{
			name:    "the copy requires and verifies client certificates, the original only requests them",
			files:   perHandshake(", ClientAuth: tls.RequestClientCert", require),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name:    "the copy requires and verifies client certificates, the original asks none",
			files:   perHandshake(", ClientAuth: tls.NoClientCert", require),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name:    "the copy requires and verifies client certificates, the original sets no ClientAuth",
			files:   perHandshake("", require),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name: "the copy requires client certificates only under a condition: the original's RequestClientCert stays otherwise",
			files: perHandshake(", ClientAuth: tls.RequestClientCert", `c := base.Clone()
c.ClientCAs = x509.NewCertPool()
if strictMode {
	c.ClientAuth = tls.RequireAndVerifyClientCert
}
return c, nil`),
			check:   "mtls",
			want:    Fail,
			message: "ClientAuth is tls.RequestClientCert",
		},
		{
			name: "a copy of the copy keeps what was set on the copy",
			files: perHandshake(", ClientAuth: tls.RequestClientCert", `c := base.Clone()
c.ClientCAs = x509.NewCertPool()
c.ClientAuth = tls.RequireAndVerifyClientCert
d := c.Clone()
return d, nil`),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name: "a copy of the copy turns ClientAuth off",
			files: perHandshake(", ClientAuth: tls.RequestClientCert", `c := base.Clone()
c.ClientCAs = x509.NewCertPool()
c.ClientAuth = tls.RequireAndVerifyClientCert
d := c.Clone()
d.ClientAuth = tls.NoClientCert
return d, nil`),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates: any client that reaches the port is accepted (srv.ListenAndServeTLS on :8443)",
		},
		{
			name: "the copy is kept in a struct field and set through it",
			files: perHandshake(", ClientAuth: tls.RequestClientCert", `h := &holder{}
h.cfg = base.Clone()
h.cfg.ClientCAs = x509.NewCertPool()
h.cfg.ClientAuth = tls.RequireAndVerifyClientCert
return h.cfg, nil`),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name: "a copy that is never served turns ClientAuth off: the served original still requires certificates",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `strict := &tls.Config{MinVersion: tls.VersionTLS12, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: x509.NewCertPool()}
	loose := strict.Clone()
	loose.ClientAuth = tls.NoClientCert
	_ = loose
	srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: strict}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Warn,
			message: "client certificates are required and verified, but the client CA pool is fixed at start",
		},
		{
			name: "the server's copy is taken before the original is given client certificates",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `base := &tls.Config{MinVersion: tls.VersionTLS12}
	srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: base.Clone()}
	base.ClientAuth = tls.RequireAndVerifyClientCert
	base.ClientCAs = x509.NewCertPool()
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates",
		},
		{
			name: "the server's copy is taken after the original is given client certificates",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `base := &tls.Config{MinVersion: tls.VersionTLS12}
	base.ClientAuth = tls.RequireAndVerifyClientCert
	base.ClientCAs = x509.NewCertPool()
	srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: base.Clone()}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Warn,
			message: "client certificates are required and verified, but the client CA pool is fixed at start",
		},
		{
			name: "the server's configuration replaced after client certificates were set on it",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12}}
	srv.TLSConfig.ClientAuth = tls.RequireAndVerifyClientCert
	srv.TLSConfig.ClientCAs = x509.NewCertPool()
	srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates",
		},
		{
			name: "the server's configuration replaced, then given client certificates",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12}}
	srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	srv.TLSConfig.ClientAuth = tls.RequireAndVerifyClientCert
	srv.TLSConfig.ClientCAs = x509.NewCertPool()
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Warn,
			message: "client certificates are required and verified, but the client CA pool is fixed at start",
		},
		{
			name: "the server's configuration replaced only under a condition keeps the client certificates on the other path",
			files: tlsFiles("MinVersion: tls.VersionTLS12", `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12}}
	srv.TLSConfig.ClientAuth = tls.RequireAndVerifyClientCert
	srv.TLSConfig.ClientCAs = x509.NewCertPool()
	if !strictMode {
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`),
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates",
		},
	})
}
