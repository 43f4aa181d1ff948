// Arrays of instances, name[msb:lsb] (...): element k gets its part of a
// connection as many times wider than the port as there are elements (the
// rightmost index the lowest bits) and all of a connection as wide as the
// port; descending and ascending ranges, named and positional connections,
// expressions, a concatenation on outputs, an unconnected output.
module fa (input a, input b, input ci, output s, output co);
  assign {co, s} = a + b + ci;
endmodule

module cell2 (input [1:0] x, input k, output [1:0] y, output z);
  assign y = x ^ {2{k}};
  assign z = &x;
endmodule

module instance_array (input [7:0] A, input [7:0] B, output [7:0] Y, output [3:0] Z, output [7:0] W, output [4:0] S);
  cell2 v[0:3] (.x(A & B), .k(B[0]), .y(Y), .z(Z));
  cell2 w[5:2] (A ^ B, A[7], {W[7:6], W[5:4], W[3:2], W[1:0]}, );
  wire [4:0] c;
  assign c[0] = 1'b0;
  fa u[3:0] (.a(A[3:0]), .b(B[7:4]), .ci(c[3:0]), .s(S[3:0]), .co(c[4:1]));
  assign S[4] = c[4];
endmodule
