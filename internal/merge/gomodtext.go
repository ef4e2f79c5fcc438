package merge

import (
	"bytes"
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
)

// The edits below change a go.mod or go.work file in its text, line by line, so that
// every byte outside the lines they touch stays as the user wrote it: modfile's Format
// (and its Cleanup) would collapse one-line blocks, move comments and re-indent them.

// textEdit replaces src[start:end] with text.
type textEdit struct {
	start, end int
	text       string
}

// applyEdits applies edits, which must not overlap, to src.
func applyEdits(src []byte, edits []textEdit) []byte {
	slices.SortStableFunc(edits, func(a, b textEdit) int { return cmp.Compare(a.start, b.start) })
	var out bytes.Buffer
	at := 0
	for _, e := range edits {
		out.Write(src[at:e.start])
		out.WriteString(e.text)
		at = e.end
	}
	out.Write(src[at:])
	return out.Bytes()
}

// textLineStart returns the offset of the beginning of the text line holding offset at.
func textLineStart(src []byte, at int) int {
	return bytes.LastIndexByte(src[:at], '\n') + 1
}

// textLineEnd returns the offset just past the newline ending the text line holding offset
// at (len(src) when the last line has none).
func textLineEnd(src []byte, at int) int {
	if i := bytes.IndexByte(src[at:], '\n'); i >= 0 {
		return at + i + 1
	}
	return len(src)
}

// indentOf returns the blanks that begin the text line holding offset at.
func indentOf(src []byte, at int) string {
	start := textLineStart(src, at)
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}

// setGoLineEdit is the edit that makes the go line of src say version: the line's
// version replaced in place, or a go line added after the line after (the module line;
// first, when nil) when there is none.
func setGoLineEdit(src []byte, goLine *modfile.Go, after *modfile.Line, version string) textEdit {
	if goLine != nil && goLine.Syntax != nil {
		l := goLine.Syntax
		return textEdit{l.Start.Byte, l.End.Byte, "go " + version}
	}
	if after == nil {
		return textEdit{0, 0, "go " + version + "\n\n"}
	}
	at := textLineEnd(src, after.End.Byte)
	text := "\ngo " + version + "\n"
	if src[at-1] != '\n' {
		text = "\n" + text
	}
	return textEdit{at, at, text}
}

// SetWorkGo returns go.work content with its go line set to version, every other
// byte as it was.
func SetWorkGo(name string, content []byte, version string) ([]byte, error) {
	f, err := modfile.ParseWork(name, content, nil)
	if err != nil {
		return nil, err
	}
	return applyEdits(content, []textEdit{setGoLineEdit(content, f.Go, nil, version)}), nil
}

// GoLines returns the go and toolchain lines (nil for none) of go.mod content, or of
// go.work content when the base of name, a slash-separated path, is go.work.
func GoLines(name string, content []byte) (*modfile.Go, *modfile.Toolchain, error) {
	if path.Base(name) == "go.work" {
		f, err := modfile.ParseWork(name, content, nil)
		if err != nil {
			return nil, nil, err
		}
		return f.Go, f.Toolchain, nil
	}
	f, err := modfile.Parse(name, content, nil)
	if err != nil {
		return nil, nil, err
	}
	return f.Go, f.Toolchain, nil
}

// DropToolchain returns go.mod content (go.work content, as GoLines reads name) without
// its toolchain line (and without the blank line its removal would double), every other
// byte as it was, and whether it dropped the line: one with a comment of the user's on or
// above it stays.
func DropToolchain(name string, content []byte) ([]byte, bool, error) {
	_, toolchain, err := GoLines(name, content)
	if err != nil {
		return nil, false, err
	}
	if toolchain == nil || toolchain.Syntax == nil {
		return content, false, nil
	}
	l := toolchain.Syntax
	if len(l.Before) > 0 || len(l.Suffix) > 0 {
		return content, false, nil
	}
	span := lineSpan(content, l.Start.Byte, l.End.Byte, nil)
	return applyEdits(content, removeSpans(content, [][2]int{span})), true, nil
}

