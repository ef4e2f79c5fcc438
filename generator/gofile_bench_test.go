package generator

import "testing"

// BenchmarkFormatGo formats the Go files of the gin-default render one after the other,
// with formatGo and with the reference pipeline (parse, prune, imports.Process) it must
// match. The unchanged, reprinted and full metrics count the files per route.
func BenchmarkFormatGo(b *testing.B) {
	sources := renderGoSources(b, goldenAnswers(b, "gin-default"))
	b.Run("formatGo", func(b *testing.B) {
		b.ReportAllocs()
		var routes [routeFull + 1]int
		for b.Loop() {
			routes = [routeFull + 1]int{}
			for _, s := range sources {
				_, route, err := formatGoRoute(s.template, s.src)
				if err != nil {
					b.Fatal(err)
				}
				routes[route]++
			}
		}
		b.ReportMetric(float64(routes[routeUnchanged]), "unchanged")
		b.ReportMetric(float64(routes[routeReprinted]), "reprinted")
		b.ReportMetric(float64(routes[routeFull]), "full")
	})
	b.Run("reference", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, s := range sources {
				if _, err := formatGoReference(s.template, s.src); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
