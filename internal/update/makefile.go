package update

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/audit"
	"github.com/gonew-prod/gonew-prod/internal/merge"
)

// makefileAdds joins the rules and assignments both sides added at one place of a
// Makefile (see merge.Union): ours', then theirs' that ours does not already hold (a rule
// or line the user adopted early, identical, is taken once). Each addition is read with audit's
// Makefile reader. They stay a conflict when either starts inside a rule (a recipe
// line: its order among the recipe's lines matters), holds a conditional, a define or
// an include (which the merge does not follow), or when both give one target a recipe
// (make would keep the last and warn) or set one variable. Special targets (.PHONY and the
// rest) may be named by both.
func makefileAdds(ours, theirs []string) ([]string, bool) {
	o, ok := makeNames(ours)
	if !ok {
		return nil, false
	}
	if _, ok := makeNames(theirs); !ok {
		return nil, false
	}
	theirs = notIn(theirs, ours)
	t, ok := makeNames(theirs)
	if !ok {
		return nil, false
	}
	for name := range o {
		if t[name] {
			return nil, false
		}
	}
	return append(slices.Clone(ours), theirs...), true
}

// notIn returns theirs, lines added to a Makefile, without each of its pieces that ours
// holds as it is: a piece is a line that does not start with a tab with the recipe
// lines (and blank lines) after it, and it is in ours when ours has its lines, trailing
// blank lines aside, one after another (line endings aside).
func notIn(theirs, ours []string) []string {
	text := func(l string) string { return strings.TrimRight(l, "\r\n") }
	has := func(piece []string) bool {
		for len(piece) > 0 && strings.TrimSpace(piece[len(piece)-1]) == "" {
			piece = piece[:len(piece)-1]
		}
		if len(piece) == 0 {
			return false
		}
		for i := 0; i+len(piece) <= len(ours); i++ {
			if slices.EqualFunc(ours[i:i+len(piece)], piece, func(a, b string) bool { return text(a) == text(b) }) {
				return true
			}
		}
		return false
	}
	var out []string
	for i := 0; i < len(theirs); {
		j := i + 1
		for j < len(theirs) && (strings.HasPrefix(theirs[j], "\t") || strings.TrimSpace(theirs[j]) == "") {
			j++
		}
		if !has(theirs[i:j]) {
			out = append(out, theirs[i:j]...)
		}
		i = j
	}
	return out
}

// makeNames returns the targets given a recipe (as "target NAME") and the variables set
// (as "var NAME") by lines added to a Makefile, or false when the merge does not read
// such lines (see makefileAdds).
func makeNames(lines []string) (map[string]bool, bool) {
	first := true
	for _, l := range lines {
		text := strings.TrimRight(l, "\r\n")
		trimmed := strings.TrimSpace(text)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if first && strings.HasPrefix(text, "\t") {
			return nil, false
		}
		first = false
		switch strings.Fields(trimmed)[0] {
		case "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif", "define", "endef":
			return nil, false
		}
	}
	const name = "the addition"
	read := func(p string) ([]byte, error) {
		if p != name {
			return nil, fs.ErrNotExist // an included file: the reader reports the list incomplete
		}
		return []byte(strings.Join(lines, "")), nil
	}
	targets, complete := audit.MakeTargets(read, name)
	if !complete {
		return nil, false
	}
	names := map[string]bool{}
	for _, t := range targets {
		if t.Recipe != "" && !strings.HasPrefix(t.Name, ".") {
			names["target "+t.Name] = true
		}
	}
	for _, a := range audit.MakeAssignments(read, name) {
		names["var "+a.Name] = true
	}
	return names, true
}

// makefileDoubles checks a clean merge by lines of the Makefile at p, merged, against
// ours and theirs: a target given more recipes, or more assignments of a variable left
// without effect, than either side has means the merge put a rule or an assignment of one
// side where make lets the other's override it (make runs the last recipe; a later =, :=
// or != replaces a variable's value, an undefine drops it, ?= sets none once the variable
// has one, and a target-specific value wins over the global one for its target), which is
// no merge of the two but a silent choice. So does an assignment of ours that the merge
// leaves without effect where ours has it in effect, and theirs, if it has it, too (the
// user's = before a ?= of this version's made a :=). So does a target that single-colon
// (:) and double-colon (::) rules both name where neither side has that: make refuses the
// whole Makefile. It returns a *makeDouble naming the first such target or variable, or
// nil. The files the Makefile includes are read in place, as ours has them with ours, as
// theirs does (the tree's when theirs has none) with theirs, and as files.merged does
// (theirs' when nil) with the merge (see makeEvents), so that a new include of a file that
// sets a variable again counts. A nil theirs is no side: the Makefile is the user's, and
// the merge is checked against ours alone, assignment by assignment (checkIncludes).
// Recipes are counted the same way (an include of a pattern reads the names it matches),
// so that a new rule of this version's for a target given its recipe in a file the
// Makefile includes counts as a second recipe.
func makefileDoubles(p string, files makeFiles, ours, theirs, merged []byte) error {
	type count struct {
		n, both int
		dead    dead
	}
	if err := recipePrefixesKept(p, files, ours, theirs, merged); err != nil {
		return err
	}
	counts := func(data []byte, include func(string) ([]byte, error)) (map[string]count, map[string]bool) {
		read := makeReader(p, data, include)
		targets, _ := audit.MakeTargetsGlob(read, files.glob, p)
		n := map[string]count{}
		for _, t := range targets {
			c := count{n: t.Recipes}
			if t.BothColons {
				c.both = 1
			}
			n["target "+t.Name] = c
		}
		events := makeEvents(read, p, files.names)
		for v, d := range ignoredAssignments(p, events) {
			n["variable "+v] = count{n: d.n, dead: d}
		}
		held := map[string]bool{}
		for _, id := range assignmentIDs(events) {
			held[id] = true
		}
		return n, held
	}
	mergedFiles := files.merged
	if mergedFiles == nil {
		mergedFiles = files.theirs
	}
	m, _ := counts(merged, mergedFiles)
	o, oHeld := counts(ours, files.ours)
	t, tHeld := map[string]count{}, map[string]bool{}
	if theirs != nil {
		t, tHeld = counts(theirs, files.theirs)
	}
	names := slices.Sorted(maps.Keys(m))
	for _, name := range names {
		if m[name].both > o[name].both && m[name].both > t[name].both {
			return &makeDouble{msg: fmt.Sprintf("would give %s both single-colon (:) and double-colon (::) rules, which make refuses", name)}
		}
	}
	for _, name := range names {
		if strings.HasPrefix(name, "target ") {
			if n := m[name].n; n > 1 && n > o[name].n && n > t[name].n {
				return &makeDouble{msg: fmt.Sprintf("would give %s %d recipes, one of which make ignores", name, n)}
			}
		} else if n := m[name].n; theirs != nil && n > o[name].n && n > t[name].n {
			why := m[name].dead.why
			if why == "" {
				why = "a later =, := or != replaces a value; ?= sets none once there is one"
			}
			yours := ""
			if l, ok := oursLost(m[name].dead, o[name].dead, t[name].dead, oHeld, tHeld); ok {
				yours = ", the one at " + l.at
			}
			return &makeDouble{msg: fmt.Sprintf("would give %s an assignment make ignores (%s)%s", name, why, yours), by: m[name].dead.by}
		}
	}
	// Assignment by assignment: one of ours that the merge leaves without effect where
	// ours has it in effect, and theirs, if it has it, too.
	for _, name := range names {
		if l, ok := oursLost(m[name].dead, o[name].dead, t[name].dead, oHeld, tHeld); ok {
			return &makeDouble{msg: fmt.Sprintf("would leave the assignment of %s at %s without effect (%s)", strings.TrimPrefix(name, "variable "), l.at, l.why), by: l.by}
		}
	}
	return nil
}

