package update

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/gitview"
	"github.com/gonew-prod/gonew-prod/internal/merge"
)

// Action is what an update does to one path.
type Action string

// Actions of a plan.
const (
	// Keep: nothing changes.
	Keep Action = "keep"
	// Update: theirs replaces a file the user did not edit.
	Update Action = "update"
	// Create: a file new in theirs is written.
	Create Action = "create"
	// Recreate: a file the user deleted comes back (--recreate).
	Recreate Action = "recreate"
	// Delete: theirs dropped a file the user did not edit.
	Delete Action = "delete"
	// Merge: both sides changed the file; their changes merged without conflict.
	Merge Action = "merge"
	// Conflict: both sides changed the file and the merge left conflicts to resolve:
	// written inline with conflict markers, or, for a binary file, theirs written beside
	// it (TheirsCopy).
	Conflict Action = "conflict"
	// KeepDropped: theirs dropped a file the user edited or owns; it is kept.
	KeepDropped Action = "keep-dropped"
	// KeepDeleted: the user deleted a file theirs still has; it stays deleted.
	KeepDeleted Action = "keep-deleted"
	// NotApplied: the user deleted a file theirs changed (or an earlier update changed),
	// or put a symbolic link in its place; it stays so and the change reaches no file.
	// The plan counts it as a conflict and the record lists it in its conflicts, so that
	// every later update shows it again, until --recreate brings the file back or
	// --resolved drops it from that list.
	NotApplied Action = "not-applied"
)

// Step is what an update does to one path.
type Step struct {
	Path   string          `json:"path"`
	Action Action          `json:"action"`
	Owner  generator.Owner `json:"owner,omitempty"`
	Reason string          `json:"reason"`
	// Conflicts counts the conflict blocks written into the file.
	Conflicts int `json:"conflicts,omitempty"`
	// TheirsCopy is where theirs is written when the file is binary and both sides
	// changed it.
	TheirsCopy string `json:"theirs_copy,omitempty"`

	// Ours is the tree's file (nil when absent) and OursMode its mode.
	Ours     []byte      `json:"-"`
	OursMode fs.FileMode `json:"-"`
	// Base is the base's file, nil when the base has none or is unavailable.
	Base []byte `json:"-"`
	// Theirs is theirs' file, nil when theirs has none.
	Theirs []byte `json:"-"`
	// Result is what the path holds after the update, nil when it is deleted or left as
	// it is; Mode is its mode.
	Result []byte      `json:"-"`
	Mode   fs.FileMode `json:"-"`

	copyOld []byte // what the tree holds at TheirsCopy, nil when nothing
	// crlf is set when ours has CRLF line endings where base and theirs have LF ones (a
	// checkout with core.autocrlf): the step merges ours with LF ones, as git would commit
	// it, and writes the result with CRLF ones.
	crlf   bool
	blocks bool // the step merges guarded blocks into a file the tool does not own
	// blocksRemoved is set when the user removed guarded blocks the record lists from the
	// file (or deleted the file): they stay removed, and gonew-prod add brings them back.
	blocksRemoved bool
	byLines       bool // the merge was by lines (or kept all versions whole), not by meaning
	// link is set when a symbolic link of the user's is where the file goes (linkedAt):
	// the step never reads or writes through it, and --recreate cannot bring the file
	// back there.
	link bool
}

// writes reports whether the step changes the tree.
func (s Step) writes() bool {
	switch s.Action {
	case Update, Create, Recreate, Delete, Merge, Conflict:
		return true
	}
	return false
}

// BlocksRemoved reports whether the step keeps out guarded blocks the user removed from
// the file (or deleted with it): the plan shows the step, which writes nothing, so that
// the user knows gonew-prod add --recreate brings them back.
func (s Step) BlocksRemoved() bool { return s.blocksRemoved }

// Status sums up a plan.
type Status string

// Statuses of a plan.
const (
	UpToDate  Status = "up-to-date" // the update writes nothing
	Clean     Status = "clean"      // the update writes files, or the record alone, without conflict
	Conflicts Status = "conflict"   // the update leaves conflicts to resolve
)

// Input is what Build merges.
type Input struct {
	// Tree is the project as it is (ours); RecordData is its record file and Record that
	// record parsed.
	Tree       fs.FS
	Record     *generator.Record
	RecordData []byte
	// Base is the recorded version's render, already checked with CheckBase; nil when it
	// is unavailable: files the user did not edit are still updated, and any other file
	// both sides changed is a conflict (go.mod and go.sum still merge by meaning).
	Base *Render
	// Theirs is the target version's render.
	Theirs Render
	// Recreate lists files the user deleted that theirs brings back.
	Recreate []string
	// Resolved lists files the user deleted whose not-applied change, an earlier
	// update's, the user ported by hand: they leave the record's conflicts.
	Resolved []string
	// Prefix is the project's directory from the root of the git work tree that holds
	// it, slash-terminated as git rev-parse --show-prefix prints it ("services/orders/"
	// in a monorepo), "" at the root or outside a work tree: a path of Recreate or
	// Resolved may be given from that root too.
	Prefix string
	// Labels name the three versions in conflict markers.
	Labels merge.Labels
	// Uncommitted returns those of paths, files of Tree, that git would not commit:
	// untracked files it ignores (a .DS_Store). Nil counts every file, as outside a git
	// work tree.
	Uncommitted func(ctx context.Context, paths []string) ([]string, error)
	// Modes gives the mode of a file of Tree as git would commit it (gitview.CommitModes):
	// where git ignores the disk's executable bits (core.fileMode false), the index
	// entry's, which is what the user's file has; the zero Modes takes the disk's.
	Modes gitview.Modes
}

// Plan is the update of one project: a step per path, and the record written with it.
type Plan struct {
	// From is the project's record before the update.
	From  generator.Record
	Steps []Step
	// Record is the project's record after the update: it describes theirs (the render of
	// the target version, not the merged files, so that the next update renders it again as
	// its base) and lists the files left with conflicts.
	Record generator.Record
	// BaseError says why the base was unavailable, nil when it was rendered.
	BaseError error
	// DroppedComments lists the comments of the record whose key or list item the record
	// written with the update no longer has (the file this version drops); every other
	// comment is kept (generator.KeepComments).
	DroppedComments []string
	// Notes say what of the tree, which the update leaves as it is, you may want to change:
	// a makefile that reads gonew-prod.mk twice (readsProdMkTwice), as gonew-prod add notes
	// it; Prepare puts before them what the renderer says of the target version's render
	// (Render.Notes: an overlay template of the pack it does not use, a pack's project not
	// type-checked).
	Notes []string

	recordOld, recordNew []byte
	// recordMode is the record's mode afterwards: the one it has, as any replaced file
	// keeps the mode the user gave it (the record's mode is 0644 in every version).
	recordMode fs.FileMode
	// recordOnly is set when the record changes only in its list of conflicts
	// (ConflictsOnly).
	recordOnly bool
}

