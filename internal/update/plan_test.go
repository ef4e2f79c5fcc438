package update

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/merge"
)

// absent marks a version that has no file at a path.
const absent = "\x00absent"

// version is one file of a test case in the base, ours (the tree) and theirs.
type version struct {
	path                string
	owner               generator.Owner // tool when empty
	base, ours, theirs  string          // absent when the version has no file
	oursMode, baseMode  fs.FileMode     // 0644 when zero
	theirsMode          fs.FileMode     // 0644 when zero
	want                Action
	result              string   // the exact result, when set
	contains, notResult []string // substrings the result must have, and must not
}

var testLabels = merge.Labels{Ours: "yours", Base: "gonew-prod v0.1.0", Theirs: "gonew-prod v0.2.0"}

func orDefault(m fs.FileMode) fs.FileMode {
	if m == 0 {
		return 0o644
	}
	return m
}

// testRender returns a render of version v holding files.
func testRender(v string, files []generator.File) Render {
	r := Render{Record: generator.Record{
		Generator: generator.RecordGenerator{Name: "gonew-prod", Version: v, Templates: "sha256:" + v},
		Preset:    generator.RecordPreset{Name: "default", Source: "builtin"},
		Answers:   generator.Answers{Module: "example.com/acme/orders", Name: "orders", Framework: "gin", Go: "1.26"},
	}}
	slices.SortFunc(files, func(a, b generator.File) int { return strings.Compare(a.Path, b.Path) })
	for _, f := range files {
		r.Record.Files = append(r.Record.Files, generator.RecordEntry{Path: f.Path, SHA256: generator.Sum(f.Content), Owner: f.Owner})
	}
	r.Files = files
	return r
}

// setup builds the base, theirs and the tree of cases; the project's record is the
// base's.
func setup(t *testing.T, cases []version) (Input, fstest.MapFS) {
	t.Helper()
	var baseFiles, theirsFiles []generator.File
	tree := fstest.MapFS{}
	for _, c := range cases {
		owner := c.owner
		if owner == "" {
			owner = generator.OwnerTool
		}
		if c.base != absent {
			baseFiles = append(baseFiles, generator.File{Path: c.path, Mode: orDefault(c.baseMode), Owner: owner, Content: []byte(c.base)})
		}
		if c.theirs != absent {
			theirsFiles = append(theirsFiles, generator.File{Path: c.path, Mode: orDefault(c.theirsMode), Owner: owner, Content: []byte(c.theirs)})
		}
		if c.ours != absent {
			tree[c.path] = &fstest.MapFile{Data: []byte(c.ours), Mode: orDefault(c.oursMode)}
		}
	}
	base, theirs := testRender("v0.1.0", baseFiles), testRender("v0.2.0", theirsFiles)
	rec := base.Record
	recFile, err := rec.Encode()
	if err != nil {
		t.Fatal(err)
	}
	tree[generator.RecordFile] = &fstest.MapFile{Data: recFile.Content, Mode: 0o644}
	return Input{Tree: tree, Record: &rec, RecordData: recFile.Content, Base: &base, Theirs: theirs, Labels: testLabels}, tree
}

func stepOf(t *testing.T, p *Plan, path string) Step {
	t.Helper()
	for _, s := range p.Steps {
		if s.Path == path {
			return s
		}
	}
	t.Fatalf("no step for %s", path)
	return Step{}
}

func checkSteps(t *testing.T, p *Plan, cases []version) {
	t.Helper()
	for _, c := range cases {
		s := stepOf(t, p, c.path)
		if s.Action != c.want {
			t.Errorf("%s: action %s (%s), want %s", c.path, s.Action, s.Reason, c.want)
			continue
		}
		if c.result != "" && string(s.Result) != c.result {
			t.Errorf("%s: result\n%s\nwant\n%s", c.path, s.Result, c.result)
		}
		for _, sub := range c.contains {
			if !bytes.Contains(s.Result, []byte(sub)) {
				t.Errorf("%s: result lacks %q:\n%s", c.path, sub, s.Result)
			}
		}
		for _, sub := range c.notResult {
			if bytes.Contains(s.Result, []byte(sub)) {
				t.Errorf("%s: result has %q:\n%s", c.path, sub, s.Result)
			}
		}
	}
}

const (
	goFile = "package p\n\n// A is one.\nfunc A() int { return 1 }\n\n// B is two.\nfunc B() int { return 2 }\n"
	goMod  = "module example.com/acme/orders\n\ngo 1.26\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.12.0\n\tgo.uber.org/goleak v1.3.0\n)\n"
)

// TestBuildRules has a file for every rule of Build, all planned together.
func TestBuildRules(t *testing.T) {
	edited := strings.Replace(goFile, "// A is one.", "// A is one, as the user says.", 1)
	changed := strings.Replace(goFile, "return 2", "return 2 // two", 1)
	cases := []version{
		{path: "same-change.go", base: goFile, ours: changed, theirs: changed, want: Keep},
		{path: "untouched.go", base: goFile, ours: goFile, theirs: goFile, want: Keep},
		{path: "platform.go", base: goFile, ours: goFile, theirs: changed, want: Update, result: changed},
		{path: "dropped.go", base: goFile, ours: goFile, theirs: absent, want: Delete},
		{path: "user-edit.go", base: goFile, ours: edited, theirs: goFile, want: Keep},
		{path: "new.go", base: absent, ours: absent, theirs: goFile, want: Create, result: goFile},
		{path: "both-added.go", base: absent, ours: "package p\n// mine\n", theirs: "package p\n// theirs\n", want: Conflict,
			contains: []string{"<<<<<<< yours\n", "// mine\n", "||||||| gonew-prod v0.1.0\n", "=======\n", "// theirs\n", ">>>>>>> gonew-prod v0.2.0\n"}},
		{path: "both-added-same.go", base: absent, ours: goFile, theirs: goFile, want: Keep},
		{path: "dropped-edited.go", base: goFile, ours: edited, theirs: absent, want: KeepDropped},
		{path: "dropped-chmod.sh", base: "echo\n", baseMode: 0o644, ours: "echo\n", oursMode: 0o755, theirs: absent, want: KeepDropped},
		{path: "deleted.go", base: goFile, ours: absent, theirs: changed, want: NotApplied},
		{path: "deleted-same.go", base: goFile, ours: absent, theirs: goFile, want: KeepDeleted},
		{path: "README.md", owner: generator.OwnerUser, base: "# orders\n", ours: "# orders\n", theirs: "# orders\nmore\n", want: Keep},
		{path: "NEW-USER.md", owner: generator.OwnerUser, base: absent, ours: absent, theirs: "hello\n", want: Create, result: "hello\n"},
		{path: "DROPPED-USER.md", owner: generator.OwnerUser, base: "# example\n", ours: "# example\n", theirs: absent, want: KeepDropped},
		{path: "merge.go", base: goFile, ours: edited, theirs: changed, want: Merge,
			result: strings.Replace(changed, "// A is one.", "// A is one, as the user says.", 1)},
		{path: "conflict.go", base: goFile, ours: strings.Replace(goFile, "return 2", "return 22", 1), theirs: changed, want: Conflict,
			contains: []string{"<<<<<<< yours\nfunc B() int { return 22 }\n||||||| gonew-prod v0.1.0\nfunc B() int { return 2 }\n=======\nfunc B() int { return 2 // two }\n>>>>>>> gonew-prod v0.2.0\n"}},
		{path: "go.mod", owner: generator.OwnerMerge, base: goMod,
			ours:   strings.Replace(goMod, "\tgo.uber.org/goleak v1.3.0\n", "\tgithub.com/google/uuid v1.6.0\n\tgo.uber.org/goleak v1.3.0\n", 1),
			theirs: strings.Replace(goMod, "go 1.26", "go 1.27", 1) + "\nrequire golang.org/x/sys v0.49.0 // indirect\n",
			want:   Merge, contains: []string{"go 1.27", "github.com/google/uuid v1.6.0", "golang.org/x/sys v0.49.0", "gin v1.12.0"}},
		{path: "go.sum", owner: generator.OwnerMerge, base: "a.example v1.0.0 h1:a=\n",
			ours:   "a.example v1.0.0 h1:a=\nb.example v1.0.0 h1:b=\n",
			theirs: "a.example v1.0.0 h1:a=\nc.example v1.0.0 h1:c=\n",
			want:   Merge, result: "a.example v1.0.0 h1:a=\nb.example v1.0.0 h1:b=\nc.example v1.0.0 h1:c=\n"},
		// Merged by meaning: what both sides added at the end is joined, yours first.
		{path: "Makefile", owner: generator.OwnerMerge, base: "build:\n\tgo build ./...\n",
			ours: "build:\n\tgo build ./...\n\nseed:\n\t./seed.sh\n", theirs: "build:\n\tgo build ./...\n\nsbom:\n\tsyft .\n",
			want: Merge, result: "build:\n\tgo build ./...\n\nseed:\n\t./seed.sh\n\nsbom:\n\tsyft .\n"},
		{path: ".gitignore", owner: generator.OwnerMerge, base: "/bin/\n", ours: "/bin/\n*.db\n", theirs: "/bin/\ncoverage.out\n",
			want: Merge, result: "/bin/\n*.db\ncoverage.out\n"},
		{path: "internal/x.go", base: "package x\n", ours: "package x\n\nvar A = 1\n", theirs: "package x\n\nvar B = 2\n", want: Conflict},
		{path: "logo.png", base: "\x89PNG\x00base", ours: "\x89PNG\x00ours", theirs: "\x89PNG\x00theirs", want: Conflict},
		{path: "mode.sh", base: "echo\n", baseMode: 0o644, ours: "echo\n", oursMode: 0o755, theirs: "echo hi\n", want: Update, result: "echo hi\n"},
		{path: "mode-template.sh", base: "echo\n", ours: "echo\n", theirs: "echo\n", theirsMode: 0o755, want: Update, result: "echo\n"},
	}
	in, _ := setup(t, cases)
	p, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	checkSteps(t, p, cases)

	if s := stepOf(t, p, "mode.sh"); s.Mode != 0o755 {
		t.Errorf("mode.sh: mode %04o, want the user's 0755 kept", s.Mode)
	}
	if s := stepOf(t, p, "mode-template.sh"); s.Mode != 0o755 {
		t.Errorf("mode-template.sh: mode %04o, want this version's 0755", s.Mode)
	}
	bin := stepOf(t, p, "logo.png")
	if bin.TheirsCopy != "logo.png"+merge.TheirsSuffix || bin.Result != nil {
		t.Errorf("logo.png: theirs copy %q, result %q; want yours kept and theirs beside it", bin.TheirsCopy, bin.Result)
	}
	if p.Status() != Conflicts {
		t.Errorf("status %s, want %s", p.Status(), Conflicts)
	}
	wantConflicts := []string{"both-added.go", "conflict.go", "deleted.go", "internal/x.go", "logo.png"}
	if got := p.ConflictPaths(); !slices.Equal(got, wantConflicts) {
		t.Errorf("conflicts %v, want %v", got, wantConflicts)
	}

	changes := map[string]generator.Change{}
	for _, c := range p.Changes() {
		changes[c.Path] = c
	}
	wantChanged := []string{".gitignore", generator.RecordFile, "Makefile", "NEW-USER.md", "both-added.go", "conflict.go", "dropped.go", "go.mod", "go.sum",
		"internal/x.go", "logo.png" + merge.TheirsSuffix, "merge.go", "mode-template.sh", "mode.sh", "new.go", "platform.go"}
	if got := slices.Sorted(maps.Keys(changes)); !slices.Equal(got, wantChanged) {
		t.Errorf("changed paths %v\nwant %v", got, wantChanged)
	}
	if c := changes["dropped.go"]; !c.Delete || string(c.Old) != goFile {
		t.Errorf("dropped.go: change %+v, want a delete of the base's content", c)
	}
	if c := changes["logo.png"+merge.TheirsSuffix]; string(c.Content) != "\x89PNG\x00theirs" || c.Old != nil {
		t.Errorf("theirs copy of logo.png: %+v", c)
	}

	// The record describes theirs: the next update renders it again as its base.
	rec, err := generator.ParseRecord("record", changes[generator.RecordFile].Content)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Generator.Version != "v0.2.0" || !slices.Equal(rec.Conflicts, wantConflicts) {
		t.Errorf("record: version %s, conflicts %v", rec.Generator.Version, rec.Conflicts)
	}
	for _, f := range in.Theirs.Files {
		if e := rec.Entry(f.Path); e == nil || e.SHA256 != generator.Sum(f.Content) {
			t.Errorf("record entry of %s = %+v, want theirs' checksum", f.Path, e)
		}
	}
	if rec.Entry("dropped-edited.go") != nil {
		t.Error("the record still tracks dropped-edited.go, which this version no longer renders")
	}
}

