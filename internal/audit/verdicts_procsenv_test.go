package audit

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestProcsEnvironmentOfItsOwnContainers: procs reads GOMEMLIMIT and GOMAXPROCS from
// the images that ship the main package and from the manifest containers tied to it by
// name, not from those of other programs; a container tied to no main package, when
// none is tied to it, makes a verdict it would change UNKNOWN.
func TestProcsEnvironmentOfItsOwnContainers(t *testing.T) {
	// svc has no memory limit in code: only an environment can give it one.
	noLimit := "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n"
	deployment := func(name, container, image, env string) string {
		s := "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\nspec:\n  template:\n    spec:\n      containers:\n" +
			"        - name: " + container + "\n          image: " + image + "\n"
		if env != "" {
			s += "          env:\n            - name: " + strings.Replace(env, "=", "\n              value: \"", 1) + "\"\n"
		}
		return s
	}
	dockerfile := func(pkg, env string) string {
		return "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./" + pkg + "\n\nFROM scratch\nCOPY --from=build /out/app /app\n" + env + "ENTRYPOINT [\"/app\"]\n"
	}
	base := func(extra map[string]string) map[string]string {
		files := map[string]string{
			"go.mod":          "module example.test/shop\n\ngo 1.26\n",
			"cmd/svc/main.go": noLimit,
		}
		for k, v := range extra {
			files[k] = v
		}
		return files
	}
	worker := strings.Replace(noLimit, ":8080", ":8081", 1)
	tests := []struct {
		name    string
		files   map[string]string
		want    Status
		message string // a part of the message
		at      string // an evidence file:line, or ""
	}{
		{"its own Deployment sets GOMEMLIMIT",
			base(map[string]string{"k8s/svc.yaml": deployment("svc", "svc", "ghcr.io/acme/svc:1.0.0", "GOMEMLIMIT=400MiB")}),
			Pass, "a memory limit is set", "k8s/svc.yaml:12"},
		{"an image named with the main's name among other words",
			base(map[string]string{"k8s/app.yaml": deployment("app", "app", "ghcr.io/acme/shop-svc-api:1.0.0", "GOMEMLIMIT=400MiB")}),
			Pass, "a memory limit is set", "k8s/app.yaml:12"},
		{"another main's Deployment sets GOMEMLIMIT",
			base(map[string]string{"cmd/worker/main.go": worker,
				"k8s/svc.yaml":    deployment("svc", "svc", "ghcr.io/acme/svc:1.0.0", ""),
				"k8s/worker.yaml": deployment("worker", "worker", "ghcr.io/acme/worker:1.0.0", "GOMEMLIMIT=100MiB")}),
			Warn, "no memory limit", ""},
		{"a third-party exporter sets GOMEMLIMIT beside its own Deployment",
			base(map[string]string{
				"k8s/svc.yaml":      deployment("svc", "svc", "ghcr.io/acme/svc:1.0.0", ""),
				"k8s/exporter.yaml": deployment("exporter", "exporter", "oliver006/redis_exporter:v1.62.0", "GOMEMLIMIT=100MiB")}),
			Warn, "no memory limit", ""},
		{"the longest name wins",
			map[string]string{"go.mod": "module example.test/shop\n\ngo 1.26\n", "cmd/orders/main.go": noLimit, "cmd/orders-worker/main.go": worker,
				"k8s/orders.yaml": deployment("orders", "main", "ghcr.io/acme/orders-worker:1.0.0", "GOMEMLIMIT=100MiB")},
			Warn, "no memory limit", ""},
		{"only a container tied to no main package sets GOMEMLIMIT",
			base(map[string]string{"k8s/app.yaml": deployment("app", "app", "registry.example.test/team/app:1.0.0", "GOMEMLIMIT=400MiB")}),
			Unknown, "the environment set at k8s/app.yaml:12, in Kubernetes containers whose name and image tie them to no main package: if one of them runs cmd/svc, PASS", "k8s/app.yaml:12"},
		{"only a container tied to no main package fixes GOMAXPROCS",
			base(map[string]string{"cmd/svc/main.go": procsMain(""),
				"k8s/app.yaml": deployment("app", "app", "registry.example.test/team/app:1.0.0", "GOMAXPROCS=4")}),
			Unknown, "runs cmd/svc, FAIL (GOMAXPROCS is set to a fixed value", ""},
		{"its own container fixes GOMAXPROCS",
			base(map[string]string{"cmd/svc/main.go": procsMain(""),
				"k8s/svc.yaml": deployment("svc", "svc", "svc:latest", "GOMAXPROCS=4")}),
			Fail, "GOMAXPROCS is set to a fixed value", "k8s/svc.yaml:12"},
		{"another image fixes GOMAXPROCS",
			base(map[string]string{"cmd/svc/main.go": procsMain(""), "cmd/worker/main.go": worker,
				"Dockerfile":        dockerfile("cmd/svc", ""),
				"Dockerfile.worker": dockerfile("cmd/worker", "ENV GOMAXPROCS=4\n")}),
			Pass, "GOMAXPROCS follows the CPU limit", ""},
		{"another image sets GOMEMLIMIT",
			base(map[string]string{"cmd/worker/main.go": worker,
				"Dockerfile":        dockerfile("cmd/svc", ""),
				"Dockerfile.worker": dockerfile("cmd/worker", "ENV GOMEMLIMIT=300MiB\n")}),
			Warn, "no memory limit", ""},
		{"its image sets GOMEMLIMIT",
			base(map[string]string{"cmd/worker/main.go": worker,
				"Dockerfile":        dockerfile("cmd/svc", "ENV GOMEMLIMIT=300MiB\n"),
				"Dockerfile.worker": dockerfile("cmd/worker", "")}),
			Pass, "a memory limit is set", "Dockerfile:8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			main := "cmd/svc"
			if _, ok := tt.files["cmd/orders/main.go"]; ok {
				main = "cmd/orders"
			}
			rep, err := Run(context.Background(), openInlineAt(t, tt.files, "."), Options{Only: []string{"procs"}, Main: main})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Results) != 1 {
				t.Fatalf("%d results, want 1", len(rep.Results))
			}
			r := rep.Results[0]
			if r.Status != tt.want || !strings.Contains(r.Message, tt.message) {
				t.Fatalf("procs: %s %q\n\twant %s and a message containing %q", r.Status, r.Message, tt.want, tt.message)
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
