package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/preset"
	"github.com/gonew-prod/gonew-prod/internal/prompt"
)

// errAborted ends an interactive run that the user left: Ctrl-C at a question or "no" at
// the confirmation. It is a runtime outcome, not bad usage (exit 1).
var errAborted = errors.New("aborted, nothing written")

// seedModule stands in for a module nobody gave while the other values are resolved to
// offer as defaults; it never reaches the answers, because an unset module is always asked.
const seedModule = "example.com/unset"

// promptWhere is the Where of every value answered at a prompt.
const promptWhere = "prompt"

// Options of the select and multi-select questions, with their help.
var (
	frameworkOptions = []prompt.Option{
		{Value: "gin", Help: "Gin (github.com/gin-gonic/gin), the most widely used Go router"},
		{Value: "echo", Help: "Echo v5 (github.com/labstack/echo/v5)"},
	}
	featureOptions = []prompt.Option{
		{Value: "otel", Help: "OpenTelemetry tracing and metrics",
			Detail: "OTel SDK set up from OTEL_* variables, framework middleware, trace ids in logs"},
		{Value: "mtls", Help: "mutual TLS with certificate hot reload",
			Detail: "client certificates required; certs and CAs reloaded live; make certs"},
		{Value: "pprof", Help: "token-guarded pprof on a separate admin listener",
			Detail: "pprof only on the admin port (127.0.0.1:6060), only with a bearer token"},
		{Value: "docker", Help: "multi-stage Dockerfile ending FROM scratch",
			Detail: "static binary in a scratch image, non-root, with a healthcheck subcommand"},
		{Value: "ci", Help: "CI pipeline (GitHub Actions or GitLab CI)",
			Detail: "vet, lint, go test -race, module checks, govulncheck; provider asked next"},
		{Value: "k8s", Help: "Kubernetes manifests",
			Detail: "Deployment and Service with probes, resource limits, non-root context"},
	}
	ciOptions = []prompt.Option{
		{Value: "github", Help: "GitHub Actions (.github/workflows)"},
		{Value: "gitlab", Help: "GitLab CI (.gitlab-ci.yml)"},
		{Value: "none", Help: "no CI configuration"},
	}
)

// ask resolves layers with the user's answers on top: it asks, on env.Prompter, for every
// value that no answers file, flag or locked preset value fixed, then shows the summary
// and asks for confirmation. A value the user leaves at the offered default keeps that
// default's origin; anything else the user picks is an answer, the highest layer below
// locked preset values.
func ask(ctx context.Context, env Env, opts newOptions, pack preset.Pack, layers []answers.Layer) (answers.Answers, answers.Origins, error) {
	p := env.Prompter
	// Resolve what is known, so that a contradiction of a locked value or an invalid flag
	// is reported before anything is asked, and current values become the defaults
	// offered. The seed stands for a module and name nobody gave.
	seed := answers.Layer{Source: answers.FromDefault, Name: "prompt seed"}
	seed.Set(answers.KeyModule, seedModule, "prompt seed")
	seed.Set(answers.KeyName, answers.NameFromModule(seedModule), "prompt seed")
	cur, origins, err := answers.Resolve(append([]answers.Layer{seed}, layers...)...)
	if err != nil {
		return cur, origins, err
	}
	if origins[answers.KeyModule] != answers.FromDefault {
		// A given module must satisfy a locked prefix before anything is asked.
		if err := pack.CheckModule(cur.Module); err != nil {
			return cur, origins, err
		}
	}
	asked := func(key string) bool {
		switch origins[key] {
		case answers.FromFile, answers.FromFlag, answers.FromLocked:
			return false
		}
		return true
	}
	given := func(key string) bool { return origins[key] != answers.FromDefault }

	l := answers.Layer{Source: answers.FromAnswer, Name: "prompts"}
	// answer records v unless it is what was offered (then the offer's origin stays).
	answer := func(key string, v, offered any) {
		if same, _ := equal(v, offered); !same {
			l.Set(key, v, promptWhere)
		}
	}
	done := func(err error) error {
		if errors.Is(err, prompt.ErrAborted) {
			return errAborted
		}
		if err == nil && ctx.Err() != nil {
			return errAborted // interrupted between two questions
		}
		return err
	}

	if asked(answers.KeyModule) {
		def := ""
		if given(answers.KeyModule) {
			def = cur.Module
		} else if prefix := strings.TrimSuffix(pack.ModulePrefix, "/"); prefix != "" {
			def = prefix + "/"
		}
		v, err := p.Input("Module path (e.g. example.com/acme/orders):", def, func(s string) error {
			return checkModuleAnswer(pack, completeModule(pack, s))
		})
		if err := done(err); err != nil {
			return answers.Answers{}, nil, err
		}
		v = completeModule(pack, v)
		if given(answers.KeyModule) {
			answer(answers.KeyModule, v, cur.Module)
		} else {
			l.Set(answers.KeyModule, v, promptWhere)
		}
		cur.Module = v
	}
	if asked(answers.KeyName) {
		def := answers.NameFromModule(cur.Module)
		if given(answers.KeyName) {
			def = cur.Name
		}
		v, err := p.Input("Service name:", def, answers.CheckName)
		if err := done(err); err != nil {
			return answers.Answers{}, nil, err
		}
		answer(answers.KeyName, v, def)
	}
	if asked(answers.KeyFramework) {
		v, err := p.Select("HTTP framework:", frameworkOptions, cur.Framework)
		if err := done(err); err != nil {
			return answers.Answers{}, nil, err
		}
		answer(answers.KeyFramework, v, cur.Framework)
	}
	if asked(answers.KeyGo) {
		v, err := p.Select("Go version of the generated go.mod:", goOptions(cur.Go), cur.Go)
		if err := done(err); err != nil {
			return answers.Answers{}, nil, err
		}
		answer(answers.KeyGo, v, cur.Go)
	}
	feats := cur.Features
	if asked(answers.KeyFeatures) {
		v, err := p.MultiSelect("Features:", featureOptions, cur.Features)
		if err := done(err); err != nil {
			return answers.Answers{}, nil, err
		}
		if v == nil {
			v = []string{}
		}
		answer(answers.KeyFeatures, v, cur.Features)
		feats = v
	}
	// The provider only matters when the service has CI.
	if asked(answers.KeyCI) && slices.Contains(feats, "ci") {
		v, err := p.Select("CI provider:", ciOptions, cur.CI)
		if err := done(err); err != nil {
			return answers.Answers{}, nil, err
		}
		answer(answers.KeyCI, v, cur.CI)
	}

	a, origins, err := answers.Resolve(append(layers, l)...)
	if err != nil {
		return a, origins, err
	}
	printSummary(env.Stderr, opts, pack, a, origins)
	question := "Create the service?"
	if opts.DryRun {
		question = "Show the plan (nothing is written)?"
	}
	ok, err := p.Confirm(question, true)
	if err := done(err); err != nil {
		return answers.Answers{}, nil, err
	}
	if !ok {
		return answers.Answers{}, nil, errAborted
	}
	return a, origins, nil
}

