package pprofadmin

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests when a goroutine outlives them, such as
// a ProcessMeter's Run or a profile still being written.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

const testToken = "0123456789abcdef-test"

// fakeMeter is a CPUMeter reporting what the test sets.
type fakeMeter struct{ bits atomic.Uint64 }

func (m *fakeMeter) set(u float64)        { m.bits.Store(math.Float64bits(u)) }
func (m *fakeMeter) Utilization() float64 { return math.Float64frombits(m.bits.Load()) }

// newServer serves a Handler for cfg (with the test token and an idle fake
// CPU meter) and returns it with its URL.
func newServer(t *testing.T, cfg Config) (*Handler, string) {
	t.Helper()
	h, url, _ := newMeteredServer(t, cfg, slog.New(slog.DiscardHandler))
	return h, url
}

// newMeteredServer is newServer with a logger, also returning the meter.
func newMeteredServer(t *testing.T, cfg Config, logger *slog.Logger) (*Handler, string, *fakeMeter) {
	t.Helper()
	cfg.Token = testToken
	meter := &fakeMeter{}
	h, err := New(cfg, meter, logger)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return h, srv.URL, meter
}

// get requests path with the given token ("" for none) and returns the
// response with its body.
func get(ctx context.Context, t *testing.T, url, token string) (response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{StatusCode: resp.StatusCode, Header: resp.Header}, body
}

// response is what the tests look at in an HTTP response.
type response struct {
	StatusCode int
	Header     http.Header
}

func TestNewValidatesConfig(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{name: "token of 16 characters", cfg: Config{Token: "0123456789abcdef"}},
		{name: "no token", cfg: Config{}, wantErr: "token is required"},
		{name: "short token", cfg: Config{Token: "0123456789abcde"}, wantErr: "at least 16 characters"},
		{name: "short multibyte token", cfg: Config{Token: "ééééééééééééééé"}, wantErr: "at least 16 characters"},
		{name: "negative max seconds", cfg: Config{Token: testToken, MaxSeconds: -1}, wantErr: "max seconds"},
		{name: "max seconds a day", cfg: Config{Token: testToken, MaxSeconds: MaxMaxSeconds}},
		{name: "max seconds above a day", cfg: Config{Token: testToken, MaxSeconds: MaxMaxSeconds + 1}, wantErr: "max seconds must be at most 86400"},
		{name: "max seconds overflowing the write timeout", cfg: Config{Token: testToken, MaxSeconds: math.MaxInt64 / int(time.Second)}, wantErr: "max seconds must be at most"},
		{name: "negative archive keep", cfg: Config{Token: testToken, ArchiveKeep: -1}, wantErr: "archive keep"},
		{name: "cpu ceiling 1", cfg: Config{Token: testToken, CPUCeiling: 1}},
		{name: "cpu ceiling above 1", cfg: Config{Token: testToken, CPUCeiling: 1.5}, wantErr: "cpu ceiling"},
		{name: "negative cpu ceiling", cfg: Config{Token: testToken, CPUCeiling: -0.1}, wantErr: "cpu ceiling"},
		{name: "cpu ceiling NaN", cfg: Config{Token: testToken, CPUCeiling: math.NaN()}, wantErr: "cpu ceiling"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg, &fakeMeter{}, slog.New(slog.DiscardHandler))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("New: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("New: %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestNewRefusesMissingMeter(t *testing.T) {
	if _, err := New(Config{Token: testToken}, nil, slog.New(slog.DiscardHandler)); err == nil {
		t.Fatal("New without a cpu meter succeeded")
	}
}

func TestWriteTimeoutExceedsMaxSeconds(t *testing.T) {
	for _, maxSeconds := range []int{0, 120, MaxMaxSeconds} {
		h, err := New(Config{Token: testToken, MaxSeconds: maxSeconds}, &fakeMeter{}, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		if limit := time.Duration(h.maxSeconds) * time.Second; h.WriteTimeout() <= limit {
			t.Errorf("MaxSeconds %d: WriteTimeout %v, want more than %v", maxSeconds, h.WriteTimeout(), limit)
		}
	}
}

// TestAuthorization: the Authorization header is "Bearer", in any case, then
// one or more spaces (RFC 6750's 1*SP) and the token.
func TestAuthorization(t *testing.T) {
	_, url := newServer(t, Config{})
	tests := []struct {
		name          string
		authorization string // "" for none
		status        int
	}{
		{name: "no token", status: http.StatusUnauthorized},
		{name: "wrong token", authorization: "Bearer wrong-token-0123456789", status: http.StatusUnauthorized},
		{name: "prefix of the token", authorization: "Bearer " + testToken[:16], status: http.StatusUnauthorized},
		{name: "right token", authorization: "Bearer " + testToken, status: http.StatusOK},
		{name: "two spaces", authorization: "Bearer  " + testToken, status: http.StatusOK},
		{name: "three spaces", authorization: "Bearer   " + testToken, status: http.StatusOK},
		{name: "scheme in lower case", authorization: "bearer " + testToken, status: http.StatusOK},
		{name: "no space", authorization: "Bearer" + testToken, status: http.StatusUnauthorized},
		{name: "a tab, not a space", authorization: "Bearer\t" + testToken, status: http.StatusUnauthorized},
		{name: "scheme and spaces alone", authorization: "Bearer   ", status: http.StatusUnauthorized},
		{name: "more after the token", authorization: "Bearer " + testToken + " x", status: http.StatusUnauthorized},
		{name: "other scheme", authorization: "Basic " + testToken, status: http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url+"/debug/pprof/heap", nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.authorization != "" {
				req.Header.Set("Authorization", tt.authorization)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = resp.Body.Close() }()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status == http.StatusUnauthorized {
				if got := resp.Header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
					t.Errorf("WWW-Authenticate %q, want a Bearer challenge", got)
				}
				return
			}
			if !bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
				t.Errorf("heap profile is not gzip data: %q", body[:min(len(body), 16)])
			}
		})
	}
}

