package aiger_test

import (
	"fmt"
	"os"

	"github.com/axmul/axmul/circuits/aiger"
)

// Read an ASCII AIGER file (y = a AND NOT b) and write it again with
// WriteASCII. AIGER names no module, so the netlist has no name.
func ExampleParse() {
	src := "aag 3 2 0 1 1\n2\n4\n6\n6 2 5\ni0 a\ni1 b\no0 y\n"
	n, err := aiger.Parse("andnot.aag", []byte(src), aiger.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n)
	if err := aiger.WriteASCII(os.Stdout, n); err != nil {
		fmt.Println(err)
	}
	// Output:
	// (in a[1], in b[1], out y[1]): 4 nets, 2 gates
	// aag 3 2 0 1 1
	// 2
	// 4
	// 6
	// 6 5 2
	// i0 a
	// i1 b
	// o0 y
	// c
	// written by axmul
}
