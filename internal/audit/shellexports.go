package audit

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// shellExports is what the export and unset commands of a script before one of its
// commands leave its shell: the changes of a log the commands of the script share
// (see carryExports), the first n of them, over the variables the shell starts
// with where that is known (make's exported variables, a Dockerfile stage's ENV and
// ARG: under) and those it starts without (make's unexport: hidden). None of it
// is changed once given: a command holds a pointer and a count, not a copy, so a
// script of many exports and commands costs its length, not their product.
type shellExports struct {
	log    *exportLog
	n      int
	under  map[string]string
	hidden []string
}

// exportLog holds the changes that one shell script makes to its variables, each
// variable's in order: those its commands make to what its shell exports (see
// carry), or the assignments of its lines (see scriptVars).
type exportLog struct {
	byName map[string][]exportChange
	n      int // how many there are
	// unread are the scripts of the shell's own process that it sources and this
	// audit cannot read, which may change any variable (see unreadScript).
	unread []unreadScript
}

// unreadScript is a script a shell sources (. ./env.sh) that this audit cannot tie
// to a file it reads (see sourcedFile), which may change any of the shell's
// variables: from the changes of its log at its . on, to the end of the ( )
// subshell it runs in, to (-1 for none). call is its . or source command, as
// written, and at where; why says why it is not read, "" for a script this audit
// cannot tie to a file (see sourcedFile).
type unreadScript struct {
	from, to int
	call     string
	at       repo.Evidence
	why      string
}

// unreadAt adds to l u, the . or source command of a script this audit cannot
// read.
func (l *exportLog) unreadAt(u unreadScript) {
	u.from, u.to = l.n, -1
	l.unread = append(l.unread, u)
	l.n++
}

// endUnread ends, at the end of a ( ) subshell whose changes start at from, the
// scripts this audit cannot read that the subshell sources.
func (l *exportLog) endUnread(from int) {
	ended := false
	for k := range l.unread {
		if u := &l.unread[k]; u.from >= from && u.to < 0 {
			u.to, ended = l.n, true
		}
	}
	if ended {
		l.n++
	}
}

// newExportLog returns an empty log.
func newExportLog() *exportLog {
	return &exportLog{byName: map[string][]exportChange{}}
}

// reserve makes room in l, while it holds no change, for the changes of n
// variables: those of a script its shell sources first, which a map grown one by
// one would copy over and over.
func (l *exportLog) reserve(n int) {
	if len(l.byName) == 0 && n > 8 {
		l.byName = make(map[string][]exportChange, n)
	}
}

// last returns the last change of name among the first n of l; ok is false when
// none of them changes it.
func (l *exportLog) last(name string, n int) (c exportChange, ok bool) {
	ch := l.byName[name]
	k := sort.Search(len(ch), func(k int) bool { return ch[k].seq >= n })
	if k == 0 {
		return exportChange{}, false
	}
	return ch[k-1], true
}

// exportChange is one change of a variable: seq is its place in its log. An
// assign (a bare NAME=value) changes the value the shell exports only where the
// variable is exported then (see resolve). One that is back puts the variable as
// it was before the change of seq to: the end of a ( ) subshell that changed it
// (see exportLog.back). One that is maybe is one this audit is not sure runs: the
// variable is left as it sets it, or as it was.
type exportChange struct {
	seq    int
	value  string
	unset  bool
	assign bool
	byName bool // export NAME, without a value: the shell variable's value is exported
	back   bool
	to     int
	maybe  bool
}

// unsureValue is the value carried for a variable whose value this audit cannot
// tell: one a command it is not sure runs sets or leaves as it was (see
// exportChange.maybe), which no check reads as a value it judges. The values it
// may have are written after it where they are known (see unsureOf).
const unsureValue = "$(unknown)"

// change adds to l the change of name to value, or its unset; one this audit is not
// sure runs (sure false) leaves name with that value or as it was. One that leaves
// name as it is adds none: a script sourced again and again adds its variables once.
func (l *exportLog) change(name, value string, unset, sure bool) {
	l.add(name, exportChange{value: value, unset: unset, maybe: !sure})
}

// assign adds to l the bare assignment of value to name (NAME=value, no command
// after it), which changes what the shell exports where name is exported there.
func (l *exportLog) assign(name, value string, sure bool) {
	l.add(name, exportChange{value: value, assign: true, maybe: !sure})
}

