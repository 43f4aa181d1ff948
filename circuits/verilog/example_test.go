package verilog_test

import (
	"fmt"

	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/verilog"
)

// A 2x2 multiplier in dataflow Verilog, flattened and checked against a*b.
func ExampleParse() {
	src := `
module mul2 (input [1:0] A, input [1:0] B, output [3:0] O);
  assign O = A * B;
endmodule
`
	nl, err := verilog.Parse("mul2.v", []byte(src), verilog.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(nl.Name, len(nl.InputPorts()), "inputs", len(nl.OutputPorts()), "output")
	st, _ := nl.Stats()
	fmt.Println(st.Logic > 0, st.Cells)
	// Output:
	// mul2 2 inputs 1 output
	// true 0
}

// Errors carry file:line:col positions, syntax and elaboration alike.
func ExampleParse_errors() {
	src := `module m (input a, output y, output z);
  assign y = a & b;
  assign z = a;
  assign z = ~a;
endmodule
`
	_, err := verilog.Parse("m.v", []byte(src), verilog.Options{})
	fmt.Println(err)
	// Output:
	// m.v:2:18: undeclared identifier b
	// m.v:4:10: z has multiple drivers (also driven at m.v:3:10)
}

// EvoApprox8b netlists instantiate mangled cell names; the compatibility
// rule resolves them and reports each through Verbose.
func ExampleOptions_verbose() {
	src := `module m (input a, input b, output y);
  NPDKGEPDKGENNAND2X1 u1 (.A(a), .B(b), .Y(y));
endmodule
`
	nl, err := verilog.Parse("m.v", []byte(src), verilog.Options{Verbose: func(msg string) { fmt.Println(msg) }})
	if err != nil {
		fmt.Println(err)
		return
	}
	c := nl.Cells[0]
	fmt.Println(c.Type, c.Source, c.Name, c.Outputs)
	// Output:
	// m.v:2:3: evoapprox compat: NPDKGEPDKGENNAND2X1 -> NAND2X1
	// NAND2X1 NPDKGEPDKGENNAND2X1 u1 [Y]
}

// cells is a CellResolver with one cell; real code uses
// verilog.LibertyCells(lib) with a library from liberty.ParseFile.
type cells map[string]*verilog.CellFunc

func (c cells) CellFunction(name string) (*verilog.CellFunc, bool) {
	f, ok := c[name]
	return f, ok
}

// Standard cells defined only in a library take their functions from it.
func ExampleCellResolver() {
	ys, _ := liberty.ParseFunction("(A^B)")
	yc, _ := liberty.ParseFunction("(A B)")
	lib := cells{"HAX1": {Name: "HAX1", Inputs: []string{"A", "B"},
		Outputs: []verilog.CellOutput{{Pin: "YC", Function: yc}, {Pin: "YS", Function: ys}}}}
	src := `module ha (input a, input b, output s, output c);
  HAX1 U1 (.A(a), .B(b), .YS(s), .YC(c));
endmodule
`
	nl, err := verilog.Parse("ha.v", []byte(src), verilog.Options{Cells: lib})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range nl.Gates {
		fmt.Println(g.Kind, g.Cell, g.Pos)
	}
	// Output:
	// AND 0 ha.v:2:3
	// XOR 0 ha.v:2:3
}

// Modules lists the modules of a file and who instantiates them.
func ExampleModules() {
	src := `module top (input a, output y); inv u (.i(a), .o(y)); endmodule
module inv (input i, output o); assign o = ~i; endmodule
`
	mods, err := verilog.Modules("t.v", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range mods {
		fmt.Println(m.Name, m.Pos, m.Instantiates, m.InstantiatedBy)
	}
	// Output:
	// top t.v:1:8 [inv] []
	// inv t.v:2:8 [] [top]
}
