package gen

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/axmul/axmul/errmap"
)

// BenchmarkSim8bEndToEnd is what `axmul sim` does over the 505 EvoApprox8b
// netlists: read, parse, elaborate, compile, simulate every pair and
// accumulate the metrics. jobs=1 runs the files one after the other on one
// goroutine; jobs=N spreads them over N goroutines as the command does.
func BenchmarkSim8bEndToEnd(b *testing.B) {
	dir := sharedDir(b, "evoapprox/8b")
	files, err := filepath.Glob(filepath.Join(dir, "mul8_*.v"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no EvoApprox8b netlists in %s (%v)", dir, err)
	}
	one := func(ctx context.Context, f string) error {
		c, err := Load(f, LoadOptions{})
		if err != nil {
			return err
		}
		r, err := Characterise(ctx, c, CharOptions{Workers: 1, ZeroExact: DefaultZeroExact(c.Name)})
		if err != nil {
			return err
		}
		if r.Metrics.Count != 1<<16 {
			return fmt.Errorf("%s: %d pairs", f, r.Metrics.Count)
		}
		return nil
	}
	for _, jobs := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("jobs=%d", jobs), func(b *testing.B) {
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				var wg sync.WaitGroup
				errs := make([]error, jobs)
				for w := range jobs {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for i := w; i < len(files); i += jobs {
							if err := one(ctx, files[i]); err != nil {
								errs[w] = err
								return
							}
						}
					}()
				}
				wg.Wait()
				for _, err := range errs {
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e3/float64(b.N*len(files)), "ms/file")
		})
	}
}

// BenchmarkCharacteriseExhaustive measures simulation plus metrics per
// operand pair on one core, excluding parsing: the path that dominates an
// exhaustive 16x16 run, with the metrics from decoded outputs and from the
// bit-planes. The 12x12 circuit has 24-bit outputs, untangled in
// the same 32-bit lanes as a 16x16 multiplier's.
func BenchmarkCharacteriseExhaustive(b *testing.B) {
	dir := sharedDir(b, "evoapprox")
	for _, tc := range []struct{ file string }{
		{"8b/mul8_000.v"},
		{"v2022/12x12_unsigned/mul12u_2BR.v"},
		{"v2022/12x12_signed/mul12s_2PP.v"},
	} {
		c, err := Load(filepath.Join(dir, tc.file), LoadOptions{})
		if os.IsNotExist(err) {
			b.Fatalf("missing %s", tc.file)
		}
		if err != nil {
			b.Fatal(err)
		}
		for _, path := range []struct {
			name string
			path MetricsPath
		}{{"decode", PathDecode}, {"planes", PathPlanes}, {"auto", PathAuto}} {
			b.Run(c.Name+"/path="+path.name, func(b *testing.B) {
				pairs := float64(uint64(1) << (c.ABits + c.BBits))
				for b.Loop() {
					r, err := Characterise(context.Background(), c, CharOptions{Workers: 1, ZeroExact: errmap.ExcludeZero, Path: path.path})
					if err != nil {
						b.Fatal(err)
					}
					if float64(r.Metrics.Count) != pairs {
						b.Fatalf("%d pairs", r.Metrics.Count)
					}
				}
				b.ReportMetric(b.Elapsed().Seconds()*1e9/(pairs*float64(b.N)), "ns/pair")
			})
		}
	}
}
