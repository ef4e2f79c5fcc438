package yamlerr

import (
	"errors"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestSyntax(t *testing.T) {
	tests := []struct{ in, want string }{
		{"module: [\nci: x\n", "f.yaml:1:9: invalid YAML: sequence end token ']' not found"},
		{"a: b\n  c: d\n", "f.yaml:1:4: invalid YAML: mapping value is not allowed in this context"},
		{"key: value\n\tbad: tab\n", "f.yaml:2:1: invalid YAML: found character '\t' that cannot start any token"},
		{"a: b\nb: [1, 2\n", "f.yaml:2:4: invalid YAML: sequence end token ']' not found"},
	}
	for _, tt := range tests {
		var n yaml.Node
		err := yaml.Unmarshal([]byte(tt.in), &n)
		if err == nil {
			t.Fatalf("%q: yaml v3 accepts it", tt.in)
		}
		if got := Syntax("f.yaml", []byte(tt.in), err).Error(); got != tt.want {
			t.Errorf("%q: %s, want %s", tt.in, got, tt.want)
		}
	}
	// Where only yaml v3 finds a problem, its line is kept.
	got := Syntax("f.yaml", []byte("a: 1\n"), errors.New("yaml: line 7: something odd"))
	if got.Error() != "f.yaml:7: invalid YAML: something odd" {
		t.Errorf("fallback: %v", got)
	}
}

// TestSyntaxBadCharacter: a byte that is not UTF-8 (a Latin-1 "é" saved by a Windows
// editor) or a character YAML does not allow, which yaml v3 reports without a line, is
// located at its line and column, and said what it is and how to fix it.
func TestSyntaxBadCharacter(t *testing.T) {
	tests := []struct{ in, want string }{
		{"name: pw\nanswers:\n  framework: echo # \xe9quipe\n", `f.yaml:3:21: invalid YAML: byte 0xe9 is not UTF-8; save the file as UTF-8`},
		{"module: x\nname: caf\xe9\n", `f.yaml:2:10: invalid YAML: byte 0xe9 is not UTF-8`},
		{"d: \"d\u00e9j\u00e0 \xe0 vu\"\n", `f.yaml:1:10: invalid YAML: byte 0xe0 is not UTF-8`}, // columns count characters
		{"\ufeffa: 1\nb: x\x01y\n", `f.yaml:2:5: invalid YAML: control character U+0001 is not allowed; remove it (in a double-quoted string, write it as an escape: "\x01")`},
		{"a: 1\r\nb: \x7f\n", `f.yaml:2:4: invalid YAML: control character U+007F is not allowed`},
		{"a: \uffff\n", `f.yaml:1:4: invalid YAML: character U+FFFF is not allowed; remove it`},
	}
	for _, tt := range tests {
		var n yaml.Node
		err := yaml.Unmarshal([]byte(tt.in), &n)
		if err == nil {
			t.Fatalf("%q: yaml v3 accepts it", tt.in)
		}
		if got := Syntax("f.yaml", []byte(tt.in), err).Error(); !strings.HasPrefix(got, tt.want) {
			t.Errorf("%q: %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestSyntaxDeeplyNested: a small file of deeply nested flow collections, which the
// other parser takes minutes and gigabytes to read, keeps yaml v3's message.
func TestSyntaxDeeplyNested(t *testing.T) {
	for _, depth := range []int{150, 12000} {
		in := []byte("module: " + strings.Repeat("[", depth) + "\n")
		var n yaml.Node
		err := yaml.Unmarshal(in, &n)
		if err == nil {
			t.Fatalf("depth %d: yaml v3 accepts it", depth)
		}
		got := Syntax("f.yaml", in, err).Error()
		if want := "f.yaml"; !strings.HasPrefix(got, want) || strings.Contains(got, "sequence end token") {
			t.Errorf("depth %d: %s, want yaml v3's message", depth, got)
		}
	}
	if got := flowDepth([]byte("a: [1, {b: '[[', c: \"]\\\"[\"}] # [[[\nd: [[2]]\n")); got != 2 {
		t.Errorf("flowDepth = %d, want 2", got)
	}
}
