#!/bin/sh
# Regenerates the tool-written AIGER files of this folder with Yosys 0.23 and
# its ABC (Debian package yosys). Run from this folder with AXMUL_SHARED
# pointing at the shared data (default ../../../../shared).
set -eu
S=${AXMUL_SHARED:-../../../../shared}
EVO=$S/evoapprox/v2022
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
yosys -q -p "read_verilog $EVO/8x8_signed/mul8s_1KV8.v; synth -flatten; aigmap; write_aiger -ascii -symbols mul8s_1KV8_yosys.aag; write_aiger -symbols mul8s_1KV8_yosys.aig"
yosys -q -p "read_verilog $EVO/8x8_unsigned/mul8u_0AB.v; synth -flatten; write_blif $T/0ab.blif"
# ABC: write_aiger -s adds the symbol table; its comment section holds the date.
yosys-abc -q "read $T/0ab.blif; strash; write_aiger -s mul8u_0AB_abc.aig; write_aiger mul8u_0AB_abc_nosym.aig"
