package merge

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/moby/patternmatcher/ignorefile"
)

// Adds joins the lines ours and theirs both added at one place of a file, or reports that
// they must stay a conflict.
type Adds func(ours, theirs []string) ([]string, bool)

// Union returns r, a merge by lines (Lines, with labels), with each conflict block where
// both sides only added lines at one place (an empty base section) replaced by what adds
// makes of the two, when it can join them. That is how a file merged by meaning differs
// from text: two independent additions at the end of a Makefile or a .gitignore are both
// kept (the caller knows the file and passes its adds). Every other block stays as it is.
func Union(r Result, labels Labels, adds Adds) Result {
	if r.Clean() {
		return r
	}
	lines := SplitLines(r.Merged)
	var out bytes.Buffer
	conflicts := r.Conflicts
	for i := 0; i < len(lines); i++ {
		end, ours, base, theirs, ok := conflictAt(lines, i, labels)
		if !ok {
			out.WriteString(lines[i])
			continue
		}
		joined, joins := adds(ours, theirs)
		if len(base) > 0 || !joins {
			writeLines(&out, lines[i:end])
		} else {
			writeLines(&out, joined)
			conflicts--
		}
		i = end - 1
	}
	return Result{Merged: out.Bytes(), Conflicts: conflicts}
}

// conflictAt parses the conflict block with labels that starts at lines[i]: the line after
// it, and its three sections.
func conflictAt(lines []string, i int, labels Labels) (end int, ours, base, theirs []string, ok bool) {
	if strings.TrimRight(lines[i], "\r\n") != markerOurs+" "+labels.Ours {
		return 0, nil, nil, nil, false
	}
	sections := [][]string{nil, nil, nil}
	want := []string{markerBase + " " + labels.Base, markerSplit, markerTheirs + " " + labels.Theirs}
	k := 0
	for j := i + 1; j < len(lines); j++ {
		if strings.TrimRight(lines[j], "\r\n") == want[k] {
			if k == 2 {
				return j + 1, sections[0], sections[1], sections[2], true
			}
			k++
			continue
		}
		sections[k] = append(sections[k], lines[j])
	}
	return 0, nil, nil, nil, false
}

// IgnoreAdds joins the patterns both sides added to a .gitignore or .dockerignore: ours',
// then those of theirs' ours lacks, with theirs' blank lines but those that would only
// separate (or follow) patterns ours has. A negation (!pattern) depends on the order of the
// patterns around it, so an addition holding one stays a conflict.
func IgnoreAdds(ours, theirs []string) ([]string, bool) {
	negation := func(l string) bool { return strings.HasPrefix(strings.TrimSpace(l), "!") }
	if slices.ContainsFunc(ours, negation) || slices.ContainsFunc(theirs, negation) {
		return nil, false
	}
	blank := func(l string) bool { return strings.TrimSpace(l) == "" }
	joined := slices.Clone(ours)
	n := len(joined)
	dropped := false // the last pattern of theirs was one ours has
	for _, l := range theirs {
		switch {
		case !blank(l) && slices.Contains(ours, l):
			dropped = true
			continue
		case blank(l) && dropped && (len(joined) == 0 || blank(joined[len(joined)-1])):
			continue // the blank line between two patterns ours has already
		}
		joined = append(joined, l)
		dropped = dropped && blank(l)
	}
	if dropped {
		// Blank lines that came before patterns of ours alone separate nothing.
		for len(joined) > n && blank(joined[len(joined)-1]) {
			joined = joined[:len(joined)-1]
		}
	}
	return joined, true
}

// IgnoreJoin returns an ignore file (.gitignore, .dockerignore) that ignores what both
// first (a new render's) and then (the user's own, met where the render goes) ignore:
// first's lines, then those of then that first lacks, in their order (IgnoreAdds). When
// either holds a negation (!pattern), whose meaning depends on the lines before it, every
// line of then follows first's: then's lines last, any path one of them matches is
// decided by them as before (the last matching pattern wins). Git and Docker skip a UTF-8
// byte order mark at the very start of the file alone, so one that either begins with is
// left out of the join (then's first pattern would otherwise stand mid-file with the mark
// as part of it, and match nothing) and put back at the start. Then beginning with every
// line of first is what an earlier join made (or first's lines followed by the user's
// own): it is the join as it is, so joining again changes nothing (no blank line of first
// added once more, nor first's lines again after a negation).
func IgnoreJoin(first, then []byte) []byte {
	first, bomFirst := bytes.CutPrefix(first, bom)
	then, bomThen := bytes.CutPrefix(then, bom)
	if len(first) > 0 && first[len(first)-1] != '\n' {
		first = append(slices.Clip(first), '\n')
	}
	var out []byte
	if bytes.HasPrefix(then, first) {
		out = slices.Clone(then)
	} else {
		a, b := SplitLines(first), SplitLines(then)
		joined, ok := IgnoreAdds(a, b)
		if !ok {
			joined = append(a, b...)
		}
		out = []byte(strings.Join(joined, ""))
	}
	if bomFirst || bomThen {
		out = slices.Concat(bom, out)
	}
	return out
}

