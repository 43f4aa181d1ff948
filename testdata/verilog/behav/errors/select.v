// Indexed part-selects with a variable base need a vector, not an array.
module sel_errors (input [1:0] s, input [3:0] a, output reg [1:0] y, output [1:0] z);
  reg [3:0] mem [0:3];
  integer i;
  always @* begin
    for (i = 0; i < 4; i = i + 1)
      mem[i] = a;
    y = mem[s +: 2]; // ERROR "indexed part-select of array mem with a variable base is not supported"
    mem[s +: 2] = 0; // ERROR "indexed part-select of array mem with a variable base is not supported"
  end
  assign z = a[s +: 0]; // ERROR "part-select width 0 must be positive"
endmodule
