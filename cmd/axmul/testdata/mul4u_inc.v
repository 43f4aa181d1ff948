// A behavioural 4x4 multiplier whose width comes from an include file in
// another folder: `sim -I testdata/behav_inc` finds it.
`include "mul_width.vh"
module mul4u_inc (input [`W-1:0] A, input [`W-1:0] B, output reg [2*`W-1:0] O);
  always @* O = A * B;
endmodule
