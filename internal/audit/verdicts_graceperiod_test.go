package audit

import "testing"

// TestGracePeriod audits the termination grace period of the pods that run the
// service against its shutdown delay plus drain timeout: the kubelet sends SIGKILL
// once the grace period is over, so a shorter one cuts the drain (WARN).
func TestGracePeriod(t *testing.T) {
	const probes = "mux.HandleFunc(\"/healthz\", readyz)\n\tmux.HandleFunc(\"/readyz\", readyz)"
	deploy := func(image, podSpec, drain string) map[string]string {
		return withFiles(probeMain("1.24", probes, drain), map[string]string{
			"deploy/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\nspec:\n  template:\n    spec:\n" + podSpec + "      containers:\n        - name: " + imageName(image) + "\n          image: " + image + "\n",
		})
	}
	const (
		delayThenDrain = "ready.Store(false)\n\ttime.Sleep(5 * time.Second)\n\t_ = srv.Shutdown(sctx)"
		longDelay      = "ready.Store(false)\n\ttime.Sleep(25 * time.Second)\n\t_ = srv.Shutdown(sctx)"
		short          = "terminationGracePeriodSeconds: 3 (deploy/deployment.yaml) is shorter than the shutdown delay and drain timeout (15s)"
		pass           = "readiness turns 503"
	)
	runCheckCases(t, []checkCase{
		{name: "a grace period shorter than the delay and drain", files: deploy("ghcr.io/acme/p:1.0", "      terminationGracePeriodSeconds: 3\n", delayThenDrain), check: "shutdown", want: Warn, message: short},
		{name: "a grace period shorter than the drain alone", files: deploy("ghcr.io/acme/p:1.0", "      terminationGracePeriodSeconds: 5\n", flipThenDrain), check: "shutdown", want: Warn, message: "terminationGracePeriodSeconds: 5 (deploy/deployment.yaml) is shorter than the shutdown delay and drain timeout (10s)"},
		{name: "a grace period above the delay and drain", files: deploy("ghcr.io/acme/p:1.0", "      terminationGracePeriodSeconds: 60\n", delayThenDrain), check: "shutdown", want: Pass, message: pass},
		{name: "the default grace period above the delay and drain", files: deploy("ghcr.io/acme/p:1.0", "", delayThenDrain), check: "shutdown", want: Pass, message: pass},
		{name: "the default grace period below a long delay and drain", files: deploy("ghcr.io/acme/p:1.0", "", longDelay), check: "shutdown", want: Warn, message: "Kubernetes' default of 30s"},
		{name: "a templated grace period is not read", files: deploy("ghcr.io/acme/p:1.0", "      terminationGracePeriodSeconds: \"{{ .Values.grace }}\"\n", delayThenDrain), check: "shutdown", want: Pass, message: pass},
		{name: "a short grace period of another image's pod", files: deploy("ghcr.io/acme/other:1.0", "      terminationGracePeriodSeconds: 3\n", delayThenDrain), check: "shutdown", want: Pass, message: pass},
		{name: "a drain timeout that is no constant", files: deploy("ghcr.io/acme/p:1.0", "      terminationGracePeriodSeconds: 3\n", "ready.Store(false)\n\tdctx, dcancel := context.WithTimeout(context.Background(), time.Duration(len(os.Args))*time.Minute)\n\tdefer dcancel()\n\t_ = srv.Shutdown(dctx)"), check: "shutdown", want: Pass, message: pass},
	})
}
