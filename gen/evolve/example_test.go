package evolve_test

import (
	"context"
	"fmt"

	"github.com/axmul/axmul/gen/evolve"
)

// Evolve a 4x4 unsigned multiplier with a mean absolute error of at most
// 2 from the exact array multiplier, minimising its gate count.
func ExampleRun() {
	seed, err := evolve.SpecSeed(4, 4, false, 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := evolve.ExhaustiveDomain(4, 4, false)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := evolve.MetricConstraint(d, evolve.MAE, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("seed:", len(seed.Active()), "active nodes")
	res, err := evolve.Run(context.Background(), seed, c, evolve.Gates(), evolve.Options{Seed: 1, Generations: 5000})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: feasible %v, mae %.4g, %v gates after %d generations\n", c.Name(), res.Feasible, res.Value, res.Cost, res.Generations)
	// Output:
	// seed: 64 active nodes
	// mae <= 2: feasible true, mae 1.625, 50 gates after 5000 generations
}

// Seed a genome from the built-in exact 4x4 array multiplier, look at its
// active nodes and turn it back into a netlist.
func ExampleSeed() {
	g, err := evolve.SpecSeed(4, 4, false, 5)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(g.Nodes), "nodes,", len(g.Active()), "active,", len(g.Outs), "outputs, levels-back", g.LevelsBack)
	n, err := g.Netlist("mul4u_seed")
	if err != nil {
		fmt.Println(err)
		return
	}
	st, err := n.Stats()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n)
	fmt.Println(st.Logic, "logic gates")
	// Output:
	// 69 nodes, 64 active, 8 outputs, levels-back 69
	// mul4u_seed(in A[4], in B[4], out O[8]): 80 nets, 72 gates
	// 64 logic gates
}
