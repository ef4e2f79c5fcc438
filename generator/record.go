package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/internal/answers"
)

// RecordFile is the path of the record every generated project carries.
const RecordFile = ".gonew-prod.yaml"

// Version is the version of the generator and its templates, recorded in every project.
// It changes when templates change, and only then, so that output stays byte-identical
// across builds of the same templates.
const Version = "0.1.0"

// Record is what made a project: the generator, the preset and the answers, plus a
// checksum of every generated file (the base for later updates).
type Record struct {
	Generator RecordGenerator `yaml:"generator"`
	Preset    RecordPreset    `yaml:"preset"`
	Answers   answers.Answers `yaml:"answers"`
	Files     []RecordEntry   `yaml:"files"`
}

// RecordGenerator names the generator and its version.
type RecordGenerator struct {
	Name    string `yaml:"name"`
	Version string `yaml:"version"`
}

// RecordPreset names the preset the answers started from and where it came from.
type RecordPreset struct {
	Name    string `yaml:"name"`
	Source  string `yaml:"source"`
	Version string `yaml:"version,omitempty"`
}

// RecordEntry is the checksum of one generated file.
type RecordEntry struct {
	Path   string `yaml:"path"`
	SHA256 string `yaml:"sha256"`
}

// NewRecord returns a record for answers a rendered from preset p.
func NewRecord(a answers.Answers, p RecordPreset) *Record {
	return &Record{Generator: RecordGenerator{Name: "gonew-prod", Version: Version}, Preset: p, Answers: a}
}

const recordHeader = `# Written by gonew-prod: what generated this project. Keep it in version control:
# "gonew-prod update" uses it as the base of its three-way merge, and
# "gonew-prod new --answers .gonew-prod.yaml" replays the same answers.
`

// File renders the record for files (which must be sorted) as the project's RecordFile.
func (r Record) File(files []File) (File, error) {
	r.Files = make([]RecordEntry, 0, len(files))
	for _, f := range files {
		sum := sha256.Sum256(f.Content)
		r.Files = append(r.Files, RecordEntry{Path: f.Path, SHA256: hex.EncodeToString(sum[:])})
	}
	var buf bytes.Buffer
	buf.WriteString(recordHeader)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(r); err != nil {
		return File{}, fmt.Errorf("render %s: %w", RecordFile, err)
	}
	if err := enc.Close(); err != nil {
		return File{}, fmt.Errorf("render %s: %w", RecordFile, err)
	}
	return File{Path: RecordFile, Mode: 0o644, Content: buf.Bytes()}, nil
}
