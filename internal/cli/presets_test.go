package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
)

// TestReadByGo checks which overlay templates make presets validate and new type-check
// a pack's project: whatever the go command reads when it builds, and names whose
// output is not known before the render.
func TestReadByGo(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"internal/x/x.go.tmpl", true},
		{"internal/x/x_amd64.s.tmpl", true},
		{"internal/x/x.S.tmpl", true},
		{"internal/x/x.c.tmpl", true},
		{"internal/x/x.h.tmpl", true},
		{"internal/x/x_windows.syso.tmpl", true},
		{"go.mod.tmpl", true},
		{"go.sum.tmpl", true},
		{"go.work.tmpl", true},
		{"go.work.sum.tmpl", true},
		{"sub/go.work.tmpl", true},
		{"vendor/modules.txt.tmpl", true},
		{"internal/vendor/README.tmpl", true},
		{"cmd/{{.Name}}/extra.txt.tmpl", true},
		{"Makefile.tmpl", false},
		{"README.md.tmpl", false},
		{"docs/go.md.tmpl", false},
		{".github/workflows/extra.yml.tmpl", false},
		{"deploy/vendors.yaml.tmpl", false},
	}
	for _, tt := range tests {
		if got := readByGo(tt.name); got != tt.want {
			t.Errorf("readByGo(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestInterruptedTypeCheckIsNoVerdict checks that a type-check whose go command dies of
// Ctrl-C's SIGINT (a terminal sends it to the whole process group) says nothing of the
// pack: validate and new report the interruption, neither calls the pack invalid or
// prints the go command's output.
func TestInterruptedTypeCheckIsNoVerdict(t *testing.T) {
	goCaches() // with the real go command, before it is replaced
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte("#!/bin/sh\necho 'partial vet output'\nkill -INT $$\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	for _, args := range [][]string{
		{"presets", "validate", "./pack"},
		newArgs("--preset", "./pack", "--module", "example.com/acme/service", "svc"),
	} {
		t.Run(args[0], func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "pack/preset.yaml", "name: p\nextends: minimal\n")
			mustWrite(t, dir, "pack/overlay/internal/extra/extra.go.tmpl", "package extra\n")
			r := run(t, dir, args...)
			if r.code == ExitOK || !strings.Contains(r.stderr, "interrupted") {
				t.Errorf("exit %d, stderr %q: want a failure that says it was interrupted", r.code, r.stderr)
			}
			for _, wrong := range []string{"invalid pack", "does not type-check", "partial vet output"} {
				if strings.Contains(r.stderr, wrong) {
					t.Errorf("stderr %q says %q", r.stderr, wrong)
				}
			}
		})
	}
}

// TestTypeCheckTidyFailureKeepsGoReason: when go mod tidy fails in the pack's build
// check, the error and stderr keep go's reason (its last line), not only its first
// progress line ("go: finding module for package ...").
func TestTypeCheckTidyFailureKeepsGoReason(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy: skipped with -short")
	}
	files := []generator.File{
		{Path: "go.mod", Mode: 0o644, Content: []byte("module example.com/acme/orders\n\ngo 1.26\n")},
		{Path: "extra/extra.go", Mode: 0o644, Content: []byte("// Package extra is the org's helper.\npackage extra\n\nimport \"example.org/acme/nosuchmod/chi\"\n\n// R is a router.\nvar R = chi.NewRouter\n")},
	}
	var stderr strings.Builder
	env := Env{Stderr: &stderr, Environ: append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")}
	err := typeCheck(context.Background(), env, files, true)
	const reason = "module lookup disabled by GOPROXY=off"
	if err == nil || !strings.Contains(err.Error(), reason) || !strings.Contains(stderr.String(), reason) {
		t.Errorf("typeCheck = %v, stderr %q; want go's reason %q in both", err, stderr.String(), reason)
	}
}
