// Package buildinfo holds the version, commit and build time of the binary.
//
// The Makefile sets them at link time:
//
//	go build -ldflags "-X gitlab.acme.example/payments/ledger/internal/buildinfo.Version=v1.2.3 ..."
//
// When a variable is empty, Get falls back to the module version and the VCS
// settings that the go command embeds (absent with -buildvcs=false).
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Version is the release version, e.g. "v1.2.3" (set with -ldflags -X).
var Version string

// Commit is the VCS revision the binary was built from (set with -ldflags -X).
var Commit string

// BuildTime is the commit time in RFC 3339, which keeps builds reproducible
// (set with -ldflags -X).
var BuildTime string

// Info is the build metadata of the running binary.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	BuildTime string `json:"build_time"`
	GoVersion string `json:"go_version"`
}

// String formats the metadata on one line, as printed by --version.
func (i Info) String() string {
	return fmt.Sprintf("version %s, commit %s, built %s, %s", i.Version, i.Commit, i.BuildTime, i.GoVersion)
}

// Get returns the build metadata, using the linker-set variables first, then
// the build information embedded by the go command, then "dev"/"unknown".
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return resolve(Version, Commit, BuildTime, bi)
}

func resolve(version, commit, buildTime string, bi *debug.BuildInfo) Info {
	if bi != nil {
		if version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision" && commit == "":
				commit = s.Value
			case s.Key == "vcs.time" && buildTime == "":
				buildTime = s.Value
			}
		}
	}
	return Info{
		Version:   fallback(version, "dev"),
		Commit:    fallback(commit, "unknown"),
		BuildTime: fallback(buildTime, "unknown"),
		GoVersion: runtime.Version(),
	}
}

func fallback(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
