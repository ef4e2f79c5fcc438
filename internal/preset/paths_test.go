package preset

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
)

// TestOverlayPathRefusals checks that a pack whose overlay would write where no project
// file may be, or at paths that clash, is refused at load time naming the overlay file:
// new, update and presets validate all load packs this way.
func TestOverlayPathRefusals(t *testing.T) {
	pack := func(files ...string) map[string]string {
		m := map[string]string{"p/preset.yaml": "name: p\n"}
		for _, f := range files {
			m["p/overlay/"+f] = "x\n"
		}
		return m
	}
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"git config", pack(".git/config.tmpl"), "p/overlay/.git/config.tmpl: .git/config is inside git's repository"},
		{"git file", pack(".git.tmpl"), "p/overlay/.git.tmpl: .git is inside git's repository"},
		{"git in upper case", pack("sub/.GIT/hooks/pre-commit.tmpl"), "p/overlay/sub/.GIT/hooks/pre-commit.tmpl: sub/.GIT/hooks/pre-commit is inside git's repository"},
		{"git under a rendered directory", pack("{{.Name}}/.git/config.tmpl"), "p/overlay/{{.Name}}/.git/config.tmpl: .git is inside git's repository"},
		{"staging directory", pack(".gonew-prod-stage-1/saved/cmd/b/main.go.tmpl"), "p/overlay/.gonew-prod-stage-1/saved/cmd/b/main.go.tmpl: .gonew-prod-stage-1/saved/cmd/b/main.go is inside a directory named like gonew-prod's staging directories"},
		{"copy of theirs", pack("Makefile.gonew-prod-theirs.tmpl"), "reserved for gonew-prod's own files"},
		{"record in another case", pack(".GONEW-PROD.YAML.tmpl"), "reserved for the project's record"},
		{"record in a subdirectory", pack("svc/.gonew-prod.yaml.tmpl"), "p/overlay/svc/.gonew-prod.yaml.tmpl: svc/.gonew-prod.yaml is reserved for the project's record"},
		{"newline", pack("notes\nidentical 0644 Dockerfile.tmpl"), `"p/overlay/notes\nidentical 0644 Dockerfile.tmpl": "notes\nidentical 0644 Dockerfile" holds the control character U+000A`},
		{"tab", pack("a\tb.tmpl"), "control character U+0009"},
		{"delete", pack("a\x7fb.tmpl"), "control character U+007F"},
		{"C1 control", pack("a\u0085b.tmpl"), "control character U+0085"},
		{"invalid utf-8", pack("a\xffb.tmpl"), `"p/overlay/a\xffb.tmpl": "a\xffb" is not valid UTF-8`},
		{"case clash with a built-in", pack("makefile.tmpl"), "p/overlay/makefile.tmpl: renders makefile, which differs only in letter case from Makefile, rendered from the built-in project/Makefile.tmpl: a case-insensitive file system (macOS, Windows) holds one file for both; make reads makefile in place of Makefile, so leave the built-in Makefile out (remove: [Makefile]) to ship the pack's own, or name the pack's GNUmakefile"},
		{"case clash with the pack's Makefile", pack("Makefile.tmpl", "makefile.tmpl"), "p/overlay/makefile.tmpl: renders makefile, which differs only in letter case from Makefile, rendered from p/overlay/Makefile.tmpl: a case-insensitive file system (macOS, Windows) holds one file for both\x00"},
		{"case clash of other files with a built-in", pack("readme.md.tmpl"), "p/overlay/readme.md.tmpl: renders readme.md, which differs only in letter case from README.md, rendered from the built-in project/README.md.tmpl: a case-insensitive file system (macOS, Windows) holds one file for both\x00"},
		{"case clash within the overlay", pack("NOTES.md.tmpl", "notes.md.tmpl"), "p/overlay/NOTES.md.tmpl: renders NOTES.md, which differs only in letter case from notes.md, rendered from p/overlay/notes.md.tmpl"},
		{"directory case clash with a built-in", pack("K8S/extra.yaml.tmpl"), "p/overlay/K8S/extra.yaml.tmpl: renders K8S/extra.yaml, in the directory K8S, which differs only in letter case from the directory k8s of k8s/"},
		{"deeper directory case clash with a built-in", pack(".github/Workflows/extra.yml.tmpl"), "p/overlay/.github/Workflows/extra.yml.tmpl: renders .github/Workflows/extra.yml, in the directory .github/Workflows, which differs only in letter case from the directory .github/workflows of .github/workflows/"},
		{"directory case clash within the overlay", pack("Docs/a.md.tmpl", "docs/b.md.tmpl"), "p/overlay/Docs/a.md.tmpl: renders Docs/a.md, in the directory Docs, which differs only in letter case from the directory docs of docs/b.md, rendered from p/overlay/docs/b.md.tmpl"},
		{"variant of a built-in by its path", pack("go.sum.tmpl"), "p/overlay/go.sum.tmpl: renders go.sum, which the built-in templates render too, one for each set of answers: project/deps/gin/go.sum.tmpl (framework gin, without otel), project/deps/gin-otel/go.sum.tmpl (framework gin, with otel), project/deps/echo/go.sum.tmpl (framework echo, without otel), project/deps/echo-otel/go.sum.tmpl (framework echo, with otel); to write the overlay's go.sum whatever the answers, leave the built-in one out (remove: [go.sum]), or name the overlay template as a built-in one (p/overlay/deps/gin/go.sum.tmpl) to replace that one only, for its answers\x00"},
		{"framework variant by its path", pack("internal/server/server.go.tmpl"), "p/overlay/internal/server/server.go.tmpl: renders internal/server/server.go, which the built-in templates render too, one for each set of answers: project/internal/server/gin/server.go.tmpl (framework gin), project/internal/server/echo/server.go.tmpl (framework echo); to write the overlay's internal/server/server.go whatever the answers, leave the built-in one out (remove: [internal/server/server.go])"},
		{"file and directory", pack("Makefile/x.tmpl"), "p/overlay/Makefile/x.tmpl: renders Makefile/x, under Makefile, which the built-in project/Makefile.tmpl renders as a file"},
		{"file and directory in another case", pack("dockerfile/x.tmpl"), "renders dockerfile/x, under Dockerfile"},
		{"file and directory within the overlay", pack("docs.tmpl", "docs/a.md.tmpl"), "p/overlay/docs.tmpl: renders docs as a file, but docs/a.md, rendered from p/overlay/docs/a.md.tmpl, needs a directory there"},
		{"file and directory across extends", map[string]string{
			"p/preset.yaml": "name: p\nextends: ./q\n", "p/overlay/docs/a.md.tmpl": "x\n",
			"p/q/preset.yaml": "name: q\n", "p/q/overlay/docs.tmpl": "x\n",
		}, "p/q/overlay/docs.tmpl: renders docs as a file, but docs/a.md, rendered from p/overlay/docs/a.md.tmpl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, tt.files)
			_, err := Resolver{Dir: dir}.Resolve(context.Background(), "./p")
			// A want ending in \x00 is the whole end of the message.
			if err == nil || !strings.Contains(err.Error()+"\x00", tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("err %q spans lines", err)
			}
		})
	}
}

