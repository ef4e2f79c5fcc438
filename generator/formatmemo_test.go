package generator

import (
	"bytes"
	"crypto/sha256"
	"strings"
	"sync"
	"testing"
)

// TestFormatMemo checks that the memo gives what formatGo gives, the first time and from
// memory, each caller a copy of its own; that a failure is not remembered and names the
// file of each call; and that nothing is remembered past the limit.
func TestFormatMemo(t *testing.T) {
	tests := []struct {
		name, src string
		stored    bool // the result is remembered
	}{
		{"formatted", "package a\n\nfunc f() {}\n", true},
		{"unformatted, unused import", "package a\nimport (\"os\"\n\"fmt\")\nfunc f(){fmt.Println()}\n", true},
		{"does not parse", "package a\n\nfunc f( {}\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &formatMemo{limit: 1 << 20}
			want, wantErr := formatGo("a.go.tmpl", []byte(tt.src))
			for i, name := range []string{"a.go.tmpl", "b.go.tmpl", "c.go.tmpl"} {
				got, err := m.format(name, []byte(tt.src))
				if wantErr != nil {
					if err == nil || !strings.Contains(err.Error(), "render "+name+":") {
						t.Errorf("call %d: err = %v, want the failure naming %s", i, err, name)
					}
					continue
				}
				if err != nil || !bytes.Equal(got, want) {
					t.Fatalf("call %d: %q, %v; want %q as formatGo gives", i, got, err, want)
				}
				clear(got) // the caller's copy: the next call is not changed by it
			}
			if _, ok := m.out[sha256.Sum256([]byte(tt.src))]; ok != tt.stored || (m.used > 0) != tt.stored {
				t.Errorf("remembered %t (%d bytes), want %t", ok, m.used, tt.stored)
			}
		})
	}

	t.Run("limit", func(t *testing.T) {
		small, big := "package a\n", "package a\n\n// "+strings.Repeat("x", 200)+"\n"
		m := &formatMemo{limit: 100}
		for _, src := range []string{small, big, small, big} {
			want, _ := formatGo("a.go", []byte(src))
			if got, err := m.format("a.go", []byte(src)); err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%q, %v; want %q", got, err, want)
			}
		}
		if len(m.out) != 1 || m.used != len(small)+sha256.Size {
			t.Errorf("%d results in %d bytes, want the small one alone (%d bytes)", len(m.out), m.used, len(small)+sha256.Size)
		}
	})

	t.Run("concurrent", func(t *testing.T) {
		m := &formatMemo{limit: 1 << 20}
		src := []byte("package a\nimport \"fmt\"\nfunc f(){fmt.Println()}\n")
		want, _ := formatGo("a.go", src)
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				if got, err := m.format("a.go", src); err != nil || !bytes.Equal(got, want) {
					t.Errorf("%q, %v; want %q", got, err, want)
				}
			})
		}
		wg.Wait()
	})
}
