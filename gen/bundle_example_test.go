package gen_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/axmul/axmul/gen"
)

// Build a bundle from a folder of netlists, open it and read a map.
func ExampleBuild() {
	tmp, err := os.MkdirTemp("", "axmul-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "lib")
	sum, err := gen.Build(context.Background(), gen.BuildOptions{Source: "testdata/bundle", Out: out})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("circuits:", sum.Circuits)
	b, err := gen.OpenBundle(out)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range b.Entries() {
		fmt.Printf("%-12s %dx%d MAE %.4g WCE %d EP %.2f%% power %q\n", e.Name, e.ABits, e.BBits,
			e.Metrics.MAE, e.Metrics.WCE, e.Metrics.EPPct, e.Published["power_mw"].Text)
	}
	em, err := b.ErrorMap("mul2u_apx")
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := em.Approx(3, 3)
	e, _ := em.Error(3, 3)
	fmt.Println("mul2u_apx(3, 3) =", p, "error", e)
	// Output:
	// circuits: 4
	// mul2u_apx    2x2 MAE 0.125 WCE 2 EP 6.25% power "0.006"
	// mul2u_exact  2x2 MAE 0 WCE 0 EP 0.00% power "0.010"
	// mul3x2u_tr1  3x2 MAE 0.25 WCE 1 EP 25.00% power ""
	// plainmul     2x2 MAE 0 WCE 0 EP 0.00% power ""
	// mul2u_apx(3, 3) = 7 error -2
}

// Select from the built-in truncated multipliers by gate count.
func ExampleBundle_Library() {
	tmp, err := os.MkdirTemp("", "axmul-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "lib")
	if _, err := gen.Build(context.Background(), gen.BuildOptions{Builtin: true, Filter: "mul8u_trunc", Out: out}); err != nil {
		fmt.Println(err)
		return
	}
	b, err := gen.OpenBundle(out)
	if err != nil {
		fmt.Println(err)
		return
	}
	lib, err := b.Library("gates")
	if err != nil {
		fmt.Println(err)
		return
	}
	cands, _ := lib.Candidates()
	for _, c := range cands {
		em, err := lib.ErrorMap(c.Name)
		if err != nil {
			fmt.Println(err)
			return
		}
		e, _ := em.Error(-128, 127) // int8 domain: sign-magnitude use of the unsigned circuit
		fmt.Printf("%-14s gates %3.0f  error(-128, 127) = %d\n", c.Name, c.Metric, e)
	}
	// -128*127 is -(128*127); 128*127 has partial products in columns 7..13
	// only, so dropping up to 6 columns changes nothing, dropping 8 loses
	// 2^7 (error +128), and a correction constant C adds -C.
	// Output:
	// mul8u_trunc2   gates 312  error(-128, 127) = 0
	// mul8u_trunc4   gates 280  error(-128, 127) = 0
	// mul8u_trunc4c  gates 284  error(-128, 127) = -16
	// mul8u_trunc6   gates 224  error(-128, 127) = 0
	// mul8u_trunc6c  gates 228  error(-128, 127) = -64
	// mul8u_trunc8   gates 142  error(-128, 127) = 128
	// mul8u_trunc8c  gates 154  error(-128, 127) = -384
}
