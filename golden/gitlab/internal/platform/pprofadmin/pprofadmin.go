// Package pprofadmin serves net/http/pprof on the admin listener, behind a
// bearer token, with capped profile durations, one profile at a time and an
// optional archive of the served profiles.
//
// Profiling must not push a saturated process over the edge: when the
// process's CPU use, as reported by a [CPUMeter] (in production a
// [ProcessMeter]), is above the configured ceiling, CPU profiles and
// execution traces, which cost CPU for their whole duration, are refused
// with 503 and Retry-After. Heap, goroutine and the other snapshot profiles
// are still served: they are what explains a busy process. Every decision
// is logged.
//
// The handler is built on its own ServeMux: nothing here uses
// http.DefaultServeMux, on which importing net/http/pprof registers its
// handlers, so never serve the default mux (a nil http.Server.Handler).
// Serve the handler only on the admin listener, never on the public one,
// with a write timeout of at least [Handler.WriteTimeout].
package pprofadmin

import (
	"cmp"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	rpprof "runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Defaults applied to zero fields of [Config].
const (
	DefaultMaxSeconds  = 30
	DefaultArchiveKeep = 10
	DefaultCPUCeiling  = 0.85
)

// MaxMaxSeconds is the largest accepted [Config.MaxSeconds], a day: a profile
// holds the one profile slot, and its connection, for its whole duration, so
// a longer one would leave the service without profiles that long; and far
// larger values would overflow the write timeout (see [Handler.WriteTimeout]).
const MaxMaxSeconds = 24 * 60 * 60

// cpuRetryAfter is the Retry-After, in seconds, of a profile refused for CPU
// use: longer than a ProcessMeter's default window, so the next attempt sees
// new measurements.
const cpuRetryAfter = 10

// wrongTokenInterval is how often a request with a wrong token is logged at
// most: a scanner trying tokens would otherwise write a warning per request.
// How many were not logged is told by the next warning, or at the end of the
// interval when none came, or by FlushWarnings when the service stops first.
const wrongTokenInterval = time.Minute

// MinTokenLength is the shortest accepted bearer token.
const MinTokenLength = 16

// prefix is the path under which net/http/pprof serves its profiles.
const prefix = "/debug/pprof/"

// archiveLayout is the UTC time in archived file names, for example
// cpu-20060102T150405.000Z.pb.gz.
const archiveLayout = "20060102T150405.000Z"

// Config configures the pprof handler.
type Config struct {
	// Token is the bearer token every request must carry, at least
	// MinTokenLength characters.
	Token string
	// MaxSeconds caps the duration of CPU profiles, traces and delta
	// profiles (default 30, at most MaxMaxSeconds).
	MaxSeconds int
	// ArchiveDir, when set, receives a copy of every served profile.
	ArchiveDir string
	// ArchiveKeep is how many archived profiles are kept; older ones are
	// removed (default 10).
	ArchiveKeep int
	// CPUCeiling is the CPU use, as a fraction of the CPUs the process can
	// use (see CPUMeter), above which CPU profiles and traces are refused
	// (default 0.85; at most 1).
	CPUCeiling float64
}

// CPUMeter reports the process's recent CPU use as a fraction of the CPUs
// it can use (GOMAXPROCS, or its cgroup CPU limit when lower): 0 is idle, 1
// is saturated.
type CPUMeter interface {
	Utilization() float64
}

// validate reports whether c can be served.
func (c Config) validate() error {
	switch {
	case c.Token == "":
		return errors.New("pprof token is required")
	case utf8.RuneCountInString(c.Token) < MinTokenLength:
		return fmt.Errorf("pprof token must be at least %d characters", MinTokenLength)
	case c.MaxSeconds < 0:
		return fmt.Errorf("pprof max seconds must not be negative, got %d", c.MaxSeconds)
	case c.MaxSeconds > MaxMaxSeconds:
		return fmt.Errorf("pprof max seconds must be at most %d (a day), got %d", MaxMaxSeconds, c.MaxSeconds)
	case c.ArchiveKeep < 0:
		return fmt.Errorf("pprof archive keep must not be negative, got %d", c.ArchiveKeep)
	case math.IsNaN(c.CPUCeiling) || c.CPUCeiling < 0 || c.CPUCeiling > 1:
		return fmt.Errorf("pprof cpu ceiling must be greater than 0 and at most 1, got %v", c.CPUCeiling)
	}
	return nil
}

// Handler serves pprof. Create it with [New].
type Handler struct {
	mux        *http.ServeMux
	logger     *slog.Logger
	tokenSum   [sha256.Size]byte
	maxSeconds int
	archiveDir string
	keep       int
	meter      CPUMeter
	ceiling    float64
	busy       chan struct{} // holds a value while a profile is served
	now        func() time.Time
	wrongToken *limitedLog // the warnings of requests with a wrong token
}

// New returns the pprof handler for cfg, or an error when cfg is invalid (no
// token or a short one, negative limits, MaxSeconds above MaxMaxSeconds, a
// CPU ceiling outside (0, 1]). CPU profiles and traces are refused while
// meter reports a use above cfg.CPUCeiling.
func New(cfg Config, meter CPUMeter, logger *slog.Logger) (*Handler, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if meter == nil {
		return nil, errors.New("pprof needs a cpu meter")
	}
	h := &Handler{
		mux:        http.NewServeMux(),
		logger:     logger,
		tokenSum:   sha256.Sum256([]byte(cfg.Token)),
		maxSeconds: cmp.Or(cfg.MaxSeconds, DefaultMaxSeconds),
		archiveDir: cfg.ArchiveDir,
		keep:       cmp.Or(cfg.ArchiveKeep, DefaultArchiveKeep),
		meter:      meter,
		ceiling:    cmp.Or(cfg.CPUCeiling, DefaultCPUCeiling),
		busy:       make(chan struct{}, 1),
		now:        time.Now,
	}
	h.wrongToken = &limitedLog{
		interval: wrongTokenInterval,
		after:    func(d time.Duration, f func()) { time.AfterFunc(d, f) },
		report: func(suppressed int) {
			h.logger.Warn("pprof requests with a wrong token not logged", "suppressed", suppressed)
		},
	}
	h.mux.HandleFunc(prefix, h.index)
	h.mux.HandleFunc(prefix+"cmdline", pprof.Cmdline)
	h.mux.HandleFunc(prefix+"symbol", pprof.Symbol)
	h.mux.Handle(prefix+"profile", h.profile("cpu", pprof.Profile))
	h.mux.Handle(prefix+"trace", h.profile("trace", pprof.Trace))
	return h, nil
}

// FlushWarnings logs now how many requests with a wrong token were not
// logged since the last warning, which a warning at the end of their minute
// would tell: call it when the service stops, once the server serving h has
// drained, or the count ends with the process. A timer set for that minute's
// end then finds nothing left to tell.
func (h *Handler) FlushWarnings() {
	h.wrongToken.flush()
}

// WriteTimeout returns the write timeout of a server serving h: profiles
// stream for up to the maximum duration, and net/http/pprof refuses durations
// that reach the server's write timeout.
func (h *Handler) WriteTimeout() time.Duration {
	return time.Duration(h.maxSeconds)*time.Second + 30*time.Second
}

// ServeHTTP checks the bearer token, sent as "Bearer" (in any case), one or
// more spaces and the token, and serves the request. A path with an
// escaped character is answered 404 after the token check: the ServeMux and
// net/http/pprof decode it, so /debug/pprof/%70rofile would be the CPU
// profile (behind the same token, ceiling and cap) while a proxy in front
// that allows or denies profiles by path reads another path. No profile's
// path needs an escape. A method the path does not answer (see methods) is
// 405 with Allow, after the token check too; /debug/pprof answers as the
// index does, a GET or HEAD with the ServeMux's redirect to /debug/pprof/.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimLeft(token, " ") // RFC 6750: "Bearer" 1*SP b64token
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="pprof"`)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	sum := sha256.Sum256([]byte(token)) // equal lengths: the compare leaks nothing
	if subtle.ConstantTimeCompare(sum[:], h.tokenSum[:]) != 1 {
		if logged, suppressed := h.wrongToken.next(h.now()); logged {
			attrs := []any{"remote_addr", r.RemoteAddr, "path", r.URL.Path}
			if suppressed > 0 {
				attrs = append(attrs, "suppressed", suppressed)
			}
			h.logger.WarnContext(r.Context(), "pprof request with a wrong token", attrs...)
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="pprof", error="invalid_token"`)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	if r.URL.EscapedPath() != r.URL.Path {
		h.logger.WarnContext(r.Context(), "pprof request with an escaped path refused", "remote_addr", r.RemoteAddr, "path", r.URL.EscapedPath())
		http.NotFound(w, r)
		return
	}
	// /debug/pprof, which the ServeMux redirects to the index, follows the
	// index's rule: the redirect is for a GET or HEAD only.
	if name, below := strings.CutPrefix(r.URL.Path, prefix); below || r.URL.Path+"/" == prefix {
		if allowed := methods(name); !slices.Contains(allowed, r.Method) {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
	}
	h.mux.ServeHTTP(w, r)
}

