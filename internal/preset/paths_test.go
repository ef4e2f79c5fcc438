package preset

import (
	"context"
	"strings"
	"testing"
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
		"replacement":    {"p/preset.yaml": "name: p\n", "p/overlay/Makefile.tmpl": "all:\n"},
		"removed":        {"p/preset.yaml": "name: p\nremove: [Makefile]\n", "p/overlay/makefile.tmpl": "all:\n"},
		"git-like names": {"p/preset.yaml": "name: p\n", "p/overlay/.gitattributes.tmpl": "* text=auto\n", "p/overlay/docs/.gitkeep.tmpl": ""},
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
