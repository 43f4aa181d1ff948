// while with a bound known at elaboration, a local variable of a named block.
module while_loop (input [3:0] a, input [3:0] b, output reg [3:0] w);
  always @* begin : loops
    integer k;
    w = a;
    k = 0;
    while (k < 3) begin
      w = w ^ (b >> k);
      k = k + 1;
    end
  end
endmodule
