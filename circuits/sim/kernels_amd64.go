//go:build amd64 && gc && !purego && !noasm

package sim

import "github.com/klauspost/cpuid/v2"

//go:generate go run -C _asm -tags purego . -out ../kernels_amd64.s -stubs ../kernels_amd64_stubs.go -pkg sim

// platformKernels returns the amd64 kernels this CPU supports, chosen once
// at package initialisation: "avx2" when the CPU and OS support AVX2. No
// AVX-512 kernel is shipped (none has been validated on AVX-512 hardware).
func platformKernels() []Kernel {
	if cpuid.CPU.Supports(cpuid.AVX2) {
		return []Kernel{avx2Kernel{}}
	}
	return nil
}

// avx2Kernel runs programs with the generated assembly loop runAVX2
// (kernels_amd64.s): 256-bit VPAND/VPOR/VPXOR/VPANDN on 16 words per
// iteration, then 4-word and single-word tails, so any w >= 1 is handled
// in assembly.
type avx2Kernel struct{}

func (avx2Kernel) Name() string { return "avx2" }

// avx2Chunk is the number of instructions per assembly call. Go cannot
// preempt a goroutine inside assembly, so long programs are cut into
// chunks (about 0.1 ms each at w = 256) to keep GC pauses short.
const avx2Chunk = 4096

// Run computes what genericKernel.Run computes. The assembly checks every
// slot number against len(state)/w and stops before an instruction naming
// a slot outside state; the rest of the program then goes to the generic
// kernel, which fails (index out of range) or proceeds exactly as it would
// have on its own (for example when an unused source field is not 0).
func (avx2Kernel) Run(p *Program, state []uint64, w int) {
	if w <= 0 {
		return
	}
	nslots := len(state) / w
	for code := p.Code; len(code) > 0; {
		chunk := code[:min(len(code), avx2Chunk)]
		done := runAVX2(chunk, state, w, nslots)
		code = code[done:]
		if done < len(chunk) {
			rest := *p
			rest.Code = code
			genericKernel{}.Run(&rest, state, w)
			return
		}
	}
}
