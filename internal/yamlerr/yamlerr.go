// Package yamlerr gives YAML syntax errors a line and a column. go.yaml.in/yaml/v3, which
// reads every YAML file of gonew-prod, reports a syntax error with its line only; the
// parser of github.com/goccy/go-yaml locates it precisely, so it is asked where.
package yamlerr

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	goccy "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
)

var lineOf = regexp.MustCompile(`^line (\d+): `)

// maxLocatedDepth is the deepest nesting of flow collections ([...], {...}) for which
// the other parser is asked where an error is.
const maxLocatedDepth = 100

// flowDepth returns the deepest nesting of '[' and '{' in data outside quoted
// strings and comments, as far as a linear scan tells.
func flowDepth(data []byte) int {
	depth, deepest := 0, 0
	var quote byte
	comment := false
	for i, c := range data {
		switch {
		case comment:
			comment = c != '\n'
		case quote != 0:
			if c == quote && (quote == '\'' || i == 0 || data[i-1] != '\\') {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			comment = true
		case c == '[' || c == '{':
			depth++
			deepest = max(deepest, depth)
		case c == ']' || c == '}':
			depth = max(depth-1, 0)
		}
	}
	return deepest
}

// Syntax turns err, a syntax error yaml v3 reported for data, into
// "name:LINE:COLUMN: invalid YAML: reason". When the other parser finds no error where
// yaml v3 did, the message keeps yaml v3's reason and line.
func Syntax(name string, data []byte, err error) error {
	if line, col, reason, ok := badChar(data, err); ok {
		return fmt.Errorf("%s:%d:%d: invalid YAML: %s", name, line, col, reason)
	}
	// The other parser takes time and memory that grow faster than the nesting
	// depth (minutes and gigabytes for a file of 20 KB), and cannot be stopped:
	// deeply nested flow collections keep yaml v3's message.
	if flowDepth(data) <= maxLocatedDepth {
		_, perr := parser.ParseBytes(data, 0)
		var se *goccy.SyntaxError
		if errors.As(perr, &se) && se.Token != nil {
			return fmt.Errorf("%s:%d:%d: invalid YAML: %s", name, se.Token.Position.Line, se.Token.Position.Column, se.Message)
		}
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := lineOf.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s:%s: invalid YAML: %s", name, m[1], strings.TrimPrefix(msg, m[0]))
	}
	return fmt.Errorf("%s: invalid YAML: %s", name, msg)
}

// readerErrors are the errors yaml v3 reports, without a line, for a byte that is not
// UTF-8 or a character YAML does not allow.
var readerErrors = []string{"UTF-8", "invalid Unicode character", "control characters are not allowed"}

// badChar locates, when err is one of readerErrors, the first byte of data, read as
// UTF-8, that is not UTF-8 or a character YAML does not allow: its line and column (in
// characters, from 1) and what is wrong with it. A file with a UTF-16 byte order mark,
// which yaml v3 reads as UTF-16, is not looked at.
func badChar(data []byte, err error) (line, col int, reason string, ok bool) {
	if !slices.ContainsFunc(readerErrors, func(e string) bool { return strings.Contains(err.Error(), e) }) ||
		bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) {
		return 0, 0, "", false
	}
	line, col = 1, 1
	i := 0
	if bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
		i = 3 // the byte order mark, which is no character of the first line
	}
	for i < len(data) {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return line, col, fmt.Sprintf("byte 0x%02x is not UTF-8; save the file as UTF-8", data[i]), true
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f || r >= 0x80 && r < 0xa0 && r != 0x85:
			return line, col, fmt.Sprintf("control character %U is not allowed; remove it (in a double-quoted string, write it as an escape: \"\\x%02x\")", r, r), true
		case r == 0xfffe || r == 0xffff:
			return line, col, fmt.Sprintf("character %U is not allowed; remove it", r), true
		case r == '\n':
			line, col = line+1, 0
		}
		i += size
		col++
	}
	return 0, 0, "", false
}

// Document parses data, a file called name that holds at most one YAML document, and
// returns the document's root node, nil when the file holds none. A syntax error is
// positioned as Syntax says; a second document, which a plain decode would silently
// ignore, is an error at its position.
func Document(name string, data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, Syntax(name, data, err)
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, Syntax(name, data, err)
		}
		return nil, fmt.Errorf("%s: only one YAML document is allowed", Pos(name, &next))
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// Pos returns where node n is in the file called name: "name:line:column".
func Pos(name string, n *yaml.Node) string {
	return fmt.Sprintf("%s:%d:%d", name, n.Line, n.Column)
}
