package merge

import (
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	labels := Labels{Ours: "yours", Base: "gonew-prod v0.1.0", Theirs: "gonew-prod v0.2.0"}
	block := func(ours, base, theirs string) string {
		return "<<<<<<< yours\n" + ours + "||||||| gonew-prod v0.1.0\n" + base + "=======\n" + theirs +
			">>>>>>> gonew-prod v0.2.0\n"
	}
	tests := []struct {
		name               string
		base, ours, theirs string
		want               string
		conflicts          int
	}{
		{"nobody changed", "a\nb\n", "a\nb\n", "a\nb\n", "a\nb\n", 0},
		{"only yours changed", "a\nb\nc\n", "a\nB\nc\n", "a\nb\nc\n", "a\nB\nc\n", 0},
		{"only theirs changed", "a\nb\nc\n", "a\nb\nc\n", "a\nb\nC\n", "a\nb\nC\n", 0},
		{"changes apart", "a\nb\nc\nd\n", "A\nb\nc\nd\n", "a\nb\nc\nD\n", "A\nb\nc\nD\n", 0},
		{"one unchanged line between", "a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n", "A\nb\nC\n", 0},
		{
			"adjacent changes conflict", "a\nb\nc\nd\n", "a\nB\nc\nd\n", "a\nb\nC\nd\n",
			"a\n" + block("B\nc\n", "b\nc\n", "b\nC\n") + "d\n", 1,
		},
		{
			"same line changed differently", "a\nb\nc\n", "a\nyours\nc\n", "a\ntheirs\nc\n",
			"a\n" + block("yours\n", "b\n", "theirs\n") + "c\n", 1,
		},
		{"same change on both sides", "a\nb\nc\n", "a\nB\nc\n", "a\nB\nc\n", "a\nB\nc\n", 0},
		{"both deleted the same line", "a\nb\nc\n", "a\nc\n", "a\nc\n", "a\nc\n", 0},
		{
			"yours deleted what theirs changed", "a\nb\nc\n", "a\nc\n", "a\nB\nc\n",
			"a\n" + block("", "b\n", "B\n") + "c\n", 1,
		},
		{
			"insertions at the same place", "a\nb\n", "a\nyours\nb\n", "a\ntheirs\nb\n",
			"a\n" + block("yours\n", "", "theirs\n") + "b\n", 1,
		},
		{"added on both sides, same", "", "x\ny\n", "x\ny\n", "x\ny\n", 0},
		{"added on both sides, different", "", "x\n", "y\n", block("x\n", "", "y\n"), 1},
		{"added by yours only", "", "x\n", "", "x\n", 0},
		{"no final newline kept", "a\nb\nc", "A\nb\nc", "a\nb\nc\nd", "A\nb\nc\nd", 0},
		{
			"no final newline inside a conflict", "a\nb", "a\nB", "a\nC",
			"a\n" + block("B\n", "b\n", "C\n"), 1,
		},
		{"newline added at the end by theirs", "a\nb\nc", "A\nb\nc", "a\nb\nc\n", "A\nb\nc\n", 0},
		{
			"CRLF markers", "a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n", "a\r\nC\r\nc\r\n",
			"a\r\n<<<<<<< yours\r\nB\r\n||||||| gonew-prod v0.1.0\r\nb\r\n=======\r\nC\r\n>>>>>>> gonew-prod v0.2.0\r\nc\r\n", 1,
		},
		{"CRLF and LF lines differ", "a\r\nb\r\n", "a\nb\r\n", "a\r\nb\r\nc\r\n", "a\nb\r\nc\r\n", 0},
		{
			"two conflicts", "a\nb\nc\nd\ne\n", "A1\nb\nc\nd\nE1\n", "A2\nb\nc\nd\nE2\n",
			block("A1\n", "a\n", "A2\n") + "b\nc\nd\n" + block("E1\n", "e\n", "E2\n"), 2,
		},
		{
			// A deleted line that could be any of two equal lines is placed as low as it
			// goes, as git places it: after b, so it touches theirs' change of c.
			"ambiguous deletion slides down", "a\nx\nx\nc\n", "a\nx\nc\n", "a\nx\nx\nC\n",
			"a\nx\n" + block("c\n", "x\nc\n", "x\nC\n"), 1,
		},
		{
			// go-udiff alone would insert "}", "", "new" after b, clear of theirs' change;
			// git (and Text) insert "new", "}", "" lower, touching it.
			"inserted block placed like git", "a\n}\n\nb\n}\n\nc\n", "a\n}\n\nb\n}\n\nnew\n}\n\nc\n", "a\n}\n\nb\n}\n\nC\n",
			"a\n}\n\nb\n}\n\n" + block("new\n}\n\nc\n", "c\n", "C\n"), 1,
		},
	}
	git := exec.Command("git", "version").Run() == nil
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text([]byte(tt.base), []byte(tt.ours), []byte(tt.theirs), labels)
			if string(got.Merged) != tt.want || got.Conflicts != tt.conflicts {
				t.Errorf("Text() = %d conflicts\n%q\nwant %d conflicts\n%q", got.Conflicts, got.Merged, tt.conflicts, tt.want)
			}
			if got.Clean() != (tt.conflicts == 0) {
				t.Errorf("Clean() = %v with %d conflicts", got.Clean(), got.Conflicts)
			}
			if git {
				if a := compareWithGit(t, []byte(tt.base), []byte(tt.ours), []byte(tt.theirs)); a.tie {
					t.Errorf("a diff of this case has several shortest forms: pick a case git and Text see alike")
				}
			}
		})
	}
}

