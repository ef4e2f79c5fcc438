package audit

import "testing"

// TestLDFlagsLastXWins: the linker applies the -X settings of one -ldflags in order,
// the last one of a variable winning, so an empty -X after a good one leaves the
// version empty (WARN), and a good one after an empty one sets it (PASS).
func TestLDFlagsLastXWins(t *testing.T) {
	withMake := func(ldflags string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make build\n",
			"Makefile":                 "VERSION ?= 1.0\nCOMMIT ?= abc\nLDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT)\nbuild:\n\tgo build -ldflags \"" + ldflags + "\" -o bin/svc .\n"}
	}
	runCheckCases(t, []checkCase{
		{name: "the version and the commit", files: withMake("$(LDFLAGS)"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "a later -X of the version from a variable without value", files: withMake("$(LDFLAGS) -X main.version=$(RELEASE_TAG)"), check: "ldflags", want: Warn, message: "-X main.version="},
		{name: "a later empty -X of the version", files: withMake("$(LDFLAGS) -X main.version="), check: "ldflags", want: Warn, message: "-X main.version="},
		{name: "a later empty -X= of the commit", files: withMake("$(LDFLAGS) -X=main.commit="), check: "ldflags", want: Warn, message: "-X main.commit="},
		{name: "an empty -X, then a good one", files: withMake("-X main.version=$(RELEASE_TAG) $(LDFLAGS)"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "later flags that set no -X", files: withMake("$(LDFLAGS) -s -w"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
	})
}
