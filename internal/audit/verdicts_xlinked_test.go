package audit

import "testing"

// TestLDFlagsPackageNotLinked: -X into a package of the main module that the main
// package does not import, directly or not, sets nothing: the linker drops -X for a
// symbol that is not in the binary. Only the packages of main's program count, and
// when part of the program was not read the verdict is UNKNOWN.
func TestLDFlagsPackageNotLinked(t *testing.T) {
	const (
		mod     = "module example.test/shop\n\ngo 1.26\n"
		version = "package version\n\nvar (\n\tVersion = \"dev\"\n\tCommit  = \"none\"\n)\n"
		bi      = "example.test/shop/internal/version"
	)
	svc := func(imports, use string) string {
		return "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\t\"time\"\n" + imports + ")\n\nvar version, commit = \"dev\", \"none\"\n\n" +
			"func main() {\n\tlog.Println(" + use + ")\n\tsrv := &http.Server{Addr: \":8080\", ReadHeaderTimeout: time.Second}\n\t_ = srv.ListenAndServe()\n}\n"
	}
	mk := func(pkg string) string {
		return "build:\n\tgo build -ldflags \"-X " + pkg + ".Version=1.2.3 -X " + pkg + ".Commit=abc\" -o bin/billing ./cmd/billing\n"
	}
	runBuildCases(t, []buildCase{
		{
			name: "a package of the module the main does not import",
			files: map[string]string{"go.mod": mod, "internal/version/version.go": version,
				"cmd/billing/main.go": svc("", "version, commit"), "Makefile": mk(bi)},
			check: "ldflags", want: Fail, at: "Makefile:2",
			message: "sets -X " + bi + ".Version, -X " + bi + ".Commit into no variable of that build (package " + bi + " is not in the binary: cmd/billing does not import it, directly or through its packages): the linker drops it silently",
		},
		{
			name: "the same package imported",
			files: map[string]string{"go.mod": mod, "internal/version/version.go": version,
				"cmd/billing/main.go": svc("\n\t\""+bi+"\"\n", "version.Version, version.Commit"), "Makefile": mk(bi)},
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit into variables that exist",
		},
		{
			name: "imported through another package",
			files: map[string]string{"go.mod": mod, "internal/version/version.go": version,
				"internal/app/app.go": "package app\n\nimport \"" + bi + "\"\n\n// Name is the service and its version.\nfunc Name() string { return \"billing \" + version.Version + \" \" + version.Commit }\n",
				"cmd/billing/main.go": svc("\n\t\"example.test/shop/internal/app\"\n", "app.Name()"), "Makefile": mk(bi)},
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit into variables that exist",
		},
		{
			name: "a path of the module where no package is",
			files: map[string]string{"go.mod": mod, "internal/version/version.go": version,
				"cmd/billing/main.go": svc("", "version, commit"), "Makefile": mk("example.test/shop/pkg/buildinfo")},
			check: "ldflags", want: Fail,
			message: "(package example.test/shop/pkg/buildinfo is not in the binary: cmd/billing does not import it, directly or through its packages)",
		},
		{
			name: "part of the program not read",
			files: map[string]string{"go.mod": mod, "internal/version/version.go": version,
				"cmd/billing/main.go": svc("\n\t\"example.test/shop/internal/gen\"\n", "gen.Name, version, commit"), "Makefile": mk(bi)},
			check: "ldflags", want: Unknown,
			message: "sets -X " + bi + ".Version into " + bi + ", which cmd/billing does not import as far as read; example.test/shop/internal/gen is imported but was not read",
		},
	})
}
