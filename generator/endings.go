package generator

import "bytes"

// Unedited reports whether old, a file of a tree, is the file whose checksum sum a record
// holds, as git would commit it: byte for byte, or with CRLF line endings on every line
// where the recorded file has LF ones, as a checkout with core.autocrlf or eol=crlf
// writes it (checkedOut). A recorded file with a carriage return of its own is compared
// byte for byte, and so is a file where some lines end in CRLF and others in LF: no
// checkout writes it so, and without core.autocrlf git commits the carriage returns, an
// edit of the user's.
func Unedited(old []byte, sum string) bool {
	if Sum(old) == sum {
		return true
	}
	lf, ok := checkedOut(old)
	return ok && Sum(lf) == sum
}

// SameText reports whether old, a file of a tree, is content as git would commit it (see
// Unedited).
func SameText(old, content []byte) bool {
	if bytes.Equal(old, content) {
		return true
	}
	lf, ok := checkedOut(old)
	return ok && bytes.Equal(lf, content)
}

// AsCommitted returns data as git would commit it from a checkout: with LF line endings
// when a checkout with CRLF line endings wrote it (checkedOut), else as it is. A pack's
// digest hashes its files so (preset.Pack.Digest), the same in every checkout of it.
func AsCommitted(data []byte) []byte {
	if lf, ok := checkedOut(data); ok {
		return lf
	}
	return data
}

// checkedOut returns data with LF line endings when every line of it ends in CRLF (CRLF)
// and it has no other carriage return: a file as a checkout with CRLF line endings writes
// it (Committed); ok is false otherwise.
func checkedOut(data []byte) (lf []byte, ok bool) {
	if !CRLF(data) {
		return nil, false
	}
	return Committed(data)
}

// Committed returns data, which has CRLF line endings, with LF ones, as git's autocrlf
// commits it; ok is false when data has no CRLF, or a carriage return that ends no line
// (which git leaves as it is, and so does this).
func Committed(data []byte) (lf []byte, ok bool) {
	if !bytes.Contains(data, []byte("\r\n")) {
		return nil, false
	}
	lf = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if bytes.IndexByte(lf, '\r') >= 0 {
		return nil, false
	}
	return lf, true
}

// CRLF reports whether every line of data that ends ends in CRLF, and one does.
func CRLF(data []byte) bool {
	n := bytes.Count(data, []byte("\n"))
	return n > 0 && bytes.Count(data, []byte("\r\n")) == n
}

// InEndingsOf returns content, which is to replace old, with old's line endings: CRLF when
// every line of old ends in CRLF and content has no carriage return, else content as it
// is (nil stays nil). A file git checked out with CRLF line endings keeps them.
func InEndingsOf(old, content []byte) []byte {
	if content == nil || !CRLF(old) || bytes.IndexByte(content, '\r') >= 0 {
		return content
	}
	return bytes.ReplaceAll(content, []byte("\n"), []byte("\r\n"))
}
