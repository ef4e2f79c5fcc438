package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree writes files (slash-separated paths) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// subdirModule is a module whose service, cmd/api, serves http.DefaultServeMux with
// the profiles that internal/obs registers, and whose CI is at the root.
var subdirModule = map[string]string{
	"go.mod":              "module example.com/acme/orders\n\ngo 1.26\n",
	"internal/obs/obs.go": "package obs\n\nimport (\n\t\"net/http\"\n\t_ \"net/http/pprof\"\n)\n\nfunc Mux() *http.ServeMux { return http.DefaultServeMux }\n",
	"cmd/api/main.go": `package main

import (
	"net/http"
	"time"

	"example.com/acme/orders/internal/obs"
)

func main() {
	mux := obs.Mux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	_ = srv.ListenAndServe()
}
`,
	"tools/gen/main.go":        "package main\n\nfunc main() {}\n",
	".github/workflows/ci.yml": "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./... && go test -race ./... && go mod verify\n      - uses: golangci/golangci-lint-action@v6\n",
}

// TestAuditSubdirectory audits a directory inside a module: the repository around it
// is read (its CI, the packages its program imports), only its main packages are
// judged, and the output says so; one without a main package is refused.
func TestAuditSubdirectory(t *testing.T) {
	tests := []struct {
		name      string
		git       string // a directory of the tree that holds .git, or ""
		wd, dir   string // the working directory (relative to the tree) and DIR
		extra     []string
		want      int
		stdout    []string // substrings of stdout
		notStdout []string
		stderr    string
	}{
		{
			name:      "a main package's directory",
			wd:        ".",
			dir:       "cmd/api",
			want:      ExitFailure,
			stdout:    []string{"audited from ., the repository around cmd/api", "FAIL    pprof        cmd/api", "PASS    ci", "internal/obs/obs.go:5"},
			notStdout: []string{"no CI configuration", "below 1.25", "tools/gen"},
		},
		{
			name:   "run inside it",
			wd:     "cmd/api",
			dir:    ".",
			want:   ExitFailure,
			stdout: []string{"audited from ../.., the repository around cmd/api", "FAIL    pprof        cmd/api"},
		},
		{
			name:      "a module in a git work tree",
			git:       ".",
			wd:        "cmd",
			dir:       ".",
			extra:     []string{"--only", "ci"},
			want:      ExitOK,
			stdout:    []string{"audited from .., the repository around cmd", "main cmd/api: serves HTTP"},
			notStdout: []string{"tools/gen"},
		},
		{
			name:   "--main among the main packages under it",
			wd:     ".",
			dir:    "cmd",
			extra:  []string{"--main", "gen"},
			want:   ExitUsage,
			stderr: `no such main package "gen" (main packages in cmd: cmd/api)`,
		},
		{
			name:   "no main package",
			wd:     ".",
			dir:    "internal/obs",
			want:   ExitUsage,
			stderr: "audit internal/obs: it is inside module example.com/acme/orders (go.mod in .) and holds no main package: audit the repository, gonew-prod audit ., and add --main PKG",
		},
		{
			name:      "a git work tree's top inside a module is a repository of its own",
			git:       "cmd",
			wd:        ".",
			dir:       "cmd/api",
			extra:     []string{"--only", "ci", "--fail-on", "never"},
			want:      ExitOK,
			notStdout: []string{"audited from"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree := t.TempDir()
			writeTree(t, tree, subdirModule)
			if tt.git != "" {
				if err := os.Mkdir(filepath.Join(tree, tt.git, ".git"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			res := run(t, filepath.Join(tree, tt.wd), append([]string{"audit", "--fail-on", "fail"}, append(tt.extra, tt.dir)...)...)
			if res.code != tt.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", res.code, tt.want, res.stdout, res.stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(res.stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, res.stdout)
				}
			}
			for _, s := range tt.notStdout {
				if strings.Contains(res.stdout, s) {
					t.Errorf("stdout has %q:\n%s", s, res.stdout)
				}
			}
			if !strings.Contains(res.stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, res.stderr)
			}
		})
	}
}

// TestAuditSubdirectoryJSON checks that the JSON report names the root its paths are
// relative to and the directory whose main packages were judged.
func TestAuditSubdirectoryJSON(t *testing.T) {
	tree := t.TempDir()
	writeTree(t, tree, subdirModule)
	res := run(t, filepath.Join(tree, "cmd", "api"), "audit", "--format", "json", "--only", "pprof", "--fail-on", "never")
	var rep struct {
		Root, Under string
		Modules     []struct{ Path string }
		Mains       []struct{ Dir string }
	}
	if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
		t.Fatalf("json output: %v\n%s", err, res.stdout)
	}
	if rep.Root != filepath.Join("..", "..") || rep.Under != "cmd/api" || len(rep.Modules) != 1 || len(rep.Mains) != 1 || rep.Mains[0].Dir != "cmd/api" {
		t.Errorf("root %q, under %q, modules %+v, mains %+v; want ../.., cmd/api, the module and cmd/api\n%s", rep.Root, rep.Under, rep.Modules, rep.Mains, res.stdout)
	}
}

