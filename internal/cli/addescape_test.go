package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/update"
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

// TestPrintPlanStepsEscapes: update's plan (update --dry-run, --check) prints the diffs
// of its steps, which hold the user's bytes, and their reasons, with control,
// bidirectional and line-separating characters escaped, tabs and line breaks kept.
func TestPrintPlanStepsEscapes(t *testing.T) {
	ours := []byte("build:\n\t@echo \x1b[2J\u202e\u2028\n")
	tests := []struct {
		name string
		step update.Step
	}{
		{"update", update.Step{Path: "Makefile", Action: update.Update, Reason: "template changed", Ours: ours, Result: []byte("build:\n\tgo build ./...\n")}},
		{"delete", update.Step{Path: "Makefile", Action: update.Delete, Reason: "gone", Ours: ours}},
		{"theirs copy", update.Step{Path: "Makefile", Action: update.Conflict, Reason: "edited", Ours: ours, Theirs: []byte("x\n"), TheirsCopy: "Makefile.gonew-prod"}},
		{"reason", update.Step{Path: "Makefile", Action: update.Update, Reason: "line \x1b[31m", Ours: []byte("a\n"), Result: []byte("b\n")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			printPlanSteps(Env{Stdout: &stdout, Stderr: &stderr}, &update.Plan{Steps: []update.Step{tt.step}}, true, "pending")
			out := stdout.String()
			if strings.ContainsAny(out, "\x1b\u202e\u2028") {
				t.Errorf("the plan prints a raw control character:\n%q", out)
			}
			if !strings.Contains(out, `\x1b`) {
				t.Errorf("the plan does not show the escape escaped:\n%s", out)
			}
			if tt.name != "reason" && !strings.Contains(out, "    \t@echo") && !strings.Contains(out, "    -\t@echo") {
				t.Errorf("the plan's diff lost its tabs:\n%q", out)
			}
		})
	}
}
