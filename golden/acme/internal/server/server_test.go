package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	_ "net/http/pprof" // registers pprof on http.DefaultServeMux, which must never be served
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gitlab.acme.example/payments/ledger/internal/buildinfo"
	"gitlab.acme.example/payments/ledger/internal/platform/health"
	"gitlab.acme.example/payments/ledger/internal/platform/logging"
	"gitlab.acme.example/payments/ledger/internal/platform/requestid"
)

// TestMain fails the package's tests when a goroutine outlives them, such as
// one a handler started that keeps running after its request ended.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

type fixture struct {
	handler http.Handler
	probes  *health.Probes
	logs    *bytes.Buffer
}

func newFixture() fixture {
	return newFixtureWith(func(*Deps) {})
}

// newFixtureWith is newFixture with the dependencies changed by modify.
func newFixtureWith(modify func(*Deps)) fixture {
	var logs bytes.Buffer
	out := logging.NewOutput(&logs, 0)
	probes := &health.Probes{}
	d := Deps{
		Logger:    logging.New(out, slog.LevelInfo),
		AccessLog: logging.NewAccessLog(out, slog.LevelInfo, nil),
		Probes:    probes,
		Build:     buildinfo.Info{Version: "v1.2.3", Commit: "abc1234", BuildTime: "2025-01-02T03:04:05Z", GoVersion: "go1.26"},
	}
	modify(&d)
	return fixture{handler: New(d), probes: probes, logs: &logs}
}

func (f fixture) do(method, path, body string, header http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return rec
}

func decode(t *testing.T, r io.Reader) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		t.Fatalf("response is not a JSON object: %v", err)
	}
	return m
}

func TestCreateOrder(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		wantCode  int
		wantField string
	}{
		{"valid", `{"item":"book","quantity":3}`, http.StatusCreated, ""},
		{"bounds", `{"item":"` + strings.Repeat("x", 100) + `","quantity":1000}`, http.StatusCreated, ""},
		{"missing item", `{"quantity":3}`, http.StatusBadRequest, "item"},
		{"empty item", `{"item":"","quantity":3}`, http.StatusBadRequest, "item"},
		{"item too long", `{"item":"` + strings.Repeat("x", 101) + `","quantity":3}`, http.StatusBadRequest, "item"},
		{"blank item", `{"item":"  ","quantity":3}`, http.StatusBadRequest, "item"},
		{"item with a control character", `{"item":"book\u001b[0m","quantity":3}`, http.StatusBadRequest, "item"},
		{"missing quantity", `{"item":"book"}`, http.StatusBadRequest, "quantity"},
		{"quantity too large", `{"item":"book","quantity":1001}`, http.StatusBadRequest, "quantity"},
		{"negative quantity", `{"item":"book","quantity":-1}`, http.StatusBadRequest, "quantity"},
		{"quantity not a number", `{"item":"book","quantity":"3"}`, http.StatusBadRequest, "quantity"},
		{"unknown field", `{"item":"book","quantity":3,"x":1}`, http.StatusBadRequest, ""},
		{"field name in another case", `{"ITEM":"book","quantity":3}`, http.StatusBadRequest, "item"},
		{"field given twice", `{"item":"book","item":"pen","quantity":3}`, http.StatusBadRequest, "item"},
		{"malformed JSON", `{"item":`, http.StatusBadRequest, ""},
		{"stray closing brace", `{"item":"book","quantity":3}}`, http.StatusBadRequest, ""},
		{"stray closing bracket", `{"item":"book","quantity":3}]`, http.StatusBadRequest, ""},
		{"item not UTF-8", "{\"item\":\"bo\xffok\",\"quantity\":3}", http.StatusBadRequest, "item"},
		{"item with a lone surrogate escape", `{"item":"bo\ud800ok","quantity":3}`, http.StatusBadRequest, "item"},
		{"blanks past the limit", `{"item":"book","quantity":3}` + strings.Repeat(" ", maxBodyBytes) + "x", http.StatusRequestEntityTooLarge, ""},
		{"body too large", `{"item":"` + strings.Repeat("x", maxBodyBytes) + `","quantity":3}`, http.StatusRequestEntityTooLarge, ""},
	}
	f := newFixture()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.do(http.MethodPost, "/v1/orders", tt.body, http.Header{"Content-Type": {"application/json"}})
			if rec.Code != tt.wantCode {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tt.wantCode, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q", ct)
			}
			body := decode(t, rec.Body)
			if tt.wantCode == http.StatusCreated {
				if id, _ := body["id"].(string); id == "" || body["item"] == nil || body["quantity"] == nil {
					t.Errorf("created order = %v", body)
				}
				return
			}
			if msg, _ := body["error"].(string); msg == "" {
				t.Errorf("error body = %v, want an error message", body)
			}
			if field, _ := body["field"].(string); field != tt.wantField {
				t.Errorf("field = %q, want %q (body %v)", field, tt.wantField, body)
			}
		})
	}
}

