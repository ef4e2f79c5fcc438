package audit

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLDFlagsConstantInitialiser: -X sets a string variable left uninitialised or
// initialised to a constant expression, conversions such as string("dev") included;
// one initialised from another variable (of its package or of another), an index or
// a slice expression is assigned by the package's initialisation when the program
// starts, over what the linker set (FAIL, naming the variable); []byte("dev") is no
// string (the link fails); a name of a package this audit does not read is UNKNOWN.
func TestLDFlagsConstantInitialiser(t *testing.T) {
	const mk = "build:\n\tgo build -ldflags \"-X main.version=1.2.3 -X main.commit=abc\" -o bin/api ./cmd/api\n"
	const vdef = "package vdef\n\nconst Version = \"dev\"\n\nvar Commit = \"none\"\n"
	mainWith := func(imports, vars string) string {
		return "package main\n\nimport (\n" + imports + "\t\"net/http\"\n\t\"time\"\n)\n\n" + vars + "\n\n" + serveFunc
	}
	const imp = "\t\"example.test/svc/internal/vdef\"\n"
	tests := []struct {
		name    string
		imports string
		vars    string
		want    Status
		message string // a part of the message
	}{
		{"another variable of the package", "", "var (\n\tdefaultVersion = \"dev\"\n\tversion        = defaultVersion\n\tcommit         = defaultVersion\n)",
			Fail, "sets -X main.version, -X main.commit into no variable of that build (initialised from the variable defaultVersion in cmd/api/main.go, and -X sets only a string variable left uninitialised or initialised to a constant string expression)"},
		{"a variable of another package", imp, "var (\n\tversion = vdef.Version\n\tcommit  = vdef.Commit\n)",
			Fail, "sets -X main.commit into no variable of that build (initialised from the variable vdef.Commit in cmd/api/main.go"},
		{"an uninitialised variable", "", "var (\n\tdefaults string\n\tversion  = defaults\n\tcommit   string\n)",
			Fail, "initialised from the variable defaults"},
		{"a constant of another package, converted", imp, "var (\n\tversion = vdef.Version\n\tcommit  = string(vdef.Version + \"-x\")\n)",
			Pass, "inject version and commit"},
		{"string conversions of constants", "", "const unknown = \"unknown\"\n\nvar (\n\tversion        = string(\"dev\")\n\tcommit  string = string(unknown)\n)",
			Pass, "inject version and commit"},
		{"min of constants", "", "var (\n\tversion = min(\"dev\", \"local\")\n\tcommit  = (\"none\")\n)",
			Pass, "inject version and commit"},
		{"an index expression", "", "var m = map[string]string{\"v\": \"dev\"}\n\nvar (\n\tversion = m[\"v\"]\n\tcommit  string\n)",
			Fail, "(initialised by m[\"v\"], which is not a constant expression in cmd/api/main.go"},
		{"a slice of a constant", "", "var (\n\tversion = \"devel\"[:3]\n\tcommit  string\n)",
			Fail, "which is not a constant expression"},
		{"a conversion to []byte", "", "var (\n\tversion = []byte(\"dev\")\n\tcommit  string\n)",
			Fail, "sets -X main.version into a variable of type []byte in cmd/api/main.go, but -X sets only a variable of type string: the link fails"},
		{"a function call", "", "var (\n\tversion = strings.ToLower(\"DEV\")\n\tcommit  string\n)",
			Fail, "initialised by a function call in cmd/api/main.go"},
		{"a name of a package not read", "\t\"example.org/ext/build\"\n", "var (\n\tversion = build.Version\n\tcommit  string\n)",
			Unknown, "sets -X main.version into a variable initialised from build.Version, of example.org/ext/build, a package this audit does not read: check that it is a constant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := mainWith(tt.imports, tt.vars)
			if strings.Contains(tt.vars, "strings.") {
				src = mainWith("\t\"strings\"\n", tt.vars)
			}
			got := auditInline(t, map[string]string{
				"go.mod":                buildGoMod + "\nrequire example.org/ext v1.0.0\n",
				"Makefile":              mk,
				"cmd/api/main.go":       src,
				"internal/vdef/vdef.go": vdef,
			}, "ldflags")
			if got.Status != tt.want || !strings.Contains(got.Message, tt.message) {
				t.Errorf("%s %q, want %s with %q", got.Status, got.Message, tt.want, tt.message)
			}
		})
	}
}

