package repo

import (
	"go/build/constraint"
	"path"
	"slices"
	"strconv"
	"strings"
)

// buildState is whether the linux/amd64 build compiles a Go file.
type buildState int

const (
	// untagged: a build without tags compiles the file.
	untagged buildState = iota
	// tagged: only a build that sets a tag compiles it (//go:build tools).
	tagged
	// otherPlatforms: no linux/amd64 build compiles it, whatever the tags
	// (_windows.go, //go:build darwin && prod).
	otherPlatforms
)

// maxBuildTags bounds the build tags of one constraint whose settings are tried: a
// constraint with more that does not hold without them counts as tagged.
const maxBuildTags = 8

// knownOS and knownArch are the GOOS and GOARCH values the go command knows, which
// name suffixes and build tags are compared with.
var (
	knownOS   = []string{"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos"}
	knownArch = []string{"386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le",
		"ppc", "ppc64", "ppc64le", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm"}
)

// stateOf returns whether a build for the platform of container images, linux/amd64,
// compiles the Go file p whose constraint is x (its //go:build line or legacy
// // +build lines; nil for none), as discovery reads a repository: x and the GOOS and
// GOARCH suffixes of p's name (_windows.go, _arm64.go) decide. The tags of the
// platform hold (linux, amd64, unix, gc and every go1.N release tag), those of other
// platforms do not, and every other tag (cgo among them) is a build tag that -tags
// may set, but ignore, which no build sets.
func stateOf(p string, x constraint.Expr) buildState {
	if !nameBuilds(path.Base(p)) {
		return otherPlatforms
	}
	if x == nil {
		return untagged
	}
	var tags []string // the build tags x names, in order
	if x.Eval(func(tag string) bool {
		v, platform := platformTag(tag)
		if !platform && !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
		return v
	}) {
		return untagged
	}
	if len(tags) > maxBuildTags {
		return tagged
	}
	for set := 1; set < 1<<len(tags); set++ {
		if x.Eval(func(tag string) bool {
			if v, platform := platformTag(tag); platform {
				return v
			}
			return set&(1<<slices.Index(tags, tag)) != 0
		}) {
			return tagged
		}
	}
	return otherPlatforms
}

// platformTag returns the value of tag in the linux/amd64 build, and whether the
// platform or the toolchain sets it (false for a build tag, which -tags may set).
// ignore is treated as a tag of the platform that no build sets.
func platformTag(tag string) (value, platform bool) {
	switch {
	case tag == "linux" || tag == "amd64" || tag == "unix" || tag == "gc":
		return true, true
	case tag == "gccgo" || tag == "ignore" || slices.Contains(knownOS, tag) || slices.Contains(knownArch, tag):
		return false, true
	}
	if minor, ok := strings.CutPrefix(tag, "go1."); ok {
		if _, err := strconv.ParseUint(minor, 10, 32); err == nil {
			return true, true
		}
	}
	return false, false
}

// nameBuilds reports whether a linux/amd64 build compiles a file of this name, as
// far as its name says: name_GOOS.go, name_GOARCH.go and name_GOOS_GOARCH.go (the
// first element of the name never counts: linux.go is no constraint).
func nameBuilds(name string) bool {
	name = strings.TrimSuffix(strings.TrimSuffix(name, ".go"), "_test")
	i := strings.Index(name, "_")
	if i < 0 {
		return true
	}
	l := strings.Split(name[i:], "_")
	n := len(l)
	if n >= 2 && slices.Contains(knownOS, l[n-2]) && slices.Contains(knownArch, l[n-1]) {
		return l[n-2] == "linux" && l[n-1] == "amd64"
	}
	if slices.Contains(knownOS, l[n-1]) || slices.Contains(knownArch, l[n-1]) {
		return l[n-1] == "linux" || l[n-1] == "amd64"
	}
	return true
}
