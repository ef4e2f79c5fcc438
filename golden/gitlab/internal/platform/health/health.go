// Package health serves the liveness and readiness probes and checks them
// from the outside for the healthcheck subcommand.
package health

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
)

// Paths of the probes.
const (
	LivePath  = "/healthz"
	ReadyPath = "/readyz"
)

// Probes answers /healthz and /readyz. The zero value is live and ready.
type Probes struct {
	shuttingDown atomic.Bool
}

// ShutDown makes readiness fail from now on, so load balancers stop sending
// new requests while in-flight ones drain. Liveness is unaffected.
func (p *Probes) ShutDown() {
	p.shuttingDown.Store(true)
}

// Live answers the liveness probe: 200 while the process serves HTTP.
func (p *Probes) Live(w http.ResponseWriter, _ *http.Request) {
	writeStatus(w, http.StatusOK, "ok")
}

// Ready answers the readiness probe: 200, or 503 once shutdown has started.
func (p *Probes) Ready(w http.ResponseWriter, _ *http.Request) {
	if p.shuttingDown.Load() {
		writeStatus(w, http.StatusServiceUnavailable, "shutting down")
		return
	}
	writeStatus(w, http.StatusOK, "ok")
}

func writeStatus(w http.ResponseWriter, code int, status string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"status": status})
}

// LocalURL returns the URL of path on the server listening on addr (an
// address such as ":8080"; an empty or unspecified host means 127.0.0.1),
// with scheme "http" or "https". An IPv6 zone (fe80::1%eth0) is escaped as
// URLs write it (%25eth0).
func LocalURL(scheme, addr, path string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("health check: %w", err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	u := url.URL{Scheme: scheme, Host: net.JoinHostPort(host, port), Path: path}
	return u.String(), nil
}

// Check GETs target and returns nil on 200 OK. The client's Timeout bounds
// the check.
func Check(ctx context.Context, client *http.Client, target string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("health check: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("health check: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health check: GET %s: %s", target, resp.Status)
	}
	return nil
}
