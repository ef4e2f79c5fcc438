package audit

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// builds holds every build file of the repository, read.
type builds struct {
	r           *repo.Repo
	ctx         context.Context // once done, no further script is followed (see followScript)
	sourced     sourcedMemo     // the scripts the commands followed source (see markSourced)
	makefiles   []*makefile
	dockerfiles []*dockerfile
	ci          []*ciFile // GitHub and GitLab
	unreadCI    []string  // GitHub and GitLab files that could not be read or are not valid YAML
	uncalledCI  []string  // reusable GitHub workflows (on: workflow_call) no workflow calls, left out of ci
	releasers   []*ciFile // GoReleaser
	kos         []*ciFile // ko
	otherCI     []repo.CIFile
	problems    []repo.Problem
	// calls are the docker builds of the Makefiles and the CI (see dockerCalls),
	// read once.
	calls []dockerCall
	// stale are the recipes of the Makefile targets that the make calls followed
	// leave out, make finding them up to date (see makefile.upToDate).
	stale []staleRecipe
	// unruled are the targets the make calls followed run that no rule read makes, in
	// Makefiles that make rules with $(eval) (see makefile.commands).
	unruled []unruledTarget
	// noRecipe are the recipe lines the make calls followed leave out as they run no
	// recipe (see makeCall.dryRun), or make stops before them (see
	// makefile.commands), each with never saying why.
	noRecipe []noRecipeLine
	// following is what the outermost follow under way may still spend on the
	// scripts and runner calls it leads to, in commands read (see maxScriptCommands);
	// nil when none is under way. followingWhat names what that follow reads, for
	// the message of one that spends it (see boundReached). runs are the script runs and runner calls followed
	// in it, the innermost last (see followScript, followRunner).
	following     *bound
	followingWhat string
	runs          []followedRun
	// justfiles and taskfiles are the justfiles and Taskfiles read so far, by path,
	// nil for one this audit cannot read: each is read once per audit, however many
	// just or task calls name it (see builds.justfile, builds.taskfile).
	justfiles map[string]*justfile
	taskfiles map[string]*yaml.Node
	// scripts are what followScript follows of the script files it has read, each
	// read once per audit however many times it is run or sourced (see scriptRead).
	scripts map[scriptRead]scriptRun
	// ciRun are what the CI runs, followed once per audit however many checks ask
	// (see ciCommands): [0] all of it, [1] what checks a change of the Go code; nil
	// until first asked.
	ciRun  [2][]command
	ciRead [2]bool
	// callRuns are what goBuilds and followCI read of the task runner calls and
	// script runs of the CI, by file and command (see builds.ciCall), and rootRuns those of the
	// recipes and tasks of the root justfile and Taskfile (see
	// builds.rootRunnerRuns), followed once per audit however many checks ask for
	// the builds; rootRead marks rootRuns read. The commands are shared, not to be
	// changed in place.
	callRuns map[ciCommand]ciCallRun
	rootRuns []rootRun
	rootRead bool
	// runnerLines are the commands read of the recipe lines of justfiles and the
	// cmds of Taskfiles, each read once per audit however many calls run it (see
	// builds.lineCommands); shared, not to be changed in place.
	runnerLines map[runnerLine]linesRead
	// patterns are the package patterns of the go builds read (see
	// builds.matches), by pattern and directory, each read once per audit however
	// many packages and builds it is matched against.
	patterns map[[2]string]pkgPattern
	// gos are the go builds of the repository (see goBuilds), read once per audit
	// however many checks ask; goRead marks them read. The builds are shared, not
	// to be changed in place, nor what their slices hold.
	gos    []goBuild
	goRead bool
	// recipesUnread are the commands of the Makefiles' recipes, read with gos, that
	// run a shell script this audit could not read or did not (see recipeScript),
	// each marked unfollowed with why.
	recipesUnread []command
}

// ciCallRun is what followCall reads of a command of the CI: the commands, and
// whether it is a call of a task runner or a run of a script that it follows.
type ciCallRun struct {
	cmds []command
	ok   bool
}

// ciCommand is the command at index i of the commands of a CI file.
type ciCommand struct {
	f *ciFile
	i int
}

// rootRun is what followRunner reads of a call of its own (just build, task
// build) of a recipe or task of the root justfile or Taskfile, file.
type rootRun struct {
	runner, file string
	cmds         []command
}

// scriptRead is a script file as followScript reads it: its path, the directory it
// runs in, its text with the caller's positional parameters and run guards put in,
// and the options its shell starts with, which together decide the commands read
// of it (see builds.scriptCommands).
type scriptRead struct {
	path, dir, text                   string
	errexit, pipefail, bash, bashRuns bool
	start                             shellStart
}

// noRecipeLine is a recipe line, cmd, that a make leaves out as it runs no recipe,
// with where the flag that makes it so is written, or as it stops before it, with
// the rule that names what it has no rule for.
type noRecipeLine struct {
	cmd command
	at  repo.Evidence
}

// unruledTarget is a target a make call runs that no rule read makes, in mf.
type unruledTarget struct {
	mf   *makefile
	name string
}

// readBuilds reads the Makefiles, CI files and Dockerfiles of r; it stops reading
// Makefiles and CI files once ctx is done.
func readBuilds(ctx context.Context, r *repo.Repo) *builds {
	b := &builds{r: r, ctx: ctx}
	for _, p := range r.Makefiles {
		mf, err := parseMakefile(ctx, r, p)
		if err != nil {
			b.problems = append(b.problems, repo.Problem{File: p, Err: err.Error()})
			continue
		}
		b.makefiles = append(b.makefiles, mf)
	}
	for _, f := range r.CI {
		if ctx.Err() != nil {
			break
		}
		if f.Kind == repo.OtherCI {
			b.otherCI = append(b.otherCI, f)
			continue
		}
		if f.Unread { // a problem of the repository already
			if f.Kind != repo.GoReleaser && f.Kind != repo.Ko {
				b.unreadCI = append(b.unreadCI, f.Path)
			}
			continue
		}
		c, err := parseCI(ctx, r, f)
		if err != nil {
			b.problems = append(b.problems, repo.Problem{File: f.Path, Err: err.Error()})
			if f.Kind != repo.GoReleaser && f.Kind != repo.Ko {
				b.unreadCI = append(b.unreadCI, f.Path)
			}
			continue
		}
		switch f.Kind {
		case repo.GoReleaser:
			b.releasers = append(b.releasers, c)
		case repo.Ko:
			b.kos = append(b.kos, c)
		default:
			b.ci = append(b.ci, c)
		}
	}
	var never []*ciFile // workflows only other workflows trigger, and none does
	for _, c := range b.ci {
		if c.callOnly && !b.called(c.path) {
			never = append(never, c)
		}
	}
	for _, c := range never {
		b.uncalledCI = append(b.uncalledCI, c.path)
	}
	b.ci = slices.DeleteFunc(b.ci, func(c *ciFile) bool { return slices.Contains(never, c) })
	b.readFromCallers()
	b.readDockerfiles()
	return b
}

// readFromCallers reads again each Makefile that the make calls of the repository's
// Makefiles and CI run with -f from another directory, as make reads it there: make
// resolves includes and runs recipes in its working directory, so
// $(MAKE) -f build/release.mk in the root Makefile reads build/release.mk's
// include build/version.mk from the root. A Makefile run from several directories
// (one of make's own names, GNUmakefile, makefile or Makefile, is also run from its
// own) is left as read from its own.
func (b *builds) readFromCallers() {
	dirs := map[string][]string{} // the directories each Makefile is run from
	note := func(c command) {
		mc, ok := parseMake(c)
		if !ok || mc.file == "" || path.IsAbs(mc.dir) || path.IsAbs(mc.file) {
			return
		}
		dir := path.Join(".", c.dir, mc.dir)
		f := path.Join(dir, mc.file)
		if !slices.Contains(dirs[f], dir) {
			dirs[f] = append(dirs[f], dir)
		}
	}
	for _, mf := range b.makefiles {
		if generator.IsMakefileName(path.Base(mf.path)) {
			dirs[mf.path] = append(dirs[mf.path], mf.dir)
		}
	}
	b.eachCommand(b.makefiles, note)
	for i, mf := range b.makefiles {
		if d := dirs[mf.path]; len(d) == 1 && d[0] != mf.dir {
			if again, err := parseMakefileWith(b.ctx, b.r, mf.path, d[0], nil, nil, ""); err == nil {
				b.makefiles[i] = again
			} // else the audit was stopped, and reports nothing
		}
	}
}

// called reports whether a workflow of the CI calls the workflow at p.
func (b *builds) called(p string) bool {
	return slices.ContainsFunc(b.ci, func(c *ciFile) bool { return c.path != p && slices.Contains(c.calls, p) })
}

// makefileAt returns the Makefile read from p, or nil.
func (b *builds) makefileAt(p string) *makefile {
	for _, mf := range b.makefiles {
		if mf.path == p {
			return mf
		}
	}
	return nil
}

// makeProblems lists the Makefiles with expansions beyond the bounds of this audit
// (see maxExpansion), which it left as written.
func (b *builds) makeProblems() []repo.Problem {
	var out []repo.Problem
	bounds := fmt.Sprintf("the bounds of this audit's Make expansion (%d KiB a value, %d MiB a Makefile)", maxExpansion>>10, maxMakefileSteps>>20)
	for _, mf := range b.makefiles {
		switch {
		case len(mf.tooBig) > 0:
			var names []string
			for _, name := range mf.tooBig[:min(3, len(mf.tooBig))] {
				at := mf.varAt[name]
				names = append(names, fmt.Sprintf("%s (%s:%d)", name, at.file, at.line))
			}
			if more := len(mf.tooBig) - len(names); more > 0 {
				names[len(names)-1] += fmt.Sprintf(" and %d more", more)
			}
			out = append(out, repo.Problem{File: mf.path, Err: fmt.Sprintf("expanding %s exceeds %s: left unexpanded, what depends on it is UNKNOWN", strings.Join(names, ", "), bounds)})
		case mf.overflow > 0:
			out = append(out, repo.Problem{File: mf.path, Err: fmt.Sprintf("%d expansion(s) exceed %s: left unexpanded, what depends on them is UNKNOWN", mf.overflow, bounds)})
		}
	}
	return out
}

// roots returns the Makefiles that no other Makefile of the repository includes
// (but for one it includes in turn): a file that another includes is read in place
// there, and judged once, through it.
func (b *builds) roots() []*makefile {
	var out []*makefile
	for _, mf := range b.makefiles {
		if !slices.ContainsFunc(b.makefiles, func(o *makefile) bool {
			return o != mf && slices.Contains(o.included, mf.path) && !slices.Contains(mf.included, o.path)
		}) {
			out = append(out, mf)
		}
	}
	return out
}

// ciCommands returns what the CI runs: each command of each GitHub or GitLab file,
// with make calls replaced by the commands of the targets they run. With checks set,
// only what checks a change of the Go code: the commands of a workflow that no such
// change starts (see ciFile.dormant), and those of a GitLab job it does not run (see
// ciFile.idle), are left out. A command of a job whose image has no C compiler (see
// markNoCompiler) that runs one that installs it (make deps, whose recipe runs apk
// add build-base) gives the job's commands after it the compiler: markNoCompiler
// marks a job's commands with one image setting, and those after that command no
// longer hold it. The commands a command marked unsure runs (see command.unsure)
// are marked so too.
//
// The CI is followed once per audit for each value of checks, and each call returns
// the same commands, which callers share: a caller may append to the slice (it has
// no room to spare) and change copies of its elements, never the elements in place
// nor what their slices and maps hold (words, via, env).
func (b *builds) ciCommands(checks bool) []command {
	k := 0
	if checks {
		k = 1
	}
	if !b.ciRead[k] {
		b.ciRun[k], b.ciRead[k] = b.followCI(checks), true
	}
	return slices.Clip(b.ciRun[k])
}

// followCI follows what the CI runs (see ciCommands).
func (b *builds) followCI(checks bool) []command {
	var out []command
	for _, c := range b.ci {
		if checks && c.dormant != nil {
			continue
		}
		var installed []*setting // the images of the jobs a followed command installs a C compiler in
		for i, cmd := range c.commands {
			if checks && c.idles(i) {
				continue // and so are the job's other commands, which share its image
			}
			if cmd.noCompiler != nil && slices.Contains(installed, cmd.noCompiler) {
				cmd.noCompiler = nil
			}
			var followed []command
			if called, ok := b.ciCall(c, i); ok && cmd.noCompiler == c.commands[i].noCompiler {
				followed = slices.Clone(called) // what goBuilds reads of it too, followed once
			} else {
				followed = b.follow(cmd)
			}
			for k := range followed { // what a step that may not run runs may not run either
				if followed[k].unsure == nil {
					followed[k].unsure = cmd.unsure
				}
			}
			if cmd.noCompiler != nil && slices.ContainsFunc(followed, func(f command) bool { return installsOne(f, cCompilers) }) {
				installed = append(installed, cmd.noCompiler)
			}
			out = append(out, followed...)
		}
	}
	return out
}

