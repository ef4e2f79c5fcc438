package audit

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"
)

// live returns the ids of the functions that main's flow may run: func main, the
// init functions, the ServeHTTP methods (net/http calls them) and every function
// that these, or the program's package-level declarations, call or name, directly or
// not. A method call or method value (x.Name) counts as a use of the methods called
// Name of x's type when the code tells that type (see methodsOf), and of every
// method called Name in the program when it does not, so the set errs on the side
// of running.
func (p *program) live() map[string]bool {
	if p.liveIDs != nil {
		return p.liveIDs
	}
	methods := map[string][]string{} // method name -> ids
	var queue []string
	marked := map[string]bool{}
	mark := func(id string) {
		if id != "" && !marked[id] {
			marked[id] = true
			queue = append(queue, id)
		}
	}
	for name, ds := range p.methods {
		for _, d := range ds {
			id := p.methodID(d)
			methods[name] = append(methods[name], id)
			if name == "ServeHTTP" {
				mark(id)
			}
		}
	}
	for ip := range p.pkgs {
		if _, ok := p.funcs[ip+".init"]; ok {
			mark(ip + ".init")
		}
	}
	mark(p.main.Package.ImportPath + ".main")
	edges := map[string][]string{}
	sure := map[string][]string{} // edges, but for the method selections of several methods
	p.dispatches = nil
	use := func(fn ast.Node, to ...string) {
		if fn == nil { // package level: runs when the package is initialized
			for _, id := range to {
				mark(id)
			}
			return
		}
		from := p.fnID[fn]
		edges[from] = append(edges[from], to...)
		sure[from] = append(sure[from], to...)
	}
	for _, r := range p.refs {
		use(r.fn, r.pkg+"."+r.name)
	}
	for _, u := range p.uses {
		use(u.fn, u.pkg+"."+u.name)
	}
	for _, s := range p.sels {
		name := s.node.(*ast.SelectorExpr).Sel.Name
		if len(methods[name]) == 0 {
			continue
		}
		if id, ok := p.chosen[s.node]; ok {
			use(s.fn, id)
			continue
		}
		x := s.node.(*ast.SelectorExpr).X
		ids, told := p.methodsOf(s.file, s.fn, x, name)
		if !told {
			ids = methods[name]
		}
		if len(ids) > 1 && s.fn != nil && p.holdsOne(s.fn, x) {
			from := p.fnID[s.fn]
			edges[from] = append(edges[from], ids...)
			p.dispatches = append(p.dispatches, dispatch{s, ids})
			continue
		}
		use(s.fn, ids...)
	}
	seeds := slices.Clone(queue)
	for i := 0; i < len(queue); i++ {
		for _, to := range edges[queue[i]] {
			mark(to)
		}
	}
	p.liveIDs, p.liveEdges = marked, edges
	p.sureIDs = reachable(seeds, sure)
	return marked
}

// dispatch is a method selection (x.Name) that may run any of several methods of
// the program, and runs one of them: x's type is an interface, or cannot be told,
// several types have such a method (see methodsOf), and x holds one value (see
// holdsOne).
type dispatch struct {
	sel site
	ids []string
}

// holdsOne reports whether x, in fn, holds one value whose methods a selection
// x.Name runs: the result of a call, or a variable that fn, or a function around it,
// assigns (one of the values assigned). A parameter, a range variable, a field, a
// package-level variable or a variable assigned in the body of a loop around x may
// stand for each of several values in turn (one component after another), each of
// whose methods runs.
func (p *program) holdsOne(fn ast.Node, x ast.Expr) bool {
	switch v := unparen(x).(type) {
	case *ast.CallExpr:
		return true
	case *ast.Ident:
		defs, param := p.lookup(fn, v.Name)
		if param != nil || len(defs) == 0 {
			return false
		}
		body := funcBody(fn)
		if body == nil {
			return true
		}
		return !slices.ContainsFunc(enclosing(body, x), func(n ast.Node) bool {
			var loop *ast.BlockStmt
			switch l := n.(type) {
			case *ast.ForStmt:
				loop = l.Body
			case *ast.RangeStmt:
				loop = l.Body
			}
			return loop != nil && slices.ContainsFunc(defs, func(d ast.Expr) bool { return encloses(loop, d) })
		})
	}
	return false
}

// reachable returns the ids reachable from seeds by edges, seeds included.
func reachable(seeds []string, edges map[string][]string) map[string]bool {
	out := map[string]bool{}
	queue := slices.Clone(seeds)
	for _, id := range seeds {
		out[id] = true
	}
	for i := 0; i < len(queue); i++ {
		for _, to := range edges[queue[i]] {
			if !out[to] {
				out[to] = true
				queue = append(queue, to)
			}
		}
	}
	return out
}

