package evoapprox

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/axmul/axmul/internal/testshared"
)

// sharedDir returns $AXMUL_SHARED/evoapprox/<sub>: the test is skipped when
// AXMUL_SHARED is unset and fails when it is set but the folder is missing.
func sharedDir(t *testing.T, sub string) string {
	t.Helper()
	root := testshared.Root()
	if root == "" {
		t.Skip("AXMUL_SHARED not set")
	}
	dir := filepath.Join(root, "evoapprox", sub)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Fatalf("AXMUL_SHARED=%s but %s is missing: %v", root, dir, err)
	}
	return dir
}

// readCSV reads a metrics.csv, the independent reference for the header figures.
func readCSV(t *testing.T, path string) (header []string, rows [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(all) < 2 {
		t.Fatalf("%s: no rows", path)
	}
	return all[0], all[1:]
}

// checkFigures compares every figure column of a CSV row with the entry's
// header: same printed text, and the value equal to the CSV number times the
// unit scale (a single rounding each way: 1e-15 relative).
func checkFigures(t *testing.T, e *Entry, cols []string, row []string, keyOf map[string]string, scale map[string]float64) {
	t.Helper()
	nfig := 0
	for i, col := range cols {
		key, ok := keyOf[col]
		if !ok {
			continue
		}
		nfig++
		f, ok := e.Figure(key)
		if !ok {
			t.Errorf("%s: no header figure %s (CSV %s = %s)", e.Name, key, col, row[i])
			continue
		}
		if f.Text != row[i] {
			t.Errorf("%s: %s printed %q, CSV %s = %q", e.Name, key, f.Text, col, row[i])
		}
		x, err := strconv.ParseFloat(row[i], 64)
		if err != nil {
			t.Errorf("%s: CSV %s: %v", e.Name, col, err)
			continue
		}
		s := 1.0
		if v, ok := scale[key]; ok {
			s = v
		}
		if want := x * s; math.Abs(f.Value-want) > 1e-15*math.Abs(want) {
			t.Errorf("%s: %s = %g, CSV %s gives %g", e.Name, key, f.Value, col, want)
		}
		if !f.Matches(x * s) {
			t.Errorf("%s: %s does not match its own CSV value", e.Name, key)
		}
	}
	if nfig != len(e.Header.Figures) {
		t.Errorf("%s: %d header figures, %d CSV figure columns", e.Name, len(e.Header.Figures), nfig)
	}
}

func TestSharedV2022(t *testing.T) {
	dir := sharedDir(t, "v2022")
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.Layout() != LayoutGrouped || c.Len() != 338 {
		t.Fatalf("layout %v, %d entries; want grouped, 338", c.Layout(), c.Len())
	}
	cols, rows := readCSV(t, filepath.Join(dir, "metrics.csv"))
	if len(rows) != c.Len() {
		t.Fatalf("%d CSV rows, %d entries", len(rows), c.Len())
	}
	keyOf := map[string]string{
		"MAE_pct": KeyMAEPct, "MAE": KeyMAE, "WCE_pct": KeyWCEPct, "WCE": KeyWCE, "WCRE_pct": KeyWCREPct,
		"EP_pct": KeyEPPct, "MRE_pct": KeyMREPct, "MSE": KeyMSE,
		"PDK45_PWR_mW": KeyPower, "PDK45_AREA_um2": KeyArea, "PDK45_DELAY_ns": KeyDelay,
	}
	col := map[string]int{}
	for i, h := range cols {
		col[h] = i
	}
	twins := 0
	for _, row := range rows {
		name := row[col["name"]]
		e, ok := c.Lookup(name)
		if !ok {
			t.Errorf("%s: not in the catalogue", name)
			continue
		}
		a, _ := strconv.Atoi(row[col["a_bits"]])
		b, _ := strconv.Atoi(row[col["b_bits"]])
		want := Shape{ABits: a, BBits: b, Signed: row[col["signed"]] == "1"}
		if e.Shape != want || e.Group != row[col["group"]] || e.Header.Style != StyleV2022 {
			t.Errorf("%s: shape %v group %s style %v; CSV %v %s", name, e.Shape, e.Group, e.Header.Style, want, row[col["group"]])
		}
		sets := strings.Split(row[col["pareto_sets"]], ";")
		if len(e.ParetoSets) != 1 || !slices.Contains(sets, e.ParetoSets[0]) {
			t.Errorf("%s: pareto sets %v, CSV %v", name, e.ParetoSets, sets)
		}
		if len(e.Warnings) != 0 {
			t.Errorf("%s: warnings %q", name, e.Warnings)
		}
		if e.PDK45Path != "" {
			twins++
		}
		checkFigures(t, &e, cols, row, keyOf, nil)
	}
	if twins != 86 {
		t.Errorf("%d _pdk45 twins, want 86", twins)
	}
	cands, err := c.SearchSpace("")
	if err != nil || len(cands) != 338 {
		t.Fatalf("SearchSpace: %d, %v", len(cands), err)
	}
	for i := 1; i < len(cands); i++ {
		if cands[i-1].Name >= cands[i].Name {
			t.Fatalf("not sorted at %d", i)
		}
	}
}

func TestShared8b(t *testing.T) {
	dir := sharedDir(t, "8b")
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.Layout() != LayoutFlat || c.Len() != 505 || c.Name() != "EvoApprox8b" {
		t.Fatalf("layout %v, %d entries, name %q; want flat, 505, EvoApprox8b", c.Layout(), c.Len(), c.Name())
	}
	cols, rows := readCSV(t, filepath.Join(dir, "metrics.csv"))
	if len(rows) != c.Len() {
		t.Fatalf("%d CSV rows, %d entries", len(rows), c.Len())
	}
	keyOf := map[string]string{
		"area180": KeyArea180, "delay180": KeyDelay180, "power180": KeyPower180,
		"area45": KeyArea, "delay45": KeyDelay, "power45": KeyPower,
		"nodes": KeyNodes, "HD": KeyHD, "MAE": KeyMAE, "MSE": KeyMSE, "MRE_pct": KeyMREPct,
		"WCE": KeyWCE, "WCRE_pct": KeyWCREPct, "EP_pct": KeyEPPct,
	}
	// The CSV power columns are in uW as printed; the figures hold mW.
	scale := map[string]float64{KeyPower: 1e-3, KeyPower180: 1e-3}
	for _, row := range rows {
		e, ok := c.Lookup(row[0])
		if !ok {
			t.Errorf("%s: not in the catalogue", row[0])
			continue
		}
		if e.Shape != (Shape{8, 8, false}) || e.Header.Style != Style8b || e.Header.Library != "EvoApprox8b" || len(e.Warnings) != 0 {
			t.Errorf("%s: shape %v style %v library %q warnings %q", e.Name, e.Shape, e.Header.Style, e.Header.Library, e.Warnings)
		}
		p, _ := e.Figure(KeyPower)
		if p.RawUnit != "uW" {
			t.Errorf("%s: power raw unit %q", e.Name, p.RawUnit)
		}
		checkFigures(t, &e, cols, row, keyOf, scale)
	}
}

// TestSharedPowerUnits checks the unit inferred for EvoApprox8b power: the
// accurate 8x8 unsigned multipliers of both libraries, synthesised with the
// same 45 nm library, must have powers of the same magnitude once 8b's
// figures are read as uW (a reading in mW would be 1000 times off).
func TestSharedPowerUnits(t *testing.T) {
	c8, err := Open(sharedDir(t, "8b"))
	if err != nil {
		t.Fatal(err)
	}
	cv, err := Open(sharedDir(t, "v2022"))
	if err != nil {
		t.Fatal(err)
	}
	ref, ok := cv.Lookup("mul8u_1JJQ")
	if mae, _ := ref.Figure(KeyMAE); !ok || mae.Value != 0 {
		t.Fatalf("mul8u_1JJQ missing or not exact")
	}
	refPower, _ := ref.Figure(KeyPower)
	n := 0
	for _, e := range c8.Entries() {
		if mae, _ := e.Figure(KeyMAE); mae.Value != 0 {
			continue
		}
		n++
		p, _ := e.Figure(KeyPower)
		if r := p.Value / refPower.Value; r < 0.5 || r > 2 {
			t.Errorf("%s: exact multiplier with %v = %g mW, %g times the v2022 exact one", e.Name, p, p.Value, r)
		}
	}
	if n < 5 {
		t.Errorf("%d exact 8b multipliers, want at least the 5 architectures", n)
	}
}

func BenchmarkOpenShared(b *testing.B) {
	root := testshared.Root()
	if root == "" {
		b.Skip("AXMUL_SHARED not set")
	}
	for _, sub := range []string{"v2022", "8b"} {
		b.Run(sub, func(b *testing.B) {
			for b.Loop() {
				if _, err := Open(filepath.Join(root, "evoapprox", sub)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
