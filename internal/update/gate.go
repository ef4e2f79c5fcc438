package update

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gonew-prod/gonew-prod/generator"
)

// defaultChecks returns the commands a merged tree must pass when Gate.Command is empty.
func defaultChecks() [][]string {
	return [][]string{
		{"go", "build", "./..."},
		{"go", "vet", "./..."},
		{"go", "test", "-race", "./..."},
	}
}

// Gate is what an update runs on the merged tree before the real tree is written: in a
// scratch copy of the project, `go mod tidy`, then the checks.
type Gate struct {
	// Env is the environment of the commands, the user's; GOWORK=off is added, since the
	// scratch copy is in no workspace.
	Env []string
	// Tidy runs `go mod tidy` in the copy, whose go.mod and go.sum then become part of the
	// update.
	Tidy bool
	// Verify runs the checks: Command with `sh -c` when set, else `go build ./...`,
	// `go vet ./...` and `go test -race ./...`.
	Verify  bool
	Command string
	// Log receives progress messages.
	Log io.Writer
}

// GateError is a command of the gate that failed, with what it printed.
type GateError struct {
	Command string
	Err     error
	Output  string
}

func (e *GateError) Error() string { return fmt.Sprintf("%s: %v", e.Command, e.Err) }
func (e *GateError) Unwrap() error { return e.Err }

// Run copies the project at dir (without .git) into a scratch directory beside it, so
// that relative replace directives still resolve; applies changes there; runs the gate;
// and removes the copy. It returns changes extended with what `go mod tidy` made of
// go.mod and go.sum. A command that fails is a *GateError.
func (g Gate) Run(ctx context.Context, dir string, changes []generator.Change) ([]generator.Change, error) {
	if !g.Tidy && !g.Verify {
		return changes, nil
	}
	scratch, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".gonew-prod-verify-")
	if err != nil {
		// A parent that cannot be written to: a copy elsewhere still checks most projects.
		if scratch, err = os.MkdirTemp("", "gonew-prod-verify-"); err != nil {
			return nil, fmt.Errorf("verify: create a scratch copy: %w", err)
		}
	}
	defer os.RemoveAll(scratch)
	g.logf("checking the merged tree in a scratch copy (%s)", scratch)
	if err := copyTree(dir, scratch); err != nil {
		return nil, fmt.Errorf("verify: copy %s: %w", dir, err)
	}
	if err := apply(scratch, changes); err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	env := append(slices.Clone(g.Env), "GOWORK=off")
	_, statErr := os.Stat(filepath.Join(scratch, "go.mod"))
	if g.Tidy && statErr == nil {
		if err := g.run(ctx, scratch, env, "go", "mod", "tidy"); err != nil {
			return nil, err
		}
		for _, name := range []string{"go.mod", "go.sum"} {
			if changes, err = tidied(dir, scratch, name, changes); err != nil {
				return nil, err
			}
		}
	}
	if !g.Verify {
		return changes, nil
	}
	if g.Command != "" {
		return changes, g.run(ctx, scratch, env, "sh", "-c", g.Command)
	}
	for _, check := range defaultChecks() {
		if err := g.run(ctx, scratch, env, check[0], check[1:]...); err != nil {
			return nil, err
		}
	}
	return changes, nil
}

func (g Gate) logf(format string, args ...any) {
	if g.Log != nil {
		fmt.Fprintf(g.Log, format+"\n", args...)
	}
}

func (g Gate) run(ctx context.Context, dir string, env []string, name string, args ...string) error {
	command := strings.Join(append([]string{name}, args...), " ")
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	g.logf("  %s (%s)", command, time.Since(start).Round(100*time.Millisecond))
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("verify: %s: %w", command, ctxErr)
		}
		return &GateError{Command: command, Err: err, Output: strings.TrimSpace(out.String())}
	}
	return nil
}

// tidied adds to changes what tidy made of the file name in the scratch copy, where it
// differs from what the update writes (or the tree holds).
func tidied(dir, scratch, name string, changes []generator.Change) ([]generator.Change, error) {
	after, err := os.ReadFile(filepath.Join(scratch, name))
	if errors.Is(err, fs.ErrNotExist) {
		return changes, nil
	}
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	if i := slices.IndexFunc(changes, func(c generator.Change) bool { return c.Path == name }); i >= 0 {
		changes[i].Content, changes[i].Delete = after, false
		return changes, nil
	}
	old, mode, err := readTree(os.DirFS(dir), name)
	if err != nil {
		return nil, err
	}
	if bytes.Equal(old, after) {
		return changes, nil
	}
	if old == nil {
		mode = 0o644
	}
	return append(changes, generator.Change{Path: name, Content: after, Mode: mode, Old: old}), nil
}

// copyTree copies the regular files, directories and symbolic links below src into dst,
// leaving out .git directories.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir() && d.Name() == ".git" && rel != ".":
			return filepath.SkipDir
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case info.Mode()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		case info.Mode().IsRegular():
			return copyFile(p, target, info.Mode().Perm())
		}
		return nil // sockets, devices and pipes have no place in a build
	})
}

func copyFile(src, dst string, mode fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode|0o200)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// apply makes changes to the scratch copy at dir.
func apply(dir string, changes []generator.Change) error {
	for _, c := range changes {
		p := filepath.Join(dir, filepath.FromSlash(c.Path))
		if c.Delete {
			if err := os.Remove(p); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, c.Content, c.Mode|0o200); err != nil {
			return err
		}
		if err := os.Chmod(p, c.Mode|0o200); err != nil {
			return err
		}
	}
	return nil
}
