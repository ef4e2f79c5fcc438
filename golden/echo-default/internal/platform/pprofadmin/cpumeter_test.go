package pprofadmin

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// safeBuffer is a bytes.Buffer safe for concurrent use, for captured logs.
type safeBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *safeBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *safeBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// status requests url with the test token and returns the status and
// headers of the answer.
func status(t *testing.T, url string) (int, http.Header) {
	t.Helper()
	resp, _ := get(t.Context(), t, url, testToken)
	return resp.StatusCode, resp.Header
}

func TestCPUCeiling(t *testing.T) {
	logs := &safeBuffer{}
	_, url, meter := newMeteredServer(t, Config{MaxSeconds: 1}, slog.New(slog.NewJSONHandler(logs, nil)))

	meter.set(0.95) // above the default 0.85
	for _, path := range []string{"/debug/pprof/profile?seconds=1", "/debug/pprof/trace?seconds=1"} {
		code, header := status(t, url+path)
		if code != http.StatusServiceUnavailable {
			t.Errorf("%s over the ceiling: status %d, want 503", path, code)
		}
		if header.Get("Retry-After") == "" {
			t.Errorf("%s: 503 without Retry-After", path)
		}
	}
	for _, path := range []string{"/debug/pprof/heap", "/debug/pprof/goroutine?debug=1", "/debug/pprof/allocs"} {
		if code, _ := status(t, url+path); code != http.StatusOK {
			t.Errorf("%s over the ceiling: status %d, want 200", path, code)
		}
	}
	if l := logs.String(); !strings.Contains(l, `"msg":"pprof profile refused: cpu use above the ceiling","kind":"cpu"`) ||
		!strings.Contains(l, `"cpu_utilization":0.95,"cpu_ceiling":0.85`) {
		t.Errorf("refusal not logged with the utilization and ceiling; logs:\n%s", l)
	}

	meter.set(0.5)
	resp, body := get(t.Context(), t, url+"/debug/pprof/profile?seconds=1", testToken)
	if resp.StatusCode != http.StatusOK || !bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		t.Fatalf("cpu profile under the ceiling: status %d, want 200 with a gzip profile", resp.StatusCode)
	}
	if !strings.Contains(logs.String(), `"msg":"serving pprof profile","kind":"cpu","remote_addr"`) {
		t.Errorf("served cpu profile not logged; logs:\n%s", logs)
	}
}

func TestCPUCeilingConfigured(t *testing.T) {
	_, url, meter := newMeteredServer(t, Config{CPUCeiling: 0.5}, slog.New(slog.DiscardHandler))
	meter.set(0.6)
	if code, _ := status(t, url+"/debug/pprof/trace?seconds=1"); code != http.StatusServiceUnavailable {
		t.Fatalf("trace at 0.6 with ceiling 0.5: status %d, want 503", code)
	}
}

func TestProcessMeterWindow(t *testing.T) {
	procs := time.Duration(runtime.GOMAXPROCS(0))
	var cpu time.Duration
	m := &ProcessMeter{window: 4 * time.Second, interval: time.Second, cpuTime: func() (time.Duration, error) { return cpu, nil }}

	now := time.Now()
	for i := 6; i >= 1; i-- { // samples 6s to 1s ago, with the CPU idle
		m.sample(now.Add(-time.Duration(i) * time.Second))
	}
	if got, want := m.samples[0].at, now.Add(-5*time.Second); !got.Equal(want) {
		t.Fatalf("oldest sample %v ago, want 5s ago (the newest at least a window before the last)", now.Sub(got))
	}
	if len(m.samples) != 5 {
		t.Fatalf("%d samples kept, want 5", len(m.samples))
	}

	cpu = 5 * time.Second * procs / 2 // half of every P over the 5s since the oldest sample
	if got := m.Utilization(); got < 0.4 || got > 0.55 {
		t.Fatalf("utilization %.3f, want about 0.5", got)
	}
}

func TestProcessMeterMeasuresBurnedCPU(t *testing.T) {
	m := NewProcessMeter(time.Second)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()

	burned := make(chan struct{})
	go func() {
		defer close(burned)
		x := 1.0
		for end := time.Now().Add(300 * time.Millisecond); time.Now().Before(end); {
			for i := range 10000 {
				x = x*1.0000001 + float64(i&1)
			}
		}
		_ = x
	}()
	<-burned

	if got := m.Utilization(); got <= 0 {
		t.Errorf("utilization %v after burning CPU, want more than 0", got)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
}
