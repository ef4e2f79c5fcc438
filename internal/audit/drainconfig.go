package audit

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// drainSource is one value a duration of the drain (the shutdown delay, the drain
// timeout) may hold when it is read from the configuration: a constant (env ""),
// or the environment variable env, which the container running the program or its
// image may set, with the default of the lookup (hasDef) when neither does. unread
// is set for a value this audit cannot follow (a parameter, a method's result, a
// decoder's field): at names it, and what is how it is written.
type drainSource struct {
	env    string
	value  time.Duration
	hasDef bool
	unread bool
	what   string
	at     repo.Evidence
}

// drainPlan is what one Shutdown that main's flow runs waits in turn from the signal
// to the end of its drain (see configuredDrains): each wait as the values it may
// hold, the longest counting.
type drainPlan [][]drainSource

// envName is how an environment variable's name is written.
var envName = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// maxDrainDepth bounds how far durationSources follows a value, maxCallerDepth how
// many calls up waitsBefore goes from the function holding a Shutdown, and
// maxDrainPlans how many chains of callers it reads.
const (
	maxDrainDepth  = 6
	maxCallerDepth = 3
	maxDrainPlans  = 32
)

// configuredDrains returns, when drainBudget cannot tell the drain, what each
// Shutdown main's flow runs waits (one plan for each chain of calls that reaches
// it): the time.Sleep and time.After calls written before it in its function, in
// the functions around a function literal holding it, and before each call of its
// function (a method by its name) that main's flow runs, in the caller and up to
// its own callers in turn (three calls up at most), then its context's timeout.
// Each duration is followed to the values it may hold (see durationSources): a
// constant, or an environment variable read with a default, through the fields of
// the structs that carry it (lifecycle.Options{ShutdownTimeout:
// cfg.HTTP.ShutdownTimeout}, HTTP{ShutdownTimeout: l.duration("SHUTDOWN_TIMEOUT",
// 30*time.Second, false)}). A Shutdown without a deadline this audit finds gives
// no plan (the shutdown row judges a missing one).
func (p *program) configuredDrains() []drainPlan {
	var out []drainPlan
	for _, c := range p.shutdownCalls() {
		if len(c.expr.Args) != 1 || !p.mayBeServer(c) || !p.runs(c.site) {
			continue
		}
		dl := p.deadline(paramArg{call: c})
		if dl == nil {
			continue // no deadline, or one this audit does not find: not timed
		}
		t := timeoutExpr(c.file, dl)
		if t == nil {
			continue // a deadline that is no time.Now().Add(d)
		}
		_, tfn := p.enclosing(dl.Pos())
		timeout := p.durationSources(c.file, tfn, t, 0, map[string]bool{})
		for _, waits := range p.waitsBefore(c.fn, c.expr.Pos(), 0) {
			out = append(out, slices.Concat(waits, drainPlan{timeout}))
		}
	}
	return out
}

// waitsBefore returns the waits (time.Sleep, time.After) written before pos in fn,
// outside the function literals it holds, then those before fn in the functions
// around it, and, for a declared function, before each call of it that main's flow
// runs (see configuredDrains): one list for each chain of callers.
func (p *program) waitsBefore(fn ast.Node, pos token.Pos, depth int) []drainPlan {
	var here drainPlan
	pf, _ := p.enclosing(pos)
	if body := funcBody(fn); body != nil && pf != nil {
		ast.Inspect(body, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				if pkg, name, q := pf.qualified(x.Fun); q && pkg == "time" && (name == "Sleep" || name == "After") && len(x.Args) == 1 && x.End() <= pos {
					here = append(here, p.durationSources(pf, fn, x.Args[0], 0, map[string]bool{}))
				}
			}
			return true
		})
	}
	if fn == nil {
		return []drainPlan{here}
	}
	var outer []drainPlan
	if up := p.parent[fn]; up != nil {
		outer = p.waitsBefore(up, fn.Pos(), depth)
	} else if d, ok := fn.(*ast.FuncDecl); ok && depth < maxCallerDepth {
		for _, c := range p.calls {
			if !p.calling(c, d) || !p.runs(c.site) || c.fn == nil || len(outer) >= maxDrainPlans {
				continue
			}
			outer = append(outer, p.waitsBefore(c.fn, c.expr.Pos(), depth+1)...)
		}
	}
	if len(outer) == 0 {
		return []drainPlan{here}
	}
	for i := range outer {
		outer[i] = slices.Concat(outer[i], here)
	}
	return outer
}

