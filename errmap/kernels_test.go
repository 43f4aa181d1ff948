package errmap

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/axmul/axmul/circuits/sim"
	"gonum.org/v1/gonum/floats/scalar"
)

// kernelLengths covers empty input, lengths below, at and around the
// 16-element block, and the 256-element rows of Predict.
var kernelLengths = []int{0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 100, 255, 256, 257, 1000}

// guarded returns a slice of n elements inside a buffer whose words before
// and after it hold NaN (float64) or a huge value (int32), so that a kernel
// reading outside its slice changes its result.
func guardedF64(r *rand.Rand, n int, scale float64) []float64 {
	buf := make([]float64, n+16)
	for i := range buf {
		buf[i] = math.NaN()
	}
	s := buf[8 : 8+n]
	for i := range s {
		s[i] = (r.Float64()*2 - 1) * scale
	}
	return s
}

func guardedI32(r *rand.Rand, n int) []int32 {
	buf := make([]int32, n+16)
	for i := range buf {
		buf[i] = math.MaxInt32
	}
	s := buf[8 : 8+n]
	for i := range s {
		s[i] = int32(r.IntN(1<<17)) - 1<<16
	}
	return s
}

// TestStatKernelsAgree runs every statistics kernel on random inputs of
// many lengths (inside guard words) and requires the generic kernel's
// result bit for bit.
func TestStatKernelsAgree(t *testing.T) {
	for _, k := range statKernels {
		t.Run(k.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(11, 12))
			for _, n := range kernelLengths {
				for trial := range 20 {
					a := guardedF64(r, n, 1e3)
					b := guardedF64(r, n, 1)
					e := guardedI32(r, n)
					c := (r.Float64()*2 - 1) * 1e4
					// b longer than a: its extra element is a guard NaN.
					if g, w := k.dot(a, b[:n+1]), dotGeneric(a, b); math.Float64bits(g) != math.Float64bits(w) {
						t.Fatalf("n=%d trial %d: dot = %v, generic %v", n, trial, g, w)
					}
					if g, w := k.dotI32(e, b), dotI32Generic(e, b); math.Float64bits(g) != math.Float64bits(w) {
						t.Fatalf("n=%d trial %d: dotI32 = %v, generic %v", n, trial, g, w)
					}
					if g, w := k.sqDevI32(e, b, c), sqDevI32Generic(e, b, c); math.Float64bits(g) != math.Float64bits(w) {
						t.Fatalf("n=%d trial %d: sqDevI32 = %v, generic %v", n, trial, g, w)
					}
					if math.IsNaN(dotGeneric(a, b)) || math.IsNaN(sqDevI32Generic(e, b, c)) {
						t.Fatalf("n=%d: generic kernel read a guard word", n)
					}
				}
			}
		})
	}
}

