// Kulkarni's 2x2 approximate multiplier: 3*3 gives 7 instead of 9, every
// other product is exact. Hand-computed metrics over the 16 pairs:
// MAE = 2/16 = 0.125, MSE = 4/16 = 0.25, WCE = 2, EP = 1/16 = 6.25 %,
// MRE = (2/9)/9 = 2.469 % (9 pairs with a non-zero exact product),
// WCRE = 2/9 = 22.22 %, mean = -0.125, std = sqrt(0.25 - 0.125^2) = 0.484123.
// MAE% = 100*0.125/16 = 0.78125 %, WCE% = 100*2/16 = 12.5 %.
module mul2u_kulkarni (A, B, O);
  input [1:0] A;
  input [1:0] B;
  output [3:0] O;
  assign O[0] = A[0] & B[0];
  assign O[1] = (A[1] & B[0]) | (A[0] & B[1]);
  assign O[2] = A[1] & B[1];
  assign O[3] = 1'b0;
endmodule
