// A loop made only of wire-to-wire assignments.
module aliasloop (y);
  output y;
  wire p, q;
  assign p = q; // ERROR "combinational loop: p -> q -> p"
  assign q = p;
  assign y = p;
endmodule
