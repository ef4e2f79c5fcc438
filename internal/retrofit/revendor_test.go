package retrofit

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/poststep"
	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/scratch"
)

// TestRevendor re-vendors, as update does after merging go.mod, a module below the tree
// (svc) whose vendor/ holds a module replaced by a directory, once the merged go.mod
// requires a second one: the new module's files and modules.txt are changes of the tree,
// with its paths and its content as Old. A vendor/modules.txt out of date with the go.mod
// before the update, and a file of no vendored module in vendor/, are refused.
func TestRevendor(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not installed")
	}
	env := append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off")
	const (
		mod    = "module example.com/svc\n\ngo 1.26\n\nrequire example.com/one v0.0.0\n\nreplace example.com/one => ../one\n"
		merged = mod + "\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../dep\n"
	)
	setUp := func(t *testing.T) (dir, work string) {
		dir = t.TempDir()
		for p, body := range map[string]string{
			"one/go.mod":  "module example.com/one\n\ngo 1.26\n",
			"one/one.go":  "package one\n\nconst X = 1\n",
			"dep/go.mod":  "module example.com/dep\n\ngo 1.26\n",
			"dep/dep.go":  "package dep\n\nconst Y = 2\n",
			"svc/go.mod":  mod,
			"svc/main.go": "package main\n\nimport \"example.com/one\"\n\nfunc main() { println(one.X) }\n",
		} {
			writeTestFile(t, dir, p, body)
		}
		if err := (poststep.Runner{Env: env}).Go(context.Background(), filepath.Join(dir, "svc"), "mod", "vendor"); err != nil {
			t.Fatal(err)
		}
		// The copy the update checks: beside the tree's module, with the merged go.mod.
		work = filepath.Join(dir, "copy")
		if err := scratch.Copy(filepath.Join(dir, "svc"), work, nil, nil); err != nil {
			t.Fatal(err)
		}
		writeTestFile(t, work, "go.mod", merged)
		writeTestFile(t, work, "main.go", "package main\n\nimport (\n\t\"example.com/dep\"\n\t\"example.com/one\"\n)\n\nfunc main() { println(one.X, dep.Y) }\n")
		return dir, work
	}
	run := poststep.Runner{Env: env}

	dir, work := setUp(t)
	changes, err := Revendor(context.Background(), run, dir, "svc", work, []byte(mod))
	if err != nil {
		t.Fatalf("Revendor: %v", err)
	}
	byPath := map[string]generator.Change{}
	for _, c := range changes {
		byPath[c.Path] = c
	}
	if c, ok := byPath["svc/vendor/example.com/dep/dep.go"]; !ok || c.Old != nil || string(c.Content) != "package dep\n\nconst Y = 2\n" {
		t.Errorf("the new module's file: %+v (%v); changes %v", c, ok, slices.Collect(maps.Keys(byPath)))
	}
	txt, err := os.ReadFile(filepath.Join(dir, "svc", "vendor", "modules.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := byPath["svc/vendor/modules.txt"]; !ok || string(c.Old) != string(txt) || !strings.Contains(string(c.Content), "example.com/dep") {
		t.Errorf("modules.txt: %+v (%v)", c, ok)
	}

	t.Run("out of date", func(t *testing.T) {
		dir, work := setUp(t)
		writeTestFile(t, dir, "svc/vendor/modules.txt", "")
		_, err := Revendor(context.Background(), run, dir, "svc", work, []byte(mod))
		var r *Refusal
		if !errors.As(err, &r) || !strings.Contains(err.Error(), "svc/vendor/modules.txt is out of date") || !strings.Contains(err.Error(), "run update again") {
			t.Fatalf("Revendor: %v, want a refusal naming the stale modules.txt", err)
		}
	})
	t.Run("a file of no module", func(t *testing.T) {
		dir, work := setUp(t)
		writeTestFile(t, dir, "svc/vendor/NOTES", "ours\n")
		_, err := Revendor(context.Background(), run, dir, "svc", work, []byte(mod))
		var r *Refusal
		if !errors.As(err, &r) || !strings.Contains(err.Error(), "svc/vendor/NOTES") || !strings.Contains(err.Error(), "run update again") {
			t.Fatalf("Revendor: %v, want a refusal naming vendor/NOTES", err)
		}
	})
}

