package retrofit

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"golang.org/x/mod/semver"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/gitview"
	"github.com/gonew-prod/gonew-prod/internal/merge"
	"github.com/gonew-prod/gonew-prod/internal/update"
)

// inherent are the components every project of `gonew-prod new` has from the start.
var inherent = []string{"makefile", "version", "shutdown", "procs"}

// NewProjectPlan is add on a project made by `gonew-prod new`: its components are the
// features of its answers, so adding one re-renders the project with the feature on and
// merges that into the tree three ways, with the recorded render as the base (update's
// plan). Present lists the components it already had.
type NewProjectPlan struct {
	*update.Plan          // nil when every component was left out (LeftOut)
	Present      []string // requested and there already
	Missing      []string // requested and added
	// LeftOut are the components of NewProjectOptions.Picked left out, and why.
	LeftOut []LeftOut
}

// NewProjectOptions say what PrepareNewProject adds, and how.
type NewProjectOptions struct {
	Components []string
	// CI is the CI provider (--ci) of the ci component when the project has no ci
	// feature yet (made with ci none, or without ci); "" takes the recorded one, or
	// for ci none the one the repository has (GitHub when none).
	CI string
	// Picked says the components are those audit finds missing, none named: ci, which
	// add refuses below the git repository's root, is left out instead.
	Picked   bool
	Env      []string
	Renderer update.Renderer // renders projects of gonew-prod new
	Version  string          // this gonew-prod's module version
	// Command is the command line as given (after "gonew-prod"), for a message that tells
	// to run it again from another directory; nil stands for add and Components.
	Command []string
}

// recordedVersion refuses add by gonew-prod version to the project whose record rec
// names another gonew-prod, where the add would move the record where nobody asked, as
// update does not: onto a development build from a release (a record naming (devel)
// no release can render, so the next update by a release would have no base), or back
// to an older release (its templates would take back what the recorded one added).
// madeByNew says rec is of a project made by gonew-prod new, whose add renders the
// recorded version as the base of its merge, and so refuses any other version: update
// moves it first. An earlier add's record moves on to a newer release with the add.
func recordedVersion(rec *generator.Record, version string, madeByNew bool) error {
	recorded := rec.Generator.Version
	switch {
	case recorded == version:
		return nil
	case !semver.IsValid(version) && semver.IsValid(recorded):
		// update does not move a record of a release onto a development build unasked.
		return refuse("%s records gonew-prod %s, and this gonew-prod is a development build without a module version (%s): run add with gonew-prod %[2]s (go install %[4]s@%[2]s), or move the project onto this build first with gonew-prod update --to devel (the next update by a release then has no base)", generator.RecordFile, recorded, version, update.Module+"/cmd/gonew-prod")
	case semver.IsValid(version) && semver.IsValid(recorded) && semver.Compare(recorded, version) > 0:
		// Nor, without --to, back to an older release.
		return refuse("%s records gonew-prod %s, newer than this gonew-prod %s: add would render the files with the older templates, taking back what %[2]s changed; run add with gonew-prod %[2]s or later (go install %[4]s@%[2]s), or move the project back on purpose first with gonew-prod update --to %[3]s", generator.RecordFile, recorded, version, update.Module+"/cmd/gonew-prod")
	case madeByNew:
		return refuse("%s was made by gonew-prod %s, not this %s: run gonew-prod update first, then add", generator.RecordFile, recorded, version)
	}
	return nil
}

