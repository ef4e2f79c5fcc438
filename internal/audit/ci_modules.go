package audit

import (
	"path"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// reach is what the go vet or go test commands of CI reach of the repository's
// modules: a directory pattern stops at module boundaries (./... at the root leaves
// out a nested module with its own go.mod), in workspace mode too: a go.work makes
// its modules main modules, so their import path patterns (and all) reach them, or
// a directory pattern whose directory is inside one, but not ./... from above.
type reach struct {
	modules map[string]bool // the directories of the modules reached
	// unsure is the first command whose reach this audit cannot tell (a pattern or
	// directory left to a variable), with where it is; "" when there is none.
	unsure   string
	unsureAt []repo.Evidence
}

// reachOf returns what cmds, go vet or go test commands (gotestsum's arguments
// after --), reach of the repository's modules.
func (a *auditor) reachOf(cmds []command) reach {
	out := reach{modules: map[string]bool{}}
	for _, c := range cmds {
		dirs, ok := a.commandModules(c)
		if !ok {
			if out.unsure == "" {
				out.unsure, out.unsureAt = strings.Join(c.words, " "), c.evidence()
			}
			continue
		}
		for _, d := range dirs {
			out.modules[d] = true
		}
	}
	return out
}

// commandModules returns the directories of the modules whose packages c, a go vet
// or go test (or gotestsum) command, names; ok is false when this audit cannot tell
// (a directory or pattern left to a variable, a GOWORK file it does not read).
func (a *auditor) commandModules(c command) (dirs []string, ok bool) {
	words := c.words[2:]
	if toolName(c) == "gotestsum" {
		i := slices.Index(c.words, "--")
		if i < 0 {
			return nil, false // its packages go through --packages
		}
		words = c.words[i+1:]
	}
	if c.unplaced {
		return nil, false
	}
	dir := c.dir
	var patterns []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == "-args" || w == "--" {
			break
		}
		if name, value, ok := strings.Cut(w, "="); ok && strings.HasPrefix(w, "-") {
			if strings.TrimLeft(name, "-") == "C" {
				dir = path.Join(dir, value)
			}
			continue
		}
		if strings.HasPrefix(w, "-") {
			if (slices.Contains(valueFlags, "-"+strings.TrimLeft(w, "-")) || slices.Contains(testValueFlags, "-"+strings.TrimLeft(w, "-"))) && i+1 < len(words) {
				if strings.TrimLeft(w, "-") == "C" {
					dir = path.Join(dir, words[i+1])
				}
				i++
			}
			continue
		}
		patterns = append(patterns, w)
	}
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	if strings.Contains(dir, "$") || path.IsAbs(dir) || !fsInside(dir) {
		return nil, false
	}
	mod := a.r.ModuleOf(dir)
	if mod == nil {
		return nil, true // no module: the go command refuses
	}
	mains := []*repo.Module{mod} // the main modules: the workspace's, in workspace mode
	switch gowork, set := c.getenv("GOWORK"); {
	case set && gowork != "off":
		return nil, false
	case !set:
		if w := a.r.WorkOf(mod); w != nil {
			mains = nil
			for _, m := range a.r.Modules {
				if slices.Contains(w.Use, m.Dir) {
					mains = append(mains, m)
				}
			}
		}
	}
	for _, p := range patterns {
		if strings.Contains(p, "$") {
			return nil, false
		}
		for _, m := range mains {
			if a.patternReaches(p, dir, m) && !slices.Contains(dirs, m.Dir) {
				dirs = append(dirs, m.Dir)
			}
		}
	}
	return dirs, true
}