// alternative returns, for code at s that main's flow runs only through a method
// selection of several methods (see dispatch), that selection, when one of its
// methods leads to s and another does not: which one runs decides whether s does,
// and this audit cannot tell.
func (p *program) alternative(s site) (dispatch, bool) {
	if s.fn == nil || !p.runs(s) {
		return dispatch{}, false
	}
	id := p.fnID[s.fn]
	if p.sureIDs[id] {
		return dispatch{}, false
	}
	for _, d := range p.dispatches {
		if !p.runs(d.sel) {
			continue
		}
		leads := 0
		for _, m := range d.ids {
			reach, ok := p.reachFrom[m]
			if !ok {
				reach = reachable([]string{m}, p.liveEdges)
				if p.reachFrom == nil {
					p.reachFrom = map[string]map[string]bool{}
				}
				p.reachFrom[m] = reach
			}
			if reach[id] {
				leads++
			}
		}
		if leads > 0 && leads < len(d.ids) {
			return d, true
		}
	}
	return dispatch{}, false
}

// choosing returns p as it is when the selection of d runs the method id: main's
// flow, and what is worked out of it, with that selection taken as a plain call of
// id (see alternativeShutdown).
func (p *program) choosing(d dispatch, id string) *program {
	q := *p
	q.chosen = maps.Clone(p.chosen)
	if q.chosen == nil {
		q.chosen = map[ast.Node]string{}
	}
	q.chosen[d.sel.node] = id
	q.liveIDs, q.liveEdges, q.sureIDs, q.dispatches, q.reachFrom = nil, nil, nil, nil, nil
	q.serverSites, q.serveSites, q.shutdownSites = nil, nil, nil
	return &q
}

// methodsOf returns the ids of the methods called name that x.name (in fn) may
// call, and whether x's type tells them: the methods of x's type, when it is a type
// of the program, and of the types of the program it embeds. When x is a value of
// another module (a pointer to another module's type, *gin.Engine or *http.Server,
// or what only functions of other modules return, r := gin.New()), they are the
// methods that module may call through an interface: those of the types whose
// values the program hands to other modules (see escaped), their own or promoted
// from the program's types they embed. It reports false for an
// interface of the program and whatever this audit cannot type (a range variable,
// a package-level variable, a value of another module's type that may be an
// interface), which any method called name may implement.
func (p *program) methodsOf(pf *pfile, fn ast.Node, x ast.Expr, name string) (ids []string, told bool) {
	key := selKey{x, name}
	m, ok := p.typed[key]
	if !ok { // what the code tells of x is the same in every program holding it
		m.outside = p.outside(pf, fn, x)
		// A variable assigned several values has the methods of each value's type,
		// and so has the call of a constructor returning an interface of the program
		// (func Pick() Runner) of the values it returns.
		type valueAt struct {
			pf *pfile
			fn ast.Node
			e  ast.Expr
		}
		values := []valueAt{{pf, fn, x}}
		if id, isID := unparen(x).(*ast.Ident); isID {
			if defs, param := p.lookup(fn, id.Name); param == nil && len(defs) > 0 {
				values = values[:0]
				for _, d := range defs {
					values = append(values, valueAt{pf, fn, d})
				}
			}
		}
		several := len(values) > 1
		for i := 0; i < len(values); i++ {
			v := values[i]
			t, tpf := p.typeOf(v.pf, v.fn, v.e, 0)
			d, id, ok := p.declOf(tpf, t)
			if ok && several && isZeroValue(v.e) {
				if _, iface := d.node.Type.(*ast.InterfaceType); iface {
					continue // var r Runner: nil, whose method is never called
				}
			}
			if ok && isInterface(d.node) && len(values) < 32 {
				if c, isCall := unparen(v.e).(*ast.CallExpr); isCall {
					if f, isFunc := p.funcs[p.funcID(v.pf, c.Fun)]; isFunc && f.node.Body != nil {
						n := len(values)
						for _, r := range returns(f.node.Body) {
							if len(r.Results) > 0 && !isNil(r.Results[0]) {
								values = append(values, valueAt{f.file, f.node, r.Results[0]})
							}
						}
						if len(values) > n {
							several = true
							continue
						}
					}
				}
			}
			if !ok || t == nil || m.outside {
				m.ids, m.told = nil, false
				break
			}
			ids, told := p.methodsOfType(d, id, name, 0)
			if !told {
				m.ids, m.told = nil, false
				break
			}
			for _, id := range ids {
				if !slices.Contains(m.ids, id) {
					m.ids = append(m.ids, id)
				}
			}
			m.told = true
		}
		p.typed[key] = m
	}
	if m.outside {
		return p.escapedMethods(name), true
	}
	return m.ids, m.told
}

// isZeroValue reports whether e is the zero value zeroValues gives a var declaration
// without values.
func isZeroValue(e ast.Expr) bool {
	cl, ok := e.(*ast.CompositeLit)
	return ok && len(cl.Elts) == 0 && cl.Type != nil && cl.Lbrace == cl.Type.End() && cl.Rbrace == cl.Lbrace
}

// selKey is a method selection x.name; typedSel is what methodsOf finds of it apart
// from the program's escaped types: whether x is a value of another module, or else
// the methods x's type tells.
type (
	selKey struct {
		x    ast.Expr
		name string
	}
	typedSel struct {
		outside bool
		ids     []string
		told    bool
	}
)

