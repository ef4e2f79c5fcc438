package repo

import (
	"slices"
	"testing"
)

// TestSplitGOFLAGS splits GOFLAGS as the go command does (cmd/go's base.InitGOFLAGS):
// an entry quoted whole is one flag, whatever spaces it holds; and GOFLAG reads the last
// -name of them.
func TestSplitGOFLAGS(t *testing.T) {
	tests := []struct {
		goflags string
		entries []string
		ok      bool
		mod     string // GOFLAG(goflags, "mod")
	}{
		{"", nil, true, ""},
		{"-trimpath", []string{"-trimpath"}, true, ""},
		{"-mod=vendor", []string{"-mod=vendor"}, true, "vendor"},
		{"--mod=vendor", []string{"--mod=vendor"}, true, "vendor"},
		{" -trimpath\t-mod=readonly\n", []string{"-trimpath", "-mod=readonly"}, true, "readonly"},
		{"-mod=vendor -mod=mod", []string{"-mod=vendor", "-mod=mod"}, true, "mod"},
		{`"-mod=vendor"`, []string{"-mod=vendor"}, true, "vendor"},
		{`'-mod=vendor' -trimpath`, []string{"-mod=vendor", "-trimpath"}, true, "vendor"},
		{`"-ldflags=-X main.v=1 -mod=vendor"`, []string{"-ldflags=-X main.v=1 -mod=vendor"}, true, ""},
		{`'-gcflags=all=-N -l' -mod=vendor`, []string{"-gcflags=all=-N -l", "-mod=vendor"}, true, "vendor"},
		{`"-tags=a 'b'"`, []string{"-tags=a 'b'"}, true, ""},
		{`-mod=vendor "-ldflags=-s -w`, []string{"-mod=vendor"}, false, ""},
		{"-modcacherw", []string{"-modcacherw"}, true, ""},
	}
	for _, tt := range tests {
		entries, ok := SplitGOFLAGS(tt.goflags)
		if !slices.Equal(entries, tt.entries) || ok != tt.ok {
			t.Errorf("SplitGOFLAGS(%q) = %q, %v, want %q, %v", tt.goflags, entries, ok, tt.entries, tt.ok)
		}
		if got := GOFLAG(tt.goflags, "mod"); got != tt.mod {
			t.Errorf("GOFLAG(%q, mod) = %q, want %q", tt.goflags, got, tt.mod)
		}
	}
}
