package retrofit

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/format"
	"go/parser"
	"go/token"
	"go/version"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/audit"
	"github.com/gonew-prod/gonew-prod/internal/gitview"
	"github.com/gonew-prod/gonew-prod/internal/merge"
	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/update"
	"github.com/gonew-prod/gonew-prod/internal/workspace"
	"github.com/gonew-prod/gonew-prod/templates"
)

// Manifest is the manifest of what add writes, in the built-in template tree.
const Manifest = "retrofit.yaml"

// Options say what to add.
type Options struct {
	Components  []string // component names, or "all"
	Wire        bool     // replace the blocking serve call
	AllowGoBump bool     // raise the go line when a component needs it
	Env         []string // environment of the go commands
	Version     string   // the gonew-prod module version, for the record
	// DryRun plans for display only: the build check (go vet of the scratch copy), which
	// changes nothing in the plan, is left for the run that writes.
	DryRun bool
	// Recreate lists repository paths of files an earlier add wrote, or of files holding
	// guarded blocks it inserted, that the user has deleted since and wants back: without
	// it they stay deleted.
	Recreate []string
	// CI is the CI provider ci writes for (github or gitlab): needed only where the
	// repository has both and no earlier add wrote ci.
	CI string
	// Picked says the components are those audit finds missing, none named: a component
	// add would refuse for a reason of its own (a replace a Docker build cannot reach,
	// ci below the repository's root) is left out instead, and Plan.LeftOut says why.
	Picked bool
}

// Plan is what add would do.
type Plan struct {
	Target     *Target
	Components []string // what is added, needs included
	Added      []string // components added because others need them
	Steps      []Step   // every path add writes or leaves, for display
	Changes    []generator.Change
	// Notes tell the user what add did not do itself, one line each: the paths, code and
	// values of the user's they quote are printed escaped, line breaks too.
	Notes  []string
	Record generator.Record
	// LeftOut are the components of Options.Picked left out, in the order they were.
	LeftOut []LeftOut
	// Unwired is the serving call add leaves as it is without --wire, with the call --wire
	// writes in its place, for the note that suggests the change (its code on lines of its
	// own): nil when add wires the call, or has no change to suggest.
	Unwired *Rewrite
	// Wired is the serving call add wires (--wire), with the call written in its place, for
	// the note that says so (its code on lines of its own): nil when add wires no call.
	Wired *Rewrite
}

// A Rewrite is a change of the user's code that add suggests or makes: the code at At
// (FILE:LINE) and the code in its place, each of one line or more, the lines after the
// first without the indentation of the first in its file. More is what the note adds
// after the code, one line ("" for nothing).
type Rewrite struct{ At, Old, New, More string }

// LeftOut is a component audit finds missing that add leaves out, and why.
type LeftOut struct{ Component, Why string }

// Step is one path of the plan.
type Step struct {
	Path   string // relative to the repository's root
	Action string // create, identical, update, append, insert, wire, edit, keep
	Detail string
	Old    []byte // the file before (nil when new)
	New    []byte // the file after (nil when left alone)
}

// New returns the components the plan adds that the record did not list.
func (p *Plan) New() []string {
	if p.Target.Record == nil {
		return p.Components
	}
	return slices.DeleteFunc(slices.Clone(p.Components), func(c string) bool { return slices.Contains(p.Target.Record.Components, c) })
}

// Changed reports whether the plan writes anything.
func (p *Plan) Changed() bool { return len(p.Changes) > 0 }

// planner builds one plan.
type planner struct {
	ctx     context.Context
	t       *Target
	opts    Options
	plan    *Plan
	vars    map[string]string
	answers generator.Answers
	// edits are the new contents of files by repository path, and the original lines a
	// wire replacement removed, by path.
	contents map[string][]byte
	replaced map[string]map[int]bool
	blocks   []generator.RecordBlock
	// rendered are the component files, with repository paths.
	rendered []generator.File
	// blockCreated maps each file the plan creates to hold a guarded block (addBlock: a
	// new Makefile, .gitignore) to the component the block is for (see writers).
	blockCreated map[string]string
	// goEdits are the splices into the user's Go files, at offsets of their content as
	// read, applied together; goActions name them.
	goEdits   map[string][]edit
	goActions map[string][]string
	goBlocks  map[string][]string // the ids of the guarded blocks goEdits add, by file
	// need are the requirements the added code imports (module -> version), and
	// goDirective the module's go line once they are added.
	need        map[string]string
	goDirective string
	goWas       string // the module's go line before add (1.16 when it has none)
	noGoLine    bool   // go.mod has no go line: the go command reads it as go 1.16
	verb        string // the command planned for, in messages ("": add); see command
	// serving is the main package's serving calls and the one to wire (see wiring).
	serving *wiring
	// ws is the repository's go.work when it uses the module.
	ws *workspace.Workspace
	// removed lists the files an earlier add wrote, or inserted guarded blocks into, whose
	// file or block the user has deleted since (see removedBlock).
	removed []string
	// blocked is the first file the plan had to read that is not a regular file of the
	// repository (a symbolic link, a directory, …): Prepare refuses with it.
	blocked error
	// modes gives the modes of the repository's files as git would commit them.
	modes gitview.Modes
	// tests are the module's test files that are not add's, with their imports, which
	// importerOfDir reads once (testsRead).
	tests     []*repo.File
	testsRead bool
}

// Prepare plans adding opts.Components to the target. It reads the tree, runs the go
// command in a scratch copy of the module (tidy, vendor, vet), and writes nothing.
func Prepare(ctx context.Context, t *Target, opts Options) (*Plan, error) {
	var left []LeftOut
	if features, why := t.featuresOfNew(opts.Components); len(features) > 0 {
		if !opts.Picked {
			return nil, refuse("nothing written: %s", why)
		}
		left = append(left, LeftOut{Component: strings.Join(features, ", "), Why: why})
		if opts.Components = slices.DeleteFunc(slices.Clone(opts.Components), func(c string) bool { return slices.Contains(features, c) }); len(opts.Components) == 0 {
			// As when every component picked is refused (below): what audit finds
			// missing stays missing, which is no success.
			return nil, refuse("nothing written: %s", why)
		}
	}
	if !opts.Picked {
		return prepare(ctx, t, opts)
	}
	// Each try starts from the target as it was given: a plan changes its answers.
	given := *t
	for {
		plan, err := prepare(ctx, t, opts)
		var r *Refusal
		if err == nil || !errors.As(err, &r) || r.component == "" || !slices.Contains(opts.Components, r.component) {
			if plan != nil {
				plan.LeftOut = left
			}
			return plan, err
		}
		// Those that need it go with it.
		out := []string{r.component}
		for _, c := range components {
			if slices.Contains(c.Needs, r.component) && slices.Contains(opts.Components, c.Name) {
				out = append(out, c.Name)
			}
		}
		rest := slices.DeleteFunc(slices.Clone(opts.Components), func(c string) bool { return slices.Contains(out, c) })
		if len(rest) == 0 {
			for _, l := range left {
				r.msg += fmt.Sprintf("; and %s, which audit finds missing too, cannot be added: %s", l.Component, l.Why)
			}
			return nil, r
		}
		// The others are added: the refusal's "nothing written" is not this run's.
		why := strings.TrimPrefix(r.msg, "nothing written: ")
		switch {
		case len(out) > 2:
			why = fmt.Sprintf("%s (%s, which need it, are left out too)", why, strings.Join(out[1:], ", "))
		case len(out) > 1:
			why = fmt.Sprintf("%s (%s, which needs it, is left out too)", why, out[1])
		}
		left = append(left, LeftOut{Component: r.component, Why: why})
		*t, opts.Components = given, rest
	}
}

// featuresOfNew returns the components of names (all expanded) that are features of the
// project gonew-prod new made in the module's directory below t.Dir (Target.MadeByNew),
// and why add leaves them to an add run there: ci alone, whose files run only at the
// git repository's root, is added from here.
func (t *Target) featuresOfNew(names []string) (features []string, why string) {
	if t.MadeByNew == "" {
		return nil, ""
	}
	list, _, err := resolveComponents(names)
	if err != nil {
		return nil, "" // prepare refuses the name
	}
	features = slices.DeleteFunc(slices.Clone(list), func(c string) bool { return c == "ci" || !slices.Contains(names, c) && !slices.Contains(names, "all") })
	if len(features) == 0 {
		return nil, ""
	}
	dir := filepath.Join(t.Dir, filepath.FromSlash(t.Module.Dir))
	return features, fmt.Sprintf("%s records the project gonew-prod new made in %s, whose components are its features (makefile, version, shutdown and procs it has from the start); add them there, gonew-prod add --dir %s %s, which renders the project again with them and merges it in as update does (only ci, whose files run at the root of the git repository, is added from here)",
		t.MadeByNew, t.Module.Dir, generator.ShellQuote(dir), strings.Join(features, " "))
}

// prepare is Prepare for the components of opts, all of them.
func prepare(ctx context.Context, t *Target, opts Options) (*Plan, error) {
	if len(opts.Components) == 0 {
		return nil, refuse("no component to add")
	}
	if t.Record != nil && len(t.Record.Components) == 0 {
		return nil, refuse("%s records a project made by gonew-prod new: its components are features, which gonew-prod add merges in as update does", generator.RecordFile)
	}
	t.LiftRecord(opts.Components)
	if t.Record != nil {
		if err := recordedVersion(t.Record, opts.Version, false); err != nil {
			return nil, err
		}
	}
	// The files are rendered with every component, those an earlier add recorded too:
	// gonew-prod.mk, the Dockerfile and gonew_prod.go hold what each component brings.
	names := slices.Clone(opts.Components)
	if t.Record != nil {
		names = append(names, t.Record.Components...)
	}
	list, added, err := resolveComponents(names)
	if err != nil {
		return nil, err
	}
	p := &planner{ctx: ctx, t: t, opts: opts, plan: &Plan{Target: t, Components: list, Added: added},
		contents: map[string][]byte{}, replaced: map[string]map[int]bool{},
		goEdits: map[string][]edit{}, goActions: map[string][]string{}, goBlocks: map[string][]string{}}
	if t.MovedFrom != "" {
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("the main package an earlier add retrofitted moved from %s to %s: the record follows it, and what add wrote for the old path is written for the new one", t.MovedFrom, t.Main.Dir()))
	}
	if t.LiftedFrom != "" {
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("an earlier add ran in %s and recorded this service in %s: the record moves to %s here, where later add and update run", t.Module.Dir, t.LiftedFrom, generator.RecordFile))
	}
	if slices.Contains(list, "version") && !slices.Contains(list, "shutdown") {
		p.plan.Notes = append(p.plan.Notes, "version adds internal/buildinfo, for the build to inject into; GET /version is served by gonew-prod's serving code, which shutdown adds (gonew-prod add shutdown)")
	}
	steps := []func() error{p.recordedMain, p.innerWorkspace, p.chooseCI, p.servesHTTP, p.ciAtRoot, p.setVars, p.dockerContext, p.goLine, p.makeBuild, p.render, p.nestedModule, p.ownPackages, p.k8sClashes, p.dockerIgnored, p.editMakefile, p.ignoreBinary, p.editGitLab, p.noteDangling, p.noteCommands, p.noteGolangci, p.notePort, p.notePublicPprof, p.editMain, p.checkRecreate, p.moduleFiles, p.goPinNote, p.check, p.noteWorkspace, p.record, p.caseClashes, p.nestedRepo, p.gitIgnored, p.trackedAbsent, p.outsideSparse, p.hiddenEdits, p.hardLinks}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
		if p.blocked != nil {
			return nil, p.blocked
		}
	}
	slices.SortFunc(p.plan.Steps, func(a, b Step) int { return strings.Compare(a.Path, b.Path) })
	return p.plan, nil
}

// repoPath returns the repository path of a path relative to the module's root.
func (p *planner) repoPath(rel string) string { return joinPath(p.t.Module.Dir, rel) }

func joinPath(dir, rel string) string {
	if dir == "." || dir == "" {
		return rel
	}
	return dir + "/" + rel
}

// current returns the content of the repository file rel as the plan leaves it so far,
// and whether it exists.
func (p *planner) current(rel string) ([]byte, bool) {
	if c, ok := p.contents[rel]; ok {
		return c, true
	}
	data, _, blocker, err := generator.Look(os.DirFS(p.t.Dir), rel)
	switch {
	case p.blocked != nil:
	case err != nil:
		p.blocked = err
	case blocker != "":
		if size := generator.LargeAt(os.DirFS(p.t.Dir), rel); size > 0 {
			p.blocked = refuse("%s %s; %s, or leave out the component that needs it", rel, blocker, generator.TooLarge("add", size, "to check or edit it"))
			break
		}
		p.blocked = refuse("%s %s: add reads and edits only regular files of the repository; make it one, or leave out the component that needs it", rel, blocker)
	}
	if err != nil || blocker != "" || data == nil {
		return nil, false
	}
	return data, true
}

// ours reports whether the repository file rel is one an earlier add wrote and owns.
func (p *planner) ours(rel string) bool {
	e := p.t.Record.Entry(rel)
	return e != nil && e.Owner == generator.OwnerTool
}

// plainPath matches a slash-separated directory that needs no quoting anywhere add
// writes it.
var plainPath = regexp.MustCompile(`^[A-Za-z0-9._~+/-]+$`)

// mainPackageOf returns the main package in the directory mainDir of the module in
// moduleDir (both slash-separated, from the repository's root) as the go command names it
// from the module's root: "." or "./cmd/api".
func mainPackageOf(moduleDir, mainDir string) (string, error) {
	rel, err := filepath.Rel(filepath.FromSlash(moduleDir), filepath.FromSlash(mainDir))
	if err != nil {
		return "", err
	}
	if rel == "." {
		return ".", nil
	}
	return "./" + filepath.ToSlash(rel), nil
}

// recordedMain refuses a main package or module other than the one the record of an
// earlier add holds: add serves one per repository. It comes before the checks of the
// main package itself, whose refusals would name the record's components.
func (p *planner) recordedMain() error {
	rec := p.t.Record
	if rec == nil {
		return nil
	}
	mainPkg, err := mainPackageOf(p.t.Module.Dir, p.t.Main.Dir())
	if err != nil {
		return err
	}
	// The main packages are named from the repository's root, as --main names them:
	// "." for a nested module's root is not the path the user gave.
	wasDir := cmp.Or(rec.Vars["moduleDir"], p.t.Module.Dir)
	if was := rec.Vars["mainPackage"]; was != "" {
		if was, now := fromRoot(wasDir, was), fromRoot(p.t.Module.Dir, mainPkg); was != now {
			return refuse("%s records gonew-prod add for mainPackage %s, not %s: add serves one main package per repository", generator.RecordFile, was, now)
		}
	}
	if wasDir != p.t.Module.Dir {
		return refuse("%s records gonew-prod add for moduleDir %s, not %s: add serves one main package per repository", generator.RecordFile, wasDir, p.t.Module.Dir)
	}
	return nil
}

