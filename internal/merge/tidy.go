package merge

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// Tidied returns ours, the go.mod that `go mod tidy` ran on, with those of tidy's changes
// that keep everything ours says: the requirements tidy added or raised, tidy's indirect
// mark on every requirement both hold, and a raised go line. What tidy dropped or rewrote otherwise stays as
// ours has it — a requirement no package imports any more, a comment, the toolchain,
// godebug, tool and ignore lines, the layout — so the result passes GoModPreserves
// against ours. Without such changes it returns ours byte for byte.
func Tidied(ours, tidied []byte) ([]byte, error) {
	o, err := modfile.Parse("go.mod", ours, nil)
	if err != nil {
		return nil, fmt.Errorf("go.mod before go mod tidy: %w", err)
	}
	t, err := modfile.Parse("go.mod", tidied, nil)
	if err != nil {
		return nil, fmt.Errorf("go.mod after go mod tidy: %w", err)
	}
	mine, theirs := requireVersions(o), requireVersions(t)
	changed := false
	var reqs []*modfile.Require
	for _, path := range slices.Sorted(maps.Keys(mine)) {
		r := *mine[path]
		if tr, ok := theirs[path]; ok {
			if semverLess(r.Mod.Version, tr.Mod.Version) {
				r.Mod.Version = tr.Mod.Version
			}
			r.Indirect = tr.Indirect
		}
		changed = changed || r.Mod.Version != mine[path].Mod.Version || r.Indirect != mine[path].Indirect
		reqs = append(reqs, &r)
	}
	for _, path := range slices.Sorted(maps.Keys(theirs)) {
		if _, ok := mine[path]; !ok {
			reqs = append(reqs, theirs[path])
			changed = true
		}
	}
	var edits []textEdit
	if t.Go != nil && (o.Go == nil || goVersionLess(o.Go.Version, t.Go.Version)) {
		var module *modfile.Line
		if o.Module != nil {
			module = o.Module.Syntax
		}
		edits = append(edits, setGoLineEdit(ours, o.Go, module, t.Go.Version))
	}
	if changed {
		more, err := requireEdits(ours, o, reqs)
		if err != nil {
			return nil, fmt.Errorf("go.mod: %w", err)
		}
		edits = append(edits, more...)
	}
	if len(edits) == 0 {
		return ours, nil
	}
	out := applyEdits(ours, edits)
	if err := holdsRequires(out, reqs, t.Go); err != nil {
		return nil, fmt.Errorf("go.mod: adding what go mod tidy added to your file in place went wrong (%w); add the requirements by hand (go get) and run again", err)
	}
	return out, nil
}

// holdsRequires checks that go.mod content requires exactly reqs (versions and indirect
// marks) and has a go line at least goLine's.
func holdsRequires(content []byte, reqs []*modfile.Require, goLine *modfile.Go) error {
	f, err := modfile.Parse("go.mod", content, nil)
	if err != nil {
		return err
	}
	have := requireVersions(f)
	if len(have) != len(reqs) {
		return fmt.Errorf("%d requires where %d are due", len(have), len(reqs))
	}
	for _, r := range reqs {
		h, ok := have[r.Mod.Path]
		if !ok || h.Mod.Version != r.Mod.Version || h.Indirect != r.Indirect {
			return fmt.Errorf("require %s %s is not there as due", r.Mod.Path, r.Mod.Version)
		}
	}
	if goLine != nil && (f.Go == nil || goVersionLess(f.Go.Version, goLine.Version)) {
		return fmt.Errorf("go line %s is not there", goLine.Version)
	}
	return nil
}

// TidiedSum returns ours, a go.sum that `go mod tidy` ran on, with every checksum tidy
// added: tidy's go.sum drops the lines no build needs, ours keeps them all (merged with
// no base, nothing of ours is the base's for tidy to drop). A checksum tidy wrote that
// differs from ours for the same module version is an error.
func TidiedSum(ours, tidied []byte) ([]byte, error) {
	merged, err := GoSum(nil, ours, tidied, Labels{})
	if err != nil {
		return nil, err
	}
	if !merged.Clean() {
		return nil, errors.New("go.sum holds a checksum that differs from the one go mod tidy wrote for the same module version; run go mod verify")
	}
	return merged.Merged, nil
}

