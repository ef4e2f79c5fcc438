package generator

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ManifestFile is the name, at the root of a template tree, of the file declaring the
// features a project may have and which files it has for which answers.
const ManifestFile = "manifest.yaml"

// VersionsFile is the name, at the root of a template tree, of the table of pinned
// dependency versions that templates read as .Versions.
const VersionsFile = "versions.yaml"

// TemplateDir is the directory, in a template tree, holding the project's templates.
const TemplateDir = "project"

// Manifest declares the optional features of a project and every file it may have.
type Manifest struct {
	Features []Feature `yaml:"features"`
	Files    []Entry   `yaml:"files"`
}

// Feature is one optional feature: its answers name, the name templates test it by
// (.Features.Field), and its help for prompts and documentation.
type Feature struct {
	Name   string `yaml:"name"`   // e.g. otel
	Field  string `yaml:"field"`  // e.g. OTel, read as .Features.OTel
	Help   string `yaml:"help"`   // one line
	Detail string `yaml:"detail"` // a longer explanation
}

// Owner says who owns a generated file once it exists.
type Owner string

// Owners of generated files.
const (
	// OwnerTool files may be replaced by the tool while the user has not edited them
	// (platform packages, CI, Dockerfile).
	OwnerTool Owner = "tool"
	// OwnerUser files are created once and never touched again (example domain code,
	// README).
	OwnerUser Owner = "user"
	// OwnerMerge files are merged by meaning (Makefile, go.mod, .gitignore).
	OwnerMerge Owner = "merge"
)

// Entry is one output file: its path (a template itself), the template it is rendered from,
// its mode, its owner, and the condition under which it exists.
type Entry struct {
	// Path is the output path, slash-separated and relative; it may use template actions
	// such as {{.Name}}.
	Path string `yaml:"path"`
	// Template is the template's path below TemplateDir; it defaults to Path + ".tmpl".
	Template string `yaml:"template"`
	// Mode is the octal file mode, "0644" unless given.
	Mode string `yaml:"mode"`
	// Owner is who owns the file after generation; OwnerTool unless given.
	Owner Owner `yaml:"owner"`
	// When is the condition under which the file exists; empty means always.
	When Condition `yaml:"when"`
	// Needs maps other output paths of the manifest that this file calls, as the
	// manifest spells them, to what it does with each ("runs make build"): a preset may
	// not remove such a file while this one is rendered from its built-in template.
	Needs map[string]string `yaml:"needs"`
}

// Condition selects files by answers and by the values a caller gives besides them
// (Project.Vars). All of its parts must hold.
type Condition struct {
	Features []string `yaml:"features"` // every listed feature must be on
	Without  []string `yaml:"without"`  // every listed feature must be off
	// Vars maps names of Project.Vars to the value they must have, "" for a name not
	// given (add's telemetry package: vars: {ownProvider: ""}).
	Vars map[string]string `yaml:"vars"`
	// Equal maps string-valued answers keys (framework, ci, ...) to the value they must
	// have.
	Equal map[string]string `yaml:",inline"`
}

// Holds reports whether a and vars satisfy c.
func (c Condition) Holds(a Answers, vars map[string]string) bool {
	for key, want := range c.Vars {
		if vars[key] != want {
			return false
		}
	}
	for key, want := range c.Equal {
		if got, _ := a.Scalar(key); got != want {
			return false
		}
	}
	for _, f := range c.Features {
		if !a.Has(f) {
			return false
		}
	}
	for _, f := range c.Without {
		if a.Has(f) {
			return false
		}
	}
	return true
}

// String describes c for messages: "framework gin, with otel", "without otel", "" for
// no condition.
func (c Condition) String() string {
	var parts []string
	for _, key := range slices.Sorted(maps.Keys(c.Equal)) {
		parts = append(parts, key+" "+c.Equal[key])
	}
	if len(c.Features) > 0 {
		parts = append(parts, "with "+strings.Join(c.Features, " and "))
	}
	if len(c.Without) > 0 {
		parts = append(parts, "without "+strings.Join(c.Without, " and "))
	}
	for _, key := range slices.Sorted(maps.Keys(c.Vars)) {
		parts = append(parts, fmt.Sprintf("%s %q", key, c.Vars[key]))
	}
	return strings.Join(parts, ", ")
}

// TemplateName returns the entry's template path below TemplateDir.
func (e Entry) TemplateName() string {
	if e.Template != "" {
		return e.Template
	}
	return e.Path + ".tmpl"
}

