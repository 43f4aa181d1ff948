// Command asm generates the AVX2 statistics kernels and the AVX-512 metrics
// kernels of package errmap with avo:
//
//	go generate ./errmap
//
// runs it (see the go:generate line in kernels_amd64.go) and rewrites
// kernels_amd64.s and kernels_stubs_amd64.go.
//
// Each kernel is a sum of n products, kept in 16 partial sums: product i
// goes to partial sum i mod 16 for i < n &^ 15, held as four vectors of
// four float64 lanes (vector r, lane l = partial sum 4r+l). The partial sums
// are combined in a fixed order,
//
//	t[l] = (p[l] + p[4+l]) + (p[8+l] + p[12+l])
//	s    = (t[0] + t[2]) + (t[1] + t[3])
//
// and the remaining n mod 16 products are added to s one at a time. Every
// product is rounded before it is added (VMULPD then VADDPD, no FMA), so
// the generic Go kernels, which follow the same order, give the same bits.
//
// mcSumAVX2 draws Monte Carlo pairs 8 at a time (see kernels_mc.go): lane
// l holds the 32-bit counter g0+8j+l, hashed twice with fmix32 (VPMULLD)
// under each operand's key; the alias-table draw gathers the bucket's
// threshold and alias (VPGATHERDD) and blends; a third gather fetches the
// 8 errors, which are sign-extended and summed in four 64-bit lanes. The
// sums are exact, so any order gives the generic kernel's result.
//
// chunkAVX512 (AVX-512 F+DQ+VL) adds 8 pairs per iteration to a chunkOut
// (see chunkLanesGeneric): lane l of every vector holds pair 8j+l. The
// integer figures are kept in 8 lanes and summed (or min/max-reduced) at the
// end, exact in any order; the relative errors |e|/|exact| are divided in
// eight lanes (VCVTQQ2PD, VDIVPD zeroing the lanes with exact 0) and added
// to the lane sums o.rel in index order, so the lanes get the bits the
// generic kernel's lanes get. outputsAVX512 is the same loop for exhaustive
// sweeps: the exact product of each lane is computed from the combined
// index (VPANDQ, VPSRLVQ, sign extension by VPSLLVQ/VPSRAVQ, VPMULLQ) and
// the approximate one is the raw output, sign-extended when signed.
package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

var acc = []VecPhysical{Y0, Y1, Y2, Y3}

// reduce combines the four accumulators into X0 (lane 0) in the documented
// order and clears the upper halves of all vector registers.
func reduce() {
	VADDPD(Y1, Y0, Y0)
	VADDPD(Y3, Y2, Y2)
	VADDPD(Y2, Y0, Y0)
	VEXTRACTF128(Imm(1), Y0, X1)
	VADDPD(X1, X0, X0)
	VUNPCKHPD(X0, X0, X1)
	VZEROUPPER()
	ADDSD(X1, X0)
}

// kernel emits one kernel. body16 loads the 16 products of block i (i
// counts elements from the start, in index register idx) into Y4..Y7;
// tail1 leaves product idx in X4.
func kernel(name, sig, doc string, a, b string, setup func(), body16 func(idx GPPhysical), tail1 func(idx GPPhysical)) {
	TEXT(name, NOSPLIT, sig)
	Pragma("noescape")
	Doc(doc)
	Load(Param(a).Base(), RSI)
	Load(Param(b).Base(), RDI)
	Load(Param(a).Len(), RCX)
	setup()
	for _, y := range acc {
		VXORPD(y, y, y)
	}
	XORQ(RAX, RAX)
	MOVQ(RCX, RDX)
	ANDQ(I8(-16), RDX)
	JZ(LabelRef(name + "_reduce"))
	Label(name + "_loop16")
	body16(RAX)
	VADDPD(Y4, Y0, Y0)
	VADDPD(Y5, Y1, Y1)
	VADDPD(Y6, Y2, Y2)
	VADDPD(Y7, Y3, Y3)
	ADDQ(Imm(16), RAX)
	CMPQ(RAX, RDX)
	JB(LabelRef(name + "_loop16"))
	Label(name + "_reduce")
	reduce()
	CMPQ(RAX, RCX)
	JAE(LabelRef(name + "_done"))
	Label(name + "_loop1")
	tail1(RAX)
	ADDSD(X4, X0)
	INCQ(RAX)
	CMPQ(RAX, RCX)
	JB(LabelRef(name + "_loop1"))
	Label(name + "_done")
	Store(X0, ReturnIndex(0))
	RET()
}

