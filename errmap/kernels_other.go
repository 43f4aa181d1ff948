//go:build !amd64 || !gc || purego || noasm

package errmap

// platformStatKernels returns the statistics kernels this build adds to
// the generic one, fastest last. This portable build (not amd64, not gc,
// or built with the purego or noasm tag) adds none; kernels_amd64.go
// defines the amd64 choice.
func platformStatKernels() []statKernel { return nil }

// This build has no assembly kernels and never selects them (no
// statKernel has asm set); these stand-ins keep statKernel's methods
// portable.

func dotAsm(a, b []float64) float64 { return dotGeneric(a, b) }

func dotI32Asm(e []int32, w []float64) float64 { return dotI32Generic(e, w) }

func sqDevI32Asm(e []int32, w []float64, c float64) float64 {
	return sqDevI32Generic(e, w, c)
}

func mcSumAsm(e []int32, tx, tw *aliasTable, kx, kw mcKey, g0 uint32, n int) int64 {
	return mcSumGeneric(e, tx, tw, kx, kw, g0, n)
}

func chunkLanesAsm(exact, approx []int64, o *chunkOut) { chunkLanesGeneric(exact, approx, o) }

// outputsAsm is never called in this build (no statKernel has chunk512).
func outputsAsm(start uint64, out []uint64, aBits, bBits int, signed bool, outBits int, o *chunkOut) {
	panic("errmap: outputsAsm without assembly")
}

// relWordAsm is never called in this build (relWord's vec is false).
func relWordAsm(vals *[64]uint64, errs uint64, ex0 *[4]int64, step int64, rel *[8]float64, maxRel float64, sq *[2]uint64) float64 {
	panic("errmap: relWordAsm without assembly")
}