func TestEndpoints(t *testing.T) {
	_, url := newServer(t, Config{})
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/cmdline", "/debug/pprof/symbol", "/debug/pprof/goroutine?debug=1"} {
		if resp, _ := get(t.Context(), t, url+path, testToken); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d, want 200", path, resp.StatusCode)
		}
	}
	if resp, _ := get(t.Context(), t, url+"/debug/vars", testToken); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/debug/vars: status %d, want 404", resp.StatusCode)
	}
}

// TestEscapedPathRefused: a path with an escaped character is 404 (with the
// token; 401 without), not the profile its decoded path names, which a proxy
// in front that allows or denies profiles by path would not take it for.
func TestEscapedPathRefused(t *testing.T) {
	_, url := newServer(t, Config{MaxSeconds: 1})
	for _, path := range []string{
		"/debug/pprof/%68eap",
		"/debug/pprof/%70rofile?seconds=1",
		"/debug/pprof/%74race?seconds=0.05",
		"/debug/%70prof/goroutine",
		"/debug/pprof/%63mdline",
		"/debug/pprof%2Fheap",
		"/debug/pprof/%2E%2E/profile?seconds=1",
	} {
		t.Run(path, func(t *testing.T) {
			if resp, _ := get(t.Context(), t, url+path, ""); resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("without the token: status %d, want 401", resp.StatusCode)
			}
			resp, body := get(t.Context(), t, url+path, testToken)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("status %d, want 404; body %q", resp.StatusCode, body[:min(len(body), 40)])
			}
		})
	}
}

func TestOneProfileAtATime(t *testing.T) {
	h, url := newServer(t, Config{MaxSeconds: 2})

	var wg sync.WaitGroup
	wg.Go(func() {
		if resp, _ := get(t.Context(), t, url+"/debug/pprof/profile?seconds=2", testToken); resp.StatusCode != http.StatusOK {
			t.Errorf("cpu profile: status %d, want 200", resp.StatusCode)
		}
	})
	defer wg.Wait()

	deadline := time.Now().Add(5 * time.Second)
	for len(h.busy) == 0 { // wait until the CPU profile holds the slot
		if time.Now().After(deadline) {
			t.Fatal("the cpu profile never started")
		}
		time.Sleep(time.Millisecond)
	}
	resp, _ := get(t.Context(), t, url+"/debug/pprof/heap", testToken)
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("second profile: status %d, want 429", resp.StatusCode)
	}
	if resp.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
}

