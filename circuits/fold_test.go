package circuits

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// evalWords evaluates n gate by gate on 64 input patterns: input bit k of
// the pattern index drives the k-th input bit in port order (ports A, B,
// then the rest); it returns the words of every output bit in port order.
func evalWords(t *testing.T, n *Netlist, inputs map[string][]uint64) []uint64 {
	t.Helper()
	order, err := n.TopoOrder()
	if err != nil {
		t.Fatal(err)
	}
	v := make([]uint64, n.NumNets)
	for _, p := range n.Ports {
		if p.Dir == Input {
			for i, b := range p.Bits {
				v[b] = inputs[p.Name][i]
			}
		}
	}
	for _, gi := range order {
		g := n.Gates[gi]
		var x [3]uint64
		for j := 0; j < g.Kind.Arity(); j++ {
			x[j] = v[g.In[j]]
		}
		v[g.Out] = g.Kind.Eval(x[0], x[1], x[2])
	}
	var out []uint64
	for _, p := range n.Ports {
		if p.Dir == Output {
			for _, b := range p.Bits {
				out = append(out, v[b])
			}
		}
	}
	return out
}

// TestFoldTies builds random netlists of every gate kind with operands A,
// B (3 bits each) and an extra input T (2 bits), ties T, and checks that
// the folded result computes, on all 64 operand pairs, what the original
// computes with T at the tied value (an independent gate-by-gate
// evaluation), that it validates, and that it has no more logic gates.
// A hand-made case checks the folds themselves: en ? x : 0 with en = 1
// becomes a buffer, and logic only the tied input feeds disappears.
func TestFoldTies(t *testing.T) {
	pat := func(k int) uint64 { // bit k of the pattern index, over 64 patterns
		var w uint64
		for i := 0; i < 64; i++ {
			w |= uint64(i>>k&1) << i
		}
		return w
	}
	rng := rand.New(rand.NewPCG(9, 9))
	kinds := Kinds()
	for trial := 0; trial < 300; trial++ {
		n := &Netlist{Name: fmt.Sprintf("r%d", trial)}
		a := n.AddPort("A", Input, 3)
		b := n.AddPort("B", Input, 3)
		tp := n.AddPort("T", Input, 2)
		nets := append(append(append([]Net{}, a.Bits...), b.Bits...), tp.Bits...)
		for g := 0; g < 4+rng.IntN(30); g++ {
			k := kinds[rng.IntN(len(kinds))]
			in := make([]Net, k.Arity())
			for j := range in {
				in[j] = nets[rng.IntN(len(nets))]
			}
			out := n.NewNet("")
			n.AddGate(k, out, in...)
			nets = append(nets, out)
		}
		o := Port{Name: "O", Dir: Output}
		for i := 0; i < 6; i++ {
			o.Bits = append(o.Bits, nets[len(nets)-1-rng.IntN(min(len(nets), 12))])
		}
		n.Ports = append(n.Ports, o)
		if err := n.Validate(); err != nil {
			t.Fatal(err)
		}
		tv := rng.IntN(2) == 1
		folded, _, err := AssignRoles(n, RoleOptions{Ties: []Tie{{Name: "T", Value: tv}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := folded.Validate(); err != nil {
			t.Fatalf("trial %d: folded netlist invalid: %v", trial, err)
		}
		tw := uint64(0)
		if tv {
			tw = ^uint64(0)
		}
		in := map[string][]uint64{"A": {pat(0), pat(1), pat(2)}, "B": {pat(3), pat(4), pat(5)}, "T": {tw, tw}}
		want, got := evalWords(t, n, in), evalWords(t, folded, in)
		if fmt.Sprint(want) != fmt.Sprint(got) {
			t.Fatalf("trial %d (T=%v): folded outputs %x, want %x", trial, tv, got, want)
		}
		s0, _ := n.Stats()
		s1, _ := folded.Stats()
		if s1.Logic > s0.Logic {
			t.Errorf("trial %d: %d logic gates after folding, %d before", trial, s1.Logic, s0.Logic)
		}
	}

	// en ? (A & B) : 0, plus logic of en alone feeding nothing else.
	n := &Netlist{Name: "gated"}
	a := n.AddPort("A", Input, 1)
	b := n.AddPort("B", Input, 1)
	en := n.AddPort("en", Input, 1)
	ab, z, noten, y := n.NewNet("ab"), n.NewNet("z"), n.NewNet("noten"), n.NewNet("y")
	n.AddGate(And, ab, a.Bits[0], b.Bits[0])
	n.AddGate(Const0, z)
	n.AddGate(Not, noten, en.Bits[0])
	n.AddGate(Mux, y, en.Bits[0], noten, ab) // en ? ab : !en; with en=1: ab
	n.Ports = append(n.Ports, Port{Name: "O", Dir: Output, Bits: []Net{y, z}})
	folded, _, err := AssignRoles(n, RoleOptions{Ties: []Tie{{Name: "en", Value: true}}})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := folded.Stats()
	if st.Logic != 1 || st.ByKind[Mux] != 0 || st.ByKind[Not] != 0 || st.ByKind[Buf] != 1 {
		t.Errorf("folded: %v, want the AND, a BUF for the mux and no NOT", st)
	}
}
