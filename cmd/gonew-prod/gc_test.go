package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func TestTuneGC(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		percent int
		limit   int64
	}{
		{"default", nil, -1, gcMemoryLimit},
		{"GOGC set", map[string]string{"GOGC": "50"}, 100, math.MaxInt64},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "1GiB"}, 100, math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
			t.Cleanup(func() {
				debug.SetGCPercent(percent)
				debug.SetMemoryLimit(limit)
			})
			tuneGC(func(k string) string { return tt.env[k] })
			if got := debug.SetGCPercent(100); got != tt.percent {
				t.Errorf("GC percent %d, want %d", got, tt.percent)
			}
			if got := debug.SetMemoryLimit(-1); got != tt.limit {
				t.Errorf("memory limit %d, want %d", got, tt.limit)
			}
		})
	}
}

// TestTuneGCGivesCollectorBack checks that the first collection ends the run without a
// collector: a heap kept above the limit would otherwise be collected over and over.
func TestTuneGCGivesCollectorBack(t *testing.T) {
	percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	})
	tuneGC(func(string) string { return "" })
	samples := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}}
	metrics.Read(samples)
	if got := samples[0].Value.Uint64(); got == 100 {
		t.Fatalf("before a collection: GOGC %d, want off", got)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC() // the sentinel's finalizer is queued by the collection that frees it
		time.Sleep(10 * time.Millisecond)
		metrics.Read(samples)
		if samples[0].Value.Uint64() == 100 && samples[1].Value.Uint64() == math.MaxInt64 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after collections: GOGC %d, memory limit %d; want 100 and none", samples[0].Value.Uint64(), samples[1].Value.Uint64())
		}
	}
}
