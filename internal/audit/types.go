package audit

import "go/ast"

// declare records the type declarations, functions, methods and Shutdown methods
// of pf.
func (p *program) declare(pf *pfile) {
	for _, d := range pf.f.Syntax.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				if ts, ok := spec.(*ast.TypeSpec); ok && replaces(p.types[pf.pkg.ImportPath+"."+ts.Name.Name].file, pf) {
					p.types[pf.pkg.ImportPath+"."+ts.Name.Name] = decl[*ast.TypeSpec]{ts, pf}
				}
			}
		case *ast.FuncDecl:
			switch {
			case d.Recv == nil:
				if replaces(p.funcs[pf.pkg.ImportPath+"."+d.Name.Name].file, pf) {
					p.funcs[pf.pkg.ImportPath+"."+d.Name.Name] = decl[*ast.FuncDecl]{d, pf}
				}
				p.funcNames[d.Name.Name] = true
			default:
				p.methods[d.Name.Name] = append(p.methods[d.Name.Name], decl[*ast.FuncDecl]{d, pf})
				if d.Name.Name != "Shutdown" || len(d.Recv.List) != 1 {
					continue
				}
				if name, ok := typeName(d.Recv.List[0].Type); ok {
					p.shutdowns[pf.pkg.ImportPath+"."+name] = true
				}
			}
		}
	}
}

// replaces reports whether a package-level declaration in pf replaces the one of
// the same name in old (nil when there is none): the declaration of a file that a
// build without tags compiles wins over that of a file only a build tag brings in
// (repo.File.Tagged), and otherwise the file indexed last wins (generated files come
// last, see newIndex).
func replaces(old, pf *pfile) bool {
	return old == nil || old.f.Tagged || !pf.f.Tagged
}

// typeName returns the name of a receiver or embedded type: T, *T, T[P], *T[P].
func typeName(e ast.Expr) (string, bool) {
	id, ok := baseType(e).(*ast.Ident)
	if !ok {
		return "", false
	}
	return id.Name, true
}

// baseType strips pointers, parentheses and type arguments from a type expression.
func baseType(t ast.Expr) ast.Expr {
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		default:
			return t
		}
	}
}

// kind says whether a value is an HTTP server, as far as the code tells.
type kind int

const (
	unknownKind kind = iota
	serverKind
	notServerKind
)

// serverPackage reports whether import path ip is net/http or Echo, whose values a
// Shutdown call drains.
func serverPackage(ip string) bool {
	return ip == "net/http" || echoPackage(ip)
}

