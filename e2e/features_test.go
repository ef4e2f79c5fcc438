package e2e_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Checks of the optional features. Each drives the built binary with a real
// client: curl for mutual TLS, plain HTTP for pprof and OpenTelemetry.

func hasFeature(name string) func(*project) bool {
	return func(p *project) bool { return p.has(name) }
}

// checkMTLS makes the development certificates with the project's `make certs`, serves
// with them and checks that curl without a client certificate fails the handshake, that
// curl with one gets 200, and that the healthcheck subcommand works against the TLS
// server only with its client certificate.
func checkMTLS(t *testing.T, p *project) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl not found")
	}
	p.run("make", "certs")
	certs := p.path("certs")
	addr := freeAddr(t)
	tlsEnv := append([]string{"HTTP_ADDR=" + addr}, mtlsEnv(p)...)
	s := startTLS(t, p, addr, tlsEnv)
	url := "https://" + addr + "/healthz"
	if want := `"client_certificates":"required"`; !strings.Contains(s.output.String(), want) {
		t.Errorf("the start log does not say %s:\n%s", want, s.output)
	}
	// Without client CAs the log says that clients present no certificate.
	plainAddr := freeAddr(t)
	plain := startTLS(t, p, plainAddr, []string{"HTTP_ADDR=" + plainAddr, "TLS_CERT_FILE=" + certs + "/server.crt", "TLS_KEY_FILE=" + certs + "/server.key"})
	if want := `"client_certificates":"not requested: TLS_CLIENT_CA_FILES is unset"`; !strings.Contains(plain.output.String(), want) {
		t.Errorf("the start log without client CAs does not say %s:\n%s", want, plain.output)
	}

	// With TLS 1.3 the client finishes its side of the handshake before the server
	// refuses it, so curl reports the failure when reading; with TLS 1.2 the refusal
	// ends the handshake itself (curl exit code 35, SSL connect error).
	for _, tlsMax := range []string{"1.3", "1.2"} {
		cmd := exec.Command("curl", "-sS", "--max-time", "5", "-o", "/dev/null", "-w", "%{http_code}",
			"--tls-max", tlsMax, "--cacert", certs+"/ca.crt", url)
		out, err := cmd.CombinedOutput()
		if err == nil || strings.HasPrefix(string(out), "200") {
			t.Errorf("curl --tls-max %s without a client certificate: %v, %s; want a refused connection", tlsMax, err, out)
		} else if code := cmd.ProcessState.ExitCode(); tlsMax == "1.2" && code != 35 {
			t.Errorf("curl --tls-max 1.2 without a client certificate: exit code %d, want 35 (handshake failed): %s", code, out)
		}
	}

	out, err := exec.Command("curl", "-sS", "--max-time", "5", "-o", "/dev/null", "-w", "%{http_code} %{http_version}",
		"--cacert", certs+"/ca.crt", "--cert", certs+"/client.crt", "--key", certs+"/client.key", url).CombinedOutput()
	if err != nil || string(out) != "200 2" {
		t.Errorf("curl with the client certificate: %v, %q; want status 200 over HTTP/2", err, out)
	}

	healthcheck := func(extra ...string) (int, string) {
		cmd := exec.Command(p.binary(), "healthcheck")
		cmd.Env = append(append(os.Environ(), tlsEnv...), extra...)
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("healthcheck: %v", err)
		}
		return cmd.ProcessState.ExitCode(), string(out)
	}
	if code, out := healthcheck(); code != 0 {
		t.Errorf("healthcheck with the client certificate: exit %d, want 0: %s", code, out)
	}
	// Without one it could only fail the handshake, so the configuration refuses it.
	if code, out := healthcheck("HEALTHCHECK_CERT_FILE=", "HEALTHCHECK_KEY_FILE="); code != 1 || !strings.Contains(out, "HEALTHCHECK_CERT_FILE") {
		t.Errorf("healthcheck without a client certificate: exit %d, want 1 naming HEALTHCHECK_CERT_FILE: %s", code, out)
	}

	s.signal(syscall.SIGTERM)
	if code := s.wait(20 * time.Second); code != 0 {
		t.Errorf("exit code %d after SIGTERM, want 0\n%s", code, s.output)
	}
}

