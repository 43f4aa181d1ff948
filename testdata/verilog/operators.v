// Unary reductions, logical and relational operators, ?:, shifts.
module operators (a, b, s, red, lg, rel, mux, shl, shr, shv, pr);
  input [3:0] a, b;
  input [1:0] s;
  output [5:0] red;   // &a |a ^a ~&a ~|a ~^a
  output [3:0] lg;    // !a, a && b, a || b, ~a[0]
  output [5:0] rel;   // == != < <= > >=
  output [3:0] mux;
  output [3:0] shl, shr, shv;
  output [3:0] pr;    // precedence: a & b | a ^ b
  assign red = {&a, |a, ^a, ~&a, ~|a, ~^a};
  assign lg = {!a, a && b, a || b, ~a[0]};
  assign rel = {a == b, a != b, a < b, a <= b, a > b, a >= b};
  assign mux = s[0] ? a : (s[1] ? b : 4'b0101);
  assign shl = a << 1;
  assign shr = a >> 2;
  assign shv = a << s;
  assign pr = a & b | a ^ b;
endmodule
