package audit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"slices"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// cgoFallback reports whether the package of the Go file p, which imports "C" and
// which build (cgo off) leaves out for that alone, still builds without it: every
// name p declares at package level (a method as Type.Method) is declared too by a
// file of the package that build compiles (a pure-Go //go:build !cgo twin), or, when
// unexported, is used by none of them. An exported name declared nowhere else may
// be used by another package: no fallback, the need stays.
func (a *auditor) cgoFallback(p string, src []byte, build repo.Build) bool {
	pkg := a.r.Packages[path.Dir(p)]
	if pkg == nil {
		return false
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution)
	if err != nil {
		return false
	}
	needed := topLevelNames(f)
	declared, used := map[string]bool{}, map[string]bool{}
	for _, other := range slices.Concat(pkg.AllFiles(), pkg.Generated) {
		if other.Path == p {
			continue
		}
		osrc, ok := a.r.ReadFile(other.Path)
		if !ok {
			return false // a file not read may be the one that needs it
		}
		if compiles, known, _ := build.Compiles(other.Path, osrc); !compiles || !known {
			continue
		}
		of, err := parser.ParseFile(fset, other.Path, osrc, parser.SkipObjectResolution)
		if err != nil {
			return false
		}
		for n := range topLevelNames(of) {
			declared[n] = true
		}
		ast.Inspect(of, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				used[n.Name] = true
			case *ast.SelectorExpr:
				used["."+n.Sel.Name] = true
			}
			return true
		})
	}
	for n, method := range needed {
		switch {
		case declared[n]:
		case method != "" && ast.IsExported(method), method == "" && ast.IsExported(n):
			return false
		case method != "" && used["."+method], method == "" && used[n]:
			return false
		}
	}
	return true
}

// topLevelNames returns the names f declares at package level, each with its
// method name when it is a method (the key then Type.Method), else "".
func topLevelNames(f *ast.File) map[string]string {
	out := map[string]string{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil || len(d.Recv.List) == 0 {
				if d.Name.Name != "init" && d.Name.Name != "_" {
					out[d.Name.Name] = ""
				}
				continue
			}
			out[recvName(d.Recv.List[0].Type)+"."+d.Name.Name] = d.Name.Name
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					out[s.Name.Name] = ""
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.Name != "_" {
							out[n.Name] = ""
						}
					}
				}
			}
		}
	}
	return out
}

// recvName returns the name of a method's receiver type (T for *T and T[K]).
func recvName(x ast.Expr) string {
	for {
		switch t := x.(type) {
		case *ast.StarExpr:
			x = t.X
		case *ast.IndexExpr:
			x = t.X
		case *ast.IndexListExpr:
			x = t.X
		case *ast.ParenExpr:
			x = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}
