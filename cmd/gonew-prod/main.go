// Gonew-prod scaffolds production-ready Go microservices.
//
// Usage:
//
//	gonew-prod new [flags] [DIR]
//	gonew-prod version
//	gonew-prod completion bash|zsh|fish|powershell
//
// new renders a service into DIR (default ./<name>): a Gin or Echo v5 router on a
// framework-agnostic platform layer with graceful shutdown, build metadata, a static binary
// in a scratch image, CI with go test -race and, optionally, OpenTelemetry, mTLS with
// certificate hot reload, a token-guarded pprof listener and Kubernetes manifests.
//
// Without --yes and on a terminal, every value not given is asked; with --yes only
// --module is required. --dry-run prints every file and what writing it would do.
//
// Exit codes: 0 success, 1 runtime failure, 2 bad usage or invalid input.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/gonew-prod/gonew-prod/internal/cli"
)

func main() {
	os.Exit(run())
}

func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(os.Stderr, "gonew-prod: %v\n", err)
		return cli.ExitFailure
	}
	return cli.Run(ctx, os.Args[1:], cli.Env{
		Stdin:   os.Stdin,
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		Environ: os.Environ(),
		Dir:     wd,
	})
}
