// 8x8 unsigned multiplier, behavioural.
module mul8u_t (A, B, O);
  input [7:0] A, B;
  output [15:0] O;
  assign O = A * B;
endmodule
