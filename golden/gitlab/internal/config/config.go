// Package config loads the service configuration from environment variables
// and validates it at start.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"net"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gitlab.example.com/platform/payments-api/internal/platform/httpserver"
	"gitlab.example.com/platform/payments-api/internal/platform/pprofadmin"
)

// Config is the validated service configuration, grouped by concern. Every
// field comes from one environment variable; README.md documents them all.
type Config struct {
	Log      Log
	HTTP     HTTP
	Memory   Memory
	Outbound Outbound
	OTel     OTel
	TLS      TLS
	Admin    Admin
	PProf    PProf
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

// Outbound configures the calls to the downstream service.
type Outbound struct {
	// DownstreamURL is the base URL of the service that
	// GET /v1/downstream/version calls (DOWNSTREAM_URL); the route exists
	// only when it is set.
	DownstreamURL string
	// Timeout bounds each outbound call (OUTBOUND_TIMEOUT); an incoming
	// request's earlier deadline wins.
	Timeout time.Duration
	// TLSCertFile and TLSKeyFile are the client certificate and key
	// presented to an https downstream (OUTBOUND_TLS_CERT_FILE,
	// OUTBOUND_TLS_KEY_FILE), by default the server's pair.
	TLSCertFile string
	TLSKeyFile  string
	// TLSCAFiles are PEM files of the CAs that verify the downstream's
	// certificate (OUTBOUND_TLS_CA_FILES, comma-separated); the system roots
	// when empty.
	TLSCAFiles []string
}

// UsesTLS reports whether calls to DownstreamURL use TLS, by the parsed
// scheme: url.Parse lowercases it, so HTTPS:// counts too.
func (o Outbound) UsesTLS() bool {
	u, err := url.Parse(o.DownstreamURL)
	return o.DownstreamURL != "" && err == nil && u.Scheme == "https"
}

// OTel chooses the OpenTelemetry exporters. The OTLP exporters read their
// other settings (OTEL_EXPORTER_OTLP_*) themselves.
type OTel struct {
	// TracesExporter is otlp, console or none (OTEL_TRACES_EXPORTER). Unset,
	// it is otlp when OTEL_EXPORTER_OTLP_ENDPOINT or
	// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set, none otherwise.
	TracesExporter string
	// MetricsExporter is the same for metrics (OTEL_METRICS_EXPORTER,
	// OTEL_EXPORTER_OTLP_METRICS_ENDPOINT).
	MetricsExporter string
}

// TLS configures HTTPS and mutual TLS of the public server, and the
// healthcheck subcommand that probes it.
type TLS struct {
	// CertFile and KeyFile are the PEM server certificate (chain) and key
	// (TLS_CERT_FILE, TLS_KEY_FILE). Set both to serve HTTPS; when both are
	// empty the server speaks plain HTTP.
	CertFile string
	KeyFile  string
	// ClientCAFiles are PEM files of the CAs whose client certificates are
	// accepted (TLS_CLIENT_CA_FILES, comma-separated). When set, every
	// client must present one.
	ClientCAFiles []string
	// ReloadInterval is how often the files are checked for changes
	// (TLS_RELOAD_INTERVAL).
	ReloadInterval time.Duration
	// ExpiryWarn is how long before expiry a certificate is reported
	// (TLS_EXPIRY_WARN).
	ExpiryWarn time.Duration
	// ExpiryWebhookURL receives a JSON POST for each expiring certificate
	// (TLS_EXPIRY_WEBHOOK_URL).
	ExpiryWebhookURL string
	// HealthcheckCAFile is the CA bundle with which the healthcheck
	// subcommand verifies the server certificate; empty means the system
	// roots (HEALTHCHECK_CA_FILE).
	HealthcheckCAFile string
	// HealthcheckCertFile and HealthcheckKeyFile are the client certificate
	// the healthcheck subcommand presents, needed when ClientCAFiles is set
	// (HEALTHCHECK_CERT_FILE, HEALTHCHECK_KEY_FILE).
	HealthcheckCertFile string
	HealthcheckKeyFile  string
}

// Enabled reports whether the server serves HTTPS.
func (t TLS) Enabled() bool {
	return t.CertFile != ""
}

// minTLSReloadInterval is the shortest accepted TLS_RELOAD_INTERVAL.
const minTLSReloadInterval = time.Second

// Admin configures the admin listener, which serves pprof.
type Admin struct {
	// Addr is the listen address (ADMIN_ADDR). Keep it on a loopback
	// address.
	Addr string
}

// Loopback reports whether Addr listens on loopback only: its host is
// "localhost" or a loopback IP. An empty host, a wildcard or any other
// address or name makes the admin listener reachable from the network.
func (a Admin) Loopback() bool {
	host, _, err := net.SplitHostPort(a.Addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// PProf configures the profiles served on the admin listener.
type PProf struct {
	// Enabled starts the admin server with pprof (PPROF_ENABLED).
	Enabled bool
	// Token is the bearer token of pprof requests (PPROF_TOKEN), required
	// when Enabled is set.
	Token string
	// MaxSeconds caps the duration of CPU profiles and traces
	// (PPROF_MAX_SECONDS), at most pprofadmin.MaxMaxSeconds.
	MaxSeconds int
	// ArchiveDir, when set, receives a copy of every served profile
	// (PPROF_ARCHIVE_DIR).
	ArchiveDir string
	// ArchiveKeep is how many archived profiles are kept
	// (PPROF_ARCHIVE_KEEP).
	ArchiveKeep int
	// CPUCeiling is the CPU use, as a fraction of the CPUs the process can
	// use (GOMAXPROCS, or the cgroup CPU limit when lower), above which CPU
	// profiles and traces are refused with 503 (PPROF_CPU_CEILING).
	CPUCeiling float64
}

// minPProfTokenLength is the shortest accepted PPROF_TOKEN, in characters.
const minPProfTokenLength = 16

// Load reads the configuration through lookup (os.LookupEnv in production).
// A variable that is unset or empty takes its default, except the TLS
// variables that turn a protection on, which must not be set to the empty
// string (see guarded).
// The error lists every invalid variable with its value.
// Load reads no file: whether the service can write in PPROF_ARCHIVE_DIR is
// for the serving process to check (PProf.CheckArchiveDir), since the
// healthcheck subcommand loads the same configuration.
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
		Outbound: Outbound{
			DownstreamURL: l.baseURL("DOWNSTREAM_URL"),
			Timeout:       l.duration("OUTBOUND_TIMEOUT", 2*time.Second, false),
			TLSCertFile:   l.str("OUTBOUND_TLS_CERT_FILE"),
			TLSKeyFile:    l.str("OUTBOUND_TLS_KEY_FILE"),
			TLSCAFiles:    l.list("OUTBOUND_TLS_CA_FILES", "unset it to verify the downstream against the system roots"),
		},
		OTel: l.otel(),
		TLS: TLS{
			CertFile:            l.guarded("TLS_CERT_FILE", plainHTTP),
			KeyFile:             l.guarded("TLS_KEY_FILE", plainHTTP),
			ClientCAFiles:       l.list("TLS_CLIENT_CA_FILES", "unset it to serve without client certificates"),
			ReloadInterval:      l.duration("TLS_RELOAD_INTERVAL", 30*time.Second, false),
			ExpiryWarn:          l.duration("TLS_EXPIRY_WARN", 336*time.Hour, false),
			ExpiryWebhookURL:    l.secretURL("TLS_EXPIRY_WEBHOOK_URL"),
			HealthcheckCAFile:   l.str("HEALTHCHECK_CA_FILE"),
			HealthcheckCertFile: l.str("HEALTHCHECK_CERT_FILE"),
			HealthcheckKeyFile:  l.str("HEALTHCHECK_KEY_FILE"),
		},
		Admin: Admin{Addr: l.addr("ADMIN_ADDR", "127.0.0.1:6060")},
		PProf: PProf{
			Enabled:     l.boolean("PPROF_ENABLED", false),
			Token:       l.str("PPROF_TOKEN"),
			MaxSeconds:  l.positive("PPROF_MAX_SECONDS", 30),
			ArchiveDir:  l.str("PPROF_ARCHIVE_DIR"),
			ArchiveKeep: l.positive("PPROF_ARCHIVE_KEEP", 10),
			CPUCeiling:  l.ratio("PPROF_CPU_CEILING", 0.85),
		},
	}
	l.checkShutdown(cfg.HTTP)
	l.checkTLS(&cfg.TLS)
	l.checkOutboundTLS(&cfg.Outbound, cfg.TLS)
	l.checkOutboundTimeout(cfg.Outbound.Timeout)
	l.checkOTLPEndpoints()
	l.checkOTLPHeaders()
	l.checkResourceAttributes()
	l.checkOTLPClientCerts()
	l.checkOTelNumbers()
	l.checkOTelEnums()
	l.checkSampler()
	l.checkPropagators()
	l.checkPProf(cfg.PProf)
	if cfg.PProf.Enabled {
		l.distinct("HTTP_ADDR", cfg.HTTP.Addr, "ADMIN_ADDR", cfg.Admin.Addr)
	}
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

// maxOutboundTimeout is the longest OUTBOUND_TIMEOUT whose 504 the public
// server can still deliver: the server's write timeout, less the margin that
// writing the answer needs.
const maxOutboundTimeout = httpserver.WriteTimeout - httpserver.AnswerMargin

// checkOutboundTimeout refuses an OUTBOUND_TIMEOUT that would outlive the
// public server's write timeout: the downstream call would still run when
// the server gives up on the response, and the client would get its
// connection closed without an answer instead of the 504.
func (l *loader) checkOutboundTimeout(d time.Duration) {
	if d > maxOutboundTimeout {
		v, _ := l.get("OUTBOUND_TIMEOUT")
		l.fail("OUTBOUND_TIMEOUT", v, fmt.Sprintf("want at most %s: the public server writes a response for at most %s (its WriteTimeout) after reading the request, and answering a timed-out call with 504 needs the last %s",
			durationText(maxOutboundTimeout), durationText(httpserver.WriteTimeout), durationText(httpserver.AnswerMargin)))
	}
}

// otel reads the exporters of both signals. OTEL_SDK_DISABLED=true (in any
// case) turns both off whatever the other variables choose, as the
// OpenTelemetry specification defines it ("disable the SDK for all
// signals"); the Go SDK does not read it, so it is done here. The other
// variables are still checked, and propagation (OTEL_PROPAGATORS) stays, as
// the specification wants.
func (l *loader) otel() OTel {
	o := OTel{
		TracesExporter:  l.exporter("OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", true),
		MetricsExporter: l.exporter("OTEL_METRICS_EXPORTER", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", false),
	}
	v, ok := l.get("OTEL_SDK_DISABLED")
	switch {
	case !ok, strings.EqualFold(v, "false"):
	case strings.EqualFold(v, "true"):
		o.TracesExporter, o.MetricsExporter = "none", "none"
	default:
		l.fail("OTEL_SDK_DISABLED", v, "want true (export no telemetry) or false")
	}
	return o
}

// exporter reads the exporter variable name of one signal: otlp, console or
// none, trimmed and in any case, as the OpenTelemetry specification wants
// enum values read (the SDK does not read the variable: telemetry gets the
// value returned); unset, otlp when an OTLP endpoint is set for the signal
// (endpoint or OTEL_EXPORTER_OTLP_ENDPOINT), none otherwise. With otlp, the
// protocol (protocol or OTEL_EXPORTER_OTLP_PROTOCOL) must be one the
// signal's exporter speaks: OTLP over HTTP, as protobuf, or also as JSON
// when speaksJSON (otlptracehttp reads the protocol variables;
// otlpmetrichttp reads none and always posts protobuf).
func (l *loader) exporter(name, endpoint, protocol string, speaksJSON bool) string {
	raw, ok := l.get(name)
	kind := strings.ToLower(strings.TrimSpace(raw))
	if !ok {
		kind = "none"
		if _, set := l.get(endpoint); set {
			kind = "otlp"
		} else if _, set := l.get("OTEL_EXPORTER_OTLP_ENDPOINT"); set {
			kind = "otlp"
		}
	}
	switch kind {
	case "none", "console":
		return kind
	case "otlp":
	default:
		reason := "want otlp, console or none"
		if strings.Contains(kind, ",") {
			reason += ": this service exports each signal to one exporter"
		}
		l.fail(name, raw, reason)
		return "none"
	}
	for _, p := range []string{protocol, "OTEL_EXPORTER_OTLP_PROTOCOL"} {
		switch v, _ := l.get(p); v {
		case "":
			continue
		case "http/protobuf":
		case "http/json":
			if speaksJSON {
				break
			}
			hint := "set http/protobuf or unset it"
			if p == "OTEL_EXPORTER_OTLP_PROTOCOL" {
				hint = "set " + protocol + "=http/protobuf to keep JSON for traces only, or " + name + "=none"
			}
			l.fail(p, v, "this service exports metrics as OTLP http/protobuf only (the Go SDK's metrics exporter has no JSON encoding): "+hint)
		default:
			l.fail(p, v, "this service exports OTLP over HTTP only (gRPC is not compiled in): set http/protobuf, the collector's port 4318, or unset it")
		}
		break
	}
	return kind
}

// Samplers and propagators of the OpenTelemetry SDK and autoprop versions in
// go.mod (sdk/trace/sampler_env.go, contrib/propagators/autoprop). On any
// other value the SDK only reports an error and falls back to its default:
// a typo would sample every trace, or propagate other headers than asked.
var (
	samplers    = []string{"always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"}
	propagators = []string{"tracecontext", "baggage", "b3", "b3multi", "jaeger", "xray", "ottrace", "none"}
)

// checkSampler records the errors of OTEL_TRACES_SAMPLER and
// OTEL_TRACES_SAMPLER_ARG, read as the SDK reads them: the sampler trimmed
// and in any case, the argument trimmed, a ratio from 0 to 1 used only by the
// traceidratio samplers (1 when empty).
func (l *loader) checkSampler() {
	raw, _ := l.get("OTEL_TRACES_SAMPLER")
	sampler := strings.ToLower(strings.TrimSpace(raw))
	if sampler != "" && !slices.Contains(samplers, sampler) {
		l.fail("OTEL_TRACES_SAMPLER", raw, "want one of "+strings.Join(samplers, ", "))
		return
	}
	arg, argSet := l.get("OTEL_TRACES_SAMPLER_ARG")
	if !argSet {
		return
	}
	switch sampler {
	case "traceidratio", "parentbased_traceidratio":
		if a := strings.TrimSpace(arg); a != "" {
			if r, err := strconv.ParseFloat(a, 64); err != nil || !(r >= 0 && r <= 1) {
				l.fail("OTEL_TRACES_SAMPLER_ARG", arg, "want a sampling ratio from 0 to 1, e.g. 0.1")
			}
		}
	case "":
		l.fail("OTEL_TRACES_SAMPLER_ARG", arg, "set, but OTEL_TRACES_SAMPLER is unset (parentbased_always_on, which records every trace): set OTEL_TRACES_SAMPLER=parentbased_traceidratio to sample by this ratio")
	}
}

// checkPropagators records the errors of OTEL_PROPAGATORS, read as autoprop
// reads it: names separated by commas, without spaces; none (alone or not)
// turns propagation off.
func (l *loader) checkPropagators() {
	v, ok := l.get("OTEL_PROPAGATORS")
	if !ok {
		return
	}
	var unknown []string
	for name := range strings.SplitSeq(v, ",") {
		if !slices.Contains(propagators, name) {
			unknown = append(unknown, strconv.Quote(name))
		}
	}
	if len(unknown) > 0 {
		l.fail("OTEL_PROPAGATORS", v, "unknown propagator "+strings.Join(unknown, ", ")+
			": want a comma-separated list (no spaces) of "+strings.Join(propagators, ", "))
	}
}

// checkOTLPEndpoints records the errors of the OTLP endpoints. For OTLP over
// HTTP each is an absolute http or https URL with a host: the base URL of the
// collector, or per signal the full URL of its path. The exporters trim the
// value and read only its scheme, host and path: without a scheme
// (otel-collector:4318, as gRPC configurations write it) they would post every
// batch to a URL without a host and lose it, with a warning per batch only;
// user info or a query (credentials, an api_key) they would drop without a
// word, and a collector that needs them would refuse every export. The
// exporters send credentials as headers: the error names the variable of the
// endpoint's headers.
func (l *loader) checkOTLPEndpoints() {
	for _, e := range []struct{ name, example, headers string }{
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4318", "OTEL_EXPORTER_OTLP_HEADERS"},
		{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://otel-collector:4318/v1/traces", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"},
		{"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://otel-collector:4318/v1/metrics", "OTEL_EXPORTER_OTLP_METRICS_HEADERS"},
	} {
		v, ok := l.get(e.name)
		if !ok {
			continue
		}
		trimmed := strings.TrimSpace(v)
		if problem := httpURLProblem(trimmed); problem != "" {
			l.failURL(e.name, v, problem+", e.g. "+e.example)
			continue
		}
		if u, _ := url.Parse(trimmed); hasUserQueryOrFragment(u) {
			l.failURL(e.name, v, "want no user info, query or fragment: the OTLP exporters send only the scheme, host and path, and would drop them without a word; send credentials as a header of "+
				e.headers+", e.g. Authorization=Basic%20<base64 of user:password>")
		}
	}
}

// otlpHeaders are the variables of the headers the OTLP exporters send.
var otlpHeaders = []string{"OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_METRICS_HEADERS"}

// checkOTLPHeaders records the errors of the OTLP headers, read as the
// exporters read them: trimmed, comma-separated key=value entries, each key
// an HTTP header name, each value URL-encoded (%20 for a space, %2C for a
// comma). The exporters drop a bad entry, typically the credential of the
// collector (Authorization:Basic ... with HTTP's ':'), so every export would
// be refused, and they report it with the entry itself in a plain-text line.
// The headers hold credentials: errors give the entry's position, never its
// content.
func (l *loader) checkOTLPHeaders() {
	for _, name := range otlpHeaders {
		v, _ := l.get(name)
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		for i, entry := range strings.Split(v, ",") {
			key, value, found := strings.Cut(entry, "=")
			key = strings.TrimSpace(key)
			var reason string
			switch {
			case strings.TrimSpace(entry) == "":
				reason = "is empty: remove the stray comma"
			case !found && strings.Contains(entry, ":"):
				reason = "has no '=' (HTTP's ':' is not the separator here): write key=value"
			case !found:
				reason = "has no '=': write key=value"
			case !isToken(key):
				reason = "has an empty key or one that is not an HTTP header name"
			default:
				if _, err := url.PathUnescape(value); err != nil {
					reason = "has a value that is not URL-encoded: write a % as %25"
				}
			}
			if reason != "" {
				l.errs = append(l.errs, fmt.Errorf("%s: entry %d %s, e.g. Authorization=Basic%%20<credentials>; entries are separated by commas (value not shown)", name, i+1, reason))
				break
			}
		}
	}
}

// checkResourceAttributes records the error of OTEL_RESOURCE_ATTRIBUTES,
// read as the SDK reads it (sdk/resource/env.go): trimmed, comma-separated
// key=value entries, each value URL-encoded. The SDK stops Setup on an entry
// without '=' with an error that does not name the variable ("partial
// resource: missing value"), drops an attribute with an empty key, and keeps
// a value with a bad % escape undecoded, reporting it only as a warning.
func (l *loader) checkResourceAttributes() {
	const name = "OTEL_RESOURCE_ATTRIBUTES"
	raw, _ := l.get(name)
	v := strings.TrimSpace(raw)
	if v == "" {
		return
	}
	for i, entry := range strings.Split(v, ",") {
		key, value, found := strings.Cut(entry, "=")
		var reason string
		switch {
		case strings.TrimSpace(entry) == "":
			reason = "is empty: remove the stray comma"
		case !found:
			reason = "has no '=': write key=value"
		case strings.TrimSpace(key) == "":
			reason = "has an empty key"
		default:
			if _, err := url.PathUnescape(strings.TrimSpace(value)); err != nil {
				reason = "has a value that is not URL-encoded: write a % as %25"
			}
		}
		if reason != "" {
			l.fail(name, raw, fmt.Sprintf("entry %d %s, e.g. deployment.environment=prod; entries are separated by commas, a comma in a value is written %%2C", i+1, reason))
			return
		}
	}
}

// isToken reports whether s is an HTTP token (RFC 9110), the syntax of a
// header name.
func isToken(s string) bool {
	const tchar = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	return s != "" && strings.Trim(s, tchar) == ""
}

// checkOTLPClientCerts records an error for a client certificate of the
// OTLP exporters without its key, or a key without its certificate: the
// exporters would go without both. (The files are read at start by the
// telemetry package.)
func (l *loader) checkOTLPClientCerts() {
	for _, pair := range [][2]string{
		{"OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", "OTEL_EXPORTER_OTLP_CLIENT_KEY"},
		{"OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", "OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY"},
		{"OTEL_EXPORTER_OTLP_METRICS_CLIENT_CERTIFICATE", "OTEL_EXPORTER_OTLP_METRICS_CLIENT_KEY"},
	} {
		cert, key := pair[0], pair[1]
		c, _ := l.get(cert)
		k, _ := l.get(key)
		if (strings.TrimSpace(c) == "") != (strings.TrimSpace(k) == "") {
			l.errs = append(l.errs, fmt.Errorf("%s and %s must be set together", cert, key))
		}
	}
}

// otelNumbers are the numeric variables the SDK and the OTLP exporters read
// themselves: min is the least accepted value, millis says the value is in
// milliseconds, trimmed says the reader trims it (the exporters do, the SDK
// does not). On a value they cannot parse (10s, as other durations of this
// service are written) or out of range they only write a plain-text line
// and use their default; a negative queue or batch size makes the SDK panic.
// The span limits (sdk/trace/span_limits.go) take -1, as any negative value,
// for no limit and 0 for none recorded (empty strings for a value length);
// the OTEL_SPAN_* ones win over OTEL_ATTRIBUTE_COUNT_LIMIT and
// OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT, even when the SDK cannot parse them.
var otelNumbers = []struct {
	name          string
	min           int64
	millis, trims bool
	why           string
}{
	{"OTEL_METRIC_EXPORT_INTERVAL", 1, true, false, "the SDK uses its default 60000 on 0"},
	{"OTEL_METRIC_EXPORT_TIMEOUT", 1, true, false, "the SDK uses its default 30000 on 0"},
	{"OTEL_BSP_SCHEDULE_DELAY", 1, true, false, "the batch span processor would export without pause"},
	{"OTEL_BSP_EXPORT_TIMEOUT", 0, true, false, ""},
	{"OTEL_BSP_MAX_QUEUE_SIZE", 1, false, false, "spans would be dropped"},
	{"OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 1, false, false, "spans would be exported one by one"},
	{"OTEL_EXPORTER_OTLP_TIMEOUT", 0, true, true, ""},
	{"OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", 0, true, true, ""},
	{"OTEL_EXPORTER_OTLP_METRICS_TIMEOUT", 0, true, true, ""},
	{"OTEL_ATTRIBUTE_COUNT_LIMIT", -1, false, false, noLimit},
	{"OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", -1, false, false, noLimit},
	{"OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", -1, false, false, noLimit},
	{"OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", -1, false, false, noLimit},
	{"OTEL_SPAN_EVENT_COUNT_LIMIT", -1, false, false, noLimit},
	{"OTEL_SPAN_LINK_COUNT_LIMIT", -1, false, false, noLimit},
	{"OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", -1, false, false, noLimit},
	{"OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", -1, false, false, noLimit},
}

// noLimit is why a span limit below -1 is refused.
const noLimit = "write -1 for no limit"

// maxOTelNumber is the largest value the OpenTelemetry specification asks
// SDKs to support for integers, 2³¹−1.
const maxOTelNumber = 1<<31 - 1

// checkOTelNumbers records the errors of otelNumbers: whole numbers from
// their min to maxOTelNumber, with a hint for a Go duration where
// milliseconds are wanted; and a batch size above the queue size, which the
// SDK silently replaces.
func (l *loader) checkOTelNumbers() {
	values := map[string]int64{}
	for _, n := range otelNumbers {
		v, ok := l.get(n.name)
		if n.trims {
			v = strings.TrimSpace(v)
		}
		if !ok || v == "" {
			continue
		}
		unit := "a whole number"
		if n.millis {
			unit = "a whole number of milliseconds"
		}
		x, err := strconv.ParseInt(v, 10, 64)
		switch {
		case err != nil && n.millis:
			if d, err := time.ParseDuration(v); err == nil && d > 0 {
				l.fail(n.name, v, fmt.Sprintf("want milliseconds, not a duration: %d for %s", d.Milliseconds(), durationText(d)))
			} else {
				l.fail(n.name, v, "want "+unit+", e.g. 10000 for 10s")
			}
		case err != nil || x > maxOTelNumber || (x < 0 && n.min >= 0):
			l.fail(n.name, v, fmt.Sprintf("want %s from %d to %d", unit, n.min, maxOTelNumber))
		case x < n.min:
			l.fail(n.name, v, fmt.Sprintf("must be at least %d: %s", n.min, n.why))
		default:
			values[n.name] = x
		}
	}
	queue, ok := values["OTEL_BSP_MAX_QUEUE_SIZE"]
	if !ok {
		queue = 2048 // the SDK's default
	}
	if batch, ok := values["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"]; ok && batch > queue {
		v, _ := l.get("OTEL_BSP_MAX_EXPORT_BATCH_SIZE")
		l.fail("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", v, fmt.Sprintf("must be at most OTEL_BSP_MAX_QUEUE_SIZE (%d): the SDK would use %d", queue, min(512, queue)))
	}
}

// otelEnums are the variables the OTLP exporters read with a fixed set of
// values (in any case for the metrics ones), trimmed. On any other value
// they only write a plain-text warning and go on without: no compression,
// cumulative temporality (which a delta backend refuses), explicit buckets.
var otelEnums = []struct {
	name   string
	values []string
	fold   bool
}{
	{"OTEL_EXPORTER_OTLP_COMPRESSION", []string{"gzip", "none"}, false},
	{"OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", []string{"gzip", "none"}, false},
	{"OTEL_EXPORTER_OTLP_METRICS_COMPRESSION", []string{"gzip", "none"}, false},
	{"OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", []string{"cumulative", "delta", "lowmemory"}, true},
	{"OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION", []string{"explicit_bucket_histogram", "base2_exponential_bucket_histogram"}, true},
}

// checkOTelEnums records the errors of otelEnums.
func (l *loader) checkOTelEnums() {
	for _, e := range otelEnums {
		v, _ := l.get(e.name)
		w := strings.TrimSpace(v)
		if e.fold {
			w = strings.ToLower(w)
		}
		if w != "" && !slices.Contains(e.values, w) {
			l.fail(e.name, v, "want "+strings.Join(e.values, " or "))
		}
	}
}

// failURL records problem for the URL variable name, showing its value v as
// withoutSecrets returns it, or only saying that it is not shown.
func (l *loader) failURL(name, v, problem string) {
	shown, note, ok := withoutSecrets(v)
	if !ok {
		l.errs = append(l.errs, fmt.Errorf("%s: %s%s", name, problem, note))
		return
	}
	l.fail(name, shown, problem+note)
}

// withoutSecrets returns v to show in an error, with a note on what was left
// out. User info, a query and a fragment may hold credentials: a value that
// url.Parse reads (trimmed, as the OTLP exporters read it) with any of them
// is shown without them, its surrounding whitespace kept. A value with an
// '@', '?' or '#' that url.Parse cannot read (https://user:pw@host/%zz), or
// reads with an '@' in no authority (user:pw@host, the scheme "user") or
// written after it (https://user:1/pw@host, a password holding a '/'; with
// or without a port, with or without user info), is not shown (ok is
// false): where a credential would end cannot be told.
func withoutSecrets(v string) (shown, note string, ok bool) {
	const hidden = " (value not shown: it may hold user info, a query or a fragment, which cannot be told apart in it)"
	trimmed := strings.TrimSpace(v)
	u, err := url.Parse(trimmed)
	switch {
	case err != nil && strings.ContainsAny(trimmed, "@?#"), err == nil && (strings.Contains(u.Opaque, "@") || writtenAt(u)):
		return "", hidden, false
	case err != nil, !hasUserQueryOrFragment(u):
		return v, "", true
	}
	start := strings.Index(v, trimmed)
	clean := (&url.URL{Scheme: u.Scheme, Opaque: u.Opaque, Host: u.Host, Path: u.Path}).String()
	return v[:start] + clean + v[start+len(trimmed):], " (shown without user info, query and fragment)", true
}

// hasUserQueryOrFragment reports whether u has user info, a query (a bare
// '?' too) or a fragment.
func hasUserQueryOrFragment(u *url.URL) bool {
	return u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != ""
}

// checkTLS records the errors of a TLS configuration that cannot work.
func (l *loader) checkTLS(t *TLS) {
	if t.ReloadInterval < minTLSReloadInterval {
		l.fail("TLS_RELOAD_INTERVAL", t.ReloadInterval.String(), "must be at least "+minTLSReloadInterval.String()+": the files are checked that often")
		t.ReloadInterval = minTLSReloadInterval
	}
	l.together("TLS_CERT_FILE", t.CertFile, "TLS_KEY_FILE", t.KeyFile)
	if len(t.ClientCAFiles) > 0 && !t.Enabled() {
		l.errs = append(l.errs, errors.New("TLS_CLIENT_CA_FILES needs TLS_CERT_FILE and TLS_KEY_FILE"))
	}
	l.together("HEALTHCHECK_CERT_FILE", t.HealthcheckCertFile, "HEALTHCHECK_KEY_FILE", t.HealthcheckKeyFile)
	if len(t.ClientCAFiles) > 0 && t.HealthcheckCertFile == "" && t.HealthcheckKeyFile == "" {
		l.errs = append(l.errs, errors.New("TLS_CLIENT_CA_FILES needs HEALTHCHECK_CERT_FILE and HEALTHCHECK_KEY_FILE: "+
			"the server then requires a client certificate, and the healthcheck subcommand (container and Kubernetes probes) must present one"))
	}
	// The healthcheck's client certificate says client certificates were
	// meant to be required: without TLS_CLIENT_CA_FILES every client would be
	// served without one. (An invalid TLS_CLIENT_CA_FILES has its own error.)
	if _, set := l.lookup("TLS_CLIENT_CA_FILES"); !set && (t.HealthcheckCertFile != "" || t.HealthcheckKeyFile != "") {
		l.errs = append(l.errs, errors.New("HEALTHCHECK_CERT_FILE and HEALTHCHECK_KEY_FILE are only used when TLS_CLIENT_CA_FILES requires client certificates: "+
			"set TLS_CLIENT_CA_FILES, or unset them to serve without client authentication"))
	}
	// Likewise the CA the healthcheck verifies the server with says TLS was
	// meant to be on: without the server pair the service speaks plain HTTP.
	if t.HealthcheckCAFile != "" && t.CertFile == "" && t.KeyFile == "" {
		l.errs = append(l.errs, errors.New("HEALTHCHECK_CA_FILE is only used when the service serves TLS: "+
			"set TLS_CERT_FILE and TLS_KEY_FILE, or unset it to serve plain HTTP"))
	}
}

// checkOutboundTLS records the errors of the outbound TLS settings and
// defaults the client certificate to the server's pair.
func (l *loader) checkOutboundTLS(o *Outbound, server TLS) {
	l.together("OUTBOUND_TLS_CERT_FILE", o.TLSCertFile, "OUTBOUND_TLS_KEY_FILE", o.TLSKeyFile)
	var set []string
	for _, name := range []string{"OUTBOUND_TLS_CERT_FILE", "OUTBOUND_TLS_KEY_FILE", "OUTBOUND_TLS_CA_FILES"} {
		if _, ok := l.get(name); ok {
			set = append(set, name)
		}
	}
	if len(set) > 0 && !o.UsesTLS() {
		l.errs = append(l.errs, fmt.Errorf("%s set, but only an https DOWNSTREAM_URL uses them: set DOWNSTREAM_URL to an https URL or unset %[1]s",
			strings.Join(set, ", ")))
	}
	if o.TLSCertFile == "" {
		// By default the service presents its own pair to the downstream.
		o.TLSCertFile, o.TLSKeyFile = server.CertFile, server.KeyFile
	}
}

// checkPProf records the errors of the pprof token, and of a
// PPROF_MAX_SECONDS above pprofadmin.MaxMaxSeconds, which the admin server
// would refuse. The token is a secret: errors never show its value.
func (l *loader) checkPProf(p PProf) {
	if p.MaxSeconds > pprofadmin.MaxMaxSeconds {
		v, _ := l.get("PPROF_MAX_SECONDS")
		l.fail("PPROF_MAX_SECONDS", v, fmt.Sprintf("want at most %d (a day): a profile holds the admin listener's one profile slot for its whole duration",
			pprofadmin.MaxMaxSeconds))
	}
	switch n := utf8.RuneCountInString(p.Token); {
	case p.Enabled && n == 0:
		l.errs = append(l.errs, errors.New("PPROF_TOKEN is required when PPROF_ENABLED is true"))
	case p.Enabled && n < minPProfTokenLength:
		l.errs = append(l.errs, fmt.Errorf("PPROF_TOKEN must be at least %d characters, got %d", minPProfTokenLength, n))
	case p.Enabled && strings.TrimSpace(p.Token) != p.Token:
		// Typically the trailing newline of a Secret created from a file:
		// clients would send the token without it and always get 401.
		l.errs = append(l.errs, errors.New("PPROF_TOKEN has leading or trailing whitespace (e.g. a newline from the file it was created from): remove it"))
	}
}

// CheckArchiveDir returns an error unless PPROF_ARCHIVE_DIR, when pprof is
// enabled, is a directory the service can write, tried the way the archive
// writes: an empty temporary file, created and removed. Otherwise every
// archive would fail only when a profile is served, and the profiles of an
// incident would be lost. Only the serving process calls it: a healthcheck
// probe, run every few seconds, must not write in the directory.
func (p PProf) CheckArchiveDir() error {
	if !p.Enabled || p.ArchiveDir == "" {
		return nil
	}
	invalid := func(reason string) error {
		return fmt.Errorf("invalid configuration: PPROF_ARCHIVE_DIR=%q: %s", p.ArchiveDir, reason)
	}
	info, err := os.Stat(p.ArchiveDir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return invalid("no such directory: create it (in a container, on a writable volume)")
	case err != nil:
		return invalid("cannot be read: " + err.Error())
	case !info.IsDir():
		return invalid("not a directory")
	}
	f, err := os.CreateTemp(p.ArchiveDir, ".pprof-check-*")
	if err != nil {
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			err = pe.Err // "permission denied", "read-only file system": the path is shown already
		}
		return invalid("the service cannot write in it: " + err.Error())
	}
	_ = f.Close()
	_ = os.Remove(f.Name())
	return nil
}

// distinct records an error when the two listen addresses would take the
// same port on the same address, however each is spelled: the admin
// listener, when enabled, could not start. An invalid address ("" from
// addr) has its own error and clashes with nothing.
func (l *loader) distinct(name1, addr1, name2, addr2 string) {
	h1, p1, err1 := net.SplitHostPort(addr1)
	h2, p2, err2 := net.SplitHostPort(addr2)
	n1, err3 := strconv.ParseUint(p1, 10, 16)
	n2, err4 := strconv.ParseUint(p2, 10, 16)
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || n1 != n2 {
		return
	}
	if overlap(listenHosts(h1), listenHosts(h2)) {
		l.errs = append(l.errs, fmt.Errorf("%s=%q and %s=%q listen on the same port: give the admin listener a port of its own", name1, addr1, name2, addr2))
	}
}

// listenHosts returns the addresses a listener on host may take, each in
// one spelling, or nil for every address: an empty host or an unspecified
// IP (0.0.0.0, ::). An IPv4-mapped IPv6 address is its IPv4 address, as
// net.Listen binds it. A zone is kept on a link-local address only, where it
// names the interface (fe80::1%eth0 and fe80::1%eth1 are two addresses); the
// kernel ignores it on any other, so ::1%lo is ::1 and ::%lo every address.
// A zone naming one of the host's interfaces is its index, so %eth0 and %2
// are one zone when eth0 is interface 2, as net.Listen binds either; any
// other zone is read as net.Listen reads it, its leading decimal digits the
// index (%01, %001 and %1x are %1), and one with none is only equal to
// itself. "localhost" is the loopback address net.Listen picks from the
// hosts file, 127.0.0.1 or ::1: special-cased, as validation looks no name
// up in DNS; any other name is only equal to itself.
func listenHosts(host string) []string {
	if host == "" {
		return nil
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if ip = ip.Unmap(); !ip.IsLinkLocalUnicast() {
			ip = ip.WithZone("")
		} else if ip.Zone() != "" {
			if ifi, err := net.InterfaceByName(ip.Zone()); err == nil {
				ip = ip.WithZone(strconv.Itoa(ifi.Index))
			} else if index, ok := zoneNumber(ip.Zone()); ok {
				ip = ip.WithZone(strconv.Itoa(index))
			}
		}
		if ip.IsUnspecified() {
			return nil
		}
		return []string{ip.String()}
	}
	name := strings.ToLower(strings.TrimSuffix(host, "."))
	if name == "localhost" {
		return []string{"127.0.0.1", "::1"}
	}
	return []string{name}
}

// maxZoneNumber is the largest zone number net.Listen reads: a longer
// number of digits is read as this one.
const maxZoneNumber = 0xFFFFFF

// zoneNumber returns the interface index net.Listen takes a zone naming no
// interface for: the number its leading decimal digits spell, up to
// maxZoneNumber; ok is false when it starts with no digit.
func zoneNumber(zone string) (index int, ok bool) {
	digits := len(zone) - len(strings.TrimLeft(zone, "0123456789"))
	for _, c := range zone[:digits] {
		index = min(index*10+int(c-'0'), maxZoneNumber)
	}
	return index, digits > 0
}

// overlap reports whether two listeners' addresses, as listenHosts returns
// them, share one (nil is every address).
func overlap(a, b []string) bool {
	if a == nil || b == nil {
		return true
	}
	for _, h := range a {
		for _, g := range b {
			if h == g {
				return true
			}
		}
	}
	return false
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

func (l *loader) str(name string) string {
	v, _ := l.get(name)
	return v
}

// url accepts an absolute http or https URL with a host.
func (l *loader) url(name string) string {
	v, ok := l.get(name)
	if !ok {
		return ""
	}
	if problem := httpURLProblem(v); problem != "" {
		l.failURL(name, v, problem)
		return ""
	}
	return v
}

// baseURL accepts an absolute http or https URL with a host to which request
// paths are appended: no query, fragment or user info.
func (l *loader) baseURL(name string) string {
	v := l.url(name)
	if v == "" {
		return ""
	}
	if u, _ := url.Parse(v); hasUserQueryOrFragment(u) {
		l.failURL(name, v, "want a base URL without query, fragment or user info")
		return ""
	}
	return v
}

// secretURL is url for a URL that may carry a secret (a webhook token in its
// path or query): errors name the variable but never show its value.
func (l *loader) secretURL(name string) string {
	v, ok := l.get(name)
	if !ok {
		return ""
	}
	if problem := httpURLProblem(v); problem != "" {
		l.errs = append(l.errs, fmt.Errorf("%s: %s (value not shown)", name, problem))
		return ""
	}
	return v
}

// httpURLProblem says what is wrong with v as an absolute http or https URL
// with a host and, when it has one, a port from 1 to 65535 (url.Parse only
// checks that the port is digits: every call to :99999 or :0 would fail);
// "" when nothing is. A port without a host (http://:4318, what an empty
// substitution leaves of http://$(COLLECTOR):4318) has no host: every call
// would go to the local host. An '@' after the host of a URL without user
// info, after a port or in the text that ends the host (see
// atAfterAuthority), is refused: the host read is most likely not the one
// meant.
func httpURLProblem(v string) string {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return "want an absolute http or https URL with a host"
	}
	if atAfterAuthority(u) {
		return "an '@' after the host of a URL without user info, after a port or before a second '/', '?' or '#': user info holding a '/', '?' or '#' ends the host early (https://user:1/x@inventory is read as host user, port 1; https://us/er@inventory as host us): percent-encode them in the user info (%2F, %3F, %23); an '@' meant in the path or query is written %40"
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.ParseUint(p, 10, 16); err != nil || n == 0 {
			return "port must be a number from 1 to 65535"
		}
	}
	return ""
}

// atAfterAuthority reports whether u may be what url.Parse makes of user
// info holding a '/', '?' or '#' that was not percent-encoded: the authority
// ends at that character, the start of the user info is read as the host (and
// port), and the '@' that ended the user info is left in the path, query or
// fragment. So u has no user info and an '@' written after its host (see
// writtenAfterHost), with either of:
//   - a ':' after its host (a port, maybe empty), the start of a password
//     (https://admin:123/abc@inventory, https://admin:/abc@inventory): any
//     such '@' is refused, https://h:8443/a@b too, which is user h with the
//     password 8443/a as much as a path;
//   - no '/', '?' or '#' between the one that ends the host and the '@'
//     (https://us/er@inventory, a user holding a '/'; https://us?er@inventory).
//
// An '@' further on in a URL without a port (the path of a Teams webhook,
// https://outlook.office.com/webhook/<id>@<tenant>/..., a query's
// /notify?to=ops@example.com) or in one with user info is accepted: that
// '/', '?' or '#' too would have to be in the user info, the shape of a path.
func atAfterAuthority(u *url.URL) bool {
	if u.User != nil {
		return false
	}
	rest := writtenAfterHost(u)
	at := strings.IndexByte(rest, '@')
	if at < 0 {
		return false
	}
	if colon := strings.LastIndexByte(u.Host, ':'); colon > strings.LastIndexByte(u.Host, ']') {
		return true
	}
	// rest starts with the '/', '?' or '#' that ended the host: is it the
	// only one before the '@'?
	return strings.IndexAny(rest[:at], "/?#") == strings.LastIndexAny(rest[:at], "/?#")
}

// writtenAt reports whether an '@' is written as such, not as %40, in u's
// path, query or fragment.
func writtenAt(u *url.URL) bool {
	return strings.Contains(writtenAfterHost(u), "@")
}

// writtenAfterHost returns u's path, query and fragment as written, with the
// '?' and '#' that start the last two. url.Parse keeps the path and the
// fragment as written in RawPath and RawFragment when they differ from what
// escaping the decoded ones gives; when they are empty, that escaping gives
// them back: an '@' stays as it is, a %40 is in RawPath, and a %2F, %3F or
// %23 is not read as a '/', '?' or '#'. (EscapedPath alone would not do: it
// escapes the decoded path afresh when RawPath holds a character it would
// escape, a '{', and the %40 comes back an '@'.)
func writtenAfterHost(u *url.URL) string {
	path, fragment := u.RawPath, u.RawFragment
	if path == "" {
		path = u.EscapedPath()
	}
	if fragment == "" {
		fragment = u.EscapedFragment()
	}
	rest := path
	if u.ForceQuery || u.RawQuery != "" {
		rest += "?" + u.RawQuery
	}
	if fragment != "" {
		rest += "#" + fragment
	}
	return rest
}

// plainHTTP is what unsetting TLS_CERT_FILE and TLS_KEY_FILE means.
const plainHTTP = "unset TLS_CERT_FILE and TLS_KEY_FILE to serve plain HTTP"

// guarded reads a variable that turns a protection on. Unlike the others, it
// must not be set to the empty string: that is what a template or a $VAR
// gives when a substitution came out empty, and reading it as unset would
// quietly serve with less protection than asked for. Unsetting it is the
// way to go without; unset says so in the error.
func (l *loader) guarded(name, unset string) string {
	v, ok := l.lookup(name)
	if ok && v == "" {
		l.fail(name, v, "set but empty, which is not read as unset for this variable: "+unset)
	}
	return v
}

// list splits a comma-separated list of file names, a guarded variable. A
// value that is set must name files and nothing else: an empty item ("a,,b",
// ",", a blank) is what a template or "$OLD,$NEW" gives when a substitution
// came out empty, and reading the rest (or none) would quietly weaken what
// the variable sets.
func (l *loader) list(name, unset string) []string {
	v := l.guarded(name, unset)
	if v == "" {
		return nil
	}
	var items []string
	for item := range strings.SplitSeq(v, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			l.fail(name, v, "an empty item in the comma-separated list of files: remove it, or unset the variable")
			return nil
		}
		items = append(items, item)
	}
	return items
}

// together records an error unless both values are set or both are empty.
func (l *loader) together(name1, v1, name2, v2 string) {
	if (v1 == "") != (v2 == "") {
		l.errs = append(l.errs, fmt.Errorf("%s and %s must be set together", name1, name2))
	}
}

func (l *loader) boolean(name string, def bool) bool {
	v, ok := l.get(name)
	if !ok {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		l.fail(name, v, "want true or false")
		return def
	}
	return b
}

func (l *loader) positive(name string, def int) int {
	v, ok := l.get(name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		l.fail(name, v, "want a positive whole number")
		return def
	}
	return n
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
