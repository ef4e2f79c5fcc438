// Package audit checks a Go repository against the production checklist, reading
// its files only: Go code through go/parser, Makefiles by target, Dockerfiles by
// stage, CI files as YAML. It never builds, runs or changes the repository.
//
// Each check answers PASS, WARN, FAIL or UNKNOWN with evidence (file, line and the
// line's text; for something absent, the place it belongs) and a fix, naming the
// `gonew-prod add` component that supplies it when one does. FAIL means done wrong
// (a trap), WARN missing or incomplete, UNKNOWN that the files do not tell.
package audit

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// Status is the verdict of a check.
type Status string

// Verdicts, from best to worst.
const (
	Pass    Status = "PASS"
	Unknown Status = "UNKNOWN"
	Warn    Status = "WARN"
	Fail    Status = "FAIL"
)

// Rank orders the verdicts: PASS 0, UNKNOWN 1, WARN 2, FAIL 3.
func (s Status) Rank() int {
	return slices.Index([]Status{Pass, Unknown, Warn, Fail}, s)
}

// components are the `gonew-prod add` components, in their documented order.
var components = []string{"makefile", "version", "shutdown", "procs", "docker", "ci", "otel", "mtls", "pprof", "k8s"}

// Check describes one check.
type Check struct {
	ID        string
	Title     string
	Component string // the component that supplies what it checks, or ""
	RepoWide  bool   // judged once for the repository, not per main package
}

// checks are the checks in report order.
var checks = []Check{
	{"mtls", "server requires and verifies client certificates; CA pool rotates; expiry watched", "mtls", false},
	{"pprof", "profiling only on a separate listener behind authentication", "pprof", false},
	{"procs", "GOMAXPROCS follows the CPU limit and a memory limit is set", "procs", false},
	{"shutdown", "SIGTERM leads to Shutdown with a timeout and a readiness flip", "shutdown", false},
	{"ldflags", "every build injects version and commit with -X, or the code reads debug.ReadBuildInfo", "version", false},
	{"static-image", "final image is scratch or distroless static with a CGO_ENABLED=0 binary", "docker", false},
	{"modverify", "go.sum committed, verified in CI, no checksum bypass, private modules in GOPRIVATE", "ci", true},
	{"otel", "trace propagation middleware on the router and a propagator installed", "otel", false},
	{"ci", "CI runs go vet, go test -race and a linter", "ci", true},
	{"health", "a health or readiness endpoint exists", "shutdown", false},
	{"timeouts", "every http.Server sets ReadHeaderTimeout or ReadTimeout", "", false},
}

// Checks returns the checks in report order.
func Checks() []Check { return slices.Clone(checks) }

// Options narrow a run.
type Options struct {
	// Only lists the check ids to run; empty runs all.
	Only []string
	// Main selects one main package (directory, import path or last element of its
	// directory); empty judges every main package.
	Main string
	// Under limits the main packages judged to those in this directory of the
	// repository (slash-separated) or below it, and Main's choice to them: the
	// directory asked for when it lies inside a module (see repo.Enclosing). Every
	// main is still read, so that Under changes no verdict.
	Under string
	// Nested is true when Under is the root of a module of its own, nested in the
	// repository (a git work tree whose top is above it: see repo.Enclosing).
	Nested bool
	// FeatureLocks maps the path of a record of gonew-prod new (from the root) whose
	// preset locks features to the lock as messages name it ("preset lk (./lk) locks
	// features to docker,ci"): a feature such a record leaves out is one add cannot
	// bring, so no fix offers it (see Report.Lock).
	FeatureLocks map[string]string
	// CILocks maps the path of such a record whose preset locks ci to none to that
	// lock ("preset pn (./pn) locks ci to none"): the ci feature the record then
	// leaves out is one add cannot bring either.
	CILocks map[string]string
	// Git is git's own answer, when the repository is a git work tree, to whether it
	// ignores the files of SumFiles; nil reads the repository's .gitignore files.
	Git *GitIgnores
}

// ErrUnknownCheck, ErrUnknownMain and ErrAmbiguousMain are returned, wrapped, for
// options that name no check, no main package, or several.
var (
	ErrUnknownCheck  = errors.New("unknown check")
	ErrUnknownMain   = errors.New("no such main package")
	ErrAmbiguousMain = errors.New("ambiguous main package")
)