// TestLDFlagsInitialiserAsTheLinkerSetsIt: ldflags PASSes an -X into a variable with
// a given initialiser exactly when the linker's -X shows in the binary. One program
// declares a variable with each initialiser; it is built with -X into each and run,
// and what it prints is compared with the verdict of a repository whose version
// variable has that initialiser.
func TestLDFlagsInitialiserAsTheLinkerSetsIt(t *testing.T) {
	const decls = "const unknown = \"unknown\"\n\nvar (\n\tdefaultVersion = \"dev\"\n\tdefaults       string\n\tm              = map[string]string{\"v\": \"dev\"}\n)\n"
	const vdef = "package vdef\n\nconst Version = \"dev\"\n\nvar Commit = \"none\"\n"
	inits := []string{
		`"dev"`, `("dev")`, `unknown + "-local"`, `string("dev")`, `string(unknown)`, `min("dev", "local")`,
		`vdef.Version`, `string(vdef.Version + "-x")`,
		`defaultVersion`, `defaults`, `unknown + defaultVersion`, `vdef.Commit`, `m["v"]`, `"devel"[:3]`, `strings.ToLower("DEV")`,
	}
	const imports = "import (\n\t\"fmt\"\n\t\"net/http\"\n\t\"strings\"\n\t\"time\"\n\n\t\"example.test/svc/internal/vdef\"\n)\n\nvar _ = strings.ToLower\nvar _ = fmt.Sprint\nvar _ = vdef.Version\n\n"

	// The program: v0 ... vN, each printed after -X set it to "set".
	var vars, prints, xs strings.Builder
	for i, init := range inits {
		fmt.Fprintf(&vars, "var v%d = %s\n", i, init)
		fmt.Fprintf(&prints, "\tfmt.Println(v%d)\n", i)
		fmt.Fprintf(&xs, " -X main.v%d=set", i)
	}
	dir := t.TempDir()
	for name, src := range map[string]string{
		"go.mod":                buildGoMod,
		"internal/vdef/vdef.go": vdef,
		"main.go":               "package main\n\n" + imports + decls + "\n" + vars.String() + "\nfunc main() {\n" + prints.String() + "\t_ = http.Server{}\n\t_ = time.Second\n}\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := exec.Command("go", "build", "-ldflags", strings.TrimSpace(xs.String()), "-o", "prog", ".")
	build.Dir, build.Env = dir, append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(filepath.Join(dir, "prog")).Output()
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	printed := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(printed) != len(inits) {
		t.Fatalf("the program printed %q, want %d lines", printed, len(inits))
	}

	for i, init := range inits {
		t.Run(init, func(t *testing.T) {
			got := auditInline(t, map[string]string{
				"go.mod":                buildGoMod,
				"internal/vdef/vdef.go": vdef,
				"Makefile":              "build:\n\tgo build -ldflags \"-X main.version=1.2.3 -X main.commit=abc\" -o bin/api .\n",
				"main.go":               "package main\n\n" + imports + decls + "\nvar (\n\tversion = " + init + "\n\tcommit  string\n)\n\n" + serveFunc,
			}, "ldflags")
			if set := printed[i] == "set"; set != (got.Status == Pass) || !set && got.Status != Fail {
				t.Errorf("-X into a variable initialised to %s: the binary prints %q; audit %s %q", init, printed[i], got.Status, got.Message)
			}
		})
	}
}
