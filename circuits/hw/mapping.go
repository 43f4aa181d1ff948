package hw

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
)

// ErrMapping is wrapped by the errors Map returns when the netlist cannot be
// implemented with the library (unknown cell, missing function, no cell for
// a gate function).
var ErrMapping = errors.New("technology mapping failed")

// ErrNoVoltage reports a power estimate without a supply voltage: the
// library has no nom_voltage and PowerOptions.Voltage is 0. Commands
// name their own flag for it (axmul hw --voltage).
var ErrNoVoltage = errors.New("no nom_voltage and no supply voltage given")

// PinConn connects one pin of an Instance to a net of the mapped circuit.
type PinConn struct {
	Pin    string
	Output bool
	// Net is the connected net, or circuits.NoNet for an unconnected pin.
	Net circuits.Net
}

// Instance is one library cell of a Mapped circuit.
type Instance struct {
	// Name is the instance name: the source instance name for kept
	// cells, "m<g>" for a cell rooted at source gate g, "m<g>_inv" for the
	// inverter that restores a complemented output.
	Name string
	Cell *liberty.Cell
	// Pins lists the connected pins, inputs first, each group in the
	// cell's pin order.
	Pins []PinConn
	// Source is the index in the source Netlist.Cells of a kept cell
	// instance, or -1 for a cell chosen by the mapper.
	Source int
	// Pos is the source position of the instance or of the root gate.
	Pos string
}

// Input returns the net on input pin name, or circuits.NoNet.
func (in *Instance) Input(name string) circuits.Net {
	for _, pc := range in.Pins {
		if !pc.Output && pc.Pin == name {
			return pc.Net
		}
	}
	return circuits.NoNet
}

// Mapped is a netlist implemented with the cells of one library.
//
// Nets 0..Source.NumNets-1 keep their source meaning; nets above are added
// by the mapper (a cell computing the complement of a source net, followed
// by an inverter). Constant nets are tie-offs: free, never toggling and not
// timed. Buffers are free: a buffered net is the same wire as its input.
type Mapped struct {
	Source  *circuits.Netlist
	Library *liberty.Library
	// Instances in no particular order.
	Instances []Instance
	// NumNets is the number of nets of the mapped circuit.
	NumNets int

	// wire[n] is the net carrying the value of source net n in the mapped
	// circuit (n itself when n is implemented), for source nets only.
	wire []circuits.Net
	// constVal[n] is 0 or 1 for a constant net, -1 otherwise (all nets).
	constVal []int8
	// complementOf[n-Source.NumNets] is the source net an added net n
	// carries the complement of.
	complementOf []circuits.Net
	// Nets driven by primary inputs.
	isPI []bool
	// outputLoads[n] counts the output-port bits reading net n.
	outputLoads []int
}

// Area returns the total cell area in the library's area unit (um² for
// gscl45nm and osu018). Constants and buffers cost nothing.
func (m *Mapped) Area() float64 {
	a := 0.0
	for _, in := range m.Instances {
		a += in.Cell.Area
	}
	return a
}

// CellCounts returns the number of instances of each cell.
func (m *Mapped) CellCounts() map[string]int {
	c := map[string]int{}
	for _, in := range m.Instances {
		c[in.Cell.Name]++
	}
	return c
}

// Wire returns the mapped net carrying the value of source net n, and
// whether that net is a constant (value c).
func (m *Mapped) Wire(n circuits.Net) (w circuits.Net, constant bool, c bool) {
	if n < 0 || int(n) >= len(m.wire) {
		return circuits.NoNet, false, false
	}
	w = m.wire[n]
	if v := m.constVal[w]; v >= 0 {
		return w, true, v == 1
	}
	return w, false, false
}

// cut is a set of leaf nets (sorted, at most maxCutLeaves) and the truth
// table of a node over them (bit r: leaf i has the value of bit i of r).
type cut struct {
	leaves []circuits.Net
	tt     uint64
}

