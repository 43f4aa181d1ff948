// Bit- and part-selects on descending and ascending ranges, indexed
// part-selects, concatenation and replication on both sides of assign.
module selects (
    input  [7:0] d,      // descending
    input  [0:3] u,      // ascending: u[0] is the MSB
    output [7:0] rev,    // d reversed
    output [3:0] mid,    // d[5:2]
    output [3:0] up,     // u as a number
    output [1:0] uhi,    // u[0:1], the two most significant bits of u
    output [3:0] plus,   // d[1 +: 4] = d[4:1]
    output [3:0] minus,  // d[7 -: 4] = d[7:4]
    output [11:0] rep,   // {3{u}}
    output [5:0] cat,    // {d[0], 2'b10, u[3], d[7:6]}
    output       bit0,   // u[3] (weight 1 of u)
    output [2:0] lhs_a,  // assigned through a concatenation target
    output [1:0] lhs_b
);
  assign rev = {d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]};
  assign mid = d[5:2];
  assign up = u;
  assign uhi = u[0:1];
  assign plus = d[1 +: 4];
  assign minus = d[7 -: 4];
  assign rep = {3{u}};
  assign cat = {d[0], 2'b10, u[3], d[7:6]};
  assign bit0 = u[3];
  assign {lhs_a, lhs_b} = {d[4:0]};
endmodule
