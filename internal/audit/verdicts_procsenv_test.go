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
		{"only an init container of its image sets GOMEMLIMIT",
			base(map[string]string{"k8s/svc.yaml": podOf(initContainer("migrate", "", "GOMEMLIMIT", "100MiB"), podContainer("svc", "ghcr.io/acme/svc:1.0.0", "", ""))}),
			Warn, "no memory limit: without GOMEMLIMIT", ""},
		{"only an init container of its image fixes GOMAXPROCS",
			base(map[string]string{"cmd/svc/main.go": procsMain(""),
				"k8s/svc.yaml": podOf(initContainer("migrate", "", "GOMAXPROCS", "1"), podContainer("svc", "ghcr.io/acme/svc:1.0.0", "", ""))}),
			Pass, "GOMAXPROCS follows the CPU limit", ""},
		{"an init container of its image sets a GOMEMLIMIT below 4 MiB",
			base(map[string]string{"k8s/svc.yaml": podOf(initContainer("migrate", "", "GOMEMLIMIT", "512"), podContainer("svc", "ghcr.io/acme/svc:1.0.0", "GOMEMLIMIT", "400MiB"))}),
			Pass, "a memory limit is set", "k8s/svc.yaml:19"},
		{"a native sidecar init container of its image sets GOMEMLIMIT",
			base(map[string]string{"k8s/svc.yaml": podOf(initContainer("svc", "          restartPolicy: Always\n", "GOMEMLIMIT", "400MiB"), podContainer("proxy", "envoyproxy/envoy:v1.31.0", "", ""))}),
			Pass, "a memory limit is set", "k8s/svc.yaml:14"},
		{"an image reference with a registry port and a digest", base(map[string]string{"k8s/app.yaml": deployment("app", "app", "registry:5000/acme/SVC@sha256:0123", "GOMEMLIMIT=400MiB")}),
			Pass, "a memory limit is set", "k8s/app.yaml:12"},
		{"a sidecar named with the main's name among other words",
			base(map[string]string{"k8s/svc.yaml": deployment("svc", "svc", "ghcr.io/acme/svc:1.0.0", "") +
				"        - name: svc-otel-collector\n          image: otel/opentelemetry-collector-contrib:0.110.0\n          env:\n            - name: GOMEMLIMIT\n              value: \"80MiB\"\n"}),
			Warn, "no memory limit", ""},
		{"the only service's image named after the module",
			base(map[string]string{"k8s/shop.yaml": deployment("shop", "main", "ghcr.io/acme/shop:1.0.0", "GOMEMLIMIT=400MiB")}),
			Pass, "a memory limit is set", "k8s/shop.yaml:12"},
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
		{"another main's name holding this one's",
			map[string]string{"go.mod": "module example.test/shop\n\ngo 1.26\n", "cmd/orders/main.go": noLimit, "cmd/orders-worker/main.go": worker,
				"k8s/orders.yaml": deployment("orders", "main", "ghcr.io/acme/orders-worker:1.0.0", "GOMEMLIMIT=100MiB")},
			Warn, "no memory limit", ""},
		{"mains of the same name: another service's container",
			map[string]string{"go.mod": "module example.test/shop\n\ngo 1.26\n", "services/orders/cmd/api/main.go": noLimit, "services/billing/cmd/api/main.go": worker,
				"deploy/orders.yaml":  deployment("orders", "orders-api", "ghcr.io/acme/orders-api:1.0.0", ""),
				"deploy/billing.yaml": deployment("billing", "billing-api", "ghcr.io/acme/billing-api:1.0.0", "GOMEMLIMIT=400MiB")},
			Warn, "no memory limit", ""},
		{"mains of the same name: its own container",
			map[string]string{"go.mod": "module example.test/shop\n\ngo 1.26\n", "services/orders/cmd/api/main.go": noLimit, "services/billing/cmd/api/main.go": worker,
				"deploy/orders.yaml":  deployment("orders", "orders-api", "ghcr.io/acme/orders-api:1.0.0", "GOMEMLIMIT=400MiB"),
				"deploy/billing.yaml": deployment("billing", "billing-api", "ghcr.io/acme/billing-api:1.0.0", "")},
			Pass, "a memory limit is set", "deploy/orders.yaml:12"},
		{"a Dockerfile of another program for the only service",
			base(map[string]string{"Dockerfile": dockerfile("cmd/svc", ""),
				"deploy/collector/Dockerfile": "FROM otel/opentelemetry-collector-contrib:0.110.0\nCOPY config.yaml /etc/otelcol/config.yaml\nENV GOMEMLIMIT=80MiB\n"}),
			Warn, "no memory limit", ""},
		{"a prebuilt binary's image for the only service",
			base(map[string]string{"Dockerfile": "FROM gcr.io/distroless/static-debian12\nCOPY bin/svc /svc\nENV GOMEMLIMIT=300MiB\nENTRYPOINT [\"/svc\"]\n"}),
			Pass, "a memory limit is set", "Dockerfile:3"},
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
		{"GOMAXPROCS from a ConfigMap key",
			base(map[string]string{"cmd/svc/main.go": procsMain(""), "k8s/svc.yaml": deployment("svc", "svc", "svc:1", "") +
				"          env:\n            - name: GOMAXPROCS\n              valueFrom:\n                configMapKeyRef: {name: runtime, key: procs}\n" +
				"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: runtime\ndata:\n  procs: \"2\"\n"}),
			Fail, "GOMAXPROCS is set to a fixed value", "k8s/svc.yaml:12"},
		{"GOMEMLIMIT from a ConfigMap's envFrom",
			base(map[string]string{"k8s/svc.yaml": deployment("svc", "svc", "svc:1", "") +
				"          envFrom:\n            - configMapRef: {name: runtime}\n" +
				"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: runtime\ndata:\n  GOMEMLIMIT: 400MiB\n"}),
			Pass, "a memory limit is set", "k8s/svc.yaml:12"},
		{"GOMAXPROCS from the CPU limit",
			base(map[string]string{"cmd/svc/main.go": procsMain(""), "k8s/svc.yaml": deployment("svc", "svc", "svc:1", "") +
				"          env:\n            - name: GOMAXPROCS\n              valueFrom:\n                resourceFieldRef: {resource: limits.cpu}\n"}),
			Pass, "GOMAXPROCS follows the CPU limit", ""},
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
		{"its image sets GOMEMLIMIT from a global argument it does not declare",
			base(map[string]string{"Dockerfile": strings.Replace(dockerfile("cmd/svc", "ENV GOMEMLIMIT=${MEM}\n"), "FROM golang", "ARG MEM=400MiB\nFROM golang", 1)}),
			Unknown, "GOMEMLIMIT is set from a variable with no value", "Dockerfile:9"},
		{"its image sets GOMEMLIMIT from an argument without a value",
			base(map[string]string{"Dockerfile": dockerfile("cmd/svc", "ARG MEM\nENV GOMEMLIMIT=${MEM}\n")}),
			Unknown, "GOMEMLIMIT is set from a variable with no value", "Dockerfile:9"},
		{"its image sets GOMEMLIMIT from a global argument it declares",
			base(map[string]string{"Dockerfile": strings.Replace(dockerfile("cmd/svc", "ARG MEM\nENV GOMEMLIMIT=${MEM}\n"), "FROM golang", "ARG MEM=400MiB\nFROM golang", 1)}),
			Pass, "a memory limit is set", "Dockerfile:10"},
		{"its image sets GOMEMLIMIT only as a build argument",
			base(map[string]string{"Dockerfile": dockerfile("cmd/svc", "ARG GOMEMLIMIT=400MiB\n")}),
			Warn, "no memory limit: without GOMEMLIMIT", ""},
		{"its image is built from a stage that sets GOMEMLIMIT only as a build argument",
			base(map[string]string{"Dockerfile": "FROM gcr.io/distroless/static-debian12 AS runtime\nARG GOMEMLIMIT=400MiB\n\nFROM runtime\nCOPY bin/svc /svc\nENTRYPOINT [\"/svc\"]\n"}),
			Warn, "no memory limit: without GOMEMLIMIT", ""},
		{"its image is built from a stage that sets GOMEMLIMIT",
			base(map[string]string{"Dockerfile": "FROM gcr.io/distroless/static-debian12 AS runtime\nENV GOMEMLIMIT=400MiB\n\nFROM runtime\nCOPY bin/svc /svc\nENTRYPOINT [\"/svc\"]\n"}),
			Pass, "a memory limit is set", "Dockerfile:2"},
		{"a build argument of GOMEMLIMIT after its ENV",
			base(map[string]string{"Dockerfile": dockerfile("cmd/svc", "ENV GOMEMLIMIT=400MiB\nARG GOMEMLIMIT=off\n")}),
			Pass, "a memory limit is set", "Dockerfile:8"},
		{"a build argument of GOMEMLIMIT passed to the ENV",
			base(map[string]string{"Dockerfile": dockerfile("cmd/svc", "ARG GOMEMLIMIT=400MiB\nENV GOMEMLIMIT=${GOMEMLIMIT}\n")}),
			Pass, "a memory limit is set", "Dockerfile:9"},
		{"its image fixes GOMAXPROCS only as a build argument",
			base(map[string]string{"cmd/svc/main.go": procsMain(""), "Dockerfile": dockerfile("cmd/svc", "ENV GOMEMLIMIT=400MiB\nARG GOMAXPROCS=2\n")}),
			Pass, "GOMAXPROCS follows the CPU limit", ""},
		{"its image turns containermaxprocs off only as a build argument",
			base(map[string]string{"cmd/svc/main.go": procsMain(""), "Dockerfile": dockerfile("cmd/svc", "ENV GOMEMLIMIT=400MiB\nARG GODEBUG=containermaxprocs=0\n")}),
			Pass, "GOMAXPROCS follows the CPU limit", ""},
		{"its image fixes GOMAXPROCS",
			base(map[string]string{"cmd/svc/main.go": procsMain(""), "Dockerfile": dockerfile("cmd/svc", "ENV GOMEMLIMIT=400MiB\nENV GOMAXPROCS=2\n")}),
			Fail, "GOMAXPROCS is set to a fixed value", "Dockerfile:9"},
		{"its image sets GOMEMLIMIT",
			base(map[string]string{"cmd/worker/main.go": worker,
				"Dockerfile":        dockerfile("cmd/svc", "ENV GOMEMLIMIT=300MiB\n"),
				"Dockerfile.worker": dockerfile("cmd/worker", "")}),
			Pass, "a memory limit is set", "Dockerfile:8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			main := "cmd/svc"
			for _, m := range []string{"cmd/orders", "services/orders/cmd/api"} {
				if _, ok := tt.files[m+"/main.go"]; ok {
					main = m
				}
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

// podOf returns a Deployment whose pod spec has the initContainers and containers
// list items given (see initContainer and podContainer); the first init
// container's lines start at line 9.
func podOf(initContainers, containers string) string {
	return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc\nspec:\n  template:\n    spec:\n" +
		"      initContainers:\n" + initContainers + "      containers:\n" + containers
}

// initContainer returns an item of a pod spec's initContainers list that runs
// ghcr.io/acme/svc:1.0.0 with the argument migrate, the lines extra and the env
// entry key (at the fifth line of the item without extra) set to value.
func initContainer(name, extra, key, value string) string {
	return "        - name: " + name + "\n          image: ghcr.io/acme/svc:1.0.0\n          args: [migrate]\n" + extra +
		"          env:\n            - name: " + key + "\n              value: \"" + value + "\"\n"
}

// podContainer returns an item of a pod spec's containers list, with the env entry
// key set to value (at the fourth line of the item) unless key is "".
func podContainer(name, image, key, value string) string {
	s := "        - name: " + name + "\n          image: " + image + "\n"
	if key != "" {
		s += "          env:\n            - name: " + key + "\n              value: \"" + value + "\"\n"
	}
	return s
}
