package update

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// TestBuildShadows plans an update that creates a file a tool reads in place of a file
// of the user's that the update keeps: a Dockerfile.dockerignore (Docker's for the
// Dockerfile, over the .dockerignore) takes the user's own .dockerignore lines after its
// own; a GNUmakefile or makefile that make reads in place of a Makefile holding the
// user's rules, and that does not include it, is refused; nothing of the user's hidden,
// or included, plans as before.
func TestBuildShadows(t *testing.T) {
	const (
		makefile   = ".PHONY: build\nbuild:\n\tgo build ./...\n"
		mine       = makefile + "\ndeploy:\n\t./deploy.sh\n"
		gnu        = "build:\n\tgo build -o bin/orders ./cmd/orders\n"
		ignore     = ".git\n**/.env\n"
		packIgnore = ".git\nbin/\n"
	)
	dockerfile := version{path: "Dockerfile", base: "FROM scratch\n", ours: "FROM scratch\n", theirs: "FROM scratch\n", want: Keep}
	tests := []struct {
		name   string
		cases  []version
		tree   map[string]string // files of the user's that no step is for
		refuse string            // in the refusal; "" when the plan is made
	}{
		{"dockerignore: your lines joined", []version{dockerfile,
			{path: ".dockerignore", base: ignore, ours: ignore + "secrets/\n", theirs: ignore, want: Keep},
			{path: "Dockerfile.dockerignore", base: absent, ours: absent, theirs: packIgnore, want: Create, result: packIgnore + "secrets/\n"}}, nil, ""},
		{"dockerignore: a .dockerignore wholly yours", []version{dockerfile,
			{path: "Dockerfile.dockerignore", base: absent, ours: absent, theirs: packIgnore, want: Create, result: packIgnore + "secrets/\n"}},
			map[string]string{".dockerignore": ".git\nsecrets/\n"}, ""},
		{"dockerignore: yours unedited", []version{dockerfile,
			{path: ".dockerignore", base: ignore, ours: ignore, theirs: ignore, want: Keep},
			{path: "Dockerfile.dockerignore", base: absent, ours: absent, theirs: packIgnore, want: Create, result: packIgnore}}, nil, ""},
		{"dockerignore: no Dockerfile", []version{
			{path: ".dockerignore", base: ignore, ours: ignore + "secrets/\n", theirs: ignore, want: Keep},
			{path: "Dockerfile.dockerignore", base: absent, ours: absent, theirs: packIgnore, want: Create, result: packIgnore}}, nil, ""},
		{"GNUmakefile over your kept Makefile", []version{
			{path: "Makefile", base: makefile, ours: mine, theirs: absent, want: KeepDropped},
			{path: "GNUmakefile", base: absent, ours: absent, theirs: gnu, want: Create}}, nil,
			"GNUmakefile, which update creates, is what make reads in place of Makefile"},
		{"GNUmakefile beside your merged Makefile", []version{
			{path: "Makefile", base: makefile, ours: mine, theirs: makefile, want: Keep},
			{path: "GNUmakefile", base: absent, ours: absent, theirs: gnu, want: Create}}, nil,
			"Makefile holds rules of yours that GNUmakefile does not include"},
		{"GNUmakefile including your Makefile", []version{
			{path: "Makefile", base: makefile, ours: mine, theirs: absent, want: KeepDropped},
			{path: "GNUmakefile", base: absent, ours: absent, theirs: "include Makefile\n" + gnu, want: Create}}, nil, ""},
		{"GNUmakefile over an unedited Makefile", []version{
			{path: "Makefile", base: makefile, ours: makefile, theirs: makefile, want: Keep},
			{path: "GNUmakefile", base: absent, ours: absent, theirs: gnu, want: Create}}, nil, ""},
		{"GNUmakefile over a dropped unedited Makefile", []version{
			{path: "Makefile", base: makefile, ours: makefile, theirs: absent, want: Delete},
			{path: "GNUmakefile", base: absent, ours: absent, theirs: gnu, want: Create}}, nil, ""},
		{"GNUmakefile including your Makefile if there", []version{
			{path: "Makefile", base: makefile, ours: mine, theirs: makefile, want: Keep},
			{path: "GNUmakefile", base: absent, ours: absent, theirs: "-include Makefile\n" + gnu, want: Create}}, nil, ""},
		{"GNUmakefile including your Makefile from $(CURDIR)", []version{
			{path: "Makefile", base: makefile, ours: mine, theirs: makefile, want: Keep},
			{path: "GNUmakefile", base: absent, ours: absent, theirs: "include $(CURDIR)/Makefile\n" + gnu, want: Create}}, nil, ""},
		// A missing optional include is none make reads: no gap to name.
		{"GNUmakefile with a missing optional include", []version{
			{path: "Makefile", base: makefile, ours: mine, theirs: makefile, want: Keep},
			{path: "GNUmakefile", base: absent, ours: absent, theirs: "-include local.mk\n" + gnu, want: Create}}, nil,
			"Makefile holds rules of yours that GNUmakefile does not include: make"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, tree := setup(t, tt.cases)
			for p, content := range tt.tree {
				tree[p] = &fstest.MapFile{Data: []byte(content), Mode: 0o644}
			}
			p, err := Build(context.Background(), in)
			if tt.refuse != "" {
				var ie *InputError
				if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.refuse) || !strings.HasPrefix(err.Error(), "nothing written: ") {
					t.Fatalf("Build = %v, want an input error with %q", err, tt.refuse)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkSteps(t, p, tt.cases)
		})
	}
}
