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
	tests := []struct {
		name     string
		v, c, bt string
		bi       *debug.BuildInfo
		want     Info
	}{
		{"ldflags win", "v9", "c9", "t9", vcs, Info{"v9", "c9", "t9", "go1.26.8"}},
		{"build info fallback", "", "", "", vcs, Info{"v1.4.0", "abc123", "2026-01-02T03:04:05Z", "go1.26.8"}},
		{"devel module", "", "", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, Info{"dev", "unknown", "unknown", "go1.26.8"}},
		{"nothing known", "", "", "", nil, Info{"dev", "unknown", "unknown", ""}},
		{"partly injected", "v2", "", "", vcs, Info{"v2", "abc123", "2026-01-02T03:04:05Z", "go1.26.8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := resolve(tt.v, tt.c, tt.bt, tt.bi); got != tt.want {
				t.Errorf("resolve() = %+v, want %+v", got, tt.want)
			}
		})
	}
}
