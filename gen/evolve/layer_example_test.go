package evolve_test

import (
	"fmt"

	"github.com/axmul/axmul/gen/evolve"
	"github.com/axmul/axmul/selection"
)

// ExampleNewLayerConstraint builds the constraint of the demo model's ReLU
// layer conv2 for unsigned circuits: its domain holds the operand pairs
// the layer makes possible, and its bound is the layer's max_std.
func ExampleNewLayerConstraint() {
	l := &selection.DemoModel()[1]
	lc, err := evolve.NewLayerConstraint(l, evolve.LayerOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	d := lc.Domain()
	fmt.Println(lc.Name())
	fmt.Printf("%d of %d operand pairs, activations on port %s\n", d.Pairs, 1<<16, lc.Port())
	// Output:
	// layer conv2 std <= 215.4
	// 11303 of 65536 operand pairs, activations on port A
}
