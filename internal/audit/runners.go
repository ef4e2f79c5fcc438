package audit

import (
	"context"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// followRunner returns the commands of the just recipes or Task tasks that cmd
// runs, with just and task calls inside them followed too. ok is false when cmd is
// no such call, or one this audit cannot read: a flag it does not know, a file it
// does not find, an import, a recipe or task it cannot tell. A call inside itself
// as it runs there (the same words, directory and environment) adds none: its
// commands are those read already. A call beyond a bound of this audit (see
// boundReached) is not read: cmd comes back alone, marked unfollowed. The commands
// are appended to dst (see followInto), which comes back as it was when ok is false.
func (b *builds) followRunner(dst []command, cmd command) (out []command, ok bool) {
	run := cmd // as the runner's own command line: go tool task is task
	if run.words = runnerWords(cmd.words); run.words == nil || !slices.Contains([]string{"just", "task", "go-task"}, run.words[0]) {
		return dst, false
	}
	defer b.startFollowing(oneCommand)()
	env := cmd.environ()
	this := followedRun{runner: run.words, dir: cmd.dir, env: env}
	if slices.ContainsFunc(b.runs, this.same) {
		return dst, true
	}
	unfollowed := func(why string) ([]command, bool) {
		cmd.unfollowed = why
		return append(dst, cmd), true
	}
	if why := b.boundReached(cmd); why != "" {
		return unfollowed(why)
	}
	var cmds []command
	if run.words[0] == "just" {
		cmds, ok = b.justCommands(run)
	} else {
		cmds, ok = b.taskCommands(run)
	}
	if why := b.boundReached(cmd); why != "" { // the commands read spent the budget
		return unfollowed(why)
	}
	if !ok {
		return dst, false
	}
	b.runs = append(b.runs, this)
	defer func() { b.runs = b.runs[:len(b.runs)-1] }()
	via := append(slices.Clip(cmd.via), cmd.at)
	out = dst
	for _, c := range cmds {
		c.via = via
		c.ciEnv = inherit(c.ciEnv, env) // a recipe's shell inherits the runner's environment
		out = b.followInto(out, c)
	}
	return out, true
}

// inherit returns own, the CI variables of a command of a script or recipe, over
// env, the environment of the shell that runs it: env itself when own holds none,
// shared by the commands rather than copied for each (no one writes a command's
// ciEnv in place).
func inherit(own, env map[string]string) map[string]string {
	if len(own) == 0 {
		return env
	}
	return withDefaults(own, env)
}

// runnerCall is a call of a task runner: the file it reads (or "" to look it up
// from dir), the directory it runs in, the variables set on its command line, and
// the recipes or tasks with their arguments.
type runnerCall struct {
	file, dir string
	vars      map[string]string
	args      []string
}

// parseRunnerCall reads the words of a just or task call: flags with a value among
// fileFlags and dirFlags, NAME=value, and the rest as arguments (after --, for
// task, CLI_ARGS). Any other flag makes it unreadable.
func parseRunnerCall(words, fileFlags, dirFlags []string) (runnerCall, bool) {
	rc := runnerCall{vars: map[string]string{}}
	for i := 1; i < len(words); i++ {
		w := words[i]
		name, value, hasValue := strings.Cut(w, "=")
		switch {
		case w == "--":
			rc.vars["CLI_ARGS"] = strings.Join(words[i+1:], " ")
			return rc, true
		case slices.Contains(fileFlags, name) || slices.Contains(dirFlags, name):
			if !hasValue {
				if i+1 >= len(words) {
					return rc, false
				}
				i++
				value = words[i]
			}
			if slices.Contains(fileFlags, name) {
				rc.file = value
			} else {
				rc.dir = value
			}
		case strings.HasPrefix(w, "-"):
			return rc, false
		case hasValue && isEnvName(name) && len(rc.args) == 0:
			rc.vars[name] = value
		default:
			rc.args = append(rc.args, w)
		}
	}
	return rc, true
}

// findUp returns the first of names that was read in dir or a directory above it,
// up to the root of the repository, or "".
func (b *builds) findUp(dir string, names []string) string {
	for d := path.Clean(dir); ; d = path.Dir(d) {
		for _, n := range names {
			if _, ok := b.r.ReadFile(path.Join(d, n)); ok {
				return path.Join(d, n)
			}
		}
		if d == "." || d == "/" {
			return ""
		}
	}
}

// justfile is a justfile read: its variables (exported or not), recipes and
// aliases, the first recipe, which just runs without arguments, and whether set
// ignore-comments is on.
type justfile struct {
	path           string
	vars           map[string]string
	exported       map[string]bool
	exportAll      bool
	recipes        map[string]*justRecipe
	aliases        map[string]string
	first          string
	ignoreComments bool
}

// justRecipe is a recipe: its parameters, the recipes it depends on (before, and
// after && ), and its body lines with their line numbers, a line ending in a
// backslash joined with the next (see continueLine); continued is set while its
// last line is continued by the next.
type justRecipe struct {
	params        []string
	before, after []string
	body          []justLine
	continued     bool
	indent        int
}

type justLine struct {
	text string
	line int
}

var (
	justHeader = regexp.MustCompile(`^@?([A-Za-z_][A-Za-z0-9_-]*)([^:]*):([^=].*|)$`)
	justAssign = regexp.MustCompile(`^(export\s+)?([A-Za-z_][A-Za-z0-9_-]*)\s*:=\s*(.*)$`)
	justAlias  = regexp.MustCompile(`^alias\s+([A-Za-z_][A-Za-z0-9_-]*)\s*:=\s*([A-Za-z_][A-Za-z0-9_-]*)\s*$`)
	// justInterp is a {{ expression }} in a recipe line.
	justInterp = regexp.MustCompile(`\{\{(.*?)\}\}`)
)

// justAttributes are the recipe attributes that do not change what it runs on
// Linux, or where.
var justAttributes = []string{"private", "confirm", "doc", "group", "linux", "unix", "no-exit-message", "exit-message", "no-quiet", "parallel", "positional-arguments", "default"}

// parseJustfile reads the justfile at p, or returns nil when it uses what this
// audit does not read: imports, modules, settings that change the shell or the
// directory, attributes that do, recipes with parameterised dependencies.
func parseJustfile(r *repo.Repo, p string) *justfile {
	src, ok := r.ReadFile(p)
	if !ok {
		return nil
	}
	jf := &justfile{path: p, vars: map[string]string{}, exported: map[string]bool{}, recipes: map[string]*justRecipe{}, aliases: map[string]string{}}
	var cur *justRecipe
	for i, line := range strings.Split(string(src), "\n") {
		n := i + 1
		trimmed := strings.TrimSpace(line)
		if line != "" && (line[0] == ' ' || line[0] == '\t') {
			if cur == nil {
				if trimmed != "" && !strings.HasPrefix(trimmed, "#") {
					return nil // a continued expression this audit does not read
				}
				continue
			}
			jf.addLine(cur, line, n)
			continue
		}
		if trimmed == "" {
			if cur != nil {
				cur.continued = false // a blank line ends the recipe's line
			}
			continue
		}
		cur = nil
		switch {
		case strings.HasPrefix(trimmed, "#"):
		case strings.HasPrefix(trimmed, "["):
			for _, a := range strings.Split(strings.Trim(trimmed, "[]"), ",") {
				name, _, _ := strings.Cut(strings.TrimSpace(a), "(")
				name, _, _ = strings.Cut(name, ":")
				if !slices.Contains(justAttributes, strings.TrimSpace(name)) {
					return nil
				}
			}
		case strings.HasPrefix(trimmed, "set "):
			setting := strings.Fields(strings.TrimPrefix(trimmed, "set "))
			switch {
			case len(setting) == 0:
			case setting[0] == "export":
				jf.exportAll = len(setting) == 1 || strings.Contains(trimmed, "true")
			case setting[0] == "ignore-comments":
				jf.ignoreComments = len(setting) == 1 || strings.Contains(trimmed, "true")
			case slices.Contains([]string{"shell", "working-directory", "script-interpreter", "windows-shell", "unstable"}, strings.TrimSuffix(setting[0], ":=")):
				return nil
			}
		case strings.HasPrefix(trimmed, "import ") || strings.HasPrefix(trimmed, "import?") || strings.HasPrefix(trimmed, "mod ") || strings.HasPrefix(trimmed, "mod?") || strings.HasPrefix(trimmed, "!include"):
			return nil
		case justAlias.MatchString(trimmed):
			m := justAlias.FindStringSubmatch(trimmed)
			jf.aliases[m[1]] = m[2]
		case justAssign.MatchString(trimmed):
			m := justAssign.FindStringSubmatch(trimmed)
			jf.vars[m[2]] = jf.value(m[3])
			jf.exported[m[2]] = m[1] != ""
		case justHeader.MatchString(trimmed):
			m := justHeader.FindStringSubmatch(trimmed)
			if strings.Contains(m[3], "(") {
				return nil // a dependency with arguments
			}
			cur = &justRecipe{params: strings.Fields(m[2])}
			before, after, _ := strings.Cut(m[3], "&&")
			if i := strings.Index(before, "#"); i >= 0 {
				before = before[:i]
			}
			cur.before, cur.after = strings.Fields(before), strings.Fields(after)
			jf.recipes[m[1]] = cur
			if jf.first == "" {
				jf.first = m[1]
			}
		default:
			return nil
		}
	}
	return jf
}

// addLine adds line n, an indented line of recipe r's body, to it. just joins a
// recipe line that ends in a backslash with the next one, dropping the backslash and
// the next line's indentation, and runs them as one line; a shebang recipe's shell
// joins them too (keeping a space where the next line is indented deeper), but for a
// comment line, which it ends at the newline, as just does under set
// ignore-comments. A blank line ends the line.
func (jf *justfile) addLine(r *justRecipe, line string, n int) {
	trimmed := strings.TrimSpace(line)
	if trimmed == "" {
		r.continued = false
		return
	}
	indent := len(line) - len(strings.TrimLeft(line, " \t"))
	shebang := len(r.body) > 0 && strings.HasPrefix(r.body[0].text, "#!")
	if r.continued {
		last := &r.body[len(r.body)-1]
		last.text = strings.TrimSuffix(last.text, "\\")
		if shebang && indent > r.indent {
			last.text += " "
		}
		last.text += trimmed
	} else {
		r.body = append(r.body, justLine{text: trimmed, line: n})
		if len(r.body) == 1 {
			r.indent = indent
		}
	}
	comment := strings.HasPrefix(trimmed, "#") && !r.continued
	r.continued = strings.HasSuffix(strings.TrimSuffix(line, "\r"), "\\") && !(comment && (shebang || jf.ignoreComments))
}

// value evaluates a just expression as far as this audit reads it: strings,
// variables, backticks (a command whose output it is: $(command)), env() and
// env_var() (the variable of the environment: ${NAME}), joined with +. What it
// cannot read comes out as ${expression}, which a check takes for unread.
func (jf *justfile) value(expr string) string {
	expr = strings.TrimSpace(expr)
	var out strings.Builder
	for _, part := range strings.Split(expr, " + ") {
		part = strings.TrimSpace(part)
		switch {
		case len(part) >= 2 && part[0] == '\'' && part[len(part)-1] == '\'':
			out.WriteString(part[1 : len(part)-1])
		case len(part) >= 2 && part[0] == '"' && part[len(part)-1] == '"' && !strings.Contains(part[1:len(part)-1], "\\"):
			out.WriteString(part[1 : len(part)-1])
		case len(part) >= 2 && part[0] == '`' && part[len(part)-1] == '`':
			out.WriteString("$(" + part[1:len(part)-1] + ")")
		case isEnvName(strings.ReplaceAll(part, "-", "_")):
			if v, ok := jf.vars[part]; ok {
				out.WriteString(v)
			} else {
				out.WriteString("${" + part + "}")
			}
		default:
			for _, f := range []string{"env_var(", "env("} {
				if rest, ok := strings.CutPrefix(part, f); ok {
					name, _, _ := strings.Cut(strings.Trim(rest, ")'\""), "'")
					name, _, _ = strings.Cut(name, "\"")
					part = "${" + name + "}"
					break
				}
			}
			if !strings.HasPrefix(part, "${") {
				part = "${" + part + "}"
			}
			out.WriteString(part)
		}
	}
	return out.String()
}

// justCommands returns the commands of the recipes a just call runs, each in the
// justfile's directory, or ok false when the call or the justfile cannot be read.
func (b *builds) justCommands(cmd command) ([]command, bool) {
	rc, ok := parseRunnerCall(cmd.words, []string{"-f", "--justfile"}, []string{"-d", "--working-directory"})
	if !ok || rc.vars["CLI_ARGS"] != "" {
		return nil, false
	}
	p := ""
	if rc.file != "" {
		p = path.Join(cmd.dir, rc.file)
	} else {
		p = b.findUp(cmd.dir, justNames)
	}
	jf := b.justfile(p)
	if jf == nil {
		return nil, false
	}
	if len(rc.vars) > 0 { // the call's variables, over the file's, for this call alone
		withVars := *jf
		withVars.vars = maps.Clone(jf.vars)
		maps.Copy(withVars.vars, rc.vars)
		jf = &withVars
	}
	dir := path.Dir(p)
	if rc.dir != "" {
		dir = path.Join(cmd.dir, rc.dir)
	}
	args := rc.args
	if len(args) == 0 {
		if jf.first == "" {
			return nil, false
		}
		args = []string{jf.first}
	}
	var out []command
	seen := map[string]bool{}
	var run func(name string, params map[string]string) bool
	run = func(name string, params map[string]string) bool {
		if a, ok := jf.aliases[name]; ok {
			name = a
		}
		r := jf.recipes[name]
		if r == nil {
			return false
		}
		if seen[name] {
			return true // just runs a recipe once per call
		}
		seen[name] = true
		for _, d := range r.before {
			if !run(d, nil) {
				return false
			}
		}
		if len(r.body) > 0 && strings.HasPrefix(r.body[0].text, "#!") && !shellShebang(r.body[0].text) {
			return false // a script in another language
		}
		// just runs each line with sh -cu, and a shebang recipe as one script
		n, shebang := len(out), len(r.body) > 0 && strings.HasPrefix(r.body[0].text, "#!")
		add := func(c command, at repo.Evidence, dash bool) {
			c.env = maps.Clone(c.env) // c's own, not the one read once (see lineCommands)
			if c.env == nil {
				c.env = map[string]string{}
			}
			if dash && c.ignored == nil {
				c.ignored = &at
			}
			for k, v := range jf.vars {
				if _, set := c.env[k]; !set && (jf.exportAll || jf.exported[k]) {
					c.env[k] = v
				}
			}
			out = append(out, c)
		}
		var script []string
		var ats []repo.Evidence // a shebang recipe's lines, of the one script lls are
		var dashes []bool
		var lls []logicalLine
		for _, l := range r.body {
			text := strings.TrimLeft(l.text, "@-")
			dash := strings.Contains(l.text[:len(l.text)-len(text)], "-") // just goes on after the line fails
			if strings.HasPrefix(text, "#") {
				continue // a comment, or a shebang: the lines run in the shell it names
			}
			text = justInterp.ReplaceAllStringFunc(text, func(m string) string {
				e := strings.TrimSpace(m[2 : len(m)-2])
				if v, ok := params[e]; ok {
					return v
				}
				return jf.value(e)
			})
			at := b.r.At(jf.path, l.line)
			script = append(script, text)
			if shebang { // read as one script after the last line
				ats, dashes, lls = append(ats, at), append(dashes, dash), append(lls, logicalLine{text: text, line: len(lls) + 1})
				continue
			}
			line := len(out)
			cmds, _, _ := b.lineCommands(runnerLine{jf.path, l.line, text, dir}, func() ([]command, []int, error) {
				return scriptAt(text, at, dir), nil, nil
			})
			for _, c := range cmds {
				add(c, at, dash)
			}
			if !b.following.spend(len(out) - line) {
				return false
			}
			dropFailures(out[line:], shellState{}, text)
			kept, _ := live(out[line:])
			out = append(out[:line], kept...)
		}
		if shebang {
			cmds, on, err := b.lineCommands(runnerLine{jf.path, r.body[0].line, strings.Join(script, "\n"), dir}, func() ([]command, []int, error) {
				return linesCommands(b.ctx, lls, func(i int) repo.Evidence { return ats[i] }, &session{dir: dir})
			})
			if err != nil {
				return false
			}
			for i, c := range cmds {
				add(c, ats[on[i]], dashes[on[i]])
			}
			if !b.following.spend(len(out) - n) {
				return false
			}
			f := shebangWords(r.body[0].text)
			var sh shellState
			sh.errexit, sh.pipefail = setOptions(f[1:], false, false)
			sh.bash, sh.bashRuns = bashModes(f)
			dropFailures(out[n:], sh, strings.Join(script, "\n"))
			kept, _ := live(out[n:])
			out = append(out[:n], kept...)
		}
		for _, d := range r.after {
			if !run(d, nil) {
				return false
			}
		}
		return true
	}
	for i := 0; i < len(args); i++ {
		name := args[i]
		if a, ok := jf.aliases[name]; ok {
			name = a
		}
		r := jf.recipes[name]
		if r == nil {
			return nil, false
		}
		params := map[string]string{}
		for _, prm := range r.params {
			pname, def, hasDefault := strings.Cut(strings.TrimLeft(prm, "$"), "=")
			switch {
			case strings.HasPrefix(pname, "+") || strings.HasPrefix(pname, "*"):
				params[strings.TrimLeft(pname, "+*")] = strings.Join(args[i+1:], " ")
				i = len(args)
			case i+1 < len(args):
				i++
				params[pname] = args[i]
			case hasDefault:
				params[pname] = jf.value(def)
			default:
				return nil, false
			}
		}
		if !run(name, params) {
			return nil, false
		}
	}
	return out, true
}

// runnerLine is a recipe line of the justfile at path, the script of a shebang
// recipe or a cmd of the Taskfile there, starting on line, with its text as a call
// runs it (its templates expanded) in dir: what decides the commands read of it.
type runnerLine struct {
	path      string
	line      int
	text, dir string
}

// linesRead is what lineCommands reads of a runnerLine: its commands and, for a
// script of several lines, the line of it each is on.
type linesRead struct {
	cmds []command
	on   []int
}

// lineCommands returns what read reads of k, read on the first call for k and
// shared from then on (see builds.runnerLines), so that a recipe or task that many
// calls run, or one call runs again and again, is read once per audit; a read
// that fails (the audit stopped) is not kept. The commands are not to be changed
// in place: their env is the read's.
func (b *builds) lineCommands(k runnerLine, read func() ([]command, []int, error)) ([]command, []int, error) {
	if r, ok := b.runnerLines[k]; ok {
		return r.cmds, r.on, nil
	}
	cmds, on, err := read()
	if err != nil {
		return nil, nil, err
	}
	if b.runnerLines == nil {
		b.runnerLines = map[runnerLine]linesRead{}
	}
	b.runnerLines[k] = linesRead{cmds, on}
	return cmds, on, nil
}

// justfile returns the justfile at p as parseJustfile reads it, nil for none it
// reads, reading it once per audit: the justfile is not to be changed.
func (b *builds) justfile(p string) *justfile {
	jf, read := b.justfiles[p]
	if !read {
		jf = parseJustfile(b.r, p)
		if b.justfiles == nil {
			b.justfiles = map[string]*justfile{}
		}
		b.justfiles[p] = jf
	}
	return jf
}

// taskfile returns the top mapping of the Taskfile at p, nil for none (no such
// file, not valid YAML, empty), reading it once per audit: the nodes are not to be
// changed.
func (b *builds) taskfile(p string) *yaml.Node {
	root, read := b.taskfiles[p]
	if !read {
		var doc yaml.Node
		if src, ok := b.r.ReadFile(p); ok && yaml.Unmarshal(src, &doc) == nil && len(doc.Content) > 0 {
			root = doc.Content[0]
		}
		if b.taskfiles == nil {
			b.taskfiles = map[string]*yaml.Node{}
		}
		b.taskfiles[p] = root
	}
	return root
}

// shellShebang reports whether a shebang line runs sh or bash.
func shellShebang(line string) bool {
	f := shebangWords(line)
	return len(f) > 0 && slices.Contains([]string{"sh", "bash"}, path.Base(f[0]))
}

// shebangWords returns the words of line, a shebang, after the #!: the interpreter
// and its options, without the env that finds it (#!/usr/bin/env bash), nor env's
// -S (--split-string), which splits the rest into words as the kernel does not
// (#!/usr/bin/env -S bash -e).
func shebangWords(line string) []string {
	f := strings.Fields(strings.TrimPrefix(line, "#!"))
	if len(f) > 0 && path.Base(f[0]) == "env" {
		f = f[1:]
		if len(f) > 0 && (f[0] == "-S" || f[0] == "--split-string") {
			f = f[1:]
		}
	}
	return f
}

// bashModes reads words, a shell and its options (a shebang's, a shell's call,
// a Makefile's SHELL and .SHELLFLAGS): runs reports whether they run bash (see
// shellState.bashRuns), inBash whether that bash reads set -e in command
// substitutions as bash does (see shellState.bash): not in POSIX mode (--posix,
// -o posix) nor with -O inherit_errexit, which keep it there; the script's own
// shopt or set -o posix is read with the script (see dropFailures).
func bashModes(words []string) (inBash, runs bool) {
	runs = len(words) > 0 && path.Base(words[0]) == "bash"
	return runs && !slices.ContainsFunc(words[1:], func(w string) bool { return w == "--posix" || w == "posix" || w == "inherit_errexit" }), runs
}

// justNames are the file names just looks for.
var justNames = []string{"justfile", "Justfile", ".justfile", "JUSTFILE"}

// taskNames are the file names Task looks for, in its order.
var taskNames = []string{"Taskfile.yml", "taskfile.yml", "Taskfile.yaml", "taskfile.yaml", "Taskfile.dist.yml", "taskfile.dist.yml", "Taskfile.dist.yaml", "taskfile.dist.yaml"}

// taskTemplate is a {{.NAME}} in a Taskfile.
var taskTemplate = regexp.MustCompile(`\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`)

// taskCommands returns the commands of the tasks a task call runs, or ok false
// when the call or the Taskfile cannot be read (includes, a template other than
// {{.NAME}}, a task it does not find).
func (b *builds) taskCommands(cmd command) ([]command, bool) {
	rc, ok := parseRunnerCall(cmd.words, []string{"-t", "--taskfile"}, []string{"-d", "--dir"})
	if !ok {
		return nil, false
	}
	p := ""
	switch {
	case rc.file != "":
		p = path.Join(cmd.dir, rc.dir, rc.file)
	case rc.dir != "":
		p = b.findUp(path.Join(cmd.dir, rc.dir), taskNames)
	default:
		p = b.findUp(cmd.dir, taskNames)
	}
	root := b.taskfile(p)
	if root == nil {
		return nil, false
	}
	if get(root, "includes") != nil || get(root, "dotenv") != nil {
		return nil, false
	}
	tasks := get(root, "tasks")
	global, globalEnv := map[string]string{}, map[string]string{}
	if !taskVars(get(root, "vars"), global, global) || !taskVars(get(root, "env"), globalEnv, global) {
		return nil, false
	}
	var out []command
	var run func(name string, vars map[string]string, depth int) bool
	run = func(name string, vars map[string]string, depth int) bool {
		t := get(tasks, name)
		if t == nil || depth > 8 {
			return false
		}
		dir := path.Dir(p)
		env := maps.Clone(globalEnv)
		taskIgnore := b.ignoreError(p, t) // ignore_error: true on the task: every cmd's failure
		var cmds *yaml.Node
		switch t.Kind {
		case yaml.ScalarNode, yaml.SequenceNode:
			cmds = t
		case yaml.MappingNode:
			if !taskVars(get(t, "vars"), vars, vars) || !taskVars(get(t, "env"), env, vars) {
				return false
			}
			if d := get(t, "dir"); d != nil {
				dir = path.Join(dir, d.Value)
			}
			if get(t, "platforms") != nil {
				return false
			}
			for _, d := range scriptsOrMaps(get(t, "deps")) {
				if d.Kind == yaml.MappingNode {
					d = get(d, "task")
				}
				if d == nil || !run(d.Value, maps.Clone(global), depth+1) {
					return false
				}
			}
			cmds = get(t, "cmds")
			if cmds == nil {
				cmds = get(t, "cmd")
			}
		}
		for _, c := range scriptsOrMaps(cmds) {
			ignore := taskIgnore
			if at := b.ignoreError(p, c); at != nil {
				ignore = at
			}
			n := len(out)
			pipefail := taskPipefail(root) || taskPipefail(t) || taskPipefail(c)
			if c.Kind == yaml.MappingNode {
				switch {
				case get(c, "platforms") != nil: // a cmd for some systems only, as a task's: not read
					return false
				case get(c, "task") != nil:
					sub := maps.Clone(global)
					if !taskVars(get(c, "vars"), sub, vars) || !run(get(c, "task").Value, sub, depth+1) {
						return false
					}
					ignoreAt(out[n:], ignore)
					continue
				case get(c, "cmd") != nil:
					c = get(c, "cmd")
				case get(c, "defer") != nil && get(c, "defer").Kind == yaml.ScalarNode:
					c = get(c, "defer")
				default:
					return false
				}
			}
			text, ok := taskExpand(c.Value, vars)
			if !ok {
				return false
			}
			first := c.Line
			if c.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				first++
			}
			cmds, _, err := b.lineCommands(runnerLine{p, first, text, dir}, func() ([]command, []int, error) {
				lls := logicalLines(text, "\\") // one script, which Task runs whole
				return linesCommands(b.ctx, lls, func(i int) repo.Evidence { return b.r.At(p, first+lls[i].line-1) }, &session{dir: dir})
			})
			if err != nil {
				return false
			}
			for _, c := range cmds {
				c.env = maps.Clone(c.env) // c's own, not the one read once (see lineCommands)
				if c.env == nil {
					c.env = map[string]string{}
				}
				for k, v := range env {
					if _, set := c.env[k]; !set {
						c.env[k] = v
					}
				}
				out = append(out, c)
			}
			if !b.following.spend(len(out) - n) {
				return false
			}
			ignoreAt(out[n:], ignore)
			dropFailures(out[n:], shellState{errexit: true, pipefail: pipefail, interp: true}, text) // Task runs each cmd with set -e
			kept, _ := live(out[n:])
			out = append(out[:n], kept...)
		}
		return true
	}
	args := rc.args
	if len(args) == 0 {
		args = []string{"default"}
	}
	for _, name := range args {
		vars := maps.Clone(global)
		maps.Copy(vars, rc.vars)
		if !run(name, vars, 0) {
			return nil, false
		}
	}
	return carryExports(out), true
}