// calling reports whether c calls the function d: a function by its id, a method by
// its name (the receiver's type is not told).
func (p *program) calling(c call, d *ast.FuncDecl) bool {
	if d.Recv != nil {
		return c.recv != nil && c.name == d.Name.Name
	}
	return c.recv == nil && p.funcID(c.file, c.expr.Fun) == p.fnID[d]
}

// durationSources returns the values the duration e, written in function fn of file
// pf, may hold: a constant; for a variable, the values it is assigned (a local one's
// that reach e, a package-level one's); for a field (o.ShutdownTimeout, of any
// struct: the field is told by its name), the value of each set of a field of that
// name (x.F = v) and of each composite literal element F: v, followed in turn; for a
// call that names an environment variable by a constant (os.Getenv("X"),
// l.duration("X", 30*time.Second, false)), that variable, with the call's only
// constant duration argument (a number, or a string such as "30s") as its default;
// time.ParseDuration(s) as s. Anything else is unread.
func (p *program) durationSources(pf *pfile, fn ast.Node, e ast.Expr, depth int, fields map[string]bool) []drainSource {
	unread := []drainSource{{unread: true, what: types.ExprString(e), at: p.at(e)}}
	if d, ok := p.constDuration(e); ok {
		return []drainSource{{value: d, at: p.at(e)}}
	}
	if pf == nil || depth > maxDrainDepth {
		return unread
	}
	var out []drainSource
	followed := false // a value followed, if only to a field followed already
	follow := func(vf *pfile, vfn ast.Node, v ast.Expr) {
		out = append(out, p.durationSources(vf, vfn, v, depth+1, fields)...)
		followed = true
	}
	switch x := unparen(e).(type) {
	case *ast.Ident:
		owner, _, param := p.declaring(fn, x.Name)
		switch {
		case owner != nil && param >= 0:
			return unread
		case owner != nil:
			for _, d := range p.reachingDefs(fn, x) {
				follow(pf, owner, d)
			}
		default:
			for _, d := range p.globalValues(pf.pkg.ImportPath, x.Name) {
				_, dfn := p.enclosing(d.node.Pos())
				follow(d.file, dfn, d.node)
			}
		}
	case *ast.SelectorExpr:
		if pkg, name, q := pf.qualified(x); q {
			for _, d := range p.globalValues(pkg, name) {
				_, dfn := p.enclosing(d.node.Pos())
				follow(d.file, dfn, d.node)
			}
			break
		}
		f := x.Sel.Name
		if fields[f] {
			return []drainSource{} // a field of that name, followed already
		}
		fields[f] = true
		for _, s := range append(p.setsOf(f), p.keyedOf(f)...) {
			follow(s.file, s.fn, s.value)
		}
		if len(out) == 0 {
			return unread // set nowhere but from a field of that name: a decoder's
		}
	case *ast.CallExpr:
		if pkg, name, q := pf.qualified(x.Fun); q && pkg == "time" && name == "ParseDuration" && len(x.Args) == 1 {
			return p.durationSources(pf, fn, x.Args[0], depth+1, fields)
		}
		if s, ok := p.envLookup(x); ok {
			return []drainSource{s}
		}
	}
	if !followed {
		return unread
	}
	return out
}

