package cli

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/spf13/cobra"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/audit"
	"github.com/gonew-prod/gonew-prod/internal/buildinfo"
	"github.com/gonew-prod/gonew-prod/internal/gitview"
	"github.com/gonew-prod/gonew-prod/internal/merge"
	"github.com/gonew-prod/gonew-prod/internal/poststep"
	"github.com/gonew-prod/gonew-prod/internal/preset"
	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/retrofit"
	"github.com/gonew-prod/gonew-prod/internal/scratch"
	"github.com/gonew-prod/gonew-prod/internal/update"
	"github.com/gonew-prod/gonew-prod/internal/workspace"
)

// addOptions are the flags and arguments of `gonew-prod add`.
type addOptions struct {
	Components  []string
	Dir         string
	Main        string
	Wire        bool
	DryRun      bool
	Yes         bool
	AllowGoBump bool
	AllowDirty  bool
	Recreate    []string
	CI          string
	// Command is the command line as given (commandLine), for a message that tells to
	// run it again from another directory.
	Command []string
}

func newAddCmd(env Env) *cobra.Command {
	var opts addOptions
	cmd := &cobra.Command{
		Use:   "add [COMPONENT...]",
		Short: "Retrofit production components into an existing repository",
		Long: `add brings the pieces that gonew-prod new generates into the repository at --dir (default .),
for the main package that serves HTTP (--main when there are several). Components:
` + strings.Join(retrofit.ComponentNames(), ", ") + `, or all. With none named, it adds what
gonew-prod audit finds missing.

It never rewrites a line you wrote: it adds new files, appends one guarded block to a
Makefile (include gonew-prod.mk) or .gitlab-ci.yml, inserts the tracing middleware after
the router is built, and adds requirements to go.mod. The call that blocks serving HTTP
(r.Run, e.Start, ListenAndServe) is replaced only with --wire, the original kept as a
comment; without it, add prints the change to make. Before anything is written it checks
that every line of every touched file is still there, and that the module builds (go vet).
A file an earlier add wrote, or a guarded block it inserted, that you deleted since stays
deleted; --recreate PATH brings it back.`,
		Example: `  gonew-prod add --dry-run all
  gonew-prod add --yes --wire shutdown version procs makefile
  gonew-prod add --dir ./services/billing --main ./cmd/billing --yes --wire all`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Components, opts.Command = args, commandLine(c, args)
			return runAdd(c.Context(), env, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Dir, "dir", ".", "the repository")
	f.StringVar(&opts.Main, "main", "", "the main package to retrofit (directory, import path or last element)")
	f.BoolVar(&opts.Wire, "wire", false, "replace the blocking r.Run / e.Start / ListenAndServe with gonew-prod's serve (the original stays as a comment)")
	f.BoolVar(&opts.DryRun, "dry-run", false, "print the plan with unified diffs and write nothing")
	f.BoolVarP(&opts.Yes, "yes", "y", false, "ask nothing")
	f.BoolVar(&opts.AllowGoBump, "allow-go-bump", false, "raise the go line of go.mod when a component needs a newer Go; this changes the language version and GODEBUG defaults of your code too (the note says how to keep the old defaults)")
	f.BoolVar(&opts.AllowDirty, "allow-dirty", false, "run although tracked files have uncommitted changes")
	f.StringVar(&opts.CI, "ci", "", "the CI provider the ci component writes for, github or gitlab; needed only in a repository that has both")
	f.StringSliceVar(&opts.Recreate, "recreate", nil, "bring back files an earlier add wrote, or guarded blocks it inserted, that you deleted (comma-separated paths of the files, from the repository's root)")
	return cmd
}

func runAdd(ctx context.Context, env Env, opts addOptions) error {
	if err := retrofit.CheckComponents(opts.Components); err != nil {
		return addError(ctx, err)
	}
	dir := absDir(env, opts.Dir)
	unlock, err := lockTree(env, dir, !opts.DryRun)
	if err != nil {
		return err
	}
	defer unlock()
	t, err := rollBackBelow(env, !opts.DryRun, func() (*retrofit.Target, error) {
		return retrofit.Discover(ctx, retrofit.DiscoverOptions{Dir: dir, Main: opts.Main, Env: env.Environ, AllowDirty: opts.AllowDirty, Version: buildinfo.Get().ModuleVersion, Command: opts.Command})
	})
	if err != nil {
		return addError(ctx, err)
	}
	if !opts.DryRun && t.Module != nil {
		sweepBesideModule(env, dir, filepath.Join(t.Dir, filepath.FromSlash(t.Module.Dir)))
	}
	a := t.Answers
	framework := a.Framework
	if t.Main.Framework == "" {
		framework = "no HTTP framework or net/http import seen"
	}
	fmt.Fprintf(env.Stderr, "repository %s: main package %s (%s), module %s (go %s)\n", printable(dir), printable(pkgPath(t.Main.Dir())), framework, a.Module, orNone(a.Go))
	if len(opts.Components) == 0 && len(opts.Recreate) > 0 {
		// --recreate brings back what an earlier add wrote: the components it recorded,
		// not every component audit finds missing.
		switch rec := t.Record; {
		case rec == nil:
			return usagef("--recreate: no earlier gonew-prod add is recorded here (%s), so there is nothing of its to bring back", generator.RecordFile)
		case len(rec.Components) == 0:
			return usagef("--recreate: %s records a project made by gonew-prod new; gonew-prod update --recreate brings back the files you deleted", generator.RecordFile)
		}
		opts.Components = slices.Clone(t.Record.Components)
		fmt.Fprintf(env.Stderr, "--recreate with no component named: the components an earlier add recorded, %s\n", strings.Join(opts.Components, ", "))
	}
	picked := len(opts.Components) == 0
	if picked {
		features, ci := featureLocks(ctx, env, t.Repo, dir)
		rep, err := audit.Run(ctx, t.Repo, audit.Options{Main: t.Main.Dir(), FeatureLocks: features, CILocks: ci})
		if err != nil {
			return err
		}
		by, records := rep.LeftOut()
		var leftOut []string
		for _, rec := range records {
			leftOut = append(leftOut, by[rec]...)
			for _, g := range byLock(rep, rec, by[rec]) {
				if g.lock != "" {
					fmt.Fprintf(env.Stderr, "left out on purpose by the features of %s, not added: %s (%s, so add cannot add them: for one that is wanted after all, %s)\n", printable(rec), strings.Join(g.features, ", "), printable(g.lock), g.fix)
					continue
				}
				fmt.Fprintf(env.Stderr, "left out on purpose by the features of %s, not added: %s (name one to add it: gonew-prod add %s)\n", printable(rec), strings.Join(g.features, ", "), g.features[0])
			}
		}
		opts.Components = rep.Lacking(t.Main.Dir())
		if rootLacks, ok, err := ciAtTheTop(ctx, t); err != nil {
			return addError(ctx, err)
		} else if ok {
			// Below the git work tree's top, audit judges the CI files there, the only
			// ones that run, as gonew-prod audit run here does; not those in t.Dir.
			opts.Components = slices.DeleteFunc(opts.Components, func(c string) bool { return c == "ci" })
			if rootLacks {
				names := retrofit.ComponentNames()
				opts.Components = append(opts.Components, "ci")
				slices.SortFunc(opts.Components, func(a, b string) int { return slices.Index(names, a) - slices.Index(names, b) })
			}
		}
		// Not even where audit lacks a component the record governing the main package
		// leaves out on purpose (the repository-wide k8s of a service nested in a
		// monorepo, whose record is below): the line above says it is not added.
		opts.Components = slices.DeleteFunc(opts.Components, func(c string) bool { return slices.Contains(leftOut, c) })
		if len(opts.Components) == 0 {
			fmt.Fprintln(env.Stderr, "audit finds nothing missing: nothing to add")
			return nil
		}
		var brought []string
		if rec := t.Record; rec != nil && len(rec.Components) > 0 && !opts.Wire {
			// The Go code an earlier add brought that audit still finds missing serves
			// nothing yet: the program does not serve through it.
			brought = slices.DeleteFunc(slices.Clone(opts.Components), func(c string) bool {
				return !slices.Contains(rec.Components, c) || !retrofit.AddsGo(c)
			})
			opts.Components = slices.DeleteFunc(opts.Components, func(c string) bool { return slices.Contains(brought, c) })
		}
		if len(brought) > 0 && retrofit.Wired(t) {
			// The program serves through gonew-prod's code: what audit finds is another matter.
			why := "see gonew-prod audit"
			if at := retrofit.PublicPprof(rep, t); at != "" && slices.Contains(brought, "pprof") {
				why = at + "; remove your profiling routes there: the admin listener serves the profiles, with a token"
			}
			fmt.Fprintf(env.Stderr, "audit finds missing %s, which an earlier add brought, though the program serves through gonew-prod's code already: %s\n", strings.Join(brought, ", "), why)
		} else if len(brought) > 0 {
			fmt.Fprintf(env.Stderr, "audit finds missing %s, which an earlier add brought: they take effect once the program serves through gonew-prod's code; run add --wire (or make the change its note gives)\n", strings.Join(brought, ", "))
		}
		if why := retrofit.NoHandler(t.Main); why != "" {
			// Those adding Go code would be refused: add the others, and say why.
			if left := slices.DeleteFunc(slices.Clone(opts.Components), func(c string) bool { return !retrofit.NeedsHandler(c) }); len(left) > 0 {
				opts.Components = slices.DeleteFunc(opts.Components, retrofit.NeedsHandler)
				fmt.Fprintf(env.Stderr, "audit finds missing %s too, left out: each works around an http.Handler, and %s\n", strings.Join(left, ", "), why)
			}
		}
		if len(opts.Components) == 0 {
			return nil
		}
		fmt.Fprintf(env.Stderr, "audit finds missing: %s\n", strings.Join(opts.Components, ", "))
	}
	if !opts.Yes && env.Prompter == nil && !opts.DryRun {
		return usagef("without a terminal nothing can be confirmed: pass --yes to add %s (or --dry-run to see the plan)", strings.Join(opts.Components, " "))
	}
	if t.Record != nil && len(t.Record.Components) == 0 {
		if len(opts.Recreate) > 0 {
			return usagef("--recreate: %s records a project made by gonew-prod new; gonew-prod update --recreate brings back the files you deleted", generator.RecordFile)
		}
		return addToNewProject(ctx, env, opts, picked, t)
	}
	// The record of an earlier add below the root, taken over here, settles the name the
	// question offers.
	t.LiftRecord(opts.Components)
	if !opts.Yes && env.Prompter != nil {
		name, err := env.Prompter.Input("Service name:", t.Answers.Name, answers.CheckName)
		if err != nil {
			return errAborted
		}
		t.Answers.Name = name
	}
	plan, err := retrofit.Prepare(ctx, t, retrofit.Options{
		Components: opts.Components, Wire: opts.Wire, AllowGoBump: opts.AllowGoBump,
		Env: env.Environ, Version: buildinfo.Get().ModuleVersion, DryRun: opts.DryRun,
		Recreate: repoPaths(opts.Recreate), CI: opts.CI, Picked: picked,
	})
	if err != nil {
		var ce *poststep.CommandError
		if errors.As(err, &ce) && ce.Output != "" && !stopped(ctx, err) {
			fmt.Fprintf(env.Stderr, "%s:\n%s\n", ce.Command, indent(ce.Output))
		}
		return addError(ctx, err)
	}
	for _, l := range plan.LeftOut {
		fmt.Fprintf(env.Stderr, "audit finds missing %s too, left out: %s\n", l.Component, printable(l.Why))
	}
	if len(plan.Added) > 0 {
		fmt.Fprintf(env.Stderr, "also adding %s, which the others need\n", strings.Join(plan.Added, ", "))
	}
	printAddPlan(env, plan, opts.DryRun)
	for _, n := range plan.Notes {
		fmt.Fprintf(env.Stderr, "note: %s\n", printable(n))
	}
	if plan.Unwired != nil {
		fmt.Fprint(env.Stderr, unwiredNote(plan.Unwired))
	}
	if plan.Wired != nil {
		fmt.Fprint(env.Stderr, wiredNote(plan.Wired))
	}
	if !plan.Changed() {
		fmt.Fprintln(env.Stderr, "nothing to change: the components are already there")
		return nil
	}
	if opts.DryRun {
		fmt.Fprintln(env.Stderr, "dry run: nothing written")
		return nil
	}
	if _, err := confirmWrite(ctx, env, opts, dir, plan.Changes, nil); err != nil {
		return err
	}
	review := "review with git diff"
	if !t.Git {
		review = "it is not in a git work tree, so review the files listed above (add --dry-run shows the diffs)"
	}
	if added := plan.New(); len(added) > 0 {
		fmt.Fprintf(env.Stderr, "added %s to %s; %s, then run go test -race ./...\n", strings.Join(added, ", "), printable(dir), review)
		return nil
	}
	var wrote []string // the components were there: a file brought back (--recreate), say
	for _, c := range plan.Changes {
		wrote = append(wrote, c.Path)
	}
	fmt.Fprintf(env.Stderr, "wrote %s in %s (%s were there already); %s, then run go test -race ./...\n", strings.Join(wrote, ", "), printable(dir), strings.Join(plan.Components, ", "), review)
	return nil
}

// ciAtTheTop reports, when t.Dir lies in a git work tree whose top is above it (a
// module of a monorepo, as gonew-prod audit finds it: repo.Enclosing), whether audit
// run in t.Dir finds ci missing for t's main package (ok): it judges the CI files at
// that top, the only ones GitHub and GitLab run, where the audit of t.Repo, opened at
// t.Dir, would take a project's own .github/workflows there, which never runs.
func ciAtTheTop(ctx context.Context, t *retrofit.Target) (lacks, ok bool, err error) {
	vol := filepath.VolumeName(t.Dir) + string(filepath.Separator)
	rel, err := filepath.Rel(vol, filepath.Clean(t.Dir))
	if err != nil {
		return false, false, nil
	}
	enc, inside := repo.Enclosing(os.DirFS(vol), filepath.ToSlash(rel))
	if !inside || !enc.Nested {
		return false, false, nil
	}
	r, err := repo.OpenDir(ctx, vol, enc.Root, filepath.Join(vol, filepath.FromSlash(enc.Root)))
	if err != nil {
		return false, false, err
	}
	main := path.Join(enc.Under, t.Main.Dir())
	rep, err := audit.Run(ctx, r, audit.Options{Only: []string{"ci", "modverify"}, Main: main, Under: enc.Under, Nested: true})
	if err != nil {
		return false, false, err
	}
	return slices.Contains(rep.Lacking(main), "ci"), true, nil
}

// repoPaths returns paths given on the command line as slash-separated paths from the
// repository's root.
func repoPaths(paths []string) []string {
	var out []string
	for _, p := range paths {
		if p != "" {
			out = append(out, path.Clean(filepath.ToSlash(p)))
		}
	}
	return out
}

// addToNewProject adds components to a project made by gonew-prod new: they are its
// features, so the project is rendered again with them on and merged into the tree, as
// update merges, and the record is extended with them.
func addToNewProject(ctx context.Context, env Env, opts addOptions, picked bool, t *retrofit.Target) error {
	version := buildinfo.Get().ModuleVersion
	// The project rendered with a pack's open choice turned on is checked as new checks it,
	// against the merged files (addedBreaks): those are what the project will hold. A
	// render the pack rules out is refused naming the feature added (packRuledOut).
	var rendered *update.PackCheck
	r := update.Generated{Dir: env.Dir, Env: env.Environ, Version: version, Log: env.Stderr,
		CheckPack: func(ctx context.Context, c update.PackCheck) ([]string, error) {
			if c.Err != nil {
				return nil, packRuledOut(c, "add")
			}
			rendered = &c
			return c.Pack.IdleReplacements(c.Answers) // as new notes them (idleNotes)
		}}
	plan, err := retrofit.PrepareNewProject(ctx, t, retrofit.NewProjectOptions{
		Components: opts.Components, CI: opts.CI, Picked: picked, Env: env.Environ, Renderer: r, Version: version,
		Command: opts.Command,
	})
	if err == nil && rendered != nil && plan.Plan != nil {
		err = addedBreaks(ctx, env, *rendered, plan.Plan, t.Dir)
	}
	if err != nil {
		return addError(ctx, err)
	}
	for _, l := range plan.LeftOut {
		fmt.Fprintf(env.Stderr, "audit finds missing %s too, left out: %s\n", l.Component, printable(l.Why))
	}
	if len(plan.Present) > 0 {
		fmt.Fprintf(env.Stderr, "the project, made by gonew-prod new, has %s already\n", strings.Join(plan.Present, ", "))
	}
	changes := plan.Changes()
	if len(changes) == 0 {
		fmt.Fprintln(env.Stderr, "nothing to change: the components are already there")
		return nil
	}
	fmt.Fprintf(env.Stderr, "the project rendered again with %s, merged into the tree:\n", strings.Join(plan.Missing, ", "))
	printSteps(env, plan.Plan, opts.DryRun)
	for _, n := range plan.Notes {
		fmt.Fprintf(env.Stderr, "note: %s\n", printable(n))
	}
	if opts.DryRun {
		fmt.Fprintln(env.Stderr, "dry run: nothing written")
		return nil
	}
	// As update does: the merged project must tidy and vet in a scratch copy first.
	gate := &update.Gate{Env: env.Environ, Tidy: true, Verify: true, Command: update.VetCommand, Log: env.Stderr,
		Module: plan.Record.Vars["moduleDir"], Revendor: retrofit.Revendor}
	if err := keepTidy(ctx, env, t.Dir, gate, plan.Plan); err != nil {
		return addError(ctx, err)
	}
	planned := contents(changes)
	written, err := confirmWrite(ctx, env, opts, t.Dir, changes, gate)
	if err != nil {
		return err
	}
	// What the gate's tidy (and go mod vendor) changed besides the plan, as update says it.
	if err := printGateSteps(env, plan.Plan, gate, planned, written, "the added code"); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "added %s to %s; review with git diff\n", strings.Join(opts.Components, ", "), printable(t.Dir))
	return nil
}

