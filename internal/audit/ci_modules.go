package audit

import (
	"fmt"
	"path"
	"regexp"
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
	// packages are the directories of the services' packages named (see
	// servicePackages), and patterns the package patterns read, as written.
	packages map[string]bool
	patterns []string
	// refused is the directory of the first command run outside any module and
	// workspace, where the go command refuses to run; "" when there is none.
	refused string
	// unsure is the first command whose reach this audit cannot tell (a pattern or
	// directory left to a variable), with where it is; "" when there is none.
	unsure   string
	unsureAt []repo.Evidence
}

// reachOf returns what cmds, go vet or go test commands (gotestsum's arguments
// after --), reach of the repository's modules.
func (a *auditor) reachOf(cmds []command) reach {
	out := reach{modules: map[string]bool{}, packages: map[string]bool{}}
	for _, c := range cmds {
		dirs, pkgs, patterns, refused, ok := a.commandModules(c)
		if refused != "" && out.refused == "" {
			out.refused = refused
		}
		if !ok {
			if out.unsure == "" {
				out.unsure, out.unsureAt = strings.Join(c.words, " "), c.evidence()
			}
			continue
		}
		for _, d := range dirs {
			out.modules[d] = true
		}
		for _, d := range pkgs {
			out.packages[d] = true
		}
		for _, p := range patterns {
			if !slices.Contains(out.patterns, p) {
				out.patterns = append(out.patterns, p)
			}
		}
	}
	return out
}

// servicePackages returns the packages that make up the service of m, a main package:
// itself and the packages of its module it imports, directly or not. A go vet or
// go test run reaches the service when it names one of them.
func servicePackages(m *repo.Main) []*repo.Package {
	var out []*repo.Package
	for _, p := range m.Program {
		if p.Module != nil && p.Module == m.Package.Module {
			out = append(out, p)
		}
	}
	return out
}

// listPatterns returns the package patterns of w, a command substitution that lists
// packages ($(go list ./...), the $(shell go list ./...) of a Makefile), with the
// lines a grep -v leaves out of them: ok is false for any other word. What the
// filter drops is not followed: it leaves the packages of a service out only when it
// drops them all.
func listPatterns(w string) (patterns []string, ok bool) {
	var inner string
	switch {
	case strings.HasPrefix(w, "$(") && strings.HasSuffix(w, ")"):
		inner = strings.TrimPrefix(w[2:len(w)-1], "shell ")
	case len(w) > 1 && strings.HasPrefix(w, "`") && strings.HasSuffix(w, "`"): // `go list ./...`
		inner = w[1 : len(w)-1]
	default:
		return nil, false
	}
	stages := strings.Split(inner, "|")
	list := strings.Fields(stages[0])
	if len(list) < 2 || list[0] != "go" || list[1] != "list" {
		return nil, false
	}
	for _, st := range stages[1:] {
		if f := strings.Fields(st); len(f) < 2 || f[0] != "grep" || !slices.Contains(f[1:], "-v") {
			return nil, false
		}
	}
	for i := 2; i < len(list); i++ {
		switch w := list[i]; {
		case w == "-f" || w == "-tags" || w == "-C":
			return nil, false // a format or a directory: not read here
		case strings.HasPrefix(w, "-"):
		default:
			patterns = append(patterns, w)
		}
	}
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	return patterns, true
}