// escapedMethods returns the ids of the methods called name that another module may
// call through an interface (see methodsOf).
func (p *program) escapedMethods(name string) []string {
	if ids, ok := p.escapedByName[name]; ok {
		return ids
	}
	var ids []string
	for id := range p.escaped() {
		more, _ := p.methodsOfType(p.types[id], id, name, 0)
		ids = append(ids, more...)
	}
	p.escapedByName[name] = ids
	return ids
}

// outside reports whether x, in fn, is a value of another module, as far as the
// code tells: a pointer to a type of a package outside the program, or what only
// calls of functions of other modules return.
func (p *program) outside(pf *pfile, fn ast.Node, x ast.Expr) bool {
	t, tpf := p.typeOf(pf, fn, x, 0)
	if t == nil {
		return p.fromOutside(pf, fn, x)
	}
	pkg, _, qualified := tpf.qualified(baseType(t))
	_, pointer := t.(*ast.StarExpr)
	return qualified && pointer && !p.inProgram(pkg)
}

// escaped returns the ids of the program's types whose values the program hands to
// a function or method of another module (supervisor.Add(svc), sort.Sort(rows)),
// which may call their methods through an interface.
func (p *program) escaped() map[string]bool {
	if p.escapedIDs != nil {
		return p.escapedIDs
	}
	p.escapedIDs = map[string]bool{}
	for _, c := range p.calls {
		if len(c.expr.Args) == 0 || c.pkg == "" && (c.recv == nil || !p.outside(c.file, c.fn, c.recv)) || c.pkg != "" && p.inProgram(c.pkg) {
			continue
		}
		for _, a := range c.expr.Args {
			t, tpf := p.typeOf(c.file, c.fn, a, 0)
			if _, id, ok := p.declOf(tpf, t); ok && t != nil {
				p.escapedIDs[id] = true
			}
		}
	}
	return p.escapedIDs
}

// fromOutside reports whether x, a name in fn, is assigned only values that calls of
// functions of other modules return.
func (p *program) fromOutside(pf *pfile, fn ast.Node, x ast.Expr) bool {
	id, ok := unparen(x).(*ast.Ident)
	if !ok {
		return false
	}
	defs, param := p.lookup(fn, id.Name)
	return param == nil && len(defs) > 0 && !slices.ContainsFunc(defs, func(d ast.Expr) bool {
		c, isCall := unparen(d).(*ast.CallExpr)
		if !isCall {
			return true
		}
		pkg, _, qualified := pf.qualified(c.Fun)
		return !qualified || p.inProgram(pkg)
	})
}

// methodsOfType returns the ids of the methods called name of the program's type d
// (whose id is typeID) or promoted from the types of the program it embeds, and
// whether the type tells them (see methodsOf).
func (p *program) methodsOfType(d decl[*ast.TypeSpec], typeID, name string, depth int) (ids []string, told bool) {
	if depth > 6 {
		return nil, false
	}
	if d.node.Assign.IsValid() { // an alias
		if ad, aid, ok := p.declOf(d.file, d.node.Type); ok {
			return p.methodsOfType(ad, aid, name, depth+1)
		}
		return nil, false
	}
	for _, m := range p.methods[name] {
		if recv, ok := typeName(m.node.Recv.List[0].Type); ok && m.file.pkg.ImportPath+"."+recv == typeID {
			return []string{p.methodID(m)}, true
		}
	}
	switch t := d.node.Type.(type) {
	case *ast.InterfaceType:
		return nil, false
	case *ast.StructType:
		for _, f := range t.Fields.List {
			if len(f.Names) > 0 {
				continue
			}
			ed, eid, ok := p.declOf(d.file, f.Type)
			if !ok {
				_, pointer := f.Type.(*ast.StarExpr)
				if pkg, _, qualified := d.file.qualified(baseType(f.Type)); qualified && pointer && !p.inProgram(pkg) {
					continue // a pointer to another module's type has none of the program's methods
				}
				return nil, false // an interface (io.Closer) may hold a value of the program
			}
			more, told := p.methodsOfType(ed, eid, name, depth+1)
			if !told {
				return nil, false
			}
			ids = append(ids, more...)
		}
		return ids, true
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.ParenExpr, *ast.StarExpr:
		return nil, false // a type defined from another, which may be an interface
	}
	return nil, true
}

// runs reports whether the code of s may run in main's flow: it is at package level
// or in a function that live holds.
func (p *program) runs(s site) bool {
	return s.fn == nil || p.live()[p.fnID[s.fn]]
}

// outermost returns the declaration that holds fn, a function declaration or literal.
func (p *program) outermost(fn ast.Node) ast.Node {
	for p.parent[fn] != nil {
		fn = p.parent[fn]
	}
	return fn
}

