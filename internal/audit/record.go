package audit

import (
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// record is what the checks read of the gonew-prod record (.gonew-prod.yaml): the
// features the project was made with.
type record struct {
	features    []string
	hasFeatures bool
	at          repo.Evidence // the features line
	// byNew is set when gonew-prod new wrote the record (it has no components, as the
	// record of add has): its features are a choice, and the optional features it leaves
	// out were left out on purpose.
	byNew bool
}

// featureComponents are the components that are optional features of gonew-prod new.
var featureComponents = []string{"docker", "ci", "otel", "mtls", "pprof", "k8s"}

// leftOut returns the components that the features of a record of gonew-prod new
// leave out: the team chose not to have them, so they are not lacking.
func (rec *record) leftOut() []string {
	if rec == nil || !rec.hasFeatures || !rec.byNew {
		return nil
	}
	var out []string
	for _, c := range featureComponents {
		if !slices.Contains(rec.features, c) {
			out = append(out, c)
		}
	}
	return out
}

// readRecord reads the record of r, or returns nil when there is none or it does not
// list features. A record that is not valid YAML is ignored here; the problem is the
// record's, not the audit's.
func readRecord(r *repo.Repo) *record {
	if r.Record == "" {
		return nil
	}
	src, _ := r.ReadFile(r.Record)
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	feats := get(get(doc.Content[0], "answers"), "features")
	if feats == nil || feats.Kind != yaml.SequenceNode {
		return nil
	}
	rec := &record{hasFeatures: true, at: r.At(r.Record, feats.Line), byNew: get(doc.Content[0], "components") == nil}
	for _, f := range feats.Content {
		rec.features = append(rec.features, f.Value)
	}
	return rec
}