func TestDiffLines(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want []hunk
	}{
		{"equal", "a\nb\n", "a\nb\n", nil},
		{"replace", "a\nb\nc\n", "a\nB\nc\n", []hunk{{1, 1, 1, 1}}},
		{"from empty", "", "a\n", []hunk{{0, 0, 0, 1}}},
		{"to empty", "a\n", "", []hunk{{0, 1, 0, 0}}},
		{"final newline", "a", "a\n", []hunk{{0, 1, 0, 1}}},
		// Runs that could sit in several places go as low as they can, as git puts them.
		{"deleted copy", "a\nx\nx\nc\n", "a\nx\nc\n", []hunk{{2, 1, 2, 0}}},
		{"inserted copy", "a\nb\n", "a\nb\nb\n", []hunk{{2, 0, 2, 1}}},
		{"deleted repeat", "x\ny\nx\ny\n", "x\ny\n", []hunk{{2, 2, 2, 0}}},
		{"deleted braces", "}\n}\n}\n", "}\n", []hunk{{1, 2, 1, 0}}},
		{"inserted block", "a\n}\n\nb\n}\n\nc\n", "a\n}\n\nb\n}\n\nnew\n}\n\nc\n", []hunk{{6, 0, 6, 3}}},
		// Unless a run of the other file faces it higher up: then it stays there.
		{"facing a change", "c\nc\n", "b\nc\n", []hunk{{0, 1, 0, 1}}},
		{"facing a change below copies", "a\na\na\na\n", "b\na\n", []hunk{{0, 3, 0, 1}}},
	}
	git := exec.Command("git", "version").Run() == nil
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diffLines(SplitLines([]byte(tt.a)), SplitLines([]byte(tt.b)))
			if !slices.Equal(got, tt.want) {
				t.Errorf("diffLines() = %v, want %v", got, tt.want)
			}
			if git {
				if g := gitDiff(t, []byte(tt.a), []byte(tt.b)); !slices.Equal(g, tt.want) {
					t.Errorf("git's diff is %v, the test wants %v", g, tt.want)
				}
			}
		})
	}
}

// BenchmarkText merges a 3,000-line file (with the repeated braces and blank lines of
// code) in which each side edited 30 places of its own.
func BenchmarkText(b *testing.B) {
	var base, ours, theirs []byte
	for i := range 1000 {
		fn := fmt.Sprintf("func f%d() {\n\treturn %d\n}\n", i, i)
		base = append(base, fn...)
		switch {
		case i%33 == 0:
			ours = append(ours, strings.Replace(fn, "return", "return 1 +", 1)...)
			theirs = append(theirs, fn...)
		case i%33 == 16:
			ours = append(ours, fn...)
			theirs = append(theirs, fn+"\n// added\n"...)
		default:
			ours = append(ours, fn...)
			theirs = append(theirs, fn...)
		}
	}
	labels := Labels{Ours: "yours", Base: "base", Theirs: "theirs"}
	b.ReportAllocs()
	for b.Loop() {
		if r := Text(base, ours, theirs, labels); !r.Clean() {
			b.Fatalf("%d conflicts", r.Conflicts)
		}
	}
}

