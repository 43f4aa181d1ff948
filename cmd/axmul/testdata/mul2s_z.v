// A 2x2 signed exact multiplier whose output port is named Z, as a few
// EvoApprox files do; --signed is needed since the name says nothing.
module mul2s_z (A, B, Z);
  input signed [1:0] A, B;
  output [3:0] Z;
  assign Z = {{2{A[1]}}, A} * {{2{B[1]}}, B};
endmodule
