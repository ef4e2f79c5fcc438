package cli

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/internal/update"
)

// unreadableFS is a tree where the directory unreadable (and all below it) cannot be
// read, as a database volume owned by another user with mode 0700 (the tests run as
// root, which chmod does not stop).
type unreadableFS struct {
	fstest.MapFS
	unreadable string
}

func (u unreadableFS) denied(name string) error {
	if name == u.unreadable || strings.HasPrefix(name, u.unreadable+"/") {
		return &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return nil
}

func (u unreadableFS) Open(name string) (fs.File, error) {
	if err := u.denied(name); err != nil {
		return nil, err
	}
	return u.MapFS.Open(name)
}

func (u unreadableFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := u.denied(name); err != nil {
		return nil, err
	}
	return u.MapFS.ReadDir(name)
}

func (u unreadableFS) ReadFile(name string) ([]byte, error) {
	if err := u.denied(name); err != nil {
		return nil, err
	}
	return u.MapFS.ReadFile(name)
}

func (u unreadableFS) Stat(name string) (fs.FileInfo, error) {
	if err := u.denied(name); err != nil {
		return nil, err
	}
	return u.MapFS.Stat(name)
}

// TestDroppedImportsSkipsUnreadableDirectories: a directory of the project that cannot
// be read (a git-ignored database volume) is left out of the search, as go cannot build
// it either, rather than failing the update, its dry run and --check; what the readable
// rest imports is still found.
func TestDroppedImportsSkipsUnreadableDirectories(t *testing.T) {
	const module = "example.com/acme/orders"
	plan := &update.Plan{Steps: []update.Step{
		{Path: "internal/platform/outbound/outbound.go", Action: update.Delete},
	}}
	plan.Record.Answers.Module = module
	tests := []struct {
		name       string
		files      fstest.MapFS
		unreadable string
		want       []string
	}{
		{name: "nothing imports the package", unreadable: "data/pg",
			files: fstest.MapFS{
				"go.mod":                                 {Data: []byte("module " + module + "\n")},
				"internal/platform/outbound/outbound.go": {Data: []byte("package outbound\n")},
				"data/pg/PG_VERSION":                     {Data: []byte("16\n")},
			}},
		{name: "a readable file imports it", unreadable: "data/pg",
			files: fstest.MapFS{
				"go.mod":                                 {Data: []byte("module " + module + "\n")},
				"internal/platform/outbound/outbound.go": {Data: []byte("package outbound\n")},
				"internal/downstream/downstream.go":      {Data: []byte("package downstream\n\nimport _ \"" + module + "/internal/platform/outbound\"\n")},
				"data/pg/base/x.go":                      {Data: []byte("package base\n")},
			},
			want: []string{"internal/downstream/downstream.go"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found, err := droppedImports(unreadableFS{tt.files, tt.unreadable}, plan)
			if err != nil {
				t.Fatalf("droppedImports: %v", err)
			}
			var got []string
			for _, d := range found {
				got = append(got, d.File)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("found %v, want %v", got, tt.want)
			}
		})
	}
}
