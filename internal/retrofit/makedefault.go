package retrofit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/audit"
)

// defaultRuleGap says where the makefile rel, or a file it includes (but skip), has a
// rule of the special target .DEFAULT, as a gap of audit.MakeTargetsGlob says it ("" when
// none has): make runs the recipe of .DEFAULT for every goal no other rule answers, so,
// as a match-anything rule (%:) does, it answers any goal. Every branch of a conditional
// is read; recipe lines, assignments and the bodies of define are not rules.
func (p *planner) defaultRuleGap(rel, skip string) string {
	files := []string{rel}
	for _, inc := range audit.MakeIncludesGlob(p.readRepoFile, p.globRepo, rel, skip) {
		if inc.File != skip && !slices.Contains(files, inc.File) {
			files = append(files, inc.File)
		}
	}
	for _, f := range files {
		data, err := p.readRepoFile(f)
		if err != nil {
			continue // an include that cannot be read is MakeTargetsGlob's gap
		}
		defines := 0
		for _, ll := range audit.MakeLines(data) {
			if strings.HasPrefix(ll.Text, "\t") {
				continue
			}
			text := audit.MakeUncommented(ll.Text)
			words := strings.Fields(text)
			switch {
			case len(words) == 0:
				continue
			case words[0] == "endef":
				defines = max(defines-1, 0)
				continue
			case words[0] == "define" || len(words) > 1 && words[1] == "define" && (words[0] == "override" || words[0] == "export"):
				defines++
				continue
			case defines > 0:
				continue
			}
			// A rule's targets hold no =: X = a .DEFAULT: b assigns X.
			head, _, _ := strings.Cut(text, ";")
			targets, _, rule := strings.Cut(head, ":")
			if rule && !strings.Contains(targets, "=") && slices.Contains(strings.Fields(targets), ".DEFAULT") {
				return fmt.Sprintf("%s:%d has a .DEFAULT rule, whose recipe make runs for any goal without a rule of its own", f, ll.Line)
			}
		}
	}
	return ""
}
