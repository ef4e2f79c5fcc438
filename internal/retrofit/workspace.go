package retrofit

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/poststep"
	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/scratch"
	"github.com/gonew-prod/gonew-prod/internal/update"
	"github.com/gonew-prod/gonew-prod/internal/workspace"
)

// workspace returns the repository's go.work when it uses the module, or nil: the
// scratch copy where add runs the go command is in no workspace, so its go.mod gets
// what the workspace gives the module (workspace.Require) for go mod tidy, taken out
// again (workspace.Strip) before the plan sees the file, and go vet runs in a go.work of
// the copy's own (workRunner). A vendored module is built with its vendor/ (the go
// command ignores it in workspace mode, so the user builds it with GOWORK=off) and gets
// no workspace either.
func (p *planner) workspace() (*workspace.Workspace, error) {
	if p.t.Module.Vendor {
		return nil, nil
	}
	return p.usingWorkspace()
}

// usingWorkspace returns the repository's go.work when it uses the module, vendored or
// not, and the go command uses it for the module (workspace.Find, with the user's
// environment, as update's gate takes it), or nil: the workspace the go command builds
// the module in, ignoring its vendor/. With GOWORK=off the go command ignores go.work,
// whatever it holds, and with GOWORK naming another file it uses that one (workAbove
// refuses it when it uses the module), so add's checks build without the repository's.
func (p *planner) usingWorkspace() (*workspace.Workspace, error) {
	w := p.usedWork()
	if w == nil {
		return nil, nil
	}
	content, ok := p.current(w.Path)
	if !ok {
		return nil, nil
	}
	return workspace.Parse(p.abs(w.Path), content, p.abs(p.t.Module.Dir))
}

// usedWork returns the repository's go.work when it uses the module and the go command
// uses it for the module (workspace.Find, with the user's environment: not under
// GOWORK=off, nor with GOWORK naming another file), else nil.
func (p *planner) usedWork() *repo.Work {
	w := p.t.Repo.Work
	if w == nil || !slices.Contains(w.Use, p.t.Module.Dir) {
		return nil
	}
	if found := workspace.Find(p.abs(p.t.Module.Dir), p.opts.Env); found == "" || !workspace.SameDir(found, p.abs(w.Path)) {
		return nil
	}
	return w
}

// workspaceVendored refuses adding Go code to a module of a workspace vendored by go
// work vendor (vendor/modules.txt beside go.work begins with "## workspace"): add
// re-vendors a module's vendor/ only, so the workspace's would no longer match the
// requirements add brings ("inconsistent vendoring") and the workspace would not build.
// A workspace the go command does not use for the module (usedWork: GOWORK=off, or
// GOWORK naming another file) is not refused: add checks, and the user builds, the
// module without it.
func (p *planner) workspaceVendored() error {
	w := p.usedWork()
	if w == nil {
		return nil
	}
	txt := path.Join(w.Dir, "vendor", "modules.txt")
	data, err := readFile(p.abs(txt))
	if err != nil {
		return nil // none: the workspace is not vendored
	}
	first, _, _ := strings.Cut(string(data), "\n")
	if strings.TrimSpace(first) != "## workspace" {
		return nil
	}
	return refuse("nothing written: the workspace %s is vendored (%s, written by go work vendor), and add re-vendors a module's vendor/ only: with the requirements it brings the workspace would not build (inconsistent vendoring); remove %s and commit, run add, then run go work vendor and commit what it writes, or leave out the components that add Go code %s",
		w.Path, txt, path.Join(w.Dir, "vendor")+"/", withoutGo())
}

// noteWorkspace notes a go.work that the go command finds for the module (from its
// directory up, or GOWORK) but that does not use it: the go command builds nothing in
// the module's directory then, the Makefile targets add writes included. The note
// (workspace.NotUsed, as new gives it) names the go work use to run, with the go line
// the plan leaves in go.mod.
func (p *planner) noteWorkspace() error {
	if err := p.noteWorkOutsideCheckout(); err != nil {
		return err
	}
	moduleDir := p.abs(p.t.Module.Dir)
	file := workspace.Find(moduleDir, p.opts.Env)
	if file == "" {
		return nil
	}
	data, err := readFile(file)
	if err != nil {
		return nil // the go command reports a go.work it cannot read itself
	}
	modGo := ""
	if content, ok := p.current(p.repoPath("go.mod")); ok {
		if f, err := modfile.ParseLax("go.mod", content, nil); err == nil && f.Go != nil {
			modGo = f.Go.Version
		}
	}
	if note := workspace.NotUsed(file, data, moduleDir, modGo); note != "" {
		p.plan.Notes = append(p.plan.Notes, note)
	}
	return nil
}

