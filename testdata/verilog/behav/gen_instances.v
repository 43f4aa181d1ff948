// Module instances inside a generate loop (the top is still the module
// nobody instantiates), a parameter from the genvar, and an instance in a
// generate if.
module full_add #(parameter INV = 0) (input a, input b, input ci, output s, output co);
  assign s = a ^ b ^ ci ^ INV[0];
  assign co = (a & b) | (ci & (a ^ b));
endmodule

module ripple #(parameter N = 4) (input [N-1:0] a, input [N-1:0] b, output [N:0] s, output p);
  wire [N:0] c;
  assign c[0] = 1'b0;
  genvar i;
  generate
    for (i = 0; i < N; i = i + 1) begin : st
      full_add #(.INV(i == 2)) fa (.a(a[i]), .b(b[i]), .ci(c[i]), .s(s[i]), .co(c[i + 1]));
    end
    if (N > 2) begin : par
      full_add pa (.a(a[0]), .b(b[0]), .ci(a[N-1]), .s(p), .co());
    end
  endgenerate
  assign s[N] = c[N];
endmodule
