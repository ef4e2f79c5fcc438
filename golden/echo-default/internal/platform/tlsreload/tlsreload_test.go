package tlsreload

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fixture is a server CA, a server certificate and a client CA written to a
// temporary directory.
type fixture struct {
	dir      string
	serverCA *authority
	clientCA *authority
	cfg      Config
	logs     *syncBuffer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{
		dir:      t.TempDir(),
		serverCA: newCA(t, "server ca", time.Now().Add(10*365*24*time.Hour)),
		clientCA: newCA(t, "client ca", time.Now().Add(10*365*24*time.Hour)),
		logs:     &syncBuffer{},
	}
	f.writeServerCert(t, 1)
	f.cfg = Config{
		CertFile:      f.dir + "/server.crt",
		KeyFile:       f.dir + "/server.key",
		ClientCAFiles: []string{writeFile(t, f.dir, "ca.crt", f.clientCA.pem)},
	}
	return f
}

// writeServerCert writes a new server certificate with the given serial.
func (f *fixture) writeServerCert(t *testing.T, serial int64) {
	t.Helper()
	f.writeCert(t, leafOptions{commonName: "localhost", serial: serial, server: true})
}

// writeCert issues a certificate from the server CA and writes it as the
// server pair.
func (f *fixture) writeCert(t *testing.T, o leafOptions) {
	t.Helper()
	l := f.serverCA.issue(t, o)
	writeFile(t, f.dir, "server.crt", l.certPEM)
	writeFile(t, f.dir, "server.key", l.keyPEM)
}

func (f *fixture) logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(f.logs, nil))
}

// start creates a Reloader from f.cfg and serves it on a loopback listener.
func (f *fixture) start(t *testing.T) (*Reloader, string) {
	t.Helper()
	r, err := New(t.Context(), f.cfg, f.logger())
	if err != nil {
		t.Fatal(err)
	}
	return r, serve(t, r)
}

// serve serves r's TLS config over a real listener and returns the base URL.
func serve(t *testing.T, r *Reloader) string {
	t.Helper()
	return serveHandler(t, r, http.HandlerFunc(writeOK))
}

// writeOK answers "ok".
func writeOK(w http.ResponseWriter, _ *http.Request) {
	_, _ = io.WriteString(w, "ok")
}

// serveHandler serves h with r's TLS config over a real listener and returns
// the base URL.
func serveHandler(t *testing.T, r *Reloader, h http.Handler) string {
	t.Helper()
	return serveServer(t, r, newServer(h))
}

// newServer returns a server of h whose errors are discarded.
func newServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // handshake failures are expected
	}
}

// serveServer serves srv with r's TLS config over a real listener, as the
// service does, and returns the base URL.
func serveServer(t *testing.T, r *Reloader, srv *http.Server) string {
	t.Helper()
	r.Configure(srv)
	return serveConfigured(t, srv)
}

// serveConfigured serves srv, set up for TLS already, over a real listener
// and returns the base URL.
func serveConfigured(t *testing.T, srv *http.Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.ServeTLS(ln, "", "") }()
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Error(err)
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	})
	return "https://" + ln.Addr().String()
}

// newClient returns an HTTP/2-capable client trusting f's server CA that
// always presents cert (when not nil), whatever CAs the server asks for.
func (f *fixture) newClient(t *testing.T, cert *tls.Certificate, modify func(*tls.Config)) *http.Client {
	t.Helper()
	roots := x509.NewCertPool()
	roots.AddCert(f.serverCA.cert)
	tlsConfig := &tls.Config{RootCAs: roots}
	if cert != nil {
		tlsConfig.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return cert, nil }
	}
	if modify != nil {
		modify(tlsConfig)
	}
	tr := &http.Transport{TLSClientConfig: tlsConfig, ForceAttemptHTTP2: true}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

// response is what the tests look at in an HTTP response.
type response struct {
	StatusCode int
	Status     string
	Proto      string
	ProtoMajor int
	Header     http.Header
	TLS        *tls.ConnectionState
}

// get makes a request, reads and closes the body, and returns the response.
func get(ctx context.Context, c *http.Client, url string) (response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return response{}, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return response{}, err
	}
	defer func() { _ = resp.Body.Close() }()
	if _, err := io.ReadAll(resp.Body); err != nil {
		return response{}, err
	}
	return response{StatusCode: resp.StatusCode, Status: resp.Status, Proto: resp.Proto, ProtoMajor: resp.ProtoMajor, Header: resp.Header, TLS: resp.TLS}, nil
}

// servedSerial returns the serial of the server certificate seen by a new
// connection.
func (f *fixture) servedSerial(t *testing.T, url string, cert *tls.Certificate) string {
	t.Helper()
	resp, err := get(t.Context(), f.newClient(t, cert, nil), url)
	if err != nil {
		t.Fatal(err)
	}
	return resp.TLS.PeerCertificates[0].SerialNumber.String()
}

func TestClientCertificates(t *testing.T) {
	f := newFixture(t)
	_, url := f.start(t)
	addr := strings.TrimPrefix(url, "https://")

	other := newCA(t, "other ca", time.Now().Add(time.Hour))
	valid := f.clientCA.issue(t, leafOptions{commonName: "client", serial: 10}).pair
	unknown := other.issue(t, leafOptions{commonName: "stranger", serial: 11}).pair
	expired := f.clientCA.issue(t, leafOptions{
		commonName: "old client", serial: 12,
		notBefore: time.Now().Add(-48 * time.Hour), notAfter: time.Now().Add(-24 * time.Hour),
	}).pair
	tls11 := func(c *tls.Config) { c.MinVersion, c.MaxVersion = tls.VersionTLS10, tls.VersionTLS11 }

	tests := []struct {
		name    string
		cert    *tls.Certificate
		modify  func(*tls.Config)
		wantErr string
	}{
		{name: "valid client certificate", cert: &valid},
		{name: "no client certificate", wantErr: "certificate required"},
		{name: "client of an unknown ca", cert: &unknown, wantErr: "unknown certificate authority"},
		{name: "expired client certificate", cert: &expired, wantErr: "expired certificate"},
		{name: "tls 1.1", cert: &valid, modify: tls11, wantErr: "protocol version not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A request fails alike for every reason; a raw connection
			// shows which alert the server sent.
			_, httpErr := get(t.Context(), f.newClient(t, tt.cert, tt.modify), url)
			_, tlsErr := f.dial(t, addr, tt.cert, tt.modify)
			if tt.wantErr == "" {
				if httpErr != nil || tlsErr != nil {
					t.Fatalf("request: %v; connection: %v; want success", httpErr, tlsErr)
				}
				return
			}
			if httpErr == nil {
				t.Fatal("request succeeded, want it refused")
			}
			if tlsErr == nil || !strings.Contains(tlsErr.Error(), tt.wantErr) {
				t.Fatalf("connection: %v, want error %q", tlsErr, tt.wantErr)
			}
		})
	}
}

// dial opens a TLS connection to addr offering h2 and http/1.1, and reads
// the server's first bytes (after sending a request, unless h2 was
// negotiated: an HTTP/2 server speaks first). With TLS 1.3 a refused client
// certificate is reported only then. It returns the negotiated protocol.
func (f *fixture) dial(t *testing.T, addr string, cert *tls.Certificate, modify func(*tls.Config)) (string, error) {
	t.Helper()
	cfg := f.newClient(t, cert, modify).Transport.(*http.Transport).TLSClientConfig.Clone()
	cfg.NextProtos = []string{"h2", "http/1.1"}
	d := tls.Dialer{Config: cfg}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return "", err
	}
	defer func() { _ = conn.Close() }()
	if err := conn.SetDeadline(time.Now().Add(5 * time.Second)); err != nil {
		return "", err
	}
	proto := conn.(*tls.Conn).ConnectionState().NegotiatedProtocol
	if proto != "h2" {
		if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"); err != nil {
			return proto, err
		}
	}
	_, err = conn.Read(make([]byte, 1))
	return proto, err
}

