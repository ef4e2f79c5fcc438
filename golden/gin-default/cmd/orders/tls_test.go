package main

import (
	"bytes"
	"cmp"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"example.com/acme/orders/internal/buildinfo"
	"example.com/acme/orders/internal/config"
	"example.com/acme/orders/internal/platform/tlsreload"
)

// probeOptions describe the probes' client certificate of writePKI.
type probeOptions struct {
	notAfter time.Time
	usage    x509.ExtKeyUsage
	otherCA  bool // issued by a CA of its own (other.crt), not by ca.crt
}

// writePKI writes to dir a CA (ca.crt), a server pair (server.crt,
// server.key) and the probes' client pair (probe.crt, probe.key), issued as
// probe says.
func writePKI(t *testing.T, dir string, probe probeOptions) {
	t.Helper()
	issue := func(name string, tmpl, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if parent == nil {
			parent, parentKey = tmpl, key
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
		if err != nil {
			t.Fatal(err)
		}
		keyDER, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			t.Fatal(err)
		}
		for file, block := range map[string]*pem.Block{
			name + ".crt": {Type: "CERTIFICATE", Bytes: der},
			name + ".key": {Type: "PRIVATE KEY", Bytes: keyDER},
		} {
			if err := os.WriteFile(filepath.Join(dir, file), pem.EncodeToMemory(block), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return cert, key
	}
	now := time.Now()
	newCA := func(name string) (*x509.Certificate, *ecdsa.PrivateKey) {
		return issue(name, &x509.Certificate{
			SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test " + name},
			NotBefore: now.Add(-48 * time.Hour), NotAfter: now.Add(365 * 24 * time.Hour),
			KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true, IsCA: true,
		}, nil, nil)
	}
	ca, caKey := newCA("ca")
	probeCA, probeCAKey := ca, caKey
	if probe.otherCA {
		probeCA, probeCAKey = newCA("other")
	}
	issue("server", &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: now.Add(-48 * time.Hour), NotAfter: now.Add(365 * 24 * time.Hour),
		DNSNames: []string{"localhost"}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}, ca, caKey)
	issue("probe", &x509.Certificate{
		SerialNumber: big.NewInt(3), Subject: pkix.Name{CommonName: "probe"},
		NotBefore: now.Add(-48 * time.Hour), NotAfter: probe.notAfter,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{probe.usage},
	}, probeCA, probeCAKey)
}

// TestSetUpWatchesHealthcheckCertificate checks that the serving process
// watches the probes' client certificate, HEALTHCHECK_CERT_FILE: its expiry
// is reported like the server certificate's, and an expired one, one not
// valid for client authentication (the server pair copied into the probes'
// Secret) or one that no client CA accepts stops the start, since every probe
// of every replica would fail with it.
func TestSetUpWatchesHealthcheckCertificate(t *testing.T) {
	soon := time.Now().Add(48 * time.Hour)
	tests := []struct {
		name       string
		pki        probeOptions
		probe      string   // the pair HEALTHCHECK_CERT_FILE names: "probe" (default) or "server"
		wantErrors []string // each in the error; none: setUp succeeds
	}{
		{name: "expires soon", pki: probeOptions{notAfter: soon, usage: x509.ExtKeyUsageClientAuth}},
		{name: "expired", pki: probeOptions{notAfter: time.Now().Add(-time.Hour), usage: x509.ExtKeyUsageClientAuth}, wantErrors: []string{"expired at "}},
		{name: "server authentication only", pki: probeOptions{notAfter: soon, usage: x509.ExtKeyUsageServerAuth}, wantErrors: []string{"not valid for client authentication"}},
		{name: "the server pair without clientAuth", pki: probeOptions{notAfter: soon, usage: x509.ExtKeyUsageClientAuth}, probe: "server", wantErrors: []string{"not valid for client authentication"}},
		{name: "issued by no client CA", pki: probeOptions{notAfter: soon, usage: x509.ExtKeyUsageClientAuth, otherCA: true}, wantErrors: []string{"TLS_CLIENT_CA_FILES", "ca.crt", "do not accept the healthcheck client certificate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writePKI(t, dir, tt.pki)
			probe := cmp.Or(tt.probe, "probe")
			cfg, err := config.Load(env(map[string]string{
				"HTTP_ADDR":             freeAddr(t),
				"TLS_CERT_FILE":         filepath.Join(dir, "server.crt"),
				"TLS_KEY_FILE":          filepath.Join(dir, "server.key"),
				"TLS_CLIENT_CA_FILES":   filepath.Join(dir, "ca.crt"),
				"HEALTHCHECK_CA_FILE":   filepath.Join(dir, "ca.crt"),
				"HEALTHCHECK_CERT_FILE": filepath.Join(dir, probe+".crt"),
				"HEALTHCHECK_KEY_FILE":  filepath.Join(dir, probe+".key"),
			}))
			if err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer // written under the Output's lock
			a := testApp(cfg, &logs)
			ctx, cancel := context.WithCancel(t.Context())
			err = a.setUp(ctx, buildinfo.Get())
			if err == nil {
				// Stop what setUp started: the runner shuts down at once.
				cancel()
				if err := a.runner.Run(ctx); err != nil {
					t.Errorf("run: %v", err)
				}
			}
			cancel()

			if tt.wantErrors != nil {
				for _, want := range append([]string{"HEALTHCHECK_CERT_FILE", cfg.TLS.HealthcheckCertFile}, tt.wantErrors...) {
					if err == nil || !strings.Contains(err.Error(), want) {
						t.Fatalf("setUp: %v, want an error naming HEALTHCHECK_CERT_FILE and %s, containing %q", err, cfg.TLS.HealthcheckCertFile, tt.wantErrors)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("setUp: %v", err)
			}
			var warned bool
			for line := range strings.Lines(logs.String()) {
				var rec struct{ Level, Msg, Subject, Kind string }
				if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "certificate expires soon" && rec.Subject == "CN=probe" {
					warned = rec.Level == "WARN" && rec.Kind == "healthcheck_client"
				}
			}
			if !warned {
				t.Errorf("no WARN certificate expires soon for CN=probe, kind healthcheck_client; logs:\n%s", &logs)
			}
		})
	}
}

// TestSetUpCutsOffRemovedClientCA checks that setUp gives the server the
// client certificate check of its reloader: once a reload removes the CA of a
// connected client, the next request on its open connection is answered 421.
func TestSetUpCutsOffRemovedClientCA(t *testing.T) {
	yearAhead := time.Now().Add(365 * 24 * time.Hour)
	// The service's PKI, whose probe pair stays accepted, and a second
	// client CA (other.crt) with the client pair (probe.crt) it issued.
	service, second := t.TempDir(), t.TempDir()
	writePKI(t, service, probeOptions{notAfter: yearAhead, usage: x509.ExtKeyUsageClientAuth})
	writePKI(t, second, probeOptions{notAfter: yearAhead, usage: x509.ExtKeyUsageClientAuth, otherCA: true})
	cfg, err := config.Load(env(map[string]string{
		"HTTP_ADDR":             freeAddr(t),
		"TLS_CERT_FILE":         filepath.Join(service, "server.crt"),
		"TLS_KEY_FILE":          filepath.Join(service, "server.key"),
		"TLS_CLIENT_CA_FILES":   filepath.Join(service, "ca.crt") + "," + filepath.Join(second, "other.crt"),
		"HEALTHCHECK_CA_FILE":   filepath.Join(service, "ca.crt"),
		"HEALTHCHECK_CERT_FILE": filepath.Join(service, "probe.crt"),
		"HEALTHCHECK_KEY_FILE":  filepath.Join(service, "probe.key"),
	}))
	if err != nil {
		t.Fatal(err)
	}
	logs := newLogWatch()
	a := testApp(cfg, logs)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	if err := a.setUp(ctx, buildinfo.Get()); err != nil {
		t.Fatalf("setUp: %v", err)
	}
	stopped := make(chan error, 1)
	go func() { stopped <- a.runner.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-stopped; err != nil {
			t.Errorf("run: %v", err)
		}
	}()
	var addr string
	select {
	case addr = <-logs.listening:
	case err := <-stopped:
		t.Fatalf("run ended before listening: %v; logs:\n%s", err, logs)
	case <-time.After(30 * time.Second):
		t.Fatalf("the server did not report its listen address; logs:\n%s", logs)
	}

	tlsConfig, err := tlsreload.ClientConfig(filepath.Join(service, "ca.crt"), filepath.Join(second, "probe.crt"), filepath.Join(second, "probe.key"))
	if err != nil {
		t.Fatal(err)
	}
	// One HTTP/1.1 connection, kept open between the requests.
	transport := &http.Transport{TLSClientConfig: tlsConfig, MaxConnsPerHost: 1}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	get := func() int {
		t.Helper()
		resp, err := client.Get("https://" + addr + "/version")
		if err != nil {
			t.Fatalf("GET /version: %v", err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	if code := get(); code != http.StatusOK {
		t.Fatalf("GET /version with the second CA's client certificate = %d, want 200", code)
	}

	// The reload replaces the second CA with the service's own.
	ca, err := os.ReadFile(filepath.Join(service, "ca.crt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(second, "other.crt"), ca, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := a.serverCerts.Check(ctx); err != nil {
		t.Fatalf("reload: %v", err)
	}
	if code := get(); code != http.StatusMisdirectedRequest {
		t.Errorf("GET /version on the open connection after its client CA was removed = %d, want 421; logs:\n%s", code, logs)
	}
}

// logWatch holds the service's log lines and sends the address of the http
// server on listening once it reports it.
type logWatch struct {
	mu        sync.Mutex
	lines     bytes.Buffer
	listening chan string
}

func newLogWatch() *logWatch {
	return &logWatch{listening: make(chan string, 1)}
}

// Write is called once per record.
func (l *logWatch) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var rec struct{ Msg, Server, Addr string }
	if json.Unmarshal(p, &rec) == nil && rec.Msg == "server listening" && rec.Server == "http" {
		select {
		case l.listening <- rec.Addr:
		default:
		}
	}
	return l.lines.Write(p)
}

func (l *logWatch) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lines.String()
}