// bom is the UTF-8 byte order mark, which Windows editors may write at the start of a
// file.
var bom = []byte("\ufeff")

// IgnoreReader is the tool that reads an ignore file, which decides how its patterns read.
type IgnoreReader int

const (
	// Git reads a .gitignore: each pattern as written, and an excluded directory hides
	// what is in it from any later negation.
	Git IgnoreReader = iota
	// Docker reads a .dockerignore, and a Dockerfile's own (Dockerfile.dockerignore):
	// each pattern cleaned as a path, as github.com/moby/patternmatcher/ignorefile.ReadAll
	// cleans it (./docs is docs, docs//keep.md is docs/keep.md, /docs is docs), and a
	// later negation re-includes a file in an excluded directory.
	Docker
)

// Order checks a clean merge by lines of an ignore file r reads, merged, against ours and
// theirs, where the last matching pattern wins: a pattern the merge placed after a
// negation (!pattern) of ours that may match what the negation un-ignores (or a
// directory above it) would ignore that again, and a negation the merge placed after a
// pattern of ours that may match what the pattern ignores would un-ignore it (a secret of
// the user's, the new version meaning to ship an example), when neither ours nor theirs
// has the later line after the earlier. Patterns are compared as r reads them, so
// Docker's ./docs is docs. For Git, a pattern anywhere that may exclude a directory above
// what a negation of ours re-includes is an error too (see gitParents). It returns an
// error naming the two lines as written, or nil.
func (r IgnoreReader) Order(ours, theirs, merged []byte) error {
	oLines, o := r.patterns(ours)
	_, t := r.patterns(theirs)
	mLines, m := r.patterns(merged)
	for i, mine := range o {
		at := nthIndex(m, mine, occurrence(o, i))
		if at < 0 {
			continue
		}
		after := o[i+1:]
		var theirsAfter []string
		if j := slices.Index(t, mine); j >= 0 {
			theirsAfter = t[j+1:]
		}
		negated := strings.HasPrefix(mine, "!")
		for k := at + 1; k < len(m); k++ {
			p := m[k]
			if strings.HasPrefix(p, "!") == negated || slices.Contains(after, p) || slices.Contains(theirsAfter, p) {
				continue
			}
			switch {
			case negated && mayIgnoreAgain(p, strings.TrimPrefix(mine, "!")):
				return fmt.Errorf("would put the pattern %s after your %s, which it may undo", mLines[k], oLines[i])
			case !negated && (mayIgnoreAgain(mine, strings.TrimPrefix(p, "!")) || mayIgnoreAgain(strings.TrimPrefix(p, "!"), mine)):
				return fmt.Errorf("would put the negation %s after your pattern %s, so that it may un-ignore what yours ignores", mLines[k], oLines[i])
			}
		}
	}
	if r == Git {
		return gitParents(o, t, m, mLines)
	}
	return nil
}

// Held checks written, what a merge of an ignore file r reads left with conflicts writes,
// against ours: git and docker read every line of it as a pattern, the lines of every
// section of a conflict block (and the markers) included, so a negation (!pattern) of the
// base's or theirs' written after a pattern of ours that may match what the negation
// un-ignores would un-ignore it until the user resolves the conflict (`git add -A` would
// take a secret the user meant to keep out). A negation ours itself has after that
// pattern, or one that pattern follows again, is no such loss. Patterns are compared as r
// reads them. It returns an error naming the two lines as written, or nil.
func (r IgnoreReader) Held(ours, written []byte) error {
	_, o := r.patterns(ours)
	wLines, w := r.patterns(written)
	for j, n := range w {
		neg, ok := strings.CutPrefix(n, "!")
		if !ok {
			continue
		}
		for k, p := range w[:j] {
			last := -1 // the last line of ours that is p
			for i, l := range o {
				if l == p {
					last = i
				}
			}
			if last < 0 || strings.HasPrefix(p, "!") || !mayIgnoreAgain(p, neg) && !mayIgnoreAgain(neg, p) ||
				slices.Contains(o[last+1:], n) || slices.Contains(w[j+1:], p) {
				continue
			}
			return fmt.Errorf("the negation %s would follow your pattern %s, so that it may un-ignore what yours ignores", wLines[j], wLines[k])
		}
	}
	return nil
}

