module fa(input a, input b, input c, output s, output co);
  assign s = a ^ b ^ c;
  assign co = (a & b) | (c & (a ^ b));
endmodule
module row(input [3:0] x, input [3:0] y, input cin, output [3:0] s, output co);
  wire [4:0] c;
  assign c[0] = cin;
  genvar i;
  fa f0(x[0], y[0], c[0], s[0], c[1]);
  fa f1(x[1], y[1], c[1], s[1], c[2]);
  fa f2(x[2], y[2], c[2], s[2], c[3]);
  fa f3(x[3], y[3], c[3], s[3], c[4]);
  assign co = c[4];
endmodule
module mul4(input [3:0] A, input [3:0] B, output [7:0] O);
  wire [3:0] p0 = A & {4{B[0]}};
  wire [3:0] p1 = A & {4{B[1]}};
  wire [3:0] p2 = A & {4{B[2]}};
  wire [3:0] p3 = A & {4{B[3]}};
  wire [3:0] s1, s2, s3;
  wire c1, c2, c3;
  row r1({1'b0, p0[3:1]}, p1, 1'b0, s1, c1);
  row r2({c1, s1[3:1]}, p2, 1'b0, s2, c2);
  row r3({c2, s2[3:1]}, p3, 1'b0, s3, c3);
  assign O = {c3, s3, s2[0], s1[0], p0[0]};
endmodule
