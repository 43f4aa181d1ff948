package netio_test

import (
	"fmt"
	"os"

	"github.com/axmul/axmul/circuits/netio"
	"github.com/axmul/axmul/circuits/sim/simtest"
)

// Write a netlist as BLIF and AIGER and open it again: the format follows
// the extension, and the bit-blasted ports come back as buses.
func Example() {
	dir, err := os.MkdirTemp("", "netio")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	n := simtest.ArrayMultiplier(4, 4)
	for _, name := range []string{"m.blif", "m.aig"} {
		path := dir + "/" + name
		if err := netio.WriteFile(path, n); err != nil {
			panic(err)
		}
		back, err := netio.Open(path, netio.Options{})
		if err != nil {
			panic(err)
		}
		fmt.Print(name, ":")
		for _, p := range back.Ports {
			fmt.Printf(" %s[%d]", p.Name, p.Width())
		}
		fmt.Println()
	}
	// Output:
	// m.blif: A[4] B[4] O[8]
	// m.aig: A[4] B[4] O[8]
}