// patternReaches reports whether the package pattern p, given to a go command run
// in dir, names packages of m, one of its main modules. A directory pattern names
// packages of the module its directory is in only (the innermost go.mod above it):
// the go command's walk of ./... stops at a nested go.mod, go.work or not.
func (a *auditor) patternReaches(p, dir string, m *repo.Module) bool {
	switch {
	case p == "all" || p == "...":
		return true
	case p == "." || p == ".." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../"):
		mod := a.r.ModuleOf(path.Join(dir, strings.TrimSuffix(p, "/...")))
		return mod != nil && mod.Dir == m.Dir
	default: // an import path pattern
		prefix, recursive := strings.CutSuffix(p, "/...")
		if recursive {
			return m.Path == prefix || strings.HasPrefix(m.Path, prefix+"/") || strings.HasPrefix(prefix, m.Path+"/")
		}
		return p == m.Path || strings.HasPrefix(p, m.Path+"/")
	}
}

// fsInside reports whether the slash-separated path p stays inside the repository.
func fsInside(p string) bool {
	return p != ".." && !strings.HasPrefix(p, "../")
}

// unreached returns the directories of the modules holding a main package that
// serves HTTP which the commands reaching r leave out, sorted.
func (a *auditor) unreached(r reach) []string {
	var out []string
	for _, m := range a.r.Mains {
		if m.Framework == "" || m.Package.Module == nil {
			continue
		}
		if d := m.Package.Module.Dir; !r.modules[d] && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	slices.Sort(out)
	return out
}

// modulesUnreached judges whether the go vet (vetCmds, unless golangci-lint runs
// govet too) and go test -race (raceCmds) commands of CI reach every module of the
// repository that holds a service: WARN naming those they leave out, UNKNOWN when a
// command whose reach this audit cannot tell may reach them. ok is false when they
// reach every one. ev is the evidence of the checks found.
func (a *auditor) modulesUnreached(vetCmds, raceCmds []command, golangciVet bool, ev []repo.Evidence, fix string) (Result, bool) {
	raced := a.reachOf(raceCmds)
	var vetted reach
	if !golangciVet {
		vetted = a.reachOf(vetCmds)
	}
	var what []string
	var left []string // the modules left out, by one command or the other
	var unsure string
	var unsureAt []repo.Evidence
	for _, x := range []struct {
		r    reach
		skip bool
		what string
	}{{vetted, golangciVet, "vetted"}, {raced, false, "race-tested"}} {
		if x.skip {
			continue
		}
		out := a.unreached(x.r)
		if len(out) == 0 {
			continue
		}
		what = append(what, x.what)
		for _, d := range out {
			if !slices.Contains(left, d) {
				left = append(left, d)
			}
		}
		if unsure == "" && x.r.unsure != "" {
			unsure, unsureAt = x.r.unsure, x.r.unsureAt
		}
	}
	if len(left) == 0 {
		return Result{}, false
	}
	slices.Sort(left)
	var mods []string
	var at []repo.Evidence
	for _, d := range left {
		mods = append(mods, path.Join(d, "go.mod"))
		at = append(at, a.r.At(path.Join(d, "go.mod"), 1))
	}
	msg := strings.Join(mods, ", ") + ", a module that holds a service, is never " + strings.Join(what, " or ") +
		": the package patterns of CI's commands stop at a module's go.mod (./... at the root leaves a nested module out, with a go.work too), and no working directory, cd or go -C reaches it"
	if len(mods) > 1 {
		msg = strings.Join(mods, ", ") + ", modules that hold a service, are never " + strings.Join(what, " or ") +
			": the package patterns of CI's commands stop at a module's go.mod (./... at the root leaves a nested module out, with a go.work too), and no working directory, cd or go -C reaches them"
	}
	moduleFix := "Run go vet and go test -race in each module: a job or step per module (working-directory:, cd DIR, go -C DIR), or, with a go.work that uses every module, their import path patterns (go test -race example.com/mod/...); or run " + fix
	if unsure != "" {
		return Result{Status: Unknown, Message: "CI runs go vet, go test -race and a linter, but " + msg + " in the commands read; " + unsure + ", whose packages this audit cannot tell, may", Evidence: slices.Concat(at, unsureAt, ev), Fix: moduleFix}, true
	}
	return Result{Status: Warn, Message: "CI runs go vet, go test -race and a linter, but " + msg, Evidence: slices.Concat(at, ev), Fix: moduleFix}, true
}
