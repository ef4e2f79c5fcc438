package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/mod/modfile"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/audit"
	"github.com/gonew-prod/gonew-prod/internal/workspace"
)

// enclosingNotes says what a project written into dir needs from the git repository or
// the Go workspace that holds it, when they hold more than it (a monorepo): the CI
// configuration CI services read only at the repository root, a go.work that does not
// use the new module, which the go command then refuses to build, and one that is not a
// regular file (a named pipe), on which every go command there waits. A project the git work
// tree ignores as a whole (apart, see ignoredByGit) is no part of that repository, and
// its CI is not the repository's. The project works otherwise, so these are notes naming
// what to do, not errors.
func enclosingNotes(ctx context.Context, env Env, dir, name string, files []generator.File, apart bool) {
	real := realPath(dir)
	if top := gitTop(ctx, env, real); top != "" && top != real && !apart {
		if rel, err := filepath.Rel(top, real); err == nil && rel != "." && filepath.IsLocal(rel) {
			ciNotes(env, top, filepath.ToSlash(rel), name, files)
		}
	}
	work := workspace.Find(real, env.Environ)
	if work == "" {
		return
	}
	data, err := generator.ReadRegular(os.DirFS(filepath.Dir(work)), filepath.Base(work), generator.MaxTreeFile)
	if errors.Is(err, generator.ErrNotRegular) {
		// The go command opens it all the same and waits for good on a named pipe's open,
		// saying nothing, where it reports a go.work that does not parse itself. (go mod
		// tidy, which new runs, ignores go.work: new does not wait on it.)
		fmt.Fprintf(env.Stderr, "note: %s, the go.work the go command uses for %s, cannot be read: %v: every go command run there (make build, go vet ./..., go test) waits on it or fails; remove it, or set GOWORK=off when the project builds without it\n", work, real, err)
	}
	if err != nil {
		return
	}
	modGo := ""
	if i := slices.IndexFunc(files, func(f generator.File) bool { return f.Path == "go.mod" }); i >= 0 {
		if mf, err := modfile.ParseLax("go.mod", files[i].Content, nil); err == nil && mf.Go != nil {
			modGo = mf.Go.Version
		}
	}
	if note := workspace.NotUsed(work, data, real, modGo); note != "" {
		fmt.Fprintf(env.Stderr, "note: %s\n", note)
	}
}

// freeWorkflow returns the path of a workflow file for the project name in the
// .github/workflows directory of the repository root top that no file of the repository
// takes (NAME.yml, else NAME-ci.yml, NAME-ci-2.yml, ...), neither as .yml nor as .yaml:
// moving the project's workflow there replaces none of the user's.
func freeWorkflow(top, name string) string {
	dir := filepath.Join(top, ".github", "workflows")
	for i := 1; ; i++ {
		base := name
		switch {
		case i == 2:
			base = name + "-ci"
		case i > 2:
			base = fmt.Sprintf("%s-ci-%d", name, i-1)
		}
		taken := false
		for _, ext := range []string{".yml", ".yaml"} {
			if _, err := os.Lstat(filepath.Join(dir, base+ext)); !errors.Is(err, fs.ErrNotExist) {
				taken = true
			}
		}
		if !taken {
			return filepath.Join(dir, base+".yml")
		}
	}
}

// ciNotes warns that the project's CI configuration, at rel below the repository root
// top, is where GitHub and GitLab never read it, and says how to run it from the root.
func ciNotes(env Env, top, rel, name string, files []generator.File) {
	var workflows []string
	var gitlab []byte
	for _, f := range files {
		switch {
		case strings.HasPrefix(f.Path, ".github/workflows/"):
			workflows = append(workflows, rel+"/"+f.Path)
		case f.Path == ".gitlab-ci.yml":
			gitlab = f.Content
		}
	}
	slices.Sort(workflows)
	// The values the notes give for YAML, in single quotes (' doubled inside them).
	yq := func(v string) string { return "'" + strings.ReplaceAll(v, "'", "''") + "'" }
	if len(workflows) > 0 {
		fmt.Fprintf(env.Stderr, "note: GitHub Actions runs only the workflows in .github/workflows at the repository root (%s), so %s never runs: move it to %s and point it at %s: defaults.run.working-directory: %s, setup-go's cache-dependency-path: %s (it looks for go.sum at the root), golangci-lint-action's working-directory: %s, and paths: [%s] under its triggers\n",
			top, strings.Join(workflows, ", "), freeWorkflow(top, name), rel, yq(rel), yq(rel+"/go.sum"), yq(rel), yq(rel+"/**"))
	}
	if gitlab != nil {
		fmt.Fprintf(env.Stderr, "note: GitLab CI reads .gitlab-ci.yml at the repository root (%s) unless the project's CI/CD configuration file setting names another, so %s/.gitlab-ci.yml never runs: include it from the root's .gitlab-ci.yml (include: [{local: %s}]), with its jobs run in %s (cd %s first) and rules: [{changes: [%s]}]%s\n",
			top, rel, yq(rel+"/.gitlab-ci.yml"), rel, generator.ShellQuote(rel), yq(rel+"/**"), includeMerge(gitlab))
	}
}

