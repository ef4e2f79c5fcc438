package update

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/gitview"
	"github.com/gonew-prod/gonew-prod/internal/merge"
	"github.com/gonew-prod/gonew-prod/internal/workspace"
)

// Project is a generated project as an update finds it.
type Project struct {
	Dir    string
	Record *generator.Record
	// RecordData is the record file as it is.
	RecordData []byte
	// Pending lists the files an earlier update left with conflicts that still hold
	// conflict markers, update's own base marker alone too (merge.LeftConflict), or, for
	// a binary file, whose theirs copy is still beside it.
	Pending []string
	// Modes gives the modes of the project's files as git would commit them.
	Modes gitview.Modes

	env []string // git's environment
}

// Open reads the project at dir: its record and the conflicts still pending. A record
// that is missing, or that it cannot take (too large, empty, unparsable; not one with
// conflict markers, to resolve instead), is refused, with how to restore it when git's
// history has it (git runs with env), else RecordNotCommitted; one that names a gonew-prod
// newer than running, this one's version, is refused with that version to run instead
// (NewerRecord).
func Open(ctx context.Context, env []string, dir, running string) (*Project, error) {
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
	case errors.Is(err, generator.ErrTooLarge):
		return nil, inputErrorf("%v; %s", err, cmp.Or(RestoreRecord(ctx, env, dir), RecordNotCommitted))
	case err != nil:
		return nil, err
	case data == nil:
		if restore := RestoreRecord(ctx, env, dir); restore != "" {
			return nil, inputErrorf("%s has no %s, the record of what made the project, which update needs: %s, and run update again", dir, generator.RecordFile, restore)
		}
		if above := recordAbove(dir); above != "" {
			return nil, inputErrorf("%s has no %s, but %s above it has: run update in the project's root directory, or pass --dir %s", dir, generator.RecordFile, above, generator.ShellQuote(above))
		}
		return nil, inputErrorf("%s has no %s: update works on projects made by gonew-prod new or add, which write that record (run it in the project, or pass --dir; if gonew-prod made this project, put its record back from your backup or version control)", dir, generator.RecordFile)
	}
	rec, err := generator.ParseRecord(filepath.Join(dir, generator.RecordFile), data)
	if errors.Is(err, generator.ErrConflictMarker) {
		return nil, &InputError{err}
	} else if err != nil {
		return nil, inputErrorf("%v; %s", err, cmp.Or(NewerRecord(data, running), RestoreRecord(ctx, env, dir), RecordNotCommitted))
	}
	// The record add moved to the repository's root for the module below it: a run
	// stopped while writing there left the module half-written (a *generator.StageBelow,
	// for update to roll back or refuse).
	if err := generator.LeftStageBelow(dir, path.Join(rec.Vars["moduleDir"], rec.Vars["mainPackage"])); err != nil {
		return nil, err
	}
	// The go.work the go command uses for the module: one that cannot be read (a named
	// pipe, wherever it is found), or the project's own that does not parse, stops every
	// go command there, the gate's too.
	if err := workspace.Unparsable(filepath.Join(dir, "go.work"), filepath.Join(dir, filepath.FromSlash(rec.Vars["moduleDir"])), env); err != nil {
		return nil, inputErrorf("nothing written: %v: every go command run for the project stops on it, update's checks too; fix it and run update again, or set GOWORK=off when the project builds without it", err)
	}
	modes, err := gitview.CommitModes(ctx, env, dir)
	if err != nil {
		return nil, err
	}
	p := &Project{Dir: dir, Record: rec, RecordData: data, Modes: modes, env: env}
	for _, c := range rec.Conflicts {
		if _, _, blocker, err := generator.Look(tree, c); err == nil && linkedAt(blocker) {
			continue // a link of the user's in the file's place: a not-applied change, no markers
		}
		content, _, err := look(tree, c)
		if err != nil {
			return nil, err
		}
		copyOf, _, err := look(tree, c+merge.TheirsSuffix)
		if err != nil {
			return nil, err
		}
		if merge.LeftConflict(content, labelPrefix) || copyOf != nil {
			p.Pending = append(p.Pending, c)
		}
	}
	return p, nil
}

