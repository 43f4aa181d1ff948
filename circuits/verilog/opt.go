package verilog

import (
	"go/token"

	"github.com/axmul/axmul/circuits"
)

// Behavioural designs are elaborated with two simple optimisations that
// structural netlists do not get (their gate counts stay as written):
// structural hashing (a gate with the kind and inputs of an earlier one
// is that gate; NOT of a NOT is its input) and, at the end, the removal of
// gates that no output port or standard cell depends on. The operator
// constructions that rely on them (carry-save and Baugh-Wooley products
// here, truth-table products in table.go, the comparison chain in
// build.go, conditional negation in arith.go and expr.go) are used for
// behavioural designs only.

// gateKey identifies a gate by kind and inputs (sorted for commutative
// kinds).
type gateKey struct {
	k  circuits.Kind
	in [3]val
}

// usesBehav reports whether a source file holds behavioural constructs.
func usesBehav(f *SourceFile) bool {
	for _, m := range f.Modules {
		for _, it := range m.Items {
			switch it := it.(type) {
			case *Always, *GenFor, *GenIf, *GenCase, *GenBlock, *Genvar, *Function:
				return true
			case *Decl:
				if it.Var || it.Integer || len(it.Packed) > 0 || len(it.Dims) > 0 {
					return true
				}
			}
		}
	}
	return false
}

// hashGate returns the output of a gate of kind k on in, sharing an
// existing identical gate.
func (e *elab) hashGate(k circuits.Kind, pos token.Pos, in ...val) val {
	key := gateKey{k: k, in: [3]val{circuits.NoNet, circuits.NoNet, circuits.NoNet}}
	copy(key.in[:], in)
	switch k {
	case circuits.And, circuits.Or, circuits.Xor, circuits.Nand, circuits.Nor, circuits.Xnor:
		if key.in[0] > key.in[1] {
			key.in[0], key.in[1] = key.in[1], key.in[0]
		}
		// Inverted inputs: AND(~a, ~b) = NOR(a, b), OR(~a, ~b) =
		// NAND(a, b), XOR(~a, b) = XNOR(a, b), XOR(~a, ~b) = XOR(a, b).
		na, okA := e.notInput(in[0])
		nb, okB := e.notInput(in[1])
		switch {
		case okA && okB && k == circuits.And:
			return e.hashGate(circuits.Nor, pos, na, nb)
		case okA && okB && k == circuits.Or:
			return e.hashGate(circuits.Nand, pos, na, nb)
		case okA && okB && (k == circuits.Xor || k == circuits.Xnor):
			return e.hashGate(k, pos, na, nb)
		case (okA || okB) && (k == circuits.Xor || k == circuits.Xnor):
			if okA {
				in = []val{na, in[1]}
			} else {
				in = []val{in[0], nb}
			}
			return e.hashGate(map[circuits.Kind]circuits.Kind{circuits.Xor: circuits.Xnor, circuits.Xnor: circuits.Xor}[k], pos, in...)
		}
	case circuits.Not:
		if a := in[0]; a >= 0 && e.kind[a] == netGate {
			g := e.nl.Gates[e.gateOf[a]]
			if g.Cell < 0 {
				switch g.Kind {
				case circuits.Not:
					return g.In[0] // NOT of a NOT is its input
				case circuits.And, circuits.Or, circuits.Xor, circuits.Nand, circuits.Nor, circuits.Xnor:
					inv := map[circuits.Kind]circuits.Kind{circuits.And: circuits.Nand, circuits.Or: circuits.Nor, circuits.Xor: circuits.Xnor,
						circuits.Nand: circuits.And, circuits.Nor: circuits.Or, circuits.Xnor: circuits.Xor}[g.Kind]
					return e.hashGate(inv, pos, g.In[0], g.In[1])
				}
			}
		}
	case circuits.Mux:
		// MUX(~s, a, b) = MUX(s, b, a).
		if ns, ok := e.notInput(in[0]); ok {
			return e.hashGate(circuits.Mux, pos, ns, in[2], in[1])
		}
	}
	if v, ok := e.strash[key]; ok {
		return v
	}
	v := e.addGate(k, pos, -1, in...)
	e.strash[key] = v
	if e.trials > 0 {
		e.strashLog = append(e.strashLog, key)
	}
	return v
}

