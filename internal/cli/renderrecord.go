package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/buildinfo"
	"github.com/gonew-prod/gonew-prod/internal/retrofit"
)

// newRenderRecordCmd is `gonew-prod render-add-record` (retrofit.RenderCommand), hidden:
// an internal interface between versions of gonew-prod, not a command for users. update,
// for a repository retrofitted by add whose recorded (or target) version is not its own,
// fetches that version and runs this command in it to learn what that version's add
// wrote (retrofit.RenderRecorded). Its arguments and its JSON output (format 1, see
// retrofit.EncodeRender) stay as they are in every later version.
func newRenderRecordCmd(env Env) *cobra.Command {
	var dir, record string
	var format int
	cmd := &cobra.Command{
		Use:    retrofit.RenderCommand,
		Short:  "Print what gonew-prod add of this version wrote for a record, as JSON (an interface between versions of gonew-prod)",
		Args:   cobra.NoArgs,
		Hidden: true,
		RunE: func(c *cobra.Command, _ []string) error {
			version := buildinfo.Get().ModuleVersion
			switch {
			case format != retrofit.RenderFormat:
				return usagef("--format %d: this gonew-prod prints format %d", format, retrofit.RenderFormat)
			case dir == "" || record == "":
				return usagef("--dir and --record are required")
			}
			data, err := generator.ReadRegular(os.DirFS(filepath.Dir(record)), filepath.Base(record), generator.MaxRecordSize)
			if err != nil {
				return usageError{fmt.Errorf("--record %s: %w", record, err)}
			}
			rec, err := generator.ParseRecord(record, data)
			switch {
			case err != nil:
				return usageError{err}
			case len(rec.Components) == 0:
				return usagef("%s lists no components: it is not a record of gonew-prod add", record)
			case rec.Generator.Version != version:
				return usageError{errors.New(record + " is of gonew-prod " + rec.Generator.Version + ", not of this gonew-prod " + version + ": only that version renders what its add wrote")}
			}
			r, err := retrofit.RenderRecorded(c.Context(), rec, version, retrofit.TreeReader(dir))
			if err != nil {
				return err
			}
			out, err := retrofit.EncodeRender(r)
			if err != nil {
				return err
			}
			_, err = env.Stdout.Write(append(out, '\n'))
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&dir, "dir", "", "the directory holding the files at the record's block paths (read only)")
	f.StringVar(&record, "record", "", "the record (.gonew-prod.yaml) to render")
	f.IntVar(&format, "format", retrofit.RenderFormat, "the format of the output")
	return cmd
}
