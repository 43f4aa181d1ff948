package gen

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits/hw"
)

func TestBuildEstimatedHW(t *testing.T) {
	tiny := hwTinyLib(t)
	out, sum := buildTiny(t, BuildOptions{Liberty: tiny, Jobs: 2})
	if sum.Circuits != 4 || len(sum.Failures) != 0 {
		t.Fatalf("summary %+v", sum)
	}
	b := mustOpenBundle(t, out)
	for _, e := range b.Entries() {
		h := e.Estimated
		if h == nil {
			t.Fatalf("%s: no estimated figures", e.Name)
		}
		// The figures are hw.EstimateCost's with its defaults.
		c, err := Load(filepath.Join(tinyDir, e.File), LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := hw.EstimateCost(c.Netlist, tiny, nil)
		if err != nil {
			t.Fatal(err)
		}
		if h.Library != "tiny" || h.Cells != want.Cells || h.AreaUm2 != want.AreaUm2 || h.DelayNs != want.DelayNs ||
			h.PowerMW != want.PowerMW || h.FrequencyGHz != 1 || h.Voltage != 1 || h.Vectors != 1<<16 {
			t.Errorf("%s: estimated %+v, EstimateCost %+v", e.Name, *h, *want)
		}
	}
	// By hand, with tiny.lib: mul2u_apx is O0 = A0&B0 and O2 = A1&B1
	// (AND2X1, area 2 each), O1 = A1&B0 | A0&B1 as INVX1(AOI22X1) (1 + 3),
	// O3 = 0 a free tie-off: 8 um², 4 cells.
	if e, _ := b.Entry("mul2u_apx"); e.Estimated.AreaUm2 != 8 || e.Estimated.Cells != 4 {
		t.Errorf("mul2u_apx: %+v, want 8 um² in 4 cells", *e.Estimated)
	}
	// The estimated keys are metrics of the bundle's Library, apart from
	// the published ones; est_power_mw of the index by hand.
	raw, err := os.ReadFile(filepath.Join(out, IndexFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"est_area_um2": 8,`, `"est_power_mw": `, `"est_delay_ns": `, `"power_mw"`} {
		if !bytes.Contains(raw, []byte(k)) {
			t.Errorf("index.json lacks %s", k)
		}
	}
	// A second build gives the same bytes.
	out2, _ := buildTiny(t, BuildOptions{Liberty: tiny, Jobs: 1})
	raw2, err := os.ReadFile(filepath.Join(out2, IndexFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, raw2) {
		t.Error("two builds with a Liberty library differ")
	}
}

func TestLibraryEstimatedMetrics(t *testing.T) {
	src := writeEvoDir(t, "mul8u_exact", "mul8u_trunc4")
	out, _ := buildTiny(t, BuildOptions{Source: src, Liberty: hwTinyLib(t)})
	b := mustOpenBundle(t, out)
	for _, key := range []string{"est_area_um2", "est_delay_ns", "est_power_mw"} {
		lib, err := b.Library(key)
		if err != nil {
			t.Fatal(err)
		}
		cs, _ := lib.Candidates()
		if len(cs) != 2 {
			t.Fatalf("%s: candidates %v", key, cs)
		}
		for _, c := range cs {
			e, _ := b.Entry(c.Name)
			want, _ := estimatedMetric(e.Estimated, key)
			if c.Metric != want || !(want > 0) {
				t.Errorf("%s: %s = %v, index %v", key, c.Name, c.Metric, want)
			}
		}
	}
	// Truncating four product bits saves area and power.
	lib, _ := b.Library("est_power_mw")
	cs, _ := lib.Candidates()
	if !(cs[1].Metric < cs[0].Metric) || cs[1].Name != "mul8u_trunc4" {
		t.Errorf("est_power_mw %v: want mul8u_trunc4 below mul8u_exact", cs)
	}
	// Without estimates the keys are refused with a hint, and the index
	// has no "estimated" field.
	plain, _ := buildTiny(t, BuildOptions{Source: src})
	pb := mustOpenBundle(t, plain)
	if _, err := pb.Library("est_power_mw"); err == nil || !strings.Contains(err.Error(), "axmul gen --liberty") {
		t.Errorf("bundle without estimates: %v", err)
	}
	if _, err := pb.Library("published:est_power_mw"); err == nil {
		t.Error("published:est_power_mw accepted")
	}
	raw, _ := os.ReadFile(filepath.Join(plain, IndexFile))
	if bytes.Contains(raw, []byte("estimated")) {
		t.Error("index without Liberty mentions estimated figures")
	}
}
