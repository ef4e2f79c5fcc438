package merge

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
)

// Adds joins the lines ours and theirs both added at one place of a file, or reports that
// they must stay a conflict.
type Adds func(ours, theirs []string) ([]string, bool)

// Union returns r, a merge by lines (Lines, with labels), with each conflict block where
// both sides only added lines at one place (an empty base section) replaced by what adds
// makes of the two, when it can join them. That is how a file merged by meaning differs
// from text: two independent additions at the end of a Makefile or a .gitignore are both
// kept. Every other block stays as it is.
func Union(r Result, labels Labels, adds Adds) Result {
	if r.Clean() {
		return r
	}
	lines := SplitLines(r.Merged)
	var out bytes.Buffer
	conflicts := r.Conflicts
	for i := 0; i < len(lines); i++ {
		end, ours, base, theirs, ok := conflictAt(lines, i, labels)
		if !ok {
			out.WriteString(lines[i])
			continue
		}
		joined, joins := adds(ours, theirs)
		if len(base) > 0 || !joins {
			writeLines(&out, lines[i:end])
		} else {
			writeLines(&out, joined)
			conflicts--
		}
		i = end - 1
	}
	return Result{Merged: out.Bytes(), Conflicts: conflicts}
}

// conflictAt parses the conflict block with labels that starts at lines[i]: the line after
// it, and its three sections.
func conflictAt(lines []string, i int, labels Labels) (end int, ours, base, theirs []string, ok bool) {
	if strings.TrimRight(lines[i], "\r\n") != markerOurs+" "+labels.Ours {
		return 0, nil, nil, nil, false
	}
	sections := [][]string{nil, nil, nil}
	want := []string{markerBase + " " + labels.Base, markerSplit, markerTheirs + " " + labels.Theirs}
	k := 0
	for j := i + 1; j < len(lines); j++ {
		if strings.TrimRight(lines[j], "\r\n") == want[k] {
			if k == 2 {
				return j + 1, sections[0], sections[1], sections[2], true
			}
			k++
			continue
		}
		sections[k] = append(sections[k], lines[j])
	}
	return 0, nil, nil, nil, false
}

// IgnoreAdds joins the patterns both sides added to a .gitignore or .dockerignore: ours',
// then those of theirs' ours lacks. A negation (!pattern) depends on the order of the
// patterns around it, so an addition holding one stays a conflict.
func IgnoreAdds(ours, theirs []string) ([]string, bool) {
	negation := func(l string) bool { return strings.HasPrefix(strings.TrimSpace(l), "!") }
	if slices.ContainsFunc(ours, negation) || slices.ContainsFunc(theirs, negation) {
		return nil, false
	}
	joined := slices.Clone(ours)
	for _, l := range theirs {
		if !slices.Contains(ours, l) || strings.TrimSpace(l) == "" {
			joined = append(joined, l)
		}
	}
	return joined, true
}

// makeTarget matches a rule's head (targets before a single or double colon that does not
// start an assignment), and makeAssign a variable assignment.
var (
	makeTarget = regexp.MustCompile(`^([^:#=\s][^:#=]*?)\s*::?(?:[^=]|$)`)
	makeAssign = regexp.MustCompile(`^(?:(?:export|override)\s+)?([A-Za-z0-9_.-]+)\s*(?:[:!?+]|::|:::)?=`)
)

// MakefileAdds joins the rules and assignments both sides added at one place of a
// Makefile: ours', then theirs'. They stay a conflict when either starts inside a rule (a
// recipe line: its order among the recipe's lines matters), when both define a recipe for
// one target (make would keep the last and warn), or when both set one variable.
// Special targets (.PHONY and the rest) may be named by both.
func MakefileAdds(ours, theirs []string) ([]string, bool) {
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

// makeNames returns the targets (prefixed "target ") and variables (prefixed "var ") the
// lines define, special targets aside; false when the lines start with a recipe line or
// hold a line make continues or a conditional, which the merge does not read.
func makeNames(lines []string) (map[string]bool, bool) {
	names := map[string]bool{}
	first := true
	for _, l := range lines {
		text := strings.TrimRight(l, "\r\n")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(strings.TrimSpace(text), "#") {
			continue
		}
		recipe := strings.HasPrefix(text, "\t")
		if first && recipe {
			return nil, false
		}
		first = false
		if recipe {
			continue
		}
		if strings.HasSuffix(text, "\\") || strings.HasPrefix(text, ".RECIPEPREFIX") {
			return nil, false
		}
		switch word, _, _ := strings.Cut(strings.TrimSpace(text), " "); word {
		case "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif", "define", "endef", "include", "-include", "sinclude":
			return nil, false
		}
		if m := makeAssign.FindStringSubmatch(text); m != nil {
			names["var "+m[1]] = true
			continue
		}
		m := makeTarget.FindStringSubmatch(text)
		if m == nil {
			return nil, false
		}
		for _, target := range strings.Fields(m[1]) {
			if !strings.HasPrefix(target, ".") {
				names["target "+target] = true
			}
		}
	}
	return names, true
}
