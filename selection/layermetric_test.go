package selection

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/axmul/axmul/errmap"
)

// exactMap is the int8-domain map of exact multiplication.
func exactMap(t *testing.T) *errmap.ErrorMap {
	t.Helper()
	em, err := errmap.FromFunc(8, 8, true, func(x, w int64) int64 { return x * w })
	if err != nil {
		t.Fatal(err)
	}
	return em
}

// rangeLayer is a layer of fan-in 2 whose activations cycle through
// -r..r and whose weights are 1..4.
func rangeLayer(name string, r int, opcount float64) Layer {
	l := Layer{Name: name, FanIn: 2, Out: 2, OpCount: opcount, MaxNoise: 0.1, Weights: []int8{1, 2, 3, 4}}
	for i := range 64 {
		l.Features = append(l.Features, int8(i%(2*r+1)-r))
	}
	return l
}

// maxAbs is the largest |activation| of l.
func maxAbs(l *Layer) int {
	m := 0
	for _, v := range l.Features {
		m = max(m, int(math.Abs(float64(v))))
	}
	return m
}

// smallCheapLibrary holds two exact multipliers: "array", whose power does
// not depend on the operands (1 mW), and "gated", which is cheap (0.2 mW)
// when every activation has magnitude <= 4 and expensive (2 mW)
// otherwise; its datasheet metric is the worst case, 2 mW.
func smallCheapLibrary(t *testing.T) LayerMetricLibrary {
	var lib MapLibrary
	if err := lib.Add("array", 1, exactMap(t)); err != nil {
		t.Fatal(err)
	}
	if err := lib.Add("gated", 2, exactMap(t)); err != nil {
		t.Fatal(err)
	}
	return WithLayerMetric(&lib, func(l *Layer, name string) (float64, error) {
		switch {
		case name == "array":
			return 1, nil
		case maxAbs(l) <= 4:
			return 0.2, nil
		}
		return 2, nil
	})
}