// exportName adds to l the export of name by name (export NAME), which exports the
// value the shell variable holds, and the values assigned to it after.
func (l *exportLog) exportName(name string, sure bool) {
	l.add(name, exportChange{byName: true, maybe: !sure})
}

// back adds to l the return of name to what it was before the change of seq to:
// at the end of a ( ) subshell, whose changes end with it, or (sure false) at the
// end of an AND list whose changes after && may not have run.
func (l *exportLog) back(name string, to int, sure bool) {
	l.add(name, exportChange{back: true, to: to, maybe: !sure})
}

func (l *exportLog) add(name string, c exportChange) {
	ch := l.byName[name]
	if k := len(ch) - 1; k >= 0 && ch[k] == (exportChange{seq: ch[k].seq, value: c.value, unset: c.unset, assign: c.assign, byName: c.byName, back: c.back, to: c.to, maybe: c.maybe}) {
		return
	}
	c.seq = l.n
	l.byName[name] = append(ch, c)
	l.n++
}

// maxMaybes bounds the changes this audit is not sure run that resolve follows
// both ways, for one variable: past it the value is unsureValue, its values untold.
const maxMaybes = 16

// outcome is one value resolve finds a variable may have: value, or unset, or, with
// start, the value the shell starts with (assigned: with the value a bare
// assignment gives it where the shell starts with it exported).
type outcome struct {
	value    string
	unset    bool
	start    bool
	assigned *string
}

// resolver walks the changes of one variable back from the last that counts; the
// shell starts with it exported as under where exported is set.
type resolver struct {
	ch       []exportChange
	under    string
	exported bool
	out      [4]outcome // the first n: a fixed array, kept off the heap
	n        int
	maybes   int
}

// add adds o to r's outcomes; past as many as it holds, the last is unsureValue,
// the values untold.
func (r *resolver) add(o outcome) {
	if r.n == len(r.out) {
		r.out[r.n-1] = outcome{value: unsureValue}
		return
	}
	r.out[r.n] = o
	r.n++
}

// before returns the index of the last of r's changes before the change of seq to.
func (r *resolver) before(to int) int {
	return sort.Search(len(r.ch), func(k int) bool { return r.ch[k].seq >= to }) - 1
}

// walk adds the outcomes of the changes up to ch[j], with a bare assignment after
// them (ch[assigned], or -1) and an export by name after them (exported).
func (r *resolver) walk(j, assigned int, exported bool) {
	for ; j >= 0; j-- {
		c := r.ch[j]
		if c.maybe {
			if r.maybes++; r.maybes > maxMaybes {
				r.add(outcome{value: unsureValue})
				return
			}
			r.walk(j-1, assigned, exported) // it did not run
			c.maybe = false
		}
		switch {
		case c.back:
			j = r.before(c.to) + 1
		case c.byName && assigned >= 0:
			r.add(outcome{value: r.ch[assigned].value})
			return
		case c.byName:
			exported = true
		case exported:
			r.add(outcome{value: c.value, unset: c.unset})
			return
		case c.assign:
			if assigned < 0 {
				assigned = j
			}
		case assigned < 0 || c.unset:
			r.add(outcome{value: c.value, unset: c.unset})
			return
		case strings.HasPrefix(c.value, unsureValue):
			r.add(outcome{value: unsureValue}) // exported or not, this audit cannot tell
			return
		default:
			r.add(outcome{value: r.ch[assigned].value})
			return
		}
	}
	v, under := r.under, r.exported
	switch {
	case exported && under:
		r.add(outcome{value: v})
	case assigned >= 0 && under:
		r.add(outcome{value: r.ch[assigned].value})
	case assigned >= 0:
		r.add(outcome{start: true, assigned: &r.ch[assigned].value})
	default:
		r.add(outcome{start: true})
	}
}

// outcomes finds the values name may have as the changes of s's log leave it,
// where the shell starts with it exported as under (exported), or not: r.out[:r.n].
func (s shellExports) outcomes(r *resolver, name, under string, exported bool) {
	*r = resolver{under: under, exported: exported}
	if s.log == nil {
		r.add(outcome{start: true})
		return
	}
	r.ch = s.log.byName[name]
	r.walk(r.before(s.n), -1, false)
}

