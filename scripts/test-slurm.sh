#!/bin/bash
# Run a sharded library build on a real one-node Slurm cluster and compare
# the merged bundle with a single-machine 'axmul gen' of the same inputs.
#
#   scripts/test-slurm.sh [SRC]     (default SRC: $AXMUL_SHARED/evoapprox/8b)
#
# Installs Debian's slurm-wlm and munge when missing (needs root), starts
# munged, slurmctld and slurmd on this host with a generated one-node
# slurm.conf (no cgroups), submits deploy/slurm/submit.sh with 4 shards plus
# the merge job, waits (with a timeout), compares byte for byte, and stops
# the daemons it started. Exit 0: equal; 1: the bundles differ or a job
# failed; 0 with "SLURM TEST SKIPPED: <why>" when the cluster cannot be set
# up on this machine (no root, no packages, daemons that do not start).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
shared=${AXMUL_SHARED:-../shared}
case $shared in /*) ;; *) shared="$root/$shared" ;; esac
src=${1:-$shared/evoapprox/8b}
shards=4
timeout_s=${SLURM_TEST_TIMEOUT:-240}

skip() {
  echo "!!! SLURM TEST SKIPPED: $*"
  exit 0
}
fail() {
  echo "!!! SLURM TEST FAILED: $*"
  exit 1
}

[ -d "$src" ] || fail "no netlist folder $src"
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  [ "$(id -u)" = 0 ] || skip "slurm-wlm/munge missing and not root to install them"
  command -v apt-get >/dev/null || skip "slurm-wlm/munge missing and no apt-get"
  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge) >/tmp/axmul-slurm-apt.log 2>&1 ||
    skip "apt-get install slurm-wlm munge failed (see /tmp/axmul-slurm-apt.log)"
fi
[ "$(id -u)" = 0 ] || skip "the daemons need root here (munged --force, SlurmUser=root)"

tmp=$(mktemp -d /tmp/axmul-slurm.XXXXXX)
pids=()
started_munged=
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for f in "$tmp"/slurmd.pid "$tmp"/slurmctld.pid; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
  done
  if [ -n "$started_munged" ] && [ -f "$tmp/munged.pid" ]; then
    kill "$(cat "$tmp/munged.pid")" 2>/dev/null
  fi
  sleep 1
  rm -rf "$tmp"
}
trap cleanup EXIT

# munge: a key, a socket folder, the daemon as root (see shared/notes).
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
  if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null
    chmod 0400 /etc/munge/munge.key
  fi
  munged --force --pid-file="$tmp/munged.pid" >"$tmp/munged.log" 2>&1 || skip "munged did not start: $(cat "$tmp/munged.log")"
  started_munged=1
  sleep 1
  munge -n | unmunge >/dev/null 2>&1 || skip "munge does not authenticate (munge -n | unmunge fails)"
fi

host=$(hostname -s)
mem=$(awk '/MemFree/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/run"
cat >"$tmp/slurm.conf" <<CONF
ClusterName=axmultest
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
ReturnToService=2
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
SlurmctldPort=6917
SlurmdPort=6918
NodeName=$host CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
PartitionName=axmul Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"
slurmctld -f "$SLURM_CONF" || skip "slurmctld did not start: $(tail -5 "$tmp/slurmctld.log" 2>/dev/null)"
slurmd -f "$SLURM_CONF" || skip "slurmd did not start: $(tail -5 "$tmp/slurmd.log" 2>/dev/null)"
for _ in $(seq 30); do
  sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)' && break
  sleep 1
done
sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)' ||
  skip "the node did not come up: $(sinfo 2>&1 | tail -3); $(tail -3 "$tmp/slurmd.log" 2>/dev/null)"

echo "building axmul"
go build -o "$tmp/axmul" ./cmd/axmul || fail "go build"
echo "single-machine gen of $src"
"$tmp/axmul" gen --from "$src" --no-cache -o "$tmp/single" || fail "single gen"

start=$(date +%s)
ids=$(AXMUL="$tmp/axmul" deploy/slurm/submit.sh "$shards" "$src" "$tmp/work" "$tmp/merged") || fail "sbatch: $ids"
read -r array merge <<<"$ids"
echo "submitted array job $array ($shards shards) and merge job $merge"
while squeue -h -j "$array,$merge" 2>/dev/null | grep -q .; do
  if (($(date +%s) - start > timeout_s)); then
    scancel "$array" "$merge" 2>/dev/null
    squeue 2>&1 | head
    fail "jobs still queued or running after ${timeout_s}s"
  fi
  sleep 2
done
echo "jobs finished after $(($(date +%s) - start)) s"
for f in "$tmp"/work/*.out; do echo "== $(basename "$f")"; cat "$f"; done
[ -f "$tmp/merged/index.json" ] || fail "no merged bundle (a job failed; logs above)"
if diff -r "$tmp/single" "$tmp/merged" >/dev/null; then
  echo "merged bundle of $shards Slurm shards equals the single-machine gen byte for byte ($(find "$tmp/merged" -type f | wc -l) files)"
else
  diff -rq "$tmp/single" "$tmp/merged" | head
  fail "merged bundle differs from the single-machine gen"
fi
