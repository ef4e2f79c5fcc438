//go:build !unix

package generator

import "errors"

// LockDir locks nothing where flock is not there.
func LockDir(string) (func(), error) { return func() {}, nil }

// errBusy is never returned where flock is not there.
var errBusy = errors.New("locked by another process")

// flockDir locks nothing where flock is not there: locked is false.
func flockDir(string) (unlock func(), locked bool, err error) { return func() {}, false, nil }