// TestBuildModes checks that the mode of a file merges as git merges it, apart from its
// content (generator.MergeMode), and that the plan says how it changes: a new executable
// bit of this version's reaches a file whose content the user edited, and one whose mode
// only the checkout's umask or the user's 0600 set; a mode the user changed stays.
func TestBuildModes(t *testing.T) {
	const script, edited = "echo\n", "echo\necho mine\n"
	tests := []struct {
		name                           string
		ours                           string
		oursMode, baseMode, theirsMode fs.FileMode
		theirs                         string
		want                           Action
		wantMode                       fs.FileMode
		reason                         string
	}{
		{"edited content, this version makes it executable", edited, 0o644, 0o644, 0o755, script, Update, 0o755, "file mode 0644 becomes 0755"},
		{"edited content, this version drops the bit", edited, 0o755, 0o755, 0o644, script, Update, 0o644, "file mode 0755 becomes 0644"},
		{"umask 002 checkout, this version makes it executable", script, 0o664, 0o644, 0o755, script, Update, 0o775, "file mode 0664 becomes 0775"},
		{"private file, this version makes it executable", script, 0o600, 0o644, 0o755, script, Update, 0o700, "file mode 0600 becomes 0700"},
		{"umask 002 checkout, new content", script, 0o664, 0o644, 0o755, "echo hi\n", Update, 0o775, "file mode 0664 becomes 0775"},
		{"umask 002 checkout, nothing changes", script, 0o664, 0o644, 0o644, script, Keep, 0o664, ""},
		{"user's chmod +x, this version unchanged", edited, 0o755, 0o644, 0o644, script, Keep, 0o755, "your file mode 0755 kept (this version's is 0644)"},
		{"user's chmod +x, new content", script, 0o755, 0o644, 0o644, "echo hi\n", Update, 0o755, "your file mode 0755 kept (this version's is 0644)"},
		{"both edit content, this version makes it executable", edited, 0o644, 0o644, 0o755, "echo hi\n", Conflict, 0o755, "file mode 0644 becomes 0755"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cases := []version{{path: "deploy.sh", base: script, baseMode: tt.baseMode, ours: tt.ours, oursMode: tt.oursMode, theirs: tt.theirs, theirsMode: tt.theirsMode, want: tt.want}}
			in, _ := setup(t, cases)
			p, err := Build(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			checkSteps(t, p, cases)
			s := stepOf(t, p, "deploy.sh")
			if s.Action != Keep && s.Mode != tt.wantMode {
				t.Errorf("mode %04o, want %04o", s.Mode, tt.wantMode)
			}
			if s.Action == Keep && tt.oursMode != tt.wantMode {
				t.Errorf("kept at %04o, want %04o", tt.oursMode, tt.wantMode)
			}
			if !strings.Contains(s.Reason, tt.reason) || tt.reason == "" && strings.Contains(s.Reason, "mode") {
				t.Errorf("reason %q, want it to say %q", s.Reason, tt.reason)
			}
			if s.Action == Update && tt.ours == edited && string(s.Result) != edited {
				t.Errorf("result %q, want the user's content kept", s.Result)
			}
		})
	}
}

func TestBuildRecreate(t *testing.T) {
	cases := []version{
		{path: "a.go", base: goFile, ours: absent, theirs: goFile, want: Recreate, result: goFile},
		{path: "b.go", base: goFile, ours: absent, theirs: goFile, want: KeepDeleted},
		{path: "c.go", base: goFile, ours: goFile, theirs: goFile, want: Keep},
	}
	in, _ := setup(t, cases)
	in.Recreate = []string{"a.go"}
	p, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	checkSteps(t, p, cases)

	for _, bad := range [][]string{{"c.go"}, {"missing.go"}, {"a.go", "c.go"}, {"b.go", "a.go", "missing.go"}} {
		in.Recreate = bad
		_, err := Build(context.Background(), in)
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), "those are: a.go, b.go") {
			t.Errorf("--recreate %s: err = %v, want an input error listing the deleted files", bad, err)
		}
	}
}

// TestBuildWithoutBase checks the plan when the recorded version cannot be rendered:
// files the user did not edit are still updated, go.mod merges by meaning, and every
// other file both sides changed becomes a conflict holding both versions.
func TestBuildWithoutBase(t *testing.T) {
	edited := strings.Replace(goFile, "// A is one.", "// A is one, as the user says.", 1)
	changed := strings.Replace(goFile, "return 2", "return 2 // two", 1)
	cases := []version{
		{path: "platform.go", base: goFile, ours: goFile, theirs: changed, want: Update, result: changed},
		{path: "user-edit.go", base: goFile, ours: edited, theirs: goFile, want: Keep},
		{path: "both.go", base: goFile, ours: edited, theirs: changed, want: Conflict,
			result: "<<<<<<< yours\n" + edited + "||||||| gonew-prod v0.1.0 (unavailable)\n=======\n" + changed + ">>>>>>> gonew-prod v0.2.0\n"},
		{path: "dropped.go", base: goFile, ours: goFile, theirs: absent, want: Delete},
		{path: "go.mod", owner: generator.OwnerMerge, base: goMod,
			ours:   strings.Replace(goMod, "\tgo.uber.org/goleak v1.3.0\n", "\tgithub.com/google/uuid v1.6.0\n\tgo.uber.org/goleak v1.3.0\n", 1),
			theirs: strings.Replace(goMod, "gin v1.12.0", "gin v1.13.0", 1),
			want:   Merge, contains: []string{"github.com/google/uuid v1.6.0", "gin v1.13.0"}, notResult: []string{"<<<<<<<"}},
	}
	in, _ := setup(t, cases)
	in.Base = nil
	in.Labels.Base += " (unavailable)"
	p, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	checkSteps(t, p, cases)
}

func TestBuildUpToDate(t *testing.T) {
	cases := []version{
		{path: "a.go", base: goFile, ours: goFile, theirs: goFile, want: Keep},
		{path: "b.go", base: goFile, ours: strings.Replace(goFile, "one", "uno", 1), theirs: goFile, want: Keep},
		{path: "c.go", base: goFile, ours: absent, theirs: goFile, want: KeepDeleted},
	}
	in, tree := setup(t, cases)
	in.Theirs = *in.Base
	p, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status() != UpToDate || len(p.Changes()) != 0 {
		t.Fatalf("status %s, changes %v; want an update to the same version to change nothing", p.Status(), p.Changes())
	}

	// Conflicts an earlier update recorded, resolved since (a file's markers, a binary
	// file's theirs copy), or a not-applied change --resolved names: the record drops
	// them, which the update writes, so the status is clean, never up to date (what
	// --check, --dry-run and --json report is what the update does).
	for _, tt := range []struct {
		name                  string
		conflicts, notApplied []string
		resolved              []string
	}{
		{name: "conflict resolved in the file", conflicts: []string{"b.go"}},
		{name: "not-applied change --resolved", conflicts: []string{"c.go"}, notApplied: []string{"c.go"}, resolved: []string{"c.go"}},
	} {
		rec := *in.Record
		rec.Conflicts, rec.NotApplied = tt.conflicts, tt.notApplied
		f, _ := rec.Encode()
		tree[generator.RecordFile] = &fstest.MapFile{Data: f.Content}
		next := in
		next.Record, next.RecordData, next.Resolved = &rec, f.Content, tt.resolved
		p, err = Build(context.Background(), next)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		changes := p.Changes()
		if p.Status() != Clean || !p.ConflictsOnly() || len(changes) != 1 || changes[0].Path != generator.RecordFile || bytes.Contains(changes[0].Content, []byte("conflicts:")) {
			var paths []string
			for _, c := range changes {
				paths = append(paths, c.Path)
			}
			t.Errorf("%s: status %s, conflicts only %v, changes to %q; want clean, the record alone, with the conflict dropped from it", tt.name, p.Status(), p.ConflictsOnly(), paths)
		}
	}
}