// taskPipefail reports whether the set list of n, a Taskfile, task or cmd, turns
// pipefail on.
func taskPipefail(n *yaml.Node) bool {
	return slices.ContainsFunc(scriptsOrMaps(get(n, "set")), func(o *yaml.Node) bool { return o.Value == "pipefail" })
}

// ignoreError returns where n, a task or a cmd of the Taskfile at p, says
// ignore_error: true (Task goes on after its commands fail), or nil.
func (b *builds) ignoreError(p string, n *yaml.Node) *repo.Evidence {
	v := get(n, "ignore_error")
	var on bool
	if v == nil || v.Kind != yaml.ScalarNode || v.Decode(&on) != nil || !on {
		return nil
	}
	at := b.r.At(p, v.Line)
	return &at
}

// ignoreAt marks the commands cmds as ignored at at, but those ignored already; a nil
// at marks none.
func ignoreAt(cmds []command, at *repo.Evidence) {
	for i := range cmds {
		if at != nil && cmds[i].ignored == nil {
			cmds[i].ignored = at
		}
	}
}

// scriptsOrMaps returns the items of a sequence node, or n itself when it is a
// scalar.
func scriptsOrMaps(n *yaml.Node) []*yaml.Node {
	switch {
	case n == nil:
		return nil
	case n.Kind == yaml.SequenceNode:
		return n.Content
	case n.Kind == yaml.ScalarNode:
		return []*yaml.Node{n}
	}
	return nil
}

