package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/audit"
	"github.com/gonew-prod/gonew-prod/internal/buildinfo"
	"github.com/gonew-prod/gonew-prod/internal/builtin"
	"github.com/gonew-prod/gonew-prod/internal/gitview"
	"github.com/gonew-prod/gonew-prod/internal/merge"
	"github.com/gonew-prod/gonew-prod/internal/poststep"
	"github.com/gonew-prod/gonew-prod/internal/preset"
	"github.com/gonew-prod/gonew-prod/internal/retrofit"
	"github.com/gonew-prod/gonew-prod/internal/scratch"
	"github.com/gonew-prod/gonew-prod/internal/update"
)

// newOptions are the flags and arguments of `gonew-prod new`.
type newOptions struct {
	Dir           string // target directory argument, "" for ./<name>
	Preset        string // preset reference, "" for the record's, $GONEW_PROD_PRESET or the default
	AnswersFile   string
	Yes           bool
	DryRun        bool
	Force         bool
	NoTidy        bool
	NoGit         bool
	RenderTimeout time.Duration
	// Flags holds the answers given as flags (only those set on the command line).
	Flags answers.Layer
}

func newNewCmd(env Env) *cobra.Command {
	var (
		opts          newOptions
		with, without []string
	)
	cmd := &cobra.Command{
		Use:   "new [DIR]",
		Short: "Render a new service into DIR (default ./<name>)",
		Long: `Render a new production-ready Go service into DIR (default ./<name>).

Values come from, lowest precedence first: built-in defaults, the preset, the answers file
(--answers), flags, and prompts. With --yes nothing is asked: anything not given takes its
default, and only --module is required. The defaults shown below are the preset's.`,
		Example: `  gonew-prod new --yes --module example.com/acme/orders
  gonew-prod new --yes --module example.com/acme/billing --framework echo --without k8s,pprof ./billing
  gonew-prod new --answers ../orders/.gonew-prod.yaml --module example.com/acme/invoices --yes`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			opts.Flags = flagLayer(c.Flags())
			opts.Flags.With, opts.Flags.Without = splitList(with), splitList(without)
			return runNew(c.Context(), env, opts)
		},
	}
	f := cmd.Flags()
	addAnswerFlags(f)
	f.StringSliceVar(&with, "with", nil, "features to add (comma-separated): "+strings.Join(answers.Features(), ", "))
	f.StringSliceVar(&without, "without", nil, "features to leave out (comma-separated)")
	f.StringVar(&opts.Preset, "preset", "", "preset: a built-in name, a pack directory (./dir), or MODULE@VERSION[/subdir] (default: the --answers record's, else $"+preset.EnvVar+", else "+preset.Default+")")
	f.StringVar(&opts.AnswersFile, "answers", "", "YAML answers file, - for standard input (or another project's .gonew-prod.yaml, whose preset is used too)")
	f.BoolVarP(&opts.Yes, "yes", "y", false, "ask nothing: defaults for every value not given")
	f.BoolVar(&opts.DryRun, "dry-run", false, "print the plan (every file, its action and diffs) and write nothing")
	f.BoolVar(&opts.Force, "force", false, "write into a non-empty DIR (replaced files are kept as FILE.orig, made before anything is written)")
	f.BoolVar(&opts.NoTidy, "no-tidy", false, "skip go mod tidy")
	f.BoolVar(&opts.NoGit, "no-git", false, "skip git init and the first commit")
	durationFlag(f, &opts.RenderTimeout, "render-timeout", generator.DefaultTimeout, "time limit of running the templates, a positive duration (a preset's templates may loop)")
	defaultHelp := cmd.HelpFunc()
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		showPresetDefaults(env, c, opts.Preset)
		defaultHelp(c, args)
	})
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
	var file *answers.Layer
	if opts.AnswersFile != "" {
		l, err := readAnswersFile(env, opts.AnswersFile)
		if err != nil {
			return err
		}
		file = &l
	}
	answersPath := "" // the answers file's, "" for standard input
	if opts.AnswersFile != "" && opts.AnswersFile != "-" {
		answersPath = absDir(env, opts.AnswersFile)
	}
	pack, err := choosePreset(ctx, env, opts.Preset, file, answersPath)
	if err != nil {
		return err
	}
	var layers []answers.Layer
	if file != nil {
		layers = append(layers, *file)
	}
	layers = append(layers, opts.Flags)
	// A bare module name means <prefix>/name under the pack's module_prefix, from a flag
	// or an answers file as at the prompt.
	layers = pack.CompleteModules(layers)
	if opts.Dir != "" {
		// Known before any question: ready the target (or refuse it) now, not after the
		// prompts.
		unlock, err := readyTarget(env, absDir(env, opts.Dir), opts.Force, opts.DryRun)
		if err != nil {
			return err
		}
		defer unlock()
	}
	a, origins, err := resolve(ctx, env, opts, pack, layers)
	if err != nil {
		return err
	}
	if origins[answers.KeyName] == answers.FromDefault {
		if v, foreign := pack.Answers.ForeignName(a.Module); foreign {
			// A pack is for many services: a name it gives is no other service's.
			whose := "a pack makes many services, and an unlocked name it gives is not carried over to them"
			if m, ok := pack.Answers.Values[answers.KeyModule]; ok {
				whose = fmt.Sprintf("the name belongs to %v", m.Raw)
			}
			fmt.Fprintf(env.Stderr, "note: preset %s (%s) gives the name %s, but %s; this service is named %s, after its module %s (pass --name to choose another)\n",
				pack.Name, v.Where, v.Raw, whose, a.Name, a.Module)
		} else if v, foreign := fileName(file, a.Module); foreign {
			// A replayed record's name is the identity of its service, not a setup value.
			fmt.Fprintf(env.Stderr, "note: %s: the name %s belongs to %s; this service is named %s, after its module %s (pass --name to choose another)\n",
				v.Where, v.Raw, file.Values[answers.KeyModule].Raw, a.Name, a.Module)
		}
	}
	if def, moved := answers.AdminPortMoved(a, origins); moved {
		// The two must differ, and the admin port is recorded for a later add pprof.
		use := "pprof's admin listener serves on it"
		if !a.Has("pprof") {
			use = "recorded for a later add pprof"
		}
		fmt.Fprintf(env.Stderr, "note: the http_port is %d, the admin_port's default, so the admin_port is %d (%s); pass --admin-port to choose another\n", def, a.AdminPort, use)
	}
	dir := absDir(env, opts.Dir)
	if opts.Dir == "" {
		dir = absDir(env, a.Name)
		unlock, err := readyTarget(env, dir, opts.Force, opts.DryRun)
		if err != nil {
			return err
		}
		defer unlock()
	} else if err := checkTarget(dir); err != nil {
		// Readied before the questions; what was put there meanwhile is refused as before.
		return err
	} else if err := checkEmpty(dir, opts.Force); err != nil {
		return err
	}
	files, err := render(ctx, pack, a, opts.RenderTimeout)
	if err != nil {
		return ruledOut(pack, a, layers, err)
	}
	if err := idleNotes(env, pack, a); err != nil {
		return err
	}
	steps, err := generator.Plan(treeFS(dir), nil, files)
	if err != nil {
		return err
	}
	if steps, err = joinIgnoreFiles(dir, steps); err != nil {
		return err
	}
	steps = keptModes(steps)
	apart, err := ignoredByGit(ctx, env, dir, steps, opts.NoGit)
	if err != nil {
		return err
	}
	if err := checkPackRender(ctx, env, pack, a, files, "new"); err != nil {
		return err
	}
	if err := caseTwins(dir, steps); err != nil {
		return err
	}
	if err := dockerContext(dir, a.Module, "cmd/"+a.Name, steps); err != nil {
		return err
	}
	changes, _ := planChanges(steps) // a blocker: refused by newChanges, a conflict line of the dry run's plan
	if err := gitRefusal(ctx, env, dir, changes, apart); err != nil {
		return err
	}
	if opts.DryRun {
		// The backups the real run makes, named as it names them; a blocker the real
		// run refuses is a conflict line of its own.
		backups, err := generator.BackupNames(dir, changes)
		if err != nil {
			return err
		}
		printPlan(env, dir, steps, backups)
		enclosingNotes(ctx, env, dir, a.Name, files, apart)
		if opts.Force {
			leftoverNotes(env, dir, files)
		}
		if err := generator.CheckLinks(dir, changes); err != nil {
			return usageError{fmt.Errorf("nothing written: %w", err)}
		}
		// The checks the real run makes before it writes, so that a dry run that passes
		// is one the real run passes too.
		tidy, err := buildCheck(ctx, env, pack, a, files)
		if err != nil {
			return err
		}
		switch {
		case tidy != tidyNone && opts.NoTidy:
			skippedTidy(env, dir, tidy, true, "")
		case tidy != tidyNone:
			fmt.Fprintln(env.Stderr, "note: go mod tidy will change go.mod and go.sum: "+tidy.why())
		}
		return nil
	}
	changes, err = newChanges(steps)
	if err != nil {
		return err
	}
	if err := generator.CheckLinks(dir, changes); err != nil {
		return usageError{fmt.Errorf("nothing written: %w", err)}
	}
	tidy, err := buildCheck(ctx, env, pack, a, files)
	if err != nil {
		return err
	}
	backups, err := generator.Write(ctx, dir, changes, generator.WriteOptions{})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return errInterrupted
		}
		return err
	}
	for _, b := range backups {
		if i := slices.IndexFunc(steps, func(s generator.Step) bool { return s.Path == b.Path }); i >= 0 && steps[i].Reason == joinedIgnore {
			fmt.Fprintf(env.Stderr, "merged your %s: this version's patterns, then yours (the file before is kept as %s)\n", b.Path, b.Copy)
			continue
		}
		fmt.Fprintf(env.Stderr, "kept your %s as %s\n", b.Path, b.Copy)
	}
	fmt.Fprintf(env.Stderr, "created %s (%s, %s) in %s\n", a.Name, a.Module, a.Framework, dir)
	enclosingNotes(ctx, env, dir, a.Name, files, apart)
	if opts.Force {
		leftoverNotes(env, dir, files)
	}
	paths := make([]string, 0, len(files)+1)
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	return postSteps(ctx, env, opts, dir, tidy, paths, apart)
}

