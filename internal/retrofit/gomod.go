package retrofit

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/version"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/builtin"
	"github.com/gonew-prod/gonew-prod/internal/gitview"
	"github.com/gonew-prod/gonew-prod/internal/merge"
	"github.com/gonew-prod/gonew-prod/internal/poststep"
	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/scratch"
	"github.com/gonew-prod/gonew-prod/internal/update"
	"github.com/gonew-prod/gonew-prod/templates"
)

// pinnedModules returns the module versions the built-in templates pin: every require of
// every dependency set's complete go.mod.
func pinnedModules() (map[string]string, error) {
	out := map[string]string{}
	err := fs.WalkDir(templates.FS(), generator.TemplateDir+"/deps", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Base(p) != "go.mod.tmpl" {
			return err
		}
		set, err := pinnedGoMod(p)
		if err != nil {
			return err
		}
		for m, v := range set {
			if have, ok := out[m]; !ok || semver.Compare(v, have) > 0 {
				out[m] = v
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the pinned module versions: %w", err)
	}
	return out, nil
}

// pinnedSet returns the requirements (path -> version) of the dependency set whose go.mod
// gonew-prod new renders for answers (the framework, and otel among the features), as
// the built-in manifest selects it; nil for answers no set is rendered for (a framework
// new does not generate).
func pinnedSet(answers generator.Answers) (map[string]string, error) {
	m, err := builtin.Manifest()
	if err != nil {
		return nil, err
	}
	for _, e := range m.Files {
		if e.Path == "go.mod" && e.When.Holds(answers, nil) {
			return pinnedGoMod(generator.TemplateDir + "/" + e.TemplateName())
		}
	}
	return nil, nil
}

// pinnedGoMod returns the requirements of the dependency set's go.mod template at name in
// the built-in templates.
func pinnedGoMod(name string) (map[string]string, error) {
	data, err := fs.ReadFile(templates.FS(), name)
	if err != nil {
		return nil, err
	}
	// The stored file is a template only in its module and go lines.
	var kept []string
	for _, l := range strings.Split(string(data), "\n") {
		if !strings.Contains(l, "{{") {
			kept = append(kept, l)
		}
	}
	f, err := modfile.ParseLax(name, []byte(strings.Join(kept, "\n")), nil)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range f.Require {
		out[r.Mod.Path] = r.Mod.Version
	}
	return out, nil
}

// pinnedRaises returns the requirements (path -> version) of tidied, the module's go.mod
// after go mod tidy with add's requirements, to raise to the versions set pins (the
// dependency set new renders: pinnedSet): each module tidied requires below its version in
// set. Tidy selects the lowest version the build list's requirements allow, which can be
// one the set moved past on purpose (a retracted release that an added module still
// requires), where new's render would select the set's. A module of built, the user's
// build list before add (not only their go.mod's require lines: before go 1.17 those are
// the direct requirements only), at the version tidy kept is their choice and stays; so
// does one tidied replaces (its source is the replacement's) and one whose pinned version
// tidied excludes. One the added code's requirements raised past the user's version, or
// brought in, is raised to the set's version. Nothing is lowered.
func pinnedRaises(built map[string]string, tidied *modfile.File, set map[string]string) map[string]string {
	raise := map[string]string{}
	for _, r := range tidied.Require {
		pin, ok := set[r.Mod.Path]
		if !ok || semver.Compare(pin, r.Mod.Version) <= 0 {
			continue
		}
		if v, ok := built[r.Mod.Path]; ok && semver.Compare(r.Mod.Version, v) <= 0 {
			continue
		}
		if slices.ContainsFunc(tidied.Replace, func(x *modfile.Replace) bool { return x.Old.Path == r.Mod.Path }) ||
			slices.ContainsFunc(tidied.Exclude, func(x *modfile.Exclude) bool { return x.Mod == module.Version{Path: r.Mod.Path, Version: pin} }) {
			continue
		}
		raise[r.Mod.Path] = pin
	}
	return raise
}

// requiresFor returns the modules (path -> version) that provide imports, from the pinned
// versions, leaving out those the user's go.mod already requires at that version or later.
func requiresFor(imports []string, pinned map[string]string, have *modfile.File) (map[string]string, error) {
	need := map[string]string{}
	for _, imp := range imports {
		mod := ""
		for p := range pinned {
			if (imp == p || strings.HasPrefix(imp, p+"/")) && len(p) > len(mod) {
				mod = p
			}
		}
		if mod == "" {
			if requiredByPrefix(have, imp) {
				continue // the user's own dependency, e.g. their router
			}
			return nil, fmt.Errorf("no pinned module provides %s", imp)
		}
		if v, ok := required(have, mod); ok && semver.Compare(v, pinned[mod]) >= 0 {
			continue
		}
		need[mod] = pinned[mod]
	}
	return need, nil
}

func required(f *modfile.File, mod string) (string, bool) {
	for _, r := range f.Require {
		if r.Mod.Path == mod {
			return r.Mod.Version, true
		}
	}
	return "", false
}

func requiredByPrefix(f *modfile.File, imp string) bool {
	return slices.ContainsFunc(f.Require, func(r *modfile.Require) bool {
		return imp == r.Mod.Path || strings.HasPrefix(imp, r.Mod.Path+"/")
	})
}

// noModule refuses the main package at dir (relative to root, the directory add works
// in) when the go.mod nearest above it could not be read or parsed (the go command stops
// there too, where ModuleOf skips it), or when no module of the repository governs it
// (module, ModuleOf's, is nil). A go.mod above root is named, with the command that runs
// add from its directory: add writes its files and its record from where it works, and
// it reads the module from there.
func noModule(r *repo.Repo, root, dir string, module *repo.Module) error {
	if pr, ok := r.ModuleProblem(dir); ok {
		hint := "fix it"
		if strings.Contains(pr.Err, `'\ufeff'`) {
			hint = "save it without the byte order mark (the go command rejects it too)"
		}
		return refuse("main package %s: its go.mod cannot be read: %s; %s and run add again", dir, pr, hint)
	}
	if module != nil {
		return nil
	}
	mainDir := filepath.Join(root, filepath.FromSlash(dir))
	for d := filepath.Dir(root); ; d = filepath.Dir(d) {
		goMod := filepath.Join(d, "go.mod")
		if info, err := os.Stat(goMod); err == nil && info.Mode().IsRegular() {
			what := "a module"
			if data, err := readFile(goMod); err == nil && modfile.ModulePath(data) != "" {
				what = "module " + modfile.ModulePath(data)
			}
			run := "gonew-prod add --dir " + generator.ShellQuote(d)
			if rel, err := filepath.Rel(d, mainDir); err == nil && rel != "." {
				run += " --main " + generator.ShellQuote("./"+filepath.ToSlash(rel))
			}
			return refuse("main package %s is inside %s, whose go.mod is at %s, above the directory add works in (%s): add works from the module's directory; run %s", dir, what, goMod, root, run)
		}
		if d == filepath.Dir(d) {
			break
		}
	}
	return refuse("main package %s is in no module: there is no go.mod in %s or above it; run go mod init in the directory that is to be the module's root, then run add again", dir, mainDir)
}

// goNeeds returns what needs a Go language version above have — the platform packages
// add writes and the new requirements whose go.mod declares one — and the
// highest such version.
func goNeeds(ctx context.Context, env []string, have string, need map[string]string) ([]string, string, error) {
	var reasons []string
	highest := have
	// The go command raises the go line to the highest of the requirements', 1.26 to
	// 1.26.0 too, and a go.work listing 1.26 then refuses the module: any raise counts.
	newer := func(v string) bool { return version.Compare("go"+v, "go"+have) > 0 }
	raise := func(v string) {
		if version.Compare("go"+v, "go"+highest) > 0 {
			highest = v
		}
	}
	if newer(MinGo) {
		reasons = append(reasons, "the platform packages gonew-prod adds need go "+MinGo)
		raise(MinGo)
	}
	mods := make([]string, 0, len(need))
	for m := range need {
		mods = append(mods, m)
	}
	slices.Sort(mods)
	goLines, err := moduleGoLines(ctx, env, mods, need)
	if err != nil {
		return nil, "", err
	}
	var needy []string
	for _, m := range mods {
		if v := goLines[m]; v != "" && newer(v) {
			needy = append(needy, m+" "+need[m]+" needs go "+v)
			raise(v)
		}
	}
	if len(needy) > 3 {
		needy = append(needy[:3], fmt.Sprintf("%d more requirements need a newer go (up to %s)", len(needy)-3, highest))
	}
	return append(reasons, needy...), highest, nil
}

// moduleGoLines returns the go line of each module's go.mod at its version in need,
// fetched through the module proxy with one go mod download.
func moduleGoLines(ctx context.Context, env []string, mods []string, need map[string]string) (map[string]string, error) {
	out := map[string]string{}
	if len(mods) == 0 {
		return out, nil
	}
	args := []string{"mod", "download", "-json"}
	for _, m := range mods {
		args = append(args, m+"@"+need[m])
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = os.TempDir()
	cmd.Env = append(slices.Clone(env), "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	dec := json.NewDecoder(&stdout)
	for dec.More() {
		var dl struct{ Path, GoMod, Error string }
		if err := dec.Decode(&dl); err != nil {
			return nil, fmt.Errorf("go mod download: %w", err)
		}
		if dl.Error != "" {
			return nil, fmt.Errorf("go mod download %s: %s", dl.Path, dl.Error)
		}
		data, err := os.ReadFile(dl.GoMod)
		if err != nil {
			return nil, err
		}
		f, err := modfile.ParseLax(dl.GoMod, data, nil)
		if err != nil {
			return nil, err
		}
		if f.Go != nil {
			out[dl.Path] = f.Go.Version
		}
	}
	if runErr != nil {
		return nil, fmt.Errorf("go mod download: %v: %s", runErr, strings.Join(strings.Fields(stderr.String()), " "))
	}
	return out, nil
}

// editGoMod adds need to the go.mod content (raising lower versions, never lowering) and
// sets the go line to goLine when it is higher.
func editGoMod(name string, content []byte, need map[string]string, goLine string) ([]byte, error) {
	f, err := modfile.Parse(name, content, nil)
	if err != nil {
		return nil, err
	}
	mods := make([]string, 0, len(need))
	for m := range need {
		mods = append(mods, m)
	}
	slices.Sort(mods)
	for _, m := range mods {
		if err := f.AddRequire(m, need[m]); err != nil {
			return nil, err
		}
	}
	if f.Go == nil || version.Compare("go"+goLine, "go"+f.Go.Version) > 0 {
		if err := f.AddGoStmt(goLine); err != nil {
			return nil, err
		}
	}
	f.Cleanup()
	return f.Format()
}

// localReplaces rewrites the replace directives of go.mod content that point at
// directories relative to the module (../lib) to absolute paths below moduleDir, so that
// the go command finds them from a copy of the module elsewhere. They resolve from the
// directory moduleDir leads to (scratch.Real), as for the go command run in the module:
// a repository reached through a symbolic link has its ../lib beside the real directory.
func localReplaces(name string, content []byte, moduleDir string) ([]byte, error) {
	moduleDir = scratch.Real(moduleDir)
	f, err := modfile.Parse(name, content, nil)
	if err != nil {
		return nil, err
	}
	changed := false
	var lines []modfile.Replace
	for _, r := range f.Replace {
		l := modfile.Replace{Old: r.Old, New: r.New}
		if r.New.Version == "" && !filepath.IsAbs(r.New.Path) && modfile.IsDirectoryPath(r.New.Path) {
			l.New.Path = filepath.Join(moduleDir, filepath.FromSlash(r.New.Path))
			changed = true
		}
		lines = append(lines, l)
	}
	if !changed {
		return content, nil
	}
	// AddReplace of a module path alone takes the place of its lines of a version too:
	// every line goes and comes back, those of every version first.
	for _, l := range lines {
		if err := f.DropReplace(l.Old.Path, l.Old.Version); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(lines, func(a, b modfile.Replace) int {
		return cmp.Compare(min(len(a.Old.Version), 1), min(len(b.Old.Version), 1))
	})
	for _, l := range lines {
		if err := f.AddReplace(l.Old.Path, l.Old.Version, l.New.Path, l.New.Version); err != nil {
			return nil, err
		}
	}
	f.Cleanup()
	return f.Format()
}

// sameLineEnds returns formatted, a file modfile wrote with "\n" from one that was
// before, with CRLF line endings when every line of before ends in CRLF.
func sameLineEnds(before, formatted []byte) []byte {
	if !generator.CRLF(before) {
		return formatted
	}
	return []byte(withCRLF(strings.ReplaceAll(string(formatted), "\r\n", "\n")))
}

// raiseWorkGo sets the go line of go.work content to goLine when it is lower: a
// workspace's go line must be at least each module's.
func raiseWorkGo(name string, content []byte, goLine string) ([]byte, bool, error) {
	f, err := modfile.ParseWork(name, content, nil)
	if err != nil {
		return nil, false, err
	}
	if f.Go != nil && version.Compare("go"+f.Go.Version, "go"+goLine) >= 0 {
		return content, false, nil
	}
	out, err := merge.SetWorkGo(name, content, goLine)
	return out, err == nil, err
}

// checkGoWork is the preservation check of go.work: after keeps every use and replace.
func checkGoWork(name string, before, after []byte) error {
	b, err := modfile.ParseWork(name, before, nil)
	if err != nil {
		return err
	}
	a, err := modfile.ParseWork(name, after, nil)
	if err != nil {
		return fmt.Errorf("preservation check of %s: the new go.work does not parse: %w", name, err)
	}
	for _, u := range b.Use {
		if !slices.ContainsFunc(a.Use, func(x *modfile.Use) bool { return x.Path == u.Path }) {
			return refuse("preservation check of %s: use %s would be dropped; nothing written", name, u.Path)
		}
	}
	for _, r := range b.Replace {
		if !slices.ContainsFunc(a.Replace, func(x *modfile.Replace) bool { return x.Old == r.Old && x.New == r.New }) {
			return refuse("preservation check of %s: replace %s would be dropped; nothing written", name, r.Old.Path)
		}
	}
	return nil
}

// ScratchPrefix begins the names of the directories under TMPDIR that hold add's
// copies of the module where the module's parent cannot take them (update.ScratchDir),
// which scratch.Sweep removes when a killed run left them.
const ScratchPrefix = "gonew-prod-add-"

// moduleFiles works out go.mod, go.sum and vendor/ in a scratch copy of the module with
// every planned change applied: the requirements the new code imports are added (never
// lowering one), the go line raised when that is allowed and needed, go mod tidy run and
// everything of the user's put back that tidy dropped, vendor/ made again when the
// module has one, and go vet (which compiles every package and test) must pass. The
// copy is made beside the module (update.ScratchDir, as update's gate makes its own), so
// that a path leading out of the module (a cgo directive's -I${SRCDIR}/../include)
// resolves from it as in the tree.
func (p *planner) moduleFiles() error {
	if !addsGo(p.plan.Components) {
		return nil
	}
	if !p.t.Module.Vendor && vendorFlag(p.opts.Env) {
		return refuse("GOFLAGS has -mod=vendor, but module %s has no vendor directory, so no go command works in it: unset GOFLAGS (or drop -mod=vendor), or run go mod vendor first, then run add again", p.t.Module.Path)
	}
	if err := p.workspaceVendored(); err != nil {
		return err
	}
	modRel := p.repoPath("go.mod")
	goMod, _ := p.current(modRel)
	moduleDir := filepath.Join(p.t.Dir, filepath.FromSlash(p.t.Module.Dir))
	if err := p.linkedVendor(moduleDir); err != nil {
		return err
	}
	if p.t.Module.Vendor {
		// add's go mod vendor would bring vendor/ up to date with go.mod along with its
		// own requirements, and the check for changes of the user's in vendor/ would read
		// the versions modules.txt names, which are not what go.mod has.
		modulesTxt, _ := readFile(filepath.Join(moduleDir, "vendor", "modules.txt"))
		if stale := staleVendor(goMod, modulesTxt); len(stale) > 0 {
			return refuse("nothing written: %s is out of date with go.mod (%s), so the module does not build with -mod=vendor as it stands; run go mod vendor, review and commit what it changes, then run add again", p.repoPath("vendor/modules.txt"), strings.Join(stale, "; "))
		}
	}
	work, release, err := update.ScratchDir(moduleDir, ScratchPrefix)
	if err != nil {
		return fmt.Errorf("copy of the module: %w", err)
	}
	defer release()
	if err := update.CheckUTF8(work); err != nil {
		return refuse("nothing written: %v", err)
	}
	if err := scratch.Copy(moduleDir, work, func(rel string) bool { return rel == "vendor" }, scratch.GitIgnored(p.ctx, p.opts.Env, moduleDir)); err != nil {
		return copyFailed(work, err)
	}
	if p.ws, err = p.workspace(); err != nil {
		return err
	}
	run := poststep.Runner{Env: append(scratch.Env(p.opts.Env, work), "GOWORK=off", "GOFLAGS=-mod=mod")}
	set, err := pinnedSet(p.answers)
	if err != nil {
		return err
	}
	before, err := p.goModBefore(modRel, goMod, moduleDir)
	if err != nil {
		return err
	}
	var built map[string]string
	if set != nil || len(versionedReplaces(before)) > 0 {
		if built, err = p.buildList(run, work, modRel, before); err != nil {
			return err
		}
	}
	for rel, content := range p.contents {
		inModule, ok := strings.CutPrefix(rel, joinPath(p.t.Module.Dir, ""))
		if p.t.Module.Dir == "." {
			inModule, ok = rel, true
		}
		if !ok {
			continue
		}
		if err := scratch.WriteFile(work, inModule, content, 0o644); err != nil {
			return fmt.Errorf("copy of the module: %w", err)
		}
	}
	// The files add no longer writes that it deletes (dropUnrendered) are gone from the
	// copy too, so that go vet finds code of the user's that still imports them.
	for _, c := range p.plan.Changes {
		inModule, ok := strings.CutPrefix(c.Path, joinPath(p.t.Module.Dir, ""))
		if p.t.Module.Dir == "." {
			inModule, ok = c.Path, true
		}
		if !c.Delete || !ok {
			continue
		}
		if err := scratch.Remove(work, inModule); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("copy of the module: %w", err)
		}
	}
	edited, err := editGoMod(modRel, goMod, p.need, p.goDirective)
	if err != nil {
		return err
	}
	// What the workspace gives the module must be given to the copy (from the user's lines
	// as written, as the go command compares them), and replacements by a directory
	// relative to the module must still resolve from the copy.
	if edited, err = p.ws.Require(modRel, edited); err != nil {
		return err
	}
	edited, err = localReplaces(modRel, edited, moduleDir)
	if err != nil {
		return err
	}
	if err := scratch.WriteFile(work, "go.mod", edited, 0o644); err != nil {
		return fmt.Errorf("copy of the module: %w", err)
	}
	if err := run.Go(p.ctx, work, "mod", "tidy"); err != nil {
		return fmt.Errorf("in a copy of the module: %w", err)
	}
	// What tidy selects for the added code, before raises to the pinned versions.
	byTidy, err := os.ReadFile(filepath.Join(work, "go.mod"))
	if err != nil {
		return err
	}
	if byTidy, err = p.ws.Strip(modRel, goMod, byTidy); err != nil {
		return err
	}
	pinRaised, err := p.raiseToPinned(run, work, modRel, set, built)
	if err != nil {
		return err
	}
	tidied, err := os.ReadFile(filepath.Join(work, "go.mod"))
	if err != nil {
		return err
	}
	if err := p.replacesKept(run, work, modRel, goMod, before, tidied, built); err != nil {
		return err
	}
	if tidied, err = p.ws.Strip(modRel, goMod, tidied); err != nil {
		return err
	}
	if err := p.noteKept(modRel, goMod, tidied); err != nil {
		return err
	}
	// The user's go.mod with what tidy added or raised: nothing of theirs is dropped,
	// reworded or moved, and their relative replacements are as they wrote them.
	if tidied, err = merge.Tidied(goMod, tidied); err != nil {
		return err
	}
	if tidied, err = p.dropOldToolchain(modRel, tidied, p.goWas); err != nil {
		return err
	}
	tidied = sameLineEnds(goMod, tidied)
	// The copy keeps absolute replacements for vendor and vet; the plan the original ones.
	scratchMod, err := localReplaces(modRel, tidied, moduleDir)
	if err != nil {
		return err
	}
	if err := scratch.WriteFile(work, "go.mod", scratchMod, 0o644); err != nil {
		return fmt.Errorf("copy of the module: %w", err)
	}
	sumRel := p.repoPath("go.sum")
	oldSum, sumExists := p.current(sumRel)
	newSum, err := os.ReadFile(filepath.Join(work, "go.sum"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	sum, err := merge.TidiedSum(oldSum, newSum)
	if err != nil {
		return fmt.Errorf("%s: %w", sumRel, err)
	}
	if err := scratch.WriteFile(work, "go.sum", sum, 0o644); err != nil {
		return fmt.Errorf("copy of the module: %w", err)
	}
	if err := p.tidiedGoLine(modRel, tidied); err != nil {
		return err
	}
	yours, err := p.noteRaises(modRel, goMod, byTidy)
	if err != nil {
		return err
	}
	if len(pinRaised) > 0 {
		p.plan.Notes = append(p.plan.Notes, "raised to the versions gonew-prod pins (the dependency set new renders) and what those require, past what go mod tidy selects for the added code: "+strings.Join(pinRaised, ", "))
	}
	if !bytes.Equal(tidied, goMod) {
		what := "requirements of the added code"
		if yours {
			what += ", and of yours"
		}
		p.editFile(modRel, "edit", what, tidied)
	}
	if err := p.raiseWorkspace(); err != nil {
		return err
	}
	if sum = sameLineEnds(oldSum, sum); !bytes.Equal(sum, oldSum) {
		action := "edit"
		if !sumExists {
			action = "create"
		}
		p.editFile(sumRel, action, "checksums of the new requirements", sum)
	}
	vet := []string{"vet", "./..."}
	if p.t.Module.Vendor {
		if err := run.Go(p.ctx, work, "mod", "vendor"); err != nil {
			return fmt.Errorf("in a copy of the module: %w", err)
		}
		if err := p.vendorChanges(run, work, filepath.Join(moduleDir, "vendor")); err != nil {
			return err
		}
		vet = []string{"vet", "-mod=vendor", "./..."}
	}
	if p.opts.DryRun || !p.plan.Changed() {
		return nil // nothing is written (a second add of the same components): nothing to check
	}
	vetRun, done, err := p.workRunner(p.ws, work, true)
	if err != nil {
		return err
	}
	defer done()
	// Findings of go vet that were there before add leave the module as it was: they
	// switch off none of the checks that follow.
	vetErr := vetRun.Go(p.ctx, work, vet...)
	if vetErr != nil {
		if err := p.vetAsBefore(vetErr, modRel, moduleDir, vet); err != nil {
			return err
		}
	}
	return p.mainTestsRun(vetRun, work, vet[1:len(vet)-1], vetErr != nil)
}

// goModBefore returns goMod, the user's go.mod, as the go command in the copy of the
// module reads it before add: what the workspace gives the module added (the replacements
// the go command takes there among them: workspace.Require), as for tidy, and its
// relative replacements resolved from the copy (the module is at moduleDir).
func (p *planner) goModBefore(modRel string, goMod []byte, moduleDir string) ([]byte, error) {
	before, err := p.ws.Require(modRel, goMod)
	if err != nil {
		return nil, err
	}
	return localReplaces(modRel, before, moduleDir)
}

// buildList returns the versions (path -> version) of the modules the module selects
// before add: go list -m all in work, the scratch copy, with before, the user's go.mod as
// the go command in the copy reads it, as its go.mod. Before go 1.17 a go.mod lists only
// direct requirements, so its require lines alone do not say which versions are the
// user's. When the go command cannot read the build list (a module before go 1.17, whose
// graph is not pruned, reaching a version that cannot be fetched, which tidy on the
// raised go line never loads), the require lines of before are the user's versions, as
// they were before add read the build list, and a note of the plan says so.
func (p *planner) buildList(run poststep.Runner, work, modRel string, before []byte) (map[string]string, error) {
	if err := scratch.WriteFile(work, "go.mod", before, 0o644); err != nil {
		return nil, fmt.Errorf("copy of the module: %w", err)
	}
	out, err := run.GoOutput(p.ctx, work, "list", "-m", "-f", "{{.Path}} {{.Version}}", "all")
	if err == nil {
		return parseBuildList(out), nil
	}
	var failed *poststep.CommandError
	if p.ctx.Err() != nil || !errors.As(err, &failed) {
		return nil, fmt.Errorf("in a copy of the module, before add: %w", err)
	}
	f, err := modfile.Parse(modRel, before, nil)
	if err != nil {
		return nil, err
	}
	list := map[string]string{}
	for _, r := range f.Require {
		list[r.Mod.Path] = r.Mod.Version
	}
	p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("the build list before add could not be read (go list -m all: %s): the versions of yours are taken from the require lines of %s, so a module it does not list (before go 1.17, one you require only indirectly) counts as one the added code brings in", goError(failed.Output), modRel))
	return list, nil
}

// goError returns the first line of a go command's output that says what went wrong: not
// its progress messages ("go: downloading ..."), nor an empty line.
func goError(out string) string {
	for l := range strings.Lines(out) {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "go: downloading ") {
			return l
		}
	}
	return "no message"
}

// parseBuildList returns the modules (path -> version) of go list -m -f '{{.Path}}
// {{.Version}}' all's output: the main module, which has no version, and the go command's
// messages ("go: downloading ...") are no modules.
func parseBuildList(out string) map[string]string {
	list := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) == 2 && semver.IsValid(f[1]) {
			list[f[0]] = f[1]
		}
	}
	return list
}

// versionedReplaces returns the replace lines of goMod that name a version (replace PATH
// VERSION => ...), which apply to that version only; none when it does not parse (Parse:
// ParseLax leaves replace lines out).
func versionedReplaces(goMod []byte) []*modfile.Replace {
	f, err := modfile.Parse("go.mod", goMod, nil)
	if err != nil {
		return nil
	}
	var out []*modfile.Replace
	for _, r := range f.Replace {
		if r.Old.Version != "" {
			out = append(out, r)
		}
	}
	return out
}

// passedReplace returns the first replace line of before, the user's go.mod as the go
// command in the copy reads it before add (with go.work's replacements), that names a
// version the requirements of tidied, the copy's go.mod after tidy and the raises to the
// pinned versions, pass (merge.ReplacePassed, as update refuses it): the module's version
// in built, the build list before add, or else before's require, is at or below the
// version the line names, and tidied's above it. The line applied, or was ready to, and
// no longer would: the user's replacement would silently leave the build. It returns the
// line, the user's version and the version tidied requires.
func passedReplace(before []byte, tidied *modfile.File, built map[string]string) (r *modfile.Replace, from, to string) {
	was, err := modfile.Parse("go.mod", before, nil)
	if err != nil {
		return nil, "", ""
	}
	for _, r := range versionedReplaces(before) {
		from, ok := built[r.Old.Path]
		if !ok {
			if from, ok = required(was, r.Old.Path); !ok {
				continue // the module was in no build of the user's: the line did not apply
			}
		}
		if to, ok := required(tidied, r.Old.Path); ok && merge.ReplacePassed(r, from, to) {
			return r, from, to
		}
	}
	return nil, "", ""
}

// replacesKept refuses the plan when the requirements of tidied, the copy's go.mod after
// tidy (in work), pass the version a replace line names (passedReplace) of before, the
// user's go.mod as the go command in the copy read it before add: a line of goMod, the
// user's go.mod, or of the workspace's go.work. It names the line and its file, the
// version the added code needs and the modules of the copy's build that require it (go
// mod graph, run only then).
func (p *planner) replacesKept(run poststep.Runner, work, modRel string, goMod, before, tidied []byte, built map[string]string) error {
	now, err := modfile.Parse(modRel, tidied, nil)
	if err != nil {
		return fmt.Errorf("go.mod after go mod tidy, in a copy of the module: %w", err)
	}
	r, from, to := passedReplace(before, now, built)
	if r == nil {
		return nil
	}
	r, in := p.replaceSource(modRel, goMod, r)
	line := fmt.Sprintf("replace %s %s => %s", r.Old.Path, r.Old.Version, r.New.Path)
	if r.New.Version != "" {
		line += " " + r.New.Version
	}
	why, needers := "", []string(nil)
	if graph, err := run.GoOutput(p.ctx, work, "mod", "graph"); err == nil {
		if by := requirersOf(graph, now, module.Version{Path: r.Old.Path, Version: to}); len(by) > 0 {
			why = fmt.Sprintf(" (%s requires it)", strings.Join(by, ", "))
		}
		needers = p.needersOf(graph, now, r.Old.Path, from)
	}
	what, leaveOut := "the added code", "leave out the component that needs it"
	if len(needers) > 0 {
		what = "the code " + strings.Join(needers, ", ") + " adds"
		leaveOut = "leave out " + strings.Join(needers, ", ")
		if with := neededBy(needers, p.plan.Components); len(with) > 0 {
			leaveOut += " (and " + strings.Join(with, ", ") + ", which need it)"
		}
	}
	refusal := refuse
	if len(needers) == 1 {
		refusal = func(format string, args ...any) error { return refuseComponent(needers[0], format, args...) }
	}
	if r.New.Path == r.Old.Path {
		return refusal("nothing written: %s needs %s %s%s, past your line `%s` in %s, which replaces %s only: it would no longer apply, and %s would build in place of the %s it pins; require %s %s or later (go get %s@%s) and run add again, or %s",
			what, r.Old.Path, to, why, line, in, r.Old.Version, to, r.New.Version, r.Old.Path, r.New.Version, r.Old.Path, r.New.Version, leaveOut)
	}
	return refusal("nothing written: %s needs %s %s%s, past your line `%s` in %s, which replaces %s only: it would no longer apply, and your replacement would silently leave the build; move the fork and its replace to %s or later, or %s",
		what, r.Old.Path, to, why, line, in, r.Old.Version, to, leaveOut)
}

// needersOf returns the components this add brings in, of those that add Go code, whose
// code needs module mod past version from, the user's: a package the component's code
// imports (rendered with the components an earlier add recorded and those it needs, one
// the render without it does not import) is of mod at a version above from, or of a
// module that requires one, directly or through other modules, in graph (go mod graph's
// output in the copy, whose go.mod is f, after tidy and the raises to the pinned
// versions). A raise to a pinned version follows one past the user's version, so such a
// component caused it. None when such a render fails.
func (p *planner) needersOf(graph string, f *modfile.File, mod, from string) []string {
	edges := map[string][]string{}
	for l := range strings.Lines(graph) {
		if a, b, ok := strings.Cut(strings.TrimSpace(l), " "); ok {
			edges[a] = append(edges[a], b)
		}
	}
	past := func(node string) bool {
		path, v, ok := strings.Cut(node, "@")
		return ok && path == mod && semver.Compare(v, from) > 0
	}
	reaches := func(mods []string) bool {
		seen := map[string]bool{}
		queue := slices.Clone(mods)
		for len(queue) > 0 {
			n := queue[0]
			queue = queue[1:]
			if seen[n] {
				continue
			}
			seen[n] = true
			if past(n) {
				return true
			}
			queue = append(queue, edges[n]...)
		}
		return false
	}
	modulesOf := func(files []generator.File) (map[string]bool, error) {
		imports, err := generator.ExternalImports(files, p.answers.Module)
		if err != nil {
			return nil, err
		}
		out := map[string]bool{}
		for _, imp := range imports {
			m := ""
			for _, r := range f.Require {
				if (imp == r.Mod.Path || strings.HasPrefix(imp, r.Mod.Path+"/")) && len(r.Mod.Path) > len(m) {
					m = r.Mod.Path
				}
			}
			if v, ok := required(f, m); ok {
				out[m+"@"+v] = true
			}
		}
		return out, nil
	}
	added := p.plan.New()
	earlier := slices.DeleteFunc(slices.Clone(p.answers.Features), func(x string) bool { return slices.Contains(added, x) })
	modulesWith := func(features []string) (map[string]bool, error) {
		answers := p.answers
		answers.Features = features
		files, err := p.renderWith(answers, p.vars)
		if err != nil {
			return nil, err
		}
		return modulesOf(files)
	}
	var out []string
	for _, c := range goComponents(added) {
		i := slices.IndexFunc(components, func(x Component) bool { return x.Name == c })
		base := append(slices.Clone(earlier), components[i].Needs...)
		without, err := modulesWith(base)
		if err != nil {
			return nil
		}
		with, err := modulesWith(append(base, c))
		if err != nil {
			return nil
		}
		var own []string
		for m := range with {
			if !without[m] {
				own = append(own, m)
			}
		}
		if reaches(own) {
			out = append(out, c)
		}
	}
	return out
}

// neededBy returns the components of list that need one of cs (and are not of cs).
func neededBy(cs, list []string) []string {
	var out []string
	for _, c := range components {
		if slices.Contains(list, c.Name) && !slices.Contains(cs, c.Name) && slices.ContainsFunc(c.Needs, func(n string) bool { return slices.Contains(cs, n) }) {
			out = append(out, c.Name)
		}
	}
	return out
}

// replaceSource returns the replace line r of the go.mod the copy's go command read before
// add as the user wrote it, and the file that holds it (workspace.Source): goMod, the
// user's go.mod (modRel), the workspace's go.work, or the go.mod of another module of the
// workspace, named from the repository's root, or absolute outside it (a module go.work
// uses from outside the repository, ../lib). The workspace read those files as it was
// parsed; r is returned as it is, with go.mod, when no line is found.
func (p *planner) replaceSource(modRel string, goMod []byte, r *modfile.Replace) (*modfile.Replace, string) {
	x, file := p.ws.Source(modRel, goMod, r.Old)
	switch {
	case x == nil:
		return r, modRel
	case file == modRel:
		return x, modRel
	}
	return x, p.wsFileName(file)
}

// wsFileName names file, go.work or the go.mod of another module of the workspace
// (absolute), from the repository's root, or absolute outside it.
func (p *planner) wsFileName(file string) string {
	if rel, err := filepath.Rel(p.t.Dir, file); err == nil && filepath.IsLocal(rel) {
		return filepath.ToSlash(rel)
	}
	return file
}

// requirersOf returns the modules ("PATH VERSION") of go mod graph's output that require
// m and that f, the go.mod the graph is of, requires at that version (the graph holds
// every version it reached, not only those selected); not the main module.
func requirersOf(graph string, f *modfile.File, m module.Version) []string {
	var out []string
	for _, l := range strings.Split(graph, "\n") {
		from, to, ok := strings.Cut(strings.TrimSpace(l), " ")
		if !ok || to != m.Path+"@"+m.Version {
			continue
		}
		path, v, ok := strings.Cut(from, "@")
		if sel, req := required(f, path); ok && req && sel == v && !slices.Contains(out, path+" "+v) {
			out = append(out, path+" "+v)
		}
	}
	return out
}

// raiseToPinned raises the requirements of work, the scratch copy of the module after go
// mod tidy, that tidy selected below the versions of set, the dependency set new renders
// for the module's answers (pinnedRaises, against built, the user's build list before
// add), and tidies again, until none is left: a raised module can bring in another below
// its set's version. Each round raises modules to their set's versions, and a module tidy
// keeps below the version it was raised to is an error, so the rounds end. It returns
// what the rounds changed, for the plan's note: "PATH FROM to TO" for each module they
// raised (those they raised to the set's versions and what those require), "PATH TO
// (new)" for each they brought in.
func (p *planner) raiseToPinned(run poststep.Runner, work, modRel string, set, built map[string]string) ([]string, error) {
	if set == nil {
		return nil, nil
	}
	var first *modfile.File
	raised := map[string]bool{}
	for {
		data, err := os.ReadFile(filepath.Join(work, "go.mod"))
		if err != nil {
			return nil, err
		}
		tidied, err := modfile.Parse(modRel, data, nil)
		if err != nil {
			return nil, fmt.Errorf("go.mod after go mod tidy, in a copy of the module: %w", err)
		}
		if first == nil {
			// A file of its own: AddRequire below changes tidied.
			if first, err = modfile.Parse(modRel, data, nil); err != nil {
				return nil, err
			}
		}
		raise := pinnedRaises(built, tidied, set)
		if len(raise) == 0 {
			return raisedSince(first, tidied), nil
		}
		for _, m := range slices.Sorted(maps.Keys(raise)) {
			if raised[m] {
				v, _ := required(tidied, m)
				return nil, fmt.Errorf("in a copy of the module, go mod tidy keeps %s at %s after add raised it to %s, the version gonew-prod pins", m, v, raise[m])
			}
			raised[m] = true
			if err := tidied.AddRequire(m, raise[m]); err != nil {
				return nil, err
			}
		}
		out, err := tidied.Format()
		if err != nil {
			return nil, err
		}
		if err := scratch.WriteFile(work, "go.mod", out, 0o644); err != nil {
			return nil, fmt.Errorf("copy of the module: %w", err)
		}
		if err := run.Go(p.ctx, work, "mod", "tidy"); err != nil {
			return nil, fmt.Errorf("in a copy of the module, raising requirements to the versions gonew-prod pins: %w", err)
		}
	}
}

// raisedSince returns the requirements of now raised from was ("PATH FROM to TO") or new
// in it ("PATH TO (new)"), in now's order.
func raisedSince(was, now *modfile.File) []string {
	var out []string
	for _, r := range now.Require {
		switch v, ok := required(was, r.Mod.Path); {
		case !ok:
			out = append(out, fmt.Sprintf("%s %s (new)", r.Mod.Path, r.Mod.Version))
		case semver.Compare(r.Mod.Version, v) > 0:
			out = append(out, fmt.Sprintf("%s %s to %s", r.Mod.Path, v, r.Mod.Version))
		}
	}
	return out
}

// mainTestFile is the test file of the wiring that shutdown writes into the main package.
const mainTestFile = "gonew_prod_test.go"

// mainTestsRun checks, when the plan writes the first test file of the main package
// (gonew_prod_test.go, beside no _test.go file of the user's), that the package's test
// binary starts in the scratch copy work: go test ./... then builds and runs package
// main's initialisation, which never ran under it before, and a variable initializer or
// init function that needs the environment or the command line (log.Fatal on a missing
// variable, flag.Parse in init, which the test binary's -test.* flags fail) would make
// the module's tests, and the CI job's, fail. flags are go vet's (-mod=vendor); vetFound
// says that go vet reported findings that were there before add (vetAsBefore), which
// may be why the test binary does not build: it is then noted that its start was not
// checked, as the module's go test fails before add as well.
func (p *planner) mainTestsRun(run poststep.Runner, work string, flags []string, vetFound bool) error {
	mainDir := p.t.Main.Dir()
	rel := joinPath(mainDir, mainTestFile)
	i := slices.IndexFunc(p.plan.Changes, func(c generator.Change) bool { return c.Path == rel })
	if i < 0 || p.plan.Changes[i].Old != nil || !builds(rel, p.plan.Changes[i].Content) {
		// Not added, or left out by this build as func main's file is (//go:build prod,
		// whose constraint it carries): go test ./... here builds neither.
		return nil
	}
	entries, err := os.ReadDir(p.abs(mainDir))
	if err != nil {
		return fmt.Errorf("main package %s: %w", mainDir, err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), "_test.go") && e.Name() != mainTestFile {
			return nil // its initialisation runs under go test already
		}
	}
	pkg, err := mainPackageOf(p.t.Module.Dir, mainDir)
	if err != nil {
		return err
	}
	err = testStarts(p.ctx, run, work, pkg, flags, mainStartLimit)
	if err == nil || p.ctx.Err() != nil {
		return err
	}
	if errors.Is(err, errTestBuild) {
		if vetFound {
			p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s is the first test file of main package %s, whose test binary does not build as the module stands (see go vet's findings), so add could not check that it starts: once it builds, run go test %s", rel, pkg, pkg))
			return nil
		}
		// go vet passed: what stops the build is no fault of the package's initialisation
		// (no room for the go command's work, a failing link).
		return fmt.Errorf("nothing written: %s would be the first test file of main package %s, and add checks that its test binary starts, but it could not be built in the copy of the module: %w", rel, pkg, err)
	}
	if errors.Is(err, errStartHung) {
		return refuseComponent("shutdown", "nothing written: %s would be the first test file of main package %s, and its test binary was still starting after %s: a variable initializer or init function blocks (waits on a network peer, a channel or a lock), so go test ./... and the CI job would hang after add; move that work into func main, then run add again", rel, pkg, mainStartLimit)
	}
	out := err.Error()
	if ce := (*poststep.CommandError)(nil); errors.As(err, &ce) && ce.Output != "" {
		out = ce.Output
	}
	return refuseComponent("shutdown", "nothing written: %s would be the first test file of main package %s, and its test binary fails as it starts, in the package's initialisation (a variable initializer or init function that needs the environment or the command line: flag.Parse in init meets go test's -test.* flags), so go test ./... and the CI job would fail after add: %s; move that work into func main (read the environment and parse flags there), then run add again", rel, pkg, brief(out))
}

// StartPrefix begins the names of the directories under GOTMPDIR (else TMPDIR) that
// hold the test binary add builds to check that a main package starts.
const StartPrefix = "gonew-prod-start-"

// mainStartLimit bounds the run of the test binary mainTestsRun builds (its build is not
// counted): an initialisation that blocks would otherwise hang add.
const mainStartLimit = 3 * time.Minute

// errStartHung is testStarts' error for a test binary that did not end within its limit.
var errStartHung = errors.New("the test binary did not end within its limit")

// errTestBuild wraps testStarts' error for a test binary that did not build.
var errTestBuild = errors.New("the test binary does not build")

// testStarts builds the test binary of package pkg of the module in work (go test -c,
// with flags) and runs it with no test selected, in the package's directory as go test
// does, given limit to end: past it the run is stopped and the error is errStartHung
// (unless ctx itself ended); a build that fails is errTestBuild. A package with no test
// file builds none and passes.
func testStarts(ctx context.Context, run poststep.Runner, work, pkg string, flags []string, limit time.Duration) error {
	// Marked in use (scratch.Dir): a run killed outright leaves the binary, tens of MB
	// for a real service, for the next add, update or new to remove.
	dir, release, err := scratch.Dir(poststep.TempDir(run.Env), StartPrefix)
	if err != nil {
		return fmt.Errorf("test binary of %s: %w", pkg, err)
	}
	defer release()
	bin := filepath.Join(dir, "main.test")
	if err := run.Go(ctx, work, slices.Concat([]string{"test", "-c", "-o", bin}, flags, []string{pkg})...); err != nil {
		return fmt.Errorf("%w: %w", errTestBuild, err)
	}
	if _, err := os.Stat(bin); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	limited, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	err = run.Run(limited, filepath.Join(work, filepath.FromSlash(pkg)), bin, "-test.run=^$")
	if err != nil && ctx.Err() == nil && errors.Is(limited.Err(), context.DeadlineExceeded) {
		return errStartHung
	}
	return err
}

// vetAsBefore judges a go vet of the scratch copy that failed: the same vet runs on a
// copy of the module as it stands, and only findings that copy does not have fail the
// add; those it has too were there before add and are noted.
func (p *planner) vetAsBefore(vetErr error, modRel, moduleDir string, vet []string) error {
	goMod, _ := p.current(modRel)
	out := vetErr.Error()
	if ce := (*poststep.CommandError)(nil); errors.As(vetErr, &ce) {
		out += "\n" + ce.Output
	}
	hint := p.memberHint(modRel, goMod, out)
	failed := fmt.Errorf("the module would not build with the added code, so nothing is written: %w%s", vetErr, hint)
	if err := p.ctx.Err(); err != nil {
		return fmt.Errorf("go vet of the module with the added code: %w", err) // interrupted
	}
	var after *poststep.CommandError
	if !errors.As(vetErr, &after) {
		return failed
	}
	orig, release, err := update.ScratchDir(moduleDir, ScratchPrefix)
	if err != nil {
		return fmt.Errorf("copy of the module as it stands: %w", err)
	}
	defer release()
	if err := scratch.Copy(moduleDir, orig, nil, scratch.GitIgnored(p.ctx, p.opts.Env, moduleDir)); err != nil {
		return copyFailed(orig, err)
	}
	goMod, err = localReplaces(modRel, goMod, moduleDir)
	if err != nil {
		return err
	}
	if err := scratch.WriteFile(orig, "go.mod", goMod, 0o644); err != nil {
		return fmt.Errorf("copy of the module: %w", err)
	}
	run, done, err := p.workRunner(p.ws, orig, false)
	if err != nil {
		return err
	}
	defer done()
	var before *poststep.CommandError
	if err := run.Go(p.ctx, orig, vet...); !errors.As(err, &before) {
		return failed // the module passes go vet as it stands: every finding is new
	}
	if added := newFindings(before.Output, after.Output); len(added) > 0 {
		return fmt.Errorf("the module would not build with the added code, so nothing is written: go vet finds what it did not before add: %s%s", strings.Join(added, "; "), hint)
	}
	known := newFindings("", before.Output)
	p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("go vet reports %d finding(s) that were there before add, left to you: %s", len(known), strings.Join(known, "; ")))
	return nil
}

// vetPosition matches a place in a file go vet names (file.go:12:5), in a finding or in
// the lines that follow it (a redeclaration's other declaration).
var vetPosition = regexp.MustCompile(`(\.go):\d+(?::\d+)?\b`)

// newFindings returns the findings in the go vet output after that the output before
// does not hold, each compared without the lines and columns it names (the added code
// moves the user's lines) and with the path to the scratch copy left out of its text
// (scratchPath, dotSlash). A finding keeps the indented lines that follow it (a go
// command error's explanation, "To sync the vendor directory, run: go mod vendor"; a
// type error's have and want), joined to it. Package headers (# path) are no findings.
func newFindings(before, after string) []string {
	key := func(finding string) string {
		finding = scratchPath.ReplaceAllString(finding, "")
		finding = dotSlash.ReplaceAllString(finding, "$1")
		return vetPosition.ReplaceAllString(finding, "$1")
	}
	seen := map[string]int{}
	for _, f := range vetFindings(before) {
		seen[key(f)]++
	}
	var out []string
	for _, f := range vetFindings(after) {
		if k := key(f); seen[k] > 0 {
			seen[k]--
			continue
		}
		out = append(out, f)
	}
	return out
}

// scratchPath matches a path to a directory of add's scratch copies, under TMPDIR or
// beside the module (update.ScratchDir), with the slash after it: the go command
// replays a go vet result it cached with the path of the copy it was found in,
// relative to its working directory then (../.svc.gonew-prod-verify-41/util/util.go,
// from the copy beside), so a finding is compared with the path from the copy's root.
var scratchPath = regexp.MustCompile(`(?:[^\s:]*/)?[^/\s]*(?:` + regexp.QuoteMeta(ScratchPrefix) + `|` + regexp.QuoteMeta(update.ScratchPrefix) + `)[0-9]+/?`)

// dotSlash matches the ./ that begins a path the go command names in the directory it
// runs in (./main.go), and not in another (main.go, from the path above).
var dotSlash = regexp.MustCompile(`(^|\s)\./`)

// vetFindings splits go vet output into findings, one a line, each with the indented
// lines that follow it joined to it; blank lines and package headers (# path) go.
func vetFindings(output string) []string {
	var out []string
	for _, l := range strings.Split(output, "\n") {
		trimmed := strings.TrimSpace(l)
		switch {
		case trimmed == "":
		case strings.TrimLeft(l, " \t") != l && len(out) > 0:
			out[len(out)-1] += " " + trimmed
		case !strings.HasPrefix(trimmed, "#"):
			out = append(out, trimmed)
		}
	}
	return out
}

// releaseForm reports whether the go line now is no more than the release form of was's
// language version (1.26 to 1.26.0, as go mod tidy writes it for a requirement that
// declares go 1.26.0): that raise changes neither the language nor the GODEBUG
// defaults of the module's code, nor (release candidates aside) the Go releases that
// build it, and needs no --allow-go-bump. Beyond it (1.26.0 to 1.26.2) it asks for a
// newer toolchain.
func releaseForm(was, now string) bool {
	lang := version.Lang("go" + now)
	return version.Lang("go"+was) == lang && version.Compare("go"+now, lang+".0") <= 0
}

// goLineIs says what the module's go line is, was, in a message: "the module's go line
// is 1.21", or, for a go.mod without one, that it has none and the go command reads it
// as go 1.16 (a user looking for "1.16" in go.mod finds nothing).
func (p *planner) goLineIs(was string) string {
	if p.noGoLine && was == p.goWas {
		return "go.mod has no go line (the go command reads it as go 1.16)"
	}
	return "the module's go line is " + was
}

// raiseNote is raiseNote of the planner's module: for a go.mod without a go line, add
// adds one rather than raising it.
func (p *planner) raiseNote(was, now, why string) string {
	if p.noGoLine && was == p.goWas {
		return fmt.Sprintf("added the go line %s (go.mod had none, which the go command reads as go 1.16; --allow-go-bump): %s", now, why)
	}
	return raiseNote(was, now, why)
}

// raiseNote is the note of add raising the go line from was to now, for why.
func raiseNote(was, now, why string) string {
	if releaseForm(was, now) {
		return fmt.Sprintf("wrote the go line %s as %s, as go mod tidy does (the same language version, %s: your code's meaning and GODEBUG defaults stay): %s", was, now, version.Lang("go"+now), why)
	}
	return fmt.Sprintf("raised the go line from %s to %s (--allow-go-bump): %s", was, now, why)
}

// goPinNote names the builds of the repository that pin a Go release older than the go
// line add raised the module's to (from goWas): a golang image (FROM golang:1.22, image:
// golang:1.22), which sets GOTOOLCHAIN=local and so cannot build the module any more, and
// setup-go's go-version, which installs what it is told. It notes nothing when the go
// line was not raised beyond its release form or nothing pins an older Go. Files add
// writes whole (its components' files, an earlier add's) are left out: it writes them for
// the new go line; so are those it deletes. A file of yours it only edits, a
// .gitlab-ci.yml it appends its include: block to, keeps your pins, and they are named.
func (p *planner) goPinNote() error {
	if p.goDirective == p.goWas || releaseForm(p.goWas, p.goDirective) {
		return nil
	}
	written := map[string]bool{}
	for _, f := range p.rendered {
		written[f.Path] = true
	}
	for _, c := range p.plan.Changes {
		if c.Delete {
			written[c.Path] = true
		}
	}
	var pins []string
	for _, df := range p.t.Repo.Dockerfiles {
		if written[df] || p.ours(df) || !p.buildsModule(path.Dir(df)) {
			continue
		}
		if b, ok := p.t.Repo.ReadNamed(df); ok {
			pins = append(pins, oldGoPins(df, b, true, p.goDirective)...)
		}
	}
	for _, ci := range p.t.Repo.CI {
		if ci.Unread || written[ci.Path] || p.ours(ci.Path) || (ci.Kind != repo.GitHub && ci.Kind != repo.GitLab) {
			continue
		}
		if b, ok := p.t.Repo.ReadNamed(ci.Path); ok {
			pins = append(pins, oldGoPins(ci.Path, b, false, p.goDirective)...)
		}
	}
	if len(pins) > 0 {
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("the go line is now %s, and these builds of the repository pin an older Go (a golang image sets GOTOOLCHAIN=local and fails: \"go.mod requires go >= %s\"; after setup-go, the go command downloads go%s on every run, or fails where GOTOOLCHAIN=local): %s; raise them to %s or newer", p.goDirective, p.goDirective, p.goDirective, strings.Join(pins, ", "), version.Lang("go" + p.goDirective)[2:]))
	}
	return nil
}

