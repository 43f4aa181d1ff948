// SystemVerilog basics: logic and bit ports, always_comb, unique and
// priority case, int loop variables, ++ and +=.
module sv_basics (input logic [3:0] a, input logic [2:0] b, output logic [4:0] y, output bit [1:0] z);
  always_comb begin
    y = '0;
    for (int i = 0; i < 3; i++)
      if (b[i]) y += a;
    priority case (b)
      3'd0, 3'd1: z = 2'd0;
      3'd2: z = 2'd1;
      default: z = a[1:0];
    endcase
    if (a == 4'hf) z = 2'd3;
  end
endmodule
