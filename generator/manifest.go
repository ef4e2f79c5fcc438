package generator

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/internal/answers"
)

// ManifestFile is the name, at the root of a template tree, of the file declaring which
// files a project has for which answers.
const ManifestFile = "manifest.yaml"

// VersionsFile is the name, at the root of a template tree, of the table of pinned
// dependency versions that templates read as .Versions.
const VersionsFile = "versions.yaml"

// TemplateDir is the directory, in a template tree, holding the project's templates.
const TemplateDir = "project"

// Manifest declares every file a generated project may have.
type Manifest struct {
	Files []Entry `yaml:"files"`
}

// Entry is one output file: its path (a template itself), the template it is rendered from,
// its mode, and the condition under which it exists.
type Entry struct {
	// Path is the output path, slash-separated and relative; it may use template actions
	// such as {{.Name}}.
	Path string `yaml:"path"`
	// Template is the template's path below TemplateDir; it defaults to Path + ".tmpl".
	Template string `yaml:"template"`
	// Mode is the octal file mode, "0644" unless given.
	Mode string `yaml:"mode"`
	// When is the condition under which the file exists; empty means always.
	When Condition `yaml:"when"`
}

// Condition selects files by answers. All of its parts must hold.
type Condition struct {
	Framework string   `yaml:"framework"` // the framework must be this one
	CI        string   `yaml:"ci"`        // the CI provider must be this one
	Features  []string `yaml:"features"`  // every listed feature must be on
	Without   []string `yaml:"without"`   // every listed feature must be off
}

// Holds reports whether d satisfies c.
func (c Condition) Holds(d Data) bool {
	if c.Framework != "" && c.Framework != d.Framework {
		return false
	}
	if c.CI != "" && c.CI != d.CI {
		return false
	}
	for _, f := range c.Features {
		if !d.Has(f) {
			return false
		}
	}
	for _, f := range c.Without {
		if d.Has(f) {
			return false
		}
	}
	return true
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

// ReadManifest reads and checks the manifest at the root of fsys.
func ReadManifest(fsys fs.FS) (Manifest, error) {
	var m Manifest
	if err := decodeStrict(fsys, ManifestFile, &m); err != nil {
		return m, err
	}
	seen := map[string]bool{}
	for i, e := range m.Files {
		if e.Path == "" {
			return m, fmt.Errorf("%s: file %d: path is required", ManifestFile, i+1)
		}
		if _, err := e.FileMode(); err != nil {
			return m, fmt.Errorf("%s: %s: %w", ManifestFile, e.Path, err)
		}
		key := e.Path + "\x00" + e.TemplateName()
		if seen[key] {
			return m, fmt.Errorf("%s: %s listed twice with template %s", ManifestFile, e.Path, e.TemplateName())
		}
		seen[key] = true
		for _, f := range slices.Concat(e.When.Features, e.When.Without) {
			if err := answers.CheckFeature(f); err != nil {
				return m, fmt.Errorf("%s: %s: when: feature %q: %w", ManifestFile, e.Path, f, err)
			}
		}
		if !fs.ValidPath(TemplateDir + "/" + e.TemplateName()) {
			return m, fmt.Errorf("%s: %s: invalid template path %q", ManifestFile, e.Path, e.TemplateName())
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
