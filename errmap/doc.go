// Package errmap computes error maps, error metrics and statistical error
// models of approximate multipliers.
//
// Conventions that hold throughout the package:
//
//   - The error of a product is e = approx - exact.
//   - Signed multipliers use two's complement operands and outputs.
//   - An ErrorMap is row-major: row = A operand, column = B operand, both in
//     ascending numerical order (signed: from -2^(bits-1)). Truth tables from
//     the simulator are indexed by bit patterns, raw[b<<aBits | a].
//   - In the int8 domain of agnapprox/TorchApprox, A is the activation x and
//     B the weight w, both in -128..127. A signed 8x8 multiplier is used as
//     it is; an unsigned 8x8 multiplier M is used sign-magnitude,
//     approx(x, w) = s(x)·s(w)·M(|x|, |w|), |-128| = 128, s(v) = -1 for
//     v < 0 and +1 otherwise.
//   - A Dist is indexed by value+128.
//
// # Metrics
//
// Over all operand pairs (N = 2^(aBits+bBits) for a full map):
//
//	MAE  = Σ|e| / N                 MSE  = Σe² / N
//	WCE  = max |e|                  EP%  = 100 · #{e != 0} / N
//	MAE% = 100 · MAE / 2^(aBits+bBits)
//	WCE% = 100 · WCE / 2^(aBits+bBits)
//	Mean = Σe / N                   Std  = sqrt(Σe²/N - Mean²)  (ddof 0)
//	MRE% = 100 · mean of |e|/|exact|
//	WCRE% = 100 · max of |e|/|exact|
//
// These definitions reproduce the published figures (published_test.go,
// circuits simulated with circuits/sim): EvoApproxLib v2022 uses
// ExcludeZero, and MAE% and WCE% divide by 2^(aBits+bBits) (245 circuits
// with at most 16 input bits); EvoApprox8b uses DivideByMaxOne (all 505
// circuits; its MAE and MRE were computed in single precision).
//
// Sums of e, |e| and e² are exact 128-bit integers; Mean, MSE and Std are
// derived from them in exact rational arithmetic and rounded once.
// ZeroExact selects how MRE and WCRE treat pairs with exact = 0:
// ExcludeZero skips them (MRE divides by the number of pairs with exact != 0),
// DivideByMaxOne uses |e| / max(1, |exact|) and divides by N.
//
// # File layouts (.npy, numpy format, readable with np.load without pickle)
//
// Error map (ErrorMap.WriteNPY, ReadNPY): dtype '<i4', shape
// [2^aBits, 2^bBits], fortran_order False; element [i, j] is the error of
// A = lo_A + i and B = lo_B + j, where lo is 0 for unsigned operands and
// -2^(bits-1) for signed ones.
//
// LUT (ErrorMap.WriteLUT, ReadLUT), TorchApprox's layout: dtype '<i4', shape
// [256, 256]; element [i, j] is the approximate product of the int8 operands
// whose uint8 bit patterns are i and j, i.e. operand value i for i < 128 and
// i - 256 otherwise.
//
// Files are written atomically (temporary file in the same directory, then
// rename), as .npy version 1.0 with the data 64-byte aligned
// (WriteInt32NPY). ReadTensor and the readers built on it take versions
// 1.0-3.0, integer and float dtypes of either byte order, C or Fortran
// order (transposed to C order on reading), and any header numpy accepts
// (keys in any order, optional trailing comma, "()" for 0-d arrays); they
// open regular files only.
//
// # Error models
//
// SingleDist, MonteCarlo and Population.Predict follow agnapprox
// (Trommer et al., arXiv 2208.07265, utils/error_stats.py): they return the
// mean and the standard deviation of the error of one multiplication, where
// the standard deviation already carries the 1/sqrt(fanIn) reduction of
// averaging fanIn products; multiply std by fanIn to get the error standard
// deviation of a neuron output. Population.Predict computes agnapprox's
// per-sample aggregation exactly (to rounding) from a per-layer Gram matrix
// of the sample histograms, at a cost independent of the sample count.
// Unsigned 8x8 maps are converted to the int8 domain once per map (see
// ErrorMap.Int8).
package errmap