// TestCreateOrderItemCharacters checks the answer to an item with a
// character that has no place in one, written raw or as a JSON escape: 400
// naming the field and the character.
func TestCreateOrderItemCharacters(t *testing.T) {
	tests := []struct {
		name, body, wantError string
	}{
		{"control character", `{"item":"book\u001b[0m","quantity":3}`, "item must not contain control characters (U+001B)"},
		{"zero-width space", `{"item":"bo\u200bok","quantity":3}`, "item must not contain invisible format characters (U+200B)"},
		{"raw right-to-left override", "{\"item\":\"book\u202etxt.exe\",\"quantity\":3}", "item must not contain invisible format characters (U+202E)"},
		{"left-to-right embedding", `{"item":"\u202Abook","quantity":3}`, "item must not contain invisible format characters (U+202A)"},
		{"right-to-left isolate", `{"item":"\u2067book\u2069","quantity":3}`, "item must not contain invisible format characters (U+2067)"},
		{"pop directional isolate", `{"item":"book\u2069","quantity":3}`, "item must not contain invisible format characters (U+2069)"},
		{"byte order mark", `{"item":"\ufeffbook","quantity":3}`, "item must not contain invisible format characters (U+FEFF)"},
		{"raw byte order mark alone", "{\"item\":\"\ufeff\",\"quantity\":3}", "item must not contain invisible format characters (U+FEFF)"},
	}
	f := newFixture()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.do(http.MethodPost, "/v1/orders", tt.body, http.Header{"Content-Type": {"application/json"}})
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, http.StatusBadRequest, rec.Body)
			}
			body := decode(t, rec.Body)
			if body["error"] != tt.wantError || body["field"] != "item" {
				t.Errorf("error body = %v, want error %q and field item", body, tt.wantError)
			}
		})
	}
}

// TestStalledOrAbortedBody serves the handler with a short read timeout.
// A body that stops arriving is a timeout, answered 408 with the connection
// closed, and a client that closes mid-body is logged with status 499:
// neither is the client's invalid JSON (400), which a caller does not retry
// and an on-call reads as a client bug.
func TestStalledOrAbortedBody(t *testing.T) {
	// 30 bytes announced, 8 sent.
	const partial = "POST /v1/orders HTTP/1.1\r\nHost: orders\r\nContent-Type: application/json\r\nContent-Length: 30\r\n\r\n{\"item\":"

	t.Run("stalled", func(t *testing.T) {
		conn, _ := serveWithReadTimeout(t)
		defer conn.Close()
		if _, err := io.WriteString(conn, partial); err != nil {
			t.Fatal(err)
		}
		_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("no answer to a stalled body: %v", err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusRequestTimeout || !resp.Close {
			t.Errorf("stalled body: status %d, Connection %q, body %s; want 408 and close", resp.StatusCode, resp.Header.Get("Connection"), body)
		}
	})

	t.Run("aborted", func(t *testing.T) {
		conn, logs := serveWithReadTimeout(t)
		if _, err := io.WriteString(conn, partial); err != nil {
			t.Fatal(err)
		}
		_ = conn.Close()
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			if line := logs.String(); line != "" {
				if status := decode(t, strings.NewReader(line))["status"]; status != float64(statusClientClosedRequest) {
					t.Errorf("client gone mid-body: access log status %v, want %d", status, statusClientClosedRequest)
				}
				return
			}
			if time.Now().After(deadline) {
				t.Fatal("no access-log line 5 s after the client went away")
			}
		}
	})
}

