package update

import (
	"cmp"
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/generator"
)

const (
	blockBase   = "# >>> gonew-prod:makefile\ninclude gonew-prod.mk\nPROD_FLAGS ?= -trimpath\n# <<< gonew-prod:makefile\n"
	blockTheirs = "# >>> gonew-prod:makefile\ninclude gonew-prod.mk\nPROD_FLAGS ?= -trimpath\nPROD_RACE ?= -race\n# <<< gonew-prod:makefile\n"
	userTop     = "# my makefile\nall: build\n\n"
	userBottom  = "\n# more of mine\nlint:\n\tgo vet ./...\n"
)

// TestBuildBlocks checks the merge of guarded blocks in a file the tool does not own.
func TestBuildBlocks(t *testing.T) {
	tests := []struct {
		name       string
		ours       string // the user's Makefile, absent when deleted
		theirs     string // theirs' block, absent when dropped
		noBase     bool
		want       Action
		result     string
		contains   []string
		wantReason string
		wantErr    string // Build refuses with it
		found      bool   // theirs' block is read from the tree (Found), not rendered
		recorded   string // the block whose checksum the record lists afterwards: theirs when empty
		removed    bool   // the step keeps out a block the user removed (Step.BlocksRemoved)
		prodMk     bool   // the tree has gonew-prod.mk, which add wrote
	}{
		{name: "block not edited: theirs", ours: userTop + blockBase + userBottom, theirs: blockTheirs,
			want: Update, result: userTop + blockTheirs + userBottom},
		{name: "block dropped by theirs", ours: userTop + blockBase + userBottom, theirs: absent,
			want: Update, result: userTop + userBottom},
		{name: "block edited elsewhere: merged", ours: userTop + strings.Replace(blockBase, "include gonew-prod.mk\n", "include gonew-prod.mk # keep\n", 1) + userBottom,
			theirs: blockTheirs, want: Merge,
			result: userTop + strings.Replace(blockTheirs, "include gonew-prod.mk\n", "include gonew-prod.mk # keep\n", 1) + userBottom},
		{name: "block edited on the same line: conflict inside the block", ours: userTop + strings.Replace(blockBase, "-trimpath\n", "-trimpath -v\n", 1) + userBottom,
			theirs: strings.Replace(blockBase, "-trimpath\n", "-trimpath -buildvcs=false\n", 1), want: Conflict,
			contains: []string{userTop + "# >>> gonew-prod:makefile\ninclude gonew-prod.mk\n<<<<<<< yours\nPROD_FLAGS ?= -trimpath -v\n||||||| gonew-prod v0.1.0\n", userBottom}},
		{name: "block edited, base unavailable", noBase: true, ours: userTop + strings.Replace(blockBase, "-trimpath\n", "-trimpath -v\n", 1) + userBottom,
			theirs: blockTheirs, want: Conflict, contains: []string{userTop + "<<<<<<< yours\n# >>> gonew-prod:makefile\n", ">>>>>>> gonew-prod v0.2.0\n" + userBottom}},
		{name: "block removed by the user", ours: userTop + userBottom, theirs: blockTheirs, want: Keep,
			wantReason: "you removed it, it stays removed (gonew-prod add --recreate Makefile inserts it again)", recorded: blockBase, removed: true},
		// An include of gonew-prod.mk of the user's takes the removed block's place, as add
		// takes it (add --recreate Makefile refuses: make would read it twice).
		{name: "block removed, its include kept as the user's", ours: userTop + "include gonew-prod.mk\n" + userBottom, theirs: blockTheirs, prodMk: true, want: Keep,
			wantReason: "block makefile: you removed it, and Makefile:4 `include gonew-prod.mk`, an include of yours, includes gonew-prod.mk in its place: it stays removed", recorded: blockBase, removed: true},
		{name: "block removed for a pattern include", ours: "-include *.mk\n" + userTop + userBottom, theirs: blockTheirs, prodMk: true, want: Keep,
			wantReason: "block makefile: you removed it, and Makefile:1 `-include *.mk`, an include of yours, includes gonew-prod.mk in its place: it stays removed", recorded: blockBase, removed: true},
		{name: "block removed, a pattern include that matches no gonew-prod.mk", ours: "-include *.mk\n" + userTop + userBottom, theirs: blockTheirs, want: Keep,
			wantReason: "you removed it, it stays removed (gonew-prod add --recreate Makefile inserts it again)", recorded: blockBase, removed: true},
		{name: "block read from the tree, edited by the user", ours: userTop + strings.Replace(blockBase, "-trimpath", "-trimpath -v", 1) + userBottom,
			theirs: strings.Replace(blockBase, "-trimpath", "-trimpath -v", 1), found: true, want: Keep, recorded: blockBase},
		{name: "block read from the tree, removed by the user", ours: userTop + userBottom, theirs: "", found: true,
			want: Keep, wantReason: "you removed it", recorded: blockBase, removed: true},
		{name: "end marker removed by the user", ours: userTop + strings.Replace(blockBase, "# <<< gonew-prod:makefile\n", "", 1) + userBottom,
			theirs: blockTheirs, wantErr: "Makefile: the guarded block makefile has a begin marker but no end marker"},
		{name: "file deleted by the user", ours: absent, theirs: blockTheirs, want: KeepDeleted,
			wantReason: "it stays deleted (gonew-prod add --recreate Makefile brings it back)", recorded: blockBase, removed: true},
		{name: "block edited, theirs unchanged", ours: userTop + strings.Replace(blockBase, "-trimpath", "-trimpath -v", 1) + userBottom,
			theirs: blockBase, want: Keep, wantReason: "you edited it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, tree := setup(t, []version{{path: "go.mod", base: goMod, ours: goMod, theirs: goMod, want: Keep}})
			base := *in.Base
			base.Blocks = []Block{{Path: "Makefile", ID: "makefile", Content: []byte(blockBase)}}
			in.Base = &base
			if tt.theirs != absent {
				in.Theirs.Blocks = []Block{{Path: "Makefile", ID: "makefile", Content: []byte(tt.theirs), Found: tt.found}}
			}
			rec := *in.Record
			rec.Blocks = []generator.RecordBlock{{Path: "Makefile", ID: "makefile", SHA256: generator.Sum([]byte(blockBase))}}
			in.Record = &rec
			if tt.ours != absent {
				tree["Makefile"] = &fstest.MapFile{Data: []byte(tt.ours), Mode: 0o644}
			}
			if tt.prodMk {
				tree["gonew-prod.mk"] = &fstest.MapFile{Data: []byte("prod-help:\n\t@echo help\n"), Mode: 0o644}
			}
			if tt.noBase {
				in.Base = nil
			}
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
			checkSteps(t, p, []version{{path: "Makefile", want: tt.want, result: tt.result, contains: tt.contains}})
			s := stepOf(t, p, "Makefile")
			if !strings.Contains(s.Reason, tt.wantReason) {
				t.Errorf("reason %q, want %q in it", s.Reason, tt.wantReason)
			}
			if s.BlocksRemoved() != tt.removed {
				t.Errorf("BlocksRemoved() = %t, want %t", s.BlocksRemoved(), tt.removed)
			}
			var want []generator.RecordBlock
			if recorded := cmp.Or(tt.recorded, tt.theirs); recorded != absent {
				want = []generator.RecordBlock{{Path: "Makefile", ID: "makefile", SHA256: generator.Sum([]byte(recorded))}}
			}
			if got := p.Record.Blocks; len(got) != len(want) || len(want) > 0 && got[0] != want[0] {
				t.Errorf("recorded blocks %v, want theirs %v", got, want)
			}
		})
	}
}