func TestNoClientCAsRequestsNoCertificate(t *testing.T) {
	f := newFixture(t)
	f.cfg.ClientCAFiles = nil
	_, url := f.start(t)

	resp, err := get(t.Context(), f.newClient(t, nil, nil), url)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %s, want 200", resp.Status)
	}
}

func TestRotationBundleAcceptsBothCAs(t *testing.T) {
	f := newFixture(t)
	next := newCA(t, "client ca 2", time.Now().Add(10*365*24*time.Hour))
	oldClient := f.clientCA.issue(t, leafOptions{commonName: "client", serial: 10}).pair
	newClient := next.issue(t, leafOptions{commonName: "client 2", serial: 11}).pair

	tests := map[string][]string{
		"one bundle file": {writeFile(t, f.dir, "bundle.crt", append(append([]byte{}, f.clientCA.pem...), next.pem...))},
		"two files":       {writeFile(t, f.dir, "ca1.crt", f.clientCA.pem), writeFile(t, f.dir, "ca2.crt", next.pem)},
	}
	for name, files := range tests {
		t.Run(name, func(t *testing.T) {
			f.cfg.ClientCAFiles = files
			_, url := f.start(t)
			for _, cert := range []*tls.Certificate{&oldClient, &newClient} {
				if _, err := get(t.Context(), f.newClient(t, cert, nil), url); err != nil {
					t.Errorf("client %s: %v", cert.Leaf.Subject, err)
				}
			}
		})
	}
}

// getOnConn makes a request like get and reports whether it went over a
// connection that served a request before.
func getOnConn(t *testing.T, c *http.Client, url string) (response, bool, error) {
	t.Helper()
	var reused bool
	ctx := httptrace.WithClientTrace(t.Context(), &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) { reused = info.Reused },
	})
	resp, err := get(ctx, c, url)
	return resp, reused, err
}

// TestRemovedClientCACutsOpenConnections removes a CA from the client CA
// bundle while a client of each CA holds an open connection: the removed
// CA's client is answered 421 on its connection, which is then closed, and
// cannot reconnect; the kept CA's client goes on over the same connection.
// The h2 case runs over HTTP/1.1 where GODEBUG (go.mod's godebug lines
// included) turns HTTP/2 off.
func TestRemovedClientCACutsOpenConnections(t *testing.T) {
	h2Major := 2
	if godebug("http2server") == "0" || godebug("http2client") == "0" {
		h2Major = 1 // net/http then sets up no HTTP/2 on that side
	}
	for _, proto := range []string{"h2", "http/1.1"} {
		t.Run(proto, func(t *testing.T) {
			f := newFixture(t)
			dropped := newCA(t, "client ca 2", time.Now().Add(10*365*24*time.Hour))
			bundle := writeFile(t, f.dir, "bundle.crt", append(append([]byte{}, f.clientCA.pem...), dropped.pem...))
			f.cfg.ClientCAFiles = []string{bundle}
			r, url := f.start(t)
			keptCert := f.clientCA.issue(t, leafOptions{commonName: "kept", serial: 10}).pair
			droppedCert := dropped.issue(t, leafOptions{commonName: "dropped", serial: 11}).pair
			kept, gone := f.newClient(t, &keptCert, nil), f.newClient(t, &droppedCert, nil)
			if proto == "http/1.1" {
				var http1 http.Protocols
				http1.SetHTTP1(true)
				kept.Transport.(*http.Transport).Protocols = &http1
				gone.Transport.(*http.Transport).Protocols = &http1
			}
			for name, c := range map[string]*http.Client{"kept": kept, "dropped": gone} {
				resp, _, err := getOnConn(t, c, url)
				if err != nil || resp.StatusCode != http.StatusOK {
					t.Fatalf("%s client before the reload: %v %v, want 200", name, resp.Status, err)
				}
				if wantMajor := map[string]int{"h2": h2Major, "http/1.1": 1}[proto]; resp.ProtoMajor != wantMajor {
					t.Fatalf("%s client: %s, want HTTP/%d", name, resp.Proto, wantMajor)
				}
			}

			// A reload that changes nothing in the CAs cuts nobody.
			f.writeServerCert(t, 2)
			if err := r.Check(t.Context()); err != nil {
				t.Fatal(err)
			}
			if resp, reused, err := getOnConn(t, gone, url); err != nil || resp.StatusCode != http.StatusOK || !reused {
				t.Fatalf("dropped CA's client after a server certificate reload: %v %v (reused %v), want 200 on its connection", resp.Status, err, reused)
			}

			writeFile(t, f.dir, "bundle.crt", f.clientCA.pem)
			if err := r.Check(t.Context()); err != nil {
				t.Fatal(err)
			}
			resp, reused, err := getOnConn(t, gone, url)
			if err != nil || resp.StatusCode != http.StatusMisdirectedRequest || !reused {
				t.Fatalf("removed CA's client on its open connection: %v %v (reused %v), want 421", resp.Status, err, reused)
			}
			if _, err := get(t.Context(), gone, url); err == nil {
				t.Fatal("removed CA's client got through again, want its connection closed and a new handshake refused")
			}
			for range 2 {
				resp, reused, err := getOnConn(t, kept, url)
				if err != nil || resp.StatusCode != http.StatusOK || !reused {
					t.Fatalf("kept CA's client: %v %v (reused %v), want 200 on its open connection", resp.Status, err, reused)
				}
			}
			if logs := f.logs.String(); strings.Count(logs, "client certificate no longer accepted") != 1 || !strings.Contains(logs, "CN=dropped") {
				t.Errorf("want one warning naming the cut client, logs:\n%s", logs)
			}
		})
	}
}

// TestAdmitInsideHandlerChain: with ConfigureTLS the handler's own
// middleware runs around Admit, so the 421 of a removed CA's client passes
// through it (the service's request id and access log).
func TestAdmitInsideHandlerChain(t *testing.T) {
	f := newFixture(t)
	r, err := New(t.Context(), f.cfg, f.logger())
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []int
	srv := newServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("X-Request-ID", "inner")
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		if r.Admit(rec, req) {
			writeOK(rec, req)
		}
		mu.Lock()
		seen = append(seen, rec.status)
		mu.Unlock()
	}))
	r.ConfigureTLS(srv)
	url := serveConfigured(t, srv)
	cert := f.clientCA.issue(t, leafOptions{commonName: "client", serial: 10}).pair
	c := f.newClient(t, &cert, nil)
	if resp, _, err := getOnConn(t, c, url); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("before the reload: %v %v, want 200", resp.Status, err)
	}

	other := newCA(t, "other client ca", time.Now().Add(time.Hour))
	writeFile(t, f.dir, "ca.crt", other.pem)
	if err := r.Check(t.Context()); err != nil {
		t.Fatal(err)
	}
	resp, reused, err := getOnConn(t, c, url)
	if err != nil || resp.StatusCode != http.StatusMisdirectedRequest || !reused || resp.Header.Get("X-Request-ID") != "inner" {
		t.Fatalf("removed CA's client: %v %v (reused %v, X-Request-ID %q), want 421 through the handler's middleware", resp.Status, err, reused, resp.Header.Get("X-Request-ID"))
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []int{http.StatusOK, http.StatusMisdirectedRequest}; len(seen) != 2 || seen[0] != want[0] || seen[1] != want[1] {
		t.Errorf("middleware saw statuses %v, want %v", seen, want)
	}
}

