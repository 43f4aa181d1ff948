package simtest

import (
	"math/rand/v2"
	"testing"

	"github.com/axmul/axmul/circuits"
)

func TestArrayMultiplierShape(t *testing.T) {
	// Row 0 is n ANDs; row 1 adds with two half adders and n-2 full
	// adders; rows 2..m-1 with one half adder and n-1 full adders (HA = 2
	// gates, FA = 5), so Logic = n*m + 4 + 5(n-2) + (m-2)(2 + 5(n-1)).
	for _, tc := range []struct{ n, m int }{{2, 2}, {8, 8}, {5, 3}, {12, 4}, {16, 16}} {
		nl := ArrayMultiplier(tc.n, tc.m)
		if err := nl.Validate(); err != nil {
			t.Fatal(err)
		}
		st, err := nl.Stats()
		if err != nil {
			t.Fatal(err)
		}
		want := tc.n*tc.m + 4 + 5*(tc.n-2) + (tc.m-2)*(2+5*(tc.n-1))
		if st.Logic != want || st.ByKind[circuits.Buf] != tc.n+tc.m {
			t.Errorf("%dx%d: %v, want %d logic gates and %d BUFs", tc.n, tc.m, st, want, tc.n+tc.m)
		}
	}
}

func TestBaughWooleyShape(t *testing.T) {
	for _, tc := range []struct{ n, m int }{{2, 2}, {8, 8}, {5, 3}, {3, 9}} {
		nl := BaughWooley(tc.n, tc.m)
		if err := nl.Validate(); err != nil {
			t.Fatal(err)
		}
		st, _ := nl.Stats()
		// NANDs: the sign bit of each operand with the other's magnitude bits.
		if got, want := st.ByKind[circuits.Nand], tc.n-1+tc.m-1; got != want {
			t.Errorf("%dx%d: %d NANDs, want %d", tc.n, tc.m, got, want)
		}
	}
}

func TestRandomDAG(t *testing.T) {
	kinds := map[circuits.Kind]int{}
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 1))
		nl := RandomDAG(rng, 6, 300, 9)
		if err := nl.Validate(); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if got := len(nl.InputPorts()[0].Bits) + len(nl.InputPorts()[1].Bits); got != 6 {
			t.Errorf("seed %d: %d input bits", seed, got)
		}
		if got := len(nl.OutputPorts()[0].Bits) + len(nl.OutputPorts()[1].Bits); got != 9 {
			t.Errorf("seed %d: %d output bits", seed, got)
		}
		for _, g := range nl.Gates {
			kinds[g.Kind]++
		}
	}
	for _, k := range circuits.Kinds() {
		if kinds[k] == 0 {
			t.Errorf("no %v gate in 20 random netlists", k)
		}
	}
}
