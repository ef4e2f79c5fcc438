package audit

import (
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// record is what the checks read of the gonew-prod record (.gonew-prod.yaml): the
// features the project was made with.
type record struct {
	features    []string
	hasFeatures bool
	at          repo.Evidence // the features line
	// adminPort is the recorded answer admin_port, the port of the admin listener
	// that gonew-prod add pprof writes; "" when there is none.
	adminPort string
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

// readRecord reads the record that governs the main packages in under (a directory
// relative to the root, "." for all of them), or returns nil when there is none or it
// does not list features. That is the root's record for the root and the directories
// of the module at the root; for a directory of a module nested below the root (a
// monorepo's service), it is that module's record: the one in the module's directory,
// or one in a directory above whose vars.moduleDir names the module (add run at the
// root for it), never the record of the repository around it. A record that is not
// valid YAML is ignored here; the problem is the record's, not the audit's.
func readRecord(r *repo.Repo, under string) *record {
	mod := moduleOf(r, under)
	for d := mod; ; d = path.Dir(d) {
		p := path.Join(d, ".gonew-prod.yaml")
		if slices.Contains(r.Records, p) {
			if doc := recordDoc(r, p); doc != nil && (mod == "." || path.Join(d, scalar(get(get(doc, "vars"), "moduleDir"))) == mod) {
				return parseRecord(r, p, doc)
			}
		}
		if d == "." {
			return nil
		}
	}
}

// moduleOf returns the directory of the innermost module of r that holds dir, else
// ".".
func moduleOf(r *repo.Repo, dir string) string {
	mod := "."
	for _, m := range r.Modules {
		if (m.Dir == dir || m.Dir == "." || strings.HasPrefix(dir, m.Dir+"/")) && len(m.Dir) > len(mod) {
			mod = m.Dir
		}
	}
	return mod
}

// recordDoc returns the top mapping of the record at p, or nil when it is not YAML.
func recordDoc(r *repo.Repo, p string) *yaml.Node {
	src, _ := r.ReadFile(p)
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// scalar returns the value of n when it is a scalar, else "".
func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// parseRecord reads the features of the record at p, whose top mapping is doc.
func parseRecord(r *repo.Repo, p string, doc *yaml.Node) *record {
	feats := get(get(doc, "answers"), "features")
	if feats == nil || feats.Kind != yaml.SequenceNode {
		return nil
	}
	rec := &record{hasFeatures: true, at: r.At(p, feats.Line), byNew: get(doc, "components") == nil, adminPort: scalar(get(get(doc, "answers"), "admin_port"))}
	for _, f := range feats.Content {
		rec.features = append(rec.features, f.Value)
	}
	return rec
}