// taskVars adds the variables of a Taskfile vars or env mapping to into, with
// their templates expanded from from: a string, or {sh: command} (its output:
// $(command)). It reports false for what it does not read.
func taskVars(n *yaml.Node, into, from map[string]string) bool {
	for _, kv := range pairs(n) {
		v := kv[1]
		switch {
		case v.Kind == yaml.ScalarNode:
			s, ok := taskExpand(v.Value, from)
			if !ok {
				return false
			}
			into[kv[0].Value] = s
		case get(v, "sh") != nil:
			into[kv[0].Value] = "$(" + get(v, "sh").Value + ")"
		default:
			return false
		}
	}
	return true
}

// taskExpand replaces each {{.NAME}} of s with the value of NAME in vars (a name
// not set comes out as ${NAME}); any other template makes s unreadable.
func taskExpand(s string, vars map[string]string) (string, bool) {
	out := taskTemplate.ReplaceAllStringFunc(s, func(m string) string {
		name := taskTemplate.FindStringSubmatch(m)[1]
		if v, ok := vars[name]; ok {
			return v
		}
		return "${" + name + "}"
	})
	return out, !strings.Contains(out, "{{")
}

// scriptShells are the shells whose scripts this audit reads.
var scriptShells = []string{"sh", "bash", "dash", "ash"}

