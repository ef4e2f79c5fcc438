// Package update brings a generated project to another gonew-prod or preset version
// without losing the user's edits. It renders two versions of the project from its
// record (.gonew-prod.yaml) — the base, as the recorded version made it, and theirs, as
// the target version makes it — and merges them three ways with the tree as it is
// (ours), file by file and by the files' owners. The result is one plan whose changes
// generator.Write applies all-or-nothing, after an optional gate (build, vet and race
// tests in a scratch copy) has passed.
//
// Renders come from a Renderer, so that projects made by `gonew-prod new` (Generated)
// and by `gonew-prod add` (components retrofitted into an existing repository) are
// updated by the same merge.
package update

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/preset"
)

// Module is the module path of gonew-prod, whose versions are fetched through the Go
// module proxy to render a project as an older or newer version made it.
const Module = "github.com/gonew-prod/gonew-prod"

// Render is what one gonew-prod version generates for a project.
type Render struct {
	// Record is the record the render writes: generator, preset, answers, components, and
	// the checksum and owner of every file.
	Record generator.Record
	// Files are the files the render writes, sorted by path, without the record.
	Files []generator.File
	// Blocks are the guarded blocks the render inserts into files the tool does not own.
	Blocks []Block
	// Notes say what the renderer could not check of the render, as a pack's project that
	// could not be type-checked, or what of the pack it does not use, an overlay template
	// replacing a built-in one of other answers (Generated.CheckPack); the plan made with
	// it holds them (Plan.Notes).
	Notes []string
}

// Block is a guarded block: the lines from the line holding generator.BlockBegin+ID to
// the line holding generator.BlockEnd+ID, markers included (see FindBlock).
type Block struct {
	Path    string
	ID      string
	Content []byte
	// Found marks a block read from the tree as it stands rather than rendered (the
	// blocks gonew-prod add splices into Go files hold the user's own lines); Content is
	// nil when the user removed it. Only the record's checksum is known of what was
	// written, so CheckBase does not compare it, the merge keeps the block as it is, and
	// the record keeps its entry.
	Found bool
}

// Request says which version of a project a Renderer renders.
type Request struct {
	// Dir is the project's directory, where a renderer of retrofitted components reads
	// the repository.
	Dir string
	// Record holds the answers, preset and components to render.
	Record *generator.Record
	// Version is the gonew-prod module version to render with, "" for the running
	// binary's.
	Version string
	// Templates, when set, is the templates hash (generator.TemplatesHash) the render must
	// come from: the running binary renders a request of its own version only when its
	// templates have that hash.
	Templates string
	// Preset is a preset reference to render with instead of the record's, "" for the
	// record's.
	Preset string
	// Command is the gonew-prod command line (after "gonew-prod") that renders, as given
	// but for --dir, for the messages that tell to run it again elsewhere; nil stands for
	// a bare update.
	Command []string
	// Adding lists the components add adds with this render, for the message of a pack
	// that locks them out.
	Adding []string
	// TakePack renders with the pack the record names as it is found, though its content
	// is not the recorded one (its digest differs): the base of an update that moves the
	// project to a pack (Preset), which CheckBase checks against the recorded files. Any
	// other render of the recorded pack refuses it (Generated.recordedDigest).
	TakePack bool
}

// Renderer renders a project as a given gonew-prod version makes it.
type Renderer interface {
	// Render renders the project req describes. It returns an error wrapping
	// ErrUnavailable when that version cannot be obtained (it is not a module version, or
	// fetching or building it failed).
	Render(ctx context.Context, req Request) (Render, error)
}

// ErrUnavailable reports a gonew-prod version that cannot be rendered here.
var ErrUnavailable = errors.New("version unavailable")

// InputError is a failure caused by what the user asked for (a preset, a version, a path),
// as opposed to a runtime failure.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErrorf(format string, args ...any) error {
	return &InputError{fmt.Errorf(format, args...)}
}

// isExec reports whether m makes a file executable, as git keeps a mode.
func isExec(m fs.FileMode) bool { return m&0o111 != 0 }

// notExecInTree reports whether treeExec says the project's file at rel is not
// executable.
func notExecInTree(treeExec func(string) (bool, bool), rel string) bool {
	if treeExec == nil {
		return false
	}
	executable, ok := treeExec(rel)
	return ok && !executable
}

// retagged says that the pack module version src (MODULE@VERSION[/subdir]) may hold
// other content than the project was made from, and what to do.
func retagged(src string) string {
	mv := src
	if at := strings.Index(src, "@"); at >= 0 {
		if slash := strings.Index(src[at:], "/"); slash >= 0 {
			mv = src[:at+slash]
		}
	}
	return fmt.Sprintf("if %s was published again with other content (a re-tagged private module, fetched without the checksum database under GONOSUMDB or GOPRIVATE), it is not the content the project was made from: ask the pack's owners to restore that version and publish changes as a new one (go mod download -json %s prints the Sum of the content fetched here; the module cache of the machine that made the project holds the old one), then update with --preset to the new version", mv, mv)
}

// ErrBaseMismatch matches (errors.Is) the refusal of CheckBase.
var ErrBaseMismatch = errors.New("the base does not match the record")

// mismatchError is a refusal of CheckBase.
type mismatchError struct{ msg string }

func (e mismatchError) Error() string        { return e.msg }
func (e mismatchError) Is(target error) bool { return target == ErrBaseMismatch }

