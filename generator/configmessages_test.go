package generator_test

import (
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestConfigMessagesSpellDurations type-checks the config package of the golden cases
// and refuses a validation message (l.fail's fmt.Sprintf) given a time.Duration to print
// as it is: its String ends with zero units (1m0s, 1h0m0s), and the messages write a
// duration as the README does, through durationText (1m, 1h).
func TestConfigMessagesSpellDurations(t *testing.T) {
	for _, name := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			dir, err := filepath.Abs(filepath.Join(goldenRoot, name))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(dir, "internal", "config")); err != nil {
				t.Skipf("%s has no internal/config", name)
			}
			cfg := &packages.Config{Dir: dir, Env: append(os.Environ(), "GOFLAGS=-mod=readonly", "GOPROXY=off", "GOWORK=off"),
				Mode: packages.NeedName | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo}
			pkgs, err := packages.Load(cfg, "./internal/config")
			if err != nil {
				t.Fatal(err)
			}
			if len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
				t.Fatalf("load internal/config: %d packages, errors %v", len(pkgs), pkgs[0].Errors)
			}
			p := pkgs[0]
			for _, f := range p.Syntax {
				ast.Inspect(f, func(n ast.Node) bool {
					fail, ok := n.(*ast.CallExpr)
					if !ok || !isCall(fail.Fun, "l", "fail") || len(fail.Args) != 3 {
						return true
					}
					msg, ok := fail.Args[2].(*ast.CallExpr)
					if !ok || !isCall(msg.Fun, "fmt", "Sprintf") {
						return true
					}
					for _, arg := range msg.Args[1:] {
						if named, ok := p.TypesInfo.TypeOf(arg).(*types.Named); ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "time" && named.Obj().Name() == "Duration" {
							t.Errorf("%s: the message for %s prints a time.Duration as it is (%s): give it durationText", p.Fset.Position(arg.Pos()), types.ExprString(fail.Args[0]), types.ExprString(arg))
						}
					}
					return true
				})
			}
		})
	}
}

// isCall reports whether fun is the selector x.sel.
func isCall(fun ast.Expr, x, sel string) bool {
	s, ok := fun.(*ast.SelectorExpr)
	if !ok || s.Sel.Name != sel {
		return false
	}
	id, ok := s.X.(*ast.Ident)
	return ok && id.Name == x
}
