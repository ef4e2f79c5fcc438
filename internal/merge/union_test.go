package merge

import (
	"context"
	"strings"
	"testing"
)

// TestUnion merges versions of ignore files by lines, then joins what both sides added at
// one place where that keeps the meaning of both, with git's merge and with the built-in
// one. (Makefiles are update's: see its makefileAdds.)
func TestUnion(t *testing.T) {
	tests := []struct {
		name               string
		adds               Adds
		base, ours, theirs string
		want               string // the result when joined, "" when a conflict stays
	}{
		{"patterns appended", IgnoreAdds, "/bin/\n", "/bin/\n*.db\n.env\n", "/bin/\n.env\ncoverage.out\n", "/bin/\n*.db\n.env\ncoverage.out\n"},
		{"a negation", IgnoreAdds, "/bin/\n", "/bin/\n*.log\n", "/bin/\n!keep.log\n", ""},
		{"a shared section, blank line and all", IgnoreAdds, "/bin/\n", "/bin/\n\n*.db\n.env\n", "/bin/\n\n.env\n", "/bin/\n\n*.db\n.env\n"},
		{"a section each", IgnoreAdds, "/bin/\n", "/bin/\n\n# mine\n*.db\n", "/bin/\n\n# tools\n.env\n", "/bin/\n\n# mine\n*.db\n\n# tools\n.env\n"},
		{"a new section after a shared one", IgnoreAdds, "/bin/\n", "/bin/\n\n.env\n*.db\n", "/bin/\n\n.env\n\n# tools\ncoverage.out\n", "/bin/\n\n.env\n*.db\n\n# tools\ncoverage.out\n"},
	}
	labels := Labels{Ours: "yours", Base: "gonew-prod v0.1.0", Theirs: "gonew-prod v0.2.0"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			git, err := Lines(context.Background(), []byte(tt.base), []byte(tt.ours), []byte(tt.theirs), labels)
			if err != nil {
				t.Fatal(err)
			}
			for how, r := range map[string]Result{"git": git, "built-in": Text([]byte(tt.base), []byte(tt.ours), []byte(tt.theirs), labels)} {
				if r.Clean() {
					t.Fatalf("%s: the line merge has no conflict to join:\n%s", how, r.Merged)
				}
				got := Union(r, labels, tt.adds)
				switch {
				case tt.want == "" && (got.Conflicts != r.Conflicts || string(got.Merged) != string(r.Merged)):
					t.Errorf("%s: joined what must stay a conflict:\n%s", how, got.Merged)
				case tt.want != "" && (!got.Clean() || string(got.Merged) != tt.want):
					t.Errorf("%s: %d conflicts, result\n%s\nwant\n%s", how, got.Conflicts, got.Merged, tt.want)
				}
				if tt.want != "" {
					if err := Preserves([]byte(tt.base), []byte(tt.ours), got.Merged); err != nil {
						t.Errorf("%s: an edit of yours is lost: %v", how, err)
					}
				}
			}
		})
	}
}

// TestUnionKeepsOtherConflicts joins one block of a merge and leaves a block where both
// sides changed the same line as it is.
func TestUnionKeepsOtherConflicts(t *testing.T) {
	labels := Labels{Ours: "yours", Base: "base", Theirs: "theirs"}
	base := "X = 1\n\nbuild:\n\tgo build\n"
	ours := "X = 2\n\nbuild:\n\tgo build\nseed:\n\t./seed\n"
	theirs := "X = 3\n\nbuild:\n\tgo build\nsbom:\n\tsyft\n"
	r := Text([]byte(base), []byte(ours), []byte(theirs), labels)
	if r.Conflicts != 2 {
		t.Fatalf("the line merge has %d conflicts, want 2:\n%s", r.Conflicts, r.Merged)
	}
	joinAll := func(ours, theirs []string) ([]string, bool) { return append(ours, theirs...), true }
	got := Union(r, labels, joinAll)
	want := "<<<<<<< yours\nX = 2\n||||||| base\nX = 1\n=======\nX = 3\n>>>>>>> theirs\n\nbuild:\n\tgo build\nseed:\n\t./seed\nsbom:\n\tsyft\n"
	if got.Conflicts != 1 || string(got.Merged) != want {
		t.Errorf("%d conflicts, result\n%s\nwant\n%s", got.Conflicts, got.Merged, want)
	}
}

