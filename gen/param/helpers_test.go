package param

import (
	"math/rand/v2"
	"testing"
)

// outsFunc evaluates a circuit bit-parallel: a[i], b[j] are 64-lane words
// of input bits; it returns one word per output bit.
type outsFunc func(a, b []uint64) []uint64

// operandPairs returns the operand bit patterns (as uint64, low n and m
// bits) to test: all pairs when n+m <= 16, else `samples` pseudo-random
// pairs (fixed seed) plus the corner patterns.
func operandPairs(n, m, samples int) (as, bs []uint64) {
	if n+m <= 16 {
		for b := uint64(0); b < 1<<m; b++ {
			for a := uint64(0); a < 1<<n; a++ {
				as, bs = append(as, a), append(bs, b)
			}
		}
		return as, bs
	}
	corners := []uint64{0, 1, 2, 3, mask(n) >> 1, mask(n)>>1 + 1, mask(n) - 1, mask(n)}
	for _, a := range corners {
		for _, b := range corners {
			as, bs = append(as, a&mask(n)), append(bs, b&mask(m))
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range samples {
		as, bs = append(as, r.Uint64()&mask(n)), append(bs, r.Uint64()&mask(m))
	}
	return as, bs
}

// checkCircuit compares the circuit evaluated by eval with s.Model() on the
// pairs of operandPairs; it reports at most a few mismatches.
func checkCircuit(t *testing.T, s Spec, eval outsFunc, samples int) {
	t.Helper()
	n, m := s.ABits, s.BBits
	model := s.Model()
	if model == nil {
		t.Fatalf("%s: nil model", s.Name)
	}
	as, bs := operandPairs(n, m, samples)
	bad := 0
	for base := 0; base < len(as); base += 64 {
		lanes := min(64, len(as)-base)
		aw, bw := make([]uint64, n), make([]uint64, m)
		for l := range lanes {
			a, b := as[base+l], bs[base+l]
			for i := range n {
				aw[i] |= (a >> i & 1) << l
			}
			for j := range m {
				bw[j] |= (b >> j & 1) << l
			}
		}
		out := eval(aw, bw)
		if len(out) != n+m {
			t.Fatalf("%s: %d output bits, want %d", s.Name, len(out), n+m)
		}
		for l := range lanes {
			var got uint64
			for k, w := range out {
				got |= (w >> l & 1) << k
			}
			a, b := operand(as[base+l], n, s.Signed), operand(bs[base+l], m, s.Signed)
			want := uint64(model(a, b)) & mask(n+m)
			if got != want {
				bad++
				if bad <= 5 {
					t.Errorf("%s(%d, %d) = %d (circuit), model %d", s.Name, a, b, got, want)
				}
			}
		}
	}
	if bad > 5 {
		t.Errorf("%s: %d mismatches in all", s.Name, bad)
	}
}

// operand converts an n-bit pattern to the operand value.
func operand(p uint64, n int, signed bool) int64 {
	if signed {
		return signExtend(p, n)
	}
	return int64(p)
}

// builderEval evaluates the builder's own gate graph.
func builderEval(t *testing.T, s Spec) outsFunc {
	t.Helper()
	bd, err := s.build()
	if err != nil {
		t.Fatal(err)
	}
	return bd.eval
}

// extraSpecs lists non-built-in specs of other sizes for the circuit tests.
func extraSpecs(t *testing.T) []Spec {
	t.Helper()
	var specs []Spec
	add := func(s Spec, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		specs = append(specs, s)
	}
	for _, signed := range []bool{false, true} {
		for _, nm := range [][2]int{{2, 2}, {2, 5}, {3, 3}, {4, 4}, {5, 3}, {7, 9}, {8, 4}, {12, 12}, {16, 16}, {16, 7}} {
			n, m := nm[0], nm[1]
			add(NewArray(n, m, signed))
			add(NewTruncated(n, m, signed, (n+m)/3, false))
			add(NewTruncated(n, m, signed, (n+m)/2, true))
			add(NewBAM(n, m, signed, m/3, (n+m)/2))
			add(NewBAM(n, m, signed, m, n+m))
			add(NewMitchell(n, m, signed))
			if max(n, m) >= 3 {
				add(NewDRUM(n, m, signed, 3))
			}
			if max(n, m) >= 6 {
				add(NewDRUM(n, m, signed, 6))
			}
		}
	}
	return specs
}
