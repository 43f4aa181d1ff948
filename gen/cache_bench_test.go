package gen

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/axmul/axmul/gen/cache"
)

// BenchmarkBuild8bCache builds the 505-circuit EvoApprox8b bundle through
// the record cache (issue 14: a second gen with one file changed must take
// less than 15 % of the first): cold, every record simulated into an empty
// cache; warm, nothing changed, every record a hit; one-changed, one
// netlist edited before each build, so one record is simulated. Each
// sub-benchmark reports the records simulated per build; compare their
// ns/op.
func BenchmarkBuild8bCache(b *testing.B) {
	src := filepath.Join(b.TempDir(), "8b")
	if err := copyTree(sharedDir(b, "evoapprox/8b"), src); err != nil {
		b.Fatal(err)
	}
	build := func(b *testing.B, c *cache.Cache) *BuildSummary {
		out := filepath.Join(b.TempDir(), "lib")
		sum, err := Build(context.Background(), BuildOptions{Source: src, Out: out, Cache: c})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.RemoveAll(out) // 400 MB a build
		b.StartTimer()
		return sum
	}
	openCache := func(b *testing.B) *cache.Cache {
		c, err := cache.Open(filepath.Join(b.TempDir(), "cache"))
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	b.Run("cold", func(b *testing.B) {
		var sum *BuildSummary
		for b.Loop() {
			b.StopTimer()
			c := openCache(b)
			b.StartTimer()
			sum = build(b, c)
			b.StopTimer()
			os.RemoveAll(c.Dir())
			b.StartTimer()
		}
		b.ReportMetric(float64(sum.CacheMisses), "simulated/op")
	})
	b.Run("warm", func(b *testing.B) {
		c := openCache(b)
		build(b, c)
		var sum *BuildSummary
		for b.Loop() {
			sum = build(b, c)
		}
		b.ReportMetric(float64(sum.CacheMisses), "simulated/op")
	})
	b.Run("one-changed", func(b *testing.B) {
		c := openCache(b)
		build(b, c)
		p := filepath.Join(src, "mul8_100.v")
		orig, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		defer os.WriteFile(p, orig, 0o644)
		var sum *BuildSummary
		i := 0
		for b.Loop() {
			b.StopTimer()
			i++
			if err := os.WriteFile(p, fmt.Appendf(append([]byte{}, orig...), "// edit %d\n", i), 0o644); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			sum = build(b, c)
		}
		if sum.CacheMisses != 1 {
			b.Errorf("%d records simulated after changing one netlist, want 1", sum.CacheMisses)
		}
		b.ReportMetric(float64(sum.CacheMisses), "simulated/op")
	})
}
