package update

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/merge"
)

type blockKey struct{ path, id string }

// mergeBlocks merges the guarded blocks of files the tool does not own, inside their
// markers only, block by block (the first rule that matches decides):
//
//   - the block is gone from the file: it stays gone;
//   - ours == theirs: kept;
//   - ours == base (the record's checksum): theirs replaces it, or it is removed when
//     theirs dropped it;
//   - theirs == base: ours is kept;
//   - theirs dropped a block the user edited: kept;
//   - otherwise the block merges line by line (a conflict holding both blocks when the
//     base is unavailable).
//
// Everything outside the blocks stays byte for byte. It returns a step per file that has
// blocks, and the blocks the record lists afterwards: theirs', and those the user removed
// (so that they stay removed: gonew-prod add does not insert them again either).
func (m *merger) mergeBlocks(ctx context.Context) ([]Step, []generator.RecordBlock, error) {
	theirs, base := map[blockKey]Block{}, map[blockKey]Block{}
	var paths []string
	var recorded []generator.RecordBlock
	for _, b := range m.in.Theirs.Blocks {
		theirs[blockKey{b.Path, b.ID}] = b
		paths = append(paths, b.Path)
		rb := generator.RecordBlock{Path: b.Path, ID: b.ID, SHA256: generator.Sum(b.Content)}
		if i := slices.IndexFunc(m.in.Record.Blocks, func(x generator.RecordBlock) bool { return x.Path == b.Path && x.ID == b.ID }); b.Found && i >= 0 {
			rb = m.in.Record.Blocks[i] // what was written: the tree's block says nothing of it
		}
		recorded = append(recorded, rb)
	}
	if m.in.Base != nil {
		for _, b := range m.in.Base.Blocks {
			base[blockKey{b.Path, b.ID}] = b
		}
	}
	for _, b := range m.in.Record.Blocks {
		paths = append(paths, b.Path)
	}
	slices.Sort(paths)
	var steps []Step
	for _, p := range slices.Compact(paths) {
		if m.in.Record.Entry(p) != nil || slices.ContainsFunc(m.in.Theirs.Files, func(f generator.File) bool { return f.Path == p }) {
			return nil, nil, fmt.Errorf("guarded blocks in %s, a file the tool writes whole: the record or the render is inconsistent", p)
		}
		s, removed, err := m.blockFile(ctx, p, theirs, base)
		if err != nil {
			return nil, nil, err
		}
		steps = append(steps, s)
		for _, rb := range removed {
			if i := slices.IndexFunc(recorded, func(b generator.RecordBlock) bool { return b.Path == rb.Path && b.ID == rb.ID }); i >= 0 {
				recorded[i] = rb
			} else {
				recorded = append(recorded, rb)
			}
		}
	}
	return steps, recorded, nil
}

// blockFile merges the guarded blocks of the file at p. It returns the step, and the
// record's blocks of the file that the user removed (or deleted with it).
func (m *merger) blockFile(ctx context.Context, p string, theirs, base map[blockKey]Block) (Step, []generator.RecordBlock, error) {
	ours, mode, err := look(m.in.Tree, p)
	if err != nil {
		return Step{}, nil, err
	}
	var removed []generator.RecordBlock
	mode = m.in.Modes.Of(p, mode)
	s := Step{Path: p, Owner: generator.OwnerUser, Ours: ours, OursMode: mode, Mode: mode, blocks: true}
	if ours == nil {
		for _, rb := range m.in.Record.Blocks {
			if rb.Path == p {
				removed = append(removed, rb)
			}
		}
		s.Action, s.Reason = KeepDeleted, "you deleted this file holding guarded blocks: it stays deleted (gonew-prod add --recreate "+m.in.Prefix+p+" brings it back)"
		s.blocksRemoved = len(removed) > 0
		return s, removed, nil
	}
	content := slices.Clone(ours)
	var notes []string
	replaced, merged := false, false
	for _, rb := range m.in.Record.Blocks {
		if rb.Path != p {
			continue
		}
		tb, inTheirs := theirs[blockKey{p, rb.ID}]
		start, end, ok, err := generator.FindBlock(content, rb.ID)
		if err != nil {
			return Step{}, nil, fmt.Errorf("%s: %w", p, err)
		}
		if !ok {
			removed = append(removed, rb)
			if at := m.ownInclude(p, rb.ID); at != "" {
				notes = append(notes, "block "+rb.ID+": you removed it, and "+at+", an include of yours, includes gonew-prod.mk in its place: it stays removed")
			} else {
				notes = append(notes, "block "+rb.ID+": you removed it, it stays removed (gonew-prod add --recreate "+m.in.Prefix+p+" inserts it again)")
			}
			s.blocksRemoved = true
			continue
		}
		cur := content[start:end]
		var next []byte
		switch {
		case inTheirs && generator.SameText(cur, tb.Content):
			continue
		case generator.Unedited(cur, rb.SHA256):
			// Nil when theirs dropped it: removed.
			next, replaced = generator.InEndingsOf(cur, tb.Content), true
		case inTheirs && generator.Sum(tb.Content) == rb.SHA256:
			notes = append(notes, "block "+rb.ID+": you edited it, this version did not change it")
			continue
		case !inTheirs:
			notes = append(notes, "block "+rb.ID+": dropped by this version, but you edited it: kept")
			continue
		default:
			res, how, err := m.mergeBlock(ctx, base[blockKey{p, rb.ID}].Content, cur, tb.Content)
			if err != nil {
				return Step{}, nil, fmt.Errorf("merge block %s in %s: %w", rb.ID, p, err)
			}
			next, merged = res.Merged, true
			s.Conflicts += res.Conflicts
			notes = append(notes, "block "+rb.ID+": "+how)
		}
		content = slices.Concat(content[:start], next, content[end:])
	}
	for _, b := range m.in.Theirs.Blocks {
		if b.Path == p && !slices.ContainsFunc(m.in.Record.Blocks, func(rb generator.RecordBlock) bool { return rb.Path == p && rb.ID == b.ID }) {
			notes = append(notes, "block "+b.ID+" is new in this version: not inserted (gonew-prod add inserts blocks)")
		}
	}
	if reader, ok := ignoreReader(path.Base(p)); ok && s.Conflicts > 0 {
		if err := reader.Held(ours, content); err != nil {
			// A file of the user's has no copy to write theirs to (see threeWay).
			return Step{}, nil, inputErrorf("%s: this version's guarded blocks, merged with your edits of them, leave conflicts in which %v until you resolve them (git and docker read every line of a conflict block as a pattern); bring the blocks back to what gonew-prod wrote (git diff shows your edit), run gonew-prod update, and make your edit again", p, err)
		}
	}
	s.Reason = strings.Join(notes, "; ")
	switch {
	case s.Conflicts > 0:
		s.Action = Conflict
	case merged:
		s.Action = Merge
	case replaced:
		s.Action = Update
	default:
		s.Action = Keep
	}
	if s.Action != Keep {
		s.Result = content
	}
	if s.Reason == "" {
		s.Reason = "guarded blocks"
		if s.Action == Update {
			s.Reason = "guarded blocks you did not edit"
		}
	}
	return s, removed, nil
}

