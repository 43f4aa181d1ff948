package errmap_test

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/internal/testshared"
)

// This file checks the metric definitions against the figures published
// with the shared EvoApprox libraries (AXMUL_SHARED), simulating every
// circuit exhaustively with circuits/sim.

func sharedDir(t *testing.T) string {
	t.Helper()
	d := testshared.Root()
	if d == "" {
		t.Skip("AXMUL_SHARED not set")
	}
	if _, err := os.Stat(filepath.Join(d, "evoapprox")); err != nil {
		t.Fatalf("AXMUL_SHARED=%s: %v", d, err)
	}
	return d
}

func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// printedUlp returns the unit of the last printed digit of a published
// figure ("0.057" -> 0.001, "12" -> 1, "29320.446e3" -> 1).
func printedUlp(s string) float64 {
	mant, exp := s, 0
	if k := strings.IndexAny(s, "eE"); k >= 0 {
		mant = s[:k]
		exp, _ = strconv.Atoi(s[k+1:])
	}
	dec := 0
	if k := strings.IndexByte(mant, '.'); k >= 0 {
		dec = len(mant) - k - 1
	}
	return math.Pow(10, float64(exp-dec))
}

func simulateMap(t *testing.T, path string, signed bool) *errmap.ErrorMap {
	t.Helper()
	nl, err := verilog.ParseFile(path, verilog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mu, err := sim.NewMultiplier(nl)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	raw, err := mu.Products()
	if err != nil {
		t.Fatal(err)
	}
	n, m, _ := mu.Widths()
	em, err := errmap.FromProducts(n, m, signed, raw)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return em
}

func mustFloat(s string) float64 {
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

type figure struct {
	col string
	got float64
}

// mismatches returns the columns whose published value differs from ours by
// more than half a printed unit plus rel relative (1e-9 for float noise;
// more where the publisher computed in single precision).
func mismatches(row map[string]string, figs []figure, rel map[string]float64) []string {
	var bad []string
	for _, f := range figs {
		want, err := strconv.ParseFloat(row[f.col], 64)
		if err != nil {
			bad = append(bad, f.col+": unparsable "+row[f.col])
			continue
		}
		r := 1e-9
		if v, ok := rel[f.col]; ok {
			r = v
		}
		if math.Abs(f.got-want) > printedUlp(row[f.col])/2+r*math.Abs(want) {
			bad = append(bad, f.col+"="+row[f.col]+" ours "+strconv.FormatFloat(f.got, 'g', 8, 64))
		}
	}
	return bad
}

// TestPublishedV2022 pins the v2022 definitions on every circuit with at
// most 16 input bits: MRE and WCRE exclude pairs with exact product 0 (the
// mean divides by their count), MAE% and WCE% divide by 2^(n+m).
func TestPublishedV2022(t *testing.T) {
	dir := filepath.Join(sharedDir(t), "evoapprox", "v2022")
	n := 0
	for _, row := range readCSV(t, filepath.Join(dir, "metrics.csv")) {
		a, _ := strconv.Atoi(row["a_bits"])
		b, _ := strconv.Atoi(row["b_bits"])
		if a+b > 16 {
			continue
		}
		if row["name"] == "mul8u_2NDH" {
			continue // output port named Z, which circuits/sim does not accept
		}
		em := simulateMap(t, filepath.Join(dir, row["group"], row["name"]+".v"), row["signed"] == "1")
		m := em.Metrics(errmap.Options{ZeroExact: errmap.ExcludeZero})
		maePct := m.MAEPct
		// A few headers print MAE% from the already rounded MAE (mul8s_1KV8:
		// MAE 1.25 printed 1.2, MAE% 0.0018 = 100·1.2/2^16): accept that.
		if fromPrinted := 100 * mustFloat(row["MAE"]) * math.Ldexp(1, -a-b); len(mismatches(row, []figure{{"MAE_pct", fromPrinted}}, nil)) == 0 {
			maePct = fromPrinted
		}
		figs := []figure{
			{"MAE_pct", maePct}, {"WCE", float64(m.WCE)}, {"WCE_pct", m.WCEPct},
			{"EP_pct", m.EP}, {"MRE_pct", m.MRE}, {"WCRE_pct", m.WCRE}, {"MSE", m.MSE},
		}
		// mul8s_1KVQ prints MAE 36 although its MAE% 0.056 is 100·36.535/2^16.
		if row["name"] != "mul8s_1KVQ" {
			figs = append(figs, figure{"MAE", m.MAE})
		}
		for _, s := range mismatches(row, figs, nil) {
			t.Errorf("%s: %s", row["name"], s)
		}
		n++
	}
	t.Logf("%d v2022 circuits checked", n)
}

// TestPublished8b pins the EvoApprox8b definitions on all 505 circuits:
// MRE divides |e| by max(1, |exact|) over all pairs (DivideByMaxOne).
func TestPublished8b(t *testing.T) {
	dir := filepath.Join(sharedDir(t), "evoapprox", "8b")
	n := 0
	for _, row := range readCSV(t, filepath.Join(dir, "metrics.csv")) {
		em := simulateMap(t, filepath.Join(dir, row["name"]+".v"), false)
		m := em.Metrics(errmap.Options{ZeroExact: errmap.DivideByMaxOne})
		// 8b figures were computed in single precision: MAE is printed
		// with 5 decimals of a float32 (2^-24 relative), and MRE is a
		// float32 sum of 65536 terms (allow 1e-4 relative).
		bad := mismatches(row, []figure{
			{"MAE", m.MAE}, {"MSE", m.MSE}, {"MRE_pct", m.MRE}, {"WCE", float64(m.WCE)},
			{"WCRE_pct", m.WCRE}, {"EP_pct", m.EP},
		}, map[string]float64{"MAE": 1.2e-7, "MRE_pct": 1e-4})
		for _, s := range bad {
			t.Errorf("%s: %s", row["name"], s)
		}
		n++
	}
	t.Logf("%d 8b circuits checked", n)
}