func writeTestFile(t *testing.T, dir, p, body string) {
	t.Helper()
	f := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRevendorKeepsYours re-vendors a module (svc) whose vendor/ holds example.com/lib
// v1.0.0 from a module proxy and example.com/one replaced by ../one, once the merged
// go.mod no longer imports lib/extra: go mod vendor then writes neither that package's
// directory nor any directory it never wrote. A file there is deleted only when the
// module's source holds it as it is; a file of the user's (notes, a patch, a file added
// to the copy of a module replaced by a directory) is refused, named, before anything is
// planned.
func TestRevendorKeepsYours(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not installed")
	}
	env := append(proxyOf(t, libVersions()), "GOFLAGS=-mod=mod -modcacherw", "GOWORK=off")
	const (
		mod   = "module example.com/svc\n\ngo 1.26\n\nrequire (\n\texample.com/lib v1.0.0\n\texample.com/one v0.0.0\n)\n\nreplace example.com/one => ../one\n"
		extra = "svc/vendor/example.com/lib/extra/extra.go"
	)
	run := poststep.Runner{Env: env}
	for _, tc := range []struct {
		name, file, body string
		want             string // in the refusal; "" when the re-vendoring goes ahead
	}{
		{name: "a dropped package as the module has it", want: ""},
		{name: "notes in a directory go mod vendor does not write", file: "svc/vendor/example.com/lib/docs/NOTES.local", body: "ours\n",
			want: "svc/vendor/example.com/lib/docs/NOTES.local (added to example.com/lib v1.0.0)"},
		{name: "a patch of a dropped package", file: extra, body: "package extra\n\nconst Z = 4 // ours\n",
			want: extra + " (of example.com/lib v1.0.0)"},
		{name: "a file added to a module replaced by a directory", file: "svc/vendor/example.com/one/mine/NOTES", body: "ours\n",
			want: "svc/vendor/example.com/one/mine/NOTES (not in ../one, which replaces example.com/one)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for p, body := range map[string]string{
				"one/go.mod":  "module example.com/one\n\ngo 1.26\n",
				"one/one.go":  "package one\n\nconst X = 1\n",
				"dep/go.mod":  "module example.com/dep\n\ngo 1.26\n",
				"dep/dep.go":  "package dep\n\nconst Y = 2\n",
				"svc/go.mod":  mod,
				"svc/main.go": "package main\n\nimport (\n\t\"example.com/lib\"\n\t\"example.com/lib/extra\"\n\t\"example.com/one\"\n)\n\nfunc main() { println(one.X, lib.A, extra.Z) }\n",
			} {
				writeTestFile(t, dir, p, body)
			}
			goMod, work := vendoredCopy(t, run, dir)
			writeTestFile(t, work, "go.mod", strings.Replace(string(goMod), "replace example.com/one", "require example.com/dep v0.0.0\n\nreplace example.com/dep => ../dep\n\nreplace example.com/one", 1))
			writeTestFile(t, work, "main.go", "package main\n\nimport (\n\t\"example.com/dep\"\n\t\"example.com/lib\"\n\t\"example.com/one\"\n)\n\nfunc main() { println(one.X, lib.A, dep.Y) }\n")
			if tc.file != "" {
				writeTestFile(t, dir, tc.file, tc.body)
			}
			changes, err := Revendor(context.Background(), run, dir, "svc", work, goMod)
			if tc.want != "" {
				var r *Refusal
				if !errors.As(err, &r) || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("Revendor: %v, want a refusal naming %q", err, tc.want)
				}
				if got, err := os.ReadFile(filepath.Join(dir, tc.file)); err != nil || string(got) != tc.body {
					t.Errorf("%s after the refusal: %q, %v", tc.file, got, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Revendor: %v", err)
			}
			deleted := false
			for _, c := range changes {
				deleted = deleted || c.Path == extra && c.Delete
			}
			if !deleted {
				t.Errorf("%s, of the package no longer imported, is not deleted: %+v", extra, changes)
			}
		})
	}
}