// addedBreaks runs the checks of checkPackRender on the project as plan leaves it (c
// the render with the added features, which the pack's own files break when a choice
// it leaves open needs more of them: a makefile target the added CI job runs), and
// returns the first refusal of a check that the tree as it is passes, or fails
// otherwise: what add brings breaks, not what the user changed before. Each check is
// compared on its own, so a check the tree fails already hides no other. The files
// checked hold the tree's makefiles and what they include besides the plan's
// (update.Plan.After): make reads the user's GNUmakefile, not the Makefile.
func addedBreaks(ctx context.Context, env Env, c update.PackCheck, plan *update.Plan, dir string) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("reading the makefiles of %s: %w", dir, err)
	}
	defer root.Close()
	after := packRenderChecks(ctx, env, c.Pack, c.Answers, plan.After(root.FS()), "add")
	before := packRenderChecks(ctx, env, c.Pack, c.Answers, plan.Before(root.FS()), "add")
	for i, check := range after {
		err := check()
		if err == nil {
			continue
		}
		if _, refused := errors.AsType[usageError](err); !refused {
			return err
		}
		if was := before[i](); was != nil && was.Error() == err.Error() {
			continue // the tree fails it as it is: none of add's doing
		}
		return err
	}
	return nil
}

// confirmWrite asks before writing changes into dir (unless --yes), passes them through
// gate when there is one, and writes them all or nothing; it returns what it wrote, the
// changes with what the gate added (gateAndWrite).
func confirmWrite(ctx context.Context, env Env, opts addOptions, dir string, changes []generator.Change, gate *update.Gate) ([]generator.Change, error) {
	if !opts.Yes {
		ok, err := env.Prompter.Confirm(fmt.Sprintf("Write %d file(s)?", len(changes)), true)
		if err != nil || !ok {
			return nil, errAborted
		}
	}
	return gateAndWrite(ctx, env, dir, changes, gate, false, generator.WriteOptions{})
}

