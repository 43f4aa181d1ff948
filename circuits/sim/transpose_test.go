package sim

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestTranspose64(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 50 {
		var m [64]uint64
		for i := range m {
			switch trial {
			case 0: // identity stays identity
				m[i] = 1 << i
			case 1: // one full row becomes one full column
				if i == 5 {
					m[i] = ^uint64(0)
				}
			default:
				m[i] = rng.Uint64()
			}
		}
		orig := m
		transpose64(&m)
		for r := range 64 {
			for c := range 64 {
				if got, want := m[r]>>c&1, orig[c]>>r&1; got != want {
					t.Fatalf("trial %d: bit (%d,%d) = %d, want %d", trial, r, c, got, want)
				}
			}
		}
	}
}

func BenchmarkTranspose64(b *testing.B) {
	var m [64]uint64
	for i := range m {
		m[i] = uint64(i) * 0x9E3779B97F4A7C15
	}
	b.SetBytes(64 * 8)
	for b.Loop() {
		transpose64(&m)
	}
}

func TestUntangle(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, k := range []int{1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64} {
		for _, count := range []int{64, 63, 1, 17} {
			var rows [64]uint64
			want := make([]uint64, 64)
			for v := range want {
				want[v] = rng.Uint64()
				if k < 64 {
					want[v] &= 1<<k - 1
				}
			}
			// Naive per-bit construction of the bit-planes.
			for b := range k {
				for v := range 64 {
					rows[b] |= (want[v] >> b & 1) << v
				}
			}
			for b := k; b < 64; b++ {
				rows[b] = rng.Uint64() // garbage beyond k must be ignored
			}
			got := make([]uint64, count)
			untangle(&rows, k, got)
			for v := range got {
				if got[v] != want[v] {
					t.Fatalf("k=%d count=%d: value %d = %#x, want %#x", k, count, v, got[v], want[v])
				}
			}
		}
	}
}

func BenchmarkUntangle(b *testing.B) {
	for _, k := range []int{8, 16, 32, 64} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			var rows [64]uint64
			out := make([]uint64, 64)
			for b.Loop() {
				untangle(&rows, k, out)
			}
		})
	}
}
