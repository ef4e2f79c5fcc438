package e2e_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Checks of the outbound client, which projects with otel have: two instances of the
// built binary, A calling B through GET /v1/downstream/version. With mtls they talk
// mutual TLS with the certificates of `make certs` (A presents its server pair, which
// has the clientAuth usage, and verifies B against certs/ca.crt). Once both export
// spans to stdout, and B's span must carry the trace id of the request sent to A; once
// they export nothing, and B's access log must still carry that trace id.

// downstreamRoute is the generated example endpoint that calls DOWNSTREAM_URL.
const downstreamRoute = "/v1/downstream/version"

// checkDownstream starts B and A (DOWNSTREAM_URL = B), checks that A answers with B's
// build metadata and that B continued the caller's trace, with and without an exporter,
// then points a third instance at a listener that never answers and checks that it
// answers 504 soon after OUTBOUND_TIMEOUT.
func checkDownstream(t *testing.T, p *project) {
	withTLS := p.has("mtls")
	scheme := "http"
	var env []string
	var outboundCA string
	client := &http.Client{Transport: &http.Transport{}}
	if withTLS {
		if _, err := os.Stat(p.path("certs/ca.crt")); err != nil {
			p.run("make", "certs")
		}
		certs := p.path("certs")
		scheme = "https"
		env = mtlsEnv(p)
		// Only the callers trust the downstream's CA for their outbound calls.
		outboundCA = "OUTBOUND_TLS_CA_FILES=" + certs + "/ca.crt"
		client = mtlsClient(t, p)
	}
	defer client.CloseIdleConnections()
	startOne := func(t *testing.T, addr string, extra ...string) *service {
		e := append(append([]string{"HTTP_ADDR=" + addr}, env...), extra...)
		if outboundCA != "" && slices.ContainsFunc(extra, func(v string) bool { return strings.HasPrefix(v, "DOWNSTREAM_URL=") }) {
			e = append(e, outboundCA)
		}
		if withTLS {
			return startTLS(t, p, addr, e)
		}
		return start(t, addr, e, p.binary())
	}

	t.Run("spans exported", func(t *testing.T) {
		a, b := callThrough(t, client, scheme, startOne, "OTEL_TRACES_EXPORTER=console")
		// B's server span of the call continues the trace of the request sent to A.
		span := regexp.MustCompile(`"Name":\s*"GET /version"[^{}]*"SpanContext":\s*\{[^{}]*"TraceID":\s*"` + callerTraceID + `"`)
		if !span.MatchString(b.output.String()) {
			t.Errorf("B exported no span GET /version with the caller's trace id %s:\n%s", callerTraceID, b.output)
		}
		if !regexp.MustCompile(`"TraceID":\s*"` + callerTraceID + `"`).MatchString(a.output.String()) {
			t.Errorf("A exported no span with trace id %s:\n%s", callerTraceID, a.output)
		}
	})
	t.Run("nothing exported", func(t *testing.T) {
		a, b := callThrough(t, client, scheme, startOne)
		// Nothing is recorded, but A passes the trace on and both log it.
		for name, check := range map[string]struct {
			s    *service
			path string
		}{"A": {a, downstreamRoute}, "B": {b, "/version"}} {
			line := regexp.MustCompile(`"path":"` + regexp.QuoteMeta(check.path) + `"[^\n]*"trace_id":"` + callerTraceID + `","span_id":"[0-9a-f]{16}"`)
			if !line.MatchString(check.s.output.String()) {
				t.Errorf("%s logged no request %s with the caller's trace id %s:\n%s", name, check.path, callerTraceID, check.s.output)
			}
			if strings.Contains(check.s.output.String(), `"SpanContext"`) {
				t.Errorf("%s exported spans without an exporter:\n%s", name, check.s.output)
			}
		}
	})

	// A downstream that accepts connections and never answers: the call is cut off at
	// OUTBOUND_TIMEOUT and answered with 504, long before any client gives up.
	hang := hangingListener(t)
	c := startOne(t, freeAddr(t), "DOWNSTREAM_URL="+scheme+"://"+hang, "OUTBOUND_TIMEOUT=500ms")
	begin := time.Now()
	code, body, err := downstreamGet(t, client, scheme+"://"+c.addr+downstreamRoute, nil)
	elapsed := time.Since(begin)
	if code != http.StatusGatewayTimeout {
		t.Errorf("GET %s with a silent downstream = %d %s (%v), want 504\n%s", downstreamRoute, code, body, err, c.output)
	}
	if elapsed < 400*time.Millisecond || elapsed > 3*time.Second {
		t.Errorf("504 after %v, want about OUTBOUND_TIMEOUT=500ms", elapsed)
	}
	t.Logf("silent downstream: %d after %v", code, elapsed.Round(time.Millisecond))
	c.signal(syscall.SIGTERM)
	if code := c.wait(20 * time.Second); code != 0 {
		t.Errorf("exit code %d after SIGTERM, want 0\n%s", code, c.output)
	}
}

