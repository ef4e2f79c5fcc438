//go:build !(linux || darwin || freebsd || netbsd)

package generator

import "os"

// readAttrs reads nothing where extended attributes are not read.
func readAttrs(*os.File) map[string][]byte { return nil }

// fsetAttrs sets nothing where extended attributes are not read.
func fsetAttrs(*os.File, map[string][]byte) error { return nil }

// userAttr admits no attribute where extended attributes are not read.
func userAttr(string) bool { return false }
