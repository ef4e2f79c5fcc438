package preset

import (
	"context"
	"maps"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
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