// TestStatKernelsOrder pins the summation order: with values whose sums
// depend on the association, every kernel must match a literal evaluation
// of the documented order, written out here for 19 elements.
func TestStatKernelsOrder(t *testing.T) {
	a := make([]float64, 19)
	b := make([]float64, 19)
	e := make([]int32, 19)
	for i := range a {
		a[i] = 1 + float64(i)/3
		b[i] = math.Ldexp(1, 26*(i%3)) // 1, 2^26, 2^52: sums round
		e[i] = int32(3*i + 1)
	}
	var p [16]float64
	for l := range 16 {
		p[l] = float64(a[l] * b[l])
	}
	t0 := (p[0] + p[4]) + (p[8] + p[12])
	t1 := (p[1] + p[5]) + (p[9] + p[13])
	t2 := (p[2] + p[6]) + (p[10] + p[14])
	t3 := (p[3] + p[7]) + (p[11] + p[15])
	want := (t0 + t2) + (t1 + t3)
	// float64(·) rounds each product: the compiler may not fuse it into
	// the addition.
	want = want + float64(a[16]*b[16])
	want = want + float64(a[17]*b[17])
	want = want + float64(a[18]*b[18])
	const c = 0.7
	var q [16]float64
	for l := range 16 {
		d := float64(e[l]) - c
		q[l] = float64(d*d) * b[l]
	}
	u0 := (q[0] + q[4]) + (q[8] + q[12])
	u1 := (q[1] + q[5]) + (q[9] + q[13])
	u2 := (q[2] + q[6]) + (q[10] + q[14])
	u3 := (q[3] + q[7]) + (q[11] + q[15])
	wantSq := (u0 + u2) + (u1 + u3)
	for i := 16; i < 19; i++ {
		d := float64(e[i]) - c
		wantSq += float64(float64(d*d) * b[i])
	}
	for _, k := range statKernels {
		if g := k.dot(a, b); math.Float64bits(g) != math.Float64bits(want) {
			t.Errorf("%s: dot = %v, want %v", k.name, g, want)
		}
		if g := k.sqDevI32(e, b, c); math.Float64bits(g) != math.Float64bits(wantSq) {
			t.Errorf("%s: sqDevI32 = %v, want %v", k.name, g, wantSq)
		}
	}
}

// TestStatKernelsExact checks every kernel against exact sums: small
// integers (every product and partial sum exact in float64) give the exact
// integer result, and random floats agree with the correctly rounded sum
// (math/big) within the error bound of a sum of n rounded products.
func TestStatKernelsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for _, k := range statKernels {
		for _, n := range kernelLengths {
			e := make([]int32, n)
			w := make([]float64, n)
			a := make([]float64, n)
			var dotWant, sqWant int64
			const c = 3
			for i := range n {
				e[i] = int32(r.IntN(2001) - 1000)
				w[i] = float64(r.IntN(100))
				a[i] = float64(e[i])
				dotWant += int64(e[i]) * int64(w[i])
				d := int64(e[i]) - c
				sqWant += d * d * int64(w[i])
			}
			if g := k.dotI32(e, w); g != float64(dotWant) {
				t.Errorf("%s n=%d: dotI32 = %v, want %d", k.name, n, g, dotWant)
			}
			if g := k.dot(a, w); g != float64(dotWant) {
				t.Errorf("%s n=%d: dot = %v, want %d", k.name, n, g, dotWant)
			}
			if g := k.sqDevI32(e, w, c); g != float64(sqWant) {
				t.Errorf("%s n=%d: sqDevI32 = %v, want %d", k.name, n, g, sqWant)
			}
			// Random positive floats: the relative error of a sum of n
			// positive rounded products is below (n+1)·2^-53 (Higham,
			// Accuracy and Stability, §3.1).
			x := make([]float64, n)
			y := make([]float64, n)
			exact := new(big.Float).SetPrec(2000)
			for i := range n {
				x[i], y[i] = r.Float64()+0.5, r.Float64()+0.5
				exact.Add(exact, new(big.Float).SetPrec(2000).Mul(big.NewFloat(x[i]), big.NewFloat(y[i])))
			}
			want, _ := exact.Float64()
			if g := k.dot(x, y); math.Abs(g-want) > float64(n+1)*0x1p-53*want {
				t.Errorf("%s n=%d: dot = %v, exact %v", k.name, n, g, want)
			}
		}
	}
}

// TestStatKernelFollowsSim checks that the statistics kernel follows the
// simulator's kernel choice.
func TestStatKernelFollowsSim(t *testing.T) {
	for _, name := range sim.Kernels() {
		restore, err := sim.SetKernel(name)
		if err != nil {
			t.Fatal(err)
		}
		got := currentStatKernel().name
		restore()
		want := "generic"
		for _, k := range statKernels {
			if k.name == name {
				want = name
			}
		}
		if got != want {
			t.Errorf("sim kernel %q: statistics kernel %q, want %q", name, got, want)
		}
	}
}

