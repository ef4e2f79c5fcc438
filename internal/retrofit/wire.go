package retrofit

import (
	"fmt"
	"go/ast"
	"go/build/constraint"
	"go/token"
	"net"
	"slices"
	"strconv"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/audit"
	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// The functions of the generated wiring file that the user's main package calls:
// prodServe (an address and a handler) and prodServeServer (an *http.Server), each with
// two variants named by a suffix (see serveCall.replacement); and the framework's
// tracing middleware.
const (
	fnServe       = "prodServe"
	fnServeServer = "prodServeServer"
	thenExit      = "ThenExit"
	closed        = "Closed"
	fnMiddleware  = "prodOTelMiddleware"
	// fnEchoServer readies the *http.Server an Echo v4 router's Start serves (e.Server).
	fnEchoServer = "prodEchoServer"
)

// isServeFunc reports whether name is one of the serving functions of the wiring file.
func isServeFunc(name string) bool {
	for _, fn := range []string{fnServe, fnServeServer} {
		if name == fn || name == fn+thenExit || name == fn+closed {
			return true
		}
	}
	return false
}

// wiringFile is the name of the generated file of package main.
const wiringFile = "gonew_prod.go"

// Block ids of the edits to the user's Go files.
const (
	blockWire = "wire"
	blockOTel = "otel"
)

// serveCall is a call that blocks serving HTTP.
type serveCall struct {
	file *goFile
	call *ast.CallExpr
	// server reports a call the wiring serves as an *http.Server (prodServeServer), else
	// as an address and a handler (prodServe); args are the source of the arguments.
	server bool
	args   []string
	// addr is the source text of the address the call listens on, "" when the code
	// does not say (gin's Run(), a server's ListenAndServe() whose Addr is not seen).
	addr string
	// handler is what serves the requests: the router whose method serves, the handler
	// argument, or the server's Handler field; nil when not seen.
	handler ast.Expr
	// unsupported says why the call cannot be wired, "" when it can.
	unsupported string
	// done reports a call of gonew_prod.go's, prodServe or its kin: wired by hand.
	done        bool
	inMain      bool // in func main's own flow: not in a function literal or a go statement
	inGoroutine bool // started by a go statement
	// fate is what the code around the call does with its error.
	fate errFate
	// defaultMux reports that the call serves http.DefaultServeMux: a nil handler, that
	// one named, or a server literal without a Handler.
	defaultMux bool
	// netHTTP reports a call of net/http's (http.ListenAndServe, a server's
	// ListenAndServe), which listens at ":http" (port 80) for an empty address.
	netHTTP bool
	// handedTo is the source of the call a method value srv.ListenAndServe is handed to
	// (g.Go(srv.ListenAndServe), see handed), which runs it: c.call then stands for
	// srv.ListenAndServe() at the method value. "" for a call written as such.
	handedTo string
}

// errFate is what the code around a serving call does with the call's error, which
// decides the variant that replaces it: the one after whose clean drain that code does
// what it did after a stop it expected.
type errFate int

const (
	// fateNil: the error is checked against nil (or compared with some error, or
	// dropped), so the nil prodServe returns after a clean drain reads as a clean stop.
	fateNil errFate = iota
	// fateClosed: the error is compared with http.ErrServerClosed, which the Closed
	// variants return after a clean drain, as ListenAndServe does after Shutdown.
	fateClosed
	// fateExit: the error is treated as never nil (passed to log.Fatal or any other
	// call, wrapped, or followed by an exit whatever it is), or the call runs in a
	// goroutine: the ThenExit variants end the process, with 0 after a clean drain.
	fateExit
)

// joinFates returns the fate of an error that meets all of fates: theirs when they
// agree, else fateExit (the variant whose exit code is right whatever the code around
// it does), and fateNil for none.
func joinFates(fates []errFate) errFate {
	if len(fates) == 0 {
		return fateNil
	}
	for _, f := range fates[1:] {
		if f != fates[0] {
			return fateExit
		}
	}
	return fates[0]
}

// Why a serving call is not wired.
const (
	unsupportedTLS      = "serves TLS, which add does not rewrite (the mtls component serves TLS through prodServe, from TLS_CERT_FILE and TLS_KEY_FILE)"
	unsupportedListener = "serves a listener the program opens, which add does not rewrite (prodServe listens on an address)"
	unsupportedEcho     = "serves a server Echo sets up itself, which add does not rewrite"
	unsupportedOwnType  = "is a method of a type of the package's own"
)

// replacement returns the call that replaces c: prodServe or prodServeServer, their
// ThenExit variant where the process is to end after the shutdown (a goroutine, an
// error passed on or followed by an exit: exit 0 after a clean drain), their Closed
// variant where the code checks for http.ErrServerClosed (returned after a clean drain,
// as the replaced call does after Shutdown), else the plain call (nil after a clean
// drain).
func (c *serveCall) replacement() string {
	return c.variant(c.fate)
}

// variant returns the call of the variant for fate that replaces c.
func (c *serveCall) variant(fate errFate) string {
	fn := fnServe
	if c.server {
		fn = fnServeServer
	}
	switch fate {
	case fateExit:
		fn += thenExit
	case fateClosed:
		fn += closed
	}
	v := fn + "(" + strings.Join(c.args, ", ") + ")"
	if c.handedTo != "" {
		// What the group runs in place of the method value.
		return "func() error { return " + v + " }"
	}
	return v
}

// where returns the file and line of c.
func (c *serveCall) where(fset *token.FileSet) string {
	return fmt.Sprintf("%s:%d", c.file.path, repo.Line(fset, c.call.Pos()))
}

// port returns the port of the address the call listens on when its source is a string
// literal such as ":3000" or "0.0.0.0:3000".
func (c *serveCall) port() (int, bool) {
	addr, err := strconv.Unquote(c.addr)
	if err != nil {
		return 0, false
	}
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		return 0, false
	}
	n, err := strconv.Atoi(p)
	if err != nil || n <= 0 || n >= 1<<16 {
		return 0, false
	}
	return n, true
}

// wiring is what the main package shows of its serving call and its router.
type wiring struct {
	// chosen is the call the service serves with; serve is the same when add can wire
	// it, else nil and problem says why (or chosen.done: wired already).
	chosen, serve *serveCall
	problem       string
	// others are the serving calls left as they are.
	others []*serveCall
	// router is where the middleware goes; nil when not known, and routerProblem says
	// why.
	router        *router
	routerProblem string
	// selfShutdown describes where the package catches SIGINT or SIGTERM and calls
	// Shutdown itself, "" when it does not; caught where it catches one but calls no
	// Shutdown (nothing drains: gonew-prod's serving code may), "" when it does not.
	selfShutdown, caught string
	// debugImports are the imports of the package's files that register on
	// http.DefaultServeMux (net/http/pprof, expvar), as "file imports path".
	debugImports []string
	// tracing is where the package installs a tracing middleware of its own, or "".
	tracing string
	// provider is where the package installs an OpenTelemetry provider of its own
	// (otel.SetTracerProvider), or "".
	provider string
	// memoryLimit is where the package sets a memory limit of its own
	// (debug.SetMemoryLimit), or "".
	memoryLimit string
	// unbuilt are the serving calls in files of the main package that the default build
	// leaves out, each with the constraint that builds it:
	// "cmd/svc/main_windows.go:13 (//go:build windows)".
	unbuilt []string
	// addrs are the calls of package main that pass an address literal with a port
	// (server.New(":8088")), when no serving call is chosen: where the program may say
	// where it listens, as "file:line call", and the port.
	addrs []addrArg
}

// addrArg is a call passing an address literal with a port: where, and the port.
type addrArg struct {
	at   string
	port int
}

