package hw_test

import (
	"fmt"
	"log"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/hw"
	"github.com/axmul/axmul/circuits/liberty"
)

// aoiNetlist builds y = !((a & b) | c) from expression gates.
func aoiNetlist() *circuits.Netlist {
	n := &circuits.Netlist{Name: "aoi"}
	a := n.AddPort("a", circuits.Input, 1).Bits[0]
	b := n.AddPort("b", circuits.Input, 1).Bits[0]
	c := n.AddPort("c", circuits.Input, 1).Bits[0]
	y := n.AddPort("y", circuits.Output, 1).Bits[0]
	ab, or := n.NewNet("ab"), n.NewNet("or")
	n.AddGate(circuits.And, ab, a, b)
	n.AddGate(circuits.Or, or, ab, c)
	n.AddGate(circuits.Not, y, or)
	return n
}

func ExampleMap() {
	lib, err := liberty.ParseFile("testdata/tiny.lib")
	if err != nil {
		log.Fatal(err)
	}
	m, err := hw.Map(aoiNetlist(), lib)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.CellCounts(), "area", m.Area())
	// Output:
	// map[AOI21X1:1] area 2.5
}

func ExampleMapped_STA() {
	lib, err := liberty.ParseFile("testdata/tiny.lib")
	if err != nil {
		log.Fatal(err)
	}
	m, err := hw.Map(aoiNetlist(), lib)
	if err != nil {
		log.Fatal(err)
	}
	sta, err := m.STA(hw.Options{InputSlew: 0.1, OutputLoad: 0.01, WireCapPerFanout: 0.001})
	if err != nil {
		log.Fatal(err)
	}
	// AOI21X1 in tiny.lib: cell_rise = 0.016 + 3·C + 0.1·S at C = 0.011 pF,
	// S = 0.1 ns.
	fmt.Printf("%.3f ns at %s\n", sta.Delay, sta.Output)
	for _, s := range sta.Path {
		fmt.Printf("%s %s %s %.3f\n", s.Instance, s.Net, s.Edge, s.Arrival)
	}
	// Output:
	// 0.059 ns at y[0]
	//  a[0] fall 0.000
	// m2 y[0] rise 0.059
}

func ExampleMapped_Power() {
	lib, err := liberty.ParseFile("testdata/tiny.lib")
	if err != nil {
		log.Fatal(err)
	}
	m, err := hw.Map(aoiNetlist(), lib)
	if err != nil {
		log.Fatal(err)
	}
	opts := m.DefaultPowerOptions() // 1 GHz, nom_voltage, 65536 uniform random vectors
	p, err := m.Power(opts)
	if err != nil {
		log.Fatal(err)
	}
	y, _ := m.Source.Port("y")
	fmt.Printf("toggle rate of y %.2f, total %.4f mW (switching %.4f, internal %.4f, leakage %.6f)\n",
		p.Activity.Rate(y.Bits[0]), p.Total, p.Switching, p.Internal, p.Leakage)
	// y = !((a & b) | c) is 1 with probability 3/8, so it toggles with
	// probability 2·(3/8)·(5/8) ≈ 0.47 per cycle.
	// Output:
	// toggle rate of y 0.47, total 0.0038 mW (switching 0.0029, internal 0.0009, leakage 0.000003)
}

func ExampleToggleCount() {
	// Vectors 0..7 of a net: 0,1,1,0,1,0,0,0 (bit v of the word).
	w := uint64(0b00010110)
	fmt.Println(hw.ToggleCount([]uint64{w}, (w&1)<<63))
	// Output:
	// 4
}

func ExampleEstimateCost() {
	lib, err := liberty.ParseFile("testdata/tiny.lib")
	if err != nil {
		log.Fatal(err)
	}
	c, err := hw.EstimateCost(aoiNetlist(), lib, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d cell, %.1f um², %.4f ns, %.4f mW at %g GHz\n", c.Cells, c.AreaUm2, c.DelayNs, c.PowerMW, c.FrequencyGHz)
	// The delay is AOI21X1's cell_rise 0.016 + 3·C + 0.1·S at the default
	// load C = 0.003 pF (wire 0.001 + output 0.002) and input slew
	// S = 0.0335 ns (tiny.lib's FO4 inverter slew).
	// Output:
	// 1 cell, 2.5 um², 0.0284 ns, 0.0038 mW at 1 GHz
}

func ExampleHistogramStimulus() {
	lib, err := liberty.ParseFile("testdata/tiny.lib")
	if err != nil {
		log.Fatal(err)
	}
	m, err := hw.Map(aoiNetlist(), lib)
	if err != nil {
		log.Fatal(err)
	}
	// Input a is 1 one time in ten; b and c are fair coins. (For an int8
	// multiplier, pass Int8Histogram of the layer's activation and weight
	// distributions, with TwosComplement for a signed circuit or
	// SignMagnitude for an unsigned one.)
	fair := hw.Histogram{Lo: 0, Weights: []float64{1, 1}}
	hists := []hw.Histogram{{Lo: 0, Weights: []float64{0.9, 0.1}}, fair, fair}
	stim, err := hw.HistogramStimulus(hists, []int{1, 1, 1}, hw.Unsigned, 7)
	if err != nil {
		log.Fatal(err)
	}
	opts := m.DefaultPowerOptions()
	uniform, err := m.Power(opts)
	if err != nil {
		log.Fatal(err)
	}
	opts.Stimulus = stim
	skewed, err := m.Power(opts)
	if err != nil {
		log.Fatal(err)
	}
	a, _ := m.Source.Port("a")
	fmt.Printf("toggle rate of a: %.2f uniform, %.2f skewed\n", uniform.Activity.Rate(a.Bits[0]), skewed.Activity.Rate(a.Bits[0]))
	fmt.Println("skewed uses less power:", skewed.Total < uniform.Total)
	// A bit that is 1 with probability p toggles with probability 2p(1-p):
	// 0.5 for p = 1/2, 0.18 for p = 0.1.
	// Output:
	// toggle rate of a: 0.50 uniform, 0.18 skewed
	// skewed uses less power: true
}
