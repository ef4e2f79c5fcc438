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
// the user's, so new leaves them; the notes name them and what to do.
func leftoverNotes(env Env, dir string, files []generator.File) {
	written := make(map[string]bool, len(files))
	for _, f := range files {
		written[f.Path] = true
	}
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
