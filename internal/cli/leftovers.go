package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
)

// maxLeftovers bounds how many leftover sources a note names, and maxLeftoverWalk how
// many entries of the directory are looked at for them (a --force into a home directory).
const (
	maxLeftovers    = 5
	maxLeftoverWalk = 20000
)

// leftoverNotes says what a directory that new --force writes into holds that the go
// command builds with the new project although new did not write it: a vendor directory
// at the module root (the go command then builds from it, and stops at "inconsistent
// vendoring" for a go.mod it was not made from), and source files in the module's
// package directories (an old service's main.go is compiled with the new one). They are
// the user's, so new leaves them; the notes name them and what to do. So are a
// GNUmakefile or makefile beside a Makefile new writes, which make reads instead of it.
func leftoverNotes(env Env, dir string, files []generator.File) {
	written := make(map[string]bool, len(files))
	for _, f := range files {
		written[f.Path] = true
	}
	shadowingMakefiles(env, dir, files, written)
	var sources []string
	vendored := isFile(filepath.Join(dir, "vendor", "modules.txt"))
	seen, more := 0, false
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable: the go command reports it itself
		}
		if seen++; seen > maxLeftoverWalk {
			more = true
			return filepath.SkipAll
		}
		rel, rerr := filepath.Rel(dir, p)
		if rerr != nil || rel == "." {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			name := d.Name()
			switch {
			case name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_"):
				return filepath.SkipDir // the go command's ./... leaves them out
			case isFile(filepath.Join(p, "go.mod")):
				return filepath.SkipDir // another module
			}
			return nil
		}
		if d.Type().IsRegular() && !written[rel] && slices.Contains(goBuildExts, path.Ext(rel)) && !strings.HasPrefix(d.Name(), ".") && !strings.HasPrefix(d.Name(), "_") {
			sources = append(sources, rel)
		}
		return nil
	})
	if vendored {
		fmt.Fprintf(env.Stderr, "note: %s holds the vendored modules of another go.mod, which the go command builds from (and stops at \"inconsistent vendoring\"): run go mod vendor in %s, or remove vendor/\n",
			printable(filepath.Join(dir, "vendor")), printable(generator.ShellQuote(dir)))
	}
	if len(sources) > 0 {
		named := strings.Join(sources[:min(len(sources), maxLeftovers)], ", ")
		switch n := len(sources) - maxLeftovers; {
		case more:
			named += " and more (not all of the directory was looked at)"
		case n > 0:
			named += fmt.Sprintf(" and %d more", n)
		}
		fmt.Fprintf(env.Stderr, "note: %s held sources that the new project does not have and the go command builds with it (go build ./..., go vet, go test): %s; move or delete those of the old code\n",
			printable(dir), printable(named))
	}
}

// isFile reports whether p is a regular file (symbolic links followed).
func isFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

// shadowingMakefiles notes the makefiles of the user's that GNU make reads before a
// Makefile new writes beside them (it looks for GNUmakefile, then makefile, then
// Makefile, and reads the first it finds): make and the CI's make steps would run the
// old makefile, never the generated one. Names are matched exactly as the directory
// lists them, since on a file system that ignores case makefile is Makefile.
func shadowingMakefiles(env Env, dir string, files []generator.File, written map[string]bool) {
	for _, f := range files {
		if path.Base(f.Path) != "Makefile" {
			continue
		}
		at := path.Dir(f.Path)
		entries, err := os.ReadDir(filepath.Join(dir, filepath.FromSlash(at)))
		if err != nil {
			continue
		}
		var shadows []string
		mk, _ := os.Stat(filepath.Join(dir, filepath.FromSlash(f.Path)))
		for _, name := range generator.MakefileNames[:2] { // the names make reads before Makefile
			if written[path.Join(at, name)] {
				continue
			}
			i := slices.IndexFunc(entries, func(e fs.DirEntry) bool { return e.Name() == name })
			if i < 0 || entries[i].IsDir() {
				continue
			}
			// On a case-insensitive file system, a makefile is the Makefile written
			// (or, in a dry run, to be written) in its place: no other file.
			if info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(at), name)); err == nil && mk != nil && os.SameFile(info, mk) {
				continue
			}
			shadows = append(shadows, name)
		}
		them := "it"
		if len(shadows) > 1 {
			them = "them"
		}
		if len(shadows) > 0 {
			fmt.Fprintf(env.Stderr, "note: %s holds %s, which make reads instead of the generated Makefile (the first it finds of GNUmakefile, makefile and Makefile): make build, make test and the CI's make steps would run the old makefile; merge what you need into Makefile and remove or rename %s\n",
				printable(filepath.Join(dir, filepath.FromSlash(at))), strings.Join(shadows, " and "), them)
		}
	}
}
