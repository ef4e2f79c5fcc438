package audit

import (
	"cmp"
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

// ciFile is a CI configuration read as YAML: every command its jobs run, every
// environment variable it sets, and what could not be followed.
type ciFile struct {
	// ctx stops the reading of its scripts once done: stopped is then its error,
	// and the file is not read (see parseCI).
	ctx      context.Context
	stopped  error
	sourced  *sourcedMemo // the scripts its commands source (see markSourced), shared with its scratch and child copies
	path     string
	kind     repo.CIKind
	commands []command
	env      []setting
	notes    []repo.Evidence // parts not read, such as remote includes
	// unrun are the commands of its scripts that the shell never runs (see
	// keepRun), left out of commands.
	unrun []command
	// callOnly is set for a GitHub workflow that only another workflow triggers
	// (on: workflow_call); calls are the local workflows its jobs call.
	callOnly bool
	calls    []string
	// dormant is where a CI file says that no push or merge request runs it (a
	// GitHub workflow only started by hand, on: workflow_dispatch; GitLab workflow
	// rules that all say when: never), or that none of the Go code alone does (a
	// GitHub workflow whose push and pull_request filters leave every such change
	// out), or nil. The jobs of the first are not read; those of the second are (a
	// release workflow on tags builds the binaries) but check no change (see
	// builds.ciCommands). dormantWhy says why, after the file's path in a message.
	dormant    *repo.Evidence
	dormantWhy string
	// idle are the GitLab jobs that run in tag pipelines alone (see gitlabTagOnly):
	// as a dormant file's jobs, their commands are read but check no change.
	idle []idleJob
	// baseImage is the image a ko file builds on for package import paths (its
	// defaultBaseImage under "", else ko's default, and its baseImageOverrides),
	// with where each is set.
	baseImage map[string]setting
	// releases are the builds of a GoReleaser file, one for each of its commands,
	// and images the Dockerfiles its dockers entries build.
	releases []release
	images   []releaseImage
	// kos are the kos entries of a GoReleaser file: images ko builds from its builds.
	kos []releaseKo
	// nodes counts the YAML nodes read (this file and those it includes or uses),
	// aliases expanded; visits counts the GitLab script nodes visited, !reference
	// tags followed. Each is bounded by maxExpandedNodes.
	nodes, visits int
	// vars are the shell variables its scripts assign on a line of their own
	// (NAME=value, export NAME=value), which later commands of the script expand.
	vars []setting
	// dotenv are the variables a GitLab job's script writes into a file its
	// artifacts: reports: dotenv names, which GitLab puts in the environment of the
	// later jobs.
	dotenv []setting
	// childDepth is how deep the GitLab child pipeline being read is below the
	// pipeline of the file (0: the file's own).
	childDepth int
	// gitlabDefaults are the before_script and after_script of a GitLab pipeline's
	// default: (or top level), which each job that sets none inherits.
	gitlabDefaults map[string]gitlabNode
	// gitlabGlobals are the values of the global variables: of a GitLab pipeline
	// (those of the files it includes too), which every job starts with but for
	// those its inherit: variables: leaves out (see gitlabInherits).
	gitlabGlobals map[string]string
	// events are the events that trigger a GitHub workflow (github.event_name),
	// nil when not known (a workflow another one calls takes the caller's).
	events []string
}

// idleJob is a job of a CI file that no push or merge request of Go code runs: its
// commands are those of ciFile.commands[from:to]; at is where, and why says why
// after the file's path in a message.
type idleJob struct {
	from, to int
	at       repo.Evidence
	why      string
}

// idles reports whether the i-th command of c is one of an idle job.
func (c *ciFile) idles(i int) bool {
	return slices.ContainsFunc(c.idle, func(j idleJob) bool { return j.from <= i && i < j.to })
}

// release is a GoReleaser build: its id ("" when it sets none), the env entry that
// sets CGO_ENABLED, if any, and where the build is.
type release struct {
	id  string
	cgo *setting
	at  repo.Evidence // the build's entry
}

// releaseKo is a kos entry of a GoReleaser file: the id of the build whose settings
// ko builds with ("" when it names none), the package it builds instead of the
// build's main (main, when set), the base image (GoReleaser's default is ko's,
// cgr.dev/chainguard/static) and where the entry is.
type releaseKo struct {
	build, main string
	base        setting
	at          repo.Evidence
}

// releaseImage is a dockers entry of a GoReleaser file: the Dockerfile it builds and
// the ids of the builds whose binaries it takes (nil: every build).
type releaseImage struct {
	dockerfile string
	ids        []string
}

// setting is an environment or build variable set somewhere.
type setting struct {
	key, value string
	at         repo.Evidence
	// scoped marks a variable of one CI job or step (a GitHub job's or step's env:, a
	// GitLab job's variables:), which reaches the commands of that job or step alone,
	// through their command.ciEnv, never those of another.
	scoped bool
}

// parseCI reads a GitHub workflow, a GitLab CI file or a GoReleaser file. A file
// that is not valid YAML is returned with an error.
func parseCI(ctx context.Context, r *repo.Repo, f repo.CIFile) (*ciFile, error) {
	src, _ := r.ReadFile(f.Path)
	doc := &yaml.Node{}
	var unresolved []*yaml.Node // interpolated inputs of a GitLab file whose value is not known
	if f.Kind == repo.GitLab {
		config, header, err := gitlabDocument(src)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", f.Path, err)
		}
		doc, unresolved = config, interpolateInputs(config, header, nil)
	} else if err := yaml.Unmarshal(src, doc); err != nil {
		return nil, fmt.Errorf("read %s: %w", f.Path, err)
	}
	nodes, err := expandedNodes(doc, maxExpandedNodes)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", f.Path, err)
	}
	c := &ciFile{ctx: ctx, sourced: &sourcedMemo{}, path: f.Path, kind: f.Kind, nodes: nodes}
	for _, n := range unresolved {
		c.notes = append(c.notes, r.At(f.Path, n.Line))
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return c, nil
	}
	root := doc.Content[0]
	switch f.Kind {
	case repo.GitHub:
		c.readGitHub(r, root)
	case repo.GitLab:
		c.readGitLab(r, root)
		if c.visits > maxExpandedNodes {
			return nil, fmt.Errorf("read %s: its !reference tags expand to more than %d nodes: not read", f.Path, maxExpandedNodes)
		}
	case repo.GoReleaser:
		c.readGoReleaser(r, root, goreleaserLDFlags, nil)
	case repo.Ko:
		c.readKo(r, root)
	}
	if c.stopped != nil {
		return nil, fmt.Errorf("read %s: %w", f.Path, c.stopped)
	}
	return c, nil
}

// maxExpandedNodes bounds the nodes a CI file, with the files it includes, holds
// once its YAML aliases are expanded (each *alias counted as the whole value it
// names). The readers follow aliases, so a small file of nested anchors (each
// listing the one before ten times) would otherwise be read as millions of script
// lines: minutes and GBs.
const maxExpandedNodes = 50_000

// expandedNodes returns the nodes doc holds once its aliases are expanded, or an
// error when that is more than budget.
func expandedNodes(doc *yaml.Node, budget int) (int, error) {
	size := map[*yaml.Node]int{} // expanded size of each node, at most budget+1
	var expanded func(n *yaml.Node) int
	expanded = func(n *yaml.Node) int {
		if v, ok := size[n]; ok {
			return v
		}
		size[n] = budget + 1 // a node that holds itself (yaml.v3 refuses those)
		v := 1
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			v = expanded(n.Alias)
		}
		for _, c := range n.Content {
			if v += expanded(c); v > budget {
				break
			}
		}
		size[n] = min(v, budget+1)
		return size[n]
	}
	if v := expanded(doc); v <= budget {
		return v, nil
	}
	return 0, fmt.Errorf("its YAML aliases expand to more than %d nodes (anchors nested in anchors): not read", maxExpandedNodes)
}

// within reports whether doc, a file that c includes or uses, keeps c within
// maxExpandedNodes, and counts its nodes.
func (c *ciFile) within(doc *yaml.Node) bool {
	n, err := expandedNodes(doc, maxExpandedNodes-c.nodes)
	c.nodes += n
	return err == nil
}

// get returns the value of key in a mapping node, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// pairs returns the key and value nodes of a mapping node.
func pairs(n *yaml.Node) [][2]*yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, [2]*yaml.Node{n.Content[i], n.Content[i+1]})
	}
	return out
}

// scripts returns the scalar strings of n: n itself, or the items of a sequence.
func scripts(n *yaml.Node) []*yaml.Node {
	switch {
	case n == nil:
		return nil
	case n.Kind == yaml.ScalarNode:
		return []*yaml.Node{n}
	case n.Kind == yaml.SequenceNode:
		var out []*yaml.Node
		for _, item := range n.Content {
			out = append(out, scripts(item)...)
		}
		return out
	}
	return nil
}

// addScript adds the commands of a shell script held by a scalar node, each placed
// on its own line of the file; variables that an export sets reach the commands
// after it.
func (c *ciFile) addScript(r *repo.Repo, n *yaml.Node, dir string) {
	c.addScriptIn(r, n, &session{dir: dir})
}

// addScriptIn adds the commands of a script that runs in the shell session s: a cd
// on one line moves the lines after it, and the scripts after it in s.
func (c *ciFile) addScriptIn(r *repo.Repo, n *yaml.Node, s *session) {
	if c.stopped != nil {
		return
	}
	first := n.Line
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		first++ // the text starts below the | or >
	}
	cmds, assigned, err := scriptCommands(c.ctx, r, c.path, first, n.Value, s)
	if err != nil {
		c.stopped = err
		return
	}
	c.vars = append(c.vars, assigned...)
	markConditions(cmds)
	c.commands = append(c.commands, carryExports(cmds)...)
}

// scriptCommands returns the commands of a shell script, text, whose first line is
// line first of file, run in the session s, each placed on its own line, and the
// variables its lines assign (NAME=value, export NAME=value): one on a line of its
// own is a variable of the script, which the commands after it and s hold. A shell
// given a here-document as its script (bash <<EOF) holds its lines (see
// command.hereDoc), which also come as commands, as the text they are to the
// script (see unrun). It stops with ctx's error once ctx is done (see stopEvery).
func scriptCommands(ctx context.Context, r *repo.Repo, file string, first int, text string, s *session) (cmds []command, assigned []setting, err error) {
	vars := newExportLog()
	raw := strings.Split(text, "\n")
	lls := logicalLines(text, "\\")
	lineAt := func(i int) repo.Evidence { return r.At(file, first+lls[i].line-1) }
	err = readPieces(ctx, lls, lineAt, s, func(line []command, on []int, start, i int) {
		ll, at := lls[start], lineAt(start)
		for k := range line {
			line[k].at = lineAt(on[k])
			line[k].lineVars = scriptVars{log: vars, n: vars.n}
			if end := hereDocShell(line[k]); end.word != "" && !line[k].docLine && on[k]+1 < len(lls) { // bash <<EOF: the lines up to EOF are its script
				from := lls[on[k]+1].line - 1
				to := from + slices.IndexFunc(raw[from:], end.endsAt)
				if to < from {
					to = len(raw) // no end: the here-document runs to the end of the text
				}
				line[k].hereDoc, line[k].hereDocLine = strings.Join(raw[from:to], "\n"), first+from
			}
		}
		cmds = append(cmds, line...)
		if v, ok := shellAssignment(ll.text, at); ok {
			assigned = append(assigned, v)
			if !slices.ContainsFunc(line, func(c command) bool { return !c.substituted }) { // NAME=value on a line of its own: a variable of the script (NAME=$(cmd) runs cmd)
				vars.assign(v.key, v.value, true)
				if s.vars == nil {
					s.vars = map[string]string{}
				}
				s.vars[v.key] = v.value
			}
		}
	})
	if err != nil {
		return nil, nil, err
	}
	followFlags(cmds, &fallbacks{})
	return cmds, assigned, nil
}

// readPieces reads lls, the logical lines of one shell script run in the session
// s, piece by piece (see scriptPieces), the lines of each as one text (see
// commandsIn), at(i) placing lls[i]: read takes the commands of each piece in
// order, before the next is read, with, for each, the index in lls of the line it
// starts on (on), and the indexes of the piece's first and last lines. This is how
// every shell script read as one is read (a CI script, a script CI runs, a
// .ONESHELL recipe, a Task cmd, a just shebang recipe), so that a { } group over
// lines is read whole in each, and the bare assignments (NAME=value) after a
// piece's last command go to the first command of the pieces after it (see
// command.assigns), as those of one text do. It stops with ctx's error once ctx is
// done.
func readPieces(ctx context.Context, lls []logicalLine, at func(i int) repo.Evidence, s *session, read func(cmds []command, on []int, from, to int)) error {
	pieces, err := scriptPieces(ctx, lls)
	if err != nil {
		return err
	}
	var bare []bareAssigns // those of the pieces before, for the next command
	for _, piece := range pieces {
		from, to := piece[0], piece[1]
		texts := make([]string, 0, to-from+2)
		for _, l := range lls[from : to+1] {
			texts = append(texts, l.text)
		}
		// the last, :, takes the bare assignments (NAME=value;) after the commands,
		// which change what the shell exports for the commands of the pieces after;
		// where it is not a command of its own (after a || or | the piece ends with,
		// or in its here-document), the piece is read again without it
		before := *s
		before.cds, before.pushed = slices.Clone(s.cds), slices.Clone(s.pushed)
		cmds, err := commandsIn(ctx, strings.Join(append(texts, ":"), "\n"), at(from), s)
		if err != nil {
			return err
		}
		if k := len(cmds) - 1; k >= 0 && ownColon(cmds[k], len(texts)) && (k == 0 || !cmds[k-1].orElse && !cmds[k-1].andThen && !cmds[k-1].piped) {
			bare = append(bare, cmds[k].assigns...)
			cmds = cmds[:k]
		} else {
			*s = before
			if cmds, err = commandsIn(ctx, strings.Join(texts, "\n"), at(from), s); err != nil {
				return err
			}
		}
		if len(cmds) > 0 {
			cmds[0].assigns, bare = append(bare, cmds[0].assigns...), nil
		}
		on := make([]int, len(cmds))
		for k := range cmds {
			on[k] = from + min(cmds[k].line, to-from)
		}
		read(cmds, on, from, to)
	}
	return nil
}

// ownColon reports whether c is the : readPieces writes after the n lines of a
// piece, read as a command of its own: on the line after them, with no keyword or
// condition of a compound command that the piece leaves open.
func ownColon(c command, n int) bool {
	return c.line == n && len(c.words) == 1 && c.is(":") && len(c.kw) == 0 && !c.cond
}

// linesCommands returns the commands of a shell script run as one in the session
// s (its directory, its shell), given as its logical lines lls, read as readPieces reads it, each placed at at(i) of
// the line lls[i] it starts on, with those indexes (on). It stops with ctx's error
// once ctx is done.
func linesCommands(ctx context.Context, lls []logicalLine, at func(i int) repo.Evidence, s *session) (cmds []command, on []int, err error) {
	err = readPieces(ctx, lls, at, s, func(line []command, lineOn []int, _, _ int) {
		for k := range line {
			line[k].at = at(lineOn[k])
		}
		cmds, on = append(cmds, line...), append(on, lineOn...)
	})
	followFlags(cmds, &fallbacks{})
	return cmds, on, err
}