// fromRoot returns the main package pkg of the module in moduleDir (as mainPackageOf
// names it) as named from the repository's root: "." or "./tools/cmd/x".
func fromRoot(moduleDir, pkg string) string {
	if rel := path.Join(moduleDir, pkg); rel != "." {
		return "./" + rel
	}
	return "."
}

// setVars fills the values the retrofit templates read besides the answers.
func (p *planner) setVars() error {
	t := p.t
	mainPkg, err := mainPackageOf(t.Module.Dir, t.Main.Dir())
	if err != nil {
		return err
	}
	for _, dir := range []string{t.Module.Dir, mainPkg} {
		if !plainPath.MatchString(dir) {
			return refuse("the directory %q holds characters a Makefile, a Dockerfile or a CI file cannot take unquoted (only letters, digits and . _ ~ + - /); rename it to add", dir)
		}
	}
	dockerfile := "Dockerfile"
	if taken(t.Dir, p.repoPath("Dockerfile"), map[string][]string{}) != "" && !p.ours(p.repoPath("Dockerfile")) {
		dockerfile = "Dockerfile.prod" // the user's, whatever it is and whatever its case, stays as it is
	}
	aliases, err := p.makeAliases()
	if err != nil {
		return err
	}
	p.answers = t.Answers
	p.answers.Features = p.plan.Components
	goLine := p.answers.Go
	if goLine == "" {
		goLine = "1.16" // go.mod without a go line: the go command assumes 1.16
	}
	// The GitLab CI job runs in the checkout, under a go.work of the repository that uses
	// the module (GOWORK is off only for a vendored one): its golang image, which sets
	// GOTOOLCHAIN=local, must run go.work's go line where that is newer than go.mod's.
	// In a git work tree only a go.work git tracks is in the checkout: an ignored or
	// untracked one is a workspace of the user's alone. The image the Dockerfile builds
	// has the module's directory alone (goImage).
	jobLine := goLine
	w, shared := t.Repo.WorkOf(t.Module), false
	if w != nil && !t.Module.Vendor {
		if shared, err = p.workInCheckout(w); err != nil {
			return err
		}
	}
	if shared && version.Compare("go"+w.Go, "go"+jobLine) > 0 {
		jobLine = w.Go
	}
	p.vars = map[string]string{
		"mainPackage": mainPkg,
		"moduleDir":   t.Module.Dir,
		"dockerfile":  dockerfile,
		"aliases":     strings.Join(aliases, " "),
		"goImage":     strings.TrimPrefix(version.Lang("go"+goLine), "go"),
		"cgo":         "false", "cgoReason": "", "cgoAlternative": "",
		"vendored": strconv.FormatBool(t.Module.Vendor),
	}
	if image := strings.TrimPrefix(version.Lang("go"+jobLine), "go"); image != p.vars["goImage"] {
		p.vars["jobImage"] = image // else the job takes goImage, as records without it say
	}
	if shared && slices.Contains(p.plan.Components, "ci") {
		if err := p.setModVerify(w); err != nil {
			return err
		}
	}
	if slices.Contains(p.plan.Components, "shutdown") {
		if err := p.setBuildConstraint(); err != nil {
			return err
		}
	}
	if slices.Contains(p.plan.Components, "otel") && p.wrapsOTel() && p.wiring().tracing != "" {
		// The serving code's otelhttp would trace every request a second time.
		p.vars["ownTracing"] = "true"
	}
	if slices.Contains(p.plan.Components, "otel") && p.wiring().provider != "" {
		// The serving code's telemetry setup would replace the program's providers.
		p.vars["ownProvider"] = "true"
	}
	if needs := audit.CgoNeeds(t.Repo, t.Main); len(needs) > 0 {
		c := needs[0]
		p.vars["cgo"], p.vars["cgoReason"], p.vars["cgoAlternative"] = "true", c.Reason, c.Alternative
	}
	if slices.Contains(p.plan.Components, "ci") && p.answers.CI == "gitlab" {
		if p.vars["ciStage"], err = p.gitlabStageOf(); err != nil {
			return err
		}
	}
	if dockerfile != "Dockerfile" {
		return p.adoptDockerfile()
	}
	return nil
}

// setBuildConstraint gives gonew_prod.go and its test, files of the main package, the
// constraint under which the go command compiles the package's func main: else a build
// for a platform the program is not for (GOOS=darwin go build ./... of a //go:build
// linux main.go) would compile them alone, a package main without func main, which does
// not link.
func (p *planner) setBuildConstraint() error {
	x, err := p.t.Repo.MainConstraint(p.t.Main)
	if err != nil {
		return refuse("%v: add cannot tell for which builds the main package is a program, and %s must be built exactly for those; fix the constraint (go vet names the problem), then add", err, wiringFile)
	}
	if x != nil {
		p.vars["buildConstraint"] = x.String()
	}
	return nil
}

// adoptDockerfile takes a Dockerfile the record does not list as add's own when it is
// byte for byte what add writes there (with its mode, see generator.SameMode), now or
// for fewer components (see earlierRender): an earlier add wrote it, and the record lost
// it, as when two branches each ran add and a merge took one side's record. Else the
// Dockerfile stays the user's and add writes Dockerfile.prod.
func (p *planner) adoptDockerfile() error {
	if p.t.Record == nil || !slices.Contains(p.plan.Components, "docker") {
		return nil // without a record, add refuses what an earlier add wrote (see render)
	}
	rel := p.repoPath("Dockerfile")
	data, mode, blocker, err := generator.Look(os.DirFS(p.t.Dir), rel)
	if err != nil || blocker != "" || data == nil {
		return nil // not a regular file add could have written: the user's
	}
	p.vars["dockerfile"] = "Dockerfile"
	files, err := p.renderFiles()
	if err != nil {
		return err
	}
	i := slices.IndexFunc(files, func(f generator.File) bool { return f.Path == rel })
	if i >= 0 && generator.SameText(data, files[i].Content) && generator.SameMode(mode, files[i].Mode) {
		return nil
	}
	if adopted, err := p.adoptEarlier(rel, data, mode); err != nil || adopted {
		return err
	}
	p.vars["dockerfile"] = "Dockerfile.prod"
	return nil
}