// TestRecordKeepsItsMode checks that the record an update rewrites keeps the mode the
// user gave it, as every other replaced file does, whatever mode a render gives it.
func TestRecordKeepsItsMode(t *testing.T) {
	changed := strings.Replace(goFile, "return 2", "return 2 // two", 1)
	for _, mode := range []fs.FileMode{0o600, 0o644, 0o664} {
		in, tree := setup(t, []version{{path: "a.go", base: goFile, ours: goFile, theirs: changed, want: Update}})
		tree[generator.RecordFile].Mode = mode
		p, err := Build(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		changes := p.Changes()
		i := slices.IndexFunc(changes, func(c generator.Change) bool { return c.Path == generator.RecordFile })
		if i < 0 {
			t.Fatalf("changes %v: want the record rewritten", changes)
		}
		if changes[i].Mode != mode {
			t.Errorf("record of mode %v rewritten with mode %v, want it kept", mode, changes[i].Mode)
		}
	}
}

// TestRecordKeepsItsComments checks that the record an update rewrites keeps the
// comments a team added to it, and names those of an entry this version drops.
func TestRecordKeepsItsComments(t *testing.T) {
	changed := strings.Replace(goFile, "return 2", "return 2 // two", 1)
	in, tree := setup(t, []version{
		{path: "a.go", base: goFile, ours: goFile, theirs: changed, want: Update},
		{path: "b.go", base: goFile, ours: goFile, theirs: absent, want: Delete},
	})
	data := strings.Replace(string(in.RecordData), "answers:\n", "# SEC-42: the port is fixed by the mesh\nanswers:\n", 1)
	data = strings.Replace(data, "  - path: b.go\n", "  # b.go: reviewed by sre\n  - path: b.go\n", 1)
	in.RecordData, tree[generator.RecordFile].Data = []byte(data), []byte(data)
	p, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(p.Changes(), func(c generator.Change) bool { return c.Path == generator.RecordFile })
	if i < 0 {
		t.Fatal("want the record rewritten")
	}
	if got := string(p.Changes()[i].Content); !strings.Contains(got, "# SEC-42: the port is fixed by the mesh\nanswers:\n") || !strings.Contains(got, "version: v0.2.0") {
		t.Errorf("record written:\n%s\nwant the comment kept at answers, and the new version", got)
	}
	if !slices.Equal(p.DroppedComments, []string{"# b.go: reviewed by sre"}) {
		t.Errorf("dropped comments %q, want the one of b.go, which this version drops", p.DroppedComments)
	}
}

// TestCheckRefuses checks the proof run before anything is written: a step that would
// lose a user's edit is refused, whoever planned it.
func TestCheckRefuses(t *testing.T) {
	cases := []version{{path: "a.go", base: "a\nb\n", ours: "a\nB\n", theirs: "a\nb\nc\n", want: Merge}}
	in, _ := setup(t, cases)
	rec := in.Record
	bad := []Step{
		{Path: "a.go", Action: Merge, Base: []byte("a\nb\n"), Ours: []byte("a\nB\n"), Result: []byte("a\nb\nc\n")},
		{Path: "a.go", Action: Delete, Ours: []byte("a\nB\n")},
		{Path: "a.go", Action: Update, Ours: []byte("a\nB\n"), Result: []byte("a\nb\nc\n")},
		{Path: "a.go", Action: Create, Ours: []byte("a\nB\n"), Result: []byte("x\n")},
		{Path: "go.mod", Action: Merge, Base: []byte(goMod), Ours: []byte(goMod), Result: []byte(strings.Replace(goMod, "gin v1.12.0", "gin v1.11.0", 1))},
	}
	for _, s := range bad {
		p := &Plan{Steps: []Step{s}}
		if err := p.check(Input{Record: rec}); err == nil || !strings.Contains(err.Error(), "refusing to write") {
			t.Errorf("%s %s: check = %v, want a refusal", s.Action, s.Path, err)
		}
	}
}

func TestCheckBase(t *testing.T) {
	files := []generator.File{{Path: "a.go", Content: []byte("a\n")}, {Path: "b.go", Content: []byte("b\n")}}
	base := testRender("v0.1.0", files)
	rec := base.Record
	if err := CheckBase(&rec, base, nil, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		files []generator.File
		want  string
	}{
		{"differs", []generator.File{{Path: "a.go", Content: []byte("A\n")}, files[1]}, "a.go differs from its recorded sha256"},
		{"missing", files[:1], "b.go is not rendered"},
		{"extra", append(slices.Clone(files), generator.File{Path: "c.go"}), "c.go is rendered but not recorded"},
		// An owner edited into the record (owner: user for a tool's file) is obeyed by
		// the plan, and the new record would take the render's again (round 28 update/2).
		{"owner", []generator.File{files[0], {Path: "b.go", Owner: generator.OwnerUser, Content: []byte("b\n")}}, "b.go is recorded with owner tool but rendered with owner user, which the template sets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckBase(&rec, Render{Files: tt.files}, nil, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "refusing to guess") {
				t.Fatalf("CheckBase = %v, want an error with %q", err, tt.want)
			}
			// The likely cause, a record edited by hand, and the way out.
			for _, want := range []string{".gonew-prod.yaml was likely edited by hand", "git log -p -- .gonew-prod.yaml", "git checkout REV -- .gonew-prod.yaml", "edit the files"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("CheckBase = %v, want it to say %q", err, want)
				}
			}
			// A record no commit has (RestoreRecord says nothing) gets no git command.
			err = CheckBase(&rec, Render{Files: tt.files}, nil, func() string { return "" })
			if err == nil || !strings.Contains(err.Error(), "put it back as gonew-prod wrote it ("+RecordNotCommitted+")") || strings.Contains(err.Error(), "git log") {
				t.Errorf("CheckBase of a record no commit has = %v, want it to say %q and name no git command", err, RecordNotCommitted)
			}
		})
	}

	// Guarded blocks: a rendered one must match the record; one read from the tree (the
	// user's lines) is known by its checksum only, and passes edited or removed.
	block := []byte("// >>> gonew-prod:wire\nserve()\n// <<< gonew-prod:wire\n")
	rec.Blocks = []generator.RecordBlock{{Path: "main.go", ID: "wire", SHA256: generator.Sum(block)}}
	edited := []byte("// >>> gonew-prod:wire\nserve() // mine\n// <<< gonew-prod:wire\n")
	blockTests := []struct {
		name   string
		blocks []Block
		want   string // "" when it passes
	}{
		{"rendered as recorded", []Block{{Path: "main.go", ID: "wire", Content: block}}, ""},
		{"rendered otherwise", []Block{{Path: "main.go", ID: "wire", Content: edited}}, "guarded block wire in main.go differs"},
		{"not rendered", nil, "guarded block wire in main.go differs"},
		{"found edited", []Block{{Path: "main.go", ID: "wire", Content: edited, Found: true}}, ""},
		{"found removed", []Block{{Path: "main.go", ID: "wire", Found: true}}, ""},
	}
	for _, tt := range blockTests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckBase(&rec, Render{Files: files, Blocks: tt.blocks}, nil, nil)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("CheckBase = %v, want it to pass", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("CheckBase = %v, want an error with %q", err, tt.want)
			}
		})
	}
}

// TestCheckBaseModes: a base that renders a file executable the record says was not (a
// pack directory changed in place by its executable: list alone), or the other way
// round, does not match the record; the executable bit is what counts, as for git. A
// record entry without a mode may come from before modes were recorded: the project's
// own file tells then.
func TestCheckBaseModes(t *testing.T) {
	tree := func(executable bool) func(string) (bool, bool) {
		return func(string) (bool, bool) { return executable, true }
	}
	tests := []struct {
		name     string
		recorded string                    // the record entry's mode
		rendered fs.FileMode               // the base's
		tree     func(string) (bool, bool) // nil for none
		want     string                    // "" when it passes
		path     string                    // "" for scripts/run.sh
	}{
		{"made executable, recorded 0644", "", 0o755, tree(false), "scripts/run.sh is rendered with mode 0755, not its recorded 0644, and your file is not executable either (if you made it so yourself, with chmod -x or in a checkout with core.fileMode=false, under a record from before modes were recorded, make it executable again: git update-index --chmod=+x scripts/run.sh", ""},
		{"made executable, no tree", "", 0o755, nil, "", ""},
		{"made executable, executable in the tree (an older record)", "", 0o755, tree(true), "", ""},
		{"made plain, recorded 0755", "0755", 0o644, tree(true), "scripts/run.sh is rendered with mode 0644, not its recorded 0755", ""},
		{"made plain, recorded 0755, no tree", "0755", 0o644, nil, "rendered with mode 0644, not its recorded 0755", ""},
		{"executable as recorded", "0755", 0o755, tree(false), "", ""},
		{"executable under another umask", "0755", 0o700, nil, "", ""},
		{"plain under another umask", "", 0o600, tree(false), "", ""},
		{"made executable, a path the shell splits", "", 0o755, tree(false), "git update-index --chmod=+x 'scripts/run it.sh' and chmod +x 'scripts/run it.sh'", "scripts/run it.sh"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := cmp.Or(tt.path, "scripts/run.sh")
			files := []generator.File{{Path: path, Mode: tt.rendered, Content: []byte("#!/bin/sh\n")}}
			rec := testRender("v0.1.0", files).Record
			rec.Preset.Source = "./pack"
			rec.Files[0].Mode = tt.recorded
			err := CheckBase(&rec, Render{Files: files}, tt.tree, nil)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("CheckBase = %v, want it to pass", err)
			case tt.want != "" && (!errors.Is(err, ErrBaseMismatch) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "pack directory ./pack, which has likely changed since")):
				t.Fatalf("CheckBase = %v, want a mismatch with %q naming the pack directory", err, tt.want)
			}
		})
	}
}

// TestCheckBaseNamesThePackDirectory: a base that does not match the record of a project
// made from a pack directory (which records no version of its files) names the directory
// as the likely cause and the way out; one made from a pack module names the module
// version as re-tagged, perhaps; a built-in pack is not blamed.
func TestCheckBaseNamesThePackDirectory(t *testing.T) {
	files := []generator.File{{Path: "CODEOWNERS", Content: []byte("* @acme/platform\n")}}
	changed := []generator.File{{Path: "CODEOWNERS", Content: []byte("* @acme/platform\n/k8s/ @acme/sre\n")}}
	tests := []struct {
		name, source string
		blamed       bool
	}{
		{"a pack directory", "/srv/packs/acme", true},
		{"a relative pack directory", "../packs/acme", true},
		{"a built-in pack", "builtin", false},
		{"a module pack", "example.com/acme/packs@v1.2.0/svc", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := testRender("v0.1.0", files).Record
			rec.Preset.Source = tt.source
			err := CheckBase(&rec, Render{Files: changed}, nil, nil)
			if err == nil {
				t.Fatal("CheckBase passed a base that differs")
			}
			want := "the project was made from the pack directory " + tt.source + ", which has likely changed since"
			if blamed := strings.Contains(err.Error(), want) && strings.Contains(err.Error(), "gonew-prod update --preset NEWDIR"); blamed != tt.blamed {
				t.Errorf("CheckBase = %v; names the pack directory and --preset: %v, want %v", err, blamed, tt.blamed)
			}
			if !strings.Contains(err.Error(), "was likely edited by hand") {
				t.Errorf("CheckBase = %v; want it to name a record edited by hand too", err)
			}
			module := strings.Contains(tt.source, "@")
			want = "the project was made from the pack module " + tt.source + ": if example.com/acme/packs@v1.2.0 was published again with other content"
			if named := strings.Contains(err.Error(), want); named != module {
				t.Errorf("CheckBase = %v; names the pack module as re-tagged: %v, want %v", err, named, module)
			}
		})
	}
}

// TestTheirsCopyInTheWay: a file of the user's where a binary conflict would write theirs
// is refused (exit 2, nothing written), never replaced; the earlier update's own copy there
// is not in the way.
func TestTheirsCopyInTheWay(t *testing.T) {
	for _, tt := range []struct {
		name, there, wantErr string
	}{
		{"a file of the user's", "mine", "logo.png" + merge.TheirsSuffix + " is in the way of the new version of logo.png"},
		{"theirs already", "\x89PNG\x00theirs", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in, tree := setup(t, []version{{path: "logo.png", base: "\x89PNG\x00base", ours: "\x89PNG\x00ours", theirs: "\x89PNG\x00theirs"}})
			tree["logo.png"+merge.TheirsSuffix] = &fstest.MapFile{Data: []byte(tt.there), Mode: 0o644}
			_, err := Build(context.Background(), in)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Build: %v, want %q", err, tt.wantErr)
			}
			// A refusal about the user's tree: an InputError (exit 2), saying nothing is written.
			if _, input := errors.AsType[*InputError](err); tt.wantErr != "" && (!input || !strings.HasPrefix(err.Error(), "nothing written: ")) {
				t.Errorf("Build: %v (%T), want an InputError beginning with \"nothing written: \"", err, err)
			}
		})
	}
}

// stubRenderer renders the base for the recorded version and theirs for any other.
type stubRenderer struct{ base, theirs Render }

func (s stubRenderer) Render(_ context.Context, req Request) (Render, error) {
	if req.Version == s.base.Record.Generator.Version {
		return s.base, nil
	}
	return s.theirs, nil
}

