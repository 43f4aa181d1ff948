// Cells defined only in a Liberty library (the *_pdk45.v style).
module libcells (a, b, c, s, co, y, h);
  input a, b, c;
  output s, co, y, h;
  FAX1 U1 (.A(a), .B(b), .C(c), .YS(s), .YC(co));
  AOI21X1 U2 (.A(a), .B(b), .C(c), .Y(y));
  HAX1 U3 (.A(1'b1), .B(~c), .YS(h), .YC());
endmodule