// laneIota holds the 64-bit values 0..7.
var laneIota Mem

// bitSel holds the 64-bit values 1, 2, 4, 8 (relWordAVX2's lane masks).
var bitSel Mem

// Word offsets of the chunkOut fields (errmap/metrics_block.go).
const (
	oMinE = iota
	oMaxE
	oSumAbs
	oSumE
	oSqLo
	oSqHi
	oErrCount
	oZeroCnt
	oNzZero
	oSumAbs0
	oMaxAbs0
	oMaxRel
	oRel // 8 words
)

// reduceInto folds the 8 lanes of z into lane 0 with op (first operand the
// other half, as in VPADDQ(src, x, x)), combines that with the word at
// o+8*field and stores the result there. scratch is a free Z register.
func reduceInto(z, scratch VecPhysical, field int, op func(a, b, c Op)) {
	y, x := z.AsY(), z.AsX()
	ys, xs := scratch.AsY(), scratch.AsX()
	VEXTRACTI64X4(Imm(1), z, ys)
	op(ys, y, y)
	VEXTRACTI64X2(Imm(1), y, xs)
	op(xs, x, x)
	VPSHUFD(Imm(0x4e), x, xs)
	op(xs, x, x)
	m := Mem{Base: RDX, Disp: 8 * field}
	VMOVQ(m, xs)
	op(xs, x, x)
	VMOVQ(x, m)
}

// Registers of the chunk kernels.
var (
	ex, ap, e, ae, sq, t, fx, fe, r = Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8
	minE, maxE, sumAbs, sumE        = Z10, Z11, Z12, Z13
	sqLo, sqHi, errCnt, zeroCnt     = Z14, Z15, Z16, Z17
	nzZero, sumAbs0, maxAbs0        = Z18, Z19, Z20
	maxRel, rel, one, mask32        = Z21, Z22, Z23, Z24
	// outputsAVX512 only: the 8 indices, the step 8, the mask of A and
	// the shift counts.
	idx, eight, maskA, shA, shB, shO, nA = Z25, Z26, Z27, Z28, Z29, Z30, Z31
)