// checkPackRender refuses a render of pack (files, for the answers a) that cmd would
// write but whose pack's own files break it: its .gitignore files ignore some of its files
// (ignoresItself), its Docker ignore file keeps the image's build out of the build context
// (packDockerContext), its Makefile lacks a target the project's CI runs
// (packMakeTargets), or its golangci-lint configuration is one golangci-lint v2 refuses
// (packGolangci). new, presets validate (for the pack's answers and each choice it
// leaves open), update moving a project to the pack and add turning on a choice the pack
// leaves open in a project made with it (files then being the merged ones, the project's
// own: addedBreaks) check the same; add leaves the ignored files to git in the project's
// repository (update.CheckHidden), whose .gitignore is the user's now.
func checkPackRender(ctx context.Context, env Env, pack preset.Pack, a answers.Answers, files []generator.File, cmd string) error {
	for _, check := range packRenderChecks(ctx, env, pack, a, files, cmd) {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// packRenderChecks are checkPackRender's checks of files, in its order, each returning
// its refusal (or nil): add runs them all on the tree before and after (addedBreaks),
// so that one the tree fails already hides no other.
func packRenderChecks(ctx context.Context, env Env, pack preset.Pack, a answers.Answers, files []generator.File, cmd string) []func() error {
	var checks []func() error
	if cmd != "add" {
		checks = append(checks, func() error { return ignoresItself(ctx, env, pack, files, cmd) })
	}
	return append(checks,
		func() error { return packDockerContext(pack, a, files, cmd) },
		func() error { return packMakeTargets(pack, files, cmd) },
		func() error { return packGolangci(pack, files) })
}

// golangciRunners are the built-in files that run golangci-lint v2 (make lint, the CI's
// lint job).
var golangciRunners = []string{"Makefile", ".github/workflows/ci.yml", ".gitlab-ci.yml"}

// packGolangci refuses a render of pack whose own golangci-lint configuration is of the
// v1 format while a built-in file of the render runs golangci-lint v2, which refuses it:
// every lint run of the project would fail from its first push.
func packGolangci(pack preset.Pack, files []generator.File) error {
	content := byPath(files)
	var runners []string
	for _, p := range golangciRunners {
		if _, ok := content[p]; ok && pack.Overlay[p+".tmpl"] == nil {
			runners = append(runners, p)
		}
	}
	if len(runners) == 0 {
		return nil
	}
	for _, name := range audit.GolangciConfigs {
		data, ok := content[name]
		if !ok || pack.Overlay[name+".tmpl"] == nil {
			continue
		}
		v1, err := retrofit.GolangciV1(name, data) // by the config's name: the format is its extension's
		if err != nil {
			return usageError{fmt.Errorf("preset %s: %s %w: golangci-lint, which the built-in %s run, would refuse it: every lint run would fail; fix it in the overlay", pack.Name, pack.TemplateAt(name+".tmpl"), err, strings.Join(runners, " and "))}
		}
		if !v1 {
			continue
		}
		return usageError{fmt.Errorf("preset %s: %s is a golangci-lint v1 configuration (no version: \"2\"), and the built-in %s run golangci-lint v2, which refuses it (unsupported version of the configuration): every lint run would fail; convert it with golangci-lint migrate (v2) and put the result in the overlay, or replace %s in the overlay too",
			pack.Name, pack.TemplateAt(name+".tmpl"), strings.Join(runners, " and "), strings.Join(runners, " and "))}
	}
	return nil
}

// ignoresItself refuses a project rendered by a pack with an overlay whose own
// .gitignore files ignore some of its files: its first commit, and every clone, would
// miss them. Git is asked, in a scratch repository holding only those .gitignore files;
// without git nothing is checked. cmd is the command that would write files: new (and
// presets validate, which checks for it), or update, moving a project to the pack.
func ignoresItself(ctx context.Context, env Env, pack preset.Pack, files []generator.File, cmd string) error {
	if len(pack.Overlay) == 0 {
		return nil // the built-in .gitignore is tested with every golden case
	}
	ignoreFiles := map[string][]byte{}
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
		if path.Base(f.Path) == ".gitignore" {
			ignoreFiles[f.Path] = f.Content
		}
	}
	ignored, err := scratchIgnored(ctx, env, ignoreFiles, paths)
	if err != nil {
		return err
	}
	// Patterns of the user's own excludes file are no fault of the pack.
	ignored = slices.DeleteFunc(ignored, func(ig gitview.Ignored) bool { return !ig.Shared() })
	if len(ignored) > 0 {
		commit := "its first commit"
		if cmd == "update" {
			commit = "the update's commit"
		}
		return usageError{fmt.Errorf("preset %s: the project's own .gitignore ignores files of the project: %s; %s, and every clone, would miss them; change the pattern in the pack's overlay (or add a !exception); nothing written", pack.Name, gitview.ListIgnored(ignored), commit)}
	}
	return nil
}

// scratchIgnored returns those of paths (slash-separated, of a project) that git would
// ignore in a repository of the project holding ignoreFiles (.gitignore files by path)
// and no other, each with the pattern that does: git is asked in a scratch repository.
// Without git it returns none.
func scratchIgnored(ctx context.Context, env Env, ignoreFiles map[string][]byte, paths []string) ([]gitview.Ignored, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, nil
	}
	tmp, release, err := makeTemp(gitignorePrefix)
	if err != nil {
		return nil, err
	}
	defer release()
	for name, content := range ignoreFiles {
		at := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(at), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(at, content, 0o644); err != nil {
			return nil, err
		}
	}
	init := exec.CommandContext(ctx, "git", "init", "--quiet")
	init.Dir, init.Env = tmp, env.Environ
	if out, err := init.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("git init in %s: %w: %s", tmp, err, out)
	}
	return gitview.FindIgnored(ctx, env.Environ, tmp, paths)
}

// makeTemp makes a scratch directory in the temporary directory (TMPDIR), named pattern
// with a random part, as os.MkdirTemp does, held in use until release removes it
// (scratch.Dir: one that a killed run left, sweepScratch removes); one that cannot be
// made is a refusal naming TMPDIR.
func makeTemp(pattern string) (dir string, release func(), err error) {
	dir, release, err = scratch.Dir("", pattern)
	if err != nil {
		return "", nil, usageError{&tempDirError{dir: os.TempDir(), err: err}}
	}
	return dir, release, nil
}

// The beginnings of the names of the scratch directories makeTemp makes in TMPDIR: git's
// scratch repository that tells which files a .gitignore ignores, and the copy of the
// rendered project that new type-checks.
const (
	gitignorePrefix = "gonew-prod-gitignore-"
	validatePrefix  = "gonew-prod-validate-"
)

// tempDirError is makeTemp's refusal: the temporary directory (dir) takes no scratch
// directory.
type tempDirError struct {
	dir string
	err error
}

func (e *tempDirError) Error() string {
	return fmt.Sprintf("the directory for scratch copies, %s (TMPDIR), cannot take one: %v; point TMPDIR at a writable directory", e.dir, e.err)
}

func (e *tempDirError) Unwrap() error { return e.err }

// ignoredByGit refuses a project some of whose files the git work tree dir is in (a
// monorepo) ignores: a commit would leave them out (the record among them, and a clone
// could not be updated). One the work tree ignores as a whole (a home directory's
// dotfiles repository ignoring all but a few files) is no part of it: apart is true, and
// the project gets a repository of its own, which a note says. A dir that will be a
// repository of its own (git init) is in none yet. A signal that stops git (the run's, or
// Ctrl-C's reaching git too) is errInterrupted: nothing is written yet.
func ignoredByGit(ctx context.Context, env Env, dir string, steps []generator.Step, noGit bool) (apart bool, err error) {
	defer func() {
		if err != nil && stopped(ctx, err) {
			apart, err = false, errInterrupted
		}
	}()
	top := existingDir(dir)
	if top == "" {
		return false, nil
	}
	if _, ok := gitview.DotGit(top); ok {
		// In a work tree git must answer for, or the checks here and in gitRefusal
		// would be skipped.
		if err := gitview.Readable(ctx, env.Environ, top, "new"); err != nil {
			return false, usageError{err}
		}
	}
	if !gitview.InWorkTree(ctx, env.Environ, top) {
		return false, ownIgnored(ctx, env, dir, steps, noGit)
	}
	rel, err := filepath.Rel(top, dir)
	if err != nil {
		return false, err
	}
	var paths []string
	for _, s := range steps {
		paths = append(paths, path.Join(filepath.ToSlash(rel), s.Path))
	}
	ignored, err := gitview.FindUntrackedIgnored(ctx, env.Environ, top, paths)
	if _, odd := errors.AsType[*gitview.IgnoreFileError](err); odd {
		return false, usagef("nothing written: %v and run new again", err)
	}
	root := gitTop(ctx, env, top)
	if root == "" {
		root = top
	}
	switch {
	case err != nil || len(ignored) == 0:
		return false, err
	case len(ignored) == len(paths) && root != realPath(dir):
		// The whole project: a directory the work tree leaves to itself (a home directory
		// that ignores all but a few files), not a project committed in part. At the
		// root of the work tree, the project is that repository's, and is refused below.
		var sources []string
		for _, ig := range ignored {
			if !slices.Contains(sources, ig.Source) {
				sources = append(sources, ig.Source)
			}
		}
		own := "new gives the project a repository of its own"
		if noGit {
			own = "git init in " + generator.ShellQuote(dir) + " gives the project a repository of its own"
		}
		fmt.Fprintf(env.Stderr, "note: the git work tree at %s ignores the whole project (by %s): it is no part of that repository; %s\n", printable(root), printable(strings.Join(sources, ", ")), printable(own))
		return true, ownIgnored(ctx, env, dir, steps, noGit)
	}
	return false, usageError{errors.New(gitview.IgnoredRefusal("new", ignored))}
}

