// Exact 2x2 unsigned multiplier from gate primitives.
module mul2u_exact (A, B, O);
  input [1:0] A, B;
  output [3:0] O;
  wire p00, p01, p10, p11;
  and g0 (p00, A[0], B[0]);
  and g1 (p01, A[0], B[1]);
  and g2 (p10, A[1], B[0]);
  and g3 (p11, A[1], B[1]);
  assign O[0] = p00;
  xor (O[1], p01, p10);
  wire c1 = p01 & p10;
  xor (O[2], p11, c1);
  and (O[3], p11, c1);
endmodule