// chunkKernel emits one chunk kernel: setup loads its arguments (o into
// RDX, the pair count into RCX) and pairs leaves the 8 pairs of iteration
// RAX (pair index) in ex and ap.
func chunkKernel(name, sig string, doc []string, setup, pairs func()) {
	TEXT(name, NOSPLIT, sig)
	Pragma("noescape")
	Doc(doc...)
	setup()
	for _, z := range []VecPhysical{sumAbs, sumE, sqLo, sqHi, errCnt, zeroCnt, nzZero, sumAbs0, maxAbs0, maxRel} {
		VPXORQ(z, z, z)
	}
	MOVQ(U64(0x7fffffffffffffff), RAX)
	VPBROADCASTQ(RAX, minE)
	NOTQ(RAX)
	VPBROADCASTQ(RAX, maxE)
	MOVQ(U64(1), RAX)
	VPBROADCASTQ(RAX, one)
	MOVQ(U64(0xffffffff), RAX)
	VPBROADCASTQ(RAX, mask32)
	VMOVUPD(Mem{Base: RDX, Disp: 8 * oRel}, rel)
	XORQ(RAX, RAX)
	Label("chunk_loop")
	pairs()
	VPSUBQ(ex, ap, e) // e = approx - exact
	VPMINSQ(e, minE, minE)
	VPMAXSQ(e, maxE, maxE)
	VPABSQ(e, ae)
	VPADDQ(ae, sumAbs, sumAbs)
	VPADDQ(e, sumE, sumE)
	VPMULUDQ(ae, ae, sq) // exact while |e| < 2^32 (else the chunk is redone)
	VPANDQ(mask32, sq, t)
	VPADDQ(t, sqLo, sqLo)
	VPSRLQ(Imm(32), sq, sq)
	VPADDQ(sq, sqHi, sqHi)
	VPTESTMQ(e, e, K1)    // e != 0
	VPTESTNMQ(ex, ex, K2) // exact == 0
	VPTESTMQ(ex, ex, K4)  // exact != 0
	KANDB(K1, K2, K3)     // e != 0 and exact == 0
	VPADDQ(one, errCnt, K1, errCnt)
	VPADDQ(one, zeroCnt, K2, zeroCnt)
	VPADDQ(one, nzZero, K3, nzZero)
	VPADDQ(ae, sumAbs0, K3, sumAbs0)
	VPMAXUQ(ae, maxAbs0, K3, maxAbs0)
	VPABSQ(ex, fx)
	VCVTQQ2PD(fx, fx)
	VCVTQQ2PD(ae, fe)
	VDIVPD_Z(fx, fe, K4, r) // |e|/|exact|, 0 where exact == 0
	VMAXPD(r, maxRel, maxRel)
	VADDPD(r, rel, rel)
	ADDQ(Imm(8), RAX)
	CMPQ(RAX, RCX)
	JB(LabelRef("chunk_loop"))

	VMOVUPD(rel, Mem{Base: RDX, Disp: 8 * oRel})
	reduceInto(minE, t, oMinE, func(a, b, c Op) { VPMINSQ(a, b, c) })
	reduceInto(maxE, t, oMaxE, func(a, b, c Op) { VPMAXSQ(a, b, c) })
	add := func(a, b, c Op) { VPADDQ(a, b, c) }
	reduceInto(sumAbs, t, oSumAbs, add)
	reduceInto(sumE, t, oSumE, add)
	reduceInto(sqLo, t, oSqLo, add)
	reduceInto(sqHi, t, oSqHi, add)
	reduceInto(errCnt, t, oErrCount, add)
	reduceInto(zeroCnt, t, oZeroCnt, add)
	reduceInto(nzZero, t, oNzZero, add)
	reduceInto(sumAbs0, t, oSumAbs0, add)
	reduceInto(maxAbs0, t, oMaxAbs0, func(a, b, c Op) { VPMAXUQ(a, b, c) })
	reduceInto(maxRel, t, oMaxRel, func(a, b, c Op) { VMAXPD(a, b, c) })
	VZEROUPPER()
	RET()
}

