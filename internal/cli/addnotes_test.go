package cli

import (
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/retrofit"
)

// TestUnwiredNote: the note that advises the wiring without --wire prints its own line
// breaks and tabs, the code on lines of their own behind a tab, while the control and
// bidirectional characters of the file's name and of its code are escaped, a line break
// of the name too (no line of the name's own), a carriage return ending a line of the
// code (a CRLF checkout) dropped.
func TestUnwiredNote(t *testing.T) {
	const tail = "(or run add again with --wire, which does it and keeps the original as a comment)\n"
	tests := []struct {
		name string
		r    retrofit.Rewrite
		want string
	}{
		{"plain", retrofit.Rewrite{At: "main.go:9", Old: `http.ListenAndServe(":8080", mux)`, New: `prodServeThenExit(":8080", mux)`},
			"note: main.go:9: to serve through gonew-prod's shutdown, health and the rest, change\n\thttp.ListenAndServe(\":8080\", mux)\nto\n\tprodServeThenExit(\":8080\", mux)\n" + tail},
		{"a name with a line break and an escape sequence", retrofit.Rewrite{At: "ma\nnote: in\x1b[2K\u202e.go:9", Old: "r.Run()", New: "prodServe(r)"},
			`note: ma\x0anote: in\x1b[2K\u202e.go:9: to serve through gonew-prod's shutdown, health and the rest, change` + "\n\tr.Run()\nto\n\tprodServe(r)\n" + tail},
		{"code over several lines", retrofit.Rewrite{At: "main.go:9", Old: "http.ListenAndServe(\r\n\t\":8080\", // \x1b[2K\u2066 \x07\r\n\tmux,\r\n)", New: "prodServeThenExit(\":8080\", mux)"},
			"note: main.go:9: to serve through gonew-prod's shutdown, health and the rest, change\n\thttp.ListenAndServe(\n\t\t\":8080\", // \\x1b[2K\\u2066 \\x07\n\t\tmux,\n\t)\nto\n\tprodServeThenExit(\":8080\", mux)\n" + tail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := unwiredNote(&tt.r); got != tt.want {
				t.Errorf("note:\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestAddUnwiredNote: add without --wire prints the note advising the change with its
// line structure, and the name of the file that serves, a line break or an escape
// sequence in it, escaped.
func TestAddUnwiredNote(t *testing.T) {
	const main = "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n)\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tlog.Fatal(http.ListenAndServe(\":8080\", mux))\n}\n"
	tests := []struct{ file, at string }{
		{"main.go", "main.go"},
		{"ma\x1b[2Kin.go", `ma\x1b[2Kin.go`},
		{"ma\nin.go", `ma\x0ain.go`},
	}
	for _, tt := range tests {
		t.Run(tt.at, func(t *testing.T) {
			dir := serviceRepo(t, map[string]string{"go.mod": goModule(), tt.file: main})
			r := run(t, dir, "add", "--dry-run", "shutdown")
			want := "note: " + tt.at + ":10: to serve through gonew-prod's shutdown, health and the rest, change\n\thttp.ListenAndServe(\":8080\", mux)\nto\n\tprodServeThenExit(\":8080\", mux)\n(or run add again"
			if r.code != ExitOK || !strings.Contains(r.stderr, want) || strings.ContainsAny(r.stderr, "\x1b") {
				t.Errorf("add --dry-run: exit %d, stderr\n%s\nwant 0 and the note\n%s", r.code, r.stderr, want)
			}
		})
	}
}

// TestAddWiredNote: add --wire prints the note that tells of the wired call with the
// line breaks of a call over several lines, the code on lines of their own behind a tab
// (the old note printed them as \x0a on one line), and the name of the file that serves,
// a line break or an escape sequence in it, escaped.
func TestAddWiredNote(t *testing.T) {
	const main = "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n)\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tlog.Fatal(http.ListenAndServe(\n\t\t\":8080\", // the port\n\t\tmux,\n\t))\n}\n"
	tests := []struct{ file, at string }{
		{"main.go", "main.go"},
		{"ma\x1b[2Kin.go", `ma\x1b[2Kin.go`},
		{"ma\nin.go", `ma\x0ain.go`},
	}
	for _, tt := range tests {
		t.Run(tt.at, func(t *testing.T) {
			dir := serviceRepo(t, map[string]string{"go.mod": goModule(), tt.file: main})
			r := run(t, dir, "add", "--dry-run", "--wire", "shutdown")
			want := "note: " + tt.at + ":10: wired:\n\thttp.ListenAndServe(\n\t\t\":8080\", // the port\n\t\tmux,\n\t)\nis now\n\tprodServeThenExit(\":8080\", mux)\n(the original stays as a comment)\n"
			if r.code != ExitOK || !strings.Contains(r.stderr, want) || strings.ContainsAny(r.stderr, "\x1b") {
				t.Errorf("add --dry-run --wire: exit %d, stderr\n%s\nwant 0 and the note\n%s", r.code, r.stderr, want)
			}
		})
	}
}