// TestPrepareRefusesLinkedDirectory checks that a file update must read below a directory
// that is a symbolic link to outside the project is refused before anything is planned,
// never read through the link: a file holding guarded blocks, and a file an earlier update
// left with conflicts. Nothing outside the project changes.
func TestPrepareRefusesLinkedDirectory(t *testing.T) {
	const linked = "internal/platform/Makefile"
	tests := []struct {
		name    string
		outside string // the file outside the project, reached through the link
		change  func(rec *generator.Record, base, theirs *Render)
	}{
		{"guarded block", userTop + blockBase + userBottom, func(rec *generator.Record, base, theirs *Render) {
			base.Blocks = []Block{{Path: linked, ID: "makefile", Content: []byte(blockBase)}}
			theirs.Blocks = []Block{{Path: linked, ID: "makefile", Content: []byte(blockTheirs)}}
			rec.Blocks = []generator.RecordBlock{{Path: linked, ID: "makefile", SHA256: generator.Sum([]byte(blockBase))}}
		}},
		{"pending conflict", "<<<<<<< yours\nmine\n=======\ntheirs\n>>>>>>> gonew-prod v0.2.0\n", func(rec *generator.Record, _, _ *Render) {
			rec.Conflicts = []string{linked}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, _ := setup(t, []version{{path: "go.mod", base: goMod, ours: goMod, theirs: goMod, want: Keep}})
			rec, base, theirs := *in.Record, *in.Base, in.Theirs
			tt.change(&rec, &base, &theirs)
			recFile, err := rec.Encode()
			if err != nil {
				t.Fatal(err)
			}
			parent := t.TempDir()
			writeFiles(t, parent, map[string]string{
				"outside/Makefile":             tt.outside,
				"proj/go.mod":                  goMod,
				"proj/" + generator.RecordFile: string(recFile.Content),
			})
			dir := filepath.Join(parent, "proj")
			if err := os.Mkdir(filepath.Join(dir, "internal"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join("..", "..", "outside"), filepath.Join(dir, "internal", "platform")); err != nil {
				t.Fatal(err)
			}

			p, err := Open(context.Background(), nil, dir, "v0.1.0")
			if err == nil {
				_, err = Prepare(context.Background(), stubRenderer{base: base, theirs: theirs}, p, Options{To: theirs.Record.Generator.Version})
			}
			if err == nil || !strings.Contains(err.Error(), linked) || !strings.Contains(err.Error(), "internal/platform is a symbolic link") {
				t.Fatalf("update through a linked directory: %v, want a refusal naming %s and the link", err, linked)
			}
			if got := readFileT(t, parent, "outside/Makefile"); got != tt.outside {
				t.Errorf("the file outside the project changed:\n%s", got)
			}
		})
	}
}

// TestBuildBlockedPath checks a template path that is not a regular file in the tree (a
// directory, a symbolic link, a file below a link): left as it is when this version does
// not change the file, refused when it does, so that the record never lists a version's
// file that was not written.
func TestBuildBlockedPath(t *testing.T) {
	const p = "internal/platform/lifecycle/lifecycle.go"
	link := &fstest.MapFile{Data: []byte("../elsewhere"), Mode: fs.ModeSymlink | 0o777}
	large := &fstest.MapFile{Data: make([]byte, generator.MaxTreeFile+1), Mode: 0o644}
	tests := []struct {
		name    string
		theirs  string // absent when this version drops the file
		blocker map[string]*fstest.MapFile
		refused string // in the refusal; "" when the file is kept
	}{
		{"directory, unchanged", goFile, map[string]*fstest.MapFile{p + "/x": {Data: []byte("x")}}, ""},
		{"directory, changed", goFile + "// C.\n", map[string]*fstest.MapFile{p + "/x": {Data: []byte("x")}}, p + " is a directory, where this version has a file, and it holds " + p + "/x (a file of yours), which update does not delete: move it out of " + p + "/"},
		{"below a link, changed", goFile + "// C.\n", map[string]*fstest.MapFile{"internal/platform": link}, p + ": internal/platform is a symbolic link, where this version changes the file"},
		{"below a link, dropped", absent, map[string]*fstest.MapFile{"internal/platform": link}, ""},
		{"too large, changed", goFile + "// C.\n", map[string]*fstest.MapFile{p: large}, fmt.Sprintf("%s is larger than %d bytes, where this version changes the file; it is %d bytes, and update reads a file of the project up to 64 MiB", p, generator.MaxTreeFile, generator.MaxTreeFile+1)},
		{"too large, unchanged", goFile, map[string]*fstest.MapFile{p: large}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, tree := setup(t, []version{{path: p, base: goFile, ours: absent, theirs: tt.theirs}})
			maps.Copy(tree, tt.blocker)
			plan, err := Build(context.Background(), in)
			if tt.refused != "" {
				var ie *InputError
				if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.refused) {
					t.Fatalf("Build = %v, want an input error with %q", err, tt.refused)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range plan.Steps {
				if strings.HasPrefix(s.Path, "internal/") && (s.Action != Keep || s.writes()) {
					t.Errorf("%s: %s (%s), want it kept", s.Path, s.Action, s.Reason)
				}
			}
			if plan.Status() == Conflicts {
				t.Errorf("status %v", plan.Status())
			}
		})
	}
}

// TestBuildLinkedFile checks a file the user replaced by a symbolic link (a config a
// monorepo's services share) that this version changes or adds: the link is left as it is
// and never read or written through, the change is not applied (a conflict the record
// lists), and every other file is updated. The next update shows it again, --resolved
// drops it from the record's conflicts, and --recreate, which would write through the
// link, is refused. Open does not take the link for a pending conflict.
func TestBuildLinkedFile(t *testing.T) {
	const p = ".golangci.yml"
	link := &fstest.MapFile{Data: []byte("../shared/golangci.yml"), Mode: fs.ModeSymlink | 0o777}
	changed := strings.Replace(goFile, "return 2", "return 2 // two", 1)
	for _, recorded := range []bool{true, false} {
		base := "version: 2\n"
		if !recorded {
			base = absent
		}
		in, tree := setup(t, []version{
			{path: p, base: base, ours: absent, theirs: "version: 2\nenable: [gosec]\n"},
			{path: "other.go", base: goFile, ours: goFile, theirs: changed, want: Update},
		})
		tree[p] = link
		plan, err := Build(context.Background(), in)
		if err != nil {
			t.Fatalf("recorded %v: Build = %v, want the link's change not applied and the rest updated", recorded, err)
		}
		if s := stepOf(t, plan, p); s.Action != NotApplied || s.writes() || !strings.Contains(s.Reason, "symbolic link") || !strings.Contains(s.Reason, "--resolved "+p) || strings.Contains(s.Reason, "--recreate") {
			t.Errorf("recorded %v: %s (%s), want not-applied naming the link and --resolved, not --recreate", recorded, s.Action, s.Reason)
		}
		if s := stepOf(t, plan, "other.go"); s.Action != Update {
			t.Errorf("recorded %v: other.go %s (%s), want update", recorded, s.Action, s.Reason)
		}
		if plan.Status() != Conflicts || !slices.Equal(plan.Record.Conflicts, []string{p}) {
			t.Errorf("recorded %v: status %s, conflicts %q; want conflict, [%s]", recorded, plan.Status(), plan.Record.Conflicts, p)
		}
		for _, c := range plan.Changes() {
			if c.Path == p {
				t.Errorf("recorded %v: the update writes %s, a link", recorded, p)
			}
		}
	}

	// The next update: the record lists the link's path in its conflicts.
	next, tree := setup(t, []version{{path: p, base: "version: 2\n", ours: absent, theirs: "version: 2\n"}})
	tree[p] = link
	next.Record.Conflicts = []string{p}
	plan, err := Build(context.Background(), next)
	if err != nil {
		t.Fatal(err)
	}
	if s := stepOf(t, plan, p); s.Action != NotApplied || !strings.Contains(s.Reason, "an earlier update's change") {
		t.Errorf("next update: %s (%s), want not-applied naming the earlier update's change", s.Action, s.Reason)
	}
	next.Recreate = []string{p}
	if _, err := Build(context.Background(), next); err == nil || !strings.Contains(err.Error(), "--recreate "+p+": a symbolic link of yours is in its place") {
		t.Errorf("--recreate of a link: %v, want a refusal naming the link", err)
	}
	next.Recreate, next.Resolved = nil, []string{p}
	if plan, err = Build(context.Background(), next); err != nil {
		t.Fatal(err)
	}
	if s := stepOf(t, plan, p); s.Action != Keep || len(plan.Record.Conflicts) != 0 || plan.Status() == Conflicts {
		t.Errorf("--resolved: %s (%s), status %s, conflicts %q; want keep, none", s.Action, s.Reason, plan.Status(), plan.Record.Conflicts)
	}

	// Open: the link in the record's conflicts is no pending conflict and no refusal.
	dir := t.TempDir()
	recFile, err := next.Record.Encode()
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{generator.RecordFile: string(recFile.Content), "shared.yml": "<<<<<<< not a conflict of this project\n"})
	if err := os.Symlink("shared.yml", filepath.Join(dir, p)); err != nil {
		t.Fatal(err)
	}
	if proj, err := Open(context.Background(), nil, dir, "v0.1.0"); err != nil || len(proj.Pending) != 0 {
		t.Errorf("Open with a link in the conflicts: %v, want no refusal and nothing pending", err)
	}
}

// TestBuildCRLFCheckout plans the update of a checkout whose files git wrote with CRLF
// line endings (core.autocrlf, eol=crlf) where the record's have LF ones: a file is
// compared as git would commit it, so a file nobody edited takes theirs, and what the
// update writes keeps the tree's line endings. A file that differs in more than its
// line endings is the user's edit, as before.
func TestBuildCRLFCheckout(t *testing.T) {
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	edited := strings.Replace(goFile, "// A is one.", "// A is one, as the user says.", 1)
	changed := strings.Replace(goFile, "return 2", "return 2 // two", 1)
	withCR := "a\rb\nc\n"
	cases := []version{
		{path: "untouched.go", base: goFile, ours: crlf(goFile), theirs: changed, want: Update, result: crlf(changed)},
		{path: "same.go", base: goFile, ours: crlf(goFile), theirs: goFile, want: Keep},
		{path: "dropped.go", base: goFile, ours: crlf(goFile), theirs: absent, want: Delete},
		{path: "merge.go", base: goFile, ours: crlf(edited), theirs: changed, want: Merge,
			result: crlf(strings.Replace(changed, "// A is one.", "// A is one, as the user says.", 1))},
		{path: "conflict.go", base: goFile, ours: crlf(strings.Replace(goFile, "return 2", "return 22", 1)), theirs: changed, want: Conflict,
			contains: []string{"<<<<<<< yours\r\nfunc B() int { return 22 }\r\n||||||| gonew-prod v0.1.0\r\nfunc B() int { return 2 }\r\n=======\r\nfunc B() int { return 2 // two }\r\n>>>>>>> gonew-prod v0.2.0\r\n"}},
		// Only some lines in CRLF: no checkout writes that, and git without autocrlf
		// commits the carriage return, an edit of the user's: merged, and kept.
		{path: "mixed.go", base: goFile, ours: strings.Replace(goFile, "package p\n", "package p\r\n", 1), theirs: changed, want: Merge,
			result: strings.Replace(changed, "package p\n", "package p\r\n", 1)},
		{path: "mixed-dropped.go", base: goFile, ours: strings.Replace(goFile, "package p\n", "package p\r\n", 1), theirs: absent, want: KeepDropped},
		// A carriage return that ends no line is the user's: git commits it, so does this.
		{path: "lone-cr.txt", base: withCR, ours: crlf(withCR), theirs: withCR + "d\n", want: Conflict},
		{path: "edited-cr.txt", base: "a\nb\n", ours: "a\r\nb\r\nc\r", theirs: "a\nb\nd\n", want: Conflict},
		// A recorded file with CRLF line endings of its own is compared byte for byte.
		{path: "recorded-crlf.bat", base: "@echo off\r\n", ours: "@echo off\n", theirs: "@echo on\r\n", want: Conflict},
		{path: "go.sum", owner: generator.OwnerMerge, base: "a.example v1.0.0 h1:a=\n",
			ours:   crlf("a.example v1.0.0 h1:a=\nb.example v1.0.0 h1:b=\n"),
			theirs: "a.example v1.0.0 h1:a=\nc.example v1.0.0 h1:c=\n",
			want:   Merge, result: crlf("a.example v1.0.0 h1:a=\nb.example v1.0.0 h1:b=\nc.example v1.0.0 h1:c=\n")},
	}
	in, tree := setup(t, cases)
	in.RecordData = []byte(crlf(string(in.RecordData)))
	tree[generator.RecordFile].Data = in.RecordData
	p, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	checkSteps(t, p, cases)
	for _, c := range p.Changes() {
		if c.Path == generator.RecordFile && !generator.CRLF(c.Content) {
			t.Errorf("the record is written with LF line endings, want the tree's CRLF:\n%q", c.Content)
		}
	}

	// An update to the recorded version changes nothing: the tree is as git would
	// commit the base, the record included.
	in.Theirs = *in.Base
	p, err = Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range p.Steps {
		if s.Action == Update || s.Action == Delete {
			t.Errorf("%s: %s (%s) in an update to the recorded version", s.Path, s.Action, s.Reason)
		}
	}
	if p.RecordChanged() {
		t.Errorf("an update to the recorded version rewrites the record:\n%q", p.Changes()[len(p.Changes())-1].Content)
	}
}

