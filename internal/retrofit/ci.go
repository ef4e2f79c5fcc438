package retrofit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/version"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/audit"
	"github.com/gonew-prod/gonew-prod/internal/gitview"
	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/workspace"
	"github.com/gonew-prod/gonew-prod/internal/yamlerr"
)

// ciAtRoot refuses the ci component when the directory add works in is below the root
// of its git work tree (see Target.ciBelowRoot).
func (p *planner) ciAtRoot() error {
	if !slices.Contains(p.plan.Components, "ci") {
		return nil
	}
	return p.t.ciBelowRoot(p.ctx, p.opts.Env)
}

// ciBelowRoot refuses the ci component when t.Dir is below the root of its git work
// tree: GitHub reads workflows, and GitLab its configuration, only at that root, where
// the files add writes for the repository would not be, and where those of a project
// gonew-prod new made in t.Dir never run. The refusal names the add to run at the root.
func (t *Target) ciBelowRoot(ctx context.Context, env []string) error {
	if !t.Git {
		return nil
	}
	cmd := exec.CommandContext(ctx, "git", "rev-parse", "--show-prefix", "--show-toplevel")
	cmd.Dir, cmd.Env = t.Dir, env
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("git rev-parse in %s: %w", t.Dir, err)
	}
	prefix, root, _ := strings.Cut(strings.TrimRight(string(out), "\n"), "\n")
	if prefix == "" {
		return nil
	}
	main := "./" + path.Join(prefix, t.Main.Dir())
	record := ""
	if rec := t.Record; rec != nil && len(rec.Components) > 0 && t.Module.Dir == "." {
		record = " (it moves the record of the earlier add here to the root)"
	}
	return refuseComponent("ci", "ci: GitHub reads workflows (.github/workflows) and GitLab its configuration (.gitlab-ci.yml) only at the root of the git repository, %s, not in %s where add works; run add at the root, gonew-prod add --dir %s --main %s ci, which writes them there to run in %s%s, or leave out ci",
		root, strings.TrimSuffix(prefix, "/"), root, main, path.Join(prefix, t.Module.Dir), record)
}

// chooseCI settles the CI provider ci writes for: the one an earlier add wrote ci for,
// else the one given (--ci), else the one the repository has, GitHub when it has none.
// A repository with both GitHub workflows and a GitLab pipeline is refused without --ci:
// which one runs the checks is the user's to say.
func (p *planner) chooseCI() error {
	given := p.opts.CI
	if given != "" && given != "github" && given != "gitlab" {
		return refuse("--ci %s: add writes CI for github or gitlab", given)
	}
	if !slices.Contains(p.plan.Components, "ci") {
		if given != "" {
			return refuse("--ci %s names the CI provider of the ci component, which this add does not add; add ci to the components, or leave out --ci", given)
		}
		return nil
	}
	if rec := p.t.Record; rec != nil && slices.Contains(rec.Components, "ci") && rec.Answers.CI != "" {
		if given != "" && given != rec.Answers.CI {
			return refuse("--ci %s: an earlier add wrote ci for %s (%s records it); remove what it wrote for %[2]s and the ci component from the record first, or leave out --ci", given, rec.Answers.CI, generator.RecordFile)
		}
		return nil
	}
	if given != "" {
		p.t.Answers.CI = given
		return nil
	}
	// Discovery reads no file that is not a regular one, and git tracks no named pipe:
	// anything else at .gitlab-ci.yml would go unseen, and GitHub be chosen for a
	// repository whose CI may be GitLab's.
	if info, err := os.Lstat(p.abs(gitlabFile)); err == nil && !info.Mode().IsRegular() {
		return refuseComponent("ci", "ci: %s is %s, not a regular file, so add cannot tell whether the repository's CI is GitLab's; make it the regular file GitLab reads, or remove it, or say which CI add writes for with --ci github or --ci gitlab", gitlabFile, repo.Irregular(info.Mode().Type()))
	}
	var github, gitlab []string
	for _, c := range p.t.Repo.CI {
		switch c.Kind {
		case repo.GitHub:
			github = append(github, c.Path)
		case repo.GitLab:
			gitlab = append(gitlab, c.Path)
		}
	}
	if p.t.Git {
		// What git tracks counts too: a sparse checkout may leave the CI files out of the
		// work tree (the provider is the repository's, not the checkout's).
		tracked, err := gitview.Tracked(p.ctx, p.opts.Env, p.t.Dir, []string{gitlabFile, ".github/workflows"})
		if err != nil {
			return err
		}
		for _, f := range tracked {
			switch {
			case f == gitlabFile && !slices.Contains(gitlab, f):
				gitlab = append(gitlab, f)
			case strings.HasPrefix(f, ".github/workflows/") && (strings.HasSuffix(f, ".yml") || strings.HasSuffix(f, ".yaml")) && !slices.Contains(github, f):
				github = append(github, f)
			}
		}
	}
	if len(gitlab) > 0 && len(github) == 0 {
		p.t.Answers.CI = "gitlab"
	}
	if len(github) > 0 && len(gitlab) > 0 {
		return refuse("ci: the repository has both GitHub Actions workflows (%s) and a GitLab pipeline (%s), and add writes the checks for one of them; say which with --ci github or --ci gitlab",
			strings.Join(github, ", "), strings.Join(gitlab, ", "))
	}
	return nil
}

