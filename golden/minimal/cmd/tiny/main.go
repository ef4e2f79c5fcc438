// Command tiny runs the tiny service: an HTTP server with health
// probes, build metadata and the routes of internal/server.
//
// Usage:
//
//	tiny                    run the service (configured by environment variables)
//	tiny healthcheck        exit 0 if the local instance answers GET /healthz with 200
//	tiny healthcheck ready  exit 0 if the local instance answers GET /readyz with 200
//	tiny --version          print the build metadata and exit
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

	"example.com/acme/tiny/internal/buildinfo"
	"example.com/acme/tiny/internal/config"
	"example.com/acme/tiny/internal/platform/health"
	"example.com/acme/tiny/internal/platform/httpserver"
	"example.com/acme/tiny/internal/platform/lifecycle"
	"example.com/acme/tiny/internal/platform/logging"
	"example.com/acme/tiny/internal/platform/runtimeinfo"
	"example.com/acme/tiny/internal/server"
)

// healthcheckTimeout bounds the healthcheck subcommand.
const healthcheckTimeout = 3 * time.Second

func main() {
	os.Exit(run(os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr))
}

// run is the whole program as a function of its arguments, environment and
// output streams, returning the exit code.
func run(args []string, lookupEnv func(string) (string, bool), stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("tiny", flag.ContinueOnError)
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
		fmt.Fprintln(stdout, "tiny", info)
		return 0
	}

	// The arguments are checked first: a usage error exits 2 whatever the
	// environment.
	probe, err := probePath(flags.Args())
	if err != nil {
		fmt.Fprintf(stderr, "tiny: %v\nusage: tiny [--version] [healthcheck [ready]]\n", err)
		return 2
	}
	cfg, err := config.Load(lookupEnv)
	if err != nil {
		fmt.Fprintf(stderr, "tiny: %v\n", err)
		return 1
	}
	if probe != "" {
		return healthcheck(cfg, probe, stderr)
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
	access := logging.NewAccessLog(out, cfg.Log.Level)
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
	cfg    config.Config
	logger *slog.Logger
	access *logging.AccessLog
	runner *lifecycle.Runner
}

// setUp builds the service and registers everything the runner runs.
func (a *app) setUp(ctx context.Context, info buildinfo.Info) (err error) {
	probes := &health.Probes{}
	a.runner.OnShutdown(probes.ShutDown)
	deps := server.Deps{Logger: a.logger, AccessLog: a.access, Probes: probes, Build: info}

	public := httpserver.New(a.cfg.HTTP.Addr, server.New(deps), a.logger)
	a.runner.AddServer("http", public)
	return nil
}

// healthcheck GETs path on the local instance and returns the exit code, for
// container HEALTHCHECKs and probes in images without a shell or curl.
func healthcheck(cfg config.Config, path string, stderr io.Writer) int {
	ctx, cancel := context.WithTimeout(context.Background(), healthcheckTimeout)
	defer cancel()
	// The local instance is asked directly, never through the proxy of the
	// environment (HTTP_PROXY, set for egress in many pods and hosts), which
	// would fail the check of a healthy service. One request: no keep-alive.
	transport := &http.Transport{Proxy: nil, DisableKeepAlives: true}
	client := &http.Client{Timeout: healthcheckTimeout, Transport: transport}
	url, err := health.LocalURL("http", cfg.HTTP.Addr, path)
	if err == nil {
		err = health.Check(ctx, client, url)
	}
	if err != nil {
		fmt.Fprintf(stderr, "tiny: %v\n", err)
		return 1
	}
	return 0
}
