package gen

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/axmul/axmul/internal/cputime"
	"github.com/axmul/axmul/internal/testshared"
)

// BenchmarkSimForeign12x12 is `axmul sim` (load, compile, simulate all 2^24
// pairs, metrics) on one worker for the original EvoApprox mul12u_2DA and
// for the netlist Yosys wrote from it (testdata/foreign, expression form).
// The acceptance: the Yosys-written file within 10 % of the
// original. The two must give the same metrics.
func BenchmarkSimForeign12x12(b *testing.B) {
	files := map[string]string{
		"file=original": testshared.Dir(b, "evoapprox/v2022/12x12_unsigned/mul12u_2DA.v"),
		"file=yosys":    filepath.Join(foreignDir, "mul12u_2DA.yosys-expr.v"),
	}
	var sums []uint64
	for _, name := range []string{"file=original", "file=yosys"} {
		path := files[name]
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			var wce uint64
			cpu0, cpuOK := cputime.Process()
			for b.Loop() {
				c, err := Load(path, LoadOptions{})
				if err != nil {
					b.Fatal(err)
				}
				r, err := Characterise(ctx, c, CharOptions{Workers: 1})
				if err != nil {
					b.Fatal(err)
				}
				wce = uint64(r.Metrics.WCE) ^ r.Metrics.ErrCount<<20
			}
			// CPU time suffers less than wall time from other jobs on a
			// loaded machine.
			if cpu1, ok := cputime.Process(); ok && cpuOK {
				b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
			}
			sums = append(sums, wce)
		})
	}
	if len(sums) == 2 && sums[0] != sums[1] {
		b.Fatalf("original and Yosys-written netlists disagree (%x vs %x)", sums[0], sums[1])
	}
}

// BenchmarkLoadForeign12x12 is the front-end part alone (parse, elaborate,
// port roles, compile) of the same two files.
func BenchmarkLoadForeign12x12(b *testing.B) {
	for _, f := range []struct{ name, path string }{
		{"file=original", testshared.Dir(b, "evoapprox/v2022/12x12_unsigned/mul12u_2DA.v")},
		{"file=yosys", filepath.Join(foreignDir, "mul12u_2DA.yosys-expr.v")},
	} {
		b.Run(f.name, func(b *testing.B) {
			cpu0, cpuOK := cputime.Process()
			for b.Loop() {
				if _, err := Load(f.path, LoadOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			if cpu1, ok := cputime.Process(); ok && cpuOK {
				b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}

// BenchmarkLoadForeignFormats loads the same circuit (mul8u_0AB) from each
// format of the corpus: parse, elaborate, port roles and compile, and
// reports the CPU nanoseconds per logic gate of the loaded netlist, so that
// formats whose files hold different gate counts compare per gate.
func BenchmarkLoadForeignFormats(b *testing.B) {
	for _, f := range []string{"original", "yosys-expr.v", "yosys-synth.v", "yosys-noexpr.v", "yosys-techmap.v", "abc.v", "yosys-lut.blif", "abc.blif", "yosys-gates.blif", "aag", "aig", "yosys.json"} {
		path := filepath.Join(foreignDir, "mul8u_0AB."+f)
		if f == "original" {
			path = testshared.Dir(b, "evoapprox/v2022/8x8_unsigned/mul8u_0AB.v")
		}
		b.Run("file="+f, func(b *testing.B) {
			c, err := Load(path, LoadOptions{})
			if err != nil {
				b.Skipf("%s: %v", f, err)
			}
			st, err := c.Netlist.Stats()
			if err != nil {
				b.Fatal(err)
			}
			cpu0, cpuOK := cputime.Process()
			for b.Loop() {
				if _, err := Load(path, LoadOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			if cpu1, ok := cputime.Process(); ok && cpuOK && st.Logic > 0 {
				b.ReportMetric(float64(cpu1-cpu0)/float64(b.N)/float64(st.Logic), "cpu-ns/gate")
				b.ReportMetric(float64(st.Logic), "gates")
			}
		})
	}
}

// BenchmarkLoadYosysForms12x12 loads mul12u_2DA as Yosys 0.23 writes it
// without synthesis (flattened: JSON and -noexpr Verilog with coarse
// cells, and both after techmap with gate cells), generated into a
// temporary folder (it skips without yosys), next to the original, and
// reports CPU nanoseconds per gate of the loaded netlist (all load 458).
func BenchmarkLoadYosysForms12x12(b *testing.B) {
	yosys, err := exec.LookPath("yosys")
	if err != nil {
		b.Skip("yosys not installed")
	}
	orig := testshared.Dir(b, "evoapprox/v2022/12x12_unsigned/mul12u_2DA.v")
	dir := b.TempDir()
	script := "read_verilog " + orig + "; hierarchy -top mul12u_2DA; proc; flatten; write_json " + filepath.Join(dir, "coarse.json") +
		"; write_verilog -noexpr " + filepath.Join(dir, "noexpr.v") + "; techmap; opt_clean; write_verilog -noexpr " +
		filepath.Join(dir, "techmap.v") + "; write_json " + filepath.Join(dir, "techmap.json")
	if out, err := exec.Command(yosys, "-q", "-p", script).CombinedOutput(); err != nil {
		b.Fatalf("yosys: %v\n%s", err, out)
	}
	for _, f := range []struct{ name, path string }{
		{"original", orig},
		{"coarse.json", filepath.Join(dir, "coarse.json")},
		{"noexpr.v", filepath.Join(dir, "noexpr.v")},
		{"techmap.v", filepath.Join(dir, "techmap.v")},
		{"techmap.json", filepath.Join(dir, "techmap.json")},
	} {
		b.Run("file="+f.name, func(b *testing.B) {
			c, err := Load(f.path, LoadOptions{})
			if err != nil {
				b.Fatal(err)
			}
			st, err := c.Netlist.Stats()
			if err != nil {
				b.Fatal(err)
			}
			cpu0, cpuOK := cputime.Process()
			for b.Loop() {
				if _, err := Load(f.path, LoadOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			if cpu1, ok := cputime.Process(); ok && cpuOK && st.Logic > 0 {
				b.ReportMetric(float64(cpu1-cpu0)/float64(b.N)/float64(st.Logic), "cpu-ns/gate")
				b.ReportMetric(float64(st.Logic), "gates")
			}
		})
	}
}
