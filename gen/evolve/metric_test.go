package evolve

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/errmap"
)

// randomMutant returns a copy of g with n random point mutations (the
// runner's mutation operator).
func randomMutant(t *testing.T, g *Genome, rng *rand.Rand, n int) *Genome {
	t.Helper()
	d, err := ExhaustiveDomain(g.ABits, g.BBits, g.Signed)
	if err != nil {
		t.Fatal(err)
	}
	c, err := MetricConstraint(d, MAE, 0)
	if err != nil {
		t.Fatal(err)
	}
	r, err := newRunner(g, c, Gates(), Options{Mutations: n, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	r.ev.parent = g.Clone()
	f := r.ev.offs[0]
	r.mutate(f, rng)
	return f.g.Clone()
}

// reference computes the errmap metrics of g from its netlist's products.
func reference(t *testing.T, g *Genome) errmap.Metrics {
	t.Helper()
	tab := products(t, mustNetlist(t, g))
	acc, err := errmap.NewAccumulator(g.ABits, g.BBits)
	if err != nil {
		t.Fatal(err)
	}
	for p, raw := range tab {
		a := value(uint64(p)&(1<<g.ABits-1), g.ABits, g.Signed)
		b := value(uint64(p)>>g.ABits, g.BBits, g.Signed)
		acc.Add(a*b, value(raw, len(g.Outs), g.Signed))
	}
	return acc.Result(errmap.Options{})
}

// TestMetricConstraintVsErrmap checks Value of every metric against
// errmap.Accumulator on the products of many random genomes (mutants of
// exact multipliers), unsigned and signed, through the evaluator.
func TestMetricConstraintVsErrmap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		n, m    int
		signed  bool
		mutants int
	}{{2, 2, false, 40}, {3, 2, true, 40}, {4, 4, false, 40}, {4, 4, true, 40}, {8, 8, false, 12}, {8, 8, true, 6}}
	for _, tc := range cases {
		seed, err := SpecSeed(tc.n, tc.m, tc.signed, 8)
		if err != nil {
			t.Fatal(err)
		}
		d, err := ExhaustiveDomain(tc.n, tc.m, tc.signed)
		if err != nil {
			t.Fatal(err)
		}
		for i := range tc.mutants {
			g := seed
			if i > 0 {
				g = randomMutant(t, seed, rng, 1+rng.IntN(12))
			}
			want := reference(t, g)
			for _, m := range []Metric{MAE, WCE, MRE, EP} {
				c, err := MetricConstraint(d, m, 1)
				if err != nil {
					t.Fatal(err)
				}
				ev, err := newEvaluator(g, c, Gates(), 1)
				if err != nil {
					t.Fatal(err)
				}
				if err := ev.setParent(g); err != nil {
					t.Fatal(err)
				}
				got := ev.pvalue
				var w float64
				switch m {
				case MAE:
					w = want.MAE
				case WCE:
					w = float64(want.WCE)
				case MRE:
					w = want.MRE
				case EP:
					w = want.EP
				}
				// MRE sums |e|/|exact| in another order than errmap's
				// blocked Neumaier sum: allow a few ulps of the sum.
				// The others are integer ratios rounded once: exact.
				tol := 0.0
				if m == MRE {
					tol = 1e-12 * math.Max(1, w)
				}
				if math.Abs(got-w) > tol {
					t.Fatalf("%dx%d signed %v mutant %d: %v = %v, errmap %v", tc.n, tc.m, tc.signed, i, m, got, w)
				}
			}
		}
	}
}

func TestParseMetric(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Metric
		ok   bool
	}{{"mae", MAE, true}, {"WCE", WCE, true}, {"mre", MRE, true}, {"Ep", EP, true}, {"mse", 0, false}, {"", 0, false}} {
		m, err := ParseMetric(tc.in)
		if (err == nil) != tc.ok || (tc.ok && m != tc.want) {
			t.Errorf("ParseMetric(%q) = %v, %v", tc.in, m, err)
		}
	}
}

// TestMetricConstraintListedDomain checks a domain of listed pairs (nil
// weights) whose words do not fill the evaluator's blocks evenly, against
// errmap on the same pairs, through the cone re-simulation of a run.
func TestMetricConstraintListedDomain(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	const pairs = 40_005 // 626 words: 3 blocks of 209 words, 1 word of padding
	d := &Domain{ABits: 8, BBits: 8, Pairs: pairs, Words: (pairs + 63) / 64, A: make([]uint32, pairs), B: make([]uint32, pairs)}
	for p := range pairs {
		d.A[p], d.B[p] = uint32(rng.IntN(256)), uint32(rng.IntN(256))
	}
	seed, err := DefaultSeed(20)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []Metric{MAE, WCE, MRE, EP} {
		c, err := MetricConstraint(d, m, map[Metric]float64{MAE: 40, WCE: 300, MRE: 5, EP: 80}[m])
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), seed, c, Gates(), Options{Seed: 2, Generations: 40, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		tab := products(t, mustNetlist(t, res.Best))
		acc, _ := errmap.NewAccumulator(8, 8)
		for p := range pairs {
			a, b := int64(d.A[p]), int64(d.B[p])
			acc.Add(a*b, int64(tab[b<<8|a]))
		}
		want := acc.Result(errmap.Options{})
		w := map[Metric]float64{MAE: want.MAE, WCE: float64(want.WCE), MRE: want.MRE, EP: want.EP}[m]
		if math.Abs(res.Value-w) > 1e-12*math.Max(1, w) {
			t.Errorf("%v: Run reported %v, errmap %v", m, res.Value, w)
		}
	}
}

