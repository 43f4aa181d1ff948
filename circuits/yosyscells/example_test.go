package yosyscells_test

import (
	"fmt"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/yosyscells"
)

// Build a 2x2-bit unsigned $mul into a netlist and count its gates.
func ExampleBuild() {
	nl := &circuits.Netlist{Name: "m"}
	a := nl.AddPort("A", circuits.Input, 2)
	b := nl.AddPort("B", circuits.Input, 2)
	add := yosyscells.BuilderFunc(func(k circuits.Kind, in ...circuits.Net) circuits.Net {
		out := nl.NewNet("")
		nl.AddGate(k, out, in...)
		return out
	})
	p := yosyscells.Params{"A_WIDTH": 2, "B_WIDTH": 2, "Y_WIDTH": 4}
	y, err := yosyscells.Build(add, "$mul", p, map[string][]circuits.Net{"A": a.Bits, "B": b.Bits})
	if err != nil {
		fmt.Println(err)
		return
	}
	ports, _ := yosyscells.Ports("$mul", p)
	fmt.Println(len(y), "output bits,", len(ports), "ports,", len(nl.Gates) > 0)
	_, err = yosyscells.Build(add, "$mul", yosyscells.Params{"A_WIDTH": 2}, nil)
	fmt.Println(err)
	// Output:
	// 4 output bits, 3 ports, true
	// cell $mul: parameter B_WIDTH missing
}