// adoptEarlier takes data, the file at the repository path rel that the record does not
// list, with mode, as add's own, unedited, when it is what an earlier add of fewer
// components wrote there (see earlierRender): the plan then updates it as such, and
// reports whether it did.
func (p *planner) adoptEarlier(rel string, data []byte, mode fs.FileMode) (bool, error) {
	written, err := p.earlierRender(rel, data, mode)
	if err != nil || written == nil {
		return false, err
	}
	rec := *p.t.Record // the target's, which a plan tried again starts from, stays as it is
	rec.Files = append(slices.Clone(rec.Files), generator.RecordEntry{Path: rel, SHA256: generator.Sum(written.Content), Owner: generator.OwnerTool})
	p.t.Record = &rec
	p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s, which %s does not list, is what an earlier add wrote without %s (as after a merge of two branches that each ran add kept one side's record): add takes it as its own and brings it up to date", rel, generator.RecordFile, strings.Join(written.without, ", ")))
	return true, nil
}

// earlierFile is a file rendered for the plan's components less those of without.
type earlierFile struct {
	generator.File
	without []string
}

// earlierRender returns the rendering of the file at the repository path rel that is
// data with mode (as generator.SameText and SameMode compare) for the plan's components
// less some of those the file depends on, those without which (and without the
// components that need them) it renders otherwise; nil when there is none. That is what
// an earlier add of fewer components wrote there: after two branches each ran add and a
// merge kept one side's record, the other side's files were written without the
// components of this one (gonew-prod.mk without docker's prod-docker, a Dockerfile
// without makefile's make prod-docker).
func (p *planner) earlierRender(rel string, data []byte, mode fs.FileMode) (*earlierFile, error) {
	now, err := p.renderWithout(rel, nil)
	if err != nil || now == nil {
		return nil, err
	}
	var deps []string
	for _, c := range p.plan.Components {
		f, err := p.renderWithout(rel, []string{c})
		if err != nil {
			return nil, err
		}
		if f != nil && !bytes.Equal(f.Content, now.Content) {
			deps = append(deps, c)
		}
	}
	for set := 1; set < 1<<len(deps); set++ {
		var without []string
		for i, c := range deps {
			if set&(1<<i) != 0 {
				without = append(without, c)
			}
		}
		f, err := p.renderWithout(rel, without)
		if err != nil {
			return nil, err
		}
		if f != nil && generator.SameText(data, f.Content) && generator.SameMode(mode, f.Mode) {
			return &earlierFile{File: *f, without: without}, nil
		}
	}
	return nil, nil
}

// renderWithout renders the file at the repository path rel for the plan's components
// less those of without and those that need them; nil when they write none there.
func (p *planner) renderWithout(rel string, without []string) (*generator.File, error) {
	out := slices.Clone(without)
	for again := true; again; {
		again = false
		for _, c := range components {
			if !slices.Contains(out, c.Name) && slices.ContainsFunc(c.Needs, func(n string) bool { return slices.Contains(out, n) }) {
				out, again = append(out, c.Name), true
			}
		}
	}
	answers, vars := p.answers, maps.Clone(p.vars)
	answers.Features = slices.DeleteFunc(slices.Clone(p.plan.Components), func(c string) bool { return slices.Contains(out, c) })
	vars["aliases"] = strings.Join(aliasesFor(strings.Fields(vars["aliases"]), answers.Features), " ")
	files, err := p.renderWith(answers, vars)
	if err != nil {
		return nil, err
	}
	if i := slices.IndexFunc(files, func(f generator.File) bool { return f.Path == rel }); i >= 0 {
		return &files[i], nil
	}
	return nil, nil
}

// makefile returns the repository path of the module's makefile as make picks it
// (GNUmakefile, makefile, then Makefile), and Makefile when there is none.
func (p *planner) makefile() string {
	for _, name := range generator.MakefileNames {
		rel := p.repoPath(name)
		if _, err := os.Lstat(filepath.Join(p.t.Dir, filepath.FromSlash(rel))); err == nil {
			return rel
		}
	}
	return p.repoPath("Makefile")
}

// aliasTargets are the plain targets gonew-prod.mk may define as aliases.
var aliasTargets = []string{"build", "test", "vet", "lint", "verify", "docker"}

// aliasesFor returns the aliases of names that gonew-prod.mk rendered for components
// defines: docker only with the docker component, whose prod-docker it aliases.
func aliasesFor(names, components []string) []string {
	return slices.DeleteFunc(slices.Clone(names), func(a string) bool { return a == "docker" && !slices.Contains(components, "docker") })
}

// makeAliases returns the plain targets gonew-prod.mk may define as aliases of its
// prod-* targets: those the user's makefile defines neither itself nor in a file it
// includes, nor answers with a pattern rule. When those files cannot all be read, or a
// match-anything rule or a .DEFAULT rule answers any goal, no alias is defined: one
// could override a recipe of the user's; and a note says that gonew-prod.mk's prod-*
// targets would take over goals of the same name the user's rules answer, which add
// cannot tell.
func (p *planner) makeAliases() ([]string, error) {
	if !slices.Contains(p.plan.Components, "makefile") {
		return nil, nil
	}
	names := aliasesFor(aliasTargets, p.plan.Components)
	rel := p.makefile()
	var defined, patterns []audit.MakeTarget
	if _, exists := p.current(rel); exists {
		mk := p.repoPath("gonew-prod.mk")
		targets, gap := audit.MakeTargetsGlob(p.readRepoFile, p.globRepo, rel, mk)
		if gap != "" {
			goals := []string{"prod-help"}
			for _, name := range names {
				goals = append(goals, "prod-"+name)
			}
			note := fmt.Sprintf("add cannot know every target %s defines (%s): gonew-prod.mk defines only the prod-* targets, no plain aliases such as build; should a rule of yours answer one of the goals it defines (%s), gonew-prod.mk's recipe, read last, runs for it in place of yours (make -n shows which runs)", rel, gap, strings.Join(goals, ", "))
			if !slices.Contains(p.plan.Notes, note) { // setVars runs again when the go line is raised
				p.plan.Notes = append(p.plan.Notes, note)
			}
			return nil, p.blocked
		}
		defined = targets
		patterns = audit.MakePatternRulesGlob(p.readRepoFile, p.globRepo, rel, mk)
	}
	var aliases []string
	for _, target := range names {
		answered := slices.ContainsFunc(patterns, func(t audit.MakeTarget) bool {
			_, ok := audit.MakePatternStem(t.Name, target)
			return ok
		})
		if !answered && !slices.ContainsFunc(defined, func(t audit.MakeTarget) bool { return t.Name == target }) {
			aliases = append(aliases, target)
		}
	}
	return aliases, p.blocked
}

// recipeClashes refuses a makefile of the user's (or a file it includes) that gives a
// recipe to a target gonew-prod.mk, as rendered, gives one too: make would warn of an
// overriding recipe and run only one of them; and one with a pattern rule that answers
// such a target (prod-%:): make would run gonew-prod.mk's explicit rule instead.
func (p *planner) recipeClashes(rel string) error {
	mk := p.repoPath("gonew-prod.mk")
	i := slices.IndexFunc(p.rendered, func(f generator.File) bool { return f.Path == mk })
	if i < 0 {
		return nil
	}
	if p.t.Record.Entry(mk) != nil && !slices.Contains(p.opts.Recreate, mk) {
		if _, err := os.Lstat(filepath.Join(p.t.Dir, filepath.FromSlash(mk))); errors.Is(err, fs.ErrNotExist) {
			return nil // add's gonew-prod.mk, which the user deleted or moved: it stays so, and what make reads is theirs
		}
	}
	ours, _ := audit.MakeTargets(func(string) ([]byte, error) { return p.rendered[i].Content, nil }, mk)
	theirs, _ := audit.MakeTargetsGlob(p.readRepoFile, p.globRepo, rel, mk)
	var clashes []string
	for _, t := range theirs {
		if t.Recipe != "" && slices.ContainsFunc(ours, func(o audit.MakeTarget) bool { return o.Name == t.Name && o.Recipe != "" }) {
			clashes = append(clashes, fmt.Sprintf("%s gives %s a recipe", t.Recipe, t.Name))
		}
	}
	if len(clashes) > 0 {
		return refuseComponent("makefile", "%s, and so does gonew-prod.mk, which add includes from %s: make would warn of an overriding recipe and run only one of them; rename your target, or leave out makefile", strings.Join(clashes, "; "), rel)
	}
	// make prefers an explicit rule to a pattern rule: a goal a pattern rule of the user's
	// answered (make prod-build, for prod-%:) would run gonew-prod.mk's recipe instead.
	for _, rule := range audit.MakePatternRulesGlob(p.readRepoFile, p.globRepo, rel, mk) {
		var taken []string
		for _, o := range ours {
			if _, ok := audit.MakePatternStem(rule.Name, o.Name); ok && o.Recipe != "" {
				taken = append(taken, o.Name)
			}
		}
		if len(taken) > 0 {
			clashes = append(clashes, fmt.Sprintf("%s has a pattern rule %s, which answers %s", rule.Recipe, rule.Name, strings.Join(taken, ", ")))
		}
	}
	if len(clashes) > 0 {
		return refuseComponent("makefile", "%s; gonew-prod.mk, which add includes from %s, gives them recipes of its own, which make prefers to a pattern rule's: make would run gonew-prod's for those goals, not yours; narrow or rename your pattern, or leave out makefile", strings.Join(clashes, "; "), rel)
	}
	// gonew-prod.mk sets its own variables with := (a value of yours is kept for ?=): one
	// of yours by the same name would change its meaning for your rules.
	set := audit.MakeAssignments(func(string) ([]byte, error) { return p.rendered[i].Content, nil }, mk)
	for _, mine := range audit.MakeAssignmentsGlob(p.readRepoFile, p.globRepo, rel, mk) {
		for _, o := range set {
			// .RECIPEPREFIX and the like gonew-prod.mk sets and restores.
			if o.Name == mine.Name && o.Op != "?=" && strings.HasPrefix(o.Name, "PROD_") {
				clashes = append(clashes, fmt.Sprintf("%s sets %s", mine.At, mine.Name))
				break
			}
		}
	}
	if len(clashes) > 0 {
		return refuseComponent("makefile", "%s, which gonew-prod.mk, included from %s at its end, sets to its own value: your rules would see gonew-prod's; rename your variable, or leave out makefile", strings.Join(clashes, "; "), rel)
	}
	return nil
}

// readRepoFile reads the repository file rel as the plan has it, fs.ErrNotExist when
// nothing is there and an error when something that is not a regular file is.
func (p *planner) readRepoFile(rel string) ([]byte, error) {
	if c, ok := p.contents[rel]; ok {
		return c, nil
	}
	data, _, blocker, err := generator.Look(os.DirFS(p.t.Dir), rel)
	switch {
	case err != nil:
		return nil, err
	case blocker != "":
		return nil, fmt.Errorf("%s %s", rel, blocker)
	case data == nil:
		return nil, fs.ErrNotExist
	}
	return data, nil
}

// globRepo returns the repository files the slash-separated pattern matches as the plan
// has them (those it creates, gonew-prod.mk among them, too), sorted, for the makefile
// includes of patterns (include $(wildcard mk/*.mk)).
func (p *planner) globRepo(pattern string) ([]string, error) {
	matches, err := fs.Glob(os.DirFS(p.t.Dir), pattern)
	if err != nil {
		return nil, err
	}
	for rel := range p.contents {
		if ok, _ := path.Match(pattern, rel); ok {
			matches = append(matches, rel)
		}
	}
	slices.Sort(matches)
	return slices.Compact(matches), nil
}

// renderFiles renders the component files, with repository paths, sorted.
func (p *planner) renderFiles() ([]generator.File, error) { return p.renderWith(p.answers, p.vars) }

// renderWith is renderFiles with the answers and values given.
func (p *planner) renderWith(answers generator.Answers, vars map[string]string) ([]generator.File, error) {
	files, err := render(p.ctx, answers, vars)
	if err != nil {
		return nil, err
	}
	for i := range files {
		files[i].Path = p.placed(files[i].Path)
	}
	slices.SortFunc(files, func(a, b generator.File) int { return strings.Compare(a.Path, b.Path) })
	return files, nil
}

// servesHTTP refuses the components that add Go code (serving, health, tracing: all
// around an http.Handler) for a main package that serves none (NoHandler).
func (p *planner) servesHTTP() error {
	need := slices.DeleteFunc(slices.Clone(p.plan.Components), func(c string) bool { return !NeedsHandler(c) })
	if len(need) == 0 {
		return nil
	}
	if why := NoHandler(p.t.Main); why != "" {
		return refuse("%s: %s cannot be added, each works around an http.Handler (Go code wrapping it, or probes of its health endpoints); leave them out (makefile, docker and ci do not need one)",
			why, strings.Join(need, ", "))
	}
	return nil
}

// NoHandler says why the main package m serves no http.Handler, the thing every
// component that adds Go code wraps, or returns "" when it does: it imports no HTTP
// framework or net/http (a gRPC server alone), or it serves with fasthttp.
func NoHandler(m *repo.Main) string {
	if f, imp, _, ok := m.Handlerless(); ok {
		return fmt.Sprintf("%s:%d imports %s, which serves with fasthttp, not net/http", f.Path, imp.Line, imp.Path)
	}
	if m.Framework == "" {
		return fmt.Sprintf("main package %s serves no HTTP (it imports no HTTP framework or net/http)", mainList([]*repo.Main{m}))
	}
	return ""
}

// dockerContext refuses the docker component when go.mod replaces a module with a
// directory outside the module's (unless the module's vendor/ holds its code), the
// module imports a module of its workspace that go.mod does not require, or requires
// one that no line replaces at a version the go command cannot download (the image
// downloads it), or the line the go command applies in the workspace to the version it
// builds of a module go.mod requires (workspace.Applied; the go command says which
// version, workspaceVersion, where a line names one) is go.work's or another module's
// go.mod's, of a directory go.mod's own lines do not name: the image is built with the
// module's directory as its context and without go.work (its build stage sets
// GOWORK=off), so it builds what go.mod's lines give; for a directory inside the module
// the refusal names the line that gives go.mod the same replacement, which the image
// can reach.
func (p *planner) dockerContext() error {
	if !slices.Contains(p.plan.Components, "docker") {
		return nil
	}
	modRel := p.repoPath("go.mod")
	goMod, _ := p.current(modRel)
	f, err := modfile.Parse(modRel, goMod, nil)
	if err != nil {
		return err
	}
	// In a workspace the go command ignores vendor/, which holds go.mod's replacements
	// alone, not go.work's nor a workspace module go.mod does not require.
	ws, err := p.usingWorkspace()
	if err != nil {
		return err
	}
	if ws != nil {
		if mods := unrequired(ws, p.t.Repo, p.t.Module, f); len(mods) > 0 {
			return refuseComponent("docker", "%s does not require %s, which the module imports through the workspace %s: the image add writes builds the module without go.work (its build stage sets GOWORK=off) and cannot reach it; leave out docker, or require a published version", modRel, strings.Join(mods, ", "), p.t.Repo.Work.Path)
		}
		for _, req := range f.Require {
			built := req.Mod
			if ws.Versioned(goMod, built.Path) {
				// The line depends on the version the workspace builds, which the go
				// command selects over the whole module graph.
				if built.Version, err = p.workspaceVersion(ws, built.Path); err != nil {
					return refuseComponent("docker", "a replace line of %s or of a go.mod of its modules names a version of %s, which %s requires, so whether the image (built without go.work) builds the same copy depends on the version the workspace builds, which the go command did not say: %v; make that command work (it needs the go.mod files of the module graph: network access or the module cache), or leave out docker",
						p.t.Repo.Work.Path, built.Path, modRel, err)
				}
			}
			r, file := ws.Applied(modRel, goMod, built)
			if r == nil && ws.Members[req.Mod.Path] != "" && !p.t.Module.Vendor {
				// A module of the workspace no line replaces: the workspace builds its
				// directory, the image downloads the version go.mod requires.
				if _, err := moduleGoLines(p.ctx, p.opts.Env, []string{req.Mod.Path}, map[string]string{req.Mod.Path: req.Mod.Version}); err != nil {
					return refuseComponent("docker", "%s requires %s %s, a module of the workspace %s that no replace line gives a directory: the image builds the module without go.work (its build stage sets GOWORK=off) and downloads that version, which the go command cannot fetch here (%v); publish that version and require it, give %s a replace line of a directory inside the module, or leave out docker",
						modRel, req.Mod.Path, req.Mod.Version, p.t.Repo.Work.Path, err, modRel)
				}
			}
			if r == nil || file == modRel || r.New.Version != "" {
				continue
			}
			own, _ := (*workspace.Workspace)(nil).Applied(modRel, goMod, req.Mod)
			if own != nil && workspace.SameDir(ws.Dir(own, modRel, modRel), ws.Dir(r, file, modRel)) {
				continue // go.mod's own line names the same directory
			}
			instead := "builds the required version instead"
			if own != nil {
				instead = "builds " + modRel + "'s replacement (" + describeModule(own.New) + ") instead"
			}
			replaced := req.Mod.Path + ", which " + modRel + " requires,"
			if r.Old.Version != "" && r.Old.Version != req.Mod.Version {
				replaced = fmt.Sprintf("%s %s, the version the workspace builds (%s requires %s),", req.Mod.Path, r.Old.Version, modRel, req.Mod.Version)
			}
			if rel, ok := p.inModule(ws.Dir(r, file, modRel)); ok {
				// The line as go.mod must have it: a path with a space, a quote or a
				// bracket is quoted there.
				left := modfile.AutoQuote(req.Mod.Path)
				if own != nil {
					left = modfile.AutoQuote(own.Old.Path) // the line the image takes, changed
					if own.Old.Version != "" {
						left += " " + own.Old.Version
					}
				}
				give := fmt.Sprintf("give %s the same replacement, `replace %s => %s`", modRel, left, modfile.AutoQuote("./"+rel))
				switch {
				case p.t.Module.Vendor:
					give += " (then go mod vendor)"
				case !plainPath.MatchString(rel):
					// The Dockerfile names go.mod's directories (replaceDirs, below).
					give = fmt.Sprintf("rename the directory, whose name a Dockerfile cannot take unquoted (only letters, digits and . _ ~ + - /), and give %s the same replacement", modRel)
				}
				return refuseComponent("docker", "%s replaces %s with the directory %s, inside the module: a Docker build of the module's directory has no go.work and %s; %s, or leave out docker",
					p.wsFileName(file), replaced, r.New.Path, instead, give)
			}
			return refuseComponent("docker", "%s replaces %s with the directory %s: a Docker build of the module's directory has no go.work, %s and cannot reach the directory; leave out docker",
				p.wsFileName(file), replaced, r.New.Path, instead)
		}
	}
	if p.t.Module.Vendor {
		return nil // vendor/ holds the code of go.mod's own replacements
	}
	var dirs []string
	for _, r := range f.Replace {
		if r.New.Version != "" || !modfile.IsDirectoryPath(r.New.Path) {
			continue
		}
		rel := path.Clean(r.New.Path)
		if path.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, "../") {
			return refuseComponent("docker", "%s replaces %s with the directory %s, outside the module, which a Docker build of the module's directory cannot reach; leave out docker, or vendor the module (go mod vendor) first", modRel, r.Old.Path, r.New.Path)
		}
		if !plainPath.MatchString(rel) {
			return refuseComponent("docker", "%s replaces %s with the directory %q, whose name a Dockerfile cannot take unquoted (only letters, digits and . _ ~ + - /); rename it, or leave out docker", modRel, r.Old.Path, r.New.Path)
		}
		dirs = append(dirs, rel)
	}
	if len(dirs) > 0 {
		// The image's module download reads their go.mod files before the rest is copied.
		slices.Sort(dirs)
		p.vars["replaceDirs"] = strings.Join(slices.Compact(dirs), " ")
	}
	return nil
}

// inModule returns the absolute directory dir relative to the module's directory,
// slash-separated, when it lies below it (through symbolic links too), where a Docker
// build of the module's directory can reach it.
func (p *planner) inModule(dir string) (string, bool) {
	moduleDir := p.abs(p.t.Module.Dir)
	for _, resolve := range []bool{false, true} {
		from, to := moduleDir, dir
		if resolve {
			var err error
			if from, err = filepath.EvalSymlinks(from); err != nil {
				return "", false
			}
			if to, err = filepath.EvalSymlinks(to); err != nil {
				return "", false
			}
		}
		if rel, err := filepath.Rel(from, to); err == nil && rel != "." && filepath.IsLocal(rel) {
			return filepath.ToSlash(rel), true
		}
	}
	return "", false
}

// dockerIgnored notes the files the main package reads at run time, which the image
// lacks, and refuses when an ignore file Docker reads leaves out of a build context a
// file that build needs: for the Dockerfile add writes (see dockerIgnoreFile), go.mod,
// go.sum, the Go files of the program (generated ones included), the files they embed
// (//go:embed) and the Go files add writes (a whitelist such as "*" and "!*.go" leaves out every directory, internal/ with
// them); for each Dockerfile of yours in the module that builds Go from a context
// holding the main package's file, the Go files add writes, without which that image
// no longer builds once main calls them (or builds without them).
func (p *planner) dockerIgnored() error {
	docker := slices.Contains(p.plan.Components, "docker")
	if docker {
		if reads := loadMain(p.t.Repo, p.t.Main, p.t.Record).readsFiles(); len(reads) > 0 {
			p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("the image holds the binary alone, but the program reads files at run time by a relative path (%s): embed them (//go:embed) or COPY them into the final stage of the Dockerfile", strings.Join(reads, ", ")))
		}
	}
	var written []string
	for _, f := range p.rendered {
		if strings.HasSuffix(f.Path, ".go") && !strings.HasSuffix(f.Path, "_test.go") {
			written = append(written, f.Path)
		}
	}
	if docker {
		if ignoreFile, data, ok := p.dockerIgnoreFile(p.vars["dockerfile"]); ok {
			if err := p.contextKeeps(ignoreFile, data, written); err != nil {
				return err
			}
		}
	}
	if !addsGo(p.plan.Components) {
		return nil
	}
	for _, df := range p.t.Repo.Dockerfiles {
		rel, ok := strings.CutPrefix(df, joinPath(p.t.Module.Dir, ""))
		if p.t.Module.Dir == "." {
			rel, ok = df, true
		}
		if !ok || docker && rel == p.vars["dockerfile"] {
			continue // outside the module, or the one add writes
		}
		if content, _ := p.t.Repo.ReadFile(df); !buildsGo.Match(content) {
			continue
		}
		ignoreFile, data, ok := p.dockerIgnoreFile(rel)
		if !ok {
			continue
		}
		if excluded, _, _, err := p.contextExcludes(data, p.t.Main.MainFile); err != nil || excluded {
			continue // a context without the main package: no build of this program
		}
		var left, patterns, exceptions []string
		for _, w := range written {
			excluded, pattern, _, err := p.contextExcludes(data, w)
			if err != nil || !excluded {
				continue
			}
			left = append(left, w)
			patterns = append(patterns, pattern)
			exceptions = append(exceptions, "!"+p.newTop(w))
		}
		if len(left) > 0 {
			return refuse("%s, which Docker reads for your %s, leaves out of its build context %s (pattern %s), which add writes for %s: that image's go build then misses them; add %s to %s, or leave out %s",
				ignoreFile, df, strings.Join(left, ", "), strings.Join(slices.Compact(slices.Sorted(slices.Values(patterns))), ", "),
				strings.Join(goComponents(p.plan.Components), ", "), strings.Join(slices.Compact(slices.Sorted(slices.Values(exceptions))), " and "),
				ignoreFile, strings.Join(goComponents(p.plan.Components), ", "))
		}
	}
	return nil
}

