//go:build !linux

// Command service benchmarks the rendered golden services; it needs Linux (/proc, process
// groups, parent-death signals).
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "bench/service runs on Linux only")
	os.Exit(2)
}