// callerTraceID is the trace id of the traceparent sent to A.
const callerTraceID = "0af7651916cd43dd8448eb211c80319c"

// callThrough starts B and A (DOWNSTREAM_URL = B) with env, sends A a request with a
// traceparent, checks that A answers with B's build metadata, and stops both so that
// their output is complete.
func callThrough(t *testing.T, client *http.Client, scheme string, startOne func(t *testing.T, addr string, extra ...string) *service, env ...string) (a, b *service) {
	t.Helper()
	addrs := freeAddrs(t, 2)
	addrB, addrA := addrs[0], addrs[1]
	b = startOne(t, addrB, env...)
	a = startOne(t, addrA, append([]string{"DOWNSTREAM_URL=" + scheme + "://" + addrB}, env...)...)

	header := http.Header{"Traceparent": {"00-" + callerTraceID + "-b7ad6b7169203331-01"}}
	code, body, _ := downstreamGet(t, client, scheme+"://"+addrA+downstreamRoute, header)
	var got struct {
		Downstream struct {
			Version string `json:"version"`
			Commit  string `json:"commit"`
		} `json:"downstream"`
	}
	if err := json.Unmarshal([]byte(body), &got); code != http.StatusOK || err != nil ||
		got.Downstream.Version != e2eVersion || got.Downstream.Commit != e2eCommit {
		t.Errorf("GET %s on A = %d %s (%v), want 200 with B's version %s and commit %s\nA:\n%s\nB:\n%s",
			downstreamRoute, code, body, err, e2eVersion, e2eCommit, a.output, b.output)
	}
	// The batching span processors export at the latest when the providers are flushed
	// at shutdown.
	for name, s := range map[string]*service{"A": a, "B": b} {
		s.signal(syscall.SIGTERM)
		if code := s.wait(20 * time.Second); code != 0 {
			t.Errorf("%s: exit code %d after SIGTERM, want 0\n%s", name, code, s.output)
		}
	}
	return a, b
}

// downstreamGet makes a GET request with header and returns the status code and the
// body; the code is 0 when the request failed. The client waits at most 10 s.
func downstreamGet(t *testing.T, c *http.Client, url string, header http.Header) (int, string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

// mtlsClient returns a client that trusts certs/ca.crt and presents certs/client.crt.
func mtlsClient(t *testing.T, p *project) *http.Client {
	t.Helper()
	roots := x509.NewCertPool()
	ca, err := os.ReadFile(p.path("certs/ca.crt"))
	if err != nil || !roots.AppendCertsFromPEM(ca) {
		t.Fatalf("read certs/ca.crt: %v", err)
	}
	cert, err := tls.LoadX509KeyPair(p.path("certs/client.crt"), p.path("certs/client.key"))
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Transport: &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: roots, Certificates: []tls.Certificate{cert}},
		ForceAttemptHTTP2: true,
	}}
}

// hangingListener listens on a loopback port, accepts connections and never writes to
// them, until the test ends. It returns the address.
func hangingListener(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
		wg    sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}
