//go:build linux

package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Targets of the service benchmarks.
const (
	targetStartup = 40 * time.Millisecond
	targetRSS     = 20e6
	// targetRatio is the least full/bare throughput without OpenTelemetry code,
	// targetRatioQuiet with it compiled in but nothing exported, targetRatioExport
	// with traces and metrics exported over OTLP (default sampler).
	targetRatio       = 0.80
	targetRatioQuiet  = 0.90
	targetRatioExport = 0.75
	targetInFlight    = 0
)

// binaryTargets are the stripped binary size targets, per golden case.
var binaryTargets = map[string]int64{"gin-default": 30e6, "echo-default": 25e6, "minimal": 16e6}

func met(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

// report writes the markdown report.
func report(w io.Writer, o options, results []*caseResult, costs []variant, costErr error, took time.Duration) {
	fmt.Fprintf(w, "## Service benchmarks, %s\n\n", time.Now().Format("2006-01-02"))
	fmt.Fprintf(w, "Machine: %s. Load: %d keep-alive clients, %s warm-up + %s measured, best of %d alternating rounds. Startup: %d starts. Whole run: %s.\n\n",
		machine(), o.clients, o.warmup, o.window, o.rounds, o.starts, took.Round(time.Second))
	for _, r := range results {
		caseTable(w, o, r)
	}
	if costErr != nil {
		fmt.Fprintf(w, "### Binary cost per feature\n\nnot measured: %v\n\n", costErr)
	}
	costTables(w, costs)
}

func caseTable(w io.Writer, o options, r *caseResult) {
	features := "none"
	if len(r.features) > 0 {
		features = strings.Join(r.features, ", ")
	}
	fmt.Fprintf(w, "### %s (%s; optional features in the code: %s)\n\n", r.name, orDash(r.framework), features)
	fmt.Fprintln(w, "| Measurement | Figure | Target | Met |")
	fmt.Fprintln(w, "|---|---|---|---|")
	row := func(what, figure, target, ok string) {
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", what, figure, target, ok)
	}
	if r.binary.size > 0 {
		kind := []string{}
		if r.binary.static {
			kind = append(kind, "static")
		} else {
			kind = append(kind, "**not static**")
		}
		if r.binary.stripped {
			kind = append(kind, "stripped")
		} else {
			kind = append(kind, "**not stripped**")
		}
		target, ok := "—", "—"
		if t, has := binaryTargets[r.name]; has {
			target, ok = "≤ "+mb(t), met(r.binary.size <= t)
		}
		row("Binary (make build)", fmt.Sprintf("%s (%s)", mb(r.binary.size), strings.Join(kind, ", ")), target, ok)
	}
	startupRows := func(label string, s *startupResult) {
		if s == nil {
			return
		}
		row("Startup, exec → first 200 on /healthz"+label,
			fmt.Sprintf("median %s, p90 %s (min %s, max %s; %d starts)", ms(s.startup.p50), ms(s.startup.p90), ms(s.startup.min), ms(s.startup.max), s.startup.n),
			"≤ "+ms(targetStartup)+" (median)", met(s.startup.p50 <= targetStartup))
		row("Idle RSS, "+idleBeforeRSS.String()+" after start"+label,
			fmt.Sprintf("%s (median of %d): %s of mapped files (the binary), %s anonymous (heap, stacks, runtime)", mb(s.mem.rss), o.rssRuns, mb(s.mem.file), mb(s.mem.anon)),
			"≤ "+mb(targetRSS), met(s.mem.rss <= targetRSS))
	}
	startupRows("", r.plain)
	startupRows(r.onLabel, r.everyOn)
	if r.bare != nil {
		row("POST /v1/orders, bare "+r.framework, r.bare.String(), "—", "—")
	}
	for _, f := range r.fulls {
		if f.res == nil {
			continue
		}
		fig := f.res.String()
		if f.exported != "" {
			fig += "; " + f.exported
		}
		row("POST /v1/orders, "+f.config.label, fig, "—", "—")
		if r.bare == nil {
			continue
		}
		ratio := 0.0
		if r.bare.rps > 0 {
			ratio = f.res.rps / r.bare.rps
		}
		fig = fmt.Sprintf("%.0f %% (p50 ×%.2f, p99 ×%.2f", ratio*100, times(f.res.p50, r.bare.p50), times(f.res.p99, r.bare.p99))
		if f.res.cpuPerRequest() > 0 && r.bare.cpuPerRequest() > 0 {
			fig += fmt.Sprintf("; server CPU per request ×%.2f", times(f.res.cpuPerRequest(), r.bare.cpuPerRequest()))
		}
		fig += ")"
		if len(f.rounds) > 1 {
			rps, cpu := medianRatios(f.rounds)
			fig += fmt.Sprintf("; median of the %d rounds' own ratios %.0f %% (CPU ×%.2f)", len(f.rounds), rps*100, cpu)
		}
		target, ok := "—", "—"
		if f.config.target > 0 {
			target, ok = fmt.Sprintf("≥ %.0f %%", f.config.target*100), met(ratio >= f.config.target)
		}
		row("Full / bare throughput, "+strings.TrimPrefix(f.config.label, "full stack, "), fig, target, ok)
	}
	for _, d := range r.drains {
		fig := fmt.Sprintf("**%d lost in flight** (%d on reused keep-alive connections, %d on new ones); %d answered 201, %d other status, %d failed before written, %d clients refused/rerouted at the end; /readyz 503 after %s; exit %d after %s",
			d.inFlight, d.inFlightKA, d.inFlight-d.inFlightKA, d.ok, d.badStatus, d.notWritten, d.gone, ms(d.readyFlip), d.exitCode, d.exitAfter.Round(time.Millisecond))
		if len(d.inFlightEx) > 0 {
			fig += "; e.g. " + strings.Join(d.inFlightEx, " / ")
		}
		row(fmt.Sprintf("Drain, SIGTERM under %d clients, SHUTDOWN_DELAY=%s, %s", o.clients, drainDelay, d.mode), fig,
			"0 lost, exit 0", met(d.inFlight == targetInFlight && d.exitCode == 0))
	}
	if t := r.tls; t != nil {
		fig := fmt.Sprintf("%.0f /s (%s, %d connections in parallel, each a full handshake with a client certificate + GET /healthz)", t.rate, orDash(t.version), tlsWorkers)
		if t.failures > 0 {
			fig += fmt.Sprintf("; %d failed: %s", t.failures, t.firstErr)
		}
		row("mTLS handshakes", fig, "—", "—")
	}
	fmt.Fprintln(w)
	for _, p := range r.profiles {
		profileTable(w, r.name, p)
	}
	for _, n := range r.notes {
		fmt.Fprintf(w, "- note: %s\n", n)
	}
	for _, e := range r.errs {
		fmt.Fprintf(w, "- **error**: %s\n", oneLine(e))
	}
	if len(r.notes)+len(r.errs) > 0 {
		fmt.Fprintln(w)
	}
}

// profileTable writes the CPU profile of the full service as µs of CPU per request
// for each part of the stack.
func profileTable(w io.Writer, name string, p profileResult) {
	fmt.Fprintf(w, "CPU profile of %s under load, %s: %d requests in the profile, %.1f µs of CPU per request in all",
		name, p.label, p.requests, p.perRequest(p.total))
	if p.exported != "" {
		fmt.Fprintf(w, "; %s", p.exported)
	}
	fmt.Fprint(w, ".\n\n| Part of the stack | µs of CPU per request | Share |\n|---|---|---|\n")
	rest := p.total
	for i, part := range stackParts {
		rest -= p.parts[i]
		fmt.Fprintf(w, "| %s | %.2f | %s |\n", part.name, p.perRequest(p.parts[i]), share(p.parts[i], p.total))
	}
	fmt.Fprintf(w, "| net/http, runtime and the rest (as in the bare server) | %.2f | %s |\n\n", p.perRequest(rest), share(rest, p.total))
}

func share(part, total time.Duration) string {
	if total == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f %%", 100*float64(part)/float64(total))
}

// costTables writes the binary size of each rendering per framework and the cost of
// each feature: all on minus all on without it.
func costTables(w io.Writer, costs []variant) {
	byFramework := map[string][]variant{}
	var order []string
	for _, v := range costs {
		if _, ok := byFramework[v.framework]; !ok {
			order = append(order, v.framework)
		}
		byFramework[v.framework] = append(byFramework[v.framework], v)
	}
	for _, fw := range order {
		vs := byFramework[fw]
		all := vs[0]
		fmt.Fprintf(w, "### Binary cost per feature, %s (fresh `gonew-prod new` renderings, make build)\n\n", fw)
		fmt.Fprintln(w, "| Rendering | Binary | Cost |")
		fmt.Fprintln(w, "|---|---|---|")
		for _, v := range vs {
			switch {
			case v.err != nil:
				fmt.Fprintf(w, "| %s | error: %s | |\n", v.label, oneLine(v.err.Error()))
			case v.without == nil:
				fmt.Fprintf(w, "| %s | %s | |\n", v.label, mb(v.size))
			case all.err != nil:
				fmt.Fprintf(w, "| %s | %s | |\n", v.label, mb(v.size))
			case v.hash == all.hash:
				fmt.Fprintf(w, "| %s | %s | 0: same code as all on (not in the templates yet) |\n", v.label, mb(v.size))
			default:
				fmt.Fprintf(w, "| %s | %s | %s: %s |\n", v.label, mb(v.size), strings.Join(v.without, " + "), mb(all.size-v.size))
			}
		}
		fmt.Fprintln(w)
	}
}

func times(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// oneLine keeps a table cell on one line.
func oneLine(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}
