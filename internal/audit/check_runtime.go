package audit

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"go/version"
	"io"
	"maps"
	"math"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/mod/modfile"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

func (a *auditor) checkMTLS(p *program) Result {
	if r, ok := p.unreadResult("that client certificates are required and verified"); ok {
		return r
	}
	fix := "gonew-prod add mtls: client certificates required and verified, certificates and CA bundle reloaded from disk, expiry warnings."
	var verify, weak, bare, unfollowed, unread, old, rotate, fixedGet, gets, without, noCAs, custom, systemCAs, unevaluated, capped, legacy, onlyIf, casOnlyIf []repo.Evidence
	var weakMode, oldVersion, maxVersion string
	var onlyWhen string // when the first ClientAuth set only under a condition is made (see setCondition)
	maxTooLow := false  // the MaxVersion found lets handshakes through, all of TLS 1.1 or older
	legacyWhy, legacyAt, legacyUnsure := a.legacyTLSDefault(p)
	var lacking []string
	served, unused, exposed := p.tlsServes()
	// Each server that serves TLS is judged by the configurations its handshakes
	// use: a configuration with GetConfigForClient hands each handshake the one the
	// callback returns (when not nil), so the ClientAuth of that one decides.
	for _, st := range served {
		requires, judged, unknown := true, false, false
		var ev []repo.Evidence
		for _, ref := range st.configs {
			if isNil(ref.value) { // srv.TLSConfig = nil: the handshake asks no certificate
				requires = false
				ev = append(ev, p.at(ref.value))
				continue
			}
			if mtls, ok := p.spiffeConfig(ref); ok {
				judged = true
				ev = append(ev, p.at(ref.value))
				if mtls {
					verify = append(verify, p.at(ref.value))
				} else {
					requires = false
				}
				continue
			}
			outer, ok, _ := p.handshakeConfigs(ref.file, ref.fn, ref.value)
			if !ok {
				unread = append(unread, p.at(ref.value))
				unknown = true
			}
			for _, h := range outer {
				if !p.runs(h.cfg.site) {
					continue // built where main's flow never goes
				}
				h.sets = ref.sets
				ev = append(ev, p.at(h.cfg.expr))
				effective := []handshakeConfig{h}
				var returned []handshakeConfig
				hidden := false     // a callback returns a configuration not followed
				keepsOuter := false // GetConfigForClient is set to nil or returns (nil, nil): the outer configuration serves
				for _, get := range p.configSets(h, "GetConfigForClient") {
					if isNil(get.value) {
						keepsOuter = true
						ev = append(ev, p.at(get.node))
						continue
					}
					gets = append(gets, p.at(get.value))
					if p.fixedConfigs(get.file, get.value) {
						fixedGet = append(fixedGet, p.at(get.value))
					} else {
						rotate = append(rotate, p.at(get.value))
					}
					r, ok, keeps := p.handshakeConfigs(get.file, get.fn, get.value)
					if keeps {
						keepsOuter = true // return nil, nil
					}
					if !ok {
						unfollowed = append(unfollowed, p.at(get.value))
						unknown, hidden = true, true
					}
					for _, c := range r {
						if p.runs(c.cfg.site) {
							returned = append(returned, c)
						}
					}
				}
				if len(returned) > 0 {
					effective = returned
					if keepsOuter {
						effective = append(slices.Clip(returned), h)
					}
				}
				for _, c := range append(returned, h) {
					mins := p.configSets(c, "MinVersion")
					lowest := int64(tls12) // the lowest version the handshakes of c accept
					if len(mins) == 0 && legacyWhy != "" {
						lowest = 0x0301
					}
					for _, v := range mins {
						if n, name, ok := p.tlsVersion(v.value); ok && n < tls12 {
							old = append(old, p.at(v.node))
							oldVersion = name
							lowest = min(lowest, n)
						}
					}
					for _, v := range p.configSets(c, "MaxVersion") {
						if n, name, ok := p.tlsVersion(v.value); ok && n != 0 && n < tls12 {
							capped = append(capped, p.at(v.node))
							maxVersion = name
							maxTooLow = maxTooLow || lowest <= n
						}
					}
				}
				for _, c := range effective {
					if len(p.configSets(c, "MinVersion")) == 0 && legacyWhy != "" {
						legacy = append(legacy, p.at(c.cfg.expr))
					}
				}
				judged = true
				for _, c := range effective {
					auths := p.configSets(c, "ClientAuth")
					if len(auths) == 0 && len(returned) > 0 && c.cfg.expr != h.cfg.expr {
						bare = append(bare, p.at(c.cfg.expr))
					}
					requires = requires && len(auths) > 0
					// A custom verification callback may verify the chain itself.
					verifier := append(p.configSets(c, "VerifyPeerCertificate"), p.configSets(c, "VerifyConnection")...)
					verifier = slices.DeleteFunc(verifier, func(s fieldSet) bool { return isNil(s.value) })
					// A ClientCAs of nil (cfg.ClientCAs = nil after the literal) sets no
					// pool: the system roots verify clients. A pool set only under a
					// condition, or cleared under one, leaves it nil on a path.
					cas := p.configSets(c, "ClientCAs")
					cleared := slices.ContainsFunc(cas, func(s fieldSet) bool { return isNil(s.value) && setUnderCondition(s) })
					cas = slices.DeleteFunc(cas, func(s fieldSet) bool { return isNil(s.value) })
					casFixed := !cleared && slices.ContainsFunc(cas, func(s fieldSet) bool { return !setUnderCondition(s) })
					var roots []repo.Evidence // where a ClientCAs comes from the system roots
					for _, ca := range cas {
						if sys := p.systemRoots(ca.file, ca.fn, ca.value, 0); sys != nil {
							roots = append(roots, p.at(ca.node), p.at(sys))
						}
					}
					// A ClientAuth assigned only under a condition leaves the zero
					// value, NoClientCert, on the other path, unless another set of
					// it is not under one (the literal's field included).
					fixed := slices.ContainsFunc(auths, func(s fieldSet) bool { return !setUnderCondition(s) })
					for _, s := range auths {
						name, known := p.clientAuth(s.value)
						switch {
						case !known:
							unevaluated = append(unevaluated, p.at(s.node))
							unknown = true
							continue
						case name == "RequireAndVerifyClientCert" && len(verifier) > 0 && len(cas) == 0:
							custom = append(custom, p.at(s.node), p.at(verifier[0].node))
							continue
						case name == "RequireAndVerifyClientCert" && len(cas) == 0 && !hidden:
							noCAs = append(noCAs, p.at(s.node))
						case name == "RequireAndVerifyClientCert" && len(roots) > 0:
							systemCAs = append(systemCAs, roots...)
						case name == "RequireAndVerifyClientCert" && !fixed:
							// The other path asks no client certificate, whatever ClientCAs is.
							onlyIf = append(onlyIf, p.at(s.node))
							if onlyWhen == "" {
								onlyWhen = setCondition(s)
							}
							unknown = true
							continue
						case name == "RequireAndVerifyClientCert" && !casFixed && !hidden:
							casOnlyIf = append(casOnlyIf, p.at(s.node), p.at(cas[0].node))
							unknown = true
							continue
						case name == "RequireAndVerifyClientCert":
							verify = append(verify, p.at(s.node))
							continue
						case name == "RequireAnyClientCert" && len(verifier) > 0:
							custom = append(custom, p.at(s.node), p.at(verifier[0].node))
							continue
						case slices.Contains([]string{"RequireAnyClientCert", "VerifyClientCertIfGiven", "RequestClientCert"}, name):
							weak = append(weak, p.at(s.node))
							weakMode = name
						}
						requires = false
						ev = append(ev, p.at(s.node))
					}
				}
			}
		}
		if !(requires && judged) && !unknown {
			lacking = append(lacking, st.name)
			without = append(append(without, p.at(st.serve.expr)), ev...)
		}
	}
	var expiry []repo.Evidence
	for _, s := range p.importsOf("github.com/spiffe/go-spiffe/v2") {
		// SVIDs and bundles rotate through the Workload API, which renews an SVID
		// before it expires.
		rotate = append(rotate, p.at(s.node))
		expiry = append(expiry, p.at(s.node))
	}
	for _, s := range p.sels {
		if s.node.(*ast.SelectorExpr).Sel.Name == "NotAfter" {
			expiry = append(expiry, p.at(s.node))
		}
	}
	switch {
	case len(bare) > 0:
		return Result{Status: Fail, Message: "GetConfigForClient returns a tls.Config that sets no ClientAuth: the handshake uses that configuration, not the outer one, so a client without a certificate is served", Evidence: append(bare, gets[0]), Fix: "Set ClientAuth: tls.RequireAndVerifyClientCert (with ClientCAs) in the tls.Config that GetConfigForClient returns, or run " + fix}
	case len(weak) > 0:
		return Result{Status: Fail, Message: fmt.Sprintf("ClientAuth is tls.%s: client certificates are not both required and verified", weakMode), Evidence: weak, Fix: "Set ClientAuth to tls.RequireAndVerifyClientCert with ClientCAs, or run " + fix}
	case len(noCAs) > 0:
		return Result{Status: Fail, Message: "ClientAuth is tls.RequireAndVerifyClientCert but ClientCAs is not set: client certificates are verified against the host's system roots, so a certificate any public CA issued is accepted", Evidence: noCAs, Fix: "Set ClientCAs to a pool of the client CA bundle (x509.NewCertPool and AppendCertsFromPEM) in the same tls.Config, or run " + fix}
	case len(systemCAs) > 0:
		return Result{Status: Fail, Message: "ClientCAs is built from x509.SystemCertPool(): every public CA the host trusts verifies clients too, so a client certificate any of them issued is accepted", Evidence: systemCAs, Fix: "Build ClientCAs from x509.NewCertPool() with only the client CA bundle appended (AppendCertsFromPEM), or run " + fix}
	case len(old) > 0:
		return Result{Status: Fail, Message: fmt.Sprintf("MinVersion is %s in a served TLS configuration: TLS 1.0/1.1 accepted, whose handshakes Go's default minimum (TLS 1.2) refuses", oldVersion), Evidence: old, Fix: minFix(legacyWhy)}
	case len(capped) > 0 && maxTooLow:
		return Result{Status: Fail, Message: fmt.Sprintf("MaxVersion is %s in a served TLS configuration: every handshake is TLS 1.1 or older", maxVersion), Evidence: capped, Fix: "Remove MaxVersion (or set it to tls.VersionTLS13), and set MinVersion to tls.VersionTLS12."}
	case len(capped) > 0:
		return Result{Status: Fail, Message: fmt.Sprintf("MaxVersion is %s in a served TLS configuration, below the server's minimum version (its MinVersion, or Go's default TLS 1.2): no handshake can succeed", maxVersion), Evidence: capped, Fix: "Remove MaxVersion (or set it to tls.VersionTLS13)."}
	case len(legacy) > 0 && len(legacyUnsure) > 0:
		return Result{Status: Unknown, Message: "no MinVersion, and " + workMaybeOff + " has " + legacyWhy + ": its default server minimum is TLS 1.0", Evidence: slices.Concat(legacy, []repo.Evidence{legacyAt}, legacyUnsure), Fix: minFix(legacyWhy)}
	case len(legacy) > 0:
		return Result{Status: Fail, Message: "no MinVersion and " + legacyWhy + ": the default server minimum of this build is TLS 1.0, so TLS 1.0/1.1 handshakes are accepted", Evidence: append(legacy, legacyAt), Fix: minFix(legacyWhy)}
	case len(lacking) > 0:
		return Result{Status: Warn, Message: "TLS is served without client certificates: any client that reaches the port is accepted (" + strings.Join(dedupe(lacking), "; ") + ")", Evidence: without, Fix: fix, Missing: true}
	case len(exposed) > 0:
		var names []string
		var ev []repo.Evidence
		for _, e := range exposed {
			names = append(names, e.name)
			ev = append(ev, p.at(e.serve.expr))
		}
		return Result{Status: Warn, Message: "the handler served over TLS is also served in plain HTTP, where no client certificate is asked: any client that reaches that port gets the API (" + strings.Join(dedupe(names), "; ") + ")", Evidence: ev, Fix: "Serve the API only over TLS with client certificates (a plain listener may only redirect to HTTPS or serve probes from another handler), or run " + fix}
	case len(onlyIf) > 0:
		when := "the condition holds"
		if onlyWhen != "" {
			when = onlyWhen
		}
		return Result{Status: Unknown, Message: "ClientAuth is set to tls.RequireAndVerifyClientCert only under a condition: client certificates are required only when " + when + "; otherwise ClientAuth keeps its zero value, NoClientCert, and the server asks no client certificate; check that the condition always holds in production", Evidence: onlyIf, Fix: "Set ClientAuth: tls.RequireAndVerifyClientCert unconditionally (in the tls.Config literal), or run " + fix}
	case len(casOnlyIf) > 0:
		return Result{Status: Unknown, Message: "ClientCAs is set (or kept) only under a condition: otherwise it is nil and client certificates are verified against the host's system roots, so a certificate any public CA issued is accepted; check that the condition always holds in production", Evidence: casOnlyIf, Fix: "Set ClientCAs unconditionally to a pool of the client CA bundle (and fail at start when the bundle is missing), or run " + fix}
	case len(unevaluated) > 0:
		return Result{Status: Unknown, Message: "ClientAuth is set to a value this audit cannot evaluate (not a constant of the program): check that it is tls.RequireAndVerifyClientCert", Evidence: unevaluated, Fix: "Set ClientAuth: tls.RequireAndVerifyClientCert (with ClientCAs), or run " + fix}
	case len(unfollowed) > 0:
		return Result{Status: Unknown, Message: "GetConfigForClient returns a tls.Config this audit cannot follow: the handshake uses that configuration, so check that it sets ClientAuth to tls.RequireAndVerifyClientCert", Evidence: unfollowed, Fix: "Set ClientAuth: tls.RequireAndVerifyClientCert (with ClientCAs) in the tls.Config that GetConfigForClient returns, or run " + fix}
	case len(unread) > 0:
		return Result{Status: Unknown, Message: "a server's tls.Config comes from code this audit cannot follow: its handshakes use that configuration, so check that it sets ClientAuth to tls.RequireAndVerifyClientCert", Evidence: unread, Fix: "Set ClientAuth: tls.RequireAndVerifyClientCert (with ClientCAs) in the server's tls.Config, or run " + fix}
	case len(custom) > 0:
		return Result{Status: Unknown, Message: "client certificates are required and checked by a custom callback (VerifyPeerCertificate or VerifyConnection) instead of ClientCAs: check that it verifies the chain against the client CA bundle, for client authentication", Evidence: custom, Fix: "Verify the leaf with x509.VerifyOptions{Roots: the client CA pool, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}} in the callback, or set ClientAuth: tls.RequireAndVerifyClientCert with ClientCAs, or run " + fix}
	case len(verify) > 0:
		var missing []string
		ev := verify[:1]
		switch {
		case len(rotate) == 0 && len(fixedGet) > 0:
			missing = append(missing, "the client CA pool is fixed at start (GetConfigForClient returns a tls.Config built once and never replaced): a CA rotation needs a restart")
			ev = append(ev, fixedGet[0])
		case len(rotate) == 0:
			missing = append(missing, "the client CA pool is fixed at start (no GetConfigForClient or reload): a CA rotation needs a restart")
		default:
			ev = append(ev, rotate[0])
		}
		if len(expiry) == 0 {
			missing = append(missing, "no certificate's expiry (NotAfter) is watched")
		} else {
			ev = append(ev, expiry[0])
		}
		if len(missing) > 0 {
			return Result{Status: Warn, Message: "client certificates are required and verified, but " + strings.Join(missing, "; "), Evidence: ev, Fix: fix}
		}
		return Result{Status: Pass, Message: "client certificates are required and verified, the CA pool is chosen per handshake, expiry is watched", Evidence: ev}
	}
	if r, ok := a.declined(p.main.Dir(), "mtls", "mutual TLS"); ok {
		return r
	}
	msg, ev := "the server speaks plain HTTP: no client certificate is required (fine only behind a mesh that does mTLS)", p.placeOfServer()
	for _, u := range unused {
		msg += "; " + u.name + " does not use the TLSConfig of its server (only ListenAndServeTLS, ServeTLS and a listener of tls.NewListener serve TLS)"
		ev = append(ev, p.at(u.serve.expr), p.at(u.configs[0].value))
	}
	return Result{Status: Warn, Message: msg, Evidence: ev, Fix: fix, Missing: true}
}

// setUnderCondition reports whether the assignment s (x.Field = v) lies in a branch
// of an if, switch or select statement of its function, so that the other paths
// leave the field as it was. A branch whose condition reads the same field of the
// same variable fills a default (if c.ClientAuth == tls.NoClientCert { c.ClientAuth
// = ... }) and does not count (a field of that name on another value, if
// cfg.ReadHeaderTimeout > 0 { srv.ReadHeaderTimeout = cfg.ReadHeaderTimeout }, does); nor does a field of a composite literal (no target), which is not an
// assignment.
// setCondition returns, for the set s under a condition (see setUnderCondition), when
// it is made: the condition of the innermost if statement that holds it, as written
// ("o.RequireMTLS holds"), or negated for its else branch ("o.Insecure does not
// hold"); or "" when it is another statement (a switch case) or none.
func setCondition(s fieldSet) string {
	body := funcBody(s.fn)
	if body == nil {
		return ""
	}
	outer := enclosing(body, s.node)
	for i := len(outer) - 1; i >= 0; i-- {
		switch x := outer[i].(type) {
		case *ast.IfStmt:
			cond := types.ExprString(x.Cond)
			if encloses(x.Body, s.node) {
				return cond + " holds"
			}
			if x.Else != nil && encloses(x.Else, s.node) {
				return cond + " does not hold"
			}
		case *ast.CaseClause, *ast.CommClause:
			return ""
		}
	}
	return ""
}

func setUnderCondition(s fieldSet) bool {
	body := funcBody(s.fn)
	if body == nil || s.target == nil {
		return false
	}
	target := types.ExprString(unparen(s.target))
	readsField := func(e ast.Node) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == s.field && types.ExprString(unparen(sel.X)) == target {
				found = true
			}
			return !found
		})
		return found
	}
	for _, n := range enclosing(body, s.node) {
		switch x := n.(type) {
		case *ast.IfStmt:
			if (encloses(x.Body, s.node) || x.Else != nil && encloses(x.Else, s.node)) && !readsField(x.Cond) {
				return true
			}
		case *ast.CaseClause:
			if !slices.ContainsFunc(x.List, func(e ast.Expr) bool { return readsField(e) }) {
				return true
			}
		case *ast.CommClause:
			return true
		}
	}
	return false
}

// neverRuns reports whether the assignment s lies in the body of an if statement
// whose condition is the constant false (if false { cfg.ClientCAs = p }), which
// never runs.
func neverRuns(s fieldSet) bool {
	body := funcBody(s.fn)
	if body == nil || s.target == nil {
		return false
	}
	return slices.ContainsFunc(enclosing(body, s.node), func(n ast.Node) bool {
		is, ok := n.(*ast.IfStmt)
		return ok && isName(unparen(is.Cond), "false") && encloses(is.Body, s.node)
	})
}

// spiffeTLS is the package of go-spiffe that builds tls.Configs from SVIDs and bundles.
const spiffeTLS = "github.com/spiffe/go-spiffe/v2/spiffetls/tlsconfig"

// spiffeConfig reports whether the configuration ref holds is built by go-spiffe's
// tlsconfig (ok), and whether it requires and verifies the client's SVID: the
// MTLS server configurations do, TLSServerConfig does not.
func (p *program) spiffeConfig(ref tlsRef) (mtls, ok bool) {
	ids, _ := p.trace(ref.file, ref.fn, ref.value)
	for _, id := range ids {
		switch id {
		case spiffeTLS + ".MTLSServerConfig", spiffeTLS + ".MTLSWebServerConfig":
			return true, true
		case spiffeTLS + ".TLSServerConfig":
			ok = true
		}
	}
	return false, ok
}

// servedTLS is a call that serves HTTP, with the configurations its server is
// given: those of the TLS handshakes when the call serves TLS.
type servedTLS struct {
	serve call
	// name is the call as written, with the server's address when known.
	name    string
	configs []tlsRef
}

// tlsRef is a tls.Config value given to a server (its TLSConfig, a listener's
// configuration), with the fields set on it through the server
// (srv.TLSConfig.ClientAuth = ...).
type tlsRef struct {
	fieldSet
	sets []fieldSet
}

