// Command payments-api runs the payments-api service: an HTTP server with health
// probes, build metadata and the routes of internal/server.
//
// Usage:
//
//	payments-api                    run the service (configured by environment variables)
//	payments-api healthcheck        exit 0 if the local instance answers GET /healthz with 200
//	payments-api healthcheck ready  exit 0 if the local instance answers GET /readyz with 200
//	payments-api --version          print the build metadata and exit
//
// README.md lists the environment variables. Exit codes: 0 after a clean
// shutdown, 1 on a runtime or configuration error (including a drain that
// had to be cut short), 2 on a usage error.
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"
	_ "time/tzdata" // time zones in a scratch image

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"

	"gitlab.example.com/platform/payments-api/internal/buildinfo"
	"gitlab.example.com/platform/payments-api/internal/config"
	"gitlab.example.com/platform/payments-api/internal/downstream"
	"gitlab.example.com/platform/payments-api/internal/platform/health"
	"gitlab.example.com/platform/payments-api/internal/platform/httpserver"
	"gitlab.example.com/platform/payments-api/internal/platform/lifecycle"
	"gitlab.example.com/platform/payments-api/internal/platform/logging"
	"gitlab.example.com/platform/payments-api/internal/platform/outbound"
	"gitlab.example.com/platform/payments-api/internal/platform/pprofadmin"
	"gitlab.example.com/platform/payments-api/internal/platform/runtimeinfo"
	"gitlab.example.com/platform/payments-api/internal/platform/telemetry"
	"gitlab.example.com/platform/payments-api/internal/platform/tlsreload"
	"gitlab.example.com/platform/payments-api/internal/server"
)

// healthcheckTimeout bounds the healthcheck subcommand.
const healthcheckTimeout = 3 * time.Second

func main() {
	os.Exit(run(os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr))
}

// run is the whole program as a function of its arguments, environment and
// output streams, returning the exit code.
func run(args []string, lookupEnv func(string) (string, bool), stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("payments-api", flag.ContinueOnError)
	flags.SetOutput(stderr)
	showVersion := flags.Bool("version", false, "print the build metadata and exit")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	info := buildinfo.Get()
	if *showVersion {
		fmt.Fprintln(stdout, "payments-api", info)
		return 0
	}

	// The arguments are checked first: a usage error exits 2 whatever the
	// environment.
	probe, err := probePath(flags.Args())
	if err != nil {
		fmt.Fprintf(stderr, "payments-api: %v\nusage: payments-api [--version] [healthcheck [ready]]\n", err)
		return 2
	}
	cfg, err := config.Load(lookupEnv)
	if err != nil {
		fmt.Fprintf(stderr, "payments-api: %v\n", err)
		return 1
	}
	if probe != "" {
		return healthcheck(cfg, probe, stderr)
	}
	// Only the serving process tries the archive directory: the healthcheck
	// subcommand, run every few seconds, writes nothing.
	if err := cfg.PProf.CheckArchiveDir(); err != nil {
		fmt.Fprintf(stderr, "payments-api: %v\n", err)
		return 1
	}
	return serve(cfg, info, stdout)
}

// probePath returns the path that the command in args checks: "" to serve
// (no arguments), the liveness path for "healthcheck", the readiness path for
// "healthcheck ready". Its errors name the argument that is wrong.
func probePath(args []string) (string, error) {
	switch {
	case len(args) == 0:
		return "", nil
	case args[0] != "healthcheck":
		return "", fmt.Errorf("unknown command %q", args[0])
	case len(args) == 1:
		return health.LivePath, nil
	case args[1] != "ready":
		return "", fmt.Errorf("healthcheck: unknown argument %q (want: ready)", args[1])
	case len(args) == 2:
		return health.ReadyPath, nil
	default:
		return "", fmt.Errorf("healthcheck ready: unexpected argument %q", args[2])
	}
}

