// Port connection errors.
module ports (a, b, y, z, w);
  input [3:0] a;
  input b;
  output [3:0] y;
  output z, w;
  inv4 u1 (.i(a[2:0]), .o(y)); // ERROR "width mismatch on port i of inv4: port has 4 bits, connection has 3"
  wire [3:0] t;
  inv4 u2 (.i(a), .o(t), .q(b)); // ERROR "inv4 has no port q"
  inv1 u3 (.o(z)); // ERROR "input port i of instance u3 is not connected"
  inv1 u4 (b, w, a); // ERROR "too many port connections for inv1"
endmodule

module inv4 (input [3:0] i, output [3:0] o);
  assign o = ~i;
endmodule

module inv1 (input i, output o);
  assign o = ~i;
endmodule
