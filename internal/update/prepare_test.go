package update

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/merge"
)

// TestLabels names the versions of a conflict so that base and theirs differ whenever the
// update changes something: the gonew-prod version, the preset's version, or only where
// the preset comes from.
func TestLabels(t *testing.T) {
	rec := func(version, preset, presetVersion, source string) generator.Record {
		return generator.Record{Generator: generator.RecordGenerator{Version: version},
			Preset: generator.RecordPreset{Name: preset, Version: presetVersion, Source: source}}
	}
	tests := []struct {
		name     string
		from, to generator.Record
		haveBase bool
		want     merge.Labels
	}{
		{"a new gonew-prod", rec("v0.1.0", "default", "", "builtin"), rec("v0.2.0", "default", "", "builtin"), true,
			merge.Labels{Ours: "yours", Base: "gonew-prod v0.1.0", Theirs: "gonew-prod v0.2.0"}},
		{"a new preset version", rec("v0.2.0", "shop", "v1.0.0", "example.com/pack@v1.0.0"), rec("v0.2.0", "shop", "v1.1.0", "example.com/pack@v1.1.0"), true,
			merge.Labels{Ours: "yours", Base: "gonew-prod v0.2.0 preset shop v1.0.0", Theirs: "gonew-prod v0.2.0 preset shop v1.1.0"}},
		{"a pack from another directory", rec("v0.2.0", "shop", "", "packs/v1"), rec("v0.2.0", "shop", "", "packs/v2"), true,
			merge.Labels{Ours: "yours", Base: "gonew-prod v0.2.0 preset shop from packs/v1", Theirs: "gonew-prod v0.2.0 preset shop from packs/v2"}},
		{"no base", rec("v0.1.0", "default", "", "builtin"), rec("v0.2.0", "default", "", "builtin"), false,
			merge.Labels{Ours: "yours", Base: "gonew-prod v0.1.0 (unavailable)", Theirs: "gonew-prod v0.2.0"}},
	}
	for _, tt := range tests {
		if got := labels(tt.from, tt.to, tt.haveBase); got != tt.want {
			t.Errorf("%s: labels %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// moduleRenderer renders a project whose files import its own packages by the module path
// of the request's answers: version v0.2.0 adds about.go. It records the module of every
// request by version (the first one).
type moduleRenderer struct{ modules map[string]string }

func (m moduleRenderer) Render(_ context.Context, req Request) (Render, error) {
	mod := req.Record.Answers.Module
	if _, ok := m.modules[req.Version]; !ok {
		m.modules[req.Version] = mod
	}
	files := []generator.File{
		{Path: "go.mod", Mode: 0o644, Content: []byte("module " + mod + "\n\ngo 1.26\n")},
		{Path: "main.go", Mode: 0o644, Content: []byte("package main\n\nimport _ \"" + mod + "/internal/config\"\n")},
	}
	if req.Version == "v0.2.0" {
		files = append(files, generator.File{Path: "about.go", Mode: 0o644, Content: []byte("package main\n\nimport _ \"" + mod + "/internal/buildinfo\"\n")})
	}
	r := testRender(req.Version, files)
	r.Record.Answers.Module = mod
	return r, nil
}

// TestPrepareRenamedModule: go.mod's module line is the project's module. When it is not
// the recorded one (the module was renamed), theirs is rendered with it, so a file the
// new version adds imports the project's packages by the path go.mod declares, and the
// new record takes it; the base keeps the recorded module and so matches the record. A
// module path gonew-prod new would refuse is refused, naming go.mod.
func TestPrepareRenamedModule(t *testing.T) {
	const (
		recorded = "example.com/acme/orders"
		renamed  = "example.com/acme/orders-svc"
	)
	tests := []struct {
		name       string
		gomod      string // absent: no go.mod
		wantTheirs string // the module theirs is rendered with
		wantErr    string
	}{
		{"renamed", "module " + renamed + "\n\ngo 1.26\n", renamed, ""},
		{"as recorded", "module " + recorded + "\n\ngo 1.26\n", recorded, ""},
		{"no module line", "go 1.26\n", recorded, ""},
		{"no go.mod", absent, recorded, ""},
		{"refused by new", "module example.com/acme/vendor/orders\n\ngo 1.26\n", "", `go.mod declares module "example.com/acme/vendor/orders", which gonew-prod new refuses (has the element vendor`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := moduleRenderer{modules: map[string]string{}}
			rec := generator.Record{Answers: generator.Answers{Module: recorded}, Generator: generator.RecordGenerator{Version: "v0.1.0"}}
			base, _ := r.Render(context.Background(), Request{Record: &rec, Version: "v0.1.0"})
			clear(r.modules)
			recFile, err := base.Record.Encode()
			if err != nil {
				t.Fatal(err)
			}
			mainGo := strings.ReplaceAll(string(base.Files[1].Content), recorded, tt.wantTheirs)
			files := map[string]string{generator.RecordFile: string(recFile.Content), "main.go": mainGo}
			if tt.gomod != absent {
				files["go.mod"] = tt.gomod
			}
			dir := t.TempDir()
			writeFiles(t, dir, files)
			p, err := Open(context.Background(), nil, dir, "v0.1.0")
			if err != nil {
				t.Fatal(err)
			}
			plan, err := Prepare(context.Background(), r, p, Options{To: "v0.2.0"})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Prepare: %v, want an error with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.modules["v0.1.0"] != recorded || r.modules["v0.2.0"] != tt.wantTheirs {
				t.Errorf("rendered the base with %q and theirs with %q, want %q and %q", r.modules["v0.1.0"], r.modules["v0.2.0"], recorded, tt.wantTheirs)
			}
			if got := plan.Record.Answers.Module; got != tt.wantTheirs {
				t.Errorf("the new record's module is %q, want %q", got, tt.wantTheirs)
			}
			if s := stepOf(t, plan, "about.go"); s.Action != Create || !strings.Contains(string(s.Result), `"`+tt.wantTheirs+`/internal/buildinfo"`) {
				t.Errorf("about.go: %s\n%s\nwant it created importing %s", s.Action, s.Result, tt.wantTheirs)
			}
			if s := stepOf(t, plan, "main.go"); s.Action != Keep {
				t.Errorf("main.go, renamed by the user as theirs renders it: %s (%s), want keep", s.Action, s.Reason)
			}
		})
	}
}

// importRenderer renders main.go importing the project's config package by the module
// path of the request's answers; version v0.2.0 imports its buildinfo package beside it.
// With extra set, a render with another module than recorded writes one more file.
type importRenderer struct {
	recorded string
	extra    bool
}

func (m importRenderer) Render(_ context.Context, req Request) (Render, error) {
	mod := req.Record.Answers.Module
	imports := "\t\"" + mod + "/internal/config\"\n"
	if req.Version == "v0.2.0" {
		imports = "\t\"" + mod + "/internal/buildinfo\"\n" + imports
	}
	files := []generator.File{
		{Path: "go.mod", Mode: 0o644, Content: []byte("module " + mod + "\n\ngo 1.26\n")},
		{Path: "main.go", Mode: 0o644, Content: []byte("package main\n\nimport (\n" + imports + ")\n\nfunc main() {}\n")},
	}
	if m.extra && mod != m.recorded {
		files = append(files, generator.File{Path: "renamed.txt", Mode: 0o644, Content: []byte(mod + "\n")})
	}
	r := testRender(req.Version, files)
	r.Record.Answers.Module = mod
	return r, nil
}

// TestPrepareRenamedModuleMerge: after a module rename, the merge is made against the base
// rendered with go.mod's module path, so the rename is no edit of the user's and a change
// of the new version next to an import of the project's packages merges cleanly, the
// user's own edits kept; the base checked against the record is still the recorded
// path's (a record edited by hand is refused). A base that renders other files with the
// new path is not taken: the merge is then against the recorded one, a conflict.
func TestPrepareRenamedModuleMerge(t *testing.T) {
	const (
		recorded = "example.com/acme/orders"
		renamed  = "github.com/acme/orders"
	)
	tests := []struct {
		name     string
		extra    bool
		editRec  bool // the record's checksum of main.go edited by hand
		want     Action
		contains []string
		wantErr  string
	}{
		{"renamed", false, false, Merge, []string{`"` + renamed + `/internal/buildinfo"`, `"` + renamed + `/internal/config"`, "// mine"}, ""},
		{"base of other files", true, false, Conflict, []string{"// mine", "<<<<<<< yours"}, ""},
		{"record edited", false, true, "", nil, "main.go differs from its recorded sha256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := importRenderer{recorded: recorded, extra: tt.extra}
			rec := generator.Record{Answers: generator.Answers{Module: recorded}, Generator: generator.RecordGenerator{Version: "v0.1.0"}}
			base, _ := r.Render(context.Background(), Request{Record: &rec, Version: "v0.1.0"})
			if tt.editRec {
				base.Record.Files[1].SHA256 = generator.Sum([]byte("something else"))
			}
			recFile, err := base.Record.Encode()
			if err != nil {
				t.Fatal(err)
			}
			mainGo := strings.ReplaceAll(string(base.Files[1].Content), recorded, renamed) + "// mine\n"
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{generator.RecordFile: string(recFile.Content), "main.go": mainGo, "go.mod": "module " + renamed + "\n\ngo 1.26\n"})
			p, err := Open(context.Background(), nil, dir, "v0.1.0")
			if err != nil {
				t.Fatal(err)
			}
			plan, err := Prepare(context.Background(), r, p, Options{To: "v0.2.0"})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Prepare: %v, want an error with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s := stepOf(t, plan, "main.go")
			if s.Action != tt.want {
				t.Errorf("main.go: %s (%s), want %s\n%s", s.Action, s.Reason, tt.want, s.Result)
			}
			for _, c := range tt.contains {
				if !strings.Contains(string(s.Result), c) {
					t.Errorf("main.go lacks %q:\n%s", c, s.Result)
				}
			}
			if strings.Contains(string(s.Result), recorded+"/") && s.Action == Merge {
				t.Errorf("main.go imports the recorded module:\n%s", s.Result)
			}
		})
	}
}

// TestOpenMissingRecord: a project whose record is gone is refused, and when git's
// history has the record the refusal gives the git command that restores it (from HEAD
// when the deletion is not committed, else from before the commit that deleted it),
// which works, for a project below the repository's root too. Without that history the
// refusal says what the record is and where to run update.
func TestOpenMissingRecord(t *testing.T) {
	restoreRE := regexp.MustCompile(`restore it with (git -C .+? -- \.gonew-prod\.yaml), and run update again`)
	tests := []struct {
		name    string
		setup   func(git func(args ...string) string, proj string)
		want    string
		restore bool // the refusal names a command that brings the record back
	}{
		{"no git history", func(_ func(args ...string) string, proj string) {
			if err := os.Remove(filepath.Join(proj, generator.RecordFile)); err != nil {
				t.Fatal(err)
			}
		}, "update works on projects made by gonew-prod new or add, which write that record", false},
		{"deleted in the work tree", func(git func(args ...string) string, proj string) {
			git("add", "-A")
			git("commit", "-qm", "new")
			if err := os.Remove(filepath.Join(proj, generator.RecordFile)); err != nil {
				t.Fatal(err)
			}
		}, "it was deleted since the last commit; restore it with git -C ", true},
		{"deleted and staged", func(git func(args ...string) string, proj string) {
			git("add", "-A")
			git("commit", "-qm", "new")
			git("rm", "-q", "svc/"+generator.RecordFile)
		}, "it was deleted since the last commit", true},
		{"deleted in a commit", func(git func(args ...string) string, proj string) {
			git("add", "-A")
			git("commit", "-qm", "new")
			git("rm", "-q", "svc/"+generator.RecordFile)
			git("commit", "-qm", "drop the record")
		}, "deleted it (git -C ", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo, env, git := gitRepo(t)
			proj := filepath.Join(repo, "svc")
			writeFiles(t, proj, map[string]string{"go.mod": goMod, generator.RecordFile: "generator: {name: gonew-prod, version: v0.1.0}\nanswers: {module: example.com/acme/orders}\nfiles: []\n"})
			tt.setup(git, proj)
			_, err := Open(context.Background(), env, proj, "v0.1.0")
			if err == nil || !strings.Contains(err.Error(), "has no "+generator.RecordFile) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Open: %v, want a refusal with %q", err, tt.want)
			}
			m := restoreRE.FindStringSubmatch(err.Error())
			if (m != nil) != tt.restore {
				t.Fatalf("Open: %v; names a command that restores the record: %v, want %v", err, m != nil, tt.restore)
			}
			if m == nil {
				return
			}
			cmd := exec.Command("sh", "-c", m[1])
			cmd.Dir, cmd.Env = t.TempDir(), env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", m[1], err, out)
			}
			if _, err := Open(context.Background(), env, proj, "v0.1.0"); err != nil {
				t.Fatalf("Open after %s: %v", m[1], err)
			}
		})
	}
}

