// Package workspace gives a module of a go.work what the workspace gives it beyond its
// go.mod, for a go command that ignores go.work (go mod tidy) or runs with GOWORK=off:
// the workspace's other modules, which the module may import without requiring them,
// go.work's replacements and those of the other modules' go.mod files.
package workspace

import (
	"cmp"
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
	// ModReplaces are the replacements of the other modules' go.mod files that the go
	// command applies in the workspace: those of a module path go.work replaces nothing
	// of and that is not a module of the workspace, replacement directories made absolute.
	ModReplaces []ModReplace
	// dir is the module's directory, absolute.
	dir string
}

// ModReplace is a replace line of the go.mod of another module of the workspace.
type ModReplace struct {
	*modfile.Replace
	// File is the go.mod that holds it, absolute.
	File string
}

// Parse returns what the go.work content, read from file (absolute), gives the module at
// moduleDir (absolute), or nil when it does not use that module. The members' module
// paths and replacements are read from their go.mod files; a member without a readable
// one is left out, as the go command would refuse the workspace anyway.
func Parse(file string, content []byte, moduleDir string) (*Workspace, error) {
	f, err := modfile.ParseWork(file, content, nil)
	if err != nil {
		return nil, err
	}
	w := &Workspace{File: file, Members: map[string]string{}, dir: moduleDir}
	uses := false
	var modReplaces []ModReplace
	for _, u := range f.Use {
		dir := w.abs(u.Path)
		if SameDir(dir, moduleDir) {
			uses = true
			continue
		}
		name := filepath.Join(dir, "go.mod")
		data, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		if mod := modfile.ModulePath(data); mod != "" {
			w.Members[mod] = dir
		}
		if mf, err := modfile.Parse(name, data, nil); err == nil {
			for _, r := range mf.Replace {
				modReplaces = append(modReplaces, ModReplace{absolute(r, dir), name})
			}
		}
	}
	if !uses {
		return nil, nil
	}
	for _, r := range f.Replace {
		w.Replaces = append(w.Replaces, absolute(r, filepath.Dir(file)))
	}
	for _, r := range modReplaces {
		if _, member := w.Members[r.Old.Path]; !member && !w.byWork(r.Old.Path) {
			w.ModReplaces = append(w.ModReplaces, r)
		}
	}
	return w, nil
}

// absolute returns r, a replace line of a file in dir, with its replacement directory
// made absolute.
func absolute(r *modfile.Replace, dir string) *modfile.Replace {
	nr := &modfile.Replace{Old: r.Old, New: r.New}
	if local(r.New) {
		nr.New.Path = filepath.Join(dir, filepath.FromSlash(r.New.Path))
	}
	return nr
}

// byWork reports whether go.work replaces the module mod, not a module of the workspace:
// the go command then ignores every go.mod line for mod, of any version.
func (w *Workspace) byWork(mod string) bool {
	if _, member := w.Members[mod]; member {
		return false
	}
	return slices.ContainsFunc(w.Replaces, func(r *modfile.Replace) bool { return r.Old.Path == mod })
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

// Require returns go.mod content (called name, of the module's directory) that, outside
// the workspace, builds as the module does in it: each member the content does not
// require is required at its zero pseudo-version, and every member the content does not
// replace itself is replaced by its directory, as in the workspace. go.work's
// replacements are the workspace's: as the go command reads them, those of a module path
// take the place of every replace line of the content for that path (of any version),
// which the workspace ignores. The other members' replacements (ModReplaces) apply in the
// workspace as the content's own do, and are added; two lines of different go.mod files
// for one module that may both apply (of one version, or one of them of every version)
// and replace it with different modules are refused, as the go command refuses them
// (conflicting replacements). A nil workspace returns content as it is.
func (w *Workspace) Require(name string, content []byte) ([]byte, error) {
	if w == nil {
		return content, nil
	}
	f, err := modfile.Parse(name, content, nil)
	if err != nil {
		return nil, err
	}
	replaced := map[string]bool{}
	var own []ModReplace
	for _, r := range slices.Clone(f.Replace) {
		if w.byWork(r.Old.Path) {
			if err := f.DropReplace(r.Old.Path, r.Old.Version); err != nil {
				return nil, err
			}
			continue
		}
		replaced[r.Old.Path] = true
		own = append(own, ModReplace{absolute(r, w.dir), filepath.Join(w.dir, "go.mod")})
	}
	var mods []ModReplace
	for _, r := range w.ModReplaces {
		if f.Module != nil && r.Old.Path == f.Module.Mod.Path {
			continue // the module itself, which the workspace builds from its directory
		}
		for _, o := range slices.Concat(own, mods) {
			if err := w.conflict(f, o, r); err != nil {
				return nil, err
			}
		}
		mods = append(mods, r)
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
		if w.byWork(r.Old.Path) {
			if err := f.AddReplace(r.Old.Path, r.Old.Version, r.New.Path, r.New.Version); err != nil {
				return nil, err
			}
		}
	}
	for _, r := range mods {
		if !slices.ContainsFunc(f.Replace, func(x *modfile.Replace) bool { return x.Old == r.Old }) {
			if err := f.AddReplace(r.Old.Path, r.Old.Version, r.New.Path, r.New.Version); err != nil {
				return nil, err
			}
		}
	}
	f.Cleanup()
	return f.Format()
}

// conflict refuses a and b, replace lines of two go.mod files of the workspace, that name
// different replacements of one module, when both are of the same version, or of every
// version, which the go command refuses as it loads the workspace, or one is of every
// version and the other of the version f, the module's go.mod, requires: as it looks
// that version up, the go command refuses it, or, when go.work uses the module of the
// versioned line first, takes the other line, where one go.mod takes the versioned line.
func (w *Workspace) conflict(f *modfile.File, a, b ModReplace) error {
	if a.Old.Path != b.Old.Path || a.File == b.File {
		return nil
	}
	if a.Old.Version != b.Old.Version {
		v, _ := required(f, a.Old.Path)
		if a.Old.Version != "" && b.Old.Version != "" || cmp.Or(a.Old.Version, b.Old.Version) != v {
			return nil
		}
	}
	if a.New == b.New || a.New.Version == "" && b.New.Version == "" && SameDir(a.New.Path, b.New.Path) {
		return nil
	}
	old, refuses := a.Old.Path, "the go command refuses the workspace for it too"
	if v := cmp.Or(a.Old.Version, b.Old.Version); v != "" {
		old += "@" + v
		if a.Old.Version != b.Old.Version {
			refuses = "the go command refuses the workspace for it too, or, with go.work's use lines in another order, ignores the line of " + v + " alone"
		}
	}
	return fmt.Errorf("conflicting replacements for %s in the workspace %s: %s replaces it with %s, %s with %s, and %s; make them one, or choose in go.work: cd %s && go work edit -replace %s=REPLACEMENT",
		old, w.File, a.File, replacement(a.New), b.File, replacement(b.New), refuses, generator.ShellQuote(filepath.Dir(w.File)), a.Old.Path)
}

// replacement returns v, the right side of a replace line, as go.mod writes it.
func replacement(v module.Version) string {
	return strings.TrimSpace(v.Path + " " + v.Version)
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
	_, ok := required(f, mod)
	return ok
}

// required returns the version f requires of the module mod, and whether it does.
func required(f *modfile.File, mod string) (string, bool) {
	for _, r := range f.Require {
		if r.Mod.Path == mod {
			return r.Mod.Version, true
		}
	}
	return "", false
}
