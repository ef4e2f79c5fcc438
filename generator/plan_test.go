package generator

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestPlanClassifiesEveryPath(t *testing.T) {
	const (
		rendered = "new content\n"
		original = "as generated\n"
		edited   = "edited by the user\n"
	)
	file := func(p string) File { return File{Path: p, Mode: 0o644, Owner: OwnerTool, Content: []byte(rendered)} }
	rec := &Record{Files: []RecordEntry{
		{Path: "unchanged.txt", SHA256: Sum([]byte(original)), Owner: OwnerTool},
		{Path: "edited.txt", SHA256: Sum([]byte(original)), Owner: OwnerUser},
		{Path: "deleted.txt", SHA256: Sum([]byte(original)), Owner: OwnerTool},
		{Path: "dropped.txt", SHA256: Sum([]byte(original)), Owner: OwnerTool},
		{Path: "dropped-edited.txt", SHA256: Sum([]byte(original)), Owner: OwnerTool},
		{Path: "dropped-gone.txt", SHA256: Sum([]byte(original)), Owner: OwnerTool},
		{Path: "mode.txt", SHA256: Sum([]byte(rendered)), Owner: OwnerTool},
		{Path: "umask.txt", SHA256: Sum([]byte(rendered)), Owner: OwnerTool},
		{Path: "private.txt", SHA256: Sum([]byte(rendered)), Owner: OwnerTool},
	}}
	tree := fstest.MapFS{
		"identical.txt":          {Data: []byte(rendered), Mode: 0o644},
		"unchanged.txt":          {Data: []byte(original), Mode: 0o644},
		"edited.txt":             {Data: []byte(edited), Mode: 0o644},
		"dropped.txt":            {Data: []byte(original), Mode: 0o644},
		"dropped-edited.txt":     {Data: []byte(edited), Mode: 0o644},
		"mode.txt":               {Data: []byte(rendered), Mode: 0o755},
		"private.txt":            {Data: []byte(rendered), Mode: 0o600},
		"unrecorded.txt":         {Data: []byte(edited), Mode: 0o644},
		"unrecorded-mode.txt":    {Data: []byte(rendered), Mode: 0o755},
		"umask.txt":              {Data: []byte(rendered), Mode: 0o664},
		"unrecorded-umask.txt":   {Data: []byte(rendered), Mode: 0o666},
		"dir.txt":                {Mode: fs.ModeDir | 0o755},
		"dir.txt/inside":         {Data: []byte("x")},
		"link.txt":               {Data: []byte("elsewhere"), Mode: fs.ModeSymlink},
		"file-parent":            {Data: []byte("x"), Mode: 0o644},
		"link-parent":            {Data: []byte("dir.txt"), Mode: fs.ModeSymlink},
		"user-file-not-rendered": {Data: []byte("mine"), Mode: 0o644},
	}
	var files []File
	for _, p := range []string{"create.txt", "identical.txt", "unchanged.txt", "edited.txt", "deleted.txt", "mode.txt",
		"unrecorded.txt", "unrecorded-mode.txt", "umask.txt", "unrecorded-umask.txt", "private.txt", "dir.txt", "link.txt", "file-parent/x.txt", "link-parent/x.txt", RecordFile} {
		files = append(files, file(p))
	}
	steps, err := Plan(tree, rec, files)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path   string
		class  Class
		reason string
		owner  Owner
	}{
		{"create.txt", Create, "", OwnerTool},
		{"identical.txt", Identical, "", OwnerTool},
		{"unchanged.txt", Unchanged, "not edited since generation", OwnerTool},
		{"edited.txt", Edited, "edited since generation", OwnerTool},
		{"deleted.txt", Deleted, "deleted since generation", OwnerTool},
		{"dropped.txt", Removed, "", OwnerTool},
		{"dropped-edited.txt", Removed, "edited since generation", OwnerTool},
		{"mode.txt", Edited, "mode is 0755, want 0644", OwnerTool},
		{"unrecorded.txt", Conflict, "content differs", OwnerTool},
		{"unrecorded-mode.txt", Conflict, "mode is 0755, want 0644", OwnerTool},
		{"umask.txt", Identical, "", OwnerTool}, // as a checkout under umask 002 leaves it
		{"unrecorded-umask.txt", Identical, "", OwnerTool},
		{"private.txt", Identical, "", OwnerTool}, // a restriction git does not record
		{"dir.txt", Conflict, "is a directory", OwnerTool},
		{"link.txt", Conflict, "is a symbolic link", OwnerTool},
		{"file-parent/x.txt", Conflict, "file-parent is not a directory", OwnerTool},
		{"link-parent/x.txt", Conflict, "link-parent is a symbolic link", OwnerTool},
		{RecordFile, Create, "", OwnerTool},
	}
	got := map[string]Step{}
	for _, s := range steps {
		got[s.Path] = s
	}
	if len(steps) != len(tests) {
		t.Errorf("plan has %d steps, want %d: %v", len(steps), len(tests), steps)
	}
	for _, tt := range tests {
		s, ok := got[tt.path]
		if !ok {
			t.Errorf("%s: no step", tt.path)
			continue
		}
		if s.Class != tt.class || s.Reason != tt.reason || s.Owner != tt.owner {
			t.Errorf("%s: %s (%q) owner %s, want %s (%q) owner %s", tt.path, s.Class, s.Reason, s.Owner, tt.class, tt.reason, tt.owner)
		}
	}
	if s := got["dropped-edited.txt"]; !s.Modified || s.File != nil || string(s.Old) != edited {
		t.Errorf("dropped-edited.txt: modified %v, file %v, old %q", s.Modified, s.File, s.Old)
	}
	if s := got["dropped.txt"]; s.Modified {
		t.Errorf("dropped.txt: modified, but it matches the record")
	}
	if s := got["unchanged.txt"]; string(s.Old) != original || s.OldMode != 0o644 {
		t.Errorf("unchanged.txt: old %q mode %o", s.Old, s.OldMode)
	}
	for i := 1; i < len(steps); i++ {
		if steps[i-1].Path >= steps[i].Path {
			t.Errorf("steps not sorted: %s before %s", steps[i-1].Path, steps[i].Path)
		}
	}
}