// scriptVars are the shell variables a script assigns on lines of their own
// (NAME=value) before one of its commands: the first n changes of a log the
// script's commands share (see exportLog), so that a script of many assignments and
// commands costs their sum, not their product, as a copy of its variables for each
// would.
type scriptVars struct {
	log *exportLog
	n   int
}

// lookup returns the value v gives name: that of its last assignment among the
// first n; ok is false when none of them assigns it.
func (v scriptVars) lookup(name string) (value string, ok bool) {
	if v.log == nil {
		return "", false
	}
	c, ok := v.log.last(name, v.n)
	return c.value, ok
}

// scriptLine is a command line of a script: a logical line, with the lines that
// complete it (see commandLine), split as one text (see splitCommands), with the
// { } groups and ( ) subshells it leaves open.
type scriptLine struct {
	// text is its lines; code is those that are not lines of a here-document.
	text, code  string
	first, last int // the indexes of its lines
	cmds        []command
	// braces and parens are how many { } groups and ( ) subshells it opens, less
	// those it closes; orElse marks a line with a command followed by ||.
	braces, parens int
	orElse         bool
	// reach is the last line of the compound commands it opens that are read with
	// it as one text (see scriptPieces), or its own last.
	reach int
}

// commandLine returns the command line of lls that starts at its i-th line, as sh
// reads it: that line, with the lines after it up to the one that closes the
// quotes and the command substitutions it leaves open (sh -c ', a script over
// lines, then '; v=$(, the substitution's commands, then ) || true), and with the
// lines of the here-documents it opens (<<EOF, up to the line EOF); and, while the
// line ends with && || or | (its comment after them left out), the next line that
// holds a command, the blank lines and comments between them skipped: go test
// ./... &&, then echo ok on the next line, is one AND list. A line whose quotes or
// substitutions no later line closes (see lastQuotes) is read alone, as the shell
// that rejects it does not read on.
func commandLine(lls []logicalLine, i int, q lastQuotes) scriptLine {
	l := scriptLine{first: i, last: i - 1}
	var texts, code []string
	for pending := true; pending && l.last+1 < len(lls); {
		l.last++
		from := l.last
		var t textState
		for t.scan(lls[from].text); t.inside() && q.closable(&t, l.last); {
			l.last++
			t.scan("\n")
			t.scan(lls[l.last].text)
		}
		if t.inside() {
			l.last, t = from, textState{}
			t.scan(lls[from].text)
		}
		line := lls[from].text
		if l.last > from {
			quoted := make([]string, 0, l.last-from+1)
			for _, ll := range lls[from : l.last+1] {
				quoted = append(quoted, ll.text)
			}
			line = strings.Join(quoted, "\n")
		}
		cmds := splitCommands(line)
		if len(texts) == 0 {
			l.cmds = cmds
		}
		texts, code = append(texts, line), append(code, line)
		for _, c := range cmds {
			for _, end := range c.docs { // the lines of each, up to the one of its word
				for l.last+1 < len(lls) {
					l.last++
					texts = append(texts, lls[l.last].text)
					if end.endsAt(lls[l.last].text) {
						break
					}
				}
			}
		}
		pending = t.continued() || len(code) > 1 && t.tail == [2]byte{} // a blank line or a comment between
	}
	l.text, l.code, l.reach = strings.Join(texts, "\n"), strings.Join(code, "\n"), l.last
	if len(texts) > 1 {
		l.cmds = splitCommands(l.text)
	}
	return l
}

// lastQuotes are, for the logical lines of a script, the index of the last that
// holds a ', of the last that holds a ", of the last that holds a ) and of the
// last that holds a `, -1 for none: a quote, or a command substitution, open
// after it is never closed.
type lastQuotes struct{ single, double, paren, backquote int }

// lastQuotesOf returns the lastQuotes of lls.
func lastQuotesOf(lls []logicalLine) lastQuotes {
	q := lastQuotes{-1, -1, -1, -1}
	for i, ll := range lls {
		if strings.IndexByte(ll.text, ')') >= 0 {
			q.paren = i
		}
		if strings.IndexByte(ll.text, '`') >= 0 {
			q.backquote = i
		}
		if strings.IndexByte(ll.text, '\'') >= 0 {
			q.single = i
		}
		if strings.IndexByte(ll.text, '"') >= 0 {
			q.double = i
		}
	}
	return q
}

// closable reports whether a line after the at-th may close the quotes and the
// command substitutions t leaves open.
func (q lastQuotes) closable(t *textState, at int) bool {
	return (!t.quoted || at < q.single) && (!slices.Contains(t.nest, '"') || at < q.double) && (t.open == 0 || at < q.paren) &&
		(!slices.Contains(t.nest, '`') || at < q.backquote)
}

// scriptPieces returns the pieces of a script, its logical lines lls, that are read
// as one text (see commandsIn), each by the index of its first and last line: a
// command line (see commandLine), or the command lines of a compound command over
// lines (a { } group, an if, a for, while or until loop, a case) from the one that
// opens it to the one that closes it, when it runs in a shell of its own (its },
// fi, done or esac piped or in the background, or a pipe into it: { on a line of
// its own ... } | tee log, cmd | while read l; do ... done), whose cd moves only
// the commands after it in it (see groupSubshells), or when its end is followed by
// || or && (} || true and fi || true act on every command of the compound, and on
// those of the AND list it ends: { a; } && {, the lines of the group, } || true),
// or when it is a case (its patterns, a line by itself, would be commands: cd));
// and the command lines after one that leaves open a { } group after || (cmd || {
// with the group's commands on the lines after it) or a ( ) subshell (an exit there
// ends the subshell, not the script, see unrun), up to the one that closes it. One
// pass: each line is split once as its command line (twice when that is more than
// the line), the compound commands are paired over the whole script with one stack,
// and each line is in one piece. It stops with ctx's error once ctx is done (see
// stopEvery).
func scriptPieces(ctx context.Context, lls []logicalLine) ([][2]int, error) {
	var lines []scriptLine
	type opened struct{ line, cmd int } // a command of lines
	var stack []opened                  // the compound commands open, innermost last
	quotes := lastQuotesOf(lls)
	for i := 0; i < len(lls); {
		if err := stopped(ctx, len(lines)); err != nil {
			return nil, err
		}
		l := commandLine(lls, i, quotes)
		at := len(lines)
		for k, c := range l.cmds {
			if c.docLine {
				continue
			}
			opens, closes := compoundEnds(c)
			for range opens {
				stack = append(stack, opened{at, k})
			}
			n := strings.Count(strings.Join(c.kw, " "), "{")
			if c.is("{") {
				n++
			}
			l.braces += n
			l.orElse = l.orElse || c.orElse || c.orAssign
			if c.closesGroup() {
				l.braces--
			}
			if closes == 0 || len(stack) == 0 {
				continue
			}
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if o.line == at {
				continue
			}
			if own := &lines[o.line]; c.piped || c.background || c.orElse || c.orAssign || c.andThen || o.cmd > 0 && own.cmds[o.cmd-1].piped || c.is("esac") {
				own.reach = l.last
			}
		}
		if strings.ContainsAny(l.text, "()") {
			cmds := splitCommands(l.text + "\n:") // the depth of a command after the line
			l.parens = cmds[len(cmds)-1].depth - l.braces
		}
		lines = append(lines, l)
		i = l.last + 1
	}
	var pieces [][2]int
	for u := 0; u < len(lines); {
		// the piece goes on to the end of each compound a line of it opens that is
		// read whole, and of the group or subshell it leaves open
		first, end := lines[u].first, lines[u].last
		var p openPiece
		for ; u < len(lines) && (lines[u].first <= end || p.fallback() || p.subshell()); u++ {
			p.add(lines[u])
			end = max(end, lines[u].last, lines[u].reach)
		}
		pieces = append(pieces, [2]int{first, end})
	}
	return pieces, nil
}

// openPiece is what the lines of a piece of a script read so far leave open (see
// scriptPieces), added line by line.
type openPiece struct {
	lines, braces, parens, backticks int
	orElse, paren                    bool
	textState
}

// add adds the line l to the piece.
func (p *openPiece) add(l scriptLine) {
	text := l.code // a here-document's lines are no shell's text
	if p.lines++; p.lines > 1 {
		text = "\n" + text
	}
	p.braces += l.braces
	p.parens += l.parens
	p.orElse = p.orElse || l.orElse
	p.backticks += strings.Count(text, "`")
	p.paren = p.paren || strings.Contains(text, "(")
	p.scan(text)
}

// textState is what a shell text read so far leaves open (see scan): its quotes,
// and its ( and the command and process substitutions among them.
type textState struct {
	// nest are the (, " and ` not closed yet, outside single quotes and comments,
	// innermost last: '"' a double quote, '$' a ( that opens a command or process
	// substitution ($(, <(, >(), in double quotes or not, '(' any other, '`' a
	// backquote that opens a command substitution; open counts the '$'. quoted marks a text that ends inside single quotes, escaped one that
	// ends in a backslash, and last is its last byte; tail are its last two bytes
	// that are neither blanks nor in a comment, a quoted or escaped one as 1.
	nest    []byte
	open    int
	quoted  bool
	escaped bool
	last    byte
	tail    [2]byte
}

// scan reads text, the next of the text t holds, as sh does: a ' in double quotes
// or a comment opens no quote, nor a " in single quotes; in a command
// substitution in double quotes ("$(git describe "--tags")"), quotes open anew. A
// backquote substitution ends at the next backquote not escaped, whatever is
// between (as split reads it): `go test ./..., then echo done` on the next line.
func (t *textState) scan(text string) {
	for j := 0; j < len(text); j++ {
		ch := text[j]
		top := byte(0)
		if len(t.nest) > 0 {
			top = t.nest[len(t.nest)-1]
		}
		inDouble := top == '"'
		code := ch // what tail takes: 1 for a quoted or escaped byte, 0 for none
		switch {
		case t.escaped:
			t.escaped, code = false, 1
		case top == '`' && ch != '\\':
			code = 1
			if ch == '`' {
				t.nest = t.nest[:len(t.nest)-1]
			}
		case t.quoted:
			k := strings.IndexByte(text[j:], '\'')
			if k < 0 {
				t.tail = [2]byte{t.tail[1], 1}
				j = len(text)
				continue
			}
			j += k
			ch, t.quoted, code = '\'', false, 1
		case ch == '\\':
			t.escaped, code = true, 1
		case ch == '`':
			t.nest, code = append(t.nest, '`'), 1
		case inDouble:
			code = 1
			if ch == '"' {
				t.nest = t.nest[:len(t.nest)-1]
			} else if ch == '(' && t.last == '$' {
				t.nest = append(t.nest, '$')
				t.open++
			}
		case ch == '"':
			t.nest, code = append(t.nest, '"'), 1
		case ch == '\'':
			t.quoted, code = true, 1
		case ch == '#' && strings.IndexByte(" \t\n;&|()\x00", t.last) >= 0: // a comment, to the end of the line
			if k := strings.IndexByte(text[j:], '\n'); k > 0 {
				j += k - 1
			} else {
				j = len(text)
			}
			code = 0
		case ch == '(':
			if strings.IndexByte("$<>", t.last) >= 0 {
				t.nest = append(t.nest, '$')
				t.open++
			} else {
				t.nest = append(t.nest, '(')
			}
		case ch == ')':
			if n := len(t.nest); n > 0 {
				if t.nest[n-1] == '$' {
					t.open--
				}
				t.nest = t.nest[:n-1]
			}
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r':
			code = 0
		}
		if code != 0 {
			t.tail = [2]byte{t.tail[1], code}
		}
		t.last = ch
	}
}

// continued reports whether the text read so far ends with &&, || or | (|& too),
// a list or pipeline that the next line that holds a command goes on with.
func (t *textState) continued() bool {
	return t.tail[1] == '|' || t.tail == [2]byte{'&', '&'} || t.tail == [2]byte{'|', '&'}
}

// quoting reports whether the text read so far ends inside quotes, single or
// double (in a command substitution or not).
func (t *textState) quoting() bool {
	return t.quoted || slices.Contains(t.nest, '"')
}

// inside reports whether the text read so far ends inside quotes or a command or
// process substitution ($(, <(, >(, `), which sh reads on to their end.
func (t *textState) inside() bool {
	return t.quoting() || t.open > 0 || slices.Contains(t.nest, '`')
}

// fallback reports whether the piece ends inside a { } group and holds a command
// followed by || (cmd || { with the group's commands on the lines after it).
func (p *openPiece) fallback() bool {
	return p.orElse && p.braces > 0
}

// subshell reports whether the piece ends inside a ( ) subshell, with the
// subshell's commands on the lines after it. A piece that leaves a command or
// process substitution open (a $(, <( or >( that no later line closes, see
// commandLine, or a `) is read as it is, line by line.
func (p *openPiece) subshell() bool {
	return p.paren && p.backticks%2 == 0 && p.open == 0 && p.parens > 0
}

// gitlabVariables returns the values of a GitLab variables: mapping.
func gitlabVariables(n *yaml.Node) map[string]string {
	out := map[string]string{}
	for _, kv := range pairs(n) {
		v := kv[1]
		if get(v, "value") != nil { // VAR: {value: ..., description: ...}
			v = get(v, "value")
		}
		if v.Kind == yaml.ScalarNode {
			out[kv[0].Value] = v.Value
		}
	}
	return out
}

// addEnv records the variables of n, an env: or variables: mapping, as settings of the
// file; scoped for the env: of a job or step, or a GitLab job's variables: (see
// setting.scoped), not for a workflow's env: or GitLab's global variables:.
func (c *ciFile) addEnv(r *repo.Repo, n *yaml.Node, scoped bool) {
	for _, kv := range pairs(n) {
		v := kv[1]
		if get(v, "value") != nil { // GitLab: VAR: {value: ..., description: ...}
			v = get(v, "value")
		}
		c.env = append(c.env, setting{key: kv[0].Value, value: v.Value, at: r.At(c.path, kv[0].Line), scoped: scoped})
	}
}

// actions maps GitHub actions that run a Go linter, or a task runner this audit
// does not read (see taskRunners), to what they run.
var actions = map[string]actionRun{
	"golangci/golangci-lint-action":  {[]string{"golangci-lint", "run"}, "args", "working-directory", false},
	"dominikh/staticcheck-action":    {[]string{"staticcheck"}, "args", "working-directory", false},
	"reviewdog/action-golangci-lint": {[]string{"golangci-lint", "run"}, "golangci_lint_flags", "workdir", true},
	"reviewdog/action-staticcheck":   {[]string{"staticcheck"}, "staticcheck_flags", "workdir", true},
	"pre-commit/action":              {[]string{"pre-commit", "run", "--all-files"}, "args", "working-directory", false},
	"dagger/dagger-for-github":       {[]string{"dagger", "call"}, "args", "working-directory", false},
	"magefile/mage-action":           {[]string{"mage"}, "args", "working-directory", false},
}

