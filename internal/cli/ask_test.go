package cli

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/prompt"
)

// Question keys: the start of each question ask puts.
const (
	qModule    = "Module path"
	qName      = "Service name"
	qFramework = "HTTP framework"
	qGo        = "Go version"
	qFeatures  = "Features"
	qCI        = "CI provider"
	qConfirm   = "Create the service?"
	qPlan      = "Show the plan"
	qWrite     = "Write "
)

var questionKeys = []string{qModule, qName, qFramework, qGo, qFeatures, qCI, qConfirm, qPlan, qWrite}

// fakePrompter answers questions from a script, and records what was asked and offered.
// A question without a scripted reply takes the offered default, as Enter does.
type fakePrompter struct {
	t *testing.T
	// replies holds, per question key, the replies in order: strings for Input and
	// Select, []string for MultiSelect, bool for Confirm. An Input reply that its
	// validator rejects is recorded in rejected and the next reply is given.
	replies map[string][]any
	// abortAt is the question key at which the user presses Ctrl-C.
	abortAt string

	asked    []string       // question keys in the order asked
	offered  map[string]any // question key -> the default offered
	options  map[string][]string
	rejected map[string][]string // question key -> the reasons shown
}

func newFake(t *testing.T, replies map[string][]any) *fakePrompter {
	return &fakePrompter{t: t, replies: replies, offered: map[string]any{}, options: map[string][]string{}, rejected: map[string][]string{}}
}

func (f *fakePrompter) begin(question string, def any) (string, error) {
	f.t.Helper()
	for _, k := range questionKeys {
		if strings.HasPrefix(question, k) {
			if slices.Contains(f.asked, k) {
				f.t.Errorf("%q asked twice", k)
			}
			f.asked = append(f.asked, k)
			f.offered[k] = def
			if k == f.abortAt {
				return k, prompt.ErrAborted
			}
			return k, nil
		}
	}
	f.t.Fatalf("unexpected question %q", question)
	return "", nil
}

func (f *fakePrompter) next(key string) (any, bool) {
	r := f.replies[key]
	if len(r) == 0 {
		return nil, false
	}
	f.replies[key] = r[1:]
	return r[0], true
}

func (f *fakePrompter) Input(question, def string, validate func(string) error) (string, error) {
	f.t.Helper()
	key, err := f.begin(question, def)
	if err != nil {
		return "", err
	}
	for {
		v := def
		if r, ok := f.next(key); ok {
			if v = r.(string); v == "" {
				v = def
			}
		}
		err := validate(v)
		if err == nil {
			return v, nil
		}
		f.rejected[key] = append(f.rejected[key], err.Error())
		if len(f.replies[key]) == 0 {
			f.t.Fatalf("%s: no valid reply; last (%q) rejected: %v", key, v, err)
		}
	}
}

func (f *fakePrompter) Select(question string, options []prompt.Option, def string) (string, error) {
	f.t.Helper()
	key, err := f.begin(question, def)
	if err != nil {
		return "", err
	}
	f.options[key] = optionValues(options)
	if !slices.Contains(f.options[key], def) {
		f.t.Errorf("%s: default %q is not among the options %v", key, def, f.options[key])
	}
	v := def
	if r, ok := f.next(key); ok {
		v = r.(string)
	}
	if !slices.Contains(f.options[key], v) {
		f.t.Fatalf("%s: reply %q is not among the options %v", key, v, f.options[key])
	}
	return v, nil
}

func (f *fakePrompter) MultiSelect(question string, options []prompt.Option, defs []string) ([]string, error) {
	f.t.Helper()
	key, err := f.begin(question, slices.Clone(defs))
	if err != nil {
		return nil, err
	}
	f.options[key] = optionValues(options)
	for _, o := range options {
		if o.Help == "" || o.Detail == "" {
			f.t.Errorf("%s: option %s has no help or no detail", key, o.Value)
		}
	}
	v := defs
	if r, ok := f.next(key); ok {
		v = r.([]string)
	}
	return v, nil
}

func (f *fakePrompter) Confirm(question string, def bool) (bool, error) {
	f.t.Helper()
	key, err := f.begin(question, def)
	if err != nil {
		return false, err
	}
	if r, ok := f.next(key); ok {
		return r.(bool), nil
	}
	return def, nil
}

