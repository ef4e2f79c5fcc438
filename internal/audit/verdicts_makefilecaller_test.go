package audit

import "testing"

// TestMakefileReadFromItsCallersDirectory: make resolves a Makefile's includes and
// runs its recipes in its working directory, so a file that the repository's
// Makefiles or CI run with -f from another directory (make -f build/release.mk
// from the root) is read from there, not from its own directory.
func TestMakefileReadFromItsCallersDirectory(t *testing.T) {
	const main = "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\t\"time\"\n)\n\nvar (\n\tversion = \"dev\"\n\tcommit  = \"none\"\n)\n\n" +
		"func main() {\n\tlog.Println(version, commit)\n\tsrv := &http.Server{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}\n\tlog.Fatal(srv.ListenAndServe())\n}\n"
	release := func(include string) string {
		return "LDFLAGS := -s -w\n" + include + " build/version.mk\n\nrelease:\n\tCGO_ENABLED=0 go build -ldflags \"$(LDFLAGS)\" -o bin/api ./cmd/api\n"
	}
	files := func(extra map[string]string) map[string]string {
		f := map[string]string{
			"go.mod":           "module example.test/api\n\ngo 1.26\n",
			"cmd/api/main.go":  main,
			"build/version.mk": "LDFLAGS += -X main.version=1.2.3 -X main.commit=abc123\n",
		}
		for k, v := range extra {
			f[k] = v
		}
		return f
	}
	const injects = "inject version and commit"
	runCheckCases(t, []checkCase{
		{name: "-include of a file run with $(MAKE) -f from the root Makefile",
			files: files(map[string]string{"Makefile": "build:\n\t$(MAKE) -f build/release.mk release\n", "build/release.mk": release("-include")}),
			check: "ldflags", want: Pass, message: injects},
		{name: "include of a file run with $(MAKE) -f from the root Makefile",
			files: files(map[string]string{"Makefile": "build:\n\t$(MAKE) -f build/release.mk release\n", "build/release.mk": release("include")}),
			check: "ldflags", want: Pass, message: injects},
		{name: "include of a file the CI runs with make -f from the root",
			files: files(map[string]string{"build/release.mk": release("include"),
				".github/workflows/release.yml": "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make -f build/release.mk release\n"}),
			check: "ldflags", want: Pass, message: injects},
		{name: "include of a file run with make -C build -f release.mk stays read from build",
			files: files(map[string]string{"Makefile": "build:\n\t$(MAKE) -C build -f release.mk release\n", "build/release.mk": release("-include")}),
			check: "ldflags", want: Warn, message: "injects no version or commit"},
	})
}
