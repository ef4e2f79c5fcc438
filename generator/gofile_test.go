package generator

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/imports"

	"github.com/gonew-prod/gonew-prod/templates"
)

// formatGoReference is the straightforward pipeline formatGo must match byte for byte:
// parse, delete the imports whose name is never selected from, print when one was
// deleted, then imports.Process in FormatOnly mode. It is the oracle of the tests below.
func formatGoReference(name string, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
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
			return nil, err
		}
		pkg := ImportName(p)
		if spec.Name != nil {
			pkg = spec.Name.Name
		}
		if pkg != "_" && pkg != "." && !used[pkg] {
			unused = append(unused, spec)
		}
	}
	if len(unused) > 0 {
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
			return nil, err
		}
		src = buf.Bytes()
	}
	return imports.Process(name, src, &imports.Options{Comments: true, TabIndent: true, TabWidth: 8, FormatOnly: true})
}

func routeName(r formatRoute) string {
	switch r {
	case routeUnchanged:
		return "unchanged"
	case routeReprinted:
		return "reprinted"
	case routeFull:
		return "full"
	}
	return fmt.Sprintf("route %d", int(r))
}

// goSource is one rendered Go file before formatting.
type goSource struct {
	path, template string
	src            []byte
}

// renderGoSources executes, without formatting, every Go template of the built-in tree
// that the manifest selects for a.
func renderGoSources(tb testing.TB, a Answers) []goSource {
	tb.Helper()
	tree := templates.FS()
	m, err := ReadManifest(tree, "")
	if err != nil {
		tb.Fatal(err)
	}
	versions, err := ReadVersions(tree)
	if err != nil {
		tb.Fatal(err)
	}
	data := newData(a, m, versions, "")
	set := newTemplateSet(&valueBudget{left: DefaultMaxValues, limit: DefaultMaxValues})
	out := []goSource{}
	w := &boundedWriter{left: DefaultMaxOutput, stop: new(atomic.Bool)}
	for _, e := range m.Files {
		if !e.When.Holds(a, nil) || path.Ext(e.Path) != ".go" {
			continue
		}
		name := TemplateDir + "/" + e.TemplateName()
		p, err := set.execute("path of "+name, e.Path, data, w)
		if err != nil {
			tb.Fatal(err)
		}
		text, err := fs.ReadFile(tree, name)
		if err != nil {
			tb.Fatal(err)
		}
		src, err := set.execute(name, string(text), data, w)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, goSource{path: string(p), template: name, src: src})
	}
	if len(out) == 0 {
		tb.Fatalf("no Go file rendered for %+v", a)
	}
	return out
}

// goldenAnswers reads the answers recorded in golden/<name>.
func goldenAnswers(tb testing.TB, name string) Answers {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("..", "golden", name, RecordFile))
	if err != nil {
		tb.Fatal(err)
	}
	var rec Record
	if err := yaml.Unmarshal(data, &rec); err != nil {
		tb.Fatalf("golden %s: %v", name, err)
	}
	return rec.Answers
}

// checkAgainstReference formats src both ways and reports any difference in bytes or in
// failing; it returns the route formatGo took.
func checkAgainstReference(t *testing.T, label string, s goSource) formatRoute {
	t.Helper()
	got, route, err := formatGoRoute(s.template, s.src)
	if errors.Is(err, errImportsUnformattable) && hasLineDirective(s.src) {
		// imports.Process may never return here: it is not asked.
		return route
	}
	want, wantErr := referenceOrPanic(s.template, s.src)
	if err := formatErrorsAgree(err, wantErr); err != nil {
		t.Errorf("%s: %s: %v", label, s.path, err)
		return route
	}
	if errors.Is(wantErr, errReferencePanicked) && !errors.Is(err, errImportsUnformattable) {
		t.Errorf("%s: %s: imports.Process panics, formatGo fails with %v instead of the error that says why", label, s.path, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: %s (route %s) differs from imports.Process:\n%s", label, s.path, routeName(route), lineDiff(want, got))
	}
	return route
}

var errReferencePanicked = errors.New("reference pipeline panicked")

// referenceOrPanic runs formatGoReference, turning a panic of imports.Process into
// errReferencePanicked.
func referenceOrPanic(name string, src []byte) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("%w: %v", errReferencePanicked, r)
		}
	}()
	return formatGoReference(name, src)
}

