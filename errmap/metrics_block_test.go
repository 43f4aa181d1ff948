package errmap

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/axmul/axmul/circuits/sim"
)

// sameState checks that got is the state ref reached pair by pair with Add:
// every integer field equal and the relative-error sum (whose order
// differs: AddBlock sums 8 lanes per chunk) within 1e-12 relative, a few
// roundings of sums of at most 2^12 positive terms per block.
func sameState(t *testing.T, name string, got, ref *Accumulator) {
	t.Helper()
	g, r := *got, *ref
	gs, rs := g.relSum+g.relBlk+g.relComp, r.relSum+r.relBlk+r.relComp
	g.relSum, g.relBlk, g.relComp = 0, 0, 0
	r.relSum, r.relBlk, r.relComp = 0, 0, 0
	if g != r {
		t.Errorf("%s: state %+v, want %+v", name, g, r)
	}
	if !closeTo(gs, rs) {
		t.Errorf("%s: relative sum %.17g, want %.17g", name, gs, rs)
	}
}

// TestAddBlockEqualsAdd checks that AddBlock leaves the accumulator in the
// same state as Add called pair by pair (integer figures bit for bit, the
// relative sum within rounding), across block sizes that do and do not
// line up with the relative-error blocks.
func TestAddBlockEqualsAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		bits   int
		signed bool
		n      int
		wide   bool // errors up to 2^61: the 128-bit path
	}{{4, false, 1000, false}, {8, true, 70000, false}, {16, false, 50000, false}, {30, true, 9000, false},
		{30, true, 9000, true}, {31, false, 20000, true}} {
		exact := make([]int64, tc.n)
		approx := make([]int64, tc.n)
		lim := int64(1) << tc.bits
		for i := range exact {
			a, b := rng.Int64N(lim), rng.Int64N(lim)
			if tc.signed {
				a, b = a-lim/2, b-lim/2
			}
			if rng.IntN(7) == 0 {
				a = 0
			}
			exact[i] = a * b
			approx[i] = exact[i]
			if rng.IntN(3) > 0 {
				approx[i] += rng.Int64N(2*lim+1) - lim
			}
			if tc.wide && rng.IntN(50) == 0 {
				// An occasional huge error sends its chunk down the
				// 128-bit path; the other chunks stay on the fast one.
				approx[i] = rng.Int64N(1<<62) - 1<<61
			}
		}
		ref, _ := NewAccumulator(tc.bits, tc.bits)
		for i := range exact {
			ref.Add(exact[i], approx[i])
		}
		for _, blk := range []int{1, 7, 4096, 5000, tc.n} {
			got, _ := NewAccumulator(tc.bits, tc.bits)
			for lo := 0; lo < tc.n; lo += blk {
				hi := min(lo+blk, tc.n)
				got.AddBlock(exact[lo:hi], approx[lo:hi])
			}
			name := fmt.Sprintf("bits %d block %d", tc.bits, blk)
			sameState(t, name, got, ref)
			for _, z := range []ZeroExact{ExcludeZero, DivideByMaxOne} {
				checkMetrics(t, fmt.Sprint(name, " ", z), got.Result(Options{ZeroExact: z}), ref.Result(Options{ZeroExact: z}))
			}
		}
	}
}