// lockTree readies add or update to work on the tree at dir: it takes the directory's
// lock (one run at a time), rolls back a run that was killed while writing there and
// removes the scratch copies killed runs left when writes is set (saying what it did),
// and checks that the directory for scratch copies
// (os.TempDir: TMPDIR) takes a new directory, which a missing, read-only or
// non-directory TMPDIR does not (a usage error that names it).
func lockTree(env Env, dir string, writes bool) (unlock func(), err error) {
	if unlock, err = generator.LockDir(dir); err != nil {
		return nil, err
	}
	if writes {
		if err := recoverTree(env, dir); err != nil {
			unlock()
			return nil, err
		}
		sweepScratch(env, dir)
	}
	_, release, err := makeTemp("gonew-prod-check-")
	if err != nil {
		unlock()
		return nil, err
	}
	release()
	return unlock, nil
}

// sweepScratch removes the scratch copies of add and update (under TMPDIR, and beside
// the project at dir, older releases' too: update.SweepBeside), the copies of git's index update tries its marks on, the go
// command's work directories and add's test binaries of a main package (GOTMPDIR, else
// TMPDIR), new's type-checked render and scratch repository, update's build of another
// gonew-prod, the three versions of a file update merges, the go.work a copy is built
// with in a workspace, the scratch repository that reads a sparse checkout's patterns,
// the directory update --to latest asks the go command in, and the stage
// of a new tree at dir that runs killed meanwhile left, never one a live run uses, and
// says so.
func sweepScratch(env Env, dir string) {
	parent, _ := update.ScratchPlace(dir)
	_, stage := generator.FreshStage(dir)
	goTmp := poststep.TempDir(env.Environ)
	tmp := []string{retrofit.ScratchPrefix, update.ScratchPrefix, update.IndexPrefix, validatePrefix, gitignorePrefix, update.FetchPrefix,
		merge.ScratchPrefix, workspace.WorkPrefix, gitview.SparsePrefix, update.LatestPrefix}
	goWork := []string{poststep.GoWorkPrefix, retrofit.StartPrefix}
	// TMPDIR is read once for all its prefixes: it may hold thousands of entries.
	removed := slices.Concat(scratch.Sweep(parent, stage), update.SweepBeside(dir))
	if scratch.Real(goTmp) == scratch.Real(os.TempDir()) {
		removed = append(removed, scratch.Sweep("", slices.Concat(tmp, goWork)...)...)
	} else {
		removed = slices.Concat(removed, scratch.Sweep("", tmp...), scratch.Sweep(goTmp, goWork...))
	}
	sweptNote(env, removed)
}

