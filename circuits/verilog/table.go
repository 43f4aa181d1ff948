package verilog

import "github.com/axmul/axmul/circuits"

// Small operators by truth table. A product or power whose operands have
// at most maxTableVars distinct non-constant bits is a small function: its
// output bits are built from their truth tables as a multiplexer tree on
// those bits with shared subfunctions (a reduced ordered decision diagram
// whose nodes fold to AND, OR, XOR or NOT where they can). For a cube or
// a square of a few bits this is much smaller than chained array
// multipliers; for a plain product it is often larger. Behavioural
// designs therefore build both and keep the one that adds fewer gates
// (cheaper), undoing the other (rollback).

// maxTableVars bounds the support of a function built by truth table (a
// table of 2^6 rows fits a uint64).
const maxTableVars = 6

// maxConeGates bounds the gates support looks through.
const maxConeGates = 512

// smallFn is what support finds: the leaves of the operands' cones (nets
// not computed by elaboration gates: ports, variables, cell outputs) and
// each cone net's truth table over them.
type smallFn struct {
	vars []val
	tabs map[val]uint64
	full uint64 // the table of constant 1
}

// tab returns the truth table of v (a constant, a leaf or a cone net).
func (s *smallFn) tab(v val) uint64 {
	switch v {
	case c0, circuits.NoNet:
		return 0
	case c1:
		return s.full
	}
	return s.tabs[v]
}

// support returns the truth tables of the operand bits over their leaves,
// or else over the operand bits themselves; ok is false when both have
// more than maxTableVars variables or an operand is wider than 64 bits.
func (e *elab) support(ops ...[]val) (fn *smallFn, ok bool) {
	if fn, ok := e.coneSupport(ops...); ok {
		return fn, true
	}
	fn = &smallFn{tabs: map[val]uint64{}}
	for _, op := range ops {
		if len(op) > 64 {
			return nil, false
		}
		for _, v := range op {
			if isConst(v) || v < 0 {
				continue
			}
			if _, seen := fn.tabs[v]; !seen {
				if len(fn.vars) == maxTableVars {
					return nil, false
				}
				fn.tabs[v] = varMasks[len(fn.vars)]
				fn.vars = append(fn.vars, v)
			}
		}
	}
	fn.full = ^uint64(0) >> (64 - (1 << len(fn.vars)))
	for v := range fn.tabs {
		fn.tabs[v] &= fn.full
	}
	return fn, true
}

// coneSupport is support with the leaves of the operands' cones (nets not
// computed by elaboration gates) as variables; ok is false when there are
// more than maxTableVars or the cones hold more than maxConeGates gates.
func (e *elab) coneSupport(ops ...[]val) (fn *smallFn, ok bool) {
	fn = &smallFn{tabs: map[val]uint64{}}
	var order []val // cone nets, inputs first
	gates := 0
	var visit func(v val) bool
	visit = func(v val) bool {
		if isConst(v) || v < 0 {
			return true
		}
		if _, seen := fn.tabs[v]; seen {
			return true
		}
		if e.kind[v] == netGate {
			if g := &e.nl.Gates[e.gateOf[v]]; g.Cell < 0 {
				if gates++; gates > maxConeGates {
					return false
				}
				fn.tabs[v] = 0 // visiting
				for j := 0; j < g.Kind.Arity(); j++ {
					if !visit(g.In[j]) {
						return false
					}
				}
				order = append(order, v)
				return true
			}
		}
		if len(fn.vars) == maxTableVars {
			return false
		}
		fn.tabs[v] = varMasks[len(fn.vars)]
		fn.vars = append(fn.vars, v)
		return true
	}
	for _, op := range ops {
		if len(op) > 64 {
			return nil, false
		}
		for _, v := range op {
			if !visit(v) {
				return nil, false
			}
		}
	}
	fn.full = ^uint64(0) >> (64 - (1 << len(fn.vars)))
	for v := range fn.tabs {
		fn.tabs[v] &= fn.full
	}
	for _, v := range order {
		g := &e.nl.Gates[e.gateOf[v]]
		fn.tabs[v] = g.Kind.Eval(fn.tab(g.In[0]), fn.tab(g.In[1]), fn.tab(g.In[2])) & fn.full
	}
	return fn, true
}

