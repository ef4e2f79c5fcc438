package cli

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/spf13/cobra"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/buildinfo"
	"github.com/gonew-prod/gonew-prod/internal/builtin"
	"github.com/gonew-prod/gonew-prod/internal/gitview"
	"github.com/gonew-prod/gonew-prod/internal/merge"
	"github.com/gonew-prod/gonew-prod/internal/poststep"
	"github.com/gonew-prod/gonew-prod/internal/preset"
	"github.com/gonew-prod/gonew-prod/internal/retrofit"
	"github.com/gonew-prod/gonew-prod/internal/update"
	"github.com/gonew-prod/gonew-prod/internal/workspace"
)

// updateOptions are the flags of `gonew-prod update`.
type updateOptions struct {
	Dir           string
	To            string // "", "latest", "devel" (this development build) or a module version
	Preset        string
	Recreate      []string
	Resolved      []string
	DryRun        bool
	Check         bool
	JSON          bool
	NoVerify      bool
	VerifyCmd     string
	NoTidy        bool
	RenderTimeout time.Duration
	// Command is the command line as given (commandLine), for a message that tells to
	// run it again from another directory.
	Command []string
}

func newUpdateCmd(env Env) *cobra.Command {
	var opts updateOptions
	cmd := &cobra.Command{
		Use:   "update",
		Short: "Bring a generated project to this (or another) gonew-prod version, merging your edits",
		Long: `Bring the project at --dir (default .) to the templates of this gonew-prod (or of
--to VERSION), and its preset to --preset, without losing your edits.

The project's .gonew-prod.yaml names the version, preset and answers that made it. The
base is that version's render of those answers (fetched through the Go module proxy when
it is not this binary's, and checked file by file against the recorded checksums);
theirs is the target version's render; yours is the tree. Per file, the first rule that
matches wins: owned by you (README, example code): never touched; yours == theirs: kept;
yours == base: theirs; theirs == base: yours; dropped by the template but edited by you:
kept; deleted by you (or replaced by a symbolic link, never written through): stays so
(--recreate brings a deleted file back), and a change of the target version to it is
not-applied, printed and a conflict the record keeps until you port it and pass
--resolved PATH; otherwise a three-way
merge: go.mod by meaning (then go mod tidy), binary files keep yours and get theirs
beside them as FILE` + merge.TheirsSuffix + ` (so does an ignore file whose conflict,
written inline, would un-ignore what yours ignores), other text line by line, with
conflicts written inline (<<<<<<< yours / ||||||| base / ======= / >>>>>>> theirs),
marked unmerged in git's index and listed in the record.

Before the tree is touched, every merge is proven to keep every line you changed, and,
when there are no conflicts, the merged tree must pass go build, go vet and go test -race
in a scratch copy (--verify-cmd replaces them, --no-verify skips them). Everything is
written all-or-nothing.

Exit status: 0 done (or nothing to do); 3 conflicts left to resolve; 1 failure; 2 usage.
A --dry-run exits as the update would (3 when it would leave conflicts).
With --check nothing is written and nothing is fetched from the network (except for
--to latest): 0 up to date, 3 an update is available and merges cleanly, 4 it would
conflict or conflicts are still to resolve.`,
		Example: `  gonew-prod update
  gonew-prod update --dry-run
  gonew-prod update --check --json
  gonew-prod update --to latest --preset example.com/acme/gonew-pack@v1.3.0
  gonew-prod update --recreate Dockerfile --verify-cmd 'make test'`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Command = commandLine(c, args)
			return runUpdate(c.Context(), env, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Dir, "dir", ".", "the project to update")
	f.StringVar(&opts.To, "to", "", "gonew-prod version to update to: vX.Y.Z, latest, or devel for this development build (default: this binary's)")
	f.StringVar(&opts.Preset, "preset", "", "move to this preset (a built-in name, ./dir or MODULE@VERSION[/subdir]; default: the recorded one)")
	f.StringSliceVar(&opts.Recreate, "recreate", nil, "bring back files you deleted (comma-separated paths, from the project's directory (--dir) or from the repository's root)")
	f.StringSliceVar(&opts.Resolved, "resolved", nil, "files you deleted whose not-applied change you ported by hand: drop them from the record's conflicts (comma-separated paths, from the project's directory (--dir) or from the repository's root)")
	f.BoolVar(&opts.DryRun, "dry-run", false, "print the plan (every file, its action and diffs) and write nothing; exit as the update would")
	f.BoolVar(&opts.Check, "check", false, "write nothing, fetch nothing; exit 0 up to date, 3 update available, 4 would conflict or conflicts pending")
	f.BoolVar(&opts.JSON, "json", false, "print the plan as JSON on stdout")
	f.BoolVar(&opts.NoVerify, "no-verify", false, "skip building, vetting and testing the merged tree before writing it")
	f.StringVar(&opts.VerifyCmd, "verify-cmd", "", "check the merged tree with this shell command (sh -c) instead of go build, go vet and go test -race")
	f.BoolVar(&opts.NoTidy, "no-tidy", false, "skip go mod tidy after merging go.mod")
	durationFlag(f, &opts.RenderTimeout, "render-timeout", generator.DefaultTimeout, "time limit of running the templates, a positive duration (a preset's templates may loop)")
	return cmd
}

func runUpdate(ctx context.Context, env Env, opts updateOptions) error {
	if err := checkUpdateFlags(opts); err != nil {
		return err
	}
	dir := absDir(env, opts.Dir)
	unlock, err := lockTree(env, dir, !opts.DryRun && !opts.Check)
	if err != nil {
		return err
	}
	defer unlock()
	// What git tracks, ignores and has in progress decides what update may write, and
	// what a dry run or --check reports.
	if err := gitview.Readable(ctx, env.Environ, dir, "update"); err != nil {
		if stopped(ctx, err) {
			return errInterrupted
		}
		return usageError{err}
	}
	if !opts.DryRun && !opts.Check {
		if op, err := gitview.InProgress(ctx, env.Environ, dir); err != nil {
			return updateError(ctx, err)
		} else if op != nil {
			return usageError{errors.New(op.Refusal("update"))}
		}
	}
	running := buildinfo.Get().ModuleVersion
	proj, err := rollBackBelow(env, !opts.DryRun && !opts.Check, func() (*update.Project, error) { return update.Open(ctx, env.Environ, dir, running) })
	if err != nil {
		return updateError(ctx, err)
	}
	if len(proj.Pending) > 0 {
		// --dry-run too: a plan would take the markers for edits of the user's.
		return pendingConflicts(env, opts, proj)
	}
	if newer, err := newerThanRunning(env, opts, proj, running); newer || err != nil {
		return err
	}
	to, renderAs, err := develTarget(opts, proj.Record, running)
	if err != nil {
		return refusedUnplanned(env, opts, proj, usageError{err})
	}
	if to == "latest" {
		if to, err = update.Latest(ctx, env.Environ); err != nil {
			return err
		}
	}
	offline := opts.Check && opts.To != "latest"
	plan, err := update.Prepare(ctx, renderer(env, opts, renderAs, offline), proj, update.Options{To: to, Preset: opts.Preset, Recreate: repoPaths(opts.Recreate), Resolved: repoPaths(opts.Resolved), Command: opts.Command})
	if err != nil {
		if offline && errors.Is(err, update.ErrUnavailable) {
			err = fmt.Errorf("%w; --check uses the module cache only: fetch what it names first (go mod download MODULE@VERSION), or, for a gonew-prod version, pass --to latest", err)
		}
		if renderAs != running && errors.Is(err, update.ErrBaseMismatch) {
			err = fmt.Errorf("%w; this gonew-prod, a development build (%s) with the templates gonew-prod %s recorded, rendered that version itself: if its code renders them otherwise than %[3]s did, update with a release (go install %s@%[3]s)",
				err, running, renderAs, update.Module+"/cmd/gonew-prod")
		}
		if err = updateError(ctx, err); exitCode(err) == ExitUsage {
			return refusedUnplanned(env, opts, proj, err)
		}
		return err
	}
	if plan.BaseError != nil {
		fmt.Fprintf(env.Stderr, "the base (gonew-prod %s) is unavailable: %s\nmerging without it: files you did not edit are updated, every other file changed on both sides becomes a conflict (go.mod and go.sum still merge by meaning)\n",
			proj.Record.Generator.Version, printable(plan.BaseError.Error()))
	}
	for _, n := range plan.Notes {
		fmt.Fprintf(env.Stderr, "note: %s\n", printable(n))
	}
	// What git could not take (a file it ignores or is told not to look at, a directory
	// that is a repository of its own), a file with a second hard link and a package the
	// update deletes that a kept file imports refuse the update before anything is
	// written; a check and a dry run, which read the same, refuse it too, and their
	// status (text and --json) says so, so that their verdict is the update's. (An
	// index.lock or a merge in progress passes, which they ignore.)
	refusal, err := updateRefusal(ctx, env, dir, plan)
	if err != nil {
		return err
	}
	switch {
	case opts.JSON:
		if err := printUpdateJSON(env, proj, plan, refusal); err != nil {
			return err
		}
	case opts.Check || opts.DryRun:
		printUpdatePlan(env, plan, opts.DryRun, refusal)
	}
	switch {
	case refusal != nil:
		return usageError{refusal}
	case opts.Check:
		return checkStatus(plan)
	case opts.DryRun && plan.Status() == update.Conflicts:
		// The exit status is the one the update would end with.
		return statusError{ExitUpdate, fmt.Errorf("dry run: nothing written; the update to gonew-prod %s %s", plan.Record.Generator.Version, conflictText(plan))}
	case opts.DryRun:
		return nil
	}
	return applyUpdate(ctx, env, opts, dir, plan)
}

// refusedUnplanned ends an update, a dry run or a check that refuses (exit 2) before a plan
// is made, once the record is read (a development build over a release's record, a pack
// that cannot be found or that new would refuse, a record edited by hand): with --json it
// prints the report, status refused with err as its refusal, so that a script reading
// the report learns it as it learns the refusals of a plan (updateRefusal).
func refusedUnplanned(env Env, opts updateOptions, proj *update.Project, err error) error {
	if opts.JSON {
		from := versionOf(*proj.Record)
		report := updateReport{Dir: proj.Dir, Status: statusRefused, From: from, To: from, Refusal: err.Error(), Files: []update.Step{}, Conflicts: []string{}, Pending: nonNil(proj.Pending), Notes: []string{}}
		if jerr := writeJSON(env, report); jerr != nil {
			return jerr
		}
	}
	return err
}

// updateRefusal returns why update refuses to write plan's changes into dir, nil when
// it would write them: what git could not take (update.CheckHidden), a file it replaces
// that has a second hard link (generator.CheckLinks), a package it deletes that a file
// it keeps imports (droppedImports). The error is a failure to find out.
func updateRefusal(ctx context.Context, env Env, dir string, plan *update.Plan) (refusal, err error) {
	err = update.CheckHidden(ctx, env.Environ, dir, "update", plan.Changes())
	if ie, ok := errors.AsType[*update.InputError](err); ok {
		return ie, nil
	}
	if err != nil {
		return nil, updateError(ctx, err)
	}
	if err := generator.CheckLinks(dir, plan.Changes()); err != nil {
		return fmt.Errorf("nothing written: %w", err), nil
	}
	// The merged tree could not build, and go mod tidy would fail looking for the
	// package on the network.
	found, err := droppedImports(os.DirFS(dir), plan)
	if err != nil {
		return nil, updateError(ctx, err)
	}
	if len(found) > 0 {
		return droppedImportsError(found), nil
	}
	return nil, nil
}

// newerThanRunning reports whether the project's record names a newer gonew-prod than
// running, the version of this binary, with no --to: an update to this binary would move
// the project back to older templates, so update says so and changes nothing (exit 0,
// --check too: there is no update for this binary to offer). A build without a module
// version, on either side, is not compared.
func newerThanRunning(env Env, opts updateOptions, proj *update.Project, running string) (bool, error) {
	recorded := proj.Record.Generator.Version
	if opts.To != "" || !semver.IsValid(recorded) || !semver.IsValid(running) || semver.Compare(recorded, running) <= 0 {
		return false, nil
	}
	if opts.JSON {
		from := versionOf(*proj.Record)
		report := updateReport{Dir: proj.Dir, Status: statusNewer, From: from, To: from, Files: []update.Step{}, Conflicts: []string{}, Pending: proj.Pending, Notes: []string{}}
		if err := writeJSON(env, report); err != nil {
			return true, err
		}
	}
	fmt.Fprintf(env.Stderr, "%s was written by gonew-prod %s, newer than this gonew-prod %s: nothing to change; run gonew-prod %s or later (go install %s@%s), or pass --to %s to move the project back on purpose\n",
		printable(proj.Dir), recorded, running, recorded, update.Module+"/cmd/gonew-prod", recorded, running)
	return true, nil
}

// develTarget returns the version update brings the project to (opts.To, where "" is
// the running binary and "latest" is still to be asked for) and the version the running
// binary renders as, for a build without a module version (running is buildinfo.Devel:
// go build in a clone) over a record that names one (a release) and no --to: such a
// build must not move the project onto itself unasked, as the record would then name a
// version no release can render, so that the next update by a release has no base and
// every file the user edited that it changes becomes a conflict.
//
//   - When it has the recorded templates and no --preset moves the pack, it renders the
//     recorded version itself (the base is checked against the record as any base is),
//     and updates to it: up to date, the record keeping its version.
//   - Otherwise it refuses, naming the ways: a release, --to VERSION, or --to devel,
//     which moves the project onto this build on purpose.
//
// --to devel names the running build, and only a build without a module version.
func develTarget(opts updateOptions, rec *generator.Record, running string) (to, renderAs string, err error) {
	recorded, devel := rec.Generator.Version, !semver.IsValid(running)
	switch {
	case opts.To == "devel" && !devel:
		return "", "", fmt.Errorf("--to devel: this gonew-prod is %s, not a development build; pass its version (--to %[1]s) or none", running)
	case opts.To == "devel":
		return "", running, nil
	case opts.To != "" || !devel || !semver.IsValid(recorded):
		return opts.To, running, nil
	}
	hash, err := builtin.Hash()
	if err != nil {
		return "", "", err
	}
	if opts.Preset == "" && rec.Generator.Templates == hash {
		return recorded, recorded, nil
	}
	why := fmt.Sprintf("whose templates (%s) are not the recorded ones (%s)", hash, rec.Generator.Templates)
	if rec.Generator.Templates == hash {
		why = "with the recorded templates, but --preset moves the pack, which this build would record as its own"
	}
	return "", "", fmt.Errorf("%s records gonew-prod %s, and this gonew-prod is a development build without a module version (%s, built from a clone), %s: updating to it would record %[3]s, which no release can render, so the next update by a release would have no base and every file you edited that it changes would become a conflict; update with a release (go install %[5]s@latest, or --to latest or --to VERSION here, which fetches it), or pass --to devel to move the project onto this build on purpose",
		generator.RecordFile, recorded, running, why, update.Module+"/cmd/gonew-prod")
}

func checkUpdateFlags(opts updateOptions) error {
	switch {
	case opts.To != "" && opts.To != "latest" && opts.To != "devel" && semver.Canonical(opts.To)+semver.Build(opts.To) != opts.To:
		return usagef("invalid --to %q: want a full version such as v0.2.0, latest, or devel", opts.To)
	case opts.NoVerify && opts.VerifyCmd != "":
		return usagef("--no-verify and --verify-cmd contradict each other: pass one")
	case opts.Dir == "":
		return usagef("--dir must not be empty")
	}
	return nil
}

// renderer returns what renders the project's versions (retrofit.Renderer), the running
// binary's as version: its module version, or the recorded one whose templates a
// development build has (develTarget). A pack --preset moves the project to is checked
// as new checks it (packCheck: its .gitignore and .dockerignore, its Makefile's targets,
// a file it leaves out that a recorded feature calls).
func renderer(env Env, opts updateOptions, version string, offline bool) update.Renderer {
	return retrofit.Renderer{
		Generated: update.Generated{
			Dir: env.Dir, Env: env.Environ, Version: version,
			Offline: offline, Timeout: opts.RenderTimeout, Log: env.Stderr,
			CheckPack: packCheck(env),
		},
		Dir: absDir(env, opts.Dir),
	}
}

// updateBuildCheck runs new's build check (checkBuild: go vet, and the binary with
// CGO_ENABLED=0 and each tag set the project's builds pass, which the gate, building
// without tags, does not) on the project that pack renders (files, for the answers a),
// with the go commands' environment goEnv, and refuses the pack, as new does, when its
// Go files do not build. When the render cannot be checked because go mod tidy cannot
// resolve what the pack's Go files import (a module your go.mod replaces, or, for
// --check, one the module cache lacks), or because go vet would build with cgo while
// the C compiler is missing (update.CompilerError, which the default gate refuses at once,
// before its copy), that says nothing against the pack: the note it returns says so
// (on stderr and in --json's notes, as the plan's), and the check is left to the gate,
// which builds the merged tree with your go.mod.
func updateBuildCheck(ctx context.Context, env Env, goEnv []string, pack preset.Pack, a answers.Answers, files []generator.File) (note string, err error) {
	tidy, err := needsTidy(ctx, pack, a, files)
	if err != nil {
		return "", err
	}
	check := env
	check.Environ = goEnv
	err = checkBuild(ctx, check, pack, files, tidy != tidyNone, "cmd/"+a.Name)
	switch {
	case err == nil:
		return "", nil
	case stopped(ctx, err):
		return "", errInterrupted
	case errors.Is(err, errNoBuild):
		return "", usageError{fmt.Errorf("preset %s: %w; nothing written", pack.Name, err)}
	case !errors.Is(err, errNoTidy) && !errors.As(err, new(*update.CompilerError)):
		return "", err
	}
	return fmt.Sprintf("preset %s: its project was not type-checked as new checks it (%v); that is left to the update's gate, which builds the merged tree, with your go.mod (unless --no-verify)", pack.Name, err), nil
}

// updateError classifies an error of an update: what the user asked for, and a base
// that does not match the record (a record edited by hand, a pack directory changed in
// place: a refusal that says what to put back), is bad usage (exit 2), the rest a
// failure (exit 1).
func updateError(ctx context.Context, err error) error {
	var (
		ie *update.InputError
		fe *preset.FetchError
	)
	switch {
	case stopped(ctx, err):
		return errInterrupted
	case errors.As(err, &fe):
		return err
	case errors.As(err, &ie), errors.Is(err, update.ErrBaseMismatch):
		return usageError{err}
	}
	return err
}

// pendingConflicts ends an update, a dry run or a check while conflicts of an earlier
// update are unresolved: no plan is made (--json has no base).
func pendingConflicts(env Env, opts updateOptions, proj *update.Project) error {
	if opts.JSON {
		report := updateReport{Dir: proj.Dir, Status: statusPending, From: versionOf(*proj.Record), Files: []update.Step{}, Conflicts: []string{}, Pending: proj.Pending, Notes: []string{}}
		report.To = report.From
		if err := writeJSON(env, report); err != nil {
			return err
		}
	}
	err := fmt.Errorf("%d file(s) still hold the conflicts of an earlier update: %s; resolve them (remove the conflict markers, the ||||||| section of the base with them, or the %s copy of a binary or ignore file) and run gonew-prod update again",
		len(proj.Pending), strings.Join(proj.Pending, ", "), merge.TheirsSuffix)
	if opts.Check {
		return statusError{ExitConflict, err}
	}
	return statusError{ExitUpdate, err}
}

// checkStatus turns a plan into the exit code of update --check.
func checkStatus(plan *update.Plan) error {
	switch plan.Status() {
	case update.Conflicts:
		return statusError{ExitConflict, fmt.Errorf("the update to gonew-prod %s %s", plan.Record.Generator.Version, conflictText(plan))}
	case update.Clean:
		if plan.ConflictsOnly() {
			return statusError{ExitUpdate, fmt.Errorf("the update to gonew-prod %s writes %s alone: it drops from the record's conflicts %s (resolved since, or named by --resolved); run gonew-prod update (with the same --resolved) to write it", plan.Record.Generator.Version, generator.RecordFile, strings.Join(droppedConflicts(plan), ", "))}
		}
		return statusError{ExitUpdate, fmt.Errorf("an update to gonew-prod %s is available and merges cleanly; run gonew-prod update", plan.Record.Generator.Version)}
	}
	return nil
}

// droppedConflicts lists the paths the record lists in its conflicts that the record
// plan writes no longer lists.
func droppedConflicts(plan *update.Plan) []string {
	return slices.DeleteFunc(slices.Clone(plan.From.Conflicts), func(p string) bool { return slices.Contains(plan.Record.Conflicts, p) })
}

// conflictText says what a plan with conflicts would leave: the files it would conflict
// in, the changes it would not apply.
func conflictText(plan *update.Plan) string {
	var parts []string
	if files := conflictFiles(plan); len(files) > 0 {
		parts = append(parts, "would conflict in "+strings.Join(files, ", "))
	}
	if na := plan.NotApplied(); len(na) > 0 {
		parts = append(parts, notAppliedText(plan))
	}
	return strings.Join(parts, "; ")
}

// conflictFiles lists the paths of plan with conflicts written into the files (or
// theirs beside them): its conflicts but the not-applied ones.
func conflictFiles(plan *update.Plan) []string {
	na := plan.NotApplied()
	return slices.DeleteFunc(plan.ConflictPaths(), func(p string) bool { return slices.Contains(na, p) })
}

// notAppliedText says that the changes of plan's not-applied steps are not applied, and
// the ways out: --recreate only when one of them is a file this version has (it brings
// back no file a version drops).
func notAppliedText(plan *update.Plan) string {
	var paths []string
	recreate := false // --recreate brings back only a file this version has
	for _, s := range plan.Steps {
		if s.Action == update.NotApplied {
			paths = append(paths, s.Path)
			recreate = recreate || s.Theirs != nil
		}
	}
	text := fmt.Sprintf("leaves changes not applied to files you deleted (or replaced by a symbolic link): %s; port each where your code is now, then pass --resolved PATH to the next update (it drops the path from the conflicts in %s)",
		strings.Join(paths, ", "), generator.RecordFile)
	if recreate {
		text += ", or bring a deleted file back with --recreate PATH"
	}
	return text
}

// notAppliedDiff returns the change of a not-applied step s, which reaches no file: from
// the base to this version, or this version's file whole when the base has none. An
// earlier update's change alone (this version's file is the base's) was printed by the
// update that left it: with whole, this version's file is returned whole (the base's
// when this version drops the file, "" when the base has none either), else "".
func notAppliedDiff(plan *update.Plan, s update.Step, whole bool) string {
	to := "b/" + s.Path + " (" + plan.Record.Generator.Version + ")"
	switch {
	case s.Theirs == nil && whole && s.Base != nil:
		// This version drops the file: the version before has it, with the change.
		return udiff.Unified("/dev/null", "b/"+s.Path+" ("+plan.From.Generator.Version+")", "", string(s.Base))
	case s.Theirs == nil:
		return ""
	case s.Base == nil || whole && bytes.Equal(s.Base, s.Theirs):
		return udiff.Unified("/dev/null", to, "", string(s.Theirs))
	case !bytes.Equal(s.Base, s.Theirs):
		return udiff.Unified("a/"+s.Path+" ("+plan.From.Generator.Version+")", to, string(s.Base), string(s.Theirs))
	}
	return ""
}

// keepTidy sets the Keep of gate, which gates plan (an update's, or add's merge into a
// project gonew-prod new made) of the project at dir, when the gate tidies: what the plan
// leaves as it is tidy leaves so too, a go.mod or go.sum the user deleted or that git
// ignores and tracks none of (update.TidyKeeps).
func keepTidy(ctx context.Context, env Env, dir string, gate *update.Gate, plan *update.Plan) error {
	if !gate.Tidy {
		return nil
	}
	keep, err := update.TidyKeeps(ctx, env.Environ, dir, gate.Module, plan)
	gate.Keep = keep
	return err
}

// applyUpdate gates and writes a plan, then marks its conflicts in git's index.
func applyUpdate(ctx context.Context, env Env, opts updateOptions, dir string, plan *update.Plan) error {
	changes := plan.Changes()
	if na := plan.NotApplied(); len(changes) == 0 && len(na) > 0 {
		for _, s := range plan.Steps {
			if s.Action == update.NotApplied {
				fmt.Fprintf(env.Stderr, "%-12s %s (%s)\n", s.Action, printable(s.Path), s.Reason)
				fmt.Fprint(env.Stderr, indent(notAppliedDiff(plan, s, false)))
			}
		}
		return statusError{ExitUpdate, fmt.Errorf("%s is at gonew-prod %s, but it %s", printable(dir), plan.Record.Generator.Version, notAppliedText(plan))}
	}
	if len(changes) == 0 {
		fmt.Fprintf(env.Stderr, "%s is up to date with gonew-prod %s: nothing to change\n", printable(dir), plan.Record.Generator.Version)
		return nil
	}
	status := plan.Status()
	planned := contents(changes)
	// The conflicts' marks in git's index are prepared before anything is written and
	// written with the tree: when git cannot take them, the tree is restored.
	marks, err := update.PrepareMarks(ctx, env.Environ, dir, plan.Steps)
	if err != nil {
		return updateError(ctx, err)
	}
	var gate *update.Gate
	// Not-applied changes write nothing: the merged tree is still gated.
	conflicted := conflictFiles(plan)
	if status != update.UpToDate && len(conflicted) == 0 && !(len(changes) == 1 && plan.RecordChanged()) {
		gate = &update.Gate{Env: env.Environ, Tidy: !opts.NoTidy, Verify: !opts.NoVerify, Command: opts.VerifyCmd, Log: env.Stderr,
			Module: plan.Record.Vars["moduleDir"], Dropped: droppedYours(plan), Revendor: retrofit.Revendor}
		if err := keepTidy(ctx, env, dir, gate, plan); err != nil {
			return updateError(ctx, err)
		}
	}
	changes, err = gateAndWrite(ctx, env, dir, changes, gate, true, generator.WriteOptions{Finish: func() error { return marks.Apply(ctx) }, Index: marks.Index()})
	if err != nil {
		return err
	}
	for _, s := range plan.Steps {
		if s.Action != update.Keep {
			fmt.Fprintf(env.Stderr, "%-12s %s (%s)\n", s.Action, printable(s.Path), s.Reason)
		}
		if s.Action == update.NotApplied {
			// Written nowhere: the change to port is shown here.
			fmt.Fprint(env.Stderr, indent(notAppliedDiff(plan, s, false)))
		}
	}
	if plan.RecordChanged() {
		fmt.Fprintf(env.Stderr, "%-12s %s (%s)\n", update.Update, generator.RecordFile, recordReason(plan))
	}
	if err := printGateSteps(env, plan, gate, planned, changes, "the update"); err != nil {
		return err
	}
	if status != update.Conflicts {
		fmt.Fprintf(env.Stderr, "updated %s to gonew-prod %s\n", printable(dir), plan.Record.Generator.Version)
		return nil
	}
	var notApplied string
	if na := plan.NotApplied(); len(na) > 0 {
		notApplied = "; it " + notAppliedText(plan)
		if len(conflicted) == 0 {
			return statusError{ExitUpdate, fmt.Errorf("updated %s to gonew-prod %s, but it %s", printable(dir), plan.Record.Generator.Version, notAppliedText(plan))}
		}
	}
	where := "in the files"
	if marks != nil {
		if len(marks.Staged) > 0 {
			fmt.Fprintf(env.Stderr, "not marked unmerged in git's index, which keeps the content you staged: %s\n", strings.Join(marks.Staged, ", "))
		}
		if len(marks.Untracked) > 0 {
			fmt.Fprintf(env.Stderr, "not marked unmerged in git's index, as git does not track them (marking would put them in the index): %s\n", strings.Join(marks.Untracked, ", "))
		}
	}
	conflicts := strings.Join(conflicted, ", ")
	switch {
	case !marks.Marking():
	case len(marks.Marked) == len(conflicted):
		where = "in the files and as unmerged paths in git's index"
	default:
		conflicts += " (marked unmerged in git's index: " + strings.Join(marks.Marked, ", ") + ")"
	}
	resolve := "resolve them"
	if marks.Marking() && len(marks.Marked) > 0 {
		resolve = "resolve them (and git add those marked unmerged)"
	}
	return statusError{ExitUpdate, fmt.Errorf("updated %s to gonew-prod %s with conflicts %s: %s; %s, run %s and your tests, then run gonew-prod update again, which clears the record's conflicts%s",
		printable(dir), plan.Record.Generator.Version, where, conflicts, resolve, conflictTidy(dir, plan, env.Environ), notApplied)}
}

// conflictTidy returns the go commands that bring a module left with conflicts up to
// date, which the gate, skipped with conflicts, did not run: go mod tidy, and go mod
// vendor too when the module vendors its dependencies (vendor/modules.txt): vendor/
// still holds what go.mod required before the update, while the merged go.mod, or the
// go.mod tidy makes for the merged code, may require more (the go command refuses the
// build as inconsistent vendoring). A module that a workspace uses (the go.work the go
// command finds with environ, see workspace.Find) is vendored at the workspace's root
// instead, by go work vendor (go mod vendor refuses to run in workspace mode), when
// vendor/modules.txt is beside its go.work.
func conflictTidy(dir string, plan *update.Plan, environ []string) string {
	const stale = " (this update, left with conflicts, did not re-vendor),"
	moduleDir := filepath.Join(dir, filepath.FromSlash(cmp.Or(plan.Record.Vars["moduleDir"], ".")))
	if abs, err := filepath.Abs(moduleDir); err == nil {
		if work := workspace.Find(abs, environ); work != "" {
			data, err := generator.ReadRegular(os.DirFS(filepath.Dir(work)), filepath.Base(work), generator.MaxTreeFile)
			if ws, _ := workspace.Parse(work, data, abs); err == nil && ws != nil {
				if _, err := os.Stat(filepath.Join(filepath.Dir(work), "vendor", "modules.txt")); err == nil {
					return "go mod tidy, then go work vendor in " + printable(filepath.Dir(work)) + stale
				}
			}
		}
	}
	if _, err := os.Stat(filepath.Join(moduleDir, "vendor", "modules.txt")); err != nil {
		return "go mod tidy"
	}
	return "go mod tidy, then go mod vendor" + stale
}

// contents maps the paths of changes to their contents.
func contents(changes []generator.Change) map[string][]byte {
	m := make(map[string][]byte, len(changes))
	for _, c := range changes {
		m[c.Path] = c.Content
	}
	return m
}

// printGateSteps prints what gate (nil when none ran), the gate of plan, an update's or
// add's merge into a project gonew-prod new made, took into the changes written besides
// those planned (path to content, before the gate): each go.mod and go.sum go mod tidy
// changed as a tidy step, naming the requires of the user's it dropped (requiresGone),
// and the files of vendor/ go mod vendor wrote or removed as one vendor step. raiser names
// what raised module versions in the go.sum line ("the update", "the added code").
func printGateSteps(env Env, plan *update.Plan, gate *update.Gate, planned map[string][]byte, written []generator.Change, raiser string) error {
	gone, err := requiresGone(plan, gate, planned, written)
	if err != nil {
		return err
	}
	vendored, vendorDir := 0, ""
	for _, c := range written {
		if dir, ok := vendorPath(c.Path, plan.Record.Vars["moduleDir"]); ok {
			if content, ok := planned[c.Path]; !ok || c.Delete || !bytes.Equal(content, c.Content) {
				vendored, vendorDir = vendored+1, dir
			}
			continue
		}
		if content, ok := planned[c.Path]; !ok || !bytes.Equal(content, c.Content) {
			dropped := "nothing of yours dropped"
			switch path.Base(c.Path) {
			case "go.sum":
				dropped += " but checksums of module versions " + raiser + " raised past"
				if len(gone) > 0 {
					dropped += ", and of the requires dropped from go.mod"
				}
			case "go.mod":
				if len(gone) > 0 {
					dropped = goneText(gone)
				}
			}
			fmt.Fprintf(env.Stderr, "%-12s %s (go mod tidy: what the merged code needs; %s)\n", "tidy", printable(c.Path), dropped)
		}
	}
	if vendored > 0 {
		fmt.Fprintf(env.Stderr, "%-12s %s (go mod vendor: %d file(s) written or removed for the merged go.mod)\n", "vendor", printable(vendorDir), vendored)
	}
	return nil
}

// vendorPath reports whether the project path p lies in the vendor/ of the module at
// moduleDir ("" or "." for the project's root), and returns that vendor/ directory.
func vendorPath(p, moduleDir string) (string, bool) {
	dir := path.Join(cmp.Or(moduleDir, "."), "vendor")
	return dir + "/", strings.HasPrefix(p, dir+"/")
}

// gateFailed prints what a failed gate command wrote and says that nothing was written.
func gateFailed(ctx context.Context, env Env, err error, escapes bool) error {
	var (
		ce      *poststep.CommandError
		refusal *retrofit.Refusal
	)
	if errors.As(err, &refusal) && !stopped(ctx, err) {
		return usageError{err} // a vendor/ update cannot redo without losing an edit of yours
	}
	if !errors.As(err, &ce) || stopped(ctx, err) {
		return updateError(ctx, err)
	}
	if ce.Output != "" {
		fmt.Fprintf(env.Stderr, "%s:\n%s\n", ce.Command, indent(ce.Output))
	}
	switch {
	case !escapes:
		return fmt.Errorf("nothing written: %s failed on the merged tree (%v); the output is above: fix the cause and run the command again", ce.Command, ce.Err)
	case ce.Command == "go mod vendor":
		return fmt.Errorf("nothing written: go mod vendor failed on the merged tree (%v), which the update re-vendors as go.mod changed; fix the cause (the output is above) and run the command again", ce.Err)
	case ce.Command == "go mod tidy":
		return fmt.Errorf("nothing written: go mod tidy failed on the merged tree (%v); fix the cause (the output is above), or pass --no-tidy and run it later", ce.Err)
	}
	return fmt.Errorf("nothing written: the merged tree fails %s (%v); the output is above: fix the cause, or pass --no-verify to write the merge anyway", ce.Command, ce.Err)
}

// gateAndWrite passes changes through gate, when there is one, and writes what it
// returns into dir all or nothing, with opts (its Finish as the write's last step);
// it returns what was written. escapes says that the command has --no-tidy and
// --no-verify, which a failed gate names.
func gateAndWrite(ctx context.Context, env Env, dir string, changes []generator.Change, gate *update.Gate, escapes bool, opts generator.WriteOptions) ([]generator.Change, error) {
	if gate != nil {
		var err error
		if changes, err = gate.Run(ctx, dir, changes); err != nil {
			return nil, gateFailed(ctx, env, err, escapes)
		}
	}
	if _, err := generator.Write(ctx, dir, changes, opts); err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, errInterrupted
		}
		return nil, err
	}
	return changes, nil
}