// gitlabGlobals are the top-level keys of a GitLab CI file that set something for every
// job of the pipeline.
var gitlabGlobals = []string{"image", "services", "variables", "default", "before_script", "after_script", "cache"}

// includeMerge says what including the GitLab CI file content from another file does to
// the pipeline: GitLab merges the top-level keys of both, the including file's winning,
// and merges no stages, so the root must list the included jobs' stages along with its
// own (else GitLab refuses the whole pipeline), and the included file's globals become
// every job's.
func includeMerge(content []byte) string {
	var top yaml.Node
	if err := yaml.Unmarshal(content, &top); err != nil || len(top.Content) == 0 || top.Content[0].Kind != yaml.MappingNode {
		return ""
	}
	var stages, globals []string
	for _, e := range audit.MappingEntries(top.Content[0]) { // merge keys applied, as GitLab reads them
		k, v := e.Key.Value, e.Value
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		switch {
		case k == "stages" && v.Kind == yaml.SequenceNode:
			for _, st := range v.Content {
				stages = append(stages, st.Value)
			}
		case slices.Contains(gitlabGlobals, k):
			globals = append(globals, k)
		}
	}
	var msg string
	if len(stages) > 0 {
		// GitLab's default stages with this file's merged in, keeping both orders: a
		// stage goes before the next of this file's that is already in the list.
		all := []string{"build", "test", "deploy"}
		for i, st := range stages {
			if slices.Contains(all, st) {
				continue
			}
			at := len(all)
			for _, next := range stages[i+1:] {
				if j := slices.Index(all, next); j >= 0 {
					at = j
					break
				}
			}
			all = slices.Insert(all, at, st)
		}
		msg += fmt.Sprintf("; GitLab merges the top-level keys of the two files, the root's winning, and does not merge their stages: the root's stages: must list this file's (%s) along with those its own jobs use (stages: [%s] for a root that declares none, whose jobs use GitLab's default stages), or GitLab refuses the whole pipeline", strings.Join(stages, ", "), strings.Join(all, ", "))
	}
	if n := len(globals); n > 0 {
		list := globals[0]
		if n > 1 {
			list = strings.Join(globals[:n-1], ", ") + " and " + globals[n-1]
		}
		msg += fmt.Sprintf("; its top-level %s would apply to every job of the repository: move them into its jobs", list)
	}
	return msg
}

// gitTop returns the root of the git work tree dir (or its nearest existing parent) is
// in, symbolic links resolved; "" outside any, or without git.
func gitTop(ctx context.Context, env Env, dir string) string {
	at := existingParent(dir)
	if at == "" {
		return ""
	}
	cmd := exec.CommandContext(ctx, "git", "rev-parse", "--show-toplevel")
	cmd.Dir, cmd.Env = at, env.Environ
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	top := strings.TrimSpace(string(out))
	if real, err := filepath.EvalSymlinks(top); err == nil {
		top = real
	}
	return filepath.Clean(top)
}

// realPath returns dir, absolute, with the symbolic links of its existing part resolved
// (a dry run's target may not exist yet).
func realPath(dir string) string {
	at := existingParent(dir)
	if at == "" {
		return dir
	}
	real, err := filepath.EvalSymlinks(at)
	if err != nil {
		return dir
	}
	rest, err := filepath.Rel(at, dir)
	if err != nil {
		return dir
	}
	return filepath.Join(real, rest)
}

// existingParent returns dir or its nearest parent that exists as a directory, "" for none.
func existingParent(dir string) string {
	for d := dir; ; {
		info, err := os.Stat(d)
		if err == nil && info.IsDir() {
			return d
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return ""
		}
		up := filepath.Dir(d)
		if up == d {
			return ""
		}
		d = up
	}
}
