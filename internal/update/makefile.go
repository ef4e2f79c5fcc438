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
// Makefile (see merge.Union): ours', then theirs'. Each addition is read with audit's
// Makefile reader. They stay a conflict when either starts inside a rule (a recipe
// line: its order among the recipe's lines matters), holds a conditional, a define or an
// include (which the merge does not follow), or when both give one target a recipe (make
// would keep the last and warn) or set one variable. Special targets (.PHONY and the
// rest) may be named by both.
func makefileAdds(ours, theirs []string) ([]string, bool) {
	o, ok := makeNames(ours)
	if !ok {
		return nil, false
	}
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
		switch word, _, _ := strings.Cut(trimmed, " "); word {
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

// makefileDoubles checks a clean merge by lines of a Makefile, merged, against ours and
// theirs: a target given more recipes, or a variable more values, than either side gives
// it means the merge put a rule or an assignment of one side where make lets it override
// the other's (make runs the last recipe and keeps the last value), which is no merge of
// the two but a silent choice. It returns an error naming the first such target or
// variable, or nil. Files the Makefile includes are not read: what they define counts
// the same in all three versions.
func makefileDoubles(ours, theirs, merged []byte) error {
	counts := func(data []byte) map[string]int {
		const name = "Makefile"
		read := func(p string) ([]byte, error) {
			if p != name {
				return nil, fs.ErrNotExist
			}
			return data, nil
		}
		targets, _ := audit.MakeTargets(read, name)
		n := map[string]int{}
		for _, t := range targets {
			n["target "+t.Name] = t.Recipes
		}
		for _, a := range audit.MakeAssignments(read, name) {
			switch a.Op {
			case "?=", "+=":
			default:
				n["variable "+a.Name]++
			}
		}
		return n
	}
	m, o, t := counts(merged), counts(ours), counts(theirs)
	names := slices.Sorted(maps.Keys(m))
	for _, name := range names {
		if m[name] > 1 && m[name] > o[name] && m[name] > t[name] {
			what := "recipes"
			if strings.HasPrefix(name, "variable ") {
				what = "values"
			}
			return fmt.Errorf("would give %s %d %s, one of which make ignores", name, m[name], what)
		}
	}
	return nil
}
