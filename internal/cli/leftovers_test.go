package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestNewForceNamesLeftovers: new --force into a directory that holds what the go
// command builds with the new project (a vendor directory, an old service's sources), or
// a makefile make reads instead of the generated Makefile (GNUmakefile, makefile), names
// it, and leaves alone what neither builds.
func TestNewForceNamesLeftovers(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // in stderr; none: no leftover note
	}{
		{
			name:  "vendor directory",
			files: map[string]string{"vendor/modules.txt": "# github.com/acme/oldlib v1.0.0\n", "vendor/github.com/acme/oldlib/lib.go": "package oldlib\n"},
			want:  []string{"vendor holds the vendored modules of another go.mod", "go mod vendor"},
		},
		{
			name:  "an old main and a package of the old service",
			files: map[string]string{"legacy.go": "package main\n", "internal/old/old.go": "package old\n", "internal/old/asm_amd64.s": "\n"},
			want:  []string{"held sources that the new project does not have", "internal/old/asm_amd64.s, internal/old/old.go, legacy.go;"},
		},
		{
			name: "more than five",
			files: map[string]string{"a.go": "package main\n", "b.go": "package main\n", "c.go": "package main\n",
				"d.go": "package main\n", "e.go": "package main\n", "f.go": "package main\n", "g.go": "package main\n"},
			want: []string{"a.go, b.go, c.go, d.go, e.go and 2 more;"},
		},
		{
			name:  "a GNUmakefile make reads first",
			files: map[string]string{"GNUmakefile": "build:\n\t@echo old\n"},
			want:  []string{"svc holds GNUmakefile, which make reads instead of the generated Makefile (the first it finds of GNUmakefile, makefile and Makefile)", "make build, make test and the CI's make steps would run the old makefile; merge what you need into Makefile and remove or rename it"},
		},
		{
			// Beside a Makefile of the user's, which new replaces: without one, a makefile
			// differs only in letter case from the Makefile new creates, which it refuses.
			name:  "a makefile and a GNUmakefile",
			files: map[string]string{"makefile": "build:\n\t@echo old\n", "GNUmakefile": "include makefile\n", "Makefile": "all:\n"},
			want:  []string{"svc holds GNUmakefile and makefile, which make reads instead of the generated Makefile", "remove or rename them"},
		},
		{
			name: "what the go command does not build",
			files: map[string]string{"testdata/x.go": "package x\n", "_old/x.go": "package x\n", ".cache/x.go": "package x\n",
				"tools/go.mod": "module example.com/tools\n", "tools/x.go": "package x\n", "docs/notes.md": "notes\n",
				"vendor/only-a-readme.md": "no modules.txt\n", "api/vendor/x.go": "package x\n",
				"docs/makefile": "all:\n", "GNUmakefile.old": "all:\n"},
		},
	}
	for _, tt := range tests {
		for _, dry := range []bool{true, false} {
			name := tt.name
			if dry {
				name += " (dry run)"
			}
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				svc := filepath.Join(dir, "svc")
				for p, text := range tt.files {
					mustWrite(t, svc, p, text)
				}
				args := []string{"--force", "--module", "example.com/acme/orders", "svc"}
				if dry {
					args = append([]string{"--dry-run"}, args...)
				}
				r := run(t, dir, newArgs(args...)...)
				if r.code != ExitOK {
					t.Fatalf("exit code %d; stderr: %s", r.code, r.stderr)
				}
				for _, want := range tt.want {
					if !strings.Contains(r.stderr, want) {
						t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
					}
				}
				if len(tt.want) == 0 && (strings.Contains(r.stderr, "vendored modules") || strings.Contains(r.stderr, "held sources") || strings.Contains(r.stderr, "make reads")) {
					t.Errorf("a note on what the go command does not build:\n%s", r.stderr)
				}
			})
		}
	}
}