// Report is the outcome of a run. Its JSON form is the stable schema documented in
// the README.
type Report struct {
	Schema   string         `json:"schema"`
	Modules  []ModuleInfo   `json:"modules"`
	Mains    []MainInfo     `json:"mains"`
	Results  []Result       `json:"results"`
	Problems []repo.Problem `json:"problems"`
	Summary  Summary        `json:"summary"`
	// Root names the directory audited and Under is Options.Under, when Under is not
	// the root: the directory asked for lies inside a module, and only the main
	// packages in it or below it were judged. Paths are relative to Root.
	Root  string `json:"root,omitempty"`
	Under string `json:"under,omitempty"`
	// Nested is Options.Nested: Under is a module of its own, nested in Root.
	Nested bool `json:"nested,omitempty"`
	// lacking holds the components with nothing to judge, beyond the checks:
	// makefile and k8s, when every check ran.
	lacking []string
	// leftOut holds the optional features the record of gonew-prod new that governs a
	// main package (by its directory; "" for the repository-wide results) leaves out:
	// chosen, not lacking. leftOutBy names the records, in the order of the mains.
	leftOut   map[string][]string
	leftOutBy []leftOutSet
	// locks is Options.FeatureLocks, ciLocks Options.CILocks.
	locks, ciLocks map[string]string
}

// Lock returns the lock of the preset the record at path (from the root, as LeftOut
// names it) was made with that keeps add from adding feature, which the record leaves
// out, as Options.FeatureLocks or Options.CILocks gives it, and what to do instead
// (LockedOutFix or LockedCIFix); "" when add can add it.
func (r *Report) Lock(record, feature string) (lock, fix string) {
	return lockOf(r.locks, r.ciLocks, record, feature)
}

// lockOf is Report.Lock for the locks of features and of ci given.
func lockOf(features, ci map[string]string, record, feature string) (lock, fix string) {
	if lock := features[record]; lock != "" {
		return lock, LockedOutFix
	}
	if lock := ci[record]; lock != "" && feature == "ci" {
		return lock, LockedCIFix
	}
	return "", ""
}

// A leftOutSet is the record that governs the main packages in Dir ("" for the
// repository-wide checks).
type leftOutSet struct{ Dir, Record string }

// LeftOut returns the components that the features recorded by gonew-prod new leave
// out on purpose, in the documented order, by the path of the record (relative to the
// root: in a monorepo, a nested module's record governs its own main packages);
// Lacking never returns them. records lists the paths in the order of the mains.
func (r *Report) LeftOut() (by map[string][]string, records []string) {
	if len(r.Mains) == 0 {
		return nil, nil
	}
	by = map[string][]string{}
	for _, s := range r.leftOutBy {
		if _, seen := by[s.Record]; !seen {
			by[s.Record], records = slices.Clone(r.leftOut[s.Dir]), append(records, s.Record)
		}
	}
	return by, records
}

// mainDirs returns the directories of mains.
func mainDirs(mains []MainInfo) map[string]bool {
	dirs := map[string]bool{}
	for _, m := range mains {
		dirs[m.Dir] = true
	}
	return dirs
}

// Schema is the value of Report.Schema.
const Schema = "gonew-prod.audit/v1"

// ModuleInfo describes a module of the repository.
type ModuleInfo struct {
	Dir  string `json:"dir"`
	Path string `json:"path"`
	Go   string `json:"go"`
}

// MainInfo describes a main package.
type MainInfo struct {
	Dir        string `json:"dir"`
	ImportPath string `json:"import_path"`
	Framework  string `json:"framework"`
	// Service is false for a main package that serves no HTTP (a tool): only the
	// repository-wide checks concern it.
	Service bool `json:"service"`
	// Generated is the generated file that declares func main (go-swagger's
	// cmd/<name>-server/main.go), or "": its code is followed like the rest, but is
	// never evidence, and add does not edit it.
	Generated string `json:"generated,omitempty"`
}

// ServesHandler reports whether m is a service that serves an http.Handler, which
// the components of gonew-prod add that add Go code work around: not one that
// imports no HTTP framework or net/http (a gRPC server alone), nor one that serves
// through a server that serves none (Fiber, fasthttp, Hertz).
func (m MainInfo) ServesHandler() bool {
	return m.Service && m.Framework != "" && !repo.IsHandlerless(m.Framework)
}

