package sim

import (
	"math/rand/v2"
	"testing"
)

// TestRunState checks Program.RunState under every kernel against the
// word-by-word reference on a state longer than the program's slots (the
// extra words must stay untouched), and its argument errors.
func TestRunState(t *testing.T) {
	forEachKernel(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(21, 22))
		for _, w := range []int{1, 3, 17, 64} {
			const nslots = 12
			code := ktRandomCode(rng, 500, nslots)
			p := &Program{Name: "rs", Code: code, NumSlots: nslots}
			state := make([]uint64, nslots*w+5)
			for i := range state {
				state[i] = rng.Uint64()
			}
			want := append([]uint64(nil), state...)
			ktReference(code, want[:nslots*w], w)
			if err := p.RunState(state, w); err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if state[i] != want[i] {
					t.Fatalf("w=%d: word %d = %#x, want %#x", w, i, state[i], want[i])
				}
			}
		}
	})
	p := &Program{Name: "rs", NumSlots: 4}
	if err := p.RunState(make([]uint64, 7), 2); err == nil {
		t.Error("RunState with a short state: no error")
	}
	if err := p.RunState(make([]uint64, 8), 0); err == nil {
		t.Error("RunState with 0 words: no error")
	}
}
