package update

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
	"golang.org/x/mod/modfile"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/preset"
	"github.com/gonew-prod/gonew-prod/templates"
)

// recordOf renders a project of this build, as `new` does, and returns its record.
func recordOf(t *testing.T, presetName string) *generator.Record {
	t.Helper()
	pack, err := preset.Builtin(presetName)
	if err != nil {
		t.Fatal(err)
	}
	l := answers.Layer{Source: answers.FromFlag, Name: "test"}
	l.Set(answers.KeyModule, "example.com/acme/orders", "test")
	a, _, err := pack.Resolve(l)
	if err != nil {
		t.Fatal(err)
	}
	files, err := generator.Render(context.Background(), pack.Project(a, "(devel)"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Path == generator.RecordFile {
			rec, err := generator.ParseRecord(f.Path, f.Content)
			if err != nil {
				t.Fatal(err)
			}
			return rec
		}
	}
	t.Fatal("no record rendered")
	return nil
}

func TestGeneratedRender(t *testing.T) {
	rec := recordOf(t, "minimal")
	hash, err := generator.TemplatesHash(templates.FS())
	if err != nil {
		t.Fatal(err)
	}
	g := Generated{Dir: t.TempDir(), Env: os.Environ(), Version: "(devel)"}
	ctx := context.Background()

	// The running version with its own templates: this build renders, exactly the record.
	for _, req := range []Request{{Record: rec, Version: "(devel)", Templates: hash}, {Record: rec}} {
		r, err := g.Render(ctx, req)
		if err != nil {
			t.Fatalf("%+v: %v", req, err)
		}
		if err := CheckBase(rec, r, nil, nil); err != nil {
			t.Errorf("%+v: %v", req, err)
		}
		if r.Record.Generator.Templates != hash {
			t.Errorf("%+v: recorded templates %s, want %s", req, r.Record.Generator.Templates, hash)
		}
	}

	// Another preset moves the render: minimal has no OpenTelemetry, default has.
	r, err := g.Render(ctx, Request{Record: rec, Preset: "default"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Record.Preset.Name != "default" {
		t.Errorf("preset %q, want default", r.Record.Preset.Name)
	}

	// The running version with other templates cannot be fetched.
	_, err = g.Render(ctx, Request{Record: rec, Version: "(devel)", Templates: "sha256:" + strings.Repeat("0", 64)})
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("(devel) with other templates: err = %v, want ErrUnavailable", err)
	}

	// A preset that does not resolve is the user's input.
	var ie *InputError
	if _, err := g.Render(ctx, Request{Record: rec, Preset: "./nosuch"}); !errors.As(err, &ie) {
		t.Errorf("missing preset directory: err = %v, want an InputError", err)
	}

	// A project retrofitted by add is not this renderer's.
	added := *rec
	added.Components = []string{"makefile"}
	if _, err := g.Render(ctx, Request{Record: &added}); err == nil || !strings.Contains(err.Error(), "gonew-prod add") {
		t.Errorf("components: err = %v", err)
	}
}

// TestGeneratedOffline checks that an offline render of another version uses the module
// cache only and reports the version unavailable when it is not there.
func TestGeneratedOffline(t *testing.T) {
	cache := t.TempDir()
	g := Generated{Dir: t.TempDir(), Env: append(os.Environ(), "GOMODCACHE="+cache, "GOFLAGS=-modcacherw"), Version: "(devel)", Offline: true}
	_, err := g.Render(context.Background(), Request{Record: recordOf(t, "minimal"), Version: "v0.1.0"})
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "file://"+filepath.ToSlash(filepath.Join(cache, "cache", "download"))) {
		t.Fatalf("err = %v, want the version unavailable from the module cache", err)
	}
}

// TestModule checks that Module names this module, whose versions update fetches.
func TestModule(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if got := modfile.ModulePath(data); got != Module {
		t.Fatalf("go.mod says module %s, Module is %s", got, Module)
	}
}

// TestGeneratedRecordedPackDir checks the refusal of a record whose preset pack is a
// relative directory that is not where its path leads from the working directory (an
// update run from inside the project, where new ran above it): it names the directory to
// run update from when the path leads to a directory from the project's or one above it.
func TestGeneratedRecordedPackDir(t *testing.T) {
	root := t.TempDir()
	proj := filepath.Join(root, "work", "proj")
	if err := os.MkdirAll(filepath.Join(root, "packs", "v1"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(proj, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, source string
		command      []string // Request.Command: the command line as given
		want         string
	}{
		{"found above the project", "./packs/v1", nil, "update needs that pack, which is not at " + filepath.Join(proj, "packs/v1") + " but at " + filepath.Join(root, "packs/v1") + ": run update from there, cd " + root + " && gonew-prod update --dir work/proj"},
		// The flags given go with the command, a relative --preset path rewritten to lead
		// to the same pack from there; a built-in name, a module and an absolute path stay.
		{"update's flags", "./packs/v1", []string{"update", "--no-verify", "--to=latest", "--verify-cmd=make test", "--preset=./packs/v2"},
			"cd " + root + " && gonew-prod update --dir work/proj --no-verify --to=latest '--verify-cmd=make test' --preset=" + filepath.FromSlash("./work/proj/packs/v2")},
		{"a --preset above", "./packs/v1", []string{"update", "--preset=../../packs/v2"}, "cd " + root + " && gonew-prod update --dir work/proj --preset=" + filepath.FromSlash("./packs/v2")},
		{"a --preset beside", "./packs/v1", []string{"update", "--preset=../../../v2"}, "cd " + root + " && gonew-prod update --dir work/proj --preset=" + filepath.Join("..", "v2")},
		{"a built-in --preset", "./packs/v1", []string{"update", "--preset=minimal"}, "gonew-prod update --dir work/proj --preset=minimal"},
		{"a module --preset", "./packs/v1", []string{"update", "--preset=example.com/p@v1.0.0/acme"}, "gonew-prod update --dir work/proj --preset=example.com/p@v1.0.0/acme"},
		{"an absolute --preset", "./packs/v1", []string{"update", "--preset=" + filepath.Join(root, "v2")}, "gonew-prod update --dir work/proj --preset=" + filepath.Join(root, "v2")},
		{"add's flags", "./packs/v1", []string{"add", "--yes", "--ci=gitlab", "ci"}, "run add from there, cd " + root + " && gonew-prod add --dir work/proj --yes --ci=gitlab ci"},
		{"found nowhere", "./packs/v9", nil, "nor at that path from " + proj + " or a directory above it: run update from the directory the path is relative to (with --dir), or put the pack back there"},
		{"absolute", filepath.Join(root, "gone"), nil, "put the pack back at " + filepath.Join(root, "gone") + " and run update again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := recordOf(t, "minimal")
			rec.Preset = generator.RecordPreset{Name: "shop", Source: tt.source}
			g := Generated{Dir: proj, Env: os.Environ(), Version: "(devel)"}
			_, err := g.Render(context.Background(), Request{Dir: proj, Record: rec, Version: "(devel)", Command: tt.command})
			var ie *InputError
			if !errors.As(err, &ie) || !strings.HasSuffix(err.Error(), tt.want) || strings.Contains(err.Error(), "pass --preset") {
				t.Fatalf("err = %v, want an InputError ending in %q", err, tt.want)
			}
		})
	}
}

// TestGeneratedRecordedPackDigest: a record holds the digest of its pack's content, and a
// render of the recorded pack refuses a pack found there with other content (changed
// since, or another pack of that name where the path leads from here), for a version
// fetched too, before fetching it, naming the pack, where it is found, and the update
// --preset that takes it as found; a record without a digest (an older one) takes the
// pack as found and gets its digest. So does the base of a move to a pack (TakePack),
// which CheckBase checks against the recorded files, and the move itself (Preset). Where
// the path leads from here to another pack of that name, and from a directory above the
// project to the recorded pack, the refusal says to run from there.
func TestGeneratedRecordedPackDigest(t *testing.T) {
	root := t.TempDir()
	pack := filepath.Join(root, "ib")
	writeFile := func(rel, body string) {
		t.Helper()
		p := filepath.Join(pack, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeFile("preset.yaml", "name: ib\nextends: minimal\n")
	g := Generated{Dir: root, Env: os.Environ(), Version: "(devel)"}
	made, err := g.Render(context.Background(), Request{Record: recordOf(t, "minimal"), Preset: "./ib"})
	if err != nil {
		t.Fatal(err)
	}
	digest := made.Record.Preset.Digest
	if !strings.HasPrefix(digest, "sha256:") {
		t.Fatalf("the record of a pack's project holds the digest %q", digest)
	}
	writeFile("overlay/k8s/deployment.yaml.tmpl", "# not the pack the project was made from\n")
	const refusal = "is not the pack the project was made from: its content (preset.yaml and overlay, with the packs it extends) has the digest "
	tests := []struct {
		name   string
		digest string // the record's
		req    Request
		want   string // in the refusal, "" when the render is made
	}{
		{"changed", digest, Request{}, "preset ib found at " + pack + " " + refusal},
		{"changed, the ways on", digest, Request{}, "put the pack the project was made from back there and run again (to move the project to the other one then, give it from another directory: gonew-prod update --preset NEWDIR); or take the pack as it is there now: gonew-prod update --preset ./ib (its base"},
		{"changed, for add", digest, Request{Command: []string{"add", "k8s"}}, "gonew-prod update --preset ./ib, then run add again (its base"},
		{"changed, from another directory", digest, Request{Dir: filepath.Join(root, "svc")}, "gonew-prod update --dir svc --preset ./ib"},
		{"changed, a version fetched", digest, Request{Version: "v0.0.1"}, refusal},
		{"changed, the base of a move", digest, Request{TakePack: true}, ""},
		{"changed, moved to it", digest, Request{Preset: "./ib"}, ""},
		{"no digest recorded", "", Request{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := made.Record
			rec.Preset.Digest = tt.digest
			req := tt.req
			req.Record = &rec
			r, err := g.Render(context.Background(), req)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("the render: %v", err)
				}
				if d := r.Record.Preset.Digest; d == digest || !strings.HasPrefix(d, "sha256:") {
					t.Errorf("the render records the digest %q, want the pack's as found", d)
				}
				return
			}
			var ie *InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want an InputError holding %q", err, tt.want)
			}
		})
	}

	// Run inside the project (svc), where another pack of that name sits at ./ib, while
	// the path leads to the recorded pack from root, where new ran: the refusal says to
	// run from there; with the pack at root changed too, it does not.
	svc := filepath.Join(root, "svc")
	if err := os.MkdirAll(filepath.Join(svc, "ib"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(svc, "ib", "preset.yaml"), []byte("name: ib\nextends: minimal\ndescription: another pack\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	inside := Generated{Dir: svc, Env: os.Environ(), Version: "(devel)"}
	rec := made.Record
	req := Request{Dir: svc, Record: &rec, Command: []string{"add", "k8s"}}
	const above = "the pack the project was made from is at "
	if _, err := inside.Render(context.Background(), req); err == nil || !strings.Contains(err.Error(), "preset ib found at "+filepath.Join(svc, "ib")) || strings.Contains(err.Error(), above) {
		t.Fatalf("with the pack at %s changed: %v, want a refusal of %s that does not name %s", pack, err, filepath.Join(svc, "ib"), root)
	}
	if err := os.RemoveAll(filepath.Join(pack, "overlay")); err != nil {
		t.Fatal(err)
	}
	want := above + pack + ", where the path leads from " + root + ", the directory it is relative to (where gonew-prod ran when it wrote the record): run add from there, cd " + generator.ShellQuote(root) + " && gonew-prod add --dir svc k8s; or, to move the project to the pack found here, gonew-prod update --preset ./ib, then run add again"
	var ie *InputError
	if _, err := inside.Render(context.Background(), req); !errors.As(err, &ie) || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want an InputError holding %q", err, want)
	}
}

// TestGeneratedTargetPortOnTheRecordedAdminPort: a pack that locks the HTTP port onto the
// admin port the project records with pprof off (6060, kept for a later add pprof) is
// refused before anything is written, naming both places and the fix, as new refuses
// those answers; with the recorded admin port moved off it, the move is taken.
func TestGeneratedTargetPortOnTheRecordedAdminPort(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "pp")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "preset.yaml"), []byte("name: pp\nextends: minimal\nanswers:\n  http_port: 6060\nlocked: [http_port]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		adminPort int
		want      []string // in the refusal; nil when the move is taken
	}{
		{"on the recorded admin port", 6060, []string{
			"http_port and admin_port must differ (pprof is off, but the port is recorded for a later add pprof)",
			"the update gives http_port 6060 (" + filepath.Join(dir, "preset.yaml") + ":4:14), the project's admin_port (.gonew-prod.yaml:",
			"change admin_port there to another port, such as 6061, commit, and run the update again",
		}},
		{"off the recorded admin port", 6061, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := recordOf(t, "minimal")
			if rec.Answers.Has("pprof") || rec.Answers.AdminPort != 6060 {
				t.Fatalf("minimal records pprof %v, admin port %d; want pprof off, 6060", rec.Answers.Has("pprof"), rec.Answers.AdminPort)
			}
			rec.Answers.AdminPort = tt.adminPort
			g := Generated{Dir: root, Env: os.Environ(), Version: "(devel)"}
			r, err := g.Render(context.Background(), Request{Record: rec, Preset: dir})
			if tt.want == nil {
				if err != nil {
					t.Fatalf("the target render: %v", err)
				}
				if r.Record.Answers.HTTPPort != 6060 || r.Record.Answers.AdminPort != tt.adminPort {
					t.Errorf("the target records http_port %d, admin_port %d; want 6060, %d", r.Record.Answers.HTTPPort, r.Record.Answers.AdminPort, tt.adminPort)
				}
				return
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an InputError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v, want it to hold %q", err, w)
				}
			}
		})
	}
}

