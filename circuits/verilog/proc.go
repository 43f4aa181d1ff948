package verilog

import (
	"fmt"
	"go/token"
	"math/big"
	"slices"
	"sort"
	"strings"

	"github.com/axmul/axmul/circuits"
)

// Limits of behavioural elaboration.
const (
	// MaxIterations bounds the iterations of one loop (for, while,
	// repeat, generate for) and the function calls made while
	// elaborating one process or continuous assignment.
	MaxIterations = 1 << 16
	// maxCallDepth bounds the nesting of function calls (recursion).
	maxCallDepth = 256
	// maxSteps bounds the loop iterations (nested loops included) and
	// generate iterations of one module instance.
	maxSteps = 1 << 18
)

// pstate is the value of a variable along the current path through a
// process: cur holds its bits, def tells which were assigned on every
// path so far.
type pstate struct {
	cur []val
	def []bool
}

// slotRef locates a slot net in its variable.
type slotRef struct {
	v *netVar
	i int
}

// behavScope is the behavioural part of a scope.
type behavScope struct {
	// env maps the variables assigned so far in the process being
	// elaborated to their current values; nil outside processes.
	env     map[*netVar]*pstate
	slotOf  map[val]slotRef
	elemSeq int
	funcs   map[string]*Function
	depth   int // function call depth
	calls   int // function calls in the current process or assignment
	// locals caches the local variables of blocks and function calls
	// by declaration and call depth (their values live in env).
	locals map[localKey]map[string]*netVar
	genSeq int
	steps  int // loop iterations so far (maxSteps)
	// ret is the returned flag of the function being executed when it
	// has one (Function.ReturnFlag), retName that function's name.
	ret     *netVar
	retName string
	// retLocal holds the variables local to that function (inputs,
	// locals, block locals; not its result or the flag): they keep
	// changing after a return, which only the result, the flag and outer
	// variables must not see (values computed assuming the flag is 0 are
	// then unobservable).
	retLocal map[*netVar]bool
	arrays   int // arrays declared (none: arrayVar need not look)
}

// step counts one loop iteration; it reports false (once with an error)
// when the module instance has run maxSteps.
func (sc *scope) step(pos token.Pos) bool {
	sc.steps++
	if sc.steps == maxSteps+1 {
		sc.e.errorf(pos, "more than %d loop iterations in module %s (nested loops?)", maxSteps, sc.mod.Name)
		sc.e.fatal = true
	}
	return sc.steps <= maxSteps
}

type localKey struct {
	owner any
	depth int
}

// read returns the current value of v: its value along the current path
// in a process, else its slot nets.
func (sc *scope) read(v *netVar) []val {
	if sc.env != nil {
		if st := sc.env[v]; st != nil {
			return st.cur
		}
	}
	return v.bits
}

// constVar reports whether v has a constant value in the process.
func (sc *scope) constVar(v *netVar) bool {
	if sc.env == nil {
		return false
	}
	st := sc.env[v]
	return st != nil && allConst(st.cur)
}

func (sc *scope) registerSlots(v *netVar) {
	for i, b := range v.bits {
		sc.slotOf[b] = slotRef{v, i}
	}
}

func (sc *scope) initSlots() {
	if sc.slotOf != nil {
		return
	}
	sc.slotOf = map[val]slotRef{}
	for _, v := range sc.nets {
		sc.registerSlots(v)
	}
}

// state returns the process state of v, creating it (unassigned).
func (sc *scope) state(v *netVar) *pstate {
	if st := sc.env[v]; st != nil {
		return st
	}
	st := &pstate{cur: append([]val(nil), v.bits...), def: make([]bool, len(v.bits))}
	sc.env[v] = st
	return st
}

func (sc *scope) snapshot() map[*netVar]*pstate {
	m := make(map[*netVar]*pstate, len(sc.env))
	for v, st := range sc.env {
		m[v] = &pstate{cur: append([]val(nil), st.cur...), def: append([]bool(nil), st.def...)}
	}
	return m
}

