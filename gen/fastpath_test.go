package gen

import (
	"context"
	"runtime"
	"sync"
	"testing"

	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/evoapprox"

	"gonum.org/v1/gonum/floats/scalar"
)

// TestFastPathMatchesDirect checks the fast metrics path of Characterise
// (blocks of raw outputs, chunk kernels, 8-lane relative sums, and under
// the avx512 kernel the bit-planes decoded and the pairs derived from the
// index in assembly) against the straightforward definition: the truth
// table decoded pair by pair and fed to Accumulator.Add. It runs on every
// shared EvoApprox circuit with n+m <= 24 (803; every 16th with -short)
// under the default kernel, which the log names, with each circuit's
// library's MRE convention. Every integer figure and
// every metric computed from the exact integer sums must be identical;
// MRE, a float sum in another order, within 1e-12 relative (a few
// roundings of sums of at most 2^12 terms of similar size per block).
func TestFastPathMatchesDirect(t *testing.T) {
	kernel, err := sim.CurrentKernel()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("kernel: %s (available: %v)", kernel, sim.Kernels())
	var (
		mu      sync.Mutex
		checked int
	)
	n := 0
	for _, sub := range []string{"evoapprox/v2022", "evoapprox/8b"} {
		cat, err := evoapprox.Open(sharedDir(t, sub))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		sem := make(chan struct{}, runtime.GOMAXPROCS(0))
		for _, en := range cat.Entries() {
			if en.Shape.ABits+en.Shape.BBits > 24 || en.Path == "" {
				continue
			}
			n++
			if testing.Short() && n%16 != 0 {
				continue
			}
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				c, err := Load(en.Path, LoadOptions{})
				if err != nil {
					t.Error(err)
					return
				}
				for _, z := range []errmap.ZeroExact{DefaultZeroExact(c.Name)} {
					res, err := Characterise(context.Background(), c, CharOptions{Workers: 1, ZeroExact: z, KeepProducts: true})
					if err != nil {
						t.Error(err)
						return
					}
					ref, _ := errmap.NewAccumulator(c.ABits, c.BBits)
					mask := uint64(1)<<c.ABits - 1
					for idx, out := range res.Products {
						a := Decode(uint64(idx)&mask, c.ABits, c.Signed)
						b := Decode(uint64(idx)>>c.ABits, c.BBits, c.Signed)
						ref.Add(a*b, Decode(out, c.OBits, c.Signed))
					}
					got, want := res.Metrics, ref.Result(errmap.Options{ZeroExact: z})
					gotMRE, wantMRE := got.MRE, want.MRE
					got.MRE, want.MRE = 0, 0
					if got != want {
						t.Errorf("%s %v: fast path %+v\nstraightforward %+v", c.Name, z, got, want)
					}
					if !scalar.EqualWithinAbsOrRel(gotMRE, wantMRE, 1e-300, 1e-12) {
						t.Errorf("%s %v: MRE fast %.17g, straightforward %.17g", c.Name, z, gotMRE, wantMRE)
					}
				}
				mu.Lock()
				checked++
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	t.Logf("%d of %d circuits checked", checked, n)
	if !testing.Short() && checked != 803 {
		t.Errorf("checked %d circuits, want the 803 with n+m <= 24", checked)
	}
}
