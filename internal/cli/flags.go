package cli

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gonew-prod/gonew-prod/internal/answers"
)

// answerValue is the flag of one answers key: a string or a decimal integer.
type answerValue struct {
	key *answers.Key
	raw any
}

func (v *answerValue) String() string {
	if v.raw == nil {
		return ""
	}
	return v.key.Format(v.raw)
}

func (v *answerValue) Set(s string) error {
	if v.key.Kind == answers.Int {
		n, err := answers.ParseInt(s)
		if err != nil {
			return err
		}
		v.raw = n
		return nil
	}
	v.raw = s
	return nil
}

func (v *answerValue) Type() string {
	if v.key.Kind == answers.Int {
		return "int"
	}
	return "string"
}

// positiveDuration is a duration flag that refuses zero and negative values, which
// would otherwise mean no limit or an instant failure (--render-timeout).
type positiveDuration struct{ d *time.Duration }

func (v positiveDuration) String() string { return v.d.String() }

func (v positiveDuration) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return errors.New("want a positive duration, such as 30s or 2m")
	}
	*v.d = d
	return nil
}

func (v positiveDuration) Type() string { return "duration" }

// durationFlag defines a positiveDuration flag with default def.
func durationFlag(fs *pflag.FlagSet, p *time.Duration, name string, def time.Duration, usage string) {
	*p = def
	fs.Var(positiveDuration{p}, name, usage)
}

// addAnswerFlags defines a flag for every answers key that has one, as the registry
// declares it.
func addAnswerFlags(fs *pflag.FlagSet) {
	for _, k := range answers.Registry() {
		if k.Flag == "" {
			continue
		}
		v := &answerValue{key: k}
		if k.Default != nil {
			v.raw = k.Default()
		}
		help := k.Help
		if k.Options != nil {
			var vals []string
			for _, o := range k.Options() {
				vals = append(vals, o.Value)
			}
			help += ": " + strings.Join(vals, ", ")
		}
		fs.Var(v, k.Flag, help)
	}
}

// flagLayer returns the answers given as flags on the command line.
func flagLayer(fs *pflag.FlagSet) answers.Layer {
	l := answers.Layer{Source: answers.FromFlag, Name: "flags"}
	fs.Visit(func(f *pflag.Flag) {
		if v, ok := f.Value.(*answerValue); ok {
			l.Set(v.key.Name, v.raw, "--"+f.Name)
		}
	})
	return l
}

// showPresetDefaults makes the help of c's answer flags show the defaults of the preset
// that a run would use (ref, else $GONEW_PROD_PRESET, else the default), not the built-in
// ones, and names that preset. When it cannot be loaded the built-in defaults stay.
func showPresetDefaults(env Env, c *cobra.Command, ref string) {
	ctx := c.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	pack, err := loadPreset(ctx, env, ref)
	if err != nil {
		return
	}
	seed := answers.Layer{Source: answers.FromDefault, Name: "help"}
	seed.Set(answers.KeyModule, seedModule, "help")
	a, _, err := pack.Resolve(seed)
	if err != nil {
		return
	}
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if v, ok := f.Value.(*answerValue); ok && v.key.Default != nil {
			f.DefValue = v.key.Format(v.key.Get(a))
		}
	})
	c.Long = strings.Replace(c.Long, "are the preset's.", "are those of preset "+printable(pack.Name)+".", 1)
}

// commandLine returns the command line c runs with (after "gonew-prod"), as a message
// that tells to run it again from another directory prints it: c's name, every flag set
// on the command line but --dir (which the message gives itself), by its long name and
// with the value it holds (a slice flag once per element, as repeating it appends), then
// args.
func commandLine(c *cobra.Command, args []string) []string {
	line := []string{c.Name()}
	c.Flags().Visit(func(f *pflag.Flag) {
		if f.Name == "dir" {
			return
		}
		switch v := f.Value.(type) {
		case pflag.SliceValue:
			for _, e := range v.GetSlice() {
				line = append(line, "--"+f.Name+"="+e)
			}
		default:
			if f.Value.Type() == "bool" && f.Value.String() == "true" {
				line = append(line, "--"+f.Name)
				return
			}
			line = append(line, "--"+f.Name+"="+f.Value.String())
		}
	})
	return append(line, slices.Clone(args)...)
}