// branch executes then and els on the paths where c is 1 and 0 and
// merges the variables with multiplexers.
func (sc *scope) branch(c val, pos token.Pos, then, els func()) {
	switch c {
	case c1:
		then()
		return
	case c0:
		els()
		return
	}
	saved := sc.snapshot()
	undo := sc.e.assumeBit(c, true)
	then()
	undo()
	tEnv := sc.env
	sc.env = saved
	undo = sc.e.assumeBit(c, false)
	els()
	undo()
	fEnv := sc.env
	b := sc.bld(pos)
	merged := make(map[*netVar]*pstate, len(tEnv))
	get := func(m map[*netVar]*pstate, v *netVar) *pstate {
		if st := m[v]; st != nil {
			return st
		}
		return &pstate{cur: v.bits, def: make([]bool, len(v.bits))}
	}
	for _, v := range envOrder(tEnv, fEnv) {
		t, f := get(tEnv, v), get(fEnv, v)
		st := &pstate{cur: make([]val, len(v.bits)), def: make([]bool, len(v.bits))}
		for i := range st.cur {
			st.cur[i] = b.mux(c, f.cur[i], t.cur[i])
			st.def[i] = t.def[i] && f.def[i]
		}
		merged[v] = st
	}
	sc.env = merged
}

// envOrder returns the variables of the maps once each, in a fixed order
// (declaration position, name, first slot net), so that merges create
// their gates in the same order on every run.
func envOrder(ms ...map[*netVar]*pstate) []*netVar {
	var vars []*netVar
	seen := map[*netVar]bool{}
	for _, m := range ms {
		for v := range m {
			if !seen[v] {
				seen[v] = true
				vars = append(vars, v)
			}
		}
	}
	first := func(v *netVar) val {
		if len(v.bits) == 0 {
			return circuits.NoNet
		}
		return v.bits[0]
	}
	sort.Slice(vars, func(i, j int) bool {
		a, b := vars[i], vars[j]
		if a.pos != b.pos {
			return a.pos < b.pos
		}
		if a.name != b.name {
			return a.name < b.name
		}
		return first(a) < first(b)
	})
	return vars
}

// always elaborates a combinational process.
func (sc *scope) always(a *Always) {
	e := sc.e
	sc.initSlots()
	sc.env = map[*netVar]*pstate{}
	sc.calls = 0
	g0 := len(e.nl.Gates)
	sc.exec(a.Body)
	env := sc.env
	sc.env = nil
	if e.fatal {
		return
	}
	block := "the always block at " + e.fset.Position(a.Pos).String()
	if b, ok := a.Body.(*Block); ok && b.Label != "" {
		block = "always block " + b.Label + " at " + e.fset.Position(a.Pos).String()
	}
	vars := make([]*netVar, 0, len(env))
	for v := range env {
		if !v.local {
			vars = append(vars, v)
		}
	}
	sort.Slice(vars, func(i, j int) bool {
		return vars[i].pos < vars[j].pos || vars[i].pos == vars[j].pos && vars[i].name < vars[j].name
	})
	var refs map[val]int // uses of the block's gates' outputs, made once
	for _, v := range vars {
		st := env[v]
		if e.strash != nil && !v.integer && !slices.Contains(st.def, false) {
			// A variable of few input bits: rebuilt from its truth table
			// when that takes fewer gates than those only it uses.
			if refs == nil {
				refs = e.uses(g0, env)
			}
			st.cur = sc.bld(a.Pos).smallerOwn(st.cur, g0, refs)
		}
		latch := -1
		for i, n := range v.bits {
			switch {
			case st.def[i]:
				if v.integer && e.drv[n] != circuits.NoNet {
					continue // a loop counter shared by several processes
				}
				e.drive(n, st.cur[i], a.Pos)
			case st.cur[i] != n && latch < 0:
				latch = i
			}
		}
		if latch >= 0 {
			what := v.name
			if len(v.bits) > 1 {
				what = fmt.Sprintf("%s (bit %d)", v.name, latch)
			}
			e.errorf(a.Pos, "%s is not assigned on every path through %s (a latch would be inferred; combinational logic only)", what, block)
		}
	}
	if !a.Star && e.opts.Verbose != nil {
		sc.checkSensitivity(a, env)
	}
}

// checkSensitivity warns about names read in the process but missing from
// its sensitivity list.
func (sc *scope) checkSensitivity(a *Always, env map[*netVar]*pstate) {
	listed := map[string]bool{}
	for _, n := range a.Sens {
		listed[n.Name] = true
	}
	var missing []string
	seen := map[string]bool{}
	walkStmtReads(a.Body, func(n *Name) {
		v, ok := sc.nets[n.Name]
		if !ok || listed[n.Name] || seen[n.Name] {
			return
		}
		if _, assigned := env[v]; assigned {
			return
		}
		seen[n.Name] = true
		missing = append(missing, n.Name)
	})
	if len(missing) > 0 {
		sc.e.opts.Verbose(fmt.Sprintf("%s: warning: sensitivity list misses %s (simulated as if complete)", sc.e.fset.Position(a.Pos), strings.Join(missing, ", ")))
	}
}