// tlsServes returns the calls of main's flow that serve TLS (ListenAndServeTLS,
// ServeTLS, Serve on a listener of tls.NewListener or tls.Listen, gin's RunTLS,
// Echo's StartTLS), each with the configurations its handshakes start from, and the
// calls that serve plain HTTP from a server given a TLSConfig, which they do not
// use (when nothing serves TLS), and the calls that serve plain HTTP from a server
// that also serves TLS or from one with the same handler as a TLS server (exposed).
// A serve call is tied to its server when its receiver holds the server's literal or
// the call that builds it; one that is not (a struct field, a range variable) is
// given the configurations of the servers no serve call is tied to.
// A ListenAndServeTLS or ServeTLS without certificate files and without a
// configuration cannot serve, and is left out.
func (p *program) tlsServes() (served, unused, exposed []servedTLS) {
	servers := p.servers()
	configs := make([][]tlsRef, len(servers))
	owned := map[ast.Node]bool{}
	tied := make([]bool, len(servers))
	for i, s := range servers {
		if p.runs(s.site) {
			configs[i] = p.serverTLS(s)
			for _, c := range configs[i] {
				owned[c.node] = true
				for _, set := range c.sets {
					owned[set.node] = true
				}
			}
		}
	}
	type pending struct {
		servedTLS
		untied bool
		server int // the index of the server the call serves, -1 when not tied
	}
	var tlsCalls, plain, plainAll []pending
	for _, c := range p.serveCalls() {
		if !p.runs(c.site) {
			continue
		}
		startServer := p.echoStartServer(c)
		i := slices.IndexFunc(servers, func(s server) bool {
			if startServer {
				return s.node == c.expr || p.holds(c.fn, c.expr.Args[0], s.node)
			}
			return s.node == c.expr || c.recv != nil && p.holds(c.fn, c.recv, s.node)
		})
		st := pending{servedTLS: servedTLS{serve: c, name: types.ExprString(c.expr.Fun)}, server: i}
		var addr ast.Expr // the address the call serves on
		if i >= 0 {
			tied[i] = true
			st.configs = configs[i]
			addr = servers[i].addr
		}
		if (c.name == "Serve" || c.name == "ServeTLS") && len(c.expr.Args) > 0 {
			addr = p.listenerAddr(c.file, c.fn, c.expr.Args[0], 0) // Serve(ln) never reads srv.Addr
		}
		if a, ok := unparenLit(addr); ok {
			st.name += " on " + a
		}
		switch {
		case c.name == "ListenAndServeTLS" || c.name == "ServeTLS":
			st.untied = i < 0 && c.recv != nil
			if c.recv == nil {
				st.configs = nil // net/http's functions take no configuration
			}
			tlsCalls = append(tlsCalls, st)
		case c.name == "Serve" && len(c.expr.Args) > 0:
			if cfg := p.listenerConfig(c.file, c.fn, c.expr.Args[0], 0); cfg != nil {
				st.configs = []tlsRef{{fieldSet: fieldSet{site: site{file: c.file, fn: c.fn, node: cfg}, value: cfg}}}
				if sel, ok := unparen(cfg).(*ast.SelectorExpr); ok && sel.Sel.Name == "TLSConfig" { // tls.NewListener(ln, srv.TLSConfig)
					if j := slices.IndexFunc(servers, func(s server) bool { return p.holds(c.fn, sel.X, s.node) }); j >= 0 {
						st.configs = configs[j]
					}
				}
				tlsCalls = append(tlsCalls, st)
			} else {
				plainAll = append(plainAll, st)
				if len(st.configs) > 0 {
					plain = append(plain, st)
				}
			}
		case c.name == "RunTLS" || c.name == "StartTLS" || c.name == "StartAutoTLS":
			// gin's RunTLS and Echo v4's StartTLS and StartAutoTLS (certificates from
			// Let's Encrypt) serve a configuration of their own without client
			// certificates; Echo v5's StartConfig serves the one it holds.
			st.configs = p.heldTLSConfig(c)
			tlsCalls = append(tlsCalls, st)
		case startServer && i >= 0 && servers[i].node != c.expr:
			if len(st.configs) > 0 { // TLS when srv.TLSConfig is set
				tlsCalls = append(tlsCalls, st)
			}
		case c.name == "Start" && p.echoStart(c) == "echo StartConfig":
			if st.configs = p.heldTLSConfig(c); len(st.configs) > 0 { // TLS when TLSConfig is set
				tlsCalls = append(tlsCalls, st)
			}
		case len(st.configs) > 0:
			plain = append(plain, st)
			plainAll = append(plainAll, st)
		case c.name != "ListenAndServeTLS" && c.name != "ServeTLS" && !startServer:
			plainAll = append(plainAll, st)
		}
	}
	var rest []tlsRef // the configurations of the servers no serve call is tied to
	for i := range servers {
		if !tied[i] {
			rest = append(rest, configs[i]...)
		}
	}
	var loose []fieldSet // sets on a TLSConfig of no server found
	for _, s := range p.sets {
		if !p.runs(s.site) || owned[s.node] {
			continue
		}
		if sel, ok := unparen(s.target).(*ast.SelectorExpr); ok && sel.Sel.Name == "TLSConfig" {
			loose = append(loose, s)
		} else if t, tpf := p.typeOf(s.file, s.fn, s.target, 0); s.field == "TLSConfig" && p.kindOf(tpf, t, 0) != notServerKind {
			rest = append(rest, tlsRef{fieldSet: s}) // not the TLSConfig of a Redis client's options, say
		}
	}
	for i := range rest {
		rest[i].sets = append(slices.Clip(rest[i].sets), loose...)
	}
	for _, st := range tlsCalls {
		if st.untied {
			st.configs = rest
		}
		files := st.serve.name != "ListenAndServeTLS" && st.serve.name != "ServeTLS" || !slices.ContainsFunc(st.serve.expr.Args, func(a ast.Expr) bool {
			s, ok := unparenLit(a)
			return ok && s == ""
		})
		if files || len(st.configs) > 0 {
			served = append(served, st.servedTLS)
		}
	}
	if len(served) == 0 {
		for _, st := range plain {
			unused = append(unused, st.servedTLS)
		}
	}
	// A plain serve of a server that also serves TLS, or of another server with the
	// same handler, hands the API to any client without a certificate.
	for _, pl := range plainAll {
		if pl.server < 0 {
			continue
		}
		if slices.ContainsFunc(tlsCalls, func(t pending) bool {
			return t.server >= 0 && (t.server == pl.server || p.sameHandler(servers[t.server], servers[pl.server]))
		}) {
			exposed = append(exposed, pl.servedTLS)
		}
	}
	return served, unused, exposed
}

// sameHandler reports whether servers a and b serve the same handler: both
// http.DefaultServeMux, or the same value (a variable assigned once, in the function
// or one around it, a router's receiver).
func (p *program) sameHandler(a, b server) bool {
	if a.defaultMux || b.defaultMux {
		return a.defaultMux && b.defaultMux
	}
	if a.handler == nil || b.handler == nil {
		return false
	}
	ha, hb := unparen(a.handler), unparen(b.handler)
	if ha == hb {
		return true
	}
	ia, okA := ha.(*ast.Ident)
	ib, okB := hb.(*ast.Ident)
	if !okA || !okB || ia.Name != ib.Name {
		return false
	}
	da, db := p.defsOf(a.fn, ia.Name), p.defsOf(b.fn, ib.Name)
	return slices.ContainsFunc(da, func(d ast.Expr) bool { return slices.Contains(db, d) })
}

// serverTLS returns the TLSConfig values server s is given: in its literal,
// assigned to the variable holding it (srv.TLSConfig = ..., in its function or a
// function written in it), or set on the parameter of a function of the program it
// is passed to; each with the fields set on that configuration through s
// (srv.TLSConfig.ClientAuth = ...) that are not written before it is assigned. A
// value assigned straight in the body of s's function replaces those before it.
func (p *program) serverTLS(s server) []tlsRef {
	var values, sets []fieldSet
	if cl, ok := s.node.(*ast.CompositeLit); ok {
		if v := field(cl, "TLSConfig"); v != nil {
			values = append(values, fieldSet{site: site{file: s.file, fn: s.fn, node: v}, field: "TLSConfig", value: v})
		}
	}
	if s.fn == nil {
		return refsOf(values, nil)
	}
	for _, set := range p.sets {
		sel, ok := unparen(set.target).(*ast.SelectorExpr)
		switch {
		case !p.runs(set.site):
		case set.field == "TLSConfig" && p.holds(set.fn, set.target, s.node):
			values = append(values, set)
		case ok && sel.Sel.Name == "TLSConfig" && p.holds(set.fn, sel.X, s.node):
			sets = append(sets, set)
		}
	}
	// A whole configuration assigned straight in the body of the server's function
	// (srv.TLSConfig = &tls.Config{...}, in no branch) replaces the ones before it.
	body := funcBody(s.fn)
	straight := func(v fieldSet) bool {
		st, ok := v.node.(ast.Stmt)
		return ok && v.fn == s.fn && body != nil && slices.Contains(body.List, st)
	}
	var last *fieldSet
	for i, v := range values {
		if straight(v) && (last == nil || v.node.Pos() > last.node.Pos()) {
			last = &values[i]
		}
	}
	if last != nil {
		at := last.node.Pos()
		values = slices.DeleteFunc(values, func(v fieldSet) bool { return v.fn == s.fn && v.node.Pos() < at })
	}
	p.setThrough(s.fn, p.holding(s.fn, s.node), []string{"TLSConfig"}, func(set fieldSet) bool {
		values = append(values, set)
		return false // on to the next
	}, map[ast.Node]bool{})
	out := refsOf(values, nil)
	for i, v := range values {
		// A set through the server written before an assignment of the whole
		// configuration, in the same function, changed the one it replaces.
		_, assigned := v.node.(ast.Stmt)
		out[i].sets = slices.DeleteFunc(slices.Clone(sets), func(set fieldSet) bool {
			return assigned && set.fn == v.fn && set.node.Pos() < v.node.Pos()
		})
	}
	return out
}

// refsOf returns the configurations values, each with sets.
func refsOf(values, sets []fieldSet) []tlsRef {
	out := make([]tlsRef, len(values))
	for i, v := range values {
		out[i] = tlsRef{fieldSet: v, sets: sets}
	}
	return out
}

// heldTLSConfig returns the TLSConfig of the literal that the receiver of c (an
// Echo v5 StartConfig, say) holds.
func (p *program) heldTLSConfig(c call) []tlsRef {
	var out []tlsRef
	if id, ok := unparen(c.recv).(*ast.Ident); ok {
		for _, d := range p.defsOf(c.fn, id.Name) {
			if cl, ok := unparen(d).(*ast.CompositeLit); ok {
				if v := field(cl, "TLSConfig"); v != nil {
					out = append(out, tlsRef{fieldSet: fieldSet{site: site{file: c.file, fn: c.fn, node: v}, field: "TLSConfig", value: v}})
				}
			}
		}
	}
	return out
}

// holds reports whether e, in fn, is value or a variable assigned value (in fn or a
// function it is written in).
func (p *program) holds(fn ast.Node, e ast.Expr, value ast.Node) bool {
	if unparen(e) == value {
		return true
	}
	id, ok := unparen(e).(*ast.Ident)
	return ok && slices.ContainsFunc(p.defsOf(fn, id.Name), func(d ast.Expr) bool { return unparen(d) == value })
}

// listenerConfig returns the configuration argument of the tls.NewListener or
// tls.Listen call that listener e (in fn) comes from, through variables; or nil.
func (p *program) listenerConfig(pf *pfile, fn ast.Node, e ast.Expr, depth int) ast.Expr {
	if depth > 6 {
		return nil
	}
	switch x := unparen(e).(type) {
	case *ast.Ident:
		for _, d := range p.defsOf(fn, x.Name) {
			if cfg := p.listenerConfig(pf, fn, d, depth+1); cfg != nil {
				return cfg
			}
		}
	case *ast.CallExpr:
		if pkg, name, ok := pf.qualified(x.Fun); ok && pkg == "crypto/tls" && (name == "NewListener" || name == "Listen") && len(x.Args) >= 2 {
			return x.Args[len(x.Args)-1]
		}
	}
	return nil
}

// tls12 is the number of TLS 1.2 (crypto/tls's VersionTLS12).
const tls12 = 0x0303

// tlsVersion returns the value of e, a MinVersion or MaxVersion, when it is a
// constant (see constValue), with how it reads: as written for tls.VersionTLS12 or
// 0x0303, with the version's name after a named constant (legacyMin
// (tls.VersionTLS10)).
func (p *program) tlsVersion(e ast.Expr) (n int64, name string, ok bool) {
	v, ok := p.constValue(e)
	if !ok || v.Kind() != constant.Int {
		return 0, "", false
	}
	if n, ok = constant.Int64Val(v); !ok {
		return 0, "", false
	}
	written := types.ExprString(e)
	names := map[int64]string{0x0300: "tls.VersionSSL30", 0x0301: "tls.VersionTLS10", 0x0302: "tls.VersionTLS11", 0x0303: "tls.VersionTLS12", 0x0304: "tls.VersionTLS13"}
	known, named := names[n]
	if _, lit := unparen(e).(*ast.BasicLit); lit || !named || written == known {
		return n, written, true
	}
	return n, written + " (" + known + ")", true
}

// clientAuth returns the name of the tls.ClientAuthType e is (RequireAndVerifyClientCert,
// ...) when it is a constant (see constValue); known is false when it is not, or
// not one of crypto/tls's modes.
func (p *program) clientAuth(e ast.Expr) (name string, known bool) {
	v, ok := p.constValue(e)
	if !ok || v.Kind() != constant.Int {
		return "", false
	}
	n, ok := constant.Int64Val(v)
	modes := []string{"NoClientCert", "RequestClientCert", "RequireAnyClientCert", "VerifyClientCertIfGiven", "RequireAndVerifyClientCert"}
	if !ok || n < 0 || n >= int64(len(modes)) {
		return "", false
	}
	return modes[n], true
}

// systemRoots returns the x509.SystemCertPool call that pool e, in fn of pf, is
// built from: directly, through variables, copies (Clone) or what functions of the
// program return; or nil.
func (p *program) systemRoots(pf *pfile, fn ast.Node, e ast.Expr, depth int) ast.Node {
	if depth > 8 {
		return nil
	}
	switch x := unparen(e).(type) {
	case *ast.Ident:
		for _, d := range p.defsOf(fn, x.Name) {
			if sys := p.systemRoots(pf, fn, d, depth+1); sys != nil {
				return sys
			}
		}
	case *ast.CallExpr:
		if pkg, name, ok := pf.qualified(x.Fun); ok && pkg == "crypto/x509" && name == "SystemCertPool" {
			return x
		}
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Clone" && len(x.Args) == 0 {
			return p.systemRoots(pf, fn, sel.X, depth+1)
		}
		f, ok := p.funcs[p.funcID(pf, x.Fun)]
		if !ok || f.node.Body == nil {
			return nil
		}
		for _, r := range returns(f.node.Body) {
			if len(r.Results) > 0 {
				if found := p.systemRoots(f.file, f.node, r.Results[0], depth+1); found != nil {
					return found
				}
			}
		}
	}
	return nil
}

// legacyTLSDefault says why the default server minimum of main's build is TLS 1.0
// rather than TLS 1.2, with where (see legacyIn). For a module of a workspace, a build
// that runs outside it (GOWORK=off) uses the module's own go.mod: when that makes the
// minimum TLS 1.0, why says so; unsure are the GOWORK settings that may make a build
// run outside the workspace, which this audit cannot tie to main's builds.
func (a *auditor) legacyTLSDefault(p *program) (why string, at repo.Evidence, unsure []repo.Evidence) {
	m := p.main.Package.Module
	if why, at = a.legacyIn(p, false); why != "" || m == nil || !a.r.InWork(m) {
		return why, at, nil
	}
	off, maybe := p.workOff, p.workUnsure
	if len(off) == 0 && len(maybe) == 0 {
		return "", repo.Evidence{}, nil
	}
	if why, at = a.legacyIn(p, true); why == "" {
		return "", repo.Evidence{}, nil
	}
	if len(off) > 0 {
		return fmt.Sprintf("%s, which the build at %s:%d uses (it runs outside the workspace)", why, off[0].File, off[0].Line), at, nil
	}
	return why, at, maybe
}

// legacyIn says why the default server minimum of main's build is TLS 1.0 rather
// than TLS 1.2, with where: the go line of the main module (of go.work in workspace
// mode, unless alone asks for a build outside the workspace) below 1.22 or missing, or tls10server=1 (or default=go1.21 and older) in its
// godebug lines, in a //go:debug directive of the main package, or in the GODEBUG
// variable an image or a manifest sets; or "" when it is TLS 1.2. Later sources
// override earlier ones, in that order.
func (a *auditor) legacyIn(p *program, alone bool) (why string, at repo.Evidence) {
	legacy := false
	apply := func(g repo.Setting, what string, ev repo.Evidence) {
		switch {
		case g.Key == "tls10server":
			legacy = g.Value == "1"
		case g.Key == "default" && version.IsValid(g.Value):
			legacy = version.Compare(g.Value, "go1.22") < 0
		default:
			return
		}
		why, at = what, ev
	}
	if p.badMod != nil { // its go line is not known: see modGuard
		if p.goOld {
			legacy = true
			why, at = "a go line below 1.22 or none in "+p.badMod.File, a.r.At(p.badMod.File, 1)
		}
	} else if m := p.main.Package.Module; m != nil {
		g := governing(a.r, m, alone)
		goVer, file, line := g.goVer, g.goFile, g.goLine
		switch {
		case goVer == "": // the go command assumes go 1.16
			legacy = true
			why, at = path.Base(file)+" has no go line, so go 1.16 is assumed", a.r.At(file, 1)
		case version.Compare("go"+goVer, "go1.22") < 0:
			legacy = true
			why, at = "the go line of "+path.Base(file)+" is "+goVer+", below 1.22", a.r.At(file, line)
		}
		for _, st := range g.settings {
			apply(st, "godebug "+st.Key+"="+st.Value+" in "+path.Base(g.debugFile), a.r.At(g.debugFile, st.Line))
		}
	} else if p.gopath {
		// GOPATH mode: no main module, so the go command assumes go 1.16, as for a
		// go.mod without a go line; a toolchain before Go 1.22 defaults to TLS 1.0.
		legacy = true
		why, at = "there is no go.mod, so the build runs in GOPATH mode, where the go command assumes go 1.16", p.mainAt()
	}
	for _, f := range p.main.Package.Files {
		for _, g := range f.GoDebug {
			apply(g, "//go:debug "+g.Key+"="+g.Value, a.r.At(f.Path, g.Line))
		}
	}
	env, unsure := a.runtimeEnv(p)
	// A container this audit cannot tie to p may run it: its setting counts.
	for _, e := range append(env, unsure...) {
		if e.key != "GODEBUG" {
			continue
		}
		for _, kv := range strings.Split(e.value, ",") {
			if k, v, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == "tls10server" {
				apply(repo.Setting{Key: k, Value: v}, "GODEBUG="+k+"="+v+" in the environment of "+e.at.File, e.at)
			}
		}
	}
	if !legacy {
		return "", repo.Evidence{}
	}
	return why, at
}

// minFix is the fix for a served configuration whose minimum version is below TLS
// 1.2; legacy says why leaving MinVersion unset does not help, or is "".
func minFix(legacy string) string {
	if legacy != "" {
		return "Set MinVersion to tls.VersionTLS12 or higher: Go's default server minimum is TLS 1.0 here (" + legacy + ")."
	}
	return "Set MinVersion to tls.VersionTLS12 or higher, or leave it unset (Go's default server minimum is TLS 1.2)."
}

// handshakeConfig is a tls.Config literal that a server is given or a
// GetConfigForClient callback may return, with the fields (of a struct or an atomic
// value) it reaches the server or the callback through, and the fields set on it
// through the server (srv.TLSConfig.ClientAuth = ...).
type handshakeConfig struct {
	cfg    lit
	fields []string
	sets   []fieldSet
	// clones are the Clone() calls the value went through on its way to cfg, the
	// outermost (nearest the server or the callback's return) first: empty when the
	// handshake uses the literal itself, not a copy of it.
	clones []cloneStep
}

// cloneStep is a Clone() call of a tls.Config, with how many of the fields of a
// handshakeConfig were passed before it: those fields hold this copy (or an outer one),
// the later ones an inner copy or the original.
type cloneStep struct {
	call   *ast.CallExpr
	fields int
}

// handshakeConfigs returns the tls.Config literals that get, written in fn, may
// hold or, for a GetConfigForClient callback, return: through variables, copies
// (cfg.Clone()), struct fields (r.cur, assigned or set in a keyed literal
// elsewhere), atomic values (r.cur.Load(), filled by Store) and functions of the
// program. ok is false when a value cannot be followed; a nil, which keeps the
// outer configuration, needs no following: keeps reports whether a callback may
// return (nil, nil), with which the handshake uses the outer configuration.
func (p *program) handshakeConfigs(pf *pfile, fn ast.Node, get ast.Expr) (out []handshakeConfig, ok, keeps bool) {
	tlsLits := map[*ast.CompositeLit]lit{}
	for _, l := range p.litsOf("crypto/tls", "Config") {
		tlsLits[l.expr] = l
	}
	ok = true
	seen := map[ast.Expr]bool{}
	var resolve func(pf *pfile, fn ast.Node, e ast.Expr, fields []string, clones []cloneStep, depth int)
	returns := func(pf *pfile, fn ast.Node, fields []string, clones []cloneStep, depth int) {
		var body *ast.BlockStmt
		switch f := fn.(type) {
		case *ast.FuncLit:
			body = f.Body
		case *ast.FuncDecl:
			body = f.Body
		}
		if body == nil {
			ok = false
			return
		}
		ast.Inspect(body, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncLit:
				return false // its returns are its own
			case *ast.ReturnStmt:
				if len(x.Results) == 2 && isNil(x.Results[0]) && isNil(x.Results[1]) {
					keeps = true
				}
				if len(x.Results) == 0 {
					ok = false
				} else {
					resolve(pf, fn, x.Results[0], fields, clones, depth+1)
				}
			}
			return true
		})
	}
	// viaField follows a value read from field name to what is stored there, and
	// reports whether anything is.
	viaField := func(name string, fields []string, clones []cloneStep, depth int) bool {
		fields = append(slices.Clip(fields), name)
		found := false
		for _, s := range p.setsOf(name) {
			found = true
			resolve(s.file, s.fn, s.value, fields, clones, depth+1)
		}
		for _, k := range p.keyed {
			if k.field == name {
				found = true
				resolve(k.file, k.fn, k.value, fields, clones, depth+1)
			}
		}
		for _, c := range p.methodCalls("Store", "Swap") {
			if len(c.expr.Args) == 1 && lastName(c.recv) == name {
				found = true
				resolve(c.file, c.fn, c.expr.Args[0], fields, clones, depth+1)
			}
		}
		return found
	}
	resolve = func(pf *pfile, fn ast.Node, e ast.Expr, fields []string, clones []cloneStep, depth int) {
		if depth > 8 || seen[e] {
			return
		}
		seen[e] = true
		switch x := unparen(e).(type) {
		case *ast.FuncLit:
			returns(pf, x, fields, clones, depth)
		case *ast.CompositeLit:
			if l, isTLS := tlsLits[x]; isTLS {
				out = append(out, handshakeConfig{cfg: l, fields: fields, clones: clones})
			} else {
				ok = false
			}
		case *ast.Ident:
			if x.Name == "nil" {
				return
			}
			if f, isFunc := p.funcs[pf.pkg.ImportPath+"."+x.Name]; isFunc {
				returns(f.file, f.node, fields, clones, depth)
				return
			}
			defs := p.defsOf(fn, x.Name)
			if len(defs) == 0 {
				ok = false
			}
			for _, d := range defs {
				resolve(pf, fn, d, fields, clones, depth+1)
			}
		case *ast.SelectorExpr:
			if viaField(x.Sel.Name, fields, clones, depth) {
				return
			}
			for _, f := range p.methods[x.Sel.Name] { // a method value
				returns(f.file, f.node, fields, clones, depth)
			}
			ok = ok && len(p.methods[x.Sel.Name]) > 0
		case *ast.CallExpr:
			sel, isSel := x.Fun.(*ast.SelectorExpr)
			switch {
			case isSel && (sel.Sel.Name == "Load" || sel.Sel.Name == "Swap") && lastName(sel.X) != "":
				ok = viaField(lastName(sel.X), fields, clones, depth) && ok // r.cur.Load() of an atomic.Pointer
			case isSel && sel.Sel.Name == "Clone" && len(x.Args) == 0:
				// A copy has the fields of the original, then those set on it.
				clones = append(slices.Clip(clones), cloneStep{call: x, fields: len(fields)})
				resolve(pf, fn, sel.X, fields, clones, depth+1)
			case p.funcs[p.funcID(pf, x.Fun)].node != nil:
				f := p.funcs[p.funcID(pf, x.Fun)]
				returns(f.file, f.node, fields, clones, depth)
			case isSel && len(p.methods[sel.Sel.Name]) > 0:
				for _, f := range p.methods[sel.Sel.Name] {
					returns(f.file, f.node, fields, clones, depth)
				}
			default:
				ok = false
			}
		default:
			ok = false
		}
	}
	resolve(pf, fn, get, nil, nil, 0)
	return out, ok, keeps
}

