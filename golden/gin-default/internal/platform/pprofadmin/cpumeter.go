package pprofadmin

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultCPUWindow is the span over which a ProcessMeter measures CPU use.
const DefaultCPUWindow = 5 * time.Second

// cpuSamplesPerWindow is how many samples a ProcessMeter takes per window.
const cpuSamplesPerWindow = 5

// ProcessMeter is the CPUMeter of the running process: it measures the
// process's user and system CPU time (getrusage) against the wall time over
// the last window, divided by the CPUs the process can use: the current
// GOMAXPROCS, or the CPU limit of its cgroup (the container's CPU quota)
// when that is lower. Under a limit below 2 CPUs the runtime still sets
// GOMAXPROCS to 2, so dividing by GOMAXPROCS alone would report a process
// that uses its whole quota as at most half busy. Start its sampling with
// Run. Where the process CPU time is not available (not a Unix system), it
// always reports 0. Its methods are safe for concurrent use.
type ProcessMeter struct {
	window   time.Duration
	interval time.Duration
	cpuTime  func() (time.Duration, error)
	// cpuLimit returns the cgroup CPU limit in CPUs, 0 when there is none
	// (or it cannot be read). It is read at every Utilization, as the limit
	// can change while the process runs (an in-place pod resize).
	cpuLimit func() float64

	mu      sync.Mutex
	samples []cpuSample // oldest first; the first is about one window old
}

// cpuSample is the process CPU time at one instant.
type cpuSample struct {
	at  time.Time
	cpu time.Duration
}

// NewProcessMeter returns a meter over the given window (DefaultCPUWindow
// when zero or negative), with a first sample taken now.
func NewProcessMeter(window time.Duration) *ProcessMeter {
	if window <= 0 {
		window = DefaultCPUWindow
	}
	m := &ProcessMeter{window: window, interval: window / cpuSamplesPerWindow, cpuTime: processCPUTime, cpuLimit: processCPULimit}
	m.sample(time.Now())
	return m
}

// Run samples the process CPU time several times per window until ctx is
// done. It always returns nil.
func (m *ProcessMeter) Run(ctx context.Context) error {
	ticker := time.NewTicker(m.interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
			m.sample(time.Now())
		}
	}
}

// Utilization returns the CPU used from the oldest kept sample until now,
// as a fraction of the CPUs the process can use (GOMAXPROCS, or the cgroup
// CPU limit when lower): about the last window once Run has sampled for a
// window, the time since NewProcessMeter before. It can exceed 1 briefly,
// as threads outside GOMAXPROCS (system calls, cgo) use CPU too.
func (m *ProcessMeter) Utilization() float64 {
	cpus := float64(runtime.GOMAXPROCS(0))
	if m.cpuLimit != nil {
		if limit := m.cpuLimit(); limit > 0 && limit < cpus {
			cpus = limit
		}
	}
	cpu, err := m.cpuTime()
	if err != nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.samples) == 0 {
		return 0
	}
	oldest := m.samples[0]
	wall := time.Since(oldest.at)
	if wall <= 0 {
		return 0
	}
	return float64(cpu-oldest.cpu) / float64(wall) / cpus
}

// sample records the CPU time at now and drops the samples that the window
// no longer needs: the oldest kept sample is the newest one at least a
// window before now.
func (m *ProcessMeter) sample(now time.Time) {
	cpu, err := m.cpuTime()
	if err != nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.samples = append(m.samples, cpuSample{at: now, cpu: cpu})
	cutoff := now.Add(-m.window)
	drop := 0
	for drop+1 < len(m.samples) && !m.samples[drop+1].at.After(cutoff) {
		drop++
	}
	m.samples = append(m.samples[:0], m.samples[drop:]...)
}

// processCPULimit returns the CPU limit of the process's cgroup in CPUs, 0
// when there is none or it cannot be read.
func processCPULimit() float64 {
	cpus, err := cgroupCPULimit(os.DirFS("/"))
	if err != nil {
		return 0
	}
	return cpus
}

// The cgroup files are read here and not through runtimeinfo, which reads
// the same limit for its start log, so that either package can be used
// without the other (gonew-prod add writes them for different components).

// errNoCPULimitFile is returned by cgroupCPULimit when no cgroup CPU limit
// file could be read.
var errNoCPULimitFile = errors.New("no cgroup cpu limit file found")

// cgroupV1CPUMounts are the usual mount points of cgroup v1's cpu controller.
var cgroupV1CPUMounts = []string{"sys/fs/cgroup/cpu", "sys/fs/cgroup/cpu,cpuacct", "sys/fs/cgroup/cpuacct,cpu"}

