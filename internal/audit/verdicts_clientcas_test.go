package audit

import "testing"

// TestVerdictsOnConditionalClientCAs audits services that require and verify client
// certificates and whose ClientCAs is set, cleared or kept by assignments after the
// literal, with or without a condition around them.
func TestVerdictsOnConditionalClientCAs(t *testing.T) {
	const onlyIf = "ClientCAs is set (or kept) only under a condition: otherwise it is nil"
	const noCAs = "ClientAuth is tls.RequireAndVerifyClientCert but ClientCAs is not set"
	const verified = "client certificates are required and verified, but the client CA pool is fixed at start"
	runCheckCases(t, []checkCase{
		{
			name:    "a pool set only when a flag names a bundle",
			files:   clientCAsFiles("", "if *caFile != \"\" {\n\t\tp := x509.NewCertPool()\n\t\tb, _ := os.ReadFile(*caFile)\n\t\tp.AppendCertsFromPEM(b)\n\t\tcfg.ClientCAs = p\n\t}"),
			check:   "mtls",
			want:    Unknown,
			message: onlyIf,
		},
		{
			name:    "ClientAuth and a pool both set only when an option asks for client certificates",
			files:   conditionalMTLSFiles(),
			check:   "mtls",
			want:    Unknown,
			message: "only under a condition: client certificates are required only when o.RequireMTLS holds; otherwise ClientAuth keeps its zero value, NoClientCert",
		},
		{
			name:    "a pool of the literal cleared after it",
			files:   clientCAsFiles("ClientCAs: x509.NewCertPool(), ", "cfg.ClientCAs = nil"),
			check:   "mtls",
			want:    Fail,
			message: noCAs,
		},
		{
			name:    "a pool of the literal cleared after it, set again only in a branch that never runs",
			files:   clientCAsFiles("ClientCAs: x509.NewCertPool(), ", "cfg.ClientCAs = nil\n\tif false {\n\t\tcfg.ClientCAs = x509.NewCertPool()\n\t}"),
			check:   "mtls",
			want:    Fail,
			message: noCAs,
		},
		{
			name:    "a pool of the literal cleared under a condition",
			files:   clientCAsFiles("ClientCAs: x509.NewCertPool(), ", "if *caFile == \"\" {\n\t\tcfg.ClientCAs = nil\n\t}"),
			check:   "mtls",
			want:    Unknown,
			message: onlyIf,
		},
		{
			name:    "a nil pool in the literal, set after it unconditionally",
			files:   clientCAsFiles("ClientCAs: nil, ", "cfg.ClientCAs = x509.NewCertPool()"),
			check:   "mtls",
			want:    Warn,
			message: verified,
		},
		{
			name:    "a pool in the literal, replaced under a condition",
			files:   clientCAsFiles("ClientCAs: x509.NewCertPool(), ", "if *caFile != \"\" {\n\t\tcfg.ClientCAs = x509.NewCertPool()\n\t}"),
			check:   "mtls",
			want:    Warn,
			message: verified,
		},
	})
}

// clientCAsFiles returns a service serving TLS with a configuration fixed at start
// that requires and verifies client certificates: a literal with fields, then
// after (where caFile is a flag naming the client CA bundle).
func clientCAsFiles(fields, after string) map[string]string {
	return mainFiles("example.test/cas", `package main

import (
	"crypto/tls"
	"crypto/x509"
	"flag"
	"net/http"
	"os"
	"time"
)

var _ = os.ReadFile

func main() {
	caFile := flag.String("client-ca", "", "client CA bundle")
	flag.Parse()
	cfg := &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, `+fields+`MinVersion: tls.VersionTLS12}
	`+after+`
	srv := &http.Server{Addr: ":8443", Handler: http.NewServeMux(), ReadHeaderTimeout: time.Second, TLSConfig: cfg}
	_ = srv.ListenAndServeTLS("c", "k")
}
`)
}

// conditionalMTLSFiles returns a service whose tls.Config, built by a package
// tlsutil, sets ClientCAs and ClientAuth together only when its options ask for it.
func conditionalMTLSFiles() map[string]string {
	files := mainFiles("example.test/cas", `package main

import (
	"net/http"
	"time"

	"example.test/cas/internal/tlsutil"
)

func main() {
	cfg, err := tlsutil.ServerConfig(tlsutil.Options{CAFile: "/etc/ca.pem"})
	if err != nil {
		panic(err)
	}
	srv := &http.Server{Addr: ":8443", Handler: http.NewServeMux(), ReadHeaderTimeout: time.Second, TLSConfig: cfg}
	_ = srv.ListenAndServeTLS("c", "k")
}
`)
	files["internal/tlsutil/tls.go"] = `package tlsutil

import (
	"crypto/tls"
	"crypto/x509"
	"os"
)

// Options configure the server's TLS.
type Options struct {
	CAFile      string
	RequireMTLS bool
}

// ServerConfig builds the server's TLS configuration.
func ServerConfig(o Options) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if o.RequireMTLS {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(pem)
		cfg.ClientCAs = pool
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
	}
	return cfg, nil
}
`
	return files
}