// buildsModule reports whether a Dockerfile in the directory dir (from the repository's
// root) may build the module: dir is in the module and in none of its nested modules, or
// above the module and in no other module.
func (p *planner) buildsModule(dir string) bool {
	within := func(d, m string) bool { return m == "." || d == m || strings.HasPrefix(d+"/", m+"/") }
	nearest := ""
	for _, m := range p.t.Repo.Modules {
		if within(dir, m.Dir) && len(m.Dir) >= len(nearest) {
			nearest = m.Dir
		}
	}
	if nearest == "" {
		return within(p.t.Module.Dir, dir)
	}
	return nearest == p.t.Module.Dir
}

var (
	// golangImage matches a golang image of a tag starting with a Go release, as
	// golang:1.22-alpine or docker.io/library/golang:1.21.5; its group is the release.
	golangImage = regexp.MustCompile(`(?:^|[\s"'/])golang:([0-9]+\.[0-9]+(?:\.[0-9]+|(?:rc|beta)[0-9]+)?)[A-Za-z0-9_.-]*`)
	// setupGo matches setup-go's go-version set to one release (1.22.x, the form of
	// setup-go's own README, too), in a block mapping or a flow one ({go-version:
	// "1.22.3"}); its group is the release.
	setupGo = regexp.MustCompile(`(?:^-?\s*|[{,]\s*)go-version:\s*["']?(` + goRelease + `)["']?\s*(?:[,}].*|#.*)?$`)
	// matrixGo matches a go-version taken from a matrix (${{ matrix.go }}); its group is
	// the matrix's key.
	matrixGo = regexp.MustCompile(`go-version:\s*["']?\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}`)
	// goReleaseOnly matches a value that is one Go release.
	goReleaseOnly = regexp.MustCompile(`^(` + goRelease + `)$`)
	// dockerArg matches a Dockerfile's ARG NAME=VALUE.
	dockerArg = regexp.MustCompile(`^(?i:ARG)\s+([A-Za-z_][A-Za-z0-9_]*)=["']?([^"'\s]*)`)
)

