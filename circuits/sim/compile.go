package sim

import (
	"fmt"
	"math"

	"github.com/axmul/axmul/circuits"
)

// The compiler works on an intermediate graph of nodes addressed by
// literals: lit = node<<1 | inverted. Node 0 is the constant 0, so literal 0
// is false and literal 1 is true. NOT gates and inverted gate kinds become
// literal inversions; BUF gates become aliases. Nodes are created in
// topological order (a node's inputs always have smaller indices), folded
// when an input is constant or two inputs coincide, and hashed so that equal
// nodes are shared.

type nodeKind uint8

const (
	nkConst nodeKind = iota
	nkInput
	nkAnd // in[0] & in[1]
	nkXor // in[0] ^ in[1], inputs positive
	nkMux // in[0] ? in[2] : in[1], select and data0 positive
)

type lit = uint32

const (
	litFalse lit = 0
	litTrue  lit = 1
)

type node struct {
	kind nodeKind
	in   [3]lit
}

// graph holds the nodes and a hash set of the gate nodes made by add:
// open addressing with linear probing, table entries are node index + 1
// (0: empty), at most half full.
type graph struct {
	nodes []node
	table []uint32
}

// newGraph returns a graph holding the constant node, with room for about
// n nodes before growing.
func newGraph(n int) *graph {
	g := &graph{nodes: make([]node, 1, n+1)}
	size := 16
	for size < 2*n {
		size <<= 1
	}
	g.table = make([]uint32, size)
	return g
}

// hashNode mixes the fields of n (multiply-xorshift).
func hashNode(n node) uint32 {
	h := uint64(n.kind) | uint64(n.in[0])<<8 ^ uint64(n.in[1])<<36
	h ^= uint64(n.in[2]) * 0x9e3779b97f4a7c15
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	return uint32(h >> 32)
}

func (g *graph) add(n node) lit {
	mask := uint32(len(g.table) - 1)
	i := hashNode(n) & mask
	for {
		e := g.table[i]
		if e == 0 {
			break
		}
		if g.nodes[e-1] == n {
			return lit(e-1) << 1
		}
		i = (i + 1) & mask
	}
	l := lit(len(g.nodes)) << 1
	g.nodes = append(g.nodes, n)
	g.table[i] = uint32(len(g.nodes))
	if 2*len(g.nodes) > len(g.table) {
		g.grow()
	}
	return l
}

// grow doubles the table and re-inserts the gate nodes.
func (g *graph) grow() {
	old := g.table
	g.table = make([]uint32, 2*len(old))
	mask := uint32(len(g.table) - 1)
	for _, e := range old {
		if e == 0 {
			continue
		}
		i := hashNode(g.nodes[e-1]) & mask
		for g.table[i] != 0 {
			i = (i + 1) & mask
		}
		g.table[i] = e
	}
}

func (g *graph) and(a, b lit) lit {
	if a > b {
		a, b = b, a
	}
	switch {
	case a == litFalse:
		return litFalse
	case a == litTrue:
		return b
	case a == b:
		return a
	case a == b^1:
		return litFalse
	}
	return g.add(node{kind: nkAnd, in: [3]lit{a, b}})
}

func (g *graph) or(a, b lit) lit { return g.and(a^1, b^1) ^ 1 }

func (g *graph) xor(a, b lit) lit {
	inv := (a ^ b) & 1
	a, b = a&^1, b&^1
	if a > b {
		a, b = b, a
	}
	switch {
	case a == b:
		return litFalse ^ inv
	case a == litFalse:
		return b ^ inv
	}
	return g.add(node{kind: nkXor, in: [3]lit{a, b}}) ^ inv
}

