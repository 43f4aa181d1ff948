package evolve

import (
	"math"
	"math/rand/v2"
	"testing"
)

// opaque hides a constraint's type, so that the evaluator takes the
// generic path (Value on the output planes) instead of the metric fast
// path.
type opaque struct{ Constraint }

// TestIncrementalEqualsFresh runs generations and checks every offspring's
// value and cost, computed on the parent's planes with only its cone
// re-simulated, against a fresh evaluation of the same genome (or, for an
// offspring whose WCE or MRE stopped early, as a lower bound), and the
// parent's planes after every acceptance, for the metric fast path and the
// generic path.
func TestIncrementalEqualsFresh(t *testing.T) {
	cases := []struct {
		n, m   int
		signed bool
		metric Metric
		max    float64
		gens   int
	}{{2, 2, false, MAE, 0.5, 300}, {4, 4, false, MAE, 2, 300}, {4, 4, true, WCE, 6, 300}, {3, 4, false, MRE, 10, 200}, {8, 8, false, MAE, 60, 25}, {8, 8, true, EP, 90, 15}}
	for _, tc := range cases {
		seed, err := SpecSeed(tc.n, tc.m, tc.signed, 12)
		if err != nil {
			t.Fatal(err)
		}
		d, _ := ExhaustiveDomain(tc.n, tc.m, tc.signed)
		mc, err := MetricConstraint(d, tc.metric, tc.max)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []Constraint{mc, opaque{mc}} {
			r, err := newRunner(seed, c, Gates(), Options{Seed: 5, Workers: 2, Mutations: 8})
			if err != nil {
				t.Fatal(err)
			}
			if (r.ev.mc != nil) != (c == mc) {
				t.Fatalf("fast path %v for %T", r.ev.mc != nil, c)
			}
			if err := r.ev.setParent(seed); err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 1))
			for gen := range tc.gens {
				if err := r.generation(); err != nil {
					t.Fatal(err)
				}
				// Check one offspring in three (and always the parent).
				for i, f := range r.ev.offs {
					if rng.IntN(3) != 0 && i != 0 {
						continue
					}
					fresh, err := newEvaluator(f.g, c, Gates(), 1)
					if err != nil {
						t.Fatal(err)
					}
					if err := fresh.setParent(f.g); err != nil {
						t.Fatal(err)
					}
					if f.stopped {
						// WCE/MRE stopped past the bound under a feasible
						// parent: a lower bound of an infeasible value.
						if f.feasible || fresh.pfeasible || !(f.value > c.Max() && f.value <= fresh.pvalue) {
							t.Fatalf("%dx%d %s gen %d offspring %d: stopped value %v, fresh %v", tc.n, tc.m, c.Name(), gen, i, f.value, fresh.pvalue)
						}
						continue
					}
					if fresh.pvalue != f.value || fresh.pfeasible != f.feasible || (f.feasible && fresh.pcost != f.cost) {
						t.Fatalf("%dx%d %s gen %d offspring %d: incremental value %v cost %v, fresh %v %v",
							tc.n, tc.m, c.Name(), gen, i, f.value, f.cost, fresh.pvalue, fresh.pcost)
					}
				}
				// The parent's valid planes hold its nodes' functions.
				for i, ok := range r.ev.valid {
					if !ok || !r.ev.pact[i] {
						continue
					}
					nd := r.ev.parent.Nodes[i]
					got := r.ev.plane(r.ev.pslot[r.ev.ni+i], nil)
					var in [3][]uint64
					for k := range nd.Fn.Arity() {
						in[k] = r.ev.plane(r.ev.pslot[nd.In[k]], nil)
					}
					for j := range got {
						var a, b, cc uint64
						if in[0] != nil {
							a = in[0][j]
						}
						if in[1] != nil {
							b = in[1][j]
						}
						if in[2] != nil {
							cc = in[2][j]
						}
						want := nd.Fn.Eval(a, b, cc)
						if j == len(got)-1 {
							want &= r.ev.tail
						}
						if got[j] != want {
							t.Fatalf("gen %d: parent node %d (%v) word %d wrong", gen, i, nd.Fn, j)
						}
					}
				}
			}
			if math.IsNaN(r.ev.pvalue) {
				t.Fatal("NaN value")
			}
		}
	}
}
