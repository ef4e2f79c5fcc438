package cli

import (
	"slices"
	"testing"

	"github.com/spf13/cobra"
)

// TestCommandLine checks the command line a message tells to run again from another
// directory: every flag given but --dir, by its long name and with its value (a slice
// flag once per element), then the arguments; parsed again, it sets the same flags.
func TestCommandLine(t *testing.T) {
	tests := []struct {
		name string
		cmd  func(Env) *cobra.Command
		args []string
		want []string
	}{
		{"add", newAddCmd, []string{"--dir", "svc", "-y", "--ci", "gitlab", "--recreate", "a,b", "--allow-go-bump", "ci", "docker"},
			[]string{"add", "--allow-go-bump", "--ci=gitlab", "--recreate=a", "--recreate=b", "--yes", "ci", "docker"}},
		{"add, a flag set false", newAddCmd, []string{"--wire=false", "--main=./cmd/api"}, []string{"add", "--main=./cmd/api", "--wire=false"}},
		{"update", newUpdateCmd, []string{"--to", "latest", "--no-verify", "--render-timeout", "90s", "--verify-cmd", "make test", "--preset", "./p", "--dir=x"},
			[]string{"update", "--no-verify", "--preset=./p", "--render-timeout=1m30s", "--to=latest", "--verify-cmd=make test"}},
		{"bare update", newUpdateCmd, nil, []string{"update"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.cmd(Env{})
			if err := c.ParseFlags(tt.args); err != nil {
				t.Fatal(err)
			}
			got := commandLine(c, c.Flags().Args())
			if !slices.Equal(got, tt.want) {
				t.Fatalf("commandLine = %q, want %q", got, tt.want)
			}
			again := tt.cmd(Env{})
			if err := again.ParseFlags(got[1:]); err != nil {
				t.Fatalf("parse %q: %v", got, err)
			}
			if back := commandLine(again, again.Flags().Args()); !slices.Equal(back, got) {
				t.Errorf("parsed again: %q, want %q", back, got)
			}
		})
	}
}
