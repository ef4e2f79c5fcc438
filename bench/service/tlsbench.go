//go:build linux

package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// certFiles are the files `make certs` writes, relative to the project.
var certFiles = struct{ ca, serverCert, serverKey, clientCert, clientKey string }{
	ca:         "certs/ca.crt",
	serverCert: "certs/server.crt",
	serverKey:  "certs/server.key",
	clientCert: "certs/client.crt",
	clientKey:  "certs/client.key",
}

// errNoCerts: mTLS is compiled in but there is no way yet to make its certificates.
var errNoCerts = errors.New("mTLS is in the code but the Makefile has no certs target yet: everything on without TLS, no handshake rate")

// allOn is how a project runs with every optional feature switched on.
type allOn struct {
	env     []string    // TLS and pprof variables
	tlsConf *tls.Config // client config with the client certificate, nil without mTLS
}

// prepareAllOn runs make certs when the project has mTLS and returns the environment
// that switches mTLS and pprof on. OpenTelemetry is on whenever it is compiled in. With
// errNoCerts the returned environment still switches pprof on.
func (p *project) prepareAllOn(ctx context.Context) (allOn, error) {
	var on allOn
	if p.pprof {
		token := rand.Text() // 26 characters
		on.env = append(on.env, "PPROF_ENABLED=true", "PPROF_TOKEN="+token)
	}
	if !p.mtls {
		return on, nil
	}
	if !p.certs {
		return on, errNoCerts
	}
	if _, err := runCmd(ctx, buildTimeout, p.dir, nil, "make", "certs"); err != nil {
		return on, err
	}
	abs := func(rel string) string { return filepath.Join(p.dir, filepath.FromSlash(rel)) }
	on.env = append(on.env,
		"TLS_CERT_FILE="+abs(certFiles.serverCert),
		"TLS_KEY_FILE="+abs(certFiles.serverKey),
		"TLS_CLIENT_CA_FILES="+abs(certFiles.ca),
		// With client CAs the configuration requires the healthcheck's client
		// certificate (container and Kubernetes probes); it is not used here.
		"HEALTHCHECK_CA_FILE="+abs(certFiles.ca),
		"HEALTHCHECK_CERT_FILE="+abs(certFiles.clientCert),
		"HEALTHCHECK_KEY_FILE="+abs(certFiles.clientKey))
	caPEM, err := os.ReadFile(abs(certFiles.ca))
	if err != nil {
		return on, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return on, fmt.Errorf("no certificate in %s", certFiles.ca)
	}
	cert, err := tls.LoadX509KeyPair(abs(certFiles.clientCert), abs(certFiles.clientKey))
	if err != nil {
		return on, err
	}
	// No ClientSessionCache: every connection is a full handshake.
	on.tlsConf = &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	return on, nil
}

// tlsResult is the handshake rate of a server with client certificates.
type tlsResult struct {
	rate     float64 // full handshakes (each with one GET /healthz) per second
	version  string
	failures int
	firstErr string
}

// measureHandshakes runs workers loops of "new connection, full mTLS handshake, GET
// /healthz, close" against base for window, after a short warm-up. The request proves
// the server accepted the client certificate: a TLS 1.3 client finishes its handshake
// before the server has checked it.
func measureHandshakes(ctx context.Context, base string, conf *tls.Config, workers int, warmup, window time.Duration) tlsResult {
	var (
		mu  sync.Mutex
		res tlsResult
		n   int
		wg  sync.WaitGroup
	)
	begin := time.Now()
	from, to := begin.Add(warmup), begin.Add(warmup+window)
	for range workers {
		wg.Go(func() {
			client := newPollClient(conf)
			client.Timeout = requestTimeout
			for ctx.Err() == nil && time.Now().Before(to) {
				code, version, err := getTLS(ctx, client, base+"/healthz")
				inWindow := !time.Now().Before(from) && !time.Now().After(to)
				mu.Lock()
				switch {
				case err != nil || code != http.StatusOK:
					res.failures++
					if res.firstErr == "" {
						res.firstErr = fmt.Sprintf("status %d, %v", code, err)
					}
				case inWindow:
					n++
					res.version = version
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	res.rate = float64(n) / window.Seconds()
	return res
}

// getTLS is get that also reports the negotiated TLS version and fails on a resumed
// session (the measurement is about full handshakes).
func getTLS(ctx context.Context, client *http.Client, url string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	if resp.TLS == nil {
		return resp.StatusCode, "", errors.New("answered without TLS")
	}
	if resp.TLS.DidResume {
		return resp.StatusCode, "", errors.New("session resumed: not a full handshake")
	}
	return resp.StatusCode, tls.VersionName(resp.TLS.Version), nil
}
