package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/poststep"
	"github.com/gonew-prod/gonew-prod/internal/preset"
)

// newOptions are the flags and arguments of `gonew-prod new`.
type newOptions struct {
	Dir         string // target directory argument, "" for ./<name>
	Preset      string // preset reference, "" for $GONEW_PROD_PRESET or the default
	AnswersFile string
	Yes         bool
	DryRun      bool
	Force       bool
	NoTidy      bool
	NoGit       bool
	// Flags holds the answers given as flags (only those set on the command line).
	Flags answers.Layer
}

// answerFlags maps answers keys to their flag names.
var answerFlags = map[string]string{
	answers.KeyModule:    "module",
	answers.KeyName:      "name",
	answers.KeyFramework: "framework",
	answers.KeyGo:        "go",
	answers.KeyCI:        "ci",
	answers.KeyHTTPPort:  "http-port",
	answers.KeyAdminPort: "admin-port",
}

func newNewCmd(env Env) *cobra.Command {
	var (
		opts          newOptions
		str           = map[string]*string{}
		num           = map[string]*int{}
		with, without []string
	)
	cmd := &cobra.Command{
		Use:   "new [DIR]",
		Short: "Render a new service into DIR (default ./<name>)",
		Long: `Render a new production-ready Go service into DIR (default ./<name>).

Values come from, lowest precedence first: built-in defaults, the preset, the answers file
(--answers), flags, and prompts. With --yes nothing is asked: anything not given takes its
default, and only --module is required.`,
		Example: `  gonew-prod new --yes --module example.com/acme/orders
  gonew-prod new --yes --module example.com/acme/billing --framework echo --without k8s,pprof ./billing
  gonew-prod new --answers ../orders/.gonew-prod.yaml --module example.com/acme/invoices --yes`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			opts.Flags = answers.Layer{Source: answers.FromFlag, Name: "flags"}
			c.Flags().Visit(func(f *pflag.Flag) {
				for key, name := range answerFlags {
					if f.Name != name {
						continue
					}
					if p, ok := str[key]; ok {
						opts.Flags.Set(key, *p, "--"+name)
					} else {
						opts.Flags.Set(key, *num[key], "--"+name)
					}
				}
			})
			opts.Flags.With, opts.Flags.Without = splitList(with), splitList(without)
			return runNew(c.Context(), env, opts)
		},
	}
	f := cmd.Flags()
	str[answers.KeyModule] = f.String("module", "", "module path of the new service, e.g. example.com/acme/orders (required)")
	str[answers.KeyName] = f.String("name", "", "service name (default: last element of the module path)")
	str[answers.KeyFramework] = f.String("framework", "gin", "HTTP framework: gin or echo (Echo v5)")
	str[answers.KeyGo] = f.String("go", answers.DefaultGo(), "Go language version of the generated go.mod (1.26 or newer)")
	str[answers.KeyCI] = f.String("ci", "github", "CI provider: github, gitlab or none")
	num[answers.KeyHTTPPort] = f.Int("http-port", 8080, "default port of the public HTTP listener")
	num[answers.KeyAdminPort] = f.Int("admin-port", 6060, "default port of the admin (pprof) listener")
	f.StringSliceVar(&with, "with", nil, "features to add (comma-separated): "+strings.Join(answers.Features(), ", "))
	f.StringSliceVar(&without, "without", nil, "features to leave out (comma-separated)")
	f.StringVar(&opts.Preset, "preset", "", "preset: a built-in name, a pack directory, or MODULE@VERSION[/subdir] (default $"+preset.EnvVar+", else "+preset.Default+")")
	f.StringVar(&opts.AnswersFile, "answers", "", "YAML answers file (or another project's .gonew-prod.yaml)")
	f.BoolVarP(&opts.Yes, "yes", "y", false, "ask nothing: defaults for every value not given")
	f.BoolVar(&opts.DryRun, "dry-run", false, "print the plan (every file and its action) and write nothing")
	f.BoolVar(&opts.Force, "force", false, "write into a non-empty DIR (overwritten files are kept as *.orig)")
	f.BoolVar(&opts.NoTidy, "no-tidy", false, "skip go mod tidy")
	f.BoolVar(&opts.NoGit, "no-git", false, "skip git init and the first commit")
	return cmd
}

func splitList(items []string) []string {
	var out []string
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}

