// A variable not assigned on every path of an always block would be a latch.
module latch (input [1:0] s, input a, input b, output reg y, output reg [1:0] z, output reg w);
  always @* begin // ERROR "y is not assigned on every path through the always block at .*latch.v:3:3 \(a latch would be inferred"
    if (s[0]) y = a;
  end
  always @* begin : dec // ERROR "z \(bit 1\) is not assigned on every path through always block dec"
    z[0] = a;
    case (s)
      2'd0: z[1] = b;
      2'd1: z[1] = a;
    endcase
  end
  always @* w = a & b;
endmodule