// setModVerify sets how the CI job runs go mod verify for the module that w, a go.work of
// the checkout, uses (vars["modVerify"]; the job runs under w, and without the var it runs
// go mod verify as it stands, as outside a workspace or for a vendored module, whose job
// sets GOWORK off). In workspace mode go mod verify loads the module graph of every
// module of the workspace and looks up each version a go.mod requires of another module
// of it, which the workspace, not the module proxy, provides (golang/go#57735): the job
// verifies the module outside the workspace ("alone", GOWORK=off, as the Dockerfile add
// writes builds it). That fails too where go.mod requires a module the workspace
// provides (one of its modules, or one go.work or another module's go.mod replaces), does
// not replace it itself, and go.sum has no checksum of that version (no sign it can be
// downloaded): the job has no verify step then ("none"), and a note names the requirement
// and the replace line that gives the job one. setVars calls it for a plan with ci.
func (p *planner) setModVerify(w *repo.Work) error {
	p.vars["modVerify"] = "alone"
	work, ok := p.current(w.Path)
	if !ok {
		return nil // nothing to read (p.blocked says why, when it is not a regular file)
	}
	ws, err := workspace.Parse(p.abs(w.Path), work, p.abs(p.t.Module.Dir))
	if err != nil || ws == nil {
		return err
	}
	modRel, sumRel := p.repoPath("go.mod"), p.repoPath("go.sum")
	goMod, _ := p.current(modRel)
	f, err := modfile.Parse(modRel, goMod, nil)
	if err != nil {
		return err
	}
	sum, _ := p.current(sumRel)
	for _, req := range p.verifiedRequires(f) {
		if slices.ContainsFunc(f.Replace, func(r *modfile.Replace) bool {
			return r.Old.Path == req.Mod.Path && (r.Old.Version == "" || r.Old.Version == req.Mod.Version)
		}) || summed(sum, req.Mod) {
			continue // outside the workspace go.mod's own line applies, or the version is downloadable
		}
		by := ws.Members[req.Mod.Path]
		if by == "" {
			r, file := ws.Applied(modRel, goMod, req.Mod)
			if r == nil || file == modRel {
				continue // the workspace builds it as go.mod alone does
			}
			if by = ws.Dir(r, file, modRel); by == "" {
				by = r.New.Path + " " + r.New.Version
			}
		}
		if filepath.IsAbs(by) {
			if rel, err := filepath.Rel(p.abs(p.t.Module.Dir), by); err == nil {
				by = filepath.ToSlash(rel)
				if !strings.HasPrefix(by, "../") {
					by = "./" + by
				}
			}
		}
		p.vars["modVerify"] = "none"
		requirer := modRel
		if req.by != "" {
			requirer = fmt.Sprintf("%s (of %s, which %s replaces with a directory)", req.by, req.byPath, modRel)
		}
		note := fmt.Sprintf("%s requires %s %s, which the workspace %s provides (%s), which %s does not replace and %s has no checksum of: the CI job has no go mod verify step, as that command would look the version up, in the workspace (golang/go#57735) as outside it; to have the job verify the module's dependencies outside the workspace (GOWORK=off), replace it in %s (replace %s => %s) and run add again",
			requirer, req.Mod.Path, req.Mod.Version, w.Path, by, modRel, sumRel, modRel, req.Mod.Path, by)
		if !slices.Contains(p.plan.Notes, note) { // setVars runs again when the go line is raised
			p.plan.Notes = append(p.plan.Notes, note)
		}
		return nil
	}
	return nil
}

