package cli

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/gonew-prod/gonew-prod/generator"
)

// printPlan prints every step of a plan on stdout (class, the mode the file has
// afterwards, path, reason), each followed, when the step would change an existing file,
// by its unified diff, with the control characters of the contents escaped. A replaced
// file whose mode, kept, differs from the render's in what git records (whether it is
// executable) says so, and a replaced file with a backup names it (backups, by path, as
// generator.BackupNames gives them: the names the real run takes).
func printPlan(env Env, dir string, steps []generator.Step, backups map[string]string) {
	fmt.Fprintf(env.Stderr, "plan for %s (dry run, nothing written):\n", printable(dir))
	for _, s := range steps {
		mode := s.OldMode
		if s.File != nil {
			mode = newMode(s)
		}
		line := fmt.Sprintf("%-9s %04o %s", s.Class, mode, s.Path)
		reason := s.Reason
		if name, ok := backups[s.Path]; ok {
			reason = strings.TrimPrefix(reason+"; yours kept as "+name, "; ")
		}
		if s.File != nil && s.Exists() && !generator.SameMode(mode, s.File.Mode) {
			reason = strings.TrimPrefix(reason+fmt.Sprintf("; your file mode %04o kept (gonew-prod's is %04o)", mode, s.File.Mode), "; ")
		}
		if reason != "" {
			line += " (" + reason + ")"
		}
		fmt.Fprintln(env.Stdout, line)
		if s.Exists() && s.File != nil && string(s.Old) != string(s.File.Content) {
			diff := udiff.Unified("a/"+s.Path, "b/"+s.Path, string(s.Old), string(s.File.Content))
			fmt.Fprint(env.Stdout, indent(diff))
		}
	}
}

// indent indents every line of a diff, or of a command's output, by four spaces, so plan
// lines stand out, with its control characters but tabs and line breaks escaped
// (escapeControls): a diff or output holds the user's bytes.
func indent(diff string) string {
	if diff == "" {
		return ""
	}
	diff = escapeControls(diff, "\t\n")
	lines := strings.SplitAfter(strings.TrimSuffix(diff, "\n"), "\n")
	return "    " + strings.Join(lines, "    ") + "\n"
}

// codeLines returns code (a user's, or made from it) on lines of its own, each indented
// by a tab, so that no line of it reads as one of gonew-prod's: its line breaks are the
// only control characters it keeps besides tabs (a carriage return before one is
// dropped), the others escaped (escapeControls).
func codeLines(code string) string {
	var b strings.Builder
	for _, l := range strings.Split(code, "\n") {
		b.WriteString("\t" + escapeControls(strings.TrimSuffix(l, "\r"), "\t") + "\n")
	}
	return b.String()
}

// printable replaces terminal control characters in s (a value from an untrusted preset
// pack or path) with \xNN escapes, so printing it cannot drive the terminal.
func printable(s string) string { return escapeControls(s, "") }

// escapeControls replaces the control characters of s (C0, DEL and C1), except those in
// keep, and its bytes that are not UTF-8 (a C1 control to an 8-bit terminal), with \xNN
// escapes, and its bidirectional formatting characters (which reorder what the terminal
// shows, as in "Trojan Source") and line and paragraph separators (U+2028, U+2029: a line
// break to some terminals), as generator.CheckPath counts them, with \uNNNN escapes.
func escapeControls(s, keep string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "\\x%02x", s[0])
		case unicode.IsControl(r) && !strings.ContainsRune(keep, r): // all below 0x100
			fmt.Fprintf(&b, "\\x%02x", r)
		case unicode.Is(unicode.Bidi_Control, r), r == '\u2028', r == '\u2029':
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteString(s[:size])
		}
		s = s[size:]
	}
	return b.String()
}
