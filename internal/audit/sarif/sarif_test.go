package sarif

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/gonew-prod/gonew-prod/internal/audit"
	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// schemaFile is the OASIS SARIF 2.1.0 schema (errata 01), vendored.
const schemaFile = "testdata/sarif-schema-2.1.0.json"

// TestSchema writes the SARIF log of every synthetic audit case and validates it
// against the official SARIF 2.1.0 JSON schema.
func TestSchema(t *testing.T) {
	schema := compile(t)
	dirs, _ := filepath.Glob("../testdata/*")
	if len(dirs) == 0 {
		t.Fatal("no audit cases found")
	}
	results := 0
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		r, err := repo.OpenIn(context.Background(), os.DirFS(dir), ".", dir)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := audit.Run(context.Background(), r, audit.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := Write(&buf, rep, "test"); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%s: SARIF log does not validate: %v", dir, err)
		}
		var log struct {
			Runs []struct {
				Results []struct {
					RuleID string `json:"ruleId"`
					Level  string `json:"level"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		if got, want := len(log.Runs[0].Results), rep.Summary.Fail+rep.Summary.Warn+rep.Summary.Unknown; got != want {
			t.Errorf("%s: %d SARIF results, want %d (one per result that is not PASS)", dir, got, want)
		}
		results += len(log.Runs[0].Results)
	}
	if results == 0 {
		t.Error("no SARIF result in any case: the schema check saw no result object")
	}
}

// TestSchemaRejects makes sure the validation can fail: a log without the required
// version is refused.
func TestSchemaRejects(t *testing.T) {
	schema := compile(t)
	inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"runs": []}`))
	if schema.Validate(inst) == nil {
		t.Error("a log without version validated")
	}
}

// compile compiles the vendored schema.
func compile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaURI, doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(SchemaURI)
	if err != nil {
		t.Fatal(err)
	}
	return schema
}
