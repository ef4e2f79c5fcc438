package generator

import (
	"slices"

	"github.com/gonew-prod/gonew-prod/internal/answers"
)

// Data is what every template sees. Field names are checked when a template executes, so
// a typo fails the render instead of producing an empty string.
type Data struct {
	Module    string   // module path, e.g. example.com/acme/orders
	Name      string   // service name, e.g. orders
	Framework string   // "gin" or "echo"
	GoVersion string   // Go language version of go.mod, e.g. 1.26
	CI        string   // "github", "gitlab" or "none"
	HTTPPort  int      // default public port
	AdminPort int      // default admin (pprof) port
	Features  Features // optional features
	// FeatureList is the enabled features in canonical order.
	FeatureList []string
	// Versions is the pinned dependency versions table (versions.yaml).
	Versions map[string]string
	// GoPrivate is a GOPRIVATE pattern for the org's private modules, empty if none.
	GoPrivate string
}

// Features holds one switch per optional feature.
type Features struct {
	OTel, MTLS, PProf, Docker, CI, K8s bool
}

// NewData builds template data from validated answers and the versions table.
func NewData(a answers.Answers, versions map[string]string) Data {
	return Data{
		Module:      a.Module,
		Name:        a.Name,
		Framework:   a.Framework,
		GoVersion:   a.Go,
		CI:          a.CI,
		HTTPPort:    a.HTTPPort,
		AdminPort:   a.AdminPort,
		FeatureList: slices.Clone(a.Features),
		Features: Features{
			OTel:   a.Has("otel"),
			MTLS:   a.Has("mtls"),
			PProf:  a.Has("pprof"),
			Docker: a.Has("docker"),
			CI:     a.Has("ci"),
			K8s:    a.Has("k8s"),
		},
		Versions: versions,
	}
}

// Has reports whether feature f is enabled.
func (d Data) Has(f string) bool { return slices.Contains(d.FeatureList, f) }
