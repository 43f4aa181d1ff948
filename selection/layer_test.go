package selection

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat"
)

func TestPopStd(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want float64
	}{
		{"empty", nil, 0},
		{"single", []float64{7}, 0},
		// mean 2.5, squared deviations 2.25+0.25+0.25+2.25 = 5, /4 = 1.25.
		{"1234", []float64{1, 2, 3, 4}, math.Sqrt(1.25)},
		// ddof=0: numpy.std([0, 10]) == 5 (the sample std would be 7.07).
		{"pair", []float64{0, 10}, 5},
		// A large offset must not destroy the small spread.
		{"offset", []float64{1e12 + 1, 1e12 + 2, 1e12 + 3, 1e12 + 4}, math.Sqrt(1.25)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := popStd(tc.xs)
			// 1e-12 relative: the two-pass sums round at most a few ulps per element.
			if !scalar.EqualWithinAbsOrRel(got, tc.want, 1e-12, 1e-12) {
				t.Errorf("popStd(%v) = %v, want %v", tc.xs, got, tc.want)
			}
		})
	}
}

func TestPopStdMatchesGonum(t *testing.T) {
	for _, l := range DemoModel() {
		if err := l.ComputeOutputs(); err != nil {
			t.Fatal(err)
		}
		_, want := stat.PopMeanStdDev(l.Outputs, nil)
		got := popStd(l.Outputs)
		// Both are float64 two-pass sums over <= 2^15 values: agree to 1e-12.
		if !scalar.EqualWithinAbsOrRel(got, want, 1e-12, 1e-12) {
			t.Errorf("%s: popStd = %v, gonum PopStdDev = %v", l.Name, got, want)
		}
	}
}

func TestComputeOutputsExact(t *testing.T) {
	// Hand case: features [[1,2,3],[-128,127,0]], weights [[1,-1],[2,0],[127,-128]].
	l := Layer{Name: "hand", FanIn: 3, Out: 2,
		Features: []int8{1, 2, 3, -128, 127, 0},
		Weights:  []int8{1, -1, 2, 0, 127, -128}}
	if err := l.ComputeOutputs(); err != nil {
		t.Fatal(err)
	}
	want := []float64{
		1 + 4 + 381, -1 + 0 - 384,
		-128 + 254 + 0, 128 + 0 + 0,
	}
	for i := range want {
		if l.Outputs[i] != want[i] {
			t.Errorf("outputs[%d] = %v, want %v", i, l.Outputs[i], want[i])
		}
	}

	// Every demo layer against a naive triple loop in int64.
	for _, l := range DemoModel() {
		if err := l.ComputeOutputs(); err != nil {
			t.Fatal(err)
		}
		for r := range l.Rows() {
			for j := range l.Out {
				var s int64
				for k := range l.FanIn {
					s += int64(l.Features[r*l.FanIn+k]) * int64(l.Weights[k*l.Out+j])
				}
				if got := l.Outputs[r*l.Out+j]; got != float64(s) {
					t.Fatalf("%s: outputs[%d,%d] = %v, want %d", l.Name, r, j, got, s)
				}
			}
		}
	}
}

func TestComputeOutputsExtremes(t *testing.T) {
	// All -128·-128 products (16384 each) reach the exactness bounds: fan-in
	// 1024 gives 2^24 in float32, 1025 switches to float64. Odd sizes
	// exercise partial row blocks.
	for _, tc := range []struct{ rows, k, out int }{{1, 1, 1}, {3, 5, 7}, {2049, 3, 2}, {5, 1024, 3}, {3, 1025, 2}} {
		l := Layer{Name: "x", FanIn: tc.k, Out: tc.out, Features: make([]int8, tc.rows*tc.k), Weights: make([]int8, tc.k*tc.out)}
		for i := range l.Features {
			l.Features[i] = -128
		}
		for i := range l.Weights {
			l.Weights[i] = -128
		}
		if err := l.ComputeOutputs(); err != nil {
			t.Fatal(err)
		}
		for i, v := range l.Outputs {
			if want := float64(tc.k) * 16384; v != want {
				t.Fatalf("%+v: outputs[%d] = %v, want %v", tc, i, v, want)
			}
		}
	}
	// Alternating signs: the float32 path must not lose the odd unit.
	l := Layer{Name: "y", FanIn: 1024, Out: 1, Features: make([]int8, 1024), Weights: make([]int8, 1024)}
	var want int64
	for i := range 1024 {
		l.Features[i] = int8(127 - i%256)
		l.Weights[i] = int8(i%3 - 128 + i%7)
		want += int64(l.Features[i]) * int64(l.Weights[i])
	}
	if err := l.ComputeOutputs(); err != nil {
		t.Fatal(err)
	}
	if l.Outputs[0] != float64(want) {
		t.Errorf("dot = %v, want %d", l.Outputs[0], want)
	}
}

func TestLayerValidate(t *testing.T) {
	good := func() Layer {
		return Layer{Name: "l", FanIn: 2, Out: 1, MaxNoise: 0.1, OpCount: 4,
			Features: []int8{1, 2, 3, 4}, Weights: []int8{1, 1}}
	}
	tests := []struct {
		name   string
		mutate func(*Layer)
		want   string // substring of the error; "" means valid
	}{
		{"ok", func(*Layer) {}, ""},
		{"ok outputs", func(l *Layer) { l.Outputs = []float64{3, 7} }, ""},
		{"no name", func(l *Layer) { l.Name = "" }, "missing name"},
		{"fan_in 0", func(l *Layer) { l.FanIn = 0 }, "fan_in"},
		{"negative max_noise", func(l *Layer) { l.MaxNoise = -0.1 }, "max_noise"},
		{"NaN max_noise", func(l *Layer) { l.MaxNoise = math.NaN() }, "max_noise"},
		{"negative opcount", func(l *Layer) { l.OpCount = -1 }, "opcount"},
		{"ragged features", func(l *Layer) { l.Features = l.Features[:3] }, "features"},
		{"no features", func(l *Layer) { l.Features = nil }, "features"},
		{"weights shape", func(l *Layer) { l.Weights = []int8{1} }, "weights"},
		{"outputs count", func(l *Layer) { l.Outputs = []float64{1} }, "outputs"},
		{"outputs NaN", func(l *Layer) { l.Outputs = []float64{1, math.NaN()} }, "outputs[1]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := good()
			tc.mutate(&l)
			err := l.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestDemoModelDeterministic(t *testing.T) {
	a, b := DemoModel(), DemoModel()
	if len(a) != 3 {
		t.Fatalf("DemoModel has %d layers, want 3", len(a))
	}
	for i := range a {
		if err := a[i].Validate(); err != nil {
			t.Fatal(err)
		}
		if string(int8Bytes(a[i].Features)) != string(int8Bytes(b[i].Features)) ||
			string(int8Bytes(a[i].Weights)) != string(int8Bytes(b[i].Weights)) {
			t.Errorf("layer %s differs between calls", a[i].Name)
		}
	}
	// The ReLU-like layers are skewed: at least 40% zeros, no negative features.
	for _, l := range a[1:] {
		zeros := 0
		for _, v := range l.Features {
			if v < 0 {
				t.Fatalf("%s: negative ReLU feature %d", l.Name, v)
			}
			if v == 0 {
				zeros++
			}
		}
		if frac := float64(zeros) / float64(len(l.Features)); frac < 0.4 {
			t.Errorf("%s: %.2f zeros, want >= 0.4", l.Name, frac)
		}
	}
}

func int8Bytes(v []int8) []byte {
	b := make([]byte, len(v))
	for i, x := range v {
		b[i] = byte(x)
	}
	return b
}
