package selection_test

import (
	"fmt"
	"log"
	"math"

	"github.com/axmul/axmul/selection"
)

// Rating candidates per layer: a made-up power model in which the exact
// multiplier's power grows with the layer's mean |activation| while the
// truncated ones keep their datasheet figure. In a real library the
// metric comes from simulating the netlist on the layer's operands (gen's
// Library with a Liberty file, axmul select --metric layer_power).
func ExampleWithLayerMetric() {
	lib := exampleLibrary()
	cands, _ := lib.Candidates()
	datasheet := map[string]float64{}
	for _, c := range cands {
		datasheet[c.Name] = c.Metric
	}
	rated := selection.WithLayerMetric(lib, func(l *selection.Layer, name string) (float64, error) {
		if name != "exact" {
			return datasheet[name], nil
		}
		sum := 0.0
		for _, v := range l.Features {
			sum += math.Abs(float64(v))
		}
		return sum / float64(len(l.Features)) / 32, nil
	})
	layers := selection.DemoModel()
	res, err := selection.SelectMultipliers(layers, rated, selection.Options{Seed: 1, LayerMetric: true})
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range res.Layers {
		fmt.Printf("%-5s exact %.3f mW -> %s (%.3f mW)\n", l.Name, l.MulMetrics["exact"], l.MultiplierName, l.MultiplierPerformanceMetric)
	}
	// Output:
	// conv1 exact 1.116 mW -> trunc03 (0.850 mW)
	// conv2 exact 0.279 mW -> exact (0.279 mW)
	// fc    exact 0.180 mW -> exact (0.180 mW)
}
