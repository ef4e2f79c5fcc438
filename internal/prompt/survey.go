package prompt

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/terminal"
)

// FileReader is a terminal input: an *os.File or the tty end of a pseudo-terminal.
type FileReader interface {
	io.Reader
	Fd() uintptr
}

// FileWriter is a terminal output.
type FileWriter interface {
	io.Writer
	Fd() uintptr
}

// Survey is a Prompter on a real terminal, built on github.com/AlecAivazis/survey/v2.
// Its input must be a terminal: survey puts it in raw mode, so Ctrl-C arrives as a key and
// is reported as ErrAborted.
type Survey struct {
	in  FileReader
	out FileWriter
	err io.Writer
}

var _ Prompter = (*Survey)(nil)

// NewSurvey returns a Prompter that reads keys from in and draws questions on out.
func NewSurvey(in FileReader, out FileWriter, errOut io.Writer) *Survey {
	return &Survey{in: in, out: out, err: errOut}
}

// Input implements Prompter.
func (s *Survey) Input(question, def string, validate func(string) error) (string, error) {
	var ans string
	var opts []survey.AskOpt
	if validate != nil {
		opts = append(opts, survey.WithValidator(func(v any) error {
			str, _ := v.(string)
			return validate(str)
		}))
	}
	err := s.ask(&survey.Input{Message: question, Default: def}, &ans, opts...)
	return ans, err
}

// Select implements Prompter. '?' shows every option's Detail.
func (s *Survey) Select(question string, options []Option, def string) (string, error) {
	p := &survey.Select{
		Message:     question,
		Options:     values(options),
		Description: description(options),
		Help:        help(options),
	}
	if slices.ContainsFunc(options, func(o Option) bool { return o.Value == def }) {
		p.Default = def
	}
	var ans string
	err := s.ask(p, &ans, survey.WithPageSize(len(options)))
	return ans, err
}

// MultiSelect implements Prompter. '?' shows every option's Detail.
func (s *Survey) MultiSelect(question string, options []Option, defs []string) ([]string, error) {
	var checked []string
	for _, d := range defs {
		if slices.ContainsFunc(options, func(o Option) bool { return o.Value == d }) {
			checked = append(checked, d)
		}
	}
	p := &survey.MultiSelect{
		Message:     question,
		Options:     values(options),
		Description: description(options),
		Help:        help(options),
		Default:     checked,
	}
	var ans []string
	if err := s.ask(p, &ans, survey.WithPageSize(len(options))); err != nil {
		return nil, err
	}
	// Answer in the order of options, whatever order the keys were pressed in.
	var out []string
	for _, o := range options {
		if slices.Contains(ans, o.Value) {
			out = append(out, o.Value)
		}
	}
	return out, nil
}

// Confirm implements Prompter.
func (s *Survey) Confirm(question string, def bool) (bool, error) {
	var ans bool
	err := s.ask(&survey.Confirm{Message: question, Default: def}, &ans)
	return ans, err
}

func (s *Survey) ask(p survey.Prompt, resp any, opts ...survey.AskOpt) error {
	opts = append(opts, survey.WithStdio(s.in, s.out, s.err))
	err := survey.AskOne(p, resp, opts...)
	if errors.Is(err, terminal.InterruptErr) || errors.Is(err, io.EOF) {
		return ErrAborted
	}
	if err != nil {
		return fmt.Errorf("prompt: %w", err)
	}
	return nil
}

func values(options []Option) []string {
	out := make([]string, len(options))
	for i, o := range options {
		out[i] = o.Value
	}
	return out
}

func description(options []Option) func(string, int) string {
	return func(_ string, i int) string {
		if i < 0 || i >= len(options) {
			return ""
		}
		return options[i].Help
	}
}

// help is the text shown on '?': every option with its Detail.
func help(options []Option) string {
	var detailed bool
	for _, o := range options {
		detailed = detailed || o.Detail != ""
	}
	if !detailed {
		return ""
	}
	var b strings.Builder
	b.WriteString("Options:")
	for _, o := range options {
		d := o.Detail
		if d == "" {
			d = o.Help
		}
		b.WriteString("\n  " + o.Value)
		if d != "" {
			b.WriteString(": " + d)
		}
	}
	return b.String()
}