// goRelease is a Go release as CI files pin it: 1.22, 1.22.3, 1.22.x, 1.26rc1.
const goRelease = `[0-9]+\.[0-9]+(?:\.[0-9]+|\.x|(?:rc|beta)[0-9]+)?`

// oldGoPins returns the pins of a Go release older than the go line now in the file name
// of content, a Dockerfile's FROM lines (its ARG defaults substituted) or a CI file's
// golang images and go-versions, as "FILE:LINE WHAT". A release without its patch
// (golang:1.22) stands for the newest of its language version.
func oldGoPins(name string, content []byte, dockerfile bool, now string) []string {
	older := func(release string) bool {
		release = strings.TrimSuffix(release, ".x") // the newest of its language version
		if strings.Count(release, ".") == 1 && !strings.Contains(release, "rc") && !strings.Contains(release, "beta") {
			return version.Compare("go"+release, version.Lang("go"+now)) < 0
		}
		return version.Compare("go"+release, "go"+now) < 0
	}
	var out []string
	var matrixKeys []string // the keys of matrices that go-version takes a release from
	args := map[string]string{}
	for i, line := range strings.Split(string(content), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if dockerfile {
			if m := dockerArg.FindStringSubmatch(line); m != nil {
				args[m[1]] = m[2]
				continue
			}
			fields := strings.Fields(line)
			if !strings.EqualFold(fields[0], "FROM") {
				continue
			}
			image := ""
			for _, f := range fields[1:] {
				if !strings.HasPrefix(f, "--") {
					image = f
					break
				}
			}
			image = os.Expand(image, func(v string) string { return args[v] })
			if m := golangImage.FindStringSubmatch(" " + image); m != nil && older(m[1]) {
				out = append(out, fmt.Sprintf("%s:%d %s", name, i+1, strings.TrimSpace(strings.Trim(m[0], `"'/`))))
			}
			continue
		}
		if m := setupGo.FindStringSubmatch(line); m != nil && older(m[1]) {
			out = append(out, fmt.Sprintf("%s:%d go-version: %s", name, i+1, m[1]))
		}
		if m := matrixGo.FindStringSubmatch(line); m != nil && !slices.Contains(matrixKeys, m[1]) {
			matrixKeys = append(matrixKeys, m[1])
		}
		for _, m := range golangImage.FindAllStringSubmatch(line, -1) {
			if older(m[1]) {
				out = append(out, fmt.Sprintf("%s:%d %s", name, i+1, strings.TrimSpace(strings.Trim(strings.TrimSpace(m[0]), `"'/`))))
			}
		}
	}
	return append(out, matrixPins(name, content, matrixKeys, older)...)
}

