// Package preset loads preset packs: what a platform team publishes so that every
// service of an org starts from the same defaults, locked choices and extra or replaced
// templates. A pack is untrusted input: everything in it is checked, with file:line,
// before anything is rendered or written.
package preset

import (
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing/fstest"

	"golang.org/x/net/publicsuffix"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/audit"
	"github.com/gonew-prod/gonew-prod/internal/builtin"
	"github.com/gonew-prod/gonew-prod/templates"
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
	// GoPrivate is the GOPRIVATE pattern list written into generated READMEs and CI.
	GoPrivate string
	// Overlay holds the pack's templates (merged over those of the packs it extends),
	// named like the built-in templates.
	Overlay fstest.MapFS
	// Remove lists built-in output paths to leave out, as manifest.yaml spells them.
	Remove []string
	// Executable lists the overlay templates whose output is written executable (0755);
	// their files in Overlay have that mode.
	Executable []string
	// Chain lists the packs merged into this one, base first, for display.
	Chain []string
	// digest is the digest of the chain's files (Digest).
	digest string
	// where maps each overlay template's name to its file as messages show it
	// (pack/overlay/Makefile.tmpl).
	where map[string]string
	// prefixAt is where ModulePrefix is set (pack/preset.yaml:3:16), for messages.
	prefixAt string
	// lockedAt maps each locked key (module_prefix included) to the entry of locked
	// that first locked it in the chain (base/preset.yaml:7:10); Answers.LockedBy maps it
	// to the name of that entry's pack.
	lockedAt map[string]string
	// goPrivateAt is where GoPrivate is set; removeAt maps each removal to its entry.
	goPrivateAt string
	removeAt    map[string]string
	// lockedBlank maps each overlay template that writes a built-in file a lock of a pack
	// below its own selects to why it may not render nothing (generator.Preset.Locked).
	lockedBlank map[string]string
}

// The methods below say which preset.yaml of the chain set what the pack shows, as
// file:line:column (base/preset.yaml:7:10), or "" for what no pack set; an answer's
// is its Value.Where.

// LockedAt returns the entry of locked that first locked key (module_prefix included).
func (p Pack) LockedAt(key string) string { return p.lockedAt[key] }

// ModulePrefixAt returns where ModulePrefix is set.
func (p Pack) ModulePrefixAt() string { return p.prefixAt }

// GoPrivateAt returns where GoPrivate is set.
func (p Pack) GoPrivateAt() string { return p.goPrivateAt }

// RemovedAt returns the entry of remove that removes path.
func (p Pack) RemovedAt(path string) string { return p.removeAt[path] }

// CheckModule reports whether mod satisfies a locked module prefix. The error names
// where mod was given, the last of layers (the pack's own answers first) to give it, and
// where the pack sets the prefix, as a contradicted lock of an answer is named.
func (p Pack) CheckModule(mod string, layers ...answers.Layer) error {
	if !p.ModulePrefixLocked || p.ModulePrefix == "" {
		return nil
	}
	prefix := strings.TrimSuffix(p.ModulePrefix, "/")
	if mod == prefix || strings.HasPrefix(mod, prefix+"/") {
		return nil
	}
	where := "preset " + p.Name
	for _, l := range append([]answers.Layer{p.Answers}, layers...) {
		if v, ok := l.Values[answers.KeyModule]; ok && v.Raw == mod && v.Where != "" {
			where = v.Where
		}
	}
	lock := "module_prefix is locked"
	if p.prefixAt != "" {
		lock += ", " + p.prefixAt
	}
	return &answers.Error{Key: answers.KeyModule, Where: where, Value: mod,
		Reason: fmt.Sprintf("preset %s requires modules under %s/ (%s)", p.Name, prefix, lock)}
}

