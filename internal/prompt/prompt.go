// Package prompt defines how gonew-prod asks the user questions. Commands depend only on
// the Prompter interface, so the terminal library behind it can change without touching
// them, and tests pass a fake.
package prompt

// Option is one choice of a Select or MultiSelect question.
type Option struct {
	Value string // what the answer records
	Help  string // one line shown beside it
}

// Prompter asks questions on an interactive terminal. Every method returns ErrAborted
// when the user interrupts (Ctrl-C).
type Prompter interface {
	// Input asks for a line of text; validate runs on every answer, and an answer it
	// rejects is asked again with the reason.
	Input(question, def string, validate func(string) error) (string, error)
	// Select asks for one of options.
	Select(question string, options []Option, def string) (string, error)
	// MultiSelect asks for any number of options; defs are checked at first.
	MultiSelect(question string, options []Option, defs []string) ([]string, error)
	// Confirm asks a yes/no question.
	Confirm(question string, def bool) (bool, error)
}
