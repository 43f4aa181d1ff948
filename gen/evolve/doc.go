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
package evolve