// contextKeeps refuses the plan when data, the ignore file Docker reads for the
// Dockerfile add writes (ignoreFile describes it), leaves out of the build context a file
// the image's go build needs: go.mod, go.sum, the program's Go files, what their
// //go:embed directives name, and the Go files add writes (written). The refusal names
// every such file and every `!` exception to add, at once, and offers to leave out what
// this run adds: docker when it is new, else the Go components that write the only files
// left out.
func (p *planner) contextKeeps(ignoreFile string, data []byte, written []string) error {
	docker := slices.Contains(p.plan.New(), "docker")
	needed := []string{p.repoPath("go.mod"), p.repoPath("go.sum")}
	for _, pkg := range p.t.Main.Program {
		for _, f := range slices.Concat(pkg.Files, pkg.Generated) {
			needed = append(needed, f.Path)
		}
	}
	var left, patterns, exceptions []string
	onlyNew, embedded := true, false // every file left out is one this run writes first; one is embedded
	keep := func(rel, why string, writes bool) error {
		excluded, pattern, inModule, err := p.contextExcludes(data, rel)
		if err != nil {
			if docker {
				return refuseComponent("docker", "%s: %v; fix it, or leave out docker", ignoreFile, err)
			}
			return refuse("%s: %v; fix it", ignoreFile, err)
		}
		if !excluded {
			return nil
		}
		left, patterns = append(left, inModule+why), append(patterns, pattern)
		exception := inModule
		if writes {
			exception = p.newTop(rel) // a directory add creates: one exception for its files
		}
		exceptions = append(exceptions, "!"+exception)
		onlyNew = onlyNew && writes && (p.t.Record == nil || p.t.Record.Entry(rel) == nil)
		embedded = embedded || why != ""
		return nil
	}
	for _, rel := range needed {
		if err := keep(rel, "", false); err != nil {
			return err
		}
	}
	for _, rel := range written {
		if err := keep(rel, "", true); err != nil {
			return err
		}
	}
	for _, e := range embeds(p.t.Repo, p.t.Dir, p.t.Main.Program) {
		if err := keep(e.path, fmt.Sprintf(" (%s embeds it: //go:embed %s)", e.at, e.directive), false); err != nil {
			return err
		}
	}
	if len(left) == 0 {
		return nil
	}
	them := "them"
	if len(left) == 1 {
		them = "it"
	}
	if len(left) > 6 {
		left = append(left[:5], fmt.Sprintf("%d more files", len(left)-5))
	}
	exceptions = slices.Compact(slices.Sorted(slices.Values(exceptions)))
	exception := "an exception"
	if len(exceptions) > 1 {
		exception = "the exceptions"
	}
	msg := fmt.Sprintf("%s leaves %s out of the Docker build context (pattern %s), and the image's go build needs %s; add %s (%s) at its end",
		ignoreFile, strings.Join(left, ", "), strings.Join(slices.Compact(slices.Sorted(slices.Values(patterns))), ", "), them,
		exception, strings.Join(exceptions, " and "))
	if embedded {
		msg += fmt.Sprintf(", or give the Dockerfile add writes an ignore file of its own (%s.dockerignore) that keeps %s", p.repoPath(p.vars["dockerfile"]), them)
	}
	switch goNew := goComponents(p.plan.New()); {
	case docker:
		return refuseComponent("docker", "%s, or leave out docker", msg)
	case onlyNew && len(goNew) > 0:
		return refuse("%s, or leave out %s", msg, strings.Join(goNew, ", "))
	}
	return refuse("%s", msg)
}

// buildsGo matches a Dockerfile that builds Go code (or runs make, which may).
var buildsGo = regexp.MustCompile(`\bgo\s+(build|install)\b|\bmake\b`)

// contextExcludes reports whether the ignore file data leaves the repository path rel
// out of a build context at the module's root, the pattern that does, and rel relative
// to the module (false for a path outside the module).
func (p *planner) contextExcludes(data []byte, rel string) (excluded bool, pattern, inModule string, err error) {
	inModule, ok := strings.CutPrefix(rel, joinPath(p.t.Module.Dir, ""))
	if p.t.Module.Dir == "." {
		inModule, ok = rel, true
	}
	if !ok {
		return false, "", "", nil
	}
	excluded, pattern, err = DockerExcluded(data, inModule)
	return excluded, pattern, inModule, err
}

// newTop returns the exception that lets the repository path rel, which add writes,
// into a build context at the module's root: the first directory of its path that is
// not in the repository yet (internal/platform/), or the file itself.
func (p *planner) newTop(rel string) string {
	inModule := strings.TrimPrefix(rel, joinPath(p.t.Module.Dir, ""))
	return ContextException(filepath.Join(p.t.Dir, filepath.FromSlash(p.t.Module.Dir)), inModule)
}

// dockerIgnoreFile returns the ignore file Docker (BuildKit) reads for the Dockerfile
// dockerfile (relative to the module's root, the build context), as named in messages,
// and its content: <Dockerfile>.dockerignore beside it when there is one, in place of
// the build context's .dockerignore; ok is false when there is neither.
func (p *planner) dockerIgnoreFile(dockerfile string) (name string, data []byte, ok bool) {
	own := p.repoPath(dockerfile + ".dockerignore")
	if data, ok := p.current(own); ok {
		return fmt.Sprintf("%s (which Docker reads for %s in place of .dockerignore)", own, dockerfile), data, true
	}
	name = p.repoPath(".dockerignore")
	data, ok = p.current(name)
	return name, data, ok
}

// goLine works out the requirements the added code imports and the go line the module
// needs for them, refusing to raise it without AllowGoBump.
func (p *planner) goLine() error {
	if !addsGo(p.plan.Components) {
		return nil
	}
	files, err := p.renderFiles()
	if err != nil {
		return err
	}
	imports, err := generator.ExternalImports(files, p.answers.Module)
	if err != nil {
		return err
	}
	modRel := p.repoPath("go.mod")
	goMod, _ := p.current(modRel)
	have, err := modfile.Parse(modRel, goMod, nil)
	if err != nil {
		return err
	}
	pinned, err := pinnedModules()
	if err != nil {
		return err
	}
	if p.need, err = requiresFor(imports, pinned, have); err != nil {
		return err
	}
	haveGo := p.answers.Go
	if haveGo == "" {
		haveGo, p.noGoLine = "1.16", true // no go line: the go command assumes 1.16
	}
	p.goDirective, p.goWas = haveGo, haveGo
	reasons, highest, err := goNeeds(p.ctx, p.opts.Env, haveGo, p.need)
	if err != nil || len(reasons) == 0 {
		return err
	}
	if !p.opts.AllowGoBump && !releaseForm(haveGo, highest) {
		return refuse("%s, but %s; pass --allow-go-bump to raise it to %s, or leave out the components that add Go code %s", p.goLineIs(haveGo), strings.Join(reasons, ", "), highest, withoutGo())
	}
	p.goDirective = highest
	if strings.Count(highest, ".") == 1 {
		p.goDirective += ".0"
	}
	lines, err := p.godebugDefaults(haveGo, p.goDirective)
	if err != nil {
		return err
	}
	p.plan.Notes = append(p.plan.Notes, p.raiseNote(haveGo, p.goDirective, strings.Join(reasons, ", "))+raiseEffects(haveGo, p.goDirective, lines...))
	p.t.Answers.Go = p.goDirective
	if err := p.setVars(); err != nil {
		return err
	}
	return p.dockerContext() // setVars made the values anew: the replaced directories too
}

// render renders the component files and plans them against the tree and the record:
// new files are created, files the tool wrote and nobody edited are updated, anything
// else in the way is refused.
func (p *planner) render() error {
	files, err := p.renderFiles()
	if err != nil {
		return err
	}
	p.rendered = files
	if p.t.Git {
		if p.modes, err = gitview.CommitModes(p.ctx, p.opts.Env, p.t.Dir); err != nil {
			return err
		}
	}
	if p.t.Record != nil { // without one, add refuses what an earlier add wrote (below)
		for _, f := range files {
			if p.t.Record.Entry(f.Path) != nil {
				continue
			}
			old, mode, blocker, err := generator.Look(os.DirFS(p.t.Dir), f.Path)
			if err != nil {
				return err
			}
			if old == nil || blocker != "" || generator.SameText(old, f.Content) {
				continue
			}
			if _, err := p.adoptEarlier(f.Path, old, mode); err != nil {
				return err
			}
		}
	}
	steps, err := generator.Plan(os.DirFS(p.t.Dir), p.t.Record, files)
	if err != nil {
		return err
	}
	var blocked, blockedPaths, edited, identical []string
	for _, s := range steps {
		switch s.Class {
		case generator.Create, generator.Unchanged:
			action, detail, mode := "create", "", s.File.Mode
			if s.Class == generator.Unchanged {
				// The record holds no mode, so the render's is the base as well as theirs
				// (generator.MergeMode), which leaves the mode the file has: a chmod of the
				// user's (git records +x) as a umask's or a 0600.
				action, mode = "update", s.OldMode.Perm()
				if committed := p.modes.Of(s.Path, mode); !generator.SameMode(committed, s.File.Mode) {
					detail = fmt.Sprintf("your file mode %04o kept (gonew-prod's is %04o)", committed, s.File.Mode)
				}
			}
			// A file git checked out with CRLF line endings keeps them.
			p.change(s.Path, action, detail, s.Old, generator.InEndingsOf(s.Old, s.File.Content), mode)
		case generator.Identical:
			identical = append(identical, s.Path)
			p.plan.Steps = append(p.plan.Steps, Step{Path: s.Path, Action: "identical"})
		case generator.Edited:
			if e := p.t.Record.Entry(s.Path); e != nil && e.SHA256 != generator.Sum(s.File.Content) {
				edited = append(edited, s.Path)
				continue
			}
			p.plan.Steps = append(p.plan.Steps, Step{Path: s.Path, Action: "keep", Detail: "you edited it; gonew-prod update merges template changes into it"})
		case generator.Deleted:
			if p.deleted(s.Path) {
				p.plan.Steps = append(p.plan.Steps, Step{Path: s.Path, Action: "keep", Detail: "you deleted it; it stays deleted (--recreate " + s.Path + " brings it back)"})
				continue
			}
			p.change(s.Path, "create", "you deleted it; brought back by --recreate", nil, s.File.Content, s.File.Mode)
		case generator.Removed:
			p.dropUnrendered(s)
		case generator.Conflict:
			blocked, blockedPaths = append(blocked, s.Path+" ("+s.Reason+")"), append(blockedPaths, s.Path)
		}
	}
	if blocks := p.earlierAdd(); p.t.Record == nil && (len(identical) > 0 || len(blocks) > 0) {
		// Without the record, what add wrote looks like the user's (Dockerfile.prod would
		// be written beside add's own Dockerfile): the record must come back first. The
		// blocks of the adds run in the directory of an inner go.work are its record's.
		inner, _ := p.innerRecord()
		switch at, run := p.recordElsewhere(); {
		case inner != "" && len(identical) == 0:
			p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s records what earlier adds run in %s wrote for this service (%s): it stays there, where add of the components other than ci runs, and ci, added here at the root, gets %s here", inner, path.Dir(inner), listSome(blocks), generator.RecordFile))
		case at != "":
			return refuse("nothing written: an earlier gonew-prod add recorded this service in %s, run from another directory; run add from there: %s", at, run)
		default:
			return refuse("nothing written: %s is missing, but an earlier gonew-prod add wrote here (%s): %s, and run add again", generator.RecordFile, listSome(slices.Concat(identical, blocks, blocked)), cmp.Or(update.RestoreRecord(p.ctx, p.opts.Env, p.t.Dir), update.RecordNotCommitted))
		}
	}
	if len(blocked) > 0 {
		return p.refuseWritten(blockedPaths, blocked, "nothing written: add writes new files only, and these paths are taken: %s; move them away, or leave out %s")
	}
	if len(edited) > 0 {
		if renamed := renamedSince(p.t.Record, p.repoPath("go.mod"), p.t.Module.Path); renamed != "" {
			// The edit may be only the rename's, which update takes.
			return refuse("nothing written: adding %s changes %s, which differs from what gonew-prod wrote, and add does not merge; %s, and its rewritten imports count as edits here: run gonew-prod update, which takes the new module path into the record and merges it with what add wrote, then add again", strings.Join(p.plan.New(), ", "), strings.Join(edited, ", "), renamed)
		}
		return refuse("nothing written: adding %s changes %s, which you edited since gonew-prod wrote it, and add does not merge; undo or move your edits (into a file of your own), add, then make them again", strings.Join(p.plan.New(), ", "), strings.Join(edited, ", "))
	}
	return nil
}

// dropUnrendered plans a file an earlier add wrote that this render no longer writes (s,
// a generator.Removed step): internal/platform/telemetry once the program sets up
// OpenTelemetry itself (the var ownProvider), or a file a newer version's templates drop.
// The record no longer lists it (see record), as update's render of the record would not
// write it; as update does, the file is deleted when it is as add wrote it (the writer
// deletes only the content planned, check passes only an unedited file of the tool's),
// else kept, the user's from now on; so is every file of a package that code of the
// user's imports, which would not build without it. A file the user owns is not add's to
// drop.
func (p *planner) dropUnrendered(s generator.Step) {
	e := p.t.Record.Entry(s.Path)
	if e == nil || cmp.Or(e.Owner, generator.OwnerTool) != generator.OwnerTool {
		return
	}
	switch importer := p.importerOfDir(path.Dir(s.Path)); {
	case importer != "":
		p.plan.Steps = append(p.plan.Steps, Step{Path: s.Path, Action: "keep", Detail: "gonew-prod no longer writes it, but " + importer + " imports its package: kept, yours from now on (no longer recorded)"})
	case s.Modified:
		p.plan.Steps = append(p.plan.Steps, Step{Path: s.Path, Action: "keep", Detail: "gonew-prod no longer writes it, but you edited it: kept, yours from now on (no longer recorded)"})
	case !generator.SameMode(p.modes.Of(s.Path, s.OldMode), e.FileMode()):
		p.plan.Steps = append(p.plan.Steps, Step{Path: s.Path, Action: "keep", Detail: "gonew-prod no longer writes it, but you changed its mode (git records it as part of the file): kept, yours from now on (no longer recorded)"})
	default:
		p.plan.Steps = append(p.plan.Steps, Step{Path: s.Path, Action: "delete", Detail: "gonew-prod no longer writes it; you did not edit it", Old: s.Old})
		p.plan.Changes = append(p.plan.Changes, generator.Change{Path: s.Path, Delete: true, Old: s.Old})
	}
}

// importerOfDir returns the first file:line of a Go file of the module outside the
// directory dir (any build tags, generated ones too), else of a test file of the module
// (x_test.go, in dir too: an external test), that imports the package in dir, or "" for
// none; a file an earlier add wrote is add's to rewrite, and does not count.
func (p *planner) importerOfDir(dir string) string {
	in := p.t.Repo.Packages[dir]
	if in == nil || in.ImportPath == "" {
		return ""
	}
	imports := func(f *repo.File) string {
		for _, imp := range f.Imports {
			if imp.Path == in.ImportPath {
				return fmt.Sprintf("%s:%d", f.Path, imp.Line)
			}
		}
		return ""
	}
	for _, d := range slices.Sorted(maps.Keys(p.t.Repo.Packages)) {
		pkg := p.t.Repo.Packages[d]
		if d == dir || pkg.Module != p.t.Module {
			continue
		}
		for _, f := range slices.Concat(pkg.AllFiles(), pkg.Generated) {
			if at := imports(f); at != "" && !p.ours(f.Path) {
				return at
			}
		}
	}
	for _, f := range p.testFiles() {
		if at := imports(f); at != "" {
			return at
		}
	}
	return ""
}