func BenchmarkAccumulatorAddBlock(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 1 << 14
	exact := make([]int64, n)
	approx := make([]int64, n)
	for i := range exact {
		x, y := rng.Int64N(1<<16), rng.Int64N(1<<16)
		exact[i] = x * y
		approx[i] = exact[i] + rng.Int64N(1<<10) - 1<<9
	}
	acc, _ := NewAccumulator(16, 16)
	b.SetBytes(16 * n)
	for b.Loop() {
		acc.AddBlock(exact, approx)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/pair")
}

// TestAddOutputsEqualsAdd checks AddOutputs against Add fed with operands
// decoded independently (two's complement by subtraction, not shifts), for
// signed and unsigned operands, outputs narrower and wider than the
// product, all 64 output bits, and sweeps starting mid-way and crossing
// the relative-error blocks.
func TestAddOutputsEqualsAdd(t *testing.T) {
	decode := func(raw uint64, bits int, signed bool) int64 {
		if signed && bits < 64 && raw>>(bits-1)&1 == 1 {
			return int64(raw) - int64(1)<<bits
		}
		return int64(raw)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct {
		na, nb, no int
		signed     bool
		start, n   uint64
	}{
		{2, 2, 4, false, 0, 16},
		{3, 5, 8, true, 0, 256},
		{8, 8, 16, false, 0, 1 << 16},
		{8, 8, 16, true, 0, 1 << 16},
		{8, 8, 12, true, 1000, 30000},
		{7, 6, 64, false, 5, 8000},
		{7, 6, 64, true, 5, 8000},
		{12, 12, 24, true, 1 << 20, 20000},
		{16, 16, 32, false, 1<<32 - 9000, 9000},
		{16, 16, 32, true, 1 << 31, 9000},
	} {
		out := make([]uint64, tc.n)
		for i := range out {
			idx := tc.start + uint64(i)
			a := decode(idx&(1<<tc.na-1), tc.na, tc.signed)
			b := decode(idx>>tc.na, tc.nb, tc.signed)
			p := uint64(a * b)
			switch rng.IntN(4) {
			case 0:
				p ^= uint64(1) << rng.IntN(tc.no) // flip one output bit
			case 1:
				// Anything, within Add's ±2^62 when all 64 bits are used.
				p = rng.Uint64()
				if tc.no == 64 {
					p = uint64(int64(p) >> 2)
					if !tc.signed {
						p >>= 1
					}
				}
			}
			if tc.no < 64 {
				p &= 1<<tc.no - 1
			}
			out[i] = p
		}
		ref, _ := NewAccumulator(tc.na, tc.nb)
		for i, o := range out {
			idx := tc.start + uint64(i)
			a := decode(idx&(1<<tc.na-1), tc.na, tc.signed)
			b := decode(idx>>tc.na, tc.nb, tc.signed)
			ref.Add(a*b, decode(o, tc.no, tc.signed))
		}
		for _, blk := range []int{1, 333, 4096, len(out)} {
			got, _ := NewAccumulator(tc.na, tc.nb)
			for lo := 0; lo < len(out); lo += blk {
				hi := min(lo+blk, len(out))
				got.AddOutputs(tc.start+uint64(lo), out[lo:hi], tc.signed, tc.no)
			}
			sameState(t, fmt.Sprintf("%dx%d->%d signed=%v block %d", tc.na, tc.nb, tc.no, tc.signed, blk), got, ref)
		}
	}
}

// TestAddOutputsHand checks a 2x2 unsigned multiplier that always outputs
// 1 against metrics computed by hand over its 16 pairs (a, b in 0..3).
func TestAddOutputsHand(t *testing.T) {
	out := make([]uint64, 16)
	for i := range out {
		out[i] = 1
	}
	acc, _ := NewAccumulator(2, 2)
	acc.AddOutputs(0, out, false, 4)
	m := acc.Result(Options{})
	// Exact products over a, b in 0..3: seven 0s, 1, 2, 2, 3, 3, 4, 6, 6, 9.
	// e = 1 - exact: 1 (x7), 0, -1, -1, -2, -2, -3, -5, -5, -8.
	// Σ|e| = 7 + 0 + 2 + 4 + 3 + 10 + 8 = 34, Σe = 7 - 27 = -20,
	// Σe² = 7 + 2 + 8 + 9 + 50 + 64 = 140, 15 errors, WCE 8.
	// |e|/exact over the 9 non-zero products: 0, 1/2, 1/2, 2/3, 2/3,
	// 3/4, 5/6, 5/6, 8/9: sum 1 + 4/3 + 3/4 + 5/3 + 8/9 = 5.6388...
	if m.Count != 16 || m.ErrCount != 15 || m.WCE != 8 || m.MinErr != -8 || m.MaxErr != 1 {
		t.Fatalf("counts %+v", m)
	}
	if m.MAE != 34.0/16 || m.MSE != 140.0/16 || m.Mean != -20.0/16 {
		t.Errorf("MAE %v MSE %v Mean %v, want 34/16, 140/16, -20/16", m.MAE, m.MSE, m.Mean)
	}
	wantMRE := 100 * (1 + 4.0/3 + 3.0/4 + 5.0/3 + 8.0/9) / 9
	if math.Abs(m.MRE-wantMRE) > 1e-12 || m.WCRE != 100*8.0/9 {
		t.Errorf("MRE %v WCRE %v, want %v, %v", m.MRE, m.WCRE, wantMRE, 100*8.0/9)
	}
}

// TestAddOutputsPanics checks the programmer-misuse panics.
func TestAddOutputsPanics(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start uint64
		n, no int
	}{{"width0", 0, 1, 0}, {"width65", 0, 1, 65}, {"past end", 250, 7, 16}, {"start past end", 1 << 17, 0, 16}} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil {
					t.Error("no panic")
				}
			}()
			acc, _ := NewAccumulator(4, 4)
			acc.AddOutputs(tc.start, make([]uint64, tc.n), false, tc.no)
		})
	}
}

