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