// testFiles returns the test files of the module (x_test.go) that an earlier add did not
// write, with their imports, read once. One that cannot be read or parsed is left out:
// the go command says what is wrong with it; so is one that is not a regular file (the
// open of a named pipe would wait for a writer), or is larger than generator.MaxTreeFile.
func (p *planner) testFiles() []*repo.File {
	if p.testsRead {
		return p.tests
	}
	p.testsRead = true
	for _, rel := range p.t.Repo.TestFiles() {
		if p.t.Repo.ModuleOf(path.Dir(rel)) != p.t.Module || p.ours(rel) {
			continue
		}
		data, err := readFile(p.abs(rel))
		if err != nil {
			continue
		}
		fset := token.NewFileSet()
		syntax, err := parser.ParseFile(fset, rel, data, parser.ImportsOnly)
		if err != nil {
			continue
		}
		f := &repo.File{Path: rel}
		for _, spec := range syntax.Imports {
			if ip, err := strconv.Unquote(spec.Path.Value); err == nil {
				f.Imports = append(f.Imports, repo.Import{Path: ip, Line: fset.Position(spec.Pos()).Line})
			}
		}
		p.tests = append(p.tests, f)
	}
	return p.tests
}

// ownPackages refuses a plan that creates Go files of gonew-prod's packages (outside the
// main package, which add extends by design) in a directory that already holds a Go
// package of the user's: the files would join that package, gonew-prod's TestMain would
// govern the user's tests and its names meet theirs. A directory where an earlier add
// wrote (the record has a file there, or a file of add's is there) is gonew-prod's
// package, which the user may have extended.
func (p *planner) ownPackages() error {
	created := map[string][]string{} // directory: names of the Go files created there
	for _, rel := range p.created() {
		if dir := path.Dir(rel); strings.HasSuffix(rel, ".go") && dir != p.t.Main.Dir() {
			created[dir] = append(created[dir], path.Base(rel))
		}
	}
	rendered := map[string]bool{}
	for _, f := range p.rendered {
		rendered[f.Path] = true
	}
	var clashes []clash
	for _, dir := range slices.Sorted(maps.Keys(created)) {
		entries, _ := os.ReadDir(filepath.Join(p.t.Dir, filepath.FromSlash(dir))) // none when new (or not a directory: Plan refused that)
		var theirs []string
		ours := false
		for _, e := range entries {
			rel := path.Join(dir, e.Name())
			switch name := e.Name(); {
			case rendered[rel] || p.t.Record.Entry(rel) != nil:
				ours = true
			case strings.HasSuffix(name, ".go") && !strings.HasPrefix(name, "_") && !strings.HasPrefix(name, ".") && !e.IsDir():
				theirs = append(theirs, name)
			}
		}
		if len(theirs) > 0 && !ours {
			clashes = append(clashes, clash{dir, fmt.Sprintf("%s (add writes %s; yours: %s)", dir, strings.Join(created[dir], ", "), listSome(theirs))})
		}
	}
	if len(clashes) == 0 {
		return nil
	}
	// The refusal is of the component that writes the first directory (with the other
	// directories it writes): a bare add leaves it out, and plans the rest again.
	var groups [][]string
	for _, c := range clashes {
		var paths []string
		for _, name := range created[c.dir] {
			paths = append(paths, path.Join(c.dir, name))
		}
		groups = append(groups, paths)
	}
	writers := p.writers(groups...)
	writer := writers[0]
	var dirs []string
	for i, c := range clashes {
		if writers[i] == writer {
			dirs = append(dirs, c.what)
		}
	}
	if writer == "" {
		return refuse("nothing written: add would write gonew-prod's packages into directories that hold a Go package of yours: %s; the files would join your package (gonew-prod's TestMain would run your tests, its names would meet yours); move or rename your package, or leave out the component that writes there", strings.Join(dirs, "; "))
	}
	return refuseComponent(writer, "%s would write gonew-prod's packages into directories that hold a Go package of yours: %s; the files would join your package (gonew-prod's TestMain would run your tests, its names would meet yours); move or rename your package, or leave out %s", writer, strings.Join(dirs, "; "), writer)
}

// clash is a directory add would write Go files into that holds a package of the user's,
// and what add says of it.
type clash struct{ dir, what string }

// writers returns, for each group of paths (repository paths of files add renders, or
// creates to hold a guarded block: blockCreated), the component of the plan that alone
// writes them: the one without which add writes none of them; "" when no one component
// does (a file two components write, one add neither renders nor creates for a block,
// such as the record, or no path).
func (p *planner) writers(groups ...[]string) []string {
	rendered := map[string]bool{}
	for _, f := range p.rendered {
		rendered[f.Path] = true
	}
	out, found := make([]string, len(groups)), make([]int, len(groups))
	for _, c := range p.plan.Components {
		answers := p.answers
		answers.Features = slices.DeleteFunc(slices.Clone(answers.Features), func(f string) bool { return f == c })
		files, err := p.renderWith(answers, p.vars)
		if err != nil {
			continue // a render without c tells nothing of what c writes
		}
		kept := map[string]bool{}
		for _, f := range files {
			kept[f.Path] = true
		}
		stays := func(rel string) bool { // written without c
			if by, ok := p.blockCreated[rel]; ok {
				return by != c
			}
			return !rendered[rel] || kept[rel]
		}
		for i, g := range groups {
			if !slices.ContainsFunc(g, stays) {
				out[i], found[i] = c, found[i]+1
			}
		}
	}
	for i := range out {
		if found[i] != 1 {
			out[i] = ""
		}
	}
	return out
}

// refuseWritten refuses the plan for paths it would create (repository paths, each
// described by what), with format, which takes the list of what and the components to
// leave out (see leaveOut): for components named on the command line, every one that
// writes them, with all their paths, so that one run shows all that is in the way; for
// those audit finds missing (Options.Picked), when one component alone writes each path,
// the component that writes the first, with the paths it writes, refused alone: add
// leaves it out, and plans the rest again.
func (p *planner) refuseWritten(paths, what []string, format string) error {
	writers, named := p.writersOf(paths)
	switch {
	case writers == nil:
		return refuse(format, listUpTo(what, maxListed), leaveOut(named))
	case p.opts.Picked:
		var theirs []string
		for i, w := range writers {
			if w == writers[0] {
				theirs = append(theirs, what[i])
			}
		}
		return refuseComponent(writers[0], format, listUpTo(theirs, maxListed), writers[0])
	case len(named) == 1:
		return refuseComponent(named[0], format, listUpTo(what, maxListed), named[0])
	}
	return refuse(format, listUpTo(what, maxListed), leaveOut(named))
}

// writersOf returns the components to leave out of the plan so that it creates none of
// paths, when one component alone writes each path (see writers): those components, in
// the plan's order, with the writer of each path. Else leaving out a component may not
// be enough: it returns none.
func (p *planner) writersOf(paths []string) (writers, named []string) {
	var groups [][]string
	for _, rel := range paths {
		groups = append(groups, []string{rel})
	}
	writers = p.writers(groups...)
	if slices.Contains(writers, "") {
		return nil, nil
	}
	return writers, slices.DeleteFunc(slices.Clone(p.plan.Components), func(c string) bool { return !slices.Contains(writers, c) })
}

// leaveOut names the components named (planner.writersOf) as the refusals of paths add
// would create say to leave them out: "the component that writes them" for none.
func leaveOut(named []string) string {
	if len(named) == 0 {
		return "the component that writes them"
	}
	return strings.Join(named, ", ")
}

// caseClashes refuses a plan that creates a path which differs only in case from one of
// the repository's (Dockerfile beside dockerfile, k8s/ beside K8s/): a case-insensitive
// file system (macOS, Windows) holds one file for both, so a clone there has only one of
// them, and add there would have planned otherwise.
func (p *planner) caseClashes() error {
	listings := map[string][]string{}
	var paths, clashes []string
	for _, rel := range p.created() {
		if at := taken(p.t.Dir, rel, listings); at != "" && at != rel {
			paths, clashes = append(paths, rel), append(clashes, fmt.Sprintf("%s (%s is there)", rel, at))
		}
	}
	if len(clashes) == 0 {
		return nil
	}
	_, named := p.writersOf(paths)
	return refuse("nothing written: add would create %s, which differ only in case from paths of yours: a case-insensitive file system (macOS, Windows) holds one file for both; rename yours, or leave out %s", listUpTo(clashes, maxListed), leaveOut(named))
}

// taken returns rel when the tree at dir has it, or the path of the first element on the
// way to rel that differs from rel's only in case (dockerfile for Dockerfile, K8s for
// k8s/deployment.yaml); "" when there is neither. listings caches the names of the
// directories read, by slash-separated path.
func taken(dir, rel string, listings map[string][]string) string {
	at := "."
	for _, name := range strings.Split(rel, "/") {
		names, ok := listings[at]
		if !ok {
			entries, _ := os.ReadDir(filepath.Join(dir, filepath.FromSlash(at))) // none when unreadable: nothing is there to clash
			for _, e := range entries {
				names = append(names, e.Name())
			}
			listings[at] = names
		}
		if slices.Contains(names, name) {
			at = path.Join(at, name)
			continue
		}
		if i := slices.IndexFunc(names, func(n string) bool { return strings.EqualFold(n, name) }); i >= 0 {
			return path.Join(at, names[i])
		}
		return ""
	}
	return at
}

// listSome joins the first three of items, and says how many more there are.
func listSome(items []string) string {
	return listUpTo(items, 3)
}

// maxListed bounds the paths a refusal names that the user must move or change each of
// (listUpTo): few enough to read, enough for what one run of add writes.
const maxListed = 10

// listUpTo joins the first shown of items, and says how many more there are.
func listUpTo(items []string, shown int) string {
	if len(items) <= shown {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:shown], ", "), len(items)-shown)
}

// earlierAdd returns the module's Makefile and the files of the main package that hold a
// guarded block of add's, each with the block.
func (p *planner) earlierAdd() []string {
	paths := []string{p.makefile()}
	for _, f := range p.t.Main.Package.AllFiles() {
		paths = append(paths, f.Path)
	}
	var found []string
	for _, rel := range paths {
		content, _ := p.current(rel)
		for _, id := range []string{"makefile", blockWire, blockOTel} {
			if _, _, ok, _ := generator.FindBlock(content, id); ok {
				found = append(found, rel+" (its block "+id+")")
			}
		}
	}
	return found
}

// recordElsewhere looks for the record of an add run from another directory: one
// above the target (up to the work tree's top) or the main package's module or
// directory below it. It returns where, and the command that runs add from there.
func (p *planner) recordElsewhere() (at, run string) {
	main := filepath.Join(p.t.Dir, filepath.FromSlash(p.t.Main.Dir()))
	var dirs []string
	for _, rel := range []string{p.t.Module.Dir, p.t.Main.Dir()} {
		if rel != "." {
			dirs = append(dirs, filepath.Join(p.t.Dir, filepath.FromSlash(rel)))
		}
	}
	if top, ok := gitview.DotGit(p.t.Dir); ok {
		for d := filepath.Dir(p.t.Dir); len(d) >= len(filepath.Dir(top)); d = filepath.Dir(d) {
			dirs = append(dirs, d)
			if d == filepath.Dir(d) {
				break
			}
		}
	}
	for _, d := range dirs {
		if _, err := os.Lstat(filepath.Join(d, generator.RecordFile)); err != nil {
			continue
		}
		run = "gonew-prod add --dir " + generator.ShellQuote(d)
		if rel, err := filepath.Rel(d, main); err == nil && rel != "." {
			run += " --main " + generator.ShellQuote("./"+filepath.ToSlash(rel))
		}
		return filepath.Join(d, generator.RecordFile), run + " " + strings.Join(p.plan.Components, " ")
	}
	return "", ""
}

// placed maps a render path to a repository path (see placePath).
func (p *planner) placed(rel string) string { return placePath(rel, p.t.Module.Dir, p.t.Main.Dir()) }

// change records writing content at rel.
func (p *planner) change(rel, action, detail string, old, content []byte, mode fs.FileMode) {
	p.contents[rel] = content
	p.plan.Steps = append(p.plan.Steps, Step{Path: rel, Action: action, Detail: detail, Old: old, New: content})
	p.plan.Changes = append(p.plan.Changes, generator.Change{Path: rel, Content: content, Mode: mode, Old: old})
}

// modeOf returns the permissions of the repository file rel, 0644 when it is new.
func (p *planner) modeOf(rel string) fs.FileMode {
	info, err := os.Stat(filepath.Join(p.t.Dir, filepath.FromSlash(rel)))
	if err != nil {
		return 0o644
	}
	return info.Mode().Perm()
}

// editFile replaces the planned change of rel, or adds one, with content.
func (p *planner) editFile(rel, action, detail string, content []byte) {
	if i := slices.IndexFunc(p.plan.Changes, func(c generator.Change) bool { return c.Path == rel }); i >= 0 {
		p.plan.Changes[i].Content = content
		for j := range p.plan.Steps {
			if p.plan.Steps[j].Path == rel {
				p.plan.Steps[j].New = content
				p.plan.Steps[j].Action += "+" + action
			}
		}
		p.contents[rel] = content
		return
	}
	old, _ := p.current(rel)
	p.change(rel, action, detail, old, content, p.modeOf(rel))
}

// keepBlock records the guarded block id in rel, whose content has checksum sum, once.
func (p *planner) keepBlock(rel, id, sum string) {
	b := generator.RecordBlock{Path: rel, ID: id, SHA256: sum}
	if i := slices.IndexFunc(p.blocks, func(x generator.RecordBlock) bool { return x.Path == rel && x.ID == id }); i >= 0 {
		p.blocks[i] = b
		return
	}
	p.blocks = append(p.blocks, b)
}

// keepFound records the guarded block id found in rel as content: with the checksum the
// record has of it, what add wrote, when the record lists it there (the user may have
// edited it since), else with content's.
func (p *planner) keepFound(rel, id string, content []byte) {
	sum := generator.Sum(content)
	if p.t.Record != nil {
		if i := slices.IndexFunc(p.t.Record.Blocks, func(b generator.RecordBlock) bool { return b.Path == rel && b.ID == id }); i >= 0 {
			sum = p.t.Record.Blocks[i].SHA256
		}
	}
	p.keepBlock(rel, id, sum)
}

// deleted reports whether the repository file rel, which an earlier add wrote or inserted
// a guarded block into, stays deleted: whether --recreate does not name it.
func (p *planner) deleted(rel string) bool {
	p.removed = append(p.removed, rel)
	return !slices.Contains(p.opts.Recreate, rel)
}