// TestGeneratedTargetTakesLocks renders the recorded answers under a pack that locks
// values the record holds otherwise: as the target (--preset), the locked values are
// taken; under the record's own pack (the base), a value its lock contradicts is refused
// as a pack that changed since, not as a value to remove from the record.
func TestGeneratedTargetTakesLocks(t *testing.T) {
	root := t.TempDir()
	pack := func(name, body string) string {
		dir := filepath.Join(root, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "preset.yaml"), []byte("name: lc\ndescription: pack\nextends: minimal\n"+body), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	tests := []struct {
		name, locks string
		want        func(generator.Answers) bool
		now         string // what the record's own pack locks, as the refusal names it
	}{
		{"ci locked anew", "answers:\n  ci: gitlab\nlocked: [ci]\n", func(a generator.Answers) bool { return a.CI == "gitlab" }, "locks ci to gitlab,"},
		{"a port locked anew", "answers:\n  http_port: 8000\nlocked: [http_port]\n", func(a generator.Answers) bool { return a.HTTPPort == 8000 && a.CI == "github" }, "locks http_port to 8000,"},
		{"features locked anew", "answers:\n  features: [docker, ci, k8s]\nlocked: [features]\n", func(a generator.Answers) bool { return slices.Equal(a.Features, []string{"docker", "ci", "k8s"}) }, "locks features to docker,ci,k8s,"},
		{"nothing locked", "", func(a generator.Answers) bool { return a.CI == "github" && a.HTTPPort == 8080 }, ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := recordOf(t, "minimal")
			rec.Answers.CI, rec.Answers.HTTPPort = "github", 8080
			dir := pack(fmt.Sprintf("p%d", i), tt.locks)
			g := Generated{Dir: root, Env: os.Environ(), Version: "(devel)"}
			r, err := g.Render(context.Background(), Request{Record: rec, Preset: dir})
			if err != nil {
				t.Fatalf("the target render: %v", err)
			}
			if !tt.want(r.Record.Answers) {
				t.Errorf("the target's answers %+v do not hold the pack's locked values", r.Record.Answers)
			}
			if tt.locks == "" {
				return
			}
			rec.Preset = generator.RecordPreset{Name: "lc", Source: dir}
			if _, err := g.Render(context.Background(), Request{Record: rec}); err == nil || !strings.Contains(err.Error(), tt.now) || !strings.Contains(err.Error(), "--preset NEWPATH") || strings.Contains(err.Error(), "remove this value") {
				t.Errorf("the record's own pack, which locks another value: err = %v, want the pack named as changed and --preset", err)
			}
		})
	}
}

