package errmap

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/axmul/axmul/circuits/sim"
)

// toPlanes returns the bit-planes of out (len a multiple of 64 or not):
// bit v of planes[b][j] is bit b of out[64j+v]; a guard word past the
// data holds garbage that AddPlanes must not read into the figures.
func toPlanes(out []uint64, outBits int) [][]uint64 {
	words := (len(out) + 63) / 64
	planes := make([][]uint64, outBits)
	for b := range planes {
		p := make([]uint64, words+1)
		for i, v := range out {
			p[i/64] |= (v >> b & 1) << (i % 64)
		}
		if len(out)%64 != 0 {
			p[words-1] |= ^uint64(0) << (len(out) % 64)
		}
		p[words] = 0xDEADBEEFCAFEF00D
		planes[b] = p
	}
	return planes
}

// outputsNear returns the raw outputs of an exhaustive sweep from start:
// the exact product with, per pair, a chance of an error of up to
// 2^errBits in magnitude (errBits 0: a random output).
func outputsNear(rng *rand.Rand, na, nb, no int, signed bool, start uint64, n int, errBits int, pErr float64) []uint64 {
	out := make([]uint64, n)
	maskO := ^uint64(0)
	if no < 64 {
		maskO = 1<<no - 1
	}
	for i := range out {
		idx := start + uint64(i)
		a, b := int64(idx&(1<<na-1)), int64(idx>>na)
		if signed {
			a = a << (64 - na) >> (64 - na)
			b = b << (64 - nb) >> (64 - nb)
		}
		p := a * b
		switch {
		case errBits == 0:
			p = int64(rng.Uint64())
		case rng.Float64() < pErr:
			p += rng.Int64N(1<<errBits+1) - 1<<(errBits-1)
		}
		out[i] = uint64(p) & maskO
	}
	return out
}

// TestAddPlanesEqualsAddOutputs checks the bit-plane path against the
// decoded one: AddPlanes on the planes of an exhaustive sweep must leave
// the accumulator bit for bit as AddOutputs on the decoded outputs under
// the generic kernel (every field, the float sums included), under every
// simulator kernel this CPU offers, for widths on and off the fast path
// (A narrower than 6 bits, outputs or products wider than 32 bits),
// signed and unsigned, starting mid-sweep, whole and in the relative-sum
// parts gen.Characterise uses, and after a few pairs added with Add so
// that chunks are cut short by the relative-error block.
func TestAddPlanesEqualsAddOutputs(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	t.Logf("kernels run: %v", sim.Kernels())
	type tc struct {
		na, nb, no int
		signed     bool
		start      uint64
		n          int
		errBits    int
		pErr       float64
	}
	var cases []tc
	for _, shape := range []struct{ na, nb, no int }{{6, 2, 8}, {8, 8, 16}, {8, 8, 9}, {7, 5, 20}, {12, 12, 24}, {16, 16, 32}, {6, 10, 16}, {4, 8, 12}, {16, 17, 33}, {12, 12, 40}} {
		for _, signed := range []bool{false, true} {
			total := uint64(1) << (shape.na + shape.nb)
			n := int(min(total, 1<<14+1024))
			starts := []uint64{0}
			if total > uint64(n) {
				starts = append(starts, (total-uint64(n))/128*64, total-uint64(n))
			}
			for _, st := range starts {
				for _, e := range []struct {
					bits int
					p    float64
				}{{0, 1}, {1, 0.5}, {3, 0.9}, {12, 0.3}, {2, 0.001}, {1, 0}} {
					cases = append(cases, tc{shape.na, shape.nb, shape.no, signed, st, n, e.bits, e.p})
				}
			}
		}
	}
	fastSeen := 0
	for _, c := range cases {
		out := outputsNear(rng, c.na, c.nb, c.no, c.signed, c.start, c.n, c.errBits, c.pErr)
		planes := toPlanes(out, c.no)
		for _, mode := range []string{"whole", "parts", "offset"} {
			name := fmt.Sprintf("%dx%d->%d signed=%v start=%d err=%d/%g %s", c.na, c.nb, c.no, c.signed, c.start, c.errBits, c.pErr, mode)
			run := func(acc *Accumulator, planesPath bool) {
				if mode == "offset" {
					for i := range 37 {
						acc.Add(int64(i), int64(3*i+1))
					}
				}
				step := c.n
				if mode == "parts" {
					step = 2048
				}
				for lo := 0; lo < c.n; lo += step {
					hi := min(lo+step, c.n)
					if planesPath {
						sub := make([][]uint64, c.no)
						for b := range sub {
							sub[b] = planes[b][lo/64:]
						}
						acc.AddPlanes(c.start+uint64(lo), sub, hi-lo, c.signed)
					} else {
						acc.AddOutputs(c.start+uint64(lo), out[lo:hi], c.signed, c.no)
					}
					if mode == "parts" {
						acc.AddRelSum(acc.TakeRelSum())
					}
				}
			}
			restore, err := sim.SetKernel("generic")
			if err != nil {
				t.Fatal(err)
			}
			want, _ := NewAccumulator(c.na, c.nb)
			run(want, false)
			restore()
			if want.PlanesFast(c.no) {
				fastSeen++
			}
			for _, k := range sim.Kernels() {
				restore, err := sim.SetKernel(k)
				if err != nil {
					t.Fatal(err)
				}
				got, _ := NewAccumulator(c.na, c.nb)
				run(got, true)
				restore()
				got.planes = nil // the bit-plane cache, not a figure
				if *got != *want {
					t.Fatalf("%s kernel %s:\n got %+v\nwant %+v", name, k, *got, *want)
				}
			}
		}
	}
	if fastSeen == 0 {
		t.Fatal("no case took the bit-plane path")
	}
	t.Logf("%d cases x 3 modes, %d on the bit-plane path", len(cases), fastSeen)
}