// walkStmtReads calls f for the names that s reads.
func walkStmtReads(s Stmt, f func(*Name)) {
	var ex func(x Expr)
	ex = func(x Expr) {
		switch x := x.(type) {
		case *Name:
			f(x)
		case *Index:
			ex(x.X)
			ex(x.Index)
		case *Slice:
			ex(x.X)
			ex(x.A)
			ex(x.B)
		case *Concat:
			for _, p := range x.Parts {
				ex(p)
			}
		case *Repl:
			ex(x.X)
		case *Unary:
			ex(x.X)
		case *Binary:
			ex(x.X)
			ex(x.Y)
		case *Cond:
			ex(x.C)
			ex(x.T)
			ex(x.F)
		case *Call:
			for _, a := range x.Args {
				ex(a)
			}
		case *FuncCall:
			for _, a := range x.Args {
				ex(a)
			}
		}
	}
	// Indices on the left are read too.
	lhs := func(x Expr) {
		switch x := x.(type) {
		case *Index:
			ex(x.Index)
		case *Slice:
			ex(x.A)
			ex(x.B)
		}
	}
	var st func(s Stmt)
	st = func(s Stmt) {
		switch s := s.(type) {
		case *Block:
			for _, t := range s.Stmts {
				st(t)
			}
		case *AssignStmt:
			lhs(s.LHS)
			ex(s.RHS)
		case *IfStmt:
			ex(s.Cond)
			st(s.Then)
			if s.Else != nil {
				st(s.Else)
			}
		case *CaseStmt:
			ex(s.X)
			for _, it := range s.Items {
				for _, x := range it.Exprs {
					ex(x)
				}
				st(it.Body)
			}
		case *ForStmt:
			st(s.Init)
			ex(s.Cond)
			st(s.Step)
			st(s.Body)
		case *WhileStmt:
			ex(s.Cond)
			st(s.Body)
		case *RepeatStmt:
			ex(s.Count)
			st(s.Body)
		}
	}
	st(s)
}

// exec elaborates a statement along the current path; in a function with
// a returned flag, only where the function has not returned yet.
func (sc *scope) exec(s Stmt) {
	if sc.e.fatal || s == nil {
		return
	}
	if sc.ret != nil {
		switch flag := sc.e.assumed(sc.env[sc.ret].cur[0]); flag {
		case c1:
			return
		case c0:
		default:
			sc.guarded(flag, s.stmtPos(), s)
			return
		}
	}
	sc.execStmt(s)
}

// guarded executes s where the returned flag is 0: the function's result
// and outer variables keep their values where it is 1, its local
// variables take the new ones (so loop counters stay constant).
func (sc *scope) guarded(flag val, pos token.Pos, s Stmt) {
	saved := sc.snapshot()
	undo := sc.e.assumeBit(flag, false)
	sc.execStmt(s)
	undo()
	b := sc.bld(pos)
	for _, v := range envOrder(sc.env) {
		st := sc.env[v]
		if sc.retLocal[v] {
			continue
		}
		old := saved[v]
		for i := range st.cur {
			o, od := v.bits[i], false
			if old != nil {
				o, od = old.cur[i], old.def[i]
			}
			st.cur[i] = b.mux(flag, st.cur[i], o)
			st.def[i] = st.def[i] && od
		}
	}
}