// makeEnclosures checks a clean merge by lines of a Makefile, merged, against ours and
// theirs: each line of either side must stand in the merge inside the conditionals (and
// the branch of each) and define blocks that enclose it in that side, else make reads
// it otherwise than that side wrote it: an assignment of yours that this version's new
// ifeq now encloses takes effect only when the condition holds, one of this version's
// inside your ifeq too, and a line inside the other side's define becomes part of a
// value. A line both sides have may stand as either has it (the other side's change of
// what encloses it). Blank lines and comments are not read. It returns a *makeDouble
// naming the first such line, or nil.
func makeEnclosures(ours, theirs, merged []byte) error {
	m := merge.SplitLines(merged)
	mIn := makeEnclosing(merged)
	type side struct {
		whose, who string
		lines      []string
		in         [][]string
		at         []int       // the line of the merge each line stays, -1 for none
		from       map[int]int // the line each line of the merge comes from, when one does
	}
	sideOf := func(whose, who string, data []byte) side {
		lines := merge.SplitLines(data)
		s := side{whose: whose, who: who, lines: lines, in: makeEnclosing(data), at: merge.Align(lines, m), from: map[int]int{}}
		for i, j := range s.at {
			if j >= 0 {
				s.from[j] = i
			}
		}
		return s
	}
	sides := []side{sideOf("your", "yours", ours), sideOf("this version's", "this version", theirs)}
	for k, s := range sides {
		other := sides[1-k]
		for i, j := range s.at {
			text := strings.TrimSpace(s.lines[i])
			if j < 0 || text == "" || strings.HasPrefix(text, "#") || slices.Equal(s.in[i], mIn[j]) {
				continue
			}
			if o, ok := other.from[j]; ok && slices.Equal(other.in[o], mIn[j]) {
				continue
			}
			return &makeDouble{msg: fmt.Sprintf("would put %s line %d (`%s`) %s, where %s has it %s, so that make reads it otherwise",
				s.whose, i+1, text, enclosure(mIn[j]), s.who, enclosure(s.in[i]))}
		}
	}
	return nil
}

// makeEnclosing returns, for each line of the Makefile data (merge.SplitLines), what
// encloses it, outermost first: per conditional the directive that opens it (ifeq
// ($(CI),1)), followed by the else line of each branch before the line's, one per line,
// and per define block its define line. A directive stands where it opens or closes a
// block: in what encloses that block. A continued line's lines are all enclosed as its
// first. A line that starts with a tab is a recipe line, never a directive (as audit's
// reader reads it).
func makeEnclosing(data []byte) [][]string {
	out := make([][]string, len(merge.SplitLines(data)))
	var open []string // the blocks open at the line being read
	defines := 0      // how many of them, the last ones, are define blocks
	lls := audit.MakeLines(data)
	for k, ll := range lls {
		in := slices.Clone(open)
		text := audit.MakeUncommented(ll.Text)
		cond, _ := audit.MakeConditional(text)
		switch {
		case defines > 0 && strings.Fields(text + " x")[0] == "endef":
			open, defines = open[:len(open)-1], defines-1
			in = slices.Clone(open)
		case (defines > 0 || !strings.HasPrefix(ll.Text, "\t")) && makeDefine.MatchString(text): // make nests define blocks
			open, defines = append(open, text), defines+1
		case defines > 0, strings.HasPrefix(ll.Text, "\t"):
		case cond == "ifeq" || cond == "ifneq" || cond == "ifdef" || cond == "ifndef":
			open = append(open, text)
		case cond == "else" && len(open) > 0:
			in = slices.Clone(open[:len(open)-1])
			open[len(open)-1] += "\n" + text
		case cond == "endif" && len(open) > 0:
			open = open[:len(open)-1]
			in = slices.Clone(open)
		}
		end := len(out) // the logical line's lines: up to the next one's first
		if k+1 < len(lls) {
			end = min(lls[k+1].Line-1, end)
		}
		for i := ll.Line - 1; i < end; i++ {
			out[i] = in
		}
	}
	return out
}

// enclosure describes what encloses a line of a Makefile (see makeEnclosing).
func enclosure(in []string) string {
	if len(in) == 0 {
		return "outside any conditional"
	}
	branches := strings.Split(in[len(in)-1], "\n")
	if len(branches) == 1 {
		return fmt.Sprintf("inside `%s`", branches[0])
	}
	return fmt.Sprintf("in the `%s` branch of `%s`", branches[len(branches)-1], branches[0])
}

// makeReader reads the Makefile at p as data, and the files it includes with include
// (none when nil).
func makeReader(p string, data []byte, include func(string) ([]byte, error)) func(string) ([]byte, error) {
	return func(q string) ([]byte, error) {
		switch {
		case q == p:
			return data, nil
		case include == nil:
			return nil, fs.ErrNotExist
		}
		return include(q)
	}
}

// recipePrefix is the recipe prefix in effect at a line of a Makefile: char is "\t", or
// the first character of the value a .RECIPEPREFIX sets (at, "file:line"), "" when update
// cannot tell (a value with a reference, a !=).
type recipePrefix struct{ char, at string }

// describe says what the prefix is, for a message.
func (r recipePrefix) describe() string {
	switch {
	case r.char == "":
		return fmt.Sprintf("the recipe prefix the .RECIPEPREFIX at %s sets, which update cannot tell", r.at)
	case r.at == "":
		return "a tab as its recipe prefix"
	}
	return fmt.Sprintf("the recipe prefix `%s` of the .RECIPEPREFIX at %s", r.char, r.at)
}