// TestIgnoreOrder checks clean merges by lines of ignore files against a negation of
// yours, and a pattern of yours against a negation of theirs placed after it, which may
// un-ignore what yours ignores (in both files): in a .gitignore a pattern the merge adds anywhere that may exclude a directory
// above what the negation re-includes defeats it (git does not look inside an excluded
// directory); in a .dockerignore only a pattern after the negation can. Docker compares
// each pattern cleaned as a path (./docs is docs), git as written.
func TestIgnoreOrder(t *testing.T) {
	const head = "*.pem\n/bin/\n"
	const neg = "!/testdata/tmp/*.pem\n"
	tests := []struct {
		name                 string
		ours, theirs, merged string
		git, docker          string // the error each check must give, "" for none
	}{
		{"the directory above, before the negation", head + neg, head + "/testdata/tmp/\n", head + "/testdata/tmp/\n" + neg,
			"would add the pattern /testdata/tmp/, which may exclude a directory above what your !/testdata/tmp/*.pem re-includes", ""},
		{"a directory two above", head + neg, "/testdata\n" + head, "/testdata\n" + head + neg, "would add the pattern /testdata", ""},
		{"a name at any depth", head + neg, head + "tmp/\n", head + "tmp/\n" + neg, "would add the pattern tmp/", ""},
		{"a glob at any depth", head + neg, head + "**/tmp\n", head + "**/tmp\n" + neg, "would add the pattern **/tmp", ""},
		{"a glob over the directories", head + neg, head + "/testdata/*/\n", head + "/testdata/*/\n" + neg, "would add the pattern /testdata/*/", ""},
		{"the directory above, after the negation", head + neg, head + "x\n", head + neg + "/testdata/tmp/\n",
			"would put the pattern /testdata/tmp/ after your !/testdata/tmp/*.pem", "would put the pattern /testdata/tmp/ after your !/testdata/tmp/*.pem"},
		{"the files in the directory", head + neg, head + "/testdata/tmp/*\n", head + "/testdata/tmp/*\n" + neg, "", ""},
		{"another directory", head + neg, head + "/dist/\n", head + "/dist/\n" + neg, "", ""},
		{"yours has the pattern already", "/testdata/tmp/\n" + head + neg, head + "/dist/\n", "/testdata/tmp/\n" + head + "/dist/\n" + neg, "", ""},
		{"theirs has the pattern and the negation", head + "/testdata/tmp/\n" + neg, head + "/testdata/tmp/\n" + neg + "/dist/\n",
			head + "/testdata/tmp/\n" + neg + "/dist/\n", "", ""},
		{"a negation without a slash", head + "!keep.pem\n", head + "/certs/\n", head + "/certs/\n!keep.pem\n", "", ""},
		{"their negation after your pattern", "*.key\nconfig/*.yaml\n.env\n", "*.key\n.env\n!config/*.yaml\n", "*.key\nconfig/*.yaml\n.env\n!config/*.yaml\n",
			"would put the negation !config/*.yaml after your pattern config/*.yaml", "would put the negation !config/*.yaml after your pattern config/*.yaml"},
		{"their negation of a file your glob ignores", "*.key\n*.yaml\n", "*.key\n!deploy/example.yaml\n", "*.key\n*.yaml\n!deploy/example.yaml\n",
			"would put the negation !deploy/example.yaml after your pattern *.yaml", "would put the negation !deploy/example.yaml after your pattern *.yaml"},
		{"their negation of something else after your pattern", "*.key\nconfig/*.yaml\n", "*.key\n!keep.log\n", "*.key\nconfig/*.yaml\n!keep.log\n", "", ""},
		{"their negation after a pattern of theirs too", "*.key\nconfig/*.yaml\n", "*.key\nconfig/*.yaml\n!config/example.yaml\n", "*.key\nconfig/*.yaml\n!config/example.yaml\n", "", ""},
		{"their negation before your pattern", "*.key\nconfig/*.yaml\n", "!config/*.yaml\n*.key\n", "!config/*.yaml\n*.key\nconfig/*.yaml\n", "", ""},
		{"their negation after your first pattern, behind a byte order mark", "\ufeffconfig/*.yaml\n*.key\n", "*.key\n!config/*.yaml\n", "\ufeffconfig/*.yaml\n*.key\n!config/*.yaml\n",
			"would put the negation !config/*.yaml after your pattern config/*.yaml", "would put the negation !config/*.yaml after your pattern config/*.yaml"},
		{"their ./docs after your negation", "!docs/keep.md\n/bin/\n", "/bin/\n./docs\n", "!docs/keep.md\n/bin/\n./docs\n",
			"", "would put the pattern ./docs after your !docs/keep.md"},
		{"their docs//keep.md after your negation", "!docs/keep.md\n/bin/\n", "/bin/\ndocs//keep.md\n", "!docs/keep.md\n/bin/\ndocs//keep.md\n",
			"", "would put the pattern docs//keep.md after your !docs/keep.md"},
		{"their docs after your negation with a space", "! docs/keep.md\n/bin/\n", "/bin/\ndocs\n", "! docs/keep.md\n/bin/\ndocs\n",
			"", "would put the pattern docs after your ! docs/keep.md"},
		{"their negation after your ./ pattern", "./config/*.yaml\n*.key\n", "*.key\n!config/*.yaml\n", "./config/*.yaml\n*.key\n!config/*.yaml\n",
			"", "would put the negation !config/*.yaml after your pattern ./config/*.yaml"},
		{"their ./ negation after your pattern", "config/*.yaml\n*.key\n", "*.key\n!./config/../config/*.yaml\n", "config/*.yaml\n*.key\n!./config/../config/*.yaml\n",
			"", "would put the negation !./config/../config/*.yaml after your pattern config/*.yaml"},
		{"theirs has the cleaned pattern after the negation too", "!docs/keep.md\n/bin/\n", "!./docs/keep.md\n/bin/\ndocs/\n", "!docs/keep.md\n/bin/\ndocs/\n",
			"would put the pattern docs/ after your !docs/keep.md", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range []struct {
				file    string
				check   func(ours, theirs, merged []byte) error
				wantErr string
			}{{".gitignore", Git.Order, tt.git}, {".dockerignore", Docker.Order, tt.docker}} {
				err := c.check([]byte(tt.ours), []byte(tt.theirs), []byte(tt.merged))
				switch {
				case c.wantErr == "" && err != nil:
					t.Errorf("%s: %v, want none", c.file, err)
				case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
					t.Errorf("%s: %v, want an error containing %q", c.file, err, c.wantErr)
				}
			}
		})
	}
}