// serve runs the service until SIGINT or SIGTERM and a graceful shutdown.
func serve(cfg config.Config, info buildinfo.Info, stdout io.Writer) int {
	// The access log and the other records share one output, which keeps
	// their order and holds access-log lines for up to LOG_FLUSH_INTERVAL;
	// every other record writes them out first.
	out := logging.NewOutput(stdout, cfg.Log.FlushInterval)
	defer func() { _ = out.Flush() }()
	logger := logging.New(out, cfg.Log.Level)
	// Log records made with a request's context carry its trace and span ids.
	logger = slog.New(telemetry.NewLogHandler(logger.Handler()))
	access := logging.NewAccessLog(out, cfg.Log.Level, telemetry.TraceIDs)
	access.ExpectUnavailable(health.ReadyPath) // a drain, not an error
	slog.SetDefault(logger)
	// Every setup step runs under the signal context: a SIGTERM during a slow
	// start (e.g. reading certificates) stops it like one later on.
	ctx, stop := lifecycle.SignalContext(context.Background(), func(sig os.Signal) {
		logger.Error("second signal, exiting immediately", "signal", sig.String()) // writes the held lines first
		os.Exit(1)
	})
	defer stop()
	logger.Info("starting", "version", info.Version, "commit", info.Commit, "build_time", info.BuildTime, "go_version", info.GoVersion)
	runtimeinfo.LogCPU(logger)
	// GOMEMLIMIT follows the cgroup memory limit until serve returns.
	stopMemoryLimit := runtimeinfo.SetMemoryLimit(logger, cfg.Memory.LimitRatio, cfg.Memory.LimitOff)
	defer stopMemoryLimit()

	a := &app{
		cfg:    cfg,
		logger: logger,
		access: access,
		runner: lifecycle.New(lifecycle.Options{
			Logger:          logger,
			ShutdownDelay:   cfg.HTTP.ShutdownDelay,
			ShutdownTimeout: cfg.HTTP.ShutdownTimeout,
		}),
	}
	if err := a.setUp(ctx, info); err != nil {
		logger.Error("setup failed", "error", err.Error())
		return 1
	}
	if err := a.runner.Run(ctx); err != nil {
		return 1
	}
	return 0
}

// app is what the setup steps share: they register servers, workers and
// cleanups with the runner.
type app struct {
	cfg         config.Config
	logger      *slog.Logger
	access      *logging.AccessLog
	runner      *lifecycle.Runner
	serverCerts *tlsreload.Reloader // nil when the server speaks plain HTTP
	certExpiry  telemetry.CertExpiry
}

// setUp builds the service and registers everything the runner runs.
func (a *app) setUp(ctx context.Context, info buildinfo.Info) (err error) {
	probes := &health.Probes{}
	a.runner.OnShutdown(probes.ShutDown)
	deps := server.Deps{Logger: a.logger, AccessLog: a.access, Probes: probes, Build: info}

	tel, err := telemetry.Setup(ctx, telemetry.Config{
		ServiceName:     "payments-api",
		ServiceVersion:  info.Version,
		TracesExporter:  a.cfg.OTel.TracesExporter,
		MetricsExporter: a.cfg.OTel.MetricsExporter,
		Logger:          a.logger,
		CertExpiry:      &a.certExpiry,
	})
	if err != nil {
		return fmt.Errorf("telemetry: %w", err)
	}
	// The runner flushes the providers at the very end of the shutdown,
	// after the servers drained and the workers stopped; a failed start
	// stops them here, not under ctx: a signal that cancelled it, and so
	// the start, would lose the last flush.
	a.runner.AddCleanup("telemetry", tel.Shutdown)
	defer func() {
		if err != nil {
			flushCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lifecycle.CleanupTimeout)
			defer cancel()
			err = errors.Join(err, tel.Shutdown(flushCtx))
		}
	}()
	deps.Telemetry = tel

	if t := a.cfg.TLS; t.Enabled() {
		// The probes' own pair is checked first, so that its own faults
		// (expired, no clientAuth usage) are named as such, not as a pair
		// that the client CAs refuse.
		if err := a.watchHealthcheckCert(ctx); err != nil {
			return fmt.Errorf("healthcheck client certificate (HEALTHCHECK_CERT_FILE, HEALTHCHECK_KEY_FILE): %w", err)
		}
		// The probes may present the server's own pair: it must then allow
		// client authentication too. Whichever they present, the client CAs
		// must accept it.
		probesShare := t.HealthcheckCertFile == t.CertFile && t.HealthcheckKeyFile == t.KeyFile
		vars := "TLS_CERT_FILE, TLS_KEY_FILE, TLS_CLIENT_CA_FILES"
		if t.HealthcheckCertFile != "" {
			vars += ", HEALTHCHECK_CERT_FILE"
		}
		if a.serverCerts, err = a.reloader(ctx, tlsreload.Config{
			CertFile:            t.CertFile,
			KeyFile:             t.KeyFile,
			AlsoClient:          probesShare,
			ClientCAFiles:       t.ClientCAFiles,
			HealthcheckCertFile: t.HealthcheckCertFile,
		}, "tls-reload"); err != nil {
			return fmt.Errorf("tls (%s): %w", vars, err)
		}
		// Whether clients must present a certificate: unsetting
		// TLS_CLIENT_CA_FILES turns that off, and the log says so.
		clientCerts := "required"
		if len(a.cfg.TLS.ClientCAFiles) == 0 {
			clientCerts = "not requested: TLS_CLIENT_CA_FILES is unset"
		}
		a.logger.Info("serving tls", "client_certificates", clientCerts)
	}

	if a.cfg.Outbound.DownstreamURL != "" {
		client, err := a.downstreamClient(ctx, tel)
		if err != nil {
			return fmt.Errorf("downstream client: %w", err)
		}
		a.runner.AddCleanup("downstream-client", func(context.Context) error {
			client.CloseIdleConnections()
			return nil
		})
		deps.Downstream = downstream.NewHandler(client, a.logger)
	}

	if a.serverCerts != nil {
		// The client certificate check runs inside the request id and the
		// access log: its 421 is logged and carries X-Request-ID.
		deps.Admit = a.serverCerts.Admit
	}

	public := httpserver.New(a.cfg.HTTP.Addr, server.New(deps), a.logger)
	if a.serverCerts != nil {
		a.serverCerts.ConfigureTLS(public)
	}
	a.runner.AddServer("http", public)

	if a.cfg.PProf.Enabled {
		if err := a.pprofServer(); err != nil {
			return fmt.Errorf("pprof: %w", err)
		}
	}
	return nil
}

