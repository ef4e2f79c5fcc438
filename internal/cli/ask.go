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

// ask resolves layers with the user's answers on top: it asks, on env.Prompter, for every
// key the registry declares a prompt for that no answers file, flag or locked preset value
// fixed (and whose feature is on), then shows the summary and asks for confirmation. A
// value the user leaves at the offered default keeps that default's origin; anything else
// the user picks is an answer, the highest layer below locked preset values.
func ask(ctx context.Context, env Env, opts newOptions, pack preset.Pack, layers []answers.Layer) (answers.Answers, answers.Origins, error) {
	p := env.Prompter
	// Resolve what is known, so that a contradiction of a locked value or an invalid flag
	// is reported before anything is asked, and current values become the defaults
	// offered. The seed stands for a module and name nobody gave.
	seed := answers.Layer{Source: answers.FromDefault, Name: "prompt seed"}
	seed.Set(answers.KeyModule, seedModule, "prompt seed")
	seed.Set(answers.KeyName, answers.NameFromModule(seedModule), "prompt seed")
	cur, origins, err := answers.Resolve(append([]answers.Layer{seed, pack.Answers}, layers...)...)
	if err != nil {
		return cur, origins, err
	}
	// No question sets a port: one given below 1024 is refused before any is asked.
	if err := answers.CheckNewPorts(cur, append([]answers.Layer{pack.Answers}, layers...)...); err != nil {
		return cur, origins, err
	}
	if origins[answers.KeyModule] != answers.FromDefault {
		// A given module must satisfy a locked prefix before anything is asked.
		if err := pack.CheckModule(cur.Module, layers...); err != nil {
			return cur, origins, err
		}
	}
	l := answers.Layer{Source: answers.FromAnswer, Name: "prompts"}
	for _, k := range answers.Registry() {
		switch origins[k.Name] {
		case answers.FromFile, answers.FromFlag, answers.FromLocked:
			continue
		}
		if k.Prompt == answers.NoPrompt || !k.Applies(cur) {
			continue
		}
		v, offered, err := askKey(p, k, pack, cur, origins[k.Name] != answers.FromDefault)
		if errors.Is(err, prompt.ErrAborted) || (err == nil && ctx.Err() != nil) {
			return answers.Answers{}, nil, errAborted
		}
		if err != nil {
			return answers.Answers{}, nil, err
		}
		// An answer that is what was offered keeps the offer's origin; a module nobody
		// gave is always an answer.
		if !k.Equal(v, offered) || (k.Name == answers.KeyModule && origins[k.Name] == answers.FromDefault) {
			l.Set(k.Name, v, promptWhere)
		}
		// Later questions depend on earlier answers (the name on the module, the CI
		// provider on the features).
		if cur, _, err = answers.Resolve(append([]answers.Layer{seed, pack.Answers}, append(layers, l)...)...); err != nil {
			return answers.Answers{}, nil, err
		}
	}

	a, origins, err := pack.Resolve(append(layers, l)...)
	if err != nil {
		return a, origins, err
	}
	printSummary(env.Stderr, opts, pack, a, origins)
	question := "Create the service?"
	if opts.DryRun {
		question = "Show the plan (nothing is written)?"
	}
	ok, err := p.Confirm(question, true)
	if errors.Is(err, prompt.ErrAborted) || (err == nil && ctx.Err() != nil) {
		return answers.Answers{}, nil, errAborted
	}
	if err != nil {
		return answers.Answers{}, nil, err
	}
	if !ok {
		return answers.Answers{}, nil, errAborted
	}
	return a, origins, nil
}

// askKey asks for key k, offering its current value (given reports whether a layer gave
// it). It returns the answer and the value offered.
func askKey(p prompt.Prompter, k *answers.Key, pack preset.Pack, cur answers.Answers, given bool) (any, any, error) {
	offered := k.Get(cur)
	switch k.Name {
	case answers.KeyModule:
		def := ""
		if given {
			def = cur.Module
		} else if prefix := strings.TrimSuffix(pack.ModulePrefix, "/"); prefix != "" {
			def = prefix + "/"
		}
		v, err := p.Input(k.Question, def, func(s string) error {
			return checkModuleAnswer(pack, pack.CompleteModule(s))
		})
		return pack.CompleteModule(v), offered, err
	case answers.KeyName:
		if !given {
			offered = answers.NameFromModule(cur.Module)
		}
	}
	switch k.Prompt {
	case answers.Input:
		v, err := p.Input(k.Question, offered.(string), func(s string) error { return k.Check(s) })
		return v, offered, err
	case answers.Select:
		opts := promptOptions(k, offered.(string))
		def := offered.(string)
		if !slices.ContainsFunc(opts, func(o prompt.Option) bool { return o.Value == def }) {
			def = opts[0].Value
		}
		v, err := p.Select(k.Question, opts, def)
		return v, offered, err
	case answers.MultiSelect:
		v, err := p.MultiSelect(k.Question, promptOptions(k, ""), offered.([]string))
		if v == nil {
			v = []string{}
		}
		return v, offered, err
	}
	return offered, offered, nil
}

// promptOptions returns the choices of a Select or MultiSelect question for k: its
// options (without a CI provider of "none": the question is only asked with the ci
// feature on), or for the Go version the supported releases up to the running toolchain's
// (plus cur when it is none of them, a preset's choice).
func promptOptions(k *answers.Key, cur string) []prompt.Option {
	if k.Options != nil {
		var out []prompt.Option
		for _, o := range k.Options() {
			if k.Name == answers.KeyCI && o.Value == "none" {
				continue // asked only with the ci feature on, which "none" contradicts
			}
			out = append(out, prompt.Option{Value: o.Value, Help: o.Help, Detail: o.Detail})
		}
		return out
	}
	return goOptions(cur)
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
	if cur != "" && !slices.ContainsFunc(out, func(o prompt.Option) bool { return o.Value == cur }) {
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
	fmt.Fprintf(w, "\nSummary (preset %s):\n", printable(pack.Name))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, k := range answers.Registry() {
		note := string(origins[k.Name])
		if _, moved := answers.AdminPortMoved(a, origins); moved && k.Name == answers.KeyAdminPort {
			note += ", moved off the http_port"
		}
		if !k.Applies(a) {
			note += ", not used without " + k.Feature
		}
		fmt.Fprintf(tw, "  %s\t%s\t(%s)\n", k.Name, k.Format(k.Get(a)), note)
	}
	fmt.Fprintf(tw, "  directory\t%s\n", printable(dir))
	tw.Flush()
	fmt.Fprintln(w)
}