func optionValues(options []prompt.Option) []string {
	var out []string
	for _, o := range options {
		out = append(out, o.Value)
	}
	return out
}

// runAsk runs the command line in process in dir with p as the terminal.
func runAsk(t *testing.T, ctx context.Context, dir string, p prompt.Prompter, args ...string) result {
	t.Helper()
	return runWith(t, ctx, dir, p, args...)
}

// summary parses the summary ask prints: key -> "value (source)".
func summary(t *testing.T, stderr string) map[string]string {
	t.Helper()
	_, after, ok := strings.Cut(stderr, "Summary (preset ")
	if !ok {
		t.Fatalf("no summary in stderr:\n%s", stderr)
	}
	out := map[string]string{}
	for _, line := range strings.Split(after, "\n")[1:] {
		if !strings.HasPrefix(line, "  ") {
			break
		}
		key, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
		out[key] = strings.Join(strings.Fields(rest), " ")
	}
	return out
}

const (
	acmePack = `name: acme
extends: default
module_prefix: gitlab.acme.example
answers:
  ci: gitlab
  framework: echo
locked: [ci, module_prefix]
`
	lockedFeaturesPack = `name: lean
extends: default
answers:
  features: [docker, ci]
  go: "1.26"
locked: [features]
`
)

// TestAskPrecedence pins SPEC section 2: built-in defaults < preset answers < answers
// file < flags < interactive answers; locked preset values win and are not asked, and
// values from the file or flags are not asked again.
func TestAskPrecedence(t *testing.T) {
	goDef := answers.DefaultGo()
	all := "otel, mtls, pprof, docker, ci, k8s"
	tests := []struct {
		name    string
		pack    string // preset.yaml of the pack in ./pack, "" for the built-in default
		file    string // answers.yaml, "" for none
		flags   []string
		replies map[string][]any
		asked   []string          // question keys, in order
		offered map[string]any    // question key -> default offered
		want    map[string]string // summary key -> "value (source)"
	}{
		{
			name:    "nothing given: everything asked, offered defaults keep their source",
			replies: map[string][]any{qModule: {"example.com/acme/orders"}},
			asked:   []string{qModule, qName, qFramework, qGo, qFeatures, qCI, qConfirm},
			offered: map[string]any{qModule: "", qName: "orders", qFramework: "gin", qGo: goDef, qFeatures: answers.Features(), qCI: "github", qConfirm: true},
			want: map[string]string{
				"module": "example.com/acme/orders (answer)", "name": "orders (default)",
				"framework": "gin (preset)", "go": goDef + " (default)", "features": all + " (preset)",
				"ci": "github (preset)", "http_port": "8080 (default)", "admin_port": "6060 (default)",
				"directory": "orders",
			},
		},
		{
			name: "answers beat preset and defaults",
			replies: map[string][]any{
				qModule: {"example.com/acme/billing"}, qName: {"bill"}, qFramework: {"echo"},
				qFeatures: {[]string{"otel", "ci"}}, qCI: {"gitlab"},
			},
			asked: []string{qModule, qName, qFramework, qGo, qFeatures, qCI, qConfirm},
			want: map[string]string{
				"module": "example.com/acme/billing (answer)", "name": "bill (answer)",
				"framework": "echo (answer)", "features": "otel, ci (answer)", "ci": "gitlab (answer)",
				"directory": "bill",
			},
		},
		{
			name:    "file values are not asked again",
			file:    "module: example.com/acme/orders\nframework: echo\nfeatures: [otel, docker, ci]\nhttp_port: 9000\n",
			asked:   []string{qName, qGo, qCI, qConfirm},
			offered: map[string]any{qName: "orders", qCI: "github"},
			want: map[string]string{
				"module": "example.com/acme/orders (file)", "name": "orders (default)",
				"framework": "echo (file)", "features": "otel, docker, ci (file)",
				"ci": "github (preset)", "http_port": "9000 (file)",
			},
		},
		{
			name:  "flags beat the file and are not asked",
			file:  "module: example.com/acme/orders\nframework: echo\nhttp_port: 9000\n",
			flags: []string{"--framework", "gin", "--go", goDef, "--name", "ord", "--without", "k8s", "--http-port", "9001"},
			asked: []string{qCI, qConfirm},
			replies: map[string][]any{
				qCI: {"gitlab"},
			},
			offered: map[string]any{qCI: "github"},
			want: map[string]string{
				"module": "example.com/acme/orders (file)", "name": "ord (flag)",
				"framework": "gin (flag)", "go": goDef + " (flag)",
				"features": "otel, mtls, pprof, docker, ci (flag)", "ci": "gitlab (answer)",
				"http_port": "9001 (flag)", "directory": "ord",
			},
		},
		{
			name:    "flag module: the name is offered from it",
			flags:   []string{"--module", "example.com/acme/Payments_API/v2"},
			asked:   []string{qName, qFramework, qGo, qFeatures, qCI, qConfirm},
			offered: map[string]any{qName: "payments-api"},
			want:    map[string]string{"module": "example.com/acme/Payments_API/v2 (flag)", "name": "payments-api (default)"},
		},
		{
			name:    "an invalid derived name is asked again with the reason",
			flags:   []string{"--module", "example.com/acme/9lives"},
			replies: map[string][]any{qName: {"", "nine-lives"}},
			asked:   []string{qName, qFramework, qGo, qFeatures, qCI, qConfirm},
			offered: map[string]any{qName: "9lives"},
			want:    map[string]string{"name": "nine-lives (answer)"},
		},
		{
			name: "locked preset values win and are not asked; the prefix completes the module",
			pack: acmePack,
			replies: map[string][]any{
				qModule: {"example.com/acme/orders", "orders"},
			},
			asked:   []string{qModule, qName, qFramework, qGo, qFeatures, qConfirm},
			offered: map[string]any{qModule: "gitlab.acme.example/", qFramework: "echo"},
			want: map[string]string{
				"module": "gitlab.acme.example/orders (answer)", "framework": "echo (preset)",
				"ci": "gitlab (locked)", "features": all + " (preset)",
			},
		},
		{
			name:  "a file value equal to a locked one is accepted",
			pack:  acmePack,
			file:  "ci: gitlab\nmodule: gitlab.acme.example/orders\n",
			asked: []string{qName, qFramework, qGo, qFeatures, qConfirm},
			want:  map[string]string{"ci": "gitlab (locked)", "module": "gitlab.acme.example/orders (file)"},
		},
		{
			name:    "locked features: neither features nor --with asked",
			pack:    lockedFeaturesPack,
			replies: map[string][]any{qModule: {"example.com/acme/lean"}},
			asked:   []string{qModule, qName, qFramework, qGo, qCI, qConfirm},
			offered: map[string]any{qGo: "1.26"},
			want:    map[string]string{"features": "docker, ci (locked)", "go": "1.26 (preset)"},
		},
		{
			name:    "no ci feature: no CI provider question",
			flags:   []string{"--module", "example.com/acme/orders"},
			replies: map[string][]any{qFeatures: {[]string{"docker"}}},
			asked:   []string{qName, qFramework, qGo, qFeatures, qConfirm},
			want:    map[string]string{"features": "docker (answer)", "ci": "github (preset, not used without ci)"},
		},
		{
			name:    "no features at all",
			flags:   []string{"--module", "example.com/acme/orders"},
			replies: map[string][]any{qFeatures: {[]string(nil)}},
			asked:   []string{qName, qFramework, qGo, qFeatures, qConfirm},
			want:    map[string]string{"features": "(none) (answer)"},
		},
		{
			name:    "features picked in another order equal the offered set",
			flags:   []string{"--module", "example.com/acme/orders", "--preset", "minimal"},
			replies: map[string][]any{qFeatures: {[]string{"ci", "docker"}}},
			asked:   []string{qName, qFramework, qGo, qFeatures, qCI, qConfirm},
			offered: map[string]any{qFeatures: []string{"docker", "ci"}},
			want:    map[string]string{"features": "docker, ci (preset)"},
		},
		{
			name: "everything given: only the confirmation",
			flags: []string{"--module", "example.com/acme/orders", "--name", "orders", "--framework", "echo",
				"--go", goDef, "--with", "otel", "--ci", "none"},
			asked: []string{qConfirm},
			want:  map[string]string{"ci": "none (flag, not used without ci)", "framework": "echo (flag)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			args := []string{"new", "--dry-run", "--no-tidy", "--no-git"}
			if tt.pack != "" {
				mustWrite(t, dir, "pack/preset.yaml", tt.pack)
				args = append(args, "--preset", "./pack")
			}
			if tt.file != "" {
				mustWrite(t, dir, "answers.yaml", tt.file)
				args = append(args, "--answers", "answers.yaml")
			}
			args = append(args, tt.flags...)
			fake := newFake(t, maps.Clone(tt.replies))
			if fake.replies == nil {
				fake.replies = map[string][]any{}
			}
			// A dry run confirms with another question.
			for i, k := range tt.asked {
				if k == qConfirm {
					tt.asked[i] = qPlan
				}
			}
			if v, ok := tt.offered[qConfirm]; ok {
				tt.offered[qPlan] = v
				delete(tt.offered, qConfirm)
			}
			r := runAsk(t, context.Background(), dir, fake, args...)
			if r.code != ExitOK {
				t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
			}
			if !slices.Equal(fake.asked, tt.asked) {
				t.Errorf("asked %v, want %v", fake.asked, tt.asked)
			}
			for k, want := range tt.offered {
				if got := fake.offered[k]; !equalAny(got, want) {
					t.Errorf("%s: offered %#v, want %#v", k, got, want)
				}
			}
			got := summary(t, r.stderr)
			for k, want := range tt.want {
				if got[k] != want {
					t.Errorf("summary %s = %q, want %q\n%s", k, got[k], want, r.stderr)
				}
			}
			if len(got) != len(answers.Keys())+1 {
				t.Errorf("summary has %d lines, want every key and the directory:\n%s", len(got), r.stderr)
			}
			if r.stdout == "" {
				t.Errorf("the dry run printed no plan")
			}
		})
	}
}

