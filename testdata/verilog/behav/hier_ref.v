// Names inside generate blocks referred to from the next iteration and
// from outside: a ripple-carry chain through st[i-1].c, the last carry as
// st[N-1].c, a bit of a block's vector.
module hier_ref #(parameter N = 4) (input [N-1:0] a, input [N-1:0] b, output [N:0] s, output [1:0] x);
  genvar i;
  for (i = 0; i < N; i = i + 1) begin : st
    wire c;
    wire [1:0] v;
    if (i == 0) begin : first
      assign s[0] = a[0] ^ b[0];
      assign c = a[0] & b[0];
    end else begin : next
      assign s[i] = a[i] ^ b[i] ^ st[i-1].c;
      assign c = (a[i] & b[i]) | (st[i-1].c & (a[i] ^ b[i]));
    end
    assign v = {a[i], b[i]};
  end
  assign s[N] = st[N-1].c;
  assign x = {st[2].v[0], st[1].v[1]};
endmodule