// Build plans the update of in.Tree from in.Base to in.Theirs. The first rule that
// matches decides each path:
//
//   - owned by the user (in the record or in theirs): never touched; a user-owned file
//     new in theirs is created when nothing is in its place;
//   - a symbolic link in the tree (the user's replacement of the file): left as it is,
//     never read or written through; when theirs changes or adds the file (or the record
//     lists it in its conflicts), the change is not applied (NotApplied), a conflict;
//   - not a regular file in the tree otherwise (a directory, a file below a linked
//     directory): left as it is when theirs is the recorded file (or dropped it), else
//     the update is refused;
//   - absent from the tree: created when unrecorded (but not applied, NotApplied, when
//     its directory is gone though the record has files there: the user moved it), else the user deleted it and it
//     stays deleted unless listed in Recreate; when theirs changed it from the record
//     (or the record lists it in its conflicts: an earlier update's change), the change
//     is not applied (NotApplied), a conflict;
//   - ours == theirs: kept;
//   - ours == base: theirs replaces it, or it is deleted when theirs dropped it (the base
//     is the recorded render, or, after a module rename, the recorded version rendered
//     with go.mod's module path: the rename alone is neither the user's edit nor a change
//     of this version's, see Step.unedited and Step.theirsChanged);
//   - theirs == base: ours is kept;
//   - theirs dropped a file the user edited: kept;
//   - otherwise both sides changed it: a binary file keeps ours and gets theirs beside it
//     (merge.TheirsSuffix); go.mod and go.sum merge by meaning (merge.GoMod,
//     merge.GoSum); any other file merges line by line (merge.Lines), with an empty base
//     when it was added on both sides, and an ignore file (a .gitignore, a .dockerignore,
//     a Dockerfile's Dockerfile.dockerignore) whose conflicts, written into it, would
//     un-ignore what ours ignores (merge.IgnoreReader.Held) keeps ours and gets theirs
//     beside it too.
//
// Every merged result must keep every change of the user's (merge.Preserves, or
// merge.GoModPreservesEdits and merge.GoSumPreservesEdits); one that does not is demoted to a
// conflict holding all three versions. Guarded blocks in files the tool does not own merge inside their
// markers only (see mergeBlocks). A Makefile that includes a file the update changes is
// read with it as makefileDoubles reads a merged one (see checkIncludes).
func Build(ctx context.Context, in Input) (*Plan, error) {
	gsteps, err := generator.Plan(in.Tree, in.Record, in.Theirs.Files)
	if err != nil {
		return nil, err
	}
	base := map[string]*generator.File{}
	if in.Base != nil {
		for i := range in.Base.Files {
			base[in.Base.Files[i].Path] = &in.Base.Files[i]
		}
	}
	m := merger{in: in, base: base}
	p := &Plan{From: *in.Record}
	for _, gs := range gsteps {
		s, err := m.step(ctx, gs)
		if err != nil {
			return nil, err
		}
		s.Reason += modeNote(s, gs.File) + m.unseenMode(s)
		p.Steps = append(p.Steps, s)
	}
	for _, q := range in.Record.NotApplied {
		if !slices.ContainsFunc(gsteps, func(gs generator.Step) bool { return gs.Path == q }) {
			s, err := m.droppedPending(q)
			if err != nil {
				return nil, err
			}
			p.Steps = append(p.Steps, s)
		}
	}
	blockSteps, blocks, err := m.mergeBlocks(ctx)
	if err != nil {
		return nil, err
	}
	// With the files holding guarded blocks, so that --recreate of one says what does.
	p.Steps = append(p.Steps, blockSteps...)
	p.Notes = m.readsProdMkTwice()
	if err := m.pickFlags(p.Steps); err != nil {
		return nil, err
	}
	if err := m.caseTwins(p.Steps); err != nil {
		return nil, err
	}
	for i := range p.Steps {
		if err := m.theirsCopy(&p.Steps[i]); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(p.Steps, func(a, b Step) int { return strings.Compare(a.Path, b.Path) })
	if err := m.shadows(p.Steps); err != nil {
		return nil, err
	}
	if err := m.checkIncludes(p.Steps); err != nil {
		return nil, err
	}
	if err := p.check(in); err != nil {
		return nil, err
	}
	if err := p.setRecord(in, blocks); err != nil {
		return nil, err
	}
	return p, nil
}

// merger carries what every step of one Build needs.
type merger struct {
	in   Input
	base map[string]*generator.File // by path; empty when the base is unavailable
}

func (m *merger) step(ctx context.Context, gs generator.Step) (Step, error) {
	recorded := m.in.Record.Entry(gs.Path)
	mode := m.in.Modes.Of(gs.Path, gs.OldMode)
	s := Step{Path: gs.Path, Owner: gs.Owner, Ours: gs.Old, OursMode: mode, Mode: mode}
	if b := m.base[gs.Path]; b != nil {
		s.Base = nonNilBytes(b.Content)
	}
	theirs := gs.File
	if theirs != nil {
		s.Theirs = nonNilBytes(theirs.Content)
	}
	userOwned := recorded != nil && recorded.Owner == generator.OwnerUser ||
		theirs != nil && theirs.Owner == generator.OwnerUser
	blocked := gs.Class == generator.Conflict && !gs.Exists()
	switch {
	case userOwned:
		if recorded == nil && !gs.Exists() && !blocked && theirs != nil {
			return m.take(s, Create, "new in this version, owned by you from now on", theirs), nil
		}
		if recorded != nil && theirs == nil && gs.Exists() {
			s.Action, s.Reason = KeepDropped, "owned by you, dropped by this version: never touched, no longer tracked"
			return s, nil
		}
		return keep(s, "owned by you: never touched"), nil
	case blocked && linkedAt(gs.Reason) && theirs != nil && (s.theirsChanged(recorded) || slices.Contains(m.in.Record.Conflicts, gs.Path)):
		// The user replaced the file by a link (a monorepo's shared config): theirs, like
		// a deleted file's, reaches no file, and nothing is written through the link.
		s.link = true
		return m.notApplied(s, recorded, theirs, "a symbolic link of yours is in its place (update never writes through a link)", "to the file it leads to (or where your code is now)"), nil
	case blocked && theirs != nil && len(m.droppedDirAt(gs.Path, gs.Reason)) > 0:
		// This version turns a directory into its file: the files in it, which the user
		// did not edit, are deleted by their own steps, and the writer removes the
		// emptied directory before it writes the file.
		return m.take(s, Create, "new in this version, in place of the directory of files of the version before that you did not edit and this version drops", theirs), nil
	case blocked && theirs != nil && m.droppedFileOnTheWay(gs.Reason):
		// This version turns its file into a directory: the file, which the user did not
		// edit, is deleted by its own step, before this one is written.
		dir, _ := strings.CutSuffix(gs.Reason, " is not a directory")
		return m.take(s, Create, "new in this version, in place of "+dir+", a file of the version before that you did not edit and this version drops", theirs), nil
	case blocked && theirs != nil && s.theirsChanged(recorded):
		// The record will say this version's file is there: refuse rather than record
		// a change that was never written.
		if dir, ok := strings.CutSuffix(gs.Reason, " is not a directory"); ok && m.in.Record.Entry(dir) != nil && !slices.ContainsFunc(m.in.Theirs.Files, func(f generator.File) bool { return f.Path == dir }) {
			return s, inputErrorf("%s: %s, a file of the version before that you edited (or own), is where this version, which drops it, needs a directory; move your edits of it elsewhere, remove it (git rm %s), commit, and run gonew-prod update again", gs.Path, dir, generator.ShellQuote(dir))
		}
		if gs.Reason == "is a directory" {
			return s, inputErrorf("%s", m.dirInTheWay(gs.Path))
		}
		return s, inputErrorf("%s, where this version changes the file; %s", blockedAt(gs.Path, gs.Reason), advice(gs.Reason, gs.Large))
	case blocked:
		return keep(s, gs.Reason+": left as it is (this version does not change it)"), nil
	case !gs.Exists() && recorded == nil:
		dir, left, err := m.movedAway(ctx, gs.Path)
		switch {
		case err != nil:
			return s, err
		case slices.Contains(m.in.Record.NotApplied, gs.Path):
			// A version before dropped the file while an earlier update's change to it
			// was still to port (droppedPending): the user deleted it, and it stays so.
			return m.notApplied(s, recorded, theirs, "you deleted it", "to where your code is now"), nil
		case dir != "":
			// Written there, it would bring back a directory the user moved (git mv
			// cmd/svc cmd/orders), a package of one file that may not build.
			return m.notApplied(s, recorded, theirs, "new in this version, in "+dir+", a directory whose files you moved or deleted ("+left+")", "to where that code is now"), nil
		}
		return m.take(s, Create, "new in this version", theirs), nil
	case !gs.Exists() && theirs != nil && (s.theirsChanged(recorded) || slices.Contains(m.in.Record.Conflicts, gs.Path)):
		return m.notApplied(s, recorded, theirs, "you deleted it", "to where your code is now"), nil
	case !gs.Exists():
		s.Action, s.Reason = KeepDeleted, "you deleted it: it stays deleted; --recreate "+gs.Path+" brings it back"
		return s, nil
	case theirs != nil && !generator.SameText(s.Ours, theirs.Content) && slices.Contains(m.in.Record.NotApplied, gs.Path):
		// Brought back by hand (git checkout), not by --recreate: the file is as it was
		// before the change an earlier update left not applied, which it still lacks.
		return m.notApplied(s, recorded, theirs, "you brought it back (not by --recreate) without the change an earlier update left not applied", "into it"), nil
	case theirs != nil && generator.SameText(s.Ours, theirs.Content):
		if m.mode(s, theirs) != s.OursMode {
			return m.take(s, Update, "this version changed its file mode; the content is already as this version has it", theirs), nil
		}
		return keep(s, "already as this version has it"), nil
	case s.unedited(recorded):
		if theirs == nil && m.modeEdited(s) {
			s.Action, s.Reason = KeepDropped, "dropped by this version, but you changed its mode (git records it as part of the file): kept, no longer tracked"
			return s, nil
		}
		if theirs == nil {
			s.Action, s.Reason = Delete, "dropped by this version; you did not edit it"
			return s, nil
		}
		return m.take(s, Update, "you did not edit it", theirs), nil
	case recorded != nil && theirs != nil && !s.theirsChanged(recorded):
		if mode := m.mode(s, theirs); mode != s.OursMode {
			// Git merges a file's mode apart from its content: this version's mode
			// applies to the content the user edited.
			s.Action, s.Reason = Update, "you edited it, and this version changed only its file mode: your content kept"
			s.Result, s.Mode = s.Ours, mode
			return s, nil
		}
		why := "you edited it"
		if base := path.Base(s.Path); base == "go.mod" || base == "go.sum" {
			// The record holds what the templates rendered, before the go mod tidy new
			// runs for a pack that changes the imports.
			why = "you or go mod tidy changed it since it was rendered"
		}
		return keep(s, why+"; this version did not change it"), nil
	case theirs == nil && slices.Contains(m.in.Record.NotApplied, gs.Path):
		// Brought back by hand without the change an earlier update left not applied,
		// and dropped by this version: kept, and the change is still to port.
		return m.notApplied(s, recorded, theirs, "you brought it back (not by --recreate) without the change an earlier update left not applied", "into it"), nil
	case theirs == nil:
		s.Action, s.Reason = KeepDropped, "dropped by this version, but you edited it: kept, no longer tracked"
		return s, nil
	}
	return m.threeWay(ctx, s, recorded != nil, theirs)
}

// unedited reports whether the tree's file of s is the base's as git would commit it
// (generator.Unedited), rec being its record entry: the recorded render, whose sha256 rec
// holds, or the base's file (Step.Base), which after a module rename is the recorded
// version rendered with go.mod's module path (renamedBase), so that the rename alone is no
// edit of the user's. False when the tree or the record has no such file.
func (s Step) unedited(rec *generator.RecordEntry) bool {
	return s.Ours != nil && rec != nil && (generator.Unedited(s.Ours, rec.SHA256) || s.Base != nil && generator.SameText(s.Ours, s.Base))
}

// theirsChanged reports whether this version's file of s differs from the base's, rec
// being its record entry (nil: the file is new in this version): from the recorded
// render, whose sha256 rec holds, and from the base's file (Step.Base), which after a
// module rename is the recorded version rendered with go.mod's module path (renamedBase),
// as this version is: the module path alone is no change of this version's.
func (s Step) theirsChanged(rec *generator.RecordEntry) bool {
	return rec == nil || generator.Sum(s.Theirs) != rec.SHA256 && (s.Base == nil || !bytes.Equal(s.Theirs, s.Base))
}

// notApplied makes s the NotApplied step of a file theirs changes (or adds, recorded
// nil) or an earlier update changed, which reaches no file as the user deleted it or put
// something of theirs in its place (why); where says where to port the change.
func (m *merger) notApplied(s Step, recorded *generator.RecordEntry, theirs *generator.File, why, where string) Step {
	what := "this version changes it: the change is not applied to any file (update and --dry-run print it)"
	switch earlier := slices.Contains(m.in.Record.Conflicts, s.Path); {
	case theirs == nil:
		what = "this version no longer has the file, but the change an earlier update left not applied to it is still to port (the update that left it printed it): the record keeps the path in its conflicts"
	case recorded == nil && earlier:
		what = "this version adds it again, and the change an earlier update left not applied to it is still to port: the file is not written (update and --dry-run print this version's)"
	case recorded == nil:
		what = "this version adds it: the file is not written (update and --dry-run print it)"
	case earlier && s.theirsChanged(recorded):
		what = "this version changes it, as an earlier update did: neither change is applied to any file (update and --dry-run print this version's; the update that left the earlier one printed it)"
	case earlier:
		what = "an earlier update's change to it is not applied yet (the record lists it in its conflicts; the update that left it printed the change, and --dry-run prints the file as the recorded version has it)"
	}
	s.Action, s.Reason = NotApplied, why+", and "+what+"; port it "+where+", then pass --resolved "+s.Path+" to the next update"
	if !s.link && s.Ours == nil && theirs != nil {
		s.Reason += ", or --recreate " + s.Path + " brings the file back"
	}
	return s
}

// droppedPending returns the step of the path p, which the record lists in not_applied
// (an earlier update's change to it is still to port) and generator.Plan gives no step:
// theirs no longer has the file, and the tree has no file there (the user deleted it,
// or put a link or a directory in its place) or the record no entry (a version before
// dropped it). The change is still to port, and to say so: the step is not applied, so
// the record keeps the path in its conflicts, and every later update shows it again,
// until --resolved drops it (README: not-applied).
func (m *merger) droppedPending(p string) (Step, error) {
	data, mode, blocker, err := generator.Look(m.in.Tree, p)
	if err != nil {
		return Step{}, fmt.Errorf("plan: %w", err)
	}
	s := Step{Path: p, Ours: data, OursMode: mode, Mode: mode}
	if b := m.base[p]; b != nil {
		s.Base = nonNilBytes(b.Content)
	}
	recorded := m.in.Record.Entry(p)
	if recorded != nil {
		s.Owner = recorded.Owner
	}
	switch {
	case linkedAt(blocker):
		s.link = true
		return m.notApplied(s, recorded, nil, "a symbolic link of yours is in its place (update never writes through a link)", "to the file it leads to (or where your code is now)"), nil
	case blocker != "":
		return m.notApplied(s, recorded, nil, blockedAt(p, blocker)+" (left as it is)", "to where your code is now"), nil
	case data != nil:
		return m.notApplied(s, recorded, nil, "you brought it back (not by --recreate) without the change an earlier update left not applied", "into it"), nil
	}
	return m.notApplied(s, recorded, nil, "you deleted it", "to where your code is now"), nil
}

// movedAway returns the directory above the path p, new in theirs, that the tree has no
// more though the record has files in it (and so every directory between it and p), which
// the user therefore moved or deleted, every file, and what is left of it (left); ""
// otherwise. A directory the tree has is one holding a file git would commit: one left on
// the disk holding nothing but empty directories and files git ignores where it tracks
// none (a .DS_Store; git mv of the files leaves the directory) counts as gone.
func (m *merger) movedAway(ctx context.Context, p string) (dir, left string, err error) {
	// The directories above p that the tree lacks, nearest first: the nearest the record
	// has files in is the one moved (cmd/svc for cmd/svc/sub/x.go, new in this version,
	// after git mv cmd/svc cmd/orders).
	for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
		left, err := m.leftOf(ctx, dir)
		if err != nil || left == "" {
			return "", "", err
		}
		if slices.ContainsFunc(m.in.Record.Files, func(e generator.RecordEntry) bool { return strings.HasPrefix(e.Path, dir+"/") }) {
			return dir, left, nil
		}
	}
	return "", "", nil
}

