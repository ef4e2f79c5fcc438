// Package runtimeinfo reports how the Go runtime is sized for its container
// and derives GOMEMLIMIT from the cgroup memory limit, following it when it
// changes.
//
// GOMAXPROCS is never set here: since Go 1.25 the runtime derives it from the
// cgroup CPU limit and updates it while running, unless GOMAXPROCS is set in
// the environment. LogCPU only reports what the runtime chose.
package runtimeinfo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/KimMachineGun/automemlimit/memlimit"
)

// LogCPU logs the effective GOMAXPROCS, the number of CPUs and the cgroup CPU
// limit ("none" when unlimited, "unknown" when it cannot be read).
func LogCPU(logger *slog.Logger) {
	logger.Info("cpu",
		"gomaxprocs", runtime.GOMAXPROCS(0),
		"num_cpu", runtime.NumCPU(),
		"cgroup_cpu_limit", readCPULimit(os.DirFS("/")),
	)
}

// readCPULimit reads the CPU limit of the process's cgroup from root, the file
// system's root (see cgroupCPULimit).
func readCPULimit(root fs.FS) string {
	return cpuLimit(cgroupCPULimit(root))
}

func cpuLimit(cpus float64, err error) string {
	switch {
	case err != nil:
		return "unknown"
	case cpus == 0:
		return "none"
	}
	return strconv.FormatFloat(cpus, 'f', -1, 64)
}

// The cgroup CPU limit code below has a twin in the package that measures
// CPU use against the same limit, so that gonew-prod add can write either
// package without the other (they belong to different components).

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
		return ParseCPUMax(string(b))
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

// ParseCPUMax parses the content of a cgroup v2 cpu.max file, "$MAX $PERIOD"
// (e.g. "200000 100000" for two CPUs), and returns the limit in CPUs, or 0
// when $MAX is "max" (no limit).
func ParseCPUMax(s string) (float64, error) {
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

// MemoryLimitRefresh is how often SetMemoryLimit reads the cgroup memory
// limit again, so that GOMEMLIMIT follows an in-place resize of the container
// (Kubernetes' InPlacePodVerticalScaling, VPA's in-place mode): after a
// decrease, a soft limit left at the old ratio would lie above the new hard
// limit, and the GC would not hold the heap back before the OOM killer
// strikes.
const MemoryLimitRefresh = 15 * time.Second

// SetMemoryLimit sets GOMEMLIMIT to ratio times the cgroup memory limit and
// logs the outcome, then reads the limit again every MemoryLimitRefresh and
// sets GOMEMLIMIT anew (logging it) when the limit changed, until stop is
// called. It leaves GOMEMLIMIT alone when that variable is set (not empty) in
// the environment, when the program set a limit itself before the call
// (debug.SetMemoryLimit: its explicit choice, which the cgroup's would
// replace, or remove where there is no cgroup limit) or when off is true
// (AUTOMEMLIMIT=off), and only logs when
// no limit can be found (no cgroup, or the cgroup files are not mounted): the
// service then runs without a soft memory limit, unless a later read finds
// one.
//
// ratio and off come from the validated configuration, which already applied
// AUTOMEMLIMIT; automemlimit reads that variable again by itself.
func SetMemoryLimit(logger *slog.Logger, ratio float64, off bool) (stop func()) {
	for _, name := range []string{"GOMEMLIMIT", "AUTOMEMLIMIT"} {
		if v, ok := os.LookupEnv(name); ok && v == "" {
			// Empty means unset, as for every variable of the service (and
			// for the runtime, which sets no limit for an empty GOMEMLIMIT),
			// but automemlimit would skip the cgroup limit for an empty
			// GOMEMLIMIT and fail to parse an empty AUTOMEMLIMIT.
			_ = os.Unsetenv(name)
		}
	}
	if v, ok := os.LookupEnv("GOMEMLIMIT"); ok {
		logger.Info("memory limit", "gomemlimit", v, "source", "GOMEMLIMIT environment variable")
		return func() {}
	}
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		logger.Info("memory limit", "gomemlimit", limit, "source", "set by the program (debug.SetMemoryLimit)")
		return func() {}
	}
	if off {
		logger.Info("memory limit", "gomemlimit", "none", "reason", "AUTOMEMLIMIT=off")
		return func() {}
	}
	ctx, cancel := context.WithCancel(context.Background())
	setMemoryLimit(ctx, logger, ratio, memlimit.FromCgroup, MemoryLimitRefresh)
	return cancel
}

// setMemoryLimit sets GOMEMLIMIT from provider's limit and ratio, and, when
// refresh is positive, sets it again every refresh until ctx is done.
func setMemoryLimit(ctx context.Context, logger *slog.Logger, ratio float64, provider memlimit.Provider, refresh time.Duration) {
	w := &limitWatch{logger: logger, ratio: ratio, provider: provider}
	limit, err := memlimit.Set(memlimit.WithRatio(ratio), memlimit.WithProvider(w.read), memlimit.WithRefreshInterval(ctx, refresh))
	switch {
	case errors.Is(err, memlimit.ErrNoCgroup), errors.Is(err, memlimit.ErrCgroupsNotSupported):
		logger.Info("memory limit", "gomemlimit", "none", "reason", err.Error())
	case err != nil:
		// The configuration validated the ratio, so this is the cgroup limit
		// that could not be read (e.g. cgroup files not mounted): not fatal.
		logger.Warn("memory limit", "gomemlimit", "none", "reason", "cannot read the cgroup memory limit: "+err.Error())
	case limit == math.MaxInt64:
		logger.Info("memory limit", "gomemlimit", "none", "reason", "cgroup has no memory limit")
	default:
		logger.Info("memory limit", "gomemlimit", limit, "ratio", ratio, "source", "cgroup")
	}
}

// limitWatch is the memory limit provider SetMemoryLimit gives automemlimit:
// it logs when a read finds another limit than the last one read (setMemoryLimit
// logs the first read). automemlimit makes the reads one after the other:
// the first in Set, the later ones in its refresh goroutine.
type limitWatch struct {
	logger   *slog.Logger
	ratio    float64
	provider memlimit.Provider

	started bool   // the first read was made
	known   bool   // a read found the limit (or that there is none)
	last    uint64 // the limit found last, 0 for none (memlimit.ErrNoLimit)
}

func (w *limitWatch) read() (uint64, error) {
	limit, err := w.provider()
	first := !w.started
	w.started = true
	current := limit
	switch {
	case errors.Is(err, memlimit.ErrNoLimit):
		current = 0
	case err != nil:
		// Not logged: the start logs why there is no limit, and a failed
		// refresh leaves GOMEMLIMIT as it is.
		return limit, err
	}
	if !first && (!w.known || current != w.last) {
		previous := any("unknown")
		switch {
		case w.known && w.last == 0:
			previous = "none"
		case w.known:
			previous = w.last
		}
		if current == 0 {
			w.logger.Info("memory limit changed", "gomemlimit", "none", "reason", "cgroup has no memory limit", "previous_cgroup_limit", previous)
		} else {
			w.logger.Info("memory limit changed", "gomemlimit", uint64(float64(current)*w.ratio), "ratio", w.ratio, "cgroup_limit", current, "previous_cgroup_limit", previous)
		}
	}
	w.known, w.last = true, current
	return limit, err
}
