package liberty_test

import (
	"fmt"

	"github.com/axmul/axmul/circuits/liberty"
)

func ExampleParseFunction() {
	// The MUX2X1 output function of gscl45nm.lib.
	e, err := liberty.ParseFunction("(!((S A) + (!S B)))")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e)
	fmt.Println(e.Vars())
	in := map[string]bool{"S": true, "A": false, "B": true}
	fmt.Println(e.Eval(func(pin string) bool { return in[pin] }))
	// Output:
	// !(S & A | !S & B)
	// [S A B]
	// true
}

func ExampleTable_Lookup() {
	t := &liberty.Table{
		Index1: []float64{1, 3},   // e.g. output load
		Index2: []float64{10, 20}, // e.g. input transition
		Values: [][]float64{{1, 2}, {3, 4}},
	}
	fmt.Println(t.Lookup(3, 10)) // grid point
	fmt.Println(t.Lookup(2, 15)) // bilinear interpolation
	fmt.Println(t.Lookup(5, 10)) // linear extrapolation
	// Output:
	// 3
	// 2.5
	// 5
}

func ExampleParse() {
	src := `library (demo) {
  capacitive_load_unit (1, pf) ;
  cell (HAX1) {
    area : 4.693 ;
    pin (A) { direction : input ; capacitance : 0.0046 ; }
    pin (B) { direction : input ; capacitance : 0.0038 ; }
    pin (YC) { direction : output ; function : "(A B)" ; }
    pin (YS) { direction : output ; function : "(A^B)" ; }
  }
}`
	lib, err := liberty.Parse("demo.lib", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	c := lib.Cell("HAX1")
	fmt.Println(c.Area, len(c.Inputs()))
	for _, p := range c.Outputs() {
		fmt.Println(p.Name, "=", p.Function)
	}
	// Output:
	// 4.693 2
	// YC = A & B
	// YS = A ^ B
}