// ownIgnored refuses a plan of new (steps, into dir) some of whose files the project's
// own .gitignore files, as new leaves them, ignore, when the project is to be a
// repository of its own (no work tree holds dir, or the one that does ignores it as a
// whole): the git add of new's first commit would fail after every file is written, and
// any later commit would leave them out. Git is asked in a scratch repository
// (scratchIgnored) holding the .gitignore files of the plan, a user's that --force met
// merged after the render's patterns (joinIgnoreFiles), and the user's others in the
// directories of the project's files. Only the user's patterns count, named at their line
// in the user's file: the render's own are ignoresItself's to refuse (a pack's), or
// tested with every golden case (the built-in ones). So do those of git's files of the
// user's that the project's repository reads as the scratch one does, named as git names
// them: the user's own excludes file (core.excludesFile, by default
// ~/.config/git/ignore), and the .git/info/exclude git init copies from the user's
// template directory; the refusal says how to keep such a pattern (personalIgnored).
// With --no-git (noGit) nothing is committed now, and a note names the files instead.
func ownIgnored(ctx context.Context, env Env, dir string, steps []generator.Step, noGit bool) error {
	ignoreFiles, users, err := ownIgnoreFiles(dir, steps)
	if err != nil {
		return err
	}
	var paths []string
	for _, s := range steps {
		if s.File != nil {
			paths = append(paths, s.Path)
		}
	}
	found, err := scratchIgnored(ctx, env, ignoreFiles, paths)
	if _, noTemp := errors.AsType[*tempDirError](err); noTemp && len(users) == 0 {
		// Only git's files of the user's could ignore a file here, and without a scratch
		// repository git cannot be asked: new works without a usable TMPDIR, as it did
		// before this check, and the first commit's git add names such a file.
		return nil
	}
	if err != nil {
		return err
	}
	var ignored, personal []gitview.Ignored
	for _, ig := range found {
		if !ig.Shared() {
			personal = append(personal, ig)
			continue
		}
		file, line, pattern := ig.Where()
		mine, ok := users[file]
		if !ok || line < 1 {
			continue
		}
		if at := lineOf(mine, lineAt(ignoreFiles[file], line)); at > 0 {
			ignored = append(ignored, gitview.Ignored{Path: ig.Path, Source: fmt.Sprintf("%s:%d:%s", file, at, pattern)})
		}
	}
	ignored = append(ignored, personal...)
	if len(ignored) == 0 {
		return nil
	}
	if noGit {
		whose := "your .gitignore"
		if len(personal) > 0 {
			whose = "git"
		}
		fmt.Fprintf(env.Stderr, "note: %s ignores files new writes: %s; once %s is a git repository, a commit would leave them out, and a clone would miss them; change the pattern (or add a !exception)%s\n",
			whose, printable(gitview.ListIgnored(ignored)), printable(dir), printable(personalIgnored(personal, true)))
		return nil
	}
	return usageError{errors.New(gitview.IgnoredRefusal("new", ignored) + personalIgnored(personal, false))}
}

// personalIgnored tells how to keep the patterns of the user's own git files that ignore
// files new writes (personal, ownIgnored's, "" for none), which git reads in every
// repository of the user's: commit the files with git add -f, which a commit of them
// later keeps, after new --no-git unless noGit already.
func personalIgnored(personal []gitview.Ignored, noGit bool) string {
	if len(personal) == 0 {
		return ""
	}
	var files, paths []string
	for _, ig := range personal {
		file, _, _ := ig.Where()
		what := file + " is your own excludes file (core.excludesFile)"
		if !path.IsAbs(file) && !filepath.IsAbs(file) {
			what = file + " is what git init copies from your template directory (init.templateDir)"
		}
		if !slices.Contains(files, what) {
			files = append(files, what)
		}
		paths = append(paths, generator.ShellQuote(ig.Path))
	}
	then := "run new with --no-git, then commit them in the project's repository with"
	if noGit {
		then = "commit them there with"
	}
	return fmt.Sprintf("; %s, which git reads in every repository of yours: to keep the pattern there, %s git add -f -- %s",
		strings.Join(files, ", and "), then, strings.Join(paths, " "))
}

// ownIgnoreFiles returns the .gitignore files (by slash-separated path) that the project
// new writes into dir (its plan steps) holds once written, and those of them that are the
// user's (their content as it is now): each of the plan, a user's merged into it, and each
// other of the user's in a directory of a file of the plan. A symbolic link git does not
// read; one that is no regular file is refused, as git would wait for good on a named
// pipe.
func ownIgnoreFiles(dir string, steps []generator.Step) (all, users map[string][]byte, err error) {
	all, users = map[string][]byte{}, map[string][]byte{}
	dirs := map[string]bool{}
	for _, s := range steps {
		if s.File == nil {
			continue
		}
		if path.Base(s.Path) == ".gitignore" {
			all[s.Path] = s.File.Content
			if s.Exists() {
				users[s.Path] = s.Old
			}
		}
		for d := path.Dir(s.Path); !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
			if d == "." {
				break
			}
		}
	}
	var odd []string
	for _, d := range slices.Sorted(maps.Keys(dirs)) {
		name := path.Join(d, ".gitignore")
		if _, ok := all[name]; ok {
			continue
		}
		info, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name)))
		switch {
		case err != nil || info.Mode()&fs.ModeSymlink != 0 || info.IsDir():
			continue
		case !info.Mode().IsRegular():
			odd = append(odd, name)
			continue
		}
		data, err := generator.ReadLimited(os.DirFS(dir), name, generator.MaxTreeFile)
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", filepath.Join(dir, filepath.FromSlash(name)), err)
		}
		all[name], users[name] = data, data
	}
	if len(odd) > 0 {
		return nil, nil, usagef("nothing written: %v and run new again", &gitview.IgnoreFileError{Files: odd})
	}
	return all, users, nil
}

// ignoreLine returns a line of an ignore file as git reads it: without its line ending,
// a byte order mark at the start of the file, or the spaces that end it.
func ignoreLine(line string) string {
	return strings.TrimRight(strings.TrimPrefix(line, "\ufeff"), " \t\r")
}

