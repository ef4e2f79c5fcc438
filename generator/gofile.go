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
	"golang.org/x/tools/imports"
)

// formatGo removes the imports that conditional template sections left unused, then runs
// imports.Process in FormatOnly mode (sorted, grouped, gofmt-formatted). FormatOnly keeps
// the result independent of the machine: no GOPATH or module cache lookups.
func formatGo(name string, src []byte) ([]byte, error) {
	pruned, err := pruneImports(name, src)
	if err != nil {
		return nil, err
	}
	out, err := imports.Process(name, pruned, &imports.Options{Comments: true, TabIndent: true, TabWidth: 8, FormatOnly: true})
	if err != nil {
		return nil, fmt.Errorf("render %s: rendered Go does not parse (line numbers are of the rendered file): %w", name, err)
	}
	return out, nil
}

// pruneImports deletes imports whose package name is never referenced. A package's name
// is its explicit import name or, without one, the import path's last element (skipping a
// /vN major version suffix, and up to the first '.' or '-' after a "go-" prefix):
// templates name an import explicitly when its package name differs from that.
func pruneImports(name string, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("render %s: rendered Go does not parse (line numbers are of the rendered file): %w", name, err)
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	var unused []*ast.ImportSpec
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			return nil, fmt.Errorf("render %s: import %s: %w", name, spec.Path.Value, err)
		}
		pkg := ImportName(p)
		if spec.Name != nil {
			pkg = spec.Name.Name
		}
		if pkg == "_" || pkg == "." || used[pkg] {
			continue
		}
		unused = append(unused, spec)
	}
	if len(unused) == 0 {
		return src, nil
	}
	for _, spec := range unused {
		p, _ := strconv.Unquote(spec.Path.Value)
		n := ""
		if spec.Name != nil {
			n = spec.Name.Name
		}
		astutil.DeleteNamedImport(fset, f, n, p)
	}
	var buf bytes.Buffer
	if err := (&printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}).Fprint(&buf, fset, f); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
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
