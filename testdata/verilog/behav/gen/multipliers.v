// Behavioural RTL of the parametric multipliers of gen/param (array,
// truncated, broken-array, DRUM, Mitchell; unsigned and signed), written
// from the definitions in gen/param/doc.go, not from the generator. The
// test TestBehavGenerators checks each against the generated netlist on
// every input pair. Ports: A (N bits), B (M bits), O (N+M bits).

// mul_pp sums the kept partial-product bits p(i,j) = A[i] & B[j] (the
// array family): bit (i,j) is kept iff j >= H and i+j >= V; signed
// operands use the modified Baugh-Wooley form (p inverted when exactly one
// of i = N-1, j = M-1 holds, plus the constant 2^(N-1) + 2^(M-1) +
// 2^(N+M-1), whose bits below column V are dropped too). CORR adds the
// correction constant of the truncated multiplier (V = k, H = 0).
module mul_pp #(parameter N = 8, M = 8, SIGNED = 0, H = 0, V = 0, CORR = 0) (
  input [N-1:0] A,
  input [M-1:0] B,
  output reg [N+M-1:0] O
);
  // The expected value of the dropped bits for uniform operand bits,
  // rounded half up to a multiple of 2^k (gen/param's truncCorrection).
  function automatic integer tcorr(input integer n, input integer m, input integer s, input integer k);
    integer i, j, e4, konst;
    begin
      e4 = 0;
      for (j = 0; j < m; j = j + 1)
        for (i = 0; i < n; i = i + 1)
          if (i + j < k)
            e4 = e4 + ((s != 0 && ((i == n - 1) != (j == m - 1))) ? 3 : 1) * (1 << (i + j));
      konst = s ? (1 << (n - 1)) + (1 << (m - 1)) + (1 << (n + m - 1)) : 0;
      e4 = e4 + 4 * (konst & ((1 << k) - 1));
      tcorr = ((e4 + (2 << k)) / (4 << k)) << k;
    end
  endfunction

  localparam [N+M-1:0] BW = SIGNED ? (1 << (N - 1)) + (1 << (M - 1)) + (1 << (N + M - 1)) : 0;
  localparam [N+M-1:0] KONST = (BW & ~((1 << V) - 1)) + (CORR ? tcorr(N, M, SIGNED, V) : 0);

  integer i, j;
  reg [N+M-1:0] row;
  always @* begin
    O = KONST;
    for (j = H; j < M; j = j + 1) begin
      row = 0;
      for (i = 0; i < N; i = i + 1)
        if (i + j >= V)
          row[i + j] = (A[i] & B[j]) ^ (SIGNED != 0 && ((i == N - 1) != (j == M - 1)));
      O = O + row;
    end
  end
endmodule

// mul_drum is DRUM(K) (Hashemi, Bahar and Reda, ICCAD 2015) on unsigned
// operands, wrapped in sign-magnitude conversion when SIGNED.
module mul_drum #(parameter N = 8, M = 8, K = 4, SIGNED = 0) (
  input [N-1:0] A,
  input [M-1:0] B,
  output [N+M-1:0] O
);
  // Position of the leading one of x (0 for x = 0).
  function automatic integer lead(input [31:0] x);
    integer t;
    begin
      lead = 0;
      for (t = 0; t < 32; t = t + 1)
        if (x[t]) lead = t;
    end
  endfunction

  wire [N-1:0] ma = (SIGNED && A[N-1]) ? -A : A;
  wire [M-1:0] mb = (SIGNED && B[M-1]) ? -B : B;
  // The K-bit segments (narrower for narrower operands) and their shifts.
  localparam KA = K < N ? K : N;
  localparam KB = K < M ? K : M;
  reg [KA-1:0] sx;
  reg [KB-1:0] sy;
  reg [5:0] shx, shy;
  reg [N+M-1:0] r;
  always @* begin
    if (ma < (1 << K)) begin
      sx = ma;
      shx = 0;
    end else begin
      shx = lead(ma) - K + 1;
      sx = (ma >> shx) | 1;
    end
    if (mb < (1 << K)) begin
      sy = mb;
      shy = 0;
    end else begin
      shy = lead(mb) - K + 1;
      sy = (mb >> shy) | 1;
    end
    r = (sx * sy) << (shx + shy);
  end
  assign O = (SIGNED && (A[N-1] ^ B[M-1])) ? -r : r;
endmodule

// mul_mitchell is Mitchell's logarithmic multiplier with F = max(N, M) - 1
// fraction bits, sign-magnitude when SIGNED.
module mul_mitchell #(parameter N = 8, M = 8, SIGNED = 0) (
  input [N-1:0] A,
  input [M-1:0] B,
  output [N+M-1:0] O
);
  localparam F = (N > M ? N : M) - 1;
  wire [N-1:0] ma = (SIGNED && A[N-1]) ? -A : A;
  wire [M-1:0] mb = (SIGNED && B[M-1]) ? -B : B;
  integer t;
  reg [5:0] kx, ky;
  reg [F:0] fx, fy, s;
  reg [2*F+N+M:0] p;
  reg [N+M-1:0] r;
  always @* begin
    kx = 0;
    ky = 0;
    for (t = 0; t < N; t = t + 1)
      if (ma[t]) kx = t;
    for (t = 0; t < M; t = t + 1)
      if (mb[t]) ky = t;
    fx = (ma ^ (1 << kx)) << (F - kx);
    fy = (mb ^ (1 << ky)) << (F - ky);
    s = fx + fy;
    if (s[F])
      p = {s, 1'b0} << (kx + ky);
    else
      p = {1'b1, s[F-1:0]} << (kx + ky);
    r = (ma == 0 || mb == 0) ? 0 : p >> F;
  end
  assign O = (SIGNED && (A[N-1] ^ B[M-1])) ? -r : r;
endmodule