// TestLookAdvice checks the advice of a refusal of what is in the way: a file where the
// path needs a directory is to be moved away, a link or a directory where a file goes is
// to be made a regular file.
func TestLookAdvice(t *testing.T) {
	tree := fstest.MapFS{
		"extra":       {Data: []byte("a file\n")},
		"docs/README": {Data: []byte("x\n")},
		"link":        {Mode: fs.ModeSymlink, Data: []byte("elsewhere")},
		"NOTES.txt":   {Data: make([]byte, generator.MaxTreeFile+1)},
	}
	tests := []struct{ rel, want string }{
		{"NOTES.txt", fmt.Sprintf("NOTES.txt is larger than %d bytes; it is %d bytes, and update reads a file of the project up to 64 MiB", generator.MaxTreeFile, generator.MaxTreeFile+1)},
		{"extra/readme.md", "extra/readme.md: extra is not a directory; update needs a directory there: move the file away (or rename it)"},
		{"docs", "docs is a directory; update reads and writes only regular files of the project, never through a link: make it one"},
		{"link", "link is a symbolic link; update reads and writes only regular files"},
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			_, _, err := look(tree, tt.rel)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("look(%s) = %v, want %q", tt.rel, err, tt.want)
			}
		})
	}
}

// TestBuildNotApplied checks a file the user deleted (or moved) that this version
// changes: the change is not applied, which the plan says (NotApplied, naming --recreate)
// and counts as a conflict, and the record lists the path in its conflicts, so that the
// next update shows it again although its base then has the change; one this version
// does not change stays deleted quietly.
func TestBuildNotApplied(t *testing.T) {
	changed := goFile + "\n// B2 is new in this version.\nfunc B2() int { return 2 }\n"
	cases := []version{
		{path: "changed.go", base: goFile, ours: absent, theirs: changed, want: NotApplied},
		{path: "same.go", base: goFile, ours: absent, theirs: goFile, want: KeepDeleted},
	}
	in, _ := setup(t, cases)
	in.Resolved = []string{"changed.go"}
	if _, err := Build(context.Background(), in); err == nil || !strings.Contains(err.Error(), "--resolved changed.go: the version you update to changes the file too") {
		t.Errorf("--resolved with this version's change not applied: %v", err)
	}
	in.Resolved = nil
	p, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	checkSteps(t, p, cases)
	if s := stepOf(t, p, "changed.go"); !strings.Contains(s.Reason, "this version changes it") || !strings.Contains(s.Reason, "--recreate changed.go") || !strings.Contains(s.Reason, "--resolved changed.go") {
		t.Errorf("reason %q, want one saying that this version changes it and naming --recreate changed.go", s.Reason)
	}
	if p.Status() != Conflicts || !slices.Equal(p.Record.Conflicts, []string{"changed.go"}) || !slices.Equal(p.NotApplied(), []string{"changed.go"}) || !slices.Equal(p.Record.NotApplied, []string{"changed.go"}) {
		t.Errorf("status %s, record conflicts %q, not applied %q, record not_applied %q; want conflict and [changed.go]", p.Status(), p.Record.Conflicts, p.NotApplied(), p.Record.NotApplied)
	}
	if len(p.Changes()) != 1 {
		t.Errorf("changes %v, want the record's only", p.Changes())
	}

	// The next update (the same version again): its base has the change, the record still
	// lists the path.
	next, _ := setup(t, []version{
		{path: "changed.go", base: changed, ours: absent, theirs: changed},
		{path: "same.go", base: goFile, ours: absent, theirs: goFile},
	})
	next.Record.Conflicts = []string{"changed.go"}
	p, err = Build(context.Background(), next)
	if err != nil {
		t.Fatal(err)
	}
	if s := stepOf(t, p, "changed.go"); s.Action != NotApplied || !strings.Contains(s.Reason, "an earlier update's change") {
		t.Errorf("next update: %s (%s), want not-applied naming the earlier update's change", s.Action, s.Reason)
	}
	if p.Status() != Conflicts || !slices.Equal(p.Record.Conflicts, []string{"changed.go"}) {
		t.Errorf("next update: status %s, record conflicts %q; want conflict, [changed.go]", p.Status(), p.Record.Conflicts)
	}

	// --resolved says the change was ported: it stays deleted and leaves the conflicts;
	// a path that is no such step is refused, naming those that are.
	next.Resolved = []string{"changed.go"}
	if p, err = Build(context.Background(), next); err != nil {
		t.Fatal(err)
	}
	if s := stepOf(t, p, "changed.go"); s.Action != KeepDeleted || len(p.Record.Conflicts) != 0 || p.Status() == Conflicts {
		t.Errorf("--resolved: %s (%s), status %s, record conflicts %q; want keep-deleted, none", s.Action, s.Reason, p.Status(), p.Record.Conflicts)
	}
	next.Resolved = []string{"same.go"}
	if _, err = Build(context.Background(), next); err == nil || !strings.Contains(err.Error(), "--resolved same.go: not a file you deleted whose change an earlier update left not applied (those are: changed.go)") {
		t.Errorf("--resolved same.go: %v", err)
	}
	next.Resolved = nil

	// --recreate brings it back with the change, and the record no longer lists it.
	next.Recreate = []string{"changed.go"}
	if p, err = Build(context.Background(), next); err != nil {
		t.Fatal(err)
	}
	if s := stepOf(t, p, "changed.go"); s.Action != Recreate || string(s.Result) != changed || len(p.Record.Conflicts) != 0 {
		t.Errorf("--recreate: %s (%s), record conflicts %q; want recreate with the change, none", s.Action, s.Reason, p.Record.Conflicts)
	}
}