// TestPredictKernelsAgree requires Population.Predict to give the same bits
// under every simulator kernel, on weight distributions that take the
// dense path (many non-zero probabilities) and the gathered one (at most
// sparseWeights), and to agree with the direct per-sample form.
func TestPredictKernelsAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	const fanIn = 37
	feats := randomFeatures(r, 300, fanIn)
	em, err := FromFunc(8, 8, true, func(x, w int64) int64 { return x * w &^ 31 })
	if err != nil {
		t.Fatal(err)
	}
	// nvals distinct weight values, each 1..4 times.
	weights := func(nvals int) Dist {
		var wv []int8
		for _, v := range r.Perm(256)[:nvals] {
			for range 1 + r.IntN(4) {
				wv = append(wv, int8(v-128))
			}
		}
		w, err := NewDist(wv)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	for _, nvals := range []int{1, 3, 17, sparseWeights, sparseWeights + 1, 200, 256} {
		w := weights(nvals)
		pop, err := NewPopulation(feats, fanIn, w, 200, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(pop.wIdx) != nvals {
			t.Fatalf("%d weight values, want %d", len(pop.wIdx), nvals)
		}
		dm, ds := directPopulation(t, em, feats, fanIn, w, pop.Rows())
		var ref [2]float64
		for i, name := range sim.Kernels() {
			restore, err := sim.SetKernel(name)
			if err != nil {
				t.Fatal(err)
			}
			m, s, err := pop.Predict(em)
			restore()
			if err != nil {
				t.Fatal(err)
			}
			// Tolerance as in TestPopulationMatchesDirectForm: the two
			// forms agree to 1e-9 relative.
			if !scalar.EqualWithinRel(m, dm, 1e-9) || !scalar.EqualWithinRel(s, ds, 1e-9) {
				t.Errorf("%d weight values, kernel %s: Predict = (%.15g, %.15g), direct (%.15g, %.15g)", nvals, name, m, s, dm, ds)
			}
			if i == 0 {
				ref = [2]float64{m, s}
				continue
			}
			if math.Float64bits(m) != math.Float64bits(ref[0]) || math.Float64bits(s) != math.Float64bits(ref[1]) {
				t.Errorf("%d weight values, kernel %s: Predict = (%v, %v), generic (%v, %v)", nvals, name, m, s, ref[0], ref[1])
			}
		}
	}
}

// BenchmarkStatKernels times each statistics kernel on one 256-element
// row (the shape of Predict's inner products).
func BenchmarkStatKernels(b *testing.B) {
	r := rand.New(rand.NewPCG(41, 42))
	a := guardedF64(r, 256, 1)
	w := guardedF64(r, 256, 1)
	e := guardedI32(r, 256)
	for _, k := range statKernels {
		b.Run("kernel="+k.name+"/op=dot", func(b *testing.B) {
			s := 0.0
			for b.Loop() {
				s += k.dot(a, w)
			}
			_ = s
		})
		b.Run("kernel="+k.name+"/op=dotI32", func(b *testing.B) {
			s := 0.0
			for b.Loop() {
				s += k.dotI32(e, w)
			}
			_ = s
		})
		b.Run("kernel="+k.name+"/op=sqDevI32", func(b *testing.B) {
			s := 0.0
			for b.Loop() {
				s += k.sqDevI32(e, w, 0.5)
			}
			_ = s
		})
	}
}

// BenchmarkPredictWeights predicts one signed 8x8 map with a 512-sample
// population of fan-in 576 and weight distributions of nvals values (the
// gathered path up to sparseWeights values, the dense one above), per
// statistics kernel.
func BenchmarkPredictWeights(b *testing.B) {
	r := rand.New(rand.NewPCG(51, 52))
	feats := randomFeatures(r, 2000, 576)
	em, _ := FromFunc(8, 8, true, func(x, w int64) int64 { return x * w &^ 15 })
	for _, nvals := range []int{3, 16, 32, 48, 64, 96, 128, 256} {
		var wv []int8
		for _, v := range r.Perm(256)[:nvals] {
			wv = append(wv, int8(v-128))
		}
		w, _ := NewDist(wv)
		pop, err := NewPopulation(feats, 576, w, 512, 1)
		if err != nil {
			b.Fatal(err)
		}
		for _, k := range statKernels {
			b.Run(fmt.Sprintf("kernel=%s/weights=%d", k.name, nvals), func(b *testing.B) {
				restore, err := sim.SetKernel(k.name)
				if err != nil {
					b.Skip(err)
				}
				defer restore()
				for b.Loop() {
					pop.Predict(em)
				}
			})
		}
	}
}

// TestMCSumKernelsAgree runs the Monte Carlo pair kernel of every
// statistics kernel against the generic one (exact integer sums, so equal)
// on many lengths, counters that wrap around 2^32, and random tables.
func TestMCSumKernelsAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(61, 62))
	e := make([]int32, 1<<16)
	for i := range e {
		e[i] = int32(r.Uint32())
	}
	tables := func() (*aliasTable, *aliasTable) {
		var dx, dw Dist
		for i := range dx {
			if r.IntN(3) == 0 {
				dx[i] = r.Float64()
			}
			if r.IntN(2) == 0 {
				dw[i] = r.Float64()
			}
		}
		dx[r.IntN(256)] = 1
		dw[r.IntN(256)] = 1
		tx, err := newAliasTable(&dx)
		if err != nil {
			t.Fatal(err)
		}
		tw, err := newAliasTable(&dw)
		if err != nil {
			t.Fatal(err)
		}
		return tx, tw
	}
	for _, k := range statKernels {
		t.Run(k.name, func(t *testing.T) {
			for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 576, 1001} {
				for _, g0 := range []uint32{0, 12345, math.MaxUint32 - 3, math.MaxUint32 - 700} {
					tx, tw := tables()
					kx := mcKey{r.Uint32(), r.Uint32()}
					kw := mcKey{r.Uint32(), r.Uint32()}
					want := int64(0)
					for j := range n {
						c := g0 + uint32(j)
						want += int64(e[tx.draw(mcHash(c, kx))<<8|tw.draw(mcHash(c, kw))])
					}
					if g := k.mcSum(e, tx, tw, kx, kw, g0, n); g != want {
						t.Fatalf("n=%d g0=%d: sum %d, want %d", n, g0, g, want)
					}
				}
			}
		})
	}
}

