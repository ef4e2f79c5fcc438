package cli

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestNewInVendor refuses a target in the vendor directory beside an enclosing go.mod
// or go.work, which the next go mod vendor (go work vendor) deletes with everything no
// vendored module owns, through a symbolic link too, and writes nothing; a directory
// named vendor deeper in a module is an ordinary one.
func TestNewInVendor(t *testing.T) {
	const refusal = "the go command builds from it, and the next go mod vendor there deletes everything in it that no vendored module owns, the new project with it; choose a directory outside it"
	tests := []struct {
		name   string
		files  map[string]string
		link   string // svc is a symbolic link to it, when set
		target string
		code   int
		want   string
	}{
		{"vendor/tools of a vendored module", map[string]string{"go.mod": "module example.com/acme/mono\n\ngo 1.26\n", "vendor/modules.txt": ""}, "", "vendor/tools", ExitUsage, refusal},
		{"vendor of a module without one yet", map[string]string{"go.mod": "module example.com/acme/mono\n\ngo 1.26\n"}, "", "vendor/tools", ExitUsage, refusal},
		{"vendor itself", map[string]string{"go.mod": "module example.com/acme/mono\n\ngo 1.26\n"}, "", "vendor", ExitUsage, refusal},
		{"below a workspace's vendor", map[string]string{"go.work": "go 1.26\n\nuse ./lib\n", "vendor/modules.txt": ""}, "", "vendor/x/tools", ExitUsage, "go work vendor"},
		{"through a symbolic link", map[string]string{"go.mod": "module example.com/acme/mono\n\ngo 1.26\n", "vendor/modules.txt": "", "vendor/tools/.keep": ""}, "vendor/tools", "svc", ExitUsage, refusal},
		{"a package named vendor below the module root", map[string]string{"go.mod": "module example.com/acme/mono\n\ngo 1.26\n"}, "", "internal/vendor/tools", ExitOK, ""},
		{"vendor outside every module", map[string]string{}, "", "vendor/tools", ExitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for p, body := range tt.files {
				mustWrite(t, dir, p, body)
			}
			if tt.link != "" {
				if err := os.Remove(filepath.Join(dir, tt.link, ".keep")); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(tt.link, filepath.Join(dir, "svc")); err != nil {
					t.Fatal(err)
				}
			}
			before := treetest.Describe(t, dir)
			r := run(t, dir, newArgs("--module", "example.com/acme/tools", tt.target)...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, tt.code, tt.want)
			}
			if tt.code != ExitOK {
				if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
					t.Errorf("tree changed:\nbefore %v\nafter  %v", before, after)
				}
			}
		})
	}
}
