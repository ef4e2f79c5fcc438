package audit

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// The variables of the -ldflags of Makefile and CI builds: what the CI sets them to,
// and which of them nothing sets, so that the shell or make expands them to "".

// shellRef matches a shell reference to a variable, $NAME or ${NAME} (not ${NAME:-x}
// and the like, which give a value of their own).
var shellRef = regexp.MustCompile(`\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))`)

// scriptAssign matches a line of a shell script that assigns a variable and runs
// nothing: NAME=value, export NAME=value.
var scriptAssign = regexp.MustCompile(`^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$`)

// shellAssignment returns the variable that line, a logical line of a script found
// at at, assigns on a line of its own, with its value unquoted when it is one word
// (else as written).
func shellAssignment(line string, at repo.Evidence) (setting, bool) {
	m := scriptAssign.FindStringSubmatch(line)
	if m == nil {
		return setting{}, false
	}
	value := strings.TrimSpace(m[2])
	if cmds := splitCommands(": " + value); len(cmds) == 1 && len(cmds[0].words) == 2 {
		value = cmds[0].words[1]
	}
	return setting{key: m[1], value: value, at: at}, true
}

// presetVar reports whether name is a variable the CI runner, the go command's
// environment or make itself sets without a build file saying so.
func presetVar(name string) bool {
	for _, p := range []string{"GITHUB_", "RUNNER_", "ACTIONS_", "CI_", "GITLAB_", "GO", "MAKE"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return slices.Contains([]string{"CI", "HOME", "PATH", "USER", "PWD", "OLDPWD", "SHELL", "HOSTNAME", "LANG", "TMPDIR", "RANDOM", "SECONDS",
		"UID", "EUID", "PPID", "ImageOS", "ImageVersion", "CURDIR", "CC", "CXX", "AR", "LD"}, name)
}

// valuesOf returns the distinct values c gives the variable name for cmd: cmd's own
// (set before it, or exported earlier in its script), else those of the env and
// variables of the file (workflow, job and step env, GitLab variables) and of the
// assignments of its scripts. In a GitHub workflow each step runs its own shell, so
// of the assignments only those of cmd's script before it count (see command.vars).
func (c *ciFile) valuesOf(cmd command, name string) []string {
	if v, ok := cmd.shellVar(name); ok {
		return []string{v}
	}
	settings := slices.Concat(c.env, c.vars)
	if c.kind == repo.GitHub {
		settings = c.env
		if v, ok := cmd.scriptVar(name); ok {
			settings = append(slices.Clone(settings), setting{key: name, value: v})
		}
	}
	var out []string
	for _, s := range settings {
		if s.key == name && !slices.Contains(out, s.value) {
			out = append(out, s.value)
		}
	}
	return out
}

// mayBeSet reports whether name may have a value in the jobs of c although none of
// its env, variables or assignments gives one: the runner sets it, a command writes
// NAME=... (echo "NAME=..." >> $GITHUB_ENV, make NAME=...), the file's text assigns
// it in a way not read, an action it uses may export it, a part of the file was not
// read, or c is a GitLab file, whose project and group CI/CD variables are in every
// job's environment. Of a GitHub workflow's text, what this audit reads and knows
// sets nothing for another step does not count: a NAME=value line written into
// $GITHUB_OUTPUT (a step output, read as ${{ steps.ID.outputs.NAME }}), and a
// script's assignment on a line of its own, which ends with that step's shell (one
// on the line of own, the command whose shell expands the reference, may set it
// there; own is nil when the variable must come through the environment).
func (c *ciFile) mayBeSet(r *repo.Repo, name string, own *command) bool {
	if presetVar(name) || len(c.notes) > 0 || c.kind != repo.GitHub {
		return true
	}
	src, _ := r.ReadFile(c.path)
	if exportingAction(string(src)) {
		return true
	}
	lines := strings.Split(string(src), "\n")
	read := func(at repo.Evidence) {
		if at.File == c.path && at.Line >= 1 && at.Line <= len(lines) && (own == nil || own.at.Line != at.Line) {
			lines[at.Line-1] = ""
		}
	}
	for i, cmd := range c.commands {
		if writesEnvFile(cmd, githubOutput) || cmd.piped && i+1 < len(c.commands) && c.commands[i+1].is("tee") && writesEnvFile(c.commands[i+1], githubOutput) {
			read(cmd.at)
			continue
		}
		if slices.ContainsFunc(cmd.words, func(w string) bool { return strings.HasPrefix(w, name+"=") }) {
			return true
		}
	}
	// A heredoc into $GITHUB_ENV (cat <<EOF >> "$GITHUB_ENV") holds NAME=value lines
	// that read as assignments: they set the variable for the later steps.
	if !slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, "<<") && strings.Contains(l, "GITHUB_ENV") }) {
		for _, s := range c.vars {
			read(s.at)
		}
	}
	return assigns(strings.Join(lines, "\n"), name)
}