// TestOpenRecordItCannotTake: a record present that update cannot take (empty, or
// holding only a comment; unparsable) is refused with git's command that restores it
// only when a commit has a version to restore (one that works), else saying that git
// cannot restore it, never sending to git for nothing.
func TestOpenRecordItCannotTake(t *testing.T) {
	const good = "generator: {name: gonew-prod, version: v0.1.0}\nanswers: {module: example.com/acme/orders}\nfiles: []\n"
	restoreRE := regexp.MustCompile(`restore it with (git -C .+? -- \.gonew-prod\.yaml)$`)
	for _, bad := range []struct{ name, data, want string }{
		{"empty", "# written by hand\n", "is empty: it holds no record; "},
		{"unparsable", "generator: [\n", generator.RecordFile + ":"},
	} {
		for _, committed := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, a good one committed %t", bad.name, committed), func(t *testing.T) {
				repo, env, git := gitRepo(t)
				proj := filepath.Join(repo, "svc")
				writeFiles(t, proj, map[string]string{"go.mod": goMod, generator.RecordFile: good})
				if committed {
					git("add", "-A")
					git("commit", "-qm", "new")
				}
				writeFiles(t, proj, map[string]string{generator.RecordFile: bad.data})
				_, err := Open(context.Background(), env, proj, "v0.1.0")
				if err == nil || !strings.Contains(err.Error(), bad.want) || strings.Contains(err.Error(), "restore it from git") {
					t.Fatalf("Open: %v, want a refusal with %q and no advice that git may not follow", err, bad.want)
				}
				m := restoreRE.FindStringSubmatch(err.Error())
				if !committed {
					if m != nil || !strings.HasSuffix(err.Error(), RecordNotCommitted) {
						t.Fatalf("Open: %v, want it to end %q", err, RecordNotCommitted)
					}
					return
				}
				if m == nil {
					t.Fatalf("Open: %v, want the git command that restores the record", err)
				}
				cmd := exec.Command("sh", "-c", m[1])
				cmd.Dir, cmd.Env = t.TempDir(), env
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("%s: %v\n%s", m[1], err, out)
				}
				if _, err := Open(context.Background(), env, proj, "v0.1.0"); err != nil {
					t.Fatalf("Open after %s: %v", m[1], err)
				}
			})
		}
	}
}

