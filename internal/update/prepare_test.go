package update

import (
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/merge"
)

// TestLabels names the versions of a conflict so that base and theirs differ whenever the
// update changes something: the gonew-prod version, the preset's version, or only where
// the preset comes from.
func TestLabels(t *testing.T) {
	rec := func(version, preset, presetVersion, source string) generator.Record {
		return generator.Record{Generator: generator.RecordGenerator{Version: version},
			Preset: generator.RecordPreset{Name: preset, Version: presetVersion, Source: source}}
	}
	tests := []struct {
		name     string
		from, to generator.Record
		haveBase bool
		want     merge.Labels
	}{
		{"a new gonew-prod", rec("v0.1.0", "default", "", "builtin"), rec("v0.2.0", "default", "", "builtin"), true,
			merge.Labels{Ours: "yours", Base: "gonew-prod v0.1.0", Theirs: "gonew-prod v0.2.0"}},
		{"a new preset version", rec("v0.2.0", "shop", "v1.0.0", "example.com/pack@v1.0.0"), rec("v0.2.0", "shop", "v1.1.0", "example.com/pack@v1.1.0"), true,
			merge.Labels{Ours: "yours", Base: "gonew-prod v0.2.0 preset shop v1.0.0", Theirs: "gonew-prod v0.2.0 preset shop v1.1.0"}},
		{"a pack from another directory", rec("v0.2.0", "shop", "", "packs/v1"), rec("v0.2.0", "shop", "", "packs/v2"), true,
			merge.Labels{Ours: "yours", Base: "gonew-prod v0.2.0 preset shop from packs/v1", Theirs: "gonew-prod v0.2.0 preset shop from packs/v2"}},
		{"no base", rec("v0.1.0", "default", "", "builtin"), rec("v0.2.0", "default", "", "builtin"), false,
			merge.Labels{Ours: "yours", Base: "gonew-prod v0.1.0 (unavailable)", Theirs: "gonew-prod v0.2.0"}},
	}
	for _, tt := range tests {
		if got := labels(tt.from, tt.to, tt.haveBase); got != tt.want {
			t.Errorf("%s: labels %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
