package selection_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/internal/testshared"
	"github.com/axmul/axmul/selection"
)

// TestR36ZeroesChannel reproduces the failure of issue 11 with the real
// circuit: EvoApprox v2022 mul8u_R36 (activation at port A) returns 0 for
// every product with |w| < 32 and |x| <= 127, so a channel whose largest
// |w| is 21 always outputs 0. The population model, built on the pooled
// weight histogram, cannot see it; validate and the channel criterion do.
func TestR36ZeroesChannel(t *testing.T) {
	dir := testshared.Dir(t, "evoapprox", "v2022", "8x8_unsigned")
	lib, err := gen.EvoApproxLibrary(dir, "power", gen.EvoApproxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	em, err := lib.ErrorMap("mul8u_R36")
	if err != nil {
		t.Fatal(err)
	}
	for x := int64(0); x <= 127; x++ {
		for w := int64(-31); w <= 31; w++ {
			if p, _ := em.Approx(x, w); p != 0 {
				t.Fatalf("mul8u_R36(x=%d, w=%d) = %d, want 0", x, w, p)
			}
		}
	}
	r := rand.New(rand.NewPCG(36, 1))
	rows, fanIn, out := 500, 72, 6
	l := selection.Layer{Name: "conv2", FanIn: fanIn, Out: out, OpCount: 1, MaxNoise: 0.5,
		Features: make([]int8, rows*fanIn), Weights: make([]int8, fanIn*out)}
	for i := range l.Features {
		if r.IntN(2) == 0 {
			l.Features[i] = int8(r.IntN(128))
		}
	}
	for k := range fanIn {
		for c := range out {
			v := 40 + r.IntN(88)
			if c == 0 {
				v = r.IntN(22) // channel 0: |w| <= 21
			}
			if r.IntN(2) == 0 {
				v = -v
			}
			l.Weights[k*out+c] = int8(v)
		}
	}
	mean, std, err := selection.ChannelPrediction(&l, em, selection.PortA)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := selection.Validate([]selection.Layer{l}, lib, []selection.Check{{Layer: "conv2", Multiplier: "mul8u_R36"}},
		selection.ValidateOptions{Options: selection.Options{Samples: selection.AllSamples}})
	if err != nil {
		t.Fatal(err)
	}
	v := vs[0]
	if len(v.ConstantChannels) != 1 || v.ConstantChannels[0] != 0 {
		t.Errorf("validate: constant channels %v, want [0]", v.ConstantChannels)
	}
	// The channel model predicts channel 0's error as minus its whole
	// output: its predicted rms error is about the channel's own output
	// rms, far above any max_noise below 1.
	var y0, y2 float64
	for i := range rows {
		s := 0.0
		for k := range fanIn {
			s += float64(l.Features[i*fanIn+k]) * float64(l.Weights[k*out])
		}
		y0 += s
		y2 += s * s
	}
	y0 /= float64(rows)
	ystd := math.Sqrt(y2/float64(rows) - y0*y0)
	if math.Abs(mean[0]+y0) > 1e-9*math.Abs(y0) {
		t.Errorf("channel 0: predicted mean error %v, want -mean(y) = %v", mean[0], -y0)
	}
	if rms := math.Hypot(mean[0], std[0]); rms < ystd {
		t.Errorf("channel 0: predicted rms error %v below the channel's output std %v", rms, ystd)
	}
	t.Logf("mul8u_R36 on the test layer: measured std %.4g, predicted %.4g (ratio %.3g); channel 0 predicted error %.4g ± %.4g, output std %.4g",
		v.MeasuredStd, v.PredictedStd, v.Ratio, mean[0], std[0], ystd)
}