// unbufferedSignal returns the make of an unbuffered channel (make(chan os.Signal),
// or one of a constant size 0) that a Notify call of notify relays signals to, in
// place or through a variable all of whose assignments are one: os/signal never
// blocks sending, so a signal that arrives while nothing waits on the channel
// (during start-up, say) is dropped, as go vet's sigchanyzer reports. It is nil
// when there is none.
func (p *program) unbufferedSignal(notify []call) *ast.CallExpr {
	for _, c := range notify {
		if c.name != "Notify" || len(c.expr.Args) == 0 {
			continue
		}
		defs := []ast.Expr{c.expr.Args[0]}
		if id, ok := unparen(c.expr.Args[0]).(*ast.Ident); ok && c.fn != nil {
			defs, _ = p.lookup(c.fn, id.Name)
		}
		unbuffered := func(d ast.Expr) bool {
			m, ok := unparen(d).(*ast.CallExpr)
			if !ok || !isName(m.Fun, "make") || len(m.Args) == 0 {
				return false
			}
			if _, isChan := m.Args[0].(*ast.ChanType); !isChan {
				return false
			}
			if len(m.Args) == 1 {
				return true
			}
			v, ok := p.constValue(m.Args[1])
			return ok && v.ExactString() == "0"
		}
		if len(defs) > 0 && !slices.ContainsFunc(defs, func(d ast.Expr) bool { return !unbuffered(d) }) {
			return unparen(defs[0]).(*ast.CallExpr)
		}
	}
	return nil
}

// received reports whether the channel that a signal.Notify call fills may be read:
// it is used other than by signal.Notify, Stop and Reset in the function that
// declares it. A channel this audit cannot follow (a field, a parameter, a
// package-level variable) is taken to be read. For a signal.NotifyContext call, it
// reports whether the context it returns may be waited on (see ctxUsed).
func (p *program) received(c call) bool {
	if c.name == "NotifyContext" {
		return p.ctxUsed(c)
	}
	if c.name != "Notify" || len(c.expr.Args) == 0 {
		return true
	}
	id, ok := unparen(c.expr.Args[0]).(*ast.Ident)
	if !ok || c.fn == nil {
		return true
	}
	defs, param := p.lookup(c.fn, id.Name)
	if param != nil || len(defs) == 0 {
		return true
	}
	body := p.outermost(c.fn)
	signalArgs := map[*ast.Ident]bool{}
	for _, sc := range p.callsTo("os/signal", "Notify", "Stop", "Reset") {
		if len(sc.expr.Args) > 0 {
			if a, ok := unparen(sc.expr.Args[0]).(*ast.Ident); ok {
				signalArgs[a] = true
			}
		}
	}
	used := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for _, r := range x.Rhs {
				ast.Inspect(r, func(n ast.Node) bool {
					used = used || isName(n, id.Name) && !signalArgs[n.(*ast.Ident)]
					return !used
				})
			}
			return false // the names assigned are no use
		case *ast.ValueSpec:
			for _, v := range x.Values {
				ast.Inspect(v, func(n ast.Node) bool {
					used = used || isName(n, id.Name)
					return !used
				})
			}
			return false
		case *ast.Ident:
			used = used || x.Name == id.Name && !signalArgs[x]
		}
		return !used
	})
	return used
}

// ctxUsed reports whether the context that signal.NotifyContext call c returns may
// be waited on: the variable it is assigned to is used, other than by _ = ctx, in
// the statements after the assignment in its block, up to one that gives the name
// another value without using it (ctx, cancel := context.WithCancel(context.Background())),
// or in a function literal written before the assignment. A context put in the blank
// identifier is not used; one that is not assigned to a variable of c's function (a
// result returned at once, a field) is taken to be.
func (p *program) ctxUsed(c call) bool {
	body := funcBody(c.fn)
	if body == nil {
		return true
	}
	var list []ast.Stmt // the statements of the block from the assignment on
	name := ""
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		stmts := stmtList(n)
		for i, s := range stmts {
			if lhs := assignedFrom(s, c.expr); lhs != nil {
				list, name = stmts[i:], lastName(lhs)
				if _, ok := lhs.(*ast.Ident); !ok {
					name = ""
				}
			}
		}
		return list == nil
	})
	switch {
	case list == nil || name == "":
		return true
	case name == "_":
		return false
	}
	uses := func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(x ast.Node) bool {
			switch y := x.(type) {
			case *ast.SelectorExpr:
				ast.Inspect(y.X, func(z ast.Node) bool {
					found = found || isName(z, name)
					return !found
				})
				return false
			case *ast.AssignStmt:
				if !slices.ContainsFunc(y.Lhs, func(e ast.Expr) bool { return !isName(e, "_") }) {
					return false // _ = ctx
				}
				for _, r := range y.Rhs {
					ast.Inspect(r, func(z ast.Node) bool {
						found = found || isName(z, name)
						return !found
					})
				}
				return false
			case *ast.Ident:
				found = found || y.Name == name
			}
			return !found
		})
		return found
	}
	for _, s := range list[1:] {
		if uses(s) {
			return true
		}
		if as, ok := s.(*ast.AssignStmt); ok && slices.ContainsFunc(as.Lhs, func(e ast.Expr) bool { return isName(e, name) }) {
			return false // the name holds another context from here on
		}
	}
	early := false
	ast.Inspect(body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && lit.End() <= list[0].Pos() {
			early = early || uses(lit.Body)
		}
		return !early
	})
	return early
}

