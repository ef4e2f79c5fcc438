package audit

import (
	"strings"
	"testing"
)

// TestGraceDeployed audits the termination grace period as each deployment gives
// it: a Helm chart's value from its values files, and a kustomize overlay's patches,
// which may lower or raise it or add a preStop hook. Every deployment must leave
// time for the 10 s drain, so the shortest counts.
func TestGraceDeployed(t *testing.T) {
	const probes = "mux.HandleFunc(\"/healthz\", readyz)\n\tmux.HandleFunc(\"/readyz\", readyz)"
	service := func(files map[string]string) map[string]string {
		return withFiles(probeMain("1.24", probes, flipThenDrain), files)
	}
	deployment := func(podSpec, ctr string) string {
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\nspec:\n  template:\n    spec:\n" + podSpec + "      containers:\n        - name: p\n          image: ghcr.io/acme/p:1.0\n" + ctr
	}
	chartOf := func(action string, values map[string]string) map[string]string {
		files := map[string]string{
			"deploy/chart/Chart.yaml":                "apiVersion: v2\nname: p\nversion: 0.1.0\n",
			"deploy/chart/templates/deployment.yaml": deployment("      terminationGracePeriodSeconds: "+action+"\n", ""),
		}
		for name, grace := range values {
			files["deploy/chart/"+name] = "grace: " + grace + "\n"
			if grace == "" {
				files["deploy/chart/"+name] = "replicas: 2\n"
			}
		}
		return service(files)
	}
	chart := func(values map[string]string) map[string]string { return chartOf("{{ .Values.grace }}", values) }
	// chartWith is chart with labels under the Deployment's metadata.
	chartWith := func(labels string, values map[string]string) map[string]string {
		files := chart(values)
		t := files["deploy/chart/templates/deployment.yaml"]
		files["deploy/chart/templates/deployment.yaml"] = strings.Replace(t, "  name: p\n", "  name: p\n  labels:\n"+labels, 1)
		return files
	}
	const graceFile = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: "
	overlays := func(base string, patches map[string]string) map[string]string {
		files := map[string]string{
			"deploy/base/deployment.yaml":    base,
			"deploy/base/kustomization.yaml": "resources:\n  - deployment.yaml\n",
		}
		for overlay, patch := range patches {
			files["deploy/overlays/"+overlay+"/kustomization.yaml"] = "resources:\n  - ../../base\npatches:\n  - path: patch.yaml\n"
			files["deploy/overlays/"+overlay+"/patch.yaml"] = patch
		}
		return service(files)
	}
	const (
		pass = "readiness turns 503"
		five = "is shorter than the shutdown delay and drain timeout (10s)"
	)
	runCheckCases(t, []checkCase{
		{name: "helm: values.yaml gives 5", files: chart(map[string]string{"values.yaml": "5"}), check: "shutdown", want: Warn, message: "terminationGracePeriodSeconds: 5 (deploy/chart/templates/deployment.yaml, set by deploy/chart/values.yaml:1) " + five},
		{name: "helm: values.yaml gives 60, values-prod.yaml 5", files: chart(map[string]string{"values.yaml": "60", "values-prod.yaml": "5"}), check: "shutdown", want: Warn, message: "terminationGracePeriodSeconds: 5 (deploy/chart/templates/deployment.yaml, set by deploy/chart/values-prod.yaml:1) " + five},
		{name: "helm: values.yaml gives 60", files: chart(map[string]string{"values.yaml": "60"}), check: "shutdown", want: Pass, message: pass},
		{name: "helm: through | default 45, values.yaml gives 5", files: chartOf("{{ .Values.grace | default 45 }}", map[string]string{"values.yaml": "5"}), check: "shutdown", want: Warn, message: five},
		{name: "helm: through int, values.yaml gives 5", files: chartOf("{{ int .Values.grace }}", map[string]string{"values.yaml": "5"}), check: "shutdown", want: Warn, message: five},
		{name: "helm: default 5 that values.yaml leaves, values-prod.yaml gives 60", files: chartOf("{{ default 5 .Values.grace }}", map[string]string{"values.yaml": "", "values-prod.yaml": "60"}), check: "shutdown", want: Warn, message: five},
		{name: "helm: through | default 45, values.yaml gives 60", files: chartOf("{{ .Values.grace | default 45 }}", map[string]string{"values.yaml": "60"}), check: "shutdown", want: Pass, message: pass},
		{name: "kustomize: the overlay lowers the default to 5", files: overlays(deployment("", ""), map[string]string{"prod": graceFile + "5\n"}), check: "shutdown", want: Warn, message: "in the kustomize build of deploy/overlays/prod, terminationGracePeriodSeconds: 5 (deploy/overlays/prod/patch.yaml) " + five},
		{name: "kustomize: the overlay raises 5 to 60", files: overlays(deployment("      terminationGracePeriodSeconds: 5\n", ""), map[string]string{"prod": graceFile + "60\n"}), check: "shutdown", want: Pass, message: pass},
		{name: "kustomize: staging raises 5 to 60, prod keeps the base's 5", files: overlays(deployment("      terminationGracePeriodSeconds: 5\n", ""), map[string]string{"staging": graceFile + "60\n", "prod": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\nspec:\n  replicas: 3\n"}), check: "shutdown", want: Warn, message: "in the kustomize build of deploy/overlays/prod, terminationGracePeriodSeconds: 5 (deploy/base/deployment.yaml) " + five},
		{name: "kustomize: the overlay adds a preStop sleep of 25s", files: overlays(deployment("", ""), map[string]string{"prod": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\nspec:\n  template:\n    spec:\n      containers:\n        - name: p\n          lifecycle:\n            preStop:\n              sleep:\n                seconds: 25\n"}), check: "shutdown", want: Warn, message: "is shorter than the preStop hook (sleep, 25s, deploy/overlays/prod/patch.yaml:13)"},
		{name: "kustomize: an inline JSON 6902 patch lowers it to 5", files: service(map[string]string{
			"deploy/base/deployment.yaml":             deployment("", ""),
			"deploy/base/kustomization.yaml":          "resources:\n  - deployment.yaml\n",
			"deploy/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\npatches:\n  - target: {kind: Deployment, name: p}\n    patch: |\n      - op: add\n        path: /spec/template/spec/terminationGracePeriodSeconds\n        value: 5\n",
		}), check: "shutdown", want: Warn, message: "in the kustomize build of deploy/overlays/prod, terminationGracePeriodSeconds: 5 (deploy/overlays/prod/kustomization.yaml) " + five},
		{name: "kustomize: a component of the overlay lowers it to 5", files: service(map[string]string{
			"deploy/base/deployment.yaml":               deployment("", ""),
			"deploy/base/kustomization.yaml":            "resources:\n  - deployment.yaml\n",
			"deploy/components/fast/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: grace.yaml\n",
			"deploy/components/fast/grace.yaml":         graceFile + "5\n",
			"deploy/overlays/prod/kustomization.yaml":   "resources:\n  - ../../base\ncomponents:\n  - ../../components/fast\n",
		}), check: "shutdown", want: Warn, message: "in the kustomize build of deploy/overlays/prod, terminationGracePeriodSeconds: 5 (deploy/components/fast/grace.yaml) " + five},
		{name: "kustomize: two kustomizations that take each other", files: service(map[string]string{
			"deploy/a/deployment.yaml":    deployment("      terminationGracePeriodSeconds: 5\n", ""),
			"deploy/a/kustomization.yaml": "resources:\n  - deployment.yaml\n  - ../b\n",
			"deploy/b/kustomization.yaml": "resources:\n  - ../a\n",
		}), check: "shutdown", want: Warn, message: "terminationGracePeriodSeconds: 5 (deploy/a/deployment.yaml) " + five},
		{name: "kustomize: the base alone", files: service(map[string]string{
			"deploy/base/deployment.yaml":    deployment("      terminationGracePeriodSeconds: 5\n", ""),
			"deploy/base/kustomization.yaml": "resources:\n  - deployment.yaml\n",
		}), check: "shutdown", want: Warn, message: "in the kustomize build of deploy/base, terminationGracePeriodSeconds: 5 (deploy/base/deployment.yaml) " + five},
		// A template that is not YAML (helm create's labels line) is read line by line.
		{name: "helm: a template that does not parse, values-prod.yaml gives 5", files: chartWith("    {{- include \"p.labels\" . | nindent 4 }}\n", map[string]string{"values.yaml": "60", "values-prod.yaml": "5"}), check: "shutdown", want: Unknown,
			message: "the manifest deploy/chart/templates/deployment.yaml (not read: yaml: line 5: did not find expected node content), which could not be parsed, may deploy this program; read line by line, its terminationGracePeriodSeconds: 5 (deploy/chart/templates/deployment.yaml, set by deploy/chart/values-prod.yaml:1) " + five},
		{name: "helm: a template that does not parse, values give 60", files: chartWith("    {{- include \"p.labels\" . | nindent 4 }}\n", map[string]string{"values.yaml": "60"}), check: "shutdown", want: Pass, message: pass},
	})
}

// TestGraceTied audits the grace period of containers tied to the service by the
// module path alone (the only service, in cmd/api), and of containers no name ties
// to any main package.
func TestGraceTied(t *testing.T) {
	files := func(name string) map[string]string {
		files := probeMain("1.24", "mux.HandleFunc(\"/readyz\", readyz)", flipThenDrain)
		files["cmd/api/main.go"] = files["main.go"]
		delete(files, "main.go")
		files["go.mod"] = "module example.test/acme/orders\n\ngo 1.24\n"
		files["deploy/deploy.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: 5\n      containers:\n        - name: " + name + "\n          image: ghcr.io/acme/" + name + ":1.0\n"
		return files
	}
	const five = "terminationGracePeriodSeconds: 5 (deploy/deploy.yaml) is shorter than the shutdown delay and drain timeout (10s)"
	runCheckCases(t, []checkCase{
		{name: "named after the module", files: files("orders"), check: "shutdown", want: Warn, message: five},
		{name: "named after the main package", files: files("api"), check: "shutdown", want: Warn, message: five},
		{name: "tied to no main package", files: files("app"), check: "shutdown", want: Unknown, message: "the container app (image ghcr.io/acme/app:1.0), which no name ties to this program or to another main package, may run it; its " + five},
	})
}
