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
	features  []string // optional features found in the code
	binary    binaryFacts
	plain     *startupResult // default configuration
	everyOn   *startupResult // mTLS and pprof switched on, OTel exporting over OTLP
	onLabel   string         // what everyOn had on
	bare      *loadResult
	fulls     []fullLoad
	profiles  []profileResult
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
	var recv *otlpReceiver // receives the OTLP exports of the service, when it has OTel
	if p.otel {
		if recv, err = startOTLPReceiver(); err != nil {
			r.fail("otlp receiver", err)
		} else {
			defer recv.close()
		}
	}

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
		if recv != nil {
			on.env = append(on.env, recv.env()...)
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

	configs := fullConfigs(p, recv)
	logf("%s: bare framework baseline", name)
	if err := p.buildBare(ctx); err != nil {
		r.fail("bare build", err)
	} else {
		r.bare, r.fulls = compareLoad(ctx, o, p, configs, recv, logPath, r)
	}
	if p.pprof {
		// Profiled: nothing exported, and OTLP export with the default sampler.
		for i, fc := range configs[:min(2, len(configs))] {
			logf("%s: CPU profile under load, %s", name, fc.label)
			saveAs := filepath.Join(work, "cases", fmt.Sprintf("%s.profile-%d.pb.gz", name, i+1))
			if res, err := profileStack(ctx, o, p, fc, recv, logPath("profile"), saveAs); err != nil {
				r.fail("profile "+fc.label, err)
			} else {
				r.profiles = append(r.profiles, res)
			}
		}
	} else {
		r.notes = append(r.notes, "no pprof admin listener in this case: no CPU profile of the middleware")
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

// fullConfig is one configuration of the full service under load.
type fullConfig struct {
	label  string
	env    []string
	target float64 // least full/bare throughput ratio; 0: reported only
}

// fullConfigs are the configurations the full service is loaded in: with OpenTelemetry
// compiled in, with no OTEL_* variable (nothing exported), exporting traces and
// metrics over OTLP to recv with the default sampler, and with a 10 % ratio sampler.
func fullConfigs(p *project, recv *otlpReceiver) []fullConfig {
	if !p.otel {
		return []fullConfig{{label: "full stack", target: targetRatio}}
	}
	configs := []fullConfig{{label: "full stack, no OTEL_* set", target: targetRatioQuiet}}
	if recv != nil {
		configs = append(configs,
			fullConfig{label: "full stack, OTLP export, default sampler", env: recv.env(), target: targetRatioExport},
			fullConfig{label: "full stack, OTLP export, parentbased_traceidratio 0.1", env: recv.env(
				"OTEL_TRACES_SAMPLER=parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG=0.1")})
	}
	return configs
}

// fullLoad is the best load round of the full service in one configuration, and the
// ratios of every round to the bare server's run just before it.
type fullLoad struct {
	config   fullConfig
	res      *loadResult
	exported string // what the OTLP receiver got during that round
	rounds   []roundRatio
}

// roundRatio compares one round of the full service with the bare server's round run
// just before it: throughput (full/bare req/s) and server CPU per request (full/bare).
type roundRatio struct {
	rps, cpu float64
}

// compareLoad starts the bare server and the full service in each configuration side by
// side and loads them in turn, o.rounds times each; the best round of each is kept,
// since on a small machine the slower rounds measure noise (other processes, GC of the
// load generator).
func compareLoad(ctx context.Context, o options, p *project, configs []fullConfig, recv *otlpReceiver, logPath func(string) string, r *caseResult) (bare *loadResult, fulls []fullLoad) {
	bareAddr, err := freeAddr()
	if err != nil {
		r.fail("load", err)
		return nil, nil
	}
	bp, err := startProc(p.bare, p.dir, []string{"HTTP_ADDR=" + bareAddr}, logPath("bare"))
	if err != nil {
		r.fail("bare start", err)
		return nil, nil
	}
	defer bp.kill()
	if err := waitServing(ctx, bp, "http://"+bareAddr); err != nil {
		r.fail("bare start", err)
		return nil, nil
	}
	type target struct {
		url  string
		proc *proc
	}
	var targets []target
	for _, fc := range configs {
		addr, err1 := freeAddr()
		admin, err2 := freeAddr()
		if err1 != nil || err2 != nil {
			r.fail("load", fmt.Errorf("no free port: %v %v", err1, err2))
			return nil, nil
		}
		// The full service keeps its default LOG_LEVEL (info: one access-log line per
		// request, part of the stack measured) and writes to /dev/null.
		fp, err := startProc(p.binary, p.dir, append([]string{"HTTP_ADDR=" + addr, "ADMIN_ADDR=" + admin}, fc.env...), "")
		if err != nil {
			r.fail("full start, "+fc.label, err)
			return nil, nil
		}
		defer fp.kill()
		if _, err := waitHealthy(ctx, fp, "http://"+addr, newPollClient(nil)); err != nil {
			r.fail("full start, "+fc.label, err)
			return nil, nil
		}
		targets = append(targets, target{url: "http://" + addr, proc: fp})
		fulls = append(fulls, fullLoad{config: fc})
	}
	for round := 1; round <= o.rounds; round++ {
		bareRound := runLoad(ctx, "http://"+bareAddr, bp.pid(), o.clients, o.warmup, o.window)
		logf("%s: round %d bare: %s", p.name, round, bareRound)
		if bare == nil || bareRound.rps > bare.rps {
			bare = &bareRound
		}
		for i, t := range targets {
			var before map[string]otlpCount
			if fulls[i].config.env != nil && recv != nil {
				before = recv.snapshot()
			}
			res := runLoad(ctx, t.url, t.proc.pid(), o.clients, o.warmup, o.window)
			logf("%s: round %d %s: %s", p.name, round, fulls[i].config.label, res)
			if bareRound.rps > 0 {
				fulls[i].rounds = append(fulls[i].rounds, roundRatio{
					rps: res.rps / bareRound.rps,
					cpu: times(res.cpuPerRequest(), bareRound.cpuPerRequest()),
				})
			}
			if fulls[i].res == nil || res.rps > fulls[i].res.rps {
				fulls[i].res = &res
				if before != nil {
					fulls[i].exported = recv.since(before, res.total)
				}
			}
		}
	}
	return bare, fulls
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
