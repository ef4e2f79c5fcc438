package audit

import "testing"

// ciFlagsRepo returns a repository with a service and the GitHub workflows wf (by
// file name) or, under the name ".gitlab-ci.yml", a GitLab CI file, with more files.
func ciFlagsRepo(wf map[string]string, more map[string]string) map[string]string {
	out := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "go.sum": ""}
	for name, src := range wf {
		if name == ".gitlab-ci.yml" {
			out[name] = src
			continue
		}
		out[".github/workflows/"+name] = src
	}
	for name, src := range more {
		out[name] = src
	}
	return out
}

// TestCIGoflagsVerdicts checks that the GOFLAGS a go command runs with are those of
// its own environment (a step's env: over its job's over the workflow's; a GitLab
// job's variables: over the global ones; what make passes to its recipes), not any
// GOFLAGS that some CI file sets: -race for ci, -mod=readonly for modverify.
func TestCIGoflagsVerdicts(t *testing.T) {
	const lint = "      - run: go vet ./...\n      - uses: golangci/golangci-lint-action@v8\n"
	workflow := func(env, steps string) string {
		return "on: [push, pull_request]\n" + env + "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n" + steps
	}
	const raceEnv = "env:\n  GOFLAGS: -race\n"
	const readonlyEnv = "env:\n  GOFLAGS: -mod=readonly\n"
	runCheckCases(t, []checkCase{
		{
			name:    "ci: the workflow's GOFLAGS=-race reaches go test",
			files:   ciFlagsRepo(map[string]string{"ci.yml": workflow(raceEnv, lint+"      - run: go test ./...\n")}, nil),
			check:   "ci",
			want:    Pass,
			message: "CI runs go vet, go test -race and a linter",
		},
		{
			name:    "ci: the step's env replaces the workflow's GOFLAGS=-race",
			files:   ciFlagsRepo(map[string]string{"ci.yml": workflow(raceEnv, lint+"      - run: go test ./...\n        env:\n          GOFLAGS: -mod=readonly\n")}, nil),
			check:   "ci",
			want:    Warn,
			message: "CI does not run go test -race",
		},
		{
			name:    "ci: the job's env replaces the workflow's GOFLAGS=-race",
			files:   ciFlagsRepo(map[string]string{"ci.yml": "on: [push]\n" + raceEnv + "jobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      GOFLAGS: -count=1\n    steps:\n" + lint + "      - run: go test ./...\n"}, nil),
			check:   "ci",
			want:    Warn,
			message: "CI does not run go test -race",
		},
		{
			name:    "ci: another job's GOFLAGS=-race",
			files:   ciFlagsRepo(map[string]string{"ci.yml": "on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      GOFLAGS: -race\n    steps:\n      - run: go build ./...\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: go test ./...\n"}, nil),
			check:   "ci",
			want:    Warn,
			message: "CI does not run go test -race",
		},
		{
			name: "ci: GOFLAGS=-race in another workflow, which runs no go test",
			files: ciFlagsRepo(map[string]string{
				"ci.yml":    workflow("", lint+"      - run: go test ./...\n"),
				"debug.yml": workflow(raceEnv, "      - run: go build -o bin/api-race .\n"),
			}, nil),
			check:   "ci",
			want:    Warn,
			message: "CI does not run go test -race",
		},
		{
			name:    "ci: the workflow's GOFLAGS=-race reaches the go test of a make recipe",
			files:   ciFlagsRepo(map[string]string{"ci.yml": workflow(raceEnv, lint+"      - run: make test\n")}, map[string]string{"Makefile": "test:\n\tgo test ./...\n"}),
			check:   "ci",
			want:    Pass,
			message: "CI runs go vet, go test -race and a linter",
		},
		{
			name:    "ci: the workflow's GOFLAGS=-race reaches the go test of a just recipe",
			files:   ciFlagsRepo(map[string]string{"ci.yml": workflow(raceEnv, lint+"      - run: just test\n")}, map[string]string{"justfile": "test:\n    go test ./...\n"}),
			check:   "ci",
			want:    Pass,
			message: "CI runs go vet, go test -race and a linter",
		},
		{
			name:    "ci: a GitLab job's variables GOFLAGS=-race",
			files:   ciFlagsRepo(map[string]string{".gitlab-ci.yml": "test:\n  image: golang:1.26\n  variables:\n    GOFLAGS: -race\n  script:\n    - go vet ./...\n    - go test ./...\n    - staticcheck ./...\n"}, nil),
			check:   "ci",
			want:    Pass,
			message: "CI runs go vet, go test -race and a linter",
		},
		{
			name:    "ci: GitLab variables GOFLAGS=-race of another job",
			files:   ciFlagsRepo(map[string]string{".gitlab-ci.yml": "build:\n  image: golang:1.26\n  variables:\n    GOFLAGS: -race\n  script:\n    - go build ./...\n\ntest:\n  image: golang:1.26\n  script:\n    - go vet ./...\n    - go test ./...\n    - staticcheck ./...\n"}, nil),
			check:   "ci",
			want:    Warn,
			message: "CI does not run go test -race",
		},
		{
			name:    "modverify: the workflow's GOFLAGS=-mod=readonly reaches go build",
			files:   ciFlagsRepo(map[string]string{"ci.yml": workflow(readonlyEnv, "      - run: go build ./...\n")}, nil),
			check:   "modverify",
			want:    Pass,
			message: "CI verifies modules",
		},
		{
			name: "modverify: GOFLAGS=-mod=readonly in a workflow that runs no go command",
			files: ciFlagsRepo(map[string]string{
				"ci.yml":   workflow("", "      - run: go build ./...\n"),
				"docs.yml": workflow(readonlyEnv, "      - run: npx markdownlint '**/*.md'\n"),
			}, nil),
			check:   "modverify",
			want:    Warn,
			message: "CI neither runs go mod verify nor builds with -mod=readonly",
		},
		{
			name:    "modverify: the step's env replaces the workflow's GOFLAGS=-mod=readonly",
			files:   ciFlagsRepo(map[string]string{"ci.yml": workflow(readonlyEnv, "      - run: go test ./...\n        env:\n          GOFLAGS: -race\n")}, nil),
			check:   "modverify",
			want:    Warn,
			message: "CI neither runs go mod verify nor builds with -mod=readonly",
		},
	})
}
