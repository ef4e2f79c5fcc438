package audit

import (
	"strings"
	"testing"
)

// TestGitignoreMatch checks gitignore lines against paths, ** among them, and that
// many ** segments against a deep path are matched without trying every split.
func TestGitignoreMatch(t *testing.T) {
	deep := strings.Repeat("d/", 60) + "y"
	tests := []struct {
		line, rel string
		dir, want bool
	}{
		{line: "vendor", rel: "a/vendor", dir: true, want: true},
		{line: "vendor/", rel: "a/vendor", dir: false, want: false},
		{line: "/vendor", rel: "a/vendor", dir: true, want: false},
		{line: "**/vendor", rel: "a/b/vendor", dir: true, want: true},
		{line: "**/vendor", rel: "vendor", dir: true, want: true},
		{line: "a/**/b", rel: "a/b", want: true},
		{line: "a/**/b", rel: "a/x/y/b", want: true},
		{line: "a/**/b", rel: "a/x/y/c", want: false},
		{line: "a/**", rel: "a/x/y", want: true},
		{line: "a/*/b", rel: "a/x/y/b", want: false},
		{line: "a/a/b", rel: "a/a/b", want: true},
		{line: "a/**/**/b", rel: "a/b", want: true},
		{line: strings.Repeat("**/", 40) + "x", rel: deep, want: false},
		{line: strings.Repeat("**/", 40) + "y", rel: deep, want: true},
	}
	for _, tt := range tests {
		if _, got := gitignoreMatch(tt.line, tt.rel, tt.dir); got != tt.want {
			t.Errorf("gitignoreMatch(%.40q, %.40q, dir %v) = %v, want %v", tt.line, tt.rel, tt.dir, got, tt.want)
		}
	}
}
