package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gonew-prod/gonew-prod/internal/buildinfo"
	"github.com/gonew-prod/gonew-prod/internal/builtin"
)

func newVersionCmd(env Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and build time of gonew-prod and the hash of its templates",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			bi := buildinfo.Get()
			hash, err := builtin.Hash()
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "gonew-prod %s\nmodule:     %s\ncommit:     %s\nbuilt:      %s\ngo:         %s\ntemplates:  %s\n",
				bi.Version, bi.ModuleVersion, bi.Commit, bi.BuildTime, bi.GoVersion, hash)
			return nil
		},
	}
}
