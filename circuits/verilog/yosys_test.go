package verilog

import (
	"fmt"
	"strings"
	"testing"
)

// sameAsExpr parses two bodies of module m(input [5:0] a, output [w-1:0]
// y) and checks that they compute the same y for all 64 inputs.
func sameAsExpr(t *testing.T, w int, body, ref string) {
	t.Helper()
	mod := func(b string) string {
		return fmt.Sprintf("module m(input [5:0] a, output [%d:0] y);\n%s\nendmodule\n", w-1, b)
	}
	got, err := Parse("cell.v", []byte(mod(body)), Options{})
	if err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	want, err := Parse("ref.v", []byte(mod(ref)), Options{})
	if err != nil {
		t.Fatalf("%s: %v", ref, err)
	}
	all := make([]uint64, 64)
	for k := range all {
		all[k] = uint64(k)
	}
	in := map[string][]uint64{"a": pack(all, 6)}
	g, r := newTestSim(t, got).run(in)["y"], newTestSim(t, want).run(in)["y"]
	for i := range r {
		if g[i] != r[i] {
			t.Errorf("%s: y[%d] = %016x, reference %s gives %016x", body, i, g[i], ref, r[i])
		}
	}
}

// TestYosysCells checks Yosys's internal cells as Verilog instances
// (escaped and plain names, named and positional connections, parameter
// overrides) against the expressions they stand for.
func TestYosysCells(t *testing.T) {
	for _, tc := range []struct {
		w         int
		body, ref string
	}{
		{1, `\$_AOI3_ u (.A(a[0]), .B(a[1]), .C(a[2]), .Y(y));`, `assign y = ~((a[0] & a[1]) | a[2]);`},
		{1, `\$_MUX_ u (a[0], a[1], a[2], y);`, `assign y = a[2] ? a[1] : a[0];`},
		{1, `\$_NMUX_ u (.S(a[5]), .B(a[3]), .A(a[4]), .Y(y));`, `assign y = ~(a[5] ? a[3] : a[4]);`},
		{1, `\$_ORNOT_ u (.A(a[0]), .B(a[1]), .Y(y));`, `assign y = a[0] | ~a[1];`},
		{1, `\$_MUX4_ u (.A(a[0]), .B(a[1]), .C(a[2]), .D(a[3]), .S(a[4]), .T(a[5]), .Y(y));`, `assign y = a[a[5:4]];`},
		{2, `\$_XNOR_ u0 (.A(a[0]), .B(1'b1), .Y(y[0])); \$_NAND_ u1 (.A(a[1]), .B(a[2]), .Y(y[1]));`, `assign y = {~(a[1] & a[2]), a[0]};`},
		{4, `\$add #(.A_SIGNED(32'd0), .A_WIDTH(32'd3), .B_SIGNED(32'd0), .B_WIDTH(32'd3), .Y_WIDTH(32'd4)) u (.A(a[2:0]), .B(a[5:3]), .Y(y));`,
			`assign y = a[2:0] + a[5:3];`},
		{6, `\$mul #(.A_SIGNED(1), .A_WIDTH(3), .B_SIGNED(1), .B_WIDTH(3), .Y_WIDTH(6)) u (.A(a[2:0]), .B(a[5:3]), .Y(y));`,
			`assign y = $signed(a[2:0]) * $signed(a[5:3]);`},
		{3, `\$sub #(.A_SIGNED(0), .A_WIDTH(3), .B_SIGNED(0), .B_WIDTH(2), .Y_WIDTH(3)) u (.A(a[2:0]), .B(a[4:3]), .Y(y));`,
			`assign y = a[2:0] - a[4:3];`},
		{1, `\$lt #(.A_SIGNED(1), .A_WIDTH(3), .B_SIGNED(1), .B_WIDTH(3), .Y_WIDTH(1)) u (.A(a[2:0]), .B(a[5:3]), .Y(y));`,
			`assign y = $signed(a[2:0]) < $signed(a[5:3]);`},
		{4, `\$sshr #(.A_SIGNED(1), .A_WIDTH(4), .B_SIGNED(0), .B_WIDTH(2), .Y_WIDTH(4)) u (.A(a[3:0]), .B(a[5:4]), .Y(y));`,
			`assign y = $signed(a[3:0]) >>> a[5:4];`},
		{2, `\$mux #(.WIDTH(2)) u (.A(a[1:0]), .B(a[3:2]), .S(a[4]), .Y(y));`, `assign y = a[4] ? a[3:2] : a[1:0];`},
		{2, `\$pmux #(.WIDTH(1), .S_WIDTH(2)) u (.A(a[0]), .B(a[2:1]), .S({a[3], ~a[3]}), .Y(y[0])); assign y[1] = 1'b0;`,
			`assign y = {1'b0, a[3] ? a[2] : a[1]};`},
		{1, `\$reduce_xor #(.A_SIGNED(0), .A_WIDTH(6), .Y_WIDTH(1)) u (.A(a), .Y(y));`, `assign y = ^a;`},
	} {
		sameAsExpr(t, tc.w, tc.body, tc.ref)
	}
}

