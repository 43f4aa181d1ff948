package errmap

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// closeTo compares floats; 1e-12 relative covers the rounding of sums of a
// few thousand terms (all hand-computed values below are exact rationals).
func closeTo(a, b float64) bool { return scalar.EqualWithinAbsOrRel(a, b, 1e-12, 1e-12) }

func checkMetrics(t *testing.T, name string, got, want Metrics) {
	t.Helper()
	if got.Count != want.Count || got.ErrCount != want.ErrCount || got.WCE != want.WCE ||
		got.MinErr != want.MinErr || got.MaxErr != want.MaxErr || got.Saturated != want.Saturated {
		t.Errorf("%s: integer fields\n got %+v\nwant %+v", name, got, want)
		return
	}
	for _, f := range []struct {
		n    string
		g, w float64
	}{
		{"MAE", got.MAE, want.MAE}, {"MSE", got.MSE, want.MSE}, {"EP", got.EP, want.EP},
		{"MRE", got.MRE, want.MRE}, {"WCRE", got.WCRE, want.WCRE}, {"MAEPct", got.MAEPct, want.MAEPct},
		{"WCEPct", got.WCEPct, want.WCEPct}, {"Mean", got.Mean, want.Mean}, {"Std", got.Std, want.Std},
	} {
		if !closeTo(f.g, f.w) {
			t.Errorf("%s: %s = %.17g, want %.17g", name, f.n, f.g, f.w)
		}
	}
}

// Two hand-computed 2x2 multipliers.
//
// Unsigned U: exact except U(3,3) = 7 (e = -2) and U(0,1) = 1 (e = +1).
// 16 pairs; Σ|e| = 3, Σe = -1, Σe² = 5; 9 pairs have exact != 0, of which
// only (3,3) errs, with |e|/|exact| = 2/9; (0,1) has exact 0 and |e| = 1.
//
// Signed S (operands -2..1, 4-bit two's complement output): exact except
// S(-2,-2) = 3 (exact 4, e = -1) and S(1,-2) = -1 (exact -2, e = +1).
// Σ|e| = 2, Σe = 0, Σe² = 2; 9 pairs with exact != 0, relative errors 1/4
// and 1/2.
func tinyMaps(t *testing.T) (u, s *ErrorMap) {
	t.Helper()
	u, err := FromFunc(2, 2, false, func(a, b int64) int64 {
		switch {
		case a == 3 && b == 3:
			return 7
		case a == 0 && b == 1:
			return 1
		}
		return a * b
	})
	if err != nil {
		t.Fatal(err)
	}
	// S through the raw bit-pattern constructor, as the simulator delivers it.
	raw := make([]uint64, 16)
	for pb := range 4 {
		for pa := range 4 {
			a, b := int64(pa), int64(pb)
			if a >= 2 {
				a -= 4
			}
			if b >= 2 {
				b -= 4
			}
			v := a * b
			switch {
			case a == -2 && b == -2:
				v = 3
			case a == 1 && b == -2:
				v = -1
			}
			raw[pb<<2|pa] = uint64(v) & 0xF
		}
	}
	s, err = FromProducts(2, 2, true, raw)
	if err != nil {
		t.Fatal(err)
	}
	return u, s
}

func TestMetricsHandComputed(t *testing.T) {
	u, s := tinyMaps(t)
	uBase := Metrics{Count: 16, ErrCount: 2, WCE: 2, MinErr: -2, MaxErr: 1,
		MAE: 3.0 / 16, MSE: 5.0 / 16, EP: 12.5, MAEPct: 100 * (3.0 / 16) / 16, WCEPct: 12.5,
		Mean: -1.0 / 16, Std: math.Sqrt(79) / 16}
	uEx, uM1 := uBase, uBase
	uEx.MRE, uEx.WCRE = 100*(2.0/9)/9, 100*2.0/9
	uM1.MRE, uM1.WCRE = 100*(2.0/9+1)/16, 100
	sBase := Metrics{Count: 16, ErrCount: 2, WCE: 1, MinErr: -1, MaxErr: 1,
		MAE: 2.0 / 16, MSE: 2.0 / 16, EP: 12.5, MAEPct: 100 * (2.0 / 16) / 16, WCEPct: 100.0 / 16,
		Mean: 0, Std: math.Sqrt(2.0 / 16)}
	sEx, sM1 := sBase, sBase
	sEx.MRE, sEx.WCRE = 100*0.75/9, 50
	sM1.MRE, sM1.WCRE = 100*0.75/16, 50
	for _, c := range []struct {
		name string
		em   *ErrorMap
		opt  ZeroExact
		want Metrics
	}{
		{"unsigned/ExcludeZero", u, ExcludeZero, uEx},
		{"unsigned/DivideByMaxOne", u, DivideByMaxOne, uM1},
		{"signed/ExcludeZero", s, ExcludeZero, sEx},
		{"signed/DivideByMaxOne", s, DivideByMaxOne, sM1},
	} {
		t.Run(c.name, func(t *testing.T) {
			checkMetrics(t, c.name, c.em.Metrics(Options{ZeroExact: c.opt}), c.want)
		})
	}
}

