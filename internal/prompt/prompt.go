// Package prompt defines how gonew-prod asks the user questions. Commands depend only on
// the Prompter interface, so the terminal library behind it can change without touching
// them, and tests pass a fake. Survey is the implementation used on a real terminal.
package prompt

import "errors"

// ErrAborted is returned by every Prompter method when the user interrupts a question
// (Ctrl-C) or the terminal's input ends.
var ErrAborted = errors.New("prompt aborted")

// Option is one choice of a Select or MultiSelect question.
type Option struct {
	Value  string // what the answer records
	Help   string // one line shown beside it
	Detail string // a longer explanation, shown on request ('?'); Help when empty
}

// Prompter asks questions on an interactive terminal. Every method returns ErrAborted
// when the user interrupts (Ctrl-C).
type Prompter interface {
	// Input asks for a line of text; validate runs on every answer, and an answer it
	// rejects is asked again with the reason. An empty answer means def.
	Input(question, def string, validate func(string) error) (string, error)
	// Select asks for one of options.
	Select(question string, options []Option, def string) (string, error)
	// MultiSelect asks for any number of options; defs are checked at first. The
	// answer lists the chosen values in the order of options.
	MultiSelect(question string, options []Option, defs []string) ([]string, error)
	// Confirm asks a yes/no question.
	Confirm(question string, def bool) (bool, error)
}
