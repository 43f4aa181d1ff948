// Preprocessor: `include (searched from this file's folder), `define with
// and without arguments and continued lines, `undef, `ifdef/`ifndef/
// `elsif/`else/`endif, a macro given from outside (AXMUL_DEFINED, which
// the test sets to 3 as --define AXMUL_DEFINED=3 would; iverilog gets
// the same through the `ifndef below).
`timescale 1ns/1ps
`include "inc/widths.vh"
`ifndef AXMUL_DEFINED
  `define AXMUL_DEFINED 3
`endif
`define DOUBLE(v) ((v) << 1)
`define TMP 1
`undef TMP
module preproc (input [`W-1:0] a, input [`W-1:0] b, output [`W:0] m, output [`W+1:0] s, output [`W+1:0] k, output [1:0] f);
  assign m = `MAX(a, b);
  assign s = `SUM3(a, b, `DOUBLE(a[1:0]));
`ifdef TMP
  assign k = 0;
`elsif W
  assign k = a + `AXMUL_DEFINED;
`else
  assign k = 1;
`endif
`ifdef NOT_DEFINED
  `ifdef W
    assign f = 2'b11;
  `endif
`else
  assign f = `ifdef W 2'b01 `else 2'b10 `endif;
`endif
endmodule