// TestDiffLinesManyEdits checks that a file edited in many places still gets a shortest
// diff — go-udiff alone gives up past 100 changed lines and replaces whole stretches —
// and the diff git gives.
func TestDiffLinesManyEdits(t *testing.T) {
	for _, every := range []int{10, 3, 1} {
		t.Run(fmt.Sprintf("every %d functions", every), func(t *testing.T) {
			var base, side []byte
			changed := 0
			for i := range 1000 {
				fn := fmt.Sprintf("func f%d() {\n\treturn %d\n}\n\n", i, i)
				base = append(base, fn...)
				if i%every == 0 {
					fn = strings.Replace(fn, "return", "return 1 +", 1)
					changed += 2
				}
				side = append(side, fn...)
			}
			got := diffLines(SplitLines(base), SplitLines(side))
			if n := changedLines(got); n != changed {
				t.Errorf("diffLines() changes %d lines, want %d", n, changed)
			}
			if exec.Command("git", "version").Run() == nil {
				if g := gitDiff(t, base, side); !slices.Equal(got, g) {
					t.Errorf("diffLines() differs from git's diff (%d hunks, git %d)", len(got), len(g))
				}
			}
		})
	}
}

func TestUniqueAnchors(t *testing.T) {
	lines := func(s string) []string { return strings.Split(s, "") }
	tests := []struct {
		base, side string
		want       [][2]int
	}{
		{"abc", "abc", [][2]int{{0, 0}, {1, 1}, {2, 2}}},
		{"aab", "ab", [][2]int{{2, 1}}}, // a repeats in base
		{"abcd", "dabc", [][2]int{{0, 1}, {1, 2}, {2, 3}}},
		{"xyz", "zyx", [][2]int{{0, 2}}}, // one of three chains of one
		{"ab", "cd", nil},
	}
	for _, tt := range tests {
		if got := uniqueAnchors(lines(tt.base), lines(tt.side)); !slices.Equal(got, tt.want) {
			t.Errorf("uniqueAnchors(%q, %q) = %v, want %v", tt.base, tt.side, got, tt.want)
		}
	}
}

// TestTextManyEdits merges a file both sides edited in hundreds of places, some the same.
func TestTextManyEdits(t *testing.T) {
	requireGit(t)
	var base, ours, theirs []byte
	for i := range 1000 {
		fn := fmt.Sprintf("func f%d() {\n\treturn %d\n}\n\n", i, i)
		base = append(base, fn...)
		edited := strings.Replace(fn, "return", "return 1 +", 1)
		switch i % 4 {
		case 0:
			ours, theirs = append(ours, edited...), append(theirs, fn...)
		case 1:
			ours, theirs = append(ours, fn...), append(theirs, edited...)
		case 2:
			ours, theirs = append(ours, edited...), append(theirs, edited...)
		default:
			ours, theirs = append(ours, fn...), append(theirs, fn+"// more\n"...)
		}
	}
	if a := compareWithGit(t, base, ours, theirs); a.tie {
		t.Errorf("the diffs differ from git's")
	}
}

// TestAlign maps the lines of one file to those of another by the line diff Text uses.
func TestAlign(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want []int
	}{
		{"the same", "a\nb\n", "a\nb\n", []int{0, 1}},
		{"lines added around", "a\nb\n", "x\na\ny\nb\nz\n", []int{1, 3}},
		{"a line deleted", "a\nb\nc\n", "a\nc\n", []int{0, -1, 1}},
		{"a line changed", "a\nb\nc\n", "a\nB\nc\n", []int{0, -1, 2}},
		{"all gone", "a\n", "", []int{-1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Align(SplitLines([]byte(tt.a)), SplitLines([]byte(tt.b))); !slices.Equal(got, tt.want) {
				t.Errorf("Align = %v, want %v", got, tt.want)
			}
		})
	}
}
