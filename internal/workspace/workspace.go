// Package workspace gives a module of a go.work what the workspace gives it beyond its
// go.mod, for a go command that ignores go.work (go mod tidy) or runs with GOWORK=off:
// the workspace's other modules, which the module may import without requiring them,
// and go.work's replacements.
package workspace

import (
	"fmt"
	"go/version"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/scratch"
)

// Workspace is what a go.work gives one module that it uses.
type Workspace struct {
	// File is the go.work, absolute.
	File string
	// Members are the other modules the go.work uses: module path -> absolute directory.
	Members map[string]string
	// Replaces are go.work's replacements, replacement directories made absolute.
	Replaces []*modfile.Replace
}

// Parse returns what the go.work content, read from file (absolute), gives the module at
// moduleDir (absolute), or nil when it does not use that module. The members' module
// paths are read from their go.mod files; a member without a readable one is left out,
// as the go command would refuse the workspace anyway.
func Parse(file string, content []byte, moduleDir string) (*Workspace, error) {
	f, err := modfile.ParseWork(file, content, nil)
	if err != nil {
		return nil, err
	}
	w := &Workspace{File: file, Members: map[string]string{}}
	uses := false
	for _, u := range f.Use {
		dir := w.abs(u.Path)
		if SameDir(dir, moduleDir) {
			uses = true
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err != nil {
			continue
		}
		if mod := modfile.ModulePath(data); mod != "" {
			w.Members[mod] = dir
		}
	}
	if !uses {
		return nil, nil
	}
	for _, r := range f.Replace {
		nr := &modfile.Replace{Old: r.Old, New: r.New}
		if local(r.New) {
			nr.New.Path = w.abs(r.New.Path)
		}
		w.Replaces = append(w.Replaces, nr)
	}
	return w, nil
}

// abs returns the directory p of the go.work, absolute.
func (w *Workspace) abs(p string) string {
	p = filepath.FromSlash(p)
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(filepath.Dir(w.File), p)
}

// SameDir reports whether the absolute paths a and b name one directory: equal once
// cleaned, or once their symbolic links are resolved (go work use /abs/link/svc).
func SameDir(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	ra, err := filepath.EvalSymlinks(a)
	if err != nil {
		return false
	}
	rb, err := filepath.EvalSymlinks(b)
	return err == nil && ra == rb
}

// NotUsed returns the note for the module at moduleDir (absolute), whose go line is
// modGo ("" for none), when the go.work file (absolute, holding data), which the go
// command finds for it, does not use it: the go command then builds nothing in the
// module's directory. The note names the go work use command that adds it, and what
// that command changes besides (raiseNote). It returns "" when the go.work uses the
// module, or does not parse (the go command reports that itself).
func NotUsed(file string, data []byte, moduleDir, modGo string) string {
	if ws, err := Parse(file, data, moduleDir); err != nil || ws != nil {
		return ""
	}
	use := moduleDir
	if rel, err := filepath.Rel(filepath.Dir(file), moduleDir); err == nil && filepath.IsLocal(rel) {
		use = "./" + filepath.ToSlash(rel)
	}
	return fmt.Sprintf("%s does not use %s: the go command builds nothing there in that workspace (make build, go vet ./..., go test fail with \"not one of the workspace modules\"); add it: cd %s && go work use %s%s",
		file, moduleDir, generator.ShellQuote(filepath.Dir(file)), generator.ShellQuote(use), raiseNote(file, data, modGo))
}

// raiseNote says what go work use changes besides the use line when the module's go
// line (modGo) is of a later language version than the go.work's: the go command
// raises the workspace's go line to it, and in workspace mode that line sets the GODEBUG
// defaults of every module the workspace builds, which a godebug default= line of go.work
// can keep. It returns "" otherwise.
func raiseNote(file string, data []byte, modGo string) string {
	wf, err := modfile.ParseWork(file, data, nil)
	if err != nil || wf.Go == nil || modGo == "" {
		return ""
	}
	oldDefaults, newLang := version.Lang("go"+wf.Go.Version), version.Lang("go"+modGo)
	if version.Compare(oldDefaults, newLang) >= 0 {
		return "" // at most 1.26 becomes 1.26.0: the same language version and defaults
	}
	msg := fmt.Sprintf("; go work use also raises go.work's go line from %s to %s, the module's", wf.Go.Version, modGo)
	for _, g := range slices.Backward(wf.Godebug) { // the last default= counts
		if g.Key == "default" {
			return msg + fmt.Sprintf(" (the GODEBUG defaults stay as its `godebug default=%s` pins them)", g.Value)
		}
	}
	if version.Compare(oldDefaults, "go1.20") < 0 {
		oldDefaults = "go1.20" // the go command gives lines below go1.20 the defaults of go1.20
	}
	if version.Compare(oldDefaults, newLang) >= 0 {
		return msg
	}
	return msg + fmt.Sprintf(", and in a workspace that line sets the GODEBUG defaults of every module it builds: they become those of %s, no longer of %s (TLS, x509, URL parsing and more: see https://go.dev/doc/godebug); to keep the other modules' defaults, add the line `godebug default=%s` to go.work", newLang, oldDefaults, oldDefaults)
}

// local reports whether a replacement is a directory relative to its file.
func local(v module.Version) bool {
	return v.Version == "" && !filepath.IsAbs(v.Path) && modfile.IsDirectoryPath(v.Path)
}

// Require returns go.mod content (called name) that, outside the workspace, builds as
// the module does in it: each member the content does not require is required at its
// zero pseudo-version, and every member the content does not replace itself is replaced
// by its directory, as in the workspace. go.work's replacements are the workspace's: as
// the go command reads them, those of a module path take the place of every replace line
// of the content for that path (of any version), which the workspace ignores. A nil
// workspace returns content as it is.
func (w *Workspace) Require(name string, content []byte) ([]byte, error) {
	if w == nil {
		return content, nil
	}
	f, err := modfile.Parse(name, content, nil)
	if err != nil {
		return nil, err
	}
	byWork := map[string]bool{}
	for _, r := range w.Replaces {
		if _, member := w.Members[r.Old.Path]; !member {
			byWork[r.Old.Path] = true
		}
	}
	replaced := map[string]bool{}
	for _, r := range slices.Clone(f.Replace) {
		if byWork[r.Old.Path] {
			if err := f.DropReplace(r.Old.Path, r.Old.Version); err != nil {
				return nil, err
			}
			continue
		}
		replaced[r.Old.Path] = true
	}
	for _, mod := range slices.Sorted(maps.Keys(w.Members)) {
		if !requires(f, mod) {
			_, major, _ := module.SplitPathVersion(mod)
			if err := f.AddRequire(mod, module.ZeroPseudoVersion(module.PathMajorPrefix(major))); err != nil {
				return nil, err
			}
		}
		if !replaced[mod] {
			if err := f.AddReplace(mod, "", w.Members[mod], ""); err != nil {
				return nil, err
			}
		}
	}
	for _, r := range w.Replaces {
		if byWork[r.Old.Path] {
			if err := f.AddReplace(r.Old.Path, r.Old.Version, r.New.Path, r.New.Version); err != nil {
				return nil, err
			}
		}
	}
	f.Cleanup()
	return f.Format()
}

// Strip takes out of tidied, the go.mod go mod tidy wrote from Require's, what Require put
// in that ours, the go.mod as it was before, does not say. A nil workspace returns tidied
// as it is.
func (w *Workspace) Strip(name string, ours, tidied []byte) ([]byte, error) {
	if w == nil {
		return tidied, nil
	}
	o, err := modfile.Parse(name, ours, nil)
	if err != nil {
		return nil, err
	}
	t, err := modfile.Parse(name, tidied, nil)
	if err != nil {
		return nil, err
	}
	for _, r := range slices.Clone(t.Require) {
		if _, member := w.Members[r.Mod.Path]; member && !requires(o, r.Mod.Path) {
			if err := t.DropRequire(r.Mod.Path); err != nil {
				return nil, err
			}
		}
	}
	for _, r := range slices.Clone(t.Replace) {
		if !slices.ContainsFunc(o.Replace, func(x *modfile.Replace) bool { return x.Old == r.Old }) {
			if err := t.DropReplace(r.Old.Path, r.Old.Version); err != nil {
				return nil, err
			}
		}
	}
	t.Cleanup()
	return t.Format()
}

// Moved returns the go.work content (of File) for a copy of the module at moduleDir kept
// at dir: dir is used in the module's place, and the other modules and replacement
// directories are named absolute, where they are.
func (w *Workspace) Moved(content []byte, moduleDir, dir string) ([]byte, error) {
	f, err := modfile.ParseWork(w.File, content, nil)
	if err != nil {
		return nil, err
	}
	for _, u := range slices.Clone(f.Use) {
		abs := w.abs(u.Path)
		if SameDir(abs, moduleDir) {
			abs = dir
		}
		if err := f.DropUse(u.Path); err != nil {
			return nil, err
		}
		if err := f.AddUse(abs, u.ModulePath); err != nil {
			return nil, err
		}
	}
	for _, r := range slices.Clone(f.Replace) {
		if local(r.New) {
			if err := f.AddReplace(r.Old.Path, r.Old.Version, w.abs(r.New.Path), ""); err != nil {
				return nil, err
			}
		}
	}
	f.Cleanup()
	return modfile.Format(f.Syntax), nil
}

// Find returns the go.work the go command uses for the module at moduleDir (absolute)
// with the environment env, or "" for none: GOWORK's file when it is set ("off": none; a
// relative one the go command refuses itself: none here), else the first regular file
// named go.work from moduleDir up.
func Find(moduleDir string, env []string) string {
	file := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GOWORK="); ok {
			file = v
		}
	}
	switch {
	case file == "off":
		return ""
	case file != "":
		if !filepath.IsAbs(file) {
			return ""
		}
		return filepath.Clean(file)
	}
	for d := moduleDir; ; d = filepath.Dir(d) {
		if info, err := os.Stat(filepath.Join(d, "go.work")); err == nil && info.Mode().IsRegular() {
			return filepath.Join(d, "go.work")
		}
		if d == filepath.Dir(d) {
			return ""
		}
	}
}

