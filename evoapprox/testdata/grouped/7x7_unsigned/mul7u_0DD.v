/***
* Synthetic test circuit for axmul (not an EvoApproxLib circuit).
* This file contains a circuit from a sub-set of pareto optimal circuits with respect to the pwr and mse parameters
***/
// MAE% = 1.12 %
// MAE = 208 
// WCE% = 4.5 %
// WCE = 830 
// WCRE% = 1500.00 %
// EP% = 99.10 %
// MRE% = 12.4 %
// MSE = 10360.917e2 
// PDK45_PWR = 0.061 mW
// PDK45_AREA = 120.0 um2
// PDK45_DELAY = 0.71 ns


module mul7u_0DD ( A, B, O );
  input [7:0] A;
  input [6:0] B;
  output [13:0] O;
  assign O[0] = A[0] & B[0];
endmodule
