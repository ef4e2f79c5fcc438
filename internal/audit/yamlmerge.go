package audit

import (
	"slices"

	"go.yaml.in/yaml/v3"
)

// YAMLEntry is a key of a YAML mapping and its value; Merged is the merge key (<<) of
// the mapping that brought it in, nil for one written in the mapping itself.
type YAMLEntry struct{ Key, Value, Merged *yaml.Node }

// MappingEntries returns the entries of the YAML mapping m as GitLab's YAML reader (Ruby's
// Psych) reads them: a merge key, <<: followed by an alias or a mapping, or by a list of
// them, brings in their entries (of a list, the first that has a key gives it), and an
// entry, written or merged, replaces one of the same key before it. A merge key whose
// value is none of those is an entry of its own, as for Psych. A mapping is read once
// (anchors merged into anchors stay linear), and one that merges itself is not merged
// again.
func MappingEntries(m *yaml.Node) []YAMLEntry {
	read := map[*yaml.Node][]YAMLEntry{}
	var entries func(m *yaml.Node) []YAMLEntry
	entries = func(m *yaml.Node) []YAMLEntry {
		if out, ok := read[m]; ok {
			return out // nil while m is read: it merges itself
		}
		read[m] = nil
		var out []YAMLEntry
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			from := []*yaml.Node{v}
			if v.Kind == yaml.SequenceNode {
				from = v.Content
			}
			var sources []*yaml.Node
			for _, n := range from {
				if n.Kind == yaml.AliasNode && n.Alias != nil {
					n = n.Alias
				}
				sources = append(sources, n)
			}
			if k.Kind != yaml.ScalarNode || k.ShortTag() != "!!merge" || slices.ContainsFunc(sources, func(n *yaml.Node) bool { return n.Kind != yaml.MappingNode }) {
				out = setEntry(out, YAMLEntry{Key: k, Value: v})
				continue
			}
			var merged []YAMLEntry
			for _, n := range slices.Backward(sources) {
				for _, e := range entries(n) {
					merged = setEntry(merged, YAMLEntry{Key: e.Key, Value: e.Value, Merged: k})
				}
			}
			for _, e := range merged {
				out = setEntry(out, e)
			}
		}
		read[m] = out
		return out
	}
	return entries(m)
}

// setEntry sets e in entries: in place of the entry of its key, else at the end.
func setEntry(entries []YAMLEntry, e YAMLEntry) []YAMLEntry {
	if i := slices.IndexFunc(entries, func(o YAMLEntry) bool { return o.Key.Value == e.Key.Value }); i >= 0 {
		entries[i] = e
		return entries
	}
	return append(entries, e)
}