// removedBlock reports whether the guarded block id, which the record lists in rel (in
// any file when rel is ""), is gone from that file and stays gone: the user removed it
// (or the file) since an earlier add inserted it, and --recreate does not name the file.
// A second add leaves what the user removed removed, as update does.
func (p *planner) removedBlock(rel, id string) bool {
	if p.t.Record == nil {
		return false
	}
	for _, b := range p.t.Record.Blocks {
		if b.ID != id || rel != "" && b.Path != rel {
			continue
		}
		content, exists := p.current(b.Path)
		if _, _, ok, err := generator.FindBlock(content, id); ok || err != nil {
			continue
		}
		if !p.deleted(b.Path) {
			return false
		}
		what := "removed the guarded block " + id + " an earlier add inserted"
		if !exists {
			what = "deleted the file, which holds the guarded block " + id + " an earlier add inserted"
		}
		again := "gonew-prod add --recreate " + b.Path
		if id == blockWire {
			again += " --wire" // the block replaces the serving call: only --wire does
		}
		note := fmt.Sprintf("%s: you %s; it stays removed (%s inserts it again)", b.Path, what, again)
		if id == "makefile" && p.vars["makefileBlock"] == "removed" {
			note += "; until then the CI builds the service with go build, as make prod-build needs it"
		}
		p.plan.Notes = append(p.plan.Notes, note)
		return true
	}
	return false
}

// checkRecreate refuses a --recreate path that is not one the user deleted.
func (p *planner) checkRecreate() error {
	for _, rel := range p.opts.Recreate {
		if slices.Contains(p.removed, rel) {
			continue
		}
		those := "there are none"
		if len(p.removed) > 0 {
			those = "those are " + strings.Join(slices.Compact(slices.Sorted(slices.Values(p.removed))), ", ")
		}
		return refuse("--recreate %s: not a file, or a file's guarded block, that an earlier add wrote and you deleted (%s); paths are relative to the repository's root", rel, those)
	}
	return nil
}

// addBlock appends the guarded block text (called id), of component, to rel, creating rel
// from head when it does not exist, unless the block is there already or the user removed
// it since an earlier add; it records the block unless removed. In a file whose lines all
// end in CRLF, the lines it adds do too.
func (p *planner) addBlock(component, rel, id, text, head string) error {
	content, exists := p.current(rel)
	if start, end, ok, err := generator.FindBlock(content, id); err != nil {
		return fmt.Errorf("%s: %w", rel, err)
	} else if ok {
		p.keepFound(rel, id, content[start:end])
		return nil
	}
	if p.removedBlock(rel, id) {
		return nil
	}
	if e := p.t.Record.Entry(rel); e != nil && !exists {
		// The file add created with the block in it, deleted by the user.
		if p.deleted(rel) {
			p.plan.Steps = append(p.plan.Steps, Step{Path: rel, Action: "keep", Detail: "you deleted it; it stays deleted (--recreate " + rel + " brings it back)"})
			return nil
		}
	}
	eol := "\n"
	if generator.CRLF(content) {
		eol, text = "\r\n", withCRLF(text)
	}
	var out []byte
	switch {
	case !exists:
		out = []byte(head + text)
	case len(content) == 0:
		out = []byte(text)
	case len(content) > 0 && content[len(content)-1] != '\n':
		out = slices.Concat(content, []byte(eol+eol+text))
	default:
		out = slices.Concat(content, []byte(eol+text))
	}
	p.keepBlock(rel, id, generator.Sum([]byte(text)))
	action := "append"
	if !exists {
		action = "create"
		if p.blockCreated == nil {
			p.blockCreated = map[string]string{}
		}
		p.blockCreated[rel] = component
	}
	p.editFile(rel, action, "guarded block "+id, out)
	return nil
}

// editMakefile includes gonew-prod.mk from the module's Makefile.
func (p *planner) editMakefile() error {
	if !slices.Contains(p.plan.Components, "makefile") {
		return nil
	}
	rel := p.makefile()
	content, _ := p.current(rel)
	_, _, inBlock, err := generator.FindBlock(content, "makefile")
	if err != nil {
		return refuse("nothing written: %s: %v, then run add again", rel, err)
	}
	// A pattern (-include *.mk) or a variable that takes in gonew-prod.mk once it is there,
	// besides the include named (the block's, or one of the user's that takes its place),
	// as update notes it too.
	if !inBlock {
		if at := p.ownInclude(rel); at != "" {
			if slices.Contains(p.opts.Recreate, rel) {
				return refuse("--recreate %s: %s includes gonew-prod.mk in place of gonew-prod's guarded block, which would include it a second time; remove that include (for a pattern such as -include *.mk, -include $(filter-out gonew-prod.mk,$(wildcard *.mk)) leaves gonew-prod.mk out), then run add with --recreate %s again, or leave %s out of --recreate", rel, at, rel, rel)
			}
			p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s, an include of yours, includes gonew-prod.mk in place of the guarded block makefile an earlier add inserted in %s: add takes it as the include and inserts no block", at, rel))
			if more := update.ProdMkIncludesBesides(p.readRepoFile, p.globRepo, rel, p.repoPath("gonew-prod.mk"), at); len(more) > 0 {
				p.plan.Notes = append(p.plan.Notes, update.ReadsProdMkTwice(more, at, "all but one of these includes", false))
			}
			return p.recipeClashes(rel)
		}
		if line, _ := update.NamesProdMk(content); line > 0 {
			return refuseComponent("makefile", "%s:%d includes gonew-prod.mk already, outside gonew-prod's guarded block; remove that line (add includes the file inside its own block) or leave out makefile", rel, line)
		}
	}
	if at := p.includesProdMkToo(rel); len(at) > 0 {
		block := "gonew-prod's guarded block at the end of " + rel
		if inBlock {
			p.plan.Notes = append(p.plan.Notes, update.ReadsProdMkTwice(at, block, "your include", false))
		} else {
			return refuseComponent("makefile", "%s, or leave out makefile", update.ReadsProdMkTwice(at, block, "your include", true))
		}
	}
	if err := p.recipeClashes(rel); err != nil {
		return err
	}
	return p.addBlock("makefile", rel, "makefile", makefileBlock(), makefileHead(p.answers.Name))
}

// makeBuild has the CI build the service with go build instead of make prod-build
// (vars["makefileBlock"] is "removed") while the module's makefile stays without the
// guarded block that includes gonew-prod.mk, which an earlier add inserted (see
// includeGone): make would find no prod-build there, and the CI would fail on its first
// run. A CI file the user edited since add wrote it keeps the build step the record has
// (add does not merge): the plan notes one that still runs make prod-build. Without
// makefile in the plan, the CI builds with make prod-build (vars["makeBuild"]) where the
// makefile is that of the record of an add run in the directory of a go.work below
// (innerMakefile): ci, added at the root, has a record of its own.
func (p *planner) makeBuild() error {
	if !slices.Contains(p.plan.Components, "ci") {
		return nil
	}
	if !slices.Contains(p.plan.Components, "makefile") {
		if p.innerMakefile() {
			p.vars["makeBuild"] = "true"
		}
		return nil
	}
	removed := p.includeGone()
	was := p.t.Record != nil && p.t.Record.Vars["makefileBlock"] == "removed"
	if removed != was {
		edited, err := p.editedFor("makefileBlock", "removed")
		if err != nil {
			return err
		}
		if len(edited) > 0 {
			// A file of yours that no longer runs make prod-build needs no note.
			stale := slices.DeleteFunc(slices.Clone(edited), func(rel string) bool {
				data, _, _, err := generator.Look(os.DirFS(p.t.Dir), rel)
				return err != nil || !bytes.Contains(data, []byte("make prod-build"))
			})
			if removed = was; !was && len(stale) > 0 {
				p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s, which you edited, builds with make prod-build, which the makefile no longer includes: bring the block back (gonew-prod add --recreate %s), or build with go build there", strings.Join(stale, ", "), p.makefile()))
			}
		}
	}
	if removed {
		p.vars["makefileBlock"] = "removed"
	}
	return nil
}

// render renders what add writes for answers and vars, with render paths: every render
// of add's templates (add's plan, update's of a record) passes through here, which gives
// the templates ciBuild, the build step of the CI job that the recorded vars above decide:
// "make" (make prod-build) with the makefile component where its block stays
// (makefileBlock not "removed"), or where makeBuild says the makefile of another record
// has prod-build; "go" (go build) otherwise. ciBuild is derived, never recorded.
func render(ctx context.Context, answers generator.Answers, vars map[string]string) ([]generator.File, error) {
	all := make(map[string]string, len(vars)+1)
	maps.Copy(all, vars)
	all["ciBuild"] = "go"
	if slices.Contains(answers.Features, "makefile") && vars["makefileBlock"] != "removed" || vars["makeBuild"] == "true" {
		all["ciBuild"] = "make"
	}
	return generator.Render(ctx, generator.Project{
		Templates: templates.FS(), Manifest: Manifest, Answers: answers, Vars: all, NoRecord: true,
	})
}

// includeGone reports whether the module's makefile stays without the guarded block that
// includes gonew-prod.mk, which an earlier add wrote: the user removed the block, or
// deleted the makefile, and --recreate does not name it (see removedBlock and addBlock),
// and no include of the user's takes its place (see ownInclude).
func (p *planner) includeGone() bool {
	rel := p.makefile()
	if p.t.Record == nil || slices.Contains(p.opts.Recreate, rel) {
		return false
	}
	content, exists := p.current(rel)
	if _, _, ok, err := generator.FindBlock(content, "makefile"); ok || err != nil {
		return false // editMakefile refuses a broken block
	}
	if p.ownInclude(rel) != "" {
		return false
	}
	recorded := slices.ContainsFunc(p.t.Record.Blocks, func(b generator.RecordBlock) bool { return b.Path == rel && b.ID == "makefile" })
	return recorded || !exists && p.t.Record.Entry(rel) != nil
}

// editedFor returns the files the record lists that the user edited since add wrote
// them and that vars[key] set to value, instead of as the plan has it, would render
// otherwise.
func (p *planner) editedFor(key, value string) ([]string, error) {
	now, err := p.renderFiles()
	if err != nil {
		return nil, err
	}
	vars := maps.Clone(p.vars)
	if vars[key] == value {
		delete(vars, key)
	} else {
		vars[key] = value
	}
	other, err := p.renderWith(p.answers, vars)
	if err != nil {
		return nil, err
	}
	var edited []string
	for _, f := range now {
		i := slices.IndexFunc(other, func(o generator.File) bool { return o.Path == f.Path })
		if i >= 0 && bytes.Equal(other[i].Content, f.Content) {
			continue
		}
		e := p.t.Record.Entry(f.Path)
		if e == nil {
			continue
		}
		// Read as render reads it: a path that is no regular file is render's to refuse.
		if data, _, blocker, err := generator.Look(os.DirFS(p.t.Dir), f.Path); err == nil && blocker == "" && data != nil && !generator.Unedited(data, e.SHA256) {
			edited = append(edited, f.Path)
		}
	}
	return edited, nil
}

// ownInclude returns where the module's makefile rel, without gonew-prod's guarded block,
// includes gonew-prod.mk all the same (update.OwnProdMkInclude), when an earlier add
// recorded makefile, and "" otherwise. Such an include of the user's takes the block's
// place: add inserts no block then, and the CI builds with make prod-build.
func (p *planner) ownInclude(rel string) string {
	if p.t.Record == nil || !slices.Contains(p.t.Record.Components, "makefile") {
		return ""
	}
	return update.OwnProdMkInclude(p.readRepoFile, p.globRepo, rel, p.repoPath("gonew-prod.mk"))
}

// includesProdMkToo returns the include directives of the makefile rel, and of the files
// it includes, that name the gonew-prod.mk add writes other than those of gonew-prod's
// guarded block (update.ProdMkIncludes).
func (p *planner) includesProdMkToo(rel string) []string {
	return update.ProdMkIncludes(p.readRepoFile, p.globRepo, rel, p.repoPath("gonew-prod.mk"))
}

// ignoreBinary has git ignore the binary make prod-build writes (bin/NAME in the module),
// with a guarded block in the module's .gitignore (created when there is none), unless
// git ignores it already, or the block would undo a negation of the user's that keeps
// the binary (negatedBinary): that is noted, and the file left as it is.
func (p *planner) ignoreBinary() error {
	if !slices.Contains(p.plan.Components, "makefile") {
		return nil
	}
	binDir := p.repoPath("bin")
	if info, err := os.Stat(filepath.Join(p.t.Dir, filepath.FromSlash(binDir))); err == nil && !info.IsDir() {
		return refuseComponent("makefile", "%s is a file (one of yours?), and make prod-build writes the binary into a directory of that name (%s/%s): move it away, or leave out makefile", binDir, binDir, p.answers.Name)
	}
	if !p.t.Git {
		return nil
	}
	rel := p.repoPath(".gitignore")
	_, _, blocker, err := generator.Look(os.DirFS(p.t.Dir), rel)
	if err != nil {
		return err
	}
	there := false
	if blocker == "" {
		content, _ := p.current(rel)
		_, _, there, _ = generator.FindBlock(content, blockIgnore)
	}
	binary := p.repoPath("bin/" + p.answers.Name)
	ignored, err := p.ignoredByGit([]string{binary})
	if err != nil {
		return err
	}
	if _, err := os.Lstat(filepath.Join(p.t.Dir, filepath.FromSlash(binary))); err == nil && len(ignored) == 0 && !p.ours(p.repoPath("gonew-prod.mk")) {
		// Not a build's output, which git would ignore: a file of the user's.
		return refuseComponent("makefile", "%s is a file git does not ignore (one of yours?), and make prod-build writes the binary there: move it away, or leave out makefile", binary)
	}
	// Only a .gitignore every clone has counts: a rule of this clone's .git/info/exclude
	// or of the user's own excludes file leaves teammates' clones without one.
	recorded := p.t.Record != nil && slices.ContainsFunc(p.t.Record.Blocks, func(b generator.RecordBlock) bool { return b.Path == rel && b.ID == blockIgnore })
	if !there && !recorded && slices.ContainsFunc(ignored, gitview.Ignored.Shared) {
		return nil
	}
	if blocker != "" {
		// Not a file add edits: ignoring the binary is left to the user.
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("make prod-build writes bin/%s, which git does not ignore, and %s %s: have git ignore the binary yourself", p.answers.Name, rel, blocker))
		return nil
	}
	if !there && !recorded {
		if err := p.negatedBinary(rel, binary); err != nil {
			p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("make prod-build writes bin/%s; ignoring it in %s %v: %s left as it is, your negation being your decision (ignore the binary yourself if you mean to)", p.answers.Name, rel, err, rel))
			return nil
		}
	}
	return p.addBlock("makefile", rel, blockIgnore, ignoreBlock(p.answers.Name), "")
}

