package liberty

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/axmul/axmul/internal/testshared"
)

// wantRE matches the expected-error lines at the top of testdata/errors
// files: "// want LINE:COL message".
var wantRE = regexp.MustCompile(`^// want (\d+):(\d+) (.*)$`)

func TestErrorFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.lib")
	if err != nil || len(files) == 0 {
		t.Fatalf("no error testdata: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, line := range strings.Split(string(src), "\n") {
				if m := wantRE.FindStringSubmatch(line); m != nil {
					want = append(want, filepath.Base(f)+":"+m[1]+":"+m[2]+": "+m[3])
				}
			}
			if len(want) == 0 {
				t.Fatal("no // want lines")
			}
			_, err = Parse(filepath.Base(f), src)
			if err == nil {
				t.Fatal("Parse succeeded, want errors")
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %T is not an ErrorList", err)
			}
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func parseTestdata(t *testing.T, name string) *Library {
	t.Helper()
	lib, err := ParseFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func TestSmallLibrary(t *testing.T) {
	lib := parseTestdata(t, "small.lib")
	// Library-level attributes, as written in testdata/small.lib.
	if lib.Name != "small" || lib.DelayModel != "table_lookup" {
		t.Errorf("name %q, delay model %q", lib.Name, lib.DelayModel)
	}
	units := []struct {
		name      string
		got, want float64
	}{
		{"TimeUnitNS 10ps", lib.TimeUnitNS(), 0.01},
		{"LeakageUnitW 1pW", lib.LeakageUnitW(), 1e-12},
		{"VoltageUnitV 1V", lib.VoltageUnitV(), 1},
		{"CurrentUnitA 1mA", lib.CurrentUnitA(), 1e-3},
		{"PullingResistanceUnitOhm 1kohm", lib.PullingResistanceUnitOhm(), 1e3},
		{"CapUnitPF (1,ff)", lib.CapUnitPF(), 1e-3},
		{"EnergyUnitPJ 1ff*1V^2", lib.EnergyUnitPJ(), 1e-3},
		{"NomVoltage", lib.NomVoltage, 0.9},
		{"NomTemperature", lib.NomTemperature, 25},
		{"NomProcess", lib.NomProcess, 1},
	}
	for _, u := range units {
		// Unit scales are products of two decimal constants: relative 1e-12.
		if math.Abs(u.got-u.want) > 1e-12*math.Abs(u.want) {
			t.Errorf("%s = %g, want %g", u.name, u.got, u.want)
		}
	}
	if len(lib.Defines) != 1 || lib.Defines[0] != (Define{"my_attr", "cell", "string"}) {
		t.Errorf("defines %+v", lib.Defines)
	}
	if len(lib.Templates) != 2 || lib.Templates["p3"].Kind != "power_lut_template" || lib.Templates["t2x2"].Variable2 != "input_net_transition" {
		t.Errorf("templates %+v", lib.Templates)
	}
	var names []string
	for _, c := range lib.Cells {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != "NAND2,TBUF,DFF" {
		t.Fatalf("cells %v", names)
	}

	nand := lib.Cell("NAND2")
	if nand.Area != 1.5 || nand.Leakage != 12.25 || nand.Footprint != "nand2" || nand.Sequential {
		t.Errorf("NAND2 %+v", nand)
	}
	if len(nand.LeakagePower) != 1 || nand.LeakagePower[0] != (LeakagePower{When: "!A !B", Value: 10}) {
		t.Errorf("leakage_power %+v", nand.LeakagePower)
	}
	// pin (A, B) expands to two pins with the same attributes.
	if len(nand.Inputs()) != 2 || nand.Pin("A").Capacitance != 1.25 || nand.Pin("B").Capacitance != 1.25 {
		t.Errorf("inputs %+v", nand.Inputs())
	}
	if p := nand.Pin("B").InternalPower; len(p) != 1 || p[0].RelatedPin != "" || math.Abs(p[0].Power.Lookup(1.5, 0)-0.3) > 1e-15 {
		t.Errorf("passive power of B %+v", p)
	}
	y := nand.Pin("Y")
	if y.Direction != "output" || y.FunctionText != "(A * B)'" || y.Function.String() != "!(A & B)" {
		t.Errorf("Y function %q -> %v", y.FunctionText, y.Function)
	}
	if !math.IsNaN(y.Capacitance) {
		t.Errorf("absent capacitance = %g, want NaN", y.Capacitance)
	}
	tm := y.Timing[0]
	if tm.RelatedPin != "A" || tm.TimingSense != "negative_unate" {
		t.Errorf("timing %+v", tm)
	}
	// cell_rise inherits both indices from t2x2; cell_fall overrides index_1.
	checkTable(t, "cell_rise", tm.CellRise, []float64{1, 3}, []float64{10, 20}, [][]float64{{1, 2}, {3, 4}})
	checkTable(t, "cell_fall", tm.CellFall, []float64{2, 4}, []float64{10, 20}, [][]float64{{5, 6}, {7, 8}})
	checkTable(t, "rise_transition", tm.RiseTransition, nil, nil, [][]float64{{0.5}})
	if tm.FallTransition != nil {
		t.Errorf("absent fall_transition = %+v", tm.FallTransition)
	}
	ip := y.InternalPower[0]
	if ip.RelatedPin != "A" || ip.RisePower.Lookup(2, 15) != 1 || ip.FallPower.Lookup(2, 15) != 2 {
		t.Errorf("internal power %+v", ip)
	}

	tbuf := lib.Cell("TBUF")
	ty := tbuf.Pin("Y")
	if ty.ThreeState != "EN'" || ty.ThreeStateFunc.String() != "!EN" {
		t.Errorf("three_state %q %v", ty.ThreeState, ty.ThreeStateFunc)
	}
	dff := lib.Cell("DFF")
	if !dff.Sequential || dff.Area != 6 || !dff.Pin("CK").Clock || dff.Pin("Q").Function.String() != "IQ" {
		t.Errorf("DFF %+v", dff)
	}
	if lib.Cell("NOPE") != nil || nand.Pin("Z") != nil {
		t.Error("lookup of missing names should give nil")
	}
}

func checkTable(t *testing.T, name string, tb *Table, i1, i2 []float64, vals [][]float64) {
	t.Helper()
	if tb == nil {
		t.Errorf("%s: nil table", name)
		return
	}
	eq := func(a, b []float64) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if a[i] != b[i] {
				return false
			}
		}
		return true
	}
	ok := eq(tb.Index1, i1) && eq(tb.Index2, i2) && len(tb.Values) == len(vals)
	for i := 0; ok && i < len(vals); i++ {
		ok = eq(tb.Values[i], vals[i])
	}
	if !ok {
		t.Errorf("%s: got %v %v %v, want %v %v %v", name, tb.Index1, tb.Index2, tb.Values, i1, i2, vals)
	}
}

// TestSyntaxVariants checks small sources for the syntax forms real files
// use, each against the value it must produce.
func TestSyntaxVariants(t *testing.T) {
	tests := []struct {
		name, src string
		area      float64
	}{
		{"compact", `library(l){cell(c){area:2;}}`, 2},
		{"brace on next line", "library(l)\n{\ncell(c)\n{\narea : 3;\n}\n}\n", 3},
		{"line comment", "library(l) { // x ;{\ncell(c) { area : 4 ; } }", 4},
		{"block comment inside value list", `library(l) { cell(c) { area : /* } */ 5 ; } }`, 5},
		{"missing semicolon at line end", "library(l) {\ncell(c) {\narea : 6\n}\n}", 6},
		{"quoted number", `library(l) { cell(c) { area : "7" ; } }`, 7},
		{"continuation in attribute", "library(l) { cell(c) { area : \\\n 8 ; } }", 8},
		{"CRLF line ends", "library(l) {\r\ncell(c) {\r\narea : 9;\r\n}\r\n}\r\n", 9},
		{"exponent", `library(l) { cell(c) { area : 1e1 ; } }`, 10},
		{"group with trailing semicolon", `library(l) { cell(c) { area : 11 ; } ; }`, 11},
		{"unknown nested groups", `library(l) { cell(c) { foo(x) { bar(y) { baz : "q" ; } } area : 12 ; } }`, 12},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lib, err := Parse("x.lib", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if c := lib.Cell("c"); c == nil || c.Area != tc.area {
				t.Fatalf("cell c = %+v, want area %g", c, tc.area)
			}
		})
	}
}

