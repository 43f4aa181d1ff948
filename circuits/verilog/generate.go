package verilog

import (
	"math/big"
	"strconv"
)

// collectFuncs records the functions of a module.
func (sc *scope) collectFuncs(items []Item) {
	for _, it := range items {
		f, ok := it.(*Function)
		if !ok {
			continue
		}
		if sc.funcs == nil {
			sc.funcs = map[string]*Function{}
		}
		if old, dup := sc.funcs[f.Name.Name]; dup {
			sc.e.errorf(f.Name.Pos, "function %s redefined (first defined at %s)", f.Name.Name, sc.e.fset.Position(old.Pos))
			continue
		}
		sc.funcs[f.Name.Name] = f
	}
}

// hasGenerate reports whether items hold generate constructs.
func hasGenerate(items []Item) bool {
	for _, it := range items {
		switch it.(type) {
		case *GenFor, *GenIf, *GenCase, *GenBlock, *Genvar:
			return true
		}
	}
	return false
}

// expandGenerate unrolls the generate constructs of a module instance
// into plain items. Names declared inside a generate block are renamed
// to their hierarchical names (blk[3].t, genblk1.x); genvars become
// constants.
func (sc *scope) expandGenerate(items []Item) []Item {
	var out []Item
	sc.expandInto(&out, items, true)
	return out
}

func (sc *scope) expandInto(out *[]Item, items []Item, top bool) {
	e := sc.e
	for _, it := range items {
		if e.fatal {
			return
		}
		switch it := it.(type) {
		case *Genvar:
		case *GenFor:
			sc.genFor(out, it)
		case *GenIf:
			c, ok := sc.genCond(it.Cond)
			if !ok {
				continue
			}
			if c {
				sc.genBlock(out, it.ThenLbl, it.Then, nil)
			} else if it.Else != nil {
				sc.genBlock(out, it.ElseLbl, it.Else, nil)
			}
		case *GenCase:
			sc.genCase(out, it)
		case *GenBlock:
			sc.genBlock(out, it.Label, it.Items, nil)
		case *Param:
			if !top {
				sc.addParam(it)
			}
			*out = append(*out, it)
		default:
			*out = append(*out, it)
		}
	}
}

// addParam evaluates a parameter met inside a generate block.
func (sc *scope) addParam(prm *Param) {
	if _, dup := sc.params[prm.Name.Name]; dup {
		sc.e.errorf(prm.Name.Pos, "parameter %s redeclared", prm.Name.Name)
		return
	}
	pv := sc.constValue(prm.Value)
	if prm.Range != nil {
		if msb, lsb, ok := sc.rangeBounds(prm.Range); ok {
			pv = &paramVal{bits: extend(pv.bits, absDiff(msb, lsb)+1, pv.signed), signed: prm.Signed, hasRange: true, msb: msb, lsb: lsb}
		}
	} else if prm.Signed {
		pv = &paramVal{bits: pv.bits, signed: true}
	}
	sc.params[prm.Name.Name] = pv
}

// nonParam returns a name x uses that is not a parameter or genvar
// (generate constructs are expanded before nets are declared).
func (sc *scope) nonParam(x Expr) (string, bool) {
	var bad string
	var walk func(x Expr)
	walk = func(x Expr) {
		if bad != "" {
			return
		}
		switch x := x.(type) {
		case *Name:
			if _, ok := sc.params[x.Name]; !ok {
				bad = x.Name
			}
		case *Index:
			walk(x.X)
			walk(x.Index)
		case *Slice:
			walk(x.X)
			walk(x.A)
			walk(x.B)
		case *Concat:
			for _, p := range x.Parts {
				walk(p)
			}
		case *Repl:
			walk(x.Count)
			walk(x.X)
		case *Unary:
			walk(x.X)
		case *Binary:
			walk(x.X)
			walk(x.Y)
		case *Cond:
			walk(x.C)
			walk(x.T)
			walk(x.F)
		case *Call:
			if x.Name != "$bits" {
				for _, a := range x.Args {
					walk(a)
				}
			}
		case *FuncCall:
			for _, a := range x.Args {
				walk(a)
			}
		}
	}
	walk(x)
	return bad, bad != ""
}

