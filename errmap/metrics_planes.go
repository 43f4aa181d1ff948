package errmap

import (
	"fmt"
	"math/bits"

	"github.com/axmul/axmul/circuits/sim"
)

// planeMaxBits bounds max(outBits, aBits+bBits) for the bit-plane path:
// every |e| is then below 2^32, so the chunk sums of finishChunk are exact
// and the error has at most planeMaxBits+1 planes.
const planeMaxBits = 32

// PlanesFast reports whether AddPlanes works on the bit-planes of an
// outBits-wide output themselves (A at least 7 bits wide, so that the 64
// pairs of a word share B and the sign of A, and outputs and products of
// at most 32 bits).
// Otherwise AddPlanes decodes the planes and calls AddOutputs.
func (acc *Accumulator) PlanesFast(outBits int) bool {
	return acc.aBits >= 7 && outBits >= 1 && max(outBits, acc.aBits+acc.bBits) <= planeMaxBits
}

// AddPlanes records the count pairs of an exhaustive sweep from combined
// index start (a multiple of 64) given as output bit-planes, as
// sim.Multiplier.ExhaustivePlanes delivers them: bit v of planes[b][j] is
// bit b of the raw output for index start+64j+v (a = index mod 2^aBits,
// b = index >> aBits). When signed, operands and outputs are two's
// complement. It leaves acc exactly as AddOutputs(start, out, signed,
// len(planes)) with out decoded from the planes would, the relative-error
// sum included (same chunks, same 8 lanes, same order).
//
// Where PlanesFast holds, a chunk of 512 pairs (8 words) is handled on the
// planes: the exact products' planes (transposed from integers at the
// start of a row of B, then advanced by the constant 64·B per word with a
// bit-sliced adder), the error's planes by a bit-sliced subtraction, its
// sign plane and |e|'s planes by a bit-sliced conditional negation, #{e !=
// 0}, Σe and Σ|e| from popcounts, the extremes by a bit-sliced search from
// the top plane down, and words without an error skipped. Only |e| of a
// word with errors is decoded to integers, in as few planes as its largest
// error needs, for the relative errors |e|/|exact| (divided per pair, as
// the pair-by-pair path does) and Σe² (from plane-pair popcounts while
// |e| has at most 8 planes, else per pair); words whose B is 0 (exact
// products 0) are not decoded at all unless |e| needs more than 16 planes.
// Other chunks (a chunk cut short by the relative-error block, or
// PlanesFast false) are decoded and passed to AddOutputs.
//
// It panics if len(planes) is not in 1..64, start is not a multiple of 64,
// a plane has fewer than ceil(count/64) words or the indices run past
// 2^(aBits+bBits).
func (acc *Accumulator) AddPlanes(start uint64, planes [][]uint64, count int, signed bool) {
	outBits := len(planes)
	if outBits < 1 || outBits > 64 {
		panic(fmt.Sprintf("errmap: AddPlanes: output width %d not in 1..64", outBits))
	}
	if start%64 != 0 || count < 0 {
		panic(fmt.Sprintf("errmap: AddPlanes: start %d is not a multiple of 64 (or count %d < 0)", start, count))
	}
	total := uint64(1) << (acc.aBits + acc.bBits)
	if start > total || uint64(count) > total-start {
		panic(fmt.Sprintf("errmap: AddPlanes: indices %d..%d+%d beyond the %d pairs of a %dx%d multiplier", start, start, count, total, acc.aBits, acc.bBits))
	}
	words := (count + 63) / 64
	for b, p := range planes {
		if len(p) < words {
			panic(fmt.Sprintf("errmap: AddPlanes: plane %d has %d words, want %d", b, len(p), words))
		}
	}
	fast := acc.PlanesFast(outBits)
	vec := currentStatKernel().asm
	if fast && acc.planes == nil {
		acc.planes = new(planeState)
	}
	for pos := 0; pos < count; {
		n := min(count-pos, chunkLen, relBlock-acc.relN)
		if fast && n%64 == 0 && pos%64 == 0 {
			acc.planeChunk(acc.planes, start+uint64(pos), planes, pos/64, n/64, signed, vec)
		} else {
			var buf [chunkLen + 64]uint64
			j0, j1 := pos/64, (pos+n+63)/64
			decodePlanes(planes, j0, j1, buf[:])
			acc.AddOutputs(start+uint64(pos), buf[pos%64:pos%64+n], signed, outBits)
		}
		pos += n
	}
}