// droppedYours returns the module paths of the requires of the module's go.mod that the
// user changed and plan's version dropped (merge.DroppedYours), which the merge kept.
func droppedYours(plan *update.Plan) []string {
	modPath := path.Join(plan.Record.Vars["moduleDir"], "go.mod")
	for _, s := range plan.Steps {
		if s.Path == modPath && s.Action == update.Merge {
			return merge.DroppedYours(s.Base, s.Ours, s.Theirs)
		}
	}
	return nil
}

// requiresGone returns the requires of droppedYours that the gate's go mod tidy dropped
// from the module's go.mod, as the merge (planned) had them.
func requiresGone(plan *update.Plan, gate *update.Gate, planned map[string][]byte, changes []generator.Change) ([]module.Version, error) {
	if gate == nil || len(gate.Dropped) == 0 {
		return nil, nil
	}
	modPath := path.Join(plan.Record.Vars["moduleDir"], "go.mod")
	i := slices.IndexFunc(changes, func(c generator.Change) bool { return c.Path == modPath })
	if i < 0 || planned[modPath] == nil {
		return nil, nil
	}
	gone, err := merge.RequiresGone(planned[modPath], changes[i].Content, gate.Dropped)
	if err != nil {
		return nil, fmt.Errorf("update %s: %w", modPath, err)
	}
	return gone, nil
}