// scriptDir matches the directory of the running script as a script names it,
// $(dirname "$0") or $(dirname "${BASH_SOURCE[0]}"), which cd "$(dirname "$0")/.."
// moves to.
var scriptDir = regexp.MustCompile(`\$\(\s*dirname\s+"?(?:\$0|\$\{0\}|\$\{BASH_SOURCE(?:\[0\])?\})"?\s*\)`)

// maxScriptCommands bounds the commands of the scripts, just recipes and Task tasks
// that one command of the CI (or a Dockerfile's RUN) leads to that this audit reads,
// and the words it hands on to scripts as their positional parameters (see
// builds.withPositional): a script or recipe is read again for each call of it, and
// scripts that each run the next several times, or pass "$@" on several times,
// make those counts grow as a power of their depth.
const maxScriptCommands = 1 << 14

// oneCommand names what a follow of one command leads to, for boundReached.
const oneCommand = "the scripts and task runners one command leads to"

// startFollowing starts the budget of commands (see maxScriptCommands) that the
// follow about to start and the scripts and runner calls it leads to share, unless
// an outer follow has; what names them, for the message of a follow that spends
// it (see boundReached). The function it returns ends what it started.
func (b *builds) startFollowing(what string) (end func()) {
	if b.following != nil {
		return func() {}
	}
	b.following, b.followingWhat = &bound{steps: maxScriptCommands}, what
	return func() { b.following, b.followingWhat = nil, "" }
}

// boundReached returns why cmd, a call of a script or of a task runner, is not to
// be read, a bound of this audit's work reached: the audit stopped (b.ctx done), a
// chain of calls deeper than maxMakeDepth, or the budget of the follow under way
// spent (see maxScriptCommands); "" when none is.
func (b *builds) boundReached(cmd command) string {
	switch {
	case b.ctx.Err() != nil:
		return "the audit was stopped"
	case len(cmd.via) > maxMakeDepth:
		return fmt.Sprintf("run through more than %d calls of make, task runners and scripts, which this audit does not follow", maxMakeDepth)
	case b.following.over:
		return fmt.Sprintf("%s run more than %d commands and words handed on as \"$@\", $* or $1, which this audit does not all read", b.followingWhat, maxScriptCommands)
	}
	return ""
}

// runGuard matches the test a script makes of whether it is run or sourced, the
// path of its file (${BASH_SOURCE[0]}, $BASH_SOURCE) compared with $0 for equality
// or inequality, in either order: "${BASH_SOURCE[0]}" == "$0".
var runGuard = regexp.MustCompile(`("?\$(?:\{BASH_SOURCE(?:\[0\])?\}|BASH_SOURCE)"?|"?\$(?:0|\{0\})"?)(\s*(?:==?|!=)\s*)("?\$(?:\{BASH_SOURCE(?:\[0\])?\}|BASH_SOURCE)"?|"?\$(?:0|\{0\})"?)`)

// withRunGuards returns text, a script, with each run guard (see runGuard) written
// as the comparison of literal words it is: equal when the script is run, as its
// $0 is then its own path, unequal when it is sourced (. lib.sh), as $0 is then the
// caller's; so that if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main; fi runs main
// only in a script run (see constStatus).
func withRunGuards(text string, sourced bool) string {
	if !strings.Contains(text, "BASH_SOURCE") { // each guard names it: no text to scan
		return text
	}
	return runGuard.ReplaceAllStringFunc(text, func(m string) string {
		g := runGuard.FindStringSubmatch(m)
		operand := func(ref string) string {
			if strings.Contains(ref, "BASH_SOURCE") || !sourced {
				return "this-script"
			}
			return "the-caller"
		}
		if strings.Contains(g[1], "BASH_SOURCE") == strings.Contains(g[3], "BASH_SOURCE") {
			return m // $0 == $0: no guard
		}
		return operand(g[1]) + g[2] + operand(g[3])
	})
}

// followedRun is a run of a shell script of the repository that followScript
// follows, or a call of just or Task that followRunner follows: the script's path,
// or the runner's words (which name its file, variables and recipes or tasks), and
// the directory, environment and shell options it runs with, which decide the
// commands read of it.
type followedRun struct {
	path, dir                         string
	runner                            []string
	env                               map[string]string
	errexit, pipefail, bash, bashRuns bool
}

// same reports whether r and o read the same commands of the same script or file.
func (r followedRun) same(o followedRun) bool {
	return r.path == o.path && slices.Equal(r.runner, o.runner) && r.dir == o.dir && r.errexit == o.errexit && r.pipefail == o.pipefail && r.bash == o.bash && r.bashRuns == o.bashRuns && maps.Equal(r.env, o.env)
}

// scriptCall is a shell script of the repository that a command runs: its path
// from the root and text, or why it was not read; errexit and pipefail are the
// options its shell starts with (its shebang's, or those of the sh or bash call),
// bash marks a shell that is bash (see bashModes), and bashRuns one that is bash in
// any mode (see command.bashRuns): for a script without a shebang run as a file,
// and one read with . or source, the shell the calling command gives it (and, for
// the one sourced, its errexit and pipefail there).
type scriptCall struct {
	path, why                         string
	text                              string
	errexit, pipefail, bash, bashRuns bool
	start                             shellStart // the call's, or the shebang's, which the shell may refuse
	// first is, for a here-document a shell runs (path ""), the line of cmd's file
	// its text starts on; 0 for a file or a command string.
	first int
	// args are, for a script file (path not ""), the words the call gives it after
	// its name, its positional parameters, without the call's redirections; hasArgs
	// is false where this audit does not know them (bash -s ARGS < ci.sh).
	args    []string
	hasArgs bool
	// literal marks the args written in single quotes in the call, which hold
	// their $ as text.
	literal []bool
	// sourced marks a script read into the caller's shell (. or source), whose $0
	// is the caller's.
	sourced bool
}

