package sim

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/sim/simtest"
	"github.com/axmul/axmul/internal/safego"
)

// signExtend interprets the low w bits of x as two's complement.
func signExtend(x uint64, w int) int64 { return int64(x<<(64-w)) >> (64 - w) }

func TestProductsExact(t *testing.T) {
	tests := []struct {
		name   string
		n, m   int
		signed bool
	}{
		{"array1x1", 1, 1, false},
		{"array2x3", 2, 3, false},
		{"array5x3", 5, 3, false},
		{"array3x5", 3, 5, false},
		{"array7x6", 7, 6, false},
		{"array8x8", 8, 8, false},
		{"array12x4", 12, 4, false},
		{"array4x12", 4, 12, false},
		{"array10x10", 10, 10, false},
		{"bw2x2", 2, 2, true},
		{"bw5x3", 5, 3, true},
		{"bw3x7", 3, 7, true},
		{"bw8x8", 8, 8, true},
		{"bw12x4", 12, 4, true},
		{"bw9x11", 9, 11, true},
	}
	forEachKernel(t, func(t *testing.T) {
		for _, tc := range tests {
			var nl *circuits.Netlist
			if tc.signed {
				nl = simtest.BaughWooley(tc.n, tc.m)
			} else {
				nl = simtest.ArrayMultiplier(tc.n, tc.m)
			}
			mu, err := NewMultiplier(nl)
			if err != nil {
				t.Fatal(err)
			}
			if n, m, k := mu.Widths(); n != tc.n || m != tc.m || k != tc.n+tc.m {
				t.Fatalf("%s: widths %d %d %d", tc.name, n, m, k)
			}
			table, err := mu.Products()
			if err != nil {
				t.Fatal(err)
			}
			if len(table) != 1<<(tc.n+tc.m) {
				t.Fatalf("%s: %d entries", tc.name, len(table))
			}
			mask := uint64(1)<<(tc.n+tc.m) - 1
			for i, got := range table {
				a, b := uint64(i)&(1<<tc.n-1), uint64(i)>>tc.n
				want := a * b
				if tc.signed {
					want = uint64(signExtend(a, tc.n)*signExtend(b, tc.m)) & mask
				}
				if got != want {
					t.Fatalf("%s: a=%d b=%d: got %#x, want %#x", tc.name, a, b, got, want)
				}
			}
		}
	})
}

// TestExhaustiveBlocks checks the block stream itself: every combined
// index appears exactly once, A and B agree with Start, outputs equal a*b,
// and the result does not depend on the number of workers.
func TestExhaustiveBlocks(t *testing.T) {
	for _, size := range [][2]int{{2, 2}, {3, 3}, {8, 8}, {12, 4}} {
		mu, err := NewMultiplier(simtest.ArrayMultiplier(size[0], size[1]))
		if err != nil {
			t.Fatal(err)
		}
		for _, workers := range []int{1, 2, 3, 0} {
			name := fmt.Sprintf("%dx%d/workers=%d", size[0], size[1], workers)
			total := 1 << (size[0] + size[1])
			seen := make([]uint8, total)
			sinks := 0
			err := mu.Exhaustive(context.Background(), workers, func(int) func(*Block) {
				sinks++
				return func(b *Block) {
					if len(b.A) != len(b.Out) || len(b.B) != len(b.Out) || len(b.Out) > 64*DefaultBlockWords {
						t.Errorf("%s: block lengths %d %d %d", name, len(b.A), len(b.B), len(b.Out))
						return
					}
					for i := range b.Out {
						idx := b.Start + uint64(i)
						if b.A[i] != idx&(1<<size[0]-1) || b.B[i] != idx>>size[0] {
							t.Errorf("%s: index %d has A=%d B=%d", name, idx, b.A[i], b.B[i])
							return
						}
						if b.Out[i] != b.A[i]*b.B[i] {
							t.Errorf("%s: %d*%d = %d", name, b.A[i], b.B[i], b.Out[i])
							return
						}
						seen[idx]++ // blocks are disjoint, so no race
					}
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if workers > 0 && sinks > workers {
				t.Errorf("%s: %d sinks", name, sinks)
			}
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("%s: index %d seen %d times", name, i, c)
				}
			}
		}
	}
}

func TestExhaustiveCancel(t *testing.T) {
	mu, err := NewMultiplier(simtest.ArrayMultiplier(8, 8))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = mu.Exhaustive(ctx, 2, func(int) func(*Block) { return func(*Block) {} })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if err := mu.Exhaustive(context.Background(), 1, nil); err == nil {
		t.Error("nil sink constructor accepted")
	}
}

// TestExhaustivePanic checks that a panicking sink ends Exhaustive with an
// error carrying the panic (not a crash), on one or several workers, and
// that the multiplier still computes exact products afterwards.
func TestExhaustivePanic(t *testing.T) {
	mu, err := NewMultiplier(simtest.ArrayMultiplier(8, 8))
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 2, 4} {
		// The sink panics on the last block, whichever worker gets it (a
		// given worker may get no block at all when others are faster).
		err := mu.Exhaustive(context.Background(), workers, func(w int) func(*Block) {
			return func(b *Block) {
				if b.Start+uint64(len(b.Out)) == 1<<16 {
					panic(fmt.Sprintf("last block, %d workers", workers))
				}
			}
		})
		var pe *safego.PanicError
		if want := fmt.Sprintf("last block, %d workers", workers); !errors.As(err, &pe) || pe.Value != want {
			t.Fatalf("%d workers: err = %v, want a *safego.PanicError with value %q", workers, err, want)
		}
		if !strings.Contains(string(pe.Stack), "TestExhaustivePanic") {
			t.Errorf("%d workers: the stack does not show the sink:\n%s", workers, pe.Stack)
		}
		var bad atomic.Int64
		err = mu.Exhaustive(context.Background(), workers, func(int) func(*Block) {
			return func(b *Block) {
				for i, out := range b.Out {
					if out != b.A[i]*b.B[i] {
						bad.Add(1)
					}
				}
			}
		})
		if err != nil || bad.Load() != 0 {
			t.Fatalf("%d workers: after a panic: err %v, %d wrong products", workers, err, bad.Load())
		}
	}
}