// lineAt returns line n (from 1) of an ignore file, as git reads it (ignoreLine).
func lineAt(content []byte, n int) string {
	lines := strings.Split(string(content), "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return ignoreLine(lines[n-1])
}

// lineOf returns the number (from 1) of the first line of the ignore file content that
// git reads as text, 0 for none.
func lineOf(content []byte, text string) int {
	if text == "" {
		return 0
	}
	for i, line := range strings.Split(string(content), "\n") {
		if ignoreLine(line) == text {
			return i + 1
		}
	}
	return 0
}

// existingDir returns dir, or the nearest directory above it that exists, from which git
// answers for the work tree dir will be in; "" for none.
func existingDir(dir string) string {
	for {
		if info, err := os.Stat(dir); err == nil && info.IsDir() {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

// gitRefusal refuses to write changes (paths relative to dir) into the git work tree dir
// is (or will be) in, as add and update refuse: while a merge, rebase, cherry-pick or the
// like is in progress there (what new writes would become part of it), and what
// update.CheckUnseen refuses (a file git is told not to look at, which git status would
// not show replaced and a commit would keep as it was; a tracked file the work tree lacks;
// a directory that is a repository of its own). A project the work tree ignores as a
// whole (apart), and one in no work tree, are not checked.
func gitRefusal(ctx context.Context, env Env, dir string, changes []generator.Change, apart bool) error {
	top := existingDir(dir)
	if apart || top == "" || !gitview.InWorkTree(ctx, env.Environ, top) {
		return nil
	}
	if op, err := gitview.InProgress(ctx, env.Environ, top); err != nil {
		return err
	} else if op != nil {
		return usageError{errors.New(op.Refusal("new"))}
	}
	rel, err := filepath.Rel(top, dir)
	if err != nil {
		return err
	}
	if rel != "." {
		moved := make([]generator.Change, len(changes))
		for i, c := range changes {
			moved[i] = c
			moved[i].Path = path.Join(filepath.ToSlash(rel), c.Path)
		}
		changes = moved
	}
	err = update.CheckUnseen(ctx, env.Environ, top, "new", changes)
	if ie, ok := errors.AsType[*update.InputError](err); ok {
		return usageError{ie}
	}
	return err
}

// tidyNeed is why the project's module files may not match its imports (needsTidy).
type tidyNeed int

const (
	// tidyNone: they match.
	tidyNone tidyNeed = iota
	// tidyDrops: the pack's Go files import only some of the packages the built-in
	// templates import: the built-in go.mod and go.sum build them, with requirements and
	// checksums to spare, which go mod tidy drops (and `go mod tidy -diff` reports).
	tidyDrops
	// tidyOther: they import other packages, or the pack has module files of its own:
	// what the built-in go.mod and go.sum hold may not build them.
	tidyOther
)

// needsTidy reports whether the project's module files may not match its imports, and
// why. The built-in templates carry complete, pinned go.mod and go.sum for every
// dependency set, so only a pack whose overlay or removals change the imported packages
// (or that replaces the module files themselves) needs go mod tidy.
func needsTidy(ctx context.Context, pack preset.Pack, a answers.Answers, files []generator.File) (tidyNeed, error) {
	if slices.ContainsFunc(pack.OverlayFiles(), func(n string) bool {
		return strings.HasSuffix(n, "go.mod.tmpl") || strings.HasSuffix(n, "go.sum.tmpl")
	}) {
		return tidyOther, nil
	}
	if !overlayHasGo(pack) && !slices.ContainsFunc(pack.Remove, func(r string) bool { return strings.HasSuffix(r, ".go") }) {
		return tidyNone, nil
	}
	builtin := pack.Project(a, buildinfo.Get().ModuleVersion)
	builtin.Preset = generator.Preset{}
	builtin.NoRecord = true
	plain, err := generator.Render(ctx, builtin)
	if err != nil {
		return tidyNone, err
	}
	want, err := generator.ExternalImports(plain, a.Module)
	if err != nil {
		return tidyNone, err
	}
	got, err := generator.ExternalImports(files, a.Module)
	if err != nil {
		return tidyNone, err
	}
	switch {
	case slices.Equal(want, got):
		return tidyNone, nil
	case !slices.ContainsFunc(got, func(p string) bool { _, found := slices.BinarySearch(want, p); return !found }):
		return tidyDrops, nil
	}
	return tidyOther, nil
}

// why says what the pack's Go files import, for the notes on go mod tidy.
func (n tidyNeed) why() string {
	if n == tidyDrops {
		return "the pack's Go files import only some of the packages the built-in templates import"
	}
	return "the pack's Go files import other modules than the built-in templates"
}

// buildCheck reports whether the project files rendered under pack need go mod tidy
// (needsTidy), and type-checks them when the pack's files may change the build
// (checkBuild): a project that does not type-check is the pack's fault, invalid input.
func buildCheck(ctx context.Context, env Env, pack preset.Pack, a answers.Answers, files []generator.File) (tidyNeed, error) {
	tidy, err := needsTidy(ctx, pack, a, files)
	if err != nil {
		return tidyNone, err
	}
	if err := checkBuild(ctx, env, pack, files, tidy != tidyNone, "cmd/"+a.Name); err != nil {
		switch {
		case stopped(ctx, err):
			return tidyNone, errInterrupted
		case errors.Is(err, errNoBuild):
			return tidyNone, usageError{fmt.Errorf("preset %s: %w; nothing written", pack.Name, err)}
		}
		return tidyNone, fmt.Errorf("%w; nothing written", err)
	}
	return tidy, nil
}

// errInterrupted ends a run that a signal stopped before anything was written.
var errInterrupted = errors.New("interrupted, nothing written")

// stopped reports whether err, returned before anything was written, comes of a
// signal that stops the run: the context is done, or a command the run started died
// of such a signal (a terminal sends Ctrl-C's SIGINT to the whole process group, so
// the go command may die of it before the context is cancelled).
func stopped(ctx context.Context, err error) bool {
	if errors.Is(err, context.Canceled) || ctx.Err() != nil {
		return true
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && slices.Contains([]os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}, os.Signal(ws.Signal()))
}

// render renders the project of answers a from pack. Errors in a pack's own templates
// are invalid input (exit 2); running out of time or being interrupted are not.
func render(ctx context.Context, pack preset.Pack, a answers.Answers, timeout time.Duration) ([]generator.File, error) {
	p := pack.Project(a, buildinfo.Get().ModuleVersion)
	p.Limits.Timeout = timeout
	files, err := generator.Render(ctx, p)
	switch {
	case err == nil:
		return files, nil
	case errors.Is(err, context.Canceled):
		return nil, errInterrupted
	case errors.Is(err, generator.ErrTimeout):
		return nil, fmt.Errorf("%w; raise it with --render-timeout if the preset's templates need longer", err)
	case p.Preset.Overlay != nil || errors.Is(err, generator.ErrOutputLimit) || errors.Is(err, generator.ErrValueLimit) || errors.As(err, new(*generator.RemoveError)):
		return nil, usageError{fmt.Errorf("preset %s: %w", pack.Name, err)}
	}
	return nil, err
}

// idleNotes says which of the pack's overlay templates replace a built-in template that
// answers a do not render, another built-in template writing the file (see
// preset.Pack.IdleReplacements). update and add, which render a project with a pack as
// new does, give the same lines with their plan's notes (packCheck, addToNewProject).
func idleNotes(env Env, pack preset.Pack, a answers.Answers) error {
	lines, err := pack.IdleReplacements(a)
	for _, l := range lines {
		fmt.Fprintf(env.Stderr, "note: %s\n", printable(l))
	}
	return err
}

// ruledOut returns err, a failed render of answers a under pack, as the choice of the
// user's that the pack rules out when it is one: a file the pack leaves out that a
// feature turned on by layers (--with, an answers file, a prompt) calls, while the pack's
// own features render. The pack is fine as it is (its answers leave the feature out);
// the user's choice is the cause, so the message names it and not the pack's remedies.
func ruledOut(pack preset.Pack, a answers.Answers, layers []answers.Layer, err error) error {
	c, ok := choiceRuledOut(pack, a, a.Features, err)
	if !ok {
		return err
	}
	var by []string
	for _, f := range c.added {
		by = append(by, askedBy(layers, f))
	}
	list := strings.Join(c.added, ", ")
	return usagef("%s: %s; leave %s out (the pack's own features are %s), or use another preset",
		strings.Join(slices.Compact(by), ", "), c, list, orNone(strings.Join(c.own.Features, ", ")))
}

// ruledOutFeatures is a choice of features a pack leaves open but rules out: it leaves
// out a file they call (choiceRuledOut).
type ruledOutFeatures struct {
	pack  preset.Pack
	added []string // the features the pack's own answers leave out
	re    *generator.RemoveError
	own   answers.Answers // the pack's own answers
}

// String says it: "preset rd cannot have docker: it leaves out Dockerfile (remove,
// rd/preset.yaml:5:10), and with docker the built-in Makefile builds the image from it".
func (c ruledOutFeatures) String() string {
	at := ""
	if w := c.pack.RemovedAt(c.re.Path); w != "" {
		at = " (remove, " + w + ")"
	}
	list := strings.Join(c.added, ", ")
	return fmt.Sprintf("preset %s cannot have %s: it leaves out %s%s, and with %s %s", c.pack.Name, list, c.re.Path, at, list, c.re.Uses)
}

// choiceRuledOut reports whether err, a failed render of answers a under pack, is a file
// the pack leaves out that features of a call, of those in turned (the features a
// command turned on) that the pack's own answers leave out, while the pack's own
// features render: the choice is the cause, not the pack. The features named are those
// that select the file left out, when some of them are among these (docker for the
// Dockerfile), else all of these.
func choiceRuledOut(pack preset.Pack, a answers.Answers, turned []string, err error) (ruledOutFeatures, bool) {
	var re *generator.RemoveError
	if !errors.As(err, &re) || re.Uses == "" {
		return ruledOutFeatures{}, false
	}
	own, _, perr := pack.Resolve(answers.Layer{Source: answers.FromFlag, Values: map[string]answers.Value{answers.KeyModule: {Raw: a.Module}}})
	if perr != nil {
		return ruledOutFeatures{}, false
	}
	c := ruledOutFeatures{pack: pack, re: re, own: own}
	for _, f := range a.Features {
		if slices.Contains(turned, f) && !own.Has(f) {
			c.added = append(c.added, f)
		}
	}
	sel := selectors([]string{re.Path})
	if selecting := slices.DeleteFunc(slices.Clone(c.added), func(f string) bool { return !slices.Contains(sel, f) }); len(selecting) > 0 {
		c.added = selecting
	}
	return c, len(c.added) > 0 // none: the pack's own answers fail, and its remedies are the ones to give
}

// packCheck returns update's check of update.Generated.CheckPack: the render of a pack
// a project moves to is checked as new checks it (checkPackRender), and its Go files
// build (updateBuildCheck); a file the pack leaves out that a feature the project has
// calls is a refusal naming that feature, not the pack's remedies, as new names --with
// (ruledOut). add checks its render itself, on the merged files (addedBreaks). The notes
// are new's of the pack's overlay templates the answers do not use (idleNotes), then
// what the check could not check.
func packCheck(env Env) func(context.Context, update.PackCheck) ([]string, error) {
	return func(ctx context.Context, c update.PackCheck) ([]string, error) {
		if c.Err != nil {
			return nil, packRuledOut(c, "update")
		}
		if err := checkPackRender(ctx, env, c.Pack, c.Answers, c.Files, "update"); err != nil {
			return nil, err
		}
		notes, err := c.Pack.IdleReplacements(c.Answers)
		if err != nil {
			return nil, err
		}
		note, err := updateBuildCheck(ctx, env, c.Env, c.Pack, c.Answers, c.Files)
		if note != "" {
			notes = append(notes, note)
		}
		return notes, err
	}
}

// packRuledOut returns the refusal of command (add, update) for c's failed render when a
// feature it turns on is ruled out by the pack (choiceRuledOut), nil otherwise.
func packRuledOut(c update.PackCheck, command string) error {
	turned := c.Answers.Features
	if command == "add" {
		turned = c.Request.Adding
	}
	r, ok := choiceRuledOut(c.Pack, c.Answers, turned, c.Err)
	if !ok {
		return nil
	}
	list, path := strings.Join(r.added, ", "), r.re.Path
	if command == "add" {
		return usagef("add %s: %s; a project of preset %s goes without %s (its own features are %s): to have %s, move the project to a preset that keeps %s (gonew-prod update --preset REF), then add %s; nothing written",
			list, r, r.pack.Name, list, orNone(strings.Join(r.own.Features, ", ")), list, path, strings.Join(r.added, " "))
	}
	return usagef("the project has %s (the features %s records), and %s: keep the project's preset, or move it to one (or a version of %s) that keeps %s; nothing written",
		list, generator.RecordFile, r, r.pack.Name, path)
}

// askedBy names where layers turn feature f on, the last to do so first: --with, the
// flag or answers file line of a features list, or the prompt.
func askedBy(layers []answers.Layer, f string) string {
	for i := len(layers) - 1; i >= 0; i-- {
		l := layers[i]
		if slices.Contains(l.With, f) {
			return "--with " + f
		}
		if v, ok := l.Values[answers.KeyFeatures]; ok {
			if list, _ := v.Raw.([]string); slices.Contains(list, f) {
				return fmt.Sprintf("%s (features holding %s)", cmp.Or(v.Where, string(l.Source)), f)
			}
		}
	}
	return "features holding " + f
}

// joinedIgnore is the reason of a plan step of new that joins an ignore file of the
// user's with the render's.
const joinedIgnore = "content differs: merged, this version's patterns, then those of yours it lacks, in your order"

// joinIgnoreFiles returns steps with each .gitignore and .dockerignore of the user's that
// the render would replace (--force) joined with the render's instead (merge.IgnoreJoin),
// as update merges them: what the user kept out of git and of images (a secret, a data
// directory) stays out. A file the render creates in dir that a tool reads in place of
// one of the user's that stays is checked as update checks it (update.Shadows): a
// Dockerfile.dockerignore takes the user's .dockerignore lines, and a GNUmakefile hiding a
// Makefile of the user's that it does not include is refused (exit 2).
func joinIgnoreFiles(dir string, steps []generator.Step) ([]generator.Step, error) {
	rendered := map[string][]byte{}
	for _, s := range steps {
		if s.File != nil {
			rendered[s.Path] = s.File.Content
		}
	}
	for i, s := range steps {
		if name := path.Base(s.Path); s.Class != generator.Conflict || !s.Exists() || s.File == nil || name != ".gitignore" && name != ".dockerignore" {
			continue
		}
		ours := s.Old
		if lf, ok := generator.Committed(s.Old); ok {
			ours = lf // a checkout with CRLF line endings: joined as git commits it
		}
		f := *s.File
		f.Content = generator.InEndingsOf(s.Old, merge.IgnoreJoin(s.File.Content, ours))
		steps[i].File = &f
		switch {
		case !generator.SameText(s.Old, f.Content):
			steps[i].Reason = joinedIgnore
		case generator.SameMode(s.OldMode, f.Mode):
			steps[i].Class, steps[i].Reason = generator.Identical, "" // yours holds the render's patterns already
		default:
			steps[i].Reason = fmt.Sprintf("mode is %04o, want %04o", s.OldMode, f.Mode)
		}
	}
	at := map[string]int{}
	var created []string
	for i, s := range steps {
		at[s.Path] = i
		if s.Class == generator.Create && s.File != nil {
			created = append(created, s.Path)
		}
	}
	joined, err := update.Shadows(update.Written{
		Created: created,
		After: func(p string) ([]byte, bool) {
			if i, ok := at[p]; ok {
				if f := steps[i].File; f != nil {
					return f.Content, true
				}
				return nil, false
			}
			data, err := generator.ReadRegular(os.DirFS(dir), p, generator.MaxTreeFile)
			return data, err == nil
		},
		Rendered: func(p string) ([]byte, bool) { data, ok := rendered[p]; return data, ok },
	}, "new")
	if err != nil {
		return nil, usageError{err}
	}
	for p, data := range joined {
		f := *steps[at[p]].File
		f.Content = data
		steps[at[p]].File, steps[at[p]].Reason = &f, update.ShadowJoined
	}
	return steps, nil
}

// keptModes returns steps with each file of the user's that new would replace by content
// that is already its own (as git would commit it) Identical, when only the modes differ
// and the file's is the one the write keeps (newMode: a Makefile the user made 0750, or
// one an earlier new --force replaced keeping the user's mode): writing it would leave
// the file as it is, so it is neither written nor backed up. The dry run's plan names the
// mode kept (printPlan).
func keptModes(steps []generator.Step) []generator.Step {
	for i, s := range steps {
		if s.Class == generator.Conflict && s.Exists() && s.File != nil && generator.SameText(s.Old, s.File.Content) && newMode(s) == s.OldMode {
			steps[i].Class, steps[i].Reason = generator.Identical, ""
		}
	}
	return steps
}

// dockerContext refuses a plan whose Dockerfile would be built from a context that the
// ignore file Docker reads for it, where that is the user's, leaves a file of the build
// out of (buildFiles: go.mod, go.sum, the Go files of mainDir and of the packages it
// imports), as add refuses it
// (retrofit.DockerExcluded): a .dockerignore of the user's merged after the render's
// patterns (a whitelist, "*" then "!cmd/", ends it, so its "*" leaves out the new
// internal/), or a Dockerfile.dockerignore of the user's, which Docker reads for
// Dockerfile in place of .dockerignore. The refusal names the files, the pattern and the
// exceptions that let them in.
func dockerContext(dir, module, mainDir string, steps []generator.Step) error {
	if !slices.ContainsFunc(steps, func(s generator.Step) bool { return s.Path == "Dockerfile" && s.File != nil }) {
		return nil
	}
	var name string
	var data []byte
	for _, f := range []struct{ path, what string }{
		{"Dockerfile.dockerignore", " (which Docker reads for Dockerfile in place of .dockerignore)"},
		{".dockerignore", ""},
	} {
		if i := slices.IndexFunc(steps, func(s generator.Step) bool { return s.Path == f.path }); i >= 0 && steps[i].File != nil {
			switch {
			case steps[i].Exists():
				name, data = "your "+f.path+f.what, steps[i].File.Content
				if steps[i].Reason == joinedIgnore {
					name += " (merged after this version's patterns)"
				}
			case steps[i].Reason == update.ShadowJoined:
				name, data = "your .dockerignore, joined after the patterns of "+f.path+f.what+",", steps[i].File.Content
			}
			break // the render's own, or the user's merged into it
		}
		if content, err := generator.ReadRegular(os.DirFS(dir), f.path, generator.MaxTreeFile); err == nil {
			name, data = "your "+f.path+f.what, content
			break
		}
	}
	if name == "" {
		return nil
	}
	var files []generator.File
	for _, s := range steps {
		if s.File != nil {
			files = append(files, *s.File)
		}
	}
	out, err := contextLeftOut(data, files, module, mainDir, func(p string) string { return retrofit.ContextException(dir, p) })
	if err != nil {
		return usagef("nothing written: %s: %v; fix it and run new again, or leave out docker (--without docker)", name, err)
	}
	if len(out.left) == 0 {
		return nil
	}
	return usagef("nothing written: %s leaves %s, and the go build of the Dockerfile new writes needs %s; add %s at its end and run new again, or leave out docker (--without docker)",
		name, out, out.them(), out.exceptions())
}

// packDockerContext refuses a render of pack whose own ignore file for the built-in
// Dockerfile, an overlay .dockerignore or Dockerfile.dockerignore (which Docker reads in
// its place), leaves a file of the image's go build out of the build context, as
// dockerContext refuses the user's: the image would not build. A pack that replaces the
// Dockerfile too keeps the two consistent itself. a holds the answers files was rendered
// for; cmd is the command that would write them (new, or update moving a project to the
// pack, whose answers keep docker).
func packDockerContext(pack preset.Pack, a answers.Answers, files []generator.File, cmd string) error {
	content := byPath(files)
	if _, ok := content["Dockerfile"]; !ok || pack.Overlay["Dockerfile.tmpl"] != nil {
		return nil
	}
	name := ".dockerignore"
	if _, ok := content["Dockerfile.dockerignore"]; ok {
		name = "Dockerfile.dockerignore"
	}
	ignore, ok := content[name]
	if !ok || pack.Overlay[name+".tmpl"] == nil {
		return nil // none, or the built-in one, which every golden case builds with
	}
	template := "overlay/" + name + ".tmpl"
	// The exception a pack's file needs does not depend on any tree: the first directory
	// of the path, or the path.
	first := func(p string) string {
		if d, _, ok := strings.Cut(p, "/"); ok {
			return d + "/"
		}
		return p
	}
	out, err := contextLeftOut(ignore, files, a.Module, "cmd/"+a.Name, first)
	without := ", or leave out docker (new --without docker)"
	if cmd != "new" {
		without = "; nothing written"
	}
	if err != nil {
		return usageError{fmt.Errorf("preset %s: %s: %w; fix it in the pack%s", pack.Name, template, err, without)}
	}
	if len(out.left) == 0 {
		return nil
	}
	return usageError{fmt.Errorf("preset %s: %s leaves %s, and the go build of the built-in Dockerfile needs %s; add %s at its end in the pack (or replace the Dockerfile in the overlay too)%s",
		pack.Name, template, out, out.them(), out.exceptions(), without)}
}

// ciMakeRun matches a step of a CI file that runs one make target: GitHub's `run: make
// build`, GitLab's `- make build`.
var ciMakeRun = regexp.MustCompile(`(?m)^[ \t]*(?:-[ \t]+|run:[ \t]+)make[ \t]+([A-Za-z0-9_][A-Za-z0-9_.-]*)[ \t]*$`)

// renderedFiles are the contents of a render's files by path.
type renderedFiles map[string][]byte

// byPath returns the contents of files by path.
func byPath(files []generator.File) renderedFiles {
	content := renderedFiles{}
	for _, f := range files {
		content[f.Path] = f.Content
	}
	return content
}

// read returns the content of the file at name, as audit's Makefile readers take it.
func (r renderedFiles) read(name string) ([]byte, error) {
	if data, ok := r[name]; ok {
		return data, nil
	}
	return nil, fs.ErrNotExist
}

// glob returns the paths of the files that the file pattern (a path of the project)
// matches, sorted, as audit's Makefile readers take it: an include of mk/*.mk, or of
// $(wildcard mk/*.mk), reads the rendered files it matches, as make reads the written
// project's.
func (r renderedFiles) glob(pattern string) ([]string, error) {
	return audit.MatchFiles(maps.Keys(r), pattern)
}

// packMakeTargets refuses a render of pack whose own makefile that make reads (its
// Makefile, or a GNUmakefile or makefile, which make reads instead of the Makefile) lacks
// a target that a built-in file calling the Makefile (its needs in the manifest: the
// generated CI) runs, as rendered in files: the first CI run would stop at "No rule to
// make target". Its includes are read from files, those of a pattern (include mk/*.mk)
// too, so a GNUmakefile that includes the Makefile has its targets. A makefile whose
// targets are not all known (an include the project does not hold, a match-anything
// rule) is left alone, as is a caller the pack replaces or leaves out. For add, files
// are the project's (with the makefiles of its tree: update.Plan.After), and a
// makefile of the user's that make reads in place of the pack's (a GNUmakefile that
// includes the Makefile) is checked as make reads it.
func packMakeTargets(pack preset.Pack, files []generator.File, cmd string) error {
	content := byPath(files)
	i := slices.IndexFunc(generator.MakefileNames, func(n string) bool { _, ok := content[n]; return ok })
	if i < 0 {
		return nil // rendered blank, or removed: generator.Render names the callers
	}
	makefile := generator.MakefileNames[i]
	// made says where the makefile make reads comes from: the pack, or (add's tree) the
	// user, whose GNUmakefile make reads in place of the pack's Makefile, which it may
	// include.
	made := fmt.Sprintf("made from preset %s's %s", pack.Name, pack.TemplateAt(makefile+".tmpl"))
	if pack.Overlay[makefile+".tmpl"] == nil {
		j := slices.IndexFunc(generator.MakefileNames, func(n string) bool { _, ok := content[n]; return ok && pack.Overlay[n+".tmpl"] != nil })
		if cmd != "add" || j < 0 {
			return nil // the built-in one, which every golden case runs
		}
		made = fmt.Sprintf("yours, which make reads in place of the %s made from preset %s's %s", generator.MakefileNames[j], pack.Name, pack.TemplateAt(generator.MakefileNames[j]+".tmpl"))
	}
	// hidden says which Makefile make does not read, when the pack's makefile hides one.
	hidden := ""
	if _, ok := content["Makefile"]; ok && makefile != "Makefile" && pack.Overlay[makefile+".tmpl"] != nil {
		hidden = "the built-in Makefile"
		if pack.Overlay["Makefile.tmpl"] != nil {
			hidden = "the pack's Makefile"
		}
	}
	// An include (not -include) of a makefile the render does not hold, the Makefile
	// the pack removes say, stops every make run at that line.
	for n, line := range strings.Split(string(content[makefile]), "\n") {
		f := strings.Fields(line)
		if len(f) == 2 && f[0] == "include" && generator.IsMakefileName(f[1]) {
			if _, held := content[f[1]]; !held {
				return usageError{fmt.Errorf("preset %s: %s:%d: include %s, which the render does not hold (the pack removes it, or it renders blank): every make run would stop there (\"No such file or directory\"); drop the include, write it -include, or keep %s",
					pack.Name, pack.TemplateAt(makefile+".tmpl"), n+1, f[1], f[1])}
			}
		}
	}
	rules, err := audit.MakeRulesRun(content.read, content.glob, makefile)
	var unreadable *audit.MakeUnreadable
	if errors.As(err, &unreadable) {
		file := unreadable.File
		if pack.Overlay[file+".tmpl"] != nil {
			file = pack.TemplateAt(file + ".tmpl")
		}
		return usageError{fmt.Errorf("preset %s: %s: line %d of the rendered %s: %s: every make run, CI's first, would fail; fix it in the template",
			pack.Name, file, unreadable.Line, unreadable.File, unreadable.Why)}
	}
	if err != nil {
		return err
	}
	if rules.Gap != "" {
		return nil
	}
	has := func(target string) bool {
		return slices.ContainsFunc(rules.Targets, func(t audit.MakeTarget) bool { return t.Name == target }) ||
			slices.ContainsFunc(rules.Patterns, func(t audit.MakeTarget) bool { _, ok := audit.MakePatternStem(t.Name, target); return ok })
	}
	m, err := builtin.Manifest()
	if err != nil {
		return err
	}
	for _, e := range m.Files {
		caller, ok := content[e.Path]
		if _, needs := e.Needs["Makefile"]; !needs || !ok || pack.Overlay[e.Path+".tmpl"] != nil {
			continue
		}
		var missing, runs []string
		for _, sm := range ciMakeRun.FindAllSubmatch(caller, -1) {
			if target := string(sm[1]); !has(target) && !slices.Contains(missing, target) {
				missing = append(missing, target)
				runs = append(runs, "make "+target)
			}
		}
		if len(missing) > 0 {
			stop, keep := "its first run", ""
			if hidden != "" {
				stop = fmt.Sprintf("make reads %s, not %s, so its first run", makefile, hidden)
				keep = " (include Makefile in it keeps the Makefile's targets)"
			}
			if cmd == "add" {
				// The project's makefile, the user's now, made from the pack's.
				return usageError{fmt.Errorf("%s (%s) has no target %s, which the built-in %s runs with what add adds (%s): %s would stop at \"No rule to make target\"; add %s to %s%s, commit, and run add again; nothing written",
					makefile, made, strings.Join(missing, " or "), e.Path, strings.Join(runs, ", "), stop, strings.Join(missing, " and "), makefile, keep)}
			}
			return usageError{fmt.Errorf("preset %s: %s has no target %s, which the built-in %s runs (%s): %s would stop at \"No rule to make target\"; add %s to the pack's %s%s, or replace %s in the overlay too",
				pack.Name, pack.TemplateAt(makefile+".tmpl"), strings.Join(missing, " or "), e.Path, strings.Join(runs, ", "), stop, strings.Join(missing, " and "), makefile, keep, e.Path)}
		}
	}
	return nil
}

// leftOut is what an ignore file leaves out of a Docker build context that a go build
// needs: the files or directories (left), each with the exception that lets it in, and
// the patterns that leave them out.
type leftOut struct{ left, patterns []string }

func (l leftOut) String() string {
	return fmt.Sprintf("%s out of the Docker build context (pattern %s)", strings.Join(l.left, " and "), strings.Join(l.patterns, ", "))
}

func (l leftOut) them() string {
	if len(l.left) > 1 {
		return "them"
	}
	return "it"
}

func (l leftOut) exceptions() string {
	ex := make([]string, len(l.left))
	for i, e := range l.left {
		ex[i] = "!" + e
	}
	return strings.Join(ex, " and ")
}

// contextLeftOut returns what the ignore file data (retrofit.DockerExcluded) leaves out
// of a build context holding files, of what a go build of the main package in mainDir
// reads (buildFiles); exception names the entry that lets a path in.
func contextLeftOut(data []byte, files []generator.File, module, mainDir string, exception func(string) string) (leftOut, error) {
	var out leftOut
	for _, p := range buildFiles(files, module, mainDir) {
		excluded, pattern, err := retrofit.DockerExcluded(data, p)
		if err != nil {
			return leftOut{}, err
		}
		if !excluded {
			continue
		}
		if e := exception(p); !slices.Contains(out.left, e) {
			out.left = append(out.left, e)
		}
		if !slices.Contains(out.patterns, pattern) {
			out.patterns = append(out.patterns, pattern)
		}
	}
	return out, nil
}

// buildFiles returns the files of a project's files that a go build of its main package
// in mainDir reads: go.mod, go.sum, and the Go files, tests aside, of mainDir and of
// every package of module it imports, directly or not (build constraints aside: a file
// is counted whatever its tags). A Go file that does not parse counts as imported by all.
func buildFiles(files []generator.File, module, mainDir string) []string {
	imports := map[string][]string{} // the module's packages each directory's Go files import, as directories
	var out []string
	for _, f := range files {
		switch {
		case f.Path == "go.mod" || f.Path == "go.sum":
			out = append(out, f.Path)
		case strings.HasSuffix(f.Path, ".go") && !strings.HasSuffix(f.Path, "_test.go"):
			dir := path.Dir(f.Path)
			imports[dir] = append(imports[dir], "") // a package there, whatever it imports
			syntax, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Content, parser.ImportsOnly)
			if err != nil {
				out = append(out, f.Path)
				continue
			}
			for _, spec := range syntax.Imports {
				if p, err := strconv.Unquote(spec.Path.Value); err == nil && (p == module || strings.HasPrefix(p, module+"/")) {
					imports[dir] = append(imports[dir], cmp.Or(strings.TrimPrefix(strings.TrimPrefix(p, module), "/"), "."))
				}
			}
		}
	}
	built := map[string]bool{}
	for todo := []string{mainDir}; len(todo) > 0; {
		dir := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if built[dir] {
			continue
		}
		built[dir] = true
		for _, d := range imports[dir] {
			if d != "" {
				todo = append(todo, d)
			}
		}
	}
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".go") && !strings.HasSuffix(f.Path, "_test.go") && built[path.Dir(f.Path)] && !slices.Contains(out, f.Path) {
			out = append(out, f.Path)
		}
	}
	return out
}

// caseTwins refuses a plan that creates a file whose path differs only in letter case
// from a file or directory of the user's in dir (generator.CaseTwin, as update refuses
// it): README.md beside readme.md, k8s/ beside K8S/. On a case-insensitive file system
// (macOS, Windows) each pair is one file, so a clone there holds one of the two and shows
// the other as modified. The refusal names every pair.
func caseTwins(dir string, steps []generator.Step) error {
	tree := treeFS(dir)
	if tree == nil {
		return nil
	}
	var pairs, twins []string
	for _, s := range steps {
		if s.File == nil || s.Exists() {
			continue
		}
		twin, err := generator.CaseTwin(tree, s.Path)
		if err != nil {
			return err
		}
		if twin == "" || slices.Contains(twins, twin) {
			continue
		}
		mine := strings.Join(strings.Split(s.Path, "/")[:strings.Count(twin, "/")+1], "/")
		if mine != s.Path {
			mine += "/"
		}
		twins = append(twins, twin)
		pairs = append(pairs, fmt.Sprintf("%s (your %s is there)", mine, twin))
	}
	if len(pairs) == 0 {
		return nil
	}
	others := ""
	if len(twins) > 1 {
		others = ", and likewise the others"
	}
	return usagef("nothing written: new would create %s, which differ only in letter case from paths of yours: on a case-insensitive file system (macOS, Windows) each pair is one file, so a clone there would hold one of the two; rename yours (git mv %s NEWNAME, and what refers to it%s) and run new again",
		strings.Join(pairs, ", "), generator.ShellQuote(twins[0]), others)
}

// newChanges turns the plan of `new` into changes: created files, and replaced ones with
// a backup (the target was checked to be empty unless --force was given). Anything that
// is not a regular file in the way of a file, and a file larger than
// generator.MaxTreeFile (which the plan does not read, so it can neither be compared nor
// backed up), is refused before anything is touched, naming it (and its size).
func newChanges(steps []generator.Step) ([]generator.Change, error) {
	changes, blockers := planChanges(steps)
	var notFiles, large []string
	for _, s := range blockers {
		if s.Large > 0 {
			large = append(large, fmt.Sprintf("%s (%d bytes)", s.Path, s.Large))
		} else {
			notFiles = append(notFiles, s.Path+" ("+s.Reason+")")
		}
	}
	var why []string
	if len(notFiles) > 0 {
		why = append(why, "where files must go, the target holds something that is not a file: "+strings.Join(notFiles, ", "))
	}
	if len(large) > 0 {
		why = append(why, fmt.Sprintf("where files must go, the target holds files larger than %d MiB (%d bytes), the most new reads of a file it replaces (to compare and back it up): %s",
			generator.MaxTreeFile>>20, generator.MaxTreeFile, strings.Join(large, ", ")))
	}
	if len(why) > 0 {
		return nil, usagef("nothing written: %s; move them away and run again", strings.Join(why, "; "))
	}
	return changes, nil
}

// planChanges returns the changes of new's plan steps, each replaced file backed up, and
// the steps where a file is in the way that new cannot replace: something that is not a
// regular file, or a file too large to read (Step.Large).
func planChanges(steps []generator.Step) (changes []generator.Change, blockers []generator.Step) {
	for _, s := range steps {
		switch {
		case s.Class == generator.Identical:
		case s.Class == generator.Conflict && !s.Exists():
			blockers = append(blockers, s)
		default:
			changes = append(changes, generator.Change{Path: s.Path, Content: s.File.Content, Mode: newMode(s), Old: s.Old, Backup: s.Exists()})
		}
	}
	return changes, blockers
}

// newMode returns the mode the step s of new's plan gives its file: the render's for a
// file it creates; the file's own for one it replaces, as generator.MergeMode keeps it
// when there is no base (new has no record of an earlier mode).
func newMode(s generator.Step) fs.FileMode {
	if !s.Exists() {
		return s.File.Mode
	}
	return generator.MergeMode(s.OldMode, s.File.Mode, s.File.Mode)
}

func absDir(env Env, dir string) string {
	if filepath.IsAbs(dir) {
		return filepath.Clean(dir)
	}
	return filepath.Join(env.Dir, dir)
}

// treeFS returns the existing tree at dir, or nil when there is none.
func treeFS(dir string) fs.FS {
	if _, err := os.Stat(dir); err != nil {
		return nil
	}
	return os.DirFS(dir)
}

// readyTarget readies dir, where new writes, and returns what unlocks it. Into an
// existing directory new writes as add and update do, so the real run takes the
// directory's lock (one run at a time), rolls back a run that was killed while writing
// there and removes the scratch copies killed runs left (see lockTree); a dry run, which
// plans against the tree as it is, refuses a tree a stopped run left half-written (as
// add's and update's dry runs do, saying that the real run rolls it back first) and one
// a live run is writing in. Only then is a non-empty directory refused (unless force is
// set): what a stopped run left in an empty directory does not make it non-empty, and
// what the rollback leaves there (anything else) does.
func readyTarget(env Env, dir string, force, dryRun bool) (unlock func(), err error) {
	if err := checkTarget(dir); err != nil {
		return nil, err
	}
	unlock = func() {}
	if !dryRun {
		if unlock, err = generator.LockDir(dir); err != nil {
			return nil, err
		}
		if err := recoverTree(env, dir); err != nil {
			unlock()
			return nil, err
		}
		sweepScratch(env, dir)
	} else if err := generator.LeftStage(dir); errors.Is(err, generator.ErrLocked) {
		return nil, err
	} else if err != nil {
		return nil, usageError{err}
	}
	if err := checkEmpty(dir, force); err != nil {
		unlock()
		return nil, err
	}
	return unlock, nil
}

// checkEmpty refuses dir when it exists and is non-empty (one holding only .git, a
// fresh clone of an empty repository, counts as empty), unless force is set.
func checkEmpty(dir string, force bool) error {
	if force {
		return nil
	}
	empty, err := isEmpty(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("check target %s: %w", dir, err)
	case !empty:
		return usagef("target directory %s exists and is non-empty; choose another directory or pass --force", dir)
	}
	return nil
}

// checkTarget refuses a target that is not a directory (or a link to one), one in a
// git repository's own directory and one in a module's or workspace's vendor directory.
func checkTarget(dir string) error {
	if git := gitDirAt(dir); git == realPath(dir) {
		return usagef("target %s is a git repository's own directory: new never writes into one; choose a directory outside it", dir)
	} else if git != "" {
		return usagef("target %s is in %s, a git repository's own directory: new never writes into one; choose a directory outside it", dir, git)
	}
	if vendor, file := vendorDirAt(dir); vendor != "" {
		cmd := "go mod vendor"
		if filepath.Base(file) == "go.work" {
			cmd = "go work vendor"
		}
		return usagef("target %s is in %s, the vendor directory of %s: the go command builds from it, and the next %s there deletes everything in it that no vendored module owns, the new project with it; choose a directory outside it", dir, vendor, file, cmd)
	}
	info, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if errors.Is(err, syscall.ENOTDIR) {
		// A directory of the path is a file: name it.
		for d := filepath.Dir(dir); d != filepath.Dir(d); d = filepath.Dir(d) {
			if info, err := os.Stat(d); err == nil && !info.IsDir() {
				return usagef("target %s cannot be made: %s is a file, not a directory; choose another directory", dir, d)
			}
		}
	}
	if err != nil {
		return fmt.Errorf("check target %s: %w", dir, err)
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		target, err := os.Stat(dir)
		if err != nil || !target.IsDir() {
			return usagef("target %s is a symbolic link that does not lead to a directory; remove it or choose another directory", dir)
		}
	} else if !info.IsDir() {
		return usagef("target %s exists and is not a directory; choose another directory", dir)
	}
	return nil
}

// gitDirAt returns the git directory dir is in, or is, "" for none: the directory of
// dir's path (symbolic links resolved) named .git in any letter case, or the nearest
// existing one that git would take for a repository's own directory (a bare repository:
// HEAD, objects/ and refs/).
func gitDirAt(dir string) string {
	real := realPath(dir)
	for d := real; ; {
		if strings.EqualFold(filepath.Base(d), ".git") {
			return d
		}
		if isGitDir(d) {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return ""
		}
		d = up
	}
}

// vendorDirAt returns the vendor directory dir is in, or is, with the go.mod or go.work
// beside it ("" for none): the directory of dir's path (symbolic links resolved) named
// vendor whose parent holds either. Deeper in a module, a directory named vendor is an
// ordinary package.
func vendorDirAt(dir string) (vendor, file string) {
	for d := realPath(dir); ; {
		up := filepath.Dir(d)
		if up == d {
			return "", ""
		}
		if filepath.Base(d) == "vendor" {
			for _, name := range []string{"go.mod", "go.work"} {
				if info, err := os.Stat(filepath.Join(up, name)); err == nil && !info.IsDir() {
					return d, filepath.Join(up, name)
				}
			}
		}
		d = up
	}
}

// isGitDir reports whether d holds what git looks for in a repository's own directory.
func isGitDir(d string) bool {
	head, err := os.Lstat(filepath.Join(d, "HEAD"))
	if err != nil || !head.Mode().IsRegular() && head.Mode()&fs.ModeSymlink == 0 {
		return false
	}
	for _, sub := range []string{"objects", "refs"} {
		if info, err := os.Stat(filepath.Join(d, sub)); err != nil || !info.IsDir() {
			return false
		}
	}
	return true
}

// isEmpty reports whether the directory dir has no entries but a .git: a fresh clone
// of an empty repository (or a git init) is where a service usually starts, and new
// writes nothing into .git.
func isEmpty(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	names, err := f.Readdirnames(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	return len(names) == 0 || len(names) == 1 && names[0] == ".git", nil
}

// resolve merges the layers over the pack and, where a terminal allows (env.Prompter)
// and --yes was not given, asks for every value they leave open (see ask).
func resolve(ctx context.Context, env Env, opts newOptions, pack preset.Pack, layers []answers.Layer) (answers.Answers, answers.Origins, error) {
	if env.Prompter != nil && !opts.Yes {
		return ask(ctx, env, opts, pack, layers)
	}
	a, origins, err := pack.Resolve(layers...)
	if errors.Is(err, answers.ErrMissing) && !opts.Yes {
		return a, origins, usageError{fmt.Errorf("%w; without a terminal nothing can be asked: pass --module (and --yes to take defaults for everything else)", err)}
	}
	if err != nil {
		return a, origins, err
	}
	return a, origins, answers.CheckNewPorts(a, append([]answers.Layer{pack.Answers}, layers...)...)
}

// fileName is the name the answers file gives (nil: none) for another module than
// module (see answers.Layer.ForeignName).
func fileName(file *answers.Layer, module string) (answers.Value, bool) {
	if file == nil {
		return answers.Value{}, false
	}
	return file.ForeignName(module)
}

// readAnswersFile reads the answers file name, or standard input for "-".
func readAnswersFile(env Env, name string) (answers.Layer, error) {
	var data []byte
	var err error
	if name == "-" {
		name = "stdin"
		if env.Stdin == nil {
			return answers.Layer{}, usagef("--answers -: no standard input to read")
		}
		// One byte past the bound, so that ParseFile refuses a longer input.
		data, err = io.ReadAll(io.LimitReader(env.Stdin, answers.MaxFileSize+1))
	} else {
		data, err = readUserFile(absDir(env, name), answers.MaxFileSize)
	}
	if err != nil {
		return answers.Layer{}, usagef("--answers: %w", err)
	}
	l, err := answers.ParseFile(name, data)
	if err != nil {
		return l, usageError{err}
	}
	return l, nil
}

// readUserFile reads the file at p (a pipe such as <(...) will do), refusing more than
// limit bytes whatever size it reports: devices and pipes report none.
func readUserFile(p string, limit int64) ([]byte, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s is a directory", p)
	}
	data, err := generator.ReadLimited(os.DirFS(filepath.Dir(p)), filepath.Base(p), limit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return data, nil
}

// choosePreset loads the preset named by ref; without one, the preset a replayed record
// names (file, read from answersPath, "" for standard input), then $GONEW_PROD_PRESET,
// then the default. A pack that cannot be loaded is invalid input; one that cannot be
// fetched is a runtime failure.
func choosePreset(ctx context.Context, env Env, ref string, file *answers.Layer, answersPath string) (preset.Pack, error) {
	r := preset.Resolver{Dir: env.Dir, Env: env.Environ}
	if ref == "" && file != nil && file.Preset != nil {
		if err := recordedPackDir(env, file.Preset.Source, answersPath); err != nil {
			return preset.Pack{}, usagef("--answers %s: %w", file.Name, err)
		}
		p, err := r.Replayed(ctx, *file.Preset)
		if err != nil {
			return p, presetError(fmt.Errorf("--answers %s: %w", file.Name, err))
		}
		if d := file.Preset.Digest; d != "" && p.Digest() != d {
			// update and add refuse such a pack for the project the record is of; a new
			// project is made from the pack as found, and says so.
			fmt.Fprintf(env.Stderr, "note: preset %s found at %s is not the pack the project of %s was made from: its content has the digest %s, and the record holds %s (the pack changed since, or the path leads here to another pack of that name); the new project is made from the pack as found (pass --preset to choose another)\n",
				p.Name, file.Preset.Source, file.Name, p.Digest(), d)
		}
		return p, nil
	}
	return loadPreset(ctx, env, ref)
}

// recordedPackDir refuses the directory pack src that a record replayed by new --answers
// names by a relative path, when the path leads from here (env.Dir, where it is resolved,
// as when the record was written) elsewhere than from the record's directory
// (answersPath's) or the first directory above it from which it leads to a directory
// (preset.RecordedFrom, as update looks for it): a pack found only from there is named
// with the --preset to pass, and a pack here that is another directory is not used
// silently in its place. A record on standard input has no directory: the path leads
// from here alone.
func recordedPackDir(env Env, src, answersPath string) error {
	if answersPath == "" || !preset.IsDirectoryRef(src) || filepath.IsAbs(src) {
		return nil
	}
	d, ok := preset.RecordedFrom(src, filepath.Dir(answersPath))
	if !ok {
		return nil // the loader says what is not here
	}
	here, there := absDir(env, src), filepath.Join(d, src)
	flag := func(dir string) string {
		rel, err := filepath.Rel(env.Dir, dir)
		if err != nil {
			return "--preset " + generator.ShellQuote(dir)
		}
		if rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			rel = "." + string(filepath.Separator) + rel
		}
		return "--preset " + generator.ShellQuote(rel)
	}
	hi, err := os.Stat(here)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("the record names preset pack %s, a path relative to where gonew-prod ran when it wrote the record; it is not at %s, but is at %s, found from the record's directory: pass %s",
			src, here, there, flag(there))
	case err != nil:
		return nil // a problem the loader names
	}
	if ti, err := os.Stat(there); err != nil || os.SameFile(hi, ti) {
		return nil
	}
	return fmt.Errorf("the record names preset pack %s, a path relative to where gonew-prod ran when it wrote the record, which leads here to %s, and from the record's directory to %s, another directory: pass --preset with the pack meant (%s or %s)",
		src, here, there, flag(here), flag(there))
}

