// Library = EvoApprox8b
// Circuit = mul8_001
// Area   (180) = 9224
// Delay  (180) = 3.130
// Power  (180) = 4963.60
// Area   (45) = 662
// Delay  (45) = 1.190
// Power  (45) = 428.70
// Nodes = 137
// HD = 176134
// MAE = 98.52710
// MSE = 27520.00000
// MRE = 1.99 %
// WCE = 820
// WCRE = 560 %
// EP = 86.5 %

module mul8_001(A, B, O);
  input [7:0] A;
  input [7:0] B;
  output [15:0] O;
  wire [3:0] N;

  assign N[0] = A[0];
  assign O[0] = N[0] & B[0];
endmodule
