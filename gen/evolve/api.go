package evolve

import "github.com/axmul/axmul/circuits"

// Node is one CGP node: a gate of kind Fn reading Fn.Arity() sources.
// Source s < Genome.NumInputs() is primary input s (A bits LSB first,
// then B bits); source NumInputs()+i is the output of node i, with i below
// the reading node's index and within Genome.LevelsBack of it. Input genes
// beyond the arity are kept (they matter again when a mutation changes
// Fn) but not read.
type Node struct {
	Fn circuits.Kind
	In [3]int32
}

// Genome is a CGP individual: one row of nodes, and Outs[k] the source of
// output bit k (weight 2^k).
type Genome struct {
	// ABits and BBits are the operand widths; Signed selects two's
	// complement operands and product.
	ABits, BBits int
	Signed       bool
	// LevelsBack bounds how far back a node may read: node i reads
	// primary inputs or nodes i-LevelsBack..i-1.
	LevelsBack int
	Nodes      []Node
	Outs       []int32
}

// NumInputs returns ABits + BBits, the number of primary-input sources.
func (g *Genome) NumInputs() int { return g.ABits + g.BBits }

// Domain is the set of operand pairs candidates are simulated on, in
// bit-sliced form: pair p is bit p%64 of word p/64 of every plane.
// Exhaustive domains hold every pair, p = b<<ABits | a (raw bit patterns,
// the numbering of circuits/sim); a weighted domain holds the listed pairs
// in the given order, each with a probability weight.
type Domain struct {
	ABits, BBits int
	Signed       bool
	// A and B are the raw operand patterns of pair p (nil for an
	// exhaustive domain, whose pairs follow from p).
	A, B []uint32
	// Weight is the probability of pair p (nil: uniform over the pairs).
	Weight []float64
	// Pairs is the number of pairs, Words = ceil(Pairs/64).
	Pairs, Words int
}

// A Constraint measures a candidate's error from its output bit-planes on
// its Domain: outs[k][j] holds output bit k of pairs 64j..64j+63 (bits
// past Pairs are zero). The candidate is feasible when Value <= Max.
// Value must be a pure function of outs (the same bits give the same
// float64) and safe for concurrent calls on different outs.
type Constraint interface {
	// Name is a short description, e.g. "mae <= 12" or "layer conv2 std <= 388.5".
	Name() string
	Domain() *Domain
	Max() float64
	Value(outs [][]uint64) float64
}

// Candidate is what an Objective sees of an evaluated genome: its active
// nodes (indices into Genome.Nodes, in evaluation order) and the bit-plane
// of every source on the constraint's Domain (Plane(s), s as in Node.In;
// each call returns a fresh copy of Domain.Words words, bits past Pairs
// zero). Plane is valid only during the Cost call.
type Candidate struct {
	Genome *Genome
	Active []int
	Plane  func(src int) []uint64
}

// An Objective is the cost the evolution minimises among feasible
// candidates (lower is better), e.g. active gates, area or power. Cost
// must depend only on the candidate's active nodes, outputs and planes
// (an offspring whose active circuit equals its parent's inherits the
// parent's cost without a call) and be safe for concurrent calls; Run
// calls it only for feasible candidates.
type Objective interface {
	Name() string
	Cost(c Candidate) float64
}
