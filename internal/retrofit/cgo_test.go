package retrofit

import "testing"

// TestSetVarsCgo: the cgo values the Dockerfile, gonew-prod.mk and CI are rendered with
// say the program needs cgo exactly when audit's static-image check does: for an
// import "C", a package that needs cgo, and a package that needs it through a module
// it imports (gorm.io/driver/sqlite), in the main package or a package it imports.
func TestSetVarsCgo(t *testing.T) {
	const serve = "\thttp.HandleFunc(\"/\", func(http.ResponseWriter, *http.Request) {})\n\t_ = http.ListenAndServe(\":8080\", nil)\n"
	mainWith := func(imp, use string) string {
		return "package main\n\nimport (\n\t\"net/http\"\n\n\t" + imp + "\n)\n\nfunc main() {\n" + use + serve + "}\n"
	}
	tests := []struct {
		name   string
		files  map[string]string
		reason string // "" when the program needs no cgo
	}{
		{name: "pure Go", files: map[string]string{"main.go": "package main\n\nimport \"net/http\"\n\nfunc main() {\n" + serve + "}\n"}},
		{name: "go-sqlite3", files: map[string]string{"main.go": mainWith(`_ "github.com/mattn/go-sqlite3"`, "")},
			reason: "github.com/mattn/go-sqlite3"},
		// The reason names no go.mod line (audit's does), which moves as go.mod changes.
		{name: "gorm's sqlite driver", files: map[string]string{
			"main.go": mainWith(`"gorm.io/driver/sqlite"`, "\t_ = sqlite.Open(\"app.db\")\n"),
			"go.mod":  "module example.com/x\n\ngo 1.26\n\nrequire gorm.io/driver/sqlite v1.6.0\n\nrequire github.com/mattn/go-sqlite3 v1.14.28 // indirect\n",
		},
			reason: "gorm.io/driver/sqlite, which uses github.com/mattn/go-sqlite3"},
		{name: "gorm's sqlite driver in an imported package", files: map[string]string{
			"main.go":                 mainWith(`"example.com/x/internal/store"`, "\t_ = store.Open()\n"),
			"internal/store/store.go": "package store\n\nimport \"gorm.io/driver/sqlite\"\n\n// Open opens the store.\nfunc Open() any { return sqlite.Open(\"app.db\") }\n",
		}, reason: "gorm.io/driver/sqlite, which uses github.com/mattn/go-sqlite3"},
		{name: "golang-migrate's sqlite3 driver", files: map[string]string{"main.go": mainWith(`_ "github.com/golang-migrate/migrate/v4/database/sqlite3"`, "")},
			reason: "github.com/golang-migrate/migrate/v4/database/sqlite3, which uses github.com/mattn/go-sqlite3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := inlineTarget(t, tt.files)
			p := newTestPlanner(target, nil)
			p.plan.Components = []string{"docker"}
			if err := p.setVars(); err != nil {
				t.Fatal(err)
			}
			want := map[bool]string{true: "true", false: "false"}[tt.reason != ""]
			if got := p.vars["cgo"]; got != want || p.vars["cgoReason"] != tt.reason {
				t.Errorf("cgo = %s (%q), want %s (%q)", got, p.vars["cgoReason"], want, tt.reason)
			}
		})
	}
}
