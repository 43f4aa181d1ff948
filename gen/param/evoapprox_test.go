package param

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/internal/testshared"
)

// Some circuits of EvoApproxLib v2022 are broken-array multipliers of the
// same form as ours (Baugh-Wooley for signed): three signed 8x8 ones equal
// BAM(0, v) for v = 2, 3, 4 on all 2^16 pairs, and 12x12 ones equal BAM(0,
// v) on samples (found by comparing every BAM(h, v) and truncated variant
// with every EvoApprox circuit of the same size). The published figures are
// those printed in the files' headers (and metrics.csv).
var evoBAM = []struct {
	file              string
	bits              int
	signed            bool
	v                 int
	mae, wce, ep, mre string // as printed: MAE, WCE, EP%, MRE%
	mse               string
}{
	{"mul8s_1KV8", 8, true, 2, "1.2", "5.0", "50.00", "0.28", "3.8"},
	{"mul8s_1KV9", 8, true, 3, "4.2", "17", "68.75", "0.90", "34"},
	{"mul8s_1KVA", 8, true, 4, "12", "49", "81.25", "2.53", "248"},
	{"mul12u_2BV", 12, false, 6, "80", "321", "93.75", "0.026", "9158"},
	{"mul12s_2PS", 12, true, 3, "4.2", "17", "68.75", "0.0076", "34"},
}

// The published error figures of these EvoApprox circuits agree with our
// BAM(0, v) models computed over all operand pairs, to the printed
// precision (MRE over pairs whose exact product is nonzero).
func TestEvoApproxPublishedFigures(t *testing.T) {
	for _, c := range evoBAM {
		if c.bits == 12 && c.signed {
			continue // 2^24 pairs: one 12-bit circuit (unsigned) is enough
		}
		s := mustSpec(t)(NewBAM(c.bits, c.bits, c.signed, 0, c.v))
		model := s.Model()
		var sumAbs, sumSq, sumRel, wce float64
		var errs, nonzero int
		lo, hi := int64(0), int64(1)<<c.bits
		if c.signed {
			lo, hi = -hi/2, hi/2
		}
		for a := lo; a < hi; a++ {
			for b := lo; b < hi; b++ {
				e := math.Abs(float64(model(a, b) - a*b))
				sumAbs += e
				sumSq += e * e
				wce = max(wce, e)
				if e != 0 {
					errs++
				}
				if a*b != 0 {
					sumRel += e / math.Abs(float64(a*b))
					nonzero++
				}
			}
		}
		pairs := float64(int64(1) << (2 * c.bits))
		for _, f := range []struct {
			name, printed string
			got           float64
		}{
			{"MAE", c.mae, sumAbs / pairs},
			{"WCE", c.wce, wce},
			{"EP%", c.ep, 100 * float64(errs) / pairs},
			{"MRE%", c.mre, 100 * sumRel / float64(nonzero)},
			{"MSE", c.mse, sumSq / pairs},
		} {
			if !matchesPrinted(f.got, f.printed) {
				t.Errorf("%s (BAM(0,%d)): %s = %g, published %s", c.file, c.v, f.name, f.got, f.printed)
			}
		}
	}
}

// matchesPrinted reports whether x rounds to the printed decimal number:
// |x - p| <= half a unit of its last printed digit (plus float slack).
func matchesPrinted(x float64, printed string) bool {
	p, err := strconv.ParseFloat(printed, 64)
	if err != nil {
		return false
	}
	decimals := 0
	if i := strings.IndexByte(printed, '.'); i >= 0 {
		decimals = len(printed) - i - 1
	}
	half := 0.5 * math.Pow(10, -float64(decimals))
	return math.Abs(x-p) <= half*(1+1e-9)
}

// The EvoApprox netlists themselves, parsed and simulated, equal our models
// (8x8: all 2^16 pairs; 12x12: 50000 random pairs). Needs the shared data
// (AXMUL_SHARED).
func TestEvoApproxEquivalence(t *testing.T) {
	root := testshared.Root()
	if root == "" {
		t.Skip("AXMUL_SHARED not set")
	}
	for _, c := range evoBAM {
		dir := fmt.Sprintf("%dx%d_unsigned", c.bits, c.bits)
		if c.signed {
			dir = fmt.Sprintf("%dx%d_signed", c.bits, c.bits)
		}
		path := filepath.Join(root, "evoapprox", "v2022", dir, c.file+".v")
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("shared data missing: %v", err)
		}
		nl, err := verilog.ParseFile(path, verilog.Options{})
		if err != nil {
			t.Fatal(err)
		}
		mu, err := sim.NewMultiplier(nl)
		if err != nil {
			t.Fatal(err)
		}
		checkSim(t, mustSpec(t)(NewBAM(c.bits, c.bits, c.signed, 0, c.v)), mu)
	}
}
