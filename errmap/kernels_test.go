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
