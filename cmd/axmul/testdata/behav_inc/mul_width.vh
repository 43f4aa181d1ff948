// Included by mul4u_inc.v from a folder given with -I.
`define W 4
