package circuits_test

import (
	"fmt"

	"github.com/axmul/axmul/circuits"
)

// A netlist as a synthesis flow may write it: bit-blasted operand ports
// x[0], x[1] and y[0], y[1], a clock input, and a product declared p[3:2].
func ExampleAssignRoles() {
	n := &circuits.Netlist{Name: "mul2_hi"}
	n.AddPort("clk", circuits.Input, 1)
	for _, name := range []string{"x[0]", "x[1]", "y[0]", "y[1]"} {
		n.AddPort(name, circuits.Input, 1)
	}
	p := n.AddPort("p", circuits.Output, 2)
	n.Ports[len(n.Ports)-1].Lsb = 2 // output [3:2] p
	for _, b := range p.Bits {
		n.AddGate(circuits.Const0, b)
	}

	m, roles, err := circuits.AssignRoles(n, circuits.RoleOptions{Ties: []circuits.Tie{{Name: "clk", Value: false}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(roles.Regrouped)
	fmt.Printf("A=%s B=%s O=%s%s tied %v\n", roles.A, roles.B, roles.O, roles.ORange(), roles.Tied)
	fmt.Println(m) // 7 nets + 2 below [3:2]; 2 gates + 1 tie + 2 zero bits

	// Without the tie the clock has no role.
	_, _, err = circuits.AssignRoles(n, circuits.RoleOptions{})
	fmt.Println(err)
	// Output:
	// [bit-blasted ports x[0]..x[1] -> x[1:0] bit-blasted ports y[0]..y[1] -> y[1:0]]
	// A=x B=y O=p[3:2] tied [clk=0]
	// mul2_hi(in A[2], in B[2], out O[4]): 9 nets, 5 gates
	// mul2_hi: cannot tell which ports are operand A, operand B and the product (inputs: clk, x[1:0], y[1:0]; outputs: p[3:2]): use --ports A_NAME,B_NAME,O_NAME, and --tie NAME=0|1 for other inputs
}
