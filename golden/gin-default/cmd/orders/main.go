// Command orders is an HTTP service that creates orders.
//
// Usage:
//
//	orders              run the service (configured by environment variables)
//	orders healthcheck  exit 0 if the local instance answers GET /healthz with 200
//	orders --version    print the build metadata and exit
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

	"example.com/acme/orders/internal/buildinfo"
	"example.com/acme/orders/internal/config"
	"example.com/acme/orders/internal/platform/health"
	"example.com/acme/orders/internal/platform/httpserver"
	"example.com/acme/orders/internal/platform/lifecycle"
	"example.com/acme/orders/internal/platform/logging"
	"example.com/acme/orders/internal/platform/runtimeinfo"
	"example.com/acme/orders/internal/server"
)

// healthcheckTimeout bounds the healthcheck subcommand.
const healthcheckTimeout = 3 * time.Second

func main() {
	os.Exit(run(os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr))
}

// run is the whole program as a function of its arguments, environment and
// output streams, returning the exit code.
func run(args []string, lookupEnv func(string) (string, bool), stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("orders", flag.ContinueOnError)
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
		fmt.Fprintln(stdout, "orders", info)
		return 0
	}

	cfg, err := config.Load(lookupEnv)
	if err != nil {
		fmt.Fprintf(stderr, "orders: %v\n", err)
		return 1
	}

	switch cmd := flags.Arg(0); {
	case cmd == "" && flags.NArg() == 0:
		return serve(cfg, info, stdout)
	case cmd == "healthcheck" && flags.NArg() == 1:
		return healthcheck(cfg, stderr)
	default:
		fmt.Fprintf(stderr, "orders: unknown command %q\nusage: orders [--version] [healthcheck]\n", cmd)
		return 2
	}
}

// serve runs the service until SIGINT or SIGTERM and a graceful shutdown.
func serve(cfg config.Config, info buildinfo.Info, stdout io.Writer) int {
	logger := logging.New(stdout, cfg.LogLevel)
	slog.SetDefault(logger)
	logger.Info("starting", "version", info.Version, "commit", info.Commit, "build_time", info.BuildTime, "go_version", info.GoVersion)
	runtimeinfo.LogCPU(logger)
	runtimeinfo.SetMemoryLimit(logger, cfg.MemLimitRatio)

	probes := &health.Probes{}
	handler := server.New(server.Deps{Logger: logger, Probes: probes, Build: info})

	runner := lifecycle.New(lifecycle.Options{
		Logger:          logger,
		ShutdownDelay:   cfg.ShutdownDelay,
		ShutdownTimeout: cfg.ShutdownTimeout,
	})
	runner.OnShutdown(probes.ShutDown)
	runner.AddServer("http", httpserver.New(cfg.HTTPAddr, handler, logger))

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

// healthcheck probes the local instance, for container HEALTHCHECKs in
// images without a shell or curl.
func healthcheck(cfg config.Config, stderr io.Writer) int {
	ctx, cancel := context.WithTimeout(context.Background(), healthcheckTimeout)
	defer cancel()
	if err := health.Check(ctx, &http.Client{Timeout: healthcheckTimeout}, cfg.HTTPAddr); err != nil {
		fmt.Fprintf(stderr, "orders: %v\n", err)
		return 1
	}
	return 0
}
