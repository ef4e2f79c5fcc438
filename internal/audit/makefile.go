package audit

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"maps"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// makefile is a Makefile read by target: its variables, rules and default goal.
// Conditionals whose values are known are evaluated; inside one that is not, every
// branch is read and the variables it assigns are uncertain: their references stay
// unexpanded. Includes of files of the repository are read in place.
type makefile struct {
	r *repo.Repo
	// ctx stops the reading once done (see stopEvery): stopped is then its error,
	// and what was read is not all of the Makefile.
	ctx      context.Context
	stopped  error
	readFile func(string) ([]byte, error)
	skip     []string // included files passed over
	// partial is set when an include could not be read in place (a file that is not
	// there, other than an optional include's, or one outside the repository, a path
	// left with a reference or a pattern, or includes nested too deep), or $(eval)
	// makes rules while make reads: the targets, .PHONY's list and the variables are
	// then not all known.
	partial bool
	// gap says why the goals make has a recipe for are not all known to add, the
	// first reason, where and what: why partial was first set, or a rule that answers
	// any goal (a match-anything rule, %:, or .DEFAULT), which adds no target, nor a
	// .PHONY entry, nor a variable, and so leaves partial unset.
	gap string
	// evalAt is the first line that makes rules with $(eval) while make reads the
	// file: those rules are not read (their targets have none here). evalBuilds is
	// set when a line with $(eval) holds a go build or go install itself.
	evalAt     place
	evalBuilds bool
	// included are the files read in place through include directives.
	included []string
	// includes are the files the include directives name, as resolved, with where each
	// directive is: those passed over (skip) too.
	includes []MakeInclude
	// unincluded is the first include directive that names a file not read in place
	// (not in the repository, outside it, or a name left with a reference), with
	// where it is: what that file defines is not known.
	unincluded   string
	unincludedAt place
	// glob lists the repository files a pattern matches, for the includes of patterns
	// (include mk/*.mk, include $(wildcard mk/*.mk)); nil leaves them a gap.
	glob     func(pattern string) ([]string, error)
	path     string
	dir      string
	vars     map[string]string
	varAt    map[string]place // where each variable is last assigned
	assigned []MakeAssignment // every assignment, in the order read
	// assignedUnder are those of assigned (by index) read in a branch of a
	// conditional this audit cannot evaluate: where each is, and that conditional.
	assignedUnder map[int]undecidedAssign
	targets       map[string]*target
	// patterns are the pattern rules (bin/%: ...), in the order they are read.
	patterns []*target
	order    []string // the target names in the order they are read, includes in place
	first    string   // the default goal
	// prefix starts a recipe line: a tab, or the first character of .RECIPEPREFIX.
	prefix string
	// cmdline holds the variables of the make command line, which assignments in
	// the Makefile do not change (but for override). overridden are those an override
	// assignment has taken: make 4.3 then leaves them out of the environment of its
	// recipes, unless an export names them (see recipeEnv).
	cmdline    map[string]string
	overridden map[string]bool
	// envWins are, under make -e (--environment-overrides), the variables of make's
	// environment, MAKEFLAGS and GNUMAKEFLAGS among them: as those of its command
	// line, assignments in the Makefile but for override leave their values
	// (target-specific ones do not).
	envWins map[string]bool
	// uncertain are the variables assigned inside a conditional that cannot be
	// evaluated.
	uncertain map[string]bool
	// untaken are the variables assigned in branches of conditionals that make does
	// not take (ifneq ($(V),1) Q := @ endif, under make V=1).
	untaken map[string]bool
	// sourced holds what the scripts its recipes source leave and do (see markSourced).
	sourced sourcedMemo
	// conds is the stack of the conditionals being read; condBase is where that of the
	// file being read starts (make reads each file's conditionals apart: an endif of an
	// included file does not close one of the file including it).
	conds    []cond
	condBase int
	// allBranches reads every branch of every conditional, as the targets and
	// assignments a Makefile may define, whatever the values make is run with.
	allBranches bool
	// envUnknown says that the environment make runs with is not known (a CI
	// runner's): a ?= assignment may keep a value from it, so the variable is uncertain.
	envUnknown bool
	// broken says why make refuses to read the Makefile at all (a conditional without
	// endif), where; nil when it does not.
	broken *MakeUnreadable
	// stops43 is the first line read that GNU make 4.4 reads as a :::= assignment
	// and GNU make 4.3 stops at as it reads the Makefile (see makefile.only44), at
	// stops43At; "" when there is none.
	stops43   string
	stops43At place
	// define is the variable a define block being read assigns, with its operator
	// and body.
	define *defineBlock
	// steps is what expansions of the Makefile may still spend (see maxMakefileSteps);
	// overflow counts the expansions beyond the bounds, left as written, and tooBig
	// names the simply expanded variables among them, in the order assigned.
	steps    int
	overflow int
	tooBig   []string
	// exported are the variables make puts in the environment of its recipes: those
	// an export directive names (export VAR = value, export VAR), and those of the
	// make command line (see recipeEnv); false for one an unexport directive after
	// them names (unexport VAR), which make keeps out of that environment, whatever
	// its origin, until an export names it again.
	exported map[string]bool
	// exportedUnder are the variables an export directive without an assignment
	// names in a branch of a conditional this audit cannot evaluate (ifdef X export
	// CGO_ENABLED endif): where the first is, and that conditional; make puts them in
	// the environment of its recipes or not (see unsureEnv).
	exportedUnder map[string]undecidedAssign
	// targetUnder are, while scoped runs, the variables a target-specific assignment
	// in a branch of a conditional this audit cannot evaluate sets for the recipe
	// (ifdef X test: export GOFLAGS = -race endif): where, that conditional, and the
	// value before it.
	targetUnder map[string]undecidedAssign
	// private are the variables a global assignment marks private (private X = v):
	// make reads them while it reads the makefiles, but no target inherits them, so
	// a recipe has none of them (see scoped), unless a target-specific assignment
	// gives it one. A variable once marked stays so, whatever assigns it after.
	private map[string]bool
	// scoping is set while scoped runs: the recipes read then have the scope of
	// their targets (see recipeFor); envUnsure are then the variables whose value in
	// the environment of the recipes is not known, though their Make value is: the
	// exported private ones.
	scoping   bool
	envUnsure map[string]bool
	// specials are the special targets read that change how recipes run (.IGNORE,
	// .ONESHELL, .POSIX) or whether they run (.PHONY): the rules that name each, with
	// the targets they name (none, for .IGNORE: every target).
	specials map[string]*special
}

// special is a special target of a Makefile: the rules that name it, in the order
// read.
type special struct {
	rules []specialRule
}

// specialRule is a rule that names a special target: where it is, its
// prerequisites, and the conditional this audit cannot evaluate that it is read
// under (nil when none is), which may leave it out.
type specialRule struct {
	at      place
	prereqs []string
	under   *undecided
}

// rulesOf returns the rules of sp, none for nil (a special target no rule names).
func (sp *special) rulesOf() []specialRule {
	if sp == nil {
		return nil
	}
	return sp.rules
}

// undecided is a conditional this audit cannot evaluate: the directive that opens
// it, as written, and where it is; its branches, branch the one the lines are read
// in, and nested whether another such conditional holds it.
type undecided struct {
	text     string
	at       place
	branches *branches
	branch   int
	nested   bool
}

// branches is the shape of a conditional as read so far: how many branches it has
// (each else opens one), from the first branch whose condition this audit cannot
// evaluate (those before it are known not taken, -1 while none), and whether an
// else without a condition ends it, when make takes one of them whatever it reads.
type branches struct {
	n, from   int
	plainElse bool
}

// undecidedAssign is an assignment in a branch of a conditional this audit cannot
// evaluate: where it is, and the conditional; whether it says export, and the
// variable's value before it (nil when it had none), which make keeps without it.
type undecidedAssign struct {
	at     place
	under  undecided
	export bool
	prior  *string
}

// cond is a conditional being read: whether its current branch applies, whether
// that is known, and whether an earlier branch applied.
type cond struct {
	value, known, done bool
	// kw and at are the directive that opens the conditional and where, text the
	// directive as written; elsed is set once a bare else is read.
	kw, text string
	at       place
	elsed    bool
	shape    *branches
}

// defineBlock is a define ... endef being read, with the modifiers written before
// define (export, override, private).
type defineBlock struct {
	mods     []string
	name, op string
	at       place
	body     []string
}

// targetVar is a target-specific assignment (target: VAR op value), at at.
type targetVar struct {
	name, op, value string
	at              place
	export          bool // target: export VAR = value
	unexport        bool // target: unexport VAR = value (GNU make 4.4)
	// private marks target: private VAR = value, which the prerequisites built for
	// the target do not inherit (see inherited); parents marks what a prerequisite
	// gets of one instead (see makefile.scoped).
	private, parents bool
	// under is the conditional this audit cannot evaluate that the assignment is
	// read in, nil when none is: make may not read it (see makefile.scoped).
	under *undecided
}

// inherited returns the target-specific assignments vars of a target as its
// prerequisites built for it inherit them: a private one is no Make variable of
// theirs, and is in the environment of their recipes under make 4.3 (which
// exports it to them, when exported) but not 4.4, so it stays as one whose value
// there is not known (parents).
func inherited(vars []targetVar) []targetVar {
	if !slices.ContainsFunc(vars, func(v targetVar) bool { return v.private }) {
		return vars
	}
	out := make([]targetVar, 0, len(vars))
	for _, v := range vars {
		if v.private {
			v.private, v.parents = false, true
		}
		out = append(out, v)
	}
	return out
}

type target struct {
	name    string
	line    int
	file    string
	prereqs []string
	// recipe holds the recipe lines of the rules naming the target; those of a rule that
	// names several targets are kept once, with the last, so that each command is
	// judged once, and shared points the others to it.
	recipe []ruleLine
	shared *target
	// vars are the target-specific assignments, in the order read; they apply to the
	// target's recipe and to those of its prerequisites built for it.
	vars []targetVar
	// ruled is set once a rule names the target (not only a target-specific
	// assignment).
	ruled bool
	// recipeAt is the rule that gave the target its recipe (the first, when several do),
	// whichever target of that rule holds the lines.
	recipeAt place
	// recipes counts the single-colon rules that give the target recipe lines: make runs
	// the last and warns when there are several.
	recipes int
	// single and double are set once a single-colon (:) or double-colon (::) rule names
	// the target: make refuses a Makefile that has both for one target.
	single, double bool
	// mayPrereqs are the prerequisites only rules read in a branch of a conditional
	// this audit cannot evaluate name (ifdef X test: .FORCE endif), each with the first
	// such rule and that conditional: make may not read them (see upToDate);
	// surePrereqs those a rule outside such a branch names.
	mayPrereqs  map[string]undecidedAssign
	surePrereqs map[string]bool
}

type logicalLine struct {
	text string
	line int
}

// ruleLine is a recipe line of a rule; start marks the first line of the rule's
// recipe: make runs the recipe of each double-colon rule apart (under .ONESHELL,
// each its own script), and so those of single-colon rules kept together because
// a conditional this audit cannot evaluate may leave one out.
// under is the innermost conditional this audit cannot evaluate that the line is
// read in (nil when none is): make runs the line only where its branch is taken.
// replacedAt is a later single-colon rule of the target whose recipe is read in a
// branch of such a conditional, replacedUnder: make runs that recipe in place of
// this line's where the branch is taken (a zero place when none does).
type ruleLine struct {
	logicalLine
	start         bool
	under         *undecided
	replacedAt    place
	replacedUnder *undecided
}

// MakeAssignOps is the group of a regular expression that matches the operator of a
// Make variable assignment, longest first: :::= (GNU make 4.4), ::=, :=, ?=, +=, !=
// and =.
const MakeAssignOps = `(:::=|::=|:=|\?=|\+=|!=|=)`

// MakeAssign reads text, a line of a Makefile without its comment (see
// MakeUncommented), as a global variable assignment: its modifiers as written
// (export, override and private, in any order, each followed by a blank), the
// variable's name, the operator (see MakeAssignOps) and the value as written; ok is
// false for a line that is none.
func MakeAssign(text string) (mods, name, op, value string, ok bool) {
	m := makeAssign.FindStringSubmatch(text)
	if m == nil {
		return "", "", "", "", false
	}
	return m[1], m[2], m[3], m[4], true
}

var (
	// A global assignment's modifiers are export, override and private, in any order.
	makeAssign = regexp.MustCompile(`^((?:(?:export|override|private)\s+)*)([A-Za-z0-9_.-]+)\s*` + MakeAssignOps + `\s*(.*)$`)
	// A rule's targets end at its colon, or at the & right before it that groups them
	// (make reads "build&:" as "build &:", and "build& :" as the target build&).
	// Its modifiers are export, unexport (GNU make 4.4; 4.3 refuses the line),
	// override and private, in any order.
	makeTarget = regexp.MustCompile(`^([^:=#\t][^:=#]*?)\s*&?:\s*((?:(?:export|unexport|override|private)\s+)*)([A-Za-z0-9_.-]+)\s*` + MakeAssignOps + `\s*(.*)$`)
	makeDefine = regexp.MustCompile(`^((?:(?:export|override|private)\s+)*)define\s+([A-Za-z0-9_.-]+)\s*` + MakeAssignOps + `?\s*$`)
	makeRule   = regexp.MustCompile(`^([^:=#\t][^:=#]*?)\s*&?::?\s*([^=]*)$`)
	makeRef    = regexp.MustCompile(`\$[({]([A-Za-z0-9_.-]+)[)}]`)
)

// parseMakefile reads the Makefile at p from r. It stops with ctx's error once ctx
// is done (see stopEvery), and returns no Makefile then.
func parseMakefile(ctx context.Context, r *repo.Repo, p string) (*makefile, error) {
	return parseMakefileWith(ctx, r, p, path.Dir(p), nil, nil, "")
}

// parseMakefileWith reads the Makefile at p from r as make reads it when run in the
// directory dir, with the environment variables env (which assignments replace, but
// for ?=) and the command-line variables cmdline (which they do not replace, but for
// override). make resolves include directives, wildcards and targets, and runs
// recipes, in its working directory: the Makefile's own directory, but for a file
// named with -f (make -f build/release.mk from the root resolves
// include build/version.mk against the root). make always defines MAKEFLAGS, as
// makeflags as it starts reading (see makeflagsAtStart), whatever env holds: an
// assignment ?= does not set it. Nor does make ever take SHELL from its environment
// (make -e neither): the shell of its recipes is /bin/sh but for the makefiles' SHELL
// or the command line's. Under make -e (makeflags holds it: see
// environmentOverrides) the variables of env keep their values (see envWins). It stops
// with ctx's error once ctx is done (see stopEvery), and returns no Makefile then.
func parseMakefileWith(ctx context.Context, r *repo.Repo, p, dir string, env, cmdline map[string]string, makeflags string) (*makefile, error) {
	read := func(p string) ([]byte, error) {
		if src, ok := r.ReadFile(p); ok {
			return src, nil
		}
		return nil, fs.ErrNotExist
	}
	mf := newMakefile(read, p)
	mf.ctx, mf.r, mf.glob, mf.dir = ctx, r, r.Glob, dir // include mk/*.mk reads the files make reads
	// make's environment, exported to its recipes; its SHELL is no Make variable (the
	// recipes get that of the environment, as the commands before make do)
	for name, v := range env {
		if name != "SHELL" {
			mf.vars[name], mf.exported[name] = v, true
		}
	}
	// GNUMAKEFLAGS make always defines too, as from its environment: it reads the
	// environment's flags (makeflags holds them) and clears it
	mf.vars["MAKEFLAGS"], mf.vars["GNUMAKEFLAGS"] = makeflags, ""
	if environmentOverrides(makeflags) {
		mf.envWins = map[string]bool{"MAKEFLAGS": true, "GNUMAKEFLAGS": true}
		for name := range env {
			mf.envWins[name] = name != "SHELL"
		}
	}
	maps.Copy(mf.vars, cmdline)
	mf.cmdline = cmdline
	mf.read(p, false, 0)
	if mf.stopped != nil {
		return nil, fmt.Errorf("read %s: %w", p, mf.stopped)
	}
	if goal, ok := mf.vars[".DEFAULT_GOAL"]; ok {
		mf.first = strings.TrimSpace(goal)
	}
	return mf, nil
}

func newMakefile(readFile func(string) ([]byte, error), p string) *makefile {
	return &makefile{ctx: context.Background(), readFile: readFile, path: p, dir: path.Dir(p), vars: map[string]string{}, varAt: map[string]place{}, targets: map[string]*target{}, prefix: "\t", uncertain: map[string]bool{}, exported: map[string]bool{}, steps: maxMakefileSteps}
}

// MakeTarget is an explicit target of a Makefile.
type MakeTarget struct {
	Name string
	// Recipe is where the rule that gives the target its recipe starts ("file:line", the
	// first such rule), "" when no rule does (rules that only add prerequisites).
	Recipe string
	// Recipes is the number of single-colon rules that give the target recipe lines; make
	// runs only the last of them.
	Recipes int
	// BothColons is set when single-colon (:) and double-colon (::) rules both name the
	// target, with a recipe or without: make refuses such a Makefile ("target file has
	// both : and :: entries").
	BothColons bool
}

// MakeTargets returns the explicit targets the Makefile at p (slash-separated, relative
// to the repository) defines, in the order they are read, with those of the files it
// includes, read in place through readFile (fs.ErrNotExist when nothing is there) except
// the files skip names, with every branch of its conditionals, and whether that list is
// complete. It is not when an include cannot be read or resolved, or a match-anything
// rule (%:) answers any goal.
func MakeTargets(readFile func(string) ([]byte, error), p string, skip ...string) ([]MakeTarget, bool) {
	targets, gap := MakeTargetsGap(readFile, p, skip...)
	return targets, gap == ""
}

