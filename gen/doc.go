// Package gen turns multiplier netlists into characterised circuits and
// library bundles.
//
// Load reads a netlist with multiplier semantics (input ports A and B, one
// output port); Characterise simulates it exhaustively, or on a seeded
// uniform sample above 24 operand bits, and accumulates its error metrics;
// VerifyExact and VerifyEquivalent prove it equal to exact multiplication
// or to a reference netlist (through a miter) and return counterexamples;
// CheckClaims compares published header figures with measured metrics.
// Build writes a library bundle (index.json with metrics, published figures
// and file paths; error maps, int8-domain maps and TorchApprox LUTs as
// .npy) from a folder of netlists or from the built-in generators of
// gen/param, with estimated area, delay and power (est_*) when given a
// Liberty library; OpenBundle reads one back, and Bundle.Library and
// EvoApproxLibrary serve it to package selection, by a published, computed
// or estimated metric, or per layer by the power each candidate draws on
// that layer's operand distributions (Library.EnableLayerPower).
//
// Conventions: operands and products are two's complement when the circuit
// is signed, else unsigned; e = approximate - exact. Signedness comes from
// the EvoApprox naming rule (mulNs_* signed; mulNu_*, mulNxMu_* and mul8_*
// unsigned; other names unsigned) unless the caller forces it. Truth tables
// are indexed by b<<ABits | a with raw output bit patterns; error maps and
// LUTs follow package errmap's layouts; a bundle built for activations on
// port B (BuildOptions.ActivationPort) stores them transposed and records
// it in its index, and Bundle reads them back with rows = port A. Bundles
// are written into a temporary folder and renamed into place, and the same
// input gives a byte-identical index.
package gen
