// Errors inside generate blocks name the hierarchical block.
module gen_errors #(parameter N = 2) (input [N-1:0] a, output [N-1:0] y, output z);
  genvar i;
  for (i = 0; i < N; i = i + 1) begin : blk
    wire t;
    assign t = a[i];
    assign t = ~a[i]; // ERROR "blk\[[01]\]\.t has multiple drivers"
    assign y[i] = t;
  end
  if (N > 1) begin : big
    assign z = a[N]; // ERROR "index 2 out of range \[1:0\] of a"
  end
  for (i = 0; i < a; i = i + 1) begin : bad // ERROR "generate condition is not constant \(a is not a parameter or genvar\)"
  end
endmodule
