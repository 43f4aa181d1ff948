`timescale 1ns/1ps
// Hierarchy: ANSI and non-ANSI modules, named and positional connections,
// empty connections, parameters with overrides, localparam, implicit nets
// (declared by assignment and by port connection), net declaration
// assignments and supply nets.
module top (x, y, s, c, w);
  input [3:0] x, y;
  output [4:0] s;
  output c;
  output [7:0] w;

  wire [1:0] lo2;
  localparam HI = 3;
  localparam LO = HI - 3;

  add #(.N(4)) u_add (.a(x[HI:LO]), .b(y), .s(s[3:0]), .co(s[4]));
  add #(2) u_small (x[1:0], y[1:0], lo2, carry2);
  assign c = carry2 ^ lo2[0];
  widen u_w (.i(x), .o(w), .unused());
endmodule

module add #(parameter N = 8) (input [N-1:0] a, input [N-1:0] b, output [N-1:0] s, output co);
  wire [N:0] t = a + b;
  assign s = t[N-1:0];
  assign co = t[N];
endmodule

module widen (i, o, unused);
  parameter W = 8;
  input [3:0] i;
  output [W-1:0] o;
  output unused;
  supply1 one;
  supply0 zero;
  wire [W-1:0] o;
  assign o = {i, one, zero, i[3], 1'b0};
  assign unused = one;
endmodule