// leftOf says what is left of the directory dir of the tree when it holds no file git
// would commit (Input.Uncommitted): "it is gone", or what is still on the disk; "" when it
// holds such a file, or something other than a directory is at dir. Nothing is removed.
func (m *merger) leftOf(ctx context.Context, dir string) (string, error) {
	info, err := fs.Stat(m.in.Tree, dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "it is gone", nil
	case err != nil:
		return "", fmt.Errorf("plan: read %s: %w", dir, err)
	case !info.IsDir():
		return "", nil
	}
	// A directory that cannot be read through, or holds more than git is asked about
	// at once, is taken to be there: the safe side.
	const asked = 1000
	var files []string
	err = fs.WalkDir(m.in.Tree, dir, func(f string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case !d.IsDir():
			files = append(files, f)
			if m.in.Uncommitted == nil || len(files) > asked {
				return fs.SkipAll // a file keeps the directory, or too many to ask about
			}
		}
		return nil
	})
	if err != nil || len(files) > asked {
		return "", nil
	}
	if len(files) == 0 {
		return "left on the disk empty, which git does not see", nil
	}
	if m.in.Uncommitted == nil {
		return "", nil
	}
	unseen, err := m.in.Uncommitted(ctx, files)
	if err != nil {
		return "", err
	}
	for _, f := range files {
		if !slices.Contains(unseen, f) {
			return "", nil
		}
	}
	const most = 3
	list := strings.Join(files[:min(len(files), most)], ", ")
	if len(files) > most {
		list += fmt.Sprintf(" and %d more", len(files)-most)
	}
	return "left on the disk holding only files git ignores: " + list, nil
}