// TestErrors checks error messages of small sources.
func TestErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"empty", "", "x.lib:1:1: no library group"},
		{"not a library", "cell(c) { }", `x.lib:1:1: expected library group at top level, found cell`},
		{"two libraries", "library(a){}\nlibrary(b){}", "x.lib:2:1: more than one library group"},
		{"unterminated comment", "library(a){ /* x", "x.lib:1:13: comment not terminated\nx.lib:1:17: missing \"}\" to close group library opened at line 1 col 11"},
		{"stray backslash", `library(a){ area : 1 \ ; }`, `x.lib:1:22: stray backslash (only allowed before a line break)`},
		{"bad unit", `library(a){ time_unit : "1 parsec" ; }`, `x.lib:1:25: bad unit "1 parsec" for time_unit`},
		{"bad cap unit", `library(a){ capacitive_load_unit (1, nf) ; }`, `x.lib:1:38: bad unit "nf" for capacitive_load_unit (want pf or ff)`},
		{"duplicate cell", "library(a){\ncell(c){}\ncell(c){}\n}", "x.lib:3:1: cell c defined twice (first at line 2)"},
		{"duplicate pin", "library(a){ cell(c){ pin(A){} pin(A){} } }", "x.lib:1:35: pin A defined twice in cell c"},
		{"3-D table", "library(a){ cell(c){ pin(Y){ timing(){ cell_rise(scalar){ index_3(\"1\"); values(\"1\"); } } } } }", "x.lib:1:59: 3-D tables are not supported"},
		{"ragged rows", "library(a){ lu_table_template(t){ index_1(\"1,2\"); index_2(\"1,2\"); }\n" +
			"cell(c){ pin(Y){ timing(){ cell_rise(t){ values(\"1,2\",\"3\"); } } } } }", "x.lib:2:55: cell_rise: row 2 has 1 values for 2 index_2 points"},
		{"bad boolean", "library(a){ cell(c){ pin(A){ clock : maybe ; } } }", `x.lib:1:38: bad boolean "maybe" for clock (want true or false)`},
		{"infinite number", "library(a){ cell(c){ area : 1e999 ; } }", `x.lib:1:29: bad number "1e999" for area`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("x.lib", []byte(tc.src))
			if err == nil || err.Error() != tc.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, tc.want)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	deep := strings.Repeat("g(x){", 100000) // far deeper than maxDepth
	_, err := Parse("deep.lib", []byte("library(l){"+deep))
	if err == nil || !strings.Contains(err.Error(), "groups nested deeper than 64") {
		t.Errorf("deep nesting: %v", err)
	}
	// Many errors are capped.
	_, err = Parse("many.lib", []byte("library(l){"+strings.Repeat("; ", 1000)+"}"))
	var list ErrorList
	if !errors.As(err, &list) || len(list) != maxErrors+1 || !strings.Contains(list[maxErrors].Msg, "too many errors") {
		t.Errorf("error cap: %d errors: %v", len(list), err)
	}
	fnDeep := "library(l){ cell(c){ pin(Y){ function : \"" + strings.Repeat("(", 5000) + "\"; } } }"
	if _, err := Parse("fn.lib", []byte(fnDeep)); err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Errorf("deep function: %v", err)
	}
}