// hasLineDirective reports whether src may hold a //line or /*line directive, the only
// way imports.Process can be sent into its endless loop (a line number past the file's
// last line).
func hasLineDirective(src []byte) bool {
	return bytes.Contains(src, []byte("//line ")) || bytes.Contains(src, []byte("/*line "))
}

func formatErrorsAgree(got, want error) error {
	if (got == nil) != (want == nil) {
		return fmt.Errorf("formatGo error %v, reference error %v", got, want)
	}
	return nil
}

// lineDiff shows the first line where got differs from want.
func lineDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, wl, gl)
		}
	}
	return "same lines, different bytes"
}

// TestFormatGoGoldenCases checks every Go file of every golden case: formatGo on the
// unformatted render gives the reference pipeline's bytes, which are the golden file's.
func TestFormatGoGoldenCases(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join("..", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	cases := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		cases++
		t.Run(e.Name(), func(t *testing.T) {
			dir := filepath.Join("..", "golden", e.Name())
			rendered := map[string]bool{}
			for _, s := range renderGoSources(t, goldenAnswers(t, e.Name())) {
				golden, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(s.path)))
				if os.IsNotExist(err) {
					continue // removed by the case's preset
				}
				if err != nil {
					t.Fatal(err)
				}
				rendered[s.path] = true
				checkAgainstReference(t, e.Name(), s)
				got, err := formatGo(s.template, s.src)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, golden) {
					t.Errorf("%s differs from golden:\n%s", s.path, lineDiff(golden, got))
				}
			}
			err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || filepath.Ext(p) != ".go" {
					return err
				}
				rel, err := filepath.Rel(dir, p)
				if err == nil && !rendered[filepath.ToSlash(rel)] {
					t.Errorf("golden Go file %s was not rendered from the built-in templates", rel)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(rendered) == 0 {
				t.Error("no Go file compared")
			}
		})
	}
	if cases == 0 {
		t.Fatal("no golden cases")
	}
}

// TestFormatGoMatchesReference renders the templates for many answer combinations
// (frameworks, every subset of the features, module paths that sort before, between and
// after the dependencies, one without a dot) and compares formatGo with the reference
// pipeline on every distinct Go file.
func TestFormatGoMatchesReference(t *testing.T) {
	modules := []struct{ module, name string }{
		{"example.com/acme/orders", "orders"},
		{"gitlab.acme.example/payments/ledger", "ledger-api"},
		{"zz.example/x/billing", "billing"},
		{"localsvc", "localsvc"},
	}
	if testing.Short() {
		modules = modules[:2]
	}
	m, err := ReadManifest(templates.FS(), "")
	if err != nil {
		t.Fatal(err)
	}
	features := m.FeatureNames()
	seen := map[string]bool{}
	routes := map[formatRoute]int{}
	for _, fw := range []string{"gin", "echo"} {
		for mask := range 1 << len(features) {
			var on []string
			for i, f := range features {
				if mask&(1<<i) != 0 {
					on = append(on, f)
				}
			}
			m := modules[mask%len(modules)]
			a := Answers{
				Module: m.module, Name: m.name, Framework: fw, Go: "1.26", Features: on,
				CI: []string{"github", "gitlab", "none"}[mask%3], HTTPPort: 8080 + mask, AdminPort: 6060,
			}
			label := fmt.Sprintf("%s %s %v", fw, m.module, on)
			for _, s := range renderGoSources(t, a) {
				if seen[string(s.src)] {
					continue
				}
				seen[string(s.src)] = true
				routes[checkAgainstReference(t, label, s)]++
			}
		}
	}
	t.Logf("%d distinct Go files; routes: unchanged %d, reprinted %d, full %d",
		len(seen), routes[routeUnchanged], routes[routeReprinted], routes[routeFull])
}

// routeBody uses the imports of the routeCases that use it.
const routeBody = "\nfunc f() {\n\tfmt.Println(os.Args, http.StatusOK, ctx.Err)\n}\n"