// varMasks[i] is the truth table of variable i over 6 variables (row r
// has variable i equal to bit i of r).
var varMasks = [maxTableVars]uint64{
	0xAAAAAAAAAAAAAAAA, 0xCCCCCCCCCCCCCCCC, 0xF0F0F0F0F0F0F0F0,
	0xFF00FF00FF00FF00, 0xFFFF0000FFFF0000, 0xFFFFFFFF00000000,
}

// byTable returns the w (at most 64) output bits of f applied to the
// values of ops, built from truth tables over fn (e.support(ops...)). f
// receives the operands' unsigned values and returns the result, of which
// the low w bits are used.
func (b bld) byTable(fn *smallFn, ops [][]val, w int, f func(x []uint64) uint64) []val {
	vars, full := fn.vars, fn.full
	n := len(vars)
	rows := 1 << n
	tabs := make([]uint64, w)
	x := make([]uint64, len(ops))
	for r := 0; r < rows; r++ {
		for k, op := range ops {
			var v uint64
			for i, bit := range op {
				v |= (fn.tab(bit) >> r & 1) << i
			}
			x[k] = v
		}
		y := f(x)
		for j := 0; j < w && j < 64; j++ {
			if y>>j&1 == 1 {
				tabs[j] |= 1 << r
			}
		}
	}
	memo := map[uint64]val{}
	var build func(t uint64) val
	build = func(t uint64) val {
		switch t {
		case 0:
			return c0
		case full:
			return c1
		}
		if v, ok := memo[t]; ok {
			return v
		}
		if v, ok := memo[^t&full]; ok {
			r := b.not(v)
			memo[t] = r
			return r
		}
		// The last variable the function depends on is the top of the
		// tree (operands' high bits first).
		for i := n - 1; i >= 0; i-- {
			m, s := varMasks[i], uint(1)<<i
			f0 := t &^ m
			f0 |= f0 << s
			f1 := t & m
			f1 |= f1 >> s
			if f0 == f1 {
				continue
			}
			var r val
			if f0 == ^f1&full {
				r = b.xor(vars[i], build(f0))
			} else {
				r = b.mux(vars[i], build(f0), build(f1))
			}
			memo[t] = r
			return r
		}
		return c0 // unreachable: t is neither constant nor independent of all variables
	}
	out := make([]val, w)
	for j := range out {
		out[j] = c0
		if j < 64 {
			out[j] = build(tabs[j])
		}
	}
	return out
}

// smaller returns v, a function's result that took cost gates to build,
// or the same function built from truth tables when v's cone has few
// enough leaves and that takes fewer gates (v's own gates are then left to
// sweep when nothing else uses them). A function body executed
// symbolically (loops, early returns, recursion) can build much more logic
// than its few-input function needs.
func (b bld) smaller(v []val, cost int) []val {
	if cost <= 1 {
		return v
	}
	fn, ok := b.e.coneSupport(v)
	if !ok {
		return v
	}
	m := b.e.mark()
	t := b.byTable(fn, [][]val{v}, len(v), func(x []uint64) uint64 { return x[0] })
	if b.e.added(m) < cost {
		b.e.commit(m)
		return t
	}
	b.e.rollback(m)
	return v
}

// uses counts, for the outputs of the gates built since gate g0, their
// uses as inputs of those gates and as values of the variables in env.
func (e *elab) uses(g0 int, env map[*netVar]*pstate) map[val]int {
	refs := map[val]int{}
	for gi := g0; gi < len(e.nl.Gates); gi++ {
		g := &e.nl.Gates[gi]
		for j := 0; j < g.Kind.Arity(); j++ {
			if g.In[j] >= 0 {
				refs[g.In[j]]++
			}
		}
	}
	for _, st := range env {
		for _, x := range st.cur {
			if x >= 0 {
				refs[x]++
			}
		}
	}
	return refs
}

