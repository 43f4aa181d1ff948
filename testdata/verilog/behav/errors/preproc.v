// Preprocessor errors name the directive or the macro use.
`include "no_such_file.vh" // ERROR "cannot find include file no_such_file.vh \(searched .*no_such_file.vh\)"
`define ADD(a, b) ((a) + (b))
module pre (input [3:0] a, output [3:0] y, output [3:0] z);
  assign y = `UNDEFINED_MACRO; // ERROR "undefined macro `UNDEFINED_MACRO"
  assign z = `ADD(a); // ERROR "macro `ADD takes 2 arguments, not 1"
endmodule
`endif // ERROR "`endif without `ifdef"
`ifdef X // ERROR "missing `endif"
