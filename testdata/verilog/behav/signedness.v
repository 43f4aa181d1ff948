// Mixed signedness and expression sizing in processes: an unsigned
// operand makes the whole expression unsigned, $signed and $unsigned,
// integer arithmetic with negative values, comparisons with constants of
// either signedness, conditional negation, arithmetic and logical shifts.
module signedness (input [3:0] a, input signed [3:0] b, input [1:0] c,
                   output reg [7:0] s, output reg [7:0] u, output reg [7:0] cmp,
                   output reg signed [7:0] n, output reg [7:0] sh);
  integer k;
  reg signed [7:0] t;
  always @* begin
    s = $signed(a) * b;
    u = a * b;
    k = b - 4'sd5;
    cmp[0] = b < 0;
    cmp[1] = b < 3'd2;
    cmp[2] = a < -3;
    cmp[3] = $signed(a) > -4'sd3;
    cmp[4] = k < -2;
    cmp[5] = b >= 4'sd3 && $unsigned(b) != 4'd9;
    cmp[6] = 8'd200 <= {a, b};
    cmp[7] = $signed({a, b}) <= -8'sd100;
    n = c[0] ? -b : b;
    if (c[1])
      n = c[0] ? n : -n;
    t = b;
    sh = (t >>> c) ^ {(t >> c), 1'b0} ^ (k >>> 1);
  end
endmodule
