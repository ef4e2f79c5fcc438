//go:build !unix

package generator

// LockDir locks nothing where flock is not there.
func LockDir(string) (func(), error) { return func() {}, nil }

// TryLockDir locks nothing where flock is not there: locked is false.
func TryLockDir(string) (unlock func(), locked bool, err error) { return func() {}, false, nil }
