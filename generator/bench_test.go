package generator_test

import (
	"path/filepath"
	"testing"
)

// BenchmarkRender renders the gin-default golden case (all features) in memory.
func BenchmarkRender(b *testing.B) {
	dir := filepath.Join(goldenRoot, "gin-default")
	b.ReportAllocs()
	for b.Loop() {
		renderCase(b, dir)
	}
}