// linkedAt reports whether blocker, what generator.Look found in the way, is a symbolic
// link at the path itself: the user's replacement of the file (a config shared across a
// monorepo's services), which update leaves as it is and never reads or writes through.
// A link on the way to the path (a directory's) is not.
func linkedAt(blocker string) bool { return blocker == "is a symbolic link" }

// nonNilBytes returns data, or an empty slice for nil: an empty file is still a file.
func nonNilBytes(data []byte) []byte {
	if data == nil {
		return []byte{}
	}
	return data
}

func keep(s Step, reason string) Step {
	s.Action, s.Reason, s.Result = Keep, reason, nil
	return s
}

// take makes s write theirs' file, with the line endings of the tree's (see
// generator.InEndingsOf).
func (m *merger) take(s Step, a Action, reason string, theirs *generator.File) Step {
	s.Action, s.Reason = a, reason
	s.Result, s.Mode = generator.InEndingsOf(s.Ours, theirs.Content), m.mode(s, theirs)
	return s
}

// mode returns the mode a file of the tree has after the update: theirs' for a new file,
// else ours merged with theirs from the base's (generator.MergeMode), or ours as it is
// when there is no base file to compare with.
func (m *merger) mode(s Step, theirs *generator.File) fs.FileMode {
	switch b := m.base[s.Path]; {
	case s.Ours == nil:
		return theirs.Mode
	case b == nil:
		return s.OursMode
	default:
		return generator.MergeMode(s.OursMode, b.Mode, theirs.Mode)
	}
}

// modeNote says, for the plan, how the step changes the mode of the tree's file, or that
// it keeps a mode of the user's that differs from this version's as git records it
// (generator.SameMode); "" when neither. A mode change is a change of the file: never
// silent.
func modeNote(s Step, theirs *generator.File) string {
	switch {
	case s.Ours == nil || theirs == nil || s.Owner == generator.OwnerUser || s.TheirsCopy != "" || s.link:
		return ""
	case (s.Action == Update || s.Action == Merge || s.Action == Conflict) && s.Mode != s.OursMode:
		return modeChange(s)
	case (s.writes() || s.Action == Keep) && !generator.SameMode(s.OursMode, theirs.Mode):
		return fmt.Sprintf("; your file mode %04o kept (this version's is %04o)", s.OursMode, theirs.Mode)
	}
	return ""
}

// unseenMode says, where git ignores the disk's executable bits (core.fileMode false),
// that git will not see the executable bit the step gives the file (a change of the
// file's, or a new executable file, which git add takes as 100644 there), and how to
// record it; "" otherwise.
func (m *merger) unseenMode(s Step) string {
	if !m.in.Modes.Ignored() || !s.writes() || s.Action == Delete || s.TheirsCopy != "" || s.Owner == generator.OwnerUser {
		return ""
	}
	var was fs.FileMode // as git add takes a new file there
	if s.Ours != nil {
		was = s.OursMode
	}
	if generator.SameMode(s.Mode, was) {
		return ""
	}
	chmod := "-x"
	if s.Mode&0o100 != 0 {
		chmod = "+x"
	}
	return fmt.Sprintf("; git ignores file modes here (core.fileMode false): git add --chmod=%s %s records it", chmod, generator.ShellQuote(s.Path))
}

// modeChange says, for the plan, that the step changes the mode of the tree's file; ""
// when it does not.
func modeChange(s Step) string {
	if s.Ours == nil || s.Mode == s.OursMode {
		return ""
	}
	return fmt.Sprintf("; file mode %04o becomes %04o", s.OursMode, s.Mode)
}

// droppedUnedited reports whether the tree's regular file at p is one the record lists
// (not the user's), unedited in content and mode, that this version drops: what the
// step of p deletes.
func (m *merger) droppedUnedited(p string) bool {
	rec := m.in.Record.Entry(p)
	if rec == nil || rec.Owner == generator.OwnerUser || slices.ContainsFunc(m.in.Theirs.Files, func(f generator.File) bool { return f.Path == p }) {
		return false
	}
	data, mode, err := look(m.in.Tree, p)
	if err != nil || data == nil {
		return false
	}
	s := Step{Path: p, Ours: data, OursMode: m.in.Modes.Of(p, mode)}
	if b := m.base[p]; b != nil {
		s.Base = nonNilBytes(b.Content)
	}
	return s.unedited(rec) && !m.modeEdited(s)
}

// droppedFileOnTheWay reports whether blocker, what generator.Look found on the way to a
// path, is a file this version drops that the user did not edit (droppedUnedited): this
// version turns it into a directory.
func (m *merger) droppedFileOnTheWay(blocker string) bool {
	p, ok := strings.CutSuffix(blocker, " is not a directory")
	return ok && m.droppedUnedited(p)
}

// droppedDirAt returns the files in the directory at p (blocker "is a directory") when
// each is one this version drops that the user did not edit (droppedUnedited), and
// nothing else is there; nil otherwise.
func (m *merger) droppedDirAt(p, blocker string) []string {
	if blocker != "is a directory" {
		return nil
	}
	var files []string
	err := fs.WalkDir(m.in.Tree, p, func(f string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir():
			return nil
		case !d.Type().IsRegular() || !m.droppedUnedited(f):
			return fs.SkipAll
		}
		files = append(files, f)
		return nil
	})
	if err != nil || len(files) == 0 {
		return nil
	}
	// SkipAll stops the walk without an error: count what is there to tell.
	n := 0
	_ = fs.WalkDir(m.in.Tree, p, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	if n != len(files) {
		return nil
	}
	return files
}

