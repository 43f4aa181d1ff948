package param

import (
	"testing"
)

// FuzzSpec: arbitrary specs never make the package panic; the valid ones
// generate a circuit equal to its model on a few operand pairs.
func FuzzSpec(f *testing.F) {
	f.Add(uint8(8), uint8(8), false, uint8(1), 4, 1, uint64(200), uint64(100))
	f.Add(uint8(5), uint8(11), true, uint8(2), 2, 9, uint64(7), uint64(1<<10))
	f.Add(uint8(16), uint8(16), true, uint8(3), 6, 0, uint64(1<<15), uint64(12345))
	f.Add(uint8(2), uint8(3), false, uint8(4), 0, 0, uint64(3), uint64(7))
	f.Add(uint8(0), uint8(40), true, uint8(9), -5, 99, uint64(0), uint64(0))
	families := []Family{FamilyArray, FamilyTrunc, FamilyBAM, FamilyDRUM, FamilyMitchell, "other"}
	f.Fuzz(func(t *testing.T, n, m uint8, signed bool, fam uint8, p1, p2 int, a, b uint64) {
		s := Spec{Name: "fz", ABits: int(n), BBits: int(m), Signed: signed, Family: families[int(fam)%len(families)]}
		switch s.Family {
		case FamilyTrunc:
			s.Params = map[string]int{"k": p1, "corrected": p2}
		case FamilyBAM:
			s.Params = map[string]int{"h": p1, "v": p2}
		case FamilyDRUM:
			s.Params = map[string]int{"k": p1}
		default:
			s.Params = map[string]int{}
		}
		bd, err := s.build()
		if err != nil {
			if s.Verilog() != nil || s.Model() != nil {
				t.Fatalf("invalid spec %+v generates", s)
			}
			return
		}
		model := s.Model()
		out := bd.eval(wordsOf(int64(a), s.ABits), wordsOf(int64(b), s.BBits))
		var got uint64
		for k, w := range out {
			got |= (w & 1) << k
		}
		x, y := operand(a&mask(s.ABits), s.ABits, signed), operand(b&mask(s.BBits), s.BBits, signed)
		if want := uint64(model(x, y)) & mask(s.ABits+s.BBits); got != want {
			t.Fatalf("%+v (%d, %d): circuit %#x, model %#x", s, x, y, got, want)
		}
	})
}
