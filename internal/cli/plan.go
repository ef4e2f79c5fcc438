package cli

import (
	"fmt"
	"strings"
	"unicode"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/gonew-prod/gonew-prod/generator"
)

// printPlan prints every step of a plan on stdout (class, mode, path, reason), each
// followed, when the step would change an existing file, by its unified diff.
func printPlan(env Env, dir string, steps []generator.Step) {
	fmt.Fprintf(env.Stderr, "plan for %s (dry run, nothing written):\n", printable(dir))
	for _, s := range steps {
		mode := s.OldMode
		if s.File != nil {
			mode = s.File.Mode
		}
		line := fmt.Sprintf("%-9s %04o %s", s.Class, mode, s.Path)
		if s.Reason != "" {
			line += " (" + s.Reason + ")"
		}
		fmt.Fprintln(env.Stdout, line)
		if s.Exists() && s.File != nil && string(s.Old) != string(s.File.Content) {
			fmt.Fprint(env.Stdout, indent(udiff.Unified("a/"+s.Path, "b/"+s.Path, string(s.Old), string(s.File.Content))))
		}
	}
}

// indent indents every line of a diff by four spaces, so plan lines stand out.
func indent(diff string) string {
	if diff == "" {
		return ""
	}
	lines := strings.SplitAfter(strings.TrimSuffix(diff, "\n"), "\n")
	return "    " + strings.Join(lines, "    ") + "\n"
}

// printable replaces terminal control characters in s (a value from an untrusted preset
// pack or path) with \xNN escapes, so printing it cannot drive the terminal.
func printable(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) { // C0, DEL and C1: all below 0x100
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