// actionRun is what a GitHub action of actions runs.
type actionRun struct {
	// words are the command.
	words []string
	// args and dir name the inputs that add the command's flags and set the
	// directory it runs in, from the root of the repository.
	args, dir string
	// reviewdog marks an action that hands the command's findings to reviewdog,
	// which fails the step only as its fail_level input (fail_on_error before it)
	// asks: by default, never (see reviewdogIgnores).
	reviewdog bool
}

// reviewdogIgnores returns where a step of a reviewdog action (see actionRun) lets
// every finding pass: its fail_level is none (or unset, the default) and its
// deprecated fail_on_error is not true; or nil when a finding fails the step.
func reviewdogIgnores(r *repo.Repo, file string, step *yaml.Node) *repo.Evidence {
	with := get(step, "with")
	if v := get(with, "fail_on_error"); v != nil && (v.Kind != yaml.ScalarNode || constExpr(v.Value) != "false") {
		return nil
	}
	at := r.At(file, get(step, "uses").Line)
	if v := get(with, "fail_level"); v != nil {
		if v.Kind != yaml.ScalarNode || !slices.Contains([]string{"", "none", "default"}, constExpr(v.Value)) {
			return nil
		}
		at = r.At(file, v.Line)
	}
	return &at
}

func (c *ciFile) readGitHub(r *repo.Repo, root *yaml.Node) {
	on := get(root, "on")
	c.callOnly = onlyOn(on, "workflow_call")
	if onlyOn(on, "workflow_dispatch") {
		at := r.At(c.path, on.Line)
		c.dormant, c.dormantWhy = &at, "never runs by itself: it is started only by hand (workflow_dispatch)" // it fails no push or pull request
		return
	}
	if why, at := filteredOut(on, goFiles(r)); why != "" {
		ev := r.At(c.path, at)
		c.dormant, c.dormantWhy = &ev, "never runs for a change of Go code alone: "+why
	}
	c.events = workflowEvents(on)
	c.addEnv(r, get(root, "env"), false)
	inputs := c.inputValues(r, on)
	calls := inputCalls(on, inputs)
	defaultDir := get(get(get(root, "defaults"), "run"), "working-directory")
	defaultShell := get(get(get(root, "defaults"), "run"), "shell")
	skipped := skippedJobs(get(root, "jobs"), c.events, calls)
	for _, job := range pairs(get(root, "jobs")) {
		if skipped[job[0].Value] {
			continue
		}
		c.addEnv(r, get(job[1], "env"), true)
		if uses := get(job[1], "uses"); uses != nil && strings.HasPrefix(uses.Value, "./") {
			c.calls = append(c.calls, path.Clean(uses.Value))
		} else if uses != nil { // another repository's reusable workflow
			c.notes = append(c.notes, r.At(c.path, uses.Line))
		}
		jobDir := get(get(get(job[1], "defaults"), "run"), "working-directory")
		steps := get(job[1], "steps")
		if steps == nil {
			continue
		}
		dir := "."
		for _, d := range []*yaml.Node{defaultDir, jobDir} {
			if d != nil {
				dir = path.Clean(d.Value)
			}
		}
		// The matrix jobs whose continue-on-error is true are read apart, their
		// failures ignored; a matrix that leaves none runs no step.
		onError := get(job[1], "continue-on-error")
		notes := len(c.notes) // each part reads the steps: a note of one taken once
		for _, part := range onErrorParts(onError, matrixJobs(get(get(job[1], "strategy"), "matrix")), c.events) {
			matrix := matrixValues(part.jobs)
			maps.Copy(matrix, inputs)
			for _, env := range []*yaml.Node{get(root, "env"), get(job[1], "env")} {
				addEnvValues(matrix, env)
			}
			shell := defaultShell
			if s := get(get(get(job[1], "defaults"), "run"), "shell"); s != nil {
				shell = s
			}
			if on := get(job[1], "runs-on"); shell == nil && windowsRunner(on, matrix) {
				shell = &yaml.Node{Kind: yaml.ScalarNode, Value: "pwsh", Line: on.Line} // the default shell of a Windows runner
			}
			n, wf := len(c.commands), c.path
			c.readSteps(r, steps, dir, shell, part.jobs, matrix, calls, 0)
			markNoCompiler(r, c.commands[n:], wf, jobImage(get(job[1], "container"), "image"))
			if part.ignored {
				c.ignoreFrom(r, n, deref(onError))
			}
			if part.unknown { // their failures may be ignored or not: no evidence either way
				c.unsureFrom(r, n, deref(onError), "its job's")
			}
			c.ignoreFailures(r, n, onError, githubTrue)
		}
		for i := len(c.notes) - 1; i > notes; i-- {
			if slices.Contains(c.notes[notes:i], c.notes[i]) {
				c.notes = slices.Delete(c.notes, i, i+1)
			}
		}
	}
}

// matrixPart is a part of the jobs of a GitHub matrix: those whose
// continue-on-error is true (ignored), those where this audit cannot tell
// (unknown), or the others.
type matrixPart struct {
	jobs             []matrixJob
	ignored, unknown bool
}

// onErrorParts splits jobs, those of a GitHub job's matrix (or those a step of it
// runs in), by the value its continue-on-error (key) takes in each, when that reads
// matrix values: the jobs where it is false, then those where it is true (ignored),
// then those whose values it reads are not known (unknown: a nil job, or a key's
// nil value, see matrixJobs), leaving out a part without jobs. The expression is
// read as matrixIf reads a step's if: in each job, on events, so
// ${{ matrix.experimental }} is the job's value of the key (one the job does not
// set is null, which is false), and ${{ matrix.go == 'tip' }} or
// ${{ matrix.experimental || matrix.os == 'windows' }} are folded too. A key that
// reads no matrix value is one part: a constant is judged by ignoreFailures,
// another expression is not judged, and neither is one that reads another context
// than the matrix in a job.
func onErrorParts(key *yaml.Node, jobs []matrixJob, events []string) []matrixPart {
	key = deref(key)
	parts := []matrixPart{{}, {ignored: true}, {unknown: true}}
	if key == nil || key.Kind != yaml.ScalarNode || !strings.Contains(strings.ToLower(key.Value), "matrix") {
		parts[0].jobs, jobs = jobs, nil
	}
	for _, j := range jobs {
		i := 0
		switch v, known, unresolved := matrixIf(constExpr(key.Value), events, nil, j); {
		case unresolved:
			i = 2
		case known && v:
			i = 1
		}
		parts[i].jobs = append(parts[i].jobs, j)
	}
	return slices.DeleteFunc(parts, func(p matrixPart) bool { return len(p.jobs) == 0 })
}

// ignoreFailures marks the commands from the nth on as ignored when key, a GitHub
// continue-on-error or a GitLab allow_failure, is the constant true (as isTrue reads
// the scalar: githubTrue or gitlabTrue), or a GitLab
// allow_failure: {exit_codes: ...} that lists any exit code (go test, go vet and
// the linters exit 1 on a failure, make 2; a listed code is a failure let go
// either way): their failure fails neither the job nor the pipeline.
func (c *ciFile) ignoreFailures(r *repo.Repo, n int, key *yaml.Node, isTrue func(string) bool) {
	key = deref(key)
	switch {
	case key == nil:
		return
	case key.Kind == yaml.MappingNode:
		codes := deref(get(key, "exit_codes"))
		if codes == nil || codes.Kind == yaml.SequenceNode && len(codes.Content) == 0 {
			return
		}
	case key.Kind != yaml.ScalarNode || !isTrue(key.Value):
		return
	}
	c.ignoreFrom(r, n, key)
}

// ignoreFrom marks the commands from the nth on as ignored at key, a
// continue-on-error or allow_failure that is true where they run, unless they are
// already.
func (c *ciFile) ignoreFrom(r *repo.Repo, n int, key *yaml.Node) {
	at := r.At(c.path, key.Line)
	for i := n; i < len(c.commands); i++ {
		if c.commands[i].ignored == nil {
			c.commands[i].ignored = &at
		}
	}
}

// readSteps reads the steps of a GitHub job, or of a local composite action, run in
// dir with the default shell of the job (nil when unspecified): their run scripts
// and the actions they use, following local composite actions (./path with an
// action.yml) and noting the local actions it cannot read. jobs are those of the
// job's matrix (see matrixJobs; nil for a composite action's steps), whose values
// matrix holds: a step whose if: is false in each (see stepJobs) is kept in
// c.unrun, one whose if: is not known in any because the matrix is not (see
// unsureRun) is read with its commands marked so, and another is read with the
// values of the jobs it may run in.
func (c *ciFile) readSteps(r *repo.Repo, steps *yaml.Node, dir string, shell *yaml.Node, jobs []matrixJob, matrix map[string][]string, calls []map[string]bool, depth int) {
	if steps == nil || steps.Kind != yaml.SequenceNode {
		return
	}
	for _, step := range steps.Content {
		cond := get(step, "if")
		if never(cond, c.events, calls) {
			continue
		}
		values, runIn := matrix, jobs
		var unsure *unsureRun
		if cond != nil && cond.Kind == yaml.ScalarNode && jobs != nil && strings.Contains(strings.ToLower(cond.Value), "matrix") {
			run, maybe := stepJobs(constExpr(cond.Value), jobs, c.events, calls)
			at := r.At(c.path, cond.Line)
			switch {
			case len(run) == 0 && len(maybe) == 0:
				why := "its step's if: " + cond.Value + " is false in every job of its matrix"
				if !slices.ContainsFunc(jobs, func(j matrixJob) bool { return len(j) > 0 }) {
					why = "its step's if: " + cond.Value + " is false: its job has no matrix"
				}
				c.neverStep(r, step, dir, shell, matrix, depth, why)
				continue
			case len(run) == 0:
				unsure = &unsureRun{at: at, why: "its step's if: " + cond.Value + " reads matrix values this audit cannot resolve (a matrix, or an include or value of it, given by an expression such as fromJSON)"}
			}
			if len(run)+len(maybe) < len(jobs) {
				runIn = append(run, maybe...)
				values = withMatrixJobs(matrix, runIn)
			}
		}
		n := len(c.commands)
		c.readRunningStep(r, step, dir, shell, runIn, values, depth)
		for i := n; i < len(c.commands); i++ {
			if unsure != nil {
				c.commands[i].unsure = unsure
			}
		}
	}
}

// readRunningStep reads one step of a GitHub job or composite action whose if: lets it
// run, in jobs, those of the job's matrix it runs in (nil for a composite action's
// step), with the matrix values (see readSteps).
func (c *ciFile) readRunningStep(r *repo.Repo, step *yaml.Node, dir string, shell *yaml.Node, jobs []matrixJob, matrix map[string][]string, depth int) {
	c.addEnv(r, get(step, "env"), true)
	values := matrix // with the step's env over the job's
	if env := get(step, "env"); env != nil {
		values = maps.Clone(matrix)
		if values == nil {
			values = map[string][]string{}
		}
		addEnvValues(values, env)
	}
	// A continue-on-error that reads matrix values: the step is read with the
	// values of the jobs where it is false, then, its failures ignored, with those
	// where it is true, then, marked so, with those where it is not known.
	onError := deref(get(step, "continue-on-error"))
	if jobs == nil {
		jobs = []matrixJob{{}}
	}
	for _, part := range onErrorParts(onError, jobs, c.events) {
		partValues := values
		if len(part.jobs) < len(jobs) {
			partValues = withMatrixJobs(values, part.jobs)
		}
		n := len(c.commands)
		c.readStep(r, step, dir, shell, partValues, depth)
		if part.ignored {
			c.ignoreFrom(r, n, onError)
		}
		if part.unknown {
			c.unsureFrom(r, n, onError, "its step's")
		}
		c.ignoreFailures(r, n, onError, githubTrue)
	}
}

// unsureFrom marks the commands from the nth on, not marked yet, as ones whose
// failures may be ignored or not: whose (whose: "its job's" or "its step's")
// continue-on-error, key, reads matrix values this audit cannot resolve.
func (c *ciFile) unsureFrom(r *repo.Repo, n int, key *yaml.Node, whose string) {
	u := &unsureRun{at: r.At(c.path, key.Line), why: whose + " continue-on-error: " + key.Value + " reads matrix values this audit cannot resolve (a matrix, or an include or value of it, given by an expression such as fromJSON)"}
	for i := n; i < len(c.commands); i++ {
		if c.commands[i].unsure == nil {
			c.commands[i].unsure = u
		}
	}
}

// neverStep reads a step that never runs, whose if: is false in every job of its
// matrix, why says so, into c.unrun: its commands name it when CI lacks one of them.
func (c *ciFile) neverStep(r *repo.Repo, step *yaml.Node, dir string, shell *yaml.Node, matrix map[string][]string, depth int, why string) {
	scratch := &ciFile{ctx: c.ctx, sourced: c.sourced, path: c.path, kind: c.kind, nodes: c.nodes, events: c.events}
	scratch.readRunningStep(r, step, dir, shell, nil, matrix, depth)
	c.nodes, c.stopped = scratch.nodes, cmp.Or(c.stopped, scratch.stopped)
	for _, cmd := range scratch.commands {
		cmd.never = why
		c.unrun = append(c.unrun, cmd)
	}
}

// unsureRun says why this audit cannot tell whether a CI command runs at all, with
// where: the if: of a GitHub step that reads matrix values it cannot resolve.
type unsureRun struct {
	why string
	at  repo.Evidence
}

// stepJobs sorts jobs, those of a GitHub job's matrix (see matrixJobs), by the
// value of a step's if:, cond, in each on a pipeline where nothing fails (see
// matrixIf), with each of calls (see inputCalls): run are those where it may be
// true (true, or not known for another reason than the matrix: it reads another
// context), maybe those where it is not known only because a matrix value it reads
// is not. A job where it is false with each of calls is in neither.
func stepJobs(cond string, jobs []matrixJob, events []string, calls []map[string]bool) (run, maybe []matrixJob) {
	if len(calls) == 0 {
		calls = []map[string]bool{nil}
	}
	for _, j := range jobs {
		unresolved := false
		for _, in := range calls {
			v, known, unknownMatrix := matrixIf(cond, events, in, j)
			switch {
			case unknownMatrix:
				unresolved = true
				continue
			case known && !v:
				continue
			}
			run = append(run, j)
			unresolved = false
			break
		}
		if unresolved {
			maybe = append(maybe, j)
		}
	}
	return run, maybe
}

// withMatrixJobs returns values, the matrix values, env and inputs a step reads
// (see readSteps), with the matrix values of jobs alone.
func withMatrixJobs(values map[string][]string, jobs []matrixJob) map[string][]string {
	out := matrixValues(jobs)
	for k, v := range values {
		if strings.Contains(k, ".") { // env.NAME, inputs.name
			out[k] = v
		}
	}
	return out
}