// verifiedRequire is a requirement in the module graph go mod verify loads outside the
// workspace: of the module's go.mod (by ""), or of the go.mod at by (as the note names
// it) of the module byPath, which the module's go.mod replaces with a directory.
type verifiedRequire struct {
	*modfile.Require
	by, byPath string
}

// verifiedRequires returns the requirements whose go.mod files go mod verify loads for
// the module (go.mod f) outside the workspace, as far as the user's tree holds them:
// go.mod's own, and, where the graph is not pruned, those of the go.mod of each module
// go.mod replaces with a directory that the graph reads. The graph is pruned (go 1.17
// on, which go.mod then lists every module the build needs) where both go.mod's go
// line and the dependency's are 1.17 or above: the dependency's requirements are
// versions of the graph whose go.mod files the go command does not read (go 1.26.8:
// GOWORK=off go mod verify passes). Below 1.17, on either side, the whole graph below the
// dependency is loaded, which go.mod does not list: a version there that only the
// workspace provides fails the verify as one of go.mod's own would.
func (p *planner) verifiedRequires(f *modfile.File) []verifiedRequire {
	var out []verifiedRequire
	for _, r := range f.Require {
		out = append(out, verifiedRequire{Require: r})
	}
	pruned := func(m *modfile.File) bool { return m.Go != nil && version.Compare("go"+m.Go.Version, "go1.17") >= 0 }
	seen := map[string]bool{}
	var queue []string // the paths of the modules whose go.mod files the graph reads
	for _, r := range f.Require {
		queue = append(queue, r.Mod.Path)
	}
	for len(queue) > 0 {
		mod := queue[0]
		queue = queue[1:]
		if seen[mod] {
			continue
		}
		seen[mod] = true
		i := slices.IndexFunc(f.Replace, func(r *modfile.Replace) bool { return r.Old.Path == mod && r.New.Version == "" })
		if i < 0 {
			continue // downloaded: its go.mod is the proxy's, as are its requirements
		}
		dir := f.Replace[i].New.Path
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(p.abs(p.t.Module.Dir), filepath.FromSlash(dir))
		}
		data, err := readFile(filepath.Join(dir, "go.mod"))
		if err != nil {
			continue // the go command reports a directory without a go.mod itself
		}
		df, err := modfile.ParseLax("go.mod", data, nil)
		if err != nil {
			continue
		}
		if pruned(f) && pruned(df) {
			continue // its requirements are versions of the graph, their go.mod files unread
		}
		shown := path.Join(filepath.ToSlash(f.Replace[i].New.Path), "go.mod")
		for _, r := range df.Require {
			out = append(out, verifiedRequire{Require: r, by: shown, byPath: mod})
			queue = append(queue, r.Mod.Path)
		}
	}
	return out
}

// summed reports whether the go.sum content sum holds a checksum of the module version
// m, of its go.mod or of its files: a version the go command downloaded.
func summed(sum []byte, m module.Version) bool {
	for line := range strings.Lines(string(sum)) {
		if f := strings.Fields(line); len(f) == 3 && f[0] == m.Path && (f[1] == m.Version || f[1] == m.Version+"/go.mod") {
			return true
		}
	}
	return false
}

// gitlabFile is the pipeline configuration GitLab reads at the repository's root, and
// gitlabJobs the job file add writes beside it, which it includes.
const (
	gitlabFile = ".gitlab-ci.yml"
	gitlabJobs = ".gitlab/gonew-prod.yml"
)

// topLevel returns the entries of the top-level mapping of the GitLab configuration data,
// read from a file called name: those of its last YAML document (a first one may be a
// header holding spec:), none when that is no mapping; merge keys applied, as GitLab
// reads them (see audit.MappingEntries).
func topLevel(name string, data []byte) ([]audit.YAMLEntry, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var last *yaml.Node
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, yamlerr.Syntax(name, data, err)
		}
		if len(doc.Content) > 0 {
			last = doc.Content[0]
		}
	}
	if last == nil || last.Kind != yaml.MappingNode {
		return nil, nil
	}
	return audit.MappingEntries(last), nil
}

