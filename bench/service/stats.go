//go:build linux

package main

import (
	"fmt"
	"slices"
	"time"
)

// percentile returns the p-th percentile (0 < p ≤ 100) of sorted by the nearest-rank
// method, or the zero value for an empty slice.
func percentile[T any](sorted []T, p float64) T {
	if len(sorted) == 0 {
		var zero T
		return zero
	}
	rank := int(float64(len(sorted))*p/100+0.999999999) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

// durations summarises a sample of durations.
type durations struct {
	n                  int
	min, p50, p90, max time.Duration
}

func summarize(sample []time.Duration) durations {
	s := slices.Clone(sample)
	slices.Sort(s)
	if len(s) == 0 {
		return durations{}
	}
	return durations{n: len(s), min: s[0], p50: percentile(s, 50), p90: percentile(s, 90), max: s[len(s)-1]}
}

// ms formats d in milliseconds with a precision that suits its size.
func ms(d time.Duration) string {
	f := float64(d) / float64(time.Millisecond)
	if f < 10 {
		return fmt.Sprintf("%.2f ms", f)
	}
	return fmt.Sprintf("%.1f ms", f)
}

// mb formats bytes in MB (10^6 bytes, the stricter reading of the targets).
func mb(bytes int64) string {
	return fmt.Sprintf("%.1f MB", float64(bytes)/1e6)
}

// medianRatios returns the median throughput ratio and the median CPU ratio of rounds:
// each round compared with the bare run just before it, so that a burst of other work
// on the machine weighs on one round, not on the figure.
func medianRatios(rounds []roundRatio) (rps, cpu float64) {
	var r, c []float64
	for _, x := range rounds {
		r = append(r, x.rps)
		if x.cpu > 0 {
			c = append(c, x.cpu)
		}
	}
	return median(r), median(c)
}

// median returns the median of xs (the mean of the middle two for an even count), or
// 0 for none.
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	switch n := len(s); {
	case n == 0:
		return 0
	case n%2 == 1:
		return s[n/2]
	default:
		return (s[n/2-1] + s[n/2]) / 2
	}
}