// negatedBinary checks the guarded block ignoreBinary would append to rel, the module's
// .gitignore, against the negations (!pattern) of the user's that keep binary, the
// repository path of the binary, for git to see: as update checks a merge of a .gitignore
// (merge.Git.Order), in rel, and in each .gitignore above it up to the top of the
// work tree, which git reads before rel, so that the block's pattern stands after their
// lines. It returns the error naming the negation the block would undo, or nil.
func (p *planner) negatedBinary(rel, binary string) error {
	content, _ := p.current(rel)
	if err := merge.Git.Order(content, nil, slices.Concat(content, []byte("\n"+ignoreBlock(p.answers.Name)))); err != nil {
		return err
	}
	file := filepath.Join(p.t.Dir, filepath.FromSlash(binary))
	for dir := filepath.Dir(filepath.Join(p.t.Dir, filepath.FromSlash(rel))); ; {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return nil // the top of the work tree
		}
		up := filepath.Dir(dir)
		if up == dir {
			return nil
		}
		dir = up
		data, _, blocker, err := generator.Look(os.DirFS(dir), ".gitignore")
		if err != nil || blocker != "" || data == nil {
			continue // no file git reads there, or none add reads (a link)
		}
		below, err := filepath.Rel(dir, file)
		if err != nil {
			return nil
		}
		pattern := "/" + filepath.ToSlash(below)
		if err := merge.Git.Order(data, nil, slices.Concat(data, []byte("\n"+pattern+"\n"))); err != nil {
			name, err2 := filepath.Rel(p.t.Dir, filepath.Join(dir, ".gitignore"))
			if err2 != nil {
				name = filepath.Join(dir, ".gitignore")
			}
			return fmt.Errorf("%w (in %s)", err, filepath.ToSlash(name))
		}
	}
}

// editGitLab includes the CI job file from .gitlab-ci.yml (setVars refused an include of
// the user's), with a guarded block at its end when that keeps the configuration as it
// is but for the include (see appendKeeps).
func (p *planner) editGitLab() error {
	if !slices.Contains(p.plan.Components, "ci") || p.answers.CI != "gitlab" {
		return nil
	}
	if err := p.gitlabJobClashes(); err != nil {
		return err
	}
	if p.userIncludesJobs() || p.jobsRemoved() {
		return nil // your include: names the job file already, or you took the jobs out
	}
	before, existed := p.current(gitlabFile)
	if err := p.addBlock("ci", gitlabFile, "ci", gitlabBlock(), ""); err != nil {
		return err
	}
	if after, _ := p.current(gitlabFile); existed && !bytes.Equal(before, after) {
		return appendKeeps(before, after)
	}
	return nil
}

// commandLibraries are the packages of programs that serve only when given a command.
var commandLibraries = []string{"github.com/spf13/cobra", "github.com/urfave/cli"}

// noteCommands says so when the program takes a command (cobra, urfave/cli): the image
// and the Deployment start it without arguments, which may only print its usage.
func (p *planner) noteCommands() error {
	if !slices.Contains(p.plan.Components, "docker") && !slices.Contains(p.plan.Components, "k8s") {
		return nil
	}
	for _, pkg := range p.t.Main.Program {
		for _, f := range pkg.Files {
			for _, imp := range f.Imports {
				if slices.ContainsFunc(commandLibraries, func(lib string) bool { return imp.Path == lib || strings.HasPrefix(imp.Path, lib+"/") }) {
					p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("the program takes commands (%s:%d imports %s), and the image and the Deployment start it without arguments: if it serves only under a command (serve, say), add that command to the Dockerfile's ENTRYPOINT and to the container's args", f.Path, imp.Line, imp.Path))
					return nil
				}
			}
		}
	}
	return nil
}

// wiring returns the serving calls of the main package and the one to wire, found once
// (findWiring parses the package) for the steps that read them.
func (p *planner) wiring() wiring {
	if p.serving == nil {
		w := findWiring(p.t.Repo, p.t.Main, p.t.Record)
		p.serving = &w
	}
	return *p.serving
}

// notePortMoved says so when the serving call names another port than the http_port an
// earlier add recorded (the program moved, or the port was changed in the wired call) and
// a file of docker or k8s names it: those files take the call's port, where the program
// listens, and the record keeps it (see keepRecorded).
func (p *planner) notePortMoved() {
	rec := p.t.Record
	if rec == nil || rec.Answers.HTTPPort == 0 || rec.Answers.HTTPPort == p.answers.HTTPPort {
		return
	}
	var files []string
	if slices.Contains(p.plan.Components, "docker") {
		files = append(files, "the Dockerfile's EXPOSE")
	}
	if slices.Contains(p.plan.Components, "k8s") {
		files = append(files, "the Deployment (its container port, probes and HTTP_ADDR)")
	}
	if len(files) == 0 {
		return
	}
	at := "the serving call"
	if c := p.wiring().chosen; c != nil {
		at = c.where(p.t.Repo.Fset) + ": " + c.file.src(p.t.Repo.Fset, c.call)
	}
	p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s names port %d, not the %d an earlier add recorded (http_port): %s take %d, the port the program listens on, and the record keeps it", at, p.answers.HTTPPort, rec.Answers.HTTPPort, strings.Join(files, " and "), p.answers.HTTPPort))
}

// notePort says so when the image or the Deployment this add writes listens on the
// default port because the address of the serving call is not a literal add reads a
// port from (a flag, a variable, the environment), and what decides where the program
// listens: HTTP_ADDR once it serves through gonew-prod's code, its own address before.
func (p *planner) notePort() error {
	p.notePortMoved()
	docker, k8s := slices.Contains(p.plan.New(), "docker"), slices.Contains(p.plan.New(), "k8s")
	if !docker && !k8s {
		return nil
	}
	w := p.wiring()
	c := w.chosen
	if c != nil && (c.done || c.addr == "" && !c.server && p.t.Main.Framework == repo.Gin) {
		return nil // wired already, or gin's Run(): 8080
	}
	if c != nil {
		if _, ok := c.port(); ok {
			return nil
		}
	}
	port := p.answers.HTTPPort
	var set, where []string
	if docker {
		set = append(set, fmt.Sprintf("the Dockerfile EXPOSEs %d", port))
		where = append(where, "EXPOSE")
	}
	if k8s {
		set = append(set, fmt.Sprintf("the Deployment's container port is %d (its probes and the Service's target, with HTTP_ADDR=:%d)", port, port))
		where = append(where, "the Deployment")
	}
	if c == nil {
		// No serving call add can tell (its own note says so): nothing says the port.
		msg := fmt.Sprintf("add finds no serving call in package main to read a port from, so %s: check where the program listens and make %s name its port", strings.Join(set, " and "), strings.Join(where, " and "))
		var named []string
		for _, a := range w.addrs {
			if a.port != port {
				named = append(named, fmt.Sprintf("%s names port %d", a.at, a.port))
			}
		}
		if len(named) > 0 {
			msg += fmt.Sprintf(" (%s)", strings.Join(named, "; "))
		}
		p.plan.Notes = append(p.plan.Notes, msg)
		return nil
	}
	addr := c.addr
	if addr == "" {
		addr = "the http.Server's Addr"
	}
	if c.unsupported != "" {
		// --wire cannot make the program listen at HTTP_ADDR: the call listens where it
		// says until it is wired by hand.
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s: add reads no port from %s, the address the program listens on, so %s; --wire does not rewrite this call (it %s): until it is wired by hand, the program listens at %s, whose port %s must name (once wired, at HTTP_ADDR when it is set)", c.where(p.t.Repo.Fset), addr, strings.Join(set, " and "), c.unsupported, addr, strings.Join(where, " and ")))
		return nil
	}
	msg := fmt.Sprintf("%s: add reads no port from %s, the address the program listens on, so %s: once the serving call is wired, the program listens at HTTP_ADDR when it is set", c.where(p.t.Repo.Fset), addr, strings.Join(set, " and "))
	if docker {
		msg += fmt.Sprintf(", which the image does not set: add ENV HTTP_ADDR=:%d to the Dockerfile, or run it with -e HTTP_ADDR=:%d", port, port)
	}
	p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s; until then it listens at %s, whose port %s must name", msg, addr, strings.Join(where, " and ")))
	return nil
}

// notePublicPprof names, when this add brings pprof, the profiling handlers audit finds
// served on the public listener (a router's Mount of a profiler, pprof.Index on the
// served mux): the admin listener add writes serves the profiles with a token, but
// those stay open to anyone who reaches the service, and audit keeps failing pprof,
// until the user removes them. The blank import of net/http/pprof on the
// http.DefaultServeMux a serving call serves is the wiring note's (debugNote).
func (p *planner) notePublicPprof() error {
	if !slices.Contains(p.plan.New(), "pprof") {
		return nil
	}
	rep, err := audit.Run(p.ctx, p.t.Repo, audit.Options{Only: []string{"pprof"}, Main: p.t.Main.Dir()})
	if err != nil {
		return fmt.Errorf("pprof: reading where the program serves profiles: %w", err)
	}
	at := PublicPprof(rep, p.t)
	if at == "" {
		return nil
	}
	if s := p.wiring().serve; s != nil && s.defaultMux && strings.Contains(at, "DefaultServeMux") {
		return nil
	}
	p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s; the admin listener add writes serves the profiles with a token, but those routes stay open to anyone who reaches the service (and audit keeps failing pprof) until you remove them", at))
	return nil
}

// Wired reports whether the main package of t serves through gonew-prod's code: an
// earlier add --wire replaced its serving call, or it calls gonew-prod's serve itself.
func Wired(t *Target) bool {
	p := &planner{t: t, contents: map[string][]byte{}}
	done, err := p.existingBlock(blockWire)
	if done || err != nil {
		return done
	}
	c := findWiring(t.Repo, t.Main, t.Record).chosen
	return c != nil && c.done
}

// PublicPprof returns what audit's report rep says of profiling handlers served on the
// public listener of the main package of t, with the places it names (file:line and
// code) but in the files an earlier add wrote (its admin listener), or "" when it finds
// none.
func PublicPprof(rep *audit.Report, t *Target) string {
	main := t.Main.Dir()
	for _, r := range rep.Results {
		if r.Check != "pprof" || r.Status != audit.Fail || r.Main != "" && r.Main != main || !strings.Contains(r.Message, "public") {
			continue
		}
		var at []string
		for _, e := range r.Evidence {
			if t.Record.Entry(e.File) != nil {
				continue
			}
			at = append(at, strings.TrimSpace(fmt.Sprintf("%s:%d %s", e.File, e.Line, e.Snippet)))
		}
		return fmt.Sprintf("audit: %s (%s)", r.Message, strings.Join(at, "; "))
	}
	return ""
}

// noteDangling says so when a file of the user's includes a file of add's that the user
// deleted and that stays deleted: make, or GitLab, fails on the include.
func (p *planner) noteDangling() error {
	includes := []struct{ by, file, what string }{
		{p.makefile(), p.repoPath("gonew-prod.mk"), "make stops at the include"},
		{gitlabFile, gitlabJobs, "GitLab rejects the pipeline"},
	}
	for _, inc := range includes {
		if !slices.Contains(p.removed, inc.file) || slices.Contains(p.opts.Recreate, inc.file) {
			continue
		}
		content, _ := p.current(inc.by)
		if !bytes.Contains(content, []byte(path.Base(inc.file))) {
			continue
		}
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s includes %s, which you deleted: %s; remove the include, or bring the file back with --recreate %s", inc.by, inc.file, inc.what, inc.file))
	}
	return nil
}

// editMain wires the main package: the tracing middleware right after the router it
// serves is built (gin, Echo v5), and with Wire the serving call.
func (p *planner) editMain() error {
	if !slices.Contains(p.plan.Components, "shutdown") {
		return nil
	}
	if err := p.checkNames(); err != nil {
		return err
	}
	w := p.wiring()
	if fw := p.t.Main.Framework; slices.Contains(p.plan.Components, "otel") && (fw == repo.Gin || fw == repo.Echo5) {
		if err := p.insertMiddleware(w); err != nil {
			return err
		}
	} else if p.vars["ownTracing"] == "true" && p.vars["ownProvider"] != "true" {
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s traces the requests already: gonew-prod's serving code does not wrap the handler in otelhttp a second time (every request would be recorded twice); it sets up the SDK and the propagators yours uses", w.tracing))
	} else if p.vars["ownTracing"] == "true" {
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s traces the requests already: gonew-prod's serving code does not wrap the handler in otelhttp a second time (every request would be recorded twice)", w.tracing))
	}
	if p.vars["ownProvider"] == "true" && slices.Contains(p.plan.New(), "otel") {
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s: the program sets up OpenTelemetry itself: gonew-prod's serving code leaves its providers, exporters and propagators as they are (it does not set up gonew-prod's SDK, which would replace them, nor write internal/platform/telemetry, which only that setup uses, and does not read OTEL_*); the tracing middleware records with the program's provider", w.provider))
	}
	if rec := p.t.Record; rec != nil && slices.Contains(rec.Components, "otel") && rec.Vars["ownProvider"] != p.vars["ownProvider"] {
		// An earlier add recorded otel the other way: what the serving code does changes.
		if p.vars["ownProvider"] == "true" {
			p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s: the program now sets up OpenTelemetry itself: gonew-prod's serving code no longer sets up its SDK, which would replace the program's providers, exporters and propagators, and no longer reads OTEL_* (your setup configures them now); internal/platform/telemetry, which only that setup uses, is no longer written or recorded: the files of it you did not edit are deleted, those you edited (all of them where code of yours imports the package) stay, yours (see their lines above); the tracing middleware records with the program's provider", w.provider))
		} else {
			p.plan.Notes = append(p.plan.Notes, "the program no longer sets up OpenTelemetry itself (no otel.SetTracerProvider or otel.SetMeterProvider in package main or a package of the repository it imports): gonew-prod's serving code sets up its SDK, with internal/platform/telemetry, which add writes now, and reads OTEL_*")
		}
	}
	if at := w.memoryLimit; at != "" && slices.Contains(p.plan.New(), "procs") {
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s: procs keeps the memory limit the program sets itself: gonew-prod's serving code sets GOMEMLIMIT from the container's memory limit only when no limit is set as it starts (by the GOMEMLIMIT variable, or by a debug.SetMemoryLimit that runs before the serving call)", at))
	}
	if err := p.wire(w); err != nil {
		return err
	}
	if slices.Contains(p.plan.Components, "k8s") && !p.wired(w) {
		p.plan.Notes = append(p.plan.Notes, "k8s: the Deployment's probes ask /healthz and /readyz, which gonew-prod's serving code answers; until the program serves through it (see the wiring note), the kubelet would find neither and restart the pods: wire the serving call, or change the probes")
	}
	return p.applyGoEdits()
}

// wrapsOTel reports whether gonew-prod's serving code traces with otelhttp around the
// handler it serves (see prodRun): for every framework but gin and Echo v5, whose
// tracing middleware add inserts on the router instead.
func (p *planner) wrapsOTel() bool {
	fw := p.t.Main.Framework
	return fw != repo.Gin && fw != repo.Echo5
}

