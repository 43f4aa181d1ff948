// A variable initialiser is an initial value: sequential logic.
module init_errors (input a, output reg r);
  reg t = 1'b1; // ERROR "variable initialisers are not supported: sequential logic"
  always @* r = a & t;
endmodule