// TestAddPlanesHandCase checks AddPlanes on a case small enough to work
// out by hand, on the bit-plane path: a 7x1 unsigned multiplier whose
// output is a·b + 1 for every pair except (a, b) = (5, 1), where it is
// exact.
func TestAddPlanesHandCase(t *testing.T) {
	out := make([]uint64, 256)
	for i := range out {
		a, b := uint64(i%128), uint64(i/128)
		out[i] = a*b + 1
	}
	out[128+5] = 5
	acc, _ := NewAccumulator(7, 1)
	if !acc.PlanesFast(8) {
		t.Fatal("7x1 -> 8 bits not on the bit-plane path")
	}
	acc.AddPlanes(0, toPlanes(out, 8), 256, false)
	m := acc.Result(Options{ZeroExact: ExcludeZero})
	// 255 pairs with e = +1; exact = 0 for the 128 pairs with b = 0 and
	// for (0, 1); the 126 others with an error have exact = a (a != 0, 5).
	var rel float64
	for a := 1; a < 128; a++ {
		if a != 5 {
			rel += 1 / float64(a)
		}
	}
	if m.Count != 256 || m.ErrCount != 255 || m.WCE != 1 || m.MinErr != 0 || m.MaxErr != 1 || m.MAE != 255.0/256 || m.MSE != 255.0/256 {
		t.Errorf("metrics %+v", m)
	}
	// The sum in another order: within a few roundings of 126 terms.
	if !closeTo(m.MRE, 100*rel/127) || m.WCRE != 100 {
		t.Errorf("MRE %v (want %v), WCRE %v (want 100)", m.MRE, 100*rel/127, m.WCRE)
	}
}

// TestAddPlanesPanics checks the programmer-misuse panics.
func TestAddPlanesPanics(t *testing.T) {
	for _, tc := range []struct {
		name   string
		start  uint64
		n      int
		planes [][]uint64
	}{
		{"no planes", 0, 64, nil},
		{"start not aligned", 3, 64, [][]uint64{{0, 0}}},
		{"past end", 1 << 12, 64, [][]uint64{{0}}},
		{"short plane", 0, 129, [][]uint64{{0, 0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil {
					t.Error("no panic")
				}
			}()
			acc, _ := NewAccumulator(6, 6)
			acc.AddPlanes(tc.start, tc.planes, tc.n, false)
		})
	}
}