// unrunCI returns the first command of a CI script that the shell never runs (see
// ciFile.unrun), or of a recipe that a make call of the script leaves out as it runs
// no recipe (see builds.noRecipe), for which is holds, in a file that checks a
// change of the Go code (see ciFile.dormant), with the places that say why.
func (b *builds) unrunCI(is func(command) bool) (command, []repo.Evidence, bool) {
	for _, c := range b.ci {
		if c.dormant != nil {
			continue
		}
		if i := slices.IndexFunc(c.unrun, is); i >= 0 {
			return c.unrun[i], []repo.Evidence{c.unrun[i].at}, true
		}
		for _, l := range b.noRecipe {
			if len(l.cmd.via) > 0 && l.cmd.via[0].File == c.path && is(l.cmd) {
				ev := l.cmd.evidence()
				if !slices.Contains(ev, l.at) { // MAKEFLAGS += -n of the Makefile
					ev = append([]repo.Evidence{l.at}, ev...)
				}
				return l.cmd, ev, true
			}
		}
	}
	return command{}, nil, false
}

// ciSettingAt returns where a CI file that runs c (its own, or that of a command
// that led to it) sets the variable key to value, or nil: the evidence of a value c
// takes from the CI's environment.
func (b *builds) ciSettingAt(c command, key, value string) []repo.Evidence {
	for _, at := range slices.Concat(c.via, []repo.Evidence{c.at}) {
		for _, f := range b.ci {
			if f.path != at.File {
				continue
			}
			for _, s := range f.env {
				if s.key == key && s.value == value {
					return []repo.Evidence{s.at}
				}
			}
		}
	}
	return nil
}

// ciSettingsOf returns the settings of the CI that may give the shell variable name
// its value where c runs: the value c's CI job gives it (see command.ciEnv), with
// where it is set; else every setting of name in the CI files that may reach c's
// shell, none of one job or step (setting.scoped: another job's variables: never
// reach c's), and none for a global variable c's GitLab job does not inherit (see
// command.ciUnset).
func (b *builds) ciSettingsOf(c command, name string) []setting {
	if v, ok := c.ciValue(name); ok {
		s := setting{key: name, value: v, at: c.at}
		if at := b.ciSettingAt(c, name, v); len(at) > 0 {
			s.at = at[0]
		}
		return []setting{s}
	}
	if slices.Contains(c.ciUnset, name) {
		return nil
	}
	var set []setting
	for _, f := range b.ci {
		for _, s := range f.env {
			if s.key == name && !s.scoped {
				set = append(set, s)
			}
		}
	}
	return set
}

// dormantCI returns, for a message of what CI does not run, the CI files that no
// push or pull request of Go code starts (see ciFile.dormant), each with why, in
// parentheses after a space, with where each says so; "" when there are none.
func (b *builds) dormantCI() (string, []repo.Evidence) {
	var why []string
	var ev []repo.Evidence
	for _, c := range b.ci {
		if c.dormant != nil {
			why = append(why, c.path+" "+c.dormantWhy)
			ev = append(ev, *c.dormant)
		}
		for _, j := range c.idle {
			why = append(why, c.path+" "+j.why)
			ev = append(ev, j.at)
		}
	}
	if len(why) == 0 {
		return "", nil
	}
	return " (" + strings.Join(why, "; ") + ")", ev
}

// follow returns cmd, or the commands of the Makefile targets it runs when it is a
// make call of a Makefile of the repository (or of the just recipes or Task tasks,
// see followRunner; or, for a command of the CI, of the shell script of the
// repository it runs, see followScript). When cmd's failure is ignored (make vet || true), or make
// ignores the failures of its recipes (make -i, or MAKEFLAGS += -i in the Makefile:
// see makeCall.makefileFlags), so are those of the commands. A make that runs no
// recipe (make -n, see makeCall.dryRun) runs only the recipe lines with the +
// prefix. The commands of a make whose Makefile may set such flags (see
// makeCall.unsure) are marked unsure.
func (b *builds) follow(cmd command) []command {
	return b.followInto(nil, cmd)
}

// followInto appends to dst what follow returns for cmd: the calls of task runners
// and scripts inside task runners and scripts append their commands to the one
// slice, not each to its own that the caller's then copies (a chain of calls would
// copy each command once per call above it).
func (b *builds) followInto(dst []command, cmd command) []command {
	defer b.startFollowing(oneCommand)()
	mc, ok := parseMake(cmd)
	if !ok {
		if out, ok := b.followCall(dst, cmd); ok {
			return out
		}
		if len(dst) == cap(dst) {
			dst = slices.Grow(dst, len(dst))
		}
		return append(dst, cmd)
	}
	dir := path.Join(cmd.dir, mc.dir)
	var mf *makefile
	if mc.file != "" {
		mf = b.makefileAt(path.Join(dir, mc.file))
	} else {
		for _, name := range generator.MakefileNames {
			if mf = b.makefileAt(path.Join(dir, name)); mf != nil {
				break
			}
		}
	}
	if mf == nil {
		return append(dst, cmd)
	}
	// make reads the Makefile with these variables, and from its working directory
	// (make -f build/release.mk from the root reads build/release.mk's include
	// build/version.mk from the root, not from build/)
	env := cmd.environ()
	makeflags := makeflagsAtStart(env, mc.flags)
	if len(mc.vars) > 0 || len(env) > 0 || makeflags != "" || mf.dir != dir {
		var err error
		if mf, err = parseMakefileWith(b.ctx, b.r, mf.path, dir, env, mc.vars, makeflags); err != nil {
			cmd.unfollowed = b.boundReached(cmd) // the audit was stopped
			return append(dst, cmd)
		}
	}
	mc.makefileFlags(mf)
	mc.onlyMake44(mf)
	out, stale, unruled, unmade := mf.commands(mc.goals, append(slices.Clip(cmd.via), cmd.at), mf.keepsGoing(), b.follow)
	if mc.dryRun != "" { // make -n: only the lines with the + prefix run, whatever is up to date
		for _, c := range out {
			if c.forced || slices.ContainsFunc(unmade, func(l noRecipeLine) bool { return l.cmd.at == c.at && slices.Equal(l.cmd.via, c.via) }) {
				continue
			}
			c.never = fmt.Sprintf("make runs no recipe line but those with the + prefix under %s, at %s:%d", mc.dryRun, mc.dryRunAt.File, mc.dryRunAt.Line)
			unmade = append(unmade, noRecipeLine{cmd: c, at: mc.dryRunAt})
		}
		out, stale, unruled = slices.DeleteFunc(out, func(c command) bool { return !c.forced }), nil, nil
	}
	if b.fromCI(cmd) { // what the messages about CI's make tell of: a make no CI runs (a root justfile's) is none of it
		b.noteMake(mf, stale, unruled, unmade)
	}
	ignoreAll(out, cmd, mc)
	inheritJob(out, cmd)
	for i := range out {
		if out[i].unsure == nil {
			out[i].unsure = mc.unsure
		}
	}
	if len(dst) == 0 {
		return out
	}
	return append(dst, out...)
}

// noteMake records what a make call of the CI, or one a command of the CI led to
// (see fromCI), of mf leaves out: the recipes make finds up to date (stale), the
// targets no rule read makes (unruled), the recipe lines it runs not (unmade), each
// once (see builds.stale, builds.unruled, builds.noRecipe).
func (b *builds) noteMake(mf *makefile, stale []staleRecipe, unruled []string, unmade []noRecipeLine) {
	for _, l := range unmade {
		if !slices.ContainsFunc(b.noRecipe, func(n noRecipeLine) bool { return n.cmd.at == l.cmd.at && slices.Equal(n.cmd.via, l.cmd.via) }) {
			b.noRecipe = append(b.noRecipe, l)
		}
	}
	for _, name := range unruled {
		if !slices.ContainsFunc(b.unruled, func(u unruledTarget) bool { return u.mf.path == mf.path && u.name == name }) {
			b.unruled = append(b.unruled, unruledTarget{mf: mf, name: name})
		}
	}
	for _, s := range stale {
		if !slices.ContainsFunc(b.stale, func(t staleRecipe) bool { return t.at == s.at && t.target == s.target }) {
			b.stale = append(b.stale, s)
		}
	}
}

// followCall appends to dst the commands of the just recipes or Task tasks cmd
// runs (see followRunner), their failures ignored where cmd's is, in cmd's job
// (see inheritJob); or, for a command of the CI or one it led to (see fromCI), or
// one a Makefile recipe read for its builds led to (see fromMakefile), those of the
// shell script of the repository it runs (see followScript). ok is
// false when cmd runs neither, or one this audit cannot read; dst then comes back
// as it was.
func (b *builds) followCall(dst []command, cmd command) ([]command, bool) {
	defer b.startFollowing(oneCommand)()
	n := len(dst)
	if out, ok := b.followRunner(dst, cmd); ok {
		ignoreAll(out[n:], cmd, makeCall{})
		inheritJob(out[n:], cmd)
		return out, true
	}
	if b.fromCI(cmd) || b.fromMakefile(cmd) {
		return b.followScript(dst, cmd)
	}
	return dst, false
}

// fromMakefile reports whether cmd is one that a recipe line of a Makefile of the
// repository led to, read for the Makefile's builds (see recipeScript): a command
// of a script the recipe runs, or of the recipes and scripts that leads to. One a
// Dockerfile's RUN make leads to is none: it runs in the image (see scriptRuns).
func (b *builds) fromMakefile(cmd command) bool {
	if len(cmd.via) == 0 {
		return false
	}
	first := cmd.via[0].File
	return slices.ContainsFunc(b.makefiles, func(mf *makefile) bool { return mf.path == first || slices.Contains(mf.included, first) })
}

// fromCI reports whether cmd is a command of a CI file, or one that a command of a
// CI file led to (a make recipe, a script): of the file itself or of one whose jobs
// or steps it reads as its own (a GitLab local include or child pipeline, a local
// composite action).
func (b *builds) fromCI(cmd command) bool {
	first := cmd.at
	if len(cmd.via) > 0 {
		first = cmd.via[0]
	}
	return slices.ContainsFunc(b.ci, func(c *ciFile) bool {
		return c.path == first.File || slices.ContainsFunc(c.commands, func(x command) bool { return x.at.File == first.File })
	})
}

// dockerCalls returns the docker builds of the Makefiles and the CI, those of
// docker buildx bake and docker compose build included.
func (b *builds) dockerCalls() []dockerCall {
	var out []dockerCall
	add := func(c command) {
		if dc, ok := readDockerCall(b.r, c); ok {
			out = append(out, dc)
		}
		if dcs, ok := b.bakeCalls(c); ok {
			out = append(out, dcs...)
		}
	}
	b.eachCommand(b.roots(), add)
	return out
}

// eachCommand calls fn with every command of every recipe of makefiles, then with every
// command of the CI.
func (b *builds) eachCommand(makefiles []*makefile, fn func(command)) {
	for _, mf := range makefiles {
		for _, name := range mf.order {
			for _, c := range mf.recipeCommands(mf.targets[name].withRecipe()) {
				fn(c)
			}
		}
	}
	for _, c := range b.ci {
		for _, cmd := range c.commands {
			fn(cmd)
		}
	}
}