// dropRequireEdits returns the edits that remove the lines of reqs, requires of f
// (parsed from src), with the comments above them; a require block they leave empty goes
// whole. As with DropToolchain, the blank line a removal would double goes too.
func dropRequireEdits(src []byte, f *modfile.File, reqs []*modfile.Require) []textEdit {
	gone := map[*modfile.Line]bool{}
	for _, r := range reqs {
		gone[r.Syntax] = true
	}
	var spans [][2]int // the lines or blocks to remove, as offsets in src
	for _, stmt := range f.Syntax.Stmt {
		switch x := stmt.(type) {
		case *modfile.Line:
			if gone[x] {
				spans = append(spans, lineSpan(src, x.Start.Byte, x.End.Byte, x.Before))
			}
		case *modfile.LineBlock:
			left := 0
			var inBlock [][2]int
			for _, l := range x.Line {
				if gone[l] {
					inBlock = append(inBlock, lineSpan(src, l.Start.Byte, l.End.Byte, l.Before))
				} else {
					left++
				}
			}
			if left == 0 && len(inBlock) > 0 {
				spans = append(spans, lineSpan(src, x.Start.Byte, x.RParen.Pos.Byte, x.Before))
			} else {
				spans = append(spans, inBlock...)
			}
		}
	}
	return removeSpans(src, spans)
}

// removeSpans returns the edits that remove spans, whole text lines of src in order:
// removals with nothing but blank lines between them become one, and a blank line the
// removal would double (or leave at the end of the file) goes with it.
func removeSpans(src []byte, spans [][2]int) []textEdit {
	var edits []textEdit
	for _, sp := range spans {
		if n := len(edits); n > 0 && len(bytes.TrimSpace(src[edits[n-1].end:sp[0]])) == 0 {
			edits[n-1].end = sp[1]
			continue
		}
		edits = append(edits, textEdit{sp[0], sp[1], ""})
	}
	for i, e := range edits {
		switch {
		case blankBefore(src, e.start) && e.end < len(src) && blankAt(src, e.end):
			edits[i].end = textLineEnd(src, e.end)
		case e.end == len(src) && e.start > 0 && blankBefore(src, e.start):
			edits[i].start = textLineStart(src, e.start-1) // the blank line would end the file
		}
	}
	return edits
}

// lineSpan returns the text lines from the one holding offset from to the one holding
// offset to, from the first of the comments modfile attached above it when there are any.
func lineSpan(src []byte, from, to int, before []modfile.Comment) [2]int {
	if len(before) > 0 {
		from = min(from, before[0].Start.Byte)
	}
	return [2]int{textLineStart(src, from), textLineEnd(src, to)}
}

// blankBefore reports whether the text line before the one starting at start is blank
// (or there is none).
func blankBefore(src []byte, start int) bool {
	if start == 0 {
		return true
	}
	return len(bytes.TrimSpace(src[textLineStart(src, start-1):start])) == 0
}

// blankAt reports whether the text line starting at start is blank (or there is none).
func blankAt(src []byte, start int) bool {
	return len(bytes.TrimSpace(src[start:textLineEnd(src, start)])) == 0
}

// requireEdits returns the edits that bring the requires of f (parsed from src) to want:
// a require whose version or indirect mark differs is changed on its own line, one f
// lacks is added, in path order, to the require block that holds its kind (direct or
// indirect; a new block when there is none). Every require of f must be in want.
func requireEdits(src []byte, f *modfile.File, want []*modfile.Require) ([]textEdit, error) {
	have := requireVersions(f)
	var edits []textEdit
	var added []*modfile.Require
	for _, w := range want {
		h, ok := have[w.Mod.Path]
		if !ok {
			added = append(added, w)
			continue
		}
		e, err := changeRequire(src, h, w)
		if err != nil {
			return nil, err
		}
		edits = append(edits, e...)
	}
	for _, indirect := range []bool{false, true} {
		var kind []*modfile.Require
		for _, r := range added {
			if r.Indirect == indirect {
				kind = append(kind, r)
			}
		}
		if len(kind) > 0 {
			edits = append(edits, addRequires(src, f, kind, indirect)...)
		}
	}
	return edits, nil
}

