//go:build !(linux || darwin || freebsd || netbsd)

package generator

import "os"

// sameAttrs keeps nothing where extended attributes are not read.
func sameAttrs(string, string) error { return nil }

// readAttrs reads nothing where extended attributes are not read.
func readAttrs(string) map[string][]byte { return nil }

// setAttrs sets nothing where extended attributes are not read.
func setAttrs(string, map[string][]byte) error { return nil }

// fsetAttrs sets nothing where extended attributes are not read.
func fsetAttrs(*os.File, map[string][]byte) error { return nil }

// userAttr admits no attribute where extended attributes are not read.
func userAttr(string) bool { return false }
