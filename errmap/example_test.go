package errmap_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/axmul/axmul/errmap"
)

// A 4x4 unsigned multiplier that drops the product's least significant bit
// errs by -1 exactly when both operands are odd (64 of 256 pairs).
func ExampleAccumulator() {
	acc, err := errmap.NewAccumulator(4, 4)
	if err != nil {
		panic(err)
	}
	for a := range int64(16) {
		for b := range int64(16) {
			acc.Add(a*b, a*b&^1)
		}
	}
	m := acc.Result(errmap.Options{ZeroExact: errmap.ExcludeZero})
	fmt.Printf("pairs %d, EP %.1f%%, MAE %.3f, WCE %d, MSE %.3f, mean %.3f, std %.4f\n",
		m.Count, m.EP, m.MAE, m.WCE, m.MSE, m.Mean, m.Std)
	fmt.Printf("MAE%% %.4f, WCE%% %.4f, MRE %.3f%%, WCRE %.0f%%\n", m.MAEPct, m.WCEPct, m.MRE, m.WCRE)
	// Output:
	// pairs 256, EP 25.0%, MAE 0.250, WCE 1, MSE 0.250, mean -0.250, std 0.4330
	// MAE% 0.0977, WCE% 0.3906, MRE 1.817%, WCRE 100%
}

// An unsigned 8x8 multiplier is used sign-magnitude in the int8 domain.
func ExampleErrorMap_Int8() {
	// Truncation of the two low product bits, plus 1: M(0, 0) = 1.
	um, err := errmap.FromFunc(8, 8, false, func(a, b int64) int64 { return a*b&^3 + 1 })
	if err != nil {
		panic(err)
	}
	im, err := um.Int8()
	if err != nil {
		panic(err)
	}
	for _, xw := range [][2]int64{{3, 3}, {-3, 3}, {-3, -3}, {0, -5}, {-128, 127}} {
		p, _ := im.Approx(xw[0], xw[1])
		e, _ := im.Error(xw[0], xw[1])
		fmt.Printf("x=%4d w=%4d approx=%6d error=%d\n", xw[0], xw[1], p, e)
	}
	// Output:
	// x=   3 w=   3 approx=     9 error=0
	// x=  -3 w=   3 approx=    -9 error=0
	// x=  -3 w=  -3 approx=     9 error=0
	// x=   0 w=  -5 approx=    -1 error=-1
	// x=-128 w= 127 approx=-16257 error=-1
}

// SingleDist on the error map E(x, w) = x + 2w with two-point operand
// distributions: mean 5.5 and per-product std 3.5, reduced by sqrt(fanIn).
func ExampleSingleDist() {
	em, _ := errmap.FromFunc(8, 8, true, func(x, w int64) int64 { return x*w + x + 2*w })
	var px, pw errmap.Dist
	px[1+128], px[2+128] = 0.5, 0.5
	pw[-1+128], pw[3+128] = 0.25, 0.75
	mean, std, err := errmap.SingleDist(em, &px, &pw, 4)
	if err != nil {
		panic(err)
	}
	fmt.Printf("mean %.3f std %.3f\n", mean, std)
	// Output:
	// mean 5.500 std 1.750
}

// A layer model is built once, then predicts every multiplier cheaply.
func ExamplePopulation() {
	const rows, fanIn = 1000, 27
	r := rand.New(rand.NewPCG(1, 2))
	features := make([]int8, rows*fanIn)
	for i := range features {
		features[i] = int8(r.IntN(64)) // non-negative activations
	}
	weights := make([]int8, 500)
	for i := range weights {
		weights[i] = int8(r.IntN(61) - 30)
	}
	w, _ := errmap.NewDist(weights)
	pop, err := errmap.NewPopulation(features, fanIn, w, 512, 7)
	if err != nil {
		panic(err)
	}
	// Two multipliers: truncating the product's low 4 bits, and the exact one.
	trunc, _ := errmap.FromFunc(8, 8, true, func(x, w int64) int64 { return x * w &^ 15 })
	exact, _ := errmap.FromFunc(8, 8, true, func(x, w int64) int64 { return x * w })
	for _, em := range []*errmap.ErrorMap{trunc, exact} {
		mean, std, _ := pop.Predict(em)
		// std·fanIn is the error std of one neuron output.
		fmt.Printf("mean %.3f std %.4f output std %.3f\n", mean, std, std*fanIn)
	}
	// Output:
	// mean -6.626 std 0.9879 output std 26.675
	// mean 0.000 std 0.0000 output std 0.000
}

// MonteCarlo simulates fanIn products per run; with enough runs it
// approaches SingleDist (mean 5.5, std 3.5/sqrt(16) = 0.875 here).
func ExampleMonteCarlo() {
	em, _ := errmap.FromFunc(8, 8, true, func(x, w int64) int64 { return x*w + x + 2*w })
	var px, pw errmap.Dist
	px[1+128], px[2+128] = 0.5, 0.5
	pw[-1+128], pw[3+128] = 0.25, 0.75
	mean, std, err := errmap.MonteCarlo(em, &px, &pw, 16, 100000, 42)
	if err != nil {
		panic(err)
	}
	// The exact values (SingleDist) are mean 5.5 and std 0.875.
	fmt.Printf("mean %.2f std %.1f\n", mean, std)
	// Output:
	// mean 5.50 std 0.9
}

// The same truncation on an 8x4 multiplier, given as output bit-planes
// the way sim.Multiplier.ExhaustivePlanes delivers them (bit v of
// planes[k][j] is bit k of the output for combined index 64j+v, A in the
// low index bits): AddPlanes computes the metrics on the planes and gives
// what Add gives pair by pair.
func ExampleAccumulator_AddPlanes() {
	const aBits, bBits, outBits = 8, 4, 12
	n := 1 << (aBits + bBits)
	planes := make([][]uint64, outBits)
	for k := range planes {
		planes[k] = make([]uint64, n/64)
	}
	for idx := range n {
		a, b := idx%(1<<aBits), idx>>aBits
		out := a * b &^ 1 // the least significant product bit dropped
		for k := range outBits {
			planes[k][idx/64] |= uint64(out>>k&1) << (idx % 64)
		}
	}
	acc, err := errmap.NewAccumulator(aBits, bBits)
	if err != nil {
		panic(err)
	}
	acc.AddPlanes(0, planes, n, false)
	m := acc.Result(errmap.Options{})
	fmt.Printf("bit-plane path: %v; pairs %d, EP %.1f%%, MAE %.3f, WCE %d, min %d\n", acc.PlanesFast(outBits), m.Count, m.EP, m.MAE, m.WCE, m.MinErr)
	// Output:
	// bit-plane path: true; pairs 4096, EP 25.0%, MAE 0.250, WCE 1, min -1
}