// stmtList returns the statements n holds in sequence: those of a block, or the body
// of a switch or select case; nil for any other node.
func stmtList(n ast.Node) []ast.Stmt {
	switch x := n.(type) {
	case *ast.BlockStmt:
		return x.List
	case *ast.CaseClause:
		return x.Body
	case *ast.CommClause:
		return x.Body
	}
	return nil
}

// assignedFrom returns the first expression statement s assigns the results of
// call x to (ctx in ctx, stop := x or var ctx, stop = x), or nil.
func assignedFrom(s ast.Stmt, x *ast.CallExpr) ast.Expr {
	switch st := s.(type) {
	case *ast.AssignStmt:
		if len(st.Rhs) == 1 && unparen(st.Rhs[0]) == x && len(st.Lhs) > 0 {
			return st.Lhs[0]
		}
	case *ast.DeclStmt:
		if gd, ok := st.Decl.(*ast.GenDecl); ok {
			for _, spec := range gd.Specs {
				if vs, ok := spec.(*ast.ValueSpec); ok && len(vs.Values) == 1 && unparen(vs.Values[0]) == x && len(vs.Names) > 0 {
					return vs.Names[0]
				}
			}
		}
	}
	return nil
}

func isName(n ast.Node, name string) bool {
	id, ok := n.(*ast.Ident)
	return ok && id.Name == name
}

// flips reports whether the readiness flag that the 503 at at (written in fn)
// depends on is ever set, in main's flow and before a server has closed its
// listeners (see afterShutdown), to the value that answers 503. The flag is
// told from the condition of the if statement around the 503: ready.Load(),
// !ready.Load(), ready, !h.ready and the like; it is set by x.Store(v), x.Swap(v),
// x.CompareAndSwap(old, v) or x = v. A write of anything but true or false is taken to flip it, and a 503 whose
// flag cannot be told is taken to be reachable.
func (p *program) flips(pf *pfile, fn ast.Node, at token.Pos) bool {
	var cond ast.Expr
	inElse := false
	body := fn
	switch f := fn.(type) {
	case *ast.FuncDecl:
		body = f.Body
	case *ast.FuncLit:
		body = f.Body
	}
	ast.Inspect(body, func(n ast.Node) bool {
		is, ok := n.(*ast.IfStmt)
		if !ok || at < is.Pos() || at >= is.End() {
			return n == nil || at >= n.Pos() && at < n.End()
		}
		switch {
		case at >= is.Body.Pos() && at < is.Body.End():
			cond, inElse = is.Cond, false
		case is.Else != nil && at >= is.Else.Pos() && at < is.Else.End():
			cond, inElse = is.Cond, true
		}
		return true
	})
	if cond == nil {
		return true
	}
	return p.condFlips(pf, fn, cond, inElse)
}

// condFlips reports whether the condition cond (in fn) of the if statement around a
// 503 may change on shutdown (see flips); inElse is set when the 503 is in its else
// branch. Of a condition a || b, either may; an error check (err != nil) changes on
// shutdown only when the error comes from code of the program, which may report
// the shutdown, or is the Err of a context that the stop signal cancels: the error of another module's call (db.PingContext) tells a failed
// dependency, not a shutdown.
func (p *program) condFlips(pf *pfile, fn ast.Node, cond ast.Expr, inElse bool) bool {
	if b, ok := unparen(cond).(*ast.BinaryExpr); ok && !inElse {
		switch {
		case b.Op == token.LOR:
			return p.condFlips(pf, fn, b.X, false) || p.condFlips(pf, fn, b.Y, false)
		case b.Op == token.NEQ && (isNil(b.X) || isNil(b.Y)):
			v := b.X
			if isNil(v) {
				v = b.Y
			}
			// ctx.Err() != nil of a context that derives from signal.NotifyContext
			// turns true when the signal arrives, as <-ctx.Done() returns.
			if c, ok := unparen(v).(*ast.CallExpr); ok && len(c.Args) == 0 {
				if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Err" && p.fromSignal(pf, fn, sel.X, 0) != nil {
					return true
				}
			}
			return p.fromProgram(pf, fn, v)
		}
	}
	flag, whenTrue, ok := flagOf(cond)
	if !ok {
		return true
	}
	want := whenTrue != inElse // the value of the flag that answers 503
	tested := p.flagOwner(pf, fn, flagExpr(cond))
	onShutdown := func(s site, target ast.Expr) bool {
		return p.runs(s) && !p.afterShutdown(s) && !p.beforeSignal(s) && tested.same(p.flagOwner(s.file, s.fn, target))
	}
	for _, c := range p.flagSets() {
		if lastName(c.recv) == flag && onShutdown(c.site, c.recv) {
			if v, ok := boolLit(setValue(c)); !ok || v == want {
				return true
			}
		}
	}
	for _, s := range p.assignsTo(flag) {
		if v, ok := boolLit(s.value); onShutdown(s.site, s.target) && (!ok || v == want) {
			return true
		}
	}
	return false
}