// mux returns s ? d1 : d0.
func (g *graph) mux(s, d0, d1 lit) lit {
	if s&1 != 0 {
		s, d0, d1 = s^1, d1, d0
	}
	switch {
	case s == litFalse:
		return d0
	case d0 == d1:
		return d0
	case d0 == d1^1:
		return g.xor(s, d0)
	case d0 == litFalse || d0 == s:
		return g.and(s, d1)
	case d0 == litTrue || d0 == s^1:
		return g.or(s^1, d1)
	case d1 == litFalse || d1 == s^1:
		return g.and(s^1, d0)
	case d1 == litTrue || d1 == s:
		return g.or(s, d0)
	}
	if d0&1 != 0 {
		return g.add(node{kind: nkMux, in: [3]lit{s, d0 ^ 1, d1 ^ 1}}) ^ 1
	}
	return g.add(node{kind: nkMux, in: [3]lit{s, d0, d1}})
}

// Compile validates n and compiles it into a Program: gates in topological
// order, BUF gates removed, NOT gates folded into their readers (ANDNOT,
// ORNOT, NOR, XNOR, swapped MUX inputs), constants propagated, equal gates
// shared, logic that reaches no output removed, a 2-input gate read by a
// single 2-input gate merged into it (a fused 3-input op, see OpFused), and
// slots re-used as soon as a value is dead so that the working set stays
// small.
func Compile(n *circuits.Netlist) (*Program, error) {
	if n == nil {
		return nil, fmt.Errorf("sim: Compile: nil netlist")
	}
	if err := n.Validate(); err != nil {
		return nil, fmt.Errorf("sim: compile %s: %w", n.Name, err)
	}
	order, err := n.TopoOrder()
	if err != nil {
		return nil, fmt.Errorf("sim: compile %s: %w", n.Name, err)
	}
	p := &Program{Name: n.Name}
	g := newGraph(len(order) + 64)
	netLit := make([]lit, n.NumNets)
	for _, port := range n.Ports {
		if port.Dir != circuits.Input {
			continue
		}
		p.InputPorts = append(p.InputPorts, PortMap{Name: port.Name, Offset: p.NumInputs, Width: port.Width()})
		for _, b := range port.Bits {
			netLit[b] = lit(len(g.nodes)) << 1
			g.nodes = append(g.nodes, node{kind: nkInput, in: [3]lit{lit(p.NumInputs)}})
			p.NumInputs++
		}
	}
	for _, gi := range order {
		gt := n.Gates[gi]
		var in [3]lit
		for j := range gt.Kind.Arity() {
			in[j] = netLit[gt.In[j]]
		}
		var l lit
		switch gt.Kind {
		case circuits.Const0:
			l = litFalse
		case circuits.Const1:
			l = litTrue
		case circuits.Buf:
			l = in[0]
		case circuits.Not:
			l = in[0] ^ 1
		case circuits.And:
			l = g.and(in[0], in[1])
		case circuits.Nand:
			l = g.and(in[0], in[1]) ^ 1
		case circuits.Or:
			l = g.or(in[0], in[1])
		case circuits.Nor:
			l = g.or(in[0], in[1]) ^ 1
		case circuits.Xor:
			l = g.xor(in[0], in[1])
		case circuits.Xnor:
			l = g.xor(in[0], in[1]) ^ 1
		case circuits.Mux:
			l = g.mux(in[0], in[1], in[2])
		default:
			return nil, fmt.Errorf("sim: compile %s: gate %d: unsupported kind %v", n.Name, gi, gt.Kind)
		}
		netLit[gt.Out] = l
		switch gt.Kind {
		case circuits.Const0, circuits.Const1, circuits.Buf:
		default:
			p.LogicGates++
		}
	}
	var outLits []lit
	for _, port := range n.Ports {
		if port.Dir != circuits.Output {
			continue
		}
		p.OutputPorts = append(p.OutputPorts, PortMap{Name: port.Name, Offset: len(outLits), Width: port.Width()})
		for _, b := range port.Bits {
			outLits = append(outLits, netLit[b])
		}
	}
	if err := p.emit(g, outLits); err != nil {
		return nil, fmt.Errorf("sim: compile %s: %w", n.Name, err)
	}
	return p, nil
}

