package gen

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/evoapprox"
	"github.com/axmul/axmul/gen/param"
)

// writeEvoDir writes a flat EvoApprox-like folder: the named built-in 8x8
// circuits, each with a made-up published power of 1 uW per gate
// and an area of 100 um2, plus the tiny 2x2 circuits.
func writeEvoDir(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		s, ok := param.Lookup(n)
		if !ok {
			t.Fatalf("no built-in %s", n)
		}
		head := "// PDK45_PWR = " + madeUpPower(s) + " mW\n// PDK45_AREA = 100.0 um2\n"
		if err := os.WriteFile(filepath.Join(dir, n+".v"), append([]byte(head), s.Verilog()...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"mul2u_apx.v", "mul2u_exact.v"} {
		data, err := os.ReadFile(filepath.Join(tinyDir, f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), data, 0o644)
	}
	return dir
}

// power is the made-up published power of a built-in circuit, in mW.
func madeUpPower(s param.Spec) string { return fmt.Sprintf("%.3f", float64(s.Gates())/1000) }

// TestBundleLibrary checks metric choice, 8x8 candidates and notes.
func TestBundleLibrary(t *testing.T) {
	names := []string{"mul8u_trunc4", "mul8s_trunc6c"}
	out, _ := buildTiny(t, BuildOptions{Source: writeEvoDir(t, names...)})
	b := mustOpenBundle(t, out)
	tests := []struct {
		metric string
		want   func(e BundleEntry) float64
		err    string
	}{
		{"power", func(e BundleEntry) float64 { return e.Published["power_mw"].Value }, ""},
		{"", func(e BundleEntry) float64 { return e.Published["power_mw"].Value }, ""},
		{"area", func(e BundleEntry) float64 { return 100 }, ""},
		{"gates", func(e BundleEntry) float64 { return float64(e.Gates) }, ""},
		{"mae", func(e BundleEntry) float64 { return e.Metrics.MAE }, ""},
		{"wce", func(e BundleEntry) float64 { return float64(e.Metrics.WCE) }, ""},
		{"delay", nil, "has no published delay_ns"},
		{"published:mae", nil, "has no published mae"},
		{"published:power", func(e BundleEntry) float64 { return e.Published["power_mw"].Value }, ""},
		{"mean_error", nil, "want non-negative"},
		{"bogus", nil, `unknown metric "bogus"`},
	}
	for _, tc := range tests {
		t.Run(tc.metric, func(t *testing.T) {
			lib, err := b.Library(tc.metric)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			cs, _ := lib.Candidates()
			var got []string
			for _, c := range cs {
				got = append(got, c.Name)
				e, _ := b.Entry(c.Name)
				if c.Metric != tc.want(e) {
					t.Errorf("%s: metric %v, want %v", c.Name, c.Metric, tc.want(e))
				}
			}
			if !slices.Equal(got, []string{"mul8s_trunc6c", "mul8u_trunc4"}) {
				t.Errorf("candidates %v", got)
			}
			notes := lib.(*Library).Notes()
			if len(notes) != 2 || !strings.Contains(notes[0], "mul2u_apx: 2x2") {
				t.Errorf("notes %q", notes)
			}
			if _, err := lib.ErrorMap("mul2u_apx"); err == nil {
				t.Error("error map of a non-candidate: no error")
			}
		})
	}
	// A bundle of 2x2 circuits only: nothing to select.
	tiny, _ := buildTiny(t, BuildOptions{})
	if _, err := mustOpenBundle(t, tiny).Library("power"); err == nil || !strings.Contains(err.Error(), "no 8x8 multiplier") {
		t.Errorf("tiny bundle library: %v", err)
	}
}

// TestEvoApproxLibrary checks selection straight from a checkout against
// the models and against a bundle built from the same folder.
func TestEvoApproxLibrary(t *testing.T) {
	names := []string{"mul8u_drum4", "mul8s_bam_h1v7", "mul8u_mitchell"}
	for _, n := range names {
		if _, ok := param.Lookup(n); !ok {
			t.Skipf("no built-in %s", n)
		}
	}
	dir := writeEvoDir(t, names...)
	lib, err := EvoApproxLibrary(dir, "power", EvoApproxOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := lib.Candidates()
	if len(cs) != 3 {
		t.Fatalf("candidates %v", cs)
	}
	out, _ := buildTiny(t, BuildOptions{Source: dir})
	b := mustOpenBundle(t, out)
	for _, c := range cs {
		s, _ := param.Lookup(c.Name)
		if want := float64(s.Gates()) / 1000; bundleAbsF(c.Metric-want) > 1e-12 {
			t.Errorf("%s: power %v, want %v", c.Name, c.Metric, want)
		}
		em, err := lib.ErrorMap(c.Name)
		if err != nil {
			t.Fatal(err)
		}
		model, _ := errmap.FromFunc(8, 8, s.Signed, s.Model())
		want, _ := model.Int8()
		if !sameErrMap(em, want) {
			t.Errorf("%s: simulated int8 map differs from the model", c.Name)
		}
		again, _ := lib.ErrorMap(c.Name)
		if again != em {
			t.Errorf("%s: map not cached", c.Name)
		}
		bm, err := b.Int8Map(c.Name)
		if err != nil || !sameErrMap(bm, em) {
			t.Errorf("%s: bundle int8 map differs (%v)", c.Name, err)
		}
	}
	if notes := lib.(*Library).Notes(); len(notes) != 2 {
		t.Errorf("notes %q", notes)
	}
	for _, tc := range []struct{ metric, want string }{{"bogus", "unknown metric"}, {"delay", "no published delay_ns"}} {
		if _, err := EvoApproxLibrary(dir, tc.metric, EvoApproxOptions{}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("metric %s: error %v, want %q", tc.metric, err, tc.want)
		}
	}
	if _, err := EvoApproxLibrary(t.TempDir(), "power", EvoApproxOptions{}); err == nil {
		t.Error("empty folder: no error")
	}
}

func bundleAbsF(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestBuildSharedV2022 builds the 8x8 unsigned circuits of the shared
// EvoApproxLib checkout and checks count, published power and metrics.
func TestBuildSharedV2022(t *testing.T) {
	dir := sharedDir(t, "evoapprox/v2022")
	cat, err := evoapprox.Open(dir)
	if cat == nil {
		t.Fatal(err)
	}
	// Independent count: generic netlists named mul8u_* in the group folder.
	files, _ := filepath.Glob(filepath.Join(dir, "8x8_unsigned", "mul8u_*.v"))
	want := 0
	for _, f := range files {
		if !strings.HasSuffix(f, "_pdk45.v") {
			want++
		}
	}
	out, sum := buildTiny(t, BuildOptions{Source: dir, Filter: "mul8u"})
	if sum.Circuits != want || want == 0 {
		t.Fatalf("%d circuits, want %d", sum.Circuits, want)
	}
	b := mustOpenBundle(t, out)
	for _, e := range b.Entries() {
		p, ok := e.Published[evoapprox.KeyPower]
		if !ok || p.Unit != "mW" || p.Value < 0 { // mul8u_TD3 prints 0.000 mW
			t.Errorf("%s: published power %+v", e.Name, p)
		}
		en, _ := cat.Lookup(e.Name)
		// Computed MAE and EP% agree with the published figures at their
		// printed precision (the header test covers every figure).
		for key, v := range map[string]float64{evoapprox.KeyMAE: e.Metrics.MAE, evoapprox.KeyEPPct: e.Metrics.EPPct} {
			if f, ok := en.Figure(key); ok && !f.Matches(v) {
				t.Errorf("%s: %s = %v, published %s", e.Name, key, v, f.Text)
			}
		}
		if e.Files.Int8LUT == "" || e.Files.Int8ErrorMap == "" || e.Signed {
			t.Errorf("%s: files %+v", e.Name, e.Files)
		}
	}
	lib, err := b.Library("power")
	if err != nil {
		t.Fatal(err)
	}
	if cs, _ := lib.Candidates(); len(cs) != want {
		t.Errorf("%d candidates, want %d", len(cs), want)
	}

	// Straight from the checkout: every 8x8 circuit, signed ones included;
	// simulated maps equal the bundle's.
	evo, err := EvoApproxLibrary(dir, "power", EvoApproxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	signed, _ := filepath.Glob(filepath.Join(dir, "8x8_signed", "mul8s_*.v"))
	for _, f := range signed {
		if !strings.HasSuffix(f, "_pdk45.v") {
			want++
		}
	}
	cs, _ := evo.Candidates()
	if len(cs) != want {
		t.Errorf("EvoApproxLibrary: %d candidates, want %d", len(cs), want)
	}
	for _, e := range b.Entries()[:3] {
		em, err := evo.ErrorMap(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		bm, err := b.Int8Map(e.Name)
		if err != nil || !sameErrMap(em, bm) {
			t.Errorf("%s: EvoApproxLibrary map differs from the bundle's (%v)", e.Name, err)
		}
	}
}

// BenchmarkBuild8b builds the 505-circuit EvoApprox8b bundle.
func BenchmarkBuild8b(b *testing.B) {
	dir := sharedDir(b, "evoapprox/8b")
	var n int
	for b.Loop() {
		out := filepath.Join(b.TempDir(), "lib")
		sum, err := Build(context.Background(), BuildOptions{Source: dir, Out: out})
		if err != nil {
			b.Fatal(err)
		}
		n = sum.Circuits
	}
	b.ReportMetric(float64(n), "circuits")
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "circuits/s")
}

// TestBuildSharedPDK45 builds a circuit and its standard-cell twin with
// the shared Liberty cells: both entries have the same maps.
func TestBuildSharedPDK45(t *testing.T) {
	dir := sharedDir(t, "evoapprox/v2022")
	lib, err := liberty.ParseFile(filepath.Join(sharedDir(t, "cells"), "gscl45nm.lib"))
	if err != nil {
		t.Fatal(err)
	}
	out, sum := buildTiny(t, BuildOptions{Source: dir, Filter: "mul8u_1JJQ", Cells: verilog.LibertyCells(lib)})
	if sum.Circuits != 2 {
		t.Fatalf("%d circuits, want mul8u_1JJQ and its twin", sum.Circuits)
	}
	b := mustOpenBundle(t, out)
	es := b.Entries()
	if es[0].Name != "mul8u_1JJQ" || es[1].Name != "mul8u_1JJQ_pdk45" || es[1].File != "8x8_unsigned/mul8u_1JJQ_pdk45.v" || es[1].Signed {
		t.Fatalf("entries %+v", es)
	}
	m0, err0 := b.ErrorMap(es[0].Name)
	m1, err1 := b.ErrorMap(es[1].Name)
	if err0 != nil || err1 != nil || !sameErrMap(m0, m1) {
		t.Errorf("twin maps differ (%v, %v)", err0, err1)
	}
	// mul8u_1JJQ is the accurate multiplier (published MAE 0).
	exact, _ := errmap.FromFunc(8, 8, false, func(a, b int64) int64 { return a * b })
	if !sameErrMap(m0, exact) {
		t.Error("mul8u_1JJQ is not exact")
	}
	// Without cells the twin is skipped.
	_, sum = buildTiny(t, BuildOptions{Source: dir, Filter: "mul8u_1JJQ"})
	if sum.Circuits != 1 {
		t.Errorf("%d circuits without cells, want 1", sum.Circuits)
	}
}
