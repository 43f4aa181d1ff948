// A recursive function that reads and assigns its own result after the
// recursive call returns (the call must hide and restore the caller's
// result variable): the bit length of x.
module recursion_result (input [3:0] a, input [3:0] b, output reg [3:0] y, output reg [3:0] z);
  function automatic [3:0] g(input [3:0] x);
    if (x == 0)
      g = 0;
    else begin
      g = g(x >> 1);
      g = g + 1;
    end
  endfunction
  always @* begin
    y = g(a);
    z = g(b ^ a);
  end
endmodule
