package audit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// gitlabDocument reads src, a GitLab CI file, as GitLab does: its configuration is its
// only YAML document, or the second one after a header, a first document with a spec:
// key (which declares the file's CI/CD inputs), returned too. Empty documents do not
// count; more than two, or a second one after a first that is no header, are an error.
func gitlabDocument(src []byte) (config, header *yaml.Node, err error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var docs []*yaml.Node
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if len(doc.Content) == 0 || doc.Content[0].ShortTag() == "!!null" {
			continue
		}
		docs = append(docs, &doc)
	}
	switch {
	case len(docs) == 0:
		return &yaml.Node{Kind: yaml.DocumentNode}, nil, nil
	case len(docs) == 1:
		return docs[0], nil, nil
	case len(docs) > 2:
		return nil, nil, fmt.Errorf("it holds %d YAML documents (the third at line %d), where GitLab reads one, or a spec: header and then the configuration: join the configuration into one document", len(docs), docs[2].Line)
	case get(docs[0].Content[0], "spec") == nil:
		return nil, nil, fmt.Errorf("its second YAML document, at line %d, follows one without a spec: header, where GitLab reads one document, or a spec: header and then the configuration: join them into one document", docs[1].Line)
	}
	return docs[1], docs[0].Content[0], nil
}

// gitlabInput matches an interpolation of a GitLab CI/CD input, $[[ inputs.name ]],
// with the functions it pipes the value through ("| expand_vars").
var gitlabInput = regexp.MustCompile(`\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*((?:\|[^\]]*?)?)\s*\]\]`)

// interpolateInputs replaces, in the nodes under n, the interpolations of CI/CD inputs
// ($[[ inputs.name ]]) by the values GitLab gives them: those given (the inputs: of
// the include that reads the file), else the defaults of the header's spec: inputs:.
// A value that is one interpolation alone takes the input's value as it is (an array
// input becomes a list, a boolean stays one); expand_vars leaves the variables in it to
// be expanded as the shell does. An interpolation whose value is not known here (an
// input with neither, or piped through another function) is left as written, and its
// node returned, to be noted as a part not read.
func interpolateInputs(n, header, given *yaml.Node) []*yaml.Node {
	if n == nil {
		return nil
	}
	value := func(m []string) *yaml.Node {
		if f := strings.TrimSpace(strings.TrimPrefix(m[2], "|")); f != "" && f != "expand_vars" {
			return nil
		}
		if v := deref(get(deref(given), m[1])); v != nil {
			return v
		}
		return deref(get(deref(get(deref(get(deref(get(header, "spec")), "inputs")), m[1])), "default"))
	}
	if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "$[[") {
		if m := gitlabInput.FindStringSubmatch(n.Value); m != nil && m[0] == strings.TrimSpace(n.Value) {
			if v := value(m); v != nil {
				line, column := n.Line, n.Column
				*n = *v
				n.Line, n.Column = line, column
				return nil
			}
		}
		known := true
		text := gitlabInput.ReplaceAllStringFunc(n.Value, func(s string) string {
			if v := value(gitlabInput.FindStringSubmatch(s)); v != nil && v.Kind == yaml.ScalarNode {
				return v.Value
			}
			known = false
			return s
		})
		if !known {
			return []*yaml.Node{n}
		}
		n.Value = text
		return nil
	}
	var unresolved []*yaml.Node
	for _, c := range n.Content {
		unresolved = append(unresolved, interpolateInputs(c, header, given)...)
	}
	return unresolved
}
