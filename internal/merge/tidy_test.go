package merge

import (
	"strings"
	"testing"
)

func TestTidied(t *testing.T) {
	const ours = `module example.com/acme/orders

go 1.24.0

toolchain go1.24.3

// used by our release scripts through go run
require golang.org/x/mod v0.30.0 // keep

require (
	github.com/gin-gonic/gin v1.10.0
	github.com/google/uuid v1.6.0 // ids
)

godebug http2client=0

replace example.com/fork => ../fork
`
	tests := []struct {
		name, tidied string
		want         []string // lines the result holds
		same         bool     // the result is ours, byte for byte
	}{
		{
			name: "tidy dropped, raised and added",
			tidied: `module example.com/acme/orders

go 1.24.0

require (
	github.com/gin-gonic/gin v1.12.0
	github.com/google/uuid v1.6.0
	go.uber.org/automaxprocs v1.6.0
)

require golang.org/x/net v0.40.0 // indirect

replace example.com/fork => ../fork
`,
			want: []string{
				"toolchain go1.24.3",
				"// used by our release scripts through go run",
				"golang.org/x/mod v0.30.0 // keep",
				"github.com/gin-gonic/gin v1.12.0",
				"github.com/google/uuid v1.6.0 // ids",
				"go.uber.org/automaxprocs v1.6.0",
				"golang.org/x/net v0.40.0 // indirect",
				"godebug http2client=0",
			},
		},
		{
			name: "tidy only dropped and reformatted",
			tidied: `module example.com/acme/orders

go 1.24.0

require (
	github.com/gin-gonic/gin v1.10.0
	github.com/google/uuid v1.6.0
)
replace example.com/fork => ../fork
`,
			same: true,
		},
		{
			name:   "a lower version in tidy's file is not taken",
			tidied: strings.Replace(ours, "gin v1.10.0", "gin v1.9.1", 1),
			same:   true,
		},
		{
			name:   "go line raised",
			tidied: strings.Replace(ours, "go 1.24.0", "go 1.25.0", 1),
			want:   []string{"go 1.25.0", "toolchain go1.24.3"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Tidied([]byte(ours), []byte(tt.tidied))
			if err != nil {
				t.Fatal(err)
			}
			if tt.same && string(got) != ours {
				t.Fatalf("got\n%s\nwant ours unchanged", got)
			}
			for _, line := range tt.want {
				if !strings.Contains(string(got), line+"\n") {
					t.Errorf("result lacks %q:\n%s", line, got)
				}
			}
			if err := GoModPreserves([]byte(ours), got); err != nil {
				t.Errorf("GoModPreserves: %v\n%s", err, got)
			}
		})
	}
	if _, err := Tidied([]byte(ours), []byte("module\n")); err == nil {
		t.Error("Tidied accepted an unparsable go.mod")
	}
}

func TestTidiedSum(t *testing.T) {
	const (
		a = "a.example v1.0.0 h1:a=\n"
		b = "b.example v1.0.0 h1:b=\n"
		c = "c.example v1.0.0 h1:c=\n"
	)
	got, err := TidiedSum([]byte(a+b), []byte(a+c))
	if err != nil || string(got) != a+b+c {
		t.Errorf("TidiedSum = %q, %v; want ours plus what tidy added", got, err)
	}
	if _, err := TidiedSum([]byte(a), []byte("a.example v1.0.0 h1:other=\n")); err == nil || !strings.Contains(err.Error(), "differs") {
		t.Errorf("a changed checksum: %v", err)
	}
}