// recordAbove returns the nearest directory above dir that holds a record as a regular
// file, "" when none does: update run in a subdirectory of a project.
func recordAbove(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
		if info, err := os.Lstat(filepath.Join(d, generator.RecordFile)); err == nil && info.Mode().IsRegular() {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// RestoreRecord says how to put back from git the record of the project at dir, when a
// commit has it: from HEAD when the tree's differs from HEAD's (a deletion or an edit not
// committed), from the commit before the one that deleted it, or, when the tree's is
// HEAD's (the edit is committed), from an earlier commit, when one has it (else that git
// cannot). It returns "" when no commit
// has the record (it was never committed), git is not installed or dir is not in a work
// tree: RecordNotCommitted says what to do then.
func RestoreRecord(ctx context.Context, env []string, dir string) string {
	git := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
		cmd.Env = env
		out, err := cmd.Output()
		return strings.TrimSpace(string(out)), err
	}
	last, err := git("log", "-1", "--format=%h", "--", generator.RecordFile)
	if err != nil || last == "" {
		return ""
	}
	in := "git -C " + generator.ShellQuote(dir)
	if _, err := git("cat-file", "-e", "HEAD:./"+generator.RecordFile); err != nil {
		return fmt.Sprintf("commit %s deleted it (%s log -- %s); restore it with %s checkout %s~1 -- %s", last, in, generator.RecordFile, in, last, generator.RecordFile)
	}
	if _, err := os.Lstat(filepath.Join(dir, generator.RecordFile)); errors.Is(err, fs.ErrNotExist) {
		return fmt.Sprintf("it was deleted since the last commit; restore it with %s checkout HEAD -- %s", in, generator.RecordFile)
	}
	var exit *exec.ExitError
	if _, err := git("diff", "--quiet", "HEAD", "--", generator.RecordFile); errors.As(err, &exit) && exit.ExitCode() == 1 {
		return fmt.Sprintf("it was changed since the last commit (%s diff -- %s shows how); restore it with %s checkout HEAD -- %s", in, generator.RecordFile, in, generator.RecordFile)
	}
	if n, err := git("rev-list", "--count", "HEAD", "--", generator.RecordFile); err == nil && n == "1" {
		return fmt.Sprintf("the only commit that has it (%s) has it so, and git cannot restore it: put it back from your backup, or as gonew-prod wrote it", last)
	}
	return fmt.Sprintf("the last commit has it so; restore it from an earlier commit (%s log -p -- %s shows its changes; %s checkout REV -- %s takes it from commit REV)", in, generator.RecordFile, in, generator.RecordFile)
}

// NewerRecord says what to do with a record (data) this gonew-prod, of version running,
// cannot take (add's and update's), that names a later gonew-prod, or any when running is a development build
// that cannot tell: that version may have written keys this one does not know, and
// restoring the record from an earlier commit would take it back past that version's
// update. It returns "" for a record of running's version or older, or of none.
func NewerRecord(data []byte, running string) string {
	v := generator.RecordVersion(data)
	cmd := Module + "/cmd/gonew-prod@" + v
	switch {
	case !semver.IsValid(v):
		return ""
	case !semver.IsValid(running):
		return fmt.Sprintf("the record names gonew-prod %s, and this gonew-prod is a development build, which may be older: run gonew-prod %[1]s or later (go install %[2]s), which reads the records it writes and says how to restore one that is broken", v, cmd)
	case semver.Compare(v, running) > 0:
		return fmt.Sprintf("the record was written by gonew-prod %s, newer than this gonew-prod %s, which cannot read all it records: run gonew-prod %[1]s or later (go install %[3]s)", v, running, cmd)
	}
	return ""
}

// RecordNotCommitted is what to do with a record no commit has (RestoreRecord returns "").
const RecordNotCommitted = "no commit has it, so git cannot restore it: put it back from your backup, or as gonew-prod wrote it"

// execInTree reports whether the project's file rel is executable as git would commit
// it; ok is false when rel is no regular file of the project.
func (p *Project) execInTree(rel string) (executable, ok bool) {
	info, err := os.Lstat(filepath.Join(p.Dir, filepath.FromSlash(rel)))
	if err != nil || !info.Mode().IsRegular() {
		return false, false
	}
	return isExec(p.Modes.Of(rel, info.Mode().Perm())), true
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
	// Resolved lists files the user deleted whose change an earlier update left not
	// applied, and which the user ported by hand.
	Resolved []string
	// Command is the command line as given (after "gonew-prod"), for a message that tells
	// to run it again from another directory (Request.Command).
	Command []string
}

// Prepare renders the base (the recorded version, checked against the record) and theirs
// (the target version) of p with r, and plans the update of p's tree. When the base is
// unavailable the plan is made without it and says why (Plan.BaseError).
func Prepare(ctx context.Context, r Renderer, p *Project, opts Options) (*Plan, error) {
	rec := p.Record
	// The base of a move to another pack (or to the recorded one as it is now) is rendered
	// with the recorded pack as found, and checked against the recorded files.
	base, baseErr := r.Render(ctx, Request{Dir: p.Dir, Record: rec, Version: rec.Generator.Version, Templates: rec.Generator.Templates, Command: opts.Command, TakePack: opts.Preset != ""})
	switch {
	case errors.Is(baseErr, ErrUnavailable):
	case baseErr != nil:
		return nil, fmt.Errorf("render the base (gonew-prod %s): %w", rec.Generator.Version, baseErr)
	default:
		if err := CheckBase(rec, base, p.execInTree, func() string { return RestoreRecord(ctx, p.env, p.Dir) }); err != nil {
			return nil, err
		}
	}
	target, err := renamed(p)
	if err != nil {
		return nil, err
	}
	theirs := base
	if baseErr != nil || opts.To != rec.Generator.Version || opts.Preset != "" || target != rec {
		if theirs, err = r.Render(ctx, Request{Dir: p.Dir, Record: target, Version: opts.To, Preset: opts.Preset, Command: opts.Command}); err != nil {
			if target != rec {
				return nil, fmt.Errorf("render the target version with go.mod's module path %s (the record's is %s): %w", target.Answers.Module, rec.Answers.Module, err)
			}
			return nil, fmt.Errorf("render the target version: %w", err)
		}
	}
	in := Input{
		Tree: os.DirFS(p.Dir), Record: rec, RecordData: p.RecordData,
		Theirs: theirs, Recreate: opts.Recreate, Resolved: opts.Resolved, Modes: p.Modes,
		Uncommitted: Uncommitted(p.env, p.Dir),
	}
	if len(opts.Recreate)+len(opts.Resolved) > 0 {
		in.Prefix = gitview.Prefix(ctx, p.env, p.Dir)
	}
	if baseErr == nil {
		if target != rec {
			if base, err = renamedBase(ctx, r, p, target, base, opts.Preset != ""); err != nil {
				return nil, err
			}
		}
		in.Base = &base
	}
	in.Labels = labels(*rec, theirs.Record, in.Base != nil)
	plan, err := Build(ctx, in)
	if err != nil {
		return nil, err
	}
	plan.BaseError = baseErr
	plan.Notes = slices.Concat(theirs.Notes, plan.Notes)
	return plan, nil
}

// renamed returns the record theirs is rendered from: p's record, or, when go.mod's
// module line names another module than the recorded answers (the module was renamed
// since), a copy with that module. go.mod is the truth for the project: the files a new
// version adds import the project's packages by the module path go.mod declares, and the
// new record takes it. The base checked against the record keeps the recorded module;
// the merge is made against one rendered with go.mod's (renamedBase). A go.mod that is missing or names no module leaves the record's.
func renamed(p *Project) (*generator.Record, error) {
	rec := p.Record
	rel := path.Join(rec.Vars["moduleDir"], "go.mod")
	if !fs.ValidPath(rel) {
		return rec, nil // a record the renderer refuses, naming its moduleDir
	}
	data, _, err := look(os.DirFS(p.Dir), rel)
	if err != nil || data == nil {
		return rec, err
	}
	mod := modfile.ModulePath(data)
	if mod == "" || mod == rec.Answers.Module {
		return rec, nil
	}
	if err := answers.CheckModule(mod); err != nil {
		return nil, inputErrorf("%s declares module %q, which gonew-prod new refuses (%v), and update renders the new version's files with go.mod's module path (the record's is %s): make the module line a path gonew-prod new accepts (go mod edit -module PATH, and the imports with it) and run update again",
			rel, mod, err, rec.Answers.Module)
	}
	target := *rec
	target.Answers.Module = mod
	return &target, nil
}

// renamedBase returns the base the merge of a project whose module was renamed (target,
// from renamed) is made against: the recorded version rendered with go.mod's module path,
// so that the rename, which theirs has too, is not an edit of the user's that conflicts
// with every change of the new version near an import of the project's packages. The
// base checked against the record (checked) is the one rendered with the recorded path;
// the other is taken only when it writes the same files with the same modes and the same
// guarded blocks, and differs from it only in content: else, or when the recorded
// version cannot render it, the merge is made against checked, where the rename counts
// as the user's edit (conflicts, never a loss).
func renamedBase(ctx context.Context, r Renderer, p *Project, target *generator.Record, checked Render, takePack bool) (Render, error) {
	rec := p.Record
	base, err := r.Render(ctx, Request{Dir: p.Dir, Record: target, Version: rec.Generator.Version, Templates: rec.Generator.Templates, TakePack: takePack})
	switch {
	case ctx.Err() != nil:
		return Render{}, ctx.Err()
	case err != nil || !sameShape(checked, base):
		return checked, nil
	}
	return base, nil
}

// sameShape reports whether renders a and b write the same paths with the same modes and
// the same guarded blocks (by path, ID and whether found in the tree).
func sameShape(a, b Render) bool {
	if len(a.Files) != len(b.Files) || len(a.Blocks) != len(b.Blocks) {
		return false
	}
	for i, f := range a.Files {
		if g := b.Files[i]; g.Path != f.Path || g.Mode != f.Mode || g.Owner != f.Owner {
			return false
		}
	}
	for i, x := range a.Blocks {
		if y := b.Blocks[i]; y.Path != x.Path || y.ID != x.ID || y.Found != x.Found {
			return false
		}
	}
	return true
}

// labelPrefix begins the labels of the base and theirs in the conflict markers update
// writes: a base marker with it in a file the record lists in its conflicts is left of a
// block of update's (merge.LeftConflict).
const labelPrefix = "gonew-prod "

// labels names the three versions in conflict markers: "yours", and gonew-prod with its
// version (and the preset with its version when the update moves it, with its source
// too when name and version do not tell the two apart, as for a pack in a directory).
func labels(from, to generator.Record, haveBase bool) merge.Labels {
	name := func(r generator.Record) string {
		s := labelPrefix + r.Generator.Version
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
