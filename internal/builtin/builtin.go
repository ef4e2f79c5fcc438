// Package builtin reads what the running binary's own template tree (package templates)
// says of itself, once per process: its manifest and its hash.
package builtin

import (
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
