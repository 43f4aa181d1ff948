// Package param generates structural Verilog netlists of parametric
// approximate multipliers (accurate array, truncated, broken-array, DRUM and
// Mitchell), each with an arithmetic behavioural model.
//
// # Circuits
//
// A Spec names one n x m multiplier (2 <= n, m <= 16), unsigned or signed.
// Spec.Verilog writes it as a module named Spec.Name with ports
//
//	input [n-1:0] A; input [m-1:0] B; output [n+m-1:0] O;
//
// and a body in the style of the EvoApprox library: single-bit wires
// sig_0, sig_1, ... numbered in topological order, one `assign` per gate
// with exactly one operator among &, |, ^ (two bit operands) and ~ (one
// operand), then one `assign O[i] = ...;` per output bit (a wire, an input
// bit, 1'b0 or 1'b1). Gate operands are never constants: the generator
// folds constants and shares identical gates, and drops gates no output
// depends on. The text is deterministic (the same bytes on every run).
//
// Spec.Model returns a behavioural model func(a, b int64) int64 computed
// arithmetically from the definitions below, independently of the gates.
// Unsigned operands are 0 <= a < 2^n; signed ones are two's complement,
// -2^(n-1) <= a < 2^(n-1), and the model reads the n+m output bits as two's
// complement. Every result is the approximate product modulo 2^(n+m)
// (reduced into the output's range), exactly as the circuit computes it.
//
// # Partial products and signedness
//
// The array families (array, trunc, bam) add partial-product bits
// p(i,j) = A[i] & B[j] of weight 2^(i+j), column i+j, row j (the bit of B).
// Signed operands use the modified Baugh-Wooley form: p(i,j) is inverted
// (a NAND) when exactly one of i = n-1, j = m-1 holds, and the constant
// 2^(n-1) + 2^(m-1) + 2^(n+m-1) (modulo 2^(n+m)) is added, which makes the
// sum the exact two's complement product. The constant's bits count as
// bits of their columns when columns are dropped.
//
// The bits are summed by a carry-save array: the constant's bits seed the
// sum vector, then for each row j in turn every column holding three bits
// (the new partial product, the sum and the carry) gets a full adder, every
// column holding two a half adder, carries moving one column left; a
// ripple-carry adder merges the last sum and carry vectors. Columns at and
// above n+m are discarded.
//
// The log-based families (drum, mitchell) are unsigned cores. Their signed
// versions wrap the core in sign-magnitude conversion: the magnitudes |a|
// and |b| (n and m bits; conditional two's complement negation (x^s)+s with
// half adders, so -2^(n-1) has magnitude 2^(n-1)) feed the unsigned core,
// whose n+m-bit result is negated when the signs differ. This is exact
// sign-magnitude, not the one's complement shortcut of the DRUM reference
// Verilog.
//
// # Families
//
// array (FamilyArray, no parameters, names mulNu_exact, mulNs_exact): the
// accurate array multiplier above. Its output equals a*b.
//
// trunc (FamilyTrunc, parameters k in 0..n+m and corrected in {0, 1},
// names mulNu_trunc<k> and mulNu_trunc<k>c): the partial-product bits (and
// signed constant bits) of the k least significant columns are dropped, so
// output bits 0..k-1 are 0. With corrected = 1 a correction constant C is
// added: the expected value of the dropped bits when all operand bits are
// independent and uniform (1/4 per AND bit, 3/4 per NAND bit, plus the
// dropped constant bits), rounded half up to a multiple of 2^k, so that the
// low k output bits stay 0. For 8x8 unsigned, C = 0, 0, 8, 16, 32, 64, 256,
// 512 for k = 1..8 (the dropped value averages 448.25 for k = 8).
// Without correction the error is one-sided (the result never exceeds the
// exact product for unsigned operands).
//
// bam (FamilyBAM, parameters h in 0..m and v in 0..n+m, names
// mulNu_bam_h<h>v<v>): the broken-array multiplier of Mahdiani et al.
// (IEEE TCAS-I 57(4), 2010), read as in ArithsGen, the generator of the
// EvoApprox authors: the carry-save cells of the h least significant rows
// are omitted (the partial products of B[0..h-1] are dropped: horizontal
// break level h) and so are
// the cells of the v least significant columns (every bit of column i+j < v
// is dropped: vertical break level v). A bit p(i,j) is kept iff j >= h and
// i+j >= v; signed constant bits are kept iff their column >= v. The
// remaining cells add the kept bits exactly, so the output is their sum.
// BAM(0, k) equals trunc k without correction. The EvoApprox v2022
// circuits mul8s_1KV8, mul8s_1KV9 and mul8s_1KVA compute exactly our
// signed BAM(0, 2), BAM(0, 3) and BAM(0, 4) on all 2^16 pairs, and
// mul12u_2BV and mul12s_2PS agree with the 12x12 BAM(0, 6) (unsigned) and
// BAM(0, 3) (signed) on 50000 random pairs; the published MAE, WCE, EP,
// MRE and MSE of the three 8-bit ones and of mul12u_2BV are reproduced by
// the tests from our models.
//
// drum (FamilyDRUM, parameter k in 3..max(n, m), names mulNu_drum<k>): the
// dynamic range unbiased multiplier of Hashemi, Bahar and Reda (ICCAD
// 2015). For each unsigned operand x: if x < 2^k the k low bits are used
// unchanged with shift 0; otherwise, with t the position of the leading
// one, the segment is bits t..t-k+2 of x followed by a forced 1 (the
// unbiasing bit) and the shift is t-k+1. The two segments are multiplied by
// an exact array multiplier (k x k, or narrower for operands of fewer than
// k bits) and the product is shifted left by the sum of the shifts. For
// 16x16 unsigned operands DRUM(6) has a mean relative error of 1.4676%
// over all nonzero pairs, the 1.47% the paper publishes (checked by the
// tests). Gates: a leading-one detector (one-hot) per operand, AND-OR
// selection of the segment bits, a priority encoder of the shift, a ripple
// adder of the two shifts and a logarithmic barrel shifter (one row of
// 2-to-1 multiplexers per shift bit).
//
// mitchell (FamilyMitchell, no parameters, names mulNu_mitchell): Mitchell's
// logarithmic multiplier (IRE Trans. Electronic Computers, 1962). For
// x = 2^kx (1 + fx) and y = 2^ky (1 + fy), with fractions of
// F = max(n, m) - 1 bits, the product is 2^(kx+ky) (1 + fx + fy) when
// fx + fy < 1 and 2^(kx+ky+1) (fx + fy) otherwise, truncated to an integer;
// 0 when an operand is 0. Gates: leading-one detector and priority encoders
// (characteristic and normalising shift), a barrel shifter normalising each
// operand, a fraction adder whose carry enters the characteristic adder,
// and a barrel shifter for the antilogarithm.
//
// # Names
//
// Names follow EvoApprox: mul<n><u|s>_... for n = m, mul<n>x<m><u|s>_...
// otherwise. Builtin lists the 8x8 built-in library in a fixed order.
package param
