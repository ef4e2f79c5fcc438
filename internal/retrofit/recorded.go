package retrofit

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"go/build/constraint"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/mod/semver"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/builtin"
	"github.com/gonew-prod/gonew-prod/internal/update"
)

// Renderer renders what update merges: projects made by new (Generated) and
// repositories retrofitted by add (RenderRecorded), by what their record lists.
type Renderer struct {
	Generated update.Generated
	Dir       string // the project's directory
}

// Render renders req. What add wrote is rendered by the running binary for its own
// version, and by that version's own code for any other (fetched; see fetched): a
// version that cannot be fetched, or that predates RenderCommand, is unavailable, and
// update falls back to the checksums.
func (r Renderer) Render(ctx context.Context, req update.Request) (update.Render, error) {
	if len(req.Record.Components) == 0 {
		return r.Generated.Render(ctx, req)
	}
	main := path.Join(req.Record.Vars["moduleDir"], req.Record.Vars["mainPackage"])
	if gone, err := mainGone(r.Dir, main); err == nil && gone {
		return update.Render{}, &update.InputError{Err: fmt.Errorf("%s records gonew-prod add for the main package in %s, which is gone (renamed or moved?): run gonew-prod add %s (with --main DIR when the module has several main packages), which moves the record and what add wrote to where the package is now, then update",
			generator.RecordFile, main, req.Record.Components[0])}
	}
	if req.Preset != "" {
		return update.Render{}, &update.InputError{Err: errors.New("--preset: a repository retrofitted by gonew-prod add has no preset")}
	}
	read := TreeReader(r.Dir)
	if current, err := r.Generated.Current(req); err != nil {
		return update.Render{}, err
	} else if !current {
		if !semver.IsValid(req.Version) {
			return update.Render{}, fmt.Errorf("%w: gonew-prod %s is not a module version, so what its add wrote cannot be rendered", update.ErrUnavailable, req.Version)
		}
		return r.fetched(ctx, req, read)
	}
	out, err := RenderRecorded(ctx, req.Record, r.Generated.Version, read)
	if ve := (varsError{}); errors.As(err, &ve) {
		err = fmt.Errorf("%w; %s", err, cmp.Or(update.RestoreRecord(ctx, r.Generated.Env, r.Dir), update.RecordNotCommitted))
	}
	return out, err
}

