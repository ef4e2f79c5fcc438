package merge

import "bytes"

// TheirsSuffix is appended to the path of a binary file that both sides changed: the
// user's file stays where it is and theirs is written beside it, as PATH+TheirsSuffix.
const TheirsSuffix = ".gonew-prod-theirs"

// binaryProbe is how much of a file IsBinary reads, as much as git reads.
const binaryProbe = 8000

// IsBinary reports whether data is binary by git's rule: a NUL byte in its first 8000
// bytes. Such a file is never merged by lines.
func IsBinary(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), binaryProbe)], 0) >= 0
}
