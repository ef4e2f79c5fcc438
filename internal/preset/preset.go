// Package preset loads preset packs: what a platform team publishes so that every
// service of an org starts from the same defaults, locked choices and extra or replaced
// templates. A pack is untrusted input: everything in it is checked, with file:line,
// before anything is rendered or written.
package preset

import (
	"fmt"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/internal/answers"
)

// PackFile is the file describing a pack, at the pack's root.
const PackFile = "preset.yaml"

// MaxFileSize bounds every file of a pack.
const MaxFileSize = 1 << 20

// LockModulePrefix, in a pack's locked list, makes module_prefix mandatory: a module
// outside it is an error rather than a prompt default.
const LockModulePrefix = "module_prefix"

// Pack is a loaded preset pack, with everything it extends already merged in.
type Pack struct {
	Name        string
	Description string
	// Source is where the pack came from: "builtin", a directory, or MODULE@VERSION.
	Source string
	// Version is the module version of a pack fetched as a Go module, else "".
	Version string
	// Answers holds the pack's answers; its Locked lists the keys nobody may change.
	Answers answers.Layer
	// ModulePrefix is the org's module path prefix, e.g. "github.com/acme".
	ModulePrefix string
	// ModulePrefixLocked makes ModulePrefix mandatory.
	ModulePrefixLocked bool
	// GoPrivate is the GOPRIVATE pattern written into generated READMEs and CI.
	GoPrivate string
	// Overlay holds the pack's templates (merged over those of the packs it extends),
	// named like the built-in templates.
	Overlay fstest.MapFS
	// Remove lists built-in output paths to leave out.
	Remove []string
	// Chain lists the packs merged into this one, base first, for display.
	Chain []string
}

// CheckModule reports whether mod satisfies a locked module prefix.
func (p Pack) CheckModule(mod string) error {
	if !p.ModulePrefixLocked || p.ModulePrefix == "" {
		return nil
	}
	prefix := strings.TrimSuffix(p.ModulePrefix, "/")
	if mod == prefix || strings.HasPrefix(mod, prefix+"/") {
		return nil
	}
	return &answers.Error{Key: answers.KeyModule, Where: "preset " + p.Name, Value: mod,
		Reason: fmt.Sprintf("preset %s requires modules under %s/ (module_prefix is locked)", p.Name, prefix)}
}

// OverlayFiles lists the overlay's templates in order.
func (p Pack) OverlayFiles() []string {
	names := make([]string, 0, len(p.Overlay))
	for n := range p.Overlay {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
