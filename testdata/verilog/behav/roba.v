// A rounding-based approximate multiplier in the style of RoBA (Zendegani
// et al., 2017), written for this test: each operand rounded to its
// nearest power of two (ties up, never past the top bit), and
// p = Ar*B + A*Br - Ar*Br. A function with a loop and locals, parameters,
// three products.
module roba #(parameter N = 8) (input [N-1:0] a, input [N-1:0] b, output [2*N-1:0] p);
  function automatic [N-1:0] round2(input [N-1:0] x);
    integer i;
    reg [N-1:0] r;
    begin
      r = 0;
      for (i = N-1; i >= 1; i = i - 1)
        if (r == 0 && x[i]) r = (x[i-1] && i < N-1) ? (1 << (i+1)) : (1 << i);
      if (r == 0) r = x;
      round2 = r;
    end
  endfunction
  wire [N-1:0] ar = round2(a);
  wire [N-1:0] br = round2(b);
  assign p = ar * b + a * br - ar * br;
endmodule