// recipePrefixes returns the recipe prefix in effect at each line make reads (its
// lineEvent among events, by "file:line"): a tab, or what the last .RECIPEPREFIX read
// before it sets (as make does: =, :=, ::=, :::=, a ?= while it is unset, a += to it
// empty; an undefine brings the tab back).
func recipePrefixes(events []makeEvent) map[string]recipePrefix {
	out := map[string]recipePrefix{}
	cur := recipePrefix{char: "\t"}
	for _, e := range events {
		switch {
		case e.kind == lineEvent:
			out[e.at] = cur
		case e.kind == undefineEvent && e.name == ".RECIPEPREFIX":
			cur = recipePrefix{char: "\t"}
		case e.kind != assignEvent || e.name != ".RECIPEPREFIX" || e.target != "":
		case e.op == "?=" && cur.at != "", e.op == "+=" && cur.at != "" && cur.char != "\t":
		case e.op == "!=" || strings.Contains(e.value, "$"):
			cur = recipePrefix{at: e.at}
		case strings.TrimSpace(e.value) == "":
			cur = recipePrefix{char: "\t", at: e.at}
		default:
			cur = recipePrefix{char: strings.TrimSpace(e.value)[:1], at: e.at}
		}
	}
	return out
}

// recipePrefixesKept checks a Makefile at p as make reads it after the update (merged,
// with the files it includes as files.merged gives them, theirs' when nil) against
// ours and theirs: each line of each file it reads must be read with the recipe prefix
// its side reads it with (the side's Makefile, or, for a file that Makefile does not
// read, the file alone), when it starts with either: make takes a line for a recipe line
// by that first character, so a tab-indented recipe of this version's under your
// .RECIPEPREFIX = > is no recipe line, and make stops at it (missing separator). A line
// both sides have may be read as either reads it. It returns a *makeDouble naming the
// first such line (by, "file:line"), or nil.
func recipePrefixesKept(p string, files makeFiles, ours, theirs, merged []byte) error {
	mergedFiles := files.merged
	if mergedFiles == nil {
		mergedFiles = files.theirs
	}
	type side struct {
		whose   string // "your", "this version's"
		who     string // "yours", "this version"
		data    []byte
		include func(string) ([]byte, error)
		read    map[string]recipePrefix // as the side's Makefile reads its files
		alone   map[string]map[string]recipePrefix
	}
	sides := []*side{{whose: "your", who: "yours", data: ours, include: files.ours}}
	if theirs != nil || files.theirs != nil {
		sides = append(sides, &side{whose: "this version's", who: "this version", data: theirs, include: files.theirs})
	}
	for _, sd := range sides {
		if sd.data != nil {
			sd.read = recipePrefixes(makeEvents(makeReader(p, sd.data, sd.include), p, files.names))
		}
		sd.alone = map[string]map[string]recipePrefix{}
	}
	content := func(sd *side, q string) []byte {
		if q == p {
			return sd.data
		}
		if sd.include == nil {
			return nil
		}
		data, _ := sd.include(q)
		return data
	}
	// prefixOf returns the prefix sd reads line n of q with, when sd has q.
	prefixOf := func(sd *side, q string, n int) (recipePrefix, bool) {
		at := fmt.Sprintf("%s:%d", q, n)
		if r, ok := sd.read[at]; ok {
			return r, true
		}
		if sd.alone[q] == nil {
			sd.alone[q] = recipePrefixes(makeEvents(makeReader(q, content(sd, q), sd.include), q, files.names))
		}
		r, ok := sd.alone[q][at]
		return r, ok
	}
	read := makeReader(p, merged, mergedFiles)
	events := makeEvents(read, p, files.names)
	after := recipePrefixes(events)
	aligned := map[string][]map[int]int{} // per file, per side: the side's line of each line of the merge
	for _, e := range events {
		if e.kind != lineEvent {
			continue
		}
		q, n := e.at[:strings.LastIndexByte(e.at, ':')], 0
		fmt.Sscanf(e.at[len(q)+1:], "%d", &n)
		if aligned[q] == nil {
			data, _ := read(q)
			lines := merge.SplitLines(data)
			for _, sd := range sides {
				from := map[int]int{}
				for i, j := range merge.Align(merge.SplitLines(content(sd, q)), lines) {
					if j >= 0 {
						from[j+1] = i + 1
					}
				}
				aligned[q] = append(aligned[q], from)
			}
		}
		m := after[e.at]
		starts := func(r recipePrefix) bool {
			return r.char != "" && strings.HasPrefix(e.text, r.char) || r.char == "" && strings.HasPrefix(e.text, "\t")
		}
		var lost *side
		var was recipePrefix
		for k, sd := range sides {
			i, ok := aligned[q][k][n]
			if !ok {
				continue
			}
			r, ok := prefixOf(sd, q, i)
			if !ok || r.char == m.char || !starts(r) && !starts(m) {
				lost = nil
				break
			}
			if lost == nil {
				lost, was = sd, r
			}
		}
		if lost != nil {
			return &makeDouble{msg: fmt.Sprintf("would have make read %s `%s` (%s) with %s, where %s has it read with %s: make takes a recipe line by that first character, and stops at a line it cannot read (missing separator)",
				lost.whose, strings.TrimSpace(e.text), e.at, m.describe(), lost.who, was.describe()), by: e.at,
				fix: "take this version's lines, each recipe line starting with the recipe prefix make reads it with there (or set .RECIPEPREFIX where both read theirs), or keep yours"}
		}
	}
	return nil
}

// oursLost returns the first assignment of merged that ours has in effect and the merge
// leaves without effect (m), where theirs, if it has it, has it in effect too: a value of
// the user's the merge loses.
func oursLost(m, o, t dead, oHeld, tHeld map[string]bool) (deadLine, bool) {
	in := func(d dead, id string) bool {
		return slices.ContainsFunc(d.lines, func(l deadLine) bool { return l.id == id })
	}
	for _, l := range m.lines {
		if oHeld[l.id] && !in(o, l.id) && !(tHeld[l.id] && in(t, l.id)) {
			return l, true
		}
	}
	return deadLine{}, false
}

// makeDouble is makefileDoubles' error: what make would do to the merge, and by, the line
// ("file:line") that leaves an assignment without effect (or is read with another recipe
// prefix), "" when there is none to name; fix says how to resolve the conflict it makes,
// "" for the advice on a value.
type makeDouble struct{ msg, by, fix string }

func (e *makeDouble) Error() string { return e.msg }

// makeFiles reads the files a Makefile includes (a path of the project), in ours, in
// theirs and after the update (merged: theirs when nil); a nil func reads none.
type makeFiles struct {
	ours, theirs, merged func(string) ([]byte, error)
	// names are the files (paths) that an include update cannot resolve exactly (a glob,
	// a variable it does not know) may name: they are read in place (see makeScope).
	names []string
	// tree is the user's tree, whose files an include of a pattern (mk/*.mk) reads too
	// when recipes are counted; nil for none.
	tree fs.FS
}

