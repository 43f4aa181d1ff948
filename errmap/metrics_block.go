package errmap

import (
	"fmt"
	"math/bits"
)

// chunkLen is the number of pairs the block methods handle at a time: the
// scratch arrays of AddOutputs stay in L1.
const chunkLen = 512

// AddBlock records the pairs (exact[i], approx[i]) as calling Add for each
// i in order would: the accumulator ends in the same state, bit for bit,
// so Result is identical. It is the fast path for simulators that deliver
// products in blocks. It panics if the slices differ in length.
//
// The pairs are taken in chunks of at most chunkLen that never cross a
// boundary of the relative-error blocks. Within a chunk, min e, max e,
// Σ|e| and Σe are summed in 64 bits and Σe² in 128 bits, exact while every
// |e| of the chunk is below 2^32, which the chunk's extreme errors tell
// afterwards (otherwise Add redoes the chunk pair by pair); |e|/|exact| is
// summed in the order Add does. Adding the 0 that a pair with e = 0
// contributes leaves the float sums unchanged, so there is no branch on
// e, and a chunk ends where the relative block would be flushed, if not
// before.
func (acc *Accumulator) AddBlock(exact, approx []int64) {
	if len(exact) != len(approx) {
		panic("errmap: AddBlock: exact and approx differ in length")
	}
	for len(exact) > 0 {
		n := min(len(exact), chunkLen, relBlock-acc.relN)
		addChunk(acc, exact[:n], approx[:n])
		exact, approx = exact[n:], approx[n:]
	}
}

// AddOutputs records the pairs of an exhaustive sweep in index order:
// out[i] is the raw outBits-wide output for the operands of combined index
// start+i, a = index mod 2^aBits and b = index >> aBits (raw bit patterns,
// as circuits/sim numbers them). When signed, operands and outputs are
// two's complement. It leaves the accumulator as Add(a·b, output) for each
// pair in order would, without the caller materialising operands or
// products. It panics if outBits is not in 1..64 or the indices run past
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
	na := uint(acc.aBits)
	maskA := uint64(1)<<na - 1
	for len(out) > 0 {
		n := min(len(out), chunkLen, relBlock-acc.relN)
		e := ex[:n]
		o := out[:n]
		if signed {
			p := ap[:n]
			sa, sb, so := 64-na, uint(64-acc.bBits), uint(64-outBits)
			for i, v := range o {
				idx := start + uint64(i)
				a := int64(idx<<sa) >> sa
				b := int64(idx>>na<<sb) >> sb
				e[i] = a * b
				p[i] = int64(v<<so) >> so
			}
			addChunk(acc, e, p)
		} else {
			for i := range e {
				idx := start + uint64(i)
				e[i] = int64(idx & maskA * (idx >> na))
			}
			// The raw output is the approximate product as it is, like
			// int64(out) in a caller decoding unsigned pairs.
			addChunk(acc, e, o)
		}
		start += uint64(n)
		out = out[n:]
	}
}

// addChunk records len(exact) <= relBlock-acc.relN pairs; approx[i] is
// read as int64(approx[i]). One loop keeps the sums in locals (64-bit
// while |e| < 2^32) so that the integer work runs in the shadow of the
// division; a chunk with a larger error is redone by Add instead.
func addChunk[T int64 | uint64](acc *Accumulator, exact []int64, approx []T) {
	if len(exact) == 0 {
		return
	}
	approx = approx[:len(exact)]
	var (
		minE, maxE                = int64(approx[0]) - exact[0], int64(approx[0]) - exact[0]
		sumAbs, sumE              uint64
		sqLo, sqHi, cy            uint64
		errCount, zeroCnt, nzZero uint64
		sumAbs0, maxAbs0          uint64
		relBlk, maxRel            = acc.relBlk, acc.maxRel
	)
	for i, ex := range exact {
		e := int64(approx[i]) - ex
		minE = min(minE, e)
		maxE = max(maxE, e)
		s := e >> 63
		ae := uint64((e ^ s) - s)
		sumAbs += ae
		sumE += uint64(e)
		sqLo, cy = bits.Add64(sqLo, ae*ae, 0)
		sqHi += cy
		if e != 0 {
			errCount++
		}
		if ex == 0 {
			zeroCnt++
			if e != 0 {
				nzZero++
				sumAbs0 += ae
				maxAbs0 = max(maxAbs0, ae)
			}
			continue
		}
		sx := ex >> 63
		// ae < 2^32 (else the chunk is redone) and |ex| < 2^63: exact as
		// signed conversions.
		r := float64(int64(ae)) / float64((ex^sx)-sx)
		if r > maxRel {
			maxRel = r
		}
		relBlk += r // r is 0 when e is 0: the sum is unchanged
	}
	// Unless |e| < 2^32 for all pairs, when ae*ae is exact and the 64-bit
	// sums of at most relBlock terms cannot wrap (Σ|e| < 2^44), the chunk
	// is redone by Add.
	if maxE >= 1<<32 || minE <= -(1<<32) {
		for i, ex := range exact {
			acc.Add(ex, int64(approx[i]))
		}
		return
	}
	// Σ over e > 0 is (Σ|e| + Σe)/2 and over e < 0 (Σ|e| - Σe)/2;
	// Σ|e| + Σe < 2^45 does not wrap, and Σe (two's complement) is
	// within ±2^44.
	acc.sat = acc.sumPos.add64((sumAbs+sumE)/2) || acc.sat
	acc.sat = acc.sumNeg.add64((sumAbs-sumE)/2) || acc.sat
	acc.sat = acc.sumSq.add(u128{sqHi, sqLo}) || acc.sat
	acc.sat = acc.sumAbs0.add64(sumAbs0) || acc.sat
	acc.minE = min(acc.minE, minE)
	acc.maxE = max(acc.maxE, maxE)
	acc.maxAbs = max(acc.maxAbs, uint64(max(maxE, -minE, 0)))
	acc.maxAbs0 = max(acc.maxAbs0, maxAbs0)
	acc.count += uint64(len(exact))
	acc.errCount += errCount
	acc.zeroCnt += zeroCnt
	acc.maxRel = maxRel
	acc.relBlk = relBlk
	acc.relN += int(errCount - nzZero)
	if acc.relN == relBlock {
		acc.flushRel()
	}
}
