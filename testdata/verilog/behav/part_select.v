// Indexed part-selects X[base +: w] and X[base -: w]: a variable base (a
// multiplexer tree per bit) and loop-variable bases on both sides, on
// descending, ascending and offset ([11:4]) vectors.
module part_select (input [7:0] a, input [2:0] s, input [1:0] t,
                    output reg [3:0] p, output reg [3:0] m, output [3:0] q, output reg [7:0] r, output [1:0] u);
  wire [0:7] asc = a;
  wire [11:4] hi = a;
  integer i;
  always @* begin
    p = a[s[1:0] +: 4];
    m = a[7 - s[1:0] -: 4] + asc[t -: 1];
    for (i = 0; i < 4; i = i + 1)
      r[i*2 +: 2] = a[i*2 +: 2] ^ {2{s[2]}};
  end
  assign q = asc[s[1:0] +: 4] ^ hi[11 - t -: 4];
  assign u = hi[s[1:0] + 4 +: 2];
endmodule

