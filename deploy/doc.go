// Package deploy holds the recipes that run sharded library builds ('axmul
// gen --shard i/N' plus 'axmul merge') on existing cluster engines: Slurm
// job arrays (deploy/slurm) and Kubernetes Indexed Jobs (deploy/k8s). It has
// no Go API; its tests run the Slurm scripts as array tasks would (with the
// SLURM_ARRAY_* variables set) and check the Kubernetes manifests' fields.
// scripts/test-slurm.sh runs them on a real one-node Slurm cluster.
package deploy
