package preset

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing/fstest"
	"text/template"

	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
)

// packKeys are the keys of preset.yaml.
var packKeys = []string{"name", "description", "extends", "answers", "locked", "module_prefix", "goprivate", "overlay", "remove"}

// location is where a pack lives: a directory of an fs.FS whose root bounds what the
// pack may reach (a module's root, a directory's root, the built-in packs).
type location struct {
	root  fs.FS  // bounds the pack
	dir   string // the pack's directory within root ("." for the root)
	label string // how messages name the pack's directory
	key   string // identity for cycle detection
	// extend resolves an `extends` value relative to this location.
	extend func(ref string) (location, error)
}

func (l location) file(name string) string { return path.Join(l.dir, name) }

func (l location) show(name string) string { return l.label + "/" + name }

// rawPack is one preset.yaml before extends are merged.
type rawPack struct {
	name, description, extends, modulePrefix, goprivate string
	answers                                             answers.Layer
	locked, remove                                      []string
	overlay                                             fstest.MapFS
}

// load reads the pack at loc and everything it extends; seen holds the chain so far.
func load(loc location, seen []string) (Pack, error) {
	if slices.Contains(seen, loc.key) {
		return Pack{}, fmt.Errorf("%s: extends cycle: %s -> %s", loc.show(PackFile), strings.Join(seen, " -> "), loc.key)
	}
	seen = append(seen, loc.key)
	raw, err := readPack(loc)
	if err != nil {
		return Pack{}, err
	}
	var p Pack
	if raw.extends != "" {
		parentLoc, err := loc.extend(raw.extends)
		if err != nil {
			return Pack{}, fmt.Errorf("%s: extends %q: %w", loc.show(PackFile), raw.extends, err)
		}
		if p, err = load(parentLoc, seen); err != nil {
			return Pack{}, err
		}
	}
	return merge(p, raw, loc)
}

// merge lays raw over the pack it extends.
func merge(base Pack, raw rawPack, loc location) (Pack, error) {
	p := base
	p.Name, p.Description = raw.name, raw.description
	p.Chain = append(slices.Clone(base.Chain), raw.name)
	layer := answers.Layer{Source: answers.FromPreset, Name: raw.name, Values: map[string]answers.Value{}}
	for k, v := range base.Answers.Values {
		layer.Values[k] = v
	}
	for k, v := range raw.answers.Values {
		if slices.Contains(base.Answers.Locked, k) && fmt.Sprint(layer.Values[k].Raw) != fmt.Sprint(v.Raw) {
			return Pack{}, fmt.Errorf("%s: %s is locked by preset %s, which this pack extends", v.Where, k, base.Name)
		}
		layer.Values[k] = v
	}
	layer.Locked = slices.Clone(base.Answers.Locked)
	for _, k := range raw.locked {
		if k == LockModulePrefix {
			p.ModulePrefixLocked = true
			continue
		}
		if !slices.Contains(layer.Locked, k) {
			layer.Locked = append(layer.Locked, k)
		}
	}
	p.Answers = layer
	if raw.modulePrefix != "" {
		p.ModulePrefix = raw.modulePrefix
	}
	if p.ModulePrefixLocked && p.ModulePrefix == "" {
		return Pack{}, fmt.Errorf("%s: module_prefix is locked but not set", loc.show(PackFile))
	}
	for _, k := range layer.Locked {
		if _, ok := layer.Values[k]; !ok {
			return Pack{}, fmt.Errorf("%s: locked key %s has no value in answers", loc.show(PackFile), k)
		}
	}
	if raw.goprivate != "" {
		p.GoPrivate = raw.goprivate
	}
	overlay := fstest.MapFS{}
	for n, f := range base.Overlay {
		overlay[n] = f
	}
	for n, f := range raw.overlay {
		overlay[n] = f
	}
	p.Overlay = overlay
	for _, r := range raw.remove {
		if !slices.Contains(p.Remove, r) {
			p.Remove = append(p.Remove, r)
		}
	}
	return p, nil
}

