package audit

import (
	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// record is what the checks read of the gonew-prod record (.gonew-prod.yaml): the
// features the project was made with.
type record struct {
	features    []string
	hasFeatures bool
	at          repo.Evidence // the features line
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
	rec := &record{hasFeatures: true, at: r.At(r.Record, feats.Line)}
	for _, f := range feats.Content {
		rec.features = append(rec.features, f.Value)
	}
	return rec
}