// TestRecordedDigestModuleAdvice: a module pack found with another content than the
// recorded digest is refused with the ways on for a module version (the module cache
// cleaned, a new version, the pack taken as fetched), not with a directory pack's (put it
// back there, give the other one from another directory) (round 41 packs/4).
func TestRecordedDigestModuleAdvice(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "acme")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "preset.yaml"), []byte("name: acme\nextends: minimal\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := preset.Resolver{Dir: filepath.Dir(dir)}.Resolve(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, source string
		req          Request // its Record is set by the test
		want, not    []string
	}{
		{"a module pack", "example.com/presets@v1.0.0/acme", Request{},
			[]string{"or the module cache here was edited", "go clean -modcache", "gonew-prod update --preset example.com/presets@NEWVERSION/acme", "or take the pack as it is fetched now: gonew-prod update --preset example.com/presets@v1.0.0/acme"},
			[]string{"NEWDIR", "back there"}},
		{"a module pack, add in another directory", "example.com/presets@v1.0.0/acme", Request{Dir: filepath.Join(filepath.Dir(dir), "svc"), Command: []string{"add", "k8s"}},
			[]string{"(gonew-prod update --dir svc --preset example.com/presets@NEWVERSION/acme, then run add again)", "fetched now: gonew-prod update --dir svc --preset example.com/presets@v1.0.0/acme, then run add again"},
			[]string{"(gonew-prod update --preset"}},
		{"a module pack at its root", "example.com/acme@v1.0.0", Request{},
			[]string{"gonew-prod update --preset example.com/acme@NEWVERSION)"}, []string{"NEWDIR"}},
		{"a directory pack", "./acme", Request{},
			[]string{"put the pack the project was made from back there", "--preset NEWDIR"}, []string{"go clean -modcache"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := recordOf(t, "minimal")
			rec.Preset = generator.RecordPreset{Name: "acme", Source: tt.source, Digest: "sha256:" + strings.Repeat("0", 64)}
			g := Generated{Dir: filepath.Dir(dir), Env: os.Environ(), Version: "(devel)"}
			req := tt.req
			req.Record = rec
			err := g.recordedDigest(context.Background(), req, p)
			if err == nil {
				t.Fatal("a pack of another digest taken")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v, want it to hold %q", err, w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(err.Error(), w) {
					t.Errorf("err = %v, want it without %q", err, w)
				}
			}
		})
	}
}