// goBuild is a go build or go install command.
type goBuild struct {
	cmd    command
	source string // Makefile, Dockerfile, GoReleaser, ko or CI
	// from is, for a build written outside its source (a script that a CI step or
	// a just recipe runs, a Makefile recipe that a Dockerfile's RUN make runs), the
	// line of the source that leads to it; nil for one written in its source.
	from    *repo.Evidence
	ldflags string
	// ldflagsPattern is the package pattern of the last -ldflags
	// (-ldflags=./internal/...=-s), "" when it has none.
	ldflagsPattern string
	// replaced are the -ldflags before the last one: of those that apply to a
	// package, the go command keeps only the last (see forMain).
	replaced []ldflagsArg
	pkgs     []string
	// files are the file arguments (main.go) of a build of the package of their
	// directory from those files only; pkgs then holds that directory.
	files  []string
	tags   []string // the build tags of -tags, or of GOFLAGS when the command line sets none
	output bool     // -o is set
	// cgo is whether cgo is on where the build runs when the command line sets no
	// CGO_ENABLED, as far as that is known (for a Dockerfile's, see stage.cgoOn);
	// nil when it is not.
	cgo *bool
	// tagsFlag is set when the command line itself sets -tags, which GOFLAGS does
	// not override.
	tagsFlag bool
	outPath  string // the value of -o, when set
	// noVCS says how the build turns VCS stamping off ("-buildvcs=false", or that
	// flag in GOFLAGS), or why it has none to stamp (a Dockerfile stage whose tree
	// holds no .git, see dockerfile.noVCSTree, or that has no git program, see
	// stage.noGit; file arguments, which are never stamped), so that debug.ReadBuildInfo has no
	// vcs.* settings and the main module's version is "(devel)"; "" when it does not. vcsFlag is set when
	// the command line itself sets -buildvcs, which GOFLAGS does not override.
	noVCS   string
	noVCSAt []repo.Evidence // where GOFLAGS is set, when not on the command line
	vcsFlag bool
	// noGit says why the tree a Dockerfile build runs in surely holds no .git (see
	// dockerfile.noVCSTree) or its stage no git program (see stage.noGit), whatever
	// stamping the build asks for, with where its stage starts (or names the image
	// without git); "" when git may work there. A git command run there prints
	// nothing on its standard output.
	noGit   string
	noGitAt []repo.Evidence
	// vcsOn says how the build asks for VCS stamping ("-buildvcs=true", or that flag
	// in GOFLAGS, where the command line sets no -buildvcs), with where GOFLAGS is
	// set; noGitTool is set when noGit is why the stage has no git program (see
	// stage.noGit), where the go command then fails such a build.
	vcsOn     string
	vcsOnAt   []repo.Evidence
	noGitTool bool
	// unset are the variables of a build's ldflags that expand to "" there (for a
	// Dockerfile, no ARG or ENV of the stage, nor a variable of its shell, gives them
	// a value; for a Makefile or CI build, see makeUnset and expandCI): ldflags holds
	// them expanded. unsetWhy says why, for a build other than a Dockerfile's.
	unset    []string
	unsetWhy string
	unsetAt  []repo.Evidence // where what leaves them unset is, beside the build
}

// buildvcs returns what a -buildvcs flag, written w, asks for: stamping on
// (-buildvcs, -buildvcs=true) or off (-buildvcs=false); neither for auto.
func buildvcs(w string) (on, off bool) {
	_, value, hasValue := strings.Cut(w, "=")
	b, err := strconv.ParseBool(value)
	return !hasValue || err == nil && b, hasValue && err == nil && !b
}

// goflagsEntries returns the flags of goflags, a value of GOFLAGS, as the go command
// splits it (repo.SplitGOFLAGS: an entry quoted whole is one flag, spaces and all); none
// when a quote is not closed, which the go command refuses.
func goflagsEntries(goflags string) []string {
	entries, ok := repo.SplitGOFLAGS(goflags)
	if !ok {
		return nil
	}
	return entries
}

// goflagsVCS returns what goflags, a value of GOFLAGS, asks of VCS stamping: its
// last -buildvcs turns it on or off (see buildvcs).
func goflagsVCS(goflags string) (on, off bool) {
	for _, f := range goflagsEntries(goflags) {
		if name, _, _ := strings.Cut(f, "="); "-"+strings.TrimLeft(name, "-") == "-buildvcs" {
			on, off = buildvcs(f)
		}
	}
	return on, off
}

// stampsFrom sets g.noVCS or g.vcsOn from goflags, the GOFLAGS of the build's
// environment (ok when it is set), unless the command line sets -buildvcs itself;
// and g.tags from its -tags, unless the command line sets -tags itself.
func (g *goBuild) stampsFrom(goflags string, ok bool) {
	if ok && !g.vcsFlag && g.noVCS == "" && g.vcsOn == "" {
		switch on, off := goflagsVCS(goflags); {
		case off:
			g.noVCS = "GOFLAGS=" + goflags
		case on:
			g.vcsOn = "GOFLAGS=" + goflags
		}
	}
	if !ok || g.tagsFlag {
		return
	}
	for _, f := range goflagsEntries(goflags) {
		if name, value, _ := strings.Cut(f, "="); "-"+strings.TrimLeft(name, "-") == "-tags" {
			g.tags = splitTags(value)
		}
	}
}

// splitTags returns the build tags of a -tags value: comma- or space-separated.
func splitTags(value string) []string {
	return strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ' ' })
}

// goflagsEnv sets g.noVCS, for cmd, a go build of the CI file c, from the GOFLAGS
// of the env of its workflow, job or step (see withEnv), when the command does not
// set GOFLAGS itself, with where the env sets it.
func (c *ciFile) goflagsEnv(g *goBuild, cmd command) {
	if _, set := cmd.getenv("GOFLAGS"); set || g.noVCS != "" {
		return
	}
	i := slices.IndexFunc(c.env, func(s setting) bool { return s.key == "GOFLAGS" })
	v, ok := cmd.scriptVar("GOFLAGS")
	if i < 0 || !ok {
		return
	}
	g.stampsFrom(v, true)
	for _, s := range c.env {
		if s.key == "GOFLAGS" && s.value == v && g.noVCS != "" {
			g.noVCSAt = []repo.Evidence{s.at}
		}
	}
}

// discards reports whether g writes no binary: a go build without -o of several
// packages (more than one argument, or a ... pattern that does not match exactly one
// package, a main one, see oneMain) compiles them and discards the result, as a CI
// compile check does, and so does a go build with -o /dev/null.
func (b *builds) discards(g goBuild) bool {
	switch {
	case !g.cmd.is("go", "build"):
		return false
	case g.output:
		return g.outPath == "/dev/null"
	case len(g.pkgs) == 1 && !strings.Contains(g.pkgs[0], "..."), len(g.pkgs) == 0:
		return false
	}
	return !b.oneMain(g)
}

// oneMain reports whether the package arguments of g, a ... pattern of directories
// (./..., ./cmd/...) and at most other directories, match exactly one package in
// every directory g may run in, a main package: the go command then writes its
// binary. A pattern matches the packages of the module its directory is in below
// it (see patternNames), a directory of test files alone included (see
// repo.Repo.TestOnly), when g compiles at least one of their Go files, tests
// included (see repo.Repo.Matches): their //go:build lines and GOOS or GOARCH name
// suffixes against g's -tags and platform (see goBuild.platform), and import "C"
// against its cgo setting. An argument of another kind (an import path, a
// variable), a directory in which no such package is known, or a package g may or
// may not compile (a constraint on a tag of a variable's -tags, cgo left unknown)
// gives false.
func (b *builds) oneMain(g goBuild) bool {
	if g.cmd.unplaced {
		return false
	}
	for _, base := range append([]string{g.cmd.dir}, g.cmd.alsoIn...) {
		matched := map[string]bool{}
		for _, p := range g.pkgs {
			dirs, ok := b.matches(g, base, p)
			if !ok {
				return false
			}
			for _, d := range dirs {
				matched[d] = true
			}
		}
		if len(matched) != 1 {
			return false
		}
		for dir := range matched {
			if q := b.r.Packages[dir]; q == nil || q.Name != "main" {
				return false
			}
		}
	}
	return true
}

// matches returns the directories of the packages that p, a package argument of g
// run in base, matches (see oneMain); ok is false for an argument that is not a
// directory or a ... pattern of them, for a directory in which no package is known,
// and when g may or may not compile a package p names.
func (b *builds) matches(g goBuild, base, p string) (dirs []string, ok bool) {
	if g.unresolvedArg(p) || p != "." && p != ".." && !strings.HasPrefix(p, "./") && !strings.HasPrefix(p, "../") {
		return nil, false
	}
	mod := b.r.ModuleOf(path.Join(base, strings.TrimSuffix(p, "/...")))
	if mod == nil {
		return nil, false
	}
	pl := g.platform()
	pl.MoreTags = slices.ContainsFunc(g.tags, func(t string) bool { return strings.ContainsAny(t, "$`{}()%") })
	candidates := slices.Collect(maps.Values(b.r.Packages))
	for _, dir := range b.r.TestOnly {
		candidates = append(candidates, &repo.Package{Dir: dir})
	}
	pattern := b.pattern(p, base)
	for _, q := range candidates {
		if b.r.ModuleOf(q.Dir) != mod || !pattern.names(q) {
			continue
		}
		switch matched, known := b.r.Matches(pl, q.Dir); {
		case !known:
			return nil, false
		case matched:
			dirs = append(dirs, q.Dir)
		}
	}
	return dirs, len(dirs) > 0 || strings.Contains(p, "...")
}

// pattern returns the package pattern p of a go build run in dir, read once per
// audit (see builds.patterns).
func (b *builds) pattern(p, dir string) pkgPattern {
	k := [2]string{p, dir}
	pp, ok := b.patterns[k]
	if !ok {
		pp = readPattern(p, dir)
		if b.patterns == nil {
			b.patterns = map[[2]string]pkgPattern{}
		}
		b.patterns[k] = pp
	}
	return pp
}

// valueFlags are the go build flags that take a value.
var valueFlags = []string{"-o", "-ldflags", "-gcflags", "-asmflags", "-tags", "-mod", "-p", "-pkgdir", "-buildmode", "-compiler", "-installsuffix", "-modfile", "-overlay", "-pgo", "-toolexec", "-C", "-coverpkg", "-covermode",
	"-gccgoflags", "-debug-actiongraph", "-debug-runtime-trace", "-debug-trace"}

// readGoBuild reads c as go build or go install.
func readGoBuild(c command, source string) (goBuild, bool) {
	if !c.is("go", "build") && !c.is("go", "install") {
		return goBuild{}, false
	}
	g := goBuild{cmd: c, source: source}
	ldflagsSeen := false
	for i := 2; i < len(c.words); i++ {
		w := c.words[i]
		name, value, hasValue := strings.Cut(w, "=")
		name = "-" + strings.TrimLeft(name, "-")
		switch {
		case !strings.HasPrefix(w, "-"):
			g.pkgs = append(g.pkgs, w)
			continue
		case name == "-buildvcs": // a boolean flag: -buildvcs=false, -buildvcs=auto
			g.vcsFlag, g.noVCS, g.vcsOn = true, "", ""
			switch on, off := buildvcs(w); {
			case off:
				g.noVCS = w
			case on:
				g.vcsOn = w
			}
			continue
		case !slices.Contains(valueFlags, name):
			continue
		case !hasValue && i+1 < len(c.words):
			i++
			value = c.words[i]
		}
		off := len(c.words[i]) - len(value) // where value starts in its word
		switch name {
		case "-o":
			g.output, g.outPath = true, value
		case "-ldflags":
			// The last -ldflags that applies to the package wins (see forMain); a
			// pattern form (-ldflags=all=..., -ldflags=./internal/...=...) applies to
			// the packages its pattern matches only.
			pattern := ""
			if p, flags, ok := strings.Cut(value, "="); ok && p != "" && !strings.HasPrefix(p, "-") && !strings.ContainsAny(p, " \t") {
				pattern, value, off = p, flags, off+len(p)+1
			}
			value = c.unexpanded(i, off, value) // '-X main.version=${VERSION}' is that text
			if ldflagsSeen {
				g.replaced = append(g.replaced, ldflagsArg{pattern: g.ldflagsPattern, flags: g.ldflags})
			}
			g.ldflags, g.ldflagsPattern, ldflagsSeen = strings.TrimSpace(value), pattern, true
		case "-C":
			g.cmd = g.cmd.in(value)
		case "-tags":
			g.tags, g.tagsFlag = splitTags(value), true // the last -tags counts
		}
	}
	if len(g.pkgs) > 0 && !slices.ContainsFunc(g.pkgs, func(a string) bool { return !strings.HasSuffix(a, ".go") }) {
		// File arguments (go build ./cmd/api/main.go) build the package of their
		// directory, from those files only.
		g.files, g.pkgs = g.pkgs, []string{fileDir(g.pkgs[0])}
		// The go command builds them as command-line-arguments, into which it never
		// stamps VCS information, -buildvcs=true or not.
		g.noVCS = fmt.Sprintf("it builds .go files (%s), into which the go command never stamps VCS information, not even with -buildvcs=true (it does for the package path, %s)", strings.Join(g.files, " "), g.pkgs[0])
	}
	g.stampsFrom(c.getenv("GOFLAGS"))
	return g, true
}

