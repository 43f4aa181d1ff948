//go:build !amd64 || !gc || purego || noasm

package hw

// platformToggleKernels returns the toggle kernels this build adds to the
// generic one, fastest last. This portable build (not amd64, not gc, or
// built with the purego or noasm tag) adds none; toggle_amd64.go defines
// the amd64 choice.
func platformToggleKernels() []toggleKernel { return nil }