// mainFramework names the framework of m for its MainInfo: that of its imports
// (repo.Main.Framework), unless, with no router imported, its program imports a
// server that serves no http.Handler (see repo.Main.Handlerless), such as Fiber: a
// net/http import beside it (for its status codes, or an adaptor) serves nothing.
func mainFramework(m *repo.Main) string {
	if _, _, name, ok := m.Handlerless(); ok && (m.Framework == "" || m.Framework == repo.NetHTTP) {
		return name
	}
	return string(m.Framework)
}

// Result is the verdict of one check for one main package, or for the repository.
type Result struct {
	Check    string          `json:"check"`
	Main     string          `json:"main"` // the main package's directory; "" for a repository-wide check
	Status   Status          `json:"status"`
	Message  string          `json:"message"`
	Evidence []repo.Evidence `json:"evidence"`
	Fix      string          `json:"fix"`
	// Component is the `gonew-prod add` component that supplies what is checked, or "".
	Component string `json:"component"`
	// Missing is true when what the check looks for is absent, whatever the verdict
	// (a repository without pprof passes the pprof check but lacks the component).
	Missing bool `json:"missing"`
	// builtElsewhere is set when what is checked is made by a build this audit does
	// not read (Bazel): the component would make it a second way, so the result does
	// not make the repository lack it.
	builtElsewhere bool
	// mainUnread is set on the results of a main package whose func main may be in
	// a file not read (see repo.Main.MainUnread): add refuses to work on it until the
	// file parses, so the result does not make the repository lack its component.
	mainUnread bool
	// noComponent is set when nothing the result finds wrong is what the check's
	// component supplies (a go.sum missing, while CI verifies modules): the result
	// names no component.
	noComponent bool
}

// Summary counts the results by status.
type Summary struct {
	Pass    int `json:"pass"`
	Warn    int `json:"warn"`
	Fail    int `json:"fail"`
	Unknown int `json:"unknown"`
}

// Worst returns the worst status among the results, PASS when there are none.
func (r *Report) Worst() Status {
	worst := Pass
	for _, res := range r.Results {
		if res.Status.Rank() > worst.Rank() {
			worst = res.Status
		}
	}
	return worst
}

// Lacking returns the components that the repository lacks for main (a directory
// as in Report.Mains; "" for every main): those of a result that is not PASS or finds
// the thing missing and, when every check ran, makefile when there is no Makefile
// and k8s when there are no Kubernetes manifests, less those the features recorded by
// gonew-prod new leave out on purpose (LeftOut). They come in the documented order
// of the components. A repository without a main package lacks none: add retrofits
// a main package and refuses without one.
func (r *Report) Lacking(main string) []string {
	if len(r.Mains) == 0 {
		return nil
	}
	set := map[string]bool{}
	for _, c := range r.lacking {
		set[c] = !slices.Contains(r.leftOut[""], c)
	}
	for _, res := range r.Results {
		if res.Component == "" || (main != "" && res.Main != "" && res.Main != main) {
			continue
		}
		if (res.Status != Pass && !res.builtElsewhere || res.Missing) && !res.mainUnread && !slices.Contains(r.leftOut[res.Main], res.Component) {
			set[res.Component] = true
		}
	}
	var out []string
	for _, c := range components {
		if set[c] {
			out = append(out, c)
		}
	}
	return out
}

// generatedMain returns the file that declares func main of m when it is generated,
// else "".
func generatedMain(m *repo.Main) string {
	if m.Generated {
		return m.MainFile
	}
	return ""
}