// goneText names the requires of the user's that the update's go mod tidy dropped, and
// how to have each back.
func goneText(gone []module.Version) string {
	var mods, gets []string
	for _, m := range gone {
		mods = append(mods, m.Path+" "+m.Version)
		gets = append(gets, m.Path+"@"+m.Version)
	}
	return fmt.Sprintf("dropped %d require(s) of yours that this version drops and no package imports any more: %s (a version you chose matters only to a module the build uses; when code imports it again, go get %s brings yours back)",
		len(gone), strings.Join(mods, ", "), strings.Join(gets, " "))
}

// printUpdatePlan prints the steps that change something or keep a file another version
// would change, with unified diffs when diffs is set.
// refusal, when set, is why update would refuse the plan: the status says so.
func printUpdatePlan(env Env, plan *update.Plan, diffs bool, refusal error) {
	fmt.Fprintf(env.Stderr, "plan of the update from gonew-prod %s to %s (nothing written):\n", plan.From.Generator.Version, plan.Record.Generator.Version)
	status := string(plan.Status())
	if refusal != nil {
		status = statusRefused + " (the update would write nothing: the reason is below)"
	}
	printPlanSteps(env, plan, diffs, status)
}

// The statuses of update --json beside a plan's own (update.Status): a plan update
// refuses to write, a project whose earlier conflicts are unresolved, and one whose record
// names a newer gonew-prod than this one (newerThanRunning).
const (
	statusRefused = "refused"
	statusPending = "pending"
	statusNewer   = "newer"
)