func TestParsePartialResult(t *testing.T) {
	// A library with one bad cell still returns the good cells.
	lib, err := Parse("x.lib", []byte("library(l){ cell(a){ area : x ; } cell(b){ area : 2 ; } }"))
	if err == nil || lib == nil || lib.Cell("b") == nil || lib.Cell("b").Area != 2 {
		t.Errorf("lib %+v, err %v", lib, err)
	}
}

func sharedDir(t testing.TB) string {
	d := testshared.Root()
	if d == "" {
		t.Skip("AXMUL_SHARED not set")
	}
	return d
}

func parseShared(t testing.TB, name string) *Library {
	path := filepath.Join(sharedDir(t), "cells", name)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("AXMUL_SHARED set but %v", err)
	}
	lib, err := ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// TestSharedLibraries checks the two shared Liberty files against values
// read from them with grep (the line numbers are in the comments).
func TestSharedLibraries(t *testing.T) {
	type pinCap struct {
		cell, pin           string
		cap, rise, fall, mx float64
	}
	tests := []struct {
		file         string
		name         string
		cells, seq   int // grep -c "cell *(" ; cells with ff/latch groups
		nomV, nomT   float64
		areas, leaks map[string]float64
		caps         []pinCap
	}{
		{
			file: "gscl45nm.lib", name: "gscl45nm", cells: 31, seq: 4, nomV: 1.1, nomT: 27,
			// gscl45nm.lib lines 2697-98, 2217-18, 3026-27, 3604-05 (and gscl45nm_summary.txt)
			areas: map[string]float64{"HAX1": 4.693, "FAX1": 8.9167, "INVX1": 1.4079, "MUX2X1": 3.7544, "DFFSR": 10.3246},
			leaks: map[string]float64{"HAX1": 47.5649, "FAX1": 39.2104, "INVX1": 1.74163, "MUX2X1": 18.5503, "DFFSR": 108.613},
			caps: []pinCap{
				{"HAX1", "A", 0.00458382, 0.00458382, 0.0039615, math.NaN()},  // lines 2701-2703
				{"FAX1", "C", 0.00821878, 0.00821878, 0.00706451, math.NaN()}, // lines 2233-2235
				{"INVX1", "Y", 0, 0, 0, 0.238796},                             // lines 3036-3039
				{"HAX1", "YC", 0, 0, 0, 0.222356},                             // lines 2713-2716
			},
		},
		{
			file: "osu018_stdcells.lib", name: "osu018_stdcells", cells: 32, seq: 4, nomV: 1.8, nomT: 25,
			// osu018_stdcells.lib lines 2640-41, 2196-97, 2945-46, 3304-05
			areas: map[string]float64{"HAX1": 80, "FAX1": 120, "INVX1": 16, "LATCH": 0, "OAI22X1": 40},
			leaks: map[string]float64{"HAX1": 0.161137, "FAX1": 0.230647, "INVX1": 0.0221741, "LATCH": 0.103166},
			caps: []pinCap{
				{"HAX1", "A", 0.0247171, 0.0246331, 0.0247171, math.NaN()}, // lines 2644-2646
				{"FAX1", "B", 0.05692, 0.05692, 0.0549316, math.NaN()},     // lines 2206-2208
				{"INVX1", "Y", 0, 0, 0, 0.503808},                          // lines 2955-2958
			},
		},
	}
	same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			lib := parseShared(t, tc.file)
			if lib.Name != tc.name || len(lib.Cells) != tc.cells {
				t.Errorf("library %q with %d cells, want %q with %d", lib.Name, len(lib.Cells), tc.name, tc.cells)
			}
			// Both files: time_unit "1ns", leakage_power_unit "1nW",
			// voltage_unit "1V", capacitive_load_unit (1,pf) (lines 14-19).
			if lib.TimeUnitNS() != 1 || lib.LeakageUnitW() != 1e-9 || lib.VoltageUnitV() != 1 || lib.CapUnitPF() != 1 || lib.CurrentUnitA() != 1e-6 {
				t.Errorf("units %q %q %q %+v %q", lib.TimeUnit, lib.LeakagePowerUnit, lib.VoltageUnit, lib.CapacitiveLoadUnit, lib.CurrentUnit)
			}
			if lib.NomVoltage != tc.nomV || lib.NomTemperature != tc.nomT || lib.NomProcess != 1 {
				t.Errorf("nominal %g V %g C %g", lib.NomVoltage, lib.NomTemperature, lib.NomProcess)
			}
			seq := 0
			for _, c := range lib.Cells {
				if c.Sequential {
					seq++
				}
			}
			if seq != tc.seq {
				t.Errorf("%d sequential cells, want %d", seq, tc.seq)
			}
			for name, a := range tc.areas {
				if c := lib.Cell(name); c == nil || c.Area != a {
					t.Errorf("%s area %+v, want %g", name, c, a)
				}
			}
			for name, l := range tc.leaks {
				if c := lib.Cell(name); c == nil || c.Leakage != l {
					t.Errorf("%s leakage %+v, want %g", name, c, l)
				}
			}
			for _, pc := range tc.caps {
				p := lib.Cell(pc.cell).Pin(pc.pin)
				if p == nil || !same(p.Capacitance, pc.cap) || !same(p.RiseCapacitance, pc.rise) || !same(p.FallCapacitance, pc.fall) || !same(p.MaxCapacitance, pc.mx) {
					t.Errorf("%s/%s = %+v, want %+v", pc.cell, pc.pin, p, pc)
				}
			}
			// Every timing and power table of every cell is well-formed.
			for _, c := range lib.Cells {
				for _, p := range c.Pins {
					for _, tm := range p.Timing {
						for _, tb := range []*Table{tm.CellRise, tm.CellFall, tm.RiseTransition, tm.FallTransition, tm.RiseConstraint, tm.FallConstraint} {
							if tb != nil && math.IsNaN(tb.Lookup(0.1, 0.1)) {
								t.Errorf("%s/%s: malformed table %+v", c.Name, p.Name, tb)
							}
						}
					}
				}
			}
		})
	}
}