// execStmt elaborates a statement along the current path.
func (sc *scope) execStmt(s Stmt) {
	e := sc.e
	switch s := s.(type) {
	case *NullStmt:
	case *ReturnStmt:
		if sc.ret == nil {
			e.errorf(s.Pos, "return outside a function")
			return
		}
		if s.Value != nil {
			sc.passign(&Name{At: s.Pos, Name: sc.retName}, s.Value, s.Pos)
		}
		st := sc.state(sc.ret)
		st.cur[0], st.def[0] = c1, true
	case *Block:
		restore := sc.pushLocals(s, s.Decls)
		for _, t := range s.Stmts {
			sc.exec(t)
		}
		restore()
	case *AssignStmt:
		sc.passign(s.LHS, s.RHS, s.Pos)
	case *IfStmt:
		c := sc.cond(s.Cond)
		sc.branch(c, s.Pos, func() { sc.exec(s.Then) }, func() { sc.exec(s.Else) })
	case *CaseStmt:
		sc.execCase(s)
	case *ForStmt:
		if s.Init == nil || s.Step == nil {
			return
		}
		if s.Decl != nil {
			defer sc.pushLocals(s, []*Decl{s.Decl})()
		}
		// The loop variable's steps are never guarded by a returned flag
		// (the bounds stay known).
		sc.execStmt(s.Init)
		for n := 0; ; n++ {
			if !sc.loopCond(s.Cond, s.Pos, "for", n) {
				return
			}
			sc.exec(s.Body)
			sc.execStmt(s.Step)
		}
	case *WhileStmt:
		for n := 0; ; n++ {
			if !sc.loopCond(s.Cond, s.Pos, "while", n) {
				return
			}
			sc.exec(s.Body)
		}
	case *RepeatStmt:
		if !sc.isConstExpr(s.Count) {
			e.errorf(s.Count.Pos(), "repeat count must be constant at elaboration")
			return
		}
		n, ok := sc.constInt(s.Count)
		if !ok {
			return
		}
		if n > MaxIterations {
			e.errorf(s.Pos, "repeat loop runs %d times (limit %d iterations)", n, MaxIterations)
			return
		}
		for i := int64(0); i < n && !e.fatal && sc.step(s.Pos); i++ {
			sc.exec(s.Body)
		}
	}
}

// cond evaluates a condition to one bit (true when not zero).
func (sc *scope) cond(x Expr) val {
	t := sc.typeOf(x)
	return sc.bld(x.Pos()).reduce(circuits.Or, sc.eval(x, t.w, t.s))
}

// loopCond evaluates a loop condition, which must be constant; it
// reports false to stop (also on errors and at the iteration cap).
func (sc *scope) loopCond(x Expr, pos token.Pos, kind string, n int) bool {
	e := sc.e
	if e.fatal {
		return false
	}
	c := sc.cond(x)
	if !isConst(c) {
		e.errorf(x.Pos(), "%s loop condition is not constant at elaboration (loop bounds must be known)", kind)
		return false
	}
	if c == c1 && n >= MaxIterations {
		e.errorf(pos, "%s loop exceeds %d iterations", kind, MaxIterations)
		return false
	}
	if c == c1 && !sc.step(pos) {
		return false
	}
	return c == c1
}

// passign performs a blocking assignment along the current path.
func (sc *scope) passign(lhs, rhs Expr, pos token.Pos) {
	e := sc.e
	if sc.passignVarElement(lhs, rhs) {
		return
	}
	if ix, ok := lhs.(*Index); ok && !sc.isConstExpr(ix.Index) {
		sc.passignVarIndex(ix, rhs, pos)
		return
	}
	if sl, ok := lhs.(*Slice); ok && sl.Mode != COLON && !sc.isConstExpr(sl.A) {
		sc.passignVarPart(sl, rhs)
		return
	}
	slots := sc.lvalue(lhs)
	if slots == nil {
		return
	}
	t := sc.typeOf(rhs)
	w := max(t.w, len(slots))
	bits := sc.eval(rhs, w, t.s)
	for k, n := range slots {
		ref, ok := sc.slotOf[n]
		if !ok {
			e.errorf(lhs.Pos(), "invalid target of a procedural assignment")
			return
		}
		if !ref.v.isVar {
			e.errorf(lhs.Pos(), "procedural assignment to net %s (declare it as reg or logic)", ref.v.name)
			return
		}
		st := sc.state(ref.v)
		st.cur[ref.i] = bits[k]
		st.def[ref.i] = true
	}
}

// procTarget returns the variable that x, the target of a procedural
// assignment through a what ("variable index", ...) at pos, names, or
// reports why it cannot be assigned and returns nil.
func (sc *scope) procTarget(x Expr, pos token.Pos, what string) *netVar {
	name, ok := x.(*Name)
	if !ok {
		sc.e.errorf(pos, "%s on the left of an assignment needs a variable name", what)
		return nil
	}
	v, ok := sc.nets[name.Name]
	if !ok {
		sc.e.errorf(name.At, "undeclared identifier %s", name.Name)
		return nil
	}
	if !v.isVar {
		sc.e.errorf(name.At, "procedural assignment to net %s (declare it as reg or logic)", v.name)
		return nil
	}
	return v
}

