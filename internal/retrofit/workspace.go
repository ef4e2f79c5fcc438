package retrofit

import (
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/gonew-prod/gonew-prod/internal/poststep"
	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// workspace is what a go.work of the repository that uses the module gives it beyond its
// go.mod: the other modules of the workspace, which the module may import without
// requiring them, and go.work's replacements. The scratch copy where add runs the go
// command is in no workspace (GOWORK=off), so its go.mod gets them as requirements and
// replacements (withWorkspace), which are taken out again (withoutWorkspace) before the
// plan sees the file.
type workspace struct {
	file     string            // the go.work, relative to the repository's root
	dir      string            // its directory, absolute
	members  map[string]string // module path -> absolute directory, the module itself aside
	replaces []*modfile.Replace
}

// workspace returns the repository's go.work when it uses the module, or nil. A vendored
// module is built with its vendor/ (the go command ignores it in workspace mode, so the
// user builds it with GOWORK=off) and gets no workspace either.
func (p *planner) workspace() (*workspace, error) {
	w := p.t.Repo.Work
	if w == nil || p.t.Module.Vendor || !slices.Contains(w.Use, p.t.Module.Dir) {
		return nil, nil
	}
	content, ok := p.current(w.Path)
	if !ok {
		return nil, nil
	}
	f, err := modfile.ParseWork(w.Path, content, nil)
	if err != nil {
		return nil, err
	}
	ws := &workspace{file: w.Path, dir: filepath.Join(p.t.Dir, filepath.FromSlash(path.Dir(w.Path))), members: map[string]string{}}
	for _, u := range w.Use {
		for _, m := range p.t.Repo.Modules {
			if m.Dir == u && u != p.t.Module.Dir && m.Path != "" {
				ws.members[m.Path] = filepath.Join(p.t.Dir, filepath.FromSlash(u))
			}
		}
	}
	for _, r := range f.Replace {
		nr := &modfile.Replace{Old: r.Old, New: r.New}
		if r.New.Version == "" && !filepath.IsAbs(r.New.Path) && modfile.IsDirectoryPath(r.New.Path) {
			nr.New.Path = filepath.Join(ws.dir, filepath.FromSlash(r.New.Path))
		}
		ws.replaces = append(ws.replaces, nr)
	}
	return ws, nil
}

// withWorkspace returns go.mod content that, outside the workspace, builds as the module
// does in it, for go mod tidy (which ignores go.work): each member the content does not
// require is required at its zero pseudo-version, and every member and go.work
// replacement the content does not replace itself is replaced (as in the workspace, by
// the member's directory).
func (ws *workspace) withWorkspace(name string, content []byte) ([]byte, error) {
	if ws == nil {
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
	for _, mod := range slices.Sorted(maps.Keys(ws.members)) {
		if _, ok := required(f, mod); ok {
			continue
		}
		_, major, _ := module.SplitPathVersion(mod)
		if err := f.AddRequire(mod, module.ZeroPseudoVersion(module.PathMajorPrefix(major))); err != nil {
			return nil, err
		}
	}
	for _, mod := range slices.Sorted(maps.Keys(ws.members)) {
		if !replaced[mod] {
			if err := f.AddReplace(mod, "", ws.members[mod], ""); err != nil {
				return nil, err
			}
		}
	}
	for _, r := range ws.replaces {
		if !replaced[r.Old.Path] && ws.members[r.Old.Path] == "" {
			if err := f.AddReplace(r.Old.Path, r.Old.Version, r.New.Path, r.New.Version); err != nil {
				return nil, err
			}
		}
	}
	f.Cleanup()
	return f.Format()
}

// withoutWorkspace takes out of tidied, the go.mod go mod tidy wrote from withWorkspace's,
// what withWorkspace put in for the workspace that ours, the user's go.mod, does not say.
func (ws *workspace) withoutWorkspace(name string, ours, tidied []byte) ([]byte, error) {
	if ws == nil {
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
		if _, member := ws.members[r.Mod.Path]; !member {
			continue
		}
		if _, ok := required(o, r.Mod.Path); ok {
			continue
		}
		if err := t.DropRequire(r.Mod.Path); err != nil {
			return nil, err
		}
	}
	for _, r := range slices.Clone(t.Replace) {
		if slices.ContainsFunc(o.Replace, func(x *modfile.Replace) bool { return x.Old == r.Old }) {
			continue
		}
		if err := t.DropReplace(r.Old.Path, r.Old.Version); err != nil {
			return nil, err
		}
	}
	t.Cleanup()
	return t.Format()
}

// goWork returns a go.work for a scratch copy of the module at dir, made from content,
// the repository's go.work: dir is used in the module's place, the other modules and
// replacements by a directory where they are.
func (ws *workspace) goWork(content []byte, moduleDir, dir string) ([]byte, error) {
	f, err := modfile.ParseWork(ws.file, content, nil)
	if err != nil {
		return nil, err
	}
	for _, u := range slices.Clone(f.Use) {
		abs := filepath.FromSlash(u.Path)
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(ws.dir, abs)
		}
		if err := f.DropUse(u.Path); err != nil {
			return nil, err
		}
		if abs == moduleDir {
			abs = dir
		}
		if err := f.AddUse(abs, u.ModulePath); err != nil {
			return nil, err
		}
	}
	for _, r := range slices.Clone(f.Replace) {
		if r.New.Version != "" || filepath.IsAbs(r.New.Path) || !modfile.IsDirectoryPath(r.New.Path) {
			continue
		}
		if err := f.AddReplace(r.Old.Path, r.Old.Version, filepath.Join(ws.dir, filepath.FromSlash(r.New.Path)), ""); err != nil {
			return nil, err
		}
	}
	f.Cleanup()
	return modfile.Format(f.Syntax), nil
}

// vetRunner returns the runner of go vet in the scratch copy of the module at dir: with
// GOWORK=off, or, in a workspace, with a go.work of its own made from the repository's
// as the plan leaves it (planned) or as it stands, and its go.work.sum, in a directory
// that done removes. go vet then builds the module as the user will, in the workspace.
func (p *planner) vetRunner(dir string, planned bool) (run poststep.Runner, done func(), err error) {
	env := slices.Clone(p.opts.Env)
	if p.ws == nil {
		return poststep.Runner{Env: append(env, "GOWORK=off")}, func() {}, nil
	}
	content, _ := p.current(p.ws.file)
	if !planned {
		if content, err = os.ReadFile(filepath.Join(p.t.Dir, filepath.FromSlash(p.ws.file))); err != nil {
			return run, nil, err
		}
	}
	work, err := p.ws.goWork(content, filepath.Join(p.t.Dir, filepath.FromSlash(p.t.Module.Dir)), dir)
	if err != nil {
		return run, nil, err
	}
	tmp, err := os.MkdirTemp("", "gonew-prod-work-")
	if err != nil {
		return run, nil, err
	}
	done = func() { os.RemoveAll(tmp) }
	files := map[string][]byte{"go.work": work}
	if sum, err := os.ReadFile(filepath.Join(p.t.Dir, filepath.FromSlash(p.ws.file)) + ".sum"); err == nil {
		files["go.work.sum"] = sum
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			done()
			return run, nil, err
		}
	}
	return poststep.Runner{Env: append(env, "GOWORK="+filepath.Join(tmp, "go.work"))}, done, nil
}

