package pprofadmin

import (
	"context"
	"runtime"
	"sync"
	"time"
)

// DefaultCPUWindow is the span over which a ProcessMeter measures CPU use.
const DefaultCPUWindow = 5 * time.Second

// cpuSamplesPerWindow is how many samples a ProcessMeter takes per window.
const cpuSamplesPerWindow = 5

// ProcessMeter is the CPUMeter of the running process: it measures the
// process's user and system CPU time (getrusage) against the wall time over
// the last window, divided by the current GOMAXPROCS. Start its sampling
// with Run. Where the process CPU time is not available (not a Unix
// system), it always reports 0. Its methods are safe for concurrent use.
type ProcessMeter struct {
	window   time.Duration
	interval time.Duration
	cpuTime  func() (time.Duration, error)

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
	m := &ProcessMeter{window: window, interval: window / cpuSamplesPerWindow, cpuTime: processCPUTime}
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
// as a fraction of GOMAXPROCS: about the last window once Run has sampled
// for a window, the time since NewProcessMeter before. It can exceed 1
// briefly, as threads outside GOMAXPROCS (system calls, cgo) use CPU too.
func (m *ProcessMeter) Utilization() float64 {
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
	return float64(cpu-oldest.cpu) / float64(wall) / float64(runtime.GOMAXPROCS(0))
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
