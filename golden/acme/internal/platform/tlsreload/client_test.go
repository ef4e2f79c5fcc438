package tlsreload

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// newServiceClient returns a client using r.ClientTLSConfig(roots), as the
// outbound client of the service does.
func newServiceClient(t *testing.T, r *Reloader, roots *x509.CertPool) (*http.Client, *http.Transport) {
	t.Helper()
	cfg, err := r.ClientTLSConfig(roots)
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{TLSClientConfig: cfg, ForceAttemptHTTP2: true}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}, tr
}

// peerSerial answers with the serial of the client certificate.
func peerSerial(w http.ResponseWriter, r *http.Request) {
	_, _ = io.WriteString(w, r.TLS.PeerCertificates[0].SerialNumber.String())
}

// body makes a GET request and returns the response body.
func body(t *testing.T, c *http.Client, url string) string {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %s: %s", resp.Status, data)
	}
	return string(data)
}

func TestClientTLSConfigPresentsCurrentCertificate(t *testing.T) {
	// A second instance of the same service: same pair, and it accepts
	// clients of the CA that signed the pair.
	f := newFixture(t)
	f.writeCert(t, leafOptions{commonName: "localhost", serial: 1, server: true, alsoClient: true})
	f.cfg.ClientCAFiles = []string{writeFile(t, f.dir, "service-ca.crt", f.serverCA.pem)}
	r, err := New(t.Context(), f.cfg, f.logger())
	if err != nil {
		t.Fatal(err)
	}
	url := serveHandler(t, r, http.HandlerFunc(peerSerial))
	roots := x509.NewCertPool()
	roots.AddCert(f.serverCA.cert)
	client, tr := newServiceClient(t, r, roots)

	if got := body(t, client, url); got != "1" {
		t.Fatalf("client certificate serial %s, want 1", got)
	}
	f.writeCert(t, leafOptions{commonName: "localhost", serial: 2, server: true, alsoClient: true})
	if err := r.Check(t.Context()); err != nil {
		t.Fatal(err)
	}
	tr.CloseIdleConnections() // a new connection, a new handshake
	if got := body(t, client, url); got != "2" {
		t.Fatalf("after reload: client certificate serial %s, want 2", got)
	}
}

func TestClientTLSConfigRefusesUntrustedServer(t *testing.T) {
	f := newFixture(t)
	f.writeCert(t, leafOptions{commonName: "localhost", serial: 1, server: true, alsoClient: true})
	f.cfg.ClientCAFiles = nil
	r, url := f.start(t)
	other := newCA(t, "other ca", time.Now().Add(time.Hour))
	roots := x509.NewCertPool()
	roots.AddCert(other.cert)
	client, _ := newServiceClient(t, r, roots)

	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err == nil {
		_ = resp.Body.Close()
		t.Fatal("request to a server of an untrusted ca succeeded")
	}
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Fatalf("error %v, want x509.UnknownAuthorityError", err)
	}
}

func TestClientTLSConfigMinVersion(t *testing.T) {
	f := newFixture(t)
	f.writeCert(t, leafOptions{commonName: "localhost", serial: 1, server: true, alsoClient: true})
	r, err := New(t.Context(), f.cfg, f.logger())
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := r.ClientTLSConfig(nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MinVersion != tls.VersionTLS12 {
		t.Fatalf("MinVersion %x, want TLS 1.2", cfg.MinVersion)
	}
}

func TestClientTLSConfigNeedsClientAuthUsage(t *testing.T) {
	f := newFixture(t) // a server-only certificate
	r, err := New(t.Context(), f.cfg, f.logger())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.ClientTLSConfig(nil); err == nil || !strings.Contains(err.Error(), "client authentication") {
		t.Fatalf("ClientTLSConfig: %v, want a client authentication error", err)
	}

	f.writeCert(t, leafOptions{commonName: "localhost", serial: 2, server: true, alsoClient: true})
	if err := r.Check(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.ClientTLSConfig(nil); err != nil {
		t.Fatalf("ClientTLSConfig with a clientAuth certificate: %v", err)
	}
	// Once used by clients, a reload to a server-only certificate is refused.
	f.writeServerCert(t, 3)
	if err := r.Check(t.Context()); err == nil || !strings.Contains(err.Error(), "client authentication") {
		t.Fatalf("Check: %v, want a client authentication error", err)
	}
	if got := r.current.Load().certs[0].cert.SerialNumber.String(); got != "2" {
		t.Fatalf("serial %s loaded, want the previous 2", got)
	}
}

func TestLoadCertPool(t *testing.T) {
	f := newFixture(t)
	second := newCA(t, "second ca", time.Now().Add(time.Hour))
	bundle := writeFile(t, f.dir, "bundle.crt", append(append([]byte{}, f.serverCA.pem...), second.pem...))
	one := writeFile(t, f.dir, "one.crt", f.serverCA.pem)
	two := writeFile(t, f.dir, "two.crt", second.pem)
	corrupt := writeFile(t, f.dir, "corrupt.crt", []byte("not a certificate"))

	// verifies reports which of the two CAs' server certificates pool trusts.
	verifies := func(pool *x509.CertPool) [2]bool {
		var got [2]bool
		for i, ca := range []*authority{f.serverCA, second} {
			l := ca.issue(t, leafOptions{commonName: "localhost", serial: 5, server: true})
			_, err := l.pair.Leaf.Verify(x509.VerifyOptions{Roots: pool, DNSName: "localhost"})
			got[i] = err == nil
		}
		return got
	}

	for name, files := range map[string][]string{"bundle": {bundle}, "two files": {one, two}} {
		pool, err := LoadCertPool(files)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := verifies(pool); got != [2]bool{true, true} {
			t.Errorf("%s: trusts %v, want both CAs", name, got)
		}
	}
	if pool, err := LoadCertPool([]string{one}); err != nil || verifies(pool) != [2]bool{true, false} {
		t.Errorf("one file: pool trusts %v (err %v), want only the first CA", verifies(pool), err)
	}
	if pool, err := LoadCertPool(nil); pool != nil || err != nil {
		t.Errorf("no files: %v, %v; want nil, nil (system roots)", pool, err)
	}
	for _, files := range [][]string{{corrupt}, {one, f.dir + "/missing.crt"}} {
		if _, err := LoadCertPool(files); err == nil || !strings.Contains(err.Error(), "ca file") {
			t.Errorf("%v: error %v, want a ca file error", files, err)
		}
	}
}

func TestCertKindReported(t *testing.T) {
	f := newFixture(t)
	f.cfg.ClientCAFiles = nil
	f.cfg.CertKind = KindClient
	var kinds []string
	f.cfg.OnCertificates = func(certs []Certificate) {
		for _, c := range certs {
			kinds = append(kinds, c.Kind)
		}
	}
	if _, err := New(t.Context(), f.cfg, f.logger()); err != nil {
		t.Fatal(err)
	}
	if len(kinds) != 1 || kinds[0] != KindClient {
		t.Fatalf("OnCertificates kinds %v, want [%s]", kinds, KindClient)
	}
}
