package audit

import (
	"strings"
	"testing"
)

// TestSudoEnvironment: sudo runs its command with an environment of its own (its
// default env_reset, round 38 auditmk/4): the variables exported before it, set
// before it on its line, or given by the CI's env or a Dockerfile's ENV do not
// reach the command, unless sudo keeps them (-E, --preserve-env, --preserve-env=LIST
// naming them) or sets them itself (sudo VAR=value cmd).
func TestSudoEnvironment(t *testing.T) {
	ci := func(run, env string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n" + env + "    steps:\n      - run: go vet ./...\n      - run: golangci-lint run\n      - run: " + run + "\n",
		}
	}
	image := func(build string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo,
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\n" + build + "\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}
	}
	const (
		race      = "CI runs go vet"
		noRace    = "CI does not run go test -race"
		static    = "the final image is static and the binary is built with CGO_ENABLED=0"
		notStatic = "the binary is built without CGO_ENABLED=0"
		jobRace   = "    env:\n      GOFLAGS: -race\n"
	)
	runBuildCases(t, []buildCase{
		{name: "export GOFLAGS=-race; sudo go test", files: ci("export GOFLAGS=-race; sudo go test ./...", ""), check: "ci", want: Warn, message: noRace},
		{name: "the job's GOFLAGS=-race, sudo go test", files: ci("sudo go test ./...", jobRace), check: "ci", want: Warn, message: noRace},
		{name: "GOFLAGS=-race sudo go test", files: ci("GOFLAGS=-race sudo go test ./...", ""), check: "ci", want: Warn, message: noRace},
		{name: "sudo GOFLAGS=-race go test", files: ci("sudo GOFLAGS=-race go test ./...", ""), check: "ci", want: Pass, message: race},
		{name: "sudo -E", files: ci("export GOFLAGS=-race; sudo -E go test ./...", ""), check: "ci", want: Pass, message: race},
		{name: "sudo --preserve-env", files: ci("sudo --preserve-env go test ./...", jobRace), check: "ci", want: Pass, message: race},
		{name: "sudo --preserve-env=GOFLAGS", files: ci("sudo --preserve-env=PATH,GOFLAGS go test ./...", jobRace), check: "ci", want: Pass, message: race},
		{name: "sudo --preserve-env=PATH", files: ci("sudo --preserve-env=PATH go test ./...", jobRace), check: "ci", want: Warn, message: noRace},
		{name: "sudo -uEve: a user, no -E", files: ci("export GOFLAGS=-race; sudo -uEve go test ./...", ""), check: "ci", want: Warn, message: noRace},
		{name: "sudo -Eu root", files: ci("export GOFLAGS=-race; sudo -Eu root go test ./...", ""), check: "ci", want: Pass, message: race},
		{name: "sudo -u with a user, then -race", files: ci("sudo -u runner go test -race ./...", ""), check: "ci", want: Pass, message: race},
		{name: "ENV CGO_ENABLED=0, RUN sudo go build", files: image("ENV CGO_ENABLED=0\nRUN sudo go build -o /bin/svc ."), check: "static-image", want: Fail, message: notStatic},
		{name: "export CGO_ENABLED=0 && sudo go build", files: image("RUN export CGO_ENABLED=0 && sudo go build -o /bin/svc ."), check: "static-image", want: Fail, message: notStatic},
		{name: "sudo CGO_ENABLED=0 go build", files: image("RUN sudo CGO_ENABLED=0 go build -o /bin/svc ."), check: "static-image", want: Pass, message: static},
		{name: "ENV CGO_ENABLED=0, RUN sudo -E go build", files: image("ENV CGO_ENABLED=0\nRUN sudo -E go build -o /bin/svc ."), check: "static-image", want: Pass, message: static},
		{name: "a Makefile recipe's export, then sudo", files: withFiles(image("RUN make build"), map[string]string{"Makefile": "build:\n\texport CGO_ENABLED=0; sudo go build -o /bin/svc .\n"}), check: "static-image", want: Fail, message: notStatic},
		{name: "a Makefile's export, then sudo", files: withFiles(image("RUN make build"), map[string]string{"Makefile": "export CGO_ENABLED=0\nbuild:\n\tsudo go build -o /bin/svc .\n"}), check: "static-image", want: Fail, message: notStatic},
	})
}

// TestSudoResets: sudo's short options are read as sudo(8) reads them (round 38
// review-audit/3): an E in the argument of an option that takes one (-uEve,
// -gEng, -pEnter:, -D/srv/Env, -u Eve) is no -E, so env_reset still drops the
// caller's environment; -E in a cluster before such an option (-Eu root, -nEu
// root) keeps it.
func TestSudoResets(t *testing.T) {
	for _, tt := range []struct {
		words  string
		resets bool
		rest   string // the command sudo runs
	}{
		{"sudo -E go test", false, "go test"},
		{"sudo -nE go test", false, "go test"},
		{"sudo -Eu root go test", false, "go test"},
		{"sudo -nEu root go test", false, "go test"},
		{"sudo -uEve go test", true, "go test"},
		{"sudo -u Eve go test", true, "go test"},
		{"sudo -gEng go test", true, "go test"},
		{"sudo -pEnter: go test", true, "go test"},
		{"sudo -D/srv/Env go test", true, "go test"},
		{"sudo -p -E go test", true, "go test"},
		{"sudo -nu Eve go test", true, "go test"},
		{"sudo --user Eve -E go test", false, "go test"},
		{"sudo --user Eve go test", true, "go test"},
		{"sudo --preserve-env go test", false, "go test"},
		{"sudo go test", true, "go test"},
	} {
		words := strings.Fields(tt.words)
		rest, ok := unwrap(words)
		if !ok || strings.Join(rest, " ") != tt.rest {
			t.Errorf("unwrap(%q) = %q, %v; want %q", tt.words, rest, ok, tt.rest)
			continue
		}
		if _, resets := sudoResets(words[:len(words)-len(rest)]); resets != tt.resets {
			t.Errorf("sudoResets(%q) = %v, want %v", tt.words, resets, tt.resets)
		}
	}
}
