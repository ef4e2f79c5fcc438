// Package repo discovers what a Go repository holds without building it: its modules
// (nested go.mod files and go.work), vendor directories, main packages with their HTTP
// framework and cgo needs, Makefiles, Dockerfiles, CI files and Kubernetes manifests.
//
// Go files are parsed with go/parser, never type-checked, and read as a linux/amd64
// build without -tags reads them (see stateOf): a file that build leaves out whatever
// its tags is kept apart, in [Package.OtherPlatforms]. Test files, a module's
// vendor/, testdata/ and directories starting with "." or "_" are skipped, but for
// the YAML and CI files of those starting with "." (.gitlab/, .buildkite/, .k8s/),
// which are read; .git/ and tools' stores (.venv/, .terraform/) are not. Generated
// files (a "// Code generated ... DO NOT EDIT." line before the package clause) are
// kept apart from the files of their package, in [Package.Generated]. Symbolic links
// to Go files, and to package directories a program imports, are followed while they
// stay inside the repository.
// A file that cannot be read or parsed, or is too large, is recorded in
// [Repo.Problems] and skipped; the packages of a program that were not read, or not
// whole, are listed in [Main.Unread].
package repo

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Repo is a discovered repository. Paths in it are slash-separated and relative to
// the root ("." for the root itself).
type Repo struct {
	// Root names the repository in messages (the directory it was opened from).
	Root string
	// Fset holds the positions of every parsed Go file.
	Fset *token.FileSet
	// Modules are the go.mod files, sorted by directory.
	Modules []*Module
	// Work is the go.work file at the root, or nil.
	Work *Work
	// Works are the go.work files that govern builds in the repository, sorted by
	// directory: the nearest one above the root (see [OpenIn]), and every one in it.
	Works []*Work
	// Packages are the non-test Go packages by directory.
	Packages map[string]*Package
	// TestOnly are the directories that hold test Go files (x_test.go) but no package
	// of Packages, sorted: the go command's patterns (./...) match them all the same,
	// as packages of their tests alone.
	TestOnly []string
	// Mains are the main packages that declare func main (or may: see
	// Main.MainUnread), sorted by directory.
	Mains []*Main
	// Makefiles, Dockerfiles and Manifests (Kubernetes objects in YAML or JSON) are
	// file paths, sorted.
	Makefiles   []string
	Dockerfiles []string
	Manifests   []string
	// Bazel are the Bazel BUILD files (BUILD, BUILD.bazel) that declare a go_binary,
	// sorted: builds this audit does not read.
	Bazel []string
	// CI are the CI configuration files, sorted by path.
	CI []CIFile
	// Records are the paths of the gonew-prod records (.gonew-prod.yaml) in the
	// repository, sorted: the root's, and those of modules nested in it (a monorepo's
	// services). Each governs only the main packages in its directory or below it.
	Records []string
	// Problems are the files that could not be read or parsed.
	Problems []Problem
	// TooLarge are the files of Problems that were not read for being larger than the
	// bound of their kind (see Mentions to look for words in them).
	TooLarge []string
	// files holds the content of every file read, by path, and fsys is where they
	// were read from.
	files map[string][]byte
	fsys  fs.FS
	// links maps each Go file read through a symbolic link to the file read.
	links map[string]string
	// notRead holds why each Go file and directory that discovery meant to read was
	// not read (or not parsed), by path (see Main.Unread).
	notRead map[string]string
	// generated holds the generated Go files of files by directory, as GeneratedIn
	// returns them, indexed when files held generatedOf files.
	generated   map[string][]string
	generatedOf int
	// goFiles holds the Go files of each directory the go command's patterns may
	// match (tests included), by directory, and testHeads the lines before the
	// package clause of its test files, read only in a directory none of whose other
	// files every build compiles (see Matches).
	goFiles   map[string][]string
	testHeads map[string][]byte
	// heads holds what Matches has read of the files of goFiles, by path (see
	// goHead).
	headsMu sync.Mutex
	heads   map[string]goHead
	// place is where the repository is read from, while it is opened.
	place place
	// osRoot is the root's OS directory, absolute, when the repository was read from one
	// (OSDir), else "": where the go command resolves the main modules' relative replace
	// lines before it compares them with absolute ones (see taken).
	osRoot string
	// lines holds the offsets at which the lines of each file At has placed evidence
	// in start, so that placing every line of a long file is not quadratic.
	linesMu sync.Mutex
	lines   map[string][]int
	// vendored holds the imports of the vendored packages VendoredImport has read,
	// by directory.
	vendorMu sync.Mutex
	vendored map[string]*vendorPackage
	// vendorSrc holds the sources of the vendored Go files VendoredPackage has read
	// whole, by path: apart from files, which holds the repository's own (see Paths),
	// but given by ReadFile and quoted by At.
	vendorSrc map[string][]byte
}

