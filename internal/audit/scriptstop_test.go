package audit

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// doneAfter is a context that its Err reports canceled from its n+1th call on;
// calls counts those calls.
type doneAfter struct {
	context.Context
	n, calls int
}

func (d *doneAfter) Err() error {
	if d.calls++; d.calls > d.n {
		return context.Canceled
	}
	return nil
}

// TestScriptReadingStops reads large scripts with a context that is done after n
// looks at it, for n from none to one less than the whole reading takes: each
// reading returns the context's error, whichever loop sees it (the lines split,
// the commands of one piece of thousands of lines, the files the script sources).
// A CI file read with a done context is not read, with the context's error.
func TestScriptReadingStops(t *testing.T) {
	const workflow = ".github/workflows/ci.yml"
	r := openInline(t, map[string]string{
		"go.mod":          "module example.test/m\n\ngo 1.26\n",
		"main.go":         "package main\n\nfunc main() {}\n",
		"lib.sh":          strings.Repeat("export A=1\n", 300),
		"services/go.mod": "module example.test/s\n\ngo 1.26\n",
		workflow:          "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n" + indent(strings.Repeat("go vet ./...\n", 4000), "          "),
	})
	scripts := []struct{ name, text string }{
		{"4000 lines", strings.Repeat("go vet ./...\n", 4000)},
		{"4000 lines each opening a { } group after ||", strings.Repeat("false || { go vet ./...\n", 4000)},
		{"( ) subshells 4000 deep", strings.Repeat("(\n", 4000) + "cd services\ngo vet ./...\n" + strings.Repeat(")\n", 4000)},
		{"4000 lines that source a script", strings.Repeat(". ./lib.sh\n", 4000)},
	}
	for _, sc := range scripts {
		t.Run(sc.name, func(t *testing.T) {
			read := func(ctx context.Context) error {
				cmds, _, err := scriptCommands(ctx, r, "ci.sh", 1, sc.text, &session{dir: "."})
				if err != nil {
					return err
				}
				return markSourced(ctx, r, cmds, &sourcedMemo{})
			}
			whole := &doneAfter{Context: context.Background(), n: math.MaxInt}
			if err := read(whole); err != nil {
				t.Fatalf("read with a context never done: %v", err)
			}
			for _, n := range []int{0, 1, whole.calls / 2, whole.calls - 1} {
				if err := read(&doneAfter{Context: context.Background(), n: n}); !errors.Is(err, context.Canceled) {
					t.Errorf("done after %d of %d looks: error %v, want %v", n, whole.calls, err, context.Canceled)
				}
			}
		})
	}
	t.Run("a CI file", func(t *testing.T) {
		f := repo.CIFile{Path: workflow, Kind: repo.GitHub}
		if c, err := parseCI(context.Background(), r, f); err != nil || len(c.commands) != 4000 {
			t.Fatalf("read with a context never done: %v", err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if c, err := parseCI(ctx, r, f); !errors.Is(err, context.Canceled) || c != nil {
			t.Errorf("read with a done context: %v, want %v and no file", err, context.Canceled)
		}
	})
}