// RenderRecorded renders what add wrote into the repository at dir for its record rec, so
// that update can take it as a base or as theirs: the component files, the Makefile add
// created (when it did), and the guarded blocks. The Makefile and GitLab blocks are
// rendered as add writes them; the blocks in Go files (the middleware line, the wired
// call) hold the user's own lines, so they are read from readFile as they stand (nil
// for a file that is gone) and marked Found.
func RenderRecorded(ctx context.Context, rec *generator.Record, version string, readFile func(string) ([]byte, error)) (update.Render, error) {
	for _, key := range []string{"mainPackage", "moduleDir"} {
		if _, ok := rec.Vars[key]; !ok {
			return update.Render{}, fmt.Errorf("%s lists components but no %s: it was not written by gonew-prod add", generator.RecordFile, key)
		}
	}
	if err := checkVars(rec.Vars); err != nil {
		return update.Render{}, fmt.Errorf("%s: %w", generator.RecordFile, varsError{err})
	}
	a := rec.Answers
	a.Features = rec.Components
	files, err := render(ctx, a, rec.Vars)
	if err != nil {
		return update.Render{}, err
	}
	moduleDir := rec.Vars["moduleDir"]
	mainDir := path.Clean(joinPath(moduleDir, strings.TrimPrefix(rec.Vars["mainPackage"], "./")))
	for i := range files {
		files[i].Path = placePath(files[i].Path, moduleDir, mainDir)
	}
	out := update.Render{}
	makefile := joinPath(moduleDir, "Makefile")
	mkBlock := makefileBlock()
	for _, e := range rec.Files {
		if e.Path == makefile && e.Owner == generator.OwnerMerge {
			files = append(files, generator.File{Path: makefile, Mode: 0o644, Owner: generator.OwnerMerge,
				Content: []byte(makefileHead(a.Name) + mkBlock)})
		}
	}
	slices.SortFunc(files, func(a, b generator.File) int { return strings.Compare(a.Path, b.Path) })
	out.Files = files
	for _, b := range rec.Blocks {
		if slices.ContainsFunc(files, func(f generator.File) bool { return f.Path == b.Path }) {
			continue // recorded by an earlier add as a block too: the file holds it
		}
		var content []byte
		switch b.ID {
		case "makefile":
			content = blockAsWritten(b, mkBlock, readFile)
		case "ci":
			content = blockAsWritten(b, gitlabBlock(), readFile)
		case blockIgnore:
			content = blockAsWritten(b, ignoreBlock(a.Name), readFile)
		default:
			data, err := readFile(b.Path)
			if err != nil {
				return update.Render{}, fmt.Errorf("%s: guarded block %s: %w", b.Path, b.ID, err)
			}
			start, end, found, err := generator.FindBlock(data, b.ID)
			if err != nil {
				return update.Render{}, fmt.Errorf("%s: guarded block %s: %w", b.Path, b.ID, err)
			}
			if found {
				content = data[start:end]
			}
			out.Blocks = append(out.Blocks, update.Block{Path: b.Path, ID: b.ID, Content: content, Found: true})
			continue
		}
		out.Blocks = append(out.Blocks, update.Block{Path: b.Path, ID: b.ID, Content: content})
	}
	hash, err := builtin.Hash()
	if err != nil {
		return update.Render{}, err
	}
	out.Record = generator.Record{
		Generator:  generator.RecordGenerator{Name: "gonew-prod", Version: version, Templates: hash},
		Answers:    rec.Answers,
		Components: rec.Components,
		Vars:       rec.Vars,
	}
	for _, f := range files {
		out.Record.Files = append(out.Record.Files, generator.RecordEntry{Path: f.Path, SHA256: generator.Sum(f.Content), Owner: f.Owner})
	}
	for _, b := range out.Blocks {
		rb := generator.RecordBlock{Path: b.Path, ID: b.ID, SHA256: generator.Sum(b.Content)}
		if i := slices.IndexFunc(rec.Blocks, func(x generator.RecordBlock) bool { return x.Path == b.Path && x.ID == b.ID }); b.Found && i >= 0 {
			rb = rec.Blocks[i] // read, not rendered: what was written is known by its checksum only
		}
		out.Record.Blocks = append(out.Record.Blocks, rb)
	}
	return out, nil
}

// blockAsWritten returns text, the block b of the record as add renders it, with the line
// endings add wrote it with: CRLF (see addBlock) when that is what the record's checksum
// is of, or, when it is of neither (a version whose block differs), when the block in the
// file has them.
func blockAsWritten(b generator.RecordBlock, text string, readFile func(string) ([]byte, error)) []byte {
	lf, crlfText := []byte(text), []byte(withCRLF(text))
	switch b.SHA256 {
	case generator.Sum(lf):
		return lf
	case generator.Sum(crlfText):
		return crlfText
	}
	if data, err := readFile(b.Path); err == nil {
		if start, end, ok, _ := generator.FindBlock(data, b.ID); ok && generator.CRLF(data[start:end]) {
			return crlfText
		}
	}
	return lf
}

// varsError is checkVars's refusal of a record's vars, edited by hand: Renderer.Render,
// which knows the project, says how git restores the record, when a commit has it.
type varsError struct{ error }

