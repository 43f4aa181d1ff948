// Package yosyscells gives Yosys's internal cells their meaning as gates of a
// circuits.Netlist, for every front-end that meets them: the Verilog reader
// (instances named $_AND_, \$_AND_ or $add #(...)), the Yosys JSON reader and
// the BLIF reader's .gate/.subckt.
//
// Supported are the fine-grained gate cells of Yosys's simcells.v
// ($_BUF_ $_NOT_ $_AND_ $_NAND_ $_OR_ $_NOR_ $_XOR_ $_XNOR_ $_ANDNOT_
// $_ORNOT_ $_MUX_ $_NMUX_ $_AOI3_ $_OAI3_ $_AOI4_ $_OAI4_ $_MUX4_ $_MUX8_
// $_MUX16_, ports A B C ... P, select ports S T U V, output Y) and the
// combinational coarse cells of simlib.v that write_verilog -noexpr and
// write_json leave in unsynthesised designs: $not $pos $neg, $and $or $xor
// $xnor, $add $sub $mul, $eq $ne $eqx $nex $lt $le $gt $ge, $shl $shr
// $sshl $sshr $shift $shiftx, $logic_not $logic_and $logic_or,
// $reduce_and $reduce_or $reduce_xor $reduce_xnor $reduce_bool, $mux
// $pmux $bmux $demux, with their A_WIDTH, B_WIDTH, Y_WIDTH, A_SIGNED,
// B_SIGNED, WIDTH and S_WIDTH parameters.
//
// Semantics are those of simlib.v: operands are extended to the width of
// the operation (sign-extended only when both operands of a binary cell
// are signed, or A_SIGNED for unary cells and shifts) and the result is
// truncated or zero-extended to Y_WIDTH; shift amounts are unsigned.
// Simulation is two-valued: where simlib.v yields x (a $pmux with several
// select bits set) the cells give the OR of the selected inputs, as Yosys's
// own techmap does, and $shiftx gives 0 for the bits outside A.
//
// Nets are circuits.Net values; the two constants Zero and One are
// negative and never appear in a netlist. Build folds constants, so a cell
// fed by constants adds few or no gates, and asks the Builder only for real
// gates. The tests check every cell exhaustively against Yosys's own
// simcells.v and simlib.v run by iverilog (testdata/cells.golden, rebuilt
// by the tests when iverilog is installed).
package yosyscells