// TestRecreateRemovedBlock checks that update --recreate of a file whose guarded block
// the user removed (or that the user deleted with its blocks) names the command that
// brings it back, gonew-prod add --recreate, with the path from the repository's root;
// update inserts no block.
func TestRecreateRemovedBlock(t *testing.T) {
	for _, tt := range []struct {
		name, ours, prefix, given, want string
	}{
		{name: "block removed", ours: userTop + userBottom, given: "Makefile", want: "run gonew-prod add --recreate Makefile"},
		{name: "file deleted", ours: absent, given: "Makefile", want: "run gonew-prod add --recreate Makefile"},
		{name: "from the root of a monorepo", ours: userTop + userBottom, prefix: "services/orders/", given: "services/orders/Makefile",
			want: "run gonew-prod add --recreate services/orders/Makefile"},
		{name: "block there", ours: userTop + blockBase + userBottom, given: "Makefile", want: "not a file you deleted that this version still has"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in, tree := setup(t, []version{{path: "go.mod", base: goMod, ours: goMod, theirs: goMod, want: Keep}})
			base := *in.Base
			base.Blocks = []Block{{Path: "Makefile", ID: "makefile", Content: []byte(blockBase)}}
			in.Base = &base
			in.Theirs.Blocks = base.Blocks
			rec := *in.Record
			rec.Blocks = []generator.RecordBlock{{Path: "Makefile", ID: "makefile", SHA256: generator.Sum([]byte(blockBase))}}
			in.Record = &rec
			if tt.ours != absent {
				tree["Makefile"] = &fstest.MapFile{Data: []byte(tt.ours), Mode: 0o644}
			}
			in.Prefix, in.Recreate = tt.prefix, []string{tt.given}
			_, err := Build(context.Background(), in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Build with --recreate %s = %v, want a refusal with %q", tt.given, err, tt.want)
			}
		})
	}
}

