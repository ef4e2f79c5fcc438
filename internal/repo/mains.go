package repo

import (
	"go/ast"
	"maps"
	"slices"
	"strings"
)

// frameworks maps the import path of each HTTP framework to it, in the order of
// precedence used when a program imports several.
var frameworks = []struct {
	path string
	fw   Framework
}{
	{"github.com/gin-gonic/gin", Gin},
	{"github.com/labstack/echo/v5", Echo5},
	{"github.com/labstack/echo/v4", Echo4},
	{"github.com/go-chi/chi/v5", Chi},
	{"github.com/go-chi/chi", Chi},
	{"github.com/gorilla/mux", Gorilla},
	{"net/http", NetHTTP},
}

// cgoPackages are packages that need cgo, by import path prefix, with the pure-Go
// replacement when one exists.
var cgoPackages = []struct{ prefix, alternative string }{
	{"github.com/mattn/go-sqlite3", "modernc.org/sqlite"},
	{"github.com/confluentinc/confluent-kafka-go", "github.com/twmb/franz-go"},
	{"github.com/mattn/go-oci8", "github.com/sijms/go-ora/v2"},
	{"github.com/godror/godror", "github.com/sijms/go-ora/v2"},
	{"github.com/linxGnu/grocksdb", "github.com/cockroachdb/pebble"},
	{"github.com/tecbot/gorocksdb", "github.com/cockroachdb/pebble"},
	{"github.com/DataDog/zstd", "github.com/klauspost/compress/zstd"},
	{"gopkg.in/gographics/imagick", ""},
	{"github.com/google/gopacket/pcap", ""},
	{"plugin", ""},
}

// findMains finds the main packages that declare func main and works out each one's
// program, framework and cgo needs.
func (r *Repo) findMains() {
	byPath := map[string][]*Package{}
	for _, dir := range slices.Sorted(maps.Keys(r.Packages)) {
		if p := r.Packages[dir]; p.ImportPath != "" {
			byPath[p.ImportPath] = append(byPath[p.ImportPath], p)
		}
	}
	for _, p := range r.Packages {
		if p.Name != "main" {
			continue
		}
		file, line := r.funcMain(p)
		if file == "" {
			continue
		}
		m := &Main{Package: p, MainFile: file, MainLine: line, Program: program(p, byPath)}
		m.Unread = r.unreadOf(m, byPath)
		r.detect(m)
		r.Mains = append(r.Mains, m)
	}
	slices.SortFunc(r.Mains, func(a, b *Main) int { return strings.Compare(a.Dir(), b.Dir()) })
}

// funcMain returns where p declares func main: in its first file a build without
// tags compiles that does, or else in its first file that does.
func (r *Repo) funcMain(p *Package) (string, int) {
	for _, tagged := range []bool{false, true} {
		for _, f := range p.Files {
			if f.Tagged != tagged {
				continue
			}
			for _, d := range f.Syntax.Decls {
				if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "main" {
					return f.Path, Line(r.Fset, fn.Pos())
				}
			}
		}
	}
	return "", 0
}

// program returns main and the packages of the repository it imports, directly or
// not: main first, then by directory. An import path that packages of several modules
// have (modules copied from one template) is the importer's own module's package, as
// the go command resolves it; none, when none of them is in the importer's module.
func program(main *Package, byPath map[string][]*Package) []*Package {
	seen := map[*Package]bool{main: true}
	queue := []*Package{main}
	resolve := func(from *Package, ip string) *Package {
		found := byPath[ip]
		if len(found) == 1 {
			return found[0]
		}
		for _, p := range found {
			if p.Module == from.Module {
				return p
			}
		}
		return nil
	}
	for i := 0; i < len(queue); i++ {
		for _, f := range slices.Concat(queue[i].Files, queue[i].Generated) {
			for _, imp := range f.Imports {
				if p := resolve(queue[i], imp.Path); p != nil && !seen[p] && p.Name != "main" {
					seen[p] = true
					queue = append(queue, p)
				}
			}
		}
	}
	rest := queue[1:]
	slices.SortFunc(rest, func(a, b *Package) int { return strings.Compare(a.Dir, b.Dir) })
	return queue
}

// detect sets the framework and the cgo needs of m from the imports of its program.
func (r *Repo) detect(m *Main) {
	best := len(frameworks)
	for _, p := range m.Program {
		for _, f := range p.Files {
			for _, imp := range f.Imports {
				for i, fw := range frameworks {
					if imp.Path == fw.path && i < best {
						best = i
						m.Framework, m.FrameworkAt = fw.fw, r.At(f.Path, imp.Line)
					}
				}
				if need, ok := cgoNeed(imp.Path); ok {
					need.At = r.At(f.Path, imp.Line)
					m.Cgo = append(m.Cgo, need)
				}
			}
		}
	}
}

func cgoNeed(importPath string) (CgoNeed, bool) {
	if importPath == "C" {
		return CgoNeed{Reason: `import "C"`}, true
	}
	for _, c := range cgoPackages {
		if importPath == c.prefix || strings.HasPrefix(importPath, c.prefix+"/") {
			return CgoNeed{Reason: importPath, Alternative: c.alternative}, true
		}
	}
	return CgoNeed{}, false
}

// Main returns the main package selected by sel: its directory ("cmd/api", "./cmd/api"),
// its import path, or the last element of its directory, each when unique (two
// modules may share a path). It returns how many main packages sel names otherwise.
func (r *Repo) Main(sel string) (*Main, int) {
	clean := strings.TrimSuffix(strings.TrimPrefix(sel, "./"), "/")
	if clean == "" {
		clean = "."
	}
	var byPath, byBase []*Main
	for _, m := range r.Mains {
		switch {
		case m.Dir() == clean:
			return m, 1
		case m.Package.ImportPath == sel:
			byPath = append(byPath, m)
		case m.Dir() != "." && m.Dir()[strings.LastIndex(m.Dir(), "/")+1:] == clean:
			byBase = append(byBase, m)
		}
	}
	for _, found := range [][]*Main{byPath, byBase} {
		switch len(found) {
		case 0:
		case 1:
			return found[0], 1
		default:
			return nil, len(found)
		}
	}
	return nil, 0
}
