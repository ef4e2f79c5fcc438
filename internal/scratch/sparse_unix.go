//go:build linux || darwin || freebsd

package scratch

import (
	"errors"
	"io"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// copyData copies the content of in to out, a new empty file. A sparse file (one that
// takes less room than its size: a VM or database image, a truncated file) keeps its
// holes: only the ranges SEEK_DATA finds are written, each with copy_file_range where the
// kernel has it (io.Copy between files), and the size is set at the end, so that a file
// that takes no room in the project takes none in the copy either. Where the file system
// cannot tell its holes (SEEK_DATA fails), the whole file is copied.
func copyData(out, in *os.File) error {
	info, err := in.Stat()
	if err != nil {
		return err
	}
	if st, ok := info.Sys().(*syscall.Stat_t); !ok || int64(st.Blocks)*512 >= info.Size() {
		_, err := io.Copy(out, in)
		return err
	}
	switch err := copyRanges(out, in, info.Size()); {
	case errors.Is(err, syscall.EINVAL), errors.Is(err, syscall.EOPNOTSUPP):
		// No SEEK_DATA here: start again, the plain way.
		if err := out.Truncate(0); err != nil {
			return err
		}
		for _, f := range []*os.File{in, out} {
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				return err
			}
		}
		_, err := io.Copy(out, in)
		return err
	case err != nil:
		return err
	}
	return nil
}

// copyRanges copies the data ranges of in, of size bytes, to the same offsets of out, and
// gives out that size.
func copyRanges(out, in *os.File, size int64) error {
	for off := int64(0); off < size; {
		data, err := in.Seek(off, unix.SEEK_DATA)
		if errors.Is(err, syscall.ENXIO) {
			break // a hole from off to the end
		}
		if err != nil {
			return err
		}
		hole, err := in.Seek(data, unix.SEEK_HOLE)
		if err != nil {
			return err
		}
		hole = min(hole, size)
		if _, err := in.Seek(data, io.SeekStart); err != nil {
			return err
		}
		if _, err := out.Seek(data, io.SeekStart); err != nil {
			return err
		}
		if _, err := io.CopyN(out, in, hole-data); err != nil {
			return err
		}
		off = hole
	}
	return out.Truncate(size)
}