// TestBuildNotAppliedBroughtBack plans the update after one that left a change not
// applied to a file the user deleted, who then brought the file back by hand (git
// checkout of the old content) rather than with --recreate: the file still lacks the
// change, which stays not applied, until the user ports it (the file is then as this
// version has it) or says so with --resolved. A conflict the user resolved in the file
// (listed in conflicts, not in not_applied) leaves the record as before.
func TestBuildNotAppliedBroughtBack(t *testing.T) {
	changed := goFile + "\n// B2 is new in this version.\nfunc B2() int { return 2 }\n"
	cases := []version{{path: "changed.go", base: changed, ours: goFile, theirs: changed}}
	in, _ := setup(t, cases)
	in.Record.Conflicts, in.Record.NotApplied = []string{"changed.go"}, []string{"changed.go"}
	p, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	s := stepOf(t, p, "changed.go")
	if s.Action != NotApplied || !strings.Contains(s.Reason, "you brought it back (not by --recreate)") || strings.Contains(s.Reason, "--recreate changed.go") {
		t.Errorf("brought back: %s (%s), want not-applied saying it was brought back, without --recreate advice", s.Action, s.Reason)
	}
	if s.Result != nil || p.Status() != Conflicts || !slices.Equal(p.Record.Conflicts, []string{"changed.go"}) || !slices.Equal(p.Record.NotApplied, []string{"changed.go"}) {
		t.Errorf("brought back: result %q, status %s, record conflicts %q, not_applied %q; want none written, conflict, [changed.go] in both", s.Result, p.Status(), p.Record.Conflicts, p.Record.NotApplied)
	}
	in.Recreate = []string{"changed.go"}
	if _, err := Build(context.Background(), in); err == nil || !strings.Contains(err.Error(), "--recreate changed.go: not a file you deleted") {
		t.Errorf("--recreate of a file brought back: %v, want refused (it would replace the file)", err)
	}
	in.Recreate, in.Resolved = nil, []string{"changed.go"}
	if p, err = Build(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	if s := stepOf(t, p, "changed.go"); s.Action != Keep || s.Result != nil || len(p.Record.Conflicts)+len(p.Record.NotApplied) != 0 {
		t.Errorf("--resolved: %s (%s), record conflicts %q, not_applied %q; want kept as it is, none", s.Action, s.Reason, p.Record.Conflicts, p.Record.NotApplied)
	}

	// Ported by hand: the file is as this version has it.
	ported, _ := setup(t, []version{{path: "changed.go", base: changed, ours: changed, theirs: changed}})
	ported.Record.Conflicts, ported.Record.NotApplied = []string{"changed.go"}, []string{"changed.go"}
	if p, err = Build(context.Background(), ported); err != nil {
		t.Fatal(err)
	}
	if s := stepOf(t, p, "changed.go"); s.Action != Keep || len(p.Record.Conflicts)+len(p.Record.NotApplied) != 0 {
		t.Errorf("ported: %s (%s), record conflicts %q, not_applied %q; want kept, none", s.Action, s.Reason, p.Record.Conflicts, p.Record.NotApplied)
	}

	// A conflict resolved in the file: the user's resolution is theirs to keep.
	resolved, _ := setup(t, cases)
	resolved.Record.Conflicts = []string{"changed.go"}
	if p, err = Build(context.Background(), resolved); err != nil {
		t.Fatal(err)
	}
	if s := stepOf(t, p, "changed.go"); s.Action != Keep || len(p.Record.Conflicts) != 0 {
		t.Errorf("resolved conflict: %s (%s), record conflicts %q; want kept, none", s.Action, s.Reason, p.Record.Conflicts)
	}
}

// TestBuildGoModPerRequire plans go.mod files both sides changed, merged by meaning three
// ways per require: a require the new version dropped that the user left as the base had
// it goes (and the no-line-lost check lets it), one the user changed stays, and a raise
// past the version a replace of the user's names is a conflict whose reason names it.
func TestBuildGoModPerRequire(t *testing.T) {
	mine := "\nreplace example.com/x => ../x\n"
	noGoleak := strings.Replace(goMod, "\tgo.uber.org/goleak v1.3.0\n", "", 1)
	cases := []version{
		{path: "dropped/go.mod", owner: generator.OwnerMerge, base: goMod, ours: goMod + mine, theirs: noGoleak,
			want: Merge, contains: []string{"replace example.com/x => ../x"}, notResult: []string{"goleak"}},
		{path: "raised-by-you/go.mod", owner: generator.OwnerMerge, base: goMod, ours: strings.Replace(goMod, "goleak v1.3.0", "goleak v1.3.1", 1) + mine, theirs: noGoleak,
			want: Merge, contains: []string{"goleak v1.3.1", "replace example.com/x => ../x"}},
		{path: "pinned/go.mod", owner: generator.OwnerMerge, base: goMod, ours: goMod + "\nreplace go.uber.org/goleak v1.3.0 => ./goleak\n",
			theirs: strings.Replace(goMod, "goleak v1.3.0", "goleak v1.4.0", 1),
			want:   Conflict, contains: []string{"<<<<<<< yours\n", "goleak v1.4.0", "replace go.uber.org/goleak v1.3.0 => ./goleak"}},
	}
	in, _ := setup(t, cases)
	p, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	checkSteps(t, p, cases)
	if s := stepOf(t, p, "pinned/go.mod"); !strings.Contains(s.Reason, "past your line `replace go.uber.org/goleak v1.3.0 => ./goleak`") {
		t.Errorf("pinned/go.mod: reason %q does not name the replace", s.Reason)
	}
}

// TestBuildCaseTwin checks a file the update creates at a path that differs only in
// letter case from one the tree holds (the user's changelog.md where this version adds
// CHANGELOG.md), or below a directory that does: refused, naming both, as a
// case-insensitive file system holds one file for both. A file this version renames in
// letter case (the old one deleted in the same plan) is no clash.
func TestBuildCaseTwin(t *testing.T) {
	tests := []struct {
		name   string
		cases  []version
		tree   map[string]string // the user's files
		twin   string            // in the refusal; "" when the plan is made
		create string
	}{
		{"user's file", []version{{path: "CHANGELOG.md", base: absent, ours: absent, theirs: "# Changes\n"}},
			map[string]string{"changelog.md": "mine\n"}, "CHANGELOG.md, which the update creates, differs only in letter case from changelog.md", ""},
		{"user's directory", []version{{path: "Docs/guide.md", base: absent, ours: absent, theirs: "guide\n"}},
			map[string]string{"docs/mine.md": "mine\n"}, "Docs/guide.md, which the update creates, differs only in letter case from docs", ""},
		{"same directory", []version{{path: "docs/guide.md", base: absent, ours: absent, theirs: "guide\n"}},
			map[string]string{"docs/mine.md": "mine\n", "Docs/other.md": "x\n"}, "", "docs/guide.md"},
		{"renamed in letter case", []version{
			{path: "Changelog.md", base: "# Changes\n", ours: "# Changes\n", theirs: absent, want: Delete},
			{path: "CHANGELOG.md", base: absent, ours: absent, theirs: "# Changes\n", want: Create}}, nil, "", "CHANGELOG.md"},
		{"directory renamed in letter case", []version{
			{path: "Docs/guide.md", base: "guide\n", ours: "guide\n", theirs: absent, want: Delete},
			{path: "Docs/api/index.md", base: "api\n", ours: "api\n", theirs: absent, want: Delete},
			{path: "docs/guide.md", base: absent, ours: absent, theirs: "guide\n", want: Create},
			{path: "docs/api/index.md", base: absent, ours: absent, theirs: "api\n", want: Create}}, nil, "", "docs/guide.md"},
		{"directory renamed in letter case holding a file of yours", []version{
			{path: "Docs/guide.md", base: "guide\n", ours: "guide\n", theirs: absent, want: Delete},
			{path: "docs/guide.md", base: absent, ours: absent, theirs: "guide\n", want: Create}},
			map[string]string{"Docs/mine.md": "mine\n"}, "docs/guide.md, which the update creates, differs only in letter case from Docs", ""},
		{"directory renamed in letter case holding an edited file", []version{
			{path: "Docs/guide.md", base: "guide\n", ours: "my guide\n", theirs: absent, want: KeepDropped},
			{path: "docs/guide.md", base: absent, ours: absent, theirs: "guide\n", want: Create}},
			nil, "docs/guide.md, which the update creates, differs only in letter case from Docs", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, tree := setup(t, tt.cases)
			for p, content := range tt.tree {
				tree[p] = &fstest.MapFile{Data: []byte(content), Mode: 0o644}
			}
			p, err := Build(context.Background(), in)
			if tt.twin != "" {
				var ie *InputError
				if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.twin) {
					t.Fatalf("Build = %v, want an input error with %q", err, tt.twin)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s := stepOf(t, p, tt.create); s.Action != Create {
				t.Errorf("%s: %s (%s), want create", tt.create, s.Action, s.Reason)
			}
			for _, c := range tt.cases {
				if s := stepOf(t, p, c.path); c.want != "" && s.Action != c.want {
					t.Errorf("%s: %s (%s), want %s", c.path, s.Action, s.Reason, c.want)
				}
			}
		})
	}
}

// TestBuildMarkerLikeLines checks a file both sides changed that holds a line looking
// like a conflict marker (a document about merges): its merge could be neither checked
// nor told from a resolved one, so the update is refused with a message naming the file,
// the line and the ways out, not an internal error about a conflict block.
func TestBuildMarkerLikeLines(t *testing.T) {
	const doc = "# Merging\n\nA conflict starts with a line such as\n<<<<<<< yours\n\nand ends with\n>>>>>>> theirs\n"
	in, _ := setup(t, []version{{path: "docs/merging.md", base: doc, ours: doc + "\nMine.\n", theirs: "Theirs.\n\n" + doc}})
	_, err := Build(context.Background(), in)
	var ie *InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "docs/merging.md, changed on both sides: line 4 of yours holds a conflict marker") {
		t.Fatalf("Build = %v, want an input error naming the file and the line", err)
	}
}

// TestBuildSeparatorLines: a line that is exactly "=======" (a setext heading's
// underline) or a row of pipes is text, in yours as in this version's: a file added on both sides, or
// changed on both, merges into a conflict block (or cleanly) whose ours section holds
// every line of yours, not an error that calls it a loss.
func TestBuildSeparatorLines(t *testing.T) {
	const doc = "Runbook\n=======\n\nPage the on-call.\n"
	cases := []version{
		{path: "SUPPORT.md", base: absent, ours: "Support\n=======\n\nAsk in #orders-team.\n", theirs: "Support\n=======\n\nAsk in #platform.\n", want: Conflict,
			contains: []string{"<<<<<<< yours\nSupport\n=======\n\nAsk in #orders-team.\n||||||| gonew-prod v0.1.0\n=======\nSupport\n=======\n\nAsk in #platform.\n>>>>>>> gonew-prod v0.2.0\n"}},
		{path: "RUNBOOK.md", base: doc, ours: strings.Replace(doc, "Runbook", "Oncall!", 1), theirs: strings.Replace(doc, "Runbook", "On-call", 1), want: Conflict,
			contains: []string{"<<<<<<< yours\nOncall!\n||||||| gonew-prod v0.1.0\nRunbook\n=======\nOn-call\n>>>>>>> gonew-prod v0.2.0\n=======\n"}},
		{path: "INSTALL.md", base: doc, ours: "Install\n=======\n\n" + doc, theirs: doc + "\nMore.\n", want: Merge,
			result: "Install\n=======\n\n" + doc + "\nMore.\n"},
		// A row of pipes (a base marker's look) is text too.
		{path: "docs/table.txt", base: "Columns\n", ours: "Columns\n|||||||\nmine\n", theirs: "Columns\nTheirs.\n", want: Conflict,
			contains: []string{"<<<<<<< yours\n|||||||\nmine\n||||||| gonew-prod v0.1.0\n=======\nTheirs.\n>>>>>>> gonew-prod v0.2.0\n"}},
	}
	in, _ := setup(t, cases)
	p, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	checkSteps(t, p, cases)
}

// TestBuildFileTurnedIntoADirectory: this version renders conf/base.yaml where the version
// before rendered the file conf. Unedited, conf is deleted and conf/base.yaml created in
// one plan; edited (content or mode), the refusal names conf as in the way. The other way
// round, a directory holding only unedited files is replaced by the file, and one that
// holds more (a file of the user's, one they edited) is refused, naming those files.
func TestBuildFileTurnedIntoADirectory(t *testing.T) {
	for _, tt := range []struct {
		name     string
		ours     string
		oursMode fs.FileMode
		refused  string
	}{
		{"unedited", "x: 1\n", 0, ""},
		{"edited", "x: 2\n", 0, "conf/base.yaml: conf, a file of the version before that you edited (or own), is where this version, which drops it, needs a directory"},
		{"mode edited", "x: 1\n", 0o755, "git rm conf"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in, _ := setup(t, []version{
				{path: "conf", base: "x: 1\n", ours: tt.ours, oursMode: tt.oursMode, theirs: absent},
				{path: "conf/base.yaml", base: absent, ours: absent, theirs: "x: 1\n"},
			})
			plan, err := Build(context.Background(), in)
			if tt.refused != "" {
				if err == nil || !strings.Contains(err.Error(), tt.refused) {
					t.Fatalf("Build = %v, want a refusal with %q", err, tt.refused)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s := stepOf(t, plan, "conf"); s.Action != Delete {
				t.Errorf("conf: %s (%s), want delete", s.Action, s.Reason)
			}
			if s := stepOf(t, plan, "conf/base.yaml"); s.Action != Create || string(s.Result) != "x: 1\n" {
				t.Errorf("conf/base.yaml: %s (%s) %q, want create", s.Action, s.Reason, s.Result)
			}
			changes := plan.Changes()
			if len(changes) < 2 || changes[0].Path != "conf" || !changes[0].Delete || changes[1].Path != "conf/base.yaml" {
				t.Errorf("changes %+v, want conf deleted before conf/base.yaml is written", changes)
			}
		})
	}
	in, _ := setup(t, []version{
		{path: "old/o.txt", base: "o\n", ours: "o\n", theirs: absent},
		{path: "old", base: absent, ours: absent, theirs: "now a file\n"},
	})
	plan, err := Build(context.Background(), in)
	if err != nil {
		t.Fatalf("a directory of unedited files turned into a file: %v", err)
	}
	if s := stepOf(t, plan, "old"); s.Action != Create {
		t.Errorf("old: %s (%s), want create", s.Action, s.Reason)
	}
	if s := stepOf(t, plan, "old/o.txt"); s.Action != Delete {
		t.Errorf("old/o.txt: %s (%s), want delete", s.Action, s.Reason)
	}
	// A directory that holds more than the unedited files of the version before: the
	// refusal names what of the user's is there (an ignored secret, an edit), not the
	// files update would delete itself.
	for _, tt := range []struct {
		ours  string // old/o.txt as the user has it
		extra map[string]*fstest.MapFile
		want  string
	}{
		{"o\n", map[string]*fstest.MapFile{"old/local.secret": {Data: []byte("TOPSECRET\n")}},
			"old is a directory, where this version has a file, and it holds old/local.secret (a file of yours), which update does not delete: move it out of old/ (git rm what git tracks, and commit), then run gonew-prod update again"},
		{"o, edited\n", map[string]*fstest.MapFile{"old/sub/mine.txt": {Data: []byte("mine\n")}},
			"it holds old/o.txt (a file of the version before that you edited), old/sub/mine.txt (a file of yours), which update does not delete: move them out of old/"},
		{absent, map[string]*fstest.MapFile{"old/sub": {Mode: fs.ModeDir | 0o755}},
			"old is a directory, where this version has a file, and holds no file: remove it (rm -r old)"},
	} {
		in, tree := setup(t, []version{
			{path: "old/o.txt", base: "o\n", ours: tt.ours, theirs: absent},
			{path: "old", base: absent, ours: absent, theirs: "now a file\n"},
		})
		maps.Copy(tree, tt.extra)
		if _, err := Build(context.Background(), in); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("a directory with %v turned into a file: %v, want a refusal with %q", slices.Collect(maps.Keys(tt.extra)), err, tt.want)
		}
	}
}