// genConst reports whether x uses only parameters, else an error.
func (sc *scope) genConst(x Expr, what string) bool {
	if name, bad := sc.nonParam(x); bad {
		sc.e.errorf(x.Pos(), "%s is not constant (%s is not a parameter or genvar)", what, name)
		return false
	}
	return true
}

// genCond evaluates a generate condition, which must be constant.
func (sc *scope) genCond(x Expr) (bool, bool) {
	if !sc.genConst(x, "generate condition") {
		return false, false
	}
	c := sc.cond(x)
	if !isConst(c) {
		sc.e.errorf(x.Pos(), "generate condition is not constant")
		return false, false
	}
	return c == c1, true
}

func (sc *scope) genCase(out *[]Item, g *GenCase) {
	if !sc.genConst(g.X, "generate case expression") {
		return
	}
	for _, it := range g.Items {
		for _, x := range it.Exprs {
			if !sc.genConst(x, "generate case item") {
				return
			}
		}
	}
	t := sc.typeOf(g.X)
	w, s := t.w, t.s
	for _, it := range g.Items {
		for _, x := range it.Exprs {
			xt := sc.typeOf(x)
			w, s = max(w, xt.w), s && xt.s
		}
	}
	xv := sc.eval(g.X, w, s)
	if !allConst(xv) {
		sc.e.errorf(g.X.Pos(), "generate case expression is not constant")
		return
	}
	var def *GenCaseItem
	for _, it := range g.Items {
		if it.Exprs == nil {
			def = it
			continue
		}
		for _, x := range it.Exprs {
			v := sc.eval(x, w, s)
			if !allConst(v) {
				sc.e.errorf(x.Pos(), "generate case item is not constant")
				return
			}
			if bitsToBig(v, false).Cmp(bitsToBig(xv, false)) == 0 {
				sc.genBlock(out, it.Label, it.Items, nil)
				return
			}
		}
	}
	if def != nil {
		sc.genBlock(out, def.Label, def.Items, nil)
	}
}

func (sc *scope) genFor(out *[]Item, g *GenFor) {
	e := sc.e
	name := g.Var.Name
	if _, ok := sc.nets[name]; ok {
		e.errorf(g.Var.Pos, "%s is a net, not a genvar", name)
		return
	}
	old, hadOld := sc.params[name]
	defer func() {
		if hadOld {
			sc.params[name] = old
		} else {
			delete(sc.params, name)
		}
	}()
	if !sc.genConst(g.Init, "generate loop start") {
		return
	}
	v, ok := sc.constInt(g.Init)
	if !ok {
		return
	}
	label := g.Label
	if label == "" {
		sc.genSeq++
		label = "genblk" + strconv.Itoa(sc.genSeq)
	}
	seen := map[int64]bool{}
	for n := 0; ; n++ {
		sc.params[name] = &paramVal{bits: bigToBits(big.NewInt(v), 32), signed: true}
		c, ok := sc.genCond(g.Cond)
		if !ok || !c {
			return
		}
		if n >= MaxIterations {
			e.errorf(g.Pos, "generate loop exceeds %d iterations", MaxIterations)
			return
		}
		if !sc.step(g.Pos) {
			return
		}
		if seen[v] {
			e.errorf(g.Pos, "generate loop repeats the value %d of %s", v, name)
			return
		}
		seen[v] = true
		num := &Number{At: g.Var.Pos, Value: big.NewInt(v), Signed: true, Text: strconv.FormatInt(v, 10)}
		sc.genBlock(out, label+"["+strconv.FormatInt(v, 10)+"]", g.Items, map[string]Expr{name: num})
		if e.fatal {
			return
		}
		sc.params[name] = &paramVal{bits: bigToBits(big.NewInt(v), 32), signed: true}
		if !sc.genConst(g.Step, "generate loop step") {
			return
		}
		nv, ok := sc.constInt(g.Step)
		if !ok {
			return
		}
		v = nv
	}
}

