package verilog

import (
	"go/token"

	"github.com/axmul/axmul/circuits"
)

// val is a bit value during elaboration: a net (>= 0) or a constant.
type val = circuits.Net

const (
	c0 val = -2 // constant 0
	c1 val = -3 // constant 1
)

func isConst(v val) bool { return v == c0 || v == c1 }

func constBit(b bool) val {
	if b {
		return c1
	}
	return c0
}

// bld builds gates with constant folding at one source position, tagged
// with a cell index (-1 for none).
type bld struct {
	e    *elab
	pos  token.Pos
	cell int32
}

func (b bld) gate(k circuits.Kind, in ...val) val {
	if b.e.strash != nil && b.cell < 0 {
		return b.e.hashGate(k, b.pos, in...)
	}
	return b.e.addGate(k, b.pos, b.cell, in...)
}

func (b bld) not(a val) val {
	if b.e.assume != nil {
		a = b.e.assumed(a)
	}
	switch a {
	case c0:
		return c1
	case c1:
		return c0
	}
	return b.gate(circuits.Not, a)
}

// fold2 folds AND/OR/XOR of two values; ok is false when a gate is needed.
func fold2(k circuits.Kind, a, x val) (v val, inv, ok bool) {
	switch k {
	case circuits.And:
		switch {
		case a == c0 || x == c0:
			return c0, false, true
		case a == c1:
			return x, false, true
		case x == c1 || a == x:
			return a, false, true
		}
	case circuits.Or:
		switch {
		case a == c1 || x == c1:
			return c1, false, true
		case a == c0:
			return x, false, true
		case x == c0 || a == x:
			return a, false, true
		}
	case circuits.Xor:
		switch {
		case a == x:
			return c0, false, true
		case a == c0:
			return x, false, true
		case x == c0:
			return a, false, true
		case a == c1:
			return x, true, true
		case x == c1:
			return a, true, true
		}
	}
	return 0, false, false
}

// op2 applies a two-input gate kind (And, Or, Xor, Nand, Nor, Xnor).
func (b bld) op2(k circuits.Kind, a, x val) val {
	if b.e.assume != nil {
		a, x = b.e.assumed(a), b.e.assumed(x)
	}
	base, neg := k, false
	switch k {
	case circuits.Nand:
		base, neg = circuits.And, true
	case circuits.Nor:
		base, neg = circuits.Or, true
	case circuits.Xnor:
		base, neg = circuits.Xor, true
	}
	if v, inv, ok := fold2(base, a, x); ok {
		if inv != neg {
			return b.not(v)
		}
		return v
	}
	return b.gate(k, a, x)
}

func (b bld) and(a, x val) val { return b.op2(circuits.And, a, x) }
func (b bld) or(a, x val) val  { return b.op2(circuits.Or, a, x) }
func (b bld) xor(a, x val) val { return b.op2(circuits.Xor, a, x) }

// mux returns s ? d1 : d0.
func (b bld) mux(s, d0, d1 val) val {
	if b.e.assume != nil {
		s, d0, d1 = b.e.assumed(s), b.e.assumed(d0), b.e.assumed(d1)
	}
	switch {
	case s == c0 || d0 == d1:
		return d0
	case s == c1:
		return d1
	case d0 == c0 && d1 == c1:
		return s
	case d0 == c1 && d1 == c0:
		return b.not(s)
	case d0 == c0:
		return b.and(s, d1)
	case d1 == c1:
		return b.or(s, d0)
	case b.e.strash != nil && s == d0:
		return b.and(s, d1) // behavioural designs (opt.go)
	case b.e.strash != nil && s == d1:
		return b.or(s, d0)
	}
	if b.e.strash != nil {
		// Behavioural designs: a data input that is itself a
		// multiplexer on the same select contributes only the input that
		// select picks there (nested merges of branches on one
		// condition).
		if t, x0, _, ok := b.e.muxInput(d0); ok && t == s && x0 != d0 {
			return b.mux(s, x0, d1)
		}
		if t, _, x1, ok := b.e.muxInput(d1); ok && t == s && x1 != d1 {
			return b.mux(s, d0, x1)
		}
	}
	return b.gate(circuits.Mux, s, d0, d1)
}

// reduce combines the bits with a balanced tree of k (And, Or, Xor).
func (b bld) reduce(k circuits.Kind, v []val) val {
	if len(v) == 0 {
		if k == circuits.And {
			return c1
		}
		return c0
	}
	cur := append([]val(nil), v...)
	for len(cur) > 1 {
		next := cur[:0:0]
		for i := 0; i+1 < len(cur); i += 2 {
			next = append(next, b.op2(k, cur[i], cur[i+1]))
		}
		if len(cur)%2 == 1 {
			next = append(next, cur[len(cur)-1])
		}
		cur = next
	}
	return cur[0]
}

