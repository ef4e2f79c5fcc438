// Package lib greets.
package lib

// Greeting returns the greeting for name.
func Greeting(name string) string { return "hello, " + name }
