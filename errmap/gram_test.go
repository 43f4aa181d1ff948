package errmap

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// TestGramCountsSplit checks the Gram counts of sampled rows, split over
// several goroutines, against a naive per-row computation.
func TestGramCountsSplit(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	rng := rand.New(rand.NewPCG(5, 6))
	const fanIn, nrows = 37, 5000
	feats := make([]int8, fanIn*nrows)
	for i := range feats {
		if rng.IntN(3) > 0 {
			feats[i] = int8(rng.IntN(256) - 128)
		}
	}
	rows := make([]int, 4500) // with repeats
	for i := range rows {
		rows[i] = rng.IntN(nrows)
	}
	wantP := make([]uint64, 256)
	wantG := make([]uint64, 256*256)
	for _, s := range rows {
		var cnt [256]uint64
		for _, v := range feats[s*fanIn : (s+1)*fanIn] {
			cnt[int(v)+128]++
		}
		for i := range 256 {
			wantP[i] += cnt[i]
			for j := 0; j <= i; j++ {
				wantG[i<<8|j] += cnt[i] * cnt[j]
			}
		}
	}
	pc, gc := gramCounts(feats, fanIn, rows)
	if !slices.Equal(pc, wantP) || !slices.Equal(gc, wantG) {
		t.Fatal("split Gram counts differ from the naive counts")
	}
	pc1, gc1 := make([]uint64, 256), make([]uint64, 256*256)
	gramCountsInto(pc1, gc1, feats, fanIn, rows)
	if !slices.Equal(pc1, wantP) || !slices.Equal(gc1, wantG) {
		t.Fatal("unsplit Gram counts differ from the naive counts")
	}
}
