// Recursive instantiation.
module top (input a, output y);
  r u (.a(a), .y(y));
endmodule

module r (input a, output y);
  r inner (.a(a), .y(y)); // ERROR "recursive instantiation of module r"
endmodule
