//go:build linux

package main

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"
)

// Startup polling: a fresh connection every millisecond, for at most startTimeout.
const (
	pollInterval  = time.Millisecond
	pollTimeout   = 250 * time.Millisecond
	startTimeout  = 15 * time.Second
	idleBeforeRSS = 500 * time.Millisecond
)

// newPollClient returns a client that opens a new connection for every request (no
// keep-alive, and no TLS session resumption: every TLS poll is a full handshake).
func newPollClient(tlsConf *tls.Config) *http.Client {
	return &http.Client{
		Transport: &http.Transport{DisableKeepAlives: true, TLSClientConfig: tlsConf},
		Timeout:   pollTimeout,
	}
}

// get returns the status of GET url, draining the body.
func get(ctx context.Context, client *http.Client, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// waitHealthy polls GET /healthz on base until it answers 200 and returns the time since
// p was exec'd.
func waitHealthy(ctx context.Context, p *proc, base string, client *http.Client) (time.Duration, error) {
	deadline := p.started.Add(startTimeout)
	var last error
	for ctx.Err() == nil {
		code, err := get(ctx, client, base+"/healthz")
		if err == nil && code == http.StatusOK {
			return time.Since(p.started), nil
		}
		if err == nil {
			err = fmt.Errorf("status %d", code)
		}
		last = err
		if p.exited() {
			return 0, fmt.Errorf("exited before serving (%v):\n%s", p.waitErr, p.logTail())
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("/healthz not 200 within %s (last: %v):\n%s", startTimeout, last, p.logTail())
		}
		time.Sleep(pollInterval)
	}
	return 0, errors.Join(ctx.Err(), last)
}

// startupResult is the startup time and idle RSS of a binary.
type startupResult struct {
	startup durations
	mem     memory // of the start with the median VmRSS after idleBeforeRSS
}

// measureStartup execs bin n times with env (plus fresh loopback HTTP_ADDR and
// ADMIN_ADDR) and times each start to the first 200 on /healthz; then, on rssRuns more
// starts, reads VmRSS after the process has been idle for idleBeforeRSS.
func measureStartup(ctx context.Context, bin, dir, logPath string, env []string, tlsConf *tls.Config, n, rssRuns int) (startupResult, error) {
	var res startupResult
	scheme := "http://"
	if tlsConf != nil {
		scheme = "https://"
	}
	client := newPollClient(tlsConf)
	var times []time.Duration
	var mems []memory
	for i := range n + rssRuns {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		addr, err := freeAddr()
		if err != nil {
			return res, err
		}
		admin, err := freeAddr()
		if err != nil {
			return res, err
		}
		p, err := startProc(bin, dir, append([]string{"HTTP_ADDR=" + addr, "ADMIN_ADDR=" + admin}, env...), logPath)
		if err != nil {
			return res, err
		}
		took, err := waitHealthy(ctx, p, scheme+addr, client)
		if err != nil {
			p.kill()
			return res, err
		}
		if i < n {
			times = append(times, took)
			p.kill()
			continue
		}
		time.Sleep(idleBeforeRSS)
		m, err := residentMemory(p.pid())
		p.kill()
		if err != nil {
			return res, err
		}
		mems = append(mems, m)
	}
	res.startup = summarize(times)
	slices.SortFunc(mems, func(a, b memory) int { return cmp.Compare(a.rss, b.rss) })
	res.mem = percentile(mems, 50)
	return res, nil
}
