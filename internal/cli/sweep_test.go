package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
)

// TestSweepOlderScratchNames: the scratch copies that runs of older releases, killed,
// left beside a project (or a module below the directory add runs in) whose directory
// name is beyond ASCII were named after that name as it is, before the copies were named
// in ASCII (update.ScratchPlace); the sweep removes them too (the old one looked for the
// ASCII name alone), and still leaves a copy without the mark alone. The note names each
// copy removed, a control character of its name escaped (the old note printed it as it
// was).
func TestSweepOlderScratchNames(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	env := func(stderr *bytes.Buffer) Env { return Env{Stderr: stderr, Environ: []string{"TMPDIR=" + tmp}} }
	for _, name := range []string{"café", "caf\xe9", "my svc", "svc\x1b[2K"} {
		t.Run(name, func(t *testing.T) {
			mkdir := func(p string, marked bool) {
				t.Helper()
				if err := os.MkdirAll(p, 0o755); err != nil {
					t.Fatal(err)
				}
				if marked {
					if err := os.WriteFile(filepath.Join(p, generator.ScratchMark), nil, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			top := t.TempDir()
			dir := filepath.Join(top, name)
			module := filepath.Join(dir, "services", name)
			mkdir(module, false)
			left := filepath.Join(top, "."+name+".gonew-prod-verify-1")
			unmarked := filepath.Join(top, "."+name+".gonew-prod-verify-2")
			leftBesideModule := filepath.Join(dir, "services", "."+name+".gonew-prod-verify-3")
			mkdir(left, true)
			mkdir(unmarked, false)
			mkdir(leftBesideModule, true)
			var stderr bytes.Buffer
			sweepScratch(env(&stderr), dir)
			sweepBesideModule(env(&stderr), dir, module)
			for _, gone := range []string{left, leftBesideModule} {
				if _, err := os.Lstat(gone); err == nil {
					t.Errorf("%q, an older release's copy a killed run left, is not swept", gone)
				}
				if !strings.Contains(stderr.String(), printable(gone)) || strings.Contains(stderr.String(), "\x1b") {
					t.Errorf("the note does not name %q:\n%s", gone, stderr.String())
				}
			}
			if _, err := os.Lstat(unmarked); err != nil {
				t.Errorf("a copy without the mark is swept: %v", err)
			}
		})
	}
}
