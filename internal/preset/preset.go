// Package preset loads preset packs: named sets of default (and later locked) answers that
// a platform team publishes for every service of an org.
package preset

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/presets"
)

// PackFile is the file describing a pack, at the pack's root.
const PackFile = "preset.yaml"

// Pack is a loaded preset pack.
type Pack struct {
	Name        string
	Description string
	Source      string        // "builtin", a directory or MODULE@VERSION
	Answers     answers.Layer // the pack's default answers
}

var packKeys = []string{"name", "description", "answers"}

// Builtin loads the built-in pack called name.
func Builtin(name string) (Pack, error) {
	names, err := BuiltinNames()
	if err != nil {
		return Pack{}, err
	}
	if !slices.Contains(names, name) {
		return Pack{}, fmt.Errorf("unknown preset %q (built-in presets: %s)", name, strings.Join(names, ", "))
	}
	sub, err := fs.Sub(presets.FS(), name)
	if err != nil {
		return Pack{}, fmt.Errorf("preset %s: %w", name, err)
	}
	return Load(sub, "preset "+name, "builtin")
}

// BuiltinNames lists the built-in packs in order.
func BuiltinNames() ([]string, error) {
	entries, err := fs.ReadDir(presets.FS(), ".")
	if err != nil {
		return nil, fmt.Errorf("list built-in presets: %w", err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// Load reads the pack at the root of fsys; label prefixes positions in errors.
func Load(fsys fs.FS, label, source string) (Pack, error) {
	p := Pack{Source: source}
	data, err := fs.ReadFile(fsys, PackFile)
	if err != nil {
		return p, fmt.Errorf("%s: %w", label, err)
	}
	file := label + "/" + PackFile
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return p, fmt.Errorf("%s: %w", file, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return p, fmt.Errorf("%s: must be a mapping with keys %s", file, strings.Join(packKeys, ", "))
	}
	root := doc.Content[0]
	p.Answers = answers.Layer{Source: answers.FromPreset}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		at := fmt.Sprintf("%s:%d:%d", file, k.Line, k.Column)
		switch k.Value {
		case "name", "description":
			if v.Kind != yaml.ScalarNode {
				return p, fmt.Errorf("%s: %s must be a string", at, k.Value)
			}
			if k.Value == "name" {
				p.Name = v.Value
			} else {
				p.Description = v.Value
			}
		case "answers":
			if v.Kind != yaml.MappingNode {
				return p, fmt.Errorf("%s: answers must be a mapping", at)
			}
			if err := answers.ParseMapping(&p.Answers, file, v); err != nil {
				return p, err
			}
		default:
			return p, fmt.Errorf("%s: unknown key %q (known keys: %s)", at, k.Value, strings.Join(packKeys, ", "))
		}
	}
	if p.Name == "" {
		return p, fmt.Errorf("%s: name is required", file)
	}
	p.Answers.Name = "preset " + p.Name
	return p, nil
}