// decodePlanes writes the raw outputs of words j0..j1-1 to out[64(j-j0)+v].
func decodePlanes(planes [][]uint64, j0, j1 int, out []uint64) {
	var rows [64]uint64
	for j := j0; j < j1; j++ {
		for b, p := range planes {
			rows[b] = p[j]
		}
		sim.Untangle(&rows, len(planes), out[64*(j-j0):64*(j-j0)+64])
	}
}

// planeState carries the exact products' planes from one word to the next
// (they advance by 64·B within a row of B), also from one AddPlanes call
// to the next.
type planeState struct {
	valid  bool
	signed bool
	nk     int
	next   uint64 // combined index of the word x is ready for
	x      [planeMaxBits + 1]uint64
	// step holds the planes of the constant 64·B that x advances by per
	// word (all-zero or all-one words), for B = stepB (zero value: B = 0).
	step  [planeMaxBits + 1]uint64
	stepB int64
	// Scratch of planeChunk, kept here so that it is not cleared per call.
	e, ae      [planeMaxBits + 1]uint64
	rows, vals [64]uint64
}

// planeChunk adds the words j0..j0+nw-1 (pairs from index start) to acc
// as one chunk of AddOutputs would.
// With vec, words with many errors divide in the assembly kernel
// (relWord).
func (acc *Accumulator) planeChunk(ps *planeState, start uint64, planes [][]uint64, j0, nw int, signed, vec bool) {
	na, nb, no := acc.aBits, acc.bBits, len(planes)
	nk := max(no, na+nb) + 1 // planes of e (two's complement)
	maskA := uint64(1)<<na - 1
	// A row of B restarts the exact products (and so does the jump of a
	// signed A from 2^(na-1)-64 to -2^(na-1)).
	rowMask := maskA
	if signed {
		rowMask >>= 1
	}
	var o chunkOut
	o.reset()
	e, ae, rows, vals := &ps.e, &ps.ae, &ps.rows, &ps.vals
	x := &ps.x
	for jj := range nw {
		base := start + uint64(64*jj)
		a0, b0 := int64(base&maskA), int64(base>>na)
		if signed {
			a0 = a0 << (64 - na) >> (64 - na)
			b0 = b0 << (64 - nb) >> (64 - nb)
		}
		// x += 64·b0 (mod 2^nk) within a row, interleaved with the
		// subtraction below; else x from the integers, transposed.
		incr := ps.valid && ps.next == base && base&rowMask != 0 && ps.signed == signed && ps.nk == nk
		if !incr {
			for v := range rows {
				rows[v] = uint64(b0 * (a0 + int64(v)))
			}
			sim.Transpose64(rows)
			copy(x[:nk], rows[:nk])
		} else if ps.stepB != b0 {
			d := uint64(64 * b0)
			for i := range ps.step {
				ps.step[i] = -(d >> i & 1)
			}
			ps.stepB = b0
		}
		ps.valid, ps.next, ps.signed, ps.nk = true, base+64, signed, nk
		// e = approx - exact, the approximate planes sign- or
		// zero-extended to nk bits.
		j := j0 + jj
		var br, nz, cy uint64
		for i := range nk {
			xi := x[i]
			if incr && i >= 6 {
				di := ps.step[i]
				xi, cy = xi^di^cy, xi&di|cy&(xi^di)
				x[i] = xi
			}
			var p uint64
			switch {
			case i < no:
				p = planes[i][j]
			case signed:
				p = planes[no-1][j]
			}
			t := p ^ xi
			ei := t ^ br
			e[i] = ei
			br = xi&^p | br&^t
			nz |= ei
		}
		zeroExact := 0 // pairs with exact = 0: all when b0 = 0, else a = 0 (v = 0 of a0 = 0)
		switch {
		case b0 == 0:
			zeroExact = 64
		case a0 == 0:
			zeroExact = 1
		}
		o.zeroCnt += uint64(zeroExact)
		if nz != ^uint64(0) {
			o.minE, o.maxE = min(o.minE, 0), max(o.maxE, 0)
		}
		if nz == 0 {
			continue
		}
		// |e| = (e ^ s) + s bit-sliced, s the sign plane; h = the planes
		// |e| needs; Σ over e > 0 and e < 0 from popcounts.
		s := e[nk-1]
		cy, h := s, 0
		var pos, neg uint64
		for i := range nk {
			t := e[i] ^ s
			ae[i] = t ^ cy
			cy &= t
			if ae[i] != 0 {
				h = i + 1
				pos += uint64(bits.OnesCount64(ae[i]&^s)) << i
				neg += uint64(bits.OnesCount64(ae[i]&s)) << i
			}
		}
		o.sumAbs += pos + neg
		o.sumE += pos - neg
		errs := nz
		o.errCount += uint64(bits.OnesCount64(errs))
		// The largest |e| among the positive and the negative errors, by a
		// bit-sliced search from the top plane down.
		// The extremes of e: the largest positive error (or, without one
		// and without a zero, the negative error smallest in magnitude),
		// and the other way round.
		switch posE := nz &^ s; {
		case posE != 0:
			o.maxE = max(o.maxE, int64(maxPlanes(ae, h, posE)))
		case nz == ^uint64(0):
			o.maxE = max(o.maxE, -int64(minPlanes(ae, h, s)))
		}
		switch posE := nz &^ s; {
		case s != 0:
			o.minE = min(o.minE, -int64(maxPlanes(ae, h, s)))
		case nz == ^uint64(0):
			o.minE = min(o.minE, int64(minPlanes(ae, h, posE)))
		}
		if b0 == 0 {
			// Exact = 0 throughout the word: no relative errors.
			o.nzZero += uint64(bits.OnesCount64(errs))
			o.sumAbs0 += pos + neg
			o.maxAbs0 = max(o.maxAbs0, maxPlanes(ae, h, errs))
			if h <= 16 {
				// Σ|e|² = Σ_{i,k} 2^(i+k) #{|e|_i & |e|_k}, below 2^38
				// for the word.
				for i := range h {
					o.sqLo += uint64(bits.OnesCount64(ae[i])) << (2 * i)
					for k := i + 1; k < h; k++ {
						o.sqLo += uint64(bits.OnesCount64(ae[i]&ae[k])) << (i + k + 1)
					}
				}
				continue
			}
			copy(rows[:h], ae[:h])
			sim.Untangle(rows, h, vals[:])
			for m := errs; m != 0; m &= m - 1 {
				a := vals[bits.TrailingZeros64(m)]
				sq := a * a
				o.sqLo += sq & (1<<32 - 1)
				o.sqHi += sq >> 32
			}
			continue
		}
		copy(rows[:h], ae[:h])
		sim.Untangle(rows, h, vals[:])
		if a0 == 0 && errs&1 != 0 {
			// Pair v = 0 has a = 0, exact = 0.
			a := vals[0]
			sq := a * a
			o.sqLo += sq & (1<<32 - 1)
			o.sqHi += sq >> 32
			o.nzZero++
			o.sumAbs0 += a
			o.maxAbs0 = max(o.maxAbs0, a)
			errs &^= 1
		}
		perPairSq := h > 8
		if !perPairSq {
			// Σ|e|² = Σ_{i,k} 2^(i+k) #{|e|_i & |e|_k} over the pairs
			// left (each |e|² < 2^16 here).
			for i := range h {
				o.sqLo += uint64(bits.OnesCount64(ae[i]&errs)) << (2 * i)
				for k := i + 1; k < h; k++ {
					o.sqLo += uint64(bits.OnesCount64(ae[i]&ae[k]&errs)) << (i + k + 1)
				}
			}
		}
		lo, hi, mr := relWord(vals, errs, b0, a0, &o.rel, o.maxRel, perPairSq, vec)
		o.sqLo += lo
		o.sqHi += hi
		o.maxRel = mr
	}
	if !acc.foldChunk(&o, sum8(&o.rel), 64*nw) {
		// Unreachable while PlanesFast holds (|e| < 2^32); decode instead.
		var buf [chunkLen]uint64
		decodePlanes(planes, j0, j0+nw, buf[:])
		acc.AddOutputs(start, buf[:64*nw], signed, no)
	}
}