// glob returns the files of the tree and the names that the file pattern (a path of the
// project) matches, sorted, for audit's Makefile reader (MakeTargetsGlob): an include of
// mk/*.mk reads them.
func (f makeFiles) glob(pattern string) ([]string, error) {
	names := f.names
	if f.tree != nil {
		inTree, err := fs.Glob(f.tree, pattern)
		if err != nil {
			return nil, err
		}
		names = append(inTree, names...)
	}
	return audit.MatchFiles(slices.Values(names), pattern)
}

// makeEvent is what a line of a Makefile does to a variable, in the order make reads
// the lines.
type makeEvent struct {
	kind            makeEventKind
	name, op, value string
	// override is set for an assignment with override, after which make ignores
	// assignments of the variable without it.
	override bool
	// target is the target of a target-specific assignment (target: NAME op value).
	target string
	at     string // "file:line"
	text   string // the line, for an undefine or an unknown event
	line   int    // the line of the Makefile read, or of the include that read it
}

type makeEventKind int

const (
	assignEvent   makeEventKind = iota
	undefineEvent               // undefine NAME
	// unknownEvent is a line that may set any variable, which update does not read: an
	// $(eval) other than one of an assignment, an include it cannot read, an assignment
	// to a computed name ($(TOOL)FLAGS := -s; with a target, one that may set any
	// variable for that target).
	unknownEvent
	// lineEvent is a line make reads, outside define blocks, whatever it does (text, as
	// written): where it stands among the events says which recipe prefix it is read
	// with (see recipePrefixes).
	lineEvent
)

var (
	// a global assignment is read with audit.MakeAssign, a target's with the same operators
	makeTargetVar = regexp.MustCompile(`^([^:=#\t][^:=#]*?)\s*&?::?\s*(?:(?:export|override|private)\s+)*([A-Za-z0-9_.-]+)\s*` + audit.MakeAssignOps + `\s*(.*)$`)
	makeUndefine  = regexp.MustCompile(`^(?:override\s+)?undefine\s+(\S+)$`)
	makeEval      = regexp.MustCompile(`^\$[({]eval\s+(.*)[)}]$`)
	makeDefine    = regexp.MustCompile(`^(?:(?:export|override|private)\s+)*define(?:\s|$)`)
)

// makeEvents returns what the Makefile at p (read with read) and the files it includes do
// to variables, in the order make reads them: its assignments as audit's Makefile reader
// reads them (every branch of its conditionals, define blocks), with the lines that reader
// does not take for assignments: target-specific assignments, undefine,
// $(eval NAME op value) (another $(eval), or one in an assignment make expands at once,
// is an unknown event), assignments and define blocks of a computed name ($(TOOL)FLAGS
// := -s, an unknown event, for its target when it has one), and includes, read in place
// from the Makefile's directory, where make runs (see makeScope.includes: a name's
// references to variables set before are expanded, and a glob, or a reference update
// cannot resolve, reads the files of names it may name; one that names none, or a file
// read cannot give, but for a missing file of an -include, is an unknown event).
func makeEvents(read func(string) ([]byte, error), p string, names []string) []makeEvent {
	return (&makeScope{read: read, dir: path.Dir(p), vars: map[string]string{}, names: names}).events(p, 0)
}

// makeScope is what makeEvents reads a Makefile with: read gives a file's content, dir
// is the directory make runs in (the Makefile's: make resolves every include from there,
// one in an included file too), vars the values of the variables set so far that an
// include's name may refer to (literal values outside conditionals), and names the files
// of the project (paths) that an include update cannot resolve exactly may name.
type makeScope struct {
	read  func(string) ([]byte, error)
	dir   string
	vars  map[string]string
	names []string
	conds int // the conditionals open in the file being read
}

