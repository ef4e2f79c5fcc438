package answers

import (
	"errors"
	"go/version"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// flags returns a flag layer with the given key/value pairs (values: string, int or
// []string), each "given" by --KEY.
func flags(kv ...any) Layer {
	return layer(FromFlag, "flags", kv...)
}

func layer(src Source, name string, kv ...any) Layer {
	l := Layer{Source: src, Name: name}
	for i := 0; i+1 < len(kv); i += 2 {
		key := kv[i].(string)
		l.Set(key, kv[i+1], string(src)+":"+key)
	}
	return l
}

func TestChecks(t *testing.T) {
	type check struct {
		name string
		fn   func(string) error
	}
	var (
		mod       = check{"CheckModule", CheckModule}
		name      = check{"CheckName", CheckName}
		framework = check{"framework", func(v string) error { return mustLookup(KeyFramework).Check(v) }}
		ci        = check{"ci", func(v string) error { return mustLookup(KeyCI).Check(v) }}
		feature   = check{"CheckFeature", CheckFeature}
		goVer     = check{"checkGo", func(v string) error { return checkGo(v, runtime.Version()) }}
	)
	tests := []struct {
		check   check
		in      string
		wantErr string // "" means valid
	}{
		{mod, "example.com/acme/orders", ""},
		{mod, "github.com/acme/orders/v2", ""},
		{mod, "gopkg.in/yaml.v3", ""},
		{mod, "example.com/a-b_c.d~e", ""},
		{mod, "", "a module path is required"},
		{mod, "bad path", "not a valid Go module path"},
		{mod, "orders", "not a valid Go module path"}, // no dot in the first element
		{mod, "/example.com/orders", "not a valid Go module path"},
		{mod, "example.com/orders/", "not a valid Go module path"},
		{mod, "example.com//orders", "not a valid Go module path"},
		{mod, "example.com/../orders", "not a valid Go module path"},
		{mod, "Example.com/orders", "not a valid Go module path"},
		{mod, "example.com/orders/v1", "not a valid Go module path"},
		{mod, "example.com/orders@v1.0.0", "not a valid Go module path"},
		{mod, "example.com/vendor/orders", "element vendor"},
		{mod, "example.com/acme/vendor", "element vendor"},
		{mod, "example.com/acme/vendor/v2", "element vendor"},
		{mod, "example.com/acme/vendors", ""},
		{mod, "example.com/testdata/orders", ""}, // the module's root is its directory: only its own directories count
		{mod, "example.com/_acme/orders", ""},

		{name, "orders", ""},
		{name, "a", ""},
		{name, "order-service-2", ""},
		{name, "a" + strings.Repeat("b", 62), ""}, // 63 characters
		{name, "a" + strings.Repeat("b", 63), "must be a lower-case letter"},
		{name, "", "must be a lower-case letter"},
		{name, "Orders", "must be a lower-case letter"},
		{name, "1orders", "must be a lower-case letter"},
		{name, "-orders", "must be a lower-case letter"},
		{name, "order_service", "must be a lower-case letter"},
		{name, "order.service", "must be a lower-case letter"},
		{name, "orders ", "must be a lower-case letter"},
		{name, "orders\n", "must be a lower-case letter"},
		{name, "orders-", "not ending in '-'"},
		{name, "a-", "not ending in '-'"},
		{name, "a-b", ""},
		{name, "testdata", "./... leaves out directories named testdata"},
		{name, "vendor", "vendored packages"},
		{name, "internal", ""}, // cmd/internal holds a main package like any other directory
		{name, "testdata-svc", ""},

		{framework, "gin", ""},
		{framework, "echo", ""},
		{framework, "Gin", "must be one of gin, echo"},
		{framework, "chi", "must be one of gin, echo"},
		{framework, "", "must be one of gin, echo"},

		{ci, "github", ""},
		{ci, "gitlab", ""},
		{ci, "none", ""},
		{ci, "jenkins", "must be one of github, gitlab, none"},
		{ci, "", "must be one of github, gitlab, none"},

		{feature, "otel", ""},
		{feature, "mtls", ""},
		{feature, "pprof", ""},
		{feature, "docker", ""},
		{feature, "ci", ""},
		{feature, "k8s", ""},
		{feature, "kafka", "unknown feature; known features are otel, mtls, pprof, docker, ci, k8s"},
		{feature, "OTEL", "unknown feature"},
		{feature, "", "unknown feature"},

		{goVer, "1.26", ""},
		{goVer, "1.26.0", ""},
		{goVer, "1.26.5", ""},
		{goVer, "1.100", "newer than the running toolchain"},
		{goVer, "1.99.0", "newer than the running toolchain"},
		{goVer, "1.26.05", "must be a Go language version"},
		{goVer, "1.26.", "must be a Go language version"},
		{goVer, "1.26.0.1", "must be a Go language version"},
		{goVer, "1.25", "must be 1.26 or newer"},
		{goVer, "1.20", "must be 1.26 or newer"},
		{goVer, "1.9", "must be 1.26 or newer"},
		{goVer, "1.0", "must be 1.26 or newer"},
		{goVer, "", "must be a Go language version like 1.26"},
		{goVer, "1", "must be a Go language version"},
		{goVer, "1.", "must be a Go language version"},
		{goVer, "2.0", "must be a Go language version"},
		{goVer, "go1.26", "must be a Go language version"},
		{goVer, "1.026", "must be a Go language version"},
		{goVer, "1.26rc1", "must be a Go language version"},
		{goVer, "1.-26", "must be a Go language version"},
		{goVer, "1.+26", "must be a Go language version"},
		{goVer, " 1.26", "must be a Go language version"},
		{goVer, "1.99999999999999999999", "must be a Go language version"},
	}
	for _, tt := range tests {
		t.Run(tt.check.name+"/"+tt.in, func(t *testing.T) {
			err := tt.check.fn(tt.in)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("%s(%q) = %v, want nil", tt.check.name, tt.in, err)
			case tt.wantErr != "" && err == nil:
				t.Fatalf("%s(%q) = nil, want an error containing %q", tt.check.name, tt.in, tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("%s(%q) = %q, want it to contain %q", tt.check.name, tt.in, err, tt.wantErr)
			}
		})
	}
}

func TestCheckPort(t *testing.T) {
	tests := []struct {
		port int
		ok   bool
	}{
		{1, true}, {80, true}, {8080, true}, {65535, true},
		{0, false}, {-1, false}, {65536, false}, {1 << 20, false},
	}
	for _, tt := range tests {
		err := CheckPort(tt.port)
		if (err == nil) != tt.ok {
			t.Errorf("CheckPort(%d) = %v, want ok=%v", tt.port, err, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "1 to 65535") {
			t.Errorf("CheckPort(%d) = %q, want the range in the message", tt.port, err)
		}
	}
}

func TestNameFromModule(t *testing.T) {
	tests := []struct{ module, want string }{
		{"example.com/acme/orders", "orders"},
		{"example.com/acme/orders/v2", "orders"},
		{"example.com/acme/orders/v10", "orders"},
		{"gopkg.in/yaml.v3", "yaml"},
		{"example.com/acme/Orders", "orders"},
		{"example.com/acme/Order_Service", "order-service"},
		{"example.com/acme/order.service", "order-service"},
		{"example.com/acme/order_svc.api/v3", "order-svc-api"},
		{"example.com", "example-com"},
		{"example.com/acme/v2x", "v2x"}, // not a major version suffix
	}
	for _, tt := range tests {
		if got := NameFromModule(tt.module); got != tt.want {
			t.Errorf("NameFromModule(%q) = %q, want %q", tt.module, got, tt.want)
		}
	}
}

func TestDefaultGo(t *testing.T) {
	tests := []struct{ toolchain, want string }{
		{"go1.26", "1.26"},
		{"go1.26.0", "1.26"},
		{"go1.26.8", "1.26"},
		{"go1.27.1", "1.27"},
		{"go1.27rc1", "1.27"},
		{"go1.28beta2", "1.28"},
		{"go1.100.3", "1.100"},
		{"go1.25.7", "1.26"}, // too old for the generated code: the minimum
		{"go1.20", "1.26"},
		{"go2.0", "1.26"},
		{"devel go1.27-abcdef Tue Jan 1 00:00:00 2030 +0000", "1.26"},
		{"", "1.26"},
		{"go", "1.26"},
		{"go1.", "1.26"},
		{"go1.x", "1.26"},
	}
	for _, tt := range tests {
		got := defaultGo(tt.toolchain)
		if got != tt.want {
			t.Errorf("defaultGo(%q) = %q, want %q", tt.toolchain, got, tt.want)
		}
		buildable := version.IsValid(tt.toolchain) && version.Compare(tt.toolchain, "go1.26") >= 0
		if err := checkGo(got, tt.toolchain); err != nil && buildable {
			t.Errorf("defaultGo(%q) = %q, which checkGo refuses for that toolchain: %v", tt.toolchain, got, err)
		}
	}
	if err := checkGo(DefaultGo(), runtime.Version()); err != nil {
		t.Errorf("DefaultGo() = %q, which checkGo refuses: %v", DefaultGo(), err)
	}
}

func TestListsAreCopies(t *testing.T) {
	for name, list := range map[string]func() []string{
		"Keys": Keys, "Features": Features,
	} {
		got := list()
		want := slices.Clone(got)
		got[0] = "changed"
		if again := list(); !slices.Equal(again, want) {
			t.Errorf("%s() after the caller changed its result = %v, want %v", name, again, want)
		}
	}
}

func TestResolve(t *testing.T) {
	const mod = "example.com/acme/orders"
	base := Answers{
		Module: mod, Name: "orders", Framework: "gin", Go: DefaultGo(), Features: Features(),
		CI: "github", HTTPPort: 8080, AdminPort: 6060,
	}
	with := func(f func(*Answers)) Answers {
		a := base
		a.Features = slices.Clone(base.Features)
		f(&a)
		return a
	}
	tests := []struct {
		name    string
		layers  []Layer
		want    Answers
		origins map[string]Source // checked keys only
	}{
		{
			name:    "defaults",
			layers:  []Layer{flags(KeyModule, mod)},
			want:    base,
			origins: map[string]Source{KeyModule: FromFlag, KeyName: FromDefault, KeyFramework: FromDefault, KeyFeatures: FromDefault, KeyHTTPPort: FromDefault},
		},
		{
			name: "preset overrides defaults",
			layers: []Layer{
				layer(FromPreset, "preset minimal", KeyFramework, "echo", KeyFeatures, []string{"docker", "ci"}, KeyCI, "gitlab"),
				flags(KeyModule, mod),
			},
			want:    with(func(a *Answers) { a.Framework, a.Features, a.CI = "echo", []string{"docker", "ci"}, "gitlab" }),
			origins: map[string]Source{KeyFramework: FromPreset, KeyFeatures: FromPreset, KeyCI: FromPreset, KeyGo: FromDefault},
		},
		{
			name: "file overrides preset",
			layers: []Layer{
				layer(FromPreset, "preset p", KeyFramework, "echo", KeyHTTPPort, 9000),
				layer(FromFile, "answers.yaml", KeyFramework, "gin", KeyHTTPPort, 9001, KeyModule, mod),
			},
			want:    with(func(a *Answers) { a.HTTPPort = 9001 }),
			origins: map[string]Source{KeyFramework: FromFile, KeyHTTPPort: FromFile, KeyModule: FromFile},
		},
		{
			name: "flag overrides file and preset",
			layers: []Layer{
				layer(FromPreset, "preset p", KeyFramework, "gin", KeyCI, "gitlab"),
				layer(FromFile, "answers.yaml", KeyFramework, "echo", KeyCI, "none", KeyModule, "example.com/acme/billing"),
				flags(KeyFramework, "gin", KeyModule, mod),
			},
			// "ci: none" with the default feature set means no CI feature.
			want:    with(func(a *Answers) { a.CI, a.Features = "none", []string{"otel", "mtls", "pprof", "docker", "k8s"} }),
			origins: map[string]Source{KeyFramework: FromFlag, KeyCI: FromFile, KeyModule: FromFlag},
		},
		{
			name: "lower layer kept where a higher one is silent",
			layers: []Layer{
				layer(FromFile, "answers.yaml", KeyGo, "1.26", KeyAdminPort, 7070),
				flags(KeyModule, mod),
			},
			want: with(func(a *Answers) { a.Go, a.AdminPort = "1.26", 7070 }),
		},
		{
			name:   "explicit name wins over the derived one",
			layers: []Layer{flags(KeyModule, mod, KeyName, "order-api")},
			want:   with(func(a *Answers) { a.Name = "order-api" }),
		},
		{
			// A file's name belongs to the file's module (a replayed record of another
			// service): with another module it is derived again, never carried over.
			name: "a file's name is dropped with another module",
			layers: []Layer{
				layer(FromFile, "orders/.gonew-prod.yaml", KeyModule, "example.com/acme/billing", KeyName, "billing-api"),
				flags(KeyModule, mod),
			},
			want:    base,
			origins: map[string]Source{KeyName: FromDefault, KeyModule: FromFlag},
		},
		{
			name: "a file's name is dropped with another module at the prompt",
			layers: []Layer{
				layer(FromFile, "orders/.gonew-prod.yaml", KeyModule, "example.com/acme/billing", KeyName, "billing-api"),
				layer(FromAnswer, "prompts", KeyModule, mod),
			},
			want:    base,
			origins: map[string]Source{KeyName: FromDefault},
		},
		{
			name: "a file's name is kept with its own module",
			layers: []Layer{
				layer(FromFile, "orders/.gonew-prod.yaml", KeyModule, mod, KeyName, "orders-api"),
				flags(KeyModule, mod),
			},
			want:    with(func(a *Answers) { a.Name = "orders-api" }),
			origins: map[string]Source{KeyName: FromFile},
		},
		{
			name: "a file's name without a module is kept",
			layers: []Layer{
				layer(FromFile, "answers.yaml", KeyName, "orders-api"),
				flags(KeyModule, mod),
			},
			want:    with(func(a *Answers) { a.Name = "orders-api" }),
			origins: map[string]Source{KeyName: FromFile},
		},
		{
			// A pack is for many services: its unlocked name is no other module's.
			name: "a pack's name is dropped for the module given",
			layers: []Layer{
				layer(FromPreset, "acme/preset.yaml", KeyName, "billing"),
				flags(KeyModule, mod),
			},
			want:    base,
			origins: map[string]Source{KeyName: FromDefault, KeyModule: FromFlag},
		},
		{
			name: "a pack's name is kept with the pack's module",
			layers: []Layer{
				layer(FromPreset, "acme/preset.yaml", KeyModule, mod, KeyName, "orders-api"),
			},
			want:    with(func(a *Answers) { a.Name = "orders-api" }),
			origins: map[string]Source{KeyName: FromPreset},
		},
		{
			name: "a pack's locked name is kept",
			layers: []Layer{
				func() Layer {
					l := layer(FromPreset, "acme/preset.yaml", KeyName, "orders-api")
					l.Locked = []string{KeyName}
					return l
				}(),
				flags(KeyModule, mod),
			},
			want:    with(func(a *Answers) { a.Name = "orders-api" }),
			origins: map[string]Source{KeyName: FromLocked},
		},
		{
			name: "--name wins over a dropped file name",
			layers: []Layer{
				layer(FromFile, "orders/.gonew-prod.yaml", KeyModule, "example.com/acme/billing", KeyName, "billing-api"),
				flags(KeyModule, mod, KeyName, "orders-svc"),
			},
			want:    with(func(a *Answers) { a.Name = "orders-svc" }),
			origins: map[string]Source{KeyName: FromFlag},
		},
		{
			name:    "name derived from module with a major version",
			layers:  []Layer{flags(KeyModule, "example.com/acme/Order_Svc/v2")},
			want:    with(func(a *Answers) { a.Module, a.Name = "example.com/acme/Order_Svc/v2", "order-svc" }),
			origins: map[string]Source{KeyName: FromDefault},
		},
		{
			name:    "name from a file layer is not re-derived",
			layers:  []Layer{layer(FromFile, "a.yaml", KeyName, "legacy"), flags(KeyModule, mod)},
			want:    with(func(a *Answers) { a.Name = "legacy" }),
			origins: map[string]Source{KeyName: FromFile},
		},
		{
			name: "features list replaces the lower list, in canonical order",
			layers: []Layer{
				layer(FromPreset, "preset p", KeyFeatures, []string{"docker"}),
				layer(FromFile, "a.yaml", KeyFeatures, []string{"k8s", "otel", "otel"}),
				flags(KeyModule, mod),
			},
			want: with(func(a *Answers) { a.Features = []string{"otel", "k8s"} }),
		},
		{
			name: "empty features list means none",
			layers: []Layer{
				layer(FromFile, "a.yaml", KeyFeatures, []string{}),
				flags(KeyModule, mod),
			},
			want: with(func(a *Answers) { a.Features = nil }),
		},
		{
			name: "--without removes from the lower set",
			layers: []Layer{func() Layer {
				l := flags(KeyModule, mod)
				l.Without = []string{"k8s", "pprof"}
				return l
			}()},
			want:    with(func(a *Answers) { a.Features = []string{"otel", "mtls", "docker", "ci"} }),
			origins: map[string]Source{KeyFeatures: FromFlag},
		},
		{
			name: "--with adds to the preset's set",
			layers: []Layer{
				layer(FromPreset, "preset minimal", KeyFeatures, []string{"docker", "ci"}),
				func() Layer {
					l := flags(KeyModule, mod)
					l.With = []string{"otel"}
					return l
				}(),
			},
			want: with(func(a *Answers) { a.Features = []string{"otel", "docker", "ci"} }),
		},
		{
			name: "--with of a feature already on is a no-op",
			layers: []Layer{func() Layer {
				l := flags(KeyModule, mod)
				l.With = []string{"otel"}
				return l
			}()},
			want: base,
		},
		{
			name: "deltas apply after the same layer's list",
			layers: []Layer{func() Layer {
				l := flags(KeyModule, mod, KeyFeatures, []string{"docker"})
				l.With, l.Without = []string{"ci"}, []string{"docker"}
				return l
			}()},
			want: with(func(a *Answers) { a.Features = []string{"ci"} }),
		},
		{
			name: "a file's list replaces an earlier --with",
			layers: []Layer{
				func() Layer {
					l := layer(FromPreset, "preset p")
					l.With = []string{"otel"}
					return l
				}(),
				layer(FromFile, "a.yaml", KeyFeatures, []string{"docker"}),
				flags(KeyModule, mod),
			},
			want: with(func(a *Answers) { a.Features = []string{"docker"} }),
		},
		{
			name: "locked value repeated with the same value by a later layer",
			layers: []Layer{
				func() Layer {
					l := layer(FromPreset, "preset acme", KeyFramework, "echo", KeyFeatures, []string{"otel", "docker"})
					l.Locked = []string{KeyFramework, KeyFeatures}
					return l
				}(),
				layer(FromFile, "a.yaml", KeyFramework, "echo", KeyFeatures, []string{"docker", "otel", "docker"}),
				flags(KeyModule, mod, KeyFramework, "echo"),
			},
			want:    with(func(a *Answers) { a.Framework, a.Features = "echo", []string{"otel", "docker"} }),
			origins: map[string]Source{KeyFramework: FromLocked, KeyFeatures: FromLocked, KeyModule: FromFlag},
		},
		{
			name: "--with/--without that agree with locked features",
			layers: []Layer{
				func() Layer {
					l := layer(FromPreset, "preset acme", KeyFeatures, []string{"otel", "ci"}, KeyCI, "github")
					l.Locked = []string{KeyFeatures}
					return l
				}(),
				func() Layer {
					l := flags(KeyModule, mod)
					l.With, l.Without = []string{"ci", "otel"}, []string{"pprof", "k8s"}
					return l
				}(),
			},
			want:    with(func(a *Answers) { a.Features = []string{"otel", "ci"} }),
			origins: map[string]Source{KeyFeatures: FromLocked, KeyModule: FromFlag},
		},
		{
			name: "unlocked keys of a locking preset can still be overridden",
			layers: []Layer{
				func() Layer {
					l := layer(FromPreset, "preset acme", KeyFramework, "echo", KeyCI, "gitlab")
					l.Locked = []string{KeyFramework}
					return l
				}(),
				flags(KeyModule, mod, KeyCI, "none"),
			},
			want: with(func(a *Answers) {
				a.Framework, a.CI, a.Features = "echo", "none", []string{"otel", "mtls", "pprof", "docker", "k8s"}
			}),
			origins: map[string]Source{KeyFramework: FromLocked, KeyCI: FromFlag},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, origins, err := Resolve(tt.layers...)
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			if !equalAnswers(got, tt.want) {
				t.Errorf("Resolve =\n%+v\nwant\n%+v", got, tt.want)
			}
			for _, key := range Keys() {
				if _, ok := origins[key]; !ok {
					t.Errorf("origins has no entry for %s: %v", key, origins)
				}
			}
			for key, want := range tt.origins {
				if origins[key] != want {
					t.Errorf("origins[%s] = %q, want %q", key, origins[key], want)
				}
			}
		})
	}
}

func equalAnswers(a, b Answers) bool {
	return a.Module == b.Module && a.Name == b.Name && a.Framework == b.Framework && a.Go == b.Go &&
		slices.Equal(a.Features, b.Features) && a.CI == b.CI && a.HTTPPort == b.HTTPPort && a.AdminPort == b.AdminPort
}

func TestResolveDoesNotModifyLayers(t *testing.T) {
	l := flags(KeyModule, "example.com/acme/orders", KeyFeatures, []string{"docker", "otel"})
	l.With = []string{"ci"}
	if _, _, err := Resolve(l); err != nil {
		t.Fatal(err)
	}
	if got := l.Values[KeyFeatures].Raw.([]string); !slices.Equal(got, []string{"docker", "otel"}) {
		t.Errorf("the layer's features became %v", got)
	}
	if len(l.Values) != 2 {
		t.Errorf("the layer's values became %v", l.Values)
	}
}

func TestResolveErrors(t *testing.T) {
	const mod = "example.com/acme/orders"
	locked := func(kv ...any) Layer {
		l := layer(FromPreset, "preset acme", kv...)
		for i := 0; i < len(kv); i += 2 {
			l.Locked = append(l.Locked, kv[i].(string))
		}
		return l
	}
	withDelta := func(l Layer, with, without []string) Layer {
		l.With, l.Without = with, without
		return l
	}
	tests := []struct {
		name   string
		layers []Layer
		// key and where of the *Error; "" when the error is not an *Error.
		key, where string
		want       []string // substrings of the message
		missing    bool     // errors.Is(err, ErrMissing)
	}{
		{
			name:    "no module",
			layers:  []Layer{flags(KeyName, "orders")},
			want:    []string{"missing required value", "module", "--module"},
			missing: true,
		},
		{
			name:   "bad module",
			layers: []Layer{flags(KeyModule, "bad path")},
			key:    KeyModule, where: "flag:module",
			want: []string{`invalid module "bad path"`, "not a valid Go module path"},
		},
		{
			name:   "bad name",
			layers: []Layer{flags(KeyModule, mod, KeyName, "Orders")},
			key:    KeyName, where: "flag:name",
			want: []string{`invalid name "Orders"`, "must be a lower-case letter"},
		},
		{
			name:   "derived name invalid",
			layers: []Layer{flags(KeyModule, "example.com/acme/9lives")},
			key:    KeyName, where: "name derived from the module",
			want: []string{`"9lives"`, "pass --name"},
		},
		{
			name:   "unknown framework",
			layers: []Layer{flags(KeyModule, mod, KeyFramework, "chi")},
			key:    KeyFramework, where: "flag:framework",
			want: []string{`invalid framework "chi"`, "gin, echo"},
		},
		{
			name:   "old go",
			layers: []Layer{flags(KeyModule, mod, KeyGo, "1.20")},
			key:    KeyGo, where: "flag:go",
			want: []string{`invalid go "1.20"`, "1.26 or newer"},
		},
		{
			name:   "unknown ci",
			layers: []Layer{flags(KeyModule, mod, KeyCI, "travis")},
			key:    KeyCI, where: "flag:ci",
			want: []string{`invalid ci "travis"`},
		},
		{
			name:   "port zero",
			layers: []Layer{flags(KeyModule, mod, KeyHTTPPort, 0)},
			key:    KeyHTTPPort, where: "flag:http_port",
			want: []string{`invalid http_port "0"`, "1 to 65535"},
		},
		{
			name:   "port too large",
			layers: []Layer{flags(KeyModule, mod, KeyAdminPort, 65536)},
			key:    KeyAdminPort, where: "flag:admin_port",
			want: []string{`"65536"`, "1 to 65535"},
		},
		{
			name:   "same ports",
			layers: []Layer{flags(KeyModule, mod, KeyHTTPPort, 6061, KeyAdminPort, 6061)},
			key:    KeyAdminPort,
			want:   []string{"http_port and admin_port must differ"},
		},
		{
			name:   "same ports across layers",
			layers: []Layer{layer(FromFile, "a.yaml", KeyAdminPort, 9090), flags(KeyModule, mod, KeyHTTPPort, 9090)},
			key:    KeyAdminPort,
			want:   []string{"must differ"},
		},
		{
			name:   "unknown feature in a list",
			layers: []Layer{flags(KeyModule, mod, KeyFeatures, []string{"otel", "kafka"})},
			key:    KeyFeatures, where: "flag:features",
			want: []string{`"kafka"`, "unknown feature"},
		},
		{
			name:   "unknown feature in --with",
			layers: []Layer{withDelta(flags(KeyModule, mod), []string{"kafka"}, nil)},
			key:    "feature", where: "--with",
			want: []string{`--with: invalid feature "kafka"`, "known features are"},
		},
		{
			name:   "unknown feature in --without",
			layers: []Layer{withDelta(flags(KeyModule, mod), nil, []string{"kafka"})},
			key:    "feature", where: "--without",
			want: []string{`--without: invalid feature "kafka"`},
		},
		{
			name:   "feature in --with and --without",
			layers: []Layer{withDelta(flags(KeyModule, mod), []string{"otel"}, []string{"otel"})},
			key:    "feature", where: "--with/--without",
			want: []string{`"otel"`, "both --with and --without"},
		},
		{
			name:   "wrong type for a string key",
			layers: []Layer{flags(KeyModule, 42)},
			key:    KeyModule, where: "flag:module",
			want: []string{"must be a string"},
		},
		{
			name:   "wrong type for a port",
			layers: []Layer{flags(KeyModule, mod, KeyHTTPPort, "8080")},
			key:    KeyHTTPPort, where: "flag:http_port",
			want: []string{"must be an integer"},
		},
		{
			name:   "wrong type for features",
			layers: []Layer{flags(KeyModule, mod, KeyFeatures, "otel")},
			key:    KeyFeatures, where: "flag:features",
			want: []string{"must be a list"},
		},
		{
			name:   "flag contradicts a locked value",
			layers: []Layer{locked(KeyFramework, "echo"), flags(KeyModule, mod, KeyFramework, "gin")},
			key:    KeyFramework, where: "flag:framework",
			want: []string{`invalid framework "gin"`, "framework is locked to echo by preset acme", "use another preset"},
		},
		{
			name:   "file contradicts a locked value",
			layers: []Layer{locked(KeyCI, "gitlab"), layer(FromFile, "a.yaml", KeyCI, "github"), flags(KeyModule, mod)},
			key:    KeyCI, where: "file:ci",
			want: []string{"ci is locked to gitlab by preset acme (preset:ci)"},
		},
		{
			name:   "flag contradicts a locked port",
			layers: []Layer{locked(KeyHTTPPort, 8000), flags(KeyModule, mod, KeyHTTPPort, 8001)},
			key:    KeyHTTPPort, where: "flag:http_port",
			want: []string{"http_port is locked to 8000 by preset acme"},
		},
		{
			name:   "different locked features",
			layers: []Layer{locked(KeyFeatures, []string{"otel"}), flags(KeyModule, mod, KeyFeatures, []string{"otel", "k8s"})},
			key:    KeyFeatures, where: "flag:features",
			want: []string{"features is locked to otel by preset acme"},
		},
		{
			name:   "--with a feature locked features leave out",
			layers: []Layer{locked(KeyFeatures, []string{"otel"}), withDelta(flags(KeyModule, mod), []string{"otel", "k8s"}, nil)},
			key:    KeyFeatures, where: "--with",
			want: []string{`--with: invalid features "k8s": features is locked to otel by preset acme (preset:features); remove this value or use another preset`},
		},
		{
			name:   "--without a feature locked features hold",
			layers: []Layer{locked(KeyFeatures, []string{"otel", "ci"}), withDelta(flags(KeyModule, mod), []string{"otel"}, []string{"pprof", "ci"})},
			key:    KeyFeatures, where: "--without",
			want: []string{`--without: invalid features "ci": features is locked to otel,ci by preset acme (preset:features); remove this value or use another preset`},
		},
		{
			name:   "invalid --with feature under locked features",
			layers: []Layer{locked(KeyFeatures, []string{"otel"}), withDelta(flags(KeyModule, mod), []string{"grpc"}, nil)},
			key:    "feature", where: "--with",
			want: []string{`invalid feature "grpc"`},
		},
		{
			name:   "ci none drops a locked ci feature",
			layers: []Layer{locked(KeyFeatures, []string{"otel", "ci"}), flags(KeyModule, mod, KeyCI, "none")},
			key:    KeyCI, where: "flag:ci",
			want: []string{`invalid ci "none"`, "preset acme locks the features otel,ci (preset:features)", "remove this value or use another preset"},
		},
		{
			name:   "ci none from an answers file drops a locked ci feature",
			layers: []Layer{locked(KeyFeatures, []string{"ci", "docker"}), layer(FromFile, "a.yaml", KeyCI, "none"), flags(KeyModule, mod)},
			key:    KeyCI, where: "file:ci",
			want: []string{"preset acme locks the features ci,docker"},
		},
		{
			name:   "--without ci under a locked ci provider",
			layers: []Layer{locked(KeyCI, "github"), withDelta(flags(KeyModule, mod), nil, []string{"ci"})},
			key:    KeyFeatures, where: "--with/--without",
			want: []string{"leaves out the ci feature", "preset acme locks ci to github (preset:ci)", "use another preset"},
		},
		{
			name:   "features without ci under a locked ci provider",
			layers: []Layer{locked(KeyCI, "gitlab"), layer(FromFile, "a.yaml", KeyFeatures, []string{"otel"}), flags(KeyModule, mod)},
			key:    KeyFeatures, where: "file:features",
			want: []string{"preset acme locks ci to gitlab"},
		},
		{
			name:   "invalid value in a lower layer is reported even when overridden",
			layers: []Layer{layer(FromFile, "a.yaml", KeyFramework, "chi"), flags(KeyModule, mod, KeyFramework, "gin")},
			key:    KeyFramework, where: "file:framework",
			want: []string{`"chi"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, origins, err := Resolve(tt.layers...)
			if err == nil {
				t.Fatalf("Resolve = %+v, want an error", a)
			}
			if origins != nil || !equalAnswers(a, Answers{}) {
				t.Errorf("Resolve returned %+v, %v with its error; want zero values", a, origins)
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
			if strings.Contains(msg, "preset preset") {
				t.Errorf("error %q repeats the word preset", msg)
			}
			if got := errors.Is(err, ErrMissing); got != tt.missing {
				t.Errorf("errors.Is(err, ErrMissing) = %v, want %v", got, tt.missing)
			}
			var ae *Error
			if tt.key == "" {
				if errors.As(err, &ae) {
					t.Errorf("error is an *Error (%+v), want another kind", ae)
				}
				return
			}
			if !errors.As(err, &ae) {
				t.Fatalf("error %q (%T) is not an *Error", err, err)
			}
			if ae.Key != tt.key {
				t.Errorf("Error.Key = %q, want %q", ae.Key, tt.key)
			}
			if tt.where != "" && ae.Where != tt.where {
				t.Errorf("Error.Where = %q, want %q", ae.Where, tt.where)
			}
			if !strings.HasPrefix(msg, ae.Where+": ") {
				t.Errorf("error %q does not start with where it came from (%q)", msg, ae.Where)
			}
		})
	}
}

func TestErrorMessage(t *testing.T) {
	tests := []struct {
		err  Error
		want string
	}{
		{Error{Key: "go", Where: "--go", Value: "1.20", Reason: "too old"}, `--go: invalid go "1.20": too old`},
		{Error{Key: "module", Where: "a.yaml:1:9", Reason: "required"}, `a.yaml:1:9: module: required`},
		{Error{Key: "name", Where: "--name", Value: strings.Repeat("b", 79) + "é" + strings.Repeat("b", 1000), Reason: "too long"},
			`--name: invalid name "` + strings.Repeat("b", 79) + `"... (1081 bytes): too long`},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestDefaults(t *testing.T) {
	d := Defaults()
	if d.Source != FromDefault {
		t.Errorf("Defaults().Source = %q", d.Source)
	}
	for _, key := range Keys() {
		_, ok := d.Values[key]
		required := key == KeyModule || key == KeyName // no default: given or derived
		if ok == required {
			t.Errorf("Defaults() has %s: %v, want %v", key, ok, !required)
		}
	}
}

func TestLayerCheck(t *testing.T) {
	tests := []struct {
		name      string
		layer     Layer
		wantWhere string // "" when valid
	}{
		{"empty", Layer{}, ""},
		{"valid values", flags(KeyModule, "example.com/a/b", KeyFramework, "echo", KeyFeatures, []string{"otel"}, KeyHTTPPort, 1), ""},
		// Rules between keys are Resolve's: equal ports pass here.
		{"equal ports", flags(KeyHTTPPort, 8080, KeyAdminPort, 8080), ""},
		{"bad framework", flags(KeyModule, "example.com/a/b", KeyFramework, "chi"), "flag:framework"},
		{"bad module", flags(KeyModule, "bad path"), "flag:module"},
		{"bad feature", flags(KeyFeatures, []string{"otel", "kafka"}), "flag:features"},
		{"bad port", flags(KeyAdminPort, 0), "flag:admin_port"},
		{"wrong type", flags(KeyGo, 1.26), "flag:go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.layer.Check()
			if tt.wantWhere == "" {
				if err != nil {
					t.Fatalf("Check() = %v, want nil", err)
				}
				return
			}
			var ae *Error
			if !errors.As(err, &ae) || ae.Where != tt.wantWhere {
				t.Fatalf("Check() = %v, want an *Error at %s", err, tt.wantWhere)
			}
		})
	}
}

func TestCheckGoAgainstToolchain(t *testing.T) {
	tests := []struct {
		v, toolchain string
		wantErr      string // in the error ("" for none); a last "$" ends the error
	}{
		{"1.26", "go1.26.8", ""},
		{"1.26.8", "go1.26.8", ""},
		{"1.26.9", "go1.26.8", "newer than the running toolchain (go1.26.8)"},
		{"1.27", "go1.26.8", "; use 1.26$"}, // the oldest it may be: "or older" would say nothing
		{"1.30", "go1.27.1", "use 1.27 or older"},
		{"1.27", "go1.27.1", ""},
		{"1.27", "go1.27rc1", ""},
		{"1.26", "devel go1.30-abc", ""}, // unknown toolchain: not checked
	}
	for _, tt := range tests {
		err := checkGo(tt.v, tt.toolchain)
		if (tt.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error()+"$", tt.wantErr)) {
			t.Errorf("checkGo(%q, %q) = %v, want %q", tt.v, tt.toolchain, err, tt.wantErr)
		}
	}
}

// TestResolveGoAgainstToolchain: the bound of the running toolchain holds the go version
// Resolve chose, not each layer's: a preset's default too new that a flag or an answers
// file replaces is no error, and one that is chosen is refused with advice that can be
// followed, --go for a default of the pack, a newer gonew-prod for a locked value (which
// no flag replaces), never "use 1.N" for a value the user did not give.
func TestResolveGoAgainstToolchain(t *testing.T) {
	const mod = "example.com/acme/orders"
	tooNew := "1.99"
	lang := strings.TrimPrefix(version.Lang(runtime.Version()), "go")
	if !version.IsValid(runtime.Version()) || version.Compare("go"+tooNew, runtime.Version()) <= 0 {
		t.Skipf("toolchain %s: 1.99 is not newer", runtime.Version())
	}
	pack := layer(FromPreset, "preset pg", KeyGo, tooNew)
	lockedPack := layer(FromPreset, "preset pl", KeyGo, tooNew)
	lockedPack.Locked = []string{KeyGo}
	tests := []struct {
		name    string
		layers  []Layer
		want    []string // in the error; nil for none
		notWant string
	}{
		{"a flag replaces the preset's default", []Layer{pack, flags(KeyModule, mod, KeyGo, lang)}, nil, ""},
		{"an answers file replaces the preset's default", []Layer{pack, layer(FromFile, "a.yaml", KeyGo, lang), flags(KeyModule, mod)}, nil, ""},
		{"the preset's default is chosen", []Layer{pack, flags(KeyModule, mod)},
			[]string{`preset:go: invalid go "1.99": is newer than the running toolchain`, "pass --go " + lang, "a gonew-prod built with Go 1.99 or newer"}, "use "},
		{"the preset locks it", []Layer{lockedPack, flags(KeyModule, mod)},
			[]string{`preset:go: invalid go "1.99"`, "preset pl locks it: run a gonew-prod built with Go 1.99 or newer"}, "--go"},
		{"a flag too new", []Layer{pack, flags(KeyModule, mod, KeyGo, tooNew)},
			[]string{`flag:go: invalid go "1.99": is newer than the running toolchain`, "; use " + lang}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _, err := Resolve(tt.layers...)
			if tt.want == nil {
				if err != nil || a.Go != lang {
					t.Fatalf("Resolve: go %q, %v; want %s", a.Go, err, lang)
				}
				return
			}
			var ae *Error
			if !errors.As(err, &ae) || ae.Key != KeyGo {
				t.Fatalf("Resolve: %v, want an *Error of go", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v\nwant it to hold %q", err, w)
				}
			}
			if tt.notWant != "" && strings.Contains(err.Error(), tt.notWant) {
				t.Errorf("err = %v\nwant no %q", err, tt.notWant)
			}
		})
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"8080", 8080, true}, {"010", 10, true}, {"+80", 80, true}, {"0", 0, true},
		{"0x1f90", 0, false}, {"0o10", 0, false}, {"-1", 0, false}, {"", 0, false}, {"8 0", 0, false},
		{"99999999999", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseInt(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseInt(%q) = %d, %v; want %d, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// TestRegistry checks that every key of the registry is complete and consistent with
// the answers struct: what Get reads is what Resolve sets.
func TestRegistry(t *testing.T) {
	values := map[string]any{
		KeyModule: "example.com/a/b", KeyName: "svc", KeyFramework: "echo", KeyGo: DefaultGo(),
		KeyFeatures: []string{"pprof"}, KeyCI: "gitlab", KeyHTTPPort: 9000, KeyAdminPort: 9001,
	}
	l := flags()
	for _, k := range Registry() {
		if k.Help == "" {
			t.Errorf("%s has no help", k.Name)
		}
		if k.Prompt != NoPrompt && k.Question == "" {
			t.Errorf("%s is asked without a question", k.Name)
		}
		if k.Feature != "" && !slices.Contains(Features(), k.Feature) {
			t.Errorf("%s belongs to unknown feature %s", k.Name, k.Feature)
		}
		v, ok := values[k.Name]
		if !ok {
			t.Fatalf("the test has no value for key %s", k.Name)
		}
		l.Set(k.Name, v, "--"+k.Flag)
	}
	a, _, err := Resolve(l)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Registry() {
		if !k.Equal(k.Get(a), values[k.Name]) {
			t.Errorf("%s: Get = %v, want %v", k.Name, k.Get(a), values[k.Name])
		}
	}
}

func TestEqualComparesSetsAsSets(t *testing.T) {
	features, _ := Lookup(KeyFeatures)
	if !features.Equal([]string{"otel", "mtls"}, []string{"mtls", "otel"}) {
		t.Errorf("[otel mtls] and [mtls otel] differ")
	}
	if features.Equal([]string{"otel"}, []string{"otel", "mtls"}) {
		t.Errorf("[otel] equals [otel mtls]")
	}
	framework, _ := Lookup(KeyFramework)
	if framework.Equal("gin", "echo") || !framework.Equal("gin", "gin") {
		t.Errorf("framework equality is wrong")
	}
}

// TestLockedGoAcceptsTheSameGoLine checks that a Go version locked one way (1.26.0) is
// not contradicted by the same version written the other way (1.26): both write the go
// line go 1.26.0; another version is.
func TestLockedGoAcceptsTheSameGoLine(t *testing.T) {
	const mod = "example.com/acme/orders"
	for _, tt := range []struct{ lock, flag, want string }{
		{"1.26.0", "1.26", "1.26.0"},
		{"1.26", "1.26.0", "1.26"},
		{"1.26", "1.26", "1.26"},
		{"1.26.0", "1.26.1", ""},
		{"1.26", "1.26.1", ""},
	} {
		lock := layer(FromPreset, "preset acme", KeyGo, tt.lock)
		lock.Locked = []string{KeyGo}
		a, _, err := Resolve(lock, flags(KeyModule, mod, KeyGo, tt.flag))
		switch {
		case tt.want == "" && (err == nil || !strings.Contains(err.Error(), "go is locked to "+tt.lock)):
			t.Errorf("lock %s, --go %s: err = %v, want go is locked", tt.lock, tt.flag, err)
		case tt.want != "" && err != nil:
			t.Errorf("lock %s, --go %s: %v", tt.lock, tt.flag, err)
		case tt.want != "" && a.Go != tt.want:
			t.Errorf("lock %s, --go %s: go = %s, want %s", tt.lock, tt.flag, a.Go, tt.want)
		}
	}
}

// TestResolveCrossKeyRules pins the rules between keys: ports must differ only when the
// admin listener exists, and "ci none" contradicts an explicit ci feature.
func TestResolveCrossKeyRules(t *testing.T) {
	const mod = "example.com/acme/orders"
	noPProf := layer(FromPreset, "preset minimal", KeyFeatures, []string{"docker", "ci"})
	tests := []struct {
		name      string
		layers    []Layer
		wantErr   []string // substrings; nil when valid
		wantFeats []string
	}{
		{"same ports without pprof", []Layer{noPProf, flags(KeyModule, mod, KeyHTTPPort, 6060)}, nil, []string{"docker", "ci"}},
		{"http port on the default admin port with pprof", []Layer{flags(KeyModule, mod, KeyHTTPPort, 6060)}, nil, Features()},
		{"same ports with pprof", []Layer{flags(KeyModule, mod, KeyHTTPPort, 7000, KeyAdminPort, 7000)}, []string{"http_port and admin_port must differ"}, nil},
		{"both ports given", []Layer{flags(KeyModule, mod, KeyHTTPPort, 7000, KeyAdminPort, 7000)}, []string{"flag:http_port and flag:admin_port"}, nil},
		{"ci none drops the default ci feature", []Layer{flags(KeyModule, mod, KeyCI, "none")}, nil, []string{"otel", "mtls", "pprof", "docker", "k8s"}},
		{"ci none drops a preset's ci feature", []Layer{noPProf, flags(KeyModule, mod, KeyCI, "none")}, nil, []string{"docker"}},
		{"ci none with --with ci", []Layer{withFlag(flags(KeyModule, mod, KeyCI, "none"), "ci")}, []string{"ci none contradicts the ci feature"}, nil},
		{"ci none with a features list holding ci", []Layer{layer(FromFile, "a.yaml", KeyModule, mod, KeyCI, "none", KeyFeatures, []string{"ci"})}, []string{"file:ci and file:features"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _, err := Resolve(tt.layers...)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(a.Features, tt.wantFeats) {
					t.Errorf("features = %v, want %v", a.Features, tt.wantFeats)
				}
				return
			}
			for _, w := range tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v, want %q", err, w)
				}
			}
		})
	}
}

func withFlag(l Layer, with ...string) Layer {
	l.With = with
	return l
}

// TestCheckNewPorts: new refuses a listen port below 1024 that a listener uses, naming the
// layer that gave the value, the highest one when several did.
func TestCheckNewPorts(t *testing.T) {
	const mod = "example.com/acme/orders"
	pack := layer(FromPreset, "pack", KeyHTTPPort, 80)
	tests := []struct {
		name      string
		layers    []Layer
		wantKey   string // "" when accepted
		wantWhere string
	}{
		{"defaults", []Layer{flags(KeyModule, mod)}, "", ""},
		{"lowest allowed", []Layer{flags(KeyModule, mod, KeyHTTPPort, 1024, KeyAdminPort, 1025)}, "", ""},
		{"http port", []Layer{flags(KeyModule, mod, KeyHTTPPort, 1023)}, KeyHTTPPort, "flag:http_port"},
		{"admin port", []Layer{flags(KeyModule, mod, KeyAdminPort, 443)}, KeyAdminPort, "flag:admin_port"},
		{"admin port given without its listener", []Layer{flags(KeyModule, mod, KeyAdminPort, 443, KeyFeatures, []string{"docker"})}, KeyAdminPort, "flag:admin_port"},
		{"admin port given without its listener, the http port's", []Layer{flags(KeyModule, mod, KeyAdminPort, 8080, KeyFeatures, []string{"docker"})}, KeyAdminPort, "flag:admin_port"},
		{"admin port defaulted without its listener", []Layer{flags(KeyModule, mod, KeyHTTPPort, 6060, KeyFeatures, []string{"docker"})}, "", ""},
		{"from a preset", []Layer{pack, flags(KeyModule, mod)}, KeyHTTPPort, "preset:http_port"},
		{"a preset's port overridden", []Layer{pack, flags(KeyModule, mod, KeyHTTPPort, 8080)}, "", ""},
		{"given twice, the higher named", []Layer{pack, layer(FromFile, "answers.yaml", KeyHTTPPort, 81), flags(KeyModule, mod)}, KeyHTTPPort, "file:http_port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _, err := Resolve(tt.layers...)
			if err != nil {
				t.Fatal(err)
			}
			err = CheckNewPorts(a, tt.layers...)
			if tt.wantKey == "" {
				if err != nil {
					t.Fatalf("CheckNewPorts() = %v, want nil", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Key != tt.wantKey || e.Where != tt.wantWhere {
				t.Fatalf("CheckNewPorts() = %#v, want an error for %s at %s", err, tt.wantKey, tt.wantWhere)
			}
		})
	}
}

// TestResolveMovesAdminPort: an HTTP port on the admin port's default moves the defaulted
// admin port off it, whether or not pprof is on (the port is recorded for a later add
// pprof), so new records distinct ports; an admin port a layer gives stays, and the
// collision is refused, naming it.
func TestResolveMovesAdminPort(t *testing.T) {
	const mod = "example.com/acme/orders"
	noPProf := []string{"docker"}
	locked := layer(FromPreset, "preset acme", KeyAdminPort, 6060)
	locked.Locked = []string{KeyAdminPort}
	tests := []struct {
		name      string
		layers    []Layer
		wantAdmin int    // 0 when refused
		wantErr   string // where the refusal names, when refused
		moved     bool
	}{
		{"defaults", []Layer{flags(KeyModule, mod)}, 6060, "", false},
		{"http port on the default, pprof on", []Layer{flags(KeyModule, mod, KeyHTTPPort, 6060)}, 6061, "", true},
		{"http port on the default, pprof off", []Layer{flags(KeyModule, mod, KeyHTTPPort, 6060, KeyFeatures, noPProf)}, 6061, "", true},
		{"a pack's http port on the default", []Layer{layer(FromPreset, "pb", KeyHTTPPort, 6060, KeyFeatures, noPProf), flags(KeyModule, mod)}, 6061, "", true},
		{"another http port", []Layer{flags(KeyModule, mod, KeyHTTPPort, 6061)}, 6060, "", false},
		{"admin port given elsewhere", []Layer{layer(FromPreset, "pb", KeyHTTPPort, 6060, KeyAdminPort, 7070), flags(KeyModule, mod)}, 7070, "", false},
		{"admin port given on the http port, pprof off", []Layer{flags(KeyModule, mod, KeyHTTPPort, 6060, KeyAdminPort, 6060, KeyFeatures, noPProf)}, 0, "flag:admin_port", false},
		{"a locked admin port under the http port", []Layer{locked, flags(KeyModule, mod, KeyHTTPPort, 6060)}, 0, "flag:http_port and preset:admin_port", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, origins, err := Resolve(tt.layers...)
			if err == nil {
				err = CheckNewPorts(a, tt.layers...)
			}
			if tt.wantAdmin == 0 {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "must differ") {
					t.Fatalf("err = %v, want a refusal naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.AdminPort != tt.wantAdmin || a.AdminPort == a.HTTPPort {
				t.Errorf("ports = http %d, admin %d; want admin %d", a.HTTPPort, a.AdminPort, tt.wantAdmin)
			}
			if def, moved := AdminPortMoved(a, origins); moved != tt.moved || moved && def != 6060 {
				t.Errorf("AdminPortMoved() = %d, %v; want moved %v", def, moved, tt.moved)
			}
		})
	}
}

// TestCheckChangedPorts: an update holds to new's rules only the ports a new pack changes;
// a port the project was made with stays, even below 1024.
func TestCheckChangedPorts(t *testing.T) {
	const mod = "example.com/acme/orders"
	noPProf := []string{"docker"}
	tests := []struct {
		name    string
		made    Layer
		pack    Layer
		wantKey string // "" when accepted
		record  Layer  // the recorded answers the update resolves over the pack, if any
		wantFix string // in the reason
	}{
		{"a kept low port", flags(KeyModule, mod, KeyHTTPPort, 80), layer(FromPreset, "pack", KeyHTTPPort, 80), "", Layer{}, ""},
		{"a kept low admin port", flags(KeyModule, mod, KeyAdminPort, 443), layer(FromPreset, "pack", KeyAdminPort, 443), "", Layer{}, ""},
		{"a new low port", flags(KeyModule, mod), layer(FromPreset, "pack", KeyHTTPPort, 80), KeyHTTPPort, Layer{}, ""},
		{"a low port changed to another low one", flags(KeyModule, mod, KeyHTTPPort, 80), layer(FromPreset, "pack", KeyHTTPPort, 81), KeyHTTPPort, Layer{}, ""},
		{"a new admin port on the kept http port", flags(KeyModule, mod, KeyFeatures, noPProf),
			layer(FromPreset, "pack", KeyAdminPort, 8080, KeyFeatures, noPProf), KeyAdminPort, Layer{}, ""},
		{"a new http port on the kept admin port", flags(KeyModule, mod, KeyFeatures, noPProf, KeyAdminPort, 7070),
			layer(FromPreset, "pack", KeyHTTPPort, 7070, KeyAdminPort, 7070, KeyFeatures, noPProf), KeyAdminPort, Layer{}, ""},
		{"both kept on one port", flags(KeyModule, mod, KeyFeatures, noPProf, KeyHTTPPort, 7070, KeyAdminPort, 7070),
			layer(FromPreset, "pack", KeyHTTPPort, 7070, KeyAdminPort, 7070, KeyFeatures, noPProf), "", Layer{}, ""},
		{"a new http port on the recorded admin port", flags(KeyModule, mod, KeyFeatures, noPProf),
			layer(FromPreset, "pack", KeyHTTPPort, 6060), KeyAdminPort, layer(FromFile, "record", KeyFeatures, noPProf, KeyAdminPort, 6060),
			"the update gives http_port 6060 (preset:http_port), the project's admin_port (file:admin_port): change admin_port there to another port, such as 6061"},
		{"a new admin port on the recorded http port", flags(KeyModule, mod, KeyFeatures, noPProf, KeyHTTPPort, 7070),
			layer(FromPreset, "pack", KeyAdminPort, 7070), KeyAdminPort, layer(FromFile, "record", KeyFeatures, noPProf, KeyHTTPPort, 7070),
			"the update gives admin_port 7070 (preset:admin_port), the project's http_port (file:http_port): change http_port there to another port, such as 7071"},
		{"a new http port off the recorded admin port", flags(KeyModule, mod, KeyFeatures, noPProf),
			layer(FromPreset, "pack", KeyHTTPPort, 6060), "", layer(FromFile, "record", KeyFeatures, noPProf, KeyAdminPort, 6061), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			made, _, err := Resolve(tt.made)
			if err != nil {
				t.Fatal(err)
			}
			layers := []Layer{tt.pack, flags(KeyModule, mod)}
			if tt.record.Values != nil {
				layers = append(layers, tt.record)
			}
			a, _, err := Resolve(layers...)
			if err != nil {
				t.Fatal(err)
			}
			err = CheckChangedPorts(a, made, layers...)
			if tt.wantKey == "" {
				if err != nil {
					t.Fatalf("CheckChangedPorts() = %v, want nil", err)
				}
				return
			}
			var e *Error
			wantWhere := "preset:" + tt.wantKey
			if _, recorded := tt.record.Values[tt.wantKey]; recorded {
				wantWhere = "file:" + tt.wantKey
			}
			if !errors.As(err, &e) || e.Key != tt.wantKey || e.Where != wantWhere {
				t.Fatalf("CheckChangedPorts() = %#v, want an error for %s at %s", err, tt.wantKey, wantWhere)
			}
			if !strings.Contains(e.Reason, tt.wantFix) {
				t.Errorf("reason %q lacks %q", e.Reason, tt.wantFix)
			}
		})
	}
}

// TestProvidedFeatures checks the rule Resolve and presets show share: ci none leaves the
// ci feature out of a set nobody asked for it by name, any other provider keeps it, and
// the set given is not changed.
func TestProvidedFeatures(t *testing.T) {
	tests := []struct {
		ci   string
		want []string
	}{
		{"none", []string{"otel", "docker"}},
		{"github", []string{"otel", "ci", "docker"}},
		{"gitlab", []string{"otel", "ci", "docker"}},
	}
	for _, tt := range tests {
		features := []string{"otel", "ci", "docker"}
		if got := ProvidedFeatures(features, tt.ci); !slices.Equal(got, tt.want) {
			t.Errorf("ProvidedFeatures(%v, %q) = %v, want %v", features, tt.ci, got, tt.want)
		}
		if !slices.Equal(features, []string{"otel", "ci", "docker"}) {
			t.Errorf("ProvidedFeatures(_, %q) changed the set given: %v", tt.ci, features)
		}
	}
}
