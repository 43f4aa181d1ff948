package evoapprox_test

import (
	"fmt"
	"strings"

	"github.com/axmul/axmul/evoapprox"
)

// Open detects the layout of a checkout and lists its circuits with their
// shapes, pareto sets and published power.
func ExampleOpen() {
	c, err := evoapprox.Open("testdata/repo")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Name(), c.Layout(), c.Len())
	for _, e := range c.Entries() {
		p, _ := e.Figure(evoapprox.KeyPower)
		fmt.Printf("%-12s %-14v %-30s %v\n", e.Name, e.Shape, strings.Join(e.ParetoSets, ","), p)
	}
	// Output:
	// EvoApproxLib repo 4
	// mul8s_1AA1   8x8_signed     pareto_pwr_ep,pareto_pwr_mae   0.302 mW
	// mul8s_1AA2   8x8_signed     pareto_pwr_mae                 0.370 mW
	// mul8s_1AA3   8x8_signed     pareto_pwr_ep                  0.061 mW
	// mul8x4u_0BB  8x4_unsigned   pareto_pwr_wce                 0.061 mW
}

// SearchSpace gives the candidates of a selection run, sorted by name, with
// their cost in a common unit: EvoApprox8b prints power in uW, the candidate
// value is in mW.
func ExampleCatalogue_SearchSpace() {
	c, err := evoapprox.Open("testdata/flat")
	if err != nil {
		fmt.Println(err)
		return
	}
	var lib evoapprox.Library = c
	cands, err := lib.SearchSpace("") // "" is power_mw
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, cd := range cands {
		fmt.Printf("%s %s %.4f (printed %v)\n", cd.Name, cd.Metric, cd.Value, cd.Figure)
	}
	// Output:
	// mul8_001 power_mw 0.4287 (printed 428.70 uW)
	// mul8_RippleCarryArrayMultiplier power_mw 0.3924 (printed 392.40 uW)
}

// A checker compares a recomputed figure with the published one at the
// printed precision.
func ExampleFigure_Matches() {
	c, err := evoapprox.Open("testdata/grouped")
	if err != nil {
		fmt.Println(err)
		return
	}
	e, _ := c.Lookup("mul8s_1AA1")
	mae, _ := e.Figure(evoapprox.KeyMAEPct)
	fmt.Println(mae, "±", mae.Resolution())
	fmt.Println(mae.Matches(0.0571), mae.Matches(0.0576))
	// Output:
	// 0.057 % ± 0.0005
	// true false
}

func ExampleParseName() {
	for _, n := range []string{"mul8s_1KV6", "mul8x4u_29A", "mul12u_2BU", "mul8_123", "add8_000"} {
		s, err := evoapprox.ParseName(n)
		fmt.Println(n, s, err)
	}
	// Output:
	// mul8s_1KV6 8x8_signed <nil>
	// mul8x4u_29A 8x4_unsigned <nil>
	// mul12u_2BU 12x12_unsigned <nil>
	// mul8_123 8x8_unsigned <nil>
	// add8_000 0x0_unsigned evoapprox: name "add8_000": no mul prefix (want mul<N>[x<M>]<s|u>_<id> or mul8_<id>)
}
