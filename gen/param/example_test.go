package param_test

import (
	"fmt"
	"strings"

	"github.com/axmul/axmul/gen/param"
)

// Generate a truncated multiplier with constant correction, evaluate its
// behavioural model and look at its Verilog.
func Example() {
	s, err := param.NewTruncated(8, 8, false, 4, true)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name)
	fmt.Println(s.Description())
	model := s.Model()
	fmt.Println(model(200, 100), 200*100)
	v := string(s.Verilog())
	fmt.Println(strings.Count(v, "\nassign sig_"), "gates,", s.Gates())
	fmt.Println(strings.Contains(v, "assign O[0] = 1'b0;"))
	// Output:
	// mul8u_trunc4c
	// 8x8 unsigned truncated array multiplier, 4 columns dropped, constant correction 16
	// 20016 20000
	// 284 gates, 284
	// true
}

// The built-in library, in its fixed order.
func ExampleBuiltin() {
	for _, s := range param.Builtin() {
		fmt.Printf("%s %s %v\n", s.Name, s.Family, s.Params)
	}
	// Output:
	// mul8u_exact array map[]
	// mul8u_trunc2 trunc map[corrected:0 k:2]
	// mul8u_trunc4 trunc map[corrected:0 k:4]
	// mul8u_trunc6 trunc map[corrected:0 k:6]
	// mul8u_trunc8 trunc map[corrected:0 k:8]
	// mul8u_trunc4c trunc map[corrected:1 k:4]
	// mul8u_trunc6c trunc map[corrected:1 k:6]
	// mul8u_trunc8c trunc map[corrected:1 k:8]
	// mul8u_bam_h0v4 bam map[h:0 v:4]
	// mul8u_bam_h0v6 bam map[h:0 v:6]
	// mul8u_bam_h1v7 bam map[h:1 v:7]
	// mul8u_bam_h2v8 bam map[h:2 v:8]
	// mul8u_bam_h3v9 bam map[h:3 v:9]
	// mul8u_bam_h4v10 bam map[h:4 v:10]
	// mul8u_drum6 drum map[k:6]
	// mul8u_drum5 drum map[k:5]
	// mul8u_drum4 drum map[k:4]
	// mul8u_drum3 drum map[k:3]
	// mul8u_mitchell mitchell map[]
	// mul8s_exact array map[]
	// mul8s_trunc2 trunc map[corrected:0 k:2]
	// mul8s_trunc4 trunc map[corrected:0 k:4]
	// mul8s_trunc6 trunc map[corrected:0 k:6]
	// mul8s_trunc8 trunc map[corrected:0 k:8]
	// mul8s_trunc4c trunc map[corrected:1 k:4]
	// mul8s_trunc6c trunc map[corrected:1 k:6]
	// mul8s_trunc8c trunc map[corrected:1 k:8]
	// mul8s_bam_h0v4 bam map[h:0 v:4]
	// mul8s_bam_h0v6 bam map[h:0 v:6]
	// mul8s_bam_h1v7 bam map[h:1 v:7]
	// mul8s_bam_h2v8 bam map[h:2 v:8]
	// mul8s_bam_h3v9 bam map[h:3 v:9]
	// mul8s_bam_h4v10 bam map[h:4 v:10]
	// mul8s_drum6 drum map[k:6]
	// mul8s_drum5 drum map[k:5]
	// mul8s_drum4 drum map[k:4]
	// mul8s_drum3 drum map[k:3]
	// mul8s_mitchell mitchell map[]
}

// A signed DRUM multiplier: the model rounds the magnitudes.
func ExampleNewDRUM() {
	s, err := param.NewDRUM(8, 8, true, 4)
	if err != nil {
		fmt.Println(err)
		return
	}
	model := s.Model()
	for _, ab := range [][2]int64{{100, 100}, {-100, 100}, {-128, -128}, {7, -9}} {
		fmt.Println(ab[0], ab[1], model(ab[0], ab[1]), ab[0]*ab[1])
	}
	// Output:
	// 100 100 10816 10000
	// -100 100 -10816 -10000
	// -128 -128 20736 16384
	// 7 -9 -63 -63
}
