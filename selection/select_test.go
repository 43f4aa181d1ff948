package selection

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat"

	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/evoapprox"
	"github.com/axmul/axmul/internal/safego"
)

// naiveOutputs returns Features @ Weights by a triple loop in int64.
func naiveOutputs(l *Layer) []float64 {
	out := make([]float64, l.Rows()*l.Out)
	for r := range l.Rows() {
		for j := range l.Out {
			var s int64
			for k := range l.FanIn {
				s += int64(l.Features[r*l.FanIn+k]) * int64(l.Weights[k*l.Out+j])
			}
			out[r*l.Out+j] = float64(s)
		}
	}
	return out
}

func loadTestModel(t *testing.T) []Layer {
	t.Helper()
	layers, err := LoadModel(filepath.Join(testModelDir, "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	return layers
}

func TestSelectTestdataModel(t *testing.T) {
	layers := loadTestModel(t)
	lib := sgnLibrary(t)
	for _, opts := range []Options{{}, {Samples: AllSamples}, {Samples: 7, Seed: 99, Workers: 1}} {
		res, err := SelectMultipliers(layers, lib, opts)
		if err != nil {
			t.Fatal(err)
		}
		// One layer admits only exact, one sgn1 and sgn4 (sgn4 is cheaper),
		// one everything (sgn16 is cheapest).
		want := []string{"exact", "sgn4", "sgn16"}
		for j, l := range res.Layers {
			if l.MultiplierName != want[j] {
				t.Errorf("opts %+v: layer %s: chose %s, want %s", opts, l.Name, l.MultiplierName, want[j])
			}
		}
		for j := range layers {
			l := &layers[j]
			info := res.Layers[j]
			// max_std = np.std(outputs)·max_noise, outputs recomputed naively
			// and the std taken by gonum: 1e-12 covers float64 summation.
			_, std := stat.PopMeanStdDev(naiveOutputs(l), nil)
			if !scalar.EqualWithinAbsOrRel(info.MaxStd, std*l.MaxNoise, 0, 1e-12) {
				t.Errorf("layer %s: max_std %v, want %v", l.Name, info.MaxStd, std*l.MaxNoise)
			}
			for name, d := range map[string]float64{"exact": 0, "sgn1": 1, "sgn4": 4, "sgn16": 16} {
				// sgnD predicts exactly D·sqrt(fanIn); 1e-9 covers the
				// float64 sums over 256² map entries.
				want := d * math.Sqrt(float64(l.FanIn))
				if got := info.MulStds[name]; !scalar.EqualWithinAbsOrRel(got, want, 1e-9, 1e-9) {
					t.Errorf("layer %s: mul_stds[%s] = %v, want %v", l.Name, name, got, want)
				}
			}
			if info.OpCount != l.OpCount {
				t.Errorf("layer %s: opcount %v, want %v", l.Name, info.OpCount, l.OpCount)
			}
		}
		if res.MetricMax != 10 || res.OpCount != 2304+6144+4096 {
			t.Errorf("metric_max %v opcount %v, want 10 and 12544", res.MetricMax, res.OpCount)
		}
		// By hand: (2304·10/10 + 6144·3/10 + 4096·1/10) / 12544.
		wantRel := (2304 + 1843.2 + 409.6) / 12544
		if got := res.RelativeEnergyConsumption(); !scalar.EqualWithinAbsOrRel(got, wantRel, 0, 1e-14) {
			t.Errorf("relative energy %v, want %v", got, wantRel)
		}
	}
}

func TestLoadModelReadsOutputsAnyOrder(t *testing.T) {
	layers := loadTestModel(t)
	// conv1 stores its outputs as int32 [N, C, P]; conv2 has none; fc as
	// float64 [rows, out]. The std must equal that of Features @ Weights.
	for i := range layers {
		l := &layers[i]
		if (l.Outputs == nil) != (l.Name == "conv2") {
			t.Errorf("layer %s: outputs loaded = %v", l.Name, l.Outputs != nil)
		}
		got, err := l.OutputStd()
		if err != nil {
			t.Fatal(err)
		}
		_, want := stat.PopMeanStdDev(naiveOutputs(l), nil)
		if !scalar.EqualWithinAbsOrRel(got, want, 0, 1e-12) {
			t.Errorf("layer %s: std(outputs) %v, want %v", l.Name, got, want)
		}
	}
	if layers[1].Rows() != 48 || layers[1].Out != 8 {
		t.Errorf("conv2: rows %d out %d, want 48 and 8", layers[1].Rows(), layers[1].Out)
	}
}

// refPopulationStd is an independent transcription of agnapprox's
// population_prediction followed by mul_std *= fan_in: per sampled row a
// histogram, the single-distribution mean and std/sqrt(fanIn), then Eq. 15
// and 16, times fanIn.
func refPopulationStd(em *errmap.ErrorMap, l *Layer, rows []int) float64 {
	var e [256][256]float64 // e[x+128][w+128], read through the public accessor
	for xi := range 256 {
		for wi := range 256 {
			v, _ := em.Error(int64(xi-128), int64(wi-128))
			e[xi][wi] = float64(v)
		}
	}
	var q [256]float64
	for _, w := range l.Weights {
		q[int(w)+128]++
	}
	for i := range q {
		q[i] /= float64(len(l.Weights))
	}
	var sumM, sumM2S2 float64
	for _, r := range rows {
		var p [256]float64
		for _, x := range l.Features[r*l.FanIn : (r+1)*l.FanIn] {
			p[int(x)+128] += 1 / float64(l.FanIn)
		}
		mean := 0.0
		for xi := range 256 {
			if p[xi] == 0 {
				continue
			}
			for wi := range 256 {
				mean += e[xi][wi] * p[xi] * q[wi]
			}
		}
		v := 0.0
		for xi := range 256 {
			if p[xi] == 0 {
				continue
			}
			for wi := range 256 {
				d := e[xi][wi] - mean
				v += d * d * p[xi] * q[wi]
			}
		}
		s := math.Sqrt(v) / math.Sqrt(float64(l.FanIn))
		sumM += mean
		sumM2S2 += mean*mean + s*s
	}
	n := float64(len(rows))
	return math.Sqrt((sumM2S2-sumM*sumM/n)/n) * float64(l.FanIn)
}

// randomMap returns a map with errors drawn uniformly from -spread..spread.
func randomMap(t testing.TB, seed uint64, spread int64) *errmap.ErrorMap {
	rng := rand.New(rand.NewPCG(seed, 1))
	em, err := errmap.FromFunc(8, 8, true, func(x, w int64) int64 {
		return x*w + rng.Int64N(2*spread+1) - spread
	})
	if err != nil {
		t.Fatal(err)
	}
	return em
}

func TestPredictionMatchesAgnapproxReference(t *testing.T) {
	layers := DemoModel()
	var lib MapLibrary
	maps := map[string]*errmap.ErrorMap{"r10": randomMap(t, 1, 10), "r300": randomMap(t, 2, 300), "sgn5": sgnMap(t, 5)}
	for name, em := range maps {
		if err := lib.Add(name, 1, em); err != nil {
			t.Fatal(err)
		}
	}
	for _, samples := range []int{40, AllSamples} {
		for i := range layers {
			l := &layers[i]
			if samples == AllSamples && l.Rows() > 100 {
				l = &Layer{Name: l.Name, FanIn: l.FanIn, Out: l.Out, MaxNoise: 1e9, OpCount: 1,
					Features: l.Features[:100*l.FanIn], Weights: l.Weights}
			}
			l.MaxNoise = 1e9
			opts := Options{Samples: samples, Seed: 5}
			info, err := SelectLayerMultiplier(l, &lib, opts)
			if err != nil {
				t.Fatal(err)
			}
			wd, _ := errmap.NewDist(l.Weights)
			pop, err := errmap.NewPopulation(l.Features, l.FanIn, wd, samples, opts.Seed)
			if err != nil {
				t.Fatal(err)
			}
			for name, em := range maps {
				want := refPopulationStd(em, l, pop.Rows())
				// The Gram-matrix form and the per-row loops round differently;
				// 1e-9 relative is far above float64 noise on 256² terms.
				if got := info.MulStds[name]; !scalar.EqualWithinAbsOrRel(got, want, 1e-9, 1e-9) {
					t.Errorf("samples %d layer %s map %s: std %v, reference %v", samples, l.Name, name, got, want)
				}
			}
		}
	}
}

// TestFeatureDependentError checks the population aggregation and the fan_in
// scaling with an error that depends on the activation only, e(x, w) = x:
// sample s has mean mu_s and variance var_s (its feature row's mean and
// variance), so the output std is
// fanIn·sqrt(mean(mu_s²) - mean(mu_s)² + mean(var_s)/fanIn).
func TestFeatureDependentError(t *testing.T) {
	em, err := errmap.FromFunc(8, 8, true, func(x, w int64) int64 { return x*w + x })
	if err != nil {
		t.Fatal(err)
	}
	var lib MapLibrary
	if err := lib.Add("plusx", 1, em); err != nil {
		t.Fatal(err)
	}
	for _, l := range loadTestModel(t) {
		l.MaxNoise = 1e9
		info, err := SelectLayerMultiplier(&l, &lib, Options{Samples: AllSamples})
		if err != nil {
			t.Fatal(err)
		}
		var mus, vars []float64
		for r := range l.Rows() {
			row := int8sToFloats(l.Features[r*l.FanIn : (r+1)*l.FanIn])
			mu, sd := stat.PopMeanStdDev(row, nil)
			mus = append(mus, mu)
			vars = append(vars, sd*sd)
		}
		_, sdMu := stat.PopMeanStdDev(mus, nil)
		want := float64(l.FanIn) * math.Sqrt(sdMu*sdMu+stat.Mean(vars, nil)/float64(l.FanIn))
		if got := info.MulStds["plusx"]; !scalar.EqualWithinAbsOrRel(got, want, 1e-9, 1e-9) {
			t.Errorf("layer %s: std %v, want %v", l.Name, got, want)
		}
	}
}

func TestSelectionRule(t *testing.T) {
	layers := loadTestModel(t)
	fc := &layers[2] // admits every sgn map (max_std = 32·sqrt(32))
	tests := []struct {
		name  string
		cands []struct {
			name   string
			d      int64
			metric float64
		}
		want string
	}{
		{"lowest metric wins", []struct {
			name   string
			d      int64
			metric float64
		}{{"a", 0, 5}, {"b", 1, 2}, {"c", 4, 3}}, "b"},
		{"tie: later name wins", []struct {
			name   string
			d      int64
			metric float64
		}{{"b", 4, 2}, {"a", 1, 2}, {"c", 0, 7}}, "b"},
		{"too noisy is skipped", []struct {
			name   string
			d      int64
			metric float64
		}{{"a", 0, 5}, {"b", 1000, 1}}, "a"},
		{"byte order: Z before a", []struct {
			name   string
			d      int64
			metric float64
		}{{"a", 1, 1}, {"Z", 1, 1}}, "a"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var lib MapLibrary
			for _, c := range tc.cands {
				if err := lib.Add(c.name, c.metric, sgnMap(t, c.d)); err != nil {
					t.Fatal(err)
				}
			}
			info, err := SelectLayerMultiplier(fc, &lib, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if info.MultiplierName != tc.want {
				t.Errorf("chose %s, want %s (stds %v, max_std %v)", info.MultiplierName, tc.want, info.MulStds, info.MaxStd)
			}
		})
	}
}

func TestSelectionErrors(t *testing.T) {
	layers := loadTestModel(t)
	noisy := func() *MapLibrary {
		var lib MapLibrary
		lib.Add("sgn1000", 1, sgnMap(t, 1000))
		return &lib
	}
	tests := []struct {
		name   string
		layers []Layer
		lib    Library
		opts   Options
		want   string
	}{
		{"none fits", layers[:1], noisy(), Options{}, "layer conv1: no multiplier fits"},
		{"empty library", layers, &MapLibrary{}, Options{}, "empty search space"},
		{"no layers", nil, noisy(), Options{}, "no layers"},
		{"bad samples", layers, noisy(), Options{Samples: -5}, "Samples"},
		{"zero opcount", []Layer{{Name: "z", FanIn: 1, Out: 1, Features: []int8{1}, Weights: []int8{1}}}, noisy(), Options{}, "total opcount"},
		{"duplicate layer", []Layer{layers[0], layers[0]}, sgnLibrary(t), Options{}, "duplicate layer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := SelectMultipliers(tc.layers, tc.lib, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := SelectLayerMultiplier(&layers[0], noisy(), Options{}); err == nil {
		t.Error("SelectLayerMultiplier: no error when nothing fits")
	}
	var lib MapLibrary
	for _, tc := range []struct {
		name   string
		metric float64
		em     *errmap.ErrorMap
		want   string
	}{
		{"", 1, sgnMap(t, 1), "empty"},
		{"x", math.NaN(), sgnMap(t, 1), "metric"},
		{"x", -1, sgnMap(t, 1), "metric"},
		{"x", 1, nil, "nil"},
	} {
		if err := lib.Add(tc.name, tc.metric, tc.em); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Add(%q, %v): error %v, want one containing %q", tc.name, tc.metric, err, tc.want)
		}
	}
	lib.Add("x", 1, sgnMap(t, 1))
	if err := lib.Add("x", 1, sgnMap(t, 1)); err == nil {
		t.Error("Add of a duplicate name succeeded")
	}
}

func TestSelectDoesNotModifyLayers(t *testing.T) {
	layers := DemoModel()
	if _, err := SelectMultipliers(layers, sgnLibrary(t), Options{}); err != nil {
		t.Fatal(err)
	}
	for _, l := range layers {
		if l.Outputs != nil {
			t.Errorf("layer %s: Outputs filled in by the selection", l.Name)
		}
	}
}

// fakeEvo is a minimal evoapprox.Library.
type fakeEvo struct {
	cands []evoapprox.Candidate
	err   error
}

func (f *fakeEvo) Name() string { return "fake" }

func (f *fakeEvo) SearchSpace(metric string) ([]evoapprox.Candidate, error) {
	if f.err != nil {
		return nil, f.err
	}
	out := make([]evoapprox.Candidate, len(f.cands))
	for i, c := range f.cands {
		c.Metric = metric
		out[i] = c
	}
	return out, nil
}

func TestFromEvoApprox(t *testing.T) {
	evo := &fakeEvo{cands: []evoapprox.Candidate{{Name: "sgn16", Value: 1}, {Name: "exact", Value: 10}, {Name: "sgn4", Value: 3}}}
	d := map[string]int64{"exact": 0, "sgn4": 4, "sgn16": 16}
	load := func(name string) (*errmap.ErrorMap, error) {
		v, ok := d[name]
		if !ok {
			return nil, errors.New("no such netlist")
		}
		return sgnMap(t, v), nil
	}
	lib := FromEvoApprox(evo, evoapprox.KeyPower, load)
	res, err := SelectMultipliers(loadTestModel(t), lib, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// As with sgnLibrary, without sgn1: conv2 (ratio 8) takes sgn4.
	for j, want := range []string{"exact", "sgn4", "sgn16"} {
		if got := res.Layers[j].MultiplierName; got != want {
			t.Errorf("layer %d: %s, want %s", j, got, want)
		}
	}
	if _, err := lib.ErrorMap("mul8s_XXX"); err == nil || !strings.Contains(err.Error(), "mul8s_XXX") || !strings.Contains(err.Error(), "no such netlist") {
		t.Errorf("unknown map: error %v", err)
	}
	evo.err = errors.New("boom")
	if _, err := SelectMultipliers(loadTestModel(t), lib, Options{}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("search space error: %v", err)
	}
}

// failingLibrary lists candidates whose maps cannot be loaded.
type failingLibrary struct{ MapLibrary }

func (f *failingLibrary) ErrorMap(name string) (*errmap.ErrorMap, error) {
	if name == "broken" {
		return nil, errors.New("simulation failed")
	}
	return f.MapLibrary.ErrorMap(name)
}

func TestSelectionLibraryErrors(t *testing.T) {
	var lib failingLibrary
	lib.Add("exact", 1, sgnMap(t, 0))
	lib.Add("broken", 1, sgnMap(t, 0))
	_, err := SelectMultipliers(loadTestModel(t), &lib, Options{})
	if err == nil || !strings.Contains(err.Error(), "simulation failed") {
		t.Errorf("error %v, want the load failure", err)
	}
	// A 4x4 map has no int8 domain.
	var small MapLibrary
	em, _ := errmap.FromFunc(4, 4, false, func(a, b int64) int64 { return a * b })
	small.Add("mul4u", 1, em)
	if _, err := SelectMultipliers(loadTestModel(t), &small, Options{}); err == nil || !strings.Contains(err.Error(), "mul4u") {
		t.Errorf("4x4 map: error %v", err)
	}
	// An unsigned 8x8 map is used sign-magnitude: the exact unsigned
	// multiplier is exact in the int8 domain too.
	var unsigned MapLibrary
	em8, _ := errmap.FromFunc(8, 8, false, func(a, b int64) int64 { return a * b })
	unsigned.Add("mul8u_exact", 1, em8)
	res, err := SelectMultipliers(loadTestModel(t), &unsigned, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range res.Layers {
		if l.MulStds["mul8u_exact"] != 0 {
			t.Errorf("layer %s: exact unsigned map predicts std %v", l.Name, l.MulStds["mul8u_exact"])
		}
	}
}

// TestSelectMaxStdOverflow: a max_noise whose product with std(outputs)
// overflows is refused before any selection work (it used to print +Inf and
// fail only when the result was written).
func TestSelectMaxStdOverflow(t *testing.T) {
	layers := DemoModel()
	layers[1].MaxNoise = 1e308
	_, err := SelectMultipliers(layers, sgnLibrary(t), Options{})
	if err == nil || !strings.Contains(err.Error(), "layer "+layers[1].Name+": max_noise: 1e+308 times std(outputs)") || !strings.Contains(err.Error(), "overflows") {
		t.Fatalf("error %v", err)
	}
	if _, err := SelectMultipliers(DemoModel(), sgnLibrary(t), Options{Samples: MaxSamples + 1}); err == nil || !strings.Contains(err.Error(), "want 1..16777216") {
		t.Errorf("Samples beyond MaxSamples: %v", err)
	}
}

// TestParallelForPanic checks that a panic in f comes back as a
// *safego.PanicError, after every other index ran, for any worker count.
func TestParallelForPanic(t *testing.T) {
	for _, workers := range []int{1, 2, 5} {
		var ran atomic.Int64
		err := parallelFor(context.Background(), 20, workers, func(i int) error {
			ran.Add(1)
			if i == 7 {
				panic("index 7")
			}
			return nil
		})
		var pe *safego.PanicError
		if !errors.As(err, &pe) || pe.Value != "index 7" {
			t.Fatalf("%d workers: err = %v, want index 7's panic", workers, err)
		}
		if ran.Load() != 20 {
			t.Errorf("%d workers: %d calls, want 20", workers, ran.Load())
		}
	}
}

// cancellingLibrary cancels a context when the first error map is loaded
// and counts the loads.
type cancellingLibrary struct {
	MapLibrary
	cancel context.CancelFunc
	loads  atomic.Int64
}

func (c *cancellingLibrary) ErrorMap(name string) (*errmap.ErrorMap, error) {
	c.loads.Add(1)
	c.cancel()
	return c.MapLibrary.ErrorMap(name)
}

// TestSelectContext checks that a cancelled context stops the selection
// between candidates (and validation between checks) with ctx's error.
func TestSelectContext(t *testing.T) {
	for _, workers := range []int{1, 2} {
		ctx, cancel := context.WithCancel(context.Background())
		lib := &cancellingLibrary{cancel: cancel}
		const n = 40
		for i := range n {
			lib.Add(fmt.Sprintf("sgn%02d", i), float64(n-i), sgnMap(t, int64(i)))
		}
		_, err := SelectMultipliersContext(ctx, loadTestModel(t), lib, Options{Workers: workers})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("%d workers: err = %v, want context.Canceled", workers, err)
		}
		// Each worker may have loaded one map before seeing the cancel.
		if got := lib.loads.Load(); got > int64(workers) {
			t.Errorf("%d workers: %d of %d maps loaded after the cancel", workers, got, n)
		}
	}
	layers := loadTestModel(t)
	lib := sgnLibrary(t)
	res, err := SelectMultipliers(layers, lib, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ValidateContext(ctx, layers, lib, ChecksFromResult(res), ValidateOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("ValidateContext: err = %v, want context.Canceled", err)
	}
}