// chunkKernels emits chunkAVX512 (pairs loaded from two slices) and
// outputsAVX512 (exhaustive sweep: the operands follow from the index,
// the approximate product is the raw output, sign-extended when signed).
func chunkKernels() {
	chunkKernel("chunkAVX512", "func(exact, approx []int64, o *[20]uint64)",
		[]string{"chunkAVX512 adds the pairs to o as chunkLanesGeneric does; len(exact) is a",
			"positive multiple of 8 and len(approx) >= len(exact)."},
		func() {
			Load(Param("exact").Base(), RSI)
			Load(Param("approx").Base(), RDI)
			Load(Param("exact").Len(), RCX)
			Load(Param("o"), RDX)
		},
		func() {
			VMOVDQU64(Mem{Base: RSI, Index: RAX, Scale: 8}, ex)
			VMOVDQU64(Mem{Base: RDI, Index: RAX, Scale: 8}, ap)
		})

	// p = {aBits, 2^aBits-1, shift A, shift B, shift O}: the shifts are
	// 64-aBits, 64-bBits, 64-outBits for signed sweeps (sign extension by
	// a left then an arithmetic right shift) and 0 for unsigned ones.
	chunkKernel("outputsAVX512", "func(start uint64, out []uint64, p *[5]uint64, o *[20]uint64)",
		[]string{"outputsAVX512 adds the pairs of an exhaustive sweep to o as",
			"chunkLanesGeneric does on the pairs AddOutputs decodes: out[i] is the",
			"raw output for combined index start+i, a = index mod 2^aBits, b = index",
			">> aBits, each sign-extended by the shifts in p (0 when unsigned).",
			"len(out) is a positive multiple of 8."},
		func() {
			Load(Param("out").Base(), RDI)
			Load(Param("out").Len(), RCX)
			Load(Param("o"), RDX)
			Load(Param("start"), RAX)
			VPBROADCASTQ(RAX, idx)
			VPADDQ(laneIota, idx, idx) // lane l: start + l
			MOVQ(U64(8), RAX)
			VPBROADCASTQ(RAX, eight)
			Load(Param("p"), RSI)
			VPBROADCASTQ(Mem{Base: RSI}, nA)
			VPBROADCASTQ(Mem{Base: RSI, Disp: 8}, maskA)
			VPBROADCASTQ(Mem{Base: RSI, Disp: 16}, shA)
			VPBROADCASTQ(Mem{Base: RSI, Disp: 24}, shB)
			VPBROADCASTQ(Mem{Base: RSI, Disp: 32}, shO)
		},
		func() {
			VMOVDQU64(Mem{Base: RDI, Index: RAX, Scale: 8}, ap)
			VPANDQ(maskA, idx, fx) // a
			VPSRLVQ(nA, idx, fe)   // b
			VPSLLVQ(shA, fx, fx)   // signed: sign-extend a, b and the output;
			VPSRAVQ(shA, fx, fx)   // unsigned sweeps pass shift 0
			VPSLLVQ(shB, fe, fe)
			VPSRAVQ(shB, fe, fe)
			VPSLLVQ(shO, ap, ap)
			VPSRAVQ(shO, ap, ap)
			VPMULLQ(fx, fe, ex) // |a·b| < 2^62: exact
			VPADDQ(eight, idx, idx)
		})
}

func main() {
	ConstraintExpr("amd64,gc,!purego,!noasm")

	laneIota = GLOBL("chunkLaneIota", RODATA|NOPTR)
	for l := range 8 {
		DATA(8*l, U64(l))
	}
	bitSel = GLOBL("relBitSel", RODATA|NOPTR)
	for l := range 4 {
		DATA(8*l, U64(1<<l))
	}
	chunkKernels()

	kernel("dotAVX2", "func(a, b []float64) float64",
		"dotAVX2 returns what dotGeneric returns; len(b) >= len(a).",
		"a", "b", func() {},
		func(idx GPPhysical) {
			for r := range 4 {
				y := []VecPhysical{Y4, Y5, Y6, Y7}[r]
				VMOVUPD(Mem{Base: RSI, Index: idx, Scale: 8, Disp: 32 * r}, y)
				VMULPD(Mem{Base: RDI, Index: idx, Scale: 8, Disp: 32 * r}, y, y)
			}
		},
		func(idx GPPhysical) {
			MOVSD(Mem{Base: RSI, Index: idx, Scale: 8}, X4)
			MULSD(Mem{Base: RDI, Index: idx, Scale: 8}, X4)
		})

	kernel("dotI32AVX2", "func(e []int32, w []float64) float64",
		"dotI32AVX2 returns what dotI32Generic returns; len(w) >= len(e).",
		"e", "w", func() {},
		func(idx GPPhysical) {
			for r, y := range []VecPhysical{Y4, Y5, Y6, Y7} {
				VCVTDQ2PD(Mem{Base: RSI, Index: idx, Scale: 4, Disp: 16 * r}, y)
				VMULPD(Mem{Base: RDI, Index: idx, Scale: 8, Disp: 32 * r}, y, y)
			}
		},
		func(idx GPPhysical) {
			CVTSL2SD(Mem{Base: RSI, Index: idx, Scale: 4}, X4)
			MULSD(Mem{Base: RDI, Index: idx, Scale: 8}, X4)
		})

	// c lives in X8 (scalar) and Y8 (broadcast); VZEROUPPER in reduce keeps
	// the low lane for the scalar tail.
	kernel("sqDevI32AVX2", "func(e []int32, w []float64, c float64) float64",
		"sqDevI32AVX2 returns what sqDevI32Generic returns; len(w) >= len(e).",
		"e", "w", func() {
			Load(Param("c"), X8)
			VBROADCASTSD(X8, Y8)
		},
		func(idx GPPhysical) {
			for r, y := range []VecPhysical{Y4, Y5, Y6, Y7} {
				VCVTDQ2PD(Mem{Base: RSI, Index: idx, Scale: 4, Disp: 16 * r}, y)
				VSUBPD(Y8, y, y)
				VMULPD(y, y, y)
				VMULPD(Mem{Base: RDI, Index: idx, Scale: 8, Disp: 32 * r}, y, y)
			}
		},
		func(idx GPPhysical) {
			CVTSL2SD(Mem{Base: RSI, Index: idx, Scale: 4}, X4)
			SUBSD(X8, X4)
			MULSD(X4, X4)
			MULSD(Mem{Base: RDI, Index: idx, Scale: 8}, X4)
		})

	monteCarlo()
	relWordKernel()

	Generate()
}

