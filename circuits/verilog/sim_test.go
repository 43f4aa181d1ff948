package verilog

import (
	"testing"

	"github.com/axmul/axmul/circuits"
)

// testSim is a tiny test-only evaluator: gates in topological order, 64
// input patterns per word (lane k of every word is pattern k).
type testSim struct {
	nl    *circuits.Netlist
	order []int
	vals  []uint64
}

func newTestSim(t testing.TB, nl *circuits.Netlist) *testSim {
	t.Helper()
	order, err := nl.TopoOrder()
	if err != nil {
		t.Fatalf("TopoOrder: %v", err)
	}
	return &testSim{nl: nl, order: order, vals: make([]uint64, nl.NumNets)}
}

// run evaluates the netlist; in maps input port names to one word per bit.
// It returns one word per bit for each output port.
func (s *testSim) run(in map[string][]uint64) map[string][]uint64 {
	for i := range s.vals {
		s.vals[i] = 0
	}
	for _, p := range s.nl.InputPorts() {
		w := in[p.Name]
		for i, b := range p.Bits {
			if i < len(w) {
				s.vals[b] = w[i]
			}
		}
	}
	for _, gi := range s.order {
		g := s.nl.Gates[gi]
		var a, b, c uint64
		if g.In[0] >= 0 {
			a = s.vals[g.In[0]]
		}
		if g.In[1] >= 0 {
			b = s.vals[g.In[1]]
		}
		if g.In[2] >= 0 {
			c = s.vals[g.In[2]]
		}
		s.vals[g.Out] = g.Kind.Eval(a, b, c)
	}
	out := map[string][]uint64{}
	for _, p := range s.nl.OutputPorts() {
		w := make([]uint64, len(p.Bits))
		for i, b := range p.Bits {
			w[i] = s.vals[b]
		}
		out[p.Name] = w
	}
	return out
}

// pack turns up to 64 values into bit-sliced words of width bits.
func pack(vals []uint64, width int) []uint64 {
	w := make([]uint64, width)
	for k, v := range vals {
		for i := 0; i < width; i++ {
			w[i] |= (v >> uint(i) & 1) << uint(k)
		}
	}
	return w
}

// unpack returns lane k of bit-sliced words.
func unpack(words []uint64, k int) uint64 {
	var v uint64
	for i, w := range words {
		v |= (w >> uint(k) & 1) << uint(i)
	}
	return v
}

// evalOnce evaluates the netlist on one input assignment (values by port).
func evalOnce(t testing.TB, nl *circuits.Netlist, in map[string]uint64) map[string]uint64 {
	t.Helper()
	s := newTestSim(t, nl)
	words := map[string][]uint64{}
	for _, p := range nl.InputPorts() {
		words[p.Name] = pack([]uint64{in[p.Name]}, p.Width())
	}
	out := map[string]uint64{}
	for name, w := range s.run(words) {
		out[name] = unpack(w, 0)
	}
	return out
}
