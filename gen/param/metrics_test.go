package param

import (
	"math"
	"strings"
	"testing"
)

type errStats struct {
	mae, mre, bias, wce float64 // MAE, MRE% (exact != 0), mean error, WCE
}

func exhaustiveStats(s Spec) errStats {
	model := s.Model()
	var st errStats
	var sumAbs, sumRel, sum float64
	var nonzero int
	for pa := range uint64(1) << s.ABits {
		for pb := range uint64(1) << s.BBits {
			a, b := operand(pa, s.ABits, s.Signed), operand(pb, s.BBits, s.Signed)
			e := float64(model(a, b) - a*b)
			sum += e
			sumAbs += math.Abs(e)
			st.wce = max(st.wce, math.Abs(e))
			if a*b != 0 {
				sumRel += math.Abs(e) / math.Abs(float64(a*b))
				nonzero++
			}
		}
	}
	pairs := float64(uint64(1) << (s.ABits + s.BBits))
	st.mae, st.bias, st.mre = sumAbs/pairs, sum/pairs, 100*sumRel/float64(nonzero)
	return st
}

// Error statistics of the built-in library over all 2^16 pairs: the exact
// circuits have none, and within each family series of Builtin (trunc by
// growing k, BAM as listed, DRUM by shrinking k) the mean absolute error
// grows. The table is logged (go test -v).
func TestBuiltinErrorStats(t *testing.T) {
	prev := map[string]float64{}
	for _, s := range Builtin() {
		st := exhaustiveStats(s)
		t.Logf("%-16s gates %4d  MAE %9.2f  MRE %7.3f%%  bias %9.2f  WCE %6.0f", s.Name, s.Gates(), st.mae, st.mre, st.bias, st.wce)
		if s.Family == FamilyArray && st.wce != 0 {
			t.Errorf("%s: exact circuit has WCE %g", s.Name, st.wce)
		}
		series := s.Name[:5] + string(s.Family)
		if s.Family == FamilyTrunc && strings.HasSuffix(s.Name, "c") {
			series += "c"
		}
		if p, ok := prev[series]; ok && st.mae <= p {
			t.Errorf("%s: MAE %g not above the previous %s circuit's %g", s.Name, st.mae, series, p)
		}
		prev[series] = st.mae
	}
}

// Mitchell's bound (Mitchell 1962): the logarithmic product never exceeds
// the exact one and errs by at most 1/9 of it, plus less than 1 for the
// truncation to an integer. Checked on all 8x8 pairs, unsigned and (on
// magnitudes) signed.
func TestMitchellBound(t *testing.T) {
	for _, signed := range []bool{false, true} {
		s := mustSpec(t)(NewMitchell(8, 8, signed))
		model := s.Model()
		for pa := range uint64(256) {
			for pb := range uint64(256) {
				a, b := operand(pa, 8, signed), operand(pb, 8, signed)
				exact, got := abs(a*b), abs(model(a, b))
				if (a*b < 0) != (model(a, b) < 0) && got != 0 {
					t.Fatalf("%s(%d, %d) = %d: wrong sign", s.Name, a, b, model(a, b))
				}
				if d := exact - got; d < 0 || 9*d >= exact+9 {
					t.Fatalf("%s(%d, %d) = %d, exact %d", s.Name, a, b, model(a, b), a*b)
				}
			}
		}
	}
}