// relWordKernel emits relWordAVX2: the relative errors of one word of the
// bit-plane path (see relWord in metrics_planes.go), four pairs per
// vector. Lane l of group g (g = 0..15) is pair v = 4g+l; |e| and |exact|
// (both below 2^52) become float64 exactly by OR-ing their bits into the
// mantissa of 2^52 and subtracting 2^52 (AVX2 has no VCVTQQ2PD); VDIVPD
// divides all 64 pairs and the lanes of pairs without an error are zeroed
// (VANDPD with a mask made from errs) before they reach the maximum and
// the sums. Group g adds to rel[0..3] when even and rel[4..7] when odd, so
// every rel[v mod 8] receives its pairs in order of v, plus exact zeros,
// which leave a sum of non-negative terms unchanged: the generic loop's
// bits. The squares |e|² (VPMULUDQ: |e| < 2^32) of the pairs with an error
// are summed in their low and high 32-bit halves, exact in any order.
func relWordKernel() {
	TEXT("relWordAVX2", NOSPLIT, "func(vals *[64]uint64, errs uint64, ex0 *[4]int64, step int64, rel *[8]float64, maxRel float64, sq *[2]uint64) float64")
	Pragma("noescape")
	Doc("relWordAVX2 divides |e| = vals[v] by |ex0[v mod 4] + (v/4)·step| for the",
		"pairs v set in errs, adds each quotient to rel[v mod 8] in order of v and",
		"returns the largest quotient, at least maxRel (which must be >= 0); it adds",
		"the sums of the low and high 32-bit halves of vals[v]² over those pairs to",
		"sq[0] and sq[1] (vals[v] < 2^32).")
	vals, ex0, rel := RSI, RDI, RDX
	Load(Param("vals"), vals)
	Load(Param("ex0"), ex0)
	Load(Param("rel"), rel)
	var (
		ex, step, magic, zero = Y0, Y1, Y2, Y3
		m, bitsel, relLo      = Y4, Y5, Y6
		relHi, mr, fe, fx     = Y7, Y8, Y9, Y10
		sign, mk              = Y11, Y12
		sqLo, sqHi, mask32    = Y13, Y14, Y15
	)
	VPXOR(sqLo, sqLo, sqLo)
	VPXOR(sqHi, sqHi, sqHi)
	VPCMPEQQ(mask32, mask32, mask32)
	VPSRLQ(Imm(32), mask32, mask32)
	VMOVDQU(Mem{Base: ex0}, ex)
	Load(Param("step"), RAX)
	MOVQ(RAX, X1)
	VPBROADCASTQ(X1, step)
	MOVQ(U64(0x4330000000000000), RAX) // 2^52 as float64
	MOVQ(RAX, X2)
	VPBROADCASTQ(X2, magic)
	VPXOR(zero, zero, zero)
	Load(Param("errs"), RAX)
	MOVQ(RAX, X4)
	VPBROADCASTQ(X4, m)
	VMOVDQU(bitSel, bitsel)
	VMOVUPD(Mem{Base: rel}, relLo)
	VMOVUPD(Mem{Base: rel, Disp: 32}, relHi)
	Load(Param("maxRel"), X8)
	VBROADCASTSD(X8, mr)
	for g := range 16 {
		VMOVDQU(Mem{Base: vals, Disp: 32 * g}, fe)
		VPAND(bitsel, m, mk)
		VPCMPEQQ(bitsel, mk, mk) // lanes whose pair has an error
		VPMULUDQ(fe, fe, fx)
		VPAND(mk, fx, fx)
		VPAND(mask32, fx, sign)
		VPADDQ(sign, sqLo, sqLo)
		VPSRLQ(Imm(32), fx, fx)
		VPADDQ(fx, sqHi, sqHi)
		VPOR(magic, fe, fe)
		VSUBPD(magic, fe, fe) // |e| as float64
		VPCMPGTQ(ex, zero, sign)
		VPXOR(sign, ex, fx)
		VPSUBQ(sign, fx, fx) // |exact|
		VPOR(magic, fx, fx)
		VSUBPD(magic, fx, fx)
		VDIVPD(fx, fe, fe)
		VANDPD(mk, fe, fe)
		VMAXPD(fe, mr, mr)
		if g%2 == 0 {
			VADDPD(fe, relLo, relLo)
		} else {
			VADDPD(fe, relHi, relHi)
		}
		if g < 15 {
			VPADDQ(step, ex, ex)
			VPSRLQ(Imm(4), m, m)
		}
	}
	VMOVUPD(relLo, Mem{Base: rel})
	VMOVUPD(relHi, Mem{Base: rel, Disp: 32})
	Load(Param("sq"), RCX)
	for i, z := range []VecPhysical{sqLo, sqHi} {
		VEXTRACTI128(Imm(1), z, X0)
		VPADDQ(X0, z.AsX(), X0)
		VPSHUFD(Imm(0x4e), X0, X1)
		VPADDQ(X1, X0, X0)
		VMOVQ(X0, RAX)
		ADDQ(RAX, Mem{Base: RCX, Disp: 8 * i})
	}
	VEXTRACTF128(Imm(1), mr, X0)
	VMAXPD(X0, mr.AsX(), X0)
	VUNPCKHPD(X0, X0, X1)
	VZEROUPPER()
	MAXSD(X1, X0)
	Store(X0, ReturnIndex(0))
	RET()
}

