package audit

import (
	"strings"
	"testing"
)

// TestShellQuotesHereDocEnd checks that a here-document of a Task or just script
// ends, for shellQuotes, on the line sh ends it on: its word whole, after the
// leading tabs <<- strips (and no other blanks), so that a $ on the lines before
// that one is text of the here-document, not a word the shell expands.
func TestShellQuotesHereDocEnd(t *testing.T) {
	tests := []struct {
		name, text string
		outside    bool // whether the $ of $X stands outside the here-document
	}{
		{name: "<<EOF ended by EOF", text: "cat <<EOF\nhi\nEOF\necho $X\n", outside: true},
		{name: "a line of blanks and EOF ends no <<EOF", text: "cat <<EOF\n  EOF\necho $X\nEOF\n", outside: false},
		{name: "EOF and a blank ends no <<EOF", text: "cat <<EOF\nEOF \necho $X\nEOF\n", outside: false},
		{name: "a tab and EOF ends no <<EOF", text: "cat <<EOF\n\tEOF\necho $X\nEOF\n", outside: false},
		{name: "a tab and EOF ends <<-EOF", text: "cat <<-EOF\n\tEOF\necho $X\n", outside: true},
		{name: "blanks and EOF end no <<-EOF", text: "cat <<-EOF\n  EOF\necho $X\nEOF\n", outside: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			outside, _ := shellQuotes(tt.text)
			if got := outside[strings.Index(tt.text, "$X")]; got != tt.outside {
				t.Errorf("shellQuotes(%q): $X outside = %v, want %v", tt.text, got, tt.outside)
			}
		})
	}
}
