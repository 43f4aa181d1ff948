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
	var p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15 float64
	n := len(a) &^ 15
	for i := 0; i < n; i += 16 {
		x, y := (*[16]float64)(a[i:i+16]), (*[16]float64)(b[i:i+16])
		p0, p1, p2, p3 = p0+float64(x[0]*y[0]), p1+float64(x[1]*y[1]), p2+float64(x[2]*y[2]), p3+float64(x[3]*y[3])
		p4, p5, p6, p7 = p4+float64(x[4]*y[4]), p5+float64(x[5]*y[5]), p6+float64(x[6]*y[6]), p7+float64(x[7]*y[7])
		p8, p9, p10, p11 = p8+float64(x[8]*y[8]), p9+float64(x[9]*y[9]), p10+float64(x[10]*y[10]), p11+float64(x[11]*y[11])
		p12, p13, p14, p15 = p12+float64(x[12]*y[12]), p13+float64(x[13]*y[13]), p14+float64(x[14]*y[14]), p15+float64(x[15]*y[15])
	}
	s := sum16(&[16]float64{p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15})
	for i := n; i < len(a); i++ {
		s += float64(a[i] * b[i])
	}
	return s
}

// dotI32Generic returns Σ_i float64(e[i])·w[i] over i < len(e) in the
// kernels' order. It panics (index out of range) when w is shorter than e.
func dotI32Generic(e []int32, w []float64) float64 {
	w = w[:len(e)]
	var p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15 float64
	n := len(e) &^ 15
	for i := 0; i < n; i += 16 {
		x, y := (*[16]int32)(e[i:i+16]), (*[16]float64)(w[i:i+16])
		p0, p1, p2, p3 = p0+float64(float64(x[0])*y[0]), p1+float64(float64(x[1])*y[1]), p2+float64(float64(x[2])*y[2]), p3+float64(float64(x[3])*y[3])
		p4, p5, p6, p7 = p4+float64(float64(x[4])*y[4]), p5+float64(float64(x[5])*y[5]), p6+float64(float64(x[6])*y[6]), p7+float64(float64(x[7])*y[7])
		p8, p9, p10, p11 = p8+float64(float64(x[8])*y[8]), p9+float64(float64(x[9])*y[9]), p10+float64(float64(x[10])*y[10]), p11+float64(float64(x[11])*y[11])
		p12, p13, p14, p15 = p12+float64(float64(x[12])*y[12]), p13+float64(float64(x[13])*y[13]), p14+float64(float64(x[14])*y[14]), p15+float64(float64(x[15])*y[15])
	}
	s := sum16(&[16]float64{p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15})
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
	var p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15 float64
	n := len(e) &^ 15
	for i := 0; i < n; i += 16 {
		x, y := (*[16]int32)(e[i:i+16]), (*[16]float64)(w[i:i+16])
		p0, p1, p2, p3 = p0+float64(float64((float64(x[0])-c)*(float64(x[0])-c))*y[0]), p1+float64(float64((float64(x[1])-c)*(float64(x[1])-c))*y[1]), p2+float64(float64((float64(x[2])-c)*(float64(x[2])-c))*y[2]), p3+float64(float64((float64(x[3])-c)*(float64(x[3])-c))*y[3])
		p4, p5, p6, p7 = p4+float64(float64((float64(x[4])-c)*(float64(x[4])-c))*y[4]), p5+float64(float64((float64(x[5])-c)*(float64(x[5])-c))*y[5]), p6+float64(float64((float64(x[6])-c)*(float64(x[6])-c))*y[6]), p7+float64(float64((float64(x[7])-c)*(float64(x[7])-c))*y[7])
		p8, p9, p10, p11 = p8+float64(float64((float64(x[8])-c)*(float64(x[8])-c))*y[8]), p9+float64(float64((float64(x[9])-c)*(float64(x[9])-c))*y[9]), p10+float64(float64((float64(x[10])-c)*(float64(x[10])-c))*y[10]), p11+float64(float64((float64(x[11])-c)*(float64(x[11])-c))*y[11])
		p12, p13, p14, p15 = p12+float64(float64((float64(x[12])-c)*(float64(x[12])-c))*y[12]), p13+float64(float64((float64(x[13])-c)*(float64(x[13])-c))*y[13]), p14+float64(float64((float64(x[14])-c)*(float64(x[14])-c))*y[14]), p15+float64(float64((float64(x[15])-c)*(float64(x[15])-c))*y[15])
	}
	s := sum16(&[16]float64{p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15})
	for i := n; i < len(e); i++ {
		s += sqDev(e[i], w[i], c)
	}
	return s
}

// sqDev returns ((float64(e) - c)²)·w, each operation rounded.
func sqDev(e int32, w, c float64) float64 {
	d := float64(e) - c
	return float64(float64(d*d) * w)
}

// statKernel is one implementation of the statistics kernels. Its methods
// call the kernels directly (not through function values, which would make
// every slice argument escape to the heap).
type statKernel struct {
	// name matches the simulator kernel it goes with ("generic", "avx2").
	name string
	// asm selects the platform's assembly kernels (dotAsm, ...).
	asm bool
	// chunk512 selects the AVX-512 metrics chunk kernel (chunkLanesAsm).
	chunk512 bool
}

// chunkLanes computes what chunkLanesGeneric computes.
func (k statKernel) chunkLanes(exact, approx []int64, o *chunkOut) {
	if k.chunk512 {
		chunkLanesAsm(exact, approx, o)
		return
	}
	chunkLanesGeneric(exact, approx, o)
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

// mcSum computes what mcSumGeneric computes.
func (k statKernel) mcSum(e []int32, tx, tw *aliasTable, kx, kw mcKey, g0 uint32, n int) int64 {
	if k.asm {
		return mcSumAsm(e, tx, tw, kx, kw, g0, n)
	}
	return mcSumGeneric(e, tx, tw, kx, kw, g0, n)
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
