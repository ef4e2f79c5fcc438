// Package config loads the service configuration from environment variables
// and validates it at start.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Config is the validated service configuration. Every field comes from one
// environment variable; README.md documents them all.
type Config struct {
	// HTTPAddr is the listen address of the public HTTP server (HTTP_ADDR).
	HTTPAddr string
	// LogLevel is the minimum level of log records (LOG_LEVEL).
	LogLevel slog.Level
	// ShutdownTimeout bounds the drain of in-flight requests (SHUTDOWN_TIMEOUT).
	ShutdownTimeout time.Duration
	// ShutdownDelay is the wait between failing readiness and draining, so
	// load balancers stop sending traffic first (SHUTDOWN_DELAY).
	ShutdownDelay time.Duration
	// MemLimitRatio is the fraction of the cgroup memory limit used as
	// GOMEMLIMIT (GOMEMLIMIT_RATIO).
	MemLimitRatio float64
	// MemLimitOff leaves GOMEMLIMIT unset (AUTOMEMLIMIT=off). AUTOMEMLIMIT,
	// automemlimit's own variable, otherwise overrides MemLimitRatio.
	MemLimitOff bool

	// DownstreamURL is the base URL of the service that
	// GET /v1/downstream/version calls (DOWNSTREAM_URL); the route exists
	// only when it is set.
	DownstreamURL string
	// OutboundTimeout bounds each outbound call (OUTBOUND_TIMEOUT); an
	// incoming request's earlier deadline wins.
	OutboundTimeout time.Duration

	// TLSCertFile and TLSKeyFile are the PEM server certificate (chain) and
	// key (TLS_CERT_FILE, TLS_KEY_FILE). Set both to serve HTTPS; when both
	// are empty the server speaks plain HTTP.
	TLSCertFile string
	TLSKeyFile  string
	// TLSClientCAFiles are PEM files of the CAs whose client certificates
	// are accepted (TLS_CLIENT_CA_FILES, comma-separated). When set, every
	// client must present one.
	TLSClientCAFiles []string
	// TLSReloadInterval is how often the files are checked for changes
	// (TLS_RELOAD_INTERVAL).
	TLSReloadInterval time.Duration
	// TLSExpiryWarn is how long before expiry a certificate is reported
	// (TLS_EXPIRY_WARN).
	TLSExpiryWarn time.Duration
	// TLSExpiryWebhookURL receives a JSON POST for each expiring certificate
	// (TLS_EXPIRY_WEBHOOK_URL).
	TLSExpiryWebhookURL string
	// HealthcheckCAFile is the CA bundle with which the healthcheck
	// subcommand verifies the server certificate; empty means the system
	// roots (HEALTHCHECK_CA_FILE).
	HealthcheckCAFile string
	// HealthcheckCertFile and HealthcheckKeyFile are the client certificate
	// the healthcheck subcommand presents, needed when TLSClientCAFiles is
	// set (HEALTHCHECK_CERT_FILE, HEALTHCHECK_KEY_FILE).
	HealthcheckCertFile string
	HealthcheckKeyFile  string
	// OutboundTLSCertFile and OutboundTLSKeyFile are the client certificate
	// and key presented to an https downstream (OUTBOUND_TLS_CERT_FILE,
	// OUTBOUND_TLS_KEY_FILE), by default the server's pair.
	OutboundTLSCertFile string
	OutboundTLSKeyFile  string
	// OutboundTLSCAFiles are PEM files of the CAs that verify the
	// downstream's certificate (OUTBOUND_TLS_CA_FILES, comma-separated);
	// the system roots when empty.
	OutboundTLSCAFiles []string

	// AdminAddr is the listen address of the admin server that serves pprof
	// (ADMIN_ADDR). Keep it on a loopback address.
	AdminAddr string
	// PProfEnabled starts the admin server with pprof (PPROF_ENABLED).
	PProfEnabled bool
	// PProfToken is the bearer token of pprof requests (PPROF_TOKEN),
	// required when PProfEnabled is set.
	PProfToken string
	// PProfMaxSeconds caps the duration of CPU profiles and traces
	// (PPROF_MAX_SECONDS).
	PProfMaxSeconds int
	// PProfArchiveDir, when set, receives a copy of every served profile
	// (PPROF_ARCHIVE_DIR).
	PProfArchiveDir string
	// PProfArchiveKeep is how many archived profiles are kept
	// (PPROF_ARCHIVE_KEEP).
	PProfArchiveKeep int
	// PProfCPUCeiling is the CPU use, as a fraction of GOMAXPROCS, above
	// which CPU profiles and traces are refused with 503
	// (PPROF_CPU_CEILING).
	PProfCPUCeiling float64
}