// TestTidiedInPlace pins that Tidied changes only the lines it must: the user's blocks
// of one line, a comment on a block's opening line, comments indented inside a block,
// CRLF-free spacing and the order of everything else stay byte for byte.
func TestTidiedInPlace(t *testing.T) {
	const ours = `module example.com/billing

go 1.24

godebug (
	panicnil=1
)

exclude ( // broken release, see INC-42
	golang.org/x/text v0.13.0
)

retract (
	v1.0.1
	// keep this list in sync with SECURITY.md
)

require (
	github.com/google/uuid v1.6.0 // ids
	// the router
	github.com/go-chi/chi/v5 v5.0.0
	golang.org/x/net v0.30.0 // indirect; via chi
)
`
	tests := []struct {
		name   string
		ours   string
		tidied string
		want   string
	}{
		{
			name: "added direct and indirect, raised, indirect mark dropped, go raised",
			ours: ours,
			tidied: `module example.com/billing

go 1.25.0

require (
	github.com/go-chi/chi/v5 v5.2.0
	github.com/google/uuid v1.6.0
	go.uber.org/automaxprocs v1.6.0
	golang.org/x/net v0.30.0
)

require golang.org/x/sys v0.20.0 // indirect
`,
			want: strings.NewReplacer(
				"go 1.24", "go 1.25.0",
				"chi/v5 v5.0.0", "chi/v5 v5.2.0",
				"\tgolang.org/x/net v0.30.0 // indirect; via chi\n", "\tgo.uber.org/automaxprocs v1.6.0\n\tgolang.org/x/net v0.30.0 // via chi\n",
			).Replace(ours) + "\nrequire golang.org/x/sys v0.20.0 // indirect\n",
		},
		{
			name: "a first require, after the go line",
			ours: "module example.com/x\n\n// the go line\ngo 1.24 // pinned\n",
			tidied: `module example.com/x

go 1.24

require (
	a.example/one v1.0.0
	b.example/two v1.1.0
)
`,
			want: "module example.com/x\n\n// the go line\ngo 1.24 // pinned\n\nrequire (\n\ta.example/one v1.0.0\n\tb.example/two v1.1.0\n)\n",
		},
		{
			name:   "indirect into the user's indirect block, spaces kept",
			ours:   "module example.com/x\n\ngo 1.24\n\nrequire (\n    a.example/one v1.0.0\n)\n\nrequire (\n    c.example/three v1.0.0 // indirect\n)\n",
			tidied: "module example.com/x\n\ngo 1.24\n\nrequire a.example/one v1.0.0\n\nrequire (\n\tb.example/two v1.0.0 // indirect\n\tc.example/three v1.0.0 // indirect\n)\n",
			want:   "module example.com/x\n\ngo 1.24\n\nrequire (\n    a.example/one v1.0.0\n)\n\nrequire (\n    b.example/two v1.0.0 // indirect\n    c.example/three v1.0.0 // indirect\n)\n",
		},
		{
			name:   "a direct require turning indirect keeps its comment",
			ours:   "module example.com/x\n\ngo 1.24\n\nrequire a.example/one v1.0.0 // pinned for INC-7\n",
			tidied: "module example.com/x\n\ngo 1.24\n\nrequire a.example/one v1.0.0 // indirect\n",
			want:   "module example.com/x\n\ngo 1.24\n\nrequire a.example/one v1.0.0 // indirect; pinned for INC-7\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Tidied([]byte(tt.ours), []byte(tt.tidied))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if err := GoModPreserves([]byte(tt.ours), got); err != nil {
				t.Errorf("GoModPreserves: %v", err)
			}
		})
	}
}

