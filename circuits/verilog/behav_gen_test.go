package verilog

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/axmul/axmul/gen/param"
)

// genCase is one parametric multiplier and the instance of the
// behavioural RTL (testdata/verilog/behav/gen/multipliers.v) that
// describes it.
type genCase struct {
	spec   param.Spec
	module string // module and parameter overrides
}

func genCases(t testing.TB) []genCase {
	t.Helper()
	must := func(s param.Spec, err error) param.Spec {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	b := func(signed bool) int {
		if signed {
			return 1
		}
		return 0
	}
	var cs []genCase
	for _, sz := range [][2]int{{8, 8}, {6, 4}} {
		n, m := sz[0], sz[1]
		for _, s := range []bool{false, true} {
			pp := func(h, v, corr int) string {
				return fmt.Sprintf("mul_pp #(.N(%d), .M(%d), .SIGNED(%d), .H(%d), .V(%d), .CORR(%d))", n, m, b(s), h, v, corr)
			}
			cs = append(cs,
				genCase{must(param.NewArray(n, m, s)), pp(0, 0, 0)},
				genCase{must(param.NewTruncated(n, m, s, 4, false)), pp(0, 4, 0)},
				genCase{must(param.NewTruncated(n, m, s, 5, true)), pp(0, 5, 1)},
				genCase{must(param.NewBAM(n, m, s, 1, n-1)), pp(1, n-1, 0)},
				genCase{must(param.NewBAM(n, m, s, 2, 3)), pp(2, 3, 0)},
				genCase{must(param.NewDRUM(n, m, s, 4)), fmt.Sprintf("mul_drum #(.N(%d), .M(%d), .K(4), .SIGNED(%d))", n, m, b(s))},
				genCase{must(param.NewMitchell(n, m, s)), fmt.Sprintf("mul_mitchell #(.N(%d), .M(%d), .SIGNED(%d))", n, m, b(s))},
			)
			if n == 8 {
				cs = append(cs, genCase{must(param.NewDRUM(n, m, s, 6)), fmt.Sprintf("mul_drum #(.N(8), .M(8), .K(6), .SIGNED(%d))", b(s))})
			}
		}
	}
	return cs
}

// behavGenSource returns the behavioural RTL with a top module
// instantiating one multiplier.
func behavGenSource(t testing.TB, c genCase) (string, []byte) {
	t.Helper()
	file := filepath.Join(behavDir, "gen", "multipliers.v")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	n, m := c.spec.ABits, c.spec.BBits
	top := fmt.Sprintf("\nmodule top (input [%d:0] A, input [%d:0] B, output [%d:0] O);\n  %s u (.A(A), .B(B), .O(O));\nendmodule\n", n-1, m-1, n+m-1, c.module)
	return file, append(src, top...)
}

// TestBehavGenerators checks that the behavioural RTL of gen/param's
// multipliers, read directly, equals the generated netlists on every
// input pair.
func TestBehavGenerators(t *testing.T) {
	for _, c := range genCases(t) {
		t.Run(c.spec.Name, func(t *testing.T) {
			file, src := behavGenSource(t, c)
			nl, err := Parse(file, src, Options{Top: "top"})
			if err != nil {
				t.Fatal(err)
			}
			ref, err := Parse(c.spec.Name+".v", c.spec.Verilog(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, want := truthTable(t, nl), truthTable(t, ref)
			if got != want {
				t.Fatalf("behavioural RTL differs from the generated netlist")
			}
			t.Logf("%s: %d gates elaborated from the RTL, %d in the generated netlist", c.spec.Name, len(nl.Gates), len(ref.Gates))
		})
	}
}

// BenchmarkBehavMultipliers parses and elaborates the behavioural RTL of
// the 8x8 generated multipliers (one iteration: all of them).
func BenchmarkBehavMultipliers(b *testing.B) {
	var srcs [][]byte
	var files []string
	for _, c := range genCases(b) {
		if c.spec.ABits == 8 {
			f, src := behavGenSource(b, c)
			files, srcs = append(files, f), append(srcs, src)
		}
	}
	gates := 0
	for b.Loop() {
		gates = 0
		for i, src := range srcs {
			nl, err := Parse(files[i], src, Options{Top: "top"})
			if err != nil {
				b.Fatal(err)
			}
			gates += len(nl.Gates)
		}
	}
	b.ReportMetric(float64(len(srcs)), "designs/op")
	b.ReportMetric(float64(gates), "gates/op")
}