// runsScript returns the shell script of the repository that cmd, a command of the
// CI or of what it runs, runs: itself, as a path (./scripts/test.sh,
// scripts/ci.sh; one that is not in the repository only when its name ends in .sh
// or .bash, as another may be a program the job built), or through sh or bash
// (bash scripts/ci.sh, bash -e ci.sh, bash -eo pipefail ci.sh: the words -o, -O,
// --rcfile and --init-file take are no script; a path from the directory cmd runs
// in; or the file its standard input is redirected from, bash < ci.sh, bash -s <
// ci.sh); or, for sh -c or bash -c, the script the command string is, in text with
// path "", and for a shell given a here-document as its script (bash <<EOF, see
// command.hereDoc), that here-document. A shell that reads its script from standard
// input otherwise (sh -s ARGS, bash <(curl ...)) runs none. A script that source or
// . reads into the shell (. scripts/env.sh) is run too, without the options of its
// shebang but with its shell's errexit and pipefail where it is read (see
// command.errexit: bash ignores set -e in it after if, before && or ||), when it is a file of the
// repository or named as a script (.sh, .bash); one of the machine ($HOME/.cargo/env,
// /etc/os-release) is none. Such a script is read as cmd's shell reads it (bash or
// sh, see command.inBash), and one run as a file without a shebang as the shell
// that cmd's shell runs it with (see command.bashRuns).
// ok is false for any other command. why says why a script is not read: no such
// file, a file that could not be read, a script of another language, a path this
// audit cannot place.
func (b *builds) runsScript(cmd command) (sc scriptCall, ok bool) {
	words := cmd.words
	if len(words) == 0 {
		return sc, false
	}
	if rest, shell, str, stdin, ok := shellCall(words); ok {
		sc = shell
		sc.start.at = cmd.at
		switch {
		case str && len(rest) > 0:
			sc.text = rest[0] // sh -c 'string': the script run
			return sc, true
		case str:
			return sc, false
		case !stdin:
			sc.args, sc.literal, sc.hasArgs = callArgs(cmd, len(words)-len(rest)+1)
			return b.readScript(cmd, rest[0], &sc)
		case stdinFile(rest) != "":
			return b.readScript(cmd, stdinFile(rest), &sc)
		case cmd.hereDoc != "": // bash <<EOF: the here-document is the script run
			sc.text, sc.first = cmd.hereDoc, cmd.hereDocLine
			return sc, true
		}
		return sc, false
	}
	if (words[0] == "source" || words[0] == ".") && len(words) > 1 { // run in the caller's shell, whatever its shebang
		name := words[1]
		if path.IsAbs(name) || strings.ContainsAny(name, "$~`") {
			return sc, false // $HOME/.cargo/env: a file of the machine, not of the repository
		}
		sc, ok = b.readScript(cmd, name, &scriptCall{errexit: cmd.errexit, pipefail: cmd.pipefail, bash: cmd.inBash, bashRuns: cmd.bashRuns}) // the caller's shell reads it, as it is there
		sc.sourced = true
		if sc.args, sc.literal, sc.hasArgs = callArgs(cmd, 2); len(sc.args) == 0 {
			sc.hasArgs = false // the caller's own positional parameters, which this audit does not know
		}
		if sc.text == "" && !strings.HasSuffix(name, ".sh") && !strings.HasSuffix(name, ".bash") {
			return sc, false // venv/bin/activate: a file the job made
		}
		return sc, ok
	}
	if !strings.Contains(words[0], "/") || path.IsAbs(words[0]) || strings.Contains(words[0], "$") {
		return sc, false
	}
	sc, ok = b.readScript(cmd, words[0], nil)
	sc.args, sc.literal, sc.hasArgs = callArgs(cmd, 1)
	if sc.text == "" && !strings.HasSuffix(words[0], ".sh") && !strings.HasSuffix(words[0], ".bash") {
		return sc, false // ./bin/app.test: a program the job built
	}
	return sc, ok
}

// markSourced gives the commands of one shell script, their exports carried (see
// carryExports), after each . or source of a script of the repository the
// environment that script leaves its shell (see carrySourced), and marks those
// after one that changes that shell in a way this audit does not carry back into
// it (see sourcedChange) as ones it cannot tell run at all, where, or with their
// failures counted (see command.unsure): the sourced script runs in the shell that
// reads it. m holds what the scripts read so far leave and do, shared by every
// script of one reading (a CI file, the scripts CI runs, a Makefile's recipes),
// so each sourced script is read once however often it is sourced. It stops with
// ctx's error once ctx is done.
func markSourced(ctx context.Context, r *repo.Repo, cmds []command, m *sourcedMemo) error {
	if m.vars == nil {
		m.vars, m.changes = map[sourcedAt]sourcedVars{}, map[sourcedAt]string{}
	}
	if _, _, err := carrySourced(ctx, r, cmds, allexportOff, 0, m); err != nil {
		return err
	}
	for i, c := range cmds {
		what, err := sourcedChange(ctx, r, c, 0, !c.bashRuns, m)
		if err != nil {
			return err
		}
		if what == "" {
			continue
		}
		u := &unsureRun{at: c.at, why: "it runs after " + strings.Join(c.words[:2], " ") + ", which " + what + " in the shell that reads it; this audit does not carry that into the commands after it"}
		for k := i + 1; k < len(cmds); k++ {
			if cmds[k].unsure == nil {
				cmds[k].unsure = u
			}
		}
		return nil // every command after it is marked: none after it marks more
	}
	return nil
}

// sourcedMemo holds what sourcedEnv and sourcedChange found of the scripts they
// read, and where they find them (see sourcedFile).
type sourcedMemo struct {
	vars    map[sourcedAt]sourcedVars
	changes map[sourcedAt]string
	// place returns the file of the repository that a shell in the directory dir
	// sources as name, for a shell that does not run in the repository (a
	// Dockerfile RUN, see dockerfile.sourcedPlace): ok false for a file that is
	// none of the repository's, untied for one this audit cannot tie to a file it
	// reads; nil for a shell that runs in it (CI, make).
	place func(dir, name string) (file string, untied, ok bool)
	// noSource says why the shell may have no source builtin (a Dockerfile RUN's
	// /bin/sh, dash in Debian images: "source: not found"), "" for one that has it.
	noSource string
	// searched tells, by the builtin (. or source), where the shell looks for a
	// script named without a slash (. env.sh) where that is not the working
	// directory first: "dash looks for it in the directories of PATH alone" (a
	// Dockerfile RUN's, see stage.pathSearch); none for a shell that runs in the
	// repository (CI, make).
	searched map[string]string
	// pathDir is the first directory of the PATH the shell starts with, where it
	// looks for such a script first (see searched): that of the PATH a Dockerfile
	// stage's ENV sets (see stage.pathDir); "" where it is not known.
	pathDir string
}

// searchedWhy says why the script that c, a . or source command, names without a
// slash is not read (see sourcedMemo.searched), "" for one that is.
func (m *sourcedMemo) searchedWhy(c command) string {
	name := c.words[1]
	where := m.searched[c.words[0]]
	if where == "" || strings.Contains(name, "/") || strings.ContainsAny(name, "$~`") {
		return ""
	}
	return fmt.Sprintf("a script named without a directory, which %s, and this audit cannot tell what those directories hold: write `%s ./%s` to source the file of the working directory", where, c.words[0], name)
}

// sourcedFile returns the file of the repository that c, a . or source command
// depth scripts sourced deep, reads: the path it names, from the directory it runs
// in, or as m.place finds it; one named without a slash that the shell looks for in
// PATH first, in m.pathDir (see pathFile).
// ok is false for a path through a variable or ~, an absolute one of a shell that
// runs in the repository (a file of the machine: $HOME/.cargo/env, /etc/os-release),
// and one m.place finds none of the repository's; untied is set for one m.place
// cannot tie to a file this audit reads, and for one named without a slash that the
// shell looks for in PATH first (see searchedWhy) where pathFile does not find
// it: a script that may change any variable.
func (m *sourcedMemo) sourcedFile(c command, depth int) (file string, untied, ok bool) {
	name := c.words[1]
	switch {
	case strings.ContainsAny(name, "$~`"):
		return "", false, false
	case m.searchedWhy(c) != "":
		if file, ok := m.pathFile(c, depth); ok {
			return file, false, true
		}
		return "", true, true
	case m.place != nil:
		return m.place(c.dir, name)
	case c.unplaced || path.IsAbs(name):
		return "", false, false
	}
	return path.Join(c.dir, name), false, true
}

// pathFile returns the file of the repository that c, a . or source command depth
// scripts sourced deep that names its script without a slash, reads from m.pathDir,
// the first directory of its PATH, as m.place finds it there. ok is false where
// this audit cannot tell: in a script sourced by another (depth > 0), or after the
// shell's own changes of PATH (NAME=value ., export, an assignment, a sourced
// script that sets it or one this audit cannot read), which may have moved it; and
// where m.place finds there none of the repository's files, or one it cannot tie
// (a RUN wrote it): the directories after it, the base image's among them, which
// this audit cannot list, may hold a file of that name.
func (m *sourcedMemo) pathFile(c command, depth int) (file string, ok bool) {
	if depth > 0 || m.pathDir == "" || m.place == nil {
		return "", false
	}
	if _, set := c.env["PATH"]; set {
		return "", false
	}
	if l := c.exports.log; l == nil {
		return "", false
	} else if _, changed := l.last("PATH", c.exports.n); changed {
		return "", false
	}
	if _, unread := c.exports.unreadScript(); unread {
		return "", false
	}
	file, untied, ok := m.place(c.dir, path.Join(m.pathDir, c.words[1]))
	return file, ok && !untied
}

