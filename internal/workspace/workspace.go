// Package workspace gives a module of a go.work what the workspace gives it beyond its
// go.mod, for a go command that ignores go.work (go mod tidy) or runs with GOWORK=off:
// the workspace's other modules, which the module may import without requiring them,
// go.work's replacements and those of the other modules' go.mod files.
package workspace

import (
	"errors"
	"fmt"
	"go/version"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

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
	// work are go.work's replace lines as written.
	work []line
	// mods are the go.mod files of the other modules, in the order of go.work's use
	// lines; own of them are used before the module.
	mods []goMod
	own  int
	// dir is the module's directory, absolute.
	dir string
}

// A goMod is the go.mod of a module of the workspace.
type goMod struct {
	// file is its name and dir the module's directory, both absolute.
	file, dir string
	f         *modfile.File
}

// A line is a replace line of go.work or of a go.mod of the workspace, as written.
type line struct {
	*modfile.Replace
	// file holds it (as goMod.file); dir is where a relative replacement resolves from.
	file, dir string
}

// abs returns the line's replacement, a directory made absolute.
func (l line) abs() module.Version {
	return absolute(l.Replace, l.dir).New
}

// Parse returns what the go.work content, read from file (absolute), gives the module at
// moduleDir (absolute), or nil when it does not use that module. The members' module
// paths and replacements are read from their go.mod files; a member without a readable
// one is left out, as the go command would refuse the workspace anyway. A member's go.mod
// that is not a regular file (a named pipe, whose open would wait for good) is an error
// wrapping generator.ErrNotRegular, not opened.
func Parse(file string, content []byte, moduleDir string) (*Workspace, error) {
	f, err := modfile.ParseWork(file, content, nil)
	if err != nil {
		return nil, err
	}
	w := &Workspace{File: file, Members: map[string]string{}, dir: moduleDir}
	uses := false
	for _, u := range f.Use {
		dir := w.abs(u.Path)
		if SameDir(dir, moduleDir) {
			uses, w.own = true, len(w.mods)
			continue
		}
		name := filepath.Join(dir, "go.mod")
		data, err := generator.ReadRegular(os.DirFS(dir), "go.mod", generator.MaxTreeFile)
		if errors.Is(err, generator.ErrNotRegular) {
			return nil, fmt.Errorf("%s, the go.mod of a module that %s uses: %w (make it a regular file or drop its use line)", name, file, err)
		}
		if err != nil {
			continue
		}
		if mod := modfile.ModulePath(data); mod != "" {
			w.Members[mod] = dir
		}
		if mf, err := modfile.Parse(name, data, nil); err == nil {
			w.mods = append(w.mods, goMod{name, dir, mf})
		}
	}
	if !uses {
		return nil, nil
	}
	for _, r := range f.Replace {
		w.Replaces = append(w.Replaces, absolute(r, filepath.Dir(file)))
		w.work = append(w.work, line{r, file, filepath.Dir(file)})
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

// ownFile returns the module's go.mod, absolute.
func (w *Workspace) ownFile() string {
	return filepath.Join(w.dir, "go.mod")
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
// replace itself is replaced by its directory, as in the workspace. The replace lines of
// a module path that go.work or another member's go.mod replaces are those the go command
// takes in the workspace (Replacements): a line of the version each of them names, where
// it differs from the one of every other version, and that one. It refuses, as the go
// command refuses the workspace, two lines of different go.mod files for one module and
// version (or both of every version) with different replacements, and, where go.work's
// use order makes the go command refuse a version a go.mod of the workspace requires, the
// pair of lines it refuses. A nil workspace returns content as it is.
func (w *Workspace) Require(name string, content []byte) ([]byte, error) {
	if w == nil {
		return content, nil
	}
	f, err := modfile.Parse(name, content, nil)
	if err != nil {
		return nil, err
	}
	replaced := map[string]bool{}
	for _, r := range f.Replace {
		replaced[r.Old.Path] = true
	}
	lines, err := w.replacements(f)
	if err != nil {
		return nil, err
	}
	var add []modfile.Replace
	for _, mod := range slices.Sorted(maps.Keys(lines)) {
		for _, l := range lines[mod] {
			r := modfile.Replace{Old: l.Old, New: l.New}
			if l.file != w.ownFile() {
				r.New = l.abs() // the module's own stay as written, relative to its directory
			}
			add = append(add, r)
		}
	}
	for _, r := range slices.Clone(f.Replace) {
		if _, ok := lines[r.Old.Path]; ok {
			if err := f.DropReplace(r.Old.Path, r.Old.Version); err != nil {
				return nil, err
			}
		}
	}
	for _, r := range add {
		if err := f.AddReplace(r.Old.Path, r.Old.Version, r.New.Path, r.New.Version); err != nil {
			return nil, err
		}
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
	f.Cleanup()
	return f.Format()
}

// Source returns the replace line that gives Require's go.mod, of the module's go.mod
// (name, holding content), its line for old, as written, and the file that holds it: name
// for the module's own, else go.work's File or another module's go.mod, absolute. It
// returns nil for none. A nil workspace looks in content alone.
func (w *Workspace) Source(name string, content []byte, old module.Version) (*modfile.Replace, string) {
	f, err := modfile.Parse(name, content, nil)
	if err != nil {
		return nil, ""
	}
	if w != nil {
		if lines, err := w.replacements(f); err == nil {
			for _, l := range lines[old.Path] {
				if l.Old == old && l.file == w.ownFile() {
					return l.Replace, name
				} else if l.Old == old {
					return l.Replace, l.file
				}
			}
			if _, ok := lines[old.Path]; ok {
				return nil, ""
			}
		}
	}
	for _, r := range f.Replace {
		if r.Old == old {
			return r, name
		}
	}
	return nil, ""
}

// Applied returns the replace line the go command applies in the workspace to the module
// version mod, the module's go.mod being name (holding content), as written, and the file
// that holds it, as Source gives them: the line of mod's version, else that of every
// version; for another module of the workspace, which Source leaves out (Require replaces
// it by its directory), go.work's line, else the module's own. It returns nil when none
// applies. The line is that of the version of mod's module the go command builds in the
// workspace, which minimal version selection takes over the whole module graph: mod's
// version, raised to the highest a go.mod of the workspace requires. That is a lower
// bound (a higher one a dependency's go.mod requires is not looked up), so where the
// answer depends on it (Versioned), give as mod's version the one the go command selects
// (go list -m). A nil workspace looks in content alone, as the go command does outside
// the workspace.
func (w *Workspace) Applied(name string, content []byte, mod module.Version) (*modfile.Replace, string) {
	if w != nil && w.Members[mod.Path] != "" {
		if l, ok, err := w.replacement(nil, mod); err == nil && ok {
			return l.Replace, l.file
		}
	}
	if w != nil {
		files := make([]*modfile.File, len(w.mods))
		for i, m := range w.mods {
			files[i] = m.f
		}
		if v, ok := Selected(files, mod.Path); ok && semver.Compare(v, mod.Version) > 0 {
			mod.Version = v
		}
	}
	if r, file := w.Source(name, content, mod); r != nil {
		return r, file
	}
	return w.Source(name, content, module.Version{Path: mod.Path})
}

// Versioned reports whether the line Applied returns for a version of the module mod,
// the module's go.mod holding content, depends on the version: mod is no module of the
// workspace, and a replace line of go.work or of a go.mod of the workspace (content's
// among them) names a version of it.
func (w *Workspace) Versioned(content []byte, mod string) bool {
	if w == nil || w.Members[mod] != "" {
		return false
	}
	f, err := modfile.Parse(w.ownFile(), content, nil)
	if err != nil {
		return false
	}
	for _, m := range slices.Concat(w.mods, []goMod{{f: f}}) {
		if slices.ContainsFunc(m.f.Replace, func(r *modfile.Replace) bool { return r.Old.Path == mod && r.Old.Version != "" }) {
			return true
		}
	}
	return slices.ContainsFunc(w.work, func(l line) bool { return l.Old.Path == mod && l.Old.Version != "" })
}

// Dir returns r's replacement, a line of file (absolute, or name for the module's own
// go.mod, as Source and Applied give it), as an absolute directory, or "" when it is a
// module version, not a directory. The workspace must not be nil: it knows where the
// module's own lines resolve from.
func (w *Workspace) Dir(r *modfile.Replace, file, name string) string {
	if r.New.Version != "" {
		return ""
	}
	dir := w.dir
	if file != name {
		dir = filepath.Dir(file)
	}
	return absolute(r, dir).New.Path
}

// replacements returns, for each module path that go.work or another module's go.mod
// replaces (not a module of the workspace), the lines that give one go.mod the
// replacements the go command takes for it in the workspace, the module's go.mod being f
// (ownFile): for each version a line of the workspace names, the line the go command
// takes (replacementFrom, in cmd/go's modload): go.work's of the version, else go.work's
// of every version, else the last match of the go.mod files in go.work's use order, a
// go.mod's line of the version matching before its line of every version; a line of
// every version takes the place of an earlier go.mod's line of the version, and a line of
// the version after another go.mod's match with another replacement, as written, is a
// conflict. The line of every version is go.work's, else the last go.mod's; a line of a
// version is given where its replacement differs from that one's. It refuses what the go
// command refuses as it loads the workspace, and a conflict at a version a go.mod of the
// workspace requires (the go command looks those up); at another, it takes the earlier
// match, as the go command does before it refuses the workspace on reaching that version.
func (w *Workspace) replacements(f *modfile.File) (map[string][]line, error) {
	mods := slices.Concat(w.mods[:w.own], []goMod{{w.ownFile(), w.dir, f}}, w.mods[w.own:])
	if err := w.loads(mods); err != nil {
		return nil, err
	}
	ours := func(mod string) bool {
		_, member := w.Members[mod]
		return member || f.Module != nil && mod == f.Module.Mod.Path
	}
	versions := map[string][]string{} // module path -> the versions its lines name, "" for every version
	touched := map[string]bool{}      // the module paths go.work or another module's go.mod replaces
	for _, l := range w.work {
		versions[l.Old.Path] = append(versions[l.Old.Path], l.Old.Version)
		touched[l.Old.Path] = true
	}
	for _, m := range mods {
		for _, r := range m.f.Replace {
			versions[r.Old.Path] = append(versions[r.Old.Path], r.Old.Version)
			touched[r.Old.Path] = touched[r.Old.Path] || m.f != f
		}
	}
	out := map[string][]line{}
	for mod, vs := range versions {
		if !touched[mod] || ours(mod) {
			continue
		}
		vs = slices.Compact(slices.Sorted(slices.Values(vs)))
		every, ok, err := w.replacement(mods, module.Version{Path: mod})
		if err != nil {
			return nil, err
		}
		var lines []line
		if ok {
			lines = append(lines, every)
		}
		for _, v := range vs {
			if v == "" {
				continue
			}
			l, found, err := w.replacement(mods, module.Version{Path: mod, Version: v})
			if err != nil {
				return nil, err
			}
			if found && (!ok || l.abs() != every.abs()) {
				lines = append(lines, l)
			}
		}
		out[mod] = lines
	}
	return out, nil
}

// replacement returns the line the go command takes in the workspace for old (a module
// path and version, or a module path alone for a version no line names), mods being the
// go.mod files in go.work's use order, and whether there is one. It refuses a conflict
// the go command refuses (replacements).
func (w *Workspace) replacement(mods []goMod, old module.Version) (line, bool, error) {
	l, ok, c := take(w.work, mods, old)
	if c == nil {
		return l, ok, nil
	}
	refuses := fmt.Sprintf("%s requires %s: the go command refuses the workspace for it too, as go.work uses %s after %s", c.by, old.Version, filepath.Dir(c.later.file), filepath.Dir(c.found.file))
	if c.found.Old.Version == "" {
		refuses += " (in the other order, the line of every version would take the place of the line of " + old.Version + ")"
	}
	return line{}, false, w.conflict(old, c.found, c.later, refuses)
}

// A clash is a pair of lines for one module version that the go command refuses the
// workspace for: found, of an earlier go.mod in go.work's use order, then later's, of
// that version with another replacement, the version being one the go.mod by requires.
type clash struct {
	found, later line
	by           string
}

// take is the go command's choice of the line it applies in the workspace to old
// (replacementFrom, in cmd/go's modload; see replacements), of go.work's lines work and of
// the go.mod files mods in go.work's use order, and whether there is one; or the clash it
// refuses the workspace for.
func take(work []line, mods []goMod, old module.Version) (line, bool, *clash) {
	for _, v := range []string{old.Version, ""} {
		for _, l := range work {
			if l.Old == (module.Version{Path: old.Path, Version: v}) {
				return l, true, nil
			}
		}
	}
	var found line
	for _, m := range mods {
		match := lineOf(m.f, old)
		if match == nil && old.Version != "" {
			match = lineOf(m.f, module.Version{Path: old.Path})
		}
		if match == nil {
			continue
		}
		l := line{match, m.file, m.dir}
		if found.Replace != nil && match.Old.Version != "" && match.New != found.New {
			by, ok := requiredBy(mods, old)
			if !ok {
				continue // the go command refuses the workspace only if it looks the version up
			}
			return line{}, false, &clash{found, l, by}
		}
		found = l
	}
	return found, found.Replace != nil, nil
}

// Take is the go command's choice of the replace line it applies to the module version
// old (a version no line names, or "" where it is not known: a line of every version),
// as Applied makes it, for a reader that holds the files itself: go.work's line of the
// version, else of every version (work, none outside a workspace), else the last match of
// the main modules' go.mod files mods, in go.work's use order, a go.mod's line of the
// version before its line of every version, a later go.mod's line of every version taking
// the place of an earlier one's of the version. dirs are the directories of mods, where
// their relative replacements resolve from: absolute, as the go command compares the
// lines made so (from a relative base, the repository's root, a relative line and an
// absolute one of the same directory compare as different directories). It returns nil for none, and, with conflict set, where the go command refuses the
// workspace for the module's lines: as it loads the workspace (loadClash, which add
// refuses), and for a version a go.mod of mods requires (a go.mod's line of the version
// after an earlier go.mod's match with another replacement).
func Take(work []*modfile.Replace, mods []*modfile.File, dirs []string, old module.Version) (r *modfile.Replace, conflict bool) {
	lines := make([]line, len(work))
	for i, r := range work {
		lines[i] = line{Replace: r}
	}
	files := make([]goMod, len(mods))
	for i, f := range mods {
		files[i] = goMod{f: f, dir: dirs[i]}
	}
	if _, _, clash := loadClash(lines, files, old.Path); clash {
		return nil, true
	}
	l, _, c := take(lines, files, old)
	return l.Replace, c != nil
}

// Selected returns the highest version of the module mod that the go.mod files mods
// require, and whether one does: the version minimal version selection takes, as far as
// those files say. It is a lower bound of the version the go command builds, which a
// dependency's go.mod may raise (go list -m says which).
func Selected(mods []*modfile.File, mod string) (string, bool) {
	selected, found := "", false
	for _, f := range mods {
		if v, ok := required(f, mod); ok && (!found || semver.Compare(v, selected) > 0) {
			selected, found = v, true
		}
	}
	return selected, found
}

// lineOf returns the line of f that replaces old (the last, as the go command reads
// them), or nil.
func lineOf(f *modfile.File, old module.Version) *modfile.Replace {
	var out *modfile.Replace
	for _, r := range f.Replace {
		if r.Old == old {
			out = r
		}
	}
	return out
}

// loads refuses what the go command refuses as it loads the workspace, mods being its
// go.mod files (loadClash).
func (w *Workspace) loads(mods []goMod) error {
	if a, b, ok := loadClash(w.work, mods, ""); ok {
		return w.conflict(b.Old, a, b, "the go command refuses the workspace for it too")
	}
	return nil
}

// loadClash returns the first pair of lines the go command refuses the workspace for as
// it loads it ("conflicting replacements", in cmd/go's modload), of the go.mod files mods
// in go.work's use order, go.work's lines being work: two lines of different go.mod files
// for one module version (or both of every version) with different replacements, once
// made absolute, where go.work replaces nothing of that module. Where only is not "", the
// lines of that module path alone are looked at. Add refuses the workspace for it (loads);
// audit's reading of a build (Take) takes no line of the module.
func loadClash(work []line, mods []goMod, only string) (a, b line, ok bool) {
	type from struct {
		line
		mod int // the index in mods of the go.mod that holds it
	}
	seen := map[module.Version]from{}
	for i, m := range mods {
		for _, r := range m.f.Replace {
			if only != "" && r.Old.Path != only || slices.ContainsFunc(work, func(l line) bool { return l.Old.Path == r.Old.Path }) {
				continue
			}
			l := line{r, m.file, m.dir}
			if prev, ok := seen[r.Old]; ok && prev.mod != i && prev.abs() != l.abs() {
				return prev.line, l, true
			}
			seen[r.Old] = from{l, i}
		}
	}
	return line{}, line{}, false
}

// requiredBy returns the go.mod of mods that requires mod, and whether one does.
func requiredBy(mods []goMod, mod module.Version) (string, bool) {
	for _, m := range mods {
		if v, ok := required(m.f, mod.Path); ok && v == mod.Version {
			return m.file, true
		}
	}
	return "", false
}

// conflict returns the refusal of a and b, lines of two go.mod files of the workspace that
// replace old differently; refuses says what the go command does with them.
func (w *Workspace) conflict(old module.Version, a, b line, refuses string) error {
	return fmt.Errorf("conflicting replacements for %s in the workspace %s: %s replaces it with %s, %s with %s, and %s; make them one, or choose in go.work: cd %s && go work edit -replace %s=REPLACEMENT",
		old, w.File, a.file, replacement(a.New), b.file, replacement(b.New), refuses, generator.ShellQuote(filepath.Dir(w.File)), old.Path)
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

// Unparsable returns an error when the go.work the go command uses for the module at
// moduleDir (Find, with env) cannot be read, wherever it is (a named pipe, on whose open
// every go command run for the module would wait for good; a GOWORK naming no file), and,
// when that go.work is file (absolute: a project's own go.work, a repository's at its
// root), when it does not parse, naming it and its line ("/repo/go.work:4: unknown
// directive: bogus"): every go command run for the module stops on it. It returns nil
// when the go command uses no go.work for the module, or another that it can read.
func Unparsable(file, moduleDir string, env []string) error {
	found := Find(moduleDir, env)
	if found == "" {
		return nil
	}
	data, err := generator.ReadRegular(os.DirFS(filepath.Dir(found)), filepath.Base(found), generator.MaxTreeFile)
	if err != nil {
		return fmt.Errorf("%s, the go.work the go command uses for the module at %s, cannot be read: %w", found, moduleDir, err)
	}
	if found != file {
		return nil
	}
	if _, err := modfile.ParseWork(file, data, nil); err != nil {
		return fmt.Errorf("the go.work the go command uses for the module at %s does not parse: %w", moduleDir, err)
	}
	return nil
}

// Find returns the go.work the go command uses for the module at moduleDir (absolute)
// with the environment env, or "" for none: GOWORK's file when it is set ("off": none;
// "auto", as unset; a relative one the go command refuses itself: none here), else the
// first go.work from moduleDir up that is not a directory, as the go command takes it:
// a named pipe too, which the go command then waits on (Unparsable refuses it).
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
	case file != "" && file != "auto":
		if !filepath.IsAbs(file) {
			return ""
		}
		return filepath.Clean(file)
	}
	for d := moduleDir; ; d = filepath.Dir(d) {
		if info, err := os.Stat(filepath.Join(d, "go.work")); err == nil && !info.IsDir() {
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
	// go.work.sum is read as every file of the user's tree (ReadRegular: a named pipe
	// is refused at once, never waited on); none is copied when there is none.
	files := map[string][]byte{"go.work": work}
	switch sum, err := generator.ReadRegular(os.DirFS(filepath.Dir(w.File)), filepath.Base(w.File)+".sum", generator.MaxTreeFile); {
	case err == nil:
		files["go.work.sum"] = sum
	case !errors.Is(err, fs.ErrNotExist):
		return "", nil, fmt.Errorf("%s.sum, beside the go.work the go command uses, cannot be read: %w; make it a regular file or remove it", w.File, err)
	}
	tmp, done, err := scratch.Dir("", WorkPrefix)
	if err != nil {
		return "", nil, err
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