// statusRecorder records the status written through it.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func TestALPNFollowsServerProtocols(t *testing.T) {
	var http1, both http.Protocols
	http1.SetHTTP1(true)
	both.SetHTTP1(true)
	both.SetHTTP2(true)
	withHTTP2 := "h2"
	if godebug("http2server") == "0" {
		withHTTP2 = "http/1.1" // net/http then sets up no HTTP/2 server
	}
	tests := []struct {
		name  string
		setup func(*http.Server)
		want  string
	}{
		{name: "default", want: withHTTP2},
		{name: "protocols http1 and http2", setup: func(s *http.Server) { s.Protocols = &both }, want: withHTTP2},
		{name: "protocols http1 only", setup: func(s *http.Server) { s.Protocols = &http1 }, want: "http/1.1"},
		{
			name:  "tlsnextproto without h2",
			setup: func(s *http.Server) { s.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){} },
			want:  "http/1.1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			r, err := New(t.Context(), f.cfg, f.logger())
			if err != nil {
				t.Fatal(err)
			}
			srv := newServer(http.HandlerFunc(writeOK))
			if tt.setup != nil {
				tt.setup(srv)
			}
			url := serveServer(t, r, srv)
			cert := f.clientCA.issue(t, leafOptions{commonName: "client", serial: 10}).pair

			// A client offering both protocols gets the one the server serves.
			got, err := f.dial(t, strings.TrimPrefix(url, "https://"), &cert, nil)
			if err != nil {
				t.Fatalf("connection negotiating %q: %v", got, err)
			}
			t.Logf("%s: negotiated %q", tt.name, got)
			if got != tt.want {
				t.Fatalf("negotiated %q, want %q", got, tt.want)
			}

			// An HTTP/2-capable client is served over what it negotiated.
			resp, err := get(t.Context(), f.newClient(t, &cert, nil), url)
			if err != nil {
				t.Fatalf("request: %v", err)
			}
			wantMajor := 1
			if resp.TLS.NegotiatedProtocol == "h2" {
				wantMajor = 2
			}
			if resp.StatusCode != http.StatusOK || resp.ProtoMajor != wantMajor {
				t.Fatalf("request negotiating %q: %s over %s, want 200 over HTTP/%d", resp.TLS.NegotiatedProtocol, resp.Status, resp.Proto, wantMajor)
			}
			if godebug("http2client") != "0" && resp.TLS.NegotiatedProtocol != tt.want {
				t.Fatalf("request negotiated %q, want %q", resp.TLS.NegotiatedProtocol, tt.want)
			}
		})
	}
}

// TestALPNWithHTTP2ServerOff runs TestALPNFollowsServerProtocols in a child
// process with GODEBUG http2server=0, where its default server must offer
// http/1.1 only.
func TestALPNWithHTTP2ServerOff(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestALPNFollowsServerProtocols$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "GODEBUG="+strings.TrimPrefix(os.Getenv("GODEBUG")+",http2server=0", ","))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child test: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), `default: negotiated "http/1.1"`) {
		t.Fatalf("child test did not negotiate http/1.1 with its default server:\n%s", out)
	}
}

// godebug returns the value of a GODEBUG setting in this test binary, or "":
// the go.mod godebug lines built in as the binary's default, then the GODEBUG
// variable, the last setting winning.
func godebug(key string) string {
	var settings []string
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "DefaultGODEBUG" {
				settings = append(settings, strings.Split(s.Value, ",")...)
			}
		}
	}
	settings = append(settings, strings.Split(os.Getenv("GODEBUG"), ",")...)
	var value string
	for _, kv := range settings {
		if k, v, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == key {
			value = v
		}
	}
	return value
}

func TestCheckReloadsChangedFiles(t *testing.T) {
	f := newFixture(t)
	r, url := f.start(t)
	cert := f.clientCA.issue(t, leafOptions{commonName: "client", serial: 10}).pair

	// A connection opened before the reload stays usable afterwards.
	kept := f.newClient(t, &cert, nil)
	if _, err := get(t.Context(), kept, url); err != nil {
		t.Fatal(err)
	}

	f.writeServerCert(t, 2)
	if got := f.servedSerial(t, url, &cert); got != "1" {
		t.Fatalf("before Check: serial %s served, want 1", got)
	}
	if err := r.Check(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := f.servedSerial(t, url, &cert); got != "2" {
		t.Fatalf("after Check: serial %s served, want 2", got)
	}

	var reused bool
	ctx := httptrace.WithClientTrace(t.Context(), &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) { reused = info.Reused },
	})
	resp, err := get(ctx, kept, url)
	if err != nil {
		t.Fatalf("existing connection after reload: %v", err)
	}
	if !reused {
		t.Error("existing connection was not reused after reload")
	}
	if got := resp.TLS.PeerCertificates[0].SerialNumber.String(); got != "1" {
		t.Errorf("existing connection: serial %s, want 1", got)
	}
}

// reloadRecord is the log record of a reload.
type reloadRecord struct {
	Msg           string
	Changed       []string
	CertFile      string `json:"cert_file"`
	Serial        string
	ClientCAFiles []string `json:"client_ca_files"`
	ClientCAs     []struct {
		Subject     string
		Fingerprint string
	} `json:"client_cas"`
}

// TestReloadLogSaysWhatChanged checks that the log of a reload says which
// files changed: a client CA change, the step of a CA rotation an operator
// watches for, lists the CAs now accepted instead of passing for a server
// certificate renewal that kept its serial.
func TestReloadLogSaysWhatChanged(t *testing.T) {
	tests := []struct {
		name        string
		serverCert  bool // the server pair is renewed
		addCA       bool // a second client CA joins the bundle
		wantChanged []string
	}{
		{name: "server certificate", serverCert: true, wantChanged: []string{KindServer}},
		{name: "client cas", addCA: true, wantChanged: []string{KindClientCA}},
		{name: "both", serverCert: true, addCA: true, wantChanged: []string{KindServer, KindClientCA}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			r, err := New(t.Context(), f.cfg, f.logger())
			if err != nil {
				t.Fatal(err)
			}
			next := newCA(t, "next client ca", time.Now().Add(time.Hour))
			if tt.serverCert {
				f.writeServerCert(t, 2)
			}
			if tt.addCA {
				writeFile(t, f.dir, "ca.crt", append(bytes.Clone(f.clientCA.pem), next.pem...))
			}
			if err := r.Check(t.Context()); err != nil {
				t.Fatal(err)
			}

			var recs []reloadRecord
			for line := range strings.Lines(f.logs.String()) {
				var rec reloadRecord
				if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "tls certificates reloaded" {
					recs = append(recs, rec)
				}
			}
			if len(recs) != 1 {
				t.Fatalf("%d reload records, want 1; logs:\n%s", len(recs), f.logs)
			}
			rec := recs[0]
			if fmt.Sprint(rec.Changed) != fmt.Sprint(tt.wantChanged) {
				t.Errorf("changed %v, want %v", rec.Changed, tt.wantChanged)
			}
			wantFile, wantSerial := "", "" // an unchanged pair is not named
			if tt.serverCert {
				wantFile, wantSerial = f.cfg.CertFile, "2"
			}
			if rec.CertFile != wantFile || rec.Serial != wantSerial {
				t.Errorf("cert_file %q, serial %q; want %q, %q", rec.CertFile, rec.Serial, wantFile, wantSerial)
			}
			if !tt.addCA {
				if rec.ClientCAFiles != nil || rec.ClientCAs != nil {
					t.Errorf("client CAs logged although unchanged: %+v", rec)
				}
				return
			}
			if fmt.Sprint(rec.ClientCAFiles) != fmt.Sprint(f.cfg.ClientCAFiles) {
				t.Errorf("client_ca_files %v, want %v", rec.ClientCAFiles, f.cfg.ClientCAFiles)
			}
			var accepted []string
			for _, ca := range rec.ClientCAs {
				accepted = append(accepted, ca.Subject+" "+ca.Fingerprint)
			}
			want := []string{"CN=client ca " + fingerprintOf(f.clientCA.cert), "CN=next client ca " + fingerprintOf(next.cert)}
			if fmt.Sprint(accepted) != fmt.Sprint(want) {
				t.Errorf("client_cas %q, want %q", accepted, want)
			}
		})
	}
}

