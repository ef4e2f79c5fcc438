// Package presets embeds the built-in preset packs of gonew-prod. Each pack is a directory
// holding a preset.yaml.
package presets

import (
	"embed"
	"io/fs"
)

//go:embed all:default all:minimal
var packs embed.FS

// FS returns the built-in packs, one directory per preset.
func FS() fs.FS { return packs }
