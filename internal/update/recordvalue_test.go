package update

import (
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/internal/answers"
)

// TestRecordValueReadsBack checks that the value recordValue writes, which a refusal
// gives as the record's line to restore (KEY: VALUE), is one line that YAML reads back as
// the same value of the same kind: a string as a string (quoted where YAML would read it
// otherwise: a number, yes/no/on/off, null, a comment, a mapping, an alias, a flow
// collection, surrounding spaces, a line break), a number as a number, a list as a flow
// list of those strings, each item quoted where a flow list would split or end it.
func TestRecordValueReadsBack(t *testing.T) {
	long := strings.Repeat("word ", 30) + "end"
	strs := []string{
		"gin", "example.com/acme/orders", "1.26", "1.20", "8080", "0x1f", "1e3", "-1", ".5",
		"a: b", "a:b", "a #b", "#x", "-x", "- x", "--- x", "{x}", "[x]", "x]", "x}", "a, b", "a,b",
		`"q"`, "it's", "'q'", "a\nb", "a\r\nb", "line\n", "a\tb", " lead", "trail ", "",
		"yes", "no", "on", "off", "Yes", "NO", "y", "n", "true", "False", "null", "~", "Null",
		"*alias", "&anchor", "!tag", "%x", "@x", "`x", "|x", ">x", "?x", "? x", "x?", "é", "\x1b[2J", "\u2028",
		long,
	}
	for _, s := range strs {
		got := recordValue(s)
		if strings.ContainsAny(got, "\n\r") {
			t.Errorf("recordValue(%q) = %q: not one line", s, got)
			continue
		}
		n := readBack(t, got)
		if n == nil {
			continue
		}
		if n.Kind != yaml.ScalarNode || n.Tag != "!!str" || n.Value != s {
			t.Errorf("recordValue(%q) = %q, which reads back as %s %q", s, got, n.Tag, n.Value)
		}
		// In a list, as features are written.
		got = recordValue([]string{s, "otel"})
		if strings.ContainsAny(got, "\n\r") {
			t.Errorf("recordValue([%q, otel]) = %q: not one line", s, got)
			continue
		}
		if n = readBack(t, got); n == nil {
			continue
		}
		if n.Kind != yaml.SequenceNode || len(n.Content) != 2 || n.Content[0].Tag != "!!str" || n.Content[0].Value != s || n.Content[1].Value != "otel" {
			t.Errorf("recordValue([%q, otel]) = %q, which does not read back as that list", s, got)
		}
	}
	for _, v := range []int{8080, 1024, 65535} {
		got := recordValue(v)
		if n := readBack(t, got); n != nil && (n.Tag != "!!int" || n.Value != strconv.Itoa(v)) {
			t.Errorf("recordValue(%d) = %q, which reads back as %s %q", v, got, n.Tag, n.Value)
		}
	}
	for _, l := range [][]string{{}, {"otel", "docker"}} {
		got := recordValue(l)
		if n := readBack(t, got); n != nil && (n.Kind != yaml.SequenceNode || len(n.Content) != len(l) || got != "["+strings.Join(l, ", ")+"]") {
			t.Errorf("recordValue(%q) = %q", l, got)
		}
	}
	// The record's own reader takes each line as the answer it was.
	for _, tt := range []struct {
		key string
		v   any
	}{
		{answers.KeyName, "yes"}, {answers.KeyName, "8080"}, {answers.KeyName, "orders"},
		{answers.KeyModule, "example.com/acme/orders"}, {answers.KeyGo, "1.20"}, {answers.KeyGo, "1.26"},
		{answers.KeyFeatures, []string{"otel", "docker"}}, {answers.KeyHTTPPort, 8080},
	} {
		line := tt.key + ": " + recordValue(tt.v)
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(line), &doc); err != nil {
			t.Errorf("%s: %v", line, err)
			continue
		}
		l := answers.Layer{Source: answers.FromFile}
		if err := answers.ParseMapping(&l, "record", doc.Content[0]); err != nil {
			t.Errorf("%s: %v", line, err)
			continue
		}
		if got := recordValue(l.Values[tt.key].Raw); got != recordValue(tt.v) {
			t.Errorf("%s reads back as %s", line, got)
		}
	}
}

// readBack reads text as the value of a YAML mapping's key, as the record's line holds it.
func readBack(t *testing.T, text string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte("k: "+text+"\n"), &doc); err != nil {
		t.Errorf("k: %s: %v", text, err)
		return nil
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode || len(doc.Content[0].Content) != 2 {
		t.Errorf("k: %s: not a mapping of one key", text)
		return nil
	}
	return doc.Content[0].Content[1]
}
