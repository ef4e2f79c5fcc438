package update

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os/exec"
	"strings"
	"time"
)

// MarkUnmerged records every conflict among steps in the git index of the work tree that
// holds dir as an unmerged path, as `git merge` leaves a conflict: stage 1 the base (when
// there is one), 2 yours, 3 theirs. It runs after the tree is written, so an interrupt
// does not stop it: ctx's cancellation is ignored and git runs out of reach of the
// terminal's SIGINT, with a time limit of its own. `git status` then lists the files as unmerged, and
// `git add` marks them resolved. A path whose index entry holds staged content that is
// neither HEAD's nor the file's as the update found it is left alone, so that nothing
// staged is lost; staged lists those paths. It does nothing when git is not installed or
// dir is not inside a work tree, and reports whether it marked anything.
func MarkUnmerged(ctx context.Context, env []string, dir string, steps []Step) (marked bool, staged []string, err error) {
	var conflicts []Step
	for _, s := range steps {
		if s.Action == Conflict {
			conflicts = append(conflicts, s)
		}
	}
	if len(conflicts) == 0 {
		return false, nil, nil
	}
	git, err := exec.LookPath("git")
	if err != nil {
		return false, nil, nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
	defer cancel()
	g := gitRunner{ctx: ctx, git: git, dir: dir, env: env}
	if out, err := g.run(nil, "rev-parse", "--is-inside-work-tree"); err != nil || out != "true" {
		return false, nil, nil
	}
	prefix, err := g.run(nil, "rev-parse", "--show-prefix")
	if err != nil {
		return false, nil, err
	}
	var info bytes.Buffer
	for _, s := range conflicts {
		name := prefix + s.Path
		if kept, err := g.stagedElsewhere(name, s.Ours); err != nil {
			return false, nil, err
		} else if kept {
			staged = append(staged, s.Path)
			continue
		}
		marked = true
		stages := []struct {
			content []byte
			mode    fs.FileMode
		}{{s.Base, s.Mode}, {s.Ours, s.OursMode}, {s.Theirs, s.Mode}}
		for i, st := range stages {
			if st.content == nil {
				continue // no base: a file added on both sides, or an unavailable base
			}
			oid, err := g.run(st.content, "hash-object", "-w", "--no-filters", "--stdin")
			if err != nil {
				return false, nil, err
			}
			if i == 0 || i == 1 && s.Base == nil {
				// The path's stage-0 entry goes before its first stage.
				fmt.Fprintf(&info, "0 %s\t%s\x00", strings.Repeat("0", len(oid)), name)
			}
			gitMode := "100644"
			if st.mode&0o111 != 0 {
				gitMode = "100755"
			}
			fmt.Fprintf(&info, "%s %s %d\t%s\x00", gitMode, oid, i+1, name)
		}
	}
	if !marked {
		return false, staged, nil
	}
	if _, err := g.run(info.Bytes(), "update-index", "-z", "--index-info"); err != nil {
		return false, nil, err
	}
	return true, staged, nil
}

// stagedElsewhere reports whether the index holds, for name, content that is neither
// HEAD's nor ours (the file as the update found it).
func (g gitRunner) stagedElsewhere(name string, ours []byte) (bool, error) {
	entry, err := g.run(nil, "ls-files", "--stage", "-z", "--", ":(top,literal)"+name)
	if err != nil {
		return false, err
	}
	f := strings.Fields(entry)
	if len(f) < 3 || f[2] != "0" {
		return false, nil // not in the index, or unmerged already
	}
	if ours != nil {
		oid, err := g.run(ours, "hash-object", "--no-filters", "--stdin")
		if err != nil {
			return false, err
		}
		if oid == f[1] {
			return false, nil
		}
	}
	head, err := g.run(nil, "rev-parse", "--verify", "--quiet", "HEAD:"+name)
	return err != nil || head != f[1], nil
}

// markTimeout bounds the git commands that mark conflicts unmerged.
const markTimeout = time.Minute

// gitRunner runs git commands in one directory, each in a process group of its own.
type gitRunner struct {
	ctx context.Context
	git string
	dir string
	env []string
}

// run runs git with args and stdin, returning its trimmed standard output.
func (g gitRunner) run(stdin []byte, args ...string) (string, error) {
	cmd := exec.CommandContext(g.ctx, g.git, args...)
	cmd.Dir, cmd.Env = g.dir, g.env
	ownProcessGroup(cmd)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %w: %s", args[0], err, oneLine(stderr.String()))
	}
	return strings.TrimSpace(stdout.String()), nil
}