// matrixPins returns the releases older than older tells that the matrix keys give a
// go-version from (go: ['1.21', '1.22'], or a block list under go:), as "FILE:LINE KEY:
// RELEASE": a job runs with each. Any mapping of the file with such a key counts.
func matrixPins(name string, content []byte, keys []string, older func(string) bool) []string {
	var out []string
	lines := strings.Split(string(content), "\n")
	add := func(i int, key, item string) {
		item = strings.Trim(strings.TrimSpace(item), `"'`)
		if goReleaseOnly.MatchString(item) && older(item) {
			out = append(out, fmt.Sprintf("%s:%d %s: %s", name, i+1, key, item))
		}
	}
	for i, raw := range lines {
		line := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(raw), "-"))
		for _, key := range keys {
			value, ok := strings.CutPrefix(line, key+":")
			if !ok {
				continue
			}
			value, _, _ = strings.Cut(value, " #")
			value = strings.TrimSpace(value)
			if list, ok := strings.CutPrefix(value, "["); ok {
				for item := range strings.SplitSeq(strings.TrimSuffix(list, "]"), ",") {
					add(i, key, item)
				}
				continue
			}
			if value != "" {
				continue
			}
			// A block list: the items below the key, indented deeper.
			indent := len(raw) - len(strings.TrimLeft(raw, " "))
			for j := i + 1; j < len(lines); j++ {
				next := strings.TrimSpace(lines[j])
				if next == "" || strings.HasPrefix(next, "#") {
					continue
				}
				if len(lines[j])-len(strings.TrimLeft(lines[j], " ")) < indent || !strings.HasPrefix(next, "-") {
					break
				}
				item, _, _ := strings.Cut(strings.TrimPrefix(next, "-"), " #")
				add(j, key, item)
			}
		}
	}
	return out
}

