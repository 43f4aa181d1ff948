package gen

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits/hw"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/selection"
)

// hwTinyLib parses the hand-made Liberty library of circuits/hw.
func hwTinyLib(t *testing.T) *liberty.Library {
	t.Helper()
	lib, err := liberty.ParseFile(filepath.Join("..", "circuits", "hw", "testdata", "tiny.lib"))
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// layerOf returns a layer of fan-in 1 whose activations are acts and
// weights wts.
func layerOf(name string, acts, wts []int8) selection.Layer {
	return selection.Layer{Name: name, FanIn: 1, Out: len(wts), OpCount: 1, MaxNoise: 1, Features: acts, Weights: wts}
}

// powerLibrary builds a bundle of three built-in 8x8 circuits and returns
// its Library by gate count, with layer power enabled (tiny.lib, 8192
// vectors).
func powerLibrary(t *testing.T) (*Bundle, *Library, string) {
	t.Helper()
	src := writeEvoDir(t, "mul8u_exact", "mul8s_exact", "mul8u_trunc4")
	out, _ := buildTiny(t, BuildOptions{Source: src})
	b := mustOpenBundle(t, out)
	sl, err := b.Library("gates")
	if err != nil {
		t.Fatal(err)
	}
	lib := sl.(*Library)
	if _, err := lib.LayerMetric(&selection.Layer{Name: "x"}, "mul8u_exact"); err == nil || !strings.Contains(err.Error(), "needs a Liberty library") {
		t.Errorf("LayerMetric before EnableLayerPower: %v", err)
	}
	if err := lib.EnableLayerPower(LayerPowerOptions{Liberty: hwTinyLib(t), Vectors: 8192, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	return b, lib, src
}

func TestLayerPower(t *testing.T) {
	_, lib, src := powerLibrary(t)
	tiny := hwTinyLib(t)
	small := make([]int8, 200)
	for i := range small {
		small[i] = int8(i%7 - 3) // -3..3
	}
	wide := make([]int8, 256)
	for i := range wide {
		wide[i] = int8(i - 128) // every int8 value once
	}
	constant := layerOf("constant", []int8{5, 5, 5}, []int8{-7, -7})
	narrow := layerOf("narrow", small, small[:10])
	uniform := layerOf("uniform", wide, wide)
	for _, name := range []string{"mul8u_exact", "mul8s_exact", "mul8u_trunc4"} {
		c, err := Load(filepath.Join(src, name+".v"), LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		cost, err := hw.EstimateCost(c.Netlist, tiny, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Constant operands: nothing switches, the power is the leakage
		// (independent of the stimulus; sums of the same terms).
		pc, err := lib.LayerMetric(&constant, name)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(pc-cost.LeakageMW) > 1e-12*cost.LeakageMW {
			t.Errorf("%s, constant operands: %g mW, want the leakage %g mW", name, pc, cost.LeakageMW)
		}
		pn, err := lib.LayerMetric(&narrow, name)
		if err != nil {
			t.Fatal(err)
		}
		pu, err := lib.LayerMetric(&uniform, name)
		if err != nil {
			t.Fatal(err)
		}
		// Every int8 value equally likely is uniform operands for a signed
		// circuit: the estimate is within a few percent of the datasheet
		// estimate with uniform random operands (8192 vectors each:
		// statistical spread about 1%; 5% allowed).
		if c.Signed && math.Abs(pu-cost.PowerMW) > 0.05*cost.PowerMW {
			t.Errorf("%s, uniform int8: %g mW, uniform operands %g mW", name, pu, cost.PowerMW)
		}
		// An unsigned circuit sees magnitudes 0..3 of the narrow layer:
		// far less switching than with all values; a signed one sees
		// two's complement, where -1..-3 set every high bit.
		if !c.Signed && !(pn-pc < 0.25*(pu-pc)) {
			t.Errorf("%s: dynamic power narrow %g mW, all values %g mW: want less than a quarter", name, pn-pc, pu-pc)
		}
		if c.Signed && !(pn-pc > 0.25*(pu-pc)) {
			t.Errorf("%s: dynamic power narrow %g mW, all values %g mW: want more than a quarter", name, pn-pc, pu-pc)
		}
		// The documented recipe by hand: hw.Int8Stimulus over the layer's
		// histograms, 8192 vectors, seed 3.
		act, _ := errmap.NewDist(narrow.Features)
		wts, _ := errmap.NewDist(narrow.Weights)
		if p := powerByHand(t, c, tiny, act, wts); p != pn {
			t.Errorf("%s, narrow: LayerMetric %g mW, by hand %g mW", name, pn, p)
		}
	}
	if _, err := lib.LayerMetric(&narrow, "mul2u_exact"); err == nil || !strings.Contains(err.Error(), "not a candidate") {
		t.Errorf("non-candidate: %v", err)
	}
	bad := layerOf("bad", nil, []int8{1})
	if _, err := lib.LayerMetric(&bad, "mul8u_exact"); err == nil || !strings.Contains(err.Error(), "layer bad: features") {
		t.Errorf("layer without features: %v", err)
	}
}

func TestLayerPowerSelection(t *testing.T) {
	// Selection with per-layer power records, per layer, each candidate's
	// LayerMetric, and picks the cheapest that fits.
	_, lib, _ := powerLibrary(t)
	layers, err := selection.LoadModel(filepath.Join("..", "testdata", "model", "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := selection.SelectMultipliers(layers, lib, selection.Options{LayerMetric: true, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for j, l := range res.Layers {
		if len(l.MulMetrics) != 3 {
			t.Fatalf("layer %s: mul_metrics %v", l.Name, l.MulMetrics)
		}
		for name, v := range l.MulMetrics {
			want, err := lib.LayerMetric(&layers[j], name)
			if err != nil {
				t.Fatal(err)
			}
			if v != want {
				t.Errorf("layer %s, %s: recorded %g, LayerMetric %g", l.Name, name, v, want)
			}
			if l.MulStds[name] <= l.MaxStd && v < l.MultiplierPerformanceMetric {
				t.Errorf("layer %s: %s fits at %g mW but %s was chosen at %g mW", l.Name, name, v, l.MultiplierName, l.MultiplierPerformanceMetric)
			}
		}
	}
}

func TestLayerPowerSources(t *testing.T) {
	b, lib, src := powerLibrary(t)
	l := layerOf("l", []int8{1, -2, 3, -4}, []int8{2, 5})
	want, err := lib.LayerMetric(&l, "mul8u_trunc4")
	if err != nil {
		t.Fatal(err)
	}
	// The same circuit straight from the folder: the same estimate.
	evo, err := EvoApproxLibrary(src, "power", EvoApproxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	el := evo.(*Library)
	if err := el.EnableLayerPower(LayerPowerOptions{Liberty: hwTinyLib(t), Vectors: 8192, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	if got, err := el.LayerMetric(&l, "mul8u_trunc4"); err != nil || got != want {
		t.Errorf("EvoApprox library: %g, %v; bundle %g", got, err, want)
	}
	// A netlist changed after the build is refused.
	p := filepath.Join(src, "mul8u_exact.v")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, append(data, "\n// edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := lib.LayerMetric(&l, "mul8u_exact"); err == nil || !strings.Contains(err.Error(), "sha256 differs") {
		t.Errorf("edited netlist: %v", err)
	}
	// Options are checked.
	sl, _ := b.Library("gates")
	for _, o := range []LayerPowerOptions{{}, {Liberty: hwTinyLib(t), Vectors: 1}, {Liberty: hwTinyLib(t), FrequencyGHz: math.NaN()}, {Liberty: hwTinyLib(t), Voltage: -1}} {
		if err := sl.(*Library).EnableLayerPower(o); err == nil {
			t.Errorf("EnableLayerPower(%+v): no error", o)
		}
	}
}

func TestLayerPowerPort(t *testing.T) {
	// LayerMetricPort B drives port A with the weights and port B with the
	// activations (by hand), and the selection rates each candidate in the
	// orientation it uses for it: B under --orientation B, the recorded
	// MulPorts entry under best.
	_, lib, src := powerLibrary(t)
	tiny := hwTinyLib(t)
	acts := make([]int8, 300)
	for i := range acts {
		acts[i] = int8(i%5 - 2) // narrow activations
	}
	wts := make([]int8, 256)
	for i := range wts {
		wts[i] = int8(i - 128) // every weight value
	}
	l := layerOf("skew", acts, wts)
	name := "mul8u_trunc4"
	c, err := Load(filepath.Join(src, name+".v"), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	da, _ := errmap.NewDist(l.Features)
	dw, _ := errmap.NewDist(l.Weights)
	byHand := func(onA, onB errmap.Dist) float64 { return powerByHand(t, c, tiny, onA, onB) }
	pa, err := lib.LayerMetricPort(&l, name, selection.PortA)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := lib.LayerMetricPort(&l, name, selection.PortB)
	if err != nil {
		t.Fatal(err)
	}
	if want := byHand(da, dw); pa != want {
		t.Errorf("port A: %g mW, by hand %g mW", pa, want)
	}
	if want := byHand(dw, da); pb != want {
		t.Errorf("port B: %g mW, by hand %g mW", pb, want)
	}
	if pa == pb {
		t.Errorf("ports A and B give the same power %g mW on a truncated circuit with skewed operands", pa)
	}
	if p0, err := lib.LayerMetric(&l, name); err != nil || p0 != pa {
		t.Errorf("LayerMetric = %g, %v; want port A's %g", p0, err, pa)
	}
	if _, err := lib.LayerMetricPort(&l, name, "C"); err == nil || !strings.Contains(err.Error(), "activation port") {
		t.Errorf("port C: %v", err)
	}

	layers, err := selection.LoadModel(filepath.Join("..", "testdata", "model", "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, orient := range []string{selection.OrientationB, selection.OrientationBest} {
		res, err := selection.SelectMultipliers(layers, lib, selection.Options{LayerMetric: true, Seed: 1, Orientation: orient})
		if err != nil {
			t.Fatal(err)
		}
		for j, rl := range res.Layers {
			for cand, v := range rl.MulMetrics {
				port := selection.PortB
				if orient == selection.OrientationBest {
					port = rl.MulPorts[cand]
				}
				want, err := lib.LayerMetricPort(&layers[j], cand, port)
				if err != nil {
					t.Fatal(err)
				}
				if v != want {
					t.Errorf("%s, layer %s, %s: recorded %g mW, LayerMetricPort(%s) %g mW", orient, rl.Name, cand, v, port, want)
				}
			}
		}
	}
}

// powerByHand is the documented layer-power recipe done by hand: c mapped
// onto lib, hw.Int8Stimulus with onA at port A and onB at port B, 8192
// vectors, seed 3 (powerLibrary's settings).
func powerByHand(t *testing.T, c *Circuit, lib *liberty.Library, onA, onB errmap.Dist) float64 {
	t.Helper()
	m, err := hw.Map(c.Netlist, lib)
	if err != nil {
		t.Fatal(err)
	}
	stim, err := hw.Int8Stimulus(c.Netlist, onA, onB, c.Signed, 3)
	if err != nil {
		t.Fatal(err)
	}
	o := m.DefaultPowerOptions()
	o.Vectors, o.Stimulus = 8192, stim
	p, err := m.Power(o)
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}
