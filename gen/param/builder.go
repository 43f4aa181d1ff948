package param

import (
	"bytes"
	"fmt"
	"strings"
)

// node identifies a single-bit signal inside a builder. Nodes are created in
// topological order: every gate's operands have smaller ids than the gate.
type node int32

// The two constants are always nodes 0 and 1, so that after ordering the
// operands of a commutative gate a constant operand comes first.
const (
	zero node = 0
	one  node = 1
)

type op uint8

const (
	opConst0 op = iota
	opConst1
	opA // input bit A[x]
	opB // input bit B[x]
	opNot
	opAnd
	opOr
	opXor
)

var opSyms = [...]string{opAnd: "&", opOr: "|", opXor: "^"}

// gnode is one builder node; for opA and opB, x is the bit index.
type gnode struct {
	op   op
	x, y node
}

// builder accumulates a combinational circuit of AND/OR/XOR/NOT gates with
// constant folding and structural hashing, so that the circuits it emits
// never have a constant gate operand and never compute the same gate twice.
type builder struct {
	n, m  int
	nodes []gnode
	hash  map[gnode]node
	a, b  []node
	out   []node
}

func newBuilder(n, m int) *builder {
	bd := &builder{n: n, m: m, hash: map[gnode]node{}}
	bd.nodes = append(bd.nodes, gnode{op: opConst0}, gnode{op: opConst1})
	for i := 0; i < n; i++ {
		bd.a = append(bd.a, bd.add(gnode{op: opA, x: node(i)}))
	}
	for j := 0; j < m; j++ {
		bd.b = append(bd.b, bd.add(gnode{op: opB, x: node(j)}))
	}
	return bd
}

func (bd *builder) add(g gnode) node {
	if id, ok := bd.hash[g]; ok {
		return id
	}
	id := node(len(bd.nodes))
	bd.nodes = append(bd.nodes, g)
	bd.hash[g] = id
	return id
}

// isNotOf reports whether x is NOT y.
func (bd *builder) isNotOf(x, y node) bool {
	g := bd.nodes[x]
	return g.op == opNot && g.x == y
}

func (bd *builder) complementary(x, y node) bool { return bd.isNotOf(x, y) || bd.isNotOf(y, x) }

func (bd *builder) not(x node) node {
	switch {
	case x == zero:
		return one
	case x == one:
		return zero
	case bd.nodes[x].op == opNot:
		return bd.nodes[x].x
	}
	return bd.add(gnode{op: opNot, x: x, y: -1})
}

func (bd *builder) and(x, y node) node {
	if x > y {
		x, y = y, x
	}
	switch {
	case x == zero:
		return zero
	case x == one, x == y:
		return y
	case bd.complementary(x, y):
		return zero
	}
	return bd.add(gnode{op: opAnd, x: x, y: y})
}

func (bd *builder) or(x, y node) node {
	if x > y {
		x, y = y, x
	}
	switch {
	case x == zero, x == y:
		return y
	case x == one:
		return one
	case bd.complementary(x, y):
		return one
	}
	return bd.add(gnode{op: opOr, x: x, y: y})
}

func (bd *builder) xor(x, y node) node {
	if x > y {
		x, y = y, x
	}
	switch {
	case x == zero:
		return y
	case x == one:
		return bd.not(y)
	case x == y:
		return zero
	case bd.complementary(x, y):
		return one
	}
	// x ^ (x ^ z) = z
	if z, ok := bd.xorPartner(y, x); ok {
		return z
	}
	if z, ok := bd.xorPartner(x, y); ok {
		return z
	}
	return bd.add(gnode{op: opXor, x: x, y: y})
}

// xorPartner returns z if g is the gate x ^ z.
func (bd *builder) xorPartner(g, x node) (node, bool) {
	n := bd.nodes[g]
	switch {
	case n.op != opXor:
		return 0, false
	case n.x == x:
		return n.y, true
	case n.y == x:
		return n.x, true
	}
	return 0, false
}

// mux returns d1 when s is 1 and d0 when s is 0, as (d0 & ~s) | (d1 & s).
func (bd *builder) mux(s, d0, d1 node) node {
	if d0 == d1 {
		return d0
	}
	return bd.or(bd.and(d0, bd.not(s)), bd.and(d1, s))
}

// orAll returns the OR of xs as a balanced tree (0 for an empty list).
func (bd *builder) orAll(xs []node) node {
	switch len(xs) {
	case 0:
		return zero
	case 1:
		return xs[0]
	}
	h := len(xs) / 2
	return bd.or(bd.orAll(xs[:h]), bd.orAll(xs[h:]))
}

