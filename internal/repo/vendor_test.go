package repo

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// TestVendoredImport follows the program's imports through a module's vendor
// directory to a package that imports net/http/pprof, reading only the files a
// linux/amd64 build without tags compiles.
func TestVendoredImport(t *testing.T) {
	const gomod = "module example.test/v\n\ngo 1.25\n\nrequire example.test/kit v1.0.0\n"
	pkg := func(name string, imports ...string) string {
		return fmt.Sprintf("/* Licence. */\n\npackage %s\n\nimport (\n\t%s\n)\n", name, strings.Join(imports, "\n\t"))
	}
	many := make([]string, maxVendorPackages+1)
	for i := range many {
		many[i] = fmt.Sprintf("%q", fmt.Sprintf("example.test/gen/p%d", i))
	}
	tests := []struct {
		name    string
		files   map[string]string
		from    []string
		want    string // Path From File:Line, "" for none
		wantErr string
	}{
		{name: "a vendored package the program imports", files: map[string]string{"vendor/example.test/kit/kit.go": pkg("kit", `"fmt"`, `_ "net/http/pprof"`)},
			from: []string{"fmt", "example.test/kit"}, want: "example.test/kit example.test/kit vendor/example.test/kit/kit.go:7"},
		{name: "through another vendored package", files: map[string]string{"vendor/example.test/kit/kit.go": pkg("kit", `"example.test/kit/debug"`), "vendor/example.test/kit/debug/debug.go": pkg("debug", `"net/http/pprof"`)},
			from: []string{"example.test/kit"}, want: "example.test/kit/debug example.test/kit vendor/example.test/kit/debug/debug.go:6"},
		{name: "a vendored package the program does not import", files: map[string]string{"vendor/example.test/kit/kit.go": pkg("kit", `"fmt"`), "vendor/example.test/tool/tool.go": pkg("tool", `_ "net/http/pprof"`)},
			from: []string{"example.test/kit"}},
		{name: "files a build without tags leaves out, and tests", files: map[string]string{"vendor/example.test/kit/kit.go": pkg("kit", `"fmt"`),
			"vendor/example.test/kit/debug.go": "//go:build debug\n\n" + pkg("kit", `_ "net/http/pprof"`), "vendor/example.test/kit/kit_windows.go": pkg("kit", `_ "net/http/pprof"`),
			"vendor/example.test/kit/kit_test.go": pkg("kit", `_ "net/http/pprof"`)},
			from: []string{"example.test/kit"}},
		{name: "a file whose imports go on past the first read", files: map[string]string{"vendor/example.test/kit/kit.go": "// " + strings.Repeat("x", vendorHeader) + "\n\n" + pkg("kit", `"net/http/pprof"`)},
			from: []string{"example.test/kit"}, want: "example.test/kit example.test/kit vendor/example.test/kit/kit.go:8"},
		{name: "imports that start past the first read", files: map[string]string{"vendor/example.test/kit/kit.go": "package kit\n\n// " + strings.Repeat("x", vendorHeader) + "\n\nimport _ \"net/http/pprof\"\n"},
			from: []string{"example.test/kit"}, want: "example.test/kit example.test/kit vendor/example.test/kit/kit.go:5"},
		{name: "more import paths than are followed", files: map[string]string{"vendor/example.test/kit/a.go": pkg("kit", many[:len(many)/2]...), "vendor/example.test/kit/b.go": pkg("kit", many[len(many)/2:]...)},
			from: []string{"example.test/kit"}, wantErr: "more than 4000 import paths through vendor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree := fstest.MapFS{"go.mod": {Data: []byte(gomod)}, "vendor/modules.txt": {Data: []byte("# example.test/kit v1.0.0\n")}, "main.go": {Data: []byte("package main\n\nfunc main() {}\n")}}
			for name, src := range tt.files {
				tree[name] = &fstest.MapFile{Data: []byte(src)}
			}
			r, err := OpenIn(context.Background(), tree, ".", "v")
			if err != nil {
				t.Fatal(err)
			}
			v, found, err := r.VendoredImport(r.Modules[0], tt.from, "net/http/pprof")
			got := ""
			if found {
				got = fmt.Sprintf("%s %s %s:%d", v.Path, v.From, v.File, v.Line)
			}
			if got != tt.want || (err == nil) != (tt.wantErr == "") || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("got %q, %v; want %q, error holding %q", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
