package audit

import (
	"slices"
	"sort"
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

// exportLog holds the changes that the commands of one shell script make to its
// variables, each variable's in order.
type exportLog struct {
	byName map[string][]exportChange
	n      int // how many there are
}

// exportChange is one change of a variable: seq is its place in its log. An
// assign (a bare NAME=value) changes the value the shell exports only where the
// variable is exported then (see resolve).
type exportChange struct {
	seq    int
	value  string
	unset  bool
	assign bool
	byName bool // export NAME, without a value: the shell variable's value is exported
}

// unsureValue is the value carried for a variable that a command may or may not
// have set or unset (see mayReach): a command substitution, whose output no check
// reads as a value it judges.
const unsureValue = "$(unknown)"

// change adds to l the change of name to value, or its unset; one this audit is not
// sure runs (sure false) leaves name with unsureValue. One that leaves name as it is
// adds none: a script sourced again and again adds its variables once.
func (l *exportLog) change(name, value string, unset, sure bool) {
	if !sure {
		value, unset = unsureValue, false
	}
	l.add(name, exportChange{value: value, unset: unset})
}

// assign adds to l the bare assignment of value to name (NAME=value, no command
// after it), which changes what the shell exports where name is exported there; one
// this audit is not sure runs leaves name with unsureValue there.
func (l *exportLog) assign(name, value string, sure bool) {
	if !sure {
		value = unsureValue
	}
	l.add(name, exportChange{value: value, assign: true})
}

// exportName adds to l the export of name by name (export NAME), which exports the
// value the shell variable holds, and the values assigned to it after.
func (l *exportLog) exportName(name string) {
	l.add(name, exportChange{byName: true})
}

func (l *exportLog) add(name string, c exportChange) {
	ch := l.byName[name]
	if k := len(ch) - 1; k >= 0 && ch[k] == (exportChange{seq: ch[k].seq, value: c.value, unset: c.unset, assign: c.assign, byName: c.byName}) {
		return
	}
	c.seq = l.n
	l.byName[name] = append(ch, c)
	l.n++
}

// resolve returns name's value as the changes of s's log leave it, ok false where
// they leave it as the shell starts: none, or assignments alone of a variable the
// shell does not start with exported (under). An assignment after an export sets
// the exported value; after an unset it sets a variable of the shell alone; after
// an export this audit is not sure of it leaves unsureValue. An export by name
// exports the value assigned after it, else the one the variable holds before it.
func (s shellExports) resolve(name string) (value string, unset, ok bool) {
	if s.log == nil {
		return "", false, false
	}
	ch := s.log.byName[name]
	k := sort.Search(len(ch), func(k int) bool { return ch[k].seq >= s.n })
	assigned := -1
	exported := false // by name, after the changes still to walk: the value they leave is exported
	for j := k - 1; j >= 0; j-- {
		c := ch[j]
		switch {
		case c.byName && assigned >= 0:
			return ch[assigned].value, false, true
		case c.byName:
			exported = true
		case exported:
			return c.value, c.unset, true
		case c.assign:
			if assigned < 0 {
				assigned = j
			}
		case assigned < 0 || c.unset:
			return c.value, c.unset, true
		case c.value == unsureValue:
			return unsureValue, false, true
		default:
			return ch[assigned].value, false, true
		}
	}
	if v, under := s.under[name]; exported && under {
		return v, false, true
	}
	if _, under := s.under[name]; assigned >= 0 && under {
		return ch[assigned].value, false, true
	}
	return "", false, false
}

// eachAssigned calls fn with each variable s's log assigns and neither exports
// nor unsets (see resolve, which leaves them to the shell's start), and its value.
func (s shellExports) eachAssigned(fn func(name, value string)) {
	if s.log == nil {
		return
	}
	for name, ch := range s.log.byName {
		k := sort.Search(len(ch), func(k int) bool { return ch[k].seq >= s.n })
		if k == 0 || !ch[k-1].assign {
			continue
		}
		if _, _, ok := s.resolve(name); !ok {
			fn(name, ch[k-1].value)
		}
	}
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