// tidiedGoLine checks the go line go mod tidy left in the module's go.mod: tidy raises it
// to the highest go line of every requirement, indirect ones too, which goLine could not
// all see. A raise beyond what goLine planned is refused without AllowGoBump, and one to a
// newer language version than the golang image the files were rendered with (goImage).
func (p *planner) tidiedGoLine(modRel string, tidied []byte) error {
	f, err := modfile.ParseLax(modRel, tidied, nil)
	if err != nil || f.Go == nil {
		return err
	}
	got := f.Go.Version
	if version.Compare("go"+got, "go"+p.goDirective) <= 0 {
		return nil
	}
	if !p.opts.AllowGoBump && !releaseForm(p.goDirective, got) {
		return refuse("%s, but go mod tidy raises it to %s for what the added code requires; pass --allow-go-bump to raise it, or leave out the components that add Go code %s", p.goLineIs(p.goDirective), got, withoutGo())
	}
	// The files were rendered for the go line goLine planned: the golang image of the
	// Dockerfile (goImage) is of its language version, that of the GitLab CI job of it or
	// of go.work's (jobImage), and one of an older Go sets GOTOOLCHAIN=local and cannot
	// build the module.
	var images []string
	if slices.Contains(p.plan.Components, "docker") {
		images = append(images, p.vars["goImage"])
	}
	if slices.Contains(p.plan.Components, "ci") && p.answers.CI == "gitlab" {
		images = append(images, cmp.Or(p.vars["jobImage"], p.vars["goImage"]))
	}
	if i := slices.IndexFunc(images, func(image string) bool {
		return image != "" && version.Compare(version.Lang("go"+got), "go"+image) > 0
	}); i >= 0 {
		image := images[i]
		return refuse("nothing written: go mod tidy raises the go line to %s for what the added code requires, past Go %s, whose golang image (golang:%s) add chose for the build from the go line it planned (%s), and which cannot build the module then; raise the go line first (go mod edit -go=%s, then go mod tidy), then run add again", got, image, image, p.goDirective, got)
	}
	note := p.raiseNote(p.goDirective, got, "go mod tidy needs it for what the added code requires")
	if p.goDirective == p.goWas { // else the note of the first raise says what raising it changes
		lines, err := p.godebugDefaults(p.goWas, got)
		if err != nil {
			return err
		}
		note += raiseEffects(p.goWas, got, lines...)
	}
	p.plan.Notes = append(p.plan.Notes, note)
	p.goDirective = got
	return nil
}

// dropOldToolchain drops the toolchain line of content, the go.mod or go.work (as
// merge.GoLines reads rel) add writes, when add raised its go line (from was) to one
// that implies it: the go command drops it so whenever it writes the file (go get
// go@VERSION, go mod tidy), and tools that read the line (setup-go's go-version-file)
// would pick the older toolchain.
func (p *planner) dropOldToolchain(rel string, content []byte, was string) ([]byte, error) {
	goLine, toolchain, err := merge.GoLines(rel, content)
	if err != nil {
		return nil, err
	}
	if goLine == nil || toolchain == nil || version.Compare("go"+goLine.Version, "go"+was) <= 0 ||
		!merge.ToolchainImplied(toolchain.Name, goLine.Version) {
		return content, nil
	}
	name := toolchain.Name
	out, dropped, err := merge.DropToolchain(rel, content)
	if err != nil {
		return content, err
	}
	if !dropped { // a comment of the user's on the line or above it, which add keeps
		tidy := "go mod tidy does, so a go mod tidy -diff check fails"
		if path.Base(rel) == "go.work" {
			tidy = "go get go@" + goLine.Version + " does"
		}
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("kept the line toolchain %s in %s (%s:%d), which carries a comment of yours: the raised go line %s asks for that toolchain or a newer one already, and the go command drops the line (%s, and tools reading it, such as setup-go's go-version-file, see %s): remove it with its comment, or raise it", name, rel, rel, toolchain.Syntax.Start.Line, goLine.Version, tidy, name))
		return content, nil
	}
	p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("dropped the line toolchain %s from %s: the raised go line %s asks for that toolchain or a newer one already, and the go command drops the line as well (go get go@%s does)", name, rel, goLine.Version, goLine.Version))
	return out, nil
}

