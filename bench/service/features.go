//go:build linux

package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// optional are the optional features whose binary cost is measured.
var optional = []string{"otel", "mtls", "pprof"}

// variant is one rendering of a framework with some optional features left out.
type variant struct {
	framework string
	without   []string // nil: every optional feature on
	label     string
	size      int64
	hash      string // of the Go sources and go.mod: equal hashes build equal binaries
	err       error
}

// featureCost renders each framework with every optional feature, without each one in
// turn and without all of them, builds each distinct rendering and returns the sizes.
// cli is a built gonew-prod binary.
func featureCost(ctx context.Context, cli, work string, frameworks []string) []variant {
	var out []variant
	for _, fw := range frameworks {
		plans := [][]string{nil}
		for _, f := range optional {
			plans = append(plans, []string{f})
		}
		plans = append(plans, optional)
		built := map[string]int64{} // source hash → binary size
		for _, without := range plans {
			v := variant{framework: fw, without: without, label: "all on"}
			if without != nil {
				v.label = "without " + strings.Join(without, ",")
			}
			v.size, v.hash, v.err = renderAndBuild(ctx, cli, work, fw, without, built)
			logf("feature cost: %s %s: %s", fw, v.label, sizeOrErr(v.size, v.err))
			out = append(out, v)
		}
	}
	return out
}

func sizeOrErr(size int64, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return mb(size)
}

func renderAndBuild(ctx context.Context, cli, work, framework string, without []string, built map[string]int64) (int64, string, error) {
	name := framework + "-all"
	if without != nil {
		name = framework + "-no-" + strings.Join(without, "-")
	}
	dir := filepath.Join(work, "features", name)
	with := slices.DeleteFunc(slices.Clone(optional), func(f string) bool { return slices.Contains(without, f) })
	// One module path for every variant, so unchanged packages come from the build cache.
	args := []string{"new", "--yes", "--no-git", "--no-tidy", "--module", "example.com/bench/svc", "--framework", framework}
	if len(with) > 0 {
		args = append(args, "--with", strings.Join(with, ","))
	}
	if len(without) > 0 {
		args = append(args, "--without", strings.Join(without, ","))
	}
	if _, err := runCmd(ctx, tidyTimeout, work, nil, cli, append(args, dir)...); err != nil {
		return 0, "", err
	}
	hash, err := sourceHash(dir)
	if err != nil {
		return 0, "", err
	}
	if size, ok := built[hash]; ok {
		return size, hash, nil
	}
	p := &project{name: name, dir: dir}
	if err := p.build(ctx); err != nil {
		return 0, hash, err
	}
	facts, err := inspectBinary(p.binary)
	if err != nil {
		return 0, hash, err
	}
	built[hash] = facts.size
	return facts.size, hash, nil
}

// sourceHash hashes the non-test Go files and go.mod of dir.
func sourceHash(dir string) (string, error) {
	h := sha256.New()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if rel != "go.mod" && (!strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go")) {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%s\x00", rel, data)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}
