package gitview

import (
	"context"
	"fmt"
	"io/fs"
	"os/exec"
	"strings"
)

// Modes tells the mode git would commit for a file of a work tree. Git records one bit of
// a file's mode, whether it is executable. It reads that bit from the disk, unless
// core.fileMode is false (git for Windows, WSL's /mnt/c, FAT, exFAT and SMB mounts, many
// bind mounts of devcontainers), where the disk's executable bits mean nothing (every
// file 0644, or every file 0777): git status then shows no mode change and a commit
// keeps the index entry's mode. A mode read from the disk there is no edit of the
// user's.
//
// The zero Modes trusts the disk, as git does with core.fileMode true.
type Modes struct {
	// exec holds, when git ignores the disk's executable bits, whether the index entry of
	// each regular file it tracks below the directory is executable (100755), by path
	// relative to that directory; nil when git reads the bit from the disk.
	exec map[string]bool
}

// CommitModes returns the Modes of the work tree that holds dir: the zero Modes unless
// git ignores the disk's executable bits there (core.fileMode false), else the modes of
// the regular files git's index holds below dir. It returns the zero Modes when git is
// not installed or dir is in no work tree.
func CommitModes(ctx context.Context, env []string, dir string) (Modes, error) {
	if !InWorkTree(ctx, env, dir) {
		return Modes{}, nil
	}
	// Unset, or a value git does not read as a boolean, is true for git.
	if gitOut(ctx, env, dir, "config", "--bool", "--get", "core.fileMode") != "false" {
		return Modes{}, nil
	}
	// Paths relative to dir, the files below it only; stage 0, or stage 2 (ours) of a
	// path a merge left unmerged.
	cmd := exec.CommandContext(ctx, "git", "ls-files", "--stage", "-z")
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.Output()
	if err != nil {
		return Modes{}, fmt.Errorf("git ls-files --stage in %s: %w", dir, err)
	}
	m := Modes{exec: map[string]bool{}}
	for _, entry := range strings.Split(string(out), "\x00") {
		// "100755 <object> 0\tpath"
		info, name, ok := strings.Cut(entry, "\t")
		fields := strings.Fields(info)
		if !ok || len(fields) != 3 || fields[2] != "0" && fields[2] != "2" {
			continue
		}
		switch fields[0] {
		case "100755":
			m.exec[name] = true
		case "100644":
			m.exec[name] = false
		}
	}
	return m, nil
}

// Ignored reports whether git ignores the disk's executable bits (core.fileMode false).
func (m Modes) Ignored() bool { return m.exec != nil }

// Of returns the mode of the file rel (relative to the directory CommitModes was given),
// whose mode on the disk is disk, as git would commit it: disk itself when git reads the
// executable bit from the disk or does not track the file, else disk with the executable
// bits of the index entry (execute for whoever may read when the entry is 100755, for
// nobody when it is 100644), as a checkout by git writes the file.
func (m Modes) Of(rel string, disk fs.FileMode) fs.FileMode {
	exec, tracked := m.exec[rel]
	switch {
	case !tracked:
		return disk
	case exec:
		return disk&^0o111 | (disk&0o444)>>2
	default:
		return disk &^ 0o111
	}
}
