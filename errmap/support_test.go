package errmap

import (
	"math/rand/v2"
	"testing"

	"github.com/axmul/axmul/circuits/sim"
)

// TestPredictSupport checks that PredictSupport, given the errors of a map
// on Support only, returns Predict's bits on that map, for sparse and
// dense weight distributions, under every statistics kernel.
func TestPredictSupport(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	em, err := FromFunc(8, 8, true, func(a, b int64) int64 { return a*b + int64(r.IntN(201)) - 100 })
	if err != nil {
		t.Fatal(err)
	}
	const fanIn = 16
	features := make([]int8, fanIn*300)
	for i := range features {
		if r.IntN(2) == 0 {
			features[i] = int8(r.IntN(60))
		}
	}
	for _, nw := range []int{1, 7, sparseWeights, sparseWeights + 1, 256} {
		var wd Dist
		for range nw * 3 {
			wd[r.IntN(nw)*(256/nw)]++
		}
		s := wd.Sum()
		for i := range wd {
			wd[i] /= s
		}
		pop, err := NewPopulation(features, fanIn, wd, 128, 5)
		if err != nil {
			t.Fatal(err)
		}
		act, wts := pop.Support()
		e := make([]int32, 0, len(act)*len(wts))
		for _, x := range act {
			for _, w := range wts {
				v, _ := em.Error(int64(x), int64(w))
				e = append(e, int32(v))
			}
		}
		ps := 0.0
		for _, p := range pop.ActivationProbs() {
			ps += p
		}
		if ps < 1-1e-12 || ps > 1+1e-12 {
			t.Errorf("%d weights: activation probabilities sum to %v", nw, ps)
		}
		for _, k := range sim.Kernels() {
			restore, err := sim.SetKernel(k)
			if err != nil {
				t.Fatal(err)
			}
			m1, s1, err := pop.Predict(em)
			if err != nil {
				t.Fatal(err)
			}
			m2, s2 := pop.PredictSupport(e)
			restore()
			if m1 != m2 || s1 != s2 {
				t.Errorf("%d weights, kernel %s: PredictSupport (%v, %v), Predict (%v, %v)", nw, k, m2, s2, m1, s1)
			}
		}
	}
}
