package selection

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/internal/cputime"
)

// benchLibrary returns n synthetic int8 maps: products with seeded random
// errors of growing spread, metrics decreasing with the spread.
func benchLibrary(b *testing.B, n int) *MapLibrary {
	var lib MapLibrary
	for i := range n {
		rng := rand.New(rand.NewPCG(uint64(i), 3))
		spread := int64(i)
		em, err := errmap.FromFunc(8, 8, true, func(x, w int64) int64 {
			return x*w + rng.Int64N(2*spread+1) - spread
		})
		if err != nil {
			b.Fatal(err)
		}
		if err := lib.Add(fmt.Sprintf("mul8s_%03d", i), float64(n-i), em); err != nil {
			b.Fatal(err)
		}
	}
	return &lib
}

// writeBenchModel writes a one-layer model of rows x fanIn int8 features
// and fanIn x out int8 weights (with int32 outputs if withOutputs).
func writeBenchModel(b *testing.B, rows, fanIn, out int, withOutputs bool) string {
	dir := b.TempDir()
	rng := rand.New(rand.NewPCG(7, 7))
	l := Layer{Name: "conv", FanIn: fanIn, Out: out, Features: make([]int8, rows*fanIn), Weights: make([]int8, fanIn*out)}
	for i := range l.Features {
		if rng.IntN(2) == 0 {
			l.Features[i] = clampInt8(rng.ExpFloat64() * 20)
		}
	}
	for i := range l.Weights {
		l.Weights[i] = clampInt8(rng.NormFloat64() * 25)
	}
	files := map[string][]byte{
		"f.npy": encodeNPY("i1", []int{rows, fanIn}, int8sToFloats(l.Features)),
		"w.npy": encodeNPY("i1", []int{fanIn, out}, int8sToFloats(l.Weights)),
	}
	outputs := ""
	if withOutputs {
		if err := l.ComputeOutputs(); err != nil {
			b.Fatal(err)
		}
		files["o.npy"] = encodeNPY("i4", []int{rows, out}, l.Outputs)
		outputs = `, "outputs": "o.npy"`
	}
	files["model.json"] = []byte(fmt.Sprintf(`{"layers": [{"name": "conv", "fan_in": %d, "opcount": %d, "max_noise": 0.05, "features": "f.npy", "weights": "w.npy"%s}]}`,
		fanIn, rows*fanIn*out, outputs))
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return filepath.Join(dir, "model.json")
}

// BenchmarkSelectLayer is the end-to-end selection for one layer of 20,000
// rows x fan_in 576 (64 outputs) against 505 synthetic error maps using
// every row: reading the .npy inputs, std(outputs), the population model
// and 505 predictions.
func BenchmarkSelectLayer(b *testing.B) {
	lib := benchLibrary(b, 505)
	for _, withOutputs := range []bool{true, false} {
		path := writeBenchModel(b, 20000, 576, 64, withOutputs)
		b.Run(fmt.Sprintf("outputs=%v", withOutputs), func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				layers, err := LoadModel(path)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := SelectMultipliers(layers, lib, Options{Samples: AllSamples}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// fileLibrary is a Library whose maps are .npy files read with
// errmap.ReadNPY on every ErrorMap call, like a library bundle opened for
// one selection (each map read once).
type fileLibrary struct {
	cands []Candidate
	dir   string
}

func (lib *fileLibrary) Candidates() ([]Candidate, error) { return lib.cands, nil }

func (lib *fileLibrary) ErrorMap(name string) (*errmap.ErrorMap, error) {
	return errmap.ReadNPY(filepath.Join(lib.dir, name+".npy"), true)
}

// writeFileLibrary writes the maps of lib to a temporary folder as int32
// .npy files (the layout of a bundle's int8 maps).
func writeFileLibrary(b *testing.B, lib *MapLibrary) *fileLibrary {
	fl := &fileLibrary{dir: b.TempDir()}
	cands, _ := lib.Candidates()
	for _, c := range cands {
		em, _ := lib.ErrorMap(c.Name)
		if err := em.WriteNPY(filepath.Join(fl.dir, c.Name+".npy")); err != nil {
			b.Fatal(err)
		}
	}
	fl.cands = cands
	return fl
}

// BenchmarkSelectLayerFiles is BenchmarkSelectLayer with the 505 maps read
// from .npy files during the selection: the whole path of axmul select
// except opening a bundle's index.
func BenchmarkSelectLayerFiles(b *testing.B) {
	lib := writeFileLibrary(b, benchLibrary(b, 505))
	for _, withOutputs := range []bool{true, false} {
		path := writeBenchModel(b, 20000, 576, 64, withOutputs)
		b.Run(fmt.Sprintf("outputs=%v", withOutputs), func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				layers, err := LoadModel(path)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := SelectMultipliers(layers, lib, Options{Samples: AllSamples}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSelectStages times the stages of BenchmarkSelectLayer separately.
func BenchmarkSelectStages(b *testing.B) {
	lib := benchLibrary(b, 505)
	path := writeBenchModel(b, 20000, 576, 64, true)
	layers, err := LoadModel(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("load", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			if _, err := LoadModel(path); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("outputs", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			l := layers[0]
			l.Outputs = nil
			if err := l.ComputeOutputs(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("prepare", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			if _, err := prepare(&layers[0], Options{Samples: AllSamples}); err != nil {
				b.Fatal(err)
			}
		}
	})
	pl, err := prepare(&layers[0], Options{Samples: AllSamples})
	if err != nil {
		b.Fatal(err)
	}
	cands, _ := searchSpace(lib)
	b.Run("predict505", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			if _, err := predictAll(context.Background(), []preparedLayer{pl}, lib, cands, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// reportCPU reports the process CPU time (user + system, all threads) per
// operation as cpu-ms/op: on a shared, overloaded machine it is a steadier
// measure of the work than wall time. Use as defer reportCPU(b)().
func reportCPU(b *testing.B) func() {
	start, _ := cputime.Process()
	return func() {
		end, _ := cputime.Process()
		b.ReportMetric(float64(end-start)/1e6/float64(b.N), "cpu-ms/op")
	}
}
