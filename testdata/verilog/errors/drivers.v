// Multiple drivers, driving an input, assigning a parameter.
module drivers (a, b, y, z);
  input a, b;
  output y, z;
  parameter P = 1;
  assign y = a;
  assign y = b; // ERROR "y has multiple drivers \(also driven at .*drivers.v:6:10\)"
  assign a = b; // ERROR "cannot drive input port a"
  assign P = a; // ERROR "cannot assign to parameter P"
  buf (z, a);
  and (z, a, b); // ERROR "z has multiple drivers"
endmodule
