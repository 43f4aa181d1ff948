package param

import "math/bits"

// Model returns the behavioural model of the multiplier: a function that
// computes arithmetically, without the netlist, the value the generated
// circuit outputs. Operands are reduced to the circuit's input widths first
// (unsigned: the low n bits; signed: the low n bits read as two's
// complement), and the result is the n+m-bit output read as unsigned or as
// two's complement. Model returns nil when s is invalid (see Check).
func (s Spec) Model() func(a, b int64) int64 {
	if s.Check() != nil {
		return nil
	}
	n, m, signed := s.ABits, s.BBits, s.Signed
	var core func(ua, ub uint64) uint64 // on n- and m-bit patterns
	switch s.Family {
	case FamilyArray, FamilyTrunc, FamilyBAM:
		// Row j adds ((A if B[j] else 0) XOR neg[j]) AND keep[j], shifted
		// by j, where keep[j] and neg[j] mark the row's kept and inverted
		// bits by A index.
		pp, konst := s.ppKept()
		keep, neg := make([]uint64, m), make([]uint64, m)
		for _, p := range pp {
			keep[p.j] |= 1 << p.i
			if p.neg {
				neg[p.j] |= 1 << p.i
			}
		}
		core = func(ua, ub uint64) uint64 {
			sum := konst
			for j := range m {
				x := ua & -(ub >> j & 1)
				sum += (x ^ neg[j]) & keep[j] << j
			}
			return sum
		}
	case FamilyDRUM:
		k := s.Params["k"]
		core = signMagModel(n, m, signed, func(x, y uint64) uint64 { return drumModel(x, y, k) })
	case FamilyMitchell:
		f := max(n, m) - 1
		core = signMagModel(n, m, signed, func(x, y uint64) uint64 { return mitchellModel(x, y, f) })
	}
	w := n + m
	return func(a, b int64) int64 {
		r := core(uint64(a)&mask(n), uint64(b)&mask(m)) & mask(w)
		if signed {
			return signExtend(r, w)
		}
		return int64(r)
	}
}

// signExtend reads the low w bits of r as a two's complement number.
func signExtend(r uint64, w int) int64 {
	return int64(r<<(64-w)) >> (64 - w)
}

// signMagModel wraps an unsigned model: for signed operands (given as n-
// and m-bit patterns) it applies f to the magnitudes and negates the result
// when the signs differ.
func signMagModel(n, m int, signed bool, f func(x, y uint64) uint64) func(ua, ub uint64) uint64 {
	if !signed {
		return f
	}
	return func(ua, ub uint64) uint64 {
		a, b := signExtend(ua, n), signExtend(ub, m)
		r := f(uint64(abs(a)), uint64(abs(b)))
		if (a < 0) != (b < 0) {
			r = -r
		}
		return r
	}
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// drumModel is DRUM(k) on unsigned operands: each operand x >= 2^k is
// replaced by its k-bit segment from the leading one down with the lowest
// bit forced to 1, times 2^shift; smaller operands are kept; the two are
// multiplied exactly.
func drumModel(x, y uint64, k int) uint64 {
	seg := func(x uint64) uint64 {
		if x < 1<<k {
			return x
		}
		sh := bits.Len64(x) - k
		return (x>>sh | 1) << sh
	}
	return seg(x) * seg(y)
}

// mitchellModel is Mitchell's multiplier on unsigned operands with f
// fraction bits: x = 2^kx (1 + fx), y = 2^ky (1 + fy); the product is
// 2^(kx+ky) (1 + fx + fy) when fx + fy < 1, else 2^(kx+ky+1) (fx + fy),
// truncated to an integer.
func mitchellModel(x, y uint64, f int) uint64 {
	if x == 0 || y == 0 {
		return 0
	}
	kx, ky := bits.Len64(x)-1, bits.Len64(y)-1
	fx := (x - 1<<kx) << (f - kx) // fraction scaled by 2^f
	fy := (y - 1<<ky) << (f - ky)
	s := fx + fy
	if s < 1<<f {
		return (1<<f + s) << (kx + ky) >> f
	}
	return s << (kx + ky + 1) >> f
}