// methods returns the methods the path below /debug/pprof/ named name
// answers. The rule: every path answers GET and HEAD, the methods that read,
// except a profile (the CPU profile, the trace and the runtime profiles such
// as heap), which answers GET only: a HEAD would record the whole profile, a
// CPU profile for its full duration, and archive it, to send no body; and
// symbol also answers POST, with which go tool pprof sends the addresses it
// symbolizes. Any other method is 405: a POST elsewhere too, since
// net/http/pprof would read seconds from its body before the query that
// capSeconds limits.
func methods(name string) []string {
	switch {
	case name == "profile", name == "trace", rpprof.Lookup(name) != nil:
		return []string{http.MethodGet}
	case name == "symbol":
		return []string{http.MethodGet, http.MethodHead, http.MethodPost}
	}
	return []string{http.MethodGet, http.MethodHead}
}

// limitedLog decides which of a run of events is logged: the first, then at
// most one per interval, which tells how many were left out since the one
// logged before it. The events left out of an interval that no event logged
// follows in time, a burst and then silence, are told by report when the
// interval ends. It is safe for concurrent use.
type limitedLog struct {
	interval time.Duration
	after    func(time.Duration, func()) // calls a func after a duration: time.AfterFunc
	report   func(suppressed int)        // tells the events left out of an interval at its end

	mu         sync.Mutex
	last       time.Time // when the last event logged came; zero before the first
	suppressed int       // events left out since then
	waiting    bool      // a call of windowEnded is due
}

