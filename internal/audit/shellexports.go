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

// exportChange is one change of a variable: seq is its place in its log.
type exportChange struct {
	seq   int
	value string
	unset bool
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
	ch := l.byName[name]
	if k := len(ch) - 1; k >= 0 && ch[k].value == value && ch[k].unset == unset {
		return
	}
	l.byName[name] = append(ch, exportChange{seq: l.n, value: value, unset: unset})
	l.n++
}

// lookup returns name's value as s leaves it: set to value, or unset, or neither
// (the shell's environment as the script's caller gives it, which s does not know).
func (s shellExports) lookup(name string) (value string, set, unset bool) {
	if s.log != nil {
		ch := s.log.byName[name]
		if k := sort.Search(len(ch), func(k int) bool { return ch[k].seq >= s.n }); k > 0 {
			return ch[k-1].value, !ch[k-1].unset, ch[k-1].unset
		}
	}
	if v, ok := s.under[name]; ok {
		return v, true, false
	}
	return "", false, slices.Contains(s.hidden, name)
}

// each calls fn with each variable s sets or unsets, and its value.
func (s shellExports) each(fn func(name, value string, unset bool)) {
	seen := func(name string) bool {
		if s.log == nil {
			return false
		}
		ch := s.log.byName[name]
		return len(ch) > 0 && ch[0].seq < s.n
	}
	if s.log != nil {
		for name := range s.log.byName {
			if seen(name) {
				v, _, unset := s.lookup(name)
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
