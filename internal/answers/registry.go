package answers

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/builtin"
)

// Kind is the type of a key's values.
type Kind int

// Kinds of values.
const (
	String Kind = iota // a string
	Int                // a decimal integer
	Set                // a set of strings, written as a list
)

// PromptKind is how a key is asked on a terminal.
type PromptKind int

// Prompt kinds.
const (
	NoPrompt    PromptKind = iota // never asked
	Input                         // a line of text
	Select                        // one of Options
	MultiSelect                   // any of Options
)

// Option is one accepted value of a key, with its help.
type Option struct {
	Value  string
	Help   string // one line
	Detail string // a longer explanation, shown on request
}

// Key declares one answers key: how it is spelled as a flag, its type, default, help and
// prompt, the feature it belongs to and its rule. Flags, help, defaults, prompts, the
// summary, validation, preset display, the record and equality all derive from it.
type Key struct {
	Name string // as in answers files, presets and records, e.g. http_port
	// Flag is the command-line flag setting the key, "" when none does (features are set
	// with --with and --without).
	Flag     string
	Kind     Kind
	Help     string // flag help
	Question string // prompt question
	Prompt   PromptKind
	// Feature names the feature the key matters for: its value is used, checked and
	// asked only when the feature is on. "" means always.
	Feature string
	// Item names one element of a Set, e.g. "feature".
	Item string
	// Options lists the accepted values of an enumeration (String or Set), else nil.
	Options func() []Option
	// Default returns the built-in default, or nil when there is none (the key is
	// required or derived from another).
	Default func() any
	// check validates a value of the right type.
	check func(v any) error
	// same, when set, reports whether two values of a String key make the same project.
	same func(x, y any) bool
	get  func(generator.Answers) any
	set  func(*generator.Answers, any)
}

// registry lists every key in display order.
var registry = []*Key{
	{
		Name: KeyModule, Flag: "module", Kind: String, Prompt: Input,
		Help:     "module path of the new service, e.g. example.com/acme/orders (required)",
		Question: "Module path (e.g. example.com/acme/orders):",
		check:    func(v any) error { return CheckModule(v.(string)) },
		get:      func(a generator.Answers) any { return a.Module },
		set:      func(a *generator.Answers, v any) { a.Module = v.(string) },
	},
	{
		Name: KeyName, Flag: "name", Kind: String, Prompt: Input,
		Help:     "service name (default: last element of the module path)",
		Question: "Service name:",
		check:    func(v any) error { return CheckName(v.(string)) },
		get:      func(a generator.Answers) any { return a.Name },
		set:      func(a *generator.Answers, v any) { a.Name = v.(string) },
	},
	{
		Name: KeyFramework, Flag: "framework", Kind: String, Prompt: Select,
		Help:     "HTTP framework",
		Question: "HTTP framework:",
		Options: func() []Option {
			return []Option{
				{Value: "gin", Help: "Gin (github.com/gin-gonic/gin), the most widely used Go router"},
				{Value: "echo", Help: "Echo v5 (github.com/labstack/echo/v5)"},
			}
		},
		Default: func() any { return "gin" },
		get:     func(a generator.Answers) any { return a.Framework },
		set:     func(a *generator.Answers, v any) { a.Framework = v.(string) },
	},
	{
		Name: KeyGo, Flag: "go", Kind: String, Prompt: Select,
		Help:     fmt.Sprintf("Go language version of the generated go.mod (1.%d or newer, at most the running toolchain's)", MinGoMinor),
		Question: "Go version of the generated go.mod:",
		Default:  func() any { return DefaultGo() },
		check:    func(v any) error { return checkGoLine(v.(string)) },
		// 1.26 and 1.26.0 write the same go line.
		same: func(x, y any) bool {
			xs, ok1 := x.(string)
			ys, ok2 := y.(string)
			return ok1 && ok2 && generator.GoLine(xs) == generator.GoLine(ys)
		},
		get: func(a generator.Answers) any { return a.Go },
		set: func(a *generator.Answers, v any) { a.Go = v.(string) },
	},
	{
		Name: KeyFeatures, Kind: Set, Item: "feature", Prompt: MultiSelect,
		Help:     "optional features",
		Question: "Features:",
		Options:  featureOptions,
		Default:  func() any { return Features() },
		get:      func(a generator.Answers) any { return slices.Clone(a.Features) },
		set:      func(a *generator.Answers, v any) { a.Features = slices.Clone(v.([]string)) },
	},
	{
		Name: KeyCI, Flag: "ci", Kind: String, Prompt: Select, Feature: "ci",
		Help:     "CI provider",
		Question: "CI provider:",
		Options: func() []Option {
			return []Option{
				{Value: "github", Help: "GitHub Actions (.github/workflows)"},
				{Value: "gitlab", Help: "GitLab CI (.gitlab-ci.yml)"},
				{Value: "none", Help: "no CI configuration"},
			}
		},
		Default: func() any { return "github" },
		get:     func(a generator.Answers) any { return a.CI },
		set:     func(a *generator.Answers, v any) { a.CI = v.(string) },
	},
	{
		Name: KeyHTTPPort, Flag: "http-port", Kind: Int,
		Help:    "default port of the public HTTP listener",
		Default: func() any { return 8080 },
		check:   func(v any) error { return CheckPort(v.(int)) },
		get:     func(a generator.Answers) any { return a.HTTPPort },
		set:     func(a *generator.Answers, v any) { a.HTTPPort = v.(int) },
	},
	{
		Name: KeyAdminPort, Flag: "admin-port", Kind: Int, Feature: "pprof",
		Help:    "default port of the admin (pprof) listener",
		Default: func() any { return 6060 },
		check:   func(v any) error { return CheckPort(v.(int)) },
		get:     func(a generator.Answers) any { return a.AdminPort },
		set:     func(a *generator.Answers, v any) { a.AdminPort = v.(int) },
	},
}

