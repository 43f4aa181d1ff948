// Loops need bounds known at elaboration and stop at the iteration cap.
module loops (input [3:0] a, output reg [3:0] y, output reg [3:0] z, output reg [3:0] u, output [3:0] v, output [3:0] t,
              output reg [3:0] wy, output reg [3:0] ry, output reg [3:0] my);
  integer i;
  always @* begin
    y = 0;
    for (i = 0; i < a; i = i + 1) // ERROR "for loop condition is not constant at elaboration"
      y = y + 1;
  end
  always @* begin
    z = a;
    for (i = 0; i >= 0; i = i + 1) // ERROR "for loop exceeds 65536 iterations"
      z = z;
  end
  always @* begin
    u = a;
    repeat (a) u = u + 1; // ERROR "repeat count must be constant"
  end
  function [3:0] f(input [3:0] x);
    f = f(x) + 1; // ERROR "function calls nested deeper than 256 \(recursion of f"
  endfunction
  assign v = f(a);
  genvar g;
  for (g = 0; g < 4; g = g) begin : same // ERROR "generate loop repeats the value 0 of g"
    assign t[g] = 1'b0;
  end
  always @* begin
    wy = a;
    i = 0;
    while (i >= 0) wy = wy; // ERROR "while loop exceeds 65536 iterations"
  end
  always @* begin
    ry = a;
    repeat (70000) ry = ry; // ERROR "repeat loop runs 70000 times \(limit 65536 iterations\)"
  end
  // The loops above count too: 65536 + 65536 + 3 * 60000 > 2^18.
  always @* begin
    my = a;
    for (i = 0; i < 60000; i = i + 1) my = my ^ 1;
    for (i = 0; i < 60000; i = i + 1) my = my ^ 1;
    for (i = 0; i < 60000; i = i + 1) my = my ^ 1; // ERROR "more than 262144 loop iterations in module loops \(nested loops\?\)"
  end
endmodule