// printSteps prints the steps of plan that change something or keep a file another
// version would change, with unified diffs when diffs is set.
func printSteps(env Env, plan *update.Plan, diffs bool) {
	printPlanSteps(env, plan, diffs, string(plan.Status()))
}

// printPlanSteps is printSteps with the plan's status given.
func printPlanSteps(env Env, plan *update.Plan, diffs bool, status string) {
	for _, s := range plan.Steps {
		if s.Action == update.Keep && (s.Theirs == nil || string(s.Theirs) == string(s.Ours)) && !s.BlocksRemoved() {
			continue
		}
		fmt.Fprintf(env.Stdout, "%-12s %s (%s)\n", s.Action, printable(s.Path), printable(s.Reason))
		if !diffs {
			continue
		}
		switch {
		case s.TheirsCopy != "":
			fmt.Fprint(env.Stdout, indent(udiff.Unified("a/"+s.Path, "b/"+s.TheirsCopy, string(s.Ours), string(s.Theirs))))
		case s.Action == update.Delete:
			fmt.Fprint(env.Stdout, indent(udiff.Unified("a/"+s.Path, "/dev/null", string(s.Ours), "")))
		case s.Action == update.NotApplied:
			// The change not applied (or, an earlier update's, the file that holds it).
			fmt.Fprint(env.Stdout, indent(notAppliedDiff(plan, s, true)))
		case s.Result != nil:
			fmt.Fprint(env.Stdout, indent(udiff.Unified("a/"+s.Path, "b/"+s.Path, string(s.Ours), string(s.Result))))
		}
	}
	if plan.RecordChanged() {
		fmt.Fprintf(env.Stdout, "%-12s %s (%s)\n", update.Update, generator.RecordFile, recordReason(plan))
	}
	fmt.Fprintf(env.Stderr, "status: %s\n", status)
}

