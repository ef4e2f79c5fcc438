//go:build linux

package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
)

// otlpReceiver is a local OTLP/HTTP endpoint that accepts every export and discards
// it, so a service can export traces and metrics during a measurement without a
// collector. It answers 200 with an empty protobuf message, which is a valid export
// response with nothing rejected, and counts what it received.
type otlpReceiver struct {
	srv  *http.Server
	addr string

	mu       sync.Mutex
	received map[string]otlpCount // by path: /v1/traces, /v1/metrics
}

// otlpCount is what one signal's endpoint received.
type otlpCount struct {
	requests int
	bytes    int64
}

// startOTLPReceiver listens on a fresh loopback port and serves until close.
func startOTLPReceiver() (*otlpReceiver, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &otlpReceiver{addr: ln.Addr().String(), received: map[string]otlpCount{}}
	r.srv = &http.Server{Handler: http.HandlerFunc(r.serve)}
	go func() { _ = r.srv.Serve(ln) }()
	return r, nil
}

func (r *otlpReceiver) serve(w http.ResponseWriter, req *http.Request) {
	n, _ := io.Copy(io.Discard, req.Body)
	r.mu.Lock()
	c := r.received[req.URL.Path]
	c.requests++
	c.bytes += n
	r.received[req.URL.Path] = c
	r.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-protobuf")
	w.WriteHeader(http.StatusOK)
}

// env is the environment that makes a service export traces and metrics here over
// OTLP/HTTP, plus extra (e.g. a sampler). Metrics are exported every second instead
// of every minute, so that their export falls inside a measured window.
func (r *otlpReceiver) env(extra ...string) []string {
	return append([]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT=http://" + r.addr,
		"OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
		"OTEL_METRIC_EXPORT_INTERVAL=1000",
	}, extra...)
}

// snapshot returns a copy of the counts.
func (r *otlpReceiver) snapshot() map[string]otlpCount {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]otlpCount, len(r.received))
	for k, v := range r.received {
		out[k] = v
	}
	return out
}

// since describes what arrived after before was taken, during a run that served
// requests requests.
func (r *otlpReceiver) since(before map[string]otlpCount, requests int) string {
	now := r.snapshot()
	d := func(path string) otlpCount {
		return otlpCount{requests: now[path].requests - before[path].requests, bytes: now[path].bytes - before[path].bytes}
	}
	t, m := d("/v1/traces"), d("/v1/metrics")
	perRequest := 0.0
	if requests > 0 {
		perRequest = float64(t.bytes) / float64(requests)
	}
	return fmt.Sprintf("the receiver got %d trace exports (%.0f bytes per request served) and %d metric exports", t.requests, perRequest, m.requests)
}

func (r *otlpReceiver) close() { _ = r.srv.Close() }