// passignVarIndex assigns x[i] = rhs for a variable i: every element or
// bit that i may select takes rhs when i equals its index.
func (sc *scope) passignVarIndex(ix *Index, rhs Expr, pos token.Pos) {
	v := sc.procTarget(ix.X, ix.LBrack, "variable index")
	if v == nil {
		return
	}
	w, lo, hi := 1, 0, 0
	if v.arr != arrNone {
		w, lo, hi = v.elemW, min(v.amsb, v.alsb), max(v.amsb, v.alsb)
	} else if v.hasRange {
		lo, hi = min(v.msb, v.lsb), max(v.msb, v.lsb)
	}
	t := sc.typeOf(rhs)
	bits := sc.eval(rhs, max(t.w, w), t.s)
	it := sc.typeOf(ix.Index)
	idx := sc.eval(ix.Index, it.w, it.s)
	b := sc.bld(ix.LBrack)
	st := sc.state(v)
	for k := lo; k <= hi; k++ {
		kb := bigToBits(big.NewInt(int64(k)), max(it.w, 33))
		eq := b.equal(extend(idx, len(kb), it.s), kb)
		if eq == c0 {
			continue
		}
		var p int
		if v.arr != arrNone {
			p, _ = v.elemPos(int64(k))
			p *= w
		} else {
			p, _ = v.weight(int64(k))
		}
		for j := 0; j < w; j++ {
			st.cur[p+j] = b.mux(eq, st.cur[p+j], bits[j])
			if eq == c1 {
				st.def[p+j] = true
			}
		}
	}
}

// passignVarPart assigns x[base +: w] = rhs or x[base -: w] = rhs for a
// variable base: for every base value k that selects a bit of x, the bits
// it selects take rhs's bits when base equals k (bits out of range are
// not written).
func (sc *scope) passignVarPart(sl *Slice, rhs Expr) {
	e := sc.e
	v := sc.procTarget(sl.X, sl.LBrack, "variable part-select")
	if v == nil {
		return
	}
	if v.arr != arrNone {
		e.errorf(sl.LBrack, "indexed part-select of array %s with a variable base is not supported", v.name)
		return
	}
	w64, ok := sc.constInt(sl.B)
	if !ok {
		return
	}
	if w64 <= 0 || w64 > MaxWidth {
		e.errorf(sl.LBrack, "part-select width %d must be positive", w64)
		return
	}
	w := int(w64)
	t := sc.typeOf(rhs)
	bits := sc.eval(rhs, max(t.w, w), t.s)
	it := sc.typeOf(sl.A)
	idx := sc.eval(sl.A, it.w, false)
	b := sc.bld(sl.LBrack)
	st := sc.state(v)
	loIdx, hiIdx := 0, 0
	if v.hasRange {
		loIdx, hiIdx = min(v.msb, v.lsb), max(v.msb, v.lsb)
	}
	// Part bit j (least significant first) has index k + off(j).
	off := func(j int) int {
		switch {
		case sl.Mode == PLUSCOL && v.descending():
			return j
		case sl.Mode == PLUSCOL:
			return w - 1 - j
		case v.descending():
			return j - w + 1
		}
		return -j
	}
	// Base values that put some bit in range: off(j) lies in [-(w-1), w-1].
	minK, maxK := max(0, loIdx-(w-1)), hiIdx+w-1
	if it.w < 31 {
		maxK = min(maxK, 1<<uint(it.w)-1)
	}
	for k := minK; k <= maxK; k++ {
		var eq val = circuits.NoNet
		for j := 0; j < w; j++ {
			wgt, ok := v.weight(int64(k + off(j)))
			if !ok {
				continue
			}
			if eq == circuits.NoNet {
				kb := bigToBits(big.NewInt(int64(k)), max(it.w, 33))
				eq = b.equal(extend(idx, len(kb), false), kb)
			}
			st.cur[wgt] = b.mux(eq, st.cur[wgt], bits[j])
			if eq == c1 {
				st.def[wgt] = true
			}
		}
	}
}

