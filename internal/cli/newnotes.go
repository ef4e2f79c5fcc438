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

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/workspace"
)

// enclosingNotes says what a project written into dir needs from the git repository or
// the Go workspace that holds it, when they hold more than it (a monorepo): the CI
// configuration CI services read only at the repository root, and a go.work that does not
// use the new module, which the go command then refuses to build. The project works
// otherwise, so these are notes naming what to do, not errors.
func enclosingNotes(ctx context.Context, env Env, dir, name string, files []generator.File) {
	real := realPath(dir)
	if top := gitTop(ctx, env, real); top != "" && top != real {
		if rel, err := filepath.Rel(top, real); err == nil && rel != "." && filepath.IsLocal(rel) {
			ciNotes(env, top, filepath.ToSlash(rel), name, files)
		}
	}
	work := workspace.Find(real, env.Environ)
	if work == "" {
		return
	}
	data, err := os.ReadFile(work)
	if err != nil {
		return
	}
	if ws, err := workspace.Parse(work, data, real); err != nil || ws != nil {
		return // the go command reports a go.work it cannot read itself
	}
	use := real
	if rel, err := filepath.Rel(filepath.Dir(work), real); err == nil && filepath.IsLocal(rel) {
		use = "./" + filepath.ToSlash(rel)
	}
	fmt.Fprintf(env.Stderr, "note: %s does not use %s: the go command builds nothing there in that workspace (make build, go vet ./..., go test fail with \"not one of the workspace modules\"); add it: cd %s && go work use %s\n",
		work, real, generator.ShellQuote(filepath.Dir(work)), generator.ShellQuote(use))
}

// ciNotes warns that the project's CI configuration, at rel below the repository root
// top, is where GitHub and GitLab never read it, and says how to run it from the root.
func ciNotes(env Env, top, rel, name string, files []generator.File) {
	var workflows []string
	gitlab := false
	for _, f := range files {
		switch {
		case strings.HasPrefix(f.Path, ".github/workflows/"):
			workflows = append(workflows, rel+"/"+f.Path)
		case f.Path == ".gitlab-ci.yml":
			gitlab = true
		}
	}
	slices.Sort(workflows)
	pattern := strings.ReplaceAll(rel, "'", "''") + "/**" // in YAML single quotes
	if len(workflows) > 0 {
		fmt.Fprintf(env.Stderr, "note: GitHub Actions runs only the workflows in .github/workflows at the repository root (%s), so %s never runs: move it to %s/.github/workflows/%s.yml and point it at %s: defaults.run.working-directory: %s, setup-go's cache-dependency-path: %s/go.sum, golangci-lint-action's working-directory: %s, and paths: ['%s'] under its triggers\n",
			top, strings.Join(workflows, ", "), top, name, rel, rel, rel, rel, pattern)
	}
	if gitlab {
		fmt.Fprintf(env.Stderr, "note: GitLab CI reads .gitlab-ci.yml at the repository root (%s) unless the project's CI/CD configuration file setting names another, so %s/.gitlab-ci.yml never runs: include it from the root's .gitlab-ci.yml (include: [{local: %s/.gitlab-ci.yml}]), with its jobs run in %s (cd %s first) and rules: [{changes: ['%s']}]\n",
			top, rel, rel, rel, generator.ShellQuote(rel), pattern)
	}
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
