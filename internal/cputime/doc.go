// Package cputime reads the CPU time the process has used, for
// benchmarks that report work per CPU-second next to wall time.
package cputime