// TestOpenRecordOfANewerVersion: a record this gonew-prod cannot parse (a key it does not
// know) that names a later gonew-prod, committed as that version wrote it, is refused
// with the version to run, not with git's advice to restore it from an earlier commit,
// which would take it back past that version's update; a development build, which cannot
// tell, says so. A record of this version or older still gets git's advice.
func TestOpenRecordOfANewerVersion(t *testing.T) {
	const record = "generator: {name: gonew-prod, version: VERSION, channel: stable}\nanswers: {module: example.com/acme/orders}\nfiles: []\n"
	tests := []struct {
		name, version, running string
		want                   string // "" for git's advice
	}{
		{"newer", "v9.0.0", "v0.1.0", "written by gonew-prod v9.0.0, newer than this gonew-prod v0.1.0, which cannot read all it records: run gonew-prod v9.0.0 or later (go install " + Module + "/cmd/gonew-prod@v9.0.0)"},
		{"a development build", "v9.0.0", "(devel)", "this gonew-prod is a development build, which may be older: run gonew-prod v9.0.0 or later"},
		{"the same version", "v0.1.0", "v0.1.0", ""},
		{"older", "v0.1.0", "v0.2.0", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo, env, git := gitRepo(t)
			proj := filepath.Join(repo, "svc")
			writeFiles(t, proj, map[string]string{"go.mod": goMod, generator.RecordFile: "generator: {name: gonew-prod, version: v0.1.0}\nanswers: {module: example.com/acme/orders}\nfiles: []\n"})
			git("add", "-A")
			git("commit", "-qm", "new")
			writeFiles(t, proj, map[string]string{generator.RecordFile: strings.Replace(record, "VERSION", tt.version, 1)})
			git("commit", "-qam", "update")
			_, err := Open(context.Background(), env, proj, tt.running)
			if err == nil || !strings.Contains(err.Error(), `unknown key "channel"`) {
				t.Fatalf("Open: %v, want the unknown key named", err)
			}
			advice := strings.Contains(err.Error(), "restore it from an earlier commit")
			if tt.want == "" {
				if !advice {
					t.Errorf("Open: %v, want git's advice", err)
				}
				return
			}
			if advice || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open: %v, want %q and no git advice", err, tt.want)
			}
		})
	}
}

