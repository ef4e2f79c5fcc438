package audit

import "testing"

// TestProcsEnvironmentValue audits services whose image or Deployment sets
// GOMAXPROCS: the runtime uses the value only when it is a positive integer, so
// only such a value fixes GOMAXPROCS.
func TestProcsEnvironmentValue(t *testing.T) {
	svc := "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n"
	image := func(procs string) map[string]string {
		return map[string]string{
			"go.mod":          "module example.test/shop\n\ngo 1.26\n",
			"cmd/svc/main.go": svc,
			"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/svc\n\n" +
				"FROM scratch\nCOPY --from=build /out/app /app\nENV GOMEMLIMIT=400MiB GOMAXPROCS=" + procs + "\nENTRYPOINT [\"/app\"]\n",
		}
	}
	deployment := func(procs string) map[string]string {
		return map[string]string{
			"go.mod":          "module example.test/shop\n\ngo 1.26\n",
			"cmd/svc/main.go": svc,
			"k8s/svc.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc\nspec:\n  template:\n    spec:\n      containers:\n" +
				"        - name: svc\n          image: ghcr.io/acme/svc:1.0.0\n          env:\n" +
				"            - name: GOMEMLIMIT\n              value: \"400MiB\"\n            - name: GOMAXPROCS\n              value: \"" + procs + "\"\n",
		}
	}
	const fixed = "GOMAXPROCS is set to a fixed value"
	const follows = "GOMAXPROCS follows the CPU limit and a memory limit is set"
	runCheckCases(t, []checkCase{
		{name: "GOMAXPROCS=0 in the Deployment is ignored by the runtime", files: deployment("0"), check: "procs", want: Pass, message: follows},
		{name: "GOMAXPROCS=0 in the image", files: image("0"), check: "procs", want: Pass, message: follows},
		{name: "a negative GOMAXPROCS", files: image("-2"), check: "procs", want: Pass, message: follows},
		{name: "a GOMAXPROCS that is not a number", files: deployment("auto"), check: "procs", want: Pass, message: follows},
		{name: "a GOMAXPROCS beyond 32 bits", files: image("99999999999"), check: "procs", want: Pass, message: follows},
		{name: "GOMAXPROCS=4 in the Deployment", files: deployment("4"), check: "procs", want: Fail, message: fixed},
		{name: "GOMAXPROCS=4 in the image", files: image("4"), check: "procs", want: Fail, message: fixed},
		{name: "GOMAXPROCS from a variable reference the audit cannot read", files: deployment("$(CPUS)"), check: "procs", want: Fail, message: fixed},
	})
}
