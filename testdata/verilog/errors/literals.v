// Literals named in messages as written.
module literals (a, y, z);
  input [3:0] a;
  output [7:0] y;
  output [11:0] z;
  assign y = {a, 'hf}; // ERROR "^unsized constant 'hf in concatenation$"
  assign z = {a, 8'h0f, 'sd3}; // ERROR "^unsized constant 'sd3 in concatenation$"
endmodule