func TestDurationCappedAndArchived(t *testing.T) {
	dir := t.TempDir()
	h, url := newServer(t, Config{MaxSeconds: 1, ArchiveDir: dir})
	h.now = func() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 890_000_000, time.FixedZone("x", 3600)) }

	start := time.Now()
	resp, body := get(t.Context(), t, url+"/debug/pprof/profile?seconds=999", testToken)
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Fatalf("profile took %v, want about the 1s cap", elapsed)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", resp.StatusCode)
	}
	archived, err := os.ReadFile(filepath.Join(dir, "cpu-20260304T040607.890Z.pb.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(archived, body) {
		t.Error("archived profile differs from the served one")
	}
}

func TestArchiveRetention(t *testing.T) {
	dir := t.TempDir()
	h, url := newServer(t, Config{ArchiveDir: dir, ArchiveKeep: 2})
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	h.now = func() time.Time { return now }
	unrelated := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(unrelated, nil, 0o600); err != nil {
		t.Fatal(err)
	}

	for range 3 {
		now = now.Add(time.Second)
		if resp, _ := get(t.Context(), t, url+"/debug/pprof/heap", testToken); resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d, want 200", resp.StatusCode)
		}
	}
	// Text output is not archived.
	get(t.Context(), t, url+"/debug/pprof/heap?debug=1", testToken)

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"heap-20260102T030407.000Z.pb.gz", "heap-20260102T030408.000Z.pb.gz", "notes.txt"}
	if !slices.Equal(names, want) {
		t.Fatalf("archive holds %v, want %v", names, want)
	}
}

// TestArchivedWhenBinary: a profile is archived exactly when it is served
// as binary, which net/http/pprof decides by reading debug with strconv.Atoi
// for the named profiles (anything it reads as 0 is binary) and ignoring it
// for the CPU profile and the trace.
func TestArchivedWhenBinary(t *testing.T) {
	tests := []struct {
		path       string
		wantBinary bool
	}{
		{"heap", true},
		{"heap?debug=0", true},
		{"heap?debug=00", true},
		{"heap?debug=%2B0", true}, // +0
		{"heap?debug=-0", true},
		{"heap?debug=x", true},
		{"heap?debug=", true},
		{"heap?debug=1", false},
		{"heap?debug=-1", false},
		{"heap?debug=99999999999999999999", false}, // out of range: Atoi gives its maximum
		{"goroutine?debug=2", false},
		{"goroutine?debug=+0", true}, // an unescaped + is a space: Atoi fails, 0
		{"trace?seconds=0.05&debug=1", true},
		{"profile?seconds=1&debug=1", true},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			dir := t.TempDir()
			_, url := newServer(t, Config{MaxSeconds: 1, ArchiveDir: dir})
			resp, _ := get(t.Context(), t, url+"/debug/pprof/"+tt.path, testToken)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", resp.StatusCode)
			}
			if binary := resp.Header.Get("Content-Type") == "application/octet-stream"; binary != tt.wantBinary {
				t.Fatalf("served as binary: %v, want %v (Content-Type %q)", binary, tt.wantBinary, resp.Header.Get("Content-Type"))
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if archived := len(entries) > 0; archived != tt.wantBinary {
				t.Errorf("archived: %v (%d files), want %v", archived, len(entries), tt.wantBinary)
			}
		})
	}
}

