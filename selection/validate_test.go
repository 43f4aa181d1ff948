package selection

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/errmap/lutgemm"
)

// smallLayer returns a random layer of rows x fanIn features (ReLU-like:
// half zeros) and fanIn x out weights.
func smallLayer(seed uint64, name string, rows, fanIn, out int) Layer {
	r := rand.New(rand.NewPCG(seed, 9))
	l := Layer{Name: name, FanIn: fanIn, Out: out, OpCount: float64(rows * fanIn * out), MaxNoise: 0.1,
		Features: make([]int8, rows*fanIn), Weights: make([]int8, fanIn*out)}
	for i := range l.Features {
		if r.IntN(2) == 0 {
			l.Features[i] = int8(r.IntN(128))
		}
	}
	for i := range l.Weights {
		l.Weights[i] = int8(max(-128, min(127, math.Round(r.NormFloat64()*30))))
	}
	return l
}

// zeroSmall returns an unsigned 8x8 multiplier that returns 0 whenever
// its B operand is below lim and a·b otherwise (like EvoApprox mul8u_R36,
// which zeroes every product with a weight below 32), plus a bias of +1
// on odd A so that the map is not symmetric.
func zeroSmall(t testing.TB, lim int64) *errmap.ErrorMap {
	em, err := errmap.FromFunc(8, 8, false, func(a, b int64) int64 {
		if b < lim {
			return 0
		}
		return a*b + a&1
	})
	if err != nil {
		t.Fatal(err)
	}
	return em
}

// bruteValidation computes the measured error mean and std of em on l the
// direct way: e[i, c] = Σ_k (approx(x, w) - x·w) from the map's Approx,
// then the two-pass population std in float64 (as np.std).
func bruteValidation(l *Layer, em *errmap.ErrorMap, port Port) (mean, std float64) {
	em8, _ := em.Int8()
	rows := l.Rows()
	var es []float64
	for i := range rows {
		for c := range l.Out {
			s := int64(0)
			for k := range l.FanIn {
				x, w := int64(l.Features[i*l.FanIn+k]), int64(l.Weights[k*l.Out+c])
				var p int64
				if port == PortB {
					p, _ = em8.Approx(w, x)
				} else {
					p, _ = em8.Approx(x, w)
				}
				s += p - x*w
			}
			es = append(es, float64(s))
		}
	}
	m := 0.0
	for _, v := range es {
		m += v
	}
	m /= float64(len(es))
	ss := 0.0
	for _, v := range es {
		ss += (v - m) * (v - m)
	}
	return m, math.Sqrt(ss / float64(len(es)))
}

// relClose reports |a-b| <= tol·max(|a|, |b|) (or both 0).
func relClose(a, b, tol float64) bool {
	return a == b || math.Abs(a-b) <= tol*math.Max(math.Abs(a), math.Abs(b))
}

func TestValidateMatchesBruteForce(t *testing.T) {
	layers := []Layer{smallLayer(1, "a", 37, 9, 5), smallLayer(2, "b", 50, 20, 17), smallLayer(3, "c", 3, 70, 33)}
	var lib MapLibrary
	maps := map[string]*errmap.ErrorMap{"r50": randomMap(t, 4, 50), "zero32": zeroSmall(t, 32), "sgn3": sgnMap(t, 3)}
	for _, name := range []string{"r50", "sgn3", "zero32"} {
		if err := lib.Add(name, 1, maps[name]); err != nil {
			t.Fatal(err)
		}
	}
	var checks []Check
	for _, l := range layers {
		for _, name := range []string{"r50", "sgn3", "zero32"} {
			for _, p := range []Port{PortA, PortB} {
				checks = append(checks, Check{Layer: l.Name, Multiplier: name, ActivationPort: p})
			}
		}
	}
	for _, kernel := range lutgemm.Kernels() {
		restore, err := sim.SetKernel(kernel)
		if err != nil {
			// A LUT kernel with no simulator kernel of its name (the
			// fastest is used then): covered by package lutgemm.
			continue
		}
		for _, workers := range []int{1, 2} {
			vs, err := Validate(layers, &lib, checks, ValidateOptions{Options: Options{Samples: AllSamples, Workers: workers}})
			if err != nil {
				restore()
				t.Fatal(err)
			}
			for i, v := range vs {
				c := checks[i]
				var l *Layer
				for j := range layers {
					if layers[j].Name == c.Layer {
						l = &layers[j]
					}
				}
				m, s := bruteValidation(l, maps[c.Multiplier], c.ActivationPort)
				// The exact sums are rounded once; the float64 two-pass
				// reference sums at most a few thousand integers below
				// 2^30, so both agree far below 1e-12.
				if !relClose(v.MeasuredMean, m, 1e-12) || !relClose(v.MeasuredStd, s, 1e-12) {
					t.Errorf("kernel %s: %s/%s/%s: measured %v ± %v, brute force %v ± %v", lutgemm.Kernel(), c.Layer, c.Multiplier, c.ActivationPort, v.MeasuredMean, v.MeasuredStd, m, s)
				}
				if v.Outputs != l.Rows()*l.Out || v.ActivationPort != c.ActivationPort {
					t.Errorf("%+v: outputs %d, port %s", c, v.Outputs, v.ActivationPort)
				}
			}
		}
		restore()
	}
}