// MakeTargetsGap is MakeTargets, saying instead of whether the list is complete why it
// is not (the first reason, with where: "Makefile:5 makes rules with $(eval) while make
// reads it"), "" when it is.
func MakeTargetsGap(readFile func(string) ([]byte, error), p string, skip ...string) ([]MakeTarget, string) {
	return MakeTargetsGlob(readFile, nil, p, skip...)
}

// MakeTargetsGlob is MakeTargetsGap, resolving the includes of file patterns (include
// mk/*.mk, include $(wildcard mk/*.mk)) to the files glob lists for them (repository
// paths, sorted) as make does; a nil glob leaves them a gap.
func MakeTargetsGlob(readFile func(string) ([]byte, error), glob func(pattern string) ([]string, error), p string, skip ...string) ([]MakeTarget, string) {
	mf := readTargets(readFile, glob, p, skip)
	return mf.explicitTargets(), mf.gap
}

// MakeRules is what make reads of a Makefile: its explicit targets, its pattern rules
// that give their targets a recipe (as MakePatternRulesGlob returns them), and why
// those are not all known (as MakeTargetsGap says it), "" when they are.
type MakeRules struct {
	Targets, Patterns []MakeTarget
	Gap               string
}

// MakeRulesRun returns the rules of the Makefile at p, read as MakeTargetsGlob reads
// them but for the branches of its conditionals that make does not take when run with
// an environment that is not known (a CI runner's): a branch whose condition the
// Makefile's own assignments decide is read only when taken (LEGACY := no, then ifeq
// ($(LEGACY),yes) is not); one that depends on the environment (ifdef CI, a variable
// assigned with ?=) or on what this reader does not evaluate may be taken, and is read.
// It returns a *MakeUnreadable error when make refuses to read the
// Makefile at all (a conditional without endif, an else or endif without one, a
// define without endef): every make run stops there.
func MakeRulesRun(readFile func(string) ([]byte, error), glob func(pattern string) ([]string, error), p string) (MakeRules, error) {
	mf := newMakefile(readFile, p)
	mf.glob, mf.envUnknown = glob, true
	mf.read(p, false, 0)
	if mf.broken != nil {
		return MakeRules{}, mf.broken
	}
	return MakeRules{Targets: mf.explicitTargets(), Patterns: mf.patternRules(), Gap: mf.gap}, nil
}

// explicitTargets returns the explicit targets read, in the order read.
func (mf *makefile) explicitTargets() []MakeTarget {
	out := make([]MakeTarget, len(mf.order))
	for i, name := range mf.order {
		out[i].Name = name
		t := mf.targets[name]
		if at := t.recipeAt; at.file != "" {
			out[i].Recipe = fmt.Sprintf("%s:%d", at.file, at.line)
		}
		out[i].Recipes = t.recipes
		out[i].BothColons = t.single && t.double
	}
	return out
}

// readTargets reads the Makefile at p as MakeTargetsGlob does, with every branch of its
// conditionals.
func readTargets(readFile func(string) ([]byte, error), glob func(pattern string) ([]string, error), p string, skip []string) *makefile {
	mf := newMakefile(readFile, p)
	mf.skip, mf.allBranches, mf.glob = skip, true, glob
	mf.read(p, false, 0)
	return mf
}

// MakePatternRulesGlob returns the pattern rules (prod-%: ...) that give their targets a
// recipe, of the Makefile at p and of the files it includes, read as MakeTargetsGlob
// reads them, in the order read: Name is the target pattern, Recipe where the rule is.
// A match-anything rule (%:) is not among them: MakeTargetsGlob's gap names it.
func MakePatternRulesGlob(readFile func(string) ([]byte, error), glob func(pattern string) ([]string, error), p string, skip ...string) []MakeTarget {
	return readTargets(readFile, glob, p, skip).patternRules()
}

// patternRules returns the pattern rules read that give their targets a recipe, in the
// order read.
func (mf *makefile) patternRules() []MakeTarget {
	var out []MakeTarget
	for _, t := range mf.patterns {
		if at := t.recipeAt; at.file != "" {
			out = append(out, MakeTarget{Name: t.name, Recipe: fmt.Sprintf("%s:%d", at.file, at.line), Recipes: t.recipes})
		}
	}
	return out
}

// MakePatternStem reports whether the target pattern of a pattern rule (one %, as in
// prod-%) matches the target name as make matches it, and returns the stem, what %
// stands for there, which is never empty.
func MakePatternStem(pattern, name string) (string, bool) {
	pre, suf, _ := strings.Cut(pattern, "%")
	if len(name) <= len(pre)+len(suf) || !strings.HasPrefix(name, pre) || !strings.HasSuffix(name, suf) {
		return "", false
	}
	return name[len(pre) : len(name)-len(suf)], true
}

// evalMayBuild reports whether the rules the Makefile makes with $(eval) may run a
// go build: a line with $(eval), or the value of a variable or define block (the
// template a $(call ...) expands), holds one.
func (mf *makefile) evalMayBuild() bool {
	return mf.evalAt.file != "" && (mf.evalBuilds || slices.ContainsFunc(mf.assigned, func(a MakeAssignment) bool { return holdsGoBuild(a.Value) }))
}

// holdsGoBuild reports whether text holds a go build or go install command.
func holdsGoBuild(text string) bool {
	return strings.Contains(text, "go build") || strings.Contains(text, "go install")
}

// gapAt marks the targets as not all known, for the reason why (the first one stays).
func (mf *makefile) gapAt(why string) {
	mf.partial = true
	mf.noteGap(why)
}

// noteGap records why, when it is the first, as the gap add is told of.
func (mf *makefile) noteGap(why string) {
	if mf.gap == "" {
		mf.gap = why
	}
}

// MakeAssignment is an assignment of a variable in a Makefile.
type MakeAssignment struct {
	Name, Op string
	At       string // "file:line"
	// Value is the right-hand side as written (a define's body), references unexpanded,
	// without the blanks that end it (which make keeps in the variable's value).
	Value string
}

// MakeAssignments returns the variable assignments of the Makefile at p and of the files
// it includes, read as MakeTargets reads them, in the order make reads them.
func MakeAssignments(readFile func(string) ([]byte, error), p string, skip ...string) []MakeAssignment {
	return MakeAssignmentsGlob(readFile, nil, p, skip...)
}

// MakeAssignmentsGlob is MakeAssignments, resolving the includes of file patterns as
// MakeTargetsGlob does.
func MakeAssignmentsGlob(readFile func(string) ([]byte, error), glob func(pattern string) ([]string, error), p string, skip ...string) []MakeAssignment {
	mf := newMakefile(readFile, p)
	mf.skip, mf.allBranches, mf.glob = skip, true, glob
	mf.read(p, false, 0)
	return mf.assigned
}

// MakeInclude is a file an include directive of a Makefile names.
type MakeInclude struct {
	File      string // slash-separated, relative to the repository
	At        string // where the directive is: "file:line"
	Directive string // the directive, as written
}

// MakeIncludesGlob returns the files that the Makefile at p, and the files it includes,
// include, read as MakeTargetsGlob reads them (patterns resolved through glob), in the
// order make reads them, each with the directive that names it; the files skip names are
// among them, though not read in place. A file that is not there is not.
func MakeIncludesGlob(readFile func(string) ([]byte, error), glob func(pattern string) ([]string, error), p string, skip ...string) []MakeInclude {
	return readTargets(readFile, glob, p, skip).includes
}

// globIncludes returns the operands of an include directive with the file patterns
// among them, bare or in $(wildcard ...), replaced by the files mf.glob lists for them
// (relative to the makefile's directory, as make reads them), when mf.glob is set, less
// those a $(filter-out ...) around them leaves out; an operand it cannot resolve is kept
// as written.
func (mf *makefile) globIncludes(operands []string) []string {
	if mf.glob == nil {
		return operands
	}
	var out []string
	for _, w := range makeWords(mf.expand(strings.Join(operands, " "))) {
		if inner, ok := funcArgs(w, "filter-out"); ok {
			if args := splitArgs(inner, 2); len(args) == 2 {
				drop := makeWords(args[0])
				for _, f := range mf.globIncludes([]string{args[1]}) {
					if !slices.ContainsFunc(drop, func(d string) bool { return filterMatch(d, f) }) {
						out = append(out, f)
					}
				}
				continue
			}
		}
		patterns := []string{w}
		if inner, ok := funcArgs(w, "wildcard"); ok {
			patterns = strings.Fields(inner)
		}
		for _, pat := range patterns {
			if strings.Contains(pat, "$") || path.IsAbs(pat) || !strings.ContainsAny(pat, "*?[") {
				out = append(out, pat)
				continue
			}
			matches, err := mf.glob(path.Join(mf.dir, pat))
			if err != nil {
				out = append(out, pat)
				continue
			}
			for _, m := range matches {
				if rel, err := filepath.Rel(mf.dir, m); err == nil {
					out = append(out, filepath.ToSlash(rel))
				}
			}
		}
	}
	return out
}

// curdir returns the include operand inc with a leading $(CURDIR)/ (or ${CURDIR}/),
// make's own variable for the directory it runs in, cut: make resolves an include
// from that directory (mf.dir) anyway, so include $(CURDIR)/Makefile includes the
// Makefile there. A CURDIR the makefiles assign is theirs, expanded as any variable.
func (mf *makefile) curdir(inc string) string {
	if _, assigned := mf.vars["CURDIR"]; assigned {
		return inc
	}
	for _, open := range []string{"$(CURDIR)/", "${CURDIR}/"} {
		if rest, ok := strings.CutPrefix(inc, open); ok {
			return rest
		}
	}
	return inc
}

// funcArgs returns the arguments of w when it is a call of the function name,
// $(name ...) or ${name ...}.
func funcArgs(w, name string) (string, bool) {
	for open, end := range map[string]string{"$(" + name + " ": ")", "${" + name + " ": "}"} {
		if inner, ok := strings.CutPrefix(w, open); ok && strings.HasSuffix(inner, end) {
			return strings.TrimSuffix(inner, end), true
		}
	}
	return "", false
}

// filterMatch reports whether the word w matches pattern as $(filter) and $(filter-out)
// match: the same word, or, for a pattern with a %, one that % (any text) completes.
func filterMatch(pattern, w string) bool {
	pre, suf, wild := strings.Cut(pattern, "%")
	if !wild {
		return w == pattern
	}
	return len(w) >= len(pre)+len(suf) && strings.HasPrefix(w, pre) && strings.HasSuffix(w, suf)
}

// read reads the Makefile at p in place; optional says that a missing file is no gap
// (an -include or sinclude). It stops once mf.ctx is done, its error in mf.stopped.
func (mf *makefile) read(p string, optional bool, depth int) {
	if slices.Contains(mf.skip, p) || mf.stopped != nil {
		return
	}
	if depth > 4 {
		mf.gapAt(fmt.Sprintf("includes nest deeper than 4 files, at %s", p))
		return
	}
	src, err := mf.readFile(p)
	if err != nil {
		if !optional || !errors.Is(err, fs.ErrNotExist) {
			mf.gapAt(fmt.Sprintf("it includes %s, which add cannot read", p))
		}
		return
	}
	if depth > 0 {
		mf.included = append(mf.included, p)
	}
	// make skips a UTF-8 byte order mark at the start of a makefile.
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	var cur []*target // the targets of the rule whose recipe lines follow
	var ruleAt int    // where that rule is
	// counted is set once the rule's targets have counted it among their recipes (at its
	// first recipe line, and at once for a double-colon rule, which make does not count);
	// started once the rule has a recipe line.
	var counted, started bool
	recipe := func(text string, line int) {
		for _, t := range cur {
			if t.recipeAt.file == "" {
				t.recipeAt = place{file: p, line: ruleAt}
			}
			if !counted {
				t.recipes++
			}
		}
		first := !counted
		counted = true
		if len(cur) > 0 {
			last := cur[len(cur)-1]
			under := mf.undecided()
			if first && !mf.allBranches {
				// a second single-colon rule with a recipe: make runs the last
				// ("overriding recipe for target"), unless a conditional this audit
				// cannot evaluate may leave this one out; then the earlier lines
				// run only where it does
				for _, t := range cur {
					if under == nil {
						t.recipe = nil
						continue
					}
					for i := range t.recipe {
						if t.recipe[i].replacedUnder == nil {
							t.recipe[i].replacedAt, t.recipe[i].replacedUnder = place{file: p, line: ruleAt}, under
						}
					}
				}
			}
			last.recipe = append(last.recipe, ruleLine{logicalLine: logicalLine{text: strings.TrimSpace(text), line: line}, start: !started, under: under})
			started = true
			for _, t := range cur[:len(cur)-1] {
				if len(t.recipe) == 0 {
					t.shared = last
				}
			}
		}
	}
	depth0, base := len(mf.conds), mf.condBase
	mf.condBase = depth0
	defer func() { mf.condBase = base }()
	for i, ll := range logicalLines(string(src), "\\") {
		if mf.stopped = stopped(mf.ctx, i); mf.stopped != nil {
			return // the audit is stopped: what is read is no Makefile to judge
		}
		text := ll.text
		if mf.define != nil {
			mf.defineLine(text, place{file: p, line: ll.line})
			continue
		}
		if strings.HasPrefix(text, mf.prefix) {
			if mf.applies() {
				recipe(strings.TrimPrefix(text, mf.prefix), ll.line)
			}
			continue
		}
		// make keeps the blanks that end an assignment's value, those before a #
		// comment too (SHELL := /bin/bash # bash is "/bin/bash "): see oneShellFails
		value := strings.TrimLeft(stripComment(text), " \t")
		text = strings.TrimSpace(value)
		if mf.conditional(text, place{file: p, line: ll.line}) {
			continue
		}
		if !mf.applies() {
			if m := makeAssign.FindStringSubmatch(value); m != nil {
				if mf.untaken == nil {
					mf.untaken = map[string]bool{}
				}
				mf.untaken[m[2]] = true
			}
			continue
		}
		if m := makeDefine.FindStringSubmatch(text); m != nil {
			mf.define = &defineBlock{mods: strings.Fields(m[1]), name: m[2], op: m[3], at: place{file: p, line: ll.line}}
			continue
		}
		if strings.Contains(text, "$(eval ") || strings.Contains(text, "${eval ") {
			mf.gapAt(fmt.Sprintf("%s:%d makes rules with $(eval) while make reads it", p, ll.line)) // not read here
			if mf.evalAt.file == "" {
				mf.evalAt = place{file: p, line: ll.line}
			}
			mf.evalBuilds = mf.evalBuilds || holdsGoBuild(text)
		}
		switch {
		case text == "":
			continue
		case strings.HasPrefix(text, "include ") || strings.HasPrefix(text, "-include ") || strings.HasPrefix(text, "sinclude "):
			words := strings.Fields(text)
			unincluded := func() {
				if mf.unincluded == "" {
					mf.unincluded, mf.unincludedAt = text, place{file: p, line: ll.line}
				}
			}
			for _, inc := range mf.globIncludes(words[1:]) {
				inc = mf.expand(mf.curdir(inc))
				if strings.ContainsAny(inc, "$*?[") || path.IsAbs(inc) {
					mf.gapAt(fmt.Sprintf("%s:%d `%s` includes what add cannot resolve to a file of the repository", p, ll.line, text))
					unincluded()
					continue
				}
				f, optional := path.Join(mf.dir, inc), words[0] != "include"
				_, err := mf.readFile(f)
				if err != nil && !slices.Contains(mf.skip, f) && (!optional || !errors.Is(err, fs.ErrNotExist)) {
					unincluded()
				}
				if err == nil {
					mf.includes = append(mf.includes, MakeInclude{File: f, At: fmt.Sprintf("%s:%d", p, ll.line), Directive: text})
				}
				mf.read(f, optional, depth+1)
			}
			continue
		case isInertDirective(text):
			if rest, ok := strings.CutPrefix(text, "export "); ok {
				names := strings.Fields(mf.expand(rest)) // export VAR ...
				for len(names) > 1 && (names[0] == "private" || names[0] == "override") {
					names = names[1:] // export private VAR: a modifier, no variable
				}
				u := mf.undecided()
				for _, name := range names {
					switch _, seen := mf.exportedUnder[name]; {
					case u == nil:
						mf.exported[name] = true
					case !seen:
						if mf.exportedUnder == nil {
							mf.exportedUnder = map[string]undecidedAssign{}
						}
						mf.exportedUnder[name] = undecidedAssign{at: place{file: p, line: ll.line}, under: *u}
					}
				}
			}
			if rest, ok := strings.CutPrefix(strings.TrimPrefix(text, "override "), "undefine "); ok {
				// undefine VAR: make's VAR is gone, and with it the value of its
				// environment that make would give the recipes; one of the command line
				// (or of the environment, under make -e) stays, unless the undefine says
				// override
				unknown := slices.ContainsFunc(mf.conds, func(c cond) bool { return !c.known })
				for _, name := range strings.Fields(mf.expand(rest)) {
					if _, cl := mf.cmdline[name]; (cl || mf.envWins[name]) && !strings.HasPrefix(text, "override ") {
						continue
					}
					mf.exported[name] = false
					if unknown {
						mf.uncertain[name] = true
					} else {
						delete(mf.vars, name)
					}
				}
			}
			if rest, ok := strings.CutPrefix(text, "unexport "); ok {
				// under a condition this audit cannot tell too: a variable whose
				// value is not known is left out of the recipes' environment alike
				for _, name := range strings.Fields(mf.expand(rest)) {
					mf.exported[name] = false
				}
			}
			continue
		}
		if m := makeAssign.FindStringSubmatch(value); m != nil {
			mods := strings.Fields(m[1])
			mf.assign(mods, m[2], m[3], m[4], place{file: p, line: ll.line})
			if m[3] == ":::=" {
				mf.only44(len(mods) == 0 || mods[0] != "export", mods, m[2], text, place{file: p, line: ll.line})
			}
			cur = nil
			continue
		}
		if m := makeTarget.FindStringSubmatch(text); m != nil {
			if m[4] == ":::=" {
				mf.only44(true, nil, m[3], text, place{file: p, line: ll.line})
			}
			for _, name := range mf.fields(m[1]) {
				if strings.HasPrefix(name, ".") || strings.Contains(name, "%") {
					continue
				}
				t := mf.targets[name]
				if t == nil {
					t = &target{name: name, line: ll.line, file: p}
					mf.targets[name] = t
					mf.charge(targetCost)
				}
				mods := strings.Fields(m[2])
				t.vars = append(t.vars, targetVar{name: m[3], op: m[4], value: m[5], at: place{file: p, line: ll.line}, export: slices.Contains(mods, "export"), unexport: slices.Contains(mods, "unexport"), private: slices.Contains(mods, "private"), under: mf.undecided()})
			}
			cur = nil
			continue
		}
		head, inline, hasInline := strings.Cut(text, ";")
		if m := makeRule.FindStringSubmatch(head); m != nil {
			cur, ruleAt, started = nil, ll.line, false
			counted = strings.HasPrefix(strings.TrimLeft(head[len(m[1]):], " \t&"), "::")
			prereqs := slices.Clip(mf.fields(m[2])) // shared by the rule's targets, never changed in place
			for _, name := range mf.fields(m[1]) {
				switch name {
				case "%": // a goal without a rule of its own has a recipe, no target more
					mf.noteGap(fmt.Sprintf("%s:%d has a match-anything rule (%%:), which answers any goal", p, ruleAt))
				case ".DEFAULT":
					mf.noteGap(fmt.Sprintf("%s:%d has a .DEFAULT rule, whose recipe make runs for any goal without a rule of its own", p, ruleAt))
				}
				if strings.HasPrefix(name, ".") {
					mf.special(name, prereqs, place{file: p, line: ll.line})
					continue
				}
				if strings.Contains(name, "%") {
					if name != "%" {
						t := &target{name: name, line: ll.line, file: p, prereqs: prereqs}
						mf.patterns = append(mf.patterns, t)
						cur = append(cur, t)
					}
					continue
				}
				t := mf.targets[name]
				if t == nil {
					t = &target{name: name, line: ll.line, file: p}
					mf.targets[name] = t
					mf.charge(targetCost)
				}
				if counted {
					t.double = true
				} else {
					t.single = true
				}
				if !t.ruled {
					t.ruled, t.line, t.file = true, ll.line, p
					mf.order = append(mf.order, name)
					if mf.first == "" {
						mf.first = name
					}
				}
				u := mf.undecided()
				for _, pre := range prereqs {
					switch _, may := t.mayPrereqs[pre]; {
					case u == nil:
						if t.surePrereqs == nil {
							t.surePrereqs = map[string]bool{}
						}
						t.surePrereqs[pre] = true
						delete(t.mayPrereqs, pre)
					case !may && !t.surePrereqs[pre]:
						if t.mayPrereqs == nil {
							t.mayPrereqs = map[string]undecidedAssign{}
						}
						t.mayPrereqs[pre] = undecidedAssign{at: place{file: p, line: ll.line}, under: *u}
					}
				}
				if len(t.prereqs) == 0 {
					t.prereqs = prereqs
				} else {
					t.prereqs = append(t.prereqs, prereqs...)
					mf.charge(wordCost * len(prereqs))
				}
				cur = append(cur, t)
			}
			if hasInline {
				recipe(inline, ll.line)
			}
		}
	}
	if len(mf.conds) > depth0 {
		c := mf.conds[depth0]
		mf.refuse(c.at, fmt.Sprintf("%s has no endif, so make stops there (\"missing 'endif'\")", c.kw))
	}
	if mf.define != nil {
		mf.refuse(mf.define.at, fmt.Sprintf("define %s has no endef, so make stops there (\"missing 'endef', unterminated 'define'\")", mf.define.name))
	}
	mf.conds = mf.conds[:min(depth0, len(mf.conds))] // a file ends its own conditionals
}

