// Sized, unsized and based literals, underscores, and truncation of
// constants to the target width.
module literals (x, o1, o2, o3, o4, o5, o6, o7);
  input [3:0] x;
  output [7:0] o1, o2, o3, o4;
  output [3:0] o5;
  output [15:0] o6;
  output [2:0] o7;
  assign o1 = 8'hFF;
  assign o2 = 4'b10_01;
  assign o3 = 'd3 + x;
  assign o4 = 12 + 8'o17;
  assign o5 = 20;          // truncated to 4 bits: 4
  assign o6 = 16'd65_535;
  assign o7 = 1'b1;        // zero-extended
endmodule