// TestGeneratedRecordEditedAgainstLock: the record's own pack, of the digest the record
// holds, locks a value the record holds otherwise: the pack did not change, the record was
// edited, and the refusal says so and to restore the record's line, not that the pack
// changed (round 41 packs/1); with another digest (a base that takes the pack as found),
// the pack changed. (add renders the project as recorded first, as update does.)
func TestGeneratedRecordEditedAgainstLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pack")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "preset.yaml"), []byte("name: acme\ndescription: pack\nextends: minimal\nanswers:\n  http_port: 9000\nlocked: [http_port]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := preset.Resolver{Dir: filepath.Dir(dir)}.Resolve(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name           string
		digest         string
		take           bool
		adding         []string
		made, running  string // the record's version and the running one; (devel) if ""
		want, dontWant string
		follow         bool // the refusal's way on is taken: the pack moved to with --preset
	}{
		{name: "update, the recorded digest", digest: p.Digest(), want: "the record was edited since; restore the record's line to http_port: 9000", dontWant: "the pack changed"},
		{name: "add's render with the feature, the recorded digest", digest: p.Digest(), adding: []string{"otel"}, want: "so add cannot add otel", dontWant: "the record was edited"},
		{name: "another digest, taken as found", digest: "sha256:" + strings.Repeat("0", 64), take: true, want: "the pack changed since", dontWant: "the record was edited"},
		// No digest recorded (a record written before digests were): whether the pack
		// changed cannot be told. Made by this gonew-prod, which refuses a value against
		// a lock, the record was edited or the pack changed.
		{name: "update, no digest recorded", want: "(9001), and .gonew-prod.yaml holds no digest of the pack to tell whether the pack changed since: if you edited .gonew-prod.yaml, restore it from git; else the pack changed since", dontWant: "now locks"},
		// Made by another version, which may have taken the value under the lock: the
		// pack is not said to have changed, and the way on of that case comes first.
		{name: "update, no digest recorded, made by an older release", made: "v0.5.0", running: "v0.6.0",
			want:     "holds no digest of the pack to tell whether the pack changed since: gonew-prod v0.5.0 made the project, and may have taken that value under the lock, which this gonew-prod holds: to take the locked value, move the project to the pack as it is, gonew-prod update --preset " + dir + " (the plan shows the change, and the new record holds http_port: 9000); if the pack changed since, put the pack the project was made from back at " + dir + ", and pass the new one with --preset NEWPATH",
			dontWant: "the pack changed since, and", follow: true},
		// Another version made the project (its base rendered the recorded value): the
		// value may be one it took, and the way on takes the locked value with --preset.
		{name: "update, the recorded digest, made by an older release", digest: p.Digest(), made: "v0.5.0", running: "v0.6.0",
			want: "gonew-prod v0.5.0 made the project, and may have taken that value under the lock, which this gonew-prod holds: to take the locked value, move the project to the pack as it is, gonew-prod update --preset " + dir + " (", dontWant: "the record was edited since;", follow: true},
		{name: "update by a development build, the recorded digest, made by a release", digest: p.Digest(), made: "v0.5.0",
			want: "gonew-prod update --to devel --preset " + dir + " (the plan shows the change, and the new record holds http_port: 9000); if you edited the record, restore the line", dontWant: "the record was edited since;", follow: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := recordOf(t, "minimal")
			rec.Answers.HTTPPort = 9001
			rec.Preset = generator.RecordPreset{Name: "acme", Source: dir, Digest: tt.digest}
			rec.Generator.Version = cmp.Or(tt.made, rec.Generator.Version)
			g := Generated{Dir: filepath.Dir(dir), Env: os.Environ(), Version: cmp.Or(tt.running, "(devel)")}
			_, err := g.Render(context.Background(), Request{Record: rec, TakePack: tt.take, Adding: tt.adding})
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), tt.dontWant) {
				t.Errorf("err = %v, want it to hold %q and not %q", err, tt.want, tt.dontWant)
			}
			if !tt.follow {
				return
			}
			r, err := g.Render(context.Background(), Request{Record: rec, Preset: dir})
			if err != nil || r.Record.Answers.HTTPPort != 9000 {
				t.Errorf("the way on, the pack moved to: http_port %d, %v; want 9000", r.Record.Answers.HTTPPort, err)
			}
		})
	}
}

