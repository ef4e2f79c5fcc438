package retrofit

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// scope is what Go files put into their package's scope (declarations) and their files'
// scopes (import names), each name with where it comes from.
type scope struct {
	decls, imports map[string]string
}

func newScope() scope { return scope{decls: map[string]string{}, imports: map[string]string{}} }

// add adds the names of the file rel; of the files importing a package under one name,
// the first is named.
func (s scope) add(rel string, f *ast.File) {
	declare := func(id *ast.Ident, what string) {
		if id.Name != "_" {
			s.decls[id.Name] = fmt.Sprintf("%s declares %s %s", rel, what, id.Name)
		}
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name != "init" {
				declare(d.Name, "func")
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch spec := spec.(type) {
				case *ast.ValueSpec:
					for _, id := range spec.Names {
						declare(id, d.Tok.String())
					}
				case *ast.TypeSpec:
					declare(spec.Name, "type")
				}
			}
		}
	}
	names := importNames(f)
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if name := names[p]; err == nil && name != "_" && name != "." && s.imports[name] == "" {
			s.imports[name] = fmt.Sprintf("%s imports %s as %s", rel, p, name)
		}
	}
}

// clashes returns how the names of gen collide with those of s: a name both declare, or
// one declares and the other imports a package as.
func (s scope) clashes(gen scope) []string {
	var out []string
	for name, g := range gen.decls {
		if u, ok := s.decls[name]; ok {
			out = append(out, u+", and "+g)
		}
		if u, ok := s.imports[name]; ok {
			out = append(out, u+", and "+g)
		}
	}
	for name, g := range gen.imports {
		if u, ok := s.decls[name]; ok {
			out = append(out, u+", and "+g)
		}
	}
	slices.Sort(out)
	return out
}

// checkNames refuses when the files add generates in package main (gonew_prod.go and
// its test) would declare or import a name that the package's own files declare or
// import: tests included, generated or not, and whatever their build constraints, since
// the generated files have none and are compiled with each of them (a windows file, an
// `integration` test). Only the files the go command never compiles with the package
// are left out: those named _x.go or .x.go, which it never reads, and those of a
// //go:build ignore constraint (see repo.Ignored), such as a generator script of
// package main that go generate runs with go run.
func (p *planner) checkNames() error {
	dir := p.t.Main.Dir()
	gen, user := newScope(), newScope()
	fset := token.NewFileSet()
	generated := map[string]bool{}
	for _, f := range p.rendered {
		if path.Dir(f.Path) != dir || !strings.HasSuffix(f.Path, ".go") {
			continue
		}
		generated[f.Path] = true
		syntax, err := parser.ParseFile(fset, f.Path, f.Content, parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("parse %s: %w", f.Path, err)
		}
		gen.add(f.Path, syntax)
	}
	if len(generated) == 0 {
		return nil
	}
	entries, err := os.ReadDir(filepath.Join(p.t.Dir, filepath.FromSlash(dir)))
	if err != nil {
		return fmt.Errorf("read %s: %w", dir, err)
	}
	for _, e := range entries {
		rel := joinPath(dir, e.Name())
		if !strings.HasSuffix(e.Name(), ".go") || generated[rel] || strings.HasPrefix(e.Name(), "_") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		content, _, blocker, err := generator.Look(os.DirFS(p.t.Dir), rel)
		if err != nil || blocker != "" || content == nil || repo.Ignored(content) {
			continue
		}
		syntax, err := parser.ParseFile(fset, rel, content, parser.SkipObjectResolution)
		if err != nil || syntax.Name.Name != "main" {
			continue // another package's test, or a file the gate will report
		}
		user.add(rel, syntax)
	}
	if clash := user.clashes(gen); len(clash) > 0 {
		return refuse("package main and gonew-prod's wiring would declare the same names: %s; rename yours to add shutdown", strings.Join(clash, "; "))
	}
	return nil
}
