package evolve

import (
	"fmt"
	"math"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/sim"
)

// The evaluator keeps every bit-plane in one arena of slots, cut into nb
// blocks of bw words (block b of slot s at arena[(b·nslots+s)·bw:][:bw],
// each block in the layout of the circuits/sim kernels, run once per
// block) so that a block's working set stays in L2: slots 0..ni-1 hold
// the primary inputs, slots ni..ni+nn-1 the parent's node planes, then
// come shared constant slots (the exact product for a MetricConstraint),
// then one region per offspring. An offspring's program computes only its
// active nodes that were mutated, whose parent plane is not valid, or that
// read such a node (the fan-out cone), each into its own slot of the
// offspring's region, and reads every other source from the parent's
// slots. Offspring are evaluated concurrently: they write disjoint regions
// and only read the shared ones. BUF nodes are aliases of their input (no
// instruction). Words past the domain's Words (padding of the last block)
// and bits past Pairs may hold garbage; whatever reads planes masks them.

// targetBlockWords is the block size the evaluator aims at: 256 words
// (2 KiB per plane) keep a few hundred planes of a cone within L2. On the
// exhaustive 8x8 domain (1024 words) BenchmarkEvolve8x8 measured 256 and
// 1024 (one block) alike, about 24,000 simulated evaluations per
// CPU-second with avx2, and 64 slower (20,600): blocks matter for larger
// domains, whose whole planes would not fit.
const targetBlockWords = 256

// evaluator holds the parent's planes and the offspring scratch.
type evaluator struct {
	c      Constraint
	o      Objective
	d      *Domain
	words  int // the domain's words per plane
	bw, nb int // words per block, blocks (bw·nb >= words)
	ni, nn int
	nslots int
	arena  []uint64
	tail   uint64 // mask of the valid bits of the last word (all ones when Pairs%64 == 0)

	// parent state: valid[i] says the parent slot of node i holds node
	// i's plane under the parent genome; pslot[s] is the slot holding
	// source s's plane (a BUF resolves to its input's slot).
	parent *Genome
	valid  []bool
	pslot  []uint32
	pact   []bool
	pouts  []uint32
	// the parent's score
	pvalue, pcost float64
	pfeasible     bool

	offs []*offspring

	// Fast path of a MetricConstraint: the error planes are computed by
	// the kernels in the offspring's program (see emitError). mc is nil
	// for other constraints.
	mc       *metricConstraint
	zeroSlot uint32 // a slot of zeros
	exSlot   uint32 // first of mc.eBits slots holding the exact product
	region   int    // slots per offspring region: nn nodes, then errSlots
	errL     int    // L, the error planes' width
	// MRE with byte tables (mc.relTab != nil): the parent's figure of
	// every word (mreTable's out), valid when wordOK; an offspring
	// recomputes only the words where an output plane differs from the
	// parent's (the chg plane of emitError).
	wordRel []float64
	wordOK  bool
}

// offspring is the scratch of one candidate.
type offspring struct {
	g       *Genome
	mutated []bool // node genes changed from the parent
	active  []bool
	need    []bool // recomputed in this offspring's region
	slot    []uint32
	code    []sim.Instr
	prog    sim.Program
	masked  [][]uint64 // outs gathered into whole planes, the tail masked (generic path)
	scratch []uint64   // for fromAbs
	wordRel []float64  // MRE word figures (see evaluator.wordRel)
	chg     bool       // the chg plane was emitted
	stopped bool       // the MRE sum stopped early: wordRel is incomplete
	actList []int
	region  uint32

	// results
	value, cost float64
	feasible    bool
	simulated   bool
	err         error
}

