package evoapprox

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestDetectLayout(t *testing.T) {
	tests := []struct {
		root string
		want Layout
		ok   bool
	}{
		{"testdata/repo", LayoutRepo, true},
		{"testdata/repo/multiplers", LayoutRepo, true},
		{"testdata/grouped", LayoutGrouped, true},
		{"testdata/flat", LayoutFlat, true},
		{"testdata/badname", LayoutFlat, true},
		{"testdata", LayoutAuto, false},
		{"testdata/does-not-exist", LayoutAuto, false},
	}
	for _, tc := range tests {
		got, err := DetectLayout(tc.root)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("DetectLayout(%s) = %v, %v; want %v ok=%v", tc.root, got, err, tc.want, tc.ok)
		}
	}
}

// entrySummary is what the tests compare: everything but the header figures
// (tested in header_test.go) and the ports (ports_test.go).
type entrySummary struct {
	name, group, path, pdk45 string
	shape                    Shape
	pareto                   string
	warnings                 []string // substrings, one per warning
	power                    string   // printed text of power_mw
}

func TestOpen(t *testing.T) {
	repo := filepath.Join("testdata", "repo", "multiplers")
	grouped := filepath.Join("testdata", "grouped")
	flat := filepath.Join("testdata", "flat")
	v2022 := []entrySummary{
		{"mul8s_1AA1", "8x8_signed", filepath.Join(repo, "8x8_signed/pareto_pwr_ep/mul8s_1AA1.v"), filepath.Join(repo, "8x8_signed/pareto_pwr_ep/mul8s_1AA1_pdk45.v"),
			Shape{8, 8, true}, "pareto_pwr_ep pareto_pwr_mae", nil, "0.302"},
		{"mul8s_1AA2", "8x8_signed", filepath.Join(repo, "8x8_signed/pareto_pwr_mae/mul8s_1AA2.v"), "",
			Shape{8, 8, true}, "pareto_pwr_mae", nil, "0.370"},
		{"mul8s_1AA3", "8x8_signed", "", filepath.Join(repo, "8x8_signed/pareto_pwr_ep/mul8s_1AA3_pdk45.v"),
			Shape{8, 8, true}, "pareto_pwr_ep", []string{"no generic netlist"}, "0.061"},
		{"mul8x4u_0BB", "8x4_unsigned", filepath.Join(repo, "8x4_unsigned/pareto_pwr_wce/mul8x4u_0BB.v"), "",
			Shape{8, 4, false}, "pareto_pwr_wce", nil, "0.061"},
	}
	tests := []struct {
		root   string
		layout Layout
		name   string
		want   []entrySummary
	}{
		{"testdata/repo", LayoutRepo, "EvoApproxLib", v2022},
		{repo, LayoutRepo, "EvoApproxLib", v2022},
		{grouped, LayoutGrouped, "EvoApproxLib", []entrySummary{
			{"mul12u_0CC", "12x12_unsigned", filepath.Join(grouped, "12x12_unsigned/mul12u_0CC.v"), "",
				Shape{12, 12, false}, "pareto_pwr_mre", nil, "0.784"},
			{"mul7u_0DD", "7x7_unsigned", filepath.Join(grouped, "7x7_unsigned/mul7u_0DD.v"), "",
				Shape{7, 7, false}, "pareto_pwr_mse", []string{"mul7u_0DD.v:19: port A is a 8-bit input, the name mul7u_0DD implies a 7-bit input"}, "0.061"},
			{"mul8s_1AA1", "8x8_signed", filepath.Join(grouped, "8x8_signed/mul8s_1AA1.v"), filepath.Join(grouped, "8x8_signed/mul8s_1AA1_pdk45.v"),
				Shape{8, 8, true}, "pareto_pwr_ep", nil, "0.302"},
		}},
		{flat, LayoutFlat, "EvoApprox8b", []entrySummary{
			{"mul8_001", "", filepath.Join(flat, "mul8_001.v"), "", Shape{8, 8, false}, "", nil, "428.70"},
			{"mul8_RippleCarryArrayMultiplier", "", filepath.Join(flat, "mul8_RippleCarryArrayMultiplier.v"), "", Shape{8, 8, false}, "", nil, "392.40"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.root, func(t *testing.T) {
			c, err := Open(tc.root)
			if err != nil {
				t.Fatal(err)
			}
			if c.Layout() != tc.layout || c.Name() != tc.name || c.Root() != tc.root || c.Len() != len(tc.want) {
				t.Fatalf("layout %v name %q root %q len %d; want %v %q %q %d", c.Layout(), c.Name(), c.Root(), c.Len(), tc.layout, tc.name, tc.root, len(tc.want))
			}
			for i, e := range c.Entries() {
				w := tc.want[i]
				f, _ := e.Figure(KeyPower)
				if e.Name != w.name || e.Group != w.group || e.Path != w.path || e.PDK45Path != w.pdk45 || e.Shape != w.shape ||
					strings.Join(e.ParetoSets, " ") != w.pareto || f.Text != w.power {
					t.Errorf("entry %d = %+v\nwant %+v", i, e, w)
				}
				if len(e.Warnings) != len(w.warnings) {
					t.Errorf("%s: warnings %q, want %q", e.Name, e.Warnings, w.warnings)
				} else {
					for j := range w.warnings {
						if !strings.Contains(e.Warnings[j], w.warnings[j]) {
							t.Errorf("%s: warning %q, want %q", e.Name, e.Warnings[j], w.warnings[j])
						}
					}
				}
				if len(e.Ports) < 3 {
					t.Errorf("%s: ports %v", e.Name, e.Ports)
				}
				got, ok := c.Lookup(e.Name)
				if !ok || got.Name != e.Name || got.Path != e.Path {
					t.Errorf("Lookup(%s) = %v, %v", e.Name, got.Name, ok)
				}
			}
			if _, ok := c.Lookup("mul8s_none"); ok {
				t.Errorf("Lookup of a missing name succeeded")
			}
			// Forcing the detected layout gives the same catalogue.
			c2, err := OpenLayout(tc.root, tc.layout)
			if err != nil || c2.Len() != c.Len() {
				t.Errorf("OpenLayout(%s, %v): %d entries, %v", tc.root, tc.layout, c2.Len(), err)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	c, err := Open("testdata/badname")
	if err == nil || !strings.Contains(err.Error(), filepath.Join("testdata", "badname", "mulX7_002.v")) || !strings.Contains(err.Error(), `name "mulX7_002"`) {
		t.Errorf("error %v, want one naming mulX7_002.v", err)
	}
	if c == nil || c.Len() != 1 {
		t.Fatalf("catalogue %v, want the one good entry", c)
	}
	if _, ok := c.Lookup("mul8_001"); !ok {
		t.Errorf("good entry missing")
	}
	if _, err := OpenLayout("testdata/flat", Layout(99)); err == nil {
		t.Errorf("unknown layout accepted")
	}
	if _, err := Open("testdata/none"); err == nil {
		t.Errorf("missing root accepted")
	}
	// A grouped layout read as a repository finds no pareto folders.
	c, err = OpenLayout("testdata/grouped", LayoutRepo)
	if err != nil || c.Len() != 0 {
		t.Errorf("grouped as repo: %d entries, %v", c.Len(), err)
	}
}

func TestOpenMalformed(t *testing.T) {
	dir := t.TempDir()
	g := filepath.Join(dir, "8x8_unsigned")
	if err := os.Mkdir(g, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		// the group says unsigned 8x8, the name signed 4x4
		"mul4s_A.v": "// MAE = 1\n// PDK45_PWR = 0.1 mW\nmodule mul4s_A(input [3:0] A, input [3:0] B, output [7:0] O); endmodule\n",
		// malformed figure, wrong module name
		"mul8u_B.v": "// MAE = 1\n// PDK45_PWR = x mW\nmodule other(input [7:0] A); endmodule\n",
	}
	for n, s := range files {
		if err := os.WriteFile(filepath.Join(g, n), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Open(dir)
	if err == nil || !strings.Contains(err.Error(), "mul8u_B.v:2:16: evoapprox: PDK45_PWR: not a decimal number") {
		t.Errorf("error %v", err)
	}
	if c.Len() != 2 {
		t.Fatalf("%d entries, want 2", c.Len())
	}
	a, _ := c.Lookup("mul4s_A")
	if len(a.Warnings) != 1 || !strings.Contains(a.Warnings[0], "group folder 8x8_unsigned disagrees with the name (4x4_signed)") {
		t.Errorf("warnings %q", a.Warnings)
	}
	b, _ := c.Lookup("mul8u_B")
	if len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0], "no module mul8u_B") || len(b.Header.Figures) != 1 {
		t.Errorf("warnings %q, figures %v", b.Warnings, b.Header.Figures)
	}
	if _, err := c.SearchSpace(KeyPower); err == nil || !strings.Contains(err.Error(), "mul8u_B") {
		t.Errorf("SearchSpace error %v, want one naming mul8u_B", err)
	}
}

func TestOpenRepoCopiesDiffer(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"pareto_pwr_ep", "pareto_pwr_mae"} {
		d := filepath.Join(dir, "multiplers", "8x8_unsigned", p)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		pwr := map[string]string{"pareto_pwr_ep": "0.100", "pareto_pwr_mae": "0.200"}[p]
		src := "// MAE = 1\n// PDK45_PWR = " + pwr + " mW\nmodule mul8u_C(input [7:0] A, input [7:0] B, output [15:0] O); endmodule\n"
		if err := os.WriteFile(filepath.Join(d, "mul8u_C.v"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := c.Lookup("mul8u_C")
	f, _ := e.Figure(KeyPower)
	if f.Text != "0.100" || len(e.Warnings) != 1 || !strings.Contains(e.Warnings[0], "power_mw 0.100 mW vs 0.200 mW") ||
		!slices.Equal(e.ParetoSets, []string{"pareto_pwr_ep", "pareto_pwr_mae"}) {
		t.Errorf("entry %+v", e)
	}
}

func TestSearchSpace(t *testing.T) {
	c, err := Open("testdata/repo")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		metric string
		want   []float64 // hand-read from the testdata headers, in name order
		err    string
	}{
		{"", []float64{0.302, 0.370, 0.061, 0.061}, ""},
		{KeyPower, []float64{0.302, 0.370, 0.061, 0.061}, ""},
		{KeyMAE, []float64{37, 3, 208, 208}, ""},
		{KeyMSE, []float64{2007.84, 27897.246e12, 10360.917e2, 10360.917e2}, ""},
		{KeyNodes, nil, "mul8s_1AA1"},
		{"PDK45_PWR", nil, "unknown metric"},
	}
	for _, tc := range tests {
		got, err := c.SearchSpace(tc.metric)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.metric, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tc.want) {
			t.Fatalf("%q: %d candidates", tc.metric, len(got))
		}
		for i, cand := range got {
			m := tc.metric
			if m == "" {
				m = KeyPower
			}
			if cand.Value != tc.want[i] || cand.Metric != m || cand.Figure.Value != cand.Value {
				t.Errorf("%q: candidate %d = %+v, want value %g", tc.metric, i, cand, tc.want[i])
			}
			if i > 0 && got[i-1].Name >= cand.Name {
				t.Errorf("not sorted: %s before %s", got[i-1].Name, cand.Name)
			}
		}
	}
	// Subset by shape keeps the order and the lookups.
	s := c.Subset("evo-8x8s", OfShape(Shape{8, 8, true}))
	names := []string{}
	cands, err := s.SearchSpace("")
	if err != nil {
		t.Fatal(err)
	}
	for _, cd := range cands {
		names = append(names, cd.Name)
	}
	if s.Name() != "evo-8x8s" || strings.Join(names, " ") != "mul8s_1AA1 mul8s_1AA2 mul8s_1AA3" {
		t.Errorf("subset %q: %v", s.Name(), names)
	}
	if _, ok := s.Lookup("mul8x4u_0BB"); ok {
		t.Errorf("subset lookup found a filtered entry")
	}
	if e, ok := s.Lookup("mul8s_1AA2"); !ok || e.Name != "mul8s_1AA2" {
		t.Errorf("subset lookup failed")
	}
}

func TestLayoutString(t *testing.T) {
	for l, want := range map[Layout]string{LayoutAuto: "auto", LayoutRepo: "repo", LayoutGrouped: "grouped", LayoutFlat: "flat", 9: "Layout(9)"} {
		if l.String() != want {
			t.Errorf("%d: %q, want %q", l, l.String(), want)
		}
	}
	for s, want := range map[Style]string{StyleUnknown: "unknown", StyleV2022: "v2022", Style8b: "8b"} {
		if s.String() != want {
			t.Errorf("%d: %q, want %q", s, s.String(), want)
		}
	}
}