// usesAction matches the action a GitHub step uses.
var usesAction = regexp.MustCompile(`(?m)^\s*(?:-\s+)?uses:\s*["']?([^\s"'@]+)`)

// exportingAction reports whether a GitHub workflow's text uses an action that may
// export environment variables to the steps after it (core.exportVariable): any
// but those of GitHub's own actions organisation and the Docker, Go linter,
// GoReleaser and ko (setup-ko: KO_DOCKER_REPO only) actions, and the actions that
// install Task or just (they put it on the PATH), which export none for a go build
// to read, and local actions, whose steps are read.
func exportingAction(text string) bool {
	for _, m := range usesAction.FindAllStringSubmatch(text, -1) {
		owner, _, _ := strings.Cut(m[1], "/")
		if !strings.HasPrefix(m[1], "./") && !slices.Contains([]string{"actions", "docker", "golangci", "dominikh", "goreleaser", "github", "ko-build"}, owner) &&
			!slices.Contains([]string{"arduino/setup-task", "go-task/setup-task", "extractions/setup-just"}, m[1]) {
			return true
		}
	}
	return false
}

// assigns reports whether text may assign the variable name: name followed by =,
// :=, ?=, += or a YAML colon.
func assigns(text, name string) bool {
	return regexp.MustCompile(`(^|[^A-Za-z0-9_$.])` + regexp.QuoteMeta(name) + `\s*(:|\?=|\+=|!=|=)`).MatchString(text)
}

// expandCI expands the variables of value, the -ldflags of cmd, a command of c: one
// that c gives a single value is replaced by it, and one that nothing sets (see
// mayBeSet) by "", listed in unset. A variable with several values is left as
// written.
func (c *ciFile) expandCI(r *repo.Repo, cmd command, value string) (string, []string) {
	return c.expandRun(r, cmd, nil, value)
}

// expandRun is expandCI for value, the -ldflags of run, a command of a justfile or
// Taskfile recipe that cmd, a command of c, runs (for cmd itself, run is nil): a
// variable of run's environment (the runner's exported variables and env) has that
// value, and one the runner's file may assign in a way this audit does not read
// (a shell assignment of the recipe, say) is left as written.
func (c *ciFile) expandRun(r *repo.Repo, cmd command, run *command, value string) (string, []string) {
	var unset []string
	var runnerText string
	own := &cmd // the shell that expands value: cmd's, else the runner's (see mayBeSet)
	if run != nil {
		src, _ := r.ReadFile(run.at.File)
		runnerText, own = string(src), nil
	}
	for range 4 { // a value may name other variables
		next := shellRef.ReplaceAllStringFunc(value, func(ref string) string {
			m := shellRef.FindStringSubmatch(ref)
			name := m[1] + m[2]
			if run != nil {
				if v, ok := run.shellVar(name); ok {
					return v
				}
				if assigns(runnerText, name) {
					return ref
				}
			}
			switch vals := c.valuesOf(cmd, name); {
			case len(vals) == 1:
				return vals[0]
			case len(vals) == 0 && !c.mayBeSet(r, name, own):
				if !slices.Contains(unset, name) {
					unset = append(unset, name)
				}
				return ""
			}
			return ref
		})
		if next == value {
			break
		}
		value = next
	}
	return value, unset
}

