package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CheckPath reports why rel (slash-separated, relative to a project's root) is a path
// gonew-prod must never write, whoever asks: not a clean relative path, a name that is
// not valid UTF-8 or holds a control character (a plan line that looks like two), a path
// into git's repository (an element named .git in any letter case, or one that a
// case-insensitive or NTFS file system reads as .git), into a staging directory of
// gonew-prod's own writes, or with an element longer than a file system takes for a
// name (MaxName bytes), which no write could create. Plan and Write refuse such a path
// whatever its source; a render refuses it naming the template.
func CheckPath(rel string) error {
	if !utf8.ValidString(rel) {
		return fmt.Errorf("%q is not valid UTF-8", rel)
	}
	if r, bad := controlRune(rel); bad {
		return fmt.Errorf("%q holds the control character %U, which no file name of a project may hold", rel, r)
	}
	if !fs.ValidPath(rel) || rel == "." || strings.Contains(rel, "\\") {
		return fmt.Errorf("%q is not a clean relative path", rel)
	}
	for _, elem := range strings.Split(rel, "/") {
		switch {
		case elem == ".git":
			return fmt.Errorf("%s is inside git's repository, which gonew-prod never writes", rel)
		case isDotGit(elem):
			return fmt.Errorf("%s is inside git's repository (%q is read as .git), which gonew-prod never writes", rel, elem)
		case strings.HasPrefix(strings.ToLower(elem), stagePrefix):
			return fmt.Errorf("%s is inside a directory named like gonew-prod's staging directories (%s*), which gonew-prod never writes", rel, stagePrefix)
		case len(elem) > MaxName:
			return fmt.Errorf("%s has a name of %d bytes, longer than the %d bytes a file system (Linux, macOS, Windows) takes for the name of a file or directory; shorten it", rel, len(elem), MaxName)
		}
	}
	return nil
}

// MaxName is the length in bytes of the longest file or directory name CheckPath lets
// through: NAME_MAX of Linux's file systems and of macOS's (APFS counts 255 UTF-8 bytes),
// and within the 255 UTF-16 units of Windows'.
const MaxName = 255

// controlRune returns the first control character of s: C0, DEL, C1, the bidirectional
// controls and the line and paragraph separators, any of which makes a name print as
// something else.
func controlRune(s string) (rune, bool) {
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' {
			return r, true
		}
	}
	return 0, false
}

// isDotGit reports whether a path element names git's repository directory as git itself
// would read it: .git in any letter case, with the trailing dots and spaces Windows drops,
// with the characters HFS+ ignores, or as its NTFS short name git~1.
func isDotGit(elem string) bool {
	e := strings.Map(func(r rune) rune {
		if hfsIgnored(r) {
			return -1
		}
		return r
	}, elem)
	e = strings.TrimRight(e, ". ")
	return strings.EqualFold(e, ".git") || strings.EqualFold(e, "git~1")
}

// hfsIgnored reports whether HFS+ leaves r out when it compares names (the zero-width
// and direction characters git's own path checks list).
func hfsIgnored(r rune) bool {
	return r >= 0x200c && r <= 0x200f || r >= 0x202a && r <= 0x202e || r >= 0x206a && r <= 0x206f || r == 0xfeff
}

// CaseTwin returns the path of what tree holds that differs from rel only in letter
// case: rel itself or a directory on the way to it, as far as tree has the way; "" when
// it holds none. On a case-insensitive file system (macOS, Windows) the two are one, so
// a checkout there holds one content for two paths: update refuses to create such a
// file, and new --force too.
func CaseTwin(tree fs.FS, rel string) (string, error) {
	dir := "."
	for _, part := range strings.Split(rel, "/") {
		entries, err := fs.ReadDir(tree, dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "", nil
		case err != nil:
			return "", planError(rel, dir, true, err)
		}
		exact, twin := false, ""
		for _, e := range entries {
			switch {
			case e.Name() == part && !e.IsDir():
				// A file on the way (one a new version turns into a directory): no
				// twin below it.
				return "", nil
			case e.Name() == part:
				exact = true
			case strings.EqualFold(e.Name(), part):
				twin = e.Name()
			}
		}
		switch {
		case exact: // a directory the tree has: a twin of it is no new clash
			dir = path.Join(dir, part)
		case twin != "":
			return path.Join(dir, twin), nil
		default:
			return "", nil
		}
	}
	return "", nil
}

// DirCaseTwins returns the directories on the way to the paths a and b (slash-separated)
// that differ only in letter case, K8S of K8S/extra.yaml and k8s of k8s/deployment.yaml,
// or "", "" when the two share every directory they both have in the same spelling. A
// case-insensitive file system (macOS, Windows) holds one directory for both, so the
// files of one land in the other.
func DirCaseTwins(a, b string) (string, string) {
	ea, eb := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(ea)-1 && i < len(eb)-1; i++ {
		switch {
		case ea[i] == eb[i]:
			continue
		case strings.EqualFold(ea[i], eb[i]):
			return strings.Join(ea[:i+1], "/"), strings.Join(eb[:i+1], "/")
		}
		break
	}
	return "", ""
}