func newEvaluator(g *Genome, c Constraint, o Objective, lambda int) (*evaluator, error) {
	d := c.Domain()
	if d == nil {
		return nil, fmt.Errorf("evolve: constraint %s has no domain", c.Name())
	}
	if err := d.check(); err != nil {
		return nil, fmt.Errorf("evolve: constraint %s: %w", c.Name(), err)
	}
	if d.ABits != g.ABits || d.BBits != g.BBits || d.Signed != g.Signed {
		return nil, fmt.Errorf("evolve: constraint %s is on %dx%d operands (signed %v), the genome has %dx%d (signed %v)",
			c.Name(), d.ABits, d.BBits, d.Signed, g.ABits, g.BBits, g.Signed)
	}
	ni, nn := g.NumInputs(), len(g.Nodes)
	e := &evaluator{c: c, o: o, d: d, words: d.Words, ni: ni, nn: nn, tail: ^uint64(0)}
	e.nb = (e.words + targetBlockWords - 1) / targetBlockWords
	e.bw = (e.words + e.nb - 1) / e.nb
	if r := d.Pairs % 64; r != 0 {
		e.tail = 1<<r - 1
	}
	e.region = nn
	base := ni + nn // shared constant slots follow the parent's nodes
	if mc, ok := c.(*metricConstraint); ok && len(g.Outs) < maxPlanes-d.ABits-d.BBits {
		e.mc = mc
		e.errL = mc.errBits(len(g.Outs))
		e.zeroSlot = uint32(base)
		e.exSlot = uint32(base + 1)
		base += 1 + mc.eBits
		// L difference planes (reused for |e|), borrow, t, u, two
		// carries and the e != 0 plane.
		e.region = nn + e.errL + 6
		if mc.relTab != nil {
			e.region++ // the chg plane
			e.wordRel = make([]float64, e.words)
		}
	}
	e.nslots = base + e.region*lambda
	if e.nslots > math.MaxInt/(e.bw*e.nb)/8 {
		return nil, fmt.Errorf("evolve: %d slots of %d words is too large", e.nslots, e.bw*e.nb)
	}
	e.arena = make([]uint64, e.nslots*e.bw*e.nb)
	for i, p := range d.inputPlanes() {
		e.setPlane(uint32(i), p)
	}
	if e.mc != nil {
		for k, p := range e.mc.exact {
			e.setPlane(e.exSlot+uint32(k), p)
		}
	}
	e.valid = make([]bool, nn)
	e.pact = make([]bool, nn)
	e.pslot = make([]uint32, ni+nn)
	for s := range ni {
		e.pslot[s] = uint32(s)
	}
	e.offs = make([]*offspring, lambda)
	for k := range e.offs {
		f := &offspring{
			g:       g.Clone(),
			mutated: make([]bool, nn),
			active:  make([]bool, nn),
			need:    make([]bool, nn),
			slot:    make([]uint32, ni+nn),
			code:    make([]sim.Instr, 0, nn),
			region:  uint32(base + e.region*k),
		}
		if e.mc != nil {
			f.scratch = make([]uint64, 2*e.words)
			if e.wordRel != nil {
				f.wordRel = make([]float64, e.words)
			}
		} else {
			f.masked = make([][]uint64, len(g.Outs))
			for i := range f.masked {
				f.masked[i] = make([]uint64, e.words)
			}
		}
		f.prog = sim.Program{Name: "evolve", NumSlots: e.nslots, NumInputs: ni}
		e.offs[k] = f
	}
	return e, nil
}

// block returns block b of slot s.
func (e *evaluator) block(s uint32, b int) []uint64 {
	o := (b*e.nslots + int(s)) * e.bw
	return e.arena[o : o+e.bw : o+e.bw]
}

// setPlane writes the plane p (Words words) to slot s.
func (e *evaluator) setPlane(s uint32, p []uint64) {
	for b := range e.nb {
		if off := b * e.bw; off < len(p) {
			copy(e.block(s, b), p[off:])
		}
	}
}

// plane gathers the Words words of slot s into dst (allocated when nil)
// and masks the bits past Pairs.
func (e *evaluator) plane(s uint32, dst []uint64) []uint64 {
	if dst == nil {
		dst = make([]uint64, e.words)
	}
	for b := range e.nb {
		if off := b * e.bw; off < e.words {
			copy(dst[off:], e.block(s, b))
		}
	}
	dst[e.words-1] &= e.tail
	return dst
}

// copySlot copies slot src to slot dst, every block.
func (e *evaluator) copySlot(dst, src uint32) {
	for b := range e.nb {
		copy(e.block(dst, b), e.block(src, b))
	}
}