// dirInTheWay is the refusal of the directory at p where this version has a file,
// naming what in it is not a file of the version before that the user did not edit and
// this version drops (droppedUnedited): the files update does not delete for the user.
func (m *merger) dirInTheWay(p string) string {
	const most = 5
	var kept []string
	n := 0
	_ = fs.WalkDir(m.in.Tree, p, func(f string, d fs.DirEntry, err error) error {
		var what string
		switch {
		case err != nil:
			what = "unreadable"
		case d.IsDir():
			return nil
		case !d.Type().IsRegular():
			what = "not a regular file"
		case m.droppedUnedited(f):
			return nil
		case m.in.Record.Entry(f) == nil:
			what = "a file of yours"
		case m.in.Record.Entry(f).Owner == generator.OwnerUser:
			what = "owned by you"
		default:
			what = "a file of the version before that you edited"
		}
		if n++; n <= most {
			kept = append(kept, f+" ("+what+")")
		}
		return nil
	})
	if n == 0 {
		return fmt.Sprintf("%s is a directory, where this version has a file, and holds no file: remove it (rm -r %s) and run gonew-prod update again", p, generator.ShellQuote(p))
	}
	list, it := strings.Join(kept, ", "), "it"
	if n > most {
		list += fmt.Sprintf(" and %d more", n-most)
	}
	if n > 1 {
		it = "them"
	}
	return fmt.Sprintf("%s is a directory, where this version has a file, and it holds %s, which update does not delete: move %s out of %s/ (git rm what git tracks, and commit), then run gonew-prod update again", p, list, it, p)
}

// modeEdited reports whether the user changed the mode of the tree's file s from the
// base's (chmod +x, committed): an edit, as git records the mode with the file. Without
// a base file to compare with it reports false, as the record holds no mode.
func (m *merger) modeEdited(s Step) bool {
	b := m.base[s.Path]
	return b != nil && s.Ours != nil && !generator.SameMode(s.OursMode, b.Mode)
}

// threeWay merges a file both sides changed. inBase is false for a file added on both
// sides, which merges with an empty base.
func (m *merger) threeWay(ctx context.Context, s Step, inBase bool, theirs *generator.File) (Step, error) {
	labels := m.in.Labels
	haveBase := !inBase || m.in.Base != nil
	s.Mode = m.mode(s, theirs)
	if merge.IsBinary(s.Ours) || merge.IsBinary(theirs.Content) || merge.IsBinary(s.Base) {
		s.Action, s.Conflicts, s.TheirsCopy = Conflict, 1, s.Path+merge.TheirsSuffix
		s.Reason = "binary, changed on both sides: yours kept, this version's written to " + s.TheirsCopy
		return s, nil
	}
	for _, v := range []struct {
		whose string
		data  []byte
	}{{"yours", s.Ours}, {"the base", s.Base}, {"this version's", theirs.Content}} {
		// A merge of such a file could be neither checked nor told from a resolved one.
		if n := merge.ConflictMarkerLine(v.data); n > 0 {
			return s, inputErrorf("%s, changed on both sides: line %d of %s holds a conflict marker (<<<<<<< or >>>>>>> at the start of a line), so update cannot merge it; if a merge left it there, resolve it first; if the file needs it, bring the file back to what gonew-prod wrote (git diff shows your edit), run update, and make your edit again (or delete the file: the change is then not applied, and --dry-run prints it)",
				s.Path, n, v.whose)
		}
	}
	_, lfOK := generator.Committed(s.Ours)
	s.crlf = lfOK && generator.CRLF(s.Ours) && !bytes.Contains(s.Base, []byte("\r")) && !bytes.Contains(theirs.Content, []byte("\r"))
	ours := s.text(s.Ours)
	var (
		res  merge.Result
		how  string
		mErr error
	)
	mergeFile, preserves, meaningful := byMeaning(s.Path)
	switch {
	case meaningful:
		// Without the base, against an empty one: which keeps every line of both sides'
		// and raises versions only.
		res, mErr = mergeFile(s.Base, ours, theirs.Content, labels)
		how = path.Base(s.Path) + " merged by meaning"
		if mErr != nil {
			res, mErr = merge.Lines(ctx, s.Base, ours, theirs.Content, labels)
			how, s.byLines = path.Base(s.Path)+" does not parse: merged by lines", true
		}
	case !haveBase:
		res = merge.Whole(nil, ours, theirs.Content, labels)
		how, s.byLines = "the base is unavailable: both versions kept in one conflict block", true
	default:
		res, mErr = merge.Lines(ctx, s.Base, ours, theirs.Content, labels)
		how, s.byLines = "merged by lines", true
		if !inBase {
			how = "added on both sides: merged by lines with an empty base"
		}
		if adds, _ := m.lineMeaning(s.Path); adds != nil && mErr == nil {
			if joined := merge.Union(res, labels, adds); joined.Conflicts < res.Conflicts {
				res = joined
				how += ", and what both sides added at one place kept, yours first (merged by meaning)"
			}
		}
	}
	if mErr != nil {
		return s, fmt.Errorf("merge %s: %w", s.Path, mErr)
	}
	if err := s.preserved(res.Merged, preserves); err != nil {
		res = merge.Whole(s.Base, ours, theirs.Content, labels)
		how, s.byLines = fmt.Sprintf("the merge would lose an edit of yours (%v): all three versions kept in one conflict block", err), true
	} else if _, check := m.lineMeaning(s.Path); check != nil && s.byLines && res.Clean() {
		if err := check(ours, theirs.Content, res.Merged); err != nil {
			res = merge.Whole(s.Base, ours, theirs.Content, labels)
			how = fmt.Sprintf("the merge by lines %v: all three versions kept in one conflict block", err)
		}
	}
	if reader, ok := ignoreReader(path.Base(s.Path)); ok && !res.Clean() {
		if err := reader.Held(ours, res.Merged); err != nil {
			// Until the user resolves it, the file must ignore what theirs does.
			s.Action, s.Conflicts, s.TheirsCopy = Conflict, 1, s.Path+merge.TheirsSuffix
			s.Reason = fmt.Sprintf("changed on both sides: %s; written so, %v until you resolve it (git and docker read every line of a conflict block as a pattern): yours kept as it is instead, this version's written to %s",
				how, err, s.TheirsCopy)
			return s, nil
		}
	}
	s.Result = res.Merged
	if s.crlf {
		s.Result = generator.InEndingsOf(s.Ours, res.Merged)
	}
	s.Conflicts = res.Conflicts
	if res.Clean() {
		s.Action, s.Reason = Merge, "changed on both sides: "+how
	} else {
		s.Action, s.Reason = Conflict, fmt.Sprintf("changed on both sides: %s, %d conflict(s) to resolve", how, res.Conflicts)
	}
	if len(res.Notes) > 0 {
		s.Reason += ": " + strings.Join(res.Notes, "; ")
	}
	return s, nil
}

// byMeaning returns the merge of files merged by meaning rather than by lines (go.mod and
// go.sum) and its no-line-lost check of the user's edits from base, or ok false for any
// other file.
func byMeaning(p string) (mergeFile func(base, ours, theirs []byte, labels merge.Labels) (merge.Result, error), preserves func(base, ours, result []byte) error, ok bool) {
	switch path.Base(p) {
	case "go.mod":
		return merge.GoMod, merge.GoModPreservesEdits, true
	case "go.sum":
		return merge.GoSum, merge.GoSumPreservesEdits, true
	}
	return nil, nil, false
}