// Run audits r.
func Run(ctx context.Context, r *repo.Repo, opts Options) (*Report, error) {
	selected, err := selectChecks(opts.Only)
	if err != nil {
		return nil, err
	}
	under := cmp.Or(opts.Under, ".")
	mains := r.MainsUnder(under)
	if opts.Main != "" {
		m, n := r.MainUnder(opts.Main, under)
		if m == nil {
			var dirs []string
			for _, m := range mains {
				dirs = append(dirs, m.Dir())
			}
			which := "main packages"
			if under != "." {
				which += " in " + under
			}
			if n > 1 {
				return nil, fmt.Errorf("%w %q: it names %d main packages, give its directory (%s: %s)", ErrAmbiguousMain, opts.Main, n, which, strings.Join(dirs, ", "))
			}
			return nil, fmt.Errorf("%w %q (%s: %s)", ErrUnknownMain, opts.Main, which, strings.Join(dirs, ", "))
		}
		mains = []*repo.Main{m}
	}
	a := &auditor{r: r, b: readBuilds(ctx, r), under: under, recs: map[string]*record{}, scope: r.MainsUnder(under), locks: opts.FeatureLocks, ciLocks: opts.CILocks, git: opts.Git}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rep := &Report{Schema: Schema, Results: []Result{}, Problems: []repo.Problem{}, Mains: []MainInfo{}, Modules: []ModuleInfo{}, leftOut: map[string][]string{}, locks: opts.FeatureLocks, ciLocks: opts.CILocks}
	if under != "." {
		rep.Root, rep.Under, rep.Nested = r.Root, under, opts.Nested
	}
	for _, m := range r.Modules {
		rep.Modules = append(rep.Modules, ModuleInfo{Dir: m.Dir, Path: m.Path, Go: m.Go})
	}
	indexes := map[*repo.Main]*program{}
	leftOut := a.b.leftOut(r.Mains)
	for _, group := range indexGroups(r.Mains, leftOut) { // every main, so that --main changes no verdict
		var pkgs []*repo.Package
		seen := map[*repo.Package]bool{}
		out := map[*repo.File]bool{}
		for _, m := range group {
			for _, pkg := range m.Program {
				if !seen[pkg] {
					seen[pkg] = true
					pkgs = append(pkgs, pkg)
				}
			}
			maps.Copy(out, leftOut[m])
		}
		if err := r.Load(ctx, pkgs...); err != nil {
			return nil, err
		}
		if err := r.LoadGenerated(ctx, pkgs...); err != nil {
			return nil, err
		}
		ix := newIndex(r, pkgs, out)
		for _, m := range group {
			indexes[m] = ix
		}
	}
	var progs []*program
	for _, m := range r.Mains {
		p := indexes[m].view(m)
		if !p.isService() {
			if slices.Contains(mains, m) {
				rep.Mains = append(rep.Mains, MainInfo{Dir: m.Dir(), ImportPath: m.Package.ImportPath, Framework: mainFramework(m), Generated: generatedMain(m)})
			}
			continue
		}
		a.services++
		if slices.Contains(mains, m) {
			rep.Mains = append(rep.Mains, MainInfo{Dir: m.Dir(), ImportPath: m.Package.ImportPath, Framework: mainFramework(m), Service: true, Generated: generatedMain(m)})
			progs = append(progs, p)
		}
	}
	for i, p := range progs {
		m := p.main.Package.Module
		if pr, ok := r.ModuleProblem(p.main.Dir()); ok {
			p.badMod = &pr
		}
		p.gopath = m == nil && p.badMod == nil && !a.bazel() // rules_go builds without go.mod by rules of its own
		p.godebug, p.godebugMaybe = a.godebugEnv(p)
		if m == nil || !r.InWork(m) {
			continue
		}
		progs[i] = a.outsideWork(p, indexes[p.main])
	}
	if err := r.Load(ctx, a.b.xPackages(r, mains)...); err != nil {
		return nil, err
	}
	if err := r.LoadFiles(ctx, a.b.xGenerated(r, mains)...); err != nil {
		return nil, err
	}
	for _, c := range checks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !selected[c.ID] {
			continue
		}
		if c.RepoWide {
			res := a.repoCheck(c.ID)
			res.Check = c.ID
			if !res.noComponent {
				res.Component = c.Component
			}
			rep.Results = append(rep.Results, res)
			continue
		}
		for _, p := range progs {
			res := unreadGuard(c.ID, p, a.modGuard(c.ID, p, a.workGuard(c.ID, p, a.mainCheck(c.ID, p))))
			res.Check, res.Main, res.Component = c.ID, p.main.Dir(), c.Component
			rep.Results = append(rep.Results, res)
		}
	}
	if err := ctx.Err(); err != nil { // a check gives up once it is done (see stopper)
		return nil, err
	}
	for _, dir := range append([]string{""}, slices.Sorted(maps.Keys(mainDirs(rep.Mains)))...) {
		// "" stands for the repository-wide results: under's record.
		if rec := a.record(cmp.Or(dir, under)); len(rec.leftOut()) > 0 {
			rep.leftOut[dir], rep.leftOutBy = rec.leftOut(), append(rep.leftOutBy, leftOutSet{dir, rec.at.File})
		}
	}
	for i := range rep.Results {
		rep.Results[i].Evidence = slices.DeleteFunc(rep.Results[i].Evidence, func(e repo.Evidence) bool { return r.IsGenerated(e.File) })
		rep.Results[i].finish()
		if len(rep.Results[i].Evidence) == 0 { // every result is placed: SARIF consumers need a location
			rep.Results[i].Evidence = append(rep.Results[i].Evidence, a.mainPlace(rep.Results[i].Main)...)
		}
		if len(rep.Results[i].Evidence) == 0 {
			rep.Results[i].Evidence = append(rep.Results[i].Evidence, a.rootPlace()...)
		}
		switch rep.Results[i].Status {
		case Pass:
			rep.Summary.Pass++
		case Warn:
			rep.Summary.Warn++
		case Fail:
			rep.Summary.Fail++
		default:
			rep.Summary.Unknown++
		}
	}
	rep.Problems = append(append(append(rep.Problems, r.Problems...), a.b.problems...), a.b.makeProblems()...)
	a.containers() // the manifests it could not parse are problems whatever checks ran
	for _, s := range a.manifestSkipped {
		rep.Problems = append(rep.Problems, repo.Problem{File: s.path, Err: s.err})
	}
	if len(opts.Only) == 0 { // no check judges them: named only when every check runs
		if len(r.Makefiles) == 0 {
			rep.lacking = append(rep.lacking, "makefile")
		}
		if len(r.Manifests) == 0 {
			rep.lacking = append(rep.lacking, "k8s")
		}
	}
	return rep, nil
}