func TestCapSeconds(t *testing.T) {
	h := &Handler{maxSeconds: 5}
	tests := []struct {
		kind, query, want string
	}{
		{"cpu", "", "5"},
		{"cpu", "seconds=3", "3"},
		{"cpu", "seconds=999", "5"},
		{"cpu", "seconds=-1", "5"},
		{"cpu", "seconds=0", "5"},
		{"cpu", "seconds=NaN", "5"},
		{"cpu", "seconds=abc", "5"},
		// net/http/pprof parses an integer: 1.5 would fall back to 30 s.
		{"cpu", "seconds=1.5", "5"},
		{"cpu", "seconds=1e9", "5"},
		{"cpu", "seconds=99999999999999999999", "5"},
		{"trace", "", "1"},
		{"trace", "seconds=abc", "1"},
		{"trace", "seconds=-1", "1"},
		{"trace", "seconds=NaN", "1"},
		{"trace", "seconds=2.5", "2.5"},
		{"trace", "seconds=999", "5"},
		{"trace", "seconds=1e9", "5"},
		{"trace", "seconds=Inf", "5"},
		{"heap", "", ""},
		{"heap", "seconds=3", "3"},
		{"heap", "seconds=60", "5"},
		{"heap", "seconds=x", "x"},
		{"heap", "seconds=1.5", "1.5"}, // refused by net/http/pprof with 400
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, "/debug/pprof/"+tt.kind+"?"+tt.query, nil)
		if got := h.capSeconds(r, tt.kind).URL.Query().Get("seconds"); got != tt.want {
			t.Errorf("%s?%s: seconds=%q, want %q", tt.kind, tt.query, got, tt.want)
		}
	}
}

// TestFractionalSecondsCapped: net/http/pprof reads the CPU profile's seconds
// as an integer and falls back to 30 s on 1.5, so the cap must not let it by.
func TestFractionalSecondsCapped(t *testing.T) {
	_, url := newServer(t, Config{MaxSeconds: 1})
	start := time.Now()
	resp, _ := get(t.Context(), t, url+"/debug/pprof/profile?seconds=1.5", testToken)
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Fatalf("profile took %v, want about the 1s cap", elapsed)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", resp.StatusCode)
	}
}

// TestMethods: the method policy of methods, path by path. GET and HEAD read
// the index, cmdline and symbol; symbol takes POST too, as go tool pprof
// sends it the addresses to symbolize; a profile answers GET only (a POST
// body's seconds would slip past the cap, and a HEAD would record a whole
// profile to send no body). Any other method is 405 with Allow naming the
// path's methods, and a request without the token is 401 whatever its method.
func TestMethods(t *testing.T) {
	_, url := newServer(t, Config{MaxSeconds: 1})
	read := []string{http.MethodGet, http.MethodHead}
	for _, tt := range []struct {
		path  string
		allow []string
	}{
		{"/debug/pprof/", read},
		{"/debug/pprof/cmdline", read},
		{"/debug/pprof/symbol", []string{http.MethodGet, http.MethodHead, http.MethodPost}},
		{"/debug/pprof/profile", []string{http.MethodGet}},
		{"/debug/pprof/trace", []string{http.MethodGet}},
		{"/debug/pprof/heap", []string{http.MethodGet}},
		{"/debug/pprof/goroutine", []string{http.MethodGet}},
	} {
		for _, method := range []string{http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodOptions} {
			t.Run(method+" "+tt.path, func(t *testing.T) {
				do := func(token string) *http.Response {
					t.Helper()
					req, err := http.NewRequestWithContext(t.Context(), method, url+tt.path, strings.NewReader("seconds=999"))
					if err != nil {
						t.Fatal(err)
					}
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					if token != "" {
						req.Header.Set("Authorization", "Bearer "+token)
					}
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					_ = resp.Body.Close()
					return resp
				}
				if resp := do(""); resp.StatusCode != http.StatusUnauthorized {
					t.Errorf("without the token: status %d, want 401", resp.StatusCode)
				}
				resp := do(testToken)
				if slices.Contains(tt.allow, method) {
					if resp.StatusCode != http.StatusOK {
						t.Errorf("status %d, want 200", resp.StatusCode)
					}
					return
				}
				if want := strings.Join(tt.allow, ", "); resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != want {
					t.Errorf("status %d, Allow %q; want 405 with Allow: %s", resp.StatusCode, resp.Header.Get("Allow"), want)
				}
			})
		}
	}
}

