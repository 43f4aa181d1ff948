// A 2x2 multiplier whose name follows no EvoApprox rule: the bundle builder
// finds it by walking the folder, and treats it as unsigned. Exact.

module plainmul (A, B, O);
  input [1:0] A;
  input [1:0] B;
  output [3:0] O;
  assign O = A * B;
endmodule