// loadPreset resolves the preset named by ref, $GONEW_PROD_PRESET or the default.
func loadPreset(ctx context.Context, env Env, ref string) (preset.Pack, error) {
	fromEnv := false
	if ref == "" {
		ref = env.Getenv(preset.EnvVar)
		fromEnv = ref != ""
	}
	if ref == "" {
		ref = preset.Default
	}
	p, err := preset.Resolver{Dir: env.Dir, Env: env.Environ}.Resolve(ctx, ref)
	if err != nil && fromEnv {
		// The user named no preset: say where this one came from.
		err = fmt.Errorf("$%s=%s: %w (unset it, or pass --preset)", preset.EnvVar, ref, err)
	}
	if err != nil {
		return p, presetError(err)
	}
	return p, nil
}

// presetError classifies a preset failure: a pack that could not be fetched is a runtime
// failure, anything else about it is invalid input.
func presetError(err error) error {
	var fe *preset.FetchError
	if errors.As(err, &fe) {
		return err
	}
	return usageError{err}
}

func postSteps(ctx context.Context, env Env, opts newOptions, dir string, tidy tidyNeed, paths []string, apart bool) error {
	run := poststep.Runner{Env: env.Environ, Apart: apart}
	if tidy != tidyNone && !opts.NoTidy {
		if err := run.Tidy(ctx, dir); err != nil {
			later := "cd " + generator.ShellQuote(dir) + " && go mod tidy"
			if !opts.NoGit {
				later += " && " + gitLater(slices.Concat(paths, []string{"go.sum"}), opts.Force, run.Identity(context.WithoutCancel(ctx), dir))
			}
			if ctx.Err() != nil {
				return fmt.Errorf("interrupted during go mod tidy: the files are written; run it later: %s", later)
			}
			return commandFailed(env, err, later)
		}
	}
	if opts.NoGit {
		if tidy != tidyNone && opts.NoTidy {
			skippedTidy(env, dir, tidy, false, "")
		}
		return nil
	}
	// The first commit holds what new wrote, and go mod tidy's go.sum: not what else
	// --force found in the directory, nor the backups it made.
	if _, err := os.Lstat(filepath.Join(dir, "go.sum")); err == nil && !slices.Contains(paths, "go.sum") {
		paths = append(paths, "go.sum")
	}
	locks := gitLocks(dir)
	switch err := run.GitInit(ctx, dir, paths); {
	case errors.Is(err, poststep.ErrInWorkTree):
		fmt.Fprintf(env.Stderr, "skipped git init: %s is inside an existing git work tree\n", dir)
	case errors.Is(err, poststep.ErrNoCommit):
		// A fresh clone of an empty repository, or the repository of a new stopped
		// during its first commit (killed), every file staged, run again with --force:
		// its index may hold what the user staged, which new does not commit for them.
		fmt.Fprintf(env.Stderr, "skipped the first commit: %s is a git repository of its own with no commit yet (a fresh clone of an empty repository, or one a stopped new left); see git status there, then make it: cd %s && %s\n",
			printable(dir), generator.ShellQuote(dir), gitCommitLater(paths, opts.Force, run.Identity(context.WithoutCancel(ctx), dir)))
	case errors.Is(err, poststep.ErrNoGit):
		fmt.Fprintf(env.Stderr, "skipped git init: git is not installed\n")
	case err != nil:
		later := "cd " + generator.ShellQuote(dir) + " && " + gitLater(paths, opts.Force, run.Identity(context.WithoutCancel(ctx), dir))
		if left := slices.DeleteFunc(gitLocks(dir), func(l string) bool { return slices.Contains(locks, l) }); len(left) > 0 {
			// Stopped with the run, git removes its lock files itself (poststep); one
			// killed outright, or stuck past the grace it is given, leaves them.
			rm := make([]string, len(left))
			for i, l := range left {
				rm[i] = generator.ShellQuote(filepath.Join(dir, filepath.FromSlash(l)))
			}
			fmt.Fprintf(env.Stderr, "note: the stopped git left its lock files %s in %s, which every git command there fails on (the one below too): once no other git runs there, remove them: rm -f %s\n",
				strings.Join(left, ", "), printable(dir), strings.Join(rm, " "))
		}
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted during git init: the files are written; run it later: %s", later)
		}
		return commandFailed(env, err, later)
	case tidy != tidyNone && opts.NoTidy:
		commit := []string{"git"}
		for _, o := range run.Identity(context.WithoutCancel(ctx), dir) {
			commit = append(commit, generator.ShellQuote(o))
		}
		skippedTidy(env, dir, tidy, false, " && git add go.mod go.sum && "+strings.Join(commit, " ")+" commit --amend --no-edit")
		return nil
	}
	if tidy != tidyNone && opts.NoTidy {
		skippedTidy(env, dir, tidy, false, "")
	}
	return nil
}