// recordReason says what the record of an update records.
func recordReason(plan *update.Plan) string {
	r := plan.Record
	s := "the record: gonew-prod " + r.Generator.Version
	switch {
	case r.Preset.Name != "":
		s += ", preset " + presetChange(plan.From.Preset, r.Preset)
	case len(r.Components) > 0: // a record of add, which names no preset
		s += ", components " + strings.Join(r.Components, " ")
	}
	if changed := answerChanges(plan.From.Answers, r.Answers); len(changed) > 0 {
		s += ", answers " + strings.Join(changed, ", ")
	}
	if len(r.Conflicts) > 0 {
		s += ", conflicts in " + strings.Join(r.Conflicts, ", ")
	}
	if len(plan.DroppedComments) > 0 {
		s += "; your comments kept but for those of entries it no longer has: " + strings.ReplaceAll(strings.Join(plan.DroppedComments, " "), "\n", " ")
	}
	return s
}

// presetChange names the preset of the record an update writes, to, with its version,
// and where the update moves it from the recorded one, from: "org v1.0.0 -> org v1.1.0",
// or, when name and version do not tell the two apart (a pack in a directory, which
// records no version), by their sources: "org ./p1 -> ./p2", or, from and to the same
// source, by the digests of their content: "org ./p1, other content (sha256:5d4f2e2d… ->
// sha256:5a78f6bd…)". A digest only one of them holds (a record of an older version) is
// no change.
func presetChange(from, to generator.RecordPreset) string {
	name := func(p generator.RecordPreset) string {
		if p.Version != "" {
			return p.Name + " " + p.Version
		}
		return p.Name
	}
	short := func(d string) string { return d[:min(len(d), len("sha256:")+8)] + "…" }
	switch a, b := name(from), name(to); {
	case from == to || from.Name == "":
		return b
	case a == b && from.Source == to.Source && (from.Digest == "" || to.Digest == ""):
		return b // a record from before digests (or one an older version writes)
	case a == b && from.Source == to.Source:
		return fmt.Sprintf("%s %s, other content (%s -> %s)", a, printable(to.Source), short(from.Digest), short(to.Digest))
	case a == b:
		return a + " " + printable(from.Source) + " -> " + printable(to.Source)
	default:
		return a + " -> " + b
	}
}