// execCase elaborates case, casez and casex: the first matching item
// wins, default when none matches.
func (sc *scope) execCase(s *CaseStmt) {
	w, signed := sc.typeOf(s.X).w, sc.typeOf(s.X).s
	var def *CaseItem
	for _, it := range s.Items {
		if it.Exprs == nil {
			if def != nil {
				sc.e.errorf(it.Pos, "case statement has more than one default")
			}
			def = it
			continue
		}
		for _, x := range it.Exprs {
			t := sc.typeOf(x)
			w = max(w, t.w)
			signed = signed && t.s
		}
	}
	xv := sc.eval(s.X, w, signed)
	var run func(i int)
	run = func(i int) {
		for i < len(s.Items) && s.Items[i].Exprs == nil {
			i++
		}
		if i == len(s.Items) {
			if def != nil {
				sc.exec(def.Body)
			}
			return
		}
		it := s.Items[i]
		b := sc.bld(it.Pos)
		m := c0
		for _, x := range it.Exprs {
			m = b.or(m, sc.caseMatch(s.Kind, xv, x, w, signed))
		}
		sc.branch(m, it.Pos, func() { sc.exec(it.Body) }, func() { run(i + 1) })
	}
	run(0)
}

// caseMatch compares the case expression value xv with item x.
func (sc *scope) caseMatch(kind Token, xv []val, x Expr, w int, signed bool) val {
	b := sc.bld(x.Pos())
	wc, ok := x.(*Wildcard)
	if !ok {
		return b.equal(xv, sc.eval(x, w, signed))
	}
	mask := new(big.Int)
	switch kind {
	case CASEZ:
		mask.Set(wc.ZMask)
	case CASEX:
		mask.Or(wc.ZMask, wc.XMask)
	}
	if kind != CASEX && new(big.Int).AndNot(wc.XMask, mask).Sign() != 0 || kind == CASE && wc.ZMask.Sign() != 0 {
		// An x or z bit that is not a wildcard never equals a 0 or 1.
		return c0
	}
	v := bigToBits(wc.Num.Value, w)
	if signed && wc.Num.Signed && wc.Num.Width < w && wc.Num.Value.Bit(wc.Num.Width-1) == 1 {
		for i := wc.Num.Width; i < w; i++ {
			v[i] = c1
		}
	}
	var a, c []val
	for i := 0; i < w; i++ {
		if mask.Bit(i) == 1 {
			continue
		}
		a = append(a, xv[i])
		c = append(c, v[i])
	}
	return b.equal(a, c)
}

// localVars returns the variables of a block's or function's
// declarations for the current call depth, declaring them once.
func (sc *scope) localVars(owner any, decls []*Decl) map[string]*netVar {
	key := localKey{owner, sc.depth}
	if m, ok := sc.locals[key]; ok {
		return m
	}
	if sc.locals == nil {
		sc.locals = map[localKey]map[string]*netVar{}
	}
	m := map[string]*netVar{}
	// Declared into sc.nets and taken out again: the caller installs
	// them while the block runs.
	saved := map[string]*netVar{}
	add := func(v *netVar) {
		v.local, v.isVar = true, true
		m[v.name] = v
	}
	declare := func(d *Decl) {
		for i, id := range d.Names {
			if old, ok := sc.nets[id.Name]; ok {
				if _, done := saved[id.Name]; !done {
					saved[id.Name] = old
				}
			}
			add(sc.declareVar(d, i, false))
		}
	}
	for _, d := range decls {
		declare(d)
	}
	for name := range m {
		delete(sc.nets, name)
	}
	for name, old := range saved {
		sc.nets[name] = old
	}
	sc.locals[key] = m
	return m
}

// install puts the local variables in scope with fresh values (zero) and
// returns the function that takes them out again.
func (sc *scope) install(m map[string]*netVar) func() {
	if len(m) == 0 {
		return func() {}
	}
	saved := make(map[string]*netVar, len(m))
	for name, v := range m {
		if old, ok := sc.nets[name]; ok {
			saved[name] = old
		}
		sc.nets[name] = v
		sc.env[v] = &pstate{cur: zeros(len(v.bits)), def: make([]bool, len(v.bits))}
	}
	return func() {
		for name, v := range m {
			delete(sc.env, v)
			delete(sc.nets, name)
			if old, ok := saved[name]; ok {
				sc.nets[name] = old
			}
		}
	}
}

// pushLocals declares the variables of a block for its duration.
func (sc *scope) pushLocals(owner any, decls []*Decl) func() {
	if len(decls) == 0 {
		return func() {}
	}
	m := sc.localVars(owner, decls)
	if sc.retLocal != nil {
		for _, v := range m {
			sc.retLocal[v] = true
		}
	}
	return sc.install(m)
}

