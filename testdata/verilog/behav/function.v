// Functions: ANSI and classic declarations, local variables, loops,
// calls of other functions, recursion, a constant function in a parameter.
module function_call (a, b, y, z, c, f);
  parameter W = 4;
  localparam LOGW = clog(W) + 1;
  input [W-1:0] a, b;
  output [2*W-1:0] y;
  output [LOGW:0] z;
  output [W-1:0] c;
  output [5:0] f;

  function integer clog(input integer n);
    integer m;
    begin
      clog = 0;
      m = n - 1;
      while (m > 0) begin
        clog = clog + 1;
        m = m >> 1;
      end
    end
  endfunction

  function [2*W-1:0] mul;
    input [W-1:0] x;
    input [W-1:0] y;
    integer i;
    begin
      mul = 0;
      for (i = 0; i < W; i = i + 1)
        if (y[i]) mul = mul + ({{W{1'b0}}, x} << i);
    end
  endfunction

  function automatic [3:0] count(input [W-1:0] v);
    integer i;
    begin
      count = 0;
      for (i = 0; i < W; i = i + 1) count = count + v[i];
    end
  endfunction

  function automatic [W-1:0] gray(input [W-1:0] v);
    gray = v ^ (v >> 1);
  endfunction

  // Recursion on constant arguments: a popcount tree over v[lo +: n].
  function automatic [5:0] tree(input [W-1:0] v, input integer lo, input integer n);
    if (n == 1) tree = v[lo];
    else tree = tree(v, lo, n / 2) + tree(v, lo + n / 2, n - n / 2);
  endfunction

  assign y = mul(a, b);
  assign z = count(a) + count(gray(b));
  assign c = gray(a) ^ LOGW;
  assign f = tree(a, 0, W) + tree(b, 1, W - 1);
endmodule