// TestBodyLimit checks the 413 of a body over maxBodyBytes. A body whose
// Content-Length declares it so is refused before any of it is read: a
// client that waits to be asked for it (Expect: 100-continue) is not told
// to send it, one that sends it is not read (with the read timeout of
// serveWithReadTimeout, reading would end in 408), and the connection is
// closed. A chunked body, of undeclared length, is read up to the limit.
func TestBodyLimit(t *testing.T) {
	over := fmt.Sprintf("POST /v1/orders HTTP/1.1\r\nHost: orders\r\nContent-Type: application/json\r\nContent-Length: %d\r\n", maxBodyBytes+1)
	for _, tt := range []struct{ name, request string }{
		{"declared, expecting 100 Continue", over + "Expect: 100-continue\r\n\r\n"},
		{"declared, being sent", over + "\r\n" + `{"item":"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			conn, logs := serveWithReadTimeout(t)
			defer conn.Close()
			if _, err := io.WriteString(conn, tt.request); err != nil {
				t.Fatal(err)
			}
			_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatalf("no answer: %v", err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !resp.Close || decode(t, resp.Body)["error"] == nil {
				t.Fatalf("status %d, Connection %q; want the JSON 413 and close", resp.StatusCode, resp.Header.Get("Connection"))
			}
			for deadline := time.Now().Add(5 * time.Second); logs.String() == ""; time.Sleep(10 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("no access-log line 5 s after the answer")
				}
			}
			if status := decode(t, strings.NewReader(logs.String()))["status"]; status != float64(http.StatusRequestEntityTooLarge) {
				t.Errorf("access log status %v, want 413", status)
			}
		})
	}

	t.Run("chunked", func(t *testing.T) {
		body := io.MultiReader(strings.NewReader(`{"item":"`), strings.NewReader(strings.Repeat("x", maxBodyBytes)), strings.NewReader(`","quantity":3}`))
		req := httptest.NewRequest(http.MethodPost, "/v1/orders", body)
		if req.ContentLength != -1 {
			t.Fatalf("ContentLength = %d, want -1 (undeclared)", req.ContentLength)
		}
		rec := httptest.NewRecorder()
		newFixture().handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413; body %s", rec.Code, rec.Body)
		}
	})
}

// serveWithReadTimeout serves the handler over TCP with a read timeout of
// 300 ms and returns a connection to it and the service's log.
func serveWithReadTimeout(t *testing.T) (net.Conn, *lockedBuffer) {
	t.Helper()
	logs := &lockedBuffer{}
	out := logging.NewOutput(logs, 0)
	srv := httptest.NewUnstartedServer(New(Deps{
		Logger:    logging.New(out, slog.LevelInfo),
		AccessLog: logging.NewAccessLog(out, slog.LevelInfo, nil),
		Probes:    &health.Probes{},
	}))
	srv.Config.ReadTimeout = 300 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	return conn, logs
}

// lockedBuffer is a bytes.Buffer safe for a server's writes and a test's
// reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestProbes(t *testing.T) {
	f := newFixture()
	if rec := f.do(http.MethodGet, "/healthz", "", nil); rec.Code != http.StatusOK {
		t.Errorf("healthz = %d", rec.Code)
	}
	if rec := f.do(http.MethodGet, "/readyz", "", nil); rec.Code != http.StatusOK {
		t.Errorf("readyz = %d", rec.Code)
	}
	f.probes.ShutDown()
	if rec := f.do(http.MethodGet, "/readyz", "", nil); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("readyz after shutdown = %d, want 503", rec.Code)
	}
	if rec := f.do(http.MethodGet, "/healthz", "", nil); rec.Code != http.StatusOK {
		t.Errorf("healthz after shutdown = %d, want 200", rec.Code)
	}
}

func TestVersion(t *testing.T) {
	rec := newFixture().do(http.MethodGet, "/version", "", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d", rec.Code)
	}
	want := map[string]any{"version": "v1.2.3", "commit": "abc1234", "build_time": "2025-01-02T03:04:05Z", "go_version": "go1.26"}
	got := decode(t, rec.Body)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
}

// TestHeadAnswersLikeGet checks that HEAD is answered with the status and
// headers of GET (RFC 9110 section 9.1), as net/http sends them: on every GET
// route, as health checkers and uptime monitors probe with HEAD, and on a
// path no GET is served at, whose HEAD gets the Content-Type and
// Content-Length of GET's JSON error. The access log's bytes is the body
// sent: GET's, and 0 for HEAD, whose body net/http drops whatever the handler
// wrote.
func TestHeadAnswersLikeGet(t *testing.T) {
	tests := []struct {
		path     string
		wantCode int
	}{
		{"/healthz", http.StatusOK},
		{"/readyz", http.StatusOK},
		{"/version", http.StatusOK},
		{"/nope", http.StatusNotFound},
		{"/v1/orders", http.StatusMethodNotAllowed},
	}
	srv := httptest.NewServer(newFixture().handler)
	defer srv.Close()
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			get, head := roundTrip(t, srv, http.MethodGet, tt.path), roundTrip(t, srv, http.MethodHead, tt.path)
			if get.StatusCode != tt.wantCode || head.StatusCode != get.StatusCode {
				t.Fatalf("HEAD %s = %d, GET = %d; want %d for both", tt.path, head.StatusCode, get.StatusCode, tt.wantCode)
			}
			if get.Header.Get("Content-Length") == "" {
				t.Errorf("GET %s sent no Content-Length", tt.path)
			}
			for _, k := range []string{"Content-Type", "Content-Length", "Cache-Control", "Allow"} {
				if head.Header.Get(k) != get.Header.Get(k) {
					t.Errorf("HEAD %s: %s = %q, GET has %q", tt.path, k, head.Header.Get(k), get.Header.Get(k))
				}
			}

			fGet, fHead := newFixture(), newFixture()
			rec := fGet.do(http.MethodGet, tt.path, "", nil)
			fHead.do(http.MethodHead, tt.path, "", nil)
			if got, want := decode(t, fGet.logs)["bytes"], float64(rec.Body.Len()); got != want || want == 0 {
				t.Errorf("GET %s: log bytes %v, want the body's %v", tt.path, got, want)
			}
			if got := decode(t, fHead.logs)["bytes"]; got != float64(0) {
				t.Errorf("HEAD %s: log bytes %v, want 0", tt.path, got)
			}
		})
	}
}

// roundTrip sends a request without a body to srv and returns its response,
// the body read and closed.
func roundTrip(t *testing.T, srv *httptest.Server, method, path string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestUnknownRoutes checks that a request no route takes is answered with
// the service's JSON error through the whole middleware chain: it carries its
// X-Request-ID and gets its access-log line. A path that is a route's but for
// a trailing slash or its case is no route: the router must not answer it
// with a redirect of its own before the middleware runs. Nor is a spelling of
// a route's path with an escaped character: routes match the path as sent, as
// a gateway in front sees it (%2F is data in a segment, not a separator), and
// the line logs that path, escapes kept, and the size of the body sent: none
// for HEAD.
func TestUnknownRoutes(t *testing.T) {
	tests := []struct {
		name, method, path string
		wantCode           int
	}{
		{"unknown path", http.MethodGet, "/nope", http.StatusNotFound},
		{"unknown path by HEAD", http.MethodHead, "/nope", http.StatusNotFound},
		{"wrong method", http.MethodDelete, "/v1/orders", http.StatusMethodNotAllowed},
		{"GET route with a trailing slash", http.MethodGet, health.LivePath + "/", http.StatusNotFound},
		{"HEAD route with a trailing slash", http.MethodHead, "/version/", http.StatusNotFound},
		{"POST route with a trailing slash", http.MethodPost, "/v1/orders/", http.StatusNotFound},
		{"route in another case", http.MethodGet, "/HEALTHZ", http.StatusNotFound},
		{"route with an escaped slash", http.MethodPost, "/v1%2Forders", http.StatusNotFound},
		{"route with an escaped letter", http.MethodPost, "/v1/%6Frders", http.StatusNotFound},
		{"probe with an escaped letter", http.MethodGet, "/heal%74hz", http.StatusNotFound},
		{"unknown path with an escaped space", http.MethodGet, "/no%20pe", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			rec := f.do(tt.method, tt.path, `{"item":"book","quantity":1}`, http.Header{
				requestid.Header: {"lost-7"}, "Content-Type": {"application/json"},
			})
			if rec.Code != tt.wantCode {
				t.Fatalf("%s %s = %d (Location %q), want %d", tt.method, tt.path, rec.Code, rec.Header().Get("Location"), tt.wantCode)
			}
			if got := rec.Header().Get(requestid.Header); got != "lost-7" {
				t.Errorf("response %s = %q, want lost-7", requestid.Header, got)
			}
			wantBytes := 0 // net/http sends no body for HEAD
			if tt.method != http.MethodHead {
				wantBytes = rec.Body.Len()
				if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
					t.Errorf("Content-Type = %q, want the service's JSON error", ct)
				}
				if decode(t, rec.Body)["error"] == nil {
					t.Errorf("body lacks an error message")
				}
			}
			line := decode(t, f.logs)
			want := map[string]any{
				"msg": "request", "method": tt.method, "route": "", "path": tt.path,
				"status": float64(tt.wantCode), "bytes": float64(wantBytes), "request_id": "lost-7",
			}
			for k, v := range want {
				if line[k] != v {
					t.Errorf("log %s = %v, want %v", k, line[k], v)
				}
			}
		})
	}
}

// TestOptionsAndAllow checks that gin and Echo answer a method the path has no
// route for alike: OPTIONS with 204 and no body, any other with the JSON 405,
// each with the Allow header listing the path's methods, OPTIONS first (RFC
// 9110 sections 9.3.7 and 15.5.6). No CORS is configured: the 204 carries no
// Access-Control-Allow-* header, so a browser's preflight still fails. An
// unknown path is 404 for OPTIONS too; "OPTIONS *", about the server in
// general, is 204 without Allow, through the chain (request id, access log),
// and any other method at "*" 404.
func TestOptionsAndAllow(t *testing.T) {
	tests := []struct {
		method, path string
		wantCode     int
		wantAllow    string
	}{
		{http.MethodOptions, health.LivePath, http.StatusNoContent, "OPTIONS, GET, HEAD"},
		{http.MethodOptions, health.ReadyPath, http.StatusNoContent, "OPTIONS, GET, HEAD"},
		{http.MethodOptions, "/version", http.StatusNoContent, "OPTIONS, GET, HEAD"},
		{http.MethodOptions, "/v1/orders", http.StatusNoContent, "OPTIONS, POST"},
		{http.MethodDelete, "/v1/orders", http.StatusMethodNotAllowed, "OPTIONS, POST"},
		{http.MethodPost, "/version", http.StatusMethodNotAllowed, "OPTIONS, GET, HEAD"},
		{"PROPFIND", health.LivePath, http.StatusMethodNotAllowed, "OPTIONS, GET, HEAD"},
		{http.MethodOptions, "/nope", http.StatusNotFound, ""},
		{http.MethodOptions, "/heal%74hz", http.StatusNotFound, ""},
		{http.MethodOptions, "*", http.StatusNoContent, ""},
		{http.MethodGet, "*", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			f := newFixture()
			rec := f.do(tt.method, tt.path, "", http.Header{requestid.Header: {"opt-1"}})
			if rec.Code != tt.wantCode || rec.Header().Get("Allow") != tt.wantAllow {
				t.Fatalf("%s %s = %d, Allow %q; want %d, Allow %q", tt.method, tt.path, rec.Code, rec.Header().Get("Allow"), tt.wantCode, tt.wantAllow)
			}
			if got := rec.Header().Get(requestid.Header); got != "opt-1" {
				t.Errorf("response %s = %q, want opt-1", requestid.Header, got)
			}
			for k := range rec.Header() {
				if strings.HasPrefix(k, "Access-Control-") {
					t.Errorf("response has %s: no CORS is configured", k)
				}
			}
			if tt.wantCode == http.StatusNoContent {
				if rec.Body.Len() != 0 {
					t.Errorf("body = %q, want none", rec.Body)
				}
			} else if decode(t, rec.Body)["error"] == nil {
				t.Errorf("body lacks an error message")
			}
			line := decode(t, f.logs)
			want := map[string]any{"method": tt.method, "route": "", "path": tt.path, "status": float64(tt.wantCode), "request_id": "opt-1"}
			for k, v := range want {
				if line[k] != v {
					t.Errorf("log %s = %v, want %v", k, line[k], v)
				}
			}
		})
	}
}

func TestRequestIDAndAccessLog(t *testing.T) {
	f := newFixture()
	rec := f.do(http.MethodPost, "/v1/orders", `{"item":"book","quantity":1}`, http.Header{requestid.Header: {"trace-me-42"}})
	if got := rec.Header().Get(requestid.Header); got != "trace-me-42" {
		t.Errorf("response %s = %q, want trace-me-42", requestid.Header, got)
	}

	line := decode(t, f.logs)
	want := map[string]any{
		"msg": "request", "method": "POST", "route": "/v1/orders", "path": "/v1/orders",
		"status": float64(201), "request_id": "trace-me-42",
	}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("log %s = %v, want %v", k, line[k], v)
		}
	}
	if _, ok := line["duration_ms"].(float64); !ok {
		t.Errorf("log line lacks duration_ms: %v", line)
	}

	rec = f.do(http.MethodGet, "/healthz", "", nil)
	if id := rec.Header().Get(requestid.Header); id == "" {
		t.Error("no request id generated")
	}
}

// TestAdmitRefusalIsLoggedWithRequestID: a request that Deps.Admit answers
// itself (the 421 of a connection whose client CA was removed) carries its
// X-Request-ID and gets an access-log line, and reaches no route.
func TestAdmitRefusalIsLoggedWithRequestID(t *testing.T) {
	f := newFixtureWith(func(d *Deps) {
		d.Admit = func(w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path == health.LivePath {
				return true
			}
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusMisdirectedRequest)
			_, _ = io.WriteString(w, `{"error":"reconnect"}`)
			return false
		}
	})

	rec := f.do(http.MethodPost, "/v1/orders", `{"item":"book","quantity":1}`, http.Header{requestid.Header: {"probe-421"}})
	if rec.Code != http.StatusMisdirectedRequest || rec.Header().Get(requestid.Header) != "probe-421" || strings.Contains(rec.Body.String(), "book") {
		t.Fatalf("status %d, %s %q; want 421 with probe-421", rec.Code, requestid.Header, rec.Header().Get(requestid.Header))
	}
	line := decode(t, f.logs)
	if line["msg"] != "request" || line["status"] != float64(http.StatusMisdirectedRequest) || line["request_id"] != "probe-421" {
		t.Errorf("access log line = %v, want status 421 and request_id probe-421", line)
	}
	if rec := f.do(http.MethodGet, health.LivePath, "", nil); rec.Code != http.StatusOK {
		t.Errorf("admitted request: status %d, want 200", rec.Code)
	}
}

// TestNoPProfOnPublicHandler checks that the public handler serves no
// profiles, even with net/http/pprof imported: they live on the admin
// listener only.
func TestNoPProfOnPublicHandler(t *testing.T) {
	f := newFixture()
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/heap", "/debug/pprof/cmdline", "/debug/pprof/profile?seconds=1"} {
		rec := f.do(http.MethodGet, path, "", nil)
		var body struct{ Error string }
		if err := json.Unmarshal(rec.Body.Bytes(), &body); rec.Code != http.StatusNotFound || err != nil || body.Error == "" {
			t.Errorf("GET %s = %d %.40q, want the service's JSON 404", path, rec.Code, rec.Body)
		}
	}
}
