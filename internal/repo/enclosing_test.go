package repo

import (
	"testing"
	"testing/fstest"
)

func TestEnclosing(t *testing.T) {
	mod := &fstest.MapFile{Data: []byte("module example.com/m\n")}
	fsys := fstest.MapFS{
		"work/repo/.git/HEAD":                   {Data: []byte("ref: refs/heads/main\n")},
		"work/repo/svc/go.mod":                  mod,
		"work/repo/svc/cmd/api/main.go":         {Data: []byte("package main\n")},
		"work/repo/svc/testdata/x/main.go":      {Data: []byte("package main\n")},
		"work/repo/svc/inner/.git":              {Data: []byte("gitdir: ../../.git/modules/inner\n")},
		"work/repo/svc/inner/cmd/main.go":       {Data: []byte("package main\n")},
		"work/repo/svc/nested/go.mod":           mod,
		"work/repo/svc/nested/cmd/main.go":      {Data: []byte("package main\n")},
		"work/lone/go.mod":                      mod,
		"work/lone/cmd/tool/main.go":            {Data: []byte("package main\n")},
		"work/outside/go.mod":                   mod,
		"work/outside/checkout/.git/HEAD":       {Data: []byte("x")},
		"work/outside/checkout/cmd/api/main.go": {Data: []byte("package main\n")},
		"work/repo/svc/testdata/m/go.mod":       mod,
		"work/repo/svc/inner/sub/go.mod":        mod,
		"work/repo/_old/m/go.mod":               mod,
		"work/top/.git/HEAD":                    {Data: []byte("x")},
		"work/top/go.mod":                       mod,
		"work/repo/_examples/go.mod":            mod,
		"work/repo/_examples/cmd/srv/main.go":   {Data: []byte("package main\n")},
		"work/repo/testdata/m/go.mod":           mod,
		"work/repo/testdata/m/cmd/x/main.go":    {Data: []byte("package main\n")},
		"work/repo/.tools/a/b/go.mod":           mod,
		"work/repo/.tools/a/b/cmd/x/main.go":    {Data: []byte("package main\n")},
	}
	tests := []struct {
		dir    string
		want   Enclosure
		inside bool
	}{
		{"work/repo/svc/cmd/api", Enclosure{Root: "work/repo", Module: "work/repo/svc", ModulePath: "example.com/m", Under: "svc/cmd/api"}, true},
		{"work/repo/svc/cmd", Enclosure{Root: "work/repo", Module: "work/repo/svc", ModulePath: "example.com/m", Under: "svc/cmd"}, true},
		{"work/repo/svc/nested/cmd", Enclosure{Root: "work/repo", Module: "work/repo/svc/nested", ModulePath: "example.com/m", Under: "svc/nested/cmd"}, true},
		{"work/lone/cmd/tool", Enclosure{Root: "work/lone", Module: "work/lone", ModulePath: "example.com/m", Under: "cmd/tool"}, true},
		// A module nested in a git work tree is read from the tree's top.
		{"work/repo/svc", Enclosure{Root: "work/repo", Module: "work/repo/svc", ModulePath: "example.com/m", Under: "svc", Nested: true}, true},
		{"work/repo/svc/nested", Enclosure{Root: "work/repo", Module: "work/repo/svc/nested", ModulePath: "example.com/m", Under: "svc/nested", Nested: true}, true},
		{"work/repo/svc/inner/sub", Enclosure{Root: "work/repo/svc/inner", Module: "work/repo/svc/inner/sub", ModulePath: "example.com/m", Under: "sub", Nested: true}, true},
		{"work/repo/svc/testdata/m", Enclosure{}, false}, // the walk from the top leaves it out
		{"work/repo/_old/m", Enclosure{}, false},
		{"work/lone", Enclosure{}, false},                // no git work tree above
		{"work/outside", Enclosure{}, false},             // the work tree is below it
		{"work/top", Enclosure{}, false},                 // the work tree's top itself
		{"work/repo/svc/testdata/x", Enclosure{}, false}, // the walk from the root leaves it out
		{"work/repo/svc/inner/cmd", Enclosure{}, false},  // a work tree's top (a submodule) is between
		{"work/outside/checkout/cmd/api", Enclosure{}, false},
		{"work/repo", Enclosure{}, false},
		// A module the walk from the git work tree's top leaves out is read from its
		// own root.
		{"work/repo/_examples/cmd/srv", Enclosure{Root: "work/repo/_examples", Module: "work/repo/_examples", ModulePath: "example.com/m", Under: "cmd/srv"}, true},
		{"work/repo/testdata/m/cmd/x", Enclosure{Root: "work/repo/testdata/m", Module: "work/repo/testdata/m", ModulePath: "example.com/m", Under: "cmd/x"}, true},
		{"work/repo/.tools/a/b/cmd", Enclosure{Root: "work/repo/.tools/a/b", Module: "work/repo/.tools/a/b", ModulePath: "example.com/m", Under: "cmd"}, true},
	}
	for _, tt := range tests {
		got, inside := Enclosing(fsys, tt.dir)
		if got != tt.want || inside != tt.inside {
			t.Errorf("Enclosing(%s) = %+v, %v; want %+v, %v", tt.dir, got, inside, tt.want, tt.inside)
		}
	}
}