// addrArgs returns the calls of the files of m that pass a string literal naming a
// port (":8088", "0.0.0.0:8088"), the first of each call.
func (m *mainPkg) addrArgs() []addrArg {
	var out []addrArg
	for _, f := range m.files {
		ast.Inspect(f.syntax, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			for _, a := range call.Args {
				lit, ok := unparen(a).(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				v, err := strconv.Unquote(lit.Value)
				if err != nil {
					continue
				}
				if port, ok := addrPort(v); ok {
					out = append(out, addrArg{at: fmt.Sprintf("%s:%d %s", f.path, repo.Line(m.fset, call.Pos()), f.src(m.fset, call)), port: port})
					break
				}
			}
			return true
		})
	}
	return out
}

// addrPort returns the port of the listen address v, host:port with a numeric port
// and a host that is empty, a name or an IP address.
func addrPort(v string) (int, bool) {
	host, port, err := net.SplitHostPort(v)
	if err != nil || strings.ContainsAny(host, " /") {
		return 0, false
	}
	n, err := strconv.Atoi(port)
	return n, err == nil && n > 0 && n < 65536
}

// providerCalls are the calls that install the program's own OpenTelemetry providers,
// which gonew-prod's telemetry setup would replace.
var providerCalls = callSet{"go.opentelemetry.io/otel": {"", []string{"SetTracerProvider", "SetMeterProvider"}}}

// memoryLimitCalls are the calls that set the program's memory limit in code.
var memoryLimitCalls = callSet{"runtime/debug": {"", []string{"SetMemoryLimit"}}}

// debugPackages are the packages whose import registers debug handlers on
// http.DefaultServeMux.
var debugPackages = []string{"net/http/pprof", "expvar"}

// debugNote returns what add says when the serving call serves http.DefaultServeMux
// and the package imports a debug package registering there: the wired call hides
// those paths from the public listener (see prodRun in gonew_prod.go), and until it is
// wired they are public. It returns "" otherwise. pprof reports the pprof component,
// which serves profiles on the admin listener.
func (w *wiring) debugNote(fset *token.FileSet, wired, pprof bool) string {
	if w.serve == nil || !w.serve.defaultMux || len(w.debugImports) == 0 {
		return ""
	}
	msg := fmt.Sprintf("%s, registering /debug/pprof/ or /debug/vars on http.DefaultServeMux, which %s serves: ", strings.Join(w.debugImports, " and "), w.serve.where(fset))
	if wired {
		msg += "the wired call answers 404 there on the public listener"
	} else {
		msg += "anyone can profile the service or read its variables there until the call is wired, after which the public listener answers 404 there"
	}
	if pprof {
		return msg + "; profiles are served on the admin listener, with a token (PPROF_ENABLED, PPROF_TOKEN)"
	}
	return msg + "; add pprof serves profiles on an admin listener, with a token"
}

// isDefaultMux reports whether e is nil or http.DefaultServeMux.
func isDefaultMux(f *goFile, e ast.Expr) bool {
	if id, ok := unparen(e).(*ast.Ident); ok && id.Name == "nil" {
		return true
	}
	p, name, ok := f.qualified(unparen(e))
	return ok && p == "net/http" && name == "DefaultServeMux"
}

// findWiring looks through the files of the main package that the default build
// compiles for its serving calls, chooses the one to wire, and finds its router.
func findWiring(r *repo.Repo, main *repo.Main, own *generator.Record) wiring {
	m := loadMain(r, main, own)
	// The method values handed to a group that runs them, as audit reads them.
	handedTo := map[ast.Node]*ast.CallExpr{}
	for _, h := range audit.HandedServes(r, main) {
		handedTo[h.Value] = h.Group
	}
	var calls []*serveCall
	var untyped []string // r.Run(...) and e.Start(...) on values of a type add cannot tell
	for _, f := range m.files {
		inspectStack(f.syntax, func(stack []ast.Node) {
			if sel, ok := stack[len(stack)-1].(*ast.SelectorExpr); ok && handedTo[sel] != nil {
				if c := m.handed(f, sel, handedTo[sel], stack); c != nil {
					calls = append(calls, c)
				}
				return
			}
			call, ok := stack[len(stack)-1].(*ast.CallExpr)
			if !ok {
				return
			}
			fn := f.enclosing(call.Pos())
			if c := m.classify(f, fn, call); c != nil {
				m.situate(c, fn, stack)
				calls = append(calls, c)
			} else if sel, ok := call.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Run" || sel.Sel.Name == "Start") {
				// A value of a type of a repository package (server.New() declared to
				// return *server.Server) is seen: none add can wire.
				if k := m.kindOf(f, fn, sel.X, 0); k == (kind{}) {
					untyped = append(untyped, fmt.Sprintf("%s:%d %s", f.path, repo.Line(m.fset, call.Pos()), f.src(m.fset, call)))
				}
			}
		})
	}
	w := wiring{tracing: m.tracingMiddleware(), provider: m.uses(providerCalls), memoryLimit: m.uses(memoryLimitCalls)}
	w.selfShutdown, w.caught = m.selfShutdown()
	for _, f := range m.files {
		for _, p := range debugPackages {
			if _, ok := f.names[p]; ok {
				w.debugImports = append(w.debugImports, f.path+" imports "+p)
			}
		}
	}
	w.choose(m.fset, calls, main.Dir())
	w.unbuilt = m.unbuiltCalls()
	if w.chosen == nil && len(calls) == 0 {
		elsewhere := ""
		if at := m.servedElsewhere(); at != "" {
			elsewhere = fmt.Sprintf("the server starts in %s, outside package main, where %s cannot be called: have that code hand its handler (or its *http.Server) to main and serve it there with %s", at, fnServe, fnServe)
		}
		switch {
		case len(untyped) > 0 && elsewhere != "":
			w.problem = fmt.Sprintf("no call serving HTTP that add can tell in package main (%s): %s may serve one, but add cannot see the type of its receiver, and %s", main.Dir(), strings.Join(untyped, ", "), elsewhere)
		case len(untyped) > 0:
			w.problem = fmt.Sprintf("no call serving HTTP that add can tell in package main (%s): %s may serve one, but add cannot see the type of its receiver (a router built outside package main?); serve your handler with %s(addr, handler) where the server starts", main.Dir(), strings.Join(untyped, ", "), fnServe)
		case elsewhere != "":
			w.problem = fmt.Sprintf("package main (%s) has no serving call: %s", main.Dir(), elsewhere)
		}
	}
	if w.chosen == nil {
		w.addrs = m.addrArgs()
	}
	w.router, w.routerProblem = m.servedRouter(w.chosen)
	return w
}

// unbuiltCalls returns where the files of the main package that the default build leaves
// out serve HTTP, the first serving call of each that does not serve through gonew-prod, with the constraint that builds the
// file (its //go:build line, else its name's GOOS or GOARCH suffix). A file only
// //go:build ignore builds is left out: no build compiles it.
func (m *mainPkg) unbuiltCalls() []string {
	var out []string
	for _, f := range m.unbuilt {
		built := "by its name's GOOS or GOARCH suffix"
		head := f.content[:min(len(f.content), max(0, m.fset.Position(f.syntax.Package).Offset))]
		for _, line := range strings.Split(string(head), "\n") {
			if line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff")); constraint.IsGoBuild(line) {
				built = line
			}
		}
		if built == "//go:build ignore" {
			continue
		}
		var found *serveCall
		ast.Inspect(f.syntax, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && found == nil {
				found = m.classify(f, f.enclosing(call.Pos()), call)
			}
			return found == nil
		})
		if found != nil && !found.done {
			out = append(out, fmt.Sprintf("%s (%s)", found.where(m.fset), built))
		}
	}
	return out
}

