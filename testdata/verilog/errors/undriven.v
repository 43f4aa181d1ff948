// An output bit never driven (reported before validation, which would
// also find the undriven wire inside u).
module undriven (a, y, z);
  input a;
  output [1:0] y; // ERROR "output y\[1\] is never driven"
  output z;
  assign y[0] = a;
  sub u (.i(a), .o(z));
endmodule

module sub (input i, output o);
  wire floating;
  assign o = i & floating;
endmodule