// TestGeneratedRecordEditedAgainstLockedList: the refusal of a record edited against its
// pack's lock of a list (features) gives the line to restore as the record writes it, in
// YAML's flow style, which reads back as the locked list (not fmt's [docker otel], the one
// item "docker otel"), and the record's own value alike.
func TestGeneratedRecordEditedAgainstLockedList(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pack")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "preset.yaml"), []byte("name: acme\ndescription: pack\nextends: minimal\nanswers:\n  features: [docker, otel]\nlocked: [features]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := preset.Resolver{Dir: filepath.Dir(dir)}.Resolve(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	rec := recordOf(t, "minimal")
	rec.Answers.Features = []string{"otel"}
	rec.Preset = generator.RecordPreset{Name: "acme", Source: dir, Digest: p.Digest()}
	g := Generated{Dir: filepath.Dir(dir), Env: os.Environ(), Version: "(devel)"}
	_, err = g.Render(context.Background(), Request{Record: rec})
	if err == nil {
		t.Fatal("the edited record was taken")
	}
	if !strings.Contains(err.Error(), "features is [otel] in") {
		t.Errorf("err = %v, want the record's value as [otel]", err)
	}
	_, line, ok := strings.Cut(err.Error(), "restore the record's line to ")
	line, _, _ = strings.Cut(line, " (or ")
	var restored map[string][]string
	if err := yaml.Unmarshal([]byte(line), &restored); !ok || err != nil || !slices.Equal(restored["features"], []string{"docker", "otel"}) {
		t.Errorf("the line to restore %q reads in YAML as features %q (%v), want %q", line, restored["features"], err, []string{"docker", "otel"})
	}
}

// TestGeneratedRecordedPackLocksAGoTooNew: the project's own pack locks the go the project
// was made with, newer than the running toolchain (made by a gonew-prod built with a newer
// Go): the refusal is the toolchain's, not "the pack changed since" (it did not, and no
// pack locking that go would do) nor "add cannot add" (round 36 review-addupdate/1).
func TestGeneratedRecordedPackLocksAGoTooNew(t *testing.T) {
	minor, err := strconv.Atoi(strings.Split(strings.TrimPrefix(runtime.Version(), "go1."), ".")[0])
	if err != nil {
		t.Skipf("a development toolchain (%s) has no minor version to pass", runtime.Version())
	}
	next := fmt.Sprintf("1.%d", minor+1)
	dir := filepath.Join(t.TempDir(), "pack")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "preset.yaml"), []byte("name: acme\ndescription: pack\nextends: minimal\nanswers:\n  go: \""+next+"\"\nlocked: [go]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, adding := range [][]string{nil, {"otel"}} {
		rec := recordOf(t, "minimal")
		rec.Answers.Go = next
		rec.Preset = generator.RecordPreset{Name: "acme", Source: dir}
		g := Generated{Dir: filepath.Dir(dir), Env: os.Environ(), Version: "(devel)"}
		_, err := g.Render(context.Background(), Request{Record: rec, Adding: adding})
		if err == nil || !strings.Contains(err.Error(), "newer than the running toolchain") || strings.Contains(err.Error(), "now locks") || strings.Contains(err.Error(), "cannot add") {
			t.Errorf("adding %v: err = %v, want the toolchain's refusal", adding, err)
		}
		// update's way on, not new's: the record holds the go, and the base renders it
		// under the pack whatever --preset names.
		if want := "use a gonew-prod built with Go " + next + " or newer"; err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "another preset") {
			t.Errorf("adding %v: err = %v, want update's way on (%q) and no other preset", adding, err, want)
		}
	}
}

