package cli

import "testing"

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
