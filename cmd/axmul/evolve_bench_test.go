package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkEvolveCommand runs the whole `axmul evolve` command (seed,
// evolution, writing, re-reading and re-simulating, summary) on the
// default 8x8 seed under an exhaustive MAE bound, 2000 generations of
// λ = 4 with --jobs 1 and 2 (offspring evaluated in parallel), and
// reports candidate evaluations per second of wall time.
func BenchmarkEvolveCommand(b *testing.B) {
	const gens = 2000
	for _, jobs := range []int{1, 2} {
		b.Run(fmt.Sprintf("jobs=%d", jobs), func(b *testing.B) {
			dir := b.TempDir()
			for i := range b.N {
				var stdout, stderr bytes.Buffer
				args := []string{"evolve", "--metric", "mae", "--max", "50", "--generations", fmt.Sprint(gens), "--jobs", fmt.Sprint(jobs),
					"-o", filepath.Join(dir, fmt.Sprint(i))}
				if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
					b.Fatalf("exit %d: %s", code, stderr.String())
				}
			}
			b.ReportMetric(float64(b.N)*(1+4*gens)/b.Elapsed().Seconds(), "evals/s")
		})
	}
}
