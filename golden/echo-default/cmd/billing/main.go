// Command billing is an HTTP service that creates orders.
//
// Usage:
//
//	billing                    run the service (configured by environment variables)
//	billing healthcheck        exit 0 if the local instance answers GET /healthz with 200
//	billing healthcheck ready  exit 0 if the local instance answers GET /readyz with 200
//	billing --version          print the build metadata and exit
//
// README.md lists the environment variables. Exit codes: 0 after a clean
// shutdown, 1 on a runtime or configuration error (including a drain that
// had to be cut short), 2 on a usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"
	_ "time/tzdata" // time zones in a scratch image

	"example.com/acme/billing/internal/buildinfo"
	"example.com/acme/billing/internal/config"
	"example.com/acme/billing/internal/platform/health"
	"example.com/acme/billing/internal/platform/httpserver"
	"example.com/acme/billing/internal/platform/lifecycle"
	"example.com/acme/billing/internal/platform/logging"
	"example.com/acme/billing/internal/platform/pprofadmin"
	"example.com/acme/billing/internal/platform/runtimeinfo"
	"example.com/acme/billing/internal/platform/telemetry"
	"example.com/acme/billing/internal/platform/tlsreload"
	"example.com/acme/billing/internal/server"
)

// healthcheckTimeout bounds the healthcheck subcommand.
const healthcheckTimeout = 3 * time.Second

func main() {
	os.Exit(run(os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr))
}

// run is the whole program as a function of its arguments, environment and
// output streams, returning the exit code.
func run(args []string, lookupEnv func(string) (string, bool), stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("billing", flag.ContinueOnError)
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
		fmt.Fprintln(stdout, "billing", info)
		return 0
	}

	cfg, err := config.Load(lookupEnv)
	if err != nil {
		fmt.Fprintf(stderr, "billing: %v\n", err)
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
		fmt.Fprintf(stderr, "billing: unknown command %q\nusage: billing [--version] [healthcheck [ready]]\n", cmd)
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
	runtimeinfo.SetMemoryLimit(logger, cfg.MemLimitRatio)

	runner := lifecycle.New(lifecycle.Options{
		Logger:          logger,
		ShutdownDelay:   cfg.ShutdownDelay,
		ShutdownTimeout: cfg.ShutdownTimeout,
	})
	probes := &health.Probes{}
	runner.OnShutdown(probes.ShutDown)
	public := httpserver.New(cfg.HTTPAddr, server.New(server.Deps{Logger: logger, Probes: probes, Build: info}), logger)

	var certExpiry telemetry.CertExpiry
	if cfg.TLSEnabled() {
		reloader, err := tlsreload.New(context.Background(), tlsreload.Config{
			CertFile:       cfg.TLSCertFile,
			KeyFile:        cfg.TLSKeyFile,
			ClientCAFiles:  cfg.TLSClientCAFiles,
			ReloadInterval: cfg.TLSReloadInterval,
			ExpiryWarn:     cfg.TLSExpiryWarn,
			WebhookURL:     cfg.TLSExpiryWebhookURL,
			OnExpiry:       certExpiry.Observe,
		}, logger)
		if err != nil {
			logger.Error("tls setup failed", "error", err.Error())
			return 1
		}
		public.TLSConfig = reloader.TLSConfig()
		runner.AddWorker("tls-reload", reloader.Run)
	}

	runner.AddServer("http", public)

	if cfg.PProfEnabled {
		profiles, err := pprofadmin.New(pprofadmin.Config{
			Token:       cfg.PProfToken,
			MaxSeconds:  cfg.PProfMaxSeconds,
			ArchiveDir:  cfg.PProfArchiveDir,
			ArchiveKeep: cfg.PProfArchiveKeep,
		}, logger)
		if err != nil {
			logger.Error("pprof setup failed", "error", err.Error())
			return 1
		}
		admin := httpserver.New(cfg.AdminAddr, profiles, logger)
		admin.WriteTimeout = profiles.WriteTimeout() // profiles stream for up to PPROF_MAX_SECONDS
		runner.AddServer("admin", admin)
	}

	// Set up after the steps that can fail; the runner flushes the providers
	// at the very end of the shutdown.
	shutdownTelemetry, err := telemetry.Setup(context.Background(), telemetry.Config{
		ServiceName:    "billing",
		ServiceVersion: info.Version,
		Logger:         logger,
		CertExpiry:     &certExpiry,
	})
	if err != nil {
		logger.Error("telemetry setup failed", "error", err.Error())
		return 1
	}
	// Cleanups run after the servers drained and the workers stopped.
	runner.AddCleanup("telemetry", shutdownTelemetry)

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
			fmt.Fprintf(stderr, "billing: health check: %v\n", err)
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
		fmt.Fprintf(stderr, "billing: %v\n", err)
		return 1
	}
	return 0
}
