// Division and modulo by a variable (array divider), unsigned and signed
// (truncation toward zero), and ** with a constant exponent or a
// power-of-two base. Divisors are never zero (Verilog gives x there).
module divmod (input [3:0] a, input [3:0] b, output [3:0] q, output [3:0] r, output signed [3:0] sq, output signed [3:0] sr, output [7:0] p, output [7:0] t);
  wire [3:0] d = b | 4'b0001;
  assign q = a / d;
  assign r = a % d;
  wire signed [3:0] sa = a;
  wire signed [3:0] sd = (b == 4'b0000) ? 4'sd1 : b;
  assign sq = sa / sd;
  assign sr = sa % sd;
  assign p = a ** 2 + b ** 3;
  assign t = 2 ** b[2:0] + 4 ** a[1:0];
endmodule
