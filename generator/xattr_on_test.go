//go:build linux || darwin || freebsd || netbsd

package generator

import (
	"context"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// lsetAttr gives the file at p, not followed if it is a link, the extended attribute
// name.
func lsetAttr(p, name string, val []byte) error {
	return unix.Lsetxattr(p, name, val, 0)
}

// TestWriteKeepsAttributes replaces a file with an extended attribute (as ACLs and
// SELinux labels are): the new file and the backup carry it.
func TestWriteKeepsAttributes(t *testing.T) {
	dir := t.TempDir()
	mustWriteFile(t, filepath.Join(dir, "main.go"), "old\n", 0o644)
	if err := lsetAttr(filepath.Join(dir, "main.go"), "user.review", []byte("approved")); err != nil {
		t.Skipf("the file system of %s keeps no user attributes: %v", dir, err)
	}
	changes := newChangesFor(t, dir, []File{{Path: "main.go", Mode: 0o644, Content: []byte("new\n")}})
	changes[0].Backup = true
	if _, err := Write(context.Background(), dir, changes, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"main.go", "main.go.orig"} {
		buf := make([]byte, 64)
		n, err := unix.Lgetxattr(filepath.Join(dir, name), "user.review", buf)
		if err != nil || string(buf[:n]) != "approved" {
			t.Errorf("%s: user.review = %q (%v), want approved", name, buf[:max(n, 0)], err)
		}
	}
}