func TestCheckKeepsPreviousMaterialOnBadFiles(t *testing.T) {
	otherKey := newCA(t, "unrelated", time.Now().Add(time.Hour))
	otherLeaf := otherKey.issue(t, leafOptions{commonName: "localhost", serial: 9, server: true})

	tests := []struct {
		name    string
		file    string
		content []byte
	}{
		{name: "corrupt certificate pem", file: "server.crt", content: []byte("-----BEGIN CERTIFICATE-----\ngarbage\n")},
		{name: "key of another certificate", file: "server.key", content: otherLeaf.keyPEM},
		{name: "empty ca bundle", file: "ca.crt", content: nil},
		{name: "corrupt ca bundle", file: "ca.crt", content: []byte("not a certificate")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			r, url := f.start(t)
			cert := f.clientCA.issue(t, leafOptions{commonName: "client", serial: 10}).pair

			writeFile(t, f.dir, tt.file, tt.content)
			if err := r.Check(t.Context()); err == nil {
				t.Fatal("Check succeeded, want an error")
			}
			if got := f.servedSerial(t, url, &cert); got != "1" {
				t.Fatalf("serial %s served, want the previous 1", got)
			}
		})
	}
}

func TestRunLogsFailedReload(t *testing.T) {
	f := newFixture(t)
	f.cfg.ReloadInterval = 5 * time.Millisecond
	r, _ := f.start(t)

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	writeFile(t, f.dir, "server.crt", []byte("corrupt"))

	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(f.logs.String(), "tls reload failed") {
		if time.Now().After(deadline) {
			t.Fatalf("no reload failure logged; logs:\n%s", f.logs)
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
}

func TestNewFailsOnBadFiles(t *testing.T) {
	f := newFixture(t)
	writeFile(t, f.dir, "server.key", []byte("not a key"))
	if _, err := New(t.Context(), f.cfg, f.logger()); err == nil {
		t.Fatal("New succeeded, want an error")
	}
}

// unusableServerCerts are server certificates that can serve no handshake
// now: outside their validity period, or without the serverAuth extended key
// usage, such as a client certificate mounted by mistake.
var unusableServerCerts = []struct {
	name      string
	opts      leafOptions
	wantError string
}{
	{"expired", leafOptions{commonName: "localhost", serial: 7, server: true, notBefore: time.Now().Add(-48 * time.Hour), notAfter: time.Now().Add(-24 * time.Hour)}, "expired at "},
	{"not yet valid", leafOptions{commonName: "localhost", serial: 7, server: true, notBefore: time.Now().Add(24 * time.Hour), notAfter: time.Now().Add(48 * time.Hour)}, "is not valid before "},
	{"client authentication only", leafOptions{commonName: "localhost", serial: 7}, "not valid for server authentication"},
}

func TestCheckRefusesUnusableServerCertificate(t *testing.T) {
	for _, tt := range unusableServerCerts {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			r, url := f.start(t)
			cert := f.clientCA.issue(t, leafOptions{commonName: "client", serial: 10}).pair

			f.writeCert(t, tt.opts)
			err := r.Check(t.Context())
			if err == nil || !strings.Contains(err.Error(), tt.wantError) || !strings.Contains(err.Error(), f.cfg.CertFile) {
				t.Fatalf("Check: %v, want an error naming %s and containing %q", err, f.cfg.CertFile, tt.wantError)
			}
			if got := f.servedSerial(t, url, &cert); got != "1" {
				t.Fatalf("serial %s served, want the previous 1", got)
			}
			if logs := f.logs.String(); strings.Contains(logs, "tls certificates reloaded") {
				t.Errorf("refused certificate logged as reloaded; logs:\n%s", logs)
			}
		})
	}
}

func TestNewRefusesUnusableServerCertificate(t *testing.T) {
	for _, tt := range unusableServerCerts {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.writeCert(t, tt.opts)
			_, err := New(t.Context(), f.cfg, f.logger())
			if err == nil || !strings.Contains(err.Error(), tt.wantError) || !strings.Contains(err.Error(), f.cfg.CertFile) {
				t.Fatalf("New: %v, want an error naming %s and containing %q", err, f.cfg.CertFile, tt.wantError)
			}
		})
	}
}

// TestClientPairNeedsClientAuthUsage checks that a pair presented as a client
// certificate (the healthcheck's, watched with CertKind
// KindHealthcheckClient, or a server pair the healthcheck presents too) is
// refused without the clientAuth extended key usage, at start and on reload:
// a server that requires client certificates refuses every handshake with
// it, so every probe would fail.
func TestClientPairNeedsClientAuthUsage(t *testing.T) {
	tests := []struct {
		name string
		set  func(*Config)
	}{
		{"healthcheck client", func(c *Config) { c.CertKind = KindHealthcheckClient; c.ClientCAFiles = nil }},
		{"server pair also presented by the healthcheck", func(c *Config) { c.AlsoClient = true }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t) // a server-only certificate
			tt.set(&f.cfg)
			_, err := New(t.Context(), f.cfg, f.logger())
			if err == nil || !strings.Contains(err.Error(), "not valid for client authentication") || !strings.Contains(err.Error(), f.cfg.CertFile) {
				t.Fatalf("New: %v, want a client authentication error naming %s", err, f.cfg.CertFile)
			}

			f.writeCert(t, leafOptions{commonName: "localhost", serial: 2, server: true, alsoClient: true})
			r, err := New(t.Context(), f.cfg, f.logger())
			if err != nil {
				t.Fatalf("New with a clientAuth certificate: %v", err)
			}
			f.writeServerCert(t, 3)
			if err := r.Check(t.Context()); err == nil || !strings.Contains(err.Error(), "not valid for client authentication") {
				t.Fatalf("Check: %v, want a client authentication error", err)
			}
			if got := r.current.Load().certs[0].cert.SerialNumber.String(); got != "2" {
				t.Fatalf("serial %s loaded, want the previous 2", got)
			}
		})
	}
}