// lineMeaning returns, for the files merged by meaning line by line (Makefiles, ignore
// files), how the lines both sides added at one place of the file p join (adds), and the
// check of a clean merge by lines where the order of the lines carries meaning the lines
// alone do not (order: in a Makefile the last recipe and value win, and a line means what
// the conditionals around it let it mean, in an ignore file the last matching pattern
// wins, and in a .gitignore an excluded directory hides what is in it);
// both nil for any other file. A Makefile's check reads the files it includes from the
// tree for ours, and as this version writes them (the tree's when it has none) for
// theirs and the merge.
func (m *merger) lineMeaning(p string) (adds merge.Adds, order func(ours, theirs, merged []byte) error) {
	name := path.Base(p)
	if isMakefile(name) {
		return makefileAdds, func(o, t, merged []byte) error {
			if err := makeEnclosures(o, t, merged); err != nil {
				return err
			}
			return makefileDoubles(p, makeFiles{ours: m.treeFile, theirs: m.theirsOrTree, tree: m.in.Tree}, o, t, merged)
		}
	}
	if reader, ok := ignoreReader(name); ok {
		return merge.IgnoreAdds, reader.Order
	}
	return nil, nil
}

// treeFile returns the content of the regular file q of the tree; fs.ErrNotExist when
// there is none (or something else is there).
func (m *merger) treeFile(q string) ([]byte, error) {
	data, _, err := look(m.in.Tree, q)
	if err == nil && data == nil {
		err = fs.ErrNotExist
	}
	return data, err
}

// theirsFile returns the content of q as this version writes it; nil when it writes none.
func (m *merger) theirsFile(q string) []byte {
	if i := slices.IndexFunc(m.in.Theirs.Files, func(f generator.File) bool { return f.Path == q }); i >= 0 {
		return m.in.Theirs.Files[i].Content
	}
	return nil
}

// theirsOrTree returns the content of q as this version writes it, else as the tree has it.
func (m *merger) theirsOrTree(q string) ([]byte, error) {
	if data := m.theirsFile(q); data != nil {
		return data, nil
	}
	return m.treeFile(q)
}

// ignoreReader returns the tool that reads ignore patterns from a file named name, every
// line of which, a conflict's too, is a pattern: git a .gitignore, Docker a .dockerignore
// and the one a Dockerfile has of its own beside it, named after it
// (Dockerfile.dockerignore, api.Dockerfile.dockerignore), which it reads in its place.
func ignoreReader(name string) (merge.IgnoreReader, bool) {
	switch {
	case name == ".gitignore":
		return merge.Git, true
	case strings.HasSuffix(name, ".dockerignore"):
		return merge.Docker, true
	}
	return 0, false
}

// isMakefile reports whether a file named name is a Makefile.
func isMakefile(name string) bool {
	return generator.IsMakefileName(name) || strings.HasSuffix(name, ".mk")
}

// preserved checks that result keeps every change the user made: by lines when the step
// merged by lines, else by meaning with preserves.
func (s Step) preserved(result []byte, preserves func(base, ours, result []byte) error) error {
	ours, result := s.text(s.Ours), s.text(result)
	if s.byLines || preserves == nil {
		return merge.Preserves(s.Base, ours, result)
	}
	return preserves(s.Base, ours, result)
}

// text returns data, ours or a result, as the step merges it: with LF line endings when
// the tree's file has CRLF ones (crlf), else as it is.
func (s Step) text(data []byte) []byte {
	if lf, ok := generator.Committed(data); s.crlf && ok {
		return lf
	}
	return data
}

// pickFlags applies --recreate and --resolved (Input.Recreate, Input.Resolved) to the
// steps: the step of each file the user deleted and asks back becomes a Recreate step
// (recreateStep), and the not-applied step of each file whose change the user ported
// becomes a kept one (resolveStep). A path given to both is refused, and so is one
// that is no such step, listing the paths the flag takes as the plan has them before
// either flag changes a step.
func (m *merger) pickFlags(steps []Step) error {
	recreate, err := m.stepPaths(steps, "--recreate", m.in.Recreate)
	if err != nil {
		return err
	}
	resolved, err := m.stepPaths(steps, "--resolved", m.in.Resolved)
	if err != nil {
		return err
	}
	for _, p := range recreate {
		if slices.Contains(resolved, p) {
			return inputErrorf("--recreate %s and --resolved %[1]s contradict each other: --recreate brings the file back as this version has it, --resolved says you ported the change an earlier update left not applied to where your code is now and leaves the path as it is; pass one of them", p)
		}
	}
	recreating, err := pickSteps(steps, recreate, recreatable, func(p string, s *Step, list string) error {
		switch {
		case s != nil && s.link:
			return inputErrorf("--recreate %s: a symbolic link of yours is in its place, which update never writes through: remove the link first, or port the change to the file it leads to and pass --resolved %[1]s", p)
		case s != nil && s.Action == NotApplied && s.Theirs == nil:
			return inputErrorf("--recreate %s: the version you update to no longer has the file, so there is nothing to bring back; port the change an earlier update left not applied to where your code is now (if it still needs it) and pass --resolved %[1]s", p)
		}
		if s != nil && s.blocksRemoved {
			return inputErrorf("--recreate %s: update does not insert the guarded blocks you removed from it (or deleted with it), gonew-prod add does: run gonew-prod add --recreate %s", p, m.in.Prefix+s.Path)
		}
		return inputErrorf("--recreate %s: not a file you deleted that this version still has (those are: %s)", p, list)
	})
	if err != nil {
		return err
	}
	resolving, err := pickSteps(steps, resolved, m.resolvable, func(p string, s *Step, list string) error {
		if s != nil && s.Action == NotApplied {
			return inputErrorf("--resolved %s: the version you update to changes the file too, and that change is not ported yet; run update without --resolved %[1]s (--dry-run shows the change), port it, and pass --resolved %[1]s to the next update", p)
		}
		return inputErrorf("--resolved %s: not a file you deleted whose change an earlier update left not applied (those are: %s)", p, list)
	})
	if err != nil {
		return err
	}
	for _, i := range recreating {
		m.recreateStep(&steps[i])
	}
	for _, i := range resolving {
		resolveStep(&steps[i])
	}
	return nil
}

// stepPaths returns the paths of the steps that paths, given to flag, name. A path is
// from the project's directory or, in a project inside a larger git work tree (a
// monorepo's services/orders), from the work tree's root (Input.Prefix): services/orders/Dockerfile
// names the project's Dockerfile. A path that names a step both ways is refused; one
// that names none is returned as it is, for pickSteps to refuse.
func (m *merger) stepPaths(steps []Step, flag string, paths []string) ([]string, error) {
	has := func(q string) bool { return slices.ContainsFunc(steps, func(s Step) bool { return s.Path == q }) }
	var out []string
	for _, p := range paths {
		rel, fromRoot := strings.CutPrefix(p, m.in.Prefix)
		switch {
		case m.in.Prefix == "" || !fromRoot || !has(rel):
			out = append(out, p)
		case has(p):
			return nil, inputErrorf("%s %s names two files: %[2]s from the project's directory (--dir), and %s from the repository's root, where the project is %s; pass %[3]s for the one, %[4]s%[2]s for the other", flag, p, rel, m.in.Prefix)
		default:
			out = append(out, rel)
		}
	}
	return out, nil
}

// recreateStep turns the step of a file the user deleted into its Recreate step.
func (m *merger) recreateStep(s *Step) {
	s.Action, s.Reason = Recreate, "you deleted it; brought back by --recreate"
	s.Result = s.Theirs
	s.Mode = m.in.Theirs.fileMode(s.Path)
}

