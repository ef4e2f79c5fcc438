package cli

import (
	"cmp"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/update"
)

// droppedImport is a Go file the update keeps that imports a package the update
// deletes whole.
type droppedImport struct {
	File, Package string
	Action        update.Action // the plan's action for File, "" for a file the record does not list
}

// droppedImports finds the Go files of tree (the project) that the plan keeps and
// that import a package of the project's module whose every Go file the plan deletes
// (a package of a feature the new version leaves out, such as
// internal/platform/outbound without otel): the merged tree would not build, and go
// mod tidy would fail looking for the package on the network. The files below a
// directory of another module, vendor/, testdata/ or one whose name starts with . or _
// are not read, as go does not build them with the module, nor a directory that cannot be
// read, which go could not build either.
func droppedImports(tree fs.FS, plan *update.Plan) ([]droppedImport, error) {
	module := plan.Record.Answers.Module
	if module == "" {
		return nil, nil
	}
	steps := map[string]*update.Step{}
	deleted := map[string]bool{} // directories with a Go file the plan deletes
	for i, s := range plan.Steps {
		steps[s.Path] = &plan.Steps[i]
		if s.Action == update.Delete && strings.HasSuffix(s.Path, ".go") {
			deleted[path.Dir(s.Path)] = true
		}
	}
	if len(deleted) == 0 {
		return nil, nil
	}
	// final returns what a Go file holds after the update, nil when it is gone.
	final := func(p string) ([]byte, error) {
		if s, ok := steps[p]; ok {
			switch {
			case s.Action == update.Delete:
				return nil, nil
			case s.Result != nil:
				return s.Result, nil
			case s.Ours != nil:
				return s.Ours, nil
			}
		}
		data, err := generator.ReadRegular(tree, p, generator.MaxTreeFile)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return data, nil
	}
	files := map[string]bool{}
	err := fs.WalkDir(tree, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p != "." && d != nil && d.IsDir() {
				// A directory it cannot read (a git-ignored database volume of
				// another user): go could not build it either.
				return fs.SkipDir
			}
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != "." && (name == "vendor" || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return fs.SkipDir
			}
			if p != "." && p != cmp.Or(plan.Record.Vars["moduleDir"], ".") {
				if _, err := fs.Stat(tree, path.Join(p, "go.mod")); err == nil {
					return fs.SkipDir // another module
				}
			}
			return nil
		}
		if strings.HasSuffix(p, ".go") && d.Type().IsRegular() {
			files[p] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, s := range plan.Steps {
		if strings.HasSuffix(s.Path, ".go") && s.Result != nil {
			files[s.Path] = true // created by the update
		}
	}
	// A directory with a Go file left afterwards keeps its package.
	gone := map[string]bool{}
	for dir := range deleted {
		gone[dir] = true
	}
	contents := map[string][]byte{}
	for p := range files {
		data, err := final(p)
		if err != nil {
			return nil, err
		}
		if data == nil {
			continue
		}
		contents[p] = data
		delete(gone, path.Dir(p))
	}
	if len(gone) == 0 {
		return nil, nil
	}
	moduleDir := cmp.Or(plan.Record.Vars["moduleDir"], ".")
	pkgs := map[string]string{} // import path -> directory
	for dir := range gone {
		rel := dir
		if moduleDir != "." {
			if !strings.HasPrefix(dir+"/", moduleDir+"/") {
				continue
			}
			rel = strings.TrimPrefix(strings.TrimPrefix(dir, moduleDir), "/")
		}
		if rel == "." || rel == "" {
			pkgs[module] = dir
		} else {
			pkgs[module+"/"+rel] = dir
		}
	}
	var out []droppedImport
	for p, data := range contents {
		f, err := parser.ParseFile(token.NewFileSet(), p, data, parser.ImportsOnly)
		if err != nil {
			continue // go says what is wrong with it
		}
		for _, imp := range f.Imports {
			ip, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				continue
			}
			if _, ok := pkgs[ip]; ok {
				var action update.Action
				if s, ok := steps[p]; ok {
					action = s.Action
				}
				out = append(out, droppedImport{File: p, Package: ip, Action: action})
			}
		}
	}
	slices.SortFunc(out, func(a, b droppedImport) int {
		return cmp.Or(strings.Compare(a.File, b.File), strings.Compare(a.Package, b.Package))
	})
	return out, nil
}

// droppedImportsError says that the update cannot be written as it deletes packages
// that files it keeps import, naming both, and what to do.
func droppedImportsError(found []droppedImport) error {
	var files, pkgs []string
	for _, d := range found {
		how := "yours"
		if d.Action == update.KeepDropped {
			how = "keep-dropped: yours, which this version no longer generates"
		}
		files = append(files, fmt.Sprintf("%s (%s) imports %s", d.File, how, d.Package))
		if !slices.Contains(pkgs, d.Package) {
			pkgs = append(pkgs, d.Package)
		}
	}
	return fmt.Errorf("nothing written: the update deletes the package(s) %s, which files it keeps import: %s; the merged tree would not build (go mod tidy would look for the package on the network). Delete those files (an example gonew-prod generated with the feature the new version leaves out can go whole) or remove their imports, commit, and run the update again; or keep the feature that brings the package",
		strings.Join(pkgs, ", "), strings.Join(files, "; "))
}