// TestSharedGSCLTable checks one NLDM table of gscl45nm.lib, lines 2718-2731
// (HAX1 pin YC, timing related to B, cell_rise).
func TestSharedGSCLTable(t *testing.T) {
	lib := parseShared(t, "gscl45nm.lib")
	yc := lib.Cell("HAX1").Pin("YC")
	tm := yc.Timing[0]
	if tm.RelatedPin != "B" || tm.TimingSense != "positive_unate" {
		t.Fatalf("timing %+v", tm)
	}
	cr := tm.CellRise
	if cr.Template != "delay_template_6x6" || len(cr.Values) != 6 || len(cr.Values[5]) != 6 {
		t.Fatalf("cell_rise %+v", cr)
	}
	// Row 2 (index_1 0.5), column 3 (index_2 0.48): 1.5621; last value 15.4627.
	if v := cr.Lookup(0.5, 0.48); v != 1.5621 {
		t.Errorf("Lookup(0.5, 0.48) = %g, want 1.5621", v)
	}
	if v := cr.Values[5][5]; v != 15.4627 {
		t.Errorf("Values[5][5] = %g, want 15.4627", v)
	}
	if len(yc.InternalPower) != 2 || yc.InternalPower[0].RisePower == nil {
		t.Errorf("internal power %+v", yc.InternalPower)
	}
}

