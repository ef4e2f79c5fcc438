// Package builtin reads what the running binary's own template tree (package templates)
// says of itself, once per process: its manifest, its hash and the modules it pins.
package builtin

import (
	"bufio"
	"bytes"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/templates"
)

// Manifest returns the built-in manifest.yaml, read and checked once.
var Manifest = sync.OnceValues(func() (generator.Manifest, error) {
	return generator.ReadManifest(templates.FS(), "")
})

// Hash returns generator.TemplatesHash of the built-in tree, computed once.
var Hash = sync.OnceValues(func() (string, error) {
	return generator.TemplatesHash(templates.FS())
})

// Modules returns every module path the built-in go.sum templates pin, of every
// dependency set, sorted: the public modules a generated project depends on.
var Modules = sync.OnceValues(func() ([]string, error) {
	m, err := Manifest()
	if err != nil {
		return nil, err
	}
	var mods []string
	for _, e := range m.Files {
		if e.Path != "go.sum" {
			continue
		}
		data, err := fs.ReadFile(templates.FS(), generator.TemplateDir+"/"+e.TemplateName())
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) == 3 && !strings.HasPrefix(f[0], "{{") {
				mods = append(mods, f[0])
			}
		}
	}
	slices.Sort(mods)
	return slices.Compact(mods), nil
})
