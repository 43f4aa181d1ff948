// A 2x2 unsigned multiplier of standard cells (gscl45nm names): without
// a Liberty file the cells are unknown modules.
module mul2u_cells (A, B, O);
  input [1:0] A, B;
  output [3:0] O;
  wire p01, p10, p11, c1;
  AND2X1 g0 (.A(A[0]), .B(B[0]), .Y(O[0]));
  AND2X1 g1 (.A(A[0]), .B(B[1]), .Y(p01));
  AND2X1 g2 (.A(A[1]), .B(B[0]), .Y(p10));
  AND2X1 g3 (.A(A[1]), .B(B[1]), .Y(p11));
  HAX1 h0 (.A(p01), .B(p10), .YS(O[1]), .YC(c1));
  HAX1 h1 (.A(p11), .B(c1), .YS(O[2]), .YC(O[3]));
endmodule
