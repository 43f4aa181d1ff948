package errmap

import (
	"bufio"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"

	"codeberg.org/sbinet/npyio/npy"
)

// BenchmarkReadInt8Tensor reads a 20,000 x 576 feature tensor (11.5 MB as
// int8, 46 MB as float32) with ReadInt8Tensor, and as int8 with npyio's
// element-wise Read for comparison.
func BenchmarkReadInt8Tensor(b *testing.B) {
	const rows, cols = 20000, 576
	dir := b.TempDir()
	i1 := make([]byte, rows*cols)
	f4 := make([]byte, 0, 4*rows*cols)
	for i := range i1 {
		v := int8(i*7%256 - 128)
		i1[i] = byte(v)
		f4 = binary.LittleEndian.AppendUint32(f4, math.Float32bits(float32(v)))
	}
	shape := "(20000, 576)"
	pi1 := filepath.Join(dir, "i1.npy")
	pf4 := filepath.Join(dir, "f4.npy")
	if err := os.WriteFile(pi1, npyFile(1, dictFor("|i1", false, shape), false, i1), 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(pf4, npyFile(1, dictFor("<f4", false, shape), false, f4), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, path string }{{"dtype=i1", pi1}, {"dtype=f4", pf4}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				v, _, err := ReadInt8Tensor(c.path)
				if err != nil || len(v) != rows*cols {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("dtype=i1/npyio", func(b *testing.B) {
		for b.Loop() {
			f, err := os.Open(pi1)
			if err != nil {
				b.Fatal(err)
			}
			var v []int8
			if err := npy.Read(bufio.NewReaderSize(f, 1<<20), &v); err != nil || len(v) != rows*cols {
				b.Fatal(err)
			}
			f.Close()
		}
	})
}

// BenchmarkReadNPY reads one int8-domain error map (int32 [256, 256], 256
// KiB), as a library bundle stores it, with ReadNPY.
func BenchmarkReadNPY(b *testing.B) {
	em, err := FromFunc(8, 8, true, func(x, w int64) int64 { return x * w >> 3 << 3 })
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(b.TempDir(), "m.npy")
	if err := em.WriteNPY(p); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := ReadNPY(p, true); err != nil {
			b.Fatal(err)
		}
	}
}
