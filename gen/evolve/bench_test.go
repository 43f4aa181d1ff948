package evolve

import (
	"fmt"
	"testing"

	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/internal/cputime"
)

// BenchmarkEvolve8x8 runs the (1+4) ES on the exact 8x8 array multiplier
// seed (30 spare nodes) under uniform operands, every simulated candidate
// with its full exhaustive error (65,536 pairs) and gate count, one
// generation per iteration, on one worker and on every kernel. evals/s
// counts every offspring, sim-evals/s those that were simulated (the rest
// kept the parent's active circuit and inherited its score), and
// sim-evals/cpu-s the simulated ones per second of process CPU time, the
// per-core rate that a loaded machine does not distort as much.
func BenchmarkEvolve8x8(b *testing.B) {
	seed, err := DefaultSeed(30)
	if err != nil {
		b.Fatal(err)
	}
	d, err := ExhaustiveDomain(8, 8, false)
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range []Metric{MAE, WCE, MRE, EP} {
		c, err := MetricConstraint(d, m, map[Metric]float64{MAE: 200, WCE: 200, MRE: 5, EP: 90}[m])
		if err != nil {
			b.Fatal(err)
		}
		for _, kn := range sim.Kernels() {
			b.Run(fmt.Sprintf("metric=%v/kernel=%s", m, kn), func(b *testing.B) {
				restore, err := sim.SetKernel(kn)
				if err != nil {
					b.Fatal(err)
				}
				defer restore()
				r, err := newRunner(seed, c, Gates(), Options{Seed: 1, Workers: 1})
				if err != nil {
					b.Fatal(err)
				}
				if err := r.ev.setParent(seed); err != nil {
					b.Fatal(err)
				}
				cpu0, cpuOK := cputime.Process()
				b.ResetTimer()
				for b.Loop() {
					if err := r.generation(); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				s := b.Elapsed().Seconds()
				b.ReportMetric(float64(r.gen)*float64(r.opts.Lambda)/s, "evals/s")
				b.ReportMetric(float64(r.simulated-1)/s, "sim-evals/s")
				b.ReportMetric(r.ev.pcost, "gates")
				if cpu1, ok := cputime.Process(); ok && cpuOK && cpu1 > cpu0 {
					// Per CPU-second: stable on a shared machine.
					b.ReportMetric(float64(r.simulated-1)/(cpu1-cpu0).Seconds(), "sim-evals/cpu-s")
				}
			})
		}
	}
}
