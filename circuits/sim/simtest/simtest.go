// Package simtest builds test netlists directly with the circuits API, with
// no front-end: exact unsigned array multipliers, signed Baugh-Wooley
// multipliers and random gate DAGs. Multipliers have input ports A (n bits)
// and B (m bits) and output O (n+m bits), bit 0 least significant, built
// from AND/NAND gates and full/half adders of XOR, AND and OR.
package simtest

import (
	"fmt"
	"math/rand/v2"

	"github.com/axmul/axmul/circuits"
)

type builder struct {
	n   *circuits.Netlist
	cnt int
}

func (b *builder) gate(k circuits.Kind, in ...circuits.Net) circuits.Net {
	b.cnt++
	out := b.n.NewNet(fmt.Sprintf("w%d", b.cnt))
	b.n.AddGate(k, out, in...)
	return out
}

// add returns sum and carry of the present bits among x, y, z (NoNet means
// absent): a full adder for three, a half adder for two.
func (b *builder) add(x, y, z circuits.Net) (sum, carry circuits.Net) {
	var in []circuits.Net
	for _, v := range []circuits.Net{x, y, z} {
		if v != circuits.NoNet {
			in = append(in, v)
		}
	}
	switch len(in) {
	case 0:
		return circuits.NoNet, circuits.NoNet
	case 1:
		return in[0], circuits.NoNet
	case 2:
		return b.gate(circuits.Xor, in[0], in[1]), b.gate(circuits.And, in[0], in[1])
	}
	t := b.gate(circuits.Xor, in[0], in[1])
	sum = b.gate(circuits.Xor, t, in[2])
	carry = b.gate(circuits.Or, b.gate(circuits.And, in[0], in[1]), b.gate(circuits.And, t, in[2]))
	return sum, carry
}

// drive connects output bit o to net v through a BUF (a constant 0 gate if
// v is NoNet).
func (b *builder) drive(o, v circuits.Net) {
	if v == circuits.NoNet {
		b.n.AddGate(circuits.Const0, o)
		return
	}
	b.n.AddGate(circuits.Buf, o, v)
}

// ArrayMultiplier returns an exact unsigned n x m ripple-carry array
// multiplier: O = A*B. It panics if n or m is below 1.
func ArrayMultiplier(n, m int) *circuits.Netlist {
	if n < 1 || m < 1 {
		panic("simtest: ArrayMultiplier needs n, m >= 1")
	}
	nl := &circuits.Netlist{Name: fmt.Sprintf("array%dx%d", n, m)}
	a := nl.AddPort("A", circuits.Input, n)
	bp := nl.AddPort("B", circuits.Input, m)
	o := nl.AddPort("O", circuits.Output, n+m)
	b := &builder{n: nl}
	acc := make([]circuits.Net, n+m)
	for i := range acc {
		acc[i] = circuits.NoNet
	}
	for j := range m {
		carry := circuits.NoNet
		for i := range n {
			pp := b.gate(circuits.And, a.Bits[i], bp.Bits[j])
			acc[i+j], carry = b.add(acc[i+j], pp, carry)
		}
		acc[j+n] = carry
	}
	for i, v := range acc {
		b.drive(o.Bits[i], v)
	}
	return nl
}

// BaughWooley returns an exact signed n x m Baugh-Wooley multiplier: O is
// the (n+m)-bit two's-complement product of the two's-complement A and B.
// The partial products of one sign bit with the other operand's magnitude
// bits are NANDs, plus constant ones at weights n-1, m-1 and n+m-1; the
// columns are reduced with full and half adders. It panics if n or m is
// below 2.
func BaughWooley(n, m int) *circuits.Netlist {
	if n < 2 || m < 2 {
		panic("simtest: BaughWooley needs n, m >= 2")
	}
	nl := &circuits.Netlist{Name: fmt.Sprintf("bw%dx%d", n, m)}
	a := nl.AddPort("A", circuits.Input, n)
	bp := nl.AddPort("B", circuits.Input, m)
	o := nl.AddPort("O", circuits.Output, n+m)
	b := &builder{n: nl}
	cols := make([][]circuits.Net, n+m+1)
	for i := range n {
		for j := range m {
			k := circuits.And
			if (i == n-1) != (j == m-1) {
				k = circuits.Nand
			}
			cols[i+j] = append(cols[i+j], b.gate(k, a.Bits[i], bp.Bits[j]))
		}
	}
	one := b.gate(circuits.Const1)
	for _, c := range []int{n - 1, m - 1, n + m - 1} {
		cols[c] = append(cols[c], one)
	}
	for c := range n + m {
		for len(cols[c]) > 1 {
			x, y, z := cols[c][0], cols[c][1], circuits.NoNet
			rest := cols[c][2:]
			if len(rest) > 0 {
				z, rest = rest[0], rest[1:]
			}
			s, cy := b.add(x, y, z)
			cols[c] = append(rest, s)
			cols[c+1] = append(cols[c+1], cy) // column n+m is dropped
		}
		v := circuits.NoNet
		if len(cols[c]) == 1 {
			v = cols[c][0]
		}
		b.drive(o.Bits[c], v)
	}
	return nl
}

// RandomDAG returns a random valid netlist with the given numbers of input
// bits (split over two input ports), gates and output bits (split over two
// output ports). Gates of every kind read earlier nets, mostly recent ones
// so that paths are deep; gates are stored in shuffled order; outputs may
// repeat nets and may be input bits or constants. It panics if inputs or
// outputs is below 2.
func RandomDAG(rng *rand.Rand, inputs, gates, outputs int) *circuits.Netlist {
	if inputs < 2 || outputs < 2 {
		panic("simtest: RandomDAG needs at least 2 inputs and 2 outputs")
	}
	nl := &circuits.Netlist{Name: fmt.Sprintf("rand%d", gates)}
	x := nl.AddPort("X", circuits.Input, inputs/2)
	y := nl.AddPort("Y", circuits.Input, inputs-inputs/2)
	nets := append(append([]circuits.Net{}, x.Bits...), y.Bits...)
	kinds := circuits.Kinds()
	pick := func() circuits.Net {
		if rng.IntN(4) == 0 {
			return nets[rng.IntN(len(nets))]
		}
		w := min(len(nets), 16)
		return nets[len(nets)-1-rng.IntN(w)]
	}
	b := &builder{n: nl}
	for range gates {
		k := kinds[rng.IntN(len(kinds))]
		if (k == circuits.Const0 || k == circuits.Const1) && rng.IntN(4) != 0 {
			k = circuits.Xor
		}
		in := make([]circuits.Net, k.Arity())
		for i := range in {
			in[i] = pick()
		}
		if len(in) >= 2 && rng.IntN(16) == 0 {
			in[1] = in[0] // exercise x op x folding
		}
		nets = append(nets, b.gate(k, in...))
	}
	rng.Shuffle(len(nl.Gates), func(i, j int) { nl.Gates[i], nl.Gates[j] = nl.Gates[j], nl.Gates[i] })
	for pi, w := range []int{outputs / 2, outputs - outputs/2} {
		p := nl.AddPort(fmt.Sprintf("Z%d", pi), circuits.Output, w)
		for _, o := range p.Bits {
			nl.AddGate(circuits.Buf, o, pick())
		}
	}
	return nl
}
