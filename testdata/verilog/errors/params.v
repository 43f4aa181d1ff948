// Parameter overrides must name parameters of the module.
module params (input a, output y);
  inv1 #(.W(2)) u (.i(a), .o(y)); // ERROR "module inv1 has no parameter W"
endmodule

module inv1 (input i, output o);
  assign o = ~i;
endmodule
