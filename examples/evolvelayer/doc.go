// Command evolvelayer evolves approximate 8x8 unsigned multipliers for the
// layers of a model with package gen/evolve (layer constraint: select's
// predicted output error std <= max_std; objective: estimated power under
// the layer's operands) and compares them with the cheapest EvoApproxLib
// circuit that fits the same layer, as select chooses it with the same
// Liberty library and layer activity. It writes a Markdown table, a JSON
// report, the evolved Verilog files and a Pareto plot per layer.
//
//	go run ./examples/evolvelayer [-model M] [-layers conv2,fc] [-time 5m | -time 0 -generations N] [-runs 2] [-front 0.25,0.5] -out DIR
//
// Per layer, -runs independent (1+4) runs go in parallel (run 0 seeded with
// the cheapest fitting EvoApprox circuit, the others with the exact array
// multiplier); every evolved circuit is written as Verilog, read back and
// simulated again, its predicted std checked against the run's, its power
// and area computed by the exact hw flow and its output error measured
// with selection.Validate. The figures are in the README section
// "Evolved multipliers for a layer".
package main