// next reports whether the event that comes at now is logged and, when it
// is, how many were left out before it. The first event left out of an
// interval sets a timer for its end.
func (l *limitedLog) next(now time.Time) (logged bool, suppressed int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.last.IsZero() && now.Sub(l.last) < l.interval {
		l.suppressed++
		if !l.waiting {
			l.waiting = true
			l.waitFor(l.last, l.interval-now.Sub(l.last))
		}
		return false, 0
	}
	l.last, suppressed, l.suppressed = now, l.suppressed, 0
	return true, suppressed
}

// waitFor calls windowEnded for the interval that began at start after d,
// when it ends. l.mu is held.
func (l *limitedLog) waitFor(start time.Time, d time.Duration) {
	l.after(d, func() { l.windowEnded(start) })
}

// windowEnded reports the events left out of the interval that began at
// start, which has just ended. When an event logged since began another
// interval, it told them; those left out of that one wait for its end, which
// is as much later as it began after start.
func (l *limitedLog) windowEnded(start time.Time) {
	l.mu.Lock()
	if !l.last.Equal(start) && l.suppressed > 0 {
		l.waitFor(l.last, l.last.Sub(start))
		l.mu.Unlock()
		return
	}
	suppressed := l.suppressed
	l.suppressed, l.waiting = 0, false
	l.mu.Unlock()
	if suppressed > 0 {
		l.report(suppressed)
	}
}

// flush reports the events left out since the last one logged now, not at
// the end of their interval.
func (l *limitedLog) flush() {
	l.mu.Lock()
	suppressed := l.suppressed
	l.suppressed = 0
	l.mu.Unlock()
	if suppressed > 0 {
		l.report(suppressed)
	}
}