// entryAt says where in .gitlab-ci.yml the entry e is: its line, and the merge key's that
// brings it into the mapping read.
func entryAt(e audit.YAMLEntry) string {
	if e.Merged == nil {
		return fmt.Sprintf("%s:%d", gitlabFile, e.Key.Line)
	}
	return fmt.Sprintf("%s:%d (through the merge key at line %d)", gitlabFile, e.Key.Line, e.Merged.Line)
}

// gitlabStage returns the stage the prod-* jobs run in: test, where a job goes when it
// names none, when the configuration has it (one without stages: has build, test and
// deploy), and otherwise .pre, which every pipeline has before its own stages.
func gitlabStage(top []audit.YAMLEntry) string {
	for _, e := range top {
		if e.Key.Value != "stages" {
			continue
		}
		v := e.Value
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		if v.Kind == yaml.SequenceNode && slices.ContainsFunc(v.Content, func(n *yaml.Node) bool {
			return n.Kind == yaml.ScalarNode && n.Value == "test"
		}) {
			return "test"
		}
		return ".pre"
	}
	return "test"
}

// gitlabStageOf reads .gitlab-ci.yml as the plan has it and returns the stage of the
// included jobs (see gitlabStage). It refuses a file that is no valid YAML, and one with
// an include: of its own outside add's block: a second include key would be invalid, and
// one written after an include a merge key brings in would replace it.
func (p *planner) gitlabStageOf() (string, error) {
	content, exists := p.current(gitlabFile)
	if !exists {
		return gitlabStage(nil), p.blocked
	}
	top, err := topLevel(gitlabFile, content)
	if err != nil {
		return "", refuseComponent("ci", "%v; fix it, or leave out ci", err)
	}
	if _, _, ours, _ := generator.FindBlock(content, "ci"); !ours && !p.jobsRemoved() {
		for _, e := range top {
			if e.Key.Value == "include" && !includesJobs(e.Value) {
				second := "a second would be invalid YAML"
				if e.Merged != nil {
					second = "one add appended would replace it" // an entry written replaces a merged one
				}
				return "", refuse("%s has an include: of its own, and %s; %s yourself, then run add again: it writes that file and leaves your include as it is", entryAt(e), second, includeAdvice(e.Value))
			}
		}
	}
	return gitlabStage(top), nil
}

// includeAdvice says how to make the include: value v, of the user's, name the job file
// too: add an item to a list, in its style (a block item in a flow list is no YAML);
// turn a single file (a string, or a mapping such as local: or project:) into a list
// holding it and the job file, as a sequence item under a scalar or a mapping would be
// invalid YAML.
func includeAdvice(v *yaml.Node) string {
	jobs := "- local: " + gitlabJobs
	switch {
	case v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle != 0:
		return fmt.Sprintf("add `{local: %s}` to its list", gitlabJobs)
	case v.Kind == yaml.SequenceNode:
		return fmt.Sprintf("add `%s` to it", jobs)
	}
	list := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: []*yaml.Node{flowCopy(v), {Kind: yaml.MappingNode, Style: yaml.FlowStyle, Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Value: "local"}, {Kind: yaml.ScalarNode, Value: gitlabJobs},
	}}}}
	out, err := yaml.Marshal(list)
	if v.Kind != yaml.ScalarNode && v.Kind != yaml.MappingNode || err != nil {
		return fmt.Sprintf("make it a list holding your include and `%s`", jobs)
	}
	return fmt.Sprintf("make it a list holding your include and the job file, `include: %s`", strings.TrimSpace(string(out)))
}

// flowCopy returns a copy of the YAML node n in flow style, without comments.
func flowCopy(n *yaml.Node) *yaml.Node {
	c := &yaml.Node{Kind: n.Kind, Tag: n.Tag, Value: n.Value, Style: n.Style & (yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle)}
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		c.Style = yaml.FlowStyle
	}
	for _, k := range n.Content {
		c.Content = append(c.Content, flowCopy(k))
	}
	return c
}

// jobsRemoved reports whether the user deleted the job file an earlier add wrote, and
// does not ask it back: they have taken gonew-prod's CI jobs out, and add neither writes
// nor includes them again.
func (p *planner) jobsRemoved() bool {
	if p.t.Record.Entry(gitlabJobs) == nil || slices.Contains(p.opts.Recreate, gitlabJobs) {
		return false
	}
	_, exists := p.current(gitlabJobs)
	return !exists
}