// refuse records why make refuses to read the Makefile, at the line at (the first
// reason stays).
func (mf *makefile) refuse(at place, why string) {
	if mf.broken == nil {
		mf.broken = &MakeUnreadable{File: at.file, Line: at.line, Why: why}
	}
}

// MakeUnreadable is a Makefile that make refuses to read: File (slash-separated,
// relative to the repository: the Makefile or a file it includes) at Line, for the
// reason Why.
type MakeUnreadable struct {
	File string
	Line int
	Why  string
}

func (e *MakeUnreadable) Error() string {
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Why)
}

// special records a rule of the special target name, with its prerequisites, when it
// is one that changes how or whether recipes run, or with what environment
// (.EXPORT_ALL_VARIABLES: see shellGets).
func (mf *makefile) special(name string, prereqs []string, at place) {
	if !slices.Contains([]string{".IGNORE", ".ONESHELL", ".POSIX", ".PHONY", ".EXPORT_ALL_VARIABLES"}, name) {
		return
	}
	if mf.specials == nil {
		mf.specials = map[string]*special{}
	}
	sp := mf.specials[name]
	if sp == nil {
		sp = &special{}
		mf.specials[name] = sp
	}
	sp.rules = append(sp.rules, specialRule{at: at, prereqs: prereqs, under: mf.undecided()})
}

// applies reports whether the lines being read apply: no enclosing conditional is
// known to be false.
func (mf *makefile) applies() bool {
	return !slices.ContainsFunc(mf.conds, func(c cond) bool { return c.known && !c.value })
}

// undecided returns the innermost conditional this audit cannot evaluate that the
// lines being read are in, nil when there is none.
func (mf *makefile) undecided() *undecided {
	for i := len(mf.conds) - 1; i >= 0; i-- {
		if c := mf.conds[i]; !c.known {
			nested := slices.ContainsFunc(mf.conds[:i], func(c cond) bool { return !c.known })
			return &undecided{text: c.text, at: c.at, branches: c.shape, branch: c.shape.n - 1, nested: nested}
		}
	}
	return nil
}

// conditional reads text when it is a conditional directive (ifeq, ifneq, ifdef,
// ifndef, else, endif), reporting whether it is one.
func (mf *makefile) conditional(text string, at place) bool {
	kw, rest := MakeConditional(text)
	switch kw {
	case "ifeq", "ifneq", "ifdef", "ifndef":
		c := cond{known: true, value: true, kw: kw, text: text, at: at}
		if mf.applies() && !mf.allBranches { // conditions inside a branch that does not apply are never evaluated
			c.value, c.known = mf.evalCond(kw, rest)
		}
		c.done = c.known && c.value
		c.shape = &branches{n: 1, from: -1}
		if !c.known {
			c.shape.from = 0
		}
		mf.conds = append(mf.conds, c)
	case "else":
		if len(mf.conds) == mf.condBase {
			mf.refuse(at, "else without ifeq, ifneq, ifdef or ifndef, so make stops there (\"extraneous 'else'\")")
			return true
		}
		c := &mf.conds[len(mf.conds)-1]
		if c.elsed {
			mf.refuse(at, fmt.Sprintf("a second else of the %s at line %d, so make stops there (\"only one 'else' per conditional\")", c.kw, c.at.line))
		}
		c.elsed = c.elsed || rest == ""
		switch {
		case !c.known, mf.allBranches:
			// an unknown condition keeps its else branches unknown
		case c.done:
			c.value = false
		case rest == "":
			c.value, c.done = true, true
		default:
			c.value, c.known = mf.evalCond(MakeConditional(rest))
			c.done = c.known && c.value
		}
		c.shape.n++
		c.shape.plainElse = c.shape.plainElse || rest == ""
		if !c.known && c.shape.from < 0 {
			c.shape.from = c.shape.n - 1
		}
	case "endif":
		if len(mf.conds) == mf.condBase {
			mf.refuse(at, "endif without ifeq, ifneq, ifdef or ifndef, so make stops there (\"extraneous 'endif'\")")
			return true
		}
		mf.conds = mf.conds[:len(mf.conds)-1]
	default:
		return false
	}
	return true
}

// MatchFiles returns the names (slash-separated paths) that the file pattern matches
// (path.Match), sorted and each once: the glob of MakeTargetsGlob for files that are not
// on a disk (a render, the paths an update writes).
func MatchFiles(names iter.Seq[string], pattern string) ([]string, error) {
	var out []string
	for n := range names {
		ok, err := path.Match(pattern, n)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// MakeConditional returns the conditional directive that text, a logical line of a
// Makefile without its comment (see MakeUncommented), is: ifeq, ifneq, ifdef, ifndef,
// else or endif, written with a space or a tab after it or, for the arguments of
// ifeq and ifneq, a parenthesis (ifeq($(CI),1)); with the rest of the line, trimmed.
// It returns "" for any other line.
func MakeConditional(text string) (kw, rest string) {
	kw = text
	if i := strings.IndexAny(text, " \t("); i >= 0 {
		kw, rest = text[:i], strings.TrimSpace(text[i:])
	}
	switch kw {
	case "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif":
		return kw, rest
	}
	return "", ""
}

// evalCond evaluates a condition: its value, and whether it is known. It is not
// when it depends on a variable the Makefile does not set (the environment may), on
// an uncertain one, or on a function this audit does not evaluate.
func (mf *makefile) evalCond(kw, arg string) (value, known bool) {
	switch kw {
	case "ifdef", "ifndef":
		name := strings.TrimSpace(mf.expand(arg))
		v, ok := mf.vars[name]
		if strings.Contains(name, "$") || !ok || mf.uncertain[name] {
			return false, false
		}
		return (strings.TrimSpace(v) != "") == (kw == "ifdef"), true
	case "ifeq", "ifneq":
		a, b, ok := condArgs(arg)
		if !ok {
			return false, false
		}
		a, b = strings.TrimSpace(mf.expand(a)), strings.TrimSpace(mf.expand(b))
		if strings.Contains(a+b, "$(") || strings.Contains(a+b, "${") {
			return false, false
		}
		return (a == b) == (kw == "ifeq"), true
	}
	return false, false
}

// condArgs splits the arguments of ifeq and ifneq: (a,b), "a" "b" or 'a' 'b'.
func condArgs(arg string) (a, b string, ok bool) {
	if strings.HasPrefix(arg, "(") {
		end := closing(arg, 0)
		if end < 0 {
			return "", "", false
		}
		parts := splitArgs(arg[1:end], 2)
		if len(parts) != 2 {
			return "", "", false
		}
		return parts[0], parts[1], true
	}
	var out []string
	for len(arg) > 0 && len(out) < 2 {
		q := arg[0]
		if q != '"' && q != '\'' {
			return "", "", false
		}
		end := strings.IndexByte(arg[1:], q)
		if end < 0 {
			return "", "", false
		}
		out = append(out, arg[1:1+end])
		arg = strings.TrimSpace(arg[end+2:])
	}
	if len(out) != 2 {
		return "", "", false
	}
	return out[0], out[1], true
}

// defineLine reads a line of a define block: its body, or the endef that assigns
// it.
func (mf *makefile) defineLine(text string, at place) {
	d := mf.define
	if strings.TrimSpace(stripComment(text)) != "endef" {
		d.body = append(d.body, text)
		return
	}
	mf.define = nil
	op := d.op
	if op == "" {
		op = "="
	}
	mf.assign(d.mods, d.name, op, strings.Join(d.body, "\n"), d.at)
	if op == ":::=" {
		mf.only44(false, d.mods, d.name, "define "+d.name+" :::=", d.at)
	}
}

// only44 notes text, a :::= assignment of name (with the modifiers mods) at at,
// which GNU make 4.4 reads as one and GNU make 4.3 (this machine's, that of
// GitHub's ubuntu runners and Debian 12) does not: it stops at the line as it reads
// the Makefile (X :::= v, override X :::= v: "empty variable name"; a target's,
// all: X :::= v: "target pattern contains no '%'"), but for a line whose first word
// is export, or a define, with which it assigns another variable (X :) and leaves
// name as it was. The first line that stops it (stops) makes the commands of each
// make that reads it unsure (see makeCall.onlyMake44), as for make's command line's
// NAME:::=value (see parseMake); otherwise name's value is uncertain where the
// assignment sets it for make 4.4.
func (mf *makefile) only44(stops bool, mods []string, name, text string, at place) {
	if stops {
		if mf.stops43 == "" {
			mf.stops43, mf.stops43At = text, at
		}
		return
	}
	_, cmdline := mf.cmdline[name]
	if !(cmdline || mf.envWins[name]) || slices.Contains(mods, "override") {
		mf.uncertain[name] = true
	}
}

// assign records the assignment name op val, at at, with the modifiers mods (export,
// override, private). Simply expanded variables (:=, ::=, :::=) take the values of the
// variables they name as they stand; .RECIPEPREFIX sets the character that starts the
// recipe lines that follow. A variable of the command line keeps its value unless the
// assignment is an override; one assigned inside a conditional that cannot be
// evaluated becomes uncertain. export puts the variable in the environment of the
// recipes; private marks it as one no target inherits (see makefile.private), even
// when the command line keeps its value, as make 4.3 does.
func (mf *makefile) assign(mods []string, name, op, val string, at place) {
	mf.varAt[name] = at
	mf.assigned = append(mf.assigned, MakeAssignment{Name: name, Op: op, At: fmt.Sprintf("%s:%d", at.file, at.line), Value: strings.TrimRight(val, " \t")})
	if u := mf.undecided(); u != nil {
		if mf.assignedUnder == nil {
			mf.assignedUnder = map[int]undecidedAssign{}
		}
		ua := undecidedAssign{at: at, under: *u, export: slices.Contains(mods, "export")}
		if v, ok := mf.vars[name]; ok {
			ua.prior = &v
		}
		mf.assignedUnder[len(mf.assigned)-1] = ua
	}
	if slices.Contains(mods, "export") && !slices.ContainsFunc(mf.conds, func(c cond) bool { return !c.known }) {
		mf.exported[name] = true
	}
	if slices.Contains(mods, "private") {
		if mf.private == nil {
			mf.private = map[string]bool{}
		}
		mf.private[name] = true
	}
	_, cmdline := mf.cmdline[name]
	if (cmdline || mf.envWins[name]) && !slices.Contains(mods, "override") {
		return
	}
	if cmdline { // an environment's value that make -e lets an override take stays exported
		if mf.overridden == nil {
			mf.overridden = map[string]bool{}
		}
		mf.overridden[name] = true
	}
	if slices.ContainsFunc(mf.conds, func(c cond) bool { return !c.known }) {
		mf.uncertain[name] = true
	}
	if _, set := mf.vars[name]; op == "?=" && !set && mf.envUnknown {
		mf.uncertain[name] = true // the environment may set it
	}
	mf.set(name, op, val)
	if name == ".RECIPEPREFIX" {
		mf.prefix = "\t"
		if v := mf.expand(mf.vars[name]); v != "" {
			mf.prefix = v[:1]
		}
	}
}

// set gives variable name the value of the assignment op val; a != assignment makes
// it uncertain (its value is what the command val prints).
func (mf *makefile) set(name, op, val string) {
	switch op {
	case "?=":
		if _, ok := mf.vars[name]; !ok {
			mf.vars[name] = val
		}
	case "+=": // nothing appended adds no blank
		if old := mf.vars[name]; old != "" && val != "" {
			val = old + " " + val
		} else if old != "" {
			val = old
		}
		mf.vars[name] = val
	case ":=", "::=", ":::=":
		v, ok := mf.substituteBounded(val)
		mf.vars[name] = v
		if !ok { // left as written: its references are not expanded
			mf.uncertain[name] = true
			if !slices.Contains(mf.tooBig, name) {
				mf.tooBig = append(mf.tooBig, name)
			}
		}
	case "!=": // the value is the command's output, unknown here as $(shell ...) is
		mf.vars[name] = val
		mf.uncertain[name] = true
	default:
		mf.vars[name] = val
	}
}

// isInertDirective reports whether s is a directive that neither assigns a variable
// nor writes a rule: vpath, unexport, and export without an assignment (export
// VAR=value assigns VAR), and a stray endef.
func isInertDirective(s string) bool {
	for _, kw := range []string{"endef", "export", "unexport", "undefine", "override undefine", "vpath"} {
		if s == kw || strings.HasPrefix(s, kw+" ") || strings.HasPrefix(s, kw+"(") {
			return kw != "export" || !makeAssign.MatchString(s)
		}
	}
	return false
}

// MakeUncommented returns s, part of a logical line of a Makefile, without its comment
// (from a # that no backslash comes before), trimmed.
func MakeUncommented(s string) string {
	return strings.TrimSpace(stripComment(s))
}

func stripComment(s string) string {
	if i := strings.IndexByte(s, '#'); i >= 0 && !strings.Contains(s[:i], "\\") {
		return s[:i]
	}
	return s
}

// MakeLine is a logical line of a Makefile: lines continued with a trailing backslash
// joined, with the number of the first.
type MakeLine struct {
	Text string
	Line int
}

// MakeLines returns the logical lines of a Makefile as this package's reader reads them.
func MakeLines(src []byte) []MakeLine {
	lls := logicalLines(string(src), "\\")
	out := make([]MakeLine, len(lls))
	for i, ll := range lls {
		out[i] = MakeLine{Text: ll.text, Line: ll.line}
	}
	return out
}

// logicalLines joins lines continued with a trailing cont (a backslash, or Docker's
// escape character), keeping the number of each first line.
func logicalLines(src, cont string) []logicalLine {
	var out []logicalLine
	var b strings.Builder
	start := 0
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if b.Len() == 0 {
			start = i + 1
		}
		if strings.HasSuffix(line, cont) {
			b.WriteString(strings.TrimSuffix(line, cont))
			b.WriteString(" ")
			continue
		}
		b.WriteString(line)
		out = append(out, logicalLine{text: b.String(), line: start})
		b.Reset()
	}
	if b.Len() > 0 {
		out = append(out, logicalLine{text: b.String(), line: start})
	}
	return out
}

// expand replaces $(VAR) and ${VAR} references to variables of the Makefile with
// their values, recursively; other references and functions are kept as written.
func (mf *makefile) expand(s string) string {
	return strings.ReplaceAll(mf.substitute(s), "$$", "$")
}

// The bounds of expansion. A few lines of Make can describe values of any size (each
// nested $(foreach) over a list multiplies it), which make itself would choke on: an
// expansion that would outgrow maxExpansion bytes, or take more than maxExpansionSteps
// bytes scanned and written, is left as written, and so is every expansion once a
// Makefile has spent maxMakefileSteps. What depends on such a value is unknown.
const (
	maxExpansion      = 256 << 10
	maxExpansionSteps = 1 << 20
	maxMakefileSteps  = 64 << 20
)

// What the targets and words a Makefile's lines make cost of its steps: their size
// in memory, roughly.
const (
	targetCost = 256
	wordCost   = 16
)

// charge spends n of the Makefile's steps.
func (mf *makefile) charge(n int) {
	mf.steps = max(0, mf.steps-n)
}

// fields returns the words of s expanded, charging them to the Makefile's steps.
func (mf *makefile) fields(s string) []string {
	words := strings.Fields(mf.expand(s))
	mf.charge(wordCost * len(words))
	return words
}

// bound is what an expansion may still spend, in steps (bytes scanned and written);
// over is set once it is spent.
type bound struct {
	steps int
	over  bool
}

// spend charges n steps, reporting whether the bound still holds.
func (b *bound) spend(n int) bool {
	if b.steps -= n; b.steps < 0 {
		b.over = true
	}
	return !b.over
}

// substitute is expand without turning $$ into $: the value of a simply expanded
// variable, which expand reads again. The text functions callFuncs knows are
// evaluated once the variables are replaced. An expansion beyond the bounds leaves s
// as written (see maxExpansion).
func (mf *makefile) substitute(s string) string {
	v, _ := mf.substituteBounded(s)
	return v
}

// substituteBounded is substitute, reporting whether the expansion stayed within its
// bounds; when it did not, s is returned as written and the Makefile records it.
func (mf *makefile) substituteBounded(s string) (string, bool) {
	b := &bound{steps: min(maxExpansionSteps, mf.steps)}
	in := s
	for range 8 {
		size := len(s)
		next := replaceMakeRefs(s, func(ref, name string) string {
			if v, ok := mf.vars[name]; ok && !mf.uncertain[name] {
				if size += len(v); b.over || !b.spend(len(v)) || size > maxExpansion {
					b.over = true
					return ref
				}
				return v
			}
			return ref
		})
		if !b.over {
			next = b.call(next)
		}
		if b.over || len(next) > maxExpansion {
			mf.steps -= min(maxExpansionSteps, mf.steps) - max(b.steps, 0)
			mf.overflow++
			return in, false
		}
		if next == s {
			break
		}
		s = next
	}
	mf.steps -= min(maxExpansionSteps, mf.steps) - b.steps
	return s, true
}

// replaceMakeRefs returns s with each reference to a variable in it, $(NAME) or
// ${NAME} (makeRef), replaced by what repl returns for it, given the reference and
// the name, as make reads references: a $ that $$ escapes starts none ($$(NAME) is
// the shell's command substitution, $${NAME} its variable; $$$(NAME) a $ and a
// reference).
func replaceMakeRefs(s string, repl func(ref, name string) string) string {
	var out strings.Builder
	last := 0
	for _, m := range makeRef.FindAllStringSubmatchIndex(s, -1) {
		dollars := 0 // the $ right before the reference's
		for i := m[0] - 1; i >= 0 && s[i] == '$'; i-- {
			dollars++
		}
		if dollars%2 == 1 {
			continue // escaped: its $ is the second of a $$
		}
		out.WriteString(s[last:m[0]])
		out.WriteString(repl(s[m[0]:m[1]], s[m[2]:m[3]]))
		last = m[1]
	}
	if last == 0 {
		return s
	}
	out.WriteString(s[last:])
	return out.String()
}

// makeFuncs are the Make functions bound.call evaluates, with their number of
// arguments.
var makeFuncs = map[string]int{"foreach": 3, "addprefix": 2, "addsuffix": 2, "patsubst": 3, "subst": 3, "strip": 1}

// call evaluates the calls of makeFuncs in s, innermost first: $(foreach
// v,list,text), $(addprefix p,list), $(addsuffix s,list), $(patsubst pat,rep,list),
// $(subst from,to,text) and $(strip text). Words of a list are split at blanks
// outside $(...), so that $(shell ...) stays one word. Other references and functions
// are kept as written, and so is a foreach whose list holds a reference and whose
// text does not name its variable (the number of words the reference stands for is
// not known, and the result would lose it). Once b is spent, what is returned is
// incomplete and b.over is set.
func (b *bound) call(s string) string {
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		if b.over {
			return out.String()
		}
		if s[i] != '$' || i+1 >= len(s) {
			out.WriteByte(s[i])
			continue
		}
		if s[i+1] == '$' { // an escaped $
			out.WriteString("$$")
			i++
			continue
		}
		end := closing(s, i+1)
		scanned := len(s) - i // the scan for the closing parenthesis
		if end >= 0 {
			scanned = end - i
		}
		if !b.spend(scanned) {
			return out.String()
		}
		if s[i+1] != '(' || end < 0 {
			out.WriteByte(s[i])
			continue
		}
		inner := s[i+2 : end]
		name, rest, _ := strings.Cut(inner, " ")
		n, known := makeFuncs[name]
		args := splitArgs(rest, n)
		if !known || len(args) != n {
			out.WriteString("$(" + b.call(inner) + ")")
			i = end
			continue
		}
		for k := range args {
			if name != "foreach" || k < 2 {
				args[k] = b.call(args[k])
			}
		}
		if name == "foreach" && hasRef(args[1]) && !usesVar(args[2], strings.TrimSpace(args[0])) {
			out.WriteString("$(foreach " + args[0] + "," + args[1] + "," + args[2] + ")")
		} else {
			out.WriteString(b.evalFunc(name, args))
		}
		i = end
	}
	return out.String()
}