func (sc *makeScope) events(p string, depth int) []makeEvent {
	read := sc.read
	data, err := read(p)
	if err != nil {
		return nil
	}
	only := func(q string) ([]byte, error) {
		if q != p {
			return nil, fs.ErrNotExist // an include: read in place below
		}
		return data, nil
	}
	texts := map[int]string{}
	for _, ll := range audit.MakeLines(data) {
		texts[ll.Line] = strings.TrimSpace(ll.Text)
	}
	overrides := func(text string) bool {
		mods, _, _, _, ok := audit.MakeAssign(text)
		return ok && strings.Contains(mods, "override")
	}
	var out []makeEvent
	for _, a := range audit.MakeAssignments(only, p) {
		line, _ := strconv.Atoi(a.At[strings.LastIndexByte(a.At, ':')+1:])
		out = append(out, makeEvent{kind: assignEvent, name: a.Name, op: a.Op, value: a.Value, at: a.At, line: line, override: overrides(texts[line])})
	}
	inDefine := 0
	for _, ll := range audit.MakeLines(data) {
		raw := strings.TrimSpace(ll.Text)
		if inDefine > 0 {
			switch {
			case raw == "endef" || strings.HasPrefix(raw, "endef ") || strings.HasPrefix(raw, "endef#"):
				inDefine--
			case makeDefine.MatchString(raw):
				inDefine++
			}
			continue
		}
		if raw != "" {
			out = append(out, makeEvent{kind: lineEvent, text: ll.Text, at: fmt.Sprintf("%s:%d", p, ll.Line), line: ll.Line})
		}
		if strings.HasPrefix(ll.Text, "\t") { // a recipe line
			continue
		}
		text := audit.MakeUncommented(raw)
		at := fmt.Sprintf("%s:%d", p, ll.Line)
		event := func(e makeEvent) {
			e.at, e.line = at, ll.Line
			out = append(out, e)
		}
		unknown := func() { event(makeEvent{kind: unknownEvent, text: text}) }
		evals := strings.Contains(text, "$(eval ") || strings.Contains(text, "${eval ")
		switch kw, _ := audit.MakeConditional(text); {
		case kw == "ifeq" || kw == "ifneq" || kw == "ifdef" || kw == "ifndef":
			sc.conds++
		case kw == "endif" && sc.conds > 0:
			sc.conds--
		}
		if _, name, op, value, ok := audit.MakeAssign(text); ok {
			sc.assign(name, op, value)
			if evals && (op == ":=" || op == "::=" || op == ":::=" || op == "!=") {
				unknown() // the value, with its $(eval), is expanded as make reads the line
			}
			continue
		}
		if makeDefine.MatchString(text) {
			if _, name, _ := strings.Cut(text, "define"); strings.Contains(name, "$") {
				unknown() // define $(NAME)
			}
			inDefine++
			continue
		}
		if target, ok := computedAssignment(text); ok {
			event(makeEvent{kind: unknownEvent, text: text, target: target})
			continue
		}
		if evals {
			inner := ""
			if m := makeEval.FindStringSubmatch(text); m != nil {
				inner = strings.TrimSpace(m[1])
			}
			if _, name, op, value, ok := audit.MakeAssign(inner); ok && !strings.Contains(inner, "$(eval") && !strings.Contains(inner, "${eval") {
				event(makeEvent{kind: assignEvent, name: name, op: op, value: value})
			} else {
				unknown()
			}
			continue
		}
		if m := makeUndefine.FindStringSubmatch(text); m != nil {
			if strings.ContainsAny(m[1], "$") {
				unknown()
			} else {
				event(makeEvent{kind: undefineEvent, name: m[1], text: text})
			}
			continue
		}
		if m := makeTargetVar.FindStringSubmatch(text); m != nil {
			for _, target := range strings.Fields(m[1]) {
				event(makeEvent{kind: assignEvent, name: m[2], op: m[3], value: m[4], target: target})
			}
			continue
		}
		words := strings.Fields(text)
		if len(words) < 2 || words[0] != "include" && words[0] != "-include" && words[0] != "sinclude" {
			continue
		}
		for _, inc := range strings.Fields(sc.expand(strings.TrimSpace(text[len(words[0]):]), 0)) {
			files, exact := sc.includes(inc)
			if !exact && len(files) == 0 || depth >= 4 {
				unknown()
				continue
			}
			for _, q := range files {
				if _, err := read(q); err != nil {
					if exact && (words[0] == "include" || !errors.Is(err, fs.ErrNotExist)) {
						unknown()
					}
					continue
				}
				for _, e := range sc.events(q, depth+1) {
					e.line = ll.Line
					out = append(out, e)
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b makeEvent) int { return a.line - b.line })
	return out
}

// unresolved stands, in an include's name expanded by makeScope.expand, for a reference
// update cannot resolve: it may stand for any text.
const unresolved = "\x00"

// assign records the assignment name op value, made as make reads the file, for the
// names of later includes: a value outside conditionals is known as far as its
// references are, and a !=, a ?= of a variable not set before (the environment may set
// it) or an assignment inside a conditional makes the variable unknown.
func (sc *makeScope) assign(name, op, value string) {
	value = audit.MakeUncommented(value)
	old, known := sc.vars[name]
	switch {
	case op == "?=" && known:
	case sc.conds > 0 || op == "!=" || op == "?=": // a ?= leaves it to the environment
		sc.vars[name] = unresolved
	case op == "+=" && known:
		sc.vars[name] = strings.TrimSpace(old + " " + sc.expand(value, 0))
	default:
		sc.vars[name] = sc.expand(value, 0)
	}
}

// expand returns s, part of a Makefile, with the references to variables whose value
// sc knows replaced by it, $(CURDIR) by ".", $(wildcard PATTERN ...) by its patterns,
// and any other reference by unresolved.
func (sc *makeScope) expand(s string, depth int) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		open := s[i+1]
		if open == '$' {
			b.WriteByte('$')
			i++
			continue
		}
		if open != '(' && open != '{' {
			b.WriteString(unresolved) // $X
			i++
			continue
		}
		end := i + 2 + topLevelIndex(s[i+2:], func(c byte) bool { return c == ')' || c == '}' })
		if end < i+2 {
			b.WriteString(unresolved)
			break
		}
		inner := s[i+2 : end]
		v, known := sc.vars[inner]
		switch {
		case depth > 8:
			b.WriteString(unresolved)
		case inner == "CURDIR":
			b.WriteString(".")
		case strings.HasPrefix(inner, "wildcard "):
			b.WriteString(sc.expand(strings.TrimPrefix(inner, "wildcard "), depth+1))
		case known:
			b.WriteString(sc.expand(v, depth+1))
		default:
			b.WriteString(unresolved)
		}
		i = end
	}
	return b.String()
}

// includes returns the files an include of name (expanded) reads, as paths of the
// project: the file name names, exact; or, for a name with a glob (*.mk) or a reference
// update cannot resolve ($(ENV).mk), the files of sc.names it may name (for such a
// reference, the Makefiles among them: Makefile, *.mk), not exact. Make resolves it
// from sc.dir.
func (sc *makeScope) includes(name string) (files []string, exact bool) {
	if path.IsAbs(name) {
		return nil, false
	}
	q := path.Join(sc.dir, name)
	if !strings.ContainsAny(name, unresolved+"*?[") {
		return []string{q}, true
	}
	var re strings.Builder
	re.WriteString("^")
	for i := 0; i < len(q); i++ {
		switch c := q[i]; c {
		case unresolved[0]:
			re.WriteString(".*")
		case '*':
			re.WriteString("[^/]*")
		case '?':
			re.WriteString("[^/]")
		case '[': // a class, [!...] negated as glob(3) writes it
			end := strings.IndexByte(q[i+1:], ']')
			if end < 0 {
				return nil, false
			}
			class := q[i+1 : i+1+end]
			if rest, ok := strings.CutPrefix(class, "!"); ok {
				class = "^" + rest
			}
			re.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += end + 1
		default:
			re.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	re.WriteString("$")
	match, err := regexp.Compile(re.String())
	if err != nil {
		return nil, false
	}
	for _, f := range sc.names {
		// A reference update cannot resolve may name anything: of that, only Makefiles.
		if match.MatchString(f) && (!strings.Contains(name, unresolved) || isMakefile(path.Base(f))) {
			files = append(files, f)
		}
	}
	slices.Sort(files)
	return files, false
}

// computedAssignment reports whether the Makefile line text (its comment removed) is an
// assignment to a variable whose name make computes ($(TOOL)FLAGS := -s), and the target
// of a target-specific one ("" for a global one). A conditional is none, and neither is
// a line whose first = (outside references) comes after a ; (a recipe on a rule's line).
func computedAssignment(text string) (target string, ok bool) {
	if kw, _ := audit.MakeConditional(text); kw != "" {
		return "", false
	}
	i := topLevelIndex(text, func(c byte) bool { return c == ';' || c == '=' })
	if i < 0 || text[i] == ';' {
		return "", false
	}
	lhs := strings.TrimRight(text[:i], ":?+!")
	if colon := topLevelIndex(lhs, func(c byte) bool { return c == ':' }); colon >= 0 {
		target = strings.TrimSpace(strings.TrimRight(lhs[:colon], "&"))
		lhs = strings.TrimLeft(lhs[colon+1:], ":")
	}
	words := strings.Fields(lhs)
	for len(words) > 1 && (words[0] == "export" || words[0] == "override" || words[0] == "private") {
		words = words[1:]
	}
	if len(words) != 1 || !strings.Contains(words[0], "$") {
		return "", false
	}
	return target, true
}

// topLevelIndex returns the index of the first byte of s outside make's references
// ($(...), ${...}) for which stop is true, -1 when none.
func topLevelIndex(s string, stop func(c byte) bool) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '$' && i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '{'):
			depth++
			i++
		case depth > 0 && (c == '(' || c == '{'):
			depth++
		case depth > 0 && (c == ')' || c == '}'):
			depth--
		case depth == 0 && stop(c):
			return i
		}
	}
	return -1
}