func TestLayerMetricChangesChoice(t *testing.T) {
	layers := []Layer{rangeLayer("wide", 100, 300), rangeLayer("narrow", 3, 100)}
	lib := smallCheapLibrary(t)
	// One datasheet metric: array (1 mW) beats gated (2 mW) everywhere.
	plain, err := SelectMultipliers(layers, lib, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range plain.Layers {
		if l.MultiplierName != "array" || l.MulMetrics != nil {
			t.Errorf("datasheet metric: layer %s chose %s (mul_metrics %v), want array and no per-layer metrics", l.Name, l.MultiplierName, l.MulMetrics)
		}
	}
	// Per-layer metrics: the narrow layer makes gated cheap.
	res, err := SelectMultipliers(layers, lib, Options{Seed: 1, LayerMetric: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name    string
		metric  float64
		metrics map[string]float64
	}{
		{"array", 1, map[string]float64{"array": 1, "gated": 2}},
		{"gated", 0.2, map[string]float64{"array": 1, "gated": 0.2}},
	}
	for j, w := range want {
		l := res.Layers[j]
		if l.MultiplierName != w.name || l.MultiplierPerformanceMetric != w.metric || len(l.MulMetrics) != 2 ||
			l.MulMetrics["array"] != w.metrics["array"] || l.MulMetrics["gated"] != w.metrics["gated"] {
			t.Errorf("layer %s: chose %s at %v, mul_metrics %v; want %s at %v, %v", l.Name, l.MultiplierName,
				l.MultiplierPerformanceMetric, l.MulMetrics, w.name, w.metric, w.metrics)
		}
	}
	// metric_max is the largest per-layer metric (gated on the wide
	// layer); relative energy by hand: 0.75·1/2 + 0.25·0.2/2 = 0.4.
	if res.MetricMax != 2 {
		t.Errorf("metric_max %v, want 2", res.MetricMax)
	}
	// Two products and a sum of exact binary fractions: 1e-15 relative.
	if got := res.RelativeEnergyConsumption(); math.Abs(got-0.4) > 1e-15 {
		t.Errorf("relative energy %v, want 0.4", got)
	}
	// The result JSON records the per-layer metrics and reads back.
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Layers []struct {
			MulMetrics map[string]float64 `json:"mul_metrics"`
		} `json:"layers"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw.Layers) != 2 || raw.Layers[1].MulMetrics["gated"] != 0.2 {
		t.Errorf("result JSON: %s", data)
	}
	var back MatchingInfo
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Layers[1].MulMetrics["gated"] != 0.2 || back.Layers[0].MulMetrics["gated"] != 2 {
		t.Errorf("decoded mul_metrics %v, %v", back.Layers[0].MulMetrics, back.Layers[1].MulMetrics)
	}
	// Without per-layer metrics the key is absent.
	data, err = json.Marshal(plain)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "mul_metrics") {
		t.Errorf("datasheet result mentions mul_metrics: %s", data)
	}
}

func TestLayerMetricTieAndNoise(t *testing.T) {
	// Per-layer metrics follow the same rule as datasheet ones: of equal
	// metrics the later name wins, and a candidate that does not fit is
	// skipped however cheap.
	layers := []Layer{rangeLayer("l", 3, 1)}
	var lib MapLibrary
	noisy, err := errmap.FromFunc(8, 8, true, func(x, w int64) int64 { return x*w + 100*x }) // error 100·x: std far above max_std
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		em   *errmap.ErrorMap
	}{{"a", exactMap(t)}, {"b", exactMap(t)}, {"c", noisy}} {
		if err := lib.Add(c.name, 1, c.em); err != nil {
			t.Fatal(err)
		}
	}
	metric := map[string]float64{"a": 0.5, "b": 0.5, "c": 0.1}
	res, err := SelectMultipliers(layers, WithLayerMetric(&lib, func(_ *Layer, name string) (float64, error) { return metric[name], nil }), Options{LayerMetric: true})
	if err != nil {
		t.Fatal(err)
	}
	if l := res.Layers[0]; l.MultiplierName != "b" || l.MultiplierPerformanceMetric != 0.5 {
		t.Errorf("chose %s at %v, want b at 0.5 (stds %v, max_std %v)", l.MultiplierName, l.MultiplierPerformanceMetric, l.MulStds, l.MaxStd)
	}
}

func TestLayerMetricCalls(t *testing.T) {
	// Every (candidate, layer) pair is rated once, with the caller's
	// layer values.
	layers := []Layer{rangeLayer("x", 100, 1), rangeLayer("y", 3, 1), rangeLayer("z", 50, 1)}
	var lib MapLibrary
	for _, n := range []string{"m1", "m2", "m3", "m4"} {
		if err := lib.Add(n, 1, exactMap(t)); err != nil {
			t.Fatal(err)
		}
	}
	var calls atomic.Int64
	f := func(l *Layer, name string) (float64, error) {
		calls.Add(1)
		return float64(maxAbs(l)), nil
	}
	res, err := SelectMultipliers(layers, WithLayerMetric(&lib, f), Options{LayerMetric: true, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 12 {
		t.Errorf("%d LayerMetric calls, want 4 candidates x 3 layers", calls.Load())
	}
	for j, want := range []float64{100, 3, 50} {
		if got := res.Layers[j].MultiplierPerformanceMetric; got != want {
			t.Errorf("layer %s: metric %v, want max |activation| %v", res.Layers[j].Name, got, want)
		}
	}
}

func TestLayerMetricErrors(t *testing.T) {
	layers := []Layer{rangeLayer("l", 3, 1)}
	var plain MapLibrary
	if err := plain.Add("m", 1, exactMap(t)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		lib  Library
		want string
	}{
		{"not a LayerMetricLibrary", &plain, "is not a LayerMetricLibrary"},
		{"error", WithLayerMetric(&plain, func(*Layer, string) (float64, error) { return 0, errors.New("no netlist") }), "layer l: multiplier m: no netlist"},
		{"NaN", WithLayerMetric(&plain, func(*Layer, string) (float64, error) { return math.NaN(), nil }), "layer metric NaN"},
		{"negative", WithLayerMetric(&plain, func(*Layer, string) (float64, error) { return -1, nil }), "layer metric -1"},
		{"all zero", WithLayerMetric(&plain, func(*Layer, string) (float64, error) { return 0, nil }), "every per-layer performance metric"},
	}
	for _, tc := range tests {
		if _, err := SelectMultipliers(layers, tc.lib, Options{LayerMetric: true}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	// A stored result with a bad per-layer metric is refused.
	bad := `{"metric_max": 1, "opcount": 1, "layers": [{"name": "l", "multiplier_name": "m", "multiplier_performance_metric": 1,
		"opcount": 1, "max_std": 1, "mul_stds": {"m": 0}, "mul_metrics": {"m": -2}}]}`
	var m MatchingInfo
	if err := json.Unmarshal([]byte(bad), &m); err == nil || !strings.Contains(err.Error(), `mul_metrics["m"]`) {
		t.Errorf("negative mul_metrics: error %v", err)
	}
}

// TestSelectProgress: Options.Progress reports every candidate of each
// stage once, serially, counting up to the number of candidates, for any
// worker count, and changes no result.
func TestSelectProgress(t *testing.T) {
	layers := []Layer{rangeLayer("x", 100, 1), rangeLayer("y", 3, 1)}
	var lib MapLibrary
	names := []string{"m1", "m2", "m3", "m4", "m5"}
	for _, n := range names {
		if err := lib.Add(n, 1, exactMap(t)); err != nil {
			t.Fatal(err)
		}
	}
	ml := WithLayerMetric(&lib, func(l *Layer, name string) (float64, error) { return float64(maxAbs(l)), nil })
	want, err := SelectMultipliers(layers, ml, Options{LayerMetric: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 3} {
		var (
			mu     sync.Mutex
			inside bool
			calls  []string
		)
		opts := Options{LayerMetric: true, Workers: workers, Progress: func(stage string, done, total int) {
			mu.Lock()
			if inside {
				t.Error("Progress called concurrently")
			}
			inside = true
			mu.Unlock()
			calls = append(calls, fmt.Sprintf("%s %d/%d", stage, done, total))
			mu.Lock()
			inside = false
			mu.Unlock()
		}}
		got, err := SelectMultipliers(layers, ml, opts)
		if err != nil {
			t.Fatal(err)
		}
		var wantCalls []string
		for _, stage := range []string{StageErrorModels, StageLayerMetrics} {
			for i := range names {
				wantCalls = append(wantCalls, fmt.Sprintf("%s %d/%d", stage, i+1, len(names)))
			}
		}
		if !slices.Equal(calls, wantCalls) {
			t.Errorf("%d workers: Progress calls %v, want %v", workers, calls, wantCalls)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%d workers: result with Progress differs", workers)
		}
	}
}