// routeCases are hand-written files, each with the route formatGo must take for it; they
// also seed FuzzFormatGo.
var routeCases = []struct {
	name  string
	src   string
	route formatRoute
}{
	{"no imports", "package a\n\nvar x = 1\n", routeUnchanged},
	{"single import", "package a\n\nimport \"fmt\" // printing\n\nvar _ = fmt.Sprint\n", routeUnchanged},
	{"canonical block", "package a\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n\n\tctx \"github.com/x/y\"\n)\n" + routeBody, routeUnchanged},
	{"trailing comments and blank import", "package a\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n\t_ \"time/tzdata\" // zones\n\n\tctx \"github.com/x/y\" // ctx\n)\n" + routeBody, routeUnchanged},
	{"runs out of group order", "package a\n\nimport (\n\tctx \"github.com/x/y\"\n\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n)\n" + routeBody, routeUnchanged},
	{"same path, two names", "package a\n\nimport (\n\t\"fmt\"\n\tf \"fmt\"\n)\n\nvar _, _ = fmt.Sprint, f.Sprint\n", routeUnchanged},
	{"appengine group", "package a\n\nimport (\n\t\"fmt\"\n\n\t\"appengine/datastore\"\n)\n\nvar _, _ = fmt.Sprint, datastore.Get\n", routeUnchanged},
	{"hex digits kept", "package a\n\nvar x = 0xFF + 0o17 + 0b1 + 1e3 + 0x1p-2 + 7i + 0i\n", routeUnchanged},
	{"body needs formatting", "package a\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n\n\tctx \"github.com/x/y\"\n)\n\ntype T struct {\n\tA int\n\tLonger string\n}\n\nfunc f() {\n  fmt.Println(os.Args,http.StatusOK, ctx.Err)\n}\n", routeReprinted},
	{"unused import pruned", "package a\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n\t\"strings\"\n\n\tctx \"github.com/x/y\"\n)\n" + routeBody, routeReprinted},
	{"only import pruned", "package a\n\nimport (\n\t\"strings\"\n)\n\nvar x = 1\n", routeReprinted},
	{"pruned run", "package a\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n\n\t\"github.com/x/unused\"\n\n\tctx \"github.com/x/y\"\n)\n" + routeBody, routeReprinted},
	{"aligned comments in a run", "package a\n\nimport (\n\t\"fmt\"      // a\n\t\"net/http\" // b\n\t\"os\"\n)\n\nvar x = fmt.Sprint(os.Args, http.StatusOK)\n", routeUnchanged},
	{"comments in a run to align", "package a\n\nimport (\n\t\"fmt\" // a\n\t\"net/http\" // b\n\t\"os\"\n)\n\nvar x = fmt.Sprint(os.Args, http.StatusOK)\n", routeReprinted},
	{"spacing", "package a\n\nvar x  = 1\n", routeReprinted},
	{"carriage returns", "package a\r\n\r\nimport (\r\n\t\"fmt\"\r\n\t\"os\"\r\n)\r\n\r\nvar x = fmt.Sprint(os.Args)\r\n", routeReprinted},
	{"old build constraint", "// +build linux\n\npackage a\n\nvar x = 1\n", routeReprinted},
	{"unsorted", "package a\n\nimport (\n\t\"os\"\n\t\"fmt\"\n\t\"net/http\"\n\n\tctx \"github.com/x/y\"\n)\n" + routeBody, routeFull},
	{"unsorted after pruning", "package a\n\nimport (\n\t\"os\"\n\t\"fmt\"\n\t\"strings\"\n\t\"net/http\"\n\n\tctx \"github.com/x/y\"\n)\n" + routeBody, routeFull},
	{"groups mixed in a run", "package a\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n\tctx \"github.com/x/y\"\n)\n" + routeBody, routeFull},
	{"two import declarations", "package a\n\nimport \"fmt\"\n\nimport (\n\t\"net/http\"\n\t\"os\"\n\n\tctx \"github.com/x/y\"\n)\n" + routeBody, routeFull},
	{"duplicate import", "package a\n\nimport (\n\t\"fmt\"\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n\n\tctx \"github.com/x/y\"\n)\n" + routeBody, routeFull},
	{"comment line in block", "package a\n\nimport (\n\t\"fmt\"\n\t// the web\n\t\"net/http\"\n\t\"os\"\n\n\tctx \"github.com/x/y\"\n)\n" + routeBody, routeFull},
	{"block comment after import", "package a\n\nimport (\n\t\"fmt\" /* print */\n\t\"net/http\"\n\t\"os\"\n\n\tctx \"github.com/x/y\"\n)\n" + routeBody, routeFull},
	{"comment after paren", "package a\n\nimport ( // deps\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n\n\tctx \"github.com/x/y\"\n)\n" + routeBody, routeFull},
	{"blank line before paren", "package a\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n\n\tctx \"github.com/x/y\"\n\n)\n" + routeBody, routeFull},
	{"blank line after paren", "package a\n\nimport (\n\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n\n\tctx \"github.com/x/y\"\n)\n" + routeBody, routeFull},
	{"two blank lines between runs", "package a\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n\n\n\tctx \"github.com/x/y\"\n)\n" + routeBody, routeFull},
	{"imports on one line", "package a\n\nimport (\"fmt\"; \"os\")\n\nvar _, _ = fmt.Sprint, os.Exit\n", routeFull},
	{"cgo", "package a\n\n// #include <stdio.h>\nimport \"C\"\n\nvar _ C.int\n", routeFull},
	{"upper-case hex prefix", "package a\n\nvar x = 0X1F\n", routeFull},
	{"upper-case exponent", "package a\n\nvar x = 1E3\n", routeFull},
	{"imaginary with leading zeros", "package a\n\nvar x = 007i\n", routeFull},
	{"line directive before imports", "package a\n\n//line other.go:10\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nvar x  = fmt.Sprint(os.Args)\n", routeReprinted},
	{"line directive in imports", "package a\n\nimport (\n\t\"fmt\"\n//line other.go:10\n\t\"os\"\n)\n\nvar x = fmt.Sprint(os.Args)\n", routeFull},
	// gofmt is not idempotent here (go.dev/issue/24472): the first print is no fixed point.
	{"first print not final", "package p\n\nfunc f() {\n\tfoo(); /* one */ fooooo(); /* two */\n}\n", routeFull},
	// The full route: what imports.Process does beyond gofmt.
	{"three declarations merged", "package a\n\nimport \"os\"\nimport f \"fmt\"\n\nimport (\n\t\"net/http\"\n\n\tctx \"github.com/x/y\"\n)\n\nvar _ = f.Sprint\n" + routeBody, routeFull},
	{"declarations around a cgo import", "package a\n\nimport \"os\"\n\n// #include <stdio.h>\nimport \"C\"\n\nimport \"fmt\"\n\nvar _ C.int\nvar _, _ = fmt.Sprint, os.Exit\n", routeFull},
	{"empty import declaration", "package a\n\nimport ()\n\nvar x = 1\n", routeFull},
	{"empty declaration before a cgo block", "package a\n\nimport ()\n\nimport (\n\t\"C\"\n\t\"os\"\n\t\"github.com/x/y\"\n\t\"fmt\"\n)\n\nvar _ C.int\nvar _, _, _ = fmt.Sprint, os.Exit, y.Z\n", routeFull},
	{"standard library after a dependency", "package a\n\nimport (\n\t\"github.com/x/y\"\n\t\"fmt\"\n\t\"example.com/z\"\n\t\"os\"\n)\n\nvar _, _, _, _ = fmt.Sprint, os.Exit, y.Z, z.Z\n", routeFull},
	{"appengine before a local path", "package a\n\nimport (\n\t\"appengine/datastore\"\n\t\"zz/local\"\n)\n\nvar _, _ = datastore.Get, local.X\n", routeFull},
	{"duplicate, the commented one kept", "package a\n\nimport (\n\t\"fmt\" // one\n\t\"fmt\"\n)\n\nvar _ = fmt.Sprint\n", routeFull},
	{"duplicates, both commented", "package a\n\nimport (\n\t\"fmt\" // one\n\t\"fmt\" // two\n)\n\nvar _ = fmt.Sprint\n", routeFull},
	{"doc comments in an unsorted run", "package a\n\nimport (\n\t// the arguments\n\t\"os\"\n\t// printing\n\t\"fmt\"\n\t// the web\n\t\"net/http\"\n)\n\nvar x = fmt.Sprint(os.Args, http.StatusOK)\n", routeFull},
	{"long comment moved to a shorter import", "package a\n\nimport (\n\t\"zz.example/long/path/to/some/pkg\" // a comment long enough to reach the next line once moved\n\t\"fmt\"\n\t\"os\"\n\t\"example.com/other\"\n)\n\nvar _, _, _, _ = fmt.Sprint, os.Exit, other.X, pkg.Y\n", routeFull},
	{"raw string paths", "package a\n\nimport (\n\t`github.com/x/y`\n\t`fmt`\n)\n\nvar _, _ = fmt.Sprint, y.Z\n", routeFull},
	{"import line in a comment before the package", "/*\nimport\n\t\"github.com/x/y\"\n*/\npackage a\n\nimport (\n\t\"github.com/x/y\"\n\t\"fmt\"\n)\n\nvar _, _ = fmt.Sprint, y.Z\n", routeFull},
	{"type line in a comment before the imports", "package a\n\n/*\nimport\ntypes\n*/\nimport (\n\t\"github.com/x/y\"\n\t\"fmt\"\n)\n\nvar _, _ = fmt.Sprint, y.Z\n", routeFull},
	{"groups in a merged declaration", "package a\n\nimport \"github.com/x/y\"\nimport \"fmt\"\n\nvar _, _ = fmt.Sprint, y.Z\n", routeFull},
	{"line directive and sorting", "package a\n\n//line other.go:5\nimport (\n\t\"os\"\n\t\"fmt\"\n\n\t\"github.com/x/y\"\n\t\"fmt\"\n)\n\nvar _, _, _ = fmt.Sprint, os.Exit, y.Z\n", routeFull},
	{"duplicates on one line in a block", "package a\n\nimport (\"fmt\"; \"fmt\")\n\nvar _ = fmt.Sprint\n", routeFull},
	{"comment moved past its line", "package a\n\nimport (\n\t\"b\"\n\t\"a\" // a comment long enough to reach the next line once moved\n\t\"c\"\n)\n\nvar _, _, _ = a.A, b.B, c.C\n", routeFull},
	// formatGo fails on the next three, see TestFormatGoUnformattableImports.
	{"duplicates on the only line", unformattableImports[0].src, routeFull},
	{"duplicates in a block on the only line", unformattableImports[1].src, routeFull},
	{"line directive past the end", unformattableImports[2].src, routeFull},
}