// changeRequire returns the edits that turn the require line of have into want.
func changeRequire(src []byte, have, want *modfile.Require) ([]textEdit, error) {
	l := have.Syntax
	if l == nil {
		return nil, fmt.Errorf("require %s has no line", have.Mod.Path)
	}
	var edits []textEdit
	if have.Mod.Version != want.Mod.Version {
		span := src[l.Start.Byte:l.End.Byte]
		i := bytes.LastIndex(span, []byte(have.Mod.Version))
		if i < 0 {
			return nil, fmt.Errorf("require %s: version %s not found on its line", have.Mod.Path, have.Mod.Version)
		}
		at := l.Start.Byte + i
		edits = append(edits, textEdit{at, at + len(have.Mod.Version), want.Mod.Version})
	}
	if have.Indirect != want.Indirect {
		var suffix *modfile.Comment
		if len(l.Suffix) > 0 {
			suffix = &l.Suffix[0]
		}
		switch {
		case want.Indirect && suffix == nil:
			edits = append(edits, textEdit{l.End.Byte, l.End.Byte, " // indirect"})
		case want.Indirect:
			rest := strings.TrimSpace(strings.TrimPrefix(suffix.Token, "//"))
			edits = append(edits, textEdit{suffix.Start.Byte, suffix.Start.Byte + len(suffix.Token), "// indirect; " + rest})
		default:
			rest := strings.TrimSpace(strings.TrimPrefix(suffix.Token, "//"))
			rest = strings.TrimSpace(strings.TrimPrefix(rest, "indirect"))
			rest = strings.TrimSpace(strings.TrimPrefix(rest, ";"))
			if rest == "" {
				edits = append(edits, textEdit{l.End.Byte, suffix.Start.Byte + len(suffix.Token), ""})
			} else {
				edits = append(edits, textEdit{suffix.Start.Byte, suffix.Start.Byte + len(suffix.Token), "// " + rest})
			}
		}
	}
	return edits, nil
}

// addRequires returns the edits that add reqs, all direct or all indirect, to src: into
// the last require block whose lines are all of that kind (for direct ones, the last
// block with a direct line), each before the first line whose path sorts after it; or,
// with no such block, as a block (a line for one) after the last require, or at the end.
func addRequires(src []byte, f *modfile.File, reqs []*modfile.Require, indirect bool) []textEdit {
	var block *modfile.LineBlock
	lastEnd := -1
	for _, stmt := range f.Syntax.Stmt {
		switch s := stmt.(type) {
		case *modfile.LineBlock:
			if len(s.Token) != 1 || s.Token[0] != "require" || len(s.Line) == 0 {
				continue
			}
			lastEnd = textLineEnd(src, s.RParen.Pos.Byte)
			allIndirect := !slices.ContainsFunc(s.Line, func(l *modfile.Line) bool { return !lineIndirect(l) })
			if indirect == allIndirect {
				block = s
			}
		case *modfile.Line:
			if len(s.Token) > 0 && s.Token[0] == "require" {
				lastEnd = textLineEnd(src, s.End.Byte)
			}
		}
	}
	line := func(indent string, r *modfile.Require) string {
		text := indent + r.Mod.Path + " " + r.Mod.Version
		if r.Indirect {
			text += " // indirect"
		}
		return text + "\n"
	}
	if block == nil {
		var text strings.Builder
		if len(reqs) == 1 {
			text.WriteString("require " + strings.TrimSuffix(line("", reqs[0]), "\n") + "\n")
		} else {
			text.WriteString("require (\n")
			for _, r := range reqs {
				text.WriteString(line("\t", r))
			}
			text.WriteString(")\n")
		}
		at := lastEnd
		if at < 0 {
			at = len(src)
		}
		prefix := "\n"
		if at > 0 && src[at-1] != '\n' {
			prefix = "\n\n"
		}
		return []textEdit{{at, at, prefix + text.String()}}
	}
	var edits []textEdit
	for _, r := range reqs {
		at, indent := -1, ""
		for _, l := range block.Line {
			if len(l.Token) > 0 && l.Token[0] > r.Mod.Path {
				first := l.Start.Byte
				if len(l.Before) > 0 {
					first = l.Before[0].Start.Byte
				}
				at, indent = textLineStart(src, first), indentOf(src, l.Start.Byte)
				break
			}
		}
		if at < 0 {
			last := block.Line[len(block.Line)-1]
			at, indent = textLineEnd(src, last.End.Byte), indentOf(src, last.Start.Byte)
			if len(last.Suffix) > 0 {
				at = textLineEnd(src, last.Suffix[len(last.Suffix)-1].Start.Byte)
			}
		}
		edits = append(edits, textEdit{at, at, line(indent, r)})
	}
	return edits
}

// lineIndirect reports whether a require line is marked // indirect.
func lineIndirect(l *modfile.Line) bool {
	if len(l.Suffix) == 0 {
		return false
	}
	f := strings.Fields(strings.TrimPrefix(l.Suffix[0].Token, "//"))
	return len(f) > 0 && (f[0] == "indirect" || f[0] == "indirect;")
}
