// Package config loads the service configuration from environment variables
// and validates it at start.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Config is the validated service configuration, grouped by concern. Every
// field comes from one environment variable; README.md documents them all.
type Config struct {
	Log    Log
	HTTP   HTTP
	Memory Memory
}

// Log configures the logs written to standard output.
type Log struct {
	// Level is the minimum level of log records (LOG_LEVEL).
	Level slog.Level
	// FlushInterval is how long the access-log lines of requests answered
	// without a server error may wait in a buffer before they are written
	// (LOG_FLUSH_INTERVAL); 0 writes every line at once.
	FlushInterval time.Duration
}

// HTTP configures the public HTTP server and its graceful shutdown.
type HTTP struct {
	// Addr is the listen address (HTTP_ADDR).
	Addr string
	// ShutdownTimeout bounds the drain of in-flight requests
	// (SHUTDOWN_TIMEOUT), at most maxShutdownTimeout.
	ShutdownTimeout time.Duration
	// ShutdownDelay is the wait between failing readiness and draining, so
	// load balancers stop sending traffic first (SHUTDOWN_DELAY), at most
	// maxShutdownDelay.
	ShutdownDelay time.Duration
}

// maxShutdownDelay is the longest accepted SHUTDOWN_DELAY. Load balancers
// stop routing to a pod whose readiness fails within a few probe periods,
// seconds; every shutdown waits the delay in full, out of the pod's grace
// period (terminationGracePeriodSeconds, 30s by default), which the drain and
// the cleanups need too: past it the process is killed (SIGKILL).
const maxShutdownDelay = 30 * time.Second

// maxShutdownTimeout is the longest accepted SHUTDOWN_TIMEOUT. The drain
// only waits for the requests already running, and the pod's grace period
// must cover it with the delay and the cleanups; the cluster autoscaler gives
// a pod at most 10 minutes to stop when it removes a node
// (--max-graceful-termination-sec=600 by default) and kills it then, so
// maxShutdownDelay, this and the cleanups stay well within that.
const maxShutdownTimeout = 5 * time.Minute

// Memory configures the soft memory limit, GOMEMLIMIT.
type Memory struct {
	// LimitRatio is the fraction of the cgroup memory limit used as
	// GOMEMLIMIT (GOMEMLIMIT_RATIO).
	LimitRatio float64
	// LimitOff leaves GOMEMLIMIT unset (AUTOMEMLIMIT=off). AUTOMEMLIMIT,
	// automemlimit's own variable, otherwise overrides LimitRatio.
	LimitOff bool
}

// Load reads the configuration through lookup (os.LookupEnv in production).
// A variable that is unset or empty takes its default.
// The error lists every invalid variable with its value.
func Load(lookup func(string) (string, bool)) (Config, error) {
	l := loader{lookup: lookup}
	cfg := Config{
		Log: Log{
			Level:         l.level("LOG_LEVEL", slog.LevelInfo),
			FlushInterval: l.duration("LOG_FLUSH_INTERVAL", 100*time.Millisecond, true),
		},
		HTTP: HTTP{
			Addr:            l.addr("HTTP_ADDR", ":8080"),
			ShutdownTimeout: l.duration("SHUTDOWN_TIMEOUT", 30*time.Second, false),
			ShutdownDelay:   l.duration("SHUTDOWN_DELAY", 0, true),
		},
		Memory: l.memory(),
	}
	l.checkShutdown(cfg.HTTP)
	if err := errors.Join(l.errs...); err != nil {
		return Config{}, fmt.Errorf("invalid configuration: %w", err)
	}
	return cfg, nil
}

// checkShutdown refuses a SHUTDOWN_DELAY above maxShutdownDelay and a
// SHUTDOWN_TIMEOUT above maxShutdownTimeout: the service would hold every
// rollout that long before draining, or a hung request hold it that long
// while draining, and a shutdown that outlasts the grace period gets the
// process killed before it drains and flushes.
func (l *loader) checkShutdown(h HTTP) {
	if h.ShutdownDelay > maxShutdownDelay {
		v, _ := l.get("SHUTDOWN_DELAY")
		l.fail("SHUTDOWN_DELAY", v, fmt.Sprintf("want at most %v: load balancers stop routing to a pod whose readiness fails within a few probe periods, and every shutdown waits the delay in full, so a longer one only holds rollouts, and it counts against the pod's grace period (terminationGracePeriodSeconds, 30s by default), past which the process is killed before it drains",
			durationText(maxShutdownDelay)))
	}
	if h.ShutdownTimeout > maxShutdownTimeout {
		v, _ := l.get("SHUTDOWN_TIMEOUT")
		l.fail("SHUTDOWN_TIMEOUT", v, fmt.Sprintf("want at most %v: the drain only waits for the requests already running, and the pod's grace period (terminationGracePeriodSeconds) must cover SHUTDOWN_DELAY, SHUTDOWN_TIMEOUT and the cleanups, while the cluster autoscaler gives a pod at most 10 minutes to stop when it removes a node (--max-graceful-termination-sec=600 by default) and kills it then, before it drains",
			durationText(maxShutdownTimeout)))
	}
}

