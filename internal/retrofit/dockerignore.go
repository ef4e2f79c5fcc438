package retrofit

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// dockerExcluded reports whether the .dockerignore content data leaves the
// slash-separated path p (relative to the build context) out of the context, as Docker
// decides it (github.com/moby/patternmatcher, which Docker's builder uses), and names
// the pattern that does.
func dockerExcluded(data []byte, p string) (excluded bool, pattern string, err error) {
	patterns, err := ignorefile.ReadAll(bytes.NewReader(data))
	if err != nil {
		return false, "", err
	}
	if excluded, err = patternmatcher.MatchesOrParentMatches(p, patterns); err != nil || !excluded {
		return false, "", err
	}
	// The last pattern that excludes p by itself decides (a later exception would have
	// kept it in).
	for i := len(patterns) - 1; i >= 0; i-- {
		if !strings.HasPrefix(patterns[i], "!") {
			if ok, _ := patternmatcher.MatchesOrParentMatches(p, patterns[i:i+1]); ok {
				return true, patterns[i], nil
			}
		}
	}
	return true, "", nil
}

// runtimeReads are the calls whose first argument, a relative path, names files a
// program reads at run time.
var runtimeReads = map[string][]string{
	"html/template": {"ParseGlob", "ParseFiles"},
	"text/template": {"ParseGlob", "ParseFiles"},
	"net/http":      {"Dir"},
	"os":            {"ReadFile", "Open", "ReadDir", "DirFS"},
}

// readsFiles returns where the main package reads files by a relative path at run time
// ("main.go:12 template.ParseGlob(\"templates/*.html\")"), which the image, holding the
// binary alone, lacks; none when the package embeds files (//go:embed).
func (m *mainPkg) readsFiles() []string {
	var out []string
	for _, f := range m.files {
		for _, cg := range f.syntax.Comments {
			for _, c := range cg.List {
				if strings.HasPrefix(c.Text, "//go:embed ") {
					return nil
				}
			}
		}
		ast.Inspect(f.syntax, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			pkg, name, ok := f.qualified(call.Fun)
			if !ok || !slices.Contains(runtimeReads[pkg], name) {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if v, err := strconv.Unquote(lit.Value); err == nil && v != "" && !path.IsAbs(v) {
				out = append(out, fmt.Sprintf("%s:%d %s", f.path, m.fset.PositionFor(call.Pos(), false).Line, f.src(m.fset, call)))
			}
			return true
		})
	}
	return out
}