// compiles reports whether a main package's file (relative to the repository
// root) is compiled by g: any is, unless g names file arguments, which compile
// only themselves.
func (g goBuild) compiles(file string) bool {
	if len(g.files) == 0 || g.cmd.unplaced {
		return true
	}
	for _, base := range append([]string{g.cmd.dir, "."}, g.cmd.alsoIn...) {
		for _, f := range g.files {
			if path.Join(base, f) == file {
				return true
			}
		}
	}
	return false
}

// fileDir returns the directory of the file argument f of a go build as a package
// argument: ./cmd/api for ./cmd/api/main.go or cmd/api/main.go, . for main.go.
func fileDir(f string) string {
	dir := path.Dir(f)
	if path.IsAbs(dir) || dir == "." || strings.HasPrefix(dir, "../") || dir == ".." {
		return dir
	}
	return "./" + dir
}

// ldflagsArg is one -ldflags of a go build: its package pattern ("" for none, which
// applies to the packages the command line names) and its flags.
type ldflagsArg struct {
	pattern, flags string
}

// forMain returns g as the go command links main m with it: of its -ldflags, those
// whose pattern matches m apply (one without a pattern does, m being a package the
// command line names), and the last of them is ldflags, the others replaced; none
// applying leaves ldflags empty (and unset, which tells of the last one's values,
// too). skipped are the -ldflags whose pattern does not match m; unsure
// is a pattern this audit cannot match (a reference it cannot expand, or a relative
// pattern of a build it cannot place), taken as matching.
func (g goBuild) forMain(m *repo.Main) (out goBuild, skipped []ldflagsArg, unsure string) {
	applies := func(a ldflagsArg) bool {
		switch {
		case a.pattern == "":
			return true
		case strings.ContainsAny(a.pattern, "$`{"), g.cmd.unplaced && strings.HasPrefix(a.pattern, "."),
			m.Package.ImportPath == "" && !strings.HasPrefix(a.pattern, ".") && a.pattern != "all" && a.pattern != "std" && a.pattern != "cmd":
			unsure = a.pattern
			return true
		}
		q := m.Package
		if len(g.files) > 0 { // the go command names a package of file arguments so
			q = &repo.Package{Dir: m.Dir(), ImportPath: "command-line-arguments"}
		}
		for _, base := range append([]string{g.cmd.dir, "."}, g.cmd.alsoIn...) {
			if patternNames(a.pattern, base, q) {
				return true
			}
		}
		skipped = append(skipped, a)
		return false
	}
	out = g
	out.replaced = nil
	last := ldflagsArg{pattern: g.ldflagsPattern, flags: g.ldflags}
	var kept []ldflagsArg
	for _, a := range g.replaced {
		if applies(a) {
			kept = append(kept, a)
		}
	}
	if applies(last) {
		out.replaced = kept
		return out, skipped, unsure
	}
	out.ldflags, out.ldflagsPattern = "", ""
	out.unset, out.unsetWhy, out.unsetAt = nil, "", nil
	if len(kept) > 0 {
		out.ldflags, out.ldflagsPattern, out.replaced = kept[len(kept)-1].flags, kept[len(kept)-1].pattern, kept[:len(kept)-1]
	}
	return out, skipped, unsure
}

// xflag is one -X importpath.name=value of -ldflags.
type xflag struct {
	pkg, name, value string
}

// droppedX returns the -X settings of the -ldflags that a later -ldflags of g
// replaces, with the word that replaces them, when the last one does not set the
// same variable: the linker never sees them.
func (g goBuild) droppedX() []string {
	kept := map[string]bool{}
	for _, x := range g.xflags() {
		kept[x.pkg+"."+x.name] = true
	}
	var out []string
	for _, v := range g.replaced {
		for _, x := range (goBuild{ldflags: v.flags}).xflags() {
			if t := x.pkg + "." + x.name; !kept[t] && !slices.Contains(out, "-X "+t) {
				out = append(out, "-X "+t)
			}
		}
	}
	return out
}

// xflags returns the -X settings of g's ldflags that the linker applies: of the
// settings of one variable, the last (-X main.version=1.2 -X main.version= sets an
// empty version), in the place of the first.
func (g goBuild) xflags() []xflag {
	var out []xflag
	words := ldflagWords(g.ldflags)
	for i := 0; i < len(words); i++ {
		w := words[i]
		var def string
		switch {
		case w == "-X" || w == "--X":
			if i+1 >= len(words) {
				continue
			}
			i++
			def = words[i]
		case strings.HasPrefix(w, "-X="):
			def = strings.TrimPrefix(w, "-X=")
		default:
			continue
		}
		target, value, _ := strings.Cut(def, "=")
		dot := strings.LastIndex(target, ".")
		if dot <= 0 {
			continue
		}
		x := xflag{pkg: target[:dot], name: target[dot+1:], value: value}
		if i := slices.IndexFunc(out, func(y xflag) bool { return y.pkg == x.pkg && y.name == x.name }); i >= 0 {
			out[i] = x
			continue
		}
		out = append(out, x)
	}
	return out
}

// opaque returns the first word of g's ldflags, outside its -X settings, that holds a
// reference or Make function left unexpanded ($(call ...), $(if ...), a variable
// set outside the build file): flags this audit cannot read. It returns "" when
// there is none.
func (g goBuild) opaque() string {
	words := ldflagWords(g.ldflags)
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "-X" || w == "--X":
			i++
		case strings.HasPrefix(w, "-X="):
		case strings.Contains(w, "$(") || strings.Contains(w, "${") || shellRef.MatchString(w):
			return w
		}
	}
	return ""
}

// ldflagWords splits an -ldflags value into words at unquoted spaces, keeping $(...),
// `...` and ${...} references, and the {{ ... }} actions of a GoReleaser or ko template
// (which are expanded before the flags are split), whole. The quotes inside a
// reference are its own, kept as written: the shell reads "-X $(go list -m -f
// "{{.Path}}")/v.V" as one word, and make expands $(shell ...) before any shell
// sees a quote.
func ldflagWords(s string) []string {
	var out []string
	var cur strings.Builder
	depth, actions := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case depth > 0 && (ch == '\'' || ch == '"') && strings.IndexByte(s[i+1:], ch) >= 0:
			end := i + 1 + strings.IndexByte(s[i+1:], ch)
			cur.WriteString(s[i : end+1])
			i = end
			continue
		case quote != '\'' && ch == '`' && depth == 0 && strings.IndexByte(s[i+1:], '`') >= 0:
			end := i + 1 + strings.IndexByte(s[i+1:], '`') // `...`, as $(...)
			cur.WriteString(s[i : end+1])
			i = end
			continue
		case quote != '\'' && ch == '$' && i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '{'):
			depth++
			cur.WriteString(s[i : i+2])
			i++
			continue
		case (ch == ')' || ch == '}') && depth > 0:
			depth--
		case quote != 0:
			if ch == quote {
				quote = 0
				continue
			}
		case ch == '{' && strings.HasPrefix(s[i:], "{{"):
			actions++
			cur.WriteString("{{")
			i++
			continue
		case ch == '}' && strings.HasPrefix(s[i:], "}}") && actions > 0:
			actions--
			cur.WriteString("}}")
			i++
			continue
		case actions > 0: // a template's own quotes and spaces: {{ .Env.X | default "dev" }}
		case ch == '\'' || ch == '"':
			quote = ch
			continue
		case (ch == ' ' || ch == '\t') && depth == 0:
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
			continue
		}
		cur.WriteByte(ch)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// goBuilds returns every go build of the repository that writes a binary: in
// Makefile recipes, Dockerfile RUN instructions, GoReleaser builds, CI steps that
// are not make calls, and the just recipes, Task tasks and shell scripts of the
// repository that CI steps run (see ciCall), or that the root justfile and
// Taskfile hold (see runnerBuilds). They are read once per audit (see
// builds.gos), unless a follow is under way, whose budget they would spend; each
// call returns the same builds, which callers share: a caller may append to the
// slice (it has no room to spare) and change copies of its elements, never the
// elements in place nor what their slices hold.
func (b *builds) goBuilds() []goBuild {
	if b.goRead {
		return slices.Clip(b.gos)
	}
	memo := b.following == nil
	out, unread := b.readGoBuilds()
	if memo {
		b.gos, b.recipesUnread, b.goRead = out, unread, true
	}
	return slices.Clip(out)
}

// readGoBuilds reads the go builds of the repository (see goBuilds), and the
// commands of the Makefiles' recipes that run a script not read (see
// builds.recipesUnread).
func (b *builds) readGoBuilds() (out []goBuild, unread []command) {
	add := func(c command, source string) {
		if g, ok := readGoBuild(c, source); ok && !b.discards(g) {
			out = append(out, g)
		}
	}
	var scripted []goBuild // the builds of the scripts the Makefiles' recipes run
	addMake := func(mf *makefile, c command) {
		g, ok := readGoBuild(c, "Makefile")
		if !ok {
			for _, sc := range b.recipeScript(c) {
				if sc.unfollowed != "" {
					unread = append(unread, sc)
				}
				source, from := b.sourceOf(sc, "Makefile")
				if g, ok := readGoBuild(sc, source); ok && !b.discards(g) {
					g.from = from
					scripted = append(scripted, g)
				}
			}
			return
		}
		if b.discards(g) {
			return
		}
		g.ldflags, g.unset, g.unsetWhy = b.makeUnset(mf, g)
		if _, inline := c.env["GOFLAGS"]; !inline && g.noVCS != "" && !g.vcsFlag {
			if at, ok := mf.varAt["GOFLAGS"]; ok { // export GOFLAGS=... of the Makefile
				g.noVCSAt = []repo.Evidence{b.r.At(at.file, at.line)}
			}
		}
		out = append(out, g)
	}
	for _, mf := range b.roots() {
		for _, name := range mf.order {
			t := mf.targets[name]
			if r := t.withRecipe(); r != t && !r.namesTarget() {
				continue // the same commands as the target that holds them
			}
			for _, c := range mf.scoped(t.vars, func() []command { return mf.recipeFor(t.withRecipe(), name, "") }) {
				addMake(mf, c)
			}
		}
		for _, t := range mf.patterns {
			names, stems := mf.patternGoals(t)
			if len(names) == 0 { // built for goals this audit cannot see: $* stays
				names, stems = []string{t.name}, []string{"$*"}
			}
			for i, name := range names {
				for _, c := range mf.recipeFor(t, name, stems[i]) {
					addMake(mf, c)
				}
			}
		}
	}
	for _, df := range b.dockerfiles {
		passed, shipping := b.argPassed(df)
		used := df.used(b.calls)
		for _, s := range df.stages {
			if !used[s] {
				continue // no image a build keeps is built from it: its builds ship nothing
			}
			noTree, noTreeGit := df.noVCSTree(b.r, s)
			for i, run := range s.runs {
				noGit, noGitAt, noGitTree := noTree, s.from, noTreeGit
				noTool := false // no git program, in a tree that may hold .git
				if !noGitTree {
					noGit, noGitAt, noGitTree = s.noGit(&s.runs[i])
					noTool = noGitTree
				}
				runs := []command{run}
				if noGitTree { // RUN make build runs the Makefile's recipes, without the .git a Makefile build run by hand has
					if followed := b.follow(s.inEnv(i)); len(followed) != 1 || followed[0].at != run.at {
						runs = followed
					}
				}
				for _, c := range runs {
					g, ok := readGoBuild(c, "Dockerfile")
					if !ok || b.discards(g) {
						continue
					}
					if len(c.via) > 0 { // a recipe of the make the RUN runs
						run := c.via[0]
						g.from = &run
					}
					g.ldflags, g.unset = s.expandUnset(g.ldflags, i, c, passed)
					g.unsetWhy, g.unsetAt = s.bareWhy(g.unset, i, df, shipping)
					g.cgo = s.cgoOn(i, c)
					// GOFLAGS from the stage's ENV or ARG above the RUN, else from
					// go env -w, when the command line does not set it.
					if _, set := c.getenv("GOFLAGS"); !set {
						v, ok := s.runEnvs[i].env["GOFLAGS"]
						if !ok {
							v, ok = s.goEnv(&s.runs[i])["GOFLAGS"]
						}
						g.stampsFrom(v, ok)
						if at, found := s.runEnvs[i].envAt["GOFLAGS"]; found && g.noVCS != "" {
							g.noVCSAt = []repo.Evidence{at}
						}
						if at, found := s.runEnvs[i].envAt["GOFLAGS"]; found && g.vcsOn != "" {
							g.vcsOnAt = []repo.Evidence{at}
						}
					}
					if noGitTree {
						g.noGit, g.noGitAt, g.noGitTool = noGit, []repo.Evidence{noGitAt}, noTool
						// Without .git, or without git under -buildvcs=auto, the go
						// command stamps nothing; -buildvcs=true without git fails
						// (see checkLDFlags).
						if g.noVCS == "" && (g.vcsOn == "" || !noTool) {
							g.noVCS, g.noVCSAt = noGit, g.noGitAt
						}
					}
					out = append(out, g)
				}
			}
		}
	}
	for _, c := range b.releasers {
		for _, cmd := range c.commands {
			add(cmd, "GoReleaser")
		}
	}
	for _, c := range b.kos {
		for _, cmd := range c.commands {
			if g, ok := readGoBuild(cmd, "ko"); ok && !b.discards(g) {
				g.ldflags, g.unset, g.unsetWhy, g.unsetAt = b.koUnset(c, g)
				out = append(out, g)
			}
		}
	}
	ran := map[repo.Evidence]bool{} // the runner and script builds the CI runs
	// once adds g to out unless a build there is the same (see goBuild.same), or g
	// is a Makefile's build read above from the same line (see goBuild.sameMake),
	// looked for among those written at the same place alone.
	byAt := map[repo.Evidence][]int{}
	for i, g := range out {
		byAt[g.cmd.at] = append(byAt[g.cmd.at], i)
	}
	once := func(g goBuild) {
		if slices.ContainsFunc(byAt[g.cmd.at], func(i int) bool { return out[i].same(g) || out[i].sameMake(g) }) {
			return
		}
		byAt[g.cmd.at] = append(byAt[g.cmd.at], len(out))
		out = append(out, g)
	}
	for _, c := range b.ci {
		for i, cmd := range c.commands {
			called, ok := b.ciCall(c, i)
			if !ok {
				if g, ok := readGoBuild(cmd, "CI"); ok && !b.discards(g) {
					g.ldflags, g.unset = c.expandCI(b.r, cmd, g.ldflags)
					c.goflagsEnv(&g, cmd)
					g.unsetWhy = "no env of the workflow, job or step, nor the run script, sets it, and the runner does not"
					byAt[g.cmd.at] = append(byAt[g.cmd.at], len(out))
					out = append(out, g)
				}
				continue
			}
			for _, rc := range called { // the builds of a justfile, Taskfile or script the CI runs
				source, from := b.sourceOf(rc, cmp.Or(runnerSource[cmd.words[0]], "CI"))
				if g, ok := readGoBuild(rc, source); ok && !b.discards(g) {
					g.from = from
					g.ldflags, g.unset = c.expandRun(b.r, cmd, &rc, g.ldflags)
					switch {
					case from == nil:
						g.unsetWhy = fmt.Sprintf("neither the %s (%s) nor the env of the workflow, job or step that runs %s sets it, and the runner does not", source, rc.at.File, cmd.words[0])
					case source == "CI": // a script the CI runs
						g.unsetWhy = fmt.Sprintf("neither %s nor the env of the workflow, job or step that runs %s sets it, and the runner does not", rc.at.File, cmd.words[0])
					default: // a script the recipe or task runs
						g.unsetWhy = fmt.Sprintf("neither %s, nor the %s (%s) that runs it, nor the env of the workflow, job or step that runs %s sets it, and the runner does not", rc.at.File, source, from.File, cmd.words[0])
					}
					ran[g.cmd.at] = true
					once(g)
				}
			}
		}
	}
	runnerBuilds, _ := b.runnerBuilds()
	// Those no CI runs: of the scripts the Makefiles' recipes run (a CI that runs the
	// script through a just recipe's make build reads it with its env), then of the
	// root justfile and Taskfile, as a Makefile target's.
	for _, g := range slices.Concat(scripted, runnerBuilds) {
		if !ran[g.cmd.at] {
			once(g)
		}
	}
	for i := range out {
		out[i].ldflags = b.listModule(out[i].cmd, out[i].ldflags)
		for k, v := range out[i].replaced {
			out[i].replaced[k].flags = b.listModule(out[i].cmd, v.flags)
		}
	}
	return out, unread
}

