package treetest

import (
	"io/fs"
	"testing/fstest"
)

// SizedFS is a MapFS whose file Big says, once opened, that it holds Size bytes, as a
// sparse file does: code that reads it whole would take that much memory.
type SizedFS struct {
	fstest.MapFS
	Big  string
	Size int64
}

// Open opens name, with the size of Big as SizedFS says.
func (f SizedFS) Open(name string) (fs.File, error) {
	file, err := f.MapFS.Open(name)
	if err != nil || name != f.Big {
		return file, err
	}
	return sizedFile{file, f.Size}, nil
}

type sizedFile struct {
	fs.File
	size int64
}

func (f sizedFile) Stat() (fs.FileInfo, error) {
	info, err := f.File.Stat()
	return sizedInfo{info, f.size}, err
}

type sizedInfo struct {
	fs.FileInfo
	size int64
}

func (i sizedInfo) Size() int64 { return i.size }
