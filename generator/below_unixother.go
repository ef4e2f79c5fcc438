//go:build unix && !linux

package generator

// syncUnlistable gives back openErr, the error of opening the directory d to flush it:
// a directory this user may not list (mode 0333) cannot be opened to be flushed, and no
// call here flushes one file system alone (sync(2) may return before the buffers are
// written). A write into one is refused: where walkFlag opens each directory below the
// tree to read it, at that directory, before anything is flushed; where it opens them
// to search them (O_SEARCH), here, and rolled back.
func syncUnlistable(_ string, openErr error) error {
	return openErr
}