// TestMCHashVectors checks the generator's mixing functions against
// published values: MurmurHash3_x86_32 of the empty input with seed s is
// fmix32(s) (0, 0x514e28b7 for seed 1, 0x81f16f39 for seed 0xffffffff),
// and the first SplitMix64 output from state 0 is 0xe220a8397b1dcdaf.
func TestMCHashVectors(t *testing.T) {
	for _, c := range []struct{ in, want uint32 }{{0, 0}, {1, 0x514e28b7}, {0xffffffff, 0x81f16f39}} {
		if g := fmix32(c.in); g != c.want {
			t.Errorf("fmix32(%#x) = %#x, want %#x", c.in, g, c.want)
		}
	}
	if g := splitMix64(0); g != 0xe220a8397b1dcdaf {
		t.Errorf("splitMix64(0) = %#x, want 0xe220a8397b1dcdaf", g)
	}
}

// TestAliasTable checks that the table draws value v with probability
// W[v]/2^32 exactly (mass counted over every bucket and its alias), that
// W is the normalised probability within the rounding, that values of
// probability 0 are never drawn, and that draw follows the thresholds at
// their edges.
func TestAliasTable(t *testing.T) {
	r := rand.New(rand.NewPCG(71, 72))
	var point, tiny, uniform, zero, neg Dist
	point[200] = 3
	tiny[0], tiny[255] = 1, 1e-12
	for i := range uniform {
		uniform[i] = 1
	}
	neg[5] = -1
	randomD := func(keep int) Dist {
		var d Dist
		for i := range d {
			if r.IntN(keep) == 0 {
				d[i] = r.ExpFloat64()
			}
		}
		d[r.IntN(256)] += 1
		return d
	}
	for _, c := range []struct {
		name string
		d    Dist
		ok   bool
	}{
		{"point", point, true}, {"tiny", tiny, true}, {"uniform", uniform, true},
		{"dense", randomD(1), true}, {"half", randomD(2), true}, {"sparse", randomD(40), true},
		{"zero", zero, false}, {"negative", neg, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			tab, err := newAliasTable(&c.d)
			if (err == nil) != c.ok {
				t.Fatalf("error %v, want ok=%v", err, c.ok)
			}
			if err != nil {
				return
			}
			w, _ := aliasWeights(&c.d)
			var mass [256]uint64
			for i := range 256 {
				thr, alias := tab.t[i], tab.t[256+i]
				if thr > 1<<24 || alias > 255 {
					t.Fatalf("bucket %d: threshold %d, alias %d", i, thr, alias)
				}
				mass[i] += uint64(thr)
				mass[alias] += 1<<24 - uint64(thr)
				// draw at the threshold's edges.
				for _, low := range []uint32{0, thr - 1, thr, 1<<24 - 1} {
					if low >= 1<<24 {
						continue
					}
					want := alias
					if low < thr {
						want = uint32(i)
					}
					if g := tab.draw(uint32(i)<<24 | low); g != want {
						t.Fatalf("draw(bucket %d, low %d) = %d, want %d", i, low, g, want)
					}
				}
			}
			s := 0.0
			for _, p := range c.d {
				s += p
			}
			for v := range 256 {
				if mass[v] != w[v] {
					t.Errorf("value %d: table mass %d, weight %d", v, mass[v], w[v])
				}
				if c.d[v] == 0 && mass[v] != 0 {
					t.Errorf("value %d of probability 0 has mass %d", v, mass[v])
				}
				// Rounding: floor plus at most one unit, and at most 256
				// units of excess or shortfall on the largest entry.
				if math.Abs(float64(mass[v])/(1<<32)-c.d[v]/s) > 257.0/(1<<32) {
					t.Errorf("value %d: mass %v, probability %v", v, float64(mass[v])/(1<<32), c.d[v]/s)
				}
			}
		})
	}
}

