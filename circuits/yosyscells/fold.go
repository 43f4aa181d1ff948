package yosyscells

import "github.com/axmul/axmul/circuits"

// fold builds gates through a Builder, folding constants and trivial
// cases (x AND x, x XOR 1, ...) so that the Builder sees real gates only.
type fold struct{ b Builder }

func constOf(b bool) circuits.Net {
	if b {
		return One
	}
	return Zero
}

func (f fold) not(a circuits.Net) circuits.Net {
	switch a {
	case Zero:
		return One
	case One:
		return Zero
	}
	return f.b.Gate(circuits.Not, a)
}

// op builds a two-input gate of kind k (And, Or, Xor, Nand, Nor, Xnor).
func (f fold) op(k circuits.Kind, a, x circuits.Net) circuits.Net {
	base, inv := k, false
	switch k {
	case circuits.Nand:
		base, inv = circuits.And, true
	case circuits.Nor:
		base, inv = circuits.Or, true
	case circuits.Xnor:
		base, inv = circuits.Xor, true
	}
	if IsConst(x) && !IsConst(a) {
		a, x = x, a
	}
	var v circuits.Net
	folded := true
	switch base {
	case circuits.And:
		switch {
		case a == Zero:
			v = Zero
		case a == One:
			v = x
		case a == x:
			v = a
		default:
			folded = false
		}
	case circuits.Or:
		switch {
		case a == One:
			v = One
		case a == Zero:
			v = x
		case a == x:
			v = a
		default:
			folded = false
		}
	case circuits.Xor:
		switch {
		case a == Zero:
			v = x
		case a == One:
			v = f.not(x)
		case a == x:
			v = Zero
		default:
			folded = false
		}
	}
	if !folded {
		return f.b.Gate(k, a, x)
	}
	if inv {
		return f.not(v)
	}
	return v
}

func (f fold) and(a, x circuits.Net) circuits.Net  { return f.op(circuits.And, a, x) }
func (f fold) or(a, x circuits.Net) circuits.Net   { return f.op(circuits.Or, a, x) }
func (f fold) xor(a, x circuits.Net) circuits.Net  { return f.op(circuits.Xor, a, x) }
func (f fold) nand(a, x circuits.Net) circuits.Net { return f.op(circuits.Nand, a, x) }
func (f fold) nor(a, x circuits.Net) circuits.Net  { return f.op(circuits.Nor, a, x) }

// mux returns s ? d1 : d0.
func (f fold) mux(s, d0, d1 circuits.Net) circuits.Net {
	switch {
	case s == Zero || d0 == d1:
		return d0
	case s == One:
		return d1
	case d0 == Zero && d1 == One:
		return s
	case d0 == One && d1 == Zero:
		return f.not(s)
	case d0 == Zero:
		return f.and(s, d1)
	case d1 == One:
		return f.or(s, d0)
	case d1 == Zero:
		return f.and(f.not(s), d0)
	case d0 == One:
		return f.or(f.not(s), d1)
	}
	return f.b.Gate(circuits.Mux, s, d0, d1)
}

// reduce folds the bits of v with a two-input kind; empty v gives empty.
func (f fold) reduce(k circuits.Kind, v []circuits.Net, empty circuits.Net) circuits.Net {
	if len(v) == 0 {
		return empty
	}
	r := v[0]
	for _, x := range v[1:] {
		r = f.op(k, r, x)
	}
	return r
}

// ext returns the low w bits of v, extended with its top bit when signed
// or with zeros.
func ext(v []circuits.Net, w int, signed bool) []circuits.Net {
	r := make([]circuits.Net, w)
	fill := Zero
	if signed && len(v) > 0 {
		fill = v[len(v)-1]
	}
	for i := range r {
		if i < len(v) {
			r[i] = v[i]
		} else {
			r[i] = fill
		}
	}
	return r
}

// add returns the w-bit sum a + x + cin (a and x of width w) and the carry.
func (f fold) add(a, x []circuits.Net, cin circuits.Net) ([]circuits.Net, circuits.Net) {
	s := make([]circuits.Net, len(a))
	c := cin
	for i := range a {
		p := f.xor(a[i], x[i])
		s[i] = f.xor(p, c)
		c = f.or(f.and(a[i], x[i]), f.and(p, c))
	}
	return s, c
}

func (f fold) notv(a []circuits.Net) []circuits.Net {
	r := make([]circuits.Net, len(a))
	for i, x := range a {
		r[i] = f.not(x)
	}
	return r
}

// mul returns the low len(a) bits of a*x (same widths).
func (f fold) mul(a, x []circuits.Net) []circuits.Net {
	w := len(a)
	acc := make([]circuits.Net, w)
	for i := range acc {
		acc[i] = Zero
	}
	for j := 0; j < w; j++ {
		if x[j] == Zero {
			continue
		}
		pp := make([]circuits.Net, w)
		for i := range pp {
			if i < j {
				pp[i] = Zero
			} else {
				pp[i] = f.and(a[i-j], x[j])
			}
		}
		acc, _ = f.add(acc, pp, Zero)
	}
	return acc
}

// less returns a < x for equal-width operands, two's complement when signed.
func (f fold) less(a, x []circuits.Net, signed bool) circuits.Net {
	w := len(a)
	if w == 0 {
		return Zero
	}
	if signed {
		a = append([]circuits.Net(nil), a...)
		x = append([]circuits.Net(nil), x...)
		a[w-1], x[w-1] = f.not(a[w-1]), f.not(x[w-1])
	}
	// a < x iff a - x borrows: no carry out of a + ~x + 1.
	_, c := f.add(a, f.notv(x), One)
	return f.not(c)
}

func (f fold) equal(a, x []circuits.Net) circuits.Net {
	r := One
	for i := range a {
		r = f.and(r, f.op(circuits.Xnor, a[i], x[i]))
	}
	return r
}

// shift shifts a (width w) by the unsigned amount amt, left or right,
// filling with fill.
func (f fold) shift(a, amt []circuits.Net, left bool, fill circuits.Net) []circuits.Net {
	w := len(a)
	cur := a
	for k, s := range amt {
		if s == Zero {
			continue
		}
		next := make([]circuits.Net, w)
		big := k >= 30 || 1<<k >= w
		for i := range next {
			var moved circuits.Net
			switch {
			case big:
				moved = fill
			case left && i >= 1<<k:
				moved = cur[i-(1<<k)]
			case !left && i+(1<<k) < w:
				moved = cur[i+(1<<k)]
			default:
				moved = fill
			}
			next[i] = f.mux(s, cur[i], moved)
		}
		cur = next
	}
	return cur
}