func BenchmarkAccumulatorAddOutputs(b *testing.B) {
	for _, signed := range []bool{false, true} {
		b.Run(fmt.Sprintf("signed=%v", signed), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			const n = 1 << 14
			out := make([]uint64, n)
			for i := range out {
				out[i] = rng.Uint64() & (1<<32 - 1)
			}
			acc, _ := NewAccumulator(16, 16)
			for b.Loop() {
				acc.AddOutputs(1<<20, out, signed, 32)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/pair")
		})
	}
}

// TestChunkKernelsAgree runs every metrics chunk kernel this CPU offers on
// random pairs (errors small and large, exact products 0 and not) and
// requires the generic kernel's chunkOut bit for bit, the 8 lane sums
// included. The test log names the kernels run and skipped.
func TestChunkKernelsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	var ran []string
	for _, k := range statKernels {
		if !k.chunk512 && k.name != "generic" {
			continue // uses the generic chunk kernel
		}
		ran = append(ran, k.name)
		for _, n := range []int{8, 16, 64, 504, 512} {
			for trial := range 20 {
				exact := make([]int64, n+3) // guard words past n
				approx := make([]int64, n+3)
				for i := range exact {
					lim := int64(1) << (1 + rng.IntN(40))
					exact[i] = rng.Int64N(2*lim) - lim
					if rng.IntN(5) == 0 {
						exact[i] = 0
					}
					approx[i] = exact[i]
					if rng.IntN(3) > 0 {
						approx[i] += rng.Int64N(1<<(1+trial)) - 1<<trial
					}
				}
				var want, got chunkOut
				want.reset()
				got.reset()
				chunkLanesGeneric(exact[:n], approx[:n], &want)
				k.chunkLanes(exact[:n], approx[:n], &got)
				if got != want {
					t.Fatalf("kernel %s n=%d trial %d:\n got %+v\nwant %+v", k.name, n, trial, got, want)
				}
			}
		}
	}
	t.Logf("chunk kernels run: %v (available stat kernels: %d; avx512 needs AVX-512 F+BW+DQ+VL)", ran, len(statKernels))
}

// TestAddOutputsKernelsAgree runs AddOutputs and AddBlock under every
// simulator kernel (the metrics kernel follows it: avx512 derives the
// pairs from the index in assembly) on exhaustive sweeps with random
// outputs, signed and unsigned, starting mid-way, with chunks of large
// errors (the Add fallback), and requires the generic kernel's state bit
// for bit.
func TestAddOutputsKernelsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	t.Logf("kernels run: %v", sim.Kernels())
	for _, tc := range []struct {
		na, nb, no int
		signed     bool
		start, n   uint64
	}{
		{3, 5, 8, true, 0, 256},
		{8, 8, 16, false, 0, 1 << 16},
		{8, 8, 16, true, 3, 1<<16 - 3},
		{7, 6, 64, true, 5, 8000},
		{12, 12, 24, false, 1 << 20, 20011},
		{12, 12, 24, true, 1 << 20, 20011},
		{16, 16, 32, true, 1 << 31, 9000},
		{20, 20, 40, false, 1 << 39, 5000},
	} {
		out := make([]uint64, tc.n)
		for i := range out {
			v := rng.Uint64()
			if rng.IntN(3) == 0 {
				v = 0
			}
			if tc.no < 64 {
				v &= 1<<tc.no - 1
			}
			out[i] = v
		}
		var want Accumulator
		for i, name := range sim.Kernels() {
			restore, err := sim.SetKernel(name)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := NewAccumulator(tc.na, tc.nb)
			for lo := uint64(0); lo < tc.n; lo += 1000 {
				hi := min(lo+1000, tc.n)
				got.AddOutputs(tc.start+lo, out[lo:hi], tc.signed, tc.no)
			}
			restore()
			if i == 0 {
				want = *got
				continue
			}
			if *got != want {
				t.Errorf("%dx%d->%d signed=%v kernel %s:\n got %+v\nwant %+v", tc.na, tc.nb, tc.no, tc.signed, name, *got, want)
			}
		}
	}
}
