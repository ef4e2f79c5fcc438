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
	"strings"

	"go.yaml.in/yaml/v3"

	goccy "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
)

var lineOf = regexp.MustCompile(`^line (\d+): `)

// Syntax turns err, a syntax error yaml v3 reported for data, into
// "name:LINE:COLUMN: invalid YAML: reason". When the other parser finds no error where
// yaml v3 did, the message keeps yaml v3's reason and line.
func Syntax(name string, data []byte, err error) error {
	_, perr := parser.ParseBytes(data, 0)
	var se *goccy.SyntaxError
	if errors.As(perr, &se) && se.Token != nil {
		return fmt.Errorf("%s:%d:%d: invalid YAML: %s", name, se.Token.Position.Line, se.Token.Position.Column, se.Message)
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := lineOf.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s:%s: invalid YAML: %s", name, m[1], strings.TrimPrefix(msg, m[0]))
	}
	return fmt.Errorf("%s: invalid YAML: %s", name, msg)
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