// genBlock expands the items of one generate block named prefix.
func (sc *scope) genBlock(out *[]Item, prefix string, items []Item, binds map[string]Expr) {
	if prefix == "" {
		sc.genSeq++
		prefix = "genblk" + strconv.Itoa(sc.genSeq)
	}
	ren := map[string]Expr{}
	for k, v := range binds {
		ren[k] = v
	}
	for _, name := range declaredNames(items) {
		ren[name] = &Name{Name: prefix + "." + name}
	}
	c := cloner{ren: ren}
	cloned := make([]Item, 0, len(items))
	for _, it := range items {
		cloned = append(cloned, c.item(it))
	}
	sc.expandInto(out, cloned, false)
}

// declaredNames lists the names that items declare at their own level.
func declaredNames(items []Item) []string {
	var names []string
	for _, it := range items {
		switch it := it.(type) {
		case *Decl:
			for _, id := range it.Names {
				names = append(names, id.Name)
			}
		case *Param:
			names = append(names, it.Name.Name)
		case *Instance:
			if it.Name != nil {
				names = append(names, it.Name.Name)
			}
		}
	}
	return names
}

// cloner copies AST nodes, replacing names by ren's expressions.
type cloner struct {
	ren map[string]Expr
	sc  *scope // when set, hierarchical references become names
}

// shadow returns a cloner for a nested block that declares names.
func (c cloner) shadow(items []Item) cloner {
	names := declaredNames(items)
	if len(names) == 0 {
		return c
	}
	m := make(map[string]Expr, len(c.ren))
	for k, v := range c.ren {
		m[k] = v
	}
	for _, n := range names {
		delete(m, n)
	}
	return cloner{ren: m, sc: c.sc}
}

func (c cloner) ident(id *Ident) *Ident {
	if id == nil {
		return nil
	}
	if r, ok := c.ren[id.Name].(*Name); ok {
		return &Ident{Pos: id.Pos, Name: r.Name}
	}
	return id
}

func (c cloner) items(its []Item) []Item {
	out := make([]Item, len(its))
	for i, it := range its {
		out[i] = c.item(it)
	}
	return out
}

func (c cloner) item(it Item) Item {
	switch it := it.(type) {
	case *Decl:
		d := *it
		d.Range = c.rng(it.Range)
		d.Packed = c.rngs(it.Packed)
		d.Names = make([]*Ident, len(it.Names))
		for i, id := range it.Names {
			d.Names[i] = c.ident(id)
		}
		d.Inits = make([]Expr, len(it.Inits))
		for i, x := range it.Inits {
			d.Inits[i] = c.expr(x)
		}
		if it.Dims != nil {
			d.Dims = make([][]*Range, len(it.Dims))
			for i, ds := range it.Dims {
				d.Dims[i] = c.rngs(ds)
			}
		}
		return &d
	case *Param:
		p := *it
		p.Range = c.rng(it.Range)
		p.Name = c.ident(it.Name)
		p.Value = c.expr(it.Value)
		return &p
	case *Assign:
		return &Assign{Pos: it.Pos, LHS: c.expr(it.LHS), RHS: c.expr(it.RHS)}
	case *Instance:
		in := *it
		in.Name = c.ident(it.Name)
		in.Array = c.rng(it.Array)
		in.Params = c.conns(it.Params)
		in.Conns = c.conns(it.Conns)
		return &in
	case *Always:
		a := *it
		a.Sens = make([]*Name, 0, len(it.Sens))
		for _, n := range it.Sens {
			if r, ok := c.expr(n).(*Name); ok {
				a.Sens = append(a.Sens, r)
			}
		}
		a.Body = c.stmt(it.Body)
		return &a
	case *GenFor:
		g := *it
		inner := c.shadow(it.Items)
		g.Init, g.Cond, g.Step = c.expr(it.Init), c.expr(it.Cond), c.expr(it.Step)
		g.Items = inner.items(it.Items)
		return &g
	case *GenIf:
		g := *it
		g.Cond = c.expr(it.Cond)
		g.Then = c.shadow(it.Then).items(it.Then)
		if it.Else != nil {
			g.Else = c.shadow(it.Else).items(it.Else)
		}
		return &g
	case *GenCase:
		g := *it
		g.X = c.expr(it.X)
		g.Items = make([]*GenCaseItem, len(it.Items))
		for i, ci := range it.Items {
			n := *ci
			n.Exprs = c.exprs(ci.Exprs)
			n.Items = c.shadow(ci.Items).items(ci.Items)
			g.Items[i] = &n
		}
		return &g
	case *GenBlock:
		g := *it
		g.Items = c.shadow(it.Items).items(it.Items)
		return &g
	}
	return it
}

