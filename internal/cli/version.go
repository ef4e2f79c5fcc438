package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/buildinfo"
)

func newVersionCmd(env Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and build time of gonew-prod",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			bi := buildinfo.Get()
			fmt.Fprintf(env.Stdout, "gonew-prod %s\ncommit:     %s\nbuilt:      %s\ngo:         %s\ntemplates:  %s\n",
				bi.Version, bi.Commit, bi.BuildTime, bi.GoVersion, generator.Version)
			return nil
		},
	}
}
