package retrofit

import (
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
)

// block returns the lines of a guarded block called id, in the comment syntax of a file
// (prefix "//" for Go, "#" for Makefiles and YAML), indented by indent: a begin marker
// with note (may be empty), the body lines, an end marker. Every line ends in "\n".
func block(prefix, indent, id, note string, body []string) string {
	var b strings.Builder
	begin := prefix + " " + generator.BlockBegin + id
	if note != "" {
		begin += " " + note
	}
	b.WriteString(indent + begin + "\n")
	for _, l := range body {
		if l == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString(indent + l + "\n")
	}
	b.WriteString(indent + prefix + " " + generator.BlockEnd + id + "\n")
	return b.String()
}

// withCRLF returns text, whose lines end in "\n", with CRLF line endings.
func withCRLF(text string) string { return strings.ReplaceAll(text, "\n", "\r\n") }