// TestNewRefusesHealthcheckCertNotAccepted checks that with client CAs the
// healthcheck client certificate (Config.HealthcheckCertFile) must be one
// they accept, with the chain of its file: otherwise every healthcheck, and
// so every probe of every replica, fails the handshake.
func TestNewRefusesHealthcheckCertNotAccepted(t *testing.T) {
	other := newCA(t, "other ca", time.Now().Add(time.Hour))
	tests := []struct {
		name    string
		set     func(t *testing.T, f *fixture)
		wantErr bool
	}{
		{"issued by a client ca", func(t *testing.T, f *fixture) {
			f.cfg.HealthcheckCertFile = writeFile(t, f.dir, "probe.crt", f.clientCA.issue(t, leafOptions{commonName: "probe", serial: 20}).certPEM)
		}, false},
		{"issued by an intermediate in its file", func(t *testing.T, f *fixture) {
			i := f.clientCA.intermediate(t, "client intermediate", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
			chain := append(i.issue(t, leafOptions{commonName: "probe", serial: 20}).certPEM, i.pem...)
			f.cfg.HealthcheckCertFile = writeFile(t, f.dir, "probe.crt", chain)
		}, false},
		{"issued by an intermediate missing from its file", func(t *testing.T, f *fixture) {
			i := f.clientCA.intermediate(t, "client intermediate", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
			f.cfg.HealthcheckCertFile = writeFile(t, f.dir, "probe.crt", i.issue(t, leafOptions{commonName: "probe", serial: 20}).certPEM)
		}, true},
		{"issued by another ca", func(t *testing.T, f *fixture) {
			f.cfg.HealthcheckCertFile = writeFile(t, f.dir, "probe.crt", other.issue(t, leafOptions{commonName: "probe", serial: 20}).certPEM)
		}, true},
		{"the server pair, of the server ca", func(t *testing.T, f *fixture) {
			f.writeCert(t, leafOptions{commonName: "localhost", serial: 1, server: true, alsoClient: true})
			f.cfg.HealthcheckCertFile, f.cfg.AlsoClient = f.cfg.CertFile, true
		}, true},
		{"issued by another ca, no client cas", func(t *testing.T, f *fixture) {
			f.cfg.HealthcheckCertFile = writeFile(t, f.dir, "probe.crt", other.issue(t, leafOptions{commonName: "probe", serial: 20}).certPEM)
			f.cfg.ClientCAFiles = nil // no client certificate is asked for
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			tt.set(t, f)
			_, err := New(t.Context(), f.cfg, f.logger())
			if !tt.wantErr {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				return
			}
			for _, want := range []string{"do not accept the healthcheck client certificate", f.cfg.HealthcheckCertFile, f.cfg.ClientCAFiles[0]} {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("New: %v, want an error naming both files, containing %q", err, want)
				}
			}
		})
	}
}

// TestReloadKeepsHealthcheckCertAccepted checks reloads against the
// healthcheck client certificate: client CAs that drop its CA are refused
// (the previous ones, which accept it, stay in use) rather than fail every
// probe of every replica at once, and take effect once it is issued by one of
// them; a change that leaves it refused either way is applied, with an
// ERROR.
func TestReloadKeepsHealthcheckCertAccepted(t *testing.T) {
	next := newCA(t, "next client ca", time.Now().Add(10*365*24*time.Hour))
	other := newCA(t, "other ca", time.Now().Add(time.Hour))
	tests := []struct {
		name         string
		change       func(t *testing.T, f *fixture)
		wantErr      bool // Check fails and the previous CAs stay in use
		wantOldCA    bool // a client of the first client CA is still accepted
		wantSerial   string
		wantErrorLog bool // the healthcheck certificate is logged as refused
	}{
		{name: "its ca dropped", change: func(t *testing.T, f *fixture) {
			writeFile(t, f.dir, "ca.crt", next.pem)
		}, wantErr: true, wantOldCA: true, wantSerial: "1"},
		{name: "its ca dropped as the server is renewed", change: func(t *testing.T, f *fixture) {
			writeFile(t, f.dir, "ca.crt", next.pem)
			f.writeServerCert(t, 2)
		}, wantErr: true, wantOldCA: true, wantSerial: "2"},
		{name: "its ca dropped as it is reissued by the next ca", change: func(t *testing.T, f *fixture) {
			writeFile(t, f.dir, "probe.crt", next.issue(t, leafOptions{commonName: "probe", serial: 21}).certPEM)
			writeFile(t, f.dir, "ca.crt", next.pem)
		}, wantSerial: "1"},
		{name: "reissued by a ca not accepted", change: func(t *testing.T, f *fixture) {
			writeFile(t, f.dir, "probe.crt", other.issue(t, leafOptions{commonName: "probe", serial: 21}).certPEM)
		}, wantOldCA: true, wantSerial: "1", wantErrorLog: true},
		{name: "server renewed while no ca accepts it", change: func(t *testing.T, f *fixture) {
			writeFile(t, f.dir, "probe.crt", other.issue(t, leafOptions{commonName: "probe", serial: 21}).certPEM)
			writeFile(t, f.dir, "ca.crt", next.pem)
			f.writeServerCert(t, 2)
		}, wantSerial: "2", wantErrorLog: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			writeFile(t, f.dir, "ca.crt", append(bytes.Clone(f.clientCA.pem), next.pem...))
			f.cfg.HealthcheckCertFile = writeFile(t, f.dir, "probe.crt", f.clientCA.issue(t, leafOptions{commonName: "probe", serial: 20}).certPEM)
			r, url := f.start(t)
			oldClient := f.clientCA.issue(t, leafOptions{commonName: "client", serial: 10}).pair
			nextClient := next.issue(t, leafOptions{commonName: "client 2", serial: 11}).pair

			tt.change(t, f)
			err := r.Check(t.Context())
			if tt.wantErr {
				for _, want := range []string{"do not accept the healthcheck client certificate", f.cfg.HealthcheckCertFile, f.cfg.ClientCAFiles[0]} {
					if err == nil || !strings.Contains(err.Error(), want) {
						t.Fatalf("Check: %v, want an error naming both files, containing %q", err, want)
					}
				}
			} else if err != nil {
				t.Fatalf("Check: %v", err)
			}
			// Every check says it again, until the files change.
			if err2 := r.Check(t.Context()); (err2 == nil) != (err == nil) || err2 != nil && err2.Error() != err.Error() {
				t.Fatalf("second Check: %v, want %v", err2, err)
			}
			_, oldErr := get(t.Context(), f.newClient(t, &oldClient, nil), url)
			if accepted := oldErr == nil; accepted != tt.wantOldCA {
				t.Errorf("client of the first client CA accepted: %v (%v), want %v", accepted, oldErr, tt.wantOldCA)
			}
			if got := f.servedSerial(t, url, &nextClient); got != tt.wantSerial {
				t.Errorf("serial %s served, want %s", got, tt.wantSerial)
			}
			var refusedLogged bool
			for line := range strings.Lines(f.logs.String()) {
				var rec struct{ Level, Msg, Error string }
				if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "healthcheck client certificate refused: every healthcheck fails" {
					refusedLogged = rec.Level == "ERROR" && strings.Contains(rec.Error, f.cfg.HealthcheckCertFile)
				}
			}
			if refusedLogged != tt.wantErrorLog {
				t.Errorf("refused healthcheck certificate logged at ERROR: %v, want %v; logs:\n%s", refusedLogged, tt.wantErrorLog, f.logs)
			}
		})
	}
}

// writeChain writes as the server pair a certificate with the given serial
// issued by inter, followed by inter, as cert-manager writes tls.crt. With
// damage, inter's block is damaged.
func (f *fixture) writeChain(t *testing.T, serial int64, inter *authority, damage bool) {
	t.Helper()
	l := inter.issue(t, leafOptions{commonName: "localhost", serial: serial, server: true})
	interPEM := inter.pem
	if damage {
		interPEM = damaged(t, interPEM)
	}
	writeFile(t, f.dir, "server.crt", append(append([]byte{}, l.certPEM...), interPEM...))
	writeFile(t, f.dir, "server.key", l.keyPEM)
}

// The intermediates of the server chain are watched like the leaf: their
// expiry is logged and reported, with the kind server_chain.
func TestChainCertificatesWatched(t *testing.T) {
	f := newFixture(t)
	inter := f.serverCA.intermediate(t, "intermediate", time.Now().Add(-time.Hour), time.Now().Add(48*time.Hour))
	f.writeChain(t, 2, inter, false)
	var got []Certificate
	f.cfg.OnCertificates = func(certs []Certificate) { got = certs }
	r, err := New(t.Context(), f.cfg, f.logger())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Kind != KindServer || got[1].Kind != KindServerChain || got[1].Subject != "CN=intermediate" || got[2].Kind != KindClientCA {
		t.Fatalf("OnCertificates got %+v, want the server certificate, its intermediate (%s) and the client CA", got, KindServerChain)
	}
	var warned bool
	for line := range strings.Lines(f.logs.String()) {
		var rec struct{ Level, Msg, Subject, Kind string }
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "certificate expires soon" && rec.Subject == "CN=intermediate" {
			warned = rec.Level == "WARN" && rec.Kind == KindServerChain
		}
	}
	if !warned {
		t.Errorf("no expiry warning for the intermediate; logs:\n%s", f.logs)
	}

	// Served, the chain verifies against the server CA.
	url := serve(t, r)
	cert := f.clientCA.issue(t, leafOptions{commonName: "client", serial: 10}).pair
	if got := f.servedSerial(t, url, &cert); got != "2" {
		t.Fatalf("serial %s served, want 2", got)
	}
}

