package repo

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestBuildCompiles checks that a build's GOOS, GOARCH, tags and cgo decide
// whether it compiles a file, by its name and its constraint, and that what the
// build leaves unknown leaves the answer unknown unless the rest decides it.
func TestBuildCompiles(t *testing.T) {
	on, off := true, false
	darwinARM := Build{GOOS: "darwin", GOARCH: "arm64"}
	unknown := Build{}
	tests := []struct {
		name      string
		build     Build
		file, src string
		compiles  bool
		known     bool
	}{
		{name: "no constraint", build: unknown, file: "a.go", src: "package a\n", compiles: true, known: true},
		{name: "the platform's name suffix", build: darwinARM, file: "a_darwin.go", src: "package a\n", compiles: true, known: true},
		{name: "another platform's name suffix", build: darwinARM, file: "a_linux.go", src: "package a\n", compiles: false, known: true},
		{name: "GOOS and GOARCH suffixes", build: darwinARM, file: "a_darwin_amd64.go", src: "package a\n", compiles: false, known: true},
		{name: "the first element is no suffix", build: darwinARM, file: "linux.go", src: "package a\n", compiles: true, known: true},
		{name: "a suffix for an unknown GOOS", build: unknown, file: "a_linux.go", src: "package a\n", known: false},
		{name: "a suffix for an unknown GOARCH, a known GOOS it does not name", build: Build{GOOS: "darwin"}, file: "a_linux_arm64.go", src: "package a\n", compiles: false, known: true},
		{name: "ios builds darwin files", build: Build{GOOS: "ios", GOARCH: "arm64"}, file: "a_darwin.go", src: "package a\n", compiles: true, known: true},
		{name: "unix", build: darwinARM, file: "a.go", src: "//go:build unix\n\npackage a\n", compiles: true, known: true},
		{name: "a GOOS tag of an unknown GOOS", build: unknown, file: "a.go", src: "//go:build linux\n\npackage a\n", known: false},
		{name: "a false build tag decides an and", build: unknown, file: "a.go", src: "//go:build linux && prod\n\npackage a\n", compiles: false, known: true},
		{name: "a tag set by -tags", build: Build{GOOS: "linux", GOARCH: "amd64", Tags: []string{"prod"}}, file: "a.go", src: "//go:build prod\n\npackage a\n", compiles: true, known: true},
		{name: "cgo unknown", build: darwinARM, file: "a.go", src: "//go:build cgo\n\npackage a\n", known: false},
		{name: "cgo off", build: Build{GOOS: "linux", GOARCH: "amd64", Cgo: &off}, file: "a.go", src: "//go:build cgo\n\npackage a\n", compiles: false, known: true},
		{name: "cgo on", build: Build{GOOS: "linux", GOARCH: "amd64", Cgo: &on}, file: "a.go", src: "//go:build !cgo\n\npackage a\n", compiles: false, known: true},
		{name: "import \"C\" with cgo off", build: Build{GOOS: "linux", GOARCH: "amd64", Cgo: &off}, file: "a.go", src: "package a\n\n// #include <stdlib.h>\nimport \"C\"\n", compiles: false, known: true},
		{name: "import \"C\" in a group with cgo off", build: Build{GOOS: "linux", GOARCH: "amd64", Cgo: &off}, file: "a.go", src: "package a\n\nimport (\n\t\"fmt\"\n\n\t\"C\"\n)\n", compiles: false, known: true},
		{name: "import \"C\" with cgo on", build: Build{GOOS: "linux", GOARCH: "amd64", Cgo: &on}, file: "a.go", src: "package a\n\nimport \"C\"\n", compiles: true, known: true},
		{name: "import \"C\" with cgo unknown", build: darwinARM, file: "a.go", src: "package a\n\nimport \"C\"\n", known: false},
		{name: "import \"C\" with -tags cgo and cgo off", build: Build{GOOS: "linux", GOARCH: "amd64", Tags: []string{"cgo"}, Cgo: &off}, file: "a.go", src: "package a\n\nimport \"C\"\n", compiles: false, known: true},
		{name: "import \"C\", another platform's constraint, cgo unknown", build: darwinARM, file: "a.go", src: "//go:build linux\n\npackage a\n\nimport \"C\"\n", compiles: false, known: true},
		{name: "a release tag", build: unknown, file: "a.go", src: "//go:build go1.21\n\npackage a\n", compiles: true, known: true},
		{name: "ignore", build: darwinARM, file: "a.go", src: "//go:build ignore\n\npackage a\n", compiles: false, known: true},
		{name: "legacy lines all hold", build: darwinARM, file: "a.go", src: "// +build darwin\n// +build linux\n\npackage a\n", compiles: false, known: true},
		{name: "a second //go:build line", build: darwinARM, file: "a.go", src: "//go:build darwin\n//go:build linux\n\npackage a\n", known: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			compiles, known, _ := tt.build.Compiles(tt.file, []byte(tt.src))
			if known != tt.known || known && compiles != tt.compiles {
				t.Errorf("Compiles(%s) = %v, known %v; want %v, known %v", tt.file, compiles, known, tt.compiles, tt.known)
			}
		})
	}
}