// gitParents is Git's part of Order: a pattern that excludes a directory above a path a
// negation re-includes defeats the negation wherever it stands, as git does not look
// inside an excluded directory, so no ! can re-include a file in it. A pattern of m (the
// merge; mLines as written) that ours (o) lacks, and theirs (t) does not hold together
// with that negation, before the negation or after it, that may exclude a directory above
// what a negation of ours re-includes is an error. A negation without a slash re-includes
// a name at any depth, in directories no pattern names: it is left to Order's check of
// the lines after it. (Docker differs: a later ! re-includes a file in an excluded
// directory.)
func gitParents(o, t, m, mLines []string) error {
	for _, neg := range o {
		if !strings.HasPrefix(neg, "!") || !slices.Contains(m, neg) {
			continue
		}
		theirsToo := slices.Contains(t, neg)
		for k, p := range m {
			if strings.HasPrefix(p, "!") || slices.Contains(o, p) || theirsToo && slices.Contains(t, p) {
				continue
			}
			if mayExcludeParent(p, strings.TrimPrefix(neg, "!")) {
				return fmt.Errorf("would add the pattern %s, which may exclude a directory above what your %s re-includes (git cannot re-include a file whose directory is excluded)", mLines[k], neg)
			}
		}
	}
	return nil
}

// mayExcludeParent reports whether the ignore pattern p may match a directory above a
// path the pattern neg matches, when neg has a slash (is anchored to the file's
// directory). It errs towards yes: a ** in neg's directories, or one in p other than a
// leading **/, counts.
func mayExcludeParent(p, neg string) bool {
	clean := func(s string) string { return strings.TrimSuffix(strings.TrimPrefix(s, "/"), "/") }
	p, neg = clean(p), clean(neg)
	parts := strings.Split(neg, "/")
	dirs := parts[:len(parts)-1]
	if len(dirs) == 0 {
		return false
	}
	if slices.ContainsFunc(dirs, func(d string) bool { return strings.Contains(d, "**") }) {
		return true
	}
	anyDepth := !strings.Contains(p, "/") // a pattern without a slash matches a name at any depth
	if rest, ok := strings.CutPrefix(p, "**/"); ok && !strings.Contains(rest, "/") {
		p, anyDepth = rest, true
	}
	if strings.Contains(p, "**") {
		return true
	}
	match := func(a, b string) bool {
		ab, _ := path.Match(a, b)
		ba, _ := path.Match(b, a)
		return a == b || ab || ba
	}
	for i := range dirs {
		if anyDepth && match(p, dirs[i]) || !anyDepth && match(p, strings.Join(dirs[:i+1], "/")) {
			return true
		}
	}
	return false
}

// patterns returns the patterns of an ignore file r reads: lines, each trimmed, without
// blank lines and comments, and without a byte order mark at the start of the file,
// which git and Docker skip; and keys, each as r reads it: git takes it as written,
// Docker as ignorefile.ReadAll reads it (cleaned as a path; a comment is a line whose
// first byte is #, so " # x" is a pattern).
func (r IgnoreReader) patterns(data []byte) (lines, keys []string) {
	for _, l := range SplitLines(bytes.TrimPrefix(data, bom)) {
		trimmed := strings.TrimSpace(l)
		key := trimmed
		if r == Docker {
			// ReadAll strips a byte order mark from its first line only: behind a blank
			// first line, a mark this line starts with (not the file) stays, as for Docker.
			read, err := ignorefile.ReadAll(strings.NewReader("\n" + l))
			switch {
			case err != nil: // a line longer than ReadAll's scanner takes: Docker fails on it
			case len(read) == 0:
				continue
			default:
				key = read[0]
			}
		}
		if trimmed == "" || r == Git && strings.HasPrefix(trimmed, "#") {
			continue
		}
		lines, keys = append(lines, trimmed), append(keys, key)
	}
	return lines, keys
}

// occurrence returns how many lines before lines[i] equal it.
func occurrence(lines []string, i int) int {
	n := 0
	for _, l := range lines[:i] {
		if l == lines[i] {
			n++
		}
	}
	return n
}

// nthIndex returns the index of the n-th (from 0) line of lines equal to s, or -1.
func nthIndex(lines []string, s string, n int) int {
	for i, l := range lines {
		if l == s {
			if n == 0 {
				return i
			}
			n--
		}
	}
	return -1
}

// mayIgnoreAgain reports whether the ignore pattern p may match a path the pattern neg
// matches, or a directory above one. It errs towards yes: a ** in either, or a glob that
// matches the other's text, counts.
func mayIgnoreAgain(p, neg string) bool {
	clean := func(s string) string { return strings.TrimSuffix(strings.TrimPrefix(s, "/"), "/") }
	p, neg = clean(p), clean(neg)
	if strings.Contains(p, "**") || strings.Contains(neg, "**") {
		return true
	}
	match := func(a, b string) bool {
		ab, _ := path.Match(a, b)
		ba, _ := path.Match(b, a)
		return a == b || ab || ba
	}
	parts := strings.Split(neg, "/")
	for i := range parts {
		// A pattern without a slash matches a name at any depth; one with a slash, a path
		// from the file's directory.
		if !strings.Contains(p, "/") && match(p, parts[i]) || match(p, strings.Join(parts[:i+1], "/")) {
			return true
		}
	}
	// A negation without a slash un-ignores the name at any depth.
	return !strings.Contains(neg, "/") && match(path.Base(p), neg)
}
