// Exact 2x2 unsigned multiplier (behavioural), test input of the bundle
// builder. The figures below are made up for the test.
// MAE = 0
// PDK45_PWR = 0.010 mW
// PDK45_AREA = 12.5 um2

module mul2u_exact (A, B, O);
  input [1:0] A;
  input [1:0] B;
  output [3:0] O;
  assign O = A * B;
endmodule
