//go:build !unix

package generator

// openNonblock is no flag where the system has no named pipes in the file system to
// wait on (Windows) or no O_NONBLOCK.
const openNonblock = 0
