#!/bin/sh
# Regenerates the tool-written BLIF files of this folder with Yosys 0.23 and
# its ABC (Debian package yosys). Run from this folder with AXMUL_SHARED
# pointing at the shared data (default ../../../../shared). The first line of
# ABC's files (with a date) is cut.
set -eu
S=${AXMUL_SHARED:-../../../../shared}
EVO=$S/evoapprox/v2022
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
yosys -q -p "read_verilog $EVO/8x8_signed/mul8s_1KV8.v; synth -flatten; write_blif mul8s_1KV8_yosys.blif; write_blif -icells mul8s_1KV8_icells.blif"
yosys -q -p "read_verilog $EVO/8x8_unsigned/mul8u_0AB.v; synth -flatten; write_blif $T/0ab.blif"
yosys-abc -q "read $T/0ab.blif; strash; write_blif $T/abc.blif"
sed '1s/ on .*//' "$T/abc.blif" > mul8u_0AB_abc.blif
yosys-abc -q "read_lib $S/cells/gscl45nm.lib; read $T/0ab.blif; strash; map; write_blif $T/map.blif"
sed '1s/ on .*//' "$T/map.blif" > mul8u_0AB_gscl45nm.blif
yosys -q -p "read_verilog mul4_hier.v; hierarchy -top mul4; synth -top mul4; write_blif mul4_hier.blif"
