// An undeclared identifier is legal only as an implicit net (assignment
// target or port connection), not when it is only read.
module undeclared (a, y, z);
  input a;
  output y, z;
  assign y = a & nothere; // ERROR "undeclared identifier nothere"
  assign z = implicit_ok;
  assign implicit_ok = ~a;
endmodule
