package sim_test

import (
	"context"
	"fmt"

	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/circuits/sim/simtest"
)

// An exact 4x4 multiplier: the truth table, indexed by b<<4 | a.
func ExampleMultiplier_Products() {
	mu, err := sim.NewMultiplier(simtest.ArrayMultiplier(4, 4))
	if err != nil {
		fmt.Println(err)
		return
	}
	table, err := mu.Products()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(table), table[3<<4|5], table[15<<4|15])
	// Output: 256 15 225
}

// Exhaustive streams blocks to one sink per worker; here each worker
// counts the pairs whose product exceeds 200.
func ExampleMultiplier_Exhaustive() {
	mu, err := sim.NewMultiplier(simtest.ArrayMultiplier(8, 8))
	if err != nil {
		fmt.Println(err)
		return
	}
	counts := make([]int, 2)
	err = mu.Exhaustive(context.Background(), 2, func(w int) func(*sim.Block) {
		return func(b *sim.Block) {
			for _, o := range b.Out {
				if o > 200 {
					counts[w]++
				}
			}
		}
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(counts[0] + counts[1])
	// Output: 63927
}

// Eval on bit-sliced words: bit v of each word is input vector v.
func ExampleProgram_Eval() {
	p, err := sim.Compile(simtest.ArrayMultiplier(2, 2))
	if err != nil {
		fmt.Println(err)
		return
	}
	// Vector 0: A=3, B=2. Vector 1: A=1, B=3.
	out, err := p.Eval([][]uint64{{0b11}, {0b01}, {0b10}, {0b11}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for v := range 2 {
		prod := 0
		for bit := range out {
			prod |= int(out[bit][0]>>v&1) << bit
		}
		fmt.Println(prod)
	}
	// Output:
	// 6
	// 3
}

// Holding B at 1 reduces an 8x8 array multiplier to a copy of A: one
// CONST0 instruction is left (for the product's zero bits), and the
// outputs read A's input slots.
func ExampleProgram_Specialize() {
	p, err := sim.Compile(simtest.ArrayMultiplier(8, 8))
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := p.InputPort("B")
	tie := make([]int8, p.NumInputs)
	for i := range tie {
		tie[i] = -1
	}
	for i := range b.Width {
		tie[b.Offset+i] = 0
	}
	tie[b.Offset] = 1 // B = 1
	q, err := p.Specialize(tie)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(p.Code) > 100, len(q.Code), q.Code[0].Op, q.Outputs[:3])
	// Output: true 1 CONST0 [0 1 2]
}