// TestIgnoreHeld checks ignore files as a merge left with conflicts writes them, every
// line a pattern, against ours: a negation of the base's or theirs' after a pattern of
// ours that may match what it un-ignores is an error, unless ours has it there too or the
// pattern follows it again. Docker compares each pattern cleaned as a path (./docs is
// docs), git as written.
func TestIgnoreHeld(t *testing.T) {
	labels := Labels{Ours: "yours", Base: "gonew-prod v0.1.0", Theirs: "gonew-prod v0.2.0"}
	whole := func(base, ours, theirs string) string {
		return string(Whole([]byte(base), []byte(ours), []byte(theirs), labels).Merged)
	}
	tests := []struct {
		name          string
		ours, written string
		wantErr       string // "" when the written file ignores what ours does
		docker        string // Docker's, when it differs from wantErr
	}{
		{"their negation after your pattern", "config/*.yaml\n", whole("", "config/*.yaml\n", "!config/example.yaml\n"),
			"the negation !config/example.yaml would follow your pattern config/*.yaml", ""},
		{"a base negation you removed", "*.log\n", whole("*.log\n!keep.log\n", "*.log\n", "*.log\n!keep.log\n*.out\n"),
			"the negation !keep.log would follow your pattern *.log", ""},
		{"a base negation you narrowed", "*.log\n!/keep.log\n", whole("*.log\n!keep.log\n", "*.log\n!/keep.log\n", "*.log\n!keep.log\n*.out\n"),
			"the negation !keep.log would follow your pattern *.log", "-"}, // Docker reads /keep.log as keep.log
		{"your negation in every section", "*.log\n!keep.log\n", whole("*.log\n!keep.log\n", "*.log\n!keep.log\n*.trace\n", "*.log\n!keep.log\n*.out\n"), "", ""},
		{"a negation of something else", "*.log\n", whole("", "*.log\n", "!dist/keep.txt\n"), "", ""},
		{"your pattern again after it", "*.env\n", "*.env\n!example.env\n*.env\n", "", ""},
		{"your negation re-ignored", "*.log\n!keep.log\n", whole("", "*.log\n!keep.log\n", "*.log\n"), "", ""},
		{"no conflict", "*.env\n", "*.env\n/bin/\n", "", ""},
		{"their negation after your ./ pattern", "./config/*.yaml\n", whole("", "./config/*.yaml\n", "!config/example.yaml\n"),
			"", "the negation !config/example.yaml would follow your pattern ./config/*.yaml"},
		{"your pattern, cleaned, again after it", "*.env\n", "*.env\n!example.env\n./*.env\n", "the negation !example.env would follow your pattern *.env", "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docker := tt.docker
			switch docker {
			case "":
				docker = tt.wantErr
			case "-":
				docker = ""
			}
			for _, c := range []struct {
				file    string
				held    func(ours, written []byte) error
				wantErr string
			}{{".gitignore", Git.Held, tt.wantErr}, {".dockerignore", Docker.Held, docker}} {
				err := c.held([]byte(tt.ours), []byte(tt.written))
				switch {
				case c.wantErr == "" && err != nil:
					t.Errorf("%s: %v, want nil", c.file, err)
				case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
					t.Errorf("%s: %v, want an error containing %q", c.file, err, c.wantErr)
				}
			}
		})
	}
}

