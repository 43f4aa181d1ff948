package selection

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

func sampleResult() *MatchingInfo {
	return &MatchingInfo{
		MetricMax: 4,
		OpCount:   400,
		Layers: []LayerInfo{
			{Name: "a", MultiplierName: "m2", MultiplierPerformanceMetric: 2, OpCount: 100, MaxStd: 1.5,
				MulStds: map[string]float64{"m2": 1.25, "m4": 0}},
			{Name: "b", MultiplierName: "m4", MultiplierPerformanceMetric: 4, OpCount: 300, MaxStd: 0.5,
				MulStds: map[string]float64{"m2": 3, "m4": 0}},
		},
	}
}

func TestRelativeEnergyConsumption(t *testing.T) {
	m := sampleResult()
	// By hand: 100/400·2/4 + 300/400·4/4 = 0.125 + 0.75.
	if got := m.RelativeEnergyConsumption(); got != 0.875 {
		t.Errorf("RelativeEnergyConsumption = %v, want 0.875", got)
	}
	if got := m.Layers[0].RelativeOpCount(m.OpCount); got != 0.25 {
		t.Errorf("RelativeOpCount = %v, want 0.25", got)
	}
	if got := m.Layers[0].RelativeEnergyConsumption(m.MetricMax); got != 0.5 {
		t.Errorf("layer RelativeEnergyConsumption = %v, want 0.5", got)
	}
}

func TestResultJSONRoundTrip(t *testing.T) {
	m := sampleResult()
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	// Keys as agnapprox names them.
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"metric_max", "opcount", "relative_energy_consumption", "layers"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("key %q missing in %s", k, data)
		}
	}
	if got := raw["relative_energy_consumption"].(float64); !scalar.EqualWithinAbsOrRel(got, 0.875, 0, 1e-15) {
		t.Errorf("relative_energy_consumption = %v, want 0.875", got)
	}
	layer := raw["layers"].([]any)[0].(map[string]any)
	for _, k := range []string{"name", "multiplier_name", "multiplier_performance_metric", "opcount", "max_std", "mul_stds"} {
		if _, ok := layer[k]; !ok {
			t.Errorf("layer key %q missing in %s", k, data)
		}
	}

	var back MatchingInfo
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	again, err := json.Marshal(&back)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(data) {
		t.Errorf("round trip changed the encoding:\n%s\n%s", data, again)
	}
}

func TestResultJSONErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"type", `{"metric_max": "x"}`, "decoding result"},
		{"no metric_max", `{"opcount": 1, "layers": []}`, "metric_max"},
		{"no opcount", `{"metric_max": 1, "layers": []}`, "opcount"},
		{"zero metric_max", `{"metric_max": 0, "opcount": 1, "layers": []}`, "metric_max"},
		{"no layer name", `{"metric_max": 1, "opcount": 1, "layers": [{"multiplier_name": "x"}]}`, "layers[0]: missing field name"},
		{"no multiplier", `{"metric_max": 1, "opcount": 1, "layers": [{"name": "x"}]}`, "multiplier_name"},
		{"duplicate", `{"metric_max": 1, "opcount": 1, "layers": [{"name": "x", "multiplier_name": "m"}, {"name": "x", "multiplier_name": "m"}]}`, "duplicate"},
		{"negative std", `{"metric_max": 1, "opcount": 1, "layers": [{"name": "x", "multiplier_name": "m", "mul_stds": {"m": -1}}]}`, `mul_stds["m"]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var m MatchingInfo
			err := json.Unmarshal([]byte(tc.in), &m)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	m := sampleResult()
	m.Layers[0].MulStds["m2"] = math.Inf(1)
	if _, err := json.Marshal(m); err == nil {
		t.Error("marshalling an infinite std succeeded")
	}
}

func TestReadResult(t *testing.T) {
	dir := t.TempDir()
	data, err := json.Marshal(sampleResult())
	if err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "r.json")
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(good, data, 0o644)
	os.WriteFile(bad, []byte(`{"opcount": 1}`), 0o644)
	m, err := ReadResult(good)
	if err != nil || len(m.Layers) != 2 || m.Layers[1].MultiplierName != "m4" {
		t.Errorf("ReadResult = %+v, %v", m, err)
	}
	if _, err := ReadResult(bad); err == nil || !strings.Contains(err.Error(), "bad.json") || !strings.Contains(err.Error(), "metric_max") {
		t.Errorf("bad result: error %v", err)
	}
	if _, err := ReadResult(filepath.Join(dir, "none.json")); err == nil {
		t.Error("missing file: no error")
	}
	// One JSON policy (internal/jsonfile): trailing data and unknown keys
	// are errors at line:col, without Go type names.
	for _, c := range []struct{ name, data, want string }{
		{"trailing", string(data) + "\n]", "trailing.json:2:1: trailing data after the JSON value"},
		{"unknown", strings.Replace(string(data), `"opcount"`, `"op_count": 1, "opcount"`, 1), `unknown.json:1:`},
		{"type", `{"metric_max": "1", "opcount": 1, "layers": []}`, "type.json:1:16: field metric_max: want a number, got string"},
	} {
		p := filepath.Join(dir, c.name+".json")
		os.WriteFile(p, []byte(c.data), 0o644)
		if _, err := ReadResult(p); err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "Go ") {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

func TestParseSamples(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{{"all", AllSamples, true}, {"", 0, true}, {"512", 512, true}, {"1", 1, true}, {"0", 0, false}, {"-1", 0, false}, {"x", 0, false},
		{"16777216", MaxSamples, true}, {"16777217", 0, false}, {"4294967296", 0, false}, {"9223372036854775807", 0, false}, {"99999999999999999999", 0, false}}
	for _, tc := range tests {
		got, err := ParseSamples(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("ParseSamples(%q) = %d, %v; want %d (ok %v)", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
