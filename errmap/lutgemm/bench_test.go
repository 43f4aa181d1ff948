package lutgemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// reluFeatures returns activations like the selection benchmarks' layer:
// half zeros, the rest exponential with mean 20, clamped to 127.
func reluFeatures(r *rand.Rand, n int) []int8 {
	v := make([]int8, n)
	for i := range v {
		if r.IntN(2) == 0 {
			v[i] = int8(min(127, math.Round(r.ExpFloat64()*20)))
		}
	}
	return v
}

// BenchmarkMatMul runs one worker over a layer of 2000 rows of fan-in 576
// and 64 channels (a tenth of the 20,000-row layer of the README), with
// ReLU-like activations (dist=relu) and uniform ones (dist=uniform, every
// table row equally likely), and reports table lookups per second (GLUT/s).
func BenchmarkMatMul(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	rows, k, j := 2000, 576, 64
	table := randTable(r, 1<<15)
	wv := randInt8(r, k*j)
	w, _ := NewWeights(wv, k, j)
	dst := make([]int64, rows*j)
	for _, dist := range []string{"relu", "uniform"} {
		x := reluFeatures(r, rows*k)
		if dist == "uniform" {
			x = randInt8(r, rows*k)
		}
		for _, kn := range kernels {
			b.Run(fmt.Sprintf("dist=%s/kernel=%s", dist, kn.name), func(b *testing.B) {
				for b.Loop() {
					matMul(kn, dst, table, x, w, 1)
				}
				b.ReportMetric(float64(rows*k*j)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GLUT/s")
			})
		}
	}
}

// BenchmarkMatMulLayer is the whole 20,000 x 576 x 64 layer of issue 11
// (737M table lookups, ReLU-like activations) on one worker: the time per
// multiplier of 'axmul validate' without the statistics.
func BenchmarkMatMulLayer(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	rows, k, j := 20000, 576, 64
	table := randTable(r, 1<<15)
	w, _ := NewWeights(randInt8(r, k*j), k, j)
	x := reluFeatures(r, rows*k)
	dst := make([]int64, rows*j)
	for _, kn := range kernels {
		b.Run("kernel="+kn.name, func(b *testing.B) {
			for b.Loop() {
				matMul(kn, dst, table, x, w, 1)
			}
			b.ReportMetric(float64(rows*k*j)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GLUT/s")
		})
	}
}
