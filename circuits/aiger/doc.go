// Package aiger reads and writes combinational and-inverter graphs in the
// AIGER 1.9 format (Biere et al.), ASCII (.aag) and binary (.aig), as ABC
// and Yosys (write_aiger) write them.
//
// # Reading
//
// The header "aag M I L O A [B C J F]" (or "aig ...") decides the variant,
// whatever the file name. AIGER files name no module: Netlist.Name is
// empty. Inputs become one-bit input ports, outputs
// one-bit output ports, named from the symbol table (i0 A[0], o3 O[3]);
// an input or output without a symbol is called i<k> or o<k>. Regrouping
// bit-blasted names into buses is left to the caller (circuits/netio). AND
// gates become circuits.And gates, a complemented literal one NOT gate
// (shared by all its readers), literals 0 and 1 constant gates.
//
// Latches are rejected with an error: axmul reads combinational circuits.
// Bad-state properties, invariant constraints, justice and fairness
// properties are skipped with a note to Options.Verbose. Errors name
// file:line for .aag and file:offset N (byte offset from 0) for the binary
// part of .aig.
//
// # Writing
//
// Write (binary) and WriteASCII map every gate to AND gates and
// complemented literals (XOR and MUX take three ANDs, with structural
// hashing and constant folding), number the variables inputs first then
// ANDs in topological order (so the binary delta encoding holds), and write
// a symbol table with NAME[i] for each port bit (NAME for one-bit ports).
package aiger