// sweepBesideModule removes the scratch copies a killed add left beside the module at
// moduleDir (update.ScratchDir), below the directory dir add runs in (a module of
// dir's workspace, or one below it), where sweepScratch does not look, and says so.
func sweepBesideModule(env Env, dir, moduleDir string) {
	if scratch.Real(moduleDir) == scratch.Real(dir) {
		return // beside dir: sweepScratch's
	}
	sweptNote(env, update.SweepBeside(moduleDir))
}

// sweptNote says which scratch copies of stopped runs were removed, their paths escaped
// (printable): they hold the name of the project's directory.
func sweptNote(env Env, removed []string) {
	if len(removed) > 0 {
		fmt.Fprintf(env.Stderr, "removed the scratch copies that stopped gonew-prod runs left: %s\n", printable(strings.Join(removed, ", ")))
	}
}

// recoverTree rolls back, from its journal, a run that was killed while writing into
// dir, whose lock the caller holds, and says what it did; a tree that no longer
// matches the journal is refused (a usage error that says what to do by hand).
func recoverTree(env Env, dir string) error {
	done, err := generator.Recover(dir, generator.RecoverOptions{Digest: update.IndexDigest(env.Environ, dir)})
	for _, r := range done {
		fmt.Fprintln(env.Stderr, r)
	}
	if err != nil {
		return usageError{err}
	}
	return nil
}

