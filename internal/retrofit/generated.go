package retrofit

import (
	"context"
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
	*update.Plan
	Present []string // requested and there already
	Missing []string // requested and added
}

// PrepareNewProject plans adding components to a project made by `gonew-prod new` at
// dir, recorded in rec, with r (which renders such projects). It refuses when the
// project was made by another gonew-prod version (update it first), and when a file the
// feature changes holds edits of the user's that do not merge cleanly.
func PrepareNewProject(ctx context.Context, env []string, dir string, rec *generator.Record, components []string, r update.Renderer, version string) (*NewProjectPlan, error) {
	list, _, err := resolveComponents(components)
	if err != nil {
		return nil, err
	}
	p := &NewProjectPlan{}
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
	switch {
	case rec.Generator.Version != version && !semver.IsValid(version) && semver.IsValid(rec.Generator.Version):
		// update does not move a record of a release onto a development build unasked.
		return nil, refuse("%s was made by gonew-prod %s, and this gonew-prod is a development build without a module version (%s): run add with gonew-prod %[2]s (go install %[4]s@%[2]s), or move the project onto this build first with gonew-prod update --to devel (the next update by a release then has no base)", generator.RecordFile, rec.Generator.Version, version, update.Module+"/cmd/gonew-prod")
	case rec.Generator.Version != version:
		return nil, refuse("%s was made by gonew-prod %s, not this %s: run gonew-prod update first, then add", generator.RecordFile, rec.Generator.Version, version)
	}
	command := append([]string{"add"}, components...)
	base, err := r.Render(ctx, update.Request{Dir: dir, Record: rec, Version: rec.Generator.Version, Templates: rec.Generator.Templates, Command: command})
	if err != nil {
		return nil, fmt.Errorf("render the project as recorded: %w", err)
	}
	if err := update.CheckBase(rec, base, nil); err != nil {
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
	modes, err := gitview.CommitModes(ctx, env, dir)
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
	p.Missing = missing
	if conflicts := plan.ConflictPaths(); len(conflicts) > 0 {
		return nil, refuse("nothing written: adding %s changes files you edited, and the changes do not merge cleanly: %s; commit, then add with those files as generated (or merge by hand)", strings.Join(missing, ", "), strings.Join(conflicts, ", "))
	}
	p.Plan = plan
	return p, nil
}
