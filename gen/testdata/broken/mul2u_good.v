// Exact 2x2 unsigned multiplier.
module mul2u_good (A, B, O);
  input [1:0] A;
  input [1:0] B;
  output [3:0] O;
  assign O = A * B;
endmodule
