// Arrays: wire arrays with constant indices, reg arrays written in loops,
// a variable index on the right (multiplexer) and on the left, $clog2 and
// $bits (packed 2-D arrays: packed.v).
module arrays (input [3:0] a, input [3:0] b, input [1:0] sel, output [7:0] p, output reg [3:0] r, output [5:0] n, output reg [3:0] d);
  wire [7:0] pp [0:3];
  genvar i;
  generate
    for (i = 0; i < 4; i = i + 1) begin : rows
      assign pp[i] = b[i] ? ({4'b0, a} << i) : 8'd0;
    end
  endgenerate
  assign p = pp[0] + pp[1] + pp[2] + pp[3];

  reg [3:0] tab [0:3];
  integer k;
  always @* begin
    for (k = 0; k < 4; k = k + 1)
      tab[k] = a + k * b;
    r = tab[sel];
  end

  assign n = $clog2(13) + $bits(pp[1]) + pp[2][3];

  always @* begin
    d = 4'b0000;
    d[sel] = 1'b1;
    d[a[1:0]] = b[0];
  end
endmodule