func (b bld) bitwise(k circuits.Kind, a, x []val) []val {
	r := b.e.bits(len(a))
	for i := range a {
		r[i] = b.op2(k, a[i], x[i])
	}
	return r
}

func (b bld) notv(a []val) []val {
	r := b.e.bits(len(a))
	for i := range a {
		r[i] = b.not(a[i])
	}
	return r
}

// add returns the low len(a) bits of a + x + cin (ripple carry) and the
// carry out.
func (b bld) add(a, x []val, cin val) ([]val, val) {
	s := make([]val, len(a))
	c := cin
	for i := range a {
		p := b.xor(a[i], x[i])
		s[i] = b.xor(p, c)
		if b.e.strash != nil {
			// Behavioural designs (opt.go): carry = p ? c : a.
			c = b.mux(p, a[i], c)
			continue
		}
		c = b.or(b.and(a[i], x[i]), b.and(p, c))
	}
	return s, c
}

func (b bld) sub(a, x []val) ([]val, val) { return b.add(a, b.notv(x), c1) }

// mul returns the low len(a) bits of a * x (array of ripple-carry rows).
func (b bld) mul(a, x []val) []val {
	if b.e.strash != nil {
		if fn, ok := b.e.support(a, x); ok {
			// A product of few distinct bits (table.go).
			return b.cheaper(func() []val { return b.mulCSA(a, x) }, func() []val {
				return b.byTable(fn, [][]val{a, x}, len(a), func(v []uint64) uint64 { return v[0] * v[1] })
			})
		}
		return b.mulCSA(a, x)
	}
	w := len(a)
	acc := make([]val, w)
	for i := range acc {
		acc[i] = c0
	}
	for i := 0; i < w; i++ {
		if x[i] == c0 {
			continue
		}
		row := make([]val, w-i)
		for j := range row {
			row[j] = b.and(a[j], x[i])
		}
		hi, _ := b.add(acc[i:], row, c0)
		copy(acc[i:], hi)
	}
	return acc
}

// less returns a < x for equal-width operands.
func (b bld) less(a, x []val, signed bool) val {
	if len(a) == 0 {
		return c0
	}
	if signed {
		a = append([]val(nil), a...)
		x = append([]val(nil), x...)
		n := len(a) - 1
		a[n], x[n] = b.not(a[n]), b.not(x[n])
	}
	if b.e.strash != nil {
		return b.lessChain(a, x)
	}
	_, c := b.sub(a, x) // carry out = a >= x
	return b.not(c)
}

// lessChain returns a < x (unsigned) for behavioural designs, deciding
// from the low bit up: a bit where a and x differ decides, equal bits
// keep the decision below. A bit with one constant side costs one gate
// (with a constant x bit it is a >= x that takes one gate: AND for a 1,
// OR for a 0).
func (b bld) lessChain(a, x []val) val {
	lt := c0
	for i := range a {
		switch {
		case isConst(x[i]) && !isConst(a[i]):
			ge := b.not(lt)
			if x[i] == c1 {
				ge = b.and(a[i], ge)
			} else {
				ge = b.or(a[i], ge)
			}
			lt = b.not(ge)
		case isConst(a[i]) && !isConst(x[i]):
			if a[i] == c1 {
				lt = b.and(x[i], lt)
			} else {
				lt = b.or(x[i], lt)
			}
		default:
			lt = b.mux(b.xor(a[i], x[i]), lt, x[i])
		}
	}
	return lt
}

func (b bld) equal(a, x []val) val {
	return b.reduce(circuits.And, b.bitwise(circuits.Xnor, a, x))
}

// shift shifts a by a constant amount; left or right, filling with fill.
func shiftConst(a []val, n uint64, left bool, fill val) []val {
	w := len(a)
	r := make([]val, w)
	for i := range r {
		var src uint64
		if left {
			if uint64(i) < n {
				r[i] = c0
				continue
			}
			src = uint64(i) - n
		} else {
			src = uint64(i) + n
			if src >= uint64(w) || src < n {
				r[i] = fill
				continue
			}
		}
		r[i] = a[src]
	}
	return r
}

// shiftVar shifts a by the unsigned amount amt using a barrel of MUXes.
func (b bld) shiftVar(a, amt []val, left bool, fill val) []val {
	cur := a
	var over []val
	for k, s := range amt {
		if k >= 63 || uint64(1)<<uint(k) >= uint64(len(a)) {
			over = append(over, s)
			continue
		}
		sh := shiftConst(cur, uint64(1)<<uint(k), left, fill)
		next := make([]val, len(cur))
		for i := range cur {
			next[i] = b.mux(s, cur[i], sh[i])
		}
		cur = next
	}
	if len(over) > 0 {
		o := b.reduce(circuits.Or, over)
		f := fill
		if left {
			f = c0
		}
		// cur may still be a, which can be a net's own bits: write a copy.
		cur = append([]val(nil), cur...)
		for i := range cur {
			cur[i] = b.mux(o, cur[i], f)
		}
	}
	return cur
}
