package param

import "math/bits"

// ppBit is one partial-product bit of the n x m multiplication matrix: A[i]
// AND B[j] of weight 2^(i+j), inverted (NAND) when neg is set.
type ppBit struct {
	i, j int
	neg  bool
}

func (p ppBit) col() int { return p.i + p.j }

// ppMatrix returns the partial-product bits of an n x m multiplier, row by
// row (j, the B bit, outer; i, the A bit, inner), and the constant that
// completes them: 0 for unsigned operands; for two's complement operands
// the modified Baugh-Wooley form, in which the bits that pair exactly one
// sign bit with a non-sign bit are NANDs and the constant is
// 2^(n-1) + 2^(m-1) + 2^(n+m-1) modulo 2^(n+m).
func ppMatrix(n, m int, signed bool) (pp []ppBit, konst uint64) {
	for j := 0; j < m; j++ {
		for i := 0; i < n; i++ {
			neg := signed && ((i == n-1) != (j == m-1))
			pp = append(pp, ppBit{i, j, neg})
		}
	}
	if signed {
		konst = (uint64(1)<<(n-1) + uint64(1)<<(m-1) + uint64(1)<<(n+m-1)) & mask(n+m)
	}
	return pp, konst
}

func mask(w int) uint64 { return uint64(1)<<w - 1 }

// arraySum builds a carry-save array multiplier over the kept
// partial-product bits plus the constant konst, and returns the n+m output
// bits (the sum modulo 2^(n+m)). The constant's bits seed the sum vector;
// each partial-product row j is then added to the (sum, carry) vectors by a
// row of full adders (three bits present in a column), half adders (two) or
// wires (one), the carries moving one column left; a ripple-carry adder
// merges the final sum and carry vectors. Dropped bits simply leave their
// cells out, which is how truncated and broken-array multipliers differ from
// the accurate one.
func (bd *builder) arraySum(a, b []node, pp []ppBit, konst uint64) []node {
	w := len(a) + len(b)
	sum := make([]node, w+1)
	carry := make([]node, w+1)
	present := func(x node) bool { return x >= 0 }
	for c := range sum {
		sum[c], carry[c] = -1, -1
	}
	for c := 0; c < w; c++ {
		if konst>>c&1 == 1 {
			sum[c] = one
		}
	}
	for k := 0; k < len(pp); {
		// One row: the bits with the same j.
		row := map[int]node{}
		j := pp[k].j
		for ; k < len(pp) && pp[k].j == j; k++ {
			p := pp[k]
			x := bd.and(a[p.i], b[p.j])
			if p.neg {
				x = bd.not(x)
			}
			row[p.col()] = x
		}
		next := make([]node, w+1)
		for c := range next {
			next[c] = -1
		}
		for c := 0; c < w; c++ {
			var in []node
			if x, ok := row[c]; ok {
				in = append(in, x)
			}
			if present(sum[c]) {
				in = append(in, sum[c])
			}
			if present(carry[c]) {
				in = append(in, carry[c])
			}
			switch len(in) {
			case 0:
				sum[c] = -1
			case 1:
				sum[c] = in[0]
			case 2:
				sum[c], next[c+1] = bd.ha(in[0], in[1])
			case 3:
				sum[c], next[c+1] = bd.fa(in[0], in[1], in[2])
			}
		}
		carry = next
	}
	out := make([]node, w)
	c := node(zero)
	for col := 0; col < w; col++ {
		var in []node
		if present(sum[col]) {
			in = append(in, sum[col])
		}
		if present(carry[col]) {
			in = append(in, carry[col])
		}
		if c != zero {
			in = append(in, c)
		}
		switch len(in) {
		case 0:
			out[col], c = zero, zero
		case 1:
			out[col], c = in[0], zero
		case 2:
			out[col], c = bd.ha(in[0], in[1])
		case 3:
			out[col], c = bd.fa(in[0], in[1], in[2])
		}
	}
	return out
}

// mulU builds an exact unsigned array multiplier of the operand bits x and y
// and returns its len(x)+len(y) product bits.
func (bd *builder) mulU(x, y []node) []node {
	pp, _ := ppMatrix(len(x), len(y), false)
	return bd.arraySum(x, y, pp, 0)
}

// addU is a ripple-carry adder of two unsigned numbers (bit 0 first) and a
// carry-in; it returns max(len(x), len(y))+1 bits.
func (bd *builder) addU(x, y []node, cin node) []node {
	w := max(len(x), len(y))
	out := make([]node, w+1)
	c := cin
	for i := 0; i < w; i++ {
		xi, yi := node(zero), node(zero)
		if i < len(x) {
			xi = x[i]
		}
		if i < len(y) {
			yi = y[i]
		}
		out[i], c = bd.fa(xi, yi, c)
	}
	out[w] = c
	return out
}

// condNeg returns x when s is 0 and -x modulo 2^len(x) when s is 1, computed
// as (x XOR s) + s with a chain of half adders.
func (bd *builder) condNeg(x []node, s node) []node {
	out := make([]node, len(x))
	c := s
	for i, xi := range x {
		out[i], c = bd.ha(bd.xor(xi, s), c)
	}
	return out
}

// lod is a leading-one detector: h[t] is 1 iff bit t is the most
// significant 1 of x; above[t] is the OR of the bits above t.
func (bd *builder) lod(x []node) (h, above []node) {
	w := len(x)
	h = make([]node, w)
	above = make([]node, w)
	acc := node(zero)
	for t := w - 1; t >= 0; t-- {
		above[t] = acc
		h[t] = bd.and(x[t], bd.not(acc))
		acc = bd.or(acc, x[t])
	}
	return h, above
}

// encode is a priority encoder stage: it returns the width bits of
// f(t) for the one-hot index t set in h (bits are 0 when none is set);
// only indices t with lo <= t < len(h) are considered.
func (bd *builder) encode(h []node, lo int, f func(t int) int, width int) []node {
	out := make([]node, width)
	for k := range out {
		var terms []node
		for t := lo; t < len(h); t++ {
			if f(t)>>k&1 == 1 {
				terms = append(terms, h[t])
			}
		}
		out[k] = bd.orAll(terms)
	}
	return out
}

// shl is a logarithmic barrel shifter: it returns the width low bits of x
// shifted left by the unsigned amount amt, one stage of 2-to-1 multiplexers
// per amount bit.
func (bd *builder) shl(x, amt []node, width int) []node {
	cur := make([]node, width)
	for i := range cur {
		cur[i] = zero
		if i < len(x) {
			cur[i] = x[i]
		}
	}
	for k, s := range amt {
		sh := 1 << k
		next := make([]node, width)
		for i := range next {
			d1 := node(zero)
			if i >= sh {
				d1 = cur[i-sh]
			}
			next[i] = bd.mux(s, cur[i], d1)
		}
		cur = next
	}
	return cur
}

// bitsFor returns the number of bits needed to hold values 0..v.
func bitsFor(v int) int { return bits.Len(uint(v)) }