// TestRevendorPinnedSource: a vendored module whose required version add raises while a
// replace pins its source (example.com/lib => example.com/lib v1.0.0) is vendored from
// the same source after add: a file of it that the re-vendoring rewrites otherwise is a
// patch of the user's, refused, as for a module whose version does not change.
func TestRevendorPinnedSource(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not installed")
	}
	env := append(proxyOf(t, libVersions()), "GOFLAGS=-mod=mod -modcacherw", "GOWORK=off")
	run := poststep.Runner{Env: env}
	const mod = "module example.com/svc\n\ngo 1.26\n\nrequire example.com/lib v1.0.0\n\nreplace example.com/lib => example.com/lib v1.0.0\n"
	for _, patch := range []bool{false, true} {
		dir := t.TempDir()
		svc := filepath.Join(dir, "svc")
		writeTestFile(t, svc, "go.mod", mod)
		writeTestFile(t, svc, "main.go", "package main\n\nimport \"example.com/lib\"\n\nfunc main() { println(lib.A) }\n")
		goMod, work := vendoredCopy(t, run, dir)
		writeTestFile(t, work, "go.mod", strings.Replace(string(goMod), "require example.com/lib v1.0.0", "require example.com/lib v1.1.0", 1))
		const patched = "package lib\n\nconst A = 7 // ours\n"
		if patch {
			writeTestFile(t, svc, "vendor/example.com/lib/lib.go", patched)
		}
		_, err := Revendor(context.Background(), run, dir, "svc", work, goMod)
		if !patch {
			if err != nil {
				t.Fatalf("Revendor without a patch: %v", err)
			}
			continue
		}
		var r *Refusal
		if want := "svc/vendor/example.com/lib/lib.go (of example.com/lib v1.0.0)"; !errors.As(err, &r) || !strings.Contains(err.Error(), want) {
			t.Fatalf("Revendor: %v, want a refusal naming %q", err, want)
		}
		if got, err := os.ReadFile(filepath.Join(svc, "vendor/example.com/lib/lib.go")); err != nil || string(got) != patched {
			t.Errorf("the patch is not kept: %q, %v", got, err)
		}
	}
}

