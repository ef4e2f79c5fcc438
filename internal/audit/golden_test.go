package audit

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// TestGoldenCasesPass audits every generated service under ../../golden: each passes
// every check, for every main package that serves HTTP.
func TestGoldenCasesPass(t *testing.T) {
	dirs, err := filepath.Glob("../../golden/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases found: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			r, err := repo.OpenIn(context.Background(), caseFS(t, dir), ".", dir)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Run(context.Background(), r, Options{})
			if err != nil {
				t.Fatal(err)
			}
			services := 0
			for _, m := range rep.Mains {
				if m.Service {
					services++
				}
			}
			if services != 1 {
				t.Errorf("%d main packages serve HTTP, want 1: %+v", services, rep.Mains)
			}
			if want := len(checks); len(rep.Results) != want {
				t.Errorf("%d results, want %d (every check once)", len(rep.Results), want)
			}
			for _, res := range rep.Results {
				if res.Status != Pass {
					t.Errorf("%s %s: %s: %s\n\t%v", res.Check, res.Main, res.Status, res.Message, res.Evidence)
				}
				if len(res.Evidence) == 0 {
					t.Errorf("%s: PASS without evidence", res.Check)
				}
			}
			if len(rep.Problems) > 0 {
				t.Errorf("problems: %v", rep.Problems)
			}
		})
	}
}