// Module is one go.mod file.
type Module struct {
	Dir  string // directory of go.mod
	Path string // module path
	// Go is the go directive's version ("" when absent) and GoLine its line.
	Go     string
	GoLine int
	// Godebug are the godebug settings of go.mod, as key=value with their line.
	Godebug []Setting
	// Requires are the required module paths with versions and lines.
	Requires []Require
	// Replaces are the replace directives of go.mod.
	Replaces []Replace
	// GoSum reports whether go.sum sits beside go.mod; Vendor whether vendor/ does.
	GoSum  bool
	Vendor bool
}

// Setting is a key=value setting found at a line.
type Setting struct {
	Key, Value string
	Line       int
}

// Require is one require directive of a go.mod.
type Require struct {
	Path, Version string
	Line          int
	Indirect      bool
}

// Replace is one replace directive of a go.mod or go.work.
type Replace struct {
	// Old is the replaced module path, and OldVersion its version ("" for all).
	Old, OldVersion string
	// New is the replacement as written: a directory (NewVersion "") or a module
	// path at NewVersion.
	New, NewVersion string
	// Dir is the replacement directory relative to the root ("../fork" when outside
	// it), or "" when New is a module or an absolute path.
	Dir string
	// At is the directive.
	At Evidence
}

// Outside reports whether the replacement is a directory outside the repository.
func (rep Replace) Outside() bool { return rep.NewVersion == "" && !inside(rep.Dir) }

// Work is a go.work file.
type Work struct {
	Path string // the file relative to the root, e.g. "go.work", "../go.work" above it
	// Dir is the directory of go.work relative to the root: ".", "backend", or ".."
	// and the like when it is above the root.
	Dir    string
	Go     string
	GoLine int
	// Use are the directories of the used modules, relative to the root ("../lib"
	// for one outside it, or absolute as written); UseAt their lines.
	Use   []string
	UseAt []Evidence
	// UsePaths are the module paths of the used modules outside the repository whose
	// go.mod could be read, by directory (see Use).
	UsePaths map[string]string
	// Godebug are the godebug settings of go.work: in workspace mode, those that
	// apply (the used modules' own are ignored).
	Godebug []Setting
	// Replaces are the replace directives of go.work, which come before those of the
	// used modules' go.mod files.
	Replaces []Replace
}

// Package is a directory's non-test Go files of one package.
type Package struct {
	Dir        string
	Name       string
	ImportPath string  // module path + directory ("" when outside every module)
	Module     *Module // nil when outside every module
	Files      []*File
	// Generated are the package's generated files: part of what the package
	// compiles to (a Wire injector connects the program's parts), but no evidence.
	// A directory of generated files alone makes a package of them (Files empty).
	Generated []*File
	// OtherPlatforms are the hand-written files of the package that no linux/amd64
	// build compiles, whatever its tags (main_windows.go, //go:build darwin): in
	// none of the package's other lists, for what add tells of the files it leaves
	// out.
	OtherPlatforms []*File
}

// AllFiles returns the hand-written files of the package for every platform: Files,
// then OtherPlatforms.
func (p *Package) AllFiles() []*File { return slices.Concat(p.Files, p.OtherPlatforms) }

// File is one parsed Go file. Syntax is the whole file for package main and for files
// loaded with [Repo.Load]; otherwise only the package clause and imports.
type File struct {
	Path    string
	Syntax  *ast.File
	Full    bool // Syntax holds the whole file
	Imports []Import
	// GoDebug are the //go:debug directives before the package clause.
	GoDebug []Setting
	// Generated marks a generated file (see Package.Generated).
	Generated bool
	// Tagged marks a file that a linux/amd64 build compiles only when it sets a
	// build tag (//go:build tools, integration || e2e): it names its package only
	// when no file of the directory builds without tags, and a declaration in a file
	// without that need wins over one in it.
	Tagged bool
	// otherPlatforms marks a file no linux/amd64 build compiles (see
	// Package.OtherPlatforms).
	otherPlatforms bool
	// errLine is the line of the first syntax error of a file of package main that
	// parses only in part (Syntax then holds its imports, or only its package clause),
	// else 0.
	errLine int
}

