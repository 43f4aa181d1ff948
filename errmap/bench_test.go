package errmap

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchLayer returns a 20,000 x 576 feature tensor (ReLU-like) and a weight
// distribution, the size of a mid-sized conv layer's im2col matrix.
func benchLayer() ([]int8, Dist) {
	r := rand.New(rand.NewPCG(3, 4))
	feats := randomFeatures(r, 20000, 576)
	wv := make([]int8, 4096)
	for i := range wv {
		wv[i] = int8(max(-128, min(127, r.NormFloat64()*25)))
	}
	w, _ := NewDist(wv)
	return feats, w
}

// BenchmarkPopulationPredict predicts 500 int8 error maps with a 512-sample
// population (one op = all 500 maps).
func BenchmarkPopulationPredict(b *testing.B) {
	feats, w := benchLayer()
	pop, err := NewPopulation(feats, 576, w, 512, 1)
	if err != nil {
		b.Fatal(err)
	}
	// 25 distinct maps cycled 20 times: the work per Predict does not depend
	// on the map, and 500 distinct maps would hold 256 MiB.
	r := rand.New(rand.NewPCG(5, 6))
	maps := make([]*ErrorMap, 25)
	for i := range maps {
		sh := uint(r.IntN(8))
		maps[i], _ = FromFunc(8, 8, true, func(x, w int64) int64 { return x * w >> sh << sh })
	}
	b.ResetTimer()
	for b.Loop() {
		for k := range 500 {
			if _, _, err := pop.Predict(maps[k%len(maps)]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/500/1e3, "µs/map")
}

// BenchmarkPopulationPredictUnsigned is the same with one unsigned 8x8 map
// (converted to the int8 domain on the first call only).
func BenchmarkPopulationPredictUnsigned(b *testing.B) {
	feats, w := benchLayer()
	pop, _ := NewPopulation(feats, 576, w, 512, 1)
	um, _ := FromFunc(8, 8, false, func(a, b int64) int64 { return a * b &^ 63 })
	for b.Loop() {
		for range 500 {
			pop.Predict(um)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/500/1e3, "µs/map")
}

// BenchmarkGramBuild builds the population model from all 20,000 rows of
// fan-in 576.
func BenchmarkGramBuild(b *testing.B) {
	feats, w := benchLayer()
	for b.Loop() {
		if _, err := NewPopulation(feats, 576, w, All, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAccumulatorAdd measures one Add (one op = 65536 pairs of an 8x8
// signed multiplier with ~75% erroneous products).
func BenchmarkAccumulatorAdd(b *testing.B) {
	exact, approx := randomPairs(65536, 13)
	for b.Loop() {
		acc, _ := NewAccumulator(8, 8)
		for i := range exact {
			acc.Add(exact[i], approx[i])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/65536, "ns/pair")
}

// BenchmarkDirectPopulation is the reference form (per sample, per pair) for
// one map with 512 samples, for comparison with Predict.
func BenchmarkDirectPopulation(b *testing.B) {
	feats, w := benchLayer()
	pop, _ := NewPopulation(feats, 576, w, 512, 1)
	em, _ := FromFunc(8, 8, true, func(x, w int64) int64 { return x * w &^ 15 })
	t := &testing.T{}
	for b.Loop() {
		directPopulation(t, em, feats, 576, w, pop.Rows())
	}
}

// BenchmarkRelWord measures the relative errors (and |e|² sums) of one
// word of the bit-plane path with all 64 pairs wrong, pair by pair and in
// the vector kernel (when this CPU has one).
func BenchmarkRelWord(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var vals [64]uint64
	for v := range vals {
		vals[v] = rng.Uint64() >> 50
	}
	for _, vec := range []bool{false, true} {
		if vec && !currentStatKernel().asm {
			continue
		}
		for _, sq := range []bool{false, true} {
			b.Run(fmt.Sprintf("vec=%v/sq=%v", vec, sq), func(b *testing.B) {
				var rel [8]float64
				mr := 0.0
				for b.Loop() {
					_, _, mr = relWord(&vals, ^uint64(0), 1234, 567, &rel, mr, sq, vec)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/64, "ns/pair")
			})
		}
	}
}