// fixedConfigs reports whether the GetConfigForClient callback get (a function
// literal, or a function of the program it names) returns one configuration built
// once: each of its returns that is not nil returns a variable, never a field or
// call, that is a local of a function around the callback, assigned once there and
// never replaced (no assignment of that name in the functions nested in its
// function, such as a reload goroutine, and no field of it set there), and one at
// least does. Every handshake then gets the CA pool of the start: a rotation needs a
// restart. An atomic Load, a mutex-guarded field or a config built per call is not.
func (p *program) fixedConfigs(pf *pfile, get ast.Expr) bool {
	var fn ast.Node
	switch x := unparen(get).(type) {
	case *ast.FuncLit:
		fn = x
	case *ast.Ident:
		if f, ok := p.funcs[pf.pkg.ImportPath+"."+x.Name]; ok {
			fn = f.node
		}
	}
	body := funcBody(fn)
	if body == nil {
		return false
	}
	var vars []*ast.Ident
	fixed := true
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false // its returns are its own
		case *ast.ReturnStmt:
			switch {
			case len(x.Results) == 0:
				fixed = false
			case isNil(x.Results[0]):
			default:
				id, ok := unparen(x.Results[0]).(*ast.Ident)
				fixed = fixed && ok
				if ok {
					vars = append(vars, id)
				}
			}
		}
		return fixed
	})
	if !fixed || len(vars) == 0 {
		return false
	}
	// replaced reports whether name is assigned, or a field of it set, in a
	// function nested in decl, the function of its one assignment.
	replaced := func(name string, decl ast.Node) bool {
		for f, m := range p.defs {
			if f != decl && len(m[name]) > 0 && within(f, decl) {
				return true
			}
		}
		return slices.ContainsFunc(p.sets, func(s fieldSet) bool {
			id, ok := unparen(s.target).(*ast.Ident)
			return ok && id.Name == name && s.fn != decl && within(s.fn, decl)
		})
	}
	for _, id := range vars {
		decl, defs, param := p.declaring(fn, id.Name)
		// A parameter (what callers give), not a local of a function around the
		// callback (a package-level variable), assigned in the callback (per
		// handshake), assigned twice, or replaced.
		if param >= 0 || decl == nil || decl == fn || len(defs) != 1 || replaced(id.Name, decl) {
			return false
		}
	}
	return true
}

// configSets returns the values that field name of the configuration h gets, in
// code main's flow may run: in its literal, assigned to the variable holding it,
// set through one of the fields it is reached by (m.config.ClientAuth = ...) or
// through the server it is given to. For a copy (h.clones), the fields set on the
// copy count for it and not for the original; a set on the copy that is not under a
// condition replaces the values the copy got from the original (c := base.Clone();
// c.ClientAuth = tls.RequireAndVerifyClientCert).
func (p *program) configSets(h handshakeConfig, name string) []fieldSet {
	levels := make([][]fieldSet, len(h.clones)+1) // [k] for the copy of h.clones[k], the original last
	original := len(h.clones)
	if v := p.litField(h.cfg, name); v != nil {
		set := fieldSet{site: site{file: h.cfg.file, fn: h.cfg.fn, node: v}, field: name, value: v}
		if v != field(h.cfg.expr, name) {
			// Assigned after the literal, to the variable holding it: that
			// assignment, with its target (see setUnderCondition).
			if i := slices.IndexFunc(p.setsOf(name), func(s fieldSet) bool { return s.value == v }); i >= 0 {
				set = p.setsOf(name)[i]
			}
		}
		levels[original] = append(levels[original], set)
	}
	seen := func(s fieldSet) bool {
		return slices.ContainsFunc(levels, func(l []fieldSet) bool {
			return slices.ContainsFunc(l, func(o fieldSet) bool { return o.node == s.node })
		})
	}
	for _, s := range p.setsOf(name) {
		if i := slices.Index(h.fields, lastName(s.target)); i >= 0 && p.runs(s.site) {
			// A field passed before the k-th Clone holds the copy of that Clone.
			k := 0
			for k < len(h.clones) && h.clones[k].fields <= i {
				k++
			}
			levels[k] = append(levels[k], s)
		}
	}
	// A set through a variable that holds the configuration or a copy of it
	// (c := cur.Load().Clone(); c.ClientAuth = ...), or through the parameter of a
	// function it is passed to, changes what the handshake uses too.
	for _, s := range p.setsOf(name) {
		id, ok := unparen(s.target).(*ast.Ident)
		if !ok || !p.runs(s.site) || seen(s) {
			continue
		}
		for _, k := range p.reachesConfig(s.file, s.fn, id, h) {
			levels[k] = append(levels[k], s)
		}
	}
	for k := range levels {
		levels[k] = slices.DeleteFunc(levels[k], neverRuns)
	}
	out := slices.Clone(levels[original])
	for k := original - 1; k >= 0; k-- {
		// The copy is a snapshot: a set on the original (or an inner copy) written
		// after the Clone() in the same function does not reach it (c :=
		// base.Clone(); base.ClientAuth = ...).
		out = slices.DeleteFunc(out, func(s fieldSet) bool { return p.setAfterCall(s, h.clones[k].call) })
		if slices.ContainsFunc(levels[k], func(s fieldSet) bool { return !setUnderCondition(s) }) {
			out = nil // set on the copy whatever the original had
		}
		out = append(out, levels[k]...)
	}
	for _, s := range h.sets {
		if s.field == name {
			out = append(out, s)
		}
	}
	return out
}

// setAfterCall reports whether s, a field set, is written after call c in the
// function that makes the call (not in a function literal of it, which may run at
// any time).
func (p *program) setAfterCall(s fieldSet, c *ast.CallExpr) bool {
	if s.target == nil || s.node.Pos() <= c.End() {
		return false
	}
	i := slices.IndexFunc(p.calls, func(o call) bool { return o.expr == c })
	return i >= 0 && p.calls[i].fn == s.fn
}

// reachesConfig returns which of the configuration h and its copies variable id,
// in fn, may hold: through its assignments or, for a parameter of fn, through the
// arguments of the calls of fn. Each is an index of h.clones (the copy that Clone()
// makes), or len(h.clones) for the original literal.
func (p *program) reachesConfig(pf *pfile, fn ast.Node, id *ast.Ident, h handshakeConfig) []int {
	var levels []int
	has := func(pf *pfile, fn ast.Node, e ast.Expr) {
		out, _, _ := p.handshakeConfigs(pf, fn, e)
		for _, o := range out {
			if o.cfg.expr != h.cfg.expr {
				continue
			}
			for k := range len(h.clones) + 1 {
				if slices.EqualFunc(o.clones, h.clones[k:], func(a, b cloneStep) bool { return a.call == b.call }) && !slices.Contains(levels, k) {
					levels = append(levels, k)
				}
			}
		}
	}
	has(pf, fn, id)
	if len(levels) > 0 {
		return levels
	}
	fd, ok := fn.(*ast.FuncDecl)
	if !ok {
		return nil
	}
	i := slices.Index(paramNames(fd.Type), id.Name)
	if i < 0 {
		return nil
	}
	for _, c := range p.calls {
		if f, ok := p.funcs[p.funcID(c.file, c.expr.Fun)]; ok && f.node == fd && i < len(c.expr.Args) {
			has(c.file, c.fn, c.expr.Args[i])
		}
	}
	return levels
}

// fixedProcs reports whether a GOMAXPROCS value in the environment fixes GOMAXPROCS:
// the runtime uses it only when it parses as a positive integer (strconv.ParseInt,
// base 10, 32 bits) and otherwise keeps its own container-aware value, so "0", a
// negative number or a word does not. A value this audit cannot read (a valueFrom
// of a Secret, a $(VAR) reference, a Helm template action it does not resolve, see
// manifestValues) is taken to be a number.
func fixedProcs(v string) bool {
	if v == "" {
		return false
	}
	if n, err := strconv.ParseInt(v, 10, 32); err == nil {
		return n > 0
	}
	return v == "(valueFrom)" || strings.Contains(v, "$") || strings.Contains(v, "{{")
}

// memoryLimit reads a GOMEMLIMIT value of the environment as the runtime does
// (runtime.readGOMEMLIMIT and its parseByteCount): "" and "off" set no limit, which
// it returns as math.MaxInt64; any other value must be a byte count, a non-negative
// decimal integer (strconv.ParseInt, base 10) with no suffix or one of B, KiB, MiB,
// GiB and TiB, below 2^63 bytes. ok is false for anything else ("450Mi", "1G",
// "512MB", " 1GiB"), which makes every start of the program abort with "fatal
// error: malformed GOMEMLIMIT".
func memoryLimit(v string) (n int64, ok bool) {
	if v == "" || v == "off" {
		return math.MaxInt64, true
	}
	scale, digits := uint64(1), v
	switch {
	case v[len(v)-1] >= '0' && v[len(v)-1] <= '9':
	case len(v) >= 2 && v[len(v)-1] == 'B' && v[len(v)-2] >= '0' && v[len(v)-2] <= '9':
		digits = v[:len(v)-1]
	case len(v) >= 4 && strings.HasSuffix(v, "iB"):
		i := strings.IndexByte("KMGT", v[len(v)-3])
		if i < 0 {
			return 0, false
		}
		scale, digits = uint64(1)<<(10*(i+1)), v[:len(v)-3]
	default:
		return 0, false
	}
	d, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || d < 0 || uint64(d) > math.MaxUint64/scale || uint64(d)*scale > math.MaxInt64 {
		return 0, false
	}
	return int64(uint64(d) * scale), true
}

// minMemoryLimit is the smallest GOMEMLIMIT the audit takes for a limit: the GC's
// smallest heap goal is 4 MiB, so a limit below it (GOMEMLIMIT=512, meant as MiB, is
// bytes) keeps the GC running all the time.
const minMemoryLimit = 4 << 20

// lowMemoryLimit says why a memory limit of n bytes, below minMemoryLimit, that what
// sets (GOMEMLIMIT=512 and where, debug.SetMemoryLimit(512) and where) is wrong.
func lowMemoryLimit(what string, n int64) string {
	return fmt.Sprintf("%s is %d bytes, below the 4 MiB heap the GC starts from: the GC runs all the time and the program barely makes progress", what, n)
}

// memoryUnits matches a GOMEMLIMIT value written with the units of a Kubernetes
// quantity or of everyday use ("450Mi", "1G", "512MB", "2gib"), which the runtime
// refuses: the number and the letter of the unit.
var memoryUnits = regexp.MustCompile(`^\+?([0-9]+)\s*([kKmMgGtT])(?:i|I)?[bB]?$`)

// memorySpelling returns the way to write the refused GOMEMLIMIT value v that the
// runtime accepts ("450MiB" for "450Mi" or "450M"), or "".
func memorySpelling(v string) string {
	m := memoryUnits.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return ""
	}
	return m[1] + strings.ToUpper(m[2]) + "iB"
}

func (a *auditor) checkProcs(p *program) Result {
	return a.skippedProcs(a.checkProcsRead(p))
}

// skippedManifest is a manifest, or the rest of a multi-document one, that
// containers could not parse, why, and the file's text; or a patch file that a
// kustomization names (at named) and that was not read, whose text is not known
// when unseen.
type skippedManifest struct {
	path, err, text string
	unseen          bool
	named           repo.Evidence
}

// skippedProcs makes r UNKNOWN when a manifest that could not be parsed could change
// it: one that names GOMAXPROCS, GOMEMLIMIT or GODEBUG, or a Helm template that
// renders values into the manifest (toYaml, tpl) or into a container's env or
// envFrom list (see rendersEnv), which may set them; and so does a patch file of a
// kustomization that is not in the repository, and a manifest too large to read
// that names them. Where the values of the template's chart name them, the message
// says so. A FAIL stands: what the manifest sets cannot remove a fixed setting found
// elsewhere.
func (a *auditor) skippedProcs(r Result) Result {
	if r.Status == Fail || r.Status == Unknown {
		return r
	}
	var files []string
	var ev []repo.Evidence
	a.containers() // reads the manifests once, noting those it skips
	for _, s := range a.manifestSkipped {
		if !s.unseen && !strings.Contains(s.text, "GOMAXPROCS") && !strings.Contains(s.text, "GOMEMLIMIT") && !strings.Contains(s.text, "GODEBUG") &&
			!strings.Contains(s.text, "toYaml") && !strings.Contains(s.text, "tpl ") && !rendersEnv(s.text) {
			continue
		}
		file := s.path + " (" + s.err + ")"
		if s.named.File != "" {
			ev = append(ev, s.named)
		} else {
			ev = append(ev, a.r.At(s.path, 1))
		}
		if at, key, ok := a.chartValuesName(s.path); ok {
			file = fmt.Sprintf("%s (%s; its chart's values set %s at %s:%d)", s.path, s.err, key, at.File, at.Line)
			ev = append(ev, at)
		}
		files = append(files, file)
	}
	// A manifest too large to read (an all-in-one install with its CRDs) is looked
	// through for the names.
	for _, p := range a.r.TooLarge {
		if ext := path.Ext(p); ext != ".yaml" && ext != ".yml" && ext != ".json" {
			continue
		}
		found, err := a.r.Mentions(p, "apiVersion", "kind", "GOMAXPROCS", "GOMEMLIMIT", "GODEBUG")
		if err != nil || len(found) < 3 || found[0] != "apiVersion" || found[1] != "kind" {
			continue
		}
		why := "too large, not read"
		for _, pr := range a.r.Problems {
			if pr.File == p {
				why = pr.Err
			}
		}
		files = append(files, fmt.Sprintf("%s (%s; it names %s)", p, why, strings.Join(found[2:], ", ")))
		ev = append(ev, a.r.At(p, 1))
	}
	if len(files) == 0 {
		return r
	}
	return Result{Status: Unknown,
		Message:  fmt.Sprintf("a Kubernetes manifest that could not be read or parsed may set GOMAXPROCS, GOMEMLIMIT or GODEBUG for this program: %s; from what was read, %s (%s)", strings.Join(files, ", "), r.Status, r.Message),
		Evidence: append(ev, r.Evidence...),
		Fix:      "Check the environment these manifests give the container (render a Helm chart with helm template and keep the output in the repository to have it audited), or fix the YAML, or keep the patch files a kustomization names in the repository, or split a manifest too large to read (the Deployment in a file of its own)"}
}

// procsKeys matches the variables of the environment that procs judges.
var procsKeys = regexp.MustCompile(`\b(GOMAXPROCS|GOMEMLIMIT|GODEBUG)\b`)

// envKey matches the line of a container's env or envFrom key, with its indent and
// what follows it.
var envKey = regexp.MustCompile(`^(\s*)(?:- )?(?:env|envFrom):(.*)$`)

// rendersEnv reports whether the Helm template text renders a container's env or
// envFrom list from what the manifest does not show: a range, include, template,
// toYaml or tpl action on the key's line or in the lines of its list (more indented,
// or list items at its indent, or actions).
func rendersEnv(text string) bool {
	renders := func(l string) bool {
		if !strings.Contains(l, "{{") {
			return false
		}
		for _, w := range []string{"range ", "include ", "template ", "toYaml", "tpl "} {
			if strings.Contains(l, w) {
				return true
			}
		}
		return false
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		m := envKey.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		if renders(m[2]) {
			return true
		}
		indent := len(m[1])
		for _, next := range lines[i+1:] {
			t := strings.TrimSpace(next)
			in := len(next) - len(strings.TrimLeft(next, " \t"))
			if t != "" && !strings.HasPrefix(t, "{{") && in < indent || in == indent && t != "" && !strings.HasPrefix(t, "-") && !strings.HasPrefix(t, "{{") {
				break
			}
			if renders(t) {
				return true
			}
		}
	}
	return false
}

// chartValuesName returns where the values files of the Helm chart that holds the
// template tpath (values.yaml, values-prod.yaml, beside the nearest Chart.yaml above
// it) first name GOMAXPROCS, GOMEMLIMIT or GODEBUG, and which.
func (a *auditor) chartValuesName(tpath string) (at repo.Evidence, key string, ok bool) {
	for _, p := range a.chartValues(tpath) {
		src, _ := a.r.ReadFile(p)
		for i, l := range strings.Split(string(src), "\n") {
			if k := procsKeys.FindString(l); k != "" && !strings.HasPrefix(strings.TrimSpace(l), "#") {
				return a.r.At(p, i+1), k, true
			}
		}
	}
	return at, "", false
}

// chartDir returns the directory of the Helm chart that holds the template tpath,
// that of the nearest Chart.yaml above it, or false when there is none.
func (a *auditor) chartDir(tpath string) (string, bool) {
	dir := path.Dir(tpath)
	for {
		if _, chart := a.r.ReadFile(path.Join(dir, "Chart.yaml")); chart {
			return dir, true
		}
		if dir == "." || dir == "/" {
			return "", false
		}
		dir = path.Dir(dir)
	}
}

