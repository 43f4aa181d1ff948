// for loops over an integer in always @*: popcount, bit reversal, a
// shift-and-add multiplier; repeat with a constant count (while: while.v).
module for_loop (input [3:0] a, input [3:0] b, output reg [2:0] ones, output reg [3:0] rev, output reg [7:0] p, output reg [3:0] w);
  integer i, j;
  always @* begin
    ones = 0;
    for (i = 0; i < 4; i = i + 1)
      ones = ones + a[i];
    for (i = 0; i < 4; i++)
      rev[3 - i] = a[i];
  end
  always @(a or b) begin : mul
    reg [7:0] acc;
    acc = 0;
    for (j = 0; j < 4; j = j + 1)
      if (b[j]) acc = acc + (a << j);
    p = acc;
  end
  always @* begin : loops
    w = a ^ b;
    repeat (2) w = {w[2:0], w[3]};
  end
endmodule
