package audit

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// TestMemoryLimitAsTheRuntimeReadsIt: memoryLimit accepts the GOMEMLIMIT values the
// runtime accepts, with the limit it sets, and refuses those it aborts on. Each value
// is given to this test binary run again, whose runtime reports the limit it read or
// dies with "malformed GOMEMLIMIT".
func TestMemoryLimitAsTheRuntimeReadsIt(t *testing.T) {
	if os.Getenv("AUDIT_MEMLIMIT_CHILD") == "1" {
		fmt.Printf("limit=%d\n", debug.SetMemoryLimit(-1))
		os.Exit(0)
	}
	for _, v := range []string{"", "off", "0", "400MiB", "450Mi", "1G", "1GiB", "512MB", "512M", "1024B", "1024",
		"1KiB", "2TiB", "8388607TiB", "8388608TiB", "9223372036854775807", "9223372036854775807B", "9223372036854775808",
		"+5MiB", "-0", "-1", "1 GiB", " 1GiB", "1GiB ", "1gib", "1KIB", "KiB", "iB", "B", "1iB", "1EiB", "OFF", "0x10", "1_000", "1.5GiB", "5e8"} {
		t.Run(strconv.Quote(v), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestMemoryLimitAsTheRuntimeReadsIt$")
			cmd.Env = append(os.Environ(), "AUDIT_MEMLIMIT_CHILD=1", "GOMEMLIMIT="+v)
			out, err := cmd.CombinedOutput()
			got, ok := memoryLimit(v)
			switch {
			case strings.Contains(string(out), "malformed GOMEMLIMIT"):
				if ok {
					t.Errorf("memoryLimit(%q) = %d, true; the runtime refuses it", v, got)
				}
			case err != nil:
				t.Fatalf("child: %v\n%s", err, out)
			default:
				want := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(string(out)), "limit="))
				if !ok || strconv.FormatInt(got, 10) != want {
					t.Errorf("memoryLimit(%q) = %d, %v; the runtime sets %s", v, got, ok, want)
				}
			}
		})
	}
}