// ownCone counts the gates built since g0 that only v uses, directly or
// through each other (its maximum fanout-free cone): the gates a
// replacement of v frees. refs are the uses (e.uses) and extra more of
// them (those of the replacement); both are left as they were.
func (e *elab) ownCone(v []val, g0 int, refs, extra map[val]int) int {
	dec := map[val]int{}
	n := 0
	var deref func(x val)
	deref = func(x val) {
		if x < 0 || e.kind[x] != netGate {
			return
		}
		gi := e.gateOf[x]
		if int(gi) < g0 {
			return
		}
		g := &e.nl.Gates[gi]
		if g.Cell >= 0 {
			return
		}
		dec[x]++
		if refs[x]+extra[x]-dec[x] > 0 {
			return
		}
		n++
		for j := 0; j < g.Kind.Arity(); j++ {
			deref(g.In[j])
		}
	}
	for _, x := range v {
		deref(x)
	}
	return n
}

// smallerOwn is smaller for a process variable's value v: the table is
// kept when it adds fewer gates than it frees (the gates built since g0
// that only v uses, given that the table may reuse some of them).
func (b bld) smallerOwn(v []val, g0 int, refs map[val]int) []val {
	e := b.e
	fn, ok := e.coneSupport(v)
	if !ok {
		return v
	}
	m := e.mark()
	t := b.byTable(fn, [][]val{v}, len(v), func(x []uint64) uint64 { return x[0] })
	extra := e.uses(m.gates, nil) // the table's gates' inputs, and its bits:
	for _, x := range t {
		if x >= 0 {
			extra[x]++
		}
	}
	if e.added(m) < e.ownCone(v, g0, refs, extra) {
		e.commit(m)
		return t
	}
	e.rollback(m)
	return v
}

// trialMark records the elaboration state that rollback restores.
type trialMark struct {
	nets, gates, log int
}

// mark starts recording the gates added from now on so that rollback can
// remove them; every mark must be followed by exactly one rollback or
// commit, innermost first.
func (e *elab) mark() trialMark {
	e.trials++
	return trialMark{nets: e.nl.NumNets, gates: len(e.nl.Gates), log: len(e.strashLog)}
}

// added returns the number of gates added since m.
func (e *elab) added(m trialMark) int { return len(e.nl.Gates) - m.gates }

// rollback removes the nets and gates added since m and forgets their
// structural-hashing entries.
func (e *elab) rollback(m trialMark) {
	for _, k := range e.strashLog[m.log:] {
		delete(e.strash, k)
	}
	e.strashLog = e.strashLog[:m.log]
	e.nl.Gates = e.nl.Gates[:m.gates]
	e.gatePos = e.gatePos[:m.gates]
	e.nl.NumNets = m.nets
	e.names = e.names[:m.nets]
	e.kind = e.kind[:m.nets]
	e.drv = e.drv[:m.nets]
	e.drvPos = e.drvPos[:m.nets]
	e.gateOf = e.gateOf[:m.nets]
	e.endTrial()
}

// commit keeps what was added since m.
func (e *elab) commit(trialMark) { e.endTrial() }

func (e *elab) endTrial() {
	e.trials--
	if e.trials == 0 {
		e.strashLog = e.strashLog[:0]
	}
}

// cheaper returns the result of whichever of build1 and build2 adds fewer
// gates (build1 on a tie), elaborating the chosen one last so that the
// other leaves no trace.
func (b bld) cheaper(build1, build2 func() []val) []val {
	e := b.e
	if e.fatal {
		return build1()
	}
	m := e.mark()
	build2()
	n2 := e.added(m)
	e.rollback(m)
	m = e.mark()
	r := build1()
	if n1 := e.added(m); n1 <= n2 {
		e.commit(m)
		return r
	}
	e.rollback(m)
	return build2()
}
