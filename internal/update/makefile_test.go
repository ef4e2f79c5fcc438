package update

import (
	"bytes"
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/generator"
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
		{"a rule both added alike, and one of yours", mk, mk + "\nlint:\n\tgolangci-lint run\n\nmine:\n\t@echo mine\n", mk + "\nlint:\n\tgolangci-lint run\n\nsbom:\n\tsyft .\n",
			mk + "\nlint:\n\tgolangci-lint run\n\nmine:\n\t@echo mine\n\nsbom:\n\tsyft .\n"},
		{"one target both", mk, mk + "\nlint:\n\tgolangci-lint run\n", mk + "\nlint:\n\tstaticcheck ./...\n", ""},
		{"one variable both", mk, mk + "GOFLAGS := -mod=mod\n", mk + "GOFLAGS = -trimpath\n", ""},
		{"recipe lines of the last rule", mk, mk + "\tgo vet ./...\n", mk + "\tstaticcheck ./...\n", ""},
		{"a conditional", mk, mk + "ifdef CI\nX = 1\nendif\n", mk + "Y = 2\n", ""},
		{"an include", mk, mk + "include more.mk\n", mk + "Y = 2\n", ""},
		{"a private assignment", mk, mk + "private GOFLAGS := -mod=mod\n", mk + "GOFLAGS := -trimpath\n", ""},
		{"a private assignment and another variable", mk, mk + "private SEED := data\n", mk + "SBOM := spdx\n", mk + "private SEED := data\nSBOM := spdx\n"},
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

// TestBuildOrderOfMeaning plans Makefiles and ignore files that merge cleanly by lines
// where the result's order changes what the user's lines do: a target given a second
// recipe or a variable a second value further down (make keeps the last), a ?= after
// another assignment (make ignores it), a target given both : and :: rules (make refuses
// the file), and a pattern placed after the user's negation that ignores again what it
// un-ignores, or, in a .gitignore, a directory pattern anywhere above what it un-ignores
// (git does not look inside an excluded directory), and a negation placed after the
// user's pattern that may un-ignore what it ignores (in a .dockerignore, and a
// Dockerfile's own NAME.dockerignore, each pattern cleaned as Docker reads it); in a
// Makefile also a line of one side that the other's new conditional encloses, a tab recipe
// under the user's .RECIPEPREFIX, an undefine, a
// target-specific value, a new include of a file this version writes that sets the
// user's variable again, or a recipe of this version's for a target the user's file
// included by a pattern (include mk/*.mk) has one for. Those are
// conflicts; additions that do not meet stay merges.
func TestBuildOrderOfMeaning(t *testing.T) {
	const mk = "build:\n\tgo build ./...\n\nvet:\n\tgo vet ./...\n\ntest:\n\tgo test ./...\n"
	const ignore = "/bin/\ncoverage.*\n\n# Editors\n.idea/\n.vscode/\n"
	mkOurs := strings.Replace(mk, "vet:", "orgx:\n\t@echo mine\n\nvet:", 1)
	ignoreOurs := strings.Replace(ignore, "coverage.*\n", "coverage.*\n*.log\n!audit.log\n", 1)
	cases := []version{
		{path: "recipe/Makefile", owner: generator.OwnerMerge, base: mk, ours: mkOurs, theirs: mk + "\norgx:\n\t@echo org\n",
			want: Conflict, contains: []string{"<<<<<<< yours\n", "@echo mine", "@echo org"}},
		{path: "included/Makefile", owner: generator.OwnerMerge, base: "include gonew-prod.mk\n" + mk, ours: "include gonew-prod.mk\n" + mkOurs, theirs: "include gonew-prod.mk\n" + mk + "\norgx:\n\t@echo org\n",
			want: Conflict},
		{path: "globbed/Makefile", owner: generator.OwnerMerge, base: mk, ours: "include mk/*.mk\n" + mk, theirs: mk + "\norgx:\n\t@echo org\n",
			want: Conflict},
		{path: "variable/Makefile", owner: generator.OwnerMerge, base: mk, ours: "IMAGE := mine\n" + mk, theirs: mk + "\nIMAGE := org\n",
			want: Conflict},
		{path: "default/Makefile", owner: generator.OwnerMerge, base: mk, ours: mk + "\nREGISTRY ?= ghcr.io/acme\n", theirs: "REGISTRY := docker.io\n" + mk,
			want: Conflict, contains: []string{"<<<<<<< yours\n", "REGISTRY ?= ghcr.io/acme"}},
		{path: "colons/Makefile", owner: generator.OwnerMerge, base: mk, ours: mk + "\nfmt::\n\tgofmt -s -w .\n", theirs: strings.Replace(mk, "vet:", "fmt:\n\tgofmt -w .\n\nvet:", 1),
			want: Conflict},
		{path: "rules.mk", owner: generator.OwnerMerge, base: mk, ours: mkOurs, theirs: mk + "\nsbom:\n\tsyft .\n",
			want: Merge, result: mkOurs + "\nsbom:\n\tsyft .\n"},
		{path: "ours-twice/Makefile", owner: generator.OwnerMerge, base: mk, ours: "X = 1\n" + mk + "X = 2\n", theirs: strings.Replace(mk, "go vet", "go vet -all", 1),
			want: Merge},
		{path: "negated/.gitignore", owner: generator.OwnerMerge, base: ignore, ours: ignoreOurs, theirs: ignore + "\n# Logs\n*.log\n",
			want: Conflict, contains: []string{"<<<<<<< yours\n", "!audit.log"}},
		{path: "directory/.dockerignore", owner: generator.OwnerMerge, base: ignore, ours: strings.Replace(ignore, "/bin/\n", "/bin/\n!logs/keep/audit.log\n", 1), theirs: ignore + "\nlogs\n",
			want: Conflict},
		{path: "parent/.gitignore", owner: generator.OwnerMerge, base: ignore, ours: ignore + "*.pem\n!/testdata/tmp/*.pem\n", theirs: strings.Replace(ignore, "coverage.*\n", "coverage.*\n/testdata/tmp/\n", 1),
			want: Conflict, contains: []string{"<<<<<<< yours\n", "!/testdata/tmp/*.pem"}},
		{path: "parent/.dockerignore", owner: generator.OwnerMerge, base: ignore, ours: ignore + "*.pem\n!/testdata/tmp/*.pem\n", theirs: strings.Replace(ignore, "coverage.*\n", "coverage.*\n/testdata/tmp/\n", 1),
			want: Merge},
		{path: "apart/.gitignore", owner: generator.OwnerMerge, base: ignore, ours: ignoreOurs, theirs: ignore + "/dist/\n",
			want: Merge, result: ignoreOurs + "/dist/\n"},
		{path: "split/Makefile", owner: generator.OwnerMerge, base: mk, ours: "TAG := v1-acme\n" + mk, theirs: mk + "\ninclude build.mk\n",
			want: Conflict, contains: []string{"<<<<<<< yours\n", "TAG := v1-acme"}},
		{path: "split/build.mk", base: absent, ours: absent, theirs: "TAG := latest\n", want: Create},
		{path: "split-apart/Makefile", owner: generator.OwnerMerge, base: mk, ours: "TAG := v1-acme\n" + mk, theirs: mk + "\ninclude build.mk\n",
			want: Merge},
		{path: "split-apart/build.mk", base: absent, ours: absent, theirs: "GOFLAGS := -trimpath\n", want: Create},
		{path: "undefined/Makefile", owner: generator.OwnerMerge, base: mk, ours: "REGISTRY := ghcr.io/acme\n" + mk, theirs: mk + "\nundefine REGISTRY\n",
			want: Conflict},
		{path: "target/Makefile", owner: generator.OwnerMerge, base: mk, ours: "TAG := v1-acme\n" + mk, theirs: mk + "\nimage: TAG = latest\n",
			want: Conflict},
		{path: "unignored/.dockerignore", owner: generator.OwnerMerge, base: ignore, ours: strings.Replace(ignore, "/bin/\n", "/bin/\nconfig/*.yaml\n", 1), theirs: strings.Replace(ignore, "# Editors", "!config/*.yaml\n# Editors", 1),
			want: Conflict, notResult: []string{"!config/*.yaml"}},
		{path: "own/Dockerfile.dockerignore", owner: generator.OwnerMerge, base: ignore, ours: "!docs/keep.md\n" + ignore, theirs: ignore + "docs\n",
			want: Conflict},
		{path: "named/api.Dockerfile.dockerignore", owner: generator.OwnerMerge, base: ignore, ours: strings.Replace(ignore, "/bin/\n", "/bin/\nconfig/*.yaml\n", 1), theirs: strings.Replace(ignore, "# Editors", "!config/*.yaml\n# Editors", 1),
			want: Conflict, notResult: []string{"!config/*.yaml"}},
		{path: "cleaned/.dockerignore", owner: generator.OwnerMerge, base: ignore, ours: "!docs/keep.md\n" + ignore, theirs: ignore + "./docs\n",
			want: Conflict},
		{path: "prefix/extra.mk", owner: generator.OwnerMerge, base: "X := 1\n\nfoo:\n\techo foo\n\nY := 2\n", ours: ".RECIPEPREFIX = >\nX := 1\n\nfoo:\n>echo foo\n\nY := 2\n",
			theirs: "X := 1\n\nfoo:\n\techo foo\n\nY := 2\n\nbar:\n\techo bar\n", want: Conflict, contains: []string{"<<<<<<< yours\n", ">echo foo"}},
		{path: "wrapped/extra.mk", owner: generator.OwnerMerge, base: "A := 1\n\nB := 2\n\nC := 3\n", ours: "A := 1\n\nB := 2\nD := mine\n\nC := 3\n",
			theirs: "ifeq ($(LOCAL),1)\nA := 1\n\nB := 2\n\nC := 3\nendif\n", want: Conflict, contains: []string{"<<<<<<< yours\n", "D := mine"}},
		{path: "theirs-order/.gitignore", owner: generator.OwnerMerge, base: ignore + "!keep.log\n", ours: "*.tmp\n" + ignore + "!keep.log\n", theirs: ignore + "!keep.log\n*.log\n",
			want: Merge},
	}
	in, tree := setup(t, cases)
	// The user's own rules, which globbed/Makefile includes by a pattern.
	tree["globbed/mk/local.mk"] = &fstest.MapFile{Data: []byte("orgx:\n\t@echo mine\n"), Mode: 0o644}
	p, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	checkSteps(t, p, cases)
	for _, c := range cases {
		if s := stepOf(t, p, c.path); c.want == Conflict && !strings.Contains(s.Reason, "the merge by lines would") {
			t.Errorf("%s: reason %q does not say why the clean merge by lines was refused", c.path, s.Reason)
		}
	}
}

// TestMakeEnclosures checks clean merges by lines of a Makefile for lines of one side
// that the merge puts inside (or outside) a conditional or define block of the other
// side's, where make reads them otherwise than that side wrote them: an error, unless
// the line is the other side's too and stands as it has it.
func TestMakeEnclosures(t *testing.T) {
	const plain = "A := 1\n\nB := 2\n\nC := 3\n\nshow:\n\t@echo D=$(D)\n"
	wrap := func(open, close string) string {
		return strings.Replace(strings.Replace(plain, "A := 1\n", open+"\nA := 1\n", 1), "C := 3\n", "C := 3\n"+close+"\n", 1)
	}
	wrapped := wrap("ifeq ($(LOCAL),1)", "endif")
	tests := []struct {
		name               string
		base, ours, theirs string
		wantErr            string // "" when the merge stands
	}{
		{"your line inside their new conditional", plain, strings.Replace(plain, "B := 2\n", "B := 2\nD := mine\n", 1), wrapped,
			"would put your line 4 (`D := mine`) inside `ifeq ($(LOCAL),1)`, where yours has it outside any conditional"},
		{"their line inside your new conditional", plain, wrapped, strings.Replace(plain, "B := 2\n", "B := 2\nD := 4\n", 1),
			"would put this version's line 4 (`D := 4`) inside `ifeq ($(LOCAL),1)`, where this version has it outside any conditional"},
		{"your continued line inside their new conditional", plain, strings.Replace(plain, "B := 2\n", "B := 2\nD := a \\\n\tb\n", 1), wrapped,
			"would put your line 4 (`D := a \\`) inside `ifeq ($(LOCAL),1)`"},
		{"your line inside their new define", plain, strings.Replace(plain, "B := 2\n", "B := 2\nD := mine\n", 1), wrap("define SETTINGS", "endef"),
			"would put your line 4 (`D := mine`) inside `define SETTINGS`"},
		{"your line in their new else branch", wrapped, strings.Replace(wrapped, "C := 3\n", "C := 3\nD := mine\n", 1), strings.Replace(wrapped, "A := 1\n\n", "A := 1\nelse\n", 1),
			"would put your line 7 (`D := mine`) in the `else` branch of `ifeq ($(LOCAL),1)`, where yours has it inside `ifeq ($(LOCAL),1)`"},
		{"your line taken out of the conditional they removed", wrapped, strings.Replace(wrapped, "B := 2\n", "B := 2\nD := mine\n", 1), plain,
			"would put your line 5 (`D := mine`) outside any conditional, where yours has it inside `ifeq ($(LOCAL),1)`"},
		{"your edit apart from their new conditional", plain, strings.Replace(plain, "D=$(D)", "D is $(D)", 1), wrapped, ""},
		{"your comment inside their new conditional", plain, strings.Replace(plain, "B := 2\n", "B := 2\n# D comes later\n", 1), wrapped, ""},
		{"their condition changed around your lines", wrapped, strings.Replace(wrapped, "D=$(D)", "D is $(D)", 1), strings.Replace(wrapped, "($(LOCAL),1)", "($(LOCAL),yes)", 1), ""},
		{"your recipe line that reads like a directive", "x:\n\t@echo x\n\nA := 1\n", "x:\n\t@echo x\n\tifeq\n\nA := 1\n", "x:\n\t@echo x\n\nA := 2\n", ""},
	}
	labels := merge.Labels{Ours: "yours", Base: "gonew-prod v0.1.0", Theirs: "gonew-prod v0.2.0"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := merge.Text([]byte(tt.base), []byte(tt.ours), []byte(tt.theirs), labels)
			if !r.Clean() {
				t.Fatalf("the line merge is no clean one to check:\n%s", r.Merged)
			}
			err := makeEnclosures([]byte(tt.ours), []byte(tt.theirs), r.Merged)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("%v, want none; merged:\n%s", err, r.Merged)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("%v, want an error containing %q; merged:\n%s", err, tt.wantErr, r.Merged)
			}
		})
	}
}