func TestValidatePredictionAndFlags(t *testing.T) {
	// Channel 0 has only small weights (|w| <= 20): zero32 at port A zeroes
	// every product of it, so its output is constant 0.
	l := smallLayer(5, "conv", 200, 16, 4)
	for k := range l.FanIn {
		l.Weights[k*l.Out] = int8(k%21 + 1)
	}
	var lib MapLibrary
	exact, _ := errmap.FromFunc(8, 8, true, func(a, b int64) int64 { return a * b })
	for name, em := range map[string]*errmap.ErrorMap{"exact": exact, "zero32": zeroSmall(t, 32), "sgn2": sgnMap(t, 2)} {
		if err := lib.Add(name, 1, em); err != nil {
			t.Fatal(err)
		}
	}
	layers := []Layer{l}
	checks := []Check{{Layer: "conv", Multiplier: "exact"}, {Layer: "conv", Multiplier: "zero32", Chosen: true}, {Layer: "conv", Multiplier: "sgn2"}}
	var progress []string
	vs, err := Validate(layers, &lib, checks, ValidateOptions{Options: Options{Samples: 64, Seed: 3, Progress: func(stage string, done, total int) {
		progress = append(progress, fmt.Sprintf("%s %d/%d", stage, done, total))
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(progress, ", "); got != "validation checks 1/3, validation checks 2/3, validation checks 3/3" {
		t.Errorf("Progress calls: %s", got)
	}
	ex, z, sg := vs[0], vs[1], vs[2]
	if ex.MeasuredStd != 0 || ex.MeasuredMean != 0 || ex.PredictedStd != 0 || ex.Ratio != 0 || ex.Flagged() {
		t.Errorf("exact: %+v", ex)
	}
	if len(z.ConstantChannels) != 1 || z.ConstantChannels[0] != 0 || !z.Chosen {
		t.Errorf("zero32: constant channels %v, want [0]", z.ConstantChannels)
	}
	if len(z.NoisyChannels) == 0 || z.NoisyChannels[0] != 0 {
		t.Errorf("zero32: noisy channels %v, want channel 0 among them", z.NoisyChannels)
	}
	// The prediction is the selection's: the same number for the same
	// options.
	info, err := SelectLayerMultiplier(&l, &lib, Options{Samples: 64, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.PredictedStd != info.MulStds[v.Multiplier] {
			t.Errorf("%s: predicted %v, selection says %v", v.Multiplier, v.PredictedStd, info.MulStds[v.Multiplier])
		}
		if v.MaxStd != info.MaxStd || !relClose(v.FitRatio, v.MeasuredStd/v.MaxStd, 1e-15) {
			t.Errorf("%s: max_std %v fit %v", v.Multiplier, v.MaxStd, v.FitRatio)
		}
	}
	if !relClose(sg.Ratio, sg.MeasuredStd/sg.PredictedStd, 1e-15) || sg.RatioFlag != (sg.Ratio > DefaultRatioThreshold) {
		t.Errorf("sgn2: ratio %v flag %v", sg.Ratio, sg.RatioFlag)
	}
	// A threshold below the ratio flags the layer.
	vs2, err := Validate(layers, &lib, checks[2:], ValidateOptions{Options: Options{Samples: 64, Seed: 3}, RatioThreshold: sg.Ratio / 2})
	if err != nil || !vs2[0].RatioFlag {
		t.Errorf("threshold %v: flag %v, err %v", sg.Ratio/2, vs2[0].RatioFlag, err)
	}
}

func TestValidateErrors(t *testing.T) {
	l := smallLayer(6, "fc", 4, 3, 2)
	var lib MapLibrary
	if err := lib.Add("sgn1", 1, sgnMap(t, 1)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		checks []Check
		opts   ValidateOptions
		want   string
	}{
		{[]Check{{Layer: "nope", Multiplier: "sgn1"}}, ValidateOptions{}, `unknown layer "nope"`},
		{[]Check{{Layer: "fc", Multiplier: "nope"}}, ValidateOptions{}, `unknown multiplier "nope"`},
		{[]Check{{Layer: "fc", Multiplier: "sgn1", ActivationPort: "C"}}, ValidateOptions{}, `activation port "C"`},
		{[]Check{{Layer: "fc", Multiplier: "sgn1"}}, ValidateOptions{RatioThreshold: -1}, "ratio threshold"},
	} {
		_, err := Validate([]Layer{l}, &lib, c.checks, c.opts)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.checks, err, c.want)
		}
	}
}