// readStep reads one step of a GitHub job or composite action (see readSteps).
func (c *ciFile) readStep(r *repo.Repo, step *yaml.Node, dir string, shell *yaml.Node, matrix map[string][]string, depth int) {
	stepDir := dir
	if d := get(step, "working-directory"); d != nil {
		stepDir = path.Clean(d.Value)
	}
	if run := get(step, "run"); run != nil {
		if s := get(step, "shell"); s != nil {
			shell = s
		}
		c.addMatrixScript(r, run, stepDir, shell, matrix)
	}
	uses := get(step, "uses")
	if uses == nil {
		return
	}
	if with := get(step, "with"); with != nil && matrix != nil {
		// The action's inputs as the runner gives them: ${{ matrix.key }}, env and
		// inputs expanded, once for each variant (see matrixVariants).
		var text []string
		for _, kv := range pairs(with) {
			text = append(text, kv[1].Value)
		}
		if expands := matrixVariants(strings.Join(text, "\n"), matrix); len(expands) > 0 {
			for _, expand := range expands {
				c.readStep(r, withInputs(step, expand), dir, shell, nil, depth)
			}
			return
		}
	}
	if strings.HasPrefix(uses.Value, "docker://") {
		c.dockerStep(r, step, uses)
		return
	}
	name, _, _ := strings.Cut(uses.Value, "@")
	if v := get(get(step, "with"), "install-only"); name == "golangci/golangci-lint-action" && v != nil && v.Kind == yaml.ScalarNode && constExpr(v.Value) == "true" {
		return // the action only installs golangci-lint: it runs nothing
	}
	if run, ok := actions[name]; ok {
		// An action runs at the root of the checkout: working-directory, the step's
		// or defaults.run's, applies to run steps only; the action's own input moves it.
		words, actionDir := run.words, "."
		if args := get(get(step, "with"), run.args); args != nil && args.Kind == yaml.ScalarNode { // golangci-lint-action's flags
			words = append(slices.Clip(words), strings.Fields(args.Value)...)
		}
		if d := get(get(step, "with"), run.dir); d != nil && d.Kind == yaml.ScalarNode && d.Value != "" { // and where it runs
			actionDir = path.Clean(d.Value) // the action's input, from the root of the repository
		}
		cmd := command{words: words, env: map[string]string{}, at: r.At(c.path, uses.Line), dir: actionDir}
		if run.reviewdog {
			cmd.ignored = reviewdogIgnores(r, c.path, step)
		}
		c.commands = append(c.commands, cmd)
	}
	if name == "docker/build-push-action" || name == "depot/build-push-action" { // Depot's takes docker's inputs
		c.commands = append(c.commands, command{words: buildPushWords(get(step, "with")), env: map[string]string{}, at: r.At(c.path, uses.Line), dir: "."})
	}
	if name == "docker/bake-action" {
		words, dir := bakeWords(get(step, "with"))
		c.commands = append(c.commands, command{words: words, env: map[string]string{}, at: r.At(c.path, uses.Line), dir: dir})
	}
	if strings.HasPrefix(name, "./") {
		c.localAction(r, path.Clean(name), uses, dir, depth)
	}
}

// withInputs returns a copy of step, a GitHub step that uses an action, whose
// with: values are those expand gives.
func withInputs(step *yaml.Node, expand func(string) string) *yaml.Node {
	out := *step
	out.Content = slices.Clone(step.Content)
	for i := 0; i+1 < len(out.Content); i += 2 {
		if out.Content[i].Value != "with" {
			continue
		}
		with := *out.Content[i+1]
		with.Content = slices.Clone(with.Content)
		for k := 1; k < len(with.Content); k += 2 {
			if v := with.Content[k]; v.Kind == yaml.ScalarNode {
				expanded := *v
				expanded.Value = expand(v.Value)
				with.Content[k] = &expanded
			}
		}
		out.Content[i+1] = &with
	}
	return &out
}

// dockerStep reads a step that runs a container image (uses: docker://IMAGE) in
// the root of the checkout: its args as the command (the image's own entrypoint,
// when it has one, would take them as its arguments: go and golangci-lint's
// images have none), or, with an entrypoint of sh or bash and args -c SCRIPT, the
// script. A step without args, or with another entrypoint, is noted as not read.
func (c *ciFile) dockerStep(r *repo.Repo, step, uses *yaml.Node) {
	with := get(step, "with")
	args, entry := get(with, "args"), get(with, "entrypoint")
	if args == nil || args.Kind != yaml.ScalarNode || strings.TrimSpace(args.Value) == "" || entry != nil && entry.Kind != yaml.ScalarNode {
		c.notes = append(c.notes, r.At(c.path, uses.Line))
		return
	}
	at := r.At(c.path, args.Line)
	var cmds []command
	switch {
	case entry != nil && strings.TrimSpace(entry.Value) != "":
		e := path.Base(strings.TrimSpace(entry.Value))
		words := splitCommands(args.Value)
		if e != "sh" && e != "bash" || len(words) != 1 || len(words[0].words) != 2 || words[0].words[0] != "-c" {
			c.notes = append(c.notes, r.At(c.path, uses.Line))
			return
		}
		cmds = scriptAt(words[0].words[1], at, ".")
		// sh -c or bash -c, without -e: bash reads it as bash does (set -e not in a
		// command substitution), and runs a script without a shebang in a new bash
		inBash, bashRuns := bashModes([]string{e})
		dropFailures(cmds, shellState{bash: inBash, bashRuns: bashRuns}, words[0].words[1])
		var never []command
		cmds, never = live(cmds)
		c.unrun = append(c.unrun, never...)
	default:
		cmds = splitCommands(args.Value) // the words of one command: no shell reads them
		if len(cmds) != 1 || cmds[0].piped || cmds[0].andThen || cmds[0].orElse || cmds[0].background {
			c.notes = append(c.notes, r.At(c.path, uses.Line))
			return
		}
		cmds[0].at, cmds[0].dir = at, "."
	}
	c.commands = append(c.commands, cmds...)
}

// localAction reads the local action at dir (relative to the repository) that a
// step uses at uses: the steps of a composite action; any other action, or one
// that cannot be read, is noted.
func (c *ciFile) localAction(r *repo.Repo, dir string, uses *yaml.Node, runDir string, depth int) {
	var src []byte
	file := ""
	for _, name := range []string{"action.yml", "action.yaml"} {
		if b, ok := r.ReadFile(path.Join(dir, name)); ok {
			src, file = b, path.Join(dir, name)
			break
		}
	}
	var doc yaml.Node
	if file == "" || depth > 3 || yaml.Unmarshal(src, &doc) != nil || !c.within(&doc) || len(doc.Content) == 0 ||
		get(get(doc.Content[0], "runs"), "using") == nil || get(get(doc.Content[0], "runs"), "using").Value != "composite" {
		c.notes = append(c.notes, r.At(c.path, uses.Line))
		return
	}
	outer := c.path
	c.path = file
	c.readSteps(r, get(get(doc.Content[0], "runs"), "steps"), runDir, nil, nil, nil, nil, depth+1)
	c.path = outer
}

// buildPushWords returns the docker build that docker/build-push-action runs with
// the inputs with.
func buildPushWords(with *yaml.Node) []string {
	words := []string{"docker", "buildx", "build"}
	for _, in := range []struct{ key, flag string }{{"file", "--file"}, {"target", "--target"}, {"tags", "--tag"}} {
		if v := get(with, in.key); v != nil && v.Kind == yaml.ScalarNode && v.Value != "" {
			words = append(words, in.flag, strings.TrimSpace(v.Value))
		}
	}
	if v := get(with, "build-args"); v != nil && v.Kind == yaml.ScalarNode {
		for _, arg := range strings.Split(v.Value, "\n") { // a list input: one a line
			if arg = strings.TrimSpace(arg); arg != "" {
				words = append(words, "--build-arg", arg)
			}
		}
	}
	if v := get(with, "push"); v != nil && v.Value != "false" {
		words = append(words, "--push")
	}
	context := "."
	if v := get(with, "context"); v != nil && v.Kind == yaml.ScalarNode {
		context = v.Value
	}
	return append(words, context)
}

// bakeWords returns the docker buildx bake that docker/bake-action runs with the
// inputs with, and the directory it runs in (workdir). A source other than the
// repository's own is a --set this audit does not follow.
func bakeWords(with *yaml.Node) ([]string, string) {
	words := []string{"docker", "buildx", "bake"}
	list := func(key string) []string { // a list input: one a line, or comma-separated
		v := get(with, key)
		if v == nil || v.Kind != yaml.ScalarNode {
			return nil
		}
		return strings.FieldsFunc(v.Value, func(r rune) bool { return r == '\n' || r == ',' })
	}
	for _, f := range list("files") {
		words = append(words, "--file", strings.TrimSpace(f))
	}
	for _, s := range list("set") {
		words = append(words, "--set", strings.TrimSpace(s))
	}
	if v := get(with, "source"); v != nil && v.Value != "." && v.Value != "{{defaultContext}}" {
		words = append(words, "--set", "source="+v.Value)
	}
	for _, key := range []string{"push", "load"} {
		if v := get(with, key); v != nil && v.Value == "true" {
			words = append(words, "--"+key)
		}
	}
	for _, t := range list("targets") {
		if t = strings.TrimSpace(t); t != "" {
			words = append(words, t)
		}
	}
	dir := "."
	if v := get(with, "workdir"); v != nil && v.Kind == yaml.ScalarNode {
		dir = path.Clean(v.Value)
	}
	return words, dir
}

// skippedJobs returns the jobs of a GitHub workflow that never run: those whose if:
// is the constant false, and those that need a job that never runs, unless their if:
// calls a status function (always(), failure(), cancelled(), success() with needs
// of its own): GitHub skips a job whose needs were skipped.
func skippedJobs(jobs *yaml.Node, events []string, calls []map[string]bool) map[string]bool {
	skipped := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for _, job := range pairs(jobs) {
			name := job[0].Value
			if skipped[name] {
				continue
			}
			cond := get(job[1], "if")
			skip := never(cond, events, calls)
			if !skip && (cond == nil || !statusFunc.MatchString(cond.Value)) {
				skip = slices.ContainsFunc(scripts(get(job[1], "needs")), func(n *yaml.Node) bool { return skipped[n.Value] })
			}
			if skip {
				skipped[name], changed = true, true
			}
		}
	}
	return skipped
}

// statusFunc matches the status functions of a GitHub if: that run a job whose needs
// were skipped.
var statusFunc = regexp.MustCompile(`\b(always|failure|cancelled)\s*\(`)

// workflowEvents returns the events a GitHub on: value lists, or nil when it lists
// none or workflow_call (the caller's event is the run's).
func workflowEvents(on *yaml.Node) []string {
	events := onEvents(on)
	if slices.Contains(events, "workflow_call") || slices.Contains(events, "") {
		return nil
	}
	return events
}

// onEvents returns the events a GitHub on: value lists (a name, a list of names, or
// a map keyed by them).
func onEvents(on *yaml.Node) []string {
	var events []string
	switch {
	case on == nil:
	case on.Kind == yaml.ScalarNode:
		events = []string{on.Value}
	case on.Kind == yaml.SequenceNode:
		for _, e := range on.Content {
			events = append(events, e.Value)
		}
	case on.Kind == yaml.MappingNode:
		for _, kv := range pairs(on) {
			events = append(events, kv[0].Value)
		}
	}
	return events
}

// filteredOut returns why the triggers of a GitHub on: value never start the
// workflow for a push or pull request that changes only goFiles (the repository's
// Go files, go.mod, go.sum, go.work), with the line of the first filter that says
// so; "" when one may. Only filters that surely leave every such change out count,
// and only when every trigger is push, pull_request or pull_request_target with
// such a filter (workflow_dispatch, started by hand, aside): a branches-ignore of
// '**'; a push with tags or tags-ignore and no branches filter, which runs for tags
// alone; a paths filter none of whose patterns matches a Go file or a directory
// holding one (GitHub starts the workflow only when a changed path matches one);
// a paths-ignore filter without ! patterns that matches every Go file (GitHub skips
// the workflow when every changed path matches). A pattern with a character of
// GitHub's filter syntax other than * and ** (?, +, [, \) may match anything.
func filteredOut(on *yaml.Node, goFiles []string) (string, int) {
	if on == nil || on.Kind != yaml.MappingNode || len(goFiles) == 0 {
		return "", 0
	}
	var why []string
	line := 0
	for _, kv := range pairs(on) {
		switch kv[0].Value {
		case "workflow_dispatch":
			continue
		case "push", "pull_request", "pull_request_target":
		default:
			return "", 0
		}
		w, at := eventFilteredOut(kv[0].Value, kv[1], goFiles)
		if w == "" {
			return "", 0
		}
		why = append(why, kv[0].Value+" "+w)
		if line == 0 {
			line = at
		}
	}
	if len(why) == 0 {
		return "", 0
	}
	return strings.Join(why, "; "), line
}

// eventFilteredOut returns why the filters of the push or pull_request trigger event,
// whose settings are cfg, leave out every change of goFiles alone, with the line of
// the filter, or "": see filteredOut.
func eventFilteredOut(event string, cfg *yaml.Node, goFiles []string) (string, int) {
	if cfg == nil || cfg.Kind != yaml.MappingNode {
		return "", 0
	}
	list := func(key string) (*yaml.Node, []string) {
		n := get(cfg, key)
		if n == nil {
			return nil, nil
		}
		var out []string
		for _, v := range scripts(n) {
			out = append(out, v.Value)
		}
		return n, out
	}
	if n, ignored := list("branches-ignore"); slices.Contains(ignored, "**") {
		return "has branches-ignore: '**', which leaves out every branch", n.Line
	}
	if event == "push" && get(cfg, "branches") == nil && get(cfg, "branches-ignore") == nil {
		for _, key := range []string{"tags", "tags-ignore"} {
			if n := get(cfg, key); n != nil {
				return "has " + key + " and no branches filter, so it runs for pushed tags alone", n.Line
			}
		}
	}
	if n, paths := list("paths"); n != nil && len(paths) > 0 {
		for _, pat := range paths {
			if strings.HasPrefix(pat, "!") {
				continue // a negation only leaves more out
			}
			re, ok := pathFilter(pat)
			if !ok || slices.ContainsFunc(goFiles, func(f string) bool {
				for d := f; d != "."; d = path.Dir(d) {
					if re.MatchString(d) {
						return true
					}
				}
				return false
			}) {
				return "", 0
			}
		}
		return "has a paths filter (" + strings.Join(paths, ", ") + ") that matches none of the repository's Go files, go.mod or go.sum, so a change of them alone does not start it", n.Line
	}
	if n, paths := list("paths-ignore"); n != nil && len(paths) > 0 {
		var res []*regexp.Regexp
		for _, pat := range paths {
			re, ok := pathFilter(pat)
			if !ok || strings.HasPrefix(pat, "!") {
				return "", 0
			}
			res = append(res, re)
		}
		if !slices.ContainsFunc(goFiles, func(f string) bool {
			return !slices.ContainsFunc(res, func(re *regexp.Regexp) bool { return re.MatchString(f) })
		}) {
			return "has a paths-ignore filter (" + strings.Join(paths, ", ") + ") that matches every Go file of the repository, go.mod and go.sum, so a change of them alone does not start it", n.Line
		}
	}
	return "", 0
}

