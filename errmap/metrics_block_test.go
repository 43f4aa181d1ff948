package errmap

import (
	"math/rand/v2"
	"testing"
)

// TestAddBlockEqualsAdd checks that AddBlock leaves the accumulator in the
// same state, bit for bit, as Add called pair by pair, across block sizes
// that do and do not line up with the relative-error blocks.
func TestAddBlockEqualsAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		bits   int
		signed bool
		n      int
	}{{4, false, 1000}, {8, true, 70000}, {16, false, 50000}, {30, true, 9000}} {
		exact := make([]int64, tc.n)
		approx := make([]int64, tc.n)
		lim := int64(1) << tc.bits
		for i := range exact {
			a, b := rng.Int64N(lim), rng.Int64N(lim)
			if tc.signed {
				a, b = a-lim/2, b-lim/2
			}
			if rng.IntN(7) == 0 {
				a = 0
			}
			exact[i] = a * b
			approx[i] = exact[i]
			if rng.IntN(3) > 0 {
				approx[i] += rng.Int64N(2*lim+1) - lim
			}
		}
		ref, _ := NewAccumulator(tc.bits, tc.bits)
		for i := range exact {
			ref.Add(exact[i], approx[i])
		}
		for _, blk := range []int{1, 7, 4096, 5000, tc.n} {
			got, _ := NewAccumulator(tc.bits, tc.bits)
			for lo := 0; lo < tc.n; lo += blk {
				hi := min(lo+blk, tc.n)
				got.AddBlock(exact[lo:hi], approx[lo:hi])
			}
			if *got != *ref {
				t.Errorf("bits %d block %d: state %+v, want %+v", tc.bits, blk, *got, *ref)
			}
			for _, z := range []ZeroExact{ExcludeZero, DivideByMaxOne} {
				if g, w := got.Result(Options{ZeroExact: z}), ref.Result(Options{ZeroExact: z}); g != w {
					t.Errorf("bits %d block %d %v: %+v, want %+v", tc.bits, blk, z, g, w)
				}
			}
		}
	}
}

func BenchmarkAccumulatorAddBlock(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 1 << 14
	exact := make([]int64, n)
	approx := make([]int64, n)
	for i := range exact {
		x, y := rng.Int64N(1<<16), rng.Int64N(1<<16)
		exact[i] = x * y
		approx[i] = exact[i] + rng.Int64N(1<<10) - 1<<9
	}
	acc, _ := NewAccumulator(16, 16)
	b.SetBytes(16 * n)
	for b.Loop() {
		acc.AddBlock(exact, approx)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/pair")
}
