package merge

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
)

// TestLinesIsGit checks that, with git installed, Lines returns exactly what
// `git merge-file -p --diff3` makes of random triples, conflict count included, so the
// choice of diff among equally short ones is always git's.
func TestLinesIsGit(t *testing.T) {
	requireGit(t)
	labels := Labels{Ours: "yours", Base: "gonew-prod v0.1.0", Theirs: "gonew-prod v0.2.0"}
	conflicted := 0
	for i := range 60 {
		base, ours, theirs := randomTriple(uint64(i)+7e6, uint8(i*11))
		got, err := Lines(context.Background(), base, ours, theirs, labels)
		if err != nil {
			t.Fatal(err)
		}
		want, conflicts := gitMergeFile(t, base, ours, theirs, labels)
		if !bytes.Equal(got.Merged, want) || got.Conflicts != conflicts {
			t.Fatalf("triple %d: Lines made %d conflicts, git %d\ngot  %q\nwant %q", i, got.Conflicts, conflicts, got.Merged, want)
		}
		if got.Conflicts > 0 {
			conflicted++
		}
	}
	if conflicted == 0 {
		t.Fatal("no triple conflicted: the comparison says nothing about conflict counts")
	}
}

// TestLinesWithoutGit checks that Lines falls back to Text when git is not on PATH.
func TestLinesWithoutGit(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := exec.LookPath("git"); err == nil {
		t.Fatal("git still found")
	}
	labels := Labels{Ours: "yours", Base: "base", Theirs: "theirs"}
	for i := range 20 {
		base, ours, theirs := randomTriple(uint64(i), uint8(i))
		got, err := Lines(context.Background(), base, ours, theirs, labels)
		if err != nil {
			t.Fatal(err)
		}
		want := Text(base, ours, theirs, labels)
		if !bytes.Equal(got.Merged, want.Merged) || got.Conflicts != want.Conflicts {
			t.Fatalf("triple %d: Lines without git = %q (%d), Text = %q (%d)", i, got.Merged, got.Conflicts, want.Merged, want.Conflicts)
		}
	}
}

func TestLinesRefusesMultilineLabels(t *testing.T) {
	requireGit(t)
	_, err := Lines(context.Background(), nil, []byte("a\n"), []byte("b\n"), Labels{Ours: "yours", Base: "x\ny", Theirs: "t"})
	if err == nil || !strings.Contains(err.Error(), "spans lines") {
		t.Fatalf("err = %v, want a label spanning lines refused", err)
	}
}

func TestWhole(t *testing.T) {
	labels := Labels{Ours: "yours", Base: "gonew-prod (devel)", Theirs: "gonew-prod v0.2.0"}
	tests := []struct {
		name, base, ours, theirs, want string
	}{
		{"all three", "b\n", "o1\no2\n", "t\n",
			"<<<<<<< yours\no1\no2\n||||||| gonew-prod (devel)\nb\n=======\nt\n>>>>>>> gonew-prod v0.2.0\n"},
		{"no base, no final newline", "", "o", "t\n",
			"<<<<<<< yours\no\n||||||| gonew-prod (devel)\n=======\nt\n>>>>>>> gonew-prod v0.2.0\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Whole([]byte(tt.base), []byte(tt.ours), []byte(tt.theirs), labels)
			if string(got.Merged) != tt.want || got.Conflicts != 1 {
				t.Fatalf("Whole = %q (%d conflicts), want %q", got.Merged, got.Conflicts, tt.want)
			}
			if err := Preserves([]byte(tt.base), []byte(tt.ours), got.Merged); err != nil {
				t.Fatalf("Preserves: %v", err)
			}
			if !HasConflictMarkers(got.Merged) {
				t.Fatal("HasConflictMarkers = false on a conflict block")
			}
		})
	}
}

