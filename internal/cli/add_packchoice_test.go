package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestPackOpenChoiceOnAProject: add COMPONENT and update --preset turning on, in a
// project made by new, a choice the pack leaves open (not locked) are checked as new
// checks the choice (--with): a file the pack leaves out that the feature needs, a
// makefile of the pack's lacking a target the added CI job runs, a file git ignores
// (the pack's .gitignore or the user's) are refused as invalid input (exit 2), with
// advice that fits the command, and nothing is written. A makefile the user gave the
// target since is the project's, and add goes on.
func TestPackOpenChoiceOnAProject(t *testing.T) {
	removesDockerfile := map[string]string{"rd/preset.yaml": "name: rd\nextends: default\nanswers:\n  features: [ci, k8s]\nremove: [Dockerfile]\n"}
	noDockerTarget := map[string]string{
		"mkp/preset.yaml":           "name: mkp\nextends: default\nanswers:\n  features: [ci]\n",
		"mkp/overlay/Makefile.tmpl": "build:\n\tgo build ./...\n",
	}
	tests := []struct {
		name   string
		pack   map[string]string // files of the pack, beside the project
		new    []string          // new's arguments besides --module
		edit   map[string]string // files of the project written after new, committed
		args   []string          // the run, in the project's directory
		code   int
		stderr []string // in stderr
		not    []string // not in stderr
	}{
		{name: "add a feature needing a file the pack removes", pack: removesDockerfile, new: []string{"--preset", "./rd"},
			args: []string{"add", "--yes", "docker"}, code: ExitUsage,
			stderr: []string{"add docker: preset rd cannot have docker: it leaves out Dockerfile (remove, rd/preset.yaml:5:10)", "its own features are ci, k8s", "then add docker; nothing written"},
			not:    []string{"leave docker out of the pack's answers"}},
		{name: "update onto a pack removing a file a recorded feature needs", pack: removesDockerfile, new: []string{"--preset", "default"},
			args: []string{"update", "--preset", "./rd", "--no-verify"}, code: ExitUsage,
			stderr: []string{"the project has docker (the features .gonew-prod.yaml records), and preset rd cannot have docker: it leaves out Dockerfile", "keep the project's preset, or move it to one (or a version of rd) that keeps Dockerfile; nothing written"},
			not:    []string{"leave docker out of the pack's answers", "otel"}},
		{name: "add a component the pack's .gitignore ignores",
			pack: map[string]string{"gi/preset.yaml": "name: gi\nextends: default\nanswers:\n  features: [ci, docker]\n", "gi/overlay/.gitignore.tmpl": "/bin/\nk8s/\n"},
			new:  []string{"--preset", "./gi"}, args: []string{"add", "--yes", "k8s"}, code: ExitUsage,
			stderr: []string{"nothing written: git ignores files add would write: k8s/deployment.yaml (by .gitignore:2:k8s/)", "run add again"}},
		{name: "add a component the user's .gitignore ignores", new: []string{"--preset", "default", "--without", "k8s"},
			edit: map[string]string{".gitignore": "/bin/\nk8s/\n"}, args: []string{"add", "--yes", "k8s"}, code: ExitUsage,
			stderr: []string{"nothing written: git ignores files add would write: k8s/deployment.yaml (by .gitignore:2:k8s/)"}},
		{name: "add CI running a target the pack's makefile lacks", pack: noDockerTarget, new: []string{"--preset", "./mkp"},
			args: []string{"add", "--yes", "docker"}, code: ExitUsage,
			stderr: []string{"Makefile (made from preset mkp's mkp/overlay/Makefile.tmpl) has no target docker, which the built-in .github/workflows/ci.yml runs with what add adds (make docker)", "add docker to Makefile, commit, and run add again; nothing written"}},
		{name: "add CI running a target the user added to the pack's makefile", pack: noDockerTarget, new: []string{"--preset", "./mkp"},
			edit: map[string]string{"Makefile": "build:\n\tgo build ./...\n\ndocker:\n\tdocker build .\n"},
			args: []string{"add", "--yes", "--dry-run", "docker"}, code: ExitOK,
			stderr: []string{"dry run: nothing written"}},
		// The target the user took out of the makefile before is not add's doing.
		{name: "add another component where the user's makefile lacks a target already",
			pack: map[string]string{"mkd/preset.yaml": "name: mkd\nextends: default\nanswers:\n  features: [ci, docker]\n", "mkd/overlay/Makefile.tmpl": "build:\n\tgo build ./...\n\ndocker:\n\tdocker build .\n"},
			new:  []string{"--preset", "./mkd"}, edit: map[string]string{"Makefile": "build:\n\tgo build ./...\n"},
			args: []string{"add", "--yes", "--dry-run", "k8s"}, code: ExitOK,
			stderr: []string{"dry run: nothing written"}},
		// make reads the user's GNUmakefile first: its targets are the ones CI's make runs.
		{name: "add CI running a target the user's GNUmakefile has", pack: noDockerTarget, new: []string{"--preset", "./mkp"},
			edit: map[string]string{"GNUmakefile": "include Makefile\n\ndocker:\n\tdocker build .\n"},
			args: []string{"add", "--yes", "--dry-run", "docker"}, code: ExitOK,
			stderr: []string{"dry run: nothing written"}, not: []string{"has no target docker"}},
		{name: "add CI running a target the user's GNUmakefile lacks", pack: noDockerTarget, new: []string{"--preset", "./mkp"},
			edit: map[string]string{"GNUmakefile": "include Makefile\n"},
			args: []string{"add", "--yes", "--dry-run", "docker"}, code: ExitUsage,
			stderr: []string{"GNUmakefile (yours, which make reads in place of the Makefile made from preset mkp's mkp/overlay/Makefile.tmpl) has no target docker", "add docker to GNUmakefile"}},
		// A file the pack's makefile includes, the user's, is read as make reads it.
		{name: "add CI running a target the makefile's include lacks",
			pack: map[string]string{"mki/preset.yaml": "name: mki\nextends: default\nanswers:\n  features: [ci]\n", "mki/overlay/Makefile.tmpl": "build:\n\tgo build ./...\n\ninclude local.mk\n"},
			new:  []string{"--preset", "./mki"}, edit: map[string]string{"local.mk": "run:\n\tgo run ./cmd/svc\n"},
			args: []string{"add", "--yes", "--dry-run", "docker"}, code: ExitUsage,
			stderr: []string{"Makefile (made from preset mki's mki/overlay/Makefile.tmpl) has no target docker"}},
		{name: "add CI running a target the makefile's include has",
			pack: map[string]string{"mki/preset.yaml": "name: mki\nextends: default\nanswers:\n  features: [ci]\n", "mki/overlay/Makefile.tmpl": "build:\n\tgo build ./...\n\ninclude local.mk\n"},
			new:  []string{"--preset", "./mki"}, edit: map[string]string{"local.mk": "docker:\n\tdocker build .\n"},
			args: []string{"add", "--yes", "--dry-run", "docker"}, code: ExitOK,
			stderr: []string{"dry run: nothing written"}},
		// A check the tree fails already (the user's .dockerignore keeps cmd/ out) hides
		// no break of another check that add brings.
		{name: "add CI running a target the pack's makefile lacks where the tree fails another check",
			pack: map[string]string{"md/preset.yaml": "name: md\nextends: default\nanswers:\n  features: [docker]\n",
				"md/overlay/Makefile.tmpl": "build:\n\tgo build ./...\n", "md/overlay/.dockerignore.tmpl": ".git\nbin/\n"},
			new: []string{"--preset", "./md"}, edit: map[string]string{".dockerignore": ".git\nbin/\ncmd/\n"},
			args: []string{"add", "--yes", "--dry-run", "ci"}, code: ExitUsage,
			stderr: []string{"Makefile (made from preset md's md/overlay/Makefile.tmpl) has no target docker"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tt.pack {
				mustWrite(t, dir, name, content)
			}
			svc := filepath.Join(dir, "svc")
			if r := run(t, dir, newArgs(append(tt.new, "--module", "example.com/a/svc", "svc")...)...); r.code != ExitOK {
				t.Fatalf("new: exit %d\n%s", r.code, r.stderr)
			}
			for name, content := range tt.edit {
				mustWrite(t, svc, name, content)
			}
			gitRepoIn(t, svc)
			before := treetest.Describe(t, svc)
			r := run(t, dir, append(tt.args, "--dir", "svc")...)
			wantCode(t, r, tt.code, tt.args...)
			for _, want := range tt.stderr {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			for _, not := range tt.not {
				if strings.Contains(r.stderr, not) {
					t.Errorf("stderr has %q:\n%s", not, r.stderr)
				}
			}
			if after := treetest.Describe(t, svc); !equalTrees(before, after) {
				t.Errorf("%s changed the tree:\n%s", tt.args[0], treeDiff(before, after))
			}
		})
	}
}
