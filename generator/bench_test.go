package generator_test

import (
	"path/filepath"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
)

// BenchmarkRender renders the gin-default golden case (all features) in memory, each time
// as a process's first render ("first"), and again in a process that has rendered it
// before ("again": every Go file's formatting is remembered).
func BenchmarkRender(b *testing.B) {
	dir := filepath.Join(goldenRoot, "gin-default")
	b.Run("first", func(b *testing.B) {
		generator.FormatWithoutMemo(b)
		b.ReportAllocs()
		for b.Loop() {
			renderCase(b, dir)
		}
	})
	b.Run("again", func(b *testing.B) {
		renderCase(b, dir)
		b.ReportAllocs()
		for b.Loop() {
			renderCase(b, dir)
		}
	})
}