// commandModules returns the directories of the modules whose packages c, a go vet
// or go test (or gotestsum) command, names, and those of the services' packages it
// names (see servicePackages), with its package patterns; refused is the directory
// it runs in ("." for the root) when that is outside any module and workspace, where
// the go command refuses to run. ok is false when this audit cannot tell (a
// directory or pattern left to a variable, a GOWORK file it does not read).
func (a *auditor) commandModules(c command) (dirs, pkgs, patterns []string, refused string, ok bool) {
	var words []string    // after go vet or go test: a bare gotestsum has none
	bare := []string{"."} // what a command that names no package runs on
	if tool, args := toolCall(c); tool != "gotestsum" {
		words = c.words[2:]
	} else {
		// the go test gotestsum runs (see gotestsumArgs): on the packages of
		// --packages, else of TEST_DIRECTORY, with those its words name, ./...
		// when it is given no word
		var raw bool
		testDir, _ := c.runEnv("TEST_DIRECTORY")
		words, raw = gotestsumArgs(args, testDir)
		if raw && (len(words) < 2 || words[0] != "go" || words[1] != "test") {
			return nil, nil, nil, "", false // a command of its own
		}
		if raw {
			words = words[2:]
		}
	}
	if c.is("go", "vet") {
		// its flags, each as -flag=value, then its packages: none of them a flag's
		// value (go vet -c 3 ./pkg/...), all after -- (see goVetArgs)
		flags, pkgs := goVetArgs(words)
		words = nil
		for _, f := range flags {
			words = append(words, f.flag+"="+f.value)
		}
		words = append(words, pkgs...)
	} else {
		words, _ = goTestOwn(words) // not those go test passes to the test binary
	}
	if c.unplaced {
		return nil, nil, nil, "", false
	}
	dir := c.dir
	refs := 0 // words left to a reference this audit cannot expand
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
		if listed, ok := listPatterns(w); ok {
			patterns = append(patterns, listed...)
			continue
		}
		if v, ok := varValue(c, w); ok { // $PKGS, set in the script or CI's env
			if listed, ok := listPatterns(v); ok {
				patterns = append(patterns, listed...)
				continue
			}
			for _, f := range strings.Fields(v) {
				if strings.ContainsAny(f, "$`") {
					refs++
				} else if !strings.HasPrefix(f, "-") {
					patterns = append(patterns, f)
				}
			}
			continue
		}
		if strings.ContainsAny(w, "$`") {
			refs++ // flags or packages: the packages named beside it are named still
			continue
		}
		patterns = append(patterns, w)
	}
	if len(patterns) == 0 && refs > 0 {
		return nil, nil, nil, "", false // what the reference stands for decides
	}
	if len(patterns) == 0 {
		patterns = bare
	}
	if slices.ContainsFunc(patterns, func(p string) bool { return strings.Contains(p, "$") }) {
		return nil, nil, nil, "", false // --packages left to a reference
	}
	if strings.Contains(dir, "$") || path.IsAbs(dir) || !fsInside(dir) {
		return nil, nil, nil, "", false
	}
	mod := a.r.ModuleOf(dir)
	gowork, _ := c.getenv("GOWORK")
	set := gowork != "" // GOWORK= (or env -i) leaves the go command to look for a go.work
	var work *repo.Work // outside any module: the go.work above dir, if any
	if mod == nil && !set {
		for _, w := range a.r.Works {
			if repo.Within(dir, w.Dir) && (work == nil || len(w.Dir) > len(work.Dir)) {
				work = w
			}
		}
	}
	if mod == nil && work == nil {
		return nil, nil, nil, path.Clean("./" + dir), true // no module: the go command refuses
	}
	mains := []*repo.Module{mod} // the main modules: the workspace's, in workspace mode
	switch {
	case set && gowork != "off":
		return nil, nil, nil, "", false
	case !set:
		if work == nil {
			work = a.r.WorkOf(mod)
		}
		if w := work; w != nil {
			mains = nil
			for _, m := range a.r.Modules {
				if slices.Contains(w.Use, m.Dir) {
					mains = append(mains, m)
				}
			}
		}
	}
	var services []*repo.Package
	for _, m := range a.r.Mains {
		services = append(services, servicePackages(m)...)
	}
	for _, p := range patterns {
		for _, m := range mains {
			if !a.patternReaches(p, dir, m) {
				continue
			}
			if !slices.Contains(dirs, m.Dir) {
				dirs = append(dirs, m.Dir)
			}
			for _, q := range services {
				if q.Module.Dir == m.Dir && patternNames(p, dir, q) && !slices.Contains(pkgs, q.Dir) {
					pkgs = append(pkgs, q.Dir)
				}
			}
		}
	}
	return dirs, pkgs, patterns, "", true
}

// varValue returns the value of w, a word that is a shell variable ($NAME or
// ${NAME}), for c: set before it, exported earlier in its script, assigned on a
// line of its own earlier in its script, or set by CI's env; ok is false for any
// other word, or a variable whose value this audit does not know.
func varValue(c command, w string) (string, bool) {
	name, ok := strings.CutPrefix(w, "$")
	if !ok {
		return "", false
	}
	if inner, ok := strings.CutPrefix(name, "{"); ok {
		name, ok = strings.CutSuffix(inner, "}")
		if !ok {
			return "", false
		}
	}
	if !isEnvName(name) {
		return "", false
	}
	if v, ok := c.shellVar(name); ok {
		return v, true
	}
	return c.scriptVar(name)
}