// makeUnset expands to "" the references of g's ldflags, a build of the Makefile
// mf, to variables that nothing sets when the CI runs the build: neither the
// Makefile (all of it read) nor make, nor the CI that runs make, nor any other file
// that could call it. It returns the ldflags, the variables and why, or g's ldflags
// unchanged when the CI does not run g: the make command line someone types may set
// them.
func (b *builds) makeUnset(mf *makefile, g goBuild) (string, []string, string) {
	if mf.partial || !makeRef.MatchString(g.ldflags) {
		return g.ldflags, nil, ""
	}
	var call *repo.Evidence
	for _, c := range b.ciCommands(false) {
		if c.at == g.cmd.at && len(c.via) > 0 {
			call = &c.via[0]
			break
		}
	}
	if call == nil {
		return g.ldflags, nil, ""
	}
	var unset []string
	shellOnly := map[string]bool{} // see shellRefOnly, for each name read
	out := makeRef.ReplaceAllStringFunc(g.ldflags, func(ref string) string {
		name := makeRef.FindStringSubmatch(ref)[1]
		only, read := shellOnly[name]
		if !read {
			only = b.shellRefOnly(mf, name)
			shellOnly[name] = only
		}
		if mf.uncertain[name] || presetVar(name) {
			return ref
		}
		if _, ok := mf.vars[name]; !only && (ok || b.setElsewhere(name, false)) || only && (mf.shellGets(name) || b.setElsewhere(name, true)) {
			return ref
		}
		if !slices.Contains(unset, name) {
			unset = append(unset, name)
		}
		return ""
	})
	if len(unset) == 0 {
		return g.ldflags, nil, ""
	}
	var byMake, byShell []string // the Make references, and the recipe's shell's
	var unexported []string      // of the shell's, those the Makefile sets without exporting them
	for _, name := range unset {
		if shellOnly[name] {
			byShell = append(byShell, "${"+name+"}")
			if _, ok := mf.vars[name]; ok {
				unexported = append(unexported, name)
			}
		} else {
			byMake = append(byMake, name)
		}
	}
	expands := "make expands it to \"\""
	switch {
	case len(byMake) == 0:
		expands = fmt.Sprintf("the recipe's shell expands it to \"\" (make passes $%s on to it as %s)", byShell[0], byShell[0])
	case len(byShell) > 0:
		expands = fmt.Sprintf("make expands %s to \"\", and the recipe's shell %s (make passes $%s on to it as %s)", strings.Join(byMake, ", "), strings.Join(byShell, ", "), byShell[0], byShell[0])
	}
	if len(unexported) > 0 {
		them := "them"
		if len(unexported) == 1 {
			them = "it"
		}
		return out, unset, fmt.Sprintf("neither the CI that runs it (%s:%d) nor the Makefile, which sets %s without exporting %s, sets it for the recipe's shell (make gives it only the variables it exports, export %s or .EXPORT_ALL_VARIABLES, and those of its environment or command line), so %s",
			call.File, call.Line, strings.Join(unexported, ", "), them, unexported[0], expands)
	}
	return out, unset, fmt.Sprintf("neither the Makefile nor the CI that runs it (%s:%d) sets it, so %s", call.File, call.Line, expands)
}

// shellRefOnly reports whether the text of mf and of the files it includes names
// name as the recipe's shell's variable alone, $${NAME}, which make passes on as
// ${NAME} for the shell to expand, and in no Make reference, $(NAME) or ${NAME}
// (see replaceMakeRefs): a ${NAME} of a build's ldflags, as make leaves it, is
// then the shell's.
func (b *builds) shellRefOnly(mf *makefile, name string) bool {
	shell := false
	for _, p := range append([]string{mf.path}, mf.included...) {
		src, ok := b.r.ReadFile(p)
		if !ok {
			continue
		}
		made := false
		replaceMakeRefs(string(src), func(ref, n string) string {
			made = made || n == name
			return ref
		})
		if made {
			return false
		}
		shell = shell || strings.Contains(string(src), "$${"+name+"}")
	}
	return shell
}

