package errmap

import (
	"fmt"
	"math"
	"unsafe"
)

// chunkLen is the number of pairs the block methods handle at a time: the
// scratch arrays of AddOutputs stay in L1.
const chunkLen = 512

// AddBlock records the pairs (exact[i], approx[i]) as calling Add for each
// i in order would, except for the order in which the relative errors
// |e|/|exact| are summed: every integer figure (counts, Σe, Σ|e|, Σe²,
// extremes) ends the same, and MRE agrees to rounding. It is the fast path
// for simulators that deliver products in blocks, and gives the same bits
// under every kernel, for the same sequence of calls. It panics if the
// slices differ in length.
//
// The pairs are taken in chunks of at most chunkLen that never cross a
// boundary of the relative-error blocks. A chunk kernel (chunkLanesGeneric,
// or chunkAVX512 under the avx512 kernel) adds the first len &^ 7 pairs:
// min e, max e, Σ|e| and Σe in 64 bits and Σe² as two 64-bit sums of its
// 32-bit halves, exact while every |e| of the chunk is below 2^32, which the
// chunk's extreme errors tell afterwards (otherwise Add redoes the chunk
// pair by pair); the relative error of pair i goes to lane i mod 8. The
// lanes are combined by sum8, the remaining pairs added in order, and the
// chunk's sum added to the relative block. Adding the 0 that a pair with
// e = 0 contributes leaves the float sums unchanged, so there is no branch
// on e, and a chunk ends where the relative block would be flushed, if not
// before.
func (acc *Accumulator) AddBlock(exact, approx []int64) {
	if len(exact) != len(approx) {
		panic("errmap: AddBlock: exact and approx differ in length")
	}
	k := currentStatKernel()
	for len(exact) > 0 {
		n := min(len(exact), chunkLen, relBlock-acc.relN)
		addChunk(acc, k, exact[:n], approx[:n])
		exact, approx = exact[n:], approx[n:]
	}
}

// AddOutputs records the pairs of an exhaustive sweep in index order:
// out[i] is the raw outBits-wide output for the operands of combined index
// start+i, a = index mod 2^aBits and b = index >> aBits (raw bit patterns,
// as circuits/sim numbers them). When signed, operands and outputs are
// two's complement. It leaves the accumulator as AddBlock on the decoded
// pairs would (so as Add(a·b, output) for each pair in order, up to the
// order of the relative sum), without the caller materialising operands or
// products; under the avx512 kernel the operands and exact products are
// derived from the index in assembly (outputsAVX512). It panics if outBits is not in 1..64 or the indices run past
// 2^(aBits+bBits).
func (acc *Accumulator) AddOutputs(start uint64, out []uint64, signed bool, outBits int) {
	if outBits < 1 || outBits > 64 {
		panic(fmt.Sprintf("errmap: AddOutputs: output width %d not in 1..64", outBits))
	}
	total := uint64(1) << (acc.aBits + acc.bBits)
	if start > total || uint64(len(out)) > total-start {
		panic(fmt.Sprintf("errmap: AddOutputs: indices %d..%d+%d beyond the %d pairs of a %dx%d multiplier", start, start, len(out), total, acc.aBits, acc.bBits))
	}
	var ex, ap [chunkLen]int64
	k := currentStatKernel()
	for len(out) > 0 {
		n := min(len(out), chunkLen, relBlock-acc.relN)
		e, p := ex[:n], ap[:n]
		if k.chunk512 && n >= 8 {
			// The kernel derives the pairs from the index; only the tail
			// (and a chunk to redo) is decoded here.
			n8 := n &^ 7
			var o chunkOut
			o.reset()
			outputsAsm(start, out[:n8], acc.aBits, acc.bBits, signed, outBits, &o)
			acc.decodeOutputs(start+uint64(n8), out[n8:n], e[n8:], p[n8:], signed, outBits)
			if !acc.finishChunk(&o, e, p, n8) {
				acc.decodeOutputs(start, out[:n8], e[:n8], p[:n8], signed, outBits)
				for i, x := range e {
					acc.Add(x, p[i])
				}
			}
		} else {
			acc.decodeOutputs(start, out[:n], e, p, signed, outBits)
			addChunk(acc, k, e, p)
		}
		start += uint64(n)
		out = out[n:]
	}
}