// sourcedAt is a script sourced from the directory dir, depth scripts deep (see
// sourcedChange), by the path its . or source command names; for sourcedEnv, with
// the allexport setting (set -a) of the shell that sources it, which decides what
// its assignments export.
type sourcedAt struct {
	dir, file string
	depth     int
	allexport allexportState
	// sh marks, for sourcedChange, a script read by a shell that may be sh
	// (dash), not bash.
	sh bool
}

// carrySourced carries the exports of cmds, the commands of one shell script that
// starts with allexport as given (see carry), with, after each . or source of a
// script of the repository, at depth scripts sourced deep, the variables that
// script exports, unsets or assigns (see sourcedEnv), and returns what carry
// returns of the allexport setting. It stops with ctx's error once ctx is done.
func carrySourced(ctx context.Context, r *repo.Repo, cmds []command, allexport allexportState, depth int, m *sourcedMemo) (_ allexportState, setsAllexport bool, err error) {
	n := 0
	allexport, setsAllexport = carry(cmds, allexport, depth > 0, func(c command, allexport allexportState) (sourcedVars, bool) {
		if n++; err == nil {
			err = stopped(ctx, n)
		}
		if err != nil {
			return sourcedVars{}, false
		}
		var v sourcedVars
		v, err = sourcedEnv(ctx, r, c, allexport, depth, m)
		return v, err == nil && v.ok
	})
	return allexport, setsAllexport, err
}

// sourcedVars is what sourcedEnv finds a sourced script leaves its shell.
type sourcedVars struct {
	exported map[string]string
	unset    []string
	// assigned are the variables it assigns (NAME=value) and neither exports nor
	// unsets, allexport off where it does: they change the caller's shell's value
	// where that shell exports them.
	assigned map[string]sourcedAssign
	// allexport is the setting of allexport (set -a) it leaves the shell, where a
	// set command of it changes it (setsAllexport).
	allexport     allexportState
	setsAllexport bool
	// unread is, for a script this audit cannot tie to a file it reads (see
	// sourcedFile), or one that sources such a script where its changes reach its
	// end, that script's . or source: it may change any variable.
	unread *unreadScript
	ok     bool
}

// sourcedAssign is the value a sourced script assigns a variable, sure false where
// it may leave it unassigned.
type sourcedAssign struct {
	value string
	sure  bool
}

// sourcedEnv returns the variables that the script of the repository that c reads
// into its shell with . or source, at depth scripts sourced deep, exports (export
// VAR=value, or VAR=value under set -a), unsets and assigns, as the commands after
// it in that shell see them, the script run with that shell's allexport setting
// (set -a): those of the scripts it sources in turn count where they are sourced.
// ok is false when c is no such command, or its script is not read: one of the
// repository that is not (see sourcedFile) is none, and one that may be but this
// audit cannot tie to a file it reads (see sourcedVars.unread) may change any
// variable. m holds what the scripts read so far leave, each read once for each
// allexport however many commands source it (the maps and slices it holds are
// shared, not to be changed); it stops with ctx's error once ctx is done.
func sourcedEnv(ctx context.Context, r *repo.Repo, c command, allexport allexportState, depth int, m *sourcedMemo) (v sourcedVars, err error) {
	if depth > 4 || len(c.words) < 2 || c.words[0] != "." && c.words[0] != "source" {
		return sourcedVars{}, nil
	}
	unread := func(why string) sourcedVars {
		return sourcedVars{unread: &unreadScript{call: strings.Join(c.words[:2], " "), at: c.at, why: why}, ok: true}
	}
	if c.words[0] == "source" && m.noSource != "" {
		return unread(m.noSource), nil
	}
	file, untied, ok := m.sourcedFile(c, depth)
	if untied {
		return unread(m.searchedWhy(c)), nil
	}
	if !ok {
		return sourcedVars{}, nil
	}
	key := sourcedAt{dir: c.dir, file: c.words[1], depth: depth, allexport: allexport}
	if v, ok := m.vars[key]; ok {
		return v, nil
	}
	if err := ctx.Err(); err != nil {
		return sourcedVars{}, err
	}
	defer func() {
		if err == nil {
			m.vars[key] = v
		}
	}()
	src, ok := r.ReadNamed(file)
	if !ok || strings.Contains(string(src), "\x00") {
		return sourcedVars{}, nil
	}
	if strings.Contains(string(src), "\r") {
		return unread("a script with CRLF line ends, whose carriage returns the shell keeps in the values it assigns (CGO_ENABLED=0\\r is not 0 for the go command)"), nil
	}
	cmds := splitCommands(string(src) + "\n:") // the last, :, runs with what the script leaves
	for i := range cmds {
		cmds[i].dir = c.dir                     // its paths are read from the shell's directory, the caller's
		cmds[i].at = r.At(file, cmds[i].line+1) // where a script it sources in turn is named
	}
	allexport, setsAllexport, err := carrySourced(ctx, r, cmds, allexport, depth+1, m)
	if err != nil {
		return sourcedVars{}, err
	}
	v = sourcedVars{exported: map[string]string{}, assigned: map[string]sourcedAssign{}, allexport: allexport, setsAllexport: setsAllexport, ok: true}
	last := cmds[len(cmds)-1].exports
	last.under, last.hidden = nil, nil // the script's own, not those of its caller's shell
	if u, ok := last.unreadScript(); ok {
		v.unread = &u
	}
	last.each(func(k, e string, unset bool) {
		if unset {
			v.unset = append(v.unset, k)
		} else {
			v.exported[k] = e
		}
	})
	last.eachAssigned(func(k, e string, sure bool) { v.assigned[k] = sourcedAssign{e, sure} })
	return v, nil
}

