// A combinational loop through gates is found by validation.
module loop (a, y);
  input a;
  output y;
  wire p, q;
  assign p = a & q; // ERROR "combinational loop: "
  assign q = p | a;
  assign y = q;
endmodule