// kindOp maps node functions to simulator ops (BUF has none).
var kindOp = [...]sim.Op{
	circuits.Const0: sim.OpConst0,
	circuits.Const1: sim.OpConst1,
	circuits.Not:    sim.OpNot,
	circuits.And:    sim.OpAnd,
	circuits.Or:     sim.OpOr,
	circuits.Xor:    sim.OpXor,
	circuits.Nand:   sim.OpNand,
	circuits.Nor:    sim.OpNor,
	circuits.Xnor:   sim.OpXnor,
	circuits.Mux:    sim.OpMux,
}

// evaluate simulates offspring f (its genome and mutated flags set) on
// top of the parent's planes and scores it. It is safe to call
// concurrently for different offspring.
func (e *evaluator) evaluate(f *offspring) {
	g := f.g
	ni := int32(e.ni)
	clear(f.active)
	g.markActive(f.active)
	f.code = f.code[:0]
	f.actList = f.actList[:0]
	for s := range e.ni {
		f.slot[s] = uint32(s)
	}
	same := true // phenotype identical to the parent's
	for i := range e.nn {
		f.need[i] = false
		if f.active[i] != e.pact[i] {
			same = false
		}
		if !f.active[i] {
			continue
		}
		f.actList = append(f.actList, i)
		nd := &g.Nodes[i]
		need := f.mutated[i] || !e.valid[i]
		ar := nd.Fn.Arity()
		for k := 0; k < ar && !need; k++ {
			if s := nd.In[k]; s >= ni && f.need[s-ni] {
				need = true
			}
		}
		f.need[i] = need
		if !need {
			f.slot[e.ni+i] = e.pslot[e.ni+i]
			continue
		}
		same = false
		if nd.Fn == circuits.Buf {
			f.slot[e.ni+i] = f.slot[nd.In[0]]
			continue
		}
		dst := f.region + uint32(i)
		in := sim.Instr{Op: kindOp[nd.Fn], Dst: dst}
		switch ar {
		case 3:
			in.C = f.slot[nd.In[2]]
			fallthrough
		case 2:
			in.B = f.slot[nd.In[1]]
			fallthrough
		case 1:
			in.A = f.slot[nd.In[0]]
		}
		f.code = append(f.code, in)
		f.slot[e.ni+i] = dst
	}
	for k, s := range g.Outs {
		if f.slot[s] != e.pouts[k] {
			same = false
		}
	}
	f.simulated = !same
	f.stopped = false
	if same {
		f.value, f.cost, f.feasible, f.err = e.pvalue, e.pcost, e.pfeasible, nil
		return
	}
	if e.mc != nil {
		e.emitError(f)
	}
	f.prog.Code = f.code
	stride := e.nslots * e.bw
	for b := range e.nb {
		if err := f.prog.RunState(e.arena[b*stride:(b+1)*stride], e.bw); err != nil {
			f.err = err
			return
		}
	}
	if e.mc != nil {
		r := f.region + uint32(e.nn)
		nz := r + uint32(e.errL) + 5
		// With a feasible parent an infeasible offspring is rejected
		// whatever its value (see better): WCE and MRE may stop once
		// they exceed the bound, and such an offspring is never
		// accepted, so its incomplete MRE word figures are not read.
		stop := math.Inf(1)
		if e.pfeasible {
			stop = e.c.Max()
		}
		if e.wordRel != nil {
			abs := func(k, b int) []uint64 { return e.block(r+uint32(k), b) }
			nzb := func(b int) []uint64 { return e.block(nz, b) }
			var chg func(int) []uint64
			if f.chg {
				chg = func(b int) []uint64 { return e.block(nz+1, b) }
			}
			f.value = e.mc.mreTable(abs, nzb, e.errL-1, e.nb, e.tail, chg, e.wordRel, f.wordRel, stop)
		} else {
			f.value = e.mc.fromAbs(func(k, b int) []uint64 { return e.block(r+uint32(k), b) }, func(b int) []uint64 { return e.block(nz, b) },
				e.errL-1, e.nb, e.tail, f.scratch, stop)
		}
		f.stopped = f.value > stop
	} else {
		for k, s := range g.Outs {
			f.masked[k] = e.plane(f.slot[s], f.masked[k])
		}
		f.value = e.c.Value(f.masked)
	}
	f.feasible = f.value <= e.c.Max()
	f.cost = math.Inf(1)
	if f.feasible {
		f.cost = e.o.Cost(Candidate{Genome: g, Active: f.actList, Plane: func(src int) []uint64 { return e.plane(f.slot[src], nil) }})
	}
}

