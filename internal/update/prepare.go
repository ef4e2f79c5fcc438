package update

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/merge"
)

// Project is a generated project as an update finds it.
type Project struct {
	Dir    string
	Record *generator.Record
	// RecordData is the record file as it is.
	RecordData []byte
	// Pending lists the files an earlier update left with conflicts that still hold
	// conflict markers (or, for a binary file, whose theirs copy is still beside it).
	Pending []string
}

// Open reads the project at dir: its record and the conflicts still pending.
func Open(dir string) (*Project, error) {
	switch info, err := os.Stat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		return nil, inputErrorf("--dir %s: no such directory: give the directory of a project made by gonew-prod new or add", dir)
	case err != nil:
		return nil, inputErrorf("--dir %s: %v", dir, errors.Unwrap(err))
	case !info.IsDir():
		return nil, inputErrorf("--dir %s: not a directory: give the directory of a project made by gonew-prod new or add", dir)
	}
	if err := generator.LeftStage(dir); err != nil {
		return nil, &InputError{err}
	}
	tree := os.DirFS(dir)
	data, err := ReadRecord(tree)
	switch {
	case err != nil:
		return nil, err
	case data == nil:
		return nil, inputErrorf("%s has no %s: update works on projects made by gonew-prod new or add (run it in the project, or pass --dir)", dir, generator.RecordFile)
	}
	rec, err := generator.ParseRecord(filepath.Join(dir, generator.RecordFile), data)
	if err != nil {
		return nil, &InputError{err}
	}
	p := &Project{Dir: dir, Record: rec, RecordData: data}
	for _, c := range rec.Conflicts {
		content, _, err := look(tree, c)
		if err != nil {
			return nil, err
		}
		copyOf, _, err := look(tree, c+merge.TheirsSuffix)
		if err != nil {
			return nil, err
		}
		if merge.HasConflictMarkers(content) || copyOf != nil {
			p.Pending = append(p.Pending, c)
		}
	}
	return p, nil
}

// Options choose what an update brings a project to.
type Options struct {
	// To is the gonew-prod version to update to, "" for the running binary's.
	To string
	// Preset is a preset reference to move to (an org pack at a newer version), "" to
	// keep the record's.
	Preset string
	// Recreate lists files the user deleted that the update brings back.
	Recreate []string
}

// Prepare renders the base (the recorded version, checked against the record) and theirs
// (the target version) of p with r, and plans the update of p's tree. When the base is
// unavailable the plan is made without it and says why (Plan.BaseError).
func Prepare(ctx context.Context, r Renderer, p *Project, opts Options) (*Plan, error) {
	rec := p.Record
	base, baseErr := r.Render(ctx, Request{Dir: p.Dir, Record: rec, Version: rec.Generator.Version, Templates: rec.Generator.Templates})
	switch {
	case errors.Is(baseErr, ErrUnavailable):
	case baseErr != nil:
		return nil, fmt.Errorf("render the base (gonew-prod %s): %w", rec.Generator.Version, baseErr)
	default:
		if err := CheckBase(rec, base); err != nil {
			return nil, err
		}
	}
	theirs := base
	if baseErr != nil || opts.To != rec.Generator.Version || opts.Preset != "" {
		var err error
		if theirs, err = r.Render(ctx, Request{Dir: p.Dir, Record: rec, Version: opts.To, Preset: opts.Preset}); err != nil {
			return nil, fmt.Errorf("render the target version: %w", err)
		}
	}
	in := Input{
		Tree: os.DirFS(p.Dir), Record: rec, RecordData: p.RecordData,
		Theirs: theirs, Recreate: opts.Recreate,
	}
	if baseErr == nil {
		in.Base = &base
	}
	in.Labels = labels(*rec, theirs.Record, in.Base != nil)
	plan, err := Build(ctx, in)
	if err != nil {
		return nil, err
	}
	plan.BaseError = baseErr
	return plan, nil
}

// labels names the three versions in conflict markers: "yours", and gonew-prod with its
// version (and the preset with its version when the update moves it, with its source
// too when name and version do not tell the two apart, as for a pack in a directory).
func labels(from, to generator.Record, haveBase bool) merge.Labels {
	name := func(r generator.Record) string {
		s := "gonew-prod " + r.Generator.Version
		if from.Preset != to.Preset {
			s += " preset " + r.Preset.Name
			if r.Preset.Version != "" {
				s += " " + r.Preset.Version
			}
			if from.Preset.Name == to.Preset.Name && from.Preset.Version == to.Preset.Version {
				s += " from " + r.Preset.Source
			}
		}
		return s
	}
	base := name(from)
	if !haveBase {
		base += " (unavailable)"
	}
	return merge.Labels{Ours: "yours", Base: base, Theirs: name(to)}
}