// TestOpenHalfResolved: a file the record lists in its conflicts is pending while it holds
// update's own base marker, left when only the block's "<<<<<<<" and ">>>>>>>" lines were
// removed (round 21 update 2); a lone "=======" (a setext heading) or a row of pipes of
// the user's is text, and the file resolved.
func TestOpenHalfResolved(t *testing.T) {
	tests := []struct {
		name, content string
		pending       bool
	}{
		{"whole block", "<<<<<<< yours\nt: 7s\n||||||| gonew-prod v0.1.0\nt: 5s\n=======\nt: 10s\n>>>>>>> gonew-prod v0.2.0\n", true},
		{"outer markers removed", "t: 7s\n||||||| gonew-prod v0.1.0 preset org from ./p1\nt: 5s\n=======\nt: 10s\n", true},
		{"outer markers removed, CRLF", "t: 7s\r\n||||||| gonew-prod v0.1.0 (unavailable)\r\n=======\r\nt: 10s\r\n", true},
		{"resolved, a setext heading", "Timeouts\n=======\n\nt: 7s\n", false},
		{"resolved, a row of pipes", "|||||||\nt: 7s\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{
				generator.RecordFile: "generator: {name: gonew-prod, version: v0.2.0}\nanswers: {module: example.com/acme/orders}\nfiles: []\nconflicts: [conf/app.yaml]\n",
				"conf/app.yaml":      tt.content,
			})
			proj, err := Open(context.Background(), nil, dir, "v0.1.0")
			if err != nil {
				t.Fatal(err)
			}
			if got := len(proj.Pending) > 0; got != tt.pending {
				t.Errorf("pending %v (%q), want %v", got, proj.Pending, tt.pending)
			}
		})
	}
}

