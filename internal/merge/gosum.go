package merge

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/mod/module"
)

// GoSum merges three versions of a go.sum file by meaning: a go.sum is a set of
// checksums, one per module version (and per module version's go.mod), so the result is
// every line of ours plus every line theirs added to base, sorted as the go command
// writes them, three ways per line as GoMod merges requires: a line theirs dropped goes
// when ours has it as base has it (not the user's: `go mod tidy`, run after the merge,
// adds it back when a build still needs it), and stays when ours added or changed it.
// Ours and theirs holding different checksums for the same module version is a
// conflict, written as a conflict block of Text's form in place of the lines. A line that
// is not a go.sum line is an error.
func GoSum(base, ours, theirs []byte, labels Labels) (Result, error) {
	b, err := parseGoSum("base", base)
	if err != nil {
		return Result{}, err
	}
	o, err := parseGoSum("yours", ours)
	if err != nil {
		return Result{}, err
	}
	t, err := parseGoSum("theirs", theirs)
	if err != nil {
		return Result{}, err
	}
	merged := map[module.Version]string{}
	for k, h := range o {
		if _, kept := t[k]; !kept && b[k] == h {
			continue // as base had it, and theirs dropped it
		}
		merged[k] = h
	}
	type clash struct{ ours, base, theirs string }
	clashes := map[module.Version]clash{}
	for k, h := range t {
		if bh, ok := b[k]; ok && bh == h {
			continue // not theirs' change
		}
		switch oh, ok := o[k]; {
		case !ok:
			merged[k] = h
		case oh != h:
			clashes[k] = clash{oh, b[k], h}
		}
	}
	keys := make([]module.Version, 0, len(merged))
	for k := range merged {
		keys = append(keys, k)
	}
	module.Sort(keys)
	var out bytes.Buffer
	line := func(k module.Version, h string) []string {
		if h == "" {
			return nil
		}
		return []string{k.Path + " " + k.Version + " " + h + "\n"}
	}
	for _, k := range keys {
		c, ok := clashes[k]
		if !ok {
			writeLines(&out, line(k, merged[k]))
			continue
		}
		writeLines(&out, conflictBlock(labels, line(k, c.ours), line(k, c.base), line(k, c.theirs), "\n"))
	}
	return Result{Merged: out.Bytes(), Conflicts: len(clashes)}, nil
}

// parseGoSum reads go.sum lines into a map from module version (with "/go.mod" for a
// go.mod's checksum) to checksum.
func parseGoSum(name string, data []byte) (map[module.Version]string, error) {
	sums := map[module.Version]string{}
	for i, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case len(f) == 3:
			sums[module.Version{Path: f[0], Version: f[1]}] = f[2]
		default:
			return nil, fmt.Errorf("merge go.sum (%s): line %d: want module, version and checksum, got %q", name, i+1, line)
		}
	}
	return sums, nil
}

// GoSumPreserves checks that result, a merge of the go.sum file ours, kept every
// checksum ours has (in a conflict block, in ours' section).
func GoSumPreserves(ours, result []byte) error { return GoSumPreservesEdits(nil, ours, result) }

// GoSumPreservesEdits is GoSumPreserves for a merge of ours with a version changed from
// base (GoSum): a checksum ours has as base has it may go, as the other version dropped
// it; every other checksum of ours must stay.
func GoSumPreservesEdits(base, ours, result []byte) error {
	view, err := oursView(result)
	if err != nil {
		return err
	}
	b, err := parseGoSum("base", base)
	if err != nil {
		return err
	}
	o, err := parseGoSum("yours", ours)
	if err != nil {
		return err
	}
	r, err := parseGoSum("merged", view)
	if err != nil {
		return err
	}
	for k, h := range o {
		if _, ok := r[k]; !ok && b[k] == h {
			continue // not the user's: the other version dropped it
		}
		if r[k] != h {
			return fmt.Errorf("merged go.sum lost your checksum of %s %s", k.Path, k.Version)
		}
	}
	return nil
}