// indexGroups splits mains into groups whose programs one index can hold: no two
// packages of a group's programs share an import path (the index names declarations
// by it), and the builds of the mains that share a package leave the same files of it
// out (see builds.leftOut). The programs of one module, or of a go.work, built alike
// make one group.
func indexGroups(mains []*repo.Main, leftOut map[*repo.Main]map[*repo.File]bool) [][]*repo.Main {
	type held struct {
		pkg *repo.Package
		out string // the paths of the files left out
	}
	outOf := func(m *repo.Main, pkg *repo.Package) string {
		var paths []string
		for _, f := range slices.Concat(pkg.Files, pkg.Generated) {
			if leftOut[m][f] {
				paths = append(paths, f.Path)
			}
		}
		return strings.Join(paths, "\n")
	}
	var groups [][]*repo.Main
	var byPath []map[string]held
	for _, m := range mains {
		i := slices.IndexFunc(byPath, func(hs map[string]held) bool {
			return !slices.ContainsFunc(m.Program, func(pkg *repo.Package) bool {
				h, ok := hs[pkg.ImportPath]
				return ok && (h.pkg != pkg || h.out != outOf(m, pkg))
			})
		})
		if i < 0 {
			i = len(groups)
			groups, byPath = append(groups, nil), append(byPath, map[string]held{})
		}
		groups[i] = append(groups[i], m)
		for _, pkg := range m.Program {
			byPath[i][pkg.ImportPath] = held{pkg, outOf(m, pkg)}
		}
	}
	return groups
}

func selectChecks(only []string) (map[string]bool, error) {
	selected := map[string]bool{}
	for _, c := range checks {
		selected[c.ID] = len(only) == 0
	}
	for _, id := range only {
		id = strings.TrimSpace(id)
		if _, ok := selected[id]; !ok {
			var ids []string
			for _, c := range checks {
				ids = append(ids, c.ID)
			}
			return nil, fmt.Errorf("%w %q (checks: %s)", ErrUnknownCheck, id, strings.Join(ids, ", "))
		}
		selected[id] = true
	}
	return selected, nil
}

// finish makes the evidence list non-nil, keeping its order but dropping repeats
// and entries without a file, and clears the fix of a result that passes with
// nothing missing.
func (res *Result) finish() {
	seen := map[repo.Evidence]bool{}
	ev := []repo.Evidence{}
	for _, e := range res.Evidence {
		if e.File != "" && !seen[e] {
			seen[e] = true
			ev = append(ev, e)
		}
	}
	res.Evidence = ev
	if res.Status == Pass && !res.Missing {
		res.Fix = ""
	}
}