// exportWord matches the export directive of a Makefile line (export VERSION := 1, a
// target's build: export VERSION = 1), not the word inside a value ('export-*').
var exportWord = regexp.MustCompile(`(?:^|[\s:;])export\s`)

// setElsewhere reports whether a build file other than a Makefile's own variables
// may give name a value for make: a CI file (its env, variables or commands, see
// mayBeSet), any Makefile's text (make NAME=... in a recipe, an assignment under a
// conditional) or a justfile or Taskfile. For a variable of a recipe's shell
// (shell), a Makefile's line counts only as a recipe line (a tab first: NAME=...;
// go build, make NAME=...) or one that exports: its own variables reach that shell
// only exported (see makefile.shellGets).
func (b *builds) setElsewhere(name string, shell bool) bool {
	for _, c := range b.ci {
		if len(c.valuesOf(command{}, name)) > 0 || c.mayBeSet(b.r, name, nil) {
			return true
		}
	}
	if len(b.unreadCI) > 0 || len(b.otherCI) > 0 {
		return true
	}
	files := []string{"justfile", "Justfile", ".justfile", "Taskfile.yml", "Taskfile.yaml"}
	for _, mf := range b.makefiles {
		files = append(append(files, mf.path), mf.included...)
	}
	return slices.ContainsFunc(files, func(p string) bool {
		src, ok := b.r.ReadFile(p)
		if !ok || !shell || !slices.ContainsFunc(b.makefiles, func(mf *makefile) bool { return mf.path == p || slices.Contains(mf.included, p) }) {
			return ok && assigns(string(src), name)
		}
		return slices.ContainsFunc(strings.Split(string(src), "\n"), func(l string) bool {
			return (strings.HasPrefix(l, "\t") || exportWord.MatchString(l)) && assigns(l, name)
		})
	})
}

// koEnvAction matches a {{ .Env.NAME }} action of a ko template.
var koEnvAction = regexp.MustCompile(`\{\{-?\s*\.Env\.([A-Za-z_][A-Za-z0-9_]*)\s*-?\}\}`)

// koRuns reports whether c runs ko to build images (ko build, and the commands that
// build the images they resolve: publish, resolve, apply, create, run).
func koRuns(c command) bool {
	return len(c.words) > 1 && c.words[0] == "ko" && slices.Contains([]string{"build", "publish", "resolve", "apply", "create", "run"}, c.words[1])
}

// koCall is a ko command that CI runs, directly or through a Makefile, justfile or
// Taskfile target.
type koCall struct {
	file      *ciFile
	step, cmd command // the CI's command, and the ko command it runs
}

// koCalls returns the ko commands that build images (see koRuns) that CI runs.
func (b *builds) koCalls() []koCall {
	var calls []koCall
	for _, c := range b.ci {
		for _, step := range c.commands {
			for _, cmd := range b.follow(step) {
				if koRuns(cmd) {
					calls = append(calls, koCall{c, step, cmd})
				}
			}
		}
	}
	return calls
}

// env returns the settings of the variable name in the environment ko runs with
// at k: the command's own (set before it, or exported earlier in its script), else
// those of the env and variables of its CI file.
func (k koCall) env(name string) []setting {
	if v, ok := k.cmd.getenv(name); ok {
		return []setting{{key: name, value: v, at: k.cmd.at}}
	}
	if v, ok := k.step.getenv(name); ok {
		return []setting{{key: name, value: v, at: k.step.at}}
	}
	var out []setting
	for _, s := range slices.Concat(k.file.env, k.file.vars) {
		if s.key == name && !slices.ContainsFunc(out, func(o setting) bool { return o.value == s.value }) {
			out = append(out, s)
		}
	}
	return out
}

// koValueFlags are the flags of ko build (and publish, resolve, apply, create, run)
// that take a value.
var koValueFlags = []string{"--platform", "-t", "--tags", "--image-refs", "--sbom", "--sbom-dir", "--image-label", "--image-annotation", "--image-user", "-j", "--jobs", "--tarball", "--oci-layout-path", "-f", "--filename", "-l", "--selector", "--kubeconfig", "--context", "-n", "--namespace", "--cluster", "--user", "--token", "--server"}

