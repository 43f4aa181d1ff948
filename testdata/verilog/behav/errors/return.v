// return belongs in functions.
module ret_errors (input [3:0] a, output reg [3:0] y);
  always @* begin
    y = a;
    if (a[0]) return; // ERROR "return outside a function"
  end
endmodule
