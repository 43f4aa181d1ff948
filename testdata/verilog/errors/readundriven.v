// A net read but never driven inside an instance, reported by validation
// with the hierarchical name.
module readundriven (a, z);
  input a;
  output z;
  sub u (.i(a), .o(z));
endmodule

module sub (input i, output o);
  wire floating;
  assign o = i & floating; // ERROR "net u.floating is read but never driven"
endmodule