// chartValues returns the values files (values.yaml, values-prod.yaml) of the Helm
// chart that holds the template tpath: those beside the nearest Chart.yaml above it.
func (a *auditor) chartValues(tpath string) []string {
	dir, ok := a.chartDir(tpath)
	if !ok {
		return nil
	}
	var out []string
	for _, p := range a.r.Paths() {
		base := path.Base(p)
		if path.Dir(p) == dir && strings.HasPrefix(base, "values") && (strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml")) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// helmValue matches a Helm template action that renders one value of the chart's
// values, as it is or through quote, squote, toString, trim, int and int64, which
// leave a number a number, and default, whose value stands for an empty one:
// {{ .Values.env.gomaxprocs | quote }}, {{ .Values.grace | default 45 }},
// {{ default 45 .Values.grace }}, {{ int .Values.grace }} ($.Values inside a range
// or with). The submatches are the default before the value, the value's keys and
// the pipes after it.
var helmValue = regexp.MustCompile(`^["']?\{\{-?\s*(?:(?:int|int64|toString|quote|squote|trim)\s+|default\s+("[^"]*"|[^\s"|}]+)\s+)?\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*((?:\|\s*(?:quote|squote|toString|trim|int|int64|default\s+(?:"[^"]*"|[^\s"|}]+))\s*)*)-?\}\}["']?$`)

// helmDefault matches a default in the pipes of a helmValue action.
var helmDefault = regexp.MustCompile(`default\s+("[^"]*"|[^\s"|}]+)`)

// manifestValues returns the values a scalar of the manifest file mpath, held by the
// node v, takes: its own, or for a Helm template action (a string holding {{ }}, or,
// unquoted, the flow mapping YAML reads {{ }} as) that renders a value of the chart's
// values (see helmValue), the value each values file of the chart that sets it gives
// (see chartValues). Another action, or one of a value no values file sets (helm
// renders it empty unless the install passes one), is returned as written: a value
// this audit cannot read.
func (a *auditor) manifestValues(mpath string, v *yaml.Node) []string {
	var out []string
	for _, sv := range a.manifestValuesAt(mpath, v) {
		out = append(out, sv.value)
	}
	return out
}

// sourcedValue is a value manifestValuesAt reads, with the line of the values file
// that sets it (nil for the manifest's own value, or a default its action gives).
// unset marks the action, as written, of a value no values file of the chart sets
// (and no default gives).
type sourcedValue struct {
	value string
	from  *repo.Evidence
	unset bool
}

// manifestValuesAt is manifestValues, with the values file line of each value.
func (a *auditor) manifestValuesAt(mpath string, v *yaml.Node) []sourcedValue {
	own := func(text string) []sourcedValue { return []sourcedValue{{value: text}} }
	text := v.Value
	if v.Kind != yaml.ScalarNode {
		src, _ := a.r.ReadFile(mpath)
		lines := strings.Split(string(src), "\n")
		if v.Line < 1 || v.Line > len(lines) || v.Column < 1 || v.Column > len(lines[v.Line-1])+1 {
			return own("")
		}
		text = strings.TrimSpace(lines[v.Line-1][v.Column-1:])
		end := strings.LastIndex(text, "}}")
		if !strings.HasPrefix(text, "{{") || end < 0 {
			return own("") // a mapping or a list: no string the variable could hold
		}
		text = text[:end+2] // without a comment after it
	}
	if !strings.Contains(text, "{{") {
		return own(text)
	}
	m := helmValue.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return own(text)
	}
	keys := strings.Split(strings.TrimPrefix(m[2], "."), ".")
	def := m[1] // Helm's default stands for an empty value: "", 0, false or none
	if d := helmDefault.FindStringSubmatch(m[3]); d != nil {
		def = d[1]
	}
	def = strings.Trim(def, `"`)
	var out []sourcedValue
	_, inChart := a.chartDir(mpath)
	set := !inChart // some values file sets the value, or cannot be read, or there is no chart
	for _, p := range a.chartValues(mpath) {
		src, _ := a.r.ReadFile(p)
		var doc yaml.Node
		if err := yaml.Unmarshal(src, &doc); err != nil || len(doc.Content) != 1 {
			set = set || err != nil
			continue
		}
		n := doc.Content[0]
		for _, k := range keys {
			n = get(n, k)
		}
		set = set || n != nil
		if n == nil && def != "" && path.Base(p) == "values.yaml" {
			out = append(out, sourcedValue{value: def}) // the chart's own values leave it to the default
			continue
		}
		if n != nil && n.Kind == yaml.ScalarNode {
			value := n.Value
			if n.Tag == "!!null" {
				value = ""
			}
			from := a.r.At(p, n.Line)
			sv := sourcedValue{value: value, from: &from}
			if def != "" && (value == "" || value == "0" || value == "false") {
				sv = sourcedValue{value: def}
			}
			out = append(out, sv)
		}
	}
	if len(out) == 0 && def != "" {
		return own(def)
	}
	if len(out) == 0 {
		return []sourcedValue{{value: text, unset: !set}}
	}
	return out
}

func (a *auditor) checkProcsRead(p *program) Result {
	env, unsure, unread := a.runtimeEnvFrom(p)
	r := a.checkProcsEnv(p, env, unsure)
	if len(unread) == 0 || r.Status == Fail || r.Status == Unknown {
		return r
	}
	// A ConfigMap whose keys are not known may fix GOMAXPROCS or set GOMEMLIMIT.
	var names []string
	var ev []repo.Evidence
	for _, u := range unread {
		names = append(names, fmt.Sprintf("ConfigMap %s (envFrom at %s:%d: %s)", u.key, u.at.File, u.at.Line, u.value))
		ev = append(ev, u.at)
	}
	return Result{Status: Unknown,
		Message:  fmt.Sprintf("a Kubernetes container that may run this program takes its environment from a ConfigMap whose keys this audit does not know, which may set GOMAXPROCS, GOMEMLIMIT or GODEBUG: %s; from what was read, %s (%s)", strings.Join(dedupe(names), ", "), r.Status, r.Message),
		Evidence: append(ev, r.Evidence...),
		Fix:      "Keep the ConfigMap in the repository (a ConfigMap manifest, or a kustomize configMapGenerator with literals or an env file) so that it is audited, or check that it sets no fixed GOMAXPROCS and no GODEBUG=containermaxprocs=0"}
}

// checkProcsEnv is the procs verdict of p with env as its environment, and unsure
// the entries of containers that may run it (see runtimeEnv).
func (a *auditor) checkProcsEnv(p *program, env, unsure []setting) Result {
	r := a.judgeProcs(p, env)
	if len(unsure) == 0 {
		return r
	}
	// Containers tied to no main package, when none is tied to p: judged both ways.
	// env is then the images' alone, whose values the containers' replace.
	with := a.judgeProcs(p, append(imageEnvUnder(env, [][]setting{unsure}), unsure...))
	if with.Status == r.Status {
		return r
	}
	var at []string
	for _, e := range unsure {
		if e.key == "GOMAXPROCS" || e.key == "GOMEMLIMIT" || e.key == "GODEBUG" {
			at = append(at, fmt.Sprintf("%s:%d", e.at.File, e.at.Line))
		}
	}
	label := p.main.Dir()
	if label == "." {
		label = "the main package at the module root"
	}
	return Result{Status: Unknown,
		Message:  fmt.Sprintf("this depends on the environment set at %s, in Kubernetes containers whose name and image tie them to no main package: if one of them runs %s, %s (%s); if not, %s (%s)", strings.Join(dedupe(at), ", "), label, with.Status, with.Message, r.Status, r.Message),
		Evidence: append(slices.Clone(r.Evidence), with.Evidence...),
		Fix:      "Check which of these containers runs " + label + ", or name its container or image " + mainNames(p.main, a.r.Mains)[0] + " so that the audit can tell"}
}

// judgeProcs is the procs verdict of p with env as the environment of its process.
func (a *auditor) judgeProcs(p *program, env []setting) Result {
	fix := "gonew-prod add procs: GOMEMLIMIT from the cgroup memory limit (automemlimit) and the runtime's own container-aware GOMAXPROCS (go 1.25+)."
	m := p.main.Package.Module
	var bad, ev, frozen []repo.Evidence
	var problems []string
	// GOMAXPROCS
	cpu := false
	var goLine []repo.Evidence // the go line that governs the module
	goWhy := "the go line is below 1.25"
	var unsure []repo.Evidence // GOWORK settings that may build main with go.mod's lines
	var unsureWhy string
	unsureLine := false  // only the go line is unsure: automaxprocs makes up for it
	if p.badMod != nil { // its go line is not known: see modGuard
		cpu, goLine = !p.goOld, []repo.Evidence{a.r.At(p.badMod.File, 1)}
		goWhy = "before go 1.25 the runtime does not read it"
		if cpu {
			ev = append(ev, goLine...)
		}
	}
	var directives []placedSetting // main's //go:debug lines, which override go.mod's and go.work's
	for _, f := range p.main.Package.Files {
		for _, g := range f.GoDebug {
			directives = append(directives, placedSetting{g, a.r.At(f.Path, g.Line)})
		}
	}
	var frozenWhy string // why updatemaxprocs is 0 when no line sets it
	knows := false       // the toolchain surely knows containermaxprocs (procsGo.knows)
	var baseFrozen []repo.Evidence
	var baseFrozenWhy string
	if m != nil && p.badMod == nil {
		ws := a.procsModule(m, false, directives)
		cpu, goLine, bad, problems, frozen, frozenWhy = ws.cpu, ws.goLine, ws.bad, ws.problems, ws.frozen, ws.frozenWhy
		knows, baseFrozen, baseFrozenWhy = ws.knows, ws.baseFrozen, ws.baseFrozenWhy
		if cpu {
			ev = append(ev, goLine...)
		}
		if a.r.InWork(m) {
			// A build outside the workspace (GOWORK=off) is governed by go.mod's go and
			// godebug lines instead of go.work's.
			off, maybe := p.workOff, p.workUnsure
			alone := a.procsModule(m, true, directives)
			knows = knows && alone.knows
			inMod := func(e repo.Evidence) bool { return e.File == path.Join(m.Dir, "go.mod") }
			outside := func(at repo.Evidence) string {
				return fmt.Sprintf(" in go.mod, which the build at %s:%d uses (it runs outside the workspace)", at.File, at.Line)
			}
			switch {
			case len(off) > 0:
				// main's //go:debug lines, in both, are cited once
				for i, why := range alone.problems {
					if inMod(alone.bad[i]) {
						problems, bad = append(problems, why+outside(off[0])), append(bad, alone.bad[i])
					}
				}
				for _, e := range alone.frozen {
					if inMod(e) || !slices.Contains(frozen, e) {
						frozen = append(frozen, e)
					}
				}
				if frozenWhy == "" {
					frozenWhy = alone.frozenWhy
				}
				if !alone.cpu && cpu {
					cpu, goLine, ev = false, alone.goLine, nil
					goWhy = "the go line is below 1.25" + outside(off[0])
				}
			case len(maybe) > 0 && len(alone.bad) > 0:
				unsure, unsureWhy = append(maybe, alone.bad...), alone.problems[0]
			case len(maybe) > 0 && !alone.cpu && cpu:
				unsure, unsureWhy, unsureLine = append(maybe, alone.goLine...), "the go line is below 1.25", true
			}
		}
	}
	if m == nil || p.badMod != nil { // no go.mod lines to settle them with
		for _, g := range directives {
			knows = knows || g.Key == "containermaxprocs" || g.Key == "updatemaxprocs"
			if why := procsDebug(g.Setting); why != "" {
				bad = append(bad, g.at)
				problems = append(problems, why)
			} else if g.Key == "updatemaxprocs" && g.Value == "0" {
				frozen = append(frozen, g.at)
			}
		}
	}
	linesBad := len(bad)      // bad[:linesBad] (and problems[:linesBad]) are what the lines turn off
	var optIn []repo.Evidence // a runtime.GOMAXPROCS(n) that runs only when n is asked for, and its condition
	for _, c := range p.callsTo("runtime", "GOMAXPROCS") {
		if len(c.expr.Args) != 1 || p.belowOne(c.expr.Args[0]) {
			continue
		}
		if cond := p.askedFor(c); cond != nil {
			optIn = append(optIn, p.at(cond), p.at(c.expr))
			continue
		}
		bad = append(bad, p.at(c.expr))
		problems = append(problems, "runtime.GOMAXPROCS(n) fixes GOMAXPROCS: it no longer follows the CPU limit")
	}
	var automaxprocs []repo.Evidence // automaxprocs where the runtime does better by itself
	if s := p.setsMaxProcs(); len(s) > 0 {
		if cpu {
			automaxprocs = append(automaxprocs, p.at(s[0].node))
		} else {
			ev = append(ev, p.at(s[0].node))
		}
		cpu = true
	}
	envOn, envUpdate := false, false // the environment turns the container-aware GOMAXPROCS on; sets updatemaxprocs
	for _, e := range env {
		if e.key == "GOMAXPROCS" && e.value == procsFromLimit && !cpu {
			cpu = true // the container's CPU limit, as the runtime of go 1.25+ reads it
			ev = append(ev, e.at)
		}
		if e.key == "GOMAXPROCS" && fixedProcs(e.value) {
			bad = append(bad, e.at)
			problems = append(problems, "GOMAXPROCS is set to a fixed value: it no longer follows the CPU limit")
		}
		if e.key != "GODEBUG" {
			continue
		}
		// GODEBUG overrides the binary's settings at run time, for the keys its
		// toolchain knows: containermaxprocs=1 there counts only where the toolchain
		// surely knows it (knows), as one below go1.25 ignores it (a godebug line
		// naming it makes the go command of such a toolchain refuse the build
		// instead). An updatemaxprocs there is known wherever the lines turned the
		// container-aware GOMAXPROCS on.
		switch v, ok := godebugValue(e.value, "containermaxprocs"); {
		case ok && v == "0":
			bad = append(bad, e.at)
			problems = append(problems, "GODEBUG=containermaxprocs=0 turns off the container-aware GOMAXPROCS")
		case ok && v == "1" && knows && linesBad >= 0:
			// over the lines' containermaxprocs=0 or default=go1.N
			bad, problems, linesBad = bad[linesBad:], problems[linesBad:], -1
			if !cpu {
				cpu, envOn = true, true
				ev = append(ev, e.at)
			}
		}
		switch v, ok := godebugValue(e.value, "updatemaxprocs"); {
		case ok && v == "0":
			frozen, envUpdate = append(frozen, e.at), true
		case ok:
			frozen, frozenWhy, envUpdate = nil, "", true // the environment's value wins over every line's
		}
	}
	if envOn && !envUpdate && len(frozen) == 0 {
		// turned on by the environment alone, with updatemaxprocs=0 of the version
		frozen, frozenWhy = baseFrozen, baseFrozenWhy
	}
	// GOMEMLIMIT
	// The automemlimit package sets the limit in its init, which runs wherever it is
	// imported; its memlimit package and debug.SetMemoryLimit only where main's flow
	// calls them.
	// GOMEMLIMIT=off (or empty, or math.MaxInt64) means no limit, and automemlimit
	// leaves a GOMEMLIMIT that is set alone, so that it sets none either.
	// A value the runtime refuses stops the program at start (see memoryLimit), and
	// so does, in effect, one the Downward API gives in units other than bytes: the
	// runtime reads the number as bytes, a limit the GC cannot keep.
	var mem, unlimited, unresolved, badMem []repo.Evidence
	var memProblems, memFixes []string
	for _, e := range env {
		if e.key != "GOMEMLIMIT" {
			continue
		}
		v := e.value
		if divisor, ok := strings.CutPrefix(v, memDivided); ok {
			divisor = strings.TrimSuffix(divisor, ")")
			badMem = append(badMem, e.at)
			memProblems = append(memProblems, fmt.Sprintf("GOMEMLIMIT from the Downward API's resourceFieldRef (%s:%d) has the divisor %s: the container gets the memory in units of %s, which the runtime reads as bytes, a limit so low that the GC runs all the time", e.at.File, e.at.Line, divisor, divisor))
			memFixes = append(memFixes, "drop the divisor of the resourceFieldRef that sets GOMEMLIMIT (or set it to 1): GOMEMLIMIT takes bytes")
			continue
		}
		if v == memFromLimit || v == "(valueFrom)" {
			mem = append(mem, e.at)
			continue
		}
		if strings.Contains(v, "$") || strings.Contains(v, "{{") {
			// ${MEM} of an ARG without a value (or a global one the stage does not
			// declare) is empty in the image, unless a build this audit does not
			// see passes one; so is a Helm value no values file of the chart sets,
			// unless the install passes one.
			unresolved = append(unresolved, e.at)
			continue
		}
		switch n, ok := memoryLimit(v); {
		case !ok:
			badMem = append(badMem, e.at)
			memProblems = append(memProblems, fmt.Sprintf("GOMEMLIMIT=%s (%s:%d) is malformed: the runtime takes a number of bytes with an optional B, KiB, MiB, GiB or TiB suffix (or off), and aborts every start with \"fatal error: malformed GOMEMLIMIT\"", v, e.at.File, e.at.Line))
			if good := memorySpelling(v); good != "" {
				memFixes = append(memFixes, "write GOMEMLIMIT="+v+" as "+good)
			} else {
				memFixes = append(memFixes, "write GOMEMLIMIT="+v+" as a number of bytes with an optional B, KiB, MiB, GiB or TiB suffix (400MiB)")
			}
		case n == math.MaxInt64:
			unlimited = append(unlimited, e.at)
		case n < minMemoryLimit:
			badMem = append(badMem, e.at)
			memProblems = append(memProblems, lowMemoryLimit(fmt.Sprintf("GOMEMLIMIT=%s (%s:%d)", v, e.at.File, e.at.Line), n))
			if strings.Trim(v, "0123456789") == "" {
				memFixes = append(memFixes, "write GOMEMLIMIT="+v+" with its unit ("+v+"MiB): without one the runtime reads bytes")
			} else {
				memFixes = append(memFixes, "set GOMEMLIMIT to about 90 % of the container's memory limit, with its unit (400MiB)")
			}
		default:
			mem = append(mem, e.at)
		}
	}
	if len(unlimited) == 0 {
		for _, s := range p.imports["github.com/KimMachineGun/automemlimit"] {
			mem = append(mem, p.at(s.node))
		}
	}
	var maybeLow, maybeNone []limitCall // debug.SetMemoryLimit calls whose limit cannot be told
	for _, c := range p.calls {
		automem := c.pkg == "github.com/KimMachineGun/automemlimit/memlimit" && (c.name == "Set" || strings.HasPrefix(c.name, "SetGoMemLimit"))
		debugLimit := c.pkg == "runtime/debug" && c.name == "SetMemoryLimit" && len(c.expr.Args) == 1
		if !(automem && len(unlimited) == 0 || debugLimit) || !p.runs(c.site) {
			continue
		}
		if !debugLimit {
			mem = append(mem, p.at(c.expr))
			continue
		}
		switch l := p.limitSet(c); {
		case l.none:
		case l.low:
			// the same limit as GOMEMLIMIT=512: bytes, below the GC's smallest heap goal
			badMem = append(badMem, l.at...)
			memProblems = append(memProblems, l.why)
			memFixes = append(memFixes, "give debug.SetMemoryLimit a number of bytes, about 90 % of the container's memory limit, with its unit (400 << 20 for 400 MiB)")
		case l.why == "":
			mem = append(mem, l.at[0])
		case l.maybeLow:
			maybeLow = append(maybeLow, l)
		default:
			maybeNone = append(maybeNone, l)
		}
	}
	if len(bad) > 0 || len(badMem) > 0 {
		var fixes []string
		if len(bad) > 0 {
			fixes = append(fixes, "Remove the fixed setting and let go 1.25+ follow the container's CPU limit, or run "+fix)
		}
		for _, f := range dedupe(memFixes) {
			fixes = append(fixes, strings.ToUpper(f[:1])+f[1:]+".")
		}
		return Result{Status: Fail, Message: strings.Join(dedupe(append(problems, memProblems...)), "; "), Evidence: append(bad, badMem...), Fix: strings.Join(fixes, " ")}
	}
	if len(unsure) > 0 && !(unsureLine && len(p.setsMaxProcs()) > 0) {
		return Result{Status: Unknown, Message: "GOMAXPROCS: " + workMaybeOff + " uses go.mod, where " + unsureWhy + ", so it ignores the container CPU limit", Evidence: unsure, Fix: "Give go.mod the go and godebug lines of go.work (go 1.25 or later), or build in the workspace (keep the go.work in the build's context and GOWORK unset)"}
	}
	if len(optIn) > 0 {
		return Result{Status: Unknown, Message: fmt.Sprintf("runtime.GOMAXPROCS(n) at %s:%d runs only when the condition at %s:%d holds, with a value read from it (an override an operator asks for, a flag or a variable): without it GOMAXPROCS follows the CPU limit, with it the value is fixed; check that no deployment sets it", optIn[1].File, optIn[1].Line, optIn[0].File, optIn[0].Line), Evidence: optIn[:2], Fix: "Leave GOMAXPROCS to the go 1.25+ runtime, which follows the container's CPU limit (drop the override), or run " + fix}
	}
	// A memory limit this audit cannot tell is UNKNOWN, unless GOMAXPROCS is surely
	// WARN: that WARN is kept, naming the doubt too.
	var doubt string // why, where and what to do of a memory limit that cannot be told
	var doubtAt []repo.Evidence
	var doubtFix string
	unsureMem := maybeLow // a limit below 4 MiB overrides any other
	if len(mem) == 0 {
		unsureMem = append(unsureMem, maybeNone...)
	}
	if len(unsureMem) > 0 {
		var why []string
		var at []repo.Evidence
		for _, l := range unsureMem {
			why, at = append(why, l.why), append(at, l.at...)
		}
		doubt, doubtAt = strings.Join(why, "; "), at
		doubtFix = "Give debug.SetMemoryLimit a limit of at least 4 MiB on every path that calls it (about 90 % of the container's memory limit, 400 << 20 for 400 MiB), or set GOMEMLIMIT in the image or manifests"
	} else if len(mem) == 0 && len(unresolved) > 0 {
		doubt, doubtAt = "GOMEMLIMIT is set from a variable with no value where it is set (a build argument, or a Helm value that no values file of the chart sets), which leaves it empty (no memory limit) unless a build or install this audit does not see passes one", unresolved
		doubtFix = "Give the build argument that the ENV reads a default and declare it in the final stage (ARG GOMEMLIMIT=400MiB before ENV GOMEMLIMIT=${GOMEMLIMIT}; an ARG alone sets nothing in the image), or set the value in the chart's values.yaml"
	}
	var warn []string
	if len(automaxprocs) > 0 {
		warn = append(warn, "go.uber.org/automaxprocs calls runtime.GOMAXPROCS at start, which turns off the runtime's own container-aware GOMAXPROCS (go 1.25+) that follows the CPU limit as it changes; it also rounds down")
		ev = append(ev, automaxprocs...)
		fix = "Remove go.uber.org/automaxprocs: with go 1.25 or later the runtime follows the container's CPU limit by itself."
	}
	if len(frozen) > 0 && cpu {
		why := "updatemaxprocs=0"
		if frozenWhy != "" && len(frozen) == 1 {
			why = frozenWhy
		}
		warn = append(warn, why+" sets GOMAXPROCS from the CPU limit at start only: a limit changed later is not followed")
		ev = append(ev, frozen...)
	}
	if !cpu {
		warn = append(warn, "GOMAXPROCS ignores the container CPU limit: "+goWhy+" and automaxprocs is not used, so a throttled container runs one thread per host CPU")
		ev = append(ev, goLine...)
	}
	if doubt != "" && len(warn) == 0 {
		return Result{Status: Unknown, Message: doubt, Evidence: doubtAt, Fix: doubtFix + ", or run " + fix}
	}
	if doubt != "" {
		return Result{Status: Warn, Message: strings.Join(warn, "; ") + "; the memory limit cannot be told: " + doubt, Evidence: append(ev, doubtAt...), Fix: fix + " " + doubtFix + "."}
	}
	if len(mem) == 0 && len(unlimited) > 0 {
		warn = append(warn, "no memory limit: GOMEMLIMIT is set to off (or empty), which sets none and makes automemlimit set none either, so the GC does not see the container limit until the OOM killer does")
		ev = append(ev, unlimited...)
	} else if len(mem) == 0 {
		warn = append(warn, "no memory limit: without GOMEMLIMIT (automemlimit, debug.SetMemoryLimit or the GOMEMLIMIT variable) the GC does not see the container limit until the OOM killer does")
		ev = append(ev, p.mainAt())
	} else {
		ev = append(ev, mem[0])
	}
	if len(warn) > 0 {
		return Result{Status: Warn, Message: strings.Join(warn, "; "), Evidence: ev, Fix: fix, Missing: len(mem) == 0}
	}
	return Result{Status: Pass, Message: "GOMAXPROCS follows the CPU limit and a memory limit is set", Evidence: ev}
}

// procsGo is what the go and godebug lines that govern a module's build say of
// GOMAXPROCS: cpu when the runtime follows the container's CPU limit
// (containermaxprocs is not 0), the go line, and the settings that turn that off
// (bad, with why) or freeze it at start (frozen, with frozenWhy when it is the go
// line's default rather than a setting).
type procsGo struct {
	cpu bool
	// knows is whether the toolchain that builds the module surely knows
	// containermaxprocs, so that GODEBUG in the environment overrides it: the go line
	// is 1.25 or later, or a line names that key or updatemaxprocs (the go command
	// below go1.25 refuses such a line).
	knows bool
	// baseFrozen (with baseFrozenWhy) is where updatemaxprocs=0 comes from when no line
	// sets it and the go line's (or default='s) version is below go1.25, whether or not
	// the lines turn the container-aware GOMAXPROCS on: GODEBUG in the environment may.
	baseFrozen    []repo.Evidence
	baseFrozenWhy string
	goLine        []repo.Evidence
	bad, frozen   []repo.Evidence
	problems      []string
	frozenWhy     string
}

// placedSetting is a godebug setting and where it is written.
type placedSetting struct {
	repo.Setting
	at repo.Evidence
}

// procsModule reads the lines that govern m's build: go.work's in workspace mode, or,
// when alone asks for a build outside the workspace, m's own go.mod; then the
// //go:debug directives of the main package, which override them.
// It settles containermaxprocs and updatemaxprocs as the go command builds its
// DefaultGODEBUG: the last setting of a key wins, and a key no line sets takes the
// value of the go line's version, or of the version a default= line names (below
// go1.25 both are 0). So containermaxprocs=1 turns the container-aware GOMAXPROCS on
// under a go 1.24 line, and containermaxprocs=0 turns it off whatever the go line.
func (a *auditor) procsModule(m *repo.Module, alone bool, directives []placedSetting) procsGo {
	g := governing(a.r, m, alone) // in workspace mode, go.work's godebug lines apply, not go.mod's
	var out procsGo
	out.goLine = []repo.Evidence{a.r.At(g.goFile, g.goLine)}
	var all []placedSetting
	for _, st := range g.settings {
		all = append(all, placedSetting{st, a.r.At(g.debugFile, st.Line)})
	}
	last := map[string]placedSetting{}
	for _, st := range append(all, directives...) {
		last[st.Key] = st
	}
	base, baseAt := "go"+g.goVer, out.goLine
	def, byDefault := last["default"]
	if byDefault && version.IsValid(def.Value) {
		base, baseAt = def.Value, []repo.Evidence{def.at}
	} else {
		byDefault = false
	}
	old := !version.IsValid(base) || version.Compare(base, "go1.25") < 0
	_, namesCPU := last["containermaxprocs"]
	_, namesUpdate := last["updatemaxprocs"]
	out.knows = namesCPU || namesUpdate || version.IsValid("go"+g.goVer) && version.Compare("go"+g.goVer, "go1.25") >= 0
	if st, ok := last["containermaxprocs"]; ok {
		out.cpu = st.Value != "0"
		if !out.cpu {
			out.bad = append(out.bad, st.at)
			out.problems = append(out.problems, "containermaxprocs=0 turns off the container-aware GOMAXPROCS")
		}
	} else {
		out.cpu = !old
		if old && byDefault {
			out.bad = append(out.bad, def.at)
			out.problems = append(out.problems, "godebug default="+def.Value+" restores the settings of "+def.Value+", containermaxprocs=0 among them: GOMAXPROCS ignores the container CPU limit")
		}
	}
	if st, ok := last["updatemaxprocs"]; ok {
		if st.Value == "0" {
			out.frozen = append(out.frozen, st.at)
		}
	} else if old {
		out.baseFrozen = baseAt
		out.baseFrozenWhy = "updatemaxprocs=0 (the default below go1.25, which no godebug line changes)"
		if byDefault {
			out.baseFrozenWhy = "updatemaxprocs=0 (the default of godebug default=" + def.Value + ", which no godebug line changes)"
		}
		if out.cpu {
			out.frozen, out.frozenWhy = append(out.frozen, baseAt...), out.baseFrozenWhy
		}
	}
	return out
}

// extraction is what this audit can tell of a TextMapPropagator: that it may
// extract the trace context of a request, that it surely extracts none (only
// baggage, or nothing), that it extracts none on some paths only, or none of these.
type extraction int

const (
	extractsTrace extraction = iota
	extractsNone
	extractsSomePaths
	extractsUnknown
)

// extractionOf tells e, a propagator written in function fn of file pf, with the
// node that decides when it is not extractsTrace: propagation.Baggage{} extracts
// none, and so does a composite (propagation.NewCompositeTextMapPropagator) of
// nothing else; a composite with one that may extract trace context may, and one
// given a spread slice cannot be told. A local variable is judged by the values that
// may reach it where it is read (see reachingDefs), a package-level one by what it is
// assigned (see globalAssigned), a call of a function of the program by what its
// return statements give (a parameter returned as is being the call's argument for
// it): all of them extracting none extracts none, some of them extracts none on some
// paths, and one that cannot be told cannot be told. A field (t.Propagator) may hold
// any value the program gives a field of its name (see keyedOf, setsOf), and a
// slice spread into a composite the elements of its literal. A parameter, a method,
// the zero value of the interface and anything else this audit cannot follow cannot
// be told; another literal and a call of another package (b3.New(),
// autoprop.NewTextMapPropagator()) may extract.
func (p *program) extractionOf(pf *pfile, fn ast.Node, e ast.Expr, depth int) (extraction, ast.Node) {
	const otelProp = "go.opentelemetry.io/otel/propagation"
	if depth > 8 || pf == nil {
		return extractsUnknown, e
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		pkg, name, ok := pf.qualified(x.Type)
		switch {
		case ok && pkg == otelProp && name == "Baggage":
			return extractsNone, x
		case ok && pkg == otelProp && name == "TextMapPropagator": // var prop propagation.TextMapPropagator: nil
			return extractsUnknown, x
		}
		return extractsTrace, nil
	case *ast.UnaryExpr: // &propagation.Baggage{}
		if x.Op != token.AND {
			return extractsUnknown, x
		}
		return p.extractionOf(pf, fn, x.X, depth+1)
	case *ast.CallExpr:
		if pkg, name, ok := pf.qualified(x.Fun); ok {
			if pkg != otelProp || name != "NewCompositeTextMapPropagator" {
				return extractsTrace, nil
			}
			args := x.Args
			if x.Ellipsis.IsValid() {
				elems, ok := p.spreadElems(fn, args[len(args)-1])
				if !ok {
					return extractsUnknown, x
				}
				args = append(slices.Clip(args[:len(args)-1]), elems...)
			}
			v, n := extractsNone, ast.Node(x)
			for _, a := range args {
				switch w, m := p.extractionOf(pf, fn, a, depth+1); {
				case w == extractsTrace:
					return extractsTrace, nil
				case w == extractsSomePaths, w == extractsUnknown && v != extractsSomePaths:
					v, n = w, m
				}
			}
			return v, n
		}
		return p.returnedExtraction(pf, fn, x, depth)
	case *ast.Ident:
		if owner, defs, param := p.declaring(fn, x.Name); owner != nil {
			if param >= 0 || len(defs) == 0 {
				return extractsUnknown, x
			}
			return extractionOf(p.reachingDefs(fn, x), x, func(d ast.Expr) (extraction, ast.Node) {
				dpf, dfn := p.enclosing(d.Pos())
				return p.extractionOf(dpf, dfn, d, depth+1)
			})
		}
		values, changed, ok := p.globalAssigned(pf, fn, x)
		if !ok || changed != nil {
			return extractsUnknown, x
		}
		return extractionOf(values, x, func(v assigned) (extraction, ast.Node) {
			return p.extractionOf(v.file, v.fn, v.e, depth+1)
		})
	case *ast.SelectorExpr:
		if _, _, qualified := pf.qualified(x); qualified {
			return extractsUnknown, x
		}
		// A field: any value the program gives a field of that name, in a composite
		// literal or by an assignment; one that copies the field of another struct
		// (Propagator: tel.Propagator) holds one of those values already.
		var values []fieldSet
		for _, fs := range append(p.keyedOf(x.Sel.Name), p.setsOf(x.Sel.Name)...) {
			if sel, ok := unparen(fs.value).(*ast.SelectorExpr); !ok || sel.Sel.Name != x.Sel.Name {
				values = append(values, fs)
			}
		}
		return extractionOf(values, x, func(fs fieldSet) (extraction, ast.Node) {
			return p.extractionOf(fs.file, fs.fn, fs.value, depth+1)
		})
	}
	return extractsUnknown, e
}

// spreadElems returns the elements of e, a slice spread into a call (props...)
// written in function fn: those of a slice literal, directly or as every value of
// a local variable that may reach there. ok is false for anything else.
func (p *program) spreadElems(fn ast.Node, e ast.Expr) (elems []ast.Expr, ok bool) {
	values := []ast.Expr{e}
	if id, isID := unparen(e).(*ast.Ident); isID {
		if owner, defs, param := p.declaring(fn, id.Name); owner == nil || param >= 0 || len(defs) == 0 {
			return nil, false
		}
		values = p.reachingDefs(fn, id)
	}
	for _, v := range values {
		cl, isLit := unparen(v).(*ast.CompositeLit)
		if !isLit {
			return nil, false
		}
		elems = append(elems, cl.Elts...)
	}
	return elems, true
}

// unsureExtraction says why a propagator that extractionOf tells as v (on some paths,
// or unknown) with the node n is neither extracting nor not.
func (p *program) unsureExtraction(v extraction, n ast.Node) string {
	at := p.at(n)
	if e, ok := n.(ast.Expr); ok && v == extractsSomePaths {
		return fmt.Sprintf("which extracts no trace context on some paths: it may be %s (%s:%d)", types.ExprString(e), at.File, at.Line)
	}
	return fmt.Sprintf("which this audit cannot follow past %s:%d", at.File, at.Line)
}

// returnedExtraction tells c, a call written in function fn of file pf, when it calls
// a function of the program with one result: what each of its return statements
// gives, a parameter returned as is being the call's argument for it. Any other call
// cannot be told.
func (p *program) returnedExtraction(pf *pfile, fn ast.Node, c *ast.CallExpr, depth int) (extraction, ast.Node) {
	d, ok := p.funcs[p.funcID(pf, unparen(c.Fun))]
	if !ok || d.node.Body == nil || d.node.Type.Results == nil || len(fieldTypes(d.node.Type.Results)) != 1 {
		return extractsUnknown, c
	}
	return extractionOf(returns(d.node.Body), c, func(r *ast.ReturnStmt) (extraction, ast.Node) {
		if len(r.Results) != 1 {
			return extractsUnknown, r
		}
		if id, isID := unparen(r.Results[0]).(*ast.Ident); isID {
			if owner, defs, param := p.declaring(d.node, id.Name); owner == ast.Node(d.node) && len(defs) == 0 && param >= 0 {
				if param >= len(c.Args) || c.Ellipsis.IsValid() || isVariadic(d.node.Type) && param >= len(fieldTypes(d.node.Type.Params))-1 {
					return extractsUnknown, c
				}
				return p.extractionOf(pf, fn, c.Args[param], depth+1)
			}
		}
		return p.extractionOf(d.file, d.node, r.Results[0], depth+1)
	})
}

// extractionOf tells a propagator that may be any of values, each as judge tells
// it: extractsNone when every one extracts none, with the first; extractsTrace when
// every one may extract; extractsSomePaths when one extracts none on a path of its
// own, with it; else it cannot be told, with the first value that cannot. No values
// cannot be told either, with at.
func extractionOf[T any](values []T, at ast.Node, judge func(T) (extraction, ast.Node)) (extraction, ast.Node) {
	if len(values) == 0 {
		return extractsUnknown, at
	}
	none, trace := 0, 0
	var first, unknown ast.Node
	for _, x := range values {
		switch w, m := judge(x); w {
		case extractsNone, extractsSomePaths:
			if none++; first == nil {
				first = m
			}
			if w == extractsSomePaths {
				none = len(values) + 1
			}
		case extractsTrace:
			trace++
		default:
			if unknown == nil {
				unknown = m
			}
		}
	}
	switch {
	case none == len(values):
		return extractsNone, first
	case trace == len(values):
		return extractsTrace, nil
	case none > 0:
		return extractsSomePaths, first
	}
	return extractsUnknown, unknown
}

// ownPropagators returns the propagators the tracing middleware call c is given of
// its own, which replace the global ones for what it wraps: the argument of its
// package's WithPropagators option or the Propagators field of its package's Config
// literal (echo-opentelemetry), found as middlewareOptions finds them.
func (p *program) ownPropagators(c call) []ast.Expr {
	var out []ast.Expr
	for _, o := range p.middlewareOptions(c, "WithPropagators", "Propagators") {
		if x, ok := o.(*ast.CallExpr); ok {
			if len(x.Args) == 1 {
				out = append(out, x.Args[0])
			}
			continue
		}
		out = append(out, o)
	}
	return out
}

// otelDistros are packages of other modules known to set the global TracerProvider
// themselves (OpenTelemetry distributions and their configuration helpers).
var otelDistros = []string{
	"github.com/honeycombio/otel-config-go/otelconfig",
	"github.com/lightstep/otel-launcher-go/launcher",
	"github.com/uptrace/uptrace-go/uptrace",
	"github.com/signalfx/splunk-otel-go/distro",
}

// telemetryImport matches the import paths of packages that may set up OpenTelemetry.
var telemetryImport = regexp.MustCompile(`(?i)otel|telemetry|tracing|tracer|observability|instrumentation`)

// providerVerdict is what tracerProvider tells: Pass, or the status, message,
// evidence and the start of the fix of the otel result.
type providerVerdict struct {
	status       Status
	message, fix string
	ev           []repo.Evidence
}

// tracerProvider judges whether the spans of the tracing middleware are recorded:
// without a TracerProvider set (otel.SetTracerProvider in code main's flow reaches,
// or the middleware's own WithTracerProvider option on every call of it, when every
// use of the middleware is such a call) the middleware records on the global no-op
// provider, so no span is recorded or exported (WARN); a provider set that the SDK's
// NewTracerProvider builds with no span processor (see unprocessedProviders) records
// spans and drops them (WARN), and so does one that the function setting it shuts
// down when it returns (see shutOnReturn). An OpenTelemetry distribution
// known to set it (see otelDistros) counts; a package of another module whose path
// names telemetry or tracing (see telemetryImport), outside go.opentelemetry.io and
// the middleware packages, may set it in code this audit does not read (UNKNOWN).
func (p *program) tracerProvider(middleware map[string][]string, isMiddleware func(*pfile, ast.Node) bool, every bool) providerVerdict {
	var dead, unexported, unsampled, closed []repo.Evidence
	set := false
	for _, c := range p.callsTo("go.opentelemetry.io/otel", "SetTracerProvider") {
		if !p.runs(c.site) {
			dead = append(dead, p.at(c.expr))
			continue
		}
		if never := p.unsampledProviders(c); len(never) > 0 {
			set, unsampled = true, append(unsampled, never...)
			continue
		}
		if sd := p.shutOnReturn(c); sd != nil {
			set, closed = true, append(closed, p.at(sd), p.at(c.expr))
			continue
		}
		built := p.unprocessedProviders(c)
		if len(built) == 0 {
			return providerVerdict{status: Pass}
		}
		set, unexported = true, append(unexported, built...)
	}
	calls, given := 0, 0
	for _, c := range p.calls {
		if _, ok := middleware[c.pkg]; !ok || !isMiddleware(c.file, c.expr.Fun) || !p.runs(c.site) {
			continue
		}
		calls++
		if len(p.middlewareOptions(c, "WithTracerProvider", "TracerProvider")) > 0 {
			given++
		}
	}
	if every && calls > 0 && given == calls {
		return providerVerdict{status: Pass}
	}
	if set && len(closed) > 0 {
		return providerVerdict{status: Warn, message: "tracing middleware is installed but the TracerProvider set is shut down when the function that sets it returns (a deferred Shutdown there), before anything is served: a provider shut down hands out no-op tracers and drops its span processors, so no span is recorded or exported", fix: "Shut the TracerProvider down when main returns (return it, or its Shutdown, to main and defer it there), or run ", ev: closed}
	}
	if set && len(unsampled) > 0 {
		return providerVerdict{status: Warn, message: "tracing middleware is installed but the TracerProvider set samples no span (sdktrace.WithSampler of NeverSample, or TraceIDRatioBased of zero or less): no span is recorded or exported", fix: "Sample some traces (sdktrace.ParentBased(sdktrace.TraceIDRatioBased(0.1)), or the sampler from OTEL_TRACES_SAMPLER when WithSampler is left out), or run ", ev: unsampled}
	}
	if set {
		return providerVerdict{status: Warn, message: "tracing middleware is installed but the TracerProvider set is built by sdktrace.NewTracerProvider without a span processor or exporter (no WithBatcher, WithSyncer or WithSpanProcessor, nor RegisterSpanProcessor): spans are recorded and then dropped, so none is exported", fix: "Give the TracerProvider an exporter (sdktrace.WithBatcher(exporter), the exporter from the OTEL_* variables with autoexport), or run ", ev: unexported}
	}
	for _, d := range otelDistros {
		if s := p.importsOf(d); len(s) > 0 {
			return providerVerdict{status: Pass}
		}
	}
	var ips []string
	for ip := range p.imports {
		if _, mw := middleware[ip]; !mw && !slices.Contains([]string{otelhttp, otelgin, echootel, otelmux, otelchi}, ip) && !p.inProgram(ip) && !strings.HasPrefix(ip, "go.opentelemetry.io/") && strings.Contains(ip, ".") && telemetryImport.MatchString(ip) {
			ips = append(ips, ip)
		}
	}
	slices.Sort(ips)
	if len(ips) > 0 {
		return providerVerdict{status: Unknown, message: "no otel.SetTracerProvider in the code this audit reads, but " + ips[0] + ", which it does not read, may set one: without it the middleware records on the global no-op provider and no span is exported; check that it sets the TracerProvider", fix: "Make sure a TracerProvider of the SDK is set at start (otel.SetTracerProvider), or run ", ev: []repo.Evidence{p.at(p.importsOf(ips[0])[0].node)}}
	}
	if len(dead) > 0 {
		return providerVerdict{status: Warn, message: "tracing middleware is installed but otel.SetTracerProvider is only called in a function that main's flow never calls: the middleware records on the global no-op TracerProvider, so no span is recorded or exported", fix: "Call the function that sets up the SDK at start, or run ", ev: dead}
	}
	return providerVerdict{status: Warn, message: "tracing middleware is installed but no TracerProvider is set (otel.SetTracerProvider, or the middleware's WithTracerProvider): it records on the global no-op provider, so no span is recorded or exported", fix: "Set up the SDK at start: a TracerProvider of go.opentelemetry.io/otel/sdk/trace with an exporter from the OTEL_* variables (autoexport), passed to otel.SetTracerProvider, or run "}
}

// shutOnReturn returns the deferred Shutdown of the TracerProvider that
// otel.SetTracerProvider call c sets, when the function that sets it (not func main)
// defers it and then returns without anything that may block (see mayBlock): defer
// tp.Shutdown(ctx), or a deferred function literal that calls it, a statement of the
// function's body, for the variable c is given. The provider is shut down as soon as
// the set-up returns, before anything is served; or nil.
func (p *program) shutOnReturn(c call) ast.Node {
	fd, ok := c.fn.(*ast.FuncDecl)
	if !ok || fd.Body == nil || len(c.expr.Args) != 1 || fd.Recv == nil && fd.Name.Name == "main" && c.file.pkg == p.main.Package {
		return nil
	}
	tp, ok := unparen(c.expr.Args[0]).(*ast.Ident)
	if !ok {
		return nil
	}
	isShutdown := func(n ast.Node) bool {
		x, ok := n.(*ast.CallExpr)
		if !ok {
			return false
		}
		sel, ok := unparen(x.Fun).(*ast.SelectorExpr)
		return ok && sel.Sel.Name == "Shutdown" && isName(unparen(sel.X), tp.Name)
	}
	for _, st := range fd.Body.List {
		d, ok := st.(*ast.DeferStmt)
		if !ok {
			continue
		}
		shuts := isShutdown(d.Call)
		if lit, ok := d.Call.Fun.(*ast.FuncLit); ok {
			ast.Inspect(lit.Body, func(n ast.Node) bool {
				shuts = shuts || isShutdown(n)
				return !shuts
			})
		}
		if shuts && !p.mayBlock(c.file, fd.Body, d.End(), fd.Body.End()) {
			return d
		}
	}
	return nil
}

// sdkTrace is the import path of the OpenTelemetry SDK's trace package.
const sdkTrace = "go.opentelemetry.io/otel/sdk/trace"

// unprocessedProviders returns where the TracerProvider that otel.SetTracerProvider
// call c sets is built by the SDK's NewTracerProvider with no span processor: its
// argument is that call, or a variable of c's function every assignment of which
// is one, whose options are all calls of the SDK's options and none of them
// WithBatcher, WithSyncer or WithSpanProcessor, while the program calls
// RegisterSpanProcessor nowhere. It is empty when any of this cannot be told
// (options in a variable, a provider from a function or a field).
func (p *program) unprocessedProviders(c call) []repo.Evidence {
	if len(p.methodCalls("RegisterSpanProcessor")) > 0 {
		return nil
	}
	var out []repo.Evidence
	for _, nt := range p.providerBuilds(c) {
		for _, a := range nt.Args {
			opt, ok := unparen(a).(*ast.CallExpr)
			if !ok {
				return nil
			}
			pkg, name, ok := c.file.qualified(opt.Fun)
			if !ok || pkg != sdkTrace || name == "WithBatcher" || name == "WithSyncer" || name == "WithSpanProcessor" {
				return nil
			}
		}
		out = append(out, p.at(nt))
	}
	return out
}

// providerBuilds returns the SDK's NewTracerProvider calls (their options written
// out, not spread from a slice) that build the provider the otel.SetTracerProvider call
// c sets, directly or through a variable of the function; none when any of its values
// is something else.
func (p *program) providerBuilds(c call) []*ast.CallExpr {
	if len(c.expr.Args) != 1 {
		return nil
	}
	builds := []ast.Expr{c.expr.Args[0]}
	if id, ok := unparen(c.expr.Args[0]).(*ast.Ident); ok {
		builds = p.defsOf(c.fn, id.Name)
	}
	var out []*ast.CallExpr
	for _, b := range builds {
		nt, ok := unparen(b).(*ast.CallExpr)
		if !ok || nt.Ellipsis.IsValid() {
			return nil
		}
		if pkg, name, ok := c.file.qualified(nt.Fun); !ok || pkg != sdkTrace || name != "NewTracerProvider" {
			return nil
		}
		out = append(out, nt)
	}
	return out
}

// unsampledProviders returns where the TracerProvider that otel.SetTracerProvider
// call c sets is built by the SDK's NewTracerProvider whose last WithSampler option
// (the one that counts) is sdktrace.NeverSample() or sdktrace.TraceIDRatioBased of a
// constant of zero or less, directly or through a variable of the function every
// assignment of which is one: no span is ever sampled. ParentBased(NeverSample())
// samples what the caller sampled and is not one. It is empty when any provider
// c may set is not such a call, or its options cannot be read (spread from a slice).
func (p *program) unsampledProviders(c call) []repo.Evidence {
	never := func(e ast.Expr) bool {
		x, ok := unparen(e).(*ast.CallExpr)
		if !ok {
			return false
		}
		pkg, name, ok := c.file.qualified(x.Fun)
		switch {
		case !ok || pkg != sdkTrace:
			return false
		case name == "NeverSample":
			return true
		case name == "TraceIDRatioBased" && len(x.Args) == 1:
			v, isConst := p.constValue(x.Args[0])
			return isConst && (v.Kind() == constant.Int || v.Kind() == constant.Float) && constant.Sign(v) <= 0
		}
		return false
	}
	var out []repo.Evidence
	for _, nt := range p.providerBuilds(c) {
		var sampler *ast.CallExpr // the last WithSampler, which overrides the others
		for _, a := range nt.Args {
			if opt, ok := unparen(a).(*ast.CallExpr); ok && len(opt.Args) == 1 {
				if pkg, name, ok := c.file.qualified(opt.Fun); ok && pkg == sdkTrace && name == "WithSampler" {
					sampler = opt
				}
			}
		}
		if sampler == nil {
			return nil
		}
		arg := sampler.Args[0]
		samplers := []ast.Expr{arg}
		if id, ok := unparen(arg).(*ast.Ident); ok {
			samplers = p.defsOf(c.fn, id.Name)
		}
		if len(samplers) == 0 || !slices.ContainsFunc(samplers, never) || slices.ContainsFunc(samplers, func(e ast.Expr) bool { return !never(e) }) {
			return nil
		}
		out = append(out, p.at(sampler))
	}
	return out
}

// middlewareOptions returns the options named option the tracing middleware call c
// is given (passed directly, through a variable, or in a slice of options spread
// into the call, appends included): the calls of its package's option function of
// that name, and the values of the field named field of its package's Config
// literal.
func (p *program) middlewareOptions(c call, option, field string) []ast.Expr {
	var out []ast.Expr
	var visit func(e ast.Expr, depth int)
	visit = func(e ast.Expr, depth int) {
		if depth > 8 {
			return
		}
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			for _, d := range p.defsOf(c.fn, x.Name) {
				visit(d, depth+1)
			}
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				visit(x.X, depth+1)
			}
		case *ast.CompositeLit:
			if pkg, name, ok := c.file.qualified(x.Type); ok && pkg == c.pkg && name == "Config" {
				for _, el := range x.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if k, ok := kv.Key.(*ast.Ident); ok && k.Name == field {
							out = append(out, kv.Value)
						}
					}
				}
				return
			}
			for _, el := range x.Elts { // []otelhttp.Option{...}
				visit(el, depth+1)
			}
		case *ast.CallExpr:
			if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "append" {
				for _, a := range x.Args {
					visit(a, depth+1)
				}
				return
			}
			if pkg, name, ok := c.file.qualified(x.Fun); ok && pkg == c.pkg && name == option {
				out = append(out, x)
			}
		}
	}
	for _, a := range c.expr.Args {
		visit(a, 0)
	}
	return out
}

