// Package outbound is the HTTP client for calls from this service to a
// downstream service.
//
// Every call runs under the caller's context, so the incoming request's
// deadline and cancellation reach the downstream: a call is bounded by the
// per-call timeout or by the caller's remaining deadline, whichever ends
// first, and a cancelled caller cancels the call. The transport's pool and
// phase timeouts are set deliberately instead of relying on net/http's
// defaults (two idle connections per host, no response header timeout).
//
// The package knows nothing about the rest of the service: the caller
// passes the TLS configuration (for mutual TLS, tlsreload's
// Reloader.ClientTLSConfig) and a transport wrapper (for tracing,
// otelhttp.NewTransport, so the downstream request carries traceparent).
package outbound

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// DefaultTimeout bounds a call when Config.Timeout is zero.
const DefaultTimeout = 2 * time.Second

// Transport settings. The per-call timeout bounds a whole call and usually
// ends it first; these bound single phases of a connection.
const (
	// dialTimeout bounds a TCP connect: a dead address fails fast instead of
	// using the whole call budget.
	dialTimeout = 2 * time.Second
	// keepAlive is the TCP keep-alive period of pooled connections.
	keepAlive = 30 * time.Second
	// tlsHandshakeTimeout bounds a TLS handshake.
	tlsHandshakeTimeout = 3 * time.Second
	// idleConnTimeout closes pooled connections unused for this long, below
	// the 120s idle timeout of this service's own servers, so the client
	// closes first and never reuses a connection the server is closing.
	idleConnTimeout = 90 * time.Second
	// maxIdleConns and maxIdleConnsPerHost size the pool. net/http keeps
	// only 2 idle connections per host, which under concurrency closes and
	// reopens connections (and TLS sessions) all the time.
	maxIdleConns        = 100
	maxIdleConnsPerHost = 32
	// expectContinueTimeout is how long a request with "Expect:
	// 100-continue" waits before sending its body anyway.
	expectContinueTimeout = time.Second
	// maxBodyBytes caps a JSON response read by GetJSON.
	maxBodyBytes = 1 << 20
	// maxDrainBytes is how much of an unwanted body is read so the
	// connection can be reused.
	maxDrainBytes = 64 << 10
)

// Config configures a Client.
type Config struct {
	// BaseURL is the downstream's base URL (DOWNSTREAM_URL), for example
	// https://inventory.internal:8443 or http://localhost:8081/api. Request
	// paths are appended to its path.
	BaseURL string
	// Timeout bounds each call, from sending the request to reading the
	// response body (OUTBOUND_TIMEOUT, default 2s). A caller's earlier
	// deadline wins.
	Timeout time.Duration
	// TLS is the TLS client configuration, for example one that presents a
	// client certificate; nil means the system roots and no certificate.
	TLS *tls.Config
	// Wrap, when set, wraps the transport, for example with
	// otelhttp.NewTransport.
	Wrap func(http.RoundTripper) http.RoundTripper
}

// Client calls one downstream service. Its methods are safe for concurrent
// use.
type Client struct {
	base      *url.URL
	timeout   time.Duration
	transport *http.Transport
	http      *http.Client
}

// StatusError is returned by GetJSON when the downstream answers with a
// status other than 2xx.
type StatusError struct {
	// Code is the downstream's status code.
	Code int
	// URL is the requested URL.
	URL string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("downstream %s: status %d %s", e.URL, e.Code, http.StatusText(e.Code))
}