// includesJobs reports whether the value of an include: key names the job file add
// writes: "file", "- file", "- local: file" or "local: file", with or without a leading
// slash.
func includesJobs(v *yaml.Node) bool {
	names := func(n *yaml.Node) bool {
		switch n.Kind {
		case yaml.ScalarNode:
			return strings.TrimPrefix(n.Value, "/") == gitlabJobs
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "local" && strings.TrimPrefix(n.Content[i+1].Value, "/") == gitlabJobs {
					return true
				}
			}
		}
		return false
	}
	if v.Kind == yaml.SequenceNode {
		return slices.ContainsFunc(v.Content, names)
	}
	return names(v)
}

// userIncludesJobs reports whether .gitlab-ci.yml, as the plan has it, includes the job
// file in an include: of the user's own (outside add's block).
func (p *planner) userIncludesJobs() bool {
	content, exists := p.current(gitlabFile)
	if !exists {
		return false
	}
	if _, _, ours, _ := generator.FindBlock(content, "ci"); ours {
		return false
	}
	top, err := topLevel(gitlabFile, content)
	return err == nil && slices.ContainsFunc(top, func(e audit.YAMLEntry) bool { return e.Key.Value == "include" && includesJobs(e.Value) })
}

// gitlabJobClashes refuses a .gitlab-ci.yml that defines a job of the job file add
// includes: GitLab would merge the two into one job.
func (p *planner) gitlabJobClashes() error {
	i := slices.IndexFunc(p.rendered, func(f generator.File) bool { return f.Path == gitlabJobs })
	content, exists := p.current(gitlabFile)
	if i < 0 || !exists {
		return nil
	}
	ours, err := topLevel(gitlabJobs, p.rendered[i].Content)
	if err != nil {
		return err
	}
	theirs, err := topLevel(gitlabFile, content)
	if err != nil {
		return refuseComponent("ci", "%v; fix it, or leave out ci", err)
	}
	var clashes []string
	for _, e := range theirs {
		if slices.ContainsFunc(ours, func(o audit.YAMLEntry) bool { return o.Key.Value == e.Key.Value }) {
			clashes = append(clashes, fmt.Sprintf("%s defines %s", entryAt(e), e.Key.Value))
		}
	}
	if len(clashes) > 0 {
		return refuseComponent("ci", "%s, a job %s defines too: GitLab would merge them into one; rename yours, or leave out ci", strings.Join(clashes, ", "), gitlabJobs)
	}
	return nil
}

// appendKeeps refuses after, .gitlab-ci.yml as before with add's include: block appended,
// unless it reads as the same configuration plus that include: appended to a file whose
// top level is a flow mapping (JSON), is indented, or whose document ends with "...", the
// block would be outside the configuration, or make it no YAML; to one whose configuration
// has an include: already (through a merge key), it would replace that include.
func appendKeeps(before, after []byte) error {
	was, err := yamlDocuments(before)
	if err != nil {
		return refuseComponent("ci", "%v; fix it, or leave out ci", yamlerr.Syntax(gitlabFile, before, err))
	}
	want := slices.Clone(was)
	if len(want) == 0 {
		want = append(want, nil)
	}
	last, ok := want[len(want)-1].(map[string]any)
	if want[len(want)-1] == nil {
		last, ok = map[string]any{}, true
	}
	reason := "the result would read differently"
	if _, has := last["include"]; ok && has {
		ok, reason = false, "its configuration has an include: already, through a merge key, which add's would replace"
	}
	if ok {
		last = maps.Clone(last)
		last["include"] = []any{map[string]any{"local": gitlabJobs}}
		want[len(want)-1] = last
	}
	now, err := yamlDocuments(after)
	if ok && err == nil && reflect.DeepEqual(now, want) {
		return nil
	}
	if err != nil {
		reason = fmt.Sprintf("the result would be no YAML: %v", yamlerr.Syntax(gitlabFile, after, err))
	}
	if root := lastRoot(before); root != nil {
		switch {
		case root.Style&yaml.FlowStyle != 0:
			reason = "its top level is a flow mapping, {...} as JSON writes it"
		case root.Column > 1:
			reason = fmt.Sprintf("its top level is indented, from line %d column %d", root.Line, root.Column)
		case endsDocument(before):
			reason = "its document ends with ..."
		}
	}
	return refuseComponent("ci", "%s: add's include: block, appended at its end, would not give the same configuration plus the include (%s); add `- local: %s` to an include: of yours, in the file's own style (in JSON \"include\": [{\"local\": \"%s\"}]), then run add again: it writes that file and leaves your include as it is; or leave out ci",
		gitlabFile, reason, gitlabJobs, gitlabJobs)
}