// sourcedChange returns what the script of the repository that c reads into its
// shell with . or source does to that shell beyond its variables, at depth scripts
// sourced deep: a cd, pushd or popd of its own shell (not one in a subshell, pipe
// or the background) moves it, an exit ends it, a set turns errexit or pipefail
// off (set +e: the failures of the commands after it let go), where sh marks a
// shell that may be sh, a set that names pipefail stops it where that is dash (see
// dashStops), and a script it sources in turn may do any of them (those after a return that ends
// the script run none, see reachOf); "" when c is no such command, or
// its script does none of them or is not read (see sourcedFile). m holds what the
// scripts read so far do, each read once however many commands source it; it
// stops with ctx's error once ctx is done.
func sourcedChange(ctx context.Context, r *repo.Repo, c command, depth int, sh bool, m *sourcedMemo) (what string, err error) {
	if len(c.words) < 2 || c.words[0] != "." && c.words[0] != "source" {
		return "", nil
	}
	file, _, ok := m.sourcedFile(c, depth)
	if !ok || file == "" {
		return "", nil
	}
	key := sourcedAt{dir: c.dir, file: c.words[1], depth: depth, sh: sh}
	if what, ok := m.changes[key]; ok {
		return what, nil
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	defer func() {
		if err == nil {
			m.changes[key] = what
		}
	}()
	src, ok := r.ReadNamed(file)
	if !ok || strings.Contains(string(src), "\x00") {
		return "", nil
	}
	cmds := splitCommands(string(src))
	reach, _ := reachOf(cmds, true) // none after a return that ends the script
	for i, e := range cmds {
		if err := stopped(ctx, i); err != nil {
			return "", err
		}
		if len(e.subshells) > 0 || e.piped || e.background || reach[i] == staysIn {
			continue
		}
		at := 0
		for at+1 < len(e.words) && (e.words[at] == "command" || e.words[at] == "builtin" || e.words[at] == "eval") {
			at++
		}
		w := e.words[at]
		if at > 0 && e.words[at-1] == "eval" { // eval "cd dir": the words read again
			w, _, _ = strings.Cut(strings.TrimSpace(w), " ")
		}
		switch {
		case w == "cd" || w == "pushd" || w == "popd":
			return "runs " + w + " (" + strings.Join(e.words, " ") + ")", nil
		case w == "exit":
			return "runs exit", nil
		case w == "set": // turned on, they only add failures
			if errexit, pipefail := setOptions(e.words[at+1:], true, true); !errexit || !pipefail {
				return "turns errexit or pipefail off (" + strings.Join(e.words, " ") + ")", nil
			}
			if sh && namesPipefail(e.words[at+1:]) {
				return "runs " + strings.Join(e.words, " ") + ", an option dash (the /bin/sh of Debian and Ubuntu) refuses with status 2, stopping there,", nil
			}
		case (w == "." || w == "source") && at == 0 && depth < 4:
			e.dir = c.dir // its paths are read from the shell's directory, the caller's
			what, err := sourcedChange(ctx, r, e, depth+1, sh, m)
			if err != nil {
				return "", err
			}
			if what != "" {
				return "sources " + e.words[1] + ", which " + what, nil
			}
		}
	}
	return "", nil
}

// shellCall reads words, a command, as a call of one of scriptShells: rest are the
// words after its options, and sc holds the options it starts with (errexit,
// pipefail); str marks a command string (sh -c 'string', the first of rest), and
// stdin a shell that reads its script from standard input (sh -s ARGS, bash <<EOF,
// bash <(curl ...), bash < ci.sh: see stdinFile). ok is false for another command.
func shellCall(words []string) (rest []string, sc scriptCall, str, stdin, ok bool) {
	if len(words) == 0 || !slices.Contains(scriptShells, path.Base(words[0])) {
		return nil, sc, false, false, false
	}
	i := 1
options:
	for ; i < len(words) && len(words[i]) > 1 && (words[i][0] == '-' || words[i][0] == '+'); i++ {
		switch w := words[i]; {
		case w == "--":
			i++
			break options
		case w == "--rcfile" || w == "--init-file":
			i++ // the file
		case !strings.HasPrefix(w, "--"):
			i += strings.Count(w, "o") + strings.Count(w, "O") // the names -o and -O take, -eo pipefail too
		}
	}
	i = min(i, len(words)) // bash -o: a name missing
	sc.errexit, sc.pipefail = setOptions(words[1:i], false, false)
	sc.bash, sc.bashRuns = bashModes(words[:i])
	sc.start.words = strings.Join(words[:i], " ")
	short := func(letter string) bool {
		return slices.ContainsFunc(words[1:i], func(w string) bool { return !strings.HasPrefix(w, "--") && w[0] == '-' && strings.Contains(w, letter) })
	}
	rest = words[i:]
	str = short("c")
	stdin = !str && (len(rest) == 0 || strings.HasPrefix(rest[0], "<") || short("s"))
	return rest, sc, str, stdin, true
}

// hereDocShell returns what ends the here-document that c, a shell reading its
// script from standard input (bash <<'EOF', sh -e <<EOF, sh -s <<EOF), runs as its
// script, or one of no word when c is no such call.
func hereDocShell(c command) docEnd {
	rest, _, _, stdin, ok := shellCall(c.words)
	if !ok || !stdin || stdinFile(rest) != "" {
		return docEnd{}
	}
	return c.hereDocEnd()
}

// stdinFile returns the file a shell's standard input is redirected from among
// words, the words after its options (< FILE, <FILE), or "" for none: a here-document
// (<<EOF), a here-string (<<<) and a process substitution (<(...)) are none.
func stdinFile(words []string) string {
	for i, w := range words {
		switch {
		case w == "<" && i+1 < len(words) && !strings.HasPrefix(words[i+1], "<"): // bash < <(curl ...): none
			return words[i+1]
		case strings.HasPrefix(w, "<") && !strings.HasPrefix(w, "<<") && !strings.HasPrefix(w, "<(") && !strings.HasPrefix(w, "<&") && !strings.HasPrefix(w, "<>") && len(w) > 1:
			return w[1:]
		}
	}
	return ""
}

// readScript reads the script name that cmd runs, from the directory it runs in,
// with the options of its shebang, or those of shell, the sh or bash call that runs
// it (nil for none).
func (b *builds) readScript(cmd command, name string, shell *scriptCall) (sc scriptCall, ok bool) {
	if shell != nil {
		sc = *shell
	}
	sc.path = name
	if cmd.unplaced || path.IsAbs(name) || strings.ContainsAny(name, "$~`") {
		sc.why = "a path this audit cannot place"
		return sc, true
	}
	sc.path = path.Join(cmd.dir, name)
	src, read := b.r.ReadNamed(sc.path)
	if !read {
		sc.why = "no such file in the repository"
		if i := slices.IndexFunc(b.r.Problems, func(p repo.Problem) bool { return p.File == sc.path }); i >= 0 {
			sc.why = b.r.Problems[i].Err
		}
		return sc, true
	}
	sc.text = string(src)
	first, _, _ := strings.Cut(sc.text, "\n")
	switch {
	case strings.Contains(sc.text, "\x00"):
		return sc, false // a program, not a script
	case strings.HasPrefix(first, "#!") && !shellShebang(first):
		if shell != nil {
			break // bash x.py still runs it as a shell script
		}
		sc.why = "a script of another language, " + strings.TrimSpace(first)
	case strings.HasPrefix(first, "#!") && shell == nil:
		f := shebangWords(first)
		sc.errexit, sc.pipefail = setOptions(f[1:], false, false)
		sc.bash, sc.bashRuns = bashModes(f)
		sc.start = shellStart{words: strings.TrimSpace(first), at: b.r.At(sc.path, 1), shebang: true}
	case !strings.HasPrefix(first, "#!") && shell == nil: // run as a file, without a shebang
		sc.bash, sc.bashRuns = cmd.bashRuns, cmd.bashRuns // a new bash, in neither mode, where bash runs it; sh elsewhere
	}
	return sc, true
}

// followScript returns the commands of the shell script of the repository that cmd
// runs (see runsScript) that a check may judge (see judged), with the make, task
// runner and script calls in them followed, each placed in the script, in the directory cmd runs in (cd
// "$(dirname "$0")" moves to the script's own) and with cmd's environment; those
// whose failure cannot reach the script's exit status are marked so (see
// dropFailures), and those its shell never runs left out. ok is false when cmd runs
// no script, or one that is not read (see scriptsUnread), or a script inside itself
// as it runs there (the same directory, environment and options): its commands are
// those read already. A script beyond a bound of this audit (see boundReached) is
// not read: cmd comes back alone, marked unfollowed. The commands are appended to
// dst (see followInto), which comes back as it was when ok is false.
func (b *builds) followScript(dst []command, cmd command) (out []command, ok bool) {
	sc, ok := b.runsScript(cmd)
	if !ok || sc.why != "" {
		return dst, false
	}
	if sc.bash && !sc.sourced { // a new bash, in POSIX mode where its environment has POSIXLY_CORRECT
		_, posix := cmd.environ()["POSIXLY_CORRECT"]
		sc.bash = !posix
	}
	// cmd's environment, a map of each variable it has, is made only for a script
	// run already under way, and for one read that keeps commands: not for each of
	// many calls past a bound, nor of a script of exports alone (. ./env.sh on each
	// line of a long script).
	run := followedRun{path: sc.path, dir: cmd.dir, errexit: sc.errexit, pipefail: sc.pipefail, bash: sc.bash, bashRuns: sc.bashRuns}
	if sc.path != "" && slices.ContainsFunc(b.runs, func(o followedRun) bool { return o.path == run.path }) {
		run.env = cmd.environ()
		if slices.ContainsFunc(b.runs, run.same) {
			return dst, false
		}
	}
	unfollowed := func(why string) ([]command, bool) {
		cmd.unfollowed = why
		return append(dst, cmd), true
	}
	if why := b.boundReached(cmd); why != "" {
		return unfollowed(why)
	}
	var read scriptRun
	var err error
	via := cmd.via
	switch {
	case sc.path == "" && sc.first > 0: // bash <<EOF: the lines of the here-document, each on its own
		var cmds []command
		if cmds, _, err = scriptCommands(b.ctx, b.r, cmd.at.File, sc.first, sc.text, &session{dir: cmd.dir}); err == nil {
			read, err = b.scriptRunOf(cmds, sc)
		}
	case sc.path == "": // sh -c 'string': the commands of the string, where cmd is
		read, err = b.scriptRunOf(scriptAt(sc.text, cmd.at, cmd.dir), sc)
	default:
		via = append(slices.Clip(cmd.via), cmd.at)
		text := sc.text
		if strings.Contains(text, "dirname") { // what scriptDir matches names it: no text to scan
			text = scriptDir.ReplaceAllString(text, "$$GITHUB_WORKSPACE/"+path.Dir(sc.path))
		}
		text = withRunGuards(text, sc.sourced)
		if sc.hasArgs {
			var ok bool
			if text, ok = b.withPositional(text, sc.args, sc.literal); !ok {
				return unfollowed(b.boundReached(cmd))
			}
		}
		read, err = b.scriptCommands(scriptRead{sc.path, cmd.dir, text, sc.errexit, sc.pipefail, sc.bash, sc.bashRuns, sc.start}, sc)
	}
	if err != nil || !b.following.spend(read.n) {
		return unfollowed(b.boundReached(cmd))
	}
	if len(read.cmds) == 0 {
		return dst, true
	}
	if run.env == nil {
		run.env = cmd.environ()
	}
	if sc.path != "" {
		b.runs = append(b.runs, run)
		defer func() { b.runs = b.runs[:len(b.runs)-1] }()
	}
	out = dst
	for _, c := range read.cmds {
		c.via = via
		c.ciEnv = inherit(c.ciEnv, run.env) // the script's shell inherits the caller's environment
		out = b.followInto(out, c)
	}
	ignoreAll(out[len(dst):], cmd, makeCall{})
	inheritJob(out[len(dst):], cmd)
	return out, true
}

// scriptRun is what followScript follows of one script: the commands of it that a
// check may judge (see judged), as its shell runs them, of n that it has.
type scriptRun struct {
	cmds []command
	n    int
}

// scriptRunOf returns cmds, the commands of one shell script run with the options
// of sc (errexit, pipefail), as its shell runs them: those whose failure cannot
// reach the script's exit status marked so (see dropFailures), those it never runs
// left out, their exports carried with those of the scripts they source (see
// markSourced), and of them those a check may judge (see judged). It stops with
// ctx's error once ctx is done.
func (b *builds) scriptRunOf(cmds []command, sc scriptCall) (scriptRun, error) {
	n := len(cmds)
	dropFailures(cmds, shellState{errexit: sc.errexit, pipefail: sc.pipefail, bash: sc.bash, bashRuns: sc.bashRuns, start: sc.start}, sc.text)
	cmds, _ = live(cmds)
	if err := markSourced(b.ctx, b.r, cmds, &b.sourced); err != nil {
		return scriptRun{}, err
	}
	return scriptRun{cmds: slices.Clip(slices.DeleteFunc(cmds, func(c command) bool { return !judged(c) })), n: n}, nil
}

// judged reports whether a check may judge c, a command of a script followed: not
// one that only changes its shell's variables or options (export, unset, set),
// whose changes the exports of the commands after it hold (see carry), and those of
// its caller where the script is sourced (see markSourced); the failures it lets
// go or keeps are marked on the commands after it (see dropFailures).
func judged(c command) bool {
	return len(c.words) == 0 || !slices.Contains([]string{"export", "unset", "set"}, c.words[0])
}

// scriptCommands returns what followScript follows of the script file sr run with
// the options of sc (see scriptRunOf), read on the first call for it and shared
// from then on (no caller changes the commands in place), so that a script run or
// sourced on many lines (. ./env.sh on each) is read once per audit.
func (b *builds) scriptCommands(sr scriptRead, sc scriptCall) (scriptRun, error) {
	if read, ok := b.scripts[sr]; ok {
		return read, nil
	}
	cmds, _, err := scriptCommands(b.ctx, b.r, sr.path, 1, sr.text, &session{dir: sr.dir})
	if err != nil {
		return scriptRun{}, err
	}
	read, err := b.scriptRunOf(cmds, sc)
	if err != nil {
		return scriptRun{}, err
	}
	if b.scripts == nil {
		b.scripts = map[scriptRead]scriptRun{}
	}
	b.scripts[sr] = read
	return read, nil
}

// callArgs returns the words of cmd, a script's call, from index from, less the
// call's redirections (> log, 2>&1, < in): the script's positional parameters, each
// marked literal when written in single quotes; ok is false for a call this audit
// cannot tell them of (a here-string, a process substitution).
func callArgs(cmd command, from int) (args []string, literal []bool, ok bool) {
	words := cmd.words
	for i := from; i < len(words); i++ {
		w := words[i]
		if target, _, isRedir := redirection(w); isRedir || strings.HasPrefix(w, "<") {
			if strings.HasPrefix(w, "<<") || strings.HasPrefix(w, "<(") {
				return nil, nil, false
			}
			if target == "" && strings.TrimLeft(w, "<") == "" || isRedir && target == "" {
				i++ // the file is the next word
			}
			continue
		}
		args, literal = append(args, w), append(literal, len(cmd.literal[i]) > 0)
	}
	return args, literal, true
}

// positionalRef matches a reference to a script's positional parameters that
// withPositional replaces, quoted or not: "$@", $*, "$1", ${2}.
var positionalRef = regexp.MustCompile(`"\$(?:[@*1-9]|\{[@*1-9]\})"|\$(?:[@*1-9]|\{[@*1-9]\})`)

// positionalMoves matches what changes or reads the positional parameters in a way
// withPositional does not follow: shift, set --, getopts, and a function definition,
// in whose body "$@" and $1 are the function's arguments.
var positionalMoves = regexp.MustCompile(`(?m)(?:^|[\s;&|(])(?:shift|getopts|set\s+--?(?:\s|$))|(?:^|[\s;&|])(?:function\s+[A-Za-z_][\w-]*|[A-Za-z_][\w-]*\s*\(\s*\))`)

// withPositional returns text, a script, with each reference to its positional
// parameters that stands as a word of its own outside quotes ("$@", $@, "$*", "$1",
// ${2}) replaced by the words args, the call's: "$@" gives each its own word, "$*"
// one word of them all, "$N" the Nth or an empty word; unquoted, no word for one
// not given. An argument written in single quotes (see literal), or holding a
// character that would end the quotes it is given in (", `, \), is given in single
// quotes, as text. A reference inside a longer word ("v$1"), inside quotes ('go test
// $1', which is another shell's, "flags: $1"), in a comment or a here-document, and
// every reference of a script that shifts, sets or reads them otherwise or defines a
// function (see positionalMoves), or whose quotes this audit cannot pair (see
// shellQuotes), is left as written, for the checks to take as a value they cannot
// expand. Each word given, and each KiB of them, is spent from the budget of the
// follow under way (see maxScriptCommands), since a script that hands "$@" on several
// times multiplies them at each call: ok is false when that budget is spent, or the
// audit stopped (see boundReached), and the script is then not read.
func (b *builds) withPositional(text string, args []string, literal []bool) (out string, ok bool) {
	if positionalMoves.MatchString(text) {
		return text, true
	}
	quote := func(s string, lit bool) string {
		if lit || strings.ContainsAny(s, "\"`\\") {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
		return `"` + s + `"`
	}
	refs := positionalRef.FindAllStringIndex(text, -1)
	if len(refs) == 0 {
		return text, true
	}
	outside, paired := shellQuotes(text)
	if !paired {
		return text, true
	}
	var sb strings.Builder
	last := 0
	for _, m := range refs {
		if b.ctx.Err() != nil {
			return "", false
		}
		start, end := m[0], m[1]
		if !outside[start] || start > 0 && !strings.ContainsRune(" \t\n;&|(", rune(text[start-1])) || end < len(text) && !strings.ContainsRune(" \t\n;&|)", rune(text[end])) {
			continue // quoted, or part of a longer word
		}
		ref := text[start:end]
		quoted := ref[0] == '"'
		name := strings.Trim(ref, `"${}`)
		var words []string
		switch {
		case name == "@" || name == "*" && !quoted:
			for i := range args {
				words = append(words, quote(args[i], literal[i]))
			}
		case name == "*":
			words = []string{quote(strings.Join(args, " "), slices.Contains(literal, true))}
		default:
			switch n := int(name[0] - '0'); {
			case n <= len(args):
				words = []string{quote(args[n-1], literal[n-1])}
			case quoted:
				words = []string{`""`}
			}
		}
		given := strings.Join(words, " ")
		if !b.following.spend(len(words) + len(given)>>10) {
			return "", false
		}
		sb.WriteString(text[last:start])
		sb.WriteString(given)
		last = end
	}
	sb.WriteString(text[last:])
	return sb.String(), true
}

// shellQuotes returns, for each byte of text, a shell script, whether it stands
// outside quotes, comments and here-documents, where the shell expands a $ as a
// word of the script: not inside '...' or "...", not escaped by \, not in a comment
// (# at the start of a word, to the end of the line) nor in the lines of a
// here-document (<<EOF up to the line EOF). paired is false when a quote is left
// open at the end of text, where this audit cannot tell what is quoted.
func shellQuotes(text string) (outside []bool, paired bool) {
	outside = make([]bool, len(text))
	const (
		none = iota
		single
		double
	)
	state := none
	var docs []docEnd // the ends of the here-documents whose lines start at the next line
	for i := 0; i < len(text); i++ {
		ch := text[i]
		switch state {
		case single:
			if ch == '\'' {
				state = none
			}
			continue
		case double:
			switch ch {
			case '\\':
				i++
			case '"':
				state = none
			}
			continue
		}
		outside[i] = true
		switch {
		case ch == '\\':
			i++
		case ch == '\'':
			state = single
		case ch == '"':
			state = double
		case ch == '#' && (i == 0 || strings.ContainsRune(" \t\n;&|()", rune(text[i-1]))):
			for i+1 < len(text) && text[i+1] != '\n' {
				i++
			}
		case strings.HasPrefix(text[i:], "<<<"): // a here-string
			i += 2
		case strings.HasPrefix(text[i:], "<<"):
			j := i + 2
			tabs := j < len(text) && text[j] == '-' // <<- strips the leading tabs alone
			if tabs {
				j++
			}
			for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
				j++
			}
			k := j
			for k < len(text) && !strings.ContainsRune(" \t\n;&|<>()", rune(text[k])) {
				k++
			}
			if end := strings.NewReplacer("'", "", `"`, "", `\`, "").Replace(text[j:k]); end != "" {
				docs = append(docs, docEnd{word: end, tabs: tabs})
			}
			i = k - 1
		case ch == '\n' && len(docs) > 0:
			for _, end := range docs { // the lines of each, up to the line that ends it
				for i < len(text) {
					line, _, _ := strings.Cut(text[i+1:], "\n")
					i += 1 + len(line)
					if end.endsAt(line) { // whole, as sh matches it
						break
					}
				}
			}
			docs = nil
			i-- // the newline that ends the last line of the last here-document
		}
	}
	return outside, state == none
}