// hasRef reports whether s holds a reference or call ($( or ${ but for an escaped $$).
func hasRef(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '$' {
			if s[i+1] == '(' || s[i+1] == '{' {
				return true
			}
			i++
		}
	}
	return false
}

// usesVar reports whether text references the variable v.
func usesVar(text, v string) bool {
	return strings.Contains(text, "$("+v+")") || strings.Contains(text, "${"+v+"}")
}

// closing returns the index of the parenthesis that closes the one at s[open], or
// -1.
func closing(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitArgs splits the arguments of a function call at the first n-1 commas outside
// parentheses.
func splitArgs(s string, n int) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s) && len(out) < n-1; i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// makeWords splits a Make list at blanks outside $(...).
func makeWords(s string) []string {
	var out []string
	depth, start := 0, -1
	for i := 0; i <= len(s); i++ {
		blank := i == len(s) || depth == 0 && (s[i] == ' ' || s[i] == '\t')
		if blank {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth = max(0, depth-1)
		}
	}
	return out
}

// evalFunc returns the value of the call of function name with args, within b.
func (b *bound) evalFunc(name string, args []string) string {
	var out []string
	switch name {
	case "foreach":
		v := strings.TrimSpace(args[0])
		for _, w := range makeWords(args[1]) {
			if b.over {
				break
			}
			text := strings.NewReplacer("$("+v+")", w, "${"+v+"}", w).Replace(args[2])
			if b.spend(len(text)) {
				out = append(out, b.call(text))
			}
		}
	case "addprefix":
		for _, w := range makeWords(args[1]) {
			if !b.spend(len(args[0]) + len(w) + 1) {
				break
			}
			out = append(out, args[0]+w)
		}
	case "addsuffix":
		for _, w := range makeWords(args[1]) {
			if !b.spend(len(args[0]) + len(w) + 1) {
				break
			}
			out = append(out, w+args[0])
		}
	case "patsubst":
		pat, rep := strings.TrimSpace(args[0]), strings.TrimSpace(args[1])
		pre, suf, wild := strings.Cut(pat, "%")
		for _, w := range makeWords(args[2]) {
			if !b.spend(len(rep) + len(w) + 1) {
				break
			}
			switch {
			case !wild && w == pat:
				w = rep
			case wild && len(w) >= len(pre)+len(suf) && strings.HasPrefix(w, pre) && strings.HasSuffix(w, suf):
				w = strings.Replace(rep, "%", w[len(pre):len(w)-len(suf)], 1)
			}
			out = append(out, w)
		}
	case "subst":
		if n := strings.Count(args[2], args[0]); !b.spend(len(args[2]) + n*len(args[1])) {
			return ""
		}
		return strings.ReplaceAll(args[2], args[0], args[1])
	case "strip":
		return strings.Join(makeWords(args[0]), " ")
	}
	return strings.Join(out, " ")
}

// commands returns the commands that `make goals...` runs: the recipes of the goals
// and of their prerequisites, depth first, with the target-specific variables of the
// targets they are built for. Recursive make calls into this Makefile without
// variables are followed here, other make calls through follow. via is the chain
// that led here.
// The recipe of a target make may find up to date (see upToDate) is left out and
// returned in stale, with the commands it would run. In a Makefile that makes rules
// with $(eval), the goals and prerequisites that no rule read makes are returned in
// unruled: what they run is not known.
// A Makefile make refuses to read (see makefile.broken) makes nothing: every recipe
// is returned in unmade, with why.
// A target with a prerequisite that make has no rule for (see noRuleFor) is not made:
// make stops there ("No rule to make target"), and so runs no recipe after it, but
// under keepGoing (make -k), where it makes the targets that do not need it. The
// recipes make so leaves are returned in unmade, each command with why in never, at
// the rule that names the prerequisite. The commands of a prerequisite that only
// rules read in a branch of a conditional this audit cannot evaluate name (see
// target.mayPrereqs) are marked unsure: make builds it only where that branch is
// taken.
func (mf *makefile) commands(goals []string, via []repo.Evidence, keepGoing bool, follow func(command) []command) (out []command, stale []staleRecipe, unruled []string, unmade []noRecipeLine) {
	if len(goals) == 0 && mf.first != "" {
		goals = []string{mf.first}
	}
	seen := map[string]*noRecipeLine{} // the targets run, each with why it is not made, nil when it is
	var stop *noRecipeLine             // why make stopped, once it has
	if e := mf.broken; e != nil {      // make stops as it reads the Makefile, whatever its flags (-k, -i, -n)
		stop = &noRecipeLine{at: mf.r.At(e.File, e.Line), cmd: command{never: fmt.Sprintf("make refuses to read %s: %s", mf.path, e)}}
	}
	var run func(name string, via []repo.Evidence, scope []targetVar) *noRecipeLine
	run = func(name string, via []repo.Evidence, scope []targetVar) *noRecipeLine {
		t := mf.targets[name]
		if why, ok := seen[name]; ok {
			return why
		}
		seen[name] = nil
		inherit := scope // what the prerequisites built for the target inherit
		if t != nil {
			scope, inherit = append(slices.Clip(scope), t.vars...), append(slices.Clip(scope), inherited(t.vars)...)
		}
		var pattern *target
		stem := ""
		if t == nil || len(t.withRecipe().recipe) == 0 {
			pattern, stem = mf.patternFor(name)
		}
		if t == nil && pattern == nil {
			if mf.evalAt.file != "" {
				unruled = append(unruled, name)
			}
			return nil
		}
		var prereqs []string
		if t != nil {
			prereqs = t.prereqs
		}
		if pattern != nil {
			for _, pre := range pattern.prereqs {
				prereqs = append(slices.Clip(prereqs), strings.ReplaceAll(pre, "%", stem))
			}
		}
		why := stop // after make stopped, it makes nothing
		for _, pre := range prereqs {
			if why != nil && !keepGoing {
				break
			}
			var w *noRecipeLine
			if t != nil && mf.noRuleFor(pre) {
				w = &noRecipeLine{at: mf.r.At(t.file, t.line), cmd: command{never: fmt.Sprintf("make stops at %s:%d: no rule makes `%s`, a prerequisite of `%s` there (a target-specific %s needs an assignment: `%s: %s VAR = value`)", t.file, t.line, pre, name, pre, name, pre)}}
			} else {
				n := len(out)
				w = run(pre, via, inherit)
				if u, may := t.maybePrereq(pre); may { // make may not read the rule that names it
					why := &unsureRun{at: mf.r.At(u.at.file, u.at.line), why: fmt.Sprintf("%s:%d names `%s` a prerequisite of `%s` in a branch of `%s` (%s:%d), a conditional this audit cannot evaluate, and make builds it for `%s` only where that branch is taken", u.at.file, u.at.line, pre, name, u.under.text, u.under.at.file, u.under.at.line, name)}
					for i := n; i < len(out); i++ {
						if out[i].unsure == nil {
							out[i].unsure = why
						}
					}
				}
			}
			why = cmp.Or(why, w)
		}
		recipe := t.withRecipe()
		if pattern != nil {
			recipe = pattern
		}
		var fails *noRecipeLine // the recipe runs nothing: see oneShellFails
		cmds := mf.scoped(scope, func() []command {
			fails = mf.oneShellFails(recipe, name)
			return mf.recipeFor(recipe, name, stem)
		})
		if why == nil && len(cmds) > 0 {
			why = fails
		}
		if why != nil && !keepGoing {
			stop = cmp.Or(stop, why)
		}
		seen[name] = why
		if why != nil {
			for _, c := range cmds {
				c.via, c.never = via, why.cmd.never
				unmade = append(unmade, noRecipeLine{cmd: c, at: why.at})
			}
			return why
		}
		if pattern == nil && len(cmds) > 0 {
			if s, ok := mf.upToDate(t, name); ok {
				for i := range cmds {
					cmds[i].via = via
				}
				s.cmds = cmds
				stale = append(stale, s)
				return nil
			}
		}
		for _, c := range cmds {
			c.via = via
			mc, ok := parseMake(c)
			switch {
			case ok && mc.dir == "" && mc.file == "" && len(mc.vars) == 0 && mc.dryRun == "" && mc.unsure == nil: // make -n: see follow
				n := len(out)
				for _, g := range mc.goals {
					run(g, append(slices.Clip(via), c.at), nil)
				}
				ignoreAll(out[n:], c, mc)
			case len(via) < maxMakeDepth: // another make, a task runner, a script of the CI's (see builds.follow)
				out = append(out, follow(c)...)
			default:
				out = append(out, c)
			}
		}
		return nil
	}
	for _, g := range goals {
		run(g, via, nil)
	}
	return out, stale, unruled, unmade
}

// oneShellFails returns why make runs nothing of the recipe of t, made as name,
// nil when it may: under .ONESHELL, make 4.3 runs a recipe as one script with
// SHELL's whole value as the name of the program (it splits SHELL into words only
// for a recipe line run alone), so a SHELL with a blank in it (/usr/bin/env bash,
// /bin/bash -e), or after it (SHELL := /bin/bash # bash: make keeps the blank before
// the comment), names no program and the recipe fails, exit 127. A .ONESHELL only in
// a branch of a conditional this audit cannot evaluate is left to recipeModes.
func (mf *makefile) oneShellFails(t *target, name string) *noRecipeLine {
	if !slices.ContainsFunc(mf.specials[".ONESHELL"].rulesOf(), func(r specialRule) bool { return r.under == nil }) {
		return nil
	}
	shell, known := mf.shellValue()
	raw := mf.expand(mf.vars["SHELL"])
	if !known || !strings.ContainsAny(raw, " \t") {
		return nil
	}
	at, where := mf.r.At(t.file, t.line), "the make command line"
	if p, ok := mf.varAt["SHELL"]; ok && p.file != "" && !mf.fromCmdline("SHELL") {
		at, where = mf.r.At(p.file, p.line), fmt.Sprintf("%s:%d", p.file, p.line)
	}
	blank := ""
	if !strings.ContainsAny(shell, " \t") {
		blank = " with a blank before or after it (make keeps the blanks that end an assignment's value, those before a # comment too)"
	}
	return &noRecipeLine{at: at, cmd: command{never: fmt.Sprintf("the recipe of `%s` fails: under .ONESHELL make runs it with the whole value of SHELL (%s), `%s`%s, as the name of one program, which no file has (exit 127); SHELL set to the shell's path alone (SHELL := /bin/bash), with no blank or comment after it on its line, and its options in .SHELLFLAGS, runs it", name, where, shell, blank)}}
}

// noRuleFor reports whether make has no rule for name, a prerequisite, and stops at
// it: one of the modifiers of a target-specific assignment (export, unexport,
// override, private), which a rule without an assignment (build: unexport
// CGO_ENABLED) names as a prerequisite, that no rule read makes (nor a pattern rule,
// nor one of a part of the Makefile not read: see makefile.gap) and no file of the
// repository is (name, or name.* that a built-in rule of make may make it from).
func (mf *makefile) noRuleFor(name string) bool {
	if !slices.Contains([]string{"export", "unexport", "override", "private"}, name) || mf.r == nil || mf.gap != "" {
		return false
	}
	if t := mf.targets[name]; t != nil && t.ruled {
		return false
	}
	if p, _ := mf.patternFor(name); p != nil {
		return false
	}
	if _, _, ok := mf.r.FilesAt(path.Join(mf.dir, name), 1); ok {
		return false
	}
	files, err := mf.r.Glob(path.Join(mf.dir, name) + ".*")
	return err == nil && len(files) == 0
}

