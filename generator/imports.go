package generator

import (
	"fmt"
	"go/parser"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"
)

// ExternalImports returns, sorted and without duplicates, every package that the Go
// files among files import from outside the standard library and outside module (the
// project's own module path). The module files of a project are complete when they
// cover exactly these.
func ExternalImports(files []File, module string) ([]string, error) {
	set := map[string]bool{}
	for _, f := range files {
		if path.Ext(f.Path) != ".go" {
			continue
		}
		syntax, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Content, parser.ImportsOnly)
		if err != nil {
			return nil, fmt.Errorf("imports of %s: %w", f.Path, err)
		}
		for _, spec := range syntax.Imports {
			p, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return nil, fmt.Errorf("imports of %s: %s: %w", f.Path, spec.Path.Value, err)
			}
			own := p == module || strings.HasPrefix(p, module+"/")
			if !isStd(p) && !own {
				set[p] = true
			}
		}
	}
	imports := make([]string, 0, len(set))
	for p := range set {
		imports = append(imports, p)
	}
	slices.Sort(imports)
	return imports, nil
}