// setsMaxProcs returns where automaxprocs sets GOMAXPROCS from the CPU limit, in
// the order of the code: the imports of go.uber.org/automaxprocs, whose init does it
// wherever the package is imported, and the calls of its maxprocs.Set that main's
// flow runs (the maxprocs package does nothing until Set is called).
func (p *program) setsMaxProcs() []site {
	out := slices.Clone(p.imports["go.uber.org/automaxprocs"])
	for _, c := range p.callsTo("go.uber.org/automaxprocs/maxprocs", "Set") {
		if p.runs(c.site) {
			out = append(out, c.site)
		}
	}
	slices.SortFunc(out, func(a, b site) int { return int(a.node.Pos() - b.node.Pos()) })
	return out
}

// askedFor returns the condition of an if statement that the runtime.GOMAXPROCS(n)
// (or debug.SetMemoryLimit(n)) call c lies in, when that condition reads a variable n reads (directly, or
// through what n is assigned in c's function): if *procs > 0 {
// runtime.GOMAXPROCS(*procs) }, if v := os.Getenv("PROCS"); v != "" { n, _ :=
// strconv.Atoi(v); runtime.GOMAXPROCS(n) }. The call then runs only when a value is
// asked for. It returns nil otherwise (a cap, if runtime.NumCPU() > 8 {
// runtime.GOMAXPROCS(8) }, fixes GOMAXPROCS on the hosts it is meant for).
func (p *program) askedFor(c call) ast.Expr {
	body := funcBody(c.fn)
	if body == nil {
		return nil
	}
	names := map[string]bool{}
	cpus := false // the value is made of the host's CPU count
	read := func(e ast.Node) {
		ast.Inspect(e, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.SelectorExpr:
				if isQualified(c.file, x) {
					if pkg, name, _ := c.file.qualified(x); pkg == "runtime" && name == "NumCPU" {
						cpus = true
					}
					return false // a package's name, a function of it
				}
				ast.Inspect(x.X, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok {
						names[id.Name] = true
					}
					return true
				})
				return false
			case *ast.Ident:
				names[x.Name] = true
			}
			return true
		})
	}
	read(c.expr.Args[0])
	for name := range maps.Clone(names) {
		for _, d := range p.defs[c.fn][name] {
			read(d)
		}
	}
	if cpus {
		return nil // a cap on the host's CPUs (n := runtime.NumCPU() / 2), whatever the condition
	}
	delete(names, "nil")
	delete(names, "_")
	for _, n := range enclosing(body, c.expr) {
		is, ok := n.(*ast.IfStmt)
		if !ok || !encloses(is.Body, c.expr) {
			continue
		}
		reads := false
		ast.Inspect(is.Cond, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && names[id.Name] {
				reads = true
			}
			return !reads
		})
		if reads {
			return is.Cond
		}
	}
	return nil
}

