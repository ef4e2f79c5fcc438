package generator

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// FormattedFile, at the root of a template tree, lists the Go templates that need no
// formatting: each renders the same text whatever the answers (it has no action but
// constant strings), and formatting leaves that text unchanged. Each line is the hex
// sha256 of a template's text, two spaces and the template's name; lines starting with #
// are comments. The renderer does not format a Go file whose template text has a listed
// hash, wherever the template comes from; the list saves nothing but time, and a tree
// without it is formatted in full.
const FormattedFile = "formatted.sha256"

// formattedSet holds the sha256 of the template texts listed in a FormattedFile.
type formattedSet map[[sha256.Size]byte]bool

// readFormatted reads the FormattedFile of fsys; a tree without one gives an empty set.
func readFormatted(fsys fs.FS) (formattedSet, error) {
	data, err := fs.ReadFile(fsys, FormattedFile)
	if errors.Is(err, fs.ErrNotExist) {
		return formattedSet{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", FormattedFile, err)
	}
	set := formattedSet{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		sum, name, ok := strings.Cut(line, "  ")
		var h [sha256.Size]byte
		if _, err := hex.Decode(h[:], []byte(sum)); !ok || err != nil || len(sum) != 2*sha256.Size || name == "" {
			return nil, fmt.Errorf("read %s: line %d: want a hex sha256, two spaces and a template name", FormattedFile, n)
		}
		set[h] = true
	}
	return set, sc.Err()
}

// has reports whether the template text is listed.
func (s formattedSet) has(text []byte) bool {
	return len(s) > 0 && s[sha256.Sum256(text)]
}
