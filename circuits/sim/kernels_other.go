//go:build !amd64 || !gc || purego || noasm

package sim

// platformKernels returns the kernels this build adds to Generic, fastest
// last. This portable build (not amd64, not gc, or built with the purego
// or noasm tag) adds none; kernels_amd64.go defines the amd64 choice.
func platformKernels() []Kernel { return nil }

// HasAVX512 reports whether the avx512 kernels can run; never in this
// portable build.
func HasAVX512() bool { return false }
