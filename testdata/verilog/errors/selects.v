// Out-of-range and reversed selects, non-constant ranges.
module selects (d, i, y, z, w, v);
  input [7:0] d;
  input [2:0] i;
  output y;
  output [3:0] z, w;
  output [1:0] v;
  assign y = d[8]; // ERROR "index 8 out of range \[7:0\] of d"
  assign z = d[0:3]; // ERROR "part-select \[0:3\] of d is reversed"
  assign w = d[i:0]; // ERROR "expression is not constant"
  assign v = i ** d[1:0]; // ERROR "operator \*\* with a variable exponent needs a constant base that is a power of two"
endmodule