func TestPlanWithoutTreeOrRecord(t *testing.T) {
	steps, err := Plan(nil, nil, []File{{Path: "a/b.txt", Content: []byte("x")}, {Path: RecordFile}})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range steps {
		if s.Class != Create || s.Exists() {
			t.Errorf("%s: %s, exists %v; want create", s.Path, s.Class, s.Exists())
		}
	}
}

func TestPlanRecordFileIsRewritten(t *testing.T) {
	tree := fstest.MapFS{RecordFile: {Data: []byte("old record"), Mode: 0o644}}
	steps, err := Plan(tree, &Record{}, []File{{Path: RecordFile, Mode: 0o644, Content: []byte("new record")}})
	if err != nil {
		t.Fatal(err)
	}
	if steps[0].Class != Unchanged || !strings.Contains(steps[0].Reason, "rewritten") {
		t.Errorf("record: %s (%s), want unchanged (rewritten)", steps[0].Class, steps[0].Reason)
	}
}

func TestPlanLargeFileInTheWay(t *testing.T) {
	tree := fstest.MapFS{"big.bin": {Data: make([]byte, MaxTreeFile+1), Mode: 0o644}}
	steps, err := Plan(tree, nil, []File{{Path: "big.bin", Content: []byte("x")}})
	if err != nil {
		t.Fatal(err)
	}
	if steps[0].Class != Conflict || !strings.Contains(steps[0].Reason, "larger than") {
		t.Errorf("big.bin: %s (%s)", steps[0].Class, steps[0].Reason)
	}
}

// TestMergeMode checks the one rule of modes add and update follow: what the user (or
// the checkout's umask) changed from the base stays, what the template changed applies.
func TestMergeMode(t *testing.T) {
	tests := []struct {
		name                     string
		ours, base, theirs, want fs.FileMode
	}{
		{"nothing changed", 0o644, 0o644, 0o644, 0o644},
		{"template makes it executable", 0o644, 0o644, 0o755, 0o755},
		{"template drops the executable bit", 0o755, 0o755, 0o644, 0o644},
		{"umask 002 checkout, template makes it executable", 0o664, 0o644, 0o755, 0o775},
		{"umask 002 checkout of an executable, template drops the bit", 0o775, 0o755, 0o644, 0o664},
		{"private file, template makes it executable", 0o600, 0o644, 0o755, 0o700},
		{"umask 077 checkout, template drops the bit", 0o700, 0o755, 0o644, 0o600},
		{"user's chmod +x, template unchanged", 0o755, 0o644, 0o644, 0o755},
		{"user's chmod -x, template unchanged", 0o644, 0o755, 0o755, 0o644},
		{"user's chmod +x, template restricts to 0600", 0o755, 0o644, 0o600, 0o700},
		{"template restricts to 0600", 0o644, 0o644, 0o600, 0o600},
		{"umask 002 checkout, template restricts to 0600", 0o664, 0o644, 0o600, 0o600},
		{"no base mode known (add): ours stays", 0o600, 0o644, 0o644, 0o600},
		{"user's 0711 stays", 0o711, 0o755, 0o755, 0o711},
		{"no base mode known (add), user's +x stays", 0o755, 0o644, 0o644, 0o755},
	}
	for _, tt := range tests {
		if got := MergeMode(tt.ours, tt.base, tt.theirs); got != tt.want {
			t.Errorf("%s: MergeMode(%04o, %04o, %04o) = %04o, want %04o", tt.name, tt.ours, tt.base, tt.theirs, got, tt.want)
		}
		if SameMode(tt.ours, tt.base) && !SameMode(MergeMode(tt.ours, tt.base, tt.theirs), tt.theirs) {
			t.Errorf("%s: the template's executable bit not applied to a mode the user did not change", tt.name)
		}
	}
}

