// Gate primitives: n inputs, optional instance names, several outputs for
// not/buf, delays ignored.
module primitives (a, b, c, y_and, y_or, y_xor, y_nand, y_nor, y_xnor, y_not1, y_not2, y_buf, y_and1);
  input a, b, c;
  output y_and, y_or, y_xor, y_nand, y_nor, y_xnor, y_not1, y_not2, y_buf, y_and1;

  and g1 (y_and, a, b, c);
  or (y_or, a, b, c);
  xor #1 g3 (y_xor, a, b, c);
  nand g4 (y_nand, a, b, c), g5 (y_nor_unused, a, b);
  nor #(2) (y_nor, a, b, c);
  xnor (y_xnor, a, b, c);
  not n1 (y_not1, y_not2, a);
  buf (y_buf, b);
  and (y_and1, c);
endmodule
