package update

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/merge"
)

// TestBuildIgnoreConflictKeepsYourIgnores plans .gitignore and .dockerignore files (and a
// Dockerfile's own, Dockerfile.dockerignore) left
// with conflicts and asks git whether the file as the update writes it, conflict and
// all, still ignores what the user's version ignores: until the user resolves the
// conflict, `git add -A` (or docker build's context) must not take a file the user meant
// to keep out, such as a secret, because of a negation of the new version's.
func TestBuildIgnoreConflictKeepsYourIgnores(t *testing.T) {
	const ignore = "/bin/\ncoverage.*\n\n# Editors\n.idea/\n.vscode/\n"
	tests := []struct {
		name               string
		base, ours, theirs string
		ignored            []string // paths ours ignores, which must stay ignored
		inline             bool     // the conflict is written into the file, else theirs beside it
	}{
		{"a new negation after your pattern",
			ignore, strings.Replace(ignore, "/bin/\n", "/bin/\nconfig/*.yaml\n", 1), strings.Replace(ignore, "# Editors", "!config/*.yaml\n# Editors", 1),
			[]string{"config/prod.yaml"}, false},
		{"a negation where you changed the line",
			ignore + "*.env\n", ignore + "*.env*\n", ignore + "*.env\n!example.env\n",
			[]string{"example.env", "prod.env.local"}, false},
		{"a negation you removed",
			ignore + "*.log\n!keep.log\n", ignore + "*.log\n", strings.Replace(ignore, "coverage.*\n", "coverage.*\n*.out\n", 1) + "*.log\n!keep.log\n*.tmp\n",
			[]string{"keep.log"}, false},
		{"no negation", ignore + "*.env\n", ignore + "*.env*\n", ignore + "*.env.local\n",
			[]string{"example.env", "prod.env.local"}, true},
	}
	for _, name := range []string{".gitignore", ".dockerignore", "Dockerfile.dockerignore", "api.Dockerfile.dockerignore"} {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				c := version{path: name, owner: generator.OwnerMerge, base: tt.base, ours: tt.ours, theirs: tt.theirs, want: Conflict}
				in, _ := setup(t, []version{c})
				p, err := Build(context.Background(), in)
				if err != nil {
					t.Fatal(err)
				}
				checkSteps(t, p, []version{c})
				s := stepOf(t, p, name)
				written := s.Result
				switch {
				case tt.inline && (s.TheirsCopy != "" || !merge.HasConflictMarkers(s.Result)):
					t.Errorf("the conflict is not written into the file (%s)", s.Reason)
				case !tt.inline && (s.TheirsCopy != name+merge.TheirsSuffix || s.Result != nil || string(s.Theirs) != tt.theirs):
					t.Errorf("theirs copy %q, result %q, want yours kept and this version's beside it (%s)", s.TheirsCopy, s.Result, s.Reason)
				case !tt.inline:
					written = s.Ours
				}
				// Docker reads these patterns as git does: the last that matches wins.
				dir, _, _ := gitRepo(t)
				if err := os.WriteFile(filepath.Join(dir, ".gitignore"), written, 0o644); err != nil {
					t.Fatal(err)
				}
				for _, path := range tt.ignored {
					cmd := exec.Command("git", "check-ignore", "-q", "--no-index", path)
					cmd.Dir = dir
					if err := cmd.Run(); err != nil {
						t.Errorf("%s is not ignored by %s as the update writes it (%s): %v\n%s", path, name, s.Reason, err, written)
					}
				}
			})
		}
	}
}

// TestBuildIgnoreBlockConflict refuses to write a conflict in a guarded block of a
// .gitignore of the user's where a negation of the new version's would un-ignore what the
// user's patterns ignore until the user resolves it, and writes one that would not.
func TestBuildIgnoreBlockConflict(t *testing.T) {
	const (
		begin, end = "# >>> gonew-prod:gitignore\n", "# <<< gonew-prod:gitignore\n"
		base       = begin + "/bin/orders\n" + end
		ours       = "*.env\n" + begin + "/bin/orders*\n" + end
	)
	tests := []struct {
		name, theirs string
		wantErr      string // Build refuses with it, else the conflict is written
	}{
		{"a negation", begin + "/bin/orders\n!example.env\n" + end, "the negation !example.env would follow your pattern *.env"},
		{"a pattern", begin + "/bin/orders\n/dist/\n" + end, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, tree := setup(t, []version{{path: "go.mod", base: goMod, ours: goMod, theirs: goMod, want: Keep}})
			b := *in.Base
			b.Blocks = []Block{{Path: ".gitignore", ID: "gitignore", Content: []byte(base)}}
			in.Base = &b
			in.Theirs.Blocks = []Block{{Path: ".gitignore", ID: "gitignore", Content: []byte(tt.theirs)}}
			rec := *in.Record
			rec.Blocks = []generator.RecordBlock{{Path: ".gitignore", ID: "gitignore", SHA256: generator.Sum([]byte(base))}}
			in.Record = &rec
			tree[".gitignore"] = &fstest.MapFile{Data: []byte(ours), Mode: 0o644}
			p, err := Build(context.Background(), in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Build = %v, want a refusal with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkSteps(t, p, []version{{path: ".gitignore", want: Conflict, contains: []string{"<<<<<<< yours\n/bin/orders*\n"}}})
		})
	}
}
