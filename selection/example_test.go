package selection_test

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/selection"
)

// truncated returns the int8-domain map of a multiplier that clears the k
// low bits of the exact product (rounding towards minus infinity).
func truncated(k uint) *errmap.ErrorMap {
	em, err := errmap.FromFunc(8, 8, true, func(x, w int64) int64 { return (x * w) >> k << k })
	if err != nil {
		log.Fatal(err)
	}
	return em
}

// A synthetic search space: the exact multiplier and product truncations,
// the more bits dropped the cheaper (made-up power figures).
func exampleLibrary() *selection.MapLibrary {
	var lib selection.MapLibrary
	for _, c := range []struct {
		name  string
		k     uint
		power float64
	}{{"exact", 0, 1.0}, {"trunc03", 3, 0.85}, {"trunc05", 5, 0.7}, {"trunc07", 7, 0.55}} {
		if err := lib.Add(c.name, c.power, truncated(c.k)); err != nil {
			log.Fatal(err)
		}
	}
	return &lib
}

func ExampleSelectMultipliers() {
	layers := selection.DemoModel() // synthetic three-layer model
	res, err := selection.SelectMultipliers(layers, exampleLibrary(), selection.Options{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range res.Layers {
		fmt.Printf("%-5s max_std %6.1f  predicted std: trunc03 %5.1f trunc05 %5.1f trunc07 %5.1f -> %s\n",
			l.Name, l.MaxStd, l.MulStds["trunc03"], l.MulStds["trunc05"], l.MulStds["trunc07"], l.MultiplierName)
	}
	fmt.Printf("relative energy %.3f\n", res.RelativeEnergyConsumption())
	data, _ := json.Marshal(res)
	var back selection.MatchingInfo
	if err := json.Unmarshal(data, &back); err != nil {
		log.Fatal(err)
	}
	fmt.Println("decoded layers:", len(back.Layers))
	// Output:
	// conv1 max_std   49.8  predicted std: trunc03  13.8 trunc05  52.7 trunc07 203.9 -> trunc03
	// conv2 max_std  215.4  predicted std: trunc03  33.1 trunc05 152.2 trunc07 636.2 -> trunc05
	// fc    max_std 1090.7  predicted std: trunc03  43.7 trunc05 198.8 trunc07 844.1 -> trunc07
	// relative energy 0.714
	// decoded layers: 3
}

func ExampleLoadModel() {
	// The committed synthetic test model: three layers whose tolerances
	// admit only the exact multiplier, some, and all of a small library.
	layers, err := selection.LoadModel("../testdata/model/model.json")
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range layers {
		std, err := l.OutputStd()
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %d rows x fan_in %d -> %d outputs, std(outputs) %.1f, max_noise %g\n",
			l.Name, l.Rows(), l.FanIn, l.Out, std, l.MaxNoise)
	}
	// Output:
	// conv1: 64 rows x fan_in 9 -> 4 outputs, std(outputs) 3677.2, max_noise 0.0004079
	// conv2: 48 rows x fan_in 16 -> 8 outputs, std(outputs) 1433.1, max_noise 0.02233
	// fc: 32 rows x fan_in 32 -> 4 outputs, std(outputs) 1543.2, max_noise 0.1173
}

func ExampleDeploy() {
	lib := exampleLibrary()
	res, err := selection.SelectMultipliers(selection.DemoModel(), lib, selection.Options{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	tmp, err := os.MkdirTemp("", "deploy-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "luts")
	if err := selection.Deploy(dir, res, lib); err != nil {
		log.Fatal(err)
	}
	asg, err := selection.ReadAssignment(dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range asg.Layers {
		fmt.Println(l.Name, l.MultiplierName, l.LUT)
	}
	// Output:
	// conv1 trunc03 00_conv1.npy
	// conv2 trunc05 01_conv2.npy
	// fc trunc07 02_fc.npy
}

// Validate measures the output error of the multipliers a selection chose.
// Truncation's error is mostly a bias (the mean, which the std criterion
// does not look at); its spread is a little below the population model's
// prediction on the demo model's independent features.
func ExampleValidate() {
	layers := selection.DemoModel()
	lib := exampleLibrary()
	opts := selection.Options{Seed: 1}
	res, err := selection.SelectMultipliers(layers, lib, opts)
	if err != nil {
		log.Fatal(err)
	}
	vs, err := selection.Validate(layers, lib, selection.ChecksFromResult(res), selection.ValidateOptions{Options: opts})
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range vs {
		fmt.Printf("%-5s %s: measured %7.1f ± %5.1f, predicted std %5.1f, ratio %.2f, fits %v\n",
			v.Layer, v.Multiplier, v.MeasuredMean, v.MeasuredStd, v.PredictedStd, v.Ratio, v.FitRatio <= 1)
	}
	// Output:
	// conv1 trunc03: measured   -72.7 ±  12.2, predicted std  13.8, ratio 0.88, fits true
	// conv2 trunc05: measured -1020.2 ± 122.1, predicted std 152.2, ratio 0.80, fits true
	// fc    trunc07: measured -7427.2 ± 671.2, predicted std 844.1, ratio 0.80, fits true
}