// TestMakefileDoubles checks clean merges by lines of a Makefile the way make reads
// them: an assignment of one side that the merge leaves without effect (a ?= after any
// assignment, anything before a later =, := or !=), a second recipe, or a target both
// single- and double-colon rules name (make refuses the file) is an error, unless ours
// or theirs already has as many.
func TestMakefileDoubles(t *testing.T) {
	const mk = "build:\n\tgo build ./...\n"
	localMk := func(q string) ([]byte, error) { // the user's local.mk, with a recipe of test
		if q == "local.mk" {
			return []byte("test:\n\t./scripts/our-tests.sh\n"), nil
		}
		return nil, fs.ErrNotExist
	}
	mkDir := func(q string) ([]byte, error) { // local.mk, as mk/local.mk
		if q == "mk/local.mk" {
			return localMk("local.mk")
		}
		return nil, fs.ErrNotExist
	}
	tests := []struct {
		name                 string
		ours, theirs, merged string
		wantErr              string // "" when the merge stands
		files                makeFiles
	}{
		{"your ?= after their :=", mk + "REG ?= ghcr.io/acme\n", "REG := docker.io\n" + mk,
			"REG := docker.io\n" + mk + "REG ?= ghcr.io/acme\n", "variable REG an assignment make ignores", makeFiles{}},
		{"your ?= after their ?=", mk + "REG ?= ghcr.io/acme\n", "REG ?= docker.io\n" + mk,
			"REG ?= docker.io\n" + mk + "REG ?= ghcr.io/acme\n", "variable REG an assignment make ignores", makeFiles{}},
		{"their ?= after your =", "REG = mine\n" + mk, mk + "REG ?= docker.io\n",
			"REG = mine\n" + mk + "REG ?= docker.io\n", "variable REG an assignment make ignores", makeFiles{}},
		{"your += before their :=", "FLAGS = -v\nFLAGS += -race\n" + mk, "FLAGS = -v\n" + mk + "FLAGS := -count=1\n",
			"FLAGS = -v\nFLAGS += -race\n" + mk + "FLAGS := -count=1\n", "variable FLAGS an assignment make ignores", makeFiles{}},
		{"your := after their :=", "IMAGE := mine\n" + mk, mk + "IMAGE := org\n",
			"IMAGE := mine\n" + mk + "IMAGE := org\n", "variable IMAGE an assignment make ignores", makeFiles{}},
		{"your += after their :=", mk + "FLAGS += -race\n", "FLAGS := -v\n" + mk,
			"FLAGS := -v\n" + mk + "FLAGS += -race\n", "", makeFiles{}},
		{"your := that extends their value", mk + "FLAGS := $(FLAGS) -race\n", "FLAGS := -v\n" + mk,
			"FLAGS := -v\n" + mk + "FLAGS := $(FLAGS) -race\n", "", makeFiles{}},
		{"your ?= before their :=, as yours already had it", "REG ?= a\nREG := b\n" + mk, "REG ?= a\n" + mk + "X = 1\n",
			"REG ?= a\nREG := b\n" + mk + "X = 1\n", "", makeFiles{}},
		{"their ?= where you have none", mk + "X = 1\n", "REG ?= docker.io\n" + mk,
			"REG ?= docker.io\n" + mk + "X = 1\n", "", makeFiles{}},
		{"their : rule and your :: rule of one target", mk + "fmt::\n\tgofmt -s -w .\n", mk + "fmt:\n\tgofmt -w .\n",
			mk + "fmt:\n\tgofmt -w .\n" + "fmt::\n\tgofmt -s -w .\n", "target fmt both single-colon (:) and double-colon (::) rules", makeFiles{}},
		{"their prerequisite-only : rule and your :: rule", mk + "fmt::\n\tgofmt -s -w .\n", "fmt: build\n" + mk,
			"fmt: build\n" + mk + "fmt::\n\tgofmt -s -w .\n", "target fmt both single-colon (:) and double-colon (::) rules", makeFiles{}},
		{":: rules on both sides", mk + "fmt::\n\tgofmt -s -w .\n", mk + "fmt::\n\tgofmt -w .\n",
			mk + "fmt::\n\tgofmt -w .\n" + "fmt::\n\tgofmt -s -w .\n", "", makeFiles{}},
		{"two recipes", mk + "lint:\n\tstaticcheck\n", "lint:\n\tvet\n" + mk,
			"lint:\n\tvet\n" + mk + "lint:\n\tstaticcheck\n", "target lint 2 recipes", makeFiles{}},
		{"their undefine after your :=", "REG := ghcr.io/acme\n" + mk, mk + "undefine REG\n",
			"REG := ghcr.io/acme\n" + mk + "undefine REG\n", "variable REG an assignment make ignores (`undefine REG` at Makefile:4 drops its value)", makeFiles{}},
		{"their override undefine after your =", "REG = a\n" + mk, mk + "override undefine REG\n",
			"REG = a\n" + mk + "override undefine REG\n", "variable REG an assignment make ignores", makeFiles{}},
		{"your := after their undefine", mk + "REG := mine\n", "undefine REG\n" + mk,
			"undefine REG\n" + mk + "REG := mine\n", "", makeFiles{}},
		{"your ?= after their undefine", mk + "REG ?= mine\n", "REG := x\nundefine REG\n" + mk,
			"REG := x\nundefine REG\n" + mk + "REG ?= mine\n", "", makeFiles{}},
		{"their $(eval X := ...) after your :=", "REG := ghcr.io/acme\n" + mk, mk + "$(eval REG := docker.io)\n",
			"REG := ghcr.io/acme\n" + mk + "$(eval REG := docker.io)\n", "variable REG an assignment make ignores", makeFiles{}},
		{"their $(eval $(call ...)) after your :=", "REG := ghcr.io/acme\n" + mk, mk + "$(foreach t,a b,$(eval $(call tool,$(t))))\n",
			"REG := ghcr.io/acme\n" + mk + "$(foreach t,a b,$(eval $(call tool,$(t))))\n", "may set it again, and update does not read what it sets", makeFiles{}},
		{"their target-specific value after yours", "image: TAG := v1\n" + mk, mk + "image: TAG = latest\n",
			"image: TAG := v1\n" + mk + "image: TAG = latest\n", "variable TAG for the target image an assignment make ignores", makeFiles{}},
		{"their target-specific value over your global one", "TAG := v1\n" + mk, mk + "image: TAG = latest\n",
			"TAG := v1\n" + mk + "image: TAG = latest\n", "variable TAG for the target image an assignment make ignores (Makefile:4 gives the target image its own value of TAG", makeFiles{}},
		{"their target-specific += to your global one", "TAG := v1\n" + mk, mk + "image: TAG += -amd64\n",
			"TAG := v1\n" + mk + "image: TAG += -amd64\n", "", makeFiles{}},
		{"their target-specific value where yours already had one", "TAG := v1\nimage: TAG = x\n" + mk, mk + "X = 1\n",
			"TAG := v1\nimage: TAG = x\n" + mk + "X = 1\n", "", makeFiles{}},
		{"their include of a file that sets your variable", "TAG := v1\n" + mk, mk + "include build.mk\n",
			"TAG := v1\n" + mk + "include build.mk\n", "variable TAG an assignment make ignores (build.mk:2, in a file the Makefile includes, assigns it again",
			makeFiles{theirs: func(q string) ([]byte, error) {
				if q == "build.mk" {
					return []byte("# build settings\nTAG := latest\n"), nil
				}
				return nil, fs.ErrNotExist
			}}},
		{"their include of a file that sets something else", "TAG := v1\n" + mk, mk + "include build.mk\n",
			"TAG := v1\n" + mk + "include build.mk\n", "",
			makeFiles{theirs: func(q string) ([]byte, error) {
				if q == "build.mk" {
					return []byte("GOFLAGS := -trimpath\n"), nil
				}
				return nil, fs.ErrNotExist
			}}},
		{"their include of a file update cannot read", "TAG := v1\n" + mk, mk + "include $(BUILD_MK)\n",
			"TAG := v1\n" + mk + "include $(BUILD_MK)\n", "`include $(BUILD_MK)` at Makefile:4 may set it again", makeFiles{}},
		{"their := where base had ?=, after your =", "REG = mine\n" + mk + "REG ?= a\n", mk + "REG := a\n",
			"REG = mine\n" + mk + "REG := a\n", "would leave the assignment of REG at Makefile:1 without effect (Makefile:4 assigns it again after it", makeFiles{}},
		{"their override before your =", mk + "IMAGE = mine\n", "override IMAGE := org\n" + mk,
			"override IMAGE := org\n" + mk + "IMAGE = mine\n", "variable IMAGE an assignment make ignores (Makefile:1 sets it with override, after which make ignores an assignment without it), the one at Makefile:4", makeFiles{}},
		{"your override after their =", mk + "override IMAGE = mine\n", "IMAGE := org\n" + mk,
			"IMAGE := org\n" + mk + "override IMAGE = mine\n", "variable IMAGE an assignment make ignores", makeFiles{}},
		{"their undefine after your override", "override REG := mine\n" + mk, mk + "undefine REG\n",
			"override REG := mine\n" + mk + "undefine REG\n", "", makeFiles{}},
		{"their -include of a missing file", "TAG := v1\n" + mk, mk + "-include local.mk\n",
			"TAG := v1\n" + mk + "-include local.mk\n", "", makeFiles{}},
		{"your assignment to a computed name before their :=", "TOOL := LD\n$(TOOL)FLAGS := -s\n" + mk, mk + "LDFLAGS := -w\n",
			"TOOL := LD\n$(TOOL)FLAGS := -s\n" + mk + "LDFLAGS := -w\n", "`$(TOOL)FLAGS := -s` at Makefile:2 may set it", makeFiles{}},
		{"your target-specific assignment to a computed name before their value for that target", "build: $(TOOL)FLAGS := -s\n" + mk, mk + "build: LDFLAGS := -w\n",
			"build: $(TOOL)FLAGS := -s\n" + mk + "build: LDFLAGS := -w\n", "`build: $(TOOL)FLAGS := -s` at Makefile:1 may set it", makeFiles{}},
		{"your target-specific assignment to a computed name before their global :=", "build: $(TOOL)FLAGS := -s\n" + mk, mk + "LDFLAGS := -w\n",
			"build: $(TOOL)FLAGS := -s\n" + mk + "LDFLAGS := -w\n", "", makeFiles{}},
		{"their assignment to a computed name after your :=", "LDFLAGS := -s\n" + mk, mk + "$(TOOL)FLAGS := -w\n",
			"LDFLAGS := -s\n" + mk + "$(TOOL)FLAGS := -w\n", "may set it again", makeFiles{}},
		{"a computed name in a call, no assignment", "LDFLAGS := -s\n" + mk, mk + "$(info a=$(X))\nifeq ($(X),a=b)\nendif\n",
			"LDFLAGS := -s\n" + mk + "$(info a=$(X))\nifeq ($(X),a=b)\nendif\n", "", makeFiles{}},
		{"a conditional written without a space, no assignment", "LDFLAGS := -s\n" + mk, mk + "ifeq($(X),a=b)\nendif\n",
			"LDFLAGS := -s\n" + mk + "ifeq($(X),a=b)\nendif\n", "", makeFiles{}},
		{"their := inside a conditional written without a space, after your ?=", "IMAGE ?= mine\n" + mk, mk + "ifeq($(CI),1)\nIMAGE := org\nendif\n",
			"IMAGE ?= mine\n" + mk + "ifeq($(CI),1)\nIMAGE := org\nendif\n", "variable IMAGE an assignment make ignores", makeFiles{}},
		{"an = in a recipe on a rule's line, no assignment", "LDFLAGS := -s\n" + mk, mk + "lint: ; echo $(X)=1\n",
			"LDFLAGS := -s\n" + mk + "lint: ; echo $(X)=1\n", "", makeFiles{}},
		{"your -include of a computed name before their :=", "ENV ?= local\n-include $(ENV).mk\n" + mk, mk + "LDFLAGS := -w\n",
			"ENV ?= local\n-include $(ENV).mk\n" + mk + "LDFLAGS := -w\n", "`-include $(ENV).mk` at Makefile:2 may set it", makeFiles{}},
		{"your $(eval $(call ...)) before their :=", "define SET\n$(1) := $(2)\nendef\n$(eval $(call SET,LDFLAGS,-s))\n" + mk, mk + "LDFLAGS := -w\n",
			"define SET\n$(1) := $(2)\nendef\n$(eval $(call SET,LDFLAGS,-s))\n" + mk + "LDFLAGS := -w\n", "`$(eval $(call SET,LDFLAGS,-s))` at Makefile:4 may set it", makeFiles{}},
		{"your -include of a computed name before their undefine", "-include $(ENV).mk\n" + mk, mk + "undefine LDFLAGS\n",
			"-include $(ENV).mk\n" + mk + "undefine LDFLAGS\n", "`-include $(ENV).mk` at Makefile:1 may set it", makeFiles{}},
		{"your -include of a computed name before their ?= and +=", "-include $(ENV).mk\n" + mk, mk + "LDFLAGS ?= -w\nGOFLAGS += -v\n",
			"-include $(ENV).mk\n" + mk + "LDFLAGS ?= -w\nGOFLAGS += -v\n", "", makeFiles{}},
		{"your -include of a computed name before a := yours already had", "-include $(ENV).mk\n" + mk + "LDFLAGS := -w\n", mk + "LDFLAGS := -w\n",
			"-include $(ENV).mk\n" + mk + "LDFLAGS := -w\n", "", makeFiles{}},
		{"their target-specific value over your pattern-specific one", "b%: LDFLAGS := -s\n" + mk, mk + "build: LDFLAGS := -w\n",
			"b%: LDFLAGS := -s\n" + mk + "build: LDFLAGS := -w\n", "variable LDFLAGS for the target build an assignment make ignores (Makefile:4 gives the target build its own value of LDFLAGS, which make uses for it instead of the one for the pattern b%), the one at Makefile:1", makeFiles{}},
		{"their target-specific value before your pattern-specific one", mk + "b%: LDFLAGS := -s\n", "build: LDFLAGS := -w\n" + mk,
			"build: LDFLAGS := -w\n" + mk + "b%: LDFLAGS := -s\n", "variable LDFLAGS for the target build an assignment make ignores", makeFiles{}},
		{"their target-specific value for a target your pattern does not match", "b%: LDFLAGS := -s\n" + mk, mk + "docker: LDFLAGS := -w\n",
			"b%: LDFLAGS := -s\n" + mk + "docker: LDFLAGS := -w\n", "", makeFiles{}},
		{"their target-specific += to your pattern-specific value", "b%: LDFLAGS := -s\n" + mk, mk + "build: LDFLAGS += -w\n",
			"b%: LDFLAGS := -s\n" + mk + "build: LDFLAGS += -w\n", "", makeFiles{}},
		{"their recipe for a target yours gets from an included file", "include local.mk\n" + mk, mk + "test:\n\tgo test ./...\n",
			"include local.mk\n" + mk + "test:\n\tgo test ./...\n", "target test 2 recipes",
			makeFiles{ours: localMk, theirs: localMk}},
		{"their recipe for a target yours gets from a file included by a glob", "include mk/*.mk\n" + mk, mk + "test:\n\tgo test ./...\n",
			"include mk/*.mk\n" + mk + "test:\n\tgo test ./...\n", "target test 2 recipes",
			makeFiles{ours: mkDir, theirs: mkDir, names: []string{"Makefile", "mk/local.mk", "mk/notes.txt"}}},
		{"their recipe for another target than yours in an included file", "include local.mk\n" + mk, mk + "vet:\n\tgo vet ./...\n",
			"include local.mk\n" + mk + "vet:\n\tgo vet ./...\n", "",
			makeFiles{ours: localMk, theirs: localMk}},
		{"their tab recipe under your .RECIPEPREFIX", ".RECIPEPREFIX = >\nX := 1\n\nfoo:\n>echo foo\n", "X := 1\n\nfoo:\n\techo foo\n\nbar:\n\techo bar\n",
			".RECIPEPREFIX = >\nX := 1\n\nfoo:\n>echo foo\n\nbar:\n\techo bar\n",
			"would have make read this version's `echo bar` (Makefile:8) with the recipe prefix `>` of the .RECIPEPREFIX at Makefile:1, where this version has it read with a tab", makeFiles{}},
		{"your tab recipe under their new .RECIPEPREFIX", "X := 1\n\nfoo:\n\techo foo\n\nmine:\n\techo mine\n", ".RECIPEPREFIX = >\nX := 1\n\nfoo:\n>echo foo\n",
			".RECIPEPREFIX = >\nX := 1\n\nfoo:\n>echo foo\n\nmine:\n\techo mine\n", "would have make read your `echo mine` (Makefile:8)", makeFiles{}},
		{"their tab recipe after your prefix set back", ".RECIPEPREFIX = >\nfoo:\n>echo foo\n.RECIPEPREFIX =\n", "foo:\n\techo foo\nbar:\n\techo bar\n",
			".RECIPEPREFIX = >\nfoo:\n>echo foo\n.RECIPEPREFIX =\nbar:\n\techo bar\n", "", makeFiles{}},
		{"their assignment under your .RECIPEPREFIX", ".RECIPEPREFIX = >\nfoo:\n>echo foo\n", "foo:\n\techo foo\nY := 2\n",
			".RECIPEPREFIX = >\nfoo:\n>echo foo\nY := 2\n", "", makeFiles{}},
		{"their tab recipe in an included file under your .RECIPEPREFIX", ".RECIPEPREFIX = >\ninclude local.mk\n", "include local.mk\n",
			".RECIPEPREFIX = >\ninclude local.mk\n", "would have make read this version's `echo bar` (local.mk:3) with the recipe prefix `>`",
			makeFiles{ours: func(string) ([]byte, error) { return []byte("X := 1\n"), nil }, theirs: func(string) ([]byte, error) { return []byte("X := 1\nbar:\n\techo bar\n"), nil }}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := makefileDoubles("Makefile", tt.files, []byte(tt.ours), []byte(tt.theirs), []byte(tt.merged))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("makefileDoubles = %v, want nil", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("makefileDoubles = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestMakeEventsPrivate reads a global assignment with the private modifier (private X =
// v, with export and override in any order, or private define) as one assignment of X,
// as audit's reader of Makefiles reads it and make does: make reads the variable while
// it reads the makefiles, and later assignments replace its value as any other's.
func TestMakeEventsPrivate(t *testing.T) {
	for _, mk := range []string{"private X := v\n", "override private X := v\n", "export private X := v\n", "private export override X := v\n", "private define X :=\nv\nendef\n"} {
		read := func(q string) ([]byte, error) {
			if q == "Makefile" {
				return []byte(mk), nil
			}
			return nil, fs.ErrNotExist
		}
		var got []string
		for _, e := range makeEvents(read, "Makefile", nil) {
			if e.kind == assignEvent {
				got = append(got, e.name+" "+e.op+" "+e.value)
			}
		}
		if want := []string{"X := v"}; !slices.Equal(got, want) {
			t.Errorf("%q: assignments %q, want %q", mk, got, want)
		}
	}
}

// TestMakeEventsOperators reads the assignments of each operator, :::= of GNU make 4.4
// among them, global (as audit.MakeAssign reads them), in an $(eval), and of a target
// (a double-colon rule's too), with the override modifier, and an assignment whose
// value make expands at once with an $(eval) in it, which may set any variable.
func TestMakeEventsOperators(t *testing.T) {
	tests := []struct{ mk, want string }{
		{"X :::= v\n", "X :::= v"},
		{"X ::= v\n", "X ::= v"},
		{"X != echo v\n", "X != echo v"},
		{"X ?= v\n", "X ?= v"},
		{"X += v\n", "X += v"},
		{"override export X :::= v\n", "X :::= v override"},
		{"$(eval X :::= v)\n", "X :::= v"},
		{"build: X :::= v\n", "X :::= v for build"},
		{"build:: override X := v\n", "X := v for build"},
		{"X :::= $(eval Y = 1)\n", "X :::= $(eval Y = 1); unknown"},
		{"X = $(eval Y = 1)\n", "X = $(eval Y = 1)"},
	}
	for _, tt := range tests {
		read := func(q string) ([]byte, error) {
			if q == "Makefile" {
				return []byte(tt.mk), nil
			}
			return nil, fs.ErrNotExist
		}
		var got []string
		for _, e := range makeEvents(read, "Makefile", nil) {
			switch e.kind {
			case assignEvent:
				s := e.name + " " + e.op + " " + e.value
				if e.target != "" {
					s += " for " + e.target
				}
				if e.override {
					s += " override"
				}
				got = append(got, s)
			case unknownEvent:
				got = append(got, "unknown")
			}
		}
		if g := strings.Join(got, "; "); g != tt.want {
			t.Errorf("%q: events %q, want %q", tt.mk, g, tt.want)
		}
	}
}

// TestBuildIncludedMakefile plans updates that change only a file a Makefile includes,
// the Makefile unchanged on both sides or the user's own: a new version of the file that
// overrides a variable the user sets in the Makefile (a := where it had ?=, an undefine,
// a new := of a variable it did not set) is a conflict in that file, naming the
// variable and both files; one that leaves the user's values as they were is an update.
func TestBuildIncludedMakefile(t *testing.T) {
	const mk = "build:\n\tgo build ./...\n"
	const inc = "include gonew-prod.mk\n"
	tests := []struct {
		name           string
		makefile       string // the user's Makefile, which this version does not change ("deploy:" first: in svc/deploy)
		tracked        bool   // the record lists the Makefile (the user edited it), else it is the user's own
		before, after  string // gonew-prod.mk in the base (and the tree) and in this version
		want           Action
		reasonContains []string
	}{
		{"a := where it had ?=", "IMAGE = ghcr.io/acme/orders\n" + inc + mk, true, "IMAGE ?= orders\n", "IMAGE := orders:latest\n",
			Conflict, []string{"the assignment of IMAGE at Makefile:1", "gonew-prod.mk:1", "this version's gonew-prod.mk"}},
		{"a new := of your variable", "VERSION := v1.2.3\n" + inc + mk, true, "GOFLAGS := -trimpath\n", "GOFLAGS := -trimpath\nVERSION := dev\n",
			Conflict, []string{"VERSION", "Makefile:1", "gonew-prod.mk:2"}},
		{"an undefine", "LDFLAGS = -s\n" + inc + mk, true, "X := 1\n", "X := 1\nundefine LDFLAGS\n",
			Conflict, []string{"LDFLAGS", "`undefine LDFLAGS` at gonew-prod.mk:2 drops its value"}},
		{"the user's own Makefile", "PROD_CGO = 1\n" + inc + mk, false, "PROD_CGO ?= 0\n", "PROD_CGO := 0\n",
			Conflict, []string{"PROD_CGO", "Makefile:1"}},
		{"an override, your value set after the include", inc + "IMAGE = ghcr.io/acme/orders\n" + mk, true, "IMAGE ?= orders\n", "override IMAGE := orders:latest\n",
			Conflict, []string{"the assignment of IMAGE at Makefile:2", "gonew-prod.mk:1 sets it with override"}},
		{"another ?= default", "IMAGE = ghcr.io/acme/orders\n" + inc + mk, true, "IMAGE ?= orders\n", "IMAGE ?= orders:dev\n",
			Update, nil},
		{"your value set after the include", inc + "IMAGE = ghcr.io/acme/orders\n" + mk, true, "IMAGE ?= orders\n", "IMAGE := orders:latest\n",
			Update, nil},
		{"something else", "IMAGE = ghcr.io/acme/orders\n" + inc + mk, false, "IMAGE ?= orders\n", "IMAGE ?= orders\nGOFLAGS := -trimpath\n",
			Update, nil},
		{"included by a glob", "VERSION := v1.2.3\ninclude *.mk\n" + mk, false, "X := 1\n", "X := 1\nVERSION := dev\n",
			Conflict, []string{"VERSION", "Makefile:1"}},
		{"included by $(wildcard)", "VERSION := v1.2.3\ninclude $(wildcard *.mk)\n" + mk, false, "X := 1\n", "X := 1\nVERSION := dev\n",
			Conflict, []string{"VERSION", "Makefile:1"}},
		{"included through a variable", "EXTRA := gonew-prod.mk\nVERSION := v1.2.3\ninclude $(EXTRA)\n" + mk, false, "X := 1\n", "X := 1\nVERSION := dev\n",
			Conflict, []string{"VERSION", "Makefile:2"}},
		{"included from $(CURDIR)", "VERSION := v1.2.3\ninclude $(CURDIR)/gonew-prod.mk\n" + mk, false, "X := 1\n", "X := 1\nVERSION := dev\n",
			Conflict, []string{"VERSION", "Makefile:1"}},
		{"included through a variable update cannot resolve", "VERSION := v1.2.3\n-include $(ENV)-prod.mk\n" + mk, false, "X := 1\n", "X := 1\nVERSION := dev\n",
			Conflict, []string{"VERSION", "Makefile:1"}},
		{"included from another directory", "deploy:VERSION := v1.2.3\ninclude ../gonew-prod.mk\n" + mk, false, "X := 1\n", "X := 1\nVERSION := dev\n",
			Conflict, []string{"VERSION"}},
		{"a tab recipe under your .RECIPEPREFIX", ".RECIPEPREFIX = >\nbuild:\n>go build ./...\n" + inc, false, "X := 1\n", "X := 1\n\nbar:\n\techo bar\n",
			Conflict, []string{"`echo bar` (gonew-prod.mk:4) with the recipe prefix `>` of the .RECIPEPREFIX at Makefile:1", "each recipe line starting with the recipe prefix"}},
		{"a tab recipe after your .RECIPEPREFIX is set back", ".RECIPEPREFIX = >\nbuild:\n>go build ./...\n.RECIPEPREFIX =\n" + inc, false, "X := 1\n", "X := 1\n\nbar:\n\techo bar\n",
			Update, nil},
		{"a glob that names another file", "VERSION := v1.2.3\ninclude $(wildcard mk/*.mk)\n" + mk, false, "X := 1\n", "X := 1\nVERSION := dev\n",
			Update, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cases := []version{{path: "svc/gonew-prod.mk", base: tt.before, ours: tt.before, theirs: tt.after}}
			if tt.tracked {
				cases = append(cases, version{path: "svc/Makefile", owner: generator.OwnerMerge, base: inc + mk, ours: tt.makefile, theirs: inc + mk, want: Keep})
			}
			in, tree := setup(t, cases)
			if !tt.tracked {
				makefile, deploy := strings.CutPrefix(tt.makefile, "deploy:")
				at := map[bool]string{false: "svc/Makefile", true: "svc/deploy/Makefile"}[deploy]
				tree[at] = &fstest.MapFile{Data: []byte(makefile), Mode: 0o644}
			}
			p, err := Build(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if tt.tracked {
				if s := stepOf(t, p, "svc/Makefile"); s.Action != Keep {
					t.Errorf("svc/Makefile: action %s (%s), want keep", s.Action, s.Reason)
				}
			}
			s := stepOf(t, p, "svc/gonew-prod.mk")
			if s.Action != tt.want {
				t.Fatalf("svc/gonew-prod.mk: action %s (%s), want %s", s.Action, s.Reason, tt.want)
			}
			for _, sub := range tt.reasonContains {
				if sub = strings.NewReplacer("Makefile:", "svc/Makefile:", "gonew-prod.mk", "svc/gonew-prod.mk").Replace(sub); !strings.Contains(s.Reason, sub) {
					t.Errorf("reason %q lacks %q", s.Reason, sub)
				}
			}
			if tt.want == Conflict {
				for _, sub := range []string{"<<<<<<< yours\n" + tt.before, ">>>>>>> gonew-prod v0.2.0\n"} {
					if !bytes.Contains(s.Result, []byte(sub)) {
						t.Errorf("result lacks %q:\n%s", sub, s.Result)
					}
				}
				if !slices.Contains(p.ConflictPaths(), "svc/gonew-prod.mk") {
					t.Errorf("the record's conflicts %v lack svc/gonew-prod.mk", p.ConflictPaths())
				}
			}
		})
	}
}

// TestBuildIncludedMakefileKeepsTheModeNote: an included file that becomes a conflict
// through the Makefile that includes it still says that this version changes its mode.
func TestBuildIncludedMakefileKeepsTheModeNote(t *testing.T) {
	const generated = "include gonew-prod.mk\nbuild:\n\tgo build ./...\n"
	const makefile = "IMAGE = ghcr.io/acme/orders\n" + generated // the user's value before the include
	in, _ := setup(t, []version{
		{path: "svc/gonew-prod.mk", base: "IMAGE ?= orders\n", ours: "IMAGE ?= orders\n", theirs: "IMAGE := orders:latest\n", theirsMode: 0o755},
		{path: "svc/Makefile", owner: generator.OwnerMerge, base: generated, ours: makefile, theirs: generated, want: Keep},
	})
	p, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	s := stepOf(t, p, "svc/gonew-prod.mk")
	if s.Action != Conflict || s.Mode != 0o755 || !strings.Contains(s.Reason, "; file mode 0644 becomes 0755") {
		t.Errorf("svc/gonew-prod.mk: %s, mode %04o (%s); want a conflict that says its mode becomes 0755", s.Action, s.Mode, s.Reason)
	}
}

// TestBuildBlockOverridesYourVariable refuses an update whose guarded block in the
// user's Makefile would leave a value the user sets above it without effect: a file of
// the user's holds no conflict of the whole file.
func TestBuildBlockOverridesYourVariable(t *testing.T) {
	const (
		begin, end = "# >>> gonew-prod:makefile\n", "# <<< gonew-prod:makefile\n"
		base       = begin + "include gonew-prod.mk\n" + end
	)
	tests := []struct {
		name, theirs string
		wantErr      string // Build refuses with it, else the block is updated
	}{
		{"a := of your variable", begin + "include gonew-prod.mk\nPROD_CGO := 0\n" + end,
			"Makefile: this version's guarded blocks in Makefile would leave the assignment of PROD_CGO at Makefile:1 without effect"},
		{"a ?= of your variable", begin + "include gonew-prod.mk\nPROD_CGO ?= 0\n" + end, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, tree := setup(t, []version{{path: "gonew-prod.mk", base: "PROD_X := 1\n", ours: "PROD_X := 1\n", theirs: "PROD_X := 1\n", want: Keep}})
			b := *in.Base
			b.Blocks = []Block{{Path: "Makefile", ID: "makefile", Content: []byte(base)}}
			in.Base = &b
			in.Theirs.Blocks = []Block{{Path: "Makefile", ID: "makefile", Content: []byte(tt.theirs)}}
			rec := *in.Record
			rec.Blocks = []generator.RecordBlock{{Path: "Makefile", ID: "makefile", SHA256: generator.Sum([]byte(base))}}
			in.Record = &rec
			tree["Makefile"] = &fstest.MapFile{Data: []byte("PROD_CGO = 1\n" + base), Mode: 0o644}
			p, err := Build(context.Background(), in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Build = %v, want a refusal with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkSteps(t, p, []version{{path: "Makefile", want: Update}})
		})
	}
}
