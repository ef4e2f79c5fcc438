package update

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/audit"
)

// makefileAdds joins the rules and assignments both sides added at one place of a
// Makefile (see merge.Union): ours', then theirs' that ours does not already hold (a rule
// or line the user adopted early, identical, is taken once). Each addition is read with audit's
// Makefile reader. They stay a conflict when either starts inside a rule (a recipe
// line: its order among the recipe's lines matters), holds a conditional, a define, a
// private assignment or an include (which the merge does not follow), or when both give one target a recipe (make
// would keep the last and warn) or set one variable. Special targets (.PHONY and the
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
		case "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif", "define", "endef",
			"private": // GNU make's modifier, which audit's reader does not take for an assignment
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
// no merge of the two but a silent choice. So does a target that single-colon (:) and
// double-colon (::) rules both name where neither side has that: make refuses the whole
// Makefile. It returns an error naming the first such target or variable, or nil. The
// files the Makefile includes are read in place, as ours has them with ours and as
// theirs does (the tree's when theirs has none) with theirs and the merge (see
// makeEvents), so that a new include of a file that sets a variable again counts.
func makefileDoubles(p string, files makeFiles, ours, theirs, merged []byte) error {
	type count struct {
		n, both int
		why     string
	}
	counts := func(data []byte, include func(string) ([]byte, error)) map[string]count {
		read := func(q string) ([]byte, error) {
			switch {
			case q == p:
				return data, nil
			case include == nil:
				return nil, fs.ErrNotExist
			}
			return include(q)
		}
		only := func(q string) ([]byte, error) {
			if q != p {
				return nil, fs.ErrNotExist
			}
			return data, nil
		}
		targets, _ := audit.MakeTargets(only, p)
		n := map[string]count{}
		for _, t := range targets {
			c := count{n: t.Recipes}
			if t.BothColons {
				c.both = 1
			}
			n["target "+t.Name] = c
		}
		for v, d := range ignoredAssignments(p, makeEvents(read, p, 0)) {
			n["variable "+v] = count{n: d.n, why: d.why}
		}
		return n
	}
	m, o, t := counts(merged, files.theirs), counts(ours, files.ours), counts(theirs, files.theirs)
	names := slices.Sorted(maps.Keys(m))
	for _, name := range names {
		if m[name].both > o[name].both && m[name].both > t[name].both {
			return fmt.Errorf("would give %s both single-colon (:) and double-colon (::) rules, which make refuses", name)
		}
	}
	for _, name := range names {
		if strings.HasPrefix(name, "target ") {
			if n := m[name].n; n > 1 && n > o[name].n && n > t[name].n {
				return fmt.Errorf("would give %s %d recipes, one of which make ignores", name, n)
			}
		} else if n := m[name].n; n > o[name].n && n > t[name].n {
			why := m[name].why
			if why == "" {
				why = "a later =, := or != replaces a value; ?= sets none once there is one"
			}
			return fmt.Errorf("would give %s an assignment make ignores (%s)", name, why)
		}
	}
	return nil
}

// makeFiles reads the files a Makefile includes (a path of the project), in ours and in
// theirs; a nil func reads none.
type makeFiles struct {
	ours, theirs func(string) ([]byte, error)
}

// makeEvent is what a line of a Makefile does to a variable, in the order make reads
// the lines.
type makeEvent struct {
	kind            makeEventKind
	name, op, value string
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
	// $(eval) other than one of an assignment, an include it cannot read.
	unknownEvent
)

var (
	makeGlobalVar = regexp.MustCompile(`^((?:(?:export|override|private)\s+)*)([A-Za-z0-9_.-]+)\s*(:::=|::=|:=|\?=|\+=|!=|=)\s*(.*)$`)
	makeTargetVar = regexp.MustCompile(`^([^:=#\t][^:=#]*?)\s*&?::?\s*(?:(?:export|override|private)\s+)*([A-Za-z0-9_.-]+)\s*(:::=|::=|:=|\?=|\+=|!=|=)\s*(.*)$`)
	makeUndefine  = regexp.MustCompile(`^(?:override\s+)?undefine\s+(\S+)$`)
	makeEval      = regexp.MustCompile(`^\$[({]eval\s+(.*)[)}]$`)
	makeDefine    = regexp.MustCompile(`^(?:(?:export|override|private)\s+)*define(?:\s|$)`)
)