func (c cloner) conns(cs []*Conn) []*Conn {
	if cs == nil {
		return nil
	}
	out := make([]*Conn, len(cs))
	for i, x := range cs {
		n := *x
		if x.Expr != nil {
			n.Expr = c.expr(x.Expr)
		}
		out[i] = &n
	}
	return out
}

func (c cloner) rng(r *Range) *Range {
	if r == nil {
		return nil
	}
	return &Range{Pos: r.Pos, MSB: c.expr(r.MSB), LSB: c.expr(r.LSB)}
}

func (c cloner) rngs(rs []*Range) []*Range {
	if rs == nil {
		return nil
	}
	out := make([]*Range, len(rs))
	for i, r := range rs {
		out[i] = c.rng(r)
	}
	return out
}

func (c cloner) exprs(xs []Expr) []Expr {
	if xs == nil {
		return nil
	}
	out := make([]Expr, len(xs))
	for i, x := range xs {
		out[i] = c.expr(x)
	}
	return out
}

func (c cloner) expr(x Expr) Expr {
	switch x := x.(type) {
	case nil:
		return nil
	case *Name:
		if r, ok := c.ren[x.Name]; ok {
			switch r := r.(type) {
			case *Name:
				return &Name{At: x.At, Name: r.Name}
			case *Number:
				n := *r
				n.At = x.At
				return &n
			}
		}
		return &Name{At: x.At, Name: x.Name}
	case *Number:
		n := *x
		return &n
	case *Index:
		return &Index{X: c.expr(x.X), Index: c.expr(x.Index), LBrack: x.LBrack}
	case *Slice:
		return &Slice{X: c.expr(x.X), Mode: x.Mode, A: c.expr(x.A), B: c.expr(x.B), LBrack: x.LBrack}
	case *Concat:
		return &Concat{LBrace: x.LBrace, Parts: c.exprs(x.Parts)}
	case *Repl:
		cc, _ := c.expr(x.X).(*Concat)
		return &Repl{LBrace: x.LBrace, Count: c.expr(x.Count), X: cc}
	case *Unary:
		return &Unary{OpPos: x.OpPos, Op: x.Op, X: c.expr(x.X)}
	case *Binary:
		return &Binary{X: c.expr(x.X), OpPos: x.OpPos, Op: x.Op, Y: c.expr(x.Y)}
	case *Cond:
		return &Cond{C: c.expr(x.C), Quest: x.Quest, T: c.expr(x.T), F: c.expr(x.F)}
	case *Call:
		return &Call{At: x.At, Name: x.Name, Args: c.exprs(x.Args)}
	case *FuncCall:
		return &FuncCall{At: x.At, Name: x.Name, Args: c.exprs(x.Args)}
	case *HierRef:
		h := &HierRef{X: c.expr(x.X), Dot: x.Dot, Field: x.Field}
		if c.sc == nil {
			return h
		}
		name, ok := c.sc.hierName(h)
		if !ok {
			return &BadExpr{At: x.Pos()}
		}
		return &Name{At: x.Pos(), Name: name}
	case *Fill:
		f := *x
		return &f
	case *Wildcard:
		w := *x
		n := *x.Num
		w.Num = &n
		return &w
	}
	return x
}

