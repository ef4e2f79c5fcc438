package preset

import (
	"context"
	"maps"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
)

// TestDigest: a pack's digest is of its content, the preset.yaml and overlay templates of
// every pack of its chain but the built-in ones, and not of where it lies: the same files
// elsewhere, or as a checkout with CRLF line endings, have the same digest, a changed byte
// anywhere in the chain (a carriage return of one line too) another; a built-in
// pack, which the gonew-prod version names, has none.
func TestDigest(t *testing.T) {
	base := map[string]string{
		"p/preset.yaml":                  "name: p\nextends: ../b\n",
		"p/overlay/CODEOWNERS.tmpl":      "* @acme/platform\n",
		"b/preset.yaml":                  "name: b\nextends: minimal\n",
		"b/overlay/docs/runbook.md.tmpl": "# Runbook\n",
		".git/HEAD":                      "ref: refs/heads/main\n", // one checkout holds both packs
	}
	digest := func(t *testing.T, files map[string]string) string {
		t.Helper()
		dir := t.TempDir()
		writeTree(t, dir, files)
		p, err := Resolver{Dir: dir}.Resolve(context.Background(), "."+string(filepath.Separator)+"p")
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^sha256:[0-9a-f]{64}$`).MatchString(p.Digest()) {
			t.Fatalf("digest %q is not sha256: and 64 hex digits", p.Digest())
		}
		return p.Digest()
	}
	with := func(k, v string) map[string]string {
		m := maps.Clone(base)
		m[k] = v
		return m
	}
	want := digest(t, base)
	if got := digest(t, base); got != want {
		t.Errorf("the same pack elsewhere has the digest %s, not %s", got, want)
	}
	crlf := func(files map[string]string) map[string]string {
		m := maps.Clone(files)
		for k, v := range m {
			if k != ".git/HEAD" {
				m[k] = strings.ReplaceAll(v, "\n", "\r\n")
			}
		}
		return m
	}
	if got := digest(t, crlf(base)); got != want {
		t.Errorf("a CRLF checkout of the same pack has the digest %s, not %s", got, want)
	}
	for name, files := range map[string]map[string]string{
		"a line ending of its preset.yaml": with("p/preset.yaml", "name: p\r\nextends: ../b\n"),
		"its preset.yaml":                  with("p/preset.yaml", "name: p\nextends: ../b\ndescription: changed\n"),
		"an overlay template of its":       with("p/overlay/CODEOWNERS.tmpl", "* @acme/other\n"),
		"an overlay template added":        with("p/overlay/k8s/deployment.yaml.tmpl", "kind: Deployment\n"),
		"the pack it extends":              with("b/preset.yaml", "name: b\nextends: default\n"),
		"a template of the pack extended":  with("b/overlay/docs/runbook.md.tmpl", "# Run book\n"),
	} {
		if got := digest(t, files); got == want {
			t.Errorf("a change of %s leaves the digest %s", name, got)
		}
	}
	for _, name := range []string{"minimal", "default"} {
		p, err := Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		if p.Digest() != "" {
			t.Errorf("built-in pack %s has the digest %q, want none", name, p.Digest())
		}
	}
}

// TestRenderAsDigested: the overlay templates of a pack checked out with CRLF line
// endings render what those of an LF checkout do, as git commits them, since both have
// one digest (the old render wrote CRLF files): a project made from either is the same,
// and update finds no change of the pack in the other checkout. A template with only some
// lines ending in CRLF, which the digest takes byte for byte, renders them so.
func TestRenderAsDigested(t *testing.T) {
	const mixed = "a\r\nb\n"
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"b/preset.yaml":                  "name: b\r\n",
		"b/overlay/docs/runbook.md.tmpl": "# Runbook\r\n\r\n{{.Name}}\r\n",
		"p/preset.yaml":                  "name: p\r\nextends: ../b\r\n",
		"p/overlay/CODEOWNERS.tmpl":      "* @acme/platform\r\n",
		"p/overlay/docs/mixed.txt.tmpl":  mixed,
		".git/HEAD":                      "ref: refs/heads/main\n", // one checkout holds both packs
	})
	p, err := Resolver{Dir: dir}.Resolve(context.Background(), "./p")
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := answers.Resolve(p.Answers, moduleLayer("example.com/orders"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := generator.Render(context.Background(), p.Project(a, "v0.0.0-test"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"CODEOWNERS": "* @acme/platform\n", "docs/runbook.md": "# Runbook\n\norders\n", "docs/mixed.txt": mixed}
	for _, f := range files {
		if w, ok := want[f.Path]; ok {
			if string(f.Content) != w {
				t.Errorf("%s: %q, want %q", f.Path, f.Content, w)
			}
			delete(want, f.Path)
		}
	}
	if len(want) > 0 {
		t.Errorf("not rendered: %v", want)
	}
}