// TestProcsMemoryLimitOfTheContainer: procs counts a GOMEMLIMIT as a memory limit only
// when the runtime reads it as one: a value it refuses (a Kubernetes quantity) stops
// the program at start, a Downward API value in other units than bytes is a limit of
// a few bytes, and a container's env replaces the ENV of the image it runs.
func TestProcsMemoryLimitOfTheContainer(t *testing.T) {
	main := "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n"
	deployment := func(container, env string) string {
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc\nspec:\n  template:\n    spec:\n      containers:\n" +
			"        - name: " + container + "\n          image: ghcr.io/acme/" + container + ":1.0.0\n          env:\n" + env
	}
	value := func(v string) string {
		return "            - name: GOMEMLIMIT\n              value: \"" + v + "\"\n"
	}
	fieldRef := func(ref string) string {
		return "            - name: GOMEMLIMIT\n              valueFrom:\n                resourceFieldRef: {" + ref + "}\n"
	}
	dockerfile := func(env string) string {
		return "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/svc\n\nFROM scratch\nCOPY --from=build /out/app /app\n" + env + "ENTRYPOINT [\"/app\"]\n"
	}
	tests := []struct {
		name    string
		files   map[string]string
		want    Status
		message string // a part of the message
		fix     string // a part of the fix, or ""
		at      string // an evidence file:line, or ""
	}{
		{"a Kubernetes quantity", map[string]string{"k8s/svc.yaml": deployment("svc", value("450Mi"))},
			Fail, "GOMEMLIMIT=450Mi (k8s/svc.yaml:12) is malformed", "as 450MiB", "k8s/svc.yaml:12"},
		{"a decimal unit", map[string]string{"k8s/svc.yaml": deployment("svc", value("1G"))},
			Fail, "GOMEMLIMIT=1G (k8s/svc.yaml:12) is malformed", "as 1GiB", "k8s/svc.yaml:12"},
		{"megabytes", map[string]string{"Dockerfile": dockerfile("ENV GOMEMLIMIT=512MB\n")},
			Fail, "GOMEMLIMIT=512MB (Dockerfile:8) is malformed", "as 512MiB", "Dockerfile:8"},
		{"a word", map[string]string{"k8s/svc.yaml": deployment("svc", value("OFF"))},
			Fail, "GOMEMLIMIT=OFF", "a number of bytes", "k8s/svc.yaml:12"},
		{"mebibytes", map[string]string{"k8s/svc.yaml": deployment("svc", value("450MiB"))},
			Pass, "a memory limit is set", "", "k8s/svc.yaml:12"},
		{"bytes", map[string]string{"k8s/svc.yaml": deployment("svc", value("471859200"))},
			Pass, "a memory limit is set", "", "k8s/svc.yaml:12"},
		{"mebibytes meant, bytes written", map[string]string{"k8s/svc.yaml": deployment("svc", value("512"))},
			Fail, "GOMEMLIMIT=512 (k8s/svc.yaml:12) is 512 bytes", "(512MiB)", "k8s/svc.yaml:12"},
		{"kibibytes", map[string]string{"Dockerfile": dockerfile("ENV GOMEMLIMIT=2048KiB\n")},
			Fail, "is 2097152 bytes, below the 4 MiB heap", "about 90 %", "Dockerfile:8"},
		{"the largest limit", map[string]string{"k8s/svc.yaml": deployment("svc", value("9223372036854775807B"))},
			Warn, "GOMEMLIMIT is set to off", "", "k8s/svc.yaml:12"},
		{"the Downward API in bytes", map[string]string{"k8s/svc.yaml": deployment("svc", fieldRef("resource: limits.memory"))},
			Pass, "a memory limit is set", "", "k8s/svc.yaml:12"},
		{"the Downward API with a divisor of 1", map[string]string{"k8s/svc.yaml": deployment("svc", fieldRef("resource: limits.memory, divisor: \"1\""))},
			Pass, "a memory limit is set", "", "k8s/svc.yaml:12"},
		{"the Downward API in mebibytes", map[string]string{"k8s/svc.yaml": deployment("svc", fieldRef("resource: limits.memory, divisor: 1Mi"))},
			Fail, "has the divisor 1Mi", "Drop the divisor", "k8s/svc.yaml:12"},
		{"the Downward API's requests in kilobytes", map[string]string{"k8s/svc.yaml": deployment("svc", fieldRef("resource: requests.memory, divisor: 1k"))},
			Fail, "has the divisor 1k", "", "k8s/svc.yaml:12"},
		{"the container turns the image's limit off",
			map[string]string{"Dockerfile": dockerfile("ENV GOMEMLIMIT=400MiB\n"), "k8s/svc.yaml": deployment("svc", value("off"))},
			Warn, "GOMEMLIMIT is set to off", "", "k8s/svc.yaml:12"},
		{"the container sets the limit the image turns off",
			map[string]string{"Dockerfile": dockerfile("ENV GOMEMLIMIT=off\n"), "k8s/svc.yaml": deployment("svc", value("400MiB"))},
			Pass, "a memory limit is set", "", "k8s/svc.yaml:12"},
		{"the container replaces the image's malformed value",
			map[string]string{"Dockerfile": dockerfile("ENV GOMEMLIMIT=400Mi\n"), "k8s/svc.yaml": deployment("svc", value("400MiB"))},
			Pass, "a memory limit is set", "", "k8s/svc.yaml:12"},
		{"the container sets other variables",
			map[string]string{"Dockerfile": dockerfile("ENV GOMEMLIMIT=400MiB\n"), "k8s/svc.yaml": deployment("svc", "            - name: LOG_LEVEL\n              value: debug\n")},
			Pass, "a memory limit is set", "", "Dockerfile:8"},
		{"one of the containers running it keeps the image's value",
			map[string]string{"Dockerfile": dockerfile("ENV GOMEMLIMIT=400MiB\n"), "k8s/svc.yaml": deployment("svc", value("off")),
				"k8s/canary.yaml": deployment("svc", "            - name: LOG_LEVEL\n              value: debug\n")},
			Pass, "a memory limit is set", "", "Dockerfile:8"},
		{"a container that may run it turns the image's limit off",
			map[string]string{"Dockerfile": dockerfile("ENV GOMEMLIMIT=400MiB\n"), "k8s/app.yaml": deployment("app", value("off"))},
			Unknown, "if one of them runs cmd/svc, WARN (no memory limit: GOMEMLIMIT is set to off", "", "k8s/app.yaml:12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"go.mod": "module example.test/svc\n\ngo 1.26\n", "cmd/svc/main.go": main}
			for k, v := range tt.files {
				files[k] = v
			}
			rep, err := Run(context.Background(), openTempRepo(t, files), Options{Only: []string{"procs"}, Main: "cmd/svc"})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Results) != 1 {
				t.Fatalf("%d results, want 1", len(rep.Results))
			}
			r := rep.Results[0]
			if r.Status != tt.want || !strings.Contains(r.Message, tt.message) || !strings.Contains(r.Fix, tt.fix) {
				t.Fatalf("procs: %s %q (fix %q)\n\twant %s, a message containing %q and a fix containing %q", r.Status, r.Message, r.Fix, tt.want, tt.message, tt.fix)
			}
			if tt.at == "" {
				return
			}
			for _, e := range r.Evidence {
				if fmt.Sprintf("%s:%d", e.File, e.Line) == tt.at {
					return
				}
			}
			t.Errorf("evidence %v lacks %s", r.Evidence, tt.at)
		})
	}
}

// openTempRepo writes files into a temporary directory and opens it as the
// repository to audit.
func openTempRepo(t *testing.T, files map[string]string) *repo.Repo {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := repo.OpenIn(context.Background(), os.DirFS(dir), ".", dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
