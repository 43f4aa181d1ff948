/***
* Synthetic test circuit for axmul (not an EvoApproxLib circuit).
* This file contains a circuit from a sub-set of pareto optimal circuits with respect to the pwr and ep parameters
***/
// MAE% = 0.057 %
// MAE = 37 
// WCE% = 0.18 %
// WCE = 118 
// WCRE% = 300.00 %
// EP% = 97.72 %
// MRE% = 2.6 %
// MSE = 2007.84 
// PDK45_PWR = 0.302 mW
// PDK45_AREA = 542.5 um2
// PDK45_DELAY = 1.44 ns


module mul8s_1AA1 ( A, B, O );
  input [7:0] A;
  input [7:0] B;
  output [15:0] O;
  assign O[0] = A[0] & B[0];
endmodule
