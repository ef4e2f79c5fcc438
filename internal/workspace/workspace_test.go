package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestParse reads go.work files the way workspaces are laid out, from the point of view
// of the module at svc: whether they use it, and what they give it.
func TestParse(t *testing.T) {
	root := t.TempDir()
	for p, body := range map[string]string{
		"lib/go.mod":    "module example.com/lib\n",
		"old/go.mod":    "module example.com/old/v2\n",
		"nomod/x.go":    "package x\n",
		"svc/go.mod":    "module example.com/svc\n",
		"other/go.mod":  "module example.com/other\n",
		"nested/go.mod": "module example.com/nested\n",
	} {
		write(t, root, p, body)
	}
	if err := os.Symlink(root, root+"-link"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, work string
		members    map[string]string // module path -> directory below root
		replaces   []string          // old => new, new made absolute with ROOT
	}{
		{"not using the module", "go 1.26.0\n\nuse ./lib\n", nil, nil},
		{"members", "go 1.26.0\n\nuse (\n\t./lib\n\t./svc\n\told\n\t./nomod\n)\n", map[string]string{"example.com/lib": "lib", "example.com/old/v2": "old"}, []string{}},
		{"the module by an absolute path through a link", "go 1.26.0\n\nuse (\n\t" + filepath.Join(root+"-link", "svc") + "\n\t./lib\n)\n", map[string]string{"example.com/lib": "lib"}, []string{}},
		{"replacements", "go 1.26.0\n\nuse ./svc\n\nreplace example.com/x => ./fork\n\nreplace example.com/y v1.0.0 => example.com/z v1.1.0\n", map[string]string{}, []string{"example.com/x => ROOT/fork", "example.com/y v1.0.0 => example.com/z v1.1.0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := Parse(filepath.Join(root, "go.work"), []byte(tt.work), filepath.Join(root, "svc"))
			if err != nil {
				t.Fatal(err)
			}
			if tt.members == nil {
				if w != nil {
					t.Fatalf("a go.work that does not use the module gives %+v", w)
				}
				return
			}
			if len(w.Members) != len(tt.members) {
				t.Errorf("members %v, want %v", w.Members, tt.members)
			}
			for mod, dir := range tt.members {
				if got := w.Members[mod]; got != filepath.Join(root, dir) {
					t.Errorf("member %s in %q, want %q", mod, got, filepath.Join(root, dir))
				}
			}
			if len(w.Replaces) != len(tt.replaces) {
				t.Fatalf("replaces %v, want %v", w.Replaces, tt.replaces)
			}
			for i, r := range w.Replaces {
				got := r.Old.Path + " " + r.Old.Version + " => " + r.New.Path + " " + r.New.Version
				got = strings.Join(strings.Fields(got), " ")
				if want := strings.ReplaceAll(tt.replaces[i], "ROOT", root); got != want {
					t.Errorf("replace %d is %q, want %q", i, got, want)
				}
			}
		})
	}
}

// TestRequireAndStrip gives a go.mod what its workspace gives the module, for go mod tidy
// outside it, and takes it out again: what the user's go.mod says is kept as it is.
func TestRequireAndStrip(t *testing.T) {
	w, err := Parse("/repo/go.work", []byte("use /repo/svc\n\nreplace example.com/fork v1.0.0 => ./fork\n"), "/repo/svc")
	if err != nil {
		t.Fatal(err)
	}
	w.Members = map[string]string{
		"example.com/lib":    "/repo/lib",
		"example.com/old/v2": "/repo/old",
		"example.com/mine":   "/repo/mine",
	}
	const ours = "module example.com/svc\n\ngo 1.26.0\n\nrequire example.com/mine v1.2.0\n\nreplace example.com/mine => ../mine-fork\n"
	with, err := w.Require("go.mod", []byte(ours))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"example.com/lib v0.0.0-00010101000000-000000000000",
		"example.com/old/v2 v2.0.0-00010101000000-000000000000",
		"example.com/lib => /repo/lib",
		"example.com/old/v2 => /repo/old",
		"example.com/fork v1.0.0 => /repo/fork",
		"example.com/mine v1.2.0",
		"example.com/mine => ../mine-fork",
	} {
		if !strings.Contains(string(with), want) {
			t.Errorf("with the workspace, no %q:\n%s", want, with)
		}
	}
	if strings.Contains(string(with), "example.com/mine => /repo/mine") {
		t.Errorf("the user's replacement was overridden:\n%s", with)
	}
	// What tidy would write: an added requirement besides the workspace's.
	tidied := strings.Replace(string(with), "require (", "require (\n\tgolang.org/x/sync v0.10.0", 1)
	without, err := w.Strip("go.mod", []byte(ours), []byte(tidied))
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"example.com/lib", "example.com/old", "example.com/fork", "/repo/"} {
		if strings.Contains(string(without), gone) {
			t.Errorf("without the workspace, %q is left:\n%s", gone, without)
		}
	}
	for _, kept := range []string{"golang.org/x/sync v0.10.0", "example.com/mine v1.2.0", "example.com/mine => ../mine-fork"} {
		if !strings.Contains(string(without), kept) {
			t.Errorf("without the workspace, %q is gone:\n%s", kept, without)
		}
	}
	var none *Workspace
	if got, err := none.Require("go.mod", []byte(ours)); err != nil || string(got) != ours {
		t.Errorf("no workspace changed go.mod: %v\n%s", err, got)
	}
}

