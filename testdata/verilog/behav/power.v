// ** with a constant exponent (square and multiply) and with a
// power-of-two base (a shift).
module power (input [3:0] a, input [3:0] b, output reg [7:0] p, output reg [7:0] t);
  always @* begin
    p = a ** 2 + b ** 3;
    t = 2 ** b[2:0] + 4 ** a[1:0];
  end
endmodule