// reloader loads a certificate (and CA) set with the service's reload
// interval and expiry warnings, and runs its reloads as the worker name.
func (a *app) reloader(ctx context.Context, c tlsreload.Config, name string) (*tlsreload.Reloader, error) {
	c.ReloadInterval = a.cfg.TLS.ReloadInterval
	c.ExpiryWarn = a.cfg.TLS.ExpiryWarn
	c.WebhookURL = a.cfg.TLS.ExpiryWebhookURL
	c.OnCertificates = a.certExpiry.Source()
	r, err := tlsreload.New(ctx, c, a.logger)
	if err != nil {
		return nil, err
	}
	a.runner.AddWorker(name, r.Run)
	return r, nil
}

// watchHealthcheckCert loads the client certificate of the probes,
// HEALTHCHECK_CERT_FILE, with a reloader of its own, only for its expiry
// warnings (the healthcheck subcommand loads it itself): when it expires, the
// probes of every replica fail at once. Like the server's, it must load at
// start. The server's own pair is watched already.
func (a *app) watchHealthcheckCert(ctx context.Context) error {
	t := a.cfg.TLS
	if t.HealthcheckCertFile == "" || (t.HealthcheckCertFile == t.CertFile && t.HealthcheckKeyFile == t.KeyFile) {
		return nil
	}
	_, err := a.reloader(ctx, tlsreload.Config{
		CertFile: t.HealthcheckCertFile,
		KeyFile:  t.HealthcheckKeyFile,
		CertKind: tlsreload.KindHealthcheckClient,
	}, "healthcheck-tls-reload")
	return err
}

// downstreamClient returns the client of the downstream service at
// DOWNSTREAM_URL, used by GET /v1/downstream/version. Its requests carry the
// trace context (traceparent) of the incoming request.
// Over https it presents OUTBOUND_TLS_CERT_FILE (by default the server's own
// pair) and verifies the downstream against OUTBOUND_TLS_CA_FILES.
func (a *app) downstreamClient(ctx context.Context, tel *telemetry.Telemetry) (*outbound.Client, error) {
	out := outbound.Config{BaseURL: a.cfg.Outbound.DownstreamURL, Timeout: a.cfg.Outbound.Timeout}
	out.Wrap = func(rt http.RoundTripper) http.RoundTripper {
		return otelhttp.NewTransport(rt,
			otelhttp.WithTracerProvider(tel.TracerProvider),
			otelhttp.WithMeterProvider(tel.MeterProvider),
			otelhttp.WithPropagators(tel.Propagator))
	}
	if a.cfg.Outbound.UsesTLS() {
		tlsConfig, err := a.outboundTLS(ctx)
		if err != nil {
			return nil, fmt.Errorf("outbound tls: %w", err)
		}
		out.TLS = tlsConfig
	}
	return outbound.New(out)
}

