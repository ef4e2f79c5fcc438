package answers

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/yamlerr"
)

// MaxFileSize bounds an answers file, which may be a replayed record; anything larger is
// refused unread.
const MaxFileSize = generator.MaxRecordSize

// recordKeys are the top-level keys of a generated project's .gonew-prod.yaml, which is
// accepted as an answers file so that a setup can be replayed (only its preset and
// answers count).
var recordKeys = generator.RecordKeys()

// ParseFile reads an answers file: either a plain mapping of answers keys, or another
// project's .gonew-prod.yaml whose "answers" mapping is used (a recorded name that is the
// one derived from the recorded module is dropped, to be derived again; an explicit one
// is dropped by Resolve when another module is generated, see Layer.ForeignName).
// Positions in errors are file:line:column.
func ParseFile(name string, data []byte) (Layer, error) {
	l := Layer{Source: FromFile, Name: name}
	if len(data) > MaxFileSize {
		return l, fmt.Errorf("%s: file is larger than %d bytes", name, MaxFileSize)
	}
	root, err := yamlerr.Document(name, data)
	if err != nil || root == nil {
		return l, err // an empty file: no answers
	}
	if root.Kind != yaml.MappingNode {
		return l, fmt.Errorf("%s: must be a mapping of answers keys (%s)", yamlerr.Pos(name, root), strings.Join(Keys(), ", "))
	}
	if isRecord(root) {
		var ans *yaml.Node
		seen := map[string]bool{}
		for i := 0; i+1 < len(root.Content); i += 2 {
			k, v := resolved(root.Content[i]), resolved(root.Content[i+1])
			if !slices.Contains(recordKeys, k.Value) {
				return l, fmt.Errorf("%s: unknown key %q in a .gonew-prod.yaml record (known: %s)", yamlerr.Pos(name, k), k.Value, strings.Join(recordKeys, ", "))
			}
			if seen[k.Value] {
				return l, fmt.Errorf("%s: key %q given twice", yamlerr.Pos(name, k), k.Value)
			}
			seen[k.Value] = true
			switch k.Value {
			case "answers":
				if v.Kind != yaml.MappingNode {
					return l, fmt.Errorf("%s: answers must be a mapping", yamlerr.Pos(name, v))
				}
				ans = v
			case "preset":
				rp, err := generator.ParseRecordPreset(name, v)
				if err != nil {
					return l, err
				}
				l.Preset = &rp
			case "components":
				if err := addRecord(name, k, v); err != nil {
					return l, err
				}
			}
		}
		if ans == nil {
			return l, fmt.Errorf("%s: a .gonew-prod.yaml record must have an answers mapping", yamlerr.Pos(name, root))
		}
		if err := ParseMapping(&l, name, ans); err != nil {
			return l, err
		}
		// A record holds the resolved name. When it is the one derived from the module,
		// leave it out so that replaying with another --module derives the new name.
		if n, ok := l.Values[KeyName]; ok {
			if m, ok := l.Values[KeyModule]; ok && n.Raw == NameFromModule(m.Raw.(string)) {
				delete(l.Values, KeyName)
			}
		}
		return l, nil
	}
	return l, ParseMapping(&l, name, root)
}

// addRecord refuses the record name whose components key k (with its value v) lists
// components: that of a repository gonew-prod add retrofitted them into
// (generator.Record.Components), whose answers (the repository's framework, the
// components as features) are no setup new can replay. It says what to do instead.
func addRecord(name string, k, v *yaml.Node) error {
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		return nil
	}
	var components []string
	for _, c := range v.Content {
		components = append(components, resolved(c).Value)
	}
	framework, _ := Lookup(KeyFramework)
	return fmt.Errorf("%s: %s is the record gonew-prod add wrote when it retrofitted %s into an existing repository, not the answers of a project gonew-prod new made: its answers describe that repository (its framework, the components as features), which new cannot replay; give new its answers as flags (--module, --framework %s, --with FEATURE) or in an answers file of module, framework and features (%s), or, to give another existing repository the same components, run gonew-prod add %s there",
		yamlerr.Pos(name, k), name, strings.Join(components, ", "), strings.Join(optionValues(framework.Options()), "|"), strings.Join(Features(), ", "), strings.Join(components, " "))
}

// ParseMapping reads answers keys from a YAML mapping node into l. It is shared by answers
// files and preset packs.
func ParseMapping(l *Layer, name string, m *yaml.Node) error {
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := resolved(m.Content[i]), m.Content[i+1]
		where := yamlerr.Pos(name, v) // an alias is named where it stands
		v = resolved(v)
		if _, ok := Lookup(k.Value); !ok {
			return fmt.Errorf("%s: unknown key %q (known keys: %s)", yamlerr.Pos(name, k), k.Value, strings.Join(Keys(), ", "))
		}
		if seen[k.Value] {
			return fmt.Errorf("%s: key %q given twice", yamlerr.Pos(name, k), k.Value)
		}
		seen[k.Value] = true
		key, _ := Lookup(k.Value)
		switch key.Kind {
		case Set:
			if v.Kind != yaml.SequenceNode {
				return fmt.Errorf("%s: %s must be a list, e.g. [otel, docker]", where, k.Value)
			}
			list := []string{}
			for _, item := range v.Content {
				if item = resolved(item); item.Kind != yaml.ScalarNode || item.Tag != "!!str" {
					return fmt.Errorf("%s: %s entries must be %s names", yamlerr.Pos(name, item), k.Value, key.Item)
				}
				if err := key.Check([]string{item.Value}); err != nil {
					return valueError(key, Value{Raw: []string{item.Value}, Where: yamlerr.Pos(name, item)}, err)
				}
				list = append(list, item.Value)
			}
			l.Set(k.Value, list, where)
		case Int:
			// Decimal only, as flags are read: 010 is ten, 0x1f is refused. YAML reads
			// digits with a leading zero and an 8 or 9 (08080) as a float, which is
			// decimal digits too.
			n, err := ParseInt(v.Value)
			if v.Kind == yaml.ScalarNode && v.Tag == "!!str" && err == nil {
				// "8080": decimal digits, but YAML reads a quoted value as a string.
				return fmt.Errorf("%s: %s must be an integer, got the quoted string %q; write it without quotes (%s: %s)", where, k.Value, v.Value, k.Value, v.Value)
			}
			if v.Kind != yaml.ScalarNode || (v.Tag != "!!int" && v.Tag != "!!float") || err != nil {
				return fmt.Errorf("%s: %s must be an integer (decimal digits), got %q", where, k.Value, v.Value)
			}
			l.Set(k.Value, n, where)
		default:
			// YAML reads 1.30 as a float; accept numbers for go only as written.
			if v.Kind != yaml.ScalarNode || (v.Tag != "!!str" && !(k.Value == KeyGo && v.Tag == "!!float")) {
				return fmt.Errorf("%s: %s must be a string", where, k.Value)
			}
			l.Set(k.Value, v.Value, where)
		}
	}
	return nil
}

// resolved returns the node an alias (*name) stands for, n itself for any other node: a
// value may be given once with an anchor (&name) and used again.
func resolved(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isRecord(m *yaml.Node) bool {
	for i := 0; i < len(m.Content); i += 2 {
		if m.Content[i].Value == "generator" {
			return true
		}
	}
	return false
}
