// Division and modulo by a variable (array divider), unsigned and signed
// (truncation toward zero), in an always block. Divisors are never zero
// (Verilog gives x there).
module divmod (input [3:0] a, input [3:0] b, output reg [3:0] q, output reg [3:0] r, output reg signed [3:0] sq, output reg signed [3:0] sr);
  reg [3:0] d;
  reg signed [3:0] sa, sd;
  always @* begin
    d = b | 4'b0001;
    q = a / d;
    r = a % d;
    sa = a;
    sd = (b == 4'b0000) ? 4'sd1 : b;
    sq = sa / sd;
    sr = sa % sd;
  end
endmodule
