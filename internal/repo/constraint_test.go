package repo

import "testing"

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
