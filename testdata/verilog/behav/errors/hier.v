// Hierarchical references reach only into generate blocks of the same module.
module hier_errors (input [1:0] a, output y, output z, output w);
  genvar i;
  for (i = 0; i < 2; i = i + 1) begin : g
    wire t;
    assign t = a[i];
  end
  assign y = g[2].t; // ERROR "undeclared identifier g\[2\]\.t"
  assign z = g[a].t; // ERROR "index of a generate block must be constant"
  other o (.a(a[0]), .y(w));
endmodule

module other (input a, output y);
  assign y = u.t; // ERROR "hierarchical reference .t: only names inside the generate blocks of the same module"
endmodule