// templateRenderer renders, for each version, its files with MOD replaced by the module
// path of the request's answers.
type templateRenderer map[string]map[string]string

func (tr templateRenderer) Render(_ context.Context, req Request) (Render, error) {
	mod := req.Record.Answers.Module
	var files []generator.File
	for p, content := range tr[req.Version] {
		files = append(files, generator.File{Path: p, Mode: 0o644, Content: []byte(strings.ReplaceAll(content, "MOD", mod))})
	}
	r := testRender(req.Version, files)
	r.Record.Answers.Module = mod
	return r, nil
}

// TestPrepareRenamedModuleUnedited: after a module rename, a file that differs from the
// recorded render only by the module path, as the base rendered with go.mod's path has it,
// is no edit of the user's, and this version's file that differs from the recorded one
// only so is no change: a file this version drops is deleted (round 24 update 2), go.mod
// takes this version's (a require it lowers too, round 24 update 4), and a file the user
// deleted, or replaced by a link, that this version does not change stays so with no
// change left not applied (round 24 update 5). An edit of the user's beyond the rename
// still counts, and a file left with the recorded path still takes this version's.
func TestPrepareRenamedModuleUnedited(t *testing.T) {
	const (
		recorded = "example.com/svc"
		renamed  = "example.com/orders"
		imports  = "package main\n\nimport _ \"MOD/internal/config\"\n"
		changed  = "package main\n\nimport _ \"MOD/internal/config\"\n\nvar x = 1\n"
		gomod    = "module MOD\n\ngo 1.26\n"
		gomodV1  = "module MOD\n\ngo 1.26\n\nrequire github.com/gabriel-vasile/mimetype v1.4.15\n"
		gomodV2  = "module MOD\n\ngo 1.26\n\nrequire github.com/gabriel-vasile/mimetype v1.4.12\n"
		link     = "\x00link" // ours: a symbolic link to a file of the user's
	)
	tests := []struct {
		name, path     string
		v1, v2, ours   string // templates (absent: no file); ours with the renamed path
		oursRecorded   bool   // ours with the recorded path instead
		want           Action
		resultContains []string
	}{
		{"dropped, only renamed", "cmd/svc/tls_test.go", imports, absent, imports, false, Delete, nil},
		{"dropped, renamed and edited", "cmd/svc/tls_test.go", imports, absent, "// mine\n" + imports, false, KeepDropped, nil},
		{"go.mod only renamed, a require lowered", "go.mod", gomodV1, gomodV2, gomodV1, false, Update, []string{"module " + renamed + "\n", "mimetype v1.4.12"}},
		{"deleted, not changed", "lifecycle_test.go", imports, imports, absent, false, KeepDeleted, nil},
		{"deleted, changed", "lifecycle_test.go", imports, changed, absent, false, NotApplied, nil},
		{"a link, not changed", ".golangci.yml", imports, imports, link, false, Keep, nil},
		{"a link, changed", ".golangci.yml", imports, changed, link, false, NotApplied, nil},
		{"renamed and edited, not changed", "main.go", imports, imports, "// mine\n" + imports, false, Keep, nil},
		{"renamed and edited, changed", "main.go", imports, changed, "// mine\n" + imports, false, Merge, []string{"// mine", "var x = 1", renamed + "/internal/config"}},
		{"left with the recorded path", "Makefile", imports, imports, imports, true, Update, []string{renamed + "/internal/config"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := templateRenderer{"v0.1.0": {"go.mod": gomod}, "v0.2.0": {"go.mod": gomod}}
			for v, content := range map[string]string{"v0.1.0": tt.v1, "v0.2.0": tt.v2} {
				if content != absent {
					r[v][tt.path] = content
				}
			}
			rec := generator.Record{Answers: generator.Answers{Module: recorded}, Generator: generator.RecordGenerator{Version: "v0.1.0"}}
			base, _ := r.Render(context.Background(), Request{Record: &rec, Version: "v0.1.0"})
			recFile, err := base.Record.Encode()
			if err != nil {
				t.Fatal(err)
			}
			files := map[string]string{generator.RecordFile: string(recFile.Content), "go.mod": strings.ReplaceAll(gomod, "MOD", renamed), "shared.yml": "mine\n"}
			mod := renamed
			if tt.oursRecorded {
				mod = recorded
			}
			if tt.ours != absent && tt.ours != link {
				files[tt.path] = strings.ReplaceAll(tt.ours, "MOD", mod)
			}
			dir := t.TempDir()
			writeFiles(t, dir, files)
			if tt.ours == link {
				if err := os.Symlink("shared.yml", filepath.Join(dir, tt.path)); err != nil {
					t.Fatal(err)
				}
			}
			p, err := Open(context.Background(), nil, dir, "v0.1.0")
			if err != nil {
				t.Fatal(err)
			}
			plan, err := Prepare(context.Background(), r, p, Options{To: "v0.2.0"})
			if err != nil {
				t.Fatal(err)
			}
			s := stepOf(t, plan, tt.path)
			if s.Action != tt.want {
				t.Errorf("%s: %s (%s), want %s", tt.path, s.Action, s.Reason, tt.want)
			}
			for _, c := range tt.resultContains {
				if !strings.Contains(string(s.Result), c) {
					t.Errorf("%s lacks %q:\n%s", tt.path, c, s.Result)
				}
			}
			if conflicts := slices.Contains(plan.Record.Conflicts, tt.path); conflicts != (tt.want == NotApplied) {
				t.Errorf("the record lists %s in its conflicts: %v, want %v", tt.path, conflicts, tt.want == NotApplied)
			}
		})
	}
}