// PrepareNewProject plans adding components to the project made by `gonew-prod new`
// that t's record records. It refuses when the project was made by another gonew-prod
// version (update it first), when the module was renamed since (update takes the new
// path first), when ci is asked for below the git repository's root (where its file
// never runs), when a file the feature changes holds edits of the user's that do not
// merge cleanly, and when git would not see a file it writes (update.CheckHidden: one
// the project's .gitignore ignores, say).
func PrepareNewProject(ctx context.Context, t *Target, opts NewProjectOptions) (*NewProjectPlan, error) {
	rec, version := t.Record, opts.Version
	list, _, err := resolveComponents(opts.Components)
	if err != nil {
		return nil, err
	}
	p := &NewProjectPlan{}
	if slices.Contains(list, "ci") {
		var r *Refusal
		switch err := t.ciBelowRoot(ctx, opts.Env); {
		case err == nil:
		case !opts.Picked || !errors.As(err, &r):
			return nil, err
		default:
			if list = slices.DeleteFunc(list, func(c string) bool { return c == "ci" }); len(list) == 0 {
				return nil, err // the only one audit finds missing cannot be added here: no success
			}
			p.LeftOut = append(p.LeftOut, LeftOut{Component: "ci", Why: r.msg})
		}
	}
	provider, err := newProjectCI(rec, list, opts.CI, t.Answers.CI)
	if err != nil {
		return nil, err
	}
	theirsRec := *rec
	theirsRec.Answers.Features = slices.Clone(rec.Answers.Features)
	var missing []string
	for _, c := range list {
		switch {
		case slices.Contains(inherent, c) || rec.Answers.Has(c):
			p.Present = append(p.Present, c)
		default:
			missing = append(missing, c)
			theirsRec.Answers.Features = append(theirsRec.Answers.Features, c)
		}
	}
	if slices.Contains(missing, "ci") {
		theirsRec.Answers.CI = provider
	}
	if err := recordedVersion(rec, version, true); err != nil {
		return nil, err
	}
	if renamed := renamedSince(rec, joinPath(t.Module.Dir, "go.mod"), t.Module.Path); renamed != "" && len(missing) > 0 {
		// The project is rendered with the recorded module path: the files the feature
		// adds would import the packages by the old one.
		return nil, refuse("nothing written: adding %s renders the project with the module path %s records, but %s: run gonew-prod update, which takes the new module path into the record and merges it with your tree, then add again", strings.Join(missing, ", "), generator.RecordFile, renamed)
	}
	dir, r := t.Dir, opts.Renderer
	command := opts.Command
	if command == nil {
		command = append([]string{"add"}, opts.Components...)
	}
	base, err := r.Render(ctx, update.Request{Dir: dir, Record: rec, Version: rec.Generator.Version, Templates: rec.Generator.Templates, Command: command})
	if err != nil {
		return nil, fmt.Errorf("render the project as recorded: %w", err)
	}
	if err := update.CheckBase(rec, base, nil, func() string { return update.RestoreRecord(ctx, opts.Env, dir) }); err != nil {
		return nil, refuse("%v; run gonew-prod update first, then add", err)
	}
	theirs := base
	if len(missing) > 0 {
		if theirs, err = r.Render(ctx, update.Request{Dir: dir, Record: &theirsRec, Version: version, Command: command, Adding: missing}); err != nil {
			return nil, fmt.Errorf("render the project with %s: %w", strings.Join(missing, ", "), err)
		}
	}
	data, err := generator.ReadLimited(os.DirFS(dir), generator.RecordFile, generator.MaxRecordSize)
	if err != nil {
		return nil, err
	}
	modes, err := gitview.CommitModes(ctx, opts.Env, dir)
	if err != nil {
		return nil, err
	}
	plan, err := update.Build(ctx, update.Input{
		Tree: os.DirFS(dir), Record: rec, RecordData: data, Base: &base, Theirs: theirs,
		Labels: merge.Labels{Ours: "yours", Base: "as generated", Theirs: "with " + strings.Join(missing, ", ")},
		Modes:  modes,
	})
	if err != nil {
		return nil, err
	}
	plan.Notes = slices.Concat(theirs.Notes, plan.Notes) // as update's Prepare: what the render says of the pack first
	p.Missing = missing
	if conflicts := plan.ConflictPaths(); len(conflicts) > 0 {
		return nil, refuse("nothing written: adding %s changes files you edited, and the changes do not merge cleanly: %s; commit, then add with those files as generated (or merge by hand)", strings.Join(missing, ", "), strings.Join(conflicts, ", "))
	}
	// As update refuses them: a file git ignores (a commit would leave it out), or one git
	// does not look at.
	if err := update.CheckHidden(ctx, opts.Env, dir, "add", plan.Changes()); err != nil {
		return nil, err
	}
	p.Plan = plan
	return p, nil
}

// newProjectCI returns the CI provider the ci feature of the project rec records is
// rendered for when list adds it: given (--ci), else the recorded one, else, for a
// project made with ci none, inferred (the one the repository has). given is refused
// when the project has the ci feature for another provider already, or list does not
// hold ci.
func newProjectCI(rec *generator.Record, list []string, given, inferred string) (string, error) {
	recorded := rec.Answers.CI
	if recorded == "none" {
		recorded = ""
	}
	switch {
	case given == "":
		return cmp.Or(recorded, inferred, "github"), nil
	case given != "github" && given != "gitlab":
		return "", refuse("--ci %s: add writes CI for github or gitlab", given)
	case !slices.Contains(list, "ci"):
		return "", refuse("--ci %s names the CI provider of the ci component, which this add does not add; add ci to the components, or leave out --ci", given)
	case rec.Answers.Has("ci") && given != recorded:
		return "", refuse("--ci %s: %s records a project made by gonew-prod new with ci %s, and add brings its features for that provider; leave out --ci", given, generator.RecordFile, cmp.Or(recorded, "none"))
	}
	return given, nil
}

// renamedSince returns, when the module's go.mod (goMod, its repository path) declares
// another module path (module) than rec records, the clause that names both: the module
// was renamed since rec was written, which gonew-prod update takes into the record.
// It returns "" otherwise.
func renamedSince(rec *generator.Record, goMod, module string) string {
	if was := rec.Answers.Module; was != "" && module != "" && was != module {
		return fmt.Sprintf("the module was renamed since (%s declares %s, %s records %s)", goMod, module, generator.RecordFile, was)
	}
	return ""
}
