package retrofit

import "testing"

// TestGolangciV1 checks that a golangci-lint configuration is v1 unless its top-level
// version key is "2", in whatever form YAML, JSON or TOML write it: on one line (jq -c),
// as a YAML flow mapping, after a document start; a version key below another key
// does not count, and a file that does not parse is an error.
func TestGolangciV1(t *testing.T) {
	tests := []struct {
		name, file, data string
		v1, err          bool
	}{
		{"block yaml", ".golangci.yml", "version: \"2\"\nlinters:\n  default: standard\n", false, false},
		{"unquoted", ".golangci.yaml", "version: 2 # v2\n", false, false},
		{"document start", ".golangci.yml", "---\nversion: '2'\n", false, false},
		{"flow mapping", ".golangci.yml", "{version: \"2\", linters: {default: standard}}\n", false, false},
		{"one-line json", ".golangci.json", "{\"version\": \"2\", \"linters\": {\"default\": \"standard\"}}\n", false, false},
		{"indented json", ".golangci.json", "{\n  \"linters\": {},\n  \"version\": \"2\"\n}\n", false, false},
		{"v1 yaml", ".golangci.yml", "linters:\n  disable-all: true\n", true, false},
		{"v1 with a nested version", ".golangci.yml", "run:\n  go: \"1.22\"\nlinters-settings:\n  gocritic:\n    settings:\n      x:\n        version: 2\n", true, false},
		{"version 1", ".golangci.json", "{\"version\": \"1\"}", true, false},
		{"empty", ".golangci.yml", "", true, false},
		{"toml", ".golangci.toml", "# v2\nversion = \"2\"\n[linters]\ndefault = \"standard\"\n", false, false},
		{"toml literal string", ".golangci.toml", "version = '2' # migrated\n", false, false},
		{"toml v1", ".golangci.toml", "[run]\ntimeout = \"5m\"\n", true, false},
		{"toml version of a table", ".golangci.toml", "[linters-settings.x]\nversion = \"2\"\n", true, false},
		{"yaml that does not parse", ".golangci.yml", "version: \"2\"\n  linters: [\n", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v1, err := GolangciV1(tt.file, []byte(tt.data))
			if (err != nil) != tt.err || v1 != tt.v1 {
				t.Errorf("GolangciV1(%s) = %v, %v; want v1 %v, an error %v", tt.file, v1, err, tt.v1, tt.err)
			}
		})
	}
}
