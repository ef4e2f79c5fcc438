package generator

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"regexp"
	"slices"
	"sort"
	"strconv"

	"golang.org/x/tools/go/ast/astutil"
)

// The functions below format a Go file with its imports merged, sorted and grouped, giving
// the bytes golang.org/x/tools/imports.Process gives in FormatOnly mode with no local
// prefix. That package is not imported: its package initializers create a cache directory
// under $HOME in every process that links it. Its effect is reproduced step by step,
// including the way it moves positions and merges lines of the token.File, because the
// printer reads line breaks and comment places from those positions; the tests compare
// every result with imports.Process itself.

// errImportsUnformattable reports a file on which imports.Process would panic or never
// return: a line directive or several imports on one line leave it a line number that
// the file does not have.
var errImportsUnformattable = errors.New("imports cannot be sorted: a //line directive or several imports on one line give them line numbers the file does not have; put each import on a line of its own, with no line directive before or among them")

// formatWithImports formats f, parsed from one file in fset, as imports.Process does in
// FormatOnly mode: it merges the import declarations, sorts and deduplicates each run of
// imports with the standard library first, separates the groups of a run with a blank
// line, prints, and ends with go/format.Source. It changes f and the token.File.
func formatWithImports(name string, fset *token.FileSet, f *ast.File) ([]byte, error) {
	mergeImportDecls(f)
	if err := sortImportDecls(fset.File(f.FileStart), f); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	breaks := groupBreaks(fset, f)
	text, err := printGo(name, fset, f)
	if err != nil {
		return nil, err
	}
	if len(breaks) > 0 {
		text = insertGroupBreaks(text, breaks)
	}
	out, err := format.Source(text)
	if err != nil {
		return nil, notGo(name, err)
	}
	return out, nil
}

// mergeImportDecls moves the imports of every import declaration into the first one,
// except declarations that import "C", which stay as they are. The first declaration is
// marked parenthesized at its own position, and each moved import path takes that
// position too (its name, if any, keeps its own).
func mergeImportDecls(f *ast.File) {
	if len(f.Decls) <= 1 {
		return
	}
	var first *ast.GenDecl
	kept := f.Decls[:0]
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT || importsC(g) {
			kept = append(kept, d)
			continue
		}
		if first == nil {
			first = g
			kept = append(kept, d)
			continue
		}
		first.Lparen = first.Pos()
		for _, s := range g.Specs {
			movePath(s.(*ast.ImportSpec).Path, first.Pos())
			first.Specs = append(first.Specs, s)
		}
	}
	f.Decls = kept
}

// importsC reports whether the import declaration g imports "C".
func importsC(g *ast.GenDecl) bool {
	return slices.ContainsFunc(g.Specs, func(s ast.Spec) bool { return specPath(s) == "C" })
}

// movePath moves lit to pos, its end along with it.
func movePath(lit *ast.BasicLit, pos token.Pos) {
	size := lit.End() - lit.Pos()
	lit.ValuePos, lit.ValueEnd = pos, pos+size
}

// specPath is the unquoted path of an import, "" when it does not unquote.
func specPath(s ast.Spec) string {
	p, err := strconv.Unquote(s.(*ast.ImportSpec).Path.Value)
	if err != nil {
		return ""
	}
	return p
}

// specName is the explicit name of an import, "" without one.
func specName(s ast.Spec) string {
	if n := s.(*ast.ImportSpec).Name; n != nil {
		return n.Name
	}
	return ""
}

// specComment is the text of the comment at the end of an import's line, "" without one.
func specComment(s ast.Spec) string {
	if c := s.(*ast.ImportSpec).Comment; c != nil {
		return c.Text()
	}
	return ""
}

// sortImportDecls sorts every run of imports (imports on successive lines, counted with
// //line directives applied) of each leading import declaration, and drops an empty
// import declaration; the declaration right after a dropped one is left unsorted, as
// imports.Process leaves it.
func sortImportDecls(tf *token.File, f *ast.File) error {
	for i, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			break
		}
		if len(g.Specs) == 0 {
			f.Decls = slices.Delete(f.Decls, i, i+1)
		}
		if !g.Lparen.IsValid() {
			continue
		}
		sorted := g.Specs[:0]
		start := 0
		for j, s := range g.Specs {
			if j > start && tf.Line(s.Pos()) > tf.Line(g.Specs[j-1].End())+1 {
				run, err := sortImportRun(tf, f, g.Specs[start:j])
				if err != nil {
					return err
				}
				sorted = append(sorted, run...)
				start = j
			}
		}
		run, err := sortImportRun(tf, f, g.Specs[start:])
		if err != nil {
			return err
		}
		g.Specs = append(sorted, run...)
		if len(g.Specs) == 0 {
			continue
		}
		// Dropping duplicates can leave a blank line before ")": remove one.
		last := tf.PositionFor(g.Specs[len(g.Specs)-1].Pos(), false).Line
		if rparen := tf.PositionFor(g.Rparen, false).Line; rparen > last+1 {
			if err := mergeLine(tf, rparen-1); err != nil {
				return err
			}
		}
	}
	return nil
}

// mergeLine joins line with the next one in tf, or fails where token.File.MergeLine
// would panic.
func mergeLine(tf *token.File, line int) error {
	if line < 1 || line >= tf.LineCount() {
		return errImportsUnformattable
	}
	tf.MergeLine(line)
	return nil
}

// importRun sorts the imports of one run by group, path, name and comment.
type importRun []ast.Spec

