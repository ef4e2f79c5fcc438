package runtimeinfo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/KimMachineGun/automemlimit/memlimit"
)

func TestParseCPUMax(t *testing.T) {
	tests := []struct {
		in      string
		want    float64
		wantErr bool
	}{
		{in: "max 100000\n", want: 0},
		{in: "200000 100000\n", want: 2},
		{in: "150000 100000", want: 1.5},
		{in: "50000 100000", want: 0.5},
		{in: "", wantErr: true},
		{in: "max", wantErr: true},
		{in: "max 0", wantErr: true},
		{in: "0 100000", wantErr: true},
		{in: "-1 100000", wantErr: true},
		{in: "abc 100000", wantErr: true},
		{in: "100000 100000 1", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseCPUMax(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseCPUMax(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestReadCPULimit(t *testing.T) {
	file := func(content string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(content)} }
	v1 := func(dir, quota, period string) fstest.MapFS {
		return fstest.MapFS{dir + "/cpu.cfs_quota_us": file(quota), dir + "/cpu.cfs_period_us": file(period)}
	}
	with := func(a, b fstest.MapFS) fstest.MapFS {
		out := fstest.MapFS{}
		maps.Copy(out, a)
		maps.Copy(out, b)
		return out
	}
	self := func(path string) fstest.MapFS {
		return fstest.MapFS{"proc/self/cgroup": file("12:memory:/x\n4:cpu,cpuacct:" + path + "\n0::/\n")}
	}
	tests := []struct {
		name string
		root fstest.MapFS
		want string
	}{
		{"v2 limited", fstest.MapFS{"sys/fs/cgroup/cpu.max": file("250000 100000\n")}, "2.5"},
		{"v2 unlimited", fstest.MapFS{"sys/fs/cgroup/cpu.max": file("max 100000\n")}, "none"},
		{"v2 garbage", fstest.MapFS{"sys/fs/cgroup/cpu.max": file("what\n")}, "unknown"},
		{"nothing mounted", fstest.MapFS{}, "unknown"},
		{"v1 in the process's cgroup", with(self("/svc/api"), v1("sys/fs/cgroup/cpu,cpuacct/svc/api", "50000\n", "100000\n")), "0.5"},
		{"v1 at the mount's root, in a container", with(self("/docker/abc"), v1("sys/fs/cgroup/cpu", "200000\n", "100000\n")), "2"},
		{"v1 unlimited", with(self("/"), v1("sys/fs/cgroup/cpu", "-1\n", "100000\n")), "none"},
		{"v1 garbage", v1("sys/fs/cgroup/cpu", "lots\n", "100000\n"), "unknown"},
		{"v1 path out of the mount", with(self("/../../../etc"), v1("sys/fs/cgroup/cpu", "100000", "100000")), "1"},
		{"v1 lowest of the cgroup and its ancestors", with(self("/svc/api"), with(v1("sys/fs/cgroup/cpu,cpuacct/svc/api", "-1\n", "100000\n"), v1("sys/fs/cgroup/cpu,cpuacct/svc", "150000\n", "100000\n"))), "1.5"},
		// A systemd unit with CPUQuota=, or a container with cgroupns=host:
		// the limit is in the process's cgroup, not at the mount's root.
		{"v2 in the host's hierarchy", fstest.MapFS{
			"proc/self/cgroup":                                     file("0::/system.slice/orders.service\n"),
			"sys/fs/cgroup/cgroup.controllers":                     file("cpuset cpu io memory pids\n"),
			"sys/fs/cgroup/system.slice/cpu.max":                   file("max 100000\n"),
			"sys/fs/cgroup/system.slice/orders.service/cpu.max":    file("50000 100000\n"),
			"sys/fs/cgroup/system.slice/orders.service/memory.max": file("268435456\n"),
		}, "0.5"},
		{"v2 lowest of the cgroup and its ancestors", fstest.MapFS{
			"proc/self/cgroup":                       file("0::/kubepods/pod1/c1\n"),
			"sys/fs/cgroup/kubepods/pod1/cpu.max":    file("25000 100000\n"),
			"sys/fs/cgroup/kubepods/pod1/c1/cpu.max": file("max 100000\n"),
		}, "0.25"},
		{"v2 garbage in an ancestor", fstest.MapFS{
			"proc/self/cgroup":          file("0::/a/b\n"),
			"sys/fs/cgroup/a/cpu.max":   file("what\n"),
			"sys/fs/cgroup/a/b/cpu.max": file("50000 100000\n"),
		}, "unknown"},
		{"hybrid: v2 without the cpu controller, v1 cpu", with(self("/svc"), v1("sys/fs/cgroup/cpu,cpuacct/svc", "50000\n", "100000\n")), "0.5"},
	}
	for _, tt := range tests {
		if got := readCPULimit(tt.root); got != tt.want {
			t.Errorf("%s: readCPULimit = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestParseCFSQuota(t *testing.T) {
	tests := []struct {
		quota, period string
		want          float64
		wantErr       bool
	}{
		{"50000", "100000", 0.5, false},
		{"-1\n", "100000\n", 0, false},
		{"0", "100000", 0, true},
		{"-2", "100000", 0, true},
		{"50000", "0", 0, true},
		{"x", "100000", 0, true},
	}
	for _, tt := range tests {
		got, err := parseCFSQuota(tt.quota, tt.period)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("parseCFSQuota(%q, %q) = %v, %v; want %v, error %v", tt.quota, tt.period, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestSetMemoryLimit(t *testing.T) {
	// automemlimit reads AUTOMEMLIMIT itself, and leaves the limit alone when
	// GOMEMLIMIT is set: keep them out of the test.
	t.Setenv("AUTOMEMLIMIT", "")
	t.Setenv("GOMEMLIMIT", "")
	for _, name := range []string{"AUTOMEMLIMIT", "GOMEMLIMIT"} {
		if err := os.Unsetenv(name); err != nil {
			t.Fatal(err)
		}
	}
	previous := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(previous) })

	tests := []struct {
		name      string
		provider  memlimit.Provider
		wantLimit int64
		wantLog   string
	}{
		{"cgroup limit", memlimit.Limit(1000 << 20), 900 << 20, `"gomemlimit":943718400`},
		{"no limit", func() (uint64, error) { return 0, memlimit.ErrNoLimit }, math.MaxInt64, "cgroup has no memory limit"},
		{"no cgroup", func() (uint64, error) { return 0, memlimit.ErrNoCgroup }, math.MaxInt64, "not in cgroup"},
		{"unreadable", func() (uint64, error) { return 0, errors.New("open /proc/self/mountinfo: no such file") }, math.MaxInt64, `"level":"WARN"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			debug.SetMemoryLimit(math.MaxInt64)
			var buf bytes.Buffer
			setMemoryLimit(t.Context(), slog.New(slog.NewJSONHandler(&buf, nil)), 0.9, tt.provider, 0)
			if got := debug.SetMemoryLimit(-1); got != tt.wantLimit {
				t.Errorf("GOMEMLIMIT = %d, want %d", got, tt.wantLimit)
			}
			if !strings.Contains(buf.String(), tt.wantLog) {
				t.Errorf("log %s does not contain %s", &buf, tt.wantLog)
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent use, for logs written by
// the refresh goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestMemoryLimitFollowsResize: GOMEMLIMIT follows the cgroup limit when it
// changes while the service runs (an in-place pod resize), until the refresh
// is stopped.
func TestMemoryLimitFollowsResize(t *testing.T) {
	t.Setenv("AUTOMEMLIMIT", "")
	t.Setenv("GOMEMLIMIT", "")
	for _, name := range []string{"AUTOMEMLIMIT", "GOMEMLIMIT"} {
		if err := os.Unsetenv(name); err != nil {
			t.Fatal(err)
		}
	}
	previous := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(previous) })
	debug.SetMemoryLimit(math.MaxInt64)

	// The provider's answer: a limit in bytes, or an error.
	var answer atomic.Value
	type result struct {
		limit uint64
		err   error
	}
	answer.Store(result{limit: 1000 << 20})
	provider := func() (uint64, error) {
		r := answer.Load().(result)
		return r.limit, r.err
	}
	var logs syncBuffer
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	setMemoryLimit(ctx, slog.New(slog.NewJSONHandler(&logs, nil)), 0.9, provider, 5*time.Millisecond)
	if got := debug.SetMemoryLimit(-1); got != 900<<20 {
		t.Fatalf("GOMEMLIMIT at start = %d, want %d", got, 900<<20)
	}

	// waitFor waits until GOMEMLIMIT is want, and fails t if it does not
	// get there within 5 s.
	waitFor := func(what string, want int64) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			if debug.SetMemoryLimit(-1) == want {
				return
			}
		}
		t.Fatalf("%s: GOMEMLIMIT = %d, want %d; logs:\n%s", what, debug.SetMemoryLimit(-1), want, logs.String())
	}
	answer.Store(result{limit: 500 << 20})
	waitFor("limit lowered to 500 MiB", 450<<20)
	if want := fmt.Sprintf(`"msg":"memory limit changed","gomemlimit":%d,"ratio":0.9,"cgroup_limit":%d,"previous_cgroup_limit":%d`, 450<<20, 500<<20, 1000<<20); !strings.Contains(logs.String(), want) {
		t.Errorf("logs lack %s:\n%s", want, logs.String())
	}
	answer.Store(result{err: memlimit.ErrNoLimit})
	waitFor("limit removed", math.MaxInt64)
	answer.Store(result{err: errors.New("cgroup files gone")})
	time.Sleep(50 * time.Millisecond)
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("a failed read changed GOMEMLIMIT to %d", got)
	}
	answer.Store(result{limit: 2000 << 20})
	waitFor("limit set again", 1800<<20)
	if n := strings.Count(logs.String(), `"msg":"memory limit changed"`); n != 3 {
		t.Errorf("%d changes logged, want 3:\n%s", n, logs.String())
	}

	cancel()
	time.Sleep(50 * time.Millisecond) // a refresh under way ends
	answer.Store(result{limit: 100 << 20})
	time.Sleep(50 * time.Millisecond)
	if got := debug.SetMemoryLimit(-1); got != 1800<<20 {
		t.Errorf("GOMEMLIMIT = %d after the refresh was stopped, want it left at %d", got, 1800<<20)
	}
}

func TestSetMemoryLimitRespectsEnvironment(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "512MiB")
	var buf bytes.Buffer
	t.Cleanup(SetMemoryLimit(slog.New(slog.NewJSONHandler(&buf, nil)), 0.5, false))
	if !strings.Contains(buf.String(), `"gomemlimit":"512MiB"`) {
		t.Errorf("log = %s", &buf)
	}
}

// TestSetMemoryLimitKeepsProgramLimit: a limit the program set itself with
// debug.SetMemoryLimit before SetMemoryLimit runs is its explicit choice:
// neither the cgroup's limit nor its absence replaces it.
func TestSetMemoryLimitKeepsProgramLimit(t *testing.T) {
	t.Setenv("AUTOMEMLIMIT", "")
	t.Setenv("GOMEMLIMIT", "")
	for _, name := range []string{"AUTOMEMLIMIT", "GOMEMLIMIT"} {
		if err := os.Unsetenv(name); err != nil {
			t.Fatal(err)
		}
	}
	previous := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(previous) })
	tests := []struct {
		name    string
		program int64 // the limit the program set, math.MaxInt64 for none
		off     bool
		keep    bool
	}{
		{"program limit", 900 << 20, false, true},
		{"program limit, AUTOMEMLIMIT=off", 900 << 20, true, true},
		{"large program limit", 64 << 30, false, true},
		{"no program limit", math.MaxInt64, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			debug.SetMemoryLimit(tt.program)
			var buf bytes.Buffer
			t.Cleanup(SetMemoryLimit(slog.New(slog.NewJSONHandler(&buf, nil)), 0.9, tt.off))
			if got := debug.SetMemoryLimit(-1); got != tt.program {
				t.Errorf("GOMEMLIMIT = %d, want %d", got, tt.program)
			}
			want := fmt.Sprintf(`"gomemlimit":%d,"source":"set by the program (debug.SetMemoryLimit)"`, tt.program)
			if got := strings.Contains(buf.String(), want); got != tt.keep {
				t.Errorf("log = %s: contains %s = %v, want %v", &buf, want, got, tt.keep)
			}
		})
	}
}

func TestSetMemoryLimitOff(t *testing.T) {
	t.Setenv("AUTOMEMLIMIT", "off")
	t.Setenv("GOMEMLIMIT", "")
	if err := os.Unsetenv("GOMEMLIMIT"); err != nil {
		t.Fatal(err)
	}
	previous := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(previous) })
	debug.SetMemoryLimit(math.MaxInt64)
	var buf bytes.Buffer
	t.Cleanup(SetMemoryLimit(slog.New(slog.NewJSONHandler(&buf, nil)), 0.9, true))
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT = %d, want none", got)
	}
	if !strings.Contains(buf.String(), `"reason":"AUTOMEMLIMIT=off"`) || strings.Contains(buf.String(), "cgroup") {
		t.Errorf("log = %s, want the AUTOMEMLIMIT=off reason", &buf)
	}
}

// TestSetMemoryLimitEmptyGOMEMLIMIT: an empty GOMEMLIMIT (compose's
// GOMEMLIMIT=${GOMEMLIMIT} with the variable unset) is unset: the limit still
// comes from the cgroup, which automemlimit would skip for a GOMEMLIMIT that
// is present.
func TestSetMemoryLimitEmptyGOMEMLIMIT(t *testing.T) {
	t.Setenv("AUTOMEMLIMIT", "")
	if err := os.Unsetenv("AUTOMEMLIMIT"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOMEMLIMIT", "")
	previous := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(previous) })
	debug.SetMemoryLimit(math.MaxInt64)
	var buf bytes.Buffer
	t.Cleanup(SetMemoryLimit(slog.New(slog.NewJSONHandler(&buf, nil)), 0.9, false))
	if strings.Contains(buf.String(), "GOMEMLIMIT environment variable") || !strings.Contains(buf.String(), `"msg":"memory limit"`) {
		t.Errorf("log = %s, want the limit of the cgroup (or the reason there is none), as with GOMEMLIMIT unset", &buf)
	}
	if _, ok := os.LookupEnv("GOMEMLIMIT"); ok {
		t.Error("GOMEMLIMIT still in the environment: automemlimit skips the cgroup limit")
	}
}

// TestSetMemoryLimitEmptyAutoMemLimit: empty means unset for the service's
// configuration, but automemlimit would fail to parse it.
func TestSetMemoryLimitEmptyAutoMemLimit(t *testing.T) {
	t.Setenv("AUTOMEMLIMIT", "")
	t.Setenv("GOMEMLIMIT", "")
	if err := os.Unsetenv("GOMEMLIMIT"); err != nil {
		t.Fatal(err)
	}
	previous := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(previous) })
	debug.SetMemoryLimit(math.MaxInt64)
	var buf bytes.Buffer
	t.Cleanup(SetMemoryLimit(slog.New(slog.NewJSONHandler(&buf, nil)), 0.9, false))
	if strings.Contains(buf.String(), "AUTOMEMLIMIT") || strings.Contains(buf.String(), `"level":"WARN"`) {
		t.Errorf("log = %s, want no complaint about AUTOMEMLIMIT", &buf)
	}
}

func TestLogCPU(t *testing.T) {
	var buf bytes.Buffer
	LogCPU(slog.New(slog.NewJSONHandler(&buf, nil)))
	for _, key := range []string{`"gomaxprocs":`, `"num_cpu":`, `"cgroup_cpu_limit":`} {
		if !strings.Contains(buf.String(), key) {
			t.Errorf("log %s lacks %s", &buf, key)
		}
	}
}
