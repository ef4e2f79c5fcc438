// Package buildinfo reports the version, commit and build time of the gonew-prod binary.
// The Makefile sets them with -ldflags -X; a plain `go build` or `go install` falls back to
// the module version and VCS settings Go records in the binary.
package buildinfo

import (
	"runtime/debug"

	"golang.org/x/mod/semver"
)

// Set by the linker: -X github.com/gonew-prod/gonew-prod/internal/buildinfo.version=...
// (-X can only set package-level string variables, hence these three).
var (
	version   string
	commit    string
	buildTime string
)

// Devel is the ModuleVersion of a build whose module version is unknown, as the go
// command reports a module built from a work tree.
const Devel = "(devel)"

// Info is the build metadata of the running binary.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	BuildTime string `json:"build_time"`
	GoVersion string `json:"go_version"`
	// ModuleVersion is the gonew-prod module version the binary was built from, as
	// `go install MODULE@VERSION` or a release build from a tag knows it, else Devel.
	// Projects record it so that the same version's templates can be fetched again.
	ModuleVersion string `json:"module_version"`
}

// Get returns the build metadata, falling back to debug.ReadBuildInfo for values the
// linker did not set, and to "dev"/"unknown" when neither knows.
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return resolve(version, commit, buildTime, bi)
}

func resolve(v, c, t string, bi *debug.BuildInfo) Info {
	info := Info{Version: v, Commit: c, BuildTime: t, ModuleVersion: Devel}
	if isRelease(v) {
		info.ModuleVersion = v
	}
	if bi != nil {
		info.GoVersion = bi.GoVersion
		if bi.Main.Version != "" && bi.Main.Version != Devel {
			info.ModuleVersion = bi.Main.Version
			if info.Version == "" {
				info.Version = bi.Main.Version
			}
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

// isRelease reports whether v, set by the linker from `git describe`, names a tagged
// release (v1.2.3), not a commit after one (v1.2.3-4-gabcdef) or a dirty tree.
func isRelease(v string) bool {
	return semver.IsValid(v) && semver.Canonical(v) == v && semver.Prerelease(v) == ""
}