// Import is one import of a file.
type Import struct {
	Path string
	Name string // the explicit name ("_", ".", or an alias), or ""
	Line int
}

// Main is a main package that declares func main, or may in a file that was not
// read (see MainUnread).
type Main struct {
	Package *Package
	// MainLine is the line of func main in MainFile.
	MainFile string
	MainLine int
	// MainUnread marks a main package whose func main was not found because a file
	// of it was not read (it does not parse, as with merge conflict markers, or it
	// could not be read): func main may be there. MainFile is then that file, and
	// MainLine the line of its first syntax error (0 when it was not read at all),
	// and Unread names it. Its File, when it is one of Package.Files, holds only its
	// imports, or only its package clause when they do not parse: no code reads func
	// main from it, and add refuses to edit the package.
	MainUnread bool
	// Generated marks a main package whose func main is in a generated file (a
	// "Code generated ... DO NOT EDIT." line): its code is no evidence, and add does
	// not edit it, since the next generation would undo the edits.
	Generated bool
	// Framework is the HTTP framework of the program, the first of gin, echo/v5,
	// echo/v4, chi, gorilla/mux and net/http that its packages import, or "".
	Framework Framework
	// FrameworkAt is the import that shows the framework.
	FrameworkAt Evidence
	// Program are the packages of the repository that the main package imports,
	// directly or not (generated files' imports included), itself first, then sorted
	// by directory.
	Program []*Package
	// Cgo are the reasons the program needs cgo.
	Cgo []CgoNeed
	// Unread are the packages of the program that were not read, or read without
	// some of their files: what the program's code shows may then not be all it does.
	// They include the imports whose code the build takes from a directory outside
	// the repository, which a go.work uses or a replace directive names.
	Unread []Unread
}

// Dir returns the directory of the main package.
func (m *Main) Dir() string { return m.Package.Dir }

// Framework is an HTTP framework.
type Framework string

// Frameworks detected from imports.
const (
	Gin     Framework = "gin"
	Echo5   Framework = "echo/v5"
	Echo4   Framework = "echo/v4"
	Chi     Framework = "chi"
	Gorilla Framework = "gorilla/mux"
	NetHTTP Framework = "net/http"
)

// CgoNeed is one reason a program needs cgo.
type CgoNeed struct {
	// Reason says what needs cgo, e.g. `import "C"` or a package path.
	Reason string
	// Alternative names a pure-Go replacement, or "" when there is none.
	Alternative string
	At          Evidence
}

// Evidence is a place in a file with its line's text.
type Evidence struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Snippet string `json:"snippet"`
}

// CIKind is the kind of a CI file.
type CIKind string

// CI file kinds.
const (
	GitHub     CIKind = "github"
	GitLab     CIKind = "gitlab"
	GoReleaser CIKind = "goreleaser"
	Ko         CIKind = "ko" // .ko.yaml: ko's builds, GoReleaser-like
	OtherCI    CIKind = "other"
)

// CIFile is a CI configuration file.
type CIFile struct {
	Path string
	Kind CIKind
	// Unread marks a file that could not be read (permission denied, too large):
	// listed under the problems, and CI this audit cannot tell, not absent CI.
	Unread bool
}

// Problem is a file that could not be read or parsed.
type Problem struct {
	File string `json:"file"`
	Err  string `json:"error"`
}

// String returns the problem with its file: a parse error names its file and line
// already ("go.mod:1: unexpected input character"), any other gets the file before it.
func (p Problem) String() string {
	if strings.HasPrefix(p.Err, p.File+":") {
		return p.Err
	}
	return p.File + ": " + p.Err
}

// ReadFile returns the content of a file read during discovery (Go files, go.mod,
// Makefiles, Dockerfiles, CI files, manifests, the record), and whether it was read.
func (r *Repo) ReadFile(path string) ([]byte, bool) {
	if b, ok := r.files[path]; ok {
		return b, true
	}
	r.vendorMu.Lock()
	defer r.vendorMu.Unlock()
	b, ok := r.vendorSrc[path]
	return b, ok
}

