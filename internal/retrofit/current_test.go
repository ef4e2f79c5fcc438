package retrofit

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
)

// TestCurrentRefusesInTheWay: a file add must read that is no regular file is refused
// with the advice to make it one; a regular file over generator.MaxTreeFile, which add
// does not read, is refused naming its size and the bound, to be made smaller or moved
// out (as update and new --force refuse it), never told to become a regular file.
func TestCurrentRefusesInTheWay(t *testing.T) {
	tests := []struct {
		name      string
		make      func(t *testing.T, path string)
		want, not string
	}{
		{"large", func(t *testing.T, path string) {
			if err := os.WriteFile(path, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(path, generator.MaxTreeFile+1); err != nil { // sparse: nothing is read
				t.Fatal(err)
			}
		}, fmt.Sprintf("Makefile is larger than %d bytes; it is %d bytes, and add reads a file of the project up to 64 MiB, to check or edit it: move it out of the project (or make it smaller), or leave out the component that needs it", generator.MaxTreeFile, generator.MaxTreeFile+1), "make it one"},
		{"symbolic link", func(t *testing.T, path string) {
			if err := os.Symlink("main.go", path); err != nil {
				t.Fatal(err)
			}
		}, "Makefile is a symbolic link: add reads and edits only regular files of the repository; make it one, or leave out the component that needs it", "bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := inlineTarget(t, map[string]string{"main.go": fatalOnlyHTTP})
			tt.make(t, filepath.Join(target.Dir, "Makefile"))
			p := newTestPlanner(target, nil)
			if data, ok := p.current("Makefile"); ok || data != nil {
				t.Errorf("current: %d bytes, %v; want none", len(data), ok)
			}
			var r *Refusal
			if !errors.As(p.blocked, &r) || r.Error() != tt.want || strings.Contains(r.Error(), tt.not) {
				t.Errorf("blocked: %v\nwant the refusal %q", p.blocked, tt.want)
			}
		})
	}
}
