package verilog

import (
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/axmul/axmul/internal/testshared"
)

// sameWithoutTemplates parses src and elaborates it with and without cell
// templates; netlists, errors and notes must be identical.
func sameWithoutTemplates(t *testing.T, name string, src []byte, opts Options) {
	t.Helper()
	type out struct {
		nl    any
		err   string
		notes []string
	}
	run := func(templates bool) out {
		var o out
		opts := opts
		opts.Verbose = func(s string) { o.notes = append(o.notes, s) }
		fset := token.NewFileSet()
		f, err := ParseSource(fset, name, src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		nl, err := elaborate(fset, f, opts, templates, nil)
		o.nl = nl
		if err != nil {
			o.err = err.Error()
		}
		return o
	}
	with, without := run(true), run(false)
	if !reflect.DeepEqual(with, without) {
		t.Errorf("%s: elaboration with cell templates differs from without", name)
	}
}

// TestTemplatesChangeNothing checks that replaying recorded cell bodies
// gives the netlist of elaborating every instance: cells defined in the
// file, built-in cells reached through the compatibility rule, a cell
// whose body fails (not recorded), cells inside a user module, the
// Yosys-written netlists of circuits/yosysjson/testdata (cells made of
// Yosys internal cells), and, with AXMUL_SHARED, every EvoApprox8b
// netlist and a sample of v2022 ones.
func TestTemplatesChangeNothing(t *testing.T) {
	for _, tc := range []struct{ name, src string }{
		{"file cells", `module top(input [3:0] A, input [3:0] B, output [3:0] O);
  wire [7:0] N;
  PDKGENHAX1 h0(.A(A[0]), .B(B[0]), .YS(N[0]), .YC(N[1]));
  PDKGENHAX1 h1(.A(A[1]), .B(N[1]), .YS(N[2]), .YC(N[3]));
  PDKGENFAX1 f0(.A(A[2]), .B(B[2]), .C(N[3]), .YS(N[4]), .YC(N[5]));
  PDKGENFAX1 f1(.A(A[3]), .B(B[3]), .C(N[5]), .YS(N[6]), .YC(N[7]));
  PDKGENHAX1 h2(.A(N[6]), .B(B[1]), .YS(O[3]), .YC());
  assign O[2:0] = {N[4], N[2], N[0]};
endmodule
module PDKGENHAX1(input A, input B, output YS, output YC);
  assign YS = A ^ B;
  assign YC = A & B;
endmodule
module PDKGENFAX1(input A, input B, input C, output YS, output YC);
  assign YS = (A ^ B) ^ C;
  assign YC = (A & B) | (B & C) | (A & C);
endmodule
`},
		{"builtin compat", `module top(input [1:0] A, input [1:0] B, output [1:0] O);
  PDKGEPDKGENNAND2X1 n0(.A(A[0]), .B(B[0]), .Y(O[0]));
  PDKGEPDKGENNAND2X1 n1(.A(A[1]), .B(B[1]), .Y(O[1]));
endmodule
`},
		{"failing cell", `module top(input [1:0] A, output [1:0] O);
  PDKGENINVX1 i0(.A(A[0]), .Y(O[0]));
  PDKGENINVX1 i1(.A(A[1]), .Y(O[1]));
endmodule
module PDKGENINVX1(input A, output Y);
  assign Y = ~A;
  assign Y = A;
endmodule
`},
		{"cells in a module", `module top(input [1:0] A, input [1:0] B, output [1:0] O);
  half u0(.a(A[0]), .b(B[0]), .s(O[0]));
  half u1(.a(A[1]), .b(B[1]), .s(O[1]));
endmodule
module half(input a, input b, output s);
  wire c;
  PDKGENHAX1 h(.A(a), .B(b), .YS(s), .YC(c));
endmodule
module PDKGENHAX1(input A, input B, output YS, output YC);
  assign YS = A ^ B;
  assign YC = A & B;
endmodule
`},
	} {
		sameWithoutTemplates(t, tc.name, []byte(tc.src), Options{})
	}
	// Yosys-written netlists: standard-cell modules made of Yosys
	// internal cells (-noexpr, techmap) and x literals.
	yosys, _ := filepath.Glob(filepath.Join("..", "yosysjson", "testdata", "*.v"))
	if len(yosys) == 0 {
		t.Fatal("no Yosys-written netlists in ../yosysjson/testdata")
	}
	for _, f := range yosys {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sameWithoutTemplates(t, f, src, Options{})
	}
	if testshared.Root() == "" {
		return
	}
	dir := sharedDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "8b", "*.v"))
	v2022, _ := filepath.Glob(filepath.Join(dir, "v2022", "*", "mul*[0-9A-Z].v"))
	for i := 0; i < len(v2022); i += 7 {
		files = append(files, v2022[i])
	}
	if len(files) < 505 {
		t.Fatalf("%d shared netlists", len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sameWithoutTemplates(t, f, src, Options{})
	}
}
