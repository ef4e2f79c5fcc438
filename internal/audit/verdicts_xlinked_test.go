package audit

import "testing"

// TestLDFlagsPackageNotLinked: -X into a package of the main module that the main
// package does not import, directly or not, sets nothing: the linker drops -X for a
// symbol that is not in the binary. Only the packages of main's program count, and
// when part of the program was not read the verdict is UNKNOWN. A package of a
// required module is in the binary only when the program imports it, or a package
// of another module it imports does: not when it imports none (FAIL), UNKNOWN when
// it imports some this audit does not read; a vendor directory is read for their
// imports, and for the declaration of the variable (a constant, a variable a call
// initialises: FAIL).
func TestLDFlagsPackageNotLinked(t *testing.T) {
	const (
		mod     = "module example.test/shop\n\ngo 1.26\n"
		version = "package version\n\nvar (\n\tVersion = \"dev\"\n\tCommit  = \"none\"\n)\n"
		bi      = "example.test/shop/internal/version"
		prom    = "\nrequire (\n\tgithub.com/prometheus/client_golang v1.11.0\n\tgithub.com/prometheus/common v0.32.1\n)\n"
		pv      = "github.com/prometheus/common/version"
		lib     = "\nrequire example.test/lib v1.0.0\n"
		lb      = "example.test/lib/buildinfo"
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
			name:  "a package of a required module that the program imports nothing outside the standard library to link",
			files: map[string]string{"go.mod": mod + prom, "cmd/billing/main.go": svc("", "version, commit"), "Makefile": mk(pv)},
			check: "ldflags", want: Fail, at: "Makefile:2",
			message: "(package " + pv + " is not in the binary: cmd/billing does not import it, nor any package outside the standard library and the repository that could): the linker drops it silently",
		},
		{
			name:  "a package of a required module that the program imports",
			files: map[string]string{"go.mod": mod + prom, "cmd/billing/main.go": svc("\n\t\""+pv+"\"\n", "version.Version, version.Commit"), "Makefile": mk(pv)},
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit into variables that exist",
		},
		{
			name:  "a package of a required module that a package of another module the program imports may import",
			files: map[string]string{"go.mod": mod + prom, "cmd/billing/main.go": svc("\n\t\"github.com/prometheus/client_golang/prometheus\"\n", "prometheus.DefaultRegisterer, version, commit"), "Makefile": mk(pv)},
			check: "ldflags", want: Unknown,
			message: "sets -X " + pv + ".Version into " + pv + ", which cmd/billing does not import itself; it imports packages of other modules (github.com/prometheus/client_golang/prometheus), which this audit does not read and which may",
		},
		{
			name: "a package of a required module that no vendored package the program imports imports",
			files: map[string]string{"go.mod": mod + prom, "cmd/billing/main.go": svc("\n\t\"github.com/prometheus/client_golang/prometheus\"\n", "prometheus.DefaultRegisterer, version, commit"), "Makefile": mk(pv),
				"vendor/modules.txt": "# github.com/prometheus/client_golang v1.11.0\n## explicit\ngithub.com/prometheus/client_golang/prometheus\n# github.com/prometheus/common v0.32.1\n## explicit\n",
				"vendor/github.com/prometheus/client_golang/prometheus/registry.go": "package prometheus\n\nimport \"sync\"\n\nvar DefaultRegisterer sync.Mutex\n",
			},
			check: "ldflags", want: Fail,
			message: "(package " + pv + " is not in the binary: cmd/billing does not import it, nor does any package of vendor it imports (their files for linux/amd64 without build tags))",
		},
		{
			name: "a package of a required module that a vendored package the program imports imports",
			files: map[string]string{"go.mod": mod + prom, "cmd/billing/main.go": svc("\n\t\"github.com/prometheus/client_golang/prometheus\"\n", "prometheus.DefaultRegisterer, version, commit"), "Makefile": mk(pv),
				"vendor/modules.txt": "# github.com/prometheus/client_golang v1.11.0\n## explicit\ngithub.com/prometheus/client_golang/prometheus\n# github.com/prometheus/common v0.32.1\n## explicit\ngithub.com/prometheus/common/version\n",
				"vendor/github.com/prometheus/client_golang/prometheus/registry.go": "package prometheus\n\nimport _ \"" + pv + "\"\n\nvar DefaultRegisterer int\n",
				"vendor/github.com/prometheus/common/version/info.go":               "package version\n\nvar (\n\tVersion string\n\tCommit  string\n)\n",
			},
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit into variables that exist",
		},
		{
			name: "a constant of a vendored package",
			files: map[string]string{"go.mod": mod + lib, "cmd/billing/main.go": svc("\n\t\""+lb+"\"\n", "buildinfo.Version, buildinfo.Commit"), "Makefile": mk(lb),
				"vendor/modules.txt":                     "# example.test/lib v1.0.0\n## explicit; go 1.22\n" + lb + "\n",
				"vendor/example.test/lib/buildinfo/b.go": "package buildinfo\n\nconst Version = \"dev\"\n\nvar Commit = \"none\"\n",
			},
			check: "ldflags", want: Fail,
			message: "sets -X " + lb + ".Version into no variable of that build (a constant in vendor/example.test/lib/buildinfo/b.go): the linker drops it silently",
		},
		{
			name: "a variable of a vendored package that a call initialises",
			files: map[string]string{"go.mod": mod + lib, "cmd/billing/main.go": svc("\n\t\""+lb+"\"\n", "buildinfo.Version, buildinfo.Commit"), "Makefile": mk(lb),
				"vendor/modules.txt":                     "# example.test/lib v1.0.0\n## explicit; go 1.22\n" + lb + "\n",
				"vendor/example.test/lib/buildinfo/b.go": "package buildinfo\n\nvar Version = fromBuildInfo()\n\nvar Commit = \"none\"\n\nfunc fromBuildInfo() string { return \"dev\" }\n",
			},
			check: "ldflags", want: Fail,
			message: "sets -X " + lb + ".Version into no variable of that build (initialised by a function call in vendor/example.test/lib/buildinfo/b.go",
		},
		{
			name: "string variables of a vendored package",
			files: map[string]string{"go.mod": mod + lib, "cmd/billing/main.go": svc("\n\t\""+lb+"\"\n", "buildinfo.Version, buildinfo.Commit"), "Makefile": mk(lb),
				"vendor/modules.txt":                     "# example.test/lib v1.0.0\n## explicit; go 1.22\n" + lb + "\n",
				"vendor/example.test/lib/buildinfo/b.go": "package buildinfo\n\nvar (\n\tVersion = \"dev\"\n\tCommit  string\n)\n",
			},
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit into variables that exist",
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
