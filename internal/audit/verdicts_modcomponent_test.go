package audit

import (
	"slices"
	"strings"
	"testing"
)

// TestModVerifyComponent audits modverify results for the component they carry:
// ci only when what is wrong is something gonew-prod add ci supplies (CI that
// verifies modules), none for a go.sum that is missing or ignored or a checksum
// bypass, which add ci does not change.
func TestModVerifyComponent(t *testing.T) {
	const main = "package main\n\nimport \"github.com/google/uuid\"\n\nfunc main() { _ = uuid.NewString() }\n"
	const goMod = "module example.test/c\n\ngo 1.26\n\nrequire github.com/google/uuid v1.6.0\n"
	const goSum = "github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\n"
	workflow := func(env, run string) string {
		return "on: [push]\n" + env + "jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: " + run + "\n"
	}
	tests := []struct {
		name      string
		files     map[string]string
		want      Status
		message   string
		component string
	}{
		{
			name:  "go.sum missing, CI verifies modules",
			files: map[string]string{"go.mod": goMod, "main.go": main, ".github/workflows/ci.yml": workflow("", "go mod verify")},
			want:  Fail, message: "go.sum is missing", component: "",
		},
		{
			name:  "go.sum git-ignored, CI verifies modules",
			files: map[string]string{"go.mod": goMod, "go.sum": goSum, ".gitignore": "go.sum\n", "main.go": main, ".github/workflows/ci.yml": workflow("", "go mod verify")},
			want:  Fail, message: "go.sum is git-ignored", component: "",
		},
		{
			name:  "GOSUMDB=off, CI verifies modules",
			files: map[string]string{"go.mod": goMod, "go.sum": goSum, "main.go": main, ".github/workflows/ci.yml": workflow("env:\n  GOSUMDB: \"off\"\n", "go mod verify")},
			want:  Fail, message: "GOSUMDB=off turns the checksum database off", component: "",
		},
		{
			name:  "go.sum missing, CI does not verify modules",
			files: map[string]string{"go.mod": goMod, "main.go": main, ".github/workflows/ci.yml": workflow("", "go test ./...")},
			want:  Fail, message: "go.sum is missing: dependencies are not pinned by checksum; CI neither runs go mod verify", component: "ci",
		},
		{
			name:  "CI does not verify modules",
			files: map[string]string{"go.mod": goMod, "go.sum": goSum, "main.go": main, ".github/workflows/ci.yml": workflow("", "go test ./...")},
			want:  Warn, message: "CI neither runs go mod verify", component: "ci",
		},
		{
			name:  "no CI",
			files: map[string]string{"go.mod": goMod, "go.sum": goSum, "main.go": main},
			want:  Warn, message: "CI neither runs go mod verify", component: "ci",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := auditInlineReport(t, tt.files, ".", "modverify")
			res := rep.Results[0]
			if res.Status != tt.want || !strings.Contains(res.Message, tt.message) || res.Component != tt.component {
				t.Fatalf("modverify: %s %q, component %q\n\twant %s with %q, component %q", res.Status, res.Message, res.Component, tt.want, tt.message, tt.component)
			}
			if lack := rep.Lacking(""); slices.Contains(lack, "ci") != (tt.component == "ci") {
				t.Fatalf("Lacking = %v, want ci in it only when the result carries it", lack)
			}
		})
	}
}