// CheckBase refuses a base render that does not match the project's record: the render of
// the recorded version must write exactly the recorded files, each with its recorded
// sha256 and executable bit (the one git keeps of a mode), and the recorded guarded
// blocks. A base that differs is never guessed at. The refusal matches ErrBaseMismatch.
//
// A record entry without a mode is 0644, or one of a record written before modes were
// recorded: such an entry rendered executable is refused only when treeExec (nil for
// none) says the project's file is not executable either, which the render made it.
// treeExec reports whether the project's file at a path is executable as git would
// commit it, and false for ok when it has none. restore (nil for none) says how git puts
// the record back (RestoreRecord), for a record edited by hand.
func CheckBase(rec *generator.Record, base Render, treeExec func(path string) (executable, ok bool), restore func() string) error {
	var problems []string
	rendered := map[string]string{}
	modes := map[string]fs.FileMode{}
	owners := map[string]generator.Owner{}
	for _, f := range base.Files {
		rendered[f.Path] = generator.Sum(f.Content)
		modes[f.Path] = f.Mode
		owners[f.Path] = cmp.Or(f.Owner, generator.OwnerTool)
	}
	for _, e := range rec.Files {
		sum, ok := rendered[e.Path]
		switch {
		case !ok:
			problems = append(problems, e.Path+" is not rendered")
		case sum != e.SHA256:
			problems = append(problems, e.Path+" differs from its recorded sha256")
		case isExec(modes[e.Path]) != isExec(e.FileMode()) && e.Mode != "":
			problems = append(problems, fmt.Sprintf("%s is rendered with mode %04o, not its recorded %04o", e.Path, uint32(modes[e.Path].Perm()), uint32(e.FileMode().Perm())))
		case isExec(modes[e.Path]) != isExec(e.FileMode()) && notExecInTree(treeExec, e.Path):
			// The entry names no mode: 0644, or a record from before modes were recorded,
			// of a file the user may have made plain (chmod -x, a Windows checkout).
			problems = append(problems, fmt.Sprintf("%[1]s is rendered with mode %04[2]o, not its recorded 0644, and your file is not executable either (if you made it so yourself, with chmod -x or in a checkout with core.fileMode=false, under a record from before modes were recorded, make it executable again: git update-index --chmod=+x %[3]s and chmod +x %[3]s, update, then change it back)", e.Path, uint32(modes[e.Path].Perm()), generator.ShellQuote(e.Path)))
		case cmp.Or(e.Owner, generator.OwnerTool) != owners[e.Path]:
			// The plan obeys the record's owner, the new record takes the render's: an
			// owner edited into the record would hold for one update, then be dropped.
			problems = append(problems, fmt.Sprintf("%s is recorded with owner %s but rendered with owner %s, which the template sets, not the record", e.Path, cmp.Or(e.Owner, generator.OwnerTool), owners[e.Path]))
		}
		delete(rendered, e.Path)
	}
	for _, p := range slices.Sorted(maps.Keys(rendered)) {
		problems = append(problems, p+" is rendered but not recorded")
	}
	blocks := map[string]string{}
	for _, b := range base.Blocks {
		if !b.Found {
			blocks[b.Path+"\x00"+b.ID] = generator.Sum(b.Content)
		}
	}
	for _, b := range rec.Blocks {
		if found := slices.ContainsFunc(base.Blocks, func(x Block) bool { return x.Found && x.Path == b.Path && x.ID == b.ID }); found {
			continue
		}
		if blocks[b.Path+"\x00"+b.ID] != b.SHA256 {
			problems = append(problems, fmt.Sprintf("guarded block %s in %s differs", b.ID, b.Path))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	const shown = 5
	more := ""
	if len(problems) > shown {
		more = fmt.Sprintf(" and %d more", len(problems)-shown)
		problems = problems[:shown]
	}
	// A version renders the same files for the same answers and preset, and the record
	// names both: what changed is the record (edited by hand: an answer changed, a file
	// entry removed) or, for a pack in a directory, which records no version of its
	// files, the pack (a git pull of the platform's pack repository).
	how := fmt.Sprintf("git log -p -- %[1]s shows its changes; git checkout REV -- %[1]s takes it from commit REV, in the project", generator.RecordFile)
	if restore != nil {
		how = cmp.Or(restore(), RecordNotCommitted)
	}
	edited := fmt.Sprintf("%s was likely edited by hand since gonew-prod wrote it (its answers or files): put it back as gonew-prod wrote it (%s) and run update again; the answers record what the project was made with: to change what one set (a port, say), edit the files, which update merges as your edits (a renamed module is read from go.mod)", generator.RecordFile, how)
	cause := "; " + edited
	switch src := rec.Preset.Source; {
	case src == preset.SourceBuiltin || src == "":
	case !strings.Contains(src, "@"):
		cause = fmt.Sprintf("; the project was made from the pack directory %s, which has likely changed since: put that directory back at the version the project was made (or last updated) from, get the new version into another directory, and run gonew-prod update --preset NEWDIR; or, if the pack has not changed, %s", src, edited)
	default:
		// A module version is immutable where the checksum database vouches for it; a
		// private one fetched without it (GONOSUMDB, GOPRIVATE) may have been re-tagged.
		cause = fmt.Sprintf("; the project was made from the pack module %s: %s; or, if it was not, %s", src, retagged(src), edited)
	}
	return mismatchError{fmt.Sprintf("gonew-prod %s does not render for the recorded answers and preset the files %s records (%s%s): refusing to guess the base of the merge%s",
		rec.Generator.Version, generator.RecordFile, strings.Join(problems, ", "), more, cause)}
}
