package answers_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/answers"
)

// FuzzParseFile feeds arbitrary answers files through ParseFile and Resolve. Neither may
// panic, every error must say which file it is about, and whatever Resolve accepts must
// pass every validation rule again and keep the file's values (the file is the top layer).
func FuzzParseFile(f *testing.F) {
	for _, seed := range []string{
		"",
		"# comment only\n",
		"module: example.com/acme/orders\n",
		"module: example.com/acme/orders\nname: orders\nframework: echo\ngo: \"1.27\"\nfeatures: [otel, docker]\nci: gitlab\nhttp_port: 8081\nadmin_port: 6061\n",
		"go: 1.30\nfeatures:\n  - k8s\n  - ci\n",
		"features: []\nhttp_port: 1\nadmin_port: 65535\n",
		"http_port: 6060\n",
		"http_port: 0\n",
		"http_port: \"8080\"\n",
		"http_port: 99999999999999999999\n",
		"module: [a]\n",
		"features: otel\n",
		"features: [otel, kafka]\n",
		"features: [otel, otel, 1]\n",
		"colour: red\n",
		"ci: github\nci: gitlab\n",
		"name: Orders\n",
		"framework: chi\n",
		"go: 1.20\n",
		"module: example.com/a\n---\nci: none\n",
		"---\n",
		"~\n",
		"- a\n- b\n",
		"module: a\n\tname: b\n",
		"{module: example.com/x, <<: {ci: none}}\n",
		"x: &a [1]\ny: *a\n",
		"? [a, b]\n: c\n",
		"generator: {name: gonew-prod}\npreset: {name: default}\nanswers:\n  module: example.com/acme/orders\n  go: \"1.26\"\nfiles:\n  - path: go.mod\n    sha256: 00\n",
		"answers: {module: example.com/a}\ngenerator: {}\n",
		"generator: {}\n",
		"generator: {}\nanswers: [1]\n",
		"generator: {}\nanswers: {}\nanswers: {}\n",
		"generator: {}\nanswers: {module: example.com/a}\nbogus: 1\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "answers.yaml"
		l, err := answers.ParseFile(file, data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), file) {
				t.Fatalf("ParseFile error %q does not start with the file name", err)
			}
			return
		}
		if l.Source != answers.FromFile {
			t.Fatalf("layer source %q", l.Source)
		}
		for key, v := range l.Values {
			if !slices.Contains(answers.Keys(), key) {
				t.Fatalf("ParseFile accepted unknown key %q", key)
			}
			if !strings.HasPrefix(v.Where, file+":") {
				t.Fatalf("value %s comes from %q, want a position in %s", key, v.Where, file)
			}
		}

		// Alone (the file must give the module), and over a preset that gives one.
		preset := answers.Layer{Source: answers.FromPreset, Name: "preset fuzz"}
		preset.Set(answers.KeyModule, "example.com/fuzz/svc", "preset fuzz")
		for _, layers := range [][]answers.Layer{{l}, {preset, l}} {
			a, origins, err := answers.Resolve(layers...)
			if err != nil {
				if err.Error() == "" {
					t.Fatalf("Resolve returned an empty error (%T)", err)
				}
				continue
			}
			checkAnswers(t, a)
			for _, key := range answers.Keys() {
				if _, ok := origins[key]; !ok {
					t.Errorf("no origin for %s", key)
				}
			}
			for key, v := range l.Values {
				if origins[key] != answers.FromFile {
					t.Errorf("origin of %s = %q, want %q", key, origins[key], answers.FromFile)
				}
				checkKept(t, a, key, v.Raw)
			}
		}
	})
}

// checkAnswers checks a resolved Answers against every rule of the model.
func checkAnswers(t *testing.T, a answers.Answers) {
	t.Helper()
	for _, k := range answers.Registry() {
		if err := k.Check(k.Get(a)); err != nil {
			t.Errorf("Resolve accepted %s that fails its check: %v (%+v)", k.Name, err, a)
		}
	}
	for _, feat := range a.Features {
		if err := answers.CheckFeature(feat); err != nil {
			t.Errorf("Resolve accepted feature %q: %v", feat, err)
		}
	}
	// Features are a set in canonical order: a subsequence of Features().
	rest := answers.Features()
	for _, feat := range a.Features {
		i := slices.Index(rest, feat)
		if i < 0 {
			t.Errorf("features %v are not a set in canonical order %v", a.Features, answers.Features())
			break
		}
		rest = rest[i+1:]
	}
	if a.HTTPPort == a.AdminPort {
		t.Errorf("Resolve accepted equal ports %d", a.HTTPPort)
	}
}

// checkKept checks that the top layer's value for key is the resolved one.
func checkKept(t *testing.T, a answers.Answers, key string, raw any) {
	t.Helper()
	var got any
	switch key {
	case answers.KeyModule:
		got = a.Module
	case answers.KeyName:
		got = a.Name
	case answers.KeyFramework:
		got = a.Framework
	case answers.KeyGo:
		got = a.Go
	case answers.KeyCI:
		got = a.CI
	case answers.KeyHTTPPort:
		got = a.HTTPPort
	case answers.KeyAdminPort:
		got = a.AdminPort
	case answers.KeyFeatures:
		want := slices.Clone(raw.([]string))
		slices.Sort(want)
		want = slices.Compact(want)
		have := slices.Sorted(slices.Values(a.Features))
		if !slices.Equal(have, want) {
			t.Errorf("features = %v, want the file's %v", a.Features, raw)
		}
		return
	default:
		t.Fatalf("unknown key %q", key)
	}
	if got != raw {
		t.Errorf("%s = %v, want the file's %v", key, got, raw)
	}
}
