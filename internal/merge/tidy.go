package merge

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"golang.org/x/mod/modfile"
)

// Tidied returns ours, the go.mod that `go mod tidy` ran on, with those of tidy's changes
// that keep everything ours says: the requirements tidy added or raised (with tidy's
// indirect marks) and a raised go line. What tidy dropped or rewrote otherwise stays as
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
	if changed {
		o.SetRequireSeparateIndirect(reqs)
	}
	if t.Go != nil && (o.Go == nil || goVersionLess(o.Go.Version, t.Go.Version)) {
		if err := o.AddGoStmt(t.Go.Version); err != nil {
			return nil, fmt.Errorf("go.mod after go mod tidy: %w", err)
		}
		changed = true
	}
	if !changed {
		return ours, nil
	}
	o.Cleanup()
	return o.Format()
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