// resolve returns name's value as the changes of s's log leave it, ok false where
// they leave it as the shell starts: none, or assignments alone of a variable the
// shell does not start with exported (under). An assignment after an export sets
// the exported value; after an unset it sets a variable of the shell alone. An
// export by name exports the value assigned after it, else the one the variable
// holds before it. A change this audit is not sure runs is followed both ways: where
// they leave several values, value is unsureValue with them (see unsureOf).
func (s shellExports) resolve(name string) (value string, unset, ok bool) {
	v, under := s.under[name]
	return s.resolveOver(name, v, under)
}

// resolveOver is resolve where the shell starts with name exported as v (under),
// or not.
func (s shellExports) resolveOver(name, v string, under bool) (value string, unset, ok bool) {
	if s.log == nil {
		return "", false, false
	}
	c, changed := s.log.last(name, s.n)
	sure := changed && !c.maybe && !c.back && !c.assign && !c.byName // an export or unset, sure to run: what walk finds first
	if u, unread := s.unreadScript(); unread && (!sure || c.seq < u.from) {
		return unsureValue, false, true // a script this audit cannot read may change it
	}
	if !changed {
		return "", false, false // no change before s.n: as the shell starts
	}
	if sure {
		return c.value, c.unset, true
	}
	var r resolver
	s.outcomes(&r, name, v, under)
	out := r.out[:r.n]
	same, started := true, true
	for _, o := range out {
		same = same && o.value == out[0].value && o.unset == out[0].unset && o.start == out[0].start
		started = started && o.start
	}
	switch {
	case same:
		return out[0].value, out[0].unset, !out[0].start
	case started: // left as the shell starts, assigned where it starts exported or not
		return "", false, false
	}
	for k, o := range out {
		switch {
		case !o.start:
		case under:
			out[k] = outcome{value: v}
		case slices.Contains(s.hidden, name):
			out[k] = outcome{unset: true}
		}
	}
	return unsureOf(out), false, true
}

// eachAssigned calls fn with each variable s's log assigns and neither exports
// nor unsets (see resolve, which leaves them to the shell's start), and its value;
// sure is false where the log may leave it unassigned, or exported as it sets it.
func (s shellExports) eachAssigned(fn func(name, value string, sure bool)) {
	if s.log == nil {
		return
	}
	var r resolver
	for name := range s.log.byName {
		var value *string
		sure := true
		v, under := s.under[name]
		s.outcomes(&r, name, v, under)
		for _, o := range r.out[:r.n] {
			switch {
			case o.assigned == nil || value != nil && *value != *o.assigned:
				sure = false
			case value == nil:
				value = o.assigned
			}
		}
		if value != nil {
			fn(name, *value, sure)
		}
	}
}

// unsureOf returns unsureValue with the values of out written after it, each
// quoted, unset for an unset one and start for the shell's start: $(unknown "0"
// start). One that is unsureValue with none written makes it unsureValue alone.
func unsureOf(out []outcome) string {
	var alts []string
	add := func(a string) {
		if !slices.Contains(alts, a) {
			alts = append(alts, a)
		}
	}
	for _, o := range out {
		switch {
		case o.start:
			add("start")
		case o.unset:
			add("unset")
		case strings.HasPrefix(o.value, unsureValue):
			more, ok := unsureAlternatives(o.value)
			if !ok {
				return unsureValue
			}
			for _, m := range more {
				add(m)
			}
		default:
			add(strconv.Quote(o.value))
		}
	}
	if len(alts) == 1 && alts[0] != "start" {
		if alts[0] == "unset" {
			return ""
		}
		v, _ := strconv.Unquote(alts[0])
		return v
	}
	return strings.TrimSuffix(unsureValue, ")") + " " + strings.Join(alts, " ") + ")"
}

// unsureAlternatives returns the values written in v, a value unsureOf returns
// (quoted, unset or start), ok false when v is no such value or names none.
func unsureAlternatives(v string) (alts []string, ok bool) {
	rest, found := strings.CutPrefix(v, strings.TrimSuffix(unsureValue, ")"))
	if !found {
		return nil, false
	}
	for {
		rest = strings.TrimPrefix(rest, " ")
		switch {
		case rest == ")":
			return alts, len(alts) > 0
		case strings.HasPrefix(rest, "unset"), strings.HasPrefix(rest, "start"):
			alts, rest = append(alts, rest[:5]), rest[5:]
		default:
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return nil, false
			}
			alts, rest = append(alts, q), rest[len(q):]
		}
	}
}

