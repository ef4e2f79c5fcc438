//go:build !unix

package generator

import (
	"io/fs"
	"os"
)

// sameOwner keeps nothing where files have no unix owner.
func sameOwner(string, fs.FileInfo) error { return nil }

// ownerIDs reads no owner where files have no unix owner.
func ownerIDs(fs.FileInfo) (uid, gid uint32, ok bool) { return 0, 0, false }

// chownIDs gives no owner where files have no unix owner.
func chownIDs(string, uint32, uint32) error { return nil }

// fchownIDs gives no owner where files have no unix owner.
func fchownIDs(*os.File, uint32, uint32) error { return nil }

// fsameOwner keeps nothing where files have no unix owner.
func fsameOwner(*os.File, fs.FileInfo) error { return nil }

// sameIDs finds the owner and group kept where files have no unix owner.
func sameIDs(fs.FileInfo, fs.FileInfo) (user, group bool) { return true, true }

// links counts one name per file where hard links are not read.
func links(fs.FileInfo) uint64 { return 1 }

// inode gives no inode number where the file system's are not read.
func inode(fs.FileInfo) (uint64, bool) { return 0, false }

// device gives no device number where the file system's are not read.
func device(fs.FileInfo) (uint64, bool) { return 0, false }

// ownedByProcess reports no file the process's where files have no unix owner.
func ownedByProcess(fs.FileInfo) bool { return false }

// ownerName names no owner where files have no unix owner.
func ownerName(fs.FileInfo) string { return "" }
