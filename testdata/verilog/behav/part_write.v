// Indexed part-selects with a variable base on the left of procedural
// assignments (bits out of range are not written), on descending, ascending
// and offset vectors.
module part_write (input [3:0] a, input [2:0] s, input [1:0] t, output reg [7:0] y, output reg [0:7] z, output reg [11:4] h);
  always @* begin
    y = 8'h5a;
    y[s +: 2] = a[1:0];
    y[t + 4 -: 3] = a[3:1];
    z = 8'h0f;
    z[t +: 4] = a;
    z[s[0] + 7 -: 2] = t;
    h = {a, a};
    h[t + 8 +: 4] = ~a;
  end
endmodule
