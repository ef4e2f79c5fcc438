package retrofit

import (
	"fmt"
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

// findBlock returns the byte range [start, end) of the lines of the guarded block id in
// content, markers included, or ok false. A begin marker without its end is an error.
func findBlock(content []byte, id string) (start, end int, ok bool, err error) {
	s := string(content)
	begin := strings.Index(s, generator.BlockBegin+id)
	for begin >= 0 && !markerEnds(s, begin+len(generator.BlockBegin+id)) {
		next := strings.Index(s[begin+1:], generator.BlockBegin+id)
		if next < 0 {
			begin = -1
			break
		}
		begin += 1 + next
	}
	if begin < 0 {
		return 0, 0, false, nil
	}
	start = strings.LastIndexByte(s[:begin], '\n') + 1
	rel := strings.Index(s[begin:], generator.BlockEnd+id)
	if rel < 0 {
		return 0, 0, false, fmt.Errorf("the guarded block %s has a begin marker but no end marker (%s%s); restore it or remove the begin marker", id, generator.BlockEnd, id)
	}
	endMarker := begin + rel
	end = strings.IndexByte(s[endMarker:], '\n')
	if end < 0 {
		end = len(s)
	} else {
		end += endMarker + 1
	}
	return start, end, true, nil
}

// markerEnds reports whether the id of a marker ends at i: the line ends or a space
// follows (so that block "ci" does not match "ci-extra").
func markerEnds(s string, i int) bool {
	return i == len(s) || s[i] == '\n' || s[i] == ' ' || s[i] == '\r'
}
