// One integer loop variable shared by two always blocks, a variable read
// in one block and assigned in another, a signed function result.
module shared_int (input [3:0] a, input [3:0] b, output reg [3:0] x, output reg [3:0] y, output signed [5:0] z);
  integer i;
  reg [3:0] t;
  always @* begin
    for (i = 0; i < 4; i = i + 1)
      t[i] = a[3 - i];
  end
  always @* begin
    x = 0;
    for (i = 0; i < 4; i = i + 1)
      x = x + (t[i] & b[i]);
    y = t ^ b;
  end
  function signed [5:0] diff(input signed [3:0] p, input signed [3:0] q);
    diff = p - q;
  endfunction
  assign z = diff(a, b) >>> 1;
endmodule
