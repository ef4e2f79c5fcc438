// Command payments-api is an HTTP service that creates orders.
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

	cfg, err := config.Load(lookupEnv)
	if err != nil {
		fmt.Fprintf(stderr, "payments-api: %v\n", err)
		return 1
	}

	switch cmd := flags.Arg(0); {
	case cmd == "" && flags.NArg() == 0:
		return serve(cfg, info, stdout)
	case cmd == "healthcheck" && flags.NArg() == 1:
		return healthcheck(cfg, health.LivePath, stderr)
	case cmd == "healthcheck" && flags.NArg() == 2 && flags.Arg(1) == "ready":
		return healthcheck(cfg, health.ReadyPath, stderr)
	default:
		fmt.Fprintf(stderr, "payments-api: unknown command %q\nusage: payments-api [--version] [healthcheck [ready]]\n", cmd)
		return 2
	}
}

// serve runs the service until SIGINT or SIGTERM and a graceful shutdown.
func serve(cfg config.Config, info buildinfo.Info, stdout io.Writer) int {
	logger := logging.New(stdout, cfg.LogLevel)
	// Log records made with a request's context carry its trace and span ids.
	logger = slog.New(telemetry.NewLogHandler(logger.Handler()))
	slog.SetDefault(logger)
	logger.Info("starting", "version", info.Version, "commit", info.Commit, "build_time", info.BuildTime, "go_version", info.GoVersion)
	runtimeinfo.LogCPU(logger)
	runtimeinfo.SetMemoryLimit(logger, cfg.MemLimitRatio, cfg.MemLimitOff)

	runner := lifecycle.New(lifecycle.Options{
		Logger:          logger,
		ShutdownDelay:   cfg.ShutdownDelay,
		ShutdownTimeout: cfg.ShutdownTimeout,
	})
	probes := &health.Probes{}
	runner.OnShutdown(probes.ShutDown)
	deps := server.Deps{Logger: logger, Probes: probes, Build: info}

	var certExpiry telemetry.CertExpiry
	var serverCerts *tlsreload.Reloader
	if cfg.TLSEnabled() {
		reloader, err := tlsreload.New(context.Background(), tlsreload.Config{
			CertFile:       cfg.TLSCertFile,
			KeyFile:        cfg.TLSKeyFile,
			ClientCAFiles:  cfg.TLSClientCAFiles,
			ReloadInterval: cfg.TLSReloadInterval,
			ExpiryWarn:     cfg.TLSExpiryWarn,
			WebhookURL:     cfg.TLSExpiryWebhookURL,
			OnCertificates: certExpiry.Source(),
		}, logger)
		if err != nil {
			logger.Error("tls setup failed", "error", err.Error())
			return 1
		}
		serverCerts = reloader
		runner.AddWorker("tls-reload", reloader.Run)
	}

	if cfg.DownstreamURL != "" {
		client, err := downstreamClient(cfg, runner, serverCerts, &certExpiry, logger)
		if err != nil {
			logger.Error("downstream client setup failed", "error", err.Error())
			return 1
		}
		runner.AddCleanup("downstream-client", func(context.Context) error {
			client.CloseIdleConnections()
			return nil
		})
		deps.Downstream = downstream.NewHandler(client, logger)
	}
	// Set up after the steps that can fail; the runner flushes the providers
	// at the very end of the shutdown.
	tel, err := telemetry.Setup(context.Background(), telemetry.Config{
		ServiceName:    "payments-api",
		ServiceVersion: info.Version,
		Logger:         logger,
		CertExpiry:     &certExpiry,
	})
	if err != nil {
		logger.Error("telemetry setup failed", "error", err.Error())
		return 1
	}
	// Cleanups run after the servers drained and the workers stopped.
	runner.AddCleanup("telemetry", tel.Shutdown)
	deps.Telemetry = tel

	public := httpserver.New(cfg.HTTPAddr, server.New(deps), logger)
	if serverCerts != nil {
		public.TLSConfig = serverCerts.TLSConfig()
	}
	runner.AddServer("http", public)

	if cfg.PProfEnabled {
		// CPU profiles and traces are refused while the process's CPU use
		// over the last seconds is above PPROF_CPU_CEILING.
		meter := pprofadmin.NewProcessMeter(0)
		profiles, err := pprofadmin.New(pprofadmin.Config{
			Token:       cfg.PProfToken,
			MaxSeconds:  cfg.PProfMaxSeconds,
			ArchiveDir:  cfg.PProfArchiveDir,
			ArchiveKeep: cfg.PProfArchiveKeep,
			CPUCeiling:  cfg.PProfCPUCeiling,
		}, meter, logger)
		if err != nil {
			logger.Error("pprof setup failed", "error", err.Error())
			return 1
		}
		runner.AddWorker("cpu-meter", meter.Run)
		admin := httpserver.New(cfg.AdminAddr, profiles, logger)
		admin.WriteTimeout = profiles.WriteTimeout() // profiles stream for up to PPROF_MAX_SECONDS
		runner.AddServer("admin", admin)
	}

	ctx, stop := lifecycle.SignalContext(context.Background(), func(sig os.Signal) {
		logger.Error("second signal, exiting immediately", "signal", sig.String())
		os.Exit(1)
	})
	defer stop()
	if err := runner.Run(ctx); err != nil {
		return 1
	}
	return 0
}

