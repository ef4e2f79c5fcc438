//go:build unix

package generator

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteKeepsOwners writes as root into a tree a user owns: the files it replaces,
// and their backups, keep the user as owner and group.
func TestWriteKeepsOwners(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another user takes root") // CI and this machine run as root
	}
	const uid, gid = 4321, 4322
	dir := t.TempDir()
	for _, name := range []string{"main.go", "Makefile"} {
		mustWriteFile(t, filepath.Join(dir, name), "old "+name+"\n", 0o644)
		if err := os.Chown(filepath.Join(dir, name), uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	files := []File{
		{Path: "main.go", Mode: 0o644, Content: []byte("new main.go\n")},
		{Path: "Makefile", Mode: 0o644, Content: []byte("new Makefile\n")},
		{Path: "gonew-prod.mk", Mode: 0o644, Content: []byte("prod-build:\n")},
	}
	changes := newChangesFor(t, dir, files)
	for i := range changes {
		changes[i].Backup = changes[i].Path == "Makefile"
	}
	if _, err := Write(context.Background(), dir, changes, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][2]int{
		"main.go":       {uid, gid},
		"Makefile":      {uid, gid},
		"Makefile.orig": {uid, gid},
		"gonew-prod.mk": {0, 0}, // a new file is the process's, as any file it creates
	} {
		info, err := os.Lstat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		st := info.Sys().(*syscall.Stat_t)
		if got := [2]int{int(st.Uid), int(st.Gid)}; got != want {
			t.Errorf("%s owned by %v, want %v", name, got, want)
		}
	}
}
