module broken (A, B, O);
  input [1:0] A, B;
  output [3:0] O;
  assign O = A * ;
  assign O[0] = A[0] && ;
endmodule
