package hw

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/internal/testshared"
)

// tinyLib parses testdata/tiny.lib, whose tables are linear in load and
// slew (see the comment at its top).
func tinyLib(t testing.TB) *liberty.Library {
	t.Helper()
	lib, err := liberty.ParseFile(filepath.Join("testdata", "tiny.lib"))
	if err != nil {
		t.Fatalf("parse tiny.lib: %v", err)
	}
	return lib
}

// sharedDir returns $AXMUL_SHARED or skips the test.
func sharedDir(t testing.TB) string {
	t.Helper()
	d := testshared.Root()
	if d == "" {
		t.Skip("AXMUL_SHARED not set")
	}
	if _, err := os.Stat(d); err != nil {
		t.Fatalf("AXMUL_SHARED=%s: %v", d, err)
	}
	return d
}

// lookupShared returns $AXMUL_SHARED and true, or false when it is unset;
// it fails the test when it is set but missing.
func lookupShared(t testing.TB) (string, bool) {
	t.Helper()
	d := testshared.Root()
	if d == "" {
		return "", false
	}
	if _, err := os.Stat(d); err != nil {
		t.Fatalf("AXMUL_SHARED=%s: %v", d, err)
	}
	return d, true
}

// sharedLib parses a Liberty file of the shared cells directory.
func sharedLib(t testing.TB, name string) *liberty.Library {
	t.Helper()
	p := filepath.Join(sharedDir(t), "cells", name)
	lib, err := liberty.ParseFile(p)
	if err != nil {
		t.Fatalf("parse %s: %v", p, err)
	}
	return lib
}

// evalNetlist is the test's reference simulator: it evaluates every gate
// in topological order on 64 vectors at once (inputs[i] holds input bit i,
// input ports flattened in order) and returns the value of every net.
func evalNetlist(t testing.TB, n *circuits.Netlist, inputs []uint64) []uint64 {
	t.Helper()
	order, err := n.TopoOrder()
	if err != nil {
		t.Fatal(err)
	}
	v := make([]uint64, n.NumNets)
	k := 0
	for _, p := range n.InputPorts() {
		for _, b := range p.Bits {
			v[b] = inputs[k]
			k++
		}
	}
	for _, gi := range order {
		g := n.Gates[gi]
		var a, b, c uint64
		if g.In[0] >= 0 {
			a = v[g.In[0]]
		}
		if g.In[1] >= 0 {
			b = v[g.In[1]]
		}
		if g.In[2] >= 0 {
			c = v[g.In[2]]
		}
		v[g.Out] = g.Kind.Eval(a, b, c)
	}
	return v
}

// outputs returns the output port bits of n, flattened in order.
func outputs(n *circuits.Netlist, v []uint64) []uint64 {
	var out []uint64
	for _, p := range n.OutputPorts() {
		for _, b := range p.Bits {
			out = append(out, v[b])
		}
	}
	return out
}

func numInputs(n *circuits.Netlist) int {
	k := 0
	for _, p := range n.InputPorts() {
		k += p.Width()
	}
	return k
}

// checkEquivalent simulates a and b on random inputs and compares their
// outputs.
func checkEquivalent(t *testing.T, a, b *circuits.Netlist, rounds int) {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	ni := numInputs(a)
	if numInputs(b) != ni {
		t.Fatalf("input bits: %d vs %d", ni, numInputs(b))
	}
	for range rounds {
		in := make([]uint64, ni)
		for i := range in {
			in[i] = r.Uint64()
		}
		oa := outputs(a, evalNetlist(t, a, in))
		ob := outputs(b, evalNetlist(t, b, in))
		if len(oa) != len(ob) {
			t.Fatalf("output bits: %d vs %d", len(oa), len(ob))
		}
		for i := range oa {
			if oa[i] != ob[i] {
				t.Fatalf("output bit %d differs: %016x vs %016x", i, oa[i], ob[i])
			}
		}
	}
}

// gateNet is a small builder for hand-made netlists.
type gateNet struct {
	*circuits.Netlist
}

func newGateNet(name string, inputs ...string) *gateNet {
	n := &gateNet{&circuits.Netlist{Name: name}}
	for _, in := range inputs {
		n.AddPort(in, circuits.Input, 1)
	}
	return n
}

// in returns the net of 1-bit input port name.
func (n *gateNet) in(name string) circuits.Net {
	p, ok := n.Port(name)
	if !ok {
		panic("no port " + name)
	}
	return p.Bits[0]
}

// g adds a gate on a fresh net and returns the net.
func (n *gateNet) g(k circuits.Kind, in ...circuits.Net) circuits.Net {
	out := n.NewNet("")
	n.AddGate(k, out, in...)
	return out
}

// out declares a 1-bit output port on net x.
func (n *gateNet) out(name string, x circuits.Net) {
	n.Ports = append(n.Ports, circuits.Port{Name: name, Dir: circuits.Output, Bits: []circuits.Net{x}})
}

// randomNetlist builds a random DAG of all gate kinds with the given
// number of inputs, gates and outputs.
func randomNetlist(seed uint64, nin, ngates, nout int) *circuits.Netlist {
	r := rand.New(rand.NewPCG(seed, 7))
	n := newGateNet("rnd")
	var pool []circuits.Net
	for i := range nin {
		p := n.AddPort(string(rune('a'+i%26))+string(rune('0'+i/26)), circuits.Input, 1)
		pool = append(pool, p.Bits[0])
	}
	kinds := circuits.Kinds()
	for range ngates {
		k := kinds[r.IntN(len(kinds))]
		in := make([]circuits.Net, k.Arity())
		for j := range in {
			// Prefer recent nets so that trees form.
			lo := max(0, len(pool)-8)
			if r.IntN(4) == 0 {
				lo = 0
			}
			in[j] = pool[lo+r.IntN(len(pool)-lo)]
		}
		pool = append(pool, n.g(k, in...))
	}
	for i := range nout {
		n.out("o"+string(rune('0'+i%10))+string(rune('a'+i/10)), pool[len(pool)-1-r.IntN(min(len(pool), 3*nout))])
	}
	return n.Netlist
}
