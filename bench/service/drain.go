//go:build linux

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Drain scenario parameters: SHUTDOWN_DELAY as a short stand-in for the k8s 5s, load
// before the signal, and the bound of the whole run after it.
const (
	drainDelay     = time.Second
	drainTimeout   = 10 * time.Second
	drainLeadIn    = time.Second
	drainAfterSig  = drainDelay + drainTimeout + 5*time.Second
	readyzInterval = 5 * time.Millisecond
)

// drainMode is how the clients of the drain scenario behave once shutdown starts.
type drainMode int

const (
	// untilRefused: every client keeps sending, reconnecting when needed, until a
	// connection is refused (the listener is closed).
	untilRefused drainMode = iota
	// k8sLike: as in Kubernetes once the pod leaves the Service endpoints (seen here as
	// the first 503 on /readyz), new connections go elsewhere, but clients keep
	// sending on the keep-alive connections they already have.
	k8sLike
)

func (m drainMode) String() string {
	if m == k8sLike {
		return "k8s-like: no new connections after /readyz 503"
	}
	return "clients send until refused"
}

// errRerouted stands for a new connection that the load balancer sends to another pod.
var errRerouted = errors.New("new connection rerouted: pod not ready")

// drainResult counts what happened to the requests of the drain scenario.
type drainResult struct {
	mode       drainMode
	ok         int // 201 answers
	badStatus  int // other answers
	gone       int // connection refused or rerouted: the client had nothing to lose
	notWritten int // failed before the request was written (safe to retry)
	inFlight   int // written, then an error instead of an answer: lost
	inFlightKA int // of inFlight, those sent on a reused keep-alive connection
	inFlightEx []string
	readyFlip  time.Duration // SIGTERM to the first 503 on /readyz
	exitAfter  time.Duration // SIGTERM to exit
	exitCode   int
}

// outcome classifies one request of the drain scenario.
type outcome int

const (
	outcomeOK outcome = iota
	outcomeBadStatus
	outcomeGone
	outcomeNotWritten
	outcomeInFlight
)

// classify tells a refused or rerouted connection (the client has nothing to lose) from
// a request that failed before it was written and from one that was written and lost.
func classify(code int, err error, wrote bool) outcome {
	switch {
	case err == nil && code == http.StatusCreated:
		return outcomeOK
	case err == nil:
		return outcomeBadStatus
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, errRerouted):
		return outcomeGone
	case !wrote:
		return outcomeNotWritten
	default:
		return outcomeInFlight
	}
}

// runDrain starts bin with SHUTDOWN_DELAY=1s, drives it with clients keep-alive clients
// sending orders back to back, sends SIGTERM after a second and lets every client send
// until it can no longer connect (see drainMode). /readyz is polled meanwhile on fresh
// connections.
func runDrain(ctx context.Context, bin, dir, logPath string, clients int, mode drainMode) (drainResult, error) {
	res := drainResult{mode: mode}
	addr, err := freeAddr()
	if err != nil {
		return res, err
	}
	admin, err := freeAddr()
	if err != nil {
		return res, err
	}
	env := []string{"HTTP_ADDR=" + addr, "ADMIN_ADDR=" + admin,
		"SHUTDOWN_DELAY=" + drainDelay.String(), "SHUTDOWN_TIMEOUT=" + drainTimeout.String()}
	p, err := startProc(bin, dir, env, logPath)
	if err != nil {
		return res, err
	}
	defer p.kill()
	base := "http://" + addr
	if _, err := waitHealthy(ctx, p, base, newPollClient(nil)); err != nil {
		return res, err
	}

	var notReady atomic.Bool
	dialer := &net.Dialer{Timeout: requestTimeout}
	tr := &http.Transport{
		MaxIdleConnsPerHost: clients,
		MaxConnsPerHost:     clients,
		DisableCompression:  true,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if mode == k8sLike && notReady.Load() {
				return nil, errRerouted
			}
			return dialer.DialContext(ctx, network, addr)
		},
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: requestTimeout}
	stop := time.Now().Add(drainLeadIn + drainAfterSig) // hard bound of every loop
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	for range clients {
		wg.Go(func() {
			for ctx.Err() == nil && time.Now().Before(stop) {
				code, wrote, reused, err := tracedPost(ctx, client, base+"/v1/orders")
				o := classify(code, err, wrote)
				mu.Lock()
				switch o {
				case outcomeOK:
					res.ok++
				case outcomeBadStatus:
					res.badStatus++
				case outcomeGone:
					res.gone++
				case outcomeNotWritten:
					res.notWritten++
				case outcomeInFlight:
					res.inFlight++
					if reused {
						res.inFlightKA++
					}
					if len(res.inFlightEx) < 2 {
						res.inFlightEx = append(res.inFlightEx, err.Error())
					}
				}
				mu.Unlock()
				if o == outcomeGone {
					return
				}
			}
		})
	}

	time.Sleep(drainLeadIn)
	sig := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return res, err
	}
	poll := newPollClient(nil)
	for time.Now().Before(stop) && !p.exited() {
		if code, _ := get(ctx, poll, base+"/readyz"); code == http.StatusServiceUnavailable {
			res.readyFlip = time.Since(sig)
			notReady.Store(true)
			break
		}
		time.Sleep(readyzInterval)
	}
	code, err := p.wait(time.Until(stop))
	res.exitAfter, res.exitCode = time.Since(sig), code
	wg.Wait()
	if err != nil {
		return res, fmt.Errorf("after SIGTERM: %w\n%s", err, p.logTail())
	}
	return res, nil
}

// tracedPost sends one order and reports whether the request was fully written and
// whether it went over a reused keep-alive connection.
func tracedPost(ctx context.Context, client *http.Client, url string) (code int, wrote, reused bool, err error) {
	var written, reusedConn atomic.Bool
	trace := &httptrace.ClientTrace{
		GotConn:      func(info httptrace.GotConnInfo) { reusedConn.Store(info.Reused) },
		WroteRequest: func(info httptrace.WroteRequestInfo) { written.Store(info.Err == nil) },
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodPost, url, bytes.NewReader(orderBody))
	if err != nil {
		return 0, false, false, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, written.Load(), reusedConn.Load(), err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, true, reusedConn.Load(), err
	}
	return resp.StatusCode, true, reusedConn.Load(), nil
}