// TestGeneratedRecordedPackLocksARefusedList: the project's own pack locks the features the
// project was made with, a set that its own ci lock refuses (a provider needs the ci feature):
// the project holds the locked list, so the refusal is the lock's own reason, not "the record
// was edited since" (it holds the very list to restore) nor "the pack changed since" (it
// did not). The list is compared as messages name it (docker,otel), not as fmt prints it.
// The way on is update's, not new's (keep the ci feature or use another preset): the record
// is not what to edit, and the update renders the project under the pack whatever --preset
// names, so the pack the project was made from goes back at its path and a version of it
// whose locks agree is passed with --preset.
func TestGeneratedRecordedPackLocksARefusedList(t *testing.T) {
	tests := []struct {
		name     string
		features []string // locked, and recorded; not in the manifest's order (otel, docker)
		digest   bool     // the record holds the pack's digest
	}{
		{"one feature, the recorded digest", []string{"docker"}, true},
		{"one feature, no digest recorded", []string{"docker"}, false},
		{"two features, the recorded digest", []string{"docker", "otel"}, true},
		{"two features, no digest recorded", []string{"docker", "otel"}, false},
		{"no feature, the recorded digest", []string{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "pack")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			pack := "name: acme\ndescription: pack\nextends: minimal\nanswers:\n  features: [" + strings.Join(tt.features, ", ") + "]\n  ci: github\nlocked: [features, ci]\n"
			if err := os.WriteFile(filepath.Join(dir, "preset.yaml"), []byte(pack), 0o644); err != nil {
				t.Fatal(err)
			}
			p, err := preset.Resolver{Dir: filepath.Dir(dir)}.Resolve(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			rec := recordOf(t, "minimal")
			rec.Answers.Features, rec.Answers.CI = tt.features, "github"
			rec.Preset = generator.RecordPreset{Name: "acme", Source: dir}
			if tt.digest {
				rec.Preset.Digest = p.Digest()
			}
			g := Generated{Dir: filepath.Dir(dir), Env: os.Environ(), Version: "(devel)"}
			_, err = g.Render(context.Background(), Request{Record: rec})
			if _, ok := errors.AsType[*InputError](err); !ok {
				t.Fatalf("err = %v, want an InputError", err)
			}
			for _, want := range []string{"leaves out the ci feature, and preset acme locks ci to github", "put the pack the project was made from back at " + dir, "a version of it whose locks of features and ci agree with --preset NEWPATH"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("err = %v\nwant %q", err, want)
				}
			}
			for _, bad := range []string{"the record was edited", "the pack changed", "now locks", "keep the ci feature", "remove this value", "another preset"} {
				if strings.Contains(err.Error(), bad) {
					t.Errorf("err = %v\nwant no %q", err, bad)
				}
			}
		})
	}
}

// TestGeneratedRecordedPackLocksAnotherKey: the record's own pack locks ci to a provider
// (or features holding ci), and the record holds features without ci (or ci none), a key
// the pack leaves open. The refusal gives update's way on, not new's (keep the ci feature,
// remove this value, or use another preset: the value is the record's): rendered by the
// record's version, which would have refused the project, the record was edited since
// (the pack has the recorded digest) or the pack changed since (put it back, pass the new
// one with --preset); rendered by a newer version than the record's, whose rule it is, add
// CI first with the gonew-prod that made the project.
func TestGeneratedRecordedPackLocksAnotherKey(t *testing.T) {
	const (
		ciLocked       = "answers:\n  ci: gitlab\nlocked: [ci]\n"
		featuresLocked = "answers:\n  features: [docker, ci]\nlocked: [features]\n"
	)
	tests := []struct {
		name, pack string
		features   []string // recorded
		ci         string   // recorded
		digest     string   // recorded: "pack" for the pack's, "" for none, else as given
		made       string   // the version the record names; the running one's if ""
		running    string   // the running version; (devel) if ""
		take       bool     // the pack as found (the base of a move, TakePack)
		plain      bool     // the running version asked for as none, as a bare update asks
		want       []string
	}{
		{name: "the recorded digest", pack: ciLocked, features: []string{"docker"}, ci: "gitlab", digest: "pack",
			want: []string{`invalid features "docker": leaves out the ci feature, and preset acme locks ci to gitlab`, "the very pack the project was made from", "the record was edited since; restore .gonew-prod.yaml from git"}},
		{name: "no digest recorded", pack: ciLocked, features: []string{"docker"}, ci: "gitlab",
			want: []string{"if you edited .gonew-prod.yaml, restore it from git; else the pack changed since", "and pass the new one with --preset NEWPATH"}},
		{name: "another digest recorded, the pack as found", pack: ciLocked, features: []string{"docker"}, ci: "gitlab", digest: "sha256:" + strings.Repeat("0", 64), take: true,
			want: []string{"; the pack changed since, and editing .gonew-prod.yaml does not help; put the pack the project was made from back at "}},
		{name: "made by an older version", pack: ciLocked, features: []string{"docker"}, ci: "gitlab", digest: "pack", made: "v0.0.1",
			want: []string{"add CI first with the gonew-prod that made the project (go install " + Module + "/cmd/gonew-prod@v0.0.1, then gonew-prod add --ci gitlab ci), commit, and run the update again"}},
		{name: "made by an older version, a bare update", pack: ciLocked, features: []string{"docker"}, ci: "gitlab", digest: "pack", made: "v0.0.1", running: "v0.0.2", plain: true,
			want: []string{"add CI first with the gonew-prod that made the project (go install " + Module + "/cmd/gonew-prod@v0.0.1, then gonew-prod add --ci gitlab ci), commit, and run the update again"}},
		{name: "made by a development build", pack: ciLocked, features: []string{"docker"}, ci: "gitlab", made: "(devel)", running: "v9.9.9",
			want: []string{"add CI first with the gonew-prod that made the project (gonew-prod (devel), as .gonew-prod.yaml records it, then gonew-prod add --ci gitlab ci)"}},
		{name: "ci none under locked features holding ci", pack: featuresLocked, features: []string{"docker", "ci"}, ci: "none",
			want: []string{`invalid ci "none": ci none would leave out the ci feature, and preset acme locks the features docker,ci`, "if you edited .gonew-prod.yaml, restore it from git"}},
		{name: "ci none under locked features holding ci, made by an older version", pack: featuresLocked, features: []string{"docker", "ci"}, ci: "none", made: "v0.0.1",
			want: []string{"then gonew-prod add --ci github ci)"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), fmt.Sprintf("p%d", i))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "preset.yaml"), []byte("name: acme\ndescription: pack\nextends: minimal\n"+tt.pack), 0o644); err != nil {
				t.Fatal(err)
			}
			p, err := preset.Resolver{Dir: filepath.Dir(dir)}.Resolve(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			rec := recordOf(t, "minimal")
			rec.Answers.Features, rec.Answers.CI = tt.features, tt.ci
			rec.Preset = generator.RecordPreset{Name: "acme", Source: dir, Digest: tt.digest}
			if tt.digest == "pack" {
				rec.Preset.Digest = p.Digest()
			}
			if tt.made != "" {
				rec.Generator.Version = tt.made
			}
			running := cmp.Or(tt.running, "(devel)")
			g := Generated{Dir: filepath.Dir(dir), Env: os.Environ(), Version: running}
			req := Request{Record: rec, Version: running, TakePack: tt.take}
			if tt.plain {
				req.Version = ""
			}
			_, err = g.Render(context.Background(), req)
			if _, ok := errors.AsType[*InputError](err); !ok {
				t.Fatalf("err = %v, want an InputError", err)
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("err = %v\nwant %q", err, want)
				}
			}
			for _, bad := range []string{"keep the ci feature", "remove this value", "another preset"} {
				if strings.Contains(err.Error(), bad) {
					t.Errorf("err = %v\nwant no %q", err, bad)
				}
			}
		})
	}
}

