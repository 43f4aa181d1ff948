package errmap

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// handMap is the int8 map with error E(x, w) = x + 2w.
func handMap(t *testing.T) *ErrorMap {
	t.Helper()
	em, err := FromFunc(8, 8, true, func(x, w int64) int64 { return x*w + x + 2*w })
	if err != nil {
		t.Fatal(err)
	}
	return em
}

func dist(pairs map[int]float64) *Dist {
	var d Dist
	for v, p := range pairs {
		d[v+128] = p
	}
	return &d
}

// Hand computation for E = x + 2w, px = {1: .5, 2: .5}, pw = {-1: .25, 3: .75}:
// E(1,-1) = -1 (p .125), E(1,3) = 7 (.375), E(2,-1) = 0 (.125), E(2,3) = 8
// (.375); mean = 5.5; Σ(E-mean)²p = 42.25·.125 + 2.25·.375 + 30.25·.125 +
// 6.25·.375 = 12.25, so std = 3.5/sqrt(fanIn).
func TestSingleDistHandComputed(t *testing.T) {
	em := handMap(t)
	px := dist(map[int]float64{1: .5, 2: .5})
	pw := dist(map[int]float64{-1: .25, 3: .75})
	skew := dist(map[int]float64{-128: .9, 127: .1})
	for _, c := range []struct {
		name      string
		px, pw    *Dist
		fanIn     int
		mean, std float64
	}{
		{"fanIn1", px, pw, 1, 5.5, 3.5},
		{"fanIn4", px, pw, 4, 5.5, 1.75},
		{"fanIn49", px, pw, 49, 5.5, 0.5},
		// Point masses: E(-128, 127) = -128 + 254 = 126, no spread.
		{"point", dist(map[int]float64{-128: 1}), dist(map[int]float64{127: 1}), 9, 126, 0},
		// Skewed x, point w = 0: E = x; mean = .9·-128 + .1·127 = -102.5;
		// var = .9·25.5² + .1·229.5² = 5852.25.
		{"skew", skew, dist(map[int]float64{0: 1}), 1, -102.5, math.Sqrt(5852.25)},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, s, err := SingleDist(em, c.px, c.pw, c.fanIn)
			if err != nil {
				t.Fatal(err)
			}
			// Sums of at most 4 exact binary fractions times small
			// integers: 1e-12 covers the rounding.
			if !scalar.EqualWithinAbsOrRel(m, c.mean, 1e-12, 1e-12) || !scalar.EqualWithinAbsOrRel(s, c.std, 1e-12, 1e-12) {
				t.Errorf("got (%v, %v), want (%v, %v)", m, s, c.mean, c.std)
			}
		})
	}
	if _, _, err := SingleDist(em, px, pw, 0); err == nil {
		t.Error("fan-in 0: no error")
	}
}

// Population hand case, fanIn 2, two rows [1 1] and [2 2] (histograms δ1, δ2),
// weights pw as above: m_0 = -.25 + 5.25 = 5, var_0 = 36·.25 + 4·.75 = 12,
// s_0² = 6; m_1 = 6, var_1 = 12, s_1² = 6. mean = 5.5,
// std² = (25 + 6 + 36 + 6 - 11²/2) / 2 = 6.25.
func TestPopulationHandComputed(t *testing.T) {
	em := handMap(t)
	pw := *dist(map[int]float64{-1: .25, 3: .75})
	pop, err := NewPopulation([]int8{1, 1, 2, 2}, 2, pw, All, 0)
	if err != nil {
		t.Fatal(err)
	}
	m, s, err := pop.Predict(em)
	if err != nil {
		t.Fatal(err)
	}
	if !scalar.EqualWithinAbsOrRel(m, 5.5, 1e-12, 1e-12) || !scalar.EqualWithinAbsOrRel(s, 2.5, 1e-12, 1e-12) {
		t.Errorf("Predict = (%v, %v), want (5.5, 2.5)", m, s)
	}
	// Mixed row [1 2]: one histogram {1: .5, 2: .5}, which is SingleDist's
	// hand case with fanIn 2: mean 5.5, s² = 12.25/2; with N = 1 the
	// aggregate std is s itself.
	pop, _ = NewPopulation([]int8{1, 2}, 2, pw, All, 0)
	m, s, _ = pop.Predict(em)
	if !scalar.EqualWithinAbsOrRel(m, 5.5, 1e-12, 1e-12) || !scalar.EqualWithinAbsOrRel(s, 3.5/math.Sqrt2, 1e-12, 1e-12) {
		t.Errorf("single mixed row: (%v, %v), want (5.5, %v)", m, s, 3.5/math.Sqrt2)
	}
}

