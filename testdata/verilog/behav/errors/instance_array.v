// Instance arrays: connections must be as wide as the port or as all the
// elements' ports together; gate primitive arrays are not elaborated.
module one (input [1:0] x, output [1:0] y);
  assign y = ~x;
endmodule

module ia_errors (input [5:0] a, output [5:0] y, output [2:0] z, output w);
  one u[1:0] (.x(a[2:0]), .y(y[3:0])); // ERROR "width mismatch on port x of one: port has 2 bits, connection has 3"
  one v[2:0] (.x(a), .y(z)); // ERROR "width mismatch on port y of one: port has 2 bits, connection has 3"
  and g[1:0] (w, a[0], a[1]); // ERROR "arrays of gate primitives are not supported"
endmodule
