package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits/hw"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/internal/testshared"
	"github.com/axmul/axmul/selection"
)

const tinyLibPath = "../../circuits/hw/testdata/tiny.lib"

// runHwJSON runs axmul hw --format json with args and decodes the records.
func runHwJSON(t *testing.T, args ...string) []hwRecord {
	t.Helper()
	var stdout, stderr bytes.Buffer
	full := append([]string{"hw", "--liberty", tinyLibPath, "--format", "json"}, args...)
	if code := run(context.Background(), full, &stdout, &stderr); code != 0 {
		t.Fatalf("axmul %s: exit %d: %s", strings.Join(full, " "), code, stderr.String())
	}
	var recs []hwRecord
	if err := json.Unmarshal(stdout.Bytes(), &recs); err != nil {
		t.Fatal(err)
	}
	return recs
}

// tinyCell is the area (um²) and leakage (nW) of the tiny.lib cells the
// test circuits map to, read off circuits/hw/testdata/tiny.lib.
var tinyCell = map[string]struct{ area, leakNW float64 }{
	"INVX1":   {1, 1},
	"AND2X1":  {2, 2},
	"AOI22X1": {3, 3},
	"HAX1":    {5, 5},
	"FAX1":    {9, 9},
}

func TestHwAreaByHand(t *testing.T) {
	// The golden case hw_table by hand, with tiny.lib:
	//   mul2u_kulkarni: O0 = A0&B0 and O2 = A1&B1 are AND2X1 (2 + 2);
	//     O1 = A1&B0 | A0&B1 is cheapest as INVX1(AOI22X1) (1 + 3; two
	//     ANDs and an OR would be 6); O3 = 0 is a free tie-off: area 8.
	//   mul2u_exact: four partial products AND2X1 (4 x 2); the sum and
	//     carry pairs (p01^p10, p01&p10) and (p11^c1, p11&c1) become two
	//     HAX1 (2 x 5): area 18.
	// Leakage: in tiny.lib these cells leak their area in nW.
	tests := []struct {
		file  string
		area  float64
		cells map[string]int
	}{
		{"testdata/mul2u_kulkarni.v", 8, map[string]int{"AND2X1": 2, "AOI22X1": 1, "INVX1": 1}},
		{"testdata/mul2u_exact.v", 18, map[string]int{"AND2X1": 4, "HAX1": 2}},
	}
	for _, tc := range tests {
		recs := runHwJSON(t, tc.file)
		if len(recs) != 1 {
			t.Fatalf("%s: %d records", tc.file, len(recs))
		}
		r := recs[0]
		area, leak, n := 0.0, 0.0, 0
		for cell, k := range r.CellCounts {
			c, ok := tinyCell[cell]
			if !ok {
				t.Fatalf("%s: unexpected cell %s", tc.file, cell)
			}
			area += float64(k) * c.area
			leak += float64(k) * c.leakNW * 1e-6
			n += k
			if tc.cells[cell] != k {
				t.Errorf("%s: %d %s, want %d", tc.file, k, cell, tc.cells[cell])
			}
		}
		if r.AreaUm2 != tc.area || area != tc.area || r.Cells != n {
			t.Errorf("%s: area %g (cells sum to %g), %d cells (%d counted); want %g", tc.file, r.AreaUm2, area, r.Cells, n, tc.area)
		}
		// Sums of a few exactly representable terms: 1e-12 relative.
		if math.Abs(r.LeakageMW-leak) > 1e-12*leak {
			t.Errorf("%s: leakage %g mW, want %g", tc.file, r.LeakageMW, leak)
		}
		if d := r.PowerMW - (r.SwitchingMW + r.InternalMW + r.LeakageMW); math.Abs(d) > 1e-12*r.PowerMW {
			t.Errorf("%s: power %g != switching + internal + leakage (off by %g)", tc.file, r.PowerMW, d)
		}
		if r.FrequencyMHz != 1000 || r.Voltage != 1 || r.Vectors != 1<<16 || r.Activity != "uniform" {
			t.Errorf("%s: defaults %g MHz, %g V, %d vectors, %s; want 1000 MHz, tiny.lib's nom_voltage 1 V, 65536, uniform",
				tc.file, r.FrequencyMHz, r.Voltage, r.Vectors, r.Activity)
		}
	}
}

