// Modules defined nowhere; without a cell library, standard cells are
// unknown too.
module unknown (a, b, y, z);
  input a, b;
  output y, z;
  NOSUCHCELL u1 (.A(a), .Y(y)); // ERROR "unknown module NOSUCHCELL \(not defined in the file; pass a cell library"
  HAX1 u2 (.A(a), .B(b), .YS(z)); // ERROR "unknown module HAX1"
endmodule