// makeEvents returns what the Makefile at p (read with read) and the files it includes do
// to variables, in the order make reads them: its assignments as audit's Makefile reader
// reads them (every branch of its conditionals, define blocks), with the lines that reader
// does not take for assignments: private and target-specific assignments, undefine,
// $(eval NAME op value) (another $(eval), or one in an assignment make expands at once,
// is an unknown event), and includes, read in place (one of a name with a reference or
// a pattern, or of a file read cannot give, but for a missing file of an -include, is an
// unknown event).
func makeEvents(read func(string) ([]byte, error), p string, depth int) []makeEvent {
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
	var out []makeEvent
	for _, a := range audit.MakeAssignments(only, p) {
		line, _ := strconv.Atoi(a.At[strings.LastIndexByte(a.At, ':')+1:])
		out = append(out, makeEvent{kind: assignEvent, name: a.Name, op: a.Op, value: a.Value, at: a.At, line: line})
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
		if strings.HasPrefix(ll.Text, "\t") { // a recipe line
			continue
		}
		text := raw
		if i := strings.IndexByte(text, '#'); i >= 0 && !strings.Contains(text[:i], "\\") {
			text = strings.TrimSpace(text[:i])
		}
		at := fmt.Sprintf("%s:%d", p, ll.Line)
		event := func(e makeEvent) {
			e.at, e.line = at, ll.Line
			out = append(out, e)
		}
		unknown := func() { event(makeEvent{kind: unknownEvent, text: text}) }
		evals := strings.Contains(text, "$(eval ") || strings.Contains(text, "${eval ")
		if m := makeGlobalVar.FindStringSubmatch(text); m != nil {
			switch {
			case evals && (m[3] == ":=" || m[3] == "::=" || m[3] == ":::=" || m[3] == "!="):
				unknown() // the value, with its $(eval), is expanded as make reads the line
			case strings.Contains(m[1], "private"): // audit's reader does not take it for an assignment
				event(makeEvent{kind: assignEvent, name: m[2], op: m[3], value: m[4]})
			}
			continue
		}
		if makeDefine.MatchString(text) {
			inDefine++
			continue
		}
		if evals {
			inner := ""
			if m := makeEval.FindStringSubmatch(text); m != nil {
				inner = strings.TrimSpace(m[1])
			}
			if m := makeGlobalVar.FindStringSubmatch(inner); m != nil && !strings.Contains(inner, "$(eval") && !strings.Contains(inner, "${eval") {
				event(makeEvent{kind: assignEvent, name: m[2], op: m[3], value: m[4]})
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
		for _, inc := range words[1:] {
			q := path.Join(path.Dir(p), inc)
			if strings.ContainsAny(inc, "$*?[") || path.IsAbs(inc) || depth >= 4 {
				unknown()
				continue
			}
			if _, err := read(q); err != nil {
				if words[0] == "include" || !errors.Is(err, fs.ErrNotExist) {
					unknown()
				}
				continue
			}
			for _, e := range makeEvents(read, q, depth+1) {
				e.line = ll.Line
				out = append(out, e)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b makeEvent) int { return a.line - b.line })
	return out
}

// dead counts the assignments of a variable left without effect, and says what the last
// one that left one so does ("" for a later assignment or a ?=, which need no word).
type dead struct {
	n   int
	why string
}

// ignoredAssignments counts, per variable of the Makefile at p (NAME, or "NAME for the target T" for the
// target-specific values of T), the assignments, in the order make reads them (events),
// whose value the variable does not end with: a ?= once the variable has a value, every
// assignment before an =, :=, ::=, :::= or != that does not refer to the variable itself
// (X := $(X) more keeps what came before), before an undefine, or before a line that may
// set any variable (unknownEvent); and, for a target given a target-specific value that
// does not refer to the variable, the global assignments of it still in effect, which
// that value replaces for the target wherever it stands. Variables without such
// assignments are left out.
func ignoredAssignments(p string, events []makeEvent) map[string]dead {
	live, out := map[string]int{}, map[string]dead{}
	defined := map[string]bool{}
	kill := func(k, why string) {
		if live[k] > 0 {
			out[k] = dead{n: out[k].n + live[k], why: why}
		}
		live[k] = 0
	}
	replaced := map[string]makeEvent{} // the target-specific values that replace a global one, by key
	var order []string
	for _, e := range events {
		k := e.name
		if e.target != "" {
			k += " for the target " + e.target
		}
		switch {
		case e.kind == unknownEvent:
			for _, v := range slices.Sorted(maps.Keys(live)) {
				kill(v, fmt.Sprintf("`%s` at %s may set it again, and update does not read what it sets", e.text, e.at))
			}
			continue
		case e.kind == undefineEvent:
			kill(k, fmt.Sprintf("`%s` at %s drops its value", e.text, e.at))
			defined[k] = false
			continue
		case e.op == "?=":
			if defined[k] {
				out[k] = dead{n: out[k].n + 1, why: out[k].why}
				continue
			}
		case e.op == "+=":
		case !refersTo(e.value, e.name):
			why := ""
			if !strings.HasPrefix(e.at, p+":") {
				why = fmt.Sprintf("%s, in a file the Makefile includes, assigns it again after it: a later =, := or != replaces a value", e.at)
			}
			kill(k, why)
			if _, ok := replaced[k]; e.target != "" && !ok {
				replaced[k] = e
				order = append(order, k)
			}
		}
		live[k]++
		defined[k] = true
	}
	for _, k := range order {
		e := replaced[k]
		if n := live[e.name]; n > 0 {
			out[k] = dead{n: out[k].n + n, why: fmt.Sprintf("%s gives the target %s its own value of %s, which make uses for it instead of the global one", e.at, e.target, e.name)}
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
