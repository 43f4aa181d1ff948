// Package blif reads and writes combinational netlists in the Berkeley
// Logic Interchange Format (BLIF), as written by ABC, Yosys (write_blif)
// and SIS.
//
// # Accepted subset
//
// .model, .inputs, .outputs, .names with single-output covers (rows of 0,
// 1 and - for don't-care; ON-set covers whose rows end in 1 or OFF-set
// covers whose rows end in 0; an empty cover is the constant 0, a lone "1"
// row the constant 1), .subckt instances of other models of the same file
// (hierarchy, flattened) or of library cells, .gate library cells
// (resolved through Options.Cells, e.g. verilog.LibertyCells of a --liberty
// file), Yosys's internal gate cells $_AND_ ... $_MUX16_ (write_blif
// -icells; package circuits/yosyscells), ABC's constant gates _const0_ and
// _const1_, Yosys's .conn, and .end. Lines ending in a backslash continue on
// the next line; # starts a comment. Sequential elements (.latch, .mlatch,
// .clock, .start_kiss) are rejected with an error; timing and attribute
// directives (.area, .delay, .input_arrival, .attr, .param, .cname, ...)
// are ignored, with a note to Options.Verbose.
//
// The top model is Options.Top, else the first model of the file. A net
// that is read but never driven is an error when it reaches an output; when
// it feeds only logic that reaches no output (Yosys writes such nets for
// unused cell outputs), that dead logic is dropped. Yosys's constant nets
// $false and $true are constants when the file does not define them
// (write_blif -impltf); $undef is an undriven net like any other.
//
// # Ports and nets
//
// Every name on .inputs and .outputs becomes a one-bit port with that name
// (A[0], A[1], ...), in file order; regrouping bit-blasted names into buses
// is left to the caller (circuits/netio). Covers with up to three inputs
// become a single gate when they compute one (AND, OR, XOR, their
// inversions, BUF, NOT, MUX); others become a sum of products of AND, OR and
// NOT gates.
//
// Errors name file:line:col; at most ten are reported.
//
// Write emits the reverse: one .model with one .names cover per gate.
package blif