// CompleteModule reads a module without a '/' or '.' (never a valid module path) as a
// name under the pack's module_prefix, when it has one: orders is <prefix>/orders.
func (p Pack) CompleteModule(s string) string {
	s = strings.TrimSpace(s)
	prefix := strings.TrimSuffix(p.ModulePrefix, "/")
	if prefix != "" && s != "" && !strings.ContainsAny(s, "/.") {
		return prefix + "/" + s
	}
	return s
}

// CompleteModules returns layers with the module each gives read by CompleteModule, as
// the module prompt reads an answer: --module orders, or module: orders in an answers
// file, is <prefix>/orders under a pack with a module_prefix. The layers given are not
// changed.
func (p Pack) CompleteModules(layers []answers.Layer) []answers.Layer {
	out := slices.Clone(layers)
	for i, l := range out {
		v, ok := l.Values[answers.KeyModule]
		if !ok {
			continue
		}
		s, isString := v.Raw.(string)
		if !isString || p.CompleteModule(s) == s {
			continue
		}
		l.Values = maps.Clone(l.Values)
		l.Values[answers.KeyModule] = answers.Value{Raw: p.CompleteModule(s), Where: v.Where}
		out[i] = l
	}
	return out
}

// Resolve merges layers (an answers file, flags, prompts; lowest precedence first) over
// the pack's answers and the built-in defaults, enforcing the pack's locks and module
// prefix. It is the one way answers become a project's: new, presets validate, golden
// cases and update all go through it.
func (p Pack) Resolve(layers ...answers.Layer) (answers.Answers, answers.Origins, error) {
	a, origins, err := answers.Resolve(append([]answers.Layer{p.Answers}, layers...)...)
	if err != nil {
		return a, origins, err
	}
	if err := p.CheckModule(a.Module, layers...); err != nil {
		return a, origins, err
	}
	return a, origins, nil
}

// Project returns the engine's description of a project with answers a, rendered from the
// built-in templates and the pack, by gonew-prod version.
func (p Pack) Project(a answers.Answers, version string) generator.Project {
	gp := generator.Preset{Name: p.Name, Source: p.Source, Version: p.Version, Digest: p.digest, Remove: p.Remove, GoPrivate: p.GoPrivate, Where: p.where, RemovedAt: p.removeAt, Locked: p.lockedBlank}
	if len(p.Overlay) > 0 {
		gp.Overlay = p.Overlay
	}
	return generator.Project{Templates: templates.FS(), Answers: a, Preset: gp, Version: version}
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

var (
	packName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)
	// goPrivateElem is one element of a GOPRIVATE pattern: module path characters plus
	// the glob characters path.Match knows.
	goPrivateElem = regexp.MustCompile(`^[A-Za-z0-9._~*?\[\]-]+$`)
)