// flagSets returns the calls that set an atomic value: x.Store(v), x.Swap(v) and
// x.CompareAndSwap(old, v), which sets v when it swaps (ready.CompareAndSwap(true,
// false) makes a shutdown that more than one path may start run once).
func (p *program) flagSets() []call {
	var out []call
	for _, c := range p.methodCalls("Store", "Swap", "CompareAndSwap") {
		if len(c.expr.Args) == 1 && c.name != "CompareAndSwap" || len(c.expr.Args) == 2 && c.name == "CompareAndSwap" {
			out = append(out, c)
		}
	}
	return out
}

// setValue returns the value a call of flagSets sets.
func setValue(c call) ast.Expr {
	return c.expr.Args[len(c.expr.Args)-1]
}

// flagExpr returns the flag a readiness condition tests (see flagOf): ready in
// !ready.Load(), h.ready in !h.ready.
func flagExpr(cond ast.Expr) ast.Expr {
	e := unparen(cond)
	for {
		u, isNot := e.(*ast.UnaryExpr)
		if !isNot || u.Op != token.NOT {
			break
		}
		e = unparen(u.X)
	}
	if c, isCall := e.(*ast.CallExpr); isCall {
		if sel, isSel := c.Fun.(*ast.SelectorExpr); isSel {
			e = sel.X
		}
	}
	return e
}

// owner is what holds a readiness flag, as far as the code tells: the field of a
// struct type of the program that holds its value (field, the field's type in the
// declaration), or a variable that holds a value (variable); neither when the flag
// may be shared through a pointer, or cannot be told. A name's declaration is told
// apart (see varScope): the function that declares it (local), or the package of a
// package-level variable (pkg).
type owner struct {
	field    ast.Node
	variable bool
	local    ast.Node
	pkg      string
}

// same reports whether two flags of the same name may be one: not when both
// owners are told and differ (the fields of two struct types, a field and a
// variable, two variables declared apart of which one holds its value, such as the
// package-level ready of main and that of a health package, or a local ready that
// shadows a package-level one).
func (o owner) same(other owner) bool {
	switch {
	case o.field != nil && other.field != nil:
		return o.field == other.field
	case o.field != nil:
		return !other.variable
	case other.field != nil:
		return !o.variable
	case (o.variable || other.variable) && o.declared() && other.declared():
		return o.local == other.local && o.pkg == other.pkg
	}
	return true
}

// declared reports whether the declaration of the owner's variable is told.
func (o owner) declared() bool { return o.local != nil || o.pkg != "" }

// flagOwner returns the owner of flag e (in fn): for x.name, the field name of x's
// struct type (or of a struct it embeds) when that field is not a pointer; for a
// name, a variable when every value it is declared or assigned is a struct or a
// zero value (var ready atomic.Bool, var ready bool), which no other name shares,
// with where it is declared (see varScope).
func (p *program) flagOwner(pf *pfile, fn ast.Node, e ast.Expr) owner {
	if pf == nil {
		return owner{}
	}
	switch x := unparen(e).(type) {
	case *ast.SelectorExpr:
		if _, _, qualified := pf.qualified(x); qualified {
			return owner{}
		}
		t, tpf := p.typeOf(pf, fn, x.X, 0)
		if t == nil {
			return owner{}
		}
		ft, _ := p.fieldType(tpf, t, x.Sel.Name, 0)
		if _, pointer := ft.(*ast.StarExpr); ft == nil || pointer {
			return owner{}
		}
		return owner{field: ft}
	case *ast.Ident:
		defs, param := p.lookup(fn, x.Name)
		if param != nil {
			return owner{}
		}
		if len(defs) == 0 {
			for _, g := range p.globals[pf.pkg.ImportPath+"."+x.Name] {
				defs = append(defs, g.node)
			}
		}
		local, pkg := p.varScope(pf, fn, x.Name)
		return owner{variable: len(defs) > 0 && !slices.ContainsFunc(defs, func(d ast.Expr) bool {
			_, isLit := unparen(d).(*ast.CompositeLit)
			return !isLit
		}), local: local, pkg: pkg}
	}
	return owner{}
}

// varScope tells where the variable name, read in fn of file pf, is declared: the
// innermost function from fn outwards that declares it (a parameter, :=, a var
// declaration, a range or a select case that defines it; not one that only assigns
// it), or else the package of pf when it declares a package-level variable of that
// name; neither when none does.
func (p *program) varScope(pf *pfile, fn ast.Node, name string) (local ast.Node, pkg string) {
	for f := fn; f != nil; f = p.parent[f] {
		if declaresLocal(f, name) {
			return f, ""
		}
	}
	if len(p.globals[pf.pkg.ImportPath+"."+name]) > 0 {
		return nil, pf.pkg.ImportPath
	}
	return nil, ""
}

