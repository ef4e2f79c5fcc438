package e2e_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// cleanupBudget is how long the generated lifecycle gives its cleanups (the telemetry
// flush) after draining.
const cleanupBudget = 10 * time.Second

// deployment is the part of a Deployment manifest the checks read.
type deployment struct {
	Kind string
	Spec struct {
		Template struct {
			Spec struct {
				TerminationGracePeriodSeconds int `yaml:"terminationGracePeriodSeconds"`
				SecurityContext               struct {
					RunAsNonRoot bool `yaml:"runAsNonRoot"`
					RunAsUser    int  `yaml:"runAsUser"`
				} `yaml:"securityContext"`
				Containers []struct {
					Env []struct {
						Name  string
						Value string
					}
					Resources struct {
						Requests map[string]string
						Limits   map[string]string
					}
					StartupProbe    map[string]any `yaml:"startupProbe"`
					LivenessProbe   map[string]any `yaml:"livenessProbe"`
					ReadinessProbe  map[string]any `yaml:"readinessProbe"`
					SecurityContext struct {
						AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
						ReadOnlyRootFilesystem   bool  `yaml:"readOnlyRootFilesystem"`
						Capabilities             struct {
							Drop []string
						}
					} `yaml:"securityContext"`
				}
			}
		}
	}
}

// checkKubernetes reads the generated Deployment: probes, CPU and memory requests and
// limits (so GOMAXPROCS and GOMEMLIMIT follow the container), a non-root read-only
// container, and a grace period that covers the shutdown delay, the drain timeout and the
// cleanups it configures.
func checkKubernetes(t *testing.T, p *project) {
	data, err := os.ReadFile(p.path("k8s/deployment.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var d deployment
	if err := yaml.Unmarshal(data, &d); err != nil {
		t.Fatalf("k8s/deployment.yaml does not parse: %v", err)
	}
	if d.Kind != "Deployment" || len(d.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("want a Deployment with one container, got kind %q with %d", d.Kind, len(d.Spec.Template.Spec.Containers))
	}
	pod := d.Spec.Template.Spec
	c := pod.Containers[0]
	for _, probe := range []struct {
		name string
		spec map[string]any
	}{{"startupProbe", c.StartupProbe}, {"livenessProbe", c.LivenessProbe}, {"readinessProbe", c.ReadinessProbe}} {
		if len(probe.spec) == 0 {
			t.Errorf("container has no %s", probe.name)
		}
	}
	for _, res := range []string{"cpu", "memory"} {
		if c.Resources.Requests[res] == "" || c.Resources.Limits[res] == "" {
			t.Errorf("container lacks a %s request or limit: %+v", res, c.Resources)
		}
	}
	if !pod.SecurityContext.RunAsNonRoot || pod.SecurityContext.RunAsUser != 65532 {
		t.Errorf("pod security context %+v, want runAsNonRoot and user 65532", pod.SecurityContext)
	}
	sc := c.SecurityContext
	if !sc.ReadOnlyRootFilesystem || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation || !strings.Contains(strings.Join(sc.Capabilities.Drop, ","), "ALL") {
		t.Errorf("container security context %+v, want read-only root, no privilege escalation, all capabilities dropped", sc)
	}
	env := map[string]time.Duration{}
	for _, e := range c.Env {
		if e.Name == "SHUTDOWN_DELAY" || e.Name == "SHUTDOWN_TIMEOUT" {
			d, err := time.ParseDuration(e.Value)
			if err != nil {
				t.Fatalf("%s=%q: %v", e.Name, e.Value, err)
			}
			env[e.Name] = d
		}
	}
	if env["SHUTDOWN_DELAY"] == 0 || env["SHUTDOWN_TIMEOUT"] == 0 {
		t.Fatalf("the manifest sets SHUTDOWN_DELAY and SHUTDOWN_TIMEOUT explicitly, got %v", env)
	}
	need := env["SHUTDOWN_DELAY"] + env["SHUTDOWN_TIMEOUT"] + cleanupBudget
	if grace := time.Duration(pod.TerminationGracePeriodSeconds) * time.Second; grace <= need {
		t.Errorf("terminationGracePeriodSeconds %v does not exceed delay + drain timeout + cleanups = %v", grace, need)
	}
}
