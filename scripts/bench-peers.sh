#!/usr/bin/env bash
# bench-peers.sh: exhaustive simulation of one EvoApprox multiplier netlist
# (all operand pairs, summing |O - A*B|) with axmul and with the peers that
# are installed: Icarus Verilog, Verilator, and the C compiler on a C model
# generated from the netlist (scripts/benchpeers). Prints the CPU seconds per
# exhaustive run of each and axmul's speed ratio over each (against axmul
# with all metrics on one worker, the path of axmul sim).
#
# usage: scripts/bench-peers.sh [netlist.v ...]
#   default netlists: $AXMUL_SHARED/evoapprox/v2022/8x8_unsigned/mul8u_0AB.v
#   (65,536 pairs) and .../12x12_unsigned/mul12u_332.v (16,777,216 pairs)
#   BENCH_MIN=<seconds>: minimum CPU time per timed program (default 2)
#   BENCH_IVERILOG_MAX=<pairs>: skip Icarus Verilog above this many pairs
#   (default 65536: it needs about 10 us per pair, minutes on a 12x12)
#
# The top module handed to Verilator is the one axmul elaborates: the module
# that no other module instantiates (EvoApprox files define their cells,
# e.g. PDKGENFAX1, after the multiplier).
#
# All programs except vvp time repeated runs in-process with the CPU time of
# their own process (user+system); vvp runs once and is timed by the shell
# (user+system, including its start-up, a few ms). The machine may be shared:
# wall-clock figures are printed too but not compared. Ratios are computed
# against axmul with all metrics on one worker (gen.Characterise, the path of
# axmul sim: every pair simulated, the |error| sum and the other metrics),
# which does the peers' task and more; the "end to end" lines decode every
# block to integers and sum |error| in a plain Go loop.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [[ $# -ge 1 ]]; then
	nets=("$@")
else
	: "${AXMUL_SHARED:?set AXMUL_SHARED to the shared data directory or pass a netlist}"
	nets=("$AXMUL_SHARED/evoapprox/v2022/8x8_unsigned/mul8u_0AB.v" "$AXMUL_SHARED/evoapprox/v2022/12x12_unsigned/mul12u_332.v")
fi
min=${BENCH_MIN:-2}
ivmax=${BENCH_IVERILOG_MAX:-65536}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/benchpeers" ./scripts/benchpeers
bp=$work/benchpeers

record() { # name "sum=S seconds=T wall=W"
	local line=$2
	names+=("$1")
	sums+=("$(sed -n 's/.*sum=\([0-9]*\).*/\1/p' <<<"$line")")
	secs+=("$(sed -n 's/.*seconds=\([0-9.e+-]*\).*/\1/p' <<<"$line")")
	walls+=("$(sed -n 's/.*wall=\([0-9.e+-]*\).*/\1/p' <<<"$line")")
}

bench_one() { # netlist
	local net=$1
	[[ -r $net ]] || { echo "bench-peers: cannot read $net" >&2; return 1; }
	net=$(cd "$(dirname "$net")" && pwd)/$(basename "$net")
	local top pairs
	top=$("$bp" top "$net")
	pairs=$("$bp" pairs "$net")
	names=() secs=() walls=() sums=()

	echo "netlist: $net (module $top, $pairs pairs)"
	echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

	local kernel
	kernel=$("$bp" axmul -min 0 -eval "$net" | sed -n 's/.*kernel=\([^ ]*\).*/\1/p')
	record "axmul ($kernel kernel, 1 worker, end to end)" "$("$bp" axmul -min "${min}s" "$net")"
	record "axmul (generic kernel, 1 worker, end to end)" "$("$bp" axmul -kernel generic -min "${min}s" "$net")"
	record "axmul ($kernel kernel, Program.Eval, bit-sliced I/O)" "$("$bp" axmul -eval -min "${min}s" "$net")"
	record "axmul ($kernel kernel, 2 workers, end to end)" "$("$bp" axmul -workers 2 -min "${min}s" "$net")"
	record "axmul ($kernel kernel, 1 worker, all metrics)" "$("$bp" axmul -metrics -workers 1 -min "${min}s" "$net")"

	cc=${CC:-cc}
	if command -v "$cc" >/dev/null; then
		"$bp" c "$net" >"$work/model.c"
		for flags in "-O2" "-O2 -march=native" "-O3 -march=native"; do
			# shellcheck disable=SC2086 # flags are words
			"$cc" $flags -o "$work/model" "$work/model.c"
			record "C model ($cc $flags)" "$("$work/model" "$min")"
		done
	else
		echo "($cc not found: C model skipped)"
	fi

	if ((pairs > ivmax)); then
		echo "(Icarus Verilog skipped: $pairs pairs > BENCH_IVERILOG_MAX=$ivmax)"
	elif command -v iverilog >/dev/null && command -v vvp >/dev/null; then
		"$bp" tb "$net" >"$work/tb.v"
		iverilog -o "$work/tb.vvp" "$work/tb.v" "$net"
		TIMEFORMAT='%U %S %R'
		{ time vvp -n "$work/tb.vvp" >"$work/vvp.out"; } 2>"$work/vvp.time"
		read -r u s r <"$work/vvp.time"
		record "Icarus Verilog $(iverilog -V 2>&1 | head -n 1 | sed 's/.*version \([^ ]*\).*/\1/') (vvp)" \
			"$(grep -o 'sum=[0-9]*' "$work/vvp.out") seconds=$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.6f", u+s}') wall=$r"
	else
		echo "(iverilog not found: skipped; apt-get install iverilog)"
	fi

	if command -v verilator >/dev/null; then
		"$bp" vmain "$net" >"$work/main.cpp"
		rm -rf "$work/vl"
		verilator --cc --exe --build -O3 -j 2 --prefix Vdut -Wno-fatal -Wno-lint -Wno-style \
			--top-module "$top" -CFLAGS "-O2 -march=native" -Mdir "$work/vl" "$net" "$work/main.cpp" -o vsim \
			>"$work/verilator.log" 2>&1 || { cat "$work/verilator.log" >&2; return 1; }
		record "Verilator $(verilator --version | cut -d' ' -f2) (-O3, C++ -O2 -march=native)" "$("$work/vl/vsim" "$min")"
	else
		echo "(verilator not found: skipped; apt-get install verilator)"
	fi

	# The reference is axmul's own end-to-end path (gen.Characterise, as
	# axmul sim runs it): it does the peers' task (every pair simulated,
	# the sum of |error|) and all other metrics besides.
	local ref=${secs[4]} status=0 i ratio
	echo
	printf '%-58s %14s %14s %12s %10s\n' "simulator" "CPU s/run" "wall s/run" "sum|err|" "axmul x"
	for i in "${!names[@]}"; do
		ratio=$(awk -v p="${secs[$i]}" -v a="$ref" 'BEGIN{printf "%.1f", p/a}')
		printf '%-58s %14s %14s %12s %10s\n' "${names[$i]}" "${secs[$i]}" "${walls[$i]}" "${sums[$i]}" "$ratio"
		if [[ ${sums[$i]} != "${sums[0]}" ]]; then
			echo "bench-peers: ${names[$i]} disagrees on the sum of |error|" >&2
			status=1
		fi
	done
	echo "(axmul x = CPU time of the simulator / CPU time of axmul with all metrics on 1 worker; > 1: axmul faster)"
	echo
	return $status
}

status=0
for net in "${nets[@]}"; do
	bench_one "$net" || status=1
done
exit $status
