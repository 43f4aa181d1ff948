package verilog

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that no input makes Parse panic and that every netlist
// it accepts is valid.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"*.v", "errors/*.v", "behav/*.v", "behav/errors/*.v", "behav/gen/*.v", "behav/inc/*.vh"} {
		files, _ := filepath.Glob(filepath.Join(testdataDir, pattern))
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	f.Add([]byte(builtinCellsSource))
	f.Add([]byte("module m(input a, b, c, d, output y); AOIPDKGEN22X1 u (.A(a), .B(b), .C(c), .D(d), .Y(y)); endmodule"))
	f.Add([]byte("module m #(parameter N = 4) (input [N-1:0] a, output [2*N-1:0] y); assign y = $signed(a) * a >>> 1; endmodule"))
	f.Add([]byte("module m(input [1:0] A, output [2:0] O); wire [3:0] d; assign {d, O[0]} = {4'bx1z?, A[0]};\n" +
		"\\$add #(.A_SIGNED(32'd0), .A_WIDTH(32'd2), .B_SIGNED(32'd0), .B_WIDTH(32'd1), .Y_WIDTH(32'd2)) u (.A(A), .B(1'h1), .Y(O[2:1])); endmodule"))
	cells := newTestCells(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		nl, err := Parse("fuzz.v", src, Options{Cells: cells, Verbose: func(string) {}})
		if err == nil {
			if nl == nil {
				t.Fatal("nil netlist without error")
			}
			if verr := nl.Validate(); verr != nil {
				t.Fatalf("accepted an invalid netlist: %v", verr)
			}
		}
		_, _ = Modules("fuzz.v", src)
	})
}