// TestEarlyStopAndReuse checks that the offspring of 8x8 MRE and WCE
// runs (MRE scored with the parent's word figures reused where their
// outputs did not change) get bit for bit the value a fresh evaluation
// (every word from its planes, no early stop) gives, unsigned and signed,
// under every simulator kernel; infeasible offspring of a feasible parent
// (whose figure may stop early) a lower bound above the constraint's Max.
func TestEarlyStopAndReuse(t *testing.T) {
	for _, tc := range []struct {
		m      Metric
		max    float64
		signed bool
	}{{MRE, 3, false}, {MRE, 3, true}, {WCE, 400, false}, {WCE, 400, true}} {
		signed := tc.signed
		seed, err := SpecSeed(8, 8, signed, 20)
		if err != nil {
			t.Fatal(err)
		}
		d, err := ExhaustiveDomain(8, 8, signed)
		if err != nil {
			t.Fatal(err)
		}
		c, err := MetricConstraint(d, tc.m, tc.max)
		if err != nil {
			t.Fatal(err)
		}
		if tc.m == MRE && c.(*metricConstraint).relTab == nil {
			t.Fatal("8x8 MRE constraint without byte tables")
		}
		forEachKernel(t, func(t *testing.T) {
			r, err := newRunner(seed, c, Gates(), Options{Seed: 5, Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.ev.setParent(seed); err != nil {
				t.Fatal(err)
			}
			ref, err := newEvaluator(seed, c, Gates(), 1)
			if err != nil {
				t.Fatal(err)
			}
			reused, stopped := 0, 0
			for gen := range 100 {
				pfeasible := r.ev.pfeasible
				if err := r.generation(); err != nil {
					t.Fatal(err)
				}
				for i, f := range r.ev.offs {
					if !f.simulated {
						continue
					}
					if f.chg {
						reused++
					}
					if err := ref.setParent(f.g); err != nil {
						t.Fatal(err)
					}
					if pfeasible && !f.feasible {
						// The sum may stop past the bound: a
						// lower bound above Max.
						if !(f.value > c.Max() && f.value <= ref.pvalue && !ref.pfeasible) {
							t.Fatalf("signed %v generation %d offspring %d: stopped %v %v, fresh evaluation %v, max %v", signed, gen, i, tc.m, f.value, ref.pvalue, c.Max())
						}
						if f.value != ref.pvalue {
							stopped++
						}
						continue
					}
					if math.Float64bits(ref.pvalue) != math.Float64bits(f.value) {
						t.Fatalf("signed %v generation %d offspring %d: %v %v, fresh evaluation %v", signed, gen, i, tc.m, f.value, ref.pvalue)
					}
				}
			}
			if (tc.m == MRE && reused == 0) || stopped == 0 {
				t.Fatalf("%d offspring reused the parent's word figures, %d stopped early: want both", reused, stopped)
			}
		})
	}
}

// forEachKernel runs f as a sub-test under every simulator kernel the CPU
// offers.
func forEachKernel(t *testing.T, f func(t *testing.T)) {
	for _, kn := range sim.Kernels() {
		t.Run("kernel="+kn, func(t *testing.T) {
			restore, err := sim.SetKernel(kn)
			if err != nil {
				t.Fatal(err)
			}
			defer restore()
			f(t)
		})
	}
}

// TestMRE8x8Workers checks that an 8x8 MRE run (byte tables, word reuse)
// ends with the same result for any worker count and kernel.
func TestMRE8x8Workers(t *testing.T) {
	seed, err := DefaultSeed(20)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ExhaustiveDomain(8, 8, false)
	if err != nil {
		t.Fatal(err)
	}
	c, err := MetricConstraint(d, MRE, 2)
	if err != nil {
		t.Fatal(err)
	}
	var first *Result
	forEachKernel(t, func(t *testing.T) {
		for _, w := range []int{1, 3} {
			res, err := Run(context.Background(), seed, c, Gates(), Options{Seed: 9, Generations: 300, Workers: w})
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = res
				resimulate(t, res, c)
				continue
			}
			sameResult(t, fmt.Sprintf("%d workers", w), res, first)
		}
	})
}
