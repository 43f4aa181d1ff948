// A 4x4 multiplier from four approximate 2x2 blocks in the style of
// Kulkarni et al. (2011), written for this test: the 2x2 block gives 7
// for 3 x 3 (one bit less) and the exact product otherwise (a case with
// default in an always block); the blocks are summed with shifts.
module kul2 (input [1:0] a, input [1:0] b, output reg [2:0] p);
  always @* begin
    case ({a, b})
      4'b1111: p = 3'b111;
      default: p = a * b;
    endcase
  end
endmodule
module kul4 (input [3:0] a, input [3:0] b, output [7:0] p);
  wire [2:0] ll, lh, hl, hh;
  kul2 m0 (a[1:0], b[1:0], ll);
  kul2 m1 (a[1:0], b[3:2], lh);
  kul2 m2 (a[3:2], b[1:0], hl);
  kul2 m3 (a[3:2], b[3:2], hh);
  assign p = ll + (lh << 2) + (hl << 2) + (hh << 4);
endmodule