func (r importRun) Len() int      { return len(r) }
func (r importRun) Swap(i, j int) { r[i], r[j] = r[j], r[i] }
func (r importRun) Less(i, j int) bool {
	a, b := specPath(r[i]), specPath(r[j])
	if ga, gb := importGroup(a), importGroup(b); ga != gb {
		return ga < gb
	}
	if a != b {
		return a < b
	}
	if na, nb := specName(r[i]), specName(r[j]); na != nb {
		return na < nb
	}
	return specComment(r[i]) < specComment(r[j])
}

// commentsByPos sorts comment groups by position.
type commentsByPos []*ast.CommentGroup

func (c commentsByPos) Len() int           { return len(c) }
func (c commentsByPos) Swap(i, j int)      { c[i], c[j] = c[j], c[i] }
func (c commentsByPos) Less(i, j int) bool { return c[i].Pos() < c[j].Pos() }

// sortImportRun sorts one run of imports in place and returns it without the duplicates
// that can go (same path and name, no comment on the dropped one). Every comment from the
// run's first import to its last line belongs to the import before it; after sorting,
// each import takes the next free position, starting at the first one's, with its
// comments right at its end, and the lines the comments would open up are merged away.
// The sort is sort.Sort, as in imports.Process, so that equal imports end in the same
// order.
func sortImportRun(tf *token.File, f *ast.File, specs []ast.Spec) ([]ast.Spec, error) {
	if len(specs) <= 1 {
		return specs, nil
	}
	type span struct{ start, end token.Pos }
	pos := make([]span, len(specs))
	for i, s := range specs {
		pos[i] = span{s.Pos(), s.End()}
	}

	lastLine := tf.Line(pos[len(pos)-1].end)
	from, to := len(f.Comments), len(f.Comments)
	for i, g := range f.Comments {
		if g.Pos() < pos[0].start {
			continue
		}
		from = min(from, i)
		if tf.Line(g.End()) > lastLine {
			to = i
			break
		}
	}
	comments := f.Comments[from:to]
	owned := map[ast.Spec][]*ast.CommentGroup{}
	k := 0
	for _, g := range comments {
		for k+1 < len(specs) && pos[k+1].start <= g.Pos() {
			k++
		}
		owned[specs[k]] = append(owned[specs[k]], g)
	}

	sort.Sort(importRun(specs))
	kept := specs[:0]
	for i, s := range specs {
		if i < len(specs)-1 && specPath(s) == specPath(specs[i+1]) && specName(s) == specName(specs[i+1]) && s.(*ast.ImportSpec).Comment == nil {
			if err := mergeLine(tf, tf.Line(s.Pos())); err != nil {
				return nil, err
			}
			continue
		}
		kept = append(kept, s)
	}
	specs = kept

	for i, s := range specs {
		spec := s.(*ast.ImportSpec)
		if spec.Name != nil {
			spec.Name.NamePos = pos[i].start
		}
		movePath(spec.Path, pos[i].start)
		spec.EndPos = pos[i].end
		next := pos[i].end
		for _, g := range owned[s] {
			for _, c := range g.List {
				c.Slash = pos[i].end
				next = c.End()
			}
		}
		if i < len(specs)-1 {
			pos[i+1] = span{next, next}
		}
	}
	sort.Sort(commentsByPos(comments))

	firstLine := tf.Line(specs[0].Pos())
	for _, s := range specs[1:] {
		for l := tf.Line(s.Pos()) - 1; l >= firstLine; l-- {
			// imports.Process loops forever here (it logs and retries the same line).
			if l <= 0 || l >= tf.LineCount() {
				return nil, errImportsUnformattable
			}
			tf.MergeLine(l)
		}
	}
	return specs, nil
}

// groupBreaks lists, in order, the import paths that begin a new group within a run of
// imports (a paragraph of the printed import block): each needs a blank line before it.
func groupBreaks(fset *token.FileSet, f *ast.File) []string {
	var breaks []string
	for _, run := range astutil.Imports(fset, f) {
		last := -1
		for _, spec := range run {
			p := specPath(spec)
			if g := importGroup(p); g != last {
				if last != -1 {
					breaks = append(breaks, p)
				}
				last = g
			}
		}
	}
	return breaks
}

// importLine matches an import line of a printed import block and captures its path.
var importLine = regexp.MustCompile(`^\s+(?:[\w\.]+\s+)?"(.+?)"`)

// insertGroupBreaks adds a blank line before the import lines of text, the printed file,
// whose paths are breaks, in order. Like imports.Process, it works on lines: the import
// section starts at the first line beginning with "import" and ends at the first line
// beginning with var, func, const or type; a path matches only in double quotes, and a
// last line without a newline is dropped.
func insertGroupBreaks(text []byte, breaks []string) []byte {
	var out bytes.Buffer
	out.Grow(len(text) + len(breaks))
	in, done := false, false
	for {
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			break
		}
		line := text[:i+1]
		text = text[i+1:]
		if !in && !done && bytes.HasPrefix(line, []byte("import")) {
			in = true
		}
		if in && startsDecl(line) {
			in, done = false, true
		}
		if in && len(breaks) > 0 {
			if m := importLine.FindSubmatch(line); m != nil && string(m[1]) == breaks[0] {
				out.WriteByte('\n')
				breaks = breaks[1:]
			}
		}
		out.Write(line)
	}
	return out.Bytes()
}

// startsDecl reports whether line begins with a keyword that ends the import section.
func startsDecl(line []byte) bool {
	for _, kw := range []string{"var", "func", "const", "type"} {
		if bytes.HasPrefix(line, []byte(kw)) {
			return true
		}
	}
	return false
}