// expand re-expresses tt over leaves l as a truth table over the
// superset u.
func expand(tt uint64, l, u []circuits.Net) uint64 {
	if len(l) == len(u) {
		return tt
	}
	pos := make([]int, len(l))
	for i, x := range l {
		for j, y := range u {
			if x == y {
				pos[i] = j
			}
		}
	}
	var out uint64
	for r := 0; r < 1<<len(u); r++ {
		rl := 0
		for i, p := range pos {
			rl |= (r >> p & 1) << i
		}
		if tt>>rl&1 == 1 {
			out |= 1 << r
		}
	}
	return out
}

// reduce removes the leaves tt does not depend on.
func reduce(c cut) cut {
	for i := 0; i < len(c.leaves); i++ {
		k := len(c.leaves)
		// Rows with leaf i = 0 and = 1.
		var lo, hi uint64
		for r := 0; r < 1<<k; r++ {
			if r>>i&1 == 0 {
				b := c.tt >> r & 1
				lo |= b << r
				hi |= (c.tt >> (r | 1<<i) & 1) << r
			}
		}
		if lo != hi {
			continue
		}
		// Drop leaf i: compress rows.
		var tt uint64
		for r := 0; r < 1<<(k-1); r++ {
			low := r & (1<<i - 1)
			high := r >> i << (i + 1)
			if c.tt>>(low|high)&1 == 1 {
				tt |= 1 << r
			}
		}
		c.leaves = append(append([]circuits.Net(nil), c.leaves[:i]...), c.leaves[i+1:]...)
		c.tt = tt
		i--
	}
	return c
}