// answerChanges lists the answers an update changes (as a pack that locks a new value
// changes them), as "key old -> new".
func answerChanges(from, to generator.Answers) []string {
	var out []string
	for _, key := range []string{"module", "name", "framework", "go", "ci"} {
		if a, _ := from.Scalar(key); a != "" {
			if b, _ := to.Scalar(key); a != b {
				out = append(out, fmt.Sprintf("%s %s -> %s", key, a, b))
			}
		}
	}
	if !slices.Equal(from.Features, to.Features) {
		out = append(out, fmt.Sprintf("features [%s] -> [%s]", strings.Join(from.Features, " "), strings.Join(to.Features, " ")))
	}
	for _, p := range []struct {
		key      string
		from, to int
	}{{"http_port", from.HTTPPort, to.HTTPPort}, {"admin_port", from.AdminPort, to.AdminPort}} {
		if p.from != 0 && p.from != p.to {
			out = append(out, fmt.Sprintf("%s %d -> %d", p.key, p.from, p.to))
		}
	}
	return out
}

// updateReport is the plan `update --json` prints; README documents it.
type updateReport struct {
	Dir       string        `json:"dir"`
	Status    string        `json:"status"`
	From      reportVersion `json:"from"`
	To        reportVersion `json:"to"`
	Base      string        `json:"base,omitempty"` // "" (left out) when no plan was made: status pending, newer, or refused before one
	BaseError string        `json:"base_error,omitempty"`
	// Refusal is why update would write nothing of the plan (status refused).
	Refusal   string        `json:"refusal,omitempty"`
	Files     []update.Step `json:"files"`
	Conflicts []string      `json:"conflicts"`
	Pending   []string      `json:"pending"`
	// Notes say what of the tree, which the update leaves as it is, you may want to
	// change, and what the update could not check of the new pack's render (Plan.Notes; on
	// stderr too).
	Notes []string `json:"notes"`
}

