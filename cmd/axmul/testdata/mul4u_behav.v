// A behavioural 4x4 multiplier (shift and add in an always block) whose
// width comes from a macro: `sim --define W=4` reads it as 4x4, DROP
// drops the partial products of the lowest bit of B (an approximation).
`ifndef W
  `define W 3
`endif
module mul4u_behav (input [`W-1:0] A, input [`W-1:0] B, output reg [2*`W-1:0] O);
  integer j;
  always @* begin
    O = 0;
`ifdef DROP
    for (j = 1; j < `W; j = j + 1)
`else
    for (j = 0; j < `W; j = j + 1)
`endif
      if (B[j]) O = O + (A << j);
  end
endmodule
