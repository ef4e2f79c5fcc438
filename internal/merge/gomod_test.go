package merge

import (
	"cmp"
	"slices"
	"strings"
	"testing"
)

func TestGoMod(t *testing.T) {
	labels := Labels{Ours: "yours", Base: "gonew-prod v0.1.0", Theirs: "gonew-prod v0.2.0"}
	const base = `module example.com/acme/orders

go 1.26

require (
	example.com/keep v1.0.0
	example.com/shared v1.2.0 // the client library
	example.com/old v1.0.0
)

replace example.com/fork => ../fork

exclude example.com/bad v1.0.1
`
	tests := []struct {
		name, ours, theirs string
		want               string
		conflicts          int
	}{
		{
			name: "only yours changed: yours, byte for byte",
			ours: strings.Replace(base, "go 1.26", "go 1.26 // pinned", 1), theirs: base,
			want: strings.Replace(base, "go 1.26", "go 1.26 // pinned", 1),
		},
		{
			name: "only theirs changed: theirs, byte for byte",
			ours: base, theirs: strings.Replace(base, "go 1.26\n", "go   1.27\n", 1),
			want: strings.Replace(base, "go 1.26\n", "go   1.27\n", 1),
		},
		{
			name: "requires: yours added kept, theirs added added, theirs dropped dropped, the higher version, comments of yours",
			ours: strings.Replace(base, "\texample.com/old v1.0.0\n",
				"\texample.com/old v1.0.0\n\texample.com/mine v0.3.0 // added by me\n", 1),
			theirs: strings.NewReplacer("go 1.26", "go 1.27", "shared v1.2.0 // the client library", "shared v1.4.0",
				"\texample.com/old v1.0.0\n", "\texample.com/new v2.0.0+incompatible\n").Replace(base),
			// The block comes out sorted, as go mod tidy leaves it.
			want: `module example.com/acme/orders

go 1.27

require (
	example.com/keep v1.0.0
	example.com/mine v0.3.0 // added by me
	example.com/new v2.0.0+incompatible
	example.com/shared v1.4.0 // the client library
)

replace example.com/fork => ../fork

exclude example.com/bad v1.0.1
`,
		},
		{
			name:   "the user's versions stand against an older or unchanged template",
			ours:   strings.NewReplacer("go 1.26", "go 1.27.2", "shared v1.2.0", "shared v1.5.0", "keep v1.0.0", "keep v0.9.0").Replace(base),
			theirs: strings.NewReplacer("go 1.26", "go 1.27", "shared v1.2.0", "shared v1.4.0", "\ttoolchain", "").Replace(base),
			want:   strings.NewReplacer("go 1.26", "go 1.27.2", "shared v1.2.0", "shared v1.5.0", "keep v1.0.0", "keep v0.9.0").Replace(base),
		},
		{
			name:   "a deleted require stays deleted unless the template raised it",
			ours:   strings.NewReplacer("\texample.com/keep v1.0.0\n", "", "\texample.com/old v1.0.0\n", "", "go 1.26", "go 1.26.1").Replace(base),
			theirs: strings.NewReplacer("keep v1.0.0", "keep v1.1.0").Replace(base),
			want: `module example.com/acme/orders

go 1.26.1

require (
	example.com/keep v1.1.0
	example.com/shared v1.2.0 // the client library
)

replace example.com/fork => ../fork

exclude example.com/bad v1.0.1
`,
		},
		{
			name:   "a require theirs dropped and yours kept as the base had it is dropped",
			ours:   strings.Replace(base, "go 1.26", "go 1.26.1", 1),
			theirs: strings.Replace(base, "\texample.com/old v1.0.0\n", "", 1),
			want:   strings.NewReplacer("go 1.26", "go 1.26.1", "\texample.com/old v1.0.0\n", "").Replace(base),
		},
		{
			name:   "a require theirs dropped stays where yours changed its version",
			ours:   strings.Replace(base, "old v1.0.0", "old v1.0.2", 1),
			theirs: strings.NewReplacer("\texample.com/old v1.0.0\n", "", "keep v1.0.0", "keep v1.1.0").Replace(base),
			want: `module example.com/acme/orders

go 1.26

require (
	example.com/keep v1.1.0
	example.com/old v1.0.2
	example.com/shared v1.2.0 // the client library
)

replace example.com/fork => ../fork

exclude example.com/bad v1.0.1
`,
		},
		{
			name:   "a require theirs dropped stays where yours commented it",
			ours:   strings.Replace(base, "old v1.0.0", "old v1.0.0 // we import it", 1),
			theirs: strings.NewReplacer("\texample.com/old v1.0.0\n", "", "keep v1.0.0", "keep v1.1.0").Replace(base),
			want: `module example.com/acme/orders

go 1.26

require (
	example.com/keep v1.1.0
	example.com/old v1.0.0 // we import it
	example.com/shared v1.2.0 // the client library
)

replace example.com/fork => ../fork

exclude example.com/bad v1.0.1
`,
		},
		{
			name:   "a require theirs dropped stays where yours marked it indirect",
			ours:   strings.Replace(base, "old v1.0.0", "old v1.0.0 // indirect", 1),
			theirs: strings.NewReplacer("\texample.com/old v1.0.0\n", "", "keep v1.0.0", "keep v1.1.0").Replace(base),
			want: `module example.com/acme/orders

go 1.26

require (
	example.com/keep v1.1.0
	example.com/shared v1.2.0 // the client library
)

require example.com/old v1.0.0 // indirect

replace example.com/fork => ../fork

exclude example.com/bad v1.0.1
`,
		},
		{
			name:   "go, toolchain: the higher; a release above its candidates",
			ours:   strings.Replace(base, "go 1.26\n", "go 1.27rc1\n\ntoolchain go1.27rc2\n", 1),
			theirs: strings.Replace(base, "go 1.26\n", "go 1.27.0\n\ntoolchain go1.27.1\n", 1),
			want:   strings.Replace(base, "go 1.26\n", "go 1.27.0\n\ntoolchain go1.27.1\n", 1),
		},
		{
			name:   "excludes, retracts: yours kept, theirs' additions added, deletions of yours stay",
			ours:   strings.Replace(base, "exclude example.com/bad v1.0.1\n", "exclude example.com/mine v0.0.1\n\nretract v0.1.0 // broken\n", 1),
			theirs: strings.Replace(base, "exclude example.com/bad v1.0.1\n", "exclude example.com/worse v1.9.0\n\nretract [v0.0.1, v0.0.5]\n", 1),
			want: strings.Replace(base, "exclude example.com/bad v1.0.1\n", `exclude example.com/mine v0.0.1

retract (
	v0.1.0 // broken
	[v0.0.1, v0.0.5]
)

exclude example.com/worse v1.9.0
`, 1),
		},
		{
			name:   "replaces: theirs' change taken where yours kept base, yours kept where theirs did",
			ours:   base + "\nreplace example.com/mine => ../mine\n",
			theirs: strings.Replace(base, "=> ../fork", "=> example.com/fork v1.1.0", 1),
			want: strings.Replace(base, "=> ../fork", "=> example.com/fork v1.1.0", 1) +
				"\nreplace example.com/mine => ../mine\n",
		},
		{
			name:   "a replace the template dropped is dropped when yours kept it as it was",
			ours:   strings.Replace(base, "go 1.26", "go 1.26.3", 1),
			theirs: strings.Replace(base, "replace example.com/fork => ../fork\n\n", "", 1),
			want:   strings.Replace(strings.Replace(base, "go 1.26", "go 1.26.3", 1), "replace example.com/fork => ../fork\n\n", "", 1),
		},
		{
			name:   "a replace changed differently on both sides is a conflict",
			ours:   strings.Replace(base, "=> ../fork", "=> ../my-fork // local checkout", 1),
			theirs: strings.Replace(base, "=> ../fork", "=> example.com/fork v1.1.0", 1),
			want: strings.Replace(base, "replace example.com/fork => ../fork\n", `<<<<<<< yours
replace example.com/fork => ../my-fork // local checkout
||||||| gonew-prod v0.1.0
replace example.com/fork => ../fork
=======
replace example.com/fork => example.com/fork v1.1.0
>>>>>>> gonew-prod v0.2.0
`, 1),
			conflicts: 1,
		},
		{
			name: "conflicts inside a block, and a deleted replace the template changed",
			ours: strings.Replace(base, "replace example.com/fork => ../fork\n",
				"replace (\n\texample.com/a => ../a2\n\texample.com/b => ../b\n)\n\ngodebug default=go1.21\n", 1),
			theirs: strings.Replace(base, "replace example.com/fork => ../fork\n",
				"replace (\n\texample.com/a => ../a3\n\texample.com/b => ../b\n\texample.com/fork => ../fork2\n)\n\ngodebug default=go1.22\n", 1),
			want: strings.Replace(base, "replace example.com/fork => ../fork\n", `replace (
<<<<<<< yours
	example.com/a => ../a2
||||||| gonew-prod v0.1.0
=======
	example.com/a => ../a3
>>>>>>> gonew-prod v0.2.0
	example.com/b => ../b
)

<<<<<<< yours
godebug default=go1.21
||||||| gonew-prod v0.1.0
=======
godebug default=go1.22
>>>>>>> gonew-prod v0.2.0
`, 1) + `<<<<<<< yours
||||||| gonew-prod v0.1.0
replace example.com/fork => ../fork
=======
replace example.com/fork => ../fork2
>>>>>>> gonew-prod v0.2.0
`,
			conflicts: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := GoMod([]byte(base), []byte(tt.ours), []byte(tt.theirs), labels)
			if err != nil {
				t.Fatalf("GoMod() error: %v", err)
			}
			if string(got.Merged) != tt.want || got.Conflicts != tt.conflicts {
				t.Errorf("GoMod() = %d conflicts\n%s\nwant %d conflicts\n%s", got.Conflicts, got.Merged, tt.conflicts, tt.want)
			}
			if err := GoModPreservesEdits([]byte(base), []byte(tt.ours), got.Merged); err != nil {
				t.Errorf("GoModPreservesEdits: %v", err)
			}
		})
	}
}

