/***
* Synthetic test circuit for axmul (not an EvoApproxLib circuit).
* This file contains a circuit from a sub-set of pareto optimal circuits with respect to the pwr and mae parameters
***/
// MAE% = 0.0046 %
// MAE = 3 
// WCE% = 0.017 %
// WCE = 11 
// WCRE% = 100.00 %
// EP% = 75.00 %
// MRE% = 0.18 %
// MSE = 27897.246e12 
// PDK45_PWR = 0.370 mW
// PDK45_AREA = 600.1 um2
// PDK45_DELAY = 1.40 ns


module mul8s_1AA2 ( A, B, O );
  input [7:0] A;
  input [7:0] B;
  output [15:0] O;
  assign O[0] = A[0] & B[0];
endmodule