// patternNames reports whether the package pattern p, given to a go command run in
// dir, names package q of a module it reaches (see patternReaches): a directory
// pattern (./pkg/...) matches q's directory, an import path pattern its import path,
// ... standing for any string and a trailing /... for the directory itself too.
func patternNames(p, dir string, q *repo.Package) bool {
	return readPattern(p, dir).names(q)
}

// pkgPattern is a package pattern given to a go command run in a directory, read
// for the packages it is matched against (see patternNames): all, for all and
// ..., which name every package; dirs, for a directory pattern, matched against a
// package's directory rather than its import path; re, the expression either is
// matched with, nil when it does not compile.
type pkgPattern struct {
	all, dirs bool
	re        *regexp.Regexp
}

// readPattern reads the package pattern p given to a go command run in dir.
func readPattern(p, dir string) pkgPattern {
	switch {
	case p == "all" || p == "...":
		return pkgPattern{all: true}
	case p == "." || p == ".." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../"):
		p = path.Join(dir, p)
		return pkgPattern{dirs: true, re: patternRegexp(p)}
	}
	return pkgPattern{re: patternRegexp(p)}
}

// patternRegexp returns the expression that matches what the pattern p names,
// ... standing for any string and a trailing /... for the directory itself too;
// nil when it does not compile.
func patternRegexp(p string) *regexp.Regexp {
	re := strings.ReplaceAll(regexp.QuoteMeta(p), `\.\.\.`, `.*`)
	if base, ok := strings.CutSuffix(re, `/.*`); ok {
		re = base + `(/.*)?`
	}
	compiled, err := regexp.Compile(`^` + re + `$`)
	if err != nil {
		return nil
	}
	return compiled
}

