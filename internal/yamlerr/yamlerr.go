// Package yamlerr gives YAML syntax errors a line and a column. go.yaml.in/yaml/v3, which
// reads every YAML file of gonew-prod, reports a syntax error with its line only; the
// parser of github.com/goccy/go-yaml locates it precisely, so it is asked where.
package yamlerr

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

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
