// EvoApprox8b style: cells as PDKGEN<cell> modules in the file, and
// mangled cell names that are defined nowhere (EvoApprox compatibility
// rule). y = ~(a & b), z = ~(a ^ b), fs/fc = full adder of a, b, c.
module cells (a, b, c, y, z, fs, fc, m);
  input a, b, c;
  output y, z, fs, fc, m;
  wire [3:0] N;
  NPDKGEPDKGENNAND2X1 u1 (.A(a), .B(b), .Y(N[0]));
  XNPDKGEPDKGENNOR2X1 u2 (.A(a), .B(b), .Y(N[1]));
  PDKGENFAX1 u3 (.A(a), .B(b), .C(c), .YS(fs), .YC(fc));
  PDKGENBUFX2 u4 (.A(N[0]), .Y(y));
  PDKGEPDKGENNAND2X1 u5 (.A(a), .B(1'b1), .Y(m));
  assign z = N[1];
endmodule

module PDKGENFAX1( input A, input B, input C, output YS, output YC );
    assign YS = (A ^ B) ^ C;
    assign YC = (A & B) | (B & C) | (A & C);
endmodule
module PDKGENBUFX2(input A, output Y );
     assign Y = A;
endmodule
module PDKGEPDKGENNAND2X1(input A, input B, output Y );
     assign Y = A & B;
endmodule
