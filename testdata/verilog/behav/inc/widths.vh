// Included by preproc.v.
`define W 4
`define MAX(x, y) ((x) > (y) ? (x) : (y))
`define SUM3(a, b, c) \
  ((a) + (b) + \
   (c))
