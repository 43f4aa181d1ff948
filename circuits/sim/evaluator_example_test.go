package sim_test

import (
	"fmt"

	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/circuits/sim/simtest"
)

// Run a 4x4 multiplier on all 256 operand pairs (4 words of 64 vectors)
// with an Evaluator, whose buffers are reused from run to run, and read
// the product of 13 and 11 back from the output bits.
func ExampleEvaluator() {
	p, err := sim.Compile(simtest.ArrayMultiplier(4, 4))
	if err != nil {
		fmt.Println(err)
		return
	}
	ev, err := p.NewEvaluator(4)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Vector v has A = v & 15 and B = v >> 4; input bit i is A bit i for
	// i < 4, else B bit i-4.
	for i := range p.NumInputs {
		in := ev.Input(i)
		for v := range 256 {
			if v>>i&1 != 0 {
				in[v/64] |= 1 << (v % 64)
			} else {
				in[v/64] &^= 1 << (v % 64)
			}
		}
	}
	if err := ev.Run(); err != nil {
		fmt.Println(err)
		return
	}
	v := 11<<4 | 13
	prod := 0
	for i := range p.Outputs {
		prod |= int(ev.Output(i)[v/64]>>(v%64)&1) << i
	}
	fmt.Println(p.NumInputs, len(p.Outputs), prod)
	// Output: 8 8 143
}