// memberHint explains a go command that failed in the workspace because it looked up a
// module of the workspace at the version modRel's content requires: it looks such
// versions up when it loads the whole module graph, as the requirements add brings can
// make it do. out is the command's error; the hint is "" when that is not the failure.
func (ws *workspace) memberHint(modRel string, content []byte, out string) string {
	if ws == nil {
		return ""
	}
	f, err := modfile.Parse(modRel, content, nil)
	if err != nil {
		return ""
	}
	for _, mod := range slices.Sorted(maps.Keys(ws.members)) {
		v, ok := required(f, mod)
		if !ok || !strings.Contains(out, mod+"@"+v+":") {
			continue
		}
		rel, err := filepath.Rel(ws.dir, ws.members[mod])
		if err != nil {
			return ""
		}
		return fmt.Sprintf("; %s requires %s %s, a module of the workspace %s, and the go command looks that version up once the requirements add brings make it load the whole module graph: replace the version in %s (replace %s %s => ./%s) and run add again",
			modRel, mod, v, ws.file, ws.file, mod, v, filepath.ToSlash(rel))
	}
	return ""
}

// unrequired returns the members the packages of the module import that go.mod (f) does
// not require: only the workspace provides them.
func (ws *workspace) unrequired(r *repo.Repo, m *repo.Module, f *modfile.File) []string {
	var out []string
	for _, pkg := range r.Packages {
		if pkg.Module != m {
			continue
		}
		for _, file := range pkg.Files {
			for _, imp := range file.Imports {
				for mod := range ws.members {
					if (imp.Path == mod || strings.HasPrefix(imp.Path, mod+"/")) && !slices.Contains(out, mod) {
						if _, ok := required(f, mod); !ok {
							out = append(out, mod)
						}
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// workAbove refuses a module that a go.work other than the repository's own uses: one
// found from the module's directory up, before the repository's root, or above the
// directory add works in. The go command builds the module in that workspace, whose go
// line and other modules add would not see from dir. GOWORK names the file when set
// ("off": none), as for the go command.
func workAbove(dir, moduleDir, main string, env []string) error {
	file := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GOWORK="); ok {
			file = v
		}
	}
	switch {
	case file == "off":
		return nil
	case file == "":
		for d := moduleDir; ; d = filepath.Dir(d) {
			if info, err := os.Stat(filepath.Join(d, "go.work")); err == nil && info.Mode().IsRegular() {
				file = filepath.Join(d, "go.work")
				break
			}
			if d == filepath.Dir(d) {
				return nil
			}
		}
	case !filepath.IsAbs(file):
		return nil // the go command refuses a relative GOWORK itself
	}
	if file == filepath.Join(dir, "go.work") {
		return nil // the repository's own, which add reads
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	f, err := modfile.ParseWork(file, data, nil)
	if err != nil {
		return refuse("%s, the go.work the go command would use for %s, does not parse: %v", file, dir, err)
	}
	workDir := filepath.Dir(file)
	for _, u := range f.Use {
		use := filepath.FromSlash(u.Path)
		if !filepath.IsAbs(use) {
			use = filepath.Join(workDir, use)
		}
		if filepath.Clean(use) != moduleDir {
			continue
		}
		hint := "run add in a directory that holds both the go.work and the module"
		switch rel, err := filepath.Rel(workDir, filepath.Join(dir, filepath.FromSlash(main))); {
		case err == nil && rel == ".":
			hint = fmt.Sprintf("run add in the workspace's directory, gonew-prod add --dir %s", workDir)
		case err == nil && filepath.IsLocal(rel):
			hint = fmt.Sprintf("run add in the workspace's directory, gonew-prod add --dir %s --main ./%s", workDir, filepath.ToSlash(rel))
		}
		return refuse("the module at %s is used by the workspace %s: the go command builds it with that workspace's modules and go line, which add does not see from %s; %s, or set GOWORK=off when the module builds without it",
			moduleDir, file, dir, hint)
	}
	return nil
}
