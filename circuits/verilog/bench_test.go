package verilog

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParse8b parses and elaborates all 505 EvoApprox8b multipliers.
func BenchmarkParse8b(b *testing.B) {
	dir := sharedDir(b)
	files, _ := filepath.Glob(filepath.Join(dir, "8b", "*.v"))
	srcs := make([][]byte, len(files))
	size := 0
	for i, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		srcs[i] = src
		size += len(src)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		for i, src := range srcs {
			if _, err := Parse(files[i], src, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(files))/1e6, "ms/file")
}

// BenchmarkParseFile8b reads, parses and elaborates all 505 EvoApprox8b
// multipliers from disk, with ParseFile (fresh memory per file) and with
// one Reader (memory kept between files), as `axmul sim` does per worker.
func BenchmarkParseFile8b(b *testing.B) {
	dir := sharedDir(b)
	files, _ := filepath.Glob(filepath.Join(dir, "8b", "*.v"))
	for _, tc := range []struct {
		name  string
		parse func(string) error
	}{
		{"ParseFile", func(f string) error { _, err := ParseFile(f, Options{}); return err }},
		{"Reader", func() func(string) error {
			var r Reader
			return func(f string) error { _, err := r.ParseFile(f, Options{}); return err }
		}()},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, f := range files {
					if err := tc.parse(f); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(files))/1e6, "ms/file")
		})
	}
}