// goListModule matches a command substitution that prints the main module's path,
// as a Make function ($(shell go list -m)) or a shell's ($(go list -m), `go list
// -m`), with -f {{.Path}} or not, quoted or not.
var goListModule = regexp.MustCompile(`\$\((?:shell\s+)?go\s+list\s+-m(?:\s+-f[\s=]*["']?\{\{\s*\.Path\s*\}\}["']?)?\s*\)|` + "`go\\s+list\\s+-m\\s*`")

// listModule returns ldflags, of a build that command c runs, with each go list -m
// substitution (see goListModule) replaced by the module path it prints where c runs
// (see listedModule); where that is not known (a directory this audit cannot place,
// no module, a go.work, whose modules go list -m lists all) it is left as written.
func (b *builds) listModule(c command, ldflags string) string {
	if !goListModule.MatchString(ldflags) || c.unplaced {
		return ldflags
	}
	mod, ok := listedModule(b.r, c.dir)
	if !ok {
		return ldflags
	}
	return goListModule.ReplaceAllLiteralString(ldflags, mod)
}

// listedModule returns the module path that go list -m prints in dir, a directory of
// the repository: that of the module holding it; false when it is in no module, or
// in a module of a go.work, where go list -m lists every module of the workspace.
func listedModule(r *repo.Repo, dir string) (string, bool) {
	m := r.ModuleOf(dir)
	if m == nil || r.InWork(m) {
		return "", false
	}
	return m.Path, true
}

// runnerBuilds returns the go builds of the recipes of the justfile and the tasks of
// the Taskfile at the root of the repository, each read as a call of its own (just
// build, task build) with the variables the files set: like a Makefile target no
// CI runs, a build whose variables nothing sets is left to the command line that
// runs it. A recipe or task this audit cannot follow (parameters without a default,
// an include) gives none. The recipes and tasks share one budget of commands read
// (see maxScriptCommands), as the calls one command of the CI leads to do; unread
// are the runner calls a bound of this audit left unread (see boundReached), the
// recipes and tasks read as calls of their own among them.
func (b *builds) runnerBuilds() (out []goBuild, unread []command) {
	seen := map[repo.Evidence]bool{}
	for _, run := range b.rootRunnerRuns() {
		for _, c := range run.cmds {
			if c.unfollowed != "" { // placed in the file, not at the call read as its own
				c.via = slices.DeleteFunc(slices.Clone(c.via), func(e repo.Evidence) bool { return e.File == "" })
				if c.at.File == "" {
					c.at = b.r.At(run.file, 1)
				}
				unread = append(unread, c)
			}
			source, from := b.sourceOf(c, runnerSource[run.runner])
			if g, ok := readGoBuild(c, source); ok && !b.discards(g) && !seen[c.at] {
				g.from = from
				seen[c.at] = true
				out = append(out, g)
			}
		}
	}
	return out, unread
}

// rootRunnerRuns returns what followRunner reads of the recipes and tasks of the
// root justfile and Taskfile, each called on its own, sharing one budget (see
// runnerBuilds); followed once per audit (see builds.rootRuns), unless a follow is
// under way, whose budget they would spend.
func (b *builds) rootRunnerRuns() []rootRun {
	if b.rootRead {
		return b.rootRuns
	}
	memo := b.following == nil
	defer b.startFollowing("the recipes and tasks of the root justfile and Taskfile, read for their builds,")()
	var runs []rootRun
	add := func(runner, file string, names []string) {
		for _, name := range names {
			if cmds, ok := b.followRunner(nil, command{words: []string{runner, name}, dir: "."}); ok {
				runs = append(runs, rootRun{runner: runner, file: file, cmds: cmds})
			}
		}
	}
	if p := b.findUp(".", justNames); b.justfile(p) != nil {
		add("just", p, slices.Sorted(maps.Keys(b.justfile(p).recipes)))
	}
	if p := b.findUp(".", taskNames); b.taskfile(p) != nil {
		var names []string
		for _, kv := range pairs(get(b.taskfile(p), "tasks")) {
			names = append(names, kv[0].Value)
		}
		add("task", p, names)
	}
	if memo {
		b.rootRuns, b.rootRead = runs, true
	}
	return runs
}

// recipeScript returns the commands of the shell script of the repository that c, a
// command of a Makefile recipe, runs (see followScript), each placed after c's line,
// with those of the scripts it runs in turn (see fromMakefile); nil when c runs
// none. A script this audit cannot read (see runsScript: not in the repository, too
// large, not a regular file) or beyond a bound of it gives the command that runs it
// (c, or one of a script read) marked unfollowed with why, as the CI's own are
// named (see scriptsUnread).
func (b *builds) recipeScript(c command) []command {
	defer b.startFollowing(oneCommand)()
	out, ok := b.followScript(nil, c)
	if !ok {
		out = []command{c}
	}
	for i := range out {
		if sc, runs := b.runsScript(out[i]); runs && sc.why != "" && out[i].unfollowed == "" {
			out[i].unfollowed = cmp.Or(sc.path, "its command string") + ": " + sc.why
		}
	}
	if !ok && out[0].unfollowed == "" {
		return nil
	}
	return out
}

// ciCall returns what followCall reads of the command at index i of the CI file
// c, the recipes or tasks of a task runner it calls or the shell script it runs,
// followed once per audit (see builds.callRuns) unless a follow is under way,
// whose budget it would spend: goBuilds and followCI, for each value of checks,
// share it.
func (b *builds) ciCall(c *ciFile, i int) ([]command, bool) {
	k := ciCommand{c, i}
	if run, ok := b.callRuns[k]; ok {
		return run.cmds, run.ok
	}
	memo := b.following == nil
	cmds, ok := b.followCall(nil, c.commands[i])
	if memo {
		if b.callRuns == nil {
			b.callRuns = map[ciCommand]ciCallRun{}
		}
		b.callRuns[k] = ciCallRun{cmds, ok}
	}
	return cmds, ok
}

// unshipped returns the first go build of m (see goBuild.builds) in a Dockerfile
// stage that no image a docker build keeps is built from (see dockerfile.used),
// with that stage's name (or number): a build this audit does not count, which
// an image it does not see may ship (docker build --target of a build not read).
func (b *builds) unshipped(m *repo.Main, only bool) (goBuild, string, bool) {
	for _, df := range b.dockerfiles {
		used := df.used(b.calls)
		for _, s := range df.stages {
			if used[s] {
				continue
			}
			for i := range s.runs {
				for _, c := range b.follow(s.inEnv(i)) {
					if g, ok := readGoBuild(c, "Dockerfile"); ok && !b.discards(g) && g.builds(m, only) {
						name := s.name
						if name == "" {
							name = strconv.Itoa(s.index)
						}
						return g, name, true
					}
				}
			}
		}
	}
	return goBuild{}, "", false
}

// unresolved reports whether a package argument of g is left to a variable ($VAR)
// this audit cannot resolve, or is a relative one of a build whose directory it
// cannot place (see command.unplaced).
func (g goBuild) unresolved() bool {
	return slices.ContainsFunc(g.packages(), g.unresolvedArg)
}

// unresolvedArg reports whether p, a package argument of g, is one unresolved
// makes g.
func (g goBuild) unresolvedArg(p string) bool {
	return strings.ContainsAny(p, "${") || g.cmd.unplaced && strings.HasPrefix(p, ".")
}

// unresolvedText names the packages of g for a message about an unresolved build:
// with the directory it runs in when that is what is not placed.
func (g goBuild) unresolvedText() string {
	text := strings.Join(g.packages(), " ")
	if g.cmd.unplaced && !slices.ContainsFunc(g.packages(), func(p string) bool { return strings.ContainsAny(p, "${") }) {
		text += " from a directory this audit cannot map to the repository"
	}
	return text
}

// pureGoTags reports whether g builds with the tags netgo and osusergo, which keep
// the packages net and os/user off cgo.
func (g goBuild) pureGoTags() bool {
	return slices.Contains(g.tags, "netgo") && slices.Contains(g.tags, "osusergo")
}

// linksStatic reports whether g's ldflags make the external linker write a static
// binary: -extldflags holding -static, with -linkmode external, or with cgo (set
// by cgo, for code with a cgo package other than net and os/user, which the go
// command links externally). The C library is then inside the binary.
func (g goBuild) linksStatic(cgo bool) bool {
	words := ldflagWords(g.ldflags)
	external, static := cgo, false
	for i := 0; i < len(words); i++ {
		name, value, eq := strings.Cut(words[i], "=")
		if !eq && i+1 < len(words) && (name == "-linkmode" || name == "-extldflags") {
			i++
			value = words[i]
		}
		switch name {
		case "-linkmode":
			external = value == "external"
		case "-extldflags":
			static = slices.ContainsFunc(strings.Fields(value), func(f string) bool { return f == "-static" || f == "--static" || f == "-static-pie" })
		}
	}
	return external && static
}