// auditor holds what the checks share.
type auditor struct {
	r *repo.Repo
	b *builds
	// under is Options.Under ("." for the whole repository); recs holds the records
	// read, by module directory (see record).
	under    string
	recs     map[string]*record
	locks    map[string]string // Options.FeatureLocks
	ciLocks  map[string]string // Options.CILocks
	git      *GitIgnores       // Options.Git
	services int               // how many main packages of the repository serve HTTP
	// scope are the main packages in Options.Under or below it (every one without
	// it, whatever --main chooses): the repository-wide checks judge whether CI
	// reaches their modules and services (see modulesUnreached).
	scope []*repo.Main
	// images are the shipped images of each main package, read once (see
	// shippedImages).
	images map[*repo.Main][]shippedImage
	// manifestContainers are the containers of the manifests, read once (see
	// containers).
	manifestContainers *[]container
	// deployedPods are the containers of the pod specs of the manifests as each
	// deployment gives them (see deployments), read with manifestContainers.
	deployedPods *[]container
	// manifestSkipped are the manifests, or the rest of a multi-document one, that
	// containers could not parse: listed under problems.
	manifestSkipped []skippedManifest
}

func (a *auditor) mainCheck(id string, p *program) Result {
	switch id {
	case "mtls":
		return a.checkMTLS(p)
	case "pprof":
		return a.checkPprof(p)
	case "procs":
		return a.checkProcs(p)
	case "shutdown":
		return a.checkShutdown(p)
	case "ldflags":
		return a.checkLDFlags(p)
	case "static-image":
		return a.checkStaticImage(p)
	case "otel":
		return a.checkOTel(p)
	case "health":
		return a.checkHealth(p)
	default: // timeouts
		return a.checkTimeouts(p)
	}
}

// foundPasses are the checks of a main package whose PASS rests on something found
// in the code read (a health route, the version read from the build info) or in the
// builds, which code not read cannot undo.
var foundPasses = []string{"health", "ldflags"}

// workMaybeOff names the builds that only may run outside the workspace (see
// builds.workOff), and why, for every check that judges them.
const workMaybeOff = "a build that may run outside the workspace (GOWORK set where this audit cannot tie it to a build, or a Docker build whose context or stage may not hold the go.work)"

// outsideWork returns the program of p's main package, whose module a workspace
// uses, as the audit judges it when builds of it run outside the workspace (see
// builds.workOff), with other, the program of the other builds (see
// program.other), to judge it again. ix is the index that holds p.
//
// When a build surely runs outside the workspace, the program is that build's: the
// packages it takes from the module cache (see repo.Repo.OutsideWork) are not in it,
// and muxGo121 reads main's own go.mod too; other is the same with the workspace's
// copies of those packages. When a build only may (a GOWORK setting this audit
// cannot tie to a build, a Docker build whose context or stage may not hold the go.work),
// the program is the workspace's, and other is such a build's.
func (a *auditor) outsideWork(p *program, ix *program) *program {
	off, unsure := a.b.workOff(p.main, a.services == 1)
	switch {
	case len(off) > 0:
		cached, cut := a.r.OutsideWork(p.main, fmt.Sprintf("the build at %s:%d, which runs outside the workspace,", off[0].File, off[0].Line))
		if len(cut) > 0 {
			full := *p
			full.workOff = off
			p = ix.view(p.main, cut...)
			p.other = &full
			p.godebug, p.godebugMaybe = full.godebug, full.godebugMaybe
		}
		p.workOff, p.cached = off, cached
	case len(unsure) > 0:
		cached, cut := a.r.OutsideWork(p.main, workMaybeOff)
		q := ix.view(p.main, cut...)
		q.workOff, q.workAssumed = unsure, true
		q.godebug, q.godebugMaybe = p.godebug, p.godebugMaybe
		p.workUnsure, p.cached, p.other = unsure, cached, q
	}
	return p
}

