package scratch

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCopy(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	for p, body := range map[string]string{"a.txt": "a", "d/b.go": "b", ".git/HEAD": "ref", "vendor/m/x.go": "x", "sub/vendor/y.go": "y"} {
		full := filepath.Join(src, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("a.txt", filepath.Join(src, "link")); err != nil {
		t.Fatal(err)
	}
	if err := Copy(src, dst, func(rel string) bool { return rel == "vendor" }); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{"a.txt": "a", "d/b.go": "b", "sub/vendor/y.go": "y"} {
		got, err := os.ReadFile(filepath.Join(dst, p))
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v", p, got, err)
		}
	}
	for _, p := range []string{".git", "vendor"} {
		if _, err := os.Stat(filepath.Join(dst, p)); err == nil {
			t.Errorf("%s was copied", p)
		}
	}
	if link, err := os.Readlink(filepath.Join(dst, "link")); err != nil || link != "a.txt" {
		t.Errorf("link = %q, %v", link, err)
	}
	if info, err := os.Stat(filepath.Join(dst, "a.txt")); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("mode = %v, %v", info.Mode(), err)
	}
}
