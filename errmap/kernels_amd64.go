//go:build amd64 && gc && !purego && !noasm

package errmap

import (
	"unsafe"

	"github.com/klauspost/cpuid/v2"
)

//go:generate go run -C _asm . -out ../kernels_amd64.s -stubs ../kernels_stubs_amd64.go -pkg errmap

// platformStatKernels returns the amd64 statistics kernels this CPU
// supports, chosen once at package initialisation: "avx2" when the CPU and
// OS support AVX2 (the sums use AVX instructions and no FMA, so that they
// round like the generic ones; the Monte Carlo draws need AVX2's VPMULLD
// and VPGATHERDD).
func platformStatKernels() []statKernel {
	var ks []statKernel
	if cpuid.CPU.Supports(cpuid.AVX2) {
		ks = append(ks, statKernel{name: "avx2", asm: true})
		// The metrics chunk kernel needs AVX-512 F, DQ (VCVTQQ2PD) and VL;
		// BW is asked for as well, as by every AVX-512 kernel here.
		if cpuid.CPU.Supports(cpuid.AVX512F, cpuid.AVX512BW, cpuid.AVX512DQ, cpuid.AVX512VL) {
			ks = append(ks, statKernel{name: "avx512", asm: true, chunk512: true})
		}
	}
	return ks
}

// The assembly kernels read len(a) (len(e)) elements of both slices; the
// wrappers check the second slice is long enough, panicking like the
// generic kernels otherwise. Inputs here are at most a few thousand
// elements (microseconds), so there is no need to cut calls for
// preemption.

func dotAsm(a, b []float64) float64 { return dotAVX2(a, b[:len(a)]) }

func dotI32Asm(e []int32, w []float64) float64 { return dotI32AVX2(e, w[:len(e)]) }

func sqDevI32Asm(e []int32, w []float64, c float64) float64 {
	return sqDevI32AVX2(e, w[:len(e)], c)
}

// mcSumAsm draws the first n &^ 7 pairs in assembly (8 lanes, about 5 ns
// per pair measured, BenchmarkMonteCarlo) and the rest with mcSumGeneric.
// Callers pass one run's pairs per call, short enough for preemption.
func mcSumAsm(e []int32, tx, tw *aliasTable, kx, kw mcKey, g0 uint32, n int) int64 {
	e = e[:1<<16]
	keys := [4]uint32{kx.k0, kx.k1, kw.k0, kw.k1}
	m := n &^ 7
	s := int64(0)
	if m > 0 {
		s = mcSumAVX2(e, &tx.t, &tw.t, &keys, g0, m)
	}
	return s + mcSumGeneric(e, tx, tw, kx, kw, g0+uint32(m), n-m)
}

// chunkLanesAsm adds len(exact) pairs (a multiple of 8, at most a chunk)
// with the AVX-512 kernel; approx must be as long.
func chunkLanesAsm(exact, approx []int64, o *chunkOut) {
	if len(exact) == 0 {
		return
	}
	chunkAVX512(exact, approx[:len(exact)], (*[20]uint64)(unsafe.Pointer(o)))
}

// The assembly addresses chunkOut as 20 words (offsets in _asm/asm.go).
var _ [0]struct{} = [unsafe.Sizeof(chunkOut{}) - 160]struct{}{}

// outputsAsm adds the len(out) pairs (a multiple of 8) of an exhaustive
// sweep from combined index start with outputsAVX512.
func outputsAsm(start uint64, out []uint64, aBits, bBits int, signed bool, outBits int, o *chunkOut) {
	if len(out) == 0 {
		return
	}
	p := [5]uint64{uint64(aBits), 1<<aBits - 1}
	if signed {
		p[2], p[3], p[4] = uint64(64-aBits), uint64(64-bBits), uint64(64-outBits)
	}
	outputsAVX512(start, out, &p, (*[20]uint64)(unsafe.Pointer(o)))
}

// relWordAsm divides the relative errors of one word of the bit-plane path
// with relWordAVX2 (see relWord).
func relWordAsm(vals *[64]uint64, errs uint64, ex0 *[4]int64, step int64, rel *[8]float64, maxRel float64, sq *[2]uint64) float64 {
	return relWordAVX2(vals, errs, ex0, step, rel, maxRel, sq)
}