// workGuard returns res, the result of check id for p, as UNKNOWN when the builds
// that run outside the workspace and those that run in it get different verdicts
// (see outsideWork): for a build that surely runs outside, when the workspace's copy
// of what it takes from the module cache changes the verdict, which then rests on
// code this audit does not read; for one that only may, instead of PASS, when such a
// build does not pass (main's own go.mod keeps Go 1.21's ServeMux patterns, or the
// copy it does not take is what passes): which of them ships cannot be told. FAIL
// and WARN of the workspace's build then stand, as the mtls and procs checks keep
// theirs.
func (a *auditor) workGuard(id string, p *program, res Result) Result {
	q := p.other
	if q == nil || len(p.workOff) == 0 && res.Status != Pass {
		return res
	}
	if len(p.cached) == 0 && q.muxGo121(true) == p.muxGo121(true) {
		return res // q differs from p by the ServeMux only, which reads alike
	}
	other := a.mainCheck(id, q)
	if other.Status == res.Status {
		return res
	}
	var ev []repo.Evidence
	cached := ""
	if len(p.cached) > 0 {
		c := p.cached[0]
		cached = c.ImportPath + ": " + c.Why
		if n := len(p.cached) - 1; n > 0 {
			cached += fmt.Sprintf(" (and %d more, see the evidence)", n)
		}
		for _, c := range p.cached {
			ev = append(ev, c.At, c.By)
		}
	}
	fix := "Check the module's code at the version go.mod requires, or build in the workspace (keep the go.work in the build's context and GOWORK unset)."
	if len(p.workOff) > 0 {
		return Result{
			Status:   Unknown,
			Message:  fmt.Sprintf("the verdict rests on code this audit does not read: %s; without the workspace's copy: %s: %s; with it: %s: %s", cached, res.Status, res.Message, other.Status, other.Message),
			Evidence: slices.Concat(ev, res.Evidence, other.Evidence),
			Fix:      fix,
		}
	}
	msg := fmt.Sprintf("%s gets %s: %s; in the workspace: %s", workMaybeOff, other.Status, other.Message, res.Message)
	if cached != "" {
		msg = fmt.Sprintf("%s; such a build gets %s: %s; in the workspace: %s", cached, other.Status, other.Message, res.Message)
	} else {
		fix = "Give go.mod the go and godebug lines of go.work (go 1.22 or later), or set GOWORK only on the builds it is meant for."
	}
	return Result{Status: Unknown, Message: msg, Evidence: slices.Concat(p.workUnsure, ev, other.Evidence, res.Evidence), Fix: fix}
}

// modGuard returns res, the result of check id for p, when the go.mod that governs
// main's build parses, or when its go line does not change the verdict. For a go.mod
// that does not parse (see program.badMod), res takes its go line to be 1.25 or later;
// judged again with one below 1.22 (or none), a verdict that differs names both (what
// both say once, when their statuses agree): its status is the lesser of the two when
// both are WARN or FAIL, else UNKNOWN.
func (a *auditor) modGuard(id string, p *program, res Result) Result {
	if p.badMod == nil {
		return res
	}
	q := *p
	q.goOld = true
	old := a.mainCheck(id, &q)
	if old.Status == res.Status && old.Message == res.Message {
		return res
	}
	worse := res
	if old.Status.Rank() > res.Status.Rank() || res.Fix == "" {
		worse = old
	}
	status := Unknown
	switch {
	case min(res.Status.Rank(), old.Status.Rank()) < Warn.Rank():
	case res.Status.Rank() < old.Status.Rank():
		status = res.Status
	default:
		status = old.Status
	}
	why, _, _ := strings.Cut(p.badMod.String(), "\n")
	msg := fmt.Sprintf("%s does not parse (%s), so its go line is not known, and the verdict depends on it: with go 1.25 or later, %s: %s; with an older go line, %s: %s", p.badMod.File, why, res.Status, res.Message, old.Status, old.Message)
	// The same status: what both say is said once, then what each adds.
	newParts, oldParts := strings.Split(res.Message, "; "), strings.Split(old.Message, "; ")
	both := slices.DeleteFunc(slices.Clone(newParts), func(s string) bool { return !slices.Contains(oldParts, s) })
	if res.Status == old.Status && len(both) > 0 {
		msg = fmt.Sprintf("%s does not parse (%s), so its go line is not known: %s", p.badMod.File, why, strings.Join(both, "; "))
		if more := slices.DeleteFunc(newParts, func(s string) bool { return slices.Contains(both, s) }); len(more) > 0 {
			msg += "; with go 1.25 or later, also: " + strings.Join(more, "; ")
		}
		if more := slices.DeleteFunc(oldParts, func(s string) bool { return slices.Contains(both, s) }); len(more) > 0 {
			msg += "; with an older go line, also: " + strings.Join(more, "; ")
		}
	}
	return Result{
		Status:   status,
		Message:  msg,
		Evidence: slices.Concat([]repo.Evidence{a.r.At(p.badMod.File, 1)}, res.Evidence, old.Evidence),
		Fix:      strings.TrimSpace("Fix " + p.badMod.File + " so that it parses (at the line the error names), then run the audit again. " + worse.Fix),
		Missing:  res.Missing || old.Missing,
	}
}

