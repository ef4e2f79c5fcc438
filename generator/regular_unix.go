//go:build unix

package generator

import "golang.org/x/sys/unix"

// openNonblock opens a file without waiting (openRegular): a named pipe opened for
// reading with it does not wait for a writer.
const openNonblock = unix.O_NONBLOCK