// An intermediate outside its validity period fails the chain's every
// verified handshake: it is refused at start and on reload, like the leaf.
func TestChainCertificateOutsideValidityRefused(t *testing.T) {
	tests := []struct {
		name                string
		notBefore, notAfter time.Time
		wantError           string
	}{
		{"expired", time.Now().Add(-48 * time.Hour), time.Now().Add(-time.Hour), `certificate "CN=intermediate" expired at `},
		{"not yet valid", time.Now().Add(time.Hour), time.Now().Add(48 * time.Hour), `certificate "CN=intermediate" is not valid before `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			r, url := f.start(t)
			cert := f.clientCA.issue(t, leafOptions{commonName: "client", serial: 10}).pair

			inter := f.serverCA.intermediate(t, "intermediate", tt.notBefore, tt.notAfter)
			f.writeChain(t, 2, inter, false)
			err := r.Check(t.Context())
			if err == nil || !strings.Contains(err.Error(), tt.wantError) || !strings.Contains(err.Error(), f.cfg.CertFile) {
				t.Fatalf("Check: %v, want an error naming %s and containing %q", err, f.cfg.CertFile, tt.wantError)
			}
			if got := f.servedSerial(t, url, &cert); got != "1" {
				t.Fatalf("serial %s served, want the previous 1", got)
			}
			if logs := f.logs.String(); strings.Contains(logs, "tls certificates reloaded") {
				t.Errorf("refused chain logged as reloaded; logs:\n%s", logs)
			}

			_, err = New(t.Context(), f.cfg, f.logger())
			if err == nil || !strings.Contains(err.Error(), tt.wantError) || !strings.Contains(err.Error(), f.cfg.CertFile) {
				t.Fatalf("New: %v, want an error naming %s and containing %q", err, f.cfg.CertFile, tt.wantError)
			}
		})
	}
}

// A PEM block that does not decode is refused even with valid blocks around
// it (encoding/pem skips it): at start, and on reload, where the previous
// material stays in use.
func TestDamagedPEMBlockRefused(t *testing.T) {
	t.Run("client ca bundle", func(t *testing.T) {
		f := newFixture(t)
		next := newCA(t, "client ca 2", time.Now().Add(10*365*24*time.Hour))
		bundle := f.cfg.ClientCAFiles[0]
		writeFile(t, f.dir, "ca.crt", append(append([]byte{}, next.pem...), f.clientCA.pem...))
		r, url := f.start(t)
		cert := next.issue(t, leafOptions{commonName: "client 2", serial: 11}).pair
		if _, err := get(t.Context(), f.newClient(t, &cert, nil), url); err != nil {
			t.Fatalf("client of the second CA before the reload: %v", err)
		}

		writeFile(t, f.dir, "ca.crt", append(damaged(t, next.pem), f.clientCA.pem...))
		const want = "pem block 1 (line 1) does not decode"
		err := r.Check(t.Context())
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), bundle) {
			t.Fatalf("Check: %v, want an error naming %s and containing %q", err, bundle, want)
		}
		if _, err := get(t.Context(), f.newClient(t, &cert, nil), url); err != nil {
			t.Fatalf("client of the second CA after the refused reload: %v", err)
		}
		_, err = New(t.Context(), f.cfg, f.logger())
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), bundle) {
			t.Fatalf("New: %v, want an error naming %s and containing %q", err, bundle, want)
		}
	})
	t.Run("intermediate of the chain", func(t *testing.T) {
		f := newFixture(t)
		r, url := f.start(t)
		cert := f.clientCA.issue(t, leafOptions{commonName: "client", serial: 10}).pair

		inter := f.serverCA.intermediate(t, "intermediate", time.Now().Add(-time.Hour), time.Now().Add(48*time.Hour))
		f.writeChain(t, 2, inter, true)
		const want = "pem block 2 (line "
		err := r.Check(t.Context())
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), f.cfg.CertFile) {
			t.Fatalf("Check: %v, want an error naming %s and containing %q", err, f.cfg.CertFile, want)
		}
		if got := f.servedSerial(t, url, &cert); got != "1" {
			t.Fatalf("serial %s served, want the previous 1", got)
		}
		_, err = New(t.Context(), f.cfg, f.logger())
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), f.cfg.CertFile) {
			t.Fatalf("New: %v, want an error naming %s and containing %q", err, f.cfg.CertFile, want)
		}
	})
}

func TestPEMBlocks(t *testing.T) {
	ca1 := newCA(t, "one", time.Now().Add(time.Hour)).pem
	ca2 := newCA(t, "two", time.Now().Add(time.Hour)).pem
	lines := func(b []byte) int { return bytes.Count(b, []byte("\n")) }
	join := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	// Truncated before its END line, and with a dash lost from either line.
	noEnd := ca1[:bytes.Index(ca1, []byte("-----END "))]
	badBegin := bytes.Replace(ca1, []byte("-----BEGIN"), []byte("----BEGIN"), 1)
	badEnd := bytes.Replace(ca1, []byte("-----END"), []byte("----END"), 1)

	tests := []struct {
		name       string
		data       []byte
		wantBlocks int
		wantError  string
	}{
		{"blocks", join(ca1, ca2), 2, ""},
		{"text before the blocks", join([]byte("# one\n"), ca1, []byte("subject=CN=two\n"), ca2), 2, ""},
		{"trailing text", join(ca1, []byte("trailer\n")), 1, ""},
		{"no pem", []byte("not pem"), 0, ""},
		{"first block damaged", join(damaged(t, ca1), ca2), 0, "pem block 1 (line 1) does not decode"},
		{"last block damaged", join(ca1, damaged(t, ca2)), 0, fmt.Sprintf("pem block 2 (line %d) does not decode", lines(ca1)+1)},
		{"END line damaged", join(badEnd, ca2), 0, "pem block 1 (line 1) does not decode"},
		{"END line missing", join(noEnd, ca2), 0, "pem block 1 (line 1) does not decode"},
		{"BEGIN line damaged", join(badBegin, ca2), 0, fmt.Sprintf("pem END line (line %d) without its BEGIN line", lines(ca1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks, _, err := pemBlocks(tt.data)
			switch {
			case tt.wantError == "" && (err != nil || len(blocks) != tt.wantBlocks):
				t.Fatalf("pemBlocks: %d blocks, error %v; want %d blocks", len(blocks), err, tt.wantBlocks)
			case tt.wantError != "" && (err == nil || !strings.Contains(err.Error(), tt.wantError)):
				t.Fatalf("pemBlocks: error %v, want one containing %q", err, tt.wantError)
			}
		})
	}
}

// A certificate that expires while in use is logged as expired at once, even
// less than a day after its "expires soon" warning.
func TestExpiredCertificateInUseLoggedAsExpired(t *testing.T) {
	f := newFixture(t)
	notAfter := time.Now().Add(time.Hour)
	f.writeCert(t, leafOptions{commonName: "localhost", serial: 3, server: true, notAfter: notAfter})
	var now atomic.Pointer[time.Time]
	start := time.Now()
	now.Store(&start)
	f.cfg.Now = func() time.Time { return *now.Load() }
	r, err := New(t.Context(), f.cfg, f.logger())
	if err != nil {
		t.Fatal(err)
	}
	if logs := f.logs.String(); !strings.Contains(logs, `"msg":"certificate expires soon"`) || strings.Contains(logs, "certificate expired") {
		t.Fatalf("want only an expires-soon warning at start; logs:\n%s", logs)
	}

	later := notAfter.Add(time.Minute)
	now.Store(&later)
	if err := r.Check(t.Context()); err != nil {
		t.Fatal(err)
	}
	var expired map[string]any
	for line := range strings.Lines(f.logs.String()) {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == "certificate expired" {
			expired = rec
		}
	}
	if expired == nil || expired["level"] != "ERROR" || expired["kind"] != KindServer || expired["seconds_left"].(float64) >= 0 {
		t.Errorf("certificate expired record = %v, want an ERROR for the server certificate with negative seconds_left; logs:\n%s", expired, f.logs)
	}
	if n := strings.Count(f.logs.String(), "certificate expires soon"); n != 1 {
		t.Errorf("%d expires-soon warnings, want only the one at start; logs:\n%s", n, f.logs)
	}
}

// TestDefaultExpiryWarnSparesRoutineRenewals: with the default window, a
// certificate that its issuer is renewing right now, the renewed one not yet
// in the files, is not reported; one whose renewal is well overdue is.
func TestDefaultExpiryWarnSparesRoutineRenewals(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		name           string
		lifetime, left time.Duration
		wantWarning    bool
	}{
		{"cert-manager, 90 days, renewing a minute ago", 90 * day, 30*day - time.Minute, false},
		{"cert-manager, 90 days, renewing an hour ago", 90 * day, 30*day - time.Hour, false},
		{"cert-manager, 45 days, renewing a minute ago", 45 * day, 15*day - time.Minute, false},
		{"90 days, renewal 17 days overdue", 90 * day, 13 * day, true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.cfg.ClientCAFiles = nil
			notAfter := time.Now().Add(tt.left)
			f.writeCert(t, leafOptions{commonName: "localhost", serial: int64(10 + i), server: true, notBefore: notAfter.Add(-tt.lifetime), notAfter: notAfter})
			if _, err := New(t.Context(), f.cfg, f.logger()); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(f.logs.String(), "certificate expires soon"); got != tt.wantWarning {
				t.Errorf("warned %v, want %v; logs:\n%s", got, tt.wantWarning, f.logs)
			}
		})
	}
}