// raiseEffects says what raising a module's go line from was to now changes in the code
// already there, "" when nothing: the go line sets the language version of every file
// (for loops declare their variables per iteration from go 1.22) and, but in a workspace,
// the GODEBUG defaults of the programs (those of go 1.20 for a line below it), which a
// godebug line (go 1.23 on) can keep as they were. lines are the go lines that set the
// defaults of the builds (godebugDefaults): one, or, where builds differ, each with the
// builds it is for.
func raiseEffects(was, now string, lines ...defaultsLine) string {
	oldLang, newLang := version.Lang("go"+was), version.Lang("go"+now)
	if version.Compare(oldLang, newLang) >= 0 {
		return ""
	}
	msg := fmt.Sprintf("; this changes what your unchanged code does: the language version is now %s", newLang)
	if version.Compare(oldLang, "go1.22") < 0 && version.Compare(newLang, "go1.22") >= 0 {
		msg += " (for loops declare their variables per iteration from go1.22: a closure or goroutine that captures one sees its own iteration's value, no longer the last)"
	}
	if len(lines) > 1 {
		subject := "the GODEBUG defaults"
		for _, d := range lines {
			msg += "; " + subject + " " + defaultsChange(d)
			subject = "those"
		}
		return msg + "; review and run your tests"
	}
	d := lines[0]
	if d.PinnedBy != "" {
		return msg + fmt.Sprintf("; the GODEBUG defaults stay as %s pins them: the go line does not change them; review and run your tests", d.PinnedBy)
	}
	oldDefaults, newDefaults, changes, keep := d.defaults()
	set := ""
	if d.Work {
		set = fmt.Sprintf(" (in the workspace the go line of %s sets them, not go.mod's)", d.File)
	}
	if version.Compare(oldDefaults, newDefaults) >= 0 {
		if d.Work {
			return msg + fmt.Sprintf("; the GODEBUG defaults stay those of %s%s; review and run your tests", oldDefaults, set)
		}
		return msg + "; review and run your tests"
	}
	return msg + fmt.Sprintf(", and the GODEBUG defaults are those of %s, no longer of %s%s (%s: see https://go.dev/doc/godebug); to keep the old defaults, %s; review and run your tests", newDefaults, oldDefaults, set, changes, keep)
}

// defaults returns the GODEBUG defaults of d's go line before and after the raise, what
// changes between them, and what keeps the old ones.
func (d defaultsLine) defaults() (was, now, changes, keep string) {
	was, now = version.Lang("go"+d.Was), version.Lang("go"+d.Now)
	if version.Compare(was, "go1.20") < 0 {
		was = "go1.20" // the go command gives lines below go1.20 the defaults of go1.20
	}
	keep = fmt.Sprintf("add the line `godebug default=%s` to %s", was, d.File)
	if version.Compare(now, "go1.23") < 0 {
		keep = fmt.Sprintf("add `//go:debug default=%s` above the package clause of the main package's files", was)
	}
	changes = "TLS, x509 and more"
	if version.Compare(was, "go1.22") < 0 {
		changes = "ServeMux patterns, " + changes
	}
	return was, now, changes, keep
}

// defaultsChange says what becomes of the GODEBUG defaults of the builds d is for (its
// Where), for raiseEffects of several lines.
func defaultsChange(d defaultsLine) string {
	if d.PinnedBy != "" {
		return fmt.Sprintf("%s stay as %s pins them", d.Where, d.PinnedBy)
	}
	was, now, changes, keep := d.defaults()
	if version.Compare(was, now) >= 0 {
		return fmt.Sprintf("%s stay those of %s (the go line of %s sets them)", d.Where, was, d.File)
	}
	return fmt.Sprintf("%s are those of %s, no longer of %s (the go line of %s sets them; %s: see https://go.dev/doc/godebug): to keep the old ones there, %s", d.Where, now, was, d.File, changes, keep)
}

// defaultsLine is the go line that sets the GODEBUG defaults of the main package, before
// and after add raises the module's go line: go.mod's, or, in workspace mode (Work), that
// of the go.work (File), which add raises to the module's when it is lower
// (raiseWorkspace); PinnedBy is what pins them whatever the line (pinnedDefaults). Where
// names the builds it sets them for, where builds differ ("" when all take it).
type defaultsLine struct {
	File, Was, Now, PinnedBy, Where string
	Work                            bool
}

// godebugDefaults returns the defaultsLines of raising the module's go line from was to
// now. The go command takes the defaults of a workspace from its go.work's go line (1.18
// when it has none), as it takes its godebug lines (a vendored module is built with
// GOWORK=off: see workspace). Only a go.work in a checkout of the repository
// (workInCheckout) builds the module in CI: for one git does not track, the builds there
// (and an image's) take go.mod's line, the user's own builds go.work's; and the Dockerfile
// add writes builds the module alone, with go.mod's line, where CI builds it in the
// workspace.
func (p *planner) godebugDefaults(was, now string) ([]defaultsLine, error) {
	mod := defaultsLine{File: p.repoPath("go.mod"), Was: was, Now: now, PinnedBy: p.pinnedDefaults(p.repoPath("go.mod"))}
	w := p.t.Repo.Work
	if w == nil || p.t.Module.Vendor || !slices.Contains(w.Use, p.t.Module.Dir) {
		return []defaultsLine{mod}, nil
	}
	work := defaultsLine{File: w.Path, Work: true, Was: cmp.Or(w.Go, "1.18"), PinnedBy: p.pinnedDefaults(w.Path)}
	work.Now = work.Was
	if version.Compare("go"+now, "go"+work.Was) > 0 {
		work.Now = now
	}
	shared, err := p.workInCheckout(w)
	switch {
	case err != nil:
		return nil, err
	case !shared:
		mod.Where = fmt.Sprintf("of the builds without %s (git does not track it: CI's checkout, an image's build)", w.Path)
		work.Where = fmt.Sprintf("of your builds in the workspace of %s", w.Path)
		return []defaultsLine{mod, work}, nil
	case slices.Contains(p.plan.Components, "docker"):
		work.Where = fmt.Sprintf("of the builds in the workspace of %s (CI's, yours)", w.Path)
		mod.Where = "of the image's build (the Dockerfile add writes builds the module alone: GOWORK=off)"
		return []defaultsLine{work, mod}, nil
	}
	return []defaultsLine{work}, nil
}

// workInCheckout reports whether the go.work w of the repository is in a checkout of it,
// where CI builds: in a git work tree only a go.work git tracks is (an ignored or
// untracked one is a workspace of the user's alone), and one above the repository never is.
func (p *planner) workInCheckout(w *repo.Work) (bool, error) {
	if !filepath.IsLocal(w.Dir) {
		return false, nil
	}
	if !p.t.Git {
		return true, nil
	}
	tracked, err := gitview.Tracked(p.ctx, p.opts.Env, p.t.Dir, []string{w.Path})
	return len(tracked) > 0, err
}

// pinnedDefaults returns what pins the GODEBUG defaults of the main package whatever
// the go line, as "FILE:LINE's `...default=goX`": a //go:debug default= of the main
// package, else a godebug default= of rel, the go.work that builds the module or its
// go.mod (the go command reads the godebug lines of go.work alone in workspace mode); ""
// when nothing does.
func (p *planner) pinnedDefaults(rel string) string {
	for _, f := range p.t.Main.Package.Files {
		for _, d := range f.GoDebug {
			if d.Key == "default" {
				return fmt.Sprintf("%s:%d's `//go:debug default=%s`", f.Path, d.Line, d.Value)
			}
		}
	}
	if data, ok := p.current(rel); ok {
		var godebug []*modfile.Godebug
		if strings.HasSuffix(rel, ".work") {
			if f, err := modfile.ParseWork(rel, data, nil); err == nil {
				godebug = f.Godebug
			}
		} else if f, err := modfile.Parse(rel, data, nil); err == nil { // ParseLax drops godebug
			godebug = f.Godebug
		}
		for _, g := range slices.Backward(godebug) { // the last default= counts
			if g.Key == "default" {
				return fmt.Sprintf("%s:%d's `godebug default=%s`", rel, g.Syntax.Start.Line, g.Value)
			}
		}
	}
	return ""
}

// noteRaises notes each requirement of the user's go.mod that tidied raises: add never
// lowers one, but a version the user chose (and perhaps commented on) deserves a word.
// It notes too the requirements tidied adds for imports of the user's own code (a go.mod
// that was not tidy), and reports whether there are any.
func (p *planner) noteRaises(modRel string, before, tidied []byte) (yours bool, err error) {
	was, err := modfile.ParseLax(modRel, before, nil)
	if err != nil {
		return false, err
	}
	now, err := modfile.ParseLax(modRel, tidied, nil)
	if err != nil {
		return false, err
	}
	versions := map[string]string{}
	for _, r := range now.Require {
		versions[r.Mod.Path] = r.Mod.Version
	}
	var raised []string
	for _, r := range was.Require {
		if v := versions[r.Mod.Path]; v != "" && semver.Compare(v, r.Mod.Version) > 0 {
			raised = append(raised, fmt.Sprintf("%s %s to %s", r.Mod.Path, r.Mod.Version, v))
		}
	}
	if len(raised) > 0 {
		p.plan.Notes = append(p.plan.Notes, "raised requirements of yours, for the added code (go mod tidy): "+strings.Join(raised, ", "))
	}
	required := map[string]bool{}
	for _, r := range was.Require {
		required[r.Mod.Path] = true
	}
	var theirs []string
	for _, r := range now.Require {
		if required[r.Mod.Path] || r.Indirect {
			continue
		}
		if at := p.importerOf(r.Mod.Path); at != "" {
			theirs = append(theirs, fmt.Sprintf("%s (%s)", r.Mod.Path, at))
		}
	}
	if len(theirs) > 0 {
		p.plan.Notes = append(p.plan.Notes, "go.mod lacked requirements your own code imports, which go mod tidy adds with those of the added code: "+strings.Join(theirs, ", "))
	}
	return len(theirs) > 0, nil
}

// noteKept notes the requirements of go.mod that go mod tidy dropped (nothing in the
// module needs them at the versions tidy chose): add keeps them, as it keeps every line
// of go.mod, whoever wrote it, so the module is then not tidy, and a `go mod tidy -diff`
// check fails until the user drops them. They need not be the user's: those a Go file of
// add's that the plan deletes imports (internal/platform/telemetry once the program sets
// up OpenTelemetry itself) came for that file, and the note says so.
func (p *planner) noteKept(modRel string, before, tidied []byte) error {
	was, err := modfile.ParseLax(modRel, before, nil)
	if err != nil {
		return err
	}
	now, err := modfile.ParseLax(modRel, tidied, nil)
	if err != nil {
		return err
	}
	left := map[string]bool{}
	for _, r := range now.Require {
		left[r.Mod.Path] = true
	}
	var kept []string
	dropped := map[string]bool{}
	for _, r := range was.Require {
		if !left[r.Mod.Path] {
			kept = append(kept, r.Mod.Path+" "+r.Mod.Version)
			dropped[r.Mod.Path] = true
		}
	}
	if len(kept) == 0 {
		return nil
	}
	note := "kept requirements that go mod tidy drops (nothing in the module needs them at the versions it now requires): " + strings.Join(kept, ", ")
	ours, dirs, err := p.deletedImports(was, dropped)
	if err != nil {
		return err
	}
	if len(ours) > 0 {
		note += fmt.Sprintf("; of them, %s were imported by %s, which an earlier add wrote and this one deletes", strings.Join(ours, ", "), strings.Join(dirs, ", "))
	}
	p.plan.Notes = append(p.plan.Notes, note+"; add removes no line of go.mod, not even one an earlier add wrote: run go mod tidy after it to drop them, or a go mod tidy -diff check fails")
	return nil
}

// deletedImports returns the modules among dropped (module paths that mod requires)
// whose packages a Go file the plan deletes imports, in mod's order, and the directories
// of those files: a package belongs to the longest module path mod requires that is a
// prefix of its own.
func (p *planner) deletedImports(mod *modfile.File, dropped map[string]bool) (mods, dirs []string, err error) {
	imported := map[string]bool{}
	for _, c := range p.plan.Changes {
		if !c.Delete || path.Ext(c.Path) != ".go" || c.Old == nil {
			continue
		}
		imports, err := generator.ExternalImports([]generator.File{{Path: c.Path, Content: c.Old}}, p.answers.Module)
		if err != nil {
			return nil, nil, err
		}
		for _, imp := range imports {
			owner := ""
			for _, r := range mod.Require {
				if m := r.Mod.Path; (imp == m || strings.HasPrefix(imp, m+"/")) && len(m) > len(owner) {
					owner = m
				}
			}
			if dropped[owner] {
				imported[owner] = true
				if dir := path.Dir(c.Path); !slices.Contains(dirs, dir) {
					dirs = append(dirs, dir)
				}
			}
		}
	}
	for _, r := range mod.Require {
		if imported[r.Mod.Path] && !slices.Contains(mods, r.Mod.Path) {
			mods = append(mods, r.Mod.Path)
		}
	}
	return mods, dirs, nil
}