// ha is a half adder: sum x^y, carry x&y.
func (bd *builder) ha(x, y node) (s, c node) {
	return bd.xor(x, y), bd.and(x, y)
}

// fa is a full adder: sum x^y^z, carry (x&y)|((x^y)&z).
func (bd *builder) fa(x, y, z node) (s, c node) {
	t := bd.xor(x, y)
	return bd.xor(t, z), bd.or(bd.and(x, y), bd.and(t, z))
}

// gates counts the gates reachable from the outputs.
func (bd *builder) gates() int {
	live := bd.live()
	c := 0
	for id, l := range live {
		if l && bd.nodes[id].op >= opNot {
			c++
		}
	}
	return c
}

// live marks the nodes the outputs depend on.
func (bd *builder) live() []bool {
	live := make([]bool, len(bd.nodes))
	for _, o := range bd.out {
		live[o] = true
	}
	for id := len(bd.nodes) - 1; id >= 0; id-- {
		if !live[id] {
			continue
		}
		g := bd.nodes[id]
		switch g.op {
		case opNot:
			live[g.x] = true
		case opAnd, opOr, opXor:
			live[g.x] = true
			live[g.y] = true
		}
	}
	return live
}

// verilog writes the circuit as a structural Verilog module in the style of
// the EvoApprox library: one assign per gate on named wires sig_N, numbered
// densely in topological order, then one assign per output bit.
func (bd *builder) verilog(name string, header []string) []byte {
	var w bytes.Buffer
	for _, h := range header {
		fmt.Fprintf(&w, "// %s\n", h)
	}
	fmt.Fprintf(&w, "\nmodule %s (\n    A,\n    B,\n    O\n);\n\n", name)
	fmt.Fprintf(&w, "input [%d:0] A;\ninput [%d:0] B;\noutput [%d:0] O;\n\n", bd.n-1, bd.m-1, bd.n+bd.m-1)
	live := bd.live()
	names := make([]string, len(bd.nodes))
	names[zero], names[one] = "1'b0", "1'b1"
	var wires []string
	for id, g := range bd.nodes {
		switch g.op {
		case opA:
			names[id] = fmt.Sprintf("A[%d]", g.x)
		case opB:
			names[id] = fmt.Sprintf("B[%d]", g.x)
		case opNot, opAnd, opOr, opXor:
			if live[id] {
				names[id] = fmt.Sprintf("sig_%d", len(wires))
				wires = append(wires, names[id])
			}
		}
	}
	for i := 0; i < len(wires); i += 20 {
		j := min(i+20, len(wires))
		fmt.Fprintf(&w, "wire %s;\n", strings.Join(wires[i:j], ","))
	}
	if len(wires) > 0 {
		w.WriteString("\n")
	}
	for id, g := range bd.nodes {
		if !live[id] {
			continue
		}
		switch g.op {
		case opNot:
			fmt.Fprintf(&w, "assign %s = ~%s;\n", names[id], names[g.x])
		case opAnd, opOr, opXor:
			fmt.Fprintf(&w, "assign %s = %s %s %s;\n", names[id], names[g.x], opSyms[g.op], names[g.y])
		}
	}
	w.WriteString("\n")
	for i, o := range bd.out {
		fmt.Fprintf(&w, "assign O[%d] = %s;\n", i, names[o])
	}
	w.WriteString("\nendmodule\n")
	return w.Bytes()
}

// eval computes the outputs bit-parallel: a[i] and b[j] are 64-lane words
// of input bits A[i] and B[j]; the result holds one word per output bit.
// It is the builder's own evaluator, used to cross-check the models on
// operand sizes the Verilog round trip does not cover exhaustively.
func (bd *builder) eval(a, b []uint64) []uint64 {
	v := make([]uint64, len(bd.nodes))
	for id, g := range bd.nodes {
		switch g.op {
		case opConst0:
			v[id] = 0
		case opConst1:
			v[id] = ^uint64(0)
		case opA:
			v[id] = a[g.x]
		case opB:
			v[id] = b[g.x]
		case opNot:
			v[id] = ^v[g.x]
		case opAnd:
			v[id] = v[g.x] & v[g.y]
		case opOr:
			v[id] = v[g.x] | v[g.y]
		case opXor:
			v[id] = v[g.x] ^ v[g.y]
		}
	}
	out := make([]uint64, len(bd.out))
	for i, o := range bd.out {
		out[i] = v[o]
	}
	return out
}