// index serves the profile list and the named runtime profiles (heap,
// goroutine, allocs...), which pprof.Index serves under the same prefix.
func (h *Handler) index(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, prefix)
	if name == "" || rpprof.Lookup(name) == nil {
		pprof.Index(w, r)
		return
	}
	h.profile(name, pprof.Index).ServeHTTP(w, r)
}

// defaultSeconds are the durations net/http/pprof uses when the seconds
// parameter is missing or invalid.
func defaultSeconds(kind string) (int, bool) {
	switch kind {
	case "cpu":
		return 30, true
	case "trace":
		return 1, true
	}
	return 0, false
}

// costsCPU reports whether serving a profile of the given kind costs CPU for
// its whole duration: the CPU profile and the execution trace do, snapshot
// profiles such as heap or goroutine do not.
func costsCPU(kind string) bool {
	return kind == "cpu" || kind == "trace"
}

// profile wraps a profile handler of the given kind: refused while the CPU
// is busy when the profile itself costs CPU, one profile at a time, the
// duration capped, the result archived.
func (h *Handler) profile(kind string, next http.HandlerFunc) http.Handler {
	cpuBound := costsCPU(kind)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// ServeHTTP let only a GET through (see methods).
		attrs := []any{"kind", kind, "remote_addr", r.RemoteAddr}
		if cpuBound {
			used := h.meter.Utilization()
			attrs = append(attrs, "cpu_utilization", used, "cpu_ceiling", h.ceiling)
			if used > h.ceiling {
				h.logger.WarnContext(r.Context(), "pprof profile refused: cpu use above the ceiling", attrs...)
				w.Header().Set("Retry-After", strconv.Itoa(cpuRetryAfter))
				http.Error(w, "cpu use is above the profiling ceiling, retry later", http.StatusServiceUnavailable)
				return
			}
		}
		select {
		case h.busy <- struct{}{}:
			defer func() { <-h.busy }()
		default:
			w.Header().Set("Retry-After", strconv.Itoa(h.maxSeconds))
			http.Error(w, "another profile is in progress", http.StatusTooManyRequests)
			return
		}
		r = h.capSeconds(r, kind)
		h.logger.InfoContext(r.Context(), "serving pprof profile",
			append(attrs, "seconds", r.URL.Query().Get("seconds"))...)
		if h.archiveDir == "" || !archivable(r, kind) {
			next(w, r)
			return
		}
		h.serveArchived(w, r, kind, next)
	})
}

// capSeconds returns r with the seconds parameter limited to the maximum.
// It parses seconds as net/http/pprof does (an integer for the CPU profile
// and delta profiles, a number for the trace) so that no value it would
// read differently slips past the cap. For the CPU profile and the trace it
// always sets seconds explicitly: a missing or invalid value, for which
// net/http/pprof would fall back to its own default, becomes that default
// limited to the maximum.
func (h *Handler) capSeconds(r *http.Request, kind string) *http.Request {
	q := r.URL.Query()
	raw := q.Get("seconds")
	def, hasDefault := defaultSeconds(kind)
	var sec string
	if kind == "trace" {
		f, err := strconv.ParseFloat(raw, 64)
		switch {
		case err != nil || !(f > 0): // also NaN
			sec = strconv.Itoa(min(def, h.maxSeconds))
		case f > float64(h.maxSeconds):
			sec = strconv.Itoa(h.maxSeconds)
		default:
			sec = strconv.FormatFloat(f, 'f', -1, 64)
		}
	} else {
		n, err := strconv.ParseInt(raw, 10, 64)
		switch {
		case (err != nil || n <= 0) && hasDefault:
			sec = strconv.Itoa(min(def, h.maxSeconds))
		case err != nil || n <= 0:
			// A delta profile: net/http/pprof serves a snapshot when
			// seconds is missing and refuses an invalid value itself.
			return r
		case n > int64(h.maxSeconds):
			sec = strconv.Itoa(h.maxSeconds)
		default:
			sec = strconv.FormatInt(n, 10)
		}
	}
	if sec == raw {
		return r
	}
	q.Set("seconds", sec)
	capped := r.Clone(r.Context())
	capped.URL.RawQuery = q.Encode()
	return capped
}

