package selection

import (
	"math"
	"math/rand/v2"
)

// demoSeed seeds the generator of DemoModel.
const demoSeed = 0x5e1ec7

// demoLayerSpec describes one synthetic layer of DemoModel.
type demoLayerSpec struct {
	name      string
	fanIn     int
	out       int
	rows      int
	maxNoise  float64
	signedIn  bool    // operands of a normalised input image rather than ReLU outputs
	actScale  float64 // scale of the feature distribution
	weightDev float64 // scale (mean absolute value) of the Laplacian weights
}

// demoSpecs returns the layers of DemoModel.
func demoSpecs() []demoLayerSpec {
	return []demoLayerSpec{
		{name: "conv1", fanIn: 27, out: 16, rows: 1024, maxNoise: 0.005, signedIn: true, actScale: 45, weightDev: 30},
		{name: "conv2", fanIn: 144, out: 32, rows: 512, maxNoise: 0.05, actScale: 18, weightDev: 14},
		{name: "fc", fanIn: 256, out: 10, rows: 64, maxNoise: 0.5, actScale: 12, weightDev: 9},
	}
}

// DemoModel returns a small SYNTHETIC three-layer model (conv1, conv2, fc)
// generated from a fixed-seed PCG, so that selection can be tried without
// any files. It is not data from a trained network: features of conv1 are
// normal around 0 (a normalised input image), features of conv2 and fc are
// ReLU-like (about half zeros, an exponential tail of small positive
// values, with a per-row intensity), weights are Laplacian around 0; all are
// clipped to -128..127. Outputs are left nil (computed as Features @
// Weights). Every call returns a fresh, identical model.
func DemoModel() []Layer {
	rng := rand.New(rand.NewPCG(demoSeed, 0))
	specs := demoSpecs()
	layers := make([]Layer, len(specs))
	for i, s := range specs {
		l := Layer{
			Name:     s.name,
			FanIn:    s.fanIn,
			Out:      s.out,
			MaxNoise: s.maxNoise,
			OpCount:  float64(s.rows * s.fanIn * s.out),
			Features: make([]int8, s.rows*s.fanIn),
			Weights:  make([]int8, s.fanIn*s.out),
		}
		for r := range s.rows {
			intensity := 0.5 + rng.Float64() // per-row (spatial) variation
			row := l.Features[r*s.fanIn : (r+1)*s.fanIn]
			for k := range row {
				var v float64
				switch {
				case s.signedIn:
					v = rng.NormFloat64() * s.actScale * intensity
				case rng.Float64() < 0.5:
					v = 0
				default:
					v = rng.ExpFloat64() * s.actScale * intensity
				}
				row[k] = clampInt8(v)
			}
		}
		for k := range l.Weights {
			v := rng.ExpFloat64() * s.weightDev
			if rng.IntN(2) == 0 {
				v = -v
			}
			l.Weights[k] = clampInt8(v)
		}
		layers[i] = l
	}
	return layers
}

// clampInt8 rounds v to the nearest integer and clips it to -128..127.
func clampInt8(v float64) int8 {
	return int8(math.Max(-128, math.Min(127, math.Round(v))))
}
