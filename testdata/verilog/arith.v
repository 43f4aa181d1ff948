// Arithmetic with Verilog width rules: the context is as wide as the
// widest operand or target; operands are zero-extended; results are
// truncated to the target.
module arith (a, b, sum5, sum4, diff, neg, prod, prod4, ext, cmp, cs);
  input [3:0] a, b;
  output [4:0] sum5;   // carry kept: 5-bit context
  output [3:0] sum4;   // carry lost
  output [4:0] diff;   // a - b modulo 32
  output [3:0] neg;    // -a modulo 16
  output [7:0] prod;   // a * b
  output [3:0] prod4;  // a * b truncated
  output [5:0] ext;    // (a + b) >> 1 in a 6-bit context keeps the carry
  output cmp;          // a + b == 5'd16 with the carry in a 5-bit context
  output [8:0] cs;     // {a, 1'b1} + {b, b[0]}
  assign sum5 = a + b;
  assign sum4 = a + b;
  assign diff = a - b;
  assign neg = -a;
  assign prod = a * b;
  assign prod4 = a * b;
  assign ext = (a + b) >> 1;
  assign cmp = (a + b) == 5'd16;
  assign cs = {a, 1'b1} + {b, b[0]};
endmodule