func TestExpiryWarningLoggedWithinWindow(t *testing.T) {
	f := newFixture(t)
	l := f.serverCA.issue(t, leafOptions{commonName: "localhost", serial: 3, server: true, notAfter: time.Now().Add(48 * time.Hour)})
	writeFile(t, f.dir, "server.crt", l.certPEM)
	writeFile(t, f.dir, "server.key", l.keyPEM)

	type observation struct{ subject, kind string }
	var seen []observation
	f.cfg.OnCertificates = func(certs []Certificate) {
		for _, c := range certs {
			seen = append(seen, observation{c.Subject, c.Kind})
		}
	}
	if _, err := New(t.Context(), f.cfg, f.logger()); err != nil {
		t.Fatal(err)
	}

	logs := f.logs.String()
	if !strings.Contains(logs, `"msg":"certificate expires soon"`) || !strings.Contains(logs, `"subject":"CN=localhost"`) {
		t.Errorf("no expiry warning for the server certificate; logs:\n%s", logs)
	}
	if strings.Contains(logs, "CN=client ca") {
		t.Errorf("warning for a CA outside the window; logs:\n%s", logs)
	}
	want := []observation{{"CN=localhost", KindServer}, {"CN=client ca", KindClientCA}}
	if len(seen) != len(want) || seen[0] != want[0] || seen[1] != want[1] {
		t.Errorf("OnCertificates saw %v, want %v", seen, want)
	}
}

func TestExpiryWebhookOncePerDay(t *testing.T) {
	type event struct {
		Subject     string    `json:"subject"`
		Kind        string    `json:"kind"`
		NotAfter    time.Time `json:"not_after"`
		SecondsLeft int64     `json:"seconds_left"`
	}
	var (
		mu     sync.Mutex
		events []event
	)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var e event
		if err := json.NewDecoder(r.Body).Decode(&e); err != nil || r.Method != http.MethodPost {
			t.Errorf("webhook got %s with body error %v", r.Method, err)
		}
		mu.Lock()
		events = append(events, e)
		mu.Unlock()
	}))
	t.Cleanup(hook.Close)

	f := newFixture(t)
	now := time.Now().Truncate(time.Second)
	notAfter := now.Add(10 * 24 * time.Hour)
	l := f.serverCA.issue(t, leafOptions{commonName: "localhost", serial: 3, server: true, notAfter: notAfter})
	writeFile(t, f.dir, "server.crt", l.certPEM)
	writeFile(t, f.dir, "server.key", l.keyPEM)
	f.cfg.WebhookURL = hook.URL
	f.cfg.HTTPClient = hook.Client()
	f.cfg.Now = func() time.Time { return now }

	r, err := New(t.Context(), f.cfg, f.logger())
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if len(events) != 0 {
		t.Errorf("New posted %d events, want none: Run sends them", len(events))
	}
	mu.Unlock()
	r.sendDue(t.Context()) // posts once
	for _, step := range []time.Duration{time.Hour, 22 * time.Hour, 2 * time.Hour, time.Hour} {
		now = now.Add(step) // +1h, +23h: no post; +25h: post; +26h: no post
		if err := r.Check(t.Context()); err != nil {
			t.Fatal(err)
		}
		r.sendDue(t.Context())
	}

	mu.Lock()
	defer mu.Unlock()
	if len(events) != 2 {
		t.Fatalf("webhook called %d times, want 2: %+v", len(events), events)
	}
	first := events[0]
	if first.Subject != "CN=localhost" || first.Kind != KindServer || !first.NotAfter.Equal(notAfter) {
		t.Errorf("event %+v, want subject CN=localhost, kind server, not_after %v", first, notAfter)
	}
	if want := int64(10 * 24 * 3600); first.SecondsLeft != want {
		t.Errorf("seconds_left %d, want %d", first.SecondsLeft, want)
	}
	if want := int64((10*24 - 25) * 3600); events[1].SecondsLeft != want {
		t.Errorf("second seconds_left %d, want %d", events[1].SecondsLeft, want)
	}
}

// expiringFixture returns a fixture whose server certificate and client CA
// both expire within the warning window.
func expiringFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.clientCA = newCA(t, "client ca", time.Now().Add(48*time.Hour))
	writeFile(t, f.dir, "ca.crt", f.clientCA.pem)
	l := f.serverCA.issue(t, leafOptions{commonName: "localhost", serial: 3, server: true, notAfter: time.Now().Add(48 * time.Hour)})
	writeFile(t, f.dir, "server.crt", l.certPEM)
	writeFile(t, f.dir, "server.key", l.keyPEM)
	return f
}

// runReloader runs r until the test ends and checks that Run returns
// promptly once its context is canceled.
func runReloader(t *testing.T, r *Reloader) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(2 * time.Second):
			t.Error("Run did not return within 2s of its context being canceled")
		}
	})
}

func TestSilentWebhookDelaysNeitherStartNorReloads(t *testing.T) {
	received := make(chan struct{}, 10)
	release := make(chan struct{})
	silent := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		received <- struct{}{}
		select { // never answers
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(silent.Close)
	t.Cleanup(func() { close(release) }) // runs before silent.Close

	f := expiringFixture(t)
	f.cfg.WebhookURL = silent.URL + "/hook"
	f.cfg.ReloadInterval = 10 * time.Millisecond
	start := time.Now()
	r, err := New(t.Context(), f.cfg, f.logger())
	if err != nil {
		t.Fatal(err)
	}
	// A correctness bound, far below the webhook timeout.
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("New took %v with a silent webhook, want it not to wait for the webhook", took)
	}
	if n := strings.Count(f.logs.String(), "certificate expires soon"); n != 2 {
		t.Errorf("%d expiry warnings at load, want 2; logs:\n%s", n, f.logs)
	}

	// While Run waits for the webhook, checks do not wait for it.
	runReloader(t, r)
	select {
	case <-received:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not post to the webhook")
	}
	f.writeServerCert(t, 2)
	deadline := time.Now().Add(2 * time.Second)
	for !strings.Contains(f.logs.String(), "tls certificates reloaded") {
		if time.Now().After(deadline) {
			t.Fatalf("no reload while the webhook hangs; logs:\n%s", f.logs)
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Checking and the client TLS configuration take the lock that used to
	// be held while posting.
	checked := make(chan error, 1)
	go func() { checked <- r.Check(t.Context()) }()
	select {
	case err := <-checked:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Check blocked while the webhook hangs")
	}
}

func TestRunPostsToWebhook(t *testing.T) {
	subjects := make(chan string, 10)
	hook := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		var e struct {
			Subject string `json:"subject"`
		}
		if err := json.NewDecoder(r.Body).Decode(&e); err != nil {
			t.Errorf("webhook body: %v", err)
		}
		subjects <- e.Subject
	}))
	t.Cleanup(hook.Close)

	f := expiringFixture(t)
	f.cfg.WebhookURL = hook.URL
	r, err := New(t.Context(), f.cfg, f.logger())
	if err != nil {
		t.Fatal(err)
	}
	runReloader(t, r)
	got := map[string]bool{}
	for len(got) < 2 {
		select {
		case s := <-subjects:
			got[s] = true
		case <-time.After(5 * time.Second):
			t.Fatalf("webhook received %v, want CN=localhost and CN=client ca", got)
		}
	}
	if !got["CN=localhost"] || !got["CN=client ca"] {
		t.Fatalf("webhook received %v, want CN=localhost and CN=client ca", got)
	}
}

