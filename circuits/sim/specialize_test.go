package sim

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/sim/simtest"
)

// evalTied evaluates p on words of random inputs with the tied bits held
// at their values, and q on the same inputs except that tied bits get
// other random words (q must not read them); it reports the first output
// word that differs.
func evalTied(t *testing.T, name string, p, q *Program, tie []int8, rng *rand.Rand) {
	t.Helper()
	const words = 4
	in := make([][]uint64, p.NumInputs)
	junk := make([][]uint64, p.NumInputs)
	for i := range in {
		in[i], junk[i] = make([]uint64, words), make([]uint64, words)
		for j := range in[i] {
			in[i][j], junk[i][j] = rng.Uint64(), rng.Uint64()
		}
		if i < len(tie) && tie[i] >= 0 {
			for j := range in[i] {
				in[i][j] = -uint64(tie[i])
			}
		} else {
			copy(junk[i], in[i])
		}
	}
	want, err := p.Eval(in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := q.Eval(junk)
	if err != nil {
		t.Fatal(err)
	}
	for o := range want {
		for j := range want[o] {
			if got[o][j] != want[o][j] {
				t.Fatalf("%s: output %d word %d: specialized %#x, original %#x (tie %v)", name, o, j, got[o][j], want[o][j], tie)
			}
		}
	}
}

func randomTie(rng *rand.Rand, n int, pFree float64) []int8 {
	tie := make([]int8, rng.IntN(n+1))
	for i := range tie {
		tie[i] = -1
		if rng.Float64() >= pFree {
			tie[i] = int8(rng.IntN(2))
		}
	}
	return tie
}

// TestSpecializeRandom checks Specialize on random netlists of every gate
// kind against the original program with the tied inputs held constant,
// for random ties (none, some, all), and again after a second
// specialization of the result, under every kernel.
func TestSpecializeRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for _, kn := range Kernels() {
		restore, err := SetKernel(kn)
		if err != nil {
			t.Fatal(err)
		}
		for c := range 60 {
			n := simtest.RandomDAG(rng, 2+rng.IntN(20), 1+rng.IntN(400), 2+rng.IntN(20))
			p, err := Compile(n)
			if err != nil {
				t.Fatal(err)
			}
			for r := range 8 {
				name := fmt.Sprintf("%s/circuit %d/tie %d", kn, c, r)
				tie := randomTie(rng, p.NumInputs, rng.Float64())
				q, err := p.Specialize(tie)
				if err != nil {
					t.Fatal(err)
				}
				if q.NumInputs != p.NumInputs || len(q.Outputs) != len(p.Outputs) {
					t.Fatalf("%s: %d inputs %d outputs, want %d %d", name, q.NumInputs, len(q.Outputs), p.NumInputs, len(p.Outputs))
				}
				evalTied(t, name, p, q, tie, rng)
				// Tie more bits of the specialized program.
				more := randomTie(rng, p.NumInputs, 0.5)
				both := append([]int8(nil), tie...)
				for i, v := range more {
					if i >= len(both) {
						both = append(both, v)
					} else if both[i] < 0 {
						both[i] = v
					}
				}
				q2, err := q.Specialize(both)
				if err != nil {
					t.Fatal(err)
				}
				evalTied(t, name+"/again", p, q2, both, rng)
			}
		}
		restore()
	}
}

// TestSpecializeArray checks hand-computed cases on an 8x8 array
// multiplier: with B tied to 0 every output is the constant 0 and with
// B = 1 the product is A, so one CONST0 instruction is all that is left
// (outputs read A's input slots); with B = 2 likewise; tying nothing keeps
// the program's length, and tying B's top half to 0 shortens it.
func TestSpecializeArray(t *testing.T) {
	p, err := Compile(simtest.ArrayMultiplier(8, 8))
	if err != nil {
		t.Fatal(err)
	}
	bPort, _ := p.InputPort("B")
	tieB := func(v, bits int) []int8 {
		tie := make([]int8, p.NumInputs)
		for i := range tie {
			tie[i] = -1
		}
		for i := 8 - bits; i < 8; i++ {
			tie[bPort.Offset+i] = int8(v >> (i - (8 - bits)) & 1)
		}
		return tie
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, v := range []int{0, 1, 2} {
		q, err := p.Specialize(tieB(v, 8))
		if err != nil {
			t.Fatal(err)
		}
		if len(q.Code) != 1 || q.Code[0].Op != OpConst0 {
			t.Errorf("B = %d: code %v, want one CONST0", v, q.Code)
		}
		evalTied(t, fmt.Sprintf("B=%d", v), p, q, tieB(v, 8), rng)
	}
	q, err := p.Specialize(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Code) != len(p.Code) {
		t.Errorf("nothing tied: %d instructions, want %d", len(q.Code), len(p.Code))
	}
	q, err = p.Specialize(tieB(0, 4))
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Code) >= len(p.Code)*2/3 {
		t.Errorf("B's top half 0: %d instructions of %d", len(q.Code), len(p.Code))
	}
	evalTied(t, "B top half 0", p, q, tieB(0, 4), rng)
}

