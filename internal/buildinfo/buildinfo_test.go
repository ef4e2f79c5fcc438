package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestResolve(t *testing.T) {
	vcs := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Version: "v1.4.0"},
		Settings:  []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.time", Value: "2026-01-02T03:04:05Z"}},
	}
	devel := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: Devel}}
	tests := []struct {
		name     string
		v, c, bt string
		bi       *debug.BuildInfo
		want     Info
	}{
		{"ldflags win", "v9", "c9", "t9", vcs, Info{"v9", "c9", "t9", "go1.26.8", "v1.4.0"}},
		{"build info fallback", "", "", "", vcs, Info{"v1.4.0", "abc123", "2026-01-02T03:04:05Z", "go1.26.8", "v1.4.0"}},
		{"devel module", "", "", "", devel, Info{"dev", "unknown", "unknown", "go1.26.8", Devel}},
		{"nothing known", "", "", "", nil, Info{"dev", "unknown", "unknown", "", Devel}},
		{"partly injected", "v2", "", "", vcs, Info{"v2", "abc123", "2026-01-02T03:04:05Z", "go1.26.8", "v1.4.0"}},
		{"release tag from make build", "v0.3.0", "c1", "t1", devel, Info{"v0.3.0", "c1", "t1", "go1.26.8", "v0.3.0"}},
		{"commits after a tag", "v0.3.0-2-gabcdef", "c1", "t1", devel, Info{"v0.3.0-2-gabcdef", "c1", "t1", "go1.26.8", Devel}},
		{"dirty tree", "v0.3.0-dirty", "c1", "t1", devel, Info{"v0.3.0-dirty", "c1", "t1", "go1.26.8", Devel}},
		{"no tag", "0ff8a46", "c1", "t1", devel, Info{"0ff8a46", "c1", "t1", "go1.26.8", Devel}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := resolve(tt.v, tt.c, tt.bt, tt.bi); got != tt.want {
				t.Errorf("resolve() = %+v, want %+v", got, tt.want)
			}
		})
	}
}
