// generate for with a genvar and named blocks, generate if and case on
// parameters, an implicit generate region without the generate keyword.
module generate_blocks #(parameter N = 4, parameter MODE = 1) (input [N-1:0] a, input [N-1:0] b, output [N:0] s, output [N-1:0] x, output [1:0] m);
  wire [N:0] c;
  assign c[0] = 1'b0;
  genvar i;
  generate
    for (i = 0; i < N; i = i + 1) begin : fa
      wire p, g;
      assign p = a[i] ^ b[i];
      assign g = a[i] & b[i];
      assign s[i] = p ^ c[i];
      assign c[i + 1] = g | (p & c[i]);
    end
  endgenerate
  assign s[N] = c[N];

  for (genvar j = 0; j < N; j = j + 1) begin : inv
    if (j % 2 == 0) begin : even
      assign x[j] = ~a[j];
    end else begin : odd
      assign x[j] = a[j] & b[j];
    end
  end

  generate
    case (MODE)
      0: begin : m0
        assign m = 2'b00;
      end
      1: begin : m1
        wire [1:0] t;
        assign t = a[1:0] + b[1:0];
        assign m = t;
      end
      default: begin : md
        assign m = 2'b11;
      end
    endcase
  endgenerate
endmodule