// noLimitShown judges a constant debug.SetMemoryLimit is given (see judge): zero when
// it sets no limit, math.MaxInt64 (no limit) or a negative value (which only reads
// the setting), else positive.
func noLimitShown(v constant.Value) shown {
	if v.Kind() == constant.Int && (constant.Sign(v) < 0 || constant.Compare(v, token.GEQ, constant.MakeInt64(math.MaxInt64))) {
		return shownZero
	}
	return shownPositive
}

// lowLimitShown judges a constant debug.SetMemoryLimit is given (see judge): zero when
// the limit it sets is below minMemoryLimit (0 included), else positive.
func lowLimitShown(v constant.Value) shown {
	if n, ok := constBytesOf(v); ok && n >= 0 && n < minMemoryLimit {
		return shownZero
	}
	return shownPositive
}

// limitCall is what a debug.SetMemoryLimit(x) call does, as far as the values x may
// hold tell it (see limitSet): it sets no limit (none), one below minMemoryLimit
// (low), or one (why is ""); or why says what cannot be told, maybeLow when the limit
// may be below minMemoryLimit, else when it may be none. at is the call, and where
// its value comes from when that decides.
type limitCall struct {
	none, low, maybeLow bool
	why                 string
	at                  []repo.Evidence
}

// limitSet judges the debug.SetMemoryLimit(x) call c, which main's flow runs, by the
// values x may hold (see valueShown): none wherever x gets its value is no limit, as
// debug.SetMemoryLimit(math.MaxInt64) is; below 4 MiB wherever, a low limit, as
// debug.SetMemoryLimit(512) is. It cannot tell when x is one of these on some paths
// only, the default of a flag (which holds unless the flag is given), a value this
// audit cannot follow (a number parsed with its error thrown away, zero when parsing
// fails), or when c runs only under a condition that reads x (see askedFor: a limit
// an operator asks for, none when not asked).
func (p *program) limitSet(c call) limitCall {
	x := c.expr.Args[0]
	call := fmt.Sprintf("debug.SetMemoryLimit(%s) (%s)", types.ExprString(x), p.lineOf(c.expr))
	l := limitCall{at: []repo.Evidence{p.at(c.expr)}}
	none, noneAt := p.valueShownAt(noLimitShown, x, 0)
	low, lowAt := p.valueShownAt(lowLimitShown, x, 0)
	from := lowAt // the node that decides
	if low == shownPositive {
		from = noneAt
	}
	where := "" // where the value that decides is given
	if from != nil && from != ast.Node(x) {
		l.at = append(l.at, p.at(from))
		where = " (" + p.lineOf(from) + ")"
	}
	cond, flagName := p.askedFor(c), p.zeroFlag(from)
	switch {
	case none == shownPositive && low == shownPositive:
	case none == shownZero && p.zeroFlag(noneAt) == "":
		l.none = true
	case low == shownZero && cond == nil && flagName == "":
		l.low = true
		if n, ok := p.constBytes(x); ok {
			l.why = lowMemoryLimit(call, n)
		} else {
			l.why = fmt.Sprintf("%s is below the 4 MiB heap the GC starts from wherever %s gets its value%s: the GC runs all the time and the program barely makes progress", call, types.ExprString(x), where)
		}
	case cond != nil:
		l.at = append(l.at, p.at(cond))
		l.why = fmt.Sprintf("%s runs only when the condition at %s holds, which reads its value (a limit an operator asks for): without it no memory limit is set", call, p.lineOf(cond))
	case flagName != "" && low == shownPositive:
		l.why = fmt.Sprintf("%s is the default of the flag %s (%s) unless the flag is given, which sets no memory limit", call, flagName, p.lineOf(from))
	case flagName != "":
		l.maybeLow = true
		l.why = fmt.Sprintf("%s is the default of the flag %s (%s) unless the flag is given, a limit below the 4 MiB heap the GC starts from", call, flagName, p.lineOf(from))
	case low == shownPositive && none == shownSomePaths:
		l.why = fmt.Sprintf("%s sets no memory limit on some paths: %s is negative or math.MaxInt64 on some%s, which sets none", call, types.ExprString(x), where)
	case low == shownSomePaths:
		l.maybeLow = true
		l.why = fmt.Sprintf("%s may set a limit below the 4 MiB heap the GC starts from: %s is below it on some paths%s", call, types.ExprString(x), where)
	default:
		l.maybeLow = low != shownPositive
		l.why = fmt.Sprintf("%s sets a limit this audit cannot tell, as what %s holds cannot be followed%s: a number parsed with its error thrown away, for one, is 0 whenever parsing fails, a limit of 0 bytes", call, types.ExprString(x), where)
	}
	return l
}

// constBytes returns the value of e, the argument of debug.SetMemoryLimit, when it is
// a constant number that fits an int64 (512, 400 << 20, a named constant: see
// constValue); or false.
func (p *program) constBytes(e ast.Expr) (int64, bool) {
	v, ok := p.constValue(e)
	if !ok {
		return 0, false
	}
	return constBytesOf(v)
}

// constBytesOf is constBytes of the constant v.
func constBytesOf(v constant.Value) (int64, bool) {
	if v.Kind() != constant.Int && v.Kind() != constant.Float {
		return 0, false
	}
	return constant.Int64Val(constant.ToInt(v))
}

// belowOne reports whether e is an integer constant below 1 (0, -1, a named
// constant: see constValue): runtime.GOMAXPROCS then only reports the setting.
func (p *program) belowOne(e ast.Expr) bool {
	v, ok := p.constValue(e)
	return ok && v.Kind() == constant.Int && constant.Compare(v, token.LSS, constant.MakeInt64(1))
}

// goLines are the go line and the godebug settings that govern a build of a
// module's packages, with the files that hold them: goVer is "" when that file has
// no go line (the go command then assumes go 1.16).
type goLines struct {
	goVer, goFile string
	goLine        int
	settings      []repo.Setting
	debugFile     string
}

// governing returns the lines that govern a build of m's packages: go.work's in
// workspace mode (its go line, when it has one, else m's), else m's go.mod; or, when
// alone asks for a build outside the workspace (see builds.workOff), m's own go.mod.
func governing(r *repo.Repo, m *repo.Module, alone bool) goLines {
	var g goLines
	g.goVer, g.goFile, g.goLine = r.GoVersion(m)
	if w := r.WorkOf(m); w != nil && !alone {
		g.settings, g.debugFile = w.Godebug, w.Path
		if g.goLine == 0 {
			g.goLine = goLinePlace(r, g.goFile)
		}
		return g
	}
	g.goVer, g.goFile, g.goLine = m.Go, path.Join(m.Dir, "go.mod"), m.GoLine
	g.settings, g.debugFile = modGodebug(r, m), g.goFile
	if g.goLine == 0 {
		g.goLine = goLinePlace(r, g.goFile)
	}
	return g
}

// goLinePlace returns where the go line of a go.mod without one belongs, to cite
// it: its module line (the first line, when there is none).
func goLinePlace(r *repo.Repo, file string) int {
	src, _ := r.ReadFile(file)
	for i, l := range strings.Split(string(src), "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == "module" {
			return i + 1
		}
	}
	return 1
}

// modGodebug returns the godebug settings of m's go.mod. The module discovery reads
// go.mod leniently, which skips godebug lines: they are read here from the file's
// syntax, in a godebug line or block.
func modGodebug(r *repo.Repo, m *repo.Module) []repo.Setting {
	if len(m.Godebug) > 0 {
		return m.Godebug
	}
	p := path.Join(m.Dir, "go.mod")
	src, _ := r.ReadFile(p)
	f, err := modfile.ParseLax(p, src, nil)
	if err != nil {
		return nil
	}
	var out []repo.Setting
	add := func(tokens []string, line int) {
		if len(tokens) == 1 {
			if k, v, ok := strings.Cut(tokens[0], "="); ok {
				out = append(out, repo.Setting{Key: k, Value: v, Line: line})
			}
		}
	}
	for _, stmt := range f.Syntax.Stmt {
		switch x := stmt.(type) {
		case *modfile.Line:
			if len(x.Token) > 1 && x.Token[0] == "godebug" {
				add(x.Token[1:], x.Start.Line)
			}
		case *modfile.LineBlock:
			if len(x.Token) == 1 && x.Token[0] == "godebug" {
				for _, l := range x.Line {
					add(l.Token, l.Start.Line)
				}
			}
		}
	}
	return out
}

// godebugValue returns the value a GODEBUG variable's value v gives key: the last
// key=value of its comma-separated list that names it.
func godebugValue(v, key string) (string, bool) {
	val, ok := "", false
	for _, kv := range strings.Split(v, ",") {
		if k, x, found := strings.Cut(strings.TrimSpace(kv), "="); found && k == key {
			val, ok = x, true
		}
	}
	return val, ok
}

// procsDebug says how a godebug setting turns off the container-aware GOMAXPROCS:
// containermaxprocs=0, or default=go1.N below go1.25, which restores that version's
// settings, containermaxprocs=0 among them; or returns "".
func procsDebug(g repo.Setting) string {
	switch {
	case g.Key == "containermaxprocs" && g.Value == "0":
		return "containermaxprocs=0 turns off the container-aware GOMAXPROCS"
	case g.Key == "default" && version.IsValid(g.Value) && version.Compare(g.Value, "go1.25") < 0:
		return "godebug default=" + g.Value + " restores the settings of " + g.Value + ", containermaxprocs=0 among them: GOMAXPROCS ignores the container CPU limit"
	}
	return ""
}

// runtimeEnv returns the environment variables that the images and the Kubernetes
// containers running p's binary give it: the ENV of the final stage of each image
// that ships it (see shippedImages) where the containers running it set no value of
// their own (see imageEnvUnder), and the env entries with a value of the manifest
// containers tied to it by name (see container.ties; for the only service, the
// module path's last element is a name too; a GOMAXPROCS or GOMEMLIMIT from a
// valueFrom resourceFieldRef is read by procsRef or memRef).
// When no container is tied to p, unsure holds the entries of the containers tied
// to no main package: this audit cannot tell whether they run p. Containers tied to
// another main package, and other images, do not count.
func (a *auditor) runtimeEnv(p *program) (env, unsure []setting) {
	env, unsure, _ = a.runtimeEnvFrom(p)
	return env, unsure
}

// godebugEnv returns the GODEBUG entries of runtimeEnv: env of the environments
// that run p, maybe of the containers that may.
func (a *auditor) godebugEnv(p *program) (env, maybe []setting) {
	sure, unsure := a.runtimeEnv(p)
	other := func(e setting) bool { return e.key != "GODEBUG" }
	return slices.DeleteFunc(sure, other), slices.DeleteFunc(unsure, other)
}

// runtimeEnvFrom is runtimeEnv, with the envFrom ConfigMaps whose keys this audit
// does not know (see container.unread) of the containers whose entries it returns.
// The ENV of an image holds in a tied container only where the container sets no
// value of its own (see imageEnvUnder).
func (a *auditor) runtimeEnvFrom(p *program) (env, unsure, unread []setting) {
	var image []setting
	for _, im := range a.shippedImages(p) {
		for k, v := range im.final.env {
			if im.final.persisted[k] { // an ARG's value is the build's, not the image's
				image = append(image, setting{key: k, value: v, at: im.final.envAt[k]})
			}
		}
	}
	var untied, untiedUnread []setting
	var tied [][]setting
	for _, c := range a.containers() {
		switch a.tieOf(c, p) {
		case tiedHere:
			tied = append(tied, c.env)
			env = append(env, c.env...)
			unread = append(unread, c.unread...)
		case tiedNowhere:
			untied = append(untied, c.env...)
			untiedUnread = append(untiedUnread, c.unread...)
		}
	}
	if len(tied) == 0 {
		env = image
		unsure = untied
		unread = append(unread, untiedUnread...)
	} else {
		env = append(imageEnvUnder(image, tied), env...)
	}
	sortSettings(env)
	sortSettings(unsure)
	sortSettings(unread)
	return env, unsure, unread
}

