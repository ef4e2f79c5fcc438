// Package merge merges three versions of a file — the base both sides started from, the
// user's version ("ours") and the template's new version ("theirs") — by the rules of
// `git merge-file --diff3`, and checks that a merge kept every change the user made.
//
// Lines merges any text line by line (with `git merge-file` when git is installed, else
// with Text, its own implementation), GoMod merges go.mod files by meaning, Preserves and
// GoModPreserves are the no-line-lost checks to run on a result before it is written,
// Whole writes three versions as one conflict block, HasConflictMarkers finds conflicts
// left unresolved, and IsBinary tells which files must not be merged at all (the user's
// file is kept and theirs is written beside it, with TheirsSuffix).
package merge

import (
	"bytes"
	"slices"
	"strings"
)

// Labels name the three versions in conflict markers, for example "yours",
// "gonew-prod v0.1.0" and "gonew-prod v0.2.0".
type Labels struct {
	Ours, Base, Theirs string
}

// Result is a merged file.
type Result struct {
	// Merged is the merged content, with conflict blocks written inline.
	Merged []byte
	// Conflicts is the number of conflict blocks in Merged.
	Conflicts int
	// Notes explain conflicts the merge made on purpose (GoMod: a require onto a version
	// the user excludes), or a change of theirs it did not take (GoMod: a toolchain line
	// the user removed), for the plan's reason.
	Notes []string
}

// Clean reports whether the merge had no conflicts.
func (r Result) Clean() bool { return r.Conflicts == 0 }

// The conflict markers, as git writes them. A conflict block is
//
//	<<<<<<< Labels.Ours
//	ours' lines
//	||||||| Labels.Base
//	base lines
//	=======
//	theirs' lines
//	>>>>>>> Labels.Theirs
const (
	markerOurs   = "<<<<<<<"
	markerBase   = "|||||||"
	markerSplit  = "======="
	markerTheirs = ">>>>>>>"
)

// Text merges ours and theirs, two edited versions of base, line by line, by the rules of
// `git merge-file -p --diff3 -L ours -L base -L theirs`: changes of one side are taken;
// changes of both sides that overlap or touch (with no unchanged base line between them)
// are a conflict, unless both replaced the same base lines by the same lines. Each
// conflict is written as a block with the base section (see markerOurs); a section whose
// last line has no newline gets one inside the block, and the markers end in "\r\n" where
// git would end them so (see crlfMarkers). Everything outside conflict blocks is
// byte-exact. Lines are compared byte for byte: "x\r\n", "x\n" and a last "x" are three
// different lines.
//
// Whenever its diffs from base to each side are git's, Text's result is git's, byte for
// byte. A diff can have several shortest forms that are not slides of one another (base
// "a b a", side "a a b": keep "a b" or keep "a a"); go-udiff and git may pick different
// ones, and then the results may differ, each a valid merge (see diffLines).
func Text(base, ours, theirs []byte, labels Labels) Result {
	b, o, t := SplitLines(base), SplitLines(ours), SplitLines(theirs)
	var out bytes.Buffer
	conflicts := 0
	next := 0 // the first line of ours not yet written
	for _, c := range clusters(diffLines(b, o), diffLines(b, t)) {
		writeLines(&out, o[next:c.ours.start])
		switch {
		case c.oursHunks == 0:
			writeLines(&out, t[c.theirs.start:c.theirs.end])
		case c.theirsHunks == 0 || c.sameChange(o, t):
			writeLines(&out, o[c.ours.start:c.ours.end])
		default:
			conflicts++
			eol := "\n"
			if crlfMarkers(b, o, t, c) {
				eol = "\r\n"
			}
			writeLines(&out, conflictBlock(labels, o[c.ours.start:c.ours.end], b[c.base.start:c.base.end],
				t[c.theirs.start:c.theirs.end], eol))
		}
		next = c.ours.end
	}
	writeLines(&out, o[next:])
	return Result{Merged: out.Bytes(), Conflicts: conflicts}
}

func writeLines(out *bytes.Buffer, lines []string) {
	for _, line := range lines {
		out.WriteString(line)
	}
}

// span is the lines [start, end) of one version.
type span struct{ start, end int }

