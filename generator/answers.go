package generator

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
)

// Answers are the values that decide what a project looks like. The engine owns this
// model: callers validate and resolve answers (defaults, presets, flags, prompts) and
// hand the result to the engine, which trusts it to be valid.
type Answers struct {
	Module    string   `yaml:"module"`        // module path, e.g. example.com/acme/orders
	Name      string   `yaml:"name"`          // service name, e.g. orders
	Framework string   `yaml:"framework"`     // HTTP framework, e.g. gin
	Go        string   `yaml:"go"`            // Go language version of go.mod, e.g. 1.26
	Features  []string `yaml:"features,flow"` // enabled features, in the manifest's order
	CI        string   `yaml:"ci"`            // CI provider, e.g. github
	HTTPPort  int      `yaml:"http_port"`     // default port of the public listener
	AdminPort int      `yaml:"admin_port"`    // default port of the admin listener
}

// Has reports whether feature f is enabled.
func (a Answers) Has(f string) bool { return slices.Contains(a.Features, f) }

// Scalar returns the value of a string-valued answers key, as manifest conditions compare
// it, and whether key names one.
func (a Answers) Scalar(key string) (string, bool) {
	switch key {
	case "module":
		return a.Module, true
	case "name":
		return a.Name, true
	case "framework":
		return a.Framework, true
	case "go":
		return a.Go, true
	case "ci":
		return a.CI, true
	}
	return "", false
}

// Data is what every template sees. Field names are checked when a template executes, so
// a typo fails the render instead of producing an empty string; Features holds every
// feature the manifest declares, so .Features.Typo fails too (missingkey=error).
type Data struct {
	Module    string // module path, e.g. example.com/acme/orders
	Name      string // service name, e.g. orders
	Framework string // HTTP framework, e.g. gin
	GoVersion string // Go version as answered, e.g. 1.26 or 1.26.3
	// GoLine is the go directive of go.mod: GoVersion as a release, e.g. 1.26.0.
	GoLine string
	// GoSeries is GoVersion's language version, e.g. 1.26 for 1.26.3: CI and the
	// build image take its latest patch release, go.mod's go line being a minimum.
	GoSeries  string
	CI        string // CI provider, e.g. github
	HTTPPort  int    // default public port
	AdminPort int    // default admin (pprof) port
	// Features maps the template name of every declared feature (OTel, MTLS, ...) to
	// whether it is on.
	Features map[string]bool
	// FeatureList is the enabled features, in the manifest's order.
	FeatureList []string
	// Versions is the pinned dependency versions table (versions.yaml).
	Versions map[string]string
	// GoPrivate is a GOPRIVATE pattern list for the org's private modules, empty if none.
	GoPrivate string
	// Vars are the caller's own values (Project.Vars).
	Vars map[string]string
	// replaced holds the output paths, as the manifest spells them, that a preset's
	// overlay writes or its removals leave out.
	replaced map[string]bool
	// builtins are the output paths of the manifest's files, as it spells them.
	builtins []string
}

// Builtin reports whether the preset leaves the file at path (as the manifest spells
// it: Makefile, cmd/{{.Name}}/main.go) to its built-in template, neither writing it from
// its overlay nor removing it, so that a template may test what only the built-in file
// does: {{if .Builtin "Makefile"}}. A path no built-in template writes (makefile, the
// rendered cmd/orders/main.go) is an error, which fails the render at the template's
// line: any answer would be meaningless.
func (d Data) Builtin(path string) (bool, error) {
	if slices.Contains(d.builtins, path) {
		return !d.replaced[path], nil
	}
	meant := ""
	for _, b := range d.builtins {
		if strings.EqualFold(b, path) || strings.ReplaceAll(b, "{{.Name}}", d.Name) == path {
			meant = " (" + b + " does)"
			break
		}
	}
	return false, fmt.Errorf(".Builtin %q: no built-in template writes %s%s; name an output path as templates/manifest.yaml spells it (Makefile, cmd/{{.Name}}/main.go)", path, path, meant)
}

// OrgPattern returns the GOPRIVATE pattern the README suggests for the modules of the
// service's organisation when the preset names none: the modules beside the service's
// (example.com/acme/* for example.com/acme/orders/v2), or the module path itself when it
// sits right under its host (github.com/acme, orders.example.com), so that the pattern
// never takes in a whole public host (github.com/*) or nothing at all (./*).
func (d Data) OrgPattern() string {
	mod := majorSuffix.ReplaceAllString(d.Module, "")
	if strings.Count(mod, "/") < 2 {
		return mod
	}
	return path.Dir(mod) + "/*"
}

// majorSuffix is a module path's major version suffix (/v2 and above).
var majorSuffix = regexp.MustCompile(`/v([2-9]|[1-9][0-9]+)$`)

// GoLine returns the go directive go.mod gets for the Go version answered: a language
// version (1.26) as its first release (1.26.0), as the go command writes it.
func GoLine(v string) string {
	if strings.Count(v, ".") == 1 {
		return v + ".0"
	}
	return v
}

// goSeries returns the language version of a Go version: 1.26 for 1.26 and 1.26.3.
func goSeries(v string) string {
	if major, rest, ok := strings.Cut(v, "."); ok {
		minor, _, _ := strings.Cut(rest, ".")
		return major + "." + minor
	}
	return v
}

// newData builds template data from answers, the manifest's features and the versions
// table.
func newData(a Answers, m Manifest, versions map[string]string, goPrivate string) Data {
	d := Data{
		Module:    a.Module,
		Name:      a.Name,
		Framework: a.Framework,
		GoVersion: a.Go,
		GoLine:    GoLine(a.Go),
		GoSeries:  goSeries(a.Go),
		CI:        a.CI,
		HTTPPort:  a.HTTPPort,
		AdminPort: a.AdminPort,
		Features:  make(map[string]bool, len(m.Features)),
		Versions:  versions,
		GoPrivate: goPrivate,
	}
	for _, e := range m.Files {
		d.builtins = append(d.builtins, e.Path)
	}
	for _, f := range m.Features {
		on := a.Has(f.Name)
		d.Features[f.Field] = on
		if on {
			d.FeatureList = append(d.FeatureList, f.Name)
		}
	}
	return d
}
