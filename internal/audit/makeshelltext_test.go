package audit

import (
	"slices"
	"strings"
	"testing"
)

// TestMakeShellTextReferences checks that a recipe line read as the shell reads it
// (makeShellText, then splitScript) keeps a Make reference left unexpanded ($(X),
// in double quotes, single quotes or none) as part of its word, running no command
// named X and opening no ( ) subshell, while a $$( written for the shell is a
// command substitution whose commands run.
func TestMakeShellTextReferences(t *testing.T) {
	tests := []struct {
		name, recipe string
		want         []string // the commands, each its words joined by blanks
	}{
		{name: "a reference as the command's name", recipe: "$(GOTEST) -race ./...", want: []string{"$(GOTEST) -race ./..."}},
		{name: "a reference among go test's words", recipe: "go test -race $(TESTFLAGS) ./...", want: []string{"go test -race $(TESTFLAGS) ./..."}},
		{name: "a reference in double quotes", recipe: `go test -race "$(TESTFLAGS)" ./...`, want: []string{"go test -race $(TESTFLAGS) ./..."}},
		{name: "a reference in single quotes", recipe: `echo '$(X)'`, want: []string{"echo $(X)"}},
		{name: "a reference in a subshell", recipe: "($(GOTEST) ./...) || exit 1", want: []string{"$(GOTEST) ./...", "exit 1"}},
		{name: "$$( is the shell's substitution", recipe: "go test -race -p $$(nproc) ./...", want: []string{"nproc", "go test -race -p $(nproc) ./..."}},
		{name: `"$$(...)" too`, recipe: `echo "$$(go env GOPATH)"`, want: []string{"go env GOPATH", "echo $(go env GOPATH)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range splitScript(makeShellText(tt.recipe)) {
				got = append(got, strings.Join(c.words, " "))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("splitScript(makeShellText(%q)) = %q, want %q", tt.recipe, got, tt.want)
			}
		})
	}
}
