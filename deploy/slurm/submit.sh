#!/bin/bash
# Submit a sharded library build to Slurm: an array of N gen tasks, then a
# merge job that runs when every task succeeded (--dependency=afterok).
#
#   deploy/slurm/submit.sh N SRC WORK OUT [gen flags...]
#
#   N     number of shards (array tasks)
#   SRC   netlist folder ('axmul gen --from')
#   WORK  folder shared by the nodes, for the parts
#   OUT   the bundle to write
# AXMUL names the binary (default: axmul on PATH). Prints the two job ids.
set -euo pipefail
if [ $# -lt 4 ]; then
  echo "usage: $0 N SRC WORK OUT [gen flags...]" >&2; exit 2
fi
n=$1 src=$2 work=$3 out=$4; shift 4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
export AXMUL="${AXMUL:-axmul}" AXMUL_SRC="$src" AXMUL_WORK="$work" AXMUL_OUT="$out" AXMUL_SHARDS="$n" \
  AXMUL_GEN_ARGS="$*"
array=$(sbatch --parsable --array="0-$((n - 1))" --chdir="$work" --export=ALL "$here/gen-array.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes --chdir="$work" --export=ALL \
  "$here/merge.sbatch")
echo "$array ${merge%%;*}"