// mtlsEnv configures mutual TLS with the certificates of `make certs`: the server pair,
// client certificates required, and the client certificate the healthcheck then needs.
func mtlsEnv(p *project) []string {
	certs := p.path("certs")
	return []string{
		"TLS_CERT_FILE=" + certs + "/server.crt",
		"TLS_KEY_FILE=" + certs + "/server.key",
		"TLS_CLIENT_CA_FILES=" + certs + "/ca.crt",
		"HEALTHCHECK_CA_FILE=" + certs + "/ca.crt",
		"HEALTHCHECK_CERT_FILE=" + certs + "/client.crt",
		"HEALTHCHECK_KEY_FILE=" + certs + "/client.key",
	}
}

// startTLS starts the binary with env and waits until GET /healthz over mutual TLS, with
// the client certificate of `make certs`, answers 200.
func startTLS(t *testing.T, p *project, addr string, env []string) *service {
	t.Helper()
	certs := p.path("certs")
	roots := x509.NewCertPool()
	ca, err := os.ReadFile(certs + "/ca.crt")
	if err != nil || !roots.AppendCertsFromPEM(ca) {
		t.Fatalf("read certs/ca.crt: %v", err)
	}
	client, err := tls.LoadX509KeyPair(certs+"/client.crt", certs+"/client.key")
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, Certificates: []tls.Certificate{client}}}
	defer tr.CloseIdleConnections()
	ready := func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://"+addr+"/healthz", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := tr.RoundTrip(req)
		if err != nil {
			return false
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
	return startUntil(t, addr, env, ready, p.binary())
}

// checkPProf enables pprof and checks that it is absent from the public port and served
// on the admin port only with the token.
func checkPProf(t *testing.T, p *project) {
	const token = "e2e-pprof-token-0123456789"
	addrs := freeAddrs(t, 2)
	addr, admin := addrs[0], addrs[1]
	s := start(t, addr, []string{"HTTP_ADDR=" + addr, "ADMIN_ADDR=" + admin, "PPROF_ENABLED=true", "PPROF_TOKEN=" + token}, p.binary())

	if code, body := s.get("/debug/pprof/"); code != http.StatusNotFound || strings.Contains(body, "pprof") {
		t.Errorf("public GET /debug/pprof/ = %d %.60q, want the service's 404", code, body)
	}
	for _, tt := range []struct {
		auth string
		want int
	}{
		{"", http.StatusUnauthorized},
		{"Bearer wrong-token-0123456789", http.StatusUnauthorized},
		{"Bearer " + token, http.StatusOK},
	} {
		if code := adminGet(t, admin, "/debug/pprof/", tt.auth); code != tt.want {
			t.Errorf("admin GET /debug/pprof/ with Authorization %q = %d, want %d", tt.auth, code, tt.want)
		}
	}

	s.signal(syscall.SIGTERM)
	if code := s.wait(20 * time.Second); code != 0 {
		t.Errorf("exit code %d after SIGTERM, want 0\n%s", code, s.output)
	}
}

// adminGet returns the status code of GET path on the admin listener.
func adminGet(t *testing.T, addr, path, authorization string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("admin GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// checkOTel sends a request carrying a traceparent to a service exporting spans to
// stdout and checks that the exported span and the request log line carry its trace id.
func checkOTel(t *testing.T, p *project) {
	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	addr := freeAddr(t)
	s := start(t, addr, []string{"HTTP_ADDR=" + addr, "OTEL_TRACES_EXPORTER=console"}, p.binary())

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/version", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("traceparent", "00-"+traceID+"-00f067aa0ba902b7-01")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /version = %d, want 200", resp.StatusCode)
	}

	// The batching span processor exports at the latest when the providers are flushed
	// at shutdown.
	s.signal(syscall.SIGTERM)
	if code := s.wait(20 * time.Second); code != 0 {
		t.Errorf("exit code %d after SIGTERM, want 0\n%s", code, s.output)
	}
	output := s.output.String()
	span := regexp.MustCompile(`"Name":\s*"GET /version"[\s\S]*?"TraceID":\s*"` + traceID + `"`)
	if !span.MatchString(output) {
		t.Errorf("no exported span GET /version with trace id %s on stdout:\n%s", traceID, output)
	}
	logLine := regexp.MustCompile(`"msg":"request"[^\n]*"trace_id":"` + traceID + `"`)
	if !logLine.MatchString(output) {
		t.Errorf("request log line lacks trace_id %s:\n%s", traceID, output)
	}
	// Probes are not traced: the readiness polls of start made no spans.
	if strings.Contains(output, `"Name":"GET /healthz"`) {
		t.Errorf("a health probe was traced:\n%s", output)
	}
}
