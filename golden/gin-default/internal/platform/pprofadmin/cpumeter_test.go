package pprofadmin

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
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

// A process that uses its whole cgroup CPU quota is saturated, although the
// runtime sets GOMAXPROCS to at least 2 under a limit below 2 CPUs.
func TestProcessMeterUnderCPULimit(t *testing.T) {
	procs := float64(runtime.GOMAXPROCS(0))
	tests := []struct {
		name  string
		limit float64 // CPUs, 0 for none
		used  float64 // CPUs busy over the window
		want  float64
	}{
		{"quota of a quarter CPU used up", 0.25, 0.25, 1},
		{"half of the quota", 1, 0.5, 0.5},
		{"no limit", 0, procs / 2, 0.5},
		{"limit above GOMAXPROCS", procs * 4, procs / 2, 0.5},
	}
	for _, tt := range tests {
		var cpu time.Duration
		m := &ProcessMeter{
			window:   4 * time.Second,
			interval: time.Second,
			cpuTime:  func() (time.Duration, error) { return cpu, nil },
			cpuLimit: func() float64 { return tt.limit },
		}
		m.sample(time.Now().Add(-4 * time.Second))
		cpu = time.Duration(tt.used * float64(4*time.Second))
		if got := m.Utilization(); got < tt.want*0.95 || got > tt.want*1.05 {
			t.Errorf("%s: utilization %.3f with GOMAXPROCS %v, want about %v", tt.name, got, procs, tt.want)
		}
	}
}

func TestCgroupCPULimit(t *testing.T) {
	f := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	tests := []struct {
		name string
		root fstest.MapFS
		want float64
	}{
		{"cgroup v2, own namespace", fstest.MapFS{
			"proc/self/cgroup":      f("0::/\n"),
			"sys/fs/cgroup/cpu.max": f("50000 100000\n"),
		}, 0.5},
		{"cgroup v2, unlimited", fstest.MapFS{
			"proc/self/cgroup":      f("0::/\n"),
			"sys/fs/cgroup/cpu.max": f("max 100000\n"),
		}, 0},
		{"cgroup v2, host's hierarchy (systemd unit, cgroupns=host)", fstest.MapFS{
			"proc/self/cgroup":                                  f("0::/system.slice/orders.service\n"),
			"sys/fs/cgroup/system.slice/cpu.max":                f("max 100000\n"),
			"sys/fs/cgroup/system.slice/orders.service/cpu.max": f("150000 100000\n"),
		}, 1.5},
		{"cgroup v2, an ancestor's limit is lower", fstest.MapFS{
			"proc/self/cgroup":                       f("0::/kubepods/pod1/c1\n"),
			"sys/fs/cgroup/kubepods/pod1/cpu.max":    f("25000 100000\n"),
			"sys/fs/cgroup/kubepods/pod1/c1/cpu.max": f("max 100000\n"),
		}, 0.25},
		{"cgroup v1", fstest.MapFS{
			"proc/self/cgroup":                                   f("4:memory:/other\n2:cpu,cpuacct:/orders\n"),
			"sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us":         f("-1\n"),
			"sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us":        f("100000\n"),
			"sys/fs/cgroup/cpu,cpuacct/orders/cpu.cfs_quota_us":  f("25000\n"),
			"sys/fs/cgroup/cpu,cpuacct/orders/cpu.cfs_period_us": f("100000\n"),
		}, 0.25},
		{"cgroup v1, container that sees its cgroup at the mount point", fstest.MapFS{
			"proc/self/cgroup":                    f("2:cpu,cpuacct:/docker/0123abcd\n"),
			"sys/fs/cgroup/cpu/cpu.cfs_quota_us":  f("200000\n"),
			"sys/fs/cgroup/cpu/cpu.cfs_period_us": f("100000\n"),
		}, 2},
		{"hybrid: cgroup v2 without controllers, v1 cpu controller", fstest.MapFS{
			"proc/self/cgroup":                           f("1:cpu:/orders\n0::/\n"),
			"sys/fs/cgroup/unified/cgroup.procs":         f(""),
			"sys/fs/cgroup/cpu/orders/cpu.cfs_quota_us":  f("50000\n"),
			"sys/fs/cgroup/cpu/orders/cpu.cfs_period_us": f("100000\n"),
		}, 0.5},
	}
	for _, tt := range tests {
		if got, err := cgroupCPULimit(tt.root); err != nil || got != tt.want {
			t.Errorf("%s: %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}

	if _, err := cgroupCPULimit(fstest.MapFS{"proc/self/cgroup": f("0::/\n")}); !errors.Is(err, errNoCPULimitFile) {
		t.Errorf("no cgroup files: error %v, want errNoCPULimitFile", err)
	}
	if _, err := cgroupCPULimit(fstest.MapFS{"sys/fs/cgroup/cpu.max": f("lots\n")}); err == nil {
		t.Error("cpu.max that does not parse: no error")
	}
	escape := fstest.MapFS{
		"proc/self/cgroup":      f("0::/../../etc\n"),
		"sys/fs/cgroup/cpu.max": f("100000 100000\n"),
		"etc/cpu.max":           f("1000 100000\n"),
	}
	if got, err := cgroupCPULimit(escape); err != nil || got != 1 {
		t.Errorf("cgroup path leaving the mount point: %v, %v; want the mount point's limit 1", got, err)
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