func unionLeaves(a, b []circuits.Net) []circuits.Net {
	u := append(append([]circuits.Net(nil), a...), b...)
	sort.Slice(u, func(i, j int) bool { return u[i] < u[j] })
	out := u[:0]
	for i, x := range u {
		if i == 0 || x != u[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// node is an expression gate after buffer and constant resolution.
type node struct {
	gate int // source gate index
	kind circuits.Kind
	in   [3]circuits.Net
}

// mapper holds the state of one Map call.
type mapper struct {
	n        *circuits.Netlist
	ix       *cellIndex
	rep      []circuits.Net // resolution of buffers and trivial gates
	constVal []int8         // per source net: 0, 1 or -1
	nodes    map[circuits.Net]*node
	fanout   []int
	root     []bool
	cuts     map[circuits.Net][]cut
	best     map[circuits.Net]choice
	adders   map[circuits.Net]*adderMatch // sum and carry nodes of adders
	absorbed map[circuits.Net]bool        // nodes inside an adder
}

// choice is the cover chosen for a node.
type choice struct {
	c     cut
	impl  impl
	kind  int // 0 cell, 1 alias of c.leaves[0], 2 constant tt&1
	cost  float64
	cells int
}

func (mp *mapper) resolve(x circuits.Net) circuits.Net {
	for mp.rep[x] != x {
		x = mp.rep[x]
	}
	return x
}

// maxCutsPerNode bounds the cut enumeration.
const maxCutsPerNode = 24

// Map implements n with the cells of lib.
//
// Gates that came from instantiated library cells (Gate.Cell >= 0) are kept
// as one instance per Netlist.Cells entry, of the library cell of the same
// name. All other gates are covered with library cells chosen by the truth
// table of their output function (evaluated with liberty.Expr.Eval), so
// the mapper works with any library that has the functions: each tree of
// single-fan-out gates is covered with the cells of least total area
// (dynamic programming over cuts of at most four leaves), which finds NAND2
// for NOT(AND), AOI21 for NOT(OR(AND(a,b),c)), AOI22, OAI21, MUX2 and so on
// where the library has them, and uses a cell for the complement plus an
// inverter when that is cheaper or the only way. Among cells of the same
// function the one of least area (the X1 drive strength) is used.
// Constants are free tie-offs, buffers free wires; logic that reaches no
// output port and no kept cell is dropped.
func Map(n *circuits.Netlist, lib *liberty.Library) (*Mapped, error) {
	if n == nil {
		return nil, fmt.Errorf("hw: Map: nil netlist")
	}
	if err := n.Validate(); err != nil {
		return nil, fmt.Errorf("hw: %s: %w", n.Name, err)
	}
	ix, err := newCellIndex(lib)
	if err != nil {
		return nil, err
	}
	mp := &mapper{
		n: n, ix: ix,
		rep:      make([]circuits.Net, n.NumNets),
		constVal: make([]int8, n.NumNets),
		nodes:    map[circuits.Net]*node{},
		fanout:   make([]int, n.NumNets),
		root:     make([]bool, n.NumNets),
		cuts:     map[circuits.Net][]cut{},
		best:     map[circuits.Net]choice{},
		adders:   map[circuits.Net]*adderMatch{},
		absorbed: map[circuits.Net]bool{},
	}
	for i := range mp.rep {
		mp.rep[i] = circuits.Net(i)
		mp.constVal[i] = -1
	}
	// Kept cells first: their library cells and pins.
	kept, err := mp.keptCells()
	if err != nil {
		return nil, err
	}
	order, err := n.TopoOrder()
	if err != nil {
		return nil, fmt.Errorf("hw: %s: %w", n.Name, err)
	}
	mp.simplify(order)
	// Fan-out on resolved nets and roots (nets read outside expression
	// logic).
	for _, nd := range mp.nodes {
		for j := 0; j < nd.kind.Arity(); j++ {
			mp.fanout[nd.in[j]]++
		}
	}
	for _, k := range kept {
		for _, pc := range k.Pins {
			if !pc.Output && pc.Net >= 0 {
				r := mp.resolve(pc.Net)
				mp.fanout[r]++
				mp.root[r] = true
			}
		}
	}
	for _, p := range n.OutputPorts() {
		for _, b := range p.Bits {
			r := mp.resolve(b)
			mp.fanout[r]++
			mp.root[r] = true
		}
	}
	mp.extractAdders(order)
	// Cuts and best covers in topological order.
	for _, gi := range order {
		out := n.Gates[gi].Out
		nd, ok := mp.nodes[out]
		if !ok || nd.gate != gi || mp.adders[out] != nil || mp.absorbed[out] {
			continue
		}
		if err := mp.enumerate(out, nd); err != nil {
			return nil, err
		}
	}
	return mp.cover(kept)
}

// keptCells resolves the instantiated cells of the netlist.
func (mp *mapper) keptCells() ([]Instance, error) {
	var out []Instance
	lib := mp.ix.lib
	pos := make([]string, len(mp.n.Cells))
	for _, g := range mp.n.Gates {
		if g.Cell >= 0 && int(g.Cell) < len(pos) && pos[g.Cell] == "" {
			pos[g.Cell] = g.Pos
		}
	}
	for gi, g := range mp.n.Gates {
		if int(g.Cell) >= len(mp.n.Cells) {
			return nil, fmt.Errorf("hw: %s: gate %d (%s) refers to cell instance %d, the netlist has %d: %w", mp.n.Name, gi, g.Pos, g.Cell, len(mp.n.Cells), ErrMapping)
		}
	}
	for i, ci := range mp.n.Cells {
		where := ci.Name
		if pos[i] != "" {
			where = pos[i] + ": " + ci.Name
		}
		c := lib.Cell(ci.Type)
		if c == nil {
			return nil, fmt.Errorf("hw: %s: instance %s: cell %s not in library %s: %w", mp.n.Name, where, ci.Type, lib.Name, ErrMapping)
		}
		if c.Sequential {
			return nil, fmt.Errorf("hw: %s: instance %s: cell %s is sequential, only combinational circuits are supported: %w", mp.n.Name, where, c.Name, ErrMapping)
		}
		for name, net := range ci.Pins {
			if c.Pin(name) == nil {
				return nil, fmt.Errorf("hw: %s: instance %s: cell %s has no pin %s: %w", mp.n.Name, where, c.Name, name, ErrMapping)
			}
			if net < 0 || int(net) >= mp.n.NumNets {
				return nil, fmt.Errorf("hw: %s: instance %s: pin %s on net %d, out of range: %w", mp.n.Name, where, name, net, ErrMapping)
			}
		}
		inst := Instance{Name: ci.Name, Cell: c, Source: i, Pos: pos[i]}
		for _, p := range c.Inputs() {
			if net, ok := ci.Pins[p.Name]; ok {
				inst.Pins = append(inst.Pins, PinConn{Pin: p.Name, Net: net})
			}
		}
		for _, p := range c.Outputs() {
			if p.Function == nil {
				return nil, fmt.Errorf("hw: %s: instance %s: output pin %s of cell %s has no function: %w", mp.n.Name, where, p.Name, c.Name, ErrMapping)
			}
			if net, ok := ci.Pins[p.Name]; ok {
				inst.Pins = append(inst.Pins, PinConn{Pin: p.Name, Output: true, Net: net})
			}
		}
		out = append(out, inst)
	}
	return out, nil
}

// simplify resolves buffers and constants and records the remaining
// expression gates as nodes, folding gates whose function over their
// distinct non-constant inputs is a constant or a single input.
func (mp *mapper) simplify(order []int) {
	for _, gi := range order {
		g := mp.n.Gates[gi]
		if g.Cell >= 0 {
			continue
		}
		switch g.Kind {
		case circuits.Buf:
			mp.rep[g.Out] = mp.resolve(g.In[0])
			continue
		case circuits.Const0:
			mp.constVal[g.Out] = 0
			continue
		case circuits.Const1:
			mp.constVal[g.Out] = 1
			continue
		}
		nd := &node{gate: gi, kind: g.Kind, in: [3]circuits.Net{circuits.NoNet, circuits.NoNet, circuits.NoNet}}
		for j := 0; j < g.Kind.Arity(); j++ {
			nd.in[j] = mp.resolve(g.In[j])
		}
		c := mp.singleCut(nd)
		switch {
		case len(c.leaves) == 0:
			mp.constVal[g.Out] = int8(c.tt & 1)
		case len(c.leaves) == 1 && c.tt == 2:
			mp.rep[g.Out] = c.leaves[0]
		default:
			mp.nodes[g.Out] = nd
		}
	}
}

// operand is one way to see a gate input inside a cut.
type operand struct {
	leaves []circuits.Net
	tt     uint64
}

// singleCut is the cut of nd over its direct inputs, constants folded.
func (mp *mapper) singleCut(nd *node) cut {
	var ops [3][]operand
	for j := 0; j < nd.kind.Arity(); j++ {
		ops[j] = []operand{mp.leafOperand(nd.in[j])}
	}
	cs := combine(nd.kind, ops)
	return cs[0]
}

func (mp *mapper) leafOperand(x circuits.Net) operand {
	if v := mp.constVal[x]; v >= 0 {
		return operand{tt: uint64(v)} // 0 leaves: tt bit 0 is the value
	}
	return operand{leaves: []circuits.Net{x}, tt: 2}
}

// cutKey identifies a cut for de-duplication.
type cutKey struct {
	l  [maxCutLeaves]circuits.Net
	n  int
	tt uint64
}

// combine forms the cuts of a gate of kind k from the operand choices of
// its inputs, dropping those with more than maxCutLeaves leaves.
func combine(k circuits.Kind, ops [3][]operand) []cut {
	var out []cut
	seen := map[cutKey]bool{}
	ar := k.Arity()
	var idx [3]int
	for {
		var leaves []circuits.Net
		for j := 0; j < ar; j++ {
			leaves = unionLeaves(leaves, ops[j][idx[j]].leaves)
		}
		if len(leaves) <= maxCutLeaves {
			var t [3]uint64
			mask := ttMask(len(leaves))
			for j := 0; j < ar; j++ {
				o := ops[j][idx[j]]
				if len(o.leaves) == 0 {
					t[j] = -(o.tt & 1) & mask // constant: all rows
				} else {
					t[j] = expand(o.tt, o.leaves, leaves)
				}
			}
			c := reduce(cut{leaves: leaves, tt: k.Eval(t[0], t[1], t[2]) & mask})
			key := cutKey{n: len(c.leaves), tt: c.tt}
			copy(key.l[:], c.leaves)
			if !seen[key] {
				seen[key] = true
				out = append(out, c)
			}
		}
		// Next combination.
		j := 0
		for ; j < ar; j++ {
			idx[j]++
			if idx[j] < len(ops[j]) {
				break
			}
			idx[j] = 0
		}
		if j == ar {
			break
		}
	}
	return out
}

// enumerate computes the cuts and the best cover of node out.
func (mp *mapper) enumerate(out circuits.Net, nd *node) error {
	var ops [3][]operand
	for j := 0; j < nd.kind.Arity(); j++ {
		x := nd.in[j]
		ops[j] = []operand{mp.leafOperand(x)}
		if _, isNode := mp.nodes[x]; isNode && mp.fanout[x] == 1 && !mp.root[x] {
			for _, c := range mp.cuts[x] {
				ops[j] = append(ops[j], operand{leaves: c.leaves, tt: c.tt})
			}
		}
	}
	cs := combine(nd.kind, ops)
	if len(cs) > maxCutsPerNode {
		// Keep the cuts with fewer leaves (the single-gate cut is first).
		first := cs[0]
		rest := cs[1:]
		sort.SliceStable(rest, func(i, j int) bool { return len(rest[i].leaves) < len(rest[j].leaves) })
		cs = append([]cut{first}, rest[:maxCutsPerNode-1]...)
	}
	mp.cuts[out] = cs
	best := choice{cost: math.Inf(1)}
	for _, c := range cs {
		ch := choice{c: c}
		switch {
		case len(c.leaves) == 0:
			ch.kind = 2
		case len(c.leaves) == 1 && c.tt == 2:
			ch.kind = 1
		default:
			im, ok := mp.ix.lookup(len(c.leaves), c.tt)
			if !ok {
				continue
			}
			ch.impl, ch.cost, ch.cells = im, im.area, im.cells
		}
		for _, l := range c.leaves {
			if _, isNode := mp.nodes[l]; isNode && mp.fanout[l] == 1 && !mp.root[l] {
				b := mp.best[l]
				ch.cost += b.cost
				ch.cells += b.cells
			}
		}
		if ch.cost < best.cost || ch.cost == best.cost && ch.cells < best.cells {
			best = ch
		}
	}
	if math.IsInf(best.cost, 1) {
		g := mp.n.Gates[nd.gate]
		where := mp.n.Name
		if g.Pos != "" {
			where = g.Pos
		}
		return fmt.Errorf("hw: %s: %v gate driving %s: library %s has no cell for its function over %d inputs (nor with inverters on its inputs or output): %w",
			where, g.Kind, mp.n.NetName(g.Out), mp.ix.lib.Name, len(cs[0].leaves), ErrMapping)
	}
	mp.best[out] = best
	return nil
}

// cover emits the chosen cells for every node needed by an output port or
// a kept cell, and builds the Mapped result.
func (mp *mapper) cover(kept []Instance) (*Mapped, error) {
	n := mp.n
	m := &Mapped{Source: n, Library: mp.ix.lib, NumNets: n.NumNets}
	visited := make([]bool, n.NumNets)
	var todo []circuits.Net
	need := func(x circuits.Net) {
		x = mp.resolve(x)
		if !visited[x] {
			visited[x] = true
			todo = append(todo, x)
		}
	}
	for _, p := range n.OutputPorts() {
		for _, b := range p.Bits {
			need(b)
		}
	}
	for _, k := range kept {
		for _, pc := range k.Pins {
			if !pc.Output && pc.Net >= 0 {
				need(pc.Net)
			}
		}
	}
	type pending struct {
		out circuits.Net
		ch  choice
	}
	var emit []pending
	var adders []*adderMatch
	for len(todo) > 0 {
		x := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if _, ok := mp.nodes[x]; !ok {
			continue // input, constant or kept-cell output
		}
		if am := mp.adders[x]; am != nil {
			if !am.emitted {
				am.emitted = true
				adders = append(adders, am)
				for _, l := range am.leaves {
					need(l)
				}
			}
			continue
		}
		ch := mp.best[x]
		emit = append(emit, pending{x, ch})
		for _, l := range ch.c.leaves {
			need(l)
		}
	}
	// Resolve wires: aliases follow their leaf; constants stay.
	var wireOf func(x circuits.Net) circuits.Net
	wireOf = func(x circuits.Net) circuits.Net {
		x = mp.resolve(x)
		if ch, ok := mp.best[x]; ok && ch.kind == 1 {
			return wireOf(ch.c.leaves[0])
		}
		return x
	}
	constVal := append([]int8(nil), mp.constVal...)
	for _, p := range emit {
		if p.ch.kind == 2 {
			constVal[p.out] = int8(p.ch.c.tt & 1)
		}
	}
	wire := make([]circuits.Net, n.NumNets)
	for i := range wire {
		wire[i] = wireOf(circuits.Net(i))
	}
	// Constants propagate through aliases.
	for i := range wire {
		if v := constVal[wire[i]]; v >= 0 {
			constVal[i] = v
		}
	}
	m.wire = wire
	for _, k := range kept {
		for j := range k.Pins {
			if !k.Pins[j].Output && k.Pins[j].Net >= 0 {
				k.Pins[j].Net = wire[k.Pins[j].Net]
			}
		}
		m.Instances = append(m.Instances, k)
	}
	sort.Slice(adders, func(i, j int) bool { return adders[i].firstGate < adders[j].firstGate })
	for _, am := range adders {
		inst := Instance{Name: fmt.Sprintf("a%d", am.firstGate), Cell: am.cell.cell, Source: -1, Pos: n.Gates[am.firstGate].Pos}
		for i, pin := range am.cell.inputs {
			inst.Pins = append(inst.Pins, PinConn{Pin: pin, Net: wire[am.leaves[i]]})
		}
		inst.Pins = append(inst.Pins,
			PinConn{Pin: am.cell.sum, Output: true, Net: am.sum},
			PinConn{Pin: am.cell.carry, Output: true, Net: am.carry})
		m.Instances = append(m.Instances, inst)
	}
	invOf := map[circuits.Net]circuits.Net{} // inverted copies of wires
	sort.Slice(emit, func(i, j int) bool { return mp.nodes[emit[i].out].gate < mp.nodes[emit[j].out].gate })
	for _, p := range emit {
		if p.ch.kind != 0 {
			continue
		}
		g := n.Gates[mp.nodes[p.out].gate]
		im := p.ch.impl
		name := fmt.Sprintf("m%d", mp.nodes[p.out].gate)
		inst := Instance{Name: name, Cell: im.m.cell, Source: -1, Pos: g.Pos}
		addInv := func(suffix string, in, out circuits.Net) {
			iv := mp.ix.inv
			m.Instances = append(m.Instances, Instance{
				Name: name + suffix, Cell: iv.cell, Source: -1, Pos: g.Pos,
				Pins: []PinConn{{Pin: iv.pins[0], Net: in}, {Pin: iv.out, Output: true, Net: out}},
			})
		}
		newNet := func(complementOf circuits.Net) circuits.Net {
			x := circuits.Net(m.NumNets)
			m.NumNets++
			m.complementOf = append(m.complementOf, complementOf)
			constVal = append(constVal, -1)
			return x
		}
		// Inputs in the cell's pin order.
		for _, pin := range im.m.cell.Inputs() {
			for i, pn := range im.m.pins {
				if pn != pin.Name {
					continue
				}
				leaf := p.ch.c.leaves[i]
				net := wire[leaf]
				if im.invIn>>i&1 == 1 {
					x, ok := invOf[net]
					if !ok {
						x = newNet(leaf)
						invOf[net] = x
						addInv(fmt.Sprintf("_in%d", i), net, x)
					}
					net = x
				}
				inst.Pins = append(inst.Pins, PinConn{Pin: pn, Net: net})
			}
		}
		out := p.out
		if im.invOut {
			out = newNet(p.out)
		}
		inst.Pins = append(inst.Pins, PinConn{Pin: im.m.out, Output: true, Net: out})
		m.Instances = append(m.Instances, inst)
		if im.invOut {
			addInv("_inv", out, p.out)
		}
	}
	m.constVal = constVal
	m.isPI = make([]bool, m.NumNets)
	for _, p := range n.InputPorts() {
		for _, b := range p.Bits {
			m.isPI[b] = true
		}
	}
	m.outputLoads = make([]int, m.NumNets)
	for _, p := range n.OutputPorts() {
		for _, b := range p.Bits {
			m.outputLoads[wire[b]]++
		}
	}
	return m, nil
}
