package update

import (
	"context"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/merge"
)

// TestMakefileAdds merges versions of a Makefile by lines, with git's merge and the
// built-in one, then joins what both sides added at one place where that keeps the
// meaning of both.
func TestMakefileAdds(t *testing.T) {
	const mk = "build:\n\tgo build ./...\n\ntest:\n\tgo test -race ./...\n"
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	tests := []struct {
		name               string
		base, ours, theirs string
		want               string // the result when joined, "" when a conflict stays
	}{
		{"two targets appended", mk, mk + "\nseed:\n\t./seed.sh\n", mk + "\nsbom:\n\tsyft . -o spdx\n",
			mk + "\nseed:\n\t./seed.sh\n\nsbom:\n\tsyft . -o spdx\n"},
		{"targets and .PHONY both", mk, mk + ".PHONY: seed\nseed:\n\t./seed.sh\n", mk + ".PHONY: sbom\nsbom:\n\tsyft .\n",
			mk + ".PHONY: seed\nseed:\n\t./seed.sh\n.PHONY: sbom\nsbom:\n\tsyft .\n"},
		{"prerequisites of one target both", mk, mk + "all: build\n", mk + "all: test\n", mk + "all: build\nall: test\n"},
		{"variables apart", mk, mk + "SEED ?= data\n", mk + "SBOM := spdx\n", mk + "SEED ?= data\nSBOM := spdx\n"},
		{"a continued line", mk, mk + "SEED = a \\\n\tb\n", mk + "SBOM = c\n", mk + "SEED = a \\\n\tb\nSBOM = c\n"},
		{"one target both", mk, mk + "\nlint:\n\tgolangci-lint run\n", mk + "\nlint:\n\tstaticcheck ./...\n", ""},
		{"one variable both", mk, mk + "GOFLAGS := -mod=mod\n", mk + "GOFLAGS = -trimpath\n", ""},
		{"recipe lines of the last rule", mk, mk + "\tgo vet ./...\n", mk + "\tstaticcheck ./...\n", ""},
		{"a conditional", mk, mk + "ifdef CI\nX = 1\nendif\n", mk + "Y = 2\n", ""},
		{"an include", mk, mk + "include more.mk\n", mk + "Y = 2\n", ""},
		{"CRLF", crlf(mk), crlf(mk + "seed:\n\t./seed.sh\n"), crlf(mk + "sbom:\n\tsyft .\n"), crlf(mk + "seed:\n\t./seed.sh\nsbom:\n\tsyft .\n")},
	}
	labels := merge.Labels{Ours: "yours", Base: "gonew-prod v0.1.0", Theirs: "gonew-prod v0.2.0"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			git, err := merge.Lines(context.Background(), []byte(tt.base), []byte(tt.ours), []byte(tt.theirs), labels)
			if err != nil {
				t.Fatal(err)
			}
			for how, r := range map[string]merge.Result{"git": git, "built-in": merge.Text([]byte(tt.base), []byte(tt.ours), []byte(tt.theirs), labels)} {
				if r.Clean() {
					t.Fatalf("%s: the line merge has no conflict to join:\n%s", how, r.Merged)
				}
				got := merge.Union(r, labels, makefileAdds)
				switch {
				case tt.want == "" && (got.Conflicts != r.Conflicts || string(got.Merged) != string(r.Merged)):
					t.Errorf("%s: joined what must stay a conflict:\n%s", how, got.Merged)
				case tt.want != "" && (!got.Clean() || string(got.Merged) != tt.want):
					t.Errorf("%s: %d conflicts, result\n%s\nwant\n%s", how, got.Conflicts, got.Merged, tt.want)
				}
				if tt.want != "" {
					if err := merge.Preserves([]byte(tt.base), []byte(tt.ours), got.Merged); err != nil {
						t.Errorf("%s: an edit of yours is lost: %v", how, err)
					}
				}
			}
		})
	}
}