type sampleKey struct{ a, b, out uint64 }

func collectSamples(t *testing.T, mu *Multiplier, workers int, count, seed uint64) map[uint64][]sampleKey {
	t.Helper()
	perWorker := make([]map[uint64][]sampleKey, 0)
	err := mu.Sample(context.Background(), workers, count, seed, func(int) func(*Block) {
		m := map[uint64][]sampleKey{}
		perWorker = append(perWorker, m)
		return func(b *Block) {
			s := make([]sampleKey, len(b.Out))
			for i := range s {
				s[i] = sampleKey{b.A[i], b.B[i], b.Out[i]}
			}
			m[b.Start] = s
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	all := map[uint64][]sampleKey{}
	for _, m := range perWorker {
		for k, v := range m {
			if _, dup := all[k]; dup {
				t.Fatalf("block %d delivered twice", k)
			}
			all[k] = v
		}
	}
	return all
}

func TestSample(t *testing.T) {
	const n, m = 16, 16
	mu, err := NewMultiplier(simtest.ArrayMultiplier(n, m))
	if err != nil {
		t.Fatal(err)
	}
	const count = 3*64*DefaultBlockWords + 100 // a partial last block
	ref := collectSamples(t, mu, 1, count, 42)
	total := 0
	var sumA, sumB float64
	for start, s := range ref {
		if start%(64*DefaultBlockWords) != 0 {
			t.Errorf("block start %d", start)
		}
		total += len(s)
		for _, x := range s {
			if x.a >= 1<<n || x.b >= 1<<m {
				t.Fatalf("operand out of range: %+v", x)
			}
			if x.out != x.a*x.b {
				t.Fatalf("%d*%d = %d", x.a, x.b, x.out)
			}
			sumA += float64(x.a)
			sumB += float64(x.b)
		}
	}
	if total != count {
		t.Fatalf("%d samples, want %d", total, count)
	}
	// Uniform operands: the mean is 32767.5 with standard error
	// 65536/sqrt(12*count) ~ 135; allow 5 standard errors.
	for name, s := range map[string]float64{"A": sumA, "B": sumB} {
		if mean := s / count; mean < 32767.5-700 || mean > 32767.5+700 {
			t.Errorf("mean of %s = %.1f, want about 32767.5", name, mean)
		}
	}
	for _, workers := range []int{2, 3} {
		got := collectSamples(t, mu, workers, count, 42)
		if fmt.Sprint(got) != fmt.Sprint(ref) {
			t.Errorf("workers=%d: samples differ from workers=1", workers)
		}
	}
	// Prefix property: a shorter run (a single short block) is a prefix.
	short := collectSamples(t, mu, 1, 1000, 42)
	if len(short) != 1 || fmt.Sprint(short[0]) != fmt.Sprint(ref[0][:1000]) {
		t.Error("Sample(1000) is not a prefix of Sample(count)")
	}
	other := collectSamples(t, mu, 1, count, 43)
	if fmt.Sprint(other[0][:8]) == fmt.Sprint(ref[0][:8]) {
		t.Error("seeds 42 and 43 give the same samples")
	}
}

func TestNewMultiplierErrors(t *testing.T) {
	extra := simtest.ArrayMultiplier(2, 2)
	extra.AddPort("C", circuits.Input, 1)
	noB := &circuits.Netlist{Name: "noB"}
	a := noB.AddPort("A", circuits.Input, 2)
	o := noB.AddPort("O", circuits.Output, 2)
	noB.AddGate(circuits.Buf, o.Bits[0], a.Bits[0])
	noB.AddGate(circuits.Buf, o.Bits[1], a.Bits[1])
	wide := simtest.ArrayMultiplier(40, 30)
	outA := simtest.ArrayMultiplier(2, 2)
	outA.Ports[0].Dir = circuits.Output
	tests := []struct {
		name string
		n    *circuits.Netlist
		want string
	}{
		{"nil", nil, "nil netlist"},
		{"extra input", extra, "unexpected input port C"},
		{"missing B", noB, "missing port B"},
		{"A as output", outA, "unexpected output port A"},
		{"too wide", wide, "at most 62"},
	}
	for _, tc := range tests {
		if _, err := NewMultiplier(tc.n); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	mu, err := NewMultiplier(simtest.ArrayMultiplier(13, 12))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mu.Products(); err == nil || !strings.Contains(err.Error(), "n+m <= 24") {
		t.Errorf("Products on 13x12: err = %v", err)
	}
}

// TestExhaustivePlanes checks that the bit-planes of ExhaustivePlanes
// decode (with Untangle and with Block.DecodeOutputs) to the outputs of
// ExhaustiveOutputs, block for block, under every
// kernel this CPU offers (and that those are the exact products), for
// unsigned and signed multipliers whose runs span several blocks.
func TestExhaustivePlanes(t *testing.T) {
	t.Logf("kernels: %v", Kernels())
	for _, tc := range []struct {
		name string
		n, m int
		mk   func(n, m int) *circuits.Netlist
	}{{"array", 10, 8, simtest.ArrayMultiplier}, {"baugh-wooley", 9, 7, simtest.BaughWooley}, {"array-small", 3, 2, simtest.ArrayMultiplier}} {
		mu, err := NewMultiplier(tc.mk(tc.n, tc.m))
		if err != nil {
			t.Fatal(err)
		}
		want, err := mu.Products()
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range Kernels() {
			restore, err := SetKernel(k)
			if err != nil {
				t.Fatal(err)
			}
			got := make([]uint64, len(want))
			err = mu.ExhaustivePlanes(context.Background(), 2, func(int) func(*Block) {
				return func(b *Block) {
					if b.Out != nil || len(b.Planes) != tc.n+tc.m {
						t.Errorf("%s %s: Out %v, %d planes", tc.name, k, b.Out != nil, len(b.Planes))
						return
					}
					var rows [64]uint64
					for j := 0; 64*j < b.Count; j++ {
						for bit, p := range b.Planes {
							rows[bit] = p[j]
						}
						Untangle(&rows, len(b.Planes), got[b.Start+uint64(64*j):min(b.Start+uint64(b.Count), b.Start+uint64(64*j+64))])
					}
					// The kernel's own decoder gives the same integers.
					for i, v := range b.DecodeOutputs(nil) {
						if v != got[b.Start+uint64(i)] {
							t.Errorf("%s %s: DecodeOutputs index %d: %#x, Untangle %#x", tc.name, k, b.Start+uint64(i), v, got[b.Start+uint64(i)])
							return
						}
					}
				}
			})
			restore()
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("%s kernel %s: index %d: planes give %#x, outputs %#x", tc.name, k, i, got[i], want[i])
				}
			}
		}
	}
}