// checkVars checks the vars of a record as add writes them: the templates place them
// into Makefiles, Dockerfiles, YAML and comments unquoted, so each must have the form add
// gives it, and a record edited by hand (or by anyone else) cannot place anything else.
func checkVars(vars map[string]string) error {
	oneOf := func(values ...string) func(string) bool {
		return func(v string) bool { return slices.Contains(values, v) }
	}
	singleLine := func(v string) bool { return !strings.ContainsFunc(v, unicode.IsControl) }
	forms := map[string]func(string) bool{
		"mainPackage": func(v string) bool { return v == "." || strings.HasPrefix(v, "./") && plainPath.MatchString(v) },
		"moduleDir":   plainPath.MatchString,
		"dockerfile":  oneOf("Dockerfile", "Dockerfile.prod"),
		"aliases": func(v string) bool {
			return !slices.ContainsFunc(strings.Fields(v), func(a string) bool { return !slices.Contains(aliasTargets, a) })
		},
		"goImage":        goImage.MatchString,
		"jobImage":       goImage.MatchString,
		"cgo":            oneOf("true", "false"),
		"vendored":       oneOf("true", "false"),
		"ownTracing":     oneOf("true"),
		"ownProvider":    oneOf("true"),
		"makefileBlock":  oneOf("removed"),
		"makeBuild":      oneOf("true"),
		"cgoReason":      singleLine,
		"cgoAlternative": singleLine,
		"ciStage":        oneOf("", "test", ".pre"),
		"modVerify":      oneOf("alone", "none"),
		"buildConstraint": func(v string) bool {
			x, err := constraint.Parse("//go:build " + v)
			return err == nil && x.String() == v
		},
		"replaceDirs": func(v string) bool {
			return !slices.ContainsFunc(strings.Fields(v), func(d string) bool {
				return !plainPath.MatchString(d) || d != path.Clean(d) || d == ".." || strings.HasPrefix(d, "../") || strings.HasPrefix(d, "/")
			})
		},
	}
	for _, key := range slices.Sorted(maps.Keys(vars)) {
		ok, known := forms[key]
		switch {
		case !known:
			return fmt.Errorf("vars: unknown key %q (gonew-prod add writes %s)", key, strings.Join(slices.Sorted(maps.Keys(forms)), ", "))
		case !ok(vars[key]):
			return fmt.Errorf("vars: %s: %q is not a value gonew-prod add writes there", key, vars[key])
		}
	}
	return nil
}

// goImage matches the Go version of the golang image add builds with, e.g. 1.26.
var goImage = regexp.MustCompile(`^[0-9]+\.[0-9]+$`)

// placePath maps a render path to a repository path: "repo/..." is relative to the root,
// "main/..." to the main package, anything else to the module.
func placePath(rel, moduleDir, mainDir string) string {
	switch {
	case strings.HasPrefix(rel, "repo/"):
		return strings.TrimPrefix(rel, "repo/")
	case strings.HasPrefix(rel, "main/"):
		return joinPath(mainDir, strings.TrimPrefix(rel, "main/"))
	}
	return joinPath(moduleDir, rel)
}

// The texts of the guarded blocks add writes into Makefiles and .gitlab-ci.yml, and the
// head of a Makefile it creates.
func makefileBlock() string {
	return block("#", "", "makefile", "(added by gonew-prod add: production targets prod-*)", []string{"include gonew-prod.mk"})
}

// blockIgnore is the id of the guarded block of .gitignore.
const blockIgnore = "gitignore"

func ignoreBlock(name string) string {
	return block("#", "", blockIgnore, "(added by gonew-prod add: what make prod-build writes)", []string{"/bin/" + name})
}

func gitlabBlock() string {
	return block("#", "", "ci", "(added by gonew-prod add: the prod-* jobs)", []string{"include:", "  - local: " + gitlabJobs})
}

func makefileHead(name string) string {
	return fmt.Sprintf("# Build, test and package %s: `make prod-help` lists the targets.\n\n", name)
}