// deniedFS is a tree in which gonew-prod may not read the files and directories denied
// names, as one running as another user meets a mode-000 file: such a file's name is
// listed and its Lstat answers, but it cannot be opened, and nothing below such a
// directory can be reached.
type deniedFS struct {
	fstest.MapFS
	denied []string
}

func (d deniedFS) refuse(op, name string, self bool) error {
	for _, n := range d.denied {
		if self && name == n || strings.HasPrefix(name, n+"/") {
			return &fs.PathError{Op: op, Path: name, Err: fs.ErrPermission}
		}
	}
	return nil
}

func (d deniedFS) Open(name string) (fs.File, error) {
	if err := d.refuse("open", name, true); err != nil {
		return nil, err
	}
	return d.MapFS.Open(name)
}

func (d deniedFS) Stat(name string) (fs.FileInfo, error) {
	if err := d.refuse("stat", name, false); err != nil {
		return nil, err
	}
	return d.MapFS.Stat(name)
}

func (d deniedFS) Lstat(name string) (fs.FileInfo, error) {
	if err := d.refuse("lstat", name, false); err != nil {
		return nil, err
	}
	return d.MapFS.Lstat(name)
}

func (d deniedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := d.refuse("open", name, true); err != nil {
		return nil, err
	}
	return d.MapFS.ReadDir(name)
}

func (d deniedFS) ReadLink(name string) (string, error) { return d.MapFS.ReadLink(name) }

// TestPlanRefusesWhatItMayNotRead checks that a file in the way that may not be read, or
// a directory on the way that may not be searched or listed, is refused as an
// UnreadableError naming it, saying nothing was written and how to go on, from Plan and
// from CaseTwin alike; another error stays what it was.
func TestPlanRefusesWhatItMayNotRead(t *testing.T) {
	tree := fstest.MapFS{
		"Makefile":       {Data: []byte("all:\n"), Mode: 0o644},
		"internal/x.go":  {Data: []byte("package x\n"), Mode: 0o644},
		"docs/readme.md": {Data: []byte("# docs\n"), Mode: 0o644},
	}
	tests := []struct {
		name   string
		denied []string
		path   string // the path planned
		want   UnreadableError
		msg    string
	}{
		{"file", []string{"Makefile"}, "Makefile", UnreadableError{Path: "Makefile"},
			"plan Makefile: nothing written: Makefile cannot be read (open Makefile: permission denied): make it readable to you (chmod u+r), or move it out of the way, and run again"},
		{"directory on the way", []string{"internal"}, "internal/buildinfo/buildinfo.go", UnreadableError{Path: "internal", Dir: true},
			"plan internal/buildinfo/buildinfo.go: nothing written: the directory internal cannot be read (lstat internal/buildinfo: permission denied): make it readable to you (chmod u+rx), or move it out of the way, and run again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			denied := deniedFS{tree, tt.denied}
			_, err := Plan(denied, nil, []File{{Path: tt.path, Mode: 0o644, Content: []byte("new\n")}})
			ue, ok := errors.AsType[*UnreadableError](err)
			if !ok || ue.Path != tt.want.Path || ue.Dir != tt.want.Dir || err.Error() != tt.msg {
				t.Errorf("Plan: err = %v, want an UnreadableError of %s (directory %v):\n%s", err, tt.want.Path, tt.want.Dir, tt.msg)
			}
		})
	}
	// CaseTwin lists the directories on the way: one it may not list is refused so.
	_, err := CaseTwin(deniedFS{tree, []string{"docs"}}, "docs/README.md")
	if ue, ok := errors.AsType[*UnreadableError](err); !ok || ue.Path != "docs" || !ue.Dir || !strings.Contains(err.Error(), "plan docs/README.md: nothing written: the directory docs cannot be read") {
		t.Errorf("CaseTwin: err = %v, want an UnreadableError of the directory docs", err)
	}
	// Another failure to read is no input refusal.
	broken := deniedFS{tree, nil}
	_, err = Plan(brokenFS{broken}, nil, []File{{Path: "Makefile", Mode: 0o644, Content: []byte("new\n")}})
	if _, ok := errors.AsType[*UnreadableError](err); err == nil || ok {
		t.Errorf("Plan of a tree failing to read: err = %v, want an error that is no UnreadableError", err)
	}
}

// brokenFS is a tree whose files fail to open with an I/O error.
type brokenFS struct{ deniedFS }

func (b brokenFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("input/output error")}
}
