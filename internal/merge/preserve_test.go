package merge

import (
	"strings"
	"testing"
)

func TestPreserves(t *testing.T) {
	const (
		open  = "<<<<<<< yours\n"
		base  = "||||||| gonew-prod v0.1.0\n"
		split = "=======\n"
		close = ">>>>>>> gonew-prod v0.2.0\n"
	)
	tests := []struct {
		name               string
		base, ours, result string
		wantErr            string // "" when the result must be accepted
	}{
		{"result is ours", "a\nb\n", "a\nB\nX\n", "a\nB\nX\n", ""},
		{"no change of the user", "a\nb\n", "a\nb\n", "", ""},
		{"theirs' change merged", "a\nb\nc\n", "A\nb\nc\n", "A\nb\nC\nD\n", ""},
		{"base lines deleted by theirs", "a\nb\nc\n", "a\nb\nc\nX\n", "X\n", ""},
		{"user line in the ours section", "a\nb\n", "a\nB\n", "a\n" + open + "B\n" + base + "b\n" + split + "T\n" + close, ""},
		{"ours section gained a newline", "a\nb", "a\nB", "a\n" + open + "B\n" + base + "b\n" + split + "T\n" + close, ""},
		{"CRLF block", "a\r\nb\r\n", "a\r\nB\r\n", "a\r\n<<<<<<< yours\r\nB\r\n||||||| base\r\nb\r\n=======\r\nT\r\n>>>>>>> theirs\r\n", ""},
		{"marker-like text outside a block", "a\n", "a\n=======\n", "a\n=======\n", ""},
		{"last line without a newline gained one to put lines after it", "a\n", "a\nX", "a\nX\nT\n", ""},
		{"separator line of the user's in the ours section", "", "Support\n=======\n\nours\n", open + "Support\n=======\n\nours\n" + base + split + "Support\n=======\n\ntheirs\n" + close, ""},
		{"base marker line of the user's in the ours section", "", "Title\n|||||||\nours\n", open + "Title\n|||||||\nours\n" + base + split + "theirs\n" + close, ""},
		{"labelled base marker line of the user's in the ours section", "a\n", "a\n||||||| table\nB\n", "a\n" + open + "||||||| table\nB\n" + base + split + "T\n" + close, ""},
		{"base marker line in the base section", "|||||||\n", "A\n", open + "A\n" + base + "|||||||\n" + split + "T\n" + close, ""},
		{"separator line of the user's kept in a clean merge", "a\n", "Title\n=======\na\n", "Title\n=======\na\nT\n", ""},

		{"user line dropped", "a\nb\nc\n", "a\nB\nc\n", "a\nb\nc\n", "lost line 2 of yours (\"B\")"},
		{"added lines dropped", "a\n", "a\nX\nY\n", "a\nX\n", "lost lines 2-3 of yours (\"X\")"},
		{"user changes out of order", "a\nb\nc\n", "A\nb\nC\n", "C\nb\nA\n", "lost line 3 of yours (\"C\")"},
		{"user run split", "a\n", "a\nX\nY\n", "a\nX\nT\nY\n", "lost lines 2-3 of yours"},
		{"user line only in theirs' section", "a\nb\n", "a\nB\n", "a\n" + open + "T\n" + base + "b\n" + split + "B\n" + close, "lost line 2 of yours"},
		{"user line only in the base section", "a\nb\n", "a\nB\n", "a\n" + open + "T\n" + base + "B\n" + split + "T\n" + close, "lost line 2 of yours"},
		{"final newline removed by the user, put back", "a\nb\n", "a\nb", "a\nb\n", "lost line 2 of yours (\"b\")"},
		{"CRLF turned into LF", "a\r\n", "a\r\nb\r\n", "a\r\nb\n", "lost line 2 of yours"},
		{"unclosed block", "a\n", "a\nB\n", "a\n" + open + "B\n" + split, "line 2: conflict block is not closed"},
		{"user lines after a separator line of theirs only in theirs' section", "", "Support\n=======\n\nours\n", open + "Support\n" + base + split + "=======\n\nours\n" + close, "lost lines 1-4 of yours"},
		{"user line only after a base marker line in the base section", "A\n", "A\nB\n", open + "A\n" + base + "|||||||\nB\n" + split + "T\n" + close, "lost line 2 of yours"},
		{"user line only in theirs' section after a base marker line there", "A\n", "A\nB\n", open + "A\n" + base + "A\n" + split + "|||||||\nB\n" + split + "T\n" + close, "lost line 2 of yours"},
		{"separator line in a block without a base section", "a\n", "a\nB\n=======\nC\n", "a\n" + open + "B\n" + split + "C\n" + close, "lost lines 2-4 of yours"},
		{"nested block", "a\n", "a\nB\n", open + "B\n" + open + split + close, "line 3: conflict marker <<<<<<< inside the ours section of the block opened on line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Preserves([]byte(tt.base), []byte(tt.ours), []byte(tt.result))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Preserves() = %v, want nil", err)
			case tt.wantErr != "" && err == nil:
				t.Errorf("Preserves() = nil, want an error containing %q", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Errorf("Preserves() = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestKeepsLines(t *testing.T) {
	before := []byte("a\nb\nc")
	tests := []struct {
		name     string
		after    string
		replaced map[int]bool
		ok       bool
	}{
		{"appended", "a\nb\nc\n\nnew\n", nil, true},
		{"appended with CRLF", "a\nb\nc\r\n\r\nnew\r\n", nil, true},
		{"last line longer", "a\nb\ncc\n", nil, false},
		{"inserted", "a\nnew\nb\nc", nil, true},
		{"line lost", "a\nc\n", nil, false},
		{"line changed", "a\nB\nc", nil, false},
		{"reordered", "b\na\nc", nil, false},
		{"replaced line allowed", "a\n// b\nx\nc", map[int]bool{1: true}, true},
	}
	for _, tt := range tests {
		err := KeepsLines(before, []byte(tt.after), tt.replaced)
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}