// record writes the repository's .gonew-prod.yaml: created, or extended when an earlier
// add made one. It lists the components, the checksum and owner of every file add
// rendered (the render's, so that update can tell later edits), and every guarded block.
func (p *planner) record() error {
	hash, err := builtin.Hash()
	if err != nil {
		return err
	}
	rec := generator.Record{
		Generator:  generator.RecordGenerator{Name: "gonew-prod", Version: p.opts.Version, Templates: hash},
		Answers:    p.answers,
		Components: p.plan.Components,
		Vars:       p.vars,
	}
	entries := map[string]generator.RecordEntry{}
	var blocks []generator.RecordBlock
	if old := p.t.Record; old != nil {
		rec.Components = slices.DeleteFunc(ComponentNames(), func(c string) bool {
			return !slices.Contains(old.Components, c) && !slices.Contains(p.plan.Components, c)
		})
		for _, e := range old.Files {
			// A file of the tool's that this render no longer writes is no longer recorded
			// (update renders the record as add does); the plan deletes it or keeps it as
			// the user's (dropUnrendered).
			if cmp.Or(e.Owner, generator.OwnerTool) == generator.OwnerTool && !slices.ContainsFunc(p.rendered, func(f generator.File) bool { return f.Path == e.Path }) {
				continue
			}
			entries[e.Path] = e
		}
		for _, b := range old.Blocks {
			if !slices.ContainsFunc(p.blocks, func(x generator.RecordBlock) bool { return x.Path == b.Path && x.ID == b.ID }) {
				blocks = append(blocks, b)
			}
		}
	}
	for _, f := range p.rendered {
		entries[f.Path] = generator.RecordEntry{Path: f.Path, SHA256: generator.Sum(f.Content), Owner: generator.OwnerTool}
	}
	// The Makefile add created is recorded whole (a Makefile elsewhere, vendor/'s say, is
	// not add's: an earlier version recorded those too).
	makefile := p.repoPath("Makefile")
	for rel, e := range entries {
		if e.Owner == generator.OwnerMerge && rel != makefile {
			delete(entries, rel)
		}
	}
	for _, s := range p.plan.Steps {
		if s.Action == "create" && s.Old == nil && s.Path == makefile {
			entries[s.Path] = generator.RecordEntry{Path: s.Path, SHA256: generator.Sum(s.New), Owner: generator.OwnerMerge}
		}
	}
	for _, e := range entries {
		rec.Files = append(rec.Files, e)
	}
	slices.SortFunc(rec.Files, func(a, b generator.RecordEntry) int { return strings.Compare(a.Path, b.Path) })
	rec.Answers.Features = rec.Components
	// A block of a file the record lists whole (the Makefile add created) is part of that
	// file: update merges the file, and refuses blocks in a file it writes whole.
	rec.Blocks = slices.DeleteFunc(append(blocks, p.blocks...), func(b generator.RecordBlock) bool {
		_, whole := entries[b.Path]
		return whole
	})
	slices.SortFunc(rec.Blocks, func(a, b generator.RecordBlock) int {
		return strings.Compare(a.Path+"\x00"+a.ID, b.Path+"\x00"+b.ID)
	})
	f, err := rec.Encode()
	if err != nil {
		return err
	}
	old, exists := p.current(generator.RecordFile)
	// The record this one replaces: the one here, or the one an earlier add wrote in the
	// module's directory, which moves here (its paths as they are from here).
	prev, mode := old, p.modeOf(generator.RecordFile)
	endings := old // the line endings the record keeps
	if from := p.t.LiftedFrom; from != "" && !exists {
		lifted, _ := p.current(from)
		prev, mode, endings = generator.RebaseRecord(lifted, path.Dir(from)), p.modeOf(from), lifted
	}
	if prev != nil {
		// The comments a team added to the record stay (those of an entry add no longer
		// writes are said).
		var dropped []string
		if f.Content, dropped = generator.KeepComments(prev, f.Content); len(dropped) > 0 {
			p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s: comments of entries the record no longer has are dropped: %s", generator.RecordFile, strings.ReplaceAll(strings.Join(dropped, " "), "\n", " ")))
		}
	}
	switch {
	case exists && generator.SameText(old, f.Content):
		p.plan.Steps = append(p.plan.Steps, Step{Path: generator.RecordFile, Action: "identical"})
	case exists && !p.plan.Changed() && len(p.plan.New()) == 0 && p.t.MovedFrom == "" && p.t.LiftedFrom == "":
		// Nothing else changes: the record stays as it is. (Components the record lacks
		// whose files are all there already, as a merge of two branches' adds leaves
		// them, are recorded; so is a record that follows a moved main package.)
	case exists:
		p.change(generator.RecordFile, "update", "what add wrote", old, generator.InEndingsOf(endings, f.Content), p.modeOf(generator.RecordFile))
	default:
		p.change(generator.RecordFile, "create", "what add wrote", nil, generator.InEndingsOf(endings, f.Content), mode)
	}
	if from := p.t.LiftedFrom; from != "" {
		old, _ := p.current(from)
		p.plan.Steps = append(p.plan.Steps, Step{Path: from, Action: "delete", Detail: "the record moves to " + generator.RecordFile + ", where add runs now", Old: old})
		p.plan.Changes = append(p.plan.Changes, generator.Change{Path: from, Delete: true, Old: old})
	}
	p.plan.Record = rec
	return nil
}