// TestKeptReasonOfModuleFiles checks that a go.mod or go.sum that differs from the
// record, which holds them as rendered, is not said to be the user's edit alone: new runs
// go mod tidy after the render for a pack that changes the imports.
func TestKeptReasonOfModuleFiles(t *testing.T) {
	const mod, tidied = "module example.com/acme/orders\n\ngo 1.26.0\n", "module example.com/acme/orders\n\ngo 1.26.0\n\nrequire github.com/google/uuid v1.6.0\n"
	cases := []version{
		{path: "go.mod", owner: generator.OwnerMerge, base: mod, ours: tidied, theirs: mod, want: Keep},
		{path: "README.md", base: "a\n", ours: "b\n", theirs: "a\n", want: Keep},
	}
	in, _ := setup(t, cases)
	p, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	checkSteps(t, p, cases)
	for path, want := range map[string]string{
		"go.mod":    "you or go mod tidy changed it since it was rendered; this version did not change it",
		"README.md": "you edited it; this version did not change it",
	} {
		if s := stepOf(t, p, path); s.Reason != want {
			t.Errorf("%s: reason %q, want %q", path, s.Reason, want)
		}
	}
}

// TestBuildNewFileInMovedDirectory: a file new in this version in a directory the user
// moved away whole (git mv cmd/svc cmd/orders) is not written there, which would bring the
// directory back with a lone file of a package that may not build (the gate then blamed
// the tree): its change is not applied, naming the directory, and the record lists it
// until --resolved (round 20 update 3). A new file in a directory that is still there, or
// that the record never had, is created.
func TestBuildNewFileInMovedDirectory(t *testing.T) {
	extra := "package main\n\nfunc extra() {}\n"
	cases := []version{
		{path: "cmd/svc/main.go", base: "package main\n\nfunc main() {}\n", ours: absent, theirs: "package main\n\nfunc main() {}\n", want: KeepDeleted},
		{path: "cmd/svc/extra.go", base: absent, ours: absent, theirs: extra, want: NotApplied},
		{path: "cmd/svc/sub/deeper/x.go", base: absent, ours: absent, theirs: "package deeper\n", want: NotApplied},
		{path: "internal/kept/a.go", base: "package kept\n", ours: "package kept\n", theirs: "package kept\n", want: Keep},
		{path: "internal/kept/b.go", base: absent, ours: absent, theirs: "package kept\n", want: Create},
		{path: "internal/fresh/c.go", base: absent, ours: absent, theirs: "package fresh\n", want: Create},
	}
	in, _ := setup(t, cases)
	p, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	checkSteps(t, p, cases)
	if s := stepOf(t, p, "cmd/svc/extra.go"); !strings.Contains(s.Reason, "in cmd/svc, a directory whose files you moved or deleted") || !strings.Contains(s.Reason, "--resolved cmd/svc/extra.go") {
		t.Errorf("reason %q, want one naming cmd/svc as moved away and --resolved", s.Reason)
	}
	if s := stepOf(t, p, "cmd/svc/sub/deeper/x.go"); !strings.Contains(s.Reason, "in cmd/svc, a directory whose files you moved or deleted") {
		t.Errorf("reason %q, want one naming cmd/svc, the directory moved away above the new one", s.Reason)
	}
	if !slices.Equal(p.Record.Conflicts, []string{"cmd/svc/extra.go", "cmd/svc/sub/deeper/x.go"}) {
		t.Errorf("record conflicts %q, want [cmd/svc/extra.go cmd/svc/sub/deeper/x.go]", p.Record.Conflicts)
	}
}

// TestBuildNewFileInLeftDirectory: a directory whose files the user moved away (git mv
// cmd/svc/main.go cmd/orders/) but that is still on the disk, empty or holding nothing git
// would commit (empty directories, an untracked file git ignores such as a .DS_Store), is
// gone as git sees it: a file new in this version there is not applied, as when the
// directory is gone (round 24 update 3), and nothing in it is removed. A file git would
// commit there (untracked and not ignored, or tracked though ignored) keeps the directory;
// outside a git work tree, every file does.
func TestBuildNewFileInLeftDirectory(t *testing.T) {
	tests := []struct {
		name   string
		noGit  bool
		files  map[string]string // written into cmd/svc/ (a name ending in / is an empty directory)
		track  []string          // of files, added to git's index (git add -f)
		want   Action
		reason string
		denied string // a directory below cmd/svc/ whose reading fails
	}{
		{"gone", false, nil, nil, NotApplied, "(it is gone)", ""},
		{"empty", false, map[string]string{"": ""}, nil, NotApplied, "(left on the disk empty, which git does not see)", ""},
		{"only empty directories", false, map[string]string{"sub/deeper/": ""}, nil, NotApplied, "(left on the disk empty, which git does not see)", ""},
		{"only a file git ignores", false, map[string]string{".DS_Store": "x"}, nil, NotApplied, "(left on the disk holding only files git ignores: cmd/svc/.DS_Store)", ""},
		{"a file git ignores but tracks", false, map[string]string{".DS_Store": "x"}, []string{".DS_Store"}, Create, "", ""},
		{"a file git would add", false, map[string]string{".DS_Store": "x", "notes.txt": "mine\n"}, nil, Create, "", ""},
		{"no git, empty", true, map[string]string{"": ""}, nil, NotApplied, "(left on the disk empty, which git does not see)", ""},
		{"no git, any file", true, map[string]string{".DS_Store": "x"}, nil, Create, "", ""},
		{"a directory that cannot be read", false, map[string]string{".DS_Store": "x", "db/": ""}, nil, Create, "", "db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cases := []version{
				{path: "cmd/svc/main.go", base: "package main\n\nfunc main() {}\n", ours: absent, theirs: "package main\n\nfunc main() {}\n", want: KeepDeleted},
				{path: "cmd/svc/banner.go", base: absent, ours: absent, theirs: "package main\n\nconst banner = \"svc\"\n", want: tt.want},
			}
			in, tree := setup(t, cases)
			dir, env := t.TempDir(), []string(nil)
			var git func(args ...string) string
			if !tt.noGit {
				dir, env, git = gitRepo(t)
			}
			files := map[string]string{".gitignore": ".DS_Store\n", "cmd/orders/main.go": "package main\n\nfunc main() {}\n"}
			for p, f := range tree {
				files[p] = string(f.Data)
			}
			for name, content := range tt.files {
				if strings.HasSuffix(name, "/") || name == "" {
					if err := os.MkdirAll(filepath.Join(dir, "cmd", "svc", filepath.FromSlash(name)), 0o755); err != nil {
						t.Fatal(err)
					}
					continue
				}
				files["cmd/svc/"+name] = content
			}
			writeFiles(t, dir, files)
			if git != nil {
				git("add", ".gitignore", "cmd/orders", generator.RecordFile)
				for _, f := range tt.track {
					git("add", "-f", "cmd/svc/"+f)
				}
			}
			in.Tree, in.Uncommitted = os.DirFS(dir), Uncommitted(env, dir)
			if tt.denied != "" {
				in.Tree = deniedDir{in.Tree, "cmd/svc/" + tt.denied}
			}
			p, err := Build(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			checkSteps(t, p, cases)
			if s := stepOf(t, p, "cmd/svc/banner.go"); !strings.Contains(s.Reason, tt.reason) {
				t.Errorf("reason %q, want one with %q", s.Reason, tt.reason)
			}
			for name := range tt.files {
				if _, err := os.Lstat(filepath.Join(dir, "cmd", "svc", filepath.FromSlash(name))); err != nil {
					t.Errorf("cmd/svc/%s: %v, want it left as it was", name, err)
				}
			}
		})
	}
}

// deniedDir is an FS whose directory dir cannot be opened, as one of another user's
// with mode 0700 (which root, running the tests, would read).
type deniedDir struct {
	fs.FS
	dir string
}

