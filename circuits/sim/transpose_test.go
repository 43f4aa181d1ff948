package sim

import (
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