func BenchmarkAccumulatorAddPlanes(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, errBits := range []int{0, 3} {
		for _, signed := range []bool{false, true} {
			b.Run(fmt.Sprintf("err=%d/signed=%v", errBits, signed), func(b *testing.B) {
				const n = 1 << 14
				out := outputsNear(rng, 16, 16, 32, signed, 1<<20, n, errBits, 0.9)
				planes := toPlanes(out, 32)
				acc, _ := NewAccumulator(16, 16)
				b.Run("planes", func(b *testing.B) {
					for b.Loop() {
						for lo := 0; lo < n; lo += 2048 {
							sub := make([][]uint64, 32)
							for i := range sub {
								sub[i] = planes[i][lo/64:]
							}
							acc.AddPlanes(1<<20+uint64(lo), sub, 2048, signed)
							acc.AddRelSum(acc.TakeRelSum())
						}
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/pair")
				})
				b.Run("decode+outputs", func(b *testing.B) {
					buf := make([]uint64, n)
					for b.Loop() {
						decodePlanes(planes, 0, n/64, buf)
						for lo := 0; lo < n; lo += 2048 {
							acc.AddOutputs(1<<20+uint64(lo), buf[lo:lo+2048], signed, 32)
							acc.AddRelSum(acc.TakeRelSum())
						}
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/pair")
				})
			})
		}
	}
}

// TestRelWordVector checks that relWord gives the same bits with the
// vector kernel (when the CPU has one) as pair by pair: random words of
// |e| below 2^32 (as PlanesFast guarantees), exact products b0·(a0+v) of both signs up to 2^32 in
// magnitude, error masks from sparse to full, running sums and maxima
// carried from word to word, with and without the |e|² sums.
func TestRelWordVector(t *testing.T) {
	if !currentStatKernel().asm {
		t.Skipf("statistics kernel %q has no assembly: nothing to compare", currentStatKernel().name)
	}
	rng := rand.New(rand.NewPCG(5, 9))
	for c := range 4000 {
		var vals [64]uint64
		shift := rng.IntN(33)
		for v := range vals {
			vals[v] = rng.Uint64() >> (63 - shift) >> 1
		}
		var errs uint64
		switch c % 4 {
		case 0:
			errs = ^uint64(0)
		case 1:
			errs = rng.Uint64()
		case 2:
			errs = rng.Uint64() & rng.Uint64() & rng.Uint64() // sparse: mostly below relVecMin
		default:
			errs = rng.Uint64() | rng.Uint64()
		}
		b0 := int64(rng.IntN(1<<16)) + 1
		if rng.IntN(2) == 0 {
			b0 = -b0
		}
		a0 := int64(rng.IntN(1<<16)) - 1<<15
		for v := range 64 {
			if a0+int64(v) == 0 {
				errs &^= 1 << v // exact 0: not a relative error
			}
		}
		var relS, relV [8]float64
		for l := range relS {
			relS[l] = float64(rng.IntN(1000)) / 7
			relV[l] = relS[l]
		}
		max0 := rng.Float64() * 3
		sq := c%3 == 0
		lo1, hi1, mr1 := relWord(&vals, errs, b0, a0, &relS, max0, sq, false)
		lo2, hi2, mr2 := relWord(&vals, errs, b0, a0, &relV, max0, sq, true)
		if lo1 != lo2 || hi1 != hi2 || math.Float64bits(mr1) != math.Float64bits(mr2) {
			t.Fatalf("case %d: sq %d %d / %d %d, max %v / %v", c, lo1, hi1, lo2, hi2, mr1, mr2)
		}
		for l := range relS {
			if math.Float64bits(relS[l]) != math.Float64bits(relV[l]) {
				t.Fatalf("case %d (errs %#x, b0 %d, a0 %d): rel[%d] = %v pair by pair, %v vector", c, errs, b0, a0, l, relS[l], relV[l])
			}
		}
	}
}
