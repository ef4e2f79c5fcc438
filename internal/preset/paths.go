package preset

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/builtin"
)

// output is a path a pack's render may produce, as far as it is known before the render
// (it holds no {{...}}), and where it comes from for messages.
type output struct {
	path, from string
	lower      string // path in lower case
	overlay    bool   // added by the overlay, not a built-in template's path
	replaced   bool   // a built-in template's path, the overlay's template replacing it
}

// checkOverlayPaths refuses a pack whose overlay adds a file at a path that clashes with
// another path of the render: the same path, or a directory on its way, in another letter
// case (a case-insensitive file system holds one file for both: K8S/extra.yaml beside the
// built-in k8s/), or a path that is a file where another needs a directory (Makefile and
// Makefile/x). Built-in paths count whatever the answers, unless
// the pack removes them; an overlay template named like a built-in one replaces it and
// keeps its path. Paths made with {{...}} are checked when the pack is rendered.
func checkOverlayPaths(p Pack) error {
	m, err := builtin.Manifest()
	if err != nil {
		return err
	}
	var outs []output
	replaced := map[string]bool{}
	for _, e := range m.Files {
		name := e.TemplateName()
		if _, ok := p.Overlay[name]; ok {
			replaced[name] = true
		}
		if strings.Contains(e.Path, "{{") || slices.Contains(p.Remove, e.Path) {
			continue
		}
		from := "the built-in " + generator.TemplateDir + "/" + name
		if replaced[name] {
			from = p.TemplateAt(name)
		}
		outs = append(outs, output{path: e.Path, from: from, lower: strings.ToLower(e.Path), replaced: replaced[name]})
	}
	for _, name := range p.OverlayFiles() {
		if out := strings.TrimSuffix(name, ".tmpl"); !replaced[name] && !strings.Contains(out, "{{") {
			outs = append(outs, output{path: out, from: p.TemplateAt(name), lower: strings.ToLower(out), overlay: true})
		}
	}
	for _, a := range outs {
		if !a.overlay {
			continue
		}
		for _, b := range outs {
			if a == b {
				continue
			}
			la, lb := a.lower, b.lower
			switch {
			case la == lb && a.path == b.path:
				return fmt.Errorf("%s: renders %s, which %s renders too", a.from, a.path, b.from)
			case la == lb:
				hint := ""
				if !b.overlay && !b.replaced {
					hint = generator.MakefileCaseHint(a.path, b.path)
				}
				return fmt.Errorf("%s: renders %s, which differs only in letter case from %s, rendered from %s: a case-insensitive file system (macOS, Windows) holds one file for both%s", a.from, a.path, b.path, b.from, hint)
			case strings.HasPrefix(la, lb+"/"):
				return fmt.Errorf("%s: renders %s, under %s, which %s renders as a file: a path cannot be a file and a directory", a.from, a.path, b.path, b.from)
			case strings.HasPrefix(lb, la+"/"):
				return fmt.Errorf("%s: renders %s as a file, but %s, rendered from %s, needs a directory there", a.from, a.path, b.path, b.from)
			}
			if da, db := generator.DirCaseTwins(a.path, b.path); da != "" {
				return fmt.Errorf("%s: renders %s, in the directory %s, which differs only in letter case from the directory %s of %s, rendered from %s: a case-insensitive file system (macOS, Windows) holds one directory for both; rename the overlay's %s", a.from, a.path, da, db, b.path, b.from, da)
			}
		}
	}
	return nil
}

// TemplateAt returns the overlay template name as messages show it: the file of the pack
// of the chain that holds it (base/overlay/Makefile.tmpl).
func (p Pack) TemplateAt(name string) string {
	if s, ok := p.where[name]; ok {
		return s
	}
	return name
}