func equalAny(x, y any) bool {
	if xs, ok := x.([]string); ok {
		ys, ok := y.([]string)
		return ok && slices.Equal(xs, ys)
	}
	return x == y
}

func TestAskModuleReasons(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, "pack/preset.yaml", acmePack)
	fake := newFake(t, map[string][]any{
		qModule: {"", "bad path", "example.com/acme/orders", "gitlab.acme.example/orders"},
	})
	r := runAsk(t, context.Background(), dir, fake, "new", "--dry-run", "--preset", "./pack")
	if r.code != ExitOK {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	reasons := fake.rejected[qModule]
	if len(reasons) != 3 {
		t.Fatalf("rejected %d replies, want 3: %q", len(reasons), reasons)
	}
	for i, want := range []string{"malformed module path", "\"gitlab.acme.example/bad path\": invalid char ' '", "requires modules under gitlab.acme.example/"} {
		if !strings.Contains(reasons[i], want) {
			t.Errorf("reason %d = %q, want it to contain %q", i, reasons[i], want)
		}
	}
}

func TestAskLockedConflict(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, "pack/preset.yaml", acmePack)
	for _, args := range [][]string{
		{"--ci", "github"},
		{"--module", "example.com/acme/orders"},
	} {
		fake := newFake(t, nil)
		r := runAsk(t, context.Background(), dir, fake, append([]string{"new", "--no-tidy", "--no-git", "--preset", "./pack"}, args...)...)
		if r.code != ExitUsage {
			t.Errorf("%v: exit code %d, want %d; stderr:\n%s", args, r.code, ExitUsage, r.stderr)
		}
		if !strings.Contains(r.stderr, "acme") {
			t.Errorf("%v: the error does not name the preset: %s", args, r.stderr)
		}
		if len(fake.asked) != 0 {
			t.Errorf("%v: asked %v before reporting the conflict", args, fake.asked)
		}
	}
}