// packages returns the package arguments of g: "." when there are none.
func (g goBuild) packages() []string {
	if len(g.pkgs) == 0 {
		return []string{"."}
	}
	return g.pkgs
}

// builds reports whether g builds main m: a package argument names m's directory
// (relative to where g runs, or to the root), its import path, or a ./... pattern
// above it. A build without package arguments builds the directory it runs in. With
// unresolved arguments (see unresolved), g is taken to build m when m is the only
// service.
func (g goBuild) builds(m *repo.Main, only bool) bool {
	for _, p := range g.packages() {
		if g.unresolvedArg(p) {
			if only {
				return true
			}
			continue
		}
		if p == m.Package.ImportPath {
			return true
		}
		if ip, ok := strings.CutSuffix(p, "/..."); ok && m.Package.ImportPath != "" && repo.Within(m.Package.ImportPath, ip) {
			return true
		}
		if !strings.HasPrefix(p, ".") {
			continue
		}
		for _, base := range append([]string{g.cmd.dir, "."}, g.cmd.alsoIn...) {
			rel := path.Join(base, p)
			if rel == m.Dir() {
				return true
			}
			if dir, ok := strings.CutSuffix(path.Join(base, p), "/..."); ok && repo.Within(m.Dir(), dir) {
				return true
			}
			if p == "./..." && repo.Within(m.Dir(), base) {
				return true
			}
		}
	}
	return false
}

// settings returns every variable set by a build file: CI env and variables,
// inline VAR=value of CI and Makefile commands, the lines they write into
// $GITHUB_ENV or a GitLab job's dotenv report (see envFileWrites), Makefile variables
// and Dockerfile ENV and ARG.
func (b *builds) settings() []setting {
	var out []setting
	for _, c := range slices.Concat(b.ci, b.releasers, b.kos) {
		out = append(out, c.env...)
		for _, cmd := range c.commands {
			out = append(out, inline(cmd)...)
		}
		out = append(out, envFileWrites(c.commands, githubEnv)...)
		out = append(out, c.dotenv...)
	}
	for _, mf := range b.roots() {
		for _, t := range mf.targets {
			recipe := mf.recipeCommands(t)
			for _, c := range recipe {
				out = append(out, inline(c)...)
			}
			out = append(out, envFileWrites(recipe, githubEnv)...)
		}
		for _, key := range []string{"GOFLAGS", "GOSUMDB", "GOINSECURE", "GOPRIVATE", "GONOSUMDB", "GONOPROXY", "GONOSUMCHECK"} {
			if v, ok := mf.vars[key]; ok {
				at := mf.varAt[key]
				out = append(out, setting{key: key, value: mf.expand(v), at: b.r.At(at.file, at.line)})
			}
		}
	}
	for _, df := range b.dockerfiles {
		for _, s := range df.stages {
			for k, v := range s.env {
				if s.parent == nil || s.parent.env[k] != v {
					out = append(out, setting{key: k, value: v, at: s.envAt[k]})
				}
			}
			for _, c := range s.runs {
				out = append(out, inline(c)...)
			}
		}
	}
	sortSettings(out)
	return slices.CompactFunc(out, func(a, b setting) bool { return a == b })
}

// sortSettings sorts settings by file, line and key, then value: settings read from
// maps come out in one order.
func sortSettings(s []setting) {
	slices.SortFunc(s, func(a, b setting) int {
		if c := strings.Compare(a.at.File, b.at.File); c != 0 {
			return c
		}
		if a.at.Line != b.at.Line {
			return a.at.Line - b.at.Line
		}
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.value, b.value)
	})
}

// inline returns the VAR=value words written before a command, the variables an
// export command sets, and the settings of "go env -w".
func inline(c command) []setting {
	out := exports(c)
	for k, v := range c.env {
		out = append(out, setting{key: k, value: v, at: c.at})
	}
	if c.is("go", "env", "-w") {
		for _, w := range c.words[3:] {
			if k, v, ok := strings.Cut(w, "="); ok {
				out = append(out, setting{key: k, value: v, at: c.at})
			}
		}
	}
	return out
}

// sourceOf returns what c, a command that a just or task call or a script run led
// to, is a build of, however the call reached it: the Makefile, justfile or
// Taskfile it is written in or, for a command of a script, the one nearest above
// it on the calls that led to it (a recipe that runs the script), with the line of
// it that leads to c (see goBuild.from); runner, the file the call reads (or CI,
// for a script a CI step runs itself), when none is, with the first line of the
// calls (the CI's).
func (b *builds) sourceOf(c command, runner string) (string, *repo.Evidence) {
	calls := append(slices.Clip(c.via), c.at)
	for i, at := range slices.Backward(calls) {
		var source string
		switch {
		case b.justfiles[at.File] != nil:
			source = "justfile"
		case b.taskfiles[at.File] != nil:
			source = "Taskfile"
		case slices.ContainsFunc(b.makefiles, func(mf *makefile) bool { return mf.path == at.File || slices.Contains(mf.included, at.File) }):
			source = "Makefile"
		default:
			continue
		}
		if i == len(c.via) {
			return source, nil
		}
		return source, &at
	}
	if len(c.via) == 0 || c.via[0].File == "" { // a recipe or task read as a call of its own
		return runner, nil
	}
	first := c.via[0]
	return runner, &first
}

// where names g in a message: its source and the line it is written on, after the
// line of the source that leads to it when it is written elsewhere (see from).
func (g goBuild) where() string {
	if g.from != nil {
		return fmt.Sprintf("the %s build (%s:%d, which runs %s:%d)", g.source, g.from.File, g.from.Line, g.cmd.at.File, g.cmd.at.Line)
	}
	return fmt.Sprintf("the %s build (%s:%d)", g.source, g.cmd.at.File, g.cmd.at.Line)
}

// same reports whether g and o are one build read alike: the same command, where
// it is written, run in the same directory for the same platform (see platform),
// with the same -ldflags, the same variables left unset there and the same VCS
// stamping. A build that several calls reach alike (a Makefile target that a just
// recipe runs too, a script run twice) is one build, reported once.
func (g goBuild) same(o goBuild) bool {
	if g.cmd.at != o.cmd.at || g.cmd.dir != o.cmd.dir || g.source != o.source || g.ldflags != o.ldflags ||
		!slices.Equal(g.unset, o.unset) || g.noVCS != o.noVCS {
		return false
	}
	p, q := g.platform(), o.platform()
	return p.GOOS == q.GOOS && p.GOARCH == q.GOARCH && slices.Equal(p.Tags, q.Tags) && p.MoreTags == q.MoreTags &&
		(p.Cgo == nil) == (q.Cgo == nil) && (p.Cgo == nil || *p.Cgo == *q.Cgo)
}

// sameMake reports whether g and o are one Makefile build: both of a Makefile, written
// at the same place, from the same line of it (see from). A make call that a just
// recipe, a Task task or a script runs (just build running make build) runs a
// Makefile target's recipe, which goBuilds reads from the Makefile itself, with the
// Makefile's variables and those that the CI that runs it leaves unset (see
// makeUnset), as it does for a make call of the CI: the build that call reaches is
// that one, however it reads the variables.
func (g goBuild) sameMake(o goBuild) bool {
	return g.source == "Makefile" && o.source == "Makefile" && g.cmd.at == o.cmd.at &&
		(g.from == nil) == (o.from == nil) && (g.from == nil || g.from.File == o.from.File && g.from.Line == o.from.Line)
}

// runnerSource names the file of each task runner whose recipes this audit reads.
var runnerSource = map[string]string{"just": "justfile", "task": "Taskfile", "go-task": "Taskfile"}

// taskRunners are the task runners whose calls are a part of the CI this audit
// does not read when it cannot follow them (see followRunner): just, Task (task,
// go-task), Mage (also through the go command, see runnerWords), and the runners whose files it never reads: Earthly (an
// Earthfile's targets), Dagger (a module's functions) and pre-commit (the hooks of
// .pre-commit-config.yaml, run by pre-commit run or pre-commit/action).
var taskRunners = []string{"just", "task", "go-task", "mage", "earthly", "dagger", "pre-commit"}

// runsRunner reports whether c runs a task runner (see taskRunners and
// runnerWords): for pre-commit, its run command (pre-commit install, say, runs no
// hook).
func runsRunner(c command) bool {
	words := runnerWords(c.words)
	if words == nil {
		return false
	}
	return words[0] != "pre-commit" || len(words) == 1 || words[1] == "run" || strings.HasPrefix(words[1], "-")
}

// runnerWords returns words, a command, as the command line of the task runner it
// runs (see taskRunners), or nil when it runs none: the runner by its name, or Mage
// or Task run by the go command without being installed, go tool mage or go tool task
// (a tool directive of go.mod: the tool's last path element), go run of their module
// (github.com/magefile/mage, github.com/go-task/task/v3/cmd/task, at a version or
// not), or go run mage.go, Mage's zero-install file.
func runnerWords(words []string) []string {
	if len(words) > 0 && slices.Contains(taskRunners, words[0]) {
		return words
	}
	if len(words) < 3 || words[0] != "go" || words[1] != "tool" && words[1] != "run" {
		return nil
	}
	i := 2
	for i < len(words)-1 && strings.HasPrefix(words[i], "-") { // go run's flags, -mod=mod
		i++
	}
	pkg, _, _ := strings.Cut(words[i], "@")
	name := path.Base(pkg)
	switch {
	case words[1] == "tool" && (name == "mage" || name == "task"):
	case words[1] == "run" && (pkg == "github.com/magefile/mage" || name == "mage.go"):
		name = "mage"
	case words[1] == "run" && strings.HasPrefix(pkg, "github.com/go-task/task/") && name == "task":
	default:
		return nil
	}
	return append([]string{name}, words[i+1:]...)
}

// runnerCalls returns the calls of a task runner that the CI runs, with the make
// targets, just recipes and Task tasks it runs followed, that remain: a part of the
// CI this audit does not read.
func (b *builds) runnerCalls() []command {
	var out []command
	for _, c := range b.ciCommands(false) {
		if runsRunner(c) {
			out = append(out, c)
		}
	}
	return out
}

// listOnce adds c, quoted, with why this audit did not follow it when it did not
// (see command.unfollowed), to names and its places to ev, unless names already
// holds the same.
func (c command) listOnce(names []string, ev []repo.Evidence) ([]string, []repo.Evidence) {
	n := "`" + strings.Join(c.words, " ") + "`"
	if c.unfollowed != "" {
		n += " (" + c.unfollowed + ")"
	}
	if !slices.Contains(names, n) {
		names = append(names, n)
		ev = append(ev, c.evidence()...)
	}
	return names, ev
}

// runnersUnread returns the sentence that names the task-runner calls of the CI
// (see runnerCalls) as not read, and their places; "" when the CI runs none.
func (b *builds) runnersUnread() (string, []repo.Evidence) {
	var names []string
	var ev []repo.Evidence
	for _, c := range b.runnerCalls() {
		names, ev = c.listOnce(names, ev)
	}
	if len(names) == 0 {
		return "", nil
	}
	return "CI runs " + strings.Join(names, ", ") + ", which this audit does not read", ev
}

// shortCall returns words, a command, as one text, its words past the first
// maxShownWords left out as … (a call that hands on "$@" several times may have
// thousands).
func shortCall(words []string) string {
	if len(words) > maxShownWords {
		return strings.Join(words[:maxShownWords], " ") + " …"
	}
	return strings.Join(words, " ")
}

// maxShownWords bounds the words of a command that a message names (see shortCall).
const maxShownWords = 12

// scriptsUnread returns the sentence that names the shell scripts the CI runs that
// this audit could not read (see runsScript) or did not (see command.unfollowed),
// each with why, and where the CI runs them; "" when there are none.
func (b *builds) scriptsUnread() (string, []repo.Evidence) {
	var names []string
	var ev []repo.Evidence
	for _, c := range b.ciCommands(false) {
		if sc, ok := b.runsScript(c); ok && cmp.Or(sc.why, c.unfollowed) != "" {
			if name := fmt.Sprintf("`%s` (%s: %s)", shortCall(c.words), cmp.Or(sc.path, "its command string"), cmp.Or(sc.why, c.unfollowed)); !slices.Contains(names, name) {
				names = append(names, name)
				ev = append(ev, c.evidence()...)
			}
		}
	}
	if len(names) == 0 {
		return "", nil
	}
	return "CI runs " + strings.Join(names, ", ") + ", a script this audit could not read", ev
}