// TestMCDrawsChiSquare draws 2^20 operands through the counter-based
// stream and compares the counts with the distribution (Pearson's
// chi-square on 40 bins of non-zero probability, 39 degrees of freedom:
// 99.99% quantile 80.1).
func TestMCDrawsChiSquare(t *testing.T) {
	r := rand.New(rand.NewPCG(81, 82))
	var d Dist
	for _, v := range r.Perm(256)[:40] {
		d[v] = 0.2 + r.Float64()
	}
	tab, err := newAliasTable(&d)
	if err != nil {
		t.Fatal(err)
	}
	kx, _ := mcKeysFor(7, 0)
	const n = 1 << 20
	var cnt [256]float64
	for c := range uint32(n) {
		cnt[tab.draw(mcHash(c, kx))]++
	}
	s := 0.0
	for _, p := range d {
		s += p
	}
	chi := 0.0
	for v, p := range d {
		if p == 0 {
			if cnt[v] != 0 {
				t.Fatalf("value %d of probability 0 drawn %v times", v, cnt[v])
			}
			continue
		}
		want := n * p / s
		chi += (cnt[v] - want) * (cnt[v] - want) / want
	}
	if chi > 80.1 {
		t.Errorf("chi-square %v > 80.1 (39 degrees of freedom)", chi)
	}
}