func TestSpecializeErrors(t *testing.T) {
	p, err := Compile(simtest.ArrayMultiplier(2, 2))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		p    *Program
		tie  []int8
		want string
	}{
		{p, make([]int8, 5), "5 tied bits for 4 inputs"},
		{p, []int8{0, 2}, "tie[1] = 2"},
		{p, []int8{-2}, "tie[0] = -2"},
		{&Program{Name: "hand"}, nil, "not made by Compile"},
	} {
		if _, err := tc.p.Specialize(tc.tie); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Specialize(%v): err = %v, want %q", tc.tie, err, tc.want)
		}
	}
}

// asMultiplier renames the ports of a RandomDAG netlist to A, B and O (O
// the two output ports together) so that it runs as a Multiplier whose
// outputs are far from products.
func asMultiplier(n *circuits.Netlist) *circuits.Netlist {
	c := *n
	c.Ports = nil
	var o []circuits.Net
	for _, p := range n.Ports {
		switch {
		case p.Dir == circuits.Input && p.Name == "X":
			c.Ports = append(c.Ports, circuits.Port{Name: "A", Dir: circuits.Input, Bits: p.Bits})
		case p.Dir == circuits.Input:
			c.Ports = append(c.Ports, circuits.Port{Name: "B", Dir: circuits.Input, Bits: p.Bits})
		default:
			o = append(o, p.Bits...)
		}
	}
	c.Ports = append(c.Ports, circuits.Port{Name: "O", Dir: circuits.Output, Bits: o})
	return &c
}

// TestExhaustiveSpecialized runs exhaustive sweeps with specialized
// programs per block group (low minimum of free bits) and without, under
// every kernel and several worker counts, and compares every output of
// ExhaustiveOutputs and the planes of ExhaustivePlanes.
func TestExhaustiveSpecialized(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	nets := []*circuits.Netlist{simtest.ArrayMultiplier(10, 8), simtest.BaughWooley(9, 9)}
	for range 4 {
		nets = append(nets, asMultiplier(simtest.RandomDAG(rng, 16+rng.IntN(3), 300+rng.IntN(300), 16)))
	}
	for ci, n := range nets {
		ref, err := NewMultiplier(n)
		if err != nil {
			t.Fatal(err)
		}
		ref.specMin = 64
		want := make([]uint64, 1<<(ref.n+ref.m))
		if err := ref.ExhaustiveOutputs(context.Background(), 1, func(int) func(*Block) {
			return func(b *Block) { copy(want[b.Start:], b.Out) }
		}); err != nil {
			t.Fatal(err)
		}
		for _, kn := range Kernels() {
			restore, err := SetKernel(kn)
			if err != nil {
				t.Fatal(err)
			}
			for _, workers := range []int{1, 2, 3} {
				for _, specMin := range []int{11, 14} {
					mu, err := NewMultiplier(n)
					if err != nil {
						t.Fatal(err)
					}
					mu.specMin = specMin
					name := fmt.Sprintf("net %d (%s)/%s/workers=%d/specMin=%d", ci, n.Name, kn, workers, specMin)
					got := make([]uint64, len(want))
					if err := mu.ExhaustiveOutputs(context.Background(), workers, func(int) func(*Block) {
						return func(b *Block) { copy(got[b.Start:], b.Out) }
					}); err != nil {
						t.Fatal(err)
					}
					planes := make([]uint64, len(want))
					if err := mu.ExhaustivePlanes(context.Background(), workers, func(int) func(*Block) {
						return func(b *Block) { copy(planes[b.Start:], b.DecodeOutputs(nil)) }
					}); err != nil {
						t.Fatal(err)
					}
					for i := range want {
						if got[i] != want[i] || planes[i] != want[i] {
							t.Fatalf("%s: index %d: outputs %#x, planes %#x, unspecialized %#x", name, i, got[i], planes[i], want[i])
						}
					}
				}
			}
			restore()
		}
	}
}