// resolveStep turns the not-applied step of a file whose change the user ported
// (--resolved) into a step that keeps the path as it is (KeepDeleted for a file the
// user deleted), so that the record no longer lists it in its conflicts.
func resolveStep(s *Step) {
	dropped := ""
	if s.Theirs == nil {
		dropped = "; this version no longer has the file"
	}
	switch {
	case s.link:
		s.Action, s.Reason = Keep, "a symbolic link of yours is in its place, and you ported the change an earlier update left not applied (--resolved): left as it is, and leaves the record's conflicts"+dropped
	case s.Ours != nil:
		s.Action, s.Reason = Keep, "you brought it back and ported the change an earlier update left not applied (--resolved): left as it is, and leaves the record's conflicts"+dropped
	default:
		s.Action, s.Reason = KeepDeleted, "you deleted it and ported the change an earlier update left not applied (--resolved): it stays deleted and leaves the record's conflicts"+dropped
	}
}

// resolvable reports whether --resolved takes the step s: a not-applied step of an
// earlier update's change alone (onlyEarlier).
func (m *merger) resolvable(s Step) bool { return s.Action == NotApplied && m.onlyEarlier(s) }

// pickSteps returns the indexes in steps of the steps of paths, each of which must have a
// step that eligible accepts. For a path that has none, it returns refuse's error: s is
// the path's step or nil, and list names the eligible paths ("none" if there are none).
func pickSteps(steps []Step, paths []string, eligible func(Step) bool, refuse func(p string, s *Step, list string) error) ([]int, error) {
	var names []string
	for _, s := range steps {
		if eligible(s) {
			names = append(names, s.Path)
		}
	}
	list := "none"
	if len(names) > 0 {
		list = strings.Join(names, ", ")
	}
	var picked []int
	for _, p := range paths {
		i := slices.IndexFunc(steps, func(s Step) bool { return s.Path == p })
		if i < 0 {
			return nil, refuse(p, nil, list)
		}
		if !eligible(steps[i]) {
			return nil, refuse(p, &steps[i], list)
		}
		picked = append(picked, i)
	}
	return picked, nil
}

// onlyEarlier reports whether the not-applied step s holds an earlier update's change
// alone: this version's file is the base's (Step.theirsChanged).
func (m *merger) onlyEarlier(s Step) bool {
	if s.Theirs == nil {
		return true // this version drops the file: no change of its own to port
	}
	recorded := m.in.Record.Entry(s.Path)
	return recorded != nil && !s.theirsChanged(recorded)
}

// recreatable reports whether --recreate can bring back the file of s: one the user
// deleted that this version still has.
func recreatable(s Step) bool {
	return !s.link && s.Ours == nil && s.Theirs != nil && (s.Action == KeepDeleted || s.Action == NotApplied)
}

// caseTwins refuses a file the plan creates (or recreates) at a path that differs only
// in letter case from a file or directory the tree holds (the user's changelog.md where
// this version adds CHANGELOG.md): on a case-insensitive file system (macOS, Windows)
// both are one file, so a checkout there would hold one content for two paths. A file
// the plan deletes, or a directory all of whose files it deletes (this version renaming
// it in letter case: Docs/guide.md to docs/guide.md), is no twin.
func (m *merger) caseTwins(steps []Step) error {
	deleted := map[string]bool{}
	for _, s := range steps {
		if s.Action == Delete {
			deleted[s.Path] = true
		}
	}
	for _, s := range steps {
		if s.Action != Create && s.Action != Recreate {
			continue
		}
		twin, err := generator.CaseTwin(m.in.Tree, s.Path)
		if err != nil {
			return err
		}
		if twin == "" {
			continue
		}
		gone, err := allDeleted(m.in.Tree, twin, deleted)
		if err != nil {
			return err
		}
		if gone {
			continue
		}
		return inputErrorf("%s, which the update creates, differs only in letter case from %s in the project: on a case-insensitive file system (macOS, Windows) they are one file; rename yours (git mv %s NEWNAME, and what refers to it) and run update again",
			s.Path, twin, generator.ShellQuote(twin))
	}
	return nil
}

// allDeleted reports whether deleted holds twin, a file of tree, or every file under
// twin, a directory of tree: what the plan leaves of it is at most empty directories.
func allDeleted(tree fs.FS, twin string, deleted map[string]bool) (bool, error) {
	if deleted[twin] {
		return true, nil
	}
	all := true
	err := fs.WalkDir(tree, twin, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir():
			return nil
		case !deleted[p]:
			all = false
			return fs.SkipAll
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("plan: read %s: %w", twin, err)
	}
	return all, nil
}

// theirsCopy reads what the tree holds where a binary conflict writes theirs.
func (m *merger) theirsCopy(s *Step) error {
	if s.TheirsCopy == "" {
		return nil
	}
	data, _, err := look(m.in.Tree, s.TheirsCopy)
	if err != nil {
		return err
	}
	if data != nil && !bytes.Equal(data, s.Theirs) {
		// Not an earlier update's copy (that would be a pending conflict): a file of the
		// user's, which the copy must not replace.
		return inputErrorf("nothing written: %s is in the way of the new version of %s, which a conflict writes there; move it away and run update again", s.TheirsCopy, s.Path)
	}
	s.copyOld = data
	return nil
}

func (r Render) fileMode(p string) fs.FileMode {
	for _, f := range r.Files {
		if f.Path == p {
			return f.Mode
		}
	}
	return 0o644
}

// check proves, before anything is written, what the update promises: nothing is
// deleted or replaced unless it is the base (the record's checksum, or the base rendered
// with go.mod's module path after a rename: Step.unedited), nothing is created over a
// file, and every merged file keeps every change of the user's.
func (p *Plan) check(in Input) error {
	for _, s := range p.Steps {
		rec := in.Record.Entry(s.Path)
		sameAsBase := s.unedited(rec)
		var err error
		switch {
		case s.blocks:
			err = checkBlocks(s, in.Record)
		case s.Action == Delete && !sameAsBase:
			err = fmt.Errorf("would delete a file that differs from the base")
		case s.Action == Update && !sameAsBase && !bytes.Equal(s.Ours, s.Result):
			err = fmt.Errorf("would replace a file that differs from the base")
		case (s.Action == Create || s.Action == Recreate) && s.Ours != nil:
			err = fmt.Errorf("would create a file over an existing one")
		case s.Action == Merge || (s.Action == Conflict && s.TheirsCopy == ""):
			_, preserves, _ := byMeaning(s.Path)
			err = s.preserved(s.Result, preserves)
		}
		if err != nil {
			return fmt.Errorf("update %s: refusing to write: %w", s.Path, err)
		}
	}
	return nil
}

// setRecord makes the record written after the update.
func (p *Plan) setRecord(in Input, blocks []generator.RecordBlock) error {
	rec := in.Theirs.Record
	rec.Blocks = blocks
	rec.Conflicts, rec.NotApplied = nil, nil
	for _, s := range p.Steps {
		if s.Action == Conflict || s.Action == NotApplied {
			rec.Conflicts = append(rec.Conflicts, s.Path)
		}
		if s.Action == NotApplied {
			rec.NotApplied = append(rec.NotApplied, s.Path)
		}
	}
	p.Record = rec
	f, err := rec.Encode()
	if err != nil {
		return err
	}
	// A record git checked out with CRLF line endings keeps them, and the comments a team
	// added to it.
	content, dropped := generator.KeepComments(in.RecordData, f.Content)
	p.recordOld, p.recordNew, p.DroppedComments = in.RecordData, generator.InEndingsOf(in.RecordData, content), dropped
	p.recordMode = f.Mode
	if data, mode, err := look(in.Tree, generator.RecordFile); err != nil {
		return err
	} else if data != nil {
		p.recordMode = mode
	}
	if bytes.Equal(p.recordOld, p.recordNew) {
		return nil
	}
	// A record that differs only in its conflicts (resolved since, or --resolved).
	old := *in.Record
	old.Conflicts, old.NotApplied = rec.Conflicts, rec.NotApplied
	if of, err := old.Encode(); err == nil && bytes.Equal(generator.InEndingsOf(in.RecordData, keptComments(in.RecordData, of.Content)), p.recordNew) {
		p.recordOnly = true
	}
	return nil
}

