//go:build solaris || aix

package generator

import (
	"errors"
	"fmt"
	"runtime"
)

// linkBelow refuses to link a file: golang.org/x/sys/unix has no linkat here, link(2)
// follows a link on the way to either name, and a check for dname before a rename
// (what moveBelow does on a file system without hard links) would replace a file put
// there in between, so a file of the tree is neither set aside nor put in its place.
func linkBelow(int, string, int, string) (linked bool, err error) {
	return false, fmt.Errorf("moving a file into a directory without replacing one put there meanwhile needs linkat, which this build for %s does not have: %w", runtime.GOOS, errors.ErrUnsupported)
}