// staleRecipe is the recipe of a Makefile target that make may find up to date and
// so not run: a file or directory of the repository has the target's name, and no
// .PHONY names it.
type staleRecipe struct {
	target string
	at     repo.Evidence // the target's rule
	// file is the file or directory of the target's name, dir set for a directory.
	file string
	dir  bool
	// may is "" when make never runs the recipe (the target has no prerequisites), else
	// why this audit cannot tell whether it does.
	may  string
	cmds []command // what the recipe runs, had make run it
}

// maxStaleFiles bounds the files of a directory looked at for one that git does not
// ignore.
const maxStaleFiles = 1000

// upToDate reports whether make may find target t, made as name, up to date and so
// not run its recipe, and why. make remakes a target that is not .PHONY only when no
// file of its name exists (a directory counts) or one of its prerequisites is newer: a
// prerequisite .PHONY names or that no file is for counts as newer. A file of the
// repository here is one on disk that git does not ignore (an ignored one, such as a
// local build's output, is not in the checkout CI builds), or a directory that holds
// one (git keeps no empty directory). A target with no prerequisites (nor a double-colon
// rule's) is then never made; one whose prerequisites are all files, or left to a
// reference this audit cannot expand, may not be (their times decide), and so may a
// target whose .PHONY this audit cannot read whole, or that only a .PHONY in a branch
// of a conditional this audit cannot evaluate lists (or lists a prerequisite of).
// Under make -B (--always-make, in MAKEFLAGS too: see alwaysMakes) none is.
func (mf *makefile) upToDate(t *target, name string) (staleRecipe, bool) {
	if mf.r == nil || t == nil || !t.ruled || strings.Contains(name, "$") || mf.alwaysMakes() {
		return staleRecipe{}, false
	}
	var phony []string // the names the .PHONY rules make surely reads list
	var maybe string   // why one a .PHONY make may not read lists (see mayPhony) may be made
	for _, r := range mf.specials[".PHONY"].rulesOf() {
		if r.under == nil {
			phony = append(phony, r.prereqs...)
		}
	}
	// mayPhony reports whether a .PHONY in a branch of a conditional this audit cannot
	// evaluate lists p (what, for the message), recording why in maybe.
	mayPhony := func(p, what string) bool {
		for _, r := range mf.specials[".PHONY"].rulesOf() {
			if r.under != nil && slices.Contains(r.prereqs, p) {
				maybe = cmp.Or(maybe, fmt.Sprintf("%s:%d lists %s in .PHONY in a branch of `%s` (%s:%d), a conditional this audit cannot evaluate", r.at.file, r.at.line, what, r.under.text, r.under.at.file, r.under.at.line))
				return true
			}
		}
		return false
	}
	onDisk := func(p string) (dir, ok bool) {
		p = path.Join(mf.dir, p)
		files, dir, ok := mf.r.FilesAt(p, maxStaleFiles)
		if !ok {
			return false, false
		}
		if len(files) == maxStaleFiles {
			return dir, true
		}
		for _, f := range files {
			if _, ignored := (&auditor{r: mf.r}).ignored(f); !ignored {
				return dir, true
			}
		}
		return false, false
	}
	if slices.Contains(phony, name) {
		return staleRecipe{}, false
	}
	dir, ok := onDisk(name)
	if !ok {
		return staleRecipe{}, false
	}
	prereqs := t.prereqs // the normal ones: an order-only prerequisite (after |) is no reason to remake t
	if i := slices.Index(prereqs, "|"); i >= 0 {
		prereqs = prereqs[:i]
	}
	// A reference left as written ($(shell find ...)) is split into words that are no
	// prerequisites: what it stands for is not known.
	unsure := slices.ContainsFunc(prereqs, func(p string) bool { return strings.Contains(p, "$") })
	for _, p := range prereqs {
		if u, may := t.mayPrereqs[p]; may { // make may not read the rule that names it
			maybe = cmp.Or(maybe, fmt.Sprintf("%s:%d names `%s` a prerequisite of it in a branch of `%s` (%s:%d), a conditional this audit cannot evaluate", u.at.file, u.at.line, p, u.under.text, u.under.at.file, u.under.at.line))
			continue
		}
		if _, ok := onDisk(p); !unsure && (slices.Contains(phony, p) || !ok) {
			return staleRecipe{}, false // made first, so newer than t
		}
	}
	mayPhony(name, "it")
	for _, p := range prereqs {
		mayPhony(p, fmt.Sprintf("`%s`, a prerequisite,", p))
	}
	if t.double && len(prereqs) == 0 {
		return staleRecipe{}, false // a double-colon rule without prerequisites always runs
	}
	s := staleRecipe{target: name, at: mf.r.At(t.file, t.line), file: path.Join(mf.dir, name), dir: dir}
	switch {
	case maybe != "":
		s.may = maybe
	case unsure:
		s.may = "its prerequisites (" + strings.Join(prereqs, " ") + ") hold a reference this audit cannot expand"
	case len(prereqs) > 0:
		s.may = "make runs it only when one of its prerequisites (" + strings.Join(prereqs, ", ") + ") is newer, which the times of a checkout decide"
	case slices.ContainsFunc(phony, func(p string) bool { return strings.Contains(p, "$") }):
		s.may = ".PHONY names a reference this audit cannot expand, which may list it"
	case mf.partial:
		s.may = "the Makefile's targets are not all known (" + mf.gap + "), and a .PHONY there may list it"
	}
	return s, true
}

// ignoreAll marks the commands cmds, which the make call c (read as mc) runs, as
// ignored where c is, when its own failure is ignored (-make ..., make ... || true)
// or it ignores the failures of the recipes it runs (make -i).
func ignoreAll(cmds []command, c command, mc makeCall) {
	at := c.ignored
	if at == nil && mc.ignore {
		at = cmp.Or(mc.ignoreAt, &c.at)
	}
	ignoreAt(cmds, at)
}

// maxMakeDepth bounds the chain of make calls followed into other Makefiles.
const maxMakeDepth = 8

// scoped returns what fn returns with the target-specific assignments of scope in
// force (the variables of the command line keep their values); a private one of a
// target the recipe is built for (see inherited) leaves the variable's value
// unknown when make may export it, and is none otherwise. A global private variable
// (see makefile.private) is empty there, but for the target-specific assignments of
// scope; exported, or of the command line or make's environment, it is in the
// environment of the recipes under make 4.3 but not later, so its value there is not
// known.
func (mf *makefile) scoped(scope []targetVar, fn func() []command) []command {
	if len(scope) == 0 && len(mf.private) == 0 {
		return fn()
	}
	saved, savedUncertain, savedExported, savedAt := mf.vars, mf.uncertain, mf.exported, mf.varAt
	mf.vars, mf.uncertain, mf.exported, mf.varAt = maps.Clone(saved), maps.Clone(savedUncertain), maps.Clone(savedExported), maps.Clone(savedAt)
	mf.envUnsure = map[string]bool{}
	for name := range mf.private {
		exported, named := mf.exported[name]
		if _, cmdline := mf.cmdline[name]; exported || cmdline && !named {
			mf.envUnsure[name] = true
		}
		mf.vars[name] = ""
	}
	for _, v := range scope {
		_, cmdline := mf.cmdline[v.name]
		if v.parents { // a parent's private variable: no Make variable here (see inherited)
			if !cmdline && !v.unexport && (v.export || mf.exported[v.name]) {
				mf.uncertain[v.name] = true // in the environment under make 4.3, not 4.4
			}
			continue
		}
		if !cmdline {
			delete(mf.uncertain, v.name)
			delete(mf.envUnsure, v.name)
			delete(mf.targetUnder, v.name)
			if v.under != nil { // make may not read it: the value is not known (see unsureEnv)
				ua := undecidedAssign{at: v.at, under: *v.under, export: v.export}
				if old, ok := mf.vars[v.name]; ok {
					ua.prior = &old
				}
				if mf.targetUnder == nil {
					mf.targetUnder = map[string]undecidedAssign{}
				}
				mf.targetUnder[v.name] = ua
				mf.uncertain[v.name] = true
			}
			mf.set(v.name, v.op, v.value)
			mf.varAt[v.name] = v.at // the SHELL a message names
		}
		if v.under != nil {
			continue // exported or not as make's own
		}
		switch {
		case v.unexport:
			mf.exported[v.name] = false
		case v.export:
			mf.exported[v.name] = true
		}
	}
	mf.scoping = true
	defer func() {
		mf.vars, mf.uncertain, mf.exported, mf.varAt, mf.scoping, mf.envUnsure, mf.targetUnder = saved, savedUncertain, savedExported, savedAt, false, nil, nil
	}()
	return fn()
}

// maybePrereq returns the first rule that names pre a prerequisite of t, and the
// conditional this audit cannot evaluate that it is read in, when only such rules
// name it (see target.mayPrereqs); false for a nil t.
func (t *target) maybePrereq(pre string) (undecidedAssign, bool) {
	if t == nil {
		return undecidedAssign{}, false
	}
	u, ok := t.mayPrereqs[pre]
	return u, ok
}

// withRecipe returns the target whose recipe t runs: t, or the target that holds the
// recipe of the rule that names t with others. It returns nil for nil.
func (t *target) withRecipe() *target {
	if t != nil && len(t.recipe) == 0 && t.shared != nil {
		return t.shared
	}
	return t
}

// namesTarget reports whether t's recipe uses $@, the name of the target it runs for.
func (t *target) namesTarget() bool {
	return slices.ContainsFunc(t.recipe, func(ll ruleLine) bool {
		return strings.Contains(ll.text, "$@") || strings.Contains(ll.text, "$(@)") || strings.Contains(ll.text, "${@}")
	})
}

// recipeCommands returns the commands of t's recipe, each placed at its line: Make
// variables expanded and the @, - and + prefixes of each line dropped.
func (mf *makefile) recipeCommands(t *target) []command {
	return mf.recipeFor(t, t.name, "")
}

// recipeFor returns the commands of t's recipe run for goal name, as recipeCommands
// does, with the automatic variables $@ (name) and, for a pattern rule, $* (stem)
// replaced. A command whose failure make does not see is marked ignored: on a line
// with the - prefix, in the recipe of a target .IGNORE names (or of any, for a
// .IGNORE without prerequisites), or one whose failure the shell that runs the line
// drops (see recipeShell and dropFailures; with .ONESHELL, each rule's recipe is one
// script, whose prefixes make reads on its first line alone: see recipePrefixes).
// When a conditional this audit cannot evaluate decides whether .IGNORE, .ONESHELL or
// .POSIX is in force, the recipe is read both ways (see recipeModes), and a command
// not read the same in each is marked unsure.
func (mf *makefile) recipeFor(t *target, name, stem string) []command {
	if len(mf.private) > 0 && !mf.scoping { // read outside any target's scope: the global one's
		return mf.scoped(nil, func() []command { return mf.recipeFor(t, name, stem) })
	}
	modes, why := mf.recipeModes(t, name)
	readings := make([][]command, len(modes))
	for i, m := range modes {
		readings[i] = mf.recipeIn(t, name, stem, m)
	}
	out := sameEachWay(readings, why)
	env := mf.recipeEnv()
	if env == nil {
		env = map[string]string{}
	}
	envWhy := mf.unsureEnv(env)
	var hidden []string // unexport VAR: make gives the shell no VAR, whatever its own environment holds
	for name, exported := range mf.exported {
		if !exported {
			hidden = append(hidden, name)
		}
	}
	if len(env) > 0 || len(hidden) > 0 {
		for i := range out { // the shell's own exports and unsets over make's
			out[i].exports = out[i].exports.over(env, hidden)
			if out[i].unsure == nil {
				out[i].unsure = envWhy
			}
		}
	}
	return out
}

// goEnvRead are the variables of a go command's environment that this audit reads
// to judge it (CGO_ENABLED=0 builds a static binary, and go test -race refuses to
// run under it; GOFLAGS adds flags; GOOS, GOARCH and GOWORK choose what is built).
var goEnvRead = []string{"CGO_ENABLED", "GOFLAGS", "GOOS", "GOARCH", "GOWORK"}

// unsureEnv adds to env, the environment make gives a recipe's shell (see
// recipeEnv), each variable of goEnvRead that an assignment in a branch of a
// conditional this audit cannot evaluate sets (ifeq ($(UNAME_S),Linux) export
// CGO_ENABLED = 0 endif), as the values it may have (see unsureOf): the branch's,
// when make exports it, and the one make keeps without the branch (that of its
// command line or its environment, else the shell's start: what make's caller
// gives). It returns why the recipe's commands then run otherwise one way than the
// other, for the first such assignment, nil when there is none.
func (mf *makefile) unsureEnv(env map[string]string) *unsureRun {
	var why *unsureRun
	for _, name := range goEnvRead {
		exported, named := mf.exported[name]
		if !mf.uncertain[name] && mf.exportedUnder != nil {
			if ua, ok := mf.exportedUnder[name]; ok && !named && !mf.envUnsure[name] {
				v, set := mf.vars[name]
				if _, cmdline := mf.cmdline[name]; !set || cmdline {
					continue // none to export, or exported anyway
				}
				with := outcome{value: strings.TrimSpace(mf.expand(v))}
				env[name] = unsureOf([]outcome{with, {start: true}})
				if strings.Contains(with.value, "$") {
					env[name] = unsureValue
				}
				if why == nil {
					why = &unsureRun{at: mf.r.At(ua.at.file, ua.at.line), why: fmt.Sprintf("%s:%d exports %s in a branch of `%s` (%s:%d), a conditional this audit cannot evaluate, and make gives the recipe's commands another %s with it than without", ua.at.file, ua.at.line, name, ua.under.text, ua.under.at.file, ua.under.at.line, name)}
				}
			}
			continue
		}
		if !mf.uncertain[name] || mf.envUnsure[name] || named && !exported {
			continue
		}
		i := -1
		for j, a := range mf.assigned {
			if _, under := mf.assignedUnder[j]; under && a.Name == name {
				i = j
				break
			}
		}
		ua, target := mf.targetUnder[name]
		what := ""
		switch {
		case target:
			what = fmt.Sprintf("%s:%d", ua.at.file, ua.at.line)
		case i < 0:
			continue
		default:
			ua, what = mf.assignedUnder[i], mf.assigned[i].At
		}
		cmdline, fromCmdline := mf.cmdline[name]
		if fromCmdline {
			ua.prior = &cmdline
		}
		with, without := outcome{start: true}, outcome{start: true}
		if exported || ua.export || fromCmdline && !mf.overridden[name] {
			with = outcome{value: strings.TrimSpace(mf.expand(mf.vars[name]))}
		}
		if ua.prior != nil && (exported || fromCmdline) {
			without = outcome{value: strings.TrimSpace(mf.expand(*ua.prior))}
		}
		switch {
		case with == without:
			if !with.start {
				env[name] = with.value
			}
			continue
		case strings.Contains(with.value+without.value, "$"):
			env[name] = unsureValue
		default:
			env[name] = unsureOf([]outcome{with, without})
		}
		if why == nil {
			why = &unsureRun{at: mf.r.At(ua.at.file, ua.at.line), why: fmt.Sprintf("%s sets %s in a branch of `%s` (%s:%d), a conditional this audit cannot evaluate, and make gives the recipe's commands another %s with it than without", what, name, ua.under.text, ua.under.at.file, ua.under.at.line, name)}
		}
	}
	return why
}

// recipeMode is how make runs a recipe: with the failures of its commands ignored
// (ignore: where a .IGNORE names the target, nil when none does), as one script
// (.ONESHELL), under .POSIX (sh -ec).
type recipeMode struct {
	ignore          *repo.Evidence
	oneshell, posix bool
}

// recipeModes returns how make may run the recipe of t, run for goal name: one
// mode, but for each of .IGNORE, .ONESHELL and .POSIX that rules in a branch of a
// conditional this audit cannot evaluate decide (whether make reads them puts it in
// force for t or not), which doubles them, with why for the first such one.
func (mf *makefile) recipeModes(t *target, name string) ([]recipeMode, *unsureRun) {
	// inForce returns the rule that puts special in force for t, nil when none
	// does, of those make reads (all, or only those outside such conditionals): the
	// first, but for a .IGNORE whose rules name targets (make reads any one's
	// prerequisites as all those it applies to) none of which is t.
	inForce := func(special string, all bool) *specialRule {
		var rules []specialRule
		var names []string
		for _, r := range mf.specials[special].rulesOf() {
			if all || r.under == nil {
				rules, names = append(rules, r), append(names, r.prereqs...)
			}
		}
		if len(rules) == 0 || special == ".IGNORE" && len(names) > 0 && !slices.Contains(names, name) && !slices.Contains(names, t.name) {
			return nil
		}
		return &rules[0]
	}
	modes := []recipeMode{{}}
	var why *unsureRun
	for _, special := range []string{".IGNORE", ".ONESHELL", ".POSIX"} {
		sure := inForce(special, false)
		ways := []*specialRule{sure}
		if may := inForce(special, true); (sure == nil) != (may == nil) {
			ways = append(ways, may)
			i := slices.IndexFunc(mf.specials[special].rules, func(r specialRule) bool { return r.under != nil })
			if r := mf.specials[special].rules[i]; why == nil {
				why = &unsureRun{at: mf.r.At(r.at.file, r.at.line), why: fmt.Sprintf("%s:%d names %s in a branch of `%s` (%s:%d), a conditional this audit cannot evaluate, and make runs the recipe otherwise with it than without", r.at.file, r.at.line, special, r.under.text, r.under.at.file, r.under.at.line)}
			}
		}
		next := make([]recipeMode, 0, len(modes)*len(ways))
		for _, m := range modes {
			for _, r := range ways {
				switch special {
				case ".IGNORE":
					m.ignore = nil
					if r != nil {
						at := mf.r.At(r.at.file, r.at.line)
						m.ignore = &at
					}
				case ".ONESHELL":
					m.oneshell = r != nil
				case ".POSIX":
					m.posix = r != nil
				}
				next = append(next, m)
			}
		}
		modes = next
	}
	return modes, why
}

