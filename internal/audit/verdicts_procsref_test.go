package audit

import "testing"

// procsRefService is a service on the go line goLine with a memory limit in code,
// and a Deployment whose api container (CPU limit 2) sets GOMAXPROCS through the
// Downward API resourceFieldRef ref (YAML flow mapping).
func procsRefService(goLine, ref string) map[string]string {
	return map[string]string{
		"go.mod": "module example.test/api\n\ngo " + goLine + "\n",
		"cmd/api/main.go": "package main\n\nimport (\n\t\"net/http\"\n\t\"runtime/debug\"\n)\n\n" +
			"func main() {\n\tdebug.SetMemoryLimit(400 << 20)\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
		"k8s/api.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n" +
			"        - name: api\n          image: ghcr.io/acme/api:1.0.0\n          resources:\n            limits: {cpu: \"2\", memory: 512Mi}\n" +
			"          env:\n            - name: GOMAXPROCS\n              valueFrom:\n                resourceFieldRef: " + ref + "\n",
	}
}

// TestProcsResourceFieldRef: a GOMAXPROCS the Downward API sets to the container's
// own CPU limit follows it, below go 1.25 too; another divisor or container gives a
// value that does not follow it.
func TestProcsResourceFieldRef(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:  "go 1.24: GOMAXPROCS from limits.cpu is the CPU limit",
			files: procsRefService("1.24.0", "{resource: limits.cpu}"),
			check: "procs", want: Pass, message: "GOMAXPROCS follows the CPU limit",
		},
		{
			name:  "go 1.24: the container named as its own, with divisor 1",
			files: procsRefService("1.24.0", "{containerName: api, resource: limits.cpu, divisor: \"1\"}"),
			check: "procs", want: Pass, message: "GOMAXPROCS follows the CPU limit",
		},
		{
			name:  "go 1.24: divisor 1000m is one CPU",
			files: procsRefService("1.24.0", "{resource: limits.cpu, divisor: 1000m}"),
			check: "procs", want: Pass, message: "GOMAXPROCS follows the CPU limit",
		},
		{
			name:  "go 1.24: divisor 1m gives millicores, a fixed value",
			files: procsRefService("1.24.0", "{resource: limits.cpu, divisor: 1m}"),
			check: "procs", want: Fail, message: "GOMAXPROCS is set to a fixed value",
		},
		{
			name:  "go 1.24: another container's limit is no limit of this one",
			files: procsRefService("1.24.0", "{containerName: sidecar, resource: limits.cpu}"),
			check: "procs", want: Fail, message: "GOMAXPROCS is set to a fixed value",
		},
		{
			name:  "go 1.24: requests.cpu is left out, as before",
			files: procsRefService("1.24.0", "{resource: requests.cpu}"),
			check: "procs", want: Warn, message: "automaxprocs is not used",
		},
		{
			name:  "go 1.25: GOMAXPROCS from limits.cpu is the limit the runtime reads",
			files: procsRefService("1.25.0", "{resource: limits.cpu}"),
			check: "procs", want: Pass, message: "GOMAXPROCS follows the CPU limit",
		},
	})
}