// names reports whether pp names package q.
func (pp pkgPattern) names(q *repo.Package) bool {
	name := q.ImportPath
	switch {
	case pp.all:
		return true
	case pp.re == nil:
		return false
	case pp.dirs:
		name = q.Dir
	}
	return pp.re.MatchString(name)
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
// serves HTTP which the commands reaching r leave out, sorted: of the main packages
// in scope (those in the directory audited, when it lies inside the repository).
func (a *auditor) unreached(r reach) []string {
	var out []string
	for _, m := range a.scope {
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

// unreachedServices returns the main packages serving HTTP whose module r reaches
// but none of whose packages (see servicePackages) r's patterns name (go test -race
// ./pkg/... beside cmd/api and internal/handler), sorted by directory: of the main
// packages in scope.
func (a *auditor) unreachedServices(r reach) []*repo.Main {
	var out []*repo.Main
	for _, m := range a.scope {
		if m.Framework == "" || m.Package.Module == nil || !r.modules[m.Package.Module.Dir] {
			continue
		}
		if !slices.ContainsFunc(servicePackages(m), func(p *repo.Package) bool { return r.packages[p.Dir] }) {
			out = append(out, m)
		}
	}
	return out
}

// modulesUnreached judges whether the go vet (vetCmds, golangci-lint runs that keep
// govet among them: see golangciVetRun) and go test -race (raceCmds) commands of CI
// whose failure counts reach every module of the
// repository that holds a service, and every service in the modules they reach (a
// package of it: its main package or one of its module it imports): WARN naming those
// they leave out, UNKNOWN when a command whose reach this audit cannot tell may reach
// them. A module that only commands whose failure CI ignores (see command.ignored)
// reach is named with them, not as one none reaches. maybeVet and maybeRace are go
// vet and go test -race commands whose failure counts but that this audit cannot
// tell run (see command.unsure): one that would reach what the others leave out
// makes the verdict UNKNOWN, naming it. ok is false when they reach every one. ev is
// the evidence of the checks found.
func (a *auditor) modulesUnreached(vetCmds, raceCmds, maybeVet, maybeRace []command, ev []repo.Evidence, fix string) (Result, bool) {
	heeded := func(cmds []command) []command {
		return slices.DeleteFunc(slices.Clone(cmds), func(c command) bool { return c.ignored != nil })
	}
	raced, vetted := a.reachOf(heeded(raceCmds)), a.reachOf(heeded(vetCmds))
	var unheeded []string // the modules left out that only commands whose failure CI ignores reach
	var unheededWhat []string
	var unheededAt []repo.Evidence
	var what, whatServices []string
	var left []string         // the modules left out, by one command or the other
	var services []*repo.Main // the services left out in the modules reached
	var unsure string
	var unsureAt []repo.Evidence
	var maybe *command        // the first of maybeVet and maybeRace that may reach what is left out
	var patterns []string     // of the commands that leave a service out
	var leftPatterns []string // of the commands that leave a module out
	refused := ""             // where the first of those runs outside any module and workspace
	for _, x := range []struct {
		r           reach
		what        string
		cmds, maybe []command
	}{{vetted, "vetted", vetCmds, maybeVet}, {raced, "race-tested", raceCmds, maybeRace}} {
		out, outServices := a.unreached(x.r), a.unreachedServices(x.r)
		if len(out)+len(outServices) == 0 {
			continue
		}
		for _, c := range x.maybe {
			with := a.reachOf(append(heeded(x.cmds), c))
			if maybe == nil && (len(a.unreached(with))+len(a.unreachedServices(with)) < len(out)+len(outServices) || with.unsure != "" && x.r.unsure == "") {
				maybe = &c
			}
		}
		// those an ignored command reaches: run there, their failure let go
		anyOut := a.unreached(a.reachOf(x.cmds))
		only := slices.DeleteFunc(slices.Clone(out), func(d string) bool { return slices.Contains(anyOut, d) })
		if len(only) > 0 {
			unheededWhat = append(unheededWhat, x.what)
			for _, c := range x.cmds {
				if c.ignored != nil && slices.ContainsFunc(only, func(d string) bool { return a.reachOf([]command{c}).modules[d] }) && !slices.Contains(unheededAt, c.at) {
					unheededAt = append(unheededAt, c.at)
				}
			}
			for _, d := range only {
				if !slices.Contains(unheeded, d) {
					unheeded = append(unheeded, d)
				}
			}
			out = slices.DeleteFunc(out, func(d string) bool { return slices.Contains(only, d) })
		}
		if len(out) > 0 {
			what = append(what, x.what)
			for _, p := range x.r.patterns {
				if !slices.Contains(leftPatterns, p) {
					leftPatterns = append(leftPatterns, p)
				}
			}
			if refused == "" {
				refused = x.r.refused
			}
		}
		if len(outServices) > 0 {
			whatServices = append(whatServices, x.what)
			for _, p := range x.r.patterns {
				if !slices.Contains(patterns, p) {
					patterns = append(patterns, p)
				}
			}
		}
		for _, d := range out {
			if !slices.Contains(left, d) {
				left = append(left, d)
			}
		}
		for _, m := range outServices {
			if !slices.Contains(services, m) {
				services = append(services, m)
			}
		}
		if unsure == "" && x.r.unsure != "" {
			unsure, unsureAt = x.r.unsure, x.r.unsureAt
		}
	}
	if len(left)+len(services)+len(unheeded) == 0 {
		return Result{}, false
	}
	slices.Sort(left)
	slices.Sort(unheeded)
	slices.SortFunc(services, func(m, n *repo.Main) int { return strings.Compare(m.Dir(), n.Dir()) })
	var parts []string
	var at []repo.Evidence
	moduleFix := "Run go vet and go test -race in each module: a job or step per module (working-directory:, cd DIR, go -C DIR; golangci-lint-action's working-directory input for its govet), or, with a go.work that uses every module, their import path patterns (go test -race example.com/mod/...); or run " + fix
	if len(left) > 0 {
		var mods []string
		for _, d := range left {
			mods = append(mods, path.Join(d, "go.mod"))
			at = append(at, a.r.At(path.Join(d, "go.mod"), 1))
		}
		// Why, by the case: commands run where the go command refuses to, a nested
		// module that directory patterns stop short of, or, with one module only,
		// patterns that name none of its packages.
		why := "the package patterns of CI's commands stop at a module's go.mod (./... at the root leaves a nested module out, with a go.work too)"
		switch {
		case refused != "":
			where := "in " + refused
			if refused == "." {
				where = "at the repository's root"
			}
			why = "CI's go commands run " + where + ", where no go.mod or go.work is, and the go command refuses to run there"
		case len(a.r.Modules) == 1:
			why = "the package patterns of CI's commands (" + strings.Join(leftPatterns, " ") + ") name none of its packages"
		}
		msg := strings.Join(mods, ", ") + ", a module that holds a service, is never " + strings.Join(what, " or ") +
			": " + why + ", and no working directory, cd or go -C reaches it"
		if len(mods) > 1 {
			msg = strings.Join(mods, ", ") + ", modules that hold a service, are never " + strings.Join(what, " or ") +
				": " + why + ", and no working directory, cd or go -C reaches them"
		}
		parts = append(parts, msg)
	}
	if len(unheeded) > 0 {
		var mods, places []string
		for _, d := range unheeded {
			mods = append(mods, path.Join(d, "go.mod"))
			at = append(at, a.r.At(path.Join(d, "go.mod"), 1))
		}
		for _, e := range unheededAt {
			places = append(places, fmt.Sprintf("%s:%d", e.File, e.Line))
		}
		at = append(at, unheededAt...)
		msg := strings.Join(mods, ", ") + ", a module that holds a service, is " + strings.Join(unheededWhat, " and ") + " only where CI ignores the failure (" + strings.Join(places, ", ") + "), so a failure there never fails the pipeline"
		if len(mods) > 1 {
			msg = strings.Join(mods, ", ") + ", modules that hold a service, are " + strings.Join(unheededWhat, " and ") + " only where CI ignores the failure (" + strings.Join(places, ", ") + "), so a failure there never fails the pipeline"
		}
		parts = append(parts, msg)
	}
	if len(services) > 0 {
		var dirs []string
		for _, m := range services {
			dirs = append(dirs, m.Dir())
			at = append(at, a.r.At(m.MainFile, m.MainLine))
		}
		msg := strings.Join(dirs, ", ") + ", a service, is never " + strings.Join(whatServices, " or ") +
			": the package patterns of CI's commands (" + strings.Join(patterns, " ") + ") name neither its main package nor a package of its module that it imports"
		if len(dirs) > 1 {
			msg = strings.Join(dirs, ", ") + ", services, are never " + strings.Join(whatServices, " or ") +
				": the package patterns of CI's commands (" + strings.Join(patterns, " ") + ") name neither their main packages nor a package of their module that they import"
		}
		parts = append(parts, msg)
		if len(left) == 0 {
			moduleFix = "Run go vet and go test -race on every package of the module (./... at its root), or on patterns that name the service's packages (./cmd/... ./internal/...); or run " + fix
		}
	}
	if len(unheeded) > 0 {
		heed := "Let the failure of the commands that run in the module fail the job (drop their || true, set +e or continue-on-error, run their pipe under set -o pipefail)"
		if len(left)+len(services) == 0 {
			moduleFix = heed + "; or run " + fix
		} else {
			moduleFix = heed + "; " + strings.ToLower(moduleFix[:1]) + moduleFix[1:]
		}
	}
	msg := strings.Join(parts, "; ")
	if unsure != "" {
		return Result{Status: Unknown, Message: "CI runs go vet, go test -race and a linter, but " + msg + " in the commands read; " + unsure + ", whose packages this audit cannot tell, may", Evidence: slices.Concat(at, unsureAt, ev), Fix: moduleFix}, true
	}
	if maybe != nil {
		return Result{Status: Unknown, Message: fmt.Sprintf("CI runs go vet, go test -race and a linter, but %s in the commands read; %s at %s:%d, which this audit cannot tell runs or counts, may (%s)", msg, strings.Join(maybe.words, " "), maybe.at.File, maybe.at.Line, maybe.unsure.why),
			Evidence: slices.Concat(at, []repo.Evidence{maybe.unsure.at}, maybe.evidence(), ev), Fix: moduleFix}, true
	}
	return Result{Status: Warn, Message: "CI runs go vet, go test -race and a linter, but " + msg, Evidence: slices.Concat(at, ev), Fix: moduleFix}, true
}