// declaresLocal reports whether function f (not the function literals in it)
// declares name: as a parameter, result or receiver, or by a statement that defines
// it (:=, var, range with :=, a type switch's or select case's :=).
func declaresLocal(f ast.Node, name string) bool {
	if ft := funcType(f); ft != nil && (slices.Contains(paramNames(ft), name) || fieldNamed(ft.Results, name) != nil) {
		return true
	}
	if fd, ok := f.(*ast.FuncDecl); ok && fieldNamed(fd.Recv, name) != nil {
		return true
	}
	body := funcBody(f)
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			found = found || x.Tok == token.DEFINE && slices.ContainsFunc(x.Lhs, func(l ast.Expr) bool { return isName(l, name) })
		case *ast.RangeStmt:
			found = found || x.Tok == token.DEFINE && (isName(x.Key, name) || x.Value != nil && isName(x.Value, name))
		case *ast.ValueSpec:
			found = found || slices.ContainsFunc(x.Names, func(id *ast.Ident) bool { return id.Name == name })
		}
		return !found
	})
	return found
}

// beforeSignal reports whether code at s surely runs before the stop signal is
// received, so that a readiness flag it sets is not set on shutdown: at package
// level, in an init function, or in a function that waits for the signal (see
// signalWait) after it and not before it (not counting its function literals,
// goroutines and deferred calls): a wait before it is the first signal, one after
// it a second.
func (p *program) beforeSignal(s site) bool {
	if s.fn == nil {
		return true
	}
	if s.file == nil {
		return false
	}
	if fd, ok := p.outermost(s.fn).(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "init" {
		return true
	}
	body := funcBody(s.fn)
	if body == nil {
		return false
	}
	before, after := false, false
	ast.Inspect(body, func(n ast.Node) bool {
		var wait ast.Node
		switch x := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			return false
		case *ast.UnaryExpr:
			if x.Op == token.ARROW && p.signalWait(s.file, s.fn, x.X) {
				wait = x
			}
		case *ast.RangeStmt:
			if p.signalWait(s.file, s.fn, x.X) {
				wait = x.X
				before = before || encloses(x.Body, s.node)
			}
		}
		if wait != nil {
			after = after || wait.Pos() >= s.node.End()
			before = before || wait.End() <= s.node.Pos()
		}
		return n != nil
	})
	return after && !before
}

// signalWait reports whether a receive from e (in fn) waits for the stop signal:
// e is the channel of a signal.Notify call that main's flow runs, by the name the
// function holding fn gives it there, or the Done channel of a context that
// derives from signal.NotifyContext (see fromSignal).
func (p *program) signalWait(pf *pfile, fn ast.Node, e ast.Expr) bool {
	switch x := unparen(e).(type) {
	case *ast.Ident:
		return slices.ContainsFunc(p.callsTo("os/signal", "Notify"), func(c call) bool {
			return len(c.expr.Args) > 0 && isName(unparen(c.expr.Args[0]), x.Name) && c.fn != nil && p.outermost(c.fn) == p.outermost(fn) && p.runs(c.site)
		})
	case *ast.CallExpr:
		sel, ok := x.Fun.(*ast.SelectorExpr)
		return ok && sel.Sel.Name == "Done" && len(x.Args) == 0 && p.fromSignal(pf, fn, sel.X, 0) != nil
	}
	return false
}

// flagOf reads a readiness condition: the name of the flag it tests and whether the
// condition holds when the flag is true.
func flagOf(cond ast.Expr) (name string, whenTrue, ok bool) {
	whenTrue = true
	e := unparen(cond)
	for {
		u, isNot := e.(*ast.UnaryExpr)
		if !isNot || u.Op != token.NOT {
			break
		}
		whenTrue = !whenTrue
		e = unparen(u.X)
	}
	if c, isCall := e.(*ast.CallExpr); isCall && len(c.Args) == 0 {
		sel, isSel := c.Fun.(*ast.SelectorExpr)
		if !isSel || sel.Sel.Name != "Load" {
			return "", false, false
		}
		e = sel.X
	}
	name = lastName(e)
	return name, whenTrue, name != ""
}

// lastName returns the last name of x or a.b.x, or "".
func lastName(e ast.Expr) string {
	switch x := unparen(e).(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	}
	return ""
}

// boolLit returns the value of the identifier true or false.
func boolLit(e ast.Expr) (value, ok bool) {
	id, isID := unparen(e).(*ast.Ident)
	if !isID || id.Name != "true" && id.Name != "false" {
		return false, false
	}
	return id.Name == "true", true
}

// assignsTo returns the assignments x = v and a.x = v of a flag named name.
func (p *program) assignsTo(name string) []fieldSet {
	out := p.setsOf(name)
	for fn, defs := range p.defs {
		if !p.owns(p.fnID[fn]) {
			continue
		}
		for _, d := range defs[name] {
			if declares(d) {
				continue
			}
			pf, _ := p.enclosing(d.Pos())
			out = append(out, fieldSet{site: site{file: pf, fn: fn, node: d}, target: ast.NewIdent(name), field: name, value: d})
		}
	}
	return out
}