// sweep removes the gates that neither an output port nor a standard cell
// depends on.
func (e *elab) sweep() {
	nl := e.nl
	live := make([]bool, len(nl.Gates))
	var stack []int32
	mark := func(v val) {
		if v < 0 || int(v) >= len(e.gateOf) {
			return
		}
		if gi := e.gateOf[v]; gi >= 0 && !live[gi] {
			live[gi] = true
			stack = append(stack, gi)
		}
	}
	for gi := range nl.Gates {
		if nl.Gates[gi].Cell >= 0 {
			live[gi] = true
			stack = append(stack, int32(gi))
		}
	}
	for _, p := range nl.Ports {
		if p.Dir == circuits.Output {
			for _, b := range p.Bits {
				mark(b)
			}
		}
	}
	for len(stack) > 0 {
		g := nl.Gates[stack[len(stack)-1]]
		stack = stack[:len(stack)-1]
		for j := 0; j < g.Kind.Arity(); j++ {
			mark(g.In[j])
		}
	}
	k := 0
	newIdx := make([]int, len(nl.Gates))
	for gi := range nl.Gates {
		newIdx[gi] = -1
		if live[gi] {
			newIdx[gi] = k
			nl.Gates[k] = nl.Gates[gi]
			e.gatePos[k] = e.gatePos[gi]
			e.gateOf[nl.Gates[k].Out] = int32(k)
			k++
		}
	}
	nl.Gates = nl.Gates[:k]
	e.gatePos = e.gatePos[:k]
	// The gates of x/z literal bits (yosys.go) that remain.
	xs := e.xGates[:0]
	for _, gi := range e.xGates {
		if gi >= 0 && gi < len(newIdx) && newIdx[gi] >= 0 {
			xs = append(xs, newIdx[gi])
		}
	}
	e.xGates = xs
}

// notInput returns x when v is the output of NOT x (outside cells).
func (e *elab) notInput(v val) (val, bool) {
	if v < 0 || e.kind[v] != netGate {
		return 0, false
	}
	g := &e.nl.Gates[e.gateOf[v]]
	if g.Kind != circuits.Not || g.Cell >= 0 {
		return 0, false
	}
	return g.In[0], true
}

// mulCSA returns the low len(a) bits of a * x for behavioural designs: the
// partial-product bits that are not constant 0 are gathered per column
// (a square, a == x, needs only a_i at column 2i and a_i & a_j at column
// i+j+1 for i < j), reduced with full adders, carries moving left, until
// every column holds at most two bits, which a ripple-carry adder sums.
func (b bld) mulCSA(a, x []val) []val {
	w := len(a)
	cols := make([][]val, w)
	push := func(k int, v val) {
		if k < w && v != c0 {
			cols[k] = append(cols[k], v)
		}
	}
	if na, nx := signedWidth(a), signedWidth(x); w > 0 && !isConst(a[w-1]) && !isConst(x[w-1]) && na >= 2 && nx >= 2 && (na < w || nx < w) {
		// Signed operands, sign-extended.
		return b.mulBW(a[:na], x[:nx], w)
	}
	square := len(x) == w
	for i := range x {
		if x[i] != a[i] {
			square = false
			break
		}
	}
	if square {
		for i := 0; i < w; i++ {
			push(2*i, a[i])
			for j := i + 1; j < w && i+j+1 < w; j++ {
				push(i+j+1, b.and(a[i], a[j]))
			}
		}
	} else {
		for i := 0; i < w; i++ {
			if x[i] == c0 {
				continue
			}
			for j := 0; i+j < w; j++ {
				push(i+j, b.and(a[j], x[i]))
			}
		}
	}
	return b.sumColumns(cols)
}

// sumColumns adds up the bits of each column (column k weighs 2^k) modulo
// 2^len(cols): full adders, carries moving left, until every column holds
// at most two bits, then a ripple-carry adder.
func (b bld) sumColumns(cols [][]val) []val {
	w := len(cols)
	push := func(k int, v val) {
		if k < w && v != c0 {
			cols[k] = append(cols[k], v)
		}
	}
	for k := 0; k < w; k++ {
		for len(cols[k]) > 2 {
			p, q, r := cols[k][0], cols[k][1], cols[k][2]
			cols[k] = cols[k][3:]
			t := b.xor(p, q)
			cols[k] = append(cols[k], b.xor(t, r))
			push(k+1, b.mux(t, p, r))
		}
	}
	s, c := zeros(w), zeros(w)
	for k := 0; k < w; k++ {
		if len(cols[k]) > 0 {
			s[k] = cols[k][0]
		}
		if len(cols[k]) > 1 {
			c[k] = cols[k][1]
		}
	}
	r, _ := b.add(s, c, c0)
	return r
}

