//go:build !amd64 || !gc || purego || noasm

package lutgemm

// platformKernels returns the kernels this build adds to the generic one.
// This portable build (not amd64, not gc, or built with the purego or
// noasm tag) adds none.
func platformKernels() []kernel { return nil }