func TestFailedWebhookRetriedAndLoggedWithoutSecret(t *testing.T) {
	const secret = "T0000/B0000/s3cr3tT0ken"
	var (
		mu    sync.Mutex
		calls int
	)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	t.Cleanup(hook.Close)
	hangUp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		// Hangs up without an answer. The server stays open until the test
		// ends, so no other server can take its port as one can take a port
		// that was just freed.
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
		}
	}))
	t.Cleanup(hangUp.Close)

	// Redirects to a path that answers 200: the client must not follow
	// it, which for a 301 would turn the POST into a GET without the event.
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/moved" {
			http.Redirect(w, r, "/moved", http.StatusMovedPermanently)
		}
	}))
	t.Cleanup(redirect.Close)

	for name, base := range map[string]string{"error status": hook.URL, "no answer": hangUp.URL, "redirect": redirect.URL} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.cfg.ClientCAFiles = nil
			l := f.serverCA.issue(t, leafOptions{commonName: "localhost", serial: 3, server: true, notAfter: time.Now().Add(48 * time.Hour)})
			writeFile(t, f.dir, "server.crt", l.certPEM)
			writeFile(t, f.dir, "server.key", l.keyPEM)
			f.cfg.WebhookURL = base + "/services/" + secret + "?token=" + secret
			r, err := New(t.Context(), f.cfg, f.logger())
			if err != nil {
				t.Fatal(err)
			}
			r.sendDue(t.Context())
			logs := f.logs.String()
			if !strings.Contains(logs, "certificate expiry webhook failed") {
				t.Fatalf("no webhook failure logged; logs:\n%s", logs)
			}
			if strings.Contains(logs, secret) || strings.Contains(logs, "/services") {
				t.Errorf("the log shows the webhook path; logs:\n%s", logs)
			}
			if !strings.Contains(logs, strings.TrimPrefix(base, "http://")) {
				t.Errorf("the log does not name the webhook host; logs:\n%s", logs)
			}
		})
	}

	// The event that failed with a 500 was not marked as sent: the next
	// attempt posts it, and the one after does not.
	f := newFixture(t)
	f.cfg.ClientCAFiles = nil
	l := f.serverCA.issue(t, leafOptions{commonName: "localhost", serial: 3, server: true, notAfter: time.Now().Add(48 * time.Hour)})
	writeFile(t, f.dir, "server.crt", l.certPEM)
	writeFile(t, f.dir, "server.key", l.keyPEM)
	f.cfg.WebhookURL = hook.URL
	mu.Lock()
	calls = 0
	mu.Unlock()
	r, err := New(t.Context(), f.cfg, f.logger())
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		r.sendDue(t.Context())
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != 2 {
		t.Fatalf("webhook called %d times, want 2 (a failure, then the retry)", calls)
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://hooks.slack.com/services/T0/B0/secret":   "https://hooks.slack.com",
		"https://user:pw@example.com:8443/x?token=secret": "https://example.com:8443",
		"not a url":   "(invalid url)",
		"http://[::1": "(invalid url)",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOnCertificatesReportsSetInUse(t *testing.T) {
	f := newFixture(t)
	next := newCA(t, "client ca", time.Now().Add(20*365*24*time.Hour)) // same name
	writeFile(t, f.dir, "ca.crt", append(append([]byte{}, f.clientCA.pem...), next.pem...))
	var got []Certificate
	f.cfg.OnCertificates = func(certs []Certificate) { got = certs }
	r, err := New(t.Context(), f.cfg, f.logger())
	if err != nil {
		t.Fatal(err)
	}
	fingerprints := func() map[string]string {
		m := map[string]string{}
		for _, c := range got {
			m[c.Fingerprint] = c.Kind + " " + c.Subject
		}
		return m
	}
	if m := fingerprints(); len(got) != 3 || len(m) != 3 {
		t.Fatalf("OnCertificates got %+v, want the server certificate and two distinct CAs", got)
	}
	if got[1].Subject != "CN=client ca" || got[2].Subject != "CN=client ca" || !got[2].NotAfter.Equal(next.cert.NotAfter) {
		t.Errorf("OnCertificates got %+v, want both client CAs", got)
	}

	writeFile(t, f.dir, "ca.crt", next.pem) // the rotation is over
	if err := r.Check(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].Kind != KindClientCA || got[1].Fingerprint != fingerprintOf(next.cert) {
		t.Fatalf("after the rotation OnCertificates got %+v, want the server certificate and the new CA", got)
	}
}

func TestClientConfig(t *testing.T) {
	f := newFixture(t)
	_, url := f.start(t)
	probe := f.clientCA.issue(t, leafOptions{commonName: "probe", serial: 20})
	certFile := writeFile(t, f.dir, "probe.crt", probe.certPEM)
	keyFile := writeFile(t, f.dir, "probe.key", probe.keyPEM)
	serverCA := writeFile(t, f.dir, "server-ca.crt", f.serverCA.pem)
	otherCA := writeFile(t, f.dir, "other-ca.crt", newCA(t, "other ca", time.Now().Add(time.Hour)).pem)

	tests := []struct {
		name          string
		ca, cert, key string
		wantErr       string
	}{
		{name: "server ca and client certificate", ca: serverCA, cert: certFile, key: keyFile},
		{name: "no client certificate", ca: serverCA, wantErr: "certificate required"},
		{name: "server of another ca", ca: otherCA, cert: certFile, key: keyFile, wantErr: "unknown authority"},
		{name: "system roots", cert: certFile, key: keyFile, wantErr: "unknown authority"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ClientConfig(tt.ca, tt.cert, tt.key)
			if err != nil {
				t.Fatal(err)
			}
			tr := &http.Transport{TLSClientConfig: cfg}
			t.Cleanup(tr.CloseIdleConnections)
			_, err = get(t.Context(), &http.Client{Transport: tr, Timeout: 10 * time.Second}, url)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("request: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("request: %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestClientConfigBadFiles(t *testing.T) {
	f := newFixture(t)
	other := f.clientCA.issue(t, leafOptions{commonName: "other", serial: 21})
	probe := f.clientCA.issue(t, leafOptions{commonName: "probe", serial: 20})
	certFile := writeFile(t, f.dir, "probe.crt", probe.certPEM)
	wrongKey := writeFile(t, f.dir, "other.key", other.keyPEM)
	notPEM := writeFile(t, f.dir, "not-pem.crt", []byte("not a certificate"))
	damagedCA := writeFile(t, f.dir, "damaged-ca.crt", append(damaged(t, f.serverCA.pem), f.clientCA.pem...))
	damagedCert := writeFile(t, f.dir, "damaged-probe.crt", append(append([]byte{}, probe.certPEM...), damaged(t, f.clientCA.pem)...))
	probeKey := writeFile(t, f.dir, "probe.key", probe.keyPEM)

	for name, args := range map[string][3]string{
		"missing ca file":    {f.dir + "/missing.crt", "", ""},
		"corrupt ca file":    {notPEM, "", ""},
		"key of other cert":  {"", certFile, wrongKey},
		"key without cert":   {"", "", wrongKey},
		"damaged ca block":   {damagedCA, "", ""},
		"damaged cert block": {"", damagedCert, probeKey},
	} {
		if _, err := ClientConfig(args[0], args[1], args[2]); err == nil {
			t.Errorf("%s: ClientConfig succeeded, want an error", name)
		}
	}
}