// dead counts the assignments of a variable left without effect, and says what the last
// one that left one so does ("" for a later assignment or a ?=, which need no word) and
// where (by, "file:line"); lines are those assignments.
type dead struct {
	n       int
	why, by string
	lines   []deadLine
}

// deadLine is an assignment left without effect: id tells it from the others in any
// version of the Makefile (see assignmentIDs), at is where it is, why says what leaves it
// without effect and by where that is ("file:line").
type deadLine struct{ id, at, why, by string }

// assignmentIDs returns an identity per event, "" for an undefine: the file, the
// assignment (or the line that may set any variable) as written and how many alike come
// before it in that file, so that an assignment keeps its identity in each version of
// the Makefile that holds it, wherever it moves.
func assignmentIDs(events []makeEvent) []string {
	ids := make([]string, len(events))
	seen := map[string]int{}
	for i, e := range events {
		file := e.at[:max(strings.LastIndexByte(e.at, ':'), 0)]
		var key string
		switch e.kind {
		case assignEvent:
			key = strings.Join([]string{file, e.target, e.name, e.op, e.value}, "\x00")
		case unknownEvent:
			key = strings.Join([]string{file, "\x00unknown", e.text}, "\x00")
		default:
			continue
		}
		ids[i] = fmt.Sprintf("%s\x00%d", key, seen[key])
		seen[key]++
	}
	return ids
}

// ignoredAssignments counts, per variable of the Makefile at p (NAME, or "NAME for the target T" for the
// target-specific values of T), the assignments, in the order make reads them (events),
// whose value the variable does not end with: a ?= once the variable has a value, every
// assignment before an =, :=, ::=, :::= or != that does not refer to the variable itself
// (X := $(X) more keeps what came before), before an undefine, or before a line that may
// set any variable (unknownEvent); and, for a target given a target-specific value that
// does not refer to the variable, the global assignments of it still in effect, and its
// pattern-specific ones of a pattern that matches the target (b% for build), which that
// value replaces for the target wherever it stands; and, after an assignment with
// override, every one without it (and an undefine without it, which make ignores, is
// no event). A line that may set any variable counts as an assignment of each variable
// too (of each of a target's values, for one with a target): an =, :=, ::=, :::= or !=
// after it that does not refer to the variable, or an undefine, leaves what it may have
// set without effect. Variables without such assignments are left out.
func ignoredAssignments(p string, events []makeEvent) map[string]dead {
	type assignment struct{ id, at string }
	live, out := map[string][]assignment{}, map[string]dead{}
	defined := map[string]bool{}
	set := map[string]string{}  // where each variable was last given a value
	over := map[string]string{} // where each variable was given a value with override
	lose := func(k string, l deadLine) {
		d := out[k]
		d.n, d.why, d.by = d.n+1, l.why, l.by
		d.lines = append(d.lines, l)
		out[k] = d
	}
	kill := func(k, why, by string) {
		if n := len(live[k]); n > 0 {
			for _, a := range live[k] {
				w := why
				if w == "" {
					w = by + " assigns it again after it: a later =, := or != replaces a value"
				}
				lose(k, deadLine{id: a.id, at: a.at, why: w, by: by})
			}
			d := out[k]
			d.why = why
			out[k] = d
		}
		live[k] = nil
	}
	// The lines that may set any variable, and per variable how many of them came
	// before its value was last replaced: those after it may have set it since.
	type unknown struct{ id, at, text, target string }
	var unknowns []unknown
	since := map[string]int{}
	replace := func(k, target, why, by string) {
		kill(k, why, by)
		for _, u := range unknowns[since[k]:] {
			if u.target != "" && u.target != target {
				continue
			}
			w := why
			if w == "" {
				w = fmt.Sprintf("`%s` at %s may set it, and %s assigns it again after it: a later =, := or != replaces a value", u.text, u.at, by)
			} else {
				w = fmt.Sprintf("`%s` at %s may set it, and %s", u.text, u.at, why)
			}
			lose(k, deadLine{id: u.id, at: u.at, why: w, by: by})
		}
		since[k] = len(unknowns)
	}
	replaced := map[string]makeEvent{} // the target-specific values that replace a global one, by key
	var order []string
	ids := assignmentIDs(events)
	for i, e := range events {
		k := e.name
		if e.target != "" {
			k += " for the target " + e.target
		}
		switch {
		case e.kind == lineEvent:
			continue
		case e.kind == unknownEvent:
			why := fmt.Sprintf("`%s` at %s may set it again, and update does not read what it sets", e.text, e.at)
			for _, v := range slices.Sorted(maps.Keys(live)) {
				if e.target == "" || strings.HasSuffix(v, " for the target "+e.target) {
					kill(v, why, e.at)
				}
			}
			unknowns = append(unknowns, unknown{id: ids[i], at: e.at, text: e.text, target: e.target})
			continue
		case e.kind == undefineEvent && over[k] != "" && !strings.HasPrefix(e.text, "override "):
			continue // make ignores it
		case e.kind == undefineEvent:
			replace(k, e.target, fmt.Sprintf("`%s` at %s drops its value", e.text, e.at), e.at)
			delete(over, k)
			defined[k] = false
			continue
		case over[k] != "" && !e.override:
			lose(k, deadLine{id: ids[i], at: e.at, why: fmt.Sprintf("%s sets it with override, after which make ignores an assignment without it", over[k]), by: over[k]})
			continue
		case e.op == "?=":
			if defined[k] {
				why := out[k].why // what a ?= does needs no word
				lose(k, deadLine{id: ids[i], at: e.at, why: "a ?= sets none, and " + set[k] + " gave it a value before", by: set[k]})
				d := out[k]
				d.why = why
				out[k] = d
				continue
			}
		case e.op == "+=":
		case !refersTo(e.value, e.name):
			why := ""
			if !strings.HasPrefix(e.at, p+":") {
				why = fmt.Sprintf("%s, in a file the Makefile includes, assigns it again after it: a later =, := or != replaces a value", e.at)
			}
			replace(k, e.target, why, e.at)
			if _, ok := replaced[k]; e.target != "" && !ok {
				replaced[k] = e
				order = append(order, k)
			}
		}
		live[k] = append(live[k], assignment{id: ids[i], at: e.at})
		defined[k] = true
		set[k] = e.at
		if e.override {
			over[k] = e.at
		}
	}
	// A target-specific value replaces, for its target, the global value and those of
	// the patterns that match the target, wherever they stand.
	for _, k := range order {
		e := replaced[k]
		keys := []string{e.name}
		for _, v := range slices.Sorted(maps.Keys(live)) {
			pattern, ok := strings.CutPrefix(v, e.name+" for the target ")
			if !ok || strings.Contains(e.target, "%") || !strings.Contains(pattern, "%") {
				continue
			}
			if _, match := audit.MakePatternStem(pattern, e.target); match {
				keys = append(keys, v)
			}
		}
		for _, from := range keys {
			for _, a := range live[from] {
				why := fmt.Sprintf("%s gives the target %s its own value of %s, which make uses for it instead of the global one", e.at, e.target, e.name)
				if from != e.name {
					why = fmt.Sprintf("%s gives the target %s its own value of %s, which make uses for it instead of the one for the pattern %s", e.at, e.target, e.name, strings.TrimPrefix(from, e.name+" for the target "))
				}
				lose(k, deadLine{id: a.id, at: a.at, why: why, by: e.at})
			}
		}
	}
	return out
}