// WorkPrefix begins the names of the directories under TMPDIR that hold MovedFile's
// go.work: made with scratch.Dir, so that scratch.Sweep removes the one a killed run left.
const WorkPrefix = "gonew-prod-work-"

// MovedFile writes the go.work Moved makes of content (File's, or what a plan leaves of
// it) into a new temporary directory, with File's go.work.sum beside it, and returns its
// path and what removes the directory: a copy of the module at moduleDir kept at dir is
// built in the workspace with GOWORK set to it, as the user builds the module.
func (w *Workspace) MovedFile(content []byte, moduleDir, dir string) (file string, done func(), err error) {
	work, err := w.Moved(content, moduleDir, dir)
	if err != nil {
		return "", nil, err
	}
	tmp, done, err := scratch.Dir("", WorkPrefix)
	if err != nil {
		return "", nil, err
	}
	files := map[string][]byte{"go.work": work}
	if sum, err := os.ReadFile(w.File + ".sum"); err == nil {
		files["go.work.sum"] = sum
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			done()
			return "", nil, err
		}
	}
	return filepath.Join(tmp, "go.work"), done, nil
}

// requires reports whether f requires the module mod.
func requires(f *modfile.File, mod string) bool {
	return slices.ContainsFunc(f.Require, func(r *modfile.Require) bool { return r.Mod.Path == mod })
}