// servedElsewhere returns where a repository package main imports directly starts an
// HTTP server ("internal/server/server.go:27 s.e.Start(s.addr)"): a ListenAndServe or
// Serve call, a Run in a file using gin, a Start in one using Echo; "" when none does.
func (m *mainPkg) servedElsewhere() string {
	for _, f := range m.others {
		_, gin := f.names["github.com/gin-gonic/gin"]
		echo := false
		for p := range f.names {
			echo = echo || strings.HasPrefix(p, "github.com/labstack/echo/")
		}
		found := ""
		ast.Inspect(f.syntax, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || found != "" {
				return found == ""
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			switch name := sel.Sel.Name; {
			case strings.HasPrefix(name, "ListenAndServe"), name == "Serve", name == "ServeTLS",
				name == "Run" && gin, (name == "Start" || name == "StartTLS") && echo:
				found = fmt.Sprintf("%s:%d %s", f.path, repo.Line(m.fset, call.Pos()), f.src(m.fset, call))
			}
			return true
		})
		if found != "" {
			return found
		}
	}
	return ""
}

// choose picks the call to wire: the one in func main's own flow, else the only one
// elsewhere; when that leaves several, none is chosen.
func (w *wiring) choose(fset *token.FileSet, calls []*serveCall, dir string) {
	var inMain, elsewhere []*serveCall
	for _, c := range calls {
		if c.inMain {
			inMain = append(inMain, c)
		} else {
			elsewhere = append(elsewhere, c)
		}
	}
	tier := inMain
	if len(tier) == 0 {
		tier = elsewhere
	}
	switch len(tier) {
	case 0:
		w.problem = fmt.Sprintf("no call serving HTTP (r.Run, e.Start, http.ListenAndServe, srv.ListenAndServe) found in package main (%s): serve your handler with %s(addr, handler) where the server starts", dir, fnServe)
		return
	case 1:
		w.chosen = tier[0]
	default:
		var list []string
		for _, c := range tier {
			list = append(list, c.where(fset)+" "+c.file.src(fset, c.call))
		}
		w.problem = fmt.Sprintf("package main serves HTTP from %d places (%s) and add cannot tell which is the service; change the one that is to %s (see gonew_prod.go) by hand", len(tier), strings.Join(list, ", "), fnServe)
	}
	for _, c := range calls {
		if c != w.chosen {
			w.others = append(w.others, c)
		}
	}
	switch c := w.chosen; {
	case c == nil, c.done:
	case c.unsupported != "":
		w.problem = fmt.Sprintf("%s: %s %s", c.where(fset), c.file.src(fset, c.call), c.unsupported)
	default:
		w.serve = c
	}
}

// classify returns the serving call call is, or nil; fn is the function of f holding it.
func (m *mainPkg) classify(f *goFile, fn *ast.FuncDecl, call *ast.CallExpr) *serveCall {
	args := make([]string, len(call.Args))
	for i, a := range call.Args {
		args[i] = f.src(m.fset, a)
	}
	c := &serveCall{file: f, call: call}
	if id, ok := call.Fun.(*ast.Ident); ok && isServeFunc(id.Name) && len(call.Args) > 0 {
		c.done = true
		if len(call.Args) == 2 {
			c.addr, c.handler = args[0], call.Args[1]
		} else if k := m.kindOf(f, fn, call.Args[0], 0); k.lit != nil {
			c.addr, c.handler = serverFields(f, m.fset, k.lit)
		}
		return c
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	name := sel.Sel.Name
	if p, _, ok := f.qualified(sel); ok {
		if p != "net/http" {
			return nil
		}
		switch name {
		case "ListenAndServe":
			if len(args) != 2 {
				return nil
			}
			c.addr, c.handler, c.args, c.netHTTP = args[0], call.Args[1], args, true
			c.defaultMux = isDefaultMux(f, call.Args[1])
			if pkg := sel.X.(*ast.Ident).Name; f.onlyUse(pkg, sel) {
				// The call is the file's only use of net/http: the handler, named with
				// the import, keeps it in use; nil as the http.DefaultServeMux it
				// means, anything else converted to http.Handler (no http.Server
				// literal, which would read as a server without timeouts).
				c.args = []string{args[0], pkg + ".Handler(" + args[1] + ")"}
				if isDefaultMux(f, call.Args[1]) {
					c.args[1] = pkg + ".DefaultServeMux"
				}
			}
		case "ListenAndServeTLS", "ServeTLS":
			c.unsupported = unsupportedTLS
			if name == "ListenAndServeTLS" && len(args) == 4 {
				c.addr = args[0] // the port the image and the manifests name
			}
		case "Serve":
			c.unsupported = unsupportedListener
		default:
			return nil
		}
		return c
	}
	recv := f.src(m.fset, sel.X)
	k := m.kindOf(f, fn, sel.X, 0)
	switch {
	case k.framework == repo.Gin:
		switch {
		case name == "Run" && len(args) <= 1:
			c.args, c.handler = []string{`""`, recv}, sel.X
			if m.mentions("UseH2C") {
				// Run serves r.Handler(): with UseH2C set, h2c (cleartext HTTP/2)
				// around the router; without, the router itself.
				c.args[1] = recv + ".Handler()"
			}
			if len(args) == 1 {
				c.addr, c.args[0] = args[0], args[0]
			}
		case name == "RunTLS":
			c.unsupported = unsupportedTLS
			if len(args) > 0 {
				c.addr = args[0]
			}
		case name == "RunUnix" || name == "RunFd" || name == "RunListener":
			c.unsupported = unsupportedListener
		default:
			return nil
		}
	case k.framework == repo.Echo4 || k.framework == repo.Echo5:
		switch {
		case name == "Start" && len(args) == 1 && k.framework == repo.Echo4:
			// Echo v4's Start serves e.Server, with every setting the program gave it
			// (timeouts, MaxHeaderBytes, ConnState...): so does the wired call.
			c.server, c.addr, c.handler = true, args[0], sel.X
			c.args = []string{fnEchoServer + "(" + recv + ", " + args[0] + ")"}
		case name == "Start" && len(args) == 1:
			c.addr, c.args, c.handler = args[0], []string{args[0], recv}, sel.X
		case name == "StartTLS" || name == "StartAutoTLS":
			c.unsupported = unsupportedTLS
			if len(args) > 0 {
				c.addr = args[0]
			}
		case name == "StartServer" && len(args) == 1 && k.framework == repo.Echo4:
			// StartServer serves the server given, set up as Echo sets it (its Handler
			// the router): it listens at its Addr.
			if sk := m.kindOf(f, fn, call.Args[0], 0); sk.lit != nil {
				c.addr, _ = serverFields(f, m.fset, sk.lit)
			}
			srv, hold := args[0], ""
			if _, ok := unparen(call.Args[0]).(*ast.Ident); !ok {
				srv, hold = "s", "hold the server in a variable s, "
			}
			c.unsupported = fmt.Sprintf("%s: to wire it by hand, %sset %s.Handler = %s (and %s.ErrorLog = %s.StdLogger), as StartServer does, and change the call to %s(%s) if the code its error reaches takes nil as a clean stop, %sClosed(%s) if it checks for http.ErrServerClosed, or %sThenExit(%s) if the process is to end after the drain (its error reaches log.Fatal or e.Logger.Fatal)",
				unsupportedEcho, hold, srv, recv, srv, recv, fnServeServer, srv, fnServeServer, srv, fnServeServer, srv)
		case name == "StartServer" || name == "StartH2CServer":
			c.unsupported = unsupportedEcho
		default:
			return nil
		}
	case k.framework != "":
		return nil
	case name == "ListenAndServe" && len(args) == 0 && k.own:
		// A type of the package's own: its ListenAndServe is *http.Server's when an
		// http.Server it embeds promotes it, served through that field.
		field, pointer, why := m.promotedServer(k.name)
		if why != "" {
			c.unsupported = why
			break
		}
		arg := recv + "." + field
		if !pointer {
			arg = "&" + arg
		}
		c.server, c.args, c.netHTTP = true, []string{arg}, true
	case name == "ListenAndServe" && len(args) == 0:
		// Any other receiver: the name says enough, and the gate compiles the result.
		arg := recv
		if k.server && !k.pointer {
			arg = "&" + recv
		}
		c.server, c.args, c.netHTTP = true, []string{arg}, true
		if k.lit != nil {
			c.addr, c.handler = serverFields(f, m.fset, k.lit)
			c.defaultMux = c.handler == nil || isDefaultMux(f, c.handler)
		}
	case k.server && (name == "ListenAndServeTLS" || name == "ServeTLS"):
		c.unsupported = unsupportedTLS
		if k.lit != nil && name == "ListenAndServeTLS" {
			c.addr, _ = serverFields(f, m.fset, k.lit)
		}
	case k.server && name == "Serve":
		c.unsupported = unsupportedListener
	default:
		return nil
	}
	return c
}

// promotedServer returns the selector of the http.Server field (Server, or base.Server
// through an embedded type of the package's own) whose ListenAndServe a value of the
// package's own type name calls by x.ListenAndServe(), as Go selects a promoted method:
// the shallowest depth wins, and, as the code compiles (the gate checks it), nothing
// else at that depth has one. pointer reports an embedded *http.Server. When the method
// is not an embedded http.Server's, or add cannot tell, why says so, with the change to
// make by hand when it may be.
func (m *mainPkg) promotedServer(name string) (field string, pointer bool, why string) {
	type embedded struct {
		path string // the selector from the value, "" for the value itself
		typ  string // the type of the package's own it is of
	}
	level := []embedded{{typ: name}}
	seen := map[string]bool{}
	for depth := 0; len(level) > 0 && depth <= maxDepth; depth++ {
		var next []embedded
		var unread []string // embedded types add does not read, one level down
		for _, e := range level {
			if seen[e.typ] {
				continue
			}
			seen[e.typ] = true
			if at := m.methodOf(e.typ, "ListenAndServe"); at != "" {
				return "", false, fmt.Sprintf("%s (%s, %s), not of *http.Server, which add does not rewrite", unsupportedOwnType, e.typ, at)
			}
			st, gf, why := m.structType(e.typ)
			if why != "" {
				return "", false, cannotTellServer(name, why)
			}
			sel := func(n string) string { return strings.TrimPrefix(e.path+"."+n, ".") }
			for _, f := range st.Fields.List {
				for _, id := range f.Names {
					if id.Name == "ListenAndServe" {
						return "", false, fmt.Sprintf("calls the field ListenAndServe of %s, a type of the package's own (%s:%d), not a method of *http.Server, which add does not rewrite", e.typ, gf.path, repo.Line(m.fset, id.Pos()))
					}
				}
				if len(f.Names) > 0 {
					continue
				}
				t, star := f.Type, false
				if s, ok := t.(*ast.StarExpr); ok {
					t, star = s.X, true
				}
				if p, n, ok := gf.qualified(t); ok && p == "net/http" && n == "Server" {
					field, pointer = sel(n), star
					continue
				}
				if id, ok := t.(*ast.Ident); ok {
					next = append(next, embedded{path: sel(id.Name), typ: id.Name})
					continue
				}
				unread = append(unread, e.typ+" embeds "+gf.src(m.fset, f.Type))
			}
		}
		switch {
		case field != "":
			return field, pointer, ""
		case len(unread) > 0:
			return "", false, cannotTellServer(name, strings.Join(unread, ", ")+", whose methods add does not read")
		}
		level = next
	}
	return "", false, cannotTellServer(name, "add finds no http.Server it embeds")
}

// cannotTellServer says why add cannot tell that the ListenAndServe of a value of the
// package's own type name is an embedded http.Server's, and the change to make by hand
// if it is.
func cannotTellServer(name, why string) string {
	return fmt.Sprintf("%s, %s, which add cannot tell is the one of an http.Server it embeds (%s), and does not rewrite; if it is, change the call by hand to %s(&x.Server) (x.Server, without the &, when x embeds a *http.Server) if the code its error reaches takes nil as a clean stop, to %sClosed(&x.Server) if it checks for http.ErrServerClosed, or to %sThenExit(&x.Server) if the process is to end after the drain",
		unsupportedOwnType, name, why, fnServeServer, fnServeServer, fnServeServer)
}

// methodOf returns where a method called method of the package's own type name (or of
// *name) is declared, "" when none is.
func (m *mainPkg) methodOf(name, method string) string {
	for _, f := range m.files {
		for _, d := range f.syntax.Decls {
			if d, ok := d.(*ast.FuncDecl); ok && d.Recv != nil && d.Name.Name == method && receiverType(d) == name {
				return fmt.Sprintf("%s:%d", f.path, repo.Line(m.fset, d.Pos()))
			}
		}
	}
	return ""
}

// structType returns the struct type the package declares as name, with its file; why
// says why there is none add can read.
func (m *mainPkg) structType(name string) (*ast.StructType, *goFile, string) {
	var found []*ast.TypeSpec
	var in *goFile
	for _, f := range m.files {
		ast.Inspect(f.syntax, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSpec); ok && ts.Name.Name == name {
				found, in = append(found, ts), f
			}
			return true
		})
	}
	switch {
	case len(found) == 0:
		return nil, nil, fmt.Sprintf("%s is declared in no file this build compiles", name)
	case len(found) > 1:
		return nil, nil, fmt.Sprintf("package main declares %d types named %s", len(found), name)
	case found[0].TypeParams != nil || found[0].Assign.IsValid():
		return nil, nil, fmt.Sprintf("%s is a generic type or an alias", name)
	}
	st, ok := found[0].Type.(*ast.StructType)
	if !ok {
		return nil, nil, fmt.Sprintf("%s is no struct type", name)
	}
	return st, in, ""
}

