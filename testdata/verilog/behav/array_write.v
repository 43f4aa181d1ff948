// A variable index on the left of a procedural assignment to an array
// element and to a bit of an element.
module array_write (input [1:0] i, input [1:0] j, input [2:0] v, output reg [2:0] o0, output reg [2:0] o3, output reg [3:0] bits);
  reg [2:0] mem [0:3];
  integer k;
  always @* begin
    for (k = 0; k < 4; k = k + 1)
      mem[k] = k;
    mem[i] = v;
    mem[j][0] = ~v[0];
    o0 = mem[0];
    o3 = mem[3];
    for (k = 0; k < 4; k = k + 1)
      bits[k] = mem[k][1];
  end
endmodule
