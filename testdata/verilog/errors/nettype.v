`default_nettype none
// Under `default_nettype none there are no implicit nets.
module nettype (input wire a, output wire y);
  assign t = a; // ERROR "undeclared identifier t"
  assign y = a;
endmodule
