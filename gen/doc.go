// Package gen turns multiplier netlists into characterised circuits and
// library bundles: it loads a netlist with multiplier semantics (ports A, B
// and one output), simulates it exhaustively or on a seeded sample, and
// computes the error metrics and error maps that a library bundle stores.
//
// Conventions: operands and products are interpreted as two's complement
// when the circuit is signed, else unsigned; e = approximate - exact.
// Signedness comes from the EvoApprox naming rule (mulNs_* signed,
// mulNu_*, mulNxMu_* and mul8_* unsigned) unless the caller forces it.
// The parametric generators of the built-in library live in gen/param.
package gen