// typeOf returns the type expression of e inside fn, with the file it is written
// in, when the code tells it: a composite literal's type, a declared variable's or
// parameter's type, the result type of a function of the program or new(T), a
// struct field's type. It returns nil otherwise, for a call of a function of
// another module among others.
func (p *program) typeOf(pf *pfile, fn ast.Node, e ast.Expr, depth int) (ast.Expr, *pfile) {
	if depth > 6 {
		return nil, nil
	}
	switch x := unparen(e).(type) {
	case *ast.StarExpr:
		return p.typeOf(pf, fn, x.X, depth+1)
	case *ast.CompositeLit:
		return x.Type, pf
	case *ast.Ident:
		defs, param := p.lookup(fn, x.Name)
		if param != nil {
			return param, pf
		}
		for _, d := range defs {
			if t, tpf := p.typeOf(pf, fn, d, depth+1); t != nil {
				return t, tpf
			}
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "new" && len(x.Args) == 1 {
			return x.Args[0], pf
		}
		if f, ok := p.funcs[p.funcID(pf, x.Fun)]; ok && f.node.Type.Results != nil && len(f.node.Type.Results.List) > 0 {
			t := f.node.Type.Results.List[0].Type
			if d, _, ok := p.declOf(f.file, t); ok && isInterface(d.node) {
				if ct, cpf := p.returnedType(f, depth); ct != nil {
					return ct, cpf
				}
			}
			return t, f.file
		}
	case *ast.SelectorExpr:
		if _, _, ok := pf.qualified(x); ok {
			return nil, nil
		}
		st, spf := p.typeOf(pf, fn, x.X, depth+1)
		return p.fieldType(spf, st, x.Sel.Name, depth+1)
	}
	return nil, nil
}

// isInterface reports whether the type spec d declares an interface type.
func isInterface(d *ast.TypeSpec) bool {
	_, ok := d.Type.(*ast.InterfaceType)
	return ok && !d.Assign.IsValid()
}

// returnedType returns the one type of the program that function f, whose first
// result is an interface of the program, returns as that result in every return
// statement that returns a value (a constructor such as func New() Runner { return
// &server{} }), or nil: the dynamic type of what f returns, whose methods a call
// through the interface runs.
func (p *program) returnedType(f decl[*ast.FuncDecl], depth int) (ast.Expr, *pfile) {
	var t ast.Expr
	var tpf *pfile
	id := ""
	for _, r := range returns(f.node.Body) {
		if len(r.Results) == 0 || isNil(r.Results[0]) {
			continue
		}
		if len(r.Results) != len(f.node.Type.Results.List) && len(f.node.Type.Results.List) > 1 {
			return nil, nil // a call's results returned as they are
		}
		rt, rpf := p.typeOf(f.file, f.node, r.Results[0], depth+1)
		d, rid, ok := p.declOf(rpf, rt)
		if rt == nil || !ok || isInterface(d.node) || id != "" && rid != id {
			return nil, nil
		}
		t, tpf, id = rt, rpf, rid
	}
	return t, tpf
}

// funcID returns the id of the function a call names (F or pkg.F), or "".
func (p *program) funcID(pf *pfile, fun ast.Expr) string {
	if id, ok := fun.(*ast.Ident); ok {
		return pf.pkg.ImportPath + "." + id.Name
	}
	if pkg, name, ok := pf.qualified(fun); ok {
		return pkg + "." + name
	}
	return ""
}

// lookup returns what name is assigned in fn or, when fn neither assigns it nor
// takes it as a parameter, in the innermost enclosing function that does; or the
// declared type of the parameter (or receiver) of that name.
func (p *program) lookup(fn ast.Node, name string) (defs []ast.Expr, param ast.Expr) {
	for ; fn != nil; fn = p.parent[fn] {
		if defs := p.defs[fn][name]; len(defs) > 0 {
			return defs, nil
		}
		var lists []*ast.FieldList
		switch f := fn.(type) {
		case *ast.FuncDecl:
			lists = []*ast.FieldList{f.Recv, f.Type.Params}
		case *ast.FuncLit:
			lists = []*ast.FieldList{f.Type.Params}
		}
		for _, l := range lists {
			if t := fieldNamed(l, name); t != nil {
				return nil, t
			}
		}
	}
	return nil, nil
}

// fieldNamed returns the type of the field of l named name, or nil.
func fieldNamed(l *ast.FieldList, name string) ast.Expr {
	if l == nil {
		return nil
	}
	for _, f := range l.List {
		for _, n := range f.Names {
			if n.Name == name {
				return f.Type
			}
		}
	}
	return nil
}

// declOf returns the declaration of the program's type that t names (through
// pointers and type arguments), with its id.
func (p *program) declOf(pf *pfile, t ast.Expr) (decl[*ast.TypeSpec], string, bool) {
	if pf == nil {
		return decl[*ast.TypeSpec]{}, "", false
	}
	id := ""
	switch x := baseType(t).(type) {
	case *ast.Ident:
		id = pf.pkg.ImportPath + "." + x.Name
	case *ast.SelectorExpr:
		if pkg, name, ok := pf.qualified(x); ok {
			id = pkg + "." + name
		}
	}
	d, ok := p.types[id]
	return d, id, ok
}

// fieldType returns the type of field name of the struct type t, a field of an
// embedded struct included.
func (p *program) fieldType(pf *pfile, t ast.Expr, name string, depth int) (ast.Expr, *pfile) {
	d, _, ok := p.declOf(pf, t)
	if !ok || depth > 6 {
		return nil, nil
	}
	if d.node.Assign.IsValid() {
		return p.fieldType(d.file, d.node.Type, name, depth+1)
	}
	st, ok := d.node.Type.(*ast.StructType)
	if !ok {
		return nil, nil
	}
	if ft := fieldNamed(st.Fields, name); ft != nil {
		return ft, d.file
	}
	for _, f := range st.Fields.List {
		if len(f.Names) > 0 {
			continue
		}
		if embedded, _ := typeName(f.Type); embedded == name {
			return f.Type, d.file
		}
		if ft, fpf := p.fieldType(d.file, f.Type, name, depth+1); ft != nil {
			return ft, fpf
		}
	}
	return nil, nil
}

// kindOf classifies type t: a type of net/http or Echo is a server, a type of another
// package outside the program is not; a type of the program that declares Shutdown
// itself is not (what its method does is judged where the method calls Shutdown),
// and a struct is what the embedded fields its Shutdown comes from are.
func (p *program) kindOf(pf *pfile, t ast.Expr, depth int) kind {
	if t == nil || depth > 6 {
		return unknownKind
	}
	d, id, ok := p.declOf(pf, t)
	if !ok {
		pkg, _, qualified := pf.qualified(baseType(t))
		switch {
		case qualified && serverPackage(pkg):
			return serverKind
		case qualified && !p.inProgram(pkg):
			return notServerKind
		}
		return unknownKind
	}
	switch {
	case p.shutdowns[id]:
		return notServerKind
	case d.node.Assign.IsValid():
		return p.kindOf(d.file, d.node.Type, depth+1)
	}
	st, ok := d.node.Type.(*ast.StructType)
	if !ok {
		return unknownKind
	}
	k := unknownKind
	for _, f := range st.Fields.List {
		if len(f.Names) > 0 {
			continue
		}
		switch p.kindOf(d.file, f.Type, depth+1) {
		case serverKind:
			return serverKind
		case unknownKind:
			return unknownKind
		}
		k = notServerKind
	}
	return k
}

// inProgram reports whether import path ip is a package of the program.
func (p *program) inProgram(ip string) bool {
	return p.pkgs[ip]
}
