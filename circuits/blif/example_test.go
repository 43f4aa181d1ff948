package blif_test

import (
	"fmt"
	"os"

	"github.com/axmul/axmul/circuits/blif"
)

// Parse a two-bit half adder written with a sub-model, then write the
// flattened netlist back as BLIF.
func ExampleParse() {
	src := `# s = a ^ b, c = a & b
.model top
.inputs a b
.outputs s c
.subckt ha x=a y=b s=s c=c
.end
.model ha
.inputs x y
.outputs s c
.names x y s
01 1
10 1
.names x y c
11 1
.end
`
	n, err := blif.Parse("ha.blif", []byte(src), blif.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n)
	if err := blif.Write(os.Stdout, n); err != nil {
		fmt.Println(err)
	}
	// Output:
	// top(in a[1], in b[1], out s[1], out c[1]): 4 nets, 2 gates
	// # written by axmul
	// .model top
	// .inputs a
	// .inputs b
	// .outputs s
	// .outputs c
	// .names a b s
	// 01 1
	// 10 1
	// .names a b c
	// 11 1
	// .end
}