// mainPlace returns the place of func main of the main package in dir, for a
// result of that main package whose evidence was all in generated files: the
// program's own code is nearer to it than the root go.mod. It returns nothing for a
// repository-wide result or a main in a generated file.
func (a *auditor) mainPlace(dir string) []repo.Evidence {
	if dir == "" {
		return nil
	}
	for _, m := range a.r.Mains {
		if m.Dir() == dir && m.MainFile != "" && !a.r.IsGenerated(m.MainFile) {
			return []repo.Evidence{a.r.At(m.MainFile, m.MainLine)}
		}
	}
	return nil
}

// unreadGuard returns res, the result of check id for p, as UNKNOWN instead of PASS
// when a package of p's program, or a file of one, was not read: what the code read
// shows is then not all the program does. FAIL and WARN stand: what they found is in
// the code read. When func main itself may be in the file not read (see
// repo.Main.MainUnread), no verdict on main's flow stands: FAIL, WARN and UNKNOWN
// turn UNKNOWN naming that file too.
func unreadGuard(id string, p *program, res Result) Result {
	res.mainUnread = p.main.MainUnread
	switch {
	case len(p.main.Unread) == 0 || res.Status == Pass && slices.Contains(foundPasses, id):
		return res
	case res.Status != Pass && !p.main.MainUnread:
		return res
	}
	u := p.main.Unread[0]
	msg := u.String()
	if res.Status == Unknown && strings.Contains(res.Message, msg) { // it says so already
		return res
	}
	if n := len(p.main.Unread) - 1; n > 0 {
		msg += fmt.Sprintf(" (and %d more, see the evidence)", n)
	}
	var ev []repo.Evidence
	for _, u := range p.main.Unread {
		ev = append(ev, u.At)
		if u.By.File != "" { // the go.work use or replace that takes the code from elsewhere
			ev = append(ev, u.By)
		}
	}
	res.Status = Unknown
	res.Message = msg + "; in the code read: " + res.Message
	res.Evidence = append(ev, res.Evidence...)
	if res.Fix == "" || p.main.MainUnread { // add refuses such a main: see retrofit's chooseMain
		res.Fix = "Make that code readable to this audit (Go files that parse, below 32 MiB, inside the repository or linked from inside it) and run it again, or check it by hand."
	}
	return res
}

func (a *auditor) repoCheck(id string) Result {
	if id == "ci" {
		return a.checkCI()
	}
	return a.checkModVerify()
}

// record returns the record that governs the main packages in dir (readRecord), read
// once per module: in a monorepo audited from its root, each nested module's own.
func (a *auditor) record(dir string) *record {
	mod := moduleOf(a.r, dir)
	rec, ok := a.recs[mod]
	if !ok {
		rec = readRecord(a.r, dir)
		a.recs[mod] = rec
	}
	return rec
}

// LockedOutFix is what to do for a feature the project's preset locks out.
const LockedOutFix = "ask the pack's maintainers to add it to the features the pack locks, or move the project to a preset that has it (gonew-prod update --preset REF)"

// LockedCIFix is what to do for the ci feature the project's preset locks out by locking
// ci to none.
const LockedCIFix = "ask the pack's maintainers not to lock ci to none, or move the project to a preset that does not (gonew-prod update --preset REF)"

// declined returns a passing result when the record of gonew-prod new that governs dir
// (a main package's directory, or under for a repository-wide check) leaves feature
// out of its features: the team chose not to have it. The features of add's record
// are only what it added so far, no choice (see leftOut).
func (a *auditor) declined(dir, feature, what string) (Result, bool) {
	rec := a.record(dir)
	if !slices.Contains(rec.leftOut(), feature) {
		return Result{}, false
	}
	fix := fmt.Sprintf("gonew-prod add %s adds it if it is wanted after all.", feature)
	if lock, instead := lockOf(a.locks, a.ciLocks, rec.at.File, feature); lock != "" {
		fix = fmt.Sprintf("%s, so gonew-prod add cannot add %s: if it is wanted after all, %s.", lock, feature, instead)
	}
	return Result{
		Status:   Pass,
		Message:  fmt.Sprintf("no %s, left out on purpose: the features of %s do not include %s", what, rec.at.File, feature),
		Evidence: []repo.Evidence{rec.at},
		Fix:      fix,
		Missing:  true,
	}, true
}