// FileMode returns the entry's file mode.
func (e Entry) FileMode() (fs.FileMode, error) {
	if e.Mode == "" {
		return 0o644, nil
	}
	m, err := strconv.ParseUint(e.Mode, 8, 32)
	if err != nil || m&^0o777 != 0 || m&0o600 != 0o600 {
		return 0, fmt.Errorf("mode %q: want an octal permission such as 0644 or 0755", e.Mode)
	}
	return fs.FileMode(m), nil
}

// FileOwner returns the entry's owner.
func (e Entry) FileOwner() Owner {
	if e.Owner == "" {
		return OwnerTool
	}
	return e.Owner
}

// FeatureNames lists the declared features' names in order.
func (m Manifest) FeatureNames() []string {
	names := make([]string, len(m.Features))
	for i, f := range m.Features {
		names[i] = f.Name
	}
	return names
}

var (
	featureName  = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	featureField = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)
)

// ReadManifest reads and checks the manifest called name (ManifestFile when empty) at
// the root of fsys.
func ReadManifest(fsys fs.FS, name string) (Manifest, error) {
	if name == "" {
		name = ManifestFile
	}
	var m Manifest
	if err := decodeStrict(fsys, name, &m); err != nil {
		return m, err
	}
	fields := map[string]bool{}
	for i, f := range m.Features {
		switch {
		case !featureName.MatchString(f.Name):
			return m, fmt.Errorf("%s: feature %d: name %q must match %s", name, i+1, f.Name, featureName)
		case !featureField.MatchString(f.Field):
			return m, fmt.Errorf("%s: feature %s: field %q must match %s", name, f.Name, f.Field, featureField)
		case slices.Contains(m.FeatureNames()[:i], f.Name) || fields[f.Field]:
			return m, fmt.Errorf("%s: feature %s declared twice", name, f.Name)
		case f.Help == "":
			return m, fmt.Errorf("%s: feature %s: help is required", name, f.Name)
		}
		fields[f.Field] = true
	}
	seen := map[string]bool{}
	for i, e := range m.Files {
		if e.Path == "" {
			return m, fmt.Errorf("%s: file %d: path is required", name, i+1)
		}
		if _, err := e.FileMode(); err != nil {
			return m, fmt.Errorf("%s: %s: %w", name, e.Path, err)
		}
		switch e.FileOwner() {
		case OwnerTool, OwnerUser, OwnerMerge:
		default:
			return m, fmt.Errorf("%s: %s: owner %q: want %s, %s or %s", name, e.Path, e.Owner, OwnerTool, OwnerUser, OwnerMerge)
		}
		key := e.Path + "\x00" + e.TemplateName()
		if seen[key] {
			return m, fmt.Errorf("%s: %s listed twice with template %s", name, e.Path, e.TemplateName())
		}
		seen[key] = true
		for _, f := range slices.Concat(e.When.Features, e.When.Without) {
			if !slices.Contains(m.FeatureNames(), f) {
				declared := "none"
				if names := m.FeatureNames(); len(names) > 0 {
					declared = strings.Join(names, ", ")
				}
				return m, fmt.Errorf("%s: %s: when: unknown feature %q (declared: %s)", name, e.Path, f, declared)
			}
		}
		for key := range e.When.Equal {
			if _, ok := (Answers{}).Scalar(key); !ok {
				return m, fmt.Errorf("%s: %s: when: %q is not a string-valued answers key", name, e.Path, key)
			}
		}
		for need, why := range e.Needs {
			if !slices.ContainsFunc(m.Files, func(f Entry) bool { return f.Path == need }) || why == "" {
				return m, fmt.Errorf("%s: %s: needs %q: want a path of this manifest and what the file does with it", name, e.Path, need)
			}
		}
		if !fs.ValidPath(TemplateDir + "/" + e.TemplateName()) {
			return m, fmt.Errorf("%s: %s: invalid template path %q", name, e.Path, e.TemplateName())
		}
	}
	return m, nil
}

// ReadVersions reads the pinned versions table at the root of fsys.
func ReadVersions(fsys fs.FS) (map[string]string, error) {
	v := map[string]string{}
	err := decodeStrict(fsys, VersionsFile, &v)
	return v, err
}

func decodeStrict(fsys fs.FS, name string, into any) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(into); err != nil {
		return fmt.Errorf("parse %s: %w", name, err)
	}
	return nil
}