// Glob returns the paths of the repository's files and directories that pattern (a
// path.Match pattern of a repository path) matches, sorted, as fs.Glob does; a
// pattern that leaves the repository (../x/*.mk) is an error.
func (r *Repo) Glob(pattern string) ([]string, error) {
	if r.fsys == nil || !fs.ValidPath(pattern) {
		return nil, fmt.Errorf("%s: not a pattern of a path in the repository", pattern)
	}
	return fs.Glob(r.fsys, pattern)
}

// FilesAt returns what is on disk at p, a path of the repository, whether read
// during discovery or not: ok is false when nothing is there; files are p itself when
// it is a file, else the first max regular files below the directory p, in lexical
// order (none for an empty directory, or one the walk cannot read), and dir is set
// for a directory.
func (r *Repo) FilesAt(p string, max int) (files []string, dir, ok bool) {
	if r.fsys == nil || !fs.ValidPath(p) {
		return nil, false, false
	}
	info, err := stat(r.fsys, p)
	if err != nil {
		return nil, false, false
	}
	if !info.IsDir() {
		return []string{p}, false, true
	}
	_ = fs.WalkDir(r.fsys, p, func(q string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case len(files) >= max:
			return fs.SkipAll
		case d.Type().IsRegular():
			files = append(files, q)
		}
		return nil
	})
	return files, true, true
}

// Paths returns the paths of the files read during discovery (see ReadFile), sorted.
func (r *Repo) Paths() []string {
	return slices.Sorted(maps.Keys(r.files))
}

// TestFiles returns the paths of the test Go files (x_test.go) that the go command's
// patterns may build, sorted: the walk lists them, it does not read them.
func (r *Repo) TestFiles() []string {
	var out []string
	for _, files := range r.goFiles {
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				out = append(out, f)
			}
		}
	}
	slices.Sort(out)
	return out
}

// GeneratedIn returns the generated Go files (a "// Code generated ... DO NOT EDIT." line
// before the package clause) directly in dir that were read, sorted: they are never
// evidence, but a check may say that code it does not cite is there.
func (r *Repo) GeneratedIn(dir string) []string {
	if r.generated == nil || r.generatedOf != len(r.files) { // files read since are indexed too
		r.generated, r.generatedOf = map[string][]string{}, len(r.files)
		for p, src := range r.files {
			if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				continue
			}
			if scanHeader(src).generated {
				r.generated[path.Dir(p)] = append(r.generated[path.Dir(p)], p)
			}
		}
		for _, files := range r.generated {
			slices.Sort(files)
		}
	}
	return slices.Clone(r.generated[dir])
}