// mentions reports whether a file of the main package, or of a repository package it
// imports, names a field or method called name (x.name).
func (m *mainPkg) mentions(name string) bool {
	for _, f := range slices.Concat(m.files, m.others) {
		found := false
		ast.Inspect(f.syntax, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == name {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// serverFields returns the source of the Addr field of an http.Server literal, and its
// Handler field.
func serverFields(f *goFile, fset *token.FileSet, lit *ast.CompositeLit) (addr string, handler ast.Expr) {
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		switch id, _ := kv.Key.(*ast.Ident); {
		case id == nil:
		case id.Name == "Addr":
			addr = f.src(fset, kv.Value)
		case id.Name == "Handler":
			handler = kv.Value
		}
	}
	return addr, handler
}

// onlyUse reports whether sel is the file's only reference to the package named pkg.
func (f *goFile) onlyUse(pkg string, sel *ast.SelectorExpr) bool {
	only := true
	ast.Inspect(f.syntax, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok && s != sel {
			if id, ok := s.X.(*ast.Ident); ok && id.Name == pkg {
				only = false
			}
		}
		return only
	})
	return only
}

// situate fills in where c is: in main's own flow, in a goroutine, and what the program
// does with its error (see fateFinder); where add cannot tell, c is not wired, and says
// why and the change to make by hand. stack holds the nodes from the file down to the
// call.
func (m *mainPkg) situate(c *serveCall, fn *ast.FuncDecl, stack []ast.Node) {
	m.place(c, fn, stack)
	if c.inGoroutine {
		c.fate = fateExit // nothing in main's flow waits for the goroutine's end
		return
	}
	w := &fateFinder{mainPkg: m, active: map[ast.Node]bool{}}
	c.fate = w.fateAt(c.file, stack, maxCallers)
	if w.unread != "" && c.unsupported == "" && !c.done {
		c.unsupported = c.cannotWire(w.unread)
	}
}

// place fills in where c is: in main's own flow, in a goroutine. stack holds the nodes
// from the file down to the call (or the method value handed to a group).
func (m *mainPkg) place(c *serveCall, fn *ast.FuncDecl, stack []ast.Node) {
	inLit := false
	for _, n := range stack[:len(stack)-1] {
		switch n.(type) {
		case *ast.GoStmt:
			c.inGoroutine = true
		case *ast.FuncLit:
			inLit = true
		}
	}
	c.inMain = fn != nil && fn.Recv == nil && fn.Name.Name == "main" && !inLit && !c.inGoroutine
}

// cannotWire says why c is not wired when add cannot tell what the program does with
// its error (why), and the variants to choose from by hand.
func (c *serveCall) cannotWire(why string) string {
	return fmt.Sprintf("cannot be wired: add cannot tell what the program does with its error, or whether it waits for it (%s). Change it by hand to %s if the code its error reaches takes nil as a clean stop (checks it against nil), to %s if that code checks for http.ErrServerClosed, or to %s if the process is to end after the drain (the call runs in a goroutine nothing waits for, in a loop, or its error reaches log.Fatal); see %s",
		why, c.variant(fateNil), c.variant(fateClosed), c.variant(fateExit), wiringFile)
}

// handed returns the serving call that the method value sel of f stands for, handed to
// group, a call that runs it (g.Go(srv.ListenAndServe); see audit.HandedServes): read
// as sel() would be at its place (the port of the server's Addr), and not wired, since
// add cannot tell what the group does with its error. It returns nil for a method value
// classify does not take as a serving call.
func (m *mainPkg) handed(f *goFile, sel *ast.SelectorExpr, group *ast.CallExpr, stack []ast.Node) *serveCall {
	fn := f.enclosing(sel.Pos())
	c := m.classify(f, fn, &ast.CallExpr{Fun: sel, Lparen: sel.End() - 1, Rparen: sel.End() - 1})
	if c == nil || c.done {
		return nil
	}
	c.handedTo = f.src(m.fset, group)
	m.place(c, fn, stack)
	if c.unsupported == "" {
		c.unsupported = c.cannotWire(fmt.Sprintf("%s:%d: it is a method value handed to other code (%s), and add cannot tell what calls it",
			f.path, repo.Line(m.fset, sel.Pos()), c.handedTo))
	}
	return c
}

// maxCallers is how many functions up a fateFinder follows a serving call's error, or the
// calls of the function holding it.
const maxCallers = 6

// fateFinder follows a serving call's error through package main: what the code around
// the call does with it, what the callers of a function returning it do with theirs, and
// whether the function holding the call (or one calling it) is started by a go statement
// or in a loop, after whose clean drain the process would go on. It follows the calls of
// functions (by name), of methods (by name, on a receiver of their type where the code
// tells it) and of function literals held in a variable.
type fateFinder struct {
	*mainPkg
	// unread says why add cannot tell the fate ("" when it can): a function used
	// otherwise than by calling it, a call add cannot tell is of the function, calls
	// nested deeper than maxCallers.
	unread string
	// active are the functions whose calls are being followed, so that a function
	// calling itself, directly or not, is not followed again.
	active map[ast.Node]bool
}

// cannotTell records why the fate cannot be told, the first reason found.
func (m *fateFinder) cannotTell(format string, args ...any) {
	if m.unread == "" {
		m.unread = fmt.Sprintf(format, args...)
	}
}

// at returns the file and line of n in f.
func (m *fateFinder) at(f *goFile, n ast.Node) string {
	return fmt.Sprintf("%s:%d", f.path, repo.Line(m.fset, n.Pos()))
}

// fateAt returns the fate of the error of the call at the end of stack, a serving call or
// a call of a function holding one: fateExit when the call is started by a go statement or
// runs in a loop (which could serve again after the drain, making the pod ready again
// while it terminates) in the function around it, or when that function is so started
// (see startedApart); else what fateOf tells.
func (m *fateFinder) fateAt(f *goFile, stack []ast.Node, depth int) errFate {
	if unwaited(stack) {
		return fateExit
	}
	fate := m.fateOf(f, stack, depth)
	if fate != fateExit && m.startedApart(f, stack, depth) {
		return fateExit
	}
	return fate
}

// unwaited reports whether the call at the end of stack is started by a go statement, or
// runs in a loop, in the function around it (a loop around a function literal is not
// around the call).
func unwaited(stack []ast.Node) bool {
	for i := len(stack) - 2; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.GoStmt, *ast.ForStmt, *ast.RangeStmt:
			return true
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return false
}

// startedApart reports whether the function around the end of stack is called by a go
// statement or in a loop, directly or through the functions calling it: after a clean
// drain the function returns, and the process goes on (serving nothing) unless the
// ThenExit variant ends it. main and init are started by nothing.
func (m *fateFinder) startedApart(f *goFile, stack []ast.Node, depth int) bool {
	fn, calls := m.callsOf(f, stack, depth)
	if fn == nil || m.active[fn] {
		return false
	}
	m.active[fn] = true
	defer delete(m.active, fn)
	for _, c := range calls {
		if unwaited(c.stack) || m.startedApart(c.file, c.stack, depth-1) {
			return true
		}
	}
	return false
}

// site is a call of a function: the nodes from its file down to the call.
type site struct {
	file  *goFile
	stack []ast.Node
}

// callsOf returns the function around the end of stack (a declaration or a literal) and
// its calls in package main; a nil function for main, init and package-level code, which
// no call of the program's starts. Where the program uses the function otherwise than by
// calling it (a function or method value, a literal handed to other code), where add
// cannot tell which calls are the function's, or when depth is spent, it records why
// (see cannotTell).
func (m *fateFinder) callsOf(f *goFile, stack []ast.Node, depth int) (ast.Node, []site) {
	for i := len(stack) - 2; i >= 0; i-- {
		var calls []site
		switch fn := stack[i].(type) {
		case *ast.FuncDecl:
			if fn.Recv == nil && (fn.Name.Name == "main" || fn.Name.Name == "init") {
				return nil, nil
			}
			if depth <= 0 {
				m.cannotTell("%s: the calls of %s nest more than %d functions deep", m.at(f, fn), fn.Name.Name, maxCallers)
				return nil, nil
			}
			if fn.Recv == nil {
				calls = m.funcCalls(fn)
			} else {
				calls = m.methodCalls(fn)
			}
		case *ast.FuncLit:
			if depth <= 0 {
				m.cannotTell("%s: the calls of the function literal nest more than %d functions deep", m.at(f, fn), maxCallers)
				return nil, nil
			}
			calls = m.literalCalls(f, stack[:i+1])
		default:
			continue
		}
		// A call of the function inside itself does what its other calls do.
		calls = slices.DeleteFunc(calls, func(c site) bool { return slices.Contains(c.stack, stack[i]) })
		return stack[i], calls
	}
	return nil, nil
}

// inspectStack calls visit for each node under root with the nodes from root down to it.
func inspectStack(root ast.Node, visit func(stack []ast.Node)) {
	var stack []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		visit(stack)
		return true
	})
}