// downstreamClient returns the client of the downstream service at
// DOWNSTREAM_URL, used by GET /v1/downstream/version.
// Its requests carry the trace context (traceparent) of the incoming request.
// Over https it presents OUTBOUND_TLS_CERT_FILE (by default the server's own
// pair) and verifies the downstream against OUTBOUND_TLS_CA_FILES.
func downstreamClient(cfg config.Config, runner *lifecycle.Runner, serverCerts *tlsreload.Reloader, certExpiry *telemetry.CertExpiry, logger *slog.Logger) (*outbound.Client, error) {
	outCfg := outbound.Config{BaseURL: cfg.DownstreamURL, Timeout: cfg.OutboundTimeout}
	outCfg.Wrap = func(rt http.RoundTripper) http.RoundTripper { return otelhttp.NewTransport(rt) }
	if cfg.DownstreamTLS() {
		tlsConfig, err := outboundTLS(cfg, runner, serverCerts, certExpiry, logger)
		if err != nil {
			return nil, fmt.Errorf("outbound tls: %w", err)
		}
		outCfg.TLS = tlsConfig
	}
	return outbound.New(outCfg)
}

// outboundTLS returns the TLS configuration of outbound calls: it presents
// OUTBOUND_TLS_CERT_FILE (by default the server's own pair, then served by
// the server's reloader), reloaded like the server's, and verifies the
// downstream against OUTBOUND_TLS_CA_FILES (the system roots when empty).
func outboundTLS(cfg config.Config, runner *lifecycle.Runner, serverCerts *tlsreload.Reloader, certExpiry *telemetry.CertExpiry, logger *slog.Logger) (*tls.Config, error) {
	roots, err := tlsreload.LoadCertPool(cfg.OutboundTLSCAFiles)
	if err != nil {
		return nil, err
	}
	if cfg.OutboundTLSCertFile == "" {
		return &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots}, nil
	}
	certs := serverCerts
	if certs == nil || cfg.OutboundTLSCertFile != cfg.TLSCertFile || cfg.OutboundTLSKeyFile != cfg.TLSKeyFile {
		certs, err = tlsreload.New(context.Background(), tlsreload.Config{
			CertFile:       cfg.OutboundTLSCertFile,
			KeyFile:        cfg.OutboundTLSKeyFile,
			CertKind:       tlsreload.KindClient,
			ReloadInterval: cfg.TLSReloadInterval,
			ExpiryWarn:     cfg.TLSExpiryWarn,
			WebhookURL:     cfg.TLSExpiryWebhookURL,
			OnCertificates: certExpiry.Source(),
		}, logger)
		if err != nil {
			return nil, err
		}
		runner.AddWorker("outbound-tls-reload", certs.Run)
	}
	return certs.ClientTLSConfig(roots)
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
	client := &http.Client{Timeout: healthcheckTimeout}
	scheme := "http"
	if cfg.TLSEnabled() {
		tlsConfig, err := tlsreload.ClientConfig(cfg.HealthcheckCAFile, cfg.HealthcheckCertFile, cfg.HealthcheckKeyFile)
		if err != nil {
			fmt.Fprintf(stderr, "payments-api: health check: %v\n", err)
			return 1
		}
		client.Transport = &http.Transport{TLSClientConfig: tlsConfig}
		scheme = "https"
	}
	url, err := health.LocalURL(scheme, cfg.HTTPAddr, path)
	if err == nil {
		err = health.Check(ctx, client, url)
	}
	if err != nil {
		fmt.Fprintf(stderr, "payments-api: %v\n", err)
		return 1
	}
	return 0
}