// TestMoved writes the go.work of a copy of the module kept elsewhere: the copy in the
// module's place, everything else absolute where it is.
func TestMoved(t *testing.T) {
	const work = "go 1.26.0\n\nuse (\n\t./lib\n\t./svc\n)\n\nreplace example.com/x => ./fork\n"
	w := &Workspace{File: "/repo/go.work"}
	got, err := w.Moved([]byte(work), "/repo/svc", "/tmp/copy")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"go 1.26.0", "/repo/lib", "/tmp/copy", "example.com/x => /repo/fork"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if strings.Contains(string(got), "./") {
		t.Errorf("a relative path is left in\n%s", got)
	}
}

func write(t *testing.T, root, p, body string) {
	t.Helper()
	f := filepath.Join(root, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFind finds the go.work the go command uses for a module: the nearest from the
// module's directory up that is no directory, or GOWORK's ("off": none; "auto": as unset).
func TestFind(t *testing.T) {
	root := t.TempDir()
	write(t, root, "go.work", "go 1.26\n\nuse ./svc\n")
	write(t, root, "svc/go.mod", "module example.com/svc\n")
	write(t, root, "nested/go.work", "go 1.26\n")
	write(t, root, "nested/m/go.mod", "module example.com/m\n")
	write(t, root, "nested/m/go.work/x", "") // a directory named go.work: passed by, as the go command does
	svc, m, work := filepath.Join(root, "svc"), filepath.Join(root, "nested", "m"), filepath.Join(root, "go.work")
	for _, tt := range []struct {
		name, dir string
		env       []string
		want      string
	}{
		{"above", svc, nil, work},
		{"the nearest", m, nil, filepath.Join(root, "nested", "go.work")},
		{"GOWORK=off", svc, []string{"GOWORK=" + work, "GOWORK=off"}, ""},
		{"GOWORK's", m, []string{"GOWORK=" + work}, work},
		{"a relative GOWORK", svc, []string{"GOWORK=go.work"}, ""},
		{"GOWORK=auto", m, []string{"GOWORK=" + work, "GOWORK=auto"}, filepath.Join(root, "nested", "go.work")},
	} {
		if got := Find(tt.dir, tt.env); got != tt.want {
			t.Errorf("%s: Find = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestUnparsable refuses a project's own go.work that the go command uses for the module
// and that does not parse, naming its line, and the go.work the go command uses for the
// module, wherever it is, that cannot be read (a named pipe, found from the module up or
// named by GOWORK); one that parses, or that the go command does not use for the module
// (GOWORK=off, a nearer go.work of the module's own), is no refusal.
func TestUnparsable(t *testing.T) {
	const bogus = "go 1.26.0\n\nuse ./svc\nbogus directive\n"
	tests := []struct {
		name  string
		files map[string]string // below the root, whose go.work is checked
		pipe  string            // below the root, a named pipe
		env   []string
		want  string // in the error, ROOT for the root; "" for none
	}{
		{name: "none"},
		{name: "parses", files: map[string]string{"go.work": "go 1.26.0\n\nuse ./svc\n"}},
		{name: "does not parse", files: map[string]string{"go.work": bogus}, want: "the go.work the go command uses for the module at ROOT/svc does not parse: ROOT/go.work:4: unknown directive: bogus"},
		{name: "an unclosed block", files: map[string]string{"go.work": "go 1.26.0\n\nuse (\n"}, want: "ROOT/go.work:3:"},
		{name: "GOWORK=off", files: map[string]string{"go.work": bogus}, env: []string{"GOWORK=off"}},
		{name: "the module's own go.work first", files: map[string]string{"go.work": bogus, "svc/go.work": "go 1.26.0\n\nuse .\n"}},
		{name: "a named pipe GOWORK names", pipe: "go.work", env: []string{"GOWORK=ROOT/go.work"}, want: "ROOT/go.work, the go.work the go command uses for the module at ROOT/svc, cannot be read"},
		{name: "a named pipe found from the module up", pipe: "go.work", want: "ROOT/go.work, the go.work the go command uses for the module at ROOT/svc, cannot be read: read go.work: not a regular file"},
		{name: "a named pipe nearer than the project's", files: map[string]string{"go.work": "go 1.26.0\n\nuse ./svc\n"}, pipe: "svc/go.work", want: "ROOT/svc/go.work, the go.work the go command uses for the module at ROOT/svc, cannot be read"},
		{name: "a named pipe GOWORK names elsewhere", files: map[string]string{"go.work": "go 1.26.0\n\nuse ./svc\n"}, pipe: "other/go.work", env: []string{"GOWORK=ROOT/other/go.work"}, want: "ROOT/other/go.work, the go.work the go command uses for the module at ROOT/svc, cannot be read"},
		{name: "a named pipe, GOWORK=off", pipe: "go.work", env: []string{"GOWORK=off"}},
		{name: "GOWORK naming no file", env: []string{"GOWORK=ROOT/none/go.work"}, want: "ROOT/none/go.work, the go.work the go command uses for the module at ROOT/svc, cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			write(t, root, "svc/go.mod", "module example.com/svc\n\ngo 1.26.0\n")
			for p, body := range tt.files {
				write(t, root, p, body)
			}
			if tt.pipe != "" {
				pipe := filepath.Join(root, filepath.FromSlash(tt.pipe))
				if err := os.MkdirAll(filepath.Dir(pipe), 0o755); err != nil {
					t.Fatal(err)
				}
				treetest.Mkfifo(t, pipe, 0o600)
			}
			var env []string
			for _, kv := range tt.env {
				env = append(env, strings.ReplaceAll(kv, "ROOT", root))
			}
			err := Unparsable(filepath.Join(root, "go.work"), filepath.Join(root, "svc"), env)
			switch want := strings.ReplaceAll(tt.want, "ROOT", root); {
			case want == "" && err != nil:
				t.Errorf("err = %v, want none", err)
			case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
				t.Errorf("err = %v, want one saying %q", err, want)
			}
		})
	}
}
