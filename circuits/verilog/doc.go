// Package verilog parses structural and dataflow Verilog netlists and
// flattens their top module into a circuits.Netlist.
//
// # Accepted subset
//
// Modules with ANSI or non-ANSI port lists; input, output, wire, tri,
// supply0 and supply1 declarations (signed, with [msb:lsb] ranges in either
// direction); parameter and localparam with constant expressions, and #(...)
// parameter overrides on instances; continuous assignments (also in lists
// and as net declaration assignments); module instances with named or
// positional connections, empty connections .c_out() for unused outputs,
// and arrays of them (u[3:0]: element k, named u[k], gets its part of a
// connection as wide as all the elements' ports, the rightmost index the
// lowest bits, or all of a connection as wide as its port);
// the gate primitives and, or, xor, nand, nor, xnor (n inputs), not and buf
// (n outputs), named or not, delays ignored. Expressions: identifiers,
// constant and variable bit-selects, part-selects [a:b], [a+:w], [a-:w],
// concatenation and replication, literals (12, 'd3, 8'hFF, 4'b10_01,
// 8'sd5, 8'hxx, 4'b1z0?), the operators ~ ! & | ^ ~^ ^~ ~& ~| (unary reductions
// and binary), + - * (bit-blasted: ripple-carry adders of XOR, AND and OR,
// array multipliers truncated to the context width), == != === !== < <= >
// >= && || ?: << >> <<< >>> (constant or variable shift amounts), / % **
// on constants only, and the system functions $signed and $unsigned.
// Directives `timescale, `celldefine, `resetall and `default_nettype are
// accepted; comments and (* attributes *) are skipped. Combinational
// behavioural Verilog is elaborated too (see Behavioural Verilog).
//
// Literal x and z bits: simulation is two-valued, so each x, z or ? bit
// becomes a constant-0 gate at the literal's position, accepted only when
// it reaches no output port (dead wires, bits masked by constants, as
// Yosys writes them: assign {dead, O} = {8'hxx, ...}); one that reaches an
// output is an error naming the literal's position and an output bit it
// reaches (circuits.Netlist.UnknownReach).
//
// # Yosys internal cells
//
// Instances of Yosys's internal cells that the file does not define
// (\$_AND_, \$_MUX_, \$add #(.A_WIDTH(8), ...), ...: the output of
// write_verilog -noexpr and of techmap) take their function from package
// circuits/yosyscells, with named parameters and named or positional
// connections; the gates carry the instance's position and no cell.
//
// Undeclared identifiers that are assigned (assign x = ...; also inside a
// left-hand-side concatenation) or connected to an instance port become
// implicit one-bit wires, as in Verilog (not under `default_nettype none);
// an undeclared identifier that is only read is an error.
//
// # Width rules
//
// Expressions follow the Verilog-2005 sizing rules: the context width of an
// assignment is the maximum of the operand widths and the target width;
// context-determined operands are zero-extended, or sign-extended when the
// whole expression is signed; the result is truncated to the target.
// Unsized literals are 32 bits (signed when decimal). Port connections must
// match the port width exactly (an unsized literal is sized to the port).
//
// # Behavioural Verilog
//
// Combinational behavioural Verilog-2005 and the common SystemVerilog
// subset elaborate into the same gates:
//
//   - processes always @*, always @(*), always @(a or b, c) (a list that
//     misses a name read in the block is reported through Verbose as a
//     warning and simulated as if complete) and always_comb; variables
//     reg, logic, bit, integer and int (also as ports: output reg [7:0] y,
//     input logic [7:0] a); blocking assignments to whole variables, bit-
//     and part-selects, concatenations, and x[i] = v for a variable i;
//     indexed part-selects x[i +: w] and x[i -: w] with a variable base
//     on either side (bits out of range read 0 and are not written);
//     begin/end blocks, named, with local variables and end labels;
//     if/else; case, casez
//     and casex with default, the first matching item winning (x, z and ?
//     digits of casez/casex items are wildcards; unique and priority are
//     accepted and change nothing); for loops (also for (int i = 0; ...;
//     i++)), while and repeat with bounds known at elaboration, i++, i--,
//     i += e, i -= e. A process is executed symbolically: every path is
//     followed, variables merge through multiplexers where paths join.
//   - no latches: a variable assigned on some path through a process but
//     not on all is an error naming the variable and the process.
//     Sequential logic (non-blocking assignments, always @(posedge ...),
//     always_ff, always_latch, initial, delays and event controls inside
//     processes, variable initialisers) is rejected with a message saying
//     so.
//   - generate regions (with or without the generate keyword): for over a
//     genvar (also for (genvar i = ...)), if and case on constant
//     expressions, named and unnamed blocks. Names declared in a block
//     become hierarchical, blk[2].t, genblk1.x (in net names and errors),
//     and can be referred to so within the module (st[i-1].c).
//     A module may instantiate itself with parameter overrides (recursion
//     ended by a generate if; MaxDepth bounds it).
//   - functions: function [automatic] [signed] [range] or integer, inputs
//     declared in the header or the body, local variables, loops, calls of
//     other functions and recursion that ends on conditions known at
//     elaboration (depth at most 256); constant functions in parameter
//     values; SystemVerilog bodies of several statements and return
//     (also early: the statements after an if or case that may return
//     move into its branches that do not; a return inside a loop or a
//     block with local variables sets a flag that keeps the result and
//     outer variables from changing afterwards). Parameters may be
//     typed: int, integer, logic, bit, reg.
//   - the preprocessor: `define with and without arguments (continued
//     lines), `undef, `ifdef, `ifndef, `elsif, `else, `endif, `include
//     (searched in the including file's folder, then Options.IncludeDirs),
//     macros given in Options.Defines.
//   - arrays: wire [15:0] pp [0:7] and reg arrays with one unpacked
//     dimension, packed logic [7:0][15:0], constant and variable indices
//     (a variable index reads through a multiplexer tree and writes every
//     element it may select), selects inside an element (pp[i][3:0]),
//     $clog2 and $bits; the SystemVerilog fill literals '0 and '1.
//   - operators / and % on variables (a restoring array divider; signed
//     operands divide magnitudes, the quotient truncated toward zero and
//     the remainder taking the dividend's sign; a zero divisor gives an
//     all-ones quotient and the dividend as remainder where Verilog has
//     x), ** with a constant exponent (square and multiply) or a
//     power-of-two base (a shift). Expression sizing and signedness are
//     those of the dataflow subset (one implementation).
//
// Loops stop with an error after MaxIterations iterations, and a module
// instance after 2^18 loop iterations in all; function calls nest at most
// 256 deep and one process makes at most MaxIterations calls.
//
// Files with behavioural constructs are elaborated with structural
// hashing (identical gates shared, NOT of NOT removed, inverted inputs
// absorbed into NAND, NOR, XNOR and MUX), adders with MUX carries,
// carry-save multipliers (squares with the symmetric partial products
// folded, sign-extended operands in the modified Baugh-Wooley form),
// products and powers of at most six distinct bits built from their truth
// tables when that takes fewer gates (both are built and the larger one
// is undone), function results and the values of process variables
// likewise when their cone has at most six leaves (for a variable, when
// the table adds fewer gates than it frees), conditional negation c ? -x : x at three gates a bit,
// comparisons with one gate per bit that has a constant side, path
// conditions (a branch of a process is elaborated knowing its condition's
// value, and what follows from the AND, OR and NOT gates computing it),
// and the removal of gates no output depends on.
// Structural netlists keep the gates they are written with.
//
// # Bit conventions
//
// Port bit i of the netlist is the bit of weight 2^i: for [7:0] it is
// index i, for [0:7] it is index 7-i. Net names are hierarchical: instance
// names joined with '.', vector bits as name[index] with the declared index.
// Gates carry the source position of the operator, primitive or instance
// they came from in Gate.Pos.
//
// # Hierarchy and cells
//
// User modules are flattened. The top module is Options.Top (the --top
// flag of the CLI, which error messages name) or else the unique module
// that no other module instantiates (cell modules aside, unless the file
// holds nothing else); when every module is instantiated, the error names
// a cycle of instantiations.
// Standard cells become gates tagged with their index in Netlist.Cells,
// whose CellInstance records the cell type, hierarchical name and pins:
//
//   - cells defined only in a Liberty library (HAX1, FAX1, AND2X1 in the
//     EvoApprox *_pdk45.v netlists) take their functions from
//     Options.Cells, e.g. LibertyCells(lib);
//   - modules of the file named PDKGEN<cell>, where <cell> is a built-in or
//     library cell (EvoApprox8b's PDKGENFAX1, PDKGENNAND2X1, ...), or named
//     like such a cell, are flattened from their bodies and recorded with
//     Type <cell>.
//
// Positional connections to a library cell follow CellFunc.Inputs, then
// CellFunc.Outputs.
//
// Every output pin of a cell is driven by a gate of that cell (a BUF or
// constant gate when the cell function is a wire or a constant), so that
// Pins maps each pin to a net.
//
// # EvoApprox compatibility rule
//
// 449 of the 505 EvoApprox8b files instantiate cell names into which the
// prefix PDKGEN was inserted, sometimes repeatedly (NPDKGEPDKGENNAND2X1,
// XNPDKGEPDKGENNOR2X1, PDKGENXPDKGENNPDKGENOR2X1); in 408 of them some of
// these names are defined nowhere. Such a name, when it is neither
// PDKGEN<cell> nor a library cell, is resolved by deleting
// occurrences of "PDKGEN" one at a time, anywhere in the name, until it is
// a known standard cell (the fewest deletions win; two different cells at
// that depth are an error): NPDKGEPDKGENNAND2X1 -> NPDKGENAND2X1 ->
// NAND2X1. The function then comes from the file's module of that name if
// any (PDKGEPDKGENNAND2X1 is defined in some files, as AND2X1), else from
// the file's PDKGEN<cell> module, else from the built-in table of the
// EvoApprox cells (AND2X1 AOI21X1 BUFX2 FAX1 HAX1 INVX1 MUX2X1 NAND2X1
// NAND3X1 NOR2X1 NOR3X1 OAI21X1 OR2X1 XNOR2X1 XOR2X1, with the functions
// of the EvoApprox PDKGEN modules; BuiltinCells lists them). The
// CellInstance has Type <cell> and Source the name as written. Each
// rewritten name is reported once per Parse through Options.Verbose as
// "file:line:col: evoapprox compat: NAME -> CELL (k instances)". A module
// that is defined nowhere and matches no rule is an error.
//
// The rule is checked on the data (tests with AXMUL_SHARED): every in-file
// module with a mangled name computes the function of the cell the rule
// maps it to, and with the rule all 505 EvoApprox8b circuits reproduce their
// published MAE and WCE exhaustively and their published node counts as
// recorded cells.
//
// # Errors and limits
//
// Errors are "file:line:col: message", sorted, one per line, in an
// ErrorList (printing at most MaxErrors); the parser recovers at ';' and
// endmodule. Elaboration errors (undeclared identifiers, width mismatches
// on ports, unknown modules, multiple drivers, undriven outputs) and the
// problems circuits.Netlist.Validate reports (nets read but never driven,
// combinational loops) join the same list. Sizes are bounded (MaxSourceSize,
// MaxNets, MaxWidth, MaxDepth, expression nesting) against hostile input;
// no input makes the package panic.
//
// # Performance
//
// Elaboration allocates little per net: net names and gate positions are
// recorded as their sources and spelled out once, for the nets that reach
// the netlist; AST nodes and bit slices come from chunks; a standard-cell
// module is elaborated at its first instance and replayed for the others
// (the netlist is the one elaborating every instance gives, which
// TestTemplatesChangeNothing checks). A Reader keeps the per-net tables
// and text buffers of elaboration from one file to the next (one Reader
// per goroutine); its netlists share nothing with it and equal
// ParseFile's (TestReaderSameAsParseFile). BenchmarkParse8b measures the
// 505 EvoApprox8b files.
package verilog