// rollBackBelow runs open, which reads the tree at a run's directory (add's Discover,
// update's Open), and runs it again once it has rolled back, as recoverTree does in the
// run's own directory, a run stopped while writing in a directory below it that the run
// works on (a generator.StageBelow: the module in svc/ that add ci at the repository's
// root is for), holding that directory's lock meanwhile. A run that writes nothing (a
// dry run, a check) refuses it instead (usage), as it refuses its own directory's.
func rollBackBelow[T any](env Env, writes bool, open func() (T, error)) (T, error) {
	var done []string
	for {
		v, err := open()
		below, ok := errors.AsType[*generator.StageBelow](err)
		switch {
		case !ok:
			return v, err
		case errors.Is(err, generator.ErrLocked):
			return v, err // a run still writing there, as LockDir says of the run's own directory
		case !writes || slices.Contains(done, below.Dir):
			return v, usageError{err}
		}
		done = append(done, below.Dir)
		unlock, err := generator.LockDir(below.Dir)
		if err != nil {
			return v, err
		}
		err = recoverTree(env, below.Dir)
		unlock()
		if err != nil {
			return v, err
		}
	}
}

// addError classifies a failure of add: a refusal about the repository or the request
// is usage (exit 2); anything else, such as a command failing in the scratch copy, is a
// runtime failure.
func addError(ctx context.Context, err error) error {
	var (
		r  *retrofit.Refusal
		ie *update.InputError
		fe *preset.FetchError
	)
	switch {
	case stopped(ctx, err):
		return errInterrupted
	case errors.As(err, &r):
		return usageError{err}
	case errors.As(err, &fe):
		return err // a pack that cannot be fetched: a failure, as for update
	case errors.As(err, &ie):
		// The render of the recorded project refuses what was asked (a component the
		// pack locks out, a pack path that does not lead from here): invalid input, as
		// update and new say it.
		return usageError{err}
	}
	return err
}

