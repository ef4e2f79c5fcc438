//go:build linux

// Command service benchmarks the services gonew-prod renders, one golden case at a time,
// the way they run in production: stripped static binary size, startup to the first 200
// on /healthz, idle RSS, POST /v1/orders throughput, latency and server CPU with the
// full middleware stack against a bare server on the same framework (with OpenTelemetry
// compiled in: exporting nothing, and exporting over OTLP to a local receiver with two
// samplers), a CPU profile of the full stack under load broken down by middleware, a
// SIGTERM drain under load, and (with optional features in the code) startup and RSS
// with everything on, the mTLS handshake rate and the binary cost of each optional
// feature.
//
// It prints figures next to their targets and asserts nothing. Run it from the
// repository root:
//
//	go run ./bench/service [-cases gin-default,echo-default] [-n 20] [-features=false]
//
// bench/README.md explains every measurement.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// options are the command-line settings.
type options struct {
	root     string
	cases    []string
	starts   int
	rssRuns  int
	clients  int
	warmup   time.Duration
	window   time.Duration
	rounds   int
	features bool
	tlsTime  time.Duration
	keep     bool
}

func parseFlags() options {
	var o options
	var cases string
	flag.StringVar(&o.root, "root", ".", "repository root (holds golden/ and cmd/gonew-prod)")
	flag.StringVar(&cases, "cases", "gin-default,echo-default,minimal", "comma-separated golden cases to measure")
	flag.IntVar(&o.starts, "n", 20, "starts timed per case")
	flag.IntVar(&o.rssRuns, "rss-runs", 3, "starts whose idle RSS is read (the median is reported)")
	flag.IntVar(&o.clients, "clients", 32, "concurrent keep-alive clients of the load and drain runs")
	flag.DurationVar(&o.warmup, "warmup", time.Second, "load warm-up before each measured window")
	flag.DurationVar(&o.window, "duration", 5*time.Second, "measured load window")
	flag.IntVar(&o.rounds, "rounds", 2, "bare/full load rounds, alternating; the best of each is reported")
	flag.BoolVar(&o.features, "features", true, "render each framework with and without each optional feature and report binary costs")
	flag.DurationVar(&o.tlsTime, "tls-duration", 3*time.Second, "measured window of the TLS handshake rate")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary directory")
	flag.Parse()
	for c := range strings.SplitSeq(cases, ",") {
		if c = strings.TrimSpace(c); c != "" {
			o.cases = append(o.cases, c)
		}
	}
	return o
}

func main() {
	o := parseFlags()
	if err := validate(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench/service:", err)
		os.Exit(2)
	}
	work, err := os.MkdirTemp("", "gonew-prod-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/service:", err)
		os.Exit(1)
	}
	cleanup := func() {
		killAll()
		if o.keep {
			logf("kept %s", work)
			return
		}
		_ = os.RemoveAll(work)
	}

	// SIGINT/SIGTERM: end every child at once and leave.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-sigs
		logf("%v: stopping", sig)
		cleanup()
		os.Exit(130)
	}()

	code := run(context.Background(), o, work, cleanup)
	os.Exit(code)
}

// run measures everything and prints the report; cleanup runs before it returns, also
// when a measurement panics.
func run(ctx context.Context, o options, work string, cleanup func()) (code int) {
	defer func() {
		if r := recover(); r != nil {
			cleanup()
			panic(r)
		}
		cleanup()
	}()
	began := time.Now()
	var results []*caseResult
	var frameworks []string
	for _, name := range o.cases {
		r := runCase(ctx, o, work, name)
		results = append(results, r)
		if r.framework != "" && !slices.Contains(frameworks, r.framework) {
			frameworks = append(frameworks, r.framework)
		}
	}
	var costs []variant
	var costErr error
	if o.features && len(frameworks) > 0 {
		cli := filepath.Join(work, "gonew-prod")
		logf("feature cost: building gonew-prod")
		if _, costErr = runCmd(ctx, buildTimeout, o.root, []string{"CGO_ENABLED=0"}, "go", "build", "-o", cli, "./cmd/gonew-prod"); costErr == nil {
			costs = featureCost(ctx, cli, work, frameworks)
		}
	}
	report(os.Stdout, o, results, costs, costErr, time.Since(began))
	for _, r := range results {
		if len(r.errs) > 0 {
			code = 1
		}
	}
	if costErr != nil {
		code = 1
	}
	return code
}

func validate(o options) error {
	if len(o.cases) == 0 {
		return errors.New("no cases")
	}
	for _, c := range o.cases {
		if strings.ContainsAny(c, `/\`) || c == ".." {
			return fmt.Errorf("bad case name %q", c)
		}
		if _, err := os.Stat(filepath.Join(o.root, "golden", c, "go.mod")); err != nil {
			return fmt.Errorf("case %s: %w", c, err)
		}
	}
	switch {
	case o.starts < 1 || o.starts > 1000:
		return errors.New("-n must be between 1 and 1000")
	case o.rssRuns < 1 || o.rssRuns > 100:
		return errors.New("-rss-runs must be between 1 and 100")
	case o.clients < 1 || o.clients > 1024:
		return errors.New("-clients must be between 1 and 1024")
	case o.rounds < 1 || o.rounds > 10:
		return errors.New("-rounds must be between 1 and 10")
	case o.window <= 0 || o.window > 10*time.Minute || o.warmup < 0 || o.warmup > time.Minute:
		return errors.New("-duration must be in (0, 10m] and -warmup in [0, 1m]")
	case o.tlsTime <= 0 || o.tlsTime > 10*time.Minute:
		return errors.New("-tls-duration must be in (0, 10m]")
	}
	return nil
}

// logf reports progress on stderr; the report goes to stdout.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s bench: %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

// machine describes where the figures were measured.
func machine() string {
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("%d cores (%s), %s %s/%s", runtime.NumCPU(), cpu, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