// readPack reads and checks one preset.yaml and its overlay directory.
func readPack(loc location) (rawPack, error) {
	var raw rawPack
	file := loc.show(PackFile)
	data, err := readFile(loc.root, loc.file(PackFile), file)
	if err != nil {
		return raw, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return raw, fmt.Errorf("%s: invalid YAML: %s", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return raw, fmt.Errorf("%s: must be a mapping with keys %s", file, strings.Join(packKeys, ", "))
	}
	root := doc.Content[0]
	overlayDir, overlaySet, overlayAt := "overlay", false, file
	raw.answers = answers.Layer{Source: answers.FromPreset}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		at := fmt.Sprintf("%s:%d:%d", file, k.Line, k.Column)
		if seen[k.Value] {
			return raw, fmt.Errorf("%s: key %q given twice", at, k.Value)
		}
		seen[k.Value] = true
		switch k.Value {
		case "name", "description", "extends", "module_prefix", "goprivate", "overlay":
			s, err := scalar(file, k.Value, v)
			if err != nil {
				return raw, err
			}
			switch k.Value {
			case "name":
				raw.name = s
			case "description":
				raw.description = s
			case "extends":
				raw.extends = s
			case "module_prefix":
				if err := answers.CheckModule(s); err != nil {
					return raw, fmt.Errorf("%s:%d:%d: module_prefix %q: %w", file, v.Line, v.Column, s, err)
				}
				raw.modulePrefix = s
			case "goprivate":
				raw.goprivate = s
			case "overlay":
				overlayDir, overlaySet = s, true
				overlayAt = fmt.Sprintf("%s:%d:%d", file, v.Line, v.Column)
			}
		case "answers":
			if v.Kind != yaml.MappingNode {
				return raw, fmt.Errorf("%s: answers must be a mapping of answers keys", at)
			}
			if err := answers.ParseMapping(&raw.answers, file, v); err != nil {
				return raw, err
			}
			if err := raw.answers.Check(); err != nil {
				return raw, err
			}
		case "locked", "remove":
			list, err := stringList(file, k.Value, v)
			if err != nil {
				return raw, err
			}
			if k.Value == "locked" {
				for j, key := range list {
					if key != LockModulePrefix && !slices.Contains(answers.Keys(), key) {
						n := v.Content[j]
						return raw, fmt.Errorf("%s:%d:%d: locked: unknown key %q (answers keys: %s, or %s)", file, n.Line, n.Column, key, strings.Join(answers.Keys(), ", "), LockModulePrefix)
					}
				}
				raw.locked = list
			} else {
				for j, r := range list {
					if !fs.ValidPath(r) || r == "." {
						n := v.Content[j]
						return raw, fmt.Errorf("%s:%d:%d: remove: %q is not a relative path inside the project", file, n.Line, n.Column, r)
					}
				}
				raw.remove = list
			}
		default:
			return raw, fmt.Errorf("%s: unknown key %q (known keys: %s)", at, k.Value, strings.Join(packKeys, ", "))
		}
	}
	if raw.name == "" {
		return raw, fmt.Errorf("%s: name is required", file)
	}
	raw.answers.Name = raw.name
	if !fs.ValidPath(overlayDir) || overlayDir == "." {
		return raw, fmt.Errorf("%s: overlay %q must be a directory inside the pack (relative, without ..)", overlayAt, overlayDir)
	}
	raw.overlay, err = readOverlay(loc, overlayDir, overlaySet)
	return raw, err
}

// readOverlay reads every template of the pack's overlay directory into memory, refusing
// symlinks, special files, oversized files and templates that do not parse.
func readOverlay(loc location, dir string, required bool) (fstest.MapFS, error) {
	overlay := fstest.MapFS{}
	full := loc.file(dir)
	info, err := fs.Stat(loc.root, full)
	if err != nil {
		if !required {
			return overlay, nil
		}
		return nil, fmt.Errorf("%s: overlay directory %s: %w", loc.show(PackFile), dir, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s: overlay %s is not a directory", loc.show(PackFile), dir)
	}
	err = fs.WalkDir(loc.root, full, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, full), "/")
		shown := loc.show(path.Join(dir, rel))
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			return fmt.Errorf("%s: symbolic links are not allowed in a pack", shown)
		case d.IsDir():
			return nil
		case !d.Type().IsRegular():
			return fmt.Errorf("%s: only regular files are allowed in a pack", shown)
		case !strings.HasSuffix(rel, ".tmpl"):
			return fmt.Errorf("%s: overlay templates are named like the built-in ones, ending in .tmpl", shown)
		}
		data, err := readFile(loc.root, p, shown)
		if err != nil {
			return err
		}
		if _, err := template.New(shown).Funcs(generator.FuncMap()).Parse(string(data)); err != nil {
			return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "template: "))
		}
		overlay[rel] = &fstest.MapFile{Data: data, Mode: 0o644}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return overlay, nil
}

// readFile reads name from fsys, refusing symlinks and files over MaxFileSize.
func readFile(fsys fs.FS, name, shown string) ([]byte, error) {
	if lfs, ok := fsys.(fs.ReadLinkFS); ok {
		info, err := lfs.Lstat(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", shown, unwrapPath(err))
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return nil, fmt.Errorf("%s: symbolic links are not allowed in a pack", shown)
		}
	}
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", shown, unwrapPath(err))
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", shown)
	}
	if info.Size() > MaxFileSize {
		return nil, fmt.Errorf("%s: %d bytes, larger than the %d-byte limit for pack files", shown, info.Size(), MaxFileSize)
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", shown, unwrapPath(err))
	}
	return data, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func scalar(file, key string, v *yaml.Node) (string, error) {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
		return "", fmt.Errorf("%s:%d:%d: %s must be a string", file, v.Line, v.Column, key)
	}
	return v.Value, nil
}

func stringList(file, key string, v *yaml.Node) ([]string, error) {
	if v.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d:%d: %s must be a list of strings", file, v.Line, v.Column, key)
	}
	var out []string
	for _, item := range v.Content {
		if item.Kind != yaml.ScalarNode || item.Tag != "!!str" {
			return nil, fmt.Errorf("%s:%d:%d: %s entries must be strings", file, item.Line, item.Column, key)
		}
		out = append(out, item.Value)
	}
	return out, nil
}

// ValidateOverlay renders every overlay template of p with data, so that a pack's
// template errors surface before anything is written.
func ValidateOverlay(p Pack, data generator.Data) error {
	for _, name := range p.OverlayFiles() {
		t, err := template.New(name).Funcs(generator.FuncMap()).Option("missingkey=error").Parse(string(p.Overlay[name].Data))
		if err != nil {
			return fmt.Errorf("overlay %s: %w", name, err)
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, data); err != nil {
			return fmt.Errorf("overlay %s: %w", name, err)
		}
	}
	return nil
}
