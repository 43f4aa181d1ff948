package selection

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/axmul/axmul/errmap"
)

// updateTestdata regenerates ../testdata/model: go test ./selection -run TestTestdataModel -update
var updateTestdata = flag.Bool("update", false, "rewrite testdata/model from genTestModel")

const testModelDir = "../testdata/model"

// testModelLayer describes one layer of the committed test model.
type testModelLayer struct {
	name        string
	fanIn, out  int
	featShape   []int // last dimension fanIn
	featDtype   string
	signedFeats bool
	weightDtype string
	outDtype    string // "" means no outputs file
	outNCP      bool   // write outputs as [N, C, P] (PyTorch conv order) rather than [rows, out]
	// ratio is max_std / sqrt(fanIn): the sign maps sgnD predict an output
	// error std of exactly D·sqrt(fanIn) (see sgnMap), so ratio 0.5 admits
	// only exact, 8 admits sgn1 and sgn4, 32 admits everything.
	ratio float64
}

var testModelLayers = []testModelLayer{
	{name: "conv1", fanIn: 9, out: 4, featShape: []int{4, 16, 9}, featDtype: "i1", signedFeats: true,
		weightDtype: "i1", outDtype: "i4", outNCP: true, ratio: 0.5},
	{name: "conv2", fanIn: 16, out: 8, featShape: []int{2, 4, 6, 16}, featDtype: "f4",
		weightDtype: "i2", ratio: 8},
	{name: "fc", fanIn: 32, out: 4, featShape: []int{32, 32}, featDtype: "i2",
		weightDtype: "f8", outDtype: "f8", ratio: 32},
}

// genTestModel returns the files of the committed test model (model.json
// and the .npy tensors), generated from a fixed-seed PCG.
func genTestModel() (map[string][]byte, error) {
	rng := rand.New(rand.NewPCG(2022, 7))
	files := map[string][]byte{}
	type entry struct {
		Name     string  `json:"name"`
		FanIn    int     `json:"fan_in"`
		OpCount  int     `json:"opcount"`
		MaxNoise float64 `json:"max_noise"`
		Features string  `json:"features"`
		Weights  string  `json:"weights"`
		Outputs  string  `json:"outputs,omitempty"`
	}
	var man struct {
		Layers []entry `json:"layers"`
	}
	for _, spec := range testModelLayers {
		n := 1
		for _, s := range spec.featShape {
			n *= s
		}
		rows := n / spec.fanIn
		feats := make([]int8, n)
		for r := range rows {
			intensity := 0.5 + rng.Float64()
			for k := range spec.fanIn {
				var v float64
				switch {
				case spec.signedFeats:
					v = rng.NormFloat64() * 40 * intensity
				case rng.Float64() < 0.5:
				default:
					v = rng.ExpFloat64() * 15 * intensity
				}
				feats[r*spec.fanIn+k] = clampInt8(v)
			}
		}
		// Balanced signs: as many weights >= 0 as < 0 (v and -v-1).
		weights := make([]int8, spec.fanIn*spec.out)
		for i := 0; i < len(weights); i += 2 {
			v := clampInt8(math.Min(127, rng.ExpFloat64()*20))
			if v < 0 {
				v = 0
			}
			weights[i], weights[i+1] = v, -v-1
		}
		rng.Shuffle(len(weights), func(i, j int) { weights[i], weights[j] = weights[j], weights[i] })

		l := Layer{Name: spec.name, FanIn: spec.fanIn, Out: spec.out, Features: feats, Weights: weights}
		if err := l.ComputeOutputs(); err != nil {
			return nil, err
		}
		std := popStd(l.Outputs)
		noise, err := strconv.ParseFloat(fmt.Sprintf("%.4g", spec.ratio*math.Sqrt(float64(spec.fanIn))/std), 64)
		if err != nil {
			return nil, err
		}
		e := entry{Name: spec.name, FanIn: spec.fanIn, OpCount: rows * spec.fanIn * spec.out, MaxNoise: noise,
			Features: spec.name + "_features.npy", Weights: spec.name + "_weights.npy"}
		files[e.Features] = encodeNPY(spec.featDtype, spec.featShape, int8sToFloats(feats))
		files[e.Weights] = encodeNPY(spec.weightDtype, []int{spec.fanIn, spec.out}, int8sToFloats(weights))
		if spec.outDtype != "" {
			e.Outputs = spec.name + "_outputs.npy"
			shape, vals := []int{rows, spec.out}, l.Outputs
			if spec.outNCP {
				// [N, C, P]: rows are N·P positions, channels C = out.
				nimg := spec.featShape[0]
				p := rows / nimg
				shape = []int{nimg, spec.out, p}
				vals = make([]float64, len(l.Outputs))
				for img := range nimg {
					for c := range spec.out {
						for q := range p {
							vals[(img*spec.out+c)*p+q] = l.Outputs[(img*p+q)*spec.out+c]
						}
					}
				}
			}
			files[e.Outputs] = encodeNPY(spec.outDtype, shape, vals)
		}
		man.Layers = append(man.Layers, e)
	}
	js, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return nil, err
	}
	files["model.json"] = append(js, '\n')
	return files, nil
}

// TestTestdataModel checks that the committed test model is what
// genTestModel writes (run with -update to rewrite it).
func TestTestdataModel(t *testing.T) {
	files, err := genTestModel()
	if err != nil {
		t.Fatal(err)
	}
	if *updateTestdata {
		if err := os.MkdirAll(testModelDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, data := range files {
			if err := os.WriteFile(filepath.Join(testModelDir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	total := 0
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(testModelDir, name))
		if err != nil {
			t.Fatalf("%v (regenerate with -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from genTestModel's output (regenerate with -update)", name)
		}
		total += len(got)
	}
	if total > 16<<10 {
		t.Errorf("test model is %d bytes, want a few KB", total)
	}
}

// sgnMap returns the int8-domain map with error d·sgn(w) (sgn(w) = +1 for
// w >= 0, -1 otherwise). With a weight distribution of balanced signs every
// sample has error mean 0 and variance d², so the population model predicts
// a per-multiplication std of d/sqrt(fanIn), i.e. an output std of
// d·sqrt(fanIn), whatever the features.
func sgnMap(t testing.TB, d int64) *errmap.ErrorMap {
	em, err := errmap.FromFunc(8, 8, true, func(x, w int64) int64 {
		if w >= 0 {
			return x*w + d
		}
		return x*w - d
	})
	if err != nil {
		t.Fatal(err)
	}
	return em
}

// sgnLibrary is the search space of the test model: the exact multiplier
// and three sign maps, added out of name order.
func sgnLibrary(t testing.TB) *MapLibrary {
	var lib MapLibrary
	for _, c := range []struct {
		name   string
		d      int64
		metric float64
	}{{"sgn4", 4, 3}, {"exact", 0, 10}, {"sgn16", 16, 1}, {"sgn1", 1, 6}} {
		if err := lib.Add(c.name, c.metric, sgnMap(t, c.d)); err != nil {
			t.Fatal(err)
		}
	}
	return &lib
}
