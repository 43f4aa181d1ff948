package gen

import (
	"context"
	"sync"
	"testing"
)

// TestCharacteriseProgress: the progress callback counts every simulated
// pair once, exhaustive or sampled, for any number of workers, and does
// not change the metrics.
func TestCharacteriseProgress(t *testing.T) {
	dir := writeEvoDir(t, "mul8u_trunc4")
	c, err := Load(dir+"/mul8u_trunc4.v", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		opts      CharOptions
		wantTotal uint64
	}{
		{"exhaustive 1 worker", CharOptions{Workers: 1}, 1 << 16},
		{"exhaustive 2 workers", CharOptions{Workers: 2}, 1 << 16},
		{"sampled 1 worker", CharOptions{Workers: 1, SampleAbove: 8, Samples: 100_003, Seed: 5}, 100_003},
		{"sampled", CharOptions{Workers: 2, SampleAbove: 8, Samples: 100_003, Seed: 5}, 100_003},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plain, err := Characterise(context.Background(), c, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			var (
				mu    sync.Mutex
				calls int
				last  uint64
				tot   uint64
			)
			tc.opts.Progress = func(done, total uint64) {
				mu.Lock()
				defer mu.Unlock()
				calls++
				last = max(last, done)
				tot = total
				if done > total {
					t.Errorf("done %d > total %d", done, total)
				}
			}
			res, err := Characterise(context.Background(), c, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if calls == 0 || last != tc.wantTotal || tot != tc.wantTotal {
				t.Errorf("%d calls, last done %d, total %d; want done = total = %d", calls, last, tot, tc.wantTotal)
			}
			// With several workers the float sums of MRE may still depend on
			// scheduling in their last bits: compare one worker's only.
			if tc.opts.Workers == 1 && res.Metrics != plain.Metrics {
				t.Errorf("metrics with progress %+v, without %+v", res.Metrics, plain.Metrics)
			}
		})
	}
}