// importerOf returns the first file:line of the module's Go files (any build tags) that
// imports a package of the module mod, or "".
func (p *planner) importerOf(mod string) string {
	dirs := slices.Sorted(maps.Keys(p.t.Repo.Packages))
	for _, dir := range dirs {
		pkg := p.t.Repo.Packages[dir]
		if pkg.Module != p.t.Module {
			continue
		}
		for _, f := range pkg.AllFiles() {
			for _, imp := range f.Imports {
				if imp.Path == mod || strings.HasPrefix(imp.Path, mod+"/") {
					return fmt.Sprintf("%s:%d", f.Path, imp.Line)
				}
			}
		}
	}
	return ""
}

// raiseWorkspace raises the go line of a go.work that uses the module to the module's:
// the go command builds no module in a workspace whose go line is older ("module .
// listed in go.work file requires go >= 1.26.0, but go.work lists go 1.22"). A go.work
// git does not track (workInCheckout) is raised too, since the user's own builds go
// through it, but it is no file of the repository's: its step and a note say so, and
// that no commit keeps its old line.
func (p *planner) raiseWorkspace() error {
	w := p.t.Repo.Work
	if w == nil || !slices.Contains(w.Use, p.t.Module.Dir) {
		return nil
	}
	content, ok := p.current(w.Path)
	if !ok {
		return nil
	}
	was, _, err := merge.GoLines(w.Path, content)
	if err != nil {
		return err
	}
	out, changed, err := raiseWorkGo(w.Path, content, p.goDirective)
	if err != nil || !changed {
		return err
	}
	if was == nil {
		was = &modfile.Go{Version: "1.18"} // a go.work without a go line: the go command reads it as go 1.18
	}
	if out, err = p.dropOldToolchain(w.Path, out, was.Version); err != nil {
		return err
	}
	out = sameLineEnds(content, out)
	shared, err := p.workInCheckout(w)
	if err != nil {
		return err
	}
	detail := "the workspace's go line, raised with the module's"
	if !shared {
		detail += ", in your own workspace: git does not track it"
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s, which git does not track, is your own workspace, not the repository's (CI's checkout and an image's build do not have it), but your builds there need its go line raised with go.mod's (else the go command stops: %[4]q): add edits it, from go %[2]s to go %[3]s, and no commit keeps the old line", w.Path, was.Version, p.goDirective,
			fmt.Sprintf("module listed in go.work file requires go >= %s, but go.work lists go %s", p.goDirective, was.Version)))
	}
	p.editFile(w.Path, "edit", detail, out)
	return nil
}

// staleVendor returns how goMod and vendor/modules.txt disagree, as the go command's
// vendoring check finds ("inconsistent vendoring"): a required module missing from
// vendor/, vendored at another version or not marked "## explicit"; a module marked
// explicit that go.mod does not require; a replace of go.mod that modules.txt does not
// carry, or carries with another replacement, and one modules.txt carries that go.mod
// does not have. Before go 1.14 (or with no go line) modules.txt did not list every
// requirement, nor mark them, and, as the go command does, only another version counts,
// and a replacement only of a version modules.txt lists. It returns nil when go.mod does
// not parse, or when they agree.
func staleVendor(goMod, modulesTxt []byte) []string {
	f, err := modfile.Parse("go.mod", goMod, nil)
	if err != nil {
		if f, err = modfile.ParseLax("go.mod", goMod, nil); err != nil {
			return nil
		}
	}
	pre114 := f.Go == nil || version.Compare("go"+f.Go.Version, "go1.14") < 0
	vendored := vendoredVersions(modulesTxt)
	meta := vendorMetadata(modulesTxt)
	var out []string
	required := map[string]bool{}
	for _, r := range f.Require {
		required[r.Mod.Path] = true
		v, ok := vendored[r.Mod.Path]
		switch {
		case !ok && pre114:
		case !ok:
			out = append(out, fmt.Sprintf("%s %s is not in vendor/", r.Mod.Path, r.Mod.Version))
		case v != r.Mod.Version:
			out = append(out, fmt.Sprintf("%s is %s in go.mod, %s in vendor/", r.Mod.Path, r.Mod.Version, v))
		case !pre114 && !meta[r.Mod].explicit:
			out = append(out, fmt.Sprintf("%s %s is required in go.mod but not marked ## explicit in vendor/modules.txt", r.Mod.Path, r.Mod.Version))
		}
	}
	for _, m := range slices.SortedFunc(maps.Keys(meta), compareVersions) {
		if meta[m].explicit && m.Version != "" && !required[m.Path] {
			out = append(out, fmt.Sprintf("%s %s is marked ## explicit in vendor/modules.txt but go.mod does not require it", m.Path, m.Version))
		}
	}
	replaced := map[module.Version]bool{}
	for _, r := range f.Replace {
		if replaced[r.Old] {
			continue
		}
		replaced[r.Old] = true
		was := meta[r.Old].replacement
		switch {
		case was == (module.Version{}) && pre114 && (r.Old.Version == "" || vendored[r.Old.Path] != r.Old.Version):
		case was == (module.Version{}):
			out = append(out, fmt.Sprintf("%s is replaced by %s in go.mod but not in vendor/modules.txt", describeModule(r.Old), describeModule(r.New)))
		case was != r.New:
			out = append(out, fmt.Sprintf("%s is replaced by %s in go.mod, by %s in vendor/modules.txt", describeModule(r.Old), describeModule(r.New), describeModule(was)))
		}
	}
	for _, m := range slices.SortedFunc(maps.Keys(meta), compareVersions) {
		if meta[m].replacement != (module.Version{}) && !replaced[m] && !replaced[module.Version{Path: m.Path}] {
			out = append(out, fmt.Sprintf("%s is replaced in vendor/modules.txt but not in go.mod", describeModule(m)))
		}
	}
	const shown = 3
	if len(out) > shown {
		out = append(out[:shown], fmt.Sprintf("%d more", len(out)-shown))
	}
	return out
}

// vendorMeta is what vendor/modules.txt says of a module (a version of it, or every
// version for a replacement of all): marked "## explicit", and its replacement.
type vendorMeta struct {
	explicit    bool
	replacement module.Version
}

// vendorMetadata reads vendor/modules.txt as the go command does: a "# path version"
// or "# path version => new [version]" line names a module (the version left out for a
// replacement of every version), and a "## explicit; go 1.22" line after it marks it.
func vendorMetadata(modulesTxt []byte) map[module.Version]vendorMeta {
	out := map[module.Version]vendorMeta{}
	var cur module.Version
	for _, line := range strings.Split(string(modulesTxt), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if rest, ok := strings.CutPrefix(line, "## "); ok {
			if cur.Path == "" {
				continue
			}
			m := out[cur]
			for _, entry := range strings.Split(rest, ";") {
				if strings.TrimSpace(entry) == "explicit" {
					m.explicit = true
				}
			}
			out[cur] = m
			continue
		}
		rest, ok := strings.CutPrefix(line, "# ")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		cur = module.Version{}
		switch {
		case len(f) >= 2 && semver.IsValid(f[1]):
			cur, f = module.Version{Path: f[0], Version: f[1]}, f[2:]
		case len(f) >= 2 && f[1] == "=>":
			cur, f = module.Version{Path: f[0]}, f[1:]
		default:
			continue
		}
		m := out[cur]
		switch {
		case len(f) == 2 && f[0] == "=>":
			m.replacement = module.Version{Path: f[1]}
		case len(f) == 3 && f[0] == "=>":
			m.replacement = module.Version{Path: f[1], Version: f[2]}
		}
		out[cur] = m
	}
	return out
}

// compareVersions orders module versions by path, then version.
func compareVersions(a, b module.Version) int {
	if c := strings.Compare(a.Path, b.Path); c != 0 {
		return c
	}
	return semver.Compare(a.Version, b.Version)
}

// describeModule names a module version ("example.com/lib v1.0.0"), or a module of every
// version or a directory by its path.
func describeModule(m module.Version) string {
	if m.Version == "" {
		return m.Path
	}
	return m.Path + " " + m.Version
}

// vendoredVersions returns the version of each module vendor/modules.txt lists, by path.
func vendoredVersions(modulesTxt []byte) map[string]string {
	vendored := map[string]string{}
	for _, line := range strings.Split(string(modulesTxt), "\n") {
		fields := strings.Fields(strings.TrimSuffix(line, "\r"))
		if len(fields) >= 3 && fields[0] == "#" && fields[2] != "=>" { // not a replace of every version
			vendored[fields[1]] = fields[2]
		}
	}
	return vendored
}

// dirReplaced returns the modules vendor/modules.txt lists as replaced by a directory
// ("# example.com/lib v1.0.0 => ./lib"), each with that directory as written: their
// vendored files follow it.
func dirReplaced(modulesTxt []byte) map[string]string {
	local := map[string]string{}
	for _, line := range strings.Split(string(modulesTxt), "\n") {
		fields := strings.Fields(strings.TrimSuffix(line, "\r"))
		if i := slices.Index(fields, "=>"); len(fields) > 0 && fields[0] == "#" && i >= 2 && i+1 < len(fields) && modfile.IsDirectoryPath(fields[i+1]) {
			local[fields[1]] = fields[i+1]
		}
	}
	return local
}

// vendoredModule returns the module of versions (see vendoredVersions) that holds rel, a
// slash-separated path below vendor/, and its version; "" when none does.
func vendoredModule(versions map[string]string, rel string) (mod, version string) {
	for m, v := range versions {
		if (rel == m || strings.HasPrefix(rel, m+"/")) && len(m) > len(mod) {
			mod, version = m, v
		}
	}
	return mod, version
}

// vendorChanges plans what go mod vendor changed in vendor/: the files it wrote anew or
// differently, and the files of the old vendor/ it no longer writes, deleted.
func (p *planner) vendorChanges(run poststep.Runner, work, old string) error {
	fresh := filepath.Join(work, "vendor")
	oldTxt, _ := readFile(filepath.Join(old, "modules.txt"))
	freshTxt, _ := os.ReadFile(filepath.Join(fresh, "modules.txt"))
	was, now := vendoredVersions(oldTxt), vendoredVersions(freshTxt)
	local, wasLocal := dirReplaced(freshTxt), dirReplaced(oldTxt)
	// A file of a module whose version add does not change, that go mod vendor would
	// write otherwise or remove from a directory it still writes, is not the module's:
	// a patch of the user's, which re-vendoring would lose. One it no longer writes
	// elsewhere (a package no longer imported) may go only as the module's source (the
	// module cache, or the directory that replaces it) holds it.
	// A file of no module that vendor/modules.txt lists (vendor/README) is the user's.
	var patched, foreign []string
	copied := map[string]string{} // vendor/ path: module, for the files compared with the module's source
	wasSrc, nowSrc := vendoredSources(oldTxt), vendoredSources(freshTxt)
	unchanged := func(rel string) string {
		mod, v := vendoredModule(was, filepath.ToSlash(rel))
		if _, dir := local[mod]; mod == "" || dir { // a directory's module follows the directory
			return ""
		}
		// The same version, or the same source: a replace pinning it (x => x v0.10.0)
		// while add raises what go.mod requires.
		if src, ok := wasSrc[mod]; now[mod] == v || ok && nowSrc[mod] == src {
			return mod + " " + v
		}
		return ""
	}
	written := map[string]bool{}
	writtenDirs := map[string]bool{}
	err := filepath.WalkDir(fresh, func(f string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(fresh, f)
		if err != nil {
			return err
		}
		written[rel] = true
		writtenDirs[filepath.Dir(rel)] = true
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		before, err := readFile(filepath.Join(old, rel))
		if err == nil && bytes.Equal(before, data) {
			return nil
		}
		action := "edit"
		if errors.Is(err, fs.ErrNotExist) {
			action = "create"
		} else if m := unchanged(rel); m != "" && rel != "modules.txt" {
			patched = append(patched, p.vendorPath(rel)+" (of "+m+")")
		}
		p.editFile(p.vendorPath(rel), action, "go mod vendor", data)
		return nil
	})
	if err != nil {
		return err
	}
	err = filepath.WalkDir(old, func(f string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && f == old {
			return nil
		}
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(old, f)
		if err != nil || written[rel] {
			return err
		}
		data, _, blocker, err := generator.Look(os.DirFS(old), filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		if blocker != "" {
			return refuse("%s %s: go mod vendor would remove it; %s removes only regular files", p.vendorPath(rel), blocker, p.command())
		}
		// A file go mod vendor no longer writes may go only when the module's source
		// holds it as it is (a package add no longer imports): anything else is the
		// user's. Files of a module whose source changes are compared by raisedPatches.
		mod, _ := vendoredModule(was, filepath.ToSlash(rel))
		_, dirMod := local[mod]
		_, wasDirMod := wasLocal[mod]
		switch m := unchanged(rel); {
		case mod == "" && rel != "modules.txt":
			foreign = append(foreign, p.vendorPath(rel))
		case m != "" && writtenDirs[filepath.Dir(rel)] && !p.copiedMetadata(mod, filepath.ToSlash(rel)):
			patched = append(patched, p.vendorPath(rel)+" (added to "+m+")")
		case m != "" || dirMod || wasDirMod:
			copied[rel] = mod // the module's file, unless it differs from the module's source
		}
		repoRel := p.vendorPath(rel)
		p.plan.Steps = append(p.plan.Steps, Step{Path: repoRel, Action: "delete", Detail: "go mod vendor no longer writes it", Old: data})
		p.plan.Changes = append(p.plan.Changes, generator.Change{Path: repoRel, Delete: true, Old: data})
		return nil
	})
	var cache string
	dirs := map[string]string{} // module -> its directory in the module cache
	if err == nil {
		var more []string
		more, err = p.raisedPatches(run, work, old, was, wasSrc, nowSrc, &cache, dirs)
		patched = append(patched, more...)
	}
	for _, rel := range slices.Sorted(maps.Keys(copied)) {
		if err != nil {
			break
		}
		mod := copied[rel]
		dir, replaced := local[mod]
		if !replaced {
			dir, replaced = wasLocal[mod]
		}
		added := p.vendorPath(rel) + " (added to " + mod + " " + was[mod] + ")"
		if replaced {
			added = p.vendorPath(rel) + " (not in " + dir + ", which replaces " + mod + ")"
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(filepath.Dir(old), filepath.FromSlash(dir)) // old is the module's vendor/
			}
		} else if src, ok := vendoredSources(oldTxt)[mod]; !ok {
			patched = append(patched, added)
			continue
		} else if dir, err = p.moduleDir(run, work, mod, was[mod], src, &cache, dirs); err != nil {
			break
		}
		mine, _ := readFile(filepath.Join(old, rel))
		// The directory replacing a module is the user's: a named pipe there is not
		// waited on (go mod vendor copies regular files only, so it deletes the copy).
		source := filepath.Join(dir, strings.TrimPrefix(filepath.ToSlash(rel), mod+"/"))
		theirs, rerr := readFile(source)
		switch {
		case errors.Is(rerr, generator.ErrNotRegular), errors.Is(rerr, generator.ErrTooLarge):
			patched = append(patched, p.vendorPath(rel)+" (its source "+source+" cannot be compared: "+rerr.Error()+")")
		case rerr != nil:
			patched = append(patched, added)
		case !bytes.Equal(mine, theirs):
			patched = append(patched, p.vendorPath(rel)+" (of "+mod+" "+was[mod]+")")
		}
	}
	switch {
	case err != nil:
		return err
	case len(foreign) > 0:
		return refuse("nothing written: vendor/ holds files of no vendored module, which its go mod vendor would delete: %s; move them out of vendor/, then run %s again", listSome(foreign), p.command())
	case len(patched) == 0:
		return nil
	}
	return refuse("nothing written: vendor/ holds changes of yours to vendored modules, which %s's go mod vendor would undo (a file the module does not hold, it deletes): %s; move a file of yours out of vendor/, keep a patched module as a replace (a fork or a directory) instead, or restore vendor/ with go mod vendor, then run %s again", p.command(), listSome(patched), p.command())
}

