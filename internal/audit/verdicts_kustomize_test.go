package audit

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestProcsKustomize: procs reads what kustomizations give the containers of the
// manifests: the keys of a configMapGenerator (literals, env files) that envFrom or
// configMapKeyRef take, and the env that inline patches (strategic merge or JSON 6902)
// or JSON 6902 patch files add. An envFrom ConfigMap whose keys are not known, and a
// JSON 6902 patch of the environment of a container that is not found, make a PASS or
// WARN UNKNOWN.
func TestProcsKustomize(t *testing.T) {
	// api has a memory limit in code (procsMain): GOMAXPROCS decides.
	deployment := func(name, container, extra string) string {
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\nspec:\n  template:\n    spec:\n      containers:\n" +
			"        - name: " + container + "\n          image: ghcr.io/acme/" + container + ":1.0.0\n" + extra
	}
	envFrom := "          envFrom:\n            - configMapRef:\n                name: api-env\n"
	logLevel := "          env:\n            - name: LOG_LEVEL\n              value: info\n"
	base := func(manifest string, extra map[string]string) map[string]string {
		files := map[string]string{
			"go.mod":                         "module example.test/shop\n\ngo 1.26\n",
			"cmd/api/main.go":                procsMain(""),
			"deploy/base/deployment.yaml":    manifest,
			"deploy/base/kustomization.yaml": "resources: [deployment.yaml]\n",
		}
		for k, v := range extra {
			files[k] = v
		}
		return files
	}
	overlay := func(body string) map[string]string {
		return map[string]string{"deploy/overlays/prod/kustomization.yaml": "resources: [../../base]\n" + body}
	}
	jsonPatch := func(target, path, value string) string {
		return "patches:\n  - target:\n      kind: Deployment\n      name: " + target + "\n    patch: |-\n      - op: add\n        path: " + path + "\n        value: " + value + "\n"
	}
	// initPod runs the init container migrate of api's image before api.
	initPod := strings.Replace(deployment("api", "api", logLevel), "      containers:\n",
		"      initContainers:\n        - name: migrate\n          image: ghcr.io/acme/api:1.0.0\n          args: [migrate]\n"+logLevel+"      containers:\n", 1)
	tests := []struct {
		name    string
		files   map[string]string
		want    Status
		message string // a part of the message
		at      string // an evidence file:line, or ""
	}{
		{"a configMapGenerator literal through envFrom",
			base(deployment("api", "api", envFrom), overlay("configMapGenerator:\n  - name: api-env\n    literals:\n      - LOG_LEVEL=info\n      - GOMAXPROCS=4\n")),
			Fail, "GOMAXPROCS is set to a fixed value", "deploy/overlays/prod/kustomization.yaml:6"},
		{"a configMapGenerator literal through configMapKeyRef",
			base(deployment("api", "api", "          env:\n            - name: GOMAXPROCS\n              valueFrom:\n                configMapKeyRef: {name: api-env, key: procs}\n"),
				overlay("configMapGenerator:\n  - name: api-env\n    literals: [\"procs=2\"]\n")),
			Fail, "GOMAXPROCS is set to a fixed value", "deploy/base/deployment.yaml:12"},
		{"a configMapGenerator env file",
			base(deployment("api", "api", envFrom), map[string]string{
				"deploy/base/kustomization.yaml": "resources: [deployment.yaml]\nconfigMapGenerator:\n  - name: api-env\n    envs: [config.env]\n",
				"deploy/base/config.env":         "# runtime\nLOG_LEVEL=info\nGOMAXPROCS=\"4\"\n"}),
			Fail, "GOMAXPROCS is set to a fixed value", "deploy/base/config.env:3"},
		{"a configMapGenerator that sets nothing of procs",
			base(deployment("api", "api", envFrom), overlay("configMapGenerator:\n  - name: api-env\n    literals: [LOG_LEVEL=info, GOMAXPROCS=0]\n")),
			Pass, "GOMAXPROCS follows the CPU limit", ""},
		{"a configMapGenerator env file not in the repository",
			base(deployment("api", "api", envFrom), map[string]string{
				"deploy/base/kustomization.yaml": "resources: [deployment.yaml]\nconfigMapGenerator:\n  - name: api-env\n    envs: [../../../config/api.env]\n"}),
			Unknown, "ConfigMap api-env (envFrom at deploy/base/deployment.yaml:12: its env file ../../../config/api.env (deploy/base/kustomization.yaml:4) is not read); from what was read, PASS", "deploy/base/deployment.yaml:12"},
		{"an envFrom ConfigMap that nothing in the repository defines",
			base(deployment("api", "api", envFrom), nil),
			Unknown, "ConfigMap api-env (envFrom at deploy/base/deployment.yaml:12: no ConfigMap manifest or kustomize configMapGenerator of the repository defines it)", ""},
		{"an envFrom ConfigMap of another program's container",
			base(deployment("api", "api", "")+"---\n"+deployment("worker", "worker", envFrom), map[string]string{"cmd/worker/main.go": procsMain("")}),
			Pass, "GOMAXPROCS follows the CPU limit", ""},
		{"an inline JSON 6902 patch adds GOMAXPROCS",
			base(deployment("api", "api", logLevel), overlay(jsonPatch("api", "/spec/template/spec/containers/0/env/-", "{name: GOMAXPROCS, value: \"4\"}"))),
			Fail, "GOMAXPROCS is set to a fixed value", "deploy/overlays/prod/kustomization.yaml:9"},
		{"an inline JSON 6902 patch replaces the env list",
			base(deployment("api", "api", logLevel), overlay(jsonPatch("api", "/spec/template/spec/containers/0/env", "[{name: GOMAXPROCS, value: \"4\"}]"))),
			Fail, "GOMAXPROCS is set to a fixed value", "deploy/overlays/prod/kustomization.yaml:9"},
		{"an inline JSON 6902 patch replaces an entry's value",
			base(deployment("api", "api", "          env:\n            - name: GOMAXPROCS\n              value: \"0\"\n"),
				overlay(strings.Replace(jsonPatch("api", "/spec/template/spec/containers/0/env/0/value", "\"4\""), "op: add", "op: replace", 1))),
			Fail, "GOMAXPROCS is set to a fixed value", ""},
		{"an inline JSON 6902 patch adds GOMAXPROCS to an init container",
			base(initPod, overlay(jsonPatch("api", "/spec/template/spec/initContainers/0/env/-", "{name: GOMAXPROCS, value: \"4\"}"))),
			Pass, "GOMAXPROCS follows the CPU limit", ""},
		{"an inline JSON 6902 patch adds an init container that fixes GOMAXPROCS",
			base(initPod, overlay(jsonPatch("api", "/spec/template/spec/initContainers/-", "{name: warm, image: \"ghcr.io/acme/api:1.0.0\", env: [{name: GOMAXPROCS, value: \"4\"}]}"))),
			Pass, "GOMAXPROCS follows the CPU limit", ""},
		{"an inline JSON 6902 patch adds GOMAXPROCS to a native sidecar",
			base(strings.Replace(initPod, "args: [migrate]", "restartPolicy: Always", 1), overlay(jsonPatch("api", "/spec/template/spec/initContainers/0/env/-", "{name: GOMAXPROCS, value: \"4\"}"))),
			Fail, "GOMAXPROCS is set to a fixed value", "deploy/overlays/prod/kustomization.yaml:9"},
		{"an inline strategic merge patch of an init container",
			base(initPod, overlay("patches:\n  - patch: |\n      kind: Deployment\n      metadata:\n        name: api\n      spec:\n        template:\n          spec:\n            initContainers:\n              - name: migrate\n                env:\n                  - name: GOMAXPROCS\n                    value: \"4\"\n")),
			Pass, "GOMAXPROCS follows the CPU limit", ""},
		{"an inline JSON 6902 patch of another program's container",
			base(deployment("api", "api", logLevel)+"---\n"+deployment("worker", "worker", logLevel), map[string]string{"cmd/worker/main.go": procsMain(""),
				"deploy/overlays/prod/kustomization.yaml": "resources: [../../base]\n" + jsonPatch("worker", "/spec/template/spec/containers/0/env/-", "{name: GOMAXPROCS, value: \"4\"}")}),
			Pass, "GOMAXPROCS follows the CPU limit", ""},
		{"an inline JSON 6902 patch of a container not in the manifests",
			base(deployment("api", "api", logLevel), overlay(jsonPatch("api-canary", "/spec/template/spec/containers/0/env/-", "{name: GOMAXPROCS, value: \"4\"}"))),
			Unknown, "deploy/overlays/prod/kustomization.yaml (the JSON 6902 patch at line 6 is not applied: /spec/template/spec/containers/0/env/- names a container that is not in the manifests read)", ""},
		{"a JSON 6902 patch file",
			base(deployment("api", "api", logLevel), map[string]string{
				"deploy/overlays/prod/kustomization.yaml": "resources: [../../base]\npatches:\n  - path: procs.yaml\n    target: {kind: Deployment, name: api}\n",
				"deploy/overlays/prod/procs.yaml":         "- op: add\n  path: /spec/template/spec/containers/0/env/-\n  value:\n    name: GOMAXPROCS\n    value: \"4\"\n"}),
			Fail, "GOMAXPROCS is set to a fixed value", "deploy/overlays/prod/procs.yaml:4"},
		{"a JSON 6902 patch file written in JSON",
			base(deployment("api", "api", logLevel), map[string]string{
				"deploy/overlays/prod/kustomization.yaml": "resources: [../../base]\npatches:\n  - path: cpu-patch.json\n    target: {kind: Deployment, name: api}\n",
				"deploy/overlays/prod/cpu-patch.json":     `[{"op": "add", "path": "/spec/template/spec/containers/0/env/-", "value": {"name": "GOMAXPROCS", "value": "4"}}]` + "\n"}),
			Fail, "GOMAXPROCS is set to a fixed value", "deploy/overlays/prod/cpu-patch.json:1"},
		{"a strategic merge patch file written in JSON",
			base(deployment("api", "api", logLevel), map[string]string{
				"deploy/overlays/prod/kustomization.yaml": "resources: [../../base]\npatchesStrategicMerge: [procs.json]\n",
				"deploy/overlays/prod/procs.json": `{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api"},` +
					` "spec": {"template": {"spec": {"containers": [{"name": "api", "env": [{"name": "GOMAXPROCS", "value": "4"}]}]}}}}` + "\n"}),
			Fail, "GOMAXPROCS is set to a fixed value", "deploy/overlays/prod/procs.json:1"},
		{"a Deployment manifest written in JSON",
			base(deployment("api", "api", logLevel), map[string]string{
				"deploy/base/kustomization.yaml": "resources: [deployment.yaml, worker.json]\n",
				"deploy/base/worker.json": `{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api-jobs"},` +
					` "spec": {"template": {"spec": {"containers": [{"name": "api", "image": "ghcr.io/acme/api:1.0.0", "env": [{"name": "GOMAXPROCS", "value": "4"}]}]}}}}` + "\n",
				"web/package.json": `{"name": "web", "version": "1.0.0", "kind": "module"}` + "\n"}),
			Fail, "GOMAXPROCS is set to a fixed value", "deploy/base/worker.json:1"},
		{"a patch file not in the repository",
			base(deployment("api", "api", logLevel), map[string]string{
				"deploy/overlays/prod/kustomization.yaml": "resources: [../../base]\npatches:\n  - path: generated/cpu-patch.yaml\n    target: {kind: Deployment, name: api}\n"}),
			Unknown, "deploy/overlays/prod/generated/cpu-patch.yaml (named as a patch at deploy/overlays/prod/kustomization.yaml:3, not in the repository); from what was read, PASS", "deploy/overlays/prod/kustomization.yaml:3"},
		{"a patch file of a name this audit does not read",
			base(deployment("api", "api", logLevel), map[string]string{
				"deploy/overlays/prod/kustomization.yaml": "resources: [../../base]\npatches:\n  - path: cpu.patch\n    target: {kind: Deployment, name: api}\n",
				"deploy/overlays/prod/cpu.patch":          "- op: add\n  path: /spec/template/spec/containers/0/env/-\n  value: {name: GOMAXPROCS, value: \"4\"}\n"}),
			Unknown, "deploy/overlays/prod/cpu.patch (named as a patch at deploy/overlays/prod/kustomization.yaml:3, in a file of a name this audit does not read)", "deploy/overlays/prod/kustomization.yaml:3"},
		{"an inline strategic merge patch",
			base(deployment("api", "api", logLevel), overlay("patches:\n  - patch: |\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: api\n      spec:\n        template:\n          spec:\n            containers:\n              - name: api\n                env:\n                  - name: GOMAXPROCS\n                    value: \"4\"\n")),
			Fail, "GOMAXPROCS is set to a fixed value", "deploy/overlays/prod/kustomization.yaml:14"},
		{"an inline strategic merge patch of a container tied by its image",
			base(strings.Replace(deployment("api", "api", logLevel), "- name: api", "- name: server", 1), overlay("patches:\n  - patch: |\n      kind: Deployment\n      metadata:\n        name: api\n      spec:\n        template:\n          spec:\n            containers:\n              - name: server\n                env:\n                  - name: GOMAXPROCS\n                    value: \"4\"\n")),
			Fail, "GOMAXPROCS is set to a fixed value", "deploy/overlays/prod/kustomization.yaml:13"},
		{"an inline patchesStrategicMerge string",
			base(deployment("api", "api", logLevel), overlay("patchesStrategicMerge:\n  - |-\n    kind: Deployment\n    metadata: {name: api}\n    spec:\n      template:\n        spec:\n          containers:\n            - name: api\n              env: [{name: GOMAXPROCS, value: \"4\"}]\n")),
			Fail, "GOMAXPROCS is set to a fixed value", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Run(context.Background(), openInlineAt(t, tt.files, "."), Options{Only: []string{"procs"}, Main: "cmd/api"})
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

// TestProcsMonorepoModuleNames: in a repository of several modules (a go.work
// monorepo), a container or image named after a module is tied to the module's only
// main package, when no main package carries that name itself.
func TestProcsMonorepoModuleNames(t *testing.T) {
	noLimit := "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n"
	deployment := func(container, env string) string {
		s := "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + container + "\nspec:\n  template:\n    spec:\n      containers:\n" +
			"        - name: " + container + "\n          image: ghcr.io/acme/" + container + ":1.4.2\n"
		if env != "" {
			s += "          env:\n            - name: GOMEMLIMIT\n              value: " + env + "\n"
		}
		return s
	}
	files := func(extra map[string]string) map[string]string {
		f := map[string]string{"go.work": "go 1.26\n\nuse (\n\t./services/orders\n\t./services/billing\n)\n"}
		for _, s := range []string{"orders", "billing"} {
			f["services/"+s+"/go.mod"] = "module example.test/acme/" + s + "\n\ngo 1.26\n"
			f["services/"+s+"/cmd/server/main.go"] = noLimit
		}
		for k, v := range extra {
			f[k] = v
		}
		return f
	}
	tests := []struct {
		name          string
		files         map[string]string
		orders, bill  Status
		ordersMessage string
	}{
		{"containers named after their modules",
			files(map[string]string{"deploy/apps.yaml": deployment("orders", "400MiB") + "---\n" + deployment("billing", "")}),
			Pass, Warn, "a memory limit is set"},
		{"a module of two main packages",
			files(map[string]string{"services/orders/cmd/migrate/main.go": "package main\n\nfunc main() {}\n",
				"deploy/apps.yaml": deployment("orders", "400MiB") + "---\n" + deployment("billing", "")}),
			Unknown, Warn, "if one of them runs services/orders/cmd/server, PASS"},
		{"a main package that carries the name itself",
			files(map[string]string{"tools/go.mod": "module example.test/acme/tools\n\ngo 1.26\n", "tools/cmd/orders/main.go": noLimit,
				"deploy/apps.yaml": deployment("orders", "400MiB") + "---\n" + deployment("billing", "")}),
			Warn, Warn, "no memory limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Run(context.Background(), openInlineAt(t, tt.files, "."), Options{Only: []string{"procs"}})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]Result{}
			for _, r := range rep.Results {
				got[r.Main] = r
			}
			o, b := got["services/orders/cmd/server"], got["services/billing/cmd/server"]
			if o.Status != tt.orders || !strings.Contains(o.Message, tt.ordersMessage) {
				t.Errorf("orders: %s %q\n\twant %s with %q", o.Status, o.Message, tt.orders, tt.ordersMessage)
			}
			if b.Status != tt.bill {
				t.Errorf("billing: %s %q, want %s", b.Status, b.Message, tt.bill)
			}
		})
	}
}

// TestProcsKustomizeImages: a kustomization's images: gives the containers of the
// resources it takes, through its bases too, the image kustomize build writes: an
// entry whose name is the image's without its tag renames it (newName), after the
// base's entries, so the container is tied by the new image's last element; an
// entry of another name, or one that only changes the tag, leaves it tied to none.
func TestProcsKustomizeImages(t *testing.T) {
	noLimit := "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n"
	const deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n" +
		"        - name: app\n          image: app\n          env:\n            - name: GOMEMLIMIT\n              value: 100MiB\n"
	files := func(kust map[string]string) map[string]string {
		f := map[string]string{"go.mod": "module example.test/two\n\ngo 1.26\n", "cmd/api/main.go": noLimit, "cmd/admin/main.go": noLimit, "k8s/base/deploy.yaml": deploy}
		for k, v := range kust {
			f[k] = v
		}
		return f
	}
	const overlay = "k8s/overlays/prod/kustomization.yaml"
	tests := []struct {
		name       string
		files      map[string]string
		api, admin Status
	}{
		{"newName", files(map[string]string{"k8s/base/kustomization.yaml": "resources: [deploy.yaml]\nimages:\n  - name: app\n    newName: ghcr.io/acme/api\n    newTag: \"1.2\"\n"}), Pass, Warn},
		{"the overlay's newName", files(map[string]string{"k8s/base/kustomization.yaml": "resources: [deploy.yaml]\n",
			overlay: "resources: [../../base]\nimages:\n  - name: app\n    newName: ghcr.io/acme/admin\n"}), Warn, Pass},
		{"the overlay's entry of the base's newName", files(map[string]string{"k8s/base/kustomization.yaml": "resources: [deploy.yaml]\nimages:\n  - name: app\n    newName: ghcr.io/acme/app\n",
			overlay: "resources: [../../base]\nimages:\n  - name: ghcr.io/acme/app\n    newName: ghcr.io/acme/api\n    digest: sha256:0123\n"}), Pass, Warn},
		{"an entry of another name", files(map[string]string{"k8s/base/kustomization.yaml": "resources: [deploy.yaml]\nimages:\n  - name: web\n    newName: ghcr.io/acme/api\n"}), Unknown, Unknown},
		{"a new tag only", files(map[string]string{"k8s/base/kustomization.yaml": "resources: [deploy.yaml]\nimages:\n  - name: app\n    newTag: \"1.2\"\n"}), Unknown, Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Run(context.Background(), openInlineAt(t, tt.files, "."), Options{Only: []string{"procs"}})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]Result{}
			for _, r := range rep.Results {
				got[r.Main] = r
			}
			if r := got["cmd/api"]; r.Status != tt.api {
				t.Errorf("cmd/api: %s %q, want %s", r.Status, r.Message, tt.api)
			}
			if r := got["cmd/admin"]; r.Status != tt.admin {
				t.Errorf("cmd/admin: %s %q, want %s", r.Status, r.Message, tt.admin)
			}
		})
	}
}