// TestMainConstraint checks the constraint a file added to a main package must carry to
// be compiled exactly when its func main is: that of the file declaring it, by its
// name, its //go:build or // +build lines and its import "C", or those of the files
// declaring it joined by ||; none when one of them builds everywhere or theirs holds
// whatever the tags.
func TestMainConstraint(t *testing.T) {
	const mainGo = "package main\n\nfunc main() {}\n"
	tests := []struct {
		name  string
		files map[string]string // in the directory "d"
		want  string            // the constraint, "" for none
	}{
		{name: "no constraint", files: map[string]string{"main.go": mainGo, "serve_linux.go": "package main\n"}},
		{name: "a //go:build line", files: map[string]string{"main.go": "//go:build linux\n\n" + mainGo, "other.go": "package main\n"}, want: "linux"},
		{name: "a name suffix", files: map[string]string{"main_linux.go": mainGo}, want: "linux"},
		{name: "GOOS and GOARCH name suffixes", files: map[string]string{"main_linux_amd64.go": mainGo}, want: "linux && amd64"},
		{name: "a suffix and a line, each once", files: map[string]string{"main_linux.go": "// Copyright.\n\n// +build linux,amd64\n\n" + mainGo}, want: "linux && amd64"},
		{name: "import \"C\"", files: map[string]string{"main.go": "//go:build linux\n\npackage main\n\nimport \"C\"\n\nfunc main() {}\n"}, want: "linux && cgo"},
		{name: "a split main", files: map[string]string{"main_linux.go": mainGo, "main_darwin.go": mainGo}, want: "linux || darwin"},
		{name: "a split main of every platform", files: map[string]string{"main_linux.go": mainGo, "main_other.go": "//go:build !linux\n\n" + mainGo}},
		{name: "a split main, one side unconstrained", files: map[string]string{"main.go": mainGo, "main_tools.go": "//go:build tools\n\n" + mainGo}},
		{name: "a go run generator beside it", files: map[string]string{"main.go": "//go:build linux\n\n" + mainGo, "gen.go": "//go:build ignore\n\n" + mainGo}, want: "linux"},
		{name: "a tagged main", files: map[string]string{"main.go": "//go:build prod\n\n" + mainGo}, want: "prod"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := openFilesInD(t, tt.files)
			m, _ := r.Main("d")
			if m == nil {
				t.Fatal("no main package in d")
			}
			x, err := r.MainConstraint(m)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if x != nil {
				got = x.String()
			}
			if got != tt.want {
				t.Errorf("MainConstraint = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestMatchesReadsEachFileOnce matches one directory twice, its file changed
// between the calls to import "C" under a build with cgo off: the second answer is
// the first, as Matches reads each file's header and imports once (see goHead)
// rather than on every call, which a build matched against every directory made
// quadratic.
func TestMatchesReadsEachFileOnce(t *testing.T) {
	off := false
	top := t.TempDir()
	for name, src := range map[string]string{"go.mod": "module example.test/svc\n\ngo 1.26\n", "lib/lib.go": "package lib\n"} {
		if err := os.MkdirAll(filepath.Join(top, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(top, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := OpenDir(context.Background(), top, ".", "svc")
	if err != nil {
		t.Fatal(err)
	}
	b := Build{GOOS: "linux", GOARCH: "amd64", Cgo: &off}
	first, firstKnown := r.Matches(b, "lib")
	r.files["lib/lib.go"] = []byte("package lib\n\nimport \"C\"\n")
	second, secondKnown := r.Matches(b, "lib")
	if !first || !firstKnown || second != first || secondKnown != firstKnown {
		t.Fatalf("Matches gave %v, %v, then %v, %v; want true, true both times", first, firstKnown, second, secondKnown)
	}
}