func TestAskAborted(t *testing.T) {
	tests := []struct {
		name    string
		abortAt string
		replies map[string][]any
	}{
		{name: "Ctrl-C at the module", abortAt: qModule},
		{name: "Ctrl-C at the features", abortAt: qFeatures},
		{name: "Ctrl-C at the confirmation", abortAt: qConfirm},
		{name: "no at the confirmation", replies: map[string][]any{qConfirm: {false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			replies := map[string][]any{qModule: {"example.com/acme/orders"}}
			maps.Copy(replies, tt.replies)
			fake := newFake(t, replies)
			fake.abortAt = tt.abortAt
			r := runAsk(t, context.Background(), dir, fake, "new", "--no-tidy", "--no-git")
			if r.code != ExitFailure {
				t.Errorf("exit code %d, want %d", r.code, ExitFailure)
			}
			if !strings.Contains(r.stderr, "aborted, nothing written") {
				t.Errorf("stderr = %q", r.stderr)
			}
			if got := listTree(t, dir); len(got) != 0 {
				t.Errorf("an aborted run left %v", got)
			}
		})
	}
}

// cancelling prompts the first question, then cancels ctx, like SIGINT between two
// questions.
type cancelling struct {
	*fakePrompter
	cancel context.CancelFunc
}

func (c cancelling) Input(q, def string, validate func(string) error) (string, error) {
	defer c.cancel()
	return c.fakePrompter.Input(q, def, validate)
}

func TestAskInterruptedBetweenQuestions(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fake := cancelling{newFake(t, map[string][]any{qModule: {"example.com/acme/orders"}}), cancel}
	r := runAsk(t, ctx, dir, fake, "new", "--no-tidy", "--no-git")
	if r.code != ExitFailure || !strings.Contains(r.stderr, "aborted, nothing written") {
		t.Errorf("exit code %d, stderr %q", r.code, r.stderr)
	}
	if !slices.Equal(fake.asked, []string{qModule}) {
		t.Errorf("asked %v after the interrupt", fake.asked)
	}
}

func TestAskYesAsksNothing(t *testing.T) {
	dir := t.TempDir()
	fake := newFake(t, nil)
	r := runAsk(t, context.Background(), dir, fake, newArgs("--module", "example.com/acme/orders")...)
	if r.code != ExitOK {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	if len(fake.asked) != 0 {
		t.Errorf("--yes asked %v", fake.asked)
	}
}

func TestAskPromptError(t *testing.T) {
	dir := t.TempDir()
	r := runAsk(t, context.Background(), dir, failing{}, "new", "--no-tidy", "--no-git")
	if r.code != ExitFailure || !strings.Contains(r.stderr, "terminal gone") {
		t.Errorf("exit code %d, stderr %q", r.code, r.stderr)
	}
	if got := listTree(t, dir); len(got) != 0 {
		t.Errorf("left %v", got)
	}
}

type failing struct{ prompt.Prompter }

func (failing) Input(string, string, func(string) error) (string, error) {
	return "", errors.New("terminal gone")
}

// TestAskSameTree checks that answering renders the tree the equivalent flags render.
func TestAskSameTree(t *testing.T) {
	dir := t.TempDir()
	fake := newFake(t, map[string][]any{
		qModule: {"example.com/acme/orders"}, qFramework: {"echo"},
		qFeatures: {[]string{"otel", "docker", "ci"}}, qCI: {"gitlab"},
	})
	r := runAsk(t, context.Background(), dir, fake, "new", "--no-tidy", "--no-git", "asked")
	if r.code != ExitOK {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	f := run(t, dir, newArgs("--module", "example.com/acme/orders", "--framework", "echo",
		"--without", "mtls,pprof,k8s", "--ci", "gitlab", "flags")...)
	if f.code != ExitOK {
		t.Fatalf("exit code %d; stderr:\n%s", f.code, f.stderr)
	}
	asked, flags := readTree(t, filepath.Join(dir, "asked")), readTree(t, filepath.Join(dir, "flags"))
	if !maps.Equal(asked, flags) {
		t.Errorf("trees differ:\nasked: %v\nflags: %v", slices.Sorted(maps.Keys(asked)), slices.Sorted(maps.Keys(flags)))
	}
}

func TestNonEmptyTargetRefusedBeforeAnyQuestion(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "svc"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "svc", "notes.txt"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := newFake(t, nil)
	r := runAsk(t, context.Background(), dir, p, "new", "--no-tidy", "--no-git", "svc")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "exists and is non-empty") {
		t.Fatalf("exit %d, stderr %q; want 2 and the non-empty target named", r.code, r.stderr)
	}
	if len(p.asked) != 0 {
		t.Errorf("asked %v before refusing the target", p.asked)
	}
}