// TestFormatGoRoutes checks, on hand-written files, that formatGo matches the reference
// pipeline and takes the shortcut only where it can: each row names the route it must
// take, so a shortcut that is too eager, or never taken, fails.
func TestFormatGoRoutes(t *testing.T) {
	for _, tt := range routeCases {
		t.Run(tt.name, func(t *testing.T) {
			route := checkAgainstReference(t, tt.name, goSource{path: "a.go", template: "a.go.tmpl", src: []byte(tt.src)})
			if route != tt.route {
				t.Errorf("route %s, want %s", routeName(route), routeName(tt.route))
			}
		})
	}
}

// unformattableImports are files on which imports.Process panics (the first two) or never
// returns (the last one).
var unformattableImports = []struct{ name, src string }{
	{"duplicates on the only line", "package a; import \"fmt\"; import \"fmt\"; var _ = fmt.Sprint"},
	{"duplicates in a block on the only line", "package a; import (\"fmt\"; \"fmt\"); var _ = fmt.Sprint"},
	{"line directive past the end", "package a\n\n//line x.go:1000\nimport (\n\t\"b\"\n\t\"a\" // a comment long enough to reach the next line once moved\n\t\"c\"\n)\n\nvar _, _, _ = a.A, b.B, c.C\n"},
}

