package verilog

import (
	"math/big"
)

// divmod returns the quotient and remainder of the unsigned division of
// a by d (equal widths) with a restoring array divider: one row of
// subtractors and multiplexers per quotient bit. Division by zero gives
// an all-ones quotient and the dividend as remainder (Verilog: x).
func (b bld) divmod(a, d []val) (q, r []val) {
	w := len(a)
	q = make([]val, w)
	rem := zeros(w + 1)
	dx := extend(d, w+1, false)
	for i := w - 1; i >= 0; i-- {
		// rem = rem<<1 | a[i], w+1 bits (the top bit is always 0 before
		// the shift since rem < d).
		sh := make([]val, w+1)
		sh[0] = a[i]
		copy(sh[1:], rem[:w])
		diff, carry := b.sub(sh, dx) // carry = sh >= d
		q[i] = carry
		next := make([]val, w+1)
		for k := range next {
			next[k] = b.mux(carry, sh[k], diff[k])
		}
		rem = next
	}
	return q, rem[:w]
}

// negIf returns -v when s is 1, else v (two's complement).
func (b bld) negIf(s val, v []val) []val {
	if s == c0 {
		return v
	}
	if b.e.strash != nil {
		// Behavioural designs: bit i of -v is v[i] ^ (v[0] | ... |
		// v[i-1]), so three gates a bit instead of an incrementer.
		r := make([]val, len(v))
		below := c0
		for i := range v {
			r[i] = b.xor(v[i], b.and(s, below))
			below = b.or(below, v[i])
		}
		return r
	}
	inv := make([]val, len(v))
	for i := range v {
		inv[i] = b.xor(v[i], s)
	}
	r, _ := b.add(inv, zeros(len(v)), s)
	return r
}

// varDivMod computes a / c or a % c for non-constant operands at width
// w: unsigned, or signed with truncation toward zero (the remainder
// takes the sign of the dividend).
func (sc *scope) varDivMod(x *Binary, a, c []val, w int, s bool) []val {
	if w > maxMulWidth {
		sc.e.errorf(x.OpPos, "division %d bits wide (limit %d)", w, maxMulWidth)
		return zeros(w)
	}
	b := sc.bld(x.OpPos)
	if !s {
		q, r := b.divmod(a, c)
		if x.Op == DIV {
			return q
		}
		return r
	}
	sa, sd := a[w-1], c[w-1]
	q, r := b.divmod(b.negIf(sa, a), b.negIf(sd, c))
	if x.Op == DIV {
		return b.negIf(b.xor(sa, sd), q)
	}
	return b.negIf(sa, r)
}

// varPow computes a ** c at width w when c is constant (square and
// multiply) or a is a constant power of two (a shift).
func (sc *scope) varPow(x *Binary, a, c []val, w int, s bool) []val {
	b := sc.bld(x.OpPos)
	if allConst(c) {
		cv := bitsToBig(c, sc.typeOf(x.Y).s)
		if cv.Sign() < 0 {
			sc.e.errorf(x.OpPos, "operator ** with a negative exponent needs a constant base")
			return zeros(w)
		}
		if cv.BitLen() > 16 {
			sc.e.errorf(x.OpPos, "exponent %v too large for a variable base", cv)
			return zeros(w)
		}
		if w > maxMulWidth {
			sc.e.errorf(x.OpPos, "power %d bits wide (limit %d)", w, maxMulWidth)
			return zeros(w)
		}
		square := func() []val {
			r := extend([]val{c1}, w, false)
			base := a
			for i := 0; i < cv.BitLen(); i++ {
				if cv.Bit(i) == 1 {
					r = b.mul(r, base)
				}
				if i+1 < cv.BitLen() {
					base = b.mul(base, base)
				}
			}
			return r
		}
		if sc.e.strash != nil {
			if fn, ok := sc.e.support(a); ok {
				// A power of a few distinct bits (table.go).
				e := cv.Uint64()
				return b.cheaper(square, func() []val {
					return b.byTable(fn, [][]val{a}, w, func(v []uint64) uint64 { return powMod64(v[0], e) })
				})
			}
		}
		return square()
	}
	if allConst(a) {
		av := bitsToBig(a, s)
		if av.Sign() > 0 && new(big.Int).And(av, new(big.Int).Sub(av, big.NewInt(1))).Sign() == 0 {
			// (2^k) ** c = 1 << (k*c), for an unsigned exponent.
			k := av.BitLen() - 1
			ct := sc.typeOf(x.Y)
			if ct.s {
				sc.e.errorf(x.OpPos, "operator ** with a signed variable exponent is not supported")
				return zeros(w)
			}
			amt := c
			if k != 1 {
				kb := bigToBits(big.NewInt(int64(k)), len(c)+8)
				amt = b.mul(extend(c, len(c)+8, false), kb)
			}
			one := extend([]val{c1}, w, false)
			if k == 0 {
				return one
			}
			return b.shiftVar(one, amt, true, c0)
		}
	}
	sc.e.errorf(x.OpPos, "operator ** with a variable exponent needs a constant base that is a power of two")
	return zeros(w)
}

// powMod64 returns x ** e modulo 2^64.
func powMod64(x, e uint64) uint64 {
	r := uint64(1)
	for ; e > 0; e >>= 1 {
		if e&1 == 1 {
			r *= x
		}
		x *= x
	}
	return r
}