// vendoredCopy tidies and vendors the module dir/svc with run, and returns its go.mod
// and a scratch copy of it (dir/copy), where a test makes add's changes before Revendor.
func vendoredCopy(t *testing.T, run poststep.Runner, dir string) (goMod []byte, work string) {
	t.Helper()
	svc := filepath.Join(dir, "svc")
	for _, args := range [][]string{{"mod", "tidy"}, {"mod", "vendor"}} {
		if err := run.Go(context.Background(), svc, args...); err != nil {
			t.Fatal(err)
		}
	}
	goMod, err := os.ReadFile(filepath.Join(svc, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	work = filepath.Join(dir, "copy")
	if err := scratch.Copy(svc, work, nil, nil); err != nil {
		t.Fatal(err)
	}
	return goMod, work
}

// proxyOf builds a file-based GOPROXY holding the module versions of mods, each of the
// files given by slash-separated path (with the go.mod `module PATH` and `go 1.26` where
// none is given), and returns the environment that has the go command use it with a
// module cache of the test's.
func proxyOf(t *testing.T, mods map[module.Version]map[string]string) []string {
	t.Helper()
	proxy := t.TempDir()
	lists := map[string][]string{}
	for m, files := range mods {
		src := t.TempDir()
		goMod := cmp.Or(files["go.mod"], "module "+m.Path+"\n\ngo 1.26\n")
		writeTestFile(t, src, "go.mod", goMod)
		for p, body := range files {
			writeTestFile(t, src, p, body)
		}
		vdir := filepath.Join(proxy, filepath.FromSlash(m.Path), "@v")
		writeTestFile(t, vdir, m.Version+".mod", goMod)
		writeTestFile(t, vdir, m.Version+".info", `{"Version":"`+m.Version+`","Time":"2026-01-02T03:04:05Z"}`)
		zf, err := os.Create(filepath.Join(vdir, m.Version+".zip"))
		if err != nil {
			t.Fatal(err)
		}
		if err := modzip.CreateFromDir(zf, m, src); err != nil {
			t.Fatal(err)
		}
		if err := zf.Close(); err != nil {
			t.Fatal(err)
		}
		lists[vdir] = append(lists[vdir], m.Version)
	}
	for vdir, versions := range lists {
		writeTestFile(t, vdir, "list", strings.Join(versions, "\n")+"\n")
	}
	return append(os.Environ(), "GOPROXY=file://"+filepath.ToSlash(proxy), "GOMODCACHE="+t.TempDir(),
		"GOSUMDB=off", "GOPRIVATE=", "GONOPROXY=", "GOTOOLCHAIN=local", "GOFLAGS=")
}

// libVersions are example.com/lib v1.0.0 and v1.1.0 for proxyOf: packages lib and
// lib/extra, v1.1.0 being v1.0.0 with another A.
func libVersions() map[module.Version]map[string]string {
	out := map[module.Version]map[string]string{}
	for version, a := range map[string]string{"v1.0.0": "3", "v1.1.0": "5"} {
		out[module.Version{Path: "example.com/lib", Version: version}] = map[string]string{
			"LICENSE":        "permission granted\n",
			"lib.go":         "package lib\n\nconst A = " + a + "\n",
			"extra/extra.go": "package extra\n\nconst Z = 4\n",
			"docs/guide.md":  "# guide\n",
		}
	}
	return out
}

// TestLinkedVendor: a module whose vendor/ is a symbolic link to a directory (a vendor
// directory several modules share) is refused by add and update, naming the link and
// where it leads, since neither writes through a link; a link that leads nowhere or to
// a file is no vendor directory for the go command, and a real vendor/ is re-vendored.
func TestLinkedVendor(t *testing.T) {
	tests := []struct {
		name, verb string
		make       func(t *testing.T, dir string) // makes dir/svc/vendor
		want       string                         // in the refusal; "" for none
	}{
		{"a link to a vendor directory, add", "", linkTo("../shared-vendor"),
			"svc/vendor is a symbolic link (to ../shared-vendor): the go command builds the module from the directory it leads to, but add writes nothing through a link"},
		{"a link to a vendor directory, update", "update", linkTo("../shared-vendor"), "then run update again"},
		{"a link that leads nowhere", "", linkTo("../gone"), ""},
		{"a link to a file", "", linkTo("../shared-vendor/modules.txt"), ""},
		{"a directory", "", func(t *testing.T, dir string) {
			writeTestFile(t, dir, "svc/vendor/modules.txt", "# example.com/a v1.0.0\n")
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTestFile(t, dir, "svc/go.mod", "module example.com/svc\n\ngo 1.26\n")
			writeTestFile(t, dir, "shared-vendor/modules.txt", "# example.com/a v1.0.0\n")
			tt.make(t, dir)
			p := &planner{t: &Target{Dir: dir, Module: &repo.Module{Dir: "svc"}}, verb: tt.verb}
			err := p.linkedVendor(filepath.Join(dir, "svc"))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("linkedVendor: %v", err)
				}
				return
			}
			var r *Refusal
			if !errors.As(err, &r) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("linkedVendor: %v, want a refusal containing %q", err, tt.want)
			}
		})
	}
}

// linkTo returns a maker of svc/vendor as a symbolic link to target.
func linkTo(target string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, "svc", "vendor")); err != nil {
			t.Fatal(err)
		}
	}
}

// TestVendorFlag reads -mod=vendor from the GOFLAGS the go commands add starts would
// see: of several in the environment, the last (os/exec keeps it), split as the go
// command splits it (quoted entries), its last -mod counting.
func TestVendorFlag(t *testing.T) {
	tests := []struct {
		env  []string
		want bool
	}{
		{[]string{"HOME=/home/u"}, false},
		{[]string{"GOFLAGS=-mod=vendor"}, true},
		{[]string{"GOFLAGS=-trimpath -mod=vendor"}, true},
		{[]string{"GOFLAGS=-mod=vendor", "GOFLAGS=-trimpath"}, false},
		{[]string{"GOFLAGS=-trimpath", "GOFLAGS=-mod=vendor"}, true},
		// Split as the go command splits GOFLAGS: an entry quoted whole is one flag.
		{[]string{`GOFLAGS="-mod=vendor"`}, true},
		{[]string{`GOFLAGS="-ldflags=-X main.v=1 -mod=vendor -w"`}, false}, // one -ldflags
		{[]string{"GOFLAGS=--mod=vendor"}, true},
		{[]string{"GOFLAGS=-mod=vendor -mod=mod"}, false},
	}
	for _, tt := range tests {
		if got := vendorFlag(tt.env); got != tt.want {
			t.Errorf("vendorFlag(%q) = %v, want %v", tt.env, got, tt.want)
		}
	}
}
