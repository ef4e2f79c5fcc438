package generator

import "testing"

// TestLineEndings checks how a tree's file compares with the record as git would commit
// it, and which line endings what replaces it gets.
func TestLineEndings(t *testing.T) {
	tests := []struct {
		name, old, recorded string
		unedited            bool
		replaced            string // InEndingsOf(old, "x\ny\n")
	}{
		{name: "same bytes", old: "a\nb\n", recorded: "a\nb\n", unedited: true, replaced: "x\ny\n"},
		{name: "CRLF checkout", old: "a\r\nb\r\n", recorded: "a\nb\n", unedited: true, replaced: "x\r\ny\r\n"},
		{name: "CRLF, no last newline", old: "a\r\nb", recorded: "a\nb", unedited: true, replaced: "x\r\ny\r\n"},
		{name: "mixed", old: "a\r\nb\n", recorded: "a\nb\n", replaced: "x\ny\n"},
		{name: "one CRLF line", old: "a\nb\r\nc\n", recorded: "a\nb\nc\n", replaced: "x\ny\n"},
		{name: "CRLF and an edit", old: "a\r\nB\r\n", recorded: "a\nb\n", replaced: "x\r\ny\r\n"},
		{name: "recorded with CRLF", old: "a\nb\n", recorded: "a\r\nb\r\n", replaced: "x\ny\n"},
		{name: "lone carriage return", old: "a\rb\r\n", recorded: "a\rb\n", replaced: "x\r\ny\r\n"},
		{name: "no newline at all", old: "a", recorded: "a\n", replaced: "x\ny\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := []byte(tt.old)
			if got := Unedited(old, Sum([]byte(tt.recorded))); got != tt.unedited {
				t.Errorf("Unedited = %v, want %v", got, tt.unedited)
			}
			if got := SameText(old, []byte(tt.recorded)); got != tt.unedited {
				t.Errorf("SameText = %v, want %v", got, tt.unedited)
			}
			if got := string(InEndingsOf(old, []byte("x\ny\n"))); got != tt.replaced {
				t.Errorf("InEndingsOf = %q, want %q", got, tt.replaced)
			}
		})
	}
	if got := InEndingsOf([]byte("a\r\n"), []byte("x\r\ny\n")); string(got) != "x\r\ny\n" {
		t.Errorf("InEndingsOf of content with a carriage return = %q, want it as it is", got)
	}
	if got := InEndingsOf([]byte("a\r\n"), nil); got != nil {
		t.Errorf("InEndingsOf(nil) = %q, want nil", got)
	}
}