// pathFilter returns the regular expression of a pattern of a GitHub paths or
// paths-ignore filter (a leading ! aside) made of literal characters, * (any
// characters but /) and ** (any characters); false for one with another special
// character of GitHub's filter syntax (?, +, [, ], \), which is not read.
func pathFilter(pat string) (*regexp.Regexp, bool) {
	pat = strings.TrimPrefix(pat, "!")
	if pat == "" || strings.ContainsAny(pat, "?+[]\\") {
		return nil, false
	}
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(pat); i++ {
		switch {
		case strings.HasPrefix(pat[i:], "**"):
			b.WriteString(".*")
			i++
		case pat[i] == '*':
			b.WriteString("[^/]*")
		default:
			b.WriteString(regexp.QuoteMeta(pat[i : i+1]))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	return re, err == nil
}

// goFiles returns the paths of the repository's Go files, go.mod, go.sum and go.work
// files read during discovery.
func goFiles(r *repo.Repo) []string {
	return slices.DeleteFunc(r.Paths(), func(f string) bool {
		base := path.Base(f)
		return !strings.HasSuffix(base, ".go") && base != "go.mod" && base != "go.sum" && base != "go.work"
	})
}

// onlyOn reports whether a GitHub on: value holds event and no other trigger.
func onlyOn(on *yaml.Node, event string) bool {
	events := onEvents(on)
	return len(events) > 0 && !slices.ContainsFunc(events, func(e string) bool { return e != event })
}

// matrixJob is one job of a GitHub strategy.matrix: the value of each of its keys,
// nil for a key whose values are an expression this audit does not read. A nil
// matrixJob stands for jobs whose values are not known at all.
type matrixJob map[string]*yaml.Node

// maxMatrixJobs is the most jobs GitHub runs for one matrix; it refuses a larger
// one.
const maxMatrixJobs = 256

// matrixJobs returns the jobs GitHub runs for a job's strategy.matrix: the
// combinations of the values its keys list, less those an exclude entry matches
// (each key the entry names holds its value), then the include entries, each
// added to every combination whose listed values it leaves as they are, or a job
// of its own when it fits none. A key whose values are an expression stands for
// a value this audit does not know, which no exclude entry matches and every
// include entry fits. Without a matrix, it is one job without values; past
// maxMatrixJobs combinations, each listed value is a job of its own (the include
// entries added as above), and the exclude entries are not applied. A
// matrix that is an expression (${{ fromJSON(...) }}) is a nil job, and so is what
// an include that is one may add, or the combinations past maxMatrixJobs.
func matrixJobs(m *yaml.Node) []matrixJob {
	if m = deref(m); m != nil && m.Kind != yaml.MappingNode && m.ShortTag() != "!!null" {
		return []matrixJob{nil}
	}
	var jobs, single []matrixJob
	var include, exclude []*yaml.Node
	var listed []string
	unknown := false // jobs whose values are not known may run too
	for _, kv := range pairs(m) {
		key := kv[0].Value
		if key == "include" || key == "exclude" {
			if kv[1].Kind == yaml.SequenceNode && key == "include" {
				include = kv[1].Content
			} else if kv[1].Kind == yaml.SequenceNode {
				exclude = kv[1].Content
			} else if key == "include" {
				unknown = true
			}
			continue
		}
		values := []*yaml.Node{nil}
		if kv[1].Kind == yaml.SequenceNode {
			values = kv[1].Content
		}
		if len(listed) == 0 {
			jobs = []matrixJob{{}}
		}
		listed = append(listed, key)
		var next []matrixJob
		for _, j := range jobs {
			for _, v := range values {
				if len(next) < maxMatrixJobs {
					next = append(next, maps.Clone(j))
					next[len(next)-1][key] = v
				}
			}
		}
		if len(jobs)*len(values) > maxMatrixJobs {
			next = nil // GitHub refuses the matrix: read each value alone
		}
		jobs = next
		for _, v := range values {
			single = append(single, matrixJob{key: v})
		}
	}
	if jobs == nil && len(single) > 0 {
		jobs, exclude, unknown = single, nil, true
	}
	same := func(a, b *yaml.Node) bool {
		return a != nil && b != nil && a.Kind == yaml.ScalarNode && b.Kind == yaml.ScalarNode && a.Value == b.Value
	}
	jobs = slices.DeleteFunc(jobs, func(j matrixJob) bool {
		return slices.ContainsFunc(exclude, func(e *yaml.Node) bool {
			entry := pairs(e)
			return len(entry) > 0 && !slices.ContainsFunc(entry, func(kv [2]*yaml.Node) bool { return !same(j[kv[0].Value], kv[1]) })
		})
	})
	var added []matrixJob
	for _, e := range include {
		entry := pairs(e)
		fits := false
		for _, j := range jobs {
			if slices.ContainsFunc(entry, func(kv [2]*yaml.Node) bool {
				v, ok := j[kv[0].Value]
				return ok && v != nil && slices.Contains(listed, kv[0].Value) && !same(v, kv[1])
			}) {
				continue // it would change a listed value of j
			}
			fits = true
			for _, kv := range entry {
				j[kv[0].Value] = kv[1]
			}
		}
		if !fits && len(entry) > 0 {
			j := matrixJob{}
			for _, kv := range entry {
				j[kv[0].Value] = kv[1]
			}
			added = append(added, j)
		}
	}
	jobs = append(jobs, added...)
	if unknown {
		jobs = append(jobs, nil)
	}
	if len(listed) == 0 && len(jobs) == 0 {
		return []matrixJob{{}}
	}
	return jobs
}

// matrixValues returns the values each key of a job's strategy.matrix takes in
// the jobs GitHub runs (see matrixJobs), those of scalars, in the order they
// first appear.
func matrixValues(jobs []matrixJob) map[string][]string {
	out := map[string][]string{}
	for _, j := range jobs {
		for k, v := range j {
			if v != nil && v.Kind == yaml.ScalarNode && !slices.Contains(out[k], v.Value) {
				out[k] = append(out[k], v.Value)
			}
		}
	}
	return out
}

// matrixRef matches a ${{ matrix.key }}, ${{ env.NAME }} or ${{ inputs.name }}
// expression; refKey gives its key in the values of addMatrixScript.
var matrixRef = regexp.MustCompile(`\$\{\{\s*(matrix|env|inputs)\.([A-Za-z0-9_-]+)\s*\}\}`)

// refKey returns the key of a match of matrixRef: the matrix key, or env.NAME or
// inputs.name.
func refKey(m []string) string {
	if m[1] == "matrix" {
		return m[2]
	}
	return m[1] + "." + m[2]
}

// githubPredefined and gitlabPredefined are the variables that a GitHub Actions
// runner and a GitLab runner set in the environment of every job, whatever the CI
// file says (an env: or variables: of the same name replaces them): those that
// tell a CI run, such as a Makefile's ifdef CI. ${{ env.CI }} does not see them: the
// env context holds only the env: of the workflow, job and step.
var (
	githubPredefined = map[string]string{"CI": "true", "GITHUB_ACTIONS": "true"}
	gitlabPredefined = map[string]string{"CI": "true", "GITLAB_CI": "true"}
)

// withEnv gives cmds, the commands of one script, the variables of its GitHub env:
// (env.NAME in values, see addEnvValues), as the shell sees them ($NAME) where the
// script does not assign them before (see command.envVars), over those every
// runner sets (see githubPredefined). The commands share one map of them.
func withEnv(cmds []command, values map[string][]string) {
	own := map[string]string{}
	for k, v := range values {
		if name, ok := strings.CutPrefix(k, "env."); ok && len(v) == 1 {
			own[name] = v[0]
		}
	}
	env := maps.Clone(githubPredefined)
	maps.Copy(env, own)
	withCIEnv(cmds, env)
	for i := range cmds {
		cmds[i].envVars = own
	}
}

// jobImage returns the image a CI job runs in as n, its GitLab image: or GitHub
// container: key, gives it: a string, or the key field of a mapping (GitLab's name:,
// GitHub's image:); nil when n names none.
func jobImage(n *yaml.Node, field string) *yaml.Node {
	n = deref(n)
	if n != nil && n.Kind == yaml.MappingNode {
		n = deref(get(n, field))
	}
	if n == nil || n.Kind != yaml.ScalarNode {
		return nil
	}
	return n
}

// markNoCompiler marks the commands of one CI job, cmds in the order they run, that
// run in its image (image, in the file at p) with no C compiler: it is a golang
// alpine image (see golangAlpine), and no command of the job before them installs
// one (apk add build-base; see installsOne), as for a Dockerfile stage (see
// stage.noCompiler). The go command then turns cgo off, and refuses -race.
func markNoCompiler(r *repo.Repo, cmds []command, p string, image *yaml.Node) {
	if image == nil || !golangAlpine(image.Value) {
		return
	}
	at := setting{key: "image", value: image.Value, at: r.At(p, image.Line)}
	for i := range cmds {
		if installsOne(cmds[i], cCompilers) {
			return
		}
		cmds[i].noCompiler = &at
	}
}

// inheritJob gives the commands out that cmd runs (the recipes of the make targets
// it runs, a task runner's commands) the ciUnset of cmd, and its noCompiler, up to
// the first that installs a C compiler: they run in the same job and image.
func inheritJob(out []command, cmd command) {
	for i := range out {
		out[i].ciUnset = cmd.ciUnset
	}
	if cmd.noCompiler == nil {
		return
	}
	for i := range out {
		if installsOne(out[i], cCompilers) {
			return
		}
		out[i].noCompiler = cmd.noCompiler
	}
}

// withCIEnv gives cmds, the commands of one script, the variables env that the CI
// puts in the environment of its shell (see command.ciEnv; a bare assignment of the
// script before a command changes the value the command's children see: see
// command.ciValue). A command after a cd to a directory one of them names is placed
// there (see command.placeWith).
func withCIEnv(cmds []command, env map[string]string) {
	if len(env) == 0 {
		return
	}
	for i := range cmds {
		cmds[i].placeWith(env)
		cmds[i].ciEnv = maps.Clone(env)
	}
}

// addEnvValues sets in values the variables of a GitHub env: mapping as env.NAME,
// over those set before (a step's env over its job's, a job's over the workflow's).
func addEnvValues(values map[string][]string, env *yaml.Node) {
	for _, kv := range pairs(env) {
		if kv[1].Kind == yaml.ScalarNode {
			values["env."+kv[0].Value] = []string{kv[1].Value}
		}
	}
}

// inputValues returns the values each input of a reusable workflow (on:
// workflow_call: inputs:) takes, as inputs.name: the with: of each job of another
// workflow of the repository that calls it, else the input's default, else empty;
// when other events trigger it too, the empty value they give it as well. A call
// whose with: is an expression gives that expression, which stays one this audit
// cannot expand.
func (c *ciFile) inputValues(r *repo.Repo, on *yaml.Node) map[string][]string {
	declared := get(get(on, "workflow_call"), "inputs")
	if declared == nil {
		return nil
	}
	out := map[string][]string{}
	add := func(name, v string) {
		if !slices.Contains(out["inputs."+name], v) {
			out["inputs."+name] = append(out["inputs."+name], v)
		}
	}
	for _, f := range r.CI {
		src, ok := r.ReadFile(f.Path)
		var doc yaml.Node
		if f.Kind != repo.GitHub || f.Path == c.path || !ok || yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 || !c.within(&doc) {
			continue
		}
		for _, job := range pairs(get(doc.Content[0], "jobs")) {
			if uses := get(job[1], "uses"); uses == nil || path.Clean(uses.Value) != c.path {
				continue
			}
			with := get(job[1], "with")
			for _, in := range pairs(declared) {
				switch v, d := get(with, in[0].Value), get(in[1], "default"); {
				case v != nil && v.Kind == yaml.ScalarNode:
					add(in[0].Value, v.Value)
				case d != nil && d.Kind == yaml.ScalarNode:
					add(in[0].Value, d.Value)
				default:
					add(in[0].Value, "")
				}
			}
		}
	}
	if !c.callOnly { // a push or pull request leaves the inputs empty
		for _, in := range pairs(declared) {
			add(in[0].Value, "")
		}
	}
	return out
}

// maxMatrixRuns bounds the variants of a script read for a matrix.
const maxMatrixRuns = 32

// addMatrixScript adds the commands of a run script once for each value of each
// matrix key, env variable or workflow input it names (see matrixRef) (a key's values one after the other, each other key at its
// first value: every value of every key is read at least once).
func (c *ciFile) addMatrixScript(r *repo.Repo, n *yaml.Node, dir string, shell *yaml.Node, matrix map[string][]string) {
	expands := matrixVariants(n.Value+"\n"+dir, matrix) // working-directory: ${{ matrix.module }} too
	if len(expands) == 0 {
		k := len(c.commands)
		c.addScript(r, n, dir)
		withEnv(c.commands[k:], matrix)
		c.runFailures(r, k, n.Value, shell)
		c.dropUnrun(r, k, shell)
		return
	}
	for _, expand := range expands {
		text := expand(n.Value)
		variant := *n
		variant.Value = text
		k := len(c.commands)
		c.addScript(r, &variant, path.Clean(expand(dir)))
		withEnv(c.commands[k:], matrix)
		c.runFailures(r, k, text, shell)
		c.dropUnrun(r, k, shell)
	}
}

// matrixVariants returns a function for each variant of text to read: it replaces
// the ${{ }} of each matrix key, env variable or workflow input that text names
// (see matrixRef) with one of its values (a key's values one after the other, each
// other key at its first value: every value of every key is read at least once),
// at most maxMatrixRuns of them; none when text names none that matrix holds.
func matrixVariants(text string, matrix map[string][]string) []func(string) string {
	var keys []string
	for _, m := range matrixRef.FindAllStringSubmatch(text, -1) {
		if k := refKey(m); len(matrix[k]) > 0 && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	var out []func(string) string
	for i, key := range keys {
		for j, v := range matrix[key] {
			if len(out) == maxMatrixRuns {
				return out
			}
			if j == 0 && i > 0 {
				continue // every key at its first value: read once, with the first key
			}
			out = append(out, func(s string) string {
				return matrixRef.ReplaceAllStringFunc(s, func(ref string) string {
					k := refKey(matrixRef.FindStringSubmatch(ref))
					switch {
					case k == key:
						return v
					case len(matrix[k]) > 0:
						return matrix[k][0]
					}
					return ref
				})
			})
		}
	}
	return out
}

// runFailures marks the commands of a GitHub run script, c.commands[n:], whose
// failure cannot fail the step, which takes the script's exit status: with pipefail
// off, a command that pipes into another (GitHub runs an unspecified shell as
// bash -e {0} and sh as sh -e {0}, without pipefail; shell: bash as bash -eo
// pipefail), and with errexit off (after set +e, or under a template such as
// bash {0}), any command but the script's last (see dropFailures). PowerShell
// (pwsh, powershell, the default shell of a Windows runner) goes on after a
// native command fails and exits with the status of the last one, unless the
// script sets $PSNativeCommandUseErrorActionPreference = $true (pwsh 7.3 on)
// with $ErrorActionPreference = 'Stop' (which GitHub prepends to the scripts of
// its built-in pwsh and powershell, not to a template's); cmd always goes on. Their
// pipes are not judged. The scripts of other shells (python, a shell from an
// expression) are not judged.
func (c *ciFile) runFailures(r *repo.Repo, n int, script string, shell *yaml.Node) {
	cmds := c.commands[n:]
	if len(cmds) == 0 {
		return
	}
	errexit, pipefail, bash, bashRuns := true, false, true, true // bash -e {0}, but on Windows
	var off *repo.Evidence                                       // where errexit is turned off
	var shellAt *repo.Evidence
	var start shellStart // a template's, which dash may refuse
	if shell = deref(shell); shell != nil {
		bash, bashRuns = false, false
		at := r.At(c.path, shell.Line)
		shellAt = &at
		v := strings.TrimSpace(shell.Value)
		words := strings.Fields(v)
		switch {
		case v == "bash":
			pipefail, bash, bashRuns = true, true, true
		case v == "sh":
		case len(words) > 1 && (path.Base(words[0]) == "bash" || path.Base(words[0]) == "sh") && strings.Contains(v, "{0}"):
			bash, bashRuns = bashModes(words)
			start = shellStart{words: v, at: at}
			errexit = false // a template runs the shell with its own options only
			errexit, pipefail = setOptions(words[1:], errexit, pipefail)
			if !errexit {
				off = shellAt
			}
		case v == "pwsh" || v == "powershell" || len(words) > 1 && slices.Contains([]string{"pwsh", "powershell", "pwsh.exe", "powershell.exe"}, strings.ToLower(path.Base(words[0]))) && strings.Contains(v, "{0}"):
			builtin := !strings.Contains(v, "{0}")
			pipefail = true // not judged
			errexit = strings.HasPrefix(strings.ToLower(path.Base(words[0])), "pwsh") && psNativeStops.MatchString(script) &&
				(builtin && !psNotStop.MatchString(script) || psStop.MatchString(script))
			if !errexit {
				off = shellAt
			}
		case v == "cmd" || len(words) > 1 && slices.Contains([]string{"cmd", "cmd.exe"}, strings.ToLower(path.Base(words[0]))):
			errexit, pipefail, off = false, true, shellAt // cmd goes on after a failure: only the last command's status counts
		default:
			return
		}
	}
	if _, posix := cmds[0].ciEnv["POSIXLY_CORRECT"]; posix {
		bash = false // POSIXLY_CORRECT in the env: bash starts in POSIX mode
	}
	dropFailures(cmds, shellState{errexit: errexit, pipefail: pipefail, off: off, shellAt: shellAt, bash: bash, bashRuns: bashRuns, start: start}, script)
}

// dropUnrun leaves out of c.commands[n:], the commands of a GitHub run script, those
// that its shell never runs (see unrun), when it is sh or bash: the unspecified one
// of a runner other than Windows, or one named, with or without a template.
func (c *ciFile) dropUnrun(r *repo.Repo, n int, shell *yaml.Node) {
	if shell = deref(shell); shell != nil {
		words := strings.Fields(shell.Value)
		if len(words) == 0 || path.Base(words[0]) != "bash" && path.Base(words[0]) != "sh" || len(words) > 1 && !strings.Contains(shell.Value, "{0}") {
			return
		}
	}
	c.keepRun(r, n)
}

// keepRun leaves out of c.commands[n:], the commands of one shell script, those
// that the shell never runs (see unrun), keeping them in c.unrun, and marks those
// after a . or source that changes the shell (see markSourced).
func (c *ciFile) keepRun(r *repo.Repo, n int) {
	run, never := live(c.commands[n:])
	if err := markSourced(c.ctx, r, run, c.sourced); err != nil {
		c.stopped = err
	}
	c.commands = append(c.commands[:n], run...)
	c.unrun = append(c.unrun, never...)
}

// psNativeStops matches a PowerShell assignment that makes a native command's
// failure an error; psStop and psNotStop one of $ErrorActionPreference that makes
// errors stop the script or not. PowerShell's names are case-insensitive.
var (
	psNativeStops = regexp.MustCompile(`(?im)^\s*\$PSNativeCommandUseErrorActionPreference\s*=\s*\$true\b`)
	psStop        = regexp.MustCompile(`(?im)^\s*\$ErrorActionPreference\s*=\s*['"]?stop\b`)
	psNotStop     = regexp.MustCompile(`(?im)^\s*\$ErrorActionPreference\s*=\s*['"]?(continue|silentlycontinue|ignore|inquire)\b`)
)

// windowsRunner reports whether a GitHub job's runs-on (a label, a list of labels,
// a group with labels, or an expression of a matrix key whose values are all
// such) names only Windows machines: their default shell is pwsh.
func windowsRunner(on *yaml.Node, matrix map[string][]string) bool {
	on = deref(on)
	if l := get(on, "labels"); l != nil {
		on = deref(l)
	}
	label := func(v string) bool {
		v = strings.ToLower(strings.TrimSpace(v))
		return v == "windows" || strings.HasPrefix(v, "windows-")
	}
	switch {
	case on == nil:
		return false
	case on.Kind == yaml.SequenceNode:
		return slices.ContainsFunc(on.Content, func(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && label(n.Value) })
	case on.Kind != yaml.ScalarNode:
		return false
	case strings.Contains(on.Value, "${{"):
		m := matrixRef.FindStringSubmatch(on.Value)
		if m == nil || strings.TrimSpace(on.Value) != m[0] {
			return false
		}
		vals := matrix[refKey(m)]
		return len(vals) > 0 && !slices.ContainsFunc(vals, func(v string) bool { return !label(v) })
	}
	return label(on.Value)
}

// setOptions returns errexit and pipefail as the arguments of a set command (or a
// shell's options) leave them: -e and +e, -o errexit, -o pipefail and their +o,
// in any grouping (-euo pipefail); long options (--noprofile) are passed over.
func setOptions(args []string, errexit, pipefail bool) (bool, bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if len(a) < 2 || a[0] != '-' && a[0] != '+' || strings.HasPrefix(a, "--") {
			continue
		}
		on := a[0] == '-'
		for _, f := range a[1:] {
			switch f {
			case 'e':
				errexit = on
			case 'o':
				if i+1 < len(args) {
					i++
					switch args[i] {
					case "errexit":
						errexit = on
					case "pipefail":
						pipefail = on
					}
				}
			}
		}
	}
	return errexit, pipefail
}

// never reports whether a GitHub if: condition is false on a pipeline where
// nothing fails (see greenIf): constant false (false, "false", ${{ false }},
// false && x, !true), or true only after a failure or cancellation (failure(),
// cancelled()), or a comparison of github.event_name with an event that events,
// those of the workflow when known, leave out, or false on each of calls, the
// values of a reusable workflow's boolean inputs (see inputCalls). The job or
// step never runs there, so its checks gate nothing.
func never(cond *yaml.Node, events []string, calls []map[string]bool) bool {
	if cond == nil || cond.Kind != yaml.ScalarNode {
		return false
	}
	if len(calls) == 0 {
		calls = []map[string]bool{nil}
	}
	for _, in := range calls {
		if v, known := greenIf(constExpr(cond.Value), events, in); !known || v {
			return false
		}
	}
	return true
}

// inputCalls returns the values the boolean inputs (type: boolean) of a reusable
// workflow, whose on: is on, take on its runs, by name in lower case: each
// combination of the values of inputs (see inputValues), true or false, an empty
// one false (null: a call or trigger that gives none, with no default). An input
// given an expression is left out, and so are all past maxMatrixRuns
// combinations: an if: that reads them is not folded.
func inputCalls(on *yaml.Node, inputs map[string][]string) []map[string]bool {
	calls := []map[string]bool{{}}
	for _, in := range pairs(get(get(on, "workflow_call"), "inputs")) {
		if t := get(in[1], "type"); t == nil || t.Value != "boolean" {
			continue
		}
		var values []bool
		for _, v := range inputs["inputs."+in[0].Value] {
			if v = strings.TrimSpace(v); v != "true" && v != "false" && v != "" {
				values = nil // an expression
				break
			}
			if !slices.Contains(values, v == "true") {
				values = append(values, v == "true")
			}
		}
		if len(values) == 0 || len(calls)*len(values) > maxMatrixRuns {
			continue
		}
		var next []map[string]bool
		for _, call := range calls {
			for _, b := range values {
				call := maps.Clone(call)
				call[strings.ToLower(in[0].Value)] = b
				next = append(next, call)
			}
		}
		calls = next
	}
	return calls
}

// constExpr returns v, a GitHub value, trimmed and without the ${{ }} of an
// expression around it: ${{ true }} is the constant true.
func constExpr(v string) string {
	v = strings.TrimSpace(v)
	if inner, ok := strings.CutPrefix(v, "${{"); ok {
		if inner, ok = strings.CutSuffix(inner, "}}"); ok {
			v = strings.TrimSpace(inner)
		}
	}
	return v
}

// gitlabReserved are the top-level keys of .gitlab-ci.yml that are not jobs.
var gitlabReserved = []string{"default", "include", "stages", "variables", "workflow", "image", "services", "cache", "before_script", "after_script", "spec"}

// gitlabJob is a job of a GitLab CI file, with the file it is written in.
type gitlabJob struct {
	name, path string
	node       *yaml.Node
}

// readGitLab reads a GitLab CI file with the local files it includes: the global
// variables and scripts, and the jobs that run. A hidden job (.name) runs only as
// the part of a job that extends it, merges it through a YAML anchor or takes with
// !reference, and only for the keys that job does not set itself.
func (c *ciFile) readGitLab(r *repo.Repo, root *yaml.Node) {
	if rules := deref(get(get(root, "workflow"), "rules")); rules != nil && rules.Kind == yaml.SequenceNode && len(rules.Content) > 0 {
		never := func(rule *yaml.Node) bool {
			w := deref(get(deref(rule), "when"))
			return w != nil && w.Kind == yaml.ScalarNode && w.Value == "never"
		}
		at := r.At(c.path, rules.Line)
		switch {
		case !slices.ContainsFunc(rules.Content, func(rule *yaml.Node) bool { return !never(rule) }):
			c.dormant, c.dormantWhy = &at, "never runs by itself: its workflow rules all say when: never" // no pipeline is created
			return
		case !slices.ContainsFunc(rules.Content, func(rule *yaml.Node) bool { return !never(rule) && !tagRule(rule) }):
			// read, as a GitHub workflow on tags is: a release pipeline builds the binaries
			c.dormant, c.dormantWhy = &at, "never runs for a change of Go code alone: its workflow rules create pipelines only where $CI_COMMIT_TAG is set, for pushed tags alone"
		}
	}
	var jobs []gitlabJob
	globalFrom := len(c.env)
	c.readGitLabFile(r, root, 0, &jobs)
	globalTo := len(c.env)         // c.env[globalFrom:globalTo] are the global variables
	inherited := map[string]bool{} // by a job that runs
	byName := map[string]gitlabJob{}
	for _, j := range jobs {
		if _, ok := byName[j.name]; !ok {
			byName[j.name] = j
		}
	}
	outer := c.path
	for _, j := range jobs {
		if strings.HasPrefix(j.name, ".") || !gitlabRuns(byName, j) {
			continue
		}
		env := map[string]string{} // the job's variables over the global ones it inherits
		for _, v := range gitlabValues(byName, j, "variables", 0) {
			c.path = v.path
			c.addEnv(r, v.node, true)
			for k, val := range gitlabVariables(v.node) {
				if _, set := env[k]; !set { // the job's own over those of the jobs it extends
					env[k] = val
				}
			}
		}
		var matrix []map[string]string // the variables of each job of its parallel: matrix:
		if v, ok := gitlabKey(byName, j, "parallel", 0); ok {
			c.path = v.path
			matrix = c.addGitLabMatrix(r, get(v.node, "matrix"))
		}
		var leftOut []string // the global variables the job does not inherit
		for k, val := range c.gitlabGlobals {
			if !gitlabInherits(byName, j, "variables", k) {
				leftOut = append(leftOut, k)
				continue
			}
			inherited[k] = true
			if _, set := env[k]; !set {
				env[k] = val
			}
		}
		for k, val := range gitlabPredefined { // whatever the job inherits
			if _, set := env[k]; !set {
				env[k] = val
			}
		}
		n := len(c.commands)
		_, trigger := gitlabKey(byName, j, "trigger", 0) // a trigger job runs no script
		sh := &session{dir: "."}                         // before_script and script share a shell; after_script has its own
		start := n                                       // of the commands of sh
		var text []string                                // the script of sh
		for _, key := range []string{"before_script", "script", "after_script"} {
			v, ok := gitlabKey(byName, j, key, 0)
			if !ok && !trigger && key != "script" && gitlabInherits(byName, j, "default", key) {
				v, ok = c.gitlabDefaults[key]
			}
			if !ok {
				continue
			}
			if key == "after_script" {
				sh = &session{dir: "."}
				gitlabFailures(c.commands[start:], text)
				c.keepRun(r, start) // before_script and script: one shell script
				start, text = len(c.commands), nil
			}
			k := len(c.commands)
			for _, s := range c.gitlabScripts(byName, v, 0) {
				c.path = s.path
				c.addScriptIn(r, s.node, sh)
				text = append(text, s.node.Value)
			}
			if key == "after_script" { // its status does not change the job's: a failure there is only logged
				at := r.At(v.path, deref(v.node).Line)
				for i := k; i < len(c.commands); i++ {
					if c.commands[i].ignored == nil {
						c.commands[i].ignored = &at
					}
				}
			}
		}
		gitlabFailures(c.commands[start:], text)
		c.keepRun(r, start)
		markBackground(c.commands[n:]) // before_script and script share a shell, after_script is ignored anyway
		image, ok := gitlabKey(byName, j, "image", 0)
		if !ok && !trigger && gitlabInherits(byName, j, "default", "image") {
			image, ok = c.gitlabDefaults["image"]
		}
		if ok {
			markNoCompiler(r, c.commands[n:], image.path, jobImage(image.node, "name"))
		}
		if len(matrix) == 0 {
			withCIEnv(c.commands[n:], env)
		}
		script := slices.Clone(c.commands[n:])
		for i, vars := range matrix { // the commands once for each job of the matrix, its variables over the job's
			cmds := c.commands[n:]
			if i > 0 {
				cmds = slices.Clone(script)
			}
			jobEnv := maps.Clone(env)
			maps.Copy(jobEnv, vars)
			withCIEnv(cmds, jobEnv)
			if i > 0 {
				c.commands = append(c.commands, cmds...)
			}
		}
		for i := n; i < len(c.commands); i++ {
			c.commands[i].ciUnset = leftOut
		}
		if v, ok := gitlabKey(byName, j, "artifacts", 0); ok {
			c.dotenv = append(c.dotenv, envFileWrites(c.commands[n:], dotenvReport(scripts(deref(get(deref(get(v.node, "reports")), "dotenv")))))...)
		}
		if v, ok := gitlabKey(byName, j, "trigger", 0); ok {
			c.path = v.path
			c.readTrigger(r, v.node)
		}
		if v, ok := gitlabKey(byName, j, "allow_failure", 0); ok {
			c.path = v.path
			c.ignoreFailures(r, n, v.node, gitlabTrue)
		}
		if why, at := gitlabTagOnly(byName, j); why != "" {
			c.idle = append(c.idle, idleJob{from: n, to: len(c.commands), at: r.At(at.path, at.node.Line), why: "job " + j.name + " never runs for a change of Go code alone: " + why})
		}
	}
	c.path = outer
	if len(c.notes) == 0 { // a global variable no job read inherits is set nowhere, unless a job not read takes it
		global := slices.DeleteFunc(slices.Clone(c.env[globalFrom:globalTo]), func(s setting) bool { return !inherited[s.key] })
		c.env = slices.Concat(c.env[:globalFrom], global, c.env[globalTo:])
	}
}

// gitlabFailures marks the commands of one shell script of a GitLab job (its
// before_script with its script, or its after_script), whose lines are text, whose
// failure cannot fail the job (see dropFailures). The runner runs the script with
// errexit and pipefail on, in bash where the job's image has it (golang's Debian
// images do) and in sh otherwise (busybox's ash in an Alpine image). It is read as
// bash reads it, whatever the image: bash runs a command substitution without
// set -e, and ignores set -e in a script sourced before || or &&, where another sh
// may keep it; reading an sh as bash lets go no failure that sh would count.
func gitlabFailures(cmds []command, text []string) {
	dropFailures(cmds, shellState{errexit: true, pipefail: true, bash: true, bashRuns: true}, strings.Join(text, "\n"))
}

// addGitLabMatrix reads a GitLab parallel: matrix: list, whose entries each run a
// job for every combination of their variables' values (a value, or a list of
// values): it adds each value as a setting of its variable (see addEnv) and
// returns the variables of each job (at most maxMatrixRuns).
func (c *ciFile) addGitLabMatrix(r *repo.Repo, m *yaml.Node) []map[string]string {
	m = deref(m)
	if m == nil || m.Kind != yaml.SequenceNode {
		return nil
	}
	var jobs []map[string]string
	for _, entry := range m.Content {
		combos := []map[string]string{{}}
		for _, kv := range pairs(deref(entry)) {
			list := []*yaml.Node{deref(kv[1])}
			if list[0] != nil && list[0].Kind == yaml.SequenceNode {
				list = list[0].Content
			}
			var next []map[string]string
			for _, v := range list {
				if v = deref(v); v == nil || v.Kind != yaml.ScalarNode {
					continue
				}
				c.env = append(c.env, setting{key: kv[0].Value, value: v.Value, at: r.At(c.path, v.Line)})
				for _, combo := range combos {
					if len(next) < maxMatrixRuns {
						next = append(next, maps.Clone(combo))
						next[len(next)-1][kv[0].Value] = v.Value
					}
				}
			}
			combos = next
		}
		for _, combo := range combos {
			if len(combo) > 0 && len(jobs) < maxMatrixRuns && !slices.ContainsFunc(jobs, func(j map[string]string) bool { return maps.Equal(j, combo) }) {
				jobs = append(jobs, combo)
			}
		}
	}
	return jobs
}

// gitlabTagOnly returns why GitLab adds job j to tag pipelines alone, so that no
// push of a branch or merge request runs it, with the key that says so; "" when one
// may. Its rules (when it has some) each say when: never, manual or on_failure or
// test $CI_COMMIT_TAG (see tagRule), one of them the latter; else the refs of its
// only: (branches and tags when it has none) without those of its except: are tags
// (web, a pipeline started by hand, aside), or its only: variables each test
// $CI_COMMIT_TAG. A rule or a ref this audit cannot read may run the job.
func gitlabTagOnly(byName map[string]gitlabJob, j gitlabJob) (string, gitlabNode) {
	if rules, ok := gitlabKey(byName, j, "rules", 0); ok {
		list := deref(rules.node)
		if list == nil || list.Kind != yaml.SequenceNode || len(list.Content) == 0 {
			return "", gitlabNode{}
		}
		tags := false
		for _, rule := range list.Content {
			switch {
			case stopsJob(get(deref(rule), "when")):
			case tagRule(rule):
				tags = true
			default:
				return "", gitlabNode{}
			}
		}
		if !tags {
			return "", gitlabNode{}
		}
		return "its rules add it only where $CI_COMMIT_TAG is set, to tag pipelines alone", rules
	}
	// refs returns the refs of an only: or except: value (a list, or a mapping's
	// refs), and its variables, as written.
	refs := func(n *yaml.Node) (refs, vars []string) {
		n = deref(n)
		if n != nil && n.Kind == yaml.MappingNode {
			for _, v := range scripts(deref(get(n, "variables"))) {
				vars = append(vars, v.Value)
			}
			n = deref(get(n, "refs"))
		}
		for _, v := range scripts(n) {
			refs = append(refs, v.Value)
		}
		return refs, vars
	}
	only, hasOnly := gitlabKey(byName, j, "only", 0)
	except, hasExcept := gitlabKey(byName, j, "except", 0)
	if !hasOnly && !hasExcept {
		return "", gitlabNode{}
	}
	runs, vars := []string{"branches", "tags"}, []string(nil)
	if hasOnly {
		var on []string
		if on, vars = refs(only.node); len(on) > 0 {
			runs = on
		}
	}
	if len(vars) > 0 && !slices.ContainsFunc(vars, func(v string) bool { return !tagTest(v) }) {
		return "its only: variables each test $CI_COMMIT_TAG, which is set in tag pipelines alone", only
	}
	at, key := only, "only"
	if hasExcept {
		out, _ := refs(except.node)
		if left := slices.DeleteFunc(slices.Clone(runs), func(ref string) bool { return slices.Contains(out, ref) }); len(left) < len(runs) {
			runs, at, key = left, except, "except"
		}
	}
	if !slices.Contains(runs, "tags") || slices.ContainsFunc(runs, func(ref string) bool { return ref != "tags" && ref != "web" }) {
		return "", gitlabNode{}
	}
	return "its " + key + ": leaves it to the pipelines of " + strings.Join(runs, " and ") + " alone", at
}

// tagRule reports whether a GitLab rule (of a job or of workflow:) holds only in tag
// pipelines: its if: tests $CI_COMMIT_TAG (see tagTest).
func tagRule(rule *yaml.Node) bool {
	cond := deref(get(deref(rule), "if"))
	return cond != nil && cond.Kind == yaml.ScalarNode && tagTest(cond.Value)
}

// tagTest reports whether a GitLab CI/CD variable expression holds only where
// $CI_COMMIT_TAG is set, in tag pipelines: one of its && operands is $CI_COMMIT_TAG,
// $CI_COMMIT_TAG != null (or != ""), $CI_COMMIT_TAG == a non-empty string or
// $CI_COMMIT_TAG =~ a pattern. An expression with || is not read.
func tagTest(expr string) bool {
	if strings.Contains(expr, "||") {
		return false
	}
	for _, part := range strings.Split(expr, "&&") {
		if tagOperand.MatchString(strings.Trim(part, "() \t")) { // ($CI_COMMIT_TAG && $X)
			return true
		}
	}
	return false
}

// tagOperand matches an operand of tagTest.
var tagOperand = regexp.MustCompile(`^\$\{?CI_COMMIT_TAG\}?(\s*(!=\s*(null|""|'')|==\s*("[^"]+"|'[^']+')|=~\s*/.*/[a-z]*))?$`)

// dotenvReport returns whether a file a command writes is one of reports, the files
// of a GitLab job's artifacts: reports: dotenv (relative to the project's directory):
// the file as written, from the command's directory, or from $CI_PROJECT_DIR.
func dotenvReport(reports []*yaml.Node) func(c command, file string) bool {
	return func(c command, file string) bool {
		for _, pre := range []string{"$CI_PROJECT_DIR/", "${CI_PROJECT_DIR}/"} {
			if rest, ok := strings.CutPrefix(file, pre); ok {
				file, c.dir = rest, "."
			}
		}
		if strings.Contains(file, "$") || path.IsAbs(file) || c.unplaced {
			return false
		}
		return slices.ContainsFunc(reports, func(n *yaml.Node) bool { return path.Clean(n.Value) == path.Join(c.dir, file) })
	}
}

// maxChildDepth is how deep GitLab nests child pipelines: a parent, its child and
// that child's own child.
const maxChildDepth = 2

// readTrigger reads the child pipeline that a GitLab trigger job starts with
// trigger: include: its local files, read as a pipeline of their own (it takes none
// of the parent's jobs), whose commands, settings and unread parts become c's. A
// trigger of another project's pipeline (trigger: group/project, trigger: project:),
// and a child pipeline of another project's file, a template, a remote file or a job's
// artifact (a generated pipeline), are parts not read. Without strategy: depend (or
// mirror), the trigger job passes once the child pipeline is created, so a failure
// in the child fails neither the job nor the pipeline: its commands are marked
// ignored, at the trigger.
func (c *ciFile) readTrigger(r *repo.Repo, trig *yaml.Node) {
	trig = deref(trig)
	inc := deref(get(trig, "include"))
	if trig == nil || inc == nil || c.childDepth >= maxChildDepth {
		if trig != nil {
			c.notes = append(c.notes, r.At(c.path, trig.Line))
		}
		return
	}
	child := &ciFile{ctx: c.ctx, sourced: c.sourced, path: c.path, kind: c.kind, nodes: c.nodes, visits: c.visits, childDepth: c.childDepth + 1}
	child.readGitLab(r, &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "include"}, inc}})
	c.nodes, c.visits, c.stopped = child.nodes, child.visits, cmp.Or(c.stopped, child.stopped)
	n := len(c.commands)
	c.commands = append(c.commands, child.commands...)
	c.unrun = append(c.unrun, child.unrun...)
	c.env = append(c.env, child.env...)
	c.vars = append(c.vars, child.vars...)
	c.notes = append(c.notes, child.notes...)
	if s := deref(get(trig, "strategy")); s != nil && s.Kind == yaml.ScalarNode && (s.Value == "depend" || s.Value == "mirror") {
		return
	}
	at := r.At(c.path, trig.Line)
	for i := n; i < len(c.commands); i++ {
		if c.commands[i].ignored == nil {
			c.commands[i].ignored = &at
		}
	}
}