// sameEachWay returns the commands of a recipe read each way make may run it
// (readings, see recipeModes): those read the same way in each (see sameRun),
// once, and the others of each reading, marked unsure for why (unless they are
// already), each once.
func sameEachWay(readings [][]command, why *unsureRun) []command {
	if len(readings) == 1 {
		return readings[0]
	}
	// A command of one reading is matched with that of each other at the same
	// place, with the same words, as many of those before it.
	type key struct {
		at    repo.Evidence
		words string
		n     int
	}
	keys := make([][]key, len(readings))
	keyed := make([]map[key]command, len(readings))
	for r, cmds := range readings {
		seen := map[key]int{}
		keyed[r] = map[key]command{}
		for _, c := range cmds {
			k := key{at: c.at, words: strings.Join(c.words, "\x00")}
			k.n = seen[k]
			seen[k]++
			keys[r], keyed[r][k] = append(keys[r], k), c
		}
	}
	var out []command
	for r, cmds := range readings {
		for i, c := range cmds {
			same := true
			for o := range readings {
				if oc, ok := keyed[o][keys[r][i]]; !ok || !sameRun(c, oc) {
					same = false
					break
				}
			}
			if same {
				if r == 0 {
					out = append(out, c)
				}
				continue
			}
			if c.unsure == nil {
				c.unsure = why
			}
			if !slices.ContainsFunc(out, func(o command) bool { return sameRun(o, c) }) {
				out = append(out, c)
			}
		}
	}
	return out
}

// sameRun reports whether a and b, a command read two ways, run the same: the same
// words, where, with the same environment, their failures ignored or not, whether
// they run under make -n, and whether this audit is sure they run.
func sameRun(a, b command) bool {
	return a.at == b.at && slices.Equal(a.words, b.words) && a.dir == b.dir && a.unplaced == b.unplaced && a.chdir == b.chdir &&
		(a.ignored == nil) == (b.ignored == nil) && a.forced == b.forced && (a.unsure == nil) == (b.unsure == nil) && a.never == b.never &&
		maps.Equal(a.environ(), b.environ())
}

// recipeIn returns the commands of t's recipe run for goal name, as recipeFor does,
// make running it in mode.
func (mf *makefile) recipeIn(t *target, name, stem string, mode recipeMode) []command {
	// $(MAKE) is the make program, for recursive calls.
	auto := strings.NewReplacer("$@", name, "$(@)", name, "${@}", name, "$*", stem, "$(*)", stem, "${*}", stem, "$(MAKE)", "make", "${MAKE}", "make")
	if !strings.Contains(t.name, "%") {
		auto = strings.NewReplacer("$@", name, "$(@)", name, "${@}", name, "$(MAKE)", "make", "${MAKE}", "make")
	}
	sh, judged := mf.recipeShell(mode.posix)
	noStack := mf.noStack()
	// recipeLine is where a line of the recipe is, and whether its prefixes hold -
	// and +.
	// mayDash is why its prefixes may hold a - or not (see expandedPrefixes).
	type recipeLine struct {
		at           repo.Evidence
		dash, forced bool
		mayDash      *unsureRun
	}
	mark := func(c *command, l recipeLine) {
		c.forced = l.forced
		switch {
		case c.ignored != nil:
		case l.dash:
			at := l.at
			c.ignored = &at
		case mode.ignore != nil:
			c.ignored = mode.ignore
		case l.mayDash != nil && c.unsure == nil:
			c.unsure = l.mayDash
		}
	}
	var out []command
	// doubted are the commands of out marked by unsure, by their index, each with
	// its line
	doubted := map[int]ruleLine{}
	// unsure marks the commands of a recipe line make may not run (see lineUnsure),
	// but those whose failure is ignored, which count for nothing either way; cmds
	// are to be appended to out
	unsure := func(cmds []command, ll ruleLine) {
		why := mf.lineUnsure(t, ll)
		for i := range cmds {
			if why != nil && cmds[i].unsure == nil && cmds[i].ignored == nil {
				cmds[i].unsure = why
				doubted[len(out)+i] = ll
			}
		}
	}
	// under .ONESHELL, the script of the rule's recipe being read: its lines, lls,
	// each as the shell reads it in script, where it is in lines, with its prefixes
	// in heads (those of the script's first line are the recipe's)
	var script []string
	var heads []recipeLine
	var lines []repo.Evidence
	var lls []logicalLine
	var rules []ruleLine // the recipe's lines, as lines
	// read returns the commands of the script of the lines keep keeps, each line
	// that make may not run (see lineUnsure) marking those of its commands
	read := func(keep func(ruleLine) bool) []command {
		var kl []logicalLine
		var kLines []repo.Evidence
		var kScript []string
		var first recipeLine
		for k := range lls {
			if keep != nil && !keep(rules[k]) {
				continue
			}
			if len(kl) == 0 {
				first = heads[k]
			}
			kl, kLines, kScript = append(kl, logicalLine{text: lls[k].text, line: len(kl) + 1}), append(kLines, lines[k]), append(kScript, script[k])
		}
		if len(kl) == 0 {
			return nil
		}
		cmds, _, _ := linesCommands(context.Background(), kl, func(i int) repo.Evidence { return kLines[i] }, &session{dir: mf.dir, noStack: noStack}) // bounded as markSourced is
		for i := range cmds {
			mark(&cmds[i], first)
		}
		cmds = carryExports(cmds)
		markSourced(context.Background(), mf.r, cmds, &mf.sourced)
		if judged {
			dropFailures(cmds, sh, strings.Join(kScript, "\n"))
			cmds, _ = live(cmds)
		}
		return cmds
	}
	oneScript := func() {
		if len(lls) == 0 {
			return
		}
		at := make(map[repo.Evidence]int, len(lines))
		for k := len(lines) - 1; k >= 0; k-- { // the first line where a place is, as slices.Index
			at[lines[k]] = k
		}
		keeps, why, every := mf.scriptBranches(t, rules)
		var cmds []command
		switch {
		case keeps == nil:
			cmds = read(nil)
		default: // the script of each way make may read the conditionals: see scriptBranches
			readings := make([][]command, len(keeps))
			for r, keep := range keeps {
				readings[r] = read(keep)
				for i, c := range readings[r] {
					if k, ok := at[c.at]; ok && c.unsure == nil && c.ignored == nil {
						readings[r][i].unsure = mf.lineUnsure(t, rules[k])
					}
				}
			}
			cmds = sameEachWay(readings, why)
			from := slices.IndexFunc(rules, func(r ruleLine) bool { return r.under != nil })
			for i := range cmds {
				k, ok := at[cmds[i].at]
				switch {
				case !every && (!ok || k >= from):
					// not every way is read: a way between those read may run it
					// otherwise (with or without an export, under set -e or not)
					cmds[i].unsure = why
				case cmds[i].ignored != nil && cmds[i].unsure == why:
					cmds[i].unsure = nil // its failure counts for nothing either way
				}
			}
		}
		for i := range cmds {
			k, ok := at[cmds[i].at]
			if !ok {
				out = append(out, cmds[i])
				continue
			}
			if keeps == nil {
				unsure(cmds[i:i+1], rules[k]) // before it is appended: unsure counts out
			} else if u := mf.lineUnsure(t, rules[k]); u != nil && cmds[i].unsure != nil && cmds[i].unsure.why == u.why {
				doubted[len(out)] = rules[k]
			}
			out = append(out, cmds[i])
		}
		script, heads, lines, lls, rules = nil, nil, nil, nil, nil
	}
	for _, ll := range t.recipe {
		if ll.start { // each rule's recipe on its own: under .ONESHELL, a script of its own
			oneScript()
		}
		var sub string
		l := recipeLine{at: mf.r.At(t.file, ll.line)}
		if mode.oneshell && len(lls) > 0 && !mf.bourneShell() {
			sub = mf.substitute(auto.Replace(ll.text)) // make strips the prefixes of the later lines for a POSIX shell alone
		} else {
			sub, l.dash, l.forced, l.mayDash = mf.expandedPrefixes(auto.Replace(ll.text))
		}
		text := strings.ReplaceAll(sub, "$$", "$")
		if mode.oneshell { // read as one script after the rule's last line
			script, heads, lines, lls, rules = append(script, text), append(heads, l), append(lines, l.at), append(lls, logicalLine{text: makeShellText(sub), line: len(lls) + 1}), append(rules, ll)
			continue
		}
		// each line its own shell: its exports reach the commands after them on it
		cmds, _ := commandsIn(context.Background(), makeShellText(sub), l.at, &session{dir: mf.dir, noStack: noStack}) // a line: not stopped
		cmds = carryExports(cmds)
		markSourced(context.Background(), mf.r, cmds, &mf.sourced) // bounded by the steps of the Makefile's reading, which takes no context
		for i := range cmds {
			mark(&cmds[i], l)
		}
		if judged {
			dropFailures(cmds, sh, text)
			cmds, _ = live(cmds)
		}
		unsure(cmds, ll)
		out = append(out, cmds...)
	}
	oneScript()
	return everyBranch(out, doubted)
}

// everyBranch returns out with the commands of doubted, those of out this audit
// cannot tell make runs as their line is in a branch of a conditional it cannot
// evaluate (see lineUnsure), marked sure where make runs one of them whatever
// branch it takes: the conditional, held by no other such one, ends in an else
// without a condition, and each of its branches this audit cannot rule out holds
// one that runs the command, with the same words and maybe more that change
// neither whether it runs nor what it checks (see runsToo: go test -race -timeout
// 20m ./... in one, go test -race ./... in the other: go test -race ./... runs; not
// go test -race -run NoSuchTest ./...). A branch without it keeps them unsure, and
// so does a later rule read in another conditional that may replace the line.
func everyBranch(out []command, doubted map[int]ruleLine) []command {
	// only is the conditional whose branch alone may leave the line of out[i] out
	only := func(i int) *undecided {
		ll, ok := doubted[i]
		if !ok || ll.under == nil || ll.under.nested || !ll.under.branches.plainElse {
			return nil
		}
		if r := ll.replacedUnder; r != nil && (r.branches != ll.under.branches || r.branch == ll.under.branch) {
			return nil
		}
		return ll.under
	}
	var sure []int
	held := slices.Sorted(maps.Keys(doubted))
	for _, i := range held {
		u := only(i)
		if u == nil {
			continue
		}
		all := true
		for b := u.branches.from; b < u.branches.n && all; b++ {
			all = b == u.branch || slices.ContainsFunc(held, func(j int) bool {
				v := only(j)
				return v != nil && v.branches == u.branches && v.branch == b && runsToo(out[j], out[i])
			})
		}
		if all {
			sure = append(sure, i)
		}
	}
	for _, i := range sure {
		out[i].unsure = nil
	}
	return out
}

// runsToo reports whether b runs what a runs for this audit: the same program and
// subcommand, each of a's words as its program reads them (see commandWords: a
// flag with its value), and of the others only flags that change neither whether it
// runs nor what this audit counts it for (see idleFlags: not go test's -run
// NoSuchTest, -skip ., -race=false, nor go vet's -json), where a runs, with the same
// environment, neither's failure ignored. go test -coverprofile -race runs no race
// detector: -race is the profile's file, no word -race of go test -race.
func runsToo(b, a command) bool {
	if len(b.words) == 0 || len(a.words) == 0 || b.words[0] != a.words[0] || len(a.words) > 1 && (len(b.words) < 2 || b.words[1] != a.words[1]) {
		return false
	}
	left := commandWords(b)
	for _, w := range commandWords(a) {
		k := slices.Index(left, w)
		if k < 0 {
			return false
		}
		left = slices.Delete(left, k, k+1)
	}
	if len(left) > 0 && !idleFlags(b.words[0], left) {
		return false
	}
	return a.dir == b.dir && a.unplaced == b.unplaced && a.chdir == b.chdir && a.ignored == nil && b.ignored == nil &&
		a.forced == b.forced && a.never == b.never && maps.Equal(a.environ(), b.environ())
}

// commandWords reads the words of c after its program, in order, as the program's
// flag parser does: go's (see goWords), golangci-lint's, whose --timeout takes a
// value; any other's word by word.
func commandWords(c command) []cliWord {
	switch c.words[0] {
	case "go":
		return goWords(c.words[1:])
	case "golangci-lint":
		return cliWords(c.words[1:], []string{"--timeout"})
	}
	return cliWords(c.words[1:], nil)
}

// maxScriptReadings bounds the ways a .ONESHELL script is read, one for each
// choice of the branches of the conditionals this audit cannot evaluate that its
// lines are in (see scriptBranches).
const maxScriptReadings = 8

// scriptBranches returns, for the lines rules of one .ONESHELL script of t, the
// lines of each script make may run: make reads into it the lines of the branch it
// takes of each conditional, those of no other. A script without lines in a branch
// of a conditional this audit cannot evaluate is read once (nil). Otherwise each
// choice of a branch of each such conditional (or of none, for one without a plain
// else) keeps its lines and those outside them (every is then set); a command not
// run the same in each is unsure for why. Nested conditionals, or more choices than
// maxScriptReadings, are read two ways, every line of the conditionals dropped, or
// kept, which tell the commands before the first such line (the lines after them
// change neither their words nor their environment, and a line after one in any
// script is after it in the script of every line kept): every command from that
// line on is unsure for why, as a choice between the two may run it otherwise.
func (mf *makefile) scriptBranches(t *target, rules []ruleLine) (keeps []func(ruleLine) bool, why *unsureRun, every bool) {
	var conds []*undecided // one line of each conditional, the first
	nested := false
	for k := range rules {
		if u := rules[k].under; u != nil && !slices.ContainsFunc(conds, func(c *undecided) bool { return c.branches == u.branches }) {
			conds = append(conds, u)
			nested = nested || u.nested
		}
	}
	if len(conds) == 0 {
		return nil, nil, true
	}
	u := conds[0]
	why = &unsureRun{at: mf.r.At(u.at.file, u.at.line), why: fmt.Sprintf("the recipe of `%s` is one script under .ONESHELL with lines in a branch of `%s` (%s:%d), a conditional this audit cannot evaluate, and runs otherwise with the lines of one branch than with another's", t.name, u.text, u.at.file, u.at.line)}
	choices := [][]int{{}} // for each way, the branch taken of each of conds (-1: none)
	for _, c := range conds {
		var next [][]int
		for _, ch := range choices {
			for b := c.branches.from; b < c.branches.n; b++ {
				next = append(next, append(slices.Clip(ch), b))
			}
			if !c.branches.plainElse {
				next = append(next, append(slices.Clip(ch), -1))
			}
		}
		choices = next
		if len(choices) > maxScriptReadings {
			break
		}
	}
	if nested || len(choices) > maxScriptReadings {
		return []func(ruleLine) bool{
			func(r ruleLine) bool { return r.under == nil },
			func(ruleLine) bool { return true },
		}, why, false
	}
	for _, ch := range choices {
		keeps = append(keeps, func(r ruleLine) bool {
			if r.under == nil {
				return true
			}
			i := slices.IndexFunc(conds, func(c *undecided) bool { return c.branches == r.under.branches })
			return ch[i] == r.under.branch
		})
	}
	return keeps, why, true
}

// idleFlags reports whether words, the words one command of program has more than
// another (see commandWords), are flags that change neither whether it runs nor
// what this audit counts it for: those of go test and go vet that print more, stop
// sooner, bound the time or the processes, add coverage, or ask the tests for their
// short run (-v, -failfast, -timeout 20m, -count=1, -p 4, -cover, -short),
// golangci-lint's --timeout and -v. A flag that chooses the tests run (-run,
// -skip), what is reported (-json), or turns another off (-race=false) is none; nor
// is a word of a package, nor a flag without the value it takes.
func idleFlags(program string, words []cliWord) bool {
	var flags []string
	var valued []string // those that take a value
	switch program {
	case "go":
		flags = []string{"-v", "-short", "-failfast", "-cover", "-trimpath", "-timeout", "-count", "-p", "-parallel", "-covermode", "-coverprofile", "-coverpkg", "-shuffle"}
		valued = []string{"-timeout", "-count", "-p", "-parallel", "-covermode", "-coverprofile", "-coverpkg", "-shuffle"}
	case "golangci-lint":
		flags = []string{"-v", "--verbose", "--timeout"}
		valued = []string{"--timeout"}
	}
	for _, w := range words {
		if !slices.Contains(flags, w.flag) {
			return false
		}
		if slices.Contains(valued, w.flag) && !w.eq && w.value == "" {
			return false // the last word: no value
		}
		if w.flag == "-count" && strings.Trim(w.value, "0123456789") != "" || w.flag == "-count" && strings.Trim(w.value, "0") == "" {
			return false // -count=0 runs no test
		}
		if w.eq && !slices.Contains(valued, w.flag) && w.value != "true" {
			return false // -v=false, -short=false: a flag turned off
		}
	}
	return true
}

// lineUnsure returns why this audit cannot tell whether make runs ll, a recipe line
// of t: it is read in a branch of a conditional this audit cannot evaluate, or a
// later rule's recipe read in one may replace it (see ruleLine), as an assignment
// there may set a variable or not; nil when make runs it wherever it runs t's recipe.
func (mf *makefile) lineUnsure(t *target, ll ruleLine) *unsureRun {
	switch {
	case ll.under != nil:
		return &unsureRun{at: mf.r.At(ll.under.at.file, ll.under.at.line), why: fmt.Sprintf("%s:%d is a recipe line in a branch of `%s` (%s:%d), a conditional this audit cannot evaluate, and make runs it only where that branch is taken", t.file, ll.line, ll.under.text, ll.under.at.file, ll.under.at.line)}
	case ll.replacedUnder != nil:
		return &unsureRun{at: mf.r.At(ll.replacedAt.file, ll.replacedAt.line), why: fmt.Sprintf("the recipe of `%s` at %s:%d, in a branch of `%s` (%s:%d), a conditional this audit cannot evaluate, replaces this one where that branch is taken", t.name, ll.replacedAt.file, ll.replacedAt.line, ll.replacedUnder.text, ll.replacedUnder.at.file, ll.replacedUnder.at.line)}
	}
	return nil
}

