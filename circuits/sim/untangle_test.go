package sim

import (
	"context"
	"fmt"
	"testing"

	"github.com/axmul/axmul/circuits/sim/simtest"
)

// TestExhaustiveOutputs checks the operand-free block stream: A and B are
// nil, every combined index appears once, each output equals the product
// of the operands recomputed from the index, signed and unsigned, with
// outputs untangled in 8-, 16- and 32-bit lanes, and the
// blocks equal those of Exhaustive.
func TestExhaustiveOutputs(t *testing.T) {
	for _, tc := range []struct {
		n, m   int
		signed bool
	}{{2, 2, false}, {3, 3, true}, {8, 8, false}, {8, 8, true}, {12, 4, false}, {5, 3, true}, {9, 8, false}, {10, 9, true}} {
		net := simtest.ArrayMultiplier(tc.n, tc.m)
		if tc.signed {
			net = simtest.BaughWooley(tc.n, tc.m)
		}
		mu, err := NewMultiplier(net)
		if err != nil {
			t.Fatal(err)
		}
		_, _, k := mu.Widths()
		total := 1 << (tc.n + tc.m)
		ref := make([]uint64, total)
		if err := mu.Exhaustive(context.Background(), 1, func(int) func(*Block) {
			return func(b *Block) { copy(ref[b.Start:], b.Out) }
		}); err != nil {
			t.Fatal(err)
		}
		for _, workers := range []int{1, 2, 3} {
			name := fmt.Sprintf("%dx%d signed=%v workers=%d", tc.n, tc.m, tc.signed, workers)
			seen := make([]uint8, total)
			got := make([]uint64, total)
			err := mu.ExhaustiveOutputs(context.Background(), workers, func(int) func(*Block) {
				return func(b *Block) {
					if b.A != nil || b.B != nil {
						t.Errorf("%s: operands %d, %d", name, len(b.A), len(b.B))
					}
					for i := range b.Out {
						seen[b.Start+uint64(i)]++ // blocks are disjoint, so no race
					}
					copy(got[b.Start:], b.Out)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			mask := uint64(1)<<k - 1
			for i, o := range got {
				if seen[i] != 1 {
					t.Fatalf("%s: index %d seen %d times", name, i, seen[i])
				}
				a, b := uint64(i)&(1<<tc.n-1), uint64(i)>>tc.n
				want := a * b & mask
				if tc.signed {
					want = uint64(signExtend(a, tc.n)*signExtend(b, tc.m)) & mask
				}
				if o != want || o != ref[i] {
					t.Fatalf("%s: a=%d b=%d: %#x, want %#x (Exhaustive %#x)", name, a, b, o, want, ref[i])
				}
			}
		}
	}
}