// envLookup reads call as a lookup of an environment variable: one of its arguments
// is a constant string that names one (all capitals, digits and underscores), and
// the only other constant argument that is a duration (a number, or a string that
// time.ParseDuration reads) is its default, if any.
func (p *program) envLookup(call *ast.CallExpr) (drainSource, bool) {
	s := drainSource{at: p.at(call)}
	defaults := 0
	for _, a := range call.Args {
		if str, ok := p.constString(a); ok {
			if envName.MatchString(str) && s.env == "" {
				s.env = str
				continue
			}
			if d, err := time.ParseDuration(str); err == nil {
				s.value, defaults = d, defaults+1
			}
			continue
		}
		if d, ok := p.constDuration(a); ok {
			s.value, defaults = d, defaults+1
		}
	}
	s.hasDef = defaults == 1
	if !s.hasDef {
		s.value = 0
	}
	return s, s.env != ""
}

// graceLeft returns the most time that the grace period of c leaves after its
// preStop hook (a hook whose time is not read takes none).
func graceLeft(c *container) time.Duration {
	d := time.Duration(c.grace) * time.Second
	if c.preStop != nil && c.preStop.known {
		d -= c.preStop.lasts
	}
	return d
}

// configuredGraceShort is graceShort for a program whose drain drainBudget cannot
// tell: the waits of each Shutdown (see configuredDrains) take, in each manifest
// container tied to the program (when none is, each tied to no main package, which
// may run it), the values its env entries give their variables, else the image's
// ENV, else the default of the lookup; the longest plan counts. A grace period
// shorter than what is read is WARN (UNKNOWN for a container that may not run the
// program, or a Helm value no values file sets); when what the drain takes cannot
// be read in full and the grace period does not fall short of the part read, the
// message says so, with sure false: the caller makes a PASS UNKNOWN.
func (a *auditor) configuredGraceShort(p *program) (msg string, ev []repo.Evidence, sure bool) {
	plans := p.configuredDrains()
	if len(plans) == 0 {
		return "", nil, false
	}
	tied, untied := a.deployedFor(p)
	cs := tied
	if len(cs) == 0 {
		cs = untied
	}
	var image []setting
	for _, im := range a.shippedImages(p) {
		for k, v := range im.final.env {
			if im.final.persisted[k] {
				image = append(image, setting{key: k, value: v, at: im.final.envAt[k]})
			}
		}
	}
	var short, blind *container
	var shortNeed time.Duration
	var shortEv []repo.Evidence
	var shortFrom []string
	var blindWhy string
	var blindEv []repo.Evidence
	for i := range cs {
		c := &cs[i]
		if !c.graceKnown {
			continue
		}
		need, needEv, from, why, whyEv := drainNeed(plans, c, image)
		switch {
		case graceLeft(c) < need:
			if short == nil || graceLeft(c)-need < graceLeft(short)-shortNeed {
				short, shortNeed, shortEv, shortFrom = c, need, needEv, from
			}
		case why != "" && blind == nil:
			blind, blindWhy, blindEv = c, why, whyEv
		}
	}
	if short != nil {
		msg, ev := graceMessage(short, graceLeft(short), shortNeed, shortEv)
		if len(shortFrom) > 0 {
			msg += " (the delay and timeout read from the configuration: " + strings.Join(shortFrom, ", ") + ")"
		}
		switch {
		case len(tied) == 0:
			return fmt.Sprintf("the container %s (image %s), which no name ties to this program or to another main package, may run it; its %s: check which pods run this program", short.name, short.image, msg), ev, false
		case short.graceUnset != "":
			return msg + ": check the value the install gives it", ev, false
		}
		return msg, ev, true
	}
	if blind == nil {
		return "", nil, false
	}
	grace := "Kubernetes' default termination grace period of 30s (no terminationGracePeriodSeconds is set)"
	if blind.graceAt != nil {
		grace = fmt.Sprintf("terminationGracePeriodSeconds: %d (%s)", blind.grace, blind.graceAt.File)
		blindEv = append([]repo.Evidence{*blind.graceAt}, blindEv...)
	}
	if len(tied) == 0 {
		grace = fmt.Sprintf("%s of the container %s (image %s), which no name ties to this program or to another main package and may run it,", grace, blind.name, blind.image)
	}
	return fmt.Sprintf("whether %s leaves the shutdown delay and drain timeout their time cannot be told: %s", grace, blindWhy), blindEv, false
}