func TestHwMatchesEstimateCost(t *testing.T) {
	// The CLI's defaults are those of hw.EstimateCost with nil options.
	lib, err := liberty.ParseFile(tinyLibPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"testdata/mul2u_exact.v", "testdata/hw_nets/mul8s_t.v"} {
		c, err := gen.Load(file, gen.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := hw.EstimateCost(c.Netlist, lib, nil)
		if err != nil {
			t.Fatal(err)
		}
		r := runHwJSON(t, file)[0]
		if r.AreaUm2 != want.AreaUm2 || r.DelayNs != want.DelayNs || r.PowerMW != want.PowerMW ||
			r.SwitchingMW != want.SwitchingMW || r.InternalMW != want.InternalMW || r.LeakageMW != want.LeakageMW ||
			r.Cells != want.Cells || r.CriticalOutput != want.CriticalOutput {
			t.Errorf("%s: CLI %+v\nEstimateCost %+v", file, r, want)
		}
	}
}

func TestHwOperatingPoint(t *testing.T) {
	// Same stream, 500 MHz and 0.5 V instead of 1000 MHz and 1 V: the
	// switching power scales by f·V² (1/8), the internal power too
	// (energies scale by (V/Vnom)², times f), leakage stays.
	base := runHwJSON(t, "--vectors", "2048", "testdata/mul2u_exact.v")[0]
	low := runHwJSON(t, "--vectors", "2048", "--freq", "500", "--voltage", "0.5", "testdata/mul2u_exact.v")[0]
	// A few float operations: 1e-12 relative.
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Abs(b) }
	if !near(low.SwitchingMW, base.SwitchingMW/8) || !near(low.InternalMW, base.InternalMW/8) || low.LeakageMW != base.LeakageMW {
		t.Errorf("500 MHz, 0.5 V: %+v\nbase: %+v", low, base)
	}
}

func TestHwLayerActivity(t *testing.T) {
	// Constant operands (layer const: activations all 5, weights all -7):
	// nothing toggles, the power is the leakage alone.
	for _, r := range runHwJSON(t, "--activity", "testdata/hw_model/model.json:const", "testdata/hw_nets") {
		if r.SwitchingMW != 0 || r.InternalMW != 0 || r.MeanToggleRate != 0 || r.PowerMW != r.LeakageMW || !(r.LeakageMW > 0) {
			t.Errorf("%s under constant operands: %+v", r.Name, r)
		}
	}
	// Operands in -3..3 (layer small): an unsigned multiplier sees
	// magnitudes 0..3 and switches far less than under uniform operands;
	// a signed one sees two's complement, where -1..-3 set all high bits,
	// and switches more than the unsigned one.
	small := runHwJSON(t, "--vectors", "8192", "--activity", "testdata/hw_model/model.json:small", "testdata/hw_nets")
	uni := runHwJSON(t, "--vectors", "8192", "testdata/hw_nets")
	if small[0].Name != "mul8s_t" || small[1].Name != "mul8u_t" {
		t.Fatalf("order %s, %s", small[0].Name, small[1].Name)
	}
	s, u := small[0], small[1]
	if !(u.DynamicMW < 0.25*uni[1].DynamicMW) {
		t.Errorf("unsigned: small operands %g mW, uniform %g mW: want less than a quarter", u.DynamicMW, uni[1].DynamicMW)
	}
	if !(s.MeanToggleRate > 5*u.MeanToggleRate) {
		t.Errorf("small operands: signed toggle rate %g, unsigned %g: want the signed one far higher", s.MeanToggleRate, u.MeanToggleRate)
	}
}

func TestHwParallelDeterministic(t *testing.T) {
	// The same records whatever the number of workers.
	args := []string{"--vectors", "1024", "testdata/hw_nets", "testdata/mul2u_exact.v", "testdata/mul2u_kulkarni.v"}
	one := runHwJSON(t, append([]string{"--jobs", "1"}, args...)...)
	four := runHwJSON(t, append([]string{"--jobs", "4"}, args...)...)
	a, _ := json.Marshal(one)
	b, _ := json.Marshal(four)
	if !bytes.Equal(a, b) || len(one) != 4 {
		t.Errorf("--jobs 1 and --jobs 4 differ or miss records:\n%s\n%s", a, b)
	}
}