// TestMCRunSums checks the run sums of every kernel against a per-pair
// reference that derives each pair's keys itself, across the 2^32 pair
// boundary where the keys change, and the sample mean and std against
// SingleDist.
func TestMCRunSums(t *testing.T) {
	em, err := FromFunc(8, 8, true, func(x, w int64) int64 { return x*w + x + 2*w })
	if err != nil {
		t.Fatal(err)
	}
	m, _ := em.Int8()
	var px, pw Dist
	px[1+128], px[2+128] = 0.5, 0.5
	pw[-1+128], pw[3+128] = 0.25, 0.75
	tx, _ := newAliasTable(&px)
	tw, _ := newAliasTable(&pw)
	const fanIn, runs, seed = 21, 40, 99
	first := uint64(1)<<32 - 300 // runs 14 and 15 straddle 2^32
	want := make([]float64, runs)
	for k := range want {
		var s int64
		for j := range uint64(fanIn) {
			g := first + uint64(k)*fanIn + j
			kx, kw := mcKeysFor(seed, g>>32)
			x := tx.draw(mcHash(uint32(g), kx))
			w := tw.draw(mcHash(uint32(g), kw))
			s += int64(m.err[x<<8|w])
		}
		want[k] = float64(s)
	}
	for _, k := range statKernels {
		got := make([]float64, runs)
		mcRunSums(k, got, m.err, tx, tw, fanIn, seed, first)
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%s: run %d sum %v, want %v", k.name, i, got[i], want[i])
			}
		}
	}
	// Statistics: E = x·w + x + 2w has mean 5.5 and std 3.5 per product
	// (SingleDist); a run sum of 16 has std 14. 5 standard errors.
	mean, std, _ := SingleDist(em, &px, &pw, 1)
	const n, runs2 = 16, 20000
	sums := make([]float64, runs2)
	mcRunSums(currentStatKernel(), sums, m.err, tx, tw, n, 5, 0)
	mu, v := 0.0, 0.0
	for _, s := range sums {
		mu += s
	}
	mu /= runs2
	for _, s := range sums {
		v += (s - mu) * (s - mu)
	}
	sd := math.Sqrt(v / runs2)
	if math.Abs(mu/n-mean) > 5*std/math.Sqrt(n*runs2) {
		t.Errorf("mean %v, want %v", mu/n, mean)
	}
	if math.Abs(sd-std*math.Sqrt(n)) > 0.05*std*math.Sqrt(n) {
		t.Errorf("run-sum std %v, want %v ± 5%%", sd, std*math.Sqrt(n))
	}
}

// BenchmarkMonteCarlo draws 1000 runs of fan-in 576 (576,000 pairs):
// "pcg" is MonteCarlo (PCG stream, binary search of the CDF), the others
// the counter-based stream per statistics kernel.
func BenchmarkMonteCarlo(b *testing.B) {
	_, w := benchLayer()
	em, _ := FromFunc(8, 8, true, func(x, w int64) int64 { return x * w &^ 15 })
	m, _ := em.Int8()
	var px Dist
	r := rand.New(rand.NewPCG(91, 92))
	for i := 128; i < 256; i++ {
		px[i] = r.ExpFloat64()
	}
	const fanIn, runs = 576, 1000
	perPair := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(fanIn*runs), "ns/pair")
	}
	b.Run("MonteCarlo", func(b *testing.B) { // the public entry point, current kernel
		for b.Loop() {
			MonteCarlo(em, &px, &w, fanIn, runs, 1)
		}
		perPair(b)
	})
	tx, _ := newAliasTable(&px)
	tw, _ := newAliasTable(&w)
	sums := make([]float64, runs)
	for _, k := range statKernels {
		b.Run("stream=counter/kernel="+k.name, func(b *testing.B) {
			for b.Loop() {
				mcRunSums(k, sums, m.err, tx, tw, fanIn, 1, 0)
			}
			perPair(b)
		})
	}
}