// TestIndexWithoutSlash: /debug/pprof follows the index's methods. A GET or
// HEAD is redirected to /debug/pprof/ (the ServeMux's 307); any other method
// is 405 with Allow, not a redirect that a client following it would take
// with its method and body to another path.
func TestIndexWithoutSlash(t *testing.T) {
	h, _ := newServer(t, Config{})
	for _, method := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodOptions} {
		t.Run(method, func(t *testing.T) {
			req := httptest.NewRequestWithContext(t.Context(), method, "/debug/pprof", nil)
			req.Header.Set("Authorization", "Bearer "+testToken)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if method == http.MethodGet || method == http.MethodHead {
				if rec.Code != http.StatusTemporaryRedirect || rec.Header().Get("Location") != "/debug/pprof/" {
					t.Errorf("status %d, Location %q; want 307 to /debug/pprof/", rec.Code, rec.Header().Get("Location"))
				}
				return
			}
			if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("status %d, Allow %q; want 405 with Allow: GET, HEAD", rec.Code, rec.Header().Get("Allow"))
			}
		})
	}
}

// TestWrongTokenWarningLimited: requests with a wrong token, however many and
// however concurrent, write one warning per wrongTokenInterval at most; the
// next one logged says how many were left out. The clock is the handler's.
func TestWrongTokenWarningLimited(t *testing.T) {
	logs := &safeBuffer{}
	h, err := New(Config{Token: testToken}, &fakeMeter{}, slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var elapsed atomic.Int64
	h.now = func() time.Time { return start.Add(time.Duration(elapsed.Load())) }
	h.wrongToken.after = func(time.Duration, func()) {} // the intervals' ends: see TestWrongTokenCountAtIntervalEnd
	wrong := func() {
		req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/debug/pprof/heap", nil)
		req.Header.Set("Authorization", "Bearer wrong-token-0123456789")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("wrong token: status %d, want 401", rec.Code)
		}
	}
	const msg = `"msg":"pprof request with a wrong token"`
	warnings := func() []string {
		var found []string
		for line := range strings.Lines(logs.String()) {
			if strings.Contains(line, msg) {
				found = append(found, line)
			}
		}
		return found
	}

	const burst = 50
	var wg sync.WaitGroup
	for range burst {
		wg.Go(wrong)
	}
	wg.Wait()
	if got := warnings(); len(got) != 1 || strings.Contains(got[0], "suppressed") {
		t.Fatalf("after %d concurrent wrong tokens: %d warnings, want one without suppressed; the first: %q", burst, len(got), got[:min(len(got), 1)])
	}
	elapsed.Store(int64(wrongTokenInterval - time.Second))
	wrong()
	if got := warnings(); len(got) != 1 {
		t.Fatalf("within the interval: %d warnings, want still 1", len(got))
	}
	elapsed.Store(int64(wrongTokenInterval))
	wrong()
	got := warnings()
	if len(got) != 2 || !strings.Contains(got[1], `"suppressed":50`) {
		t.Fatalf("after the interval: warnings %q, want a second one with suppressed 50", got)
	}
	wrong()
	if got := warnings(); len(got) != 2 {
		t.Errorf("right after the second warning: %d warnings, want still 2", len(got))
	}
}