// mergeBlock merges one block both sides changed; base is nil when unavailable.
func (m *merger) mergeBlock(ctx context.Context, base, ours, theirs []byte) (merge.Result, string, error) {
	if m.in.Base == nil {
		return merge.Whole(nil, ours, theirs, m.in.Labels), "changed on both sides and the base is unavailable: both kept in one conflict block", nil
	}
	res, err := merge.Lines(ctx, base, ours, theirs, m.in.Labels)
	if err != nil {
		return res, "", err
	}
	if err := merge.Preserves(base, ours, res.Merged); err != nil {
		return merge.Whole(base, ours, theirs, m.in.Labels), fmt.Sprintf("the merge would lose an edit of yours (%v): all three versions kept in one conflict block", err), nil
	}
	if res.Clean() {
		return res, "changed on both sides: merged by lines", nil
	}
	return res, fmt.Sprintf("changed on both sides: %d conflict(s) to resolve", res.Conflicts), nil
}

// checkBlocks proves that an update of a file holding guarded blocks changed nothing
// outside them: with the file's blocks as the base, every other line of ours is an
// edit of the user's that the result must keep, in order and in its runs.
func checkBlocks(s Step, rec *generator.Record) error {
	if s.Result == nil {
		return nil
	}
	var spans [][2]int
	for _, rb := range rec.Blocks {
		if rb.Path != s.Path {
			continue
		}
		start, end, ok, err := generator.FindBlock(s.Ours, rb.ID)
		if err != nil {
			return err
		}
		if ok {
			spans = append(spans, [2]int{start, end})
		}
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var blocks []byte
	for _, sp := range spans {
		blocks = append(blocks, s.Ours[sp[0]:sp[1]]...)
	}
	return merge.Preserves(blocks, s.Ours, s.Result)
}

// ownInclude returns where the makefile p, from which the user removed the guarded block
// id, includes gonew-prod.mk all the same (OwnProdMkInclude), when id is the block that
// includes it: that include takes the block's place, as gonew-prod add takes it (its
// --recreate of p refuses, since make would read gonew-prod.mk twice); "" otherwise.
func (m *merger) ownInclude(p, id string) string {
	if id != "makefile" {
		return ""
	}
	return OwnProdMkInclude(m.treeFile, makeFiles{tree: m.in.Tree}.glob, p, path.Join(path.Dir(p), "gonew-prod.mk"))
}

// readsProdMkTwice returns a note for the makefile that holds the guarded block makefile
// the record lists, or, the block removed, an include of the user's in its place
// (ownInclude), when it includes gonew-prod.mk a second time besides (a pattern such as
// -include *.mk, there or in a file it includes): gonew-prod add notes it so, and an
// update leaves it as it is.
func (m *merger) readsProdMkTwice() []string {
	var notes []string
	for _, rb := range m.in.Record.Blocks {
		if rb.ID != "makefile" {
			continue
		}
		content, err := m.treeFile(rb.Path)
		if err != nil {
			continue
		}
		mk, glob := path.Join(path.Dir(rb.Path), "gonew-prod.mk"), makeFiles{tree: m.in.Tree}.glob
		if _, _, ok, _ := generator.FindBlock(content, rb.ID); ok {
			if at := ProdMkIncludes(m.treeFile, glob, rb.Path, mk); len(at) > 0 {
				notes = append(notes, ReadsProdMkTwice(at, "gonew-prod's guarded block makefile in "+rb.Path, "your include", false))
			}
		} else if own := m.ownInclude(rb.Path, rb.ID); own != "" {
			if at := ProdMkIncludesBesides(m.treeFile, glob, rb.Path, mk, own); len(at) > 0 {
				notes = append(notes, ReadsProdMkTwice(at, own, "all but one of these includes", false))
			}
		}
	}
	return notes
}