// TestWithoutUnneeded pins that the requires an update's merge took from the other
// version and tidy dropped go line by line: the user's blocks of one line, comments and
// spacing stay byte for byte, a block left empty goes whole, and a require of the user's
// that tidy dropped stays, unless the other version dropped it (dropped, the requires of
// DroppedYours): then tidy's drop is taken too.
func TestWithoutUnneeded(t *testing.T) {
	const yours = `module example.com/billing

go 1.24

exclude ( // broken release, see INC-42
	golang.org/x/text v0.13.0
)

require (
    github.com/google/uuid v1.6.0 // ids
    github.com/old/lib v1.0.0
)
`
	tests := []struct {
		name    string
		planned string
		tidied  string
		dropped []string
		want    string
	}{
		{
			name:    "one line in the user's block",
			planned: strings.Replace(yours, "    github.com/old/lib v1.0.0\n", "    github.com/old/lib v1.0.0\n    go.example/tmpl v1.2.0\n", 1),
			tidied:  "module example.com/billing\n\ngo 1.24\n\nrequire github.com/google/uuid v1.6.0\n",
			want:    yours,
		},
		{
			name:    "a block of its own, with its comment",
			planned: yours + "\n// from the template\nrequire (\n\tgo.example/tmpl v1.2.0\n\tgo.example/tmpl2 v0.1.0 // indirect\n)\n",
			tidied:  "module example.com/billing\n\ngo 1.24\n\nrequire github.com/google/uuid v1.6.0\n",
			want:    yours,
		},
		{
			name:    "a single-line require between the user's lines",
			planned: strings.Replace(yours, "require (", "require go.example/tmpl v1.2.0\n\nrequire (", 1),
			tidied:  "module example.com/billing\n\ngo 1.24\n\nrequire github.com/google/uuid v1.6.0\n",
			want:    yours,
		},
		{
			name:    "two blocks a blank line apart, at the end",
			planned: yours + "\nrequire go.example/tmpl v1.2.0\n\nrequire (\n\tgo.example/tmpl2 v0.1.0 // indirect\n)\n",
			tidied:  "module example.com/billing\n\ngo 1.24\n\nrequire github.com/google/uuid v1.6.0\n",
			want:    yours,
		},
		{
			name:    "one tidy keeps stays",
			planned: strings.Replace(yours, "    github.com/old/lib v1.0.0\n", "    github.com/old/lib v1.0.0\n    go.example/tmpl v1.2.0\n", 1),
			tidied:  "module example.com/billing\n\ngo 1.24\n\nrequire (\n\tgithub.com/google/uuid v1.6.0\n\tgo.example/tmpl v1.2.0\n)\n",
			want:    strings.Replace(yours, "    github.com/old/lib v1.0.0\n", "    github.com/old/lib v1.0.0\n    go.example/tmpl v1.2.0\n", 1),
		},
		{
			name:    "one of yours this version dropped, tidy drops",
			planned: yours,
			tidied:  "module example.com/billing\n\ngo 1.24\n\nrequire github.com/google/uuid v1.6.0\n",
			dropped: []string{"github.com/old/lib"},
			want:    strings.Replace(yours, "    github.com/old/lib v1.0.0\n", "", 1),
		},
		{
			name:    "both of yours this version dropped, tidy drops: the block goes",
			planned: yours,
			tidied:  "module example.com/billing\n\ngo 1.24\n",
			dropped: []string{"github.com/google/uuid", "github.com/old/lib"},
			want:    strings.Replace(yours, "\nrequire (\n    github.com/google/uuid v1.6.0 // ids\n    github.com/old/lib v1.0.0\n)\n", "", 1),
		},
		{
			name:    "one of yours this version dropped, tidy keeps",
			planned: yours,
			tidied:  "module example.com/billing\n\ngo 1.24\n\nrequire (\n\tgithub.com/google/uuid v1.6.0\n\tgithub.com/old/lib v1.0.0\n)\n",
			dropped: []string{"github.com/old/lib"},
			want:    yours,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := WithoutUnneeded([]byte(yours), []byte(tt.planned), []byte(tt.tidied), tt.dropped)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestDropToolchainAndSetWorkGo(t *testing.T) {
	tests := []struct {
		name, file, in, want string
		dropped              bool
	}{
		{"blank lines not doubled", "go.mod", "module m\n\ngo 1.25.0\n\ntoolchain go1.24.3\n\nexclude ( // why\n\ta.example/x v1.0.0\n)\n", "module m\n\ngo 1.25.0\n\nexclude ( // why\n\ta.example/x v1.0.0\n)\n", true},
		{"a commented line stays", "go.mod", "module m\n\ngo 1.25.0\n\n// CI image\ntoolchain go1.24.3\n", "module m\n\ngo 1.25.0\n\n// CI image\ntoolchain go1.24.3\n", false},
		{"none", "go.mod", "module m\n\ngo 1.25.0\n", "module m\n\ngo 1.25.0\n", false},
		{"a workspace's", "svc/go.work", "go 1.25.0\n\ntoolchain go1.24.3\n\nuse ./a\n", "go 1.25.0\n\nuse ./a\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, dropped, err := DropToolchain(tt.file, []byte(tt.in))
			if err != nil || string(got) != tt.want || dropped != tt.dropped {
				t.Errorf("DropToolchain = %q, %v, %v; want %q, %v", got, dropped, err, tt.want, tt.dropped)
			}
		})
	}
	work := "go 1.22 // raised by hand\n\nuse (\n\t./a // the API\n)\n"
	got, err := SetWorkGo("go.work", []byte(work), "1.24")
	if want := strings.Replace(work, "go 1.22", "go 1.24", 1); err != nil || string(got) != want {
		t.Errorf("SetWorkGo = %q, %v; want %q", got, err, want)
	}
	got, err = SetWorkGo("go.work", []byte("use ./a\n"), "1.24")
	if want := "go 1.24\n\nuse ./a\n"; err != nil || string(got) != want {
		t.Errorf("SetWorkGo without a go line = %q, %v; want %q", got, err, want)
	}
}