// outboundTLS returns the TLS configuration of outbound calls: it presents
// OUTBOUND_TLS_CERT_FILE (by default the server's own pair, then served by
// the server's reloader), reloaded like the server's, and verifies the
// downstream against OUTBOUND_TLS_CA_FILES (the system roots when empty).
func (a *app) outboundTLS(ctx context.Context) (*tls.Config, error) {
	o := a.cfg.Outbound
	roots, err := tlsreload.LoadCertPool(o.TLSCAFiles)
	if err != nil {
		return nil, err
	}
	if o.TLSCertFile == "" {
		return &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots}, nil
	}
	certs := a.serverCerts
	if certs == nil || o.TLSCertFile != a.cfg.TLS.CertFile || o.TLSKeyFile != a.cfg.TLS.KeyFile {
		certs, err = a.reloader(ctx, tlsreload.Config{
			CertFile: o.TLSCertFile,
			KeyFile:  o.TLSKeyFile,
			CertKind: tlsreload.KindClient,
		}, "outbound-tls-reload")
		if err != nil {
			return nil, fmt.Errorf("OUTBOUND_TLS_CERT_FILE, OUTBOUND_TLS_KEY_FILE: %w", err)
		}
	}
	return certs.ClientTLSConfig(roots)
}

// pprofServer registers the admin server with pprof and the CPU meter that
// guards it: CPU profiles and traces are refused while the process's CPU
// use over the last seconds is above PPROF_CPU_CEILING.
func (a *app) pprofServer() error {
	p := a.cfg.PProf
	meter := pprofadmin.NewProcessMeter(0)
	profiles, err := pprofadmin.New(pprofadmin.Config{
		Token:       p.Token,
		MaxSeconds:  p.MaxSeconds,
		ArchiveDir:  p.ArchiveDir,
		ArchiveKeep: p.ArchiveKeep,
		CPUCeiling:  p.CPUCeiling,
	}, meter, a.logger)
	if err != nil {
		return err
	}
	a.runner.AddWorker("cpu-meter", meter.Run)
	// The wrong-token requests held back for the warning at the end of their
	// minute are logged at the end of the shutdown, after the admin server
	// drained: the process may end within that minute.
	a.runner.AddCleanup("pprof-warnings", func(context.Context) error {
		profiles.FlushWarnings()
		return nil
	})
	if !a.cfg.Admin.Loopback() {
		a.logger.Warn("ADMIN_ADDR is not a loopback address: pprof is reachable from the network, guarded by PPROF_TOKEN alone", "addr", a.cfg.Admin.Addr)
	}
	admin := httpserver.New(a.cfg.Admin.Addr, profiles, a.logger)
	admin.WriteTimeout = profiles.WriteTimeout() // profiles stream for up to PPROF_MAX_SECONDS
	a.runner.AddDiagnosticServer("admin", admin)
	return nil
}

// healthcheck GETs path on the local instance and returns the exit code, for
// container HEALTHCHECKs and probes in images without a shell or curl.
//
// When the server serves TLS, so does the check: it verifies the server
// certificate against HEALTHCHECK_CA_FILE and presents the client
// certificate HEALTHCHECK_CERT_FILE.
func healthcheck(cfg config.Config, path string, stderr io.Writer) int {
	ctx, cancel := context.WithTimeout(context.Background(), healthcheckTimeout)
	defer cancel()
	// The local instance is asked directly, never through the proxy of the
	// environment (HTTP_PROXY, set for egress in many pods and hosts), which
	// would fail the check of a healthy service. One request: no keep-alive.
	transport := &http.Transport{Proxy: nil, DisableKeepAlives: true}
	client := &http.Client{Timeout: healthcheckTimeout, Transport: transport}
	scheme := "http"
	if cfg.TLS.Enabled() {
		tlsConfig, err := tlsreload.ClientConfig(cfg.TLS.HealthcheckCAFile, cfg.TLS.HealthcheckCertFile, cfg.TLS.HealthcheckKeyFile)
		if err != nil {
			fmt.Fprintf(stderr, "payments-api: health check: %v\n", err)
			return 1
		}
		transport.TLSClientConfig = tlsConfig
		scheme = "https"
	}
	url, err := health.LocalURL(scheme, cfg.HTTP.Addr, path)
	if err == nil {
		err = health.Check(ctx, client, url)
	}
	if err != nil {
		fmt.Fprintf(stderr, "payments-api: %v\n", err)
		return 1
	}
	return 0
}