// recipePrefixes splits a recipe line as make reads its start: the prefix characters
// @ (silent), - (its failure ignored) and + (run under make -n too), in any mix and
// with blanks between them, then the command; dash and forced say whether - and +
// are among them. Under .ONESHELL make reads those of the recipe's first line, for
// the whole recipe, and drops those of the lines after it (for a POSIX shell: see
// bourneShell), which then change nothing.
func recipePrefixes(line string) (body string, dash, forced bool) {
	body = strings.TrimLeft(line, "@-+ \t")
	prefixes := line[:len(line)-len(body)]
	return body, strings.Contains(prefixes, "-"), strings.Contains(prefixes, "+")
}

// expandedPrefixes returns line, a recipe line, with its prefixes cut (see
// recipePrefixes) and its Make variables substituted, as make reads it: it reads
// the prefixes again once it has expanded the line, so that those a variable
// stands for count too (Q := @, then $(Q)go vet ./... runs go vet silently). A
// reference left at the start to a variable whose every value is made of @ and -
// (see prefixVar) is cut too: the line runs the same either way, but that its
// failure may be ignored or not where a value holds a - (ifeq ($(shell
// uname),Linux) Q := - endif), and mayDash is then why, nil when dash is set.
func (mf *makefile) expandedPrefixes(line string) (sub string, dash, forced bool, mayDash *unsureRun) {
	body, dash, forced := recipePrefixes(line)
	sub, d, f := recipePrefixes(mf.substitute(body))
	for {
		m := makeRef.FindStringSubmatchIndex(sub)
		var ok bool
		var why *unsureRun
		if m != nil && m[0] == 0 {
			why, ok = mf.prefixVar(sub[m[2]:m[3]])
		}
		if !ok {
			if dash || d {
				mayDash = nil
			}
			return sub, dash || d, forced || f, mayDash
		}
		mayDash = cmp.Or(mayDash, why)
		var d2, f2 bool
		sub, d2, f2 = recipePrefixes(sub[m[1]:])
		d, f = d || d2, f || f2
	}
}

// prefixVar reports whether name is a variable whose value this audit cannot tell
// (see makefile.uncertain) but that the Makefile only ever sets to @ or - (or
// blanks) and that neither the make command line nor the environment gives: the
// verbosity switch ifeq ($(V),1) Q := else Q := @ endif, whose $(Q) starts a recipe
// line. So is one that has no value, as the Makefile sets it only in branches make
// does not take (ifneq ($(V),1) Q := @ endif, under make V=1), which make expands to
// nothing, whatever those set. dash is why a $(Q) at the start of a recipe line may make
// make ignore its failure or not: the first assignment of a value with a -, nil when
// none has one.
func (mf *makefile) prefixVar(name string) (dash *unsureRun, ok bool) {
	if _, set := mf.vars[name]; !set && mf.untaken[name] {
		return nil, true // set only where make does not read it: nothing, as make expands it
	}
	if _, cmdline := mf.cmdline[name]; !mf.uncertain[name] || cmdline || mf.exported[name] {
		return nil, false
	}
	for i, a := range mf.assigned {
		if a.Name != name {
			continue
		}
		if strings.Trim(a.Value, "@- \t") != "" {
			return nil, false
		}
		ok = true
		if !strings.Contains(a.Value, "-") || dash != nil {
			continue
		}
		u, under := mf.assignedUnder[i]
		at := cmp.Or(u.at, mf.varAt[name])
		why := fmt.Sprintf("%s sets %s to %s, a value this audit cannot tell it keeps, and make ignores the line's failure with it, not without", a.At, name, strings.TrimSpace(a.Value))
		if under {
			why = fmt.Sprintf("%s sets %s to %s in a branch of `%s` (%s:%d), a conditional this audit cannot evaluate, and make ignores the line's failure with it, not without", a.At, name, strings.TrimSpace(a.Value), u.under.text, u.under.at.file, u.under.at.line)
		}
		dash = &unsureRun{at: mf.r.At(at.file, at.line), why: why}
	}
	return dash, ok
}

// shellValue returns the value of SHELL, the shell make runs its recipes with:
// make's default, /bin/sh, unless the Makefile (or the make command line) sets it;
// known is false when this audit cannot tell it (set under a conditional it cannot
// evaluate, or left to a reference).
func (mf *makefile) shellValue() (shell string, known bool) {
	shell, ok := mf.vars["SHELL"]
	if !ok {
		return "/bin/sh", true
	}
	shell = strings.TrimSpace(mf.expand(shell))
	return shell, !mf.uncertain["SHELL"] && !strings.Contains(shell, "$")
}

// bourneShell reports whether make takes the shell its recipes run with for a POSIX
// one, whose .ONESHELL script it gives without the prefixes of the recipe's lines
// after the first: the last element of SHELL's path, the whole value (make's
// default /bin/sh, bash, /bin/dash; not ./tools/run, nor /usr/bin/env bash), is sh,
// bash, dash, ksh, rksh, zsh or ash; so too when this audit cannot tell SHELL's value.
func (mf *makefile) bourneShell() bool {
	shell, known := mf.shellValue()
	return !known || slices.Contains([]string{"sh", "bash", "dash", "ksh", "rksh", "zsh", "ash"}, shell[strings.LastIndexByte(shell, '/')+1:])
}

// noStack returns why the shell make runs the recipes with may have no pushd and
// popd, which a recipe is read with as bash runs them (see session.noStack): "" for
// bash and zsh, which have them. make's default, /bin/sh, is dash on Debian and
// Ubuntu (and so on GitHub's ubuntu runners) and busybox's ash on Alpine, which have
// none, but bash on other systems; with none, pushd fails ("pushd: not found") and
// moves nothing.
func (mf *makefile) noStack() string {
	const fails = `fails ("pushd: not found") and moves nothing, so the commands after it may not run, or run elsewhere`
	shell, known := mf.shellValue()
	words := strings.Fields(shell)
	if len(words) > 1 && path.Base(words[0]) == "env" {
		words = words[1:]
	}
	name := ""
	if known && len(words) > 0 {
		name = path.Base(words[0])
	}
	set := "make's default SHELL"
	if mf.fromCmdline("SHELL") {
		set = "the SHELL of the make command line"
	} else if at, ok := mf.varAt["SHELL"]; ok && at.file != "" { // a target-specific one's, in its scope
		set = fmt.Sprintf("the SHELL of %s:%d", at.file, at.line)
	}
	switch name {
	case "bash", "zsh":
		return ""
	case "":
		return fmt.Sprintf("the recipe's shell may not have: %s, whose value this audit cannot tell, names it (this audit reads pushd and popd as bash runs them); where it has none, it %s", set, fails)
	case "dash", "ash":
		return fmt.Sprintf("%s, %s, does not have: there it %s", name, set, fails)
	case "sh":
		return fmt.Sprintf("%s, %s, runs as bash does only where /bin/sh is bash: dash, /bin/sh on Debian and Ubuntu (GitHub's ubuntu runners too), and Alpine's ash have no pushd or popd; there it %s (SHELL := /bin/bash runs it as bash does)", shell, set, fails)
	}
	return fmt.Sprintf("%s, %s, may not have (this audit reads pushd and popd as bash runs them): where it has none, it %s", shell, set, fails)
}

// makeShellText returns sub, a recipe line with the Make variables it can expand
// substituted (see substitute), as the shell reads it: $$ turned into $, and a
// reference make still expands (one left as written, $(X)) marked keptDollar,
// inside single quotes or not, so that only a $ written $$ counts as the shell's
// text there (see splitCommands): $(GOTEST) -race ./... runs no command GOTEST,
// $$(nproc) runs nproc.
func makeShellText(sub string) string {
	return byQuotes(sub, func(part string) string {
		if !strings.Contains(part, "$(") {
			return strings.ReplaceAll(part, "$$", "$")
		}
		var out strings.Builder
		for i := 0; i < len(part); i++ {
			switch {
			case part[i] == '$' && i+1 < len(part) && part[i+1] == '$':
				out.WriteByte('$')
				i++
			case part[i] == '$' && i+1 < len(part) && part[i+1] == '(':
				out.WriteByte(keptDollar)
			default:
				out.WriteByte(part[i])
			}
		}
		return out.String()
	}, func(quoted string) string {
		b := []byte(quoted)
		out := b[:0:0]
		for i := 0; i < len(b); i++ {
			switch {
			case b[i] != '$':
				out = append(out, b[i])
			case i+1 < len(b) && b[i+1] == '$':
				out = append(out, '$')
				i++
			default:
				out = append(out, keptDollar)
			}
		}
		return string(out)
	})
}

