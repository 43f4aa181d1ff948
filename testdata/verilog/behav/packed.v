// Packed 2-D logic: x[i] is a 4-bit element, x as a whole 16 bits.
module packed_2d (input [3:0] a, input [3:0] b, input [1:0] sel, output [3:0] q, output [15:0] all, output [5:0] n);
  logic [3:0][3:0] packed2;
  assign packed2 = {a, b, a ^ b, a & b};
  assign q = packed2[sel] ^ packed2[0];
  assign all = packed2;
  assign n = $bits(packed2) + packed2[3][1:0];
endmodule