// funcType is the type of a function's result.
func (sc *scope) funcType(x *FuncCall) typ {
	f := sc.funcs[x.Name]
	if f == nil {
		sc.e.errorf(x.At, "unknown function %s", x.Name)
		return typ{1, false}
	}
	return sc.funcRet(f)
}

func (sc *scope) funcRet(f *Function) typ {
	if f.Integer {
		return typ{32, true}
	}
	if f.Range != nil {
		if msb, lsb, ok := sc.rangeBounds(f.Range); ok {
			return typ{absDiff(msb, lsb) + 1, f.Signed}
		}
	}
	return typ{1, f.Signed}
}

// returnedFlag names the hidden variable of Function.ReturnFlag (no
// identifier starts with '$').
const returnedFlag = "$returned"

// callFunc elaborates a function call by executing its body.
func (sc *scope) callFunc(x *FuncCall) []val {
	e := sc.e
	f := sc.funcs[x.Name]
	if f == nil {
		return zeros(1) // reported by funcType
	}
	rt := sc.funcRet(f)
	var ins []*Ident
	var inDecls []*Decl
	for _, d := range f.Inputs {
		for _, id := range d.Names {
			ins = append(ins, id)
			inDecls = append(inDecls, d)
		}
	}
	if len(x.Args) != len(ins) {
		e.errorf(x.At, "function %s takes %d arguments, not %d", f.Name.Name, len(ins), len(x.Args))
		return zeros(rt.w)
	}
	if sc.depth >= maxCallDepth {
		e.errorf(x.At, "function calls nested deeper than %d (recursion of %s must end on conditions known at elaboration)", maxCallDepth, f.Name.Name)
		return zeros(rt.w)
	}
	sc.calls++
	if sc.calls > MaxIterations {
		if sc.calls == MaxIterations+1 {
			e.errorf(x.At, "more than %d function calls", MaxIterations)
		}
		return zeros(rt.w)
	}
	// Arguments, in the caller's scope.
	args := make([][]val, len(ins))
	for i, a := range x.Args {
		at := sc.typeOf(a)
		iw := 1
		if inDecls[i].Integer {
			iw = 32
		} else if inDecls[i].Range != nil {
			if msb, lsb, ok := sc.rangeBounds(inDecls[i].Range); ok {
				iw = absDiff(msb, lsb) + 1
			}
		}
		args[i] = sc.eval(a, max(at.w, iw), at.s)[:iw]
	}
	outer := sc.env
	if outer == nil {
		sc.env = map[*netVar]*pstate{}
		sc.initSlots()
	}
	sc.depth++
	// The result variable (and the returned flag) are declared with the
	// locals, so that a recursive call hides and restores the caller's.
	decls := append(append([]*Decl(nil), f.Inputs...), f.Locals...)
	decls = append(decls, &Decl{Kind: DeclWire, Var: true, Integer: f.Integer, Signed: f.Signed, Range: f.Range, Names: []*Ident{f.Name}})
	if f.ReturnFlag {
		decls = append(decls, &Decl{Kind: DeclWire, Var: true, Names: []*Ident{{Pos: f.Pos, Name: returnedFlag}}})
	}
	vars := sc.localVars(f, decls)
	restore := sc.install(vars)
	outerRet, outerName, outerLocal := sc.ret, sc.retName, sc.retLocal
	sc.ret, sc.retName, sc.retLocal = nil, f.Name.Name, nil
	if f.ReturnFlag {
		sc.ret = vars[returnedFlag]
		st := sc.env[sc.ret]
		st.cur[0], st.def[0] = c0, true
		sc.retLocal = map[*netVar]bool{}
		for name, v := range vars {
			if name != f.Name.Name && name != returnedFlag {
				sc.retLocal[v] = true
			}
		}
	}
	for i, id := range ins {
		v := vars[id.Name]
		st := sc.env[v]
		copy(st.cur, args[i])
		for k := range st.def {
			st.def[k] = true
		}
	}
	res := vars[f.Name.Name]
	built := len(e.nl.Gates)
	sc.exec(f.Body)
	sc.ret, sc.retName, sc.retLocal = outerRet, outerName, outerLocal
	out := append([]val(nil), sc.env[res].cur...)
	if e.strash != nil && !e.fatal {
		out = sc.bld(x.At).smaller(out, len(e.nl.Gates)-built)
	}
	restore()
	sc.depth--
	if outer == nil {
		sc.env = nil
	}
	return extend(out, rt.w, rt.s)
}

