package audit

import "testing"

// TestLDFlagsReplacedByALaterOne: the go command keeps only the last -ldflags of a
// build, so the -X settings of an earlier one never reach the linker (FAIL, naming
// them and the -ldflags that replaces them).
func TestLDFlagsReplacedByALaterOne(t *testing.T) {
	withMake := func(build string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			"Makefile": "LDFLAGS := -X main.version=1.0 -X main.commit=abc\nbuild:\n\t" + build + "\n"}
	}
	runCheckCases(t, []checkCase{
		{name: "the -X flags, then -s -w", files: withMake(`go build -ldflags "$(LDFLAGS)" -ldflags "-s -w" -o bin/svc .`), check: "ldflags", want: Fail,
			message: `the Makefile build (Makefile:3) passes -ldflags more than once: the go command keeps only the last one (-ldflags "-s -w"), so -X main.version, -X main.commit of an earlier -ldflags never reach the linker`},
		{name: "the version, then the commit", files: withMake(`go build -ldflags="-X main.version=1" -ldflags="-X main.commit=abc" -o bin/svc .`), check: "ldflags", want: Fail,
			message: "so -X main.version of an earlier -ldflags never reach the linker"},
		{name: "-s -w, then the -X flags", files: withMake(`go build -ldflags "-s -w" -ldflags "$(LDFLAGS)" -o bin/svc .`), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "the same -X flags twice", files: withMake(`go build -ldflags "$(LDFLAGS)" -ldflags "-s -w $(LDFLAGS)" -o bin/svc .`), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
	})
}