func TestHasConflictMarkers(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"a\nb\n", false},
		{"Title\n=======\n", false}, // a Markdown heading
		{"||||||| x\n", false},
		{"<<<<<<<< eight\n", false},
		{"x <<<<<<< yours\n", false},
		{"<<<<<<< yours\n", true},
		{"a\n<<<<<<<\n", true},
		{"a\r\n>>>>>>> gonew-prod v0.2.0\r\n", true},
		{">>>>>>> theirs", true},
	}
	for _, tt := range tests {
		if got := HasConflictMarkers([]byte(tt.text)); got != tt.want {
			t.Errorf("HasConflictMarkers(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestGoModPreserves(t *testing.T) {
	const ours = `module example.com/acme/orders

go 1.26

toolchain go1.26.2

require (
	example.com/mine v0.3.0
	example.com/shared v1.2.0
)

replace example.com/fork => ../fork

exclude example.com/bad v1.0.1

retract v0.1.0

tool example.com/mine/cmd/gen

ignore ./scratch
`
	tests := []struct {
		name, result, wantErr string
	}{
		{"identical", ours, ""},
		{"raised versions and a new require", strings.NewReplacer("go 1.26", "go 1.27", "shared v1.2.0", "shared v1.4.0\n\texample.com/new v1.0.0").Replace(ours), ""},
		{"replace in the ours section of a conflict", strings.Replace(ours, "replace example.com/fork => ../fork\n",
			"<<<<<<< yours\nreplace example.com/fork => ../fork\n||||||| base\n=======\nreplace example.com/fork => ../fork2\n>>>>>>> theirs\n", 1), ""},
		{"module changed", strings.Replace(ours, "acme/orders", "acme/other", 1), `module "example.com/acme/other"`},
		{"go line lowered", strings.Replace(ours, "go 1.26", "go 1.25", 1), "lowered your go line 1.26"},
		{"require lost", strings.Replace(ours, "\texample.com/mine v0.3.0\n", "", 1), "lost your require example.com/mine v0.3.0"},
		{"require lowered", strings.Replace(ours, "shared v1.2.0", "shared v1.1.0", 1), "lowered your require example.com/shared v1.2.0 to v1.1.0"},
		{"replace changed", strings.Replace(ours, "../fork", "../fork2", 1), "lost your replace example.com/fork => ../fork"},
		{"replace only in theirs' section", strings.Replace(ours, "replace example.com/fork => ../fork\n",
			"<<<<<<< yours\n||||||| base\n=======\nreplace example.com/fork => ../fork\n>>>>>>> theirs\n", 1), "lost your replace"},
		{"exclude lost", strings.Replace(ours, "exclude example.com/bad v1.0.1\n", "", 1), "lost your exclude example.com/bad@v1.0.1"},
		{"retract lost", strings.Replace(ours, "retract v0.1.0\n", "", 1), "lost your retract v0.1.0"},
		{"toolchain lost", strings.Replace(ours, "toolchain go1.26.2\n", "", 1), "lost or lowered your toolchain go1.26.2"},
		{"toolchain lowered", strings.Replace(ours, "go1.26.2", "go1.26.1", 1), "lost or lowered your toolchain go1.26.2"},
		{"toolchain raised", strings.Replace(ours, "go1.26.2", "go1.26.10", 1), ""},
		// The go command drops a toolchain line the go line asks for already.
		{"toolchain dropped below a raised go line", strings.NewReplacer("go 1.26\n", "go 1.27.0\n", "toolchain go1.26.2\n", "").Replace(ours), ""},
		{"toolchain dropped at a go line of its version", strings.NewReplacer("go 1.26\n", "go 1.26.2\n", "toolchain go1.26.2\n", "").Replace(ours), ""},
		{"toolchain dropped above a raised go line", strings.NewReplacer("go 1.26\n", "go 1.26.1\n", "toolchain go1.26.2\n", "").Replace(ours), "lost or lowered your toolchain go1.26.2"},
		{"tool lost", strings.Replace(ours, "tool example.com/mine/cmd/gen\n", "", 1), "lost your tool example.com/mine/cmd/gen"},
		{"ignore lost", strings.Replace(ours, "ignore ./scratch\n", "", 1), "lost your ignore ./scratch"},
		{"unclosed conflict", ours + "<<<<<<< yours\n", "not closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := GoModPreserves([]byte(ours), []byte(tt.result))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("GoModPreserves: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("GoModPreserves = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestGoModPreservesEdits: against a base, a require or replace line yours has as the
// base has it is no edit of yours, and the result may lack or change it; every line you
// added or changed must still be there.
func TestGoModPreservesEdits(t *testing.T) {
	const base = "module example.com/a\n\ngo 1.26\n\nrequire (\n\texample.com/cmp v0.7.0\n\texample.com/x v1.0.0\n)\n\nreplace example.com/fork => ../fork\n"
	const several = "\n\texample.com/m1 v1.0.0\n\texample.com/m2 v1.0.0\n\texample.com/m3 v1.0.0\n\texample.com/m4 v1.0.0\n\texample.com/m5 v1.0.0\n\texample.com/m6 v1.0.0\n\texample.com/m7 v1.0.0"
	tests := []struct {
		name, ours, result, wantErr string
	}{
		{"a require of the base dropped", base, strings.Replace(base, "\texample.com/cmp v0.7.0\n", "", 1), ""},
		{"a replace of the base changed", base, strings.Replace(base, "../fork", "../fork2", 1), ""},
		{"a require of yours dropped", strings.Replace(base, "x v1.0.0", "x v1.0.0\n\texample.com/mine v0.1.0", 1),
			strings.Replace(base, "\texample.com/cmp v0.7.0\n", "", 1), "lost your require example.com/mine v0.1.0"},
		{"a require you raised dropped", strings.Replace(base, "cmp v0.7.0", "cmp v0.7.1", 1),
			strings.Replace(base, "\texample.com/cmp v0.7.0\n", "", 1), "lost your require example.com/cmp v0.7.1"},
		{"a require you commented dropped", strings.Replace(base, "cmp v0.7.0", "cmp v0.7.0 // used by tests", 1),
			strings.Replace(base, "\texample.com/cmp v0.7.0\n", "", 1), "lost your require example.com/cmp v0.7.0"},
		{"a require of the base lowered", base, strings.Replace(base, "cmp v0.7.0", "cmp v0.6.0", 1), "lowered your require example.com/cmp v0.7.0"},
		{"a replace you changed changed", strings.Replace(base, "../fork", "../mine", 1), base, "lost your replace example.com/fork => ../mine"},
		// Checked in the order of the paths, so the message names the same one every run.
		{"several requires lowered", strings.Replace(base, "x v1.0.0", "x v1.0.0"+several, 1),
			strings.ReplaceAll(strings.Replace(base, "x v1.0.0", "x v1.0.0"+several, 1), " v1.0.0\n", " v0.9.0\n"), "lowered your require example.com/m1 v1.0.0 to v0.9.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := GoModPreservesEdits([]byte(base), []byte(tt.ours), []byte(tt.result))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("GoModPreservesEdits: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("GoModPreservesEdits = %v, want an error containing %q", err, tt.wantErr)
			}
			if tt.wantErr == "" && GoModPreserves([]byte(tt.ours), []byte(tt.result)) == nil {
				t.Errorf("GoModPreserves (no base) accepts it too")
			}
		})
	}
}

// TestLeftConflict: in a file a merge wrote blocks into, its own base marker is a leftover
// even with the block's outer markers gone; a lone "=======" and a "|||||||" of another
// label (or none) are text, as for HasConflictMarkers.
func TestLeftConflict(t *testing.T) {
	const by = "gonew-prod "
	tests := []struct {
		text string
		want bool
	}{
		{"a\nb\n", false},
		{"Title\n=======\n", false},
		{"|||||||\n", false},
		{"||||||| base\n", false},
		{"||||||| gonew-prods\n", false},
		{"x ||||||| gonew-prod v0.1.0\n", false},
		{"<<<<<<< yours\n", true},
		{">>>>>>> gonew-prod v0.2.0\n", true},
		{"port: 7\n||||||| gonew-prod (devel) preset org from ./p1\nport: 5\n=======\nport: 10\n", true},
		{"a\r\n||||||| gonew-prod v0.1.0 (unavailable)\r\n=======\r\n", true},
	}
	for _, tt := range tests {
		if got := LeftConflict([]byte(tt.text), by); got != tt.want {
			t.Errorf("LeftConflict(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