// CheckGoPrivate validates a GOPRIVATE value: a comma-separated list of module path
// patterns (path.Match globs), as the go command reads it. GOPRIVATE turns checksum
// verification off for what it matches, so each pattern must name the org's own modules:
// its first element is a host name with a dot and no wildcard (or *.DOMAIN, every host
// under a domain of at least two labels), and no pattern may cover a public code host's
// modules at large (github.com, github.com/*, golang.org/*), as audit's modverify judges,
// nor any public module the built-in templates pin (github.com/gin-gonic/*).
func CheckGoPrivate(v string) error {
	for _, pattern := range strings.Split(v, ",") {
		if pattern == "" {
			return fmt.Errorf("empty pattern in %q (patterns are separated by single commas)", v)
		}
		for _, elem := range strings.Split(pattern, "/") {
			if !goPrivateElem.MatchString(elem) {
				return fmt.Errorf("pattern %q: want module path patterns such as gitlab.acme.example/* (letters, digits, . _ ~ - and the globs * ? [ ])", pattern)
			}
		}
		if _, err := path.Match(pattern, "x"); err != nil {
			return fmt.Errorf("pattern %q: %w", pattern, err)
		}
		host, _, _ := strings.Cut(pattern, "/")
		if domain := strings.TrimPrefix(host, "*."); strings.ContainsAny(domain, "*?[]") || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") {
			return fmt.Errorf("pattern %q: the host %q must be a domain name with a dot and no wildcard (gitlab.acme.example), or *.DOMAIN for every host under the org's own domain (*.acme.example): GOPRIVATE turns checksum verification off for what it matches", pattern, host)
		}
		if domain, wild := strings.CutPrefix(host, "*."); wild {
			// *.co.uk would take every host anyone registers under the suffix.
			if suffix, _ := publicsuffix.PublicSuffix(domain); suffix == domain {
				return fmt.Errorf("pattern %q: %s is a public suffix, under which anyone may register a domain: the pattern turns checksum verification off for every module of all of them; name the org's own domain (*.acme.%s)", pattern, domain, domain)
			}
		}
		if hosts := audit.PublicHostsCovered(pattern); len(hosts) > 0 {
			return fmt.Errorf("pattern %q turns checksum verification off for every module on %s: name the org's own host or path instead (gitlab.acme.example/*, github.com/acme/*)", pattern, strings.Join(hosts, ", "))
		}
		public, err := builtin.Modules()
		if err != nil {
			return err
		}
		if mods := audit.ModulesCovered(pattern, public); len(mods) > 0 {
			more := ""
			if len(mods) > 1 {
				more = fmt.Sprintf(" (and %d more)", len(mods)-1)
			}
			return fmt.Errorf("pattern %q covers %s%s, which generated projects fetch from the public module proxy: GOPRIVATE would fetch it unverified, past the checksum database; name only the org's own modules", pattern, mods[0], more)
		}
	}
	return nil
}

// templatesFor lists the overlay template names that write the built-in output paths of
// remove: the names of the built-in templates for each path, which an overlay template
// replaces, and the path with .tmpl.
func templatesFor(remove []string) ([]string, error) {
	m, err := builtin.Manifest()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, r := range remove {
		names = append(names, r+".tmpl")
		for _, e := range m.Files {
			if e.Path == r {
				names = append(names, e.TemplateName())
			}
		}
	}
	return names, nil
}

// RemovedFor returns the overlay templates that write a path of p.Remove, by path: for
// those the pack's file is written and only the built-in one left out.
func (p Pack) RemovedFor() (map[string][]string, error) {
	out := map[string][]string{}
	for _, r := range p.Remove {
		names, err := templatesFor([]string{r})
		if err != nil {
			return nil, err
		}
		for _, n := range p.OverlayFiles() {
			if slices.Contains(names, n) {
				out[r] = append(out[r], n)
			}
		}
	}
	return out, nil
}

// removeDir refuses a remove entry r that names a directory (k8s/, or k8s when built-in
// files are below it and none has that path): remove takes the paths of built-in files,
// one entry each, and the error lists those below it.
func removeDir(r string) error {
	dir := strings.TrimSuffix(r, "/")
	if dir == r && fs.ValidPath(r) && checkRemove([]string{r}) == nil {
		return nil // a built-in file
	}
	m, err := builtin.Manifest()
	if err != nil {
		return err
	}
	var below []string
	for _, e := range m.Files {
		if strings.HasPrefix(e.Path, dir+"/") {
			below = append(below, e.Path)
		}
	}
	switch {
	case len(below) > 0:
		return fmt.Errorf("remove: %q is a directory; remove takes the paths of built-in files, one entry each: remove: [%s]", r, strings.Join(below, ", "))
	case dir != r && dir != "" && fs.ValidPath(dir):
		return fmt.Errorf("remove: %q ends in /, and no built-in file is below %s; remove takes the paths of built-in files, spelled as in %s without a trailing / (k8s/service.yaml)", r, dir, generator.ManifestFile)
	}
	return nil
}

// checkRemove validates removals against the built-in manifest.
func checkRemove(remove []string) error {
	m, err := builtin.Manifest()
	if err != nil {
		return err
	}
	return generator.CheckRemove(m, remove)
}