// Registry returns every key in display order.
func Registry() []*Key { return slices.Clone(registry) }

// Lookup returns the key called name.
func Lookup(name string) (*Key, bool) {
	i := slices.IndexFunc(registry, func(k *Key) bool { return k.Name == name })
	if i < 0 {
		return nil, false
	}
	return registry[i], true
}

// Get returns k's value in a.
func (k *Key) Get(a Answers) any { return k.get(a) }

// checkItem validates item as one element of a Set key's list.
func (k *Key) checkItem(item string) error {
	if known := optionValues(k.Options()); !slices.Contains(known, item) {
		return fmt.Errorf("unknown %s; known %ss are %s", k.Item, k.Item, strings.Join(known, ", "))
	}
	return nil
}

// Check validates v as a value of k: its type, then its options or rule.
func (k *Key) Check(v any) error {
	switch k.Kind {
	case String:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("must be a string")
		}
		if k.Options != nil {
			return oneOf(s, optionValues(k.Options()))
		}
	case Int:
		if _, ok := v.(int); !ok {
			return fmt.Errorf("must be an integer")
		}
	case Set:
		list, ok := v.([]string)
		if !ok {
			return fmt.Errorf("must be a list")
		}
		for _, item := range list {
			if err := k.checkItem(item); err != nil {
				return fmt.Errorf("%q: %w", item, err)
			}
		}
	}
	if k.check != nil {
		return k.check(v)
	}
	return nil
}

// Equal reports whether x and y are the same value of k: sets compare as sets, and Go
// versions by the go line they write (1.26 is 1.26.0).
func (k *Key) Equal(x, y any) bool {
	if k.same != nil {
		return k.same(x, y)
	}
	if k.Kind != Set {
		return x == y
	}
	xs, ok1 := x.([]string)
	ys, ok2 := y.([]string)
	if !ok1 || !ok2 {
		return false
	}
	xs, ys = slices.Clone(xs), slices.Clone(ys)
	slices.Sort(xs)
	slices.Sort(ys)
	return slices.Equal(slices.Compact(xs), slices.Compact(ys))
}

// Format shows a value of k as users write it.
func (k *Key) Format(v any) string {
	switch v := v.(type) {
	case []string:
		if len(v) == 0 {
			return "(none)"
		}
		return strings.Join(v, ", ")
	case int:
		return strconv.Itoa(v)
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// Applies reports whether k matters for answers a: its feature, if any, is on.
func (k *Key) Applies(a Answers) bool { return k.Feature == "" || a.Has(k.Feature) }

func optionValues(opts []Option) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.Value
	}
	return out
}

// featureOptions lists the features the built-in manifest declares.
func featureOptions() []Option {
	m, err := builtin.Manifest()
	if err != nil {
		panic(fmt.Sprintf("the built-in %s is invalid: %v", generator.ManifestFile, err)) // a build defect, caught by every test
	}
	out := make([]Option, len(m.Features))
	for i, f := range m.Features {
		out[i] = Option{Value: f.Name, Help: f.Help, Detail: f.Detail}
	}
	return out
}
