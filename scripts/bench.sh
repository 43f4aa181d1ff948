#!/usr/bin/env bash
# Reproduces the figures of the README's performance section.
# Usage: AXMUL_SHARED=../shared scripts/bench.sh [count]
# Prints the machine, the Go benchmarks (wall time per op and the reported
# rates) and timed runs of the command line on the shared EvoApprox data.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-3}
: "${AXMUL_SHARED:?set AXMUL_SHARED to the shared data folder (../shared)}"
echo "# machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
go version
go run ./cmd/axmul version
bench() { go test -run '^$' -count "$count" "$@" | grep -E '^(Benchmark|ok|FAIL)'; }
bench -bench 'BenchmarkSim$' ./circuits/sim
bench -bench 'BenchmarkExhaustive$' ./circuits/sim
bench -bench 'BenchmarkAccumulatorAddBlock$' ./errmap
bench -bench 'BenchmarkPopulationPredict$|BenchmarkGramBuild$' ./errmap
bench -bench 'BenchmarkSelectLayerFiles$' -benchtime 5x ./selection
bench -bench 'BenchmarkToggleCount$|BenchmarkActivity$' ./circuits/hw
bench -bench 'BenchmarkParse8b$' -benchtime 3x ./circuits/verilog
bin=$(mktemp -d)/axmul
go build -o "$bin" ./cmd/axmul
t() { /usr/bin/time -f "  %e s wall, %U s user: $*" "$@" > /dev/null; }
echo "# axmul sim over the 505 EvoApprox8b netlists"
for _ in $(seq "$count"); do t "$bin" sim "$AXMUL_SHARED/evoapprox/8b"; done
echo "# axmul gen --builtin"
lib=$(mktemp -d)
t "$bin" gen --builtin -o "$lib/builtin"
echo "# axmul select (built-in defaults)"
t "$bin" select
echo "# 16x16 exhaustive (2^32 pairs) with metrics"
t "$bin" sim --exhaustive "$AXMUL_SHARED/evoapprox/v2022/16x16_unsigned/mul16u_0Z6.v"
rm -rf "$lib" "$(dirname "$bin")"