// yamlDocuments decodes every YAML document of data.
func yamlDocuments(data []byte) ([]any, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []any
	for {
		var doc any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, doc)
	}
}

// lastRoot returns the root node of the last YAML document of data, nil when there is
// none or data is no YAML.
func lastRoot(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var last *yaml.Node
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			return last
		}
		if len(doc.Content) > 0 {
			last = doc.Content[0]
		}
	}
}

// endsDocument reports whether the last line of data that is neither blank nor a comment
// is the document end marker "...".
func endsDocument(data []byte) bool {
	lines := strings.Split(string(data), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimRight(lines[i], " \t\r")
		if l == "" || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		return l == "..." || strings.HasPrefix(l, "... ") || strings.HasPrefix(l, "...\t")
	}
	return false
}

// golangciTOMLVersion matches a top-level version key of a TOML configuration, with
// its value (a basic or literal string, or an integer) and a comment after it.
var golangciTOMLVersion = regexp.MustCompile(`^\s*(?:version|"version"|'version')\s*=\s*("[^"]*"|'[^']*'|[0-9]+)\s*(?:#.*)?$`)

// GolangciV1 reports whether data, the golangci-lint configuration name (.golangci.yml,
// .yaml, .toml or .json, told by its extension), is of the v1 format: its top-level
// version key is not "2", which golangci-lint v2 requires, refusing it otherwise
// ("unsupported version of the configuration"). YAML and JSON (which YAML reads) are
// parsed, a version key below another key does not count; a TOML file's top-level keys
// are those before its first table header. name tells the format only: the error, that
// the file does not parse (on one line), names no file, for the caller to name it as
// its user knows it (a pack's template).
func GolangciV1(name string, data []byte) (bool, error) {
	if path.Ext(name) == ".toml" {
		for line := range strings.Lines(string(data)) {
			line = strings.TrimSpace(line)
			if strings.HasPrefix(line, "[") {
				break // a table header: the keys after it are the table's
			}
			if m := golangciTOMLVersion.FindStringSubmatch(line); m != nil {
				return strings.Trim(m[1], `"'`) != "2", nil
			}
		}
		return true, nil
	}
	var top map[string]any
	if err := yaml.Unmarshal(data, &top); err != nil {
		return false, fmt.Errorf("does not parse: %s", strings.Join(strings.Fields(err.Error()), " "))
	}
	v, ok := top["version"]
	return !ok || fmt.Sprint(v) != "2", nil
}

// noteGolangci notes a golangci-lint configuration of the v1 format, which golangci-lint
// v2, the one the CI job and make prod-lint run, refuses ("unsupported version of the
// configuration"): the lint step fails until it is migrated. add does not edit the
// user's configuration; golangci-lint migrate does.
func (p *planner) noteGolangci() error {
	if !slices.Contains(p.plan.Components, "ci") && !slices.Contains(p.plan.Components, "makefile") {
		return nil
	}
	for dir := p.t.Module.Dir; ; dir = path.Dir(dir) {
		for _, name := range audit.GolangciConfigs {
			rel := joinPath(dir, name)
			data, err := readFile(p.abs(rel)) // a link to a shared one too
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil // the one golangci-lint finds, which add cannot read (a named pipe, …): not judged
			}
			if v1, err := GolangciV1(rel, data); err == nil && v1 { // one that does not parse is not judged
				var runs []string
				if slices.Contains(p.plan.Components, "ci") {
					runs = append(runs, "the CI job's lint step")
				}
				if slices.Contains(p.plan.Components, "makefile") {
					runs = append(runs, "make prod-lint")
				}
				p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s is a golangci-lint v1 configuration (no version: \"2\"), which golangci-lint v2, the one %s run, refuses (unsupported version of the configuration): they fail until you migrate it, with golangci-lint migrate (v2), and commit the result", rel, strings.Join(runs, " and ")))
			}
			return nil
		}
		if dir == "." || dir == "" {
			return nil
		}
	}
}
