package repo

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/mod/module"

	"github.com/gonew-prod/gonew-prod/generator"
)

const (
	// maxVendorPackages bounds the vendored packages VendoredImport reads for one
	// module: past it, whether one imports the package asked for is not known.
	maxVendorPackages = 4000
	// vendorHeader is what is read first of a vendored Go file for its imports; a
	// file whose import clauses go on past it is read up to maxHeader.
	vendorHeader = 4 << 10
)

// VendoredImport is a package of a vendor directory that imports another (see
// Repo.VendoredImport).
type VendoredImport struct {
	// Path is the vendored package's import path, and From the import of the
	// repository's code that leads to it: Path itself, or a vendored package that
	// imports it, directly or not.
	Path, From string
	// File and Line are where Path imports the package (File relative to the
	// repository, in the vendor directory), and Snippet the text of that line
	// (set by Repo.VendoredImport only).
	File    string
	Line    int
	Snippet string
}

// vendorPackage is what VendoredImport reads of a vendored package: the imports of
// its files, each at its file and line, or why they could not be read.
type vendorPackage struct {
	imports []VendoredImport // Path is the package imported
	err     error
}

// VendoredImport returns a package of module m's vendor directory, reached from the
// import paths from (directly, or through the vendored packages they import), that
// imports target: code the module's builds compile, the go command reading vendor/
// by default (and the module cache holding the same versions otherwise). Only the
// import clauses of the Go files (test files aside) that a linux/amd64 build
// without tags compiles are read, and of at most maxVendorPackages packages; what
// is read is kept for the next call. found is false when no vendored package reached
// imports target, or m has no vendor directory; err says when the packages reached
// could not all be read, so that whether one does is not known.
func (r *Repo) VendoredImport(m *Module, from []string, target string) (v VendoredImport, found bool, err error) {
	if m == nil || !m.Vendor {
		return VendoredImport{}, false, nil
	}
	vendor := join(m.Dir, "vendor")
	via := map[string]string{} // each vendored package reached, with the import of from that leads to it
	var level []string
	for _, ip := range from {
		if _, ok := via[ip]; !ok && module.CheckImportPath(ip) == nil {
			via[ip] = ip
			level = append(level, ip)
		}
	}
	slices.Sort(level)
	for len(level) > 0 {
		pkgs := make([]*vendorPackage, len(level))
		parallel(len(level), func(i int) { pkgs[i] = r.vendorPackage(join(vendor, level[i])) })
		var next []string
		for i, ip := range level {
			pkg := pkgs[i]
			if pkg == nil {
				continue // not vendored: the standard library, or a package of the repository
			}
			if pkg.err != nil {
				return VendoredImport{}, false, pkg.err
			}
			for _, imp := range pkg.imports {
				if imp.Path == target {
					return VendoredImport{Path: ip, From: via[ip], File: imp.File, Line: imp.Line, Snippet: r.lineText(imp.File, imp.Line)}, true, nil
				}
				if _, ok := via[imp.Path]; !ok {
					via[imp.Path] = via[ip]
					next = append(next, imp.Path)
				}
			}
		}
		if len(via) > maxVendorPackages {
			return VendoredImport{}, false, fmt.Errorf("the program reaches more than %d import paths through %s, which this audit does not read further", maxVendorPackages, vendor)
		}
		level = next
	}
	return VendoredImport{}, false, nil
}

// VendoredPackage returns the package with import path ip of module m's vendor
// directory, its Go files (test files aside, those of every platform and tag in
// Files) parsed whole with r.Fset, their sources kept for ReadFile and At; nil when
// m has no vendor directory or no Go file of ip is there. err says why a file could
// not be read or parsed.
func (r *Repo) VendoredPackage(m *Module, ip string) (*Package, error) {
	if m == nil || !m.Vendor || module.CheckImportPath(ip) != nil {
		return nil, nil
	}
	dir := join(join(m.Dir, "vendor"), ip)
	entries, err := fs.ReadDir(r.fsys, dir)
	if err != nil {
		return nil, nil
	}
	var pkg *Package
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") {
			continue
		}
		p := join(dir, name)
		src, err := readLimited(r.fsys, p, maxGoFile)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
		syntax, err := parser.ParseFile(r.Fset, p, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", p, err)
		}
		r.vendorMu.Lock()
		if r.vendorSrc == nil {
			r.vendorSrc = map[string][]byte{}
		}
		r.vendorSrc[p] = src
		r.vendorMu.Unlock()
		if pkg == nil {
			pkg = &Package{Dir: dir, Name: syntax.Name.Name, ImportPath: ip}
		}
		pkg.Files = append(pkg.Files, &File{Path: p, Syntax: syntax, Full: true})
	}
	return pkg, nil
}