// gitlabRuns reports whether job j may run in a pipeline by itself: not when its
// when is never, manual (started by hand, the pipeline passes without it) or
// on_failure (only once a job of an earlier stage failed: never on a pipeline that
// passes), nor when every one of its rules says one of those. A rule without
// when, or one this audit cannot read (a !reference), may run the job.
func gitlabRuns(byName map[string]gitlabJob, j gitlabJob) bool {
	if w, ok := gitlabKey(byName, j, "when", 0); ok && stopsJob(w.node) {
		return false
	}
	rules, ok := gitlabKey(byName, j, "rules", 0)
	if !ok || deref(rules.node).Kind != yaml.SequenceNode || len(deref(rules.node).Content) == 0 {
		return true
	}
	for _, r := range deref(rules.node).Content {
		if !stopsJob(get(deref(r), "when")) {
			return true
		}
	}
	return false
}

// stopsJob reports whether a GitLab when: value w keeps a job out of a pipeline that
// passes: never, manual or on_failure (see gitlabRuns).
func stopsJob(w *yaml.Node) bool {
	w = deref(w)
	return w != nil && w.Kind == yaml.ScalarNode && (w.Value == "never" || w.Value == "manual" || w.Value == "on_failure")
}

// gitlabNode is a YAML node with the CI file it is written in.
type gitlabNode struct {
	node *yaml.Node
	path string
}

