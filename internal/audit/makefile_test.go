package audit

import (
	"errors"
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
)

func TestMakeTargets(t *testing.T) {
	const plain = "VERSION := 1\nCC ?= gcc\nall: build\n\nbuild test: deps\n\tgo build\n.PHONY: all\n%.o: %.c\nrun::\n\techo\n# lint: not a target\nx=y:z\n"
	tests := []struct {
		name         string
		files        map[string]string // "Makefile" is read
		skip         []string
		want         []string
		wantComplete bool
	}{
		{"targets of the file", map[string]string{"Makefile": plain}, nil, []string{"all", "build", "test", "run"}, true},
		{"an include read in place", map[string]string{
			"Makefile": "all: build\ninclude mk/build.mk\n", "mk/build.mk": "build:\n\tgo build\n",
		}, nil, []string{"all", "build"}, true},
		{"an include through a variable", map[string]string{
			"Makefile": "MK := mk\ninclude $(MK)/lint.mk\n", "mk/lint.mk": "lint:\n\tgolangci-lint run\n",
		}, nil, []string{"lint"}, true},
		{"a skipped include", map[string]string{
			"Makefile": "all:\ninclude gonew-prod.mk\n", "gonew-prod.mk": "build: prod-build\n",
		}, []string{"gonew-prod.mk"}, []string{"all"}, true},
		{"an optional include of a file that is not there", map[string]string{
			"Makefile": "-include .env\nsinclude local.mk\nall:\n",
		}, nil, []string{"all"}, true},
		{"an include of a file that is not there", map[string]string{
			"Makefile": "include generated.mk\nall:\n",
		}, nil, []string{"all"}, false},
		{"an include of a pattern", map[string]string{
			"Makefile": "include $(wildcard mk/*.mk)\nall:\n", "mk/build.mk": "build:\n",
		}, nil, []string{"all"}, false},
		{"an include outside the repository", map[string]string{
			"Makefile": "include ../common.mk\nall:\n",
		}, nil, []string{"all"}, false},
		{"an include of an unknown variable", map[string]string{
			"Makefile": "include $(TOP)/rules.mk\nall:\n",
		}, nil, []string{"all"}, false},
		{"includes without end", map[string]string{
			"Makefile": "include loop.mk\n", "loop.mk": "include loop.mk\nloop:\n",
		}, nil, []string{"loop"}, false},
		{"a match-anything rule", map[string]string{
			"Makefile": "all:\n%:\n\t$(MAKE) -C sub $@\n",
		}, nil, []string{"all"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for p, body := range tt.files {
				fsys[p] = &fstest.MapFile{Data: []byte(body)}
			}
			read := func(p string) ([]byte, error) {
				if !fs.ValidPath(p) {
					return nil, errors.New("outside the repository")
				}
				return fs.ReadFile(fsys, p)
			}
			got, complete := MakeTargets(read, "Makefile", tt.skip...)
			if !slices.Equal(got, tt.want) || complete != tt.wantComplete {
				t.Errorf("MakeTargets = %v, %v; want %v, %v", got, complete, tt.want, tt.wantComplete)
			}
		})
	}
}