// TestGoModExcluded checks that the merge never raises or adds a require onto a version
// the user's exclude lines exclude, which the go command refuses, nor raises one past the
// version a replace of the user's names (replace PATH VERSION => ...), which would no
// longer apply: it is a conflict, and a note names the line and the version theirs wants.
func TestGoModExcluded(t *testing.T) {
	labels := Labels{Ours: "yours", Base: "gonew-prod v0.1.0", Theirs: "gonew-prod v0.2.0"}
	const base = `module example.com/acme/orders

go 1.26

require (
	example.com/a v1.0.0
	golang.org/x/sys v0.41.0 // indirect
)
`
	tests := []struct {
		name, ours, theirs, want string
		base                     string // when not the one above
		conflicts                int
		notes                    []string
	}{
		{
			name:   "a raise onto an excluded version",
			ours:   base + "\nexclude golang.org/x/sys v0.48.0\n",
			theirs: strings.NewReplacer("sys v0.41.0", "sys v0.48.0", "a v1.0.0", "a v1.1.0").Replace(base),
			want: `module example.com/acme/orders

go 1.26

require example.com/a v1.1.0

<<<<<<< yours
require golang.org/x/sys v0.41.0 // indirect
||||||| gonew-prod v0.1.0
require golang.org/x/sys v0.41.0 // indirect
=======
require golang.org/x/sys v0.48.0 // indirect
>>>>>>> gonew-prod v0.2.0

exclude golang.org/x/sys v0.48.0
`,
			conflicts: 1,
			notes:     []string{"this version requires golang.org/x/sys v0.48.0, which your line `exclude golang.org/x/sys v0.48.0` excludes"},
		},
		{
			name:   "a new require on an excluded version",
			ours:   base + "\nexclude example.com/b v0.2.0\n",
			theirs: strings.Replace(base, "\texample.com/a v1.0.0\n", "\texample.com/a v1.0.0\n\texample.com/b v0.2.0\n", 1),
			want: base + `
exclude example.com/b v0.2.0
<<<<<<< yours
||||||| gonew-prod v0.1.0
=======
require example.com/b v0.2.0
>>>>>>> gonew-prod v0.2.0
`,
			conflicts: 1,
			notes:     []string{"this version requires example.com/b v0.2.0, which your line `exclude example.com/b v0.2.0` excludes"},
		},
		{
			name:   "a raise past the version your replace names",
			ours:   base + "\nreplace golang.org/x/sys v0.41.0 => ./sys\n",
			theirs: strings.NewReplacer("sys v0.41.0", "sys v0.48.0", "a v1.0.0", "a v1.1.0").Replace(base),
			want: `module example.com/acme/orders

go 1.26

require example.com/a v1.1.0

<<<<<<< yours
require golang.org/x/sys v0.41.0 // indirect
||||||| gonew-prod v0.1.0
require golang.org/x/sys v0.41.0 // indirect
=======
require golang.org/x/sys v0.48.0 // indirect
>>>>>>> gonew-prod v0.2.0

replace golang.org/x/sys v0.41.0 => ./sys
`,
			conflicts: 1,
			notes:     []string{"this version requires golang.org/x/sys v0.48.0, past your line `replace golang.org/x/sys v0.41.0 => ./sys`, which replaces v0.41.0 only"},
		},
		{
			name:   "a raise past a version your replace names above yours",
			ours:   base + "\nreplace golang.org/x/sys v0.45.0 => ./sys\n",
			theirs: strings.Replace(base, "sys v0.41.0", "sys v0.48.0", 1),
			want: `module example.com/acme/orders

go 1.26

require (
	example.com/a v1.0.0
<<<<<<< yours
	golang.org/x/sys v0.41.0 // indirect
||||||| gonew-prod v0.1.0
	golang.org/x/sys v0.41.0 // indirect
=======
	golang.org/x/sys v0.48.0 // indirect
>>>>>>> gonew-prod v0.2.0
)

replace golang.org/x/sys v0.45.0 => ./sys
`,
			conflicts: 1,
			notes:     []string{"past your line `replace golang.org/x/sys v0.45.0 => ./sys`"},
		},
		{
			name:   "a raise onto the version your replace names: raised",
			ours:   base + "\nreplace golang.org/x/sys v0.48.0 => ./sys\n",
			theirs: strings.Replace(base, "sys v0.41.0", "sys v0.48.0", 1),
			want:   "module example.com/acme/orders\n\ngo 1.26\n\nrequire example.com/a v1.0.0\n\nrequire golang.org/x/sys v0.48.0 // indirect\n\nreplace golang.org/x/sys v0.48.0 => ./sys\n",
		},
		{
			name:   "a raise to the version your replace pins by the module itself: raised",
			ours:   base + "\nreplace golang.org/x/sys v0.41.0 => golang.org/x/sys v0.48.0\n",
			theirs: strings.Replace(base, "sys v0.41.0", "sys v0.48.0", 1),
			want:   "module example.com/acme/orders\n\ngo 1.26\n\nrequire example.com/a v1.0.0\n\nrequire golang.org/x/sys v0.48.0 // indirect\n\nreplace golang.org/x/sys v0.41.0 => golang.org/x/sys v0.48.0\n",
		},
		{
			name:   "a raise below the version your replace pins by the module itself",
			ours:   base + "\nreplace golang.org/x/sys v0.41.0 => golang.org/x/sys v0.50.0\n",
			theirs: strings.Replace(base, "sys v0.41.0", "sys v0.48.0", 1),
			want: `module example.com/acme/orders

go 1.26

require (
	example.com/a v1.0.0
<<<<<<< yours
	golang.org/x/sys v0.41.0 // indirect
||||||| gonew-prod v0.1.0
	golang.org/x/sys v0.41.0 // indirect
=======
	golang.org/x/sys v0.48.0 // indirect
>>>>>>> gonew-prod v0.2.0
)

replace golang.org/x/sys v0.41.0 => golang.org/x/sys v0.50.0
`,
			conflicts: 1,
			notes:     []string{"past your line `replace golang.org/x/sys v0.41.0 => golang.org/x/sys v0.50.0`"},
		},
		{
			name:   "a replace of every version: raised",
			ours:   base + "\nreplace golang.org/x/sys => ./sys\n",
			theirs: strings.Replace(base, "sys v0.41.0", "sys v0.48.0", 1),
			want:   "module example.com/acme/orders\n\ngo 1.26\n\nrequire example.com/a v1.0.0\n\nrequire golang.org/x/sys v0.48.0 // indirect\n\nreplace golang.org/x/sys => ./sys\n",
		},
		{
			name:   "a replace of one version the template dropped with its raise: raised",
			base:   base + "\nreplace golang.org/x/sys v0.41.0 => ./sys\n",
			ours:   strings.Replace(base, "a v1.0.0", "a v1.0.1", 1) + "\nreplace golang.org/x/sys v0.41.0 => ./sys\n",
			theirs: strings.Replace(base, "sys v0.41.0", "sys v0.48.0", 1),
			want:   "module example.com/acme/orders\n\ngo 1.26\n\nrequire example.com/a v1.0.1\n\nrequire golang.org/x/sys v0.48.0 // indirect\n",
		},
		{
			name:   "an exclude of another version: raised",
			ours:   base + "\nexclude golang.org/x/sys v0.47.0\n",
			theirs: strings.Replace(base, "sys v0.41.0", "sys v0.48.0", 1),
			want:   "module example.com/acme/orders\n\ngo 1.26\n\nrequire example.com/a v1.0.0\n\nrequire golang.org/x/sys v0.48.0 // indirect\n\nexclude golang.org/x/sys v0.47.0\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := GoMod([]byte(cmp.Or(tt.base, base)), []byte(tt.ours), []byte(tt.theirs), labels)
			if err != nil {
				t.Fatalf("GoMod() error: %v", err)
			}
			if string(got.Merged) != tt.want || got.Conflicts != tt.conflicts {
				t.Errorf("GoMod() = %d conflicts\n%s\nwant %d conflicts\n%s", got.Conflicts, got.Merged, tt.conflicts, tt.want)
			}
			if len(got.Notes) != len(tt.notes) {
				t.Fatalf("notes %q, want %d", got.Notes, len(tt.notes))
			}
			for i, n := range tt.notes {
				if !strings.Contains(got.Notes[i], n) {
					t.Errorf("note %q, want one containing %q", got.Notes[i], n)
				}
			}
			if err := GoModPreservesEdits([]byte(cmp.Or(tt.base, base)), []byte(tt.ours), got.Merged); err != nil {
				t.Errorf("GoModPreservesEdits: %v", err)
			}
		})
	}
}