// decodeOutputs writes the exact product and the decoded output of the
// pairs of combined index start+i to exact[i] and approx[i].
func (acc *Accumulator) decodeOutputs(start uint64, out []uint64, exact, approx []int64, signed bool, outBits int) {
	na := uint(acc.aBits)
	exact, approx = exact[:len(out)], approx[:len(out)]
	if signed {
		sa, sb, so := 64-na, uint(64-acc.bBits), uint(64-outBits)
		for i, v := range out {
			idx := start + uint64(i)
			a := int64(idx<<sa) >> sa
			b := int64(idx>>na<<sb) >> sb
			exact[i] = a * b
			approx[i] = int64(v<<so) >> so
		}
		return
	}
	maskA := uint64(1)<<na - 1
	for i, v := range out {
		idx := start + uint64(i)
		exact[i] = int64(idx & maskA * (idx >> na))
		// The raw output is the approximate product as it is, like
		// int64(out) in a caller decoding unsigned pairs.
		approx[i] = int64(v)
	}
}

// chunkOut holds the figures of one chunk of pairs as the chunk kernels
// compute them. The integer fields are exact (any order gives the same
// values) while every |e| < 2^32; rel[l] is the sum of the relative errors
// |e|/|exact| of the pairs i ≡ l (mod 8), added in index order.
type chunkOut struct {
	minE, maxE        int64
	sumAbs, sumE      uint64 // Σ|e|, Σe (two's complement)
	sqLo, sqHi        uint64 // Σ (|e|² mod 2^32), Σ (|e|² >> 32)
	errCount, zeroCnt uint64 // #{e != 0}, #{exact == 0}
	nzZero, sumAbs0   uint64 // #{e != 0, exact == 0}, Σ|e| over exact == 0
	maxAbs0           uint64 // max |e| over exact == 0
	maxRel            float64
	rel               [8]float64
}

func (o *chunkOut) reset() {
	*o = chunkOut{minE: math.MaxInt64, maxE: math.MinInt64}
}

// chunkLanesGeneric adds the len(exact) pairs (a multiple of 8) to o: pair
// i's relative error goes to o.rel[i mod 8]. |e|² is computed modulo 2^64
// (exact while |e| < 2^32, which the caller checks with o.minE, o.maxE).
// It is the reference for the assembly chunk kernels, which must leave o
// with the same bits.
func chunkLanesGeneric(exact, approx []int64, o *chunkOut) {
	approx = approx[:len(exact)]
	for i, ex := range exact {
		addPairGeneric(o, ex, approx[i], &o.rel[i&7])
	}
}

// addPairGeneric adds one pair to o and its relative error to *rel.
func addPairGeneric(o *chunkOut, ex, ap int64, rel *float64) {
	e := ap - ex
	o.minE = min(o.minE, e)
	o.maxE = max(o.maxE, e)
	s := e >> 63
	ae := uint64((e ^ s) - s)
	o.sumAbs += ae
	o.sumE += uint64(e)
	sq := ae * ae
	o.sqLo += sq & (1<<32 - 1)
	o.sqHi += sq >> 32
	if e != 0 {
		o.errCount++
	}
	if ex == 0 {
		o.zeroCnt++
		if e != 0 {
			o.nzZero++
			o.sumAbs0 += ae
			o.maxAbs0 = max(o.maxAbs0, ae)
		}
		return
	}
	sx := ex >> 63
	// Exact conversions while ae < 2^53 (the caller redoes chunks with
	// |e| >= 2^32); |ex| < 2^63 rounds as every kernel's conversion does.
	r := float64(int64(ae)) / float64((ex^sx)-sx)
	if r > o.maxRel {
		o.maxRel = r
	}
	*rel += r // r is 0 when e is 0: the sum is unchanged
}

