package generator

import (
	"bytes"
	"fmt"
)

// FindBlock returns the byte range [start, end) of the guarded block id in data: from the
// start of the line holding BlockBegin+id to the end, newline included, of the next line
// holding BlockEnd+id. The id of a marker ends with its line or a space, so that block
// "ci" is not found in a line of "ci-extra". A record's checksum of a block is
// Sum(data[start:end]). A begin marker without its end is an error: the block was damaged
// and nothing can tell where it ended.
func FindBlock(data []byte, id string) (start, end int, ok bool, err error) {
	begin, stop := []byte(BlockBegin+id), []byte(BlockEnd+id)
	at, found := 0, false
	for len(data[at:]) > 0 {
		n := bytes.IndexByte(data[at:], '\n') + 1
		if n == 0 {
			n = len(data) - at
		}
		line := data[at : at+n]
		switch {
		case !found && hasMarker(line, begin):
			start, found = at, true
		case found && hasMarker(line, stop):
			return start, at + n, true, nil
		}
		at += n
	}
	if found {
		return 0, 0, false, fmt.Errorf("the guarded block %s has a begin marker but no end marker (%s%s); restore it or remove the begin marker", id, BlockEnd, id)
	}
	return 0, 0, false, nil
}

// hasMarker reports whether line holds marker, ended by the line's end or a space.
func hasMarker(line, marker []byte) bool {
	for rest := line; ; {
		i := bytes.Index(rest, marker)
		if i < 0 {
			return false
		}
		rest = rest[i+len(marker):]
		if len(rest) == 0 || rest[0] == ' ' || rest[0] == '\n' || rest[0] == '\r' {
			return true
		}
	}
}