func TestMetricsExactMultiplier(t *testing.T) {
	em, err := FromFunc(8, 8, true, func(a, b int64) int64 { return a * b })
	if err != nil {
		t.Fatal(err)
	}
	got := em.Metrics(Options{})
	want := Metrics{Count: 65536}
	checkMetrics(t, "exact", got, want)
}

func TestAccumulatorEmptyAndErrors(t *testing.T) {
	acc, err := NewAccumulator(4, 4)
	if err != nil {
		t.Fatal(err)
	}
	checkMetrics(t, "empty", acc.Result(Options{}), Metrics{})
	for _, w := range [][2]int{{0, 4}, {4, 0}, {31, 32}, {-1, 3}} {
		if _, err := NewAccumulator(w[0], w[1]); err == nil {
			t.Errorf("NewAccumulator(%d, %d): no error", w[0], w[1])
		}
	}
	other, _ := NewAccumulator(4, 5)
	if err := acc.Merge(other); err == nil {
		t.Error("Merge of 4x5 into 4x4: no error")
	}
}

func TestAccumulatorSaturation(t *testing.T) {
	acc, _ := NewAccumulator(31, 31)
	// e = 2^61: e² = 2^122, so 64 of them make 2^128 and wrap Σe².
	for range 63 {
		acc.Add(0, 1<<61)
	}
	if acc.Result(Options{}).Saturated {
		t.Fatal("saturated after 63 adds (Σe² = 63·2^122 < 2^128)")
	}
	acc.Add(0, 1<<61)
	if !acc.Result(Options{}).Saturated {
		t.Fatal("not saturated after 64 adds")
	}
}

// refMetrics is a second implementation: big.Rat sums pair by pair.
func refMetrics(aBits, bBits int, exact, approx []int64, opt ZeroExact) Metrics {
	var m Metrics
	sum, sumAbs, sumSq := new(big.Rat), new(big.Rat), new(big.Rat)
	rel := new(big.Rat)
	nz := 0
	m.MinErr, m.MaxErr = math.MaxInt64, math.MinInt64
	for i := range exact {
		e := approx[i] - exact[i]
		ae := e
		if ae < 0 {
			ae = -ae
		}
		m.Count++
		if e != 0 {
			m.ErrCount++
		}
		m.WCE = max(m.WCE, uint64(ae))
		m.MinErr, m.MaxErr = min(m.MinErr, e), max(m.MaxErr, e)
		sum.Add(sum, big.NewRat(e, 1))
		sumAbs.Add(sumAbs, big.NewRat(ae, 1))
		sumSq.Add(sumSq, big.NewRat(e*e, 1))
		ax := exact[i]
		if ax < 0 {
			ax = -ax
		}
		if ax == 0 && opt == ExcludeZero {
			continue
		}
		nz++
		r := big.NewRat(ae, max(ax, 1))
		rel.Add(rel, r)
		rf, _ := r.Float64()
		m.WCRE = max(m.WCRE, 100*rf)
	}
	n := big.NewRat(int64(m.Count), 1)
	f := func(x *big.Rat) float64 { v, _ := new(big.Rat).Quo(x, n).Float64(); return v }
	m.MAE, m.MSE, m.Mean = f(sumAbs), f(sumSq), f(sum)
	mean := new(big.Rat).Quo(sum, n)
	v := new(big.Rat).Sub(new(big.Rat).Quo(sumSq, n), new(big.Rat).Mul(mean, mean))
	vf, _ := v.Float64()
	m.Std = math.Sqrt(vf)
	m.EP = 100 * float64(m.ErrCount) / float64(m.Count)
	m.MAEPct = 100 * m.MAE / math.Ldexp(1, aBits+bBits)
	m.WCEPct = 100 * float64(m.WCE) / math.Ldexp(1, aBits+bBits)
	if nz > 0 {
		rf, _ := new(big.Rat).Quo(rel, big.NewRat(int64(nz), 1)).Float64()
		m.MRE = 100 * rf
	}
	return m
}

