//go:build amd64 && gc && !purego && !noasm

package lutgemm

import "github.com/klauspost/cpuid/v2"

//go:generate go run -C _asm . -out ../kernels_amd64.s -stubs ../kernels_stubs_amd64.go -pkg lutgemm

// platformKernels returns the amd64 kernels this CPU supports, chosen once
// at package initialisation, fastest last: "avx2" when the CPU and OS
// support AVX2 (VPGATHERDD, VPMOVZXBD on ymm), "avx512" when they also
// support AVX512F, BW and VL.
func platformKernels() []kernel {
	var ks []kernel
	if cpuid.CPU.Supports(cpuid.AVX2) {
		ks = append(ks, kernel{name: "avx2", lanes: 8, rows: lutRowsAVX2})
	}
	if cpuid.CPU.Supports(cpuid.AVX2, cpuid.AVX512F, cpuid.AVX512BW, cpuid.AVX512VL) {
		ks = append(ks, kernel{name: "avx512", lanes: 16, rows: lutRowsAVX512})
	}
	return ks
}