// emit sets p.Code, p.NumSlots and p.Outputs from the live part of g that
// the output literals reach; p.NumInputs must be set.
func (p *Program) emit(g *graph, outLits []lit) error {
	numIn := p.NumInputs
	e := newEmitter(g, numIn)
	for _, l := range outLits {
		e.vote(l, true)
	}
	e.markLive(outLits)
	e.emitAll()
	outV := make([]int32, len(outLits))
	for i, l := range outLits {
		outV[i] = e.value(l)
	}
	var sc scratch
	fused := sc.fuse(e.code, numIn, outV)
	code, slots, outSlots, err := sc.allocate(fused, numIn, outV, nil, nil)
	if err != nil {
		return err
	}
	p.Code, p.NumSlots, p.Outputs = code, slots, outSlots
	p.ssa = &ssaForm{code: fused, outs: outV}
	return nil
}

// emitter turns the live part of the graph into instructions over virtual
// registers. Virtual register i < numIn is input bit i. Each live gate node
// n is materialised once, as the value of the node with inversion pol[n];
// a second register with the complement is made on demand (notReg).
type emitter struct {
	g      *graph
	numIn  int
	live   []bool
	votes  []int32 // >0: readers prefer the complement stored
	pol    []uint8
	reg    []int32
	notReg []int32
	consts [2]int32
	nreg   int32
	code   []vinstr
}

// vinstr is an instruction over virtual registers.
type vinstr struct {
	op      Op
	dst     int32
	a, b, c int32
}

func newEmitter(g *graph, numIn int) *emitter {
	nn := len(g.nodes)
	e := &emitter{g: g, numIn: numIn, live: make([]bool, nn), votes: make([]int32, nn),
		pol: make([]uint8, nn), reg: make([]int32, nn), notReg: make([]int32, nn),
		consts: [2]int32{-1, -1}, nreg: int32(numIn)}
	for i := range e.reg {
		e.reg[i], e.notReg[i] = -1, -1
	}
	for i, nd := range g.nodes {
		if nd.kind == nkInput {
			e.reg[i] = int32(nd.in[0])
		}
	}
	return e
}

// vote records that a reader wants literal l stored without inversion.
func (e *emitter) vote(l lit, want bool) {
	if !want {
		return
	}
	if l&1 != 0 {
		e.votes[l>>1]++
	} else {
		e.votes[l>>1]--
	}
}

func (e *emitter) markLive(outs []lit) {
	for _, l := range outs {
		e.live[l>>1] = true
	}
	for i := len(e.g.nodes) - 1; i > 0; i-- {
		nd := e.g.nodes[i]
		if !e.live[i] {
			continue
		}
		switch nd.kind {
		case nkAnd, nkXor:
			e.live[nd.in[0]>>1], e.live[nd.in[1]>>1] = true, true
		case nkMux:
			e.live[nd.in[0]>>1], e.live[nd.in[1]>>1], e.live[nd.in[2]>>1] = true, true, true
			e.vote(nd.in[1], true)
			e.vote(nd.in[2], true)
		}
	}
}

// operand returns the register holding node l>>1 as stored and whether that
// register holds the complement of literal l.
func (e *emitter) operand(l lit) (int32, uint8) {
	n := l >> 1
	return e.reg[n], uint8(l&1) ^ e.pol[n]
}

// value returns a register holding exactly literal l, emitting a NOT or a
// constant when needed.
func (e *emitter) value(l lit) int32 {
	n := l >> 1
	if n == 0 {
		c := l & 1
		if e.consts[c] < 0 {
			e.consts[c] = e.newReg()
			op := OpConst0
			if c == 1 {
				op = OpConst1
			}
			e.code = append(e.code, vinstr{op: op, dst: e.consts[c]})
		}
		return e.consts[c]
	}
	r, inv := e.operand(l)
	if inv == 0 {
		return r
	}
	if e.notReg[n] < 0 {
		e.notReg[n] = e.newReg()
		e.code = append(e.code, vinstr{op: OpNot, dst: e.notReg[n], a: r})
	}
	return e.notReg[n]
}

func (e *emitter) newReg() int32 {
	r := e.nreg
	e.nreg++
	return r
}