// otherCIUnread returns the sentence that names the files of the CI systems this
// audit does not read (repo.OtherCI: a Jenkinsfile, .circleci/config.yml, .tekton/),
// which may run what the CI read lacks, and their places; "" when there are none.
func (b *builds) otherCIUnread() (string, []repo.Evidence) {
	var names []string
	var ev []repo.Evidence
	for _, f := range b.otherCI {
		names = append(names, f.Path)
		ev = append(ev, b.r.At(f.Path, 1))
	}
	if len(names) == 0 {
		return "", nil
	}
	return strings.Join(names, ", ") + ", CI this audit does not read, may", ev
}

// makeRulesUnread returns the sentence that names the parts of the repository's
// Makefiles this audit does not read that the make calls of CI may run, and their
// places: include directives that name files not read in place (see
// makefile.unincluded), and the rules made with $(eval), naming the targets CI's make
// runs that no rule read makes (see makefile.commands); "" when there are none, or CI
// calls no make.
func (b *builds) makeRulesUnread() (string, []repo.Evidence) {
	var parts []string
	var ev []repo.Evidence
	if s, at := b.makeIncludesUnread(); s != "" {
		parts, ev = append(parts, s), at
	}
	var evals []string
	byFile := map[string][]string{}
	for _, u := range b.unruled {
		at := u.mf.evalAt
		name := fmt.Sprintf("%s:%d", at.file, at.line)
		if _, ok := byFile[name]; !ok {
			evals = append(evals, name)
			ev = append(ev, b.r.At(at.file, at.line))
		}
		byFile[name] = append(byFile[name], "`"+u.name+"`")
	}
	for _, name := range evals {
		parts = append(parts, fmt.Sprintf("%s makes rules with $(eval) while make reads it, which this audit does not expand: the targets %s that CI's make runs have no rule read, and may", name, strings.Join(byFile[name], ", ")))
	}
	return strings.Join(parts, "; "), ev
}

// makeIncludesUnread returns the sentence that names the include directives of the
// repository's Makefiles that name files not read in place (see
// makefile.unincluded), as a part this audit does not read that the make calls of CI
// may run, and their places; "" when there are none, or CI calls no make.
func (b *builds) makeIncludesUnread() (string, []repo.Evidence) {
	calls := false
	for _, c := range b.ci {
		calls = calls || slices.ContainsFunc(c.commands, func(cmd command) bool { _, ok := parseMake(cmd); return ok })
	}
	var names []string
	var ev []repo.Evidence
	for _, mf := range b.makefiles {
		if at := mf.unincludedAt; calls && mf.unincluded != "" {
			if name := fmt.Sprintf("%s:%d `%s`", at.file, at.line, mf.unincluded); !slices.Contains(names, name) {
				names = append(names, name)
				ev = append(ev, b.r.At(at.file, at.line))
			}
		}
	}
	if len(names) == 0 {
		return "", nil
	}
	return strings.Join(names, ", ") + " include a file this audit did not read (not in the repository, or named through a variable it cannot expand), whose targets may", ev
}

// staleNote is what staleRecipes tells of the recipes make finds up to date.
type staleNote struct {
	never   string          // the recipes make never runs, as a sentence ("" for none)
	neverEv []repo.Evidence // their rules
	targets []string        // their targets
	may     string          // the recipes make may not run, as a part that may run them
	mayEv   []repo.Evidence
}

// staleRecipes tells of the Makefile targets left out as up to date (see
// makefile.upToDate) whose recipes hold a command that counts (counts(c)): those make
// never runs, with their places, and those it may not run, as parts this audit cannot
// judge that may run the command, with theirs.
func (b *builds) staleRecipes(counts func(command) bool) staleNote {
	var out staleNote
	var nevers, mays []string
	for _, s := range b.stale {
		i := slices.IndexFunc(s.cmds, counts)
		if i < 0 {
			continue
		}
		name := s.file + ", a file"
		if s.dir {
			name = s.file + "/, a directory"
		}
		ran := strings.Join(s.cmds[i].words, " ")
		if s.may == "" {
			nevers = append(nevers, fmt.Sprintf("%s:%d target `%s` never runs its recipe (%s): %s of the repository, has its name and no .PHONY lists it, so make finds it up to date", s.at.File, s.at.Line, s.target, ran, name))
			out.neverEv = append(out.neverEv, s.at)
			out.targets = append(out.targets, s.target)
			continue
		}
		mays = append(mays, fmt.Sprintf("%s:%d target `%s` has the name of %s of the repository and no .PHONY lists it, so make may find it up to date (%s), and its recipe (%s) may", s.at.File, s.at.Line, s.target, name, s.may, ran))
		out.mayEv = append(out.mayEv, s.at)
	}
	out.never, out.may = strings.Join(nevers, "; "), strings.Join(mays, "; ")
	return out
}

// bazelUnread returns the sentence that names the Bazel builds as a part this audit
// does not read, and their places: the BUILD files that declare a go_binary (whose
// x_defs, pure and static attributes, and the images rules_oci builds from it, are
// what -ldflags, CGO_ENABLED and a Dockerfile are to the others) and the CI's bazel
// build and bazel run commands; "" when there are none.
func (b *builds) bazelUnread() (string, []repo.Evidence) {
	var names []string
	var ev []repo.Evidence
	for _, p := range b.r.Bazel {
		src, _ := b.r.ReadFile(p)
		line := 1
		if i := strings.Index(string(src), "go_binary("); i >= 0 {
			line += strings.Count(string(src[:i]), "\n")
		}
		names = append(names, fmt.Sprintf("%s:%d (go_binary)", p, line))
		ev = append(ev, b.r.At(p, line))
	}
	for _, c := range b.ciCommands(false) {
		if v := bazelCommand(c); v == "build" || v == "run" {
			names, ev = c.listOnce(names, ev)
		}
	}
	if len(names) == 0 {
		return "", nil
	}
	return "the Bazel build (" + strings.Join(names, ", ") + ") is not read by this audit", ev
}

// bazelCommand returns the command (build, test, run, ...) of c when it runs bazel
// or bazelisk, after the startup options; "" otherwise.
func bazelCommand(c command) string {
	if len(c.words) == 0 || c.words[0] != "bazel" && c.words[0] != "bazelisk" {
		return ""
	}
	i := 1
	for i < len(c.words) && strings.HasPrefix(c.words[i], "-") { // startup options
		i++
	}
	if i < len(c.words) {
		return c.words[i]
	}
	return ""
}

// bazelTestsUnread returns the sentence that names the bazel test (and coverage)
// commands of the CI whose failure it heeds as not read, and their places; "" when
// the CI runs none. rules_go runs the race detector under a setting this audit does
// not follow (--@rules_go//go/config:race on the command line, a .bazelrc line, a
// --config group, a go_test's race attribute).
func (b *builds) bazelTestsUnread() (string, []repo.Evidence) {
	var names []string
	var ev []repo.Evidence
	for _, c := range b.ciCommands(true) {
		if v := bazelCommand(c); c.ignored == nil && (v == "test" || v == "coverage") {
			names, ev = c.listOnce(names, ev)
		}
	}
	if len(names) == 0 {
		return "", nil
	}
	return "CI tests with Bazel (" + strings.Join(names, ", ") + "), which this audit does not read: rules_go runs the race detector under its race setting (--@rules_go//go/config:race on the command line or in .bazelrc, or a go_test's race attribute), which may be on", ev
}

