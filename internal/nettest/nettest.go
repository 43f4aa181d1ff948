// Package nettest compares netlists by their truth tables in tests: a small
// word-parallel evaluator over circuits.Kind.Eval, independent of the
// simulator in circuits/sim.
package nettest

import (
	"fmt"
	"math/rand/v2"

	"github.com/axmul/axmul/circuits"
)

// Eval evaluates n on len(in[0]) words of 64 input patterns: in[k] holds
// the k-th input bit (input ports in declaration order, bit 0 first). It
// returns the output bits in the same order.
func Eval(n *circuits.Netlist, in [][]uint64) ([][]uint64, error) {
	order, err := n.TopoOrder()
	if err != nil {
		return nil, err
	}
	words := 0
	if len(in) > 0 {
		words = len(in[0])
	}
	val := make([][]uint64, n.NumNets)
	k := 0
	for _, p := range n.Ports {
		if p.Dir != circuits.Input {
			continue
		}
		for _, b := range p.Bits {
			if k >= len(in) {
				return nil, fmt.Errorf("nettest: %d input vectors for more input bits", len(in))
			}
			val[b] = in[k]
			k++
		}
	}
	zero := make([]uint64, words)
	get := func(id circuits.Net) []uint64 {
		if id < 0 || val[id] == nil {
			return zero
		}
		return val[id]
	}
	for _, gi := range order {
		g := n.Gates[gi]
		a, b, c := get(g.In[0]), get(g.In[1]), get(g.In[2])
		out := make([]uint64, words)
		for w := range out {
			out[w] = g.Kind.Eval(a[w], b[w], c[w])
		}
		val[g.Out] = out
	}
	var outs [][]uint64
	for _, p := range n.Ports {
		if p.Dir == circuits.Output {
			for _, b := range p.Bits {
				outs = append(outs, get(b))
			}
		}
	}
	return outs, nil
}

// Inputs returns test vectors for bits input bits: every pattern when
// bits <= exhaustiveBits (pattern j sets input k to bit k of j), else
// sampleWords*64 patterns drawn from a PCG seeded with seed.
func Inputs(bits, exhaustiveBits, sampleWords int, seed uint64) [][]uint64 {
	in := make([][]uint64, bits)
	if bits <= exhaustiveBits {
		n := 1 << bits
		words := (n + 63) / 64
		for k := range in {
			in[k] = make([]uint64, words)
			for j := 0; j < n; j++ {
				if j>>k&1 == 1 {
					in[k][j/64] |= 1 << (j % 64)
				}
			}
		}
		return in
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for k := range in {
		in[k] = make([]uint64, sampleWords)
		for w := range in[k] {
			in[k][w] = rng.Uint64()
		}
	}
	return in
}

// Signature describes the ports of n: name, direction and width in order.
func Signature(n *circuits.Netlist) string {
	s := ""
	for _, p := range n.Ports {
		d := "in"
		if p.Dir == circuits.Output {
			d = "out"
		}
		s += fmt.Sprintf("%s %s[%d]; ", d, p.Name, len(p.Bits))
	}
	return s
}

// Same reports whether a and b have the same ports and the same outputs on
// the vectors Inputs(inputBits, exhaustiveBits, sampleWords, seed) gives;
// the error says where they differ.
func Same(a, b *circuits.Netlist, exhaustiveBits, sampleWords int, seed uint64) error {
	if sa, sb := Signature(a), Signature(b); sa != sb {
		return fmt.Errorf("ports differ:\n  %s\n  %s", sa, sb)
	}
	bits := 0
	for _, p := range a.InputPorts() {
		bits += len(p.Bits)
	}
	in := Inputs(bits, exhaustiveBits, sampleWords, seed)
	oa, err := Eval(a, in)
	if err != nil {
		return err
	}
	ob, err := Eval(b, in)
	if err != nil {
		return err
	}
	for k := range oa {
		for w := range oa[k] {
			if oa[k][w] != ob[k][w] {
				return fmt.Errorf("output bit %d differs in word %d: %#x vs %#x", k, w, oa[k][w], ob[k][w])
			}
		}
	}
	return nil
}