// emitError appends to f.code the instructions that compute, from the
// output slots, the planes of e = approx - exact (L bits, ripple borrow),
// then |e| = (e ^ s) + s in place (s the sign plane; not for EP) and the
// plane of e != 0 (EP, MRE), for the metric constraint's fromAbs:
// about 5 ops per bit on the kernels instead of a scalar loop.
func (e *evaluator) emitError(f *offspring) {
	mc, L := e.mc, e.errL
	P := len(f.g.Outs)
	r := f.region + uint32(e.nn)
	dk := func(k int) uint32 { return r + uint32(k) }
	borrow, t, c0, c1, nz := r+uint32(L), r+uint32(L)+1, r+uint32(L)+3, r+uint32(L)+4, r+uint32(L)+5
	x := func(k int) uint32 {
		switch {
		case k < P:
			return f.slot[f.g.Outs[k]]
		case e.d.Signed:
			return f.slot[f.g.Outs[P-1]]
		}
		return e.zeroSlot
	}
	y := func(k int) uint32 { return e.exSlot + uint32(min(k, mc.eBits-1)) }
	code := f.code
	add := func(op sim.Op, dst, a, b, c uint32) {
		code = append(code, sim.Instr{Op: op, Dst: dst, A: a, B: b, C: c})
	}
	xorxor := sim.FusedOp(sim.OpXor, sim.OpXor)
	xorAnd := sim.FusedOp(sim.OpXor, sim.OpAnd)
	orOr := sim.FusedOp(sim.OpOr, sim.OpOr)
	// d0 = x0 ^ y0, borrow = y0 &^ x0.
	add(sim.OpXor, dk(0), x(0), y(0), 0)
	add(sim.OpAndNot, borrow, y(0), x(0), 0)
	for k := 1; k < L-1; k++ {
		// t = x ^ y; d = t ^ borrow; borrow = t ? y : borrow (x != y
		// borrows exactly when y = 1; x == y passes the borrow on).
		add(sim.OpXor, t, x(k), y(k), 0)
		add(sim.OpXor, dk(k), t, borrow, 0)
		add(sim.OpMux, borrow, t, borrow, y(k))
	}
	s := dk(L - 1)
	add(xorxor, s, x(L-1), y(L-1), borrow)
	if mc.metric == EP {
		// EP reads only nz = OR of the planes of e.
		add(sim.OpOr, nz, dk(0), dk(1), 0)
		for k := 2; k < L; k += 2 {
			add(orOr, nz, nz, dk(k), dk(min(k+1, L-1)))
		}
		f.code = code
		return
	}
	// |e|: a_k = d_k ^ s ^ carry, carry' = (d_k ^ s) & carry, carry0 = s.
	// Bit 0: a_0 = d_0, carry1 = (d_0 ^ s) & s.
	add(xorAnd, c0, dk(0), s, s)
	for k := 1; k < L-1; k++ {
		if k < L-2 {
			add(xorAnd, c1, dk(k), s, c0)
		}
		add(xorxor, dk(k), dk(k), s, c0)
		c0, c1 = c1, c0
	}
	if mc.metric == MRE {
		// nz = OR of the |e| planes (MAE and WCE read only the |e| planes).
		add(sim.OpOr, nz, dk(0), dk(min(1, L-2)), 0)
		for k := 2; k < L-1; k += 2 {
			add(orOr, nz, nz, dk(k), dk(min(k+1, L-2)))
		}
	}
	f.chg = e.wordRel != nil && e.wordOK
	if f.chg {
		// chg = OR over the outputs of (offspring ^ parent), only the
		// outputs read from another slot than the parent's.
		chg := nz + 1
		xorOr := sim.FusedOp(sim.OpXor, sim.OpOr)
		first := true
		for k, src := range f.g.Outs {
			if s := f.slot[src]; s != e.pouts[k] {
				if first {
					add(sim.OpXor, chg, s, e.pouts[k], 0)
					first = false
				} else {
					add(xorOr, chg, s, e.pouts[k], chg)
				}
			}
		}
		if first {
			add(sim.OpConst0, chg, 0, 0, 0)
		}
	}
	f.code = code
}