// TestSharedFunctions checks that every combinational output pin of both
// shared libraries has a function, and that each function equals a reference
// written independently in Go for the cell.
func TestSharedFunctions(t *testing.T) {
	type env = func(string) bool
	ref := map[string]func(v env) bool{
		"AND2X1/Y":  func(v env) bool { return v("A") && v("B") },
		"AND2X2/Y":  func(v env) bool { return v("A") && v("B") },
		"AOI21X1/Y": func(v env) bool { return !(v("A") && v("B") || v("C")) },
		"AOI22X1/Y": func(v env) bool { return !(v("A") && v("B") || v("C") && v("D")) },
		"BUFX2/Y":   func(v env) bool { return v("A") },
		"BUFX4/Y":   func(v env) bool { return v("A") },
		"CLKBUF1/Y": func(v env) bool { return v("A") },
		"CLKBUF2/Y": func(v env) bool { return v("A") },
		"CLKBUF3/Y": func(v env) bool { return v("A") },
		"FAX1/YC":   func(v env) bool { return b2i(v("A"))+b2i(v("B"))+b2i(v("C")) >= 2 },
		"FAX1/YS":   func(v env) bool { return (b2i(v("A"))+b2i(v("B"))+b2i(v("C")))%2 == 1 },
		"HAX1/YC":   func(v env) bool { return v("A") && v("B") },
		"HAX1/YS":   func(v env) bool { return v("A") != v("B") },
		"INVX1/Y":   func(v env) bool { return !v("A") },
		"INVX2/Y":   func(v env) bool { return !v("A") },
		"INVX4/Y":   func(v env) bool { return !v("A") },
		"INVX8/Y":   func(v env) bool { return !v("A") },
		// MUX2X1 is an inverting mux: Y = !(S ? A : B).
		"MUX2X1/Y":  func(v env) bool { return !map[bool]bool{true: v("A"), false: v("B")}[v("S")] },
		"NAND2X1/Y": func(v env) bool { return !(v("A") && v("B")) },
		"NAND3X1/Y": func(v env) bool { return !(v("A") && v("B") && v("C")) },
		"NOR2X1/Y":  func(v env) bool { return !(v("A") || v("B")) },
		"NOR3X1/Y":  func(v env) bool { return !(v("A") || v("B") || v("C")) },
		"OAI21X1/Y": func(v env) bool { return !((v("A") || v("B")) && v("C")) },
		"OR2X1/Y":   func(v env) bool { return v("A") || v("B") },
		"OR2X2/Y":   func(v env) bool { return v("A") || v("B") },
		"TBUFX1/Y":  func(v env) bool { return !v("A") },
		"TBUFX2/Y":  func(v env) bool { return !v("A") },
		"XNOR2X1/Y": func(v env) bool { return v("A") == v("B") },
		"XOR2X1/Y":  func(v env) bool { return v("A") != v("B") },
		"OAI22X1/Y": func(v env) bool { return !((v("A") || v("B")) && (v("C") || v("D"))) }, // osu018 only
	}
	// Combinational outputs: 27 cells (29 outputs: FAX1 and HAX1 have two)
	// in gscl45nm.lib, 28 cells (30 outputs) in osu018_stdcells.lib
	// (gscl45nm_summary.txt; grep "function :" minus the 4 sequential cells).
	for file, want := range map[string]int{"gscl45nm.lib": 29, "osu018_stdcells.lib": 30} {
		t.Run(file, func(t *testing.T) { checkFunctions(t, parseShared(t, file), ref, want) })
	}
	// TBUFX1: three_state "(!EN)" (gscl45nm.lib line 5318).
	lib := parseShared(t, "gscl45nm.lib")
	if ts := lib.Cell("TBUFX1").Pin("Y").ThreeStateFunc; ts == nil || ts.String() != "!EN" {
		t.Errorf("TBUFX1 three_state %v", ts)
	}
}

