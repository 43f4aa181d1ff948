package yosysjson

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/axmul/axmul/circuits/verilog"
)

// BenchmarkParse compares the JSON reader with the Verilog reader on the
// same design, a 12x12 EvoApprox multiplier that one Yosys run wrote with
// write_json and with write_verilog -noexpr (coarse cells, hierarchy
// kept), per gate of the resulting netlist; and the gate-level forms.
func BenchmarkParse(b *testing.B) {
	for _, tc := range []struct{ name, file string }{
		{"json", "mul12u_2BU.json"},
		{"verilog-noexpr", "mul12u_2BU.noexpr.v"},
		{"json-synth", "mul12u_2BU.synth.json"},
		{"verilog-techmap", "mul12u_2BU.techmap.v"},
	} {
		src, err := os.ReadFile(filepath.Join("testdata", tc.file))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name, func(b *testing.B) {
			gates := 0
			for i := 0; i < b.N; i++ {
				var err error
				if filepath.Ext(tc.file) == ".json" {
					nl, perr := Parse(tc.file, src, Options{})
					err = perr
					if nl != nil {
						gates = len(nl.Gates)
					}
				} else {
					nl, perr := verilog.Parse(tc.file, src, verilog.Options{})
					err = perr
					if nl != nil {
						gates = len(nl.Gates)
					}
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(len(src)))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(gates), "ns/gate")
		})
	}
}