// sysCallType types the system functions $clog2 and $bits.
func (sc *scope) sysCallType(x *Call) (typ, bool) {
	switch x.Name {
	case "$clog2", "$bits":
		if len(x.Args) != 1 {
			sc.e.errorf(x.At, "%s takes one argument", x.Name)
		}
		return typ{32, true}, true
	}
	return typ{}, false
}

// sysCall evaluates $clog2 and $bits.
func (sc *scope) sysCall(x *Call, t typ) ([]val, bool) {
	switch x.Name {
	case "$clog2":
		if len(x.Args) != 1 {
			return zeros(t.w), true
		}
		at := sc.typeOf(x.Args[0])
		a := sc.eval(x.Args[0], at.w, false)
		if !allConst(a) {
			sc.e.errorf(x.At, "$clog2 needs a constant argument")
			return zeros(t.w), true
		}
		v := bitsToBig(a, false)
		n := 0
		if v.Sign() > 0 {
			n = new(big.Int).Sub(v, big.NewInt(1)).BitLen()
		}
		return bigToBits(big.NewInt(int64(n)), t.w), true
	case "$bits":
		if len(x.Args) != 1 {
			return zeros(t.w), true
		}
		w := sc.typeOf(x.Args[0]).w
		if n, ok := x.Args[0].(*Name); ok {
			if v := sc.nets[n.Name]; v != nil {
				w = len(v.bits)
			}
		}
		return bigToBits(big.NewInt(int64(w)), t.w), true
	}
	return nil, false
}

// passignVarElement assigns to a[i], a[i][j] or a[i][hi:lo] of an array a
// for a variable element index i: each element k takes the value where i
// equals k. It reports false when lhs is no such select.
func (sc *scope) passignVarElement(lhs, rhs Expr) bool {
	var in *Index
	var rebuild func(k Expr) Expr
	switch x := lhs.(type) {
	case *Index:
		if sc.arrayVar(x.X) != nil {
			in = x
			rebuild = func(k Expr) Expr { return &Index{X: x.X, Index: k, LBrack: x.LBrack} }
		} else if y, ok := x.X.(*Index); ok && sc.arrayVar(y.X) != nil {
			in = y
			rebuild = func(k Expr) Expr {
				return &Index{X: &Index{X: y.X, Index: k, LBrack: y.LBrack}, Index: x.Index, LBrack: x.LBrack}
			}
		}
	case *Slice:
		if y, ok := x.X.(*Index); ok && sc.arrayVar(y.X) != nil {
			in = y
			rebuild = func(k Expr) Expr {
				return &Slice{X: &Index{X: y.X, Index: k, LBrack: y.LBrack}, Mode: x.Mode, A: x.A, B: x.B, LBrack: x.LBrack}
			}
		}
	}
	if in == nil || sc.isConstExpr(in.Index) {
		return false
	}
	v := sc.arrayVar(in.X)
	if !v.isVar {
		sc.e.errorf(in.Pos(), "procedural assignment to net %s (declare it as reg or logic)", v.name)
		return true
	}
	lo, hi := min(v.amsb, v.alsb), max(v.amsb, v.alsb)
	num := func(k int) Expr {
		return &Number{At: in.LBrack, Value: big.NewInt(int64(k)), Signed: true, Text: fmt.Sprint(k)}
	}
	w := sc.typeOf(rebuild(num(lo))).w
	t := sc.typeOf(rhs)
	bits := sc.eval(rhs, max(t.w, w), t.s)
	it := sc.typeOf(in.Index)
	idx := sc.eval(in.Index, it.w, it.s)
	b := sc.bld(in.LBrack)
	for k := lo; k <= hi; k++ {
		kb := bigToBits(big.NewInt(int64(k)), max(it.w, 33))
		eq := b.equal(extend(idx, len(kb), it.s), kb)
		if eq == c0 {
			continue
		}
		for j, n := range sc.lvalue(rebuild(num(k))) {
			ref, ok := sc.slotOf[n]
			if !ok || j >= len(bits) {
				continue
			}
			st := sc.state(ref.v)
			st.cur[ref.i] = b.mux(eq, st.cur[ref.i], bits[j])
			if eq == c1 {
				st.def[ref.i] = true
			}
		}
	}
	return true
}
