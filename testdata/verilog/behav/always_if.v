// always @* with if/else, begin/end, bit and part-select targets.
module always_if (input [3:0] a, input [3:0] b, input s, output reg [3:0] y, output reg z);
  always @* begin
    y = a;
    if (s) begin
      y[1:0] = b[3:2];
      z = 1'b1;
    end else if (a > b) begin
      y[3] = ~a[3];
      z = a[0];
    end else
      z = b[1] ^ a[2];
  end
endmodule