// TestUnknownLiterals checks that x and z bits that reach no output are
// dropped (the netlist computes what the same source with 0 computes)
// and that digits extend as in Verilog.
func TestUnknownLiterals(t *testing.T) {
	for _, tc := range []struct {
		w         int
		body, ref string
	}{
		{2, "wire [7:0] dead = 8'hxz; assign y = a[1:0];", "assign y = a[1:0];"},
		{2, "wire [3:0] m = 4'bx1z0 & 4'b0000; assign y = a[1:0] | m[1:0];", "assign y = a[1:0];"},
		{2, "wire [15:0] d; assign {d, y} = {16'bx, a[3:2]};", "assign y = a[3:2];"},
		{1, "wire [31:0] d = 'dz; wire [3:0] e = 4'o?; assign y = a[5] | (a[4] & 1'bx & 1'b0);", "assign y = a[5];"},
		{3, "wire [2:0] n; assign n = 3'bx ^ 3'b0; assign y = a[2:0];", "assign y = a[2:0];"},
	} {
		sameAsExpr(t, tc.w, tc.body, tc.ref)
	}
	for _, tc := range []struct{ src, want string }{
		{"module m(input a, output [1:0] y); assign y = {a, 1'bx}; endmodule", "t.v:1:51: x or z literal bit reaches output y[0]"},
		{"module m(input a, output [3:0] y); assign y = {a, 3'bx10} + 4'd1; endmodule", "t.v:1:51: x or z literal bit reaches output y[2]"},
		{"module m(input a, output [3:0] y); assign y = 4'hx ? a : 4'b0; endmodule", "t.v:1:47: x or z literal bit reaches output y[0]"},
		{"module m(input a, output y); assign y = a & 3'd2x; endmodule", "malformed literal"},
	} {
		_, err := Parse("t.v", []byte(tc.src), Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.src, err, tc.want)
		}
	}
}

// TestTopMessages checks that top-module errors name the --top flag and,
// for a cycle of instantiations, the cycle.
func TestTopMessages(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"module a(input x, output y); b u(.x(x), .y(y)); endmodule\nmodule b(input x, output y); a u(.x(x), .y(y)); endmodule",
			"cycle a instantiates b instantiates a; use --top NAME"},
		{"module a(input x, output y); assign y = x; endmodule\nmodule b(input x, output y); assign y = x; endmodule",
			"ambiguous top module: a, b are instantiated by no other module (use --top NAME)"},
		{"module NAND2X1(input A, input B, output Y); assign Y = ~(A & B); endmodule\nmodule INVX1(input A, output Y); assign Y = ~A; endmodule",
			"only standard-cell modules (NAND2X1, INVX1) are instantiated by no other module; use --top NAME"},
	} {
		_, err := Parse("t.v", []byte(tc.src), Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}

func TestYosysUnsupported(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"module m(input c, input d, output q); \\$_DFF_P_ f (.C(c), .D(d), .Q(q)); endmodule", "t.v:1:39: Yosys cell $_DFF_P_ is sequential or a memory"},
		{"module m(input [1:0] a, output [1:0] q); \\$div #(.A_WIDTH(2)) f (.A(a), .B(a), .Y(q)); endmodule", "Yosys cell $div is not supported (supported: the gate cells"},
	} {
		_, err := Parse("t.v", []byte(tc.src), Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.src, err, tc.want)
		}
	}
}

// TestUnknownInCells checks that an x literal in a standard-cell module is
// checked in every instance: dead where the output is unconnected, an
// error where another instance connects it to an output.
func TestUnknownInCells(t *testing.T) {
	src := `module top(input a, input b, output y, output z);
  PDKGENHAX1 h0(.A(a), .B(b), .YS(y), .YC());
  PDKGENHAX1 h1(.A(b), .B(a), .YS(), .YC(z));
endmodule
module PDKGENHAX1(input A, input B, output YS, output YC);
  assign YS = A ^ B;
  assign YC = A & 1'bx;
endmodule
`
	_, err := Parse("t.v", []byte(src), Options{})
	if err == nil || !strings.Contains(err.Error(), "t.v:7:19: x or z literal bit reaches output z[0]") {
		t.Errorf("error %v", err)
	}
	sameWithoutTemplates(t, "x in cells", []byte(src), Options{})
}
