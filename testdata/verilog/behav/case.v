// case with default, several labels per item and priority (first match wins).
module case_stmt (input [2:0] sel, input [3:0] a, input [3:0] b, output reg [4:0] y);
  always @(*) begin
    case (sel)
      3'd0: y = a + b;
      3'd1, 3'd2: y = a - b;
      3'd2: y = 5'h1f; // never chosen: 2 matched above
      3'd3: begin y = {1'b0, a & b}; end
      default: y = {b, sel[0]};
    endcase
  end
endmodule
