// 8x8 signed multiplier, behavioural.
module mul8s_t (A, B, O);
  input signed [7:0] A, B;
  output signed [15:0] O;
  assign O = A * B;
endmodule