// imageEnvUnder returns the entries of image, the ENV of the images that ship a
// program, that hold in the containers running it, whose env entries (env and
// envFrom) are containers: a container's value of a variable replaces the image's,
// so an entry of image holds where one of the containers sets no value for it.
func imageEnvUnder(image []setting, containers [][]setting) []setting {
	var out []setting
	for _, e := range image {
		for _, c := range containers {
			if !slices.ContainsFunc(c, func(s setting) bool { return s.key == e.key }) {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// container is a container of a Kubernetes manifest: its name, its image and its
// environment (a valueFrom entry has the value "(valueFrom)"; one of GOMAXPROCS
// that a resourceFieldRef gives, the value procsRef reads). unread are its envFrom ConfigMaps
// whose keys this audit does not know (key: the ConfigMap's name, value: why).
type container struct {
	name, image string
	env         []setting
	unread      []setting
	// probes are the httpGet of its readiness, liveness and startup probes, in the
	// order of probeKinds; ports holds the containerPort of each named port of the
	// container (0 for one whose number is not read, a template).
	probes  [len(probeKinds)]probe
	ports   map[string]int
	preStop *preStopHook // its lifecycle preStop hook; nil for none
	// Of the containers of a deployment (see deployments): grace is the
	// terminationGracePeriodSeconds of its pod, with graceAt where it is set (nil
	// for the default); graceKnown is false when the value is not a number (a
	// template); deployedBy is the kustomization (an overlay) whose build deploys it
	// so, "" for a manifest as written.
	grace      int64
	graceAt    *repo.Evidence
	graceFrom  *repo.Evidence // the values file line that sets it, for a Helm template's value
	graceKnown bool
	graceUnset string // the Helm template action, when it renders a value no values file sets
	deployedBy string
	// skipped, for a pod spec read line by line from a manifest that could not be
	// parsed (see skippedGraces), names the manifest and why.
	skipped string
}

// preStopHook is the preStop hook of a container: the kubelet runs it when the pod
// is deleted, within the termination grace period, and sends the stop signal only
// once it ends. what is how it is written (`exec ["sleep", "10"]`, "sleep",
// "httpGet"); lasts is how long it runs when known, a sleep of constant seconds.
type preStopHook struct {
	what  string
	lasts time.Duration
	known bool
	at    repo.Evidence
}

// podGrace is the terminationGracePeriodSeconds a pod spec gives its containers.
type podGrace struct {
	seconds int64
	at      *repo.Evidence // nil for Kubernetes' default of 30 seconds
	from    *repo.Evidence // the values file line that sets a Helm template's value; nil for none
	known   bool
	// unset is the Helm template action at at when it renders a value that no
	// values file of the chart sets: Helm renders it empty, and the pod gets
	// Kubernetes' default of 30 seconds unless the install sets it.
	unset string
}

// setGrace gives c the grace period g.
func (c *container) setGrace(g podGrace) {
	c.grace, c.graceAt, c.graceFrom, c.graceKnown, c.graceUnset = g.seconds, g.at, g.from, g.known, g.unset
}

// podGraces maps each container mapping under n that is an item of the containers
// list of a pod spec to that spec's terminationGracePeriodSeconds: the value set, or
// Kubernetes' default of 30 seconds when it is not set. A Helm template action that renders a
// value of the chart takes the value of each values file of the chart that sets it
// (see manifestValues), the shortest counting, as each may be the one installed. A
// value that is not a whole number of seconds (another template) is not known.
func (a *auditor) podGraces(mpath string, n *yaml.Node, out map[*yaml.Node]podGrace) {
	if n.Kind == yaml.MappingNode {
		if list := get(n, "containers"); list != nil && list.Kind == yaml.SequenceNode {
			g := podGrace{seconds: 30, known: true}
			if v := get(n, "terminationGracePeriodSeconds"); v != nil {
				g = a.graceValue(mpath, v)
			}
			for _, c := range list.Content {
				out[c] = g
			}
		}
	}
	for _, c := range n.Content {
		a.podGraces(mpath, c, out)
	}
}

// graceLine matches a line of a manifest that sets terminationGracePeriodSeconds,
// with the value after the key.
var graceLine = regexp.MustCompile(`^\s*terminationGracePeriodSeconds:\s*(.*?)\s*$`)

// skippedGraces returns, for each manifest that could not be parsed (see
// containers; a Helm template whose {{ }} lines are not YAML) and holds a pod spec
// (a containers: key), a container that stands for its pods, with the grace period
// its lines give, read line by line: the shortest of its terminationGracePeriodSeconds
// values (a Helm template's value as each values file of the chart sets it, see
// graceValue; the dot in a with block of such a value, see withGrace), or
// Kubernetes' default of 30 seconds when it names none. A value that is not a whole
// number of seconds is not known, and graceAt names its line. Its preStop hooks are
// not read.
func (a *auditor) skippedGraces() []container {
	a.containers() // reads the manifests once, noting those it skips
	var out []container
	for _, s := range a.manifestSkipped {
		if s.unseen || !strings.Contains(s.text, "containers:") {
			continue
		}
		c := container{grace: 30, graceKnown: true, skipped: s.path + " (" + s.err + ")"}
		first := true
		var blocks []string // the Helm actions that open the blocks around the line
		for i, l := range strings.Split(s.text, "\n") {
			m := graceLine.FindStringSubmatch(l)
			if m == nil {
				blocks = helmBlocks(blocks, l)
				continue
			}
			value, _, _ := strings.Cut(m[1], " #")
			value = strings.Trim(value, `"'`)
			var g podGrace
			if with, ok := helmWith(blocks, value); ok {
				g = a.withGrace(s.path, i+1, with)
			} else {
				g = a.graceValue(s.path, &yaml.Node{Kind: yaml.ScalarNode, Value: value, Line: i + 1})
			}
			if !g.known {
				c.setGrace(g) // where the value that cannot be read is
				break
			}
			if first || g.seconds < c.grace {
				c.setGrace(g)
			}
			first = false
			blocks = helmBlocks(blocks, l)
		}
		out = append(out, c)
	}
	return out
}

// helmAction matches a Helm template action, with its words after the opening
// {{ or {{- (a comment, {{/* */}}, has none).
var helmAction = regexp.MustCompile(`\{\{-?\s*([^}]*?)\s*-?\}\}`)

// helmBlocks returns blocks, the actions that open the Helm blocks around a line
// (if, with, range, define, block), innermost last, after the line l.
func helmBlocks(blocks []string, l string) []string {
	for _, m := range helmAction.FindAllStringSubmatch(l, -1) {
		switch word, _, _ := strings.Cut(m[1], " "); word {
		case "if", "with", "range", "define", "block":
			blocks = append(blocks, m[1])
		case "end":
			if len(blocks) > 0 {
				blocks = blocks[:len(blocks)-1]
			}
		}
	}
	return blocks
}

// helmDot matches a Helm action that renders the dot, with its pipes: {{ . }},
// {{ . | int }}.
var helmDot = regexp.MustCompile(`^\{\{-?\s*\.\s*((?:\|[^}]*?)?)\s*-?\}\}$`)

// helmWith returns, for value, a line's value that renders the dot ({{ . }}) in the
// blocks around it (see helmBlocks) whose innermost with (no range or define in
// between) is that of a value of the chart ({{- with .Values.grace }}), the action
// that renders that value, with the pipes of both.
func helmWith(blocks []string, value string) (string, bool) {
	dot := helmDot.FindStringSubmatch(value)
	if dot == nil {
		return "", false
	}
	for i := len(blocks) - 1; i >= 0; i-- {
		word, rest, _ := strings.Cut(blocks[i], " ")
		switch word {
		case "if":
			continue
		case "with":
			rest = strings.TrimSpace(rest)
			if !strings.HasPrefix(strings.TrimPrefix(rest, "$"), ".Values.") {
				return "", false
			}
			return "{{ " + rest + " " + dot[1] + " }}", true
		}
		return "", false
	}
	return "", false
}

// withGrace reads the terminationGracePeriodSeconds line line of the manifest file
// mpath, whose value is the dot of a with block of the chart's value that action
// renders (see helmWith): each values file that sets the value gives it, and one
// that sets it empty (0, "", false, null), or sets none, renders nothing of the
// block, which gives Kubernetes' default of 30 seconds. The shortest counts.
func (a *auditor) withGrace(mpath string, line int, action string) podGrace {
	at := a.r.At(mpath, line)
	var g podGrace
	for i, sv := range a.manifestValuesAt(mpath, &yaml.Node{Kind: yaml.ScalarNode, Value: action, Line: line}) {
		n := podGrace{seconds: 30, known: true} // the block renders nothing
		if !sv.unset && sv.value != "" && sv.value != "0" && sv.value != "false" {
			secs, err := strconv.ParseInt(sv.value, 10, 64)
			if err != nil || secs < 0 {
				return podGrace{at: &at}
			}
			n = podGrace{seconds: secs, at: &at, from: sv.from, known: true}
		}
		if i == 0 || n.seconds < g.seconds {
			g = n
		}
	}
	return g
}

// graceValue reads the terminationGracePeriodSeconds value v of the manifest file
// mpath (see podGraces): from is the line of the values file that gives the
// shortest, for a Helm template's value. A Helm value no values file of the chart
// sets renders empty, which gives Kubernetes' default of 30 seconds (unset names it)
// unless the install sets it (a parent chart, --set): graceShort says UNKNOWN then.
func (a *auditor) graceValue(mpath string, v *yaml.Node) podGrace {
	at := a.r.At(mpath, v.Line)
	g := podGrace{at: &at, known: true}
	values := []sourcedValue{{value: v.Value}}
	if v.Kind != yaml.ScalarNode || strings.Contains(v.Value, "{{") {
		values = a.manifestValuesAt(mpath, v)
	}
	if len(values) == 1 && values[0].unset {
		// Helm renders the field empty (null): Kubernetes' default.
		return podGrace{seconds: 30, at: &at, known: true, unset: strings.TrimSpace(values[0].value)}
	}
	for i, sv := range values {
		secs, err := strconv.ParseInt(sv.value, 10, 64)
		if err != nil || secs < 0 {
			return podGrace{at: &at}
		}
		if i == 0 || secs < g.seconds {
			g.seconds, g.from = secs, sv.from
		}
	}
	return g
}

// containers returns the containers of the repository's manifests, read once, with
// what kustomizations add to them (see readKustomizations), once for each image the
// builds of kustomizations that take them give them (see kustomizedImage). An env entry from a
// ConfigMap of the manifests or of a kustomize configMapGenerator (configMapKeyRef,
// envFrom configMapRef) takes its value there.
func (a *auditor) containers() []container {
	if a.manifestContainers != nil {
		return *a.manifestContainers
	}
	var docs []manifestDoc
	cms := &configMaps{data: map[string][]cmEntry{}, unread: map[string]string{}}
	for _, mpath := range a.r.Manifests {
		src, _ := a.r.ReadFile(mpath)
		dec := yaml.NewDecoder(strings.NewReader(string(src)))
		for n := 0; ; n++ {
			var doc yaml.Node
			if err := dec.Decode(&doc); err != nil {
				if err != io.EOF {
					// The decoder cannot go on after an error: the rest of the file is
					// not read (a Helm template's {{ }} lines are not YAML).
					why := "not read: " + err.Error()
					if n > 0 {
						why = fmt.Sprintf("not read after its document %d: %s", n, err)
					}
					a.manifestSkipped = append(a.manifestSkipped, skippedManifest{path: mpath, err: why, text: string(src)})
				}
				break
			}
			root := &doc
			if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
				root = root.Content[0]
			}
			if kind := get(root, "kind"); kind != nil && kind.Value == "ConfigMap" {
				if name := get(get(root, "metadata"), "name"); name != nil {
					for _, kv := range pairs(get(root, "data")) {
						for _, v := range a.manifestValues(mpath, kv[1]) {
							cms.data[name.Value] = append(cms.data[name.Value], cmEntry{key: kv[0].Value, value: v})
						}
					}
					if _, ok := cms.data[name.Value]; !ok {
						cms.data[name.Value] = nil
					}
				}
				continue
			}
			docs = append(docs, manifestDoc{mpath, root})
		}
	}
	ks := a.kustomizations()
	extra, patched := a.readKustomizations(ks, docs, cms)
	deployed, chains := a.deployments(ks, docs, cms)
	a.deployedPods = &deployed
	var out []container
	var objects []string // the object (kind and name) of each of out
	for _, d := range slices.Concat(docs, extra, patched) {
		object := ""
		if kind, name := get(d.node, "kind"), get(get(d.node, "metadata"), "name"); kind != nil && name != nil {
			object = kind.Value + "/" + name.Value
		}
		walkContainers(d.node, func(n *yaml.Node) {
			c := a.readContainer(d.path, n, cms)
			images := []string{c.image}
			if len(chains[d.path]) > 0 { // the image of each build (see kustomizedImage)
				images = nil
				for _, chain := range chains[d.path] {
					image := c.image
					for _, k := range chain {
						image = kustomizedImage(image, k)
					}
					if !slices.Contains(images, image) {
						images = append(images, image)
					}
				}
			}
			for _, image := range images {
				c.image = image
				out = append(out, c)
				objects = append(objects, object)
			}
		})
	}
	// A strategic merge patch names a container without its image: the container of
	// that name in the object it patches has it.
	for i := range out {
		if out[i].image != "" || out[i].name == "" || objects[i] == "" {
			continue
		}
		for j, c := range out {
			if c.image != "" && c.name == out[i].name && objects[j] == objects[i] {
				out[i].image = c.image
				break
			}
		}
	}
	a.manifestContainers = &out
	return out
}

// deployedContainers returns the containers of the pod specs of the manifests as
// each deployment gives them (see deployments), read once.
func (a *auditor) deployedContainers() []container {
	a.containers()
	return *a.deployedPods
}

// deployedFor returns the deployed containers (deployedContainers) tied to the main
// package of p, and those tied to no main package, which may run it.
func (a *auditor) deployedFor(p *program) (tied, untied []container) {
	for _, c := range a.deployedContainers() {
		switch a.tieOf(c, p) {
		case tiedHere:
			tied = append(tied, c)
		case tiedNowhere:
			untied = append(untied, c)
		}
	}
	return tied, untied
}

// probeKinds are the probes of a container the kubelet makes.
var probeKinds = [...]string{"readinessProbe", "livenessProbe", "startupProbe"}

// probe is the httpGet of a probe of a container: the path it asks, without a query
// ("" for none), and its port as written (8080, or the name of one of the
// container's ports; "" for none), with where each is set.
type probe struct {
	kind           string // one of probeKinds
	path, port     string
	pathAt, portAt repo.Evidence
	// scheme is the httpGet's scheme as written ("" for none, which is HTTP), with
	// where it is set.
	scheme   string
	schemeAt repo.Evidence
}

// tls reports whether pr asks over HTTPS, and whether that is known: its scheme is
// HTTP, HTTPS or not set (HTTP), not a template.
func (pr probe) tls() (tls, known bool) {
	switch pr.scheme {
	case "", "HTTP":
		return false, true
	case "HTTPS":
		return true, true
	}
	return false, false
}

// probe returns the httpGet of c's probe of kind, one of probeKinds.
func (c container) probe(kind string) probe {
	return c.probes[slices.Index(probeKinds[:], kind)]
}

// ready returns the httpGet of c's readinessProbe.
func (c container) ready() probe { return c.probe("readinessProbe") }

// probePaths returns the paths c's httpGet probes ask.
func (c container) probePaths() []string {
	var out []string
	for _, pr := range c.probes {
		if pr.path != "" {
			out = append(out, pr.path)
		}
	}
	return out
}

// probedPort returns the port number probe pr of c asks: its port, or the
// containerPort of the port of c it names; false when it has none or it cannot be
// read (a name c does not declare, a template).
func (c container) probedPort(pr probe) (int, bool) {
	if v, err := strconv.Atoi(pr.port); err == nil {
		return v, v > 0
	}
	v, ok := c.ports[pr.port]
	return v, ok && v > 0 && pr.port != ""
}

// undeclaredPort reports whether probe pr of c names a port (a name Kubernetes
// takes, such as http) that no port of c declares: the kubelet cannot resolve it
// ("couldn't find port"), so every probe fails.
func (c container) undeclaredPort(pr probe) bool {
	_, declared := c.ports[pr.port]
	return !declared && portName.MatchString(pr.port) && len(pr.port) <= 15 && strings.ContainsAny(pr.port, "abcdefghijklmnopqrstuvwxyz")
}

// portName matches the names Kubernetes takes for a container port (IANA_SVC_NAME:
// lower-case letters, digits and inner hyphens, with a letter; at most 15).
var portName = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

// patchProbes takes the paths and ports the httpGet probes of the container mapping
// n ask, in place of those c had (at gives the evidence of a line of n's file), and
// the named ports of n: n is the container, or a strategic merge patch of it, which
// keeps what it does not set.
func (c *container) patchProbes(n *yaml.Node, at func(line int) repo.Evidence) {
	for _, item := range seqItems(get(n, "ports")) {
		name, number := get(item, "name"), get(item, "containerPort")
		if name == nil || number == nil {
			continue
		}
		v, _ := strconv.Atoi(number.Value) // 0: not read
		c.ports = maps.Clone(c.ports)
		if c.ports == nil {
			c.ports = map[string]int{}
		}
		c.ports[name.Value] = v
	}
	for i, kind := range probeKinds {
		pr := &c.probes[i]
		pr.kind = kind
		hg := get(get(n, kind), "httpGet")
		if port := get(hg, "port"); port != nil && port.Kind == yaml.ScalarNode {
			pr.port, pr.portAt = port.Value, at(port.Line)
		}
		if path := get(hg, "path"); path != nil && path.Kind == yaml.ScalarNode && strings.HasPrefix(path.Value, "/") {
			v, _, _ := strings.Cut(path.Value, "?")
			pr.path, pr.pathAt = v, at(path.Line)
		}
		if scheme := get(hg, "scheme"); scheme != nil {
			pr.scheme, pr.schemeAt = scheme.Value, at(scheme.Line)
			if scheme.Kind != yaml.ScalarNode {
				pr.scheme = "?"
			}
		}
	}
}

// readContainer reads the container mapping n of the manifest file mpath.
func (a *auditor) readContainer(mpath string, n *yaml.Node, cms *configMaps) container {
	var c container
	if name := get(n, "name"); name != nil {
		c.name = name.Value
	}
	if image := get(n, "image"); image != nil {
		c.image = image.Value
	}
	c.patchProbes(n, func(line int) repo.Evidence { return a.r.At(mpath, line) })
	if hook := get(get(n, "lifecycle"), "preStop"); hook != nil {
		c.preStop = a.readPreStop(mpath, hook)
	}
	if from := get(n, "envFrom"); from != nil && from.Kind == yaml.SequenceNode {
		for _, item := range from.Content {
			ref := get(get(item, "configMapRef"), "name")
			if ref == nil {
				continue // a Secret's values are not in the repository
			}
			prefix := ""
			if p := get(item, "prefix"); p != nil {
				prefix = p.Value
			}
			entries, known := cms.data[ref.Value]
			if why, unread := cms.unread[ref.Value]; unread || !known {
				if !unread {
					why = "no ConfigMap manifest or kustomize configMapGenerator of the repository defines it"
				}
				c.unread = append(c.unread, setting{key: ref.Value, value: why, at: a.r.At(mpath, item.Line)})
			}
			for _, e := range entries {
				at := a.r.At(mpath, item.Line)
				if e.set {
					at = e.at
				}
				c.env = append(c.env, setting{key: prefix + e.key, value: e.value, at: at})
			}
		}
	}
	var items []*yaml.Node
	if env := get(n, "env"); env != nil && env.Kind == yaml.SequenceNode {
		items = env.Content
	}
	for _, item := range items {
		name := get(item, "name")
		if name == nil {
			continue
		}
		values := []string{""}
		if value := get(item, "value"); value != nil {
			values = a.manifestValues(mpath, value)
		}
		if from := get(item, "valueFrom"); from != nil {
			values = []string{"(valueFrom)"}
			if ref := get(from, "resourceFieldRef"); ref != nil && name.Value == "GOMAXPROCS" {
				v, ok := procsRef(ref, c.name)
				if !ok {
					continue
				}
				values = []string{v}
			}
			if ref := get(from, "resourceFieldRef"); ref != nil && name.Value == "GOMEMLIMIT" {
				values = []string{memRef(ref)}
			}
			ref := get(from, "configMapKeyRef")
			if cm, key := get(ref, "name"), get(ref, "key"); cm != nil && key != nil {
				var found []string
				for _, e := range cms.data[cm.Value] {
					if e.key == key.Value {
						found = append(found, e.value)
					}
				}
				if _, unread := cms.unread[cm.Value]; len(found) > 0 && !unread {
					values = found
				}
			}
		}
		for _, v := range values {
			c.env = append(c.env, setting{key: name.Value, value: v, at: a.r.At(mpath, name.Line)})
		}
	}
	return c
}

// readPreStop reads the preStop hook n of a container of the manifest file mpath.
// Its time is known for a sleep of constant seconds: the sleep action (sleep:
// {seconds: 10}), or an exec of the sleep command (["sleep", "10"]), directly or as
// the only command of a shell's -c script (["/bin/sh", "-c", "sleep 10"]). Any
// other hook (httpGet, a script) runs for a time this audit does not know.
func (a *auditor) readPreStop(mpath string, n *yaml.Node) *preStopHook {
	h := &preStopHook{what: "preStop", at: a.r.At(mpath, n.Line)}
	if n.Kind == yaml.MappingNode && len(n.Content) >= 2 {
		h.what = n.Content[0].Value
	}
	if secs := get(get(n, "sleep"), "seconds"); secs != nil {
		h.at = a.r.At(mpath, secs.Line)
		if v, err := strconv.ParseInt(secs.Value, 10, 64); err == nil && secs.Kind == yaml.ScalarNode && v >= 0 {
			h.lasts, h.known = time.Duration(v)*time.Second, true
		}
		return h
	}
	cmd := get(get(n, "exec"), "command")
	if cmd == nil || cmd.Kind != yaml.SequenceNode {
		return h
	}
	h.at = a.r.At(mpath, cmd.Line)
	var words, quoted []string
	for _, w := range cmd.Content {
		if w.Kind != yaml.ScalarNode {
			return h
		}
		words = append(words, w.Value)
		quoted = append(quoted, strconv.Quote(w.Value))
	}
	h.what = "exec [" + strings.Join(quoted, ", ") + "]"
	if len(words) == 3 && slices.Contains([]string{"sh", "bash", "ash", "dash"}, path.Base(words[0])) && words[1] == "-c" {
		words = strings.Fields(words[2])
	}
	if len(words) < 2 || path.Base(words[0]) != "sleep" {
		return h
	}
	for _, w := range words[1:] {
		d, ok := sleepDuration(w)
		if !ok {
			return h
		}
		h.lasts += d
	}
	h.known = true
	return h
}

// sleepDuration returns the time an operand of the sleep command stands for: a
// number of seconds, or of minutes, hours or days with the suffix m, h or d.
func sleepDuration(w string) (time.Duration, bool) {
	unit := time.Second
	switch {
	case strings.HasSuffix(w, "s"):
		w = strings.TrimSuffix(w, "s")
	case strings.HasSuffix(w, "m"):
		w, unit = strings.TrimSuffix(w, "m"), time.Minute
	case strings.HasSuffix(w, "h"):
		w, unit = strings.TrimSuffix(w, "h"), time.Hour
	case strings.HasSuffix(w, "d"):
		w, unit = strings.TrimSuffix(w, "d"), 24*time.Hour
	}
	if w == "" || !strings.ContainsAny(w[:1], "0123456789.") {
		return 0, false // not a number, or "inf" or a sign
	}
	v, err := strconv.ParseFloat(w, 64)
	if err != nil || v*float64(unit) >= math.MaxInt64 {
		return 0, false
	}
	return time.Duration(v * float64(unit)), true
}

// procsFromLimit is the value of a GOMAXPROCS that the Downward API sets to the CPU
// limit of its own container (see procsRef).
const procsFromLimit = "(limits.cpu)"

// procsRef returns the value of a GOMAXPROCS set by the Downward API's
// resourceFieldRef ref in the container called name: procsFromLimit for the
// container's CPU limit in CPUs (resource limits.cpu, no divisor or one of 1, and no
// containerName or its own), which Kubernetes rounds up to a whole number;
// "(valueFrom)", a value that does not follow the limit, for another divisor (1m
// gives millicores) or another container's limit. It reports false for another
// resource (requests.cpu), which is left out.
func procsRef(ref *yaml.Node, name string) (string, bool) {
	res := get(ref, "resource")
	if res == nil || res.Value != "limits.cpu" {
		return "", false
	}
	if other := get(ref, "containerName"); other != nil && other.Value != "" && other.Value != name {
		return "(valueFrom)", true
	}
	if d := get(ref, "divisor"); d != nil && !divisorOne(d.Value) {
		return "(valueFrom)", true
	}
	return procsFromLimit, true
}

// divisorOne reports whether the divisor of a resourceFieldRef is 1 ("1", "1000m"),
// which gives the resource in its base unit: CPUs, or bytes.
func divisorOne(d string) bool {
	f, err := strconv.ParseFloat(strings.TrimSuffix(d, "m"), 64)
	if strings.HasSuffix(d, "m") {
		f /= 1000
	}
	return err == nil && f == 1
}

// memFromLimit is the value of a GOMEMLIMIT that the Downward API sets to a memory
// resource in bytes; memDivided opens that of one it sets in other units, followed
// by the divisor and ")" (see memRef).
const (
	memFromLimit = "(memory in bytes)"
	memDivided   = "(memory divided by "
)

// memRef returns the value of a GOMEMLIMIT set by the Downward API's
// resourceFieldRef ref: memFromLimit for a memory resource (limits.memory,
// requests.memory) with no divisor or one of 1, a number of bytes; memDivided and
// the divisor for another divisor (1Mi gives mebibytes, which the runtime reads as
// bytes); "(valueFrom)", a value this audit does not read, for another resource.
func memRef(ref *yaml.Node) string {
	if res := get(ref, "resource"); res == nil || !strings.HasSuffix(res.Value, ".memory") {
		return "(valueFrom)"
	}
	if d := get(ref, "divisor"); d != nil && !divisorOne(d.Value) {
		return memDivided + d.Value + ")"
	}
	return memFromLimit
}

// walkContainers calls fn for every mapping under n that holds an image name, an
// env list or an envFrom list: a container (or an ephemeral one, or a native
// sidecar, see initOnly). The items of an initContainers list that run to
// completion before the containers start are left out: their environment, probes
// and hooks are their own, and they have exited when the service runs.
func walkContainers(n *yaml.Node, fn func(*yaml.Node)) {
	if n.Kind == yaml.MappingNode {
		image, env, from := get(n, "image"), get(n, "env"), get(n, "envFrom")
		if image != nil && image.Kind == yaml.ScalarNode || env != nil && env.Kind == yaml.SequenceNode || from != nil && from.Kind == yaml.SequenceNode {
			fn(n)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "initContainers" && n.Content[i+1].Kind == yaml.SequenceNode {
				for _, item := range n.Content[i+1].Content {
					if !initOnly(item) {
						walkContainers(item, fn)
					}
				}
				continue
			}
			walkContainers(n.Content[i+1], fn)
		}
		return
	}
	for _, c := range n.Content {
		walkContainers(c, fn)
	}
}

// initOnly reports whether item, an entry of a pod spec's initContainers list,
// runs to completion before the pod's containers start: any but a native sidecar
// (restartPolicy: Always), which keeps running beside them.
func initOnly(item *yaml.Node) bool {
	policy := get(item, "restartPolicy")
	return policy == nil || policy.Value != "Always"
}

// ties returns the main packages of mains that the container runs, as far as names
// tell: those one of whose names (see mainNames) is the container's name or its
// image's (the last element of the repository, without tag or digest). A name that
// only holds it among other words ("orders-otel-collector") is a sidecar's as often
// as not, and ties nothing. When no main package is tied so, the container is tied
// to the only main package of a module of several (a go.work monorepo's) that is
// named after the module's path (see moduleName): "billing" for
// services/billing/cmd/server of example.com/acme/billing.
func (c container) ties(mains []*repo.Main) []*repo.Main {
	var out []*repo.Main
	for _, m := range mains {
		if slices.ContainsFunc(mainNames(m, mains), c.named) {
			out = append(out, m)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, m := range mains {
		if onlyMainOf(m, mains) && c.named(moduleName(m)) {
			out = append(out, m)
		}
	}
	return out
}

// tie is how a manifest container is tied to a program's main package (see tieOf).
type tie int

const (
	tiedElsewhere tie = iota // to another main package only
	tiedNowhere              // to no main package
	tiedHere                 // to the program's
)

// tieOf tells how the manifest container c is tied to p's main package, as far as
// names tell: through container.ties, or, for the only service of the repository, by
// the module path's last element when c is tied to no main package (the only
// service's image is often named after the repository). Every check that reads the
// manifest containers of a program ties them here.
func (a *auditor) tieOf(c container, p *program) tie {
	switch ties := c.ties(a.r.Mains); {
	case slices.Contains(ties, p.main):
		return tiedHere
	case len(ties) > 0:
		return tiedElsewhere
	case a.services == 1 && c.named(moduleName(p.main)):
		return tiedHere
	}
	return tiedNowhere
}

// onlyMainOf reports whether m is the only main package of mains in its module, in a
// repository whose main packages are in several modules.
func onlyMainOf(m *repo.Main, mains []*repo.Main) bool {
	mod := m.Package.Module
	if mod == nil {
		return false
	}
	several := false
	for _, o := range mains {
		if o == m {
			continue
		}
		if o.Package.Module == mod {
			return false
		}
		several = true
	}
	return several
}

// named reports whether the container's name or its image's is name, compared in
// lower case with '_' as '-'.
func (c container) named(name string) bool {
	name = normName(name)
	return name != "" && (normName(c.name) == name || normName(imageName(c.image)) == name)
}

// mainNames returns the names that a container or image of the main package m is
// taken to carry: its name (see mainName) or, when another main package of mains has
// the same one, that name after the nearest directory above it other than cmd, or
// else the module path's last element ("orders-api" for services/orders/cmd/api).
func mainNames(m *repo.Main, mains []*repo.Main) []string {
	name := mainName(m)
	shared := slices.ContainsFunc(mains, func(o *repo.Main) bool { return o != m && normName(mainName(o)) == normName(name) })
	if !shared {
		return []string{name}
	}
	dir := path.Dir(m.Dir())
	for dir != "." && dir != "/" && path.Base(dir) == "cmd" {
		dir = path.Dir(dir)
	}
	prefix := path.Base(dir)
	if dir == "." || dir == "/" || m.Package.Module != nil && dir == m.Package.Module.Dir {
		prefix = moduleName(m)
	}
	return []string{prefix + "-" + name}
}

// mainName is the name a main package's binary takes by default: its directory's
// last element, or the module path's (see moduleName) at the module root.
func mainName(m *repo.Main) string {
	dir := m.Dir()
	if mod := m.Package.Module; mod != nil && (dir == mod.Dir || dir == ".") {
		return moduleName(m)
	}
	return path.Base(dir)
}

// moduleName is the last element of the module path of m, without a major version
// suffix, or "" outside every module.
func moduleName(m *repo.Main) string {
	mod := m.Package.Module
	if mod == nil {
		return ""
	}
	p := mod.Path
	if base := path.Base(p); len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		p = path.Dir(p)
	}
	return path.Base(p)
}

// imageName returns the last element of an image reference's repository, without
// tag or digest: "worker" for ghcr.io/acme/worker:1.0.0.
func imageName(ref string) string {
	ref, _, _ = strings.Cut(ref, "@")
	ref = path.Base(ref)
	ref, _, _ = strings.Cut(ref, ":")
	return ref
}

// normName returns name in lower case with '_' as '-'.
func normName(name string) string {
	return strings.ReplaceAll(strings.ToLower(name), "_", "-")
}

// untracedPublic returns the servers main's flow starts that are the public
// listener (see public) and do not serve the tracing middleware isMiddleware
// matches, by name and address, with where they start. A server built inside a
// function that serves a handler it is given, and serves the middleware there,
// leaves the call sites unjudged: nothing is returned.
func (p *program) untracedPublic(isMiddleware func(*pfile, ast.Node) bool) ([]string, []repo.Evidence) {
	funcs := p.reaching(isMiddleware)
	for _, l := range p.litsOf("net/http", "Server") {
		if l.inWrapper && p.runs(l.site) && p.servesOn(server{site: l.site}, funcs, isMiddleware) {
			return nil, nil
		}
	}
	servers := p.servers()
	var names []string
	var at []repo.Evidence
	for _, s := range servers {
		if !p.runs(s.site) || p.servesOn(s, funcs, isMiddleware) {
			continue
		}
		if c, ok := s.node.(*ast.CallExpr); ok && funcs[p.funcID(s.file, c.Fun)] {
			continue // built by a function of the program that wraps a handler in the middleware (prodServe's)
		}
		_, handlerNames := p.trace(s.file, s.fn, s.handler)
		if !p.public(s, handlerNames, p.handlerCode(s.file, s.fn, s.handler, 0), servers, s.fn) {
			continue
		}
		name := s.kind
		if addr, ok := unparenLit(s.addr); ok {
			name += " on " + addr
		}
		names = append(names, name)
		at = append(at, p.at(s.node))
	}
	return dedupe(names), at
}

// tracedOnSomePaths returns a server main's flow starts whose handler is wrapped in
// the tracing middleware on some paths only: servesOn tells it serves it, but not
// with one of the values its handler variable may hold (see pathServers); that
// value is returned too.
func (p *program) tracedOnSomePaths(isMiddleware func(*pfile, ast.Node) bool) (server, ast.Expr, bool) {
	funcs := p.reaching(isMiddleware)
	for _, s := range p.servers() {
		if !p.runs(s.site) || !p.servesOn(s, funcs, isMiddleware) {
			continue
		}
		for _, v := range p.pathServers(s) {
			if !p.servesOn(v, funcs, isMiddleware) {
				return s, v.handler, true
			}
		}
	}
	return server{}, nil, false
}

// OpenTelemetry instrumentation, by import path.
const (
	otelgin  = "go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
	otelhttp = "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	echootel = "github.com/labstack/echo-opentelemetry"
	otelmux  = "go.opentelemetry.io/contrib/instrumentation/github.com/gorilla/mux/otelmux"
	otelchi  = "github.com/riandyrn/otelchi"
)

// deprecatedOTel are instrumentation packages that are deprecated, with their
// replacement.
var deprecatedOTel = []struct{ path, replacement string }{
	{"go.opentelemetry.io/contrib/instrumentation/github.com/labstack/echo/otelecho", "github.com/labstack/echo-opentelemetry (Echo v5) or otelhttp.NewHandler around the Echo v4 router (otelecho is deprecated and removed from contrib v0.72.0)"},
	{"go.opentelemetry.io/otel/exporters/jaeger", "the OTLP exporter (go.opentelemetry.io/otel/exporters/otlp/otlptrace); Jaeger accepts OTLP"},
	{"github.com/opentracing/opentracing-go", "the OpenTelemetry API (go.opentelemetry.io/otel); OpenTracing is archived"},
	{"go.opencensus.io", "the OpenTelemetry API (go.opentelemetry.io/otel); OpenCensus is archived"},
}

func (a *auditor) checkOTel(p *program) Result {
	if r, ok := p.unreadResult("that tracing middleware wraps the handlers and a propagator is set"); ok {
		return r
	}
	fix := "gonew-prod add otel: SDK from OTEL_* variables, W3C propagation, the official middleware for the router."
	middleware := map[string][]string{otelhttp: {"NewHandler", "NewMiddleware"}}
	switch p.main.Framework {
	case repo.Gin:
		middleware[otelgin] = []string{"Middleware"}
	case repo.Echo5:
		middleware[echootel] = []string{"NewMiddleware"}
	case repo.Gorilla:
		middleware[otelmux] = []string{"Middleware"}
	case repo.Chi:
		middleware[otelchi] = []string{"Middleware"}
	}
	// isMiddleware matches the references (not the calls: a call with the router as
	// argument wraps it, and the wrapper is what must be served).
	isMiddleware := func(pf *pfile, n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		pkg, name, ok := pf.qualified(sel)
		return ok && slices.ContainsFunc(middleware[pkg], func(m string) bool { return strings.HasPrefix(name, m) })
	}
	var mw []repo.Evidence
	for _, r := range p.refs {
		if isMiddleware(r.file, r.node) && p.runs(r.site) {
			mw = append(mw, p.at(r.node))
		}
	}
	built := mw
	unserved := len(mw) > 0 && !p.serves(isMiddleware)
	if unserved {
		mw = nil
	}
	var untraced []string // public servers whose handler no tracing middleware wraps
	var untracedAt []repo.Evidence
	if len(mw) > 0 {
		untraced, untracedAt = p.untracedPublic(isMiddleware)
	}
	var deprecated []string
	var depEv []repo.Evidence
	for _, d := range deprecatedOTel {
		if s := p.importsOf(d.path); len(s) > 0 {
			deprecated = append(deprecated, importPath(s[0].node)+" is deprecated: use "+d.replacement)
			depEv = append(depEv, p.at(s[0].node))
		}
	}
	// The middleware's own propagators (WithPropagators) replace the global ones for
	// the handlers it wraps: a set of them that extracts no trace context is judged
	// like the global one, and when every use of the middleware is a call given
	// its own, the global propagator does not matter to what it extracts.
	var ownNoTrace, ownAt, public, ownUnsureAt []repo.Evidence
	var ownUnsure []string // own propagators this audit cannot tell, and why, with ownUnsureAt what decides
	var publicNames []string
	calls, owned := 0, 0
	for _, c := range p.calls {
		if _, ok := middleware[c.pkg]; !ok || !isMiddleware(c.file, c.expr.Fun) || !p.runs(c.site) {
			continue
		}
		calls++
		// WithPublicEndpoint (or a Fn that says so for a request) makes the
		// middleware start a new trace and only link the incoming one.
		for _, opt := range [][2]string{{"WithPublicEndpoint", "PublicEndpoint"}, {"WithPublicEndpointFn", "PublicEndpointFn"}} {
			for _, o := range p.middlewareOptions(c, opt[0], opt[1]) {
				if v, ok := p.constValue(o); ok && v.Kind() == constant.Bool && !constant.BoolVal(v) {
					continue // PublicEndpoint: false
				}
				public, publicNames = append(public, p.at(o)), append(publicNames, opt[0])
			}
		}
		own := p.ownPropagators(c)
		if len(own) > 0 {
			owned++
			ownAt = append(ownAt, p.at(own[0]))
		}
		for _, e := range own {
			pf, fn := p.enclosing(e.Pos())
			switch v, n := p.extractionOf(pf, fn, e, 0); v {
			case extractsNone:
				ownNoTrace = append(ownNoTrace, p.at(e))
			case extractsSomePaths, extractsUnknown:
				ownUnsure, ownUnsureAt = append(ownUnsure, types.ExprString(e)+", "+p.unsureExtraction(v, n)), append(ownUnsureAt, p.at(n))
			}
		}
	}
	allOwn := calls > 0 && owned == calls && calls == len(built)
	provider := p.tracerProvider(middleware, isMiddleware, calls == len(built))
	some, someAt, _ := p.tracedOnSomePaths(isMiddleware)
	var prop, deadProp, noTrace, unsureAt []repo.Evidence
	var unsure []string // propagators set that this audit cannot tell, and why, with unsureAt where and what decides
	for _, c := range p.callsTo("go.opentelemetry.io/otel", "SetTextMapPropagator") {
		if !p.runs(c.site) {
			deadProp = append(deadProp, p.at(c.expr))
			continue
		}
		v, n := extractsTrace, ast.Node(nil)
		if len(c.expr.Args) == 1 {
			v, n = p.extractionOf(c.file, c.fn, c.expr.Args[0], 0)
		}
		switch v {
		case extractsNone:
			noTrace = append(noTrace, p.at(c.expr))
		case extractsSomePaths, extractsUnknown:
			at := p.at(c.expr)
			unsure = append(unsure, fmt.Sprintf("the propagator set with otel.SetTextMapPropagator (%s:%d) is %s, %s", at.File, at.Line, types.ExprString(c.expr.Args[0]), p.unsureExtraction(v, n)))
			unsureAt = append(unsureAt, at, p.at(n))
		default:
			prop = append(prop, p.at(c.expr))
		}
	}
	// A propagator set that this audit cannot tell is none of those it can: the
	// verdicts that need one that extracts, or none, wait for it.
	told := len(unsure) == 0
	switch {
	case len(deprecated) > 0:
		return Result{Status: Warn, Message: strings.Join(deprecated, "; "), Evidence: append(depEv, mw...), Fix: fix}
	case len(mw) > 0 && len(ownNoTrace) > 0:
		return Result{Status: Fail, Message: "tracing middleware is given its own propagators (WithPropagators), which replace the global ones for what it wraps and extract no trace context (only baggage, or none): every request starts a new trace", Evidence: append(mw[:1], ownNoTrace...), Fix: "Include propagation.TraceContext{} (or B3, Jaeger) in the middleware's propagators, or drop the option so that it uses the global propagator set with otel.SetTextMapPropagator, or run " + fix}
	case len(mw) > 0 && len(prop) == 0 && told && len(noTrace) > 0 && !allOwn:
		return Result{Status: Fail, Message: "tracing middleware is installed but the propagator set extracts no trace context (only baggage, or none): every request starts a new trace", Evidence: append(mw[:1], noTrace...), Fix: "Include propagation.TraceContext{} (or B3, Jaeger) in the propagator: otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})), or run " + fix}
	case len(mw) > 0 && len(prop) == 0 && told && len(deadProp) > 0 && !allOwn:
		return Result{Status: Fail, Message: "tracing middleware is installed but no propagator is: otel.SetTextMapPropagator is only called in a function that main's flow never calls, so the default propagates nothing and every request starts a new trace", Evidence: append(mw, deadProp...), Fix: "Call the function that sets the propagator at start, or run " + fix}
	case len(mw) > 0 && len(prop) == 0 && told && !allOwn:
		return Result{Status: Fail, Message: "tracing middleware is installed but no propagator is (otel.SetTextMapPropagator): the default propagates nothing, so every request starts a new trace", Evidence: mw, Fix: "Call otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})) at start, or run " + fix}
	case len(untraced) > 0:
		return Result{Status: Warn, Message: "no tracing middleware wraps the handler of the public server (" + strings.Join(untraced, "; ") + "): incoming trace context on the API is dropped; only another server is traced", Evidence: append(untracedAt, mw[0]), Fix: "Wrap the public server's handler with the tracing middleware (otelhttp.NewHandler(mux, name) or the router's own), or run " + fix}
	case len(mw) > 0 && len(public) > 0:
		return Result{Status: Warn, Message: fmt.Sprintf("tracing middleware is given %s (%s:%d): it starts a new trace for each request and only links the incoming one, so a caller's trace is not continued; that is right only at a public edge that must not trust callers' trace context", strings.Join(dedupe(publicNames), " and "), public[0].File, public[0].Line), Evidence: append(mw[:1], public...), Fix: "Drop " + strings.Join(dedupe(publicNames), " and ") + " from the middleware unless this service is the public edge (then the incoming trace stays linked to each request's span), or run " + fix}
	case len(mw) > 0 && provider.status != Pass:
		return Result{Status: provider.status, Message: provider.message, Evidence: append(mw[:1], provider.ev...), Fix: provider.fix + fix}
	case len(mw) > 0 && someAt != nil:
		return Result{Status: Unknown, Message: fmt.Sprintf("tracing middleware wraps the router on some paths only: a server serves %s, which may be %s (assigned under a condition or in a loop), with no tracing middleware around it; check by hand that this path never runs in production", types.ExprString(some.handler), types.ExprString(someAt)), Evidence: []repo.Evidence{mw[0], p.at(some.node), p.at(someAt)}, Fix: "Wrap whatever the handler ends up being in the tracing middleware (handler = otelhttp.NewHandler(handler, name) as its last assignment), or run " + fix}
	case len(mw) > 0 && len(ownUnsure) > 0:
		return Result{Status: Unknown, Message: "tracing middleware is given its own propagators (WithPropagators), which replace the global ones for what it wraps: " + strings.Join(ownUnsure, "; ") + ": check that they include propagation.TraceContext{} (or B3, Jaeger) on every path; without it every request starts a new trace", Evidence: append(mw[:1], ownUnsureAt...), Fix: "Include propagation.TraceContext{} (or B3, Jaeger) in the middleware's propagators, or run " + fix}
	case len(mw) > 0 && len(prop) == 0 && !told && !allOwn:
		return Result{Status: Unknown, Message: "tracing middleware is installed, but " + strings.Join(unsure, "; ") + ": check that it includes propagation.TraceContext{} (or B3, Jaeger) on every path; without it every request starts a new trace", Evidence: append(mw[:1], unsureAt...), Fix: "Set otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})), or run " + fix}
	case len(mw) > 0 && len(prop) == 0:
		return Result{Status: Pass, Message: "tracing middleware wraps the router and a propagator is installed (the middleware's own, WithPropagators)", Evidence: append(mw[:1], ownAt[0])}
	case len(mw) > 0:
		return Result{Status: Pass, Message: "tracing middleware wraps the router and a propagator is installed", Evidence: append(mw[:1], prop[0])}
	}
	if r, ok := a.declined(p.main.Dir(), "otel", "OpenTelemetry"); ok {
		return r
	}
	msg := "no tracing middleware wraps the router: incoming trace context is dropped"
	where := p.placeOfServer()
	if unserved {
		msg = "no tracing middleware wraps the router a server serves (the tracing handler built is not what is served): incoming trace context is dropped"
		where = append(where, built[0])
		for _, c := range p.calls {
			if p.useAfterRoutes(c) && p.runs(c.site) && slices.ContainsFunc(c.expr.Args, func(a ast.Expr) bool { return containsNode(a, c.file, isMiddleware) }) {
				msg = "no tracing middleware wraps the router a server serves: it is added with Use after every route of the gin router (gin applies a middleware only to the routes registered after its Use), so no request is traced and incoming trace context is dropped"
				where = append(where, p.at(c.expr))
				fix = "Add the tracing middleware with Use before registering the routes (gin copies the router's middleware into each route as it is registered), or run " + fix
				break
			}
		}
	}
	if p.main.Framework == repo.Echo4 {
		msg += " (Echo v4 has no maintained OTel middleware: wrap the router with otelhttp.NewHandler)"
	}
	return Result{Status: Warn, Message: msg, Evidence: where, Fix: fix, Missing: true}
}
