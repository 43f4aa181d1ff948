// return belongs in functions; break and continue are not elaborated.
module ret_errors (input [3:0] a, output reg [3:0] y);
  always @* begin
    y = a;
    if (a[0]) return; // ERROR "return outside a function"
  end
endmodule

// Loop jumps are not elaborated.
module jumps (input [3:0] a, output reg [2:0] k);
  integer i;
  always @* begin
    k = 0;
    for (i = 0; i < 4; i = i + 1) begin
      if (a[i]) break; // ERROR "break is not supported \(end the loop with its condition, or return from a function\)"
      if (!a[i]) continue; // ERROR "continue is not supported"
      k = k + 1;
    end
  end
endmodule
