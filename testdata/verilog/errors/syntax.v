// Syntax errors: the parser reports each and recovers at ';' and endmodule.
module syntax (a, b, y);
  input a, b;
  output y;
  wire t
  assign t = a & b; // ERROR "expected ';', found keyword assign"
  assign y = (a | ; // ERROR "expected expression, found ';'"
  assign y = a @ b; // ERROR "expected ';', found '@'"
  always y = a; // ERROR "always without an event control"
endmodule

module second (input a, output y);
  assign y = a # b; // ERROR "expected ';', found '#'"
  assign y = 3'd1x; // ERROR "malformed literal"
  assign y = 1.5; // ERROR "real numbers are not supported"
endmodule
