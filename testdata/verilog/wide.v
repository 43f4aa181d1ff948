// 16-bit arithmetic, unsigned and signed (checked on random inputs).
module wide (a, b, p, sp, s, d, lt, slt, sh, mx);
  input [15:0] a, b;
  output [31:0] p;         // a * b
  output signed [31:0] sp; // signed product
  output [16:0] s;         // a + b with carry
  output [15:0] d;         // a - b
  output lt, slt;          // unsigned and signed a < b
  output [15:0] sh;        // $signed(a) >>> b[3:0]
  output [15:0] mx;        // a > b ? a : b
  assign p = a * b;
  assign sp = $signed(a) * $signed(b);
  assign s = a + b;
  assign d = a - b;
  assign lt = a < b;
  assign slt = $signed(a) < $signed(b);
  assign sh = $signed(a) >>> b[3:0];
  assign mx = a > b ? a : b;
endmodule