// TLSEnabled reports whether the server serves HTTPS.
func (c Config) TLSEnabled() bool {
	return c.TLSCertFile != ""
}

// DownstreamTLS reports whether outbound calls to DownstreamURL use TLS, by
// the parsed scheme: url.Parse lowercases it, so HTTPS:// counts too.
func (c Config) DownstreamTLS() bool {
	u, err := url.Parse(c.DownstreamURL)
	return c.DownstreamURL != "" && err == nil && u.Scheme == "https"
}

// minTLSReloadInterval is the shortest accepted TLS_RELOAD_INTERVAL.
const minTLSReloadInterval = time.Second

// minPProfTokenLength is the shortest accepted PPROF_TOKEN, in characters.
const minPProfTokenLength = 16

// Load reads the configuration through lookup (os.LookupEnv in production).
// A variable that is unset or empty takes its default. The error lists every
// invalid variable with its value.
func Load(lookup func(string) (string, bool)) (Config, error) {
	l := loader{lookup: lookup}
	cfg := Config{
		HTTPAddr:        l.addr("HTTP_ADDR", ":8080"),
		LogLevel:        l.level("LOG_LEVEL", slog.LevelInfo),
		ShutdownTimeout: l.duration("SHUTDOWN_TIMEOUT", 30*time.Second, false),
		ShutdownDelay:   l.duration("SHUTDOWN_DELAY", 0, true),
		MemLimitRatio:   l.ratio("GOMEMLIMIT_RATIO", 0.9),

		DownstreamURL:   l.baseURL("DOWNSTREAM_URL"),
		OutboundTimeout: l.duration("OUTBOUND_TIMEOUT", 2*time.Second, false),

		TLSCertFile:         l.str("TLS_CERT_FILE"),
		TLSKeyFile:          l.str("TLS_KEY_FILE"),
		TLSClientCAFiles:    l.list("TLS_CLIENT_CA_FILES"),
		TLSReloadInterval:   l.duration("TLS_RELOAD_INTERVAL", 30*time.Second, false),
		TLSExpiryWarn:       l.duration("TLS_EXPIRY_WARN", 720*time.Hour, false),
		TLSExpiryWebhookURL: l.secretURL("TLS_EXPIRY_WEBHOOK_URL"),
		HealthcheckCAFile:   l.str("HEALTHCHECK_CA_FILE"),
		HealthcheckCertFile: l.str("HEALTHCHECK_CERT_FILE"),
		HealthcheckKeyFile:  l.str("HEALTHCHECK_KEY_FILE"),
		OutboundTLSCertFile: l.str("OUTBOUND_TLS_CERT_FILE"),
		OutboundTLSKeyFile:  l.str("OUTBOUND_TLS_KEY_FILE"),
		OutboundTLSCAFiles:  l.list("OUTBOUND_TLS_CA_FILES"),

		AdminAddr:        l.addr("ADMIN_ADDR", "127.0.0.1:6060"),
		PProfEnabled:     l.boolean("PPROF_ENABLED", false),
		PProfToken:       l.str("PPROF_TOKEN"),
		PProfMaxSeconds:  l.positive("PPROF_MAX_SECONDS", 30),
		PProfArchiveDir:  l.str("PPROF_ARCHIVE_DIR"),
		PProfArchiveKeep: l.positive("PPROF_ARCHIVE_KEEP", 10),
		PProfCPUCeiling:  l.ratio("PPROF_CPU_CEILING", 0.85),
	}
	// automemlimit reads AUTOMEMLIMIT itself and, on a value it cannot
	// parse, leaves the service without a memory limit: reject it here.
	if v, ok := l.get("AUTOMEMLIMIT"); ok {
		if v == "off" {
			cfg.MemLimitOff = true
		} else if r, err := strconv.ParseFloat(v, 64); err != nil || math.IsNaN(r) || r <= 0 || r > 1 {
			l.fail("AUTOMEMLIMIT", v, "want off or a number greater than 0 and at most 1")
		} else {
			cfg.MemLimitRatio = r
		}
	}
	if cfg.TLSReloadInterval < minTLSReloadInterval {
		l.fail("TLS_RELOAD_INTERVAL", cfg.TLSReloadInterval.String(), "must be at least "+minTLSReloadInterval.String()+": the files are checked that often")
		cfg.TLSReloadInterval = minTLSReloadInterval
	}
	l.together("TLS_CERT_FILE", cfg.TLSCertFile, "TLS_KEY_FILE", cfg.TLSKeyFile)
	if len(cfg.TLSClientCAFiles) > 0 && !cfg.TLSEnabled() {
		l.errs = append(l.errs, errors.New("TLS_CLIENT_CA_FILES needs TLS_CERT_FILE and TLS_KEY_FILE"))
	}
	l.together("HEALTHCHECK_CERT_FILE", cfg.HealthcheckCertFile, "HEALTHCHECK_KEY_FILE", cfg.HealthcheckKeyFile)
	if len(cfg.TLSClientCAFiles) > 0 && cfg.HealthcheckCertFile == "" && cfg.HealthcheckKeyFile == "" {
		l.errs = append(l.errs, errors.New("TLS_CLIENT_CA_FILES needs HEALTHCHECK_CERT_FILE and HEALTHCHECK_KEY_FILE: "+
			"the server then requires a client certificate, and the healthcheck subcommand (container and Kubernetes probes) must present one"))
	}
	l.together("OUTBOUND_TLS_CERT_FILE", cfg.OutboundTLSCertFile, "OUTBOUND_TLS_KEY_FILE", cfg.OutboundTLSKeyFile)
	var outboundTLSVars []string
	for _, name := range []string{"OUTBOUND_TLS_CERT_FILE", "OUTBOUND_TLS_KEY_FILE", "OUTBOUND_TLS_CA_FILES"} {
		if _, ok := l.get(name); ok {
			outboundTLSVars = append(outboundTLSVars, name)
		}
	}
	if len(outboundTLSVars) > 0 && !cfg.DownstreamTLS() {
		l.errs = append(l.errs, fmt.Errorf("%s set, but only an https DOWNSTREAM_URL uses them: set DOWNSTREAM_URL to an https URL or unset %[1]s",
			strings.Join(outboundTLSVars, ", ")))
	}
	if cfg.OutboundTLSCertFile == "" {
		// By default the service presents its own pair to the downstream.
		cfg.OutboundTLSCertFile, cfg.OutboundTLSKeyFile = cfg.TLSCertFile, cfg.TLSKeyFile
	}
	// The token is a secret: errors never show its value.
	switch n := utf8.RuneCountInString(cfg.PProfToken); {
	case cfg.PProfEnabled && n == 0:
		l.errs = append(l.errs, errors.New("PPROF_TOKEN is required when PPROF_ENABLED is true"))
	case cfg.PProfEnabled && n < minPProfTokenLength:
		l.errs = append(l.errs, fmt.Errorf("PPROF_TOKEN must be at least %d characters, got %d", minPProfTokenLength, n))
	case cfg.PProfEnabled && strings.TrimSpace(cfg.PProfToken) != cfg.PProfToken:
		// Typically the trailing newline of a Secret created from a file:
		// clients would send the token without it and always get 401.
		l.errs = append(l.errs, errors.New("PPROF_TOKEN has leading or trailing whitespace (e.g. a newline from the file it was created from): remove it"))
	}
	if err := errors.Join(l.errs...); err != nil {
		return Config{}, fmt.Errorf("invalid configuration: %w", err)
	}
	return cfg, nil
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
// port) would leave the healthcheck and the probes without an address.
func (l *loader) addr(name, def string) string {
	v, ok := l.get(name)
	if !ok {
		return def
	}
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		l.fail(name, v, "want host:port, e.g. :8080")
		return def
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 {
		l.fail(name, v, "port must be a number from 1 to 65535")
		return def
	}
	return v
}

func (l *loader) str(name string) string {
	v, _ := l.get(name)
	return v
}

// url accepts an absolute http or https URL.
func (l *loader) url(name string) string {
	v, ok := l.get(name)
	if !ok {
		return ""
	}
	if !isHTTPURL(v) {
		l.fail(name, v, "want an absolute http or https URL")
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
	if !isHTTPURL(v) {
		l.errs = append(l.errs, fmt.Errorf("%s: want an absolute http or https URL (value not shown)", name))
		return ""
	}
	return v
}

func isHTTPURL(v string) bool {
	u, err := url.Parse(v)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// baseURL accepts an absolute http or https URL to which request paths are
// appended: no query, fragment or user info.
func (l *loader) baseURL(name string) string {
	v := l.url(name)
	if v == "" {
		return ""
	}
	if u, _ := url.Parse(v); u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.User != nil {
		// Credentials and query parameters may be secrets: show the URL without them.
		shown := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
		l.fail(name, shown, "want a base URL without query, fragment or user info (shown without them)")
		return ""
	}
	return v
}

// list splits a comma-separated value, dropping empty items.
func (l *loader) list(name string) []string {
	v, ok := l.get(name)
	if !ok {
		return nil
	}
	var items []string
	for item := range strings.SplitSeq(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
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
	case d < 0 || (d == 0 && !zeroOK):
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
	r, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(r) || r <= 0 || r > 1 {
		l.fail(name, v, "want a number greater than 0 and at most 1")
		return def
	}
	return r
}
