package audit

import (
	"strings"
	"testing"
)

// TestParseHCL reads bake files in HCL: the target attributes that are literals come
// out as such, expressions as opaque, and a file cut anywhere is read or refused,
// never a crash.
func TestParseHCL(t *testing.T) {
	const src = "# images\nvariable \"TAG\" {\n  default = \"latest\"\n  validation {\n    condition = TAG != \"\"\n  }\n}\n\n" +
		"group \"default\" {\n  targets = [\"api\", \"worker\"]\n}\n\n" +
		"target \"api\" {\n  /* the service */\n  context    = \"./svc\" // beside the code\n  dockerfile = \"build/Dockerfile\"\n  target     = \"release\"\n" +
		"  args = {\n    CGO = \"0\"\n    VERSION = \"${TAG}\"\n    \"QUOTED\" : \"a\\\"b\"\n  }\n  tags = [for t in [\"a\"] : \"ghcr.io/acme/${t}\"]\n" +
		"  platforms = split(\",\", \"linux/amd64,linux/arm64\")\n  annotations = <<-EOT\n    x=1\n    EOT\n  no-cache = true\n  shm-size = 1 + 2\n}\n"
	blocks, err := parseHCL(src)
	if err != nil {
		t.Fatal(err)
	}
	var api *hclBlock
	for i, b := range blocks {
		if b.kind == "target" {
			api = &blocks[i]
		}
	}
	if len(blocks) != 3 || api == nil || api.labels[0] != "api" || api.line != 13 {
		t.Fatalf("blocks %+v", blocks)
	}
	tests := []struct {
		attr  string
		check func(hclValue) bool
	}{
		{"context", func(v hclValue) bool { return v.isStr && v.str == "./svc" && v.line == 15 }},
		{"dockerfile", func(v hclValue) bool { return v.isStr && v.str == "build/Dockerfile" }},
		{"target", func(v hclValue) bool { return v.isStr && v.str == "release" && v.line == 17 }},
		{"args", func(v hclValue) bool {
			return v.isObj && v.fields["CGO"].isStr && v.fields["CGO"].str == "0" && v.fields["VERSION"].opaque && v.fields["QUOTED"].str == "a\"b"
		}},
		{"tags", func(v hclValue) bool { return v.isList && len(v.list) == 1 && v.list[0].opaque }}, // a for expression: no literal
		{"platforms", func(v hclValue) bool { return v.opaque }},
		{"annotations", func(v hclValue) bool { return v.opaque }},
		{"no-cache", func(v hclValue) bool { return !v.isStr && !v.opaque }},
		{"shm-size", func(v hclValue) bool { return v.opaque && v.line == 29 }},
	}
	for _, tt := range tests {
		if v, ok := api.attrs[tt.attr]; !ok || !tt.check(v) {
			t.Errorf("%s: %+v", tt.attr, v)
		}
	}
	if g := groupTargets(blocks[1].attrs["targets"]); strings.Join(g, " ") != "api worker" {
		t.Errorf("group targets %q", g)
	}
	for i := range len(src) {
		if _, err := parseHCL(src[:i]); err == nil && strings.Count(src[:i], "{") > strings.Count(src[:i], "}") {
			t.Errorf("cut at %d: an open block read without error", i)
		}
	}
}
