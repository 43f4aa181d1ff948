// 3x2 unsigned multiplier with output bit 0 forced to 0: the product of an
// odd A and an odd B is one too small. No published figures.

module mul3x2u_tr1 (A, B, O);
  input [2:0] A;
  input [1:0] B;
  output [4:0] O;
  wire [4:0] p;
  assign p = A * B;
  assign O = {p[4:1], 1'b0};
endmodule