// notAUse reports whether the identifier at the end of stack names something other than
// a value: a selected field or method, a struct literal's key, a declared name (of a
// function, a parameter or a field, a var without a value), a label.
func notAUse(stack []ast.Node) bool {
	id := stack[len(stack)-1]
	switch p := stack[len(stack)-2].(type) {
	case *ast.SelectorExpr:
		return p.Sel == id
	case *ast.KeyValueExpr:
		return p.Key == id
	case *ast.ValueSpec:
		return slices.Contains(p.Names, id.(*ast.Ident))
	case *ast.FuncDecl, *ast.Field, *ast.LabeledStmt, *ast.BranchStmt, *ast.ImportSpec:
		return true
	}
	return false
}

// callOf returns the stack of the call whose function is the expression at the end of
// stack, or nil when that expression is not called there.
func callOf(stack []ast.Node) []ast.Node {
	if call, ok := stack[len(stack)-2].(*ast.CallExpr); ok && call.Fun == stack[len(stack)-1] {
		return slices.Clone(stack[:len(stack)-1])
	}
	return nil
}

// funcCalls returns the calls of the package-level function fn: its name where no
// declaration of the function around shadows it.
func (m *fateFinder) funcCalls(fn *ast.FuncDecl) []site {
	name := fn.Name.Name
	var calls []site
	for _, g := range m.files {
		inspectStack(g.syntax, func(stack []ast.Node) {
			id, ok := stack[len(stack)-1].(*ast.Ident)
			if !ok || id.Name != name || len(stack) < 2 || notAUse(stack) {
				return
			}
			if o, ok := m.lookup(g, g.enclosing(id.Pos()), name); ok && o.fn != nil {
				return // a variable of the function around
			}
			if call := callOf(stack); call != nil {
				calls = append(calls, site{g, call})
				return
			}
			m.cannotTell("%s uses the function %s as a value (%s), and add cannot tell what calls it", m.at(g, id), name, brief(g.src(m.fset, stack[len(stack)-2])))
		})
	}
	return calls
}

