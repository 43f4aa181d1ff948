package sim

// platformKernels returns the kernels this build adds to Generic, fastest
// last. This portable build adds none. An architecture file (for example
// kernels_amd64.go with `//go:build amd64 && gc && !purego && !noasm`)
// defines its own platformKernels choosing from cpuid once; this file then
// gets the exact complement of that build constraint.
func platformKernels() []Kernel { return nil }