// fmix emits the MurmurHash3 finaliser on the 8 lanes of h (t scratch;
// c1 and c2 hold the multipliers).
func fmix(h, t, c1, c2 VecPhysical) {
	VPSRLD(Imm(16), h, t)
	VPXOR(t, h, h)
	VPMULLD(c1, h, h)
	VPSRLD(Imm(13), h, t)
	VPXOR(t, h, h)
	VPMULLD(c2, h, h)
	VPSRLD(Imm(16), h, t)
	VPXOR(t, h, h)
}

// draw emits the alias-table draw of 8 random words in r from the table
// at base (thr at offset 0, alias at offset 1024): r becomes the drawn
// indices. b, t, m and k are scratch.
func draw(base GPPhysical, r, b, t, m, k VecPhysical) {
	VPSRLD(Imm(24), r, b) // bucket
	VPSLLD(Imm(8), r, r)
	VPSRLD(Imm(8), r, r) // low 24 bits
	VPCMPEQD(m, m, m)
	VPXOR(t, t, t)
	VPGATHERDD(m, Mem{Base: base, Index: b, Scale: 4}, t) // thr[bucket]
	VPCMPGTD(r, t, k)                                     // thr > low bits: keep the bucket
	VPCMPEQD(m, m, m)
	VPXOR(r, r, r)
	VPGATHERDD(m, Mem{Base: base, Index: b, Scale: 4, Disp: 1024}, r) // alias[bucket]
	VPBLENDVB(k, b, r, r)
}

