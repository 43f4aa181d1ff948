// casez and casex with wildcard digits: a priority encoder and a decoder.
module casez_stmt (input [5:0] r, output reg [2:0] idx, output reg [1:0] k);
  always_comb begin
    casez (r)
      6'b1?????: idx = 3'd5;
      6'b01????: idx = 3'd4;
      6'b001???: idx = 3'd3;
      6'b0001??: idx = 3'd2;
      6'b00001?: idx = 3'd1;
      6'b000001: idx = 3'd0;
      default: idx = 3'd7;
    endcase
    casex (r[2:0])
      3'b1x0: k = 2'd1;
      3'bx11: k = 2'd2;
      3'b0zz: k = 2'd3;
      default: k = 2'd0;
    endcase
  end
endmodule
