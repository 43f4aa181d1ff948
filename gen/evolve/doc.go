// Package evolve designs approximate multipliers with Cartesian Genetic
// Programming (CGP) on the bit-parallel simulator.
//
// A Genome is a single row of gate nodes over the project's gate set
// (circuits.Kind) with levels-back connectivity and one gene per output
// bit. It is seeded from any multiplier netlist (by default the built-in
// exact 8x8 array multiplier) and evolved by a (1+λ) evolution strategy
// with neutral drift: λ offspring are made by point mutations of node
// functions, connections and output genes; the best offspring whose cost
// is not worse than the parent's replaces it.
//
// A candidate is scored on a Domain of operand pairs (every pair of the
// operand widths, or the pairs a layer's operand distributions make
// possible, with weights): a Constraint decides whether its error is
// acceptable and an Objective says what it costs (gate count, area or
// power). Only the active nodes of a genome are simulated, and only the
// fan-out cone of the mutated nodes is simulated again for an offspring.
//
// Runs are deterministic for a given seed, whatever the number of
// workers, and can be checkpointed and resumed to the same result.
//
// # Genome
//
// Seed turns a netlist with ports A, B and O into a genome: its gates in
// topological order (every circuits.Kind, MUX with three inputs) and spare
// BUF nodes to grow into; LevelsBack is the whole row. Genome.Netlist
// builds the circuit of the active nodes (ports A, B, O; one BUF per
// output bit), which circuits/netio writes and circuits/sim simulates.
//
// # Evolution
//
// Options.Lambda offspring per generation (default 4), each with 1..H
// point mutations (Options.Mutations, default 5), each gene uniform among
// the 4 genes of every node (function, three inputs; a MUX reads all
// three, 2-input gates the first two) and the output genes. A function
// mutation picks another function of Options.Functions (DefaultFunctions:
// AND, OR, XOR, NAND, NOR, XNOR, NOT, BUF, CONST0); a connection mutation
// picks uniformly among the primary inputs and the LevelsBack nodes before
// the node; an output mutation among every source. All draws come from one
// PCG stream (math/rand/v2) in offspring order; offspring are evaluated
// concurrently and compared in order: feasible beats infeasible, then
// lower cost (lower constraint value among infeasible ones), ties to the
// later offspring (neutral drift).
//
// # Evaluation
//
// Bit-planes follow circuits/sim: pair p of the Domain is bit p%64 of word
// p/64. The evaluator keeps the parent's node planes and simulates, for an
// offspring, only the active nodes that were mutated or read a changed
// node, with the circuits/sim kernels (Program.RunState: AXMUL_KERNEL
// applies and every kernel gives the same bits), in blocks of up to 256
// words. An offspring whose active circuit equals its parent's inherits
// the parent's score (Result.Simulated counts the others).
//
// MetricConstraint bounds a generic error metric under uniform operands
// with errmap's definitions, e = approx - exact: MAE (mean |e|) and WCE
// (max |e|) in product units, MRE in percent of |exact| over the pairs
// whose exact product is not 0 (errmap.ExcludeZero), EP in percent of the
// pairs. Its evaluator fast path computes the planes of e and |e| with the
// kernels right after the cone (a borrow chain and a conditional
// negation, about five ops per bit) and reduces them with popcounts
// (MAE, EP), a bit-sliced maximum from the top plane down (WCE) or, for
// MRE on an exhaustive domain with 6..10 A bits, byte tables of 1/|a|
// partial sums per word (1/|exact| = 1/|a|·1/|b|); MRE keeps the
// parent's figure of every 64-pair word and recomputes only the words
// where an output plane changed. Under a feasible parent an offspring's
// WCE or MRE stops once it exceeds the bound (it is rejected whatever its
// value; the parent's and every reported figure are exact).
//
// # Checkpoints
//
// With Options.Checkpoint a run writes, atomically, a JSON file holding
// the parent genome, the PCG state, the counters and a fingerprint of the
// settings (PCG seed, lambda, mutations, function set, constraint and
// objective names, a hash of the seed genome); Resume refuses a checkpoint
// whose fingerprint differs and otherwise ends exactly as the
// uninterrupted run would have.
package evolve