type reportVersion struct {
	Version   string       `json:"version"`
	Templates string       `json:"templates"`
	Preset    reportPreset `json:"preset"`
}

type reportPreset struct {
	Name    string `json:"name"`
	Source  string `json:"source"`
	Version string `json:"version,omitempty"`
}

func versionOf(r generator.Record) reportVersion {
	return reportVersion{Version: r.Generator.Version, Templates: r.Generator.Templates,
		Preset: reportPreset{Name: r.Preset.Name, Source: r.Preset.Source, Version: r.Preset.Version}}
}

// refusal, when set, is why update refuses to write the plan: status refused.
func printUpdateJSON(env Env, proj *update.Project, plan *update.Plan, refusal error) error {
	report := updateReport{
		Dir: proj.Dir, Status: string(plan.Status()),
		From: versionOf(plan.From), To: versionOf(plan.Record),
		Base: "rendered", Files: nonNil(plan.Steps),
		Conflicts: nonNil(plan.ConflictPaths()), Pending: nonNil(proj.Pending),
		Notes: nonNil(plan.Notes),
	}
	if plan.BaseError != nil {
		report.Base, report.BaseError = "unavailable", plan.BaseError.Error()
	}
	if refusal != nil {
		report.Status, report.Refusal = statusRefused, refusal.Error()
	}
	return writeJSON(env, report)
}

// nonNil returns s, or an empty slice for nil, so that JSON says [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func writeJSON(env Env, v any) error {
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