func (e *emitter) emitAll() {
	for i, nd := range e.g.nodes {
		if !e.live[i] || nd.kind == nkConst || nd.kind == nkInput {
			continue
		}
		var p uint8
		if e.votes[i] > 0 {
			p = 1
		}
		dst := e.newReg()
		var in vinstr
		switch nd.kind {
		case nkAnd:
			ra, ia := e.operand(nd.in[0])
			rb, ib := e.operand(nd.in[1])
			switch ia<<2 | ib<<1 | p {
			case 0b000:
				in = vinstr{op: OpAnd, a: ra, b: rb}
			case 0b001:
				in = vinstr{op: OpNand, a: ra, b: rb}
			case 0b010:
				in = vinstr{op: OpAndNot, a: ra, b: rb}
			case 0b011:
				in = vinstr{op: OpOrNot, a: rb, b: ra}
			case 0b100:
				in = vinstr{op: OpAndNot, a: rb, b: ra}
			case 0b101:
				in = vinstr{op: OpOrNot, a: ra, b: rb}
			case 0b110:
				in = vinstr{op: OpNor, a: ra, b: rb}
			case 0b111:
				in = vinstr{op: OpOr, a: ra, b: rb}
			}
		case nkXor:
			ra, ia := e.operand(nd.in[0])
			rb, ib := e.operand(nd.in[1])
			in = vinstr{op: OpXor, a: ra, b: rb}
			if ia^ib^p != 0 {
				in.op = OpXnor
			}
		case nkMux:
			rs, is := e.operand(nd.in[0])
			d0, d1 := nd.in[1], nd.in[2]
			if is != 0 {
				d0, d1 = d1, d0
			}
			r0, i0 := e.operand(d0)
			r1, i1 := e.operand(d1)
			if i0 != i1 {
				r1 = e.value(d1 ^ lit(i0))
			}
			p = i0
			in = vinstr{op: OpMux, a: rs, b: r0, c: r1}
		}
		in.dst = dst
		e.code = append(e.code, in)
		e.reg[i], e.pol[i] = dst, p
	}
}

// commutative reports whether a 2-input op gives the same for a, b as for
// b, a.
func commutative(op Op) bool { return op <= OpXnor }

// fuse merges every 2-input instruction I whose result is read exactly
// once, by a 2-input instruction J, into J: J becomes FusedOp(I.op, J.op)
// over I's sources and J's other source, and I is dropped. Registers are
// single-assignment here, so I's sources still hold their values at J.
// The result of I must be J's first source (or J must be commutative);
// an instruction already fused is not merged again, so every fused op is
// exactly two gates. Output registers count as reads.
func (sc *scratch) fuse(code []vinstr, numIn int, outs []int32) []vinstr {
	nreg := numIn
	for _, in := range code {
		nreg = max(nreg, int(in.dst)+1)
	}
	for _, r := range outs {
		nreg = max(nreg, int(r)+1)
	}
	uses := zeroed(&sc.uses, nreg)
	def := zeroed(&sc.def, nreg) // instruction index + 1 defining the register
	for i, in := range code {
		rs, n := in.srcs()
		for _, r := range rs[:n] {
			uses[r]++
		}
		def[in.dst] = int32(i) + 1
	}
	for _, r := range outs {
		uses[r]++
	}
	binary := func(op Op) bool { return op <= OpOrNot }
	dead := zeroed(&sc.dead, len(code))
	for j := range code {
		J := &code[j]
		if !binary(J.op) {
			continue
		}
		try := func(r int32) (int, bool) {
			d := def[r] - 1
			if d < 0 || uses[r] != 1 || !binary(code[d].op) || dead[d] {
				return 0, false
			}
			return int(d), true
		}
		if i, ok := try(J.a); ok {
			I := code[i]
			*J = vinstr{op: FusedOp(I.op, J.op), dst: J.dst, a: I.a, b: I.b, c: J.b}
			dead[i] = true
			continue
		}
		if commutative(J.op) {
			if i, ok := try(J.b); ok {
				I := code[i]
				*J = vinstr{op: FusedOp(I.op, J.op), dst: J.dst, a: I.a, b: I.b, c: J.a}
				dead[i] = true
			}
		}
	}
	out := code[:0]
	for i, in := range code {
		if !dead[i] {
			out = append(out, in)
		}
	}
	return out
}