// maxGitLabDepth bounds the chains of extends, merges and !reference followed.
const maxGitLabDepth = 10

// gitlabKey returns the value of key for job j as GitLab resolves it: the job's own
// key, else one it merges with <<: *anchor, else one of the jobs it extends (the last
// named first).
func gitlabKey(byName map[string]gitlabJob, j gitlabJob, key string, depth int) (gitlabNode, bool) {
	return gitlabKeyAt(byName, j, []string{key}, depth)
}

// gitlabKeyAt is gitlabKey for the key at the end of keys, a path through nested
// mappings (inherit, variables): extends merges the mappings of a job and those it
// extends key by key, so the nearest job whose mapping sets the last key gives it.
func gitlabKeyAt(byName map[string]gitlabJob, j gitlabJob, keys []string, depth int) (gitlabNode, bool) {
	searched := map[string]bool{} // a job extended again has nothing new: each is searched once
	var find func(j gitlabJob, depth int) (gitlabNode, bool)
	find = func(j gitlabJob, depth int) (gitlabNode, bool) {
		if depth > maxGitLabDepth {
			return gitlabNode{}, false
		}
		v, ok := deref(j.node), true
		for _, key := range keys {
			if v, ok = mergedKey(v, key); !ok {
				break
			}
		}
		if ok {
			return gitlabNode{node: v, path: j.path}, true
		}
		ext := scripts(get(deref(j.node), "extends"))
		for i := len(ext) - 1; i >= 0; i-- {
			if base, ok := byName[ext[i].Value]; ok && !searched[base.name] {
				searched[base.name] = true
				if v, ok := find(base, depth+1); ok {
					return v, true
				}
			}
		}
		return gitlabNode{}, false
	}
	return find(j, depth)
}

// mergedKey returns the value of key in mapping n, set there or through its YAML
// merge keys (<<: *anchor or <<: [*a, *b]), as GitLab reads them: the last of those
// that sets it in the mapping wins (see MappingEntries).
func mergedKey(n *yaml.Node, key string) (*yaml.Node, bool) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, false
	}
	for _, e := range MappingEntries(n) {
		if e.Key.Value == key {
			return deref(e.Value), true
		}
	}
	return nil, false
}

// gitlabValues returns every value of a mapping key (variables) that job j gets, the
// nearest first: GitLab merges them from the job, its merge keys and the jobs it
// extends.
func gitlabValues(byName map[string]gitlabJob, j gitlabJob, key string, depth int) []gitlabNode {
	return gitlabValuesOf(byName, j, key, depth, map[string]bool{j.name: true})
}

// gitlabValuesOf is gitlabValues, with the jobs whose values are taken already in
// taken: a job extended again adds nothing new.
func gitlabValuesOf(byName map[string]gitlabJob, j gitlabJob, key string, depth int, taken map[string]bool) []gitlabNode {
	if depth > maxGitLabDepth {
		return nil
	}
	var out []gitlabNode
	// A merge key replaces a mapping as a whole, as any other key (see mergedKey);
	// extends merges the mappings of the jobs it names, each over the one named before
	// it: the last named comes first, as the job's own before any.
	if v, ok := mergedKey(deref(j.node), key); ok {
		out = append(out, gitlabNode{node: v, path: j.path})
	}
	ext := scripts(get(deref(j.node), "extends"))
	for i := len(ext) - 1; i >= 0; i-- {
		if base, ok := byName[ext[i].Value]; ok && !taken[base.name] {
			taken[base.name] = true
			out = append(out, gitlabValuesOf(byName, base, key, depth+1, taken)...)
		}
	}
	return out
}

