package generator

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"path"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// formatGo removes the imports that conditional template sections left unused, then
// formats the file exactly as golang.org/x/tools/imports.Process in FormatOnly mode would
// (imports merged, sorted and grouped, gofmt-formatted). FormatOnly keeps the result
// independent of the machine: no GOPATH or module cache lookups.
func formatGo(name string, src []byte) ([]byte, error) {
	out, _, err := formatGoRoute(name, src)
	return out, err
}

// formatRoute says how formatGoRoute reached its result.
type formatRoute int

const (
	// routeUnchanged: the source was already in its final form; parsed and printed once.
	routeUnchanged formatRoute = iota
	// routeReprinted: printed once, then parsed and printed again to show that the first
	// print is a fixed point.
	routeReprinted
	// routeFull: imports merged, sorted and grouped (formatWithImports), printed, then
	// formatted by go/format, because the shortcut could not show that this would change
	// nothing.
	routeFull
)

// formatGoRoute does formatGo's work and says which route it took.
//
// Its result is the one of the plain pipeline: print the file once its unused imports are
// deleted (only when one was), then imports.Process, which merges the import declarations,
// sorts and groups the imports, prints, and ends with go/format.Source (parse, sort the
// imports again, print). That is up to three parses and three prints per file. When the
// imports are already as that merging, sorting and grouping would leave them
// (importsInFinalForm) and no number literal needs gofmt's rewriting (numberIsFinal), each
// step of the pipeline only parses and prints, so the result is the first print as soon as
// printing it again changes nothing. The source itself passes that test when the first
// print reproduces it, as it does for most rendered templates; any other file takes the
// full route, formatWithImports, which does what imports.Process does without linking it.
// The tests hold the plain pipeline, imports.Process included, as an oracle.
func formatGoRoute(name string, src []byte) ([]byte, formatRoute, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, 0, notGo(name, err)
	}
	facts := scanFile(f)
	pruned, err := pruneImports(name, fset, f, facts.selected)
	if err != nil {
		return nil, 0, err
	}
	// The text imports.Process receives: the source, or the pruned file printed.
	text := src
	if pruned {
		if text, err = printGo(name, fset, f); err != nil {
			return nil, 0, err
		}
	}
	// full formats text on the full route; f is text's syntax tree unless pruned.
	full := func() ([]byte, formatRoute, error) {
		if pruned {
			fset = token.NewFileSet()
			if f, err = parser.ParseFile(fset, name, text, parser.ParseComments|parser.SkipObjectResolution); err != nil {
				return nil, 0, notGo(name, err)
			}
		}
		out, err := formatWithImports(name, fset, f)
		return out, routeFull, err
	}
	if !facts.numbersFinal || !pruned && !importsInFinalForm(fset, f) {
		return full()
	}
	out := text
	if !pruned {
		if out, err = printGo(name, fset, f); err != nil {
			return nil, 0, err
		}
		if bytes.Equal(out, src) {
			return out, routeUnchanged, nil
		}
	}
	// out is what the pipeline prints first; show that printing it again changes nothing.
	reFset := token.NewFileSet()
	g, err := parser.ParseFile(reFset, name, out, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil || !importsInFinalForm(reFset, g) {
		return full()
	}
	again, err := printGo(name, reFset, g)
	if err != nil || !bytes.Equal(again, out) {
		return full()
	}
	return out, routeReprinted, nil
}

func notGo(name string, err error) error {
	return fmt.Errorf("render %s: rendered Go does not parse (line numbers are of the rendered file): %w", name, err)
}

// printGo prints f as gofmt does, except that number literals are printed as written
// (formatGoRoute only relies on it for files whose literals gofmt leaves alone).
func printGo(name string, fset *token.FileSet, f *ast.File) ([]byte, error) {
	var buf bytes.Buffer
	if err := (&printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}).Fprint(&buf, fset, f); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// fileFacts is what one walk over a file finds out.
type fileFacts struct {
	selected     map[string]bool // identifiers used as X in X.Sel
	numbersFinal bool            // no number literal that gofmt would rewrite
}

// scanFile walks f once and returns its fileFacts.
func scanFile(f *ast.File) fileFacts {
	facts := fileFacts{selected: map[string]bool{}, numbersFinal: true}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if id, ok := n.X.(*ast.Ident); ok {
				facts.selected[id.Name] = true
			}
		case *ast.BasicLit:
			if n.Kind != token.STRING && n.Kind != token.CHAR && !numberIsFinal(n.Value) {
				facts.numbersFinal = false
			}
		}
		return true
	})
	return facts
}