// refersTo reports whether the Makefile text s refers to the variable name: $(name),
// ${name}, or a substitution reference such as $(name:.go=.o).
func refersTo(s, name string) bool {
	for _, open := range []string{"$(", "${"} {
		for rest := s; ; {
			i := strings.Index(rest, open+name)
			if i < 0 {
				break
			}
			rest = rest[i+len(open)+len(name):]
			if rest != "" && strings.ContainsRune(":)}", rune(rest[0])) {
				return true
			}
		}
	}
	return false
}

// checkIncludes checks, once every step is planned, each Makefile of the project that
// reads a file the update changes (a Makefile in any directory that includes it, such as
// the user's Makefile that includes gonew-prod.mk, by name, through a variable or a glob,
// or from another directory: include ../mk/extra.mk; an include whose name update cannot
// resolve, $(ENV).mk, counts as one of each changed Makefile it may name) as
// makefileDoubles checks a merged Makefile: ours is the Makefile with the files it
// includes as the tree has them, the merge the Makefile with those files as the update
// leaves them, and theirs, when this version writes the Makefile, this version's. So a
// new version of an included file that overrides a variable the user sets in the
// Makefile (a := after the user's =, an override, an undefine) is a conflict even though
// the Makefile itself does not change. The step of the changed file that does it (else
// of the first changed file the Makefile includes, else of the Makefile) becomes a
// conflict holding all three versions of it, and a file of guarded blocks, which cannot
// hold one, is refused. A Makefile whose own lines the merge already checked (merged by
// lines), and whose included files do not change, is not read again.
func (m *merger) checkIncludes(steps []Step) error {
	changed := map[string]*Step{}
	for i := range steps {
		// A conflict is the user's to resolve, and a deleted file leaves no value to
		// override (make stops at an include of it): each is read as the tree has it.
		if s := &steps[i]; s.writes() && s.Action != Conflict && s.Action != Delete {
			changed[s.Path] = s
		}
	}
	if len(changed) == 0 {
		return nil
	}
	names := slices.Sorted(maps.Keys(changed))
	makefiles := m.makefiles()
	after := func(q string) ([]byte, error) {
		if s, ok := changed[q]; ok {
			return s.text(s.Result), nil
		}
		return m.treeFile(q)
	}
	for _, mk := range makefiles {
		ours, err := m.treeFile(mk)
		if err != nil {
			continue // none there, or no regular file: nothing of the user's to read
		}
		var reads []string
		recording := func(q string) ([]byte, error) {
			if q != mk {
				reads = append(reads, q)
			}
			return after(q)
		}
		merged, err := after(mk)
		if err != nil {
			continue
		}
		makeEvents(recording, mk, names)
		var includes []string
		for _, q := range reads {
			if s := changed[q]; s != nil && !slices.Contains(includes, q) {
				includes = append(includes, q)
			}
		}
		if s := changed[mk]; len(includes) == 0 && (s == nil || s.byLines) {
			continue
		}
		slices.Sort(includes)
		err = makefileDoubles(mk, makeFiles{ours: m.treeFile, theirs: m.theirsOrTree, merged: after, names: names, tree: m.in.Tree}, ours, m.theirsFile(mk), merged)
		var double *makeDouble
		if !errors.As(err, &double) {
			continue
		}
		// The changed file whose line leaves the assignment without effect, else the
		// first included file that changes, else the Makefile.
		by := double.by[:max(strings.LastIndexByte(double.by, ':'), 0)]
		switch {
		case changed[by] != nil:
		case len(includes) > 0:
			by = includes[0]
		default:
			by = mk
		}
		s := changed[by]
		if s.blocks {
			return inputErrorf("%s: this version's guarded blocks in %s %v; update cannot write that as a conflict: set your value where it holds (after the block, with override, or on make's command line), commit, and run gonew-prod update again", mk, by, err)
		}
		m.includeConflict(s, mk, double)
	}
	return nil
}

// makefiles returns the Makefiles of the tree (GNUmakefile, makefile, Makefile), in any
// directory but .git, vendor and node_modules (which hold no Makefile of the project's),
// sorted; a directory that cannot be read is left out.
func (m *merger) makefiles() []string {
	var out []string
	_ = fs.WalkDir(m.in.Tree, ".", func(q string, d fs.DirEntry, err error) error {
		switch {
		case err != nil && d != nil && d.IsDir():
			return fs.SkipDir
		case err != nil:
			return nil
		case d.IsDir() && q != "." && (d.Name() == ".git" || d.Name() == "vendor" || d.Name() == "node_modules"):
			return fs.SkipDir
		case d.Type().IsRegular() && generator.IsMakefileName(d.Name()):
			out = append(out, q)
		}
		return nil
	})
	slices.Sort(out)
	return out
}

// includeConflict makes s, the step of the Makefile mk or of a file it includes, a
// conflict holding all three versions of the file: with this version's, make would read
// mk as err says.
func (m *merger) includeConflict(s *Step, mk string, err *makeDouble) {
	res := merge.Whole(s.Base, s.text(s.Ours), s.Theirs, m.in.Labels)
	s.Result = res.Merged
	if s.crlf {
		s.Result = generator.InEndingsOf(s.Ours, res.Merged)
	}
	s.Action, s.Conflicts, s.byLines = Conflict, res.Conflicts, true
	what := "this version's " + s.Path
	if s.Path != mk {
		what += ", which " + mk + " includes,"
	}
	fix := err.fix
	if fix == "" {
		fix = "take this version's lines and set your value where it still holds (after the include, with override, or on make's command line), or keep yours"
	}
	s.Reason = fmt.Sprintf("%s %v: all three versions kept in one conflict block; %s, then remove the markers", what, err, fix) + modeChange(*s) // the step's mode stands
}