// gitlabScripts returns the script lines of a script value, with the lines that
// !reference [job, key] tags take from other jobs in their place. Each node it
// visits counts in c.visits; past maxExpandedNodes (references of references, each
// naming many) it stops.
func (c *ciFile) gitlabScripts(byName map[string]gitlabJob, v gitlabNode, depth int) []gitlabNode {
	n := deref(v.node)
	c.visits++
	switch {
	case n == nil || depth > maxGitLabDepth || c.visits > maxExpandedNodes:
		return nil
	case n.Tag == "!reference" && n.Kind == yaml.SequenceNode:
		if len(n.Content) < 2 {
			return nil
		}
		j, ok := byName[n.Content[0].Value]
		if !ok {
			return nil
		}
		ref, ok := gitlabKey(byName, j, n.Content[1].Value, depth+1)
		if !ok {
			return nil
		}
		return c.gitlabScripts(byName, ref, depth+1)
	case n.Kind == yaml.ScalarNode:
		return []gitlabNode{{node: n, path: v.path}}
	case n.Kind == yaml.SequenceNode:
		var out []gitlabNode
		for _, item := range n.Content {
			out = append(out, c.gitlabScripts(byName, gitlabNode{node: item, path: v.path}, depth+1)...)
		}
		return out
	}
	return nil
}

// deref returns the node an alias names, or n.
func deref(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode {
		return n.Alias
	}
	return n
}

// readGitLabFile reads the global settings of one GitLab CI file, collects its jobs
// into jobs and follows its includes.
func (c *ciFile) readGitLabFile(r *repo.Repo, root *yaml.Node, depth int, jobs *[]gitlabJob) {
	// The top level as GitLab reads it: what merge keys bring in counts, and of a key
	// set twice the last.
	entries := MappingEntries(root)
	top := func(key string) *yaml.Node {
		for _, e := range entries {
			if e.Key.Value == key && e.Key.ShortTag() != "!!merge" {
				return deref(e.Value)
			}
		}
		return nil
	}
	c.addEnv(r, top("variables"), false)
	if c.gitlabGlobals == nil {
		c.gitlabGlobals = map[string]string{}
	}
	for k, v := range gitlabVariables(top("variables")) {
		if _, set := c.gitlabGlobals[k]; !set { // a file's own over those it includes, read after it
			c.gitlabGlobals[k] = v
		}
	}
	for _, e := range entries {
		if slices.Contains(gitlabReserved, e.Key.Value) || e.Key.ShortTag() == "!!merge" || deref(e.Value).Kind != yaml.MappingNode {
			continue
		}
		*jobs = append(*jobs, gitlabJob{name: e.Key.Value, path: c.path, node: e.Value})
	}
	c.includes(r, top("include"), depth, jobs)
	// The defaults of a file override those of the files it includes, and a later
	// include's those of an earlier one.
	if c.gitlabDefaults == nil {
		c.gitlabDefaults = map[string]gitlabNode{}
	}
	for _, key := range []string{"before_script", "after_script", "image"} {
		for _, v := range []*yaml.Node{top(key), get(top("default"), key)} {
			if v != nil {
				c.gitlabDefaults[key] = gitlabNode{node: v, path: c.path}
			}
		}
	}
}

// gitlabInherits reports whether job j takes key of the pipeline's kind (default:
// the default of key, such as before_script, when it sets none; variables: the
// global variable key): not with inherit: kind: false, nor with an inherit: kind:
// list that leaves key out. inherit: kind: is that of the nearest job of j's
// extends that sets it (GitLab merges the inherit: mappings).
func gitlabInherits(byName map[string]gitlabJob, j gitlabJob, kind, key string) bool {
	v, ok := gitlabKeyAt(byName, j, []string{"inherit", kind}, 0)
	d := v.node
	switch {
	case !ok || d == nil:
		return true
	case d.Kind == yaml.ScalarNode:
		return !gitlabFalse(d.Value)
	case d.Kind == yaml.SequenceNode:
		return slices.ContainsFunc(d.Content, func(n *yaml.Node) bool { return deref(n).Value == key })
	}
	return true
}

// gitlabFalse reports whether GitLab reads the scalar v as the boolean false: it
// reads its YAML as YAML 1.1 does (Ruby's Psych), where no and off are false too,
// in any case.
func gitlabFalse(v string) bool {
	return strings.EqualFold(v, "false") || strings.EqualFold(v, "no") || strings.EqualFold(v, "off")
}

// gitlabTrue reports whether GitLab reads the scalar v as the boolean true: yes and on
// are true too in YAML 1.1 (see gitlabFalse), in any case.
func gitlabTrue(v string) bool {
	return strings.EqualFold(v, "true") || strings.EqualFold(v, "yes") || strings.EqualFold(v, "on")
}

// githubTrue reports whether GitHub reads the scalar v, a continue-on-error, as true:
// the constant true, or an expression that is.
func githubTrue(v string) bool { return constExpr(v) == "true" }

// includes follows local includes of a GitLab CI file and notes the others.
func (c *ciFile) includes(r *repo.Repo, inc *yaml.Node, depth int, jobs *[]gitlabJob) {
	var items []*yaml.Node
	switch {
	case inc == nil:
		return
	case inc.Kind == yaml.SequenceNode:
		items = inc.Content
	default:
		items = []*yaml.Node{inc}
	}
	for _, it := range items {
		local := ""
		switch {
		case it.Kind == yaml.ScalarNode && !strings.Contains(it.Value, "://"):
			local = it.Value
		case get(it, "local") != nil:
			local = get(it, "local").Value
		}
		local = strings.TrimPrefix(path.Clean("/"+local), "/")
		files := []string{local}
		if strings.Contains(local, "*") { // a wildcard path: the files of the repository it matches
			files = includeMatches(r, local)
		}
		if local == "" || len(files) == 0 || depth > 3 {
			c.notes = append(c.notes, r.At(c.path, it.Line))
			continue
		}
		for _, f := range files {
			src, ok := r.ReadFile(f)
			doc, header, err := gitlabDocument(src)
			if !ok || err != nil {
				c.notes = append(c.notes, r.At(c.path, it.Line))
				continue
			}
			unresolved := interpolateInputs(doc, header, get(it, "inputs"))
			if !c.within(doc) || len(doc.Content) == 0 {
				c.notes = append(c.notes, r.At(c.path, it.Line))
				continue
			}
			for _, n := range unresolved {
				c.notes = append(c.notes, r.At(f, n.Line))
			}
			outer := c.path
			c.path = f
			c.readGitLabFile(r, doc.Content[0], depth+1, jobs)
			c.path = outer
		}
	}
}

// includeMatches returns the YAML files read from the repository that a wildcard
// path of a GitLab local include matches, sorted: * and ? within a directory, ** across
// directories (.gitlab/ci/**.yml takes .gitlab/ci and every directory below it).
func includeMatches(r *repo.Repo, pattern string) []string {
	var re strings.Builder
	re.WriteString("^")
	for i := 0; i < len(pattern); i++ {
		switch ch := pattern[i]; {
		case strings.HasPrefix(pattern[i:], "**/"):
			re.WriteString("(?:.*/)?")
			i += 2
		case strings.HasPrefix(pattern[i:], "**"):
			re.WriteString(".*")
			i++
		case ch == '*':
			re.WriteString("[^/]*")
		case ch == '?':
			re.WriteString("[^/]")
		default:
			re.WriteString(regexp.QuoteMeta(string(ch)))
		}
	}
	re.WriteString("$")
	match, err := regexp.Compile(re.String())
	if err != nil {
		return nil
	}
	var out []string
	for _, p := range r.Paths() {
		if (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) && match.MatchString(p) {
			out = append(out, p)
		}
	}
	return out
}

// cgoRank orders the CGO_ENABLED settings of a GoReleaser build by how far they may
// leave libc in its binary: 0 (off), unset (the go command's default), a value this
// audit cannot read (a template), 1 (on).
func cgoRank(s *setting) int {
	switch {
	case s == nil:
		return 1
	case s.value == "0":
		return 0
	case s.value == "1":
		return 3
	}
	return 2
}

// goreleaserLDFlags is what GoReleaser passes when a build sets no ldflags.
const goreleaserLDFlags = "-s -w -X main.version={{.Version}} -X main.commit={{.Commit}} -X main.date={{.Date}} -X main.builtBy=goreleaser"

// koBaseImage is the image ko builds on when its configuration names none.
const koBaseImage = "cgr.dev/chainguard/static"

// readKo reads a .ko.yaml: its builds as GoReleaser's, run with CGO_ENABLED=0
// unless a build's env says otherwise (ko's default), and the base images.
func (c *ciFile) readKo(r *repo.Repo, root *yaml.Node) {
	c.baseImage = map[string]setting{"": {key: "defaultBaseImage", value: koBaseImage, at: r.At(c.path, 1)}}
	if n := get(root, "defaultBaseImage"); n != nil && n.Kind == yaml.ScalarNode {
		c.baseImage[""] = setting{key: "defaultBaseImage", value: n.Value, at: r.At(c.path, n.Line)}
	}
	for _, kv := range pairs(get(root, "baseImageOverrides")) {
		c.baseImage[kv[0].Value] = setting{key: kv[0].Value, value: kv[1].Value, at: r.At(c.path, kv[1].Line)}
	}
	c.readGoReleaser(r, root, "", map[string]string{"CGO_ENABLED": "0"})
}

// modulePathAction matches GoReleaser's {{ .ModulePath }} template field.
var modulePathAction = regexp.MustCompile(`\{\{-?\s*\.ModulePath\s*-?\}\}`)

// modulePath returns flags, ldflags of a GoReleaser build, with {{ .ModulePath }}
// replaced by what GoReleaser sets it to: the module path go list -m reports where
// it runs, the GoReleaser file's directory, unless that is in no module or in a
// module of a go.work (go list -m lists them all), where it is left as written.
func (c *ciFile) modulePath(r *repo.Repo, flags string) string {
	if !modulePathAction.MatchString(flags) {
		return flags
	}
	mod, ok := listedModule(r, path.Dir(c.path))
	if !ok {
		return flags
	}
	return modulePathAction.ReplaceAllLiteralString(flags, mod)
}

// readGoReleaser turns each build into the go build command GoReleaser (or ko)
// runs: with ldflags when a build sets none, in env before the build's own. For
// GoReleaser, env is followed by the file's top-level env (GoReleaser's global env,
// which every build's env starts with), and a build's CGO_ENABLED is the one of its
// env or of an overrides entry for a linux target (its env is added to the build's
// for that target), whichever may link libc (see cgoRank).
func (c *ciFile) readGoReleaser(r *repo.Repo, root *yaml.Node, ldflags string, env map[string]string) {
	builds := get(root, "builds")
	if builds == nil || builds.Kind != yaml.SequenceNode {
		return
	}
	var global []setting // GoReleaser's top-level env
	if c.kind == repo.GoReleaser {
		for _, e := range scripts(get(root, "env")) {
			if k, v, ok := strings.Cut(e.Value, "="); ok {
				s := setting{key: k, value: v, at: r.At(c.path, e.Line)}
				global = append(global, s)
				c.env = append(c.env, s)
			}
		}
	}
	for _, b := range builds.Content {
		main := "."
		if m := get(b, "main"); m != nil {
			main = m.Value
		}
		at := r.At(c.path, b.Line)
		flags := ldflags
		if n := get(b, "ldflags"); n != nil {
			var parts []string
			for _, s := range scripts(n) {
				parts = append(parts, s.Value)
			}
			flags = strings.Join(parts, " ")
			at = r.At(c.path, n.Line) // the flags the audit judges: the first that sets -X
			for _, s := range scripts(n) {
				if strings.Contains(s.Value, "-X") {
					at = r.At(c.path, s.Line)
					break
				}
			}
		}
		if c.kind == repo.GoReleaser {
			flags = c.modulePath(r, flags)
		}
		dir := path.Dir(c.path)
		if d := get(b, "dir"); d != nil && d.Kind == yaml.ScalarNode {
			dir = path.Join(dir, d.Value)
		}
		cmd := command{words: []string{"go", "build"}, env: maps.Clone(env), at: at, dir: dir}
		if cmd.env == nil {
			cmd.env = map[string]string{}
		}
		for _, s := range scripts(get(b, "flags")) {
			cmd.words = append(cmd.words, strings.Fields(s.Value)...)
		}
		if c.kind == repo.GoReleaser { // its build tags, after flags, as GoReleaser passes them
			var tags []string
			for _, s := range scripts(get(b, "tags")) {
				tags = append(tags, s.Value)
			}
			if len(tags) > 0 {
				cmd.words = append(cmd.words, "-tags="+strings.Join(tags, ","))
			}
		}
		if flags != "" {
			cmd.words = append(cmd.words, "-ldflags", flags)
		}
		cmd.words = append(cmd.words, main)
		rel := release{at: r.At(c.path, b.Line)}
		if id := get(b, "id"); id != nil && id.Kind == yaml.ScalarNode {
			rel.id = id.Value
		}
		for _, s := range global {
			cmd.env[s.key] = s.value
			if s.key == "CGO_ENABLED" {
				rel.cgo = &s
			}
		}
		for _, e := range scripts(get(b, "env")) {
			if k, v, ok := strings.Cut(e.Value, "="); ok {
				cmd.env[k] = v
				s := setting{key: k, value: v, at: r.At(c.path, e.Line)}
				c.env = append(c.env, s)
				if k == "CGO_ENABLED" {
					rel.cgo = &s
				}
			}
		}
		if o := get(b, "overrides"); c.kind == repo.GoReleaser && o != nil && o.Kind == yaml.SequenceNode {
			for _, over := range o.Content {
				if goos := get(over, "goos"); goos != nil && goos.Kind == yaml.ScalarNode && goos.Value != "linux" {
					continue // a target no container image runs
				}
				for _, e := range scripts(get(over, "env")) {
					if k, v, ok := strings.Cut(e.Value, "="); ok {
						s := setting{key: k, value: v, at: r.At(c.path, e.Line)}
						c.env = append(c.env, s)
						if k == "CGO_ENABLED" && cgoRank(&s) > cgoRank(rel.cgo) {
							rel.cgo = &s
							cmd.env[k] = v
						}
					}
				}
			}
		}
		c.commands = append(c.commands, cmd)
		c.releases = append(c.releases, rel)
	}
	if kos := get(root, "kos"); c.kind == repo.GoReleaser && kos != nil && kos.Kind == yaml.SequenceNode {
		for _, k := range kos.Content {
			at := r.At(c.path, k.Line)
			e := releaseKo{at: at, base: setting{key: "base_image", value: koBaseImage, at: at}}
			if n := get(k, "build"); n != nil && n.Kind == yaml.ScalarNode {
				e.build = n.Value
			}
			if n := get(k, "main"); n != nil && n.Kind == yaml.ScalarNode {
				e.main = n.Value
			}
			if n := get(k, "base_image"); n != nil && n.Kind == yaml.ScalarNode {
				e.base = setting{key: "base_image", value: n.Value, at: r.At(c.path, n.Line)}
			}
			c.kos = append(c.kos, e)
		}
	}
	for _, key := range []string{"dockers", "dockers_v2"} {
		entries := get(root, key)
		if entries == nil || entries.Kind != yaml.SequenceNode {
			continue
		}
		for _, d := range entries.Content {
			img := releaseImage{dockerfile: path.Join(path.Dir(c.path), "Dockerfile")}
			if f := get(d, "dockerfile"); f != nil && f.Kind == yaml.ScalarNode {
				img.dockerfile = path.Join(path.Dir(c.path), f.Value)
			}
			if ids := get(d, "ids"); ids != nil {
				img.ids = []string{}
				for _, id := range scripts(ids) {
					img.ids = append(img.ids, id.Value)
				}
			}
			c.images = append(c.images, img)
		}
	}
}