// sum8 combines the 8 lane sums in the fixed order every kernel uses:
//
//	t[l] = p[l] + p[4+l]
//	s    = (t[0] + t[2]) + (t[1] + t[3])
func sum8(p *[8]float64) float64 {
	var t [4]float64
	for l := range t {
		t[l] = p[l] + p[4+l]
	}
	return (t[0] + t[2]) + (t[1] + t[3])
}

// addChunk records len(exact) <= relBlock-acc.relN pairs; approx[i] is
// read as int64(approx[i]). The first len &^ 7 pairs go through the
// current chunk kernel (8 lanes), the rest through addPairGeneric; the
// relative errors are summed as sum8 of the lanes, then the tail pairs in
// order, then added to the block sum. A chunk with an error of 2^32 or
// more in magnitude is redone by Add instead.
func addChunk[T int64 | uint64](acc *Accumulator, k statKernel, exact []int64, approx []T) {
	if len(exact) == 0 {
		return
	}
	ap := asInt64(approx[:len(exact)])
	var o chunkOut
	o.reset()
	n := len(exact) &^ 7
	k.chunkLanes(exact[:n], ap[:n], &o)
	if !acc.finishChunk(&o, exact, ap, n) {
		for i, ex := range exact {
			acc.Add(ex, ap[i])
		}
	}
}

// finishChunk adds the pairs n8.. of exact, approx to o (the kernel has
// added the pairs before n8), their relative errors in order after the sum8
// of the lanes, and folds o into acc. It returns false, leaving acc as it
// was, when an error reaches 2^32 in magnitude: the caller then redoes the
// chunk with Add.
func (acc *Accumulator) finishChunk(o *chunkOut, exact, approx []int64, n8 int) bool {
	rel := sum8(&o.rel)
	for i := n8; i < len(exact); i++ {
		addPairGeneric(o, exact[i], approx[i], &rel)
	}
	return acc.foldChunk(o, rel, len(exact))
}

// foldChunk folds the figures o of a chunk of count pairs, whose relative
// errors sum to rel, into acc. It returns false, leaving acc as it was,
// when an error reaches 2^32 in magnitude.
func (acc *Accumulator) foldChunk(o *chunkOut, rel float64, count int) bool {
	// Unless |e| < 2^32 for all pairs, when |e|² is exact and the 64-bit
	// sums of at most relBlock terms cannot wrap (Σ|e| < 2^44), the chunk
	// is redone by Add.
	if o.maxE >= 1<<32 || o.minE <= -(1<<32) {
		return false
	}
	// Σ over e > 0 is (Σ|e| + Σe)/2 and over e < 0 (Σ|e| - Σe)/2;
	// Σ|e| + Σe < 2^45 does not wrap, and Σe (two's complement) is
	// within ±2^44.
	acc.sat = acc.sumPos.add64((o.sumAbs+o.sumE)/2) || acc.sat
	acc.sat = acc.sumNeg.add64((o.sumAbs-o.sumE)/2) || acc.sat
	// Σ|e|² = sqHi·2^32 + sqLo with sqHi, sqLo < 2^44.
	acc.sat = acc.sumSq.add(u128{o.sqHi >> 32, o.sqHi << 32}) || acc.sat
	acc.sat = acc.sumSq.add64(o.sqLo) || acc.sat
	acc.sat = acc.sumAbs0.add64(o.sumAbs0) || acc.sat
	acc.minE = min(acc.minE, o.minE)
	acc.maxE = max(acc.maxE, o.maxE)
	acc.maxAbs = max(acc.maxAbs, uint64(max(o.maxE, -o.minE, 0)))
	acc.maxAbs0 = max(acc.maxAbs0, o.maxAbs0)
	acc.count += uint64(count)
	acc.errCount += o.errCount
	acc.zeroCnt += o.zeroCnt
	acc.maxRel = max(acc.maxRel, o.maxRel)
	acc.relBlk += rel
	acc.relN += int(o.errCount - o.nzZero)
	if acc.relN == relBlock {
		acc.flushRel()
	}
	return true
}

// asInt64 views approximate products as int64 (the same bits).
func asInt64[T int64 | uint64](s []T) []int64 {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*int64)(unsafe.Pointer(&s[0])), len(s))
}
