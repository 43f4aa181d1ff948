package main

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/gen/evolve"
)

// exact2x2 is a hand-made genome of the exact unsigned 2x2 multiplier:
// inputs a0 a1 b0 b1 are sources 0..3, node i is source 4+i.
func exact2x2() *evolve.Genome {
	n := func(k circuits.Kind, a, b int32) evolve.Node { return evolve.Node{Fn: k, In: [3]int32{a, b, 0}} }
	return &evolve.Genome{
		ABits: 2, BBits: 2, LevelsBack: 16,
		Nodes: []evolve.Node{
			n(circuits.And, 0, 2), // 4: a0b0 = O0
			n(circuits.And, 1, 2), // 5: a1b0
			n(circuits.And, 0, 3), // 6: a0b1
			n(circuits.Xor, 5, 6), // 7: O1
			n(circuits.And, 5, 6), // 8: carry
			n(circuits.And, 1, 3), // 9: a1b1
			n(circuits.Xor, 9, 8), // 10: O2
			n(circuits.And, 9, 8), // 11: O3
			n(circuits.Or, 0, 1),  // 12: inactive
		},
		Outs: []int32{4, 7, 10, 11},
	}
}

// maeConstraint is a reference constraint for the tests: the mean
// absolute error of an unsigned multiplier over an exhaustive domain,
// computed pair by pair from the output planes.
type maeConstraint struct {
	d   evolve.Domain
	max float64
}

func newMAE(aBits, bBits int, max float64) *maeConstraint {
	p := 1 << (aBits + bBits)
	return &maeConstraint{d: evolve.Domain{ABits: aBits, BBits: bBits, Pairs: p, Words: (p + 63) / 64}, max: max}
}

func (c *maeConstraint) Name() string           { return fmt.Sprintf("mae <= %g", c.max) }
func (c *maeConstraint) Domain() *evolve.Domain { return &c.d }
func (c *maeConstraint) Max() float64           { return c.max }
func (c *maeConstraint) Value(outs [][]uint64) float64 {
	var sum float64
	for p := range c.d.Pairs {
		var got int64
		for k := range outs {
			got |= int64(outs[k][p/64]>>(p%64)&1) << k
		}
		a, b := int64(p&(1<<c.d.ABits-1)), int64(p>>c.d.ABits)
		sum += math.Abs(float64(got - a*b))
	}
	return sum / float64(c.d.Pairs)
}

// simulateGenome evaluates g on every pair with circuits.Kind.Eval, one
// pair per bit (independent of genomeNetlist and of the writers).
func simulateGenome(g *evolve.Genome, d *evolve.Domain) [][]uint64 {
	nin := g.NumInputs()
	val := make([][]uint64, nin+len(g.Nodes))
	for s := range nin {
		val[s] = make([]uint64, d.Words)
		for p := range d.Pairs {
			val[s][p/64] |= uint64(p>>s&1) << (p % 64)
		}
	}
	for i, nd := range g.Nodes {
		v := make([]uint64, d.Words)
		for w := range v {
			var x [3]uint64
			for j := range nd.Fn.Arity() {
				x[j] = val[nd.In[j]][w]
			}
			v[w] = nd.Fn.Eval(x[0], x[1], x[2])
		}
		val[nin+i] = v
	}
	outs := make([][]uint64, len(g.Outs))
	mask := uint64(1)<<(d.Pairs%64) - 1
	for k, s := range g.Outs {
		outs[k] = append([]uint64(nil), val[s]...)
		if d.Pairs%64 != 0 {
			outs[k][d.Words-1] &= mask
		}
	}
	return outs
}

// TestWriteNetlistsRoundTrip writes hand-made genomes in every format,
// and checks that writeNetlists re-reads them to the constraint value the
// genome simulates to, and refuses a wrong reported value.
func TestWriteNetlistsRoundTrip(t *testing.T) {
	exact := exact2x2()
	// O3 read straight from input a0, O2 and O1 from the same node, O0
	// constant 1: outputs that alias inputs, each other and constants.
	odd := exact2x2()
	odd.Nodes = append(odd.Nodes, evolve.Node{Fn: circuits.Const1})
	odd.Outs = []int32{13, 7, 7, 0}
	for _, tc := range []struct {
		name       string
		g          *evolve.Genome
		wantMAE    float64
		wantGates  int
		wantActive int
	}{
		{"exact", exact, 0, 8, 8},
		// Hand-computed: over the 16 pairs, O = 1 + 6·O1(a,b) + 8·a0.
		{"odd", odd, -1, 3, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			con := newMAE(2, 2, 1)
			want := con.Value(simulateGenome(tc.g, con.Domain()))
			if tc.wantMAE >= 0 && want != tc.wantMAE {
				t.Fatalf("reference MAE %v, want %v", want, tc.wantMAE)
			}
			if act := tc.g.Active(); len(act) != tc.wantActive {
				t.Fatalf("active nodes %v, want %d", act, tc.wantActive)
			}
			dir := t.TempDir()
			r := &evoRecord{Name: "mul2u_t", Value: want}
			if _, err := writeNetlists(context.Background(), dir, []string{"v", "blif", "aag"}, tc.g, con, r); err != nil {
				t.Fatal(err)
			}
			if strings.Join(r.Files, " ") != "v/mul2u_t.v blif/mul2u_t.blif aag/mul2u_t.aag" || r.Gates != tc.wantGates {
				t.Errorf("files %v, gates %d; want three files and %d gates", r.Files, r.Gates, tc.wantGates)
			}
			if tc.wantMAE == 0 && (r.Metrics.MAE != 0 || r.Metrics.WCE != 0) {
				t.Errorf("exact circuit re-simulates to metrics %+v", r.Metrics)
			}
			if tc.wantMAE < 0 && r.Metrics.MAE != want {
				t.Errorf("gen.Characterise MAE %v, reference %v", r.Metrics.MAE, want)
			}
			bad := &evoRecord{Name: "mul2u_t", Value: want + 0.5}
			_, err := writeNetlists(context.Background(), t.TempDir(), []string{"v"}, tc.g, con, bad)
			if err == nil || !strings.Contains(err.Error(), "but the evolution reported") {
				t.Errorf("a wrong reported value: %v, want a mismatch error", err)
			}
		})
	}
}