// treeMakefiles returns the files of tree that make reads at the project's root, its
// makefiles (generator.MakefileNames) and the files they include (read as audit reads
// them, every branch; a pattern matches the tree's files and held's), of those that
// no step of a plan is for (stepped): held (the plan's files, by path) is read in their
// place, and a stepped path held lacks is absent. A file the tree lacks, or one that
// cannot be read, is left out, as audit's reader leaves it a gap.
func treeMakefiles(tree fs.FS, stepped map[string]bool, held map[string][]byte) []generator.File {
	var out []generator.File
	read := func(name string) ([]byte, error) {
		if data, ok := held[name]; ok {
			return data, nil
		}
		if stepped[name] || !fs.ValidPath(name) {
			return nil, fs.ErrNotExist
		}
		info, err := fs.Stat(tree, name)
		if err != nil {
			return nil, err
		}
		if !info.Mode().IsRegular() {
			return nil, fmt.Errorf("%s: not a regular file", name)
		}
		data, err := fs.ReadFile(tree, name)
		if err != nil {
			return nil, err
		}
		held[name] = data
		out = append(out, generator.File{Path: name, Mode: info.Mode().Perm(), Owner: generator.OwnerUser, Content: data})
		return data, nil
	}
	glob := func(pattern string) ([]string, error) {
		names, err := fs.Glob(tree, pattern)
		if err != nil {
			return nil, err
		}
		names = slices.DeleteFunc(names, func(n string) bool { return stepped[n] })
		return audit.MatchFiles(slices.Values(slices.AppendSeq(names, maps.Keys(held))), pattern)
	}
	for _, name := range generator.MakefileNames {
		if _, err := read(name); err == nil {
			audit.MakeTargetsGlob(read, glob, name)
		}
	}
	return out
}

// namesProdMk matches a Makefile line that includes gonew-prod.mk by name: a word of its
// operands (not an argument of a function, as in $(filter-out gonew-prod.mk,...)), which
// may be a path left with a reference add cannot resolve ($(TOP)/gonew-prod.mk).
var namesProdMk = regexp.MustCompile(`(?m)^[ \t]*-?s?include[ \t]+(?:[^#\n]*[ \t/])?gonew-prod\.mk(?:[ \t\r#]|$)`)

// NamesProdMk returns the first line of the Makefile content that includes gonew-prod.mk
// by name, as its number (from 1) and the directive, trimmed; 0 when there is none.
func NamesProdMk(content []byte) (int, string) {
	loc := namesProdMk.FindIndex(content)
	if loc == nil {
		return 0, ""
	}
	directive, _, _ := bytes.Cut(content[loc[0]:], []byte("\n"))
	return bytes.Count(content[:loc[0]], []byte("\n")) + 1, string(bytes.TrimSpace(directive))
}

// ProdMkIncludes returns the include directives of the makefile p, and of the files it
// includes (read with readFile, patterns resolved through glob, as audit.MakeIncludesGlob
// does), that name mk, the gonew-prod.mk add writes (by name, by a pattern such as
// -include *.mk, or by a variable make resolves to it), other than those of gonew-prod's
// guarded block in p, each as "FILE:LINE `DIRECTIVE`".
func ProdMkIncludes(readFile func(string) ([]byte, error), glob func(string) ([]string, error), p, mk string) []string {
	content, _ := readFile(p)
	inBlock := map[string]bool{} // the lines of the block, when p holds it, as "FILE:LINE"
	if start, end, ok, _ := generator.FindBlock(content, "makefile"); ok {
		for n := bytes.Count(content[:start], []byte("\n")) + 1; n <= bytes.Count(content[:end], []byte("\n"))+1; n++ {
			inBlock[fmt.Sprintf("%s:%d", p, n)] = true
		}
	}
	var at []string
	for _, inc := range audit.MakeIncludesGlob(readFile, glob, p, mk) {
		if inc.File == mk && !inBlock[inc.At] {
			at = append(at, fmt.Sprintf("%s `%s`", inc.At, inc.Directive))
		}
	}
	return at
}

// ProdMkIncludesBesides returns the include directives ProdMkIncludes returns of the
// makefile p but those at the place of own, an include of the user's that takes the
// block's place (OwnProdMkInclude): the ones that read mk a second time.
func ProdMkIncludesBesides(readFile func(string) ([]byte, error), glob func(string) ([]string, error), p, mk, own string) []string {
	where, _, _ := strings.Cut(own, " ")
	return slices.DeleteFunc(ProdMkIncludes(readFile, glob, p, mk), func(inc string) bool { return strings.HasPrefix(inc, where+" ") })
}

// ReadsProdMkTwice says that the include directives at (ProdMkIncludes) include
// gonew-prod.mk besides besides, the include that takes it in, so that make reads it
// twice (with would, that they would once add writes it), and how to leave it out of
// leave, the includes to change.
func ReadsProdMkTwice(at []string, besides, leave string, would bool) string {
	include, reads := "includes", "reads"
	if would {
		include, reads = "would include", "would read"
	}
	return fmt.Sprintf("%s %s gonew-prod.mk, which add writes, besides %s: make %s it twice, warning of an overriding recipe for every prod-* target on every run and, where the include comes before your first rule, running prod-help for a plain make instead of your default goal; leave gonew-prod.mk out of %s (-include $(filter-out gonew-prod.mk,$(wildcard *.mk)) for -include *.mk)",
		strings.Join(at, ", "), include, besides, reads, leave)
}

// OwnProdMkInclude returns where the makefile p, without gonew-prod's guarded block,
// includes mk (gonew-prod.mk) all the same, as "FILE:LINE `DIRECTIVE`", and "" otherwise:
// a line of p that names the file (NamesProdMk), else the first include make resolves to
// it (ProdMkIncludes). Once add recorded the block, such an include of the user's takes
// its place: they kept the block's include as a line of their own, or removed the block
// their own include of gonew-prod.mk made a second one.
func OwnProdMkInclude(readFile func(string) ([]byte, error), glob func(string) ([]string, error), p, mk string) string {
	content, err := readFile(p)
	if err != nil {
		return ""
	}
	if _, _, ok, err := generator.FindBlock(content, "makefile"); ok || err != nil {
		return ""
	}
	if line, directive := NamesProdMk(content); line > 0 {
		return fmt.Sprintf("%s:%d `%s`", p, line, directive)
	}
	if at := ProdMkIncludes(readFile, glob, p, mk); len(at) > 0 {
		return at[0]
	}
	return ""
}
