// Package netio opens and writes netlists in every format axmul knows,
// choosing the format by file extension, in the manner of image's
// RegisterFormat: .v and .sv (structural Verilog, circuits/verilog), .blif
// (circuits/blif), .aag and .aig (AIGER, circuits/aiger).
//
// Open reads one file into a circuits.Netlist (a file of an unknown
// extension as Verilog); List finds the netlist files
// of all formats below a directory; WriteFile writes a netlist in the format
// its extension names, through a temporary file renamed into place.
//
// After a front-end that names port bits one by one (BLIF, AIGER: A[0],
// A[1], ...), Open regroups them into buses with circuits.RegroupPorts
// (GroupBits), the rule the multiplier loaders apply too; Options.KeepBits
// leaves them as the file names them.
package netio
