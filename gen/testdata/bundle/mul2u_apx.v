// Approximate 2x2 unsigned multiplier: the middle column ORs its two
// partial products instead of adding them, so the only wrong product is
// 3*3 = 7 (error -2). The figures below are made up for the test.
// PDK45_PWR = 0.006 mW
// PDK45_AREA = 7.25 um2

module mul2u_apx (A, B, O);
  input [1:0] A;
  input [1:0] B;
  output [3:0] O;
  wire sig_0, sig_1, sig_2, sig_3;
  assign sig_0 = A[0] & B[0];
  assign sig_1 = A[1] & B[0];
  assign sig_2 = A[0] & B[1];
  assign sig_3 = A[1] & B[1];
  assign O[0] = sig_0;
  assign O[1] = sig_1 | sig_2;
  assign O[2] = sig_3;
  assign O[3] = 1'b0;
endmodule
