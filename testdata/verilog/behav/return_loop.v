// return inside loops and blocks with local variables (a returned flag
// guards the function's result after a return; loop counters keep
// counting): a leading-one detector, a return from a named block, a
// return in a for loop that also assigns the function name, one in a
// while loop.
module return_loop (input [7:0] A, input [7:0] B, output [3:0] o_lod, output [7:0] o_loc, output [3:0] o_first, output [3:0] o_while);
  function automatic logic [3:0] lod(input logic [7:0] x);
    for (int i = 7; i >= 0; i--)
      if (x[i]) return i;
    return 4'd15;
  endfunction
  function automatic logic [7:0] loc(input logic [7:0] x, input logic [7:0] y);
    begin : b
      logic [7:0] t;
      t = x + y;
      if (t[7]) return t;
      t = t ^ 8'h55;
      if (t[0]) return ~t;
    end
    loc = x - y;
  endfunction
  function automatic logic [3:0] first(input logic [7:0] x, input logic [7:0] y);
    first = 0;
    for (int i = 0; i < 8; i++) begin
      if (x[i] & y[i]) begin
        first = first + i;
        return first;
      end
      first = first + 1;
    end
  endfunction
  function automatic logic [3:0] lowest(input logic [7:0] x);
    integer k;
    k = 0;
    while (k < 8) begin
      if (x[k]) return k;
      k = k + 1;
    end
    return 15;
  endfunction
  assign o_lod = lod(A);
  assign o_loc = loc(A, B);
  assign o_first = first(A, B);
  assign o_while = lowest(B);
endmodule