// completeModule takes an answer without a '/' or '.' (never a valid module path) as a
// name under the pack's module prefix, when it has one.
func completeModule(pack preset.Pack, s string) string {
	s = strings.TrimSpace(s)
	prefix := strings.TrimSuffix(pack.ModulePrefix, "/")
	if prefix != "" && s != "" && !strings.ContainsAny(s, "/.") {
		return prefix + "/" + s
	}
	return s
}

// checkModuleAnswer applies the rules of --module to an answer, plus the pack's locked
// prefix, so that an answer the run would refuse is asked again.
func checkModuleAnswer(pack preset.Pack, s string) error {
	if err := answers.CheckModule(s); err != nil {
		return err
	}
	if err := pack.CheckModule(s); err != nil {
		var ae *answers.Error
		if errors.As(err, &ae) {
			return errors.New(ae.Reason)
		}
		return err
	}
	return nil
}

// goOptions offers the running toolchain's language version and the supported ones below
// it (at most three), plus cur when it is none of these (a preset's choice).
func goOptions(cur string) []prompt.Option {
	def := answers.DefaultGo()
	minor, err := strconv.Atoi(strings.TrimPrefix(def, "1."))
	if err != nil {
		minor = answers.MinGoMinor
	}
	var out []prompt.Option
	for m := minor; m >= answers.MinGoMinor && len(out) < 3; m-- {
		o := prompt.Option{Value: fmt.Sprintf("1.%d", m)}
		switch {
		case m == minor:
			o.Help = "the running toolchain, " + runtime.Version()
		case m == answers.MinGoMinor:
			o.Help = "the oldest supported"
		}
		out = append(out, o)
	}
	if !slices.ContainsFunc(out, func(o prompt.Option) bool { return o.Value == cur }) {
		out = append([]prompt.Option{{Value: cur, Help: "from the preset"}}, out...)
	}
	return out
}

// printSummary shows every value and where it came from.
func printSummary(w io.Writer, opts newOptions, pack preset.Pack, a answers.Answers, origins answers.Origins) {
	dir := opts.Dir
	if dir == "" {
		dir = a.Name
	}
	feats := strings.Join(a.Features, ", ")
	if feats == "" {
		feats = "(none)"
	}
	rows := []struct{ key, value string }{
		{answers.KeyModule, a.Module},
		{answers.KeyName, a.Name},
		{answers.KeyFramework, a.Framework},
		{answers.KeyGo, a.Go},
		{answers.KeyFeatures, feats},
		{answers.KeyCI, a.CI},
		{answers.KeyHTTPPort, strconv.Itoa(a.HTTPPort)},
		{answers.KeyAdminPort, strconv.Itoa(a.AdminPort)},
	}
	fmt.Fprintf(w, "\nSummary (preset %s):\n", pack.Name)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		fmt.Fprintf(tw, "  %s\t%s\t(%s)\n", r.key, r.value, origins[r.key])
	}
	fmt.Fprintf(tw, "  directory\t%s\n", dir)
	tw.Flush()
	fmt.Fprintln(w)
}

// equal compares two answers values (strings, ints or feature lists).
func equal(x, y any) (bool, error) {
	xs, ok1 := x.([]string)
	ys, ok2 := y.([]string)
	if ok1 || ok2 {
		if !ok1 || !ok2 {
			return false, fmt.Errorf("cannot compare %T and %T", x, y)
		}
		xs, ys = slices.Clone(xs), slices.Clone(ys)
		slices.Sort(xs)
		slices.Sort(ys)
		return slices.Equal(slices.Compact(xs), slices.Compact(ys)), nil
	}
	return x == y, nil
}