// vendorPackage returns the imports of the vendored package in dir (see
// VendoredImport), read once; nil when dir holds no Go file.
func (r *Repo) vendorPackage(dir string) *vendorPackage {
	r.vendorMu.Lock()
	pkg, ok := r.vendored[dir]
	r.vendorMu.Unlock()
	if ok {
		return pkg
	}
	pkg = r.readVendorPackage(dir)
	r.vendorMu.Lock()
	if r.vendored == nil {
		r.vendored = map[string]*vendorPackage{}
	}
	r.vendored[dir] = pkg
	r.vendorMu.Unlock()
	return pkg
}

// readVendorPackage reads the imports of the vendored package in dir.
func (r *Repo) readVendorPackage(dir string) *vendorPackage {
	entries, err := fs.ReadDir(r.fsys, dir)
	if err != nil {
		return nil
	}
	var pkg *vendorPackage
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") {
			continue
		}
		if pkg == nil {
			pkg = &vendorPackage{}
		}
		p := join(dir, name)
		imports, err := r.vendorImports(p)
		if err != nil {
			pkg.err = err
			return pkg
		}
		pkg.imports = append(pkg.imports, imports...)
	}
	return pkg
}

// vendorImports returns the imports of the vendored Go file p, none when a
// linux/amd64 build without tags leaves it out.
func (r *Repo) vendorImports(p string) ([]VendoredImport, error) {
	buf := headerBufs.Get().(*[]byte)
	defer headerBufs.Put(buf) // what is kept of the file is copied out of it
	src, full, err := r.readPrefix(p, *buf)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	h := scanHeader(src)
	if h.err != nil || stateOf(p, h.build) != untagged {
		return nil, nil // the go command refuses the package, or leaves the file out
	}
	fset := token.NewFileSet()
	f, perr := parser.ParseFile(fset, p, src, parser.ImportsOnly|parser.SkipObjectResolution)
	if !full && (perr != nil || !importsEnd(fset, f, src)) {
		if src = r.readGoHeader(r.fsys, p); src != nil {
			f, perr = parser.ParseFile(fset, p, src, parser.ImportsOnly|parser.SkipObjectResolution)
		}
	}
	if perr != nil {
		return nil, fmt.Errorf("read the imports of %s: %w", p, perr)
	}
	var out []VendoredImport
	for _, spec := range f.Imports {
		if ip, err := strconv.Unquote(spec.Path.Value); err == nil {
			out = append(out, VendoredImport{Path: ip, File: p, Line: Line(fset, spec.Pos())})
		}
	}
	return out, nil
}

// lineText returns the text of line n of file p of the repository's file system,
// as an evidence snippet, or "" when it cannot be read.
func (r *Repo) lineText(p string, n int) string {
	src, err := generator.ReadRegular(r.fsys, p, generator.MaxTreeFile)
	if err != nil || n < 1 {
		return ""
	}
	starts := lineStarts(src)
	if n >= len(starts) {
		return ""
	}
	return snippet(src[starts[n-1]:])
}

// importsEnd reports whether src, the start of a Go file that parsed as f, shows where
// its imports end: a token after the last import declaration (or the package clause)
// that begins no other import declaration. Else more imports may follow past src.
func importsEnd(fset *token.FileSet, f *ast.File, src []byte) bool {
	end := f.Name.End()
	if n := len(f.Decls); n > 0 {
		end = f.Decls[n-1].End()
	}
	off := fset.Position(end).Offset
	if off < 0 || off > len(src) {
		return false
	}
	var s scanner.Scanner
	s.Init(token.NewFileSet().AddFile("", -1, len(src)-off), src[off:], nil, 0) // comments skipped
	for {
		switch _, tok, _ := s.Scan(); tok {
		case token.SEMICOLON:
		case token.EOF, token.IMPORT:
			return false
		default:
			return true
		}
	}
}

// headerBufs are buffers for readPrefix of vendorHeader+1 bytes.
var headerBufs = sync.Pool{New: func() any {
	b := make([]byte, vendorHeader+1)
	return &b
}}

// readPrefix returns the whole lines of the first len(b)-1 bytes of file p, read
// into b, and whether they are the whole file: one read does for most files.
func (r *Repo) readPrefix(p string, b []byte) (src []byte, full bool, err error) {
	n := len(b) - 1
	f, err := r.fsys.Open(p)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	k, err := io.ReadFull(f, b)
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return b[:k], true, nil
	case err != nil:
		return nil, false, err
	}
	b = b[:n]
	return b[:bytes.LastIndexByte(b, '\n')+1], false, nil
}