// checkFunctions compares every combinational output function of lib with
// ref over all input combinations.
func checkFunctions(t *testing.T, lib *Library, ref map[string]func(func(string) bool) bool, want int) {
	checked := 0
	for _, c := range lib.Cells {
		if c.Sequential {
			continue
		}
		ins := c.Inputs()
		for _, p := range c.Outputs() {
			key := c.Name + "/" + p.Name
			if p.Function == nil {
				t.Errorf("%s has no function", key)
				continue
			}
			f := ref[key]
			if f == nil {
				t.Errorf("%s: no reference function in the test", key)
				continue
			}
			for m := 0; m < 1<<len(ins); m++ {
				v := func(name string) bool {
					for i, in := range ins {
						if in.Name == name {
							return m>>i&1 == 1
						}
					}
					t.Fatalf("%s: function reads %s, not an input", key, name)
					return false
				}
				if got, want := p.Function.Eval(v), f(v); got != want {
					t.Errorf("%s (%s) minterm %b: %v, want %v", key, p.FunctionText, m, got, want)
				}
			}
			checked++
		}
	}
	if checked != want {
		t.Errorf("checked %d outputs, want %d", checked, want)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestSharedAllFunctionsParse parses every function and three_state string
// of both shared files directly with ParseFunction (independently of Parse)
// and checks the round trip through String.
func TestSharedAllFunctionsParse(t *testing.T) {
	dir := sharedDir(t)
	re := regexp.MustCompile(`(?m)^\s*(function|three_state)\s*:\s*"([^"]*)"`)
	n := 0
	for _, f := range []string{"gscl45nm.lib", "osu018_stdcells.lib"} {
		src, err := os.ReadFile(filepath.Join(dir, "cells", f))
		if err != nil {
			t.Fatalf("AXMUL_SHARED set but %v", err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			e, err := ParseFunction(m[2])
			if err != nil {
				t.Errorf("%s: %q: %v", f, m[2], err)
				continue
			}
			checkRoundTrip(t, e)
			n++
		}
	}
	// grep -c 'function :' (67) plus 'three_state :' (4) over both files.
	if n != 71 {
		t.Errorf("parsed %d function strings, want 71", n)
	}
}

func BenchmarkParseGSCL45(b *testing.B) {
	path := filepath.Join(sharedDir(b), "cells", "gscl45nm.lib")
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatalf("AXMUL_SHARED set but %v", err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(path, src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseSmall(b *testing.B) {
	src, err := os.ReadFile("testdata/small.lib")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Parse("small.lib", src); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLookupAfterHandEdits(t *testing.T) {
	lib := parseTestdata(t, "tiny.lib")
	// Cells and pins appended by hand are found too.
	lib.Cells = append(lib.Cells, &Cell{Name: "NEW", Pins: []*Pin{{Name: "Z"}}})
	if c := lib.Cell("NEW"); c == nil || c.Pin("Z") == nil {
		t.Errorf("hand-added cell or pin not found: %+v", c)
	}
	if lib.Cell("INV") == nil || lib.Cell("INV").Pin("A") == nil {
		t.Error("parsed cell INV or pin A not found")
	}
	var nilLib *Library
	if nilLib.Cell("INV") != nil || (*Cell)(nil).Pin("A") != nil || (*Cell)(nil).Inputs() != nil {
		t.Error("nil receivers should give nil")
	}
}
