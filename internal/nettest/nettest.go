// Package nettest compares netlists by their truth tables in tests: a small
// word-parallel evaluator over circuits.Kind.Eval, independent of the
// simulator in circuits/sim.
package nettest

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

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
	slab := make([]uint64, len(order)*words)
	for i, gi := range order {
		g := n.Gates[gi]
		a, b, c := get(g.In[0]), get(g.In[1]), get(g.In[2])
		out := slab[i*words : (i+1)*words : (i+1)*words]
		switch g.Kind {
		case circuits.And:
			for w := range out {
				out[w] = a[w] & b[w]
			}
		case circuits.Or:
			for w := range out {
				out[w] = a[w] | b[w]
			}
		case circuits.Xor:
			for w := range out {
				out[w] = a[w] ^ b[w]
			}
		case circuits.Not:
			for w := range out {
				out[w] = ^a[w]
			}
		default:
			for w := range out {
				out[w] = g.Kind.Eval(a[w], b[w], c[w])
			}
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

// Table is the truth table of a netlist on a set of input vectors.
type Table struct {
	Sig string     // Signature of the netlist
	In  [][]uint64 // input vectors, as Eval takes them
	Out [][]uint64 // outputs, as Eval returns them
}

// NewTable evaluates a on the vectors Inputs(input bits, exhaustiveBits,
// sampleWords, seed) gives.
func NewTable(a *circuits.Netlist, exhaustiveBits, sampleWords int, seed uint64) (*Table, error) {
	bits := 0
	for _, p := range a.InputPorts() {
		bits += len(p.Bits)
	}
	in := Inputs(bits, exhaustiveBits, sampleWords, seed)
	out, err := Eval(a, in)
	if err != nil {
		return nil, err
	}
	return &Table{Sig: Signature(a), In: in, Out: out}, nil
}

// Check reports whether b has the table's ports and outputs.
func (t *Table) Check(b *circuits.Netlist) error {
	if sb := Signature(b); sb != t.Sig {
		return fmt.Errorf("ports differ:\n  %s\n  %s", t.Sig, sb)
	}
	ob, err := Eval(b, t.In)
	if err != nil {
		return err
	}
	for k := range t.Out {
		for w := range t.Out[k] {
			if t.Out[k][w] != ob[k][w] {
				return fmt.Errorf("output bit %d differs in word %d: %#x vs %#x", k, w, t.Out[k][w], ob[k][w])
			}
		}
	}
	return nil
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

// bitOf names bit i of port p as (bus, index): a bus port's own name and
// i, or for a one-bit port called NAME[k], NAME and k.
func bitOf(p circuits.Port, i int) (string, int) {
	if len(p.Bits) > 1 {
		return p.Name, i
	}
	if open := strings.LastIndexByte(p.Name, '['); open > 0 && strings.HasSuffix(p.Name, "]") {
		if k, err := strconv.Atoi(p.Name[open+1 : len(p.Name)-1]); err == nil {
			return p.Name[:open], k
		}
	}
	return p.Name, 0
}

// MulError simulates n as an na x nb multiplier with inputs A and B and one
// output bus (bus ports or one-bit ports A[i], B[i], O[i]) on every operand
// pair and returns its mean and worst-case absolute error against exact
// multiplication.
func MulError(tb testing.TB, n *circuits.Netlist, na, nb int, signed bool) (mae float64, wce int64) {
	tb.Helper()
	bits := na + nb
	all := Inputs(bits, bits, 0, 0)
	var in [][]uint64
	for _, p := range n.InputPorts() {
		for i := range p.Bits {
			bus, k := bitOf(p, i)
			switch {
			case bus == "A" && k < na:
				in = append(in, all[k])
			case bus == "B" && k < nb:
				in = append(in, all[na+k])
			default:
				tb.Fatalf("%s: input %s[%d] is not a bit of A[%d] or B[%d]", n.Name, bus, k, na, nb)
			}
		}
	}
	outs, err := Eval(n, in)
	if err != nil {
		tb.Fatal(err)
	}
	weight := make([]int, len(outs))
	k := 0
	for _, p := range n.OutputPorts() {
		for i := range p.Bits {
			_, weight[k] = bitOf(p, i)
			k++
		}
	}
	ob := 0
	for _, w := range weight {
		ob = max(ob, w+1)
	}
	dec := func(v uint64, w int) int64 {
		if signed && v>>(w-1)&1 == 1 {
			return int64(v) - 1<<w
		}
		return int64(v)
	}
	var sum float64
	for j := 0; j < 1<<bits; j++ {
		a, b := uint64(j)&(1<<na-1), uint64(j)>>na
		var o uint64
		for k, w := range weight {
			o |= (outs[k][j/64] >> (j % 64) & 1) << w
		}
		e := dec(o, ob) - dec(a, na)*dec(b, nb)
		if e < 0 {
			e = -e
		}
		sum += float64(e)
		wce = max(wce, e)
	}
	return sum / float64(int(1)<<bits), wce
}