// nestedModules is a git work tree holding two services, each a module of its own,
// with the CI at the top: a job per module, in its directory.
func nestedModules(ciModules string) map[string]string {
	files := map[string]string{
		".git/HEAD":         "ref: refs/heads/main\n",
		"libs/util/go.mod":  "module example.com/acme/util\n\ngo 1.25\n",
		"libs/util/util.go": "package util\n",
		// never read there: GitLab reads .gitlab-ci.yml at the top only
		"services/billing/.gitlab-ci.yml": "test:\n  script:\n    - go vet ./... && go test -race ./...\n",
		".github/workflows/ci.yml":        "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        svc: [" + ciModules + "]\n    defaults:\n      run:\n        working-directory: services/${{ matrix.svc }}\n    steps:\n      - uses: actions/checkout@v4\n      - run: go vet ./... && go test -race ./... && go mod verify\n      - uses: golangci/golangci-lint-action@v6\n",
	}
	for _, s := range []string{"billing", "orders"} {
		files["services/"+s+"/go.mod"] = "module example.com/acme/" + s + "\n\ngo 1.25\n"
		files["services/"+s+"/cmd/"+s+"/main.go"] = "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\nfunc main() {\n\tsrv := &http.Server{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}\n\t_ = srv.ListenAndServe()\n}\n"
	}
	return files
}

// TestAuditNestedModule audits a module nested in a git work tree whose top is above
// it (a monorepo's service): the CI at the top is read, only the module's main
// packages are judged, the CI check judges whether CI reaches that module, and the
// output says so; a nested module without a main package is refused.
func TestAuditNestedModule(t *testing.T) {
	tests := []struct {
		name      string
		ci        string            // the modules CI runs in
		files     map[string]string // more files of the tree
		flags     []string          // instead of --only ci
		wd, dir   string
		want      int
		stdout    []string
		notStdout []string
		stderr    string
	}{
		{
			name:      "CI reaches the module",
			ci:        "billing, orders",
			wd:        ".",
			dir:       "services/billing",
			want:      ExitOK,
			stdout:    []string{"audited from ., the git work tree around services/billing, a module nested in it", ".gitlab-ci.yml in services/billing not read", "PASS    ci", "main services/billing/cmd/billing"},
			notStdout: []string{"no CI configuration", "services/orders/cmd"},
		},
		{
			name:      "CI never reaches the module",
			ci:        "orders",
			wd:        "services/billing",
			dir:       ".",
			want:      ExitFailure,
			stdout:    []string{"audited from ../.., the git work tree around services/billing", "WARN    ci", "services/billing/go.mod, a module that holds a service, is never vetted or race-tested"},
			notStdout: []string{"gitlab-ci.yml:"},
		},
		{
			name:      "another module CI never reaches is not judged",
			ci:        "billing",
			wd:        ".",
			dir:       "services/billing",
			want:      ExitOK,
			stdout:    []string{"PASS    ci"},
			notStdout: []string{"services/orders"},
		},
		{
			name:   "no main package",
			ci:     "billing",
			wd:     ".",
			dir:    "libs/util",
			want:   ExitUsage,
			stderr: "audit libs/util: module example.com/acme/util holds no main package, and it lies in the git work tree at ., which this audit reads around it: audit that, gonew-prod audit .",
		},
		{
			name:      "the top's record does not govern a nested module",
			ci:        "billing",
			files:     map[string]string{".gonew-prod.yaml": "answers:\n  features: [docker, ci]\n"},
			flags:     []string{"--only", "mtls,otel"},
			wd:        ".",
			dir:       "services/billing",
			want:      ExitFailure,
			stdout:    []string{"WARN    mtls", "WARN    otel"},
			notStdout: []string{"left out on purpose"},
		},
		{
			name:   "a nested module's own record governs it",
			ci:     "billing",
			files:  map[string]string{"services/billing/.gonew-prod.yaml": "answers:\n  features: [docker, ci]\n"},
			flags:  []string{"--only", "mtls,otel"},
			wd:     ".",
			dir:    "services/billing",
			want:   ExitOK,
			stdout: []string{"PASS    mtls", "PASS    otel", "left out on purpose (the features of services/billing/.gonew-prod.yaml): otel mtls"},
		},
		{
			name:   "a record at the top that add moved there for the module governs it",
			ci:     "billing",
			files:  map[string]string{".gonew-prod.yaml": "answers:\n  features: [docker, ci]\nvars:\n  moduleDir: services/billing\n"},
			flags:  []string{"--only", "mtls,otel"},
			wd:     ".",
			dir:    "services/billing",
			want:   ExitOK,
			stdout: []string{"PASS    mtls", "PASS    otel", "left out on purpose (the features of .gonew-prod.yaml): otel mtls"},
		},
		{
			name:   "--main relative to DIR",
			ci:     "billing",
			flags:  []string{"--only", "ci", "--main", "./cmd/billing"},
			wd:     ".",
			dir:    "services/billing",
			want:   ExitOK,
			stdout: []string{"PASS    ci", "main services/billing/cmd/billing"},
		},
		{
			name:   "--main relative to the module run inside it",
			ci:     "billing",
			flags:  []string{"--only", "ci", "--main", "cmd/billing"},
			wd:     "services/billing",
			dir:    ".",
			want:   ExitOK,
			stdout: []string{"PASS    ci", "main services/billing/cmd/billing"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree := t.TempDir()
			writeTree(t, tree, nestedModules(tt.ci))
			writeTree(t, tree, tt.files)
			flags := tt.flags
			if flags == nil {
				flags = []string{"--only", "ci"}
			}
			res := run(t, filepath.Join(tree, tt.wd), append(append([]string{"audit"}, flags...), "--fail-on", "warn", tt.dir)...)
			if res.code != tt.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", res.code, tt.want, res.stdout, res.stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(res.stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, res.stdout)
				}
			}
			for _, s := range tt.notStdout {
				if strings.Contains(res.stdout, s) {
					t.Errorf("stdout has %q:\n%s", s, res.stdout)
				}
			}
			if !strings.Contains(res.stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, res.stderr)
			}
		})
	}
}
