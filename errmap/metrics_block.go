package errmap

import "math/bits"

// AddBlock records the pairs (exact[i], approx[i]) as calling Add for each
// i in order would: the metrics Result reports are identical bit for bit.
// It is the fast path for simulators that deliver products in blocks: the
// running sums live in registers, the signed error is split without
// branches (Σ|e| and Σe in 128 bits, from which Σ over e > 0 and over
// e < 0 follow exactly), and pairs with exact product 0 divide by 1 and
// are masked out. It panics if the slices differ in length.
func (acc *Accumulator) AddBlock(exact, approx []int64) {
	if len(exact) != len(approx) {
		panic("errmap: AddBlock: exact and approx differ in length")
	}
	if acc.aBits+acc.bBits > 40 {
		// Block-local 128-bit sums of e² could wrap unnoticed; Add checks
		// every addition.
		for i, ex := range exact {
			acc.Add(ex, approx[i])
		}
		return
	}
	var (
		errCount, zeroCnt uint64
		maxAbs, maxAbs0   = acc.maxAbs, acc.maxAbs0
		minE, maxE        = acc.minE, acc.maxE
		sumAbs, sumE      u128 // Σ|e|; Σe in two's complement
		sumSq, sumAbs0    u128
		relBlk, relN      = acc.relBlk, acc.relN
		maxRel            = acc.maxRel
		c                 uint64
	)
	approx = approx[:len(exact)]
	for i, ex := range exact {
		e := approx[i] - ex
		minE = min(minE, e)
		maxE = max(maxE, e)
		s := e >> 63
		ae := uint64((e ^ s) - s)
		sumAbs.lo, c = bits.Add64(sumAbs.lo, ae, 0)
		sumAbs.hi += c
		sumE.lo, c = bits.Add64(sumE.lo, uint64(e), 0)
		sumE.hi += uint64(s) + c
		hi, lo := bits.Mul64(ae, ae)
		sumSq.lo, c = bits.Add64(sumSq.lo, lo, 0)
		sumSq.hi += hi + c
		nz := uint64(0)
		if e != 0 {
			nz = 1
		}
		errCount += nz
		sx := ex >> 63
		ax := uint64((ex ^ sx) - sx)
		if ax == 0 {
			zeroCnt++
			sumAbs0.lo, c = bits.Add64(sumAbs0.lo, ae, 0)
			sumAbs0.hi += c
			maxAbs0 = max(maxAbs0, ae)
			continue
		}
		maxAbs = max(maxAbs, ae)
		r := float64(int64(ae)) / float64(int64(ax)) // both < 2^63: exact as signed conversions
		if r > maxRel {
			maxRel = r
		}
		relBlk += r // r is 0 when e is 0: the sum is unchanged
		relN += int(nz)
		if relN == relBlock {
			acc.relSum, acc.relComp = neumaier(acc.relSum, acc.relComp, relBlk)
			relBlk, relN = 0, 0
		}
	}
	// Σ over e > 0 is (Σ|e| + Σe)/2 and over e < 0 (Σ|e| - Σe)/2, exactly.
	var pos, neg u128
	pos.lo, c = bits.Add64(sumAbs.lo, sumE.lo, 0)
	pos.hi, _ = bits.Add64(sumAbs.hi, sumE.hi, c)
	neg.lo, c = bits.Sub64(sumAbs.lo, sumE.lo, 0)
	neg.hi, _ = bits.Sub64(sumAbs.hi, sumE.hi, c)
	pos.lo, pos.hi = pos.lo>>1|pos.hi<<63, pos.hi>>1
	neg.lo, neg.hi = neg.lo>>1|neg.hi<<63, neg.hi>>1
	acc.count += uint64(len(exact))
	acc.errCount += errCount
	acc.zeroCnt += zeroCnt
	acc.maxAbs = max(maxAbs, maxAbs0, acc.maxAbs)
	acc.maxAbs0 = maxAbs0
	acc.minE, acc.maxE = minE, maxE
	acc.sat = acc.sumPos.add(pos) || acc.sat
	acc.sat = acc.sumNeg.add(neg) || acc.sat
	acc.sat = acc.sumSq.add(sumSq) || acc.sat
	acc.sat = acc.sumAbs0.add(sumAbs0) || acc.sat
	acc.relBlk, acc.relN = relBlk, relN
	acc.maxRel = maxRel
}