// possibleValues returns the values v, a variable's value, may be: v itself, or
// those unsureOf wrote in it, "" for unset, and start with the shell's start among
// them; ok is false for an unsureValue that names none.
func possibleValues(v string) (values []string, start, ok bool) {
	if !strings.HasPrefix(v, unsureValue[:len(unsureValue)-1]) {
		return []string{v}, false, true
	}
	alts, ok := unsureAlternatives(v)
	for _, a := range alts {
		switch a {
		case "start":
			start = true
		case "unset":
			values = append(values, "")
		default:
			u, _ := strconv.Unquote(a)
			values = append(values, u)
		}
	}
	return values, start, ok
}

// startedWith returns v, a variable's value (see resolve), with the shell's start
// among the values it may be replaced by start, that value (set) or unset: what the
// shell's caller gives it, once known.
func startedWith(v, start string, set bool) string {
	if !strings.HasPrefix(v, unsureValue[:len(unsureValue)-1]) {
		return v
	}
	values, hasStart, ok := possibleValues(v)
	if !ok || !hasStart {
		return v
	}
	var out []outcome
	for _, x := range values {
		out = append(out, outcome{value: x})
	}
	return unsureOf(append(out, outcome{value: start, unset: !set}))
}

// fromSourced returns v, a value a sourced script leaves a variable (see
// sourcedEnv), as its caller logs it: with the caller's start among the values it
// may be, one this audit is not sure the script sets (sure false), else v.
func fromSourced(v string) (value string, sure bool) {
	if !strings.HasPrefix(v, unsureValue[:len(unsureValue)-1]) {
		return v, true
	}
	values, start, ok := possibleValues(v)
	if !ok || !start {
		return v, true
	}
	var out []outcome
	for _, x := range values {
		out = append(out, outcome{value: x})
	}
	if len(out) == 0 {
		return unsureValue, false
	}
	return unsureOf(out), false
}

// startingWith is resolve where the shell starts with name exported as value (the
// CI's env:, see command.ciValue); changed is false where s does not change name.
func (s shellExports) startingWith(name, value string) (v string, unset, changed bool) {
	if _, unread := s.unreadScript(); s.log == nil || len(s.log.byName[name]) == 0 && !unread {
		return "", false, false
	}
	return s.resolveOver(name, value, true)
}

// unreadScript returns the last script that s's shell sources before its command
// and this audit cannot read (see exportLog.unread), ok false for none.
func (s shellExports) unreadScript() (u unreadScript, ok bool) {
	if s.log == nil {
		return u, false
	}
	for k := len(s.log.unread) - 1; k >= 0; k-- {
		if u := s.log.unread[k]; u.from < s.n && (u.to < 0 || s.n <= u.to) {
			return u, true
		}
	}
	return u, false
}

// lookup returns name's value as s leaves it: set to value, or unset, or neither
// (the shell's environment as the script's caller gives it, which s does not know).
func (s shellExports) lookup(name string) (value string, set, unset bool) {
	if v, unset, ok := s.resolve(name); ok {
		return v, !unset, unset
	}
	if v, ok := s.under[name]; ok {
		return v, true, false
	}
	return "", false, slices.Contains(s.hidden, name)
}

// each calls fn with each variable s sets or unsets, and its value.
func (s shellExports) each(fn func(name, value string, unset bool)) {
	seen := func(name string) bool {
		_, _, ok := s.resolve(name)
		return ok
	}
	if s.log != nil {
		for name := range s.log.byName {
			if v, unset, ok := s.resolve(name); ok {
				fn(name, v, unset)
			}
		}
	}
	for name, v := range s.under {
		if !seen(name) {
			fn(name, v, false)
		}
	}
	for _, name := range s.hidden {
		if _, ok := s.under[name]; !ok && !seen(name) {
			fn(name, "", true)
		}
	}
}

// over returns s with under and hidden, the variables its shell starts with and
// without, under its own changes (and under those s already starts with).
func (s shellExports) over(under map[string]string, hidden []string) shellExports {
	if len(s.under) > 0 {
		under = withDefaults(s.under, under)
	}
	if len(s.hidden) > 0 {
		hidden = slices.Concat(s.hidden, hidden)
	}
	s.under, s.hidden = under, hidden
	return s
}