// skippedTidy says that --no-tidy skips (dry, in a dry run) or skipped the go mod tidy
// the project needs (needsTidy: why): its go.mod and go.sum are the built-in templates';
// where the pack's Go files import other packages, it may not build until go mod tidy
// runs in dir; where they import only some of those packages, it builds, but its module
// files are not tidy, which the `go mod tidy -diff` of make verify and of the generated
// CI reports. then runs the command that amends the first commit with them.
func skippedTidy(env Env, dir string, why tidyNeed, dry bool, then string) {
	did := "did not run"
	if dry {
		did = "will not run"
	}
	effect := "it may not build (a missing requirement or go.sum entry)"
	if why == tidyDrops {
		effect = "it builds, but they keep requirements and checksums it does not need, which `go mod tidy -diff` (make verify, the generated CI) reports"
	}
	fmt.Fprintf(env.Stderr, "note: --no-tidy: go mod tidy %s, though %s, whose go.mod and go.sum the project has: %s until go mod tidy runs in it: cd %s && go mod tidy%s\n",
		did, why.why(), effect, generator.ShellQuote(dir), then)
}

// gitLocks returns the lock files (NAME.lock: .git/index.lock, a ref's) in the git
// directory of dir, slash-separated and relative to dir; its object store is not looked
// in.
func gitLocks(dir string) []string {
	var locks []string
	gitDir := filepath.Join(dir, ".git")
	_ = filepath.WalkDir(gitDir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case d.IsDir() && p == filepath.Join(gitDir, "objects"):
			return filepath.SkipDir
		case !d.IsDir() && strings.HasSuffix(d.Name(), ".lock"):
			if rel, err := filepath.Rel(dir, p); err == nil {
				locks = append(locks, filepath.ToSlash(rel))
			}
		}
		return nil
	})
	return locks
}