// goBuild returns the go build that ko build (or publish, or run) at k runs for the
// packages its command line names (./cmd/api, ko://example.com/acme/api, an import
// path), as ko does without a .ko.yaml build for them: no ldflags, in the
// directory it runs in. ok is false for a ko command that names no package
// (ko resolve -f, whose packages are the ko:// references of YAML files).
func (k koCall) goBuild() (goBuild, bool) {
	if !k.cmd.is("ko", "build") && !k.cmd.is("ko", "publish") && !k.cmd.is("ko", "run") {
		return goBuild{}, false
	}
	words := []string{"go", "build"}
	args := k.cmd.words[2:]
	if i := slices.Index(args, "--"); i >= 0 { // ko run's container arguments follow --
		args = args[:i]
	}
	for _, w := range cliWords(args, koValueFlags) {
		if w.flag == "" {
			words = append(words, strings.TrimPrefix(w.value, "ko://"))
		}
	}
	if len(words) == 2 {
		return goBuild{}, false
	}
	cmd := k.cmd
	cmd.words = words
	return readGoBuild(cmd, "ko")
}

// koUnset expands to "" the {{ .Env.NAME }} actions of g's ldflags, a build of the
// .ko.yaml ko, whose variable nothing sets where the CI runs ko: ko renders its
// templates with the environment and the build's env, and stops the build at a
// missing key ("map has no entry for key"). It returns the ldflags, the variables,
// why and the places of the CI's ko commands, or g's ldflags unchanged when the CI
// runs no ko command (ko run by hand may have any environment) or sets them all.
// A variable counts as set when the .ko.yaml assigns it (a build's env,
// defaultEnv), the ko command's line or script does, any env of its CI file, the
// runner or an action may (see mayBeSet), or, for a ko command of a Makefile,
// justfile or Taskfile target the CI runs, a build file may (see setElsewhere).
func (b *builds) koUnset(ko *ciFile, g goBuild) (string, []string, string, []repo.Evidence) {
	if !koEnvAction.MatchString(g.ldflags) {
		return g.ldflags, nil, "", nil
	}
	calls := b.koCalls()
	if len(calls) == 0 {
		return g.ldflags, nil, "", nil
	}
	src, _ := b.r.ReadFile(ko.path)
	set := func(name string) bool {
		if _, ok := g.cmd.getenv(name); ok || name == "LDFLAGS" || strings.HasPrefix(name, "KO_") || presetVar(name) || assigns(string(src), name) {
			return true
		}
		return slices.ContainsFunc(calls, func(k koCall) bool {
			if _, ok := k.cmd.getenv(name); ok || len(k.file.valuesOf(k.step, name)) > 0 || k.file.mayBeSet(b.r, name, nil) {
				return true
			}
			return k.cmd.at != k.step.at && b.setElsewhere(name, false)
		})
	}
	var unset []string
	out := koEnvAction.ReplaceAllStringFunc(g.ldflags, func(action string) string {
		name := koEnvAction.FindStringSubmatch(action)[1]
		if set(name) {
			return action
		}
		if !slices.Contains(unset, name) {
			unset = append(unset, name)
		}
		return ""
	})
	if len(unset) == 0 {
		return g.ldflags, nil, "", nil
	}
	var places []string
	var at []repo.Evidence
	for _, k := range calls {
		if p := fmt.Sprintf("%s:%d", k.cmd.at.File, k.cmd.at.Line); !slices.Contains(places, p) {
			places = append(places, p)
			at = append(at, k.cmd.at)
		}
	}
	why := fmt.Sprintf("no env of the workflow, job or step that runs ko (%s), nor the build's env in %s, sets %s, and ko stops the build at a missing key (\"map has no entry for key\"): no image is built", strings.Join(places, ", "), ko.path, strings.Join(unset, ", "))
	return out, unset, why, at
}
