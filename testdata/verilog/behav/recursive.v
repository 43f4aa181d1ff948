// A recursive multiplier: an N x N product from four N/2 x N/2 products of
// the same module, down to a 2x2 block under generate if (the building
// blocks of recursive approximate multipliers).
module rmul #(parameter N = 4) (input [N-1:0] a, input [N-1:0] b, output [2*N-1:0] p);
  generate
    if (N == 2) begin : leaf
      assign p = a * b;
    end else begin : split
      localparam H = N / 2;
      wire [N-1:0] ll, lh, hl, hh;
      rmul #(.N(H)) m0 (.a(a[H-1:0]), .b(b[H-1:0]), .p(ll));
      rmul #(.N(H)) m1 (.a(a[H-1:0]), .b(b[N-1:H]), .p(lh));
      rmul #(.N(H)) m2 (.a(a[N-1:H]), .b(b[H-1:0]), .p(hl));
      rmul #(.N(H)) m3 (.a(a[N-1:H]), .b(b[N-1:H]), .p(hh));
      assign p = {hh, ll} + ({{H{1'b0}}, lh, {H{1'b0}}}) + ({{H{1'b0}}, hl, {H{1'b0}}});
    end
  endgenerate
endmodule

module recursive (input [7:0] a, input [7:0] b, output [15:0] p);
  rmul #(.N(8)) m (.a(a), .b(b), .p(p));
endmodule
