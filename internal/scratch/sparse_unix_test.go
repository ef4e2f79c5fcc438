//go:build linux || darwin || freebsd

package scratch

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestCopySparse: a sparse file (an ignored VM or database image, mostly holes) takes in
// the copy the room its data takes, not its size, and reads the same (round 21 safety 5).
func TestCopySparse(t *testing.T) {
	const size = 16 << 20
	src, dst := t.TempDir(), t.TempDir()
	write := func(name string, data map[int64]string) []byte {
		t.Helper()
		f, err := os.Create(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		want := make([]byte, size)
		for off, s := range data {
			if _, err := f.WriteAt([]byte(s), off); err != nil {
				t.Fatal(err)
			}
			copy(want[off:], s)
		}
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
		return want
	}
	files := map[string][]byte{
		"data/empty.img": write("empty.img", nil),
		"data/vm.img":    write("vm.img", map[int64]string{0: "boot", 8 << 20: "middle", size - 3: "end"}),
		"data/tail.img":  write("tail.img", map[int64]string{1 << 20: "data, then a hole to the end"}),
	}
	if err := os.MkdirAll(filepath.Join(src, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name := range files {
		if err := os.Rename(filepath.Join(src, filepath.Base(name)), filepath.Join(src, name)); err != nil {
			t.Fatal(err)
		}
	}
	if allocated(t, filepath.Join(src, "data/empty.img")) > 1<<20 {
		t.Skip("the file system of the temporary directory makes no holes")
	}
	if err := Copy(src, dst, nil, nil); err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		p := filepath.Join(dst, name)
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the copy reads otherwise than the file (%d bytes, want %d)", name, len(got), len(want))
		}
		if n := allocated(t, p); n > 1<<20 {
			t.Errorf("%s: the copy takes %d KiB, want the room of its data only (the file takes %d KiB)", name, n>>10, allocated(t, filepath.Join(src, name))>>10)
		}
	}
}

// allocated returns the room the file p takes on its file system.
func allocated(t *testing.T, p string) int64 {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return int64(info.Sys().(*syscall.Stat_t).Blocks) * 512
}