// noteWorkOutsideCheckout notes, for ci, the repository's go.work at its root when it
// uses the module and git does not track it (ignored or untracked: workInCheckout): CI's
// checkout has no go.work, so the job builds the module from go.mod alone, without the
// workspace's other modules and replacements, which the user's builds and add's checks
// have. A workspace that gives the module neither gets no note: the job builds what the
// user builds. A vendored module's job runs with GOWORK=off anyway. (A go.work below the
// root that git does not track refuses ci: innerWorkspace. One at the root is what
// SPEC's ci keeps going under, its image of go.mod's go line; so it is noted here, not
// refused.)
func (p *planner) noteWorkOutsideCheckout() error {
	if !slices.Contains(p.plan.Components, "ci") {
		return nil
	}
	ws, err := p.workspace()
	if err != nil || ws == nil || len(ws.Members) == 0 && len(ws.Replaces) == 0 {
		return err
	}
	w := p.t.Repo.Work
	if shared, err := p.workInCheckout(w); err != nil || shared {
		return err
	}
	var gives []string
	if len(ws.Members) > 0 {
		gives = append(gives, "modules "+strings.Join(slices.Sorted(maps.Keys(ws.Members)), ", "))
	}
	if len(ws.Replaces) > 0 {
		gives = append(gives, "replace lines")
	}
	p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s, which git does not track (ignored or untracked), is in no checkout: ci's job builds the module (%s) without it, from go.mod alone, where your builds and add's checks have the workspace's %s; if the module needs them, the job fails from its first run: commit %[1]s (git add -f %[1]s), or make go.mod resolve them alone (a require with a replace)",
		w.Path, p.t.Module.Dir, strings.Join(gives, " and ")))
	return nil
}

// abs returns the repository path rel, absolute.
func (p *planner) abs(rel string) string { return filepath.Join(p.t.Dir, filepath.FromSlash(rel)) }

// readFile reads the file at the absolute path full, a link followed, with
// generator.ReadRegular: a named pipe, a device or a directory there fails at once (wrapping
// generator.ErrNotRegular), as one larger than generator.MaxTreeFile does.
func readFile(full string) ([]byte, error) {
	return generator.ReadRegular(os.DirFS(filepath.Dir(full)), filepath.Base(full), generator.MaxTreeFile)
}

// workRunner returns the runner of the go command (go vet) in the copy of the module at
// dir (a scratch copy, or the module's own directory), where git finds no repository of
// the user's (scratch.Env): with GOWORK=off, or, in the workspace ws, with a go.work of
// its own made from the repository's as the plan leaves it (planned) or as it stands, and
// its go.work.sum, in a directory that done removes. The go command then builds the module
// as the user will, in the workspace, and writes nothing of the user's workspace files.
func (p *planner) workRunner(ws *workspace.Workspace, dir string, planned bool) (run poststep.Runner, done func(), err error) {
	env := scratch.Env(p.opts.Env, dir)
	if ws == nil {
		return poststep.Runner{Env: append(env, "GOWORK=off")}, func() {}, nil
	}
	content, _ := p.current(p.t.Repo.Work.Path)
	if !planned {
		if content, err = readFile(ws.File); err != nil {
			return run, nil, err
		}
	}
	file, done, err := ws.MovedFile(content, p.abs(p.t.Module.Dir), dir)
	if err != nil {
		return run, nil, err
	}
	return poststep.Runner{Env: append(env, "GOWORK="+file)}, done, nil
}

// workspaceVersion returns the version of the module mod that the go command selects
// (minimal version selection over the whole module graph, the go.mod files of the
// workspace's dependencies included) in the workspace ws for the module as it stands:
// go list -m, run as workRunner runs it in the module's directory. A go command that
// cannot say (offline, with a go.mod of the graph not in the module cache) is an error
// that says what failed.
func (p *planner) workspaceVersion(ws *workspace.Workspace, mod string) (string, error) {
	moduleDir := p.abs(p.t.Module.Dir)
	run, done, err := p.workRunner(ws, moduleDir, true)
	if err != nil {
		return "", err
	}
	defer done()
	// -mod=readonly: the go command must not write a go.mod of the workspace.
	out, err := run.GoOutput(p.ctx, moduleDir, "list", "-m", "-mod=readonly", "-f", "{{.Path}} {{.Version}}", mod)
	if err == nil {
		if v, ok := parseBuildList(out)[mod]; ok {
			return v, nil
		}
		return "", fmt.Errorf("go list -m %s in the workspace %s printed no version: %s", mod, ws.File, goError(out))
	}
	var failed *poststep.CommandError
	if p.ctx.Err() != nil || !errors.As(err, &failed) {
		return "", fmt.Errorf("go list -m %s in the workspace %s: %w", mod, ws.File, err)
	}
	return "", fmt.Errorf("go list -m %s in the workspace %s: %s", mod, ws.File, goError(failed.Output))
}

