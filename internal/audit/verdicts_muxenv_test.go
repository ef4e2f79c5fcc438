package audit

import "testing"

// muxEnvImage returns a Dockerfile that builds the module's main package at the
// root and ships it in a static image, with env (ENV lines, or "") in its final
// stage.
func muxEnvImage(env string) string {
	return "FROM golang:1.24 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /p .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /p /p\n" + env + "ENTRYPOINT [\"/p\"]\n"
}

// muxEnvDeployment returns a Deployment of one container named name, whose env
// sets GODEBUG to godebug.
func muxEnvDeployment(name, godebug string) string {
	return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\nspec:\n  template:\n    spec:\n      containers:\n        - name: " + name + "\n          image: ghcr.io/acme/" + name + ":1.0.0\n          env:\n            - name: GODEBUG\n              value: " + godebug + "\n"
}

// TestMuxEnvVerdicts audits Go 1.22 ServeMux patterns under a GODEBUG that an
// image or a manifest container sets: httpmuxgo121=1 there brings back Go 1.21's
// ServeMux, which reads "GET /healthz" as a pattern for the host "GET ", so the
// probes get 404, as with the same setting in go.mod.
func TestMuxEnvVerdicts(t *testing.T) {
	get := probeMain("1.26", muxProbesGET, flipThenDrain)
	runCheckCases(t, []checkCase{
		{
			name:    "health: method patterns without GODEBUG in the image",
			files:   with(get, map[string]string{"Dockerfile": muxEnvImage("")}),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz, /readyz",
		},
		{
			name:    "health: the image's ENV GODEBUG=httpmuxgo121=1 makes method patterns no routes",
			files:   with(get, map[string]string{"Dockerfile": muxEnvImage("ENV GODEBUG=httpmuxgo121=1\n")}),
			check:   "health",
			want:    Warn,
			message: "GODEBUG=httpmuxgo121=1 in the environment of Dockerfile:8 keeps net/http's ServeMux on Go 1.21's patterns",
		},
		{
			name:    "health: httpmuxgo121=1 among other GODEBUG settings of the image",
			files:   with(get, map[string]string{"Dockerfile": muxEnvImage("ENV GODEBUG=\"http2client=0,httpmuxgo121=1\"\n")}),
			check:   "health",
			want:    Warn,
			message: "GODEBUG=httpmuxgo121=1 in the environment of Dockerfile:8",
		},
		{
			name:    "health: a later httpmuxgo121=0 in the same GODEBUG holds",
			files:   with(get, map[string]string{"Dockerfile": muxEnvImage("ENV GODEBUG=httpmuxgo121=1,httpmuxgo121=0\n")}),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz, /readyz",
		},
		{
			name:    "health: a GODEBUG of other settings in the image",
			files:   with(get, map[string]string{"Dockerfile": muxEnvImage("ENV GODEBUG=http2client=0\n")}),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz, /readyz",
		},
		{
			name:    "health: GODEBUG=httpmuxgo121=1 in the env of the Deployment's container",
			files:   with(get, map[string]string{"deploy/deployment.yaml": muxEnvDeployment("p", "httpmuxgo121=1")}),
			check:   "health",
			want:    Warn,
			message: "GODEBUG=httpmuxgo121=1 in the environment of deploy/deployment.yaml:",
		},
		{
			name:    "health: the container's GODEBUG replaces the image's",
			files:   with(get, map[string]string{"Dockerfile": muxEnvImage("ENV GODEBUG=httpmuxgo121=1\n"), "deploy/deployment.yaml": muxEnvDeployment("p", "http2client=0")}),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz, /readyz",
		},
		{
			name:    "health: a container tied to no main package may run the program",
			files:   with(get, map[string]string{"deploy/deployment.yaml": muxEnvDeployment("batch", "httpmuxgo121=1")}),
			check:   "health",
			want:    Warn,
			message: "a container this audit cannot tie to a main package, which may run it,",
		},
		{
			name:    "shutdown: a GET /readyz under the image's httpmuxgo121=1 is no readiness endpoint",
			files:   with(get, map[string]string{"Dockerfile": muxEnvImage("ENV GODEBUG=httpmuxgo121=1\n")}),
			check:   "shutdown",
			want:    Warn,
			message: "no readiness endpoint turns 503 on shutdown",
		},
		{
			name:    "pprof: a method pattern under the image's httpmuxgo121=1 serves no profiles",
			files:   with(pprofPatternMain("1.26"), map[string]string{"Dockerfile": muxEnvImage("ENV GODEBUG=httpmuxgo121=1\n")}),
			check:   "pprof",
			want:    Pass,
			message: "pprof is not served",
		},
		{
			name:    "pprof: a container that only may run the program does not hide the profiles",
			files:   with(pprofPatternMain("1.26"), map[string]string{"deploy/deployment.yaml": muxEnvDeployment("batch", "httpmuxgo121=1")}),
			check:   "pprof",
			want:    Fail,
			message: "pprof is served on the public listener",
		},
	})
}
