package audit

import (
	"strings"
	"testing"
)

// TestMTLSFixedHandshakeConfig audits GetConfigForClient callbacks that return one
// tls.Config built once at start, a variable assigned once and never replaced: every
// handshake gets the CA pool of the start, so a CA rotation needs a restart (the
// fixed-pool WARN). A variable that a reload replaces (or whose pool it sets), an
// atomic pointer, or a configuration built per call is chosen per handshake (PASS).
func TestMTLSFixedHandshakeConfig(t *testing.T) {
	service := func(setup, ret string) map[string]string {
		return mainFiles("example.test/m", strings.NewReplacer("SETUP", setup, "RET", ret).Replace(`package main

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

var (
	mu  sync.RWMutex
	cur atomic.Pointer[tls.Config]
)

func load() *x509.CertPool {
	p := x509.NewCertPool()
	b, _ := os.ReadFile("/etc/ca.pem")
	p.AppendCertsFromPEM(b)
	return p
}

func newBase() *tls.Config {
	return &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: load(), MinVersion: tls.VersionTLS12}
}

func watch(c *x509.Certificate) bool { return time.Until(c.NotAfter) < time.Hour }

func main() {
	_, _, _ = watch, &mu, &cur
	SETUP
	cfg := &tls.Config{
		MinVersion: tls.VersionTLS12,
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			RET
		},
	}
	srv := &http.Server{Addr: ":8443", Handler: http.NewServeMux(), ReadHeaderTimeout: time.Second, TLSConfig: cfg}
	srv.ListenAndServeTLS("/c/tls.crt", "/c/tls.key")
}
`))
	}
	const (
		fixed = "client certificates are required and verified, but the client CA pool is fixed at start (GetConfigForClient returns a tls.Config built once and never replaced): a CA rotation needs a restart"
		pass  = "client certificates are required and verified, the CA pool is chosen per handshake, expiry is watched"
		tick  = "go func() {\n\t\tfor range time.Tick(time.Hour) {\n\t\t\t%s\n\t\t}\n\t}()"
	)
	reload := func(stmt string) string { return strings.Replace(tick, "%s", stmt, 1) }
	runCheckCases(t, []checkCase{
		{name: "a local built once", files: service("base := newBase()", "return base, nil"), check: "mtls", want: Warn, message: fixed},
		{name: "a local built once, an error returned with nil", files: service("base := newBase()", "if base == nil {\n\t\t\t\treturn nil, os.ErrNotExist\n\t\t\t}\n\t\t\treturn base, nil"), check: "mtls", want: Warn, message: fixed},
		{name: "a local a reload replaces under a mutex", files: service("base := newBase()\n\t"+reload("mu.Lock()\n\t\t\tbase = newBase()\n\t\t\tmu.Unlock()"), "mu.RLock()\n\t\t\tdefer mu.RUnlock()\n\t\t\treturn base, nil"), check: "mtls", want: Pass, message: pass},
		{name: "a local a reload replaces", files: service("base := newBase()\n\t"+reload("base = newBase()"), "return base, nil"), check: "mtls", want: Pass, message: pass},
		{name: "a local whose pool a reload sets", files: service("base := newBase()\n\t"+reload("base.ClientCAs = load()"), "return base, nil"), check: "mtls", want: Pass, message: pass},
		{name: "an atomic pointer", files: service("cur.Store(newBase())\n\t"+reload("cur.Store(newBase())"), "return cur.Load(), nil"), check: "mtls", want: Pass, message: pass},
		{name: "a configuration built per handshake", files: service("", "return newBase(), nil"), check: "mtls", want: Pass, message: pass},
	})
}
