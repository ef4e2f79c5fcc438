package update

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/audit"
	"github.com/gonew-prod/gonew-prod/internal/merge"
)

// Written is what a plan of new or update leaves at the project's root, for Shadows.
type Written struct {
	// Created are the paths the plan creates: no file is there before it.
	Created []string
	// After returns what path holds once the plan is written; ok is false when it holds
	// nothing.
	After func(path string) (data []byte, ok bool)
	// Rendered returns the render's file at path (what the plan writes there when
	// nothing of the user's is in it); ok is false when the render has none.
	Rendered func(path string) (data []byte, ok bool)
}

// ShadowJoined is the reason of a plan step (of new or update) that creates a
// Dockerfile's own ignore file joined with the lines of the user's .dockerignore it
// lacks (Shadows).
const ShadowJoined = "with the lines of your .dockerignore it lacks, after its own: Docker reads it in place of .dockerignore for the Dockerfile, so edit it from now on"

// Shadows checks the files w creates at the project's root that a tool reads in place
// of a file of the user's that the plan keeps there, so that what the user wrote in it
// would silently stop applying:
//
//   - NAME.dockerignore, which Docker (BuildKit) reads for the Dockerfile NAME in place
//     of the .dockerignore: the lines of the .dockerignore that the render's lacks (the
//     user's own, a secrets/ kept out of images) are joined after the created file's
//     (merge.IgnoreJoin), as new --force joins a .dockerignore of the user's with the
//     render's; joined holds the created files' new contents, by path;
//   - a GNUmakefile, or a makefile with no GNUmakefile, which make reads in place of the
//     makefiles after it in generator.MakefileNames: one that holds something of the
//     user's (other than the render's file there) and that the created one does not
//     include, whose rules make would stop running, cannot be merged and is refused
//     with an *InputError naming both, why and what to do (cmd, new or update, is the
//     command to run again).
func Shadows(w Written, cmd string) (joined map[string][]byte, err error) {
	joined = map[string][]byte{}
	users := func(p string) ([]byte, bool) {
		data, ok := w.After(p)
		if !ok {
			return nil, false
		}
		if r, rendered := w.Rendered(p); rendered && generator.SameText(data, r) {
			return nil, false // the render's file as it is: nothing of the user's
		}
		return data, true
	}
	for _, c := range w.Created {
		name, isIgnore := strings.CutSuffix(c, ".dockerignore")
		if !isIgnore || name == "" || strings.Contains(c, "/") {
			continue
		}
		if _, ok := w.After(name); !ok {
			continue // no Dockerfile of that name: Docker never reads it
		}
		own, ok := users(".dockerignore")
		if !ok {
			continue
		}
		created, _ := w.After(c)
		if add := ownLines(own, w.Rendered); len(add) > 0 {
			joined[c] = merge.IgnoreJoin(created, add)
		}
	}
	if err := shadowedMakefile(w, users, cmd); err != nil {
		return nil, err
	}
	return joined, nil
}

// ownLines returns the lines of the .dockerignore data that the render's .dockerignore
// lacks (all of them when it has none), blank lines aside, in their order.
func ownLines(data []byte, rendered func(string) ([]byte, bool)) []byte {
	theirs, _ := rendered(".dockerignore")
	have := map[string]bool{}
	for _, l := range merge.SplitLines(theirs) {
		have[strings.TrimRight(l, "\r\n")] = true
	}
	var out []byte
	for _, l := range merge.SplitLines(data) {
		if t := strings.TrimRight(l, "\r\n"); strings.TrimSpace(t) != "" && !have[t] {
			out = append(out, t+"\n"...)
		}
	}
	return out
}

// shadowedMakefile refuses a created makefile that make reads first (generator.
// MakefileNames) while a makefile after it holds something of the user's (users) that
// the created one does not include.
func shadowedMakefile(w Written, users func(string) ([]byte, bool), cmd string) error {
	i := slices.IndexFunc(generator.MakefileNames, func(n string) bool { _, ok := w.After(n); return ok })
	if i < 0 || !slices.Contains(w.Created, generator.MakefileNames[i]) {
		return nil
	}
	first := generator.MakefileNames[i]
	read := map[string]bool{}
	readFile := func(p string) ([]byte, error) {
		read[p] = true
		if data, ok := w.After(p); ok {
			return data, nil
		}
		return nil, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
	}
	var gap string
	for _, hidden := range generator.MakefileNames[i+1:] {
		if _, ok := users(hidden); !ok {
			continue
		}
		if len(read) == 0 {
			_, gap = audit.MakeTargetsGlob(readFile, func(string) ([]string, error) { return nil, nil }, first)
		}
		if read[hidden] {
			continue // included: its rules still run
		}
		unread := ""
		if gap != "" {
			unread = " (of what it includes, this check cannot read all: " + gap + ")"
		}
		remove := "remove or rename " + hidden
		if cmd == "update" {
			remove = "remove " + hidden + " (git rm " + generator.ShellQuote(hidden) + ")"
		}
		return inputErrorf("nothing written: %s, which %s creates, is what make reads in place of %s (make reads the first of %s), and %s holds rules of yours that %s does not include%s: make, and the CI's make steps, would no longer run them; add -include %s to %s (the pack's overlay/%s.tmpl), or move your rules into it, or %s if you do not need them, commit, and run %s again",
			first, cmd, hidden, strings.Join(generator.MakefileNames, ", "), hidden, first, unread, hidden, first, first, remove, cmd)
	}
	return nil
}

// shadows applies Shadows to the plan's steps (sorted by path): a created
// NAME.dockerignore takes the user's .dockerignore lines, and a created makefile that
// hides one holding the user's rules is refused.
func (m *merger) shadows(steps []Step) error {
	at := map[string]int{}
	var created []string
	for i, s := range steps {
		at[s.Path] = i
		if s.Action == Create {
			created = append(created, s.Path)
		}
	}
	w := Written{
		Created: created,
		After: func(p string) ([]byte, bool) {
			i, ok := at[p]
			if !ok {
				data, err := m.treeFile(p) // a file of the user's that no step is for
				return data, err == nil
			}
			switch s := steps[i]; {
			case s.Action == Delete:
				return nil, false
			case s.Result != nil:
				return s.Result, true
			}
			return steps[i].Ours, steps[i].Ours != nil
		},
		Rendered: func(p string) ([]byte, bool) {
			i := slices.IndexFunc(m.in.Theirs.Files, func(f generator.File) bool { return f.Path == p })
			if i < 0 {
				return nil, false
			}
			return m.in.Theirs.Files[i].Content, true
		},
	}
	joined, err := Shadows(w, "update")
	if err != nil {
		return err
	}
	for p, data := range joined {
		s := &steps[at[p]]
		s.Result = data
		s.Reason += "; " + ShadowJoined
	}
	return nil
}
