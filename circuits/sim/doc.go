// Package sim evaluates netlists bit-parallel: Compile turns a
// circuits.Netlist into a flat Program of word-wide logic operations that a
// Kernel runs on 64 input vectors per 64-bit word, and Multiplier drives
// such programs over every (or randomly sampled) operand pair of a
// multiplier with ports A, B and O.
//
// # Words and bits
//
// Values are bit-sliced: one uint64 word holds one bit (one net) of 64
// different input vectors, vector v in bit v%64 of word v/64. Program.Eval
// takes and returns such words, one slice per port bit (input ports
// flattened in declaration order, bit 0 of each port first).
//
// # Slots and blocks
//
// A Program works on numbered slots; a block gives each slot W consecutive
// words (W = DefaultBlockWords = 256, fewer when fewer vectors are needed;
// exhaustive runs of at most 2^20 pairs halve W, down to 32, while the state
// exceeds 64 KiB, since they evaluate only a few blocks; sampled runs keep
// 256, which numbers their seeded blocks), laid out slot-major: word j of slot s is state[s*W+j]. Input bit i is written
// to slot i before each run; instructions may reuse an input's slot once it
// is dead, and Program.Outputs names the slot of each output bit. Each
// Instr is an opcode and four uint32 slot numbers (Dst, A, B, C): no
// pointers, so kernels in assembly can walk Program.Code as it is. Dst may
// equal a source; ops are element-wise, so that is safe. Besides the 2-input
// gates, NOT, MUX and constants there are 64 fused 3-input ops (OpFused):
// the compiler merges a 2-input gate read by a single 2-input gate into it,
// and the AVX-512 kernel runs every op as one VPTERNLOGQ with the op's
// 8-bit truth table (Op.TernaryTable).
//
// # Exhaustive index order
//
// For a multiplier with n-bit A and m-bit B, vector i of an exhaustive run
// has A = i mod 2^n and B = i >> n (combined index i = B<<n | A: A bits are
// the low index bits). Inside a word the low six index bits are the fixed
// patterns 0xAAAA..., 0xCCCC..., 0xF0F0..., 0xFF00..., 0xFFFF0000...,
// 0xFFFFFFFF00000000; higher index bits give all-zero or all-one words.
// Results reach the caller as Blocks of decoded integers (raw unsigned bit
// patterns; the caller applies signedness), one sink per worker so that the
// hot path takes no locks; each Block carries its Index, so that sinks can
// reduce per-block partial results in block order and get the same figures
// for any number of workers. Bit-planes are turned into integers with
// masked block-swap transposes, never per-bit loops (the avx512 kernel does
// it in assembly for outputs of up to 32 bits). ExhaustivePlanes hands the
// output bit-planes over undecoded instead (Block.Planes, plane b of word j
// in Planes[b][j]), for sinks that compute on the planes; such a sink may
// still decode a block with Block.DecodeOutputs.
//
// # Specialized programs
//
// Program.Specialize holds some input bits at constants and propagates
// them: instructions whose result becomes a constant, a copy or a
// complement of another value disappear, the rest are rewritten into one
// op each (re-fused where possible), and dead logic goes. Exhaustive runs
// of more than 2^19 pairs use it: index bits 19 and up are constant over
// each run of 2^19 pairs, so every such group of blocks is evaluated by
// the multiplier's program specialized on those bits (for a 12x12
// multiplier B's top 5 bits, which removes 39% of mul12u_332's
// instructions on average; for a 16x16 one 13 of its 32 input bits), made
// once per group by the worker that claims it (workers claim whole
// groups). The outputs are the same bits as without it, so nothing
// downstream depends on it.
//
// # Kernels
//
// Generic (plain Go) is always available; Kernels lists the others this
// build and CPU offer, fastest last: "avx2", and "avx512" when the CPU has
// AVX-512 F, BW, DQ and VL (HasAVX512). The kernel in use is the one chosen by
// SetKernel, else the one named by the AXMUL_KERNEL environment variable
// (an unknown name makes every evaluation fail with an error listing the
// available ones), else the fastest. To add a kernel: implement Kernel in a
// file with a build constraint (e.g. kernels_amd64.go, `//go:build amd64 &&
// gc && !purego && !noasm`), return it from that file's platformKernels
// after checking the CPU once, give kernels_other.go the complementary
// constraint, and make it agree with Op.Eval for every op and every w >= 1
// (the package tests run every test under every kernel).
package sim
