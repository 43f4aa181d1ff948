// SystemVerilog functions and declarations: typed parameters (int, logic
// with and without a range, bit), function bodies of several statements
// without begin/end, return (at the end, early in an if, in a case without
// default, in a nested block), for (genvar ...), end labels, a comma
// sensitivity list and null statements.
module sv_functions #(parameter int W = 4, parameter logic [3:0] K = 4'd9, parameter bit INV = 1'b1)
  (input logic [W-1:0] a, input logic [W-1:0] b, input logic [1:0] s,
   output logic [W-1:0] r, output logic [W-1:0] e, output logic [3:0] c, output logic [W-1:0] g, output logic [W:0] y);
  localparam logic FLAG = 1'b1;
  localparam int unsigned_sum = W + K;

  function automatic logic [W-1:0] rev(input logic [W-1:0] x);
    logic [W-1:0] t;
    for (int i = 0; i < W; i++) t[i] = x[W - 1 - i];
    return t ^ {W{INV}};
  endfunction

  function automatic logic [W-1:0] early(input logic [W-1:0] x, input logic [W-1:0] z);
    if (x == 0) return K[W-1:0];
    if (x > z) begin
      x = x - z;
      if (x[0]) return x;
    end
    return x + 1;
  endfunction

  function automatic logic [3:0] pick(input logic [1:0] k, input logic [3:0] x);
    case (k)
      2'd0: return x;
      2'd1: begin
        x = x << 1;
        return x | 4'd1;
      end
      2'd2: ;
    endcase
    pick = ~x;
  endfunction

  always @(a, b, s) begin : blk
    r = rev(a);
    e = early(a, b);
    c = pick(s, b[3:0]) ^ {3'b0, FLAG};
    y = {b, 1'b1};
    if (s == 2'd3) ; else y = {1'b0, a} + unsigned_sum;
  end : blk

  for (genvar i = 0; i < W; i++) begin : gg
    assign g[i] = a[i] ^ b[W - 1 - i];
  end : gg
endmodule