// assumed returns the value v takes on the current path (path conditions
// of the branches of a process), else v.
func (e *elab) assumed(v val) val {
	if c, ok := e.assume[v]; ok {
		return c
	}
	return v
}

// assumeBit records, in behavioural designs, that c is bit on the path
// about to be elaborated, with what follows from the gate computing c
// (AND = 1: both inputs 1; OR = 0: both 0; NOT: the inverse; NAND and NOR
// likewise). Values built on the path are used only where c is bit (the
// branches merge through a multiplexer on c), so they may rely on it. It
// returns the function that forgets the assumptions again.
func (e *elab) assumeBit(c val, bit bool) func() {
	if e.strash == nil || c < 0 {
		return func() {}
	}
	if e.assume == nil {
		e.assume = map[val]val{}
	}
	var added []val
	var rec func(v val, bit bool, depth int)
	rec = func(v val, bit bool, depth int) {
		if v < 0 || depth > 32 {
			return
		}
		if _, ok := e.assume[v]; ok {
			return
		}
		e.assume[v] = constBit(bit)
		added = append(added, v)
		if e.kind[v] != netGate {
			return
		}
		g := e.nl.Gates[e.gateOf[v]]
		if g.Cell >= 0 {
			return
		}
		switch {
		case g.Kind == circuits.Not:
			rec(g.In[0], !bit, depth+1)
		case g.Kind == circuits.And && bit, g.Kind == circuits.Nand && !bit:
			rec(g.In[0], true, depth+1)
			rec(g.In[1], true, depth+1)
		case g.Kind == circuits.Or && !bit, g.Kind == circuits.Nor && bit:
			rec(g.In[0], false, depth+1)
			rec(g.In[1], false, depth+1)
		}
	}
	rec(c, bit, 0)
	return func() {
		for _, v := range added {
			delete(e.assume, v)
		}
		if len(e.assume) == 0 {
			e.assume = nil
		}
	}
}

// signedWidth returns the number of bits of v below its sign extension:
// len(v) minus the repeats of the top bit, or len(v) when the top bit is a
// constant (a zero-extended or constant operand).
func signedWidth(v []val) int {
	k := len(v) - 1
	if k < 0 || isConst(v[k]) {
		return len(v)
	}
	for k > 0 && v[k-1] == v[k] {
		k--
	}
	return k + 1
}

// mulBW returns the low w bits of the product of the sign-extended
// operands a (n bits) and x (m bits) with the modified Baugh-Wooley form:
// the n*m partial products, those of exactly one sign bit inverted, plus
// 2^(n-1) + 2^(m-1) + 2^(n+m-1), give the product modulo 2^(n+m); the bits
// above are copies of bit n+m-1.
func (b bld) mulBW(a, x []val, w int) []val {
	n, m := len(a), len(x)
	width := min(w, n+m)
	cols := make([][]val, width)
	push := func(k int, v val) {
		if k < width && v != c0 {
			cols[k] = append(cols[k], v)
		}
	}
	for j := 0; j < m; j++ {
		for i := 0; i < n && i+j < width; i++ {
			p := b.and(a[i], x[j])
			if (i == n-1) != (j == m-1) {
				p = b.not(p)
			}
			push(i+j, p)
		}
	}
	push(n-1, c1)
	push(m-1, c1)
	push(n+m-1, c1)
	r := b.sumColumns(cols)
	for len(r) < w {
		r = append(r, r[width-1])
	}
	return r
}

// muxInput returns the select and data inputs of v when v is the output
// of a multiplexer gate outside cells.
func (e *elab) muxInput(v val) (s, d0, d1 val, ok bool) {
	if v < 0 || e.kind[v] != netGate {
		return 0, 0, 0, false
	}
	g := &e.nl.Gates[e.gateOf[v]]
	if g.Kind != circuits.Mux || g.Cell >= 0 {
		return 0, 0, 0, false
	}
	return g.In[0], g.In[1], g.In[2], true
}