// durationText writes d as the README does, without the zero units that
// time.Duration's String ends with: 5m, not 5m0s; 1h, not 1h0m0s.
func durationText(d time.Duration) string {
	s := d.String()
	if m, ok := strings.CutSuffix(s, "m0s"); ok {
		s = m + "m"
	}
	if h, ok := strings.CutSuffix(s, "h0m"); ok {
		s = h + "h"
	}
	return s
}

// memory reads GOMEMLIMIT_RATIO and AUTOMEMLIMIT. automemlimit reads
// AUTOMEMLIMIT itself and, on a value it cannot parse, leaves the service
// without a memory limit: it is rejected here.
func (l *loader) memory() Memory {
	m := Memory{LimitRatio: l.ratio("GOMEMLIMIT_RATIO", 0.9)}
	v, ok := l.get("AUTOMEMLIMIT")
	if !ok {
		return m
	}
	if v == "off" {
		m.LimitOff = true
		return m
	}
	r, ok := parseRatio(v)
	if !ok {
		l.fail("AUTOMEMLIMIT", v, "want off or a number greater than 0 and at most 1")
		return m
	}
	m.LimitRatio = r
	return m
}

// loader parses variables and collects one error per invalid variable.
type loader struct {
	lookup func(string) (string, bool)
	errs   []error
}

func (l *loader) get(name string) (string, bool) {
	v, ok := l.lookup(name)
	return v, ok && v != ""
}

func (l *loader) fail(name, value, reason string) {
	l.errs = append(l.errs, fmt.Errorf("%s=%q: %s", name, value, reason))
}

// addr accepts host:port with a port from 1 to 65535; port 0 (any free
// port) would leave the healthcheck and the probes without an address. The
// host is empty (every address), an IP address or a host name. An invalid
// value gives "", not def: no later check may report a problem of a default
// the variable does not hold.
func (l *loader) addr(name, def string) string {
	v, ok := l.get(name)
	if !ok {
		return def
	}
	host, port, err := net.SplitHostPort(v)
	if err != nil {
		l.fail(name, v, "want host:port, e.g. :8080")
		return ""
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 {
		l.fail(name, v, "port must be a number from 1 to 65535")
		return ""
	}
	if host != "" && !validHost(host) {
		l.fail(name, v, fmt.Sprintf("host %q is neither an IP address nor a host name", host))
		return ""
	}
	return v
}

// validHost reports whether host is an IP address or a DNS host name
// (letters, digits and inner hyphens in dot-separated labels, not all digits,
// which would be a malformed IPv4 address).
func validHost(host string) bool {
	if _, err := netip.ParseAddr(host); err == nil { // zones (fe80::1%eth0) included
		return true
	}
	if len(host) > 253 {
		return false
	}
	digitsOnly := true
	for label := range strings.SplitSeq(strings.TrimSuffix(host, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			switch {
			case c >= '0' && c <= '9':
			case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '-':
				digitsOnly = false
			default:
				return false
			}
		}
	}
	return !digitsOnly
}

func (l *loader) level(name string, def slog.Level) slog.Level {
	v, ok := l.get(name)
	if !ok {
		return def
	}
	switch strings.ToLower(v) {
	case "debug":
		return slog.LevelDebug
	case "info":
		return slog.LevelInfo
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	l.fail(name, v, "want debug, info, warn or error")
	return def
}

func (l *loader) duration(name string, def time.Duration, zeroOK bool) time.Duration {
	v, ok := l.get(name)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(v)
	switch {
	case err != nil:
		l.fail(name, v, "want a duration, e.g. 30s or 1m")
	case d < 0 && zeroOK:
		l.fail(name, v, "must not be negative")
	case d <= 0 && !zeroOK:
		l.fail(name, v, "must be positive")
	default:
		return d
	}
	return def
}

func (l *loader) ratio(name string, def float64) float64 {
	v, ok := l.get(name)
	if !ok {
		return def
	}
	r, ok := parseRatio(v)
	if !ok {
		l.fail(name, v, "want a number greater than 0 and at most 1")
		return def
	}
	return r
}

// parseRatio parses v as a number greater than 0 and at most 1.
func parseRatio(v string) (float64, bool) {
	r, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(r) || r <= 0 || r > 1 {
		return 0, false
	}
	return r, true
}
