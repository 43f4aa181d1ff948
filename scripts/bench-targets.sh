#!/usr/bin/env bash
# bench-targets.sh: the end-to-end figures of issue 12, measured side by
# side in one run for every simulation kernel this CPU offers:
#   - axmul sim --format json over the 41 EvoApproxLib v2022 12x12 circuits
#   - axmul sim over the 505 EvoApprox8b circuits
#   - axmul sim --exhaustive on a 16x16 circuit (2^32 pairs, all metrics)
# Each line gives wall-clock seconds and CPU seconds (user+system), so that
# runs on a shared, loaded machine can still be compared. With BASE=<axmul
# binary of another build> the same commands run with it too (its 16x16
# run only when BASE16=1: it takes about half a minute).
#
# usage: AXMUL_SHARED=../shared scripts/bench-targets.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${AXMUL_SHARED:?set AXMUL_SHARED to the shared data folder (../shared)}"
S=$AXMUL_SHARED/evoapprox
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/axmul" ./cmd/axmul
mapfile -t f12 < <(find "$S/v2022/12x12_signed" "$S/v2022/12x12_unsigned" -name '*.v' ! -name '*_pdk45.v' | sort)
f16=$S/v2022/16x16_unsigned/mul16u_0Z6.v
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$work/axmul" version | sed -n '/^features\|^kernels/p'
t() { # label cmd...
	local label=$1
	shift
	/usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >"$work/out"
	read -r wall user sys <"$work/time"
	printf '%-44s %8.2f s wall %8.2f s CPU\n' "$label" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')"
}
# sim caches its records: every run here must simulate.
nc() {
	local h
	h=$("$1" sim -h 2>&1 || true)
	if [[ $h == *-no-cache* ]]; then echo --no-cache; fi
}
NC=$(nc "$work/axmul")
kernels=$("$work/axmul" version | sed -n 's/^kernels: .*(available: \(.*\))/\1/p' | tr -d ',')
[[ -n $kernels ]] || kernels="generic avx2 avx512"
for k in $kernels; do
	AXMUL_KERNEL=$k t "41 v2022 12x12, json, kernel=$k" "$work/axmul" sim $NC --format json "${f12[@]}"
	cp "$work/out" "$work/json-$k"
done
for k in $kernels; do
	cmp -s "$work/json-$k" "$work/json-$(set -- $kernels; echo "$1")" || echo "bench-targets: kernel $k prints other figures" >&2
done
for k in $kernels; do
	AXMUL_KERNEL=$k t "505 EvoApprox8b, kernel=$k" "$work/axmul" sim $NC "$S/8b"
done
for k in $kernels; do
	[[ $k == generic ]] && continue
	AXMUL_KERNEL=$k t "16x16 exhaustive (2^32 pairs), kernel=$k" "$work/axmul" sim $NC --exhaustive "$f16"
done
if [[ -n ${BASE:-} ]]; then
	BNC=$(nc "$BASE")
	t "BASE: 41 v2022 12x12, json" "$BASE" sim $BNC --format json "${f12[@]}"
	t "BASE: 505 EvoApprox8b" "$BASE" sim $BNC "$S/8b"
	if [[ ${BASE16:-} == 1 ]]; then
		t "BASE: 16x16 exhaustive (2^32 pairs)" "$BASE" sim $BNC --exhaustive "$f16"
	fi
fi
