// Package yosysjson reads the netlists Yosys writes with write_json and
// flattens their top module into a circuits.Netlist, as package
// circuits/verilog does for Verilog.
//
// # Accepted input
//
// The "modules" object of write_json: per module its "ports" (direction
// input or output, "bits" as bit numbers), its "cells" (type, parameters,
// connections) and its "netnames", which only name nets. A cell is
// flattened as
//
//   - a module of the same file (hierarchy, to any depth up to MaxDepth);
//   - a Yosys internal cell ($_AND_ ... $_MUX16_, $add, $mul, $pmux, ...:
//     the list of package circuits/yosyscells), with the parameters Yosys
//     writes as binary strings ("00000000000000000000000000001000") or
//     numbers;
//   - a cell of Options.Cells (a Liberty library for mapped netlists),
//     also when the file declares it as a module with Yosys's blackbox
//     attribute (read_liberty -lib); blackbox modules are never the top.
//
// Standard cells are recorded as the Verilog reader records them: an
// instance of a Liberty cell, or of a module named like a standard cell
// (a cell of Options.Cells, a built-in EvoApprox cell, or PDKGEN<cell>,
// as in the EvoApprox netlists Yosys keeps as hierarchy), becomes one
// Netlist.Cells entry whose gates carry its index and whose every output
// pin is driven by one of its gates.
//
// Bits are bit numbers (nets, shared between ports, cells and netnames of
// one module) or the constants "0", "1", "x" and "z". As in the Verilog
// reader, simulation is two-valued: an "x" or "z" bit that can reach an
// output is an error naming its position and an output bit it reaches;
// one that cannot is dropped (circuits.Netlist.UnknownReach).
//
// The top module is Options.Top (the CLI's --top), else the module with
// Yosys's "top" attribute, else the unique module no other module
// instantiates. Ports keep the names and bit order of the file: a port's
// bit i is its "bits" entry i (Yosys writes the least significant first);
// bit-blasted ports stay separate one-bit ports here and are regrouped,
// like those of every front-end, in a shared step.
//
// # Performance
//
// The parser keeps attributes, port directions and netnames unbuilt until
// they are needed and reads arrays of bit numbers without a node per
// element; a module instantiated many times (the standard-cell modules of
// a hierarchical EvoApprox netlist) is flattened once and copied for its
// other instances (template.go), as the Verilog reader does. On the same
// Yosys design, reading write_json costs about 1.1-1.2x what reading
// write_verilog -noexpr does (BenchmarkParse; the JSON text is larger).
//
// # Errors and limits
//
// Errors are circuits.Problems with positions "file:line:col" in the JSON
// text: syntax errors at the offending byte, elaboration errors at the
// cell, connection or bit at fault, at most MaxErrors. Valid JSON that is
// not a Yosys netlist gives an error wrapping ErrNotNetlist, so that a
// caller scanning a directory can skip it. Sizes are bounded (MaxSourceSize,
// MaxNets, MaxDepth, JSON nesting); no input makes the package panic
// (FuzzParse).
package yosysjson
