package cli

import (
	"strings"
	"testing"
)

// TestAddDryRunEscapesDiffs: add --dry-run prints the diff of a Makefile of the user's
// that holds an escape sequence, a bidirectional override or a line separator with
// those escaped (as update's plan does), its tabs and line breaks kept, so the file
// cannot drive the terminal.
func TestAddDryRunEscapesDiffs(t *testing.T) {
	tests := []struct{ name, line, want string }{
		{"escape sequence", "\t@echo \x1b[2Jcleared", `\x1b[2Jcleared`},
		{"bidirectional override", "\t@echo \u202eevil", `\u202eevil`},
		{"line separator", "\t@echo a\u2028b", `a\u2028b`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := serviceWith(t, map[string]string{"Makefile": "build:\n\tgo build ./...\n\nshow:\n" + tt.line + "\n"})
			r := run(t, dir, "add", "--dry-run", "makefile")
			if r.code != ExitOK {
				t.Fatalf("add --dry-run: exit %d: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, "a/Makefile") || !strings.Contains(r.stdout, "    \t@echo ") {
				t.Errorf("add --dry-run prints no diff of the Makefile, its tabs kept:\n%s", r.stdout)
			}
			if strings.ContainsAny(r.stdout+r.stderr, "\x1b\u202e\u2028") {
				t.Errorf("add --dry-run prints a raw control character:\n%q", r.stdout)
			}
			if !strings.Contains(r.stdout, tt.want) {
				t.Errorf("add --dry-run: stdout lacks %s:\n%s", tt.want, r.stdout)
			}
		})
	}
}

// TestEscapeControls: the control, bidirectional and line-separating characters
// generator.CheckPath refuses in a path are escaped, but for those kept.
func TestEscapeControls(t *testing.T) {
	tests := []struct{ in, keep, want string }{
		{"a\tb\nc", "\t\n", "a\tb\nc"},
		{"a\tb\nc", "", `a\x09b\x0ac`},
		{"\x1b[2J\x7f\u0085", "", `\x1b[2J\x7f\x85`},
		{"\u202e\u2066", "", `\u202e\u2066`},
		{"a\u2028b\u2029c", "\n", `a\u2028b\u2029c`},
		{"\xff", "", `\xff`},
		{"héllo", "", "héllo"},
	}
	for _, tt := range tests {
		if got := escapeControls(tt.in, tt.keep); got != tt.want {
			t.Errorf("escapeControls(%q, %q) = %q, want %q", tt.in, tt.keep, got, tt.want)
		}
	}
}