// TestGeneratedTargetCILocks: a pack moved to (--preset) whose lock on ci or on features
// needs the ci feature the project was made without is refused with the way on for update,
// add CI first, not with new's advice (keep the ci feature, remove this value, --without
// ci), which names flags update does not take and the record, whose edit it refuses; a
// locked ci none takes the ci feature out with the provider (round 35 packs/1).
func TestGeneratedTargetCILocks(t *testing.T) {
	root := t.TempDir()
	tests := []struct {
		name, pack   string
		features     []string // recorded
		ci           string   // recorded
		want         []string // in the refusal; nil when the move is taken
		wantFeatures string   // of the target, when taken
		made         string   // the version the record names; (devel), the running one's, if ""
		running      string   // the running version; (devel) if ""
		dir          string   // the project's directory below root, where the command runs; root if ""
	}{
		{name: "ci locked over a project without the ci feature", pack: "answers:\n  ci: gitlab\nlocked: [ci]\n", features: []string{"docker"}, ci: "github",
			want: []string{"the project was made without the ci feature (features docker), as .gonew-prod.yaml records, and preset lc locks ci to gitlab (", "add CI first (gonew-prod add --ci gitlab ci), commit, and run the update again"}},
		{name: "ci locked over a project made with ci none", pack: "answers:\n  ci: gitlab\nlocked: [ci]\n", features: []string{"docker"}, ci: "none",
			want: []string{"preset lc locks ci to gitlab (", "gonew-prod add --ci gitlab ci"}},
		{name: "features holding ci locked over ci none", pack: "answers:\n  features: [docker, ci]\nlocked: [features]\n", features: []string{"docker"}, ci: "none",
			want: []string{"the project was made without CI (ci none), as .gonew-prod.yaml records, and preset lc locks the features docker,ci (", "add CI first (gonew-prod add --ci github ci, or --ci gitlab)"}},
		{name: "features holding ci locked over ci none, the pack giving a provider", pack: "answers:\n  features: [docker, ci]\n  ci: gitlab\nlocked: [features]\n", features: []string{"docker"}, ci: "none",
			want: []string{"add CI first (gonew-prod add --ci gitlab ci)"}},
		{name: "features holding ci locked over ci none, a parent giving a provider", pack: "extends: minimal\nanswers:\n  features: [docker, ci]\nlocked: [features]\n", features: []string{"docker"}, ci: "none",
			want: []string{"add CI first (gonew-prod add --ci github ci)"}},
		// Another gonew-prod made the project: this one's add refuses it, so the way on
		// updates it to this version first (run and checked in the cli's
		// TestUpdateTargetCILockOverAnotherVersion).
		{name: "ci locked over a project an older release made", pack: "answers:\n  ci: gitlab\nlocked: [ci]\n", features: []string{"docker"}, ci: "none", made: "v0.5.0", running: "v0.6.0",
			want: []string{"add CI first: this gonew-prod adds only to a project of its own version, and gonew-prod v0.5.0 made this one, so bring it to this version first, keeping its pack (gonew-prod update), commit, then add CI (gonew-prod add --ci gitlab ci), commit, and run the update again"}},
		{name: "ci locked over a project a release made, a development build running", pack: "answers:\n  ci: gitlab\nlocked: [ci]\n", features: []string{"docker"}, ci: "none", made: "v0.5.0",
			want: []string{"keeping its pack (gonew-prod update --to devel), commit, then add CI (gonew-prod add --ci gitlab ci)"}},
		{name: "ci locked over a project an older release made, in another directory", pack: "answers:\n  ci: gitlab\nlocked: [ci]\n", features: []string{"docker"}, ci: "none", made: "v0.5.0", running: "v0.6.0", dir: "svc",
			want: []string{"keeping its pack (gonew-prod update --dir svc), commit, then add CI (gonew-prod add --dir svc --ci gitlab ci)"}},
		{name: "ci none locked over a project with the ci feature", pack: "answers:\n  ci: none\nlocked: [ci]\n", features: []string{"docker", "ci"}, ci: "github",
			wantFeatures: "docker"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(root, fmt.Sprintf("p%d", i))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "preset.yaml"), []byte("name: lc\n"+tt.pack), 0o644); err != nil {
				t.Fatal(err)
			}
			rec := recordOf(t, "minimal")
			rec.Answers.Features, rec.Answers.CI = tt.features, tt.ci
			rec.Generator.Version = cmp.Or(tt.made, rec.Generator.Version)
			g := Generated{Dir: root, Env: os.Environ(), Version: cmp.Or(tt.running, "(devel)")}
			req := Request{Record: rec, Preset: dir}
			if tt.dir != "" {
				req.Dir = filepath.Join(root, tt.dir)
			}
			r, err := g.Render(context.Background(), req)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("the target render: %v", err)
				}
				if got := strings.Join(r.Record.Answers.Features, ","); got != tt.wantFeatures || r.Record.Answers.CI != "none" {
					t.Errorf("the target's features %s, ci %s; want %s, none", got, r.Record.Answers.CI, tt.wantFeatures)
				}
				return
			}
			if _, ok := errors.AsType[*InputError](err); !ok {
				t.Fatalf("err = %v, want an InputError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v\nwant it to hold %q", err, w)
				}
			}
			for _, bad := range []string{generator.RecordFile + ":", "keep the ci feature", "remove this value", "--without"} {
				if strings.Contains(err.Error(), bad) {
					t.Errorf("err = %v\nwant no %q", err, bad)
				}
			}
		})
	}
}