// recipeEnv returns the variables make puts in the environment of a recipe's
// shell, with their values: those exported (see makefile.exported) and those of the
// make command line whose names an environment variable may have (make keeps
// .SHELLFLAGS=-c and GO-FLAGS=-race out, unless an export names them), but for
// variables whose value is uncertain (there: see makefile.envUnsure) or an unexport
// names, and for those of the command line an override assignment has taken and no
// export names (make 4.3: make build CGO_ENABLED=0 with override CGO_ENABLED = 0
// gives the recipes no CGO_ENABLED).
func (mf *makefile) recipeEnv() map[string]string {
	var out map[string]string
	for _, name := range slices.Concat(slices.Collect(maps.Keys(mf.exported)), slices.Collect(maps.Keys(mf.cmdline))) {
		v, ok := mf.vars[name]
		if exported, named := mf.exported[name]; !ok || mf.uncertain[name] || mf.envUnsure[name] || named && !exported || mf.overridden[name] && !exported || !named && !isEnvName(name) {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[name] = strings.TrimSpace(mf.expand(v))
	}
	return out
}

// shellGets reports whether make may give its recipes' shell the variable name in
// its environment: one recipeEnv holds (exported, or of make's environment or
// command line), one exported where this audit cannot tell its value or under a
// conditional it cannot evaluate, and, under .EXPORT_ALL_VARIABLES, any the
// Makefile sets (checked with GNU make 4.3: VERSION := 1.0 alone gives the shell's
// $${VERSION} nothing).
func (mf *makefile) shellGets(name string) bool {
	_, under := mf.exportedUnder[name]
	_, set := mf.vars[name]
	all := len(mf.specials[".EXPORT_ALL_VARIABLES"].rulesOf()) > 0 // under a conditional too: it may
	_, env := mf.recipeEnv()[name]
	return env || under || mf.envUnsure[name] || mf.exported[name] || all && set
}

// fromCmdline reports whether variable name has the value the make command line
// gives it, which the Makefile's assignments do not change (but for override).
func (mf *makefile) fromCmdline(name string) bool {
	v, ok := mf.cmdline[name]
	return ok && mf.vars[name] == v
}

// withDefaults returns m with the entries of defaults it does not hold.
func withDefaults(m, defaults map[string]string) map[string]string {
	out := maps.Clone(defaults)
	maps.Copy(out, m)
	return out
}

// recipeShell returns how make's shell runs a recipe line: $(SHELL) $(.SHELLFLAGS)
// line, /bin/sh -c by default, without errexit or pipefail (-ec under .POSIX), the
// options set on SHELL or in .SHELLFLAGS (-e, -o pipefail) on, and bash where SHELL
// is bash (see bashModes); a start that dash refuses runs nothing (see
// shellStart.refusal). judged is false for a
// shell other than sh, bash, dash, ash or zsh, or one this audit cannot tell.
func (mf *makefile) recipeShell(posix bool) (sh shellState, judged bool) {
	shell, flags := "/bin/sh", "-c"
	if posix {
		flags = "-ec"
	}
	for _, v := range []struct {
		name string
		val  *string
	}{{"SHELL", &shell}, {".SHELLFLAGS", &flags}} {
		raw, ok := mf.vars[v.name]
		if !ok {
			continue
		}
		if mf.uncertain[v.name] {
			return sh, false
		}
		*v.val = mf.expand(raw)
		if at, ok := mf.varAt[v.name]; ok && at.file != "" && !mf.fromCmdline(v.name) {
			ev := mf.r.At(at.file, at.line)
			sh.shellAt = &ev
		}
	}
	words := strings.Fields(shell)
	if len(words) > 1 && path.Base(words[0]) == "env" {
		words = words[1:]
	}
	if len(words) == 0 || strings.Contains(shell, "$") || strings.Contains(flags, "$") ||
		!slices.Contains([]string{"sh", "bash", "dash", "ash", "zsh"}, path.Base(words[0])) {
		return sh, false
	}
	sh.errexit, sh.pipefail = setOptions(append(words[1:], strings.Fields(flags)...), false, false)
	sh.bash, sh.bashRuns = bashModes(append(words, strings.Fields(flags)...))
	sh.start.words = strings.Join(append(words, strings.Fields(flags)...), " ")
	if sh.shellAt != nil {
		sh.start.at = *sh.shellAt
	}
	if !sh.errexit {
		sh.off = sh.shellAt
	}
	return sh, true
}

// patternFor returns the first pattern rule with a recipe whose target matches
// name, and the stem (what % stands for), or nil.
func (mf *makefile) patternFor(name string) (*target, string) {
	for _, t := range mf.patterns {
		if stem, ok := MakePatternStem(t.name, name); ok && len(t.recipe) > 0 {
			return t, stem
		}
	}
	return nil, ""
}

// patternGoals returns the goals that pattern rule t builds in this Makefile: the
// prerequisites of its targets that t's target matches and no explicit rule gives a
// recipe, with their stems.
func (mf *makefile) patternGoals(t *target) (names, stems []string) {
	for _, name := range mf.order {
		for _, pre := range mf.targets[name].prereqs {
			if e := mf.targets[pre]; e != nil && len(e.withRecipe().recipe) > 0 || slices.Contains(names, pre) {
				continue
			}
			if pt, stem := mf.patternFor(pre); pt == t {
				names, stems = append(names, pre), append(stems, stem)
			}
		}
	}
	return names, stems
}

// makeCall is a make command: its goals, -C directory, -f file and the variables
// it sets on its command line, and whether it ignores the failures of the recipes it
// runs (-i, --ignore-errors, or i in MAKEFLAGS; -k, --keep-going, does not: make
// still fails at the end). dryRun names the flag with which it runs no recipe line
// but those with the + prefix (-n, --just-print, --dry-run, --recon, -t, --touch,
// -q, --question, or n, t or q in MAKEFLAGS: the -n of MAKEFLAGS), "" when it has
// none, and dryRunAt is where that flag is written. MAKEFLAGS (and GNUMAKEFLAGS,
// read the same way: see makeflagsNames) is that of its environment and, once the
// Makefile it reads is known, the one the Makefile assigns (see makefileFlags); ignoreAt is where the Makefile's turns ignore on,
// when the command itself does not, and unsure says why the recipes it runs may run
// under such flags, when the Makefile sets them under a conditional this audit
// cannot evaluate.
type makeCall struct {
	goals     []string
	dir, file string
	vars      map[string]string
	flags     []string // of its command line, long options written out (see makeLongOption)
	ignore    bool
	dryRun    string
	dryRunAt  repo.Evidence
	ignoreAt  *repo.Evidence
	unsure    *unsureRun
	at        repo.Evidence // the command
}

// parseMake reads c as a make command, reporting whether it is one.
func parseMake(c command) (makeCall, bool) {
	mc := makeCall{at: c.at}
	if len(c.words) == 0 || !slices.Contains([]string{"make", "gmake", "$(MAKE)", "${MAKE}"}, c.words[0]) {
		return mc, false
	}
	var simple map[string]bool // the variables of the command line set with := or ::=
	for i := 1; i < len(c.words); i++ {
		w := makeLongOption(c.words[i])
		if strings.HasPrefix(w, "-") {
			mc.flags = append(mc.flags, w)
		}
		switch {
		case strings.HasPrefix(w, "-"):
			flag, value, next := makeValue(w)
			if next && i+1 < len(c.words) && (flag != "-j" && flag != "-l" || makeNumber(c.words[i+1], flag == "-l")) {
				i++
				value = c.words[i]
			}
			switch {
			case flag == "-C" && (mc.dir == "" || path.IsAbs(value)):
				mc.dir = value
			case flag == "-C": // a second -C from the first, as make changes directory
				mc.dir = mc.dir + "/" + value
			case flag == "-f":
				mc.file = value
			}
			mc.ignore = mc.ignore || ignoreErrors(w)
			if mc.dryRun == "" && runsNoRecipe(w) {
				mc.dryRun, mc.dryRunAt = w, c.at
			}
		case strings.Contains(w, "="):
			// any name of a Make variable (.SHELLFLAGS=-c, GO-FLAGS=-race) makes a
			// variable of make's command line, as NAME=value; NAME:=value and
			// NAME::=value expand value as make reads its command line (see
			// cmdlineValue); NAME+=value appends to the value it has as make starts,
			// that of an earlier one or of make's environment, not the makefiles'
			// (make 4.3: GOFLAGS=-v make GOFLAGS+=-race gives the recipes -v -race,
			// whatever the Makefile assigns), expanded first when that is a simply
			// expanded one of the command line; NAME?=value sets it as NAME=value
			// when neither an earlier one nor make's environment defines it, and
			// does nothing otherwise: the variable keeps its environment's value,
			// which the Makefile's assignments replace (make 4.3: GOFLAGS=-v make
			// GOFLAGS?=-race leaves GOFLAGS to the Makefile). SHELL?=value is not
			// read: make's environment, which this audit does not know whole,
			// mostly has a SHELL, which make does not take (see
			// parseMakefileWith) but with which ?= sets nothing. MAKEFLAGS make
			// reads its flags from whatever the operator (see makefileFlags); only
			// one that is an environment variable's name reaches the recipes'
			// environment (see recipeEnv). NAME:::=value is an assignment for GNU
			// make 4.4, which expands value as NAME:=value does, and a goal for make
			// 4.3, which stops with no rule to make it (or makes it by a
			// match-anything rule, %:) and leaves NAME as it is: read as 4.4 reads
			// it, with make's commands unsure (see command.unsure)
			k, v, _ := strings.Cut(w, "=")
			if name := strings.TrimRight(k, ":+?!"); makeflagsNames[name] && strings.HasSuffix(k, "!") {
				mc.unsure = &unsureRun{at: c.at, why: "the make command line's " + w + " sets " + name + " to what a command prints, which this audit cannot tell: make may run no recipe, or ignore the failures of its recipes"}
				continue
			}
			if strings.TrimRight(k, ":+?") == "MAKEFLAGS" {
				k = "MAKEFLAGS"
			}
			if strings.TrimRight(k, ":+") == "GNUMAKEFLAGS" { // ?= leaves the "" make gives it as it starts
				k = "GNUMAKEFLAGS"
			}
			name := strings.TrimRight(k, ":+?")
			op := k[len(name):]
			if !makeName(name) || strings.ContainsAny(name, ":+?!") || !slices.Contains([]string{"", ":", "::", ":::", "+", "?"}, op) {
				continue
			}
			if op == ":::" && mc.unsure == nil {
				mc.unsure = &unsureRun{at: c.at, why: "the make command line's " + w + " is an assignment for GNU make 4.4 and a goal for GNU make 4.3 (that of GitHub's ubuntu runners and Debian 12), which stops with no rule to make it, or makes it by a match-anything rule (%:) and leaves " + name + " unset; which make runs, this audit cannot tell"}
			}
			if mc.vars == nil {
				mc.vars = map[string]string{}
			}
			switch op {
			case "?":
				_, set := mc.vars[name]
				if _, env := c.runEnv(name); set || env || name == "SHELL" || makeflagsNames[name] {
					continue // GNUMAKEFLAGS make always defines (MAKEFLAGS is read above)
				}
			case ":::": // expanded as for :=; make 4.4 then writes each $ of the result $$ and keeps a recursive variable, which a reference expands back to the result: the value this audit keeps, whose $$ stays for expand to read (see cmdlineValue), is that text already
				v = cmdlineValue(v, mc.vars, c.runEnv)
				delete(simple, name)
			case ":", "::":
				v = cmdlineValue(v, mc.vars, c.runEnv)
				if simple == nil {
					simple = map[string]bool{}
				}
				simple[name] = true
			case "+":
				prior, ok := mc.vars[name]
				if !ok {
					prior, _ = c.runEnv(name)
				}
				if simple[name] {
					v = cmdlineValue(v, mc.vars, c.runEnv)
				}
				if prior != "" && v != "" {
					v = prior + " " + v
				} else if v == "" {
					v = prior
				}
			default:
				delete(simple, name)
			}
			mc.vars[name] = v
		default:
			mc.goals = append(mc.goals, w)
		}
	}
	for _, name := range []string{"GNUMAKEFLAGS", "MAKEFLAGS"} { // make reads GNUMAKEFLAGS first
		if flags, ok := c.runEnv(name); ok { // set before it, exported, or by the CI's env: or variables:
			mc.makeflags(name, flags, c.at)
		}
	}
	return mc, true
}

// cmdlineValue returns the value make gives a simply expanded variable of its
// command line (NAME:=value, NAME::=value): value expanded as make reads its
// command line, before any makefile, with vars, the variables of the command line
// before it, and env, make's environment (GNUMAKEFLAGS make has cleared then); any
// other variable is empty there, whatever a makefile assigns it (make 4.3: make
// 'TESTFLAGS:=$(RACE)' RACE=-race gives TESTFLAGS nothing). What is left a
// reference is one this audit cannot expand ($(shell ...), a name it cannot tell).
// The value is kept as a simply expanded variable's is (see makefile.set): its $$
// stays for expand to read.
func cmdlineValue(value string, vars map[string]string, env func(string) (string, bool)) string {
	if !strings.Contains(value, "$") {
		return value
	}
	mf := newMakefile(nil, "")
	mf.vars["GNUMAKEFLAGS"] = ""
	pending := append([]string{value}, slices.Collect(maps.Values(vars))...)
	for len(pending) > 0 { // each name the value may reach, with the value it has then
		s := pending[len(pending)-1]
		pending = pending[:len(pending)-1]
		for _, m := range makeRef.FindAllStringSubmatch(s, -1) {
			if _, ok := mf.vars[m[1]]; ok {
				continue
			}
			v, ok := vars[m[1]]
			if !ok {
				v, _ = env(m[1])
			}
			mf.vars[m[1]] = v
			pending = append(pending, v)
		}
	}
	v, _ := mf.substituteBounded(value)
	return v
}

// makeValue returns the flag among make's options that take a value (-C, -f, -I, -o,
// -W, -E, -j, -l, -O and their long forms, --file and --makefile as -f, --directory as
// -C) that w, a word of its command line with its long option written out, ends with,
// and its value: written in w (-Csvc, -j4, --directory=svc), or to be taken from the
// next word (next: -kC svc), which for -j and -l make takes only when it is a number
// (makeNumber), and for -O never. "" for a word that sets none (-k).
func makeValue(w string) (flag, value string, next bool) {
	if name, ok := strings.CutPrefix(w, "--"); ok {
		name, value, eq := strings.Cut(name, "=")
		flag = map[string]string{"directory": "-C", "file": "-f", "makefile": "-f", "include-dir": "-I", "old-file": "-o", "assume-old": "-o",
			"what-if": "-W", "new-file": "-W", "assume-new": "-W", "eval": "-E", "jobs": "-j", "load-average": "-l", "max-load": "-l", "output-sync": "-O"}[name]
		return flag, value, flag != "" && flag != "-O" && !eq
	}
	for i, f := range w[1:] {
		if strings.ContainsRune("CfIoWEjlO", f) {
			value = w[2+i:]
			return "-" + string(f), value, value == "" && f != 'O'
		}
	}
	return "", "", false
}

// makeNumber reports whether w is a word make takes as the value of -j (digits) or, when
// load, of -l (digits and dots) given in the next word: make -j 4 runs 4 jobs, no goal 4.
func makeNumber(w string, load bool) bool {
	return w != "" && strings.Trim(w, "0123456789"+map[bool]string{true: "."}[load]) == ""
}

// makeflagsNames are the variables whose values GNU make reads its flags from, the
// way it reads them (see makeflagsWords): GNUMAKEFLAGS, then MAKEFLAGS, as it starts
// (those of its environment; it records their flags in MAKEFLAGS and clears
// GNUMAKEFLAGS) and once it has read the makefiles (those of its command line and
// the makefiles' assignments: see makeCall.makefileFlags). MFLAGS it does not read.
var makeflagsNames = map[string]bool{"GNUMAKEFLAGS": true, "MAKEFLAGS": true}

// makeflags adds to mc the flags of the value of name (MAKEFLAGS or GNUMAKEFLAGS),
// as make reads it (see makeflagsWords), written at at. A word with a reference left
// unexpanded ($(if ...)) is not read.
func (mc *makeCall) makeflags(name, flags string, at repo.Evidence) {
	for _, w := range makeflagsWords(flags) {
		if strings.Contains(w, "$") {
			continue
		}
		mc.ignore = mc.ignore || ignoreErrors(w)
		if mc.dryRun == "" && runsNoRecipe(w) {
			mc.dryRun, mc.dryRunAt = "the "+w+" of "+name, at
		}
	}
}

// makeflagsWords returns the words of a MAKEFLAGS value as make reads them: its
// first word, without - or =, is single-letter flags without their - (ik, read as
// -ik); a long option may be an unambiguous prefix of one (see makeLongOption).
func makeflagsWords(flags string) []string {
	words := strings.Fields(flags)
	for i, w := range words {
		if i == 0 && !strings.HasPrefix(w, "-") && !strings.Contains(w, "=") {
			w = "-" + w
		}
		words[i] = makeLongOption(w)
	}
	return words
}

// makeflagsAtStart returns the value make 4 gives MAKEFLAGS as it starts reading
// the makefiles, before their assignments (MAKEFLAGS += i reads i as flags only
// when it is the first word): the flags of env, make's environment (its
// GNUMAKEFLAGS, then its MAKEFLAGS), then those of call, its command line's flags,
// that it records there then, each written with its -; "" when there are none.
func makeflagsAtStart(env map[string]string, call []string) string {
	var out []string
	for _, w := range slices.Concat(makeflagsWords(env["GNUMAKEFLAGS"]), makeflagsWords(env["MAKEFLAGS"]), call) {
		if makeRecords(w) {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// makeRecords reports whether make records w, a flag of its command line or
// environment (long options written out), in MAKEFLAGS before it reads the
// makefiles: any flag but those that take a value (-j, -l, -O, -I, -W, -o, -f and
// their long forms), -S, -b, -m, --debug, --no-silent and the jobserver's (-C is
// recorded, as w). Neither is -- nor a variable assignment after it.
func makeRecords(w string) bool {
	if name, ok := strings.CutPrefix(w, "--"); ok {
		name, _, _ = strings.Cut(name, "=")
		return name != "" && !slices.Contains([]string{"jobs", "load-average", "max-load", "output-sync", "include-dir", "what-if", "new-file", "assume-new",
			"old-file", "assume-old", "file", "makefile", "no-keep-going", "stop", "debug", "no-silent", "jobserver-auth", "jobserver-fds", "sync-mutex"}, name)
	}
	if !strings.HasPrefix(w, "-") {
		return false
	}
	for _, f := range w[1:] {
		switch {
		case strings.ContainsRune("Sbm", f):
		case strings.ContainsRune("jlOIWof", f):
			return false // the rest of the word is its value
		default:
			return true
		}
	}
	return false
}

// makeLongOptions are the long options of GNU make 4.3, those its --help leaves out
// too.
var makeLongOptions = []string{"always-make", "assume-new", "assume-old", "check-symlink-times", "debug", "directory", "dry-run", "environment-overrides", "eval",
	"file", "help", "ignore-errors", "include-dir", "jobs", "jobserver-auth", "jobserver-fds", "just-print", "keep-going", "load-average", "makefile", "max-load",
	"new-file", "no-builtin-rules", "no-builtin-variables", "no-keep-going", "no-print-directory", "no-silent", "old-file", "output-sync", "print-data-base",
	"print-directory", "question", "quiet", "recon", "silent", "stop", "sync-mutex", "touch", "trace", "version", "warn-undefined-variables", "what-if"}

// makeLongOption returns w, a word of a make command line or of MAKEFLAGS, with the
// long option it abbreviates written out, as make's getopt takes an unambiguous
// prefix of one (--ignore is --ignore-errors, --dry --dry-run), its =value kept;
// any other word as it is (--i, which may be --ignore-errors or --include-dir, make
// refuses).
func makeLongOption(w string) string {
	name, value, eq := strings.Cut(strings.TrimPrefix(w, "--"), "=")
	if !strings.HasPrefix(w, "--") || name == "" || slices.Contains(makeLongOptions, name) {
		return w
	}
	var full []string
	for _, o := range makeLongOptions {
		if strings.HasPrefix(o, name) {
			full = append(full, o)
		}
	}
	switch {
	case len(full) != 1:
		return w
	case eq:
		return "--" + full[0] + "=" + value
	}
	return "--" + full[0]
}

// environmentOverrides reports whether flags, the MAKEFLAGS make starts with
// (makeflagsAtStart), hold -e (--environment-overrides, or a group of single-letter
// flags with e): the variables of make's environment, MAKEFLAGS and GNUMAKEFLAGS
// among them, then keep their values but for an override assignment (see envWins).
// One that only the makefiles or the command line's MAKEFLAGS set comes too late for
// that.
func environmentOverrides(flags string) bool {
	return slices.ContainsFunc(strings.Fields(flags), func(w string) bool {
		return makeLongOption(w) == "--environment-overrides" || makeLetter(w, "e")
	})
}

// makefileFlags adds to mc the flags of the GNUMAKEFLAGS and MAKEFLAGS that mf, the
// Makefile the call reads, holds once read, when the call's command line (make
// MAKEFLAGS=-t, make GNUMAKEFLAGS=-i) or the Makefile itself (MAKEFLAGS +=
// --ignore-errors, -n) sets them: make applies them, once it has read the makefiles,
// as those of its environment, to the recipes it runs and the recursive makes they
// call. The Makefile's assignments but override leave one of the command line, and
// under make -e the one make starts with (see envWins). When a conditional this
// audit cannot evaluate sets one, flags that ignore failures or run no recipe make
// mc unsure instead.
func (mc *makeCall) makefileFlags(mf *makefile) {
	if mf.r == nil {
		return
	}
	for _, name := range []string{"GNUMAKEFLAGS", "MAKEFLAGS"} { // make reads GNUMAKEFLAGS first
		at, ok := mf.varAt[name]
		var ev repo.Evidence
		var label string
		switch {
		case mf.fromCmdline(name):
			ev, label = mc.at, name+" of the make command line"
		case ok:
			ev, label = mf.r.At(at.file, at.line), fmt.Sprintf("%s of %s:%d", name, at.file, at.line)
		default:
			continue
		}
		flags := mf.expand(mf.vars[name])
		if mf.uncertain[name] {
			var may makeCall
			may.makeflags(name, flags, ev)
			what := "makes make ignore the failures of its recipes"
			if may.dryRun != "" && mc.dryRun == "" {
				what = "makes make run no recipe"
			}
			if may.ignore && !mc.ignore || may.dryRun != "" && mc.dryRun == "" {
				mc.unsure = &unsureRun{at: ev, why: "the " + label + " (" + flags + "), which " + what + ", is set under a conditional this audit cannot evaluate"}
			}
			continue
		}
		ignored := mc.ignore
		mc.makeflags(name, flags, ev)
		if mc.ignore && !ignored {
			mc.ignoreAt = &ev
		}
	}
}

// onlyMake44 makes mc unsure when mf, the Makefile it reads, holds a line that GNU
// make 4.4 reads as a :::= assignment and GNU make 4.3 stops at (see
// makefile.only44): which make runs, this audit cannot tell.
func (mc *makeCall) onlyMake44(mf *makefile) {
	if mf.stops43 == "" || mf.r == nil || mc.unsure != nil {
		return
	}
	at := mf.stops43At
	mc.unsure = &unsureRun{at: mf.r.At(at.file, at.line), why: fmt.Sprintf("%s:%d's `%s` is an assignment for GNU make 4.4, while GNU make 4.3 (that of GitHub's ubuntu runners and Debian 12) stops there as it reads the Makefile (it has no :::=); which make runs, this audit cannot tell", at.file, at.line, mf.stops43)}
}

// makeflagsRead returns the words of the flags make reads once it has read mf (see
// makeflagsWords): those of its GNUMAKEFLAGS, then of its MAKEFLAGS (its command
// line's and environment's flags, and the Makefile's own); uncertain when a
// conditional this audit cannot evaluate sets either.
func (mf *makefile) makeflagsRead() (words []string, uncertain bool) {
	for _, name := range []string{"GNUMAKEFLAGS", "MAKEFLAGS"} {
		words = append(words, makeflagsWords(mf.expand(mf.vars[name]))...)
		uncertain = uncertain || mf.uncertain[name]
	}
	return words, uncertain
}

// keepsGoing reports whether make, with the flags it reads once it has read mf (see
// makeflagsRead), may keep going past a target it cannot make (-k, --keep-going):
// so when a conditional this audit cannot evaluate sets them.
func (mf *makefile) keepsGoing() bool {
	words, uncertain := mf.makeflagsRead()
	return uncertain || slices.ContainsFunc(words, func(w string) bool { return w == "--keep-going" || makeLetter(w, "k") })
}

// alwaysMakes reports whether make, with the flags it reads once it has read mf (see
// makeflagsRead: MAKEFLAGS += --always-make), takes every target for out of date and
// runs its recipe (-B, --always-make, alone or in a group of single-letter flags:
// -Bk).
func (mf *makefile) alwaysMakes() bool {
	words, uncertain := mf.makeflagsRead()
	return !uncertain && slices.ContainsFunc(words, func(w string) bool { return w == "--always-make" || makeLetter(w, "B") })
}

// ignoreErrors reports whether w, a flag of make, is --ignore-errors or a group of
// single-letter flags with i before any that takes a value (-ki, but not -j4i or
// -Cinternal).
func ignoreErrors(w string) bool {
	return w == "--ignore-errors" || makeLetter(w, "i")
}

// runsNoRecipe reports whether w, a flag of make, makes it run no recipe line but
// those with the + prefix: it prints them (-n, --just-print, --dry-run, --recon),
// touches the targets (-t, --touch) or only answers whether they are up to date
// (-q, --question), alone or in a group of single-letter flags (-kn).
func runsNoRecipe(w string) bool {
	return slices.Contains([]string{"--just-print", "--dry-run", "--recon", "--touch", "--question"}, w) || makeLetter(w, "ntq")
}

// makeLetter reports whether w is a group of make's single-letter flags with one of
// letters before any that takes a value (-ki, but not -j4i or -Cinternal).
func makeLetter(w, letters string) bool {
	if strings.HasPrefix(w, "--") || !strings.HasPrefix(w, "-") {
		return false
	}
	for _, f := range w[1:] {
		switch {
		case strings.ContainsRune(letters, f):
			return true
		case strings.ContainsRune("CfIjloWOE", f):
			return false
		}
	}
	return false
}

// place is a line of a file.
type place struct {
	file string
	line int
}
