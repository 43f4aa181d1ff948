// Package lutgemm computes the exact outputs of a layer whose products go
// through an approximate multiplier's lookup table (LUT-GEMM).
//
// Conventions that hold in the package:
//
//   - A table has 65536 int32 entries in TorchApprox's layout:
//     table[uint8(x)<<8 | uint8(w)] is the value for the int8 activation x
//     and weight w (an approximate product, or an error approx - exact).
//   - Operands are row-major: x is [rows, K] (one row per output position),
//     w is [K, J] (one column per output channel), and the result is
//     [rows, J] with dst[i*J+j] = Σ_k table[x[i*K+k], w[k*J+j]].
//   - Sums are exact: the kernels accumulate in int32 over blocks of k short
//     enough that no partial sum can overflow (given the table's largest
//     magnitude) and add the blocks in int64. The result does not depend on
//     the kernel or the number of workers.
//
// Kernels: a plain Go kernel ("generic") is always present; on amd64,
// "avx2" (VPGATHERDD, 8 columns per gather) and "avx512" (16 columns per
// gather) are added when the CPU has them. The kernel in use is the one
// named like circuits/sim's current kernel (sim.SetKernel, else the
// AXMUL_KERNEL environment variable, else the fastest), or the fastest
// LUT kernel when there is none of that name.
package lutgemm