// brief returns the first line of the source src, with "…" for the rest.
func brief(src string) string {
	if i := strings.IndexByte(src, '\n'); i >= 0 {
		return strings.TrimSpace(src[:i]) + " …"
	}
	return src
}

// receiverType returns the name of the type of fn's receiver.
func receiverType(fn *ast.FuncDecl) string {
	t := fn.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	id, _ := t.(*ast.Ident)
	if id == nil {
		return ""
	}
	return id.Name
}

// methodCalls returns the calls of the method fn: x.Name(...) where the code tells that x
// is of fn's receiver type, or, for an unexported name only one method of package main
// has, where it does not tell x's type (no type of another package has it).
func (m *fateFinder) methodCalls(fn *ast.FuncDecl) []site {
	name, recv := fn.Name.Name, receiverType(fn)
	// The types of package main that declare a method of the name: a call on a value
	// the code tells is of another of them calls that one.
	var methods []string
	declares := map[string]bool{}
	for _, g := range m.files {
		for _, d := range g.syntax.Decls {
			if d, ok := d.(*ast.FuncDecl); ok && d.Recv != nil && d.Name.Name == name {
				methods = append(methods, m.at(g, d))
				declares[receiverType(d)] = true
			}
		}
	}
	field, isField := m.fields[name]
	if _, isFunc := field.typ.(*ast.FuncType); isField && isFunc {
		m.cannotTell("%s: a struct field of package main named %s holds a function, and add cannot tell its calls from the method's", m.at(field.file, field.typ), name)
		return nil
	}
	var calls []site
	for _, g := range m.files {
		inspectStack(g.syntax, func(stack []ast.Node) {
			sel, ok := stack[len(stack)-1].(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != name || len(stack) < 2 {
				return
			}
			if _, _, ok := g.qualified(sel); ok {
				return // a function of another package
			}
			call := callOf(stack)
			if call == nil && isField {
				return // the field
			}
			k := m.kindOf(g, g.enclosing(sel.Pos()), sel.X, 0)
			switch {
			case k.own && k.name == recv:
			case k.own && declares[k.name]:
				return // the method of that type of package main
			case k.server || k.framework != "" || m.foreign(g, g.enclosing(sel.Pos()), sel.X, 0):
				return // a method of another package's type
			case k.own:
				m.cannotTell("%s: %s may call %s.%s through an interface or an embedded field (%s is a %s), which add does not follow", m.at(g, sel), brief(g.src(m.fset, stack[len(stack)-2])), recv, name, g.src(m.fset, sel.X), k.name)
				return
			case token.IsExported(name):
				m.cannotTell("%s: add cannot tell the type of %s in %s, which may be of type %s", m.at(g, sel), g.src(m.fset, sel.X), brief(g.src(m.fset, stack[len(stack)-2])), recv)
				return
			case len(methods) > 1:
				m.cannotTell("%s: add cannot tell the type of %s in %s, and package main declares %d methods named %s (%s)", m.at(g, sel), g.src(m.fset, sel.X), brief(g.src(m.fset, stack[len(stack)-2])), len(methods), name, strings.Join(methods, ", "))
				return
			}
			if call == nil {
				m.cannotTell("%s uses the method value %s (%s), and add cannot tell what calls it", m.at(g, sel), g.src(m.fset, sel), brief(g.src(m.fset, stack[len(stack)-2])))
				return
			}
			calls = append(calls, site{g, call})
		})
	}
	if len(calls) == 0 && token.IsExported(name) {
		m.cannotTell("nothing in package main calls %s.%s, which code outside it may call through an interface", recv, name)
	}
	return calls
}

// foreign reports whether the code tells that e, used inside fn of f, is a value of a
// type of another package: declared with such a type, built by a literal of one, or
// returned by a function of another package (which cannot return a type of package
// main but as an interface).
func (m *mainPkg) foreign(f *goFile, fn *ast.FuncDecl, e ast.Expr, depth int) bool {
	if depth > maxDepth {
		return false
	}
	qualified := func(f *goFile, t ast.Expr) bool {
		if star, ok := t.(*ast.StarExpr); ok {
			t = star.X
		}
		_, _, ok := f.qualified(t)
		return ok
	}
	switch e := unparen(e).(type) {
	case *ast.Ident:
		o, ok := m.lookup(f, fn, e.Name)
		switch {
		case !ok:
			return false
		case o.typ != nil:
			return qualified(o.file, o.typ)
		case o.value == nil:
			return false
		case o.index > 0:
			call, ok := unparen(o.value).(*ast.CallExpr)
			return ok && qualified(o.file, call.Fun)
		}
		return m.foreign(o.file, o.fn, o.value, depth+1)
	case *ast.UnaryExpr:
		return e.Op == token.AND && m.foreign(f, fn, e.X, depth+1)
	case *ast.CompositeLit:
		return e.Type != nil && qualified(f, e.Type)
	case *ast.CallExpr:
		return qualified(f, e.Fun)
	}
	return false
}

// literalCalls returns the calls of the function literal at the end of stack: the call
// it is the function of, or the calls of the variable it is assigned to, in the function
// declaring it (any file, for a package-level variable). A literal handed to other code,
// or a variable used otherwise than by calling it, makes the calls unknown.
func (m *fateFinder) literalCalls(f *goFile, stack []ast.Node) []site {
	lit := stack[len(stack)-1].(*ast.FuncLit)
	if call := callOf(stack); call != nil {
		return []site{{f, call}}
	}
	var v *ast.Ident
	switch p := stack[len(stack)-2].(type) {
	case *ast.AssignStmt:
		if i := slices.Index(p.Rhs, ast.Expr(lit)); i >= 0 && len(p.Lhs) == len(p.Rhs) {
			v, _ = p.Lhs[i].(*ast.Ident)
		}
	case *ast.ValueSpec:
		if i := slices.Index(p.Values, ast.Expr(lit)); i >= 0 && len(p.Names) == len(p.Values) {
			v = p.Names[i]
		}
	}
	if v == nil || v.Name == "_" {
		m.cannotTell("%s: the function literal holding it is handed to other code (%s), and add cannot tell what calls it", m.at(f, lit), brief(f.src(m.fset, stack[len(stack)-2])))
		return nil
	}
	var scope ast.Node // the function declaring v, nil at package level
	for i := len(stack) - 3; i >= 0 && scope == nil; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			scope = stack[i]
		}
	}
	files := m.files
	if scope != nil {
		files = []*goFile{f}
	}
	var calls []site
	for _, g := range files {
		inspectStack(g.syntax, func(stack []ast.Node) {
			id, ok := stack[len(stack)-1].(*ast.Ident)
			switch {
			case !ok || id == v || id.Name != v.Name || len(stack) < 2 || notAUse(stack):
				return
			case scope != nil && (id.Pos() < scope.Pos() || id.End() > scope.End()):
				return
			case scope == nil:
				if o, ok := m.lookup(g, g.enclosing(id.Pos()), v.Name); ok && o.fn != nil {
					return // a variable of the function around
				}
			}
			if call := callOf(stack); call != nil {
				calls = append(calls, site{g, call})
				return
			}
			m.cannotTell("%s uses %s, the function literal holding it, otherwise than by calling it (%s)", m.at(g, id), v.Name, brief(g.src(m.fset, stack[len(stack)-2])))
		})
	}
	return calls
}