// scriptRuns returns the RUN commands of the stages of df that an image a build
// keeps is built from (see dockerfile.used) that run a script of the repository
// holding a go build or go install (./scripts/build.sh, sh build.sh), and the recipe
// lines of a RUN make that do (see follow): builds this audit does not read. A script
// runs in the image, as the stage's COPY instructions and earlier RUNs left it (they
// may copy another file to that path, or make it), with the stage's environment: it
// is not followed as one the CI runs is (see followCall).
func (b *builds) scriptRuns(df *dockerfile) []command {
	var out []command
	used := df.used(b.calls)
	for _, s := range df.stages {
		if !used[s] {
			continue
		}
		for i := range s.runs {
			for _, c := range b.follow(s.inEnv(i)) { // RUN make build runs the Makefile's recipes
				if b.repoScript(c) != "" {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// scriptRunName names c, a command of scriptRuns, with where it is written and the
// script it runs; for a recipe line of a RUN make, with that RUN.
func (b *builds) scriptRunName(c command) string {
	if len(c.via) == 0 {
		return fmt.Sprintf("%s:%d `%s` (%s)", c.at.File, c.at.Line, strings.Join(c.words, " "), b.repoScript(c))
	}
	run := c.via[0]
	return fmt.Sprintf("%s:%d `%s` (%s, a recipe line of the make %s:%d runs)", c.at.File, c.at.Line, strings.Join(c.words, " "), b.repoScript(c), run.File, run.Line)
}

// repoScript returns the path of the script of the repository that c runs, itself
// or through sh or bash, when it holds a go build or go install; else "".
func (b *builds) repoScript(c command) string {
	words := c.words
	if len(words) > 1 && slices.Contains([]string{"sh", "bash", "/bin/sh", "/bin/bash"}, words[0]) {
		words = words[1:]
	}
	if len(words) == 0 || strings.HasPrefix(words[0], "-") || !strings.Contains(words[0], "/") && !strings.HasSuffix(words[0], ".sh") || path.IsAbs(words[0]) || strings.Contains(words[0], "$") {
		return ""
	}
	for _, dir := range append([]string{c.dir}, c.alsoIn...) {
		p := path.Join(dir, words[0])
		if src, ok := b.r.ReadNamed(p); ok && holdsGoBuild(string(src)) {
			return p
		}
	}
	return ""
}

// buildsUnread returns the sentence that names the builds of the repository this
// audit does not read that may build m, and their places: with ci (go builds, not
// images only), the CI files it does not read (CircleCI, Jenkins, a workflow that is
// not valid YAML), the rules Makefiles make with $(eval) that may run a go build
// (see makefile.evalMayBuild) and the scripts Makefile recipes run that it could not
// read or did not (see builds.recipesUnread); an Earthfile or a flake.nix in m's directory or above;
// and the RUN instructions of Dockerfiles that run a script of the repository
// holding a go build. It returns "" when there are none.
func (b *builds) buildsUnread(m *repo.Main, ci bool) (string, []repo.Evidence) {
	var names []string
	var ev []repo.Evidence
	if ci {
		for _, f := range b.otherCI {
			names, ev = append(names, f.Path+" (CI)"), append(ev, b.r.At(f.Path, 1))
		}
		for _, p := range b.unreadCI {
			names, ev = append(names, p+" (CI)"), append(ev, b.r.At(p, 1))
		}
		for _, mf := range b.makefiles {
			if at := mf.evalAt; mf.evalMayBuild() {
				if name := fmt.Sprintf("the rules %s:%d makes with $(eval)", at.file, at.line); !slices.Contains(names, name) {
					names, ev = append(names, name), append(ev, b.r.At(at.file, at.line))
				}
			}
		}
		b.goBuilds() // reads recipesUnread
		for _, c := range b.recipesUnread {
			if name := fmt.Sprintf("%s:%d `%s` (%s)", c.at.File, c.at.Line, shortCall(c.words), c.unfollowed); !slices.Contains(names, name) {
				names, ev = append(names, name), append(ev, c.evidence()...)
			}
		}
	}
	for d := m.Dir(); ; d = path.Dir(d) {
		for _, f := range []struct{ name, tool string }{{"Earthfile", "Earthly"}, {"flake.nix", "Nix"}} {
			p := path.Join(d, f.name)
			if _, ok := b.r.ReadNamed(p); ok && !slices.Contains(names, p+" ("+f.tool+")") {
				names, ev = append(names, p+" ("+f.tool+")"), append(ev, b.r.At(p, 1))
			}
		}
		if d == "." || d == "/" {
			break
		}
	}
	for _, df := range b.dockerfiles {
		for _, c := range b.scriptRuns(df) {
			if name := b.scriptRunName(c); !slices.Contains(names, name) {
				names, ev = append(names, name), append(ev, c.evidence()...)
			}
		}
	}
	_, unread := b.runnerBuilds()
	for _, c := range unread {
		names, ev = c.listOnce(names, ev)
	}
	if len(names) == 0 {
		return "", nil
	}
	return "this audit does not read " + strings.Join(names, ", ") + ", which may build it", ev
}

// workOff returns where a go build of m runs outside the workspace, so that m's own
// go.mod (its go and godebug lines) governs the build rather than go.work: GOWORK=off
// set on the command, exported before it, or in its Dockerfile stage (ENV, ARG, go env
// -w), the -workfile=off flag, or a Dockerfile build none of whose build contexts
// holds the go.work (docker build svc, or a go.work above the audited directory) or
// whose stage copies none (COPY svc/ /src/, see workInContexts).
// unsure are the other places the build files set GOWORK to a value other than "" or
// "off" for a build of m (a variable, another go.work file), and to any value where
// this audit cannot tie the setting to a build, and the Dockerfile builds of m that
// only some of the Dockerfile's possible build contexts give the go.work, or whose
// stage may hold it.
func (b *builds) workOff(m *repo.Main, only bool) (off, unsure []repo.Evidence) {
	var work *repo.Work
	if m.Package.Module != nil {
		work = b.r.WorkOf(m.Package.Module)
	}
	var tied []repo.Evidence // every GOWORK setting read as a build's
	judge := func(g goBuild, env ...func(string) (string, bool)) {
		if _, ok := g.cmd.env["GOWORK"]; ok { // GOWORK=... go build: this build's own
			tied = append(tied, g.cmd.at)
		}
		if !g.builds(m, only) {
			return
		}
		for i, w := range g.cmd.words {
			if w == "-workfile=off" || w == "--workfile=off" || (w == "-workfile" || w == "--workfile") && i+1 < len(g.cmd.words) && g.cmd.words[i+1] == "off" {
				off = append(off, g.cmd.at)
				return
			}
		}
		for _, get := range env {
			if v, ok := get("GOWORK"); ok {
				switch v {
				case "off":
					off = append(off, g.cmd.at)
				case "":
				default:
					unsure = append(unsure, g.cmd.at)
				}
				return
			}
		}
	}
	for _, g := range b.goBuilds() {
		if g.source != "Dockerfile" {
			judge(g, g.cmd.getenv)
		}
	}
	for _, df := range b.dockerfiles {
		for _, s := range df.stages {
			for i := range s.runs {
				run := s.runs[i]
				stage := func(k string) (string, bool) { v, ok := s.runEnvs[i].env[k]; return v, ok }
				goEnv := func(k string) (string, bool) { v, ok := s.goEnv(&s.runs[i])[k]; return v, ok }
				for _, c := range b.follow(s.inEnv(i)) { // RUN make build runs the Makefile's recipes
					if g, ok := readGoBuild(c, "Dockerfile"); ok && !b.discards(g) {
						n := len(off)
						judge(g, c.getenv, run.getenv, stage, goEnv)
						if len(off) > n || !g.builds(m, only) {
							continue
						}
						switch all, some := workInContexts(b.r, df, s, work); {
						case !some:
							off = append(off, g.cmd.at)
						case !all:
							unsure = append(unsure, g.cmd.at)
						}
					}
				}
				if _, ok := s.env["GOWORK"]; ok {
					tied = append(tied, s.envAt["GOWORK"])
				}
			}
		}
	}
	// GOWORK set on a go mod command (GOWORK=off go mod verify) is that command's alone,
	// and it builds nothing.
	for _, c := range slices.Concat(b.ci, b.releasers, b.kos) {
		for _, cmd := range c.commands {
			if _, ok := cmd.env["GOWORK"]; ok && cmd.is("go", "mod") {
				tied = append(tied, cmd.at)
			}
		}
	}
	tied = slices.Concat(tied, off, unsure)
	for _, st := range b.settings() {
		if st.key == "GOWORK" && st.value != "" && !slices.Contains(tied, st.at) {
			unsure = append(unsure, st.at)
		}
	}
	return off, unsure
}

// workInContexts reports whether every build context of df gives the go.work w to
// stage s (all), and whether one may (some): a context outside the repository, or
// one not known, may hold anything, and one inside holds no go.work above the
// audited directory, nor one its ignore file leaves out (see dockerIgnored); the
// go.work of a context that holds one is in the stage only when the stage copies it
// (see takesWork): a stage that copies the member's directory alone (COPY svc/ /src/)
// builds in module mode.
func workInContexts(r *repo.Repo, df *dockerfile, s *stage, w *repo.Work) (all, some bool) {
	if w == nil {
		return true, true
	}
	if len(df.contexts) == 0 { // the builds that name it give no context this audit reads
		return false, true
	}
	// A Dockerfile that copies go.work from its context (COPY go.work ./) builds only
	// in a context that holds one: in the repository, where the go.work is.
	copiesWork := slices.ContainsFunc(df.stages, func(s *stage) bool {
		return slices.ContainsFunc(s.sources, func(c copySource) bool { return c.from == "" && path.Clean(c.src) == "go.work" })
	})
	all = true
	builds := false
	for _, ctx := range df.contexts {
		inRepo := !(ctx == ".." || strings.HasPrefix(ctx, "../") || path.IsAbs(ctx) || strings.Contains(ctx, "$"))
		if copiesWork && inRepo {
			if _, ok := r.ReadNamed(path.Join(ctx, "go.work")); !ok {
				continue // its COPY go.work fails: no image is built from it
			}
		}
		builds = true
		switch {
		case !inRepo:
			some, all = true, false
		case !strings.HasPrefix(w.Dir, "../") && w.Dir != ".." && repo.Within(w.Dir, ctx):
			rel := strings.TrimPrefix(path.Join(w.Dir, path.Base(w.Path)), ctx+"/")
			if ctx == "." {
				rel = path.Join(w.Dir, path.Base(w.Path))
			}
			if ignored, _ := dockerIgnored(r, df.path, ctx, rel); ignored {
				all = false
				continue
			}
			switch df.takesWork(s, rel) {
			case noWork:
				all = false
				continue
			case mayWork:
				all = false
			}
			some = true
		default:
			all = false
		}
	}
	if !builds {
		return true, true // no context builds it
	}
	return all, some
}

// workTaken is whether a stage of a Dockerfile holds a go.work of its build context.
type workTaken int

const (
	noWork  workTaken = iota // surely not
	mayWork                  // this audit cannot tell
	hasWork                  // a COPY, ADD or bind mount of the context puts it there
)

// goWorkCommand matches a go work command in the text of a RUN (go work init, which
// writes a go.work of its own).
var goWorkCommand = regexp.MustCompile(`\bgo\s+work\b`)

// takesWork returns whether stage s of df holds rel, the path of a go.work in the
// build context: hasWork when a COPY or ADD from the context of s or of a stage it is
// built on, or a bind mount of the context in one of their RUNs, copies it (its
// source is rel, a directory above it or a pattern matching either); mayWork when
// one may (a source left to a variable; a stage they copy from or mount that holds
// it, or an image whose source may be one; a URL or Git repository they add; a RUN
// that runs git, go work or names go.work); noWork otherwise (COPY svc/ /src/). Where
// in the stage the go.work lands is not told: a copy anywhere counts as one the go
// command finds.
func (df *dockerfile) takesWork(s *stage, rel string) workTaken {
	p := path.Join("/", rel)
	own := map[*stage]workTaken{}
	var chain func(s *stage) workTaken
	ownOf := func(st *stage) workTaken {
		if t, ok := own[st]; ok {
			return t
		}
		own[st] = noWork // a stage that copies from itself, through others
		out := noWork
		fromStage := func(ref, src string) workTaken {
			switch from := df.stage(ref); {
			case strings.Contains(ref, "$"):
				return mayWork
			case from != nil:
				return min(chain(from), mayWork)
			case mayHoldWork(src): // from an image: its root, or a go.work of it
				return mayWork
			}
			return noWork
		}
		if st.remoteSource || slices.ContainsFunc(st.runs, func(c command) bool { return len(c.words) > 0 && c.words[0] == "git" }) {
			out = mayWork
		}
		for _, ref := range st.takesAny {
			out = max(out, fromStage(ref, "/"))
		}
		for _, script := range st.scripts {
			if strings.Contains(script, "go.work") || goWorkCommand.MatchString(script) {
				out = max(out, mayWork)
			}
			for _, m := range runMounts(script) {
				opts := map[string]string{"type": "bind", "source": "."}
				for _, kv := range strings.Split(m, ",") {
					k, v, _ := strings.Cut(kv, "=")
					if k == "src" {
						k = "source"
					}
					opts[k] = v
				}
				switch from, ok := opts["from"]; {
				case opts["type"] != "bind":
				case ok:
					out = max(out, fromStage(from, opts["source"]))
				case strings.Contains(opts["source"], "$"):
					out = max(out, mayWork)
				case covers(path.Join("/", opts["source"]), p):
					out = hasWork
				}
			}
		}
		for _, c := range st.sources {
			switch {
			case c.from != "":
				out = max(out, fromStage(c.from, c.src))
			case strings.Contains(c.src, "$"):
				out = max(out, mayWork)
			case covers(path.Join("/", c.src), p):
				out = hasWork
			}
		}
		own[st] = out
		return out
	}
	chain = func(s *stage) workTaken {
		out := noWork
		for st := s; st != nil; st = st.parent {
			out = max(out, ownOf(st))
		}
		return out
	}
	return chain(s)
}

// mayHoldWork reports whether src, a source of a COPY or ADD from an image, may copy
// a go.work: the root, a go.work, a pattern or a variable.
func mayHoldWork(src string) bool {
	p := path.Clean(strings.TrimPrefix(src, "/"))
	return p == "." || path.Base(p) == "go.work" || strings.ContainsAny(p, "*?[$")
}

// dockerIgnored reports whether the ignore file of a docker build of the Dockerfile
// at df with the build context ctx (both paths of the repository) leaves rel, a
// path relative to ctx, out of the context, as Docker decides it
// (github.com/moby/patternmatcher, which its builder uses), and the ignore file:
// <Dockerfile>.dockerignore beside the Dockerfile when there is one, in place of
// the context's .dockerignore. An ignore file that cannot be read leaves rel in.
func dockerIgnored(r *repo.Repo, df, ctx, rel string) (bool, string) {
	file := df + ".dockerignore"
	data, ok := r.ReadNamed(file)
	if !ok {
		file = path.Join(ctx, ".dockerignore")
		if data, ok = r.ReadNamed(file); !ok {
			return false, ""
		}
	}
	patterns, err := ignorefile.ReadAll(bytes.NewReader(data))
	if err != nil {
		return false, ""
	}
	ignored, err := patternmatcher.MatchesOrParentMatches(rel, patterns)
	return ignored && err == nil, file
}

// leftOut returns, for each of mains, the Go files of its program that no build of
// it compiles: the builds this audit reads (see goBuilds) that build the main, each
// with its -tags (and CGO_ENABLED, which decides the files that import "C"), read
// for linux/amd64, the platform the repository's files are read for. A file only a
// tag no build sets brings in (//go:build debug) is not in the binary the repository
// ships, nor is one that every build's tags leave out (//go:build !prod, each build
// -tags prod). A main has no entry, every file in, when that cannot be told: no
// build of it is read, a build's tags are left to a variable, a build whose packages
// are may build it (in a repository of several main packages), or a build this
// audit does not read (Bazel, a CI file that could not be read) may set others.
func (b *builds) leftOut(mains []*repo.Main) map[*repo.Main]map[*repo.File]bool {
	out := map[*repo.Main]map[*repo.File]bool{}
	if len(b.r.Bazel) > 0 || len(b.unreadCI) > 0 {
		return out
	}
	gs := b.goBuilds()
	for _, m := range mains {
		var platforms []repo.Build
		unread := false
		for _, g := range gs {
			switch {
			case !g.builds(m, true):
				continue
			case !g.builds(m, false) && len(mains) > 1:
				unread = true // packages left to a variable: it may or may not build m
			case slices.ContainsFunc(g.tags, func(t string) bool { return strings.ContainsAny(t, "$`{}()%") }):
				unread = true
			}
			pl := g.platform()
			pl.GOOS, pl.GOARCH = "linux", "amd64"
			if !slices.ContainsFunc(platforms, func(o repo.Build) bool { return slices.Equal(o.Tags, pl.Tags) && equalCgo(o.Cgo, pl.Cgo) }) {
				platforms = append(platforms, pl)
			}
		}
		if unread || len(platforms) == 0 {
			continue
		}
		for _, pkg := range m.Program {
			for _, f := range slices.Concat(pkg.Files, pkg.Generated) {
				src, ok := b.r.ReadFile(f.Path)
				if !ok || !bytes.Contains(src, []byte("build")) && !bytes.Contains(src, []byte(`"C"`)) {
					continue // no constraint, no cgo: every build compiles it
				}
				if !slices.ContainsFunc(platforms, func(pl repo.Build) bool {
					compiles, known, _ := pl.Compiles(f.Path, src)
					return compiles || !known
				}) {
					if out[m] == nil {
						out[m] = map[*repo.File]bool{}
					}
					out[m][f] = true
				}
			}
		}
	}
	return out
}

// equalCgo reports whether two cgo settings of builds (nil when unknown) are alike.
func equalCgo(a, b *bool) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}