// accept makes offspring f the parent: its recomputed planes move to the
// parent slots and the validity of every node is updated.
func (e *evaluator) accept(f *offspring) {
	ni := int32(e.ni)
	// A node's parent plane stays valid when it was valid, its genes are
	// unchanged and none of its inputs changed; recomputed nodes become
	// valid. changed[i] = recomputed or invalidated.
	for i := range e.nn {
		nd := &f.g.Nodes[i]
		if f.active[i] && f.need[i] {
			if nd.Fn != circuits.Buf {
				e.copySlot(uint32(e.ni+i), f.region+uint32(i))
			}
			e.valid[i] = true
			continue
		}
		ok := e.valid[i] && !f.mutated[i]
		for k := 0; k < nd.Fn.Arity() && ok; k++ {
			if s := nd.In[k]; s >= ni && (!e.valid[s-ni] || (f.active[s-ni] && f.need[s-ni])) {
				ok = false
			}
		}
		e.valid[i] = ok
	}
	e.parent.Nodes = append(e.parent.Nodes[:0], f.g.Nodes...)
	e.parent.Outs = append(e.parent.Outs[:0], f.g.Outs...)
	e.resolveParent()
	copy(e.pact, f.active)
	e.pvalue, e.pcost, e.pfeasible = f.value, f.cost, f.feasible
	if e.wordRel != nil && f.simulated {
		// An offspring that was not simulated has the parent's
		// function: the word figures stay. A stopped sum is never
		// accepted by the runner (it is infeasible under a feasible
		// parent); if it were, the figures are dropped.
		copy(e.wordRel, f.wordRel)
		e.wordOK = !f.stopped
	}
}

// resolveParent recomputes pslot and pouts from the parent genome.
func (e *evaluator) resolveParent() {
	for i, nd := range e.parent.Nodes {
		if nd.Fn == circuits.Buf {
			e.pslot[e.ni+i] = e.pslot[nd.In[0]]
		} else {
			e.pslot[e.ni+i] = uint32(e.ni + i)
		}
	}
	e.pouts = e.pouts[:0]
	for _, s := range e.parent.Outs {
		e.pouts = append(e.pouts, e.pslot[s])
	}
}

// setParent evaluates g from scratch (every plane recomputed) and makes
// it the parent.
func (e *evaluator) setParent(g *Genome) error {
	e.parent = g.Clone()
	e.wordOK = false
	e.pfeasible = false // no early stop: the exact figure
	clear(e.valid)
	clear(e.pact)
	e.resolveParent()
	f := e.offs[0]
	f.g.Nodes = append(f.g.Nodes[:0], g.Nodes...)
	f.g.Outs = append(f.g.Outs[:0], g.Outs...)
	clear(f.mutated)
	// Force a simulation: no plane is valid, so every active node is
	// recomputed; an all-constant circuit without active nodes is still
	// scored because pouts holds no valid slot yet.
	for k := range e.pouts {
		e.pouts[k] = math.MaxUint32
	}
	e.evaluate(f)
	if f.err != nil {
		return f.err
	}
	e.accept(f)
	return nil
}

// parentCandidate returns the parent as its Objective sees it.
func (e *evaluator) parentCandidate() Candidate {
	var act []int
	for i, a := range e.pact {
		if a {
			act = append(act, i)
		}
	}
	return Candidate{Genome: e.parent, Active: act, Plane: func(src int) []uint64 { return e.plane(e.pslot[src], nil) }}
}