// A cluster is a stretch of base that one side or both changed, with the lines each
// version has there, the number of hunks of each side in it and the last of them.
type cluster struct {
	base, ours, theirs     span
	oursHunks, theirsHunks int
	lastOurs, lastTheirs   hunk
}

// sameChange reports whether both sides made one change to the same base lines and put
// the same lines there, which git does not count as a conflict.
func (c cluster) sameChange(o, t []string) bool {
	return c.oursHunks == 1 && c.theirsHunks == 1 &&
		c.lastOurs.base == c.lastTheirs.base && c.lastOurs.baseLen == c.lastTheirs.baseLen &&
		slices.Equal(o[c.ours.start:c.ours.end], t[c.theirs.start:c.theirs.end])
}

// clusters groups the hunks of both sides in base order: a hunk joins the current group
// when it starts at or before the group's end in base, so changes that overlap or touch
// land together.
func clusters(ours, theirs []hunk) []cluster {
	var out []cluster
	// Each side's line offset against base before the current cluster.
	oursShift, theirsShift := 0, 0
	for len(ours) > 0 || len(theirs) > 0 {
		var c cluster
		oursGrowth, theirsGrowth := 0, 0
		for first := true; ; first = false {
			oursFits := len(ours) > 0 && (first || ours[0].base <= c.base.end)
			theirsFits := len(theirs) > 0 && (first || theirs[0].base <= c.base.end)
			if oursFits && theirsFits && theirs[0].base < ours[0].base {
				oursFits = false
			}
			var h hunk
			switch {
			case oursFits:
				h, ours = ours[0], ours[1:]
				c.oursHunks++
				c.lastOurs = h
				oursGrowth += h.sideLen - h.baseLen
			case theirsFits:
				h, theirs = theirs[0], theirs[1:]
				c.theirsHunks++
				c.lastTheirs = h
				theirsGrowth += h.sideLen - h.baseLen
			}
			if !oursFits && !theirsFits {
				break
			}
			if first {
				c.base = span{h.base, h.baseEnd()}
			}
			c.base.end = max(c.base.end, h.baseEnd())
		}
		c.ours = span{c.base.start + oursShift, c.base.end + oursShift + oursGrowth}
		c.theirs = span{c.base.start + theirsShift, c.base.end + theirsShift + theirsGrowth}
		oursShift += oursGrowth
		theirsShift += theirsGrowth
		out = append(out, c)
	}
	return out
}

// conflictBlock returns the lines of a conflict block of the given sections, each
// marker ending in eol, as does the last line of a section that has no newline.
func conflictBlock(labels Labels, ours, base, theirs []string, eol string) []string {
	var block []string
	section := func(marker string, lines []string) {
		block = append(block, marker+eol)
		block = append(block, lines...)
		if last := len(block) - 1; len(lines) > 0 && !strings.HasSuffix(block[last], "\n") {
			block[last] += eol
		}
	}
	section(markerOurs+" "+labels.Ours, ours)
	section(markerBase+" "+labels.Base, base)
	section(markerSplit, theirs)
	return append(block, markerTheirs+" "+labels.Theirs+eol)
}

// crlfMarkers reports whether a conflict block's markers (and the newline added to a
// section without one) end in "\r\n". Like git, it looks at the line before the block in
// ours and in theirs (their first line when the block starts the file) and at the first
// line of base: none may end in a bare "\n", and base's must end in "\r\n". A version
// whose line has no newline is judged by the line before it, and an empty version or a
// single line without newline says nothing.
func crlfMarkers(b, o, t []string, c cluster) bool {
	return lineEnd(o, c.ours.start-1) != endLF && lineEnd(t, c.theirs.start-1) != endLF &&
		lineEnd(b, 0) == endCRLF
}

type ending int

const (
	endUnknown ending = iota
	endLF
	endCRLF
)

// lineEnd returns how line i (0 when i is negative) of lines ends, or the line before it
// when it has no newline.
func lineEnd(lines []string, i int) ending {
	i = max(i, 0)
	if len(lines) == 0 {
		return endUnknown
	}
	line := lines[i]
	if !strings.HasSuffix(line, "\n") {
		if i == 0 {
			return endUnknown
		}
		line = lines[i-1]
	}
	if strings.HasSuffix(line, "\r\n") {
		return endCRLF
	}
	return endLF
}
