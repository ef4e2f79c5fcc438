package repo

import (
	"fmt"
	"go/ast"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"
)

// buildState is whether the linux/amd64 build compiles a Go file.
type buildState int

const (
	// untagged: a build without tags compiles the file.
	untagged buildState = iota
	// tagged: only a build that sets a tag compiles it (//go:build tools).
	tagged
	// otherPlatforms: no linux/amd64 build compiles it, whatever the tags
	// (_windows.go, //go:build darwin && prod).
	otherPlatforms
)

// maxBuildTags bounds the build tags of one constraint whose settings are tried: a
// constraint with more that does not hold without them counts as tagged.
const maxBuildTags = 8

// knownOS and knownArch are the GOOS and GOARCH values the go command knows, which
// name suffixes and build tags are compared with.
var (
	knownOS   = []string{"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos"}
	knownArch = []string{"386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le",
		"ppc", "ppc64", "ppc64le", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm"}
)

// stateOf returns whether a build for the platform of container images, linux/amd64,
// compiles the Go file p whose constraint is x (its //go:build line or legacy
// // +build lines; nil for none), as discovery reads a repository: x and the GOOS and
// GOARCH suffixes of p's name (_windows.go, _arm64.go) decide. The tags of the
// platform hold (linux, amd64, unix, gc and every go1.N release tag), those of other
// platforms do not, and every other tag (cgo among them) is a build tag that -tags
// may set, but ignore, which no build sets.
func stateOf(p string, x constraint.Expr) buildState {
	if !nameBuilds(path.Base(p)) {
		return otherPlatforms
	}
	if x == nil {
		return untagged
	}
	var tags []string // the build tags x names, in order
	if x.Eval(func(tag string) bool {
		v, platform := platformTag(tag)
		if !platform && !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
		return v
	}) {
		return untagged
	}
	if len(tags) > maxBuildTags {
		return tagged
	}
	for set := 1; set < 1<<len(tags); set++ {
		if x.Eval(func(tag string) bool {
			if v, platform := platformTag(tag); platform {
				return v
			}
			return set&(1<<slices.Index(tags, tag)) != 0
		}) {
			return tagged
		}
	}
	return otherPlatforms
}

// platformTag returns the value of tag in the linux/amd64 build, and whether the
// platform or the toolchain sets it (false for a build tag, which -tags may set).
// ignore is treated as a tag of the platform that no build sets.
func platformTag(tag string) (value, platform bool) {
	v, _, platform := linuxAMD64.platformValue(tag)
	return v, platform
}

// nameBuilds reports whether a linux/amd64 build compiles a file of this name, as
// far as its name says (see [Build.nameValue]).
func nameBuilds(name string) bool {
	v, _ := linuxAMD64.nameValue(name)
	return v
}

// Build is a go build as far as its build files tell: its GOOS and GOARCH ("" when
// they do not tell), the tags its -tags sets and whether cgo is on (nil when they do
// not tell). MoreTags marks a -tags that may set others than Tags (a variable's):
// a build tag not in Tags is then unknown. Discovery reads a repository as a
// linux/amd64 build without -tags.
type Build struct {
	GOOS, GOARCH string
	Tags         []string
	MoreTags     bool
	Cgo          *bool
}

// Matches reports whether the go command's patterns (./...) match the directory
// dir, for b, and whether that is known: they match a directory of which b compiles
// at least one Go file, its test files included (see Compiles), whatever the
// package those files make. It is not known when no file is known to compile and b
// cannot tell for one (a constraint on a tag b leaves unknown, a file that was not
// read), nor for a directory the walk did not list (one read through a symbolic
// link, which patterns do not follow).
func (r *Repo) Matches(b Build, dir string) (matched, known bool) {
	files, ok := r.goFiles[dir]
	if !ok {
		return false, false
	}
	known = true
	for _, p := range files {
		src, ok := r.files[p]
		if !ok {
			src, ok = r.testHeads[p]
		}
		if !ok {
			known = false
			continue
		}
		head := r.goHead(p, src)
		switch compiles, k, _ := b.compiles(p, head.header, func() bool { return head.cgo }); {
		case compiles && k:
			return true, true
		case !k:
			known = false
		}
	}
	return false, known
}

// goHead is what Matches reads of the Go file p, whose source (or lines before the
// package clause, for a test file) is src: read on the first call for p, then kept
// (see Repo.heads), so that the builds of an audit, matched against the same
// directories again and again, scan and parse each file once.
type goHead struct {
	header
	cgo bool // it imports "C"
}

// goHead returns what Matches reads of the Go file p whose source is src.
func (r *Repo) goHead(p string, src []byte) goHead {
	r.headsMu.Lock()
	defer r.headsMu.Unlock()
	h, ok := r.heads[p]
	if !ok {
		h = goHead{header: scanHeader(src), cgo: importsC(src)}
		if r.heads == nil {
			r.heads = map[string]goHead{}
		}
		r.heads[p] = h
	}
	return h
}

// linuxAMD64 is the build for the platform of container images without -tags, as
// discovery reads a repository: cgo is left unknown, a build tag -tags may set.
var linuxAMD64 = Build{GOOS: "linux", GOARCH: "amd64"}

// unixOS are the GOOS values for which the unix tag holds.
var unixOS = []string{"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "linux", "netbsd", "openbsd", "solaris"}

// Compiles reports whether b compiles the Go file p whose source is src, and
// whether that is known: the GOOS and GOARCH suffixes of p's name, the file's
// constraint and its import "C" decide, as the go command reads them (a file that
// imports "C" is left out when cgo is off, whatever its constraint says: the import
// is an implicit cgo constraint, which follows CGO_ENABLED, not -tags). A file
// whose constraint the go command refuses (a second //go:build line) is not known.
// constraint is the file's constraint as this audit names it ("//go:build x",
// `import "C"`, or both joined by "and"; "" for none).
func (b Build) Compiles(p string, src []byte) (compiles, known bool, constraint string) {
	return b.compiles(p, scanHeader(src), func() bool { return importsC(src) })
}

// compiles is Compiles for the Go file p whose lines before the package clause
// read h, cgo reporting whether it imports "C" (asked only where that decides).
func (b Build) compiles(p string, h header, cgo func() bool) (compiles, known bool, constraint string) {
	nv, nk := b.nameValue(path.Base(p))
	switch {
	case nk && !nv:
		return false, true, ""
	case h.err != nil:
		return false, false, ""
	}
	xv, xk := true, true
	if h.build != nil {
		xv, xk = b.eval(h.build)
		constraint = "//go:build " + h.build.String()
	}
	if cgo() {
		cv, ck := b.Cgo != nil && *b.Cgo, b.Cgo != nil
		switch {
		case xk && !xv:
		case ck && !cv:
			xv, xk = false, true
		default:
			xv, xk = xv && cv, xk && ck
		}
		if constraint != "" {
			constraint += " and "
		}
		constraint += `import "C"`
	}
	if xk && !xv {
		return false, true, constraint
	}
	return nv && xv, nk && xk, constraint
}

// LeavesOutForCgo reports whether b leaves the Go file p out only because it
// imports "C" and cgo is off: its name and its //go:build constraint alone do not
// exclude it. The package then builds without the file only if others declare what
// it does (a pure-Go //go:build !cgo twin).
func (b Build) LeavesOutForCgo(p string, src []byte) bool {
	if b.Cgo == nil || *b.Cgo || !importsC(src) {
		return false
	}
	if nv, nk := b.nameValue(path.Base(p)); nk && !nv {
		return false
	}
	h := scanHeader(src)
	if h.err != nil {
		return false
	}
	if h.build != nil {
		if xv, xk := b.eval(h.build); xk && !xv {
			return false
		}
	}
	return true
}

// importsC reports whether the Go source src imports "C" (cgo).
func importsC(src []byte) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
	if f == nil || err != nil && len(f.Imports) == 0 {
		return false
	}
	for _, im := range f.Imports {
		if im.Path != nil && im.Path.Value == `"C"` {
			return true
		}
	}
	return false
}

// eval evaluates x for b: its value, and whether b tells it.
func (b Build) eval(x constraint.Expr) (value, known bool) {
	switch x := x.(type) {
	case *constraint.TagExpr:
		return b.tag(x.Tag)
	case *constraint.NotExpr:
		v, k := b.eval(x.X)
		return !v, k
	case *constraint.AndExpr:
		v1, k1 := b.eval(x.X)
		v2, k2 := b.eval(x.Y)
		if k1 && !v1 || k2 && !v2 {
			return false, true
		}
		return v1 && v2, k1 && k2
	case *constraint.OrExpr:
		v1, k1 := b.eval(x.X)
		v2, k2 := b.eval(x.Y)
		if k1 && v1 || k2 && v2 {
			return true, true
		}
		return v1 || v2, k1 && k2
	}
	return false, false
}

// tag returns the value of a build tag in b, and whether b tells it: -tags sets
// a tag whatever the platform, the platform and the toolchain set theirs, cgo
// follows b.Cgo, and no other tag is set, unless b.MoreTags leaves it unknown.
func (b Build) tag(tag string) (value, known bool) {
	if slices.Contains(b.Tags, tag) {
		return true, true
	}
	if v, k, platform := b.platformValue(tag); platform {
		return v, k
	}
	if tag == "cgo" {
		if b.Cgo == nil {
			return false, false
		}
		return *b.Cgo, true
	}
	return false, !b.MoreTags
}

// platformValue returns the value b's platform or the toolchain gives tag, whether
// b tells it (not when the tag is a GOOS or GOARCH b leaves unknown), and whether the
// tag is one of theirs (false for a build tag, which -tags may set, cgo among them).
// ignore is treated as a tag of the platform that no build sets, and every go1.N
// release tag holds.
func (b Build) platformValue(tag string) (value, known, platform bool) {
	switch {
	case tag == "gc":
		return true, true, true
	case tag == "gccgo" || tag == "ignore":
		return false, true, true
	case tag == "unix":
		return slices.Contains(unixOS, b.GOOS), b.GOOS != "", true
	case slices.Contains(knownOS, tag):
		return osMatches(b.GOOS, tag), b.GOOS != "", true
	case slices.Contains(knownArch, tag):
		return tag == b.GOARCH, b.GOARCH != "", true
	}
	if minor, ok := strings.CutPrefix(tag, "go1."); ok {
		if _, err := strconv.ParseUint(minor, 10, 32); err == nil {
			return true, true, true
		}
	}
	return false, true, false
}

// osMatches reports whether the GOOS tag holds for goos: android builds linux
// files, illumos solaris ones and ios darwin ones.
func osMatches(goos, tag string) bool {
	return tag == goos || goos == "android" && tag == "linux" || goos == "illumos" && tag == "solaris" || goos == "ios" && tag == "darwin"
}

// nameValue reports whether b compiles a file of this name, as far as its name
// says, and whether b tells it (see nameTags): all the tags of its name must hold.
func (b Build) nameValue(name string) (value, known bool) {
	value, known = true, true
	for _, tag := range nameTags(name) {
		v, k, _ := b.platformValue(tag)
		if k && !v {
			return false, true
		}
		value, known = value && v, known && k
	}
	return value, known
}

// nameTags returns the GOOS and GOARCH tags the name of a Go file constrains it with,
// all of which must hold: name_GOOS.go, name_GOARCH.go and name_GOOS_GOARCH.go (the
// first element of the name never counts: linux.go is no constraint).
func nameTags(name string) []string {
	name = strings.TrimSuffix(strings.TrimSuffix(name, ".go"), "_test")
	i := strings.Index(name, "_")
	if i < 0 {
		return nil
	}
	l := strings.Split(name[i:], "_")
	n := len(l)
	if n >= 2 && slices.Contains(knownOS, l[n-2]) && slices.Contains(knownArch, l[n-1]) {
		return l[n-2:]
	}
	if slices.Contains(knownOS, l[n-1]) || slices.Contains(knownArch, l[n-1]) {
		return l[n-1:]
	}
	return nil
}

// FileConstraint returns the constraint under which the go command compiles the Go file
// p whose source is src, as one expression: the GOOS and GOARCH tags of its name, its
// //go:build line (or legacy // +build lines) and, for a file that imports "C", the cgo
// tag (the import is an implicit cgo constraint), joined by &&; nil when nothing
// constrains it. It fails, naming the line, when the go command refuses the file's
// constraint (a second //go:build line).
func FileConstraint(p string, src []byte) (constraint.Expr, error) {
	h := scanHeader(src)
	if h.err != nil {
		return nil, fmt.Errorf("%s:%d: %w", p, h.errLine, h.err)
	}
	var x constraint.Expr
	var terms []string // those x joins, to join each once (main_darwin.go, //go:build darwin)
	and := func(y constraint.Expr) {
		for _, t := range conjuncts(y) {
			switch {
			case slices.Contains(terms, t.String()):
			case x == nil:
				x = t
			default:
				x = &constraint.AndExpr{X: x, Y: t}
			}
			terms = append(terms, t.String())
		}
	}
	for _, tag := range nameTags(path.Base(p)) {
		and(&constraint.TagExpr{Tag: tag})
	}
	if h.build != nil {
		and(h.build)
	}
	if importsC(src) {
		and(&constraint.TagExpr{Tag: "cgo"})
	}
	return x, nil
}

// conjuncts returns the expressions x joins by &&, x alone when it joins none.
func conjuncts(x constraint.Expr) []constraint.Expr {
	if and, ok := x.(*constraint.AndExpr); ok {
		return append(conjuncts(and.X), conjuncts(and.Y)...)
	}
	return []constraint.Expr{x}
}

// MainConstraint returns the constraint under which the go command compiles func main
// of m, which a file added to the package must carry to be compiled exactly when the
// package is a program: that of the file declaring it (see FileConstraint), or those
// of the files declaring it joined by || (main_linux.go, main_windows.go); nil when one
// of them has none, or when theirs holds whatever the tags (linux || !linux). A file
// only the conventional //go:build ignore tag brings in (a go run generator of the
// directory) is no program's: discovery keeps no such file in a package (see Ignored).
// It fails when the constraint of a file declaring func main cannot be told.
func (r *Repo) MainConstraint(m *Main) (constraint.Expr, error) {
	p := m.Package
	var x constraint.Expr
	for _, f := range slices.Concat(p.Files, p.OtherPlatforms, p.Generated) {
		src := r.files[f.Path]
		if !declaresMain(r.Fset, f, src) {
			continue
		}
		fx, err := FileConstraint(f.Path, src)
		if err != nil {
			return nil, fmt.Errorf("the constraint of %s, which declares func main: %w", f.Path, err)
		}
		switch {
		case fx == nil:
			return nil, nil
		case x == nil:
			x = fx
		default:
			x = &constraint.OrExpr{X: x, Y: fx}
		}
	}
	if x != nil && always(x) {
		return nil, nil
	}
	return x, nil
}

// declaresMain reports whether the file f of a main package, whose source is src,
// declares func main.
func declaresMain(fset *token.FileSet, f *File, src []byte) bool {
	syntax := f.Syntax
	if !f.Full {
		if !declaresFunc(src, map[string]bool{"main": true}) {
			return false
		}
		var err error
		if syntax, err = parser.ParseFile(fset, f.Path, src, parser.SkipObjectResolution); err != nil {
			return true // func main may be there: its constraint counts
		}
	}
	for _, d := range syntax.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "main" {
			return true
		}
	}
	return false
}

// settings calls hold with every setting of the tags x names, as long as it returns
// true, and reports whether it did for every one; false when x names more than
// maxBuildTags tags.
func settings(x constraint.Expr, hold func(set func(string) bool) bool) bool {
	var tags []string
	x.Eval(func(tag string) bool {
		if !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
		return false
	})
	if len(tags) > maxBuildTags {
		return false
	}
	for set := 0; set < 1<<len(tags); set++ {
		if !hold(func(tag string) bool { return set&(1<<slices.Index(tags, tag)) != 0 }) {
			return false
		}
	}
	return true
}

// always reports whether x holds whatever its tags (false when it names too many to
// tell).
func always(x constraint.Expr) bool {
	return settings(x, func(set func(string) bool) bool { return x.Eval(set) })
}
