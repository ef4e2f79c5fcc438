package repo

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestLocalReplaceOfTheSelectedVersion: in a workspace the go command builds the highest
// version of a module that a go.mod of the workspace requires, and a replace line of a
// version applies only to that one (as go list -m all shows): go.work's line of the
// version svc requires does not apply once another module requires a higher one.
func TestLocalReplaceOfTheSelectedVersion(t *testing.T) {
	tests := []struct {
		name, line, svcReq, otherReq string
		want                         bool // example.com/x is taken from forks/x
	}{
		{name: "the version both require", line: "v1.0.0", svcReq: "v1.0.0", otherReq: "v1.0.0", want: true},
		{name: "svc's version, another module requiring a higher one", line: "v1.0.0", svcReq: "v1.0.0", otherReq: "v1.1.0"},
		{name: "the higher version another module requires", line: "v1.1.0", svcReq: "v1.0.0", otherReq: "v1.1.0", want: true},
		{name: "svc's version, higher than another module's", line: "v1.1.0", svcReq: "v1.1.0", otherReq: "v1.0.0", want: true},
		{name: "every version", line: "", svcReq: "v1.0.0", otherReq: "v1.1.0", want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			old := "example.com/x"
			if tt.line != "" {
				old += " " + tt.line
			}
			files := map[string]string{
				"go.work":        "go 1.22\n\nuse ./svc\nuse ./other\n\nreplace " + old + " => ./forks/x\n",
				"svc/go.mod":     "module example.com/svc\n\ngo 1.22\n\nrequire example.com/x " + tt.svcReq + "\n",
				"svc/main.go":    "package main\n\nimport \"example.com/x\"\n\nfunc main() { x.F() }\n",
				"other/go.mod":   "module example.com/other\n\ngo 1.22\n\nrequire example.com/x " + tt.otherReq + "\n",
				"forks/x/go.mod": "module example.com/x\n\ngo 1.22\n",
				"forks/x/x.go":   "package x\n\nfunc F() {}\n",
			}
			for name, src := range files {
				p := filepath.Join(root, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r, err := OpenDir(context.Background(), root, ".", "repo")
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Mains) != 1 {
				t.Fatalf("mains: %v", r.Mains)
			}
			if got := r.Local(r.Mains[0], "example.com/x"); got != tt.want {
				t.Errorf("Local(example.com/x) = %v, want %v", got, tt.want)
			}
		})
	}
}
