package selection_test

import (
	"encoding/json"
	"fmt"
	"log"

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
