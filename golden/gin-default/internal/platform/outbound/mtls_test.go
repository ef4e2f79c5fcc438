package outbound

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"example.com/acme/orders/internal/platform/tlsreload"
)

// testCA is a certificate authority for the mTLS tests.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newTestCA(t *testing.T, name string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &testCA{cert: cert, key: key}
}

func (ca *testCA) pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.cert)
	return p
}

// issue returns PEM certificate and key of a certificate for 127.0.0.1
// valid for servers and clients, as a service's own pair is.
func (ca *testCA) issue(t *testing.T, name string) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
}

// keyPair issues a certificate as a tls.Certificate.
func (ca *testCA) keyPair(t *testing.T, name string) tls.Certificate {
	t.Helper()
	pair, err := tls.X509KeyPair(ca.issue(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return pair
}

// serviceTLS writes the service's own pair, issued by ca, and returns the
// TLS client configuration the service's main builds from it.
func serviceTLS(t *testing.T, ca *testCA, roots *x509.CertPool) *tls.Config {
	t.Helper()
	dir := t.TempDir()
	certPEM, keyPEM := ca.issue(t, "orders")
	cfg := tlsreload.Config{CertFile: filepath.Join(dir, "tls.crt"), KeyFile: filepath.Join(dir, "tls.key")}
	if err := os.WriteFile(cfg.CertFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg.KeyFile, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := tlsreload.New(t.Context(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	tlsConfig, err := r.ClientTLSConfig(roots)
	if err != nil {
		t.Fatal(err)
	}
	return tlsConfig
}

// newMTLSDownstream starts a downstream that presents cert and requires a
// client certificate signed by clientCA; it answers with the client's
// common name and the protocol. It is served as a service serves
// (http.Server.ServeTLS), so it offers h2 by ALPN only when it speaks
// HTTP/2, which GODEBUG http2server=0 turns off.
func newMTLSDownstream(t *testing.T, cert tls.Certificate, clientCA *testCA) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, `{"client":"`+r.TLS.PeerCertificates[0].Subject.CommonName+`","proto":"`+r.Proto+`"}`)
		}),
		TLSConfig: &tls.Config{
			MinVersion:   tls.VersionTLS12,
			Certificates: []tls.Certificate{cert},
			ClientAuth:   tls.RequireAndVerifyClientCert,
			ClientCAs:    clientCA.pool(),
		},
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // refused handshakes are expected
	}
	served := make(chan error, 1)
	go func() { served <- srv.ServeTLS(ln, "", "") }()
	t.Cleanup(func() {
		_ = srv.Close()
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("downstream: %v", err)
		}
	})
	return "https://" + ln.Addr().String()
}

// stockProto returns the protocol a stock transport that attempts HTTP/2
// speaks with the downstream at url: HTTP/2.0 unless GODEBUG
// (http2client=0, http2server=0) turns HTTP/2 off on either side.
func stockProto(t *testing.T, url string, tlsConfig *tls.Config) string {
	t.Helper()
	tr := &http.Transport{TLSClientConfig: tlsConfig.Clone(), ForceAttemptHTTP2: true}
	defer tr.CloseIdleConnections()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got mtlsAnswer
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	return got.Proto
}

type mtlsAnswer struct {
	Client string `json:"client"`
	Proto  string `json:"proto"`
}

func TestMTLSDownstreamAcceptsOurCertificate(t *testing.T) {
	ca := newTestCA(t, "service ca")
	url := newMTLSDownstream(t, ca.keyPair(t, "inventory"), ca)
	tlsConfig := serviceTLS(t, ca, ca.pool())
	c := newClient(t, Config{BaseURL: url, TLS: tlsConfig})

	var got mtlsAnswer
	if err := c.GetJSON(t.Context(), "/", &got); err != nil {
		t.Fatal(err)
	}
	// A transport with its own TLS configuration speaks HTTP/2 only when
	// it asks for it (ForceAttemptHTTP2), as the stock one here does.
	if want := stockProto(t, url, tlsConfig); got.Client != "orders" || got.Proto != want {
		t.Fatalf("downstream saw client %q over %s, want orders over %s", got.Client, got.Proto, want)
	}
}

func TestMTLSDownstreamRefusesClientWithoutCertificate(t *testing.T) {
	ca := newTestCA(t, "service ca")
	url := newMTLSDownstream(t, ca.keyPair(t, "inventory"), ca)
	c := newClient(t, Config{BaseURL: url, TLS: &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: ca.pool()}})

	var got mtlsAnswer
	if err := c.GetJSON(t.Context(), "/", &got); err == nil {
		t.Fatal("a client without certificate was accepted; the downstream does not require one")
	}
}

func TestMTLSRefusesUntrustedDownstream(t *testing.T) {
	ca := newTestCA(t, "service ca")
	stranger := newTestCA(t, "stranger ca")
	url := newMTLSDownstream(t, stranger.keyPair(t, "impostor"), ca)
	c := newClient(t, Config{BaseURL: url, TLS: serviceTLS(t, ca, ca.pool())})

	var got mtlsAnswer
	err := c.GetJSON(t.Context(), "/", &got)
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Fatalf("GetJSON: %v, want x509.UnknownAuthorityError", err)
	}
}