// Revendor is add's re-vendoring for update: after an update's go.mod merge and tidy in
// work, a scratch copy of the module whose directory is moduleRel (slash-separated, "."
// for the root) in the tree at dir, it refuses a vendor/modules.txt of the tree that
// disagreed with goMod, the module's go.mod before the update (staleVendor), runs go mod
// vendor in work with run, and returns the changes of vendor/ in the tree (paths of the
// tree, Old the tree's content): files written anew or differently, and files go mod
// vendor no longer writes, deleted. Changes of the user's in vendor/ (a patched vendored
// file, a file of no vendored module) are refused, as add refuses them (a *Refusal).
func Revendor(ctx context.Context, run poststep.Runner, dir, moduleRel, work string, goMod []byte) ([]generator.Change, error) {
	moduleDir := filepath.Join(dir, filepath.FromSlash(moduleRel))
	old := filepath.Join(moduleDir, "vendor")
	modulesTxt, _ := readFile(filepath.Join(old, "modules.txt"))
	if stale := staleVendor(goMod, modulesTxt); len(stale) > 0 {
		return nil, refuse("nothing written: %s is out of date with go.mod (%s), so the module does not build with -mod=vendor as it stands, and update would re-vendor it; run go mod vendor, review and commit what it changes, then run update again", joinPath(moduleRel, "vendor/modules.txt"), strings.Join(stale, "; "))
	}
	goWas := "1.16"
	if f, err := modfile.ParseLax("go.mod", goMod, nil); err == nil && f.Go != nil {
		goWas = f.Go.Version
	}
	p := &planner{ctx: ctx, t: &Target{Dir: dir, Module: &repo.Module{Dir: moduleRel}}, plan: &Plan{},
		contents: map[string][]byte{}, goWas: goWas, verb: "update"}
	if err := p.linkedVendor(moduleDir); err != nil {
		return nil, err
	}
	if err := run.Go(ctx, work, "mod", "vendor"); err != nil {
		return nil, err
	}
	if err := p.vendorChanges(run, work, old); err != nil {
		return nil, err
	}
	if p.blocked != nil {
		return nil, p.blocked
	}
	return p.plan.Changes, nil
}

// linkedVendor refuses a vendor/ of the module at moduleDir that is a symbolic link to a
// directory (one vendor directory shared by the modules of a monorepo): the go command
// builds the module from the directory it leads to, but add and update write nothing
// through a link, so they cannot re-vendor it for the requirements they change, and
// the module would not build (inconsistent vendoring).
func (p *planner) linkedVendor(moduleDir string) error {
	link := filepath.Join(moduleDir, "vendor")
	if info, err := os.Lstat(link); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	if info, err := os.Stat(link); err != nil || !info.IsDir() {
		return nil // leads nowhere, or to a file: the go command finds no vendor directory
	}
	to, err := os.Readlink(link)
	if err != nil {
		return fmt.Errorf("read the link %s: %w", p.repoPath("vendor"), err)
	}
	instead := ""
	if p.command() == "add" {
		instead = ", or leave out the components that add Go code " + withoutGo()
	}
	return refuse("nothing written: %s is a symbolic link (to %s): the go command builds the module from the directory it leads to, but %s writes nothing through a link, so it cannot re-vendor the module for the requirements it changes, and the module would not build (inconsistent vendoring); make vendor a directory of the module's own (remove the link, run go mod vendor and commit)%s, then run %s again",
		p.repoPath("vendor"), to, p.command(), instead, p.command())
}

// command names the command the planner plans for, in its messages.
func (p *planner) command() string { return cmp.Or(p.verb, "add") }

// vendoredSources returns, for each module vendor/modules.txt lists, the module
// version its vendored files are copied from: its own, or the one a replace directive
// names ("# example.com/a v1.0.0 => example.com/b v1.1.0"); none for a module replaced
// by a directory, whose files follow the directory.
func vendoredSources(modulesTxt []byte) map[string]module.Version {
	out := map[string]module.Version{}
	for _, line := range strings.Split(string(modulesTxt), "\n") {
		fields := strings.Fields(strings.TrimSuffix(line, "\r"))
		if len(fields) < 3 || fields[0] != "#" {
			continue
		}
		switch i := slices.Index(fields, "=>"); {
		case i < 0:
			out[fields[1]] = module.Version{Path: fields[1], Version: fields[2]}
		case i+2 < len(fields) && !modfile.IsDirectoryPath(fields[i+1]):
			out[fields[1]] = module.Version{Path: fields[i+1], Version: fields[i+2]}
		}
	}
	return out
}

// raisedPatches returns the files of old, the module's vendor/, that differ from the
// module version they are vendored from (see vendoredSources), for the modules whose
// source add's go mod vendor changes (add raises the version): a patch of the user's,
// which the new version's files replace. It reads each such source from the module
// cache, downloading it there through the module proxy when it is not in it.
func (p *planner) raisedPatches(run poststep.Runner, work, old string, was map[string]string, wasSrc, nowSrc map[string]module.Version, cache *string, dirs map[string]string) ([]string, error) {
	var patched []string
	err := filepath.WalkDir(old, func(f string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(old, f)
		if err != nil {
			return err
		}
		mod, v := vendoredModule(was, filepath.ToSlash(rel))
		src, ok := wasSrc[mod]
		if mod == "" || !ok || nowSrc[mod] == src {
			return nil
		}
		dir, err := p.moduleDir(run, work, mod, v, src, cache, dirs)
		if err != nil {
			return err
		}
		mine, err := readFile(f)
		if err != nil {
			return err
		}
		theirs, err := os.ReadFile(filepath.Join(dir, strings.TrimPrefix(filepath.ToSlash(rel), mod+"/")))
		if err != nil || !bytes.Equal(mine, theirs) {
			change := "which " + p.command() + " raises to " + nowSrc[mod].Version
			if nowSrc[mod].Path == "" {
				change = "which go mod vendor no longer vendors"
			}
			patched = append(patched, fmt.Sprintf("%s (of %s %s, %s)", p.vendorPath(rel), mod, v, change))
		}
		return nil
	})
	return patched, err
}

// moduleDir returns the directory in the module cache (*cache, GOMODCACHE, read once)
// of src, the module version the files of the vendored module mod (at version v) are
// copied from, downloading it there through the module proxy when it is not in it;
// dirs caches the answers by module.
func (p *planner) moduleDir(run poststep.Runner, work, mod, v string, src module.Version, cache *string, dirs map[string]string) (string, error) {
	if dir, ok := dirs[mod]; ok {
		return dir, nil
	}
	if *cache == "" {
		c, err := run.GoOutput(p.ctx, work, "env", "GOMODCACHE")
		if err != nil {
			return "", err
		}
		*cache = c
	}
	if err := run.Go(p.ctx, work, "mod", "download", src.String()); err != nil {
		return "", fmt.Errorf("check vendor/%s for changes of yours before go mod vendor rewrites it (%s %s): %w; make the module proxy reachable and run %s again", mod, mod, v, err, p.command())
	}
	escPath, err := module.EscapePath(src.Path)
	if err != nil {
		return "", err
	}
	escVersion, err := module.EscapeVersion(src.Version)
	if err != nil {
		return "", err
	}
	dirs[mod] = filepath.Join(*cache, escPath+"@"+escVersion)
	return dirs[mod], nil
}

// copiedMetadata reports whether rel, a slash-separated path below vendor/, is a file
// go mod vendor copied for a main module whose go line (before add) is below 1.17: the
// go.mod and go.sum at the root of a vendored module mod. From go 1.17 on it no longer
// copies them, so add's go mod vendor, after raising the go line, deletes them.
func (p *planner) copiedMetadata(mod, rel string) bool {
	return mod != "" && version.Compare("go"+p.goWas, "go1.17") < 0 && (rel == mod+"/go.mod" || rel == mod+"/go.sum")
}

// vendorPath returns the repository path of rel, a path below the module's vendor/.
func (p *planner) vendorPath(rel string) string {
	return p.repoPath(path.Join("vendor", filepath.ToSlash(rel)))
}

// copyFailed explains a failed copy of the module into work, a directory under
// TMPDIR: add checks the module there, and the copy holds all of it, files git
// ignores included. Only a copy that ran out of room asks for a TMPDIR with more.
func copyFailed(work string, err error) error {
	where, room := "beside it", "leave that file system with room for the whole module (files git ignores included)"
	if strings.HasPrefix(filepath.Base(work), ScratchPrefix) {
		where, room = "under TMPDIR", "point TMPDIR at a directory with room for the whole module (files git ignores included)"
	}
	if scratch.OutOfRoom(err) {
		return fmt.Errorf("add checks the module in a copy %s (%s), which could not be made: %w; %s and run again", where, work, err, room)
	}
	return fmt.Errorf("add checks the module in a copy %s (%s), which could not be made: %w; the copy holds the whole module (files git ignores included): fix what stops it and run again", where, work, err)
}

// vendorFlag reports whether GOFLAGS in env (the process's when env is nil) asks for
// -mod=vendor, read as the go command reads it (repo.GOFLAG: quoted entries, the
// last -mod). Of several GOFLAGS in env the last counts, as for the go commands add
// starts with env (os/exec keeps the last value of a key).
func vendorFlag(env []string) bool {
	if env == nil {
		env = os.Environ()
	}
	for _, kv := range slices.Backward(env) {
		if flags, ok := strings.CutPrefix(kv, "GOFLAGS="); ok {
			return repo.GOFLAG(flags, "mod") == "vendor"
		}
	}
	return false
}
