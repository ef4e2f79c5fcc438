//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// orderBody is the example request of POST /v1/orders.
var orderBody = []byte(`{"item":"book","quantity":2}`)

// requestTimeout bounds every request of the load generator.
const requestTimeout = 5 * time.Second

// loadResult is one load run against one server.
type loadResult struct {
	requests  int           // 201 answers completed inside the measured window
	total     int           // 201 answers of the whole run, warm-up included
	rps       float64       // requests per second of the measured window
	p50, p99  time.Duration // latency of those requests
	cpu       time.Duration // CPU time of the server process during the measured window
	errors    int           // transport errors (whole run)
	badStatus int           // answers other than 201 (whole run)
	firstErr  string
}

// cpuPerRequest is the server's CPU time per request of the measured window, or 0
// when it was not measured.
func (r loadResult) cpuPerRequest() time.Duration {
	if r.requests == 0 {
		return 0
	}
	return r.cpu / time.Duration(r.requests)
}

func (r loadResult) String() string {
	s := fmt.Sprintf("%.0f req/s, p50 %s, p99 %s", r.rps, ms(r.p50), ms(r.p99))
	if c := r.cpuPerRequest(); c > 0 {
		s += fmt.Sprintf(", server CPU %.1f µs/request", float64(c)/float64(time.Microsecond))
	}
	if r.errors+r.badStatus > 0 {
		s += fmt.Sprintf(" (%d errors, %d non-201: %s)", r.errors, r.badStatus, r.firstErr)
	}
	return s
}

// runLoad drives POST /v1/orders at baseURL with clients concurrent keep-alive
// connections for warmup+window, and measures the requests that start and end inside
// the window and, when pid is not 0, the CPU time that process used in the window. It
// returns after at most warmup+window+requestTimeout.
func runLoad(ctx context.Context, baseURL string, pid, clients int, warmup, window time.Duration) loadResult {
	tr := &http.Transport{
		MaxIdleConnsPerHost: clients,
		MaxConnsPerHost:     clients,
		DisableCompression:  true,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: requestTimeout}
	url := baseURL + "/v1/orders"

	begin := time.Now()
	from, to := begin.Add(warmup), begin.Add(warmup+window)
	var (
		mu        sync.Mutex
		res       loadResult
		latencies []time.Duration
		wg        sync.WaitGroup
	)
	cpu := make(chan time.Duration, 1)
	if pid != 0 {
		go func() { cpu <- cpuDuring(pid, from, to) }()
	} else {
		cpu <- 0
	}
	for range clients {
		wg.Go(func() {
			var mine []time.Duration
			var errs, bad, ok int
			var firstErr string
			for ctx.Err() == nil {
				start := time.Now()
				if !start.Before(to) {
					break
				}
				code, err := post(ctx, client, url)
				end := time.Now()
				switch {
				case err != nil:
					errs++
					if firstErr == "" {
						firstErr = err.Error()
					}
				case code != http.StatusCreated:
					bad++
					if firstErr == "" {
						firstErr = fmt.Sprintf("status %d", code)
					}
				default:
					ok++
					if !start.Before(from) && !end.After(to) {
						mine = append(mine, end.Sub(start))
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			latencies = append(latencies, mine...)
			res.errors += errs
			res.badStatus += bad
			res.total += ok
			if res.firstErr == "" {
				res.firstErr = firstErr
			}
		})
	}
	wg.Wait()
	res.cpu = <-cpu
	slices.Sort(latencies)
	res.requests = len(latencies)
	res.rps = float64(len(latencies)) / window.Seconds()
	res.p50, res.p99 = percentile(latencies, 50), percentile(latencies, 99)
	return res
}

// post sends one order and drains the answer so the connection is reused.
func post(ctx context.Context, client *http.Client, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(orderBody))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

// cpuDuring returns the CPU time (user and system) pid used between from and to,
// sleeping until to; 0 when /proc could not be read.
func cpuDuring(pid int, from, to time.Time) time.Duration {
	time.Sleep(time.Until(from))
	before, err1 := cpuTime(pid)
	time.Sleep(time.Until(to))
	after, err2 := cpuTime(pid)
	if err1 != nil || err2 != nil {
		return 0
	}
	return after - before
}
