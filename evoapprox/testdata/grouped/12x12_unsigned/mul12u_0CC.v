/***
* Synthetic test circuit for axmul (not an EvoApproxLib circuit).
* This file contains a circuit from a sub-set of pareto optimal circuits with respect to the pwr and mre parameters
***/
// MAE% = 0.018 %
// MAE = 755 
// WCE% = 0.098 %
// WCE = 4099 
// WCRE% = 1500.00 %
// EP% = 99.59 %
// MRE% = 0.64 %
// MSE = 909745 
// PDK45_PWR = 0.784 mW
// PDK45_AREA = 1147.0 um2
// PDK45_DELAY = 1.84 ns


module mul12u_0CC ( input[12-1:0] A,
                input[11:0] B,
                output [(12+12)-1:0] Z
              );
  assign Z = A * B; // synthetic
endmodule