// TestRestoreRecord: the advice for a record update or add cannot take names a git
// command only when a commit has a version to restore, and one that works; a record no
// commit has gets none (RecordNotCommitted says what to do then).
func TestRestoreRecord(t *testing.T) {
	const good, bad = "generator: {name: gonew-prod, version: v0.1.0}\nanswers: {module: example.com/acme/orders}\nfiles: []\n", "\n"
	restoreRE := regexp.MustCompile(`restore it with (git -C .+? -- \.gonew-prod\.yaml)$`)
	tests := []struct {
		name  string
		setup func(git func(args ...string) string, proj string)
		want  string // "" for no advice
		fixed bool   // the advice names a command that brings back the good record
	}{
		{"never committed", func(_ func(args ...string) string, proj string) {
			writeFiles(t, proj, map[string]string{generator.RecordFile: bad})
		}, "", false},
		{"changed since the last commit", func(git func(args ...string) string, proj string) {
			git("add", "-A")
			git("commit", "-qm", "new")
			writeFiles(t, proj, map[string]string{generator.RecordFile: bad})
		}, "it was changed since the last commit", true},
		{"the change committed", func(git func(args ...string) string, proj string) {
			git("add", "-A")
			git("commit", "-qm", "new")
			writeFiles(t, proj, map[string]string{generator.RecordFile: bad})
			git("commit", "-qam", "break it")
		}, "restore it from an earlier commit (git -C ", false},
		{"committed only as it is", func(git func(args ...string) string, proj string) {
			writeFiles(t, proj, map[string]string{generator.RecordFile: bad})
			git("add", "-A")
			git("commit", "-qm", "new")
		}, "the only commit that has it (", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo, env, git := gitRepo(t)
			proj := filepath.Join(repo, "svc")
			writeFiles(t, proj, map[string]string{"go.mod": goMod, generator.RecordFile: good})
			tt.setup(git, proj)
			got := RestoreRecord(context.Background(), env, proj)
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Fatalf("RestoreRecord = %q, want %q", got, cmp.Or(tt.want, "nothing"))
			}
			m := restoreRE.FindStringSubmatch(got)
			if (m != nil) != tt.fixed {
				t.Fatalf("RestoreRecord = %q: names a command that restores the record: %t, want %t", got, m != nil, tt.fixed)
			}
			if m == nil {
				return
			}
			cmd := exec.Command("sh", "-c", m[1])
			cmd.Dir, cmd.Env = t.TempDir(), env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", m[1], err, out)
			}
			if data, err := os.ReadFile(filepath.Join(proj, generator.RecordFile)); err != nil || string(data) != good {
				t.Errorf("after %s the record is %q (%v), want it as committed", m[1], data, err)
			}
		})
	}
}
