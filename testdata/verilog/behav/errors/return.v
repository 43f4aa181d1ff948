// return: only in functions, not inside loops or blocks with locals.
module ret_errors (input [3:0] a, output reg [3:0] y, output [3:0] z, output [3:0] w);
  function automatic [3:0] loop_ret(input [3:0] x);
    integer i;
    for (i = 0; i < 4; i = i + 1)
      if (x[i]) return i; // ERROR "function loop_ret: return inside a loop is not supported"
    return 0;
  endfunction
  function automatic [3:0] local_ret(input [3:0] x);
    begin : b // ERROR "function local_ret: return inside a block with local declarations is not supported"
      reg [3:0] t;
      t = x + 1;
      if (t == 0) return 1;
    end
    return x;
  endfunction
  assign z = loop_ret(a);
  assign w = local_ret(a);
  always @* begin
    y = a;
    if (a[0]) return; // ERROR "return outside a function"
  end
endmodule
