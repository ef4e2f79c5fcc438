package merge

import (
	"fmt"
	"go/version"
	"maps"
	"slices"

	"golang.org/x/mod/modfile"
)

// GoModPreserves checks that result, a merge of the go.mod file ours, kept everything
// ours says, by meaning: the module path; the go line, and every require, at the same or
// a higher version; the toolchain line, at the same or a higher version (or gone, when
// the result's go line implies it, see ToolchainImplied); every replace,
// exclude, retract, tool and ignore line. In a conflict block only ours'
// section counts, as for Preserves. It is the no-line-lost check of GoMod, whose result
// keeps the user's meaning while a template's version raise changes the user's lines.
func GoModPreserves(ours, result []byte) error {
	return GoModPreservesEdits(nil, ours, result)
}

// GoModPreservesEdits is GoModPreserves for a merge of ours with a version changed from
// base: a require or replace line ours has as base has it (version, indirect marking and
// comments; text) is no edit of the user's, and the other version may drop it, or change
// the replace. An empty base is none: every line of ours counts.
func GoModPreservesEdits(base, ours, result []byte) error {
	view, err := oursView(result)
	if err != nil {
		return err
	}
	o, err := modfile.Parse("go.mod (yours)", ours, nil)
	if err != nil {
		return fmt.Errorf("check go.mod: %w", err)
	}
	var baseRequires map[string]*modfile.Require
	baseLines := map[string]keyedLine{}
	if len(base) > 0 {
		b, err := modfile.Parse("go.mod (base)", base, nil)
		if err != nil {
			return fmt.Errorf("check go.mod: %w", err)
		}
		baseRequires, baseLines = requireVersions(b), keyedLines(b)
	}
	r, err := modfile.Parse("go.mod (merged)", view, nil)
	if err != nil {
		return fmt.Errorf("check go.mod: %w", err)
	}
	if modulePath(o) != modulePath(r) {
		return fmt.Errorf("merged go.mod says module %q, yours %q", modulePath(r), modulePath(o))
	}
	if o.Go != nil && (r.Go == nil || goVersionLess(r.Go.Version, o.Go.Version)) {
		return fmt.Errorf("merged go.mod lowered your go line %s", o.Go.Version)
	}
	if o.Toolchain != nil && (r.Toolchain == nil || goVersionLess(r.Toolchain.Name, o.Toolchain.Name)) &&
		(r.Go == nil || !ToolchainImplied(o.Toolchain.Name, r.Go.Version)) {
		return fmt.Errorf("merged go.mod lost or lowered your toolchain %s", o.Toolchain.Name)
	}
	// In the order of the paths: a refusal names the same line every run.
	merged, requires := requireVersions(r), requireVersions(o)
	for _, path := range slices.Sorted(maps.Keys(requires)) {
		req := requires[path]
		m, ok := merged[path]
		switch {
		case !ok && baseRequires[path] != nil && sameRequire(req, baseRequires[path]):
			// not the user's: the other version dropped it
		case !ok:
			return fmt.Errorf("merged go.mod lost your require %s %s", path, req.Mod.Version)
		case semverLess(m.Mod.Version, req.Mod.Version):
			return fmt.Errorf("merged go.mod lowered your require %s %s to %s", path, req.Mod.Version, m.Mod.Version)
		}
	}
	lines := keyedLines(o)
	for _, key := range slices.Sorted(maps.Keys(lines)) {
		line := lines[key]
		if line.replace == nil || baseLines[key].text == line.text {
			continue // not the user's when base has it so
		}
		if m, ok := keyedLines(r)[key]; !ok || m.text != line.text {
			return fmt.Errorf("merged go.mod lost your replace %s", line.text)
		}
	}
	for _, check := range []struct {
		verb string
		keys func(*modfile.File) []string
	}{{"exclude", excludeKeys}, {"retract", retractKeys}, {"tool", toolKeys}, {"ignore", ignoreKeys}} {
		for _, k := range check.keys(o) {
			if !slices.Contains(check.keys(r), k) {
				return fmt.Errorf("merged go.mod lost your %s %s", check.verb, k)
			}
		}
	}
	return nil
}

// ToolchainImplied reports whether a toolchain line naming name says nothing more than
// the go line goVersion: it names that go version, or an older toolchain (a custom
// build's suffix aside). The go command drops such a line when it writes go.mod.
func ToolchainImplied(name, goVersion string) bool {
	return name == "go"+goVersion || version.Compare(name, "go"+goVersion) < 0
}

// oursView returns a merged result with each conflict block replaced by its ours
// section: the file as it is when every conflict is resolved in the user's favour.
func oursView(result []byte) ([]byte, error) {
	kept, err := withoutOtherSections(SplitLines(result), nil)
	if err != nil {
		return nil, err
	}
	var view []byte
	for _, k := range kept {
		view = append(view, k.text...)
	}
	return view, nil
}

func modulePath(f *modfile.File) string {
	if f.Module == nil {
		return ""
	}
	return f.Module.Mod.Path
}
