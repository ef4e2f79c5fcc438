package e2e_test

import (
	"fmt"
	"os"
	"testing"
)

// binDir holds the binaries built once for the whole package (see gonewProd).
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gonew-prod-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