// numberIsFinal reports whether gofmt prints the number literal lit as it is. gofmt
// lower-cases the 0X, 0B and 0O prefixes and the E and P exponents, and drops leading
// zeros of integer imaginary literals; a literal that has none of these is left alone.
// The test is conservative: a literal it refuses may still be final.
func numberIsFinal(lit string) bool {
	if strings.HasPrefix(lit, "0x") {
		return !strings.ContainsRune(lit, 'P')
	}
	if strings.ContainsAny(lit, "XBOEP") {
		return false
	}
	return !(len(lit) > 2 && lit[0] == '0' && strings.HasSuffix(lit, "i") && !strings.ContainsAny(lit, ".e"))
}

// importsInFinalForm reports whether imports.Process in FormatOnly mode and gofmt's own
// import sorting would leave f's imports exactly as they are: at most one import
// declaration, no cgo import, and in a parenthesized block: every import on one line of
// its own, right below the previous import (same run) or after one blank line (new run);
// the first import on the line after "(" and ")" on the line after the last import; each
// run within one group (see importGroup) and strictly sorted by path, then name; no
// comment but a single // comment at the end of an import's line.
func importsInFinalForm(fset *token.FileSet, f *ast.File) bool {
	var decl *ast.GenDecl
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			break
		}
		if decl != nil {
			return false
		}
		decl = g
	}
	if decl == nil {
		return true
	}
	if len(decl.Specs) == 0 {
		return false
	}
	tf := fset.File(decl.Pos())
	line := func(p token.Pos) int { return tf.PositionFor(p, false).Line }
	last, lastPath, lastName := line(decl.Lparen), "", ""
	comments := 0
	for i, s := range decl.Specs {
		spec := s.(*ast.ImportSpec)
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || p == "C" {
			return false
		}
		if !decl.Lparen.IsValid() {
			return true // a single import: nothing to sort
		}
		name := ""
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if c := spec.Comment; c != nil {
			if len(c.List) != 1 || !strings.HasPrefix(c.List[0].Text, "//") || line(c.Pos()) != line(spec.End()) {
				return false
			}
			comments++
		}
		l := line(spec.Pos())
		switch {
		case line(spec.End()) != l:
			return false
		case i == 0 && l != last+1:
			return false
		case i > 0 && l == last+1:
			if importGroup(p) != importGroup(lastPath) || p < lastPath || p == lastPath && name <= lastName {
				return false
			}
		case i > 0 && l != last+2:
			return false
		}
		last, lastPath, lastName = l, p, name
	}
	if line(decl.Rparen) != last+1 {
		return false
	}
	for _, g := range f.Comments {
		if g.Pos() > decl.Rparen {
			break
		}
		if g.Pos() > decl.Lparen {
			comments--
		}
	}
	return comments == 0
}

// importGroup is imports.Process's group of an import path when no local prefix is set:
// the standard library, then paths whose first element has a dot, then appengine.
func importGroup(importPath string) int {
	if strings.HasPrefix(importPath, "appengine") {
		return 2
	}
	if !isStd(importPath) {
		return 1
	}
	return 0
}

// isStd reports whether an import path is the standard library's: its first element has
// no dot.
func isStd(importPath string) bool {
	first, _, _ := strings.Cut(importPath, "/")
	return !strings.Contains(first, ".")
}

// pruneImports deletes from f the imports whose package name is never used as the X of
// a selector X.Sel (selected), and reports whether it deleted any. A package's name is
// its explicit import name or, without one, ImportName of its path: templates name an
// import explicitly when its package name differs from that.
func pruneImports(name string, fset *token.FileSet, f *ast.File, selected map[string]bool) (bool, error) {
	type unused struct{ name, path string }
	var drop []unused
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			return false, fmt.Errorf("render %s: import %s: %w", name, spec.Path.Value, err)
		}
		pkg, explicit := ImportName(p), ""
		if spec.Name != nil {
			pkg, explicit = spec.Name.Name, spec.Name.Name
		}
		if pkg == "_" || pkg == "." || selected[pkg] {
			continue
		}
		drop = append(drop, unused{explicit, p})
	}
	for _, u := range drop {
		astutil.DeleteNamedImport(fset, f, u.name, u.path)
	}
	return len(drop) > 0, nil
}

var majorVersion = regexp.MustCompile(`^v[0-9]+$`)

// ImportName guesses the package name of an import path the way gofmt users expect:
// "github.com/labstack/echo/v5" is echo, "gopkg.in/yaml.v3" is yaml.
func ImportName(importPath string) string {
	base := path.Base(importPath)
	if majorVersion.MatchString(base) && strings.Contains(importPath, "/") {
		base = path.Base(path.Dir(importPath))
	}
	base = strings.TrimPrefix(base, "go-")
	if i := strings.IndexAny(base, ".-"); i > 0 {
		base = base[:i]
	}
	return base
}
