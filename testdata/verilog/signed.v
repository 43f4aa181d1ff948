// Signed arithmetic: sign extension of signed operands, $signed and
// $unsigned, arithmetic shift, signed comparison.
module signed_ops (a, b, p, q, lt, ult, sh, mixed);
  input signed [3:0] a;
  input [3:0] b;
  output signed [7:0] p;   // $signed(a) * $signed(b) in 8 bits
  output [7:0] q;          // a + $signed(b): signed, sign-extended
  output lt;               // a < $signed(b)
  output ult;              // a < b: b unsigned makes it unsigned
  output [3:0] sh;         // a >>> 1
  output [7:0] mixed;      // a + b: unsigned context, a zero-extended
  assign p = $signed(a) * $signed(b);
  assign q = a + $signed(b);
  assign lt = a < $signed(b);
  assign ult = a < b;
  assign sh = a >>> 1;
  assign mixed = a + b;
endmodule
