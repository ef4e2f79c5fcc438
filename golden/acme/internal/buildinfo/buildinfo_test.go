package buildinfo

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestResolve(t *testing.T) {
	vcs := &debug.BuildInfo{
		Main: debug.Module{Version: "v0.3.0"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123abc"},
			{Key: "vcs.time", Value: "2024-05-01T10:00:00Z"},
		},
	}
	tests := []struct {
		name                       string
		version, commit, buildTime string
		bi                         *debug.BuildInfo
		want                       Info
	}{
		{
			name:    "ldflags win",
			version: "v1.2.3", commit: "abc", buildTime: "2025-01-02T03:04:05Z",
			bi:   vcs,
			want: Info{Version: "v1.2.3", Commit: "abc", BuildTime: "2025-01-02T03:04:05Z"},
		},
		{
			name: "build info fallback",
			bi:   vcs,
			want: Info{Version: "v0.3.0", Commit: "0123abc", BuildTime: "2024-05-01T10:00:00Z"},
		},
		{
			name: "devel build without vcs",
			bi:   &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}},
			want: Info{Version: "dev", Commit: "unknown", BuildTime: "unknown"},
		},
		{
			name: "no build info",
			want: Info{Version: "dev", Commit: "unknown", BuildTime: "unknown"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want.GoVersion = runtime.Version()
			if got := resolve(tt.version, tt.commit, tt.buildTime, tt.bi); got != tt.want {
				t.Errorf("resolve() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestInfoString(t *testing.T) {
	i := Info{Version: "v1", Commit: "c", BuildTime: "t", GoVersion: "go1.26"}
	if got, want := i.String(), "version v1, commit c, built t, go1.26"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