// maxPlanes returns the largest of the values whose planes are ae[:h]
// among the lanes set in cand (0 when cand is 0): from the top plane down,
// a plane that some candidate has set keeps only those candidates.
func maxPlanes(ae *[planeMaxBits + 1]uint64, h int, cand uint64) uint64 {
	var mx uint64
	for i := h - 1; i >= 0 && cand != 0; i-- {
		if c := cand & ae[i]; c != 0 {
			cand = c
			mx |= 1 << i
		}
	}
	return mx
}

// minPlanes returns the smallest of the values whose planes are ae[:h]
// among the lanes set in cand (which must not be 0): from the top plane
// down, a plane that some candidate has clear keeps only those.
func minPlanes(ae *[planeMaxBits + 1]uint64, h int, cand uint64) uint64 {
	var mn uint64
	for i := h - 1; i >= 0; i-- {
		if c := cand &^ ae[i]; c != 0 {
			cand = c
		} else {
			mn |= 1 << i
		}
	}
	return mn
}

// relVecMin is the number of errors in a word from which relWord divides
// in the vector kernel (all 64 pairs, about 0.33 ns each with VDIVPD on the
// development machine) instead of pair by pair (about 1.3 ns per DIVSD).
const relVecMin = 12

// relWord adds the relative errors |e|/|exact| of the pairs v set in errs
// (|e| < 2^32 in vals[v], exact = b0·(a0+v) != 0 with |exact| < 2^52) to
// rel[v mod 8] in order of v, and returns the sums of the low and high
// 32-bit halves of their |e|² (when sq is set) and the largest relative
// error, at least maxRel (>= 0). With vec (an assembly statistics kernel
// is in use) a word with at least relVecMin errors goes to relWordAsm,
// which gives the same bits.
func relWord(vals *[64]uint64, errs uint64, b0, a0 int64, rel *[8]float64, maxRel float64, sq, vec bool) (sqLo, sqHi uint64, mr float64) {
	if vec && bits.OnesCount64(errs) >= relVecMin {
		ex0 := [4]int64{b0 * a0, b0 * (a0 + 1), b0 * (a0 + 2), b0 * (a0 + 3)}
		var sums [2]uint64
		mr = relWordAsm(vals, errs, &ex0, 4*b0, rel, maxRel, &sums)
		if sq {
			sqLo, sqHi = sums[0], sums[1]
		}
		return sqLo, sqHi, mr
	}
	mr = maxRel
	for m := errs; m != 0; m &= m - 1 {
		v := bits.TrailingZeros64(m)
		a := vals[v]
		if sq {
			s := a * a
			sqLo += s & (1<<32 - 1)
			sqHi += s >> 32
		}
		ex := b0 * (a0 + int64(v))
		sx := ex >> 63
		r := float64(int64(a)) / float64((ex^sx)-sx)
		if r > mr {
			mr = r
		}
		rel[v&7] += r
	}
	return sqLo, sqHi, mr
}
