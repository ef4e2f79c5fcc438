//go:build linux

package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"time"
)

// caseResult holds the figures of one golden case; a failed measurement leaves its
// figure zero and adds to errs.
type caseResult struct {
	name      string
	framework string
	features  []string // issue-4 features found in the code
	binary    binaryFacts
	plain     *startupResult // default configuration
	everyOn   *startupResult // mTLS and pprof switched on, OTel compiled in
	onLabel   string         // what everyOn had on
	bare      *loadResult
	full      *loadResult
	drains    []drainResult
	tls       *tlsResult
	notes     []string
	errs      []string
}

func (r *caseResult) fail(what string, err error) {
	logf("%s: %s: %v", r.name, what, err)
	r.errs = append(r.errs, fmt.Sprintf("%s: %v", what, err))
}

// runCase copies golden/<name>, builds it and runs every measurement.
func runCase(ctx context.Context, o options, work, name string) *caseResult {
	r := &caseResult{name: name}
	p := &project{name: name, dir: filepath.Join(work, "cases", name)}
	logf("%s: copy, go mod tidy, make build", name)
	if err := copyTree(filepath.Join(o.root, "golden", name), p.dir); err != nil {
		r.fail("copy", err)
		return r
	}
	if err := p.inspect(); err != nil {
		r.fail("inspect", err)
		return r
	}
	r.framework, r.features = p.framework, p.features()
	if err := p.build(ctx); err != nil {
		r.fail("build", err)
		return r
	}
	var err error
	if r.binary, err = inspectBinary(p.binary); err != nil {
		r.fail("binary", err)
	}
	logPath := func(step string) string { return filepath.Join(work, "cases", name+"."+step+".log") }

	logf("%s: startup ×%d and idle RSS ×%d", name, o.starts, o.rssRuns)
	if res, err := measureStartup(ctx, p.binary, p.dir, logPath("startup"), nil, nil, o.starts, o.rssRuns); err != nil {
		r.fail("startup", err)
	} else {
		r.plain = &res
	}

	var on allOn
	if len(r.features) > 0 {
		logf("%s: everything on (%v): startup and RSS", name, r.features)
		on, err = p.prepareAllOn(ctx)
		if errors.Is(err, errNoCerts) {
			r.notes = append(r.notes, err.Error())
			err = nil
		}
		if err != nil {
			r.fail("everything on", err)
		} else if res, err := measureStartup(ctx, p.binary, p.dir, logPath("allon"), on.env, on.tlsConf, o.starts, o.rssRuns); err != nil {
			r.fail("startup with everything on", err)
		} else {
			r.everyOn = &res
			r.onLabel = ", everything on"
			if p.mtls && on.tlsConf == nil {
				r.onLabel = ", everything on but TLS"
			}
		}
	} else {
		r.notes = append(r.notes, "no mTLS, pprof or OTel code in this case: everything-on, TLS and per-feature rows do not apply")
	}

	logf("%s: bare framework baseline", name)
	if err := p.buildBare(ctx); err != nil {
		r.fail("bare build", err)
	} else {
		r.bare, r.full = compareLoad(ctx, o, p, logPath, r)
	}

	for _, mode := range []drainMode{untilRefused, k8sLike} {
		logf("%s: drain under load, %s", name, mode)
		if res, err := runDrain(ctx, p.binary, p.dir, logPath("drain"), o.clients, mode); err != nil {
			r.fail("drain "+mode.String(), err)
		} else {
			r.drains = append(r.drains, res)
		}
	}

	if on.tlsConf != nil {
		logf("%s: mTLS handshake rate", name)
		if res, err := runHandshakes(ctx, o, p, on, logPath("tls")); err != nil {
			r.fail("tls", err)
		} else {
			r.tls = &res
		}
	}
	return r
}

// compareLoad starts the bare server and the full service side by side and loads them
// alternately, o.rounds times each; the best round of each is kept, since on a small
// machine the slower rounds measure noise (other processes, GC of the load generator).
func compareLoad(ctx context.Context, o options, p *project, logPath func(string) string, r *caseResult) (bare, full *loadResult) {
	bareAddr, err1 := freeAddr()
	fullAddr, err2 := freeAddr()
	adminAddr, err3 := freeAddr()
	if err1 != nil || err2 != nil || err3 != nil {
		r.fail("load", fmt.Errorf("no free port: %v %v %v", err1, err2, err3))
		return nil, nil
	}
	bp, err := startProc(p.bare, p.dir, []string{"HTTP_ADDR=" + bareAddr}, logPath("bare"))
	if err != nil {
		r.fail("bare start", err)
		return nil, nil
	}
	defer bp.kill()
	// The full service keeps its default LOG_LEVEL (info: one access-log line per
	// request, part of the stack measured) and writes to /dev/null.
	fp, err := startProc(p.binary, p.dir, []string{"HTTP_ADDR=" + fullAddr, "ADMIN_ADDR=" + adminAddr}, "")
	if err != nil {
		r.fail("full start", err)
		return nil, nil
	}
	defer fp.kill()
	if err := waitServing(ctx, bp, "http://"+bareAddr); err != nil {
		r.fail("bare start", err)
		return nil, nil
	}
	if _, err := waitHealthy(ctx, fp, "http://"+fullAddr, newPollClient(nil)); err != nil {
		r.fail("full start", err)
		return nil, nil
	}
	for round := 1; round <= o.rounds; round++ {
		for _, s := range []struct {
			label string
			url   string
			best  **loadResult
		}{{"bare", "http://" + bareAddr, &bare}, {"full", "http://" + fullAddr, &full}} {
			res := runLoad(ctx, s.url, o.clients, o.warmup, o.window)
			logf("%s: round %d %s: %s", p.name, round, s.label, res)
			if *s.best == nil || res.rps > (*s.best).rps {
				*s.best = &res
			}
		}
	}
	return bare, full
}

// waitServing polls the bare server, which has only POST /v1/orders, until it answers 201.
func waitServing(ctx context.Context, p *proc, base string) error {
	client := newPollClient(nil)
	deadline := p.started.Add(startTimeout)
	for ctx.Err() == nil {
		if code, err := post(ctx, client, base+"/v1/orders"); err == nil && code == http.StatusCreated {
			return nil
		}
		if p.exited() {
			return fmt.Errorf("exited before serving (%v):\n%s", p.waitErr, p.logTail())
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("POST /v1/orders not 201 within %s:\n%s", startTimeout, p.logTail())
		}
		time.Sleep(pollInterval)
	}
	return ctx.Err()
}

// runHandshakes starts the service with mTLS on and measures full handshakes per second.
func runHandshakes(ctx context.Context, o options, p *project, on allOn, logPath string) (tlsResult, error) {
	addr, err := freeAddr()
	if err != nil {
		return tlsResult{}, err
	}
	admin, err := freeAddr()
	if err != nil {
		return tlsResult{}, err
	}
	sp, err := startProc(p.binary, p.dir, append([]string{"HTTP_ADDR=" + addr, "ADMIN_ADDR=" + admin}, on.env...), logPath)
	if err != nil {
		return tlsResult{}, err
	}
	defer sp.kill()
	base := "https://" + addr
	if _, err := waitHealthy(ctx, sp, base, newPollClient(on.tlsConf)); err != nil {
		return tlsResult{}, err
	}
	return measureHandshakes(ctx, base, on.tlsConf, tlsWorkers, time.Second, o.tlsTime), nil
}

// tlsWorkers is the handshake concurrency: enough to keep two cores busy.
const tlsWorkers = 8