func TestIgnoreJoin(t *testing.T) {
	tests := []struct {
		name, first, then, want string
	}{
		{"the user's patterns the render lacks follow it", "/bin/\n.env\n", "secrets.json\n/bin/\n*.sqlite\n", "/bin/\n.env\nsecrets.json\n*.sqlite\n"},
		{"a render without a final newline", "/bin/", "data/\n", "/bin/\ndata/\n"},
		{"a user's file without one", "/bin/\n", "data/", "/bin/\ndata/"},
		{"a negation: every line of the user's follows", "/bin/\n*.log\n", "*.log\n!keep.log\n", "/bin/\n*.log\n*.log\n!keep.log\n"},
		{"nothing of the user's", "/bin/\n", "", "/bin/\n"},
		// Git and Docker skip a UTF-8 byte order mark at the start of the file alone: the
		// user's is kept there, and their first pattern joins without it.
		{"a byte order mark of the user's", "/bin/\n", "\ufeffsecrets.json\n/data/\n", "\ufeff/bin/\nsecrets.json\n/data/\n"},
		{"a byte order mark before a pattern the render has", "/bin/\n", "\ufeff/bin/\n/data/\n", "\ufeff/bin/\n/data/\n"},
		{"a byte order mark and a negation", "/bin/\n", "\ufeff*.log\n!keep.log\n", "\ufeff/bin/\n*.log\n!keep.log\n"},
		{"a byte order mark on both", "\ufeff/bin/\n", "\ufeffdata/\n", "\ufeff/bin/\ndata/\n"},
		{"a byte order mark of the render's", "\ufeff/bin/\n", "data/\n", "\ufeff/bin/\ndata/\n"},
		// Blank lines between the render's groups, and the user's file an earlier join
		// made: it is the join as it is, nothing added again.
		{"blank lines of the render's", "/bin/\n\n*.pem\n", "secrets.json\n", "/bin/\n\n*.pem\nsecrets.json\n"},
		{"a join joined again", "/bin/\n\n*.pem\n", "/bin/\n\n*.pem\nsecrets.json\n", "/bin/\n\n*.pem\nsecrets.json\n"},
		{"a join with a negation joined again", "/bin/\n\n*.log\n", "/bin/\n\n*.log\n*.log\n!keep.log\n", "/bin/\n\n*.log\n*.log\n!keep.log\n"},
		{"the render's file itself", "/bin/\n\n*.pem\n", "/bin/\n\n*.pem\n", "/bin/\n\n*.pem\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(IgnoreJoin([]byte(tt.first), []byte(tt.then)))
			if got != tt.want {
				t.Errorf("IgnoreJoin(%q, %q) = %q, want %q", tt.first, tt.then, got, tt.want)
			}
			// What a join made, joined again with the same render, is left as it is.
			if again := string(IgnoreJoin([]byte(tt.first), []byte(got))); again != got {
				t.Errorf("IgnoreJoin(%q, %q) = %q, joined again %q: not the join as it is", tt.first, tt.then, got, again)
			}
		})
	}
}