// declares reports whether value d, assigned to a name, makes a new variable rather
// than setting a flag: a struct or zero value (var ready atomic.Bool, var ready bool),
// a pointer to one (&probe{}) or new(T).
func declares(d ast.Expr) bool {
	switch x := unparen(d).(type) { // unparen takes the & off
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		return isName(x.Fun, "new") && len(x.Args) == 1
	}
	return false
}

// fromProgram reports whether value e (in fn) may come from code of the program: it
// is, or is assigned, a call of a function or method of the program, or something
// this audit cannot follow; not when every value it is assigned is a call of
// another module's function or of a method of a value of another module's type.
func (p *program) fromProgram(pf *pfile, fn ast.Node, e ast.Expr) bool {
	values := []ast.Expr{e}
	if id, ok := unparen(e).(*ast.Ident); ok {
		values = p.defsOf(fn, id.Name)
	}
	if len(values) == 0 {
		return true
	}
	return slices.ContainsFunc(values, func(v ast.Expr) bool {
		c, ok := unparen(v).(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if !ok {
			return true // a function of the package, or a func value
		}
		if pkg, _, ok := pf.qualified(sel); ok {
			return p.inProgram(pkg)
		}
		if len(p.programMethods(pf, fn, sel.X, sel.Sel.Name)) > 0 {
			return true
		}
		if t, tpf := p.typeOf(pf, fn, sel.X, 0); t != nil { // h.db, a *sql.DB field
			pkg, _, ok := tpf.qualified(baseType(t))
			return !ok || p.inProgram(pkg)
		}
		ids, _ := p.trace(pf, fn, sel.X)
		return len(ids) == 0 || slices.ContainsFunc(ids, func(id string) bool {
			return p.inProgram(id[:strings.LastIndex(id, ".")])
		})
	})
}

// isReadyPath reports whether a route path names a readiness endpoint.
func isReadyPath(v string) bool {
	return strings.Contains(v, "ready") || strings.Contains(v, "readiness")
}

// shutdownCalls returns the Shutdown method calls (x.Shutdown(ctx)) and the calls
// of a method value x.Shutdown through a func value, taken as calls of Shutdown on x
// where the func value is called: a variable it is assigned to (drain :=
// srv.Shutdown; drain(ctx)), or the range variable over a slice or map of funcs that
// holds it (hooks := []func(context.Context) error{srv.Shutdown}; for _, h := range
// hooks { h(ctx) }), the elements of a literal or appended.
func (p *program) shutdownCalls() []call {
	if p.shutdownSites != nil {
		return *p.shutdownSites
	}
	out := p.methodCalls("Shutdown")
	for _, c := range p.calls {
		id, ok := c.expr.Fun.(*ast.Ident)
		if !ok || c.recv != nil || c.pkg != "" || len(c.expr.Args) != 1 || c.fn == nil {
			continue
		}
		for _, v := range p.funcValues(c, id) {
			sel, ok := unparen(v).(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Shutdown" {
				continue
			}
			if _, _, qualified := c.file.qualified(sel); !qualified {
				out = append(out, call{site: c.site, expr: c.expr, name: "Shutdown", recv: sel.X})
			}
		}
	}
	p.shutdownSites = &out
	return out
}

// funcValues returns what the func value id, called by c, may hold: what the name
// is assigned, or, for the value of a range statement around c, the elements of
// the slice or map it ranges over (of a literal, or of the literals and appends its
// variable is assigned).
func (p *program) funcValues(c call, id *ast.Ident) []ast.Expr {
	if defs := p.defsOf(c.fn, id.Name); len(defs) > 0 {
		return defs
	}
	if _, ok := p.funcs[c.file.pkg.ImportPath+"."+id.Name]; ok || goBuiltin(id.Name) {
		return nil
	}
	var over ast.Expr
	ast.Inspect(funcBody(p.outermost(c.fn)), func(n ast.Node) bool {
		if n == nil || over != nil || !encloses(n, c.expr) {
			return false
		}
		if r, ok := n.(*ast.RangeStmt); ok && r.Value != nil && isName(r.Value, id.Name) && encloses(r.Body, c.expr) {
			over = r.X
		}
		return true
	})
	if over == nil {
		return nil
	}
	lists := []ast.Expr{over}
	if x, ok := unparen(over).(*ast.Ident); ok {
		lists = p.defsOf(c.fn, x.Name)
	}
	var out []ast.Expr
	for _, l := range lists {
		switch x := unparen(l).(type) {
		case *ast.CompositeLit:
			for _, el := range x.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					el = kv.Value
				}
				out = append(out, el)
			}
		case *ast.CallExpr:
			if isName(x.Fun, "append") && len(x.Args) > 1 {
				out = append(out, x.Args[1:]...)
			}
		}
	}
	return out
}

// goBuiltin reports whether name is a builtin function or a predeclared type, which
// a call of that name (len(x), int64(n)) calls or converts to.
func goBuiltin(name string) bool {
	return types.Universe.Lookup(name) != nil
}