// printAddPlan prints every path of the plan on stdout, with diffs on a dry run: the
// control characters of the paths and details escaped (printable), those of the diffs
// too but for tabs and line breaks, as printPlan does.
func printAddPlan(env Env, plan *retrofit.Plan, diffs bool) {
	// vendor/ is go mod vendor's copy of other modules: one line for it, with the diff of
	// its modules.txt, which names the modules added and raised.
	vendor := path.Join(plan.Target.Module.Dir, "vendor") + "/"
	counts := map[string]int{}
	for _, s := range plan.Steps {
		if strings.HasPrefix(s.Path, vendor) && s.Path != vendor+"modules.txt" {
			counts[s.Action]++
			continue
		}
		line := fmt.Sprintf("%-9s %s", s.Action, printable(s.Path))
		if s.Detail != "" {
			line += " (" + printable(s.Detail) + ")"
		}
		fmt.Fprintln(env.Stdout, line)
		if diffs && s.New != nil {
			diff := udiff.Unified("a/"+s.Path, "b/"+s.Path, string(s.Old), string(s.New))
			fmt.Fprint(env.Stdout, indent(diff))
		}
	}
	if len(counts) > 0 {
		var parts []string
		for _, action := range slices.Sorted(maps.Keys(counts)) {
			parts = append(parts, fmt.Sprintf("%d to %s", counts[action], action))
		}
		fmt.Fprintf(env.Stdout, "%-9s %s (go mod vendor: %s; the modules are in modules.txt's diff)\n", "vendor", printable(vendor), strings.Join(parts, ", "))
	}
}

// unwiredNote is the note that suggests r, the wiring of the serving call that add leaves
// to the user without --wire: its place is escaped as the text of every note is
// (printable), its code is on lines of their own (codeLines), and the lines between are
// the note's.
func unwiredNote(r *retrofit.Rewrite) string {
	return fmt.Sprintf("note: %s: to serve through gonew-prod's shutdown, health and the rest, change\n%sto\n%s(or run add again with --wire, which does it and keeps the original as a comment)\n",
		printable(r.At), codeLines(r.Old), codeLines(r.New))
}

// wiredNote is the note that tells of r, the serving call add wired (--wire), printed as
// unwiredNote prints its suggestion: the code on lines of its own, the rest escaped.
func wiredNote(r *retrofit.Rewrite) string {
	return fmt.Sprintf("note: %s: wired:\n%sis now\n%s(the original stays as a comment)%s\n", printable(r.At), codeLines(r.Old), codeLines(r.New), printable(r.More))
}

// pkgPath shows a directory as a package pattern: "." or "./cmd/api".
func pkgPath(dir string) string {
	if dir == "." {
		return dir
	}
	return "./" + dir
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