// keptComments is generator.KeepComments without the comments it drops.
func keptComments(old, content []byte) []byte {
	kept, _ := generator.KeepComments(old, content)
	return kept
}

// Status sums up the plan.
func (p *Plan) Status() Status {
	changed := false
	for _, s := range p.Steps {
		if s.Action == Conflict || s.Action == NotApplied {
			return Conflicts
		}
		changed = changed || s.writes()
	}
	// A record that differs only in its conflicts (resolved since, or --resolved) is
	// written too: up to date is an update that writes nothing.
	if changed || p.RecordChanged() {
		return Clean
	}
	return UpToDate
}

// RecordChanged reports whether the update rewrites the project's record.
func (p *Plan) RecordChanged() bool { return !bytes.Equal(p.recordOld, p.recordNew) }

// ConflictsOnly reports whether the update writes the project's record alone, and
// changes no more in it than its list of conflicts: it drops conflicts resolved since,
// or those --resolved names.
func (p *Plan) ConflictsOnly() bool {
	return p.recordOnly && !slices.ContainsFunc(p.Steps, Step.writes)
}

// ConflictPaths lists the paths the update leaves with conflicts: the files with
// conflicts written into them (or theirs beside them) and the NotApplied ones.
func (p *Plan) ConflictPaths() []string { return slices.Clone(p.Record.Conflicts) }

// NotApplied lists the paths whose change the update does not apply, as the user
// deleted the file (NotApplied steps).
func (p *Plan) NotApplied() []string {
	var paths []string
	for _, s := range p.Steps {
		if s.Action == NotApplied {
			paths = append(paths, s.Path)
		}
	}
	return paths
}

// After returns the files of the plan's paths as the tree holds them after the plan
// is written (the merged result where a step writes one, the tree's file where it
// keeps it), by path: what the project is once the plan is applied, for checks of the
// merged files. A path the tree lacks afterwards is left out. With tree, the tree the
// plan was built from (nil for none), the files make reads there that the plan has no
// step for are among them too, as the tree holds them (treeMakefiles): a check of the
// project's makefile sees what make reads, a GNUmakefile of the user's that includes
// the Makefile, say.
func (p *Plan) After(tree fs.FS) []generator.File { return p.files(tree, true) }

// Before returns the files of the plan's paths as the tree holds them now, by path (a
// path the tree lacks is left out), with tree's makefiles as After has them: what
// After is checked against, so that a check refuses what the plan brings, not what
// the tree had already.
func (p *Plan) Before(tree fs.FS) []generator.File { return p.files(tree, false) }

func (p *Plan) files(tree fs.FS, after bool) []generator.File {
	var files []generator.File
	stepped, held := map[string]bool{}, map[string][]byte{}
	for _, s := range p.Steps {
		stepped[s.Path] = true
		content, mode := s.Ours, s.OursMode
		if after && s.writes() {
			content, mode = s.Result, s.Mode
			if s.Action == Delete {
				content = nil
			}
		}
		if content == nil || s.link {
			continue
		}
		held[s.Path] = content
		files = append(files, generator.File{Path: s.Path, Mode: mode, Owner: s.Owner, Content: content})
	}
	if tree != nil {
		files = append(files, treeMakefiles(tree, stepped, held)...)
	}
	slices.SortFunc(files, func(a, b generator.File) int { return strings.Compare(a.Path, b.Path) })
	return files
}

// Changes returns the changes the plan makes to the tree, the record last: what
// generator.Write applies.
func (p *Plan) Changes() []generator.Change {
	var changes []generator.Change
	for _, s := range p.Steps {
		switch {
		case !s.writes():
		case s.Action == Delete:
			changes = append(changes, generator.Change{Path: s.Path, Delete: true, Old: s.Ours})
		case s.TheirsCopy != "":
			changes = append(changes, generator.Change{Path: s.TheirsCopy, Content: s.Theirs, Mode: s.Mode, Old: s.copyOld})
		default:
			changes = append(changes, generator.Change{Path: s.Path, Content: s.Result, Mode: s.Mode, Old: s.Ours})
		}
	}
	if p.RecordChanged() {
		changes = append(changes, generator.Change{Path: generator.RecordFile, Content: p.recordNew, Mode: p.recordMode, Old: p.recordOld})
	}
	return changes
}

// look reads the regular file at rel in tree and its mode with generator.Look; nil when
// nothing is there. What generator.Look reports in the way (a symbolic link at rel or on
// the way to it, a directory, …) is an error naming it: update reads only regular files
// of the project, never through a link.
func look(tree fs.FS, rel string) ([]byte, fs.FileMode, error) {
	data, mode, blocker, err := generator.Look(tree, rel)
	switch {
	case err != nil:
		return nil, 0, err
	case blocker == "":
		return data, mode, nil
	}
	return nil, 0, inputErrorf("%s; %s", blockedAt(rel, blocker), advice(blocker, generator.LargeAt(tree, rel)))
}

// onlyRegular ends the refusal of a path that is not a regular file.
const onlyRegular = "update reads and writes only regular files of the project, never through a link: make it one (or move it away) and run gonew-prod again"

// advice ends the refusal of what generator.Look found in the way: a file where the
// path needs a directory is to be moved away; a regular file larger than
// generator.MaxTreeFile (its size, as the plan's Step.Large gives it) is named with its
// size, to be moved out of the project; anything else is to be made a regular file
// (onlyRegular).
func advice(blocker string, size int64) string {
	switch {
	case strings.HasSuffix(blocker, " is not a directory"):
		return "update needs a directory there: move the file away (or rename it) and run gonew-prod again"
	case size > generator.MaxTreeFile:
		return generator.TooLarge("update", size, "to compare it with the versions and merge") + " and run gonew-prod update again"
	}
	return onlyRegular
}

// blockedAt says what is in the way at rel, from generator.Look's blocker.
func blockedAt(rel, blocker string) string {
	if strings.HasPrefix(blocker, "is ") {
		return rel + " " + blocker
	}
	return rel + ": " + blocker
}

// ReadRecord reads the record file at the root of tree; nil when there is none. The
// record sits at the root, so the one Lstat sees any link on the way, and it is read as
// every file of the tree (generator.ReadRegular: never waiting on a named pipe put there
// since) within generator.MaxRecordSize: a record that is no regular file, or larger, is
// an InputError.
func ReadRecord(tree fs.FS) ([]byte, error) {
	notRegular := func() error {
		return inputErrorf("%s is not a regular file; make it one (or move it away) and run gonew-prod again", generator.RecordFile)
	}
	info, err := fs.Lstat(tree, generator.RecordFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", generator.RecordFile, err)
	case !info.Mode().IsRegular():
		return nil, notRegular()
	}
	data, err := generator.ReadRegular(tree, generator.RecordFile, generator.MaxRecordSize)
	switch {
	case errors.Is(err, generator.ErrNotRegular):
		return nil, notRegular()
	case errors.Is(err, generator.ErrTooLarge):
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			err = pe.Err // named below
		}
		return nil, inputErrorf("read %s: %w: a record is a few kB", generator.RecordFile, err)
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", generator.RecordFile, err)
	}
	return data, nil
}