// cgroupCPULimit reads the CPU limit of the process's cgroup from root, the
// file system's root, and returns it in CPUs, 0 when there is none. As the
// Go runtime does, it takes the lowest limit of the process's cgroup (the
// path /proc/self/cgroup gives) and of its ancestors up to the mount point
// of the hierarchy, which is the process's own cgroup in a container with
// its own cgroup namespace or one that does not see the host's hierarchy:
// cgroup v2's cpu.max, else cgroup v1's CFS quota and period of the cpu
// controller. It fails with errNoCPULimitFile when no such file exists, and
// when one does not parse.
func cgroupCPULimit(root fs.FS) (float64, error) {
	self, _ := fs.ReadFile(root, "proc/self/cgroup")
	cpus, err := lowestCPULimit(cgroupLevels(string(self), "", []string{"sys/fs/cgroup"}), func(dir string) (float64, error) {
		b, err := fs.ReadFile(root, dir+"/cpu.max")
		if err != nil {
			return 0, err
		}
		return parseCPUMax(string(b))
	})
	if !errors.Is(err, errNoCPULimitFile) {
		return cpus, err
	}
	return lowestCPULimit(cgroupLevels(string(self), "cpu", cgroupV1CPUMounts), func(dir string) (float64, error) {
		quota, err := fs.ReadFile(root, dir+"/cpu.cfs_quota_us")
		if err != nil {
			return 0, err
		}
		period, err := fs.ReadFile(root, dir+"/cpu.cfs_period_us")
		if err != nil {
			return 0, err
		}
		return parseCFSQuota(string(quota), string(period))
	})
}

// lowestCPULimit returns the lowest limit that read finds in dirs (0: no
// limit), skipping the directories without the files. It fails with
// errNoCPULimitFile when none has them, and with read's error when a file
// does not parse.
func lowestCPULimit(dirs []string, read func(dir string) (float64, error)) (float64, error) {
	found := false
	var lowest float64
	for _, dir := range dirs {
		cpus, err := read(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return 0, err
		}
		found = true
		if cpus > 0 && (lowest == 0 || cpus < lowest) {
			lowest = cpus
		}
	}
	if !found {
		return 0, errNoCPULimitFile
	}
	return lowest, nil
}

// cgroupLevels returns the directories that may hold the CPU limit files of
// the process, given self, the content of /proc/self/cgroup: for each mount
// point in mounts, the process's cgroup of the hierarchy with controller
// (cgroup v2's "0::path" line when controller is empty) under the mount
// point, and each of its ancestors up to the mount point itself.
func cgroupLevels(self, controller string, mounts []string) []string {
	cgroup := "/"
	for line := range strings.Lines(self) {
		// hierarchy-ID:controller-list:cgroup-path
		parts := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(parts) != 3 {
			continue
		}
		if controller == "" && parts[0] == "0" && parts[1] == "" ||
			controller != "" && slices.Contains(strings.Split(parts[1], ","), controller) {
			cgroup = parts[2]
			break
		}
	}
	var dirs []string
	for _, m := range mounts {
		dir := path.Join(m, cgroup)
		if !fs.ValidPath(dir) || !strings.HasPrefix(dir, m+"/") {
			dir = m
		}
		for ; dir != m; dir = path.Dir(dir) {
			dirs = append(dirs, dir)
		}
		dirs = append(dirs, m)
	}
	return dirs
}

// parseCPUMax parses the content of a cgroup v2 cpu.max file, "$MAX $PERIOD"
// (e.g. "200000 100000" for two CPUs), and returns the limit in CPUs, or 0
// when $MAX is "max" (no limit).
func parseCPUMax(s string) (float64, error) {
	fields := strings.Fields(s)
	if len(fields) != 2 {
		return 0, fmt.Errorf("parse cpu.max %q: want two fields", s)
	}
	period, err := strconv.ParseUint(fields[1], 10, 64)
	if err != nil || period == 0 {
		return 0, fmt.Errorf("parse cpu.max %q: invalid period", s)
	}
	if fields[0] == "max" {
		return 0, nil
	}
	quota, err := strconv.ParseUint(fields[0], 10, 64)
	if err != nil || quota == 0 {
		return 0, fmt.Errorf("parse cpu.max %q: invalid quota", s)
	}
	return float64(quota) / float64(period), nil
}

// parseCFSQuota reads cgroup v1's cpu.cfs_quota_us and cpu.cfs_period_us
// (e.g. "50000" and "100000" for half a CPU) and returns the limit in CPUs,
// or 0 when the quota is -1 (no limit).
func parseCFSQuota(quota, period string) (float64, error) {
	p, err := strconv.ParseUint(strings.TrimSpace(period), 10, 64)
	if err != nil || p == 0 {
		return 0, fmt.Errorf("parse cpu.cfs_period_us %q: invalid period", period)
	}
	q, err := strconv.ParseInt(strings.TrimSpace(quota), 10, 64)
	switch {
	case err != nil || q == 0 || q < -1:
		return 0, fmt.Errorf("parse cpu.cfs_quota_us %q: invalid quota", quota)
	case q == -1:
		return 0, nil
	}
	return float64(q) / float64(p), nil
}