func runNew(ctx context.Context, env Env, opts newOptions) error {
	pack, err := loadPreset(ctx, env, opts.Preset)
	if err != nil {
		return err
	}
	layers := []answers.Layer{pack.Answers}
	if opts.AnswersFile != "" {
		l, err := readAnswersFile(env, opts.AnswersFile)
		if err != nil {
			return err
		}
		layers = append(layers, l)
	}
	layers = append(layers, opts.Flags)
	if opts.Dir != "" {
		// Known before any question: refuse a non-empty target now, not after the prompts.
		if err := checkTarget(env, opts, opts.Dir); err != nil {
			return err
		}
	}
	a, _, err := resolve(ctx, env, opts, pack, layers)
	if err != nil {
		return err
	}
	if err := pack.CheckModule(a.Module); err != nil {
		return err
	}

	dir := opts.Dir
	if dir == "" {
		dir = a.Name
	}
	if err := checkTarget(env, opts, dir); err != nil {
		return err
	}
	dir = absDir(env, dir)

	files, err := preset.Render(a, pack)
	if err != nil {
		return err
	}
	plan, err := generator.Plan(dir, files)
	if err != nil {
		return err
	}
	if opts.DryRun {
		printPlan(env, dir, plan)
		return nil
	}
	if err := generator.Write(ctx, dir, plan, generator.WriteOptions{Force: opts.Force, BackupSuffix: ".orig"}); err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted, nothing written")
		}
		return err
	}
	fmt.Fprintf(env.Stderr, "created %s (%s, %s) in %s\n", a.Name, a.Module, a.Framework, dir)
	return postSteps(ctx, env, opts, dir)
}

func absDir(env Env, dir string) string {
	if filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(env.Dir, dir)
}

// checkTarget refuses a non-empty target directory unless --force is given.
func checkTarget(env Env, opts newOptions, dir string) error {
	dir = absDir(env, dir)
	empty, err := generator.IsEmptyOrMissing(dir)
	if err != nil {
		return fmt.Errorf("check target: %w", err)
	}
	if !empty && !opts.Force {
		return usagef("target directory %s exists and is non-empty; choose another directory or pass --force", dir)
	}
	return nil
}

// resolve merges the layers and, where a terminal allows (env.Prompter) and --yes was not
// given, asks for every value they leave open (see ask).
func resolve(ctx context.Context, env Env, opts newOptions, pack preset.Pack, layers []answers.Layer) (answers.Answers, answers.Origins, error) {
	if env.Prompter != nil && !opts.Yes {
		return ask(ctx, env, opts, pack, layers)
	}
	a, origins, err := answers.Resolve(layers...)
	if errors.Is(err, answers.ErrMissing) && !opts.Yes {
		return a, origins, usageError{fmt.Errorf("%w; without a terminal nothing can be asked: pass --module (and --yes to take defaults for everything else)", err)}
	}
	return a, origins, err
}

func readAnswersFile(env Env, name string) (answers.Layer, error) {
	p := name
	if !filepath.IsAbs(p) {
		p = filepath.Join(env.Dir, p)
	}
	info, err := os.Stat(p)
	if err != nil {
		return answers.Layer{}, usagef("--answers: %w", err)
	}
	if info.Size() > answers.MaxFileSize {
		return answers.Layer{}, usagef("--answers: %s is larger than %d bytes", name, answers.MaxFileSize)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return answers.Layer{}, usagef("--answers: %w", err)
	}
	l, err := answers.ParseFile(name, data)
	if err != nil {
		return l, usageError{err}
	}
	return l, nil
}

// loadPreset resolves the preset named by ref, $GONEW_PROD_PRESET or the default. A pack
// that cannot be loaded is invalid input.
func loadPreset(ctx context.Context, env Env, ref string) (preset.Pack, error) {
	if ref == "" {
		ref = env.Getenv(preset.EnvVar)
	}
	if ref == "" {
		ref = preset.Default
	}
	p, err := preset.Resolver{Dir: env.Dir, Env: env.Environ}.Resolve(ctx, ref)
	if err != nil {
		return p, usageError{err}
	}
	return p, nil
}

func printPlan(env Env, dir string, plan []generator.Step) {
	fmt.Fprintf(env.Stderr, "plan for %s (dry run, nothing written):\n", dir)
	for _, s := range plan {
		line := fmt.Sprintf("%-9s %04o %s", s.Action, s.Mode, s.Path)
		if s.Reason != "" {
			line += " (" + s.Reason + ")"
		}
		fmt.Fprintln(env.Stdout, line)
	}
}

func postSteps(ctx context.Context, env Env, opts newOptions, dir string) error {
	run := poststep.Runner{Env: env.Environ}
	if !opts.NoTidy {
		if err := run.Tidy(ctx, dir); err != nil {
			later := "cd " + dir + " && go mod tidy"
			if !opts.NoGit {
				later += " && git init && git add -A && git commit -m 'Initial commit'"
			}
			return fmt.Errorf("the files are written, but %w\nrun it later: %s", err, later)
		}
	}
	if opts.NoGit {
		return nil
	}
	switch err := run.GitInit(ctx, dir); {
	case errors.Is(err, poststep.ErrInWorkTree):
		fmt.Fprintf(env.Stderr, "skipped git init: %s is inside an existing git work tree\n", dir)
	case errors.Is(err, poststep.ErrNoGit):
		fmt.Fprintf(env.Stderr, "skipped git init: git is not installed\n")
	case err != nil:
		return fmt.Errorf("the files are written, but %w\nrun it later: cd %s && git init && git add -A && git commit", err, dir)
	}
	return nil
}
