//go:build !unix

// Package dirlock takes advisory locks (flock) on directories where the system has
// them; elsewhere it locks nothing.
package dirlock

import "errors"

// ErrBusy is never returned where flock is not there.
var ErrBusy = errors.New("locked by another process")

// Try locks nothing where flock is not there: locked is false.
func Try(string) (unlock func(), locked bool, err error) { return func() {}, false, nil }