// runOK runs axmul with args and returns stdout, failing on a non-zero
// exit.
func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("axmul %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
	}
	return stdout.String()
}

func TestGenLibertySelectLayerPower(t *testing.T) {
	// gen --liberty records estimated figures; select falls back to
	// est_power_mw without published power; --metric layer_power rates
	// every candidate per layer with exactly the figures of
	// 'axmul hw --activity MODEL.json:LAYER' (same defaults and seed).
	tmp := t.TempDir()
	lib := filepath.Join(tmp, "lib")
	runOK(t, "gen", "--from", "testdata/hw_nets", "-o", lib, "--liberty", tinyLibPath)
	b, err := gen.OpenBundle(lib)
	if err != nil {
		t.Fatal(err)
	}
	uni := map[string]hwRecord{}
	for _, r := range runHwJSON(t, "testdata/hw_nets") {
		uni[r.Name] = r
	}
	for _, e := range b.Entries() {
		r := uni[e.Name]
		if e.Estimated == nil || e.Estimated.AreaUm2 != r.AreaUm2 || e.Estimated.DelayNs != r.DelayNs || e.Estimated.PowerMW != r.PowerMW {
			t.Errorf("%s: bundle estimate %+v, axmul hw %+v", e.Name, e.Estimated, r)
		}
	}
	const model = "testdata/hw_model/model.json"
	out := runOK(t, "select", "--model", model, "--library", lib)
	if !strings.Contains(out, "metric est_power_mw") {
		t.Errorf("default metric of a bundle with estimates only:\n%s", out)
	}
	res := filepath.Join(tmp, "res.json")
	out = runOK(t, "select", "--model", model, "--library", lib, "--liberty", tinyLibPath, "--metric", "layer_power", "-o", res)
	if !strings.Contains(out, "chosen by layer_power") {
		t.Errorf("select output:\n%s", out)
	}
	r, err := selection.ReadResult(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range r.Layers {
		recs := runHwJSON(t, "--activity", model+":"+l.Name, "testdata/hw_nets")
		if len(l.MulMetrics) != len(recs) {
			t.Fatalf("layer %s: mul_metrics %v", l.Name, l.MulMetrics)
		}
		for _, h := range recs {
			if got := l.MulMetrics[h.Name]; got != h.PowerMW {
				t.Errorf("layer %s, %s: select %g mW, axmul hw %g mW", l.Name, h.Name, got, h.PowerMW)
			}
		}
		// Both circuits are exact, so both fit: the cheaper one wins.
		want := "mul8u_t"
		if l.MulMetrics["mul8s_t"] <= l.MulMetrics["mul8u_t"] {
			want = "mul8s_t"
		}
		if l.MultiplierName != want || l.MultiplierPerformanceMetric != l.MulMetrics[want] {
			t.Errorf("layer %s: chose %s at %g, want %s (%v)", l.Name, l.MultiplierName, l.MultiplierPerformanceMetric, want, l.MulMetrics)
		}
	}
}

func TestEvoApproxLayerPower(t *testing.T) {
	// On real data: a bundle of the 37 unsigned 8x8 EvoApproxLib v2022
	// circuits built with gscl45nm, and selection on the committed
	// 3-layer model by per-layer power. Every layer takes the fitting
	// candidate of least estimated power under its operands.
	root := testshared.Root()
	if root == "" {
		t.Skip("AXMUL_SHARED not set")
	}
	src := filepath.Join(root, "evoapprox", "v2022")
	cells := filepath.Join(root, "cells", "gscl45nm.lib")
	for _, p := range []string{src, cells} {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("AXMUL_SHARED is set but %v", err)
		}
	}
	tmp := t.TempDir()
	lib, res := filepath.Join(tmp, "LIB"), filepath.Join(tmp, "result.json")
	runOK(t, "gen", "--from", src, "--filter", "mul8u", "-o", lib, "--liberty", cells)
	b, err := gen.OpenBundle(lib)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range b.Entries() {
		// Some circuits are constants (mul8u_TD3: no cell, no power).
		if h := e.Estimated; h == nil || h.PowerMW < 0 || (h.Cells > 0) != (h.PowerMW > 0) {
			t.Fatalf("%s: estimated %+v", e.Name, e.Estimated)
		}
	}
	out := runOK(t, "select", "--model", "testdata/evomodel/model.json", "--library", lib, "--samples", "all",
		"--liberty", cells, "--metric", "layer_power", "-o", res)
	t.Log(out)
	r, err := selection.ReadResult(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range r.Layers {
		if len(l.MulMetrics) != len(l.MulStds) || len(l.MulMetrics) < 37 {
			t.Fatalf("layer %s: %d metrics, %d stds", l.Name, len(l.MulMetrics), len(l.MulStds))
		}
		for name, v := range l.MulMetrics {
			if l.MulStds[name] <= l.MaxStd && v < l.MultiplierPerformanceMetric {
				t.Errorf("layer %s: %s fits at %g mW, below the chosen %s at %g mW", l.Name, name, v, l.MultiplierName, l.MultiplierPerformanceMetric)
			}
		}
	}
}

// TestGenPortsSelectLayerPower builds the same circuit twice, once with
// standard ports (ports-bao.v) and once with ports X, Y, Z whose first
// declared input plays B (ports-swapped.v, gen --ports X,Y,Z): select
// --metric layer_power, which reloads each bundle's netlist, rates both
// the same on every layer, and equal to `axmul hw --ports X,Y,Z --activity`
// on the file, whose JSON records how it was read.
func TestGenPortsSelectLayerPower(t *testing.T) {
	tmp := t.TempDir()
	const model = "testdata/hw_model/model.json"
	// Each folder also holds an exact multiplier with the same port names
	// (--ports applies to every netlist), so that every layer has a
	// multiplier that fits.
	layerPower := func(file, exact string, extra ...string) (string, map[string]float64) {
		src := filepath.Join(tmp, strings.TrimSuffix(file, ".v"))
		if err := os.MkdirAll(src, 0o755); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "foreign", file))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, file), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, "mul8u_exact.v"), []byte(exact), 0o644); err != nil {
			t.Fatal(err)
		}
		lib := src + ".lib"
		runOK(t, append([]string{"gen", "--from", src, "-o", lib}, extra...)...)
		res := filepath.Join(tmp, file+".res.json")
		runOK(t, "select", "--model", model, "--library", lib, "--liberty", tinyLibPath, "--metric", "layer_power", "-o", res)
		r, err := selection.ReadResult(res)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(file, ".v")
		out := map[string]float64{}
		for _, l := range r.Layers {
			out[l.Name] = l.MulMetrics[name]
		}
		return filepath.Join(src, file), out
	}
	_, std := layerPower("ports-bao.v", "module mul8u_exact(input [7:0] A, input [7:0] B, output [15:0] O); assign O = A * B; endmodule\n")
	file, swp := layerPower("ports-swapped.v", "module mul8u_exact(input [7:0] Y, input [7:0] X, output [15:0] Z); assign Z = X * Y; endmodule\n", "--ports", "X,Y,Z")
	if len(std) == 0 {
		t.Fatal("no layers")
	}
	for l, p := range std {
		if !(p > 0) || swp[l] != p {
			t.Errorf("layer %s: standard ports %g mW, --ports X,Y,Z %g mW: want the same", l, p, swp[l])
		}
		recs := runHwJSON(t, "--ports", "X,Y,Z", "--activity", model+":"+l, file)
		if len(recs) != 1 {
			t.Fatalf("hw: %d records", len(recs))
		}
		h := recs[0]
		if h.PowerMW != p {
			t.Errorf("layer %s: hw --ports X,Y,Z %g mW, select %g mW", l, h.PowerMW, p)
		}
		if h.SignedFrom != gen.SignFromDefault || h.Ports != (gen.EntryPorts{A: "X", B: "Y", O: "Z"}) || h.ORange != "[15:0]" || len(h.Ties) != 0 {
			t.Errorf("hw record: signed_from %q ports %+v o_range %q ties %q", h.SignedFrom, h.Ports, h.ORange, h.Ties)
		}
	}
}
