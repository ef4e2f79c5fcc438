package audit

import (
	"strings"
	"testing"
)

// TestGracePeriod audits the termination grace period of the pods that run the
// service against its shutdown delay plus drain timeout: the kubelet sends SIGKILL
// once the grace period is over, so a shorter one cuts the drain (WARN). The grace
// period starts with a preStop hook, and SIGTERM comes only once it ends: a sleep
// hook of constant seconds takes its time from the drain.
func TestGracePeriod(t *testing.T) {
	const probes = "mux.HandleFunc(\"/healthz\", readyz)\n\tmux.HandleFunc(\"/readyz\", readyz)"
	// deployWith is deploy with the lines ctr added to the container's mapping.
	deployWith := func(image, podSpec, ctr, drain string) map[string]string {
		return withFiles(probeMain("1.24", probes, drain), map[string]string{
			"deploy/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\nspec:\n  template:\n    spec:\n" + podSpec + "      containers:\n        - name: " + imageName(image) + "\n          image: " + image + "\n" + ctr,
		})
	}
	deploy := func(image, podSpec, drain string) map[string]string {
		return deployWith(image, podSpec, "", drain)
	}
	preStop := func(hook string) string {
		return "          lifecycle:\n            preStop:\n" + hook
	}
	var (
		grace20      = "      terminationGracePeriodSeconds: 20\n"
		execSleep    = preStop("              exec:\n                command: [\"sleep\", \"10\"]\n")
		shellSleep   = preStop("              exec:\n                command: [\"/bin/sh\", \"-c\", \"sleep 10\"]\n")
		nativeSleep  = preStop("              sleep:\n                seconds: 10\n")
		shortSleep   = preStop("              exec:\n                command: [\"/bin/sleep\", \"3s\"]\n")
		httpHook     = preStop("              httpGet:\n                path: /drain\n                port: 8080\n")
		scriptHook   = preStop("              exec:\n                command: [\"/bin/sh\", \"-c\", \"/drain.sh\"]\n")
		preStopShort = "terminationGracePeriodSeconds: 20 (deploy/deployment.yaml) is shorter than the preStop hook "
	)
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
		// A pod no name ties to any main package may run the program, when none is tied to it.
		{name: "a short grace period of another image's pod", files: deploy("ghcr.io/acme/other:1.0", "      terminationGracePeriodSeconds: 3\n", delayThenDrain), check: "shutdown", want: Unknown, message: "but the container other (image ghcr.io/acme/other:1.0), which no name ties to this program or to another main package, may run it; its " + short},
		{name: "a short grace period of another image's pod beside the program's", files: withFiles(deploy("ghcr.io/acme/other:1.0", "      terminationGracePeriodSeconds: 3\n", delayThenDrain), map[string]string{
			"deploy/p.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\nspec:\n  template:\n    spec:\n      containers:\n        - name: p\n          image: ghcr.io/acme/p:1.0\n",
		}), check: "shutdown", want: Pass, message: pass},
		{name: "an exec sleep preStop hook takes its time from the grace period", files: deployWith("ghcr.io/acme/p:1.0", grace20, execSleep, delayThenDrain), check: "shutdown", want: Warn, message: preStopShort + "(exec [\"sleep\", \"10\"], 10s, deploy/deployment.yaml:15) plus the shutdown delay and drain timeout (15s): the grace period starts with the preStop hook and SIGTERM comes only once it ends, so the kubelet sends SIGKILL 10s after SIGTERM"},
		{name: "a shell's sleep preStop hook takes its time from the grace period", files: deployWith("ghcr.io/acme/p:1.0", grace20, shellSleep, delayThenDrain), check: "shutdown", want: Warn, message: preStopShort + "(exec [\"/bin/sh\", \"-c\", \"sleep 10\"], 10s, deploy/deployment.yaml:15)"},
		{name: "a sleep action preStop hook takes its time from the grace period", files: deployWith("ghcr.io/acme/p:1.0", grace20, nativeSleep, delayThenDrain), check: "shutdown", want: Warn, message: preStopShort + "(sleep, 10s, deploy/deployment.yaml:15)"},
		{name: "a preStop hook beyond the default grace period", files: deployWith("ghcr.io/acme/p:1.0", "", preStop("              sleep:\n                seconds: 40\n"), delayThenDrain), check: "shutdown", want: Warn, message: "Kubernetes' default of 30s (no terminationGracePeriodSeconds is set), is shorter than the preStop hook (sleep, 40s, deploy/deployment.yaml:14) plus the shutdown delay and drain timeout (15s): the grace period starts with the preStop hook and SIGTERM comes only once it ends, so no time is left to drain before the kubelet's SIGKILL"},
		{name: "a shell's sleep of minutes", files: deployWith("ghcr.io/acme/p:1.0", "      terminationGracePeriodSeconds: 60\n", preStop("              exec:\n                command: [\"sh\", \"-c\", \"sleep 1m\"]\n"), delayThenDrain), check: "shutdown", want: Warn, message: "(exec [\"sh\", \"-c\", \"sleep 1m\"], 1m0s, deploy/deployment.yaml:15)"},
		{name: "a sleep operand that is no number is not timed", files: deployWith("ghcr.io/acme/p:1.0", grace20, preStop("              exec:\n                command: [\"sleep\", \"infinity\"]\n"), delayThenDrain), check: "shutdown", want: Pass, message: pass},
		{name: "a short preStop hook that fits", files: deployWith("ghcr.io/acme/p:1.0", grace20, shortSleep, delayThenDrain), check: "shutdown", want: Pass, message: pass},
		{name: "an httpGet preStop hook is not timed", files: deployWith("ghcr.io/acme/p:1.0", grace20, httpHook, delayThenDrain), check: "shutdown", want: Pass, message: pass},
		{name: "a script preStop hook is not timed", files: deployWith("ghcr.io/acme/p:1.0", grace20, scriptHook, delayThenDrain), check: "shutdown", want: Pass, message: pass},
		{name: "a grace period short even without the untimed preStop hook", files: deployWith("ghcr.io/acme/p:1.0", "      terminationGracePeriodSeconds: 3\n", httpHook, delayThenDrain), check: "shutdown", want: Warn, message: "terminationGracePeriodSeconds: 3 (deploy/deployment.yaml) is shorter than the shutdown delay and drain timeout (15s), and the preStop hook (httpGet, deploy/deployment.yaml:14), which this audit does not time, runs within it before SIGTERM"},
		{name: "a drain timeout that is no constant", files: deploy("ghcr.io/acme/p:1.0", "      terminationGracePeriodSeconds: 3\n", "ready.Store(false)\n\tdctx, dcancel := context.WithTimeout(context.Background(), time.Duration(len(os.Args))*time.Minute)\n\tdefer dcancel()\n\t_ = srv.Shutdown(dctx)"), check: "shutdown", want: Unknown, message: "but whether terminationGracePeriodSeconds: 3 (deploy/deployment.yaml) leaves the shutdown delay and drain timeout their time cannot be told: time.Duration(len(os.Args)) * time.Minute (main.go:45) is a value this audit does not follow"},
	})
}

// TestGracePeriodFix: a WARN for the grace period alone tells to raise it (or shorten
// what must fit in it), not to add shutdown, which the program already does and which
// would not change the pod spec.
func TestGracePeriodFix(t *testing.T) {
	const probes = "mux.HandleFunc(\"/healthz\", readyz)\n\tmux.HandleFunc(\"/readyz\", readyz)"
	files := withFiles(probeMain("1.24", probes, "ready.Store(false)\n\ttime.Sleep(5 * time.Second)\n\t_ = srv.Shutdown(sctx)"), map[string]string{
		"deploy/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: 3\n      containers:\n        - name: p\n          image: ghcr.io/acme/p:1.0\n",
	})
	res := auditInlineAt(t, files, "", "shutdown")
	if res.Status != Warn || !strings.Contains(res.Fix, "Raise terminationGracePeriodSeconds") || strings.Contains(res.Fix, "add shutdown") {
		t.Errorf("shutdown: %s, fix %q; want WARN with a fix that raises the grace period, not add shutdown", res.Status, res.Fix)
	}
}
