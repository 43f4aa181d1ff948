// Not a multiplier: two outputs.
module mul2u_bad (A, B, O, P);
  input [1:0] A;
  input [1:0] B;
  output [3:0] O;
  output P;
  assign O = A * B;
  assign P = A[0];
endmodule
