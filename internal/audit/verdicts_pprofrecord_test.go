package audit

import (
	"context"
	"strings"
	"testing"
)

// TestPprofFixRecord audits a service that serves no profiles under the record of
// gonew-prod new that governs it: the pprof row's fix says what gonew-prod add
// pprof would write, on the admin port the record names, or, when the record's
// preset locks features without pprof, that add cannot add it.
func TestPprofFixRecord(t *testing.T) {
	const (
		lock  = "preset lean (./pk) locks features to docker,ci"
		added = "gonew-prod add pprof serves profiles on a separate admin listener (127.0.0.1:%s) behind a bearer token."
	)
	record := func(features, adminPort string) string {
		rec := "answers:\n  module: example.test/svc\n  features: [" + features + "]\n  ci: github\n"
		if adminPort != "" {
			rec += "  admin_port: " + adminPort + "\n"
		}
		return rec
	}
	tests := []struct {
		name   string
		record string // "" for none
		locks  map[string]string
		want   string
	}{
		{name: "no record", want: strings.Replace(added, "%s", "6060", 1)},
		{name: "the recorded admin port", record: record("docker, ci", "7070"), want: strings.Replace(added, "%s", "7070", 1)},
		{name: "a record without an admin port", record: record("docker, ci", ""), want: strings.Replace(added, "%s", "6060", 1)},
		{name: "an admin port that is no port", record: record("docker, ci", "admin"), want: strings.Replace(added, "%s", "6060", 1)},
		{name: "a preset that locks pprof out", record: record("docker, ci", "7070"), locks: map[string]string{".gonew-prod.yaml": lock},
			want: lock + ", so gonew-prod add cannot add pprof: if profiles are wanted, " + LockedOutFix + "."},
		{name: "a preset whose lock holds pprof", record: record("docker, ci, pprof", "7070"), locks: map[string]string{".gonew-prod.yaml": "preset full (./pk) locks features to docker,ci,pprof"},
			want: strings.Replace(added, "%s", "7070", 1)},
		{name: "a lock of another record", record: record("docker, ci", "7070"), locks: map[string]string{"services/x/.gonew-prod.yaml": lock},
			want: strings.Replace(added, "%s", "7070", 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}
			if tt.record != "" {
				files[".gonew-prod.yaml"] = tt.record
			}
			rep, err := Run(context.Background(), openInlineAt(t, files, ""), Options{Only: []string{"pprof"}, FeatureLocks: tt.locks})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Results) != 1 {
				t.Fatalf("%d results, want 1: %+v", len(rep.Results), rep.Results)
			}
			if res := rep.Results[0]; res.Status != Pass || res.Fix != tt.want {
				t.Fatalf("pprof: %s %q, fix %q\n\twant PASS, fix %q", res.Status, res.Message, res.Fix, tt.want)
			}
		})
	}
}
