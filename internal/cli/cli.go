// Package cli implements the gonew-prod command line. Every command reads its streams,
// environment and working directory from an Env, so tests run the real commands in
// process; exit codes are decided in one place (Run).
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/prompt"
)

// Exit codes.
const (
	ExitOK      = 0 // success
	ExitFailure = 1 // a runtime failure
	ExitUsage   = 2 // bad usage or invalid input
	// ExitUpdate: update left conflicts to resolve (or an earlier update's are still
	// there); update --check found an update that merges cleanly.
	ExitUpdate = 3
	// ExitConflict: update --check found an update that would conflict, or conflicts
	// still to resolve.
	ExitConflict = 4
)

// Env is everything a command may read from its surroundings.
type Env struct {
	Stdin   io.Reader
	Stdout  io.Writer // data (plans, versions)
	Stderr  io.Writer // status and errors
	Environ []string  // the environment, as KEY=VALUE
	Dir     string    // the working directory
	// Prompter asks questions; nil when stdin and stdout are not both terminals.
	Prompter prompt.Prompter
}

// Getenv returns the value of key in e.Environ, or "".
func (e Env) Getenv(key string) string {
	for i := len(e.Environ) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(e.Environ[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}

// usageError marks an error as bad usage or invalid input (exit 2).
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// statusError ends a command with an exit code of its own, such as update's.
type statusError struct {
	code int
	err  error
}

func (s statusError) Error() string { return s.err.Error() }
func (s statusError) Unwrap() error { return s.err }

// Run runs the gonew-prod command line with args and returns the exit code.
func Run(ctx context.Context, args []string, env Env) int {
	root := newRootCmd(env)
	// Cobra checks commands, flags and argument counts before any PersistentPreRun: an
	// error before it ran is bad usage.
	var reached bool
	root.PersistentPreRun = func(*cobra.Command, []string) { reached = true }
	// Cobra reads os.Args for nil args: no arguments are none, whatever started the
	// process (a test binary's own -test flags).
	root.SetArgs(append([]string{}, args...))
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	// An error is one line, and may carry untrusted text (a pack template's fail message,
	// a path, what a tool printed): its control characters are shown escaped, so that
	// printing it can neither drive the terminal nor add lines of its own.
	fmt.Fprintf(env.Stderr, "gonew-prod: %s\n", escapeControls(err.Error(), "\t"))
	if !reached {
		return ExitUsage
	}
	return exitCode(err)
}

func exitCode(err error) int {
	var (
		u  usageError
		ae *answers.Error
		st statusError
	)
	switch {
	case errors.As(err, &st):
		return st.code
	case errors.As(err, &u), errors.As(err, &ae), errors.Is(err, answers.ErrMissing), errors.As(err, new(*generator.UnreadableError)):
		return ExitUsage
	default:
		return ExitFailure
	}
}

func newRootCmd(env Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "gonew-prod",
		Short: "Scaffold production-ready Go microservices",
		Long: `gonew-prod renders a production-ready Go service (Gin or Echo v5) with graceful
shutdown, build metadata, a static binary in a scratch image, CI with -race, and optional
OpenTelemetry, mTLS, a guarded pprof listener and Kubernetes manifests.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
	})
	root.AddCommand(newNewCmd(env), newAddCmd(env), newUpdateCmd(env), newVersionCmd(env), newPresetsCmd(env), newAuditCmd(env), newRenderRecordCmd(env))
	return root
}
