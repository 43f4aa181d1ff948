#!/bin/sh
# Regenerates the Yosys-written netlists of this folder from EvoApprox
# circuits of the shared data with Yosys (tested with Yosys 0.23, Debian's
# yosys package). Run from this folder:
#   AXMUL_SHARED=/path/to/shared ./regen.sh
# (CIRCUITS="v2022/8x8_unsigned/mul8u_1JJQ ..." picks other circuits.)
# Each circuit C gives
#   C.json          read_verilog; proc; opt_clean; attrmap -remove src; write_json (coarse $and/$xor/... cells, hierarchy kept)
#   C.synth.json    synth -top C; attrmap -remove src; write_json (gate cells $_AND_ ..., hierarchy kept)
#   C.noexpr.v      proc; opt_clean; write_verilog -noexpr -noattr (coarse cells as \$and #(...) instances)
#   C.techmap.v     proc; techmap; opt; write_verilog -noexpr      (gate cells \$_AND_, with attributes)
#   C.synth.v       synth -flatten -top C; write_verilog -noattr   (expression style, with x literals on dead wires)
# and mul2.json, mul2.synth.json, mul2.gscl45nm.json (mapped to the
# gscl45nm cells) from a 2x2 behavioural multiplier (the FuzzParse seeds). The tests check that every one computes the same function as the
# original file.
set -eu
circuits=${CIRCUITS:-v2022/8x8_unsigned/mul8u_1JJQ v2022/8x8_signed/mul8s_1KV8 v2022/12x12_unsigned/mul12u_2BU}
shared=${AXMUL_SHARED:?set AXMUL_SHARED to the shared data folder}
for f in $circuits; do
	src=$shared/evoapprox/$f.v
	c=$(basename "$f")
	yosys -q -p "read_verilog $src; hierarchy -top $c; proc; opt_clean; write_verilog -noexpr -noattr $c.noexpr.v; attrmap -remove src; write_json $c.json"
	yosys -q -p "read_verilog $src; hierarchy -top $c; synth -top $c; attrmap -remove src; write_json $c.synth.json"
	yosys -q -p "read_verilog $src; hierarchy -top $c; proc; techmap; opt; write_verilog -noexpr $c.techmap.v"
	yosys -q -p "read_verilog $src; synth -flatten -top $c; write_verilog -noattr $c.synth.v"
done
# A 2x2 multiplier from a behavioural source, small enough to seed FuzzParse.
printf 'module mul2(input [1:0] A, input [1:0] B, output [3:0] O);\n  assign O = A * B;\nendmodule\n' > mul2.src.v
yosys -q -p "read_verilog mul2.src.v; proc; opt_clean; attrmap -remove src; write_json mul2.json"
yosys -q -p "read_verilog mul2.src.v; synth -top mul2; attrmap -remove src; write_json mul2.synth.json"
# The same mapped to the gscl45nm cells: the cells appear as blackbox modules.
yosys -q -p "read_liberty -lib $shared/cells/gscl45nm.lib; read_verilog mul2.src.v; synth -flatten -top mul2; abc -liberty $shared/cells/gscl45nm.lib; opt_clean; attrmap -remove src; write_json mul2.gscl45nm.json"
rm mul2.src.v
