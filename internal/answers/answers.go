// Package answers holds the answers model of gonew-prod: the values that decide what a
// generated service looks like, their defaults, their validation rules, and how layers of
// values (built-in defaults, preset, answers file, flags, prompts) combine.
package answers

import (
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/module"
)

// Keys of the answers model, as spelled in answers files and presets.
const (
	KeyModule    = "module"
	KeyName      = "name"
	KeyFramework = "framework"
	KeyGo        = "go"
	KeyFeatures  = "features"
	KeyCI        = "ci"
	KeyHTTPPort  = "http_port"
	KeyAdminPort = "admin_port"
)

// Keys lists every key in the order they are shown to users.
var keys = []string{KeyModule, KeyName, KeyFramework, KeyGo, KeyFeatures, KeyCI, KeyHTTPPort, KeyAdminPort}

// Keys returns every key of the model in display order.
func Keys() []string { return slices.Clone(keys) }

// Frameworks, CI providers and features accepted by the model.
var (
	frameworks = []string{"gin", "echo"}
	providers  = []string{"github", "gitlab", "none"}
	features   = []string{"otel", "mtls", "pprof", "docker", "ci", "k8s"}
)

// Frameworks returns the accepted framework values.
func Frameworks() []string { return slices.Clone(frameworks) }

// Providers returns the accepted CI provider values.
func Providers() []string { return slices.Clone(providers) }

// Features returns every optional feature in canonical order.
func Features() []string { return slices.Clone(features) }

// MinGoMinor is the oldest Go 1.N release a generated project may target: the OTel SDK and
// the cgroup-aware GOMAXPROCS default both need Go 1.26.
const MinGoMinor = 26

// Answers is a complete, validated set of answers.
type Answers struct {
	Module    string   `yaml:"module"`
	Name      string   `yaml:"name"`
	Framework string   `yaml:"framework"`
	Go        string   `yaml:"go"`
	Features  []string `yaml:"features,flow"`
	CI        string   `yaml:"ci"`
	HTTPPort  int      `yaml:"http_port"`
	AdminPort int      `yaml:"admin_port"`
}

// Has reports whether feature f is enabled.
func (a Answers) Has(f string) bool { return slices.Contains(a.Features, f) }

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9-]{0,62}$`)

// Error is a validation error: which value was wrong, where it came from, and the rule.
type Error struct {
	Key    string // answers key, e.g. "module"
	Where  string // "--module", "answers.yaml:3:9", "preset default"
	Value  string // the offending value as given
	Reason string // the rule that was broken
}

func (e *Error) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("%s: %s: %s", e.Where, e.Key, e.Reason)
	}
	return fmt.Sprintf("%s: invalid %s %q: %s", e.Where, e.Key, e.Value, e.Reason)
}

// CheckModule validates a module path with the Go toolchain's own rules.
func CheckModule(v string) error {
	if v == "" {
		return fmt.Errorf("a module path is required, e.g. example.com/acme/orders")
	}
	if err := module.CheckPath(v); err != nil {
		return fmt.Errorf("not a valid Go module path: %w", err)
	}
	return nil
}

// CheckName validates a service name.
func CheckName(v string) error {
	if !nameRE.MatchString(v) {
		return fmt.Errorf("must match %s (lower-case letter first, then lower-case letters, digits or '-', at most 63 characters)", nameRE)
	}
	return nil
}

// CheckFramework validates a framework value.
func CheckFramework(v string) error { return oneOf(v, frameworks) }

// CheckCI validates a CI provider value.
func CheckCI(v string) error { return oneOf(v, providers) }

func oneOf(v string, allowed []string) error {
	if !slices.Contains(allowed, v) {
		return fmt.Errorf("must be one of %s", strings.Join(allowed, ", "))
	}
	return nil
}

// CheckFeature validates one feature name.
func CheckFeature(v string) error {
	if !slices.Contains(features, v) {
		return fmt.Errorf("unknown feature; known features are %s", strings.Join(features, ", "))
	}
	return nil
}

// CheckGo validates the Go language version of the generated go.mod.
func CheckGo(v string) error {
	minor, ok := goMinor(v)
	if !ok {
		return fmt.Errorf("must be a Go language version like 1.%d", MinGoMinor)
	}
	if minor < MinGoMinor {
		return fmt.Errorf("must be 1.%d or newer (the generated service needs Go 1.%d)", MinGoMinor, MinGoMinor)
	}
	return nil
}

// CheckPort validates a TCP port number.
func CheckPort(p int) error {
	if p < 1 || p > 65535 {
		return fmt.Errorf("must be a port number from 1 to 65535")
	}
	return nil
}

func goMinor(v string) (int, bool) {
	major, minor, ok := strings.Cut(v, ".")
	if !ok || major != "1" || minor == "" || strings.TrimLeft(minor, "0123456789") != "" || (len(minor) > 1 && minor[0] == '0') {
		return 0, false
	}
	n, err := strconv.Atoi(minor)
	if err != nil || n > 999 {
		return 0, false
	}
	return n, true
}

// DefaultGo returns the running toolchain's language version (1.N) when it is supported,
// and 1.26 otherwise.
func DefaultGo() string { return defaultGo(runtime.Version()) }

func defaultGo(toolchain string) string {
	v := strings.TrimPrefix(toolchain, "go")
	if major, rest, ok := strings.Cut(v, "."); ok && major == "1" {
		minor, _, _ := strings.Cut(rest, ".")
		minor, _, _ = strings.Cut(minor, "rc")
		minor, _, _ = strings.Cut(minor, "beta")
		if n, ok := goMinor("1." + minor); ok && n >= MinGoMinor {
			return "1." + minor
		}
	}
	return fmt.Sprintf("1.%d", MinGoMinor)
}

// NameFromModule derives a service name from a module path: its last element without a
// /vN suffix, lower-cased, with '_' and '.' turned into '-'.
func NameFromModule(mod string) string {
	prefix, _, ok := module.SplitPathVersion(mod)
	if !ok {
		prefix = mod
	}
	last := prefix[strings.LastIndex(prefix, "/")+1:]
	last = strings.ToLower(last)
	last = strings.NewReplacer("_", "-", ".", "-").Replace(last)
	return last
}