// fateOf returns what the code around the call at the end of stack does with its error
// (see errFate): where the result is compared, that comparison; where it is an argument,
// fateExit unless it is errors.Is's or errors.As's; where it is assigned to a variable,
// the first use of the variable in the if statement the assignment starts, else in the
// statements after it (a comparison with http.ErrServerClosed anywhere among them wins);
// where it is returned, what the callers of the function do with theirs, up to depth
// functions up; where it is dropped, whether an exit follows.
func (m *fateFinder) fateOf(f *goFile, stack []ast.Node, depth int) errFate {
	call := stack[len(stack)-1].(ast.Expr) // the serving call, or a paren around it
	switch p := stack[len(stack)-2].(type) {
	case *ast.ExprStmt:
		return exitsAfter(f, funcType(stack), following(stack), "")
	case *ast.ParenExpr:
		return m.fateOf(f, stack[:len(stack)-1], depth)
	case *ast.BinaryExpr:
		if p.Op != token.EQL && p.Op != token.NEQ {
			return fateExit
		}
		if isErrServerClosed(f, p.X) || isErrServerClosed(f, p.Y) {
			return fateClosed
		}
		if ifs, ok := stack[len(stack)-3].(*ast.IfStmt); ok {
			return nilPathFate(f, funcType(stack), ifs, p, following(stack), "")
		}
		return fateNil
	case *ast.CallExpr:
		if isErrorsCheck(f, p) && p.Args[0] == call {
			if isErrServerClosed(f, p.Args[1]) {
				return fateClosed
			}
			return fateNil
		}
		return fateExit
	case *ast.AssignStmt:
		v := ""
		if i := slices.Index(p.Rhs, call); i >= 0 && len(p.Lhs) == len(p.Rhs) {
			if id, ok := p.Lhs[i].(*ast.Ident); ok {
				v = id.Name
			}
		}
		if len(stack) >= 3 {
			if ifs, ok := stack[len(stack)-3].(*ast.IfStmt); ok && ifs.Init == p {
				if v == "" || v == "_" {
					return fateNil
				}
				return m.varFate(f, stack, []ast.Node{ifs.Cond, ifs.Body, ifs.Else}, v, depth)
			}
		}
		if v == "" || v == "_" {
			return exitsAfter(f, funcType(stack), following(stack), "")
		}
		return m.varFate(f, stack, stmtNodes(following(stack)), v, depth)
	case *ast.ValueSpec:
		if i := slices.Index(p.Values, call); i >= 0 && len(p.Names) == len(p.Values) && p.Names[i].Name != "_" {
			return m.varFate(f, stack, stmtNodes(following(stack)), p.Names[i].Name, depth)
		}
		return exitsAfter(f, funcType(stack), following(stack), "")
	case *ast.ReturnStmt:
		return m.callersFate(f, stack, depth)
	}
	return fateExit // stored, sent or otherwise passed on
}

// varFate returns what nodes, the code after a serving call whose result is assigned to
// the variable v, do with it: fateClosed when they compare v with http.ErrServerClosed,
// else by the first use of v (function literals aside, whose v may be another): a
// comparison or errors.Is gives fateNil, unless it is an if statement's check against
// nil whose nil path exits or returns an error (see nilPathFate), a return what the
// callers do, anything else fateExit; with no use, whether an exit follows. stack is the
// one of the call.
func (m *fateFinder) varFate(f *goFile, stack []ast.Node, nodes []ast.Node, v string, depth int) errFate {
	if comparesClosed(f, nodes, v) {
		return fateClosed
	}
	fate, used := fateNil, false
	var path, cmpPath []ast.Node
	cmpAt := 0 // the index in nodes of the node holding the comparison
	inspect := func(n ast.Node) bool {
		if used {
			return false
		}
		if n == nil {
			path = path[:len(path)-1]
			return true
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		path = append(path, n)
		id, ok := n.(*ast.Ident)
		if !ok || id.Name != v || len(path) < 2 {
			return true
		}
		used = true
		switch p := path[len(path)-2].(type) {
		case *ast.BinaryExpr:
			if p.Op != token.EQL && p.Op != token.NEQ {
				fate = fateExit
			}
			cmpPath = slices.Clone(path)
		case *ast.CallExpr:
			if !isErrorsCheck(f, p) || p.Args[0] != ast.Expr(id) {
				fate = fateExit
			}
		case *ast.AssignStmt:
			if !slices.Contains(p.Lhs, ast.Expr(id)) {
				fate = fateExit // copied elsewhere
			}
		case *ast.ReturnStmt:
			fate = m.callersFate(f, stack, depth)
		default:
			fate = fateExit
		}
		return false
	}
	for i, n := range nodes {
		if n != nil && !used {
			path = path[:0]
			cmpAt = i
			ast.Inspect(n, inspect)
		}
	}
	if !used {
		var stmts []ast.Stmt
		for _, n := range nodes {
			if st, ok := n.(ast.Stmt); ok {
				stmts = append(stmts, st)
			}
		}
		return exitsAfter(f, funcType(stack), stmts, "")
	}
	if fate == fateNil && cmpPath != nil {
		cmp := cmpPath[len(cmpPath)-2].(*ast.BinaryExpr)
		switch {
		case len(cmpPath) == 2 && len(stack) >= 3:
			// The condition of the if statement whose init assigns v.
			if ifs, ok := stack[len(stack)-3].(*ast.IfStmt); ok {
				return nilPathFate(f, funcType(stack), ifs, cmp, following(stack), v)
			}
		case len(cmpPath) == 3:
			// An if statement among the statements after the assignment.
			if ifs, ok := cmpPath[0].(*ast.IfStmt); ok {
				var after []ast.Stmt
				for _, n := range nodes[cmpAt+1:] {
					if st, ok := n.(ast.Stmt); ok {
						after = append(after, st)
					}
				}
				return nilPathFate(f, funcType(stack), ifs, cmp, after, v)
			}
		}
	}
	return fate
}

// nilPathFate returns what the code a nil error runs does, where the if statement ifs
// checks the serving call's error against nil by its condition cmp (v != nil, or the
// call itself compared with nil) and after are the statements after ifs: fateExit when
// that code ends the process or returns a non-nil error before any other return (the
// program treats the error as never nil: after prodServe's nil, a clean drain would end
// in exit 1 or a panic), else fateNil. v is the variable holding the error, "" for none.
func nilPathFate(f *goFile, fn *ast.FuncType, ifs *ast.IfStmt, cmp *ast.BinaryExpr, after []ast.Stmt, v string) errFate {
	if ifs.Cond != ast.Expr(cmp) || !isNilIdent(cmp.X) && !isNilIdent(cmp.Y) {
		return fateNil
	}
	var stmts []ast.Stmt
	if cmp.Op == token.EQL {
		stmts = ifs.Body.List
	} else if ifs.Else != nil {
		els, ok := ifs.Else.(*ast.BlockStmt)
		if !ok {
			return fateNil // an else if: its condition decides
		}
		stmts = els.List
	}
	return exitsAfter(f, fn, append(slices.Clone(stmts), after...), v)
}

// isNilIdent reports whether e is the identifier nil.
func isNilIdent(e ast.Expr) bool {
	id, ok := unparen(e).(*ast.Ident)
	return ok && id.Name == "nil"
}

// funcType returns the type of the function around the end of stack (a declaration or
// a literal), nil for package-level code.
func funcType(stack []ast.Node) *ast.FuncType {
	for i := len(stack) - 1; i >= 0; i-- {
		switch fn := stack[i].(type) {
		case *ast.FuncDecl:
			return fn.Type
		case *ast.FuncLit:
			return fn.Type
		}
	}
	return nil
}

// stmtNodes returns stmts as nodes.
func stmtNodes(stmts []ast.Stmt) []ast.Node {
	nodes := make([]ast.Node, len(stmts))
	for i, st := range stmts {
		nodes[i] = st
	}
	return nodes
}

// exitsAfter returns fateExit when stmts, the statements after a serving call whose
// error is dropped (or the ones a nil error runs, see nilPathFate), end the process
// whatever happened (a log.Fatal, panic or os.Exit among them before any return) or
// return an error that is not nil from fn, the function around them (a result other
// than nil and v, the variable holding the serving call's nil error, "" for none),
// else fateNil.
func exitsAfter(f *goFile, fn *ast.FuncType, stmts []ast.Stmt, v string) errFate {
	for _, st := range stmts {
		switch st := st.(type) {
		case *ast.ReturnStmt:
			if returnsError(fn, st, v) {
				return fateExit
			}
			return fateNil
		case *ast.ExprStmt:
			if call, ok := st.X.(*ast.CallExpr); ok && exits(f, call) {
				return fateExit
			}
		}
	}
	return fateNil
}

// returnsError reports whether ret returns an error that is not nil from a function of
// type fn whose last result is an error: a last result other than nil and v ("" for
// none). A bare return of named results is not read.
func returnsError(fn *ast.FuncType, ret *ast.ReturnStmt, v string) bool {
	if fn == nil || fn.Results == nil || len(fn.Results.List) == 0 || len(ret.Results) == 0 {
		return false
	}
	last := fn.Results.List[len(fn.Results.List)-1]
	if id, ok := last.Type.(*ast.Ident); !ok || id.Name != "error" {
		return false
	}
	res := unparen(ret.Results[len(ret.Results)-1])
	if id, ok := res.(*ast.Ident); ok && (id.Name == "nil" || v != "" && id.Name == v) {
		return false
	}
	return true
}

// exits reports whether call ends the process: log.Fatal and its kin, panic, os.Exit.
func exits(f *goFile, call *ast.CallExpr) bool {
	if p, name, ok := f.qualified(call.Fun); ok && p == "os" && name == "Exit" {
		return true
	}
	return isFatal(call.Fun)
}

// isFatal reports whether fun logs and exits, or panics, as log.Fatal and its kin do.
func isFatal(fun ast.Expr) bool {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		id, ok := fun.(*ast.Ident)
		return ok && id.Name == "panic"
	}
	return strings.HasPrefix(sel.Sel.Name, "Fatal") || strings.HasPrefix(sel.Sel.Name, "Panic")
}

