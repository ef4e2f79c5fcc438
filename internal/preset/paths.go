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
	lower      string              // path in lower case
	overlay    bool                // added by the overlay, not a built-in template's path
	replaced   bool                // a built-in template's path, the overlay's template replacing it
	when       generator.Condition // the answers a built-in path is rendered for
	tmpl       string              // the template's name (deps/gin/go.sum.tmpl)
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
		outs = append(outs, output{path: e.Path, from: from, lower: strings.ToLower(e.Path), replaced: replaced[name], when: e.When, tmpl: name})
	}
	for _, name := range p.OverlayFiles() {
		if out := strings.TrimSuffix(name, ".tmpl"); !replaced[name] && !strings.Contains(out, "{{") {
			outs = append(outs, output{path: out, from: p.TemplateAt(name), lower: strings.ToLower(out), overlay: true, tmpl: name})
		}
	}
	for i, a := range outs {
		if !a.overlay {
			continue
		}
		for j, b := range outs {
			if i == j {
				continue
			}
			la, lb := a.lower, b.lower
			switch {
			case la == lb && a.path == b.path:
				// Overlay names are unique: b is a built-in path, and its template's name
				// is not a's.
				return fmt.Errorf("%s: renders %s, %s", a.from, a.path, builtinVariants(a, outs))
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

// builtinVariants returns the end of the refusal of an overlay template that adds the
// built-in path out, its name not that of the built-in template: the built-in templates
// of out, one per set of answers (go.sum: deps/gin/go.sum.tmpl, deps/gin-otel/go.sum.tmpl,
// ...), and the two ways on: leave the built-in file out to write the overlay's whatever
// the answers, or name the overlay template as one of them to replace that one only.
func builtinVariants(a output, outs []output) string {
	var named, tmpls []string
	for _, o := range outs {
		if o.overlay || o.path != a.path {
			continue
		}
		from := strings.TrimPrefix(o.from, "the built-in ")
		if cond := o.when.String(); cond != "" {
			from += " (" + cond + ")"
		}
		named, tmpls = append(named, from), append(tmpls, o.tmpl)
	}
	which := "which the built-in template " + named[0] + " renders too"
	if len(named) > 1 {
		which = "which the built-in templates render too, one for each set of answers: " + strings.Join(named, ", ")
	}
	return fmt.Sprintf("%s; to write the overlay's %s whatever the answers, leave the built-in one out (remove: [%s]), or name the overlay template as a built-in one (%s) to replace that one only, for its answers",
		which, a.path, a.path, strings.TrimSuffix(a.from, a.tmpl)+tmpls[0])
}

// IdleReplacements returns a line for each overlay template that replaces the built-in
// template of a path for other answers than a, while a renders that path from another
// built-in template: overlay/deps/gin/go.sum.tmpl, with gin and otel, whose go.sum is
// the built-in deps/gin-otel/go.sum.tmpl. The pack's file is then not written, the
// built-in one is, which new and presets validate say.
func (p Pack) IdleReplacements(a generator.Answers) ([]string, error) {
	m, err := builtin.Manifest()
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, e := range m.Files {
		name := e.TemplateName()
		if _, ok := p.Overlay[name]; !ok || e.When.Holds(a, nil) {
			continue
		}
		for _, o := range m.Files {
			if o.Path != e.Path || !o.When.Holds(a, nil) || slices.Contains(p.Remove, o.Path) {
				continue
			}
			if _, ok := p.Overlay[o.TemplateName()]; ok {
				continue
			}
			at := p.TemplateAt(name)
			dir := strings.TrimSuffix(at, name)
			lines = append(lines, fmt.Sprintf("%s is not used: it replaces the built-in %s only with %s; with %s, %s is rendered from the built-in %s/%s (name the overlay template %s%s to replace that one, or leave the built-in %s out, remove: [%s], and name it %s%s.tmpl to write it whatever the answers)",
				at, e.Path, e.When, o.When, e.Path, generator.TemplateDir, o.TemplateName(), dir, o.TemplateName(), e.Path, e.Path, dir, e.Path))
		}
	}
	return lines, nil
}

// TemplateAt returns the overlay template name as messages show it: the file of the pack
// of the chain that holds it (base/overlay/Makefile.tmpl).
func (p Pack) TemplateAt(name string) string {
	if s, ok := p.where[name]; ok {
		return s
	}
	return name
}