// TestOverlayPathsThatDoNotClash checks the exceptions: replacing a built-in template
// keeps its path, and a built-in path the pack removes is free for another spelling.
func TestOverlayPathsThatDoNotClash(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"replacement":      {"p/preset.yaml": "name: p\n", "p/overlay/Makefile.tmpl": "all:\n"},
		"removed":          {"p/preset.yaml": "name: p\nremove: [Makefile]\n", "p/overlay/makefile.tmpl": "all:\n"},
		"removed variants": {"p/preset.yaml": "name: p\nremove: [go.sum]\n", "p/overlay/go.sum.tmpl": "x\n"},
		"git-like names":   {"p/preset.yaml": "name: p\n", "p/overlay/.gitattributes.tmpl": "* text=auto\n", "p/overlay/docs/.gitkeep.tmpl": ""},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, files)
			if _, err := (Resolver{Dir: dir}).Resolve(context.Background(), "./p"); err != nil {
				t.Errorf("Resolve: %v", err)
			}
		})
	}
}

// TestIdleReplacements checks that an overlay template replacing the built-in template of
// a path for other answers than those rendered, another built-in template writing the
// path, is named, with the template the answers use and the ways on; new and presets
// validate print the lines as notes.
func TestIdleReplacements(t *testing.T) {
	ginOTel := generator.Answers{Framework: "gin", Features: []string{"otel"}}
	tests := []struct {
		name  string
		files map[string]string
		a     generator.Answers
		want  []string
	}{
		{"other feature set", map[string]string{"p/overlay/deps/gin/go.sum.tmpl": "x\n"}, ginOTel, []string{
			"p/overlay/deps/gin/go.sum.tmpl is not used: it replaces the built-in go.sum only with framework gin, without otel; with framework gin, with otel, go.sum is rendered from the built-in project/deps/gin-otel/go.sum.tmpl (name the overlay template p/overlay/deps/gin-otel/go.sum.tmpl to replace that one, or leave the built-in go.sum out, remove: [go.sum], and name it p/overlay/go.sum.tmpl to write it whatever the answers)",
		}},
		{"other framework", map[string]string{"p/overlay/internal/server/gin/server.go.tmpl": "x\n"}, generator.Answers{Framework: "echo"}, []string{
			"p/overlay/internal/server/gin/server.go.tmpl is not used: it replaces the built-in internal/server/server.go only with framework gin; with framework echo, internal/server/server.go is rendered from the built-in project/internal/server/echo/server.go.tmpl (name the overlay template p/overlay/internal/server/echo/server.go.tmpl to replace that one, or leave the built-in internal/server/server.go out, remove: [internal/server/server.go], and name it p/overlay/internal/server/server.go.tmpl to write it whatever the answers)",
		}},
		{"the answers' own", map[string]string{"p/overlay/deps/gin/go.sum.tmpl": "x\n"}, generator.Answers{Framework: "gin"}, nil},
		{"every variant replaced", map[string]string{"p/overlay/deps/gin/go.sum.tmpl": "x\n", "p/overlay/deps/gin-otel/go.sum.tmpl": "x\n"}, ginOTel, nil},
		{"built-in removed", map[string]string{"p/preset.yaml": "name: p\nremove: [go.sum]\n", "p/overlay/go.sum.tmpl": "x\n", "p/overlay/deps/gin/go.sum.tmpl": "x\n"}, ginOTel, nil},
		{"a feature's file", map[string]string{"p/overlay/k8s/deployment.yaml.tmpl": "x\n"}, ginOTel, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{"p/preset.yaml": "name: p\n"}
			maps.Copy(files, tt.files)
			writeTree(t, dir, files)
			p, err := Resolver{Dir: dir}.Resolve(context.Background(), "./p")
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.IdleReplacements(tt.a)
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("IdleReplacements = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
