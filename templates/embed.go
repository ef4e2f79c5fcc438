// Package templates embeds the built-in template tree of gonew-prod: manifest.yaml (which
// files a new project has for which answers), retrofit.yaml (what `gonew-prod add` writes
// for which components), versions.yaml (pinned dependency versions), formatted.sha256 (the
// Go templates that need no formatting, see generator.FormattedFile) and project/ (the
// templates, each named like its output path plus ".tmpl").
package templates

import (
	"embed"
	"io/fs"
)

//go:embed manifest.yaml retrofit.yaml versions.yaml formatted.sha256 all:project
var tree embed.FS

// FS returns the built-in template tree.
func FS() fs.FS { return tree }
