package audit

import (
	"cmp"
	"context"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// command is one simple shell command found in a build file, after Make variable
// expansion.
type command struct {
	words []string          // the command and its arguments, unquoted
	env   map[string]string // VAR=value words before the command
	// exports are the variables the export and unset commands earlier in the same
	// script leave its shell (see carryExports), over those it starts with where
	// that is known: a variable unset there is given to c by neither the script, nor
	// the Dockerfile stage's ENV and ARG, nor the CI's env.
	exports shellExports
	// clears marks a command run through env -i (-, --ignore-environment): it
	// starts with env the variables set after the -i alone, none of the shell's
	// exports, the Dockerfile stage's ENV and ARG or the CI's env (see getenv).
	// sudo clears them too (its env_reset), unless told to keep them (-E,
	// --preserve-env); kept are those a --preserve-env=LIST keeps.
	clears bool
	kept   []string
	// ciEnv are the variables the CI puts in the environment of the command's shell:
	// GitHub's env: of the workflow, job and step, GitLab's global and job variables:
	// (with the value a line of the script assigns them before the command, see vars).
	ciEnv map[string]string
	// ciUnset are the global variables of the CI that the command's job does not
	// inherit (GitLab's inherit: variables: false, or a list without them): no
	// setting of them in the CI file reaches its shell (see builds.ciSettingsOf).
	ciUnset []string
	// noCompiler is the image of the CI job that runs the command, with where the CI
	// names it, when that image has no C compiler where the command runs: a golang
	// alpine image in which no command of the job before it installs one (see
	// markNoCompiler), as for a Dockerfile stage (see stage.noCompiler); nil elsewhere.
	noCompiler *setting
	at         repo.Evidence   // where it is written
	via        []repo.Evidence // the calls that led to it (a CI step running make ...)
	dir        string          // directory it runs in, relative to the root
	// alsoIn are other directories a command of a Dockerfile runs in, one per build
	// context after the first (see parseDockerfile); unplaced marks a command whose
	// directory this audit cannot place in the repository.
	alsoIn   []string
	unplaced bool
	// exec marks the command of a Dockerfile RUN of the exec form
	// (RUN ["go", "build", ...]), which no shell runs, so the stage's SHELL does
	// not apply.
	exec bool
	// cds are, for an unplaced command, the cd words after dir that name a
	// variable the CI's env may set (see placeWith).
	cds []string
	// chdir is the directory env -C (--chdir) runs the command in, relative to where
	// its shell is (see commandsIn); "" for none.
	chdir string
	// orElse marks a command followed by ||; ignored is where a failure of the
	// command is ignored (cmd || true, continue-on-error, allow_failure), or nil.
	orElse  bool
	ignored *repo.Evidence
	// unsure is why this audit cannot tell whether the command runs at all, or its
	// failure counts (see ciFile.readSteps, makeCall.unsure), or nil.
	unsure *unsureRun
	// hereDoc is, for a shell that runs a here-document as its script (bash <<EOF,
	// see hereDocShell), the lines of that here-document, the first of them on line
	// hereDocLine of the command's file; "" for any other command.
	hereDoc     string
	hereDocLine int
	// unfollowed says why this audit did not read the script of the repository, or
	// the just recipes or Task tasks, that the command runs, a bound of its work
	// reached (see boundReached); "" when it does, or the command runs none.
	unfollowed string
	// piped marks a command whose output a pipe (|) gives to the next: without
	// pipefail, the pipeline's status is that of its last command.
	piped bool
	// inPipe marks a command of a { } group or ( ) subshell whose output a pipe
	// gives to the next command ({ go test ./...; } 2>&1 | tee log): its failure
	// becomes, at most, the group's status, which without pipefail is dropped as a
	// piped command's is, whatever the group does with it (|| exit 1); pipes are
	// those of such groups and subshells that start with the command, by their
	// number among subshells: the pipefail of the shell each is entered from judges
	// its pipe, and a failure gets through only if each pipe around it keeps it.
	inPipe bool
	pipes  []int
	// andThen marks a command followed by &&: its failure skips the rest of the
	// AND list, whose status it becomes, and set -e does not act on it. One followed
	// by && and a bare assignment alone (cmd && NAME=value) is andAssign instead: no
	// command follows it in its list, which ends with the assignment, but set -e
	// does not act on it either, and the assignment runs only where it succeeds.
	andThen   bool
	andAssign bool
	// orAssign marks a command followed by || and a bare assignment alone (cmd ||
	// NAME=value): the assignment runs where it fails, and succeeds, so the
	// list's status is 0 whatever its, and its failure is ignored (see placed),
	// unless a later check of the variable exits (see followFlags). orAssigned are
	// the variables that assignment sets; orIgnored is where placed ignored the
	// failures of the list for it, and flagged marks one whose check exits.
	orAssign   bool
	orAssigned map[string]string
	orIgnored  *repo.Evidence
	flagged    bool
	// substituted marks a command of a command substitution (see splitScript);
	// lost one whose status another's replaces: one in the words of a command
	// (echo "$(go test ./...)", export OUT=$(...)), or one of a bare assignment
	// before its last. It runs, but its failure is lost (see dropFailures).
	substituted bool
	lost        bool
	// midSubst marks a command of the substitution that stands for a bare
	// assignment (see substituted) whose AND list or pipe is not its last: bash runs
	// a command substitution without set -e (but under shopt -s inherit_errexit or
	// set -o posix, or after a set -e of its own), so a failure there goes on to the
	// next command and is lost, unless || hands it to an exit of the substitution's
	// shell, where sh (dash, bash as sh) exits the substitution with it (see
	// dropFailures). substDepth is how many command substitutions the command is in.
	midSubst   bool
	substDepth int
	// inBash marks a command whose shell is bash as bash reads set -e in command
	// substitutions (see shellState.bash), bashRuns one whose shell is bash in any
	// mode; dropFailures marks both. A shell script of the repository the command
	// reads in with . or source runs in that shell, as inBash says; one it runs
	// without a shebang (./ci.sh) runs, where bashRuns, in a new bash (bash runs
	// such a file with a bash of its own, in neither mode but POSIX mode where
	// POSIXLY_CORRECT is in its environment: checked with bash 5.2),
	// and elsewhere in sh (sh, and make and env through execvp, run it with
	// /bin/sh). See runsScript.
	inBash, bashRuns bool
	// errexit marks a command that set -e acts on where it runs: errexit on in its
	// shell (in a command substitution, as inBash reads it there), and the command
	// in no condition of an if or loop, before no && or ||, in no pipeline that !
	// negates and in no compound command followed by && or ||, where bash ignores
	// set -e, in what the command runs in its shell too; pipefail marks one whose
	// shell has pipefail on. dropFailures marks both. A shell script of the
	// repository the command reads in with . or source runs with them, as the
	// caller's shell runs it (see runsScript).
	errexit, pipefail bool
	// substEnd marks the last command of the substitution that stands for a bare
	// assignment, and the fi, esac and } after it that end compound commands
	// there: the status of the AND list that ends there is the substitution's,
	// and so the assignment's, which set -e acts on (out=$(go test ./... && echo
	// ok) stops the script), though && follows a command of the list (see
	// dropFailures). substSpan is how many commands of the substitution come
	// before it.
	substEnd  bool
	substSpan int
	// background marks a command of a list run in the background (cmd &): set -e
	// never sees its status, which only a wait on it returns (see markBackground).
	background bool
	// kw are the shell words written before the command that open or continue a
	// compound command (if, then, else, elif, while, until, do, !, {), in order;
	// depth is how deep in { } groups and ( ) subshells of its line it is; cond
	// marks a command of the condition of an if, elif, while or until, whose
	// failure set -e does not act on (see markConditions).
	kw    []string
	depth int
	cond  bool
	// subshells are the ( ) subshells of its text the command is in, outermost
	// first, each by the order of its ( in the text: a cd in one moves only the
	// commands after it in the same subshell (see commandsIn).
	subshells []int
	// errexitKept marks a condition whose failure branch runs false: the failure
	// is kept when set -e acts on that false (see dropFailures), and else only
	// where the false, or a ( ) subshell's exit, ends the branch (branchFails): the
	// if's status is then a failure, which goes on from its fi, condFi commands
	// after the condition, as any command's failure does (set +e; if ! go test
	// ./...; then (exit 1); fi as the script's last fails it).
	errexitKept, branchFails bool
	condFi                   int
	// condExits marks a condition whose failure branch runs exit in the shell the
	// condition runs in (not in a ( ) subshell): the failure ends that shell, set -e
	// or not, so one in a command substitution bash runs without set -e is not lost
	// there (see dropFailures).
	condExits bool
	// closes is, for the command that ends a { } group (its }), or a ( ) subshell
	// (its last command), if, for, while, until or case (its fi, done or esac)
	// followed by || or &&, how many commands of the group come before it: || and
	// && after it act on them too.
	closes int
	// forced marks a command of a Makefile recipe line with the + prefix, which
	// make runs under -n, -t and -q too (see makeCall.dryRun).
	forced bool
	// never says why the shell never runs a command of a script that live left
	// out (see ciFile.unrun).
	never string
	// funcDef marks the name of a function definition (name () or function name
	// ()): the body after it runs only where a command calls it (see unrun).
	funcDef bool
	// armEnd marks the last command of an arm of a case, before its ;;: the case's
	// status is its (see dropFailures).
	armEnd bool
	// docLine marks a line of a here-document (cat <<EOF ... EOF), the line that
	// ends it too: the input of the command that opens it, not a command, which
	// splitCommands splits on its own for what it would run (see unrun) and leaves
	// out of every compound command, list and pipe.
	docLine bool
	// docs are what end the here-documents the command opens, in order (see
	// hereDocEnds): its lines after the line of the command are theirs.
	docs []docEnd
	// line is the line of the text split (see splitCommands) the command starts on
	// (that of its first word), from 0; vars are the values of the shell variables
	// assigned before it on its line (NAME=value; cmd), a log the commands of the
	// text share (see splitCommands), and lineVars those its script assigns on
	// lines of their own before it (see scriptCommands), which vars count over (see
	// scriptVar); both count over envVars, those of its CI env (see withEnv).
	line     int
	vars     scriptVars
	lineVars scriptVars
	envVars  map[string]string
	// assigns are the bare assignments (NAME=value;) written between the command
	// before it and it, which change the value of a variable the shell exports
	// (see carry), in order.
	assigns []bareAssigns
	// literal are, for a word of words (by index), the offsets of the $ in it that
	// were written inside single quotes, where the shell does not expand them: the
	// word holds that text, '${VERSION}' the eleven characters.
	literal map[int][]int
}

// bareAssigns are bare assignments (NAME=value;) written one after another in the ( )
// subshells in, outermost first (see command.subshells).
type bareAssigns struct {
	env map[string]string
	in  []int
}

// in returns c run in sub, a directory relative to where c runs (go build -C): an
// absolute one, or one left to a variable, is no directory this audit can place.
func (c command) in(sub string) command {
	if path.IsAbs(sub) || strings.Contains(sub, "$") {
		c.unplaced = true
		return c
	}
	c.dir = path.Join(c.dir, sub)
	also := make([]string, 0, len(c.alsoIn))
	for _, d := range c.alsoIn {
		also = append(also, path.Join(d, sub))
	}
	c.alsoIn = also
	return c
}

// evidence returns the calls that led to c, then c's own place.
func (c command) evidence() []repo.Evidence {
	return append(append([]repo.Evidence(nil), c.via...), c.at)
}

// is reports whether c's words start with prefix.
func (c command) is(prefix ...string) bool {
	if len(c.words) < len(prefix) {
		return false
	}
	for i, w := range prefix {
		if c.words[i] != w {
			return false
		}
	}
	return true
}

// closesGroup reports whether c is the } that closes a { } group: the word alone,
// or with redirections of the group after it (} 2>&1, } >log, } <in).
func (c command) closesGroup() bool {
	return !c.docLine && c.is("}") && redirectionsOnly(c.words[1:])
}

// endsCompound reports whether c is the fi, done or esac that ends an if, a for,
// while or until loop, or a case, with redirections of it after it (done < list).
func (c command) endsCompound() bool {
	return !c.docLine && len(c.words) > 0 && slices.Contains([]string{"fi", "done", "esac"}, c.words[0]) && redirectionsOnly(c.words[1:])
}

// closeCompound sets the closes of cmds[k], when it is the fi, done or esac of an
// if, loop or case that || or && follows, to how many commands of that compound
// come before it (see compoundStart), as for a ( ) subshell; it leaves any other
// command, and one whose opening is not in cmds, as it is.
func closeCompound(cmds []command, k int) {
	if j := compoundStart(cmds, k); j >= 0 {
		cmds[k].closes = k - j
	}
}

// compoundStart returns, for cmds[k], the fi, done or esac that ends an if, loop or
// case, the index of the command that opens it (the condition the if, while or
// until is written before, the for or case; see compoundEnds); -1 for any other
// command, or one whose opening is not in cmds.
func compoundStart(cmds []command, k int) int {
	if !cmds[k].endsCompound() {
		return -1
	}
	open := 0
	for j := k; j >= 0; j-- {
		opens, closes := compoundEnds(cmds[j])
		if open += closes - opens; open <= 0 {
			return j
		}
	}
	return -1
}

// redirectionsOnly reports whether words are redirections and their files alone
// (2>&1, > log, 2> file, < in), or none.
func redirectionsOnly(words []string) bool {
	for i := 0; i < len(words); i++ {
		w := words[i]
		target, _, out := redirection(w)
		if !out && !strings.HasPrefix(w, "<") {
			return false
		}
		if out && target == "" || !out && strings.TrimLeft(w, "<") == "" {
			i++ // the file is the next word
		}
	}
	return true
}

// splitCommands splits a shell line into simple commands: at unquoted ;, &, |,
// newlines and parentheses, with quotes removed. The lines of a here-document
// after the newline that ends the line opening it, up to the line of its word
// (<<EOF ... EOF), are split each on its own, as lines of a here-document (see
// command.docLine). The patterns of a case's arms (a|b), before the arm's
// commands) are no commands, and the last command of an arm before its ;; is
// marked (see command.armEnd). Leading VAR=value words become the
// command's environment, and "env VAR=value cmd", "sudo cmd", "timeout 10m cmd" and
// the other wrappers unwrap knows are unwrapped. A $ written inside single quotes is
// recorded in command.literal (one of a GitHub expression, ${{ }}, is not: the
// runner replaces it before any shell reads the line). It is no shell: enough to
// find go, make and linter invocations. A command substitution ($(...) or `...`)
// is part of its word, and its commands are not read: see splitScript.
func splitCommands(line string) []command {
	cmds := split(line, 0)
	renumberSubshells(cmds)
	return cmds
}

// splitScript is splitCommands for a text a shell runs: the commands of each
// command substitution ($(...) or `...`, not $((...)), nested up to
// substNesting deep, are read too, as a ( ) subshell's are, placed before the
// command they stand in, whose words keep the substitution as written. A
// substitution of a bare assignment (out=$(go test ./...), also after a keyword:
// if out=$(...); then) stands for the assignment, whose status is that of its last
// substitution: the commands of that one are read in its place, so that set -e, a
// || or && after it and an if act on them as on a ( ) subshell's, and the
// assignment with its keyword is no command. Those of any other substitution
// (echo "$(go test ./...)", export OUT=$(...), OUT=$(...) cmd, and the ones before
// the last of an assignment) are marked lost: the status is another's, so the
// failure of what they run is lost (see dropFailures).
func splitScript(text string) []command {
	cmds := split(text, substNesting)
	renumberSubshells(cmds)
	return cmds
}

// substNesting is how deep in one another the command substitutions whose commands
// splitScript reads may be: deeper ones stay words, as splitCommands leaves them.
const substNesting = 4

// substitution is the text of a command substitution of a text split (see split),
// without its $( ) or backquotes, and the line of the text it starts on, from 0.
type substitution struct {
	text string
	line int
}

// split is splitCommands, reading the commands of the command substitutions nest
// deep (see splitScript), with the ( ) subshells numbered from 1 in line.
func split(line string, nest int) []command {
	mark := strings.IndexByte(line, litDollar) < 0 // a text that holds the byte already is left unmarked
	var cmds []command
	var words []string
	var cur strings.Builder
	inWord := false
	// quoted marks, for each of words, one with a part written inside quotes or
	// escaped (<<'EOF', <<"EOF", <<\EOF: a here-document whose lines are text);
	// quotes the word under way
	var quoted []bool
	quotes := false
	i := 0
	lines, counted := 0, 0 // the newlines of line[:counted]
	start := 0             // the line of the command under way: that of its first word
	flushWord := func() {
		if inWord {
			if len(words) == 0 {
				lines += strings.Count(line[counted:min(i, len(line))], "\n")
				counted = min(i, len(line))
				start = lines
			}
			quoted = append(quoted[:len(words)], quotes)
			words = append(words, cur.String())
			cur.Reset()
			inWord, quotes = false, false
		}
	}
	depth := 0          // of ( ) and { }
	var subshells []int // the ( ) open, see command.subshells
	opened := 0
	// firsts are the indexes in cmds of the first commands of the ( ) open;
	// closed marks the end of one just read, followed only by its redirections
	// (...) 2>&1, closedFrom where its commands start and closedID its number;
	// piped are the commands, from and to, and the number of each that pipes its
	// output into the next command.
	var firsts []int
	closed, closedFrom, closedID := false, 0, 0
	var groups []int // the indexes in cmds of the commands that open the { } groups open, innermost last
	var piped []pipedScope
	var assigned *exportLog   // by the bare assignments before (NAME=value; cmd)
	var pending []bareAssigns // by those since the command before
	lineFrom := 0             // the first command of cmds on the line under way
	// cases are the cases open, innermost last, each with whether the patterns of
	// an arm are read (after case x in and ;;, up to their )) and the first
	// command of its arm under way
	type openCase struct {
		patterns bool
		arm      int
	}
	var cases []openCase
	inPatterns := func() bool { return len(cases) > 0 && cases[len(cases)-1].patterns }
	// lone marks a bare assignment ended by | or & (NAME=value | cmd, NAME=value &),
	// which the shell runs in a subshell of its own, as it does one piped into
	// (cmd | NAME=value): no variable of the shell.
	lone := false
	// bare records the assignments of c, a bare NAME=value; (after a keyword or
	// not), variables of the shell for the commands after it.
	bare := func(c command) {
		if lone || len(cmds) > 0 && cmds[len(cmds)-1].piped {
			return
		}
		if assigned == nil {
			assigned = newExportLog()
		}
		for k, v := range c.env {
			assigned.assign(k, v, true)
		}
		if n := len(pending); n > 0 && slices.Equal(pending[n-1].in, subshells) {
			maps.Copy(pending[n-1].env, c.env)
		} else {
			pending = append(pending, bareAssigns{env: maps.Clone(c.env), in: slices.Clone(subshells)})
		}
	}
	// ended is the command whose AND list the bare assignment just read ends (cmd &&
	// NAME=value): no command follows its &&, and a || or && after the assignment
	// follows it (see listed); -1 for none.
	ended := -1
	// found are the command substitutions of the command under way, read when nest
	// is above 0 (see splitScript); substFrom is the first command of the one
	// that stands for the bare assignment just read, whose status is its own (see
	// listed), -1 for none.
	var found []substitution
	substFrom := -1
	lineAt := func(at int) int { return lines + strings.Count(line[counted:at], "\n") }
	// substitute adds the commands of subs, each read as a ( ) subshell of its own;
	// status marks those of a bare assignment, whose last substitution gives its
	// status, and kw are the keywords written before that assignment (if, then, {),
	// given to the first command added. It returns the first command of the last
	// substitution, or -1 when subs hold no command.
	substitute := func(subs []substitution, kw []string, status bool) int {
		last := -1
		for n, sub := range subs {
			inner := split(sub.text, nest-1)
			if len(inner) == 0 {
				continue
			}
			most := maxSubshell(inner)
			opened++
			prefix := append(slices.Clone(subshells), opened)
			shift := func(ids []int) []int {
				out := slices.Clone(prefix)
				for _, id := range ids {
					out = append(out, opened+id)
				}
				return out
			}
			last = len(cmds)
			final := len(inner) - 1 // the last of inner but the fi, esac and } that end it
			for final > 0 && (inner[final].docLine || len(inner[final].words) == 1 && slices.Contains([]string{"fi", "esac", "}"}, inner[final].words[0])) {
				final--
			}
			for k, ic := range inner {
				if len(kw) > 0 && !ic.docLine {
					opens := strings.Count(strings.Join(kw, " "), "{")
					depth += opens
					for range opens {
						groups = append(groups, len(cmds))
					}
					ic.kw, kw = append(slices.Clone(kw), ic.kw...), nil
				}
				ic.line += sub.line
				ic.depth += depth + 1
				ic.subshells = shift(ic.subshells)
				for j := range ic.pipes {
					ic.pipes[j] += opened
				}
				for j := range ic.assigns {
					ic.assigns[j].in = shift(ic.assigns[j].in)
				}
				ic.docs = nil // its here-documents are among inner already
				ic.substituted = true
				ic.lost = ic.lost || !status || n < len(subs)-1
				end := k // the end of its AND list or pipe, whose status a failure becomes
				for end < final && (inner[end].andThen || inner[end].piped) {
					end++
				}
				ic.midSubst = end < final && !ic.docLine
				if status && n == len(subs)-1 && k >= final && !ic.docLine {
					ic.substEnd, ic.substSpan = true, k
				}
				ic.substDepth++
				cmds = append(cmds, ic)
			}
			opened += most
		}
		return last
	}
	flushCmd := func() {
		flushWord()
		ended, substFrom = -1, -1
		subs := found
		found = nil
		if closed && redirectionsOnly(words) {
			words = nil // (...) 2>&1: the subshell's, no command of its own
			return
		}
		docs := hereDocEnds(words, quoted[:len(words)]) // before unmark: a quoted << opens none
		c, ok := newCommand(words)
		c.docs = docs
		if len(subs) > 0 {
			switch {
			case ok && len(c.env) > 0 && len(c.words) == 1 && slices.Contains(shellKeywords, c.words[0]): // then NAME=$(...);
				if substFrom = substitute(subs, append(slices.Clone(c.kw), c.words...), true); substFrom >= 0 {
					c.unmark()
					bare(c)
					words = nil
					return // the assignment with its keywords, no command of its own
				}
			case !ok && len(c.kw) == 0 && len(c.env) > 0: // NAME=$(...);
				substFrom = substitute(subs, nil, true)
			case ok:
				substitute(subs, nil, false)
			}
		}
		if !ok && len(c.kw) == 0 && len(c.env) > 0 { // NAME=value;
			c.unmark()
			bare(c)
			if k := len(cmds) - 1; k >= 0 && !cmds[k].docLine && substFrom < 0 {
				switch {
				case cmds[k].andThen:
					cmds[k].andThen, cmds[k].andAssign, ended = false, true, k
				case cmds[k].orElse: // cmd || NAME=value: no command follows its ||
					cmds[k].orElse, cmds[k].orAssign, cmds[k].orAssigned = false, true, c.env
				}
			}
		}
		if ok {
			c.unmark()
			if assigned != nil {
				c.vars = scriptVars{log: assigned, n: assigned.n}
			}
			c.subshells = slices.Clone(subshells)
			c.assigns, pending = pending, nil
			if len(c.env) > 0 && len(c.words) == 1 && slices.Contains(shellKeywords, c.words[0]) { // then NAME=value;
				bare(c)
				c.env = map[string]string{}
			}
			c.line = start
			switch {
			case c.is("case") && len(c.words) == 3 && c.words[2] == "in":
				cases = append(cases, openCase{patterns: true})
			case c.endsCompound() && c.is("esac") && len(cases) > 0:
				cases = cases[:len(cases)-1]
			}
			opens := strings.Count(strings.Join(c.kw, " "), "{")
			if c.is("{") {
				opens++
			}
			depth += opens
			for range opens {
				groups = append(groups, len(cmds))
			}
			c.depth = depth
			if c.closesGroup() {
				depth--
				if n := len(groups); n > 0 {
					c.closes = len(cmds) - groups[n-1]
					groups = groups[:n-1]
				}
			}
			cmds = append(cmds, c)
		}
		words = nil
	}
	// listed reads the end of the command before the || or && at i, and returns the
	// index of the command the operator follows, with its closes set (see
	// command.closes): the command, or the last of the ( ) subshell that just closed
	// ((...) || true); -1 for none.
	listed := func() int {
		n := len(cmds)
		flushCmd()
		k := len(cmds) - 1
		switch {
		case substFrom >= n && len(cmds) > n: // out=$(...) ||: the substitution's last command
			cmds[k].closes = k - substFrom
		case len(cmds) > n:
			closeCompound(cmds, k)
		case closed && closedFrom < n: // a ( ) subshell just closed: its last command
			cmds[k].closes = k - closedFrom
		case ended >= 0: // cmd && NAME=value || ...: the status is cmd's
			k = ended
		default:
			k = -1
		}
		closed = false
		return k
	}
	// bodies reads, at the newline at i, the here-documents the commands of the line
	// it ends open, each line split on its own, up to the line that ends the last:
	// i is left at the newline of that line.
	bodies := func() {
		var ends []docEnd
		for _, c := range cmds[lineFrom:] {
			ends = append(ends, c.docs...)
		}
		if len(ends) > 0 {
			n := lines + strings.Count(line[counted:i], "\n") // the line of the newline at i
			for _, end := range ends {
				for i < len(line) {
					from := i + 1
					i = len(line)
					if k := strings.IndexByte(line[from:], '\n'); k >= 0 {
						i = from + k
					}
					n++
					for _, c := range splitCommands(line[from:i]) {
						cmds = append(cmds, command{words: c.words, env: c.env, kw: c.kw, literal: c.literal,
							docLine: true, line: n, depth: depth, subshells: slices.Clone(subshells)})
					}
					if end.endsAt(line[from:i]) {
						break
					}
					if nest > 0 && !end.quoted {
						// the shell expands the line as it feeds the command: the
						// commands of its substitutions run, their status lost
						substitute(docSubstitutions(line[from:i], n), nil, false)
					}
				}
			}
			lines, counted = n, i
		}
		lineFrom = len(cmds)
	}
	// backquoted reads the `...` at i, up to the next backquote, which a line after
	// it may hold: a command substitution, part of the word as $(...) is; i is left
	// at its end.
	backquoted := func() {
		end := i + 1 + strings.IndexByte(line[i+1:], '`')
		if nest > 0 {
			found = append(found, substitution{text: line[i+1 : end], line: lineAt(i)})
		}
		cur.WriteString(line[i : end+1])
		i = end
	}
	var closing map[int]int // of each (, see closers
	if strings.Contains(line, "$(") || strings.Contains(line, string(rune(keptDollar))+"(") {
		closing = closers(line)
	}
	// keptRef reads the $( at i, marked keptDollar, up to its ): a Make reference
	// left unexpanded in a recipe (see makeShellText), part of the word, neither a
	// command substitution nor a ( ) subshell; i is left at its ).
	keptRef := func() {
		end := closing[i+1]
		cur.WriteString(line[i : end+1])
		i = end
	}
	for ; i < len(line); i++ {
		ch := line[i]
		if inPatterns() && len(words) == 0 && inWord && strings.IndexByte(" \t\r\n;&|()", ch) >= 0 && cur.String() == "esac" {
			cases[len(cases)-1].patterns = false // the esac that ends the case, where a pattern would be
		}
		switch {
		case ch == '`' && strings.IndexByte(line[i+1:], '`') >= 0:
			backquoted()
			inWord = true
		case ch == '\'':
			j := strings.IndexByte(line[i+1:], '\'')
			if j < 0 {
				j = len(line) - i - 1
			}
			if quoted := line[i+1 : i+1+j]; mark {
				cur.WriteString(markLess(markLiteral(quoted)))
			} else {
				cur.WriteString(quoted)
			}
			inWord, quotes = true, true
			i += j + 1
		case ch == '"':
			inWord, quotes = true, true
			for i++; i < len(line) && line[i] != '"'; i++ {
				if line[i] == '$' && i+1 < len(line) && line[i+1] == '(' && closing[i+1] > i {
					// a command substitution has quotes of its own:
					// "-X $(git describe "--tags")/v.V"
					end := closing[i+1]
					if nest > 0 && !arithmetic(line, i, closing) {
						found = append(found, substitution{text: line[i+2 : end], line: lineAt(i)})
					}
					cur.WriteString(line[i : end+1])
					i = end
					continue
				}
				if line[i] == '`' && strings.IndexByte(line[i+1:], '`') >= 0 {
					backquoted() // "...`...`...": a command substitution, as unquoted
					continue
				}
				if line[i] == keptDollar && i+1 < len(line) && line[i+1] == '(' && closing[i+1] > i {
					keptRef() // "$(TESTFLAGS)": a Make reference, no command
					continue
				}
				if line[i] == '\\' && i+1 < len(line) && strings.IndexByte(`"\$`+"`", line[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(quotedByte(line[i], mark))
			}
		case ch == '\\' && i+1 < len(line):
			i++
			if line[i] != '\n' {
				cur.WriteByte(quotedByte(line[i], mark))
				inWord, quotes = true, true
			}
		case ch == '<' && inWord && strings.HasPrefix(line[i:], "<<") && strings.Trim(cur.String(), "0123456789") != "" && !strings.HasSuffix(cur.String(), "<"):
			// a here-document written against the word before it (cat<<EOF,
			// >out<<EOF) opens as one after a blank does; after an fd (0<<EOF) it
			// stays in its word, which hereDocEnds reads
			flushWord()
			cur.WriteByte(ch)
			inWord = true
		case inPatterns() && strings.IndexByte(" \t\r\n;&|()#", ch) >= 0 && (ch != '#' || !inWord):
			// a pattern of an arm: a|b), (a), the patterns and comments between arms
			flushWord()
			switch ch {
			case ')':
				words, found = nil, nil
				cases[len(cases)-1] = openCase{arm: len(cmds)}
			case '#':
				for i+1 < len(line) && line[i+1] != '\n' {
					i++
				}
			}
		case len(cases) > 0 && ch == ';' && i+1 < len(line) && (line[i+1] == ';' || line[i+1] == '&'):
			// the end of an arm: ;;, or ;& and ;;& that go on with the next
			flushCmd()
			if len(cmds) > cases[len(cases)-1].arm && line[i+1] == ';' && (i+2 == len(line) || line[i+2] != '&') {
				cmds[len(cmds)-1].armEnd = true
			}
			closed = false
			cases[len(cases)-1].patterns = true
			for i+1 < len(line) && (line[i+1] == ';' || line[i+1] == '&') {
				i++
			}
		case ch == '#' && !inWord:
			for i < len(line) && line[i] != '\n' {
				i++
			}
			flushCmd()
			closed = false
			if i < len(line) {
				bodies()
			}
		case ch == '|' && i+1 < len(line) && line[i+1] == '|':
			if k := listed(); k >= 0 {
				cmds[k].orElse = true
			}
			i++
		case ch == '&' && (i > 0 && (line[i-1] == '>' || line[i-1] == '<') || i+1 < len(line) && line[i+1] == '>'):
			cur.WriteByte(ch) // a redirection (2>&1, &>file), not a command in the background
			inWord = true
		case ch == '|' && inWord && line[i-1] == '>':
			cur.WriteByte(ch) // >|, an output redirection over noclobber, not a pipe
		case ch == '|':
			n := len(cmds)
			lone = true
			flushCmd()
			lone = false
			if len(cmds) > n {
				cmds[len(cmds)-1].piped = true
			} else if closed { // (...) | cmd
				piped = append(piped, pipedScope{closedFrom, n, closedID})
			}
			closed = false
			if i+1 < len(line) && line[i+1] == '&' { // |& pipes stderr too
				i++
			}
		case ch == '&' && i+1 < len(line) && line[i+1] == '&':
			if k := listed(); k >= 0 {
				cmds[k].andThen = true
			}
			i++
		case ch == '$' && strings.HasPrefix(line[i:], "${{") && strings.Contains(line[i:], "}}"):
			// a GitHub expression left as written: one word, whatever its spaces
			end := i + strings.Index(line[i:], "}}") + 2
			cur.WriteString(line[i:end])
			inWord = true
			i = end - 1
		case ch == keptDollar && i+1 < len(line) && line[i+1] == '(' && closing[i+1] > i:
			keptRef()
			inWord = true
		case ch == '$' && i+1 < len(line) && line[i+1] == '(' && closing[i+1] > i:
			// $(...) and $((...)): part of the word, as the shell expands it; the
			// command's status stands
			end := closing[i+1]
			if nest > 0 && !arithmetic(line, i, closing) {
				found = append(found, substitution{text: line[i+2 : end], line: lineAt(i)})
			}
			cur.WriteString(line[i : end+1])
			inWord = true
			i = end
		case strings.IndexByte(";&\n()", ch) >= 0:
			n := len(cmds)
			lone = ch == '&'
			flushCmd()
			lone = false
			if last := len(cmds) - 1; ch == '(' && len(cmds) > n && strings.HasPrefix(strings.TrimLeft(line[i+1:], " \t"), ")") &&
				(len(cmds[last].words) == 1 || len(cmds[last].words) == 2 && cmds[last].words[0] == "function") {
				cmds[last].funcDef = true // name () { ...; }: a definition, not a call
			}
			if ch == '&' && (len(cmds) > n || closed) { // the AND-OR list or pipe it ends runs in the background
				// each element's last command, from the last element back over
				// the { } groups and ( ) subshells the list holds (cmd || { ...; } &)
				start := len(cmds) - 1 // the first command of the element under way
				switch {
				case len(cmds) == n: // ( ... ) &
					start = closedFrom
				case cmds[start].closesGroup():
					start -= cmds[start].closes
				}
				cmds[len(cmds)-1].background = true
				for k := start - 1; k >= 0 && (cmds[k].piped || cmds[k].andThen || cmds[k].orElse); k = start - 1 {
					cmds[k].background = true
					start = k - cmds[k].closes
				}
			}
			closed = false
			switch ch {
			case '\n':
				bodies()
			case '(':
				depth++
				opened++
				subshells = append(subshells, opened)
				firsts = append(firsts, len(cmds))
			case ')':
				depth--
				if len(subshells) > 0 { // not the ) of a case pattern
					closedID = subshells[len(subshells)-1]
					subshells = subshells[:len(subshells)-1]
					closed, closedFrom = true, firsts[len(firsts)-1]
					firsts = firsts[:len(firsts)-1]
				}
			}
		case ch == ' ' || ch == '\t' || ch == '\r':
			flushWord()
			if n := len(words); n >= 3 && words[n-1] == "in" && words[n-3] == "case" &&
				!slices.ContainsFunc(words[:n-3], func(w string) bool { return !slices.Contains(shellKeywords, w) }) {
				flushCmd() // case x in: the patterns of its first arm follow
			}
		default:
			cur.WriteByte(ch)
			inWord = true
		}
	}
	flushCmd()
	markInPipe(cmds, append(piped, groupSubshells(cmds, opened)...))
	return cmds
}

// docSubstitutions returns the command substitutions of line, a line of a
// here-document whose word is not quoted, which the shell expands as it expands a
// text inside double quotes: $(...) that the line closes (not $((...))), and
// `...`, but for a $ or ` escaped by a \; n is the line's. Each is scanned once,
// up to its end.
func docSubstitutions(line string, n int) []substitution {
	var subs []substitution
	for j := 0; j < len(line); j++ {
		switch {
		case line[j] == '\\':
			j++
		case line[j] == '`':
			k := strings.IndexByte(line[j+1:], '`')
			if k < 0 {
				return subs
			}
			subs = append(subs, substitution{text: line[j+1 : j+1+k], line: n})
			j += k + 1
		case line[j] == '$' && j+1 < len(line) && line[j+1] == '(':
			end := closeParen(line[j+1:])
			if end < 0 {
				return subs
			}
			if !strings.HasPrefix(line[j+1:], "((") || closeParen(line[j+2:]) != end-2 { // not $((...))
				subs = append(subs, substitution{text: line[j+2 : j+1+end], line: n})
			}
			j += end + 1
		}
	}
	return subs
}

// closeParen returns the index in s, which starts with (, of the ) that closes it,
// past nested parentheses and quotes, as closers finds it; -1 when s does not.
func closeParen(s string) int {
	depth := 0
	for j := 0; j < len(s); j++ {
		switch s[j] {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return j
			}
		case '\'':
			k := strings.IndexByte(s[j+1:], '\'')
			if k < 0 {
				return -1
			}
			j += k + 1
		case '\\':
			j++
		}
	}
	return -1
}

// arithmetic reports whether the $( at i of line, whose ( closing closes, opens an
// arithmetic expansion, $((...)), rather than a command substitution.
func arithmetic(line string, i int, closing map[int]int) bool {
	return i+2 < len(line) && line[i+2] == '(' && closing[i+2] == closing[i+1]-1
}

// subshellIDs counts the ( ) subshells numbered so far (see renumberSubshells).
var subshellIDs atomic.Int64

// renumberSubshells gives the ( ) subshells of cmds, the commands of one text
// numbered from 1 in it (and the { } groups run as one, see groupSubshells),
// numbers no other text's have: a script read a line or a piece at a time has one
// subshell per ( ), whose changes end at its ) (see carry, and dropFailures for a
// set in it), and command.pipes names each by its new number.
func renumberSubshells(cmds []command) {
	most := maxSubshell(cmds)
	if most == 0 {
		return
	}
	base := int(subshellIDs.Add(int64(most))) - most
	for k := range cmds {
		for j := range cmds[k].subshells {
			cmds[k].subshells[j] += base
		}
		for j := range cmds[k].pipes {
			cmds[k].pipes[j] += base
		}
		for _, a := range cmds[k].assigns {
			for j := range a.in {
				a.in[j] += base
			}
		}
	}
}

// maxSubshell returns the highest number of the ( ) subshells (and { } groups run
// as one) that the commands of cmds, or the bare assignments before them, are in;
// 0 for none.
func maxSubshell(cmds []command) int {
	most := 0
	for _, c := range cmds {
		for _, id := range c.subshells {
			most = max(most, id)
		}
		for _, a := range c.assigns {
			for _, id := range a.in {
				most = max(most, id)
			}
		}
	}
	return most
}

// pipedScope is a ( ) subshell or { } group of a text split (see splitCommands)
// that pipes its output into the next command: its commands, from and to (not
// included), and its number among command.subshells.
type pipedScope struct{ from, to, id int }

// markInPipe marks the commands of cmds in any of the scopes as inPipe, and gives
// the first command of each its number in pipes.
func markInPipe(cmds []command, scopes []pipedScope) {
	if len(scopes) == 0 {
		return
	}
	open := make([]int, len(cmds)+1) // how many of the scopes start at each command, less those that end
	for _, sc := range scopes {
		if sc.to > sc.from {
			cmds[sc.from].pipes = append(cmds[sc.from].pipes, sc.id)
			open[sc.from]++
			open[sc.to]--
		}
	}
	in := 0
	for k := range cmds {
		in += open[k]
		cmds[k].inPipe = in > 0
	}
}

// groupSubshells marks the commands of each { } group of cmds that runs in a shell
// of its own, as one in a pipe or run in the background does ({ cd svc; go test
// ./...; } | tee log), as in a ( ) subshell of their own (see command.subshells),
// numbered after opened, the ( ) subshells of the text: a cd in the group moves
// only the commands after it in the group. It returns the commands, from and to, of
// each group that pipes its output into the next command, and its number (see
// command.inPipe).
func groupSubshells(cmds []command, opened int) (piped []pipedScope) {
	type group struct{ start, end, at, id int }
	var own []group // by their }, in order
	var open []int  // the commands whose { is open, innermost last
	for end, c := range cmds {
		if c.docLine {
			continue
		}
		if c.closesGroup() {
			if n := len(open); n > 0 {
				start := open[n-1]
				open = open[:n-1]
				if c.piped || c.background || start > 0 && cmds[start-1].piped {
					opened++
					if c.piped {
						piped = append(piped, pipedScope{start, end, opened})
					}
					// inside the ( ) open at the {, around those opened after it
					own = append(own, group{start: start, end: end, at: len(cmds[start].subshells), id: opened})
				}
			}
			continue
		}
		for range strings.Count(strings.Join(c.kw, " "), "{") {
			open = append(open, end)
		}
		if c.is("{") {
			open = append(open, end)
		}
	}
	if len(own) == 0 {
		return piped
	}
	// The groups nest as their { and } do: sweep the commands with the groups open
	// at each, outermost first, so that each command's list is built once.
	slices.SortStableFunc(own, func(a, b group) int { return cmp.Or(a.start-b.start, b.end-a.end) })
	// within returns subshells, the ( ) a command or bare assignment is in, with the
	// groups of in put in place around them.
	within := func(subshells []int, in []group) []int {
		subs := make([]int, 0, len(subshells)+len(in))
		g := 0
		for j, id := range subshells {
			for ; g < len(in) && in[g].at <= j; g++ {
				subs = append(subs, in[g].id)
			}
			subs = append(subs, id)
		}
		for ; g < len(in); g++ {
			subs = append(subs, in[g].id)
		}
		return subs
	}
	var in []group
	next := 0
	for k := range cmds {
		for ; next < len(own) && own[next].start == k; next++ {
			in = append(in, own[next])
		}
		if len(in) == 0 {
			continue
		}
		cmds[k].subshells = within(cmds[k].subshells, in)
		// the bare assignments before the command are in the groups it does not
		// open ({ V=1; true; } | cat: V=1 is the group's; X=1; { true; } | cat: X=1
		// is not)
		if len(cmds[k].assigns) > 0 {
			inside := slices.DeleteFunc(slices.Clone(in), func(gr group) bool { return gr.start == k })
			for j := range cmds[k].assigns {
				cmds[k].assigns[j].in = within(cmds[k].assigns[j].in, inside)
			}
		}
		in = slices.DeleteFunc(in, func(gr group) bool { return gr.end == k })
	}
	return piped
}

// litDollar stands, in the words splitCommands builds, for a $ written inside
// single quotes until unmark records it; keptDollar for one that is no shell's to
// read there (a Make reference left unexpanded in a recipe, see makeShellText);
// quotedLess for a < written inside quotes, which opens no here-document
// (echo "<<EOF", see hereDocEnds).
const (
	litDollar  = '\x00'
	keptDollar = '\x02'
	quotedLess = '\x03'
)

// markLess returns text, written inside quotes, with each < replaced by quotedLess.
func markLess(text string) string {
	return strings.ReplaceAll(text, "<", string(rune(quotedLess)))
}

// quotedByte returns b, written inside quotes, as splitCommands writes it in its
// word: quotedLess for a <, when it marks (see markLess).
func quotedByte(b byte, mark bool) byte {
	if b == '<' && mark {
		return quotedLess
	}
	return b
}

// markLiteral returns text, written inside single quotes, with each $ that does
// not start a GitHub expression (${{ }}) replaced by litDollar.
func markLiteral(text string) string {
	if strings.IndexByte(text, '$') < 0 {
		return text
	}
	b := []byte(text)
	for i := range b {
		if b[i] == '$' && !strings.HasPrefix(text[i:], "${{") {
			b[i] = litDollar
		}
	}
	return string(b)
}

// unmark turns the marked dollars of c back into $, recording in c.literal those
// that were written inside single quotes (see splitCommands).
func (c *command) unmark() {
	for i, w := range c.words {
		if strings.IndexByte(w, litDollar) < 0 && strings.IndexByte(w, keptDollar) < 0 && strings.IndexByte(w, quotedLess) < 0 {
			continue
		}
		for k := range len(w) {
			if w[k] == litDollar {
				if c.literal == nil {
					c.literal = map[int][]int{}
				}
				c.literal[i] = append(c.literal[i], k)
			}
		}
		c.words[i] = unmarked.Replace(w)
	}
	for k, v := range c.env {
		c.env[k] = unmarked.Replace(v)
	}
	for i, w := range c.kw {
		c.kw[i] = unmarked.Replace(w)
	}
}

// unmarked turns the marks splitCommands writes in words back into what they stand for.
var unmarked = strings.NewReplacer(string(rune(litDollar)), "$", string(rune(keptDollar)), "$", string(rune(quotedLess)), "<")

// unexpanded returns value, the part of c's word i from its byte off, with each $
// that c.literal records (written inside single quotes) replaced by quotedDollar.
func (c command) unexpanded(i, off int, value string) string {
	var b strings.Builder
	last := 0
	for _, k := range c.literal[i] {
		if k -= off; k >= last && k < len(value) && value[k] == '$' {
			b.WriteString(value[last:k])
			b.WriteString(quotedDollar)
			last = k + 1
		}
	}
	if last == 0 {
		return value
	}
	b.WriteString(value[last:])
	return b.String()
}

// quotedDollar stands, in the -ldflags a build reads (goBuild.ldflags), for a $
// written inside single quotes: the shell passes it to the go command as text, so
// it starts no reference for this audit to expand. asWritten turns it back.
const quotedDollar = "\uFF04"

// asWritten returns s, read from a build file, with the $ that quotedDollar stands
// for.
func asWritten(s string) string {
	return strings.ReplaceAll(s, quotedDollar, "$")
}

// byQuotes returns line, a shell text, with outside applied to each of its parts
// outside single quotes and inside to the text of each single-quoted part (a '
// inside double quotes, or escaped, is a character like any other).
func byQuotes(line string, outside, inside func(string) string) string {
	var out strings.Builder
	start, double := 0, false
	for i := 0; i < len(line); i++ {
		switch ch := line[i]; {
		case ch == '\\':
			i++
		case ch == '"':
			double = !double
		case ch == '\'' && !double:
			end := len(line)
			if j := strings.IndexByte(line[i+1:], '\''); j >= 0 {
				end = i + 1 + j
			}
			out.WriteString(outside(line[start:i]))
			out.WriteString("'" + inside(line[i+1:end]))
			if end < len(line) {
				out.WriteString("'")
			}
			i, start = end, end+1
		}
	}
	if start < len(line) {
		out.WriteString(outside(line[start:]))
	}
	return out.String()
}

// closers returns, for each ( of line outside single quotes, the index of the )
// that closes it, past nested parentheses and quotes; one the line does not close is
// left out. One pass, whatever the nesting.
func closers(line string) map[int]int {
	out := map[int]int{}
	var open []int
	for j := 0; j < len(line); j++ {
		switch line[j] {
		case '(':
			open = append(open, j)
		case ')':
			if n := len(open); n > 0 {
				out[open[n-1]] = j
				open = open[:n-1]
			}
		case '\'':
			k := strings.IndexByte(line[j+1:], '\'')
			if k < 0 {
				return out
			}
			j += k + 1
		case '\\':
			j++
		}
	}
	return out
}

func newCommand(words []string) (command, bool) {
	c := command{env: map[string]string{}}
	for len(words) > 0 {
		w := words[0]
		if k, v, ok := strings.Cut(w, "="); ok && isEnvName(k) {
			c.env[k] = v
			words = words[1:]
			continue
		}
		if w == "env" {
			var clears bool
			var dir string
			words, clears, dir = envOptions(words[1:], c.env)
			c.clears = c.clears || clears
			c.chdir = chdirTo(c.chdir, dir)
			continue
		}
		if rest, ok := unwrap(words); ok {
			if kept, resets := sudoResets(words[:len(words)-len(rest)]); resets {
				maps.DeleteFunc(c.env, func(k, _ string) bool { return !slices.Contains(kept, k) }) // given to sudo, which drops them
				c.clears, c.kept = true, kept
			}
			words = rest
			continue
		}
		if slices.Contains(shellKeywords, w) {
			c.kw = append(c.kw, w)
			words = words[1:]
			continue
		}
		break
	}
	if len(words) == 0 && len(c.kw) > 0 { // then, else, do, { by itself
		words, c.kw = c.kw[len(c.kw)-1:], c.kw[:len(c.kw)-1]
	}
	if len(words) == 0 {
		return c, false
	}
	c.words = words
	return c, true
}

// durationVar matches a word that is one reference to a variable, with a default
// duration or not ($T, ${TIMEOUT}, ${T:-10m}): timeout's duration, whatever it holds.
var durationVar = regexp.MustCompile(`^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*(?::?-[0-9.smhd]*)?\})$`)

// unwrap returns, for words that start with a command that runs the command after
// its options and arguments (sudo, exec, time, nice, timeout, nohup), that command
// with its words; ok is false for any other, and for a timeout without a duration
// (a number with its unit, or a variable: see durationVar).
func unwrap(words []string) (rest []string, ok bool) {
	takes := map[string][]string{ // the options of each that take the next word
		"sudo":    sudoLongArgs, // and its short options (see sudoCluster)
		"exec":    {"-a"},
		"time":    {"-f", "-o"},
		"nice":    {"-n"},
		"timeout": {"-s", "-k"},
		"nohup":   nil,
	}
	opts, wrapper := takes[words[0]]
	if !wrapper {
		return nil, false
	}
	rest = words[1:]
	for len(rest) > 0 && len(rest[0]) > 1 && rest[0][0] == '-' {
		if rest[0] == "--" {
			rest = rest[1:]
			break
		}
		takesNext := slices.Contains(opts, rest[0])
		if words[0] == "sudo" && rest[0][1] != '-' {
			_, takesNext = sudoCluster(rest[0])
		}
		if takesNext && len(rest) > 1 {
			rest = rest[1:]
		}
		rest = rest[1:] // -E, --preserve-status, --signal=TERM, nice's -5
	}
	if words[0] == "timeout" { // its duration: 10m, 1.5h, 90, or a variable that holds one, $T
		if len(rest) == 0 || strings.Trim(rest[0], "0123456789.smhd") != "" && !durationVar.MatchString(rest[0]) {
			return nil, false
		}
		rest = rest[1:]
	}
	return rest, true
}

// sudoResets reports whether words, a call of sudo with its options, runs its
// command with an environment of its own, as sudo's default env_reset does: the
// caller's exports, a VAR=value before sudo and the CI's env are dropped, but for
// those a VAR=value after sudo's options sets and kept, those --preserve-env=LIST
// names; -E and --preserve-env keep them all.
func sudoResets(words []string) (kept []string, resets bool) {
	if len(words) == 0 || words[0] != "sudo" {
		return nil, false
	}
	for k := 1; k < len(words); k++ {
		switch w := words[k]; {
		case w == "--preserve-env":
			return nil, false
		case strings.HasPrefix(w, "--preserve-env="):
			kept = append(kept, strings.Split(strings.TrimPrefix(w, "--preserve-env="), ",")...)
		case len(w) > 1 && w[0] == '-' && w[1] != '-':
			preserve, next := sudoCluster(w)
			if preserve {
				return nil, false
			}
			if next {
				k++ // the option's argument: -u Eve
			}
		case slices.Contains(sudoLongArgs, w):
			k++ // --user Eve
		}
	}
	return kept, true
}

// sudoArgs are the short options of sudo that take an argument (sudo(8), 1.9): -a
// type, -C num, -c class, -D directory, -g group, -h host, -p prompt, -R
// directory, -r role, -T timeout, -t type, -U user, -u user; sudoLongArgs are
// their long forms, written with the argument as the next word (--user root).
const sudoArgs = "aCcDghpRrTtUu"

var sudoLongArgs = []string{"--auth-type", "--close-from", "--login-class", "--chdir", "--group", "--host", "--prompt", "--chroot", "--role", "--command-timeout", "--type", "--other-user", "--user"}

// sudoCluster reads w, a word of sudo's short options (-E, -nE, -uEve): preserve
// reports an -E among them, before the first that takes an argument (see
// sudoArgs), whose argument the rest of w is (-uEve is -u Eve); next reports that
// w ends with that option, its argument the next word (-Eu root).
func sudoCluster(w string) (preserve, next bool) {
	for j := 1; j < len(w); j++ {
		switch {
		case w[j] == 'E':
			preserve = true
		case strings.IndexByte(sudoArgs, w[j]) >= 0:
			return preserve, j == len(w)-1
		}
	}
	return preserve, false
}

// envOptions returns words, what follows env, after the options that env reads, as
// getopt reads them (-iu NAME is -i -u NAME): the variables -u NAME (-uNAME, --unset
// NAME, --unset=NAME) removes are set empty in env, which the go command takes as
// unset (env -u CGO_ENABLED go test -race undoes a CGO_ENABLED=0 of the CI); -i (-,
// --ignore-environment) empties env and reports clears: the command starts with the
// variables set after it alone (see command.clears); -S STRING (--split-string)
// gives the words of STRING, read as env's next arguments; -0, -v and their long
// forms are passed over; -C DIR (-CDIR, --chdir DIR, --chdir=DIR), GNU coreutils'
// option that runs the command in DIR, is returned as dir: the last -C alone, as env
// changes directory once (env -C a -C b: b; env -C a env -C b: a/b, see newCommand). It
// stops at --, at a NAME=value or the command, and at an option it does not know.
func envOptions(words []string, env map[string]string) (rest []string, clears bool, dir string) {
	for len(words) > 0 {
		w := words[0]
		switch {
		case w == "--":
			return words[1:], clears, dir
		case w == "--chdir" && len(words) > 1:
			dir = words[1]
			words = words[2:]
		case strings.HasPrefix(w, "--chdir="):
			dir = strings.TrimPrefix(w, "--chdir=")
			words = words[1:]
		case w == "-" || w == "--ignore-environment":
			clear(env)
			clears = true
			words = words[1:]
		case (w == "--unset" || w == "--split-string") && len(words) > 1:
			words = envOption(w == "--unset", words[1], words[2:], env)
		case strings.HasPrefix(w, "--unset=") || strings.HasPrefix(w, "--split-string="):
			name, value, _ := strings.Cut(w, "=")
			words = envOption(name == "--unset", value, words[1:], env)
		case w == "--null" || w == "--debug":
			words = words[1:]
		case len(w) > 1 && w[0] == '-' && w[1] != '-':
			next, ok := words[1:], true
			for j := 1; j < len(w) && ok; j++ {
				switch o := w[j]; {
				case o == 'i':
					clear(env)
					clears = true
				case o == '0' || o == 'v':
				case (o == 'u' || o == 'S') && j+1 < len(w):
					next, j = envOption(o == 'u', w[j+1:], next, env), len(w)
				case (o == 'u' || o == 'S') && len(next) > 0:
					next, j = envOption(o == 'u', next[0], next[1:], env), len(w)
				case o == 'C' && j+1 < len(w):
					dir = w[j+1:]
					j = len(w)
				case o == 'C' && len(next) > 0:
					dir = next[0]
					next, j = next[1:], len(w)
				default:
					ok = false
				}
			}
			if !ok {
				return words, clears, dir
			}
			words = next
		default:
			return words, clears, dir
		}
	}
	return words, clears, dir
}

// chdirTo returns the directory env -C d runs its command in when run in dir, ""
// or one that an env -C before it named: d, relative to dir.
func chdirTo(dir, d string) string {
	if dir == "" || d == "" || path.IsAbs(d) {
		return cmp.Or(d, dir)
	}
	return path.Join(dir, d)
}

// envOption applies env's option -u NAME (unset) or -S STRING with its value to
// env, and returns the words env reads after it, rest: -S's words first.
func envOption(unset bool, value string, rest []string, env map[string]string) []string {
	if unset {
		env[value] = ""
		return rest
	}
	return append(strings.Fields(value), rest...)
}

// shellKeywords are the reserved words of the shell that may come before a simple
// command: they open or continue a compound command.
var shellKeywords = []string{"if", "elif", "then", "else", "while", "until", "do", "!", "{"}

func isEnvName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r != '_' && (r < 'A' || r > 'Z') && (r < 'a' || r > 'z') && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// getenv returns the value of a variable in the environment c runs with: set before
// it, or exported earlier in its script; or "" for one an unset earlier in its script
// removed, or any other of a command run through env -i (see clears), which the go
// command reads as it reads a variable that is not set (CGO_ENABLED= leaves cgo to its
// default), and which hides a value of the stage's ENV or the CI's env.
func (c command) getenv(key string) (string, bool) {
	if c.clears && !slices.Contains(c.kept, key) {
		return c.env[key], true
	}
	return c.shellVar(key)
}

// shellVar is getenv for a reference to a variable in c's words ($VERSION), which
// the shell expands before env -i runs: the variables of the script's shell, which
// env -i does not remove.
func (c command) shellVar(key string) (string, bool) {
	if v, ok := c.env[key]; ok {
		return v, true
	}
	v, set, unset := c.exports.lookup(key)
	return v, set || unset
}

// scriptVar returns the value of the shell variable name that c's script assigns
// before it: on its line (NAME=value; cmd), else on a line of its own.
func (c command) scriptVar(name string) (string, bool) {
	if v, ok := c.vars.lookup(name); ok {
		return v, true
	}
	if v, ok := c.lineVars.lookup(name); ok {
		return v, true
	}
	v, ok := c.envVars[name]
	return v, ok
}

// runEnv returns the value of a variable in the environment c runs with: set
// before it or exported earlier in its script (see getenv), else put there by the
// CI (see ciValue); one the script may or may not change (see startedWith) may be
// the CI's too.
func (c command) runEnv(key string) (string, bool) {
	if v, ok := c.getenv(key); ok {
		if ci, set := c.ciEnv[key]; set {
			return startedWith(v, ci, true), true
		}
		return v, true
	}
	return c.ciValue(key)
}

// shellValue is runEnv for a reference to a variable in c's words (see shellVar).
func (c command) shellValue(key string) (string, bool) {
	if v, ok := c.shellVar(key); ok {
		if ci, set := c.ciEnv[key]; set {
			return startedWith(v, ci, true), true
		}
		return v, true
	}
	return c.ciValue(key)
}

// ciValue returns the value of key that the CI (or the script's caller) puts in
// the environment of c's shell (see ciEnv), as the bare assignments of c's script
// before c leave it: the variable is exported, so NAME=value changes what c's
// children get, whether the CI's env: sets it or an export of the script.
func (c command) ciValue(key string) (string, bool) {
	v, ok := c.ciEnv[key]
	if !ok {
		return "", false
	}
	if a, unset, changed := c.exports.startingWith(key, v); changed && !unset {
		return a, true
	}
	return v, true
}

// environ returns the environment c runs with, as far as it is known: the CI's
// env: or variables: (see ciEnv), under the script's exports, under what is set
// before it; for one run through env -i, what is set after the -i alone (see
// clears). The commands c starts (make's recipes, a task runner's) inherit it.
func (c command) environ() map[string]string {
	if c.clears {
		env := maps.Clone(c.env)
		for _, k := range c.kept { // sudo --preserve-env=LIST
			if v, ok := c.runEnv(k); ok {
				env[k] = v
			}
		}
		return env
	}
	env := make(map[string]string, len(c.ciEnv))
	exports := c.exports
	if len(c.ciEnv) > 0 {
		exports = exports.over(c.ciEnv, nil) // the script's bare assignments change the CI's (see ciValue)
	}
	exports.each(func(k, v string, unset bool) {
		if !unset {
			env[k] = v
		}
	})
	maps.Copy(env, c.env)
	return env
}

// carryExports gives each of the commands of one shell script, in order, what the
// export and unset commands before it leave its shell (see shellExports): unset
// CGO_ENABLED after ENV CGO_ENABLED=0 leaves the go build after it without. Only
// those the shell runs in its own process count (see reachOf): one in a pipeline or
// the background changes nothing after it, one in a ( ) subshell changes the
// commands after it in that subshell alone, and one this audit cannot tell runs
// (in a branch, a loop, a function's body, after ||) leaves its variable with the
// value it sets or the one it had (see exportChange.maybe); one after && does so
// for the commands after its AND list only.
func carryExports(cmds []command) []command {
	carry(cmds, allexportOff, false, nil)
	return cmds
}

// carry is carryExports of a shell that starts with allexport (set -a) as given,
// of a script sourced into it when script is set (see reachOf), and, when sourced
// is not nil, for each . or source command that reaches the
// commands after it (see reachOf), the variables sourced finds that its script
// exports, unsets and assigns, read with the allexport of the shell at that command:
// those of an export or unset after it count over them. sourced's ok is false for a
// command that reads no script this audit reads. It returns the setting of
// allexport that the script leaves its shell, and whether a set command of it
// changes it at all.
//
// The commands share one log of the changes (see exportLog), so that a long script
// costs no copy of its variables per command.
func carry(cmds []command, allexport allexportState, script bool, sourced func(c command, allexport allexportState) (v sourcedVars, ok bool)) (_ allexportState, setsAllexport bool) {
	log := newExportLog()
	var inList []string      // the variables changed after && in the AND list under way
	listFrom := -1           // where in log the AND list's changes start
	allexportInList := false // set -a or +a after && in the AND list under way
	// open are the ( ) subshells the commands are in, outermost first: where in
	// log each starts, the variables changed in it, and the allexport before it.
	type subshell struct {
		id, from  int
		changed   []string
		allexport allexportState
	}
	var open []subshell
	changed := func(k string) {
		if len(open) > 0 && !slices.Contains(open[len(open)-1].changed, k) {
			open[len(open)-1].changed = append(open[len(open)-1].changed, k)
		}
	}
	// into moves the shell into the ( ) subshells in, ending those it leaves:
	// their changes end with them.
	into := func(in []int) {
		kept := 0
		for kept < len(open) && kept < len(in) && open[kept].id == in[kept] {
			kept++
		}
		for len(open) > kept {
			sub := open[len(open)-1]
			open = open[:len(open)-1]
			for _, k := range sub.changed {
				log.back(k, sub.from, true)
				changed(k)
			}
			log.endUnread(sub.from)
			allexport = sub.allexport
		}
		for _, id := range in[kept:] {
			open = append(open, subshell{id: id, from: log.n, allexport: allexport})
		}
	}
	// set logs one change of k that reaches as r does.
	set := func(k string, r exportReach, add func(sure bool)) {
		if r == reachesList {
			if listFrom < 0 {
				listFrom = log.n
			}
			inList = append(inList, k)
		}
		changed(k)
		add(r == reaches || r == reachesList)
	}
	reachAll, assignReach := reachOf(cmds, script)
	for i, reach := range reachAll {
		c := &cmds[i]
		for _, a := range c.assigns {
			if assignReach[i] == staysIn {
				break
			}
			into(a.in)
			for k, v := range a.env {
				if allexport != allexportOff { // set -a: an assignment exports its variable
					set(k, assignReach[i], func(sure bool) { log.change(k, v, false, sure && allexport == allexportOn) })
					continue
				}
				set(k, assignReach[i], func(sure bool) { log.assign(k, v, sure) })
			}
		}
		into(c.subshells)
		c.exports.log, c.exports.n = log, log.n
		if reach != staysIn {
			for _, s := range exports(*c) {
				set(s.key, reach, func(sure bool) { log.change(s.key, s.value, false, sure) })
			}
			for _, k := range unsets(*c) {
				set(k, reach, func(sure bool) { log.change(k, "", true, sure) })
			}
			for _, k := range exportNames(*c) {
				set(k, reach, func(sure bool) { log.exportName(k, sure) })
			}
			sure := reach == reaches || reach == reachesList
			if a, ok := allexportOf(*c); ok {
				setsAllexport = true
				switch {
				case !sure:
					allexport = allexportMaybe
				case a:
					allexport = allexportOn
				default:
					allexport = allexportOff
				}
				allexportInList = reach == reachesList
			}
			if v, ok := sourcedBy(sourced, *c, allexport); ok {
				if v.unread != nil { // it sources a script this audit cannot read, which may change any variable
					log.unreadAt(*v.unread)
				}
				log.reserve(len(v.exported) + len(v.unset) + len(v.assigned))
				for k, e := range v.exported {
					e, known := fromSourced(e)
					set(k, reach, func(sure bool) { log.change(k, e, false, sure && known) })
				}
				for _, k := range v.unset {
					set(k, reach, func(sure bool) { log.change(k, "", true, sure) })
				}
				for k, e := range v.assigned { // read under this shell's allexport: assigned where it is off
					set(k, reach, func(sure bool) { log.assign(k, e.value, sure && e.sure) })
				}
				if v.setsAllexport { // set -a in the script: on in this shell after it
					setsAllexport = true
					switch {
					case !sure || v.allexport == allexportMaybe:
						allexport = allexportMaybe
					default:
						allexport = v.allexport
					}
					allexportInList = reach == reachesList
				}
			}
		}
		if !c.andThen { // the end of the AND list: what it changed after && may not have run
			for _, k := range inList {
				log.back(k, listFrom, false)
				changed(k)
			}
			if allexportInList {
				allexport, allexportInList = allexportMaybe, false
			}
			inList, listFrom = nil, -1
		}
	}
	into(nil)
	return allexport, setsAllexport
}

// exportNames returns the variables an export command exports by name, without a
// value (export NAME: the value the shell variable holds).
func exportNames(c command) []string {
	if !c.is("export") {
		return nil
	}
	var out []string
	for _, w := range c.words[1:] {
		if isEnvName(w) {
			out = append(out, w)
		}
	}
	return out
}

// setting of the shell's allexport option (set -a) where a command of its script runs.
type allexportState int

const (
	allexportOff allexportState = iota
	allexportOn
	allexportMaybe // set or unset by a command this audit is not sure runs
)

// allexportOf returns whether a set command turns allexport on (set -a, set -o
// allexport, -a among other letters) or off (set +a, set +o allexport); ok is false
// for a command that does neither.
func allexportOf(c command) (a, ok bool) {
	if !c.is("set") {
		return false, false
	}
	words := c.words[1:]
	for i, w := range words {
		switch {
		case (w == "-o" || w == "+o") && i+1 < len(words) && words[i+1] == "allexport":
			a, ok = w == "-o", true
		case len(w) > 1 && (w[0] == '-' || w[0] == '+') && w[1] != '-' && strings.ContainsRune(w[1:], 'a'):
			a, ok = w[0] == '-', true
		}
	}
	return a, ok
}

// sourcedBy is sourced(c, allexport), or nothing for a nil sourced.
func sourcedBy(sourced func(command, allexportState) (sourcedVars, bool), c command, allexport allexportState) (sourcedVars, bool) {
	if sourced == nil {
		return sourcedVars{}, false
	}
	return sourced(c, allexport)
}

// exportReach is how far what a command of a script does to its shell's variables
// (export, unset, . or source) reaches the commands after it.
type exportReach int

const (
	// reaches: the shell runs it in its own process, where it is written (in a
	// ( ) subshell, that subshell's: see carry).
	reaches exportReach = iota
	// reachesList: it runs in the shell's own process after && (go mod download
	// && export CGO_ENABLED=0 && go build): the commands of its AND list after it
	// run only where it did, those after the list whether it did or not.
	reachesList
	// mayReach: it runs in the shell's own process where a condition this audit
	// does not judge holds: a command of an if (its condition or a branch), a while,
	// until, for, select or case, of a function's body, or after ||.
	mayReach
	// staysIn: it runs in a process of its own, whose variables no command after
	// it sees: a pipeline (bash runs each of its commands in a subshell) or the
	// background; or it is a line of a here-document, no command at all.
	staysIn
)

// reachOf returns, for each of cmds, the commands of one shell script in order,
// how far its changes to the shell's variables reach (see exportReach), and how far
// those of the bare assignments before it (see command.assigns) reach. The ( )
// subshells they are in are carry's to follow. In a sourced script (sourced), a
// return of the script's shell outside a function's body ends the script there:
// nothing after it runs; one this audit is not sure runs (in an if, after ||), or
// one of a script that is not sourced (which dash and busybox's ash end there, and
// where bash's return fails, status 2: bash goes on after it, but stops the script
// under set -e), leaves every command after it one that may not run.
func reachOf(cmds []command, sourced bool) (out, assigns []exportReach) {
	out = make([]exportReach, len(cmds))
	assigns = make([]exportReach, len(cmds))
	var open []bool // the compound commands open, each marked when what it holds may not run
	var fns []bool  // for each of open, whether it is a function's body
	guarded := 0    // how many of open are marked
	inFunc := 0     // how many of open are function bodies
	push := func(unsure, fn bool) {
		open, fns = append(open, unsure), append(fns, fn)
		if unsure {
			guarded++
		}
		if fn {
			inFunc++
		}
	}
	body := false     // the command before defines a function whose body follows: name () {
	returned := false // a return before may have ended the sourced script
	for i, c := range cmds {
		if cmds[i].docLine {
			out[i], assigns[i] = staysIn, staysIn
			continue
		}
		switch {
		case guarded > 0 || returned || i > 0 && (cmds[i-1].orElse || cmds[i-1].orAssign || cmds[i-1].piped):
			assigns[i] = mayReach
		case i > 0 && (cmds[i-1].andThen || cmds[i-1].andAssign):
			assigns[i] = reachesList
		}
		for _, w := range c.kw {
			switch w {
			case "if", "while", "until":
				push(true, false)
			case "{":
				push(body, body)
				body = false
			}
		}
		switch {
		case len(c.words) == 1 && slices.Contains([]string{"if", "while", "until"}, c.words[0]):
			push(true, false)
		case len(c.words) == 1 && c.words[0] == "{":
			push(body, body)
		case c.is("for") || c.is("select") || c.is("case"):
			push(true, false)
		case c.is("function") && c.words[len(c.words)-1] == "{":
			push(true, true)
		}
		switch {
		case c.piped || i > 0 && cmds[i-1].piped || c.background:
			out[i] = staysIn
		case guarded > 0 || returned || c.cond || i > 0 && cmds[i-1].orElse:
			out[i] = mayReach
		case i > 0 && cmds[i-1].andThen:
			out[i] = reachesList
		}
		if (c.is("fi") || c.is("done") || c.is("esac") || c.is("}")) && len(open) > 0 {
			if open[len(open)-1] {
				guarded--
			}
			if fns[len(fns)-1] {
				inFunc--
			}
			open, fns = open[:len(open)-1], fns[:len(fns)-1]
		}
		if c.is("return") && inFunc == 0 && len(c.subshells) == 0 && out[i] != staysIn {
			if sourced && out[i] == reaches { // the script ends here
				for k := i + 1; k < len(cmds); k++ {
					out[k], assigns[k] = staysIn, staysIn
				}
				break
			}
			returned = true
		}
		body = c.funcDef || c.is("function") && c.words[len(c.words)-1] != "{"
	}
	return out, assigns
}

// unsets returns the variables an unset command removes (unset VAR ..., unset -v
// VAR ...; not unset -f, which removes functions).
func unsets(c command) []string {
	if !c.is("unset") {
		return nil
	}
	var out []string
	for _, w := range c.words[1:] {
		switch {
		case w == "-f":
			return nil
		case isEnvName(w):
			out = append(out, w)
		}
	}
	return out
}

// exports returns the variables an export command sets (export VAR=value ...),
// placed at the command.
func exports(c command) []setting {
	if !c.is("export") {
		return nil
	}
	var out []setting
	for _, w := range c.words[1:] {
		if k, v, ok := strings.Cut(w, "="); ok && isEnvName(k) {
			out = append(out, setting{key: k, value: v, at: c.at})
		}
	}
	return out
}

// envFileWrites returns the variables that cmds, the commands of a script in order,
// write as NAME=value lines into an env file, one whose lines the CI puts in the
// environment of later steps or jobs (see githubEnv, and GitLab's dotenv reports):
// an echo or printf whose output is redirected to a file isEnvFile takes (> or >>),
// or piped into a tee naming one. isEnvFile is given the command and the file as
// written.
func envFileWrites(cmds []command, isEnvFile func(c command, file string) bool) []setting {
	var out []setting
	for i, c := range cmds {
		if !writesEnvFile(c, isEnvFile) {
			continue
		}
		src := c
		if c.is("tee") {
			if i == 0 || !cmds[i-1].piped {
				continue
			}
			src = cmds[i-1]
		}
		for _, line := range printedLines(src) {
			if k, v, ok := strings.Cut(line, "="); ok && isEnvName(k) {
				out = append(out, setting{key: k, value: v, at: c.at})
			}
		}
	}
	return out
}

// githubEnv reports whether file names $GITHUB_ENV ($GITHUB_ENV, ${GITHUB_ENV} or
// PowerShell's $env:GITHUB_ENV), whose lines GitHub Actions puts in the environment
// of every later step of the job.
func githubEnv(_ command, file string) bool {
	return file == "$GITHUB_ENV" || file == "${GITHUB_ENV}" || strings.EqualFold(file, "$env:GITHUB_ENV")
}

// githubOutput reports whether file names $GITHUB_OUTPUT, whose NAME=value lines
// GitHub Actions makes outputs of the step (${{ steps.ID.outputs.NAME }}), not
// variables of any shell.
func githubOutput(_ command, file string) bool {
	return file == "$GITHUB_OUTPUT" || file == "${GITHUB_OUTPUT}" || strings.EqualFold(file, "$env:GITHUB_OUTPUT")
}

// writesEnvFile reports whether c writes into a file isEnvFile takes: its output
// redirected there, or a tee that names it.
func writesEnvFile(c command, isEnvFile func(c command, file string) bool) bool {
	for i, w := range c.words[1:] {
		if c.is("tee") && !strings.HasPrefix(w, "-") && isEnvFile(c, w) {
			return true
		}
		target, stdout, ok := redirection(w)
		if target == "" && i+2 < len(c.words) {
			target = c.words[i+2]
		}
		if ok && stdout && isEnvFile(c, target) {
			return true
		}
	}
	return false
}

// redirection reports whether w, a word of a command, redirects output (>file,
// >>file, >|file, 1>, 2>, 3>>, &>), and returns its target ("" when it is the
// next word) and whether the standard output goes there.
func redirection(w string) (target string, stdout, ok bool) {
	fd := w[:len(w)-len(strings.TrimLeft(w, "0123456789"))]
	if fd == "" && strings.HasPrefix(w, "&>") {
		fd = "&"
	}
	rest, ok := strings.CutPrefix(w[len(fd):], ">")
	if !ok {
		return "", false, false
	}
	rest = strings.TrimPrefix(rest, ">")
	return strings.TrimPrefix(rest, "|"), fd == "" || fd == "1" || fd == "&", true
}

// printedLines returns the lines that c, an echo or printf, prints (none for another
// command), its redirections left out: echo's words joined by spaces, printf's
// format split at its \n escapes, or, for a format with a % verb, its arguments
// (printf '%s\n' NAME=value).
func printedLines(c command) []string {
	var args []string
	for i := 1; i < len(c.words); i++ {
		if target, _, ok := redirection(c.words[i]); ok {
			if target == "" {
				i++ // the target is the next word
			}
			continue
		}
		args = append(args, c.words[i])
	}
	switch {
	case c.is("echo"):
		escapes := false // bash's echo reads \n only after -e
		for len(args) > 0 && slices.Contains([]string{"-n", "-e", "-E", "-ne", "-en"}, args[0]) {
			escapes = strings.Contains(args[0], "e")
			args = args[1:]
		}
		text := strings.Join(args, " ")
		if escapes {
			text = strings.ReplaceAll(text, `\n`, "\n")
		}
		return strings.Split(text, "\n")
	case c.is("printf") && len(args) > 0:
		if strings.Contains(args[0], "%") {
			return args[1:]
		}
		return strings.Split(strings.ReplaceAll(args[0], `\n`, "\n"), "\n")
	}
	return nil
}

// commandsAt splits text found at ev into commands placed there, run in dir; a cd to
// a relative directory moves the commands after it on the line, and so does a cd to
// an absolute one when dir is absolute (a directory of a Dockerfile's stage). The
// commands of its command substitutions are not read (see scriptAt).
func commandsAt(text string, ev repo.Evidence, dir string) []command {
	cmds, _ := placed(context.Background(), splitCommands(text), ev, &session{dir: dir}) // a line: not stopped
	return cmds
}

// scriptAt is commandsAt for a text a CI job's shell runs, whose command
// substitutions' commands are read as commandsIn reads them.
func scriptAt(text string, ev repo.Evidence, dir string) []command {
	cmds, _ := commandsIn(context.Background(), text, ev, &session{dir: dir}) // a line: not stopped
	return cmds
}

// session is where the commands of a shell session run: dir, or a directory this
// audit cannot place (unplaced) after a cd to one left to a variable ($d, ~). vars
// are the shell variables its script assigned so far on lines of their own, which
// a cd reads; cds are the cd words since dir that name a variable none of them
// set, for the CI's env to place (see command.placeWith).
type session struct {
	dir      string
	unplaced bool
	vars     map[string]string
	cds      []string
	// old is where the session was before its last cd, where cd - goes back; nil
	// before any. pushed are the places pushd left, the last on top, where popd
	// goes back; lost is set once a pushd or popd this audit does not read (pushd
	// -n DIR) may have changed them otherwise.
	old    *session
	pushed []session
	lost   bool
	// noStack says why the shell of s may have no pushd and popd (make's /bin/sh,
	// which is dash on Debian and Ubuntu), "" for one that has them, as bash has;
	// once one of them runs there, afterStack is why this audit cannot tell whether
	// the commands after it run, nor where (see moveBy).
	noStack    string
	afterStack *unsureRun
}

// cd moves s by the word of a cd command: the checkout's root, a directory
// relative to s.dir, or an absolute one when s.dir is absolute (a directory of a
// Dockerfile's stage), after the variables s.vars holds are expanded (an empty
// one to the default of ${NAME:-default}); a word left to another variable (or
// ~, or a $ written inside single quotes, quotedDollar) makes s unplaced, and is
// kept with the words after it in s.cds. cd - goes back to where s was before its
// last cd (and stays where no cd came before: OLDPWD is not set).
func (s *session) cd(word string) {
	if word == "-" {
		if back := s.old; back != nil {
			s.old = &session{dir: s.dir, unplaced: s.unplaced, cds: s.cds}
			s.dir, s.unplaced, s.cds = back.dir, back.unplaced, back.cds
		}
		return
	}
	s.old = &session{dir: s.dir, unplaced: s.unplaced, cds: slices.Clone(s.cds)}
	word = dockerVar.ReplaceAllStringFunc(word, func(ref string) string {
		m := dockerVar.FindStringSubmatch(ref)
		switch v, ok := s.vars[m[1]]; {
		case ok && v != "":
			return v
		case ok && strings.Contains(ref, ":-"):
			return m[2]
		case ok: // set empty here (cd $EMPTY goes home): no env of the CI's places it
			return quotedDollar + ref[1:]
		}
		return ref
	})
	if root, ok := fromCheckout(word); ok { // the repository's root in CI
		s.dir, s.unplaced, s.cds = root, false, nil
		return
	}
	if s.unplaced || strings.ContainsAny(word, "$~"+quotedDollar) {
		s.unplaced = true
		s.cds = append(s.cds, word)
		return
	}
	switch {
	case !path.IsAbs(word):
		s.dir = path.Join(s.dir, word)
	case path.IsAbs(s.dir):
		s.dir = path.Clean(word)
	}
}

// placeWith places c, run after cd commands this audit could not place (see
// session.cd), where the variables env, the CI's env: or variables: (a matrix
// job's), give their words: c stays unplaced when a word names another variable.
func (c *command) placeWith(env map[string]string) {
	if !c.unplaced || len(c.cds) == 0 {
		return
	}
	s := &session{dir: c.dir, vars: env}
	for _, w := range c.cds {
		s.cd(w)
	}
	if !s.unplaced {
		c.dir, c.unplaced, c.cds = s.dir, false, nil
	}
}

// commandsIn is commandsAt for a line of the session s, whose directory its cd
// commands (and pushd DIR and popd) move for the lines after it too: those of the session's own shell, not
// one in a ( ) subshell, which moves only the commands after it in the subshell,
// nor one in a pipe or run in the background (cd svc | tee, cd svc &), which moves
// none, each of those running in a shell of its own. The commands of its command
// substitutions are read too (see splitScript). It stops with ctx's error once ctx
// is done (see stopEvery).
func commandsIn(ctx context.Context, text string, ev repo.Evidence, s *session) ([]command, error) {
	return placed(ctx, splitScript(text), ev, s)
}

// placed places cmds, the commands of a text found at ev, in the session s, as
// commandsIn tells.
func placed(ctx context.Context, cmds []command, ev repo.Evidence, s *session) ([]command, error) {
	orElse := newFallbacks(cmds)
	type subshell struct {
		id     int
		before session // s as the subshell started
	}
	var open []subshell
	// conds are cmds with the conditions of their ifs marked (see markConditions),
	// once a || follows one: a condition whose failure branch exits the script's
	// own shell (see command.condExits) ends it before a || after the fi, if ! go
	// test ./...; then exit 1; fi || true (checked with bash 5.2 and dash 0.5.12)
	var conds []command
	exitsIf := func(k int) bool {
		if conds == nil {
			conds = slices.Clone(cmds)
			markConditions(conds)
		}
		return conds[k].condExits && len(cmds[k].subshells) == 0
	}
	for i := range cmds {
		if err := stopped(ctx, i); err != nil {
			return nil, err
		}
		kept := 0 // the subshells open that hold cmds[i] too, outermost first as its own
		for kept < len(open) && kept < len(cmds[i].subshells) && open[kept].id == cmds[i].subshells[kept] {
			kept++
		}
		if kept < len(open) {
			after := s.afterStack
			*s, open = open[kept].before, open[:kept]  // the subshells ended: their cd with them
			s.afterStack = cmp.Or(s.afterStack, after) // a failure there may end the shell too (set -e)
		}
		for _, id := range cmds[i].subshells[kept:] {
			before := *s
			before.cds, before.pushed = slices.Clone(s.cds), slices.Clone(s.pushed)
			open = append(open, subshell{id: id, before: before})
		}
		cmds[i].at, cmds[i].dir = ev, s.dir
		cmds[i].unplaced = cmds[i].unplaced || s.unplaced
		if cmds[i].unsure == nil {
			cmds[i].unsure = s.afterStack
		}
		cmds[i].cds = slices.Clone(s.cds)
		if d := cmds[i].chdir; d != "" { // env -C DIR cmd: cmd runs in DIR, as after a cd there
			in := session{dir: s.dir, unplaced: cmds[i].unplaced, vars: s.vars, cds: cmds[i].cds}
			if path.IsAbs(d) && !path.IsAbs(s.dir) {
				d = quotedDollar + d // outside the checkout: no directory of it
			}
			in.cd(d)
			cmds[i].dir, cmds[i].unplaced, cmds[i].cds = in.dir, in.unplaced, in.cds
		}
		if cmds[i].orAssign || cmds[i].orElse && i+1 < len(cmds) && orElse.failing(i) < 0 {
			at := cmds[i].at
			for k := orListStart(cmds, i); k <= i; k++ {
				if cmds[k].ignored == nil && !orElse.exitsScript(k) && !exitsIf(k) {
					cmds[k].ignored = &at
				}
			}
			if cmds[i].orAssign {
				cmds[i].orIgnored = &at
			}
		}
		c := cmds[i]
		if c.piped || i > 0 && cmds[i-1].piped || c.background || c.docLine {
			continue
		}
		s.moveBy(c)
	}
	if len(open) > 0 {
		after := s.afterStack
		*s = open[0].before // the text ends in a subshell, or just after one
		s.afterStack = cmp.Or(s.afterStack, after)
	}
	followFlags(cmds, &orElse)
	return cmds, nil
}

// orListStart returns the first command of the AND-OR list, with its { } groups
// and ( ) subshells, whose status the || after cmds[i] acts on: (cmd; ...) || true
// the group's commands too, cmd && ... || true and cmd | ... || true those before.
func orListStart(cmds []command, i int) int {
	start := i - cmds[i].closes
	for start > 0 && (cmds[start-1].andThen || cmds[start-1].piped) {
		start -= 1 + cmds[start-1].closes
	}
	return max(start, 0)
}

// followFlags follows, in cmds, the commands of one shell script in order, the
// variable that a cmd || NAME=value (see command.orAssign) of the script's own
// shell, outside any compound command (a loop's done may pipe it into a subshell, a
// function's body may run after the check), sets to a literal word (flagValue):
// where a later check of it exits with a literal failure (exitsFailing: [ -z
// "$NAME" ] || exit 1, [ -n "$NAME" ] && exit 1, if [ -n "$NAME" ]; then exit 1;
// fi, test and [[ ]] too), written in the script's own shell outside any compound
// command, with nothing between that may empty or unset it (an assignment of it to
// anything but a literal word, NAME=$EMPTY, a word that names it: unset, read,
// export, local, declare ...), change it unseen (., source, eval) or end the script
// first (exit, return or exec that may succeed), the failures placed ignored for the
// assignment are not
// ignored and cmd is flagged: its failure fails the script (see dropFailures). orElse
// holds the fallbacks of cmds, or none yet (zero) to build when asked. One pass.
func followFlags(cmds []command, orElse *fallbacks) {
	var pending map[string][]int // the flagged commands not checked yet, by variable
	level := 0                   // the compound commands open before the command under way
	for k := range cmds {
		c := &cmds[k]
		before := level
		opens, closes := compoundEnds(*c)
		level += opens - closes
		if c.docLine {
			continue
		}
		if len(pending) > 0 {
			for _, a := range c.assigns {
				for name, v := range a.env {
					if len(a.in) == 0 && !flagValue(v) {
						delete(pending, name) // emptied, or a value this reading cannot tell
					}
				}
			}
			if name, ok := flagCheck(cmds, k, before, orElse); ok {
				for _, i := range pending[name] {
					unignoreFlagged(cmds, i)
				}
				delete(pending, name)
			} else if c.is(".") || c.is("source") || c.is("eval") || (c.is("exit") || c.is("return") || c.is("exec")) && !c.fails() {
				clear(pending)
			} else {
				for _, w := range c.words {
					name, _, _ := strings.Cut(w, "=")
					delete(pending, name)
				}
			}
		}
		if c.orAssign && c.orIgnored != nil && len(c.subshells) == 0 && !c.background && before == 0 && c.depth == 0 && !c.inPipe && !c.piped {
			for name, v := range c.orAssigned {
				if flagValue(v) {
					if pending == nil {
						pending = map[string][]int{}
					}
					pending[name] = append(pending[name], k)
				}
			}
		}
	}
}

// unignoreFlagged lets the failures of the list of cmds[i], followed by ||
// NAME=value, count where placed ignored them for that assignment alone, and
// flags cmds[i] (see followFlags).
func unignoreFlagged(cmds []command, i int) {
	at := cmds[i].orIgnored
	for k := orListStart(cmds, i); k <= i; k++ {
		if cmds[k].ignored == at {
			cmds[k].ignored = nil
		}
	}
	cmds[i].flagged = true
}

// flagCheck reports whether cmds[k], written in the script's own shell outside any
// compound command (level is how many are open before it), checks the variable
// name and then surely exits the script with a failure where the variable holds a
// word: [ -z "$NAME" ] || exit 1, [ -n "$NAME" ] && exit 1, or if [ -n "$NAME" ];
// then exit 1; fi (a then branch of commands before its exit). orElse holds the
// fallbacks of cmds, built on first use when zero.
func flagCheck(cmds []command, k, level int, orElse *fallbacks) (name string, ok bool) {
	c := cmds[k]
	if level != 0 || c.depth != 0 || len(c.subshells) != 0 || c.background || c.piped || c.inPipe {
		return "", false
	}
	name, set, ok := testedVar(c)
	if !ok {
		return "", false
	}
	exits := func(e command) bool {
		return e.is("exit") && len(e.subshells) == 0 && !e.docLine && !e.background && !e.piped && !e.orElse && !e.andThen
	}
	switch {
	case len(c.kw) == 0 && c.orElse && !set && k+1 < len(cmds):
		if orElse.cmds == nil {
			*orElse = newFallbacks(cmds)
		}
		e := orElse.failing(k)
		return name, e > k && exits(cmds[e]) && (exitsFailing(cmds[e]) || e == k+1 && len(cmds[e].words) == 1) // || exit: the status of the test, 1
	case len(c.kw) == 0 && c.andThen && set && k+1 < len(cmds):
		return name, exits(cmds[k+1]) && len(cmds[k+1].kw) == 0 && exitsFailing(cmds[k+1])
	case slices.Equal(c.kw, []string{"if"}) && set && !c.andThen && !c.orElse:
		for j := k + 1; j < len(cmds); j++ {
			b := cmds[j]
			kw := b.kw
			if j == k+1 {
				if !startsWith(b, "then") {
					return "", false
				}
				if len(b.kw) > 0 {
					kw = kw[1:]
				} else {
					continue // then on a line of its own
				}
			}
			if b.docLine {
				continue
			}
			if len(kw) > 0 || b.depth != 0 || len(b.subshells) != 0 || b.background || b.piped || b.andThen || b.orElse || b.orAssign || b.funcDef {
				return "", false
			}
			if opens, closes := compoundEnds(b); opens+closes > 0 {
				return "", false // fi, else or elif before an exit, or a compound in the branch
			}
			if b.is("exit") || b.is("return") || b.is("exec") {
				return name, exits(b) && exitsFailing(b)
			}
		}
	}
	return "", false
}

// flagValue reports whether v, the value of an assignment NAME=v, is surely a word
// (followFlags): a literal that is not empty, with nothing the shell expands.
func flagValue(v string) bool {
	return v != "" && !strings.ContainsAny(v, " \t\n*?[$`\\")
}

// exitsFailing reports whether c, an exit, return or exec, surely ends with a failure:
// exit N with N a literal whose status is not 0 (see failingStatus). exit $CODE may be 0.
func exitsFailing(c command) bool {
	return len(c.words) == 2 && (c.words[0] == "exit" || c.words[0] == "return") && failingStatus(c.words[1])
}

// failingStatus reports whether w, the word after exit or return, is a literal
// number whose status is not 0: bash exits with N mod 256 (exit 256 exits 0, exit
// -1 255) and dash refuses a negative one, exiting 2 (checked with bash 5.2 and
// dash); $CODE may be 0.
func failingStatus(w string) bool {
	n, err := strconv.Atoi(w)
	return err == nil && n%256 != 0
}

// testedVar reads c as a test of one variable: [ -n "$NAME" ], [ "$NAME" ], test
// -n "$NAME", [[ -n $NAME ]] (set: true where it holds a word), or the same with -z
// (set: false); ${NAME} is read as $NAME.
func testedVar(c command) (name string, set, ok bool) {
	w := c.words
	switch {
	case len(w) > 0 && w[0] == "[" && w[len(w)-1] == "]", len(w) > 0 && w[0] == "[[" && w[len(w)-1] == "]]":
		w = w[1 : len(w)-1]
	case len(w) > 0 && w[0] == "test":
		w = w[1:]
	default:
		return "", false, false
	}
	set = true
	if len(w) == 2 && (w[0] == "-n" || w[0] == "-z") {
		set, w = w[0] == "-n", w[1:]
	}
	if len(w) != 1 || !strings.HasPrefix(w[0], "$") || len(c.literal) > 0 {
		return "", false, false
	}
	name = strings.TrimPrefix(w[0], "$")
	if strings.HasPrefix(name, "{") && strings.HasSuffix(name, "}") {
		name = name[1 : len(name)-1]
	}
	return name, set, isEnvName(name)
}

// stopEvery is how many lines, commands or sourced files the readers of scripts
// read between two looks at whether the audit was stopped (its context done).
const stopEvery = 256

// stopped returns ctx's error when ctx is done and n, a count of what a reader has
// read, is a multiple of stopEvery; nil otherwise.
func stopped(ctx context.Context, n int) error {
	if n%stopEvery != 0 {
		return nil
	}
	return ctx.Err()
}

// moveBy moves s as c does when c is a cd, pushd DIR or popd: one run through
// command or builtin too, and those of the words of an eval, which the shell reads
// again as a line of its own; the redirections of c (cd dir >/dev/null, pushd dir
// 2>&1) are left out, which move nothing. A pushd or popd is read as bash runs it;
// in a shell that may have none (s.noStack), where it fails and moves nothing, the
// commands after it are marked as ones this audit cannot tell run, nor where.
func (s *session) moveBy(c command) {
	at := 0
	for at+1 < len(c.words) && (c.words[at] == "command" || c.words[at] == "builtin") && !strings.HasPrefix(c.words[at+1], "-") {
		at++ // command cd DIR, builtin cd DIR; command -v cd runs none
	}
	if c.words[at] == "eval" {
		for _, e := range splitCommands(strings.Join(c.words[at+1:], " ")) {
			if len(e.subshells) == 0 && !e.piped && !e.background {
				s.moveBy(e)
			}
		}
		return
	}
	if name := c.words[at]; name != "cd" && name != "pushd" && name != "popd" {
		return
	}
	var args []string
	for i := at + 1; i < len(c.words); i++ {
		w := c.words[i]
		if target, _, isRedir := redirection(w); isRedir || strings.HasPrefix(w, "<") {
			if isRedir && target == "" || !isRedir && strings.TrimLeft(w, "<") == "" {
				i++ // the file is the next word
			}
			continue
		}
		args = append(args, c.unexpanded(i, 0, w))
	}
	switch c.words[at] {
	case "cd":
		i := 0
		for i < len(args) && len(args[i]) > 1 && args[i][0] == '-' && strings.Trim(args[i], "-PLe@") == "" {
			i++ // cd -P, cd -L --: options, not the directory
			if args[i-1] == "--" {
				break
			}
		}
		switch len(args) - i {
		case 0:
			s.cd("~") // a bare cd goes home, which this audit cannot place
		case 1:
			s.cd(args[i])
		}
	case "pushd", "popd":
		if s.noStack != "" && s.afterStack == nil {
			s.afterStack = &unsureRun{at: c.at, why: "it runs after " + strings.Join(c.words[at:], " ") + ", which " + s.noStack}
		}
		s.moveStack(c.words[at], args, c.orElse)
	}
}

// moveStack moves s as op, pushd or popd, with the arguments args does, as bash
// does with its directory stack (see session.stack): pushd DIR puts where s is on
// the stack and goes to DIR; pushd +N (-N, counting from the bottom) rotates the
// stack so that its Nth entry is on top, and goes there, and a bare pushd swaps
// the top two; popd takes the top off and goes to the entry under it, and popd +N
// (-N) removes the Nth entry only, staying. One with an entry the stack does not
// have (popd on an empty stack, pushd +5 on two entries) fails and moves nothing:
// with its failure handled (handled: popd || true), s stays exactly; otherwise the shell
// stops there under set -e, or goes on where it is, so the commands after it are
// where this audit cannot tell (unplaced). One this audit does not read (pushd -n
// DIR, several arguments), or any after it, leaves s so, the stack lost.
func (s *session) moveStack(op string, args []string, handled bool) {
	written := strings.Join(append([]string{op}, args...), " ")
	unknown := func() {
		s.unplaced = true
		s.cds = append(s.cds, quotedDollar+"("+written+")") // no value of the CI's places it
	}
	if len(args) == 1 && op == "pushd" && !strings.HasPrefix(args[0], "-") && !strings.HasPrefix(args[0], "+") {
		s.pushed = append(s.pushed, session{dir: s.dir, unplaced: s.unplaced, cds: slices.Clone(s.cds)})
		s.cd(args[0])
		return
	}
	idx, read := 0, len(args) == 0
	stack := s.stack()
	if len(args) == 1 && len(args[0]) > 1 && (args[0][0] == '+' || args[0][0] == '-') && strings.Trim(args[0][1:], "0123456789") == "" {
		n, err := strconv.Atoi(args[0][1:])
		read = err == nil
		if idx = n; args[0][0] == '-' {
			idx = len(stack) - 1 - n
		}
	}
	if op == "pushd" && len(args) == 0 {
		idx = 1 // a bare pushd swaps the top two
	}
	if !read || s.lost {
		s.lost = true
		unknown()
		return
	}
	if idx < 0 || idx >= len(stack) || len(stack) < 2 && (op == "popd" || len(args) == 0) {
		if !handled { // it fails: set -e stops the shell here, else it goes on where it is
			unknown()
		}
		return
	}
	here := stack[0]
	switch {
	case op == "pushd" && len(args) == 0:
		stack[0], stack[1] = stack[1], stack[0]
	case op == "pushd":
		stack = slices.Concat(stack[idx:], stack[:idx])
	case idx == 0:
		stack = stack[1:]
	default: // popd +N: the entry goes, s stays
		s.pushed = slices.Delete(s.pushed, len(s.pushed)-idx, len(s.pushed)-idx+1)
		return
	}
	s.old = &here
	s.dir, s.unplaced, s.cds = stack[0].dir, stack[0].unplaced, stack[0].cds
	s.pushed = s.pushed[:0:0]
	for i := len(stack) - 1; i > 0; i-- {
		s.pushed = append(s.pushed, stack[i])
	}
}

// stack returns the directory stack of s, as bash's dirs lists it: where s is, then
// the places pushd left, the last first.
func (s *session) stack() []session {
	out := []session{{dir: s.dir, unplaced: s.unplaced, cds: s.cds}}
	for i := len(s.pushed) - 1; i >= 0; i-- {
		out = append(out, s.pushed[i])
	}
	return out
}

// fromCheckout returns the directory relative to the root that p, a directory
// under the variable that holds the checkout in CI ($GITHUB_WORKSPACE,
// $CI_PROJECT_DIR), names; ok is false for any other p.
func fromCheckout(p string) (string, bool) {
	for _, v := range []string{"GITHUB_WORKSPACE", "CI_PROJECT_DIR"} {
		for _, ref := range []string{"$" + v, "${" + v + "}"} {
			if rest, ok := strings.CutPrefix(p, ref); ok && (rest == "" || strings.HasPrefix(rest, "/")) && !strings.ContainsAny(rest, "$~") {
				if d := path.Clean("." + rest); d != ".." && !strings.HasPrefix(d, "../") {
					return d, true
				}
			}
		}
	}
	return "", false
}

// fallbacks holds, for each command of one script, what failing needs of its
// fallback, the commands that run when it fails followed by ||: the rest of its
// AND-OR list on the line, with the { } groups and ( ) subshells in it. All of it is
// found in one pass from the script's end (see newFallbacks), so that a script of
// many || costs its length, not its length times theirs.
type fallbacks struct {
	cmds []command
	end  []int // the last command of each one's fallback
	// deeper is the first command after each one that surely fails (see
	// fallbacks.failing) in a { } group or ( ) subshell deeper than it, -1 for none
	deeper []int
	// unclosed is the last command at or before each one that is not a lone }
	unclosed []int
}

// fails reports whether c surely fails where it ends a fallback: exit or return
// with a literal status that is not 0 (see failingStatus: not exit 256, nor exit
// $CODE, which may be 0; nor exit $?, the status of the command before it,
// which is the failed one's only as the fallback's first: see fallbacks.failing),
// or false not followed by || (false || true: the || takes it; exit 1 || true
// exits).
func (c command) fails() bool {
	return exitsFailing(c) ||
		len(c.words) == 1 && c.words[0] == "false" && !c.orElse
}

// newFallbacks returns the fallbacks of cmds. Going from the end, two stacks hold
// the commands after the one under way that can end a fallback or fail it first:
// each ends the fallback of a command at a depth at least its bound, the depth of
// the command after it (+inf where an operator or pipe follows it, -inf for the
// last), or fails that of one shallower than its depth; the bounds in each stack
// are ordered, so the one asked for is found by a binary search.
func newFallbacks(cmds []command) fallbacks {
	n := len(cmds)
	f := fallbacks{cmds: cmds, end: make([]int, n), deeper: make([]int, n), unclosed: make([]int, n)}
	for i, c := range cmds {
		f.unclosed[i] = i
		if i > 0 && len(c.words) == 1 && c.words[0] == "}" {
			f.unclosed[i] = f.unclosed[i-1]
		}
	}
	const inf = int(^uint(0) >> 1)
	type bounded struct{ at, bound int }
	var ends, fails []bounded // bounds rising from the bottom of ends, falling in fails
	for i := n - 1; i >= 0; i-- {
		d := cmds[i].depth
		f.end[i], f.deeper[i] = n-1, -1
		if k := sort.Search(len(ends), func(k int) bool { return ends[k].bound > d }); k > 0 {
			f.end[i] = ends[k-1].at
		}
		if k := sort.Search(len(fails), func(k int) bool { return fails[k].bound <= d }); k > 0 {
			f.deeper[i] = fails[k-1].at
		}
		bound := -inf
		switch c := cmds[i]; {
		case i+1 < n && (c.andThen || c.orElse || c.piped):
			bound = inf
		case i+1 < n:
			bound = cmds[i+1].depth
		}
		for len(ends) > 0 && ends[len(ends)-1].bound >= bound {
			ends = ends[:len(ends)-1]
		}
		ends = append(ends, bounded{i, bound})
		if cmds[i].fails() {
			for len(fails) > 0 && fails[len(fails)-1].bound <= d {
				fails = fails[:len(fails)-1]
			}
			fails = append(fails, bounded{i, d})
		}
	}
	return f
}

// failing returns the index in f's commands of the one that surely ends the
// fallback of the command i, followed by ||, with a failure, or -1 for none: the
// first of the fallback, when it is exit or return with no status or $?, which
// keeps that of the failed command; else its last command, or one in a { } group or ( )
// subshell of theirs, when it fails (see command.fails: cmd || { false || true; }
// lets the failure go). cmd || { echo ...; exit 1; } and cmd || exit keep cmd's
// failure; cmd || true, cmd || echo ... and cmd || another command that may succeed
// (a run without -race) let it go.
func (f fallbacks) failing(i int) int {
	first, end := i+1, f.end[i]
	if c := f.cmds[first]; (c.is("exit") || c.is("return")) && (len(c.words) == 1 || len(c.words) == 2 && c.words[1] == "$?") {
		return first
	}
	// exit 1 first, in the shell cmd runs in: it ends that shell before what
	// follows it in the fallback, cmd || exit 1 || true (checked with bash 5.2
	// and dash)
	if c := f.cmds[first]; exitsFailing(c) && slices.Equal(c.subshells, f.cmds[i].subshells) {
		return first
	}
	if last := max(f.unclosed[end], first); f.cmds[last].fails() {
		return last
	}
	if k := f.deeper[i]; k >= 0 && k <= end {
		// an exit of cmd's own shell ends it; a false, or an exit of a ( )
		// subshell, fails the { } group or subshell it is in, whose status a ||
		// after it takes: cmd || (exit 1) || true, cmd || { false; } || true let the
		// failure go (checked with bash 5.2 and dash)
		if c := f.cmds[k]; c.is("exit") && slices.Equal(c.subshells, f.cmds[i].subshells) || !slices.ContainsFunc(f.cmds[k:end], func(c command) bool { return c.orElse }) {
			return k
		}
	}
	return -1
}

// exitsScript reports whether the command k of f is followed by || whose fallback
// surely fails with an exit that ends the script (see failsTo): a || after the
// { } group it ends, { go test ./... || exit 1; } || true, never runs where it
// fails (checked with bash 5.2 and dash).
func (f fallbacks) exitsScript(k int) bool {
	if !f.cmds[k].orElse || k+1 == len(f.cmds) {
		return false
	}
	e := f.failing(k)
	return e >= 0 && f.cmds[e].is("exit") && f.failsTo(k) < 0
}

// failsTo returns, for the command i of f, followed by || and whose fallback surely
// fails (see fallbacks.failing), the index of the command whose failure its failure
// becomes: the false, or the exit in a ( ) subshell of the fallback's own, that
// fails the fallback; for an exit or return in the shell the || runs in (that of
// cmds[i], or one around it where cmds[i] ends ( ) subshells: (go test ./...) ||
// exit 1), which ends that shell, the last command of the ( ) subshell it ends,
// whose status the exit's becomes ((go test ./... || exit 1; echo done) && echo ok
// goes on after the subshell); or -1 when the exit ends the script (or no command
// runs after the ||, or its fallback may succeed, a failure commandsIn lets go).
func (f fallbacks) failsTo(i int) int {
	cmds := f.cmds
	if i+1 == len(cmds) {
		return -1 // || at the end of the script: no shell runs it
	}
	e := f.failing(i)
	if e < 0 {
		return -1
	}
	if c := cmds[e]; (c.is("exit") || c.is("return")) && len(c.subshells) <= len(cmds[i].subshells) && slices.Equal(c.subshells, cmds[i].subshells[:len(c.subshells)]) {
		n := len(c.subshells)
		if n == 0 {
			return -1
		}
		last := e
		for last+1 < len(cmds) && slices.Contains(cmds[last+1].subshells, c.subshells[n-1]) {
			last++
		}
		return last
	}
	return e
}

// negatedFailsTo returns, for the command n of f that ends a pipeline ! negates
// (see negatedSpans), the index of the command whose failure a failure that the
// pipeline turns into success becomes: && after n hands that success to what it
// runs, which runs where the failure is, as a fallback after || does, and keeps it
// where that surely fails (see failsTo): ! go test ./... && { echo failed; exit 1;
// }. It is len(f.cmds) where an exit of the script's own shell keeps it, and -1
// where nothing does: no && after n, what it runs may succeed, or is exit or exit
// $?, which exit with the pipeline's 0.
func (f fallbacks) negatedFailsTo(n int) int {
	cmds := f.cmds
	if !cmds[n].andThen || n+1 == len(cmds) {
		return -1
	}
	if c := cmds[n+1]; (c.is("exit") || c.is("return")) && (len(c.words) == 1 || c.words[1] == "$?") {
		return -1
	}
	if f.failing(n) < 0 {
		return -1
	}
	if to := f.failsTo(n); to >= 0 {
		return to
	}
	return len(cmds)
}

// shellState is how a shell runs a script: with errexit (set -e) and pipefail on or
// off, where errexit was turned off (off) and where the shell is chosen (shellAt),
// each nil when not written anywhere.
type shellState struct {
	errexit, pipefail bool
	off, shellAt      *repo.Evidence
	// bash marks a shell that is bash (not run as sh): set -e does not reach the
	// commands of a command substitution (see command.midSubst), but for a set -e
	// run in it, at the depth in substitutions errexitSubst (see
	// command.substDepth; 0 for none).
	bash         bool
	errexitSubst int
	// bashRuns marks a shell that is bash in any mode, POSIX mode or with
	// inherit_errexit too (see command.bashRuns).
	bashRuns bool
	// interp marks Task's interpreter (mvdan.cc/sh), which takes set -o pipefail
	// as bash does: no sh that may be dash (see dashStops).
	interp bool
	// start is how the shell is started, where this audit reads it: a start it
	// may refuse runs nothing (see shellStart.refusal).
	start shellStart
}

// shellStart is how a shell is started, as written: its program and options
// (make's $(SHELL) $(.SHELLFLAGS), a sh or bash call, a GitHub shell template, a
// shebang's line) and where; shebang marks a shebang, whose options after the
// program Linux hands the shell as one word. The zero value is a start this audit
// does not read.
type shellStart struct {
	words   string
	at      repo.Evidence
	shebang bool
}

// refusal says why the shell s starts runs nothing, or "" when it runs its
// script: a shebang with more than one word after its program, which Linux hands
// the shell as one (#!/bin/sh -o pipefail, #!/bin/bash -eo pipefail: dash says
// "Illegal option -o", bash "invalid option name", and both exit 2; #!/bin/bash
// -e -x: "invalid option", 1; env -S splits them), and sh or dash started with an option that names pipefail (sh -o
// pipefail ci.sh, .SHELLFLAGS := -eo pipefail -c under make's default SHELL,
// /bin/sh), which dash 0.5.12, the /bin/sh of Debian and Ubuntu, refuses as it
// starts ("Illegal option -o pipefail", status 2), while bash as sh and busybox's
// ash take it (checked with GNU make 4.3, dash 0.5.12 and bash 5.2).
func (s shellStart) refusal() string {
	f := strings.Fields(strings.TrimPrefix(s.words, "#!"))
	if len(f) == 0 {
		return ""
	}
	place := "`" + s.words + "`"
	if s.at.File != "" {
		place += " (" + s.at.File + ":" + strconv.Itoa(s.at.Line) + ")"
	}
	switch {
	case s.shebang && path.Base(f[0]) != "env" && len(f) > 2:
		return "it is in a script started by its shebang, " + place + ", whose options Linux hands the shell as one word (`" + strings.Join(f[1:], " ") + "`), which dash and bash both refuse (\"Illegal option\", \"invalid option\"), running nothing and failing (status 2, or 1); set the options in the script (set -eo pipefail after #!/usr/bin/env bash) or split them with #!/usr/bin/env -S"
	case !s.shebang && slices.Contains([]string{"sh", "dash"}, path.Base(f[0])) && namesPipefail(f[1:]):
		return "it runs in " + place + ", which dash, the /bin/sh of Debian and Ubuntu (GitHub's ubuntu runners too), refuses as it starts (\"Illegal option -o pipefail\"), running nothing and failing with status 2, while bash as sh and busybox's ash run it with pipefail on; run it with bash (SHELL := bash in a Makefile, bash script.sh, shell: bash)"
	}
	return ""
}

// posixlyCorrect matches an assignment of POSIXLY_CORRECT (export too), which puts
// bash in POSIX mode as set -o posix does (checked with bash 5.2).
var posixlyCorrect = regexp.MustCompile(`(?:^|[^\w$])POSIXLY_CORRECT=`)

// dropFailures marks the commands of one shell script, run as sh says, whose failure
// cannot reach the script's exit status: with pipefail off, a command that pipes into
// another, or one of a { } group or ( ) subshell that does (see command.inPipe); a
// command whose AND list (cmd && ...) is followed by more of the script, since set -e
// does not act on a command followed by &&; and with errexit off, any command whose
// AND list is not the script's last, unless the script reads $? or PIPESTATUS. set
// commands in the script change sh as they run, up to the end of the ( ) subshell,
// or { } group run in a shell of its own (one in a pipe), they are in. A command already ignored, or whose
// failure || handles (outside such a group), is left as it is. Each is placed where its
// failure is let go: the set +e or the shell that turns errexit off, the shell that
// leaves pipefail off, or the command itself. Each command is marked with the shell
// that runs it (command.inBash, command.bashRuns).
func dropFailures(cmds []command, sh shellState, script string) {
	markConditions(cmds)
	lower := strings.ToLower(script) // PowerShell's $LASTEXITCODE and cmd's ERRORLEVEL are any case
	reads := strings.Contains(script, "$?") || strings.Contains(script, "PIPESTATUS") ||
		strings.Contains(lower, "$lastexitcode") || strings.Contains(lower, "errorlevel")
	// bash keeps set -e in command substitutions under either, wherever written, and
	// once POSIXLY_CORRECT is set, which puts it in POSIX mode
	inherits := strings.Contains(script, "inherit_errexit") || strings.Contains(script, "-o posix") || posixlyCorrect.MatchString(script)
	for i := range cmds {
		cmds[i].inBash, cmds[i].bashRuns = sh.bash && !inherits, sh.bashRuns
	}
	// scopes are the ( ) subshells, and { } groups run as one (see groupSubshells),
	// that the command under way is in, outermost first, each with sh as it was
	// entered: a set in one changes sh only up to its end.
	// drops marks one in a pipe (see command.pipes) that a shell without pipefail
	// runs, or inside such a one: a failure in it, kept by the pipes inside, is
	// dropped there.
	type scope struct {
		id    int
		entry shellState
		drops bool
	}
	var scopes []scope
	listed := listedCompounds(cmds)
	negs := negatedSpans(cmds)
	var branchEnds []int // see ifEnds, when a branch or arm is read
	orElse := newFallbacks(cmds)
	if why := sh.start.refusal(); why != "" {
		dashStops(cmds, -1, &unsureRun{at: sh.start.at, why: why})
	}
	for i := range cmds {
		cmd := &cmds[i]
		if cmd.docLine {
			continue // the input of the command before it
		}
		k := 0
		for k < len(scopes) && k < len(cmd.subshells) && scopes[k].id == cmd.subshells[k] {
			k++
		}
		if k < len(scopes) {
			sh, scopes = scopes[k].entry, scopes[:k]
		}
		for _, id := range cmd.subshells[k:] {
			drops := len(scopes) > 0 && scopes[len(scopes)-1].drops || slices.Contains(cmd.pipes, id) && !sh.pipefail
			scopes = append(scopes, scope{id: id, entry: sh, drops: drops})
		}
		if cmd.is("set") {
			was, pipefail := sh.errexit, sh.pipefail
			sh.errexit, sh.pipefail = setOptions(cmd.words[1:], sh.errexit, sh.pipefail)
			if !sh.bashRuns && !sh.interp && namesPipefail(cmd.words[1:]) {
				sh.pipefail = pipefail // sh may be dash, which has none
				dashStops(cmds, i, nil)
			}
			if was && !sh.errexit {
				at := cmd.at
				sh.off = &at
			}
			if on, _ := setOptions(cmd.words[1:], false, false); on {
				sh.errexitSubst = cmd.substDepth
			}
			continue
		}
		if cmd.lost && cmd.ignored == nil {
			at := cmd.at
			cmd.ignored = &at // the status of a command substitution another's replaces
		}
		// substLoses: bash goes on from a failure before the last AND list of the
		// command substitution cmd is in (see command.midSubst)
		substLoses := sh.bash && !inherits && sh.errexitSubst != cmd.substDepth
		cmd.errexit = sh.errexit && !substLoses && !cmd.cond && !cmd.andThen && !cmd.orElse && listed[i] <= i && negs[i] < 0
		cmd.pipefail = sh.pipefail
		loseInSubst := func() {
			at := cmd.at
			if sh.shellAt != nil {
				at = *sh.shellAt
			}
			cmd.ignored = &at
		}
		if cmd.midSubst && cmd.cond && !cmd.condExits && substLoses && cmd.ignored == nil {
			loseInSubst() // the branch it takes runs without set -e
		}
		if cmd.cond && cmd.piped && !sh.pipefail && cmd.ignored == nil {
			at := cmd.at
			if sh.shellAt != nil {
				at = *sh.shellAt
			}
			cmd.ignored = &at // a condition's pipe without pipefail: its status is the last command's
		}
		start := i // where the failure goes on from: cmd, or the fi of the if it is the condition of
		if cmd.errexitKept && cmd.ignored == nil {
			// set -e acts on the false in its failure branch unless it is off, or the
			// if is in an AND-OR list (if ...; fi && echo ok), where bash ignores it
			fi := i + cmd.condFi
			switch {
			case sh.errexit && !cmds[fi].andThen && !cmds[fi].orElse && listed[i] <= i:
			case cmd.branchFails: // the if's status is the false's
				start = fi
			default:
				at := cmd.at
				if !sh.errexit && sh.off != nil {
					at = *sh.off
				}
				cmd.ignored = &at // false in its failure branch fails nothing without set -e
			}
		}
		if cmd.ignored != nil || !cmd.inPipe && cmd.cond && start == i {
			continue // ignored already, or its failure handled by an if
		}
		if cmd.piped && !sh.pipefail || len(scopes) > 0 && scopes[len(scopes)-1].drops {
			at := cmd.at
			if sh.shellAt != nil {
				at = *sh.shellAt
			}
			cmd.ignored = &at
			continue
		}
		// end is the last command of the AND list a failure at from skips to (cmd's
		// first): the last command of a { } group or an if's branch (before its else
		// or elif too) fails the group or if, whose } or fi may be followed by && or
		// ||, and so does the last of a case's arm (before its ;; or esac), not a
		// loop's (a later round may succeed). A || after end whose fallback surely fails (the
		// others commandsIn marked ignored) hands the failure on (see failsTo).
		for from := start; ; {
			end, and := from, false
			neg := negs[from] // the end of the pipeline ! negates around from, whose status the failure turns into success
			for end < len(cmds)-1 && end != neg && (cmds[end].andThen || cmds[end].piped || cmds[end].armEnd || cmds[end+1].closesGroup() ||
				cmds[end+1].endsCompound() && !cmds[end+1].is("done") || startsWith(cmds[end+1], "else", "elif")) {
				and = and || cmds[end].andThen
				arm := cmds[end].armEnd
				if end++; arm || startsWith(cmds[end], "else", "elif") {
					if branchEnds == nil {
						branchEnds = ifEnds(cmds)
					}
					end = branchEnds[end]
				}
				if cmds[end].substEnd && end-cmds[end].substSpan <= from {
					and = false // the list ends the substitution: its status is the assignment's
				}
				if neg >= 0 && end > neg {
					end = neg
				}
			}
			and = and || cmds[end].andAssign // cmd && NAME=value, its list's end
			if cmds[end].midSubst && !cmds[end].orElse && substLoses {
				loseInSubst() // bash goes on to the substitution's next command
				break
			}
			if neg >= 0 && (end == neg || !cmds[end].orElse) {
				// the failure ends in a pipeline ! negates: lost before its end,
				// where set -e acts on nothing, and a success at its end
				from = -1
				if end == neg {
					from = orElse.negatedFailsTo(neg)
				}
				if from < 0 {
					at := cmd.at
					cmd.ignored = &at
					break
				}
				if from == len(cmds) {
					break // an exit of the script's own shell
				}
				if cmds[from].inPipe && !sh.pipefail {
					at := cmd.at
					cmd.ignored = &at
					break
				}
				continue
			}
			// flagged: cmd || FAILED=1, then a check of FAILED that exits (see followFlags)
			if lastCommand(cmds, end) || reads || cmds[end].flagged {
				break
			}
			if cmds[end].orElse {
				if from = orElse.failsTo(end); from < 0 {
					break // an exit of the script's own shell
				}
				if cmds[from].inPipe && !sh.pipefail { // cmd || { ...; exit 1; } | tee log: the pipe's status is tee's
					at := cmd.at
					if sh.shellAt != nil {
						at = *sh.shellAt
					}
					cmd.ignored = &at
					break
				}
				continue
			}
			switch {
			case and || end < listed[from]: // followed by &&, or by more of a group set -e is ignored in
				at := cmd.at
				cmd.ignored = &at
			case !sh.errexit:
				at := cmd.at
				if sh.off != nil {
					at = *sh.off
				}
				cmd.ignored = &at
			}
			break
		}
	}
	markBackground(cmds)
}

// namesPipefail reports whether args, the arguments of a set command, name the
// option pipefail (set -o pipefail, set -euo pipefail, set +o pipefail).
func namesPipefail(args []string) bool {
	for i := 1; i < len(args); i++ {
		if a := args[i-1]; args[i] == "pipefail" && len(a) > 1 && (a[0] == '-' || a[0] == '+') && !strings.HasPrefix(a, "--") && strings.Contains(a, "o") {
			return true
		}
	}
	return false
}

// dashStops marks the commands after cmds[i], a set command that names pipefail
// in a shell that may be sh, as ones this audit cannot tell run (see
// command.unsure): dash 0.5.12, the /bin/sh of Debian and Ubuntu (GitHub's ubuntu
// runners too), has no pipefail, and stops the shell the set runs in with status 2
// there, || true or not, while bash as sh and busybox's ash go on with pipefail on
// (checked with bash 5.2 and dash 0.5.12). One in a ( ) subshell fails that
// subshell, so the commands after it are marked too, but for a subshell followed
// by &&, whose failure skips the rest of its AND list alone; and one after && and
// a ( ) subshell that runs it first, (set -o pipefail) 2>/dev/null && set -o
// pipefail, marks none: dash never runs it, and goes on without pipefail. i -1
// marks them all with start, the shell refusing how it is started (see
// shellStart.refusal), placed at each command where the start's place is not known.
func dashStops(cmds []command, i int, start *unsureRun) {
	if i < 0 {
		for k := range cmds {
			if u := *start; cmds[k].unsure == nil {
				if u.at.File == "" {
					u.at = cmds[k].at
				}
				cmds[k].unsure = &u
			}
		}
		return
	}
	c := cmds[i]
	if i > 0 && cmds[i-1].andThen && cmds[i-1].is("set") && namesPipefail(cmds[i-1].words[1:]) && len(cmds[i-1].subshells) > len(c.subshells) {
		return
	}
	end := len(cmds) // the commands before it are marked
	if len(c.subshells) > 0 {
		last := i // the last command of the subshell the set stops
		for last+1 < len(cmds) && len(cmds[last+1].subshells) >= len(c.subshells) && slices.Equal(cmds[last+1].subshells[:len(c.subshells)], c.subshells) {
			last++
		}
		if cmds[last].andThen && !cmds[last].cond {
			for end = last + 1; end < len(cmds) && cmds[end-1].andThen; end++ {
			}
		}
	}
	u := &unsureRun{at: c.at, why: "it runs after " + strings.Join(c.words, " ") + ", which dash, the /bin/sh of Debian and Ubuntu (GitHub's ubuntu runners too), refuses (\"set: Illegal option -o pipefail\"), stopping its shell there with status 2, || true or not, while bash as sh and busybox's ash go on with pipefail on; run the script with bash (#!/usr/bin/env bash, bash script.sh, shell: bash)"}
	for k := i + 1; k < end; k++ {
		if cmds[k].unsure == nil {
			cmds[k].unsure = u
		}
	}
}

// negatedSpans returns, for each command of cmds, the index of the last command
// of the innermost pipeline around it that ! negates, -1 for none: ! go test
// ./... | tee log, and a { } group or ( ) subshell it starts, ! { go test ./...; },
// ! ( go test ./... ), with the commands piped after it. The pipeline succeeds
// where that last command fails (with pipefail, where one of it fails), so $? and
// the script's status after it say success (! go test ./...; exit $? exits 0),
// and set -e acts on no command in it (checked with bash 5.2 and dash).
func negatedSpans(cmds []command) []int {
	ends := make([]int, len(cmds))
	for k := range ends {
		ends[k] = -1
	}
	for k, c := range cmds {
		if c.docLine {
			continue
		}
		start, d := k, c.depth
		switch bang := slices.Index(c.kw, "!"); {
		case c.is("!") && len(c.words) == 1 && k+1 < len(cmds): // ! ( ... ): the subshell after it
			start = k + 1
		case bang < 0 || strings.Count(strings.Join(c.kw, " "), "!")%2 == 0:
			continue
		default: // less the { } groups opened after the !, which it negates
			d -= strings.Count(strings.Join(c.kw[bang:], " "), "{")
		}
		end := listElement(cmds, start, d)
		for j := start; j <= end; j++ {
			ends[j] = end // an inner one, read later, over an outer
		}
	}
	return ends
}

// ifEnds returns, for each command of cmds, the index of the fi or esac that ends
// the if or case whose later branch or arm starts there (an else or elif, the
// command after a ;;), or the last command's when cmds holds none: the first
// command from it after which fewer compounds are open than before it. One pass
// from the end (the next lower level, by a stack), so that a case of many arms
// costs its length, not its length times theirs.
func ifEnds(cmds []command) []int {
	n := len(cmds)
	level := make([]int, n+1) // the compounds open before cmds[j], level[n] after the last
	for j, c := range cmds {
		opens, closes := compoundEnds(c)
		level[j+1] = level[j] + opens - closes
	}
	ends := make([]int, n)
	var lower []int // the indexes after the one under way, each lower than those above it
	for k := n; k >= 0; k-- {
		for len(lower) > 0 && level[lower[len(lower)-1]] >= level[k] {
			lower = lower[:len(lower)-1]
		}
		if k < n {
			ends[k] = n - 1
			if len(lower) > 0 {
				ends[k] = lower[len(lower)-1] - 1 // the command after which the level is lower
			}
		}
		lower = append(lower, k)
	}
	return ends
}

// listedCompounds returns, for each command of cmds in a { } group, ( ) subshell,
// if, loop or case followed by && or ||, the index of the command that ends the
// outermost such compound around it (its }, fi, done or esac, or the subshell's
// last command, see command.closes); 0 for any other. bash ignores set -e in every
// command of a compound command that is an element of an AND-OR list but the
// last: { go test ./...; echo done; } && echo ok, and if ...; then go test ./...;
// echo done; fi && echo ok, go on after go test fails, and the compound's status
// is echo's.
func listedCompounds(cmds []command) []int {
	ends := make([]int, len(cmds))
	for k := len(cmds) - 1; k > 0; k-- {
		c := cmds[k]
		if !c.andThen && !c.orElse || ends[k-1] > k {
			continue // not followed by && or ||, or inside such a compound: the outer's end holds
		}
		start := k - c.closes
		if c.closes == 0 { // fi, done or esac over lines, which splitCommands read apart
			start = compoundStart(cmds, k)
		}
		if start < 0 {
			continue // no compound
		}
		for j := start; j < k; j++ {
			ends[j] = k
		}
	}
	return ends
}

// markBackground marks the commands of one shell script run in the background
// (cmd &) whose status the script never collects: no later wait names a job (wait
// $pid, wait %1, wait -n) and returns its status where a failure counts. A bare
// wait returns 0 whatever the jobs returned. Each is placed at the bare wait, if
// any, else at itself.
func markBackground(cmds []command) {
	for i := range cmds {
		if !cmds[i].background || cmds[i].ignored != nil {
			continue
		}
		var bare *repo.Evidence
		collected := false
		for _, w := range cmds[i+1:] {
			if !w.is("wait") || w.docLine {
				continue
			}
			if len(w.words) == 1 {
				if bare == nil {
					at := w.at
					bare = &at
				}
				continue
			}
			if w.ignored == nil {
				collected = true
				break
			}
		}
		if collected {
			continue
		}
		at := cmds[i].at
		if bare != nil {
			at = *bare
		}
		cmds[i].ignored = &at
	}
}

// markConditions marks the commands of one shell script that make the condition of
// an if, elif, while or until (cond): set -e does not act on them, and the failure
// of one reaches the script's status only through the branch it takes. The failure
// of a condition of one command, or one pipeline (with pipefail: see
// dropFailures), is kept when that branch (then after if !, else after if) runs
// exit or return with a status other than 0, or false (see errexitKept); any
// other condition's (a loop's, one of several commands, one whose branch does not
// exit) is ignored at the command: if ! go test ./...; then cat log; exit 1; fi
// keeps it, if go test ./...; then echo ok; fi lets it go.
func markConditions(cmds []command) {
	var ends []int // see ifEnds, once a branch runs false
	for i := range cmds {
		k := slices.IndexFunc(cmds[i].kw, func(w string) bool { return w == "if" || w == "elif" || w == "while" || w == "until" })
		if k < 0 || cmds[i].cond || cmds[i].docLine {
			continue
		}
		j := i + 1 // the command after then or do
		for j < len(cmds) && !startsWith(cmds[j], "then", "do") {
			j++
		}
		if j == len(cmds) {
			continue // the body is not in the script: not judged
		}
		kept, withFalse, exits := false, false, false
		lastFails := false // the last command of each branch a failure may take, at its level, surely fails
		// one command, or one pipeline (go test ./... | tee log, whose failure
		// only pipefail hands on: see dropFailures)
		one := !slices.ContainsFunc(cmds[i:j-1], func(c command) bool { return !c.piped && !c.docLine })
		if kw := cmds[i].kw[k]; one && (kw == "if" || kw == "elif") {
			neg := slices.Contains(cmds[i].kw[k+1:], "!")
			// the branches a failure may take, at the if's own level: the then after
			// if !; after if, the else, and the branch of each elif before it, which
			// runs where its condition holds, so each must fail, and an else must
			// end them (without one, the if's status is 0 where no elif's condition
			// holds: checked with bash 5.2 and dash)
			var fates []branchFate
			if neg {
				fates = append(fates, branchFate{})
			}
			level, in, withElse := 0, neg, false
			for _, c := range cmds[j:] {
				if c.docLine {
					continue
				}
				if level == 0 && (c.is("fi") || neg && startsWith(c, "else", "elif")) {
					break
				}
				switch {
				case level == 0 && startsWith(c, "elif"):
					in = false // its condition, up to its then
					fates = append(fates, branchFate{})
				case level == 0 && startsWith(c, "else"):
					in, withElse = true, true
					fates = append(fates, branchFate{})
				case level == 0 && !neg && len(fates) > 0 && startsWith(c, "then"):
					in = true
				}
				if in && level == 0 && !fates[len(fates)-1].kept {
					fates[len(fates)-1].read(c, len(cmds[i].subshells), neg)
				}
				level += len(slices.DeleteFunc(slices.Clone(c.kw), func(w string) bool { return w != "if" }))
				if c.is("fi") {
					level--
				}
			}
			if len(fates) > 0 && (neg || withElse) {
				kept, exits, withFalse, lastFails = true, true, true, true
				for _, f := range fates {
					kept, exits = kept && f.kept, exits && f.kept && f.exits
					withFalse, lastFails = withFalse && (f.kept || f.withFalse), lastFails && (f.kept || f.lastFails)
				}
			}
		}
		for n := i; n < j; n++ {
			cmds[n].cond = true
			cmds[n].errexitKept = !kept && withFalse
			if cmds[n].errexitKept {
				if ends == nil {
					ends = ifEnds(cmds)
				}
				// the then opens the branches, the fi closes them
				cmds[n].branchFails, cmds[n].condFi = lastFails, ends[j]-n
			}
			cmds[n].condExits = exits
			if !kept && !withFalse && cmds[n].ignored == nil {
				at := cmds[n].at
				cmds[n].ignored = &at
			}
		}
	}
}

// branchFate is what one branch of an if that a failure of its condition may take
// does (see markConditions): it runs exit or return with a status other than 0 at
// its own level (kept; exits for exit), or false there (withFalse), last
// (lastFails).
type branchFate struct{ kept, exits, withFalse, lastFails bool }

// read reads c, the next command of the branch at its own level, which the
// condition's shell runs in depth ( ) subshells, after if ! where neg is set.
func (f *branchFate) read(c command, depth int, neg bool) {
	// an exit in a ( ) subshell of the branch, (exit 1), ends that subshell
	// alone, which fails as false does
	own := len(c.subshells) == depth
	// exit $? exits with the status of the command before it: the condition's, a
	// failure, only first in the else after if (after if !, the negated
	// condition's 0; after elif, the failed elif's)
	status := len(c.words) == 2 && (failingStatus(c.words[1]) || c.words[1] == "$?" && !neg && startsWith(c, "else"))
	if own && status && (c.words[0] == "exit" || c.words[0] == "return") {
		f.kept, f.exits = true, c.words[0] == "exit"
		return
	}
	fails := c.is("false") && len(c.words) == 1 || !own && status && (c.words[0] == "exit" || c.words[0] == "return")
	f.lastFails = fails && !c.andThen && !c.orElse && !c.piped
	f.withFalse = f.withFalse || f.lastFails
}

// lastCommand reports whether cmds[i] is the last command of its script: only the
// ends of compound commands that take the status of the command before them (fi,
// esac, }), and lines of a here-document, follow it. A loop's done does not: a failure of an earlier pass is lost.
func lastCommand(cmds []command, i int) bool {
	for _, c := range cmds[i+1:] {
		if !c.docLine && (len(c.words) != 1 || !slices.Contains([]string{"fi", "esac", "}"}, c.words[0])) {
			return false
		}
	}
	return true
}

// hereDocScript is why unrun leaves out a line of a here-document that a shell runs
// as its script: a command of that shell's, not of the script that opens it.
const hereDocScript = "a line of the script a shell reads from its here-document"

// live splits cmds, the commands of one shell script in order, into those the shell
// may run and those unrun finds it never runs, each with why in command.never; the
// lines of a here-document that a shell runs as its script are in neither (see
// followScript).
func live(cmds []command) (run, never []command) {
	why := unrun(cmds)
	run = cmds[:0:0]
	for i, c := range cmds {
		switch why[i] {
		case "":
			run = append(run, c)
			continue
		case hereDocScript:
			continue
		}
		c.never = why[i]
		never = append(never, c)
	}
	return run, never
}

// unrun returns, for each command of cmds, the commands of one shell script in
// order, why the shell never runs it, or "" when it may:
//   - it comes after an exit or return at the top of the script (in no compound
//     command, group, subshell or pipe, nor after && or ||);
//   - it is in a branch of an if or elif, or in the body of a while or until,
//     whose condition, one command, is a constant that never takes it (see
//     constStatus): if false; then ... fi, while false, until true, the else of
//     if true;
//   - it is on the right of || after a command that always succeeds (true || cmd),
//     or of && after one that always fails (false && cmd), with the rest of the
//     AND-OR list that such a status skips;
//   - it is in the body of a function that no command the shell may run calls
//     (its name in a word of one outside the body, but for what echo and printf
//     print: trap NAME EXIT and xargs NAME count; a command whose name is left to a
//     variable may call any);
//   - it is a line of a here-document (cat <<EOF ... EOF): the input of the command
//     that opens it (see command.docLine), never read as an exit nor judged; for a shell that runs it as its script (bash <<EOF, see
//     command.hereDoc), the why is hereDocScript, and followScript reads it there.
func unrun(cmds []command) []string {
	why := make([]string, len(cmds))
	lvl := make([]int, len(cmds)+1) // how many compound commands are open before each
	for i, c := range cmds {
		lvl[i+1] = lvl[i]
		if !cmds[i].docLine {
			opens, closes := compoundEnds(c)
			lvl[i+1] += opens - closes
		}
	}
	mark := func(from, to int, reason string) {
		for k := from; k <= to && k < len(cmds); k++ {
			if why[k] == "" && !cmds[k].docLine {
				why[k] = reason
			}
		}
	}
	chained := func(k int) bool { // cmds[k] follows &&, || or | in its list
		return k > 0 && (cmds[k-1].andThen || cmds[k-1].orElse || cmds[k-1].piped)
	}
	place := func(c command) string { return c.at.File + ":" + strconv.Itoa(c.at.Line) }
	for i, c := range cmds {
		if cmds[i].docLine {
			continue
		}
		// true || cmd, false && cmd
		if (c.orElse || c.andThen) && !chained(i) && !c.piped {
			if ok, known := constStatus(c, c.kw); known && ok == c.orElse {
				op := "&&"
				if c.orElse {
					op = "||"
				}
				for j := i + 1; j < len(cmds); {
					end := listElement(cmds, j, c.depth)
					mark(j, end, "on the right of "+op+" after "+strings.Join(c.words, " ")+" at "+place(c))
					if !(c.orElse && cmds[end].orElse || c.andThen && cmds[end].andThen) {
						break
					}
					j = end + 1
				}
			}
		}
		// if false; then ...; fi, while false; do ...; done
		if k := slices.IndexFunc(c.kw, func(w string) bool { return w == "if" || w == "elif" || w == "while" || w == "until" }); k >= 0 && i+1 < len(cmds) && startsWith(cmds[i+1], "then", "do") {
			kw := c.kw[k]
			ok, known := constStatus(c, c.kw[k+1:])
			if !known {
				continue
			}
			inner := lvl[i] + opened(c.kw[:k+1])
			end := i + 1 // the end of the body: the next else, elif, fi or done of this compound
			for end < len(cmds) && (end == i+1 || cmds[end].docLine || lvl[end] != inner || !startsWith(cmds[end], "else", "elif") && !cmds[end].is("fi") && !cmds[end].is("done")) {
				end++
			}
			if end == len(cmds) {
				continue // the end is not in the script: not judged
			}
			reason := kw + " " + strings.Join(c.words, " ") + " at " + place(c) + " never takes it"
			switch {
			case !ok && kw != "until" || ok && kw == "until":
				mark(i+1, end-1, reason)
			case ok && (kw == "if" || kw == "elif"): // the later branches
				fi := end
				for fi < len(cmds) && (cmds[fi].docLine || lvl[fi] != inner || !cmds[fi].is("fi")) {
					fi++
				}
				if fi < len(cmds) {
					mark(end, fi-1, reason)
				}
			}
		}
		// exit at the top of the script
		if (c.is("exit") || c.is("return")) && lvl[i] == 0 && len(c.kw) == 0 && c.depth == 0 && !chained(i) && !c.piped && !c.background && why[i] == "" {
			mark(i+1, len(cmds)-1, "after "+strings.Join(c.words, " ")+" at "+place(c))
			break
		}
	}
	uncalledFunctions(cmds, lvl, why)
	opener := 0 // the command a here-document's lines follow: never one of them
	for i := range cmds {
		switch {
		case !cmds[i].docLine:
			opener = i
		case cmds[opener].hereDoc != "":
			why[i] = hereDocScript
		default:
			why[i] = "a line of the here-document of " + strings.Join(cmds[opener].words, " ") + " at " + place(cmds[opener]) + ": the input of that command, not one of the script"
		}
	}
	return why
}

// uncalledFunctions marks in why the bodies of the functions that cmds define and
// no command outside the body that may run calls, over again until none is left
// (see unrun).
func uncalledFunctions(cmds []command, lvl []int, why []string) {
	type function struct {
		name       string
		at         repo.Evidence
		start, end int // the body
	}
	var funcs []function
	for i, c := range cmds {
		if cmds[i].docLine || why[i] != "" {
			continue
		}
		if c.is("function") && len(c.words) >= 2 && !c.funcDef || c.funcDef {
			name := c.words[len(c.words)-1]
			if c.is("function") {
				name = strings.TrimSuffix(c.words[1], "()")
			}
			start := i + 1
			if c.is("function") && !c.funcDef && c.words[len(c.words)-1] == "{" {
				start = i // function name {: the body opens on the line of the name
			} else if start >= len(cmds) || !startsWith(cmds[start], "{") {
				continue // a body this audit does not read (a subshell, a loop)
			}
			inner := lvl[start] + 1
			end := start + 1
			for end < len(cmds) && (cmds[end].docLine || lvl[end] != inner || !cmds[end].is("}")) {
				end++
			}
			if end == len(cmds) {
				continue
			}
			funcs = append(funcs, function{name: name, at: c.at, start: max(start, i+1), end: end})
		}
	}
	if len(funcs) == 0 {
		return
	}
	for i, c := range cmds {
		if why[i] == "" && !cmds[i].docLine && (strings.Contains(c.words[0], "$") || c.is("eval") && slices.ContainsFunc(c.words, func(w string) bool { return strings.Contains(w, "$") })) {
			return // a command named by a variable: it may call any
		}
	}
	uncalled := make([]bool, len(funcs))
	for changed := true; changed; {
		changed = false
		for n, f := range funcs {
			if uncalled[n] || why[f.start] != "" {
				continue
			}
			called := false
			for i, c := range cmds {
				if why[i] != "" || cmds[i].docLine || i >= f.start && i <= f.end || c.funcDef || c.is("function") {
					continue
				}
				if c.words[0] == f.name || !c.is("echo") && !c.is("printf") && slices.ContainsFunc(c.words, func(w string) bool {
					return slices.Contains(strings.FieldsFunc(w, func(r rune) bool { return strings.ContainsRune(" \t\n;&|()`$\"'{}<>=", r) }), f.name)
				}) {
					called = true
					break
				}
			}
			if !called {
				uncalled[n] = true
				for k := f.start; k <= f.end; k++ {
					if why[k] == "" && !cmds[k].docLine {
						why[k] = "in function " + f.name + " (" + f.at.File + ":" + strconv.Itoa(f.at.Line) + "), which nothing calls"
					}
				}
				changed = true
			}
		}
	}
}

// listElement returns the index of the last command of the pipeline of an AND-OR
// list that starts at cmds[j], in a list at depth d: with the commands of a { }
// group or ( ) subshell it opens, and those piped after it.
func listElement(cmds []command, j, d int) int {
	end := j
	for {
		if cmds[end].depth > d {
			for end+1 < len(cmds) && cmds[end+1].depth > d {
				end++
			}
		}
		if !cmds[end].piped || end+1 == len(cmds) {
			return end
		}
		end++
	}
}

// compoundEnds returns how many compound commands c opens (the if, while, until
// and { written before it, one by itself included; a for, select or case, or a
// function name { it starts) and closes (fi, done, esac, }): none for a line of a
// here-document.
func compoundEnds(c command) (opens, closes int) {
	if c.docLine {
		return 0, 0
	}
	opens = opened(c.kw)
	switch {
	case len(c.words) == 1 && slices.Contains([]string{"if", "while", "until", "{"}, c.words[0]):
		opens++
	case c.is("for") || c.is("select") || c.is("case"):
		opens++
	case c.is("function") && c.words[len(c.words)-1] == "{":
		opens++
	case c.is("fi") || c.is("done") || c.is("esac") || c.is("}"):
		closes++
	}
	return opens, closes
}

// opened returns how many compound commands the keywords kw open.
func opened(kw []string) int {
	n := 0
	for _, w := range kw {
		if w == "if" || w == "while" || w == "until" || w == "{" {
			n++
		}
	}
	return n
}

// startsWith reports whether c begins with one of the keywords (then, do, else,
// elif, {), written before its command or by itself; a line of a here-document
// begins with none.
func startsWith(c command, keywords ...string) bool {
	return !c.docLine && len(c.kw) > 0 && slices.Contains(keywords, c.kw[0]) || len(c.words) == 1 && slices.Contains(keywords, c.words[0])
}

// hereDocEnd returns what ends the last here-document that c opens, or one of no
// word when it opens none (see command.docs).
func (c command) hereDocEnd() docEnd {
	if len(c.docs) > 0 {
		return c.docs[len(c.docs)-1]
	}
	return docEnd{}
}

// docEnd is what ends a here-document: the line that is its word, whole, after the
// leading tabs that <<- strips. sh matches the line as it is, so a line of spaces
// and the word, or the word and a space, ends none (nor, for <<-, spaces before).
type docEnd struct {
	word string
	tabs bool // <<-
	// quoted marks a word written inside quotes, or escaped (<<'EOF'): the lines
	// are text, not expanded
	quoted bool
}

// endsAt reports whether line, a line of a here-document, is the one that ends it.
func (e docEnd) endsAt(line string) bool {
	if e.tabs {
		line = strings.TrimLeft(line, "\t")
	}
	return line == e.word
}

// hereDocEnds returns the words that end the here-documents that words, a command
// as splitCommands writes its words (a < written inside quotes marked, see
// quotedLess), with quoted marking those written inside quotes or escaped, open (<<EOF, <<-EOF, << EOF, 0<<EOF), in order (cat <<A <<B): none for a
// here-string (<<<), nor for a << written inside quotes (echo "<<EOF").
func hereDocEnds(words []string, quoted []bool) []docEnd {
	var ends []docEnd
	for k, w := range words {
		rest, ok := strings.CutPrefix(strings.TrimLeft(w, "0123456789"), "<<")
		if !ok || strings.HasPrefix(rest, "<") {
			continue
		}
		rest, tabs := strings.CutPrefix(rest, "-")
		q := quoted[k]
		if rest == "" && k+1 < len(words) {
			rest, q = words[k+1], quoted[k+1]
		}
		if rest != "" {
			ends = append(ends, docEnd{word: unmarked.Replace(rest), tabs: tabs, quoted: q})
		}
	}
	return ends
}

// constStatus reports whether c, run after the keywords kw (an odd number of !
// among them negates it), always succeeds (ok) or always fails, and whether that
// is known: true and : succeed, false fails, and a test ([ ], [[ ]] or test) of
// literal words compares strings (=, ==, !=, -n, -z, one word) or integers (-eq,
// -ne, -lt, -le, -gt, -ge). A word with a $ or ` is not literal: the shell expands
// it.
func constStatus(c command, kw []string) (ok, known bool) {
	neg := len(slices.DeleteFunc(slices.Clone(kw), func(w string) bool { return w != "!" }))%2 == 1
	if len(c.words) == 0 || slices.ContainsFunc(c.words, func(w string) bool { return strings.ContainsAny(w, "$`<>") }) {
		return false, false
	}
	var args []string
	switch w := c.words; {
	case len(w) == 1 && (w[0] == "true" || w[0] == ":"):
		return !neg, true
	case len(w) == 1 && w[0] == "false":
		return neg, true
	case w[0] == "test":
		args = w[1:]
	case w[0] == "[" && w[len(w)-1] == "]" && len(w) > 1:
		args = w[1 : len(w)-1]
	case w[0] == "[[" && w[len(w)-1] == "]]" && len(w) > 1 && !slices.ContainsFunc(w, func(s string) bool { return strings.ContainsAny(s, "*?[") && s != "[[" }):
		args = w[1 : len(w)-1]
	default:
		return false, false
	}
	if len(args) > 0 && args[0] == "!" {
		neg, args = !neg, args[1:]
	}
	switch {
	case len(args) == 0:
		ok = false
	case len(args) == 1:
		ok = args[0] != ""
	case len(args) == 2 && (args[0] == "-n" || args[0] == "-z"):
		ok = (args[1] == "") == (args[0] == "-z")
	case len(args) == 3 && (args[1] == "=" || args[1] == "=="):
		ok = args[0] == args[2]
	case len(args) == 3 && args[1] == "!=":
		ok = args[0] != args[2]
	case len(args) == 3 && slices.Contains([]string{"-eq", "-ne", "-lt", "-le", "-gt", "-ge"}, args[1]):
		a, errA := strconv.Atoi(args[0])
		b, errB := strconv.Atoi(args[2])
		if errA != nil || errB != nil {
			return false, false
		}
		ok = map[string]bool{"-eq": a == b, "-ne": a != b, "-lt": a < b, "-le": a <= b, "-gt": a > b, "-ge": a >= b}[args[1]]
	default:
		return false, false
	}
	return ok != neg, true
}
