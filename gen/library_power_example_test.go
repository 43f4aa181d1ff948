package gen_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/selection"
)

// Estimate the power of built-in multipliers under two layers' operands
// with the hand-made cell library of circuits/hw: an unsigned multiplier
// sees the magnitudes of the int8 values, so a layer of small operands
// switches far fewer gates than one that spans the int8 range.
func ExampleLibrary_EnableLayerPower() {
	tmp, err := os.MkdirTemp("", "axmul-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "lib")
	cells, err := liberty.ParseFile("../circuits/hw/testdata/tiny.lib")
	if err != nil {
		fmt.Println(err)
		return
	}
	// With a Liberty library the index also records est_* figures.
	if _, err := gen.Build(context.Background(), gen.BuildOptions{Builtin: true, Filter: "mul8u_trunc", Out: out, Liberty: cells}); err != nil {
		fmt.Println(err)
		return
	}
	b, err := gen.OpenBundle(out)
	if err != nil {
		fmt.Println(err)
		return
	}
	sl, err := b.Library("est_power_mw")
	if err != nil {
		fmt.Println(err)
		return
	}
	lib := sl.(*gen.Library)
	if err := lib.EnableLayerPower(gen.LayerPowerOptions{Liberty: cells, Vectors: 4096, Seed: 1}); err != nil {
		fmt.Println(err)
		return
	}
	var small, wide []int8
	for i := range 256 {
		small = append(small, int8(i%7-3)) // -3..3
		wide = append(wide, int8(i-128))   // every int8 value
	}
	layers := []selection.Layer{
		{Name: "small", FanIn: 1, Out: 4, OpCount: 1, Features: small, Weights: small[:4]},
		{Name: "wide", FanIn: 1, Out: 4, OpCount: 1, Features: wide, Weights: wide[100:104]},
	}
	cands, _ := lib.Candidates()
	for _, c := range cands[:3] {
		fmt.Printf("%-14s uniform %.4f mW", c.Name, c.Metric)
		for i := range layers {
			p, err := lib.LayerMetric(&layers[i], c.Name)
			if err != nil {
				fmt.Println(err)
				return
			}
			fmt.Printf("  %s %.4f mW", layers[i].Name, p)
		}
		fmt.Println()
	}
	// Output:
	// mul8u_trunc2   uniform 0.6035 mW  small 0.0270 mW  wide 0.4192 mW
	// mul8u_trunc4   uniform 0.5424 mW  small 0.0141 mW  wide 0.3616 mW
	// mul8u_trunc4c  uniform 0.5562 mW  small 0.0141 mW  wide 0.3766 mW
}