// isErrorsCheck reports whether call is errors.Is or errors.As, which take a nil error
// as any other.
func isErrorsCheck(f *goFile, call *ast.CallExpr) bool {
	p, name, ok := f.qualified(call.Fun)
	return ok && p == "errors" && (name == "Is" || name == "As") && len(call.Args) == 2
}

// following returns the statements after the one that holds the node at the end of
// stack, in the innermost block or case around it.
func following(stack []ast.Node) []ast.Stmt {
	for i := len(stack) - 2; i > 0; i-- {
		list, ok := stmtList(stack[i-1])
		if !ok {
			continue
		}
		if stmt, ok := stack[i].(ast.Stmt); ok {
			if j := slices.Index(list, stmt); j >= 0 {
				return list[j+1:]
			}
		}
		return nil
	}
	return nil
}

// callersFate returns what the callers of the function that returns the serving call's
// error (the function around the end of stack) do with the result: joined over all of
// them (see fateAt), following returns up to depth functions up; fateNil when nothing
// calls it.
func (m *fateFinder) callersFate(f *goFile, stack []ast.Node, depth int) errFate {
	fn, calls := m.callsOf(f, stack, depth)
	if fn == nil || m.active[fn] {
		return fateNil
	}
	m.active[fn] = true
	defer delete(m.active, fn)
	var fates []errFate
	for _, c := range calls {
		fates = append(fates, m.fateAt(c.file, c.stack, depth-1))
	}
	return joinFates(fates)
}

// isErrServerClosed reports whether e is http.ErrServerClosed.
func isErrServerClosed(f *goFile, e ast.Expr) bool {
	p, name, ok := f.qualified(unparen(e))
	return ok && p == "net/http" && name == "ErrServerClosed"
}

// comparesClosed reports whether nodes compare the variable v with
// http.ErrServerClosed: v == or != it, errors.Is(v, it), or a switch on v with a case for
// it. Function literals are not looked into: a v there is another variable.
func comparesClosed(f *goFile, nodes []ast.Node, v string) bool {
	isV := func(e ast.Expr) bool {
		id, ok := unparen(e).(*ast.Ident)
		return ok && id.Name == v
	}
	found := false
	inspect := func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				found = found || isV(n.X) && isErrServerClosed(f, n.Y) || isV(n.Y) && isErrServerClosed(f, n.X)
			}
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Is" && len(n.Args) == 2 {
				found = found || isV(n.Args[0]) && isErrServerClosed(f, n.Args[1])
			}
		case *ast.SwitchStmt:
			if n.Tag != nil && isV(n.Tag) {
				for _, s := range n.Body.List {
					if cc, ok := s.(*ast.CaseClause); ok && slices.ContainsFunc(cc.List, func(e ast.Expr) bool { return isErrServerClosed(f, e) }) {
						found = true
					}
				}
			}
		}
		return !found
	}
	for _, n := range nodes {
		if n != nil {
			ast.Inspect(n, inspect)
		}
	}
	return found
}

// selfShutdown describes where the package catches SIGINT or SIGTERM itself and calls
// Shutdown, "" when it does not; caught where it catches one without a Shutdown call
// anywhere (a signal caught, nothing drained), "" when it does not.
func (m *mainPkg) selfShutdown() (self, caught string) {
	var catches, shutdowns []string
	for _, f := range m.files {
		ast.Inspect(f.syntax, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			at := func() string {
				return fmt.Sprintf("%s:%d %s", f.path, repo.Line(m.fset, call.Pos()), f.src(m.fset, call))
			}
			if p, name, ok := f.qualified(call.Fun); ok && p == "os/signal" && (name == "Notify" || name == "NotifyContext") && catchesStop(f, call.Args[min(1, len(call.Args)):]) {
				catches = append(catches, at())
			} else if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Shutdown" && len(call.Args) == 1 {
				shutdowns = append(shutdowns, at())
			}
			return true
		})
	}
	switch {
	case len(catches) == 0:
		return "", ""
	case len(shutdowns) == 0:
		return "", strings.Join(catches, "; ")
	}
	return "it catches SIGINT or SIGTERM (" + strings.Join(catches, "; ") + ") and calls Shutdown (" + strings.Join(shutdowns, "; ") + ")", ""
}

// catchesStop reports whether the signals of a signal.Notify or NotifyContext call
// include SIGINT or SIGTERM: none named means all, and a name that is not a signal
// constant (a variable, a list) may be either.
func catchesStop(f *goFile, sigs []ast.Expr) bool {
	if len(sigs) == 0 {
		return true
	}
	for _, s := range sigs {
		p, name, ok := f.qualified(unparen(s))
		switch {
		case !ok:
			return true
		case name == "SIGTERM" || name == "SIGINT" || p == "os" && name == "Interrupt":
			return true
		}
	}
	return false
}

// rawStringAcross reports whether a raw string literal that spans lines has a part
// between the offsets start and end of f: lines moved into a guarded block are
// indented, which would change such a string, and commenting out a line that begins
// inside one would end it early.
func rawStringAcross(fset *token.FileSet, f *ast.File, start, end int) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if ok && lit.Kind == token.STRING && strings.HasPrefix(lit.Value, "`") && strings.Contains(lit.Value, "\n") {
			from, to := fset.Position(lit.Pos()).Offset, fset.Position(lit.End()).Offset
			found = found || from < end && to > start
		}
		return !found
	})
	return found
}
