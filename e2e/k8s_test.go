package e2e_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// cleanupBudget is how long the generated lifecycle gives its cleanups (the telemetry
// flush) after draining.
const cleanupBudget = 10 * time.Second

// decodeManifest decodes a Kubernetes manifest strictly into the official API type
// out, as the API server's strict field validation does: a field the type does not
// have (a typo, a field at the wrong level), a field in the wrong case or a field given
// twice is an error. yaml.UnmarshalStrict alone would accept a field in the wrong case
// (encoding/json matches names case-insensitively); the API server's JSON decoder,
// sigs.k8s.io/json, does not.
func decodeManifest(path string, out any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	j, err := yaml.YAMLToJSONStrict(data)
	if err != nil {
		return err
	}
	strict, err := kjson.UnmarshalStrict(j, out)
	if err != nil {
		return err
	}
	return errors.Join(strict...)
}

// readManifests decodes the generated k8s/deployment.yaml and k8s/service.yaml.
func readManifests(t *testing.T, dir string) (*appsv1.Deployment, *corev1.Service) {
	t.Helper()
	var d appsv1.Deployment
	if err := decodeManifest(filepath.Join(dir, "k8s", "deployment.yaml"), &d); err != nil {
		t.Fatalf("k8s/deployment.yaml is not a valid Deployment: %v", err)
	}
	var s corev1.Service
	if err := decodeManifest(filepath.Join(dir, "k8s", "service.yaml"), &s); err != nil {
		t.Fatalf("k8s/service.yaml is not a valid Service: %v", err)
	}
	if d.APIVersion != "apps/v1" || d.Kind != "Deployment" {
		t.Errorf("k8s/deployment.yaml is %s %s, want apps/v1 Deployment", d.APIVersion, d.Kind)
	}
	if s.APIVersion != "v1" || s.Kind != "Service" {
		t.Errorf("k8s/service.yaml is %s %s, want v1 Service", s.APIVersion, s.Kind)
	}
	return &d, &s
}

// TestManifestDecodingIsStrict runs without building anything: the golden manifests
// decode strictly, and the same manifest with a misspelt field does not.
func TestManifestDecodingIsStrict(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("..", "golden", "*", "k8s"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden case with k8s manifests (%v)", err)
	}
	for _, k8s := range cases {
		readManifests(t, filepath.Dir(k8s))
	}
	data, err := os.ReadFile(filepath.Join(cases[0], "deployment.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, typo := range []struct{ field, misspelt, want string }{
		{"terminationGracePeriodSeconds:", "terminationGracePeriodSecond:", `unknown field "spec.template.spec.terminationGracePeriodSecond"`},
		{"readOnlyRootFilesystem:", "readOnlyRootFileSystem:", `unknown field "spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem"`},
		{"periodSeconds:", "periodSecond:", `unknown field "spec.template.spec.containers[0].startupProbe.periodSecond"`},
		{"      containers:", "      containers: []\n      containers:", `key "containers" already set`},
	} {
		if !strings.Contains(string(data), typo.field) {
			t.Fatalf("%s has no %s", cases[0], typo.field)
		}
		bad := filepath.Join(t.TempDir(), "deployment.yaml")
		if err := os.WriteFile(bad, []byte(strings.Replace(string(data), typo.field, typo.misspelt, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		var d appsv1.Deployment
		if err := decodeManifest(bad, &d); err == nil || !strings.Contains(err.Error(), typo.want) {
			t.Errorf("%s written %q: error %v, want %s", typo.field, typo.misspelt, err, typo.want)
		}
	}
}

// checkKubernetes reads the generated Deployment and Service: probes, CPU and memory
// requests and limits (so GOMAXPROCS and GOMEMLIMIT follow the container), a non-root
// read-only container, a grace period that covers the shutdown delay, the drain timeout
// and the cleanups it configures, and a Service that selects the pods and targets a
// port the container has.
func checkKubernetes(t *testing.T, p *project) {
	d, s := readManifests(t, p.dir)
	pod := d.Spec.Template.Spec
	if len(pod.Containers) != 1 {
		t.Fatalf("want a Deployment with one container, got %d", len(pod.Containers))
	}
	c := pod.Containers[0]
	for name, probe := range map[string]*corev1.Probe{"startupProbe": c.StartupProbe, "livenessProbe": c.LivenessProbe, "readinessProbe": c.ReadinessProbe} {
		if probe == nil || (probe.Exec == nil && probe.HTTPGet == nil && probe.TCPSocket == nil && probe.GRPC == nil) {
			t.Errorf("container has no %s with a handler", name)
		}
	}
	for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if c.Resources.Requests.Name(res, "").IsZero() || c.Resources.Limits.Name(res, "").IsZero() {
			t.Errorf("container lacks a %s request or limit: %+v", res, c.Resources)
		}
	}
	if psc := pod.SecurityContext; psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.RunAsUser == nil || *psc.RunAsUser != 65532 {
		t.Errorf("pod security context %+v, want runAsNonRoot and user 65532", pod.SecurityContext)
	}
	sc := c.SecurityContext
	if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
		sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
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
	if pod.TerminationGracePeriodSeconds == nil {
		t.Fatal("no terminationGracePeriodSeconds")
	}
	if grace := time.Duration(*pod.TerminationGracePeriodSeconds) * time.Second; grace <= need {
		t.Errorf("terminationGracePeriodSeconds %v does not exceed delay + drain timeout + cleanups = %v", grace, need)
	}

	labels := d.Spec.Template.Labels
	if len(s.Spec.Selector) == 0 {
		t.Error("the Service selects no pods")
	}
	for k, v := range s.Spec.Selector {
		if labels[k] != v {
			t.Errorf("the Service selects %s=%s, which the pod template's labels %v lack", k, v, labels)
		}
	}
	for _, sp := range s.Spec.Ports {
		found := slices.ContainsFunc(c.Ports, func(cp corev1.ContainerPort) bool {
			return (sp.TargetPort.StrVal != "" && cp.Name == sp.TargetPort.StrVal) || (sp.TargetPort.StrVal == "" && cp.ContainerPort == sp.TargetPort.IntVal)
		})
		if !found {
			t.Errorf("Service port %s targets %s, which the container does not expose (%v)", sp.Name, sp.TargetPort.String(), c.Ports)
		}
	}
}