func (c cloner) stmt(s Stmt) Stmt {
	switch s := s.(type) {
	case nil:
		return nil
	case *Block:
		b := *s
		b.Stmts = make([]Stmt, len(s.Stmts))
		for i, t := range s.Stmts {
			b.Stmts[i] = c.stmt(t)
		}
		b.Decls = make([]*Decl, len(s.Decls))
		for i, d := range s.Decls {
			b.Decls[i] = c.item(d).(*Decl)
		}
		return &b
	case *AssignStmt:
		return &AssignStmt{Pos: s.Pos, LHS: c.expr(s.LHS), RHS: c.expr(s.RHS)}
	case *IfStmt:
		return &IfStmt{Pos: s.Pos, Cond: c.expr(s.Cond), Then: c.stmt(s.Then), Else: c.stmt(s.Else)}
	case *CaseStmt:
		n := *s
		n.X = c.expr(s.X)
		n.Items = make([]*CaseItem, len(s.Items))
		for i, it := range s.Items {
			n.Items[i] = &CaseItem{Pos: it.Pos, Exprs: c.exprs(it.Exprs), Body: c.stmt(it.Body)}
		}
		return &n
	case *ForStmt:
		init, _ := c.stmt(s.Init).(*AssignStmt)
		step, _ := c.stmt(s.Step).(*AssignStmt)
		f := &ForStmt{Pos: s.Pos, Init: init, Step: step, Cond: c.expr(s.Cond), Body: c.stmt(s.Body)}
		if s.Decl != nil {
			f.Decl = c.item(s.Decl).(*Decl)
		}
		return f
	case *WhileStmt:
		return &WhileStmt{Pos: s.Pos, Cond: c.expr(s.Cond), Body: c.stmt(s.Body)}
	case *RepeatStmt:
		return &RepeatStmt{Pos: s.Pos, Count: c.expr(s.Count), Body: c.stmt(s.Body)}
	case *ReturnStmt:
		if s.Value == nil {
			return s
		}
		return &ReturnStmt{Pos: s.Pos, Value: c.expr(s.Value)}
	}
	return s
}

// forEachInstance calls f for the instances among items, inside generate
// constructs too.
func forEachInstance(items []Item, f func(*Instance)) {
	for _, it := range items {
		switch it := it.(type) {
		case *Instance:
			f(it)
		case *GenFor:
			forEachInstance(it.Items, f)
		case *GenIf:
			forEachInstance(it.Then, f)
			forEachInstance(it.Else, f)
		case *GenCase:
			for _, c := range it.Items {
				forEachInstance(c.Items, f)
			}
		case *GenBlock:
			forEachInstance(it.Items, f)
		}
	}
}

// hierBase reports whether x can start a hierarchical reference: a name
// or selects of one.
func hierBase(x Expr) bool {
	for {
		switch y := x.(type) {
		case *Name:
			return true
		case *Index:
			x = y.X
		case *HierRef:
			x = y.X
		default:
			return false
		}
	}
}

// hierName spells a hierarchical reference with constant indices as the
// name that generate expansion gives (blk[2].t).
func (sc *scope) hierName(x Expr) (string, bool) {
	switch x := x.(type) {
	case *Name:
		return x.Name, true
	case *Index:
		base, ok := sc.hierName(x.X)
		if !ok {
			return "", false
		}
		if _, bad := sc.nonParam(x.Index); bad {
			sc.e.errorf(x.LBrack, "index of a generate block must be constant")
			return "", false
		}
		k, ok := sc.constInt(x.Index)
		if !ok {
			return "", false
		}
		return base + "[" + strconv.FormatInt(k, 10) + "]", true
	case *HierRef:
		base, ok := sc.hierName(x.X)
		if !ok {
			return "", false
		}
		return base + "." + x.Field, true
	}
	sc.e.errorf(x.Pos(), "invalid hierarchical reference")
	return "", false
}

// resolveHier replaces the hierarchical references of items by the names
// of the generate blocks' declarations.
func (sc *scope) resolveHier(items []Item) []Item {
	c := cloner{ren: map[string]Expr{}, sc: sc}
	out := make([]Item, len(items))
	for i, it := range items {
		switch it.(type) {
		case *Param, *Function:
			out[i] = it
		default:
			out[i] = c.item(it)
		}
	}
	return out
}
