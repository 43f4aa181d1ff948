// Yosys internal cells and x/z literals: errors at the instance, the
// parameter or the literal that reaches an output.
module yosys (input [1:0] a, output [2:0] y, output w, output v, output u);
  wire [7:0] dead = 8'hxz;
  \$add #(.A_WIDTH(2), .B_WIDTH(2), .Y_WIDTH(3)) u1 (.A(a), .B(a), .Y(y));
  \$_AND_ u2 (.A(a[0]), .C(a[1]), .Y(w)); // ERROR "has no port C|not connected"
  \$mul #(.A_WIDTH(2)) u3 (.A(a), .B(a), .Y(v)); // ERROR "parameter B_WIDTH missing"
  \$_OR_ #(2) u4 (.A(a[0]), .B(a[1]), .Y(u)); // ERROR "must be named"
  \$and #(.A_WIDTH(2), .B_WIDTH(2), .Y_WIDTH(1)) u5 (.A(a), .B(3'b0), .Y(u)); // ERROR "width mismatch on port B"
endmodule
