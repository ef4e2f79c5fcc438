package generator

// FormatGo gives the external tests formatGo.
var FormatGo = formatGo

// FormatWithoutMemo makes renders format every Go file again until tb ends, as a process
// rendering for the first time does (BenchmarkRender measures that).
func FormatWithoutMemo(tb interface{ Cleanup(func()) }) {
	saved := formatFile
	formatFile = formatGo
	tb.Cleanup(func() { formatFile = saved })
}