// allocate maps virtual registers to slots by linear scan: a slot becomes
// free after the last instruction reading it and is handed to the next
// destination (last freed first, for cache locality). Input registers keep
// slots 0..numIn-1 until their last use; output registers live to the end.
// The instructions and output slots are written to outBuf and slotBuf
// when they are large enough (else to new slices).
func (sc *scratch) allocate(code []vinstr, numIn int, outs []int32, outBuf []Instr, slotBuf []uint32) ([]Instr, int, []uint32, error) {
	nreg := numIn
	for _, in := range code {
		nreg = max(nreg, int(in.dst)+1)
	}
	for _, r := range outs {
		nreg = max(nreg, int(r)+1)
	}
	const forever = math.MaxInt32
	last := zeroed(&sc.last, nreg)
	for i := range last {
		last[i] = -1
	}
	for i, in := range code {
		rs, n := in.srcs()
		for _, r := range rs[:n] {
			last[r] = int32(i)
		}
	}
	for _, r := range outs {
		last[r] = forever
	}
	slot := zeroed(&sc.slot, nreg)
	free := sc.free[:0]
	defer func() { sc.free = free[:0] }()
	for r := range numIn {
		slot[r] = int32(r)
	}
	for r := numIn - 1; r >= 0; r-- {
		if last[r] < 0 {
			free = append(free, int32(r))
		}
	}
	nslots := int32(numIn)
	out := outBuf[:0]
	if cap(out) < len(code) {
		out = make([]Instr, len(code))
	}
	out = out[:len(code)]
	for i, in := range code {
		rs, n := in.srcs()
		srcs := rs[:n]
		for k, r := range srcs {
			if last[r] == int32(i) && !dupBefore(srcs, k) {
				free = append(free, slot[r])
			}
		}
		var d int32
		if len(free) > 0 {
			d = free[len(free)-1]
			free = free[:len(free)-1]
		} else {
			if nslots == math.MaxInt32 {
				return nil, 0, nil, fmt.Errorf("more than %d slots", math.MaxInt32)
			}
			d = nslots
			nslots++
		}
		slot[in.dst] = d
		if last[in.dst] < 0 {
			free = append(free, d) // never read: cannot happen for live nodes
		}
		o := Instr{Op: in.op, Dst: uint32(d)}
		switch len(srcs) {
		case 3:
			o.C = uint32(slot[in.c])
			fallthrough
		case 2:
			o.B = uint32(slot[in.b])
			fallthrough
		case 1:
			o.A = uint32(slot[in.a])
		}
		out[i] = o
	}
	outSlots := slotBuf[:0]
	if cap(outSlots) < len(outs) {
		outSlots = make([]uint32, len(outs))
	}
	outSlots = outSlots[:len(outs)]
	for i, r := range outs {
		outSlots[i] = uint32(slot[r])
	}
	return out, int(nslots), outSlots, nil
}

// scratch holds the working arrays of fuse and allocate so that repeated
// compilations (Specialize per block group) reuse them; the zero value is
// ready to use.
type scratch struct {
	uses, def, last, slot, free []int32
	dead                        []bool
}

// zeroed returns (*buf)[:n] cleared, reallocating when too short.
func zeroed[T any](buf *[]T, n int) []T {
	if cap(*buf) < n {
		*buf = make([]T, n)
		return *buf
	}
	*buf = (*buf)[:n]
	clear(*buf)
	return *buf
}

func dupBefore(rs []int32, k int) bool {
	for _, r := range rs[:k] {
		if r == rs[k] {
			return true
		}
	}
	return false
}

// srcs returns the registers the instruction reads, in the first n
// entries of an array (no allocation: the compiler calls it per
// instruction, and Specialize runs the compiler per block group).
func (in *vinstr) srcs() (r [3]int32, n int) {
	switch {
	case in.op == OpConst0 || in.op == OpConst1:
		return r, 0
	case in.op == OpNot:
		return [3]int32{in.a}, 1
	case in.op == OpMux || in.op >= OpFused:
		return [3]int32{in.a, in.b, in.c}, 3
	}
	return [3]int32{in.a, in.b}, 2
}