// TestGeneratedTargetModule: a pack moved to (--preset) that locks a module prefix the
// project's module is not under (round 28 update/3), or locks module to another path
// than the project's (round 36 packs/3), is refused up front with the way on, renaming
// the module in go.mod and its imports, which update reads, not with a pointer into the
// record, whose edit update refuses, nor rendered with go.mod's module line renamed
// alone, which leaves the imports of the user's files behind; a module the lock allows
// is taken.
func TestGeneratedTargetModule(t *testing.T) {
	root := t.TempDir()
	packs := map[string]string{
		"prefix": "name: org\nextends: minimal\nmodule_prefix: gitlab.acme.example\nlocked: [module_prefix]\n",
		"module": "name: pmod\nextends: minimal\nanswers:\n  module: example.com/acme/fixed\nlocked: [module]\n",
	}
	for name, body := range packs {
		if err := os.MkdirAll(filepath.Join(root, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name, "preset.yaml"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		pack, module string
		want         []string // in the refusal; nil when the move is taken
	}{
		{"prefix", "example.com/acme/orders", []string{
			`the project's module example.com/acme/orders is not under gitlab.acme.example/, which preset org requires (module_prefix is locked, ` + filepath.Join(root, "prefix", "preset.yaml") + ":3:16)",
			"rename the module in go.mod (go mod edit -module gitlab.acme.example/orders) and the imports of its packages with it",
			"run the update again: it reads the module from go.mod",
			"not from .gonew-prod.yaml, whose edit it refuses",
		}},
		{"prefix", "gitlab.acme.example/orders", nil},
		{"module", "example.com/acme/orders", []string{
			"the project's module is example.com/acme/orders, and preset pmod locks module to example.com/acme/fixed (" + filepath.Join(root, "module", "preset.yaml") + ":4:11)",
			"rename the module in go.mod (go mod edit -module example.com/acme/fixed) and the imports of its packages with it",
			"not from .gonew-prod.yaml, whose edit it refuses",
		}},
		{"module", "example.com/acme/fixed", nil},
	}
	for _, tt := range tests {
		t.Run(tt.pack+" "+tt.module, func(t *testing.T) {
			rec := recordOf(t, "minimal")
			rec.Answers.Module = tt.module
			g := Generated{Dir: root, Env: os.Environ(), Version: "(devel)"}
			r, err := g.Render(context.Background(), Request{Record: rec, Preset: filepath.Join(root, tt.pack)})
			if tt.want == nil {
				if err != nil || r.Record.Answers.Module != tt.module {
					t.Fatalf("the target render: %v, module %q", err, r.Record.Answers.Module)
				}
				return
			}
			if _, ok := errors.AsType[*InputError](err); !ok {
				t.Fatalf("err = %v, want an InputError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v\nwant it to hold %q", err, w)
				}
			}
			if strings.Contains(err.Error(), generator.RecordFile+":") {
				t.Errorf("err = %v, want no line of the record named", err)
			}
		})
	}
}