// New returns a client for cfg. BaseURL must be an absolute http or https
// URL with a host, without query or fragment; Timeout must not be negative.
func New(cfg Config) (*Client, error) {
	base, err := url.Parse(cfg.BaseURL)
	switch {
	case err != nil:
		return nil, fmt.Errorf("downstream url: %w", err)
	case base.Scheme != "http" && base.Scheme != "https", base.Hostname() == "":
		return nil, fmt.Errorf("downstream url %q: want an absolute http or https url with a host", cfg.BaseURL)
	case base.RawQuery != "" || base.Fragment != "" || base.User != nil:
		return nil, fmt.Errorf("downstream url %q: must not have a query, fragment or user info", cfg.BaseURL)
	case cfg.Timeout < 0:
		return nil, fmt.Errorf("outbound timeout must not be negative, got %v", cfg.Timeout)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if base.Path == "" {
		base.Path = "/" // so that joined paths stay absolute
	}

	dialer := &net.Dialer{Timeout: dialTimeout, KeepAlive: keepAlive}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSClientConfig:       cfg.TLS,
		TLSHandshakeTimeout:   tlsHandshakeTimeout,
		ResponseHeaderTimeout: cfg.Timeout, // no call may wait longer anyway
		IdleConnTimeout:       idleConnTimeout,
		MaxIdleConns:          maxIdleConns,
		MaxIdleConnsPerHost:   maxIdleConnsPerHost,
		ExpectContinueTimeout: expectContinueTimeout,
		ForceAttemptHTTP2:     true,
	}
	var rt http.RoundTripper = transport
	if cfg.Wrap != nil {
		rt = cfg.Wrap(rt)
	}
	return &Client{
		base:      base,
		timeout:   cfg.Timeout,
		transport: transport,
		http: &http.Client{
			Transport: rt,
			// A service API does not redirect: a 3xx is returned as is
			// instead of carrying the request (and a client certificate)
			// elsewhere.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}, nil
}

// Do sends req to the downstream. req.URL must be relative (a path and an
// optional query, as in http.NewRequestWithContext(ctx, "GET", "/version",
// nil)); its path is appended to the base URL's path. Escape values put
// into the path (url.PathEscape).
//
// The call runs under ctx, not under req's context, with a deadline that is
// the per-call timeout from now or ctx's own deadline when that comes
// first. The response body must be closed, which also releases the call's
// timer; reading the body is bounded by the same deadline.
func (c *Client) Do(ctx context.Context, req *http.Request) (*http.Response, error) {
	if req.URL.IsAbs() || req.URL.Host != "" {
		return nil, fmt.Errorf("outbound request url %q: want a path relative to the downstream url", req.URL)
	}
	ctx, cancel := c.callContext(ctx)
	out := req.WithContext(ctx)
	out.URL = c.base.JoinPath(req.URL.EscapedPath())
	out.URL.RawQuery = req.URL.RawQuery
	resp, err := c.http.Do(out) //nolint:bodyclose // returned: the caller closes it
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// callContext returns the context of one call: ctx with a deadline that is
// the per-call timeout from now, or ctx's own deadline when that comes
// first.
func (c *Client) callContext(ctx context.Context) (context.Context, context.CancelFunc) {
	timeout := c.timeout
	if deadline, ok := ctx.Deadline(); ok {
		// context.WithTimeout keeps the earlier deadline anyway; computing
		// it here states the rule: never past the caller's deadline.
		timeout = min(timeout, time.Until(deadline))
	}
	return context.WithTimeout(ctx, timeout)
}

// GetJSON sends a GET request for path and decodes the JSON response into
// v. A status other than 2xx is a *StatusError; a body larger than 1 MiB is
// an error.
func (c *Client) GetJSON(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, path, nil)
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(ctx, req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	defer drain(resp.Body) // runs first
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &StatusError{Code: resp.StatusCode, URL: resp.Request.URL.String()}
	}
	dec := json.NewDecoder(io.LimitReader(resp.Body, maxBodyBytes))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("decode %s: %w", resp.Request.URL, err)
	}
	return nil
}

// CloseIdleConnections closes the pooled connections that are not in use,
// for example in tests or after the downstream's address changed.
func (c *Client) CloseIdleConnections() {
	c.transport.CloseIdleConnections()
}

// drain reads what is left of a small body, so that closing it puts the
// connection back into the pool.
func drain(body io.Reader) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, maxDrainBytes))
}

// cancelBody releases the call's context when the body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
