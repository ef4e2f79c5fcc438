package audit

import (
	"slices"
	"strings"
	"testing"
)

// TestBazelBuilds: a go_binary in a BUILD file, or a bazel build or bazel run in CI,
// is a build this audit does not read: ldflags and static-image are UNKNOWN naming it
// instead of WARN that no build exists, and those results do not make the
// repository lack version or docker.
func TestBazelBuilds(t *testing.T) {
	const binary = "load(\"@rules_go//go:def.bzl\", \"go_binary\", \"go_library\")\n\ngo_library(\n    name = \"api_lib\",\n    srcs = [\"main.go\"],\n)\n\ngo_binary(\n    name = \"api\",\n    embed = [\":api_lib\"],\n    x_defs = {\"version\": \"{STABLE_VERSION}\"},\n)\n"
	const library = "go_library(\n    name = \"api_lib\",\n    srcs = [\"main.go\"],\n)\n"
	workflow := func(run string) string {
		return "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: " + run + "\n"
	}
	files := func(extra ...string) map[string]string {
		out := map[string]string{"go.mod": buildGoMod, "cmd/api/main.go": buildMainGo}
		for i := 0; i+1 < len(extra); i += 2 {
			out[extra[i]] = extra[i+1]
		}
		return out
	}
	tests := []struct {
		name    string
		files   map[string]string
		check   string
		want    Status
		message string
	}{
		{"a go_binary in BUILD.bazel: ldflags", files("cmd/api/BUILD.bazel", binary), "ldflags", Unknown, "the Bazel build (cmd/api/BUILD.bazel:8 (go_binary)) is not read by this audit"},
		{"a go_binary in BUILD.bazel: static-image", files("cmd/api/BUILD.bazel", binary), "static-image", Unknown, "no Dockerfile builds this package; the Bazel build (cmd/api/BUILD.bazel:8 (go_binary)) is not read by this audit"},
		{"a go_binary in a BUILD file", files("cmd/api/BUILD", binary), "ldflags", Unknown, "the Bazel build (cmd/api/BUILD:8 (go_binary))"},
		{"bazel build in CI", files(".github/workflows/ci.yml", workflow("bazel build --stamp //cmd/api:image")), "ldflags", Unknown, "the Bazel build (`bazel build --stamp //cmd/api:image`) is not read by this audit"},
		{"bazelisk run with a startup option in CI", files(".github/workflows/ci.yml", workflow("bazelisk --output_base=/tmp/b run //cmd/api:push")), "static-image", Unknown, "the Bazel build (`bazelisk --output_base=/tmp/b run //cmd/api:push`)"},
		{"only a go_library", files("cmd/api/BUILD.bazel", library), "ldflags", Warn, "no Makefile, Dockerfile, GoReleaser, ko or CI build of this package"},
		{"only bazel test in CI", files(".github/workflows/ci.yml", workflow("bazel test //...")), "static-image", Warn, "no Dockerfile builds this package"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := auditInlineReport(t, tt.files, "", tt.check)
			res := rep.Results[0]
			if res.Status != tt.want || !strings.Contains(res.Message, tt.message) {
				t.Fatalf("%s: %s %q\n\twant %s with %q", tt.check, res.Status, res.Message, tt.want, tt.message)
			}
			if lack := rep.Lacking(""); tt.want == Unknown && slices.Contains(lack, res.Component) {
				t.Fatalf("lacking %v: %s from a Bazel build this audit does not read", lack, res.Component)
			}
		})
	}
}

// TestBazelTests: CI that tests with bazel test (or bazelisk, bazel coverage) may run
// the race detector under rules_go's race setting, which this audit does not read:
// ci is UNKNOWN naming the Bazel run, not WARN "CI does not run go test -race"; a
// Bazel test whose failure CI ignores, or a bazel build, does not count.
func TestBazelTests(t *testing.T) {
	workflow := func(runs ...string) string {
		w := "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: golangci/golangci-lint-action@v6\n"
		for _, r := range runs {
			w += "      - run: " + r + "\n"
		}
		return w
	}
	tests := []struct {
		name    string
		ci      string
		bazelrc string
		want    Status
		message string
	}{
		{"race flag on the command line", workflow("go vet ./...", "bazel test --@io_bazel_rules_go//go/config:race //..."), "", Unknown, "CI runs go vet and a linter; CI tests with Bazel (`bazel test --@io_bazel_rules_go//go/config:race //...`), which this audit does not read"},
		{"race flag in .bazelrc", workflow("go vet ./...", "bazelisk --output_base=/tmp/b test //..."), "test --@rules_go//go/config:race\n", Unknown, "CI tests with Bazel (`bazelisk --output_base=/tmp/b test //...`)"},
		{"bazel coverage, no linter", "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./...\n      - run: bazel coverage //...\n", "", Unknown, "CI does not run a linter (golangci-lint or staticcheck) in the files read; CI tests with Bazel (`bazel coverage //...`)"},
		{"failure ignored", workflow("go vet ./...", "bazel test //... || true"), "", Warn, "CI does not run go test -race"},
		{"bazel build only", workflow("go vet ./...", "bazel build //..."), "", Warn, "CI does not run go test -race"},
		{"go test -race beside it", workflow("go vet ./...", "go test -race ./...", "bazel test //..."), "", Pass, "CI runs go vet, go test -race and a linter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"go.mod": buildGoMod, "cmd/api/main.go": buildMainGo, ".github/workflows/ci.yml": tt.ci, "MODULE.bazel": "module(name = \"bz\")\n"}
			if tt.bazelrc != "" {
				files[".bazelrc"] = tt.bazelrc
			}
			res := auditInlineReport(t, files, "", "ci").Results[0]
			if res.Status != tt.want || !strings.Contains(res.Message, tt.message) {
				t.Fatalf("ci: %s %q\n\twant %s with %q", res.Status, res.Message, tt.want, tt.message)
			}
		})
	}
}