func TestGoModErrors(t *testing.T) {
	labels := Labels{Ours: "yours", Base: "gonew-prod v0.1.0", Theirs: "gonew-prod v0.2.0"}
	good := "module example.com/a\n\ngo 1.26\n"
	tests := []struct {
		name, base, ours, theirs, wantErr string
	}{
		{"yours has conflict markers", good, good + "<<<<<<< yours\n", good + "require example.com/b v1.0.0\n", "go.mod (yours):4: unknown directive: <<<<<<<"},
		{"theirs is not a go.mod", good, good + "require example.com/b v1.0.0\n", "module\n", "go.mod (gonew-prod v0.2.0):1: usage: module module/path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := GoMod([]byte(tt.base), []byte(tt.ours), []byte(tt.theirs), labels)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("GoMod() error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestGoVersionLess(t *testing.T) {
	ordered := []string{"", "1.20", "1.20.1", "1.21", "1.21rc1", "1.21rc2", "1.21.0", "1.21.10", "1.22rc1", "go1.22.3", "1.23", "2"}
	for i, a := range ordered {
		for j, b := range ordered {
			if got := goVersionLess(a, b); got != (i < j) {
				t.Errorf("goVersionLess(%q, %q) = %v, want %v", a, b, got, i < j)
			}
		}
	}
}

// TestGoModToolchainRemoved checks that a toolchain line the user removed stays removed
// when the template raises it, with a note; the template's raise of the go line is taken.
func TestGoModToolchainRemoved(t *testing.T) {
	const (
		base   = "module example.com/m\n\ngo 1.26\n\ntoolchain go1.26.5\n\nrequire example.com/a v1.0.0\n"
		ours   = "module example.com/m\n\ngo 1.26\n\nrequire example.com/a v1.1.0\n"
		theirs = "module example.com/m\n\ngo 1.26.1\n\ntoolchain go1.26.8\n\nrequire example.com/a v1.0.0\n"
		want   = "module example.com/m\n\ngo 1.26.1\n\nrequire example.com/a v1.1.0\n"
	)
	got, err := GoMod([]byte(base), []byte(ours), []byte(theirs), Labels{})
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Merged) != want || !got.Clean() {
		t.Errorf("GoMod() =\n%s\nwant\n%s", got.Merged, want)
	}
	if len(got.Notes) != 1 || !strings.Contains(got.Notes[0], "toolchain go1.26.8") || !strings.Contains(got.Notes[0], "you removed go1.26.5") {
		t.Errorf("notes %q, want one naming the toolchain not added back", got.Notes)
	}
}

// TestDroppedYours: a require the other version dropped that the user changed (version,
// indirect marking or comment) is kept by GoMod with a note naming it and is one of
// DroppedYours; one the user left as the base had it is dropped without a note, and one
// the other version keeps or the user added is none of them.
func TestDroppedYours(t *testing.T) {
	const base = "module example.com/p\n\ngo 1.26\n\nrequire (\n\texample.com/otel v0.66.0\n\texample.com/keep v1.0.0\n)\n"
	const theirs = "module example.com/p\n\ngo 1.26\n\nrequire example.com/keep v1.1.0\n"
	tests := []struct {
		name, ours string
		want       []string
		note       string
	}{
		{"pinned", strings.Replace(base, "otel v0.66.0", "otel v0.65.0", 1), []string{"example.com/otel"},
			"this version drops 1 require(s) you changed, kept: example.com/otel (v0.66.0 to v0.65.0); the go mod tidy after the merge (not with --no-tidy, nor while a file is left with conflicts; a change not applied to a file you deleted does not stop it) drops each"},
		{"marked indirect", strings.Replace(base, "otel v0.66.0", "otel v0.66.0 // indirect", 1), []string{"example.com/otel"},
			"(v0.66.0 to v0.66.0 // indirect)"},
		{"commented", strings.Replace(base, "otel v0.66.0", "otel v0.66.0 // INC-7", 1), []string{"example.com/otel"},
			"(v0.66.0 to v0.66.0 and a comment)"},
		{"as the base had it", strings.Replace(base, "keep v1.0.0", "keep v1.0.1", 1), nil, ""},
		{"added by you", strings.Replace(base, "keep v1.0.0", "keep v1.0.0\n\texample.com/mine v1.0.0", 1), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DroppedYours([]byte(base), []byte(tt.ours), []byte(theirs)); !slices.Equal(got, tt.want) {
				t.Errorf("DroppedYours = %q, want %q", got, tt.want)
			}
			res, err := GoMod([]byte(base), []byte(tt.ours), []byte(theirs), Labels{})
			if err != nil {
				t.Fatal(err)
			}
			notes := strings.Join(res.Notes, "; ")
			if kept := strings.Contains(string(res.Merged), "example.com/otel"); kept != (tt.want != nil) {
				t.Errorf("merged go.mod keeps example.com/otel: %v, want %v\n%s", kept, tt.want != nil, res.Merged)
			}
			if tt.note == "" && strings.Contains(notes, "require(s) you changed") || !strings.Contains(notes, tt.note) {
				t.Errorf("notes %q, want one saying %q", notes, tt.note)
			}
		})
	}
}
