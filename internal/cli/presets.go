package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/preset"
)

func newPresetsCmd(env Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "presets",
		Short: "List, show and validate preset packs",
		Long: `A preset pack is a directory with a preset.yaml (name, description, extends, answers,
locked, module_prefix, goprivate, overlay, remove) and an overlay directory of templates.
Packs come from the built-ins, a directory, or a Go module (MODULE@VERSION[/subdir]).`,
	}
	cmd.AddCommand(
		&cobra.Command{
			Use:   "list",
			Short: "List the built-in presets",
			Args:  cobra.NoArgs,
			RunE: func(*cobra.Command, []string) error {
				names, err := preset.BuiltinNames()
				if err != nil {
					return err
				}
				for _, n := range names {
					p, err := preset.Builtin(n)
					if err != nil {
						return err
					}
					fmt.Fprintf(env.Stdout, "%-10s %s\n", p.Name, p.Description)
				}
				return nil
			},
		},
		&cobra.Command{
			Use:   "show NAME|PATH|MODULE@VERSION",
			Short: "Show a preset's resolved answers, locked keys and overlay files",
			Args:  cobra.ExactArgs(1),
			RunE: func(c *cobra.Command, args []string) error {
				p, err := loadPreset(c.Context(), env, args[0])
				if err != nil {
					return err
				}
				showPack(env, p)
				return nil
			},
		},
		&cobra.Command{
			Use:   "validate PATH",
			Short: "Check a pack: its schema, then render every template with the pack's answers",
			Args:  cobra.ExactArgs(1),
			RunE: func(c *cobra.Command, args []string) error {
				return validatePack(c.Context(), env, args[0])
			},
		},
	)
	return cmd
}

func showPack(env Env, p preset.Pack) {
	out := env.Stdout
	fmt.Fprintf(out, "name:          %s\n", p.Name)
	fmt.Fprintf(out, "description:   %s\n", p.Description)
	source := p.Source
	if p.Version != "" && !strings.Contains(source, p.Version) {
		source += " (" + p.Version + ")"
	}
	fmt.Fprintf(out, "source:        %s\n", source)
	fmt.Fprintf(out, "extends:       %s\n", strings.Join(p.Chain, " -> "))
	if p.ModulePrefix != "" {
		lock := ""
		if p.ModulePrefixLocked {
			lock = " (locked)"
		}
		fmt.Fprintf(out, "module_prefix: %s%s\n", p.ModulePrefix, lock)
	}
	if p.GoPrivate != "" {
		fmt.Fprintf(out, "goprivate:     %s\n", p.GoPrivate)
	}
	fmt.Fprintln(out, "answers:")
	for _, k := range answers.Keys() {
		v, ok := p.Answers.Values[k]
		if !ok {
			continue
		}
		lock := ""
		if slices.Contains(p.Answers.Locked, k) {
			lock = "  (locked)"
		}
		raw := fmt.Sprint(v.Raw)
		if list, ok := v.Raw.([]string); ok {
			raw = "[" + strings.Join(list, ", ") + "]"
		}
		fmt.Fprintf(out, "  %-11s %s%s\n", k+":", raw, lock)
	}
	if len(p.Remove) > 0 {
		fmt.Fprintf(out, "remove:        %s\n", strings.Join(p.Remove, ", "))
	}
	fmt.Fprintln(out, "overlay:")
	for _, f := range p.OverlayFiles() {
		fmt.Fprintf(out, "  %s\n", f)
	}
}

// validatePack loads the pack at ref and renders the whole project with its answers and
// overlay. Its verdict is the command's result, so an invalid pack exits 1 (not 2, which
// would mean the command itself was misused): problems are reported as plain errors.
func validatePack(ctx context.Context, env Env, ref string) error {
	invalid := func(err error) error { return errors.New("invalid pack: " + err.Error()) }
	p, err := loadPreset(ctx, env, ref)
	if err != nil {
		return invalid(err)
	}
	module := "example.com/preset-check/service"
	if p.ModulePrefix != "" {
		module = strings.TrimSuffix(p.ModulePrefix, "/") + "/service"
	}
	flags := answers.Layer{Source: answers.FromFlag, Name: "validate"}
	flags.Set(answers.KeyModule, module, "presets validate")
	a, _, err := answers.Resolve(p.Answers, flags)
	if err != nil {
		return invalid(err)
	}
	files, err := preset.Render(a, p)
	if err != nil {
		return invalid(err)
	}
	fmt.Fprintf(env.Stdout, "preset %s is valid: %d overlay template(s), %d files rendered with its answers\n", p.Name, len(p.Overlay), len(files))
	return nil
}