// WithoutUnneeded returns planned, a merge of the go.mod yours (the user's, before the
// merge) that `go mod tidy` then ran on, without the requires yours has none of and tidy
// dropped: what the merge took from the other version (a require it added or raised that
// the user had removed) that no package imports. Those are no line of the user's, so tidy's
// drop of them is taken. So is its drop of a require of dropped, the module paths of
// DroppedYours: the other version dropped it, the user had changed it, and no package
// imports it any more (RequiresGone names them, for the user). Every other require yours
// has stays, as Tidied keeps it. Each such require's line goes, and a block it leaves
// empty; every other byte stays as it was.
func WithoutUnneeded(yours, planned, tidied []byte, dropped []string) ([]byte, error) {
	y, err := modfile.Parse("go.mod", yours, nil)
	if err != nil {
		return nil, fmt.Errorf("go.mod before the update: %w", err)
	}
	p, err := modfile.Parse("go.mod", planned, nil)
	if err != nil {
		return nil, fmt.Errorf("go.mod before go mod tidy: %w", err)
	}
	t, err := modfile.Parse("go.mod", tidied, nil)
	if err != nil {
		return nil, fmt.Errorf("go.mod after go mod tidy: %w", err)
	}
	mine, kept := requireVersions(y), requireVersions(t)
	var drop []*modfile.Require
	for _, r := range p.Require {
		_, yoursHas := mine[r.Mod.Path]
		_, tidyKept := kept[r.Mod.Path]
		if (!yoursHas || slices.Contains(dropped, r.Mod.Path)) && !tidyKept {
			drop = append(drop, r)
		}
	}
	if len(drop) == 0 {
		return planned, nil
	}
	return applyEdits(planned, dropRequireEdits(planned, p, drop)), nil
}

// RequiresGone returns the requires of before, a go.mod, whose module path is one of
// paths and that after has none of, in before's order.
func RequiresGone(before, after []byte, paths []string) ([]module.Version, error) {
	b, err := modfile.Parse("go.mod", before, nil)
	if err != nil {
		return nil, fmt.Errorf("go.mod before go mod tidy: %w", err)
	}
	a, err := modfile.Parse("go.mod", after, nil)
	if err != nil {
		return nil, fmt.Errorf("go.mod after go mod tidy: %w", err)
	}
	kept := requireVersions(a)
	var gone []module.Version
	for _, r := range b.Require {
		if _, ok := kept[r.Mod.Path]; !ok && slices.Contains(paths, r.Mod.Path) {
			gone = append(gone, r.Mod)
		}
	}
	return gone, nil
}

// TidiedUpdateSum returns planned, an update's merge of the go.sum yours (the user's,
// before the update) that `go mod tidy` then ran on, with what tidy made of it: every
// checksum tidy wrote, and of planned's checksums tidy dropped only those of yours that
// the update did not supersede. A checksum of yours is superseded when tidy's go.sum holds
// the same module at a version yours has no checksum of (the merge raised the module past
// the version yours selected, as for a Renovate bump below the template's): no build of
// the updated go.mod uses it. A checksum of yours of a module of gone, the paths of the
// requires the update dropped from go.mod (RequiresGone), is none either. A checksum
// planned took from the other version that tidy dropped is no line of the user's and goes
// too. So an update leaves go.sum as tidy writes it, but for the lines of yours it has no
// reason to touch. A checksum tidy wrote that differs from planned's for the same module
// version is an error.
func TidiedUpdateSum(yours, planned, tidied []byte, gone []string) ([]byte, error) {
	y, err := parseGoSum("yours", yours)
	if err != nil {
		return nil, err
	}
	p, err := parseGoSum("merged", planned)
	if err != nil {
		return nil, err
	}
	t, err := parseGoSum("tidied", tidied)
	if err != nil {
		return nil, err
	}
	versions := func(sums map[module.Version]string) map[string]map[string]bool {
		m := map[string]map[string]bool{}
		for k := range sums {
			if m[k.Path] == nil {
				m[k.Path] = map[string]bool{}
			}
			m[k.Path][strings.TrimSuffix(k.Version, "/go.mod")] = true
		}
		return m
	}
	yv, tv := versions(y), versions(t)
	superseded := func(path string) bool {
		for v := range tv[path] {
			if !yv[path][v] {
				return true
			}
		}
		return false
	}
	kept := maps.Clone(t)
	for k, h := range p {
		if th, ok := t[k]; ok {
			if th != h {
				return nil, errors.New("go.sum holds a checksum that differs from the one go mod tidy wrote for the same module version; run go mod verify")
			}
			continue
		}
		if y[k] == h && !superseded(k.Path) && !slices.Contains(gone, k.Path) {
			kept[k] = h
		}
	}
	return formatGoSum(kept), nil
}

// formatGoSum writes checksums as the go command writes go.sum: one line each, sorted.
func formatGoSum(sums map[module.Version]string) []byte {
	keys := slices.Collect(maps.Keys(sums))
	module.Sort(keys)
	var out bytes.Buffer
	for _, k := range keys {
		fmt.Fprintf(&out, "%s %s %s\n", k.Path, k.Version, sums[k])
	}
	return out.Bytes()
}