func TestExactMultiplierHasNoError(t *testing.T) {
	exact, _ := FromFunc(8, 8, false, func(a, b int64) int64 { return a * b })
	r := rand.New(rand.NewPCG(1, 1))
	feats := make([]int8, 64*9)
	for i := range feats {
		feats[i] = int8(r.IntN(256) - 128)
	}
	w, _ := NewDist(feats[:100])
	x, _ := NewDist(feats)
	pop, err := NewPopulation(feats, 9, w, 20, 3)
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]func() (float64, float64, error){
		"single":     func() (float64, float64, error) { return SingleDist(exact, &x, &w, 9) },
		"montecarlo": func() (float64, float64, error) { return MonteCarlo(exact, &x, &w, 9, 100, 1) },
		"population": func() (float64, float64, error) { return pop.Predict(exact) },
	} {
		m, s, err := f()
		if err != nil || m != 0 || s != 0 {
			t.Errorf("%s: (%v, %v, %v), want (0, 0, nil)", name, m, s, err)
		}
	}
}

// directPopulation is the reference: agnapprox's loop, one SingleDist per
// sampled row with that row's histogram, then Eq. 15/16.
func directPopulation(t *testing.T, em *ErrorMap, feats []int8, fanIn int, w Dist, rows []int) (float64, float64) {
	t.Helper()
	var sm, smm, sss float64
	for _, s := range rows {
		px, err := NewDist(feats[s*fanIn : (s+1)*fanIn])
		if err != nil {
			t.Fatal(err)
		}
		m, sd, err := SingleDist(em, &px, &w, fanIn)
		if err != nil {
			t.Fatal(err)
		}
		sm += m
		smm += m * m
		sss += sd * sd
	}
	n := float64(len(rows))
	return sm / n, math.Sqrt((smm + sss - sm*sm/n) / n)
}

func randomFeatures(r *rand.Rand, rows, fanIn int) []int8 {
	f := make([]int8, rows*fanIn)
	for i := range f {
		// ReLU-like skew: many zeros, small positives, a few large values.
		switch k := r.IntN(10); {
		case k < 4:
			f[i] = 0
		case k < 9:
			f[i] = int8(r.IntN(20))
		default:
			f[i] = int8(r.IntN(256) - 128)
		}
	}
	return f
}

func TestPopulationMatchesDirectForm(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 42))
	um, _ := randomUnsigned8(t, 17)
	sm, _ := FromFunc(8, 8, true, func(x, w int64) int64 { return (x * w) &^ 15 })
	biased, _ := FromFunc(8, 8, true, func(x, w int64) int64 { return x*w + 1000 })
	for _, c := range []struct {
		name    string
		em      *ErrorMap
		rows    int
		fanIn   int
		samples int
	}{
		{"unsigned/all", um, 50, 27, All},
		{"unsigned/sampled", um, 300, 9, 64},
		{"signed/sampled", sm, 1000, 36, 128},
		{"biased/all", biased, 40, 5, All},
	} {
		t.Run(c.name, func(t *testing.T) {
			feats := randomFeatures(r, c.rows, c.fanIn)
			wv := make([]int8, 500)
			for i := range wv {
				wv[i] = int8(r.NormFloat64() * 20)
			}
			w, _ := NewDist(wv)
			pop, err := NewPopulation(feats, c.fanIn, w, c.samples, 99)
			if err != nil {
				t.Fatal(err)
			}
			want := c.rows
			if c.samples != All {
				want = c.samples
			}
			if pop.Samples() != want || len(pop.Rows()) != want || pop.FanIn() != c.fanIn {
				t.Fatalf("Samples %d, Rows %d, FanIn %d", pop.Samples(), len(pop.Rows()), pop.FanIn())
			}
			gm, gs, err := pop.Predict(c.em)
			if err != nil {
				t.Fatal(err)
			}
			dm, ds := directPopulation(t, c.em, feats, c.fanIn, w, pop.Rows())
			// The brief's bound: forms agree to 1e-9 relative. A std that is
			// 0 in exact arithmetic (constant bias) is compared absolutely,
			// at 1e-9 of the error's size (the largest |E|).
			scale := 0.0
			for _, e := range c.em.Errors() {
				scale = max(scale, math.Abs(float64(e)))
			}
			if !scalar.EqualWithinRel(gm, dm, 1e-9) || !scalar.EqualWithinAbsOrRel(gs, ds, 1e-9*scale, 1e-9) {
				t.Errorf("Gram form (%.15g, %.15g), direct (%.15g, %.15g)", gm, gs, dm, ds)
			}
		})
	}
}