// memberHint explains a go command that failed in the workspace because it looked up a
// module of the workspace at the version modRel's content requires: it looks such
// versions up when it loads the whole module graph, as the requirements add brings can
// make it do. out is the command's error; the hint is "" when that is not the failure.
func (p *planner) memberHint(modRel string, content []byte, out string) string {
	if p.ws == nil {
		return ""
	}
	f, err := modfile.Parse(modRel, content, nil)
	if err != nil {
		return ""
	}
	work := p.t.Repo.Work.Path
	for _, mod := range slices.Sorted(maps.Keys(p.ws.Members)) {
		v, ok := required(f, mod)
		if !ok || !strings.Contains(out, mod+"@"+v+":") {
			continue
		}
		rel, err := filepath.Rel(filepath.Dir(p.ws.File), p.ws.Members[mod])
		if err != nil {
			return ""
		}
		return fmt.Sprintf("; %s requires %s %s, a module of the workspace %s, and the go command looks that version up once the requirements add brings make it load the whole module graph: replace the version in %s (replace %s %s => ./%s) and run add again",
			modRel, mod, v, work, work, mod, v, filepath.ToSlash(rel))
	}
	return ""
}

// unrequired returns the members of ws the packages of the module m import that its
// go.mod (f) does not require: only the workspace provides them.
func unrequired(ws *workspace.Workspace, r *repo.Repo, m *repo.Module, f *modfile.File) []string {
	var out []string
	for _, pkg := range r.Packages {
		if pkg.Module != m {
			continue
		}
		for _, file := range pkg.AllFiles() {
			for _, imp := range file.Imports {
				for mod := range ws.Members {
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
// line and other modules add would not see from dir when it adds Go code (see
// innerWorkspace for one below dir). GOWORK names the file when set ("off": none), as
// for the go command. It returns the go.work whose use of the module it refuses ("" for
// one that does not parse: the go command fails on it wherever it builds the module).
// command is add's command line as given (after "gonew-prod", without --dir), which the
// refusal gives again for the workspace's directory.
func workAbove(dir, moduleDir, main string, env, command []string) (string, error) {
	file := workspace.Find(moduleDir, env)
	if file == "" {
		return "", nil
	}
	if file == filepath.Join(dir, "go.work") {
		return "", nil // the repository's own, which add reads
	}
	data, err := readFile(file)
	if err != nil {
		return "", nil
	}
	f, err := modfile.ParseWork(file, data, nil)
	if err != nil {
		return "", refuse("%s, the go.work the go command would use for %s, does not parse: %v", file, dir, err)
	}
	workDir := filepath.Dir(file)
	for _, u := range f.Use {
		use := filepath.FromSlash(u.Path)
		if !filepath.IsAbs(use) {
			use = filepath.Join(workDir, use)
		}
		if !workspace.SameDir(use, moduleDir) {
			continue
		}
		hint := "run add in a directory that holds both the go.work and the module"
		switch rel, err := filepath.Rel(workDir, filepath.Join(dir, filepath.FromSlash(main))); {
		case err == nil && rel == ".":
			hint = "run add in the workspace's directory, " + addFrom(workDir, dir, "", command)
		case err == nil && filepath.IsLocal(rel):
			hint = "run add in the workspace's directory, " + addFrom(workDir, dir, "./"+filepath.ToSlash(rel), command)
		}
		return file, refuse("the module at %s is used by the workspace %s: the go command builds it with that workspace's modules and go line, which add does not see from %s; %s, or set GOWORK=off when the module builds without it",
			moduleDir, file, dir, hint)
	}
	return "", nil
}

// addFrom returns the add command line command (as workAbove takes it) run from the
// directory workDir instead of dir: with --dir workDir, --main main ("" for none) in
// place of the --main given, and the paths of --recreate, which name files from the
// repository's root, from workDir; the components and other flags as given.
func addFrom(workDir, dir, main string, command []string) string {
	line := "gonew-prod add --dir " + generator.ShellQuote(workDir)
	if main != "" {
		line += " --main " + generator.ShellQuote(main)
	}
	below, err := filepath.Rel(workDir, dir)
	if err != nil {
		below = "."
	}
	for _, arg := range command[min(1, len(command)):] {
		if strings.HasPrefix(arg, "--main=") {
			continue
		}
		if p, ok := strings.CutPrefix(arg, "--recreate="); ok {
			arg = "--recreate=" + path.Join(filepath.ToSlash(below), p)
		}
		line += " " + generator.ShellQuote(arg)
	}
	return line
}

// innerWorkspace refuses, with workAbove's refusal, a plan for a module of a go.work
// inside the repository, below the directory add works in, but for ci alone: add would
// tidy and check the module, and judge what a Docker build of it reaches, outside that
// workspace. ci only writes the CI files, which are read only at the root of the git
// repository, and its job runs in the module's directory under the go.work of the
// checkout, whose go line the repository's view of its go.work files gives the job's image
// (Repo.WorkOf). A go.work git does not track is in no checkout (workInCheckout): the job
// would build the module without it, so ci is refused for it too. A plan with ci and more
// is refused with the --dir of the workspace for the rest and the add of ci alone here.
func (p *planner) innerWorkspace() error {
	rest := slices.DeleteFunc(slices.Clone(p.plan.Components), func(c string) bool { return c == "ci" })
	switch {
	case p.t.innerWork == nil:
		return nil
	case len(rest) == 0:
		shared, err := p.workInCheckout(&repo.Work{Path: p.t.innerWorkFile, Dir: path.Dir(p.t.innerWorkFile)})
		if err != nil || shared {
			return err
		}
		return refuse("the module at %s is used by the workspace %s, which git does not track: ci's job runs in a checkout of the repository, which has no %s, and would build the module without it; commit it (git add -f %s) and run add again, or set GOWORK=off for add when the module builds without it",
			p.t.Module.Dir, p.t.innerWorkFile, p.t.innerWorkFile, generator.ShellQuote(p.t.innerWorkFile))
	case len(rest) == len(p.plan.Components):
		return p.t.innerWork(p.t.command)
	}
	// The run there adds the rest, named: not ci, nor all, which holds it.
	command := slices.Clone(p.t.command[:min(1, len(p.t.command))])
	for _, arg := range p.t.command[min(1, len(p.t.command)):] {
		if strings.HasPrefix(arg, "-") {
			command = append(command, arg)
		}
	}
	return refuse("%v; ci, which add writes only at the root of the git repository, add in a run of its own here: gonew-prod add --dir %s --main %s ci",
		p.t.innerWork(append(command, rest...)), generator.ShellQuote(p.t.Dir), generator.ShellQuote("./"+p.t.Main.Dir()))
}

// innerRecord returns the repository path of the record that an add run in the directory
// of the go.work below Dir that uses the module (innerWork) wrote there for this main
// package, and the record, else "" and nil. The adds of the components other than ci run there, and that record
// stays there; add of ci here, at the root, records ci in a record of its own, and the
// guarded blocks those adds wrote (the module's Makefile, the main package's calls) are
// that record's, not the sign of a record of the root's gone missing.
func (p *planner) innerRecord() (string, *generator.Record) {
	if p.t.innerWork == nil {
		return "", nil
	}
	dir := path.Dir(p.t.innerWorkFile)
	data, err := update.ReadRecord(os.DirFS(filepath.Join(p.t.Dir, filepath.FromSlash(dir))))
	if err != nil || data == nil {
		return "", nil
	}
	at := path.Join(dir, generator.RecordFile)
	rec, err := generator.ParseRecord(at, data)
	if err != nil || len(rec.Components) == 0 || path.Join(dir, rec.Vars["moduleDir"], rec.Vars["mainPackage"]) != p.t.Main.Dir() {
		return "", nil
	}
	return at, rec
}

// innerMakefile reports whether the module's makefile builds it with make prod-build by
// the record of the add run in the directory of the go.work below Dir (innerRecord): that
// record lists makefile and does not say its include block was removed, and the makefile
// holds the block, or an include of gonew-prod.mk of the user's in its place (see
// includeGone). The CI job of ci, added here at the root with a record of its own, then
// builds as it does where one record holds both (vars["makeBuild"]).
func (p *planner) innerMakefile() bool {
	_, rec := p.innerRecord()
	if rec == nil || !slices.Contains(rec.Components, "makefile") || rec.Vars["makefileBlock"] == "removed" {
		return false
	}
	rel := p.makefile()
	content, exists := p.current(rel)
	if !exists {
		return false
	}
	if _, _, ok, err := generator.FindBlock(content, "makefile"); ok || err != nil {
		return ok && err == nil
	}
	return update.OwnProdMkInclude(p.readRepoFile, p.globRepo, rel, p.repoPath("gonew-prod.mk")) != ""
}