// gitLater is the command line that makes the first commit new's git step makes: of
// paths alone after --force, so that what else the directory held and the FILE.orig
// backups stay out of it, as they do when new commits; else of everything; authored as
// new's is where git knows no user.name or user.email (identity, the -c options of
// poststep's Identity, asked even after a signal: git config is quick, and without it
// the fallback would override the user's own).
func gitLater(paths []string, force bool, identity []string) string {
	return "git init -b main && " + gitCommitLater(paths, force, identity)
}

// gitCommitLater is the part of gitLater after git init: git add and git commit.
func gitCommitLater(paths []string, force bool, identity []string) string {
	add := "git add -A"
	if force {
		quoted := make([]string, 0, len(paths))
		for _, p := range paths {
			if q := generator.ShellQuote(p); !slices.Contains(quoted, q) {
				quoted = append(quoted, q)
			}
		}
		add = "git --literal-pathspecs add -- " + strings.Join(quoted, " ")
	}
	commit := []string{"git"}
	for _, o := range identity {
		commit = append(commit, generator.ShellQuote(o))
	}
	return add + " && " + strings.Join(commit, " ") + " commit -m 'Initial commit from gonew-prod'"
}

// commandFailed prints what a failed post-step command wrote and returns a one-line
// error saying that the files are written and what to run later.
func commandFailed(env Env, err error, later string) error {
	var ce *poststep.CommandError
	if errors.As(err, &ce) && ce.Output != "" {
		fmt.Fprintf(env.Stderr, "%s:\n%s\n", ce.Command, indent(ce.Output))
		return fmt.Errorf("the files are written, but %s failed (%v); run it later: %s", ce.Command, ce.Err, later)
	}
	return fmt.Errorf("the files are written, but %w; run it later: %s", err, later)
}