// TestFormatGoUnformattableImports checks that formatGo fails, with an error that names the
// template and says what to change, where imports.Process would panic or loop forever.
func TestFormatGoUnformattableImports(t *testing.T) {
	for _, tt := range unformattableImports {
		t.Run(tt.name, func(t *testing.T) {
			_, err := formatGo("project/a.go.tmpl", []byte(tt.src))
			if !errors.Is(err, errImportsUnformattable) || !strings.HasPrefix(err.Error(), "render project/a.go.tmpl: ") {
				t.Errorf("err = %v, want errImportsUnformattable naming the template", err)
			}
		})
	}
}

func TestFormatGoParseError(t *testing.T) {
	_, err := formatGo("project/x.go.tmpl", []byte("package x\n\nfunc f() {\n\treturn 1 +\n}\n"))
	if err == nil || !strings.Contains(err.Error(), "render project/x.go.tmpl: rendered Go does not parse") || !strings.Contains(err.Error(), "project/x.go.tmpl:5:") {
		t.Errorf("err = %v, want it to name the template and line 5", err)
	}
}

// FuzzFormatGo compares formatGo with the reference pipeline on arbitrary input: both
// fail, or both give the same bytes (see checkAgainstReference for the inputs that make
// imports.Process panic or loop).
func FuzzFormatGo(f *testing.F) {
	for _, s := range renderGoSources(f, goldenAnswers(f, "minimal")) {
		f.Add(s.src)
	}
	f.Add([]byte("package a\n\nimport (\n\t\"os\"\n\t\"fmt\" // x\n\n\t\"github.com/x/y\"\n)\n\nvar _ = fmt.Sprint(os.Args, y.Z, 0X1p-2)\n"))
	for _, c := range routeCases {
		f.Add([]byte(c.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkAgainstReference(t, "fuzz", goSource{path: "a.go", template: "a.go", src: src})
	})
}