// drainNeed returns the longest time the plans take in the container c, whose image
// sets image: with the evidence of the values read, and how each environment
// variable read got its value (see configuredGraceShort). why says what cannot be
// read, when something cannot (the time returned is then what is read), with
// whyEv.
func drainNeed(plans []drainPlan, c *container, image []setting) (need time.Duration, ev []repo.Evidence, from []string, why string, whyEv []repo.Evidence) {
	for _, plan := range plans {
		var total time.Duration
		var planEv []repo.Evidence
		var planFrom []string
		for _, wait := range plan {
			var longest time.Duration
			var at *repo.Evidence
			var said string
			for _, s := range wait {
				d, sEv, text, bad := sourceValue(s, c, image)
				if bad != "" {
					if why == "" {
						why, whyEv = bad, []repo.Evidence{sEv}
					}
					continue
				}
				if at == nil || d > longest {
					longest, at, said = d, &sEv, text
				}
			}
			total += longest
			if at != nil {
				planEv = append(planEv, *at)
			}
			if said != "" {
				planFrom = append(planFrom, said)
			}
		}
		if total > need || ev == nil {
			need, ev, from = total, planEv, planFrom
		}
	}
	return need, ev, from, why, whyEv
}

// sourceValue returns the value s holds in the container c, whose image sets image:
// a constant; else the variable's value as c's env entries set it (the longest of
// several, as Helm values files give them), else as the image's ENV sets it, else
// the lookup's default; with the evidence, and how the variable got it ("" for a
// constant). bad says why the value cannot be read: s is unread, an entry is no
// duration (a template, a valueFrom), an envFrom ConfigMap whose keys are not known
// may set it, or it is unset with no default read.
func sourceValue(s drainSource, c *container, image []setting) (d time.Duration, at repo.Evidence, from, bad string) {
	switch {
	case s.unread:
		return 0, s.at, "", fmt.Sprintf("%s (%s:%d) is a value this audit does not follow", s.what, s.at.File, s.at.Line)
	case s.env == "":
		return s.value, s.at, "", ""
	}
	var set []setting
	for _, e := range c.env {
		if e.key == s.env {
			set = append(set, e)
		}
	}
	if len(set) == 0 && len(c.unread) > 0 {
		u := c.unread[0]
		return 0, u.at, "", fmt.Sprintf("%s (read at %s:%d) may be set by the ConfigMap %s (envFrom, %s:%d), whose keys this audit does not know", s.env, s.at.File, s.at.Line, u.key, u.at.File, u.at.Line)
	}
	if len(set) == 0 {
		for _, e := range image {
			if e.key == s.env {
				set = append(set, e)
			}
		}
	}
	if len(set) == 0 {
		if !s.hasDef {
			return 0, s.at, "", fmt.Sprintf("%s, which the container does not set, is read at %s:%d with no default this audit reads", s.env, s.at.File, s.at.Line)
		}
		return s.value, s.at, fmt.Sprintf("%s unset, its default %s (%s:%d)", s.env, s.value, s.at.File, s.at.Line), ""
	}
	for i, e := range set {
		v, err := time.ParseDuration(strings.Trim(e.value, `"'`))
		if err != nil {
			return 0, e.at, "", fmt.Sprintf("%s=%s (%s:%d) is no duration this audit reads", s.env, e.value, e.at.File, e.at.Line)
		}
		if i == 0 || v > d {
			d, at, from = v, e.at, fmt.Sprintf("%s=%s (%s:%d)", s.env, e.value, e.at.File, e.at.Line)
		}
	}
	return d, at, from, ""
}