// TestWrongTokenCountAtIntervalEnd: the wrong tokens left out of an interval
// that no warning follows, a burst and then silence, are told by a warning at
// the interval's end; those of an interval the next warning told are not told
// again, and those left out after it wait for the end of its own interval.
// The clock and the timers are the test's.
func TestWrongTokenCountAtIntervalEnd(t *testing.T) {
	logs := &safeBuffer{}
	h, err := New(Config{Token: testToken}, &fakeMeter{}, slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var elapsed atomic.Int64
	h.now = func() time.Time { return start.Add(time.Duration(elapsed.Load())) }
	type timer struct {
		d time.Duration
		f func()
	}
	var (
		mu     sync.Mutex
		timers []timer
	)
	h.wrongToken.after = func(d time.Duration, f func()) {
		mu.Lock()
		defer mu.Unlock()
		timers = append(timers, timer{d, f})
	}
	// fire runs the one timer set, after checking its duration.
	fire := func(want time.Duration) {
		t.Helper()
		mu.Lock()
		set := timers
		timers = nil
		mu.Unlock()
		if len(set) != 1 || set[0].d != want {
			t.Fatalf("%d timers set (%v), want one of %v", len(set), set, want)
		}
		set[0].f()
	}
	wrong := func() {
		req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/debug/pprof/heap", nil)
		req.Header.Set("Authorization", "Bearer wrong-token-0123456789")
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	// lines returns the log lines logged since the last call.
	seen := 0
	lines := func() []string {
		all := slices.Collect(strings.Lines(logs.String()))
		defer func() { seen = len(all) }()
		return all[seen:]
	}
	const warning, untold = `"msg":"pprof request with a wrong token"`, `"msg":"pprof requests with a wrong token not logged"`
	// want checks the lines logged since the last call: one per element of
	// msgs, holding each of its strings.
	want := func(step string, msgs ...[]string) {
		t.Helper()
		got := lines()
		if len(got) != len(msgs) {
			t.Fatalf("%s: log %q, want %d lines", step, got, len(msgs))
		}
		for i, parts := range msgs {
			for _, part := range parts {
				if !strings.Contains(got[i], part) {
					t.Errorf("%s: line %q, want one containing %s", step, got[i], part)
				}
			}
		}
	}

	const burst = 50
	var wg sync.WaitGroup
	for range burst {
		wg.Go(wrong)
	}
	wg.Wait()
	want("a burst", []string{warning})
	fire(wrongTokenInterval) // then silence
	want("the end of the burst's interval", []string{untold + `,"suppressed":49`})

	elapsed.Store(int64(wrongTokenInterval))
	wrong()
	want("after the interval", []string{warning})
	if got := logs.String(); strings.Count(got, `"suppressed"`) != 1 {
		t.Errorf("the count was told again:\n%s", got)
	}
	elapsed.Store(int64(wrongTokenInterval + time.Second))
	wrong()
	want("within the second interval")
	elapsed.Store(int64(2 * wrongTokenInterval))
	wrong()
	want("after the second interval", []string{warning, `"suppressed":1`})
	elapsed.Store(int64(2*wrongTokenInterval + time.Second))
	wrong()
	wrong()
	fire(wrongTokenInterval - time.Second) // the second interval's end: its count was told
	want("the end of the second interval")
	fire(wrongTokenInterval) // the third's
	want("the end of the third interval", []string{untold + `,"suppressed":2`})
	mu.Lock()
	defer mu.Unlock()
	if len(timers) != 0 {
		t.Errorf("%d timers set after the last count was told, want none", len(timers))
	}
}

// TestFlushWarnings: the wrong tokens left out of an interval that has not
// ended are told when FlushWarnings is called (the service stops), not lost
// with the timer of the interval's end, which then tells nothing more.
// FlushWarnings with nothing left out logs nothing.
func TestFlushWarnings(t *testing.T) {
	logs := &safeBuffer{}
	h, err := New(Config{Token: testToken}, &fakeMeter{}, slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	var ends []func() // the timers of the intervals' ends, run by the test
	h.wrongToken.after = func(_ time.Duration, f func()) { ends = append(ends, f) }
	wrong := func() {
		req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/debug/pprof/heap", nil)
		req.Header.Set("Authorization", "Bearer wrong-token-0123456789")
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	const untold = `"msg":"pprof requests with a wrong token not logged"`

	h.FlushWarnings()
	if got := logs.String(); got != "" {
		t.Fatalf("a flush before any wrong token logged %q, want nothing", got)
	}
	for range 6 {
		wrong()
	}
	h.FlushWarnings()
	if got := logs.String(); strings.Count(got, untold) != 1 || !strings.Contains(got, untold+`,"suppressed":5`) {
		t.Fatalf("after 6 wrong tokens and a flush, log:\n%s\nwant one warning with suppressed 5", got)
	}
	h.FlushWarnings()
	for _, end := range ends {
		end()
	}
	if got := logs.String(); strings.Count(got, `"suppressed"`) != 1 {
		t.Errorf("the count was told again by a second flush or the interval's end:\n%s", got)
	}
}