// randomPairs returns products of a random approximate 8x8 signed
// multiplier over random operands (with repeats), with many zero products.
func randomPairs(n int, seed uint64) (exact, approx []int64) {
	r := rand.New(rand.NewPCG(seed, 1))
	exact, approx = make([]int64, n), make([]int64, n)
	for i := range n {
		a, b := r.Int64N(256)-128, r.Int64N(256)-128
		if r.IntN(8) == 0 {
			b = 0
		}
		exact[i] = a * b
		approx[i] = a * b
		if r.IntN(3) != 0 {
			approx[i] += r.Int64N(2001) - 1000
		}
	}
	return exact, approx
}

func TestAccumulatorAgainstReference(t *testing.T) {
	exact, approx := randomPairs(8000, 7)
	for _, opt := range []ZeroExact{ExcludeZero, DivideByMaxOne} {
		acc, _ := NewAccumulator(8, 8)
		for i := range exact {
			acc.Add(exact[i], approx[i])
		}
		got := acc.Result(Options{ZeroExact: opt})
		want := refMetrics(8, 8, exact, approx, opt)
		// MRE sums 30000 float terms: 1e-12 relative is ample for a
		// compensated sum of positive terms.
		checkMetrics(t, opt.String(), got, want)
	}
}

func TestAccumulatorMergeEqualsOnePass(t *testing.T) {
	exact, approx := randomPairs(50000, 11)
	one, _ := NewAccumulator(8, 8)
	for i := range exact {
		one.Add(exact[i], approx[i])
	}
	for _, workers := range []int{1, 2, 3, 7, 16} {
		parts := make([]*Accumulator, workers)
		for w := range parts {
			parts[w], _ = NewAccumulator(8, 8)
		}
		// Uneven contiguous chunks, as workers over ranges of a truth table.
		bounds := []int{0}
		for w := 1; w < workers; w++ {
			bounds = append(bounds, len(exact)*w*w/(workers*workers))
		}
		bounds = append(bounds, len(exact))
		for w := range workers {
			for i := bounds[w]; i < bounds[w+1]; i++ {
				parts[w].Add(exact[i], approx[i])
			}
		}
		merged, _ := NewAccumulator(8, 8)
		for _, p := range parts {
			if err := merged.Merge(p); err != nil {
				t.Fatal(err)
			}
		}
		for _, opt := range []ZeroExact{ExcludeZero, DivideByMaxOne} {
			checkMetrics(t, "merge", merged.Result(Options{ZeroExact: opt}), one.Result(Options{ZeroExact: opt}))
		}
	}
}

// TestRelSumBlockOrder splits a stream of pairs into blocks, gives the
// blocks to accumulators in different assignments (as workers would get
// them), takes each block's RelSum and adds them back in block order: the
// Result must be the same bits for every assignment, and equal within
// rounding to one accumulator that saw every pair in order.
func TestRelSumBlockOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 12))
	const blocks, per = 37, 1000
	exact := make([]int64, blocks*per)
	approx := make([]int64, blocks*per)
	for i := range exact {
		exact[i] = int64(rng.IntN(1<<20)) - 1<<19
		approx[i] = exact[i] + int64(rng.IntN(2001)) - 1000
	}
	ref, _ := NewAccumulator(10, 10)
	ref.AddBlock(exact, approx)
	var first Metrics
	for _, workers := range []int{1, 2, 7} {
		accs := make([]*Accumulator, workers)
		for i := range accs {
			accs[i], _ = NewAccumulator(10, 10)
		}
		sums := make([]RelSum, blocks)
		// Block b goes to worker (b*b) mod workers: an uneven assignment.
		for b := range blocks {
			acc := accs[(b*b)%workers]
			acc.AddBlock(exact[b*per:(b+1)*per], approx[b*per:(b+1)*per])
			sums[b] = acc.TakeRelSum()
		}
		total, _ := NewAccumulator(10, 10)
		for _, a := range accs {
			if err := total.Merge(a); err != nil {
				t.Fatal(err)
			}
		}
		for _, s := range sums {
			total.AddRelSum(s)
		}
		got := total.Result(Options{})
		if workers == 1 {
			first = got
			checkMetrics(t, "blocks vs one stream", got, ref.Result(Options{}))
			continue
		}
		if got != first {
			t.Errorf("workers=%d: %+v\nworkers=1: %+v", workers, got, first)
		}
	}
}
