// Sequential constructs are rejected with a clear message.
module seq (input clk, input a, output reg q, output reg y);
  always @(posedge clk) // ERROR "edge-triggered always @\(posedge ...\) is not supported: sequential logic"
    q <= a; // ERROR "non-blocking assignment \(<=\) is not supported: sequential logic"
  initial y = 0; // ERROR "initial blocks are not supported: sequential logic"
  always @* begin
    #1 y = a; // ERROR "delays inside processes are not supported: sequential logic"
  end
  always_ff @(posedge clk) q = a; // ERROR "always_ff is not supported: sequential logic"
  always_latch if (a) y = clk; // ERROR "always_latch is not supported: sequential logic"
endmodule
