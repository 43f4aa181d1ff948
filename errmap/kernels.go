package errmap

import "github.com/axmul/axmul/circuits/sim"

// The statistics kernels below are sums of n products in a fixed order, so
// that every implementation (generic Go here, AVX2 assembly in
// kernels_amd64.s) returns the same bits: product i of the first n &^ 15
// goes to partial sum p[i mod 16], the partial sums are combined by sum16,
// and the remaining n mod 16 products are added one at a time. Each product
// is rounded before it is added (the float64 conversions forbid the
// compiler to fuse a multiply and an add).

// sum16 combines 16 partial sums in the kernels' fixed order:
//
//	t[l] = (p[l] + p[4+l]) + (p[8+l] + p[12+l])
//	s    = (t[0] + t[2]) + (t[1] + t[3])
func sum16(p *[16]float64) float64 {
	var t [4]float64
	for l := range t {
		t[l] = (p[l] + p[4+l]) + (p[8+l] + p[12+l])
	}
	return (t[0] + t[2]) + (t[1] + t[3])
}

// dotGeneric returns Σ_i a[i]·b[i] over i < len(a) in the kernels' order.
// It panics (index out of range) when b is shorter than a.
func dotGeneric(a, b []float64) float64 {
	b = b[:len(a)]
	var p [16]float64
	n := len(a) &^ 15
	for i := 0; i < n; i += 16 {
		for l := range p {
			p[l] += float64(a[i+l] * b[i+l])
		}
	}
	s := sum16(&p)
	for i := n; i < len(a); i++ {
		s += float64(a[i] * b[i])
	}
	return s
}

// dotI32Generic returns Σ_i float64(e[i])·w[i] over i < len(e) in the
// kernels' order. It panics (index out of range) when w is shorter than e.
func dotI32Generic(e []int32, w []float64) float64 {
	w = w[:len(e)]
	var p [16]float64
	n := len(e) &^ 15
	for i := 0; i < n; i += 16 {
		for l := range p {
			p[l] += float64(float64(e[i+l]) * w[i+l])
		}
	}
	s := sum16(&p)
	for i := n; i < len(e); i++ {
		s += float64(float64(e[i]) * w[i])
	}
	return s
}

// sqDevI32Generic returns Σ_i ((float64(e[i]) - c)²)·w[i] over i < len(e)
// in the kernels' order; each term is d := float64(e[i]) - c, then d·d,
// then that times w[i], each rounded. It panics (index out of range) when w
// is shorter than e.
func sqDevI32Generic(e []int32, w []float64, c float64) float64 {
	w = w[:len(e)]
	var p [16]float64
	n := len(e) &^ 15
	for i := 0; i < n; i += 16 {
		for l := range p {
			d := float64(e[i+l]) - c
			p[l] += float64(float64(d*d) * w[i+l])
		}
	}
	s := sum16(&p)
	for i := n; i < len(e); i++ {
		d := float64(e[i]) - c
		s += float64(float64(d*d) * w[i])
	}
	return s
}

// statKernel is one implementation of the statistics kernels. Its methods
// call the kernels directly (not through function values, which would make
// every slice argument escape to the heap).
type statKernel struct {
	// name matches the simulator kernel it goes with ("generic", "avx2").
	name string
	// asm selects the platform's assembly kernels (dotAsm, ...).
	asm bool
}

// dot computes what dotGeneric computes.
func (k statKernel) dot(a, b []float64) float64 {
	if k.asm {
		return dotAsm(a, b)
	}
	return dotGeneric(a, b)
}

// dotI32 computes what dotI32Generic computes.
func (k statKernel) dotI32(e []int32, w []float64) float64 {
	if k.asm {
		return dotI32Asm(e, w)
	}
	return dotI32Generic(e, w)
}

// sqDevI32 computes what sqDevI32Generic computes.
func (k statKernel) sqDevI32(e []int32, w []float64, c float64) float64 {
	if k.asm {
		return sqDevI32Asm(e, w, c)
	}
	return sqDevI32Generic(e, w, c)
}

// statKernels lists the statistics kernels, generic first and fastest
// last; it is fixed at package initialisation.
var statKernels = append([]statKernel{{name: "generic"}}, platformStatKernels()...)

// statKernelNamed returns the statistics kernel called name, or the
// generic one when there is none.
func statKernelNamed(name string) statKernel {
	for _, k := range statKernels {
		if k.name == name {
			return k
		}
	}
	return statKernels[0]
}

// currentStatKernel returns the statistics kernel named like the
// simulator's current kernel (sim.CurrentKernel: sim.SetKernel, else the
// AXMUL_KERNEL variable, else the fastest available), or the generic one
// when that name cannot be resolved or has no statistics kernel.
func currentStatKernel() statKernel {
	name, err := sim.CurrentKernel()
	if err != nil {
		return statKernels[0]
	}
	return statKernelNamed(name)
}
