// Package templates embeds the built-in template tree of gonew-prod: manifest.yaml (which
// files exist for which answers), versions.yaml (pinned dependency versions) and project/
// (the templates, each named like its output path plus ".tmpl").
package templates

import (
	"embed"
	"io/fs"
)

//go:embed manifest.yaml versions.yaml all:project
var tree embed.FS

// FS returns the built-in template tree.
func FS() fs.FS { return tree }
