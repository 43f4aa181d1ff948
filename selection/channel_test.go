package selection

import (
	"math"
	"testing"

	"github.com/axmul/axmul/errmap"
)

// bruteChannel predicts channel c's error mean and std the direct way:
// for every input position k, the mean and population variance over the
// layer's rows of E(x_ik, w_kc), summed over k.
func bruteChannel(l *Layer, em *errmap.ErrorMap, port Port, c int) (mean, std float64) {
	em8, _ := em.Int8()
	rows := l.Rows()
	var v float64
	for k := range l.FanIn {
		w := int64(l.Weights[k*l.Out+c])
		es := make([]float64, rows)
		m := 0.0
		for i := range rows {
			x := int64(l.Features[i*l.FanIn+k])
			var e int64
			if port == PortB {
				e, _ = em8.Error(w, x)
			} else {
				e, _ = em8.Error(x, w)
			}
			es[i] = float64(e)
			m += es[i]
		}
		m /= float64(rows)
		ss := 0.0
		for _, e := range es {
			ss += (e - m) * (e - m)
		}
		mean += m
		v += ss / float64(rows)
	}
	return mean, math.Sqrt(v)
}

func TestChannelPredictionMatchesBruteForce(t *testing.T) {
	for _, l := range []Layer{smallLayer(21, "a", 40, 9, 5), smallLayer(22, "b", 123, 25, 12)} {
		for name, em := range map[string]*errmap.ErrorMap{"r50": randomMap(t, 4, 50), "zero32": zeroSmall(t, 32), "sgn3": sgnMap(t, 3)} {
			for _, p := range []Port{PortA, PortB} {
				mean, std, err := ChannelPrediction(&l, em, p)
				if err != nil {
					t.Fatal(err)
				}
				for c := range l.Out {
					m, s := bruteChannel(&l, em, p, c)
					// Both sum the same terms in a different order
					// (histogram counts vs rows): agreement to 1e-9.
					if math.Abs(mean[c]-m) > 1e-9*math.Max(1, math.Abs(m)) || !relClose(std[c], s, 1e-9) {
						t.Errorf("%s %s %s channel %d: %v ± %v, brute force %v ± %v", l.Name, name, p, c, mean[c], std[c], m, s)
					}
				}
			}
		}
	}
}

// zeroedChannelLayer returns a layer whose channel 0 has only small
// weights (|w| <= 21, like the digits conv2 channel of issue 11) while the
// other channels have large ones.
func zeroedChannelLayer() Layer {
	l := smallLayer(23, "conv2", 400, 36, 8)
	for k := range l.FanIn {
		for c := range l.Out {
			w := &l.Weights[k*l.Out+c]
			if c == 0 {
				*w = int8(k%43 - 21)
			} else if *w > -40 && *w < 40 {
				*w = int8(60 + k%60)
			}
		}
	}
	l.MaxNoise = 0.2
	return l
}

func TestChannelCriterionCatchesZeroedChannel(t *testing.T) {
	l := zeroedChannelLayer()
	var lib MapLibrary
	exact, _ := errmap.FromFunc(8, 8, true, func(a, b int64) int64 { return a * b })
	for name, c := range map[string]struct {
		em     *errmap.ErrorMap
		metric float64
	}{"exact": {exact, 10}, "zero32": {zeroSmall(t, 32), 1}} {
		if err := lib.Add(name, c.metric, c.em); err != nil {
			t.Fatal(err)
		}
	}
	// The population model pools the weights: zero32 fits.
	std, err := SelectLayerMultiplier(&l, &lib, Options{Samples: AllSamples})
	if err != nil {
		t.Fatal(err)
	}
	if std.MultiplierName != "zero32" {
		t.Fatalf("std criterion chose %s (stds %v, max_std %v); the test layer should fool it", std.MultiplierName, std.MulStds, std.MaxStd)
	}
	// Validation shows the channel it zeroes.
	vs, err := Validate([]Layer{l}, &lib, []Check{{Layer: l.Name, Multiplier: "zero32"}}, ValidateOptions{Options: Options{Samples: AllSamples}})
	if err != nil {
		t.Fatal(err)
	}
	if len(vs[0].ConstantChannels) != 1 || vs[0].ConstantChannels[0] != 0 {
		t.Errorf("validate: constant channels %v, want [0]", vs[0].ConstantChannels)
	}
	// The channel criterion rejects it.
	ch, err := SelectLayerMultiplier(&l, &lib, Options{Samples: AllSamples, Criterion: CriterionChannel})
	if err != nil {
		t.Fatal(err)
	}
	if ch.MultiplierName != "exact" || ch.Criterion != CriterionChannel {
		t.Errorf("channel criterion chose %s (scores %v)", ch.MultiplierName, ch.MulChannelScores)
	}
	if s := ch.MulChannelScores["zero32"]; !(s > 0.9) {
		t.Errorf("zero32 channel score %v, want about 1 (the channel's whole output is lost)", s)
	}
	if s := ch.MulChannelScores["exact"]; s != 0 {
		t.Errorf("exact channel score %v, want 0", s)
	}
}

// TestChannelScoresMatchBruteForce checks the figure the channel criterion
// records for every candidate (MulChannelScores) against a brute-force
// computation: the largest over channels of the brute-force predicted rms
// error sqrt(mean² + std²) divided by the channel's exact output std, with
// the outputs summed in int64 and their std taken in two passes. Both
// orientations (best records the smaller), to 1e-9 relative.
func TestChannelScoresMatchBruteForce(t *testing.T) {
	l := smallLayer(24, "conv", 150, 18, 7)
	maps := map[string]*errmap.ErrorMap{"r50": randomMap(t, 4, 50), "zero32": zeroSmall(t, 32), "sgn3": sgnMap(t, 3)}
	var lib MapLibrary
	for _, name := range []string{"r50", "sgn3", "zero32"} {
		if err := lib.Add(name, 1, maps[name]); err != nil {
			t.Fatal(err)
		}
	}
	rows := l.Rows()
	outStd := make([]float64, l.Out)
	for c := range l.Out {
		ys := make([]float64, rows)
		m := 0.0
		for i := range rows {
			var y int64
			for k := range l.FanIn {
				y += int64(l.Features[i*l.FanIn+k]) * int64(l.Weights[k*l.Out+c])
			}
			ys[i] = float64(y)
			m += ys[i]
		}
		m /= float64(rows)
		ss := 0.0
		for _, y := range ys {
			ss += (y - m) * (y - m)
		}
		outStd[c] = math.Sqrt(ss / float64(rows))
	}
	brute := func(em *errmap.ErrorMap, p Port) float64 {
		worst := 0.0
		for c := range l.Out {
			m, s := bruteChannel(&l, em, p, c)
			worst = max(worst, math.Sqrt(m*m+s*s)/outStd[c])
		}
		return worst
	}
	l.MaxNoise = 1e9 // every candidate fits: only the recorded figures matter
	for _, o := range []string{OrientationA, OrientationB, OrientationBest} {
		info, err := SelectLayerMultiplier(&l, &lib, Options{Samples: AllSamples, Criterion: CriterionChannel, Orientation: o})
		if err != nil {
			t.Fatal(err)
		}
		for name, em := range maps {
			want := brute(em, Port(o))
			if o == OrientationBest {
				want = min(brute(em, PortA), brute(em, PortB))
			}
			if got := info.MulChannelScores[name]; !relClose(got, want, 1e-9) || !(want > 0) {
				t.Errorf("orientation %s %s: score %v, brute force %v", o, name, got, want)
			}
		}
	}
}
