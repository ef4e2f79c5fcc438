package update

import (
	"fmt"
	"io/fs"
	"maps"
	"slices"
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

// makefileDoubles checks a clean merge by lines of a Makefile, merged, against ours and
// theirs: a target given more recipes, or more assignments of a variable left without
// effect, than either side has means the merge put a rule or an assignment of one side
// where make lets the other's override it (make runs the last recipe; a later =, := or
// != replaces a variable's value, and ?= sets none once the variable has one), which is
// no merge of the two but a silent choice. So does a target that single-colon (:) and
// double-colon (::) rules both name where neither side has that: make refuses the whole
// Makefile. It returns an error naming the first such target or variable, or nil. Files
// the Makefile includes are not read: what they define counts the same in all three
// versions.
func makefileDoubles(ours, theirs, merged []byte) error {
	type count struct{ n, both int }
	counts := func(data []byte) map[string]count {
		const name = "Makefile"
		read := func(p string) ([]byte, error) {
			if p != name {
				return nil, fs.ErrNotExist
			}
			return data, nil
		}
		targets, _ := audit.MakeTargets(read, name)
		n := map[string]count{}
		for _, t := range targets {
			c := count{n: t.Recipes}
			if t.BothColons {
				c.both = 1
			}
			n["target "+t.Name] = c
		}
		for v, dead := range ignoredAssignments(audit.MakeAssignments(read, name)) {
			n["variable "+v] = count{n: dead}
		}
		return n
	}
	m, o, t := counts(merged), counts(ours), counts(theirs)
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
			return fmt.Errorf("would give %s an assignment make ignores (a later =, := or != replaces a value; ?= sets none once there is one)", name)
		}
	}
	return nil
}

// ignoredAssignments counts, per variable, the assignments (in the order make reads
// them) whose value the variable does not end with: a ?= once the variable has a value,
// and every assignment before an =, :=, ::=, :::= or != that does not refer to the
// variable itself (X := $(X) more keeps what came before). Variables without such
// assignments are left out.
func ignoredAssignments(assigned []audit.MakeAssignment) map[string]int {
	live, dead := map[string]int{}, map[string]int{}
	defined := map[string]bool{}
	for _, a := range assigned {
		switch a.Op {
		case "?=":
			if defined[a.Name] {
				dead[a.Name]++
				continue
			}
		case "+=":
		default:
			if !refersTo(a.Value, a.Name) {
				dead[a.Name] += live[a.Name]
				live[a.Name] = 0
			}
		}
		live[a.Name]++
		defined[a.Name] = true
	}
	maps.DeleteFunc(dead, func(_ string, n int) bool { return n == 0 })
	return dead
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