// archivable reports whether r asks for a binary profile (not debug text)
// whose kind can be part of a file name. It reads debug as net/http/pprof
// does: the CPU profile and the trace ignore it and are always binary; the
// named profiles are text when strconv.Atoi reads anything but 0, so "00",
// "-0" and a value Atoi refuses (which gives 0) are binary too.
func archivable(r *http.Request, kind string) bool {
	if strings.ContainsAny(kind, `/\`) {
		return false
	}
	if kind == "cpu" || kind == "trace" {
		return true
	}
	debug, _ := strconv.Atoi(r.FormValue("debug")) // a GET: the query only
	return debug == 0
}

// serveArchived serves the profile and tees it into the archive directory.
// The archive never fails the response: its errors are logged.
func (h *Handler) serveArchived(w http.ResponseWriter, r *http.Request, kind string, next http.HandlerFunc) {
	tmp, err := os.CreateTemp(h.archiveDir, ".pprof-*")
	if err != nil {
		h.logger.ErrorContext(r.Context(), "pprof archive failed", "error", err)
		next(w, r)
		return
	}
	tw := &teeWriter{ResponseWriter: w, file: tmp}
	next(tw, r)

	err = errors.Join(tw.err, tmp.Close())
	if tw.status != http.StatusOK || err != nil {
		if rmErr := os.Remove(tmp.Name()); rmErr != nil {
			err = errors.Join(err, rmErr)
		}
		if err != nil {
			h.logger.ErrorContext(r.Context(), "pprof archive failed", "error", err)
		}
		return
	}
	ext := ".pb.gz"
	if kind == "trace" {
		ext = ".trace"
	}
	name := filepath.Join(h.archiveDir, kind+"-"+h.now().UTC().Format(archiveLayout)+ext)
	// kind is a runtime profile name without path separators (see archivable).
	if err := os.Rename(tmp.Name(), name); err != nil { //nolint:gosec // name stays in archiveDir
		h.logger.ErrorContext(r.Context(), "pprof archive failed", "error", err)
		return
	}
	h.logger.InfoContext(r.Context(), "pprof profile archived", "file", name)
	if err := h.prune(); err != nil {
		h.logger.ErrorContext(r.Context(), "pprof archive cleanup failed", "error", err)
	}
}

// prune removes the oldest archived profiles beyond the retention count.
// Files whose names were not written by the archive are left alone.
func (h *Handler) prune() error {
	entries, err := os.ReadDir(h.archiveDir)
	if err != nil {
		return fmt.Errorf("read archive dir: %w", err)
	}
	type archived struct{ stamp, name string }
	var files []archived
	for _, e := range entries {
		if stamp, ok := archiveStamp(e.Name()); ok && e.Type().IsRegular() {
			files = append(files, archived{stamp, e.Name()})
		}
	}
	if len(files) <= h.keep {
		return nil
	}
	slices.SortFunc(files, func(a, b archived) int {
		return cmp.Or(strings.Compare(a.stamp, b.stamp), strings.Compare(a.name, b.name))
	})
	var errs []error
	for _, f := range files[:len(files)-h.keep] {
		if err := os.Remove(filepath.Join(h.archiveDir, f.name)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// archiveStamp returns the time stamp of an archived profile's file name,
// KIND-STAMP.pb.gz or KIND-STAMP.trace.
func archiveStamp(name string) (string, bool) {
	rest, ok := strings.CutSuffix(name, ".pb.gz")
	if !ok {
		rest, ok = strings.CutSuffix(name, ".trace")
	}
	if !ok || len(rest) < len(archiveLayout)+2 {
		return "", false
	}
	stamp := rest[len(rest)-len(archiveLayout):]
	if rest[len(rest)-len(archiveLayout)-1] != '-' {
		return "", false
	}
	if _, err := time.Parse(archiveLayout, stamp); err != nil {
		return "", false
	}
	return stamp, true
}

// teeWriter copies a response body into a file and records the status.
type teeWriter struct {
	http.ResponseWriter
	file   *os.File
	status int
	err    error // first error writing the file
}

func (w *teeWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *teeWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.err == nil {
		_, w.err = w.file.Write(p)
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *teeWriter) Unwrap() http.ResponseWriter {
	return w.ResponseWriter
}
