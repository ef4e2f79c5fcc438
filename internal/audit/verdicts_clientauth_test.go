package audit

import "testing"

// TestVerdictsOnConditionalClientAuth audits services whose per-handshake
// configuration gets its ClientAuth from an assignment after the literal, with or
// without a condition around it.
func TestVerdictsOnConditionalClientAuth(t *testing.T) {
	const onlyIf = "ClientAuth is set to tls.RequireAndVerifyClientCert only under a condition"
	const pass = "client certificates are required and verified, the CA pool is chosen per handshake, expiry is watched"
	runCheckCases(t, []checkCase{
		{
			name:    "required only when an environment flag is set",
			files:   clientAuthFiles("", "if os.Getenv(\"REQUIRE_CLIENT_CERT\") == \"true\" {\n\t\tc.ClientAuth = tls.RequireAndVerifyClientCert\n\t}"),
			check:   "mtls",
			want:    Unknown,
			message: onlyIf,
		},
		{
			name:    "required only when a setting of the same field name says so",
			files:   clientAuthFiles("", "settings := struct{ ClientAuth string }{os.Getenv(\"CLIENT_AUTH\")}\n\tif settings.ClientAuth == \"require\" {\n\t\tc.ClientAuth = tls.RequireAndVerifyClientCert\n\t}"),
			check:   "mtls",
			want:    Unknown,
			message: onlyIf,
		},
		{
			name:    "required in the else branch only",
			files:   clientAuthFiles("", "if os.Getenv(\"INSECURE\") == \"\" {\n\t\tlog.Print(\"mtls\")\n\t} else {\n\t\tc.ClientAuth = tls.RequireAndVerifyClientCert\n\t}"),
			check:   "mtls",
			want:    Unknown,
			message: onlyIf,
		},
		{
			name:    "required in one case of a switch",
			files:   clientAuthFiles("", "switch os.Getenv(\"MODE\") {\n\tcase \"mtls\":\n\t\tc.ClientAuth = tls.RequireAndVerifyClientCert\n\t}"),
			check:   "mtls",
			want:    Unknown,
			message: onlyIf,
		},
		{
			name:    "required by an assignment after the literal, not under a condition",
			files:   clientAuthFiles("", "c.ClientAuth = tls.RequireAndVerifyClientCert"),
			check:   "mtls",
			want:    Pass,
			message: pass,
		},
		{
			name:    "required in the literal, and again under a condition",
			files:   clientAuthFiles("ClientAuth: tls.RequireAndVerifyClientCert, ", "if os.Getenv(\"REQUIRE_CLIENT_CERT\") == \"true\" {\n\t\tc.ClientAuth = tls.RequireAndVerifyClientCert\n\t}"),
			check:   "mtls",
			want:    Pass,
			message: pass,
		},
		{
			// The condition reads the field itself: a default filled in, not a
			// choice the environment makes.
			name:    "required when the field is left at its zero value",
			files:   clientAuthFiles("", "if c.ClientAuth == tls.NoClientCert {\n\t\tc.ClientAuth = tls.RequireAndVerifyClientCert\n\t}"),
			check:   "mtls",
			want:    Pass,
			message: pass,
		},
		{
			name: "a fixed configuration required only when an environment flag is set",
			files: mainFiles("example.test/fixed", `package main

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"time"
)

func main() {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ClientCAs: x509.NewCertPool()}
	if os.Getenv("REQUIRE_CLIENT_CERT") == "true" {
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
	}
	srv := &http.Server{Addr: ":8443", TLSConfig: cfg, ReadHeaderTimeout: 5 * time.Second}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")
}
`),
			check:   "mtls",
			want:    Unknown,
			message: onlyIf,
		},
		{
			name:    "a weaker mode under a condition is still weak",
			files:   clientAuthFiles("ClientAuth: tls.RequireAndVerifyClientCert, ", "if os.Getenv(\"LAX\") != \"\" {\n\t\tc.ClientAuth = tls.VerifyClientCertIfGiven\n\t}"),
			check:   "mtls",
			want:    Fail,
			message: "ClientAuth is tls.VerifyClientCertIfGiven",
		},
	})
}

// clientAuthFiles returns a service whose GetConfigForClient hands each handshake
// the configuration load builds: a literal with fields (ClientCAs besides), then
// after.
func clientAuthFiles(fields, after string) map[string]string {
	return mainFiles("example.test/ca", `package main

import (
	"crypto/tls"
	"crypto/x509"
	"log"
	"net/http"
	"os"
	"sync/atomic"
	"time"
)

var current atomic.Pointer[tls.Config]

func load() {
	cert, err := tls.LoadX509KeyPair("/etc/tls/tls.crt", "/etc/tls/tls.key")
	if err != nil {
		log.Print(err)
		return
	}
	if leaf, err := x509.ParseCertificate(cert.Certificate[0]); err == nil && time.Until(leaf.NotAfter) < 72*time.Hour {
		log.Print("certificate expires soon")
	}
	c := &tls.Config{`+fields+`MinVersion: tls.VersionTLS12, ClientCAs: x509.NewCertPool(), Certificates: []tls.Certificate{cert}}
	`+after+`
	current.Store(c)
}

func main() {
	load()
	base := &tls.Config{MinVersion: tls.VersionTLS12, GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
		return current.Load(), nil
	}}
	srv := &http.Server{Addr: ":8443", TLSConfig: base, ReadHeaderTimeout: 5 * time.Second}
	_ = srv.ListenAndServeTLS("", "")
}
`)
}