// GeneratedMains returns the generated Go files that were read and declare func main,
// sorted (a main package whose func main is in one is marked Main.Generated).
func (r *Repo) GeneratedMains() []string {
	var out []string
	for p, src := range r.files {
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			continue
		}
		if scanHeader(src).generated && declaresFunc(src, map[string]bool{"main": true}) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// IsGenerated reports whether p is a generated Go file that was read.
func (r *Repo) IsGenerated(p string) bool {
	return slices.Contains(r.GeneratedIn(path.Dir(p)), p)
}

// At returns the evidence for line of path: the line's text, trimmed and shortened.
func (r *Repo) At(path string, line int) Evidence {
	src, _ := r.ReadFile(path)
	if line < 1 {
		return Evidence{File: path, Line: line}
	}
	r.linesMu.Lock()
	starts, ok := r.lines[path]
	if !ok || len(src) != starts[len(starts)-1] {
		starts = lineStarts(src)
		if r.lines == nil {
			r.lines = map[string][]int{}
		}
		r.lines[path] = starts
	}
	r.linesMu.Unlock()
	if line >= len(starts) {
		return Evidence{File: path, Line: line}
	}
	return Evidence{File: path, Line: line, Snippet: snippet(src[starts[line-1]:])}
}

// lineStarts returns the offset at which each line of src starts, then len(src).
func lineStarts(src []byte) []int {
	out := []int{0}
	for i, c := range src {
		if c == '\n' {
			out = append(out, i+1)
		}
	}
	return append(out, len(src))
}

// AtPos returns the evidence for a position in a parsed Go file.
func (r *Repo) AtPos(pos token.Pos) Evidence {
	p := r.Fset.PositionFor(pos, false)
	return r.At(p.Filename, p.Line)
}

// Line returns the line of pos in its file as the file is, not the one a //line
// directive gives it: what add and audit report names the file's own lines.
func Line(fset *token.FileSet, pos token.Pos) int {
	return fset.PositionFor(pos, false).Line
}

// maxSnippet bounds the length of a snippet, in bytes.
const maxSnippet = 120

// snippet returns the line b starts with, trimmed and bounded by maxSnippet.
func snippet(b []byte) string {
	if j := bytes.IndexByte(b, '\n'); j >= 0 {
		b = b[:j]
	}
	s := string(bytes.TrimSpace(b)) // the line alone is copied
	if len(s) > maxSnippet {
		cut := maxSnippet
		for cut > 0 && s[cut]&0xC0 == 0x80 { // keep whole UTF-8 sequences
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// ModuleOf returns the module whose directory holds dir (the innermost), or nil.
func (r *Repo) ModuleOf(dir string) *Module {
	var best *Module
	for _, m := range r.Modules {
		if Within(dir, m.Dir) && (best == nil || len(m.Dir) > len(best.Dir)) {
			best = m
		}
	}
	return best
}

// ModuleProblem returns the problem of the go.mod nearest above dir (or in it) when that
// go.mod could not be read or parsed: the go command stops there, while ModuleOf skips it
// (and returns an outer module, or nil). ok is false when no such go.mod is nearer than
// ModuleOf's.
func (r *Repo) ModuleProblem(dir string) (p Problem, ok bool) {
	m := r.ModuleOf(dir)
	for _, pr := range r.Problems {
		d := path.Dir(pr.File)
		switch {
		case path.Base(pr.File) != "go.mod", !Within(dir, d):
		case m != nil && len(d) <= len(m.Dir):
		case !ok || len(d) > len(path.Dir(p.File)):
			p, ok = pr, true
		}
	}
	return p, ok
}

// GoVersion returns the Go language version that governs dir's module, with the file
// and line that set it: go.work's go line when the module is in a workspace, else
// the module's.
func (r *Repo) GoVersion(m *Module) (version, file string, line int) {
	if w := r.WorkOf(m); w != nil && w.Go != "" {
		return w.Go, w.Path, w.GoLine
	}
	return m.Go, join(m.Dir, "go.mod"), m.GoLine
}

// InWork reports whether module m is used by the go.work that governs its builds, so
// that workspace mode applies to it.
func (r *Repo) InWork(m *Module) bool {
	return r.WorkOf(m) != nil
}

// WorkOf returns the go.work that a go command run in m's directory finds (GOWORK
// unset: the nearest go.work in that directory or above it, within the repository or
// above its root) when it uses m, or nil: m is then built as a module of its own.
func (r *Repo) WorkOf(m *Module) *Work {
	var near *Work
	for _, w := range r.Works {
		if (!inside(w.Dir) || Within(m.Dir, w.Dir)) && (near == nil || nearer(w.Dir, near.Dir)) {
			near = w
		}
	}
	if near == nil || !slices.Contains(near.Use, m.Dir) {
		return nil
	}
	return near
}

// nearer reports whether the directory a (of a go.work that holds some directory) is
// nearer to it than b: deeper inside the repository, or less far above its root.
func nearer(a, b string) bool {
	switch {
	case inside(a) && inside(b):
		return len(a) > len(b)
	case inside(a) != inside(b):
		return inside(a)
	}
	return len(a) < len(b)
}

// inside reports whether the slash-separated path, relative to the root, is within
// the repository: not above the root, not absolute, not "".
func inside(p string) bool {
	return p != "" && !path.IsAbs(p) && !filepath.IsAbs(p) && p != ".." && !strings.HasPrefix(p, "../")
}

// Within reports whether the slash-separated path is dir or inside it; every path
// is within ".".
func Within(path, dir string) bool {
	return dir == "." || path == dir || strings.HasPrefix(path, dir+"/")
}

// join joins a directory and a name, keeping "." out of the result.
func join(dir, name string) string {
	if dir == "." || dir == "" {
		return name
	}
	return dir + "/" + name
}