// TestCheckBlocks checks that a step that changes a line outside the guarded blocks is
// refused.
func TestCheckBlocks(t *testing.T) {
	rec := &generator.Record{Blocks: []generator.RecordBlock{{Path: "Makefile", ID: "makefile", SHA256: generator.Sum([]byte(blockBase))}}}
	ours := []byte(userTop + blockBase + userBottom)
	good := Step{Path: "Makefile", Action: Update, Ours: ours, Result: []byte(userTop + blockTheirs + userBottom), blocks: true}
	bad := good
	bad.Result = []byte(strings.Replace(string(good.Result), "lint:", "check:", 1))
	if err := checkBlocks(good, rec); err != nil {
		t.Errorf("a change inside the block: %v", err)
	}
	if err := checkBlocks(bad, rec); err == nil {
		t.Error("a change outside the block was accepted")
	}
	damaged := good
	damaged.Ours = []byte(userTop + strings.Replace(blockBase, "# <<< gonew-prod:makefile\n", "", 1) + userBottom)
	if err := checkBlocks(damaged, rec); err == nil || !strings.Contains(err.Error(), "no end marker") {
		t.Errorf("a block without its end marker: %v, want a refusal", err)
	}
}

// TestReadsProdMkTwice: a makefile that includes gonew-prod.mk a second time besides
// gonew-prod's guarded block (or besides an include of the user's in the removed block's
// place), through a pattern, gets the note gonew-prod add gives, though the update
// leaves the makefile as it is.
func TestReadsProdMkTwice(t *testing.T) {
	tests := []struct {
		name string
		ours string // the Makefile
		want string // the plan's note, "" for none
	}{
		{name: "pattern besides the block", ours: "-include *.mk\n" + userTop + blockBase,
			want: "Makefile:1 `-include *.mk` includes gonew-prod.mk, which add writes, besides gonew-prod's guarded block makefile in Makefile: make reads it twice"},
		{name: "pattern besides the block's include kept as the user's", ours: "-include *.mk\n" + userTop + "include gonew-prod.mk\n",
			want: "Makefile:1 `-include *.mk` includes gonew-prod.mk, which add writes, besides Makefile:5 `include gonew-prod.mk`: make reads it twice"},
		{name: "the block alone", ours: userTop + blockBase},
		{name: "a pattern that leaves gonew-prod.mk out", ours: "-include $(filter-out gonew-prod.mk,$(wildcard *.mk))\n" + userTop + blockBase},
		{name: "a pattern in place of the removed block, alone", ours: "-include *.mk\n" + userTop},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, tree := setup(t, []version{{path: "go.mod", base: goMod, ours: goMod, theirs: goMod, want: Keep}})
			base := *in.Base
			base.Blocks = []Block{{Path: "Makefile", ID: "makefile", Content: []byte(blockBase)}}
			in.Base = &base
			in.Theirs.Blocks = base.Blocks
			rec := *in.Record
			rec.Blocks = []generator.RecordBlock{{Path: "Makefile", ID: "makefile", SHA256: generator.Sum([]byte(blockBase))}}
			in.Record = &rec
			tree["Makefile"] = &fstest.MapFile{Data: []byte(tt.ours), Mode: 0o644}
			tree["gonew-prod.mk"] = &fstest.MapFile{Data: []byte("prod-help:\n\t@echo help\n"), Mode: 0o644}
			p, err := Build(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if stepOf(t, p, "Makefile").Action != Keep {
				t.Errorf("Makefile: %s, want keep", stepOf(t, p, "Makefile").Action)
			}
			switch {
			case tt.want == "" && len(p.Notes) > 0:
				t.Errorf("notes %q, want none", p.Notes)
			case tt.want != "" && (len(p.Notes) != 1 || !strings.HasPrefix(p.Notes[0], tt.want)):
				t.Errorf("notes %q, want one starting %q", p.Notes, tt.want)
			}
		})
	}
}