func TestPopulationSampling(t *testing.T) {
	feats := make([]int8, 100*3)
	for i := range feats {
		feats[i] = int8(i / 3)
	}
	var w Dist
	w[128] = 1
	a, _ := NewPopulation(feats, 3, w, 50, 7)
	b, _ := NewPopulation(feats, 3, w, 50, 7)
	c, _ := NewPopulation(feats, 3, w, 50, 8)
	same, seen := true, map[int]bool{}
	for i, r := range a.Rows() {
		if r != b.Rows()[i] {
			t.Fatal("same seed, different rows")
		}
		if r != c.Rows()[i] {
			same = false
		}
		if r < 0 || r >= 100 {
			t.Fatalf("row %d out of range", r)
		}
		seen[r] = true
	}
	if same {
		t.Error("different seeds gave the same rows")
	}
	if len(seen) < 20 {
		t.Errorf("only %d distinct rows among 50 draws from 100", len(seen))
	}
	for _, bad := range []struct {
		feats   []int8
		fanIn   int
		samples int
	}{{feats, 0, 5}, {feats, 7, 5}, {nil, 3, 5}, {feats, 3, 0}, {feats, 3, -2}} {
		if _, err := NewPopulation(bad.feats, bad.fanIn, w, bad.samples, 1); err == nil {
			t.Errorf("NewPopulation(len %d, fanIn %d, samples %d): no error", len(bad.feats), bad.fanIn, bad.samples)
		}
	}
	w[0] = math.NaN()
	if _, err := NewPopulation(feats, 3, w, 5, 1); err == nil {
		t.Error("NaN weight: no error")
	}
	w[0] = 0.5
	if _, err := NewPopulation(feats, 3, w, 5, 1); err == nil {
		t.Error("weights summing to 1.5: no error")
	}
}

func TestMonteCarlo(t *testing.T) {
	em := handMap(t)
	px := dist(map[int]float64{1: .5, 2: .5})
	pw := dist(map[int]float64{-1: .25, 3: .75})
	// Point masses: every product has error 126, so mean 126 and std 0
	// exactly.
	m, s, err := MonteCarlo(em, dist(map[int]float64{-128: 1}), dist(map[int]float64{127: 1}), 7, 50, 1)
	if err != nil || m != 126 || s != 0 {
		t.Errorf("point masses: (%v, %v, %v)", m, s, err)
	}
	// Against the exact model: the run mean has standard error
	// 3.5/sqrt(fanIn·runs); the std estimate of runs samples has relative
	// standard error ≈ sqrt((κ-1)/(4·runs)) < 1%; allow 5 standard errors.
	const fanIn, runs = 16, 20000
	m, s, err = MonteCarlo(em, px, pw, fanIn, runs, 12345)
	if err != nil {
		t.Fatal(err)
	}
	if se := 3.5 / math.Sqrt(fanIn*runs); math.Abs(m-5.5) > 5*se {
		t.Errorf("mean %v, want 5.5 ± %v", m, 5*se)
	}
	if math.Abs(s-3.5/4) > 0.05*3.5/4 {
		t.Errorf("std %v, want %v ± 5%%", s, 3.5/4)
	}
	m2, s2, _ := MonteCarlo(em, px, pw, fanIn, runs, 12345)
	m3, _, _ := MonteCarlo(em, px, pw, fanIn, runs, 54321)
	if m2 != m || s2 != s || m3 == m {
		t.Error("seeding: same seed must repeat, another seed must differ")
	}
	// Unnormalised distributions are normalised: scaling changes nothing.
	px2 := *px
	for i := range px2 {
		px2[i] *= 3
	}
	if m4, s4, _ := MonteCarlo(em, &px2, pw, fanIn, 1000, 5); m4 != func() float64 { v, _, _ := MonteCarlo(em, px, pw, fanIn, 1000, 5); return v }() || s4 < 0 {
		t.Error("scaled px gives a different draw")
	}
	var zero Dist
	if _, _, err := MonteCarlo(em, &zero, pw, 4, 10, 1); err == nil {
		t.Error("zero distribution: no error")
	}
	if _, _, err := MonteCarlo(em, px, pw, 0, 10, 1); err == nil {
		t.Error("fan-in 0: no error")
	}
}

// TestSampleCountBounds: sample counts beyond MaxSamples (the issue's
// 2^63-1 panicked in makeslice, 2^32 ran out of memory) are errors before
// anything is allocated, and so are non-positive ones.
func TestSampleCountBounds(t *testing.T) {
	feats := []int8{1, 2, 3, 4}
	var w Dist
	w[128] = 1
	for _, c := range []struct {
		n  int
		ok bool
	}{{1, true}, {512, true}, {All, true}, {MaxSamples + 1, false}, {1 << 32, false}, {math.MaxInt, false}, {0, false}, {-2, false}} {
		_, err := NewPopulation(feats, 2, w, c.n, 1)
		if (err == nil) != c.ok {
			t.Errorf("NewPopulation(samples %d): %v", c.n, err)
		}
	}
	em, _ := FromFunc(8, 8, true, func(a, b int64) int64 { return a * b })
	if _, _, err := MonteCarlo(em, &w, &w, 4, math.MaxInt, 1); err == nil {
		t.Error("MonteCarlo with 2^63-1 runs: no error")
	}
}
