// Package buildinfo reports the version, commit and build time of the gonew-prod binary.
// The Makefile sets them with -ldflags -X; a plain `go build` or `go install` falls back to
// the module version and VCS settings Go records in the binary.
package buildinfo

import "runtime/debug"

// Set by the linker: -X github.com/gonew-prod/gonew-prod/internal/buildinfo.version=...
// They are the only package-level variables of gonew-prod: -X can only set those.
var (
	version   string
	commit    string
	buildTime string
)

// Info is the build metadata of the running binary.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	BuildTime string `json:"build_time"`
	GoVersion string `json:"go_version"`
}

// Get returns the build metadata, falling back to debug.ReadBuildInfo for values the
// linker did not set, and to "dev"/"unknown" when neither knows.
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return resolve(version, commit, buildTime, bi)
}

func resolve(v, c, t string, bi *debug.BuildInfo) Info {
	info := Info{Version: v, Commit: c, BuildTime: t}
	if bi != nil {
		info.GoVersion = bi.GoVersion
		if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision" && info.Commit == "":
				info.Commit = s.Value
			case s.Key == "vcs.time" && info.BuildTime == "":
				info.BuildTime = s.Value
			}
		}
	}
	if info.Version == "" {
		info.Version = "dev"
	}
	if info.Commit == "" {
		info.Commit = "unknown"
	}
	if info.BuildTime == "" {
		info.BuildTime = "unknown"
	}
	return info
}