// wired reports whether the serving call serves through gonew-prod's code once the plan
// is written: wired by this add or an earlier one.
func (p *planner) wired(w wiring) bool {
	if done, _ := p.existingBlock(blockWire); done || w.chosen != nil && w.chosen.done {
		return true
	}
	for _, ids := range p.goBlocks {
		if slices.Contains(ids, blockWire) {
			return true
		}
	}
	return false
}

// applyGoEdits applies the splices of each Go file at once (their offsets are of the
// file as read) and records the guarded blocks they add. In a file gofmt leaves as it
// is, the blocks take gofmt's layout, so that the file stays so.
func (p *planner) applyGoEdits() error {
	files := make([]string, 0, len(p.goEdits))
	for f := range p.goEdits {
		files = append(files, f)
	}
	slices.Sort(files)
	for _, f := range files {
		content, _ := p.current(f)
		edits := p.goEdits[f]
		if generator.CRLF(content) {
			// The inserted lines end as the file's do.
			edits = slices.Clone(edits)
			for i := range edits {
				edits[i].text = withCRLF(edits[i].text)
			}
		}
		out, err := applyEdits(content, edits)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		// gofmt drops a leading byte order mark, and nothing else of a file it leaves so.
		bom := []byte("\ufeff")
		src := bytes.TrimPrefix(content, bom)
		if formatted, err := format.Source(src); err == nil && bytes.Equal(formatted, src) {
			hasBOM := len(src) < len(content)
			out = gofmtBlocks(bytes.TrimPrefix(out, bom), p.goBlocks[f])
			if hasBOM {
				out = slices.Concat(bom, out)
			}
		}
		for _, id := range p.goBlocks[f] {
			start, end, ok, err := generator.FindBlock(out, id)
			if err != nil || !ok {
				return fmt.Errorf("%s: the guarded block %s add inserted is not found (%v)", f, id, err)
			}
			p.keepBlock(f, id, generator.Sum(out[start:end]))
		}
		p.editFile(f, strings.Join(p.goActions[f], "+"), "", out)
	}
	return nil
}

// goBlock plans inserting or replacing content[start:end] of the Go file rel with the
// guarded block text, called id, for the action.
func (p *planner) goBlock(rel, id, action string, start, end int, text string) {
	p.goEdits[rel] = append(p.goEdits[rel], edit{start: start, end: end, text: text})
	p.goActions[rel] = append(p.goActions[rel], action)
	p.goBlocks[rel] = append(p.goBlocks[rel], id)
}

// existingBlock records the guarded block id when a Go file of the main package holds it
// already (from an earlier add), and reports whether one does.
func (p *planner) existingBlock(id string) (bool, error) {
	for _, f := range p.t.Main.Package.AllFiles() {
		content, _ := p.current(f.Path)
		start, end, ok, err := generator.FindBlock(content, id)
		if err != nil {
			return false, fmt.Errorf("%s: %w", f.Path, err)
		}
		if ok {
			p.keepFound(f.Path, id, content[start:end])
			return true, nil
		}
	}
	return false, nil
}

// insertMiddleware inserts the tracing middleware on the router the program serves,
// right after it is built, or tells the user where it goes when add cannot tell.
func (p *planner) insertMiddleware(w wiring) error {
	if done, err := p.existingBlock(blockOTel); done || err != nil || p.removedBlock("", blockOTel) {
		return err
	}
	use := fnMiddleware + "()"
	r := w.router
	if at := w.tracing; at != "" {
		if r != nil && r.framework == p.t.Main.Framework {
			p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("the tracing middleware is not inserted: %s installs one already (a second would record every request twice); add sets up the SDK and the propagators it uses", at))
		} else {
			p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s installs a tracing middleware, and gonew-prod's serving code traces every request with otelhttp too: remove yours, or every request is recorded twice", at))
		}
		return nil
	}
	switch {
	case r == nil:
		name := "r"
		if c := w.chosen; c != nil && c.handler != nil {
			if id, ok := unparen(c.handler).(*ast.Ident); ok {
				name = id.Name // the router the serving call serves
			}
		}
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("the tracing middleware is not inserted: %s; add %s.Use(%s) where the router the service serves is built, before its routes", w.routerProblem, name, use))
		return nil
	case r.framework != p.t.Main.Framework:
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("the tracing middleware is not inserted: the router %s is %s, not %s; add the middleware of its framework yourself", r.name, r.framework, p.t.Main.Framework))
		return nil
	}
	text := block("//", r.indent, blockOTel, "(added by gonew-prod add: traces with the route as span name)",
		[]string{r.name + ".Use(" + use + ")"})
	p.goBlock(r.file.path, blockOTel, "insert", r.at, r.at, text)
	return nil
}

// wire replaces the serving call with prodServe (or its kin), or tells the user the
// change; with Wire, it refuses when there is no call it can wire.
func (p *planner) wire(w wiring) error {
	p.noteUnbuilt(w)
	if done, err := p.existingBlock(blockWire); done || err != nil || p.removedBlock("", blockWire) {
		return err // wired by an earlier add, or unwired by the user since
	}
	if !p.opts.Wire && p.t.Record != nil {
		for _, b := range p.t.Record.Blocks {
			if b.ID == blockWire && slices.Contains(p.opts.Recreate, b.Path) {
				p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("--recreate %s: the guarded block %s, which replaces the serving call, comes back only with --wire: run gonew-prod add --recreate %s --wire", b.Path, blockWire, b.Path))
			}
		}
	}
	fset := p.t.Repo.Fset
	if c := w.chosen; c != nil && c.done {
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s: %s serves through gonew-prod already", c.where(fset), c.file.src(fset, c.call)))
		return nil
	}
	if msg, err := p.shadowedRoutes(); err != nil || msg != "" {
		if err != nil || p.opts.Wire {
			return cmp.Or(err, refuse("--wire: %s; nothing written", msg))
		}
		p.plan.Notes = append(p.plan.Notes, msg)
		return nil
	}
	if w.selfShutdown != "" {
		msg := fmt.Sprintf("package main shuts down by itself: %s; gonew-prod's shutdown would race it (no readiness flip, the process ending during the drain), so add does not wire it. To serve through gonew-prod's instead, remove that signal handling and Shutdown, serve with a blocking call in main (srv.ListenAndServe(), r.Run, e.Start) and run add --wire again", w.selfShutdown)
		if p.opts.Wire {
			return refuse("--wire: %s; nothing written", msg)
		}
		p.plan.Notes = append(p.plan.Notes, msg)
		return nil
	}
	if w.caught != "" && w.serve != nil {
		// A second receiver of the signal does not disturb gonew-prod's; what the
		// program does on it might.
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("package main catches SIGINT or SIGTERM (%s) but calls no Shutdown: nothing drains the requests on SIGTERM until the serving call is wired, after which gonew-prod's serving code does; should your code end the process on that signal (os.Exit, log.Fatal) or cancel a context the requests use, it cuts the drain short: remove that", w.caught))
	}
	if w.serve == nil {
		if p.opts.Wire {
			return refuse("--wire: %s; nothing written", w.problem)
		}
		p.plan.Notes = append(p.plan.Notes, w.problem)
		return nil
	}
	for _, c := range w.others {
		note := fmt.Sprintf("%s: %s is left as it is: add wires the call of %s only", c.where(fset), c.file.src(fset, c.call), w.serve.where(fset))
		if port, ok := c.port(); ok && slices.Contains(p.plan.Components, "pprof") {
			if rec := p.t.Record; rec != nil && port == rec.Answers.AdminPort {
				note += fmt.Sprintf("; it listens on port %d, the admin_port an earlier add recorded, so pprof's admin listener takes 127.0.0.1:%d (ADMIN_ADDR) instead, and the record keeps it", port, p.answers.AdminPort)
			} else if port == 6060 {
				note += fmt.Sprintf("; it listens on port 6060, so pprof's admin listener takes 127.0.0.1:%d (ADMIN_ADDR) instead", p.answers.AdminPort)
			}
		}
		p.plan.Notes = append(p.plan.Notes, note)
	}
	s := w.serve
	content := s.file.content
	first, last := fset.Position(s.call.Pos()).Offset, fset.Position(s.call.End()).Offset
	start, end := lineStart(content, first), lineEnd(content, last)
	indent := indentAt(content, start)
	replacement := s.replacement()
	original := s.file.src(fset, s.call)
	if rawStringAcross(fset, s.file.syntax, start, end) {
		msg := fmt.Sprintf("%s: the lines of the serving call hold part of a raw string over several lines, which the guarded block of --wire would change; move the string into a constant or variable (or the serving call onto a line of its own), then run add --wire", s.where(fset))
		if p.opts.Wire {
			return refuse("--wire: %s; nothing written", msg)
		}
		p.plan.Notes = append(p.plan.Notes, msg)
		return nil
	}
	if note := w.debugNote(fset, p.opts.Wire, slices.Contains(p.plan.Components, "pprof")); note != "" {
		p.plan.Notes = append(p.plan.Notes, note)
	}
	dedent := func(code string) string { return strings.ReplaceAll(code, "\n"+indent, "\n") }
	if !p.opts.Wire {
		p.plan.Unwired = &Rewrite{At: s.where(fset), Old: dedent(original), New: dedent(replacement)}
		return nil
	}
	var lines []string
	for _, l := range merge.SplitLines(content[start:end]) {
		lines = append(lines, strings.TrimRight("// "+strings.TrimPrefix(strings.TrimRight(l, "\r\n"), indent), " \t"))
	}
	changed := string(content[start:first]) + replacement + string(content[last:end])
	for _, l := range merge.SplitLines([]byte(changed)) {
		lines = append(lines, strings.TrimPrefix(strings.TrimRight(l, "\r\n"), indent))
	}
	text := block("//", indent, blockWire, "(replaced by gonew-prod add --wire; the original:)", lines)
	p.goBlock(s.file.path, blockWire, "wire", start, end, text)
	first0 := bytes.Count(content[:start], []byte("\n"))
	last0 := first0 + len(merge.SplitLines(content[start:end]))
	replaced := map[int]bool{}
	for i := first0; i < last0; i++ {
		replaced[i] = true
	}
	p.replaced[s.file.path] = replaced
	p.plan.Wired = &Rewrite{At: s.where(fset), Old: dedent(original), New: dedent(replacement), More: p.emptyAddrNote(s)}
	return nil
}

// emptyAddrNote returns what the wired note adds when the address of s, a call of
// net/http's that listens at ":http" (port 80) for an empty address, may be empty and
// the wired call reads an empty one as gin's Run does (":$PORT", else ":8080"): the
// serving code of gin and Echo programs. Elsewhere it keeps ":http" (see prodAddr).
func (p *planner) emptyAddrNote(s *serveCall) string {
	if fw := p.t.Main.Framework; !s.netHTTP || fw != repo.Gin && fw != repo.Echo5 && fw != repo.Echo4 {
		return ""
	}
	if _, ok := s.port(); ok {
		return ""
	}
	addr := s.addr
	if addr == "" {
		addr = "the http.Server's Addr"
	}
	return fmt.Sprintf("; where %s is empty, ListenAndServe listened at \":http\" (port 80), and the wired call of a %s program listens at \":$PORT\", else \":8080\", as gin's Run does: set HTTP_ADDR=:80 (or give the address in the code) to keep port 80", addr, p.t.Main.Framework)
}

// servedPaths are the paths whose GET and HEAD requests gonew-prod's serving code
// answers itself, before the program's handler (see prodRoutes in gonew_prod.go): the
// probes, and /version with the version component.
func (p *planner) servedPaths() []string {
	paths := []string{"/healthz", "/readyz"}
	if slices.Contains(p.plan.Components, "version") {
		paths = append(paths, "/version")
	}
	return paths
}

// shadowedRoutes describes the routes of the program's own (as audit's health check
// finds them) at paths gonew-prod's serving code answers itself: once wired, the
// program's readiness checks or version endpoint would never be reached. It returns ""
// when there are none.
func (p *planner) shadowedRoutes() (string, error) {
	paths := p.servedPaths()
	routes, err := audit.Routes(p.ctx, p.t.Repo, p.t.Main, paths...)
	if err != nil {
		return "", err
	}
	var at, found []string
	for _, r := range routes {
		if p.ours(r.At.File) {
			continue
		}
		at = append(at, fmt.Sprintf("%s:%d %s", r.At.File, r.At.Line, r.Path))
		if !slices.Contains(found, r.Path) {
			found = append(found, r.Path)
		}
	}
	if len(at) == 0 {
		return "", nil
	}
	return fmt.Sprintf("the program registers %s itself (%s), which gonew-prod's serving code answers before the program's handler (%s): wired, GET and HEAD there would never reach your routes (a readiness check of yours, your version's body), so add does not wire it. Rename or remove your routes (gonew-prod's /readyz turns 503 on shutdown), then run add --wire again; or leave out shutdown",
		strings.Join(found, ", "), strings.Join(at, "; "), strings.Join(paths, ", ")), nil
}

// noteUnbuilt names the serving calls of files of the main package that this GOOS,
// GOARCH and build tags leave out (a main_windows.go beside main_unix.go): add sees and
// wires only what the default build compiles.
func (p *planner) noteUnbuilt(w wiring) {
	if len(w.unbuilt) == 0 {
		return
	}
	msg := fmt.Sprintf("add looked only at the files this GOOS (%s) builds", build.Default.GOOS)
	if c := w.chosen; c != nil && (c.done || p.opts.Wire && w.serve != nil) {
		msg = fmt.Sprintf("add wired only %s, the file this GOOS (%s) builds", path.Base(c.file.path), build.Default.GOOS)
	}
	p.plan.Notes = append(p.plan.Notes, msg+"; "+strings.Join(w.unbuilt, ", ")+" serves too: wire it by hand (gonew_prod.go has what to call)")
}

// check is the preservation check: every line of every file the plan changes is still
// there, in order (the wired call aside), and go.mod keeps all it had.
func (p *planner) check() error {
	for _, c := range p.plan.Changes {
		if c.Old == nil {
			continue
		}
		if e := p.t.Record.Entry(c.Path); e != nil && e.Owner == generator.OwnerTool && generator.Unedited(c.Old, e.SHA256) {
			continue // the tool's own file, unedited since an earlier add wrote it
		}
		if strings.HasPrefix(c.Path, p.repoPath("vendor/")) {
			// go mod vendor's output from go.mod, whose own check is above: a raised
			// requirement rewrites vendor/modules.txt and the module's files.
			continue
		}
		switch path.Base(c.Path) {
		case "go.mod":
			if err := merge.GoModPreserves(c.Old, c.Content); err != nil {
				return refuse("preservation check of %s: %v; nothing written", c.Path, err)
			}
			continue
		case "go.work":
			if err := checkGoWork(c.Path, c.Old, c.Content); err != nil {
				return err
			}
			continue
		case "go.sum":
			// A set of checksums, which the go command keeps sorted: kept as a set.
			if err := merge.GoSumPreserves(c.Old, c.Content); err != nil {
				return refuse("preservation check of %s: %v; nothing written", c.Path, err)
			}
			continue
		}
		if err := keepsLines(c.Path, c.Old, c.Content, p.replaced[c.Path]); err != nil {
			return err
		}
	}
	return nil
}
