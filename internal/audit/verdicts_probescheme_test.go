package audit

import (
	"strings"
	"testing"
)

// TestProbeSchemeAgainstTheServer: an httpGet probe over HTTP (scheme HTTP, or none)
// that asks a port whose server serves only TLS gets 400 Bad Request, and one over
// HTTPS that asks a plain HTTP server fails the handshake: every probe fails. A
// server that serves both, or whose TLS cannot be told (Serve of a listener), and a
// scheme that is a template, are not judged.
func TestProbeSchemeAgainstTheServer(t *testing.T) {
	mainWith := func(serve string) string {
		return "package main\n\nimport (\n\t\"crypto/tls\"\n\t\"log\"\n\t\"net\"\n\t\"net/http\"\n\t\"os\"\n\t\"time\"\n)\n\n" +
			"var _ = tls.VersionTLS12\nvar _ net.Listener\nvar _ = os.Getenv\n\n" +
			"func main() {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc(\"/healthz\", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })\n" +
			"\tsrv := &http.Server{Addr: \":8443\", Handler: mux, ReadHeaderTimeout: 5 * time.Second}\n" + serve + "}\n"
	}
	const tlsOnly = "\tlog.Fatal(srv.ListenAndServeTLS(\"/etc/tls/tls.crt\", \"/etc/tls/tls.key\"))\n"
	const plainOnly = "\tlog.Fatal(srv.ListenAndServe())\n"
	const both = "\tif os.Getenv(\"TLS\") != \"\" {\n\t\tlog.Fatal(srv.ListenAndServeTLS(\"/etc/tls/tls.crt\", \"/etc/tls/tls.key\"))\n\t}\n\tlog.Fatal(srv.ListenAndServe())\n"
	const listener = "\tl, err := net.Listen(\"tcp\", \":8443\")\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\tlog.Fatal(srv.Serve(tls.NewListener(l, &tls.Config{})))\n"
	deployment := func(scheme string) string {
		get := "{path: /healthz, port: https}"
		if scheme != "" {
			get = "{path: /healthz, port: https, scheme: " + scheme + "}"
		}
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.0.0\n" +
			"          ports:\n            - name: https\n              containerPort: 8443\n          livenessProbe:\n            httpGet: " + get + "\n          startupProbe:\n            httpGet: " + strings.Replace(get, "https}", "8443}", 1) + "\n"
	}
	files := func(serve, scheme string) map[string]string {
		return map[string]string{
			"go.mod":                 "module example.test/api\n\ngo 1.26\n",
			"cmd/api/main.go":        mainWith(serve),
			"deploy/deployment.yaml": deployment(scheme),
		}
	}
	const pass = "health endpoints: /healthz"
	runCheckCases(t, []checkCase{
		{name: "no scheme against a TLS-only server", files: files(tlsOnly, ""), check: "health", want: Warn,
			message: "over HTTP (scheme not set, so HTTP), but the server on :8443 serves only TLS (cmd/api/main.go:20): Go answers a plain request with 400 Bad Request"},
		{name: "scheme HTTP against a TLS-only server", files: files(tlsOnly, "HTTP"), check: "health", want: Warn,
			message: "over HTTP (scheme HTTP), but the server on :8443 serves only TLS"},
		{name: "scheme HTTPS against a TLS-only server", files: files(tlsOnly, "HTTPS"), check: "health", want: Pass, message: pass},
		{name: "scheme HTTPS against a plain server", files: files(plainOnly, "HTTPS"), check: "health", want: Warn,
			message: "over HTTPS (scheme HTTPS), but the server on :8443 serves plain HTTP only (cmd/api/main.go:20): the TLS handshake fails"},
		{name: "no scheme against a plain server", files: files(plainOnly, ""), check: "health", want: Pass, message: pass},
		{name: "no scheme against a server that serves TLS or plain HTTP", files: files(both, ""), check: "health", want: Pass, message: pass},
		{name: "scheme HTTPS against a server that serves TLS or plain HTTP", files: files(both, "HTTPS"), check: "health", want: Pass, message: pass},
		{name: "no scheme against a server whose listener's TLS is not told", files: files(listener, ""), check: "health", want: Pass, message: pass},
		{name: "scheme HTTPS against a server whose listener's TLS is not told", files: files(listener, "HTTPS"), check: "health", want: Pass, message: pass},
		{name: "a templated scheme against a TLS-only server", files: files(tlsOnly, "\"{{ .Values.scheme }}\""), check: "health", want: Pass, message: pass},
	})
}