func (d deniedDir) Open(name string) (fs.File, error) {
	if name == d.dir {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return d.FS.Open(name)
}

// TestBuildNotAppliedDropped plans updates after one that left a change not applied to
// a file the user deleted (moved elsewhere, or replaced by a link, or brought back by
// hand without the change), when the version updated to no longer has the file: the
// change is still to port to where the user's code is, so the step stays not applied,
// the record keeps the path in conflicts and not_applied, and every later update shows
// it again (its record then has no entry for the path), until --resolved drops it;
// --recreate, with nothing to bring back, is refused saying so. A file brought back
// with the change, and a conflict resolved by deleting the file (listed in conflicts
// only), leave nothing pending.
func TestBuildNotAppliedDropped(t *testing.T) {
	const p = "notes.txt"
	old, changed := "line1\nline2\nline3\n", "line1\nline2 changed by pack v2\nline3\n"
	link := &fstest.MapFile{Data: []byte("docs/notes.txt"), Mode: fs.ModeSymlink | 0o777}
	tests := []struct {
		name               string
		base, ours, theirs string
		link, dir          bool // a link of the user's in p's place, or a directory
		notApplied         bool // the record lists p in not_applied too (else in conflicts only)
		want               Action
		reason             string // a substring of the step's reason
		pending            bool   // the record written keeps p in conflicts and not_applied
		recreate           bool   // --recreate p is taken
	}{
		{name: "deleted", base: changed, ours: absent, theirs: absent, notApplied: true,
			want: NotApplied, reason: "you deleted it, and this version no longer has the file", pending: true},
		{name: "replaced by a link", base: changed, ours: absent, theirs: absent, link: true, notApplied: true,
			want: NotApplied, reason: "a symbolic link of yours is in its place", pending: true},
		{name: "a directory in its place", base: changed, ours: absent, theirs: absent, dir: true, notApplied: true,
			want: NotApplied, reason: p + " is a directory (left as it is), and this version no longer has the file", pending: true},
		{name: "brought back without the change", base: changed, ours: old, theirs: absent, notApplied: true,
			want: NotApplied, reason: "you brought it back (not by --recreate)", pending: true},
		{name: "brought back with the change", base: changed, ours: changed, theirs: absent, notApplied: true,
			want: Delete},
		{name: "a later update, the record without the file", base: absent, ours: absent, theirs: absent, notApplied: true,
			want: NotApplied, reason: "still to port", pending: true},
		{name: "a later version adds it again", base: absent, ours: absent, theirs: changed, notApplied: true,
			want: NotApplied, reason: "this version adds it again", pending: true, recreate: true},
		{name: "a conflict resolved by deleting the file", base: changed, ours: absent, theirs: absent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, tree := setup(t, []version{
				{path: p, base: tt.base, ours: tt.ours, theirs: tt.theirs},
				{path: "other.go", base: goFile, ours: goFile, theirs: goFile},
			})
			if tt.link {
				tree[p] = link
			}
			if tt.dir {
				tree[p+"/mine.txt"] = &fstest.MapFile{Data: []byte("mine\n")}
			}
			in.Record.Conflicts = []string{p}
			if tt.notApplied {
				in.Record.NotApplied = []string{p}
			}
			plan, err := Build(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			var s *Step
			if i := slices.IndexFunc(plan.Steps, func(s Step) bool { return s.Path == p }); i >= 0 {
				s = &plan.Steps[i]
			}
			switch {
			case tt.want == "" && s != nil:
				t.Errorf("%s (%s), want no step", s.Action, s.Reason)
			case tt.want == "":
			case s == nil:
				t.Fatalf("no step, want %s", tt.want)
			case s.Action != tt.want || !strings.Contains(s.Reason, tt.reason):
				t.Errorf("%s (%s), want %s saying %q", s.Action, s.Reason, tt.want, tt.reason)
			case s.writes() != (tt.want == Delete):
				t.Errorf("%s writes %v", s.Action, s.writes())
			}
			if s != nil && s.Action == NotApplied && strings.Contains(s.Reason, "--recreate "+p) != tt.recreate {
				t.Errorf("reason %q: --recreate offered %v, want %v", s.Reason, !tt.recreate, tt.recreate)
			}
			inRecord := slices.Contains(plan.Record.Conflicts, p) && slices.Contains(plan.Record.NotApplied, p)
			if inRecord != tt.pending || (plan.Status() == Conflicts) != tt.pending {
				t.Errorf("record conflicts %q, not_applied %q, status %s; want pending %v", plan.Record.Conflicts, plan.Record.NotApplied, plan.Status(), tt.pending)
			}
			if !tt.pending {
				return
			}

			// --resolved says the change was ported: the path leaves the record.
			resolved := in
			resolved.Resolved = []string{p}
			if tt.theirs != absent {
				// This version's own change is to port too first.
				if _, err := Build(context.Background(), resolved); err == nil || !strings.Contains(err.Error(), "--resolved "+p+": the version you update to changes the file too") {
					t.Errorf("--resolved: %v, want a refusal naming this version's change", err)
				}
			} else if plan, err := Build(context.Background(), resolved); err != nil {
				t.Errorf("--resolved: %v", err)
			} else if s := stepOf(t, plan, p); s.Action == NotApplied || s.writes() || len(plan.Record.Conflicts)+len(plan.Record.NotApplied) != 0 || plan.Status() == Conflicts {
				t.Errorf("--resolved: %s (%s), record conflicts %q, not_applied %q; want the path kept as it is and out of the record", s.Action, s.Reason, plan.Record.Conflicts, plan.Record.NotApplied)
			}

			recreate := in
			recreate.Recreate = []string{p}
			plan, err = Build(context.Background(), recreate)
			switch {
			case tt.recreate && err != nil:
				t.Errorf("--recreate: %v", err)
			case tt.recreate:
				if s := stepOf(t, plan, p); s.Action != Recreate || string(s.Result) != tt.theirs {
					t.Errorf("--recreate: %s (%s), want recreate", s.Action, s.Reason)
				}
			case tt.link || tt.ours != absent:
				if err == nil {
					t.Errorf("--recreate of a path that is there: taken, want refused")
				}
			case err == nil || !strings.Contains(err.Error(), "--recreate "+p+": the version you update to no longer has the file"):
				t.Errorf("--recreate: %v, want a refusal saying this version no longer has the file", err)
			}
		})
	}
}

// TestBuildFlagPaths: the paths --recreate and --resolved take are from the project's
// directory or, in a project inside a larger git work tree (Input.Prefix: a monorepo's
// services/orders), from the work tree's root, as update --help says; a path that names
// two files so is refused, naming both. A path given to both flags is refused as the
// contradiction it is, not as a path with nothing pending, and the list a refusal gives
// is what the plan holds before either flag changes a step.
func TestBuildFlagPaths(t *testing.T) {
	changed := goFile + "\n// B2 is new in this version.\nfunc B2() int { return 2 }\n"
	const root = "services/orders/"
	tests := []struct {
		name               string
		prefix             string
		recreate, resolved []string
		want               map[string]Action // the steps' actions, when the plan is made
		err                string            // a substring of the refusal
	}{
		{name: "from the project's directory", prefix: root, recreate: []string{"a.go"}, resolved: []string{"pending.go"},
			want: map[string]Action{"a.go": Recreate, "pending.go": KeepDeleted}},
		{name: "from the repository's root", prefix: root, recreate: []string{root + "a.go"}, resolved: []string{root + "pending.go"},
			want: map[string]Action{"a.go": Recreate, "pending.go": KeepDeleted}},
		{name: "both ways in one run", prefix: root, recreate: []string{"a.go", root + "pending.go"},
			want: map[string]Action{"a.go": Recreate, "pending.go": Recreate}},
		{name: "a project at the root", recreate: []string{root + "a.go"},
			err: "--recreate " + root + "a.go: not a file you deleted that this version still has (those are: a.go, pending.go)"},
		{name: "a path that names two files", prefix: root, recreate: []string{root + "a.go"},
			err: "--recreate " + root + "a.go names two files: " + root + "a.go from the project's directory (--dir), and a.go from the repository's root, where the project is " + root},
		{name: "the same path to both flags", prefix: root, recreate: []string{"pending.go"}, resolved: []string{"pending.go"},
			err: "--recreate pending.go and --resolved pending.go contradict each other"},
		{name: "the same path to both flags, two ways", prefix: root, recreate: []string{root + "pending.go"}, resolved: []string{"pending.go"},
			err: "--recreate pending.go and --resolved pending.go contradict each other"},
		{name: "the list is the plan's before the flags", prefix: root, recreate: []string{"pending.go"}, resolved: []string{"a.go"},
			err: "--resolved a.go: not a file you deleted whose change an earlier update left not applied (those are: pending.go)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cases := []version{
				{path: "a.go", base: goFile, ours: absent, theirs: goFile},
				{path: "pending.go", base: changed, ours: absent, theirs: changed},
				{path: "main.go", base: goFile, ours: goFile, theirs: goFile},
			}
			if strings.Contains(tt.name, "two files") {
				// A file of the project's at the path the root's form names.
				cases = append(cases, version{path: root + "a.go", base: goFile, ours: absent, theirs: goFile})
			}
			in, _ := setup(t, cases)
			in.Record.Conflicts, in.Record.NotApplied = []string{"pending.go"}, []string{"pending.go"}
			in.Prefix, in.Recreate, in.Resolved = tt.prefix, tt.recreate, tt.resolved
			p, err := Build(context.Background(), in)
			switch {
			case tt.err != "":
				var ie *InputError
				if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.err) || strings.Contains(err.Error(), "those are: none") {
					t.Errorf("Build = %v, want an input error saying %q", err, tt.err)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			for path, want := range tt.want {
				if s := stepOf(t, p, path); s.Action != want {
					t.Errorf("%s: %s (%s), want %s", path, s.Action, s.Reason, want)
				}
			}
		})
	}
}

// TestPlanAfterBefore checks the files a plan shows checks of the project before and
// after it is written: the plan's own, with the makefiles the tree holds beside them
// (and what they include) that no step is for, as make would read them.
func TestPlanAfterBefore(t *testing.T) {
	steps := []Step{
		{Path: "kept.go", Action: Keep, Ours: []byte("kept"), OursMode: 0o644},
		{Path: "changed.go", Action: Update, Ours: []byte("old"), OursMode: 0o644, Result: []byte("new"), Mode: 0o755},
		{Path: "created.go", Action: Create, Result: []byte("created"), Mode: 0o644},
		{Path: "deleted.go", Action: Delete, Ours: []byte("deleted"), OursMode: 0o644},
		{Path: "linked.go", Action: Keep, Ours: []byte("through a link"), link: true},
	}
	plan := func(more ...Step) *Plan { return &Plan{Steps: append(slices.Clone(steps), more...)} }
	own := map[string]string{"kept.go": "kept", "changed.go": "new", "created.go": "created"}
	ownBefore := map[string]string{"kept.go": "kept", "changed.go": "old", "deleted.go": "deleted"}
	with := func(m map[string]string, more map[string]string) map[string]string {
		out := maps.Clone(m)
		maps.Copy(out, more)
		return out
	}
	tests := []struct {
		name          string
		plan          *Plan
		tree          fstest.MapFS // nil: no tree
		after, before map[string]string
	}{
		{name: "no tree: the plan's files", plan: plan(), after: own, before: ownBefore},
		{name: "makefiles of the tree's beside the plan's, with their includes", plan: plan(),
			tree: fstest.MapFS{
				"GNUmakefile": {Data: []byte("include Makefile\ninclude mk/*.mk\n-include local.mk\n")},
				"Makefile":    {Data: []byte("build:\n\tgo build ./...\n")},
				"mk/a.mk":     {Data: []byte("a:\n")},
				"local.mk":    {Data: []byte("ifdef CI\ninclude ci.mk\nendif\n")},
				"ci.mk":       {Data: []byte("ci:\n")},
				"other.mk":    {Data: []byte("not read by make")},
				"notes.txt":   {Data: []byte("not a makefile")},
			},
			after: with(own, map[string]string{"GNUmakefile": "include Makefile\ninclude mk/*.mk\n-include local.mk\n", "Makefile": "build:\n\tgo build ./...\n",
				"mk/a.mk": "a:\n", "local.mk": "ifdef CI\ninclude ci.mk\nendif\n", "ci.mk": "ci:\n"}),
			before: with(ownBefore, map[string]string{"GNUmakefile": "include Makefile\ninclude mk/*.mk\n-include local.mk\n", "Makefile": "build:\n\tgo build ./...\n",
				"mk/a.mk": "a:\n", "local.mk": "ifdef CI\ninclude ci.mk\nendif\n", "ci.mk": "ci:\n"})},
		// A makefile a step is for is the plan's: the one it creates is read, with the
		// tree's file it includes, the one it deletes is not, though the tree holds it.
		{name: "makefiles the plan writes are the plan's",
			plan: plan(Step{Path: "Makefile", Action: Create, Result: []byte("include tree.mk\n"), Mode: 0o644},
				Step{Path: "makefile", Action: Delete, Ours: []byte("include gone.mk\n"), OursMode: 0o644}),
			tree: fstest.MapFS{
				"Makefile": {Data: []byte("a file the plan does not know of yet")},
				"makefile": {Data: []byte("include gone.mk\n")},
				"tree.mk":  {Data: []byte("t:\n")},
				"gone.mk":  {Data: []byte("g:\n")},
			},
			after:  with(own, map[string]string{"Makefile": "include tree.mk\n", "tree.mk": "t:\n"}),
			before: with(ownBefore, map[string]string{"makefile": "include gone.mk\n", "gone.mk": "g:\n"})},
		{name: "a makefile that is no regular file is left out", plan: plan(),
			tree:  fstest.MapFS{"GNUmakefile": {Mode: fs.ModeDir}, "Makefile": {Data: []byte("m:\n")}},
			after: with(own, map[string]string{"Makefile": "m:\n"}), before: with(ownBefore, map[string]string{"Makefile": "m:\n"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tree fs.FS
			if tt.tree != nil {
				tree = tt.tree
			}
			for _, side := range []struct {
				name  string
				files []generator.File
				want  map[string]string
			}{{"After", tt.plan.After(tree), tt.after}, {"Before", tt.plan.Before(tree), tt.before}} {
				got := map[string]string{}
				for i, f := range side.files {
					if i > 0 && side.files[i-1].Path >= f.Path {
						t.Errorf("%s: %s after %s: not sorted by path", side.name, f.Path, side.files[i-1].Path)
					}
					got[f.Path] = string(f.Content)
				}
				if !maps.Equal(got, side.want) {
					t.Errorf("%s:\n got %q\nwant %q", side.name, got, side.want)
				}
			}
		})
	}
	if got := plan().After(nil); got[0].Path != "changed.go" || got[0].Mode != 0o755 {
		t.Errorf("After: changed.go is %v, want the result's mode 0755", got[0])
	}
	if got := plan().Before(nil); got[0].Path != "changed.go" || got[0].Mode != 0o644 {
		t.Errorf("Before: changed.go is %v, want the tree's mode 0644", got[0])
	}
}