// monteCarlo emits mcSumAVX2: 8 pairs per iteration, lane l of iteration
// j drawing pair g0+8j+l (uint32 counters); error sums in 64-bit lanes.
func monteCarlo() {
	TEXT("mcSumAVX2", NOSPLIT, "func(e []int32, tx, tw *[512]uint32, keys *[4]uint32, g0 uint32, n int) int64")
	Pragma("noescape")
	Doc(
		"mcSumAVX2 returns what mcSumGeneric returns for the first n &^ 7 pairs,",
		"with keys = {kx.k0, kx.k1, kw.k0, kw.k1}; e holds 65536 entries.",
	)
	Load(Param("e").Base(), RSI)
	Load(Param("tx"), R8)
	Load(Param("tw"), R9)
	Load(Param("keys"), RDX)
	Load(Param("n"), RCX)
	SHRQ(Imm(3), RCX)
	VPXOR(Y0, Y0, Y0)
	VPXOR(Y1, Y1, Y1)
	JZ(LabelRef("mc_done"))
	VPBROADCASTD(Mem{Base: RDX}, Y10)
	VPBROADCASTD(Mem{Base: RDX, Disp: 4}, Y11)
	VPBROADCASTD(Mem{Base: RDX, Disp: 8}, Y12)
	VPBROADCASTD(Mem{Base: RDX, Disp: 12}, Y13)
	MOVL(U32(0x85ebca6b), EAX)
	MOVD(EAX, X8)
	VPBROADCASTD(X8, Y8)
	MOVL(U32(0xc2b2ae35), EAX)
	MOVD(EAX, X9)
	VPBROADCASTD(X9, Y9)
	MOVL(U32(8), EAX)
	MOVD(EAX, X14)
	VPBROADCASTD(X14, Y14)
	// Y15 = g0 + {0, 1, ..., 7}: broadcast g0, add the lane numbers built
	// from a running sum of ones.
	Load(Param("g0"), EAX)
	MOVD(EAX, X15)
	VPBROADCASTD(X15, Y15)
	MOVL(U32(0x03020100), EAX) // bytes 0..3 as lane numbers, widened below
	MOVD(EAX, X2)
	MOVL(U32(0x07060504), EAX)
	MOVD(EAX, X3)
	VPUNPCKLDQ(X3, X2, X2)
	VPMOVZXBD(X2, Y2)
	VPADDD(Y2, Y15, Y15)

	Label("mc_loop")
	// Activation draw: Y7 = x.
	VPXOR(Y10, Y15, Y7)
	fmix(Y7, Y2, Y8, Y9)
	VPXOR(Y11, Y7, Y7)
	fmix(Y7, Y2, Y8, Y9)
	draw(R8, Y7, Y2, Y3, Y4, Y5)
	// Weight draw: Y6 = w.
	VPXOR(Y12, Y15, Y6)
	fmix(Y6, Y2, Y8, Y9)
	VPXOR(Y13, Y6, Y6)
	fmix(Y6, Y2, Y8, Y9)
	draw(R9, Y6, Y2, Y3, Y4, Y5)
	// e[x<<8 | w], sign-extended into the 64-bit sums.
	VPSLLD(Imm(8), Y7, Y7)
	VPOR(Y6, Y7, Y7)
	VPCMPEQD(Y4, Y4, Y4)
	VPXOR(Y3, Y3, Y3)
	VPGATHERDD(Y4, Mem{Base: RSI, Index: Y7, Scale: 4}, Y3)
	VPMOVSXDQ(X3, Y2)
	VPADDQ(Y2, Y0, Y0)
	VEXTRACTI128(Imm(1), Y3, X3)
	VPMOVSXDQ(X3, Y2)
	VPADDQ(Y2, Y1, Y1)
	VPADDD(Y14, Y15, Y15)
	DECQ(RCX)
	JNZ(LabelRef("mc_loop"))

	Label("mc_done")
	VPADDQ(Y1, Y0, Y0)
	VEXTRACTI128(Imm(1), Y0, X1)
	VPADDQ(X1, X0, X0)
	VPEXTRQ(Imm(1), X0, RAX)
	MOVQ(X0, RBX)
	ADDQ(RBX, RAX)
	VZEROUPPER()
	Store(RAX, ReturnIndex(0))
	RET()
}
